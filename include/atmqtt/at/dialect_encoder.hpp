// A dialect's encode / encoded_size, one object each over the dialect's syntax, so that every dialect
// offers the same two calls for typed commands and for the forms without parameters without restating
// them:
//
//     inline constexpr at::encoder<lexical> encode{};                  // in namespace <vendor>
//     inline constexpr at::encoded_size_of<lexical> encoded_size{};
//
//     vendor::encode(vendor::some_command{...}, out);   // through its binding (at/bind.hpp)
//     vendor::encode(test(cmd::x), out);                // "AT+X=?\r" (forms: at/encode_rules.hpp)
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace at {

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
            return C::binding::write(c, cursor);
    }
};
template <const syntax& S>
using encoder = encode_with<S, mutable_bytes>;
template <const syntax& S>
using encoded_size_of = encode_with<S>;

}  // namespace at
ATMQTT_END_NAMESPACE
