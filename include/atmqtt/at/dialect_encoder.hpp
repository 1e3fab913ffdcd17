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

ATMQTT_BEGIN_NAMESPACE
namespace at {

// Writes a command line (with its CR) into `out`; the value is the number of bytes written.
template <const syntax& S>
struct encoder {
    template <class C>
    constexpr result<std::size_t> operator()(const C& c, mutable_bytes out) const noexcept {
        return encode(c, out);
    }
    constexpr result<std::size_t> operator()(form_of f, mutable_bytes out) const noexcept {
        return write_command(fixed_syntax<S>{}, *f.row, f.which, {}, out);
    }
};

// The bytes the encoder would write, with the same checks.
template <const syntax& S>
struct encoded_size_of {
    template <class C>
    constexpr result<std::size_t> operator()(const C& c) const noexcept {
        return encoded_size(c);
    }
    constexpr result<std::size_t> operator()(form_of f) const noexcept {
        return command_size(fixed_syntax<S>{}, *f.row, f.which);
    }
};

}  // namespace at
ATMQTT_END_NAMESPACE
