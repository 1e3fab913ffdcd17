// tokenizer<LineCapacity>: bytes from the modem in, events out (lines, '>' prompts, raw data blocks,
// errors). Incremental and allocation-free: feed() a chunk of any size, then call next() until it returns
// an event of kind none; then feed the next chunk.
//
//     at::tokenizer<256> tok(dialect_payload_rules);
//     tok.feed(chunk);
//     while (auto ev = tok.next()) { ... }
//
// On a rule table and syntax fixed at compile time the tokenizer links no code for what they do not use
// (selectors, shape guards, optional lengths, payload forms, tolerances, escapes); the same events:
//
//     at::tokenizer<256, at::grammar_rules<quectel::grammar>> tok;  // a grammar's rules and syntax (at/grammar.hpp)
//
// (Any class with static constexpr rules() and lexical() serves as that table.)
//
// Lines end at CR LF, a lone LF or a lone CR; a CR LF pair split across chunks is one terminator. Empty
// and whitespace-only lines are dropped. A '>' at the start of a line is a prompt at once (modems send
// no terminator after it); one space right after it belongs to the prompt. A line whose prefix matches a
// payload_rule switches to counting bytes after its length field, whatever they contain, then returns to
// line mode for the rest of the line. (Whitespace: spaces and tabs, with or without rules.) The only state
// besides the line buffer is 16 bytes of counters and flags, plus the rule table and the current chunk the
// caller handed in.
//
// Decisions worth knowing:
// - A line longer than LineCapacity is reported once (at_line_too_long, text = the head the buffer held)
//   and everything up to the next line end is dropped. A line of exactly LineCapacity bytes is fine.
// - A payload that cannot fit the buffer is reported the same way; exactly its announced bytes are
//   skipped (so CR/LF inside it cannot fake lines), then the rest of the line. So is a payload line
//   whose fields before the length already overflow (a long topic): after the report the fields are
//   still scanned, holding only the current one, to find the length and skip the payload by count.
// - After a line that ended with CR, one LF is swallowed, and after a prompt one space; both also at the
//   start of an expect_data() block (a modem's "> " before the echo of the data the host sends).
// - Length fields are plain decimal digits (spaces around them allowed); anything else is "no length":
//   with length_optional the payload is the rest of the line, otherwise the line is reported as an
//   error (at_invalid_integer / at_integer_overflow) and dropped.
// - With the fast paths (ATMQTT_AT_FAST_PATHS) a line that lies wholly in the current chunk is
//   reported as a view into that chunk, not copied into the buffer (event.hpp: either may be the case;
//   the view stays valid until the next call to next(), feed() or reset()).
// - One byte at a time (push(), or feed() of one-byte chunks and next()), a byte that only joins the
//   line costs two compares and a store (took_in_lane(): a lane kept where payload_end_ is unused).
//   Compiling for size (ATMQTT_AT_FAST_PATHS off) every byte takes the general rules instead.
// - An announced length that never arrives leaves the tokenizer waiting; the caller's timeout calls
//   reset(). mid_payload() and pending() tell whether it is waiting for counted bytes.
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/detail/scan_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

// push()'s inline path (ATMQTT_AT_FAST_PATHS, at/fields.hpp) is left out when compiling for size: there
// every pushed byte takes the general rules, which give the same events.
#if defined(__GNUC__)
#define ATMQTT_TOKENIZER_OUT_OF_LINE __attribute__((noinline))
#else
#define ATMQTT_TOKENIZER_OUT_OF_LINE
#endif
// The per-event and per-byte steps inlined into their one caller when optimising (g++ -O2 kept them
// apart, a call and a prologue per line or byte); not at -O0, where forced copies would only multiply
// the branches a coverage build counts.
#if defined(__GNUC__) && defined(__OPTIMIZE__)
#define ATMQTT_TOKENIZER_INLINE __attribute__((always_inline))
#else
#define ATMQTT_TOKENIZER_INLINE
#endif
// Steps with one caller kept inside it when compiling for size (-Os): 98 B less than their calls.
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
#define ATMQTT_TOKENIZER_INLINE_SMALL __attribute__((always_inline))
#else
#define ATMQTT_TOKENIZER_INLINE_SMALL
#endif

ATMQTT_BEGIN_NAMESPACE
namespace at {

namespace detail {

constexpr bool is_line_end(char c) noexcept { return c == '\r' || c == '\n'; }

// The bytes the tokenizer's header and field watching may act on, under any options: line ends, ':',
// '=', ',', '"', '\\' and the last bytes of the full-width colon and comma. A byte table (256 B of
// read-only data): one load and compare per byte in the bulk loops.
inline constexpr auto watched =
    byte_set({'\r', '\n', ':', '=', ',', '"', '\\', fullwidth_colon_last, fullwidth_comma_last});
constexpr bool may_act_on(char c) noexcept { return watched[static_cast<unsigned char>(c)] != 0; }

// Every byte value once, in order: push()'s one-byte chunks point here.
inline constexpr auto byte_values = [] {
    std::array<char, 256> of{};
    for (std::size_t i = 0; i < 256; ++i) of[i] = static_cast<char>(static_cast<unsigned char>(i));
    return of;
}();

// A length field: decimal digits only, at most 2^32 - 1, blanks around them allowed.
constexpr result<std::uint32_t> parse_length(bytes b) noexcept {
    b = trim_blanks(b);
    if (b.empty()) return {errc::at_invalid_integer, 0};
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        char c = b[i];
        if (c < '0' || c > '9') return {errc::at_invalid_integer, i};
        std::uint32_t d = static_cast<std::uint32_t>(c - '0');
        if (v > 429496729u || (v == 429496729u && d > 5u)) return {errc::at_integer_overflow, i};  // > 2^32 - 1
        v = v * 10u + d;
    }
    return v;
}

// What a payload rule table uses: for a table fixed at compile time the tokenizer links no code for the
// rest (uses_of, below); for a run-time table (the default) it assumes everything.
struct table_uses {
    bool selectors = true, guards = true, optional_lengths = true;
    bool one_shape = false;  // every rule has rule 0's length field, length_optional, form and guard
    bool shared_prefixes = true;  // two rules have one prefix (their selectors tell them apart)
    payload_form form{};     // the form of every rule; 0 when they differ
};

// The default Table of tokenizer<N, Table>: rules and syntax handed to the constructor, kept here (a
// base of the tokenizer): rules() and lexical() read members here, constants on a fixed table.
struct rules_at_run_time {
    span<const payload_rule> rules_{};
    syntax syntax_{};
    constexpr span<const payload_rule> rules() const noexcept { return rules_; }
    constexpr syntax lexical() const noexcept { return syntax_; }
};
// What Table's rules use (a run-time table: everything).
template <class Table>
constexpr table_uses uses_of() noexcept {
    table_uses uses{};
    if constexpr (!std::is_same<Table, rules_at_run_time>::value) {
        const span<const payload_rule> rules = Table::rules();
        uses = {false, false, false, !rules.empty(), false, rules.empty() ? payload_form{} : rules[0].form};
        for (const payload_rule& r : rules) {
            for (const payload_rule& other : rules) uses.shared_prefixes |= &other != &r && other.prefix == r.prefix;
            uses.selectors = uses.selectors || !r.selector.empty();
            uses.guards = uses.guards || r.quoted_field != no_quoted_field;
            uses.optional_lengths = uses.optional_lengths || r.length_optional;
            uses.one_shape = uses.one_shape && r.length_field == rules[0].length_field && r.quoted_field == rules[0].quoted_field &&
                             r.length_optional == rules[0].length_optional && r.form == rules[0].form;
            if (r.form != uses.form) uses.form = payload_form{};
        }
    }
    return uses;
}

// A field opens with '"' after any blanks (a payload_rule's shape guard).
constexpr bool starts_quoted(bytes field) noexcept {
    std::size_t i = 0;
    while (i < field.size() && field[i] == ' ') ++i;
    return i < field.size() && field[i] == '"';
}

}  // namespace detail

template <std::size_t LineCapacity, class Table = detail::rules_at_run_time>
class tokenizer : private Table {
    static_assert(LineCapacity >= 8, "a line buffer shorter than 8 bytes cannot hold a result code");
    static_assert(LineCapacity <= 0xFFFF, "line positions are 16-bit");

    using pos_t = std::uint16_t;
    static constexpr detail::table_uses uses_ = detail::uses_of<Table>();

public:
    // A run-time table: these rules and this syntax (not on a fixed Table: it has no syntax to set).
    constexpr explicit tokenizer(span<const payload_rule> rule_table, syntax lexical_options = {}) noexcept
        : Table{rule_table, lexical_options} {}
    // No rules and the default syntax, or the fixed Table's.
    constexpr tokenizer() noexcept = default;

    // Hands in the next chunk. The chunk must stay alive (and unchanged) until next() has returned an
    // event of kind none. at_busy when the previous chunk still has unread bytes (nothing is replaced).
    constexpr status feed(bytes chunk) noexcept {
        if (unread() != 0) return {errc::at_busy, unread()};
        chunk_ = chunk;
        pos_ = 0;
        if (ATMQTT_AT_FAST_PATHS && chunk.size() != 1) close_lanes();  // the general rules take this chunk
        return {};
    }

    // The next event from the bytes fed so far, or an event of kind none when they are used up.
    constexpr event next() noexcept {
        if (ATMQTT_AT_FAST_PATHS && unread() == 1) {  // one byte at a time feeding
            if (!took_in_lane(chunk_[pos_])) return next_of_one_byte();
            ++pos_;  // the byte only joined the line
            return event{};
        }
        return next_of_chunk();
    }

    // One byte at a time without a chunk: true when `c` completed an event, which is then in `ev` (call
    // next() until it returns none before the next push(): the same byte may complete a second one);
    // false when the byte only joined what is pending. The same events as feed() of a one-byte chunk
    // and next(). With bytes of a fed chunk still unread nothing is taken: `ev` is an error event with
    // at_busy and the unread count as offset. A byte that only joins a line (most of them) costs a few
    // instructions, inline, and no event is built for it.
    ATMQTT_TOKENIZER_INLINE constexpr bool push(char c, event& ev) noexcept {
        if (ATMQTT_AT_FAST_PATHS && pos_ == chunk_.size()) {
            if (took_in_lane(c)) return false;
            const took how = took_byte(c, ev);
            if (how != took::no) return how == took::reported;
        }
        return push_slow(c, ev);
    }

private:
    using Table::lexical;  // the syntax and the rules (constants on a fixed table)
    using Table::rules;
    // The matched rule; for a fixed table whose rules have one shape, rule 0 (its fields are constants).
    constexpr const payload_rule& rule() const noexcept { return rules()[uses_.one_shape ? 0 : rule_]; }
    // The matched rule's payload form (a constant when every rule of a fixed table has the same).
    constexpr payload_form form() const noexcept { return uses_.form != payload_form{} ? uses_.form : rule().form; }
    constexpr bool no_rules() const noexcept { return rules().empty(); }

    ATMQTT_TOKENIZER_INLINE constexpr event next_of_chunk() noexcept {
        event ev{};
        advance(ev);  // nothing when the chunk is used up (its loop's test)
        return ev;
    }

    // next() of a one-byte chunk that the lane leaves: took_byte(), or the general rules.
    ATMQTT_TOKENIZER_OUT_OF_LINE constexpr event next_of_one_byte() noexcept {
        event ev{};
        if (took_byte(chunk_[pos_], ev) != took::no) {
            ++pos_;
        } else {
            by_general_rules(ev);
        }
        return ev;
    }

    // A one-byte chunk that took_byte() leaves: the general rules, between closing the line's lane and
    // opening it again.
    constexpr void by_general_rules(event& ev) noexcept {
        if (ATMQTT_AT_FAST_PATHS) close_lanes();
        advance(ev);
        if (ATMQTT_AT_FAST_PATHS) open_lanes();
    }

    // push() through the general rules (push() tried the lane and took_byte()): the byte becomes a
    // one-byte chunk, a view of its value in a table of every byte value (so the tokenizer holds no copy
    // of it, and stays copyable).
    ATMQTT_TOKENIZER_OUT_OF_LINE constexpr bool push_slow(char c, event& ev) noexcept {
        ev = event{};
        if (unread() != 0) {
            ev.kind = event_kind::error;
            ev.error = errc::at_busy;
            ev.offset = unread();
            return true;
        }
        chunk_ = bytes(&detail::byte_values[static_cast<unsigned char>(c)], 1);
        pos_ = 0;
        by_general_rules(ev);
        return static_cast<bool>(ev);
    }

    // The lane (ATMQTT_AT_FAST_PATHS): one byte at a time, a byte that only joins the line is appended
    // after two compares, whatever the state. payload_end_ is never above len_ while it means a cut
    // payload's end; above it, it is the end of the lane. While a payload is counted it is the index of
    // its last byte (for the general rules too), so every byte outside the watched set but the last
    // joins there. In a started line in collect mode with no escape pending, where no payload has been
    // cut yet (so the member is unused), the lane is opened after a byte of the general rules up to the
    // buffer's end. A byte the lane leaves takes took_byte() or the general rules, which close the line's
    // lane and open it again after the byte.
    enum class took : std::uint8_t { no, joined, reported };

    ATMQTT_TOKENIZER_INLINE constexpr bool took_in_lane(char c) noexcept {
        const pos_t n = len_;
        if (n >= payload_end_ || detail::may_act_on(c)) return false;
        buf_[n] = c;
        len_ = static_cast<pos_t>(n + 1u);
        return true;
    }

    // The bytes the lane leaves that are common enough to be taken inline too (the rest go to the
    // general rules: a payload's opening, watched and last bytes, escapes, overflow, ...): a line end,
    // the LF after a CR or the space after a prompt, a line's first byte (which opens the lane; a '>' is
    // a prompt), a watched byte of a line no rule watches, a watched line's colon, and the quotes and
    // commas of its fields. `reported`: ev holds an event (all of it written).
    ATMQTT_TOKENIZER_INLINE constexpr took took_byte(char c, event& ev) noexcept {
        const pos_t n = len_;
        if (mode_ != mode::collect) return took::no;
        if (swallow_ != 0) {  // between lines: the byte after a CR or a prompt
            if (c == swallow_) {
                swallow_ = 0;
                return took::joined;
            }
            return c == '\r' && swallow_ == '\n' ? took::joined : took::no;  // an empty line: the CR stays pending
        }
        if (detail::is_line_end(c)) {
            if (c == '\r') swallow_ = '\n';
            if (n == 0) return took::joined;  // an empty line: nothing to report, nothing to reset
            ev = event{};
            finish_line(ev);
            return ev ? took::reported : took::joined;
        }
        if (n == 0) {
            if (c == '>') {  // a prompt, as on_line_bytes() reports it
                ev = event{};
                report_prompt(ev, ">");
                return took::reported;
            }
            if (detail::may_act_on(c)) return took::no;
            if (scan_ == scan::header) {  // watching stays on while some prefix can begin with c
                if (!has(plain_prefixes)) return took::no;
                scan_ = scan::off;
                for (const payload_rule& r : rules()) {
                    if (r.prefix[0] == c) scan_ = scan::header;
                }
            }
            append(c);
            payload_end_ = static_cast<pos_t>(LineCapacity);
            return took::joined;
        }
        if (n >= payload_end_) return took::no;  // no lane (a full buffer, an escape, ...)
        if (!watching()) {
            append(c);  // nothing watches the line
        } else if (scan_ == scan::fields && (c == '"' || c == ',')) {
            take_quote_or_comma(ev, c);
            if (mode_ == mode::skip_line) return took::reported;  // a bad length: fail_line()
            if (mode_ != mode::collect) payload_end_ = 0;  // the payload opens: the general rules
        } else if (scan_ == scan::header && c == ':') {
            append(c);
            scan_byte(ev, c);  // the name against the rules' prefixes (no event)
        } else {
            return took::no;
        }
        return took::joined;
    }

    constexpr void close_lanes() noexcept {
        if (mode_ == mode::collect && !has(has_payload)) payload_end_ = 0;
    }

    constexpr void open_lanes() noexcept {
        if (mode_ == mode::collect && len_ != 0 && (flags_ & (has_payload | escaped)) == 0)
            payload_end_ = static_cast<pos_t>(LineCapacity);
    }

    // The dispatch of next(): one event at most, or the chunk used up. Out of line, so that next()'s
    // path for one more ordinary byte stays a few instructions.
    ATMQTT_TOKENIZER_OUT_OF_LINE constexpr void advance(event& ev) noexcept {
        while (pos_ < chunk_.size()) {
            if (swallow_ != 0) {  // the LF after a CR, the space after a prompt
                const char swallowed = swallow_;
                swallow_ = 0;
                if (chunk_[pos_] == swallowed) {
                    ++pos_;
                    continue;
                }
            }
            switch (mode_) {
                case mode::collect:
                case mode::header_skip: on_line_bytes(ev); break;
                case mode::skip_line: on_skip_line_byte(); break;
                case mode::payload_open:
                case mode::skip_payload_open: on_payload_open(ev); break;
                case mode::payload_count: on_payload_bytes(); break;
                case mode::payload_close:  // never, when every rule's payload is bare: no code for it
                    if constexpr (uses_.form != payload_form::bare) on_payload_close(ev);
                    break;
                case mode::skip_count:
                case mode::data_block: on_counted(ev); break;
            }
            if (ev) break;
        }
    }

public:

    // Announces a raw data block of n bytes that starts with the next byte (after the LF of a CR LF
    // whose CR ended the previous line). It is returned as data events pointing into the chunks.
    // at_busy unless the tokenizer is between lines.
    constexpr status expect_data(std::size_t n) noexcept {
        if (mode_ != mode::collect || len_ != 0) return {errc::at_busy, len_};
        if (n > 0xFFFFFFFFu) return {errc::out_of_range, 0};
        if (n == 0) return {};
        remaining_ = static_cast<std::uint32_t>(n);
        mode_ = mode::data_block;
        return {};
    }

    // Forgets the partial line, any payload or data block in progress and the unread rest of the chunk.
    constexpr void reset() noexcept {
        pos_ = chunk_.size();
        swallow_ = 0;
        remaining_ = 0;
        start_line();
    }

    // True while counting announced bytes (a payload, a payload being skipped, or a data block).
    constexpr bool mid_payload() const noexcept { return mode_ >= mode::payload_open; }
    // Announced bytes still expected (the closing quote of a quoted payload not included).
    constexpr std::size_t pending() const noexcept {
        if (mode_ == mode::payload_count) return payload_end_ + 1u - len_;
        return mid_payload() ? remaining_ : 0;
    }
    // True between lines: nothing of a line, payload or block is buffered or expected.
    constexpr bool idle() const noexcept { return mode_ == mode::collect && len_ == 0; }
    // Unread bytes of the current chunk.
    constexpr std::size_t unread() const noexcept { return chunk_.size() - pos_; }

private:
    enum class mode : std::uint8_t {  // from payload_open on: counting announced bytes (mid_payload())
        collect,
        skip_line,
        header_skip,  // a payload line's header overflowed: scanning on for its length, holding one field
        payload_open,
        payload_count,
        payload_close,
        skip_payload_open,  // the length of an overflowed line is known: skip its payload's bytes
        skip_count,
        data_block
    };
    enum class scan : std::uint8_t { off, header, fields, rest_is_payload };
    enum flag_bits : std::uint8_t {
        plain_prefixes = 1,  // configuration: the table is valid (validate()), so its prefixes hold no byte
                             // the header watcher would end a name at: a line starting with a prefix and a
                             // colon has exactly that prefix as its name
        in_quote = 4,       // scanning fields: inside "..."
        escaped = 8,        // scanning fields: the previous byte was a backslash escape
        has_payload = 64,   // payload_start_/payload_end_ describe this line's payload
        truncated = 128,    // header_skip: the current field lost bytes (too long to hold)
    };

    constexpr bool has(flag_bits f) const noexcept { return (flags_ & f) != 0; }
    constexpr void set(flag_bits f) noexcept { flags_ = static_cast<std::uint8_t>(flags_ | f); }
    constexpr void clear(flag_bits f) noexcept { flags_ = static_cast<std::uint8_t>(flags_ & ~f); }

    constexpr bytes buffered() const noexcept { return bytes(buf_, len_); }
    constexpr void append(char c) noexcept { buf_[len_++] = c; }

    // Per-line state back to "nothing seen"; the buffer's bytes stay readable until overwritten, so an
    // event built from them survives this call.
    constexpr void start_line(mode then = mode::collect) noexcept {
        len_ = 0;
        mark_ = 0;
        payload_end_ = 0;
        field_ = 0;
        rule_ = no_rule;
        scan_ = no_rules() ? scan::off : scan::header;
        flags_ = static_cast<std::uint8_t>(flags_ & plain_prefixes);
        mode_ = then;
    }

    // Reports the line held in the buffer (or drops it when blank) and starts the next one.
    constexpr void finish_line(event& ev) noexcept {
        if (!blank(buffered())) {
            ev.kind = event_kind::line;
            ev.text = buffered();
            ev.rule = rule_;
            std::size_t from = mark_;
            std::size_t to = payload_end_;
            // (Scanning ends, with a rule, where a payload opens.)
            const bool no_length = uses_.optional_lengths &&
                                   (scan_ == scan::rest_is_payload ||
                                    (scan_ == scan::fields && field_ == rule().length_field && rule().length_optional));
            if (no_length) {
                // The payload is everything from the length field's position to the line end, without the
                // quotes around it unless the rule's payload is bare.
                to = len_;
                if (form() != payload_form::bare && to - from >= 2 && buf_[from] == '"' && buf_[to - 1] == '"') {
                    ++from;
                    --to;
                }
            }
            if (no_length || has(has_payload)) {
                ev.payload = bytes(buf_ + from, to - from);
                ev.has_payload = true;
            }
        }
        start_line();
    }

    // A '>' at the start of a line (its byte at `at`): a prompt at once; one space after it is swallowed.
    constexpr void report_prompt(event& ev, const char* at) noexcept {
        swallow_ = ' ';
        ev.kind = event_kind::prompt;
        ev.text = bytes(at, 1);
    }

    // Reports the buffered head of a line that cannot be kept, then drops the rest of it: the announced
    // bytes first when its payload was opening (so they cannot fake lines), then up to the line end.
    ATMQTT_TOKENIZER_OUT_OF_LINE constexpr void fail_line(event& ev, errc e, std::size_t offset) noexcept {
        report_error(ev, e, offset);
        start_line(mode_ == mode::payload_open ? mode::skip_count : mode::skip_line);
    }

    // An error event with the buffered head of the line.
    constexpr void report_error(event& ev, errc e, std::size_t offset) const noexcept {
        if (ATMQTT_AT_FAST_PATHS) ev = event{};  // push()'s event may hold an older one (took_byte()); elsewhere fresh
        ev.kind = event_kind::error;
        ev.text = buffered();
        ev.error = e;
        ev.offset = offset;
        ev.rule = rule_;
    }

    // Collects line bytes until the line ends, a prompt or an error is reported, a payload starts or the
    // chunk runs out; one call per run of bytes keeps the per-byte work to a few compares.
    ATMQTT_TOKENIZER_INLINE constexpr void on_line_bytes(event& ev) noexcept {
        if (len_ == 0) {
            // Empty lines (a modem's CR LF before a response): dropped at once, each CR still swallowing
            // one LF, as finish_line() and advance() would (which they do when compiling for size).
            while (ATMQTT_AT_FAST_PATHS && detail::is_line_end(chunk_[pos_])) {
                if (chunk_[pos_++] == '\r' && pos_ < chunk_.size() && chunk_[pos_] == '\n') ++pos_;
                if (pos_ == chunk_.size()) {
                    if (chunk_[pos_ - 1] == '\r') swallow_ = '\n';
                    return;
                }
            }
            if (chunk_[pos_] == '>') return report_prompt(ev, chunk_.data() + pos_++);
            if (ATMQTT_AT_FAST_PATHS && line_in_chunk(ev)) return;
        }
        while (pos_ < chunk_.size()) {
            // The bulk paths only save instructions: compiling for size, every byte takes the loop's rules.
            if (ATMQTT_AT_FAST_PATHS && mode_ == mode::collect) {
                if (!watching()) {  // nothing to watch: the bytes up to the line end in bulk
                    const char* const from = chunk_.data() + pos_;
                    const std::size_t n = ::atmqtt::detail::find_line_end(from, take(LineCapacity - len_));
                    take_run(from, n);
                    if (pos_ == chunk_.size()) return;
                } else {
                    copy_watched_run(ev);  // a payload line's header: bulk, and its commas and quotes in place
                    if (ev || mode_ != mode::collect || pos_ == chunk_.size()) return;
                    if (!watching()) continue;
                }
            }
            char c = chunk_[pos_++];
            if (detail::is_line_end(c)) {
                if (c == '\r') swallow_ = '\n';
                if (mode_ == mode::header_skip) return start_line();  // no payload came: the overflow was reported
                return finish_line(ev);
            }
            if (len_ == LineCapacity) {
                if (mode_ == mode::header_skip) {
                    make_room();
                } else if (scan_ != scan::fields) {
                    return fail_line(ev, errc::at_line_too_long, LineCapacity);
                } else {
                    // A payload line's header: report it, but keep reading its fields for the length
                    // (the buffer is reused once the event is consumed, at the next byte).
                    --pos_;
                    mode_ = mode::header_skip;
                    return report_error(ev, errc::at_line_too_long, LineCapacity);
                }
            }
            append(c);
            if (watching()) {  // always while skipping: it ends when scanning stops
                scan_byte(ev, c);
                if (mode_ == mode::header_skip) {  // not the payload shape, or no length: a long line, no count
                    if (scan_ != scan::fields) return start_line(mode::skip_line);
                } else if (ev || mode_ != mode::collect) {  // an event, or the length (while skipping: no event)
                    return;
                }
            }
            if (!ATMQTT_AT_FAST_PATHS) return;  // for size: advance()'s loop takes the next byte
        }
    }

    // At the start of a line (len_ == 0 in collect mode, so every per-line member already holds
    // start_line()'s values): a line that lies wholly in the chunk and fits the buffer is reported as a
    // view into the chunk (event views may point there), with no copy and the same event and state as
    // the per-byte rules would give. True when it did something: an event, a blank line dropped, or a
    // payload line taken part of the way and handed over to the per-byte rules. False, with nothing done,
    // when the line goes on past the chunk or the buffer before anything was decided, or its name is
    // one the per-byte rules must read.
    ATMQTT_TOKENIZER_INLINE constexpr bool line_in_chunk(event& ev) noexcept {
        if (scan_ == scan::header) {
            if (!has(plain_prefixes)) return false;  // an invalid table: the per-byte rules read every name
            const char* const line = chunk_.data() + pos_;
            const std::size_t avail = unread();
            for (std::size_t k = 0; k < rules().size(); ++k) {
                const bytes prefix = rules()[k].prefix;
                if (prefix[0] != line[0]) continue;
                std::size_t i = 1;
                const std::size_t upto = take(prefix.size());
                while (i < upto && line[i] == prefix[i]) ++i;
                if (i < upto) continue;
                if (i == avail) return false;  // the chunk ends in the name
                const char c = line[i];
                if (c == ':') return payload_line_in_chunk(ev, static_cast<std::uint8_t>(k), i + 1);
                // Other colons, whatever the syntax (or the start of one, or a space before one): left to
                // the per-byte rules.
                if (c == '=' || c == ' ' || static_cast<unsigned char>(c) == detail::fullwidth_lead0)
                    return false;
                // any other byte: the name goes on, or the line has none; not this prefix
            }
            scan_ = scan::off;  // no prefix names the line: as the per-byte rules decide in the end
        }
        // An unwatched line: its end is found 8 bytes at a time; dropped when blank.
        if (!close_line_in_chunk(ev, 0, no_rule)) return false;
        if (blank(ev.text)) ev = event{};  // nothing to report
        return true;
    }

    // Ends a line that starts at pos_ at its first line end at or after `from`, when that is in the chunk
    // and the line fits the buffer: reports it (text and rule; the caller adds any payload) and is ready
    // for the next line. False, and nothing done, otherwise.
    constexpr bool close_line_in_chunk(event& ev, std::size_t from, std::uint8_t rule) noexcept {
        const char* const line = chunk_.data() + pos_;
        const std::size_t limit = take(LineCapacity + 1);
        if (from >= limit) return false;
        const std::size_t n = from + ::atmqtt::detail::find_line_end(line + from, limit - from);
        if (n == limit) return false;  // no line end in the chunk, or beyond the buffer's capacity
        pos_ += n + 1;
        if (line[n] == '\r') swallow_ = '\n';
        ev.kind = event_kind::line;
        ev.text = bytes(line, n);
        ev.rule = rule;
        scan_ = no_rules() ? scan::off : scan::header;  // the only member the fast paths change
        return true;
    }

    // A line named by rule `rule`'s prefix whose fields start at offset `i`: the fields, length
    // and payload are read straight from the chunk (one table lookup per byte outside quotes, 8 bytes at
    // a time inside them, nothing per payload byte). When the line cannot be finished here (it goes on
    // past the chunk, or takes a shape left to the per-byte rules: a backslash escape or full-width comma
    // among the fields, a length that is not a plain number, a payload that does not open or close as
    // its form wants, any overflow), what was read up to the last field boundary is handed over to the
    // per-byte rules in the state they would have there.
    constexpr bool payload_line_in_chunk(event& ev, std::uint8_t rule, std::size_t i) noexcept {
        const char* const line = chunk_.data() + pos_;
        const std::size_t limit = take(LineCapacity);  // bytes the line may use
        if (i > limit) return false;  // the name alone overflows: the per-byte rules report it
        std::uint8_t field = 0;
        std::size_t mark = i;  // start of the current field: a boundary where the fields can be handed over
        const payload_rule& matched = rules()[rule];
        const bool escapes = lexical().escape == quote_escape::backslash;
        for (;; ++i) {
            while (i < limit && !detail::may_act_on(line[i])) ++i;
            if (i < limit && line[i] == '"' && !escapes) {  // a quoted stretch: only its closing quote or a line end acts
                i += 1 + ::atmqtt::detail::find_line_end<true>(line + i + 1, limit - i - 1);
                if (i < limit && line[i] == '"') continue;
            }
            // The chunk or the buffer ends, the line ends in its fields (a length_optional one makes its
            // payload the rest of the line), a quote that an escape may follow, or a full-width comma: as
            // the per-byte rules read it from the field's start.
            const char c = i < limit ? line[i] : '\n';
            if (detail::is_line_end(c) || c == '"' ||
                static_cast<unsigned char>(c) == detail::fullwidth_comma_last)
                return hand_over_fields(mark, field, rule);
            if (c != ',') continue;
            // A selector to resolve, or a shape guard that fails: decided by the per-byte rules.
            if ((field == 0 && !matched.selector.empty()) ||
                (field == matched.quoted_field && !detail::starts_quoted(bytes(line + mark, i - mark))))
                return hand_over_fields(mark, field, rule);
            if (field == matched.length_field) break;
            ++field;  // below length_field, so no wrap (field_ saturates at 0xFF, which it cannot pass either)
            mark = i + 1;
        }
        // The length as the per-byte rules read it; when it is not a number they decide what follows.
        const result<std::uint32_t> announced = detail::parse_length(bytes(line + mark, i - mark));
        if (!announced) return hand_over_fields(mark, field, rule);
        const std::uint32_t length = *announced;
        const std::size_t open = i + 1;  // the payload's first byte, or its opening quote
        const bool quoted = open < limit && matched.form != payload_form::bare && line[open] == '"';
        const std::size_t from = open + (quoted ? 1u : 0u);
        const std::size_t to = from + length;  // the payload's end (read only once length fits: no wrap)
        if (open == limit || (matched.form == payload_form::quoted && !quoted) || length > limit - from ||
            (quoted && (to == limit || line[to] != '"')) || !close_line_in_chunk(ev, quoted ? to + 1 : to, rule)) {
            // The per-byte rules open the payload, count it and finish the line.
            hand_over_fields(open, field, rule);
            scan_ = scan::off;
            remaining_ = length;
            mode_ = mode::payload_open;
            return true;
        }
        ev.payload = bytes(line + from, length);
        ev.has_payload = true;
        return true;
    }

    // payload_line_in_chunk: the per-byte rules take over at the start of field `field` (offset `at` of
    // the line, right after the colon or a comma outside quotes), as if they had read the line so far.
    constexpr bool hand_over_fields(std::size_t at, std::uint8_t field, std::uint8_t rule) noexcept {
        take_run(chunk_.data() + pos_, at);
        mark_ = static_cast<pos_t>(at);
        field_ = field;
        rule_ = rule;
        scan_ = scan::fields;
        return true;
    }

    // While a payload line's prefix or fields are watched: takes the bytes scan_byte()
    // would pass over without effect in bulk, and handles the commas and quotes of the fields in place,
    // as scan_byte() does. It stops at every other byte it may act on, whatever the mode and options
    // (line ends, colons, '=', backslash, a full-width form's last byte), at the buffer's end, and when
    // a field decided something (an event, the payload's start, not a payload line after all); the
    // per-byte rules take over from there.
    constexpr void copy_watched_run(event& ev) noexcept {
        if (has(escaped)) return;
        const char* const from = chunk_.data();
        const std::size_t end = pos_ + take(LineCapacity - len_);  // what the chunk has and the buffer holds
        while (pos_ < end) {
            // Locals only in the loop: a char store may alias the members, which would be reloaded.
            const char* const in = from + pos_;
            char* const out = buf_ + len_;
            const std::size_t n = end - pos_;
            std::size_t k = 0;
            while (k < n && !detail::may_act_on(in[k])) {
                out[k] = in[k];
                ++k;
            }
            len_ = static_cast<pos_t>(len_ + k);
            pos_ += k;
            if (pos_ == end || scan_ != scan::fields) return;
            const char c = from[pos_];
            if (c != '"' && c != ',') return;
            ++pos_;
            take_quote_or_comma(ev, c);
            if (ev || mode_ != mode::collect || scan_ != scan::fields) return;
        }
    }

    // A quote or comma among a payload line's fields, in collect mode with no escape pending (the
    // lane's and the watched run's step, as scan_byte() takes it): appended, then a quote opens or closes
    // a quoted field and a comma outside quotes ends a field; a field that decides nothing (below the
    // length field: no wrap) is counted here, the others go to end_field().
    ATMQTT_TOKENIZER_INLINE constexpr void take_quote_or_comma(event& ev, char c) noexcept {
        append(c);
        if (c == '"') {
            flags_ = static_cast<std::uint8_t>(flags_ ^ in_quote);
            return;
        }
        if (has(in_quote)) return;
        const payload_rule& r = rule();
        if ((field_ != 0 || r.selector.empty()) && field_ != r.quoted_field && field_ != r.length_field) {
            ++field_;
            mark_ = len_;
            return;
        }
        end_field(ev, 1);
    }

    // Empty and blank lines (spaces and tabs) are not reported.
    static constexpr bool blank(bytes line) noexcept {
        if (!ATMQTT_AT_FAST_PATHS) return detail::trim_blanks(line).empty();  // for size: a function readers link anyway
        for (char c : line) {
            if (!detail::is_blank(c)) return false;
        }
        return true;
    }

    // Whether the line's prefix or fields are being watched (scan_byte() has something to do).
    constexpr bool watching() const noexcept { return scan_ == scan::header || scan_ == scan::fields; }

    constexpr void take_run(const char* from, std::size_t n) noexcept {
        if (n == 1) {
            buf_[len_] = *from;  // one byte at a time feeding: no call
        } else {
            ::atmqtt::detail::copy_bytes(buf_ + len_, from, n);
        }
        len_ = static_cast<pos_t>(len_ + n);
        pos_ += n;
    }

    // Watches a line that may carry a payload: finds the prefix, counts fields outside quotes and, at the
    // comma after the length field, switches to counting payload bytes.
    constexpr void scan_byte(event& ev, char c) noexcept {
        const bool header = scan_ == scan::header;
        if (!header) {  // scan::fields
            if (has(escaped)) {
                clear(escaped);
                return;
            }
            if (c == '"') {
                flags_ = static_cast<std::uint8_t>(flags_ ^ in_quote);
                return;
            }
            if (has(in_quote)) {
                if (c == '\\' && lexical().escape == quote_escape::backslash) set(escaped);
                return;
            }
        }
        // The length of the separator `c` ends, if any (the header's colon, a field's comma): 1, or 3 for
        // the full-width form when the syntax allows it.
        const unsigned char last = header ? detail::fullwidth_colon_last : detail::fullwidth_comma_last;
        std::size_t sep = 0;
        if (c == (header ? ':' : ',') || (header && c == '=' && lexical().allows(lex::equals_as_colon))) {
            sep = 1;
        } else if (static_cast<unsigned char>(c) == last && len_ >= 3 &&
                   lexical().allows(header ? lex::fullwidth_colon : lex::fullwidth_comma) &&
                   static_cast<unsigned char>(buf_[len_ - 3]) == detail::fullwidth_lead0 &&
                   static_cast<unsigned char>(buf_[len_ - 2]) == detail::fullwidth_lead1) {
            sep = 3;
        }
        if (sep == 0) {
            if (header && (c == ',' || c == '"')) scan_ = scan::off;  // a field before any prefix: not a match
            return;
        }
        if (!header) return end_field(ev, sep);
        bytes line_name(buf_, len_ - sep);
        if (lexical().allows(lex::space_before_colon)) {
            while (!line_name.empty() && line_name.back() == ' ') line_name.remove_suffix(1);
        }
        scan_ = scan::off;
        for (std::size_t i = 0; i < rules().size(); ++i) {
            if (rules()[i].prefix == line_name) {
                rule_ = static_cast<std::uint8_t>(i);
                scan_ = scan::fields;
                mark_ = len_;
                break;
            }
        }
    }

    // A separator of `sep` bytes was just appended: the field [mark_, len_ - sep) is complete.
    ATMQTT_TOKENIZER_INLINE_SMALL constexpr void end_field(event& ev, std::size_t sep) noexcept {
        bytes field_text(buf_ + mark_, len_ - sep - mark_);
        if (uses_.selectors && field_ == 0 && has(truncated)) field_text = {};  // longer than any selector: only rules without one
        // Not the payload shape (the selector or the shape guard fails): an ordinary line with this prefix.
        if ((uses_.selectors && field_ == 0 && !resolve_selector(field_text)) ||
            (uses_.guards && field_ == rule().quoted_field && !detail::starts_quoted(field_text))) {
            scan_ = scan::off;
            return;
        }
        const payload_rule& matched = rule();
        if (field_ == matched.length_field) {
            // A truncated field has more digits than the buffer holds: too large, whatever they are.
            result<std::uint32_t> n{errc::at_integer_overflow, 0};
            if (!has(truncated)) n = detail::parse_length(field_text);
            if (!n) {
                if (uses_.optional_lengths && matched.length_optional) {
                    scan_ = scan::rest_is_payload;  // mark_ stays at the start of this field
                    return;
                }
                scan_ = scan::off;  // header_skip: on_line_bytes() drops the line (the overflow was reported)
                if (mode_ != mode::header_skip) fail_line(ev, n.error(), mark_ + n.offset());
                return;
            }
            remaining_ = *n;
            mark_ = len_;
            scan_ = scan::off;
            mode_ = mode_ == mode::header_skip ? mode::skip_payload_open : mode::payload_open;
            return;
        }
        ++field_;  // below the length field: no wrap
        mark_ = static_cast<pos_t>(len_);
        clear(truncated);
    }

    // Field 0 is complete: picks the first rule from the one found by prefix on with this line's prefix
    // whose selector is empty or matches field 0 (end_field() hands in a truncated field 0 as empty,
    // which matches no selector).
    constexpr bool resolve_selector(bytes field0) noexcept {
        const payload_rule& found = rules()[rule_];
        const bytes selector_value = detail::unquote(field0);
        for (std::size_t i = rule_; i < rules().size(); ++i) {
            const payload_rule& r = rules()[i];
            if ((i == rule_ || r.prefix == found.prefix) && (r.selector.empty() || r.selector == selector_value)) {
                rule_ = static_cast<std::uint8_t>(i);
                return true;
            }
            if (!uses_.shared_prefixes) break;  // no other rule has this prefix
        }
        rule_ = no_rule;
        return false;
    }

    // The first byte after the length field's comma decides quoted or bare, and whether it fits. For an
    // overflowed line (skip_payload_open) the opening quote, if the rule allows one, and then exactly the
    // announced bytes are skipped, then the rest of the line.
    ATMQTT_TOKENIZER_INLINE_SMALL constexpr void on_payload_open(event& ev) noexcept {
        const char c = chunk_[pos_];
        const payload_form accepted = form();
        const bool quoted = accepted != payload_form::bare && c == '"';
        const bool skipping = mode_ == mode::skip_payload_open;
        if (accepted == payload_form::quoted && c == ' ') {
            // ", \"...\"" (spaces after commas, as OneMO's tables write them): a quoted payload cannot
            // start with a space, so these are separators. Elsewhere a space may be payload.
            if (!skipping && len_ == LineCapacity) return fail_line(ev, errc::at_line_too_long, len_);
            ++pos_;
            if (!skipping) append(c);
            return;
        }
        if (quoted) ++pos_;  // the opening quote is taken either way (the closing one goes with the line)
        if (skipping) return start_line(remaining_ == 0 ? mode::skip_line : mode::skip_count);  // remaining_ stays
        // Not the promised quote: the announced bytes are still skipped so they cannot fake lines.
        if (accepted == payload_form::quoted && !quoted)
            return fail_line(ev, errc::at_unexpected_character, len_);
        // Room for the payload and, if quoted, both quotes.
        if (!payload_fits(2u * quoted)) return fail_line(ev, errc::at_line_too_long, len_);
        // The payload opens: after its opening quote, if any, it is counted, closed or, bare and empty, done.
        if (quoted) append('"');
        mark_ = static_cast<pos_t>(len_);
        if (remaining_ == 0) return count_done();  // nothing to count
        mode_ = mode::payload_count;  // counted up to its last byte's index (the lane's end too)
        payload_end_ = static_cast<pos_t>(len_ + remaining_ - 1u);
        remaining_ = 0;
    }

    constexpr void on_payload_bytes() noexcept {
        // compiling for size: no bulk copy
        const std::size_t n = ATMQTT_AT_FAST_PATHS ? take(payload_end_ + 1u - len_) : 1u;
        take_run(chunk_.data() + pos_, n);  // room was checked at payload_open
        if (len_ > payload_end_) count_done();
    }

    // The counted payload's last byte was taken: a quoted one (its opening quote right before it) waits
    // for its closing quote, a bare one (a separator before it) ends.
    constexpr void count_done() noexcept {
        if (form() != payload_form::bare && buf_[mark_ - 1] == '"') {
            mode_ = mode::payload_close;
        } else {
            end_payload();
        }
    }

    // The payload ends here; the rest of the line is collected.
    constexpr void end_payload() noexcept {
        payload_end_ = static_cast<pos_t>(len_);
        set(has_payload);
        mode_ = mode::collect;
    }

    // Whether the announced payload and `quotes` quotes fit the buffer. Compared without adding to the
    // announced length, which may be near 2^32 and would wrap a 32-bit size_t.
    constexpr bool payload_fits(std::size_t quotes) const noexcept {
        const std::size_t room = LineCapacity - len_;
        return remaining_ <= room && room - remaining_ >= quotes;
    }

    constexpr void on_payload_close(event& ev) noexcept {
        char c = chunk_[pos_];
        if (c != '"' && form() == payload_form::quoted) {
            return fail_line(ev, errc::at_unterminated_quote, len_);
        }
        end_payload();
        if (c == '"') {
            ++pos_;
            return append(c);
        }
        // `either`: the quote was the first of the counted bytes, and the last byte counted belongs to
        // the rest of the line. If that byte is a line end, the line ends there.
        // (With nothing counted that byte is the quote, not a line end.)
        mark_ = static_cast<pos_t>(mark_ - 1u);
        payload_end_ = static_cast<pos_t>(len_ - 1u);
        if (detail::is_line_end(buf_[len_ - 1])) {
            if (buf_[--len_] == '\r') swallow_ = '\n';
            finish_line(ev);
        }
    }

    // After at_line_too_long in a payload line's fields (header_skip, on_line_bytes()): scanning goes on
    // with the buffer holding only the current field (the finished ones are dropped when it fills up); a
    // field longer than the whole buffer keeps only whether it opened with a quote and its last two bytes
    // (a full-width comma's head), and is marked truncated. Ends at the line end (no payload came), when
    // the line turns out not to have the payload shape, or at the length (then skip_payload_open).
    // Nothing is reported twice.
    ATMQTT_TOKENIZER_OUT_OF_LINE constexpr void make_room() noexcept {
        std::size_t keep_from = mark_;
        if (keep_from == 0) {
            // The current field alone fills the buffer. Leading blanks (and a length's leading zeros)
            // carry no meaning; only when none are left is the field cut.
            const bool is_length = field_ == rule().length_field;
            while (keep_from < len_ && (buf_[keep_from] == ' ' || buf_[keep_from] == '\t' ||
                                        (is_length && buf_[keep_from] == '0' && keep_from + 1 < len_ &&
                                         buf_[keep_from + 1] >= '0' && buf_[keep_from + 1] <= '9')))
                ++keep_from;
        }
        mark_ = 0;
        if (keep_from == 0) {  // cut: whether it opened with a quote (no blank leads it) and its last two bytes
            buf_[0] = buf_[0] == '"' ? '"' : '-';
            buf_[1] = buf_[len_ - 2];
            buf_[2] = buf_[len_ - 1];
            len_ = 3;
            set(truncated);
            return;
        }
        const std::size_t n = len_ - keep_from;
        for (std::size_t i = 0; i < n; ++i) buf_[i] = buf_[keep_from + i];  // 0 < keep_from: a safe forward copy
        len_ = static_cast<pos_t>(n);
    }

    constexpr void on_skip_line_byte() noexcept {
        // Whole runs of ordinary bytes at once; stop at the first line end.
        while (pos_ < chunk_.size()) {
            char c = chunk_[pos_++];
            if (detail::is_line_end(c)) {
                if (c == '\r') swallow_ = '\n';
                mode_ = mode::collect;
                return;
            }
        }
    }

    // Announced bytes skipped (skip_count) or returned as data events (data_block).
    constexpr void on_counted(event& ev) noexcept {
        const std::size_t n = take(remaining_);
        const bool data = mode_ == mode::data_block;
        remaining_ -= static_cast<std::uint32_t>(n);
        if (data) {
            ev.kind = event_kind::data;
            ev.text = bytes(chunk_.data() + pos_, n);
            ev.remaining = remaining_;
        }
        pos_ += n;
        if (remaining_ == 0) mode_ = data ? mode::collect : mode::skip_line;
    }

    // How many of `wanted` bytes the current chunk still has.
    constexpr std::size_t take(std::size_t wanted) const noexcept {
        return wanted < unread() ? wanted : unread();
    }

    // State: 16 bytes besides the buffer, first: the byte members are the most used, and a Thumb-2
    // load or store of a byte at an offset below 32 is a 2-byte instruction (4 bytes above).
    mode mode_ = mode::collect;
    scan scan_ = no_rules() ? scan::off : scan::header;  // as start_line() sets it
    std::uint8_t field_ = 0;       // index of the field being scanned
    std::uint8_t rule_ = no_rule;  // the payload_rule the line matched
    std::uint8_t flags_ = ATMQTT_AT_FAST_PATHS && validate(rules()).ok() ? plain_prefixes : 0;
    char swallow_ = 0;             // swallowed if it comes next: '\n' after a line's CR, ' ' after a prompt
    pos_t len_ = 0;                // bytes of the current line in buf_
    pos_t mark_ = 0;               // start of the current field, later of the payload
    pos_t payload_end_ = 0;        // end of the payload within buf_
    std::uint32_t remaining_ = 0;  // payload / skip / data bytes still to come

    // Configuration (not state): the rule table, the lexical options and the caller's current chunk.
    bytes chunk_{};
    std::size_t pos_ = 0;
    char buf_[LineCapacity]{};
};

}  // namespace at
ATMQTT_END_NAMESPACE
