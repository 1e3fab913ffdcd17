// Final result codes: is this line the end of a command's response, and which end? OK, ERROR,
// +CME ERROR: <n|text>, +CMS ERROR: <n|text>, CONNECT [<text>], NO CARRIER and the other V.250 words.
// A dialect adds its own spellings through a table of aliases (OneMO's "+CIS ERROR", the manual's
// "#CME ERROR" typo) and looks codes up in its own error table (code -> name, description).
//
// Decisions:
// - Matching is exact and case-sensitive on the line with trailing blanks removed: "OK " is OK, "ok" and
//   "OKAY" are not final results (USR's "+ok" belongs to the +++ handshake, not to a command).
// - "CONNECT" alone or followed by one space and text ("CONNECT 115200"); "CONNECTED" is not final.
// - The prefix of +CME/+CMS ERROR is split with the dialect's syntax (space before ':', fullwidth colon);
//   without ':' the line is that error with no argument.
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

#include <cstddef>
#include <cstdint>
#include <string_view>

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
};

namespace detail {

// The standard spellings in final_kind order from ok, each after its length (ext_error has none: only a
// dialect's alias spells it). One string, not a table of views: a byte a word on the target, not 12.
constexpr char final_words[] = "\002OK\007CONNECT\005ERROR\012+CME ERROR\012+CMS ERROR\000\012NO CARRIER"
                               "\013NO DIALTONE\004BUSY\011NO ANSWER";

// The word at `w`, which then moves past it.
constexpr bytes next_word(const char*& w) noexcept {
    const bytes word(w + 1, static_cast<unsigned char>(*w));
    w += word.size() + 1;
    return word;
}

// The kind `text` (a whole line, or the prefix before ':') spells: a standard word or one of the
// dialect's aliases; none otherwise (and for empty text).
constexpr final_kind find_final(bytes text, span<const final_alias> aliases) noexcept {
    if (text.empty()) return final_kind::none;
    const char* w = final_words;
    for (auto k = final_kind::ok; k <= final_kind::no_answer && text.size() <= sizeof "NO DIALTONE" - 1;  // the longest
         k = static_cast<final_kind>(static_cast<int>(k) + 1))
        if (text == next_word(w)) return k;
    for (const final_alias& a : aliases)
        if (text == a.text) return a.kind;
    return final_kind::none;
}

// The one reading of a final result (final_kind_of, classify_final), its argument as text (quotes on):
// trailing blanks dropped, the word is the whole line, CONNECT before its text (`connect_text`:
// classify_final), or, on a line that starts like an extended result ('+', '#' or an alias's first byte),
// the name before the separator the syntax allows (':', '=' with equals_as_colon, the fullwidth colon;
// spaces before it with space_before_colon), up to the first '"' or ','; a line whose name does not split
// so is looked up whole. No word or alias holds ':'. Its own loop, not split_prefix: called from here,
// split_prefix goes out of line and every at_* / at_client_* program grows by 230..560 B (measured).
constexpr final_result split_final(bytes line, const syntax& s, span<const final_alias> aliases,
                                  bool connect_text) noexcept {
    std::size_t n = line.size();
    while (n != 0 && is_blank(line[n - 1])) --n;
    line = bytes(line.data(), n);
    std::size_t end = n;
    std::size_t arg = n;
    bool extended = n != 0 && (line[0] == '+' || line[0] == '#');
    for (const final_alias& a : aliases) extended = extended || (!a.text.empty() && n != 0 && a.text[0] == line[0]);
    if (connect_text && n > 8 && bytes(line.data(), 8) == bytes("CONNECT ")) {
        end = 7;
        arg = 8;
    }
    for (std::size_t i = 0; extended && end == n && i < n && line[i] != '"' && line[i] != ','; ++i) {
        const std::size_t sep = line[i] == ':' || (line[i] == '=' && s.allows(lex::equals_as_colon)) ? 1
                                : s.allows(lex::fullwidth_colon) && is_fullwidth(line, i, fullwidth_colon_last) ? 3
                                                                                                               : 0;
        if (sep == 0) continue;
        std::size_t e = i;
        while (e != 0 && line[e - 1] == ' ') --e;
        if (e != 0 && (e == i || s.allows(lex::space_before_colon))) {
            end = e;
            arg = i + sep;
        }
        break;
    }
    while (arg < n && is_blank(line[arg])) ++arg;
    return {find_final(bytes(line.data(), end), aliases), line.substr(arg)};
}

}  // namespace detail

// Whether `line` (without terminator) is a final result, and which (none: an information response, a
// URC, an echo, or text): the whole line, or an extended result's name. What the client's engines ask (OK
// goes on, any other kind fails the command); "CONNECT 115200", the answer of a dial, ends no MQTT
// command: it is none here, connect with its text in classify_final.
constexpr final_kind final_kind_of(bytes line, const syntax& s = {}, span<const final_alias> aliases = {}) noexcept {
    return detail::split_final(line, s, aliases, false).kind;
}

// final_kind_of with the argument: CONNECT's text or an extended result's <err>, quotes removed; a
// decimal integer that fits 32 bits is the code too.
constexpr final_result classify_final(bytes line, const syntax& s = {}, span<const final_alias> aliases = {}) noexcept {
    const final_result p = detail::split_final(line, s, aliases, true);
    final_result r{};
    if (!p.is_final()) return r;
    r.kind = p.kind;
    r.argument = detail::unquote(p.argument);
    const result<std::int64_t> code = parse_integer(r.argument);
    r.has_code = code.ok() && *code == static_cast<std::int32_t>(*code);
    r.code = r.has_code ? static_cast<std::int32_t>(*code) : 0;
    return r;
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

// The entry for a code; at_invalid_enum when the table does not list it.
constexpr result<error_entry> find_error(span<const error_entry> table, std::int32_t code) noexcept {
    for (const error_entry& e : table)
        if (e.first <= code && code <= e.last) return e;
    return {errc::at_invalid_enum, 0};
}

// A table is well formed when every row has a name, first <= last, and no two rows share a code. The
// offset of a failure is the index of the offending row.
constexpr status validate(span<const error_entry> table) noexcept {
    for (std::size_t i = 0; i < table.size(); ++i) {
        const error_entry& e = table[i];
        if (e.name.empty()) return {errc::at_missing_field, i};
        if (e.first > e.last) return {errc::at_invalid_range, i};
        for (std::size_t j = 0; j < i; ++j)
            if (table[j].first <= e.last && e.first <= table[j].last) return {errc::at_invalid_enum, i};
    }
    return {};
}

// The result code's text ("+CME ERROR"): the standard word classify_final reads (its k-th), or what
// stands for none, ext_error (only a dialect's alias spells it) and values past the list.
constexpr std::string_view to_string(final_kind k) noexcept {
    const char* w = detail::final_words;
    bytes word{};
    for (int n = static_cast<int>(k); n > 0 && n <= static_cast<int>(final_kind::no_answer); --n)
        word = detail::next_word(w);
    if (!word.empty()) return word;
    return k == final_kind::none ? "none" : k == final_kind::ext_error ? "extended error" : "unknown";
}

}  // namespace at
ATMQTT_END_NAMESPACE
