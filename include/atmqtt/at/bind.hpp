// bind: a typed struct's members bound, once, to the values of a decoded line, in table order. The table
// row says what each value is and checks it (at/decode.hpp); the binding only says where it goes.
//
//     struct pub_info { bytes topic; std::int32_t qos; bytes message; };
//     constexpr at::bound<&pub_info::topic, &pub_info::qos, &pub_info::message> make_pub{};
//     pub_info p = make_pub(decoded);   // values 0, 1, 2 of the decoded line
//
// Member types: std::int32_t (an integer value, or a word's index), an enum (the same, as the enum),
// bytes (the text as on the wire, quotes stripped), std::optional of those (empty when the value is
// absent), bool (a value present).
// A value past the decoded ones leaves the member as the struct's initializer made it.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace at {

namespace detail {

template <class P>
struct member_of;
template <class T, class M>
struct member_of<M T::*> {
    using type = T;
};

constexpr void assign(std::int32_t& m, const field_value& v) noexcept { m = static_cast<std::int32_t>(v.number); }
constexpr void assign(bytes& m, const field_value& v) noexcept { m = v.text; }
constexpr void assign(bool& m, const field_value& v) noexcept { m = v.present(); }
template <class E, std::enable_if_t<std::is_enum<E>::value, int> = 0>
constexpr void assign(E& m, const field_value& v) noexcept { m = static_cast<E>(v.number); }
template <class M>
constexpr void assign(std::optional<M>& m, const field_value& v) noexcept {
    if (!v.present()) return;
    M value{};
    assign(value, v);
    m = value;
}

template <class M, class Decoded>
constexpr void assign_at(M& m, const Decoded& d, std::size_t i) noexcept {
    if (i < d.count) assign(m, d.values[i]);
}

}  // namespace detail

// The members of one struct, in the order of the line's values. `d`: a decoded_line, or any decoded
// line with `count` and `values[i]` (field_value) such as usr::response.
template <auto First, auto... Rest>
struct bound {
    using type = typename detail::member_of<decltype(First)>::type;

    template <class Decoded>
    constexpr type operator()(const Decoded& d) const noexcept {
        type out{};
        std::size_t i = 0;
        detail::assign_at(out.*First, d, i++);
        (detail::assign_at(out.*Rest, d, i++), ...);
        return out;
    }
};

}  // namespace at
ATMQTT_END_NAMESPACE
