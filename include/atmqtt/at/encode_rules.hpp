// encode_rules: what the typed encoder (at/bind.hpp: command_binding, at::encode) leaves to the table
// beyond ranges, the forms without parameters, and a dialect's encode / encoded_size objects, one each over
// the dialect's syntax, so that every dialect offers the same two calls for typed commands and for the
// forms without parameters without restating them:
//
//     inline constexpr at::encoder<lexical> encode{};                  // in namespace <vendor>
//     inline constexpr at::encoded_size_of<lexical> encoded_size{};
//
//     vendor::encode(vendor::some_command{...}, out);   // through its binding (at/bind.hpp)
//     vendor::encode(at::test(cmd::mqttconn), out);     // "AT+MQTTCONN=?\r"
//
// Rules a range cannot say are table data (at/packed_row.hpp: row_rule, a value hole among them) that
// check_param_rules runs once the writer has accepted every argument.
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

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
template <class B, class T, class = void>
struct bound_for {
    using type = B;
};
template <class B, class T>
struct bound_for<B, T, std::void_t<typename B::template of<T>>> {
    using type = typename B::template of<T>;
};
}  // namespace detail

// The binding of struct T: its `binding`, or for one that binds by member order without naming T
// (row_members, command_members, written_and_read) that binding made for T (`binding::of<T>`).
template <class T>
using binding_of = typename detail::bound_for<typename T::binding, T>::type;

// Writes a command line (with its CR) into `out`, the value the number of bytes written (encoder), or
// without `out` the bytes it would write, with the same checks (encoded_size_of): one cursor either way.
template <const syntax& S, class... Out>
struct encode_with {
    template <class C>
    constexpr result<std::size_t> operator()(const C& c, Out... out) const noexcept {
        detail::line_cursor cursor(out...);
        if constexpr (std::is_same<C, form_of>::value)
            return detail::write_into(cursor, fixed_syntax<S>{}, packed_row(*c.row), c.which, {});
        else
            return binding_of<C>::write(c, cursor);
    }
};
template <const syntax& S>
using encoder = encode_with<S, mutable_bytes>;
template <const syntax& S>
using encoded_size_of = encode_with<S>;

// The rules between parameters of a row (packed_row::rules, a dialect's row_rule table) over the set
// form's arguments, once the writer has accepted each of them (a parameter's own error wins); the offset
// of an error is an argument index, as the writer's.
constexpr status check_param_rules(span<const param_rule> rules, span<const value> a) noexcept {
    const std::size_t n = detail::given_count(a);
    for (const param_rule& r : rules) {
        const value x = r.a < n ? a[r.a] : value(), y = r.b < n ? a[r.b] : value();  // omitted past the given ones
        if (r.kind == param_rule::zero_together || r.kind == param_rule::hole) {  // a value of a refused
            // (within: an integer in the range; zero_together: two of one kind, only integers can differ)
            const bool refused = r.kind == param_rule::hole ? x.within(r.lo, r.hi)
                                                            : x.type() == y.type() && x.within(0, 0) != y.within(0, 0);
            if (refused) return {errc::out_of_range, r.a};
        } else if (r.kind == param_rule::needs) {
            if (!y.is_omitted() && x.is_omitted()) return {errc::at_missing_field, r.a};
        } else if (n > r.a) {  // a flag with something at or after it: the flag, and what a 1 needs
            const std::size_t last = x.as_int32() == 1 ? r.b : r.a;  // (an integer flag: the writer accepted it)
            for (std::size_t i = r.a; i <= last; ++i)
                if (i >= n || a[i].is_omitted()) return {errc::at_missing_field, i};
            if (r.kind == param_rule::flag_or_none && x.as_int32() == 0 && n > r.a + 1u) return {errc::at_too_many_fields, r.a + 1u};
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
