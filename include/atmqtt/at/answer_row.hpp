// A setting's query-answer row from its set form. Many items answer their read or query form with the
// values their set form takes (Quectel +QMTCFG: "<item>",<values> and +QSSLCFG, OneMO +MQTTCFG, USR's
// settings): the answer row is the set form's parameters, from one on, as an answer states them.
//
//     inline constexpr at::line lines[] = {
//         at::answer_row<cmd::cfg_keepalive>("+QMTCFG"),                       // "<item>",<the values after client_idx>
//         at::answer_row<cmd::ssl_cacert, at::pack_shape({0, 2, 0, true})>("+QSSLCFG"),
//     };
//
// An answer states the values it has: no value takes a default (an absent value stays absent), a text
// default is dropped. answer_shape says the rest: `first`, the set form's first parameter the answer
// states; `required` / `optional`, how many of the answer's first values are required / optional whatever
// the set form says (the others keep the set form's optionality); `empty_text`, a string may be empty (an
// unset path). answer_values<C, S> is the field array itself, for a row built otherwise (extra fields).
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace at {

struct answer_shape {
    std::uint8_t first = 1;     // the set form's first parameter in the answer (1: after a client / context index)
    std::uint8_t required = 1;  // the answer's first `required` values are required
    std::uint8_t optional = 0;  // the answer's first `optional` values are optional (after `required`'s rule)
    bool empty_text = false;    // a string value may be empty
};

// One set-form parameter as its answer states it; `i` is its place among the answer's values, `shape`
// read through pack_shape's lanes (below).
constexpr field_spec answer_value(field_spec f, std::uint32_t shape, std::size_t i) noexcept {
    if (f.has_text_default()) f.words = {};
    f.def = 0;  // no default (nor its flag, below)
    const bool optional = i < (shape >> 16 & 0xFFu) || (i >= (shape >> 8 & 0xFFu) && f.is_optional());
    f.flags = static_cast<std::uint8_t>((f.flags & field_spec::lowercase_bit) | (optional ? field_spec::optional_bit : 0));
    if (shape >> 24 != 0 && f.type == field_type::string) f.min = 0;
    return f;
}

// A shape as one template argument (a class type is not one before C++20): a lane of 8 bits each.
constexpr std::uint32_t pack_shape(answer_shape s) noexcept {
    return std::uint32_t{s.first} | std::uint32_t{s.required} << 8 | std::uint32_t{s.optional} << 16 |
           std::uint32_t{s.empty_text} << 24;
}
inline constexpr std::uint32_t default_answer = pack_shape(answer_shape{});

// The answer values of command C's set form, one array per command and shape (the row's field table).
template <const command& C, std::uint32_t Shape = default_answer>
inline constexpr auto answer_values = [] {
    std::array<field_spec, C.params.size() - (Shape & 0xFFu)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = answer_value(C.params[(Shape & 0xFFu) + i], Shape, i);
    return out;
}();

// The answer row: a response `prefix`: "<C's selector>",<answer values>.
template <const command& C, std::uint32_t Shape = default_answer>
constexpr line answer_row(std::string_view prefix) noexcept {
    constexpr auto& f = answer_values<C, Shape>;
    return response(prefix, {f.data(), f.size()}).with_selector(C.selector);
}

}  // namespace at
ATMQTT_END_NAMESPACE
