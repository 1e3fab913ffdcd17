// Encoding: packet struct -> bytes in the caller's buffer. encoded_size() runs every check the encoder
// runs and returns the exact size, so encode() can check the buffer once and then write without failing:
// on buffer_too_small nothing at all is written (offset() then holds the size needed).
// All checks are the decoder's, so whatever encodes also decodes (see docs/mqtt-conformance.md).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/framing.hpp>
#include <atmqtt/mqtt/packet.hpp>
#include <atmqtt/mqtt/topic.hpp>
#include <atmqtt/mqtt/utf8.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

constexpr std::size_t max_v31_client_id_chars = 23;

// Code points in well-formed UTF-8: every byte that is not a continuation byte starts one.
constexpr std::size_t utf8_length(bytes s) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) n += (octet(s, i) & 0xc0) != 0x80;
    return n;
}

// Client identifier rules of each level: 3.1 wants 1..23 characters; 3.1.1 allows an empty one only
// with a clean session [MQTT-3.1.3-7]. Both: a UTF-8 string [MQTT-3.1.3-4].
constexpr errc check_client_id(bytes id, protocol_level level, bool clean_session) noexcept {
    const status utf8 = validate_utf8(id);
    if (!utf8) return utf8.error();
    if (level == protocol_level::v3_1) {
        const std::size_t n = utf8_length(id);
        return n >= 1 && n <= max_v31_client_id_chars ? errc::ok : errc::mqtt_invalid_client_id;
    }
    return id.empty() && !clean_session ? errc::mqtt_invalid_client_id : errc::ok;
}

constexpr bool valid_suback_code(std::uint8_t c, protocol_level level) noexcept {
    return c <= 2 || (c == 0x80 && level != protocol_level::v3_1);  // 0x80 (failure) is new in 3.1.1
}

// Writes a packet body, or only counts it when `out` is null. The first failed check is kept; later
// writes still advance `pos` but the result is discarded.
struct body_writer {
    char* out = nullptr;
    std::size_t pos = 0;
    errc error = errc::ok;

    constexpr void fail(errc e) noexcept {
        if (error == errc::ok) error = e;
    }
    constexpr void check(errc e) noexcept {
        if (e != errc::ok) fail(e);
    }
    constexpr void check(status s) noexcept { check(s.error()); }
    // The validating pass is the sizing one (out == null); encode() writes only after it passed on the same
    // packet, so the writing pass skips the content checks (topic and UTF-8 scans were half its cost).
    constexpr bool validating() const noexcept { return out == nullptr; }
    constexpr void u8(unsigned v) noexcept {
        if (out != nullptr) out[pos] = static_cast<char>(v & 0xffu);
        ++pos;
    }
    constexpr void u16(std::size_t v) noexcept {
        u8(static_cast<unsigned>(v >> 8));
        u8(static_cast<unsigned>(v));
    }
    constexpr void raw(bytes b) noexcept {
        // One bulk copy (memcpy at run time): a per-byte store through `out` may alias the writer, so
        // the compiler reloaded out and pos on every byte.
        if (out != nullptr) ::atmqtt::detail::copy_bytes(out + pos, b.data(), b.size());
        pos += b.size();
    }
    // A length-prefixed field (string or binary data).
    constexpr void field(bytes b) noexcept {
        if (b.size() > max_string_size) return fail(errc::mqtt_string_too_long);
        u16(b.size());
        raw(b);
    }
    constexpr void packet_id(std::uint16_t id) noexcept {
        if (id == 0) fail(errc::mqtt_zero_packet_id);
        u16(id);
    }
};

constexpr void write_connect(const connect& c, body_writer& w) noexcept {
    const bool v31 = c.level == protocol_level::v3_1;
    if (!v31 && c.level != protocol_level::v3_1_1) return w.fail(errc::mqtt_invalid_protocol);
    w.field(v31 ? bytes("MQIsdp", 6) : bytes("MQTT", 4));  // sized: no strlen at run time
    w.u8(static_cast<unsigned>(c.level));
    const unsigned will_qos = static_cast<unsigned>(c.will.qos);
    if (c.will_flag && will_qos > 2) w.fail(errc::mqtt_invalid_will_flags);
    if (c.password_flag && !c.username_flag) w.fail(errc::mqtt_password_without_username);
    w.u8((c.username_flag ? 0x80u : 0u) | (c.password_flag ? 0x40u : 0u) |
         (c.will_flag ? (c.will.retain ? 0x20u : 0u) | (will_qos & 3u) << 3 | 0x04u : 0u) |
         (c.clean_session ? 0x02u : 0u));
    w.u16(c.keep_alive);
    if (w.validating()) w.check(check_client_id(c.client_id, c.level, c.clean_session));
    w.field(c.client_id);
    if (c.will_flag) {
        if (w.validating()) w.check(validate_topic_name(c.will.topic));
        w.field(c.will.topic);
        w.field(c.will.payload);
    }
    if (c.username_flag) {
        if (w.validating()) w.check(validate_utf8(c.username));
        w.field(c.username);
    }
    if (c.password_flag) w.field(c.password);
}

constexpr void write_body(const packet& p, body_writer& w, protocol_level level) noexcept {
    switch (p.type()) {
        case packet_type::connect: return write_connect(*p.get_if<connect>(), w);
        case packet_type::connack: {
            const connack& c = *p.get_if<connack>();
            const unsigned rc = static_cast<unsigned>(c.return_code);
            if (rc > 5) w.fail(errc::mqtt_invalid_connack_return_code);
            if (c.session_present && level == protocol_level::v3_1) w.fail(errc::mqtt_invalid_connack_flags);
            if (c.session_present && rc != 0) w.fail(errc::mqtt_session_present_on_error);
            w.u8(c.session_present ? 1u : 0u);
            return w.u8(rc);
        }
        case packet_type::publish: {
            const publish& m = *p.get_if<publish>();
            if (static_cast<unsigned>(m.qos) > 2) w.fail(errc::mqtt_invalid_qos);
            if (m.dup && m.qos == qos::at_most_once) w.fail(errc::mqtt_dup_on_qos0);
            if (w.validating()) w.check(validate_topic_name(m.topic));
            w.field(m.topic);
            if (m.qos != qos::at_most_once) w.packet_id(m.packet_id);
            return w.raw(m.payload);
        }
        case packet_type::puback: return w.packet_id(p.get_if<puback>()->packet_id);
        case packet_type::pubrec: return w.packet_id(p.get_if<pubrec>()->packet_id);
        case packet_type::pubrel: return w.packet_id(p.get_if<pubrel>()->packet_id);
        case packet_type::pubcomp: return w.packet_id(p.get_if<pubcomp>()->packet_id);
        case packet_type::unsuback: return w.packet_id(p.get_if<unsuback>()->packet_id);
        // A decoded list (wire-backed) was validated by decode() and is already in wire form: it is copied
        // as it is. Only SUBACK codes depend on the level, so those are checked again.
        case packet_type::subscribe: {
            const subscribe& s = *p.get_if<subscribe>();
            w.packet_id(s.packet_id);
            if (s.subscriptions.empty()) w.fail(errc::mqtt_no_topic_filters);
            for (const subscription& e : s.subscriptions.array()) {
                if (w.validating()) w.check(validate_topic_filter(e.topic_filter));
                if (static_cast<unsigned>(e.qos) > 2) w.fail(errc::mqtt_invalid_requested_qos);
                w.field(e.topic_filter);
                w.u8(static_cast<unsigned>(e.qos));
            }
            return w.raw(s.subscriptions.wire());
        }
        case packet_type::suback: {
            const suback& s = *p.get_if<suback>();
            w.packet_id(s.packet_id);
            if (s.return_codes.empty()) w.fail(errc::mqtt_no_topic_filters);
            const bytes wire = s.return_codes.wire();
            const span<const suback_return_code> codes = s.return_codes.array();
            for (std::size_t i = 0; i < wire.size() + codes.size(); ++i) {
                const std::uint8_t v = i < wire.size() ? octet(wire, i) : static_cast<std::uint8_t>(codes[i]);
                if (!valid_suback_code(v, level)) w.fail(errc::mqtt_invalid_suback_return_code);
                w.u8(v);
            }
            return;
        }
        case packet_type::unsubscribe: {
            const unsubscribe& s = *p.get_if<unsubscribe>();
            w.packet_id(s.packet_id);
            if (s.topic_filters.empty()) w.fail(errc::mqtt_no_topic_filters);
            for (const bytes f : s.topic_filters.array()) {
                if (w.validating()) w.check(validate_topic_filter(f));
                w.field(f);
            }
            return w.raw(s.topic_filters.wire());
        }
        case packet_type::pingreq:
        case packet_type::pingresp:
        case packet_type::disconnect: return;
    }
}

// The first byte: type and flags (Table 2.2; PUBLISH carries DUP, QoS, RETAIN).
constexpr std::uint8_t header_byte(const packet& p) noexcept {
    const unsigned type = static_cast<unsigned>(p.type());
    unsigned flags = (header_rules[type] & 0x80) ? 2u : 0u;
    if (p.type() == packet_type::publish) {  // not `if (get_if)`: g++ 12 rejects that null test in constexpr
        const publish& m = *p.get_if<publish>();
        flags = (m.dup ? 8u : 0u) | (static_cast<unsigned>(m.qos) & 3u) << 1 | (m.retain ? 1u : 0u);
    }
    return static_cast<std::uint8_t>(type << 4 | flags);
}

// The body size (the remaining length), or the first failed check.
constexpr result<std::size_t> body_size(const packet& p, protocol_level level) noexcept {
    body_writer w;
    write_body(p, w, level);
    if (w.error != errc::ok) return result<std::size_t>(w.error, 0);
    if (w.pos > max_remaining_length) return result<std::size_t>(errc::mqtt_packet_too_large, 0);
    return w.pos;
}

}  // namespace detail

// The size encode() would write, or the reason it would fail. `level` matters for CONNACK (no session
// present at 3.1) and SUBACK (no 0x80 at 3.1); a CONNECT uses its own `level` field.
constexpr result<std::size_t> encoded_size(const packet& p, protocol_level level = protocol_level::v3_1_1) noexcept {
    const result<std::size_t> body = detail::body_size(p, level);
    if (!body) return body;
    return 1 + detail::remaining_length_size(static_cast<std::uint32_t>(*body)) + *body;
}

// Writes the packet at the start of `out` and returns the number of bytes written. On any error nothing
// is written; on buffer_too_small, offset() is the size needed.
constexpr result<std::size_t> encode(const packet& p, mutable_bytes out,
                                     protocol_level level = protocol_level::v3_1_1) noexcept {
    const result<std::size_t> body = detail::body_size(p, level);
    if (!body) return body;
    const std::uint32_t rl = static_cast<std::uint32_t>(*body);
    const std::size_t header = 1 + detail::remaining_length_size(rl);
    const std::size_t total = header + *body;
    if (out.size() < total) return result<std::size_t>(errc::buffer_too_small, total);
    char* o = out.data();
    o[0] = static_cast<char>(detail::header_byte(p));
    detail::encode_remaining_length(rl, o + 1);
    detail::body_writer w;
    w.out = o + header;
    detail::write_body(p, w, level);  // checked above: cannot fail now
    return total;
}

// One overload per packet struct, so a caller need not wrap it in a packet.
#define ATMQTT_MQTT_ENCODE_OVERLOADS(S)                                                                   \
    constexpr result<std::size_t> encoded_size(const S& v, protocol_level level = protocol_level::v3_1_1) \
        noexcept {                                                                                        \
        return encoded_size(packet(v), level);                                                            \
    }                                                                                                     \
    constexpr result<std::size_t> encode(const S& v, mutable_bytes out,                                   \
                                         protocol_level level = protocol_level::v3_1_1) noexcept {        \
        return encode(packet(v), out, level);                                                             \
    }
ATMQTT_MQTT_ENCODE_OVERLOADS(connect)
ATMQTT_MQTT_ENCODE_OVERLOADS(connack)
ATMQTT_MQTT_ENCODE_OVERLOADS(publish)
ATMQTT_MQTT_ENCODE_OVERLOADS(puback)
ATMQTT_MQTT_ENCODE_OVERLOADS(pubrec)
ATMQTT_MQTT_ENCODE_OVERLOADS(pubrel)
ATMQTT_MQTT_ENCODE_OVERLOADS(pubcomp)
ATMQTT_MQTT_ENCODE_OVERLOADS(subscribe)
ATMQTT_MQTT_ENCODE_OVERLOADS(suback)
ATMQTT_MQTT_ENCODE_OVERLOADS(unsubscribe)
ATMQTT_MQTT_ENCODE_OVERLOADS(unsuback)
ATMQTT_MQTT_ENCODE_OVERLOADS(pingreq)
ATMQTT_MQTT_ENCODE_OVERLOADS(pingresp)
ATMQTT_MQTT_ENCODE_OVERLOADS(disconnect)
#undef ATMQTT_MQTT_ENCODE_OVERLOADS

}  // namespace mqtt
ATMQTT_END_NAMESPACE
