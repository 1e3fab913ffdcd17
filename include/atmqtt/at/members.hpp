// members: a struct bound to a table row or a command row by the order of its members, member k to the
// row's value k (a repeated group: one member, a value_list or a span). The struct's declaration is its
// member list, so the list is written once; a struct whose member count is not the row's does not compile
// (C++17 structured bindings: an aggregate whose members are all in one class, 1 to 6 of them: the most a typed struct of the dialects has).
//
//     struct open_state {
//         std::int32_t client_idx; bytes host_name; std::int32_t port;
//         using binding = at::row_members<grammar, line_open_state, open_state>;      // decode_into / decode_as
//     };
//     struct open {
//         std::int32_t client_idx = 0; std::string_view host_name; std::int32_t port = 0;
//         using binding = at::command_members<lexical, cmd::qmtopen, rules, open>;    // encode / encoded_size
//     };
//
// Everything else is at/bind.hpp's (row_binding / command_binding): the same reader, slots and writer.
// A struct that keeps a value nowhere (at::skip), takes several values in one member (a C array) or has
// members the row does not fill names its members there.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

ATMQTT_BEGIN_NAMESPACE
namespace at {

namespace detail {

// The members of t in declaration order, as a tuple of references.
template <std::size_t N, class T>
constexpr auto member_refs(T& t) noexcept {
    static_assert(N >= 1 && N <= 6, "at::row_members / command_members: 1 to 6 members");
    if constexpr (N == 1) {
        auto& [a] = t;
        return std::tie(a);
    } else if constexpr (N == 2) {
        auto& [a, b] = t;
        return std::tie(a, b);
    } else if constexpr (N == 3) {
        auto& [a, b, c] = t;
        return std::tie(a, b, c);
    } else if constexpr (N == 4) {
        auto& [a, b, c, d] = t;
        return std::tie(a, b, c, d);
    } else if constexpr (N == 5) {
        auto& [a, b, c, d, e] = t;
        return std::tie(a, b, c, d, e);
    } else {
        auto& [a, b, c, d, e, f] = t;
        return std::tie(a, b, c, d, e, f);
    }
}

// Member K of a struct given its address: the slot constant evaluation uses (bind.hpp's put_member).
template <class T, std::size_t N, std::size_t K>
constexpr bool put_nth(T* out, const field_value* v, std::size_t i) noexcept {
    return put(std::get<K>(member_refs<N>(*out)), v, i);
}

// The values a row or a command takes as members: its fields, a repeated group as one.
constexpr std::size_t member_count(std::size_t fields, std::uint8_t repeat) noexcept {
    return repeat == 0 ? fields : fields - repeat + 1u;
}

// bind.hpp's `bound` for the N members of T in order: slots, the reader loop, the writer's arguments.
template <class T, std::size_t N, class = std::make_index_sequence<N>>
struct members_of;
template <class T, std::size_t N, std::size_t... K>
struct members_of<T, N, std::index_sequence<K...>> {
    using refs = decltype(member_refs<N>(std::declval<T&>()));
    static constexpr std::size_t size = N;
    static constexpr member_slot<void*> slots[N] = {&store_as<std::remove_reference_t<std::tuple_element_t<K, refs>>>...};
    static constexpr member_slot<T*> typed[N] = {&put_nth<T, N, K>...};

    // The members as a command's arguments, in order.
    template <class Arguments>
    static constexpr void add_to(Arguments& a, const T& t) noexcept {
        const auto m = member_refs<N>(t);
        (a.add(std::get<K>(m)), ...);
    }
    template <class Lex>
    static constexpr status read_row(const line& row, const event& e, T& out, const row_context<Lex>& c) noexcept {
        T* const whole[] = {((void)K, &out)...};
        const auto m = member_refs<N>(out);
        void* const at[] = {&std::get<K>(m)...};
        const status st = ::atmqtt::detail::in_constant_evaluation() ? read_slots<T*>(row, e, c, typed, whole, N)
                                                                     : read_slots<void*>(row, e, c, slots, at, N);
        if constexpr (has_rules<T>::value) {
            if (st) return out.check_rules(e);
        }
        return st;
    }
};

}  // namespace detail

// T's members in order bound to row `Row` of grammar `G`: row_binding without the member list.
template <const grammar& G, std::size_t Row, class T>
struct row_members : detail::members_of<T, detail::member_count(G.lines[Row].fields.size(), G.lines[Row].repeat)> {
    static_assert(Row < G.lines.size(), "row_members: no such row");
    static constexpr const line& row = grammar_row<G, Row>;
    static constexpr std::size_t index = Row;

    static constexpr status read(const event& e, T& out) noexcept {
        return row_members::read_row(row, e, out, detail::context_of_row<G, Row>());
    }
    // Against another row of G with the same values (a struct shared by two rows).
    static constexpr status read(const line& other, const event& e, T& out) noexcept {
        return row_members::read_row(other, e, out, detail::context_of<G>);
    }
};

// T's members in order bound to command row `C`: command_binding without the member list.
template <const syntax& S, const command& C, const row_rules& Rules, class T>
struct command_members : detail::members_of<T, detail::member_count(C.params.size(), C.repeat)>,
                         detail::command_row_binding<S, C, Rules, command_members<S, C, Rules, T>, T> {
    using type = T;
};

}  // namespace at
ATMQTT_END_NAMESPACE
