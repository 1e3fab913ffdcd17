// The 14 MQTT 3.1 / 3.1.1 control packets as plain structs. One struct serves both directions: the
// encoder reads it, the decoder fills it with views into the input. Nothing here owns memory.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/list_view.hpp>

#include <cstdint>
#include <type_traits>

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

    friend constexpr bool operator==(const will_message& a, const will_message& b) noexcept {
        return a.topic == b.topic && a.payload == b.payload && a.qos == b.qos && a.retain == b.retain;
    }
    friend constexpr bool operator!=(const will_message& a, const will_message& b) noexcept { return !(a == b); }
};

// The flags mirror the wire: the decoder reports exactly what the CONNECT flags byte said, and the encoder
// writes a field only when its flag is set. A field whose flag is clear is ignored by the encoder and by
// operator== (the decoder leaves it empty).
struct connect {
    static constexpr packet_type type = packet_type::connect;
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

    friend constexpr bool operator==(const connect& a, const connect& b) noexcept {
        return a.level == b.level && a.clean_session == b.clean_session && a.keep_alive == b.keep_alive &&
               a.client_id == b.client_id && a.will_flag == b.will_flag && (!a.will_flag || a.will == b.will) &&
               a.username_flag == b.username_flag && (!a.username_flag || a.username == b.username) &&
               a.password_flag == b.password_flag && (!a.password_flag || a.password == b.password);
    }
    friend constexpr bool operator!=(const connect& a, const connect& b) noexcept { return !(a == b); }
};

struct connack {
    static constexpr packet_type type = packet_type::connack;
    bool session_present = false;  // always false at level 3, whose CONNACK has no flags
    connect_return_code return_code = connect_return_code::accepted;

    friend constexpr bool operator==(const connack& a, const connack& b) noexcept {
        return a.session_present == b.session_present && a.return_code == b.return_code;
    }
    friend constexpr bool operator!=(const connack& a, const connack& b) noexcept { return !(a == b); }
};

struct publish {
    static constexpr packet_type type = packet_type::publish;
    bool dup = false;
    mqtt::qos qos = mqtt::qos::at_most_once;
    bool retain = false;
    bytes topic;
    std::uint16_t packet_id = 0;  // present on the wire only for QoS 1 and 2; ignored (not written) at QoS 0
    bytes payload;

    friend constexpr bool operator==(const publish& a, const publish& b) noexcept {
        return a.dup == b.dup && a.qos == b.qos && a.retain == b.retain && a.topic == b.topic &&
               (a.qos == mqtt::qos::at_most_once || a.packet_id == b.packet_id) && a.payload == b.payload;
    }
    friend constexpr bool operator!=(const publish& a, const publish& b) noexcept { return !(a == b); }
};

// PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK carry nothing but a packet identifier.
template <packet_type Type>
struct packet_id_only {
    static constexpr packet_type type = Type;
    std::uint16_t packet_id = 0;

    friend constexpr bool operator==(const packet_id_only& a, const packet_id_only& b) noexcept {
        return a.packet_id == b.packet_id;
    }
    friend constexpr bool operator!=(const packet_id_only& a, const packet_id_only& b) noexcept { return !(a == b); }
};
using puback = packet_id_only<packet_type::puback>;
using pubrec = packet_id_only<packet_type::pubrec>;
using pubrel = packet_id_only<packet_type::pubrel>;
using pubcomp = packet_id_only<packet_type::pubcomp>;
using unsuback = packet_id_only<packet_type::unsuback>;

struct subscription {
    bytes topic_filter;
    mqtt::qos qos = mqtt::qos::at_most_once;  // requested QoS

    friend constexpr bool operator==(const subscription& a, const subscription& b) noexcept {
        return a.topic_filter == b.topic_filter && a.qos == b.qos;
    }
    friend constexpr bool operator!=(const subscription& a, const subscription& b) noexcept { return !(a == b); }
};

namespace detail {
template <>
struct wire_element<subscription> {  // length-prefixed filter, then the requested-QoS byte
    static constexpr subscription read(bytes w, std::size_t at) noexcept {
        const std::size_t n = wire_u16(w, at);
        return {w.substr(at + 2, n), static_cast<mqtt::qos>(octet(w, at + 2 + n))};
    }
    static constexpr std::size_t next(bytes w, std::size_t at) noexcept { return at + 3 + wire_u16(w, at); }
};
template <>
struct wire_element<suback_return_code> {  // one byte each
    static constexpr suback_return_code read(bytes w, std::size_t at) noexcept {
        return static_cast<suback_return_code>(octet(w, at));
    }
    static constexpr std::size_t next(bytes, std::size_t at) noexcept { return at + 1; }
};
}  // namespace detail

// SUBSCRIBE, SUBACK and UNSUBSCRIBE: a packet identifier and a list (detail::list_of names it), equal when
// both are.
struct subscribe {
    static constexpr packet_type type = packet_type::subscribe;
    std::uint16_t packet_id = 0;
    list_view<subscription> subscriptions;
};
struct suback {
    static constexpr packet_type type = packet_type::suback;
    std::uint16_t packet_id = 0;
    list_view<suback_return_code> return_codes;
};
struct unsubscribe {
    static constexpr packet_type type = packet_type::unsubscribe;
    std::uint16_t packet_id = 0;
    list_view<bytes> topic_filters;
};

namespace detail {
constexpr const list_view<subscription>& list_of(const subscribe& p) noexcept { return p.subscriptions; }
constexpr const list_view<suback_return_code>& list_of(const suback& p) noexcept { return p.return_codes; }
constexpr const list_view<bytes>& list_of(const unsubscribe& p) noexcept { return p.topic_filters; }
}  // namespace detail

template <class P, class = decltype(detail::list_of(std::declval<const P&>()))>
constexpr bool operator==(const P& a, const P& b) noexcept {
    return a.packet_id == b.packet_id && detail::list_of(a) == detail::list_of(b);
}
template <class P, class = decltype(detail::list_of(std::declval<const P&>()))>
constexpr bool operator!=(const P& a, const P& b) noexcept {
    return !(a == b);
}

// Packets with no variable header and no payload.
template <packet_type Type>
struct empty_packet {
    static constexpr packet_type type = Type;

    friend constexpr bool operator==(const empty_packet&, const empty_packet&) noexcept { return true; }
    friend constexpr bool operator!=(const empty_packet&, const empty_packet&) noexcept { return false; }
};
using pingreq = empty_packet<packet_type::pingreq>;
using pingresp = empty_packet<packet_type::pingresp>;
using disconnect = empty_packet<packet_type::disconnect>;

// Any one of the 14 packets: what decode() returns and what encode() also accepts. A tagged union of the
// structs above (no std::variant: it is neither small nor constexpr-friendly in C++17). Default: PINGREQ.
class packet {
public:
    constexpr packet() noexcept : type_(packet_type::pingreq), u_() {}
    // From any of the 14 structs above (each names its packet_type).
    template <class T, class = std::enable_if_t<std::is_same_v<decltype(T::type), const packet_type>>>
    constexpr packet(const T& v) noexcept : type_(T::type), u_(v) {}  // NOLINT: implicit by design

    constexpr packet_type type() const noexcept { return type_; }

    // The packet as T, or nullptr when it holds another type.
    template <class T>
    constexpr const T* get_if() const noexcept {
        return type_ == T::type ? u_.get(static_cast<const T*>(nullptr)) : nullptr;
    }

    // Calls fn with the held struct (const&) and returns what fn returns (the same type for every struct).
    template <class F>
    constexpr decltype(auto) visit(F&& fn) const {
        switch (type_) {
            case packet_type::connect: return fn(u_.connect_);
            case packet_type::connack: return fn(u_.connack_);
            case packet_type::publish: return fn(u_.publish_);
            case packet_type::puback: return fn(u_.puback_);
            case packet_type::pubrec: return fn(u_.pubrec_);
            case packet_type::pubrel: return fn(u_.pubrel_);
            case packet_type::pubcomp: return fn(u_.pubcomp_);
            case packet_type::subscribe: return fn(u_.subscribe_);
            case packet_type::suback: return fn(u_.suback_);
            case packet_type::unsubscribe: return fn(u_.unsubscribe_);
            case packet_type::unsuback: return fn(u_.unsuback_);
            case packet_type::pingreq: break;
            case packet_type::pingresp: return fn(u_.pingresp_);
            case packet_type::disconnect: return fn(u_.disconnect_);
        }
        return fn(u_.pingreq_);
    }

    friend constexpr bool operator==(const packet& a, const packet& b) noexcept {
        return a.type_ == b.type_ && a.visit([&b](const auto& x) {
            return x == *b.get_if<std::remove_cv_t<std::remove_reference_t<decltype(x)>>>();
        });
    }
    friend constexpr bool operator!=(const packet& a, const packet& b) noexcept { return !(a == b); }

private:
    union storage {
        constexpr storage() noexcept : pingreq_() {}
        constexpr storage(const connect& v) noexcept : connect_(v) {}
        constexpr storage(const connack& v) noexcept : connack_(v) {}
        constexpr storage(const publish& v) noexcept : publish_(v) {}
        constexpr storage(const puback& v) noexcept : puback_(v) {}
        constexpr storage(const pubrec& v) noexcept : pubrec_(v) {}
        constexpr storage(const pubrel& v) noexcept : pubrel_(v) {}
        constexpr storage(const pubcomp& v) noexcept : pubcomp_(v) {}
        constexpr storage(const subscribe& v) noexcept : subscribe_(v) {}
        constexpr storage(const suback& v) noexcept : suback_(v) {}
        constexpr storage(const unsubscribe& v) noexcept : unsubscribe_(v) {}
        constexpr storage(const unsuback& v) noexcept : unsuback_(v) {}
        constexpr storage(const pingreq& v) noexcept : pingreq_(v) {}
        constexpr storage(const pingresp& v) noexcept : pingresp_(v) {}
        constexpr storage(const disconnect& v) noexcept : disconnect_(v) {}

        // Overloads chosen by a typed null pointer, so get_if needs no per-type code.
        constexpr const connect* get(const connect*) const noexcept { return &connect_; }
        constexpr const connack* get(const connack*) const noexcept { return &connack_; }
        constexpr const publish* get(const publish*) const noexcept { return &publish_; }
        constexpr const puback* get(const puback*) const noexcept { return &puback_; }
        constexpr const pubrec* get(const pubrec*) const noexcept { return &pubrec_; }
        constexpr const pubrel* get(const pubrel*) const noexcept { return &pubrel_; }
        constexpr const pubcomp* get(const pubcomp*) const noexcept { return &pubcomp_; }
        constexpr const subscribe* get(const subscribe*) const noexcept { return &subscribe_; }
        constexpr const suback* get(const suback*) const noexcept { return &suback_; }
        constexpr const unsubscribe* get(const unsubscribe*) const noexcept { return &unsubscribe_; }
        constexpr const unsuback* get(const unsuback*) const noexcept { return &unsuback_; }
        constexpr const pingreq* get(const pingreq*) const noexcept { return &pingreq_; }
        constexpr const pingresp* get(const pingresp*) const noexcept { return &pingresp_; }
        constexpr const disconnect* get(const disconnect*) const noexcept { return &disconnect_; }

        mqtt::connect connect_;
        mqtt::connack connack_;
        mqtt::publish publish_;
        mqtt::puback puback_;
        mqtt::pubrec pubrec_;
        mqtt::pubrel pubrel_;
        mqtt::pubcomp pubcomp_;
        mqtt::subscribe subscribe_;
        mqtt::suback suback_;
        mqtt::unsubscribe unsubscribe_;
        mqtt::unsuback unsuback_;
        mqtt::pingreq pingreq_;
        mqtt::pingresp pingresp_;
        mqtt::disconnect disconnect_;
    };

    packet_type type_;
    storage u_;
};

}  // namespace mqtt
ATMQTT_END_NAMESPACE
