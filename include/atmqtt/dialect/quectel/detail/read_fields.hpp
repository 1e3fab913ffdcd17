// Table-driven field checking for one Quectel line: reads the fields after the prefix (and selector)
// and checks each against its field_spec (integer range, string length, optionality, repeated group).
// Stops before a payload field: the tokenizer has already cut the payload out by its length.
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {
namespace detail {

inline constexpr std::size_t max_line_fields = 24;

// The checked fields of one line: integers parsed, strings as views (quotes removed, no escapes in
// this dialect), the repeated group's values counted.
struct line_fields {
    std::int64_t integer[max_line_fields] = {};
    bytes text[max_line_fields] = {};
    std::uint8_t count = 0;  // fields present
};

constexpr errc check_one(const at::field_spec& spec, const at::field& f, std::int64_t& i, bytes& t) noexcept {
    switch (spec.type) {
        case at::field_type::integer: {
            if (f.kind != at::field_kind::bare) return errc::at_invalid_integer;
            result<std::int64_t> r = at::parse_integer(f.text);
            if (!r) return r.error();
            if (*r < spec.min || *r > spec.max) return errc::out_of_range;
            i = *r;
            return errc::ok;
        }
        case at::field_type::string:
        case at::field_type::word: {
            if (f.kind == at::field_kind::list) return errc::at_unexpected_character;
            if (spec.quote == at::quoting::quoted && f.kind != at::field_kind::quoted) return errc::at_unexpected_character;
            t = f.text;
            if (spec.type == at::field_type::word) return at::is_word_of(spec.words, t) ? errc::ok : errc::at_invalid_enum;
            if (t.size() > static_cast<std::size_t>(spec.max)) return errc::too_long;
            if (t.size() < static_cast<std::size_t>(spec.min)) return errc::out_of_range;
            return errc::ok;
        }
        default: return errc::at_type_mismatch;
    }
}

// Reads `params` against `spec`'s fields. The offset of an error points into the line (params_offset
// is where params starts). A payload field ends the reading; the caller takes the payload elsewhere.
constexpr result<line_fields> read_fields(const at::line& spec, bytes params, std::size_t params_offset,
                                          const at::syntax& lexical) noexcept {
    line_fields out{};
    at::field_reader reader(params, lexical, params_offset);
    std::size_t total = spec.fields.size();
    std::size_t fixed = total - spec.repeat;
    std::size_t groups = 0;
    std::size_t n = 0;
    while (!reader.done()) {
        std::size_t k = n < fixed ? n : fixed + (spec.repeat == 0 ? 0 : (n - fixed) % spec.repeat);
        if (n >= max_line_fields || (spec.repeat == 0 && n >= total)) return {errc::at_too_many_fields, reader.offset()};
        const at::field_spec& fs = spec.fields[k];
        if (fs.type == at::field_type::payload) break;
        if (spec.repeat != 0 && n >= fixed && (n - fixed) / spec.repeat >= spec.repeat_max)
            return {errc::at_too_many_fields, reader.offset()};
        result<at::field> f = reader.next();
        if (!f) return {f.error(), f.offset()};
        errc e = check_one(fs, *f, out.integer[n], out.text[n]);
        if (e != errc::ok) return {e, f->offset};
        ++n;
        if (spec.repeat != 0 && n > fixed && (n - fixed) % spec.repeat == 0) ++groups;
    }
    // Enough fields? Stopping is allowed right before an optional field, a payload or a complete group.
    bool absent_length = spec.length_optional() && n == spec.length;  // +QMTRECV with msg_len_enable = 0
    if (n < fixed && !spec.fields[n].is_optional() && spec.fields[n].type != at::field_type::payload && !absent_length)
        return {errc::at_missing_field, params_offset + params.size()};
    if (spec.repeat != 0 && n >= fixed && ((n - fixed) % spec.repeat != 0 || groups < spec.repeat_min))
        return {errc::at_missing_field, params_offset + params.size()};
    out.count = static_cast<std::uint8_t>(n);
    return result<line_fields>(out, params_offset + params.size());
}

}  // namespace detail
}  // namespace quectel
ATMQTT_END_NAMESPACE
