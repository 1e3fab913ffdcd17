// A driver's requests as table data: each request is a list of rows; a row names its command, when it
// is sent, its timeout and where each argument (and the data after '>') comes from. One writer,
// write_step, turns a row into the command line for every line-based dialect, so no request builds typed
// command structs and no command gets an encoder of its own (issue 20's flash budget: the per-command
// encoders were most of a driver's code; a typed struct per step measured +6.6 KB for Quectel). The USR
// engine's fixed configuration fills its rows' values in place (client/drivers/usr.hpp).
//
//     inline constexpr detail::command_step raw[] = {
//         {op_kind::connect, when::always, src::end, cmd<q::cmd::qmtopen>, {src::slot, src::host, src::port}},
//         ...
//     };
//     static constexpr auto& steps = detail::timed_rows<raw, timeouts, 300>::table;  // timeouts by name
//     return detail::write_step<q::lexical>(steps, op, step, numbers, timing, st);
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace detail {

// Where an argument comes from: the running request (op_state), its connect options, or the driver's
// four numbers (step_numbers: its client index first).
namespace src {
enum : std::uint8_t {
    end = 0,         // no more arguments (as `data`: no data after '>')
    omit,            // an omitted value: an empty field, or nothing at the end
    slot,            // the driver's number 0: client index, connection id
    number1,         // the driver's numbers 1-3: timing, receive mode, ...
    number2,
    number3,
    level,           // the MQTT level: 3 (3.1) or 4 (3.1.1)
    level_text,      // "3.1" or "3.1.1"
    keep_alive,
    clean,           // 1: clean session
    host,
    port,
    client_id,
    user_or_omit,        // the user name, omitted without one (Quectel: "[,<username>,<password>]")
    password_with_user,  // the password, given with a user name only
    user,                // the user name, empty text without one
    password,            // the password, empty text without one
    will_flag,
    will_qos,
    will_retain,
    will_topic,
    will_payload,      // as text (data after '>': as it is)
    will_payload_hex,  // as binary: written as hex digits
    will_length,
    tls_flag,     // 1: a TLS context is given
    tls_context,  // omitted without one
    packet_id,
    qos,
    retain,
    topic,
    payload,
    payload_length,
    recv_id,
    empty_hex,      // binary of no bytes
    payload_hex,    // the payload as binary: written as hex digits
    filters,        // every filter of a subscribe: its topic and QoS (a repeated group)
    filter_topics,  // every filter of an unsubscribe
    noted,          // 1: the driver noted (op_state::driver_notes bit 0) that a row is needed
    recovering,     // 1: the recovery ladder runs the request
    literal = 0x80,  // literal | n: the integer n (0-127)
    negated = 0x40,  // as a row's condition (below), negated | s: source s is 0
};
}  // namespace src

// When a row is sent; a row whose condition does not hold is skipped. A condition is a source whose
// value is not 0 (or, `negated`, is 0): the step writer reads it as it reads arguments.
enum class when : std::uint8_t {
    always = src::literal | 1,
    will = src::will_flag,                        // with a will
    no_will = src::negated | src::will_flag,      // without a will
    tls = src::tls_flag,                          // with a TLS context
    noted = src::noted,                           // Quectel's reopen
    recovering = src::recovering,                 // the ladder's further rungs
    payload = src::payload_length,                // the publish has a payload
    no_payload = src::negated | src::payload_length,  // it has none
    // a feature the model lacks: refused (client_unsupported_option) when the driver's number 3 asks
    // for it (OneMO's cache mode), skipped otherwise
    unsupported_if_number3 = 0xff,
};

// A command of a driver's rows as firmware needs it: the writer's packed row (parameters without names,
// at/packed_row.hpp), so the dialect's field_spec tables and their names are not linked, and the index of
// its late result in the dialect's line table, which tells the engine which line completes the step.
struct step_command {
    const at::packed_row* row;
    std::uint8_t result;  // no_line: the command has none
};

// Command `C` of a driver's rows.
template <const at::command& C>
inline constexpr step_command step_command_of{&at::packed_of<C>,
                                              C.deferred != at::no_index ? C.deferred : no_line};

// A row as a driver writes it (compile time only: timed() packs it into a step_row).
struct command_step {
    op_kind kind;
    when cond;
    std::uint8_t data;    // src of the data sent after '>', or src::end
    std::uint8_t result;  // step_command::result
    const at::packed_row* row;
    std::uint8_t args[8];
    at::form which = at::form::set;
    bool await_if_qos = false;  // QoS 1 and 2: after OK, wait for an acknowledgement the table does not name

    constexpr command_step() noexcept : kind(), cond(), data(), result(no_line), row(nullptr), args{} {}
    constexpr command_step(op_kind k, when w, std::uint8_t d, step_command c, const std::uint8_t (&a)[8],
                           at::form f = at::form::set, bool await = false) noexcept
        : kind(k), cond(w), data(d), result(c.result), row(c.row), args{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]},
          which(f), await_if_qos(await) {}
};

// A row as firmware holds it: 12 bytes on 32-bit targets, its arguments in the table's pool (a row's
// list ends with src::end; rows with the same list, or one list ending another, share its bytes).
struct step_row {
    const at::packed_row* row = nullptr;
    // The row's timeout, from the driver's table by the command's name (timed() fills it in): tenths of
    // a second (every manual's figure is whole tenths), or `scaled` | a timeout_scale for a time that
    // follows the configured packet timing.
    std::uint16_t timeout = 0;
    op_kind kind{};
    when cond{};
    std::uint8_t data = 0;          // src of the data sent after '>', or src::end
    std::uint8_t result = no_line;  // step_command::result
    std::uint8_t args = 0;          // where its arguments start in the pool
    std::uint8_t which = 0;         // its at::form, | await_bit: command_step::await_if_qos

    static constexpr std::uint16_t scaled = 0xff00;
    static constexpr std::uint8_t await_bit = 0x80;
};
static_assert(sizeof(void*) != 4 || sizeof(step_row) == 12, "a step row stays at 12 bytes on 32-bit targets");

inline constexpr time_ms tenth_ms = 100;

// A row's timeout under the configured timing.
constexpr time_ms timeout_of(const step_row& s, packet_timing timing) noexcept {
    if (s.timeout < step_row::scaled) return s.timeout * tenth_ms;
    return timeout_of(0, static_cast<timeout_scale>(s.timeout & 0xff), timing);
}

// A driver's rows as the step writer reads them.
struct step_rows {
    span<const step_row> rows;
    const std::uint8_t* pool;
};

// A driver's rows with their timeouts and their arguments' pool (timed()).
template <std::size_t N, std::size_t P>
struct step_table {
    step_row rows[N]{};
    std::uint8_t pool[P]{};
    constexpr operator step_rows() const noexcept { return {{rows, N}, pool}; }  // NOLINT: implicit
};

// Whether every fixed time of `rules` and `fallback` is whole tenths of a second that a row can hold.
constexpr bool in_tenths(span<const timeout_rule> rules, time_ms fallback) noexcept {
    bool ok = fallback % tenth_ms == 0 && fallback / tenth_ms < step_row::scaled;
    for (const timeout_rule& r : rules) ok = ok && r.ms % tenth_ms == 0 && r.ms / tenth_ms < step_row::scaled;
    return ok;
}

// The number of a row's arguments.
constexpr std::size_t arg_count(const command_step& s) noexcept {
    std::size_t n = 0;
    while (n < sizeof s.args && s.args[n] != src::end) ++n;
    return n;
}

// Where the argument list args[0, n) (with its end) already is in pool[0, used), or `used`: it goes at the end.
constexpr std::size_t find_args(const std::uint8_t* pool, std::size_t used, const std::uint8_t* args, std::size_t n) noexcept {
    for (std::size_t at = 0; at + n + 1 <= used; ++at) {
        std::size_t i = 0;
        while (i <= n && pool[at + i] == (i < n ? args[i] : std::uint8_t{src::end})) ++i;
        if (i == n + 1) return at;
    }
    return used;
}

// Appends the argument list args[0, n) to pool[0, used) unless it is there; where it is.
constexpr std::size_t add_args(std::uint8_t* pool, std::size_t& used, const std::uint8_t* args, std::size_t n) noexcept {
    const std::size_t at = find_args(pool, used, args, n);
    if (at != used) return at;
    for (std::size_t k = 0; k < n; ++k) pool[used++] = args[k];
    pool[used++] = src::end;
    return at;
}
constexpr std::size_t add_args(std::uint8_t* pool, std::size_t& used, const command_step& s) noexcept {
    return add_args(pool, used, s.args, arg_count(s));
}

inline constexpr std::size_t max_pool = 256;  // a row's `args` is one byte

// The pool bytes `raw` takes (timed()'s P).
template <std::size_t N>
constexpr std::size_t pool_size(const command_step (&raw)[N]) noexcept {
    std::uint8_t pool[max_pool + sizeof raw[0].args + 1]{};
    std::size_t used = 0;
    for (std::size_t i = 0; i < N && used <= max_pool; ++i) (void)add_args(pool, used, raw[i]);
    return used;
}

// `raw` with each row's timeout from `rules` (the rule naming its command; none: `fallback`), at compile
// time: the rules' names stay out of the firmware. P: pool_size(raw).
template <std::size_t P, std::size_t N>
constexpr step_table<N, P> timed(const command_step (&raw)[N], span<const timeout_rule> rules, time_ms fallback) noexcept {
    static_assert(P <= max_pool, "a row's arguments start within 256 bytes of the pool");
    step_table<N, P> out{};
    std::size_t used = 0;
    for (std::size_t i = 0; i < N; ++i) {
        const command_step& r = raw[i];
        step_row& s = out.rows[i];
        s.row = r.row;
        s.kind = r.kind;
        s.cond = r.cond;
        s.data = r.data;
        s.result = r.result;
        s.which = static_cast<std::uint8_t>(static_cast<std::uint8_t>(r.which) | (r.await_if_qos ? step_row::await_bit : 0));
        s.timeout = static_cast<std::uint16_t>(fallback / tenth_ms);  // in_tenths() holds for the drivers' tables
        for (const timeout_rule& t : rules) {
            if (t.command != r.row->name()) continue;
            s.timeout = t.scale == timeout_scale::fixed
                            ? static_cast<std::uint16_t>(t.ms / tenth_ms)
                            : static_cast<std::uint16_t>(step_row::scaled | static_cast<std::uint16_t>(t.scale));
        }
        s.args = static_cast<std::uint8_t>(add_args(out.pool, used, r));
    }
    return out;
}

// A driver's rows with their timeouts from `Rules` (timed()), each a whole number of tenths of a second.
template <const auto& Raw, const auto& Rules, time_ms Fallback>
struct timed_rows {
    static_assert(in_tenths(Rules, Fallback), "timeouts in tenths of a second");
    static constexpr auto table = timed<pool_size(Raw)>(Raw, Rules, Fallback);
};

using step_numbers = std::int32_t[4];

// The most arguments a row writes: a subscribe's id and slot, then a topic and QoS per filter.
inline constexpr std::size_t max_step_args = 2 + 2 * max_granted;

static_assert(static_cast<int>(mqtt::protocol_level::v3_1) == 3 && static_cast<int>(mqtt::protocol_level::v3_1_1) == 4,
              "src::level writes the level's value");

// The value of source `s` (not a repeated one) for `op`.
constexpr at::value value_of(std::uint8_t s, const op_state& op, const step_numbers& n) noexcept {
    if ((s & src::literal) != 0) return at::value(s & 0x7f);
    if (s <= src::omit) return at::value();  // src::end (no data after '>'), src::omit
    if (s <= src::number3) return at::value(n[s - src::slot]);
    // An integer or a view, made into a value at one place (the cases only pick).
    enum class as : std::uint8_t { integer, text, binary, omitted };
    as k = as::integer;
    std::int32_t i = 0;
    bytes t{};
    const connect_options* o = op.options;  // a connect's: the sources below packet_id (the table says which)
    switch (s) {
        case src::packet_id: i = op.packet_id; break;
        case src::qos: i = static_cast<int>(op.qos); break;
        case src::retain: i = op.retain ? 1 : 0; break;
        case src::topic: t = op.topic; k = as::text; break;
        case src::payload: t = op.payload; k = as::text; break;
        case src::payload_length: i = static_cast<std::int32_t>(op.payload.size()); break;
        case src::recv_id: i = op.recv_id; break;
        case src::payload_hex: t = op.payload; k = as::binary; break;
        case src::empty_hex: k = as::binary; break;
        case src::level: i = static_cast<int>(o->level); break;  // 3 or 4: the enum's values
        case src::level_text:  // sized views: no strlen linked
            t = o->level == mqtt::protocol_level::v3_1 ? bytes("3.1", 3) : bytes("3.1.1", 5);
            k = as::text;
            break;
        case src::keep_alive: i = o->keep_alive_s; break;
        case src::clean: i = o->clean_session ? 1 : 0; break;
        case src::host: t = o->host; k = as::text; break;
        case src::port: i = o->port; break;
        case src::client_id: t = o->client_id; k = as::text; break;
        case src::user_or_omit: t = o->username; k = o->username_flag ? as::text : as::omitted; break;
        case src::password_with_user: t = o->password; k = o->username_flag ? as::text : as::omitted; break;
        case src::user: t = o->username_flag ? o->username : bytes{}; k = as::text; break;
        case src::password: t = o->password_flag ? o->password : bytes{}; k = as::text; break;
        case src::will_flag: i = o->will_flag ? 1 : 0; break;
        case src::will_qos: i = static_cast<int>(o->will.qos); break;
        case src::will_retain: i = o->will.retain ? 1 : 0; break;
        case src::will_topic: t = o->will.topic; k = as::text; break;
        case src::will_payload: t = o->will.payload; k = as::text; break;
        case src::will_payload_hex: t = o->will.payload; k = as::binary; break;
        case src::will_length: i = static_cast<std::int32_t>(o->will.payload.size()); break;
        case src::tls_flag: i = o->tls_context >= 0 ? 1 : 0; break;
        case src::noted: i = op.driver_notes & 1; break;
        case src::recovering: i = op.recovering ? 1 : 0; break;
        default:  // src::tls_context
            i = o->tls_context;
            k = o->tls_context >= 0 ? as::integer : as::omitted;
            break;
    }
    switch (k) {
        case as::integer: return at::value(i);
        case as::text: return at::value(t);
        case as::binary: return at::value::binary(t);
        default: return at::value();
    }
}

// Whether a row with condition `w` is sent for `op`: yes, no (skipped), or the request refused.
constexpr result<bool> applies(when w, const op_state& op, const step_numbers& n) noexcept {
    if (w == when::unsupported_if_number3) {
        if (n[3] != 0) return {errc::client_unsupported_option, 0};
        return false;
    }
    const auto c = static_cast<std::uint8_t>(w);
    const bool negated = c < src::literal && (c & src::negated) != 0;
    const auto s = static_cast<std::uint8_t>(negated ? c & ~src::negated : c);
    return !value_of(s, op, n).within(0, 0) != negated;  // every condition's source is an integer
}

// The command of step `step` of `op` from `table` (the step-th row of op.kind), or of the first row after
// it that is sent (st.step: the row written): written into st.out with its data behind it; st.end when
// none is left. Every command goes through the core writer, checked by its row (a dialect with narrower
// limits gives the client rows of its own: OneMO's hex message).
// S: the dialect's syntax, as a type to the writer (only its escape rule and tolerances linked).
template <const at::syntax& S>
constexpr status write_step(step_rows table, const op_state& op, std::uint8_t step, const step_numbers& n,
                            packet_timing timing, step_out& st) noexcept {
    const step_row* row = nullptr;
    std::uint8_t seen = 0;
    for (const step_row& r : table.rows) {
        if (r.kind != op.kind || seen++ < step) continue;
        const result<bool> sent = applies(r.cond, op, n);
        if (!sent) return {sent.error(), 0};
        if (*sent) {
            row = &r;
            break;
        }
    }
    if (row == nullptr) {
        st.end = true;
        return {};
    }
    const step_row& r = *row;
    at::value v[max_step_args]{};
    std::size_t count = 0;
    for (const std::uint8_t* a = table.pool + r.args; *a != src::end; ++a) {
        if (*a == src::filters) {
            for (const mqtt::subscription& f : op.filters) {
                v[count++] = at::value(f.topic_filter);
                v[count++] = at::value(static_cast<int>(f.qos));
            }
        } else if (*a == src::filter_topics) {
            for (const bytes& f : op.unsub_filters) v[count++] = at::value(f);
        } else {
            v[count++] = value_of(*a, op, n);
        }
    }
    const bytes data = value_of(r.data, op, n).as_bytes();  // src::end: none
    st.step = static_cast<std::uint8_t>(seen - 1);
    st.await_result = (r.which & step_row::await_bit) != 0 && op.qos != mqtt::qos::at_most_once;
    const auto which = static_cast<at::form>(r.which & ~step_row::await_bit);
    at::detail::line_cursor cursor(st.out);
    const result<std::size_t> line =
        at::detail::write_into(cursor, at::fixed_syntax<S>{}, *r.row, which, span<const at::value>(v, count));
    st.result = r.result;
    return stage(st, line, *r.row, timeout_of(r, timing), data);
}

// A driver's rows less those of the engine's parts a program leaves out (at_client's Features): the reads
// of the modem's cache (op_kind::read_cache) without `cache`, the recovery ladder's further rungs
// (when::recovering) without `recovery`; their arguments' pool packed again.
constexpr bool row_kept(const step_row& r, bool cache, bool recovery) noexcept {
    return (cache || r.kind != op_kind::read_cache) && (recovery || r.cond != when::recovering);
}
struct kept_sizes {
    std::size_t rows = 0, pool = 0;
};
// The rows of `t` kept, into `out` (when not null, with room for them) and their pool `pool`.
constexpr kept_sizes keep_rows(step_rows t, bool cache, bool recovery, step_row* out, std::uint8_t* pool) noexcept {
    std::uint8_t scratch[max_pool + 1]{};
    if (pool == nullptr) pool = scratch;
    kept_sizes z{};
    for (const step_row& r : t.rows) {
        if (!row_kept(r, cache, recovery)) continue;
        std::size_t n = 0;
        while (t.pool[r.args + n] != src::end) ++n;
        const std::size_t at = add_args(pool, z.pool, t.pool + r.args, n);
        if (out != nullptr) {
            out[z.rows] = r;
            out[z.rows].args = static_cast<std::uint8_t>(at);
        }
        ++z.rows;
    }
    return z;
}
template <const auto& Table, bool Cache, bool Recovery>
struct kept_rows {
    static constexpr kept_sizes sizes = keep_rows(Table, Cache, Recovery, nullptr, nullptr);
    static constexpr step_table<sizes.rows, sizes.pool> make() noexcept {
        step_table<sizes.rows, sizes.pool> t{};
        (void)keep_rows(Table, Cache, Recovery, t.rows, t.pool);
        return t;
    }
    static constexpr step_table<sizes.rows, sizes.pool> table = make();
};
template <const auto& Table>
struct kept_rows<Table, true, true> {  // all of them: the driver's table itself
    static constexpr const auto& table = Table;
};

// Every row's late result is one of the client's `lines` (client/detail/lines.hpp).
template <class Lines>
constexpr bool results_within(step_rows table, const Lines& lines) noexcept {
    for (const step_row& s : table.rows)
        if (s.result != no_line && lines.index_of(s.result) == lines.size) return false;
    return true;
}

}  // namespace detail

namespace drivers {
// The drivers' rows name their sources and conditions as src::x and when::x.
namespace src = detail::src;
using detail::when;
}  // namespace drivers
}  // namespace client
ATMQTT_END_NAMESPACE
