// A line's values by position, read against the row the transaction named: what a driver needs from a
// result or URC (ids, result codes, a topic and payload) without a typed struct and decoder per row, so
// one reader serves every row of every dialect (issue 20's flash budget). Every value is read and checked
// against the row as at::decode_as does; a line that does not fit its row is an error.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace detail {

struct line_values {
    static constexpr std::size_t capacity = 14;  // Quectel's +QMTSUB: three values and ten granted codes

    std::uint16_t present = 0;           // bit i: value i was on the line
    std::uint8_t count = 0;              // values read (absent optional ones too), at most `capacity`
    std::int32_t number[capacity] = {};  // an integer, or a word's index; 0 when absent or text
    bytes text[capacity] = {};           // the text as on the wire, quotes stripped

    constexpr bool has(std::size_t i) const noexcept { return ((present >> i) & 1u) != 0; }
};

template <class Lex>  // the grammar's read_syntax (at::syntax_of), or a syntax
constexpr status read_values(const at::line& row, const at::event& ev, const Lex& lexical,
                             span<const at::prefix_alias> aliases, line_values& out) noexcept {
    return at::for_each_value(
        row, ev,
        [&out](const at::field_value& v) -> status {
            if (out.count == line_values::capacity) return {};  // read and checked, kept nowhere
            if (v.present()) out.present = static_cast<std::uint16_t>(out.present | (1u << out.count));
            out.number[out.count] = static_cast<std::int32_t>(v.number);
            out.text[out.count++] = v.text;
            return {};
        },
        lexical, aliases);
}

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
