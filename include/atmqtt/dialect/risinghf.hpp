// The RisingHF LTE-module MQTT dialect (AT+IMQTTMODE ... AT+IMQTTRECV, +IMQTTCONN, +IMQTTRCVPUB,
// +IMQTTCOUNT and the late results), namespace atmqtt::risinghf:
//   grammar.hpp   the constexpr table: commands, responses, late results, URCs, lexical tolerances
//   commands.hpp  typed command structs and constexpr encode() / encoded_size()
//   responses.hpp typed decoding of every response, late result and URC (at/bind.hpp)
//   aliyun.hpp    the dynamic-registration answers turned into the commands the manual sends next
// Notes on how the manual was read: docs/dialect-notes/risinghf.md; reference: docs/dialects/risinghf.md.
#pragma once

#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/risinghf/aliyun.hpp>
#include <atmqtt/dialect/risinghf/commands.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/risinghf/responses.hpp>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {
// The tokenizer with this dialect's payload rules and syntax fixed at compile time: it links no code for
// what the dialect does not use (at/tokenizer.hpp, fixed_rules). `risinghf::tokenizer<256> tok;`
template <std::size_t LineCapacity>
using tokenizer = at::tokenizer<LineCapacity, at::fixed_rules<payload_rule_span, lexical>>;
}  // namespace risinghf
ATMQTT_END_NAMESPACE
