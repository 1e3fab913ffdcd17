// check_frame and the remaining length helpers.
#include <atmqtt/mqtt/framing.hpp>

#include <string>

#include "../catch.hpp"
#include "vectors.hpp"

using atmqtt::bytes;
using atmqtt::errc;
using namespace atmqtt::mqtt;
using mqtt_test::unhex;

TEST_CASE("remaining length: the spec's table 2.4 boundaries") {
    struct row {
        std::uint32_t value;
        const char* hex;
    };
    const row rows[] = {
        {0, "00"},           {127, "7F"},          {128, "80 01"},          {16383, "FF 7F"},
        {16384, "80 80 01"}, {2097151, "FF FF 7F"}, {2097152, "80 80 80 01"}, {268435455, "FF FF FF 7F"},
        {321, "C1 02"},  // the 3.1.1 spec's example
    };
    for (const row& r : rows) {
        INFO(r.value);
        const std::string wire = unhex(r.hex);
        char out[4] = {};
        REQUIRE(detail::remaining_length_size(r.value) == wire.size());
        REQUIRE(detail::encode_remaining_length(r.value, out) == wire.size());
        CHECK(std::string(out, wire.size()) == wire);
        const frame_status f = check_frame("\x30" + wire);  // a PUBLISH header, no body yet
        CHECK(f.state == (r.value == 0 ? frame_state::complete : frame_state::need_more));
        CHECK(f.size == (r.value == 0 ? 2 : r.value));
    }
}

TEST_CASE("check_frame: how many more bytes") {
    struct row {
        const char* hex;
        std::size_t more;
    };
    const row rows[] = {
        {"", 2},           // nothing yet: the smallest packet has 2 bytes
        {"30", 1},         // the length byte
        {"30 80", 1},      // length continues
        {"30 80 80 80", 1},
        {"30 0A", 10},
        {"30 0A 00 01", 8},
        {"30 80 01", 128},
        {"40 02 00", 1},
        {"82 0C", 12},
    };
    for (const row& r : rows) {
        INFO(r.hex);
        const std::string wire = unhex(r.hex);
        const frame_status f = check_frame(wire);
        CHECK(f.state == frame_state::need_more);
        CHECK(f.error == errc::incomplete);
        CHECK(f.size == r.more);
        CHECK(f.offset == wire.size());
    }
}

TEST_CASE("check_frame: complete packets and what follows them") {
    const std::string two = unhex("40 02 00 01 D0 00");
    frame_status f = check_frame(two);
    CHECK(f.state == frame_state::complete);
    CHECK(f.size == 4);
    CHECK(f.error == errc::ok);
    f = check_frame(bytes(two).substr(4));
    CHECK(f.state == frame_state::complete);
    CHECK(f.size == 2);
    // The payload is not looked at: a 128-byte body is complete as soon as it is all there.
    std::string big = unhex("30 80 01") + std::string(128, '\0');
    f = check_frame(big);
    CHECK(f.state == frame_state::complete);
    CHECK(f.size == 131);
}

TEST_CASE("check_frame: a bad header is malformed at once, before its body arrives") {
    struct row {
        const char* hex;
        errc expected;
        std::size_t offset;
    };
    const row rows[] = {
        {"00", errc::mqtt_invalid_packet_type, 0},
        {"F3", errc::mqtt_invalid_packet_type, 0},
        {"60", errc::mqtt_invalid_flags, 0},        // PUBREL must say 0010
        {"C4", errc::mqtt_invalid_flags, 0},
        {"36", errc::mqtt_invalid_qos, 0},
        {"38", errc::mqtt_dup_on_qos0, 0},
        {"40 03", errc::mqtt_trailing_bytes, 1},    // PUBACK is always 2
        {"E0 01", errc::mqtt_trailing_bytes, 1},    // DISCONNECT is always 0
        {"20 01", errc::mqtt_packet_too_short, 1},  // CONNACK is always 2
        {"30 80 00", errc::mqtt_remaining_length_not_minimal, 2},
        {"30 FF FF FF 80", errc::mqtt_remaining_length_overflow, 4},
    };
    for (const row& r : rows) {
        INFO(r.hex);
        const frame_status f = check_frame(unhex(r.hex));
        CHECK(f.state == frame_state::malformed);
        CHECK(f.error == r.expected);
        CHECK(f.offset == r.offset);
        CHECK(f.size == 0);
    }
}

TEST_CASE("check_frame: valid flags of every type") {
    const char* headers[] = {"10 00", "20 02", "30 00", "31 00", "32 00", "33 00", "34 00", "35 00", "3A 00",
                             "3B 00", "3C 00", "3D 00", "40 02", "50 02", "62 02", "70 02", "82 00", "90 00",
                             "A2 00", "B0 02", "C0 00", "D0 00", "E0 00"};
    for (const char* hex : headers) {
        INFO(hex);
        const frame_status f = check_frame(unhex(hex));
        CHECK(f.state != frame_state::malformed);
    }
}

TEST_CASE("check_frame: every first byte") {
    // Exhaustive over the header byte: only Table 2.2's combinations pass.
    for (unsigned b = 0; b < 256; ++b) {
        const unsigned type = b >> 4, flags = b & 15;
        bool valid = type >= 1 && type <= 14;
        if (type == 3) {
            valid = ((flags >> 1) & 3) != 3 && !(((flags >> 1) & 3) == 0 && (flags & 8));
        } else if (type == 6 || type == 8 || type == 10) {
            valid = flags == 2;
        } else if (valid) {
            valid = flags == 0;
        }
        const char first[1] = {static_cast<char>(b)};
        INFO(b);
        CHECK((check_frame(bytes(first, 1)).state != frame_state::malformed) == valid);
    }
}

TEST_CASE("check_frame: MQTT 3.1 allows DUP on a resent PUBREL, SUBSCRIBE or UNSUBSCRIBE") {
    for (const char* hex : {"6A 02 00 01", "8A 06 00 01 00 01 61 00", "AA 05 00 01 00 01 61"}) {
        INFO(hex);
        const std::string wire = unhex(hex);
        const frame_status v31 = check_frame(wire, protocol_level::v3_1);
        CHECK(v31.state == frame_state::complete);
        CHECK(v31.size == wire.size());
        const frame_status v311 = check_frame(wire);  // 3.1.1 reserves these flags [MQTT-2.2.2-1]
        CHECK(v311.state == frame_state::malformed);
        CHECK(v311.error == errc::mqtt_invalid_flags);
        CHECK(v311.offset == 0);
    }
    // Only DUP: the other flags stay reserved at 3.1 too, and the other types get no DUP.
    for (const char* hex : {"66 02", "63 02", "84 00", "A0 00", "48 02", "B8 02", "C8 00"}) {
        INFO(hex);
        const frame_status f = check_frame(unhex(hex), protocol_level::v3_1);
        CHECK(f.state == frame_state::malformed);
        CHECK(f.error == errc::mqtt_invalid_flags);
    }
}
