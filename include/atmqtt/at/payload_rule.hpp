// payload_rule: how the tokenizer recognises a response or URC line that carries a raw payload of
// announced length, e.g. `+QMTRECV: 0,1,"topic",30,<30 bytes>` or
// `+MQTTURC: "publish",0,0,"topic",11,11,hello world`. The length field, not the line end, decides where
// the payload ends, so the payload may contain CR, LF, commas and quotes. Grammar URC descriptors carry
// or produce these; the tokenizer takes a span of them.
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// Which spellings of the payload field a rule accepts. The announced length never counts the quotes.
enum class payload_form : std::uint8_t {
    quoted = 1,  // "<len bytes>": the closing quote must follow the counted bytes
    bare = 2,    // <len bytes> right after the comma
    either = 3,  // quoted when the field starts with '"' and a '"' follows the counted bytes, else bare
};

// payload_rule::quoted_field when no field has to be quoted.
constexpr std::uint8_t no_quoted_field = 0xFF;

struct payload_rule {
    bytes prefix;                 // the line's prefix without the colon, e.g. "+QMTRECV"
    bytes selector;               // required value of field 0 (quotes stripped), e.g. "publish"; empty: any
    std::uint8_t length_field;    // 0-based index (after the prefix) of the integer field holding the length;
                                  // the payload is the field right after it
    bool length_optional;         // when that field is not an integer, or the line ends in it, the length is
                                  // absent and the payload is the rest of the line from that field on
    payload_form form;
    // Shape guard: the index of a field before the length field that must start with '"' for the line to
    // be a payload line; when it does not, the line is an ordinary line with the same prefix (Quectel's
    // `+QMTRECV: 0,1,0,0,0,0` store status next to `+QMTRECV: 0,1,"topic",5,hello`). no_quoted_field: none.
    std::uint8_t quoted_field = no_quoted_field;
};

// Upper bound on length_field, so the tokenizer's field counter fits in a byte with room to spare.
constexpr std::uint8_t max_payload_length_field = 63;

// Checks a rule for mistakes a table could make: an empty prefix, a prefix containing a byte that may end
// a line's name (split_prefix's: a separator, a quote, a full-width form's first byte), a space or a line
// end, a selector on field 0 that is also the length field, an out-of-range field index or form. The
// tokenizer's fast paths read the names of lines only for valid tables.
constexpr status validate(const payload_rule& r) noexcept {
    if (r.prefix.empty()) return {errc::at_unknown_response, 0};
    for (std::size_t i = 0; i < r.prefix.size(); ++i) {
        char c = r.prefix[i];
        if (detail::may_end_name(c) || c == ' ' || c == '\r' || c == '\n') return {errc::at_unexpected_character, i};
    }
    if (r.length_field > max_payload_length_field) return {errc::out_of_range, 0};
    if (!r.selector.empty() && r.length_field == 0) return {errc::at_invalid_enum, 0};
    if (r.form < payload_form::quoted || r.form > payload_form::either) return {errc::at_invalid_enum, 0};
    // The guard is decided while the fields are scanned, so it must come before the length field.
    if (r.quoted_field != no_quoted_field && r.quoted_field >= r.length_field) return {errc::out_of_range, 0};
    return {};
}

// Checks every rule of a table; the offset of a failure is the index of the offending rule.
constexpr status validate(span<const payload_rule> rules) noexcept {
    if (rules.size() > 254) return {errc::capacity_exceeded, 254};  // rule indices are bytes; 255 = none
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (const status s = validate(rules[i]); !s) return {s.error(), i};
    }
    return {};
}

}  // namespace at
ATMQTT_END_NAMESPACE
