// decode_command: one COMMAND line ("AT+QMTOPEN=0,\"broker\",1883\r") -> the command descriptor it matches,
// its form and its typed parameter values, without copying and without allocation. The inverse of the
// writer (at/writer.hpp): whatever write_command produces decodes back to the same command and values.
// Host tools use it for the host's side of a modem log (echoes); the encoder fuzz target uses it as oracle.
//
//     at::decoded_command<8> d;                     // caller storage: decoding returns a status, not the struct
//     at::status st = at::decode_command(g.commands, text, d, g.lexical);   // or {&cmd, 1}: one descriptor
//     if (st) { d.desc; d.which; d.find("port")->number; d.params.selector; ... }
//     else    { st.error(); st.offset(); }   // d holds nothing to rely on after a failure
//
// Line shape: "AT" or "at", then '+', the name (A-Z a-z 0-9 & _, compared ignoring ASCII case), then
//   nothing (execute), "?" (read), "=?" (test) or "=" and the parameters (set). Trailing CR / LF bytes are
//   the terminator and ignored; a CR or LF before them is at_unexpected_character.
// Parameters: the selector of a sub-command first (quotes stripped, ASCII case ignored, at_invalid_enum
//   when it differs), then each parameter checked exactly as decode.hpp checks a response field
//   (detail::put_typed: ranges, lengths, words, hex). An optional parameter may be missing together
//   with every one after it (value kind `absent`, as the writer leaves them out); an empty field is
//   absent when the parameter is optional (the writer's omitted value before a given one; an empty bare
//   string reads the same) and an empty text for a required string. The repeated group is read repeat_min..repeat_max
//   times. Values keep their spec index (into desc->params) and repetition number.
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
    bytes name{};                      // the name as on the wire (after "AT+")
    decoded_line<Capacity> params{};   // desc is null; specs = desc->params; selector as on the wire

    constexpr span<const field_value> fields() const noexcept { return params.fields(); }
    constexpr const field_value* find(std::string_view field_name) const noexcept { return params.find(field_name); }
};

namespace detail {

// A command line split into its name (at offset 3), its form and (set form) its parameter text.
struct command_parts {
    bytes name{};
    form which = form::execute;
    std::size_t form_offset = 0;  // where the form's text starts ('?', '=' or the line end)
    bytes params{};
};

constexpr result<command_parts> split_command(bytes text) noexcept {
    const std::size_t end = text.find_last_not_of("\r\n") + 1;  // npos + 1 == 0: nothing but line ends
    const std::size_t line_end = text.find_first_of("\r\n");
    if (line_end < end) return {errc::at_unexpected_character, line_end};
    text = text.substr(0, end);
    const char* const head = end != 0 && text[0] == 'a' ? "at+" : "AT+";  // one case or the other
    std::size_t i = 0;
    while (i < 3 && i < end && text[i] == head[i]) ++i;
    if (i == 3)
        while (i < end && is_name_char(text[i])) ++i;
    if (i <= 3) return {errc::at_unexpected_character, i};
    const std::size_t mark = text.substr(i, 2) == "=?" ? 2 : text.substr(i, 1) == "?" ? 1 : 0;  // test, read
    if (mark != 0 && i + mark != end) return {errc::at_unexpected_character, i + mark};
    if (mark == 0 && i != end && text[i] != '=') return {errc::at_unexpected_character, i};
    const form which = mark == 2 ? form::test : mark == 1 ? form::read : i == end ? form::execute : form::set;
    return command_parts{text.substr(3, i - 3), which, i, text.substr(i + 1)};  // params: the set form's
}

// The parameters of a set line against `c`, mirroring the writer's check_arity.
template <std::size_t Capacity>
constexpr status read_command_params(decoded_line<Capacity>& out, const command& c, const command_parts& p,
                                     const syntax& s) noexcept {
    field_reader reader(p.params, s, p.form_offset + 1);
    if (reader.done()) return {errc::at_missing_field, reader.offset()};  // "AT+NAME=": the writer never sends it
    if (!c.selector.empty()) {
        result<field> sel = reader.next();
        if (!sel) return {sel.error(), sel.offset()};
        if (sel->kind == field_kind::list || !equal_nocase(sel->text, c.selector))
            return {errc::at_invalid_enum, sel->offset};
        out.selector = sel->text;
    }
    // Parameter i (repetition rep) from the next field: absent when the line has ended (`missing`) or when the
    // field is empty and the parameter optional (how the writer leaves out a value before a given one).
    auto read = [&](std::size_t i, std::size_t rep, bool missing) -> status {
        field_value v{};
        v.spec = static_cast<std::uint8_t>(i);
        v.repetition = static_cast<std::uint8_t>(rep);
        v.offset = reader.offset();
        if (missing) return push(out, v);
        const result<field> f = reader.next();  // at_missing_field at the line end
        if (!f) return {f.error(), f.offset()};
        v.offset = f->offset;
        const status st = f->empty() && c.params[i].is_optional() ? status{} : put_typed(c.params[i], *f, v);
        return st ? push(out, v) : st;
    };
    const std::size_t fixed = c.params.size() - c.repeat;
    bool ended = false;  // at an optional parameter: it and every one after it are absent
    for (std::size_t i = 0; i < fixed; ++i) {
        ended = ended || (reader.done() && c.params[i].is_optional() && c.repeat_min == 0);
        const status st = read(i, 0, ended);
        if (!st) return st;
    }
    std::size_t reps = 0;
    for (; c.repeat != 0 && !reader.done() && reps < c.repeat_max; ++reps)
        for (std::size_t i = fixed; i < c.params.size(); ++i) {
            const status st = read(i, reps, false);
            if (!st) return st;
        }
    out.repetitions = static_cast<std::uint8_t>(reps);
    if (reps < c.repeat_min) return {errc::at_missing_field, reader.offset()};
    if (!reader.done()) return {errc::at_too_many_fields, reader.offset()};
    return {};
}

}  // namespace detail

// Finds the command of `text` among `commands` (see the header comment) and decodes it into `out`; against
// one descriptor: `commands` = {&cmd, 1} (another name is at_unknown_command at the name).
template <std::size_t Capacity>
constexpr status decode_command(span<const command> commands, bytes text, decoded_command<Capacity>& out,
                                const syntax& s = {}) noexcept {
    result<detail::command_parts> p = detail::split_command(text);
    if (!p) return {p.error(), p.offset()};
    status best(errc::at_unknown_command, 3);  // any try fails further on: past the name
    for (int pass = 0; pass < 2; ++pass) {  // sub-commands (with a selector) first
        for (const command& c : commands) {
            if (c.selector.empty() != (pass == 1) || !detail::equal_nocase(p->name, c.name)) continue;
            out = decoded_command<Capacity>{&c, p->which, p->name, {}};  // reset; the values when c has the form
            out.params.prefix = p->name;
            out.params.specs = c.params;
            status r = !c.has(p->which)       ? status(errc::at_unsupported_form, p->form_offset)
                       : p->which == form::set ? detail::read_command_params(out.params, c, *p, s)
                                               : status{};
            if (r.ok()) return r;
            if (r.offset() > best.offset()) best = r;
        }
    }
    return best;
}

}  // namespace at
ATMQTT_END_NAMESPACE
