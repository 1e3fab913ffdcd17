// at_client<Driver>: MQTT through a modem's built-in MQTT stack (AT commands), with the same shape as the
// raw session (client/session.hpp): connect / subscribe / unsubscribe / publish / disconnect write bytes
// into the client's output, feed() takes what the modem sent, poll(now) the caller's time, next_event()
// hands out one event at a time, next_deadline() says when to poll again. Sans-I/O, no heap, no clock.
//
// The engine is dialect-free: one command at a time; after its final result (OK) the command's deferred
// result (+QMTSUB: ..., +MQTTURC: "suback", ...) when the table names one; the data after a '>' prompt;
// URCs between lines and between '>' and OK; a timeout per command from the driver's table. The driver
// (client/drivers/<vendor>.hpp) says which commands a request takes and what each line means.
// It needs no general command router (tools/atmqtt/transaction.hpp): one command runs at a time, the step says
// which line is its late result, and a line is the first of the driver's rows that reads it (match()).
//
// A driver D provides:
//   static constexpr capabilities caps;                           what the modem can carry
//   using reads                                                   its lines, grammar (syntax, final results,
//                                                                 prefix aliases) and payload rules: detail::driver_reads
//   static constexpr steps                                        its requests' rows (client/detail/steps.hpp)
//   status encode(step_rows, const op_state&, std::uint8_t step, step_out&)  the command of a step (and its
//                                                                 data) from its rows as the engine keeps them
//   verdict on_line(op_state&, const line_match&, event& out)     what a line means
//   bool cache_receive;                                           messages kept in the modem (read_cache)
// and may provide (defaults in detail:: below):
//   static constexpr std::size_t tx_capacity;                     its longest command (TxCapacity's default)
//   bool echoes_data;                                             the data after '>' echoed with echo on
//   bool long_message(const line_match& head, std::uint32_t size, message_view&)  a message longer than
//                                                                 the line buffer, handed out in chunks
// see the Quectel driver for the reference.
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/detail/line_values.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace client {

// What the engine is doing for the application; shared with the driver, which reads the request and
// writes the granted codes of a subscribe.
enum class op_kind : std::uint8_t { none, connect, subscribe, unsubscribe, publish, disconnect, read_cache };

inline constexpr std::size_t max_granted = 10;

struct op_state {
    op_kind kind = op_kind::none;
    std::uint8_t step = 0;
    std::uint16_t packet_id = 0;   // host-chosen id, or the one the module assigned (read back)
    bool id_pending = false;       // true until the module told its id (OneMO +MQTTPUB: <mid>)
    mqtt::qos qos = mqtt::qos::at_most_once;
    std::uint8_t recv_id = 0;      // read_cache: which slot
    bool retain = false;
    std::uint8_t granted_count = 0;
    std::uint8_t filter_count = 0;
    std::uint8_t driver_notes = 0;  // the driver's own notes about the running request (Quectel: reopen)
    // The recovery ladder runs this request (recover()): a disconnect takes the driver's further rungs
    // (Quectel: AT+QMTCLOSE after AT+QMTDISC), and a failing step goes on with the next one.
    bool recovering = false;
    const connect_options* options = nullptr;  // connect: the caller's options (views must live until the end)
    // publish / subscribe / unsubscribe: the request, valid during the call that makes the request only
    bytes topic;
    bytes payload;
    span<const mqtt::subscription> filters;
    span<const bytes> unsub_filters;
    // subscribe: granted codes, written by the driver, viewed by the subscribed event
    mqtt::suback_return_code granted[max_granted]{};
};

// One step's command: the driver writes the command line into out[0, line) and any data to send after
// the '>' prompt into out[line, line + data).
struct step_out {
    mutable_bytes out;
    std::size_t line = 0;
    std::size_t data = 0;
    std::string_view name;  // the command's (its echo)
    std::uint8_t result = 0xff;  // the index of its late result among the driver's lines; 0xff (no_line): none
    time_ms timeout = 0;
    bool await_result = false;  // after OK, wait for a result line the grammar does not name (OneMO puback)
    std::uint8_t step = 0;  // the step written: `step`, or a later one when the request skips those between
    bool end = false;       // no step from `step` on: the request is complete
};

// A driver's step from its encoder's result: the command line of *n bytes already in st.out, `data`
// copied behind it for the '>' prompt (nothing is released before the prompt comes).
constexpr status stage(step_out& st, result<std::size_t> n, std::string_view name, time_ms timeout,
                       bytes data = {}) noexcept {
    if (!n) return {n.error(), n.offset()};
    if (st.out.size() - *n < data.size()) return {errc::buffer_too_small, *n + data.size()};
    for (std::size_t i = 0; i < data.size(); ++i) st.out[*n + i] = data[i];
    st.line = *n;
    st.data = data.size();
    st.name = name;
    st.timeout = timeout;
    return {};
}

// A line as the engine read it for the driver: the first of the driver's lines (its line_table) that
// reads it, by its index in the dialect's line table (0xff: none does), with its values by position, and
// whether it is the running step's late result (once: a late result that is a URC too is the URC after
// it was delivered).
struct line_match {
    std::uint8_t line = 0xff;
    bool result = false;
    detail::line_values values{};
};

// What a line meant to the driver.
enum class verdict : std::uint8_t {
    ignored,    // nothing for the application (an echo of a setting, a retransmission notice)
    step_ok,    // the pending step's deferred result: success, go on
    done,       // the pending step's deferred result completes the request: `out` is its event
    failed,     // the pending step's deferred result is a failure: `out` is its event
    emit,       // an event independent of the request (a message, a link loss): `out`
    read_cache, // the module holds a message in slot out.packet_id (0..7): read it when idle
};

constexpr request_kind kind_of(op_kind k) noexcept {
    return k == op_kind::subscribe ? request_kind::subscribe
           : k == op_kind::unsubscribe ? request_kind::unsubscribe : request_kind::publish;
}

// The running request failed with `e` (a failure result, the module's own timeout): its error event.
constexpr verdict request_failed(const op_state& op, event& out, errc e) noexcept {
    out.type = event_type::error;
    out.error = e;
    out.packet_id = op.packet_id;
    out.kind = kind_of(op.kind);
    return verdict::failed;
}

// The SUBACK of the running subscribe as the module reports it: `n` codes, codes[i] for filter i (0-2
// granted, 128 refused). Another number of codes than filters is client_ack_mismatch.
template <class Codes>
constexpr verdict subscribed(op_state& op, event& out, const Codes& codes, std::size_t n) noexcept {
    if (n != op.filter_count) return request_failed(op, out, errc::client_ack_mismatch);
    for (std::size_t i = 0; i < n; ++i) op.granted[i] = static_cast<mqtt::suback_return_code>(codes[i]);
    op.granted_count = static_cast<std::uint8_t>(n);
    out.type = event_type::subscribed;
    out.packet_id = op.packet_id;
    out.granted = mqtt::list_view<mqtt::suback_return_code>(span<const mqtt::suback_return_code>(op.granted, n));
    return verdict::done;
}

// A received message's topic, id and total as a module prints them. None prints the QoS: a non-zero id
// means QoS 1 or 2, reported as 1 (`id_means_qos` false: the module prints an id for QoS 0 too, all
// reported as 0).
constexpr void received(message_view& m, bytes topic, std::int32_t id, std::uint32_t total,
                        bool id_means_qos = true) noexcept {
    m.topic = topic;
    m.total = total;
    m.packet_id = static_cast<std::uint16_t>(id);
    m.qos = id_means_qos && id != 0 ? mqtt::qos::at_least_once : mqtt::qos::at_most_once;
}

namespace detail {
inline constexpr std::uint8_t no_line = 0xff;  // step_out::result: no late result
template <const auto& Table, bool Cache, bool Recovery>
struct kept_rows;  // client/detail/steps.hpp

// The output a driver's longest command needs (Driver::tx_capacity: its largest topic and payload plus
// the command around them), so application code names no dialect-specific size; 512 for a driver that
// states none.
template <class D>
constexpr auto tx_capacity_of(int) noexcept -> decltype(static_cast<std::size_t>(D::tx_capacity)) {
    return D::tx_capacity;
}
template <class D>
constexpr std::size_t tx_capacity_of(long) noexcept {
    return 512;
}
// Whether a modem that echoes commands echoes the data after '>' too (Driver::echoes_data; yes for a
// driver that does not say).
template <class D>
constexpr auto echoes_data(const D& d, int) noexcept -> decltype(static_cast<bool>(d.echoes_data)) {
    return d.echoes_data;
}
template <class D>
constexpr bool echoes_data(const D&, long) noexcept {
    return true;
}
// Whether the driver takes a message line whose payload does not fit the line buffer (Driver::long_message).
template <class D>
constexpr auto has_long_message(int) noexcept -> decltype(&D::long_message, true) {
    return true;
}
template <class D>
constexpr bool has_long_message(long) noexcept {
    return false;
}

// The tokenizer's table, fixed at compile time: it links no code for what the driver's rules do not use.
// Its payload rules are those of the lines the client reads (Cache: with the answers of cache reads); a
// rule for a prefix alias goes with the line of the prefix it stands for.
template <class Driver, bool Cache>
struct token_rules {
    static constexpr const auto& lines() noexcept {
        if constexpr (Cache) {
            return Driver::reads::line_table::lines;
        } else {
            return Driver::reads::line_table::push_lines;
        }
    }
    static constexpr bool kept(const at::payload_rule& r) noexcept {
        std::string_view prefix = r.prefix;
        for (const at::prefix_alias& a : Driver::reads::grammar.prefix_aliases)
            if (a.alias == prefix) prefix = a.prefix;
        for (std::size_t i = 0; i < lines().size; ++i)
            if (lines().line(i).prefix == prefix && lines().line(i).selector == r.selector) return true;
        return false;
    }
    static constexpr std::size_t kept_count() noexcept {
        std::size_t n = 0;
        for (const at::payload_rule& r : Driver::reads::payload_rules) n += kept(r) ? 1 : 0;
        return n;
    }
    static constexpr std::array<at::payload_rule, kept_count()> table = [] {
        std::array<at::payload_rule, kept_count()> t{};
        std::size_t n = 0;
        for (const at::payload_rule& r : Driver::reads::payload_rules)
            if (kept(r)) t[n++] = r;
        return t;
    }();
    static constexpr span<const at::payload_rule> rules() noexcept { return {table.data(), table.size()}; }
    static constexpr at::syntax lexical() noexcept { return Driver::reads::grammar.lexical; }
};
}  // namespace detail

// The engine's optional parts (issue 20: a program links only what it uses), at_client's Features:
// a program that leaves one out does not link its code. The default has them all.
namespace feature {
enum : unsigned {
    recovery = 1,       // recover(): the ladder of disconnect, close and reopen (a call does not compile without)
    cache_reads = 2,    // messages kept in the modem, read on notice (without: connect refuses a driver set
                        // to cache_receive with client_unsupported_option)
    long_messages = 4,  // a message longer than the line buffer handed out in chunks (without: an error
                        // event, as with a driver that has no long_message())
    basic = 0,          // connect, subscribe, unsubscribe, publish, receive (pushed), disconnect
    all = recovery | cache_reads | long_messages,
};
}  // namespace feature

template <class Driver, std::size_t LineCapacity = 256, std::size_t TxCapacity = detail::tx_capacity_of<Driver>(0),
          unsigned Features = feature::all>
class at_client {
public:
    static constexpr const capabilities& caps() noexcept { return Driver::caps; }

    // `slack_ms` is added to every manual timeout (the transport's own latency: USB, a PTY, a slow host).
    constexpr explicit at_client(Driver driver = {}, time_ms slack_ms = 0) noexcept
        : slack_(slack_ms), driver_(driver) {}

    // ---- requests -----------------------------------------------------------------------------
    // The views in `o` (client id, host, user, password, will) must stay valid until connected or
    // disconnected: the engine sends one configuration command at a time.
    constexpr status connect(const connect_options& o) noexcept { return open(o, false); }

    // The packet id (0 at QoS 0, or when the module assigns ids, Driver::host_ids false: then the
    // published / subscribed / unsubscribed event carries the module's id).
    constexpr result<std::uint16_t> publish(bytes topic, bytes payload, mqtt::qos q = mqtt::qos::at_most_once,
                                            bool retain = false) noexcept {
        status c = may_request();
        if (c) c = check_publish(Driver::caps, topic, payload.size(), q);
        if (!c) return {c.error(), c.offset()};
        op_state& op = fresh(op_kind::publish);
        op.topic = topic;
        op.payload = payload;
        op.qos = q;
        op.retain = retain;
        return start_request(q != mqtt::qos::at_most_once);
    }

    constexpr result<std::uint16_t> subscribe(span<const mqtt::subscription> filters) noexcept {
        const status c = check_filters(filters);
        if (!c) return {c.error(), c.offset()};
        fresh(op_kind::subscribe).filters = filters;
        return start_filtered(filters.size());
    }

    constexpr result<std::uint16_t> unsubscribe(span<const bytes> filters) noexcept {
        const status c = check_filters(filters);
        if (!c) return {c.error(), c.offset()};
        fresh(op_kind::unsubscribe).unsub_filters = filters;
        return start_filtered(filters.size());
    }

    constexpr status disconnect() noexcept {
        status c = may_request();
        if (!c) return c;
        fresh(op_kind::disconnect);
        status s = start();
        if (s) state_ = conn::closing;
        return s;
    }

    // The recovery ladder, for a modem that no longer answers as its manual says (a connect that ended
    // in modem_error or command_timeout): disconnect (AT+QMTDISC / AT+MQTTDISC / AT+IMQTTDISCONN), close
    // the network where the dialect has one (AT+QMTCLOSE), then reopen: connect(o) from the start. Each
    // rung is the driver's command with its timeout from the driver's table; a rung that fails (ERROR,
    // a failure result, its timeout) does not stop the climb. Ends in `connected`, or in
    // `disconnected(module_reset_needed)` when the reopen fails as the modem's fault (modem_error,
    // command_timeout) or no rung got any answer: reset the modem, then connect() again. A broker's
    // refusal stays `refused`.
    constexpr status recover(const connect_options& o) noexcept {
        static_assert(has(feature::recovery), "recover() needs feature::recovery in at_client's Features");
        return open(o, true);
    }

    // ---- the modem's bytes and the caller's time -----------------------------------------------
    // Takes the whole chunk and returns its size (it must stay valid until next_event() returns none);
    // pull the events next. 0, taking nothing, while the chunk fed before is not read to its end: the
    // same contract as the session's feed(), so one loop drives both (docs/client.md).
    constexpr std::size_t feed(bytes chunk) noexcept {
        if (!tok_.feed(chunk)) return 0;
        chunk_ = chunk;
        return chunk.size();
    }
    // The caller's transport saw the modem's output pause (a UART idle interrupt, a read that timed out).
    // Line-based dialects need no such hint: nothing to do. A modem whose data mode is delimited by idle
    // time (USR, client/drivers/usr.hpp) ends its frame here at once instead of after its gap (poll()).
    constexpr void end_of_burst() noexcept {}

    constexpr void poll(time_ms now) noexcept {
        now_ = now;
        if (op_.kind != op_kind::none && reached(now, deadline_)) timeout();
        start_background();
    }

    // Pending output: write it to the modem, then output_written(n).
    constexpr bytes output() const noexcept { return bytes(tx_ + sent_, ready_ - sent_); }
    constexpr void output_written(std::size_t n) noexcept { sent_ += n < ready_ - sent_ ? n : ready_ - sent_; }

    // When poll() has work: the running command's timeout; absent when nothing is running.
    constexpr std::optional<time_ms> next_deadline() const noexcept {
        if (op_.kind == op_kind::none) return std::nullopt;
        return deadline_;
    }

    constexpr bool connected() const noexcept { return state_ == conn::up; }
    // A request can be made now (none is running).
    constexpr bool ready() const noexcept { return !busy(); }
    constexpr const Driver& driver() const noexcept { return driver_; }

    // One event; views in it stay valid until the next call of any member. Out of line: the loop that
    // calls it keeps its frame small (a tokenizer event, the event built).
    [[gnu::noinline]] constexpr event next_event() noexcept {
        event out;  // one exit: the event is built in the caller's place
        if (queued_) {
            queued_ = false;
            out = held_;
        } else {
            for (;;) {
                out = event{};
                if (next_piece(out)) break;
                const at::event ev = tok_.next();
                if (!ev || handle(ev, out)) break;  // none: `out` is still empty
            }
        }
        return out;
    }

private:
    enum class conn : std::uint8_t { down, connecting, up, closing };

    static constexpr bool has(unsigned f) noexcept { return (Features & f) != 0; }
    static constexpr bool long_messages = has(feature::long_messages) && detail::has_long_message<Driver>(0);
    constexpr bool busy() const noexcept { return op_.kind != op_kind::none; }
    // The driver's rows and lines, less those of the parts left out.
    static constexpr const auto& rows() noexcept {
        return detail::kept_rows<Driver::steps, has(feature::cache_reads), has(feature::recovery)>::table;
    }
    static constexpr const auto& lines() noexcept {
        if constexpr (has(feature::cache_reads)) {
            return Driver::reads::line_table::lines;
        } else {
            return Driver::reads::line_table::push_lines;
        }
    }
    // Whether any kept row sends data after '>' (else no prompt releases data, and no echo is watched for).
    static constexpr bool sends_data() noexcept {
        const auto& t = rows();
        return (t.uses & std::decay_t<decltype(t)>::sends_data) != 0;
    }
    // The recovery ladder runs the request (never without feature::recovery: its code is left out).
    constexpr bool recovering() const noexcept { return has(feature::recovery) && op_.recovering; }
    // The dialect's syntax, as the driver's lines carry it (a constant: the grammar object is not linked).
    static constexpr at::syntax lexical() noexcept {
        constexpr at::syntax s = Driver::reads::grammar.lexical;
        return s;
    }

    // connect(), or recover(): the ladder's first rung (a disconnect) before the configuration.
    constexpr status open(const connect_options& o, bool ladder) noexcept {
        if (state_ != conn::down) return errc::client_already_connected;  // down: nothing runs
        status c = check_connect(Driver::caps, o);
        if (!c) return c;
        if (!has(feature::cache_reads) && driver_.cache_receive) return errc::client_unsupported_option;
        opts_ = o;
        op_state& op = fresh(ladder ? op_kind::disconnect : op_kind::connect);
        op.options = &opts_;
        op.recovering = ladder;
        answered_ = false;
        status s = start();
        if (s) state_ = ladder ? conn::closing : conn::connecting;
        return s;
    }

    constexpr status may_request() const noexcept {
        if (state_ != conn::up) return errc::client_not_connected;
        if (busy()) return errc::client_busy;
        return {};
    }
    // A subscribe's or unsubscribe's filters: at least one, at most what the module takes (no more than
    // granted[] keeps), each one the module can carry (the offset of an error: the filter's index).
    static_assert(Driver::caps.max_filters <= max_granted, "op_state::granted holds one code per filter");
    template <class Filter>
    constexpr status check_filters(span<const Filter> filters) const noexcept {
        status c = may_request();
        if (c && (filters.empty() || filters.size() > Driver::caps.max_filters))
            c = {errc::capacity_exceeded, filters.size()};
        for (std::size_t i = 0; c && i < filters.size(); ++i) {
            c = check_one(filters[i]);
            if (!c) c = {c.error(), i};
        }
        return c;
    }
    static constexpr status check_one(const mqtt::subscription& f) noexcept {
        return check_filter(Driver::caps, f.topic_filter, f.qos);
    }
    static constexpr status check_one(bytes f) noexcept {
        return check_filter(Driver::caps, f, mqtt::qos::at_most_once);
    }
    // The subscribe or unsubscribe set up in op_, with its `n` filters.
    constexpr result<std::uint16_t> start_filtered(std::size_t n) noexcept {
        op_.filter_count = static_cast<std::uint8_t>(n);
        return start_request(true);
    }
    // Starts a request that carries a packet id (`with_id`): the host's next one where the module lets
    // the host choose, else 0 until the module tells its own. A refused request takes no id.
    constexpr result<std::uint16_t> start_request(bool with_id) noexcept {
        const bool host = with_id && Driver::host_ids;
        op_.packet_id = host ? static_cast<std::uint16_t>(next_id_ == 65535 ? 1 : next_id_ + 1) : 0;
        op_.id_pending = with_id && !Driver::host_ids;
        status s = start();
        if (!s) return {s.error(), s.offset()};
        if (host) next_id_ = op_.packet_id;
        return op_.packet_id;
    }

    // A new request of kind `k` in op_, for the caller to fill in (none runs: the caller checked). Every
    // member of a blank op_state is zero.
    constexpr op_state& fresh(op_kind k) noexcept {
        op_ = op_state{};
        op_.kind = k;
        return op_;
    }

    // Writes the first command of op_ (refusing the request when the driver cannot encode it).
    constexpr status start() noexcept {
        status s = begin_step();
        if (!s) op_.kind = op_kind::none;  // nothing ran before (a request starts only when none runs)
        return s;
    }

    // Encodes op_.step, or the first step after it the request takes, and begins its transaction; end:
    // the request is done.
    constexpr status begin_step() noexcept {
        compact();
        step_out st;
        st.out = mutable_bytes(tx_ + ready_, TxCapacity - ready_);
        status s = driver_.encode(rows(), op_, op_.step, st);
        if (!s) return s;
        if (st.end) {
            op_.kind = op_kind::none;
            return {};
        }
        op_.step = st.step;
        cmd_ = st.name;
        result_ = st.result;
        pending_ = true;
        delivered_ = false;
        await_ = st.await_result || st.result != detail::no_line;
        data_ = st.data;
        ready_ += st.line;
        final_ok_ = false;
        echo_ = false;
        early_ = verdict::ignored;
        deadline_ = now_ + st.timeout + slack_;
        return {};
    }

    // Drops output already written, so each command starts at the front of the buffer.
    constexpr void compact() noexcept {
        if (sent_ == 0) return;
        for (std::size_t i = sent_; i < ready_; ++i) tx_[i - sent_] = tx_[i];
        ready_ -= sent_;
        sent_ = 0;
    }

    // A step's command and deferred result are in: the next step, or the request's end.
    // A rung of the recovery ladder that failed goes on the same way (`answered`: the modem answered it).
    // A rung whose command cannot be written failed as well: the loop goes on to the next one here, so
    // that advance() never calls back into fail() (no recursion, not even a bounded one).
    constexpr bool advance(event& out, bool have_event, bool answered = true) noexcept {
        for (;;) {
            answered_ = answered_ || (recovering() && answered);  // a rung of the ladder answered
            end_command();
            ++op_.step;
            const op_kind k = op_.kind;
            const status s = begin_step();
            if (s) return op_.kind == op_kind::none ? finish(k, out, have_event) : false;
            if (!(k == op_kind::disconnect && recovering())) {
                failure_event(out, s.error());
                return end_failed(out);
            }
            have_event = false;
            answered = s.error() != errc::client_command_timeout;  // as fail() would pass on
        }
    }

    constexpr bool finish(op_kind k, event& out, bool have_event) noexcept {
        op_.kind = op_kind::none;
        end_command();
        if (k == op_kind::disconnect && recovering()) return reopen(out);
        if (k == op_kind::connect) state_ = out.type == event_type::connected ? conn::up : conn::down;
        if (k == op_kind::disconnect) state_ = conn::down;
        if (!have_event && k == op_kind::publish) {  // a QoS 0 publish the module completes with OK
            out = event{};
            out.type = event_type::published;
            out.packet_id = op_.packet_id;
            have_event = true;
        }
        start_background();
        return have_event;
    }

    // The request failed with `e` (ERROR, its timeout): connect and disconnect end the connection, others
    // report an error event (a read of the modem's cache none).
    constexpr bool fail(event& out, errc e) noexcept {
        failure_event(out, e);
        return fail_with(out, e != errc::client_command_timeout);
    }

    // fail()'s event for the running request.
    constexpr void failure_event(event& out, errc e) noexcept {
        const op_kind k = op_.kind;
        out = event{};
        if (k == op_kind::connect || k == op_kind::disconnect) {
            out.type = event_type::disconnected;
            out.reason = k == op_kind::disconnect           ? disconnect_reason::requested
                         : e == errc::client_command_timeout ? disconnect_reason::command_timeout
                                                             : disconnect_reason::modem_error;
            out.error = e;
        } else if (k != op_kind::read_cache) {
            (void)request_failed(op_, out, e);
        }
    }

    // The rungs before the reopen are done: connect from the start, unless the modem answered none.
    constexpr bool reopen(event& out) noexcept {
        out = event{};
        status s = errc::client_command_timeout;
        if (answered_) {
            op_state& op = fresh(op_kind::connect);
            op.options = &opts_;
            op.recovering = true;
            s = start();
        }
        if (s) {
            state_ = conn::connecting;
            return false;
        }
        out.type = event_type::disconnected;
        out.reason = disconnect_reason::module_reset_needed;
        out.error = s.error();
        state_ = conn::down;
        return true;
    }

    // The reopen of the ladder (the one connect that is recovering) failed as the modem's fault: the
    // last rung is the caller's reset.
    constexpr void reset_needed(event& out) const noexcept {
        if (recovering() &&
            (out.reason == disconnect_reason::modem_error || out.reason == disconnect_reason::command_timeout))
            out.reason = disconnect_reason::module_reset_needed;
    }

    constexpr void timeout() noexcept {
        event out;
        if (fail(out, errc::client_command_timeout)) push(out);
    }

    constexpr void push(const event& e) noexcept {
        // Only poll() produces an event outside next_event(); one slot is enough for it. It shares the
        // slot of a result that came before OK: poll() pushes only when the request ends (its timeout).
        held_ = e;
        queued_ = true;
    }

    // Reads a message the module keeps (cache receive mode) once nothing else runs.
    constexpr void start_background() noexcept {
        if (!has(feature::cache_reads) || busy() || pending_reads_ == 0 || state_ != conn::up) return;
        std::uint8_t i = 0;  // the lowest slot announced (one bit is set)
        while ((pending_reads_ & (1u << i)) == 0) ++i;
        fresh(op_kind::read_cache).recv_id = i;
        if (start()) pending_reads_ = static_cast<std::uint8_t>(pending_reads_ & ~(1u << i));
    }

    // A message whose payload does not fit the line buffer: the tokenizer skips the payload by count,
    // and the client hands out each run of it as a chunk (a view into the caller's chunk) before the
    // tokenizer skips it. The topic stays in the tokenizer's buffer, which holds the line's head until
    // the next line starts, after the payload.
    constexpr bool start_long_message(const at::event& head) noexcept {
        if constexpr (!long_messages) {
            return false;
        } else {
            if (head.error != errc::at_line_too_long || !tok_.mid_payload() || tok_.pending() == 0) return false;
            // The driver fills in topic, ids, offset and total from the values of the line's head.
            message_view m;
            const auto size = static_cast<std::uint32_t>(tok_.pending());
            line_match h;
            match(head, h, true);
            if (!driver_.long_message(h, size, m)) return false;
            rx_ = m;
            rx_left_ = size;
            return true;
        }
    }
    constexpr bool next_piece(event& out) noexcept {
        if (!long_messages) return false;
        const std::size_t n = rx_left_ < tok_.unread() ? rx_left_ : tok_.unread();
        if (n == 0 || tok_.pending() != rx_left_) return false;  // none yet, or handed out: let it skip
        out.type = event_type::message;
        out.message = rx_;
        out.message.payload = chunk_.substr(chunk_.size() - tok_.unread(), n);
        rx_.offset += static_cast<std::uint32_t>(n);
        rx_left_ -= static_cast<std::uint32_t>(n);
        return true;
    }

    // One tokenizer event; true when `out` (empty when called) is an event for the application.
    constexpr bool handle(const at::event& ev, event& out) noexcept {
        constexpr const at::grammar& g = Driver::reads::grammar;  // its members as constants
        switch (ev.kind) {
            case at::event_kind::error:
                if (start_long_message(ev)) return false;
                out.type = event_type::error;  // a line (or a message) too long for the line buffer
                out.error = ev.error;
                return true;
            case at::event_kind::prompt:
                if (!sends_data() || !pending_) return false;  // a stray '>': tolerated
                // A modem that echoes commands echoes the data after '>' too where the driver says so
                // (the manuals' examples: ">This is test data, hello MQTT."): those bytes are counted
                // through as data, so an "OK" or a URC inside the payload cannot be taken for the modem's own.
                if (echo_ && data_ != 0 && detail::echoes_data(driver_, 0)) (void)tok_.expect_data(data_);
                ready_ += data_;  // release the data staged behind the command line
                data_ = 0;
                return false;
            case at::event_kind::line:
                break;
            default:  // the pieces of data counted through
                return false;
        }
        const at::final_kind fr = at::final_kind_of(ev.text, g.lexical, g.finals);
        if (fr != at::final_kind::none) {
            // A command is pending only while a request runs (every end of a request ends it).
            if (!pending_) return false;  // a stray OK: tolerated
            pending_ = false;
            if (!at::is_success(fr)) return fail(out, errc::client_command_failed);
            final_ok_ = true;
            if (early_ == verdict::ignored) return !await_ && advance(out, false);  // or the late result comes next
            out = held_;  // the late result that came before OK
            return settle(early_, out);
        }
        if (at::detail::is_command_line(ev.text)) {  // an echo: of the running command, or of nothing ours
            if (sends_data() && pending_ && at::detail::is_echo_of(ev.text, cmd_)) echo_ = true;
            return false;
        }
        line_match m;
        match(ev, m);
        const verdict v = driver_.on_line(op_, m, out);
        switch (v) {
            case verdict::emit:
                if (out.type == event_type::disconnected) lost();
                return true;
            case verdict::read_cache:
                if constexpr (has(feature::cache_reads)) {  // else no notice is among the lines read
                    pending_reads_ = static_cast<std::uint8_t>(pending_reads_ | (1u << (out.packet_id & 7)));
                    start_background();
                }
                return false;
            case verdict::step_ok:
            case verdict::done:
            case verdict::failed:
                // a driver gives these only for the request it sees running (op.kind)
                if (!final_ok_) {  // the result came before OK: keep it until OK
                    early_ = v;
                    held_ = out;
                    return false;
                }
                return settle(v, out);
            default:  // verdict::ignored
                return false;
        }
    }

    // The running step's late result (step_ok, done or failed) after its OK: the next step, or the end.
    constexpr bool settle(verdict v, event& out) noexcept {
        if (v == verdict::failed) return fail_with(out);
        return advance(out, v == verdict::done);
    }

    // The first of the driver's lines that reads `ev`, and whether it is the running step's late result.
    // `head`: `ev` is the head of a message line whose payload did not fit the line buffer (the tokenizer's
    // error event holds it: "+QMTRECV: 0,1,\"topic\",1500,"): the first line that reads a value of it,
    // with the values read before the payload.
    // Out of line: its frame holds the fields of the line it tries (kept out of handle()'s).
    [[gnu::noinline]] constexpr void match(const at::event& ev, line_match& m, bool head = false) noexcept {
        constexpr const auto& kept = at_client::lines();
        at::field_spec fields[kept.widest];  // the fields of the line tried
        head = head && long_messages;
        for (std::size_t i = 0; i < kept.size; ++i) {
            m.values = {};
            const bool read = read_line(kept.line_of(i, fields), ev, m.values);
            if (!read && !(head && m.values.count != 0)) continue;
            m.line = kept.from[i];
            if (head) return;
            m.result = m.line == result_ && !(delivered_ && (kept.lines[i].flags & at::line::unsolicited_bit) != 0);
            delivered_ = delivered_ || m.result;
            return;
        }
    }

    // What the kept lines use (at::reading_of each), so the reader links no code for what only the
    // dialect's other lines have (Quectel's configuration answers' selectors).
    static constexpr at::reading kept_reads() noexcept {
        struct one_line {
            span<const at::line> lines;
            span<const at::prefix_alias> prefix_aliases;
        };
        constexpr const auto& kept = at_client::lines();
        unsigned bits = 0;
        for (std::size_t i = 0; i < kept.size; ++i) {
            at::field_spec fields[kept.widest]{};
            const at::line l = kept.line_of(i, fields);
            bits |= static_cast<unsigned>(at::reading_of(one_line{{&l, 1}, Driver::reads::grammar.prefix_aliases}));
        }
        return static_cast<at::reading>(bits);
    }

    // Reads `ev` as `row`. Out of line: match()'s frame holds the row's fields, this one the reader's state.
    [[gnu::noinline]] static constexpr bool read_line(const at::line& row, const at::event& ev,
                                                      detail::line_values& values) noexcept {
        constexpr const at::grammar& g = Driver::reads::grammar;
        // The reader compiled for what the kept lines use, as at::syntax_of.
        constexpr at::read_syntax<g.lexical.escape, g.lexical.tolerate, kept_reads()> lexical{};
        return detail::read_values(row, ev, lexical, g.prefix_aliases, values).ok();
    }

    // The running command is over (or abandoned): no final result or late result is awaited.
    constexpr void end_command() noexcept {
        pending_ = false;
        result_ = detail::no_line;
    }

    // The request failed, `out` its event (the driver's, or fail()'s); `answered`: the modem answered.
    constexpr bool fail_with(event& out, bool answered = true) noexcept {
        const op_kind k = op_.kind;
        if (k == op_kind::disconnect && recovering()) return advance(out, false, answered);  // the next rung
        return end_failed(out);
    }

    // The failed request ends with `out`, its event.
    constexpr bool end_failed(event& out) noexcept {
        const op_kind k = op_.kind;
        reset_needed(out);
        op_.kind = op_kind::none;
        end_command();
        if (k == op_kind::connect || k == op_kind::disconnect) state_ = conn::down;
        return out.type != event_type::none;
    }

    // The module reported the connection gone: whatever ran is abandoned with it.
    constexpr void lost() noexcept {
        state_ = conn::down;
        pending_reads_ = 0;
        data_ = 0;  // data staged for a prompt that will not come
        op_.kind = op_kind::none;
        end_command();
    }

    // Bytes first, then the request and the words: Thumb's short loads and stores reach them (byte
    // offsets up to 31, word offsets up to 124).
    conn state_ = conn::down;
    verdict early_ = verdict::ignored;
    bool final_ok_ = false;
    bool echo_ = false;  // the running command came back as an echo
    bool pending_ = false;    // the running command awaits its final result
    bool delivered_ = false;  // its late result was handed to the driver
    std::uint8_t result_ = detail::no_line;  // its late result's index in the dialect's line table
    bool await_ = false;
    bool queued_ = false;
    bool answered_ = false;  // the recovery ladder: the modem answered one of its rungs
    std::uint8_t pending_reads_ = 0;
    std::uint16_t next_id_ = 0;
    op_state op_{};
    time_ms now_ = 0;
    time_ms deadline_ = 0;
    time_ms slack_ = 0;
    std::uint32_t rx_left_ = 0;  // a message longer than the line buffer: its payload bytes not yet handed out
    std::size_t sent_ = 0;   // output written by the caller
    std::size_t ready_ = 0;  // output released (commands, and data once prompted)
    std::size_t data_ = 0;   // data staged after the running command, sent on '>'
    std::string_view cmd_;  // the running command's name (its echo)
    Driver driver_;
    at::tokenizer<LineCapacity, detail::token_rules<Driver, has(feature::cache_reads)>> tok_;
    connect_options opts_{};
    event held_{};  // the event poll() produced (queued_), or the running step's result that came before OK
    message_view rx_{};        // a message longer than the line buffer: its next chunk's offset and the rest
    bytes chunk_{};            // the caller's chunk, where that message's payload is
    char tx_[TxCapacity]{};
};

}  // namespace client
ATMQTT_END_NAMESPACE
