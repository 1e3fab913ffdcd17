// Joins a received message that the modem split across several +MQTTURC: "publish" lines (the manual:
// ML302A/ML305A/ML307A/ML307R split when topic + message exceed 512 bytes; each piece carries the
// message's <total_len> and its own <payload_len>). The caller hands in the buffer; pieces are copied
// into it in arrival order until <total_len> bytes are there.
//
//     onemo::publish_assembler join(buffer);
//     auto r = join.add(u->publish);
//     if (r && r->complete) use(r->topic, r->message);   // views: the buffer and the first piece's topic
//
// A piece belongs to the message in progress when connect_id, mid and total_len agree (the manual does
// not say whether later pieces repeat the topic: it is not compared). Errors (the message in progress
// is dropped in every case; add the offending piece again to start a new message with it):
// - at_payload_mismatch: a piece of another message while one is incomplete (pieces went missing), a
//   piece that would exceed total_len (an extra piece), payload_len != the payload's size, or a piece
//   announcing total_len < payload_len;
// - buffer_too_small: total_len exceeds the buffer.
// The payload is copied as shown (hex text under output_format::hex; decode_payload converts it).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/decode.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

struct assembled {
    bool complete = false;
    std::int32_t connect_id = 0;
    std::int32_t mid = 0;
    bytes topic{};      // the first piece's topic (a view into its line: copy it if the line goes away)
    bytes message{};    // complete: the whole message, a view into the buffer
    std::size_t received = 0;
    std::size_t total = 0;
};

class publish_assembler {
public:
    constexpr explicit publish_assembler(mutable_bytes buffer) noexcept : buf_(buffer) {}

    // True while a message has some but not all of its pieces.
    constexpr bool pending() const noexcept { return active_; }
    // Forgets a message in progress (the caller decided the rest will not come).
    constexpr void reset() noexcept { active_ = false; received_ = 0; }

    constexpr result<assembled> add(const publish_urc& piece) noexcept {
        std::size_t len = piece.payload.size();
        if (piece.payload_len < 0 || piece.total_len < 0 || static_cast<std::size_t>(piece.payload_len) != len ||
            piece.total_len < piece.payload_len) {
            reset();
            return {errc::at_payload_mismatch, 0};
        }
        std::size_t total = static_cast<std::size_t>(piece.total_len);
        if (active_ && (piece.connect_id != connect_id_ || piece.mid != mid_ || total != total_)) {
            std::size_t had = received_;
            reset();
            return {errc::at_payload_mismatch, had};  // the previous message lost pieces
        }
        if (!active_) {
            if (total > buf_.size()) return {errc::buffer_too_small, total};
            active_ = true;
            connect_id_ = piece.connect_id;
            mid_ = piece.mid;
            total_ = total;
            topic_ = piece.topic;
            received_ = 0;
        }
        if (len > total_ - received_) {
            std::size_t had = received_;
            reset();
            return {errc::at_payload_mismatch, had};  // more than total_len: an extra piece
        }
        for (std::size_t i = 0; i < len; ++i) buf_[received_ + i] = piece.payload[i];
        received_ += len;
        assembled out{};
        out.connect_id = connect_id_;
        out.mid = mid_;
        out.topic = topic_;
        out.received = received_;
        out.total = total_;
        if (received_ == total_) {
            out.complete = true;
            out.message = bytes(buf_.data(), total_);
            active_ = false;
        }
        return out;
    }

private:
    mutable_bytes buf_;
    bytes topic_{};
    std::size_t received_ = 0;
    std::size_t total_ = 0;
    std::int32_t connect_id_ = 0;
    std::int32_t mid_ = 0;
    bool active_ = false;
};

}  // namespace onemo
ATMQTT_END_NAMESPACE
