// Joins a received message that the modem split across several +MQTTURC: "publish" lines (the manual:
// ML302A/ML305A/ML307A/ML307R split when topic + message exceed 512 bytes; each piece carries the
// message's <total_len> and its own <payload_len>). The caller hands in the buffer; pieces are copied
// into it in arrival order until <total_len> bytes are there.
//
//     onemo::publish_assembler join(buffer);
//     auto r = join.add(u->publish);
//     if (r && r->complete) use(r->topic, r->message);   // views into the assembler and the buffer
//
// The first piece's topic is copied into the assembler (TopicCapacity bytes, 256 by default: the ML30x
// family's topic limit, and only those modules split): the piece's line lives in the tokenizer's buffer,
// which holds another line by the time the message completes.
//
// A piece belongs to the message in progress when connect_id, packet_id (<mid>) and total_len agree (the manual does
// not say whether later pieces repeat the topic: it is not compared). Errors (the message in progress
// is dropped in every case; add the offending piece again to start a new message with it):
// - at_payload_mismatch: a piece of another message while one is incomplete (pieces went missing), a
//   piece that would exceed total_len (an extra piece), payload_len != the payload's size, or a piece
//   announcing total_len < payload_len;
// - buffer_too_small: total_len exceeds the buffer (offset: total_len), or the first piece's topic
//   exceeds TopicCapacity (offset: the topic's size).
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
    bytes topic{};      // the first piece's topic, a view into the assembler (valid until its next add)
    bytes message{};    // complete: the whole message, a view into the buffer
    std::size_t received = 0;
    std::size_t total = 0;
};

template <std::size_t TopicCapacity>
class basic_publish_assembler {
    static_assert(TopicCapacity > 0, "a topic has at least one byte");
public:
    constexpr explicit basic_publish_assembler(mutable_bytes buffer) noexcept : buf_(buffer) {}

    // True while a message has some but not all of its pieces.
    constexpr bool pending() const noexcept { return active_; }
    // Forgets a message in progress (the caller decided the rest will not come).
    constexpr void reset() noexcept { active_ = false; received_ = 0; }

    constexpr result<assembled> add(const received_message& piece) noexcept {
        std::size_t len = piece.payload.size();
        if (piece.payload_len < 0 || piece.total_len < 0 || static_cast<std::size_t>(piece.payload_len) != len ||
            piece.total_len < piece.payload_len) {
            reset();
            return {errc::at_payload_mismatch, 0};
        }
        std::size_t total = static_cast<std::size_t>(piece.total_len);
        if (active_ && (piece.connect_id != connect_id_ || piece.packet_id != packet_id_ || total != total_)) {
            std::size_t had = received_;
            reset();
            return {errc::at_payload_mismatch, had};  // the previous message lost pieces
        }
        if (!active_) {
            if (total > buf_.size()) return {errc::buffer_too_small, total};
            if (piece.topic.size() > TopicCapacity) return {errc::buffer_too_small, piece.topic.size()};
            active_ = true;
            connect_id_ = piece.connect_id;
            packet_id_ = piece.packet_id;
            total_ = total;
            for (std::size_t i = 0; i < piece.topic.size(); ++i) topic_[i] = piece.topic[i];
            topic_size_ = piece.topic.size();
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
        out.packet_id = packet_id_;
        out.topic = bytes(topic_, topic_size_);
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
    char topic_[TopicCapacity] = {};
    std::size_t topic_size_ = 0;
    std::size_t received_ = 0;
    std::size_t total_ = 0;
    std::int32_t connect_id_ = 0;
    std::int32_t packet_id_ = 0;
    bool active_ = false;
};

using publish_assembler = basic_publish_assembler<256>;

}  // namespace onemo
ATMQTT_END_NAMESPACE
