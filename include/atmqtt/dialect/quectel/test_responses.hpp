// Typed answers to the Quectel test commands (AT+QMT*=?, §3.3), one decoder per documented answer, every
// element typed against the command's parameters with the AT core's test_element (at/test_answer.hpp):
//
//     quectel::open_test_response o;  // caller storage: the decoders return a status
//     quectel::decode_open_test(ev, o);  // ev: the line "+QMTOPEN: (0-5),\"hostname\",(1-65535)"
//     o.client_idx.highest() == 5;  o.host_name.text == "hostname";  o.port.contains(1883)
//     quectel::decode_pubex_test(ev, p);  // "+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\""
//     p.packet_id.kind == at::element_kind::placeholder;  p.length.text == "length"
//
// Quectel's conventions, as the manual prints them: a quoted word in an integer's place is a placeholder
// ("length"), like <msgid>; `list of ["topic",qos]` stands for QMTSUB's repeated topic/QoS group and
// `list of ["topic"]` for QMTUNS's. Every element the manual prints is required (at_missing_field at the
// line end, or at an empty element), more is at_too_many_fields. AT+QMTRECV=? answers only OK.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

using at::element_kind;
using at::test_element;

// +QMTCFG: "<item>",(<client_idx> range)[,<values>...]: one line of the answer to AT+QMTCFG=?.
struct cfg_test_response {
    line_index item = line_cfg_version;  // the item's query-answer row (line_cfg_*)
    test_element client_idx{};
    test_element values[5] = {};  // the item's parameters after <client_idx>, in order (absent past them)
};
struct open_test_response { test_element client_idx, host_name, port; };
struct client_test_response { test_element client_idx; };  // AT+QMTCLOSE=? (+QMTCCLOSE:) and AT+QMTDISC=?
struct conn_test_response { test_element client_idx, clientid, username, password; };
struct sub_test_response { test_element client_idx, packet_id, topics; };  // topics: the `list of [...]` group
struct pubex_test_response { test_element client_idx, packet_id, qos, retain, topic, length; };

namespace detail {

// The answer of c into slots (one per parameter of c, reset first), every element present; with `group`,
// the last must be the manual's `list of [...]` placeholder (a bare topic there would be one example topic,
// not the group: at_type_mismatch).
constexpr status read_test(bytes line, const at::command& c, span<test_element* const> slots, bool group = false) noexcept {
    for (test_element* e : slots) *e = test_element{};
    result<at::prefixed_line> p = at::split_prefix(line, lexical);
    if (!p || !at::is_response_prefix(c, at::canonical_prefix(prefix_aliases, p->name))) return {errc::at_unknown_response, 0};
    result<std::size_t> n = at::read_test_answer(c, std::string_view(p->name.data(), p->name.size()), line, lexical,
                                                 at::quoted_integer::placeholder, slots);
    if (!n) return {n.error(), n.offset()};
    if (*n < slots.size()) return {errc::at_missing_field, line.size()};
    for (const test_element* e : slots)
        if (!e->present()) return {errc::at_missing_field, e->offset};
    const test_element& last = *slots[slots.size() - 1];
    if (group && last.kind != element_kind::placeholder) return {errc::at_type_mismatch, last.offset};
    return {};
}

// The AT+QMTCFG item commands in line_index order (grammar.hpp lists them so in commands[]).
constexpr const at::command& cfg_item_command(std::size_t i) noexcept { return commands[1 + i]; }
constexpr bool cfg_items_aligned() noexcept {
    for (std::size_t i = line_cfg_version; i <= line_cfg_protocol_check; ++i)
        if (cfg_item_command(i).selector != lines[i].selector) return false;
    return true;
}
static_assert(cfg_items_aligned(), "commands[1..19] must be the AT+QMTCFG items in line_index order");

}  // namespace detail

// One line of the answer to AT+QMTCFG=?. Errors: at_unknown_response (another prefix), at_invalid_enum
// (an unknown item, at its offset), at_missing_field / at_too_many_fields, and the element errors.
constexpr status decode_cfg_test(const at::event& ev, cfg_test_response& out) noexcept {
    const bytes line = ev.text;
    result<at::prefixed_line> p = at::split_prefix(line, lexical);
    if (!p || p->name != bytes("+QMTCFG")) return {errc::at_unknown_response, 0};
    at::field_reader fields(p->params, lexical, p->params_offset);
    result<at::field> sel = fields.next();
    if (!sel) return {sel.error(), sel.offset()};
    for (std::size_t i = line_cfg_version; i <= line_cfg_protocol_check; ++i) {
        const at::command& c = detail::cfg_item_command(i);
        if (!at::detail::equal_nocase(sel->text, c.selector)) continue;  // the manual's "SSL" vs "ssl"
        out = {static_cast<line_index>(i), {}, {}};
        test_element* const slots[] = {&out.client_idx, &out.values[0], &out.values[1], &out.values[2],
                                       &out.values[3], &out.values[4]};
        return detail::read_test(line, c, span<test_element* const>(slots, c.params.size()));
    }
    return {errc::at_invalid_enum, sel->offset};
}

constexpr status decode_open_test(const at::event& ev, open_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx, &out.host_name, &out.port};
    return detail::read_test(ev.text, cmd::qmtopen, e);
}
constexpr status decode_close_test(const at::event& ev, client_test_response& out) noexcept {  // or +QMTCCLOSE:
    test_element* const e[] = {&out.client_idx};
    return detail::read_test(ev.text, cmd::qmtclose, e);
}
constexpr status decode_disc_test(const at::event& ev, client_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx};
    return detail::read_test(ev.text, cmd::qmtdisc, e);
}
constexpr status decode_conn_test(const at::event& ev, conn_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx, &out.clientid, &out.username, &out.password};
    return detail::read_test(ev.text, cmd::qmtconn, e);
}
constexpr status decode_sub_test(const at::event& ev, sub_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx, &out.packet_id, &out.topics};
    return detail::read_test(ev.text, cmd::qmtsub, e, true);
}
constexpr status decode_uns_test(const at::event& ev, sub_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx, &out.packet_id, &out.topics};
    return detail::read_test(ev.text, cmd::qmtuns, e, true);
}
constexpr status decode_pubex_test(const at::event& ev, pubex_test_response& out) noexcept {
    test_element* const e[] = {&out.client_idx, &out.packet_id, &out.qos, &out.retain, &out.topic, &out.length};
    return detail::read_test(ev.text, cmd::qmtpubex, e);
}

}  // namespace quectel
ATMQTT_END_NAMESPACE
