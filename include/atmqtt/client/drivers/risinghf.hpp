// The RisingHF driver of the AT client (LTE series MQTT AT commands, standard MQTT mode 2): one client,
// configured with AT+IMQTTMODE / PARA / ADDR / USER / LWTBIN, then AT+IMQTTCONN. The module assigns
// packet ids and names them in its late results (+IMQTTSUB: <packetid>,<qos>, +IMQTTPUBEX: <packetID>,
// <status>). Payloads go out after AT+IMQTTPUBEX's '>' (exactly <size> bytes, any byte value, 1~1024);
// an empty payload goes through AT+IMQTTPUBIN with no hex digits. Received messages are cut by their
// <messageLen>, pushed (+IMQTTRCVPUB) or cached and read on +IMQTTCOUNT (AT+IMQTTRECV=1).
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
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

namespace risinghf_steps {
namespace r = atmqtt::risinghf;
// The lines the client meets (client/detail/lines.hpp): late results and URCs; not the read answers of
// the configuration commands, +IMQTTDYNREG, +IMQTTSTATE or +IMQTTAUTH, nor those of AT+IMQTTSUB? /
// AT+IMQTTUNSUB? / AT+IMQTTPUB? (read forms the client does not send).
inline constexpr std::string_view prefixes[] = {"+IMQTTCONN", "+IMQTTRCVPUB", "+IMQTTCOUNT", "+IMQTTSUB",
                                                "+IMQTTUNSUB", "+IMQTTPUB", "+IMQTTPUBEX", "+IMQTTRECV"};
inline constexpr std::uint8_t read_answers[] = {r::line_sub, r::line_unsub, r::line_pub};
// Only reads from the modem's cache meet these (a client without feature::cache_reads leaves them out).
inline constexpr std::uint8_t cache_only[] = {r::line_message_notice, r::line_message_notice_full, r::line_cache_status,
                                              r::line_recv_message};
using line_table = detail::kept_lines<r::lines, prefixes, read_answers, cache_only>;
inline constexpr const auto& lines = line_table::lines;
// The grammar the engine reads the syntax, final results and prefix aliases from (its lines: `lines`):
// the tolerances of the lines it reads (no AT+IMQTTPARA answer).
inline constexpr at::grammar grammar{"risinghf", {}, {}, r::typed_rows.lexical};

// A row's command: its packed row and its late result's line.
template <const at::command& C>
inline constexpr detail::step_command cmd = detail::step_command_of<C>;

// Each request's commands, in order (client/detail/steps.hpp).
inline constexpr detail::command_step raw[] = {
    {op_kind::connect, when::always, src::end, cmd<r::cmd::imqttmode>, {src::literal | 2, src::tls_flag, src::number3}},
    // TIMEOUT,<s>,CLEAN,<0/1>,KEEPALIVE,<s>,VERSION,<v>: the writer fills in the keys
    {op_kind::connect, when::always, src::end, cmd<r::cmd::imqttpara>,
     {src::omit, src::number1, src::omit, src::clean, src::omit, src::keep_alive, src::omit, src::level_text}},
    {op_kind::connect, when::always, src::end, cmd<r::cmd::imqttaddr>, {src::host, src::port, src::client_id}},
    {op_kind::connect, when::always, src::end, cmd<r::cmd::imqttuser>, {src::user, src::password}},
    // the manual has no way to clear a will: none is set without one
    {op_kind::connect, when::will, src::end, cmd<r::cmd::imqttlwtbin>,
     {src::will_topic, src::will_qos, src::will_payload_hex, src::will_retain}},
    {op_kind::connect, when::always, src::end, cmd<r::cmd::imqttconn>, {}, at::form::execute},
    // <size> is 1~1024: an empty message goes as hex
    {op_kind::publish, when::no_payload, src::end, cmd<r::cmd::imqttpubin>,
     {src::topic, src::qos, src::empty_hex, src::retain}},
    {op_kind::publish, when::payload, src::payload, cmd<r::cmd::imqttpubex>,
     {src::topic, src::qos, src::retain, src::payload_length}},
    {op_kind::subscribe, when::always, src::end, cmd<r::cmd::imqttsub>, {src::filters}},
    {op_kind::unsubscribe, when::always, src::end, cmd<r::cmd::imqttunsub>, {src::filter_topics}},
    {op_kind::disconnect, when::always, src::end, cmd<r::cmd::imqttdisconn>, {}, at::form::execute},
    {op_kind::read_cache, when::always, src::end, cmd<r::cmd::imqttrecv>, {src::literal | 1}},
};

}  // namespace risinghf_steps

struct risinghf {
    bool cache_receive = false;       // <recvMode> 1: cached, announced by +IMQTTCOUNT, read with AT+IMQTTRECV
    std::uint8_t request_timeout_s = 1;  // AT+IMQTTPARA TIMEOUT, 1~3 s
    // With echo on the data after '>' comes back too (the AT+IMQTTPUBEX example: ">test message!!").
    bool echoes_data = true;

    // §4.g: one client, publish and will QoS 0-2, subscribe QoS 0-1, will (LWTBIN: any bytes), TLS (a flag,
    // no context choice), clean session, 3.1 and 3.1.1, messages of 1024 bytes at most, topics and ids of
    // 255 (the table's bound; the manual gives none), one filter per AT+IMQTTSUB.
    static constexpr capabilities caps{true, true, true, true, true, true, true, true, false,
                                       receive_push | receive_cache, 1, 1, 255, 255, 1024, false};
    // The output the longest command needs: AT+IMQTTLWTBIN with the largest will (its message as hex:
    // 2324 bytes); AT+IMQTTPUBEX with the largest topic and payload behind it takes 1303.
    static constexpr std::size_t tx_capacity =
        caps.max_topic + 2u * caps.max_payload + sizeof("AT+IMQTTLWTBIN=,2,,1\r") - 1;
    static constexpr bool host_ids = false;

    // The manual states no response times; these are this library's choices (docs/client.md).
    static constexpr timeout_rule timeouts[] = {
        {"IMQTTCONN", 30000},
        {"IMQTTDISCONN", 10000},
        {"IMQTTSUB", 10000},
        {"IMQTTUNSUB", 10000},
        {"IMQTTPUB", 10000},
        {"IMQTTPUBIN", 10000},
        {"IMQTTPUBEX", 10000},
        {"IMQTTRECV", 5000},
    };
    // Each request's commands (risinghf_steps::raw) with their timeouts; 5 s for the configuration.
    static constexpr const auto& steps = detail::timed_rows<risinghf_steps::raw, timeouts, 5000>::table;

    // What it reads: its lines (client/detail/lines.hpp, packed), grammar and payload rules.
    using reads = detail::driver_reads<risinghf_steps::line_table, risinghf_steps::grammar, at::payload_rules_of<atmqtt::risinghf::grammar>>;

    // The command of step `step` of a request from `rows` (its steps, as the client keeps them); the numbers: -, the request timeout, -, the receive mode.
    constexpr status encode(detail::step_rows rows, const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        const detail::step_numbers n = {0, request_timeout_s, 0, cache_receive ? 1 : 0};
        return detail::write_step<atmqtt::risinghf::full_lexical>(rows, op, step, n, {}, st);
    }

    // What a deferred result or URC means; a line that fits none of its rows is ignored.
    constexpr verdict on_line(op_state& op, const line_match& m, event& out) noexcept {
        namespace r = atmqtt::risinghf;
        if (m.line == detail::no_line) return verdict::ignored;
        const detail::line_values& v = m.values;
        const std::int32_t first = v.number[0];  // <state>, <count>, or the packet id
        const auto row = static_cast<r::line_index>(m.line);
        switch (row) {
            case r::line_connection_state:
                if (op.kind == op_kind::connect && m.result) {
                    if (first >= 0) {  // 0 connected, 1 already connected
                        out.type = event_type::connected;
                        return verdict::done;
                    }
                    out.type = event_type::disconnected;
                    out.reason = disconnect_reason::modem_error;
                    out.error = errc::client_command_failed;
                    return verdict::failed;
                }
                if (first >= 0) return verdict::ignored;
                out.type = event_type::disconnected;
                if (op.kind == op_kind::disconnect) {
                    out.reason = disconnect_reason::requested;
                    return verdict::done;
                }
                out.reason = disconnect_reason::link_lost;  // -1: the manual gives no cause
                return verdict::emit;
            case r::line_received_message:
            case r::line_recv_message:  // <packetid>,<topic>,<messageLen>,<message>
                out.type = event_type::message;
                received(out.message, v.text[1], first, static_cast<std::uint32_t>(v.text[3].size()), false);
                out.message.payload = v.text[3];
                return verdict::emit;
            case r::line_message_notice:
            case r::line_message_notice_full:  // <count>, or "FULL": every slot taken
                if (row == r::line_message_notice && first == 0) return verdict::ignored;
                out.packet_id = next_slot_;
                next_slot_ = static_cast<std::uint8_t>((next_slot_ + 1) & 7);
                return verdict::read_cache;
            case r::line_subscribe_result:  // <packetid>,<qos>
                if (op.kind != op_kind::subscribe) return verdict::ignored;
                op.packet_id = static_cast<std::uint16_t>(first);
                return subscribed(op, out, v.number + 1, 1);
            case r::line_unsubscribe_result:
            case r::line_publish_result:
            case r::line_pubex_result: {  // <packetid>,<status>
                const bool unsub = row == r::line_unsubscribe_result;
                if (op.kind != (unsub ? op_kind::unsubscribe : op_kind::publish)) return verdict::ignored;
                op.packet_id = static_cast<std::uint16_t>(first);
                if (v.number[1] != 0) return request_failed(op, out, errc::client_command_failed);
                out.packet_id = op.packet_id;
                out.type = unsub ? event_type::unsubscribed : event_type::published;
                return verdict::done;
            }
            default:
                return verdict::ignored;
        }
    }

    // A +IMQTTRCVPUB or +IMQTTRECV whose message does not fit the line buffer: its head (packetid,
    // topic); the client hands the message out in chunks.
    constexpr bool long_message(const line_match& head, std::uint32_t size, message_view& m) const noexcept {
        const detail::line_values& v = head.values;
        if (v.count < 2) return false;  // (packetid, topic) read
        received(m, v.text[1], v.number[0], size, false);  // <packetid> is printed for QoS 0 too
        return true;
    }

private:
    std::uint8_t next_slot_ = 0;
};
static_assert(detail::results_within(risinghf::steps, risinghf_steps::lines),
              "every late result is among the client's lines");
static_assert(detail::results_within(detail::kept_rows<risinghf::steps, false, true>::table, risinghf_steps::line_table::push_lines),
              "without cache reads too");

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
