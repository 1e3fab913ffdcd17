// Run-time searches for the tokenizer's bulk paths (constexpr callers keep their own byte loops and take
// these behind `if (!in_constant_evaluation())`).
#pragma once

#include <atmqtt/core/config.hpp>

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
// The high bit of every byte of w that may equal c (the "has a zero byte" test on w ^ c...c). The lowest
// flagged byte is always a true match (a borrow only flags bytes above a real zero), so the trailing
// zero bits of a nonzero result give the first match's index.
inline std::uint64_t word_hits(std::uint64_t w, unsigned char c) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    const std::uint64_t x = w ^ (ones * c);
    return (x - ones) & ~x & 0x8080808080808080u;
}
#endif

// The index of the first CR or LF in [p, p + n), or n. Eight bytes at a time on little-endian targets
// whose compiler has __builtin_ctzll; whole words only: nothing past p + n is read; the tail goes byte by
// byte.
inline std::size_t find_line_end(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
#if defined(ATMQTT_SCAN_WORDS)
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t hits = word_hits(w, '\r') | word_hits(w, '\n');
        if (hits != 0) return i + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8u;
    }
#endif
    while (i < n && p[i] != '\r' && p[i] != '\n') ++i;
    return i;
}

// The index of the first byte in [p, p + n) equal to a, b or c, or n; as find_line_end.
inline std::size_t find_first_of(const char* p, std::size_t n, char a, char b, char c) noexcept {
    std::size_t i = 0;
#if defined(ATMQTT_SCAN_WORDS)
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t hits = word_hits(w, static_cast<unsigned char>(a)) |
                                   word_hits(w, static_cast<unsigned char>(b)) |
                                   word_hits(w, static_cast<unsigned char>(c));
        if (hits != 0) return i + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8u;
    }
#endif
    while (i < n && p[i] != a && p[i] != b && p[i] != c) ++i;
    return i;
}

}  // namespace detail
ATMQTT_END_NAMESPACE
