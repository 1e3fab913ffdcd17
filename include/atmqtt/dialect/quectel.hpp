// The Quectel LTE Standard(A) MQTT dialect (namespace atmqtt::quectel): the constexpr grammar, typed
// commands with encode(), typed responses and URCs with identify() / decode_*().
#pragma once

#include <atmqtt/dialect/quectel/commands.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>
