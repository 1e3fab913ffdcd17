// One malformed packet per rule, each with the exact error code and the offset of the offending byte.
#include <atmqtt/mqtt/decode.hpp>

#include <string>

#include "../catch.hpp"
#include "vectors.hpp"

using namespace mqtt_test;
using atmqtt::errc;

namespace {

// The CONNECT prefix "10 rl 00 04 'MQTT' 04" puts the flags byte at 9 and the client id at 12.
const refused cases[] = {
    // fixed header: type, reserved flags [MQTT-2.2.2-1/-2], QoS, DUP
    {"type 0", "00 00", v4, errc::mqtt_invalid_packet_type, 0},
    {"type 15", "F0 00", v4, errc::mqtt_invalid_packet_type, 0},
    {"CONNECT flags", "11 0F 00 04 'MQTT' 04 02 00 3C 00 03 'abc'", v4, errc::mqtt_invalid_flags, 0},
    {"CONNACK flags", "28 02 00 00", v4, errc::mqtt_invalid_flags, 0},
    {"PUBACK flags", "42 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"PUBREC flags", "51 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"PUBREL flags 0000", "60 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"PUBREL flags 0011", "63 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"PUBREL flags 1010 (3.1 DUP) at 3.1.1", "6A 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"SUBSCRIBE flags 1010 (3.1 DUP) at 3.1.1", "8A 06 00 01 00 01 'a' 00", v4, errc::mqtt_invalid_flags, 0},
    {"UNSUBSCRIBE flags 1010 (3.1 DUP) at 3.1.1", "AA 05 00 01 00 01 'a'", v4, errc::mqtt_invalid_flags, 0},
    {"PUBREL flags 1011 at 3.1", "6B 02 00 01", v3, errc::mqtt_invalid_flags, 0},
    {"PUBCOMP flags", "74 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"SUBSCRIBE flags 0000", "80 06 00 01 00 01 'a' 00", v4, errc::mqtt_invalid_flags, 0},
    {"SUBACK flags", "92 03 00 01 00", v4, errc::mqtt_invalid_flags, 0},
    {"UNSUBSCRIBE flags 0000", "A0 05 00 01 00 01 'a'", v4, errc::mqtt_invalid_flags, 0},
    {"UNSUBACK flags", "B2 02 00 01", v4, errc::mqtt_invalid_flags, 0},
    {"PINGREQ flags", "C1 00", v4, errc::mqtt_invalid_flags, 0},
    {"PINGRESP flags", "D8 00", v4, errc::mqtt_invalid_flags, 0},
    {"DISCONNECT flags", "E2 00", v4, errc::mqtt_invalid_flags, 0},
    {"PUBLISH QoS 3", "36 05 00 01 't' 00 01", v4, errc::mqtt_invalid_qos, 0},
    {"PUBLISH DUP on QoS 0", "38 03 00 01 't'", v4, errc::mqtt_dup_on_qos0, 0},
    // remaining length
    {"remaining length 5 bytes", "30 FF FF FF FF 01", v4, errc::mqtt_remaining_length_overflow, 4},
    {"remaining length 0 in 2 bytes", "C0 80 00", v4, errc::mqtt_remaining_length_not_minimal, 2},
    {"remaining length 5 in 3 bytes", "30 85 80 00 00 01 't' 'ab'", v4, errc::mqtt_remaining_length_not_minimal, 3},
    {"remaining length 0 in 4 bytes", "E0 80 80 80 00", v4, errc::mqtt_remaining_length_not_minimal, 4},
    {"PUBACK remaining length 3", "40 03 00 01 00", v4, errc::mqtt_trailing_bytes, 1},
    {"PUBACK remaining length 1", "40 01 00", v4, errc::mqtt_packet_too_short, 1},
    {"CONNACK remaining length 0", "20 00", v4, errc::mqtt_packet_too_short, 1},
    {"UNSUBACK remaining length 4", "B0 04 00 01 00 00", v4, errc::mqtt_trailing_bytes, 1},
    {"PINGREQ remaining length 1", "C0 01 00", v4, errc::mqtt_trailing_bytes, 1},
    {"PINGRESP remaining length 1", "D0 01 00", v4, errc::mqtt_trailing_bytes, 1},
    {"DISCONNECT remaining length 2", "E0 02 00 00", v4, errc::mqtt_trailing_bytes, 1},
    // PUBLISH
    {"PUBLISH topic length cut", "30 01 00", v4, errc::mqtt_packet_too_short, 2},
    {"PUBLISH topic past the end", "30 03 00 05 't'", v4, errc::mqtt_packet_too_short, 2},
    {"PUBLISH QoS 1 without packet id", "32 03 00 01 't'", v4, errc::mqtt_packet_too_short, 5},
    {"PUBLISH QoS 2 packet id cut", "34 04 00 01 't' 00", v4, errc::mqtt_packet_too_short, 5},
    {"PUBLISH QoS 1 packet id 0", "32 05 00 01 't' 00 00", v4, errc::mqtt_zero_packet_id, 5},
    {"PUBLISH empty topic", "30 02 00 00", v4, errc::mqtt_empty_topic, 4},
    {"PUBLISH topic with '#'", "30 05 00 03 'a/#'", v4, errc::mqtt_wildcard_in_topic_name, 6},
    {"PUBLISH topic with '+' at 3.1", "30 05 00 03 '+/a'", v3, errc::mqtt_wildcard_in_topic_name, 4},
    {"PUBLISH topic ill-formed UTF-8", "30 04 00 02 C3 28", v4, errc::mqtt_invalid_utf8, 4},
    {"PUBLISH topic overlong '/'", "30 04 00 02 C0 AF", v4, errc::mqtt_invalid_utf8, 4},
    {"PUBLISH topic overlong 3-byte", "30 05 00 03 E0 80 AF", v4, errc::mqtt_invalid_utf8, 4},
    {"PUBLISH topic surrogate U+D800", "30 05 00 03 ED A0 80", v4, errc::mqtt_utf8_surrogate, 4},
    {"PUBLISH topic surrogate U+DFFF", "30 06 00 04 'a' ED BF BF", v4, errc::mqtt_utf8_surrogate, 5},
    {"PUBLISH topic U+0000", "30 04 00 02 'a' 00", v4, errc::mqtt_utf8_null, 5},
    {"PUBLISH topic above U+10FFFF", "30 06 00 04 F4 90 80 80", v4, errc::mqtt_invalid_utf8, 4},
    {"PUBLISH topic truncated sequence", "30 04 00 02 'a' E2", v4, errc::mqtt_invalid_utf8, 5},
    {"PUBLISH topic stray continuation", "30 04 00 02 'a' 80", v4, errc::mqtt_invalid_utf8, 5},
    {"PUBLISH topic byte FF", "30 03 00 01 FF", v4, errc::mqtt_invalid_utf8, 4},
    // CONNECT
    {"CONNECT protocol name MQTX", "10 0F 00 04 'MQTX' 04 02 00 3C 00 03 'abc'", v4, errc::mqtt_invalid_protocol, 2},
    {"CONNECT MQTT level 3", "10 0F 00 04 'MQTT' 03 02 00 3C 00 03 'abc'", v4, errc::mqtt_invalid_protocol, 8},
    {"CONNECT MQTT level 5", "10 10 00 04 'MQTT' 05 02 00 3C 00 00 03 'abc'", v4, errc::mqtt_invalid_protocol, 8},
    {"CONNECT MQIsdp level 4", "10 11 00 06 'MQIsdp' 04 02 00 3C 00 03 'abc'", v4, errc::mqtt_invalid_protocol, 10},
    {"CONNECT protocol name cut", "10 04 00 04 'MQ'", v4, errc::mqtt_packet_too_short, 2},
    {"CONNECT reserved flag", "10 0F 00 04 'MQTT' 04 03 00 3C 00 03 'abc'", v4, errc::mqtt_connect_reserved_flag, 9},
    {"CONNECT will QoS without will", "10 0F 00 04 'MQTT' 04 0A 00 3C 00 03 'abc'", v4, errc::mqtt_invalid_will_flags,
     9},
    {"CONNECT will retain without will", "10 0F 00 04 'MQTT' 04 22 00 3C 00 03 'abc'", v4,
     errc::mqtt_invalid_will_flags, 9},
    {"CONNECT will QoS 3", "10 14 00 04 'MQTT' 04 1E 00 3C 00 03 'abc' 00 01 'w' 00 00", v4,
     errc::mqtt_invalid_will_flags, 9},
    {"CONNECT password without user name", "10 14 00 04 'MQTT' 04 42 00 3C 00 03 'abc' 00 03 'pwd'", v4,
     errc::mqtt_password_without_username, 9},
    {"CONNECT 3.1 password without user name", "10 16 00 06 'MQIsdp' 03 42 00 3C 00 03 'abc' 00 03 'pwd'", v3,
     errc::mqtt_password_without_username, 11},
    {"CONNECT keep alive cut", "10 09 00 04 'MQTT' 04 02 00", v4, errc::mqtt_packet_too_short, 10},
    {"CONNECT without client id", "10 0A 00 04 'MQTT' 04 02 00 3C", v4, errc::mqtt_packet_too_short, 12},
    {"CONNECT client id past the end", "10 0E 00 04 'MQTT' 04 02 00 3C 00 03 'ab'", v4, errc::mqtt_packet_too_short,
     12},
    {"CONNECT empty client id, clean session 0", "10 0C 00 04 'MQTT' 04 00 00 3C 00 00", v4,
     errc::mqtt_invalid_client_id, 12},
    {"CONNECT 3.1 empty client id", "10 0E 00 06 'MQIsdp' 03 02 00 3C 00 00", v3, errc::mqtt_invalid_client_id, 14},
    {"CONNECT 3.1 client id of 24", "10 26 00 06 'MQIsdp' 03 02 00 3C 00 18 '123456789012345678901234'", v3,
     errc::mqtt_invalid_client_id, 14},
    {"CONNECT client id ill-formed", "10 0F 00 04 'MQTT' 04 02 00 3C 00 03 'a' C3 28", v4, errc::mqtt_invalid_utf8, 15},
    {"CONNECT client id U+0000", "10 0F 00 04 'MQTT' 04 02 00 3C 00 03 'a' 00 'c'", v4, errc::mqtt_utf8_null, 15},
    {"CONNECT will topic with '#'", "10 15 00 04 'MQTT' 04 06 00 3C 00 03 'abc' 00 02 'a#' 00 00", v4,
     errc::mqtt_wildcard_in_topic_name, 20},
    {"CONNECT empty will topic", "10 13 00 04 'MQTT' 04 06 00 3C 00 03 'abc' 00 00 00 00", v4, errc::mqtt_empty_topic,
     19},
    {"CONNECT will topic surrogate", "10 16 00 04 'MQTT' 04 06 00 3C 00 03 'abc' 00 03 ED B0 80 00 00", v4,
     errc::mqtt_utf8_surrogate, 19},
    {"CONNECT will flag, will message missing", "10 12 00 04 'MQTT' 04 06 00 3C 00 03 'abc' 00 01 'w'", v4,
     errc::mqtt_packet_too_short, 20},
    {"CONNECT user name flag, user name missing", "10 0F 00 04 'MQTT' 04 82 00 3C 00 03 'abc'", v4,
     errc::mqtt_packet_too_short, 17},
    {"CONNECT user name U+0000", "10 13 00 04 'MQTT' 04 82 00 3C 00 03 'abc' 00 02 'u' 00", v4, errc::mqtt_utf8_null,
     20},
    {"CONNECT user name surrogate", "10 14 00 04 'MQTT' 04 82 00 3C 00 03 'abc' 00 03 ED BF BF", v4,
     errc::mqtt_utf8_surrogate, 19},
    {"CONNECT password flag, password missing", "10 12 00 04 'MQTT' 04 C2 00 3C 00 03 'abc' 00 01 'u'", v4,
     errc::mqtt_packet_too_short, 20},
    {"CONNECT trailing byte", "10 10 00 04 'MQTT' 04 02 00 3C 00 03 'abc' 'x'", v4, errc::mqtt_trailing_bytes, 17},
    // CONNACK
    {"CONNACK reserved flag bit", "20 02 02 00", v4, errc::mqtt_invalid_connack_flags, 2},
    {"CONNACK session present at 3.1", "20 02 01 00", v3, errc::mqtt_invalid_connack_flags, 2},
    {"CONNACK session present with error", "20 02 01 05", v4, errc::mqtt_session_present_on_error, 2},
    {"CONNACK return code 6", "20 02 00 06", v4, errc::mqtt_invalid_connack_return_code, 3},
    {"CONNACK return code FF at 3.1", "20 02 00 FF", v3, errc::mqtt_invalid_connack_return_code, 3},
    // packet identifiers [MQTT-2.3.1-1]
    {"PUBACK id 0", "40 02 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"PUBREC id 0", "50 02 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"PUBREL id 0", "62 02 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"PUBCOMP id 0", "70 02 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"UNSUBACK id 0", "B0 02 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"SUBSCRIBE id 0", "82 06 00 00 00 01 'a' 00", v4, errc::mqtt_zero_packet_id, 2},
    {"SUBACK id 0", "90 03 00 00 00", v4, errc::mqtt_zero_packet_id, 2},
    {"UNSUBSCRIBE id 0", "A2 05 00 00 00 01 'a'", v4, errc::mqtt_zero_packet_id, 2},
    // SUBSCRIBE
    {"SUBSCRIBE without packet id", "82 01 00", v4, errc::mqtt_packet_too_short, 2},
    {"SUBSCRIBE no filters", "82 02 00 01", v4, errc::mqtt_no_topic_filters, 4},
    {"SUBSCRIBE requested QoS 3", "82 06 00 01 00 01 'a' 03", v4, errc::mqtt_invalid_requested_qos, 7},
    {"SUBSCRIBE reserved bits", "82 06 00 01 00 01 'a' 04", v4, errc::mqtt_invalid_requested_qos, 7},
    {"SUBSCRIBE reserved bit 7 on 2nd", "82 0A 00 01 00 01 'a' 00 00 01 'b' 81", v4, errc::mqtt_invalid_requested_qos,
     11},
    {"SUBSCRIBE QoS byte missing", "82 05 00 01 00 01 'a'", v4, errc::mqtt_packet_too_short, 7},
    {"SUBSCRIBE filter past the end", "82 06 00 01 00 05 'a' 00", v4, errc::mqtt_packet_too_short, 4},
    {"SUBSCRIBE empty filter", "82 05 00 01 00 00 00", v4, errc::mqtt_empty_topic, 6},
    {"SUBSCRIBE '#' not last", "82 08 00 01 00 03 '#/a' 00", v4, errc::mqtt_invalid_topic_filter, 6},
    {"SUBSCRIBE '#' not a whole level", "82 07 00 01 00 02 'a#' 00", v4, errc::mqtt_invalid_topic_filter, 7},
    {"SUBSCRIBE '+' not a whole level", "82 08 00 01 00 03 'a+/' 00", v4, errc::mqtt_invalid_topic_filter, 7},
    {"SUBSCRIBE '+' followed by text", "82 07 00 01 00 02 '+a' 00", v3, errc::mqtt_invalid_topic_filter, 6},
    {"SUBSCRIBE filter U+0000", "82 07 00 01 00 02 'a' 00 00", v4, errc::mqtt_utf8_null, 7},
    {"SUBSCRIBE filter ill-formed", "82 06 00 01 00 01 C2 00", v4, errc::mqtt_invalid_utf8, 6},
    // UNSUBSCRIBE
    {"UNSUBSCRIBE no filters", "A2 02 00 01", v4, errc::mqtt_no_topic_filters, 4},
    {"UNSUBSCRIBE filter past the end", "A2 05 00 01 00 02 'a'", v4, errc::mqtt_packet_too_short, 4},
    {"UNSUBSCRIBE '+' not a whole level", "A2 06 00 01 00 02 '+a'", v4, errc::mqtt_invalid_topic_filter, 6},
    {"UNSUBSCRIBE empty filter", "A2 07 00 01 00 01 'a' 00 00", v4, errc::mqtt_empty_topic, 9},
    {"UNSUBSCRIBE filter surrogate", "A2 07 00 01 00 03 ED A0 BF", v4, errc::mqtt_utf8_surrogate, 6},
    // SUBACK
    {"SUBACK no return codes", "90 02 00 01", v4, errc::mqtt_no_topic_filters, 4},
    {"SUBACK code 3", "90 04 00 01 00 03", v4, errc::mqtt_invalid_suback_return_code, 5},
    {"SUBACK code 0x81", "90 03 00 01 81", v4, errc::mqtt_invalid_suback_return_code, 4},
    {"SUBACK code 0x80 at 3.1", "90 03 00 01 80", v3, errc::mqtt_invalid_suback_return_code, 4},
};

}  // namespace

TEST_CASE("each malformation has its own errc and offset") {
    for (const refused& m : cases) {
        check_refused(m);
        // check_frame either reports the same header error or sees a complete packet.
        INFO(m.name << ": " << m.hex);
        const std::string wire = unhex(m.hex);
        const frame_status f = check_frame(wire, m.level);
        if (f.state == frame_state::malformed) {
            CHECK(f.error == m.expected);
            CHECK(f.offset == m.offset);
        } else {
            CHECK(f.state == frame_state::complete);
            CHECK(f.size == wire.size());
        }
    }
}

TEST_CASE("the same bytes are valid where the rule does not apply") {
    struct valid {
        const char* hex;
        protocol_level level;
    };
    const valid ok[] = {
        {"20 02 01 00", v4},                                   // session present is 3.1.1
        {"90 03 00 01 80", v4},                                // failure code is 3.1.1
        {"30 06 00 01 't' C0 00 ED", v4},                      // payload is not UTF-8 checked
        {"10 0C 00 04 'MQTT' 04 02 00 3C 00 00", v4},          // empty client id with clean session
        {"10 13 00 04 'MQTT' 04 C2 00 3C 00 01 'c' 00 00 00 02 FF 00", v4},  // binary password, empty user name
        {"10 14 00 04 'MQTT' 04 06 00 3C 00 01 'c' 00 01 'w' 00 02 00 FF", v4},  // binary will message
        {"30 08 00 06 EF BB BF EF BB BF", v4},                 // U+FEFF twice, kept
        {"30 06 00 04 F4 8F BF BF", v4},                       // U+10FFFF
        {"30 05 00 03 ED 9F BF", v4},                          // U+D7FF, just below the surrogates
        {"30 05 00 03 EE 80 80", v4},                          // U+E000, just above
        {"30 04 00 02 01 7F", v4},                             // control characters are allowed
        {"30 03 00 01 '$'", v4},
    };
    for (const valid& v : ok) {
        INFO(v.hex);
        const std::string wire = unhex(v.hex);
        const auto r = decode(wire, v.level);
        CHECK(r.error() == errc::ok);
        CHECK(r.offset() == wire.size());
    }
}
