// The client vocabulary: what an application asks for (connect options, requests) and what it gets back
// (events, disconnect reasons). Shared by every engine that speaks MQTT for the application: the raw MQTT
// session (client/session.hpp) and the MQTT-over-AT client, so application code does not change with the
// link. Nothing here owns memory; views in an event point into the engine's buffers.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/list_view.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {

// The caller's monotonic clock in milliseconds. 32 bits wrap after 49.7 days; engines compare times by
// their difference, so a wrap is harmless as long as no deadline lies more than 24 days ahead.
using time_ms = std::uint32_t;

// `now` is at or after `deadline` on a clock that may have wrapped.
constexpr bool reached(time_ms now, time_ms deadline) noexcept {
    return static_cast<std::int32_t>(now - deadline) >= 0;
}

struct connect_options {
    mqtt::protocol_level level = mqtt::protocol_level::v3_1_1;
    bytes client_id;
    bool clean_session = true;
    std::uint16_t keep_alive_s = 60;  // 0: no keep-alive (no PINGREQ)
    bool will_flag = false;
    mqtt::will_message will;
    bool username_flag = false;
    bytes username;
    bool password_flag = false;
    bytes password;
    // How long to wait for CONNACK after CONNECT and for PINGRESP after PINGREQ.
    std::uint16_t response_timeout_ms = 10000;
    // Engines over a modem's built-in MQTT stack (client/at_client.hpp) open the network link themselves:
    // the broker's host and port, and the modem's TLS context (-1: plain TCP). The raw session ignores them
    // (its caller opens the link).
    bytes host;
    std::uint16_t port = 1883;
    std::int8_t tls_context = -1;
};

// Why a connection ended. Append-only, like errc.
enum class disconnect_reason : std::uint8_t {
    requested = 0,           // the application called disconnect()
    refused = 1,             // CONNACK with a non-zero return code (event::return_code)
    connect_timeout = 2,     // no CONNACK within response_timeout_ms
    ping_timeout = 3,        // no PINGRESP within response_timeout_ms of the PINGREQ
    protocol_violation = 4,  // the broker broke a rule of the protocol level in use (event::error says which)
    link_lost = 5,           // the application reported the link gone (connection_lost()), or the modem did
    modem_error = 6,         // the modem refused a command of the connection (ERROR, a failure result; `error`)
    link_closed = 7,         // the modem reports the broker or the network closed the connection
    module_reset_needed = 8,  // the modem no longer answers as its manual says: reset it, then connect() again
    command_timeout = 9,     // the modem gave no result within the manual's maximum response time
};

constexpr std::string_view to_string(disconnect_reason r) noexcept {
    switch (r) {
        case disconnect_reason::requested: return "requested";
        case disconnect_reason::refused: return "refused";
        case disconnect_reason::connect_timeout: return "connect_timeout";
        case disconnect_reason::ping_timeout: return "ping_timeout";
        case disconnect_reason::protocol_violation: return "protocol_violation";
        case disconnect_reason::link_lost: return "link_lost";
        case disconnect_reason::modem_error: return "modem_error";
        case disconnect_reason::link_closed: return "link_closed";
        case disconnect_reason::module_reset_needed: return "module_reset_needed";
        case disconnect_reason::command_timeout: return "command_timeout";
    }
    return "unknown";
}

// Which request an acknowledgement or a loss concerns.
enum class request_kind : std::uint8_t { publish = 0, subscribe = 1, unsubscribe = 2 };

enum class event_type : std::uint8_t {
    none = 0,
    connected = 1,        // session_present
    subscribed = 2,       // packet_id, granted (one code per filter, in request order)
    unsubscribed = 3,     // packet_id
    published = 4,        // packet_id: a QoS 1 PUBLISH acknowledged (PUBACK) or QoS 2 completed (PUBCOMP)
    message = 5,          // message: one chunk of an incoming PUBLISH
    message_skipped = 6,  // message (topic empty, payload empty): a PUBLISH whose header did not fit, skipped
    lost = 7,             // packet_id, kind: an unacknowledged request the new session no longer knows
    disconnected = 8,     // reason (and return_code or error)
    error = 9,            // error, packet_id: something the engine tolerated but reports (no disconnect);
                          // from the AT client also a request the modem failed (kind, packet_id, error)
    publish_received = 10,  // packet_id: the broker has a QoS 2 PUBLISH (PUBREC); `published` follows on
                            // PUBCOMP. From the AT client where the module reports it (OneMO's "pubrec").
};

constexpr std::string_view to_string(event_type t) noexcept {
    switch (t) {
        case event_type::none: return "none";
        case event_type::connected: return "connected";
        case event_type::subscribed: return "subscribed";
        case event_type::unsubscribed: return "unsubscribed";
        case event_type::published: return "published";
        case event_type::message: return "message";
        case event_type::message_skipped: return "message_skipped";
        case event_type::lost: return "lost";
        case event_type::disconnected: return "disconnected";
        case event_type::error: return "error";
        case event_type::publish_received: return "publish_received";
    }
    return "unknown";
}

// An incoming message, or one chunk of it. A message that fits the receive buffer comes as one event with
// offset 0 and payload.size() == total; a larger one as several, offsets increasing, the last ending at total.
struct message_view {
    bytes topic;
    bytes payload;            // this chunk
    std::uint32_t offset = 0;  // of this chunk within the whole payload
    std::uint32_t total = 0;   // the whole payload's size
    mqtt::qos qos = mqtt::qos::at_most_once;
    bool retain = false;
    bool dup = false;
    std::uint16_t packet_id = 0;  // 0 at QoS 0

    constexpr bool last_chunk() const noexcept { return offset + payload.size() == total; }
};

// One event. Which members mean something depends on `type` (see event_type); the rest keep their defaults.
// Views stay valid until the next call of any member of the engine that returned it.
struct event {
    event_type type = event_type::none;
    std::uint16_t packet_id = 0;
    bool session_present = false;
    request_kind kind = request_kind::publish;
    disconnect_reason reason = disconnect_reason::requested;
    mqtt::connect_return_code return_code = mqtt::connect_return_code::accepted;
    errc error = errc::ok;
    mqtt::list_view<mqtt::suback_return_code> granted;
    message_view message;

    constexpr explicit operator bool() const noexcept { return type != event_type::none; }
};

}  // namespace client
ATMQTT_END_NAMESPACE
