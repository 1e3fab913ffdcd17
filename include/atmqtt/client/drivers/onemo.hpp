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
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/onemo/models.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

namespace onemo_steps {
namespace o1 = atmqtt::onemo;

// The lines the client meets (client/detail/lines.hpp): the URCs, and the answers of the commands it
// sends; not the configuration answers (+MQTTCFG), +MQTTSTATE, the list form's +MQTTSUB answer (not
// sent) and "pingresp" (nothing for the client).
inline constexpr std::string_view prefixes[] = {"+MQTTURC", "+MQTTSUB", "+MQTTUNSUB", "+MQTTPUB", "+MQTTREAD"};
inline constexpr std::uint8_t not_read[] = {o1::line_subscription_list, o1::line_ping_result};
// Only reads from the modem's cache meet these (a client without feature::cache_reads leaves them out).
inline constexpr std::uint8_t cache_only[] = {o1::line_message_notice, o1::line_cache_status, o1::line_cached_message};
using line_table = detail::kept_lines<o1::lines, prefixes, not_read, cache_only>;
inline constexpr const auto& lines = line_table::lines;
// The grammar the engine reads the syntax, final results and prefix aliases from (its lines: `lines`).
inline constexpr at::grammar grammar{"onemo", {}, {}, o1::lexical, o1::finals, {}, o1::prefix_aliases};

// A row's command: its packed row and its late result's line.
template <const at::command& C>
inline constexpr detail::step_command cmd = detail::step_command_of<C>;

// Each request's commands, in order (client/detail/steps.hpp), for a model with or without cache mode
// and TLS.
template <bool Cache, bool Ssl>
inline constexpr detail::command_step raw[] = {
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_version>, {src::slot, src::literal | 4}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_keepalive>, {src::slot, src::keep_alive}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_clean>, {src::slot, src::clean}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_retrans>, {src::slot, src::number1, src::number2}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_reconn>, {src::slot, src::literal | 0}},
    // "encoding" first: the module reads <will_msg> in the input format set at the time (§3.1). Input
    // hex (1), output raw (0).
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_encoding>, {src::slot, src::literal | 1, src::literal | 0}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::cfg_willoption>,
     {src::slot, src::will_flag, src::will_qos, src::will_retain}},
    {op_kind::connect, when::will, src::end, cmd<o1::cmd::cfg_willpayload_hex>, {src::slot, src::will_topic, src::will_payload_hex}},
    {op_kind::connect, Cache ? when::always : when::unsupported_if_number3, src::end, cmd<o1::cmd::cfg_cached>,
     {src::slot, src::number3}},
    {op_kind::connect, Ssl ? when::always : when::tls, src::end, cmd<o1::cmd::cfg_ssl>,
     {src::slot, src::tls_flag, src::tls_context}},
    {op_kind::connect, when::always, src::end, cmd<o1::cmd::mqttconn>,
     {src::slot, src::host, src::port, src::client_id, src::user, src::password}},
    // <dup> 0; QoS 1 and 2 complete on the "puback" / "pubcomp" URC
    {op_kind::publish, when::always, src::end, cmd<o1::cmd::mqttpub_hex>,
     {src::slot, src::topic, src::qos, src::retain, src::literal | 0, src::payload_length, src::payload_hex},
     at::form::set, true},
    {op_kind::subscribe, when::always, src::end, cmd<o1::cmd::mqttsub>, {src::slot, src::filters}},
    {op_kind::unsubscribe, when::always, src::end, cmd<o1::cmd::mqttunsub>, {src::slot, src::filter_topics}},
    {op_kind::disconnect, when::always, src::end, cmd<o1::cmd::mqttdisc>, {src::slot}},
    {op_kind::read_cache, when::always, src::end, cmd<o1::cmd::mqttread>, {src::slot, src::literal | 1}},
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
    static constexpr const auto& raw_steps =
        onemo_steps::raw<Model.has(model_limits::cache_mode), Model.has(model_limits::ssl)>;
    static constexpr const auto& steps = detail::timed_rows<raw_steps, timeouts, 5000>::table;

    // What it reads: its lines (client/detail/lines.hpp, packed), grammar and payload rules.
    using reads = detail::driver_reads<onemo_steps::line_table, onemo_steps::grammar, at::payload_rules_of<atmqtt::onemo::grammar>>;

    // The command of step `step` of a request from `rows` (its steps, as the client keeps them); the numbers: connect_id, the retransmission interval,
    // the retries, the receive mode.
    constexpr status encode(detail::step_rows rows, const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        const detail::step_numbers n = {connect_id, timing.packet_timeout_s, timing.retries, cache_receive ? 1 : 0};
        // the model's range, where narrower than the grammar's (which the writer checks)
        if (Model.max_connect_id < atmqtt::onemo::max_connect_id && connect_id > Model.max_connect_id)
            return {errc::out_of_range, 0};
        return detail::write_step<atmqtt::onemo::client_lexical>(rows, op, step, n, timing, st);
    }

    // What a response, late result or URC means: the line's values by position (client/detail/
    // line_values.hpp) against the row that read it. Every line the driver takes starts with
    // <connect_id>; a line that fits none of its rows, or another connection's, is ignored.
    constexpr verdict on_line(op_state& op, const line_match& m, event& out) noexcept {
        namespace o1 = atmqtt::onemo;
        const detail::line_values& v = m.values;
        if (m.line == detail::no_line || v.number[0] != connect_id) return verdict::ignored;
        const std::int32_t mid = v.number[1];  // <mid>, <conn_state> or <dropped_length>, by row
        const auto row = static_cast<o1::line_index>(m.line);
        switch (row) {
            case o1::line_subscribe_sent:
            case o1::line_unsubscribe_sent:
            case o1::line_publish_sent:  // the module's <mid> for the running request (a QoS 0 publish has none to learn)
                (void)matches(op, mid);
                return verdict::ignored;
            case o1::line_connection_state:
                return on_conn(op, m.result, static_cast<o1::conn_state_code>(mid), out);
            case o1::line_cached_message:      // <connect_id>,<mid>,<topic>,<payload_len>,<payload>
            case o1::line_received_message: {  // <connect_id>,<mid>,<topic>,<total_len>,<payload_len>,<payload>
                const bool pushed = row == o1::line_received_message;
                const bytes payload = v.text[pushed ? 5 : 4];
                auto total = static_cast<std::uint32_t>(payload.size());
                std::uint32_t offset = 0;
                if (pushed) {  // pieces of a message longer than the model's split size: offsets add up to <total_len>
                    if (rx_offset_ != 0 && mid != rx_mid_) rx_offset_ = 0;
                    offset = rx_offset_;
                    total = static_cast<std::uint32_t>(v.number[3]);
                    rx_offset_ += static_cast<std::uint32_t>(payload.size());
                    rx_mid_ = mid;
                    if (rx_offset_ >= total) rx_offset_ = 0;
                }
                return message(out, v.text[2], payload, mid, offset, total);
            }
            case o1::line_message_notice:
                out.packet_id = next_slot_;
                next_slot_ = static_cast<std::uint8_t>((next_slot_ + 1) & 7);
                return verdict::read_cache;
            case o1::line_dropped_messages:
                out.type = event_type::error;
                out.error = errc::capacity_exceeded;  // the module's receive cache overflowed: messages lost
                return verdict::emit;
            case o1::line_request_timeout:
                if (op.kind == op_kind::none || !matches(op, mid)) return verdict::ignored;
                return request_failed(op, out, errc::client_command_timeout);
            case o1::line_pubrec:  // a QoS 2 publish half way: told, not completed
                if (op.kind != op_kind::publish || op.qos != mqtt::qos::exactly_once || !matches(op, mid))
                    return verdict::ignored;
                out.type = event_type::publish_received;
                out.packet_id = op.packet_id;
                return verdict::emit;
            case o1::line_subscribe_result:
            case o1::line_unsubscribe_result:
            case o1::line_publish_result:
            case o1::line_pubcomp:
                break;
            default:  // answers the client does not read (+MQTTREAD: <connect_id>,0,0: nothing cached)
                return verdict::ignored;
        }
        // An acknowledgement: the running request's kind, and its <mid>.
        const op_kind kind = row == o1::line_subscribe_result     ? op_kind::subscribe
                             : row == o1::line_unsubscribe_result ? op_kind::unsubscribe
                                                       : op_kind::publish;
        // a QoS 1 publish completes on "puback", QoS 2 on "pubcomp"
        const bool final_ack = row == o1::line_subscribe_result || row == o1::line_unsubscribe_result ||
                               (row == o1::line_publish_result) == (op.qos == mqtt::qos::at_least_once);
        if (op.kind != kind || !final_ack || !matches(op, mid)) return verdict::ignored;
        if (row == o1::line_subscribe_result) return subscribed(op, out, v.number + 2, v.count - 2u);  // <code>s
        out.packet_id = op.packet_id;
        out.type = row == o1::line_unsubscribe_result ? event_type::unsubscribed : event_type::published;
        return verdict::done;
    }

    // +MQTTURC: "conn" for this connection: the connect's or disconnect's result, or a change later.
    // `result`: the line is AT+MQTTCONN's (or AT+MQTTDISC's) late result.
    static constexpr verdict on_conn(const op_state& op, bool result, atmqtt::onemo::conn_state_code s,
                                     event& out) noexcept {
        using code = atmqtt::onemo::conn_state_code;
        if (s == code::reconnecting) return verdict::ignored;
        if (op.kind == op_kind::connect && result) {
            if (s == code::connected) {
                out.type = event_type::connected;
                return verdict::done;
            }
            out.type = event_type::disconnected;
            out.reason = s == code::refused ? disconnect_reason::refused : disconnect_reason::modem_error;
            out.error = errc::client_command_failed;
            return verdict::failed;
        }
        if (op.kind == op_kind::disconnect && s == code::disconnected_by_user) {
            out.type = event_type::disconnected;
            out.reason = disconnect_reason::requested;
            return verdict::done;
        }
        if (s == code::connected) return verdict::ignored;
        out.type = event_type::disconnected;
        out.reason = conn_reason(s);
        return verdict::emit;
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
        if (op.id_pending) {
            op.packet_id = static_cast<std::uint16_t>(mid);
            op.id_pending = false;
            return true;
        }
        return op.packet_id == mid;
    }
    static constexpr verdict message(event& out, bytes topic, bytes payload, std::int32_t mid, std::uint32_t offset,
                                     std::uint32_t total) noexcept {
        out.type = event_type::message;
        received(out.message, topic, mid, total);
        out.message.payload = payload;
        out.message.offset = offset;
        return verdict::emit;
    }
};

// The ML307R (the manual's examples run on the ML30x family).
using onemo = onemo_for<atmqtt::onemo::models::ml307r>;
static_assert(detail::results_within(onemo::steps, onemo_steps::lines),
              "every late result and answer row is among the client's lines");
static_assert(detail::results_within(detail::kept_rows<onemo::steps, false, true>::table, onemo_steps::line_table::push_lines),
              "without cache reads too");

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
