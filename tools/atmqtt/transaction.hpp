// transaction: after the caller sends a command, sorts the tokenizer's events into what belongs to that
// command (its echo, information responses, '>' prompt, final result) and what does not (URCs, deferred
// results of earlier commands), so URCs arriving in the middle of a command, even between '>' and OK, are
// neither lost nor taken for the command's answer. Sans-I/O and without timers: when the caller's
// timeout expires it calls abort().
// The host tool's router (`atmqtt at decode` names every line of a log): firmware has the client's engine
// (client/at_client.hpp), which needs no general router, so this is host code, not the library's. It
// routes with the AT core's classifier (at/classify.hpp).
//
//     atmqtt_tool::transaction tx(grammar);
//     tx.begin(open_cmd, at::form::set);            // then send the bytes write_command produced
//     while (auto ev = tok.next()) {
//         auto r = tx.on_event(ev);
//         if (!r) { log(r.error()); continue; }    // a stray OK, an unknown echo, a tokenizer error
//         switch (r->kind) { case atmqtt_tool::route::urc: ...; case atmqtt_tool::route::final_ok: ...; ... }
//     }
//
// How a line is classified (the grammar decides; no vendor names here):
// 1. A final result code (OK, ERROR, +CME ERROR: ..., see at/result_code.hpp) ends the pending command;
//    CONNECT after the set form of a command marked with_connect_phase() is its prompt instead.
// 2. A line starting with "AT+" (any case) is the modem's echo of the pending command.
// 3. A line with the pending command's response prefix is its information response (of the row the
//    command names with answered_by(), when it names one with that prefix), unless the command
//    was sent in set or execute form and its deferred result line has that same prefix: such forms answer
//    only OK now and the result later (Quectel AT+QMTOPEN=... -> OK ... +QMTOPEN: 0,0), so the line is
//    that deferred result, possibly one of an earlier command.
// 4. A line matching a grammar line marked as_deferred() (some command's late result) is `deferred`,
//    unless the line is also unsolicited and the last command does not wait for it (another command's
//    result, or its own already delivered): then it is a URC (OneMO's "conn" after AT+MQTTCONN's result,
//    or during AT+MQTTSUB, is the link's loss).
// 5. After the final result and until the next begin(), a line with the completed command's response
//    prefix is still its response (modems that print OK before the information line), unless its
//    shape (field count, payload) fits a URC of that prefix and none of the prefix's response lines.
// Which grammar line a line is (steps 3 to 6) is at::classify's answer without decoding (at/classify.hpp:
// prefix, selector, then shape; the answer to a pending read form first).
// 6. Any other line the grammar describes is a URC when it is marked unsolicited; a response line
//    nobody asked for is at_unexpected_response. A +PREFIX line the grammar does not know is a URC with
//    no descriptor (+CREG, +CPIN from other parts of the modem). An unprefixed line while a command is
//    pending is its response (ATI's text, multi-line tables); otherwise it is a URC with no descriptor.
// Prefixes are read with the dialect's syntax and prefix aliases ("+MQTTUTC" counts as "+MQTTURC").
// Known limit: while a read or test form is pending, an earlier command's deferred result with the same
// prefix (a late +QMTOPEN: 0,0 during AT+QMTOPEN?) is routed as a response; decoding its shape tells.
#pragma once

#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

namespace atmqtt_tool {

namespace at = atmqtt::at;

// Where an event belongs.
enum class route : std::uint8_t {
    none = 0,     // an event of kind none: nothing happened
    echo,         // the modem's echo of the pending command line
    response,     // an information response of the pending (or just completed) command
    prompt,       // '>' (or CONNECT for a command that connects()): send the command's data now
    data,         // a piece of a raw data block the caller announced with expect_data()
    final_ok,     // OK: the command completed
    final_error,  // ERROR, +CME ERROR, ...: the command completed and failed
    deferred,     // a result line that arrives after its command's OK (`cmd`: that command if it was the
                  // last one begun, else null: correlate by the line's fields, e.g. client_idx and msgid)
    urc,  // unsolicited: hand it to the dialect's URC decoder (`line` may be null: unknown to the grammar)
};

constexpr std::string_view to_string(route r) noexcept {
    const std::string_view w =
        at::nth_word("none|echo|response|prompt|data|final_ok|final_error|deferred|urc", static_cast<std::size_t>(r));
    return w.empty() ? "unknown" : w;
}

struct routed {
    route kind = route::none;
    const at::command* cmd =
        nullptr;                 // the command it belongs to (echo, response, prompt, data, final, deferred)
    const at::line* desc = nullptr;  // the grammar's descriptor of the line, when it has one
    atmqtt::bytes text{};                // the line (or data piece), as the event gave it
    at::final_result final{};        // final_ok / final_error: which result code, and its argument
};

namespace router_detail {

// Whether some response line (neither a URC nor a deferred result) with the line's prefix may have its
// shape: if none may, a line of a URC's shape is that URC even under the command's prefix.
// `c`: the lines with the line's prefix (at::candidates).
constexpr bool may_be_response(atmqtt::span<const at::line> lines, const at::line_candidates& c, const at::line_key& k,
                               std::size_t fields, bool has_payload) noexcept {
    for (std::size_t n = 0; n < c.size(); ++n) {
        const at::line& l = lines[c[n]];
        if (l.prefix != k.prefix || l.is(at::line::unsolicited_bit) || l.is(at::line::deferred_bit)) continue;
        if (!l.selector.empty() ? at::detail::equal_nocase(k.first, l.selector) : at::detail::may_fit(l, fields, has_payload)) return true;
    }
    return false;
}

}  // namespace router_detail

class transaction {
public:
    enum class state : std::uint8_t {
        idle,      // no command sent, or the caller aborted
        waiting,   // command sent: echo, responses, prompt or final result expected
        prompted,  // '>' seen: the caller sends the data, then the final result follows
        done,    // OK seen; late responses and its deferred result still belong to the command until begin()
        failed,  // an error final result seen; late responses still belong to the command until begin()
    };

    constexpr explicit transaction(const at::grammar& g) noexcept
        : transaction(g.lines, g.lexical, g.finals, g.prefix_aliases, g.line_order) {}
    constexpr transaction(atmqtt::span<const at::line> lines, at::syntax lexical, atmqtt::span<const at::final_alias> finals = {},
                          atmqtt::span<const at::prefix_alias> aliases = {}, atmqtt::span<const std::uint8_t> order = {}) noexcept
        : lines_(lines), order_(order.size() == lines.size() ? order : atmqtt::span<const std::uint8_t>()), finals_(finals),
          aliases_(aliases), lexical_(lexical) {}

    // The caller is about to send `c` in form `f`. at_busy while another command awaits its final
    // result (abort() it first); at_unsupported_form if `c` has no such form.
    constexpr atmqtt::status begin(const at::command& c, at::form f) noexcept {
        if (pending()) return atmqtt::errc::at_busy;
        if (!c.has(f)) return atmqtt::errc::at_unsupported_form;
        cmd_ = &c;
        form_ = f;
        state_ = state::waiting;
        delivered_ = false;
        return {};
    }

    // The caller gave up on the pending command (its timeout): forget it.
    constexpr void abort() noexcept {
        cmd_ = nullptr;
        state_ = state::idle;
    }

    constexpr state current_state() const noexcept { return state_; }
    constexpr bool pending() const noexcept { return state_ == state::waiting || state_ == state::prompted; }
    // The pending command, or the last completed one (state done or failed); nullptr when idle.
    constexpr const at::command* current() const noexcept { return state_ == state::idle ? nullptr : cmd_; }

    // Routes one tokenizer event. Errors leave the state unchanged: at_unexpected_response for a final
    // result, prompt or echo nobody waits for, or a response line of a command not pending; a
    // tokenizer error event's errc and offset pass through.
    constexpr atmqtt::result<routed> on_event(const at::event& e) noexcept {
        // One routed value filled in place and two exits (a result is built at each: they are large).
        routed out{};
        atmqtt::errc error = atmqtt::errc::ok;
        std::size_t offset = 0;
        switch (e.kind) {
            case at::event_kind::none:
                break;
            case at::event_kind::error:
                error = e.error;
                offset = e.offset;
                break;
            case at::event_kind::data:
                out.kind = route::data;
                out.cmd = current();
                out.text = e.text;
                break;
            case at::event_kind::prompt:
                if (!pending() || !cmd_->is(at::command::prompt_bit) || form_ != at::form::set) {
                    error = atmqtt::errc::at_unexpected_response;
                    break;
                }
                state_ = state::prompted;
                out.kind = route::prompt;
                out.cmd = cmd_;
                out.text = e.text;
                break;
            case at::event_kind::line:
                out.text = e.text;
                out.final = at::classify_final(e.text, lexical_, finals_);
                out.kind = route_line(e, out);
                if (out.kind == route::none) error = atmqtt::errc::at_unexpected_response;
                break;
            default:  // not an event kind
                error = atmqtt::errc::at_unexpected_response;
                break;
        }
        if (error != atmqtt::errc::ok) return {error, offset};
        return out;
    }

private:
    // The route of a line (none: at_unexpected_response); sets out.cmd and out.desc, and the state.
    constexpr route route_line(const at::event& e, routed& out) noexcept {
        const atmqtt::bytes t = e.text;
        const at::final_result& fr = out.final;
        if (fr.kind == at::final_kind::connect && pending() && cmd_->is(at::command::connect_bit) &&
            form_ == at::form::set) {
            // Not the end: like '>', it asks for the command's data (AT+QFUPL's file), then the
            // responses and the final result follow.
            state_ = state::prompted;
            out.final = {};
            out.cmd = cmd_;
            return route::prompt;
        }
        if (fr.is_final()) {
            if (!pending()) return route::none;
            state_ = at::is_success(fr.kind) ? state::done : state::failed;
            out.cmd = cmd_;
            return at::is_success(fr.kind) ? route::final_ok : route::final_error;
        }
        if (at::detail::is_command_line(t)) {
            if (!pending() || !at::detail::is_echo_of(t, cmd_->name)) return route::none;
            out.cmd = cmd_;
            return route::echo;
        }
        // The prefix ("+MQTTUTC" reads as "+MQTTURC") and the lines that have it, for the checks below.
        const at::line_key key = at::key_of(t, lexical_, aliases_);
        const at::line_candidates candidates = at::candidates(lines_, order_, key.prefix);
        const atmqtt::bytes prefix = key.prefix;
        const atmqtt::result<std::size_t> which = at::classify<0>(lines_, order_, e, lexical_, aliases_,
                                                                  state_ == state::idle ? at::form::execute : form_);
        std::size_t li = which.ok() ? *which : lines_.size();
        bool own = state_ != state::idle && !prefix.empty() && at::is_response_prefix(*cmd_, prefix);
        if (own && !pending() && li < lines_.size() && lines_[li].is(at::line::unsolicited_bit) &&
            !router_detail::may_be_response(lines_, candidates, key,
                                            at::detail::field_count(t, lexical_), e.has_payload))
            own = false;  // after OK, a URC's shape that no response has: +QMTRECV's notice after AT+QMTRECV?
        // The command sent names the row of its responses (answered_by): the shape cannot tell OneMO's
        // +MQTTSUB: 1,2 (a listed topic "1") from a subscribe's <connect_id>,<mid>.
        if (own && cmd_->answer < lines_.size() && lines_[cmd_->answer].prefix == prefix) li = cmd_->answer;
        const at::line* known = li < lines_.size() ? &lines_[li] : nullptr;
        out.desc = known;
        // A set or execute form whose deferred result has this prefix answers only OK now: the line
        // is that result (below), else it is the command's response.
        if (own && pending() &&
            !((form_ == at::form::set || form_ == at::form::execute) && cmd_->deferred != at::no_index &&
              cmd_->deferred < lines_.size() && lines_[cmd_->deferred].prefix == prefix)) {
            out.cmd = cmd_;
            return route::response;
        }
        if (known != nullptr && known->is(at::line::deferred_bit)) {
            // Whose result it is only the last command can say (a failed one has none to come); an
            // older command's result is reported without one.
            bool last = (pending() || state_ == state::done) && cmd_->deferred == li;
            // A line that is a URC too is one unless the last command still waits for it: OneMO's "conn"
            // or RisingHF's +IMQTTCONN:-1 during another command (or none) is the link's loss.
            if ((!last || delivered_) && known->is(at::line::unsolicited_bit)) return route::urc;
            if (last) delivered_ = true;
            if (last) out.cmd = cmd_;
            return route::deferred;
        }
        if (own || (known == nullptr && pending() && (t.empty() || t[0] != '+'))) {
            out.cmd = cmd_;  // late (after its final result), or an unprefixed line while it is pending
            return route::response;
        }
        if (known != nullptr && !known->is(at::line::unsolicited_bit)) return route::none;
        return route::urc;
    }

    atmqtt::span<const at::line> lines_;
    atmqtt::span<const std::uint8_t> order_;  // the grammar's line order (line_order_of), or empty
    atmqtt::span<const at::final_alias> finals_;
    atmqtt::span<const at::prefix_alias> aliases_;
    const at::command* cmd_ = nullptr;  // meaningful unless state_ is idle
    at::syntax lexical_;
    at::form form_ = at::form::execute;
    state state_ = state::idle;
    bool delivered_ = false;  // the last command's deferred result was routed to it
};

}  // namespace atmqtt_tool
