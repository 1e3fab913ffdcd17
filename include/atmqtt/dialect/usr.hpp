// The USR ASR1606 MQTT dialect (WH-GM5TF, WH-GM800TF, WH-LTE-7S0/7S1), after the "1606 series MQTT
// guide" V1.0.1. USR differs from the other vendors: the module is configured with AT commands, saved
// with AT+S (it reboots), then connects by itself and moves MQTT data over the serial port in a data
// mode that is not AT at all.
//   usr/grammar.hpp    the constexpr table: commands, responses, lexical options
//   usr/commands.hpp   typed set-form structs bound to their rows; encode(c), encode(test(cmd::x)) / read / execute
//   usr/responses.hpp  typed answers bound to their rows (at::row_binding), test ranges
//   usr/data_mode.hpp  transparent and distribution frames (written by encode(frame)), the +++ / a / a / +ok escape
//   usr/session.hpp    session_decoder: a configuration session (echo, responses, rows, finals, a / +ok),
//                      each line classified once by the AT core; decode_as<T>(ev) for its typed answer
#pragma once

#include <atmqtt/dialect/usr/commands.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>
#include <atmqtt/dialect/usr/responses.hpp>
#include <atmqtt/dialect/usr/session.hpp>
