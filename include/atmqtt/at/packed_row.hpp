// packed_row: a command row as firmware's writer reads it. A typed command's row is packed once, at
// compile time (at::packed_of<row, rules>): name-free parameters of 8 bytes (range, type, quoting, flags,
// their words and default as an offset into the row's one text pool) instead of the table's 32-byte
// field_spec with its name, so an image that writes a few commands links neither the names nor the
// dialect's other rows.
//
// Rules between parameters that a range cannot state (Quectel's QMTPUBEX msgid / qos, the will and SSL
// flags, QMTCONN's username / password, OneMO's keepalive hole) are table data too: row_rule rows name the command by
// name and selector, packed_of keeps the ones of its row, and one checker (check_param_rules) reads them.
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

// One rule between parameters a and b of a command's set form (argument indexes). Checked once the
// writer has accepted the arguments (a value of the wrong kind or range is the writer's own error).
struct param_rule {
    enum kind_t : std::uint8_t {
        zero_together,  // a is 0 exactly when b is 0: out_of_range at a
        needs,          // b given needs a given: at_missing_field at a
        flag,           // the flag at a, given after a gap: at_missing_field at a; 1 needs a+1..b: missing at the first absent
        flag_or_none,   // as flag, and 0 takes nothing after it: at_too_many_fields at a+1
        hole,           // a in [lo, hi] is refused inside its range (OneMO keepalive 1~59): out_of_range at a
    };
    kind_t kind = zero_together;
    std::uint8_t a = 0;
    std::uint8_t b = 0;
    std::int32_t lo = 0;  // hole: the values refused
    std::int32_t hi = 0;
};

// A rule and the command row it belongs to, by the row's name and selector (the dialect's rule table).
struct row_rule {
    std::string_view name;
    std::string_view selector;
    param_rule rule;
};
using row_rules = span<const row_rule>;
inline constexpr row_rules no_row_rules{};

// A parameter without its name: 8 bytes (the table's field_spec: 32 and a name); a smallest value or
// length of 8 bits (every table's). Its default (when flags has default_bit: an integer or a word's
// index; a text default is not kept) is two octets in the row's text right after its words: only the
// rows that have one pay for it.
struct packed_param {
    std::int32_t max = 0;
    std::int8_t min = 0;
    std::uint8_t words = 0;  // offset of its '|'-separated words (word / literal) and then its default
    std::uint8_t words_len = 0;
    std::uint8_t kind = 0;   // field_type | quoting << 3 | field_spec's flags << 5 (optional, default, lowercase)
};

// A row's sizes and shape, the same whichever way the row is read.
struct row_shape {
    static constexpr std::uint8_t quoted_bit = 16, table_bit = 32;  // above the forms' bits

    std::uint8_t name_len, selector_len, count, rule_count, repeat, repeat_min, repeat_max;
    std::uint8_t forms;  // the forms, quoted_bit, table_bit

    constexpr row_shape(const command& c, std::size_t rules_n, bool table_row) noexcept
        : name_len(static_cast<std::uint8_t>(c.name.size())), selector_len(static_cast<std::uint8_t>(c.selector.size())),
          count(static_cast<std::uint8_t>(c.params.size())), rule_count(static_cast<std::uint8_t>(rules_n)), repeat(c.repeat),
          repeat_min(c.repeat_min), repeat_max(c.repeat_max),
          forms(static_cast<std::uint8_t>(c.forms | (c.selector_quoted() ? quoted_bit : 0) | (table_row ? table_bit : 0))) {}

    constexpr bool quoted_selector() const noexcept { return (forms & quoted_bit) != 0; }
    // A table row viewed at run time (packed_row(c)), not one packed at compile time.
    constexpr bool table() const noexcept { return (forms & table_bit) != 0; }
};

// A command row as the writer reads it, one type for both sources: packed at compile time (packed_of: its
// name, selector and words in one text pool, name-free parameters and its rules) or a table row viewed at
// run time (packed_row(c): the table's own parameters, no rules; the generic path, `atmqtt at encode`,
// write_command). 20 bytes on a 32-bit target: what only one source has shares a word (`table()` says which).
struct packed_row : row_shape {
    union {
        const packed_param* params;  // packed
        const field_spec* specs;     // the table's
    };
    union {
        const param_rule* rules;    // packed
        const char* selector_text;  // the table's (packed: after the name in `text`)
    };
    const char* text;  // name, then (packed) selector and the parameters' words

    constexpr packed_row(const packed_param* p, const param_rule* r, std::size_t rules_n, const char* pool, const command& c) noexcept
        : row_shape(c, rules_n, false), params(p), rules(r), text(pool) {}
    constexpr explicit packed_row(const command& c) noexcept
        : row_shape(c, 0, true), specs(c.params.data()), selector_text(c.selector.data()), text(c.name.data()) {}

    constexpr std::string_view name() const noexcept { return {text, name_len}; }
    constexpr std::string_view selector() const noexcept { return {table() ? selector_text : text + name_len, selector_len}; }
    constexpr bool has(form f) const noexcept { return has_form(forms, f); }
    constexpr std::size_t size() const noexcept { return count; }
    // Parameter i as a field_spec (a packed one without its name), the writer's one view of a parameter.
    constexpr field_spec param(std::size_t i) const noexcept {
        if (table()) return specs[i];
        const packed_param& p = params[i];
        const bytes def(text + p.words + p.words_len, 2);  // read only when there is one
        const auto flags = static_cast<std::uint8_t>(p.kind >> 5u);
        const std::int32_t value = (flags & field_spec::default_bit) == 0 ? 0 : octet(def, 0) | octet(def, 1) << 8;
        return {{}, {text + p.words, p.words_len}, p.min, p.max, value, static_cast<field_type>(p.kind & 7u),
                static_cast<quoting>(p.kind >> 3u & 3u), flags};
    }
    constexpr span<const param_rule> rule_list() const noexcept { return {table() ? nullptr : rules, rule_count}; }
};

namespace detail {

constexpr bool same_row(const row_rule& r, const command& c) noexcept {
    return r.name == c.name && r.selector == c.selector;
}
// What pack_row packs: the text's size and the rules' count.
struct packed_sizes {
    std::size_t text, rules;
};
// Packs row c: its name, selector, parameters' words and kept defaults into `text`, its parameters into
// `params`, the rules of `rules` that name it into `kept`. The text's size is 256 or more when the row
// does not fit packed_param (an 8-bit offset, a default of two octets, an 8-bit minimum); without
// outputs the sizes only (the packer sizes its arrays with them).
constexpr packed_sizes pack_row(const command& c, row_rules rules = {}, packed_param* params = nullptr, param_rule* kept = nullptr,
                               char* text = nullptr) noexcept {
    std::size_t at = 0;
    auto put = [&](std::string_view s) {
        for (char ch : s) {
            if (text != nullptr) text[at] = ch;
            ++at;
        }
    };
    put(c.name);
    put(c.selector);
    for (std::size_t i = 0; i < c.params.size(); ++i) {
        const field_spec& f = c.params[i];
        const std::string_view words = f.type == field_type::word || f.type == field_type::literal ? f.words : std::string_view{};
        // A default kept as two octets: an integer or a word's index, not a text.
        const bool kept_default = f.has_default() && !f.has_text_default();
        const unsigned flags = kept_default ? f.flags : f.flags & ~(field_spec::default_bit | field_spec::text_default_bit);
        if (params != nullptr)
            params[i] = {f.max, static_cast<std::int8_t>(f.min), static_cast<std::uint8_t>(at), static_cast<std::uint8_t>(words.size()),
                         static_cast<std::uint8_t>(static_cast<unsigned>(f.type) | static_cast<unsigned>(f.quote) << 3u | flags << 5u)};
        put(words);
        const char def[2] = {static_cast<char>(f.def & 0xFF), static_cast<char>(f.def >> 8)};
        if (kept_default) put({def, 2});
        at += (kept_default && (f.def < 0 || f.def > 0xFFFF)) || f.min < -128 || f.min > 127 ? 256 : 0;
    }
    std::size_t n = 0;
    for (const row_rule& r : rules)
        if (same_row(r, c)) {
            if (kept != nullptr) kept[n] = r.rule;
            ++n;
        }
    return {at, n};
}

template <const command& C, const row_rules& R>
struct packer {
    static constexpr packed_sizes sizes = pack_row(C, R);

    struct tables {  // (an empty array takes a byte: not padded to an element's size)
        std::array<packed_param, C.params.size()> params{};
        std::array<param_rule, sizes.rules> rules{};
        std::array<char, sizes.text> text{};
    };
    static constexpr tables data = [] {
        tables t{};
        pack_row(C, R, t.params.data(), t.rules.data(), t.text.data());
        return t;
    }();
    static_assert(data.text.size() < 256, "packed_row: name, selector, words and defaults beyond an 8-bit offset, "
                                          "a default outside 0..65535 or a smallest value outside -128..127");
    static constexpr packed_row row{data.params.data(), data.rules.data(), sizes.rules, data.text.data(), C};
};

}  // namespace detail

// Row C packed, with the rules of R that name it.
template <const command& C, const row_rules& R = no_row_rules>
inline constexpr const packed_row& packed_of = detail::packer<C, R>::row;

}  // namespace at
ATMQTT_END_NAMESPACE
