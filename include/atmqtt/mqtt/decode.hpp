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

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

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
        return in.substr(pos - n, n);
    }
    // A UTF-8 string field [MQTT-1.5.3-1/-2]; errors at the offending byte.
    constexpr bytes text() noexcept {
        const bytes s = field();
        check(validate_utf8(s), pos - s.size());
        return s;
    }
    constexpr std::uint16_t packet_id() noexcept {
        const std::size_t at = pos;
        const std::uint16_t id = u16();
        if (id == 0) check(errc::mqtt_zero_packet_id, at);
        return id;
    }
};

constexpr connect read_connect(body_reader& r) noexcept {
    connect c;
    const std::size_t name_at = r.pos;
    const bytes name = r.field();
    const std::size_t level_at = r.pos;
    const std::uint8_t level = r.u8();
    // Compared by hand: string_view's == would pull memcmp into small images.
    const bool v31 = name.size() == 6 && name[0] == 'M' && name[1] == 'Q' && name[2] == 'I' && name[3] == 's' &&
                     name[4] == 'd' && name[5] == 'p';
    const bool v311 = name.size() == 4 && name[0] == 'M' && name[1] == 'Q' && name[2] == 'T' && name[3] == 'T';
    if (!(v31 && level == 3) && !(v311 && level == 4)) {
        // A known name with another level points at the level byte, so a server can answer CONNACK 0x01.
        r.check(errc::mqtt_invalid_protocol, v31 || v311 ? level_at : name_at);
    }
    c.level = static_cast<protocol_level>(level);
    const std::size_t flags_at = r.pos;
    const std::uint8_t flags = r.u8();
    c.clean_session = (flags & 0x02) != 0;
    c.will_flag = (flags & 0x04) != 0;
    const unsigned will_qos = (flags >> 3) & 3u;
    c.will.retain = c.will_flag && (flags & 0x20) != 0;
    c.will.qos = static_cast<mqtt::qos>(c.will_flag ? will_qos : 0u);
    c.password_flag = (flags & 0x40) != 0;
    c.username_flag = (flags & 0x80) != 0;
    if (flags & 0x01) r.check(errc::mqtt_connect_reserved_flag, flags_at);
    if (c.will_flag ? will_qos == 3 : (flags & 0x38) != 0) r.check(errc::mqtt_invalid_will_flags, flags_at);
    if (c.password_flag && !c.username_flag) r.check(errc::mqtt_password_without_username, flags_at);
    c.keep_alive = r.u16();
    const std::size_t id_at = r.pos;
    c.client_id = r.text();
    if (!r.failed()) r.check(check_client_id(c.client_id, c.level, c.clean_session), id_at);
    if (c.will_flag) {
        c.will.topic = r.field();
        r.check(validate_topic_name(c.will.topic), r.pos - c.will.topic.size());
        c.will.payload = r.field();
    }
    if (c.username_flag) c.username = r.text();
    if (c.password_flag) c.password = r.field();
    return c;
}

constexpr packet read_body(std::uint8_t header, body_reader& r, protocol_level level) noexcept {
    switch (static_cast<packet_type>(header >> 4)) {
        case packet_type::connect: return read_connect(r);
        case packet_type::connack: {
            connack c;
            const std::uint8_t flags = r.u8();
            const std::uint8_t rc = r.u8();
            c.session_present = (flags & 1) != 0;
            c.return_code = static_cast<connect_return_code>(rc);
            const std::uint8_t reserved = level == protocol_level::v3_1 ? 0xff : 0xfe;  // 3.1: no flags at all
            if (flags & reserved) r.check(errc::mqtt_invalid_connack_flags, 2);
            if (rc > 5) r.check(errc::mqtt_invalid_connack_return_code, 3);
            if (c.session_present && rc != 0) r.check(errc::mqtt_session_present_on_error, 2);
            return c;
        }
        case packet_type::publish: {
            publish m;
            m.dup = (header & 0x08) != 0;
            m.qos = static_cast<mqtt::qos>((header >> 1) & 3u);
            m.retain = (header & 0x01) != 0;
            m.topic = r.field();
            r.check(validate_topic_name(m.topic), r.pos - m.topic.size());
            if (m.qos != qos::at_most_once) m.packet_id = r.packet_id();
            if (r.failed()) return m;
            m.payload = r.in.substr(r.pos, r.end - r.pos);  // a view: the payload bytes are not read
            r.pos = r.end;
            return m;
        }
        case packet_type::puback: return puback{r.packet_id()};
        case packet_type::pubrec: return pubrec{r.packet_id()};
        case packet_type::pubrel: return pubrel{r.packet_id()};
        case packet_type::pubcomp: return pubcomp{r.packet_id()};
        case packet_type::unsuback: return unsuback{r.packet_id()};
        case packet_type::subscribe:
        case packet_type::unsubscribe:
        case packet_type::suback: {
            // One loop for the three lists. Entries: SUBSCRIBE filter + options byte, UNSUBSCRIBE filter,
            // SUBACK return code byte.
            const unsigned type = header >> 4u;
            const bool has_filter = type != static_cast<unsigned>(packet_type::suback);
            const bool has_byte = type != static_cast<unsigned>(packet_type::unsubscribe);
            const std::uint16_t id = r.packet_id();
            const std::size_t first = r.pos;
            std::size_t count = 0;
            for (; r.pos < r.end; ++count) {
                if (has_filter) {
                    const bytes f = r.field();
                    r.check(validate_topic_filter(f), r.pos - f.size());
                }
                if (has_byte) {
                    const std::size_t at = r.pos;
                    const std::uint8_t b = r.u8();
                    if (has_filter ? b > 2 : !valid_suback_code(b, level)) {  // QoS 3 or reserved bits set
                        r.check(has_filter ? errc::mqtt_invalid_requested_qos : errc::mqtt_invalid_suback_return_code, at);
                    }
                }
            }
            if (count == 0) r.check(errc::mqtt_no_topic_filters, first);
            const bytes entries = r.in.substr(first, r.end - first);
            if (!has_byte) return unsubscribe{id, list_view<bytes>::from_wire(entries, count)};
            if (!has_filter) return suback{id, list_view<suback_return_code>::from_wire(entries, count)};
            return subscribe{id, list_view<subscription>::from_wire(entries, count)};
        }
        case packet_type::pingreq: return pingreq{};
        case packet_type::pingresp: return pingresp{};
        case packet_type::disconnect: break;
    }
    return disconnect{};
}

}  // namespace detail

// Decodes the packet at the start of `input`. Success: the packet, offset() = its size (bytes consumed).
// errc::incomplete (offset = input.size()) while `input` holds only part of it; otherwise the specific
// malformation and the offset of the offending byte. `level` is the connection's protocol level, needed
// for CONNACK and SUBACK; a CONNECT is decoded by its own protocol name and level.
constexpr result<packet> decode(bytes input, protocol_level level = protocol_level::v3_1_1) noexcept {
    const frame_status f = check_frame(input);
    if (f.state != frame_state::complete) return result<packet>(f.error, f.offset);
    // The body starts after the header byte and the remaining length, whose last byte is the first one
    // without the continuation bit (check_frame has validated the field).
    std::size_t header = 2;
    while (octet(input, header - 1) & 0x80) ++header;
    detail::body_reader r{input, header, f.size};
    const packet p = detail::read_body(octet(input, 0), r, level);
    if (r.pos != r.end) r.check(errc::mqtt_trailing_bytes, r.pos);
    if (r.failed()) return result<packet>(r.error, r.error_at);
    return result<packet>(p, f.size);
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
