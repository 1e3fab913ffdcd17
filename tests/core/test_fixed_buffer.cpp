#include <atmqtt/core/fixed_buffer.hpp>

#include "../catch.hpp"

using atmqtt::errc;
using atmqtt::fixed_buffer;

namespace {
constexpr fixed_buffer<4> filled(const char* text) {
    fixed_buffer<4> b;
    for (; *text != '\0'; ++text) {
        if (!b.push_back(*text)) break;
    }
    return b;
}
}  // namespace

static_assert(filled("ab").view() == "ab");
static_assert(filled("abcdef").view() == "abcd");  // stops at capacity
static_assert(filled("abcd").full());
static_assert(fixed_buffer<4>::capacity() == 4);

TEST_CASE("fixed_buffer appends all or nothing") {
    fixed_buffer<5> b;
    REQUIRE(b.append("abc"));
    CHECK(b.append("def").error() == errc::capacity_exceeded);
    CHECK(b.view() == "abc");  // unchanged by the failed append
    REQUIRE(b.append("de"));
    CHECK(b.full());
    CHECK(b.push_back('x').error() == errc::capacity_exceeded);
    b.truncate(1);
    CHECK(b.view() == "a");
    b.clear();
    CHECK(b.empty());
}

TEST_CASE("fixed_buffer spare and commit never exceed capacity") {
    fixed_buffer<3> b;
    auto tail = b.spare();
    REQUIRE(tail.size() == 3);
    tail[0] = 'q';
    b.commit(1);
    CHECK(b.view() == "q");
    b.commit(10);
    CHECK(b.size() == 3);
}

TEST_CASE("fixed_buffer push_back and truncate at run time") {
    fixed_buffer<2> b;
    REQUIRE(b.push_back('x'));
    REQUIRE(b.push_back('y'));
    CHECK(b.view() == "xy");
    CHECK(b[1] == 'y');
    CHECK(b.room() == 0);
    CHECK(b.push_back('z').error() == errc::capacity_exceeded);
    CHECK(b.view() == "xy");  // unchanged by the failed push_back
    b.truncate(5);            // longer than the contents: no-op
    CHECK(b.view() == "xy");
    b.truncate(0);
    CHECK(b.empty());
}
