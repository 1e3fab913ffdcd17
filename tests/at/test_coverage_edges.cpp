// Error paths and fallbacks of the AT core that the unit tests of each part do not reach: lookups that
// find nothing, values of the wrong kind, enum values outside the enumeration, absent optional fields
// before a repeated group, payload views that disagree with their length field.
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/decode.hpp>
#include "decoded_command.hpp"
#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/at/writer.hpp>

#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using at::form;
using atmqtt::errc;

TEST_CASE("decoded_line: find by a name the line does not have") {
    auto r = at::decode<4>(td::grammar, at::line_event(at_run_time(atmqtt::bytes("+TOPEN: 0,-1"))));
    REQUIRE(r.ok());
    CHECK(r->find("result")->number == -1);
    CHECK(r->find("no_such_field") == nullptr);
}

TEST_CASE("typed values: a payload spec takes no field value") {
    at::field_reader reader(at_run_time(atmqtt::bytes("abc")));
    auto f = reader.next();
    REQUIRE(f.ok());
    at::field_value v{};
    CHECK(at::detail::put_typed(at_run_time(at::payload("data")), *f, v).error() == errc::at_type_mismatch);
    REQUIRE(at::detail::put_typed(at_run_time(at::string("s", 0, 9)), *f, v));
    CHECK(v.text == "abc");
}

TEST_CASE("decode: absent optional fields before a repeated group") {
    const at::field_spec fields[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("c", 0, 9)};
    const at::line none_needed = at_run_time(at::response("+L", fields).repeating(1, 0, 4));
    auto r = at::decode_with<8>(none_needed, at::line_event(at_run_time(atmqtt::bytes("+L: 1"))));
    REQUIRE(r.ok());
    REQUIRE(r->count == 2);
    CHECK(r->values[0].number == 1);
    CHECK(r->values[1].kind == at::value_kind::absent);
    CHECK(r->repetitions == 0);

    const at::line one_needed = at_run_time(at::response("+L", fields).repeating(1, 1, 4));
    auto missing = at::decode_with<8>(one_needed, at::line_event(at_run_time(atmqtt::bytes("+L: 1"))));
    CHECK(missing.error() == errc::at_missing_field);
    CHECK(missing.offset() == 5);
}

TEST_CASE("decode: a tokenizer payload that disagrees with its length field") {
    const at::field_spec fields[] = {at::integer("len", 0, 99), at::payload("data")};
    const at::line l = at_run_time(at::urc("+R", fields).with_length(0));
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = "+R: 3,abcd";
    e.payload = e.text.substr(6);
    e.has_payload = true;
    auto r = at::decode_with<4>(l, at_run_time(e));
    CHECK(r.error() == errc::at_payload_mismatch);
    CHECK(r.offset() == 6);
    e.text = "+R: 4,abcd";
    e.payload = e.text.substr(6);
    r = at::decode_with<4>(l, at_run_time(e));
    REQUIRE(r.ok());
    CHECK(r->find("data")->text == "abcd");
}

TEST_CASE("angle ranges: items that are neither integers nor lengths") {
    auto r = at::classify_angle_item(at_run_time(atmqtt::bytes("<1~5 kB>")));
    REQUIRE(r.ok());
    CHECK(r->kind == at::angle_range_kind::words);
    CHECK(r->text == "1~5 kB");
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<1~5 bytes>")))->kind == at::angle_range_kind::length);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<1~x>")))->kind == at::angle_range_kind::words);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<1-5>")))->kind == at::angle_range_kind::words);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("1~5"))).error() == errc::at_invalid_range);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<"))).error() == errc::at_invalid_range);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<1~5"))).error() == errc::at_invalid_range);
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<12>")))->kind == at::angle_range_kind::words);
    // At most 9 digits a bound: the tenth is not a digit of the number, so this is no range.
    CHECK(at::classify_angle_item(at_run_time(atmqtt::bytes("<1234567890~5>")))->kind == at::angle_range_kind::words);

    // Without a ':' there is no parameter list: not an answer.
    const at::syntax angles = at::syntax{}.with(at::lex::angle_lists);
    CHECK(at::decode_test_response<2>(at::command{}, "+X", at_run_time(atmqtt::bytes("<0~5>")), angles).error() ==
          errc::at_unknown_response);
}

TEST_CASE("transaction: route names and unknown event kinds") {
    CHECK(atmqtt_tool::to_string(at_run_time(atmqtt_tool::route::none)) == "none");
    CHECK(atmqtt_tool::to_string(at_run_time(atmqtt_tool::route::urc)) == "urc");
    CHECK(atmqtt_tool::to_string(at_run_time(static_cast<atmqtt_tool::route>(99))) == "unknown");
    atmqtt_tool::transaction tx{td::grammar};
    at::event e{};
    e.kind = static_cast<at::event_kind>(99);
    auto r = tx.on_event(at_run_time(e));
    CHECK(r.error() == errc::at_unexpected_response);
}

TEST_CASE("writer: a payload parameter (refused by validate) is never written") {
    const at::field_spec params[] = {at::payload("data")};
    const at::command c = at_run_time(at::cmd("X", form::set, params));
    char buf[32];
    const at::value text[] = {"abc"};
    auto r = at::write_command(td::lexical, c, form::set, text, atmqtt::mutable_bytes(buf));
    CHECK(r.error() == errc::at_type_mismatch);
}

TEST_CASE("fields: integers, reading past the end, small buffers") {
    at::field_reader reader(at_run_time(atmqtt::bytes("5,x,abcdef")));
    auto five = reader.next();
    REQUIRE(five.ok());
    CHECK(*five->integer() == 5);
    auto x = reader.next();
    REQUIRE(x.ok());
    CHECK(x->integer().error() == errc::at_invalid_integer);
    auto bare = reader.next();
    REQUIRE(bare.ok());
    char small[4];
    auto copied = bare->decode(atmqtt::mutable_bytes(small));
    CHECK(copied.error() == errc::buffer_too_small);
    CHECK(copied.offset() == 4);
    REQUIRE(reader.done());
    auto past = reader.next();
    CHECK(past.error() == errc::at_missing_field);
    CHECK(past.offset() == 10);
}

TEST_CASE("fields: a backslash at the end of a quoted string escapes nothing") {
    auto r = at::unescape(at_run_time(atmqtt::bytes("ab\\")), at::quote_escape::backslash);
    CHECK(r.error() == errc::at_unexpected_character);
    CHECK(r.offset() == 2);
    CHECK(*at::unescape(at_run_time(atmqtt::bytes("a\\\"b")), at::quote_escape::backslash) == 3);
}

TEST_CASE("fields: integer lists with bad items") {
    auto contains = [](atmqtt::bytes list, std::int64_t v) { return at::list_contains(at::list_reader(at_run_time(list)), v); };
    CHECK(*contains("0,1,5-9", 7));
    CHECK(!*contains("0,1,5-9", 4));
    auto empty_item = contains("1,,2", 2);
    CHECK(empty_item.error() == errc::at_invalid_range);
    CHECK(empty_item.offset() == 2);
    CHECK(contains("a", 1).error() == errc::at_invalid_integer);
    CHECK(contains("1-a", 1).error() == errc::at_invalid_integer);
    CHECK(contains("5-", 5).error() == errc::at_invalid_range);
    at::list_reader finished(at_run_time(atmqtt::bytes("1")));
    REQUIRE(finished.next().ok());
    CHECK(finished.next().error() == errc::at_missing_field);
}

TEST_CASE("tokenizer: data blocks announced at the wrong time or too long") {
    at::tokenizer<16> tok;
    CHECK(!tok.mid_payload());
    REQUIRE(tok.expect_data(at_run_time(std::size_t{3})).ok());
    CHECK(tok.mid_payload());
    CHECK(tok.pending() == 3);
    CHECK(tok.expect_data(at_run_time(std::size_t{2})).error() == errc::at_busy);
    tok.reset();
    CHECK(tok.expect_data(at_run_time(std::size_t{0x100000000u})).error() == errc::out_of_range);
    CHECK(tok.expect_data(at_run_time(std::size_t{0})).ok());
    CHECK(tok.idle());
}

TEST_CASE("writer: hex quoting, argument counts and selectors") {
    const at::field_spec hex_params[] = {at::hex("q", 0, 4, at::quoting::quoted), at::hex("b", 0, 4, at::quoting::bare),
                                         at::hex("e", 0, 4, at::quoting::either), at::hex("f", 0, 4, at::quoting::either)};
    const at::command hex_cmd = at_run_time(at::cmd("H", form::set, hex_params));
    char buf[64];
    const atmqtt::bytes ab("\xab", 1);
    const at::value hex_args[] = {at::value::binary(ab), at::value::binary(ab), at::value::binary(ab),
                                  at::value::binary({})};
    auto n = at::write_command(td::lexical, hex_cmd, form::set, hex_args, atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "AT+H=\"AB\",AB,AB,\"\"\r");

    // A truncated fixed part before a repeated group that must be there.
    const at::field_spec grouped[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("c", 0, 9)};
    const at::command group_cmd = at_run_time(at::cmd("G", form::set, grouped).repeating(1, 1, 4));
    const at::value one[] = {1};
    auto r = at::write_command(td::lexical, group_cmd, form::set, one, atmqtt::mutable_bytes(buf));
    CHECK(r.error() == errc::at_missing_field);
    CHECK(r.offset() == 1);

    // A selector and no arguments; a bare selector the writer cannot write.
    const at::field_spec optional_only[] = {at::integer("a", 0, 9).optional()};
    const at::command sel_cmd = at_run_time(at::cmd("S", form::set, optional_only).with_selector("mode"));
    n = at::write_command(td::lexical, sel_cmd, form::set, {}, atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "AT+S=\"mode\"\r");
    const at::command bad_sel = at_run_time(at::cmd("S", form::set).with_selector("a,b", at::quoting::bare));
    r = at::write_command(td::lexical, bad_sel, form::set, {}, atmqtt::mutable_bytes(buf));
    CHECK(r.error() == errc::at_comma_in_bare_string);

    // A field type outside the enumeration.
    at::field_spec odd = at::integer("o", 0, 9);
    odd.type = static_cast<at::field_type>(99);
    const at::field_spec odd_params[] = {odd};
    const at::command odd_cmd = at_run_time(at::cmd("O", form::set, odd_params));
    CHECK(at::write_command(td::lexical, odd_cmd, form::set, one, atmqtt::mutable_bytes(buf)).error() ==
          errc::at_type_mismatch);
}

TEST_CASE("decode_command: line ends inside, values beyond the capacity, optionals before a group") {
    const at::field_spec three[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(),
                                    at::integer("c", 0, 9).optional()};
    const at::command c = at_run_time(at::cmd("X", form::set, three));
    auto lf = test_decode::command_with<4>(c, at_run_time(atmqtt::bytes("AT+X\n=1")));
    CHECK(lf.error() == errc::at_unexpected_character);
    CHECK(lf.offset() == 4);
    CHECK(test_decode::command_with<3>(c, at_run_time(atmqtt::bytes("AT+X=1,2,3")))->params.count == 3);
    CHECK(test_decode::command_with<2>(c, at_run_time(atmqtt::bytes("AT+X=1,2,3"))).error() == errc::capacity_exceeded);
    CHECK(test_decode::command_with<1>(c, at_run_time(atmqtt::bytes("AT+X=1"))).error() == errc::capacity_exceeded);
    CHECK(test_decode::command_with<1>(c, at_run_time(atmqtt::bytes("AT+X=1,,3"))).error() == errc::capacity_exceeded);

    const at::field_spec grouped[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("c", 0, 9)};
    const at::command g = at_run_time(at::cmd("G", form::set, grouped).repeating(1, 1, 4));
    auto r = test_decode::command_with<8>(g, at_run_time(atmqtt::bytes("AT+G=1")));
    CHECK(r.error() == errc::at_missing_field);
    CHECK(r.offset() == 6);
}

TEST_CASE("test answers: elements that are not lists, and lists with bad items") {
    at::test_element text{};
    text.kind = at::element_kind::text;
    text.text = "1-5";
    CHECK(!at_run_time(text).contains(3));
    CHECK(at_run_time(text).low == 0);
    at::test_element bad{};
    bad.kind = at::element_kind::list;
    bad.text = "x,2-a,7";
    CHECK(!at_run_time(bad).contains(7));  // the first bad item ends the search
    CHECK(at_run_time(bad).high == 0);   // the bounds are test_element_of's, not read again
    bad.text = "3,,9";
    CHECK(!at_run_time(bad).contains(9));     // reading stops at the empty item
    at::field_value unordered{};
    unordered.text = "(5,1-3,9,0~2)";
    const auto list = at::test_element_of(at_run_time(unordered), at::integer("n", 0, 9));
    REQUIRE(list.ok());
    CHECK(list->low == 0);  // the bounds over every item, in any order
    CHECK(list->high == 9);
}

TEST_CASE("transaction: after OK, a URC's shape that a response also has stays the command's") {
    const at::field_spec one[] = {at::integer("a", 0, 9)};
    const at::field_spec two[] = {at::integer("a", 0, 9), at::integer("b", 0, 9)};
    // The URC comes first, so a line of its shape is read as the URC; the responses after it, one
    // deferred (skipped), one with a selector, one of the same shape, tell it may be a late response.
    const at::line lines[] = {at::urc("+P", one), at::response("+P", two).as_deferred(),
                              at::response("+P", one).with_selector("s"),
                              at::response("+P", one)};
    const at::command c = at::cmd("P", form::execute);
    atmqtt_tool::transaction tx(at_run_time(atmqtt::span<const at::line>(lines)), td::lexical);
    auto line_event = [](atmqtt::bytes text) {
        at::event e{};
        e.kind = at::event_kind::line;
        e.text = text;
        return at_run_time(e);
    };
    REQUIRE(tx.begin(c, form::execute).ok());
    REQUIRE(tx.on_event(line_event("OK"))->kind == atmqtt_tool::route::final_ok);
    auto late = tx.on_event(line_event("+P: 1"));
    REQUIRE(late.ok());
    CHECK(late->kind == atmqtt_tool::route::response);
    CHECK(late->cmd == &c);
    CHECK(late->desc == &lines[0]);
}

TEST_CASE("decode: more values than the caller's capacity") {
    CHECK(at::decode<1>(td::grammar, at::line_event(at_run_time(atmqtt::bytes("+TOPEN: 0,-1")))).error() == errc::capacity_exceeded);
    const at::field_spec three[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(),
                                    at::integer("c", 0, 9).optional()};
    const at::line l = at_run_time(at::response("+L", three));
    CHECK(at::decode_with<3>(l, at::line_event(at_run_time(atmqtt::bytes("+L: 1"))))->count == 3);
    CHECK(at::decode_with<1>(l, at::line_event(at_run_time(atmqtt::bytes("+L: 1")))).error() == errc::capacity_exceeded);
    CHECK(at::decode_with<3>(l, at::row_event(at_run_time(atmqtt::bytes("1,2"))))->count == 3);
    CHECK(at::decode_with<2>(l, at::row_event(at_run_time(atmqtt::bytes("1")))).error() == errc::capacity_exceeded);
    CHECK(at::decode_with<1>(l, at::row_event(at_run_time(atmqtt::bytes("1,2")))).error() == errc::capacity_exceeded);
}

TEST_CASE("decode: rows of descriptors a row cannot have") {
    const at::field_spec one[] = {at::integer("a", 0, 9)};
    const at::field_spec with_payload[] = {at::integer("len", 0, 9), at::payload("data")};
    const at::field_spec payload_only[] = {at::payload("data")};
    const at::event row = at::row_event(at_run_time(atmqtt::bytes("1")));
    CHECK(at::decode_with<4>(at_run_time(at::response("+L", one).with_selector("s")), row).error() ==
          errc::at_type_mismatch);
    CHECK(at::decode_with<4>(at_run_time(at::response("+L", one).repeating(1, 1, 2)), row).error() ==
          errc::at_type_mismatch);
    CHECK(at::decode_with<4>(at_run_time(at::response("+L", with_payload).with_length(0)), row).error() ==
          errc::at_type_mismatch);
    CHECK(at::decode_with<4>(at_run_time(at::response("+L", payload_only)), row).error() ==
          errc::at_type_mismatch);
    CHECK(at::decode_with<4>(at_run_time(at::response("+L", one)), at::row_event(at_run_time(atmqtt::bytes(" "))))
              .error() == errc::at_missing_field);
}

TEST_CASE("decode: copying a bare value into a small buffer") {
    auto r = at::decode<4>(td::grammar, at::line_event(at_run_time(atmqtt::bytes("+TOPEN: 0,-1"))));
    REQUIRE(r.ok());
    char one[1];
    auto copied = r->values[1].decode_text(td::lexical, atmqtt::mutable_bytes(one));
    CHECK(copied.error() == errc::buffer_too_small);
    CHECK(copied.offset() == 10);
    char two[2];
    CHECK(*r->values[1].decode_text(td::lexical, atmqtt::mutable_bytes(two)) == 2);
}

TEST_CASE("decode: angle-notation answers need the dialect's permission and the line's prefix") {
    const at::syntax plain{};
    const at::syntax angles = plain.with(at::lex::angle_lists);
    const auto groups = [](const char* text, const at::syntax& s) {
        return at::decode_test_response<4>(at::command{}, "+X", at_run_time(atmqtt::bytes(text)), s);
    };
    CHECK(groups("+X:<0~5>[,<1>]", plain)->count == 1);  // one bracketed element
    CHECK(groups("+X:<0~5>[,<1>]", angles)->count == 2);  // angle notation: two groups
    CHECK(groups("no prefix", angles).error() == errc::at_unknown_response);
    const at::field_spec one[] = {at::integer("a", 0, 9)};
    const at::line l = at_run_time(at::response("+X", one));
    CHECK(at::check_angle_answer(l, at_run_time(atmqtt::bytes("+Y: (0-5)"))).error() == errc::at_unknown_response);
    CHECK(at::check_angle_answer(l, at_run_time(atmqtt::bytes("no prefix"))).error() == errc::at_unknown_response);
    CHECK(at::check_angle_answer(l, at_run_time(atmqtt::bytes("+X:<0~9>,<1>"))).error() == errc::at_too_many_fields);
    CHECK(at::check_angle_answer(l, at_run_time(atmqtt::bytes("+X:<0~9"))).error() == errc::at_invalid_range);
    CHECK(at::check_angle_answer(l, at_run_time(atmqtt::bytes("+X:<0~9>"))).ok());
}

TEST_CASE("writer and decode_command: an optional parameter before a group that may be absent") {
    const at::field_spec grouped[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("c", 0, 9)};
    const at::command g = at_run_time(at::cmd("G", form::set, grouped).repeating(1, 0, 4));
    char buf[32];
    const at::value one[] = {1};
    auto n = at::write_command(td::lexical, g, form::set, one, atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "AT+G=1\r");
    auto d = test_decode::command_with<4>(g, at_run_time(atmqtt::bytes("AT+G=1")));
    REQUIRE(d.ok());
    CHECK(d->params.count == 2);
    CHECK(!d->params.values[1].present());
}

TEST_CASE("transaction: a prompt for a command sent in another form") {
    const at::command c = at::cmd("P", form::set | form::test).with_selector("s").with_prompt();
    atmqtt_tool::transaction tx(td::grammar);
    REQUIRE(tx.begin(c, form::test).ok());
    at::event prompt{};
    prompt.kind = at::event_kind::prompt;
    prompt.text = ">";
    CHECK(tx.on_event(at_run_time(prompt)).error() == errc::at_unexpected_response);
}

TEST_CASE("decoded values: specs past the descriptor, field types outside the enumeration") {
    auto r = at::decode<4>(td::grammar, at::line_event(at_run_time(atmqtt::bytes("+TOPEN: 0,-1"))));
    REQUIRE(r.ok());
    at::field_value past{};
    past.spec = at::no_index;
    CHECK(r->spec_of(at_run_time(past)) == nullptr);
    at::decoded_line<4> d = *r;
    d.values[0].spec = at::no_index;  // an element past the descriptor's fields (test answers have them)
    CHECK(at_run_time(d).find("client_idx") == nullptr);
    CHECK(at_run_time(d).find("result")->number == -1);

    at::field_reader reader(at_run_time(atmqtt::bytes("1")));
    auto f = reader.next();
    REQUIRE(f.ok());
    at::field_spec odd = at::integer("o", 0, 9);
    odd.type = static_cast<at::field_type>(99);
    at::field_value v{};
    CHECK(at::detail::put_typed(at_run_time(odd), *f, v).error() == errc::at_type_mismatch);
}

TEST_CASE("decode: an empty payload after its zero length") {
    const at::field_spec fields[] = {at::integer("len", 0, 99), at::payload("data")};
    const at::line l = at_run_time(at::urc("+R", fields).with_length(0));
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = "+R: 0,";
    e.payload = e.text.substr(6);
    e.has_payload = true;
    auto r = at::decode_with<4>(l, at_run_time(e));
    REQUIRE(r.ok());
    CHECK(r->find("data")->text.empty());
    CHECK(r->find("data")->offset == 6);
}

TEST_CASE("transaction: a command line shorter than the pending command's name is no echo") {
    const at::command c = at::cmd("LONGNAME", form::execute);
    atmqtt_tool::transaction tx(td::grammar);
    REQUIRE(tx.begin(c, form::execute).ok());
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = "AT+LONG";
    CHECK(tx.on_event(at_run_time(e)).error() == errc::at_unexpected_response);
    e.text = "AT+LONGNAME";
    CHECK(tx.on_event(at_run_time(e))->kind == atmqtt_tool::route::echo);
}

TEST_CASE("decode: a run of absent optional fields ends before a payload whose length is required") {
    const at::field_spec fields[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("len", 0, 99),
                                     at::payload("data")};
    const at::line l = at_run_time(at::urc("+R", fields).with_length(2));
    auto r = at::decode_with<8>(l, at::line_event(at_run_time(atmqtt::bytes("+R: 1"))));
    REQUIRE(r.ok());
    REQUIRE(r->count == 3);
    CHECK(r->values[0].number == 1);
    CHECK(r->values[1].kind == at::value_kind::absent);
    CHECK(r->values[2].kind == at::value_kind::absent);
    CHECK(r->find("data") == nullptr);
}
