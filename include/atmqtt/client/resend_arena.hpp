// Payload storage for resends in a caller-owned arena: the session keeps only packet ids and QoS, and
// after a reconnect with the session present asks its resend_store for topic and payload by packet id.
// A firmware that does not keep its messages anyway hands the session this arena's store():
//
//   char storage[1024];                          // the caller's bytes: the arena never allocates
//   client::resend_arena arena(storage);
//   client::session<8> s(rx, tx, arena.store());
//   auto id = s.publish(topic, payload, mqtt::qos::at_least_once);
//   if (id && *id != 0) arena.keep(*id, topic, payload);   // capacity_exceeded: not kept (see below)
//   ... for every event e: arena.release(e);     // published or lost: the record is dropped
//
// Records lie back to back in the storage in the order they were kept: 2 bytes packet id, 2 topic
// length, 2 payload length, then topic and payload. Release moves what follows down (no holes, no
// fragmentation). A message the arena could not keep is still in flight in the session; if the link
// drops before it is acknowledged, the session reports it lost with client_no_resend_store: never silent.
// Costs nothing unless used: the session does not include this header.
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace client {

class resend_arena {
public:
    // Bytes of a record beside its topic and payload.
    static constexpr std::size_t record_header = 6;

    constexpr explicit resend_arena(mutable_bytes storage) noexcept
        : data_(storage.data()), capacity_(storage.size()) {}
    resend_arena(const resend_arena&) = delete;  // the session's store() points at this object
    resend_arena& operator=(const resend_arena&) = delete;

    // Keeps a copy of topic and payload under packet_id, replacing any record with the same id. Errors
    // (nothing kept, any previous record of the id is kept as it was): mqtt_zero_packet_id (a QoS 0
    // publish: nothing to resend), mqtt_empty_topic, too_long (topic or payload over 65,535 bytes, more
    // than a session's tx buffer can send), capacity_exceeded (the record, record_header + topic +
    // payload bytes, does not fit beside the others: release some, or give the arena more storage).
    constexpr status keep(std::uint16_t packet_id, bytes topic, bytes payload) noexcept {
        if (packet_id == 0) return errc::mqtt_zero_packet_id;
        if (topic.empty()) return errc::mqtt_empty_topic;
        if (topic.size() > 65535 || payload.size() > 65535) return errc::too_long;
        const std::size_t old = find_record(packet_id);
        const std::size_t freed = old != none ? record_size(old) : 0;
        const std::size_t need = record_header + topic.size() + payload.size();
        if (need > capacity_ - used_ + freed) return errc::capacity_exceeded;
        if (old != none) remove(old);
        char* r = data_ + used_;
        put_u16(r, packet_id);
        put_u16(r + 2, topic.size());
        put_u16(r + 4, payload.size());
        ::atmqtt::detail::copy_bytes(r + record_header, topic.data(), topic.size());
        ::atmqtt::detail::copy_bytes(r + record_header + topic.size(), payload.data(), payload.size());
        used_ += need;
        ++count_;
        return {};
    }

    // Drops the record of packet_id; client_unknown_packet_id when there is none (nothing changes).
    constexpr status release(std::uint16_t packet_id) noexcept {
        const std::size_t at = find_record(packet_id);
        if (at == none) return errc::client_unknown_packet_id;
        remove(at);
        return {};
    }

    // Drops the record an event ends: published (acknowledged, or completed at QoS 2) or lost publish.
    // Call it with every event; the others change nothing (ok). client_unknown_packet_id: the event ends
    // a publish the arena holds no record of (one keep() refused).
    constexpr status release(const event& e) noexcept {
        const bool ends = e.type == event_type::published ||
                          (e.type == event_type::lost && e.kind == request_kind::publish);
        if (!ends) return {};
        return release(e.packet_id);
    }

    // Topic and payload kept for packet_id, views into the arena valid until the next keep() or
    // release(); an empty topic when there is none (the session then reports the publish lost).
    constexpr stored_publish find(std::uint16_t packet_id) const noexcept {
        const std::size_t at = find_record(packet_id);
        if (at == none) return {};
        const std::size_t topic = u16(at + 2);
        const char* r = data_ + at + record_header;
        return {bytes(r, topic), bytes(r + topic, u16(at + 4))};
    }

    // The hook for the session: session<N> s(rx, tx, arena.store()). The arena must outlive the session.
    constexpr resend_store store() noexcept { return {&load, this}; }

    constexpr std::size_t count() const noexcept { return count_; }        // records kept
    constexpr std::size_t used() const noexcept { return used_; }          // bytes they take
    constexpr std::size_t capacity() const noexcept { return capacity_; }  // bytes of storage

private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    static stored_publish load(void* self, std::uint16_t packet_id) noexcept {
        return static_cast<const resend_arena*>(self)->find(packet_id);
    }

    static constexpr void put_u16(char* to, std::size_t v) noexcept {
        to[0] = static_cast<char>((v >> 8) & 0xFFu);
        to[1] = static_cast<char>(v & 0xFFu);
    }
    constexpr std::size_t u16(std::size_t at) const noexcept {
        return static_cast<std::size_t>(static_cast<unsigned char>(data_[at])) << 8 |
               static_cast<unsigned char>(data_[at + 1]);
    }
    constexpr std::size_t record_size(std::size_t at) const noexcept {
        return record_header + u16(at + 2) + u16(at + 4);
    }
    // Offset of the record of packet_id, or none.
    constexpr std::size_t find_record(std::uint16_t packet_id) const noexcept {
        for (std::size_t at = 0; at < used_; at += record_size(at)) {
            if (u16(at) == packet_id) return at;
        }
        return none;
    }
    // Moves the records after the one at `at` down over it (ranges overlap: a forward copy).
    constexpr void remove(std::size_t at) noexcept {
        const std::size_t size = record_size(at);
        for (std::size_t i = at + size; i < used_; ++i) data_[i - size] = data_[i];
        used_ -= size;
        --count_;
    }

    char* data_;
    std::size_t capacity_;
    std::size_t used_ = 0;
    std::size_t count_ = 0;
};

}  // namespace client
ATMQTT_END_NAMESPACE
