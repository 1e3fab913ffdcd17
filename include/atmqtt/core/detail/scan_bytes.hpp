// The line-end search of the tokenizer's bulk paths: a word at a time at run time, constexpr all the same.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ATMQTT_SCAN_WORDS 1
#endif

ATMQTT_BEGIN_NAMESPACE
namespace detail {

#if defined(ATMQTT_SCAN_WORDS)
constexpr std::uint64_t word_ones = 0x0101010101010101u;
constexpr std::uint64_t word_highs = 0x8080808080808080u;

// The high bit of every byte of w that may equal c (the "has a zero byte" test on w ^ c...c). The lowest
// flagged byte is always a true match (a borrow only flags bytes above a real one), so the trailing
// zero bits of a nonzero result give the first match's index.
inline std::uint64_t word_hits(std::uint64_t w, unsigned char c) noexcept {
    const std::uint64_t x = w ^ (word_ones * c);
    return (x - word_ones) & ~x & word_highs;
}

// The same for the bytes below 0x0E, where CR (0x0D) and LF (0x0A) lie: three operations for both.
// A flagged byte may be another control byte (a tab, a NUL); the caller checks it and goes on.
inline std::uint64_t word_controls(std::uint64_t w) noexcept { return (w - word_ones * 0x0E) & ~w & word_highs; }
#endif

// The index of the first CR or LF in [p, p + n) (with Quote, the first '"', CR or LF), or n. At run time
// eight bytes at a time on little-endian targets whose compiler has __builtin_ctzll; whole words only:
// nothing past p + n is read; the tail, and everything in constant evaluation, goes byte by byte.
template <bool Quote = false>
constexpr std::size_t find_line_end(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
#if defined(ATMQTT_SCAN_WORDS)
    while (!in_constant_evaluation() && i + 8 <= n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t hits = Quote ? word_controls(w) | word_hits(w, '"') : word_controls(w);
        if (hits == 0) {
            i += 8;
            continue;
        }
        i += static_cast<std::size_t>(__builtin_ctzll(hits)) / 8u;
        if ((Quote && p[i] == '"') || p[i] == '\r' || p[i] == '\n') return i;
        ++i;  // another control byte: on from the next one
    }
#endif
    while (i < n && !(Quote && p[i] == '"') && p[i] != '\r' && p[i] != '\n') ++i;
    return i;
}

}  // namespace detail
ATMQTT_END_NAMESPACE
