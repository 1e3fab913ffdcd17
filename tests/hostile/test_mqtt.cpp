// Hostile input for the MQTT layer (issue 9): lengths that promise more than arrives or than fits,
// remaining-length encodings of five bytes and non-minimal forms, strings ending one byte past the packet,
// NUL and 0xFF bytes, and ill-formed UTF-8 of every kind. Each case asserts the exact errc and offset.
#include <atmqtt/mqtt.hpp>

#include <cstddef>
#include <string>

#include "../catch.hpp"
#include "../mqtt/vectors.hpp"

using namespace mqtt_test;
using atmqtt::errc;
using atmqtt::mutable_bytes;

namespace {

const refused cases[] = {
    // remaining length: five bytes, and every non-minimal form (a continued group ending in 0x00)
    {"RL five bytes, last 0x7F", "30 80 80 80 80 7F", v4, errc::mqtt_remaining_length_overflow, 4},
    {"RL five bytes of 0xFF", "30 FF FF FF FF FF", v4, errc::mqtt_remaining_length_overflow, 4},
    {"RL five bytes on PINGREQ", "C0 80 80 80 80 00", v4, errc::mqtt_remaining_length_overflow, 4},
    {"RL 0 in two bytes", "30 80 00", v4, errc::mqtt_remaining_length_not_minimal, 2},
    {"RL 127 in two bytes", "30 FF 00", v4, errc::mqtt_remaining_length_not_minimal, 2},
    {"RL 0 in three bytes", "30 80 80 00", v4, errc::mqtt_remaining_length_not_minimal, 3},
    {"RL 16383 in three bytes", "30 FF FF 00", v4, errc::mqtt_remaining_length_not_minimal, 3},
    {"RL 2097151 in four bytes", "30 FF FF FF 00", v4, errc::mqtt_remaining_length_not_minimal, 4},
    // strings whose length prefix reaches one byte past the packet
    {"PUBLISH topic one past", "30 04 00 03 'ab'", v4, errc::mqtt_packet_too_short, 2},
    {"PUBLISH topic 65535 in 5 bytes", "30 05 FF FF 'abc'", v4, errc::mqtt_packet_too_short, 2},
    {"PUBLISH topic length byte alone", "30 01 00", v4, errc::mqtt_packet_too_short, 2},
    {"CONNECT client id one past",
     "10 0E 00 04 'MQTT' 04 02 00 3C 00 03 'ab'", v4, errc::mqtt_packet_too_short, 12},
    {"CONNECT protocol name one past", "10 05 00 04 'MQT'", v4, errc::mqtt_packet_too_short, 2},
    {"CONNECT user name one past",
     "10 11 00 04 'MQTT' 04 82 00 3C 00 01 'a' 00 03 'ab'", v4, errc::mqtt_packet_too_short, 15},
    {"CONNECT password one past",
     "10 13 00 04 'MQTT' 04 C2 00 3C 00 01 'a' 00 01 'u' 00 02 'p'", v4, errc::mqtt_packet_too_short, 18},
    {"SUBSCRIBE filter one past", "82 06 00 01 00 03 'ab'", v4, errc::mqtt_packet_too_short, 4},
    {"SUBSCRIBE filter without QoS byte", "82 06 00 01 00 02 'ab'", v4, errc::mqtt_packet_too_short, 8},
    {"UNSUBSCRIBE filter one past", "A2 06 00 01 00 03 'ab'", v4, errc::mqtt_packet_too_short, 4},
    // NUL and 0xFF in strings
    {"PUBLISH topic NUL first", "30 03 00 01 00", v4, errc::mqtt_utf8_null, 4},
    {"PUBLISH topic 0xFF", "30 04 00 02 'a' FF", v4, errc::mqtt_invalid_utf8, 5},
    {"CONNECT client id NUL", "10 0F 00 04 'MQTT' 04 02 00 3C 00 03 'a' 00 'b'", v4, errc::mqtt_utf8_null, 15},
    {"CONNECT client id 0xFF", "10 0F 00 04 'MQTT' 04 02 00 3C 00 03 FF 'ab'", v4, errc::mqtt_invalid_utf8, 14},
    {"SUBSCRIBE filter 0xFE", "82 06 00 01 00 01 FE 00", v4, errc::mqtt_invalid_utf8, 6},
    {"UNSUBSCRIBE filter NUL", "A2 05 00 01 00 01 00", v4, errc::mqtt_utf8_null, 6},
    // header bytes 0x00 and 0xFF
    {"first byte 0x00", "00 00", v4, errc::mqtt_invalid_packet_type, 0},
    {"first byte 0xFF", "FF FF FF FF FF FF", v4, errc::mqtt_invalid_packet_type, 0},
    // 3.1 client id limit of 23 bytes: 24 is rejected at the client id's length prefix
    {"3.1 client id of 24 bytes",
     "10 26 00 06 'MQIsdp' 03 02 00 3C 00 18 'abcdefghijklmnopqrstuvwx'", v3, errc::mqtt_invalid_client_id, 14},
};

// Ill-formed UTF-8 of every kind, as a PUBLISH topic "30 rl 00 n <bytes>": offset of the offending
// sequence = 4 + its index in the string.
struct bad_utf8 {
    const char* name;
    const char* hex;
    errc expected;
    std::size_t index;
};
const bad_utf8 utf8_cases[] = {
    {"overlong 2-byte NUL C0 80", "C0 80", errc::mqtt_invalid_utf8, 0},
    {"overlong 2-byte C1 BF", "C1 BF", errc::mqtt_invalid_utf8, 0},
    {"overlong 3-byte E0 80 80", "E0 80 80", errc::mqtt_invalid_utf8, 0},
    {"overlong 3-byte E0 9F BF", "E0 9F BF", errc::mqtt_invalid_utf8, 0},
    {"overlong 4-byte F0 80 80 80", "F0 80 80 80", errc::mqtt_invalid_utf8, 0},
    {"overlong 4-byte F0 8F BF BF", "F0 8F BF BF", errc::mqtt_invalid_utf8, 0},
    {"surrogate D800", "ED A0 80", errc::mqtt_utf8_surrogate, 0},
    {"surrogate DBFF", "ED AF BF", errc::mqtt_utf8_surrogate, 0},
    {"surrogate DC00", "ED B0 80", errc::mqtt_utf8_surrogate, 0},
    {"surrogate DFFF after text", "'ab' ED BF BF", errc::mqtt_utf8_surrogate, 2},
    {"surrogate pair as CESU-8", "ED A0 BD ED B8 80", errc::mqtt_utf8_surrogate, 0},
    {"U+110000", "F4 90 80 80", errc::mqtt_invalid_utf8, 0},
    {"U+13FFFF", "F4 BF BF BF", errc::mqtt_invalid_utf8, 0},
    {"lead F5", "F5 80 80 80", errc::mqtt_invalid_utf8, 0},
    {"lead F7", "F7 BF BF BF", errc::mqtt_invalid_utf8, 0},
    {"lead F8 (5-byte form)", "F8 88 80 80 80", errc::mqtt_invalid_utf8, 0},
    {"lead FC (6-byte form)", "FC 84 80 80 80 80", errc::mqtt_invalid_utf8, 0},
    {"byte FE", "'x' FE", errc::mqtt_invalid_utf8, 1},
    {"byte FF", "FF", errc::mqtt_invalid_utf8, 0},
    {"lone C0", "C0", errc::mqtt_invalid_utf8, 0},
    {"C1 then ASCII", "C1 'a'", errc::mqtt_invalid_utf8, 0},
    {"truncated 2-byte at end", "'a' C3", errc::mqtt_invalid_utf8, 1},
    {"truncated 3-byte at end", "'a' E2 82", errc::mqtt_invalid_utf8, 1},
    {"truncated 4-byte at end", "'a' F0 9F 98", errc::mqtt_invalid_utf8, 1},
    {"truncated 3-byte then ASCII", "E2 82 'a'", errc::mqtt_invalid_utf8, 0},
    {"truncated 4-byte then ASCII", "F0 9F 'ab'", errc::mqtt_invalid_utf8, 0},
    {"stray continuation 80", "80", errc::mqtt_invalid_utf8, 0},
    {"stray continuation BF after a valid char", "C3 A9 BF", errc::mqtt_invalid_utf8, 2},
    {"two continuations after a 2-byte char", "'a' C3 A9 80 80", errc::mqtt_invalid_utf8, 3},
    {"U+0000 in the middle", "'a' 00 'b'", errc::mqtt_utf8_null, 1},
};

std::string publish_with_topic(const std::string& topic) {
    std::string wire;
    wire += '\x30';
    wire += static_cast<char>(2 + topic.size());
    wire += '\x00';
    wire += static_cast<char>(topic.size());
    wire += topic;
    return wire;
}

}  // namespace

TEST_CASE("hostile MQTT packets: exact errc and offset, also for every prefix") {
    for (const refused& c : cases) check_refused(c);
}

TEST_CASE("ill-formed UTF-8 of every kind: validate_utf8 and a PUBLISH topic agree") {
    for (const bad_utf8& u : utf8_cases) {
        INFO(u.name << ": " << u.hex);
        const std::string s = unhex(u.hex);
        const atmqtt::status v = validate_utf8(s);
        CHECK(v.error() == u.expected);
        CHECK(v.offset() == u.index);
        const auto r = decode(publish_with_topic(s));
        CHECK(r.error() == u.expected);
        CHECK(r.offset() == 4 + u.index);
    }
    // The boundaries just inside the valid ranges are accepted.
    for (const char* ok : {"C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BF", "F0 90 80 80",
                           "F4 8F BF BF", "7F"}) {
        INFO(ok);
        CHECK(validate_utf8(unhex(ok)).ok());
    }
}

TEST_CASE("every single-byte lead: C0, C1 and F5-FF never start a character") {
    for (unsigned lead = 0x80; lead <= 0xff; ++lead) {
        INFO("lead " << lead);
        std::string s(1, static_cast<char>(lead));
        s += "\x80\x80\x80";
        const atmqtt::status v = validate_utf8(s);
        const bool may_start = lead >= 0xc2 && lead <= 0xf4;
        if (!may_start) {
            CHECK(v.error() == errc::mqtt_invalid_utf8);
            CHECK(v.offset() == 0);
        }
    }
}

TEST_CASE("remaining length that announces more than arrives: need_more with the exact count") {
    // 268,435,455 (the largest) in four bytes: the frame wants all of it, never more, never overflows.
    const std::string max_rl = unhex("30 FF FF FF 7F");
    frame_status f = check_frame(max_rl);
    CHECK(f.state == frame_state::need_more);
    CHECK(f.error == errc::incomplete);
    CHECK(f.size == 268435455u);
    CHECK(f.offset == 5);
    CHECK(decode(max_rl).error() == errc::incomplete);
    CHECK(decode(max_rl).offset() == 5);
    // A 100-byte PUBLISH with 3 bytes of body present.
    f = check_frame(unhex("30 64 00 01 't'"));
    CHECK(f.state == frame_state::need_more);
    CHECK(f.size == 97);
    // Four continued length bytes: the fifth is already an overflow, even before it arrives.
    f = check_frame(unhex("30 80 80 80 80"));
    CHECK(f.state == frame_state::malformed);
    CHECK(f.error == errc::mqtt_remaining_length_overflow);
    CHECK(f.offset == 4);
    f = check_frame(unhex("30 80 80 80"));
    CHECK(f.state == frame_state::need_more);
    CHECK(f.size == 1);
}

TEST_CASE("a topic that announces more than the buffer holds is too short, not an over-read") {
    // The topic's length prefix says 65535 but the whole packet (and the buffer) holds 3 more bytes.
    std::string wire = unhex("30 05 FF FF 'abc'");
    wire += std::string(64, '\xAA');  // bytes of a following packet that must not be taken as the topic
    const auto r = decode(wire);
    CHECK(r.error() == errc::mqtt_packet_too_short);
    CHECK(r.offset() == 2);
}

TEST_CASE("encode into every too-small buffer: buffer_too_small with the size needed, nothing written") {
    const publish p{false, qos::at_least_once, false, "a/b", 7, "payload"};
    const auto size = encoded_size(p);
    REQUIRE(size.ok());
    REQUIRE(*size == 2 + 2 + 3 + 2 + 7);
    for (std::size_t n = 0; n < *size; ++n) {
        INFO("buffer of " << n);
        std::string buf(*size + 4, '\x5A');
        const auto r = encode(p, mutable_bytes(&buf[0], n));
        CHECK(r.error() == errc::buffer_too_small);
        CHECK(r.offset() == *size);
        CHECK(buf == std::string(*size + 4, '\x5A'));
    }
    std::string buf(*size, '\0');
    const auto r = encode(p, mutable_bytes(&buf[0], buf.size()));
    REQUIRE(r.ok());
    CHECK(buf == unhex("32 0E 00 03 'a/b' 00 07 'payload'"));
}

TEST_CASE("encode refuses hostile fields with the decoder's errc") {
    std::string topic_nul("a\0b", 3);
    CHECK(encoded_size(publish{false, qos::at_most_once, false, topic_nul, 0, ""}).error() == errc::mqtt_utf8_null);
    CHECK(encoded_size(publish{false, qos::at_most_once, false, "\xED\xA0\x80", 0, ""}).error() ==
          errc::mqtt_utf8_surrogate);
    CHECK(encoded_size(publish{false, qos::at_most_once, false, "\xC0\xAF", 0, ""}).error() ==
          errc::mqtt_invalid_utf8);
    CHECK(encoded_size(publish{false, qos::at_least_once, false, "t", 0, ""}).error() == errc::mqtt_zero_packet_id);
    const std::string long_topic(65536, 'a');
    CHECK(encoded_size(publish{false, qos::at_most_once, false, long_topic, 0, ""}).error() ==
          errc::mqtt_string_too_long);
}
