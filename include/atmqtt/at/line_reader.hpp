// read_line: one information response or URC line, read and checked against its grammar descriptor:
// prefix, selector, every field in order (trailing optional ones may be absent, a repeated group
// min..max times), integer ranges, string lengths, enumeration words, hex digits, and a raw payload
// whose length field decides where it ends. The values are views into the line; nothing is copied.
// This is the table-driven engine under the dialects' typed URC decoders and the host tool's decoder.
//
//     at::field_value v[8];
//     auto n = at::read_line(quectel::recv_urc, ev, quectel::syntax, v);   // ev: the tokenizer's event
//     if (n) { int idx = v[0].number; bytes topic = v[2].text; bytes payload = v[4].text; }
//
// Strict where it matters, tolerant where modems differ: strings may come quoted or bare whatever the
// manual says; integers must be plain decimals within the field's range. Errors carry the offset of
// the offending field within the line.
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// One field as read: `text` is a quoted field's content (escapes not decoded: field::decode or
// unescape() do that), a bare field's trimmed text, a hex field's digits, or exactly the payload bytes.
struct field_value {
    bytes text{};
    std::int32_t number = 0;  // integer fields
    std::size_t offset = 0;   // where the field starts within the line
    bool present = false;     // false: an optional field left empty or absent
    bool quoted = false;      // it was written in quotes
};

namespace detail {

// Checks one lexed field against its spec and fills `v`.
constexpr errc check_value(const field_spec& spec, const field& f, field_value& v) noexcept {
    v.text = f.text;
    v.offset = f.offset;
    v.quoted = f.kind == field_kind::quoted;
    v.present = true;
    switch (spec.type) {
        case field_type::integer: {
            if (f.kind != field_kind::bare) return errc::at_invalid_integer;
            result<std::int64_t> n = parse_integer(f.text);
            if (!n) return n.error();
            if (*n < spec.min || *n > spec.max) return errc::out_of_range;
            v.number = static_cast<std::int32_t>(*n);
            return errc::ok;
        }
        case field_type::string: {
            if (f.kind == field_kind::list) return errc::at_unexpected_character;
            result<std::size_t> size = f.kind == field_kind::quoted ? unescape(f.text, f.lexical.escape)
                                                                    : result<std::size_t>(f.text.size());
            if (!size) return size.error();
            if (*size > static_cast<std::size_t>(spec.max)) return errc::too_long;
            if (*size < static_cast<std::size_t>(spec.min)) return errc::out_of_range;
            return errc::ok;
        }
        case field_type::hex: {
            if (f.kind == field_kind::list) return errc::at_unexpected_character;
            if (f.text.size() % 2 != 0) return errc::at_invalid_hex;
            for (char c : f.text)
                if (hex_value(c) < 0) return errc::at_invalid_hex;
            std::size_t size = f.text.size() / 2;
            if (size > static_cast<std::size_t>(spec.max)) return errc::too_long;
            if (size < static_cast<std::size_t>(spec.min)) return errc::out_of_range;
            return errc::ok;
        }
        case field_type::word:
        case field_type::literal:
            if (f.kind == field_kind::list) return errc::at_unexpected_character;
            return is_word_of(spec.words, f.text) ? errc::ok : errc::at_invalid_enum;
        case field_type::payload:
            break;  // handled by read_line
    }
    return errc::at_unexpected_character;
}

// The payload in `rest` (the unread line from the payload field on), `len` bytes long when the
// length is known, else all of it; quotes around it are removed when the field allows them.
constexpr result<bytes> take_payload(bytes rest, quoting q, bool has_len, std::size_t len,
                                     std::size_t offset) noexcept {
    bool may_quote = q != quoting::bare;
    if (has_len) {
        if (may_quote && !rest.empty() && rest[0] == '"' && rest.size() == len + 2 && rest[len + 1] == '"')
            return result<bytes>(rest.substr(1, len), offset + 1);
        if (q == quoting::quoted) return {errc::at_payload_mismatch, offset};
        if (rest.size() != len) return {errc::at_payload_mismatch, offset};
        return result<bytes>(rest, offset);
    }
    if (may_quote && rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
        return result<bytes>(rest.substr(1, rest.size() - 2), offset + 1);
    if (q == quoting::quoted) return {errc::at_payload_mismatch, offset};
    return result<bytes>(rest, offset);
}

}  // namespace detail

// Reads `text` (one line, without terminator) as `desc` describes it into `out`: out[i] is field i of
// desc.fields; a repeated group's k-th repetition fills the slots after the fixed fields. Returns the
// number of slots filled. Errors: at_unknown_response (another prefix), at_invalid_enum (another
// selector, or a word not listed), at_missing_field, at_too_many_fields, at_invalid_integer,
// at_integer_overflow, out_of_range, too_long, at_invalid_hex, at_payload_mismatch (the payload is not
// as long as its length field says), buffer_too_small (`out` has too few slots), and the lexer's.
constexpr result<std::size_t> read_line(const line& desc, bytes text, const syntax& lexical,
                                        span<field_value> out) noexcept {
    result<prefixed_line> pl = split_prefix(text, lexical);
    bool whole_word = !pl.ok() && text == desc.prefix && desc.selector.empty() && desc.fields.empty();
    if (whole_word) return result<std::size_t>(std::size_t{0}, text.size());
    if (!pl.ok() || pl->name != desc.prefix) return {errc::at_unknown_response, 0};
    field_reader reader(*pl, lexical);
    if (!desc.selector.empty()) {
        result<field> sel = reader.next();
        if (!sel) return {sel.error(), sel.offset()};
        if (sel->text != desc.selector) return {errc::at_invalid_enum, sel->offset};
    }
    const std::size_t count = desc.fields.size();
    const std::size_t fixed = count - desc.repeat;
    const std::size_t payload_at = desc.payload_index();
    std::size_t filled = 0;
    std::size_t groups = 0;
    for (std::size_t i = 0;; ++i) {
        // Which spec this slot reads: fixed fields, then the group cycling.
        std::size_t spec_index = i < fixed ? i : fixed + (desc.repeat == 0 ? 0 : (i - fixed) % desc.repeat);
        bool in_group = i >= fixed && desc.repeat != 0;
        if (i >= fixed && desc.repeat == 0) break;
        if (in_group && (i - fixed) % desc.repeat == 0) {
            if (groups == desc.repeat_max || reader.done()) break;
            ++groups;
        }
        if (i >= out.size()) return {errc::buffer_too_small, reader.offset()};
        const field_spec& spec = desc.fields[spec_index];
        field_value& v = out[i];
        v = field_value{};
        v.offset = reader.offset();
        if (spec_index == payload_at) {
            // The length field before it said how long it is (or was absent: the rest of the line).
            bool has_len = payload_at > 0 && static_cast<std::size_t>(desc.length) + 1 == payload_at &&
                           out[desc.length].present;
            std::size_t len = has_len ? static_cast<std::size_t>(out[desc.length].number) : 0;
            bytes rest = reader.done() ? bytes{} : reader.rest();
            if (reader.done() && !(has_len && len == 0)) return {errc::at_missing_field, text.size()};
            result<bytes> p = detail::take_payload(rest, spec.quote, has_len, len, reader.offset());
            if (!p) return {p.error(), p.offset()};
            v.text = *p;
            v.offset = p.offset();
            v.present = true;
            v.quoted = v.offset != reader.offset();
            filled = i + 1;
            return result<std::size_t>(filled, text.size());
        }
        if (reader.done()) {
            // Out of fields: fine before an optional field (and everything after it), or between groups.
            // An absent optional length still needs its payload: the next slot says it is missing.
            if (in_group) return {errc::at_missing_field, text.size()};
            if (desc.length_optional() && i == desc.length) continue;
            if (!spec.is_optional()) return {errc::at_missing_field, text.size()};
            if (desc.repeat != 0 && desc.repeat_min != 0) return {errc::at_missing_field, text.size()};
            break;
        }
        if (desc.length_optional() && i == desc.length) {
            // Quectel's [,<len>]: an integer here is the length, anything else is already the payload.
            field_reader peek = reader;
            result<field> f = peek.next();
            bool is_len =
                f.ok() && f->kind == field_kind::bare && parse_integer(f->text).ok() && !peek.done();
            if (!is_len) {
                filled = i + 1;  // the length slot stays absent
                continue;
            }
        }
        result<field> f = reader.next();
        if (!f) return {f.error(), f.offset()};
        if (f->kind == field_kind::empty) {
            if (!spec.is_optional() || in_group) return {errc::at_missing_field, f->offset};
            v.offset = f->offset;
            filled = i + 1;
            continue;
        }
        errc e = detail::check_value(spec, *f, v);
        if (e != errc::ok) return {e, f->offset};
        filled = i + 1;
    }
    if (groups < desc.repeat_min && desc.repeat != 0) return {errc::at_missing_field, text.size()};
    if (!reader.done()) return {errc::at_too_many_fields, reader.offset()};
    return result<std::size_t>(filled, text.size());
}

// The same for a tokenizer event: its line text.
constexpr result<std::size_t> read_line(const line& desc, const event& ev, const syntax& lexical,
                                        span<field_value> out) noexcept {
    return read_line(desc, ev.text, lexical, out);
}

// Decodes a hex field's digits (either case) into `out`; returns the byte count. at_invalid_hex for an
// odd count or a non-hex digit, buffer_too_small when `out` is short.
constexpr result<std::size_t> hex_to_bytes(bytes digits, mutable_bytes out) noexcept {
    if (digits.size() % 2 != 0) return {errc::at_invalid_hex, digits.size()};
    if (digits.size() / 2 > out.size()) return {errc::buffer_too_small, 0};
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        int hi = detail::hex_value(digits[i]);
        int lo = detail::hex_value(digits[i + 1]);
        if (hi < 0 || lo < 0) return {errc::at_invalid_hex, hi < 0 ? i : i + 1};
        out[i / 2] = static_cast<char>(hi * 16 + lo);
    }
    return digits.size() / 2;
}

}  // namespace at
ATMQTT_END_NAMESPACE
