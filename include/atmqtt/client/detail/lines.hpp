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
//     lines.index_of(q::cmd::qmtopen.deferred)   // its late result's index in the subset (step_command_of)
#pragma once

#include <atmqtt/at/grammar.hpp>
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

// Whether line i of `all` is one the client keeps (above).
constexpr bool kept(span<const at::line> all, std::size_t i, span<const std::string_view> prefixes,
                    span<const std::uint8_t> except) noexcept {
    for (std::uint8_t x : except)
        if (x == i) return false;
    return has_prefix(prefixes, all[i].prefix) && !all[i].answers_read();
}

// How many lines of `all` the client keeps.
constexpr std::size_t count_lines(span<const at::line> all, span<const std::string_view> prefixes,
                                  span<const std::uint8_t> except = {}) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < all.size(); ++i) n += kept(all, i, prefixes, except) ? 1 : 0;
    return n;
}

template <std::size_t N>
struct line_subset {
    at::line lines[N]{};
    std::uint8_t from[N]{};  // each line's index in the dialect's table

    // The subset index of line `full` of the dialect's table; N when it is not in the subset.
    constexpr std::size_t index_of(std::size_t full) const noexcept {
        std::size_t i = 0;
        while (i < N && from[i] != full) ++i;
        return i;
    }
    // The dialect table's index of a line of the subset (line_match::desc).
    constexpr std::size_t table_index(const at::line* l) const noexcept { return from[l - lines]; }
};

// The kept lines' fields as firmware reads them: without names (the reader never reads one), and each
// line's run of fields stored once, shared by the lines that have the same run (OK results of one shape).
inline constexpr std::size_t max_pooled_fields = 96;

constexpr bool same_field(const at::field_spec& a, const at::field_spec& b) noexcept {
    return a.words == b.words && a.min == b.min && a.max == b.max && a.def == b.def && a.type == b.type &&
           a.quote == b.quote && a.flags == b.flags;
}

// Where `run` starts in pool[0, used); `used` when it is not there.
constexpr std::size_t find_run(const at::field_spec* pool, std::size_t used, span<const at::field_spec> run) noexcept {
    for (std::size_t at = 0; at + run.size() <= used; ++at) {
        std::size_t i = 0;
        while (i < run.size() && same_field(pool[at + i], run[i])) ++i;
        if (i == run.size()) return at;
    }
    return used;
}

template <std::size_t F>
struct field_pool {
    at::field_spec fields[F]{};
};

// The pool of the kept lines' fields, F of them (pooled_fields(): `count` says how many it takes; a pool
// larger than max_pooled_fields does not compile).
template <std::size_t F>
constexpr field_pool<F> pool_of(span<const at::line> all, span<const std::string_view> prefixes,
                                span<const std::uint8_t> except, std::size_t* count = nullptr) noexcept {
    at::field_spec pool[max_pooled_fields]{};
    std::size_t used = 0;
    // longer runs first: a shorter one is then more often found inside one already there
    for (std::size_t size = max_pooled_fields; size-- > 0;) {
        for (std::size_t i = 0; i < all.size(); ++i) {
            const span<const at::field_spec> run = all[i].fields;
            if (run.size() != size || !kept(all, i, prefixes, except) || find_run(pool, used, run) != used) continue;
            for (const at::field_spec& f : run) {
                pool[used] = f;
                pool[used++].name = {};
            }
        }
    }
    field_pool<F> out{};
    for (std::size_t i = 0; i < F; ++i) out.fields[i] = pool[i];
    if (count != nullptr) *count = used;
    return out;
}
template <const auto& All, const auto& Prefixes, const auto& Except>
constexpr std::size_t pooled_fields() noexcept {
    std::size_t n = 0;
    (void)pool_of<1>(All, Prefixes, Except, &n);
    return n;
}

template <std::size_t N, std::size_t F>
constexpr line_subset<N> line_subset_of(span<const at::line> all, span<const std::string_view> prefixes,
                                        span<const std::uint8_t> except, const field_pool<F>& pool) noexcept {
    line_subset<N> s{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < all.size() && n < N; ++i) {
        if (!kept(all, i, prefixes, except)) continue;
        const std::size_t start = find_run(pool.fields, F, all[i].fields);
        s.lines[n] = all[i].with_fields({pool.fields + start, all[i].fields.size()});
        s.from[n++] = static_cast<std::uint8_t>(i);
    }
    return s;
}

// The lines of dialect table `All` that a client with `Prefixes` keeps (less `Except`), over the pool of
// their fields.
inline constexpr span<const std::uint8_t> no_exceptions{};
template <const auto& All, const auto& Prefixes, const auto& Except = no_exceptions>
struct kept_lines {
    static constexpr field_pool<pooled_fields<All, Prefixes, Except>()> fields =
        pool_of<pooled_fields<All, Prefixes, Except>()>(All, Prefixes, Except);
    static constexpr auto lines = line_subset_of<count_lines(All, Prefixes, Except)>(All, Prefixes, Except, fields);
};

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
