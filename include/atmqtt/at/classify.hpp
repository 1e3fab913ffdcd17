// classify: which line of a grammar a response or URC line is. The one classifier of the AT core: the
// transaction routes with it, at::decode decodes what it finds, and each dialect's typed decoders ask it
// instead of comparing prefixes themselves.
//
//     auto i = at::classify<8>(grammar, ev);                  // index into grammar.lines
//     auto j = at::classify<8>(grammar, ev, at::form::read);  // AT+X? pending: its answer first
//
// How (all of it table data):
// 1. The line's prefix (dialect tolerances, prefix aliases) selects its candidates through the grammar's
//    line order (make_line_order): two binary searches, so the cost does not grow with the table.
// 2. A candidate with a selector wins when the first field names it (ASCII case ignored). When every
//    candidate has a selector and none matches: at_invalid_enum at the first field (or why the first
//    field does not read, at_unterminated_quote).
// 3. Among candidates without selector (one prefix, several shapes: Quectel's +QMTRECV message, notice
//    and status), lines marked answers_read_form() come first when the hint is form::read; then, in
//    table order, the first whose fields decode against the row (ranges included: "+QMTCONN: 0,3" is
//    the read answer, not a connect result with an impossible <result>). With Capacity 0 nothing is
//    decoded: the first whose shape (field count, payload) may fit wins (the transaction's cheap
//    question). When none fits, the first (or the one that decoded furthest) is returned, so that the
//    row's own decoder reports why.
// 4. No candidate: at_unknown_response.
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

ATMQTT_BEGIN_NAMESPACE
namespace at {

namespace detail {

// How many fields follow the line's prefix (as far as they read).
constexpr std::size_t field_count(bytes t, const syntax& lexical) noexcept {
    result<prefixed_line> pl = split_prefix(t, lexical);
    if (!pl.ok()) return 0;
    field_reader fields(*pl, lexical);
    std::size_t n = 0;
    while (!fields.done() && fields.next().ok()) ++n;
    return n;
}

// Whether a line of `count` fields (a payload's commas counted as separators) may have the shape of
// `l`: at least its fields up to the first optional one, at most all of them (any number with a payload).
constexpr bool may_fit(const line& l, std::size_t count, bool has_payload) noexcept {
    if ((l.payload_index() != no_index) != has_payload) return false;
    std::size_t fixed = l.fields.size() - l.repeat;
    std::size_t least = fixed + std::size_t{l.repeat} * l.repeat_min;
    for (std::size_t i = 0; i < fixed; ++i) {
        if (l.fields[i].is_optional()) {
            least = i;
            break;
        }
    }
    std::size_t selector = l.selector.empty() ? 0 : 1;
    if (count < least + selector) return false;
    return has_payload || count <= fixed + selector + std::size_t{l.repeat} * l.repeat_max;
}

}  // namespace detail

// The index in `lines` of the line `e` is (see the header comment); `order` as make_line_order gives it
// (empty: every line is tried, in table order).
template <std::size_t Capacity>
constexpr result<std::size_t> classify(span<const line> lines, span<const std::uint8_t> order, const event& e,
                                       const syntax& s, span<const prefix_alias> aliases = {},
                                       form hint = form::execute) noexcept {
    const line_key k = key_of(e.text, s, aliases);
    const line_candidates c = candidates(lines, order, k.prefix);
    bool selectors = false;
    std::size_t plain = 0;  // candidates without selector
    std::size_t first_plain = lines.size();
    for (std::size_t n = 0; n < c.size(); ++n) {
        const line& l = lines[c[n]];
        if (l.prefix != k.prefix) continue;
        if (l.selector.empty()) {
            if (plain++ == 0) first_plain = c[n];
        } else if (detail::equal_nocase(k.first, l.selector)) {
            return result<std::size_t>(c[n], 0);
        } else {
            selectors = true;
        }
    }
    if (plain == 0) {
        if (!selectors) return {errc::at_unknown_response, 0};
        return {k.first_error != errc::ok ? k.first_error : errc::at_invalid_enum, k.first_offset};
    }
    if (plain == 1) return result<std::size_t>(first_plain, 0);
    const bool read_first = hint == form::read;
    if constexpr (Capacity == 0) {
        const std::size_t count = detail::field_count(e.text, s);
        for (int pass = read_first ? 0 : 1; pass < 2; ++pass) {
            for (std::size_t n = 0; n < c.size(); ++n) {
                const line& l = lines[c[n]];
                if (l.prefix != k.prefix || !l.selector.empty() || (read_first && l.answers_read() != (pass == 0)))
                    continue;
                if (detail::may_fit(l, count, e.has_payload)) return result<std::size_t>(c[n], 0);
            }
        }
        return result<std::size_t>(first_plain, 0);
    } else {
        std::size_t index = lines.size();
        (void)detail::decode_first<Capacity>(lines, order, e, s, aliases, read_first, true, index);
        return result<std::size_t>(index, 0);
    }
}

template <std::size_t Capacity>
constexpr result<std::size_t> classify(const grammar& g, const event& e, form hint = form::execute) noexcept {
    return classify<Capacity>(g.lines, g.line_order, e, g.lexical, g.prefix_aliases, hint);
}

// The same for a line given as text (no tokenizer payload view).
template <std::size_t Capacity>
constexpr result<std::size_t> classify(const grammar& g, bytes text, form hint = form::execute) noexcept {
    event e{};
    e.kind = event_kind::line;
    e.text = text;
    return classify<Capacity>(g, e, hint);
}

}  // namespace at
ATMQTT_END_NAMESPACE
