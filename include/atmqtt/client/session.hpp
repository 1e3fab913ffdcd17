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
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/decode.hpp>  // check_connack
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

namespace detail {

// Small helpers called from many places: one copy in flash (-Os would inline each); the session has no
// speed target that this would miss.
// And the reverse, for the parts of reading with one caller each (receive(), step() and what it calls): a
// member defined in its class is inline, so g++ -Os cannot tell it has one caller and keeps it out of line.
// And a two-byte read, which g++ -Os keeps out of line as a call costing more than the read itself.
#if defined(__GNUC__)
#define ATMQTT_SESSION_OUT_OF_LINE __attribute__((noinline))
#define ATMQTT_SESSION_ONE_CALLER __attribute__((always_inline))
#define ATMQTT_SESSION_INLINE __attribute__((always_inline))
#else
#define ATMQTT_SESSION_OUT_OF_LINE
#define ATMQTT_SESSION_ONE_CALLER
#define ATMQTT_SESSION_INLINE
#endif

// The session's code, over a window of any size (session<Window> below adds the storage): one copy of it
// in an image, whatever window sizes the image uses.
class session_core {
    enum rx_mode : std::uint8_t { whole, chunks, skipping };
    enum flag : std::uint8_t { ping_sent = 1, clean_start = 2 };
    static constexpr std::uint8_t no_store = 2;  // slot info: lost because resend_store had no payload

protected:
    constexpr session_core(mutable_bytes rx, mutable_bytes tx, resend_store store, slot* slots,
                           std::uint16_t* inbound, std::uint8_t capacity) noexcept
        : rx_cap_(cap16(rx.size())),
          tx_cap_(cap16(tx.size())),
          window_{capacity, 0, 0, slots, inbound},
          rx_(rx.data()),
          tx_(tx.data()),
          store_(store) {}
    session_core(const session_core&) = delete;  // window_ points into the derived object
    session_core& operator=(const session_core&) = delete;

public:

    // ---- requests -------------------------------------------------------------------------------------

    // Writes CONNECT. Then wait for event connected (or disconnected). The window is kept: a reconnect
    // with the session present resends what is unacknowledged, one without reports it lost.
    constexpr status connect(const connect_options& o) noexcept {
        if (state_ != session_state::disconnected) return errc::client_already_connected;
        if (rx_cap_ < min_rx_size) return errc::buffer_too_small;
        const mqtt::connect c{o.level, o.clean_session, o.keep_alive_s,  o.client_id, o.will_flag,
                              o.will,  o.username_flag, o.username, o.password_flag, o.password};
        tx_len_ = 0;  // anything unwritten was for the old link (rx was emptied when the session ended)
        pending_ = 0;
        const result<std::size_t> written = sent(mqtt::encode(c, tx_room()));  // the codec's CONNECT encoder
        if (!written) return written.error();
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
        // The header byte: QoS 3 and beyond as 3, which write() refuses.
        const unsigned qos_bits = static_cast<unsigned>(q) < 3 ? static_cast<unsigned>(q) << 1 : 6u;
        outgoing m{static_cast<std::uint8_t>(0x30u | qos_bits | (retain ? 1u : 0u)), 0, topic, payload, nullptr,
                   nullptr, 0};
        // QoS 1 awaits PUBACK, 2 PUBREC (an invalid QoS is refused by write() before it takes a slot).
        return request(static_cast<std::uint8_t>(q), m);
    }

    // Writes SUBSCRIBE (1 to 255 filters, and at most the rx buffer's size - 5, so that the SUBACK fits it;
    // more: too_long). Event subscribed carries one granted code per filter.
    constexpr result<std::uint16_t> subscribe(span<const mqtt::subscription> filters) noexcept {
        outgoing m{0x82, 0, {}, {}, filters.data(), nullptr, filters.size()};
        return request(awaiting_suback, m);
    }

    // Writes UNSUBSCRIBE (1 to 255 filters).
    constexpr result<std::uint16_t> unsubscribe(span<const bytes> filters) noexcept {
        outgoing m{0xa2, 0, {}, {}, nullptr, filters.data(), filters.size()};
        return request(awaiting_unsuback, m);
    }

    // Writes DISCONNECT; event disconnected(requested) follows. Write the output, then close the link.
    constexpr status disconnect() noexcept {
        if (state_ == session_state::disconnected) return errc::client_not_connected;
        if (!send_fixed(disconnect_header, 0)) return errc::buffer_too_small;
        end(disconnect_reason::requested);
        return {};
    }

    // The link is gone (socket closed, modem reported loss): event disconnected(link_lost) follows, unless
    // the session had already ended. Unwritten output is dropped; the window is kept for a reconnect.
    constexpr void connection_lost() noexcept {
        if (state_ != session_state::disconnected) end(disconnect_reason::link_lost);
        tx_len_ = 0;
    }

    // ---- bytes and time in ----------------------------------------------------------------------------

    // Takes as many bytes as the receive buffer has room for; returns how many. Feed the rest after
    // pulling events (next_event() frees room) and writing the output (an incoming packet waits for room
    // for its acknowledgement): at_client's feed() has the same contract. Without a connection, bytes are taken and dropped: they
    // belong to a link that is to be closed.
    constexpr std::size_t feed(bytes in) noexcept {
        if (state_ == session_state::disconnected) return in.size();
        compact();
        std::size_t n = rx_cap_ - rx_len_;
        if (n > in.size()) n = in.size();
        ::atmqtt::detail::copy_bytes(rx_ + rx_len_, in.data(), n);
        rx_len_ = static_cast<std::uint16_t>(rx_len_ + n);
        return n;
    }

    // The caller's monotonic time: runs the connect and ping timers, sends PINGREQ when due.
    constexpr void poll(time_ms now) noexcept {
        now_ = now;
        if (state_ == session_state::disconnected) return;
        const bool connecting = state_ == session_state::connecting;
        if (connecting || (flags_ & ping_sent) != 0) {  // CONNACK or PINGRESP awaited
            if (reached(now, deadline_)) {
                end(connecting ? disconnect_reason::connect_timeout : disconnect_reason::ping_timeout);
            }
        } else if (keep_alive_s_ != 0 && reached(now, ping_due()) && send_fixed(pingreq_header, 0)) {
            flags_ = static_cast<std::uint8_t>(flags_ | ping_sent);
            deadline_ = now + response_timeout_ms_;
        }
        resend();
    }

    // The next event, or one of type none when there is nothing to report until more bytes or time come.
    // Call until none after every feed() and poll().
    constexpr event next_event() noexcept {
        event e;  // the one event of this call, filled in place by the functions below
        compact();
        if (pending_ == 0) fill(e);
        // The end of the connection (from poll(), a request, or the bytes just read): reported as soon as
        // it happened.
        if (pending_ != 0) {
            e.type = event_type::disconnected;
            e.reason = static_cast<disconnect_reason>(pending_ - 1);
            e.return_code = refused_code_;
            e.error = pending_error_;
            pending_ = 0;
        }
        return e;
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
    // As at_client's, so one application drives either: CONNACK accepted and the session not ended ...
    constexpr bool connected() const noexcept { return state_ == session_state::connected; }
    // ... and a request can be made now: connected with a window slot free (a request may still be
    // refused buffer_too_small while the output has no room for it: write the output first).
    constexpr bool ready() const noexcept { return connected() && !window_.full(); }
    constexpr std::size_t in_flight() const noexcept { return window_.count; }
    constexpr std::size_t window_size() const noexcept { return window_.capacity; }

private:
    // next_event() without an end to report: a request lost by a reconnect, or what the input holds.
    constexpr void fill(event& e) noexcept {
        resend();  // first: a payload the store no longer has turns its slot into a loss reported below
        const std::size_t lost = window_.first_with(slot_lost);
        if (lost != window::none) {
            const slot& s = window_.slots[lost];
            e.type = event_type::lost;
            e.packet_id = s.packet_id;
            e.kind = kind_of(s.waits_for());
            if ((s.info & no_store) != 0) e.error = errc::client_no_resend_store;
            window_.remove(lost);
        } else if (state_ != session_state::disconnected) {
            receive(e);
        }
    }

    static constexpr std::uint16_t cap16(std::size_t n) noexcept {
        return static_cast<std::uint16_t>(n < 65535 ? n : 65535);
    }
    constexpr time_ms ping_due() const noexcept { return last_sent_ + keep_alive_s_ * time_ms{1000}; }
    constexpr std::size_t tx_free() const noexcept { return static_cast<std::size_t>(tx_cap_ - tx_len_); }

    // Packets are written into tx_room(); sent(n) keeps the n bytes written (or passes an encoder's error
    // through): the time of the last packet sent is now.
    constexpr mutable_bytes tx_room() const noexcept { return mutable_bytes(tx_ + tx_len_, tx_free()); }
    constexpr result<std::size_t> sent(result<std::size_t> n) noexcept {
        if (!n) return n;
        tx_len_ = static_cast<std::uint16_t>(tx_len_ + *n);
        last_sent_ = now_;
        return n;
    }

    // What the session writes besides CONNECT and the fixed-size packets: PUBLISH (topic, packet id at QoS 1
    // and 2, payload) or SUBSCRIBE (filters with their requested QoS) / UNSUBSCRIBE (filters), each with a
    // packet id.
    struct outgoing {
        std::uint8_t first;  // the header byte: type and flags (PUBLISH: DUP, QoS, RETAIN)
        std::uint16_t id;
        bytes topic;  // PUBLISH
        bytes payload;
        const mqtt::subscription* subs;  // SUBSCRIBE
        const bytes* filters;            // UNSUBSCRIBE
        std::size_t count;               // of filters

        constexpr bool publish() const noexcept { return first >> 4 == 3; }
    };

    // The three requests in one copy: whether one may go out now, its packet id (0 when it needs none:
    // counting up, wrapping 65535 -> 1, skipping ids still in flight), the packet written into the output,
    // and with `wait` != 0 a window slot. buffer_too_small: offset() is the output size the request needs.
    ATMQTT_SESSION_OUT_OF_LINE constexpr result<std::uint16_t> request(std::uint8_t wait, outgoing& m) noexcept {
        errc e = errc::ok;
        std::size_t needed = tx_cap_;  // buffer_too_small: resends go first, they need the whole output
        std::uint16_t id = 0;
        // At most 255 filters, and a SUBSCRIBE only when its SUBACK (at most 5 bytes and a code per filter)
        // fits the receive buffer: a larger one would end the session.
        if (!m.publish() && (m.count > 255 || (m.subs != nullptr && m.count + 5 > rx_cap_))) {
            e = errc::too_long;
        } else if (state_ != session_state::connected) {
            e = errc::client_not_connected;
        } else if (wait != 0 && window_.full()) {
            e = errc::client_window_full;
        } else if (resend() != window::none) {
            e = errc::buffer_too_small;
        } else {
            if (wait != 0) {
                id = next_id_;
                do {
                    id = static_cast<std::uint16_t>(id == 65535 ? 1 : id + 1);
                } while (window_.find(id) != window::none);
            }
            m.id = id;
            std::size_t size = 0;
            e = write(m, size);
            needed = tx_len_ + size;
            if (e == errc::ok && wait != 0) {
                next_id_ = id;
                // slot info: PUBLISH retain (1), SUBSCRIBE the number of filters (the SUBACK must match)
                window_.add(id, wait,
                            static_cast<std::uint8_t>(m.publish() ? m.first & 1u : m.count));
            }
        }
        if (e != errc::ok) return result<std::uint16_t>(e, e == errc::buffer_too_small ? needed : 0);
        return id;
    }

    // Writes PUBLISH, SUBSCRIBE or UNSUBSCRIBE into the output, with the codec's parts, checks, errors and
    // bytes (the tests compare them with mqtt::encode): one writer for the three. The session needs none of
    // the codec's checks of a packet id (never 0) or DUP (only on QoS 1 and 2 resends). At most 255 filters
    // of at most 65,535 bytes: a list cannot exceed the largest remaining length.
    // Returns ok, or the error; `size` is the packet's (buffer_too_small: the size needed).
    constexpr errc write(const outgoing& m, std::size_t& size) noexcept {
        const bool publish = m.publish();
        std::size_t body = 2;  // the packet id
        if (publish) {
            const unsigned q = (m.first >> 1) & 3u;
            if (q > 2) return errc::mqtt_invalid_qos;
            const status topic = mqtt::validate_topic_name(m.topic);
            if (!topic) return topic.error();
            if (q == 0) body = 0;
            body += 2 + m.topic.size() + m.payload.size();
            if (body > mqtt::detail::max_remaining_length) return errc::mqtt_packet_too_large;
        } else {
            if (m.count == 0) return errc::mqtt_no_topic_filters;
            for (std::size_t i = 0; i < m.count; ++i) {
                const bytes f = m.subs != nullptr ? m.subs[i].topic_filter : m.filters[i];
                const status filter = mqtt::validate_topic_filter(f);
                if (!filter) return filter.error();
                if (m.subs != nullptr && static_cast<unsigned>(m.subs[i].qos) > 2) {
                    return errc::mqtt_invalid_requested_qos;
                }
                body += 2 + f.size() + (m.subs != nullptr ? 1 : 0);
            }
        }
        char* o = mqtt::detail::put_fixed_header(tx_room(), m.first, body, size);
        if (o == nullptr) return errc::buffer_too_small;
        if (publish) o = mqtt::detail::put_field(o, m.topic);
        if (!publish || (m.first & 6u) != 0) o = mqtt::detail::put_u16(o, m.id);
        for (std::size_t i = 0; i < m.count; ++i) {
            o = mqtt::detail::put_field(o, m.subs != nullptr ? m.subs[i].topic_filter : m.filters[i]);
            if (m.subs != nullptr) *o++ = static_cast<char>(m.subs[i].qos);
        }
        (void)mqtt::detail::put_raw(o, m.payload);
        (void)sent(size);
        return errc::ok;
    }

    // Writes the resends a reconnect marked, in window order, as far as the output has room. Returns the
    // index of the first one still waiting, or window::none when none is.
    constexpr std::size_t resend() noexcept {
        if (state_ != session_state::connected) return window::none;
        for (;;) {
            const std::size_t i = window_.first_with(slot_resend);
            if (i == window::none) return i;
            slot& s = window_.slots[i];
            errc e = errc::ok;
            if (s.waits_for() == awaiting_pubcomp) {
                if (!send_fixed(pubrel_header, s.packet_id)) return i;
            } else {
                const stored_publish m =
                    store_.load != nullptr ? store_.load(store_.context, s.packet_id) : stored_publish{};
                // DUP; the QoS is what the slot awaits (PUBACK 1, PUBREC 2); RETAIN as kept in the slot
                const unsigned flags = 8u | static_cast<unsigned>(s.waits_for()) << 1 | (s.info & 1u);
                const outgoing p{static_cast<std::uint8_t>(0x30u | flags), s.packet_id, m.topic, m.payload, nullptr,
                                 nullptr, 0};
                std::size_t size = 0;
                e = write(p, size);  // no payload (an empty topic) or not a valid one: lost
            }
            // No room: wait for the output to drain; but a resend larger than the whole empty output (a
            // store that hands back more than was sent) never fits: lost, not a session stuck on it.
            if (e == errc::buffer_too_small && tx_len_ != 0) return i;
            s.state = s.waits_for();
            if (e != errc::ok) {
                s.state = static_cast<std::uint8_t>(s.state | slot_lost);
                s.info = static_cast<std::uint8_t>(s.info | no_store);
            }
        }
    }

    // Ends the connection; next_event() reports it.
    ATMQTT_SESSION_OUT_OF_LINE constexpr void end(disconnect_reason r) noexcept {
        state_ = session_state::disconnected;
        pending_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(r) + 1);
        pending_error_ = errc::ok;  // a violation sets its errc after this
        flags_ = static_cast<std::uint8_t>(flags_ & clean_start);
        rx_len_ = rx_drop_ = 0;
        mode_ = whole;
    }
    // The broker broke a rule: the session ends, next_event() reports why. Returns false (nothing more to
    // read).
    ATMQTT_SESSION_OUT_OF_LINE constexpr bool violation(errc error) noexcept {
        end(disconnect_reason::protocol_violation);
        pending_error_ = error;
        tx_len_ = 0;  // the link is to be closed: nothing more goes out
        return false;
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

    ATMQTT_SESSION_INLINE constexpr std::uint16_t rx_u16(std::size_t at) const noexcept {
        return static_cast<std::uint16_t>(octet(received(), at) << 8 | octet(received(), at + 1));
    }

    // The packets of a fixed size: the acknowledgements of QoS 1 and 2 (PUBACK, PUBREC, PUBREL, PUBCOMP; four
    // bytes whose only field, a non-zero packet id, the session has already checked) and, with id 0,
    // PINGREQ and DISCONNECT (two bytes). Written directly (the tests compare them with the codec's bytes)
    // instead of linking six instances of the codec's encoders. False, writing nothing, without room.
    // `first`: the header byte.
    enum fixed_header : unsigned {
        puback_header = 0x40,
        pubrec_header = 0x50,
        pubrel_header = 0x62,  // flags 0010
        pubcomp_header = 0x70,
        pingreq_header = 0xc0,
        disconnect_header = 0xe0,
    };
    ATMQTT_SESSION_OUT_OF_LINE constexpr bool send_fixed(unsigned first, std::uint16_t id) noexcept {
        const std::size_t n = id != 0 ? 4 : 2;
        if (tx_free() < n) return false;
        char* o = tx_ + tx_len_;
        o[0] = static_cast<char>(first);
        o[1] = static_cast<char>(n - 2);
        if (id != 0) mqtt::detail::put_u16(o + 2, id);
        (void)sent(n);
        return true;
    }
    // An acknowledgement: the caller has checked that 4 bytes are free.
    constexpr void send_ack(unsigned first, std::uint16_t id) noexcept { (void)send_fixed(first, id); }

    // Processes buffered input until it yields an event or needs more bytes (or output room: an incoming
    // packet is only taken when its acknowledgement fits).
    ATMQTT_SESSION_ONE_CALLER constexpr void receive(event& e) noexcept {
        while (step(e)) compact();  // true only while connected
    }

    // One step of reading: true when input was consumed without an event (go on), false when e holds an
    // event or more input or output room is needed. A PUBLISH goes through message_header() and payload(),
    // whether it fits the receive buffer or not. The other packets a broker sends a client are read here,
    // with the codec's framer and rules (the same errors as its decoder), straight from the receive buffer:
    // a packet only clients send, such as CONNECT or SUBSCRIBE, is refused by its first byte.
    ATMQTT_SESSION_ONE_CALLER constexpr bool step(event& e) noexcept {
        if (mode_ != whole) return payload(e);
        const mqtt::detail::frame_info f = mqtt::detail::read_frame(rx_, rx_len_, level_);
        if (f.status.state == mqtt::frame_state::malformed) return violation(f.status.error);
        if (rx_len_ == 0) return false;
        const unsigned type = octet(received(), 0) >> 4;
        // What the broker may send, one bit per packet type: CONNACK first and only once [MQTT-3.2.0-1], then
        // PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, PINGRESP.
        const unsigned allowed = state_ == session_state::connecting ? 0x0004u : 0x2af8u;
        if (((allowed >> type) & 1u) == 0) return violation(errc::client_unexpected_packet);
        if (type == static_cast<unsigned>(mqtt::packet_type::publish)) return message_header(f);
        const std::size_t end = f.status.size;
        if (f.status.state != mqtt::frame_state::complete) {
            // Any packet but PUBLISH must fit the receive buffer whole.
            return rx_len_ + end > rx_cap_ ? violation(errc::buffer_too_small) : false;
        }
        // The framer has checked the header byte and the size of the fixed-size packets; what is left are
        // the rules of the body: CONNACK's flags and code, a non-zero packet id, SUBACK's codes.
        const std::size_t body = f.body;
        errc error = errc::ok;
        std::uint16_t id = 0;
        if (type == static_cast<unsigned>(mqtt::packet_type::connack)) {
            error = mqtt::detail::check_connack(octet(received(), body), octet(received(), body + 1), level_);
        } else if (type != static_cast<unsigned>(mqtt::packet_type::pingresp)) {
            if (end - body < 2) {
                error = errc::mqtt_packet_too_short;  // a SUBACK (the others are exactly 2 bytes)
            } else if ((id = rx_u16(body)) == 0) {
                error = errc::mqtt_zero_packet_id;
            } else if (type == static_cast<unsigned>(mqtt::packet_type::suback)) {
                if (body + 2 == end) error = errc::mqtt_no_topic_filters;
                for (std::size_t i = body + 2; i < end && error == errc::ok; ++i) {
                    if (!mqtt::detail::valid_suback_code(octet(received(), i), level_)) {
                        error = errc::mqtt_invalid_suback_return_code;
                    }
                }
            }
        }
        if (error != errc::ok) return violation(error);
        if (tx_free() < 4) return false;
        rx_drop_ = static_cast<std::uint16_t>(end);
        return handle(e, type, id, body, end - body);
    }

    // A packet read by step(): its type, packet id (0 for CONNACK and PINGRESP) and body (at `body` in rx,
    // `length` bytes).
    ATMQTT_SESSION_ONE_CALLER constexpr bool handle(event& e, unsigned type, std::uint16_t id, std::size_t body,
                                                    std::size_t length) noexcept {
        if (type == static_cast<unsigned>(mqtt::packet_type::connack)) {
            const std::uint8_t flags = octet(received(), body), code = octet(received(), body + 1);
            if (code != 0) {
                refused_code_ = static_cast<mqtt::connect_return_code>(code);
                end(disconnect_reason::refused);  // next_event() reports it
                return false;
            }
            // 3.1 has no session-present flag: a session that was not cleaned is assumed present.
            const bool present =
                (flags & 1) != 0 || (level_ == mqtt::protocol_level::v3_1 && (flags_ & clean_start) == 0);
            if (!present) window_.inbound_count = 0;
            window_.mark_all(present);
            state_ = session_state::connected;
            e.type = event_type::connected;
            e.session_present = present;
            return false;
        }
        if (type == static_cast<unsigned>(mqtt::packet_type::pubrel)) {
            window_.remove_inbound(id);
            send_ack(pubcomp_header, id);  // also for an id we never saw [MQTT-4.3.3-1]
            return true;
        }
        if (type == static_cast<unsigned>(mqtt::packet_type::pingresp)) {
            flags_ = static_cast<std::uint8_t>(flags_ & ~ping_sent);
            return true;
        }
        // What each acknowledgement completes, one nibble per type from PUBACK (4) to UNSUBACK (11): PUBACK
        // awaiting_puback, PUBREC awaiting_pubrec, PUBCOMP awaiting_pubcomp, SUBACK awaiting_suback,
        // UNSUBACK awaiting_unsuback.
        const std::uint8_t wait = static_cast<std::uint8_t>(0x50403021u >> (4 * (type - 4)) & 0x0fu);
        std::size_t codes = 0;
        if (wait == awaiting_suback) {
            codes = length - 2;
            e.granted = mqtt::list_view<mqtt::suback_return_code>::from_wire(bytes(rx_ + body + 2, codes), codes);
        }
        return acknowledged(e, id, wait, codes);
    }

    // awaiting_puback, _pubrec, _pubcomp: publish (0); awaiting_suback (4): subscribe (1); awaiting_unsuback
    // (5): unsubscribe (2).
    static constexpr request_kind kind_of(std::uint8_t wait) noexcept {
        return static_cast<request_kind>(wait > awaiting_pubcomp ? wait - awaiting_pubcomp : 0);
    }
    static_assert(static_cast<unsigned>(request_kind::subscribe) == awaiting_suback - awaiting_pubcomp &&
                      static_cast<unsigned>(request_kind::unsubscribe) == awaiting_unsuback - awaiting_pubcomp &&
                      static_cast<unsigned>(event_type::subscribed) == 1 + 1 &&
                      static_cast<unsigned>(event_type::unsubscribed) == 2 + 1,
                  "kind_of() and acknowledged() count on these values");

    // An acknowledgement of `wait`'s kind for id. PUBREC answers with PUBREL and keeps the slot; the others
    // complete it (event published, subscribed or unsubscribed). One for an id nobody waits for is
    // tolerated and reported (event error); one of the wrong kind, or a SUBACK with another number of codes
    // than filters, is a violation.
    constexpr bool acknowledged(event& e, std::uint16_t id, std::uint8_t wait, std::size_t codes = 0) noexcept {
        const std::size_t i = window_.find(id);
        if (i == window::none) {
            e.packet_id = id;
            e.type = event_type::error;
            e.error = errc::client_unknown_packet_id;
            return false;
        }
        const slot s = window_.slots[i];
        const bool expected = wait == awaiting_pubrec
                                  ? s.waits_for() == awaiting_pubrec || s.waits_for() == awaiting_pubcomp
                                  : s.state == wait && (wait != awaiting_suback || s.info == codes);
        if (!expected) return violation(errc::client_ack_mismatch);
        if (wait == awaiting_pubrec) {
            send_ack(pubrel_header, id);  // room checked by step(); a repeated PUBREC gets it again
            window_.move_to_end(i, awaiting_pubcomp);
            return true;
        }
        window_.remove(i);
        e.packet_id = id;
        e.kind = kind_of(wait);
        // published (4), subscribed (2), unsubscribed (3)
        e.type = e.kind == request_kind::publish ? event_type::published
                                                 : static_cast<event_type>(static_cast<unsigned>(e.kind) + 1);
        return false;
    }

    // Acknowledges an incoming QoS 1 / 2 PUBLISH. Returns false for a QoS 2 duplicate (PUBREC sent, PUBREL
    // not yet received): the message was delivered already. The message's event e reports an id that could
    // not be kept (client_inbound_window_full).
    constexpr bool accept(event& e, mqtt::qos q, std::uint16_t id) noexcept {
        if (q == mqtt::qos::at_most_once) return true;
        send_ack(q == mqtt::qos::at_least_once ? puback_header : pubrec_header, id);
        if (q == mqtt::qos::at_least_once) return true;
        if (window_.has_inbound(id)) return false;
        if (!window_.add_inbound(id)) e.error = errc::client_inbound_window_full;
        return true;
    }

    static constexpr mqtt::qos qos_of(std::uint8_t first) noexcept {
        return static_cast<mqtt::qos>((first >> 1) & 3u);
    }

    // The start of a PUBLISH (check_frame has checked what of its fixed header is there). One that fits the
    // receive buffer is awaited whole and delivered as one chunk; a larger one goes on in chunks when its
    // header (topic, packet id) fits, or is skipped by count when it does not. Either way payload() goes on.
    ATMQTT_SESSION_ONE_CALLER constexpr bool message_header(const mqtt::detail::frame_info& f) noexcept {
        const std::size_t h = f.body;  // fixed header size
        if (h == 0) return false;      // length not complete yet
        const bool complete = f.status.state == mqtt::frame_state::complete;
        const std::size_t total = complete ? f.status.size : rx_len_ + f.status.size;
        if (total <= rx_cap_ ? !complete : rx_len_ < h + 2) return false;
        const std::uint8_t first = octet(received(), 0);
        const std::size_t id_size = (first & 0x06) != 0 ? 2 : 0;
        const std::size_t topic_size = rx_u16(h);
        const std::size_t header = h + 2 + topic_size + id_size;
        if (header > total) return violation(errc::mqtt_packet_too_short);
        msg_first_ = first;
        msg_id_ = 0;
        msg_total_ = static_cast<std::uint32_t>(total - header);  // the payload's size
        if (total > rx_cap_ && header >= rx_cap_) {  // not even the header fits: skip the packet by count
            msg_done_ = 0u - static_cast<std::uint32_t>(header);  // counting up to the payload through 0
            mode_ = skipping;
            return true;
        }
        if (rx_len_ < header) return false;
        const status topic = mqtt::validate_topic_name(bytes(rx_ + h + 2, topic_size));  // in rx: checked above
        if (!topic) return violation(topic.error());
        if (id_size != 0) {
            msg_id_ = rx_u16(header - 2);
            if (msg_id_ == 0) return violation(errc::mqtt_zero_packet_id);
        }
        msg_done_ = 0;
        msg_header_ = static_cast<std::uint16_t>(header);  // in rx, kept until the last chunk
        // A QoS 2 duplicate is consumed without events: counted through like a skipped message.
        if (qos_of(first) == mqtt::qos::exactly_once && window_.has_inbound(msg_id_)) {
            msg_first_ = static_cast<std::uint8_t>(first | 0x80);  // marks "duplicate" for payload()
        }
        mode_ = chunks;
        return true;
    }

    // A PUBLISH after its header: msg_done_ counts up to msg_total_, the payload's size. Chunk mode: rx
    // holds the message header (msg_header_ bytes) and then payload; each call delivers what payload there
    // is as one chunk. Skip mode: rx holds the packet from where msg_done_ says, which starts below 0 by the
    // header's size (unsigned: wrapping through 0); it is counted through, its packet id (the header's last
    // two bytes) picked up on the way. Both acknowledge after the last byte; a QoS 2 duplicate is counted
    // through silently.
    ATMQTT_SESSION_ONE_CALLER constexpr bool payload(event& e) noexcept {
        const bool counting = mode_ == skipping;
        const std::size_t keep = counting ? 0 : msg_header_;
        const std::uint32_t left = msg_total_ - msg_done_;
        std::size_t n = rx_len_ - keep;
        if (n > left) n = left;
        const bool last = n == left;
        if (n == 0 && !last) return false;
        if (last && tx_free() < 4) return false;
        const std::uint8_t first = msg_first_;  // bit 7 (a duplicate) changes none of the flags read below
        const bool has_id = (first & 0x06) != 0;
        for (std::size_t i = 0; counting && has_id && i < n; ++i) {
            const std::uint32_t before_payload = 0u - (msg_done_ + static_cast<std::uint32_t>(i));
            if (before_payload == 2 || before_payload == 1) {
                msg_id_ = static_cast<std::uint16_t>(msg_id_ << 8 | octet(received(), i));
            }
        }
        const std::uint32_t offset = msg_done_;
        msg_done_ += static_cast<std::uint32_t>(n);
        rx_drop_ = static_cast<std::uint16_t>((last ? keep : 0) + n);  // the header too after the last chunk
        bool deliver = !counting && (msg_first_ & 0x80) == 0;  // bit 7: a QoS 2 duplicate
        if (last) {
            mode_ = whole;
            if (counting && has_id && msg_id_ == 0) return violation(errc::mqtt_zero_packet_id);
            deliver = accept(e, qos_of(first), msg_id_);  // false for a duplicate, bit 7 or not
        }
        if (!deliver) return true;  // nothing to report yet: go on with the next bytes
        e.type = counting ? event_type::message_skipped : event_type::message;
        e.packet_id = e.message.packet_id = msg_id_;
        e.message.qos = qos_of(first);
        e.message.retain = (first & 1) != 0;
        e.message.dup = (first & 8) != 0;
        e.message.total = msg_total_;
        if (counting) return false;
        const std::size_t topic_at = topic_offset();
        e.message.topic = bytes(rx_ + topic_at, rx_u16(topic_at - 2));  // both in rx (message_header checked)
        e.message.payload = bytes(rx_ + keep, n);
        e.message.offset = offset;
        return false;
    }
    // In chunk mode the topic sits after the fixed header, which is still at the start of rx.
    constexpr std::size_t topic_offset() const noexcept {
        std::size_t h = 2;
        while (octet(received(), h - 1) & 0x80) ++h;
        return h + 2;
    }
    // The one-byte members first, then the two-byte ones: Thumb-2's 16-bit loads and stores reach byte
    // offsets up to 31 and halfword offsets up to 62 (beyond, each access is a 4-byte instruction).
    session_state state_ = session_state::disconnected;
    mqtt::protocol_level level_ = mqtt::protocol_level::v3_1_1;
    std::uint8_t mode_ = whole;
    std::uint8_t flags_ = 0;
    std::uint8_t msg_first_ = 0;  // the PUBLISH header byte; bit 7: a QoS 2 duplicate
    std::uint8_t pending_ = 0;    // disconnect_reason + 1 to report, or 0
    errc pending_error_ = errc::ok;
    mqtt::connect_return_code refused_code_ = mqtt::connect_return_code::accepted;
    std::uint16_t rx_cap_, tx_cap_;
    std::uint16_t rx_len_ = 0, tx_len_ = 0;
    std::uint16_t rx_drop_ = 0;     // consumed by the last event, dropped at the next call
    std::uint16_t msg_header_ = 0;  // chunks: bytes before the payload (all in rx)
    std::uint16_t msg_id_ = 0;
    std::uint16_t next_id_ = 0;  // the last packet id handed out
    std::uint16_t keep_alive_s_ = 0;
    std::uint16_t response_timeout_ms_ = 0;
    window window_;  // its one-byte members first too
    // Caller's buffers and hook.
    char* rx_;
    char* tx_;
    resend_store store_;
    // Times (the caller's clock).
    time_ms now_ = 0;
    time_ms last_sent_ = 0;  // keep-alive counts from here
    time_ms deadline_ = 0;   // CONNACK or PINGRESP due
    // An incoming PUBLISH: its payload's size, and how much of it is delivered (skipping: counted, starting
    // below 0 by the header's size).
    std::uint32_t msg_total_ = 0;
    std::uint32_t msg_done_ = 0;
};

// Issue 21: the context is at most 64 bytes plus the window, on a 32-bit target (bench/footprint.sh prints
// both parts): the window is its handle (where its slots and incoming QoS 2 ids are, capacity, two counts)
// and, in session<Window>, 6 bytes per slot.
static_assert(sizeof(void*) != 4 || sizeof(session_core) - sizeof(window) <= 64,
              "issue 21: at most 64 bytes of context beside the window");

}  // namespace detail

// The session with an in-flight window of `Window` (1..255) requests. All its members are session_core's;
// this adds only the window's storage.
template <std::size_t Window>
class session : private detail::window_storage<Window>, public detail::session_core {
public:
    constexpr session(mutable_bytes rx, mutable_bytes tx, resend_store store = {}) noexcept
        : detail::window_storage<Window>(),
          detail::session_core(rx, tx, store, this->slots, this->inbound, static_cast<std::uint8_t>(Window)) {}

    static constexpr std::size_t window_size() noexcept { return Window; }
};

}  // namespace client
ATMQTT_END_NAMESPACE
