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
// - A `+PREFIX:` line is decoded by its wire prefix (so `+MQTTUSER:` answering AT+MQTTPSW? stays
//   MQTTUSER); a header (`+MQTTPUBTP:`, alone or carrying the first row) opens a block whose unprefixed
//   rows follow; an echo or a final result closes it. An unprefixed line outside a block is at_unknown_response.
// - After the host wrote `+++` (the caller says so with escape_sent()), the port still carries data-mode
//   frames until the module's `a`: those bytes are `data` events (views into the chunk), never lines.
//   The module's `a` is a burst of its own (it answers after the guard time), so the caller marks burst
//   ends with end_of_burst(): a burst that is `a` (or starts `a+`, the module's `a` and `+ok` logged
//   together) is the answer; any other burst is data, `a` bytes included ("1,LATEa" then "+ok" stay
//   data then the escape). Without escape_sent() nothing is data.
#pragma once

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

enum class session_kind : std::uint8_t { none, echo, prompt, final, response, error, data };

struct session_event {
    session_kind kind = session_kind::none;
    bytes text{};        // echo: the command line; final: the result word; error: the line; data: bytes
    response resp{};     // response: the decoded line
    at::final_result result{};  // final
    errc error = errc::ok;      // error: why the line was not understood
    std::size_t offset = 0;     // error: where in the line

    constexpr explicit operator bool() const noexcept { return kind != session_kind::none; }
};

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
                return text_event(session_kind::prompt, bytes("a"));
            }
            if (awaiting_answer_ && pos_ < chunk_.size()) {
                session_event e = data_step();
                if (e) return e;
                continue;
            }
            if (pending_ok_) {
                pending_ok_ = false;
                return final_event(bytes("+ok"));
            }
            if (tok_.unread() != 0) {
                at::event ev = tok_.next();
                if (ev) return on_token(ev);
            }
            if (pos_ == chunk_.size()) return {};
            step st = tok_.idle() ? escape_step() : step::passed;
            if (st == step::flushed) continue;  // drain the held bytes first
            if (st == step::consumed) {
                if (escape_end_ == 4) {
                    bool with_a = escape_start_ == 0;
                    escape_end_ = 0;
                    if (with_a) {
                        pending_ok_ = true;
                        return text_event(session_kind::prompt, bytes("a"));
                    }
                    return final_event(bytes("+ok"));
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
    static constexpr bytes escape_text = "a+ok";

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
            if (chunk_[pos_] == '+') {  // `a+ok` in one burst: the answer; "+ok" is read as a line start
                answer();
                return e;
            }
            held_a_ = false;
            return text_event(session_kind::data, bytes("a"));
        }
        if (burst_start_ && chunk_[pos_] == 'a') {
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

    // Matches `a+ok` / `+ok` at a line start, consuming the byte at pos_ while it fits. On a mismatch
    // the bytes held so far go to the tokenizer as ordinary text (flushed) and the byte is not consumed.
    constexpr step escape_step() noexcept {
        char c = chunk_[pos_];
        if (escape_end_ == 0) {
            if (c == 'a') {
                escape_start_ = 0;
            } else if (c == '+') {
                escape_start_ = 1;
            } else {
                return step::passed;
            }
            escape_end_ = static_cast<std::uint8_t>(escape_start_ + 1);
            ++pos_;
            return step::consumed;
        }
        if (c == escape_text[escape_end_]) {
            ++escape_end_;
            ++pos_;
            return step::consumed;
        }
        (void)tok_.feed(bytes(escape_text.data() + escape_start_, std::size_t{escape_end_} - escape_start_));
        escape_end_ = 0;
        return step::flushed;
    }

    constexpr session_event final_event(bytes word) noexcept {
        header_ = nullptr;
        session_event e;
        e.kind = session_kind::final;
        e.text = word;
        e.result = at::classify_final(word, lexical, finals);
        return e;
    }

    constexpr session_event on_token(const at::event& ev) noexcept {
        session_event e;
        if (ev.is_prompt()) {  // USR has no '>' prompt: report it, do not guess
            e.kind = session_kind::error;
            e.text = bytes(">");
            e.error = errc::at_unexpected_response;
            return e;
        }
        if (ev.is_error()) {
            e.kind = session_kind::error;
            e.text = ev.text;
            e.error = ev.error;
            e.offset = ev.offset;
            return e;
        }
        bytes line = ev.text;
        if (line.size() >= 2 && (line[0] == 'A' || line[0] == 'a') && (line[1] == 'T' || line[1] == 't')) {
            header_ = nullptr;
            e.kind = session_kind::echo;
            e.text = line;
            return e;
        }
        at::final_result f = at::classify_final(line, lexical, finals);
        if (f.is_final()) {
            header_ = nullptr;
            e.kind = session_kind::final;
            e.text = line;
            e.result = f;
            return e;
        }
        bool prefixed = !line.empty() && line[0] == '+';
        result<response> r = decode_response(at::line_event(line), prefixed ? nullptr : header_);
        if (!r) {
            e.kind = session_kind::error;
            e.text = line;
            e.error = r.error();
            e.offset = r.offset();
            return e;
        }
        if (prefixed) header_ = r->opens_rows() ? r->spec : nullptr;
        e.kind = session_kind::response;
        e.text = line;
        e.resp = *r;
        return e;
    }

    at::tokenizer<LineCapacity> tok_{{}, lexical};
    bytes chunk_{};
    std::size_t pos_ = 0;
    const at::line* header_ = nullptr;  // the open multi-row block, if any
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
