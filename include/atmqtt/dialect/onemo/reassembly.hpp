// Places the pieces of a received message that the modem split across several +MQTTURC: "publish" lines
// (the manual: ML302A/ML305A/ML307A/ML307R split when topic + message exceed 512 bytes; each piece
// carries the message's <total_len> and its own <payload_len>). Each accepted piece is reported with its
// offset in the message, so firmware writes it where the message goes (a file, a flash page, a queue)
// and needs no copy of the whole; given a buffer, the assembler also joins the message into it.
//
//     onemo::publish_assembler pieces;                       // or pieces(buffer): join into `buffer`
//     auto r = pieces.add(m);                                // m: a decoded received_message
//     if (r) store(r->offset, r->payload);                   // views into the piece's line
//     if (r && r->complete) done(r->total);                  // with a buffer: r->message, the whole
//
// The topic and payload reported are the piece's own (views into its line, valid while the line is): no
// view outlives the line it came in. The manual does not say whether later pieces repeat the topic: it
// is not compared; a caller that needs the first piece's topic keeps it from the piece at offset 0.
//
// A piece belongs to the message in progress when client_idx, packet_id (<mid>) and total_len agree.
// Errors (the message in progress is dropped in every case; add the offending piece again to start a new
// message with it):
// - at_payload_mismatch: a piece of another message while one is incomplete (pieces went missing; offset:
//   the bytes the lost message had), a piece that would exceed total_len (an extra piece),
//   payload_len != the payload's size, or a piece announcing total_len < payload_len;
// - buffer_too_small: with a buffer, total_len exceeds it (offset: the bytes needed).
// The payload is counted as shown (hex text under output_format::hex, where the lengths may count the
// bytes: twice the announced lengths then; decode_payload converts the text).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

// The piece itself (its topic and payload) and its place in the message.
struct assembled : received_message {
    std::size_t offset = 0;  // where the payload goes in the message
    std::size_t total = 0;   // the message's size
    bool complete = false;   // this piece was the message's last
    bytes message{};         // complete, with a buffer: the whole message, a view into the buffer
};

class publish_assembler {
public:
    constexpr publish_assembler() noexcept = default;
    constexpr explicit publish_assembler(mutable_bytes buffer) noexcept : buf_(buffer) {}

    // True while a message has some but not all of its pieces.
    constexpr bool pending() const noexcept { return received_ != 0; }
    // Forgets a message in progress (the caller decided the rest will not come).
    constexpr void reset() noexcept { received_ = 0; }

    constexpr result<assembled> add(const received_message& piece) noexcept {
        const std::size_t len = piece.payload.size();
        // Under output_format::hex the lengths may count bytes while the text is hex digits, twice as many
        // (hex_row accepts both): the counts are then doubled, so everything is counted as shown.
        const std::size_t scale = piece.payload_len > 0 && len == 2 * static_cast<std::size_t>(piece.payload_len) ? 2 : 1;
        const std::size_t total = scale * static_cast<std::size_t>(piece.total_len);
        // (a negative payload_len is never the payload's size; a valid first piece fits its total)
        const bool invalid = piece.total_len < piece.payload_len || scale * static_cast<std::size_t>(piece.payload_len) != len;
        // an invalid piece, a piece of another message (pieces went missing) or beyond total_len (extra)
        if (invalid || len > total - received_ ||
            (pending() && (piece.client_idx != client_idx_ || piece.packet_id != packet_id_ || total != total_))) {
            const std::size_t had = invalid ? 0 : received_;
            reset();
            return {errc::at_payload_mismatch, had};
        }
        if (!pending()) {
            if (buf_.data() != nullptr && total > buf_.size()) return {errc::buffer_too_small, total};
            client_idx_ = piece.client_idx;
            packet_id_ = piece.packet_id;
            total_ = total;
        }
        assembled out{piece, received_, total_, false, {}};
        if (buf_.data() != nullptr) ::atmqtt::detail::copy_bytes(buf_.data() + received_, piece.payload.data(), len);
        received_ += len;
        if (received_ == total_) {
            out.complete = true;
            out.message = bytes(buf_.data(), buf_.data() != nullptr ? total_ : 0);
            reset();
        }
        return out;
    }

private:
    mutable_bytes buf_{};
    std::size_t received_ = 0;
    std::size_t total_ = 0;
    std::int32_t client_idx_ = 0;
    std::int32_t packet_id_ = 0;
};

}  // namespace onemo
ATMQTT_END_NAMESPACE
