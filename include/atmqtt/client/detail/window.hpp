// The in-flight window of a session: one 4-byte slot per unacknowledged request (QoS 1/2 PUBLISH, PUBREL,
// SUBSCRIBE, UNSUBSCRIBE), kept in the order their last packet was sent, so resending after a reconnect
// walks the array front to back [MQTT-4.6.0-1]. Plus the packet ids of incoming QoS 2 messages between
// PUBREC and PUBREL, for delivering each once. The size is the caller's template parameter (window_storage);
// the code (window) is one for every size.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <cstdint>

// first_with() has two callers in the session, where inlined it is smaller than its calls (g++ -Os keeps
// it out of line otherwise).
#if defined(__GNUC__)
#define ATMQTT_WINDOW_INLINE __attribute__((always_inline))
#else
#define ATMQTT_WINDOW_INLINE
#endif

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace detail {

// What a slot waits for. The two high bits mark a slot after a reconnect: to be resent, or to be reported
// lost (and removed) by the next next_event().
enum slot_state : std::uint8_t {
    awaiting_puback = 1,
    awaiting_pubrec = 2,
    awaiting_pubcomp = 3,
    awaiting_suback = 4,
    awaiting_unsuback = 5,
    slot_wait_mask = 0x0f,
    slot_resend = 0x40,
    slot_lost = 0x80,
};

struct slot {
    std::uint16_t packet_id = 0;
    std::uint8_t state = 0;  // slot_state, plus slot_resend / slot_lost
    std::uint8_t info = 0;   // PUBLISH: retain (1); SUBSCRIBE: the number of filters (the SUBACK must match)

    constexpr std::uint8_t waits_for() const noexcept { return state & slot_wait_mask; }
};
static_assert(sizeof(slot) <= 8, "issue 21: at most 8 bytes of state per in-flight slot");

// The storage of a window of N slots; the session's template part holds it, window below works on it.
template <std::size_t N>
struct window_storage {
    static_assert(N >= 1 && N <= 255, "the in-flight window holds 1 to 255 requests");
    slot slots[N]{};
    std::uint16_t inbound[N]{};  // incoming QoS 2 ids: PUBREC sent, PUBREL not yet received
};

// The window over its storage. Not a template: the session's code is the same for every window size.
struct window {
    static constexpr std::size_t none = 255;  // no such slot (a window holds at most 255)

    std::uint8_t capacity;
    std::uint8_t count;
    std::uint8_t inbound_count;
    slot* slots;
    std::uint16_t* inbound;

    constexpr bool full() const noexcept { return count == capacity; }

    // Index of the slot with this packet id, or none.
    constexpr std::size_t find(std::uint16_t id) const noexcept {
        for (std::size_t i = 0; i < count; ++i) {
            if (slots[i].packet_id == id) return i;
        }
        return none;
    }
    // The first slot whose state has `flag`, or none.
    ATMQTT_WINDOW_INLINE constexpr std::size_t first_with(std::uint8_t flag) const noexcept {
        for (std::size_t i = 0; i < count; ++i) {
            if ((slots[i].state & flag) != 0) return i;
        }
        return none;
    }
    constexpr void add(std::uint16_t id, std::uint8_t state, std::uint8_t info) noexcept {
        slots[count++] = slot{id, state, info};
    }
    // Removes slot i, keeping the order of the others.
    constexpr void remove(std::size_t i) noexcept {
        for (; i + 1 < count; ++i) slots[i] = slots[i + 1];
        --count;
    }
    // Moves slot i to the end with a new state: its PUBREL is now the latest packet sent.
    constexpr void move_to_end(std::size_t i, std::uint8_t state) noexcept {
        slot s = slots[i];
        remove(i);
        s.state = state;
        slots[count++] = s;
    }
    // Marks every slot: resendable ones (PUBLISH, PUBREL) with `resend`, the others with slot_lost.
    constexpr void mark_all(bool session_present) noexcept {
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint8_t w = slots[i].waits_for();
            const bool resendable = session_present && w <= awaiting_pubcomp;
            slots[i].state = static_cast<std::uint8_t>(w | (resendable ? slot_resend : slot_lost));
        }
    }

    constexpr bool has_inbound(std::uint16_t id) const noexcept {
        for (std::size_t i = 0; i < inbound_count; ++i) {
            if (inbound[i] == id) return true;
        }
        return false;
    }
    // Remembers an incoming QoS 2 id; false when there is no room.
    constexpr bool add_inbound(std::uint16_t id) noexcept {
        if (inbound_count == capacity) return false;
        inbound[inbound_count++] = id;
        return true;
    }
    constexpr void remove_inbound(std::uint16_t id) noexcept {
        for (std::size_t i = 0; i < inbound_count; ++i) {
            if (inbound[i] == id) {
                inbound[i] = inbound[--inbound_count];
                return;
            }
        }
    }
};

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
