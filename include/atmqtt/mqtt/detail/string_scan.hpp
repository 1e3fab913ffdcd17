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

// Inlined (g++, clang) even where the compiler would not: the run-time scans below cost a few
// instructions a word, less than a call and its register moves. Only the fast paths (-O2) use them.
#if defined(__GNUC__)
#define ATMQTT_MQTT_ALWAYS_INLINE __attribute__((always_inline)) inline
#define ATMQTT_MQTT_LAMBDA_INLINE __attribute__((always_inline))
#else
#define ATMQTT_MQTT_LAMBDA_INLINE
#define ATMQTT_MQTT_ALWAYS_INLINE inline
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

// A topic filter's wildcard at s[i] fills its whole level, and '#' is also the last character.
constexpr status check_wildcard(bytes s, std::size_t i) noexcept {
    const bool starts_level = i == 0 || s[i - 1] == '/';
    const bool ends_level = i + 1 == s.size() || (s[i] == '+' && s[i + 1] == '/');
    return starts_level && ends_level ? status() : status(errc::mqtt_invalid_topic_filter, i);
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

// Run time, 1 <= n < one word: a word holding every byte of p (some twice), for the checks that do not
// care where a byte is. The unused lanes hold 'a'.
inline scan_word short_word(const char* p, std::size_t n) noexcept {
#if SIZE_MAX > 0xffffffffu
    if (n >= 4) {  // two 4-byte halves, overlapping when n < 8
        std::uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        return static_cast<scan_word>(a) | static_cast<scan_word>(b) << 32;
    }
#endif
    const auto at = [p](std::size_t i) { return static_cast<scan_word>(static_cast<unsigned char>(p[i])); };
    return (every_byte('a') & ~scan_word{0xffffff}) | at(0) | at(n / 2) << 8 | at(n - 1) << 16;
}

// Run time: the verdict on strings added word by word: plain ASCII without 0x00 and, for topic names
// (add<true>), without '+' or '#' (0x2b, 0x23: they differ in bit 3 only). One verdict can collect all
// the strings of a packet, so the answer is asked once. Exact as a whole: a carry between bytes only
// starts at a byte >= 0x80, which `any` reports.
struct plain_verdict {
    // Bit 7 of a byte: `any` set where it is >= 0x80; `good` clear where it is 0x00 or a wildcard.
    scan_word any = 0, good = ~scan_word{0};

    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add(scan_word w) noexcept {
        any |= w;
        good &= w + every_byte(0x7f);
        if (Topic) good &= ((w | every_byte(0x08)) ^ every_byte('+')) + every_byte(0x7f);
    }
    // All of p[0..n): up to four words without a loop (the last may overlap the one before: every check
    // is idempotent), a loop beyond.
    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add_run(const char* p, std::size_t n) noexcept {
        constexpr std::size_t w = scan_word_bytes;
        if (n >= w) {
            add<Topic>(load_word(p));
            add<Topic>(load_word(p + n - w));
            if (n > 2 * w) {
                add<Topic>(load_word(p + w));
                if (n > 3 * w) {
                    for (std::size_t i = 2 * w; i < n - w; i += w) add<Topic>(load_word(p + i));
                }
            }
        } else if (n != 0) {
            add<Topic>(short_word(p, n));
        }
    }
    ATMQTT_MQTT_ALWAYS_INLINE bool plain() const noexcept { return ((any | ~good) & every_byte(0x80)) == 0; }
};

template <bool Topic>
ATMQTT_MQTT_ALWAYS_INLINE bool plain_run(const char* p, std::size_t n) noexcept {
    plain_verdict v;
    v.add_run<Topic>(p, n);
    return v.plain();
}

// The lowest set lane of a non-zero mask of bit-7 flags.
inline std::size_t lowest_lane(scan_word m) noexcept {
#if defined(__GNUC__)
    return static_cast<std::size_t>(sizeof m > 4 ? __builtin_ctzll(m) : __builtin_ctz(static_cast<unsigned>(m))) / 8;
#else
    std::size_t i = 0;
    while (!(m & 0x80u)) {
        m >>= 8;
        ++i;
    }
    return i;
#endif
}

// Run time: whether the wildcards flagged in `wild` (bit 7 of each lane) of the word at s + at fill
// their whole levels ('/' or the start before, '/' or the end after a '+', the end after a '#').
ATMQTT_MQTT_ALWAYS_INLINE bool wildcards_fill_levels(const char* s, std::size_t n, std::size_t at,
                                                     scan_word wild) noexcept {
    bool ok = true;
    for (; wild != 0; wild &= wild - 1) {
        const std::size_t i = at + lowest_lane(wild);
        ok &= (i == 0 || s[i - 1] == '/') && (i + 1 == n || (s[i] == '+' && s[i + 1] == '/'));
    }
    return ok;
}

// Run time: adds the topic filter s to `v` (plain ASCII without 0x00) and answers whether each '+' and
// '#' in it fills its whole level. A word without a wildcard costs a branch; a wildcard is checked in
// place, byte by byte, once. Short filters with a wildcard take the byte rules.
ATMQTT_MQTT_ALWAYS_INLINE bool add_filter(plain_verdict& v, const char* s, std::size_t n) noexcept {
    constexpr std::size_t w = scan_word_bytes;
    if (n < w) {
        plain_verdict name;
        name.add_run<true>(s, n);
        if (name.plain()) return true;
        return n != 0 && scan_bytes(bytes(s, n), string_kind::topic_filter).ok();
    }
    bool levels = true;
    const auto word = [&](std::size_t at, scan_word seen) ATMQTT_MQTT_LAMBDA_INLINE {
        const scan_word x = load_word(s + at);
        v.add<false>(x);
        const scan_word wild = ~(((x | every_byte(0x08)) ^ every_byte('+')) + every_byte(0x7f)) & every_byte(0x80) & ~seen;
        if (wild != 0) levels &= wildcards_fill_levels(s, n, at, wild);
    };
    std::size_t i = 0;
    for (; i < n - w; i += w) word(i, 0);
    word(n - w, ~(~scan_word{0} << 8 * (i - (n - w))));  // its lanes below i were checked
    return levels;
}

ATMQTT_MQTT_ALWAYS_INLINE bool plain_filter(const char* s, std::size_t n) noexcept {
    plain_verdict v;
    return add_filter(v, s, n) && v.plain();
}

// Run time: true when s is certainly valid as `kind`. False sends the string to the exact byte rules,
// which find the first error and its offset.
inline bool plain_string(bytes s, string_kind kind) noexcept {
    if (kind == string_kind::topic_filter) return plain_filter(s.data(), s.size());
    if (kind == string_kind::topic_name) return plain_run<true>(s.data(), s.size());
    return plain_run<false>(s.data(), s.size());
}

// scan_bytes' answer; at run time a string proven valid word by word skips it.
constexpr status scan_string(bytes s, string_kind kind) noexcept {
    // Asked in the condition: stored in a const bool the question is itself constant-evaluated.
    if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation() && plain_string(s, kind)) {
        return {};
    }
    return scan_bytes(s, kind);
}

}  // namespace detail
}  // namespace mqtt
ATMQTT_END_NAMESPACE
