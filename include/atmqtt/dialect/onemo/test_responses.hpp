// Typed decoding of the two test answers the manual documents (§3.1 AT+MQTTCFG=?, §3.2 AT+MQTTCONN=?),
// read with the core's at::decode_test_response and checked against the commands' parameters:
//
//     onemo::cfg_test_response t;   // caller storage: the decoders return a status
//     onemo::decode_cfg_test(at::line_event("+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3)"), t);
//     t.item == onemo::cfg_item::retrans;  t.values[0].lowest() == 20;  t.values[1].contains(3)
//     onemo::decode_conn_test(at::line_event("+MQTTCONN: <connect_id>, <host>, <port>, ..."), c);
//
// An element is a parenthesised integer list ("(0-5)", "(0,1)", "(60-86400)"; each item a number or a
// range low-high / low~high with low <= high), a placeholder as the manual prints them ("<host>", and its
// generic "(list of supported <version>s)"), text (a string parameter: "\"host\"", bare) or left empty
// (the "willpayload" line ends ",,": no ranges for strings), which reads as absent.
// Decisions (the manual's AT+MQTTCFG=? block is garbled, docs/dialect-notes/onemo.md):
// - one +MQTTCFG line per item, "query" has none; values follow the item's set-form parameters in order;
// - "reconn" with a single value is <mode> (the manual's line lists only <mode>s);
// - an integer parameter printed as bare or quoted text is at_type_mismatch; a list item that is not a
//   number at_invalid_integer; an empty item, a missing bound or low > high at_invalid_range.
// No other AT+MQTT* test form is documented; the grammar has none.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

// The element types are the AT core's (at/test_answer.hpp), under the names this header always had.
using element_kind = at::element_kind;
using test_element = at::test_element;

// +MQTTCFG: "<item>",<connect_ids>[,<values>...]: one line of the answer to AT+MQTTCFG=?.
struct cfg_test_response {
    cfg_item item = cfg_item::version;
    test_element connect_id{};
    test_element values[3] = {};  // by the item's parameter after <connect_id> (absent past them)
};

// +MQTTCONN: <connect_id>,<host>,<port>,<clientid>,<user>,<passwd>: the answer to AT+MQTTCONN=?.
struct conn_test_response {
    test_element connect_id{}, host{}, port{}, clientid{}, user{}, passwd{};
};

// commands[1 + i] is the set form of cfg_item i.
static_assert(commands[1].selector == "version" && commands[13].selector == "reconn", "the items in cfg_item order");

// One line of the answer to AT+MQTTCFG=?. Errors: at_unknown_response (another prefix), at_invalid_enum
// (an unknown item, "query" included), at_missing_field (no <connect_id> element), at_too_many_fields,
// and the element errors above. Each item's form is tried in turn: another item's fails at the item.
constexpr status decode_cfg_test(const at::event& ev, cfg_test_response& out) noexcept {
    const bytes line = ev.text;
    std::size_t item_at = 0;
    out = cfg_test_response{};
    test_element* const slots[] = {&out.connect_id, &out.values[0], &out.values[1], &out.values[2]};
    for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(cfg_item::reconn); ++i) {
        const at::command& c = commands[1 + i];
        // "reconn" as the manual prints it: (connect_ids),(modes).
        result<std::size_t> n = at::read_test_answer(c, "+MQTTCFG", line, lexical, at::quoted_integer::mismatch,
                                                     span<test_element* const>(slots, c.params.size()),
                                                     c.selector == "reconn" ? 2 : 0);
        if (!n && n.error() == errc::at_invalid_enum) {
            item_at = n.offset();
            continue;
        }
        if (!n) return {n.error(), n.offset()};
        if (!out.connect_id.present()) return {errc::at_missing_field, *n == 0 ? line.size() : out.connect_id.offset};
        out.item = static_cast<cfg_item>(i);
        return {};
    }
    return {errc::at_invalid_enum, item_at};
}

// The answer to AT+MQTTCONN=?. <connect_id> and <host> are required (at_missing_field), the rest may be
// left out; more than six elements is at_too_many_fields.
constexpr status decode_conn_test(const at::event& ev, conn_test_response& out) noexcept {
    const bytes line = ev.text;
    out = conn_test_response{};
    test_element* const slots[] = {&out.connect_id, &out.host, &out.port, &out.clientid, &out.user, &out.passwd};
    result<std::size_t> n = at::read_test_answer(cmd::mqttconn, "+MQTTCONN", line, lexical,
                                                 at::quoted_integer::mismatch, slots);
    if (!n) return {n.error(), n.offset()};
    if (!out.connect_id.present()) return {errc::at_missing_field, *n < 2 ? line.size() : out.connect_id.offset};
    if (!out.host.present()) return {errc::at_missing_field, *n < 2 ? line.size() : out.host.offset};
    return {};
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
