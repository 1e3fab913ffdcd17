// Run-time encoders for the packets a client sends most (CONNECT, PUBLISH, SUBSCRIBE), taken before the
// general encoder when ATMQTT_MQTT_FAST_PATHS is on (-O2): every check as one condition, the size from
// the field lengths, fields written with word moves. They only ever answer "written": any packet they
// do not take (an error, a non-ASCII string, a list from a decoded packet, a body of 16 KiB or more, a
// buffer too small) goes to the general encoder, which finds the same error at the same offset or writes
// the same bytes.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/string_scan.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// With the fast encoders in front, the general one is their fallback: kept out of line, so its registers
// and stack are not set up for the packets the fast path writes.
#if ATMQTT_MQTT_FAST_PATHS && defined(__GNUC__)
#define ATMQTT_MQTT_GENERAL_ENCODER __attribute__((noinline))
#else
#define ATMQTT_MQTT_GENERAL_ENCODER
#endif

// Moves 8 bytes.
ATMQTT_MQTT_ALWAYS_INLINE void move8(char* to, const char* from) noexcept {
    std::uint64_t v;
    std::memcpy(&v, from, 8);
    std::memcpy(to, &v, 8);
}

// Copies 16..32 bytes with two moves of 16 (SSE2; four moves of 8 without it), overlapping where n is
// not 32.
ATMQTT_MQTT_ALWAYS_INLINE char* put_16_to_32(char* o, const char* p, std::size_t n) noexcept {
#if ATMQTT_MQTT_SSE2
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o + n - 16), b);
#else
    move8(o, p);
    move8(o + 8, p + 8);
    move8(o + n - 16, p + n - 16);
    move8(o + n - 8, p + n - 8);
#endif
    return o + n;
}

// Copies n bytes: 17..32 as above, two moves of 8 for 8..16 bytes (overlapping where n is not 16);
// memcpy beyond. MQTT strings are mostly short, and a call to memcpy costs more than the copy.
ATMQTT_MQTT_ALWAYS_INLINE char* put_bytes(char* o, const char* p, std::size_t n) noexcept {
    if (n - 17 <= 15) {
        put_16_to_32(o, p, n);
    } else if (n - 8 <= 8) {
        move8(o, p);
        move8(o + n - 8, p + n - 8);
    } else if (n >= 4 && n < 8) {
        std::uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        std::memcpy(o, &a, 4);
        std::memcpy(o + n - 4, &b, 4);
    } else if (n < 4) {
        if (n != 0) {
            o[0] = p[0];
            o[n / 2] = p[n / 2];
            o[n - 1] = p[n - 1];
        }
    } else {
        std::memcpy(o, p, n);
    }
    return o + n;
}

ATMQTT_MQTT_ALWAYS_INLINE char* put_be16(char* o, std::size_t v) noexcept {
    o[0] = static_cast<char>(v >> 8);
    o[1] = static_cast<char>(v);
    return o + 2;
}

ATMQTT_MQTT_ALWAYS_INLINE char* put_string(char* o, bytes s) noexcept {
    return put_bytes(put_be16(o, s.size()), s.data(), s.size());
}

// The fixed header of a body of fewer than 16,384 bytes, if `out` holds the whole packet: the body's
// position, or null.
ATMQTT_MQTT_ALWAYS_INLINE char* put_short_header(mutable_bytes out, unsigned first, std::size_t body,
                                                 std::size_t& total) noexcept {
    const bool one = body < 128;
    total = body + (one ? 2 : 3);
    if (out.size() < total) return nullptr;
    char* const o = out.data();
    o[0] = static_cast<char>(first);
    if (one) {
        o[1] = static_cast<char>(body);
        return o + 2;
    }
    o[1] = static_cast<char>(body | 0x80u);
    o[2] = static_cast<char>(body >> 7);
    return o + 3;
}

constexpr std::size_t fast_body_limit = 16384;  // remaining lengths of one or two bytes

// Packets without a fast encoder: always the general one.
template <class T>
inline bool fast_encode(const T&, mutable_bytes, std::size_t&) noexcept {
    return false;
}

ATMQTT_MQTT_ALWAYS_INLINE bool fast_encode(const publish& m, mutable_bytes out, std::size_t& total) noexcept {
    const std::size_t t = m.topic.size();
    const bool acked = m.qos != qos::at_most_once;
    if (static_cast<unsigned>(m.qos) > 2 || (m.dup && !acked) || (acked && m.packet_id == 0) || t - 1 >= 65535 ||
        !plain_run<true>(m.topic.data(), t)) {
        return false;
    }
    const std::size_t body = 2 + t + (acked ? 2 : 0) + m.payload.size();
    if (body >= fast_body_limit) return false;
    const unsigned first = 0x30u | (m.dup ? 8u : 0u) | static_cast<unsigned>(m.qos) << 1 | (m.retain ? 1u : 0u);
    char* o = put_short_header(out, first, body, total);
    if (o == nullptr) return false;
    o = put_string(o, m.topic);
    if (acked) o = put_be16(o, m.packet_id);
    if (!m.payload.empty()) std::memcpy(o, m.payload.data(), m.payload.size());
    return true;
}

ATMQTT_MQTT_ALWAYS_INLINE bool fast_encode(const connect& c, mutable_bytes out, std::size_t& total) noexcept {
    // One pass over the optional parts: each adds its strings to the verdict, its sizes, its flags and
    // the checks it needs; the answer is asked once.
    plain_verdict v;
    const std::size_t id = c.client_id.size();
    v.add_run<false>(c.client_id.data(), id);
    std::size_t lengths = id, body = id;  // all lengths OR-ed: one test that each fits a length prefix
    unsigned flags = c.clean_session ? 0x02u : 0u;
    bool refused = false;
    if (c.will_flag) {
        const std::size_t topic = c.will.topic.size(), payload = c.will.payload.size();
        v.add_run<true>(c.will.topic.data(), topic);
        lengths |= topic | payload;
        body += 4 + topic + payload;
        flags |= (c.will.retain ? 0x24u : 0x04u) | static_cast<unsigned>(c.will.qos) << 3;
        refused |= static_cast<unsigned>(c.will.qos) > 2 || topic == 0;
    }
    if (c.username_flag) {
        const std::size_t user = c.username.size();
        v.add_run<false>(c.username.data(), user);
        lengths |= user;
        body += 2 + user;
        flags |= 0x80u;
    }
    if (c.password_flag) {
        lengths |= c.password.size();
        body += 2 + c.password.size();
        flags |= 0x40u;
        refused |= !c.username_flag;
    }
    // 3.1: 1..23 characters, bytes here (plain ASCII); 3.1.1: empty only with a clean session.
    const bool v311 = c.level == protocol_level::v3_1_1;
    refused |= v311 ? id == 0 && !c.clean_session : c.level != protocol_level::v3_1 || id - 1 >= 23;
    body += v311 ? 12 : 14;  // protocol name and level, flags, keep alive, client id length
    if (refused || lengths > 65535 || body >= fast_body_limit || !v.plain()) return false;
    char* o = put_short_header(out, 0x10u, body, total);
    if (o == nullptr) return false;
    if (v311) {
        std::memcpy(o, "\0\4MQTT\4", 7);
        o += 7;
    } else {
        std::memcpy(o, "\0\6MQIsdp\3", 9);
        o += 9;
    }
    o[0] = static_cast<char>(flags);
    o = put_string(put_be16(o + 1, c.keep_alive), c.client_id);
    if (c.will_flag) o = put_string(put_string(o, c.will.topic), c.will.payload);
    if (c.username_flag) o = put_string(o, c.username);
    if (c.password_flag) put_string(o, c.password);
    return true;
}

// Filters from the caller's array; a decoded (wire-backed) list takes the general way. Any list: sizes
// and checks, then the writing.
ATMQTT_MQTT_ALWAYS_INLINE bool fast_encode_filters(const subscribe& s, const subscription* begin,
                                                   const subscription* end, mutable_bytes out,
                                                   std::size_t& total) noexcept {
    plain_verdict v;
    std::size_t body = 2;
    for (const subscription* e = begin; e != end; ++e) {
        const std::size_t n = e->topic_filter.size();
        if (n - 1 >= 65535 || static_cast<unsigned>(e->qos) > 2 || !v.add_filter(e->topic_filter.data(), n)) {
            return false;
        }
        body += 3 + n;
    }
    if (!v.plain() || body >= fast_body_limit) return false;
    char* o = put_short_header(out, 0x82u, body, total);
    if (o == nullptr) return false;
    o = put_be16(o, s.packet_id);
    for (const subscription* e = begin; e != end; ++e) {
        o = put_string(o, e->topic_filter);
        *o++ = static_cast<char>(e->qos);
    }
    return true;
}

// The usual list, every filter of 16..32 bytes, has a loop of its own: no length check (it fits a
// prefix), two moves a filter, no size dispatch. Any other list starts over in fast_encode_filters.
ATMQTT_MQTT_ALWAYS_INLINE bool fast_encode(const subscribe& s, mutable_bytes out, std::size_t& total) noexcept {
    const span<const subscription> list = s.subscriptions.array();
    const subscription* const begin = list.data();
    const subscription* const end = begin + list.size();
    if (begin == end || s.packet_id == 0) return false;
    plain_verdict v;
    std::size_t body = 2;
    const subscription* e = begin;
    do {
        const std::size_t n = e->topic_filter.size();
        if (n - 16 > 16) return fast_encode_filters(s, begin, end, out, total);
        if (static_cast<unsigned>(e->qos) > 2 || !v.add_filter(e->topic_filter.data(), n)) return false;
        body += 3 + n;
    } while (++e != end);
    if (!v.plain() || body >= fast_body_limit) return false;
    char* o = put_short_header(out, 0x82u, body, total);
    if (o == nullptr) return false;
    o = put_be16(o, s.packet_id);
    e = begin;
    do {
        const std::size_t n = e->topic_filter.size();
        put_16_to_32(put_be16(o, n), e->topic_filter.data(), n);
        o[2 + n] = static_cast<char>(e->qos);
        o += 3 + n;
    } while (++e != end);
    return true;
}

}  // namespace detail
}  // namespace mqtt
ATMQTT_END_NAMESPACE
