// The RisingHF LTE-module MQTT dialect (AT+IMQTTMODE ... AT+IMQTTRECV, +IMQTTCONN, +IMQTTRCVPUB,
// +IMQTTCOUNT and the late results), namespace atmqtt::risinghf:
//   grammar.hpp   the constexpr table: commands, responses, late results, URCs, lexical tolerances
//   commands.hpp  typed command structs and constexpr encode() / encoded_size()
//   responses.hpp typed decoding of every response, late result and URC (at/bind.hpp)
//   aliyun.hpp    the dynamic-registration answers turned into the commands the manual sends next
// Notes on how the manual was read: docs/dialect-notes/risinghf.md; reference: docs/dialects/risinghf.md.
#pragma once

#include <atmqtt/dialect/risinghf/aliyun.hpp>
#include <atmqtt/dialect/risinghf/commands.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/risinghf/responses.hpp>
