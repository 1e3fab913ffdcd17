// How the Quectel manual prints the answers to the test commands (AT+QMT*=?, §3.3): table data for the AT
// core's one test-answer decoder (at/test_answer.hpp), every element typed against the command's parameters:
//
//     at::test_answer o;  // caller storage: the decoder returns a status
//     at::decode_test_answer(quectel::test_answers, quectel::cmd::qmtopen, ev, o);  // "+QMTOPEN: (0-5),\"hostname\",(1-65535)"
//     o.elements[0].high == 5;  o.elements[1].text == "hostname";  o.elements[2].contains(1883)
//     at::decode_test_answer(quectel::test_answers, quectel::cmd::qmtcfg, ev, c);  // one line of AT+QMTCFG=?
//     c.cmd: the item's command (commands[1 + line_cfg_*], the items in their query answers' order)
//
// Quectel's conventions, as the manual prints them: a quoted word in an integer's place is a placeholder
// ("length"), like <msgid>; `list of ["topic",qos]` stands for QMTSUB's repeated topic/QoS group and
// `list of ["topic"]` for QMTUNS's. Every element the manual prints is required (at_missing_field at the
// line end, or at an empty element), more is at_too_many_fields. AT+QMTCLOSE=? may answer +QMTCCLOSE:.
// AT+QMTRECV=? answers only OK.
#pragma once

#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

// The AT+QMTCFG items, in the order of their query answers (line_cfg_version..line_cfg_protocol_check).
inline constexpr span<const at::command> cfg_items(commands + 1, line_cfg_protocol_check - line_cfg_version + 1);
inline constexpr at::test_answer_rules test_answers{&grammar, cfg_items, at::quoted_integer::placeholder, true, {}};

}  // namespace quectel
ATMQTT_END_NAMESPACE
