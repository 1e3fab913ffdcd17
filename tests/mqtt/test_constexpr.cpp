// The whole codec runs in constant expressions: each static_assert below is evaluated by the compiler.
#include <atmqtt/mqtt.hpp>

#include "../catch.hpp"

using atmqtt::bytes;
using atmqtt::errc;
using namespace atmqtt::mqtt;

namespace {

template <std::size_t N>
struct encoded {
    char data[N] = {};
    std::size_t size = 0;
    errc error = errc::ok;
    constexpr bytes view() const { return bytes(data, size); }
};

template <std::size_t N, class P>
constexpr encoded<N> encode_constexpr(const P& p, protocol_level level = protocol_level::v3_1_1) {
    encoded<N> e;
    const auto r = encode(p, atmqtt::mutable_bytes(e.data), level);
    e.error = r.error();
    e.size = r.ok() ? *r : 0;
    return e;
}

constexpr subscription subs[] = {{"a/b", qos::at_least_once}, {"#", qos::exactly_once}};
constexpr bytes sub_wire("\x82\x0c\x00\x0a\x00\x03" "a/b" "\x01\x00\x01" "#" "\x02", 14);

constexpr connect make_connect() {
    connect c;
    c.keep_alive = 60;
    c.client_id = "abc";
    return c;
}
constexpr bytes connect_wire("\x10\x0f\x00\x04" "MQTT" "\x04\x02\x00\x3c\x00\x03" "abc", 17);

// Encode then decode, all at compile time.
constexpr bool round_trips(const packet& p) {
    const encoded<64> e = encode_constexpr<64>(p);
    if (e.error != errc::ok) return false;
    const auto d = decode(e.view());
    return d.ok() && d.offset() == e.size && *d == p;
}

}  // namespace

// encoded_size / encode
static_assert(*encoded_size(puback{0x1234}) == 4);
static_assert(encoded_size(puback{0}).error() == errc::mqtt_zero_packet_id);
static_assert(*encoded_size(subscribe{10, subs}) == 14);
static_assert(encode_constexpr<16>(subscribe{10, subs}).view() == sub_wire);
static_assert(encode_constexpr<32>(make_connect()).view() == connect_wire);
static_assert(encode_constexpr<8>(pingreq{}).view() == bytes("\xc0\x00", 2));
static_assert(encode_constexpr<4>(connack{true, connect_return_code::accepted}).view() == bytes("\x20\x02\x01\x00", 4));
static_assert(encode_constexpr<4>(connack{true, connect_return_code::accepted}, protocol_level::v3_1).error ==
              errc::mqtt_invalid_connack_flags);
static_assert(encode_constexpr<3>(puback{1}).error == errc::buffer_too_small);

// decode
static_assert(decode(sub_wire).ok());
static_assert(decode(sub_wire).offset() == 14);
static_assert(*decode(sub_wire) == packet(subscribe{10, subs}));
static_assert(decode(connect_wire)->get_if<connect>()->client_id == "abc");
static_assert(decode(connect_wire)->get_if<connect>()->keep_alive == 60);
static_assert(decode(sub_wire.substr(0, 5)).error() == errc::incomplete);
static_assert(decode(bytes("\x40\x02\x00\x00", 4)).error() == errc::mqtt_zero_packet_id);
static_assert(decode(bytes("\x40\x02\x00\x00", 4)).offset() == 2);
static_assert(decode(bytes("\x90\x03\x00\x01\x80", 5), protocol_level::v3_1).error() ==
              errc::mqtt_invalid_suback_return_code);
static_assert(round_trips(subscribe{10, subs}));
static_assert(round_trips(make_connect()));
static_assert(round_trips(publish{true, qos::exactly_once, true, "a/b", 7, "payload"}));
static_assert(round_trips(unsuback{9}));

// check_frame
static_assert(check_frame(sub_wire).state == frame_state::complete);
static_assert(check_frame(sub_wire).size == 14);
static_assert(check_frame(sub_wire.substr(0, 3)).state == frame_state::need_more);
static_assert(check_frame(sub_wire.substr(0, 3)).size == 11);
static_assert(check_frame(bytes("\x60", 1)).error == errc::mqtt_invalid_flags);
static_assert(check_frame(bytes()).size == 2);

// validate_utf8, validate_topic_name, validate_topic_filter, matches
static_assert(validate_utf8("\xe2\x82\xac").ok());
static_assert(validate_utf8("\xed\xa0\x80").error() == errc::mqtt_utf8_surrogate);
static_assert(validate_utf8(bytes("a\0", 2)).offset() == 1);
static_assert(validate_topic_name("a/b").ok());
static_assert(validate_topic_name("a/+").error() == errc::mqtt_wildcard_in_topic_name);
static_assert(validate_topic_filter("a/+/#").ok());
static_assert(validate_topic_filter("a/#/b").error() == errc::mqtt_invalid_topic_filter);
static_assert(matches("sport/#", "sport"));
static_assert(matches("+/+", "/finance"));
static_assert(!matches("#", "$SYS/x"));

// remaining length helpers
static_assert(detail::remaining_length_size(268435455) == 4);
static_assert(check_frame(bytes("\x30\xc1\x02", 3)).size == 321);  // no body yet: 321 more bytes

TEST_CASE("constexpr checks compiled") {
    STATIC_REQUIRE(matches("a/#", "a"));
    STATIC_REQUIRE(round_trips(pubrel{1}));
}
