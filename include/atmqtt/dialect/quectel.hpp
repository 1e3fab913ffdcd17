// The Quectel LTE Standard(A) MQTT dialect (namespace atmqtt::quectel): the constexpr grammar, typed
// commands with encode(), typed responses and URCs with classify() / decode_*(), typed
// AT+QMTCFG / AT+QSSLCFG query answers, typed test (=?) answers and the text / hex data formats.
#pragma once

#include <atmqtt/dialect/quectel/commands.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/payload.hpp>
#include <atmqtt/dialect/quectel/query_answers.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>
#include <atmqtt/dialect/quectel/test_responses.hpp>
