// The typed reader's oracle: at::row_reader (and the pieces of at/decode.hpp it used) as it was before
// the one push-style reader (at::for_each_value) replaced it, kept verbatim apart from its namespace, so that
// tests/at/test_read_values.cpp can compare both on every line: the same values, errors and offsets.
#pragma once

#include <atmqtt/at/decode.hpp>

namespace reference {
using namespace atmqtt;
using namespace atmqtt::at;
using atmqtt::at::detail::is_blank;
using atmqtt::at::detail::closing_quote;
using atmqtt::at::detail::may_end_name;
using atmqtt::at::detail::offset_in;
using atmqtt::at::detail::trim_blanks;
using atmqtt::at::detail::equal_nocase;
using atmqtt::at::detail::lex_field;

namespace detail {
using namespace atmqtt::at::detail;
// One lexed field checked against its spec (not payload), into v (kind, number, text, quoted, offset;
// spec and repetition are left as they are).
constexpr status put_typed(const field_spec& spec, const field& f, field_value& v) noexcept {
    v.offset = f.offset;
    v.quoted = f.kind == field_kind::quoted;
    v.text = f.text;
    v.kind = value_kind::absent;
    if (f.kind == field_kind::list) return {errc::at_type_mismatch, f.offset};
    switch (spec.type) {
        case field_type::integer: {
            if (f.empty()) {
                if (spec.is_optional()) return {};  // absent
                return {f.lexical.allows(lex::empty_means_missing) ? errc::at_missing_field : errc::at_invalid_integer,
                        f.offset};
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
            std::size_t n = f.text.size();
            if (spec.type == field_type::hex) {
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
constexpr bool quick_field(bytes t, std::size_t& pos, bool& done, const field_spec& spec, bool comma, quote_escape esc,
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
        v.text = t.substr(pos, q - pos);
    } else {
        v.kind = value_kind::text;
        v.quoted = true;
        v.text = t.substr(pos + 1, q - pos - 2);
    }
    done = end;
    pos = end ? q : q + 1;
    return true;
}

// The payload of row l (its last field) when the fields before it were read up to t[pos] (`done`: the
// line ended there); `length` is the length field's value when it was read as an integer (negative: none).
constexpr status payload_value(const line& l, const event& e, std::size_t pos, bool done, std::int64_t length,
                               field_value& v) noexcept {
    const bytes t = e.text;
    v.kind = value_kind::payload;
    // A row counting hex bytes reads its payload from the text: the tokenizer cut it at the count, which
    // may be half of it (hex text has no CR, LF or quote that only the count could delimit).
    if (e.has_payload && !l.length_may_count_hex()) {
        v.text = e.payload;
        v.offset = offset_in(t, e.payload);
        const std::size_t after = v.offset + v.text.size();
        v.quoted = v.offset > 0 && v.offset <= t.size() && t[v.offset - 1] == '"' && after < t.size() &&
                   t[after] == '"';
        // The tokenizer split the line by its own reading of the fields; a line whose fields read
        // differently here (a stray quote in a bare topic) must not pair this length with that payload.
        std::size_t start = pos;
        while (start < t.size() && is_blank(t[start])) ++start;
        if (start < t.size() && t[start] == '"' && v.quoted) ++start;
        if (v.offset != start) return {errc::at_payload_mismatch, start};
        if (length >= 0 && static_cast<std::uint64_t>(length) != v.text.size())
            return {errc::at_payload_mismatch, v.offset};
        // The payload ends the line: bytes after the counted ones (and the closing quote) mean the
        // length was wrong, as they do for a line given as text.
        if (after + (v.quoted ? 1u : 0u) != t.size()) return {errc::at_payload_mismatch, after};
        return {};
    }
    bytes rest = done ? bytes{} : t.substr(pos);
    std::size_t at = pos;
    while (!rest.empty() && is_blank(rest[0])) {
        rest = rest.substr(1);
        ++at;
    }
    if (l.fields[l.fields.size() - 1].quote != quoting::bare && rest.size() >= 2 && rest[0] == '"' &&
        rest[rest.size() - 1] == '"') {
        rest = rest.substr(1, rest.size() - 2);
        ++at;
        v.quoted = true;
    }
    v.text = rest;
    v.offset = at;
    if (length >= 0 && !(l.length_may_count_hex() && 2 * static_cast<std::uint64_t>(length) == rest.size())) {
        const std::uint64_t want = static_cast<std::uint64_t>(length);
        if (rest.size() < want) return {errc::at_payload_truncated, at + rest.size()};
        if (rest.size() > want) return {errc::at_payload_mismatch, at + static_cast<std::size_t>(want)};
    }
    return {};
}

}  // namespace detail

class row_reader {
public:
    constexpr row_reader(const line& l, const event& e, const syntax& s = {},
                         span<const prefix_alias> aliases = {}) noexcept
        : l_(&l), e_(&e), aliases_(aliases), s_(s), pos_(e.text.size()),
          fixed_(static_cast<std::uint8_t>(l.fields.size() - l.repeat)) {}
    // The reader keeps the row and the event by address: a temporary would be gone before start().
    row_reader(const line&, const event&&, const syntax& = {}, span<const prefix_alias> = {}) = delete;
    row_reader(const line&&, const event&, const syntax& = {}, span<const prefix_alias> = {}) = delete;

    // The prefix (through the aliases) and the selector; the empty-after-colon line.
    constexpr status start() noexcept {
        const line& l = *l_;
        const bytes t = e_->text;
        if (e_->row) {  // a row of a multi-row answer: all of it is fields, the row is the header's
            if (!l.selector.empty() || l.repeat != 0 || l.payload_index() != no_index)
                return fail({errc::at_type_mismatch, 0});
            if (detail::trim_blanks(t).empty()) return fail({errc::at_missing_field, 0});  // a row is never nothing
            open(0, phase::fields);
            return {};
        }
        bool prefixed = ATMQTT_AT_FAST_PATHS && detail::plain_prefix(l.prefix, aliases_) &&
                        detail::own_prefix(t, l.prefix, pos_);
        if (prefixed) prefix_ = t.substr(0, l.prefix.size());
        if (!prefixed) {  // any other spelling: split_prefix's full rules
            result<prefixed_line> pl = split_prefix(t, s_);
            prefix_ = pl.ok() ? pl->name : detail::trim_blanks(t);
            if (canonical_prefix(aliases_, prefix_) != l.prefix) return fail({errc::at_unknown_response, 0});
            prefixed = pl.ok();
            pos_ = pl.ok() ? pl->params_offset : t.size();
        }
        const std::size_t params_at = pos_;
        open(params_at, fixed_ > 0 ? phase::fields : phase::group);
        // "+ALIREGION:" with nothing after the colon: one empty field when the first field is text (USR's
        // answer for an unset value); the lexer counts zero fields there.
        if (prefixed && done_ && l.selector.empty() && fixed_ > 0 &&
            (l.fields[0].type == field_type::string || l.fields[0].type == field_type::hex)) {
            if (l.fields[0].min > 0) return fail({errc::out_of_range, params_at});
            if ((fixed_ > 1 && !l.fields[1].is_optional()) || l.repeat_min > 0)
                return fail({errc::at_missing_field, params_at});
            phase_ = phase::empty_line;
            return {};
        }
        if (!l.selector.empty()) {
            field sel{};
            status st = lex(sel);
            if (!st) return fail(st);
            if (!detail::equal_nocase(sel.text, l.selector)) return fail({errc::at_invalid_enum, sel.offset});
            selector_ = sel.text;
        }
        return {};
    }

    // No more values (or an error): call finish().
    constexpr bool at_end() const noexcept {
        if (phase_ == phase::group) return i_ == fixed_ && (l_->repeat == 0 || done_ || reps_ == l_->repeat_max);
        return phase_ == phase::closed || phase_ == phase::closed_short;
    }

    // The next value (absent ones too: an optional field left out, with spec set), or null at the row's
    // end and after an error (finish() reports it). It lives in the reader until the next call.
    constexpr const field_value* next() noexcept {
        return !at_end() && next(v_) ? &v_ : nullptr;
    }
    // The same into v, with the error.
    constexpr status next(field_value& v) noexcept {
        if (!st_) return st_;
        status st = step(v);
        return st ? st : fail(st);
    }

    // The values left, read and checked but kept nowhere; then bytes left over are at_too_many_fields, too
    // few repetitions at_missing_field. The first error of the whole read, if any.
    constexpr status finish() noexcept {
        while (next() != nullptr) {
        }
        if (!st_ || phase_ == phase::closed) return st_;
        if (phase_ == phase::closed_short || reps_ < l_->repeat_min) return {errc::at_missing_field, pos_};
        if (!done_) return {errc::at_too_many_fields, pos_};
        return {};
    }

    constexpr bytes prefix() const noexcept { return prefix_; }      // as on the wire
    constexpr bytes selector() const noexcept { return selector_; }  // without quotes
    constexpr std::uint8_t repetitions() const noexcept { return reps_; }
    constexpr bool in_group() const noexcept { return phase_ == phase::group; }  // past the fixed fields
    constexpr std::size_t offset() const noexcept { return pos_; }  // where the next value starts in the line

private:
    enum class phase : std::uint8_t { fields, absent, payload, group, empty_line, closed, closed_short };

    constexpr status fail(status st) noexcept {
        st_ = st;
        phase_ = phase::closed;
        return st;
    }
    constexpr void open(std::size_t at, phase p) noexcept {
        pos_ = at;
        done_ = at >= e_->text.size();
        phase_ = p;
    }

    constexpr status step(field_value& v) noexcept {
        const line& l = *l_;
        v = field_value{};
        v.spec = i_;
        v.offset = pos_;
        if ((phase_ == phase::fields || phase_ == phase::group) &&
            detail::quick_field(e_->text, pos_, done_, l.fields[i_], i_ == l.length && l.length_optional(), s_.escape, v))
            return advance(v);
        switch (phase_) {
            case phase::empty_line:  // the empty first field, then absent ones
                if (i_ == 0) v.kind = l.fields[0].type == field_type::string ? value_kind::text : value_kind::hex;
                if (++i_ == fixed_) phase_ = phase::closed;
                return {};
            case phase::absent:
                ++i_;
                settle_absent();
                return {};
            case phase::payload:  // after an optional length that was not sent
                phase_ = phase::closed;
                return detail::payload_value(l, *e_, pos_, done_, -1, v);
            case phase::group:
                if (done_) return {errc::at_missing_field, pos_};  // inside a repetition
                break;
            default:
                break;
        }
        const field_spec& spec = l.fields[i_];
        field f{};
        bool lexed = false;
        if (phase_ != phase::group && spec.type == field_type::payload) {  // the last field: it ends the line
            phase_ = phase::closed;
            // "...,5,5" (no separator after the length): no payload field at all, for a table that says so.
            if (done_ && !e_->has_payload && s_.allows(lex::empty_means_missing))
                return {errc::at_missing_field, pos_};
            return detail::payload_value(l, *e_, pos_, done_, length_, v);
        }
        if (phase_ != phase::group && done_) {
            if (!spec.is_optional()) return {errc::at_missing_field, pos_};
            ++i_;
            phase_ = phase::absent;  // this field and every one after it
            settle_absent();
            return {};
        }
        if (phase_ != phase::group && i_ == l.length && l.length_optional()) {
            // a bare integer followed by more text, or the payload
            const std::size_t pos = pos_;
            lexed = true;
            if (!(lex(f).ok() && f.kind == field_kind::bare && !done_ && f.integer().ok())) {
                pos_ = pos;  // no length: the payload starts here
                done_ = false;
                ++i_;
                phase_ = phase::payload;
                return {};
            }
        }
        if (!lexed) {
            status st = lex(f);
            if (!st) return st;
        }
        status st = detail::put_typed(spec, f, v);
        return st ? advance(v) : st;
    }

    // The next field as the lexer reads it (fields.hpp's rules); position past it and its separator.
    constexpr status lex(field& f) noexcept { return detail::lex_field(e_->text, s_, pos_, done_, f); }

    // Past field i_, whose value is v.
    constexpr status advance(field_value& v) noexcept {
        if (phase_ == phase::group) {
            v.repetition = reps_;
            if (++i_ == l_->fields.size()) {
                i_ = fixed_;
                ++reps_;
            }
            return {};
        }
        if (i_ == l_->length) length_ = v.kind == value_kind::integer ? v.number : -1;
        if (++i_ == fixed_) phase_ = phase::group;
        return {};
    }

    // Whether the run of absent values goes on at field i_: not into the repeated group (an error when
    // it must repeat), not onto a payload whose length is not optional.
    constexpr void settle_absent() noexcept {
        const line& l = *l_;
        if (i_ >= fixed_) {
            phase_ = i_ < l.fields.size() && l.repeat_min > 0 ? phase::closed_short : phase::closed;
        } else if (l.fields[i_].type == field_type::payload && !l.length_optional()) {
            phase_ = phase::closed;
        }
    }

    const line* l_;
    const event* e_;
    span<const prefix_alias> aliases_;
    syntax s_;
    status st_{};               // the first error
    field_value v_{};           // the value next() read
    bytes prefix_{};
    bytes selector_{};
    std::size_t pos_;           // the next unread byte of the line
    std::int64_t length_ = -1;  // the length field's value, once read
    std::uint8_t fixed_;        // fields before the repeated group
    std::uint8_t i_ = 0;        // the next field
    std::uint8_t reps_ = 0;     // repetitions of the group read
    phase phase_ = phase::closed;
    bool done_ = true;          // no field left to lex
};

}  // namespace reference
