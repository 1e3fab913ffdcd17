// The lines of a dialect's table that a client meets: every line whose prefix is one of the driver's
// (the responses and late results of the commands it sends, the URCs it reads), copied at compile time
// in table order, so firmware links only their rows, not the configuration answers and other commands'
// lines of the whole table (issue 20's flash budget). A line of another prefix then reads as a line the
// table does not know, which the drivers ignore as they ignored it before. All lines of a kept prefix
// stay, so a line is classified as with the whole table.
//
//     inline constexpr std::string_view prefixes[] = {"+QMTOPEN", ...};
//     inline constexpr auto lines = detail::line_subset_of<detail::count_lines(q::lines, prefixes)>(q::lines, prefixes);
//     inline constexpr at::command open = lines.remap(q::cmd::qmtopen);   // its late result's index in the subset
//
// A command that names its late result or answer row is used through its remapped copy (remap()).
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
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

// How many lines of `all` have one of `prefixes`.
constexpr std::size_t count_lines(span<const at::line> all, span<const std::string_view> prefixes) noexcept {
    std::size_t n = 0;
    for (const at::line& l : all) n += has_prefix(prefixes, l.prefix) ? 1 : 0;
    return n;
}

template <std::size_t N>
struct line_subset {
    at::line lines[N]{};
    std::uint8_t from[N]{};  // each line's index in the dialect's table
    std::uint8_t order[N]{};  // the classifier's index (at::make_line_order)

    // The subset index of line `full` of the dialect's table; N when it is not in the subset.
    constexpr std::size_t index_of(std::size_t full) const noexcept {
        std::size_t i = 0;
        while (i < N && from[i] != full) ++i;
        return i;
    }
    // `c` with its late result's and its answer row's indexes in the subset (a command without them
    // unchanged; an answer row left out of the subset reads as none).
    constexpr at::command remap(const at::command& c) const noexcept {
        at::command out = c.has_deferred() ? c.deferred_result(static_cast<std::uint8_t>(index_of(c.deferred))) : c;
        if (c.answer != at::no_index) out = out.answered_by(static_cast<std::uint8_t>(index_of(c.answer)));
        return out;
    }
    // The dialect table's index of a line of the subset (a transaction's routed.desc).
    constexpr std::size_t table_index(const at::line* l) const noexcept { return from[l - lines]; }
};

template <std::size_t N>
constexpr line_subset<N> line_subset_of(span<const at::line> all, span<const std::string_view> prefixes) noexcept {
    line_subset<N> s{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < all.size() && n < N; ++i) {
        if (!has_prefix(prefixes, all[i].prefix)) continue;
        s.lines[n] = all[i];
        s.from[n++] = static_cast<std::uint8_t>(i);
    }
    const std::array<std::uint8_t, N> order = at::make_line_order<N>(span<const at::line>(s.lines, N));
    for (std::size_t i = 0; i < N; ++i) s.order[i] = order[i];
    return s;
}

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
