// An MQTT 3.1 / 3.1.1 client session over any byte link (a TCP socket, a modem in transparent mode):
// keep-alive, packet ids, QoS 1 and 2 in both directions, resend after a reconnect. Sans-I/O: the caller
// moves bytes and time in and out, the session never blocks, allocates or reads a clock.
//
//   session<8> s(rx, tx, store);     // rx, tx: the caller's buffers; 8: in-flight window
//   s.poll(now); s.connect(options);
//   loop: write s.output(), then s.output_written(n);
//         in = in.substr(s.feed(in));  s.poll(now);
//         while (event e = s.next_event()) handle(e);
//         sleep until s.next_deadline() or input
//
// Output goes into the caller's tx buffer: its size is the caller's choice (the largest PUBLISH it sends),
// a PUBLISH is encoded straight from the caller's topic and payload into it (the only copy), and packets
// queue there until the caller has written them; a request that does not fit is refused with
// buffer_too_small and nothing is written. Input is assembled in the caller's rx buffer: a message larger
// than it arrives as chunks, or is skipped by count when even its topic does not fit.
// Requests and acknowledgements are stamped with the time of the last poll(now).
#pragma once

#include <atmqtt/client/detail/window.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/encode.hpp>
#include <atmqtt/mqtt/framing.hpp>
#include <atmqtt/mqtt/packet.hpp>
#include <atmqtt/mqtt/topic.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace client {

// A PUBLISH handed back for resending: views into the caller's storage, valid until the next call.
struct stored_publish {
    bytes topic;  // empty: the caller no longer has it (the message is reported lost)
    bytes payload;
};

// The caller's payload storage for resends after a reconnect with the session present: the session keeps
// only packet ids, QoS and retain; topic and payload come back through this hook, so they are never copied
// into the session. Without a hook, unacknowledged publishes are reported lost instead of resent.
struct resend_store {
    stored_publish (*load)(void* context, std::uint16_t packet_id) = nullptr;
    void* context = nullptr;
};

enum class session_state : std::uint8_t { disconnected, connecting, connected };

// The smallest receive buffer: a fixed header, a topic length and a packet id, with room to spare.
constexpr std::size_t min_rx_size = 16;

template <std::size_t Window>
class session {
    enum rx_mode : std::uint8_t { whole, chunks, skipping };
    enum flag : std::uint8_t { ping_sent = 1, clean_start = 2 };
    static constexpr std::uint8_t no_store = 2;  // slot info: lost because resend_store had no payload

public:
    constexpr session(mutable_bytes rx, mutable_bytes tx, resend_store store = {}) noexcept
        : rx_(rx.data()), tx_(tx.data()), store_(store), rx_cap_(cap16(rx.size())), tx_cap_(cap16(tx.size())) {}

    // ---- requests -------------------------------------------------------------------------------------

    // Writes CONNECT. Then wait for event connected (or disconnected). The window is kept: a reconnect
    // with the session present resends what is unacknowledged, one without reports it lost.
    constexpr status connect(const connect_options& o) noexcept {
        if (state_ != session_state::disconnected) return errc::client_already_connected;
        if (rx_cap_ < min_rx_size) return errc::buffer_too_small;
        mqtt::connect c;
        c.level = o.level;
        c.clean_session = o.clean_session;
        c.keep_alive = o.keep_alive_s;
        c.client_id = o.client_id;
        c.will_flag = o.will_flag;
        c.will = o.will;
        c.username_flag = o.username_flag;
        c.username = o.username;
        c.password_flag = o.password_flag;
        c.password = o.password;
        rx_len_ = rx_drop_ = tx_len_ = 0;
        mode_ = whole;
        pending_ = 0;
        const result<std::size_t> sent = send(c);
        if (!sent) return sent.error();
        level_ = o.level;
        keep_alive_s_ = o.keep_alive_s;
        response_timeout_ms_ = o.response_timeout_ms;
        flags_ = o.clean_session ? clean_start : 0;
        deadline_ = now_ + response_timeout_ms_;
        state_ = session_state::connecting;
        return {};
    }

    // Writes PUBLISH. Returns its packet id (0 at QoS 0). QoS 1 and 2 take a window slot until event
    // published; keep topic and payload where resend_store can find them until then.
    constexpr result<std::uint16_t> publish(bytes topic, bytes payload, mqtt::qos q = mqtt::qos::at_most_once,
                                            bool retain = false) noexcept {
        mqtt::publish p;
        p.topic = topic;
        p.payload = payload;
        p.qos = q;
        p.retain = retain;
        const std::uint8_t wait = q == mqtt::qos::at_most_once ? 0
                                  : q == mqtt::qos::at_least_once ? detail::awaiting_puback
                                                                  : detail::awaiting_pubrec;
        const result<std::uint16_t> id = request_id(wait != 0);
        if (!id) return id;
        p.packet_id = *id;
        return commit(p, *id, wait, retain ? 1 : 0);
    }

    // Writes SUBSCRIBE (1 to 255 filters). Event subscribed carries one granted code per filter.
    constexpr result<std::uint16_t> subscribe(span<const mqtt::subscription> filters) noexcept {
        if (filters.size() > 255) return errc::too_long;
        const result<std::uint16_t> id = request_id(true);
        if (!id) return id;
        return commit(mqtt::subscribe{*id, filters}, *id, detail::awaiting_suback,
                      static_cast<std::uint8_t>(filters.size()));
    }

    constexpr result<std::uint16_t> unsubscribe(span<const bytes> filters) noexcept {
        const result<std::uint16_t> id = request_id(true);
        if (!id) return id;
        return commit(mqtt::unsubscribe{*id, filters}, *id, detail::awaiting_unsuback, 0);
    }

    // Writes DISCONNECT; event disconnected(requested) follows. Write the output, then close the link.
    constexpr status disconnect() noexcept {
        if (state_ == session_state::disconnected) return errc::client_not_connected;
        const result<std::size_t> sent = send(mqtt::disconnect{});
        if (!sent) return sent.error();
        end(disconnect_reason::requested, errc::ok);
        return {};
    }

    // The link is gone (socket closed, modem reported loss): event disconnected(link_lost) follows, unless
    // the session had already ended. Unwritten output is dropped; the window is kept for a reconnect.
    constexpr void connection_lost() noexcept {
        if (state_ != session_state::disconnected) end(disconnect_reason::link_lost, errc::ok);
        tx_len_ = 0;
    }

    // ---- bytes and time in ----------------------------------------------------------------------------

    // Takes as many bytes as the receive buffer has room for; returns how many. Feed the rest after
    // pulling events (next_event() frees room). Without a connection, bytes are taken and dropped: they
    // belong to a link that is to be closed.
    constexpr std::size_t feed(bytes in) noexcept {
        if (state_ == session_state::disconnected) return in.size();
        compact();
        std::size_t n = rx_cap_ - rx_len_;
        if (n > in.size()) n = in.size();
        for (std::size_t i = 0; i < n; ++i) rx_[rx_len_ + i] = in[i];
        rx_len_ = static_cast<std::uint16_t>(rx_len_ + n);
        return n;
    }

    // The caller's monotonic time: runs the connect and ping timers, sends PINGREQ when due.
    constexpr void poll(time_ms now) noexcept {
        now_ = now;
        if (state_ == session_state::connecting && reached(now, deadline_)) {
            end(disconnect_reason::connect_timeout, errc::ok);
        } else if (state_ == session_state::connected) {
            if (flags_ & ping_sent) {
                if (reached(now, deadline_)) end(disconnect_reason::ping_timeout, errc::ok);
            } else if (keep_alive_s_ != 0 && reached(now, ping_due()) && send(mqtt::pingreq{}).ok()) {
                flags_ = static_cast<std::uint8_t>(flags_ | ping_sent);
                deadline_ = now + response_timeout_ms_;
            }
            resend();
        }
    }

    // The next event, or one of type none when there is nothing to report until more bytes or time come.
    // Call until none after every feed() and poll().
    constexpr event next_event() noexcept {
        compact();
        if (pending_ != 0) return take_pending();
        resend();  // first: a payload the store no longer has turns its slot into a loss reported below
        event e;
        const std::size_t lost = window_.first_with(detail::slot_lost);
        if (lost != Window) {
            const detail::slot s = window_.slots[lost];
            window_.remove(lost);
            e.type = event_type::lost;
            e.packet_id = s.packet_id;
            e.kind = s.waits_for() == detail::awaiting_suback     ? request_kind::subscribe
                     : s.waits_for() == detail::awaiting_unsuback ? request_kind::unsubscribe
                                                                   : request_kind::publish;
            e.error = (s.info & no_store) != 0 ? errc::client_no_resend_store : errc::ok;
            return e;
        }
        if (state_ == session_state::disconnected) return e;
        return receive();
    }

    // When poll() must run next at the latest (absent: only input can change anything).
    constexpr std::optional<time_ms> next_deadline() const noexcept {
        if (state_ == session_state::connecting || (flags_ & ping_sent) != 0) return deadline_;
        if (state_ == session_state::connected && keep_alive_s_ != 0) return ping_due();
        return std::nullopt;
    }

    // ---- bytes out ------------------------------------------------------------------------------------

    // Bytes to write to the link, oldest first.
    constexpr bytes output() const noexcept { return bytes(tx_, tx_len_); }
    // The first n bytes of output() are written.
    constexpr void output_written(std::size_t n) noexcept {
        if (n > tx_len_) n = tx_len_;
        for (std::size_t i = n; i < tx_len_; ++i) tx_[i - n] = tx_[i];
        tx_len_ = static_cast<std::uint16_t>(tx_len_ - n);
    }

    // ---- state ----------------------------------------------------------------------------------------

    constexpr session_state state() const noexcept { return state_; }
    constexpr std::size_t in_flight() const noexcept { return window_.count; }
    static constexpr std::size_t window_size() noexcept { return Window; }

private:
    static constexpr std::uint16_t cap16(std::size_t n) noexcept {
        return static_cast<std::uint16_t>(n < 65535 ? n : 65535);
    }
    constexpr time_ms ping_due() const noexcept { return last_sent_ + keep_alive_s_ * time_ms{1000}; }
    constexpr std::size_t tx_free() const noexcept { return static_cast<std::size_t>(tx_cap_ - tx_len_); }

    // Encodes p after the pending output; the time of the last packet sent is now. One function for every
    // packet type (not a template): the session's flash does not grow with the packets it sends.
    constexpr result<std::size_t> send(const mqtt::packet& p) noexcept {
        const result<std::size_t> n = mqtt::encode(p, mutable_bytes(tx_ + tx_len_, tx_free()), level_);
        if (!n) return n;
        tx_len_ = static_cast<std::uint16_t>(tx_len_ + *n);
        last_sent_ = now_;
        return n;
    }

    // Whether a request may go out now, and its packet id (0 when it needs none): counting up, wrapping
    // 65535 -> 1, skipping ids still in flight.
    constexpr result<std::uint16_t> request_id(bool needs_id) noexcept {
        if (state_ != session_state::connected) return errc::client_not_connected;
        if (needs_id && window_.full()) return errc::client_window_full;
        if (resend() != Window) return result<std::uint16_t>(errc::buffer_too_small, tx_cap_);  // resends first
        std::uint16_t id = 0;
        if (needs_id) {
            id = next_id_;
            do {
                id = static_cast<std::uint16_t>(id == 65535 ? 1 : id + 1);
            } while (window_.find(id) != Window);
        }
        return id;
    }

    // Writes a request; with `wait` != 0 its id takes a window slot. buffer_too_small: offset() is the output
    // size the request needs.
    constexpr result<std::uint16_t> commit(const mqtt::packet& p, std::uint16_t id, std::uint8_t wait,
                                           std::uint8_t info) noexcept {
        const std::size_t before = tx_len_;
        const result<std::size_t> sent = send(p);
        if (!sent) {
            return result<std::uint16_t>(sent.error(), sent.error() == errc::buffer_too_small ? before + sent.offset() : 0);
        }
        if (wait != 0) {
            next_id_ = id;
            window_.add(id, wait, info);
        }
        return id;
    }

    // Writes the resends a reconnect marked, in window order, as far as the output has room. Returns the
    // index of the first one still waiting, or Window when none is.
    constexpr std::size_t resend() noexcept {
        if (state_ != session_state::connected) return Window;
        for (;;) {
            const std::size_t i = window_.first_with(detail::slot_resend);
            if (i == Window) return i;
            detail::slot& s = window_.slots[i];
            errc e = errc::ok;
            if (s.waits_for() == detail::awaiting_pubcomp) {
                e = send(mqtt::pubrel{s.packet_id}).error();
            } else {
                const stored_publish m =
                    store_.load != nullptr ? store_.load(store_.context, s.packet_id) : stored_publish{};
                mqtt::publish p;
                p.dup = true;
                p.qos = s.waits_for() == detail::awaiting_puback ? mqtt::qos::at_least_once : mqtt::qos::exactly_once;
                p.retain = (s.info & 1) != 0;
                p.topic = m.topic;
                p.packet_id = s.packet_id;
                p.payload = m.payload;
                e = m.topic.empty() ? errc::client_no_resend_store : send(p).error();
            }
            if (e == errc::buffer_too_small) return i;
            s.state = e == errc::ok ? s.waits_for() : static_cast<std::uint8_t>(s.waits_for() | detail::slot_lost);
            if (e != errc::ok) s.info = static_cast<std::uint8_t>(s.info | no_store);
        }
    }

    // Ends the connection; next_event() reports it.
    constexpr void end(disconnect_reason r, errc e) noexcept {
        state_ = session_state::disconnected;
        pending_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(r) + 1);
        pending_error_ = e;
        flags_ = static_cast<std::uint8_t>(flags_ & clean_start);
        rx_len_ = rx_drop_ = 0;
        mode_ = whole;
    }
    constexpr event take_pending() noexcept {
        event e;
        e.type = event_type::disconnected;
        e.reason = static_cast<disconnect_reason>(pending_ - 1);
        e.return_code = refused_code_;
        e.error = pending_error_;
        pending_ = 0;
        return e;
    }
    constexpr event violation(errc e) noexcept {
        end(disconnect_reason::protocol_violation, e);
        tx_len_ = 0;  // the link is to be closed: nothing more goes out
        return take_pending();
    }

    // Drops what the previous event consumed: from the start, or in chunk mode the payload after the
    // message header, which stays for the next chunk's topic.
    constexpr void compact() noexcept {
        if (rx_drop_ == 0) return;
        const std::size_t from = mode_ == chunks ? msg_header_ : 0;
        for (std::size_t i = from + rx_drop_; i < rx_len_; ++i) rx_[i - rx_drop_] = rx_[i];
        rx_len_ = static_cast<std::uint16_t>(rx_len_ - rx_drop_);
        rx_drop_ = 0;
    }

    constexpr bytes received() const noexcept { return bytes(rx_, rx_len_); }

    constexpr std::uint16_t rx_u16(std::size_t at) const noexcept {
        return static_cast<std::uint16_t>(octet(received(), at) << 8 | octet(received(), at + 1));
    }

    // Processes buffered input until it yields an event or needs more bytes (or output room: an incoming
    // packet is only taken when its acknowledgement fits).
    constexpr event receive() noexcept {
        for (;;) {
            bool again = false;
            const event e = mode_ == whole ? whole_packet(again) : oversize(again);
            if (e || !again || state_ == session_state::disconnected) return e;
        }
    }

    // One packet that fits the receive buffer; `again` when it was consumed without an event.
    constexpr event whole_packet(bool& again) noexcept {
        const mqtt::frame_status f = mqtt::check_frame(received());
        if (f.state == mqtt::frame_state::malformed) return violation(f.error);
        if (f.state == mqtt::frame_state::need_more) return large_message(again);
        if (tx_free() < 4) return {};
        const result<mqtt::packet> p = mqtt::decode(received().substr(0, f.size), level_);
        if (!p) return violation(p.error());
        rx_drop_ = static_cast<std::uint16_t>(f.size);
        const event e = handle(*p);
        if (!e) {
            compact();
            again = true;
        }
        return e;
    }

    constexpr event handle(const mqtt::packet& p) noexcept {
        event e;
        const mqtt::packet_type type = p.type();
        if ((state_ == session_state::connecting) != (type == mqtt::packet_type::connack)) {
            return violation(errc::client_unexpected_packet);  // CONNACK first [MQTT-3.2.0-1], and only once
        }
        switch (type) {
            case mqtt::packet_type::connack: {
                const mqtt::connack& c = *p.get_if<mqtt::connack>();
                if (c.return_code != mqtt::connect_return_code::accepted) {
                    refused_code_ = c.return_code;
                    end(disconnect_reason::refused, errc::ok);
                    return take_pending();
                }
                // 3.1 has no session-present flag: a session that was not cleaned is assumed present.
                const bool present =
                    c.session_present || (level_ == mqtt::protocol_level::v3_1 && (flags_ & clean_start) == 0);
                if (!present) window_.inbound_count = 0;
                window_.mark_all(present);
                state_ = session_state::connected;
                e.type = event_type::connected;
                e.session_present = present;
                return e;
            }
            case mqtt::packet_type::publish: return message(*p.get_if<mqtt::publish>());
            case mqtt::packet_type::puback:
                return acknowledged(p.get_if<mqtt::puback>()->packet_id, detail::awaiting_puback, event_type::published);
            case mqtt::packet_type::pubrec: {
                const std::uint16_t id = p.get_if<mqtt::pubrec>()->packet_id;
                const std::size_t i = window_.find(id);
                if (i == Window) return tolerated(id);
                const std::uint8_t w = window_.slots[i].waits_for();
                if (w != detail::awaiting_pubrec && w != detail::awaiting_pubcomp) {
                    return violation(errc::client_ack_mismatch);
                }
                (void)send(mqtt::pubrel{id});  // room checked by receive(); a repeated PUBREC gets it again
                window_.move_to_end(i, detail::awaiting_pubcomp);
                return e;
            }
            case mqtt::packet_type::pubrel: {
                const std::uint16_t id = p.get_if<mqtt::pubrel>()->packet_id;
                window_.remove_inbound(id);
                (void)send(mqtt::pubcomp{id});  // also for an id we never saw [MQTT-4.3.3-1]
                return e;
            }
            case mqtt::packet_type::pubcomp:
                return acknowledged(p.get_if<mqtt::pubcomp>()->packet_id, detail::awaiting_pubcomp, event_type::published);
            case mqtt::packet_type::suback: {
                const mqtt::suback& s = *p.get_if<mqtt::suback>();
                const std::size_t i = window_.find(s.packet_id);
                if (i != Window && window_.slots[i].info != s.return_codes.size()) {
                    return violation(errc::client_ack_mismatch);
                }
                e = acknowledged(s.packet_id, detail::awaiting_suback, event_type::subscribed);
                e.granted = s.return_codes;
                return e;
            }
            case mqtt::packet_type::unsuback:
                return acknowledged(p.get_if<mqtt::unsuback>()->packet_id, detail::awaiting_unsuback,
                                    event_type::unsubscribed);
            case mqtt::packet_type::pingresp:
                flags_ = static_cast<std::uint8_t>(flags_ & ~ping_sent);
                return e;
            default: return violation(errc::client_unexpected_packet);  // CONNECT, SUBSCRIBE, PINGREQ, ...
        }
    }

    // An error event for an acknowledgement nobody waits for: tolerated, reported.
    static constexpr event tolerated(std::uint16_t id) noexcept {
        event e;
        e.type = event_type::error;
        e.error = errc::client_unknown_packet_id;
        e.packet_id = id;
        return e;
    }

    constexpr event acknowledged(std::uint16_t id, std::uint8_t wait, event_type type) noexcept {
        const std::size_t i = window_.find(id);
        if (i == Window) return tolerated(id);
        if (window_.slots[i].state != wait) return violation(errc::client_ack_mismatch);
        window_.remove(i);
        event e;
        e.type = type;
        e.packet_id = id;
        e.kind = type == event_type::subscribed     ? request_kind::subscribe
                 : type == event_type::unsubscribed ? request_kind::unsubscribe
                                                    : request_kind::publish;
        return e;
    }

    // Acknowledges an incoming QoS 1 / 2 PUBLISH. Returns false for a QoS 2 duplicate (PUBREC sent, PUBREL
    // not yet received): the message was delivered already. `full` reports an id that could not be kept.
    constexpr bool accept(mqtt::qos q, std::uint16_t id, bool& full) noexcept {
        full = false;
        if (q == mqtt::qos::at_least_once) (void)send(mqtt::puback{id});
        if (q != mqtt::qos::exactly_once) return true;
        (void)send(mqtt::pubrec{id});
        if (window_.has_inbound(id)) return false;
        full = !window_.add_inbound(id);
        return true;
    }

    // A message (or skipped message) event from the PUBLISH header byte. `full`: delivered, but its QoS 2
    // id could not be remembered, so a resend by the broker would be delivered again.
    static constexpr event message_event(event_type type, std::uint8_t first, std::uint16_t id, std::uint32_t total,
                                         bool full) noexcept {
        event e;
        e.type = type;
        e.error = full ? errc::client_inbound_window_full : errc::ok;
        e.packet_id = id;
        e.message.total = total;
        e.message.qos = qos_of(first);
        e.message.retain = (first & 1) != 0;
        e.message.dup = (first & 8) != 0;
        e.message.packet_id = id;
        return e;
    }

    constexpr event message(const mqtt::publish& m) noexcept {
        bool full = false;
        if (!accept(m.qos, m.packet_id, full)) return event{};
        const auto first = static_cast<std::uint8_t>((m.dup ? 8u : 0u) | static_cast<unsigned>(m.qos) << 1 | (m.retain ? 1u : 0u));
        event e = message_event(event_type::message, first, m.packet_id, static_cast<std::uint32_t>(m.payload.size()), full);
        e.message.topic = m.topic;
        e.message.payload = m.payload;
        return e;
    }

    // The buffered packet is incomplete. If it cannot fit the receive buffer, a PUBLISH goes on in chunks
    // (its header fits) or is skipped by count; any other packet that large ends the session.
    constexpr event large_message(bool& again) noexcept {
        event none;
        std::size_t h = 1;  // fixed header size, once the remaining length is complete
        std::uint32_t body = 0;
        for (; h < 5 && h < rx_len_; ++h) {
            body |= static_cast<std::uint32_t>(octet(received(), h) & 0x7fu) << (7 * (h - 1));
            if ((octet(received(), h) & 0x80) == 0) break;
        }
        if (h >= rx_len_ || h == 5) return none;  // length not complete yet (check_frame checked the rest)
        ++h;
        if (h + body <= rx_cap_) return none;  // it will fit: wait for the rest
        if ((octet(received(), 0) >> 4) != static_cast<unsigned>(mqtt::packet_type::publish)) {
            return violation(errc::buffer_too_small);
        }
        if (state_ != session_state::connected) return violation(errc::client_unexpected_packet);
        if (rx_len_ < h + 2) return none;
        const std::uint8_t first = octet(received(), 0);
        const bool has_id = (first & 0x06) != 0;
        const std::size_t topic_size = rx_u16(h);
        const std::size_t header = h + 2 + topic_size + (has_id ? 2 : 0);
        if (header > h + body) return violation(errc::mqtt_packet_too_short);
        msg_first_ = first;
        msg_id_ = 0;
        if (header >= rx_cap_) {  // not even the header fits: skip the whole packet by count
            msg_total_ = static_cast<std::uint32_t>(h + body);
            msg_done_ = 0;
            msg_header_ = static_cast<std::uint16_t>(topic_size);
            mode_ = skipping;
            again = true;  // receive() goes on with oversize()
            return none;
        }
        if (rx_len_ < header) return none;
        const status topic = mqtt::validate_topic_name(received().substr(h + 2, topic_size));
        if (!topic) return violation(topic.error());
        if (has_id) {
            msg_id_ = rx_u16(header - 2);
            if (msg_id_ == 0) return violation(errc::mqtt_zero_packet_id);
        }
        msg_total_ = static_cast<std::uint32_t>(h + body - header);
        msg_done_ = 0;
        msg_header_ = static_cast<std::uint16_t>(header);
        // A QoS 2 duplicate is consumed without events: counted through like a skipped message.
        if (qos_of(first) == mqtt::qos::exactly_once && window_.has_inbound(msg_id_)) {
            msg_first_ = static_cast<std::uint8_t>(first | 0x80);  // marks "duplicate" for oversize()
        }
        mode_ = chunks;
        again = true;
        return none;
    }

    static constexpr mqtt::qos qos_of(std::uint8_t first) noexcept {
        return static_cast<mqtt::qos>((first >> 1) & 3u);
    }

    // A PUBLISH larger than rx, after its fixed header. Chunk mode: rx holds the message header
    // (msg_header_ bytes) and then payload; each call delivers what payload there is as one chunk. Skip
    // mode: rx holds the packet from byte msg_done_ on; it is counted through, its packet id picked up on
    // the way. Both acknowledge after the last byte; a QoS 2 duplicate is counted through silently.
    constexpr event oversize(bool& again) noexcept {
        const bool counting = mode_ == skipping;
        const std::size_t keep = counting ? 0 : msg_header_;
        std::size_t n = rx_len_ - keep;
        if (n > msg_total_ - msg_done_) n = msg_total_ - msg_done_;
        if (n == 0) return {};
        const bool last = msg_done_ + n == msg_total_;
        if (last && tx_free() < 4) return {};
        const std::uint8_t first = static_cast<std::uint8_t>(msg_first_ & 0x7f);
        const bool has_id = (first & 0x06) != 0;
        const std::size_t id_at = fixed_header_size_of_skipped() + 2 + msg_header_;  // skip mode only
        for (std::size_t i = 0; counting && has_id && i < n; ++i) {
            const std::size_t at = msg_done_ + i;
            if (at == id_at || at == id_at + 1) msg_id_ = static_cast<std::uint16_t>(msg_id_ << 8 | octet(received(), i));
        }
        const std::uint32_t offset = msg_done_;
        msg_done_ += static_cast<std::uint32_t>(n);
        rx_drop_ = static_cast<std::uint16_t>(n);
        bool deliver = !counting && (msg_first_ & 0x80) == 0;  // bit 7: a QoS 2 duplicate
        bool full = false;
        if (last) {
            mode_ = whole;
            rx_drop_ = static_cast<std::uint16_t>(keep + n);
            if (counting && has_id && msg_id_ == 0) return violation(errc::mqtt_zero_packet_id);
            if ((msg_first_ & 0x80) != 0) {
                (void)send(mqtt::pubrec{msg_id_});
            } else {
                deliver = accept(qos_of(first), msg_id_, full);
            }
        }
        if (!deliver) {  // nothing to report yet: go on with the next bytes
            compact();
            again = true;
            return {};
        }
        if (counting) {
            return message_event(event_type::message_skipped, first, msg_id_,
                                 static_cast<std::uint32_t>(msg_total_ - (id_at + (has_id ? 2 : 0))), full);
        }
        event e = message_event(event_type::message, first, msg_id_, msg_total_, full);
        e.message.topic = received().substr(topic_offset(), topic_size());
        e.message.payload = received().substr(keep, n);
        e.message.offset = offset;
        return e;
    }
    // In chunk mode the topic sits after the fixed header, which is still at the start of rx.
    constexpr std::size_t topic_offset() const noexcept {
        std::size_t h = 2;
        while (octet(received(), h - 1) & 0x80) ++h;
        return h + 2;
    }
    constexpr std::size_t topic_size() const noexcept { return rx_u16(topic_offset() - 2); }

    // The fixed header of a skipped packet: 1 + the bytes of its remaining length, found from the total.
    constexpr std::size_t fixed_header_size_of_skipped() const noexcept {
        for (std::size_t h = 2; h < 5; ++h) {
            const std::uint32_t body = msg_total_ - static_cast<std::uint32_t>(h);
            const std::size_t length_bytes = body < 128 ? 1 : body < 16384 ? 2 : body < 2097152 ? 3 : 4;
            if (length_bytes == h - 1) return h;
        }
        return 5;
    }

    // Caller's buffers, hook and window.
    char* rx_;
    char* tx_;
    resend_store store_;
    detail::window<Window> window_{};
    // Times (the caller's clock).
    time_ms now_ = 0;
    time_ms last_sent_ = 0;  // keep-alive counts from here
    time_ms deadline_ = 0;   // CONNACK or PINGRESP due
    // A message larger than rx: chunks (payload size / delivered) or skipping (frame size / consumed).
    std::uint32_t msg_total_ = 0;
    std::uint32_t msg_done_ = 0;
    std::uint16_t rx_cap_, tx_cap_;
    std::uint16_t rx_len_ = 0, tx_len_ = 0;
    std::uint16_t rx_drop_ = 0;     // consumed by the last event, dropped at the next call
    std::uint16_t msg_header_ = 0;  // chunks: bytes before the payload; skipping: the topic's length
    std::uint16_t msg_id_ = 0;
    std::uint16_t next_id_ = 0;  // the last packet id handed out
    std::uint16_t keep_alive_s_ = 0;
    std::uint16_t response_timeout_ms_ = 0;
    session_state state_ = session_state::disconnected;
    mqtt::protocol_level level_ = mqtt::protocol_level::v3_1_1;
    std::uint8_t mode_ = whole;
    std::uint8_t flags_ = 0;
    std::uint8_t msg_first_ = 0;  // the PUBLISH header byte; bit 7: a QoS 2 duplicate
    std::uint8_t pending_ = 0;    // disconnect_reason + 1 to report, or 0
    errc pending_error_ = errc::ok;
    mqtt::connect_return_code refused_code_ = mqtt::connect_return_code::accepted;
};

}  // namespace client
ATMQTT_END_NAMESPACE
