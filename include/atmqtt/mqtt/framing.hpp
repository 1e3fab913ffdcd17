// Framing: is there a whole MQTT packet at the start of these bytes, and if not, how many more are needed?
// check_frame() looks only at the fixed header (type, flags, remaining length), so a caller can call it
// after every read, even after every single byte, and never scans a payload. It rejects a bad header as
// soon as the header byte or the length bytes show it, without waiting for the rest.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/fast_paths.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

constexpr std::uint32_t max_remaining_length = 268435455;  // four 7-bit groups

// Bytes needed to encode n as a remaining length (1..4); n must be <= max_remaining_length.
ATMQTT_MQTT_INLINE_FOR_SIZE constexpr std::size_t remaining_length_size(std::uint32_t n) noexcept {
    return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

// Writes n (<= max_remaining_length) in its minimal form at out[0..]; out must hold
// remaining_length_size(n) bytes. Returns the number of bytes written.
ATMQTT_MQTT_INLINE_FOR_SIZE constexpr std::size_t encode_remaining_length(std::uint32_t n, char* out) noexcept {
    std::size_t i = 0;
    do {
        std::uint8_t digit = static_cast<std::uint8_t>(n % 128);
        n /= 128;
        if (n > 0) digit = static_cast<std::uint8_t>(digit | 0x80);
        out[i++] = static_cast<char>(digit);
    } while (n > 0);
    return i;
}

// Table 2.2 in one byte per type: bit 7 set means "flags must be 0010", bit 6 "any flags (PUBLISH)",
// bits 0-1 the exact remaining length + 1 for fixed-size packets (0: variable). Index: packet type 0..15.
inline constexpr std::uint8_t header_rules[16] = {
    0x00,  // 0 reserved
    0x00,  // CONNECT
    0x03,  // CONNACK: 2
    0x40,  // PUBLISH
    0x03,  // PUBACK: 2
    0x03,  // PUBREC: 2
    0x83,  // PUBREL: 2, flags 0010
    0x03,  // PUBCOMP: 2
    0x80,  // SUBSCRIBE: flags 0010
    0x00,  // SUBACK
    0x80,  // UNSUBSCRIBE: flags 0010
    0x03,  // UNSUBACK: 2
    0x01,  // PINGREQ: 0
    0x01,  // PINGRESP: 0
    0x01,  // DISCONNECT: 0
    0x00,  // 15 reserved
};

// Checks the first header byte: type, reserved flags [MQTT-2.2.2-1], PUBLISH QoS 3 [MQTT-3.3.1-4] and DUP
// on QoS 0 [MQTT-3.3.1-2]. MQTT 3.1 has no reserved flags: a client resending PUBREL, SUBSCRIBE or
// UNSUBSCRIBE sets DUP (1010), which level 3 accepts. All errors are at offset 0.
constexpr errc check_header_byte(std::uint8_t b, protocol_level level) noexcept {
    const unsigned type = b >> 4, flags = b & 0x0fu;
    if (type == 0 || type == 15) return errc::mqtt_invalid_packet_type;
    const std::uint8_t rule = header_rules[type];
    if (rule & 0x40) {
        const unsigned q = (flags >> 1) & 3u;
        if (q == 3) return errc::mqtt_invalid_qos;
        if (q == 0 && (flags & 0x08)) return errc::mqtt_dup_on_qos0;
        return errc::ok;
    }
    if (!(rule & 0x80)) return flags == 0 ? errc::ok : errc::mqtt_invalid_flags;
    const unsigned dup = level == protocol_level::v3_1 ? 0x08u : 0u;
    return (flags & ~dup) == 2u ? errc::ok : errc::mqtt_invalid_flags;
}

}  // namespace detail

enum class frame_state : std::uint8_t { complete, need_more, malformed };

struct frame_status {
    frame_state state = frame_state::need_more;
    // complete: the packet's total size in bytes; need_more: the minimum number of further bytes needed
    // (at least 1); malformed: 0.
    std::size_t size = 0;
    errc error = errc::incomplete;  // ok when complete, incomplete when need_more, else why it is malformed
    std::size_t offset = 0;         // malformed: offending byte; need_more: received.size()
};

namespace detail {

// check_frame's answer plus where the body starts (after the remaining length) once the remaining length is
// all there and valid, complete or not (0 before: the session reads a large PUBLISH's header from it).
struct frame_info {
    frame_status status;
    std::size_t body = 0;
};

// One exit, one frame_info built: the small program's way (-Os), measured smaller than a return per case.
// Pointer and size, not bytes: g++ passes a string_view argument through the stack.
constexpr frame_info read_frame(const char* data, std::size_t n, protocol_level level) noexcept {
    const bytes received(data, n);
    errc error = errc::incomplete;
    std::size_t at = n, need = 2, body = 0;  // nothing yet: need the smallest packet
    if (n != 0) {
        const std::uint8_t first = octet(received, 0);
        error = check_header_byte(first, level);
        at = 0;
        std::uint32_t value = 0;
        std::size_t i = 1;  // index of the current remaining length byte
        std::uint8_t b = 0x80;
        while (error == errc::ok) {
            if (i == n) {  // the next length byte
                error = errc::incomplete;
                at = n;
                need = 1;
                break;
            }
            b = octet(received, i);
            value |= static_cast<std::uint32_t>(b & 0x7fu) << (7 * (i - 1));
            if (!(b & 0x80)) break;
            if (++i == 5) {  // the 4th byte said "continued"
                error = errc::mqtt_remaining_length_overflow;
                at = 4;
            }
        }
        const unsigned fixed = header_rules[first >> 4] & 3u;  // exact remaining length + 1, or 0
        if (error != errc::ok) {
            // found above
        } else if (b == 0 && i > 1) {
            error = errc::mqtt_remaining_length_not_minimal;
            at = i;
        } else if (fixed != 0 && value != fixed - 1) {
            error = value > fixed - 1 ? errc::mqtt_trailing_bytes : errc::mqtt_packet_too_short;
            at = 1;
        } else {
            const std::size_t total = i + 1 + value;  // header byte, i length bytes, body
            body = i + 1;
            if (n < total) {
                error = errc::incomplete;
                at = n;
                need = total - n;
            } else {
                need = total;
            }
        }
    }
    frame_info r{frame_status{frame_state::complete, need, error, at}, body};
    if (error != errc::ok) r.status.state = frame_state::need_more;
    if (error != errc::ok && error != errc::incomplete) {
        r.status.state = frame_state::malformed;
        r.status.size = 0;
    }
    return r;
}

}  // namespace detail

// Looks at the start of `received` and never reads past it. A fixed-size packet (CONNACK, PUBACK, PUBREC,
// PUBREL, PUBCOMP, UNSUBACK: 2; PINGREQ, PINGRESP, DISCONNECT: 0) with another remaining length is
// malformed at once (offset 1): mqtt_trailing_bytes if it is longer, mqtt_packet_too_short if shorter.
// `level` is the connection's: at 3.1 (v3_1) a PUBREL, SUBSCRIBE or UNSUBSCRIBE may carry DUP.
constexpr frame_status check_frame(bytes received, protocol_level level = protocol_level::v3_1_1) noexcept {
    return detail::read_frame(received.data(), received.size(), level).status;
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
