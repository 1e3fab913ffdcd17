// encode / encoded_size: exact bytes for every vector, nothing written when the buffer is too small, and
// every rule the decoder enforces also refused by the encoder.
#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/encode.hpp>

#include <string>
#include <vector>

#include "../catch.hpp"
#include "vectors.hpp"

using namespace mqtt_test;
using atmqtt::errc;
using atmqtt::mutable_bytes;

namespace {

constexpr char guard = '\xa5';

protocol_level level_of(unsigned bit) { return bit == at_v3_1 ? protocol_level::v3_1 : protocol_level::v3_1_1; }

// Encodes into a buffer of exactly `room` bytes followed by guard bytes; returns the whole buffer.
std::string encode_into(const packet& p, std::size_t room, protocol_level level, atmqtt::result<std::size_t>& r) {
    std::string buf(room + 16, guard);
    r = encode(p, mutable_bytes(&buf[0], room), level);
    return buf;
}

}  // namespace

TEST_CASE("encode writes exactly the specified bytes") {
    for (const vector& v : vectors) {
        for (unsigned bit : {at_v3_1, at_v3_1_1}) {
            if (!(v.levels & bit)) continue;
            const protocol_level level = level_of(bit);
            INFO(v.name << " at level " << static_cast<int>(level));
            const std::string wire = unhex(v.hex);
            const auto size = encoded_size(v.pkt, level);
            REQUIRE(size.ok());
            CHECK(*size == wire.size());
            atmqtt::result<std::size_t> r(errc::ok);
            const std::string buf = encode_into(v.pkt, wire.size(), level, r);
            REQUIRE(r.ok());
            CHECK(*r == wire.size());
            CHECK(buf.substr(0, wire.size()) == wire);
            CHECK(buf.substr(wire.size()) == std::string(16, guard));
        }
    }
}

TEST_CASE("encode into every too-small buffer writes nothing") {
    for (const vector& v : vectors) {
        const protocol_level level = (v.levels & at_v3_1_1) ? protocol_level::v3_1_1 : protocol_level::v3_1;
        const std::size_t n = unhex(v.hex).size();
        for (std::size_t room = 0; room < n; ++room) {
            INFO(v.name << " into " << room << " bytes");
            atmqtt::result<std::size_t> r(errc::ok);
            const std::string buf = encode_into(v.pkt, room, level, r);
            CHECK(r.error() == errc::buffer_too_small);
            CHECK(r.offset() == n);  // the size needed
            CHECK(buf == std::string(room + 16, guard));
        }
    }
}

TEST_CASE("per-struct overloads equal the packet overload") {
    char a[16] = {}, b[16] = {};
    const auto ra = encode(pubrel{0x1234}, a);
    const auto rb = encode(packet(pubrel{0x1234}), b);
    REQUIRE(ra.ok());
    REQUIRE(rb.ok());
    CHECK(std::string(a, *ra) == std::string(b, *rb));
    CHECK(std::string(a, *ra) == unhex("62 02 12 34"));
    CHECK(*encoded_size(pingresp{}) == 2);
    CHECK(*encoded_size(connack{true, connect_return_code::accepted}) == 4);
}

TEST_CASE("remaining length uses 2, 3 bytes for longer packets") {
    // PUBLISH QoS 0, topic "t": remaining length = 3 + payload size.
    std::string payload(200, 'x');
    publish m{false, qos::at_most_once, false, "t", 0, payload};
    std::string buf(512, guard);
    auto r = encode(m, mutable_bytes(&buf[0], buf.size()));
    REQUIRE(r.ok());
    REQUIRE(*r == 206);
    CHECK(buf.substr(0, 6) == unhex("30 CB 01 00 01 't'"));  // 203 = 0x4B + 1*128
    CHECK(buf.substr(6, 200) == payload);

    payload.assign(16381, 'y');  // remaining length 16384 = 80 80 01
    m.payload = payload;
    buf.assign(16400, guard);
    r = encode(m, mutable_bytes(&buf[0], buf.size()));
    REQUIRE(r.ok());
    CHECK(*r == 1 + 3 + 16384);
    CHECK(buf.substr(0, 7) == unhex("30 80 80 01 00 01 't'"));
}

TEST_CASE("publish QoS 0 writes no packet identifier") {
    char buf[16] = {};
    const auto r = encode(publish{false, qos::at_most_once, false, "t", 99, "p"}, buf);
    REQUIRE(r.ok());
    CHECK(std::string(buf, *r) == unhex("30 04 00 01 't' 'p'"));
}

namespace {

struct refusal {
    const char* name;
    packet pkt;
    protocol_level level;
    errc expected;
};

connect with(void (*change)(connect&)) {
    connect c;
    c.client_id = "c";
    change(c);
    return c;
}

const std::string long_string(65536, 'a');
const bytes bad_utf8 = "\xc3\x28";
const bytes with_null("a\0b", 3);
const bytes surrogate = "\xed\xa0\x80";
const subscription bad_filter[] = {{"a/#/b", qos::at_most_once}};
const subscription qos3_filter[] = {{"a", static_cast<qos>(3)}};
const subscription empty_filter[] = {{"", qos::at_most_once}};
const subscription long_filter[] = {{long_string, qos::at_most_once}};
const bytes plus_filter[] = {"a+"};
const bytes surrogate_filter[] = {surrogate};
const suback_return_code code3[] = {static_cast<suback_return_code>(3)};
const suback_return_code code80[] = {suback_return_code::failure};
const suback_return_code code81[] = {static_cast<suback_return_code>(0x81)};

const refusal refusals[] = {
    {"CONNECT level 5", with([](connect& c) { c.level = static_cast<protocol_level>(5); }), protocol_level::v3_1_1,
     errc::mqtt_invalid_protocol},
    {"will QoS 3", with([](connect& c) { c.will_flag = true, c.will = {"w", "", static_cast<qos>(3), false}; }),
     protocol_level::v3_1_1, errc::mqtt_invalid_will_flags},
    {"will topic with wildcard", with([](connect& c) { c.will_flag = true, c.will.topic = "a/+"; }),
     protocol_level::v3_1_1, errc::mqtt_wildcard_in_topic_name},
    {"empty will topic", with([](connect& c) { c.will_flag = true, c.will.topic = ""; }), protocol_level::v3_1_1,
     errc::mqtt_empty_topic},
    {"password without user name 3.1.1", with([](connect& c) { c.password_flag = true; }), protocol_level::v3_1_1,
     errc::mqtt_password_without_username},
    {"password without user name 3.1",
     with([](connect& c) { c.level = protocol_level::v3_1, c.password_flag = true; }), protocol_level::v3_1,
     errc::mqtt_password_without_username},
    {"3.1.1 empty client id without clean session",
     with([](connect& c) { c.client_id = "", c.clean_session = false; }), protocol_level::v3_1_1,
     errc::mqtt_invalid_client_id},
    {"3.1 empty client id", with([](connect& c) { c.level = protocol_level::v3_1, c.client_id = ""; }),
     protocol_level::v3_1, errc::mqtt_invalid_client_id},
    {"3.1 client id of 24 characters",
     with([](connect& c) { c.level = protocol_level::v3_1, c.client_id = "123456789012345678901234"; }),
     protocol_level::v3_1, errc::mqtt_invalid_client_id},
    {"client id ill-formed UTF-8", with([](connect& c) { c.client_id = bad_utf8; }), protocol_level::v3_1_1,
     errc::mqtt_invalid_utf8},
    {"client id with U+0000", with([](connect& c) { c.client_id = with_null; }), protocol_level::v3_1_1,
     errc::mqtt_utf8_null},
    {"user name with a surrogate", with([](connect& c) { c.username_flag = true, c.username = surrogate; }),
     protocol_level::v3_1_1, errc::mqtt_utf8_surrogate},
    {"client id longer than 65535", with([](connect& c) { c.client_id = long_string; }), protocol_level::v3_1_1,
     errc::mqtt_string_too_long},
    {"password longer than 65535",
     with([](connect& c) { c.username_flag = c.password_flag = true, c.password = long_string; }),
     protocol_level::v3_1_1, errc::mqtt_string_too_long},
    {"CONNACK return code 6", connack{false, static_cast<connect_return_code>(6)}, protocol_level::v3_1_1,
     errc::mqtt_invalid_connack_return_code},
    {"CONNACK session present with error", connack{true, connect_return_code::server_unavailable},
     protocol_level::v3_1_1, errc::mqtt_session_present_on_error},
    {"CONNACK session present at 3.1", connack{true, connect_return_code::accepted}, protocol_level::v3_1,
     errc::mqtt_invalid_connack_flags},
    {"PUBLISH QoS 3", publish{false, static_cast<qos>(3), false, "t", 1, ""}, protocol_level::v3_1_1,
     errc::mqtt_invalid_qos},
    {"PUBLISH DUP on QoS 0", publish{true, qos::at_most_once, false, "t", 0, ""}, protocol_level::v3_1_1,
     errc::mqtt_dup_on_qos0},
    {"PUBLISH QoS 1 packet id 0", publish{false, qos::at_least_once, false, "t", 0, ""}, protocol_level::v3_1_1,
     errc::mqtt_zero_packet_id},
    {"PUBLISH topic with '#'", publish{false, qos::at_most_once, false, "a/#", 0, ""}, protocol_level::v3_1,
     errc::mqtt_wildcard_in_topic_name},
    {"PUBLISH topic with '+'", publish{false, qos::at_most_once, false, "+", 0, ""}, protocol_level::v3_1_1,
     errc::mqtt_wildcard_in_topic_name},
    {"PUBLISH empty topic", publish{false, qos::at_most_once, false, "", 0, ""}, protocol_level::v3_1_1,
     errc::mqtt_empty_topic},
    {"PUBLISH topic with U+0000", publish{false, qos::at_most_once, false, with_null, 0, ""}, protocol_level::v3_1_1,
     errc::mqtt_utf8_null},
    {"PUBLISH topic longer than 65535", publish{false, qos::at_most_once, false, long_string, 0, ""},
     protocol_level::v3_1_1, errc::mqtt_string_too_long},
    {"PUBLISH payload beyond 268435455", publish{false, qos::at_most_once, false, "t", 0, bytes("", 268435453)},
     protocol_level::v3_1_1, errc::mqtt_packet_too_large},
    {"PUBACK id 0", puback{0}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"PUBREC id 0", pubrec{0}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"PUBREL id 0", pubrel{0}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"PUBCOMP id 0", pubcomp{0}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"UNSUBACK id 0", unsuback{0}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"SUBSCRIBE id 0", subscribe{0, two_subscriptions}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"SUBSCRIBE no filters", subscribe{1, {}}, protocol_level::v3_1_1, errc::mqtt_no_topic_filters},
    {"SUBSCRIBE filter '#' not last", subscribe{1, bad_filter}, protocol_level::v3_1_1,
     errc::mqtt_invalid_topic_filter},
    {"SUBSCRIBE requested QoS 3", subscribe{1, qos3_filter}, protocol_level::v3_1_1, errc::mqtt_invalid_requested_qos},
    {"SUBSCRIBE empty filter", subscribe{1, empty_filter}, protocol_level::v3_1_1, errc::mqtt_empty_topic},
    {"SUBSCRIBE filter longer than 65535", subscribe{1, long_filter}, protocol_level::v3_1_1,
     errc::mqtt_string_too_long},
    {"SUBACK id 0", suback{0, codes_v31}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"SUBACK no codes", suback{1, {}}, protocol_level::v3_1_1, errc::mqtt_no_topic_filters},
    {"SUBACK code 3", suback{1, code3}, protocol_level::v3_1_1, errc::mqtt_invalid_suback_return_code},
    {"SUBACK code 0x81", suback{1, code81}, protocol_level::v3_1_1, errc::mqtt_invalid_suback_return_code},
    {"SUBACK 0x80 at 3.1", suback{1, code80}, protocol_level::v3_1, errc::mqtt_invalid_suback_return_code},
    {"UNSUBSCRIBE id 0", unsubscribe{0, two_filters}, protocol_level::v3_1_1, errc::mqtt_zero_packet_id},
    {"UNSUBSCRIBE no filters", unsubscribe{1, {}}, protocol_level::v3_1_1, errc::mqtt_no_topic_filters},
    {"UNSUBSCRIBE '+' not a whole level", unsubscribe{1, plus_filter}, protocol_level::v3_1_1,
     errc::mqtt_invalid_topic_filter},
    {"UNSUBSCRIBE filter with a surrogate", unsubscribe{1, surrogate_filter}, protocol_level::v3_1_1,
     errc::mqtt_utf8_surrogate},
};

}  // namespace

TEST_CASE("encoder refuses what the decoder rejects, and writes nothing") {
    for (const refusal& t : refusals) {
        INFO(t.name);
        const auto size = encoded_size(t.pkt, t.level);
        CHECK(size.error() == t.expected);
        atmqtt::result<std::size_t> r(errc::ok);
        const std::string buf = encode_into(t.pkt, 64, t.level, r);
        CHECK(r.error() == t.expected);
        CHECK(buf == std::string(64 + 16, guard));
    }
}

TEST_CASE("encoder accepts the limits") {
    connect c;
    c.level = protocol_level::v3_1;
    c.client_id = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9";  // 23 characters in 46 bytes: 3.1 counts characters
    CHECK(encoded_size(c).ok());
    const std::string max_topic(65535, 't');
    CHECK(*encoded_size(publish{false, qos::at_most_once, false, max_topic, 0, ""}) == 1 + 3 + 2 + 65535);
    // 268435455 is the largest remaining length: 2 + 1 topic byte + payload.
    const auto big = encoded_size(publish{false, qos::at_most_once, false, "t", 0, bytes("", 268435452)});
    REQUIRE(big.ok());
    CHECK(*big == 1 + 4 + 268435455);
    // A connect whose optional fields are off ignores their contents.
    connect d;
    d.client_id = "c";
    d.will.qos = static_cast<qos>(3);
    d.username = bad_utf8;
    CHECK(encoded_size(d).ok());
}

TEST_CASE("re-encoding a decoded packet gives the same bytes") {
    // Decoded lists are wire-backed views: the encoder must handle them like arrays.
    for (const vector& v : vectors) {
        for (unsigned bit : {at_v3_1, at_v3_1_1}) {
            if (!(v.levels & bit)) continue;
            const protocol_level level = level_of(bit);
            INFO(v.name << " at level " << static_cast<int>(level));
            const std::string wire = unhex(v.hex);
            const auto d = decode(wire, level);
            REQUIRE(d.ok());
            atmqtt::result<std::size_t> r(errc::ok);
            const std::string buf = encode_into(*d, wire.size(), level, r);
            REQUIRE(r.ok());
            CHECK(buf.substr(0, *r) == wire);
        }
    }
}

TEST_CASE("a SUBACK decoded at 3.1.1 with a failure code does not encode at 3.1") {
    const std::string wire = unhex("90 03 00 01 80");
    const auto d = decode(wire, protocol_level::v3_1_1);
    REQUIRE(d.ok());
    CHECK(encoded_size(*d, protocol_level::v3_1).error() == errc::mqtt_invalid_suback_return_code);
    CHECK(*encoded_size(*d, protocol_level::v3_1_1) == 5);
}
