// Typed answers to the Quectel test commands (AT+QMT*=?, §3.3), one decoder per documented answer, every
// element typed against the command's parameters with the AT core's test_element (at/test_answer.hpp):
//
//     auto o = quectel::decode_open_test(ev);   // ev: the line "+QMTOPEN: (0-5),\"hostname\",(1-65535)"
//     o->client_idx.highest() == 5;  o->host_name.text == "hostname";  o->port.contains(1883)
//     auto p = quectel::decode_pubex_test(ev);  // "+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\""
//     p->packet_id.kind == at::element_kind::placeholder;  p->length.text == "length"
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
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>

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

inline constexpr std::size_t max_test_elements = 8;
struct test_elements { test_element at[max_test_elements] = {}; };

// The `elements` elements of c's test answer, typed against c's parameters in order.
constexpr result<test_elements> read_test(bytes line, const at::command& c, std::size_t elements) noexcept {
    result<at::prefixed_line> p = at::split_prefix(line, lexical);
    if (!p || !at::is_response_prefix(c, at::canonical_prefix(prefix_aliases, p->name))) return {errc::at_unknown_response, 0};
    result<at::decoded_line<max_test_elements>> r = at::decode_test_response<max_test_elements>(
        c, std::string_view(p->name.data(), p->name.size()), line, lexical);
    if (!r) return {r.error(), r.offset()};
    if (r->count > elements) return {errc::at_too_many_fields, r->values[elements].offset};
    if (r->count < elements) return {errc::at_missing_field, line.size()};
    test_elements out{};
    for (std::size_t k = 0; k < elements; ++k) {
        result<test_element> e = at::test_element_of(r->values[k], c.params[k], lexical, at::quoted_integer::placeholder);
        if (!e) return {e.error(), e.offset()};
        if (!e->present()) return {errc::at_missing_field, r->values[k].offset};
        out.at[k] = *e;
    }
    return out;
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
constexpr result<cfg_test_response> decode_cfg_test(const at::event& ev) noexcept {
    const bytes line = ev.text;
    result<at::prefixed_line> p = at::split_prefix(line, lexical);
    if (!p || p->name != bytes("+QMTCFG")) return {errc::at_unknown_response, 0};
    at::field_reader fields(p->params, lexical, p->params_offset);
    result<at::field> sel = fields.next();
    if (!sel) return {sel.error(), sel.offset()};
    for (std::size_t i = line_cfg_version; i <= line_cfg_protocol_check; ++i) {
        const at::command& c = detail::cfg_item_command(i);
        if (!at::detail::equal_nocase(sel->text, c.selector)) continue;  // the manual's "SSL" vs "ssl"
        result<detail::test_elements> r = detail::read_test(line, c, c.params.size());
        if (!r) return {r.error(), r.offset()};
        cfg_test_response out{static_cast<line_index>(i), r->at[0], {}};
        for (std::size_t k = 1; k < c.params.size(); ++k) out.values[k - 1] = r->at[k];
        return out;
    }
    return {errc::at_invalid_enum, sel->offset};
}

namespace detail {
// The answer of command C as T, whose members are its elements in order; with `group`, the last element
// must be the manual's `list of [...]` placeholder (a bare topic there would be one example topic, not
// the group: at_type_mismatch).
template <class T, const at::command& C, bool group, std::size_t... I>
constexpr result<T> answer_from(const at::event& ev, std::index_sequence<I...>) noexcept {
    result<test_elements> r = read_test(ev.text, C, sizeof...(I));
    if (!r) return {r.error(), r.offset()};
    const test_element& last = r->at[sizeof...(I) - 1];
    if (group && last.kind != element_kind::placeholder) return {errc::at_type_mismatch, last.offset};
    return T{r->at[I]...};
}
template <class T, const at::command& C, std::size_t N, bool group = false>
constexpr result<T> answer_as(const at::event& ev) noexcept {
    return answer_from<T, C, group>(ev, std::make_index_sequence<N>{});
}
}  // namespace detail

inline constexpr auto& decode_open_test = detail::answer_as<open_test_response, cmd::qmtopen, 3>;
inline constexpr auto& decode_close_test = detail::answer_as<client_test_response, cmd::qmtclose, 1>;  // or +QMTCCLOSE:
inline constexpr auto& decode_disc_test = detail::answer_as<client_test_response, cmd::qmtdisc, 1>;
inline constexpr auto& decode_conn_test = detail::answer_as<conn_test_response, cmd::qmtconn, 4>;
inline constexpr auto& decode_sub_test = detail::answer_as<sub_test_response, cmd::qmtsub, 3, true>;
inline constexpr auto& decode_uns_test = detail::answer_as<sub_test_response, cmd::qmtuns, 3, true>;
inline constexpr auto& decode_pubex_test = detail::answer_as<pubex_test_response, cmd::qmtpubex, 6>;

}  // namespace quectel
ATMQTT_END_NAMESPACE
