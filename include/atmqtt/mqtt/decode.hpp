// Decoding: bytes -> packet. Strict: every malformation gets its own errc and the offset of the offending
// byte (from the start of the packet); a partial packet is errc::incomplete, never "malformed". Strings,
// payloads and lists in the result are views into `input`. A PUBLISH payload is never read.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/encode.hpp>
#include <atmqtt/mqtt/framing.hpp>
#include <atmqtt/mqtt/packet.hpp>
#include <atmqtt/mqtt/topic.hpp>
#include <atmqtt/mqtt/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// What a length-prefixed field must hold: anything, a UTF-8 string [MQTT-1.5.3-1/-2], a topic name or a
// topic filter (after binary, in string_kind's order).
enum class field_kind : std::uint8_t { binary, text, topic_name, topic_filter };

// Reads fields of one packet body in [pos, end). The first error is kept with its offset; after it every
// read returns zero/empty without touching the input.
struct body_reader {
    bytes in;
    std::size_t pos = 0;
    std::size_t end = 0;
    errc error = errc::ok;
    std::size_t error_at = 0;

    constexpr bool failed() const noexcept { return error != errc::ok; }
    constexpr void fail(errc e, std::size_t at) noexcept {
        if (failed()) return;
        error = e;
        error_at = at;
        pos = end;
    }
    constexpr void check(errc e, std::size_t at) noexcept {
        if (e != errc::ok) fail(e, at);
    }
    constexpr void check(status s, std::size_t base) noexcept { check(s.error(), base + s.offset()); }
    constexpr std::uint8_t u8() noexcept {
        if (pos >= end) {
            fail(errc::mqtt_packet_too_short, pos);
            return 0;
        }
        return octet(in, pos++);
    }
    constexpr std::uint16_t u16() noexcept {
        if (end - pos < 2) {
            fail(errc::mqtt_packet_too_short, pos);
            return 0;
        }
        pos += 2;
        return static_cast<std::uint16_t>(wire_u16(in, pos - 2));
    }
    // A length-prefixed field; running past the packet end is reported at its length prefix.
    constexpr bytes field() noexcept {
        const std::size_t at = pos;
        const std::size_t n = u16();
        if (end - pos < n) fail(errc::mqtt_packet_too_short, at);
        if (failed()) return {};
        pos += n;
        return bytes(in.data() + pos - n, n);  // inside the packet: checked above
    }
    // A length-prefixed field into `to`, checked as its kind says; errors at the offending byte. Writing
    // into the caller's member keeps a returned view out of memory (the small program's way).
    constexpr void field_into(bytes& to, field_kind kind) noexcept {
        to = field();
        if (kind == field_kind::binary || failed()) return;
        const string_kind k = static_cast<string_kind>(static_cast<unsigned>(kind) - 1);
        check(k == string_kind::text ? validate_utf8(to) : validate_topic(to.data(), to.size(), k), pos - to.size());
    }
    constexpr std::uint16_t packet_id() noexcept {
        const std::size_t at = pos;
        const std::uint16_t id = u16();
        if (id == 0) check(errc::mqtt_zero_packet_id, at);
        return id;
    }
};

// Inlined where it is wanted: the hot reader into the dispatch, even where two decoders (decode() and
// decode<...>()) share it; compiling for size, CONNECT's reader into its one caller, which then builds
// the result in place (with the fast paths, that would cost PUBLISH decode an instruction).
#if defined(__GNUC__)
#define ATMQTT_MQTT_INLINE __attribute__((always_inline)) inline
#else
#define ATMQTT_MQTT_INLINE inline
#endif

ATMQTT_MQTT_INLINE_FOR_SIZE constexpr connect read_connect(body_reader& r) noexcept {
    connect c;
    const std::size_t name_at = r.pos;
    const bytes name = r.field();
    const std::size_t level_at = r.pos;
    const std::uint8_t level = r.u8();
    // The level the name belongs to ("MQIsdp": 3, "MQTT": 4) or 0, compared by hand: string_view's ==
    // would pull memcmp into small images. A known name with another level points at the level byte, so a
    // server can answer CONNACK 0x01.
    const std::size_t k = name.size();
    const std::uint32_t first4 = k >= 4 ? static_cast<std::uint32_t>(wire_u16(name, 0) << 16 | wire_u16(name, 2)) : 0;
    const bool known = k == 4 ? first4 == 0x4d515454u : k == 6 && first4 == 0x4d514973u && wire_u16(name, 4) == 0x6470u;
    if (!known || level != 6 - k / 2) r.check(errc::mqtt_invalid_protocol, known ? level_at : name_at);
    c.level = static_cast<protocol_level>(level);
    const std::size_t flags_at = r.pos;
    const std::uint8_t flags = r.u8();
    c.clean_session = (flags & 0x02) != 0;
    c.will_flag = (flags & 0x04) != 0;
    const unsigned will_qos = (flags >> 3) & 3u;
    // Without a will, its flags must be 0 (checked below): the two lines hold for a valid packet either way.
    c.will.retain = (flags & 0x20) != 0;
    c.will.qos = static_cast<mqtt::qos>(will_qos);
    c.password_flag = (flags & 0x40) != 0;
    c.username_flag = (flags & 0x80) != 0;
    if (flags & 0x01) r.check(errc::mqtt_connect_reserved_flag, flags_at);
    if (c.will_flag ? will_qos == 3 : (flags & 0x38) != 0) r.check(errc::mqtt_invalid_will_flags, flags_at);
    if (c.password_flag && !c.username_flag) r.check(errc::mqtt_password_without_username, flags_at);
    c.keep_alive = r.u16();
    const std::size_t id_at = r.pos;
    r.field_into(c.client_id, field_kind::text);
    if (!r.failed()) r.check(check_client_id(c.client_id, c.level, c.clean_session), id_at);
    if (c.will_flag) {
        r.field_into(c.will.topic, field_kind::topic_name);
        r.field_into(c.will.payload, field_kind::binary);
    }
    if (c.username_flag) r.field_into(c.username, field_kind::text);
    if (c.password_flag) r.field_into(c.password, field_kind::binary);
    return c;
}

// Per packet type: read() decodes the body in [pos, end) of `in` (the first header byte gives PUBLISH
// its flags) into the result, or the first error and its offset. The framer has checked the header byte
// and, for the fixed-size packets, the body's exact size; the common client packets read the input
// directly, the others through body_reader.
using decoded = result<packet>;


// CONNACK's two body bytes: ok or the first error, mqtt_invalid_connack_flags or
// mqtt_session_present_on_error (the flags byte, offset 2) or mqtt_invalid_connack_return_code (offset 3).
// Shared with the client session, which reads CONNACK itself.
constexpr errc check_connack(std::uint8_t flags, std::uint8_t rc, protocol_level level) noexcept {
    const std::uint8_t reserved = level == protocol_level::v3_1 ? 0xff : 0xfe;  // 3.1: no flags at all
    if (flags & reserved) return errc::mqtt_invalid_connack_flags;
    if (rc > 5) return errc::mqtt_invalid_connack_return_code;
    if ((flags & 1) && rc != 0) return errc::mqtt_session_present_on_error;
    return errc::ok;
}

constexpr decoded read(const connack*, std::uint8_t, bytes in, std::size_t pos, std::size_t end,
                       protocol_level level) noexcept {
    const std::uint8_t flags = octet(in, pos), rc = octet(in, pos + 1);  // exactly 2 bytes
    const errc e = check_connack(flags, rc, level);
    if (e != errc::ok) return decoded(e, e == errc::mqtt_invalid_connack_return_code ? 3 : 2);
    return decoded(in_place, end, connack{(flags & 1) != 0, static_cast<connect_return_code>(rc)});
}

ATMQTT_MQTT_INLINE constexpr decoded read(const publish*, std::uint8_t header, bytes in, std::size_t pos, std::size_t end,
                       protocol_level) noexcept {
    if (end - pos < 2) return decoded(errc::mqtt_packet_too_short, pos);
    const std::size_t n = wire_u16(in, pos);
    if (end - pos - 2 < n) return decoded(errc::mqtt_packet_too_short, pos);  // at the length prefix
    const bytes topic(in.data() + pos + 2, n);
    const status valid = validate_topic_name(topic);
    if (!valid) return decoded(valid.error(), pos + 2 + valid.offset());
    pos += 2 + n;
    const mqtt::qos q = static_cast<mqtt::qos>((header >> 1) & 3u);
    std::uint16_t id = 0;
    if (q != qos::at_most_once) {
        if (end - pos < 2) return decoded(errc::mqtt_packet_too_short, pos);
        id = static_cast<std::uint16_t>(wire_u16(in, pos));
        if (id == 0) return decoded(errc::mqtt_zero_packet_id, pos);
        pos += 2;
    }
    // The payload is a view: its bytes are not read.
    return decoded(in_place, end, publish{(header & 0x08) != 0, q, (header & 0x01) != 0, topic, id,
                                          bytes(in.data() + pos, end - pos)});
}

// The packets holding only a packet identifier: read_expected() has read and checked it (one copy of that
// code for the five), `id` is its value.
template <packet_type Type>
constexpr decoded read(const packet_id_only<Type>*, std::uint16_t id, std::size_t end) noexcept {
    return decoded(in_place, end, packet_id_only<Type>{id});
}

template <packet_type Type>
constexpr decoded read(const empty_packet<Type>*, std::uint8_t, bytes, std::size_t, std::size_t end,
                       protocol_level) noexcept {
    return decoded(in_place, end, empty_packet<Type>{});
}

ATMQTT_MQTT_INLINE_FOR_SIZE constexpr decoded read(const suback*, std::uint8_t, bytes in, std::size_t pos, std::size_t end,
                       protocol_level level) noexcept {
    if (end - pos < 2) return decoded(errc::mqtt_packet_too_short, pos);
    const std::uint16_t id = static_cast<std::uint16_t>(wire_u16(in, pos));
    if (id == 0) return decoded(errc::mqtt_zero_packet_id, pos);
    pos += 2;
    if (pos == end) return decoded(errc::mqtt_no_topic_filters, pos);
    for (std::size_t i = pos; i < end; ++i) {
        if (!valid_suback_code(octet(in, i), level)) return decoded(errc::mqtt_invalid_suback_return_code, i);
    }
    return decoded(in_place, end,
                   suback{id, list_view<suback_return_code>::from_wire(bytes(in.data() + pos, end - pos), end - pos)});
}

// The body_reader's verdict on a body it read: a field ending before the remaining length is trailing bytes.
template <class T>
constexpr decoded finish(const T& value, body_reader& r) noexcept {
    if (r.pos != r.end) r.check(errc::mqtt_trailing_bytes, r.pos);
    if (r.failed()) return decoded(r.error, r.error_at);
    return decoded(in_place, r.end, value);
}

constexpr decoded read(const connect*, std::uint8_t, bytes in, std::size_t pos, std::size_t end,
                       protocol_level) noexcept {
    body_reader r{in, pos, end};
    const connect c = read_connect(r);
    return finish(c, r);
}

// SUBSCRIBE (entries: filter + requested QoS byte) or UNSUBSCRIBE (entries: filter): the packet id, then
// a non-empty list of validated entries, viewed where they lie.
constexpr decoded read_filter_list(const char* in, std::size_t pos, std::size_t end, bool has_qos) noexcept {
    body_reader r{bytes(in, end), pos, end};
    const std::uint16_t id = r.packet_id();
    const std::size_t first = r.pos;
    std::size_t count = 0;
    for (; r.pos < r.end; ++count) {
        bytes f;
        r.field_into(f, field_kind::topic_filter);
        if (has_qos) {
            const std::size_t at = r.pos;
            if (r.u8() > 2) r.check(errc::mqtt_invalid_requested_qos, at);  // QoS 3 or reserved bits set
        }
    }
    if (count == 0) r.check(errc::mqtt_no_topic_filters, first);
    // The loop reads up to the end (a failed read moves there too): no trailing bytes to look for.
    if (r.failed()) return decoded(r.error, r.error_at);
    const bytes entries(r.in.data() + first, r.end - first);
    if (has_qos) return decoded(in_place, r.end, subscribe{id, list_view<subscription>::from_wire(entries, count)});
    return decoded(in_place, r.end, unsubscribe{id, list_view<bytes>::from_wire(entries, count)});
}

constexpr decoded read(const subscribe*, std::uint8_t, bytes in, std::size_t pos, std::size_t end,
                       protocol_level) noexcept {
    return read_filter_list(in.data(), pos, end, true);
}

constexpr decoded read(const unsubscribe*, std::uint8_t, bytes in, std::size_t pos, std::size_t end,
                       protocol_level) noexcept {
    return read_filter_list(in.data(), pos, end, false);
}

template <class T, class... Expected>
constexpr bool is_expected = (std::is_same<T, Expected>::value || ...);

// The packets decode_expected() reads before the dispatch when the fast paths are on (the ones with a
// string or a list that a client receives most); the dispatch then leaves them out, so each has one
// copy of its reader.
template <class T>
constexpr bool read_before_dispatch =
    ATMQTT_MQTT_FAST_PATHS && (std::is_same<T, publish>::value || std::is_same<T, suback>::value);

// Decodes a complete packet if its type is one of Expected...: one switch, whose cases for the types not
// expected are empty, so their decoders are not linked.
// Bit t set: packet type t is one of Expected.
template <class... Expected>
constexpr unsigned expected_types = ((1u << static_cast<unsigned>(Expected::type)) | ...);
constexpr unsigned packet_id_only_types = 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7 | 1u << 11;

template <class... Expected>
constexpr decoded read_expected(std::uint8_t header, bytes in, std::size_t pos, std::size_t end,
                                protocol_level level) noexcept {
    const unsigned type = header >> 4u;
    std::uint16_t id = 0;
    if ((expected_types<Expected...> & packet_id_only_types) >> type & 1u) {
        id = static_cast<std::uint16_t>(wire_u16(in, pos));  // exactly 2 bytes
        if (id == 0) return decoded(errc::mqtt_zero_packet_id, pos);
    }
#define ATMQTT_MQTT_READ_CASE(T)                                                                          \
    case T::type:                                                                                         \
        if constexpr (is_expected<T, Expected...> && !read_before_dispatch<T>) {                           \
            return read(static_cast<const T*>(nullptr), header, in, pos, end, level);                     \
        }                                                                                                 \
        break;
#define ATMQTT_MQTT_ID_CASE(T)                                                                            \
    case T::type:                                                                                         \
        if constexpr (is_expected<T, Expected...>) return read(static_cast<const T*>(nullptr), id, end);  \
        break;
    switch (static_cast<packet_type>(type)) {
        ATMQTT_MQTT_READ_CASE(connect)
        ATMQTT_MQTT_READ_CASE(connack)
        ATMQTT_MQTT_READ_CASE(publish)
        ATMQTT_MQTT_ID_CASE(puback)
        ATMQTT_MQTT_ID_CASE(pubrec)
        ATMQTT_MQTT_ID_CASE(pubrel)
        ATMQTT_MQTT_ID_CASE(pubcomp)
        ATMQTT_MQTT_READ_CASE(subscribe)
        ATMQTT_MQTT_READ_CASE(suback)
        ATMQTT_MQTT_READ_CASE(unsubscribe)
        ATMQTT_MQTT_ID_CASE(unsuback)
        ATMQTT_MQTT_READ_CASE(pingreq)
        ATMQTT_MQTT_READ_CASE(pingresp)
        ATMQTT_MQTT_READ_CASE(disconnect)
    }
#undef ATMQTT_MQTT_READ_CASE
#undef ATMQTT_MQTT_ID_CASE
    return decoded(errc::mqtt_unexpected_packet_type, 0);
}

// Whether check_header_byte() accepts `first` and a fixed-size packet has remaining length `length`: the
// framer's header rules, in one place for decode()'s fast path.
constexpr bool header_fits(std::uint8_t first, std::size_t length, protocol_level level) noexcept {
    const unsigned fixed = header_rules[first >> 4] & 3u;  // exact remaining length + 1, or 0
    return check_header_byte(first, level) == errc::ok && (fixed == 0 || length == fixed - 1);
}

// What decode() answers for input the framer did not find complete: its error, or incomplete, or, for a
// type the caller does not expect, mqtt_unexpected_packet_type without waiting for the body.
template <class... Expected>
constexpr result<packet> frame_error(bytes input, const frame_status& f) noexcept {
    if (f.state == frame_state::malformed) return result<packet>(f.error, f.offset);
    if (input.empty()) return result<packet>(errc::incomplete, 0);
    const unsigned type = octet(input, 0) >> 4;
    if (!((type == static_cast<unsigned>(Expected::type)) || ...)) {
        return result<packet>(errc::mqtt_unexpected_packet_type, 0);
    }
    return result<packet>(errc::incomplete, input.size());
}

template <class... Expected>
constexpr result<packet> decode_expected(bytes input, protocol_level level) noexcept {
    std::size_t body = 0, end = 0;
    // Fast path: a complete, well-framed packet whose remaining length takes one or two bytes (up to
    // 16,383 body bytes). Anything else, errors included, goes to the framer, which reports it.
    const std::size_t n = input.size();
    if (ATMQTT_MQTT_FAST_PATHS && n >= 2) {
        const std::uint8_t first = octet(input, 0), b1 = octet(input, 1);
        const std::uint8_t b2 = n >= 3 ? octet(input, 2) : 0;
        const bool two = (b1 & 0x80) != 0;
        const std::size_t length = two ? (b1 & 0x7fu) | std::size_t{b2} << 7 : b1;
        body = two ? 3 : 2;
        if ((!two || (b2 != 0 && b2 < 0x80)) && n - body >= length && header_fits(first, length, level)) {
            end = body + length;
        }
    }
    if (end == 0) {  // a complete packet ends at 2 or later
        const frame_info f = read_frame(input.data(), n, level);
        if (f.status.state != frame_state::complete) return frame_error<Expected...>(input, f.status);
        body = f.body;
        end = f.status.size;
    }
    const std::uint8_t header = octet(input, 0);
    // The packets with a list or a string, read here without the dispatch and its register saves.
    if constexpr (is_expected<publish, Expected...> && read_before_dispatch<publish>) {
        if (header >> 4 == static_cast<unsigned>(packet_type::publish)) {
            return read(static_cast<const publish*>(nullptr), header, input, body, end, level);
        }
    }
    if constexpr (is_expected<suback, Expected...> && read_before_dispatch<suback>) {
        if (header >> 4 == static_cast<unsigned>(packet_type::suback)) {
            return read(static_cast<const suback*>(nullptr), header, input, body, end, level);
        }
    }
    return read_expected<Expected...>(header, input, body, end, level);
}

}  // namespace detail

// Decodes the packet at the start of `input`. Success: the packet, offset() = its size (bytes consumed).
// errc::incomplete (offset = input.size()) while `input` holds only part of it; otherwise the specific
// malformation and the offset of the offending byte. `level` is the connection's protocol level, needed
// for CONNACK and SUBACK, and at 3.1 accepting DUP on PUBREL, SUBSCRIBE and UNSUBSCRIBE (as check_frame);
// a CONNECT is decoded by its own protocol name and level.
constexpr result<packet> decode(bytes input, protocol_level level = protocol_level::v3_1_1) noexcept {
    return detail::decode_expected<connect, connack, publish, puback, pubrec, pubrel, pubcomp, subscribe, suback,
                                   unsubscribe, unsuback, pingreq, pingresp, disconnect>(input, level);
}

// The same, restricted to the packet types the caller expects, e.g. a client's
// decode<connack, publish, puback, suback, unsuback, pingresp>(in): only their decoders are linked. Any
// other (valid) type is errc::mqtt_unexpected_packet_type at offset 0, as soon as the first byte is there.
template <class... Expected>
constexpr result<packet> decode(bytes input, protocol_level level = protocol_level::v3_1_1) noexcept {
    static_assert(sizeof...(Expected) > 0, "name the expected packet types");
    return detail::decode_expected<Expected...>(input, level);
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
