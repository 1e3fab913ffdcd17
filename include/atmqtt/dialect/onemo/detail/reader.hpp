// Reads one OneMO response / URC line against its grammar descriptor: prefix, selector, each fixed field
// (integers in range, strings within their length bounds, quoted or bare), the repeated group (counted
// and checked, kept as text for the lazy lists of the typed structs) and the bare payload, whose length
// field alone decides where it ends. Views into the line; nothing copied.
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {
namespace detail {

struct raw_value {
    bytes text{};            // string: without quotes; payload: exactly its bytes
    std::int64_t number = 0;
    bool present = false;
};

inline constexpr std::size_t max_fixed_fields = 6;

struct raw_line {
    raw_value v[max_fixed_fields] = {};  // the fixed fields, by spec index
    bytes group_text{};                  // the repeated groups, as on the wire
    std::size_t group_offset = 0;        // where group_text starts in the line
    std::size_t groups = 0;
};

// The manual's example "+MQTTUTC: "pubnmi",..." is read as +MQTTURC (docs/dialect-notes/onemo.md).
constexpr bool prefix_matches(bytes name, std::string_view want) noexcept {
    return name == want || (want == "+MQTTURC" && name == "+MQTTUTC");
}

// One field against its spec; `out` receives the value.
constexpr status read_value(const at::field_spec& spec, const at::field& f, raw_value& out) noexcept {
    if (f.kind == at::field_kind::list) return {errc::at_unexpected_character, f.offset};
    if (f.empty()) {
        if (spec.is_optional()) return {};
        if (spec.type != at::field_type::string) return {errc::at_missing_field, f.offset};
    }
    out.present = true;
    if (spec.type == at::field_type::integer) {
        result<std::int64_t> n = f.integer();
        if (!n) return {n.error(), n.offset()};
        if (*n < spec.min || *n > spec.max) return {errc::out_of_range, f.offset};
        out.number = *n;
        return {};
    }
    out.text = f.text;  // strings: quoted or bare, both accepted
    if (f.text.size() > static_cast<std::size_t>(spec.max)) return {errc::too_long, f.offset};
    if (f.text.size() < static_cast<std::size_t>(spec.min)) return {errc::out_of_range, f.offset};
    return {};
}

// Reads `text` as grammar line `l`. `hex_lengths`: the payload may also be twice the announced length
// (output format hex, where modems may count the bytes before conversion).
constexpr result<raw_line> read_line(const at::line& l, bytes text, bool hex_lengths = false) noexcept {
    result<at::prefixed_line> p = at::split_prefix(text, lexical);
    if (!p) return {errc::at_unknown_response, p.offset()};
    if (!prefix_matches(p->name, l.prefix)) return {errc::at_unknown_response, 0};
    at::field_reader r(*p, lexical);
    if (!l.selector.empty()) {
        result<at::field> sel = r.next();
        if (!sel) return {sel.error(), sel.offset()};
        if (sel->text != l.selector) return {errc::at_invalid_enum, sel->offset};
    }
    raw_line out{};
    std::size_t fixed = l.fields.size() - l.repeat;
    if (fixed > max_fixed_fields) return {errc::capacity_exceeded, 0};
    for (std::size_t i = 0; i < fixed; ++i) {
        const at::field_spec& spec = l.fields[i];
        if (spec.type == at::field_type::payload) {
            if (r.done()) return {errc::at_missing_field, text.size()};
            bytes rest = r.rest();
            std::size_t at_ = r.offset();
            std::size_t n = static_cast<std::size_t>(out.v[l.length].number);
            if (rest.size() < n) return {errc::at_payload_truncated, at_ + rest.size()};
            if (rest.size() != n && !(hex_lengths && rest.size() == 2 * n)) return {errc::at_payload_mismatch, at_ + n};
            out.v[i].text = rest;
            out.v[i].present = true;
            return out;
        }
        if (r.done()) {
            if (spec.is_optional()) return out;
            return {errc::at_missing_field, text.size()};
        }
        result<at::field> f = r.next();
        if (!f) return {f.error(), f.offset()};
        status s = read_value(spec, *f, out.v[i]);
        if (!s) return {s.error(), s.offset()};
    }
    if (l.repeat != 0) {
        out.group_offset = r.offset();
        out.group_text = r.rest();
        while (!r.done()) {
            for (std::size_t k = fixed; k < l.fields.size(); ++k) {
                if (r.done()) return {errc::at_missing_field, text.size()};
                result<at::field> f = r.next();
                if (!f) return {f.error(), f.offset()};
                raw_value ignored{};
                status s = read_value(l.fields[k], *f, ignored);
                if (!s) return {s.error(), s.offset()};
                if (!ignored.present) return {errc::at_missing_field, f->offset};
            }
            if (++out.groups > l.repeat_max) return {errc::at_too_many_fields, r.offset()};
        }
        if (out.groups < l.repeat_min) return {errc::at_missing_field, text.size()};
    }
    if (!r.done()) return {errc::at_too_many_fields, r.offset()};
    return out;
}

// The i-th value (0-based) of a validated repeated group's `field` (index within the group).
constexpr at::field group_field(bytes group_text, std::size_t group_size, std::size_t i, std::size_t field) noexcept {
    at::field_reader r(group_text, lexical);
    std::size_t want = i * group_size + field;
    for (std::size_t k = 0; !r.done(); ++k) {
        result<at::field> f = r.next();
        if (!f) break;
        if (k == want) return *f;
    }
    return {};
}

}  // namespace detail
}  // namespace onemo
ATMQTT_END_NAMESPACE
