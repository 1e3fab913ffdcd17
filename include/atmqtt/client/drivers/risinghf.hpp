// The RisingHF driver of the AT client (LTE series MQTT AT commands, standard MQTT mode 2): one client,
// configured with AT+IMQTTMODE / PARA / ADDR / USER / LWTBIN, then AT+IMQTTCONN. The module assigns
// packet ids and names them in its late results (+IMQTTSUB: <packetid>,<qos>, +IMQTTPUBEX: <packetID>,
// <status>). Payloads go out after AT+IMQTTPUBEX's '>' (exactly <size> bytes, any byte value, 1~1024);
// an empty payload goes through AT+IMQTTPUBIN with no hex digits. Received messages are cut by their
// <messageLen>, pushed (+IMQTTRCVPUB) or cached and read on +IMQTTCOUNT (AT+IMQTTRECV=1).
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
#include <atmqtt/dialect/risinghf/commands.hpp>
#include <atmqtt/dialect/risinghf/responses.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

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

    static constexpr const at::grammar& grammar() noexcept { return atmqtt::risinghf::grammar; }
    static constexpr span<const at::payload_rule> payload_rules() noexcept { return atmqtt::risinghf::payload_rule_span; }
    static constexpr at::syntax lexical() noexcept { return atmqtt::risinghf::lexical; }

    constexpr status encode(const op_state& op, std::uint8_t step, step_out& st) const noexcept {
        namespace r = atmqtt::risinghf;
        switch (op.kind) {
            case op_kind::connect: {
                const connect_options& o = *op.options;
                switch (step) {
                    case 0: return put(r::mode_config{2, o.tls_context >= 0 ? 1 : 0, cache_receive ? 1 : 0}, st);
                    case 1:
                        return put(r::para_config{request_timeout_s, o.clean_session ? 1 : 0, o.keep_alive_s,
                                                  o.level == mqtt::protocol_level::v3_1 ? "3.1" : "3.1.1"},
                                   st);
                    case 2: return put(r::addr_config{o.host, o.port, o.client_id}, st);
                    case 3:
                        return put(r::user_config{o.username_flag ? std::string_view(o.username) : std::string_view(),
                                                  o.password_flag ? std::string_view(o.password) : std::string_view()},
                                   st);
                    case 4:
                        if (!o.will_flag) {
                            st.skip = true;  // the manual has no way to clear a will: none is set
                            return {};
                        }
                        return put(r::will_bin{o.will.topic, static_cast<std::int32_t>(o.will.qos), o.will.payload,
                                               o.will.retain ? 1 : 0},
                                   st);
                    case 5: return put(r::connect, st);
                    default: break;
                }
                break;
            }
            case op_kind::publish:
                if (step != 0) break;
                if (op.payload.empty())  // <size> is 1~1024: an empty message goes as hex
                    return put(r::publish_hex{op.topic, static_cast<std::int32_t>(op.qos), {}, op.retain ? 1 : 0}, st);
                return put(r::publish_ex{op.topic, static_cast<std::int32_t>(op.qos), op.retain ? 1 : 0,
                                         static_cast<std::int32_t>(op.payload.size())},
                           st, op.payload);
            case op_kind::subscribe:
                if (step != 0) break;
                return put(r::subscribe{op.filters[0].topic_filter, static_cast<std::int32_t>(op.filters[0].qos)}, st);
            case op_kind::unsubscribe:
                if (step != 0) break;
                return put(r::unsubscribe{op.unsub_filters[0]}, st);
            case op_kind::disconnect:
                if (step != 0) break;
                return put(r::disconnect, st);
            case op_kind::read_cache:
                if (step != 0) break;
                return put(r::receive{1}, st);
            case op_kind::none:
                break;
        }
        st.end = true;
        return {};
    }

    constexpr verdict on_line(op_state& op, const at::routed& rt, const at::event& ev, event& out) noexcept {
        namespace r = atmqtt::risinghf;
        if (rt.desc == nullptr) return verdict::ignored;
        const auto row = static_cast<r::line_index>(rt.desc - r::lines);
        switch (row) {
            case r::urc_conn: {
                result<r::connection_state> c = at::decode_as<r::connection_state>(ev);
                if (!c) return verdict::ignored;
                if (op.kind == op_kind::connect && rt.kind == at::route::deferred) {
                    if (c->state >= 0) {  // 0 connected, 1 already connected
                        out.type = event_type::connected;
                        return verdict::done;
                    }
                    out.type = event_type::disconnected;
                    out.reason = disconnect_reason::modem_error;
                    out.error = errc::client_command_failed;
                    return verdict::failed;
                }
                if (c->state >= 0) return verdict::ignored;
                out.type = event_type::disconnected;
                if (op.kind == op_kind::disconnect) {
                    out.reason = disconnect_reason::requested;
                    return verdict::done;
                }
                out.reason = disconnect_reason::link_lost;  // -1: the manual gives no cause
                return verdict::emit;
            }
            case r::urc_rcvpub:
            case r::rsp_recv_message: {
                result<r::received_message> m = row == r::urc_rcvpub ? at::decode_as<r::received_message>(ev) : r::decode_recv_message(ev);
                if (!m) return verdict::ignored;
                out.type = event_type::message;
                received(out.message, m->topic, m->packet_id, static_cast<std::uint32_t>(m->message.size()));
                out.message.payload = m->message;
                return verdict::emit;
            }
            case r::urc_count:
            case r::urc_count_full: {
                result<r::cache_count> n = r::decode_count(ev);
                if (!n || n->count == 0) return verdict::ignored;
                out.packet_id = next_slot_;
                next_slot_ = static_cast<std::uint8_t>((next_slot_ + 1) & 7);
                return verdict::read_cache;
            }
            case r::def_sub: {
                result<r::subscribe_result> s = at::decode_as<r::subscribe_result>(ev);
                if (!s || op.kind != op_kind::subscribe) return verdict::ignored;
                op.packet_id = static_cast<std::uint16_t>(s->packet_id);
                const std::int32_t granted[] = {s->qos};
                return subscribed(op, out, granted, 1);
            }
            case r::def_unsub:
            case r::def_pub:
            case r::def_pubex: {
                const bool unsub = row == r::def_unsub;
                r::publish_result p{};  // the three rows have the same fields
                if (!at::decode_into(*rt.desc, ev, p) || op.kind != (unsub ? op_kind::unsubscribe : op_kind::publish))
                    return verdict::ignored;
                op.packet_id = static_cast<std::uint16_t>(p.packet_id);
                if (p.status != 0) return request_failed(op, out, errc::client_command_failed);
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
    constexpr bool long_message(const at::event& head, std::uint32_t size, message_view& m) const noexcept {
        at::field f[2];
        head_fields(head, atmqtt::risinghf::lexical, f);
        const result<std::int64_t> id = f[0].integer();
        if (!id) return false;
        received(m, f[1].text, static_cast<std::int32_t>(*id), size);
        return true;
    }

private:
    std::uint8_t next_slot_ = 0;

    static constexpr void received(message_view& m, bytes topic, std::int32_t packetid, std::uint32_t total) noexcept {
        m.topic = topic;
        m.total = total;
        m.packet_id = static_cast<std::uint16_t>(packetid);
        // <packetid> is printed for QoS 0 messages too (the examples): the QoS is not known; 0.
        m.qos = mqtt::qos::at_most_once;
    }

    template <class C>
    constexpr status put(const C& c, step_out& st, bytes data = {}) const noexcept {
        return stage(st, atmqtt::risinghf::encode(c, st.out), C::binding::row, at::form::set,
                     timeout_for(timeouts, C::binding::row.name, {}, 5000), data);
    }
    constexpr status put(at::form_of f, step_out& st) const noexcept {
        return stage(st, atmqtt::risinghf::encode(f, st.out), *f.row, f.which, timeout_for(timeouts, f.row->name, {}, 5000), {});
    }
};

}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
