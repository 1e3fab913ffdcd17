// session_decoder: what a USR module sends during a configuration session, bytes in, typed events out:
// the echo of each command, its information responses (prefixed lines and the unprefixed rows of a
// multi-row answer), the final result, and the escape exchange's `a` (a prompt) and `+ok` (a final
// result), which arrive without any line terminator. Incremental: feed() chunks of any size, then call
// next() until it returns kind::none.
//
// Decisions (notes: "Framing decision", "Expected events"):
// - `a+ok` (or `+ok` alone) at the start of the input or of a line is the escape exchange; any other
//   continuation (`at+...`, `+MQTT...`) is passed on as ordinary bytes.
// - A line starting with "AT" (either case) is the echo of a command; echo may be on or off.
// - OK / ERROR / +ok are final results (at::classify_final with the grammar's aliases).
// - A `+PREFIX:` line is classified once by the AT core (at::classify_by_selector over the grammar's line
//   order: USR's prefixes are unique) by its wire prefix (so `+MQTTUSER:` answering AT+MQTTPSW? stays
//   MQTTUSER) and checked against its row (at::row_reader: every range, length, word), storing nothing; the
//   typed value is read when the caller asks (usr::decode_into / decode_as below, at/bind.hpp). A header
//   (`+MQTTPUBTP:`, alone or carrying the first row: usr::opens_rows) opens a block whose unprefixed rows
//   follow (row events, at::event::row); an echo or a final result closes it. An unprefixed line outside
//   a block is at_unknown_response. An angle-notation test answer is checked with at::check_angle_answer.
// - After the host wrote `+++` (the caller says so with escape_sent()), the port still carries data-mode
//   frames until the module's `a`: those bytes are `data` events (views into the chunk), never lines.
//   The module's `a` is a burst of its own (it answers after the guard time), so the caller marks burst
//   ends with end_of_burst(): a burst that is `a` (or starts `a+`, the module's `a` and `+ok` logged
//   together) is the answer; any other burst is data, `a` bytes included ("1,LATEa" then "+ok" stay
//   data then the escape). Without escape_sent() nothing is data.
#pragma once

#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/responses.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

// header: a multi-row answer's header without a row (`+MQTTPUBTP:`): its rows follow as responses.
enum class session_kind : std::uint8_t { none, echo, prompt, final, response, header, test_answer, error, data };

struct session_event {
    session_kind kind = session_kind::none;
    // echo: the command line; final: the result word; response, header, test_answer, error: the line;
    // data: the bytes
    bytes text{};
    line_index row = line_count;  // response, header, test_answer: its line (a row of a block: the header's)
    bool in_block = false;        // response: a row of a multi-row answer (no prefix)
    at::final_result result{};    // final
    errc error = errc::ok;        // error: why the line was not understood
    std::size_t offset = 0;       // error: where in the line

    constexpr explicit operator bool() const noexcept { return kind != session_kind::none; }
    // response: the line as the typed decoders read it (a row event for a row of a block).
    constexpr at::event line() const noexcept {
        at::event e = at::line_event(text);
        e.row = in_block;
        return e;
    }
};

// A response event read into T (a typed answer of responses.hpp): at_unexpected_response for another
// kind of event or a line of another row, else at::decode_into's errors. Read against the session's own
// row of `lines` (the same row as T's, linked already by the classifier: no second copy of it).
template <class T>
constexpr status decode_into(const session_event& e, T& out) noexcept {
    if (e.kind != session_kind::response || e.row != T::binding::index) return {errc::at_unexpected_response, 0};
    return T::binding::read(lines[e.row], e.line(), out);
}
template <class T>
constexpr result<T> decode_as(const session_event& e) noexcept {
    T out{};
    status st = decode_into(e, out);
    if (!st) return {st.error(), st.offset()};
    return result<T>(out, e.text.size());
}

template <std::size_t LineCapacity = 256>
class session_decoder {
public:
    // A new chunk; the previous one must have been read to the end (next() returned kind::none).
    constexpr status feed(bytes chunk) noexcept {
        if (pos_ < chunk_.size() || tok_.unread() != 0) return {errc::at_busy, 0};
        chunk_ = chunk;
        pos_ = 0;
        return {};
    }

    // The host wrote `+++`: until the module's `a`, what arrives is data-mode traffic (see above).
    constexpr void escape_sent() noexcept {
        awaiting_answer_ = true;
        burst_start_ = true;
        held_a_ = false;
    }
    // The caller's transport saw a burst end (UART idle; a log line). Matters only after escape_sent().
    constexpr void end_of_burst() noexcept {
        if (!awaiting_answer_) return;
        if (held_a_) answer();  // the burst was exactly `a`
        burst_start_ = true;
    }

    constexpr session_event next() noexcept {
        for (;;) {
            if (pending_prompt_) {
                pending_prompt_ = false;
                return text_event(session_kind::prompt, bytes(escape_run, 1));
            }
            if (awaiting_answer_ && pos_ < chunk_.size()) {
                session_event e = data_step();
                if (e) return e;
                continue;
            }
            if (pending_ok_) {
                pending_ok_ = false;
                return final_event(escape.done);
            }
            if (tok_.unread() != 0) {
                at::event ev = tok_.next();
                if (ev) return on_token(ev);
            }
            if (pos_ == chunk_.size()) return {};
            step st = tok_.idle() ? escape_step() : step::passed;
            if (st == step::flushed) continue;  // drain the held bytes first
            if (st == step::consumed) {
                if (escape_end_ == sizeof escape_run) {
                    bool with_a = escape_start_ == 0;
                    escape_end_ = 0;
                    if (with_a) {
                        pending_ok_ = true;
                        return text_event(session_kind::prompt, bytes(escape_run, 1));
                    }
                    return final_event(escape.done);
                }
                continue;
            }
            // At a line start one byte (the tokenizer may be at a line start again right after it: a
            // '>' prompt), else up to and including the line end, so every line start is seen here and
            // the events do not depend on how the input was chunked.
            std::size_t end = pos_ + 1;
            if (!tok_.idle()) {
                while (end < chunk_.size() && chunk_[end - 1] != '\r' && chunk_[end - 1] != '\n') ++end;
            }
            (void)tok_.feed(bytes(chunk_.data() + pos_, end - pos_));
            pos_ = end;
        }
    }

private:
    static constexpr session_event text_event(session_kind k, bytes text) noexcept {
        session_event e;
        e.kind = k;
        e.text = text;
        return e;
    }

    constexpr void answer() noexcept {
        awaiting_answer_ = false;
        held_a_ = false;
        pending_prompt_ = true;
    }

    // Awaiting the module's `a`: an `a` at a burst start is held until the next byte or the burst end
    // tells; everything else up to the chunk's end is data.
    constexpr session_event data_step() noexcept {
        session_event e;
        if (held_a_) {
            if (chunk_[pos_] == escape.done[0]) {  // `a+ok` in one burst: the answer; "+ok" is read as a line start
                answer();
                return e;
            }
            held_a_ = false;
            return text_event(session_kind::data, bytes(escape_run, 1));
        }
        if (burst_start_ && chunk_[pos_] == escape.answer) {
            burst_start_ = false;
            held_a_ = true;
            ++pos_;
            return e;
        }
        burst_start_ = false;
        bytes rest(chunk_.data() + pos_, chunk_.size() - pos_);
        pos_ = chunk_.size();
        return text_event(session_kind::data, rest);
    }

    enum class step : std::uint8_t { passed, consumed, flushed };

    // The escape's answers as one run, `a+ok` (grammar.hpp's escape): at a line start either all of it or
    // its `+ok`; a prefix that turns out to be something else goes to the tokenizer as one chunk.
    static_assert(escape.done.size() == 3, "escape_run holds the answer and a three-byte done text");
    static constexpr char escape_run[] = {escape.answer, escape.done[0], escape.done[1], escape.done[2]};

    // Matches `a+ok` / `+ok` at a line start, consuming the byte at pos_ while it fits. On a mismatch
    // the bytes held so far go to the tokenizer as ordinary text (flushed) and the byte is not consumed.
    constexpr step escape_step() noexcept {
        const char c = chunk_[pos_];
        if (escape_end_ == 0) {
            if (c != escape.answer && c != escape.done[0]) return step::passed;
            escape_start_ = escape_end_ = c == escape.answer ? 0 : 1;
        }
        if (c == escape_run[escape_end_]) {
            ++escape_end_;
            ++pos_;
            return step::consumed;
        }
        (void)tok_.feed(bytes(escape_run + escape_start_, std::size_t{escape_end_} - escape_start_));
        escape_end_ = 0;
        return step::flushed;
    }

    constexpr session_event final_event(bytes word) noexcept {
        header_ = line_count;
        session_event e = text_event(session_kind::final, word);
        e.result.kind = finals[0].kind;  // the escape's `+ok`
        return e;
    }

    // A line, or the tokenizer's error: an error event when it is not understood (why, and where).
    constexpr session_event on_token(const at::event& ev) noexcept {
        session_event e;
        e.text = ev.is_prompt() ? bytes(">") : ev.text;
        status st = ev.is_prompt()  ? status{errc::at_unexpected_response, 0}  // USR has no '>' prompt
                    : ev.is_error() ? status{ev.error, ev.offset}
                                    : read_line(e);
        if (!st) {
            e.kind = session_kind::error;
            e.error = st.error();
            e.offset = st.offset();
        }
        return e;
    }

    // Echo, final result or response line `e.text`: its kind and, for a response, its row (the core's
    // classifier; an unprefixed line is a row of the open block), checked value by value against it.
    constexpr status read_line(session_event& e) noexcept {
        const bytes line = e.text;  // never empty: the tokenizer reports no empty line
        e.result = at::classify_final(line, lexical, finals);
        if (e.result.is_final() ||
            (line.size() >= 2 && (line[0] == 'A' || line[0] == 'a') && (line[1] == 'T' || line[1] == 't'))) {
            header_ = line_count;
            e.kind = e.result.is_final() ? session_kind::final : session_kind::echo;
            return {};
        }
        const bool prefixed = line[0] == '+';
        e.in_block = !prefixed;
        if (prefixed) {
            result<std::size_t> i = at::classify_by_selector(lines, line_order, line, lexical);
            if (!i) return {i.error(), i.offset()};
            e.row = static_cast<line_index>(*i);
        } else if (header_ == line_count) {
            return {errc::at_unknown_response, 0};
        } else {
            e.row = header_;
        }
        const at::line& l = lines[e.row];
        if (prefixed && at::is_angle_test_answer(line, lexical)) {
            status st = at::check_angle_answer(l, line, lexical);
            if (st) header_ = line_count;
            e.kind = session_kind::test_answer;
            return st;
        }
        const at::event ev = e.line();
        at::row_reader r(l, ev, lexical);
        at::field_value first{};
        status st = r.start();
        if (st && !r.at_end()) st = r.next(first);
        if (st) st = r.finish();
        if (!st) return st;
        e.kind = session_kind::response;
        if (prefixed) {
            header_ = opens_rows(l) ? e.row : line_count;
            if (header_ != line_count && !first.present()) e.kind = session_kind::header;
        }
        return {};
    }

    at::tokenizer<LineCapacity> tok_{{}, lexical};
    bytes chunk_{};
    std::size_t pos_ = 0;
    line_index header_ = line_count;  // the open multi-row block, if any
    std::uint8_t escape_start_ = 0;
    std::uint8_t escape_end_ = 0;
    bool pending_ok_ = false;
    bool pending_prompt_ = false;
    bool awaiting_answer_ = false;  // escape_sent() and no answer yet
    bool burst_start_ = false;      // awaiting_answer_: the next byte starts a burst
    bool held_a_ = false;           // awaiting_answer_: an `a` began the burst; the next byte or its end tells
};

}  // namespace usr
ATMQTT_END_NAMESPACE
