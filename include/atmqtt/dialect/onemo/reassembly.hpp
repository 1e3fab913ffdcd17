// Joins a received message that the modem split across several +MQTTURC: "publish" lines (the manual:
// ML302A/ML305A/ML307A/ML307R split when topic + message exceed 512 bytes; each piece carries the
// message's <total_len> and its own <payload_len>). The caller hands in the buffer; pieces are copied
// into it in arrival order until <total_len> bytes are there.
//
//     onemo::publish_assembler join(buffer);
//     auto r = join.add(u->publish);
//     if (r && r->complete) use(r->topic, r->message);   // views into the assembler and the buffer
//
// The first piece's topic is copied to the front of the buffer, the message after it: the piece's line
// lives in the tokenizer's buffer, which holds another line by the time the message completes. The
// buffer holds both (the ML30x family, the only modules that split: topics up to 256 bytes).
//
// A piece belongs to the message in progress when connect_id, packet_id (<mid>) and total_len agree (the manual does
// not say whether later pieces repeat the topic: it is not compared). Errors (the message in progress
// is dropped in every case; add the offending piece again to start a new message with it):
// - at_payload_mismatch: a piece of another message while one is incomplete (pieces went missing), a
//   piece that would exceed total_len (an extra piece), payload_len != the payload's size, or a piece
//   announcing total_len < payload_len;
// - buffer_too_small: the first piece's topic and total_len exceed the buffer (offset: the bytes needed).
// The payload is copied as shown (hex text under output_format::hex; decode_payload converts it).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/responses.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

struct assembled {
    bool complete = false;
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    bytes topic{};      // the first piece's topic, a view into the buffer (valid until the next add)
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

    constexpr result<assembled> add(const received_message& piece) noexcept {
        const std::size_t len = piece.payload.size();
        const std::size_t total = static_cast<std::size_t>(piece.total_len);
        const bool invalid = piece.payload_len < 0 || piece.total_len < piece.payload_len ||
                             static_cast<std::size_t>(piece.payload_len) != len;
        // an invalid piece, a piece of another message (pieces went missing) or beyond total_len (extra)
        if (invalid || (active_ && (piece.connect_id != connect_id_ || piece.packet_id != packet_id_ ||
                                    total != total_ || len > total_ - received_))) {
            const std::size_t had = invalid ? 0 : received_;
            reset();
            return {errc::at_payload_mismatch, had};
        }
        if (!active_) {
            const std::size_t topic = piece.topic.size();
            // total_len < 2^31 and a topic is within a line: the sum does not wrap
            if (topic + total > buf_.size()) return {errc::buffer_too_small, topic + total};
            copy(0, piece.topic);
            active_ = true;
            connect_id_ = piece.connect_id;
            packet_id_ = piece.packet_id;
            total_ = total;
            topic_size_ = topic;
        }
        copy(topic_size_ + received_, piece.payload);
        received_ += len;
        assembled out{false, connect_id_, packet_id_, bytes(buf_.data(), topic_size_), {}, received_, total_};
        if (received_ == total_) {
            out.complete = true;
            out.message = bytes(buf_.data() + topic_size_, total_);
            active_ = false;
            received_ = 0;
        }
        return out;
    }

private:
    constexpr void copy(std::size_t at, bytes from) noexcept {
        for (std::size_t i = 0; i < from.size(); ++i) buf_[at + i] = from[i];
    }

    mutable_bytes buf_;
    std::size_t topic_size_ = 0;
    std::size_t received_ = 0;
    std::size_t total_ = 0;
    std::int32_t connect_id_ = 0;
    std::int32_t packet_id_ = 0;
    bool active_ = false;
};

}  // namespace onemo
ATMQTT_END_NAMESPACE
