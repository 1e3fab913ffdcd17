// What a modem's built-in MQTT stack can carry, and how long each of its commands may take, as data a
// driver states once (client/drivers/<vendor>.hpp). The AT client refuses a request the modem cannot
// carry with a specific errc before writing anything: never a silent downgrade (QoS 2 sent as QoS 1, a
// will dropped, a payload cut).
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {

// How received messages reach the host: pushed in a URC, or kept in the modem and read on notice.
enum receive_modes : std::uint8_t { receive_push = 1, receive_cache = 2 };

struct capabilities {
    bool qos1 = true;
    bool qos2 = true;
    bool will = true;
    bool tls = true;
    bool clean_session_choice = true;  // clean session off (a persistent session) can be asked for
    bool protocol_3_1 = true;          // MQTT 3.1 (MQIsdp) as well as 3.1.1
    bool binary_payload = true;        // any byte value, CR LF, quotes and commas included, in both directions
    bool acknowledged = true;          // the module reports PUBACK / PUBCOMP / SUBACK to the host
    bool session_present = false;      // the module reports CONNACK's session-present flag
    std::uint8_t receive = receive_push;
    std::uint8_t client_slots = 1;     // MQTT clients the module runs at once
    std::uint8_t max_filters = 1;      // topic filters per subscribe command
    std::uint16_t max_topic = 256;     // bytes of a topic name or filter
    std::uint16_t max_client_id = 256;
    std::uint32_t max_payload = 0;     // bytes of one published payload
    bool subscribe_qos2 = true;        // QoS 2 may be asked for in a subscription (RisingHF: 0-1 only)
};

// A modem whose data mode has no delimiters (USR after its restart into MQTT mode): frames and the escape
// back to command mode are told apart by idle time on the serial line, so the client keeps the line quiet
// around them and ends a received frame when the line has been quiet long enough. The caller's time comes
// in through poll(now); next_deadline() says when the next of these times is up.
struct idle_framing {
    time_ms guard_ms;    // quiet before the escape "+++" (no byte in the module's packing interval before it)
    time_ms answer_ms;   // the longest the module takes to answer each step of the escape ('a', "+ok")
    time_ms gap_ms;      // quiet that ends a frame, in either direction (the module's packing interval)
    time_ms restart_ms;  // from the save-and-restart command's OK until the module is back and connected
};

// A request against the capabilities: the errc that refuses it, or ok.
constexpr status check_publish(const capabilities& c, bytes topic, std::size_t payload, mqtt::qos q) noexcept {
    if ((q == mqtt::qos::at_least_once && !c.qos1) || (q == mqtt::qos::exactly_once && !c.qos2))
        return errc::client_unsupported_qos;
    if (topic.empty() || topic.size() > c.max_topic) return {errc::client_topic_too_long, topic.size()};
    if (payload > c.max_payload) return {errc::client_payload_too_long, payload};
    return {};
}
constexpr status check_filter(const capabilities& c, bytes filter, mqtt::qos q) noexcept {
    if ((q == mqtt::qos::at_least_once && !c.qos1) || (q == mqtt::qos::exactly_once && !(c.qos2 && c.subscribe_qos2)))
        return errc::client_unsupported_qos;
    if (filter.empty() || filter.size() > c.max_topic) return {errc::client_topic_too_long, filter.size()};
    return {};
}
constexpr status check_connect(const capabilities& c, const connect_options& o) noexcept {
    if (o.level == mqtt::protocol_level::v3_1 && !c.protocol_3_1) return errc::client_unsupported_option;
    if (!o.clean_session && !c.clean_session_choice) return errc::client_unsupported_option;
    if (o.tls_context >= 0 && !c.tls) return errc::client_unsupported_tls;
    if (o.client_id.empty() || o.client_id.size() > c.max_client_id) return errc::mqtt_invalid_client_id;
    if (o.will_flag) {
        if (!c.will) return errc::client_unsupported_will;
        status s = check_publish(c, o.will.topic, o.will.payload.size(), o.will.qos);
        if (!s) return {errc::client_unsupported_will, s.offset()};
    }
    return {};
}

// The longest a command may take before its final and deferred results are in, from the manual. A
// command the table does not name gets the driver's default. `scale`: the manual states the time in
// terms of configured values (Quectel: <pkt_timeout>, or <pkt_timeout> x <retry_times>).
// OneMO: the retransmission interval doubles per retry, so the last result comes after
// interval x (2^(retries+1) - 1) (retries_doubling).
enum class timeout_scale : std::uint8_t { fixed, packet, packet_times_retries, retries_doubling };
struct timeout_rule {
    std::string_view command;  // the command's name without "AT+"
    time_ms ms;                // fixed: the time; scaled: ignored
    timeout_scale scale = timeout_scale::fixed;
};

struct packet_timing {
    std::uint16_t packet_timeout_s = 5;
    std::uint8_t retries = 3;
};

// A rule's time under the configured timing.
constexpr time_ms timeout_of(time_ms ms, timeout_scale scale, packet_timing t) noexcept {
    const time_ms packet = static_cast<time_ms>(t.packet_timeout_s) * 1000u;
    if (scale == timeout_scale::packet) return packet;
    if (scale == timeout_scale::packet_times_retries) return packet * (t.retries == 0 ? 1u : t.retries);
    if (scale == timeout_scale::retries_doubling) return packet * ((2u << (t.retries & 7)) - 1u);
    return ms;
}

constexpr time_ms timeout_for(span<const timeout_rule> rules, std::string_view command, packet_timing t,
                              time_ms fallback) noexcept {
    for (const timeout_rule& r : rules) {
        if (r.command == command) return timeout_of(r.ms, r.scale, t);
    }
    return fallback;
}

}  // namespace client
ATMQTT_END_NAMESPACE
