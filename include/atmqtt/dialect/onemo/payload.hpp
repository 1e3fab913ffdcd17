// The "encoding" modes (AT+MQTTCFG="encoding",<id>,<input_format>,<output_format>): how <message> and
// <will_msg> are written, how received payloads are shown, and how <msg_len> counts.
//
// Input (what we write):
//   ascii   (0): the bytes as they are; '"', CR and LF cannot be carried (at_unescapable_character).
//   hex     (1): two hex digits per byte (upper case). <msg_len> counts the bytes after conversion.
//   escaped (2): the manual names the mode but never its rules. This library writes '\\' as "\\\\",
//                CR as "\\r", LF as "\\n" and '"' plus every other control byte as "\\xHH", so the text
//                never needs quotes escaped; reading also accepts "\\\"" and "\\t". <msg_len> counts the
//                escaped text ("其他模式即表示原始输入的数据长度": the raw input length).
// Output (what the modem shows): raw (0) or hex (1); decode_payload turns hex text back into bytes.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

enum class input_format : std::uint8_t { ascii = 0, hex = 1, escaped = 2 };
enum class output_format : std::uint8_t { raw = 0, hex = 1 };

// Writes the text of `msg` in mode f (no quotes) into out; the value is its size. The offset of
// at_unescapable_character is the byte's index in msg; buffer_too_small: nothing past out was written.
// A null, unbounded out only counts (message_length).
constexpr result<std::size_t> encode_payload(bytes msg, input_format f, mutable_bytes out) noexcept {
    at::detail::line_cursor text(out);
    if (f > input_format::escaped) return {errc::at_invalid_enum, 0};  // a cast from a wire or config value
    for (std::size_t i = 0; i < msg.size(); ++i) {
        const std::uint8_t b = octet(msg, i);
        if (f == input_format::ascii && (b == '"' || b == '\r' || b == '\n')) return {errc::at_unescapable_character, i};
        // escaped: the control bytes, '"' and '\\' themselves
        const bool escape = f == input_format::escaped && (b < 0x20 || b == 0x7F || b == '"' || b == '\\');
        if (escape) text.put('\\');
        if (escape && (b == '\\' || b == '\r' || b == '\n')) {
            text.put(b == '\\' ? '\\' : b == '\r' ? 'r' : 'n');
        } else if (escape || f == input_format::hex) {
            if (escape) text.put('x');
            text.put(hex_digit(b >> 4u));
            text.put(hex_digit(b));
        } else {
            text.put(static_cast<char>(b));
        }
    }
    if (text.failed()) return {errc::buffer_too_small, text.written()};
    return text.written();
}

// <msg_len> as the manual counts it for `msg` written in mode f, with encode_payload's errors: the text's
// size, but under hex the bytes (the text is twice as long).
constexpr result<std::size_t> message_length(bytes msg, input_format f) noexcept {
    if (f == input_format::hex) return msg.size();
    return encode_payload(msg, f, mutable_bytes(nullptr, SIZE_MAX));
}

// The bytes a text written in mode f stands for, decoded into out (the inverse of encode_payload; also
// reads +MQTTCFG: "willpayload" answers); the value is a view of them in out. at_invalid_hex for odd or
// non-hex digits, at_unexpected_character for an unknown escape; the offset is within `text` (of the
// digit, or of the escape's '\\').
constexpr result<bytes> decode_message(bytes text, input_format f, mutable_bytes out) noexcept {
    if (f > input_format::escaped) return {errc::at_invalid_enum, 0};
    // Escaped mode's escapes, as read: each byte of `escaped_bytes` is '\\' and the letter below it, and
    // "\\x" is followed by two hex digits (writing names the first three and writes '"' and every other
    // control byte as "\\xHH").
    constexpr std::string_view escaped_bytes = "\\\r\n\"\t", escape_letters = "\\rn\"tx";
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t at = i;  // where this byte's text starts
        int v = static_cast<unsigned char>(text[i]);
        bool digits = f == input_format::hex;  // two hex digits at i
        if (f == input_format::escaped && v == '\\') {
            const std::size_t named = escape_letters.find(i + 1 < text.size() ? text[i + 1] : '\0');
            if (named == bytes::npos) return {errc::at_unexpected_character, i};
            digits = escape_letters[named] == 'x';
            if (!digits) v = escaped_bytes[named];
            i += digits ? 2 : 1;
        }
        if (digits) {
            const int hi = i < text.size() ? hex_value(text[i]) : -1;
            const int lo = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            if (hi < 0 || lo < 0) return {errc::at_invalid_hex, f == input_format::hex && hi >= 0 && i + 1 < text.size() ? i + 1 : at};
            v = hi * 16 + lo;
            ++i;
        }
        if (n == out.size()) return {errc::buffer_too_small, at};
        out[n++] = static_cast<char>(v);
    }
    return bytes(out.data(), n);
}

// The message bytes of a received payload (received_message::payload) in format f: raw is the payload
// itself (no copy), hex is decoded into `out` (which may be the payload's own storage: decoding shrinks).
// A format outside the enum is at_invalid_enum; other errors are decode_message's, offsets within the payload.
constexpr result<bytes> decode_payload(bytes payload, output_format f, mutable_bytes out) noexcept {
    if (f == output_format::raw) return payload;
    if (f != output_format::hex) return {errc::at_invalid_enum, 0};
    return decode_message(payload, input_format::hex, out);
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
