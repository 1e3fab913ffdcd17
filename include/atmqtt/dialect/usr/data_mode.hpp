// USR data modes: after AT+S the serial port carries MQTT data, not AT lines (manual §3.1). Frames have
// no delimiter of their own; the caller gives the boundaries (UART idle time, one log line per frame).
//   transparent (AT+MQTTMOD=0)   up: <payload> (published on every enabled preset topic)  down: <payload>
//   distribution (AT+MQTTMOD=1)  up: <pubnum>,<payload>              preset topic 1..10
//                                    0,0,<topic>,<qos>,<retain>,<payload>   temporary publish
//                                    0,1,<topic>,<qos> / 0,2,<topic>,<qos>  temporary (un)subscribe
//                                down: <subnum>,<payload> / 0,<topic>,<payload>
// The payload is everything after the last fixed field, commas included; a topic cannot hold a comma.
// Also here: the escape back to command mode, host `+++`, module `a`, host `a`, module `+ok` (§3, steps 1).
#pragma once

#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

enum class frame_kind : std::uint8_t {
    transparent_publish,    // up, mode 0: <payload>
    transparent_message,    // down, mode 0: <payload>
    preset_publish,         // up, mode 1: <pubnum>,<payload>
    temporary_publish,      // up, mode 1: 0,0,<topic>,<qos>,<retain>,<payload>
    temporary_subscribe,    // up, mode 1: 0,1,<topic>,<qos>
    temporary_unsubscribe,  // up, mode 1: 0,2,<topic>,<qos>
    preset_message,         // down, mode 1: <subnum>,<payload>
    temporary_message,      // down, mode 1: 0,<topic>,<payload>
};

// The enumerator's name ("preset_publish"); "unknown" past the last one.
constexpr bytes to_string(frame_kind k) noexcept {
    const bytes name = at::nth_word("transparent_publish|transparent_message|preset_publish|temporary_publish|"
                                    "temporary_subscribe|temporary_unsubscribe|preset_message|temporary_message",
                                    static_cast<std::size_t>(k));
    return name.empty() ? "unknown" : name;
}

inline constexpr std::int32_t max_slot = 10;
inline constexpr std::size_t max_topic_length = 128;  // the preset topics' limit; the manual states none
                                                      // for temporary topics, so the same one applies

// One data-mode frame. Views into the caller's bytes; only the fields of its kind are meaningful.
struct frame {
    frame_kind kind = frame_kind::transparent_publish;
    std::uint8_t slot = 0;    // pubnum (preset_publish) or subnum (preset_message), 1..10
    std::uint8_t qos = 0;     // temporary publish / subscribe / unsubscribe
    std::uint8_t retain = 0;  // temporary publish
    bytes topic{};            // temporary frames
    bytes payload{};

    // Writes the frame (no terminator: the frame is exactly these bytes) through usr::encode /
    // encoded_size. Checks slot 1..10, QoS 0..2, retain 0..1, a topic of 1..128 bytes without a comma,
    // and that a transparent frame is not empty.
    struct binding {
        template <class Cursor>
        static constexpr result<std::size_t> write(const frame& fr, Cursor& out) noexcept;
    };
};

namespace detail {
// What a frame of each kind (frame_kind's order) carries, comma-separated: s its slot, t its topic, q its
// QoS, r its retain flag, p its payload; a digit stands for itself (slot 0 and a temporary frame's flag).
inline constexpr char frame_layouts[][7] = {"p", "p", "sp", "00tqrp", "01tq", "02tq", "sp", "0tp"};
}  // namespace detail

template <class Cursor>
constexpr result<std::size_t> frame::binding::write(const frame& fr, Cursor& out) noexcept {
    const auto k = static_cast<std::size_t>(fr.kind);
    // No kind (there are 8), or no bytes (kinds 0 and 1: transparent): the module cannot tell an empty
    // frame from silence.
    if (k >= 8 || (k < 2 && fr.payload.empty())) return {errc::at_invalid_frame, 0};
    const char* const layout = detail::frame_layouts[k];
    for (const char* next = layout; *next != '\0'; ++next) {
        if (next != layout) out.put(',');
        const char c = *next;
        if (c == 't') {  // a temporary frame's checks (QoS and retain too: before any number's)
            if (fr.topic.empty()) return {errc::at_missing_field, 0};
            if (fr.topic.size() > max_topic_length) return {errc::too_long, 0};
            for (char t : fr.topic)
                if (t == ',') return {errc::at_comma_in_bare_string, 0};
            if (fr.qos > 2 || fr.retain > 1) return {errc::out_of_range, 0};
            out.put(fr.topic);
        } else if (c == 'p') {
            out.put(fr.payload);
        } else {  // a number: the slot, QoS, retain flag, or the layout's digit
            if (c == 's' && (fr.slot < 1 || fr.slot > max_slot)) return {errc::out_of_range, 0};
            const int number = c == 's' ? fr.slot : c == 'q' ? fr.qos : c == 'r' ? fr.retain : c - '0';
            at::detail::put_integer(out, number);
        }
    }
    if (out.failed()) return {errc::buffer_too_small, out.written()};
    return result<std::size_t>(out.written(), out.written());
}

// Which way a frame goes: host -> module (uplink: publish and (un)subscribe frames) or module -> host
// (downlink: received messages).
enum class direction : std::uint8_t { uplink, downlink };

// Decodes a frame going `dir` in the given transfer mode. Error offsets index `f`.
// Both directions share their start: a transparent frame is all payload; a distribution frame starts
// with a slot number, non-zero for a preset topic followed by the payload. Only slot 0 differs: the host
// sends a flag (publish / subscribe / unsubscribe) and a topic, the module just a topic.
constexpr result<frame> decode_frame(bytes f, transfer_mode mode, direction dir) noexcept {
    const bool uplink = dir == direction::uplink;
    frame out;
    std::size_t i = 0;  // the fields read so far: i moves only past one that reads
    // A number: decimal, at most 3 digits and without a leading zero (the encoder never writes one, so a
    // decoded frame re-encodes byte for byte), ending at a comma or, when `last`, at the frame's end;
    // above `max` it is `over` (out_of_range, or at_invalid_enum for the flag) at its start.
    const auto number = [&](std::uint8_t& v, std::int32_t max, bool last = false,
                            errc over = errc::out_of_range) -> status {
        std::size_t j = i;
        std::int32_t n = 0;
        for (; j < f.size() && f[j] >= '0' && f[j] <= '9'; ++j) {
            if (j > i && n == 0) return {errc::at_invalid_integer, i};  // a leading zero
            if (j - i == 3) return {errc::at_integer_overflow, i};
            n = n * 10 + (f[j] - '0');
        }
        if (j == f.size()) {
            if (j == i || !last) return {errc::at_missing_field, j};
        } else if (j == i || f[j] != ',') {
            return {errc::at_invalid_integer, j};
        } else if (last) {
            return {errc::at_too_many_fields, j};
        } else {
            ++j;
        }
        if (n > max) return {over, i};
        v = static_cast<std::uint8_t>(n);
        i = j;
        return {};
    };
    // A topic: up to the next comma.
    const auto topic = [&]() -> status {
        std::size_t j = i;
        while (j < f.size() && f[j] != ',') ++j;
        if (j == f.size() || j == i) return {errc::at_missing_field, j};
        if (j - i > max_topic_length) return {errc::too_long, i};
        out.topic = bytes(f.data() + i, j - i);
        i = j + 1;
        return {};
    };
    status st{};
    if (mode == transfer_mode::transparent) {
        if (f.empty()) return {errc::at_invalid_frame, 0};
        out.kind = uplink ? frame_kind::transparent_publish : frame_kind::transparent_message;
    } else if (st = number(out.slot, max_slot); !st || out.slot != 0) {
        out.kind = uplink ? frame_kind::preset_publish : frame_kind::preset_message;
    } else if (!uplink) {
        out.kind = frame_kind::temporary_message;
        st = topic();
    } else {  // the flag: 0 publish, 1 subscribe, 2 unsubscribe (frame_kind's order)
        std::uint8_t flag = 0;
        st = number(flag, 2, false, errc::at_invalid_enum);
        out.kind = static_cast<frame_kind>(static_cast<std::uint8_t>(frame_kind::temporary_publish) + flag);
        if (st) st = topic();
        if (st) st = number(out.qos, 2, flag != 0);
        if (st && flag == 0) st = number(out.retain, 1);
    }
    if (!st) return {st.error(), st.offset()};
    out.payload = bytes(f.data() + i, f.size() - i);  // (un)subscribe: empty, their qos was last
    return result<frame>(out, f.size());
}

// ---- escape to command mode: host "+++", module "a", host "a", module "+ok" ------------------------
// Neither module answer has a line terminator (notes: "Framing decision"). The guard times around
// "+++" are the caller's (the manual defers them to the module manual). The texts are grammar.hpp's
// `escape`.

// What the module's bytes mean during the escape.
enum class escape_event : std::uint8_t {
    none,          // nothing yet (part of "+ok", or data-mode traffic before the module's 'a')
    module_ready,  // the module's 'a': send escape.confirm now
    command_mode,  // "+ok" complete: the port now takes AT commands
};

// The escape exchange as a tiny state machine: call start() after writing escape.request, note the
// module's bytes (note_burst) and call end_of_burst() where the caller's transport saw a burst end
// (UART idle, one read of a log line); write escape.confirm on module_ready, then feed() the module's
// bytes one at a time until command_mode.
// The module's 'a' is a burst of its own (it answers after the guard time): a data frame still
// arriving from the broker may hold an 'a' ("1,data"), so an 'a' counts only when its burst ends right
// after it, and end_of_burst() reports module_ready.
class escape_sequence {
public:
    enum class state : std::uint8_t { idle, await_ready, await_ok, done };

    constexpr void start() noexcept {
        state_ = state::await_ready;
        matched_ = burst_empty;
    }
    constexpr state current() const noexcept { return state_; }
    // Awaiting the answer: more bytes of the current burst (any number, one at a time too). Until the
    // burst ends, whether it is the answer or data is open; nothing in another state.
    constexpr void note_burst(bytes b) noexcept {
        if (state_ == state::await_ready && !b.empty())
            matched_ = matched_ == burst_empty && b.size() == 1 && b[0] == escape.answer ? burst_a : burst_other;
    }
    // Awaiting the answer and the burst so far is exactly 'a': its end makes it the answer, one more
    // byte in it makes it data.
    constexpr bool answer_held() const noexcept { return state_ == state::await_ready && matched_ == burst_a; }

    // After module_ready: the next byte of "+ok". Errors: at_unexpected_character when a byte breaks
    // "+ok" (the exchange is then over: start again), at_unexpected_response when no "+ok" is awaited.
    constexpr result<escape_event> feed(char c) noexcept {
        if (state_ != state::await_ok) return {errc::at_unexpected_response, 0};
        if (c != escape.done[matched_]) {
            state_ = state::idle;
            return {errc::at_unexpected_character, matched_};
        }
        if (++matched_ < escape.done.size()) return result<escape_event>(escape_event::none, 1);
        state_ = state::done;
        return result<escape_event>(escape_event::command_mode, 1);
    }

    // The burst fed since the last call (or since start()) ended. module_ready when it was exactly 'a';
    // none otherwise (data, or a part of "+ok", which may span bursts; or no exchange running).
    constexpr escape_event end_of_burst() noexcept {
        if (state_ != state::await_ready) return escape_event::none;
        bool answer = matched_ == burst_a;
        matched_ = burst_empty;
        if (!answer) return escape_event::none;
        state_ = state::await_ok;
        return escape_event::module_ready;
    }

private:
    // await_ready: what the burst so far is; await_ok: how many bytes of "+ok" matched.
    static constexpr std::uint8_t burst_empty = 0, burst_a = 1, burst_other = 2;

    state state_ = state::idle;
    std::uint8_t matched_ = burst_empty;
};

}  // namespace usr
ATMQTT_END_NAMESPACE
