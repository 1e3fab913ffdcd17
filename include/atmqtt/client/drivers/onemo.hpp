// The OneMO driver of the AT client (China Mobile IoT OneMO MQTT manual), per model: limits differ
// (topic and message sizes, TLS, cache mode, client slots: dialect/onemo/models.hpp), so the model is a
// template parameter and the capabilities follow from its row.
//
//     client::at_client<client::drivers::onemo_for<onemo::models::ml307r>> c;
//
// The module assigns packet ids (<mid>): +MQTTPUB / +MQTTSUB / +MQTTUNSUB answer it before OK, the
// acknowledgement URC ("puback", "pubcomp", "suback", "unsuback") names it. A puback that overtakes the
// +MQTTPUB line is taken for the publish running (one command at a time, so there is only one).
// Payloads go out inline as hex ("encoding" input 1: any byte value) and come back raw, cut by their
// announced length (output 0). The module's own reconnect ("reconn") is switched off: the client reports
// the loss and the application calls connect() again.
#pragma once

#include <atmqtt/at/transaction.hpp>
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/detail/steps.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/commands.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/onemo/models.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

namespace onemo_steps {
namespace o1 = atmqtt::onemo;
namespace src = detail::src;
using detail::when;

// Each request's commands, in order (client/detail/steps.hpp), for a model with or without cache mode
// and TLS.
template <bool Cache, bool Ssl>
inline constexpr detail::command_step raw[] = {
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_version, {src::slot, src::literal | 4}},
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_keepalive, {src::slot, src::keep_alive}},
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_clean, {src::slot, src::clean}},
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_retrans, {src::slot, src::number1, src::number2}},
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_reconn, {src::slot, src::literal | 0}},
    // "encoding" first: the module reads <will_msg> in the input format set at the time (§3.1). Input
    // hex (1), output raw (0).
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_encoding, {src::slot, src::literal | 1, src::literal | 0}},
    {op_kind::connect, when::always, src::end, &o1::cmd::cfg_willoption,
     {src::slot, src::will_flag, src::will_qos, src::will_retain}},
    {op_kind::connect, when::will, src::end, &o1::cmd::cfg_willpayload, {src::slot, src::will_topic, src::will_payload}},
    {op_kind::connect, Cache ? when::always : when::unsupported_if_number3, src::end, &o1::cmd::cfg_cached,
     {src::slot, src::number3}},
    {op_kind::connect, Ssl ? when::always : when::tls, src::end, &o1::cmd::cfg_ssl,
     {src::slot, src::tls_flag, src::tls_context}},
    {op_kind::connect, when::always, src::end, &o1::cmd::mqttconn,
     {src::slot, src::host, src::port, src::client_id, src::user, src::password}},
    // <dup> 0, <msg_len> counted by the writer; QoS 1 and 2 complete on the "puback" / "pubcomp" URC
    {op_kind::publish, when::always, src::end, &o1::cmd::mqttpub,
     {src::slot, src::topic, src::qos, src::retain, src::literal | 0, src::omit, src::payload}, at::form::set, true},
    {op_kind::subscribe, when::always, src::end, &o1::cmd::mqttsub, {src::slot, src::filters}},
    {op_kind::unsubscribe, when::always, src::end, &o1::cmd::mqttunsub, {src::slot, src::filter_topics}},
    {op_kind::disconnect, when::always, src::end, &o1::cmd::mqttdisc, {src::slot}},
    {op_kind::read_cache, when::always, src::end, &o1::cmd::mqttread, {src::slot, src::literal | 1}},
};

}  // namespace onemo_steps

template <const atmqtt::onemo::model_limits& Model>
struct onemo_for {
    using model_limits = atmqtt::onemo::model_limits;

    std::uint8_t connect_id = 0;
    bool cache_receive = false;  // "cached" 1: messages kept, announced by "pubnmi", read with AT+MQTTREAD
    // "retrans": <retrans_interval> 20~60 s, <retry_times> 0~3 (the interval doubles per retry).
    packet_timing timing{20, 0};

    // §3.1-§3.9 and the model's footnotes: QoS 0-2, will (willoption + willpayload), TLS where the model
    // has "ssl", clean session choice, MQTT 3.1.1 only ("only 4 is supported"), no session-present flag.
    static constexpr capabilities caps{
        true, true, true, Model.has(model_limits::ssl), true, false, true, true, false,
        static_cast<std::uint8_t>(receive_push | (Model.has(model_limits::cache_mode) ? receive_cache : 0)),
        static_cast<std::uint8_t>(Model.max_connect_id + 1), atmqtt::onemo::max_topics_per_command, Model.max_topic,
        128, Model.max_message};
    // The output the longest command needs: AT+MQTTPUB with the largest topic and its payload as hex
    // (ML307R: 2334 bytes; "willpayload" carries the same at most). Payload lengths of the models have
    // four digits.
    static constexpr std::size_t tx_capacity =
        caps.max_topic + 2u * caps.max_payload + sizeof("AT+MQTTPUB=5,\"\",2,1,0,1024,\"\"\r") - 1;
    static constexpr bool host_ids = false;  // <mid> is the module's

    // The manual states no maximum response times. Acknowledgements: the module reports "timeout" after
    // its last retransmission, interval x (2^(retries+1) - 1); the rest are this library's choices.
    static constexpr timeout_rule timeouts[] = {
        {"MQTTCFG", 5000},
        {"MQTTCONN", 60000},
        {"MQTTDISC", 30000},
        {"MQTTSUB", 0, timeout_scale::retries_doubling},
        {"MQTTUNSUB", 0, timeout_scale::retries_doubling},
        {"MQTTPUB", 0, timeout_scale::retries_doubling},
        {"MQTTREAD", 5000},
    };
    // Each request's commands for this model (onemo_steps::raw) with their timeouts.
    static constexpr auto steps = detail::timed(
        onemo_steps::raw<Model.has(model_limits::cache_mode), Model.has(model_limits::ssl)>, timeouts, 5000);

    static constexpr const at::grammar& grammar() noexcept { return atmqtt::onemo::grammar; }
    static constexpr span<const at::payload_rule> payload_rules() noexcept { return atmqtt::onemo::payload_rule_span; }
    static constexpr at::syntax lexical() noexcept { return atmqtt::onemo::lexical; }

    // The command of step `step` of a request; the numbers: connect_id, the retransmission interval,
    // the retries, the receive mode.
    constexpr status encode(const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        const detail::step_numbers n = {connect_id, timing.packet_timeout_s, timing.retries, cache_receive ? 1 : 0};
        return detail::write_step(steps, op, step, n, atmqtt::onemo::lexical, timing, st, write);
    }

    constexpr verdict on_line(op_state& op, const at::routed& r, const at::event& ev, event& out) noexcept {
        namespace o1 = atmqtt::onemo;
        if (r.desc == nullptr) return verdict::ignored;
        const auto row = static_cast<o1::line_index>(r.desc - o1::lines);
        switch (row) {
            case o1::rsp_sub:
            case o1::rsp_unsub:
            case o1::rsp_pub: {  // the module's <mid> for the running request
                result<o1::sub_response> m = row == o1::rsp_sub   ? o1::decode_sub(ev)
                                             : row == o1::rsp_unsub ? o1::decode_unsub(ev)
                                                                    : mid_of(o1::decode_pub(ev));
                // (a QoS 0 publish has no id to learn: id_known from the start)
                if (!m || m->connect_id != connect_id || op.id_known) return verdict::ignored;
                op.packet_id = static_cast<std::uint16_t>(m->packet_id);
                op.id_known = true;
                return verdict::ignored;
            }
            case o1::rsp_read_message: {
                result<o1::read_message_response> m = o1::decode_read_message(ev);
                if (!m || m->connect_id != connect_id) return verdict::ignored;
                return message(out, m->topic, m->payload, m->packet_id, 0, static_cast<std::uint32_t>(m->payload.size()));
            }
            default:
                break;
        }
        if (row > o1::urc_pubcomp) return verdict::ignored;
        result<o1::urc> u = o1::decode_urc(ev);
        if (!u) return verdict::ignored;
        switch (u->kind) {
            case o1::urc_kind::conn: {
                if (u->conn.connect_id != connect_id) return verdict::ignored;
                const o1::conn_state_code s = u->conn.state;
                if (s == o1::conn_state_code::reconnecting) return verdict::ignored;
                if (op.kind == op_kind::connect && r.kind == at::route::deferred) {
                    if (s == o1::conn_state_code::connected) {
                        out.type = event_type::connected;
                        return verdict::done;
                    }
                    out.type = event_type::disconnected;
                    out.reason = s == o1::conn_state_code::refused ? disconnect_reason::refused : disconnect_reason::modem_error;
                    out.error = errc::client_command_failed;
                    return verdict::failed;
                }
                if (op.kind == op_kind::disconnect && s == o1::conn_state_code::disconnected_by_user) {
                    out.type = event_type::disconnected;
                    out.reason = disconnect_reason::requested;
                    return verdict::done;
                }
                if (s == o1::conn_state_code::connected) return verdict::ignored;
                out.type = event_type::disconnected;
                out.reason = conn_reason(s);
                return verdict::emit;
            }
            case o1::urc_kind::publish: {
                const o1::received_message& p = u->publish;
                if (p.connect_id != connect_id) return verdict::ignored;
                // pieces of a message longer than the model's split size: offsets add up to <total_len>
                if (rx_offset_ != 0 && p.packet_id != rx_mid_) rx_offset_ = 0;
                const std::uint32_t offset = rx_offset_;
                const auto total = static_cast<std::uint32_t>(p.total_len);
                rx_offset_ += static_cast<std::uint32_t>(p.payload.size());
                rx_mid_ = p.packet_id;
                if (rx_offset_ >= total) rx_offset_ = 0;
                return message(out, p.topic, p.payload, p.packet_id, offset, total);
            }
            case o1::urc_kind::pubnmi:
                if (u->pubnmi.connect_id != connect_id) return verdict::ignored;
                out.packet_id = next_slot_;
                next_slot_ = static_cast<std::uint8_t>((next_slot_ + 1) & 7);
                return verdict::read_cache;
            case o1::urc_kind::drop:
                if (u->drop.connect_id != connect_id) return verdict::ignored;
                out.type = event_type::error;
                out.error = errc::capacity_exceeded;  // the module's receive cache overflowed: messages lost
                return verdict::emit;
            case o1::urc_kind::suback:
            case o1::urc_kind::unsuback: {
                const bool sub = u->kind == o1::urc_kind::suback;
                const std::int32_t mid = sub ? u->suback.packet_id : u->unsuback.packet_id;
                const std::int32_t cid = sub ? u->suback.connect_id : u->unsuback.connect_id;
                if (cid != connect_id || op.kind != (sub ? op_kind::subscribe : op_kind::unsubscribe) ||
                    !matches(op, mid))
                    return verdict::ignored;
                if (sub) return subscribed(op, out, u->suback.code, u->suback.code.size());
                out.packet_id = op.packet_id;
                out.type = event_type::unsubscribed;
                return verdict::done;
            }
            case o1::urc_kind::puback:
            case o1::urc_kind::pubcomp: {
                const bool final_ack = (u->kind == o1::urc_kind::puback) == (op.qos == mqtt::qos::at_least_once);
                if (u->ack.connect_id != connect_id || op.kind != op_kind::publish || !final_ack ||
                    !matches(op, u->ack.packet_id))
                    return verdict::ignored;
                out.type = event_type::published;
                out.packet_id = op.packet_id;
                return verdict::done;
            }
            case o1::urc_kind::timeout:
                if (u->timeout.connect_id != connect_id || op.kind == op_kind::none || !matches(op, u->timeout.packet_id))
                    return verdict::ignored;
                return request_failed(op, out, errc::client_command_timeout);
            default:
                return verdict::ignored;
        }
    }

    // <conn_state> of an unsolicited "conn" as the client's reason.
    static constexpr disconnect_reason conn_reason(atmqtt::onemo::conn_state_code s) noexcept {
        switch (s) {
            case atmqtt::onemo::conn_state_code::disconnected_by_user: return disconnect_reason::requested;
            case atmqtt::onemo::conn_state_code::refused: return disconnect_reason::refused;
            case atmqtt::onemo::conn_state_code::disconnected_by_server: return disconnect_reason::link_closed;
            case atmqtt::onemo::conn_state_code::ping_timeout: return disconnect_reason::ping_timeout;
            default: return disconnect_reason::link_lost;  // network error, unknown error
        }
    }

private:
    std::int32_t rx_mid_ = 0;
    std::uint32_t rx_offset_ = 0;
    std::uint8_t next_slot_ = 0;

    // The acknowledgement is the running request's: its <mid>, or any while the module has not yet said
    // it (the acknowledgement overtook +MQTTPUB:), which then tells it.
    static constexpr bool matches(op_state& op, std::int32_t mid) noexcept {
        if (!op.id_known) {
            op.packet_id = static_cast<std::uint16_t>(mid);
            op.id_known = true;
            return true;
        }
        return op.packet_id == mid;
    }
    static constexpr result<atmqtt::onemo::sub_response> mid_of(result<atmqtt::onemo::pub_response> p) noexcept {
        if (!p) return {p.error(), p.offset()};
        return atmqtt::onemo::sub_response{p->connect_id, p->packet_id};
    }
    static constexpr verdict message(event& out, bytes topic, bytes payload, std::int32_t mid, std::uint32_t offset,
                                     std::uint32_t total) noexcept {
        out.type = event_type::message;
        out.message.topic = topic;
        out.message.payload = payload;
        out.message.offset = offset;
        out.message.total = total;
        out.message.packet_id = static_cast<std::uint16_t>(mid);
        // The URC carries no QoS; a non-zero <mid> means 1 or 2, reported as 1 (as with Quectel).
        out.message.qos = mid == 0 ? mqtt::qos::at_most_once : mqtt::qos::at_least_once;
        return verdict::emit;
    }
    // The model's limits, then the core writer; a message (AT+MQTTPUB, "willpayload") goes as hex.
    static constexpr result<std::size_t> write(const at::command& row, span<at::value> v, mutable_bytes out) noexcept {
        namespace o1 = atmqtt::onemo;
        const bool carries = &row == &o1::cmd::mqttpub || &row == &o1::cmd::cfg_willpayload;
        return o1::detail::encode_checked(row, v, false, carries, carries ? o1::input_format::hex : o1::input_format::ascii,
                                          Model, out);
    }
};


// The ML307R (the manual's examples run on the ML30x family).
using onemo = onemo_for<atmqtt::onemo::models::ml307r>;

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
