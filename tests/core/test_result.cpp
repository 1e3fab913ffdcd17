#include <atmqtt/core/result.hpp>

#include "../catch.hpp"

using atmqtt::errc;
using atmqtt::result;
using atmqtt::status;

namespace {

constexpr result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return {errc::out_of_range, 0};
    return c - '0';
}

constexpr status check_even(int v) {
    if (v % 2 != 0) return {errc::out_of_range, static_cast<std::size_t>(v)};
    return {};
}

}  // namespace

static_assert(parse_digit('7').ok());
static_assert(*parse_digit('7') == 7);
static_assert(!parse_digit('x'));
static_assert(parse_digit('x').error() == errc::out_of_range);
static_assert(result<int>(5, 3).offset() == 3);
static_assert(check_even(4).ok());
static_assert(check_even(3).error() == errc::out_of_range && check_even(3).offset() == 3);

TEST_CASE("result carries value or error and offset") {
    result<int> good = parse_digit('4');
    REQUIRE(good);
    CHECK(good.value() == 4);
    CHECK(good.error() == errc::ok);

    result<int> bad(errc::incomplete, 12);
    CHECK_FALSE(bad);
    CHECK(bad.error() == errc::incomplete);
    CHECK(bad.offset() == 12);
    CHECK(bad.value() == 0);  // a failed result holds T{}, never garbage
}

TEST_CASE("status is a value-less result") {
    status s;
    CHECK(s.ok());
    status e{errc::too_long, 9};
    CHECK_FALSE(e);
    CHECK(e.error() == errc::too_long);
    CHECK(e.offset() == 9);
}
