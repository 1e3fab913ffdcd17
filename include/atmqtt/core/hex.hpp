// Hex digits, once for every layer: the AT writer and decoder, Quectel's hex send/receive modes, OneMO's
// hex input format and \xHH escapes all use these.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE

// The upper-case digit of the low four bits of v.
constexpr char hex_digit(unsigned v) noexcept { return "0123456789ABCDEF"[v & 0xFu]; }

// The value of a hex digit of either case, or -1.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Hex digits (upper case) of `data` into `out`; the count written. buffer_too_small when 2 x size
// does not fit (nothing written).
constexpr result<std::size_t> hex_encode(bytes data, mutable_bytes out) noexcept {
    if (data.size() > out.size() / 2) return {errc::buffer_too_small, out.size()};
    for (std::size_t i = 0; i < data.size(); ++i) {
        out[2 * i] = hex_digit(octet(data, i) >> 4u);
        out[2 * i + 1] = hex_digit(octet(data, i));
    }
    return result<std::size_t>(data.size() * 2, data.size() * 2);
}

// Hex digits (either case) into bytes in `out`; the count written. at_invalid_hex at the bad digit (an
// odd count: at the end); buffer_too_small when the bytes do not fit.
constexpr result<std::size_t> hex_decode(bytes hex_digits, mutable_bytes out) noexcept {
    if (hex_digits.size() % 2 != 0) return {errc::at_invalid_hex, hex_digits.size()};
    if (hex_digits.size() / 2 > out.size()) return {errc::buffer_too_small, out.size() * 2};
    for (std::size_t i = 0; i < hex_digits.size(); i += 2) {
        int hi = hex_value(hex_digits[i]);
        int lo = hex_value(hex_digits[i + 1]);
        if (hi < 0) return {errc::at_invalid_hex, i};
        if (lo < 0) return {errc::at_invalid_hex, i + 1};
        out[i / 2] = static_cast<char>((hi << 4) | lo);
    }
    return result<std::size_t>(hex_digits.size() / 2, hex_digits.size());
}

ATMQTT_END_NAMESPACE
