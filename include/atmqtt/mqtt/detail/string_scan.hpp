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

// A topic filter's wildcard at s[i] fills its whole level, and '#' is also the last character.
constexpr status check_wildcard(bytes s, std::size_t i) noexcept {
    const bool starts_level = i == 0 || s[i - 1] == '/';
    const bool ends_level = i + 1 == s.size() || (s[i] == '+' && s[i + 1] == '/');
    return starts_level && ends_level ? status() : status(errc::mqtt_invalid_topic_filter, i);
}

// Run time, s at least one word long: whether s is plain ASCII without 0x00 and, against pattern
// every_byte('+') (topic names), without '+' (0x2b) or '#' (0x23), which differ in bit 3 only; against
// pattern 0 (text) no ASCII byte matches. Proven a word at a time without a branch per word. Out of line,
// and with nothing live after the loop but its verdict, so it runs in scratch registers: it runs for
// nearly every string.
ATMQTT_MQTT_OUT_OF_LINE inline bool plain_words(const char* p, std::size_t n, scan_word pattern) noexcept {
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
    return ((any | ~nonzero | ~plain) & every_byte(0x80)) == 0;
}

// Run time, a topic filter s at least one word long: whether it is plain ASCII without 0x00 and each '+'
// and '#' fills its whole level ('/' or the start before it, '/' or the end after a '+', the end after a
// '#'), in one pass: each word is compared with the words one byte before and after it, so every lane
// sees its neighbours, without a branch per word or per wildcard.
ATMQTT_MQTT_OUT_OF_LINE inline bool plain_filter(const char* s, std::size_t n) noexcept {
    const scan_word low7 = every_byte(0x7f), bit3 = every_byte(0x08), plus = every_byte('+'),
                    slash = every_byte('/'), top = scan_word{0xff} << (8 * (scan_word_bytes - 1));
    // Bit 7 of a byte set where it is >= 0x80 or 0x00, or a misplaced wildcard; exact as a whole (carries
    // between bytes only start at a byte >= 0x80, which is itself reported).
    scan_word bad = 0;
    // `prev` / `next`: the bytes before and after each lane of w; `hash_bad`: lanes where '#' may not be.
    const auto add = [&](scan_word w, scan_word prev, scan_word next, scan_word hash_bad) {
        const scan_word wild = ~(((w | bit3) ^ plus) + low7);  // '+' or '#'
        const scan_word is_plus = w << 4;                      // bit 3 of each byte, at bit 7
        const scan_word not_after_slash = (prev ^ slash) + low7, not_before_slash = (next ^ slash) + low7;
        bad |= w | ~(w + low7) | (wild & (not_after_slash | (is_plus & not_before_slash) | (~is_plus & hash_bad)));
    };
    const char* const last = s + n - scan_word_bytes;
    const scan_word first_word = load_word(s);
    if (s == last) {  // exactly one word: the start before it, the end after it
        add(first_word, first_word << 8 | (slash & 0xff), first_word >> 8 | (slash & top), ~top);
    } else {
        add(first_word, first_word << 8 | (slash & 0xff), load_word(s + 1), ~scan_word{0});
        for (const char* p = s + scan_word_bytes; p < last; p += scan_word_bytes) {
            add(load_word(p), load_word(p - 1), load_word(p + 1), ~scan_word{0});
        }
        // The last word may overlap the one before: every check is idempotent.
        const scan_word w = load_word(last);
        add(w, load_word(last - 1), w >> 8 | (slash & top), ~top);
    }
    return (bad & every_byte(0x80)) == 0;
}

// Run time, s at least one word long: true when s is certainly valid as `kind`. False sends the string
// to the exact byte rules, which find the first error and its offset.
inline bool plain_string(bytes s, string_kind kind) noexcept {
    if (kind == string_kind::topic_filter) return plain_filter(s.data(), s.size());
    return plain_words(s.data(), s.size(), kind == string_kind::text ? 0 : every_byte('+'));
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

// scan_bytes' answer; at run time a string proven valid word by word skips it.
constexpr status scan_string(bytes s, string_kind kind) noexcept {
    // Asked in the condition: stored in a const bool the question is itself constant-evaluated.
    if (ATMQTT_MQTT_FAST_PATHS && !::atmqtt::detail::in_constant_evaluation() && s.size() >= scan_word_bytes &&
        plain_string(s, kind)) {
        return {};
    }
    return scan_bytes(s.data(), s.size(), kind);
}

}  // namespace detail
}  // namespace mqtt
ATMQTT_END_NAMESPACE
