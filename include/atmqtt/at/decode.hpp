// decode: one response / URC line -> the grammar descriptor it matches and its typed field values, without
// copying (values are views into the line) and without allocation (a fixed-capacity array of values).
//
//     auto r = at::decode<8>(my_grammar, ev);          // (classify.hpp) ev: a line event from the tokenizer
//     if (r) { r->desc; r->find("topic")->text; r->find("payload")->text; ... }
//     else   { r.error(); r.offset(); }                // at_unknown_response: no descriptor has the prefix
//
//     at::decode_with<8>(desc, ev, syntax)              // against one given descriptor
//     at::decode_with<8>(desc, at::line_event(text))    // a line given as text
//     at::decode_test_response<8>(cmd, {}, text, syntax) // an answer to AT+NAME=? : every element as text
//     at::is_candidate(desc, at::key_of(text, syntax))  // same prefix (and selector): worth trying
//
// Matching (decode): the line's prefix is read with the dialect's tolerances (split_prefix) and mapped
// through the grammar's prefix aliases ("+MQTTUTC" reads as "+MQTTURC"); a line with no prefix separator
// ("RDY") is its own prefix. Candidates are the grammar's lines with that prefix whose
// selector (if any) equals the first field (quotes stripped, ASCII case ignored); the row at::classify
// finds wins (the first candidate whose shape fits). When every candidate fails, the failure that got
// furthest into the line is returned.
//
// Shape of a descriptor (decode_with), field by field:
// - integer: bare decimal, checked against [min, max] (out_of_range; at_invalid_integer, at_integer_overflow)
// - string: quoted or bare text, its wire length checked against [min, max] (out_of_range); escapes are
//   decoded on demand by field_value::decode_text
// - hex: even count of hex digits (at_invalid_hex), byte length in [min, max]; decode_hex on demand
// - word / literal: one of the listed words, exactly (at_invalid_enum); `number` is the word's index
// - payload: the event's payload view when the tokenizer matched the line's payload rule; otherwise the
//   rest of the line (quotes stripped unless the field is bare), checked against the length field
//   (at_payload_truncated / at_payload_mismatch). With an optional length field, a length slot that is not
//   a bare integer followed by more text is the payload itself (the tokenizer's rule).
// - an optional field may be missing together with everything after it (value kind `absent`); a missing
//   required field is at_missing_field, extra fields at_too_many_fields. An empty integer / word field
//   that is optional is absent; an empty string or hex field is present and empty, also as the only
//   thing after the colon ("+ALIREGION:").
// - the repeated group (the last `repeat` fields) is read repeat_min..repeat_max times; its values follow
//   in wire order, each with its spec index and repetition number.
// - a list "(0-5)" where a value belongs: at_type_mismatch (test answers go to decode_test_response).
// - more values than Capacity: capacity_exceeded.
// Offsets are byte offsets within the line. Nothing is copied: keep the line alive while using the values.
// The readers take a syntax value, or a grammar's read_syntax (syntax_of<G>: its options and what its lines
// use, as a type): firmware reading one dialect then links no code for what that dialect never has. A row
// read with it must be a row of that table: a hex or word field it lacks is at_type_mismatch, and so is a
// row event (event::row) when no line of the table may head a multi-row answer (reading::rows).
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace at {

enum class value_kind : std::uint8_t {
    absent,     // an optional field left out (or an optional length field that was not sent)
    integer,    // `number`
    text,       // string field: `text` is the wire text without quotes, escapes not decoded
    hex,        // hex field: `text` holds the digits; decode_hex() gives the octets
    word,       // word field: `text` is the word, `number` its index in the word list
    literal,    // literal field: `text` as on the wire
    payload,    // raw payload: `text` is exactly the payload bytes
    test_item,  // an element of a test (=?) response, verbatim ("(0-5)", "<msgid>"; quotes stripped)
};

struct field_value {
    value_kind kind = value_kind::absent;
    bool quoted = false;              // the wire value was in quotes
    std::uint8_t spec = no_index;     // index into decoded_line::specs (no_index: an element past them)
    std::uint8_t repetition = 0;      // repeated group: which repetition (0-based); 0 elsewhere
    std::int32_t number = 0;          // integer value (in its field's 32-bit range), or the index of a word
    bytes text{};                     // see value_kind
    std::size_t offset = 0;           // where the value starts in the line

    constexpr bool present() const noexcept { return kind != value_kind::absent; }

    // A quoted text's escapes decoded by `s` into out (measure only with an empty out); bare text copied.
    constexpr result<std::size_t> decode_text(const syntax& s, mutable_bytes out = {}) const noexcept {
        return detail::decode_text(text, quoted, s.escape, offset, out);
    }

    // The octets of a hex value (core/hex.hpp's hex_decode; errors at the value's offset).
    constexpr result<std::size_t> decode_hex(mutable_bytes out) const noexcept {
        result<std::size_t> n = hex_decode(text, out);
        if (!n) return {n.error(), offset};
        return *n;
    }
};

namespace detail {
// What a read found besides the values.
struct read_end {
    bytes prefix{};                // as on the wire (an alias of the row's prefix, if the modem used one)
    bytes selector{};              // as on the wire (without quotes), if the row has one
    std::size_t group_at = 0;      // where the repeated group starts (the line's size when it was not reached)
    std::uint8_t repetitions = 0;  // how many times the repeated group was read
};
}  // namespace detail

// The values, and (detail::read_end) the prefix and selector as on the wire and the repetitions read.
template <std::size_t Capacity>
struct decoded_line : detail::read_end {
    static_assert(Capacity > 0 && Capacity < no_index, "value capacity must be 1..254");

    const line* desc = nullptr;        // the matching descriptor (null for a test response)
    span<const field_spec> specs{};    // what field_value::spec indexes: desc->fields, or the command's params
    std::size_t count = 0;
    std::array<field_value, Capacity> values{};

    constexpr span<const field_value> fields() const noexcept { return {values.data(), count}; }
    constexpr const field_spec* spec_of(const field_value& v) const noexcept {
        return v.spec < specs.size() ? &specs[v.spec] : nullptr;
    }
    // The first value of the field named `name`, or null (absent values are returned: check present()).
    constexpr const field_value* find(std::string_view name) const noexcept {
        for (const field_value& v : fields())
            if (const field_spec* f = spec_of(v); f && f->name == name) return &v;
        return nullptr;
    }
};

namespace detail {

constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr bool equal_nocase(bytes a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
    return true;
}

constexpr std::size_t offset_in(bytes whole, bytes part) noexcept {
    return part.empty() && part.data() == nullptr ? 0 : static_cast<std::size_t>(part.data() - whole.data());
}

// Appends a value; capacity_exceeded when full.
template <std::size_t Capacity>
constexpr status push(decoded_line<Capacity>& out, const field_value& v) noexcept {
    if (out.count == Capacity) return {errc::capacity_exceeded, v.offset};
    out.values[out.count++] = v;
    return {};
}

// One lexed field checked against its spec (not payload), into v (kind, number, text, quoted, offset;
// spec and repetition are left as they are). `s`: the syntax the field was read with; a kind it does not
// read is at_type_mismatch.
template <class Lex = syntax>
constexpr status put_typed(const field_spec& spec, const field& f, field_value& v, const Lex& s = {}) noexcept {
    constexpr bool hex = Lex::reads(reading::hex);
    v.offset = f.offset;
    v.quoted = f.kind == field_kind::quoted;
    v.text = f.text;
    v.kind = value_kind::absent;
    if (f.kind == field_kind::list) return {errc::at_type_mismatch, f.offset};
    switch (spec.type) {
        case field_type::integer: {
            if (f.empty()) {
                if (spec.is_optional()) return {};  // absent
                const bool missing = s.allows(lex::empty_means_missing);
                return {missing ? errc::at_missing_field : errc::at_invalid_integer, f.offset};
            }
            result<std::int64_t> n = f.integer();
            if (!n) return {n.error(), n.offset()};
            if (*n < spec.min || *n > spec.max) return {errc::out_of_range, f.offset};
            v.kind = value_kind::integer;
            v.number = static_cast<std::int32_t>(*n);  // within [min, max]: 32 bits
            return {};
        }
        case field_type::string:
        case field_type::hex: {
            if (f.empty() && spec.is_optional() && s.allows(lex::empty_is_absent)) return {};  // absent
            std::size_t n = f.text.size();
            if (spec.type == field_type::hex) {
                if constexpr (!hex) break;
                if (n % 2 != 0) return {errc::at_invalid_hex, f.offset};
                for (std::size_t i = 0; i < n; ++i)
                    if (hex_value(f.text[i]) < 0) return {errc::at_invalid_hex, f.offset + (v.quoted ? 1 : 0) + i};
                n /= 2;
                v.kind = value_kind::hex;
            } else {
                v.kind = value_kind::text;
            }
            if (n < static_cast<std::size_t>(spec.min) || n > static_cast<std::size_t>(spec.max))
                return {errc::out_of_range, f.offset};
            return {};
        }
        case field_type::word:
        case field_type::literal: {
            if constexpr (!Lex::reads(reading::words)) break;
            if (f.empty() && spec.is_optional()) return {};  // absent
            v.number = word_index(spec.words, std::string_view(f.text.data(), f.text.size()));
            if (v.number < 0) return {errc::at_invalid_enum, f.offset};
            v.kind = spec.type == field_type::word ? value_kind::word : value_kind::literal;
            return {};
        }
        case field_type::payload: break;
    }
    return {errc::at_type_mismatch, f.offset};
}
// The common spelling of a prefix read fast: `want` (a row's prefix, not empty, with no byte split_prefix
// stops at, not an alias: plain_prefix, the caller knows), then ':' and blanks. True with pos where the fields start, as
// split_prefix would say; false for anything else (split_prefix then reads the line).
constexpr bool own_prefix(bytes t, std::string_view want, std::size_t& pos) noexcept {
    const std::size_t n = want.size();
    if (n >= t.size() || t[n] != ':' || std::string_view(t.data(), n) != want) return false;
    pos = n + 1;
    while (pos < t.size() && is_blank(t[pos])) ++pos;
    return true;
}
// Whether own_prefix may read lines of a row with prefix `p`.
constexpr bool plain_prefix(std::string_view p, span<const prefix_alias> aliases) noexcept {
    if (p.empty() || p.back() == ' ' || canonical_prefix(aliases, p) != p) return false;
    for (char c : p)
        if (may_end_name(c)) return false;
    return true;
}

// The common fields read fast at t[pos], followed by ',' (or, unless `comma`, the line end): an integer of
// 1 to 9 ASCII digits, its value straight from the digits; a quoted string. Each within its range. True
// with v's kind, number, quoted and text set and pos and done past the field; false (nothing moved) for
// anything else, which the lexer and put_typed then read to the same value and position, or to the error.
ATMQTT_AT_SPEED_INLINE constexpr bool quick_field(bytes t, std::size_t& pos, bool& done, const field_spec& spec, bool comma, quote_escape esc,
                           field_value& v) noexcept {
    if (!ATMQTT_AT_FAST_PATHS) return false;
    std::size_t q = pos;
    std::int32_t value = 0;
    if (spec.type == field_type::integer) {
        std::uint32_t n = 0;  // wraps past 9 digits, which are refused
        for (unsigned d = 0; q < t.size() && (d = static_cast<unsigned char>(t[q]) - unsigned{'0'}) < 10; ++q)
            n = n * 10 + d;
        value = static_cast<std::int32_t>(n);  // below 10^9
        if (q == pos || q - pos > 9 || value < spec.min || value > spec.max) return false;
    } else if (spec.type == field_type::string && !comma && q < t.size() && t[q] == '"') {
        q = closing_quote(t, q, esc);
        const std::size_t n = q - pos - 1;
        if (q++ == t.size() || n < static_cast<std::size_t>(spec.min) || n > static_cast<std::size_t>(spec.max))
            return false;
    } else {
        return false;
    }
    const bool end = q == t.size();
    if (end ? comma : t[q] != ',') return false;
    if (spec.type == field_type::integer) {
        v.kind = value_kind::integer;
        v.number = value;
        v.text = slice(t, pos, q);
    } else {
        v.kind = value_kind::text;
        v.quoted = true;
        v.text = slice(t, pos + 1, q - 1);
    }
    done = end;
    pos = end ? q : q + 1;
    return true;
}

// The payload of row l (its last field) when the fields before it were read up to t[pos] (the line's end
// when it ended there); `length` is the length field's value when it was read as an integer (negative: none).
constexpr status payload_value(const line& l, const event& e, std::size_t pos, std::ptrdiff_t length,
                               field_value& v) noexcept {
    const bytes t = e.text;
    while (pos < t.size() && is_blank(t[pos])) ++pos;
    const bool opens = pos < t.size() && t[pos] == '"';
    v.kind = value_kind::payload;
    // A row counting hex bytes reads its payload from the text: the tokenizer cut it at the count, which
    // may be half of it (hex text has no CR, LF or quote that only the count could delimit).
    if (e.has_payload && !l.is(line::hex_length_bit)) {
        v.text = e.payload;
        v.offset = offset_in(t, e.payload);
        const std::size_t after = v.offset + v.text.size();
        v.quoted = v.offset - 1 < t.size() && t[v.offset - 1] == '"' && after < t.size() && t[after] == '"';  // (0 < offset <= size)
        // The tokenizer split the line by its own reading of the fields; a line whose fields read
        // differently here (a stray quote in a bare topic) must not pair this length with that payload.
        if (v.quoted && opens) ++pos;
        if (v.offset != pos) return {errc::at_payload_mismatch, pos};
        if (length >= 0 && static_cast<std::size_t>(length) != v.text.size())
            return {errc::at_payload_mismatch, v.offset};
        // The payload ends the line: bytes after the counted ones (and the closing quote) mean the
        // length was wrong, as they do for a line given as text.
        if (after + (v.quoted ? 1u : 0u) != t.size()) return {errc::at_payload_mismatch, after};
        return {};
    }
    // The rest of the line, without its quotes when it is wrapped in them (and the field may be quoted).
    v.quoted = opens && t.size() - pos >= 2 && t[t.size() - 1] == '"' &&
               l.fields[l.fields.size() - 1].quote != quoting::bare;
    const std::size_t quote = v.quoted ? 1 : 0;
    pos += quote;
    v.text = slice(t, pos, t.size() - quote);
    v.offset = pos;
    const std::size_t n = v.text.size();
    if (length >= 0 && !(l.is(line::hex_length_bit) && 2 * static_cast<std::size_t>(length) == n)) {
        const std::size_t want = static_cast<std::size_t>(length);  // a field's 32-bit value: 2 * want fits
        if (n < want) return {errc::at_payload_truncated, pos + n};
        if (n > want) return {errc::at_payload_mismatch, pos + want};
    }
    return {};
}

}  // namespace detail

// A repeated group kept as wire text (decode_lazy_group, below), its values read again on demand.
struct group_view {
    const line* row = nullptr;  // the row whose repeated group it is
    bytes text{};               // the group as on the wire
    std::size_t offset = 0;     // where text starts in the line
    std::size_t count = 0;      // repetitions read
    syntax lexical{};

    constexpr std::size_t size() const noexcept { return count; }                    // repetitions
    constexpr std::size_t width() const noexcept { return row ? row->repeat : 0; }  // fields per repetition

    // Field k (0-based within the group) of repetition i, typed as decode_with types it (spec and
    // repetition set); an absent value when i or k is out of range.
    constexpr field_value value(std::size_t i, std::size_t k) const noexcept {
        field_value none{};
        if (i >= count || k >= width()) return none;
        // Skip to field i * width + k; the group was validated when it was made, so it exists and is typed.
        field_reader r(text, lexical, offset);
        result<field> f = r.next();
        for (std::size_t skip = i * width() + k; skip > 0 && f; --skip) f = r.next();
        const std::size_t spec = row->fields.size() - row->repeat + k;
        field_value v{};
        if (!f || !detail::put_typed(row->fields[spec], *f, v, lexical)) return none;
        v.spec = static_cast<std::uint8_t>(spec);
        v.repetition = static_cast<std::uint8_t>(i);
        return v;
    }
};

namespace detail {

// Where the values of one line go: put() takes each value in wire order (an error stops the read there).
// A plain function pointer, not a template, so every decode of a program shares one read_values.
struct value_sink {
    status (*put)(value_sink& self, const field_value& v) noexcept;
};

// The one reader: `e` against row `l` in one pass, each value checked as the header comment says and
// handed to `sink` in wire order (absent ones too: an optional field left out, with spec set); then
// bytes left over are at_too_many_fields, too few repetitions at_missing_field. The first error.
// `s`: a syntax, or read_syntax (a row of the table it was derived from: what the table lacks is left out).
template <class Lex>
constexpr status read_values(const line& l, const event& e, const Lex& s, span<const prefix_alias> aliases,
                             value_sink& sink, read_end& end) noexcept {
    constexpr bool payloads = Lex::reads(reading::payloads), groups = Lex::reads(reading::groups),
                   optional_lengths = Lex::reads(reading::optional_lengths), selectors = Lex::reads(reading::selectors),
                   rows = Lex::reads(reading::rows);
    const bytes t = e.text;
    const std::size_t count = l.fields.size();
    const std::uint8_t repeat = groups ? l.repeat : 0;
    const std::size_t fixed = count - repeat;
    const bool length_optional = optional_lengths && l.is(line::length_optional_bit);
    const bool selector = selectors && !l.selector.empty();
    std::size_t pos = 0;
    end.group_at = t.size();  // (`end` comes fresh: read_end{})
    status st{};
    bool done = false;
    if (e.row) {  // a row of a multi-row answer: all of it is fields, the row is the header's
        if (!rows || selector || repeat != 0 || (payloads && l.payload_index() != no_index))
            return {errc::at_type_mismatch, 0};
        if (trim_blanks(t).empty()) return {errc::at_missing_field, 0};  // a row is never nothing
    } else {
        result<prefixed_line> pl = split_prefix(t, s);
        end.prefix = pl.ok() ? pl->name : trim_blanks(t);
        bytes name = end.prefix;  // (end.prefix stays as on the wire)
        if constexpr (Lex::reads(reading::aliases)) name = canonical_prefix(aliases, name);
        if (name != l.prefix) return {errc::at_unknown_response, 0};
        pos = pl.ok() ? pl->params_offset : t.size();
        // "+ALIREGION:" with nothing after the colon: one empty field when the first field is text (USR's
        // answer for an unset value), then absent ones: the line is not done, the lexer reads that field.
        done = pos >= t.size() && !(pl.ok() && !selector && fixed > 0 &&
                                    (l.fields[0].type == field_type::string || l.fields[0].type == field_type::hex));
    }
    field f{};  // the field read last
    if (selector) {
        st = lex_field(t, s, pos, done, f);
        if (!st) return st;
        if (!equal_nocase(f.text, l.selector)) return {errc::at_invalid_enum, f.offset};
        end.selector = f.text;
    }
    std::ptrdiff_t length = -1;  // the length field's value, once read
    std::size_t reps = 0;
    bool absent = false;  // an optional field was left out
    // Field i of the fixed fields, then of each repetition of the group.
    for (std::size_t i = 0; st; ++i) {
        if (i == count && i != fixed) {  // a repetition read
            end.repetitions = static_cast<std::uint8_t>(++reps);
            i = fixed;
        } else if (groups && i == fixed) {  // past the fixed fields (without a group: at the end, as it is)
            end.group_at = pos;
        }
        if (i == fixed && (repeat == 0 || done || reps == l.repeat_max)) break;
        const bool group = i >= fixed;
        const field_spec& spec = l.fields[i];
        field_value v{};
        v.spec = static_cast<std::uint8_t>(i);
        v.repetition = static_cast<std::uint8_t>(reps);
        v.offset = pos;
        const bool optional_length = i == l.length && length_optional;  // (quick_field's question)
        if (!quick_field(t, pos, done, spec, optional_length, s.escape, v)) {
            const bool payload = payloads && !group && spec.type == field_type::payload;  // (the last field)
            if (payload && !absent) {  // it ends the line
                // "...,5,5" (no separator after the length): no payload field at all, for a table that says so.
                if (done && !e.has_payload && s.allows(lex::empty_means_missing)) return {errc::at_missing_field, pos};
                st = payload_value(l, e, pos, length, v);
                return st ? sink.put(sink, v) : st;
            }
            if (done) {
                // An optional field left out: it and every one after it absent, not into the repeated group
                // (an error when it must repeat, after the loop), not onto a payload whose length is not optional.
                if (!absent && (group || !spec.is_optional())) return {errc::at_missing_field, pos};
                absent = true;
                if (payload && !length_optional) return st;
                st = sink.put(sink, v);
                continue;
            }
            const std::size_t at = pos;
            st = lex_field(t, s, pos, done, f);
            if (!group && optional_length && !(st && f.kind == field_kind::bare && !done && f.integer().ok())) {
                // No length (not a bare integer followed by more): absent, and the payload (the next field,
                // the last) starts here.
                pos = at;
                done = false;
                st = sink.put(sink, v);
                continue;
            }
            if (st) st = put_typed(spec, f, v, s);
            if (!st) return st;
        }
        if (payloads && !group && i == l.length) length = v.kind == value_kind::integer ? v.number : -1;
        st = sink.put(sink, v);
    }
    if (!st) return st;
    if (repeat != 0 && reps < l.repeat_min) return {errc::at_missing_field, pos};
    if (!done) return {errc::at_too_many_fields, pos};
    return {};
}

// A sink of f(value) -> status.
template <class F>
struct sink_of : value_sink {
    F* f;
    constexpr explicit sink_of(F& fn) noexcept : value_sink{&call}, f(&fn) {}
    static constexpr status call(value_sink& self, const field_value& v) noexcept {
        return (*static_cast<sink_of&>(self).f)(v);
    }
};

// decode_with's read: the values of `e` into `out` (fresh); with `lazy` (decode_lazy_group) those of the
// fields before the repeated group only, the group into *lazy.
template <std::size_t Capacity>
constexpr status read_into(const line& l, const event& e, decoded_line<Capacity>& out, const syntax& s,
                           span<const prefix_alias> aliases, group_view* lazy = nullptr) noexcept {
    const std::size_t keep = l.fields.size() - (lazy ? l.repeat : 0);
    out.desc = &l;
    out.specs = l.fields;
    auto put = [&out, keep](const field_value& v) { return v.spec < keep ? push(out, v) : status{}; };
    sink_of<decltype(put)> sink(put);
    const status st = read_values(l, e, s, aliases, sink, out);
    if (lazy) *lazy = group_view{&l, e.text.substr(out.group_at), out.group_at, out.repetitions, s};
    return st;
}

}  // namespace detail

// Reads `e` against row `l`, each value (absent ones too) handed to f(const field_value&) -> status in wire
// order; an error from f stops the read. The status of the whole read (decode_with's errors and offsets).
// `s`: a syntax, or the read_syntax of the table `l` is a row of (syntax_of<grammar>).
template <class F, class Lex = syntax>
constexpr status for_each_value(const line& l, const event& e, F&& f, const Lex& s = {},
                                span<const prefix_alias> aliases = {}) noexcept {
    detail::sink_of<std::remove_reference_t<F>> sink(f);
    detail::read_end end{};
    return detail::read_values(l, e, s, aliases, sink, end);
}

namespace detail {
// A value made in place by fill(value) (a success unless fill says otherwise): no copy of a large value.
template <class T, class Fill>
constexpr result<T> filled(Fill&& fill) noexcept {
    result<T> out(errc::ok, 0);
    const status st = fill(*out);
    if (!st) return {st.error(), st.offset()};
    return out;
}
}  // namespace detail

// Decodes `e` against one descriptor `l`, the decoded line made in place in the result. A line given as
// text: line_event(text) (no tokenizer payload view: a payload runs to the line end).
template <std::size_t Capacity>
constexpr result<decoded_line<Capacity>> decode_with(const line& l, const event& e, const syntax& s = {},
                                                     span<const prefix_alias> aliases = {}) noexcept {
    return detail::filled<decoded_line<Capacity>>([&](decoded_line<Capacity>& out) {
        return detail::read_into(l, e, out, s, aliases);
    });
}

// What the classifier looks up a line by: its prefix (read with the dialect's tolerances, mapped through
// the aliases; a line with no prefix separator, "RDY", is its own prefix) and its first field (the
// selector candidate, quotes stripped).
struct line_key {
    bytes prefix{};
    bytes first{};
    std::size_t first_offset = 0;  // where the first field starts within the line (or fails to read)
    errc first_error = errc::ok;   // why the first field does not read (an unterminated quote), if so
};
namespace detail {
// The first field into the key, or why it does not read (the classifier: only for prefixes with a selector row).
template <class Lex>
[[gnu::noinline]] constexpr void read_first(const prefixed_line& pl, const Lex& s, line_key& key) noexcept {
    std::size_t pos = 0;
    bool done = pl.params.empty();
    field f{};
    const status st = lex_field(pl.params, s, pos, done, f);
    key.first = st ? f.text : bytes{};
    key.first_error = st.error();
    key.first_offset = pl.params_offset + (st ? f.offset : st.offset());
}
}  // namespace detail
constexpr line_key key_of(bytes text, const syntax& s = {}, span<const prefix_alias> aliases = {}) noexcept {
    line_key k{};
    const result<prefixed_line> pl = split_prefix(text, s);
    k.prefix = canonical_prefix(aliases, pl.ok() ? pl->name : detail::trim_blanks(text));
    if (pl.ok()) detail::read_first(*pl, s, k);
    return k;
}

// Whether `l` is a candidate for a line with key `k`: same prefix, and the same selector (ASCII case
// ignored) when it has one.
constexpr bool is_candidate(const line& l, const line_key& k) noexcept {
    return l.prefix == k.prefix && (l.selector.empty() || detail::equal_nocase(k.first, l.selector));
}

namespace detail {
// Whether t is wrapped in open ... close.
constexpr bool enclosed(bytes t, char open, char close) noexcept {
    return t.size() >= 2 && t[0] == open && t[t.size() - 1] == close;
}
// Angle notation (`<1~10>[,<0,1>]`): from t[pos], past the structure between groups ('[', ']', ',',
// blanks), the next `<...>` group, pos moved past it. at_missing_field when only structure is left,
// at_unexpected_character for anything else, at_invalid_range for a group without its '>'.
constexpr result<bytes> next_angle_group(bytes t, std::size_t& pos) noexcept {
    while (pos < t.size() && (t[pos] == '[' || t[pos] == ']' || t[pos] == ',' || is_blank(t[pos]))) ++pos;
    const std::size_t open = pos;
    errc e = errc::at_missing_field;
    if (open < t.size()) {
        e = t[open] == '<' ? errc::at_invalid_range : errc::at_unexpected_character;
        while (e == errc::at_invalid_range && ++pos < t.size())
            if (t[pos] == '>') return t.substr(open, ++pos - open);
    }
    pos = open;
    return {e, open};
}
}  // namespace detail

// An answer to a test command (AT+NAME=?): its elements, each kept as text (value_kind::test_item), with
// spec = the element's position among c's parameters (after the selector of a sub-command, which must come
// first and is not stored). Elements are split at commas outside quotes and brackets ( ) [ ] < >; an
// element wholly in quotes loses them. With lex::angle_lists and a first element starting with '<', the
// line is in angle notation (USR: `<1~10>[,<0,1>,<1~12 bytes>]`): every <...> group is one element and
// the brackets and commas between groups are structure. The line's prefix, mapped through `aliases`, must
// be `prefix`; empty: the command's own ("+" name, or its responds_with prefix). Errors: at_unknown_response
// (another prefix), at_unterminated_quote, at_invalid_range (unbalanced brackets), at_invalid_enum (wrong selector).
template <std::size_t Capacity>
constexpr result<decoded_line<Capacity>> decode_test_response(const command& c, std::string_view prefix, bytes text,
                                                              const syntax& s = {},
                                                              span<const prefix_alias> aliases = {}) noexcept {
    result<decoded_line<Capacity>> r(errc::ok, 0);  // made in place
    decoded_line<Capacity>& out = *r;
    out.specs = c.params;
    result<prefixed_line> pl = split_prefix(text, s);
    const std::string_view name = pl.ok() ? canonical_prefix(aliases, pl->name) : std::string_view();
    if (!pl.ok() || (prefix.empty() ? !is_response_prefix(c, name) : name != prefix))
        return {errc::at_unknown_response, 0};
    out.prefix = pl->name;
    std::size_t i = pl->params_offset;  // (past the blanks after the separator)
    const bool angle = s.allows(lex::angle_lists) && pl->params.substr(0, 1) == "<";
    while (i < text.size()) {
        while (i < text.size() && detail::is_blank(text[i])) ++i;
        if (i == text.size()) break;
        std::size_t start = i;
        std::size_t end = i;
        if (angle) {
            const result<bytes> group = detail::next_angle_group(text, i);
            if (group.error() == errc::at_missing_field) break;  // only structure was left
            if (!group) return {group.error(), group.offset()};
            start = i - group->size();
            end = i;
        } else {
            int depth = 0;
            while (end < text.size()) {
                char ch = text[end];
                if (ch == '"') {
                    std::size_t q = detail::closing_quote(text, end, s.escape);
                    if (q == text.size()) return {errc::at_unterminated_quote, end};
                    end = q + 1;
                    continue;
                }
                if (ch == '(' || ch == '[' || ch == '<') ++depth;
                if (ch == ')' || ch == ']' || ch == '>') {
                    if (depth == 0) return {errc::at_invalid_range, end};
                    --depth;
                }
                if (depth == 0 && detail::separator_at(text, end, s) != 0) break;
                ++end;
            }
            if (depth != 0) return {errc::at_invalid_range, start};
            i = end < text.size() ? end + detail::separator_at(text, end, s) : end;
        }
        bytes element = detail::trim_blanks(text.substr(start, end - start));
        field_value v{};
        v.kind = value_kind::test_item;
        v.offset = start;
        if (element.size() >= 2 && element[0] == '"' && detail::closing_quote(element, 0, s.escape) == element.size() - 1) {
            element = element.substr(1, element.size() - 2);
            v.quoted = true;
            ++v.offset;
        }
        v.text = element;
        v.spec = static_cast<std::uint8_t>(out.count);  // below Capacity when pushed
        if (!c.selector.empty() && out.selector.empty()) {  // the first element (a selector is never empty)
            if (!detail::equal_nocase(element, c.selector)) return {errc::at_invalid_enum, v.offset};
            out.selector = element;
        } else if (const status st = detail::push(out, v); !st) {
            return {st.error(), st.offset()};
        }
    }
    return r;
}

// ---- a repeated group read lazily ---------------------------------------------------------------
// decode_with stores every value, so a line whose repeated group may be longer than a decoded_line's
// Capacity (OneMO's AT+MQTTSUB=<id> lists up to 64 topic/code pairs on one line) cannot be decoded with a
// small one. decode_lazy_group validates the whole group like decode_with but keeps only the fixed
// fields' values; the group stays wire text and group_view re-reads a value on demand (constexpr, no copy).
//
//     auto r = at::decode_lazy_group<4>(desc, ev, syntax);
//     r->head.find("mid");                 // the fixed fields, as decode_with gives them
//     r->group.size();                     // repetitions read
//     r->group.value(i, k).number;         // field k (within the group) of repetition i

template <std::size_t Capacity>
struct decoded_lazy_line {
    decoded_line<Capacity> head{};  // desc, prefix, selector and the fixed fields' values
    group_view group{};             // the repeated group, validated, read on demand
};

// Like decode_with, with the repeated group (if `l` has one) left lazy: Capacity bounds only the fixed
// fields. One pass: the fixed fields stored, the group read and checked, storing nothing. Errors and
// offsets are decode_with's.
template <std::size_t Capacity>
constexpr result<decoded_lazy_line<Capacity>> decode_lazy_group(const line& l, const event& e, const syntax& s = {},
                                                                span<const prefix_alias> aliases = {}) noexcept {
    return detail::filled<decoded_lazy_line<Capacity>>([&](decoded_lazy_line<Capacity>& out) {
        return detail::read_into(l, e, out.head, s, aliases, &out.group);
    });
}


// ---- angle-notation test answers (added for USR; generic) ----------------------------------------------
// (Rows of a multi-row answer, `1,1,/PubTopic1,0,0` after `+MQTTPUBTP:`, are row events: event::row.)

// One element of an angle-notation test answer, classified: `<0~65535>` an integer range, `<1~128 bytes>`
// a length range, anything else (`<0,1>`, `<ON,OFF>`, `<NONE、PEER、ALL>`) a word list.
enum class angle_range_kind : std::uint8_t { integers, length, words };

struct angle_range {
    angle_range_kind kind = angle_range_kind::words;
    bytes text{};            // between the angle brackets
    std::int32_t low = 0;    // integers / length
    std::int32_t high = 0;
    std::size_t offset = 0;  // of the '<' within the line
};

// `item` with its brackets ("<0~65535>"); `offset` is stored as given. Errors: at_invalid_range when
// the item is not one bracketed group. An answer's groups are the elements decode_test_response reads
// (angle notation): classify_angle_item(v.text, v.offset) for each.
constexpr result<angle_range> classify_angle_item(bytes item, std::size_t offset = 0) noexcept {
    if (!detail::enclosed(item, '<', '>')) return {errc::at_invalid_range, offset};
    const angle_range words{angle_range_kind::words, item.substr(1, item.size() - 2), 0, 0, offset};
    angle_range r = words;
    const bytes t = r.text;
    std::size_t i = 0;
    auto digits = [&](std::int32_t& v) {  // at most 9 digits: no overflow
        std::size_t start = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - start < 9) v = v * 10 + (t[i++] - '0');
        return i != start;
    };
    if (!digits(r.low) || i == t.size() || t[i++] != '~' || !digits(r.high) ||
        (i < t.size() && t.substr(i) != " bytes"))
        return words;
    r.kind = i == t.size() ? angle_range_kind::integers : angle_range_kind::length;
    return r;
}

// An angle-notation test answer checked against a response line's fields (for answers whose prefix is
// not the command's: USR answers AT+SSLCRT=? with `+HTTPSCRT:`): the prefix must be l's (through
// `aliases`), every group from split_prefix's parameters on reads (next_angle_group's errors), and a
// group past l's fields is at_too_many_fields at its '<'. The groups are not classified: a group
// next_angle_group returns is bracketed, so classify_angle_item could not fail (and stays unlinked).
// `s`: a syntax, or a reader's read_syntax (the prefix split as the caller's reader splits it).
template <class Lex = syntax>
constexpr status check_angle_answer(const line& l, bytes text, const Lex& s = {},
                                    span<const prefix_alias> aliases = {}) noexcept {
    const result<prefixed_line> pl = split_prefix(text, s);
    if (!pl.ok() || canonical_prefix(aliases, pl->name) != l.prefix) return {errc::at_unknown_response, 0};
    std::size_t pos = pl->params_offset;
    for (std::size_t n = 0;; ++n) {
        const result<bytes> group = detail::next_angle_group(text, pos);
        if (group.error() == errc::at_missing_field) return {};  // only structure was left
        if (!group) return {group.error(), group.offset()};
        if (n == l.fields.size()) return {errc::at_too_many_fields, pos - group->size()};
    }
}

}  // namespace at
ATMQTT_END_NAMESPACE
