// Run-time searches for the tokenizer's bulk paths (constexpr callers keep their own byte loops and take
// these behind `if (!in_constant_evaluation())`).
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

ATMQTT_BEGIN_NAMESPACE
namespace detail {

// The index of the first CR or LF in [p, p + n), or n. Eight bytes at a time on little-endian targets
// whose compiler has __builtin_ctzll: a word is compared with CR and LF at once (the "has a zero byte"
// test on word ^ 0x0D0D... and word ^ 0x0A0A...); the lowest flagged byte is always a true match (a borrow
// only flags bytes above a real zero), so the trailing zero bits give its index. Whole words only:
// nothing past p + n is read; the tail goes byte by byte.
inline std::size_t find_line_end(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t cr = w ^ (ones * '\r');
        const std::uint64_t lf = w ^ (ones * '\n');
        const std::uint64_t hits = (((cr - ones) & ~cr) | ((lf - ones) & ~lf)) & highs;
        if (hits != 0) return i + static_cast<std::size_t>(__builtin_ctzll(hits)) / 8u;
    }
#endif
    while (i < n && p[i] != '\r' && p[i] != '\n') ++i;
    return i;
}

}  // namespace detail
ATMQTT_END_NAMESPACE
