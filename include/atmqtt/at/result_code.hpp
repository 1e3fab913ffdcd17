// Final result codes: is this line the end of a command's response, and which end? OK, ERROR,
// +CME ERROR: <n|text>, +CMS ERROR: <n|text>, CONNECT [<text>], NO CARRIER and the other V.250 words.
// A dialect adds its own spellings through a table of aliases (OneMO's "+CIS ERROR", the manual's
// "#CME ERROR" typo) and looks codes up in its own error table (code -> name, description).
//
// Decisions:
// - Matching is exact and case-sensitive on the line with trailing blanks removed: "OK " is OK, "ok" and
//   "OKAY" are not final results (USR's "+ok" belongs to the +++ handshake, not to a command).
// - "CONNECT" alone or followed by one space and text ("CONNECT 115200"); "CONNECTED" is not final.
// - The prefix of +CME/+CMS ERROR is split with the dialect's syntax (space before ':', fullwidth colon).
//   The argument is given as text (quotes removed) and, when it is a decimal integer that fits 32 bits,
//   as a number too; an empty or non-numeric argument is still that error, with has_code false.
// - Numeric result codes (ATV0: "0", "4") are not recognised: a bare digit line is too easily data.
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

enum class final_kind : std::uint8_t {
    none = 0,     // not a final result code
    ok,           // OK
    connect,      // CONNECT [<text>]
    error,        // ERROR
    cme_error,    // +CME ERROR: <err>
    cms_error,    // +CMS ERROR: <err>
    ext_error,    // a vendor's extended error prefix (OneMO "+CIS ERROR: <err>")
    no_carrier,   // NO CARRIER
    no_dialtone,  // NO DIALTONE
    busy,         // BUSY
    no_answer,    // NO ANSWER
};

constexpr bool is_success(final_kind k) noexcept { return k == final_kind::ok || k == final_kind::connect; }
constexpr bool is_failure(final_kind k) noexcept { return k != final_kind::none && !is_success(k); }

// A dialect's extra spelling of a final result: the whole line ("OK" style) or a prefix before ':'
// ("+CIS ERROR" style, the argument follows).
struct final_alias {
    bytes text;
    final_kind kind;
};

struct final_result {
    final_kind kind = final_kind::none;
    bytes argument{};        // CONNECT's text or the <err> of an extended error; empty when none
    bool has_code = false;   // argument is a decimal integer
    std::int32_t code = 0;   // its value when has_code

    constexpr bool is_final() const noexcept { return kind != final_kind::none; }
    constexpr bool succeeded() const noexcept { return is_success(kind); }
    constexpr bool failed() const noexcept { return is_failure(kind); }
};

namespace detail {

// The standard spellings, in the shape of a dialect's aliases (one lookup serves both).
constexpr final_alias final_words[] = {
    {"OK", final_kind::ok},           {"ERROR", final_kind::error},       {"CONNECT", final_kind::connect},
    {"NO CARRIER", final_kind::no_carrier}, {"NO DIALTONE", final_kind::no_dialtone},
    {"BUSY", final_kind::busy},       {"NO ANSWER", final_kind::no_answer},
};

constexpr final_alias final_prefixes[] = {
    {"+CME ERROR", final_kind::cme_error},
    {"+CMS ERROR", final_kind::cms_error},
};

// The kind `text` has in `table`; none when it is not there.
constexpr final_kind kind_of(bytes text, span<const final_alias> table) noexcept {
    for (const final_alias& a : table)
        if (text == a.text) return a.kind;
    return final_kind::none;
}

constexpr final_result with_argument(final_kind kind, bytes arg) noexcept {
    final_result r{};
    r.kind = kind;
    arg = trim_blanks(arg);
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    r.argument = arg;
    result<std::int64_t> n = parse_integer(arg, -2147483647LL - 1, 2147483647LL);
    if (n.ok()) {
        r.has_code = true;
        r.code = static_cast<std::int32_t>(*n);
    }
    return r;
}

}  // namespace detail

// Classifies one line (without terminator). kind none: not a final result (an information response,
// a URC, an echo, or text).
constexpr final_result classify_final(bytes line, const syntax& s = {}, span<const final_alias> aliases = {}) noexcept {
    while (!line.empty() && detail::is_blank(line.back())) line.remove_suffix(1);
    if (line.empty()) return {};
    final_kind k = detail::kind_of(line, detail::final_words);
    if (k == final_kind::none) k = detail::kind_of(line, aliases);
    if (k != final_kind::none) return detail::with_argument(k, {});
    bytes connect = "CONNECT ";
    if (line.size() > connect.size() && line.substr(0, connect.size()) == connect)
        return detail::with_argument(final_kind::connect, line.substr(connect.size()));
    // Only lines that start like an extended code are split: no work for ordinary text.
    char first = line[0];
    if (first != '+' && first != '#') {
        bool alias_start = false;
        for (const final_alias& a : aliases) alias_start = alias_start || (!a.text.empty() && a.text[0] == first);
        if (!alias_start) return {};
    }
    result<prefixed_line> p = split_prefix(line, s);
    if (!p) return {};
    k = detail::kind_of(p->name, detail::final_prefixes);
    if (k == final_kind::none) k = detail::kind_of(p->name, aliases);
    return k == final_kind::none ? final_result{} : detail::with_argument(k, p->params);
}

// ---- vendor error tables --------------------------------------------------------------------------

// One row of a vendor's error table: a code or a range of codes (OneMO "609~649 reserved").
struct error_entry {
    std::int32_t first;
    std::int32_t last;
    bytes name;         // short identifier for logs: "invalid_parameter"
    bytes description;  // the manual's meaning, in English
};

constexpr error_entry error_code(std::int32_t code, bytes name, bytes description) noexcept {
    return error_entry{code, code, name, description};
}
constexpr error_entry error_range(std::int32_t first, std::int32_t last, bytes name, bytes description) noexcept {
    return error_entry{first, last, name, description};
}

// The entry for a code; at_invalid_enum when the table does not list it.
constexpr result<error_entry> find_error(span<const error_entry> table, std::int32_t code) noexcept {
    for (const error_entry& e : table) {
        if (e.first <= code && code <= e.last) return e;
    }
    return {errc::at_invalid_enum, 0};
}

// A table is well formed when every row has a name, first <= last, and no two rows share a code. The
// offset of a failure is the index of the offending row.
constexpr status validate(span<const error_entry> table) noexcept {
    for (std::size_t i = 0; i < table.size(); ++i) {
        const error_entry& e = table[i];
        if (e.name.empty()) return {errc::at_missing_field, i};
        if (e.first > e.last) return {errc::at_invalid_range, i};
        for (std::size_t j = 0; j < i; ++j) {
            if (table[j].first <= e.last && e.first <= table[j].last) return {errc::at_invalid_enum, i};
        }
    }
    return {};
}

// The result code's text ("+CME ERROR"), from the tables classify_final reads.
constexpr std::string_view to_string(final_kind k) noexcept {
    for (const final_alias& w : detail::final_words)
        if (w.kind == k) return w.text;
    for (const final_alias& w : detail::final_prefixes)
        if (w.kind == k) return w.text;
    return k == final_kind::none ? "none" : k == final_kind::ext_error ? "extended error" : "unknown";
}

}  // namespace at
ATMQTT_END_NAMESPACE
