// The command writer: a command descriptor, a form and typed argument values in; `AT+NAME=?`, `AT+NAME?`,
// `AT+NAME=<fields>` or `AT+NAME`, terminated by CR, out into the caller's buffer. Every value is checked
// against its field first (type, range, length, enumeration, what the dialect's quoting can carry), so a
// command the modem would misread is refused with a specific errc instead of being sent.
//
// One generic call serves typed dialect structs and the `atmqtt at encode` tool alike:
//     value args[] = {0, "broker.example", 1883};
//     auto n = write_command(grammar.lexical, open_cmd, form::set, args, out);   // n: bytes written
// Argument i fills parameter i; a repeated group's parameters repeat after the fixed ones. Trailing
// `omitted` values are dropped; an `omitted` value before a given one writes an empty field (only where
// the parameter is optional) or, for a literal, the literal. On error the result's offset is the index
// of the offending argument (0 for form errors) and the buffer holds nothing useful.
#pragma once

#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// One argument for the writer: nothing, an integer, text, or binary to be written as hex digits.
// Two words on a 32-bit target (argument lists of a command with a repeated group live on the stack):
// integers are kept in 32 bits, the range of every field; one outside it reads back as one past the
// 32-bit range, so the writer still refuses it as out_of_range.
class value {
public:
    enum class kind : std::uint8_t { omitted, integer, text, binary };

    constexpr value() noexcept : int_(0) {}
    template <class I, std::enable_if_t<std::is_integral<I>::value && !std::is_same<I, bool>::value, int> = 0>
    constexpr value(I i) noexcept  // NOLINT: implicit, so {0, "host", 1883} reads naturally
        : int_(i > INT32_MAX ? INT32_MAX
               : std::is_signed<I>::value && static_cast<std::int64_t>(i) < INT32_MIN ? INT32_MIN
               : static_cast<std::int32_t>(i)),
          meta_(static_cast<std::size_t>(kind::integer) | (static_cast<I>(int_) != i ? overflow_bit : 0u)) {}
    // Text: anything that converts to std::string_view. The value is a view: keep the text alive.
    template <class S, std::enable_if_t<std::is_convertible<const S&, std::string_view>::value, int> = 0>
    constexpr value(const S& text) noexcept : value(kind::text, std::string_view(text)) {}  // NOLINT

    // An empty optional is an omitted value: typed command structs keep optional parameters this way.
    template <class T>
    constexpr value(const std::optional<T>& o) noexcept
        : value(o.has_value() ? value(*o) : value()) {}  // NOLINT

    static constexpr value binary(bytes b) noexcept { return value(kind::binary, b); }

    constexpr kind type() const noexcept { return static_cast<kind>(meta_ & kind_mask); }
    constexpr bool is_omitted() const noexcept { return type() == kind::omitted; }
    // 0 / empty for a value of another kind.
    constexpr std::int64_t as_integer() const noexcept {
        if (type() != kind::integer) return 0;
        if ((meta_ & overflow_bit) == 0) return int_;
        return int_ < 0 ? std::int64_t{int_} - 1 : std::int64_t{int_} + 1;
    }
    // An integer in [lo, hi] (one beyond 32 bits never is), and its value then.
    constexpr bool within(std::int32_t lo, std::int32_t hi) const noexcept {
        return meta_ == static_cast<std::size_t>(kind::integer) && int_ >= lo && int_ <= hi;
    }
    constexpr std::int32_t as_int32() const noexcept { return int_; }
    constexpr bytes as_bytes() const noexcept {
        return type() == kind::text || type() == kind::binary ? bytes(data_, meta_ >> size_shift) : bytes{};
    }

private:
    static constexpr std::size_t kind_mask = 3;
    static constexpr std::size_t overflow_bit = 4;  // integer: the value lies beyond int32 (int_ is its bound)
    static constexpr unsigned size_shift = 2;       // text / binary: the size above the kind bits

    constexpr value(kind k, bytes b) noexcept
        : data_(b.data()), meta_(static_cast<std::size_t>(k) | (b.size() << size_shift)) {}

    union {  // one or the other, by the kind in meta_
        std::int32_t int_;
        const char* data_;
    };
    std::size_t meta_ = 0;  // kind (2 bits), overflow bit or text size
};

namespace detail {

// The writer's one cursor: it writes into its buffer or, made without one, only counts (command_size,
// encoded_size), so an image that both sizes and writes commands holds the writer once. A put that does
// not fit fails the line: nothing of it is written, and written() stays where it stopped.
class line_cursor {
public:
    constexpr line_cursor() noexcept = default;  // counts
    constexpr explicit line_cursor(mutable_bytes out) noexcept : out_(out.data()), room_(out.size()) {}

    constexpr bool failed() const noexcept { return failed_; }
    constexpr std::size_t written() const noexcept { return pos_; }

    constexpr void put(char c) noexcept { put(bytes(&c, 1)); }
    constexpr void put(bytes b) noexcept {
        if (failed_ || b.size() > room_ - pos_) {
            failed_ = true;
            return;
        }
        // For size, a byte loop: a line is a few dozen bytes, and memcpy would be linked for them alone.
        ::atmqtt::detail::copy_unless_null<!ATMQTT_AT_FAST_PATHS>(out_ == nullptr ? nullptr : out_ + pos_, b.data(), b.size());
        pos_ += b.size();
    }

private:
    char* out_ = nullptr;  // null: counting
    std::size_t room_ = std::numeric_limits<std::size_t>::max();
    std::size_t pos_ = 0;
    bool failed_ = false;
};

// Why `s` cannot be written without quotes, so that a reader with the dialect's syntax gets it back
// unchanged (errc::ok when it can): a separator inside, a quote or line end, blanks the reader would
// trim, a leading bracket the reader would take for a list, or (`opens_params`: right after '=') a
// leading '?' that would make the line read as the test form "AT+NAME=?".
template <class Lex>
constexpr errc bare_problem(bytes s, const Lex& lexical, bool opens_params) noexcept {
    if (s.empty()) return errc::ok;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (separator_at(s, i, lexical) != 0) return errc::at_comma_in_bare_string;  // the reader's separators
        if (s[i] == '"' || s[i] == '\r' || s[i] == '\n') return errc::at_unescapable_character;
    }
    const bool trimmed = !lexical.allows(lex::keep_bare_spaces) && (is_blank(s.back()) || is_blank(s.front()));
    const bool list = s.front() == '(' || (s.front() == '<' && lexical.allows(lex::angle_lists));
    return list || trimmed || (opens_params && s.front() == '?') ? errc::at_unescapable_character : errc::ok;
}

// An octet as two hex digits; `lower` 0x20 gives a-f ('A'..'F' | 0x20; digits keep theirs).
constexpr void put_hex(line_cursor& out, unsigned o, char lower) noexcept {
    const char digits[2] = {static_cast<char>(hex_digit(o >> 4u) | lower), static_cast<char>(hex_digit(o) | lower)};
    out.put(bytes(digits, 2));
}

// `s` in quotes under the syntax's escape rule, the stretches between escapes copied at once;
// at_unescapable_character for an octet it cannot carry (CR or LF but as a hex escape, '"' without
// escapes). The line is then of no use: the caller returns the error.
template <class Lex>
constexpr errc put_quoted(line_cursor& out, bytes s, const Lex& lexical) noexcept {
    const quote_escape esc = lexical.escape;
    out.put('"');
    std::size_t from = 0;  // the first octet not yet written
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool line_end = c == '\r' || c == '\n';
        if (!line_end && c != '"' && (c != '\\' || esc == quote_escape::none)) continue;
        if (esc == quote_escape::none || (line_end && esc == quote_escape::backslash))
            return errc::at_unescapable_character;
        out.put(s.substr(from, i - from));
        out.put('\\');
        from = i;  // backslash: the octet itself starts the next stretch
        if (esc == quote_escape::hex) put_hex(out, octet(s, from++), '\0');
    }
    out.put(s.substr(from));
    out.put('"');
    return errc::ok;
}

// A value already checked against a field's 32-bit range: 32-bit arithmetic suffices (no 64-bit
// division helper linked on small cores). The sign, then the digits at once. Folded into the encoders at -O2
// (ATMQTT_AT_SPEED_INLINE): g++ had left it out of line after a change of syntax (encode_qmtpubex +150).
ATMQTT_AT_SPEED_INLINE constexpr void put_integer(line_cursor& out, std::int32_t v) noexcept {
    char digits[10] = {};
    std::uint32_t u = v < 0 ? 0u - static_cast<std::uint32_t>(v) : static_cast<std::uint32_t>(v);
    std::size_t first = sizeof digits;
    do {
        digits[--first] = static_cast<char>('0' + static_cast<int>(u % 10u));
        u /= 10u;
    } while (u != 0);
    if (v < 0) out.put('-');
    out.put(bytes(digits + first, sizeof digits - first));
}

// Whether the writer on Lex links the code of parameter kind t (or, without one, of bare text): a syntax
// value, all; fixed_syntax<S>, what S's commands write (syntax::writing), so a dialect without hex or
// word parameters links neither.
template <class Lex>
constexpr bool writes(std::optional<field_type> t = {}) noexcept {
    if constexpr (std::is_same<Lex, syntax>::value) return true;
    else return t ? Lex::takes(*t) : Lex::writes_bare();
}

// Text (a string, word or literal value) under the field's quoting rule: `either` writes it bare when
// that reads back unchanged and it is not empty, quoted otherwise.
template <class Lex>
constexpr errc put_text(line_cursor& out, bytes s, quoting q, const Lex& lexical, bool opens_params = false) noexcept {
    constexpr bool unquoted = writes<Lex>();
    if (unquoted && q != quoting::quoted) {
        const errc bare = bare_problem(s, lexical, opens_params);
        if (bare == errc::ok && (q == quoting::bare || !s.empty())) {
            out.put(s);
            return errc::ok;
        }
        if (q == quoting::bare) return bare;
    }
    return put_quoted(out, s, lexical);
}

// One value under its field: the kind the field takes, its range or length or words, then its text.
template <class Lex>
constexpr errc put_field(line_cursor& out, const field_spec& f, const value& v, const Lex& lexical,
                         bool opens_params = false) noexcept {
    using k = value::kind;
    bytes s = v.as_bytes();
    // A kind Lex skips never comes (its rows are its commands): refused before the switch, its case is unlinked.
    constexpr bool literal = writes<Lex>(field_type::literal), word = writes<Lex>(field_type::word);
    constexpr bool hex = writes<Lex>(field_type::hex);
    if ((!literal && f.type == field_type::literal) || (!word && f.type == field_type::word)) return errc::at_type_mismatch;
    switch (f.type) {
    case field_type::integer:
        if (v.type() != k::integer) return errc::at_type_mismatch;
        if (!v.within(f.min, f.max)) return errc::out_of_range;
        put_integer(out, v.as_int32());
        return errc::ok;
    case field_type::literal:
        if (!v.is_omitted() && (v.type() != k::text || s != f.words)) return errc::at_invalid_enum;
        s = f.words;
        break;
    case field_type::word:
        if (v.type() != k::text) return errc::at_type_mismatch;
        if (word_index(f.words, s) < 0) return errc::at_invalid_enum;
        break;
    case field_type::payload:  // (the validator keeps payloads out of commands)
        return errc::at_type_mismatch;
    default:  // string or hex: a length
        const bool binary = f.type == field_type::hex;
        if (v.type() != (binary ? k::binary : k::text) || (binary && !hex)) return errc::at_type_mismatch;
        if (s.size() > static_cast<std::size_t>(f.max)) return errc::too_long;
        if (s.size() < static_cast<std::size_t>(f.min)) return errc::out_of_range;
        if (!binary) break;
        const bool quote = f.quote == quoting::quoted || (f.quote == quoting::either && s.empty());
        if (quote) out.put('"');
        for (std::size_t i = 0; i < s.size(); ++i) put_hex(out, octet(s, i), f.lowercase_hex() ? '\x20' : '\0');
        if (quote) out.put('"');
        return errc::ok;
    }
    return put_text(out, s, f.quote, lexical, opens_params);
}

// The parameter argument i fills: the fixed ones first, then the repeated group's, cycling.
constexpr field_spec param_at(const packed_row& r, std::size_t i) noexcept {
    const std::size_t fixed = r.size() - r.repeat;
    return r.param(i < fixed ? i : fixed + (i - fixed) % r.repeat);
}

// Checks the argument count against optional parameters and the repeated group; the offset of an
// error is the index of the first missing or surplus argument.
constexpr status check_arity(const packed_row& r, std::size_t n) noexcept {
    const std::size_t fixed = r.size() - r.repeat, most = fixed + std::size_t{r.repeat_max} * r.repeat;
    // Stopping early: only right before an optional parameter, and only if the repeated group (which
    // cannot follow a truncated fixed part) may be absent (a row without one has repeat_min 0: validate).
    if (n < fixed) return r.param(n).is_optional() && r.repeat_min == 0 ? status{} : status{errc::at_missing_field, n};
    // The repeated group: whole groups, at least repeat_min of them, at most repeat_max.
    if (r.repeat != 0 && ((n - fixed) % r.repeat != 0 || (n - fixed) / r.repeat < r.repeat_min))
        return {errc::at_missing_field, n};
    return n > most ? status{errc::at_too_many_fields, most} : status{};
}

// How many arguments are given: trailing omitted ones are not.
constexpr std::size_t given_count(span<const value> args) noexcept {
    std::size_t n = args.size();
    while (n != 0 && args[n - 1].is_omitted()) --n;
    return n;
}

// Lex: a syntax value, or fixed_syntax<S> (only S's escape rule and tolerances linked).
template <class Lex>
constexpr result<std::size_t> write_into(line_cursor& out, const Lex& lexical, const packed_row& c, form f,
                                         span<const value> args) noexcept {
    if (!c.has(f)) return {errc::at_unsupported_form, 0};
    const std::size_t n = given_count(args);
    if (f != form::set && n != 0) return {errc::at_too_many_fields, 0};
    // "AT+NAME" and what the form puts before any parameter: "=?" (test), "?" (read).
    out.put(bytes("AT+"));
    out.put(c.name());
    if (f == form::test) out.put(bytes("=?"));
    if (f == form::read) out.put('?');
    if (f == form::set) {
        status arity = check_arity(c, n);
        if (!arity.ok()) return {arity.error(), arity.offset()};
        const bytes selector = c.selector();
        if (n == 0 && selector.empty()) return {errc::at_missing_field, 0};
        out.put('=');
        if (!selector.empty()) {
            errc e = put_text(out, selector, c.quoted_selector() ? quoting::quoted : quoting::bare, lexical);
            if (e != errc::ok) return {e, 0};
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (i != 0 || !selector.empty()) out.put(',');
            const field_spec p = param_at(c, i);
            if (args[i].is_omitted() && p.type != field_type::literal) {
                if (!p.is_optional()) return {errc::at_missing_field, i};
                continue;  // an empty field: the modem keeps its previous or default value
            }
            errc e = put_field(out, p, args[i], lexical, i == 0 && selector.empty());
            if (e != errc::ok) return {e, i};
        }
    }
    out.put('\r');
    if (out.failed()) return {errc::buffer_too_small, out.written()};
    return result<std::size_t>(out.written(), out.written());
}

}  // namespace detail

// Pass the dialect's syntax constant (`quectel::lexical`), not `quectel::grammar.lexical`: reading a
// member of the grammar object at run time makes the compiler emit that object, and with it every
// command and parameter table of the dialect (measured: +5 KB on Cortex-M4 for Quectel).
// write_command(lexical, c, f, args, out) writes the command line (with its CR) into `out`; the value is
// the number of bytes written (no arguments: `{}`). buffer_too_small when it does not fit: nothing is
// written past `out`. command_size(lexical, c, f, args), without `out`: the size it would need, with
// the same checks (errors are reported the same way). Lex: a syntax value, or fixed_syntax<S> (the dialect
// encoders' forms without parameters: the writer they link). One call, the cursor writing or counting.
template <class... Out>
struct command_writer {
    template <class Lex>
    constexpr result<std::size_t> operator()(const Lex& lexical, const command& c, form f, span<const value> args,
                                             Out... out) const noexcept {
        detail::line_cursor cursor(out...);
        return detail::write_into(cursor, lexical, packed_row(c), f, args);
    }
};
inline constexpr command_writer<mutable_bytes> write_command{};
inline constexpr command_writer<> command_size{};

}  // namespace at
ATMQTT_END_NAMESPACE
