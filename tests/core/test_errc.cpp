#include <atmqtt/core/errc.hpp>

#include "../catch.hpp"

using atmqtt::errc;
using atmqtt::to_string;

static_assert(to_string(errc::ok) == "ok");
static_assert(to_string(errc::incomplete) == "incomplete");
static_assert(to_string(errc::mqtt_invalid_qos) == "mqtt_invalid_qos");
static_assert(to_string(static_cast<errc>(250)) == "unknown");
static_assert(sizeof(errc) == 1);

TEST_CASE("every defined errc has a unique name equal to its enumerator") {
    int named = 0;
    for (int v = 0; v < 256; ++v) {
        auto name = to_string(static_cast<errc>(v));
        if (name == "unknown") continue;
        ++named;
        for (int w = 0; w < v; ++w) {
            CHECK(to_string(static_cast<errc>(w)) != name);
        }
    }
    CHECK(named > 40);
}

TEST_CASE("error numbers are stable") {
    // These values are published in logs and JSON; changing one is a breaking change.
    CHECK(static_cast<int>(errc::buffer_too_small) == 1);
    CHECK(static_cast<int>(errc::incomplete) == 2);
    CHECK(static_cast<int>(errc::mqtt_invalid_packet_type) == 32);
    CHECK(static_cast<int>(errc::at_line_too_long) == 96);
    CHECK(to_string(errc::at_line_too_long) == "at_line_too_long");
}
