// The Quectel driver of the AT client (LTE Standard(A) MQTT application note): which AT+QMT... commands
// each request takes, and what +QMTOPEN / +QMTCONN / +QMTSUB / +QMTPUBEX / +QMTRECV / +QMTSTAT mean.
// Drivers live in client/ (not dialect/) because they speak the client's vocabulary (events, requests,
// capabilities); the dialect layer stays usable without the client.
//
//     client::at_client<client::drivers::quectel> c;        // client 0, messages pushed in +QMTRECV
//     client::at_client<client::drivers::quectel> c({0, true}); // messages kept in the modem, read on notice
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/transaction.hpp>
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/commands.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

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

    static constexpr const at::grammar& grammar() noexcept { return atmqtt::quectel::grammar; }
    static constexpr span<const at::payload_rule> payload_rules() noexcept { return atmqtt::quectel::payload_rule_span; }
    static constexpr at::syntax lexical() noexcept { return atmqtt::quectel::lexical; }

    // The command of step `step` of a request.
    constexpr status encode(const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        namespace q = atmqtt::quectel;
        const std::int32_t idx = client_idx;
        switch (op.kind) {
            case op_kind::connect: {
                const connect_options& o = *op.options;
                switch (step) {
                    case 0: return put(q::qmtcfg_version{idx, o.level == mqtt::protocol_level::v3_1 ? 3 : 4}, st);
                    case 1: return put(q::qmtcfg_timeout{idx, timing.packet_timeout_s, timing.retries, 0}, st);
                    case 2: return put(q::qmtcfg_keepalive{idx, o.keep_alive_s}, st);
                    case 3: return put(q::qmtcfg_session{idx, o.clean_session ? 1 : 0}, st);
                    case 4:
                        if (!o.will_flag) return put(q::qmtcfg_will{idx, 0, {}, {}, {}, {}}, st);
                        return put(q::qmtcfg_willex{idx, 1, static_cast<std::int32_t>(o.will.qos), o.will.retain ? 1 : 0,
                                                    std::string_view(o.will.topic),
                                                    static_cast<std::int32_t>(o.will.payload.size())},
                                   st, o.will.payload);
                    case 5: return put(q::qmtcfg_recv_mode{idx, cache_receive ? 1 : 0, 1}, st);
                    case 6:
                        if (o.tls_context < 0) return put(q::qmtcfg_ssl{idx, 0, {}}, st);
                        return put(q::qmtcfg_ssl{idx, 1, o.tls_context}, st);
                    case 7: return put(q::qmtopen{idx, o.host, o.port}, st);
                    // +QMTOPEN: <idx>,2 (identifier occupied: a network left open, by an earlier run or a
                    // refused connect): close it and open again, once.
                    case 8:
                    case 9:
                        if ((op.driver_notes & reopen) == 0) {
                            st.skip = true;
                            return {};
                        }
                        if (step == 8) return put(q::qmtclose{idx}, st);
                        return put(q::qmtopen{idx, o.host, o.port}, st);
                    case 10:
                        if (o.username_flag)
                            return put(q::qmtconn{idx, o.client_id, std::string_view(o.username),
                                                  std::string_view(o.password)},
                                       st);
                        return put(q::qmtconn{idx, o.client_id, {}, {}}, st);
                    default: break;
                }
                break;
            }
            case op_kind::publish:
                if (step == 0)
                    return put(q::qmtpubex{idx, op.packet_id, static_cast<std::int32_t>(op.qos), op.retain ? 1 : 0,
                                           op.topic, static_cast<std::int32_t>(op.payload.size())},
                               st, op.payload);
                break;
            case op_kind::subscribe:
                if (step == 0) {
                    q::topic_qos t[max_granted]{};
                    for (std::size_t i = 0; i < op.filters.size(); ++i)
                        t[i] = {op.filters[i].topic_filter, static_cast<std::int32_t>(op.filters[i].qos)};
                    return put(q::qmtsub{idx, op.packet_id, span<const q::topic_qos>(t, op.filters.size())}, st);
                }
                break;
            case op_kind::unsubscribe:
                if (step == 0) {
                    std::string_view t[max_granted]{};
                    for (std::size_t i = 0; i < op.unsub_filters.size(); ++i) t[i] = op.unsub_filters[i];  // <= max_granted
                    return put(q::qmtuns{idx, op.packet_id, span<const std::string_view>(t, op.unsub_filters.size())}, st);
                }
                break;
            case op_kind::disconnect:
                if (step == 0) return put(q::qmtdisc{idx}, st);
                if (step == 1 && op.recovering) return put(q::qmtclose{idx}, st);  // the ladder's second rung
                break;
            case op_kind::read_cache:
                if (step == 0) return put(q::qmtrecv{idx, op.recv_id}, st);
                break;
            case op_kind::none:
                break;
        }
        st.end = true;
        return {};
    }

    // What a response, deferred result or URC means.
    constexpr verdict on_line(op_state& op, const at::routed& r, const at::event& ev, event& out) const noexcept {
        namespace q = atmqtt::quectel;
        if (r.desc == nullptr) return verdict::ignored;
        const auto row = static_cast<q::line_index>(r.desc - q::lines);
        switch (row) {
            case q::line_received_message: {  // pushed, or the answer to AT+QMTRECV=<idx>,<recv_id>
                result<q::received_message> m = at::decode_as<q::received_message>(ev);
                if (!m || m->client_idx != client_idx) return verdict::ignored;
                out.type = event_type::message;
                received(out.message, m->topic, m->packet_id, static_cast<std::uint32_t>(m->payload.size()));
                out.message.payload = m->payload;
                return verdict::emit;
            }
            case q::line_recv_notice: {
                result<q::recv_notice> n = at::decode_as<q::recv_notice>(r.text);
                if (!n || n->client_idx != client_idx) return verdict::ignored;
                out.packet_id = static_cast<std::uint16_t>(n->recv_id);
                return verdict::read_cache;
            }
            case q::line_stat: {
                result<q::qmtstat> s = at::decode_as<q::qmtstat>(r.text);
                if (!s || s->client_idx != client_idx) return verdict::ignored;
                out.type = event_type::disconnected;
                out.reason = stat_reason(s->err_code);
                out.error = errc::client_command_failed;
                return verdict::emit;
            }
            case q::line_ping: {
                result<q::qmtping> p = at::decode_as<q::qmtping>(r.text);
                if (!p || p->client_idx != client_idx) return verdict::ignored;
                out.type = event_type::disconnected;
                out.reason = disconnect_reason::ping_timeout;
                return verdict::emit;
            }
            default:
                break;
        }
        // A result that is not the running command's (r.cmd null: a duplicate, or an older command's late
        // one) does not complete its step: a second +QMTOPEN: 0,0 while AT+QMTCONN runs is not its result.
        // The running command's result names the request too (AT+QMTOPEN: connect, AT+QMTSUB: subscribe).
        if (r.cmd == nullptr) return verdict::ignored;
        switch (row) {
            case q::line_open_result: {
                result<q::open_result> o = at::decode_as<q::open_result>(r.text);
                if (!o || o->client_idx != client_idx) return verdict::ignored;
                if (o->result == q::open_result_code::opened) return verdict::step_ok;
                if (o->result == q::open_result_code::identifier_occupied && (op.driver_notes & reopen) == 0) {
                    op.driver_notes = static_cast<std::uint8_t>(op.driver_notes | reopen);
                    return verdict::step_ok;
                }
                return fail_connect(out, disconnect_reason::modem_error);
            }
            case q::line_close_result: {
                result<q::close_result> c = at::decode_as<q::close_result>(r.text);
                if (!c || c->client_idx != client_idx) return verdict::ignored;
                return verdict::step_ok;  // closed, or nothing to close (-1): open again either way
            }
            case q::line_connect_result: {
                result<q::connect_result> c = at::decode_as<q::connect_result>(r.text);
                if (!c || c->client_idx != client_idx) return verdict::ignored;
                if (c->result == q::send_result::retransmitted) return verdict::ignored;
                const auto code = c->ret_code ? static_cast<std::uint8_t>(*c->ret_code) : std::uint8_t{0};
                if (c->result == q::send_result::acknowledged && code == 0) {
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
            case q::line_disc_result: {
                result<q::disc_result> d = at::decode_as<q::disc_result>(r.text);
                if (!d || d->client_idx != client_idx) return verdict::ignored;
                out.type = event_type::disconnected;
                out.reason = disconnect_reason::requested;
                if (d->result != 0) out.error = errc::client_command_failed;
                return verdict::done;
            }
            case q::line_subscribe_result:
            case q::line_unsubscribe_result: {
                const bool sub = row == q::line_subscribe_result;
                q::subscribe_result s{};
                if (!at::decode_into(*r.desc, ev, s) || s.client_idx != client_idx || s.packet_id != op.packet_id)
                    return verdict::ignored;
                if (s.result == q::send_result::retransmitted) return verdict::ignored;
                if (s.result == q::send_result::failed) return request_failed(op, out, errc::client_command_failed);
                if (sub) return subscribed(op, out, s.granted_qos, s.granted_count);
                out.packet_id = op.packet_id;
                out.type = event_type::unsubscribed;
                return verdict::done;
            }
            case q::line_publish_result: {
                result<q::publish_result> p = at::decode_as<q::publish_result>(r.text);
                if (!p || p->client_idx != client_idx || p->packet_id != op.packet_id) return verdict::ignored;
                if (p->result == q::send_result::retransmitted) return verdict::ignored;
                if (p->result == q::send_result::failed) return request_failed(op, out, errc::client_command_failed);
                out.type = event_type::published;
                out.packet_id = op.packet_id;
                return verdict::done;
            }
            default:
                return verdict::ignored;
        }
    }

    // A +QMTRECV (pushed, or read from the cache) whose payload does not fit the line buffer: its head
    // (client_idx, msgid, "topic"); the client hands the payload out in chunks. AT+QMTRECV has no offset
    // to read a message in pieces, so reading it from the modem's cache comes the same way.
    constexpr bool long_message(const at::event& head, std::uint32_t size, message_view& m) const noexcept {
        at::field f[3];
        head_fields(head, atmqtt::quectel::lexical, f);
        const result<std::int64_t> idx = f[0].integer();
        const result<std::int64_t> msgid = f[1].integer();
        if (!idx || *idx != client_idx || !msgid) return false;
        received(m, f[2].text, static_cast<std::int32_t>(*msgid), size);
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

    // Encodes a typed command (and the data it announces) into st.
    template <class C>
    constexpr status put(const C& c, step_out& st, bytes data = {}) const noexcept {
        const at::command& row = atmqtt::quectel::row_of(c);
        return stage(st, atmqtt::quectel::encode(c, st.out), row, at::form::set,
                     timeout_for(timeouts, row.name, timing, 300), data);
    }
    static constexpr void received(message_view& m, bytes topic, std::int32_t msgid, std::uint32_t total) noexcept {
        m.topic = topic;
        m.total = total;
        m.packet_id = static_cast<std::uint16_t>(msgid);
        // +QMTRECV does not carry the QoS: a packet id means 1 or 2; reported as 1.
        m.qos = msgid == 0 ? mqtt::qos::at_most_once : mqtt::qos::at_least_once;
    }
    static constexpr verdict fail_connect(event& out, disconnect_reason why) noexcept {
        out.type = event_type::disconnected;
        out.reason = why;
        out.error = errc::client_command_failed;
        return verdict::failed;
    }
};

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
