// The 14 MQTT 3.1 / 3.1.1 control packets as plain structs. One struct serves both directions: the
// encoder reads it, the decoder fills it with views into the input. Nothing here owns memory.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/list_view.hpp>

#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {

// Protocol level byte of CONNECT: 3 is MQTT 3.1 (name "MQIsdp"), 4 is MQTT 3.1.1 (name "MQTT").
enum class protocol_level : std::uint8_t { v3_1 = 3, v3_1_1 = 4 };

enum class packet_type : std::uint8_t {
    connect = 1,
    connack = 2,
    publish = 3,
    puback = 4,
    pubrec = 5,
    pubrel = 6,
    pubcomp = 7,
    subscribe = 8,
    suback = 9,
    unsubscribe = 10,
    unsuback = 11,
    pingreq = 12,
    pingresp = 13,
    disconnect = 14,
};

enum class qos : std::uint8_t { at_most_once = 0, at_least_once = 1, exactly_once = 2 };

// CONNACK return codes 0-5; 6-255 are reserved and rejected by the decoder.
enum class connect_return_code : std::uint8_t {
    accepted = 0,
    unacceptable_protocol_version = 1,
    identifier_rejected = 2,
    server_unavailable = 3,
    bad_username_or_password = 4,
    not_authorized = 5,
};

// SUBACK return codes: the granted QoS, or failure (0x80, MQTT 3.1.1 only).
enum class suback_return_code : std::uint8_t {
    granted_qos0 = 0x00,
    granted_qos1 = 0x01,
    granted_qos2 = 0x02,
    failure = 0x80,
};

struct will_message {
    bytes topic;    // a topic name: UTF-8, no wildcards, not empty
    bytes payload;  // binary
    mqtt::qos qos = mqtt::qos::at_most_once;
    bool retain = false;
};

// The flags mirror the wire: the decoder reports exactly what the CONNECT flags byte said, and the encoder
// writes a field only when its flag is set.
struct connect {
    protocol_level level = protocol_level::v3_1_1;  // selects the protocol name too
    bool clean_session = true;
    std::uint16_t keep_alive = 0;  // seconds
    bytes client_id;
    bool will_flag = false;
    will_message will;  // meaningful only with will_flag
    bool username_flag = false;
    bytes username;
    bool password_flag = false;
    bytes password;  // binary
};

struct connack {
    bool session_present = false;  // always false at level 3, whose CONNACK has no flags
    connect_return_code return_code = connect_return_code::accepted;
};

struct publish {
    bool dup = false;
    mqtt::qos qos = mqtt::qos::at_most_once;
    bool retain = false;
    bytes topic;
    std::uint16_t packet_id = 0;  // present on the wire only for QoS 1 and 2
    bytes payload;
};

// PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK carry nothing but a packet identifier.
template <packet_type Type>
struct packet_id_only {
    static constexpr packet_type type = Type;
    std::uint16_t packet_id = 0;
};
using puback = packet_id_only<packet_type::puback>;
using pubrec = packet_id_only<packet_type::pubrec>;
using pubrel = packet_id_only<packet_type::pubrel>;
using pubcomp = packet_id_only<packet_type::pubcomp>;
using unsuback = packet_id_only<packet_type::unsuback>;

struct subscription {
    bytes topic_filter;
    mqtt::qos qos = mqtt::qos::at_most_once;  // requested QoS
};

struct subscribe {
    std::uint16_t packet_id = 0;
    list_view<subscription> subscriptions;
};

struct suback {
    std::uint16_t packet_id = 0;
    list_view<suback_return_code> return_codes;
};

struct unsubscribe {
    std::uint16_t packet_id = 0;
    list_view<bytes> topic_filters;
};

// Packets with no variable header and no payload.
template <packet_type Type>
struct empty_packet {
    static constexpr packet_type type = Type;
};
using pingreq = empty_packet<packet_type::pingreq>;
using pingresp = empty_packet<packet_type::pingresp>;
using disconnect = empty_packet<packet_type::disconnect>;

}  // namespace mqtt
ATMQTT_END_NAMESPACE
