// decode_command: one COMMAND line ("AT+QMTOPEN=0,\"broker\",1883\r") -> the command descriptor it matches,
// its form and its typed parameter values, without copying and without allocation. The inverse of the
// writer (at/writer.hpp): whatever write_command produces decodes back to the same command and values.
// Host tools use it for the host's side of a modem log (echoes); the encoder fuzz target uses it as oracle.
//
//     at::decoded_command<8> d;                     // caller storage: decoding returns a status, not the struct
//     at::status st = at::decode_command(g.commands, text, d, g.lexical);   // or {&cmd, 1}: one descriptor
//     if (st) { d.desc; d.which; d.params.find("port")->number; d.params.selector; ... }
//     else    { st.error(); st.offset(); }   // d holds nothing to rely on after a failure
//
// Line shape: "AT" or "at", then '+', the name (A-Z a-z 0-9 & _, compared ignoring ASCII case), then
//   nothing (execute), "?" (read), "=?" (test) or "=" and the parameters (set). Trailing CR / LF bytes are
//   the terminator and ignored; a CR or LF before them is at_unexpected_character.
// Parameters: read by decode.hpp's reader as the fields of a response row ("AT+NAME" its prefix, '=' its
//   colon): the selector of a sub-command first (quotes stripped, ASCII case ignored, at_invalid_enum
//   when it differs), then each parameter checked exactly as a response field (ranges, lengths, words,
//   hex). An optional parameter may be missing together with every one after it (value kind `absent`, as
//   the writer leaves them out); an empty field is absent when the parameter is optional (the writer's
//   omitted value before a given one; an empty bare string reads the same) and an empty text for a
//   required string. The repeated group is read repeat_min..repeat_max times. Values keep their spec
//   index (into desc->params) and repetition number.
// Errors, with the byte offset in the line: at_unexpected_character (no "AT+", empty name, junk after the
//   name or after "?"/"=?", CR/LF inside), at_unknown_command (no command has the name),
//   at_unsupported_form (the descriptor lacks the form; offset: the form's first byte), at_missing_field,
//   at_too_many_fields, at_invalid_enum, the field errors of put_typed and the field lexer,
//   capacity_exceeded (more values than Capacity).
// With a grammar, the commands with the name are tried sub-commands first, in table order; the first that
// decodes wins, otherwise the failure that got furthest. A test / read / execute line carries no
// selector: it matches the first command with the name that has the form.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
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

template <std::size_t Capacity>
struct decoded_command {
    const command* desc = nullptr;     // the matching command (sub-command) descriptor
    form which = form::execute;        // the form of the line
    decoded_line<Capacity> params{};   // desc is null; specs = desc->params; prefix: the name as on the wire
                                       // (after "AT+"); selector as on the wire; its values (params.fields()),
                                       // one by name (params.find("port"))
};

// Finds the command of `text` among `commands` (see the header comment) and decodes it into `out`; against
// one descriptor: `commands` = {&cmd, 1} (another name is at_unknown_command at the name).
template <std::size_t Capacity>
constexpr status decode_command(span<const command> commands, bytes text, decoded_command<Capacity>& out,
                                const syntax& s = {}) noexcept {
    // The line without its terminator: "AT+" (or "at+"), the name from offset 3, the form's text from i.
    const std::size_t end = text.find_last_not_of("\r\n") + 1;  // npos + 1 == 0: nothing but line ends
    const std::size_t line_end = text.find_first_of("\r\n");
    if (line_end < end) return {errc::at_unexpected_character, line_end};
    const bytes t = text.substr(0, end);
    const char* const head = end != 0 && t[0] == 'a' ? "at+" : "AT+";  // one case or the other
    std::size_t i = 0;
    while (i < 3 && i < end && t[i] == head[i]) ++i;
    if (i == 3)
        while (i < end && detail::is_name_char(t[i])) ++i;
    if (i <= 3) return {errc::at_unexpected_character, i};
    const std::size_t mark = t.substr(i, 2) == "=?" ? 2 : t.substr(i, 1) == "?" ? 1 : 0;  // test, read
    if (mark != 0 && i + mark != end) return {errc::at_unexpected_character, i + mark};
    if (mark == 0 && i != end && t[i] != '=') return {errc::at_unexpected_character, i};
    const form which = mark == 2 ? form::test : mark == 1 ? form::read : i == end ? form::execute : form::set;
    const bytes name = t.substr(3, i - 3);
    status best(errc::at_unknown_command, 3);  // any try fails further on: past the name
    for (int pass = 0; pass < 2; ++pass) {  // sub-commands (with a selector) first
        for (const command& c : commands) {
            if (c.selector.empty() != (pass == 1) || !detail::equal_nocase(name, c.name)) continue;
            out = decoded_command<Capacity>{&c, which, {}};  // reset; the values when c has the form
            out.params.specs = c.params;
            status r = !c.has(which) ? status(errc::at_unsupported_form, i) : status{};
            // "AT+NAME=" (the writer never sends it)
            if (r.ok() && which == form::set && i + 1 == end) r = {errc::at_missing_field, end};
            if (r.ok() && which == form::set) {
                // The parameters: the fields of a row whose prefix is "AT+NAME" and whose colon is the '='
                // (the selector, the repeated group and the optional ones as in a response); an empty
                // field of an optional parameter is absent whatever its type (how the writer leaves out a
                // value before a given one), not an empty text.
                const line row{{}, {t.data(), i}, c.selector, c.params,
                               no_index, c.repeat, c.repeat_min, c.repeat_max};
                const syntax lexical = s.with(lex::equals_as_colon | lex::empty_is_absent);
                r = detail::read_into(row, line_event(t), out.params, lexical, {});
                out.params.desc = nullptr;
            }
            out.params.prefix = name;
            if (r.ok()) return r;
            if (r.offset() > best.offset()) best = r;
        }
    }
    return best;
}

}  // namespace at
ATMQTT_END_NAMESPACE
