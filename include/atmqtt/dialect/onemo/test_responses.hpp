// How the OneMO manual prints the two test answers it documents (§3.1 AT+MQTTCFG=?, §3.2 AT+MQTTCONN=?):
// table data for the AT core's one test-answer decoder (at/test_answer.hpp):
//
//     at::test_answer t;   // caller storage: the decoder returns a status
//     at::decode_test_answer(onemo::test_answers, onemo::cmd::mqttcfg, at::line_event("+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3)"), t);
//     t.cmd == &onemo::cfg_items[static_cast<int>(onemo::cfg_item::retrans)];  t.elements[1].low == 20
//     at::decode_test_answer(onemo::test_answers, onemo::cmd::mqttconn, at::line_event("+MQTTCONN: <connect_id>, <host>, ..."), c);
//
// An element is a parenthesised integer list ("(0-5)", "(0,1)", "(60-86400)"), a placeholder as the manual
// prints them ("<host>", and its generic "(list of supported <version>s)"), text (a string parameter) or
// left empty (the "willpayload" line ends ",,": no ranges for strings), which reads as absent.
// Decisions (the manual's AT+MQTTCFG=? block is garbled, docs/dialect-notes/onemo.md):
// - one +MQTTCFG line per item, "query" has none; values follow the item's set-form parameters in order;
// - "reconn" with a single value is <mode> (the manual's line lists only <mode>s);
// - only the leading required parameters must be printed (<connect_id>; AT+MQTTCONN's <host> too);
// - an integer parameter printed as bare or quoted text is at_type_mismatch.
#pragma once

#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

inline constexpr at::test_answer_rules test_answers{&grammar, cfg_items, at::quoted_integer::mismatch, false, "reconn"};

}  // namespace onemo
ATMQTT_END_NAMESPACE
