#include <atmqtt/core/span.hpp>

#include "../catch.hpp"

using atmqtt::bytes;
using atmqtt::mutable_bytes;
using atmqtt::octet;
using atmqtt::span;

namespace {
constexpr int sum_first(span<const int> s, std::size_t n) {
    int total = 0;
    for (int v : s.first(n)) total += v;
    return total;
}
constexpr int values[] = {1, 2, 3, 4};
constexpr bytes high = "\x80\xff";
}  // namespace

static_assert(sum_first(values, 2) == 3);
static_assert(sum_first(values, 99) == 10);  // clamped, not an overrun
static_assert(span<const int>(values).subspan(3).size() == 1);
static_assert(span<const int>(values).subspan(9).empty());
static_assert(octet(high, 0) == 0x80 && octet(high, 1) == 0xff);

TEST_CASE("span views caller storage") {
    char buf[4] = {};
    mutable_bytes out(buf);
    REQUIRE(out.size() == 4);
    out[1] = 'x';
    CHECK(buf[1] == 'x');
    CHECK(out.subspan(2).data() == buf + 2);
    CHECK(out.first(1).size() == 1);
    CHECK(out.first(9).size() == 4);                  // clamped
    CHECK(out.subspan(4).empty());                     // at the end
    CHECK(out.subspan(9).data() == buf + 4);           // past the end: empty view at the end, no overrun
}

TEST_CASE("as_bytes views unsigned buffers") {
    const std::uint8_t raw[] = {0x30, 0x00, 0xff};
    bytes b = atmqtt::as_bytes(raw, sizeof raw);
    REQUIRE(b.size() == 3);
    CHECK(octet(b, 0) == 0x30);
    CHECK(octet(b, 1) == 0x00);
    CHECK(octet(b, 2) == 0xff);
}

static_assert(bytes("abcdef").substr(2, 3) == "cde");
static_assert(bytes("abc").substr(5).empty());       // clamped: std::string_view would throw
static_assert(bytes("abc").substr(1, 99) == "bc");
static_assert(bytes("abc") == std::string_view("abc"));

TEST_CASE("bytes is a string_view whose substr never throws") {
    bytes b("hello");
    std::string_view v = b;  // converts implicitly
    CHECK(v == "hello");
    CHECK(b.substr(10, 2).empty());
    CHECK(b.substr(3).size() == 2);
}
