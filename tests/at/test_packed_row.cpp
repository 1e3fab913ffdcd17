// at/packed_row.hpp: a command row packed at compile time reads back as the table's row (without names),
// the rules between parameters as table data (check_param_rules, check_row_rules) and the forms
// without parameters (a dialect's encoder), at compile time and at run time.
#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/packed_row.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using atmqtt::errc;
using atmqtt::span;

namespace {

inline constexpr at::field_spec flag_p[] = {
    at::integer("id", 0, 5),
    at::integer("flag", 0, 1).optional(),
    at::integer("qos", 0, 2),
    at::string("topic", 1, 8),
    at::word("mode", "LOW|HIGH").lowercase().defaults_to_word("HIGH"),
    at::string("label", 0, 8).defaults_to_text("x").optional(),  // a text default is not packed
};
inline constexpr at::command flag_row = at::cmd("TFLAG", at::form::set, flag_p).with_selector("f", at::quoting::bare);
inline constexpr at::command other_row = at::cmd("TFLAG", at::form::set, flag_p).with_selector("g");
inline constexpr at::row_rule rule_rows[] = {
    {"TFLAG", "f", {at::param_rule::zero_together, 1, 2}},
    {"TFLAG", "f", {at::param_rule::needs, 3, 4}},
    {"TFLAG", "g", {at::param_rule::flag_or_none, 1, 3}},
};
inline constexpr at::row_rules rules{rule_rows};

constexpr at::value none = at::value();

// The packed row against the table row, parameter by parameter (run time as well as compile time).
constexpr bool same_as_table(const at::packed_row& p, const at::command& c) {
    bool same = p.name() == c.name && p.selector() == c.selector && p.size() == c.params.size() &&
                p.quoted_selector() == c.selector_quoted() && p.repeat == c.repeat && p.repeat_min == c.repeat_min &&
                p.repeat_max == c.repeat_max;
    for (at::form f : {at::form::test, at::form::read, at::form::set, at::form::execute}) same = same && p.has(f) == c.has(f);
    for (std::size_t i = 0; i < c.params.size(); ++i) {
        const at::field_spec a = p.param(i);
        const at::field_spec& b = c.params[i];
        const bool words = b.type == at::field_type::word || b.type == at::field_type::literal;
        same = same && a.name.empty() && a.min == b.min && a.max == b.max && a.type == b.type && a.quote == b.quote &&
               a.is_optional() == b.is_optional() && a.lowercase_hex() == b.lowercase_hex() &&
               a.has_default() == (b.has_default() && !b.has_text_default()) && (!a.has_default() || a.def == b.def) &&
               (!words || a.words == b.words);
    }
    return same;
}

constexpr atmqtt::status rules_on(const at::packed_row& row, std::initializer_list<at::value> args) {
    return at::check_param_rules(row.rule_list(), span<const at::value>(args.begin(), args.size()));
}
// The typed path: the writer's own checks, then the row's rules (a parameter's own error wins).
constexpr atmqtt::result<std::size_t> written_on(const at::packed_row& row, std::initializer_list<at::value> args) {
    at::detail::line_cursor count;
    return at::detail::write_set<true>(count, td::lexical, row, span<const at::value>(args.begin(), args.size()), 0);
}
constexpr atmqtt::status table_rules_on(const at::command& row, std::initializer_list<at::value> args) {
    return at::check_row_rules(rules, row, at::form::set, span<const at::value>(args.begin(), args.size()));
}

}  // namespace

TEST_CASE("packed_row: a row packed at compile time reads back as the table row, without names") {
    STATIC_REQUIRE(same_as_table(at::packed_of<td::open>, td::open));
    STATIC_REQUIRE(same_as_table(at::packed_of<td::sub>, td::sub));
    STATIC_REQUIRE(same_as_table(at::packed_of<td::para>, td::para));
    STATIC_REQUIRE(same_as_table(at::packed_of<flag_row, rules>, flag_row));
    STATIC_REQUIRE(same_as_table(at::packed_of<td::disc>, td::disc));
    CHECK(same_as_table(at::packed_of<td::cfg_keepalive_cmd>, td::cfg_keepalive_cmd));
    CHECK(same_as_table(at::packed_of<td::pubhex>, td::pubhex));
    CHECK(same_as_table(at::packed_of<flag_row, rules>, flag_row));
    // Packing again at run time gives the same tables (the packer is constexpr code like any other).
    at::detail::packer<flag_row, rules>::tables again{};
    at::detail::pack_row(at_run_time(flag_row), rules, again.params.data(), again.rules.data(), again.text.data());
    // Name, selector, the words and then the default of "mode" (word 1, two octets); no text default.
    CHECK(std::string(again.text.data(), again.text.size()) == std::string("TFLAGfLOW|HIGH\x01\x00", 16));
    CHECK(again.params[4].words == 6);
    CHECK(again.params[4].words_len == 8);
    CHECK(again.rules[1].kind == at::param_rule::needs);
    CHECK(again.params[5].kind >> 5 == at::field_spec::optional_bit);  // the flags above type and quoting
    CHECK(at::packed_of<flag_row, rules>.param(4).def == 1);
    CHECK(at::packed_of<flag_row, rules>.param(5).def == 0);
    // The pool's size at run time too: two octets per kept default; one beyond 16 bits cannot be packed.
    CHECK(at::detail::pack_row(at_run_time(flag_row)).text == 16);
    CHECK(at::detail::pack_row(at_run_time(flag_row), at_run_time(rules)).rules == 2);  // counted, not copied
    const at::field_spec wide[] = {at::integer("big", 0, 70000).defaults_to(70000), at::integer("neg", -5, 5).defaults_to(-1)};
    const at::command wide_row = at::cmd("W", at::form::set, wide);
    CHECK(at::detail::pack_row(at_run_time(wide_row)).text >= 256);
    // Nor a smallest value beyond packed_param's 8 bits.
    const at::field_spec mins[] = {at::integer("port", 1024, 65535), at::integer("neg", -129, 5), at::integer("edges", -128, 5),
                                   at::integer("edge", 127, 200)};
    auto size_with = [&](std::size_t i) {
        return at::detail::pack_row(at_run_time(at::cmd("H", at::form::set, {mins + i, 1}))).text;
    };
    CHECK(size_with(0) >= 256);
    CHECK(size_with(1) >= 256);
    CHECK(size_with(2) == 1);
    CHECK(size_with(3) == 1);
    at::detail::packer<td::para, at::no_row_rules>::tables literals{};  // literal words are pooled too
    at::detail::pack_row(at_run_time(td::para), {}, literals.params.data(), nullptr, literals.text.data());
    CHECK(literals.params[0].words_len == td::para.params[0].words.size());
    // Rows made at run time too (packed_of makes them at compile time): the bits beside the forms.
    const at::packed_row table_view(at_run_time(flag_row));
    CHECK((!table_view.quoted_selector() && table_view.table() && table_view.has(at::form::set)));
    const auto& data = at::detail::packer<other_row, rules>::data;
    const at::packed_row packed(data.params.data(), data.rules.data(), 1, data.text.data(), at_run_time(other_row));
    CHECK((packed.quoted_selector() && !packed.table() && packed.selector() == "g" && packed.rule_list().size() == 1));
    // The rules of the row and of no other.
    STATIC_REQUIRE(at::packed_of<flag_row, rules>.rule_count == 2);
    STATIC_REQUIRE(at::packed_of<other_row, rules>.rule_count == 1);
    STATIC_REQUIRE(at::packed_of<flag_row>.rule_count == 0);
}

TEST_CASE("packed_row: rules between parameters as table data, one checker") {
    constexpr const at::packed_row& f = at::packed_of<flag_row, rules>;
    // zero_together: 1 and 2 are 0 together or not at all (within their ranges; else the writer's error).
    STATIC_REQUIRE(rules_on(f, {0, 0, 0, "t"}).ok());
    STATIC_REQUIRE(rules_on(f, {0, 1, 2, "t"}).ok());
    STATIC_REQUIRE(rules_on(f, {0, 1, 0, "t"}).error() == errc::out_of_range);
    STATIC_REQUIRE(rules_on(f, {0, 1, 0, "t"}).offset() == 1);
    CHECK(rules_on(f, {0, 0, 1, "t"}).error() == errc::out_of_range);
    // qos out of range, or not an integer: the writer says so first (a parameter's own error wins)
    CHECK(written_on(f, {0, 0, 3, "t", "LOW"}).error() == errc::out_of_range);
    CHECK(written_on(f, {0, 0, 3, "t", "LOW"}).offset() == 2);
    CHECK(written_on(f, {0, 0, "x", "t", "LOW"}).error() == errc::at_type_mismatch);
    CHECK(written_on(f, {0, 0, "x", "t", "LOW"}).offset() == 2);
    CHECK(written_on(f, {0, 1, 0, "t", "LOW"}).error() == errc::out_of_range);  // the rule, once they are valid
    CHECK(written_on(f, {0, 1, 0, "t", "LOW"}).offset() == 1);
    // needs: 4 given needs 3.
    CHECK(rules_on(f, {0, 0, 0, none, "LOW"}).error() == errc::at_missing_field);
    CHECK(rules_on(f, {0, 0, 0, none, "LOW"}).offset() == 3);
    CHECK(rules_on(f, {0, 0, 0, "t", "LOW"}).ok());
    CHECK(rules_on(f, {0, 0, 0, none, none}).ok());
    CHECK(rules_on(f, {0, 0, 0, none, none, "x"}).ok());  // 4 omitted before a given one: needs nothing
    CHECK(rules_on(f, {}).ok());
    CHECK(rules_on(f, {none, none}).ok());
    CHECK(written_on(f, {0, 9, 0, "t", "LOW"}).offset() == 1);   // 1 out of its range: the writer's error
    CHECK(written_on(f, {0, -1, 0, "t", "LOW"}).error() == errc::out_of_range);
    CHECK(written_on(f, {0, 1, 9, none, "LOW"}).offset() == 2);  // 2 out of range and 3 missing: 2's error
    // needs the other way round (1 given needs 3): 3 is missing where the arguments stop, or omitted.
    constexpr at::param_rule later[] = {{at::param_rule::needs, 3, 1}};
    const at::value two[] = {0, 1};
    const at::value gap[] = {0, 1, 0, none, "LOW"};
    CHECK(at::check_param_rules(span<const at::param_rule>(later, 1), span<const at::value>(two, 2)).error() ==
          errc::at_missing_field);
    CHECK(at::check_param_rules(span<const at::param_rule>(later, 1), span<const at::value>(two, 2)).offset() == 3);
    CHECK(at::check_param_rules(span<const at::param_rule>(later, 1), span<const at::value>(gap, 5)).offset() == 3);
    CHECK(at::check_param_rules(span<const at::param_rule>(later, 1), span<const at::value>(two, 1)).ok());

    constexpr const at::packed_row& g = at::packed_of<other_row, rules>;
    STATIC_REQUIRE(rules_on(g, {0}).ok());                  // nothing at or after the flag
    STATIC_REQUIRE(rules_on(g, {0, 1, 2, "t"}).ok());       // 1: everything up to 3
    CHECK(rules_on(g, {0, 1, 2}).error() == errc::at_missing_field);
    CHECK(rules_on(g, {0, 1, 2}).offset() == 3);
    CHECK(rules_on(g, {0, 1, none, "t"}).offset() == 2);
    CHECK(rules_on(g, {0, none, 2}).error() == errc::at_missing_field);  // a value after an omitted flag
    CHECK(rules_on(g, {0, none, 2}).offset() == 1);
    CHECK(rules_on(g, {0, 0}).ok());                                     // 0 alone
    CHECK(rules_on(g, {0, 0, 2}).error() == errc::at_too_many_fields);   // 0 takes nothing after it
    CHECK(rules_on(g, {0, 0, 2}).offset() == 2);

    // The tool's path: the rules that name the row, by name and selector; none for other forms.
    CHECK(table_rules_on(flag_row, {0, 1, 0, "t"}).error() == errc::out_of_range);
    CHECK(table_rules_on(other_row, {0, 0, 2}).error() == errc::at_too_many_fields);
    CHECK(table_rules_on(td::open, {0, "b", 1}).ok());
    // out of range, either side: the writer's error comes first (the tool sizes the line, then the rules)
    const at::value wide[] = {0, 9, 0, "t", "LOW"}, qos[] = {0, 0, 3, "t", "LOW"};
    CHECK(at::command_size(td::lexical, flag_row, at::form::set, wide).error() == errc::out_of_range);
    CHECK(at::command_size(td::lexical, flag_row, at::form::set, qos).offset() == 2);
    CHECK(at::check_row_rules(rules, flag_row, at::form::test, {}).ok());
}

TEST_CASE("packed_row: a table row viewed at run time is the same row, names and all") {
    constexpr at::packed_row v = at::packed_row(td::para);
    STATIC_REQUIRE(v.name() == td::para.name);
    STATIC_REQUIRE(v.param(1).name == td::para.params[1].name);
    STATIC_REQUIRE(v.rule_list().size() == 0);
}

TEST_CASE("packed_row: the writer writes a packed row as it writes the table row") {
    char a[64] = {};
    char b[64] = {};
    const at::value args[] = {1, "host", 1883};
    at::detail::line_cursor packed(atmqtt::mutable_bytes(a, sizeof a));
    at::detail::line_cursor table(atmqtt::mutable_bytes(b, sizeof b));
    auto n = at::detail::write_into(packed, td::lexical, at::packed_of<td::open>, at::form::set, args);
    auto m = at::detail::write_into(table, td::lexical, at::packed_row(td::open), at::form::set, args);
    REQUIRE(n.ok());
    REQUIRE(m.ok());
    CHECK(std::string(a, *n) == std::string(b, *m));
    CHECK(std::string(a, *n) == "AT+TOPEN=1,\"host\",1883\r");
}

TEST_CASE("packed_row: forms without parameters take the name only") {
    char buf[16] = {};
    constexpr at::encoder<td::lexical> encode{};
    constexpr at::encoded_size_of<td::lexical> encoded_size{};
    auto t = encode(at::test(td::open), atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(t.ok());
    CHECK(std::string(buf, *t) == "AT+TOPEN=?\r");
    auto r = encode(at::read(td::open), atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(r.ok());
    CHECK(std::string(buf, *r) == "AT+TOPEN?\r");
    CHECK(encode(at::execute(td::open), atmqtt::mutable_bytes(buf, sizeof buf)).error() == errc::at_unsupported_form);
    CHECK(encode(at::test(td::open), atmqtt::mutable_bytes(buf, 4)).error() == errc::buffer_too_small);
    CHECK(encoded_size(at::execute(td::disc)).value() == 9);
    STATIC_REQUIRE(encoded_size(at::read(td::open)).value() == 10);
}
