// The tests' way to CHECK a decoded command in one expression: at::decode_command decodes into caller
// storage and returns a status; these return both together as a result (test frames may be large).
#pragma once

#include <atmqtt/at/decode_command.hpp>

namespace test_decode {

template <std::size_t Capacity, class Table, class... Syntax>
constexpr atmqtt::result<atmqtt::at::decoded_command<Capacity>> command(const Table& table, atmqtt::bytes text,
                                                                        const Syntax&... s) {
    atmqtt::at::decoded_command<Capacity> d{};
    atmqtt::status st = atmqtt::at::decode_command(table, text, d, s...);
    if (!st) return {st.error(), st.offset()};
    return d;
}

// Against a grammar: its commands, with its syntax.
template <std::size_t Capacity>
constexpr atmqtt::result<atmqtt::at::decoded_command<Capacity>> command(const atmqtt::at::grammar& g, atmqtt::bytes text) {
    return command<Capacity>(g.commands, text, g.lexical);
}

template <std::size_t Capacity, class... Syntax>
constexpr atmqtt::result<atmqtt::at::decoded_command<Capacity>> command_with(const atmqtt::at::command& c,
                                                                             atmqtt::bytes text, const Syntax&... s) {
    atmqtt::at::decoded_command<Capacity> d{};
    atmqtt::status st = atmqtt::at::decode_command(atmqtt::span<const atmqtt::at::command>(&c, 1), text, d, s...);
    if (!st) return {st.error(), st.offset()};
    return d;
}

}  // namespace test_decode
