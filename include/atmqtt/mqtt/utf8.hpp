// UTF-8 validation for MQTT string fields (RFC 3629 plus MQTT's ban on U+0000, [MQTT-1.5.3-1/-2]).
// U+FEFF is an ordinary character here: it is accepted and never stripped [MQTT-1.5.3-3]. Control and
// non-characters, which MQTT only says "SHOULD NOT" appear, are accepted.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// Run time only: the length of the leading run of whole 8-byte words at s[i..] that are plain ASCII
// without 0x00, so validate_utf8 can skip them (topics are mostly ASCII). Any other word stops the
// run and is left to the byte-wise rules, which also report the exact offset.
inline std::size_t ascii_words(bytes s, std::size_t i) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    const std::size_t start = i;
    while (s.size() - i >= 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (((w | ((w - ones) & ~w)) & highs) != 0) break;  // a byte >= 0x80, or a zero byte
        i += 8;
    }
    return i - start;
}

}  // namespace detail

// ok, or the first problem with the offset of the first byte of the offending sequence:
// mqtt_utf8_null (a 0x00 byte), mqtt_utf8_surrogate (a well-formed encoding of U+D800..U+DFFF), or
// mqtt_invalid_utf8 (stray continuation byte, C0/C1/F5..FF, overlong form, code point > U+10FFFF, missing or
// truncated continuation bytes).
constexpr status validate_utf8(bytes s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        // Asked here, in the condition: stored in a const bool it would itself be constant-evaluated
        // (a const integral initialised by a constant expression), hence always "compile time".
        if (!::atmqtt::detail::in_constant_evaluation()) {
            i += detail::ascii_words(s, i);
            if (i == s.size()) break;
        }
        const std::uint8_t lead = octet(s, i);
        if (lead < 0x80) {
            if (lead == 0) return status(errc::mqtt_utf8_null, i);
            ++i;
            continue;
        }
        // Sequence length and the allowed range of the second byte (RFC 3629 section 4); the narrowed
        // second-byte ranges exclude overlong forms and code points above U+10FFFF.
        std::size_t n = 0;
        std::uint8_t lo = 0x80, hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            if (lead == 0xe0) lo = 0xa0;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            if (lead == 0xf0) lo = 0x90;
            if (lead == 0xf4) hi = 0x8f;
        } else {
            return status(errc::mqtt_invalid_utf8, i);  // continuation byte, C0, C1 or F5..FF as a lead
        }
        if (s.size() - i < n) return status(errc::mqtt_invalid_utf8, i);
        const std::uint8_t second = octet(s, i + 1);
        if (second < lo || second > hi) return status(errc::mqtt_invalid_utf8, i);
        for (std::size_t k = 2; k < n; ++k) {
            if ((octet(s, i + k) & 0xc0) != 0x80) return status(errc::mqtt_invalid_utf8, i);
        }
        if (lead == 0xed && second >= 0xa0) return status(errc::mqtt_utf8_surrogate, i);  // U+D800..U+DFFF
        i += n;
    }
    return {};
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
