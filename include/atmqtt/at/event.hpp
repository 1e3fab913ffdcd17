// event: what the tokenizer yields. One event per call to tokenizer::next(); views point into the
// tokenizer's line buffer or the caller's current chunk and stay valid until the next call to next(),
// feed() or reset().
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace at {

enum class event_kind : std::uint8_t {
    none = 0,    // no complete event in the input fed so far: feed more bytes
    line = 1,    // a complete line, terminator removed; empty and whitespace-only lines are never reported
    prompt = 2,  // a '>' data prompt at the start of a line (one following space is consumed with it)
    data = 3,    // a piece of a raw data block the caller announced with expect_data(n)
    error = 4,   // a line was discarded: see `error` and `offset`
};

constexpr std::uint8_t no_rule = 0xFF;

struct event {
    event_kind kind = event_kind::none;
    // line: the whole line without its terminator, including any raw payload.
    // data: the bytes of this piece (a view into the caller's chunk).
    // error: the head of the discarded line that the buffer held (possibly empty), for diagnostics.
    bytes text{};
    // line whose prefix matched a payload_rule: exactly the payload bytes (without quotes), a view into
    // `text`. Empty otherwise; has_payload tells an empty payload from none.
    bytes payload{};
    bool has_payload = false;
    std::uint8_t rule = no_rule;  // line: index of the payload_rule that matched, or no_rule
    errc error = errc::ok;        // error: why the line was discarded
    std::size_t offset = 0;       // error: offset within the line where the problem was found
    std::size_t remaining = 0;    // data: bytes of the block still to come after this piece (0: done)
    // line: a row of a multi-row answer (`1,1,/PubTopic1,0,0` after `+MQTTPUBTP:`): no prefix, its fields
    // are the header's row's. Set by a dialect's session decoder (context), never by the tokenizer.
    bool row = false;

    constexpr explicit operator bool() const noexcept { return kind != event_kind::none; }
    constexpr bool is_line() const noexcept { return kind == event_kind::line; }
    constexpr bool is_prompt() const noexcept { return kind == event_kind::prompt; }
    constexpr bool is_data() const noexcept { return kind == event_kind::data; }
    constexpr bool is_error() const noexcept { return kind == event_kind::error; }
};

// A line event for text that did not come from a tokenizer (a log line, a test): every decoder takes
// an event, so text is decoded as line_event(text).
constexpr event line_event(bytes text) noexcept {
    event e{};
    e.kind = event_kind::line;
    e.text = text;
    return e;
}

// A row of a multi-row answer given as text (see event::row): decoded against the header's line.
constexpr event row_event(bytes text) noexcept {
    event e = line_event(text);
    e.row = true;
    return e;
}

}  // namespace at
ATMQTT_END_NAMESPACE
