// encode_rules: what the typed encoder (at/bind.hpp: command_binding, at::encode) leaves to the table
// beyond ranges, and the forms without parameters.
//
//     auto n = vendor::encode(at::test(cmd::mqttconn), out);   // "AT+MQTTCONN=?\r" (at/dialect_encoder.hpp)
//
// Rules a range cannot say are table data (at/packed_row.hpp: row_rule, a value hole among them) that
// check_param_rules runs once the writer has accepted every argument.
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// A form without parameters of any row, for a dialect's encoder: encode(test(cmd::x), out).
struct form_of {
    const command* row;
    form which;
};
constexpr form_of test(const command& c) noexcept { return {&c, form::test}; }
constexpr form_of read(const command& c) noexcept { return {&c, form::read}; }
constexpr form_of execute(const command& c) noexcept { return {&c, form::execute}; }

namespace detail {
// Argument i when it is an integer, into x (the writer has checked its range; a rule reads nothing else).
constexpr bool integer_at(span<const value> a, std::size_t i, std::int32_t& x) noexcept {
    if (i >= a.size() || a[i].type() != value::kind::integer) return false;
    x = a[i].as_int32();
    return true;
}
}  // namespace detail

// The rules between parameters of a row (packed_row::rules, a dialect's row_rule table) over the set
// form's arguments, once the writer has accepted each of them (a parameter's own error wins); the offset
// of an error is an argument index, as the writer's.
constexpr status check_param_rules(span<const param_rule> rules, span<const value> a) noexcept {
    const std::size_t n = detail::given_count(a);
    for (const param_rule& r : rules) {
        std::int32_t x = -1;
        std::int32_t y = 0;
        const bool number = detail::integer_at(a, r.a, x);
        if (r.kind == param_rule::zero_together || r.kind == param_rule::hole) {  // a value of a refused
            const bool refused =
                r.kind == param_rule::hole ? x >= r.lo && x <= r.hi : detail::integer_at(a, r.b, y) && (x == 0) != (y == 0);
            if (number && refused) return {errc::out_of_range, r.a};
        } else if (r.kind == param_rule::needs) {
            if (r.b < n && !a[r.b].is_omitted() && (r.a >= n || a[r.a].is_omitted())) return {errc::at_missing_field, r.a};
        } else if (n > r.a) {  // a flag with something at or after it: the flag, and what a 1 needs
            const std::size_t last = x == 1 ? r.b : r.a;
            for (std::size_t i = r.a; i <= last; ++i)
                if (i >= n || a[i].is_omitted()) return {errc::at_missing_field, i};
            if (r.kind == param_rule::flag_or_none && x == 0 && n > r.a + 1u) return {errc::at_too_many_fields, r.a + 1u};
        }
    }
    return {};
}
// The rules of `rules` that name `row` (the generic path: `atmqtt at encode`).
constexpr status check_row_rules(row_rules rules, const command& row, form which, span<const value> a) noexcept {
    if (which != form::set) return {};
    for (const row_rule& r : rules) {
        if (!detail::same_row(r, row)) continue;
        status st = check_param_rules(span<const param_rule>(&r.rule, 1), a);
        if (!st) return st;
    }
    return {};
}

}  // namespace at
ATMQTT_END_NAMESPACE
