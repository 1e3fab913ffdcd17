// The Quectel driver of the AT client (LTE Standard(A) MQTT application note): which AT+QMT... commands
// each request takes, and what +QMTOPEN / +QMTCONN / +QMTSUB / +QMTPUBEX / +QMTRECV / +QMTSTAT mean.
// Drivers live in client/ (not dialect/) because they speak the client's vocabulary (events, requests,
// capabilities); the dialect layer stays usable without the client.
//
//     client::at_client<client::drivers::quectel> c;        // client 0, messages pushed in +QMTRECV
//     client::at_client<client::drivers::quectel> c({0, true}); // messages kept in the modem, read on notice
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/detail/line_values.hpp>
#include <atmqtt/client/detail/lines.hpp>
#include <atmqtt/client/detail/steps.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

namespace quectel_steps {
namespace q = atmqtt::quectel;

// The lines the client meets (client/detail/lines.hpp): results of the MQTT commands and the URCs;
// not the configuration answers (+QMTCFG), +QSSLCFG or +QFUPL.
inline constexpr std::string_view prefixes[] = {"+QMTOPEN", "+QMTCLOSE", "+QMTCONN", "+QMTDISC", "+QMTSUB",
                                                "+QMTUNS",  "+QMTPUBEX", "+QMTRECV", "+QMTSTAT", "+QMTPING"};
// Only reads from the modem's cache meet the notice (a client without feature::cache_reads leaves it out).
inline constexpr std::uint8_t cache_only[] = {q::line_message_notice};
// The table's lines as the client reads them: it sets <msg_len_enable> at connect (AT+QMTCFG="recv/mode"),
// so a message's <payload_len> is required, and its reader links no code for a length left out.
template <class Rows = std::make_index_sequence<q::line_count>>
struct client_table;
template <std::size_t... Row>
struct client_table<std::index_sequence<Row...>> {
    static constexpr at::line row(std::size_t i) noexcept {
        at::line l = q::lines[i];
        if (i == q::line_received_message) l.flags &= static_cast<std::uint8_t>(~unsigned{at::line::length_optional_bit});
        return l;
    }
    static constexpr at::line lines[] = {row(Row)...};
};
using line_table = detail::kept_lines<client_table<>::lines, prefixes, detail::no_exceptions, cache_only>;
inline constexpr const auto& lines = line_table::lines;
// on_line() names every row of the subset (its last case is the default): a row added here needs a case there.
static_assert(sizeof(lines.from) == 11, "the driver's on_line() takes eleven rows");
// The grammar the engine reads the syntax, final results and prefix aliases from (its lines: `lines`).
inline constexpr at::grammar grammar{"quectel", {}, {}, q::lexical, {}, {}, q::prefix_aliases};

// AT+QMTCFG="will" without a will: <client_idx>,<will_fg> 0, nothing after (packed, two parameters of six).
inline constexpr at::command no_will = q::cmd::cfg_item("will", {q::params::cfg_will, 2});

// A row's command: its packed row and its late result's line.
template <const at::command& C>
inline constexpr detail::step_command cmd = detail::step_command_of<C>;

// Each request's commands, in order (client/detail/steps.hpp); the numbers: client_idx, the
// packet timeout, the retries, the receive mode.
inline constexpr detail::command_step raw[] = {
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_version>, {src::slot, src::level}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_timeout>,
     {src::slot, src::number1, src::number2, src::literal | 0}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_keepalive>, {src::slot, src::keep_alive}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_session>, {src::slot, src::clean}},
    {op_kind::connect, when::no_will, src::end, cmd<no_will>, {src::slot, src::literal | 0}},
    // willex: the will message is length-announced and sent after '>' (any bytes)
    {op_kind::connect, when::will, src::will_payload, cmd<q::cmd::cfg_willex>,
     {src::slot, src::literal | 1, src::will_qos, src::will_retain, src::will_topic, src::will_length}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_recv_mode>,
     {src::slot, src::number3, src::literal | 1}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::cfg_ssl>, {src::slot, src::tls_flag, src::tls_context}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::qmtopen>, {src::slot, src::host, src::port}},
    // +QMTOPEN: <idx>,2 (identifier occupied: a network left open, by an earlier run or a refused
    // connect): close it and open again, once.
    {op_kind::connect, when::noted, src::end, cmd<q::cmd::qmtclose>, {src::slot}},
    {op_kind::connect, when::noted, src::end, cmd<q::cmd::qmtopen>, {src::slot, src::host, src::port}},
    {op_kind::connect, when::always, src::end, cmd<q::cmd::qmtconn>,
     {src::slot, src::client_id, src::user_or_omit, src::password_with_user}},
    {op_kind::publish, when::always, src::payload, cmd<q::cmd::qmtpubex>,
     {src::slot, src::packet_id, src::qos, src::retain, src::topic, src::payload_length}},
    {op_kind::subscribe, when::always, src::end, cmd<q::cmd::qmtsub>, {src::slot, src::packet_id, src::filters}},
    {op_kind::unsubscribe, when::always, src::end, cmd<q::cmd::qmtuns>,
     {src::slot, src::packet_id, src::filter_topics}},
    {op_kind::disconnect, when::always, src::end, cmd<q::cmd::qmtdisc>, {src::slot}},
    {op_kind::disconnect, when::recovering, src::end, cmd<q::cmd::qmtclose>, {src::slot}},  // the ladder's 2nd rung
    {op_kind::read_cache, when::always, src::end, cmd<q::cmd::qmtrecv>, {src::slot, src::recv_id}},
};

}  // namespace quectel_steps

struct quectel {
    std::uint8_t client_idx = 0;  // <client_idx> 0..5
    bool cache_receive = false;   // AT+QMTCFG="recv/mode" <msg_rcv_mode> 1: messages kept, read with AT+QMTRECV
    packet_timing timing{};       // written with AT+QMTCFG="timeout" at connect; scales the timeouts below
    // With echo on (ATE1) the data after '>' comes back too (§5.1: ">This is test data, hello MQTT."):
    // the client counts it through. false for a firmware that echoes commands only.
    bool echoes_data = true;

    // §3.3: six clients, QoS 0-2, will (willex: length-announced, any bytes), SSL contexts, clean session
    // choice, MQTT 3.1 or 3.1.1 ("version"), at most 1500 bytes per AT+QMTPUBEX (§3.3.8 remark 2),
    // topics and client ids up to 256 bytes (the table's limit). CONNACK's session-present flag is not
    // reported. Topics per AT+QMTSUB: the manual states none; 10 is the library's bound.
    static constexpr capabilities caps{true, true, true, true, true, true, true, true, false,
                                       receive_push | receive_cache, 6, 10, 256, 256, 1500};
    // The output the longest command needs: AT+QMTPUBEX with the largest topic and its payload behind it
    // (1788 bytes; the will, "willex", carries at most 256).
    static constexpr std::size_t tx_capacity =
        caps.max_topic + caps.max_payload + sizeof("AT+QMTPUBEX=5,65535,2,1,\"\",1500\r") - 1;

    // Maximum response times (§3.3 table, docs/client.md). QMTRECV's is "/" (not stated): 5 s, ours.
    static constexpr bool host_ids = true;  // <msgid> is the host's choice (§3.3.6, §3.3.8)

    static constexpr timeout_rule timeouts[] = {
        {"QMTCFG", 300},
        {"QMTOPEN", 120000},
        {"QMTCLOSE", 30000},
        {"QMTCONN", 0, timeout_scale::packet},
        {"QMTDISC", 30000},
        {"QMTSUB", 0, timeout_scale::packet_times_retries},
        {"QMTUNS", 0, timeout_scale::packet_times_retries},
        {"QMTPUBEX", 0, timeout_scale::packet_times_retries},
        {"QMTRECV", 5000},
    };
    // Each request's commands (quectel_steps::raw) with their timeouts from the table above.
    static constexpr const auto& steps = detail::timed_rows<quectel_steps::raw, timeouts, 300>::table;

    // What it reads: its lines (client/detail/lines.hpp, packed), grammar and payload rules.
    using reads = detail::driver_reads<quectel_steps::line_table, quectel_steps::grammar, at::payload_rules_of<atmqtt::quectel::grammar>>;

    // The command of step `step` of a request from `rows` (its steps, as the client keeps them).
    constexpr status encode(detail::step_rows rows, const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        const detail::step_numbers n = {client_idx, timing.packet_timeout_s, timing.retries, cache_receive ? 1 : 0};
        return detail::write_step<atmqtt::quectel::lexical>(rows, op, step, n, timing, st);
    }

    // What a response, deferred result or URC means. Every line the driver takes starts with <client_idx>;
    // a line that fits none of its rows, or another client's, is ignored.
    constexpr verdict on_line(op_state& op, const line_match& m, event& out) const noexcept {
        namespace q = atmqtt::quectel;
        const detail::line_values& v = m.values;
        if (m.line == detail::no_line || v.number[0] != client_idx) return verdict::ignored;
        const std::int32_t a = v.number[1];  // msgid, recv_id, err_code or the result, by row
        const auto row = static_cast<q::line_index>(m.line);
        switch (row) {
            case q::line_received_message:  // pushed, or the answer to AT+QMTRECV=<idx>,<recv_id>
                out.type = event_type::message;
                received(out.message, v.text[2], a, static_cast<std::uint32_t>(v.text[4].size()));
                out.message.payload = v.text[4];
                return verdict::emit;
            case q::line_message_notice:
                out.packet_id = static_cast<std::uint16_t>(a);
                return verdict::read_cache;
            case q::line_connection_closed:
                out.type = event_type::disconnected;
                out.reason = stat_reason(a);  // a report, not a command of ours failing: error stays ok
                return verdict::emit;
            case q::line_ping_result:
                out.type = event_type::disconnected;
                out.reason = disconnect_reason::ping_timeout;
                return verdict::emit;
            default:
                break;
        }
        // A result that is not the running step's (a duplicate, or an older command's late one) does not
        // complete its step: a second +QMTOPEN: 0,0 while AT+QMTCONN runs is not its result. The running
        // step's result names the request too (AT+QMTOPEN: connect, AT+QMTSUB: subscribe).
        if (!m.result) return verdict::ignored;
        constexpr std::int32_t retransmitted = 1, failed = 2;  // <result> of +QMTCONN / SUB / UNS / PUBEX
        switch (row) {
            case q::line_open_result:
                if (a == 0) return verdict::step_ok;  // opened
                if (a == 2 && (op.driver_notes & reopen) == 0) {  // identifier occupied
                    op.driver_notes = static_cast<std::uint8_t>(op.driver_notes | reopen);
                    return verdict::step_ok;
                }
                return fail_connect(out, disconnect_reason::modem_error);
            case q::line_close_result:
                return verdict::step_ok;  // closed, or nothing to close (-1): open again either way
            case q::line_connect_result: {
                if (a == retransmitted) return verdict::ignored;
                const auto code = static_cast<std::uint8_t>(v.number[2]);  // <ret_code>, 0 when absent
                if (a == 0 && code == 0) {
                    out.type = event_type::connected;
                    return verdict::done;
                }
                if (code != 0) {
                    fail_connect(out, disconnect_reason::refused);
                    out.return_code = static_cast<mqtt::connect_return_code>(code);
                    return verdict::failed;
                }
                return fail_connect(out, disconnect_reason::modem_error);
            }
            case q::line_disconnect_result:
                out.type = event_type::disconnected;
                out.reason = disconnect_reason::requested;
                if (a != 0) out.error = errc::client_command_failed;
                return verdict::done;
            case q::line_subscribe_result:
            case q::line_unsubscribe_result:
            default: {  // q::line_publish_result: the subset holds no row but those the switches name
                const std::int32_t result = v.number[2];
                // +QMTSUB / +QMTUNS: <value>s after <result> (granted codes, or one retransmission count);
                // +QMTPUBEX: a retransmission count only with <result> 1 (§3.3.6-§3.3.8)
                const std::size_t n = v.count - 3u;
                const bool sub = row == q::line_subscribe_result;
                if (a != op.packet_id || result == retransmitted) return verdict::ignored;
                if (row == q::line_publish_result ? v.has(3) : result == failed ? n != 0 : !granted_codes(v, n))
                    return verdict::ignored;
                if (result == failed) return request_failed(op, out, errc::client_command_failed);
                if (sub) return subscribed(op, out, v.number + 3, n);
                out.packet_id = op.packet_id;
                out.type = row == q::line_publish_result ? event_type::published : event_type::unsubscribed;
                return verdict::done;
            }
        }
    }

    // A +QMTRECV (pushed, or read from the cache) whose payload does not fit the line buffer: its head
    // (client_idx, msgid, "topic"); the client hands the payload out in chunks. AT+QMTRECV has no offset
    // to read a message in pieces, so reading it from the modem's cache comes the same way.
    constexpr bool long_message(const line_match& head, std::uint32_t size, message_view& m) const noexcept {
        const detail::line_values& v = head.values;
        if (v.count < 3 || v.number[0] != client_idx) return false;  // (client_idx, msgid, "topic") read
        received(m, v.text[2], v.number[1], size);
        return true;
    }

    // +QMTSTAT <err_code> (Table 4) as the client's reason.
    static constexpr disconnect_reason stat_reason(std::int32_t err) noexcept {
        switch (err) {
            case 2: return disconnect_reason::ping_timeout;
            case 3:
            case 4: return disconnect_reason::connect_timeout;
            case 5: return disconnect_reason::requested;
            case 6:
            case 7: return disconnect_reason::link_lost;
            default: return disconnect_reason::link_closed;  // 1: closed by the server, 8: by the client
        }
    }

private:
    static constexpr std::uint8_t reopen = 1;  // op_state::driver_notes: the network was occupied

    // Every granted code is 0-2 or 128.
    static constexpr bool granted_codes(const detail::line_values& v, std::size_t n) noexcept {
        for (std::size_t i = 3; i < 3 + n; ++i)
            if (v.number[i] > 2 && v.number[i] != 128) return false;
        return true;
    }
    static constexpr verdict fail_connect(event& out, disconnect_reason why) noexcept {
        out.type = event_type::disconnected;
        out.reason = why;
        out.error = errc::client_command_failed;
        return verdict::failed;
    }
};
static_assert(detail::results_within(quectel::steps, quectel_steps::lines),
              "every late result is among the client's lines");
static_assert(detail::results_within(detail::kept_rows<quectel::steps, false, true>::table, quectel_steps::line_table::push_lines),
              "without cache reads too");

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
