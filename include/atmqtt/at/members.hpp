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

// The values a row or a command takes as members: its fields, a repeated group as one.
constexpr std::size_t member_count(std::size_t fields, std::uint8_t repeat) noexcept {
    return repeat == 0 ? fields : fields - repeat + 1u;
}

// The N members of T in order, as bind.hpp's member_list takes them.
template <class T, std::size_t N>
struct by_order {
    using type = T;
    static constexpr std::size_t size = N;
    template <std::size_t K, class U>
    static constexpr auto address(U& t) noexcept {
        return &std::get<K>(member_refs<N>(t));
    }
};

}  // namespace detail

// T's members in order bound to row `Row` of grammar `G`: row_binding without the member list.
template <const grammar& G, std::size_t Row, class T>
using row_members = detail::row_reader<
    G, Row, detail::member_list<detail::by_order<T, detail::member_count(G.lines[Row].fields.size(), G.lines[Row].repeat)>>>;

// T's members in order bound to command row `C`: command_binding without the member list.
template <const syntax& S, const command& C, const row_rules& Rules, class T>
using command_members =
    detail::command_row_binding<S, C, Rules, detail::member_list<detail::by_order<T, detail::member_count(C.params.size(), C.repeat)>>>;

}  // namespace at
ATMQTT_END_NAMESPACE
