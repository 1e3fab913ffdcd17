#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/tokenizer.hpp>

#include <string_view>

#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using at::field_type;
using at::form;
using at::quoting;
using at::table_check;
using at::table_error;

namespace {

// ---- builders produce what they say ----
constexpr at::field_spec port = at::integer("port", 1, 65535).defaults_to(1883).optional();
static_assert(port.type == field_type::integer && port.min == 1 && port.max == 65535);
static_assert(port.has_default() && port.def == 1883 && port.is_optional());
static_assert(!at::integer("x", 0, 1).is_optional() && !at::integer("x", 0, 1).has_default());
static_assert(at::string("t", 1, 256).quote == quoting::quoted);
static_assert(at::string("t", 1, 256, quoting::bare).quote == quoting::bare);
static_assert(at::literal("TIMEOUT").words == "TIMEOUT" &&
              at::literal("TIMEOUT").type == field_type::literal);
static_assert(at::payload("p").quote == quoting::either);

static_assert(td::open.has(form::test) && td::open.has(form::read) && td::open.has(form::set));
static_assert(!td::open.has(form::execute));
static_assert(td::open.deferred == td::open_result_index);
static_assert(td::para.deferred == at::no_index);
static_assert(td::pub.is(at::command::prompt_bit) && !td::open.is(at::command::prompt_bit));
static_assert(td::cfg_keepalive_cmd.selector == "keepalive" && td::cfg_keepalive_cmd.selector_quoted());
static_assert(td::sub.repeat == 2 && td::sub.repeat_min == 1 && td::sub.repeat_max == 4);

// ---- words ----
static_assert(at::nth_word("3.1|3.1.1", 0) == "3.1");
static_assert(at::nth_word("3.1|3.1.1", 1) == "3.1.1");
static_assert(at::nth_word("3.1|3.1.1", 2).empty());
static_assert(at::nth_word("ON", 0) == "ON");
static_assert(at::word_index("ON|OFF", "OFF") == 1 && at::word_index("ON|OFF", "ON") == 0);
static_assert(at::word_index("ON|OFF", "O") < 0 && at::word_index("ON|OFF", "on") < 0 &&
              at::word_index("ON|OFF", "") < 0);
static_assert(at::word_index("ON|OFF", "ON|OFF") < 0);

// ---- lookups ----
static_assert(at::find_command(td::grammar, "TOPEN") == &td::commands[4]);
static_assert(at::find_command(td::grammar, "TCFG") == &td::commands[0]);
static_assert(at::find_command(td::grammar, "TCFG", "timeout") == &td::commands[2]);
static_assert(at::find_command(td::grammar, "TCFG", "timeout")->params.data() == td::cfg_timeout);
static_assert(at::find_command(td::grammar, "TCFG", "nope") == nullptr);
static_assert(at::find_command(td::grammar, "TOPENX") == nullptr);
static_assert(at::is_response_prefix(td::open, "+TOPEN"));
static_assert(!at::is_response_prefix(td::open, "+TOPENX") && !at::is_response_prefix(td::open, "TOPEN"));
static_assert(!at::is_response_prefix(td::open, "+TOPE"));
static_assert(at::is_response_prefix(td::pubhex, "+TPUB") && !at::is_response_prefix(td::pubhex, "+TPUBHEX"));

// ---- payload rules ----
constexpr at::grammar lines_only{"lines only", {}, td::lines};
static_assert(td::recv_urc.payload_index() == 4 && td::recv_urc.length == 3 &&
              td::recv_urc.is(at::line::length_optional_bit));
static_assert(td::open_result.payload_index() == at::no_index);
static_assert(at::payload_rules_of<lines_only>.size() == 3);  // the lines' own
static_assert(td::payload_rules[0].prefix == "+TRECV" && td::payload_rules[0].selector.empty());
static_assert(td::payload_rules[0].length_field == 3 && td::payload_rules[0].length_optional);
static_assert(td::payload_rules[0].form == at::payload_form::either);
static_assert(td::payload_rules[1].prefix == "+TURC" && td::payload_rules[1].selector == "publish");
static_assert(td::payload_rules[1].length_field == 5 &&
              !td::payload_rules[1].length_optional);  // selector is field 0
static_assert(td::payload_rules[1].form == at::payload_form::bare);
static_assert(td::payload_rules[2].prefix == "+TRCVPUB" && td::payload_rules[2].length_field == 2);
static_assert(td::payload_rules[2].form == at::payload_form::quoted);
static_assert(td::payload_rules[3].prefix == "+TURX" && td::payload_rules[3].selector == "publish");
static_assert(td::payload_rules[3].length_field == 5);
static_assert(at::payload_rules_of<td::grammar>.size() == 4);

// ---- prefix aliases ----
static_assert(at::canonical_prefix(td::prefix_aliases, "+TURX") == "+TURC");
static_assert(at::canonical_prefix(td::prefix_aliases, "+TOOPEN") == "+TOPEN");
static_assert(at::canonical_prefix(td::prefix_aliases, "+TURC") == "+TURC");
static_assert(at::canonical_prefix(td::prefix_aliases, "+OTHER") == "+OTHER");

// ---- the validator: one malformed table per error ----
constexpr at::field_spec f_ok[] = {at::integer("a", 0, 5), at::string("b", 0, 10)};
constexpr at::line no_lines[] = {at::urc("+X")};

constexpr table_check check_cmd(const at::command& c) {
    const at::command* one = &c;
    return at::validate(at::grammar{"t", atmqtt::span<const at::command>(one, 1), no_lines});
}
constexpr table_check check_line(const at::line& l) {
    const at::line* one = &l;
    return at::validate(at::grammar{"t", {}, atmqtt::span<const at::line>(one, 1)});
}
template <std::size_t N>
constexpr table_check check_params(const at::field_spec (&params)[N]) {
    return check_cmd(at::cmd("X", form::set, params));
}

static_assert(at::validate(td::grammar).ok());
static_assert(check_cmd(at::cmd("X", form::set, f_ok)).ok());

// names
static_assert(check_cmd(at::cmd("", form::execute)).error == table_error::empty_name);
static_assert(check_cmd(at::cmd("A B", form::execute)).error == table_error::bad_name_character);
static_assert(check_cmd(at::cmd("+X", form::execute)).error == table_error::bad_name_character);
static_assert(check_cmd(at::cmd("X=", form::execute)).error == table_error::bad_name_character);
static_assert(check_cmd(at::cmd("&W_1", form::execute)).ok());
constexpr at::field_spec f_unnamed[] = {at::integer("", 0, 1)};
static_assert(check_params(f_unnamed).error == table_error::empty_name);
static_assert(check_line(at::urc("")).error == table_error::empty_name);
static_assert(check_line(at::urc("+X:")).error == table_error::bad_name_character);
static_assert(check_line(at::urc("+X Y")).error == table_error::bad_name_character);
static_assert(check_line(at::urc("RDY")).ok());  // whole-word URCs without '+' are fine
static_assert(check_line(at::urc("+X").with_selector("a,b")).error == table_error::bad_name_character);
static_assert(check_line(at::urc("+X").with_selector("a\"")).error == table_error::bad_name_character);
static_assert(check_cmd(at::cmd("X", form::set).with_selector("recv mode")).error ==
              table_error::bad_name_character);
static_assert(check_cmd(at::cmd("X", form::set).with_selector("recv/mode")).ok());
static_assert(check_cmd(at::cmd("X", form::execute).responds_with("+X:")).error ==
              table_error::bad_name_character);

// duplicates
constexpr at::field_spec f_dup[] = {at::integer("a", 0, 5), at::string("b", 0, 1), at::integer("a", 0, 1)};
static_assert(check_params(f_dup).error == table_error::duplicate_field);
static_assert(check_params(f_dup).field == 2);
static_assert(check_params(f_dup).in == table_check::where::command);
static_assert(check_line(at::urc("+X", f_dup)).error == table_error::duplicate_field);
constexpr at::command dup_cmds[] = {at::cmd("A", form::execute), at::cmd("B", form::execute),
                                    at::cmd("A", form::read)};
static_assert(at::validate(at::grammar{"t", dup_cmds, {}}).error == table_error::duplicate_command);
static_assert(at::validate(at::grammar{"t", dup_cmds, {}}).item == 2);
constexpr at::command sub_cmds[] = {at::cmd("A", form::set, f_ok).with_selector("x"),
                                    at::cmd("A", form::set, f_ok).with_selector("y"),
                                    at::cmd("A", form::test)};
static_assert(at::validate(at::grammar{"t", sub_cmds, {}}).ok());  // same name, different selectors
constexpr at::field_spec f_pl[] = {at::integer("n", 0, 9), at::payload("p")};
constexpr at::line dup_payload_lines[] = {at::urc("+R", f_pl).with_length(0),
                                          at::urc("+R", f_ok),  // same prefix, no payload: fine
                                          at::urc("+R", f_pl).with_length(0)};
static_assert(at::validate(at::grammar{"t", {}, dup_payload_lines}).error ==
              table_error::duplicate_payload_line);
static_assert(at::validate(at::grammar{"t", {}, dup_payload_lines}).item == 2);
static_assert(at::validate(at::grammar{"t", {}, dup_payload_lines}).in == table_check::where::line);

// forms
static_assert(check_cmd(at::cmd("X", form{})).error == table_error::no_forms);
static_assert(check_cmd(at::cmd("X", form::read, f_ok)).error == table_error::params_without_set);
static_assert(check_cmd(at::cmd("X", form::set)).error == table_error::set_without_params);
static_assert(check_cmd(at::cmd("X", form::set).with_selector("s")).ok());
static_assert(check_cmd(at::cmd("X", form::read).with_prompt()).error == table_error::prompt_without_set);

// ranges and defaults
constexpr at::field_spec f_minmax[] = {at::integer("a", 5, 4)};
static_assert(check_params(f_minmax).error == table_error::min_above_max);
constexpr at::field_spec f_len[] = {at::string("a", 9, 1)};
static_assert(check_params(f_len).error == table_error::min_above_max);
constexpr at::field_spec f_neg[] = {at::hex("a", -1, 1)};
static_assert(check_params(f_neg).error == table_error::negative_length);
constexpr at::field_spec f_def_hi[] = {at::integer("a", 0, 5).defaults_to(6)};
static_assert(check_params(f_def_hi).error == table_error::default_outside_range);
constexpr at::field_spec f_def_lo[] = {at::integer("a", 0, 5).defaults_to(-1)};
static_assert(check_params(f_def_lo).error == table_error::default_outside_range);
constexpr at::field_spec f_def_edge[] = {at::integer("a", 0, 5).defaults_to(5)};
static_assert(check_params(f_def_edge).ok());
constexpr at::field_spec f_def_str[] = {at::string("a", 0, 5).defaults_to(1)};
static_assert(check_params(f_def_str).error == table_error::default_on_non_integer);

// word defaults are the index of the word; string defaults are text (empty allowed: "unset")
constexpr at::field_spec f_def_word = at::word("mode", "CMD|NET|HTTPD").defaults_to_word("NET");
static_assert(f_def_word.has_default() && !f_def_word.has_text_default() && f_def_word.def == 1);
static_assert(at::default_word(f_def_word) == "NET");
static_assert(at::default_word(at::word("mode", "CMD|NET").defaults_to_word("CMD")) == "CMD");
static_assert(at::default_word(at::word("mode", "CMD|NET")).empty());          // no default
static_assert(at::default_word(at::integer("a", 0, 5).defaults_to(1)).empty());  // not a word
constexpr at::field_spec f_def_word_ok[] = {f_def_word, at::word("b", "ON|OFF").defaults_to_word("OFF")};
static_assert(check_params(f_def_word_ok).ok());
constexpr at::field_spec f_def_word_index[] = {at::word("a", "ON|OFF").defaults_to(1)};
static_assert(check_params(f_def_word_index).ok());
constexpr at::field_spec f_def_not_word[] = {at::word("a", "ON|OFF").defaults_to_word("on")};  // case-sensitive
static_assert(at::word("a", "ON|OFF").defaults_to_word("on").def == -1);
static_assert(check_params(f_def_not_word).error == table_error::default_not_a_word);
constexpr at::field_spec f_def_word_past[] = {at::word("a", "ON|OFF").defaults_to(2)};
static_assert(check_params(f_def_word_past).error == table_error::default_not_a_word);
constexpr at::field_spec f_def_text[] = {at::string("server", 1, 11).defaults_to_text("mqtt.usr.cn")};
static_assert(check_params(f_def_text).ok());
static_assert(f_def_text[0].has_text_default() && f_def_text[0].words == "mqtt.usr.cn");
static_assert(!at::string("server", 1, 11).has_text_default());  // no default: no text
constexpr at::field_spec f_def_text_empty[] = {at::string("regionid", 1, 32).defaults_to_text("")};
static_assert(check_params(f_def_text_empty).ok());
constexpr at::field_spec f_def_text_long[] = {at::string("server", 1, 10).defaults_to_text("mqtt.usr.cn")};
static_assert(check_params(f_def_text_long).error == table_error::default_too_long);
constexpr at::field_spec f_def_text_int[] = {at::integer("a", 0, 5).defaults_to_text("1")};
static_assert(check_params(f_def_text_int).error == table_error::default_on_non_integer);
constexpr at::field_spec f_def_text_word[] = {at::word("a", "ON|OFF").defaults_to_text("ON")};
static_assert(check_params(f_def_text_word).error == table_error::default_on_non_integer);
constexpr at::field_spec f_def_hex[] = {at::hex("a", 0, 4).defaults_to_text("")};
static_assert(check_params(f_def_hex).error == table_error::default_on_non_integer);
static_assert(at::to_string(table_error::default_not_a_word) == "default_not_a_word");
static_assert(at::to_string(table_error::default_too_long) == "default_too_long");

// words
constexpr at::field_spec f_nowords[] = {at::word("a", "")};
static_assert(check_params(f_nowords).error == table_error::empty_word_list);
constexpr at::field_spec f_emptyword[] = {at::word("a", "ON||OFF")};
static_assert(check_params(f_emptyword).error == table_error::empty_word_list);
constexpr at::field_spec f_trailing[] = {at::word("a", "ON|")};
static_assert(check_params(f_trailing).error == table_error::empty_word_list);
constexpr at::field_spec f_leading[] = {at::word("a", "|ON")};
static_assert(check_params(f_leading).error == table_error::empty_word_list);
constexpr at::field_spec f_optlit[] = {at::literal("K").optional(), at::integer("v", 0, 1)};
static_assert(check_params(f_optlit).error == table_error::literal_optional);

// payloads and their length fields
constexpr at::field_spec f_cmd_payload[] = {at::integer("n", 0, 9), at::payload("p")};
static_assert(check_params(f_cmd_payload).error == table_error::payload_in_command);
static_assert(check_params(f_cmd_payload).field == 1);
constexpr at::field_spec f_pl_mid[] = {at::integer("n", 0, 9), at::payload("p"), at::integer("m", 0, 9)};
static_assert(check_line(at::urc("+R", f_pl_mid).with_length(0)).error ==
              table_error::payload_not_last);
static_assert(check_line(at::urc("+R", f_pl)).error == table_error::payload_without_length);
static_assert(check_line(at::urc("+R", f_ok).with_length(0)).error ==
              table_error::length_without_payload);
static_assert(check_line(at::urc("+R", f_pl).with_length(1)).error ==
              table_error::length_past_fields);
static_assert(check_line(at::urc("+R", f_pl).with_length(7)).error ==
              table_error::length_past_fields);
constexpr at::field_spec f_pl_gap[] = {at::integer("n", 0, 9), at::integer("m", 0, 9), at::payload("p")};
static_assert(check_line(at::urc("+R", f_pl_gap).with_length(0)).error ==
              table_error::length_past_fields);
static_assert(check_line(at::urc("+R", f_pl_gap).with_length(1)).ok());
constexpr at::field_spec f_pl_strlen[] = {at::string("n", 0, 9), at::payload("p")};
static_assert(check_line(at::urc("+R", f_pl_strlen).with_length(0)).error ==
              table_error::length_not_integer);
static_assert(check_line(at::urc("+R", f_ok).with_length(at::no_index, true)).error ==
              table_error::optional_length_without_payload);

// repeated groups
constexpr at::field_spec f_rep[] = {at::integer("id", 0, 5), at::string("topic", 1, 9),
                                    at::integer("qos", 0, 2)};
static_assert(check_params(f_rep).ok());
static_assert(check_cmd(at::cmd("X", form::set, f_rep).repeating(2, 1, 4)).ok());
static_assert(check_cmd(at::cmd("X", form::set, f_rep).repeating(4, 1, 4)).error ==
              table_error::bad_repeat);
static_assert(check_cmd(at::cmd("X", form::set, f_rep).repeating(0, 1, 4)).error ==
              table_error::bad_repeat);
static_assert(check_cmd(at::cmd("X", form::set, f_rep).repeating(2, 1, 0)).error ==
              table_error::bad_repeat);
static_assert(check_cmd(at::cmd("X", form::set, f_rep).repeating(2, 5, 4)).error ==
              table_error::bad_repeat);
constexpr at::field_spec f_rep_opt[] = {at::integer("id", 0, 5), at::string("topic", 1, 9).optional()};
static_assert(check_cmd(at::cmd("X", form::set, f_rep_opt).repeating(1, 1, 4)).error ==
              table_error::optional_in_repeat);
static_assert(check_line(at::urc("+R", f_rep).repeating(3, 2, 1)).error ==
              table_error::bad_repeat);

// prefix aliases: plain, not a line's own prefix, not listed twice, standing for a prefix some line has
constexpr at::line alias_lines[] = {at::urc("+A"), at::urc("+B")};
constexpr at::table_check check_alias(at::prefix_alias a, at::prefix_alias b = {"+Z", "+A"}) {
    const at::prefix_alias aliases[] = {b, a};
    return at::validate(at::grammar{"t", {}, alias_lines, {}, {}, {}, aliases});
}
static_assert(check_alias({"+C", "+A"}).ok());
static_assert(check_alias({"+C", "+A"}, {"+D", "+B"}).ok());
static_assert(check_alias({"+B", "+A"}).error == table_error::bad_prefix_alias);  // a real prefix
static_assert(check_alias({"+C", "+X"}).error == table_error::bad_prefix_alias);  // stands for nothing
static_assert(check_alias({"+Z", "+B"}).error == table_error::bad_prefix_alias);  // listed twice
static_assert(check_alias({"", "+A"}).error == table_error::bad_prefix_alias);
static_assert(check_alias({"+C:", "+A"}).error == table_error::bad_prefix_alias);
static_assert(check_alias({"+C", "+A"}, {"+A", "+A"}).error == table_error::bad_prefix_alias);
static_assert(check_alias({"+C:", "+A"}).item == 1);
static_assert(check_alias({"+C:", "+A"}).in == table_check::where::prefix_alias);

// lowercase() is for hex fields
constexpr at::field_spec f_lower_hex[] = {at::hex("data", 1, 8).lowercase()};
static_assert(check_params(f_lower_hex).ok());
static_assert(f_lower_hex[0].lowercase_hex());
constexpr at::field_spec f_lower_str[] = {at::string("data", 1, 8).lowercase()};
static_assert(check_params(f_lower_str).error == table_error::lowercase_not_hex);

// a deferred result must be one of the grammar's lines, marked as such
static_assert(check_cmd(at::cmd("X", form::execute).deferred_result(1)).error ==
              table_error::deferred_not_in_grammar);
static_assert(check_cmd(at::cmd("X", form::execute).deferred_result(0)).error ==
              table_error::deferred_not_marked);
constexpr at::line result_lines[] = {at::response("+X").as_deferred()};
constexpr at::command result_cmds[] = {at::cmd("X", form::execute).deferred_result(0)};
static_assert(at::validate(at::grammar{"t", result_cmds, result_lines}).ok());
static_assert(at::validate(at::grammar{"t", {}, result_lines}).error ==
              table_error::deferred_without_command);
static_assert(at::validate(at::grammar{"t", {}, result_lines}).in == table_check::where::line);
static_assert(td::open_result.is(at::line::deferred_bit) && td::conn_urc.is(at::line::deferred_bit) &&
              !td::stat_urc.is(at::line::deferred_bit));

// the vendor error table is checked too
constexpr at::error_entry overlapping[] = {at::error_entry{600, 610, "a", "a"},
                                           at::error_code(605, "b", "b")};
static_assert(at::validate(at::grammar{"t", {}, {}, {}, {}, overlapping}).error ==
              table_error::bad_error_table);
static_assert(at::validate(at::grammar{"t", {}, {}, {}, {}, overlapping}).item == 1);
static_assert(at::validate(at::grammar{"t", {}, {}, {}, {}, overlapping}).in ==
              table_check::where::error_table);

}  // namespace

TEST_CASE("grammar: a string field's default text, also at run time") {
    CHECK(at_run_time(f_def_text[0]).has_text_default());
    CHECK(at_run_time(f_def_text[0]).words == "mqtt.usr.cn");
    CHECK(!at_run_time(at::string("server", 1, 11)).has_text_default());
    CHECK(!at_run_time(at::word("a", "ON|OFF")).has_text_default());
    CHECK(at_run_time(at::word("a", "ON|OFF")).words == "ON|OFF");
}

TEST_CASE("grammar: table errors have names") {
    CHECK(at::to_string(table_error::none) == "none");
    CHECK(at::to_string(table_error::duplicate_field) == "duplicate_field");
    CHECK(at::to_string(table_error::length_past_fields) == "length_past_fields");
    CHECK(at::to_string(static_cast<table_error>(200)) == "unknown");
    for (int i = 0; i <= static_cast<int>(table_error::lowercase_not_hex); ++i)
        CHECK(at::to_string(static_cast<table_error>(i)) != "unknown");
}

TEST_CASE("grammar: the validator reports where the problem is") {
    constexpr at::field_spec bad[] = {at::integer("a", 0, 5), at::integer("b", 3, 2)};
    const at::command cmds[] = {at::cmd("OK1", form::execute), at::cmd("BAD", form::set, bad)};
    table_check r = at::validate(at::grammar{"t", cmds, {}});
    CHECK(r.error == table_error::min_above_max);
    CHECK(r.in == table_check::where::command);
    CHECK(r.item == 1);
    CHECK(r.field == 1);
}

TEST_CASE("grammar: the test dialect is what the tests assume") {
    CHECK(td::grammar.commands.size() == 15);
    CHECK(td::grammar.lines.size() == 12);
    CHECK(td::grammar.name == "test");
    CHECK(td::grammar.lexical.escape == at::quote_escape::backslash);
    REQUIRE(td::payload_rule_span.size() == 4);
    CHECK(at::validate(td::payload_rule_span).ok());
}

TEST_CASE("grammar: grammar_rules fixes a grammar's payload rules and syntax for the tokenizer") {
    using fixed = at::grammar_rules<td::grammar>;
    STATIC_REQUIRE(fixed::rules().data() == td::payload_rules.data());
    STATIC_REQUIRE(fixed::rules().size() == 4);
    STATIC_REQUIRE(fixed::lexical().escape == at::quote_escape::backslash);
    at::tokenizer<64, fixed> tok;
    REQUIRE(tok.feed(atmqtt::bytes("+TRCVPUB: 7,\"t\",4,\"a\r\nb\"\r\nOK\r\n")).ok());
    const at::event ev = tok.next();
    REQUIRE(ev.is_line());
    CHECK(ev.has_payload);
    CHECK(ev.payload == atmqtt::bytes("a\r\nb"));  // CR LF counted as payload, not a line end
    CHECK(tok.next().text == atmqtt::bytes("OK"));
}
