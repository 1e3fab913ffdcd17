// The table checks (grammar, payload rules, vendor error tables) and the names of their verdicts, run at
// run time: the dialects call them only in static_asserts, which coverage cannot see.
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/at/result_code.hpp>

#include <array>

#include "../catch.hpp"
#include "../run_time.hpp"

namespace at = atmqtt::at;
using at::form;
using at::table_check;
using at::table_error;
using atmqtt::errc;
using atmqtt::span;

namespace {

const at::line one_urc[] = {at::urc("+X")};

table_check check_cmd(const at::command& c) {
    return at::validate(at_run_time(at::grammar{"t", span<const at::command>(&c, 1), one_urc}));
}
table_check check_line(const at::line& l) {
    return at::validate(at_run_time(at::grammar{"t", {}, span<const at::line>(&l, 1)}));
}
table_check check_params(span<const at::field_spec> params) {
    return check_cmd(at::cmd("X", form::set, params));
}
table_check check_field(const at::field_spec& f) { return check_params(span<const at::field_spec>(&f, 1)); }

}  // namespace

TEST_CASE("grammar check at run time: fields") {
    CHECK(check_field(at::integer("a", 0, 5)).ok());
    CHECK(check_field(at::integer("", 0, 5)).error == table_error::empty_name);
    CHECK(check_field(at::string("s", 0, 5).lowercase()).error == table_error::lowercase_not_hex);
    CHECK(check_field(at::hex("h", 0, 5).lowercase()).ok());
    CHECK(check_field(at::integer("a", 5, 0)).error == table_error::min_above_max);
    CHECK(check_field(at::integer("a", 0, 5).defaults_to_text("x")).error == table_error::default_on_non_integer);
    CHECK(check_field(at::integer("a", 0, 5).defaults_to(3)).ok());
    CHECK(check_field(at::integer("a", 0, 5).defaults_to(6)).error == table_error::default_outside_range);
    CHECK(check_field(at::integer("a", 0, 5).defaults_to(-1)).error == table_error::default_outside_range);
    CHECK(check_field(at::string("s", -1, 5)).error == table_error::negative_length);
    CHECK(check_field(at::string("s", 0, 5).defaults_to_text("abc")).ok());
    CHECK(check_field(at::string("s", 0, 2).defaults_to_text("abc")).error == table_error::default_too_long);
    CHECK(check_field(at::string("s", 0, 5).defaults_to(1)).error == table_error::default_on_non_integer);
    CHECK(check_field(at::hex("h", -1, 5)).error == table_error::negative_length);
    CHECK(check_field(at::hex("h", 0, 5).defaults_to(1)).error == table_error::default_on_non_integer);
    CHECK(check_field(at::word("w", "")).error == table_error::empty_word_list);
    CHECK(check_field(at::word("w", "a||b")).error == table_error::empty_word_list);
    CHECK(check_field(at::word("w", "|a")).error == table_error::empty_word_list);
    CHECK(check_field(at::word("w", "a|")).error == table_error::empty_word_list);
    CHECK(check_field(at::word("w", "a|b").defaults_to_word("b")).ok());
    CHECK(check_field(at::word("w", "a|b").defaults_to(2)).error == table_error::default_not_a_word);
    CHECK(check_field(at::word("w", "a|b").defaults_to(-1)).error == table_error::default_not_a_word);
    CHECK(check_field(at::word("w", "a|b").defaults_to_word("c")).error == table_error::default_not_a_word);
    CHECK(check_field(at::literal("K")).ok());
    CHECK(check_field(at::literal("K").optional()).error == table_error::literal_optional);
    CHECK(check_field(at::literal("K").defaults_to(0)).error == table_error::default_on_non_integer);
    CHECK(at::default_word(at_run_time(at::word("w", "a|b").defaults_to_word("b"))) == "b");
    CHECK(at::default_word(at_run_time(at::word("w", "a|b"))).empty());
    CHECK(at::default_word(at_run_time(at::integer("a", 0, 5).defaults_to(1))).empty());
    CHECK(at::default_word(at_run_time(at::word("w", "a|b").defaults_to(-1))).empty());

    const at::field_spec dup[] = {at::integer("a", 0, 5), at::string("b", 0, 1), at::integer("a", 0, 1)};
    table_check r = check_params(dup);
    CHECK(r.error == table_error::duplicate_field);
    CHECK(r.in == table_check::where::command);
    CHECK(r.field == 2);
    CHECK(check_line(at::urc("+X", dup)).error == table_error::duplicate_field);

    // 255 fields: indexes are 8-bit, 0xff means "none"
    static std::array<at::field_spec, 255> many{};  // static: too large for a test's stack frame
    for (auto& f : many) f = at::integer("a", 0, 1);
    CHECK(check_params(span<const at::field_spec>(many.data(), many.size())).error == table_error::too_many_fields);
}

TEST_CASE("grammar check at run time: commands") {
    CHECK(check_cmd(at::cmd("&W_1", form::execute)).ok());
    CHECK(check_cmd(at::cmd("", form::execute)).error == table_error::empty_name);
    CHECK(check_cmd(at::cmd("A B", form::execute)).error == table_error::bad_name_character);
    CHECK(check_cmd(at::cmd("X", form::set).with_selector("a b")).error == table_error::bad_name_character);
    CHECK(check_cmd(at::cmd("X", form::execute).responds_with("+X:")).error == table_error::bad_name_character);
    CHECK(check_cmd(at::cmd("X", form{})).error == table_error::no_forms);
    const at::field_spec one[] = {at::integer("a", 0, 5)};
    CHECK(check_cmd(at::cmd("X", form::read, one)).error == table_error::params_without_set);
    CHECK(check_cmd(at::cmd("X", form::set)).error == table_error::set_without_params);
    CHECK(check_cmd(at::cmd("X", form::set).with_selector("s")).ok());
    CHECK(check_cmd(at::cmd("X", form::set).with_selector("s", at::quoting::bare)).ok());
    CHECK(!at_run_time(at::cmd("X", form::set).with_selector("s", at::quoting::bare)).selector_quoted());
    CHECK(check_cmd(at::cmd("X", form::read).with_prompt()).error == table_error::prompt_without_set);
    CHECK(check_cmd(at::cmd("X", form::read).with_connect_phase()).error == table_error::prompt_without_set);
    CHECK(check_cmd(at::cmd("X", form::set, one).with_prompt()).ok());

    const at::field_spec with_payload[] = {at::integer("n", 0, 9), at::payload("data")};
    table_check r = check_params(with_payload);
    CHECK(r.error == table_error::payload_in_command);
    CHECK(r.field == 1);

    const at::field_spec group[] = {at::integer("id", 0, 5), at::string("topic", 1, 9), at::integer("qos", 0, 2)};
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(2, 1, 4)).ok());
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(4, 1, 4)).error == table_error::bad_repeat);
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(0, 1, 4)).error == table_error::bad_repeat);
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(2, 1, 0)).error == table_error::bad_repeat);
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(2, 5, 4)).error == table_error::bad_repeat);
    CHECK(check_cmd(at::cmd("X", form::set, group).repeating(0, 0, 4)).error == table_error::bad_repeat);
    const at::field_spec group_opt[] = {at::integer("id", 0, 5), at::string("topic", 1, 9).optional()};
    r = check_cmd(at::cmd("X", form::set, group_opt).repeating(1, 1, 4));
    CHECK(r.error == table_error::optional_in_repeat);
    CHECK(r.field == 1);

    CHECK(check_cmd(at::cmd("X", form::execute).deferred_result(1)).error == table_error::deferred_not_in_grammar);
    CHECK(check_cmd(at::cmd("X", form::execute).deferred_result(0)).error == table_error::deferred_not_marked);

    const at::command cmds[] = {at::cmd("A", form::execute), at::cmd("B", form::execute), at::cmd("A", form::read)};
    r = at::validate(at_run_time(at::grammar{"t", cmds, {}}));
    CHECK(r.error == table_error::duplicate_command);
    CHECK(r.item == 2);
    const at::command subs[] = {at::cmd("A", form::set).with_selector("x"), at::cmd("A", form::set).with_selector("y")};
    CHECK(at::validate(at_run_time(at::grammar{"t", subs, {}})).ok());

    // an answer row is a response of the grammar; forms naming different rows may share a name
    CHECK(check_cmd(at::cmd("X", form::execute).answered_by(1)).error == table_error::bad_answer_row);
    CHECK(check_cmd(at::cmd("X", form::execute).answered_by(0)).error == table_error::bad_answer_row);  // a URC
    const at::line answers[] = {at::response("+A"), at::response("+A", group), at::response("+A").as_deferred()};
    const at::command forms[] = {at::cmd("A", form::set, group).answered_by(0),
                                 at::cmd("A", form::set, group).answered_by(1),
                                 at::cmd("B", form::set, group).deferred_result(2)};
    CHECK(at::validate(at_run_time(at::grammar{"t", forms, answers})).ok());
    const at::command same[] = {forms[0], forms[0]};
    CHECK(at::validate(at_run_time(at::grammar{"t", same, answers})).error == table_error::duplicate_command);
    const at::command to_deferred[] = {at::cmd("A", form::set, group).answered_by(2).deferred_result(2)};
    r = at::validate(at_run_time(at::grammar{"t", to_deferred, answers}));
    CHECK(r.error == table_error::bad_answer_row);
    CHECK(at::to_string(table_error::bad_answer_row) == "bad_answer_row");
}

TEST_CASE("grammar check at run time: lines") {
    CHECK(check_line(at::urc("RDY")).ok());
    CHECK(check_line(at::urc("")).error == table_error::empty_name);
    CHECK(check_line(at::urc("+X:")).error == table_error::bad_name_character);
    CHECK(check_line(at::urc("+X").with_selector("a,b")).error == table_error::bad_name_character);
    CHECK(check_line(at::urc("+X").with_selector("a\rb")).error == table_error::bad_name_character);
    CHECK(check_line(at::urc("+X").with_selector("a\nb")).error == table_error::bad_name_character);
    CHECK(check_line(at::urc("+X").with_selector("a", at::quoting::bare)).ok());
    CHECK(!at_run_time(at::urc("+X").with_selector("a", at::quoting::bare)).selector_quoted());

    const at::field_spec recv[] = {at::integer("id", 0, 5), at::integer("len", 0, 99), at::payload("data")};
    const at::field_spec payload_first[] = {at::payload("data"), at::integer("len", 0, 99)};
    const at::field_spec no_payload[] = {at::integer("id", 0, 5), at::integer("len", 0, 99)};
    const at::field_spec text_length[] = {at::integer("id", 0, 5), at::string("len", 0, 9), at::payload("data")};
    CHECK(check_line(at::urc("+R", recv).with_length(1)).ok());
    CHECK(check_line(at::urc("+R", recv).with_length(1, true)).ok());
    table_check r = check_line(at::urc("+R", payload_first).with_length(1));
    CHECK(r.error == table_error::payload_not_last);
    CHECK(r.field == 0);
    CHECK(check_line(at::urc("+R", recv)).error == table_error::payload_without_length);
    CHECK(check_line(at::urc("+R", no_payload).with_length(1)).error ==
          table_error::length_without_payload);
    CHECK(check_line(at::urc("+R", recv).with_length(0)).error == table_error::length_past_fields);
    CHECK(check_line(at::urc("+R", text_length).with_length(1)).error ==
          table_error::length_not_integer);
    at::line optional_without = at::urc("+R", no_payload).with_length(1, true);
    optional_without.length = at::no_index;
    CHECK(check_line(optional_without).error == table_error::optional_length_without_payload);
    const at::field_spec group[] = {at::integer("id", 0, 5), at::integer("code", 0, 2)};
    CHECK(check_line(at::urc("+R", group).repeating(3, 2, 1)).error == table_error::bad_repeat);

    // The length field's index (the selector counts as field 0) must fit the tokenizer's field counter.
    static char names[64][2] = {};
    static std::array<at::field_spec, 65> wide{};
    for (std::size_t i = 0; i < 64; ++i) {
        names[i][0] = static_cast<char>('A' + i / 26);
        names[i][1] = static_cast<char>('a' + i % 26);
        wide[i] = at::integer(std::string_view(names[i], 2), 0, 9);
    }
    wide[64] = at::payload("data");
    const span<const at::field_spec> wide_fields(wide.data(), wide.size());
    CHECK(check_line(at::urc("+W", wide_fields).with_length(63)).ok());
    r = check_line(at::urc("+W", wide_fields).with_selector("s").with_length(63));
    CHECK(r.error == table_error::too_many_fields);
    CHECK(r.field == 63);

    const at::line deferred[] = {at::response("+X").as_deferred()};
    const at::command owner[] = {at::cmd("X", form::execute).deferred_result(0)};
    CHECK(at::validate(at_run_time(at::grammar{"t", owner, deferred})).ok());
    r = at::validate(at_run_time(at::grammar{"t", {}, deferred}));
    CHECK(r.error == table_error::deferred_without_command);
    CHECK(r.in == table_check::where::line);

    const at::line two_payload_lines[] = {at::urc("+R", recv).with_length(1), at::urc("+S"),
                                          at::urc("+R", recv).with_length(1),
                                          at::urc("+R", recv).with_selector("x").with_length(1)};
    r = at::validate(at_run_time(at::grammar{"t", {}, span<const at::line>(two_payload_lines, 3)}));
    CHECK(r.error == table_error::duplicate_payload_line);
    CHECK(r.item == 2);
    const at::line distinct[] = {two_payload_lines[0], two_payload_lines[3]};
    CHECK(at::validate(at_run_time(at::grammar{"t", {}, distinct})).ok());
}

TEST_CASE("grammar check at run time: error table and prefix aliases") {
    const at::error_entry overlapping[] = {at::error_entry{600, 610, "a", "a"}, at::error_code(605, "b", "b")};
    table_check r = at::validate(at_run_time(at::grammar{"t", {}, {}, {}, {}, overlapping}));
    CHECK(r.error == table_error::bad_error_table);
    CHECK(r.in == table_check::where::error_table);
    CHECK(r.item == 1);

    const at::line lines[] = {at::urc("+A"), at::urc("+B")};
    auto check_alias = [&](at::prefix_alias a, at::prefix_alias b) {
        const at::prefix_alias aliases[] = {b, a};
        return at::validate(at_run_time(at::grammar{"t", {}, lines, {}, {}, {}, aliases}));
    };
    const at::prefix_alias first{"+Z", "+A"};
    CHECK(check_alias({"+C", "+A"}, first).ok());
    CHECK(check_alias({"+C", "+A"}, {"+D", "+B"}).ok());
    CHECK(check_alias({"+B", "+A"}, first).error == table_error::bad_prefix_alias);  // a real prefix
    CHECK(check_alias({"+C", "+X"}, first).error == table_error::bad_prefix_alias);  // stands for nothing
    CHECK(check_alias({"+Z", "+B"}, first).error == table_error::bad_prefix_alias);  // listed twice
    CHECK(check_alias({"", "+A"}, first).error == table_error::bad_prefix_alias);
    CHECK(check_alias({"+C:", "+A"}, first).error == table_error::bad_prefix_alias);
    r = check_alias({"+C", "+A"}, {"+A", "+A"});
    CHECK(r.error == table_error::bad_prefix_alias);
    CHECK(r.in == table_check::where::prefix_alias);
    CHECK(r.item == 0);
}

TEST_CASE("table errors: every one has a name") {
    for (int i = 0; i <= static_cast<int>(table_error::default_too_long); ++i)
        CHECK(at::to_string(at_run_time(static_cast<table_error>(i))) != "unknown");
    CHECK(at::to_string(at_run_time(table_error::default_not_a_word)) == "default_not_a_word");
    CHECK(at::to_string(at_run_time(table_error::default_too_long)) == "default_too_long");
    CHECK(at::to_string(at_run_time(static_cast<table_error>(200))) == "unknown");
}

TEST_CASE("payload rule check at run time") {
    using at::payload_form;
    using at::payload_rule;
    auto rule = [](atmqtt::bytes prefix, atmqtt::bytes selector, std::uint8_t length_field,
                   payload_form pf = payload_form::either, std::uint8_t guard = at::no_quoted_field) {
        return at_run_time(payload_rule{prefix, selector, length_field, false, pf, guard});
    };
    CHECK(at::validate(rule("+R", "", 1)).ok());
    CHECK(at::validate(rule("", "", 1)).error() == errc::at_unknown_response);
    for (char c : {':', '=', ',', '"', ' ', '\r', '\n'}) {
        const char prefix[] = {'+', 'R', c};
        atmqtt::status st = at::validate(rule(atmqtt::bytes(prefix, 3), "", 1));
        CHECK(st.error() == errc::at_unexpected_character);
        CHECK(st.offset() == 2);
    }
    CHECK(at::validate(rule("+R", "", 64)).error() == errc::out_of_range);
    CHECK(at::validate(rule("+R", "", 63)).ok());
    CHECK(at::validate(rule("+R", "sel", 0)).error() == errc::at_invalid_enum);
    CHECK(at::validate(rule("+R", "sel", 1)).ok());
    CHECK(at::validate(rule("+R", "", 1, payload_form::quoted)).ok());
    CHECK(at::validate(rule("+R", "", 1, payload_form::bare)).ok());
    CHECK(at::validate(rule("+R", "", 1, static_cast<payload_form>(0))).error() == errc::at_invalid_enum);
    CHECK(at::validate(rule("+R", "", 2, payload_form::either, 1)).ok());
    CHECK(at::validate(rule("+R", "", 2, payload_form::either, 2)).error() == errc::out_of_range);

    static std::array<payload_rule, 255> many{};
    for (auto& r : many) r = payload_rule{"+R", "", 1, false, payload_form::either};
    atmqtt::status st = at::validate(at_run_time(span<const payload_rule>(many.data(), 255)));
    CHECK(st.error() == errc::capacity_exceeded);
    CHECK(at::validate(at_run_time(span<const payload_rule>(many.data(), 254))).ok());
    const payload_rule mixed[] = {rule("+R", "", 1), rule("+S", "", 64)};
    st = at::validate(at_run_time(span<const payload_rule>(mixed)));
    CHECK(st.error() == errc::out_of_range);
    CHECK(st.offset() == 1);
}

TEST_CASE("vendor error table check at run time") {
    using at::error_code;
    const at::error_entry good[] = {error_code(1, "a", "a"), at::error_entry{5, 9, "b", "b"}};
    CHECK(at::validate(at_run_time(span<const at::error_entry>(good))).ok());
    CHECK(at::find_error(at_run_time(span<const at::error_entry>(good)), 7)->name == "b");
    CHECK(at::find_error(at_run_time(span<const at::error_entry>(good)), 4).error() == errc::at_invalid_enum);
    const at::error_entry unnamed[] = {error_code(1, "a", "a"), error_code(2, "", "b")};
    atmqtt::status st = at::validate(at_run_time(span<const at::error_entry>(unnamed)));
    CHECK(st.error() == errc::at_missing_field);
    CHECK(st.offset() == 1);
    const at::error_entry reversed[] = {at::error_entry{9, 5, "a", "a"}};
    CHECK(at::validate(at_run_time(span<const at::error_entry>(reversed))).error() == errc::at_invalid_range);
    const at::error_entry descending[] = {at::error_entry{10, 20, "a", "a"}, at::error_entry{1, 5, "b", "b"}};
    CHECK(at::validate(at_run_time(span<const at::error_entry>(descending))).ok());
    const at::error_entry overlap[] = {at::error_entry{1, 5, "a", "a"}, at::error_entry{7, 9, "b", "b"},
                                       at::error_entry{4, 6, "c", "c"}};
    st = at::validate(at_run_time(span<const at::error_entry>(overlap)));
    CHECK(st.error() == errc::at_invalid_enum);
    CHECK(st.offset() == 2);
}

TEST_CASE("final result kinds: names and classes") {
    using at::final_kind;
    const std::pair<final_kind, const char*> names[] = {
        {final_kind::none, "none"},
        {final_kind::ok, "OK"},
        {final_kind::connect, "CONNECT"},
        {final_kind::error, "ERROR"},
        {final_kind::cme_error, "+CME ERROR"},
        {final_kind::cms_error, "+CMS ERROR"},
        {final_kind::ext_error, "extended error"},
        {final_kind::no_carrier, "NO CARRIER"},
        {final_kind::no_dialtone, "NO DIALTONE"},
        {final_kind::busy, "BUSY"},
        {final_kind::no_answer, "NO ANSWER"},
        {static_cast<final_kind>(99), "unknown"},
    };
    for (const auto& [kind, name] : names) CHECK(at::to_string(at_run_time(kind)) == name);
    CHECK(!at::is_success(at_run_time(final_kind::none)));
    CHECK(at::is_success(at_run_time(final_kind::ok)));
    CHECK(at::is_success(at_run_time(final_kind::connect)));
    CHECK(!at::is_success(at_run_time(final_kind::busy)));
}

namespace {
constexpr at::line order_lines[] = {at::urc("+B"), at::urc("+A"), at::urc("+B").with_selector("s")};
}  // namespace

TEST_CASE("grammar check at run time: the line order") {
    const at::line (&lines)[3] = order_lines;
    auto check_order = [&](std::initializer_list<std::uint8_t> order) {
        return at::validate(at_run_time(at::grammar{"t", {}, lines, {}, {}, {}, {},
                                                    span<const std::uint8_t>(order.begin(), order.size())}));
    };
    CHECK(check_order({1, 0, 2}).ok());
    constexpr span<const std::uint8_t> order = at::line_order_of<order_lines>;
    CHECK((order.size() == 3 && order[0] == 1 && order[1] == 0 && order[2] == 2));
    table_check r = check_order({1, 0});  // not every line
    CHECK(r.error == table_error::bad_line_order);
    CHECK(r.in == table_check::where::line);
    CHECK(check_order({1, 0, 3}).error == table_error::bad_line_order);  // no such line
    CHECK(check_order({1, 1, 0}).error == table_error::bad_line_order);  // a line twice
    CHECK(check_order({0, 1, 2}).error == table_error::bad_line_order);  // "+B" before "+A"
    CHECK(check_order({1, 2, 0}).error == table_error::bad_line_order);  // same prefix: table order kept
}

namespace {
constexpr at::field_spec one_payload_fields[] = {at::integer("n", 0, 9), at::payload("p")};
constexpr at::line one_payload_line[] = {at::urc("+P", one_payload_fields).with_length(0)};
constexpr at::grammar lines_of_one_payload{"t", {}, one_payload_line};
}  // namespace

TEST_CASE("payload rules derived at run time: shape guards") {
    static constexpr at::field_spec quoted_topic[] = {at::string("t", 0, 9), at::integer("n", 0, 9), at::payload("p")};
    static constexpr at::field_spec bare_topic[] = {at::string("t", 0, 9, at::quoting::bare), at::integer("n", 0, 9),
                                                    at::payload("p")};
    static constexpr at::field_spec number_first[] = {at::integer("i", 0, 9), at::integer("n", 0, 9), at::payload("p")};
    static constexpr at::field_spec length_first[] = {at::integer("n", 0, 9), at::payload("p")};
    const at::line lines[] = {at::urc("+A", quoted_topic).with_length(1), at::urc("+B", bare_topic).with_length(1),
                              at::urc("+C", number_first).with_length(1), at::urc("+D", length_first).with_length(0),
                              at::urc("+E", length_first).with_length(5)};  // (malformed: no field to guard)
    const at::grammar g = at_run_time(at::grammar{"t", {}, lines});
    std::array<at::payload_rule, 5> out{};
    REQUIRE(at::put_payload_rules(g, nullptr, 0) == out.size());
    REQUIRE(at::put_payload_rules(g, out.data(), out.size()) == out.size());
    CHECK(out[0].quoted_field == 0);  // a quoted string right before the length field
    for (std::size_t i = 1; i < out.size(); ++i) CHECK(out[i].quoted_field == at::no_quoted_field);
    // A call with no arguments is folded at compile time even at -O0: through a pointer it runs.
    using fixed = at::grammar_rules<lines_of_one_payload>;
    CHECK(at_run_time(&fixed::lexical)().escape == at::quote_escape::none);
    CHECK(at_run_time(&fixed::rules)().size() == 1);
}
