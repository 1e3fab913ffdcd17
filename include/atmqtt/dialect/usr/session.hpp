// session_decoder: what a USR module sends during a configuration session, bytes in, typed events out:
// the echo of each command, its information responses (prefixed lines and the unprefixed rows of a
// multi-row answer), the final result, and the escape exchange's `a` (a prompt) and `+ok` (a final
// result), which arrive without any line terminator. Incremental: feed() chunks of any size, then call
// next() until it returns kind::none.
//
// Decisions (notes: "Framing decision", "Expected events"):
// - Lines end at CR, LF or CR LF; empty and space-only lines are dropped. USR has no payloads, prompts or
//   URCs, so lines are split here, in the decoder's one line buffer, not by at::tokenizer: a line
//   longer than LineCapacity is at_line_too_long once (its text the head the buffer held) and the rest
//   of it is dropped; a '>' at a line start is at_unexpected_response at once (USR has no '>' prompt).
// - `a+ok` (or `+ok` alone) at the start of a line is the escape exchange, reported as soon as it is
//   complete; any other continuation (`at+...`, `+MQTT...`) is an ordinary line.
// - A line starting with "AT" (either case) is the echo of a command; echo may be on or off.
// - OK / ERROR / +ok are final results (at::final_kind_of with the grammar's aliases).
// - A `+PREFIX:` line is classified once by its wire prefix (so `+MQTTUSER:` answering AT+MQTTPSW? stays
//   MQTTUSER): USR's prefixes are unique (rows_by_prefix_alone) and its rows have no selector, so its row
//   is the one with that prefix (at::classify<at::by_selector>'s answer, without its lookup). The line is
//   checked against its row (at::for_each_value: every range, length, word), storing nothing; the
//   typed value is read when the caller asks (usr::decode_as below, at/bind.hpp). A header
//   (`+MQTTPUBTP:`, alone or carrying the first row: usr::opens_rows) opens a block whose unprefixed rows
//   follow (row events, at::event::row); an echo or a final result closes it. An unprefixed line outside
//   a block is at_unknown_response. An angle-notation test answer is checked by at::check_angle_answer
//   (every group reads; no more groups than its row has fields).
// - After the host wrote `+++` (the caller says so with escape_sent()), the port still carries data-mode
//   frames until the module's `a`: those bytes are `data` events (views into the chunk), never lines.
//   The module's `a` is a burst of its own (it answers after the guard time), so the caller marks burst
//   ends with end_of_burst(), and usr::escape_sequence (data_mode.hpp) decides: a burst that is exactly
//   `a` is the answer; any other burst is data, `a` bytes included ("1,LATEa" then "+ok" stay data then
//   the escape; `a+ok` in one burst too: the module sends `+ok` only after the host's `a`, manual §3).
//   Without escape_sent() nothing is data.
#pragma once

#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/responses.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

// header: a multi-row answer's header without a row (`+MQTTPUBTP:`): its rows follow as responses.
enum class session_kind : std::uint8_t { none, echo, prompt, final, response, header, test_answer, error, data };

struct session_event {
    session_kind kind = session_kind::none;
    line_index row = line_count;  // response, header, test_answer: its line (a row of a block: the header's)
    bool in_block = false;        // response: a row of a multi-row answer (no prefix)
    at::final_kind result = at::final_kind::none;  // final: OK, ERROR or the escape's +ok (ok)
    errc error = errc::ok;        // error: why the line was not understood
    // echo: the command line; final: the result word; response, header, test_answer, error: the line;
    // data: the bytes
    bytes text{};
    std::size_t offset = 0;       // error: where in the line

    constexpr session_event() noexcept = default;
    // How the decoder makes its events: a kind, its text, and an error's offset and code.
    constexpr session_event(session_kind k, bytes t, std::size_t at = 0, errc why = errc::ok) noexcept
        : kind(k), error(why), text(t), offset(at) {}

    constexpr explicit operator bool() const noexcept { return kind != session_kind::none; }
    // response: the line as the typed decoders read it (a row event for a row of a block).
    constexpr at::event line() const noexcept { return in_block ? at::row_event(text) : at::line_event(text); }
};

// `lines` as firmware reads them: packed (at::packed_line: no names, 8 bytes a field; the host tools read
// `lines`, which the session then never links).
template <std::size_t... Row>
constexpr auto unnamed_lines(std::index_sequence<Row...>) noexcept {
    return std::array{at::packed_line_of<grammar, Row>...};
}
inline constexpr auto session_lines = unnamed_lines(std::make_index_sequence<line_count>{});

// A response event read into T (a typed answer of responses.hpp), made in place as at::decode_as makes
// it: at_unexpected_response for another kind of event or a line of another row, else at::decode_into's
// errors. Out of line: inlined, each T's read would share its caller's frame (at_usr's main: 520 B).
template <class T>
[[gnu::noinline]] constexpr result<T> decode_as(const session_event& e) noexcept {
    using B = at::binding_of<T>;
    result<T> out(errc::ok, e.text.size());
    status st{errc::at_unexpected_response, 0};
    if (e.kind == session_kind::response && e.row == B::index)
        st = B::template read<at::reading_of(grammar)>(e.line(), *out);  // read_line's reader
    if (!st) out = {st.error(), st.offset()};
    return out;
}

// What read_line's lookup by prefix relies on: no two rows share a prefix (a row's selector, if it had
// one, would be read and checked with its values).
constexpr bool rows_by_prefix_alone() noexcept {
    for (std::size_t i = 0; i < line_count; ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (lines[j].prefix == lines[i].prefix) return false;
    return true;
}
static_assert(rows_by_prefix_alone(), "a USR line is found by its prefix alone");

// The decoder's storage: the line being read (LineCapacity bytes) and a few bytes of state, no tokenizer.
template <std::size_t LineCapacity = 256>
class session_decoder {
    static_assert(LineCapacity > escape.done.size(), "the line buffer holds the escape's answers, a then +ok");

public:
    // A new chunk; the previous one must have been read to the end (next() returned kind::none).
    constexpr status feed(bytes chunk) noexcept {
        if (pos_ < chunk_.size()) return {errc::at_busy, 0};
        chunk_ = chunk;
        pos_ = 0;
        return {};
    }

    // The host wrote `+++`: until the module's `a`, what arrives is data-mode traffic (see above).
    constexpr void escape_sent() noexcept { escape_.start(); }
    // The caller's transport saw a burst end (UART idle; a log line). Matters only after escape_sent().
    constexpr void end_of_burst() noexcept {
        if (escape_.end_of_burst() == escape_event::module_ready) pending_prompt_ = true;
    }

    constexpr session_event next() noexcept {
        for (;;) {
            if (pending_prompt_) {
                pending_prompt_ = false;
                return {session_kind::prompt, bytes(&escape.answer, 1)};
            }
            if (pending_ok_) {  // the escape's `+ok`: a final result (the grammar's alias)
                pending_ok_ = false;
                return read_line(escape.done);
            }
            if (pos_ == chunk_.size()) return {};
            // Awaiting the module's `a`: the chunk's bytes are data, noted by the escape; a burst that is
            // `a` so far is held until more of it (then it was data) or its end (then it is the answer).
            if (escape_.current() == escape_sequence::state::await_ready) {
                const bool held = escape_.answer_held();
                const bytes rest(chunk_.data() + pos_, chunk_.size() - pos_);
                escape_.note_burst(rest);
                if (held) return {session_kind::data, bytes(&escape.answer, 1)};  // the rest follows
                pos_ = chunk_.size();
                if (!escape_.answer_held()) return {session_kind::data, rest};
                continue;
            }
            const char c = chunk_[pos_++];
            if (c == '\r' || c == '\n') {
                const bytes line(line_, skipping_ ? 0 : len_);
                len_ = 0;
                skipping_ = false;
                if (line.find_first_not_of(' ') == bytes::npos) continue;
                return read_line(line);
            }
            if (skipping_) continue;
            if (len_ == LineCapacity) {  // reported once; the rest of the line is dropped
                skipping_ = true;
                return {session_kind::error, bytes(line_, len_), len_, errc::at_line_too_long};
            }
            if (len_ == 0 && c == '>')
                return {session_kind::error, bytes(">"), 0, errc::at_unexpected_response};
            line_[len_++] = c;
            // `+ok`, or `a+ok`: the module's answers as one run
            const bool answer = line_[0] == escape.answer;
            pending_ok_ = bytes(line_ + answer, len_ - answer) == escape.done;
            if (pending_ok_) {
                pending_prompt_ = answer;
                len_ = 0;
            }
        }
    }

private:
    // The event of `line` (never empty): an echo, a final result or a response and its row (by prefix; an
    // unprefixed line is a row of the open block), checked value by value against it; an error event when
    // it is not understood (why, and where).
    constexpr session_event read_line(bytes line) noexcept {
        constexpr at::syntax_of<grammar> read_lexical{};  // the typed decoders' reader: one lexer linked
        session_event e{session_kind::none, line};
        e.result = at::final_kind_of(line, lexical, finals);
        const bool final = e.result != at::final_kind::none;
        if (final || at::detail::equal_nocase(line.substr(0, 2), "AT")) {
            block_ = 0;
            e.kind = final ? session_kind::final : session_kind::echo;
            return e;
        }
        const bool prefixed = line[0] == '+';
        e.in_block = !prefixed;
        std::size_t row = block_ - 1;  // unprefixed: the open block's row (none: past every row)
        bool bare = false;   // a prefixed line without values: a header if its row opens rows
        bool angle = false;  // a test answer (the first parameter is a group)
        if (prefixed) {
            // The row of the prefix (a line without separator is its own prefix, as at::key_of reads it):
            // USR's prefixes are unique and no row has a selector, so this is at::classify<at::by_selector>'s
            // answer without its key, order and candidate walk.
            const result<at::prefixed_line> pl = at::split_prefix(line, read_lexical);
            const bytes prefix = pl ? pl->name : at::detail::trim_blanks(line);
            row = 0;
            while (row < line_count && session_lines[row].row.name() != prefix) ++row;
            bare = !pl || pl->params.empty() || pl->params[0] == ',';
            angle = !bare && pl->params[0] == '<';
        }
        status st{errc::at_unknown_response, 0};  // no row: neither the prefix's nor an open block's
        if (row < line_count) {
            e.row = static_cast<line_index>(row);
            at::field_spec fields[at::detail::widest_line<grammar>];
            const at::line l = session_lines[row].unpacked(fields);
            st = angle ? at::check_angle_answer(l, line, read_lexical)
                       : at::detail::row_fits(l, e.line(), read_lexical, {});
            if (st) {
                e.kind = angle ? session_kind::test_answer : session_kind::response;
                if (prefixed) {
                    block_ = opens_rows(l) && !angle ? row + 1 : 0;
                    if (block_ != 0 && bare) e.kind = session_kind::header;
                }
                return e;
            }
        }
        return {session_kind::error, line, st.offset(), st.error()};
    }

    bytes chunk_{};
    std::size_t pos_ = 0;
    std::size_t len_ = 0;             // bytes of the current line in line_
    std::size_t block_ = 0;           // the open multi-row block's row + 1; 0: none (a new decoder is all zero)
    bool pending_prompt_ = false;   // the escape's `a` is due
    bool pending_ok_ = false;       // the escape's `+ok` is due (after the `a`)
    bool skipping_ = false;         // the line overflowed: dropped up to its end
    char line_[LineCapacity]{};
    escape_sequence escape_;        // after escape_sent(): the module's answer, or data
};

}  // namespace usr
ATMQTT_END_NAMESPACE
