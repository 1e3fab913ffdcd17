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
    element_kind kind = element_kind::absent;  // after the wider members: 32 bytes on a 64-bit host, not 40
    syntax lexical{};        // the dialect's, for reading the list again

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
    // The smallest and largest values a list admits (0 for other kinds).
    constexpr std::int64_t lowest() const noexcept { return bound(false); }
    constexpr std::int64_t highest() const noexcept { return bound(true); }

private:
    constexpr std::int64_t bound(bool high) const noexcept {
        list_reader r = items();
        std::int64_t out = 0;
        for (bool first = true; !r.done(); first = false) {
            result<list_item> it = r.next();
            if (!it) break;
            result<std::int64_t> n = high ? it->high_integer() : it->low_integer();
            std::int64_t v = n.ok() ? *n : 0;
            if (first || (high ? v > out : v < out)) out = v;
        }
        return out;
    }
};

// How a quoted word in an integer parameter's place reads.
enum class quoted_integer : std::uint8_t { mismatch, placeholder };

namespace detail {
constexpr bool starts_with(bytes b, std::string_view p) noexcept {
    return b.size() >= p.size() && b.substr(0, p.size()) == p;
}
constexpr bool enclosed(bytes t, char open, char close) noexcept {
    return t.size() >= 2 && t[0] == open && t[t.size() - 1] == close;
}
}  // namespace detail

// Out of line (g++ -O2 would inline them): the elements read_test_answer decodes, the list test_element_of
// checks and the caller's struct, each in its own frame, none over 512 bytes.
#if defined(__GNUC__)
#define ATMQTT_TEST_ANSWER_OUT_OF_LINE __attribute__((noinline))
#else
#define ATMQTT_TEST_ANSWER_OUT_OF_LINE
#endif

// One element of decode_test_response's output typed against the parameter it stands for.
ATMQTT_TEST_ANSWER_OUT_OF_LINE constexpr result<test_element> test_element_of(const field_value& v, const field_spec& spec, const syntax& s = {},
                                               quoted_integer quoted = quoted_integer::mismatch) noexcept {
    test_element e{};
    e.offset = v.offset;
    e.lexical = s;
    bytes t = v.text;
    if (t.empty() && !v.quoted) return e;  // absent
    bool integer = spec.type == field_type::integer;
    // The manuals' generic notation: "list of [...]", and a parenthesised phrase around a <name>
    // ("(list of supported <version>s)", "(支持的 <client_idx> 范围)").
    bool generic = !v.quoted && (detail::starts_with(t, "list of ") ||
                                 (detail::enclosed(t, '(', ')') && t.find('<') != bytes::npos));
    if (generic || (!v.quoted && detail::enclosed(t, '<', '>')) ||
        (v.quoted && integer && quoted == quoted_integer::placeholder)) {
        e.kind = element_kind::placeholder;
        e.text = t;
        return e;
    }
    if (!v.quoted && detail::enclosed(t, '(', ')')) {
        if (!integer) return {errc::at_type_mismatch, v.offset};
        e.kind = element_kind::list;
        e.text = t.substr(1, t.size() - 2);
        e.offset = v.offset + 1;
        list_reader r = e.items();
        if (r.done()) return {errc::at_invalid_range, e.offset};  // "()"
        while (!r.done()) {
            result<list_item> it = r.next();
            if (!it) return {it.error(), it.offset()};
            if (it->kind == item_kind::quoted) return {errc::at_invalid_integer, it->offset};
            result<std::int64_t> lo = it->low_integer();
            if (!lo) return {lo.error() == errc::at_integer_overflow ? lo.error() : errc::at_invalid_integer, it->offset};
            result<std::int64_t> hi = it->high_integer();
            if (!hi) return {hi.error() == errc::at_integer_overflow ? hi.error() : errc::at_invalid_integer, it->offset};
            if (*lo > *hi) return {errc::at_invalid_range, it->offset};
        }
        return e;
    }
    if (integer) return {errc::at_type_mismatch, v.offset};
    e.kind = element_kind::text;
    e.text = t;
    return e;
}

// An answer to c's test form read into caller storage: element k typed against parameter k into
// *slots[k]; a line of exactly slots.size() - shortened_by elements is a shortened one whose element
// k > 0 stands for parameter k + shortened_by (OneMO's "reconn": <connect_id> and the last parameter). An empty
// element is absent and keeps its offset. Returns the number of elements; more than slots.size() is
// at_too_many_fields at the first extra one. Errors also: decode_test_response's and test_element_of's.
ATMQTT_TEST_ANSWER_OUT_OF_LINE constexpr result<std::size_t> read_test_answer(const command& c, std::string_view prefix, bytes line, const syntax& s,
                                               quoted_integer quoted, span<test_element* const> slots,
                                               std::size_t shortened_by = 0) noexcept {
    constexpr std::size_t room = 7;  // the longest answer the dialects document (six elements), and one more
    const result<decoded_line<room>> r = decode_test_response<room>(c, prefix, line, s);
    if (!r) return {r.error() == errc::capacity_exceeded ? errc::at_too_many_fields : r.error(), r.offset()};
    if (r->count > slots.size()) return {errc::at_too_many_fields, r->values[slots.size()].offset};
    const std::size_t gap = r->count == slots.size() - shortened_by ? shortened_by : 0;
    for (std::size_t k = 0; k < r->count; ++k) {
        const std::size_t p = k == 0 ? 0 : k + gap;
        result<test_element> e = test_element_of(r->values[k], c.params[p], s, quoted);
        if (!e) return {e.error(), e.offset()};
        *slots[p] = *e;
    }
    return r->count;
}

}  // namespace at
ATMQTT_END_NAMESPACE
