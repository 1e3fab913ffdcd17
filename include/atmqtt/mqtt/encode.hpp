// Encoding: packet struct -> bytes in the caller's buffer, in one pass: the size comes from the field
// lengths while every check runs once, then the buffer is checked once and each byte written once. On any
// error nothing at all is written (on buffer_too_small, offset() holds the size needed).
// Each packet type has its own encode(const T&, out), which links only that type's code; encode(packet)
// dispatches to them. All checks are the decoder's, so whatever encodes also decodes (see
// docs/mqtt-conformance.md).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/fast_encode.hpp>
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
    return c <= 2 || (c == 0x80 && level != protocol_level::v3_1);  // 0x80 (failure) arrived with 3.1.1
}

// The remaining length, or the first failed check, in one word: a size (at most max_remaining_length once
// checked), or error_bit | errc. Returned in a register, where a result<std::size_t> goes through memory.
class body_size {
    static constexpr std::size_t error_bit = ~(~std::size_t{0} >> 1);

public:
    constexpr body_size(std::size_t n) noexcept : v_(n) {}  // NOLINT: implicit, as result's
    constexpr body_size(errc e) noexcept : v_(error_bit | static_cast<std::size_t>(e)) {}  // NOLINT
    constexpr explicit operator bool() const noexcept { return v_ < error_bit; }
    constexpr std::size_t operator*() const noexcept { return v_; }
    constexpr errc error() const noexcept { return static_cast<errc>(v_ & 0xffu); }  // only when false

private:
    std::size_t v_;
};

// A length-prefixed field's size on the wire.
constexpr body_size field_size(bytes b) noexcept {
    if (b.size() > max_string_size) return body_size(errc::mqtt_string_too_long);
    return 2 + b.size();
}

// Writers: each returns the position after what it wrote. The buffer was sized beforehand.
ATMQTT_MQTT_NOINLINE_FOR_SIZE constexpr char* put_u16(char* o, std::size_t v) noexcept {
    o[0] = static_cast<char>(v >> 8 & 0xffu);
    o[1] = static_cast<char>(v & 0xffu);
    return o + 2;
}
constexpr char* put_raw(char* o, bytes b) noexcept {
    ::atmqtt::detail::copy_bytes(o, b.data(), b.size());
    return o + b.size();
}
ATMQTT_MQTT_INLINE_FOR_SIZE constexpr char* put_field(char* o, bytes b) noexcept { return put_raw(put_u16(o, b.size()), b); }

// Per packet type: check_body() runs every check in the order the errors are reported and returns the
// body size; write_body() then writes that body; header_flags() gives the low nibble of the first byte.

template <class T>
constexpr unsigned header_flags(const T&) noexcept {
    return (header_rules[static_cast<unsigned>(T::type)] & 0x80) ? 2u : 0u;  // Table 2.2
}
constexpr unsigned header_flags(const publish& m) noexcept {
    return (m.dup ? 8u : 0u) | (static_cast<unsigned>(m.qos) & 3u) << 1 | (m.retain ? 1u : 0u);
}

// CONNECT's variable header up to the flags: protocol name (length-prefixed) and level, one constant per
// level, copied whole.
constexpr bytes protocol_header(protocol_level level) noexcept {
    return level == protocol_level::v3_1 ? bytes("\0\6MQIsdp\3", 9) : bytes("\0\4MQTT\4", 7);  // sized: no strlen
}

ATMQTT_MQTT_INLINE_FOR_SIZE constexpr body_size check_body(const connect& c, protocol_level) noexcept {
    if (c.level != protocol_level::v3_1 && c.level != protocol_level::v3_1_1) return errc::mqtt_invalid_protocol;
    if (c.will_flag && static_cast<unsigned>(c.will.qos) > 2) return errc::mqtt_invalid_will_flags;
    if (c.password_flag && !c.username_flag) return errc::mqtt_password_without_username;
    const errc id = check_client_id(c.client_id, c.level, c.clean_session);
    if (id != errc::ok) return id;
    body_size size = field_size(c.client_id);
    if (!size) return size;
    std::size_t n = protocol_header(c.level).size() + 3 + *size;  // name, level, flags, keep alive, id
    if (c.will_flag) {
        const status topic = validate_topic_name(c.will.topic);
        if (!topic) return topic.error();
        if (!(size = field_size(c.will.payload))) return size;
        n += 2 + c.will.topic.size() + *size;
    }
    if (c.username_flag) {
        const status user = validate_utf8(c.username);
        if (!user) return user.error();
        if (!(size = field_size(c.username))) return size;
        n += *size;
    }
    if (c.password_flag) {
        if (!(size = field_size(c.password))) return size;
        n += *size;
    }
    return n;
}
constexpr char* write_body(const connect& c, char* o) noexcept {
    o = put_raw(o, protocol_header(c.level));
    *o++ = static_cast<char>((c.username_flag ? 0x80u : 0u) | (c.password_flag ? 0x40u : 0u) |
                             (c.will_flag ? (c.will.retain ? 0x20u : 0u) | static_cast<unsigned>(c.will.qos) << 3 | 0x04u
                                          : 0u) |
                             (c.clean_session ? 0x02u : 0u));
    o = put_field(put_u16(o, c.keep_alive), c.client_id);
    if (c.will_flag) o = put_field(put_field(o, c.will.topic), c.will.payload);
    if (c.username_flag) o = put_field(o, c.username);
    if (c.password_flag) o = put_field(o, c.password);
    return o;
}

constexpr body_size check_body(const connack& c, protocol_level level) noexcept {
    const unsigned rc = static_cast<unsigned>(c.return_code);
    if (rc > 5) return errc::mqtt_invalid_connack_return_code;
    if (c.session_present && level == protocol_level::v3_1) return errc::mqtt_invalid_connack_flags;
    if (c.session_present && rc != 0) return errc::mqtt_session_present_on_error;
    return 2;
}
constexpr char* write_body(const connack& c, char* o) noexcept {
    o[0] = static_cast<char>(c.session_present ? 1 : 0);
    o[1] = static_cast<char>(c.return_code);
    return o + 2;
}

constexpr body_size check_body(const publish& m, protocol_level) noexcept {
    if (static_cast<unsigned>(m.qos) > 2) return errc::mqtt_invalid_qos;
    if (m.dup && m.qos == qos::at_most_once) return errc::mqtt_dup_on_qos0;
    const status topic = validate_topic_name(m.topic);
    if (!topic) return topic.error();
    if (m.qos == qos::at_most_once) return 2 + m.topic.size() + m.payload.size();
    if (m.packet_id == 0) return errc::mqtt_zero_packet_id;
    return 4 + m.topic.size() + m.payload.size();
}
constexpr char* write_body(const publish& m, char* o) noexcept {
    o = put_field(o, m.topic);
    if (m.qos != qos::at_most_once) o = put_u16(o, m.packet_id);
    return put_raw(o, m.payload);
}

template <packet_type Type>
constexpr body_size check_body(const packet_id_only<Type>& a, protocol_level) noexcept {
    if (a.packet_id == 0) return errc::mqtt_zero_packet_id;
    return 2;
}
template <packet_type Type>
constexpr char* write_body(const packet_id_only<Type>& a, char* o) noexcept {
    return put_u16(o, a.packet_id);
}

// The lists: a decoded (wire-backed) list was validated by decode() and is already in wire form, so it is
// copied as it is; only SUBACK codes depend on the level, so those are checked again.
constexpr body_size check_body(const subscribe& s, protocol_level) noexcept {
    if (s.packet_id == 0) return errc::mqtt_zero_packet_id;
    if (s.subscriptions.empty()) return errc::mqtt_no_topic_filters;
    std::size_t n = 2 + s.subscriptions.wire().size();
    for (const subscription& e : s.subscriptions.array()) {
        const status filter = validate_topic_filter(e.topic_filter);
        if (!filter) return filter.error();
        if (static_cast<unsigned>(e.qos) > 2) return errc::mqtt_invalid_requested_qos;
        n += 3 + e.topic_filter.size();
    }
    return n;
}
constexpr char* write_body(const subscribe& s, char* o) noexcept {
    o = put_u16(o, s.packet_id);
    for (const subscription& e : s.subscriptions.array()) {
        o = put_field(o, e.topic_filter);
        *o++ = static_cast<char>(e.qos);
    }
    return put_raw(o, s.subscriptions.wire());
}

constexpr body_size check_body(const unsubscribe& s, protocol_level) noexcept {
    if (s.packet_id == 0) return errc::mqtt_zero_packet_id;
    if (s.topic_filters.empty()) return errc::mqtt_no_topic_filters;
    std::size_t n = 2 + s.topic_filters.wire().size();
    for (const bytes f : s.topic_filters.array()) {
        const status filter = validate_topic_filter(f);
        if (!filter) return filter.error();
        n += 2 + f.size();
    }
    return n;
}
constexpr char* write_body(const unsubscribe& s, char* o) noexcept {
    o = put_u16(o, s.packet_id);
    for (const bytes f : s.topic_filters.array()) o = put_field(o, f);
    return put_raw(o, s.topic_filters.wire());
}

ATMQTT_MQTT_INLINE_FOR_SIZE constexpr body_size check_body(const suback& s, protocol_level level) noexcept {
    if (s.packet_id == 0) return errc::mqtt_zero_packet_id;
    if (s.return_codes.empty()) return errc::mqtt_no_topic_filters;
    for (const suback_return_code c : s.return_codes) {
        if (!valid_suback_code(static_cast<std::uint8_t>(c), level)) return errc::mqtt_invalid_suback_return_code;
    }
    return 2 + s.return_codes.size();
}
constexpr char* write_body(const suback& s, char* o) noexcept {
    o = put_u16(o, s.packet_id);
    for (const suback_return_code c : s.return_codes) *o++ = static_cast<char>(c);
    return o;
}

template <packet_type Type>
constexpr body_size check_body(const empty_packet<Type>&, protocol_level) noexcept {
    return 0;
}
template <packet_type Type>
constexpr char* write_body(const empty_packet<Type>&, char* o) noexcept {
    return o;
}

// The whole packet's size: first byte, remaining length, body.
template <class T>
constexpr result<std::size_t> packet_size(const T& v, protocol_level level) noexcept {
    const body_size body = check_body(v, level);
    if (!body) return body.error();
    if (*body > max_remaining_length) return errc::mqtt_packet_too_large;
    return 1 + remaining_length_size(static_cast<std::uint32_t>(*body)) + *body;
}

// The part every packet shares, out of the per-type code: the size check, then the first byte and the
// remaining length. The body's position, or null when `out` is too small (`total` then says how much).
ATMQTT_MQTT_INLINE_FOR_SIZE constexpr char* put_fixed_header(mutable_bytes out, unsigned first, std::size_t body, std::size_t& total) noexcept {
    const std::uint32_t rl = static_cast<std::uint32_t>(body);
    const std::size_t rl_size = remaining_length_size(rl);
    total = 1 + rl_size + body;
    if (out.size() < total) return nullptr;
    char* o = out.data();
    o[0] = static_cast<char>(first);
    if (ATMQTT_MQTT_FAST_PATHS && rl_size == 2) {  // 128..16,383 body bytes, written straight
        o[1] = static_cast<char>((rl & 0x7fu) | 0x80u);
        o[2] = static_cast<char>(rl >> 7);
        return o + 3;
    }
    return o + 1 + encode_remaining_length(rl, o + 1);
}

template <class T>
ATMQTT_MQTT_GENERAL_ENCODER constexpr result<std::size_t> encode_general(const T& v, mutable_bytes out,
                                                                      protocol_level level) noexcept {
    const body_size body = check_body(v, level);
    if (!body) return body.error();
    if (*body > max_remaining_length) return errc::mqtt_packet_too_large;
    std::size_t total = 0;
    char* const o = put_fixed_header(out, static_cast<unsigned>(T::type) << 4 | header_flags(v), *body, total);
    if (o == nullptr) return result<std::size_t>(errc::buffer_too_small, total);
    write_body(v, o);
    return total;
}

// The run-time fast encoder when it takes the packet, else the general one.
template <class T>
constexpr result<std::size_t> encode_packet(const T& v, mutable_bytes out, protocol_level level) noexcept {
    if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation()) {
        std::size_t written = 0;
        if (fast_encode(v, out, written)) return written;
    }
    return encode_general(v, out, level);
}

// The four-byte packets (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK): of a fixed size, so only the id and
// the room are checked, without the general sizing.
ATMQTT_MQTT_INLINE_FOR_SIZE constexpr result<std::size_t> encode_id_packet(char* o, std::size_t room, unsigned first, std::uint16_t id) noexcept {
    if (id == 0) return errc::mqtt_zero_packet_id;
    if (room < 4) return result<std::size_t>(errc::buffer_too_small, 4);
    o[0] = static_cast<char>(first);
    o[1] = 2;
    put_u16(o + 2, id);
    return std::size_t{4};
}
template <packet_type Type>
constexpr result<std::size_t> encode_packet(const packet_id_only<Type>& a, mutable_bytes out, protocol_level) noexcept {
    return encode_id_packet(out.data(), out.size(), static_cast<unsigned>(Type) << 4 | header_flags(a), a.packet_id);
}

// Packets of a fixed size are constants: nothing to check but the buffer.
template <packet_type Type>
constexpr result<std::size_t> encode_packet(const empty_packet<Type>&, mutable_bytes out, protocol_level) noexcept {
    if (out.size() < 2) return result<std::size_t>(errc::buffer_too_small, 2);
    out[0] = static_cast<char>(static_cast<unsigned>(Type) << 4);
    out[1] = 0;
    return std::size_t{2};
}

}  // namespace detail

// One pair per packet struct: the size encode() would write or the reason it would fail, and encode()
// itself, which writes the packet at the start of `out` and returns the number of bytes written; on any
// error nothing is written, on buffer_too_small offset() is the size needed. `level` matters for CONNACK
// (no session present at 3.1) and SUBACK (no 0x80 at 3.1); a CONNECT uses its own `level` field.
#define ATMQTT_MQTT_ENCODE_OVERLOADS(S)                                                                   \
    constexpr result<std::size_t> encoded_size(const S& v, protocol_level level = protocol_level::v3_1_1) \
        noexcept {                                                                                        \
        return detail::packet_size(v, level);                                                             \
    }                                                                                                     \
    constexpr result<std::size_t> encode(const S& v, mutable_bytes out,                                   \
                                         protocol_level level = protocol_level::v3_1_1) noexcept {        \
        return detail::encode_packet(v, out, level);                                                      \
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

// Any packet: the same as the overload of the struct it holds.
constexpr result<std::size_t> encoded_size(const packet& p, protocol_level level = protocol_level::v3_1_1) noexcept {
    return p.visit([level](const auto& v) { return detail::packet_size(v, level); });
}
constexpr result<std::size_t> encode(const packet& p, mutable_bytes out,
                                     protocol_level level = protocol_level::v3_1_1) noexcept {
    return p.visit([out, level](const auto& v) { return detail::encode_packet(v, out, level); });
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
