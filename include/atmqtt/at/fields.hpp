// The field lexer: one response line -> its prefix and its fields, without copying. Fields are views into
// the line; lists of test responses ("(0-5)", "(6,8,10-24)", "("a","b")") are read lazily item by item.
// Types are not guessed here: a field is empty, quoted, bare or a list, and the grammar asks for an
// integer (parse_integer) or the decoded text of a quoted string (unescape) where it expects one.
//
// Decisions (each tested):
// - The prefix ends at ':' (or '：' / '=' when the syntax allows); spaces after it are skipped, spaces
//   before it are allowed when the syntax says so. "+CME ERROR: 3" has the prefix "+CME ERROR".
// - Nothing after the prefix means zero fields; "a," means two fields, the second empty.
// - Spaces around every field are ignored (OneMO writes ", "); bare values keep inner spaces
//   ("This is test data") and, with lex::keep_bare_spaces, their outer ones too.
// - Integers: optional '-', then decimal digits. "+5" and "-0" are rejected (at_invalid_integer): no
//   modem sends them, so they signal a misparse. Leading zeros are accepted ("007" is 7): modems pad.
//   Values beyond 64 bits are at_integer_overflow.
// - A quoted field must be followed by a separator or the line end (at_unexpected_character otherwise,
//   e.g. the Quectel capture `"ltectcc/smsstorage"[,(0,1)]`). A bare field may contain '"'.
#pragma once

#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Shortcuts that only save instructions (a quote found with memchr, a plain integer field read straight
// from its digits) are left out when compiling for size (-Os): the one general way gives the same
// answers in a smaller program. A plain condition, so both ways compile in every build. Define
// ATMQTT_AT_FAST_PATHS as true or false to choose otherwise.
#ifndef ATMQTT_AT_FAST_PATHS
#if defined(__OPTIMIZE_SIZE__)
#define ATMQTT_AT_FAST_PATHS false
#else
#define ATMQTT_AT_FAST_PATHS true
#endif
#endif

ATMQTT_BEGIN_NAMESPACE
namespace at {

namespace detail {

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// A byte table, 1 for each byte of `list`: one load per byte where a loop watches for a set of bytes.
template <std::size_t N>
constexpr std::array<unsigned char, 256> byte_set(const unsigned char (&list)[N]) noexcept {
    std::array<unsigned char, 256> set{};
    for (unsigned char c : list) set[c] = 1;
    return set;
}
// The bytes split_prefix looks at under any options: ':', '=', '"', ',' and a full-width form's lead.
inline constexpr auto name_ends = byte_set({':', '=', '"', ',', fullwidth_lead0});
// Nonzero for those bytes.
constexpr unsigned char may_end_name(char c) noexcept { return name_ends[static_cast<unsigned char>(c)]; }
// Whether any of the four bytes from p may end a name: four loads, one branch.
constexpr bool may_end_name4(const char* p) noexcept {
    return (may_end_name(p[0]) | may_end_name(p[1]) | may_end_name(p[2]) | may_end_name(p[3])) != 0;
}

constexpr bool is_fullwidth(bytes b, std::size_t i, unsigned char last) noexcept {
    return i + 2 < b.size() && octet(b, i) == fullwidth_lead0 && octet(b, i + 1) == fullwidth_lead1 &&
           octet(b, i + 2) == last;
}

// Length of the field separator at b[i] (',' or, when allowed, the fullwidth comma), or 0.
template <class Lex>
constexpr std::size_t separator_at(bytes b, std::size_t i, const Lex& s) noexcept {
    if (b[i] == ',') return 1;
    if (s.allows(lex::fullwidth_comma) && is_fullwidth(b, i, fullwidth_comma_last)) return 3;
    return 0;
}

// Index of the quote closing the string whose opening quote is at b[open], or b.size() if none.
constexpr std::size_t closing_quote(bytes b, std::size_t open, quote_escape e) noexcept {
    if (ATMQTT_AT_FAST_PATHS && e != quote_escape::backslash && !::atmqtt::detail::in_constant_evaluation()) {
        // No escapes: the first quote closes it, found in bulk at run time (payloads can be long).
        if (open + 1 >= b.size()) return b.size();
        const void* q = std::memchr(b.data() + open + 1, '"', b.size() - open - 1);
        return q == nullptr ? b.size() : static_cast<std::size_t>(static_cast<const char*>(q) - b.data());
    }
    for (std::size_t i = open + 1; i < b.size(); ++i) {
        if (b[i] == '\\' && e == quote_escape::backslash) {
            ++i;  // the escaped character, whatever it is
            continue;
        }
        if (b[i] == '"') return i;
    }
    return b.size();
}

constexpr bytes trim_blanks(bytes b) noexcept {
    while (!b.empty() && is_blank(b.front())) b.remove_prefix(1);
    while (!b.empty() && is_blank(b.back())) b.remove_suffix(1);
    return b;
}

// b[from, to) for bounds the caller has checked (from <= to <= b.size()): no clamping, as bytes::substr does.
constexpr bytes slice(bytes b, std::size_t from, std::size_t to) noexcept { return bytes(b.data() + from, to - from); }

// A value without the blanks around it and, when it is wrapped in them, its quotes (escapes kept): a
// payload_rule's selector as field 0 spells it, a final result's <err>.
constexpr bytes unquote(bytes b) noexcept {
    b = trim_blanks(b);
    if (b.size() >= 2 && b.front() == '"' && b.back() == '"') return b.substr(1, b.size() - 2);
    return b;
}

// parse_integer's reading, its error offsets counted from `at` (where text starts in the line).
constexpr result<std::int64_t> integer_at(bytes text, std::size_t at) noexcept {
    const bool negative = !text.empty() && text[0] == '-';
    std::size_t i = negative ? 1 : 0;
    errc e = errc::at_invalid_integer;  // (an empty or lone "-" too)
    // The magnitude, unsigned (INT64_MIN's 2^63 fits), against constant limits: no 64-bit division at run
    // time (a library call on 32-bit targets). A digit past 2^63 fails where it stands, a positive 2^63
    // at its last digit.
    constexpr std::uint64_t limit = 922337203685477580u;  // 2^63 / 10
    std::uint64_t v = 0;
    if (i < text.size()) {
        for (; i < text.size(); ++i) {
            const unsigned d = octet(text, i) - unsigned{'0'};
            if (d > 9u) break;
            if (v > limit || (v == limit && d > 8u)) {
                e = errc::at_integer_overflow;
                break;
            }
            v = v * 10u + d;
        }
        if (i == text.size()) {  // every byte a digit
            if (negative ? v != 0 : v <= 9223372036854775807u)
                return static_cast<std::int64_t>(negative ? 0u - v : v);
            i = negative ? 0 : text.size() - 1;  // "-0"; a positive 2^63 at its last digit
            e = negative ? errc::at_invalid_integer : errc::at_integer_overflow;
        }
    }
    return {e, at + i};
}
}  // namespace detail

// A decimal integer as modems print it: [-]digits. The offset of an error is relative to `text`.
constexpr result<std::int64_t> parse_integer(bytes text) noexcept { return detail::integer_at(text, 0); }

// Decodes the text between a quoted field's quotes by the dialect's escape rule into `out`; returns the
// decoded size. Without `out` (a default-constructed span) it only validates and measures. Errors: at_unexpected_character
// for a '\' sequence the rule does not define, at_invalid_hex for a bad \hh, buffer_too_small.
constexpr result<std::size_t> unescape(bytes text, quote_escape e, mutable_bytes out = {}) noexcept {
    std::size_t n = 0;
    bool measure_only = out.data() == nullptr;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && e == quote_escape::backslash) {
            if (i + 1 == text.size() || (text[i + 1] != '"' && text[i + 1] != '\\'))
                return {errc::at_unexpected_character, i};
            c = text[++i];
        } else if (c == '\\' && e == quote_escape::hex) {
            if (i + 2 >= text.size()) return {errc::at_invalid_hex, i};
            int hi = hex_value(text[i + 1]);
            int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return {errc::at_invalid_hex, i};
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (!measure_only) {
            if (n == out.size()) return {errc::buffer_too_small, i};
            out[n] = c;
        }
        ++n;
    }
    return n;
}

namespace detail {
// A value's text, its escapes decoded by `e` when it was quoted, bare text copied as it is; into `out`, or
// only measured without one. Error offsets count from `at` (where the text starts in the line).
constexpr result<std::size_t> decode_text(bytes text, bool quoted, quote_escape e, std::size_t at,
                                          mutable_bytes out) noexcept {
    if (quoted) {
        result<std::size_t> r = unescape(text, e, out);
        if (!r) return {r.error(), at + r.offset()};
        return r;
    }
    if (out.data() == nullptr) return text.size();
    if (text.size() > out.size()) return {errc::buffer_too_small, at};
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = text[i];
    return text.size();
}
}  // namespace detail

// ---- prefix ---------------------------------------------------------------------------------------

struct prefixed_line {
    bytes name;                    // "+QMTRECV", "+CME ERROR"; trailing spaces removed
    bytes params;                  // everything after the separator and the spaces that follow it
    std::size_t params_offset = 0; // where params starts within the line
};

// Splits "+NAME: params". at_missing_field when the line has no separator before its first '"' or ','
// (it is not a prefixed line), at_unexpected_character for an empty name or a space before the
// separator that the syntax does not allow. `s`: a syntax, or a reader's read_syntax.
template <class Lex = syntax>
constexpr result<prefixed_line> split_prefix(bytes line, const Lex& s = {}) noexcept {
    std::size_t i = 0;
    if (ATMQTT_AT_FAST_PATHS) {  // the name's bytes four at a time: one table load each, one branch
        while (i + 4 <= line.size() && !detail::may_end_name4(line.data() + i)) i += 4;
    }
    for (; i < line.size(); ++i) {
        char c = line[i];
        if (ATMQTT_AT_FAST_PATHS && !detail::may_end_name(c)) continue;  // one load per byte of the name
        std::size_t sep = 0;
        if (c == ':' || (c == '=' && s.allows(lex::equals_as_colon))) {
            sep = 1;
        } else if (s.allows(lex::fullwidth_colon) && detail::is_fullwidth(line, i, detail::fullwidth_colon_last)) {
            sep = 3;
        } else if (c == '"' || c == ',') {
            break;
        } else {
            continue;
        }
        bytes name = detail::slice(line, 0, i);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (name.empty()) return {errc::at_unexpected_character, i};
        if (name.size() != i && !s.allows(lex::space_before_colon)) return {errc::at_unexpected_character, name.size()};
        std::size_t p = i + sep;
        while (p < line.size() && detail::is_blank(line[p])) ++p;
        return prefixed_line{name, detail::slice(line, p, line.size()), p};
    }
    return {errc::at_missing_field, line.size()};
}

// ---- lists ----------------------------------------------------------------------------------------

enum class item_kind : std::uint8_t {
    value,   // 5, AP, <PLMN>
    range,   // 0-5, 1~128 (low and high)
    quoted,  // "off" (text without quotes, escapes not decoded)
};

struct list_item {
    item_kind kind = item_kind::value;
    bytes low{};             // value / quoted: the item; range: the lower bound
    bytes high{};            // range: the upper bound
    std::size_t offset = 0;  // where the item starts within the line

    constexpr result<std::int64_t> low_integer() const noexcept { return parse_integer(low); }
    constexpr result<std::int64_t> high_integer() const noexcept { return parse_integer(kind == item_kind::range ? high : low); }
};

class list_reader;

// ---- fields ---------------------------------------------------------------------------------------

enum class field_kind : std::uint8_t {
    empty,   // nothing between two separators
    quoted,  // "..." : text is between the quotes, escapes not yet decoded
    bare,    // anything else, spaces around it trimmed
    list,    // (...) or, with lex::angle_lists, <...>: text is between the brackets
};

struct field {
    field_kind kind = field_kind::empty;
    bytes text{};
    std::size_t offset = 0;  // where the field starts within the line (its quote or bracket, if any)
    syntax lexical{};        // the rules it was read with, for unescape() and items()

    constexpr bool empty() const noexcept { return kind == field_kind::empty; }

    // A bare field as an integer; other kinds are at_invalid_integer. Offsets point into the line.
    constexpr result<std::int64_t> integer() const noexcept {
        if (kind != field_kind::bare) return {errc::at_invalid_integer, offset};
        return detail::integer_at(text, offset);
    }

    // The value of a quoted field with its escapes decoded (see unescape), bare fields copied as they are;
    // without `out` only measured.
    constexpr result<std::size_t> decode(mutable_bytes out) const noexcept {
        const bool quoted = kind == field_kind::quoted;
        return detail::decode_text(text, quoted, lexical.escape, offset + (quoted ? 1 : 0), out);
    }

    // The items of a list field (a list field with no items, or any other kind, reads as empty).
    constexpr list_reader items() const noexcept;
};

namespace detail {

// The one field lexer: the field at t[pos] (the read position, past the previous field's separator; none
// left when `done`). On success f is the field, and pos and done move past it and its separator; on an
// error nothing moves. Offsets are positions in t. `Item`: a list's item, never a list, bare text trimmed.
template <bool Item = false, class Lex>
constexpr status lex_field(bytes t, const Lex& s, std::size_t& pos, bool& done, field& f) noexcept {
    if (done) return {errc::at_missing_field, pos};
    std::size_t q = pos;
    while (q < t.size() && is_blank(t[q])) ++q;  // leading blanks never hide a quote
    const bool keep_spaces = !Item && s.allows(lex::keep_bare_spaces);
    const std::size_t p = keep_spaces ? pos : q;  // where a bare value starts
    f.lexical = s;
    f.offset = q;
    std::size_t end = 0;  // first byte after the field's value
    const char c = q < t.size() ? t[q] : '\0';  // ('\0' past the end)
    const char close = c == '"' ? '"' : Item ? '\0' : c == '(' ? ')' : (c == '<' && s.allows(lex::angle_lists) ? '>' : '\0');
    if (close != '\0') {  // a quoted string, or a list up to its bracket (quotes inside skipped)
        std::size_t i = q;
        if (close == '"') {
            i = closing_quote(t, q, s.escape);
        } else {
            while (++i < t.size() && t[i] != close)
                if (t[i] == '"' && (i = closing_quote(t, i, s.escape)) == t.size()) return {errc::at_unterminated_quote, q};
        }
        if (i == t.size()) return {close == '"' ? errc::at_unterminated_quote : errc::at_invalid_range, q};
        f.kind = close == '"' ? field_kind::quoted : field_kind::list;
        f.text = slice(t, q + 1, i);
        end = i + 1;
        while (end < t.size() && is_blank(t[end])) ++end;
    } else {
        end = p;
        while (end < t.size() && separator_at(t, end, s) == 0) ++end;
        bytes value = slice(t, p, end);
        if (!keep_spaces) value = trim_blanks(value);
        f.kind = value.empty() ? field_kind::empty : field_kind::bare;
        f.text = value;
        f.offset = p;
    }
    const bool last = end >= t.size();
    const std::size_t sep = last ? 0 : separator_at(t, end, s);
    if (!last && sep == 0) return {errc::at_unexpected_character, end};  // after a quote or bracket
    done = last;
    pos = end + sep;
    return {};
}

}  // namespace detail

// Reads the fields of a parameter string one by one.
class field_reader {
public:
    constexpr field_reader(bytes param_text, syntax lexical_options = {}, std::size_t base_offset = 0) noexcept
        : text_(param_text), syntax_(lexical_options), base_(base_offset), done_(param_text.empty()) {}

    constexpr bool done() const noexcept { return done_; }
    // Offset (within the line) of the next unread byte.
    constexpr std::size_t offset() const noexcept { return base_ + pos_; }

protected:
    template <bool Item>  // a list's item (see lex_field); defined before next(), which clang needs
    constexpr result<field> next_of() noexcept {
        field f{};
        status st = detail::lex_field<Item>(text_, syntax_, pos_, done_, f);
        if (!st) return {st.error(), base_ + st.offset()};
        f.offset += base_;
        return f;
    }

public:
    // The next field; at_missing_field after the last one.
    constexpr result<field> next() noexcept { return next_of<false>(); }

protected:
    bytes text_;
    syntax syntax_;
    std::size_t base_ = 0;
    std::size_t pos_ = 0;
    bool done_ = false;
};

// Reads the items of a list given the text between its brackets: "6,8,10-24", "\"a\",\"b\"".
class list_reader : private field_reader {
public:
    // "()" has no items.
    constexpr list_reader(bytes list_text, syntax lexical_options = {}, std::size_t base_offset = 0) noexcept
        : field_reader(list_text, lexical_options, base_offset) {
        done_ = detail::trim_blanks(list_text).empty();
    }

    using field_reader::done;

    // The next item; at_missing_field after the last, at_invalid_range for an empty item or a range
    // with a missing bound ("(5-)", "(,1)").
    constexpr result<list_item> next() noexcept {
        result<field> f = next_of<true>();
        if (!f) return {f.error(), f.offset()};
        list_item item{item_kind::value, f->text, {}, f->offset};
        if (f->kind == field_kind::quoted) {
            item.kind = item_kind::quoted;
            return item;
        }
        if (f->empty()) return {errc::at_invalid_range, item.offset};
        // The range mark is the first '-' or '~' after the first character (a leading '-' is a sign).
        for (std::size_t i = 1; i < item.low.size(); ++i) {
            if (item.low[i] == '-' || item.low[i] == '~') {
                item.kind = item_kind::range;
                item.high = detail::trim_blanks(item.low.substr(i + 1));
                item.low = detail::trim_blanks(item.low.substr(0, i));
                if (item.low.empty() || item.high.empty()) return {errc::at_invalid_range, item.offset};
                break;
            }
        }
        return item;
    }
};

constexpr list_reader field::items() const noexcept {
    return list_reader(kind == field_kind::list ? text : bytes{}, lexical, offset + 1);
}

// True when an integer list ("(0,1)", "(6,8,10-24)") admits v. Errors of the list or of a non-integer
// item are returned, not skipped.
constexpr result<bool> list_contains(list_reader items, std::int64_t v) noexcept {
    while (!items.done()) {
        result<list_item> it = items.next();
        if (!it) return {it.error(), it.offset()};
        result<std::int64_t> lo = it->low_integer();
        if (!lo) return {lo.error(), it->offset};
        result<std::int64_t> hi = it->high_integer();
        if (!hi) return {hi.error(), it->offset};
        if (*lo <= v && v <= *hi) return true;
    }
    return false;
}

}  // namespace at
ATMQTT_END_NAMESPACE
