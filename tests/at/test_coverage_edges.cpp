// Error paths and fallbacks of the AT core that the unit tests of each part do not reach: lookups that
// find nothing, values of the wrong kind, enum values outside the enumeration, absent optional fields
// before a repeated group, payload views that disagree with their length field.
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/transaction.hpp>
#include <atmqtt/at/writer.hpp>

#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using at::form;
using atmqtt::errc;

TEST_CASE("decoded_line: find by a name the line does not have") {
    auto r = at::decode<4>(td::grammar, at_run_time(atmqtt::bytes("+TOPEN: 0,-1")));
    REQUIRE(r.ok());
    CHECK(r->find("result")->number == -1);
    CHECK(r->find("no_such_field") == nullptr);
}

TEST_CASE("typed values: a payload spec takes no field value") {
    at::field_reader reader(at_run_time(atmqtt::bytes("abc")));
    auto f = reader.next();
    REQUIRE(f.ok());
    auto v = at::detail::typed_value(at_run_time(at::payload("data")), *f);
    CHECK(v.error() == errc::at_type_mismatch);
    CHECK(at::detail::typed_value(at_run_time(at::string("s", 0, 9)), *f)->text == "abc");
}

TEST_CASE("fields: integer within bounds") {
    at::field_reader reader(at_run_time(atmqtt::bytes("5,12")));
    auto five = reader.next();
    REQUIRE(five.ok());
    CHECK(*five->integer(0, 10) == 5);
    auto twelve = reader.next();
    REQUIRE(twelve.ok());
    auto over = twelve->integer(0, 10);
    CHECK(over.error() == errc::at_integer_overflow);
    CHECK(over.offset() == 2);
}

TEST_CASE("decode: absent optional fields before a repeated group") {
    const at::field_spec fields[] = {at::integer("a", 0, 9), at::integer("b", 0, 9).optional(), at::integer("c", 0, 9)};
    const at::line none_needed = at_run_time(at::response("+L").with_fields(fields).repeating(1, 0, 4));
    auto r = at::decode_with<8>(none_needed, at_run_time(atmqtt::bytes("+L: 1")));
    REQUIRE(r.ok());
    REQUIRE(r->count == 2);
    CHECK(r->values[0].number == 1);
    CHECK(r->values[1].kind == at::value_kind::absent);
    CHECK(r->repetitions == 0);

    const at::line one_needed = at_run_time(at::response("+L").with_fields(fields).repeating(1, 1, 4));
    auto missing = at::decode_with<8>(one_needed, at_run_time(atmqtt::bytes("+L: 1")));
    CHECK(missing.error() == errc::at_missing_field);
    CHECK(missing.offset() == 5);
}

TEST_CASE("decode: a tokenizer payload that disagrees with its length field") {
    const at::field_spec fields[] = {at::integer("len", 0, 99), at::payload("data")};
    const at::line l = at_run_time(at::urc("+R").with_fields(fields).with_length(0));
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

    at::angle_range_reader no_colon(at_run_time(atmqtt::bytes("<0~5>")));
    CHECK(no_colon.done());  // without a ':' there is no parameter list
    CHECK(no_colon.next().error() == errc::at_missing_field);
}

TEST_CASE("transaction: route names and unknown event kinds") {
    CHECK(at::to_string(at_run_time(at::route::none)) == "none");
    CHECK(at::to_string(at_run_time(at::route::urc)) == "urc");
    CHECK(at::to_string(at_run_time(static_cast<at::route>(99))) == "unknown");
    at::transaction tx{td::grammar};
    at::event e{};
    e.kind = static_cast<at::event_kind>(99);
    auto r = tx.on_event(at_run_time(e));
    CHECK(r.error() == errc::at_unexpected_response);
}

TEST_CASE("writer: a payload parameter (refused by validate) is never written") {
    const at::field_spec params[] = {at::payload("data")};
    const at::command c = at_run_time(at::cmd("X", form::set).with_params(params));
    char buf[32];
    auto r = at::write_command(td::lexical, c, form::set, {"abc"}, atmqtt::mutable_bytes(buf));
    CHECK(r.error() == errc::at_type_mismatch);
}
