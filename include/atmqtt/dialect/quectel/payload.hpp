// Message data in the two formats of AT+QMTCFG="send/mode" <send_mode> and "dataformat"
// <send_mode>,<recv_mode>: text (0) as it is, hex (1) as two hex digits per byte.
//
//     char wire[64];
//     auto n = quectel::encode_payload("hi", quectel::data_format::hex, wire);   // "6869", 4
//     encode(quectel::publish{0, 1, 1, 0, "t", int(*n)}, cmd_buf);   // <length> = bytes after '>'
//     ... +QMTRECV: 0,1,"t",4,6869
//     auto msg = quectel::decode_payload(m->payload, quectel::data_format::hex, buf);   // "hi"
//
// <length> and <payload_len> count the bytes on the wire: the issue's contract for AT+QMTPUBEX is "'>',
// then exactly <length> bytes", and +QMTRECV's <payload_len> is what the tokenizer counts. The manual
// does not say whether hex mode counts digits or decoded bytes (docs/dialect-notes/quectel.md §7).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

// <send_mode> / <recv_mode>: 0 string, 1 hexadecimal.
enum class data_format : std::uint8_t { text = 0, hex = 1 };

// encode_payload / decode_payload: one name and call shape in every dialect with payload modes (OneMO's
// payload.hpp), docs/at-core.md's Vocabulary.
// The bytes to send after AT+QMTPUBEX's '>' for `message` in `send` format, written to `out`; their
// count is the command's <length>. A format outside the enum (a cast config value) is at_invalid_enum.
constexpr result<std::size_t> encode_payload(bytes message, data_format send, mutable_bytes out) noexcept {
    if (send == data_format::hex) return hex_encode(message, out);
    if (send != data_format::text) return {errc::at_invalid_enum, 0};
    if (message.size() > out.size()) return {errc::buffer_too_small, out.size()};
    for (std::size_t i = 0; i < message.size(); ++i) out[i] = message[i];
    return result<std::size_t>(message.size(), message.size());
}

// The message bytes of a received payload (received_message::payload) in `recv` format: text is the payload
// itself (no copy), hex is decoded into `out`. Errors are hex_decode's, offsets within the payload.
constexpr result<bytes> decode_payload(bytes payload, data_format recv, mutable_bytes out) noexcept {
    if (recv == data_format::text) return payload;
    if (recv != data_format::hex) return {errc::at_invalid_enum, 0};
    result<std::size_t> n = hex_decode(payload, out);
    if (!n) return {n.error(), n.offset()};
    return bytes(out.data(), *n);
}

}  // namespace quectel
ATMQTT_END_NAMESPACE
