// Typed Quectel responses, deferred results and URCs: identify(line) names the table row a line
// belongs to, decode_<row>() reads it into a struct with the manual's field names, every field checked
// against the table (range, length, arity). Strings and payloads are views into the line.
//
// Lines that share a prefix are told apart by shape (the tested rules):
// - +QMTRECV: a quoted third field is a message (<client_idx>,<msgid>,"<topic>"[,<payload_len>],<payload>);
//   six integers are the AT+QMTRECV? status; two or three integers are the buffered-message notice
//   <client_idx>,<recv_id>[,<payload_len>].
// - +QMTOPEN: a quoted second field is the AT+QMTOPEN? answer, otherwise the deferred <result>.
// - +QMTCONN: "0,3" could be the read answer <state> or a result without <ret_code>; the caller says
//   which form it sent (after_read), the default is the deferred result of the set form.
// - +QMTCLOSE: and the manual's +QMTCCLOSE: are the same result.
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

// <result> of +QMTOPEN (§3.3.2).
enum class open_result_code : std::int8_t {
    failed = -1, opened = 0, wrong_parameter = 1, identifier_occupied = 2, pdp_activation_failed = 3,
    domain_resolution_failed = 4, network_disconnected = 5,
};
// <result> of +QMTCONN, +QMTSUB, +QMTUNS, +QMTPUBEX: sent and acknowledged, retransmitted, failed.
enum class send_result : std::uint8_t { acknowledged = 0, retransmitted = 1, failed = 2 };
// <ret_code> of +QMTCONN: the CONNACK return code.
enum class connack_code : std::uint8_t {
    accepted = 0, bad_protocol_version = 1, identifier_rejected = 2, server_unavailable = 3,
    bad_user_name_or_password = 4, not_authorized = 5,
};
// <state> of AT+QMTCONN?.
enum class conn_state_code : std::uint8_t { initializing = 1, connecting = 2, connected = 3, disconnecting = 4 };

struct open_result { std::int32_t client_idx; open_result_code result; };
struct open_state { std::int32_t client_idx; bytes host_name; std::int32_t port; };
struct close_result { std::int32_t client_idx; std::int32_t result; };  // -1 failed, 0 closed
struct conn_result { std::int32_t client_idx; send_result result; std::optional<connack_code> ret_code; };
struct conn_state { std::int32_t client_idx; conn_state_code state; };
struct disc_result { std::int32_t client_idx; std::int32_t result; };   // -1 failed, 0 disconnected
// +QMTSUB / +QMTUNS: <value> is the granted-QoS vector when result is acknowledged (granted_qos),
// the retransmission count when retransmitted, absent when failed.
struct sub_result {
    std::int32_t client_idx;
    std::int32_t msgid;
    send_result result;
    std::uint8_t granted_count;                 // entries of granted_qos
    std::uint8_t granted_qos[detail::max_topics];
    std::optional<std::int32_t> retransmit_count;
};
struct pubex_result {
    std::int32_t client_idx;
    std::int32_t msgid;
    send_result result;
    std::optional<std::int32_t> retransmit_count;  // only when result is retransmitted
};
struct recv_message {
    std::int32_t client_idx;
    std::int32_t msgid;
    bytes topic;
    std::optional<std::int32_t> payload_len;  // present when msg_len_enable = 1
    bytes payload;                            // without quotes; hex digits in hex receive mode (hex_decode)
};
struct recv_notice { std::int32_t client_idx; std::int32_t recv_id; std::optional<std::int32_t> payload_len; };
struct recv_status { std::int32_t client_idx; std::uint8_t store_status[5]; };
struct qmtstat { std::int32_t client_idx; std::int32_t err_code; };
struct qmtping { std::int32_t client_idx; std::int32_t result; };  // 1: failure
struct fupl_result { std::int32_t upload_size; bytes checksum; };
namespace detail {
inline constexpr std::size_t max_line_fields = 24;
// The checked values of one line, in wire order: integers parsed, strings as views without quotes.
struct line_fields {
    std::int64_t integer[max_line_fields] = {};
    bytes text[max_line_fields] = {};
    std::uint8_t count = 0;  // values present
};
}  // namespace detail

// A +QMTCFG query answer: the item's row and its checked fields (indexes as in the row).
struct cfg_answer { line_index row; detail::line_fields fields; };

// The +QMTSTAT err_code entry with its recommended action (Table 4).
constexpr result<at::error_entry> describe(const qmtstat& s) noexcept { return at::find_error(errors, s.err_code); }

// What the caller last sent, for the one ambiguity only it can resolve (+QMTCONN: <a>,<b>).
enum class context : std::uint8_t { none, after_read };

// The table row of a Quectel line, or at_unknown_response: the AT core's classifier (at/classify.hpp)
// over the table. Rows of one prefix are told apart by their fields (a +QMTCONN "0,3" is the read answer:
// 3 is no connect <result>); with after_read the rows marked answers_read_form() are tried first.
constexpr result<line_index> identify(bytes line, context ctx = context::none) noexcept {
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = line;
    result<std::size_t> i = at::classify<detail::max_line_fields>(
        lines, line_order, ev, lexical, prefix_aliases, ctx == context::after_read ? at::form::read : at::form::execute);
    if (!i) return {i.error(), i.offset()};
    return static_cast<line_index>(*i);
}

namespace detail {
// Checks a line against row `i` with the AT core's table-driven decoder (at/decode.hpp) and keeps the
// present values in wire order (the selector is not among them).
constexpr result<line_fields> read_row(const at::event& ev, line_index i) noexcept {
    result<at::decoded_line<max_line_fields>> d =
        at::decode_with<max_line_fields>(lines[i], ev, lexical, prefix_aliases);
    if (!d) return {d.error(), d.offset()};
    line_fields out{};
    for (const at::field_value& v : d->fields()) {
        if (!v.present()) break;
        out.integer[out.count] = v.number;
        out.text[out.count] = v.text;
        ++out.count;
    }
    return out;
}
constexpr result<line_fields> read_row(bytes line, line_index i) noexcept {
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = line;
    return read_row(ev, i);
}
constexpr std::int32_t i32(const line_fields& f, std::size_t i) noexcept { return static_cast<std::int32_t>(f.integer[i]); }
constexpr std::optional<std::int32_t> opt(const line_fields& f, std::size_t i) noexcept {
    return f.count > i ? std::optional<std::int32_t>(i32(f, i)) : std::nullopt;
}
}  // namespace detail

#define ATMQTT_QUECTEL_DECODER(name, type, row, ...)                    \
    constexpr result<type> name(bytes line) noexcept {                  \
        result<detail::line_fields> r = detail::read_row(line, row);    \
        if (!r) return {r.error(), r.offset()};                         \
        const detail::line_fields& f = *r;                              \
        __VA_ARGS__                                                     \
    }

ATMQTT_QUECTEL_DECODER(decode_open_result, open_result, line_open_result,
                       return open_result{detail::i32(f, 0), static_cast<open_result_code>(f.integer[1])};)
ATMQTT_QUECTEL_DECODER(decode_open_state, open_state, line_open_state,
                       return open_state{detail::i32(f, 0), f.text[1], detail::i32(f, 2)};)
ATMQTT_QUECTEL_DECODER(decode_close_result, close_result, line_close_result,
                       return close_result{detail::i32(f, 0), detail::i32(f, 1)};)
ATMQTT_QUECTEL_DECODER(decode_conn_state, conn_state, line_conn_state,
                       return conn_state{detail::i32(f, 0), static_cast<conn_state_code>(f.integer[1])};)
ATMQTT_QUECTEL_DECODER(decode_disc_result, disc_result, line_disc_result,
                       return disc_result{detail::i32(f, 0), detail::i32(f, 1)};)
ATMQTT_QUECTEL_DECODER(decode_recv_notice, recv_notice, line_recv_notice,
                       return recv_notice{detail::i32(f, 0), detail::i32(f, 1), detail::opt(f, 2)};)
ATMQTT_QUECTEL_DECODER(decode_qmtstat, qmtstat, line_stat, return qmtstat{detail::i32(f, 0), detail::i32(f, 1)};)
ATMQTT_QUECTEL_DECODER(decode_qmtping, qmtping, line_ping, return qmtping{detail::i32(f, 0), detail::i32(f, 1)};)
ATMQTT_QUECTEL_DECODER(decode_fupl_result, fupl_result, line_fupl_result,
                       return fupl_result{detail::i32(f, 0), f.text[1]};)
ATMQTT_QUECTEL_DECODER(decode_recv_status, recv_status, line_recv_status,
                       recv_status s{detail::i32(f, 0), {}};
                       for (std::size_t i = 0; i < 5; ++i) s.store_status[i] = static_cast<std::uint8_t>(f.integer[i + 1]);
                       return s;)
ATMQTT_QUECTEL_DECODER(decode_conn_result, conn_result, line_conn_result,
                       conn_result c{detail::i32(f, 0), static_cast<send_result>(f.integer[1]), std::nullopt};
                       if (f.count > 2) c.ret_code = static_cast<connack_code>(f.integer[2]);
                       return c;)
ATMQTT_QUECTEL_DECODER(decode_pubex_result, pubex_result, line_pubex_result,
                       // <value> only accompanies a retransmission (§3.3.8)
                       if (f.count > 3 && f.integer[2] != 1) return {errc::at_too_many_fields, line.size()};
                       return pubex_result{detail::i32(f, 0), detail::i32(f, 1), static_cast<send_result>(f.integer[2]),
                                           detail::opt(f, 3)};)
#undef ATMQTT_QUECTEL_DECODER

namespace detail {
constexpr result<sub_result> decode_sub_like(bytes line, line_index row) noexcept {
    result<line_fields> r = read_row(line, row);
    if (!r) return {r.error(), r.offset()};
    const line_fields& f = *r;
    sub_result s{i32(f, 0), i32(f, 1), static_cast<send_result>(f.integer[2]), 0, {}, std::nullopt};
    std::size_t values = f.count - 3u;
    if (s.result == send_result::failed && values != 0) return {errc::at_too_many_fields, line.size()};
    if (s.result == send_result::retransmitted) {
        if (values > 1) return {errc::at_too_many_fields, line.size()};
        if (values == 1) s.retransmit_count = i32(f, 3);
    }
    if (s.result == send_result::acknowledged) {
        for (std::size_t i = 0; i < values; ++i) {
            // a granted QoS is 0..2, or 128 for a refused topic (the SUBACK failure code)
            if (f.integer[3 + i] > 2 && f.integer[3 + i] != 128) return {errc::out_of_range, line.size()};
            s.granted_qos[i] = static_cast<std::uint8_t>(f.integer[3 + i]);
        }
        s.granted_count = static_cast<std::uint8_t>(values);
    }
    return s;
}
}  // namespace detail

constexpr result<sub_result> decode_sub_result(bytes line) noexcept { return detail::decode_sub_like(line, line_sub_result); }
constexpr result<sub_result> decode_uns_result(bytes line) noexcept { return detail::decode_sub_like(line, line_uns_result); }

// A +QMTCFG query answer, any item.
constexpr result<cfg_answer> decode_cfg_answer(bytes line) noexcept {
    result<line_index> row = identify(line);
    if (!row) return {row.error(), row.offset()};
    if (*row > line_cfg_protocol_check) return {errc::at_unknown_response, 0};
    result<detail::line_fields> r = detail::read_row(line, *row);
    if (!r) return {r.error(), r.offset()};
    return cfg_answer{*row, *r};
}

// A +QMTRECV message from a tokenizer line event: the tokenizer's payload cut decides where the payload
// ends (the length, not a comma or quote); without a length (msg_len_enable = 0) it is the rest of the
// line, quotes removed when they enclose it whole.
constexpr result<recv_message> decode_recv_message(const at::event& ev) noexcept {
    result<at::decoded_line<detail::max_line_fields>> d =
        at::decode_with<detail::max_line_fields>(lines[line_recv_message], ev, lexical, prefix_aliases);
    if (!d) return {d.error(), d.offset()};
    const at::field_value* len = d->find("payload_len");
    recv_message m{static_cast<std::int32_t>(d->values[0].number), static_cast<std::int32_t>(d->values[1].number),
                   d->values[2].text, std::nullopt, d->find("payload")->text};
    if (len != nullptr && len->present()) m.payload_len = static_cast<std::int32_t>(len->number);
    return m;
}
// The same for a line given as text: the payload then runs to the line end (and must match the length).
constexpr result<recv_message> decode_recv_message(bytes line) noexcept {
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = line;
    return decode_recv_message(ev);
}

}  // namespace quectel
ATMQTT_END_NAMESPACE
