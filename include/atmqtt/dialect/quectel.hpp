// The Quectel LTE Standard(A) MQTT dialect (namespace atmqtt::quectel): the constexpr grammar, typed
// commands with encode(), typed responses and URCs with classify() / decode_*(), AT+QMTCFG query answers
// (any query answer through its row: at::decode(grammar, ev), at::decode_with), the test (=?) answers' table data
// for at::decode_test_answer, and the text / hex data formats.
#pragma once

#include <atmqtt/dialect/quectel/commands.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/payload.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>
#include <atmqtt/dialect/quectel/test_responses.hpp>
