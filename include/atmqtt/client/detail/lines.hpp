// The lines of a dialect's table that a client meets: every line whose prefix is one of the driver's
// (the responses and late results of the commands it sends, the URCs it reads), copied at compile time
// in table order, so firmware links only their rows, not the configuration answers and other commands'
// lines of the whole table (issue 20's flash budget). A line of another prefix then reads as a line the
// table does not know, which the drivers ignore as they ignored it before.
// Left out as well: answers to read forms (answers_read_form(): the client sends none), and the lines
// a driver names in `except` (answers of forms it does not send, URCs it does not read). Such a line,
// should it come, is classified as one of its prefix's kept rows or none, and does not read as that row
// (a driver ignores it) or is a URC the driver ignores: the outcome is the same as with the whole table.
// The client takes a line for the first of these rows that reads it (at_client::match), in table order,
// so dropping later lines does not change what the kept ones are.
//
//     inline constexpr std::string_view prefixes[] = {"+QMTOPEN", ...};
//     inline constexpr const auto& lines = detail::kept_lines<q::lines, prefixes>::lines;
//     lines.index_of(q::line_open_result)        // its index in the subset (lines.size: not kept)
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace detail {

constexpr bool has_prefix(span<const std::string_view> prefixes, std::string_view p) noexcept {
    for (std::string_view x : prefixes)
        if (x == p) return true;
    return false;
}

constexpr bool listed(span<const std::uint8_t> list, std::size_t i) noexcept {
    for (std::uint8_t x : list)
        if (x == i) return true;
    return false;
}

// Whether line i of `all` is one the client keeps (above); not one of `cache_only` either when the
// client reads no message from the modem's cache (feature::cache_reads).
constexpr bool kept(span<const at::line> all, std::size_t i, span<const std::string_view> prefixes,
                    span<const std::uint8_t> except, span<const std::uint8_t> cache_only) noexcept {
    return !listed(except, i) && !listed(cache_only, i) && has_prefix(prefixes, all[i].prefix) &&
           !all[i].is(at::line::read_answer_bit);
}

// The client's lines as firmware holds them (issue 20's flash budget): at_client::match() makes the
// at::line it tries, with its field_specs, on its stack (line_subset::line_of). A field takes 7 bytes
// instead of at::field_spec's 32 (no name, which the reader never reads; its words and numbers by
// index), each distinct field once; a line 7 bytes instead of 32 (its prefix and selector by index).
struct packed_field {
    std::uint8_t min = 0;  // min, max, def: indexes into line_subset::numbers
    std::uint8_t max = 0;
    std::uint8_t def = 0;
    at::field_type type = at::field_type::integer;
    at::quoting quote = at::quoting::quoted;
    std::uint8_t flags = 0;
    std::uint8_t words = 0;  // index into line_subset::texts (0: "")
};
struct packed_line {
    std::uint8_t prefix = 0;    // index into line_subset::texts
    std::uint8_t selector = 0;  // index into line_subset::texts (0: "")
    std::uint8_t length = at::no_index;
    std::uint8_t repeat = 0;
    std::uint8_t repeat_min = 0;
    std::uint8_t repeat_max = 0;
    std::uint8_t flags = 0;
};

constexpr bool same_field(const at::field_spec& a, const at::field_spec& b) noexcept {
    return a.words == b.words && a.min == b.min && a.max == b.max && a.def == b.def && a.type == b.type &&
           a.quote == b.quote && a.flags == b.flags;
}
constexpr bool same_text(std::string_view a, std::string_view b) noexcept { return a == b; }
constexpr bool same_number(std::int32_t a, std::int32_t b) noexcept { return a == b; }

// Where `x` is in list[0, n); else n, and it is appended.
template <class T, class Same>
constexpr std::size_t find_or_add(T* list, std::size_t& n, const T& x, Same same) noexcept {
    std::size_t i = 0;
    while (i < n && !same(list[i], x)) ++i;
    if (i == n) list[n++] = x;
    return i;
}

// The sizes of the client's line table: its lines, distinct fields, all lines' fields, distinct texts
// (prefixes, selectors, words) and the most fields one line has.
struct subset_sizes {
    std::size_t lines = 0, fields = 0, runs = 0, texts = 1, numbers = 0, widest = 0;
};
inline constexpr std::size_t max_kept_fields = 96;

constexpr subset_sizes sizes_of(span<const at::line> all, span<const std::string_view> prefixes,
                                span<const std::uint8_t> except, span<const std::uint8_t> cache_only) noexcept {
    subset_sizes z{};
    at::field_spec fields[max_kept_fields]{};
    std::string_view texts[3 * max_kept_fields]{};  // texts[0]: ""
    std::int32_t numbers[3 * max_kept_fields]{};
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!kept(all, i, prefixes, except, cache_only)) continue;
        ++z.lines;
        z.runs += all[i].fields.size();
        z.widest = all[i].fields.size() > z.widest ? all[i].fields.size() : z.widest;
        (void)find_or_add(texts, z.texts, all[i].prefix, same_text);
        (void)find_or_add(texts, z.texts, all[i].selector, same_text);
        for (const at::field_spec& f : all[i].fields) {
            (void)find_or_add(fields, z.fields, f, same_field);
            (void)find_or_add(texts, z.texts, f.words, same_text);
            for (std::int32_t x : {f.min, f.max, f.def}) (void)find_or_add(numbers, z.numbers, x, same_number);
        }
    }
    return z;
}

template <std::size_t N, std::size_t F, std::size_t R, std::size_t T, std::size_t I, std::size_t Widest>
struct line_subset {
    packed_line lines[N]{};
    std::uint8_t from[N]{};       // each line's index in the dialect's table
    std::uint8_t first[N + 1]{};  // line i's fields: fields[runs[k]] for k in [first[i], first[i + 1])
    std::uint8_t runs[R]{};
    packed_field fields[F]{};
    std::string_view texts[T]{};
    std::int32_t numbers[I]{};
    static constexpr std::size_t size = N;
    static constexpr std::size_t widest = Widest;  // the most fields of a line

    // The subset index of line `full` of the dialect's table; N when it is not in the subset.
    constexpr std::size_t index_of(std::size_t full) const noexcept {
        std::size_t i = 0;
        while (i < N && from[i] != full) ++i;
        return i;
    }
    // Line i without its fields.
    constexpr at::line line(std::size_t i) const noexcept {
        const packed_line& p = lines[i];
        at::line l{};
        l.prefix = texts[p.prefix];
        l.selector = texts[p.selector];
        l.length = p.length;
        l.repeat = p.repeat;
        l.repeat_min = p.repeat_min;
        l.repeat_max = p.repeat_max;
        l.flags = p.flags;
        return l;
    }
    // Line i with its fields, made in `buf` (whose names are empty: none is written).
    constexpr at::line line_of(std::size_t i, at::field_spec (&buf)[Widest]) const noexcept {
        at::line l = line(i);
        std::size_t n = 0;
        for (std::size_t k = first[i]; k < first[i + 1]; ++k, ++n) {
            const packed_field& p = fields[runs[k]];
            buf[n].words = texts[p.words];
            buf[n].min = numbers[p.min];
            buf[n].max = numbers[p.max];
            buf[n].def = numbers[p.def];
            buf[n].type = p.type;
            buf[n].quote = p.quote;
            buf[n].flags = p.flags;
        }
        l.fields = {buf, n};
        return l;
    }
};

template <const subset_sizes& Z>
using line_subset_for = line_subset<Z.lines, Z.fields, Z.runs, Z.texts, Z.numbers, Z.widest>;

template <const subset_sizes& Z>
constexpr line_subset_for<Z> line_subset_of(span<const at::line> all, span<const std::string_view> prefixes,
                                            span<const std::uint8_t> except, span<const std::uint8_t> cache_only) noexcept {
    line_subset_for<Z> s{};
    at::field_spec seen[max_kept_fields]{};
    std::size_t fields = 0, texts = 1, numbers = 0, n = 0, runs = 0;
    auto text = [&s, &texts](std::string_view t) { return static_cast<std::uint8_t>(find_or_add(s.texts, texts, t, same_text)); };
    auto number = [&s, &numbers](std::int32_t x) {
        return static_cast<std::uint8_t>(find_or_add(s.numbers, numbers, x, same_number));
    };
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!kept(all, i, prefixes, except, cache_only)) continue;
        const at::line& l = all[i];
        s.lines[n] = {text(l.prefix), text(l.selector), l.length, l.repeat, l.repeat_min, l.repeat_max, l.flags};
        s.from[n] = static_cast<std::uint8_t>(i);
        s.first[n++] = static_cast<std::uint8_t>(runs);
        for (const at::field_spec& f : l.fields) {
            const std::size_t at = find_or_add(seen, fields, f, same_field);
            s.runs[runs++] = static_cast<std::uint8_t>(at);
            s.fields[at] = {number(f.min), number(f.max), number(f.def), f.type, f.quote, f.flags, text(f.words)};
        }
    }
    s.first[n] = static_cast<std::uint8_t>(runs);
    return s;
}

// The lines of dialect table `All` that a client with `Prefixes` keeps (less `Except`), packed: `lines`,
// and `push_lines` less `CacheOnly` too (the lines of reads from the modem's cache: notices, answers).
inline constexpr span<const std::uint8_t> no_exceptions{};
template <const auto& All, const auto& Prefixes, const auto& Except = no_exceptions, const auto& CacheOnly = no_exceptions>
struct kept_lines {
    template <const span<const std::uint8_t>& Left>
    struct without {
        static constexpr subset_sizes sizes = sizes_of(All, Prefixes, Except, Left);
        static_assert(sizes.fields <= max_kept_fields && sizes.runs < 256 && sizes.texts < 256 && sizes.numbers < 256,
                      "a client's line table indexes its fields, texts and numbers with one byte");
        static constexpr auto lines = line_subset_of<sizes>(All, Prefixes, Except, Left);
    };
    static constexpr span<const std::uint8_t> cache_only = CacheOnly;
    static constexpr const auto& lines = without<no_exceptions>::lines;
    static constexpr const auto& push_lines = without<cache_only>::lines;
};

// What a line driver reads: its lines (kept_lines), the grammar they are read with (syntax, final
// results, prefix aliases) and the dialect's payload rules, named once by the driver (`using reads`).
template <class Lines, const at::grammar& Grammar, const span<const at::payload_rule>& Rules>
struct driver_reads {
    using line_table = Lines;
    static constexpr const at::grammar& grammar = Grammar;
    static constexpr span<const at::payload_rule> payload_rules = Rules;
};

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
