// The China Mobile IoT OneMO MQTT dialect (AT+MQTTCFG, AT+MQTTCONN, AT+MQTTSUB, AT+MQTTUNSUB, AT+MQTTPUB,
// AT+MQTTREAD, AT+MQTTSTATE, AT+MQTTDISC and +MQTTURC), namespace atmqtt::onemo:
//   grammar.hpp     the constexpr table: commands, responses, URCs, final aliases, error codes 600-649
//   models.hpp      per-model limits (connect_id range, topic / message lengths, features)
//   payload.hpp     the "encoding" modes: message text and <msg_len> per input format, hex output
//   commands.hpp    typed command structs bound to their rows and constexpr encode() / encoded_size()
//   responses.hpp   typed URC and response decoding
//   test_responses.hpp  the AT+MQTTCFG=? and AT+MQTTCONN=? answers, typed
//   reassembly.hpp  joining "publish" URCs split by the modem, into a caller's buffer
// Notes on how the manual was read: docs/dialect-notes/onemo.md; reference: docs/dialects/onemo.md.
#pragma once

#include <atmqtt/dialect/onemo/commands.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/onemo/models.hpp>
#include <atmqtt/dialect/onemo/payload.hpp>
#include <atmqtt/dialect/onemo/reassembly.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>
#include <atmqtt/dialect/onemo/test_responses.hpp>
