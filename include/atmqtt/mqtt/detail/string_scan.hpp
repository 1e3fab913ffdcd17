// One scan per MQTT string field: UTF-8 well-formedness, U+0000, and for topics the wildcard rules, in a
// single pass. At run time (-O2, ATMQTT_MQTT_FAST_PATHS) a string of plain ASCII is proven valid 16
// bytes at a time (SSE2, x86-64) or a machine word at a time (elsewhere), a filter's wildcards checked
// in place; any other string goes to the exact byte rules, which find the first error and its offset
// (and skip plain words on their way).
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

// 16 bytes at a time on x86-64 (which always has SSE2) with g++ or clang, unless the user configuration
// (ATMQTT_MQTT_SSE2 0) says otherwise. The short strings' path assumes 8-byte words: 64-bit only.
#ifndef ATMQTT_MQTT_SSE2
#if defined(__SSE2__) && defined(__x86_64__) && !defined(__ILP32__) && (defined(__GNUC__) || defined(__clang__))
#define ATMQTT_MQTT_SSE2 1
#else
#define ATMQTT_MQTT_SSE2 0
#endif
#endif
#if ATMQTT_MQTT_SSE2
#include <emmintrin.h>
#endif

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// Inlined (g++, clang) even where the compiler would not when optimising: the run-time scans below cost
// a few instructions a word, less than a call and its register moves. Only the fast paths use them. Not
// at -O0, where forced copies would only multiply the branches a coverage build counts.
#if defined(__GNUC__) && defined(__OPTIMIZE__)
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
constexpr status scan_bytes(const char* p, std::size_t n, string_kind kind) noexcept {
    const bytes s(p, n);
    const scan_word pattern = kind == string_kind::text ? 0 : every_byte('+');
    // One exit: the first UTF-8 error stops the scan; the first wildcard error waits for the end.
    errc error = errc::ok, wildcard = errc::ok;
    std::size_t at = 0, wildcard_at = 0;
    std::size_t i = 0;
    while (i < n && error == errc::ok) {
        // Whole words of plain ASCII between the sequences that need the byte rules.
        if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation()) {
            while (n - i >= scan_word_bytes && plain_word(load_word(s.data() + i), pattern)) i += scan_word_bytes;
            if (i == n) break;
        }
        const std::uint8_t lead = octet(s, i);
        std::size_t len = 1;
        at = i;
        if (lead < 0x80) {
            if (lead == 0) {
                error = errc::mqtt_utf8_null;
            } else if ((lead | 0x08) == '+' && kind != string_kind::text && wildcard == errc::ok) {
                const status w = kind == string_kind::topic_name ? status(errc::mqtt_wildcard_in_topic_name, i)
                                                                 : check_wildcard(s, i);
                wildcard = w.error();
                wildcard_at = i;
            }
        } else {
            // Sequence length and the allowed range of the second byte (RFC 3629 section 4); the narrowed
            // second-byte ranges exclude overlong forms and code points above U+10FFFF. A continuation
            // byte, C0, C1 or F5..FF as a lead is invalid.
            len = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
            bool bad = lead < 0xc2 || lead > 0xf4 || n - i < len;
            for (std::size_t k = 1; !bad && k < len; ++k) bad = (octet(s, i + k) & 0xc0) != 0x80;
            const std::uint8_t second = bad ? 0 : octet(s, i + 1);
            bad = bad || (lead == 0xe0 && second < 0xa0) || (lead == 0xf0 && second < 0x90) ||
                  (lead == 0xf4 && second > 0x8f);
            if (bad) {
                error = errc::mqtt_invalid_utf8;
            } else if (lead == 0xed && second >= 0xa0) {
                error = errc::mqtt_utf8_surrogate;  // U+D800..U+DFFF
            }
        }
        i += len;
    }
    if (error == errc::ok) {
        error = wildcard;
        at = wildcard_at;
    }
    return status(error, error == errc::ok ? 0 : at);
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

// The lowest set bit of a non-zero mask.
inline std::size_t lowest_bit(std::uint64_t m) noexcept {
#if defined(__GNUC__)
    return static_cast<std::size_t>(__builtin_ctzll(m));
#else
    std::size_t i = 0;
    while (!(m & 1u)) {
        m >>= 1;
        ++i;
    }
    return i;
#endif
}

// Run time: whether the wildcard at s[i] fills its whole level ('/' or the start before it, '/' or the
// end after a '+', the end after a '#'). Before the last byte only "+/" will do: one 16-bit compare.
ATMQTT_MQTT_ALWAYS_INLINE bool fills_level(const char* s, std::size_t n, std::size_t i) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    constexpr std::uint16_t plus_slash = '+' << 8 | '/';
#else
    constexpr std::uint16_t plus_slash = '/' << 8 | '+';
#endif
    if (i + 1 != n) {
        std::uint16_t pair;
        std::memcpy(&pair, s + i, 2);
        if (pair != plus_slash) return false;
    }
    return i == 0 || s[i - 1] == '/';
}

// Run time, 1 <= n < 8: the bytes of s flagged in `lanes` (bit j: lane j) of short_word(s, n), as a bit
// per byte of s.
inline std::uint64_t short_word_positions(unsigned lanes, std::size_t n) noexcept {
    if (n >= 4) return (lanes & 0xfu) | std::uint64_t{lanes >> 4 & 0xfu} << (n - 4);
    return (lanes & 1u) | std::uint64_t{lanes >> 1 & 1u} << (n / 2) | std::uint64_t{lanes >> 2 & 1u} << (n - 1);
}

// Run time: the verdict on strings added a piece at a time: plain ASCII without 0x00 and, for topic
// names (add_run<true>), without '+' or '#' (0x2b, 0x23: they differ in bit 3 only); add_filter() also
// answers whether each wildcard of a topic filter fills its level. One verdict collects all the strings
// of a packet, so plain() is asked once. Two of them, with the same members: word_verdict (any target,
// a machine word at a time) and, where SSE2 is there (every x86-64), vector_verdict (16 bytes at a time);
// plain_verdict is the one the fast paths use.

// A machine word at a time. Exact as a whole: a carry between bytes only starts at a byte >= 0x80, which
// `any` reports.
struct word_verdict {
    // Bit 7 of a byte: `any` set where it is >= 0x80; `good` clear where it is 0x00 or a wildcard.
    scan_word any = 0, good = ~scan_word{0};

    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add(scan_word w) noexcept {
        any |= w;
        good &= w + every_byte(0x7f);
        if (Topic) good &= ((w | every_byte(0x08)) ^ every_byte('+')) + every_byte(0x7f);
    }
    // All of p[0..n): up to three words without a loop (the last may overlap the one before: every check
    // is idempotent), a loop beyond.
    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add_run(const char* p, std::size_t n) noexcept {
        constexpr std::size_t w = scan_word_bytes;
        if (n >= w) {
            add<Topic>(load_word(p));
            add<Topic>(load_word(p + n - w));
            for (std::size_t i = w; i < n - w; i += w) add<Topic>(load_word(p + i));
        } else if (n != 0) {
            add<Topic>(short_word(p, n));
        }
    }
    // A topic filter: a word without a wildcard costs a branch; a wildcard is checked in place, once.
    // Short filters with a wildcard take the byte rules.
    ATMQTT_MQTT_ALWAYS_INLINE bool add_filter(const char* s, std::size_t n) noexcept {
        constexpr std::size_t w = scan_word_bytes;
        if (n < w) {
            word_verdict name;
            name.add_run<true>(s, n);
            if (name.plain()) return true;
            return n != 0 && scan_bytes(s, n, string_kind::topic_filter).ok();
        }
        bool levels = true;
        const auto word = [&](std::size_t at, scan_word seen) ATMQTT_MQTT_LAMBDA_INLINE {
            const scan_word x = load_word(s + at);
            add<false>(x);
            scan_word wild = ~(((x | every_byte(0x08)) ^ every_byte('+')) + every_byte(0x7f)) & every_byte(0x80) & ~seen;
            for (; wild != 0; wild &= wild - 1) levels &= fills_level(s, n, at + lowest_bit(wild) / 8);
        };
        std::size_t i = 0;
        for (; i < n - w; i += w) word(i, 0);
        word(n - w, ~(~scan_word{0} << 8 * (i - (n - w))));  // its lanes below i were checked
        return levels;
    }
    ATMQTT_MQTT_ALWAYS_INLINE bool plain() const noexcept { return ((any | ~good) & every_byte(0x80)) == 0; }
};

#if ATMQTT_MQTT_SSE2
static_assert(scan_word_bytes == 8, "vector_verdict reads strings of under 8 bytes as one 8-byte word");

// 16 bytes at a time (SSE2). A string of 16..32 bytes is two loads (overlapping), of 8..15 two 8-byte
// halves; a filter's wildcards come out as a bit per byte, checked in place.
struct vector_verdict {
    __m128i any = _mm_setzero_si128();    // bit 7 set: a byte >= 0x80
    __m128i low = _mm_set1_epi8(-1);      // the smallest byte in each lane: 0 for 0x00
    __m128i wild = _mm_setzero_si128();   // 0xff: a '+' or '#' in a topic name

    static __m128i wildcards(__m128i v) noexcept {
        return _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x08)), _mm_set1_epi8('+'));
    }
    static unsigned wildcard_bits(__m128i v) noexcept { return static_cast<unsigned>(_mm_movemask_epi8(wildcards(v))); }
    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add(__m128i v) noexcept {
        any = _mm_or_si128(any, v);
        low = _mm_min_epu8(low, v);
        if (Topic) wild = _mm_or_si128(wild, wildcards(v));
    }
    static __m128i load(const char* p) noexcept { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
    // 8..16 bytes: the first 8 and the last 8.
    static __m128i load_halves(const char* p, std::size_t n) noexcept {
        return _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                                  _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8)));
    }
    template <bool Topic>
    ATMQTT_MQTT_ALWAYS_INLINE void add_run(const char* p, std::size_t n) noexcept {
        if (n >= 16) {
            add<Topic>(load(p));
            add<Topic>(load(p + n - 16));
            for (std::size_t i = 16; i < n - 16; i += 16) add<Topic>(load(p + i));
        } else if (n >= 8) {
            add<Topic>(load_halves(p, n));
        } else if (n != 0) {
            add<Topic>(_mm_set_epi64x(static_cast<long long>(every_byte('a')), static_cast<long long>(short_word(p, n))));
        }
    }
    ATMQTT_MQTT_ALWAYS_INLINE bool add_filter(const char* s, std::size_t n) noexcept {
        std::uint64_t bits = 0;  // a wildcard at s[i]: bit i
        if (n - 16 <= 16) {  // 16..32 bytes: two loads
            const __m128i a = load(s), b = load(s + n - 16);
            add<false>(a);
            add<false>(b);
            bits = wildcard_bits(a) | std::uint64_t{wildcard_bits(b)} << (n - 16);
        } else if (n > 32) {
            return add_long_filter(s, n);
        } else if (n >= 8) {
            const __m128i v = load_halves(s, n);
            add<false>(v);
            const unsigned m = wildcard_bits(v);
            bits = (m & 0xffu) | std::uint64_t{m >> 8} << (n - 8);
        } else {
            if (n == 0) return true;
            const __m128i v = _mm_set_epi64x(static_cast<long long>(every_byte('a')), static_cast<long long>(short_word(s, n)));
            add<false>(v);
            bits = short_word_positions(wildcard_bits(v), n);
        }
        for (; bits != 0; bits &= bits - 1) {
            if (!fills_level(s, n, lowest_bit(bits))) return false;
        }
        return true;
    }
    // More than 32 bytes: 16 at a time, each block's wildcards checked in place.
    ATMQTT_MQTT_ALWAYS_INLINE bool add_long_filter(const char* s, std::size_t n) noexcept {
        bool levels = true;
        const auto block = [&](std::size_t at, unsigned seen) ATMQTT_MQTT_LAMBDA_INLINE {
            const __m128i v = load(s + at);
            add<false>(v);
            for (unsigned m = wildcard_bits(v) & ~seen; m != 0; m &= m - 1) levels &= fills_level(s, n, at + lowest_bit(m));
        };
        std::size_t i = 0;
        for (; i < n - 16; i += 16) block(i, 0);
        block(n - 16, (1u << (i - (n - 16))) - 1);  // its bytes below i were checked
        return levels;
    }
    ATMQTT_MQTT_ALWAYS_INLINE bool plain() const noexcept {
        return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(any, wild), _mm_cmpeq_epi8(low, _mm_setzero_si128()))) == 0;
    }
};
using plain_verdict = vector_verdict;
#else
using plain_verdict = word_verdict;
#endif

template <bool Topic>
ATMQTT_MQTT_ALWAYS_INLINE bool plain_run(const char* p, std::size_t n) noexcept {
    plain_verdict v;
    v.add_run<Topic>(p, n);
    return v.plain();
}

ATMQTT_MQTT_ALWAYS_INLINE bool plain_filter(const char* s, std::size_t n) noexcept {
    plain_verdict v;
    return v.add_filter(s, n) && v.plain();
}

// Run time: true when s is certainly valid as `kind`. False sends the string to the exact byte rules,
// which find the first error and its offset.
ATMQTT_MQTT_ALWAYS_INLINE bool plain_string(bytes s, string_kind kind) noexcept {
    if (kind == string_kind::topic_filter) return plain_filter(s.data(), s.size());
    if (kind == string_kind::topic_name) return plain_run<true>(s.data(), s.size());
    return plain_run<false>(s.data(), s.size());
}

// scan_bytes' answer; at run time a string proven valid word by word skips it. Forced inline (with
// plain_string) so the kind is a constant at each caller and only its verdict is there: left to itself,
// g++ -O2 may keep one copy that dispatches on the kind (PUBLISH decode 162 -> 179 instructions).
ATMQTT_MQTT_ALWAYS_INLINE constexpr status scan_string(bytes s, string_kind kind) noexcept {
    // Asked in the condition: stored in a const bool the question is itself constant-evaluated.
    if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation() && plain_string(s, kind)) {
        return {};
    }
    return scan_bytes(s.data(), s.size(), kind);
}

}  // namespace detail
}  // namespace mqtt
ATMQTT_END_NAMESPACE
