// Test vectors shared by the MQTT tests: each packet next to its wire bytes, written by hand from the
// MQTT 3.1 / 3.1.1 specifications (not produced by the encoder). Hex notation: pairs of hex digits,
// spaces ignored, and 'text' for ASCII runs.
#pragma once

#include <atmqtt/mqtt.hpp>

#include <cstddef>
#include <string>

#include "../catch.hpp"

// Failed checks print the error's name rather than a raw byte.
namespace Catch {
template <>
struct StringMaker<atmqtt::errc> {
    static std::string convert(atmqtt::errc e) { return std::string(atmqtt::to_string(e)); }
};
}  // namespace Catch

namespace mqtt_test {

using atmqtt::bytes;
using namespace atmqtt::mqtt;

inline std::string unhex(const char* hex) {
    std::string out;
    auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (const char* p = hex; *p != '\0';) {
        if (*p == ' ') {
            ++p;
        } else if (*p == '\'') {
            for (++p; *p != '\''; ++p) out += *p;
            ++p;
        } else {
            out += static_cast<char>(digit(p[0]) * 16 + digit(p[1]));
            p += 2;
        }
    }
    return out;
}

// A packet the decoder must refuse, with the exact errc and the offset of the offending byte (counted from
// the packet's first byte).
struct refused {
    const char* name;
    const char* hex;
    protocol_level level;
    atmqtt::errc expected;
    std::size_t offset;
};
constexpr protocol_level v3 = protocol_level::v3_1, v4 = protocol_level::v3_1_1;

// decode() refuses the case's bytes with its errc and offset; every prefix is incomplete (at its own end)
// or already shows that same error, never another one.
inline void check_refused(const refused& c) {
    INFO(c.name << ": " << c.hex);
    const std::string wire = unhex(c.hex);
    const auto r = decode(wire, c.level);
    CHECK(r.error() == c.expected);
    CHECK(r.offset() == c.offset);
    for (std::size_t k = 0; k < wire.size(); ++k) {
        const auto p = decode(bytes(wire).substr(0, k), c.level);
        if (p.error() == atmqtt::errc::incomplete) {
            CHECK(p.offset() == k);
        } else {
            CHECK(p.error() == c.expected);
            CHECK(p.offset() == c.offset);
        }
    }
}

enum levels : unsigned { at_v3_1 = 1, at_v3_1_1 = 2, at_both = 3 };

struct vector {
    const char* name;
    packet pkt;
    const char* hex;
    unsigned levels;  // connection levels at which the vector is valid in both directions
};

// Payload strings with NUL bytes need an explicit size.
constexpr bytes password_with_nul("p\0w", 3);
constexpr bytes binary_payload("\x00\xff", 2);
constexpr bytes bom_topic("\xef\xbb\xbfx", 4);  // U+FEFF kept as it is, then 'x'

constexpr subscription two_subscriptions[] = {{"a/b", qos::at_least_once}, {"#", qos::exactly_once}};
constexpr subscription one_subscription[] = {{"+/x", qos::at_most_once}};
constexpr suback_return_code codes_v311[] = {suback_return_code::granted_qos1, suback_return_code::failure,
                                             suback_return_code::granted_qos0, suback_return_code::granted_qos2};
constexpr suback_return_code codes_v31[] = {suback_return_code::granted_qos0};
constexpr bytes two_filters[] = {"a/+", "b"};

inline connect minimal_connect() {
    connect c;
    c.keep_alive = 60;
    c.client_id = "abc";
    return c;
}

inline connect full_connect() {
    connect c;
    c.clean_session = false;
    c.keep_alive = 0x1234;
    c.client_id = "id";
    c.will_flag = true;
    c.will = {"w/t", "bye", qos::at_least_once, true};
    c.username_flag = true;
    c.username = "u";
    c.password_flag = true;
    c.password = password_with_nul;
    return c;
}

inline connect v31_connect() {
    connect c;
    c.level = protocol_level::v3_1;
    c.keep_alive = 10;
    c.client_id = "c1";
    c.username_flag = true;
    c.username = "u";
    c.password_flag = true;
    c.password = "pw";
    return c;
}

inline connect v31_will_connect() {
    connect c;
    c.level = protocol_level::v3_1;
    c.clean_session = false;
    c.client_id = "12345678901234567890123";  // the 3.1 maximum, 23 characters
    c.will_flag = true;
    c.will = {"x", "", qos::exactly_once, false};
    return c;
}

inline connect empty_id_connect() {
    connect c;
    c.client_id = "";
    return c;
}

inline const vector vectors[] = {
    {"CONNECT 3.1.1 minimal", minimal_connect(), "10 0F 00 04 'MQTT' 04 02 00 3C 00 03 'abc'", at_both},
    // flags: user name 80 | password 40 | will retain 20 | will QoS 1 08 | will 04, clean session 0 = EC
    {"CONNECT 3.1.1 will, user name, binary password", full_connect(),
     "10 20 00 04 'MQTT' 04 EC 12 34 00 02 'id' 00 03 'w/t' 00 03 'bye' 00 01 'u' 00 03 70 00 77", at_both},
    {"CONNECT 3.1.1 empty client id", empty_id_connect(), "10 0C 00 04 'MQTT' 04 02 00 00 00 00", at_both},
    // flags: user name 80 | password 40 | clean session 02 = C2
    {"CONNECT 3.1 user name and password", v31_connect(),
     "10 17 00 06 'MQIsdp' 03 C2 00 0A 00 02 'c1' 00 01 'u' 00 02 'pw'", at_both},
    // flags: will QoS 2 10 | will 04 = 14
    {"CONNECT 3.1 will QoS 2, 23-character client id", v31_will_connect(),
     "10 2A 00 06 'MQIsdp' 03 14 00 00 00 17 '12345678901234567890123' 00 01 'x' 00 00", at_both},
    {"CONNACK accepted", connack{false, connect_return_code::accepted}, "20 02 00 00", at_both},
    {"CONNACK session present", connack{true, connect_return_code::accepted}, "20 02 01 00", at_v3_1_1},
    {"CONNACK not authorized", connack{false, connect_return_code::not_authorized}, "20 02 00 05", at_both},
    {"CONNACK identifier rejected", connack{false, connect_return_code::identifier_rejected}, "20 02 00 02", at_both},
    {"PUBLISH QoS 0", publish{false, qos::at_most_once, false, "a/b", 0, "hello"}, "30 0A 00 03 'a/b' 'hello'",
     at_both},
    {"PUBLISH QoS 1 dup retain, empty payload", publish{true, qos::at_least_once, true, "t", 0x0102, ""},
     "3B 05 00 01 't' 01 02", at_both},
    {"PUBLISH QoS 2, U+FEFF topic, binary payload", publish{false, qos::exactly_once, false, bom_topic, 7, binary_payload},
     "34 0A 00 04 EF BB BF 78 00 07 00 FF", at_both},
    {"PUBLISH QoS 0 retain, '$' topic", publish{false, qos::at_most_once, true, "$SYS/x", 0, "1"},
     "31 09 00 06 '$SYS/x' '1'", at_both},
    {"PUBACK", puback{1}, "40 02 00 01", at_both},
    {"PUBREC", pubrec{0xffff}, "50 02 FF FF", at_both},
    {"PUBREL", pubrel{0x1234}, "62 02 12 34", at_both},
    {"PUBCOMP", pubcomp{7}, "70 02 00 07", at_both},
    {"SUBSCRIBE two filters", subscribe{10, two_subscriptions}, "82 0C 00 0A 00 03 'a/b' 01 00 01 '#' 02", at_both},
    {"SUBSCRIBE one filter", subscribe{1, one_subscription}, "82 08 00 01 00 03 '+/x' 00", at_both},
    {"SUBACK with failure", suback{10, codes_v311}, "90 06 00 0A 01 80 00 02", at_v3_1_1},
    {"SUBACK granted QoS 0", suback{1, codes_v31}, "90 03 00 01 00", at_both},
    {"UNSUBSCRIBE", unsubscribe{2, two_filters}, "A2 0A 00 02 00 03 'a/+' 00 01 'b'", at_both},
    {"UNSUBACK", unsuback{2}, "B0 02 00 02", at_both},
    {"PINGREQ", pingreq{}, "C0 00", at_both},
    {"PINGRESP", pingresp{}, "D0 00", at_both},
    {"DISCONNECT", disconnect{}, "E0 00", at_both},
};

}  // namespace mqtt_test
