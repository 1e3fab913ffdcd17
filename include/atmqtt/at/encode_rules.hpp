// encode_rules: what the typed encoder (at/bind.hpp: command_binding, at::encode) leaves to the table
// beyond ranges, and the forms without parameters.
//
//     auto n = at::encode_form(lexical, at::test(cmd::mqttconn), out);   // "AT+MQTTCONN=?\r"
//
// Rules a range cannot say are table data a dialect hands in: a value hole (OneMO's keepalive
// "0 or 60~65535") and the manual's "an omitted parameter takes its default" for gaps before a given
// one. apply_rules runs them over a command's arguments (command_binding::values) before the writer.
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

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

constexpr result<std::size_t> encode_form(syntax lexical, form_of f, mutable_bytes out) noexcept {
    return write_command(lexical, *f.row, f.which, out);
}
constexpr result<std::size_t> form_size(syntax lexical, form_of f) noexcept {
    return command_size(lexical, *f.row, f.which);
}

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

// The rules over the arguments of `row` (filled in place); the offset of an error is the argument index.
constexpr status apply_rules(const command& row, span<value> v, const encode_rules& rules) noexcept {
    std::size_t given = v.size();
    while (given != 0 && v[given - 1].is_omitted()) --given;
    for (std::size_t i = 0; i < given; ++i) {
        const field_spec& p = detail::param_for(row, i);
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

}  // namespace at
ATMQTT_END_NAMESPACE
