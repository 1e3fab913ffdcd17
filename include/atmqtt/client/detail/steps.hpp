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
#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

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

// A command of a driver's rows (compile time): the dialect's command row and the index of its late result
// in the dialect's line table, which tells the engine which line completes the step. kept_rows packs the
// rows for firmware: the parameters without names, each distinct one once, so neither the dialect's
// field_spec tables nor their names are linked.
struct step_command {
    const at::command* command;
    std::uint8_t result;  // no_line: the command has none
};

// Command `C` of a driver's rows.
template <const at::command& C>
inline constexpr step_command step_command_of{&C, C.deferred != at::no_index ? C.deferred : no_line};

// A row as a driver writes it (compile time only: timed() gives it its timeout, kept_rows packs it).
struct command_step {
    op_kind kind;
    when cond;
    std::uint8_t data;    // src of the data sent after '>', or src::end
    std::uint8_t result;  // step_command::result
    const at::command* command;
    std::uint8_t args[8];
    at::form which = at::form::set;
    bool await_if_qos = false;  // QoS 1 and 2: after OK, wait for an acknowledgement the table does not name
    // The row's timeout, from the driver's table by the command's name (timed() fills it in): tenths of
    // a second (every manual's figure is whole tenths), or `scaled` | a timeout_scale for a time that
    // follows the configured packet timing.
    std::uint16_t timeout = 0;

    static constexpr std::uint16_t scaled = 0xff00;

    constexpr command_step() noexcept : kind(), cond(), data(), result(no_line), command(nullptr), args{} {}
    constexpr command_step(op_kind k, when w, std::uint8_t d, step_command c, const std::uint8_t (&a)[8],
                           at::form f = at::form::set, bool await = false) noexcept
        : kind(k), cond(w), data(d), result(c.result), command(c.command),
          args{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]}, which(f), await_if_qos(await) {}
};

// A driver's rows with their timeouts (timed()), as it names them: compile time only.
template <std::size_t N>
struct step_spec {
    command_step rows[N]{};
};

inline constexpr time_ms tenth_ms = 100;

// A row's timeout (command_step::timeout) under the configured timing.
constexpr time_ms timeout_of(std::uint16_t timeout, packet_timing timing) noexcept {
    if (timeout < command_step::scaled) return timeout * tenth_ms;
    return timeout_of(0, static_cast<timeout_scale>(timeout & 0xff), timing);
}

// Whether every fixed time of `rules` and `fallback` is whole tenths of a second that a row can hold.
constexpr bool in_tenths(span<const timeout_rule> rules, time_ms fallback) noexcept {
    bool ok = fallback % tenth_ms == 0 && fallback / tenth_ms < command_step::scaled;
    for (const timeout_rule& r : rules) ok = ok && r.ms % tenth_ms == 0 && r.ms / tenth_ms < command_step::scaled;
    return ok;
}

// `raw` with each row's timeout from `rules` (the rule naming its command; none: `fallback`), at compile
// time: the rules' names stay out of the firmware.
template <std::size_t N>
constexpr step_spec<N> timed(const command_step (&raw)[N], span<const timeout_rule> rules, time_ms fallback) noexcept {
    step_spec<N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        command_step& s = out.rows[i] = raw[i];
        s.timeout = static_cast<std::uint16_t>(fallback / tenth_ms);  // in_tenths() holds for the drivers' tables
        for (const timeout_rule& t : rules) {
            if (t.command != s.command->name) continue;
            s.timeout = t.scale == timeout_scale::fixed
                            ? static_cast<std::uint16_t>(t.ms / tenth_ms)
                            : static_cast<std::uint16_t>(command_step::scaled | static_cast<std::uint16_t>(t.scale));
        }
    }
    return out;
}

// A driver's rows with their timeouts from `Rules` (timed()), each a whole number of tenths of a second.
template <const auto& Raw, const auto& Rules, time_ms Fallback>
struct timed_rows {
    static_assert(in_tenths(Rules, Fallback), "timeouts in tenths of a second");
    static constexpr auto table = timed(Raw, Rules, Fallback);
};

// A row as firmware holds it: 6 bytes, its arguments in the table's pool (a row's list ends with
// src::end; rows with the same list, or one list ending another, share its bytes), its command by index.
struct step_row {
    op_kind kind{};
    when cond{};
    std::uint8_t data = 0;     // src of the data sent after '>', or src::end
    std::uint8_t args = 0;     // where its arguments start in the pool
    std::uint8_t which = 0;    // its at::form, | await_bit: command_step::await_if_qos
    std::uint8_t command = 0;  // its command's index in the table's commands

    static constexpr std::uint8_t await_bit = 0x80;
};

// A command as the packing records it: its name, selector and words at `text` in the table's text, the
// indexes of its parameters at `params` in the table's param_index (each distinct parameter once in the
// table's params), its timeout (command_step::timeout) and late result.
struct step_command_row {
    std::uint16_t text = 0;
    std::uint16_t timeout = 0;
    std::uint8_t params = 0;
    std::uint8_t result = no_line;
};

// A command as firmware holds it: its sizes and forms (the writer's row_shape), then the above.
struct step_command_shape {
    at::row_shape shape;
    step_command_row at;
};

// A driver's rows as the step writer reads them (kept_rows<...>::table).
struct step_rows {
    span<const step_row> rows;
    const std::uint8_t* pool;
    const step_command_shape* commands;
    const std::uint8_t* param_index;
    const at::packed_param* params;
    const char* text;
    // value_of for the sources its rows name (a constant: the call is direct)
    at::value (*value)(std::uint8_t, const op_state&, const std::int32_t (&)[4]) noexcept;
    std::uint8_t forms;  // the forms its rows write (at::form bits: set, execute)
    std::uint8_t uses;   // what any of its rows does (the bits below): constants to the step writer, which
                         // links no code for what none does

    static constexpr std::uint8_t sends_data = 1,  // data after '>'
        may_refuse = 2,                            // a condition that refuses (when::unsupported_if_number3)
        negates = 4,                               // a condition negated
        awaits = 8,                                // command_step::await_if_qos
        scales = 16,                               // a timeout that follows the packet timing
        repeats = 32,                              // a command with a repeated group
        selects = 64,                              // a command with a selector
        bare_selector = 128;                       // ... written without quotes
};

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

inline constexpr std::size_t max_pool = 256;         // a row's `args` is one byte
inline constexpr std::size_t max_step_params = 8;    // the most parameters of a command a row names
inline constexpr std::size_t max_step_commands = 32;
inline constexpr auto set_form = static_cast<std::uint8_t>(at::form::set);
inline constexpr auto execute_form = static_cast<std::uint8_t>(at::form::execute);

using step_numbers = std::int32_t[4];

// The most arguments a row writes: a subscribe's id and slot, then a topic and QoS per filter.
inline constexpr std::size_t max_step_args = 2 + 2 * max_granted;

static_assert(static_cast<int>(mqtt::protocol_level::v3_1) == 3 && static_cast<int>(mqtt::protocol_level::v3_1_1) == 4,
              "src::level writes the level's value");

// The value of source `s` (not a repeated one) for `op`. Used: the sources a table names (bit s), the
// others' cases get a label `s` never has (out of a byte's range), so their code is not linked.
template <std::uint64_t Used>
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
    constexpr auto on = [](std::uint8_t x) { return ((Used >> x) & 1) != 0 ? int{x} : 0x100 + x; };
    switch (static_cast<int>(s)) {  // (an int: the labels out of its range are not the byte's)
        case on(src::packet_id): i = op.packet_id; break;
        case on(src::qos): i = static_cast<int>(op.qos); break;
        case on(src::retain): i = op.retain ? 1 : 0; break;
        case on(src::topic): t = op.topic; k = as::text; break;
        case on(src::payload): t = op.payload; k = as::text; break;
        case on(src::payload_length): i = static_cast<std::int32_t>(op.payload.size()); break;
        case on(src::recv_id): i = op.recv_id; break;
        case on(src::payload_hex): t = op.payload; k = as::binary; break;
        case on(src::empty_hex): k = as::binary; break;
        case on(src::level): i = static_cast<int>(o->level); break;  // 3 or 4: the enum's values
        case on(src::level_text):  // sized views: no strlen linked
            t = o->level == mqtt::protocol_level::v3_1 ? bytes("3.1", 3) : bytes("3.1.1", 5);
            k = as::text;
            break;
        case on(src::keep_alive): i = o->keep_alive_s; break;
        case on(src::clean): i = o->clean_session ? 1 : 0; break;
        case on(src::host): t = o->host; k = as::text; break;
        case on(src::port): i = o->port; break;
        case on(src::client_id): t = o->client_id; k = as::text; break;
        case on(src::user_or_omit): t = o->username; k = o->username_flag ? as::text : as::omitted; break;
        case on(src::password_with_user): t = o->password; k = o->username_flag ? as::text : as::omitted; break;
        case on(src::user): t = o->username_flag ? o->username : bytes{}; k = as::text; break;
        case on(src::password): t = o->password_flag ? o->password : bytes{}; k = as::text; break;
        case on(src::will_flag): i = o->will_flag ? 1 : 0; break;
        case on(src::will_qos): i = static_cast<int>(o->will.qos); break;
        case on(src::will_retain): i = o->will.retain ? 1 : 0; break;
        case on(src::will_topic): t = o->will.topic; k = as::text; break;
        case on(src::will_payload): t = o->will.payload; k = as::text; break;
        case on(src::will_payload_hex): t = o->will.payload; k = as::binary; break;
        case on(src::will_length): i = static_cast<std::int32_t>(o->will.payload.size()); break;
        case on(src::tls_flag): i = o->tls_context >= 0 ? 1 : 0; break;
        case on(src::noted): i = op.driver_notes & 1; break;
        case on(src::recovering): i = op.recovering ? 1 : 0; break;
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

// A driver's rows less those of the engine's parts a program leaves out (at_client's Features): the reads
// of the modem's cache (op_kind::read_cache) without `cache`, the recovery ladder's further rungs
// (when::recovering) without `recovery`.
constexpr bool row_kept(const command_step& r, bool cache, bool recovery) noexcept {
    return (cache || r.kind != op_kind::read_cache) && (recovery || r.cond != when::recovering);
}

// The rows packed at compile time, before their sizes are known (kept_rows copies them out).
struct step_packing {
    std::size_t rows = 0, pool = 0, commands = 0, refs = 0, params = 0, text = 0;
    std::uint8_t forms = 0, uses = 0;
    std::uint64_t sources = 0;  // bit s: a row names source s (an argument, its data or its condition)
    bool fits = true;  // every bound below held, the rows of one command share its timeout and result, and
                       // each row writes the set or the execute form
    step_row row[64]{};
    std::uint8_t pool_bytes[max_pool + sizeof command_step{}.args + 1]{};
    step_command_row command[max_step_commands]{};
    const at::command* source[max_step_commands]{};
    std::uint8_t param_index[256]{};
    at::packed_param param[128]{};
    char text_bytes[1024]{};
};

constexpr bool same_param(const at::packed_param& a, const at::packed_param& b) noexcept {
    return a.max == b.max && a.min == b.min && a.words == b.words && a.words_len == b.words_len && a.kind == b.kind;
}

// Command `c` packed into `p`: its text, its parameters (each distinct one once: one without words or
// default does not depend on where its command's text is), its timeout and late result.
constexpr void pack_command(step_packing& p, const command_step& c) noexcept {
    at::packed_param own[max_step_params]{};
    char text[256]{};
    const bool narrow = c.command->params.size() <= max_step_params;
    const at::detail::packed_sizes z = narrow ? at::detail::pack_row(*c.command, {}, own, nullptr, text) : at::detail::packed_sizes{256, 0};
    step_command_row& out = p.command[p.commands];
    p.source[p.commands++] = c.command;
    out = {static_cast<std::uint16_t>(p.text), c.timeout, static_cast<std::uint8_t>(p.refs), c.result};
    p.fits = p.fits && z.text < 256 && p.text + z.text <= sizeof p.text_bytes;
    for (std::size_t i = 0; p.fits && i < z.text; ++i) p.text_bytes[p.text++] = text[i];
    for (std::size_t k = 0; p.fits && k < c.command->params.size(); ++k) {
        at::packed_param q = own[k];
        if (q.words_len == 0 && (q.kind >> 5u & at::field_spec::default_bit) == 0) q.words = 0;
        std::size_t d = 0;
        while (d < p.params && !same_param(p.param[d], q)) ++d;
        if (d == p.params && p.params < sizeof p.param / sizeof p.param[0]) p.param[p.params++] = q;
        p.fits = d < p.params && p.refs < sizeof p.param_index;
        if (p.fits) p.param_index[p.refs++] = static_cast<std::uint8_t>(d);
    }
}

// The rows of `spec` kept (row_kept), packed.
constexpr step_packing pack_steps(span<const command_step> spec, bool cache, bool recovery) noexcept {
    step_packing p{};
    for (const command_step& r : spec) {
        if (!row_kept(r, cache, recovery)) continue;
        std::size_t c = 0;
        while (c < p.commands && p.source[c] != r.command) ++c;
        if (c == p.commands && p.commands < max_step_commands) pack_command(p, r);
        p.fits = p.fits && c < p.commands && p.rows < sizeof p.row / sizeof p.row[0] && p.pool <= max_pool &&
                 p.command[c].timeout == r.timeout && p.command[c].result == r.result;
        if (!p.fits) break;
        const std::size_t at = add_args(p.pool_bytes, p.pool, r.args, arg_count(r));
        p.forms = static_cast<std::uint8_t>(p.forms | static_cast<std::uint8_t>(r.which));
        const auto cond = static_cast<std::uint8_t>(r.cond);
        const at::command& m = *r.command;
        for (std::size_t k = 0; k < arg_count(r); ++k) p.sources |= std::uint64_t{1} << (r.args[k] & 63u);
        p.sources |= std::uint64_t{1} << (r.data & 63u) | std::uint64_t{1} << (cond & ~src::negated & 63u);
        using u = step_rows;
        p.uses = static_cast<std::uint8_t>(
            p.uses | (r.data != src::end ? u::sends_data : 0) | (r.cond == when::unsupported_if_number3 ? u::may_refuse : 0) |
            (cond < src::literal && (cond & src::negated) != 0 ? u::negates : 0) | (r.await_if_qos ? u::awaits : 0) |
            (r.timeout >= command_step::scaled ? u::scales : 0) | (m.repeat != 0 ? u::repeats : 0) |
            (!m.selector.empty() ? u::selects : 0) | (!m.selector.empty() && !m.selector_quoted() ? u::bare_selector : 0));
        p.fits = p.fits && (r.which == at::form::set || r.which == at::form::execute);
        p.row[p.rows++] = {r.kind, r.cond, r.data, static_cast<std::uint8_t>(at),
                           static_cast<std::uint8_t>(static_cast<std::uint8_t>(r.which) | (r.await_if_qos ? step_row::await_bit : 0)),
                           static_cast<std::uint8_t>(c)};
    }
    return p;
}

// The rows of `Spec` (a driver's steps) kept without the parts a program leaves out, packed: `table`.
template <const auto& Spec, bool Cache, bool Recovery>
struct kept_rows {
    static constexpr step_packing packed = pack_steps(Spec.rows, Cache, Recovery);
    static_assert(packed.fits, "a driver's rows fit the packed step table (bounds in client/detail/steps.hpp)");

    template <std::size_t R, std::size_t P, std::size_t I, std::size_t D, std::size_t T>
    struct data_t {
        step_row rows[R]{};
        std::uint8_t pool[P]{};
        std::uint8_t param_index[I]{};
        at::packed_param params[D]{};
        char text[T]{};
    };
    using data_type = data_t<packed.rows, packed.pool, packed.refs, packed.params, packed.text>;
    static constexpr data_type make() noexcept {
        data_type t{};
        for (std::size_t i = 0; i < packed.rows; ++i) t.rows[i] = packed.row[i];
        for (std::size_t i = 0; i < packed.pool; ++i) t.pool[i] = packed.pool_bytes[i];
        for (std::size_t i = 0; i < packed.refs; ++i) t.param_index[i] = packed.param_index[i];
        for (std::size_t i = 0; i < packed.params; ++i) t.params[i] = packed.param[i];
        for (std::size_t i = 0; i < packed.text; ++i) t.text[i] = packed.text_bytes[i];
        return t;
    }
    static constexpr data_type data = make();
    template <std::size_t... I>
    static constexpr std::array<step_command_shape, sizeof...(I)> commands_of(std::index_sequence<I...>) noexcept {
        return {{step_command_shape{at::row_shape(*packed.source[I], 0, false), packed.command[I]}...}};
    }
    static constexpr std::array<step_command_shape, packed.commands> commands =
        commands_of(std::make_index_sequence<packed.commands>{});
    static constexpr step_rows table{{data.rows, packed.rows}, data.pool, commands.data(), data.param_index, data.params, data.text,
                                     &value_of<packed.sources>, packed.forms, packed.uses};
};

// Whether a row with condition `w` is sent for `op`: yes, no (skipped), or the request refused
// (the table's step_rows::uses say which conditions it has).
constexpr result<bool> applies(when w, const op_state& op, const step_numbers& n, const step_rows& table) noexcept {
    const std::uint8_t uses = table.uses;
    if ((uses & step_rows::may_refuse) != 0 && w == when::unsupported_if_number3) {
        if (n[3] != 0) return {errc::client_unsupported_option, 0};
        return false;
    }
    const auto c = static_cast<std::uint8_t>(w);
    const bool negated = (uses & step_rows::negates) != 0 && c < src::literal && (c & src::negated) != 0;
    const auto s = static_cast<std::uint8_t>(negated ? c & ~src::negated : c);
    return !table.value(s, op, n).within(0, 0) != negated;  // every condition's source is an integer
}

// What write_step builds a command's row from before it gives the row its own shape.
inline constexpr at::command no_command{};

// The command of step `step` of `op` from `table` (the step-th row of op.kind), or of the first row after
// it that is sent (st.step: the row written): written into st.out with its data behind it; st.end when
// none is left. Every command goes through the core writer, checked by its row (a dialect with narrower
// limits gives the client rows of its own: OneMO's hex message).
// S: the dialect's syntax, as a type to the writer (only its escape rule and tolerances linked).
template <const at::syntax& S>
constexpr status write_step(step_rows table, const op_state& op, std::uint8_t step, const step_numbers& n,
                            packet_timing timing, step_out& st) noexcept {
    const step_row* found = nullptr;
    std::uint8_t seen = 0;
    for (const step_row& r : table.rows) {
        if (r.kind != op.kind || seen++ < step) continue;
        const result<bool> sent = applies(r.cond, op, n, table);
        if (!sent) return {sent.error(), 0};
        if (*sent) {
            found = &r;
            break;
        }
    }
    if (found == nullptr) {
        st.end = true;
        return {};
    }
    const step_row& r = *found;
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
            v[count++] = table.value(*a, op, n);
        }
    }
    const bytes data = (table.uses & step_rows::sends_data) != 0 ? table.value(r.data, op, n).as_bytes() : bytes{};  // src::end: none
    st.step = static_cast<std::uint8_t>(seen - 1);
    st.await_result = (table.uses & step_rows::awaits) != 0 && (r.which & step_row::await_bit) != 0 &&
                      op.qos != mqtt::qos::at_most_once;
    // A row writes the set or the execute form (pack_steps takes no other): a table of one form makes it a
    // constant, and either way the writer links no code for the test and read forms.
    const at::form which = (table.forms & execute_form) != 0 && (r.which & ~step_row::await_bit) != set_form
                               ? at::form::execute : at::form::set;
    // The command's row for the writer: its shape, text and its parameters gathered from the table's.
    const step_command_shape& command = table.commands[r.command];
    const at::row_shape& shape = command.shape;
    const step_command_row& c = command.at;
    at::packed_param params[max_step_params]{};
    for (std::size_t k = 0; k < shape.count; ++k) params[k] = table.params[table.param_index[c.params + k]];
    at::packed_row row(params, nullptr, 0, table.text + c.text, no_command);
    static_cast<at::row_shape&>(row) = shape;
    row.forms = static_cast<std::uint8_t>(row.forms & ~at::row_shape::table_bit);  // packed, as every shape here
    if ((table.uses & step_rows::repeats) == 0) row.repeat = row.repeat_min = row.repeat_max = 0;
    if ((table.uses & step_rows::selects) == 0) row.selector_len = 0;
    if ((table.uses & step_rows::bare_selector) == 0) row.forms = static_cast<std::uint8_t>(row.forms | at::row_shape::quoted_bit);
    at::detail::line_cursor cursor(st.out);
    const result<std::size_t> line =
        at::detail::write_into(cursor, at::fixed_syntax<S>{}, row, which, span<const at::value>(v, count));
    st.result = c.result;
    return stage(st, line, row.name(), (table.uses & step_rows::scales) != 0 ? timeout_of(c.timeout, timing) : c.timeout * tenth_ms, data);
}

// Every row's late result is one of the client's `lines` (client/detail/lines.hpp): a driver's rows
// (step_spec), or those kept (kept_rows<...>::table).
template <std::size_t N, class Lines>
constexpr bool results_within(const step_spec<N>& spec, const Lines& lines) noexcept {
    for (const command_step& s : spec.rows)
        if (s.result != no_line && lines.index_of(s.result) == lines.size) return false;
    return true;
}
template <class Lines>
constexpr bool results_within(step_rows table, const Lines& lines) noexcept {
    for (const step_row& s : table.rows) {
        const std::uint8_t r = table.commands[s.command].at.result;
        if (r != no_line && lines.index_of(r) == lines.size) return false;
    }
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
