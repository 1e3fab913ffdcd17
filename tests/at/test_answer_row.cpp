// at/answer_row.hpp: a setting's query-answer row from its set form, checked at compile time: which
// parameters the answer states, their optionality by the shape, defaults and text defaults dropped,
// strings that may be empty, the selector and prefix; and one answer line read through the row.
#include "../catch.hpp"

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>

#include <string_view>

namespace {
namespace at = atmqtt::at;

inline constexpr at::field_spec item_params[] = {
    at::integer("idx", 0, 5), at::integer("a", 0, 10).defaults_to(3).optional(), at::string("path", 1, 8).optional(),
    at::string("name", 1, 8).defaults_to_text("x").optional()};
inline constexpr at::command item = at::cmd("CFG", at::form::set, item_params).with_selector("item");

// The default shape: the values after the index, the first required, no defaults.
constexpr auto& plain = at::answer_values<item>;
static_assert(plain.size() == 3);
static_assert(plain[0].name == "a" && !plain[0].is_optional() && !plain[0].has_default() && plain[0].def == 0);
static_assert(plain[1].name == "path" && plain[1].is_optional() && plain[1].min == 1);
static_assert(plain[2].name == "name" && plain[2].is_optional() && !plain[2].has_text_default() && plain[2].words.empty());

// Every parameter, two required, strings may be empty.
constexpr auto& whole = at::answer_values<item, at::pack_shape({0, 2, 0, true})>;
static_assert(whole.size() == 4);
static_assert(!whole[0].is_optional() && !whole[1].is_optional() && whole[2].is_optional());
static_assert(whole[2].min == 0 && whole[3].min == 0 && whole[0].min == 0 && whole[1].min == 0);

// All optional (an unset item answers without values).
constexpr auto& unset = at::answer_values<item, at::pack_shape({1, 0, 3, false})>;
static_assert(unset[0].is_optional() && unset[1].is_optional() && unset[2].is_optional());

// A shape round-trips through its packed form: each lane as answer_values reads it back.
constexpr auto& lanes = at::answer_values<item, at::pack_shape({2, 1, 4, true})>;
static_assert(lanes.size() == 2 && lanes[0].name == "path");        // first: 2
static_assert(lanes[0].is_optional() && lanes[1].is_optional());    // optional: 4 (over required: 1)
static_assert(lanes[0].min == 0 && lanes[1].min == 0);              // empty_text
constexpr auto& required = at::answer_values<item, at::pack_shape({2, 1, 0, false})>;
static_assert(!required[0].is_optional() && required[1].is_optional() && required[0].min == 1);  // required: 1
static_assert(at::default_answer == at::pack_shape({1, 1, 0, false}));

// The row: the prefix, the command's selector, the values.
constexpr at::line row = at::answer_row<item>("+CFG");
static_assert(row.prefix == "+CFG" && row.selector == "item" && row.fields.size() == 3);

TEST_CASE("answer_row: an answer line reads through the row") {
    constexpr auto r = at::decode_with<8>(row, at::line_event("+CFG: \"item\",4"), at::syntax{});
    STATIC_REQUIRE(r.ok());
    CHECK(r->values[0].number == 4);
    // The answer's first value is required (the set form's was optional with a default).
    const auto missing = at::decode_with<8>(row, at::line_event("+CFG: \"item\""), at::syntax{});
    REQUIRE(!missing.ok());
    CHECK(missing.error() == atmqtt::errc::at_missing_field);
    const auto full = at::decode_with<8>(row, at::line_event("+CFG: \"item\",4,\"p\",\"n\""), at::syntax{});
    REQUIRE(full.ok());
    CHECK(full->count == 3);
    CHECK(full->values[1].text == atmqtt::bytes("p"));
    CHECK(full->values[2].text == atmqtt::bytes("n"));
}

}  // namespace
