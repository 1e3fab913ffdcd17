// encode_bound: the one generic encoder of typed commands. A command struct names its table row and, in
// parameter order, the members that fill it; the row checks every value (at/writer.hpp):
//
//     struct mqttsvr {
//         bytes server{};
//         std::optional<std::int32_t> port{};
//         using binding = at::bound_command<cmd::mqttsvr, &mqttsvr::server, &mqttsvr::port>;
//     };
//     auto n = at::encode_bound(lexical, mqttsvr{"broker", 1883}, out);   // "AT+MQTTSVR=broker,1883\r"
//
// Member types: integers and enums (an integer parameter takes the value, a word parameter the word at
// that index), bytes / std::string_view (text), std::optional of those (empty: omitted), bool (a word
// parameter's word 0 or 1), span<const bytes> and span<const G> for a repeated group, where G binds its
// members with at::bound (at/bind.hpp). Test, read and execute forms: encode_form(lexical, test(row), out).
//
// What a range cannot say is table data the dialect hands in as encode_rules: a value hole (OneMO's
// keepalive "0 or 60~65535") and the manual's "an omitted parameter takes its default" for gaps.
// Only filling the values depends on the struct; checking and writing is one copy for every command.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// A form without parameters of any row: encode_form(lexical, test(cmd::x), out).
struct form_of {
    const command* row;
    form which;
};
constexpr form_of test(const command& c) noexcept { return {&c, form::test}; }
constexpr form_of read(const command& c) noexcept { return {&c, form::read}; }
constexpr form_of execute(const command& c) noexcept { return {&c, form::execute}; }

// Values [lo, hi] inside the range of parameter `param` of `row` that the manual forbids.
struct value_hole {
    const command* row;
    std::uint8_t param;
    std::int32_t lo;
    std::int32_t hi;
};
struct encode_rules {
    bool defaults_fill_gaps = false;  // an omitted value before a given one is written as the default
    span<const value_hole> holes{};
};

// The writer's arguments a binding fills.
template <std::size_t Capacity>
struct value_list {
    value v[Capacity]{};
    std::size_t n = 0;
    bool overflow = false;
    constexpr void add(value x) noexcept {
        if (n < Capacity) v[n++] = x;
        else overflow = true;
    }
};

namespace detail {

template <class T, class = void>
struct has_binding : std::false_type {};
template <class T>
struct has_binding<T, std::void_t<typename T::binding>> : std::true_type {};

template <class B>
struct bound_members;
template <auto... Members>
struct bound_members<bound<Members...>> {
    template <class List, class T>
    static constexpr void put(List& l, const command& row, const T& x) noexcept;
};

constexpr std::string_view word_at(std::string_view words, std::int64_t index) noexcept {
    word_list list(words);
    for (std::int64_t i = 0; !list.done(); ++i) {
        std::string_view w = list.next();
        if (i == index) return w;
    }
    return {};
}

// An integer for a word parameter is the index of its word (a word not in the list: at_invalid_enum).
constexpr value integer_for(const field_spec& p, std::int64_t i) noexcept {
    if (p.type != field_type::word) return value(i);
    std::string_view w = word_at(p.words, i);
    return w.data() == nullptr ? value(std::string_view("?")) : value(w);
}

template <class List, class M>
constexpr void put_more(List& l, const command& row, const std::optional<M>& m) noexcept;
template <class List, class G>
constexpr void put_more(List& l, const command& row, span<const G> group) noexcept;

// The parameter the next value fills (past the last one: none, the writer reports the count).
constexpr value integer_for(const command& row, std::size_t i, std::int64_t x) noexcept {
    return i < row.params.size() || row.repeat != 0 ? integer_for(param_for(row, i), x) : value(x);
}

template <class List, class M>
constexpr void put(List& l, const command& row, const M& m) noexcept {
    if constexpr (std::is_enum<M>::value) {
        l.add(integer_for(row, l.n, static_cast<std::int64_t>(m)));
    } else if constexpr (std::is_same<M, bool>::value) {
        l.add(integer_for(row, l.n, m ? 1 : 0));
    } else if constexpr (std::is_integral<M>::value) {
        l.add(value(m));
    } else if constexpr (std::is_convertible<M, std::string_view>::value) {
        l.add(value(std::string_view(m)));
    } else if constexpr (has_binding<M>::value) {
        bound_members<typename M::binding>::put(l, row, m);  // a group of parameters as one struct
    } else {
        put_more(l, row, m);
    }
}
template <class List, class M>
constexpr void put_more(List& l, const command& row, const std::optional<M>& m) noexcept {
    if (m) put(l, row, *m);
    else l.add(value::omitted());
}
template <class List, class G>
constexpr void put_more(List& l, const command& row, span<const G> group) noexcept {
    for (const G& g : group) {
        if constexpr (has_binding<G>::value) bound_members<typename G::binding>::put(l, row, g);
        else put(l, row, g);
    }
}

template <auto... Members>
template <class List, class T>
constexpr void bound_members<bound<Members...>>::put(List& l, const command& row, const T& x) noexcept {
    (detail::put(l, row, x.*Members), ...);
}

}  // namespace detail

// A command struct's members bound, in parameter order, to its row.
template <const command& Row, auto... Members>
struct bound_command {
    static constexpr const command& row = Row;
    // The most values the row takes: its parameters, the repeated group as often as it may come.
    static constexpr std::size_t capacity =
        Row.params.size() + (Row.repeat == 0 || Row.repeat_max == 0 ? 0u : std::size_t{Row.repeat} * (Row.repeat_max - 1u));

    template <class T>
    static constexpr value_list<capacity> values(const T& c) noexcept {
        value_list<capacity> l;
        (detail::put(l, Row, c.*Members), ...);
        return l;
    }
};

namespace detail {

// The rules on the values of one row (not a template: one copy whatever the struct).
constexpr status apply_rules(const command& row, span<value> v, const encode_rules& rules) noexcept {
    std::size_t given = v.size();
    while (given != 0 && v[given - 1].is_omitted()) --given;
    for (std::size_t i = 0; i < given; ++i) {
        const field_spec& p = param_for(row, i);
        if (rules.defaults_fill_gaps && v[i].is_omitted() && p.is_optional()) {
            // A gap takes the default; an optional parameter without one cannot be left empty.
            if (!p.has_default() || p.has_text_default()) return {errc::at_missing_field, i};
            v[i] = value(p.def);
        }
        for (const value_hole& h : rules.holes) {
            const std::int64_t x = v[i].as_integer();
            if (h.row == &row && h.param == i && v[i].type() == value::kind::integer && x >= h.lo && x <= h.hi)
                return {errc::out_of_range, i};
        }
    }
    return {};
}

// Writing and measuring are two functions, so that firmware which only writes links only the writer.
constexpr result<std::size_t> write_values(syntax lexical, const command& row, span<const value> v, bool overflow,
                                           mutable_bytes out) noexcept {
    if (overflow) return {errc::at_too_many_fields, v.size()};
    return write_command(lexical, row, form::set, v, out);
}
constexpr result<std::size_t> measure_values(syntax lexical, const command& row, span<const value> v,
                                             bool overflow) noexcept {
    if (overflow) return {errc::at_too_many_fields, v.size()};
    return command_size(lexical, row, form::set, v);
}

}  // namespace detail

// The struct's values in parameter order, with the rules applied; the offset of an error is the
// argument index, as the writer's.
template <class T, class B = typename T::binding>
constexpr result<value_list<B::capacity>> bound_values(const T& c, const encode_rules& rules = {}) noexcept {
    value_list<B::capacity> l = B::values(c);
    if (l.overflow) return {errc::at_too_many_fields, B::capacity};
    status s = detail::apply_rules(B::row, span<value>(l.v, l.n), rules);
    if (!s) return {s.error(), s.offset()};
    return result<value_list<B::capacity>>(l, 0);
}

// Writes the set form of `c` into `out`; the value is the number of bytes. A dialect with encode_rules
// applies them to bound_values() first (onemo/commands.hpp).
template <class T, class B = typename T::binding>
constexpr result<std::size_t> encode_bound(syntax lexical, const T& c, mutable_bytes out) noexcept {
    if (out.data() == nullptr) return {errc::buffer_too_small, 0};
    value_list<B::capacity> l = B::values(c);
    return detail::write_values(lexical, B::row, span<const value>(l.v, l.n), l.overflow, out);
}
// The size encode_bound needs, with the same checks.
template <class T, class B = typename T::binding>
constexpr result<std::size_t> bound_size(syntax lexical, const T& c) noexcept {
    value_list<B::capacity> l = B::values(c);
    return detail::measure_values(lexical, B::row, span<const value>(l.v, l.n), l.overflow);
}

// A form without parameters.
constexpr result<std::size_t> encode_form(syntax lexical, form_of f, mutable_bytes out) noexcept {
    return write_command(lexical, *f.row, f.which, out);
}
constexpr result<std::size_t> form_size(syntax lexical, form_of f) noexcept {
    return command_size(lexical, *f.row, f.which);
}

}  // namespace at
ATMQTT_END_NAMESPACE
