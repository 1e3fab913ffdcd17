// Typed elements of a test answer (AT+NAME=?), shared by the dialects that document theirs. The AT core's
// decode_test_response (decode.hpp) splits the line into elements kept as text; test_element_of types
// one of them against the command parameter it describes:
//
//     (0-5) (0,1) (60-86400)   list: each item a number or a range low-high / low~high with low <= high
//     <msgid> <host>           placeholder, as manuals print a parameter they do not enumerate
//     (list of supported <version>s)   (支持的 <vsn> 列表)   list of ["topic",qos]
//                              placeholder too: the manuals' generic notation
//     "hostname" clientid      text: a string parameter's name or example
//     (empty)                  absent
//
// An integer parameter printed as text is at_type_mismatch, unless the dialect says a quoted word there is
// a placeholder (Quectel prints `"length"` for <length>). A list item that is not a number is
// at_invalid_integer; an empty list or item, a missing bound or low > high is at_invalid_range.
#pragma once

#include <atmqtt/at/decode.hpp>
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
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace at {

enum class element_kind : std::uint8_t { absent, list, placeholder, text };

// One element of a test answer; `text` as printed (a list without its parentheses, quotes stripped).
struct test_element {
    bytes text{};
    std::size_t offset = 0;  // of the element in the line (a list: its first item)
    element_kind kind = element_kind::absent;  // beside lexical: 48 bytes on a 64-bit host, not 56
    syntax lexical{};        // the dialect's, for reading the list again
    std::int64_t low = 0;    // a list: the smallest value it admits (0 for other kinds)
    std::int64_t high = 0;   // a list: the largest

    constexpr bool present() const noexcept { return kind != element_kind::absent; }
    // The items of a list (nothing for other kinds).
    constexpr list_reader items() const noexcept {
        return list_reader(kind == element_kind::list ? text : bytes{}, lexical, offset);
    }
    // Whether a list admits v (false for other kinds; the list was validated when decoded).
    constexpr bool contains(std::int64_t v) const noexcept {
        result<bool> r = list_contains(items(), v);
        return r.ok() && *r;
    }
};

// How a quoted word in an integer parameter's place reads.
enum class quoted_integer : std::uint8_t { mismatch, placeholder };

// Out of line ([[gnu::noinline]]; g++ -O2 would inline them): the elements read_test_answer decodes, the
// list test_element_of checks and the caller's answer each in its own frame (g++ -O2: 576, 256 bytes).

// One element of decode_test_response's output typed against the parameter it stands for.
[[gnu::noinline]] constexpr result<test_element> test_element_of(const field_value& v, const field_spec& spec, const syntax& s = {},
                                               quoted_integer quoted = quoted_integer::mismatch) noexcept {
    const bytes t = v.text;
    test_element e{t, v.offset, element_kind::absent, s};
    if (t.empty() && !v.quoted) return e;
    const bool integer = spec.type == field_type::integer;
    const bool list = !v.quoted && detail::enclosed(t, '(', ')');
    // The manuals' generic notation: "list of [...]", <name>, and a parenthesised phrase around a <name>
    // ("(list of supported <version>s)", "(支持的 <client_idx> 范围)").
    const bool generic = !v.quoted && (t.substr(0, 8) == "list of " || detail::enclosed(t, '<', '>') ||
                                       (list && t.find('<') != bytes::npos));
    e.kind = list ? element_kind::list : element_kind::text;
    if (generic || (v.quoted && integer && quoted == quoted_integer::placeholder)) e.kind = element_kind::placeholder;
    else if (list != integer) return {errc::at_type_mismatch, v.offset};  // an integer's is a list, others' text
    if (e.kind != element_kind::list) return e;
    e.text = t.substr(1, t.size() - 2);
    e.offset = v.offset + 1;
    list_reader r = e.items();
    if (r.done()) return {errc::at_invalid_range, e.offset};  // "()"
    for (bool first = true; !r.done(); first = false) {
        result<list_item> it = r.next();
        if (!it) return {it.error(), it.offset()};
        if (it->kind == item_kind::quoted) return {errc::at_invalid_integer, it->offset};
        const result<std::int64_t> bounds[] = {it->low_integer(), it->high_integer()};
        for (const result<std::int64_t>& b : bounds)
            if (!b) return {b.error(), it->offset};  // parse_integer's: at_invalid_integer, at_integer_overflow
        if (*bounds[0] > *bounds[1]) return {errc::at_invalid_range, it->offset};
        if (first || *bounds[0] < e.low) e.low = *bounds[0];
        if (first || *bounds[1] > e.high) e.high = *bounds[1];
    }
    return e;
}

// A dialect's conventions for its =? answers: table data (dialect/<vendor>/test_responses.hpp), read by
// the one decoder below.
struct test_answer_rules {
    const grammar* g = nullptr;  // prefixes, their aliases, the lexical options
    span<const command> items{};  // sub-commands each answering their command's =? with a line (AT+QMTCFG=?)
    quoted_integer quoted = quoted_integer::mismatch;  // a quoted word in an integer's place
    bool all_required = false;  // every element is printed (Quectel); else the leading required parameters
    std::string_view first_and_last{};  // an item whose two-element answer is its first and last parameter
};

// An answer to a test form: the command (an item of `items`) it answers and its elements by parameter.
// A repeated group is one element, the manuals' `list of [...]` placeholder.
inline constexpr std::size_t max_test_elements = 6;
struct test_answer {
    const command* cmd = nullptr;
    test_element elements[max_test_elements] = {};
};

namespace detail {

// The answer as command c's into out. Elements are typed by test_element_of; an empty one is absent and
// keeps its offset; more than the command's elements is at_too_many_fields at the first extra one.
[[gnu::noinline]] constexpr status read_test_answer(const test_answer_rules& r, const command& c, bytes line,
                                                                 test_answer& out) noexcept {
    out.cmd = &c;
    for (test_element& e : out.elements) e = test_element{};  // in place, not a temporary answer
    const grammar& g = *r.g;
    const auto read = decode_test_response<max_test_elements + 1>(c, {}, line, g.lexical, g.prefix_aliases);
    if (!read)
        return {read.error() == errc::capacity_exceeded ? errc::at_too_many_fields : read.error(), read.offset()};
    const auto& d = *read;
    const std::size_t fixed = c.params.size() - c.repeat;
    const std::size_t slots = fixed + (c.repeat != 0 ? 1 : 0);
    if (d.count > slots) return {errc::at_too_many_fields, d.values[slots].offset};
    const std::size_t gap = d.count == 2 && !r.first_and_last.empty() && c.selector == r.first_and_last ? slots - 2 : 0;
    for (std::size_t k = 0; k < d.count; ++k) {
        const std::size_t p = k == 0 ? 0 : k + gap;
        const result<test_element> e = test_element_of(d.values[k], c.params[p], g.lexical, r.quoted);
        if (!e) return {e.error(), e.offset()};
        out.elements[p] = *e;
    }
    std::size_t required = r.all_required ? slots : 0;
    while (required < fixed && !c.params[required].is_optional()) ++required;
    if (d.count < required) return {errc::at_missing_field, line.size()};
    for (std::size_t k = 0; k < required; ++k)
        if (!out.elements[k].present()) return {errc::at_missing_field, out.elements[k].offset};
    const test_element& group = out.elements[slots - 1];
    if (c.repeat != 0 && group.present() && group.kind != element_kind::placeholder) return {errc::at_type_mismatch, group.offset};
    return {};
}

}  // namespace detail

// One line of the answer to `sent`'s test form (AT+X=?) into out, by the dialect's rules: against `sent`,
// or, when `sent` is the command of the rules' items, against the item the line names (its name compared
// ignoring ASCII case). Errors: at_unknown_response (another prefix), at_invalid_enum (no such item, at
// its name), at_missing_field (a required element missing or empty: at the line end or the element),
// at_too_many_fields, at_type_mismatch (a group's element that is not a placeholder), and the element
// errors of test_element_of and decode_test_response.
constexpr status decode_test_answer(const test_answer_rules& r, const command& sent, const event& ev,
                                    test_answer& out) noexcept {
    const bool items = !r.items.empty() && sent.selector.empty() && sent.name == r.items[0].name;
    status st(errc::at_invalid_enum, 0);
    for (const command& c : items ? r.items : span<const command>(&sent, 1)) {
        const status tried = detail::read_test_answer(r, c, ev.text, out);
        if (tried.error() != errc::at_invalid_enum) return tried;
        st = tried;
    }
    out.cmd = nullptr;
    return st;
}

}  // namespace at
ATMQTT_END_NAMESPACE
