// The Quectel LTE Standard(A) MQTT dialect (namespace atmqtt::quectel): the constexpr grammar, typed
// commands with encode(), typed responses and URCs with classify() / decode_*(), AT+QMTCFG query answers
// (any query answer through its row: at::decode(grammar, ev), at::decode_with), the test (=?) answers' table data
// for at::decode_test_answer, and the text / hex data formats.
#pragma once

#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/quectel/commands.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/payload.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>
#include <atmqtt/dialect/quectel/test_responses.hpp>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {
// The tokenizer with this dialect's payload rules and syntax fixed at compile time: it links no code for
// what the dialect does not use (at/tokenizer.hpp, fixed_rules). `quectel::tokenizer<256> tok;`
template <std::size_t LineCapacity>
using tokenizer = at::tokenizer<LineCapacity, at::fixed_rules<payload_rule_span, lexical>>;
}  // namespace quectel
ATMQTT_END_NAMESPACE
