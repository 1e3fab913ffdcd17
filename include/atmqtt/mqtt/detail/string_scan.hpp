// One scan per MQTT string field: UTF-8 well-formedness, U+0000, and for topics the wildcard rules, in a
// single pass. At run time plain ASCII is checked a machine word at a time; the byte rules run only from
// the first byte of a word that needs them (0x00, a byte >= 0x80, '+' or '#' in a topic).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/fast_paths.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// Not inlined (g++, clang): keeps a hot loop's registers free of its callers' and one copy in flash.
#if defined(__GNUC__)
#define ATMQTT_MQTT_OUT_OF_LINE __attribute__((noinline))
#else
#define ATMQTT_MQTT_OUT_OF_LINE
#endif

enum class string_kind : std::uint8_t { text, topic_name, topic_filter };

using scan_word = std::size_t;  // a register: 8 bytes on 64-bit hosts, 4 on Cortex-M
constexpr std::size_t scan_word_bytes = sizeof(scan_word);

constexpr scan_word every_byte(unsigned b) noexcept { return static_cast<scan_word>(~scan_word{0} / 0xffu * b); }

// The word at p with the byte at p in its low bits, whatever the target's byte order.
inline scan_word load_word(const char* p) noexcept {
    scan_word w;
    std::memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = static_cast<scan_word>(__builtin_bswap64(w) >> (64 - 8 * sizeof w));
#endif
    return w;
}

// Whether the word w needs no byte rule: plain ASCII without 0x00 and, against pattern every_byte('+')
// (topics), without '+' (0x2b) or '#' (0x23), which differ in bit 3 only; against pattern 0 (text) no
// ASCII byte matches. Exact as a whole: a carry between bytes only starts at a byte >= 0x80.
inline bool plain_word(scan_word w, scan_word pattern) noexcept {
    const scan_word low7 = every_byte(0x7f);
    return ((w | ~(w + low7) | ~(((w | every_byte(0x08)) ^ pattern) + low7)) & every_byte(0x80)) == 0;
}

// Index (0 = lowest address) of the lowest byte whose bit 7 is set in a non-zero mask.
inline std::size_t first_stop(scan_word stops) noexcept {
    scan_word index_bytes = 0;  // byte j holds (word bytes - 1 - j): the multiply moves byte k's index to the top
    for (std::size_t j = 0; j < scan_word_bytes; ++j) index_bytes |= static_cast<scan_word>(scan_word_bytes - 1 - j) << (8 * j);
    const scan_word lowest = stops & (~stops + 1);
    return static_cast<std::size_t>(((lowest >> 7) * index_bytes) >> (8 * (scan_word_bytes - 1)));
}

// A topic filter's wildcard at s[i] fills its whole level, and '#' is also the last character.
constexpr status check_wildcard(bytes s, std::size_t i) noexcept {
    const bool starts_level = i == 0 || s[i - 1] == '/';
    const bool ends_level = i + 1 == s.size() || (s[i] == '+' && s[i + 1] == '/');
    return starts_level && ends_level ? status() : status(errc::mqtt_invalid_topic_filter, i);
}

// Bit 7 of each byte of the plain ASCII word w that is '+' (0x2b) or '#' (0x23), which differ in bit 3
// only; against pattern 0 (text) no ASCII byte matches.
inline scan_word wildcard_bytes(scan_word w, scan_word pattern) noexcept {
    return ~(((w | every_byte(0x08)) ^ pattern) + every_byte(0x7f)) & every_byte(0x80);
}

// Whether every '+' and '#' of a plain ASCII filter (at least one word long) fills its whole level: a
// second pass, for filters that have wildcards only, locating them a word at a time.
ATMQTT_MQTT_OUT_OF_LINE inline bool wildcards_in_place(bytes s) noexcept {
    const std::size_t n = s.size();
    for (std::size_t i = 0;; i += scan_word_bytes) {
        const bool last = n - i <= scan_word_bytes;
        if (last) i = n - scan_word_bytes;  // may overlap the word before: checking a wildcard twice is harmless
        for (scan_word w = wildcard_bytes(load_word(s.data() + i), every_byte('+')); w != 0; w &= w - 1) {
            if (!check_wildcard(s, i + first_stop(w))) return false;
        }
        if (last) return true;
    }
}

// What the word-wise pass proved about a string.
enum class plain_verdict : std::uint8_t {
    plain,           // plain ASCII without 0x00, '+' or '#' (text: without 0x00): valid
    with_wildcards,  // plain ASCII without 0x00, but with '+' or '#' somewhere
    other,           // a byte >= 0x80 or 0x00: the byte rules decide
};

// Run time, s at least one word long: plain ASCII, 0x00 and (for topics) '+' / '#', proven a word at a
// time without a branch per word. Out of line, and with nothing live after the loop but its verdict, so
// it runs in scratch registers: it runs for nearly every string.
ATMQTT_MQTT_OUT_OF_LINE inline plain_verdict plain_words(const char* p, std::size_t n, scan_word pattern) noexcept {
    const scan_word low7 = every_byte(0x7f), bit3 = every_byte(0x08);
    // Bit 7 of a byte: `any` set where it is >= 0x80; `nonzero` clear where it is 0x00, `plain` where it is
    // '+' or '#' (both exact while the word is plain ASCII, which `any` checks).
    scan_word any = 0, nonzero = ~scan_word{0}, plain = ~scan_word{0};
    const auto add = [&](scan_word w) {
        any |= w;
        nonzero &= w + low7;
        plain &= ((w | bit3) ^ pattern) + low7;
    };
    const char* const last = p + n - scan_word_bytes;
    for (; p < last; p += scan_word_bytes) add(load_word(p));
    add(load_word(last));  // may overlap the word before: every check is idempotent
    const scan_word high = every_byte(0x80);
    if (((any | ~nonzero) & high) != 0) return plain_verdict::other;
    return (~plain & high) == 0 ? plain_verdict::plain : plain_verdict::with_wildcards;
}

// Run time, s at least one word long: true when s is certainly valid as `kind`: plain words, and '+' /
// '#' only where a filter allows them. False sends the string to the exact byte rules, which find the
// first error and its offset.
inline bool plain_string(bytes s, string_kind kind) noexcept {
    const plain_verdict v = plain_words(s.data(), s.size(), kind == string_kind::text ? 0 : every_byte('+'));
    return v == plain_verdict::plain ||
           (v == plain_verdict::with_wildcards && kind == string_kind::topic_filter && wildcards_in_place(s));
}

// The exact rules, byte by byte from the first byte a word at a time cannot pass (at run time):
// ok, or the first error of s as a string of `kind`: a UTF-8 error (mqtt_utf8_null, mqtt_utf8_surrogate,
// mqtt_invalid_utf8) at the first byte of the offending sequence; otherwise the first wildcard error
// (mqtt_wildcard_in_topic_name, mqtt_invalid_topic_filter) at the offending '+' or '#'. The wildcard
// error is kept until the end, so a UTF-8 error after it wins, as when the two were separate passes.
constexpr status scan_bytes(bytes s, string_kind kind) noexcept {
    const std::size_t n = s.size();
    const scan_word pattern = kind == string_kind::text ? 0 : every_byte('+');
    status wildcard;
    std::size_t i = 0;
    while (i < n) {
        // Whole words of plain ASCII between the sequences that need the byte rules.
        if (!::atmqtt::detail::in_constant_evaluation()) {
            while (n - i >= scan_word_bytes && plain_word(load_word(s.data() + i), pattern)) i += scan_word_bytes;
            if (i == n) break;
        }
        const std::uint8_t lead = octet(s, i);
        if (lead < 0x80) {
            if (lead == 0) return status(errc::mqtt_utf8_null, i);
            if ((lead | 0x08) == '+' && kind != string_kind::text && wildcard.ok()) {
                wildcard = kind == string_kind::topic_name ? status(errc::mqtt_wildcard_in_topic_name, i)
                                                           : check_wildcard(s, i);
            }
            ++i;
            continue;
        }
        // Sequence length and the allowed range of the second byte (RFC 3629 section 4); the narrowed
        // second-byte ranges exclude overlong forms and code points above U+10FFFF.
        std::size_t len = 0;
        std::uint8_t lo = 0x80, hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            len = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            len = 3;
            if (lead == 0xe0) lo = 0xa0;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            len = 4;
            if (lead == 0xf0) lo = 0x90;
            if (lead == 0xf4) hi = 0x8f;
        } else {
            return status(errc::mqtt_invalid_utf8, i);  // continuation byte, C0, C1 or F5..FF as a lead
        }
        if (n - i < len) return status(errc::mqtt_invalid_utf8, i);
        const std::uint8_t second = octet(s, i + 1);
        if (second < lo || second > hi) return status(errc::mqtt_invalid_utf8, i);
        for (std::size_t k = 2; k < len; ++k) {
            if ((octet(s, i + k) & 0xc0) != 0x80) return status(errc::mqtt_invalid_utf8, i);
        }
        if (lead == 0xed && second >= 0xa0) return status(errc::mqtt_utf8_surrogate, i);  // U+D800..U+DFFF
        i += len;
    }
    return wildcard;
}

// scan_bytes' answer; at run time a string proven valid word by word skips it.
constexpr status scan_string(bytes s, string_kind kind) noexcept {
    // Asked in the condition: stored in a const bool the question is itself constant-evaluated.
    if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation() && s.size() >= scan_word_bytes &&
        plain_string(s, kind)) {
        return {};
    }
    return scan_bytes(s, kind);
}

}  // namespace detail
}  // namespace mqtt
ATMQTT_END_NAMESPACE
