// classify: which line of a grammar a response or URC line is. The one classifier of the AT core:
// at::decode decodes what it finds, each dialect's typed decoders ask it instead of comparing prefixes
// themselves, and the host tool's router (tools/atmqtt/transaction.hpp) routes with it. An echo of a
// command line is told apart first (detail::is_echo_of: the client's engine asks it too).
//
//     auto i = at::classify<8>(grammar, ev);                  // index into grammar.lines
//     auto j = at::classify<8>(grammar, ev, at::form::read);  // AT+X? pending: its answer first
//     auto k = at::classify<at::by_selector>(grammar, ev);    // steps 1 and 2 only (below)
//
// How (all of it table data):
// 1. The line's prefix (dialect tolerances, prefix aliases) selects its candidates through the grammar's
//    line order (line_order_of): two binary searches, so the cost does not grow with the table.
// 2. A candidate with a selector wins when the first field names it (ASCII case ignored). When every
//    candidate has a selector and none matches: at_invalid_enum at the first field (or why the first
//    field does not read, at_unterminated_quote).
// 3. Among candidates without selector (one prefix, several shapes: Quectel's +QMTRECV message, notice
//    and status): a line event that carries a payload (the tokenizer cut one by a payload rule) is the
//    one candidate with a payload field when there is exactly one, without reading a field (that row's
//    decoder reports what is wrong with it); otherwise lines marked answers_read_form() come first when the hint is form::read; then, in
//    table order, the first whose fields decode against the row (ranges included: "+QMTCONN: 0,3" is
//    the read answer, not a connect result with an impossible <result>); rows are read value by value
//    (at::for_each_value), nothing is stored, so any Capacity but 0 is the same. With Capacity 0 nothing is
//    decoded: the first whose shape (field count, payload) may fit wins (the host router's cheap
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

// The steps both ways in share (a table at run time, a compile-time index) folded into each when
// optimising for speed (ATMQTT_AT_SPEED_INLINE: g++ -O2 kept them apart, a call and a copy of the key per line).
// The rarer steps with large locals (a row read value by value, a line's fields counted) out of line
// ([[gnu::noinline]]), so that the frames of classify and of its callers stay under 512 bytes.

ATMQTT_BEGIN_NAMESPACE
namespace at {

// The Capacity of classify<by_selector>: steps 1 and 2 only, the line a selector names; for a prefix whose
// lines have no selector, the first of them (no shape is looked at: for callers that settle shapes by
// context, or prefixes with one line).
constexpr std::size_t by_selector = ~std::size_t{0};

namespace detail {

// "AT+NAME", "at+name=...", "AT+NAME?": the echo of an extended command line.
constexpr bool is_command_line(bytes t) noexcept {
    // "AT+" (any case): no response or URC starts so; "ATTACHED" or "AT&T" text is left alone.
    return t.size() >= 3 && ascii_upper(t[0]) == 'A' && ascii_upper(t[1]) == 'T' && t[2] == '+';
}
constexpr bool is_echo_of(bytes t, std::string_view name) noexcept {
    // (equal_nocase fails on a line too short to hold the name)
    if (!is_command_line(t) || !equal_nocase(t.substr(3, name.size()), name)) return false;
    std::size_t end = 3 + name.size();
    return end == t.size() || t[end] == '=' || t[end] == '?';
}

// How many fields follow the line's prefix (as far as they read).
[[gnu::noinline]] constexpr std::size_t field_count(bytes t, const syntax& lexical) noexcept {
    result<prefixed_line> pl = split_prefix(t, lexical);
    if (!pl.ok()) return 0;
    field_reader fields(pl->params, lexical, pl->params_offset);
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

// Whether line `l` of candidates `c` has the key's prefix (without an order every line is a candidate).
constexpr bool has_prefix(const line& l, const line_candidates& c, const line_key& k) noexcept {
    return !c.order.empty() || l.prefix == k.prefix;
}
// The hashed index of a grammar's prefixes (classify<G, Capacity>): open addressing over a power of two
// at least twice the number of lines, each slot the run of one prefix in the line order (first position,
// length; 0: an empty slot). A lookup hashes the prefix and compares one prefix per probe: constant time,
// whatever the size of the table. The hash mixes the length and three bytes (prefixes share heads like
// "+QMT"; a collision only costs a probe).
constexpr std::uint32_t prefix_hash(std::string_view p) noexcept {
    const std::size_t n = p.size();
    if (n == 0) return 0;
    std::uint32_t h = static_cast<std::uint32_t>(n) * 2654435761u;
    h ^= octet(p, n - 1) * 40503u;
    h ^= octet(p, n / 2) * 9973u;
    h ^= octet(p, (n - 1) / 3) * 131u;
    return h ^ (h >> 13);
}
template <const grammar& G>
struct prefix_index {
    static_assert(G.line_order.size() == G.lines.size(), "classify<G>: the grammar needs its line_order");
    static constexpr std::size_t slots = [] {
        std::size_t n = 4;
        while (n < 2 * G.lines.size()) n *= 2;
        return n;
    }();
    struct runs {
        std::uint8_t first[slots] = {};
        std::uint8_t count[slots] = {};
    };
    static constexpr runs table = [] {
        runs t{};
        for (std::size_t pos = 0, end = 0; pos < G.line_order.size(); pos = end) {
            const std::string_view prefix = G.lines[G.line_order[pos]].prefix;
            while (end < G.line_order.size() && G.lines[G.line_order[end]].prefix == prefix) ++end;
            std::size_t i = prefix_hash(prefix) & (slots - 1);
            while (t.count[i] != 0) i = (i + 1) & (slots - 1);
            t.first[i] = static_cast<std::uint8_t>(pos);
            t.count[i] = static_cast<std::uint8_t>(end - pos);
        }
        return t;
    }();

    constexpr line_candidates operator()(std::string_view prefix) const noexcept {
        for (std::size_t i = prefix_hash(prefix) & (slots - 1); table.count[i] != 0; i = (i + 1) & (slots - 1)) {
            if (G.lines[G.line_order[table.first[i]]].prefix == prefix)
                return {G.line_order, table.first[i], std::size_t{table.first[i]} + table.count[i]};
        }
        return {G.line_order, 0, 0};
    }
};

// Whether line `e` reads cleanly as row `l`, storing nothing, or why not (its read in this frame, not the caller's).
template <class Lex>
[[gnu::noinline]] constexpr status row_fits(const line& l, const event& e, const Lex& s,
                                            span<const prefix_alias> aliases) noexcept {
    return for_each_value(l, e, [](const field_value&) { return status{}; }, s, aliases);
}

// Steps 1 to 4, the candidates found by find(prefix). Step 1: the line's prefix (canonical) and its
// candidates; the first field is read only when a candidate has a selector to compare it with (most
// prefixes have none). Steps 1 and 2 in one walk: the line a selector names, else the first candidate
// without selector, how many there are, and the last of them with a payload field.
template <std::size_t Capacity, class Index, class Find, class Lex>
ATMQTT_AT_SPEED_INLINE constexpr result<Index> classify_in(span<const line> lines, Find find, const event& e,
                                                           const Lex& s, span<const prefix_alias> aliases,
                                                           form hint) noexcept {
    line_key k{};
    const result<prefixed_line> pl = split_prefix(e.text, s);
    k.prefix = canonical_prefix(aliases, pl.ok() ? pl->name : trim_blanks(e.text));
    const line_candidates c = find(k.prefix);
    for (std::size_t n = 0; pl.ok() && n < c.size(); ++n) {
        const line& l = lines[c[n]];
        if (l.selector.empty() || !has_prefix(l, c, k)) continue;
        read_first(*pl, s, k);
        break;
    }
    std::size_t first = lines.size(), plain = 0, payload_row = 0, payload_rows = 0;
    bool selectors = false;
    for (std::size_t n = 0; n < c.size(); ++n) {
        const line& l = lines[c[n]];
        if (!has_prefix(l, c, k)) continue;
        if (!l.selector.empty()) {
            if (equal_nocase(k.first, l.selector)) return static_cast<Index>(c[n]);
            selectors = true;
            continue;
        }
        if (plain++ == 0) first = c[n];
        if (l.payload_index() != no_index) {
            ++payload_rows;
            payload_row = c[n];
        }
    }
    if (plain == 0) {
        if (!selectors) return {errc::at_unknown_response, 0};
        return {k.first_error != errc::ok ? k.first_error : errc::at_invalid_enum, k.first_offset};
    }
    if (Capacity == by_selector || plain == 1) return static_cast<Index>(first);
    // Step 3's shortcut: only a row with a payload field takes a payload line.
    if (e.has_payload && payload_rows == 1) return static_cast<Index>(payload_row);
    // Step 3: in table order (answers to a read form first when hinted), the first candidate that reads
    // cleanly, else the one whose failure got furthest (the earlier on a tie); rows are checked value by
    // value, nothing is stored. With Capacity 0, the first whose shape may fit, else the first candidate.
    const std::size_t count = Capacity == 0 ? field_count(e.text, s) : 0;
    std::size_t best = first, furthest = 0;
    bool failed = false;
    for (int pass = hint == form::read ? 0 : 1; pass < 2; ++pass) {
        for (std::size_t n = 0; n < c.size(); ++n) {
            const line& l = lines[c[n]];
            if (!is_candidate(l, k) || (hint == form::read && l.is(line::read_answer_bit) != (pass == 0)))
                continue;
            if constexpr (Capacity == 0) {
                if (may_fit(l, count, e.has_payload)) return static_cast<Index>(c[n]);
            } else {
                const status st = row_fits(l, e, s, aliases);
                if (st.ok()) return static_cast<Index>(c[n]);
                if (!failed || st.offset() > furthest) best = c[n], furthest = st.offset();
                failed = true;
            }
        }
    }
    return static_cast<Index>(best);
}

}  // namespace detail

// The index in `lines` of the line `e` is (see the header comment), as an Index (a dialect's line_index);
// `order` as line_order_of gives it (empty: every line is tried, in table order).
template <std::size_t Capacity, class Index = std::size_t, class Lex>
constexpr result<Index> classify(span<const line> lines, span<const std::uint8_t> order, const event& e,
                                       const Lex& s, span<const prefix_alias> aliases = {},
                                       form hint = form::execute) noexcept {
    const auto find = [&](std::string_view prefix) { return candidates(lines, order, prefix); };
    return detail::classify_in<Capacity, Index>(lines, find, e, s, aliases, hint);
}

template <std::size_t Capacity>
constexpr result<std::size_t> classify(const grammar& g, const event& e, form hint = form::execute) noexcept {
    return classify<Capacity>(g.lines, g.line_order, e, g.lexical, g.prefix_aliases, hint);
}

// The same with the grammar known at compile time: the prefix is looked up in a hashed index built at
// compile time (constant time, 2 bytes per slot of read-only data) instead of the order's binary searches.
template <const grammar& G, std::size_t Capacity, class Index = std::size_t>
constexpr result<Index> classify(const event& e, form hint = form::execute) noexcept {
    constexpr syntax_of<G> lexical{};  // the typed decoders' reader: one lexer linked
    return detail::classify_in<Capacity, Index>(G.lines, detail::prefix_index<G>{}, e, lexical, G.prefix_aliases,
                                                hint);
}

// Finds the row of `e` among the grammar's rows (classify) and decodes it (decode_with, decode.hpp).
// at_unknown_response when no row has the line's prefix (and selector).
template <std::size_t Capacity>
constexpr result<decoded_line<Capacity>> decode(const grammar& g, const event& e) noexcept {
    const result<std::size_t> row = classify<Capacity>(g, e);
    if (!row) return {errc::at_unknown_response, 0};
    return decode_with<Capacity>(g.lines[*row], e, g.lexical, g.prefix_aliases);
}

}  // namespace at
ATMQTT_END_NAMESPACE
