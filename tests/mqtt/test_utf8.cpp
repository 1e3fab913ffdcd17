// validate_utf8: RFC 3629 well-formedness plus MQTT's U+0000 ban, with the offending sequence's offset.
#include <atmqtt/mqtt/utf8.hpp>

#include <string>

#include "../catch.hpp"
#include "vectors.hpp"

using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mqtt::validate_utf8;
using mqtt_test::unhex;

TEST_CASE("well-formed UTF-8 is accepted") {
    const char* ok[] = {
        "",                       // empty
        "'plain ascii/topic'",    //
        "01 1F 7F",               // control characters: "SHOULD NOT", not "MUST NOT"
        "C2 80 DF BF",            // 2-byte range ends U+0080, U+07FF
        "E0 A0 80 EF BF BF",      // 3-byte range ends U+0800, U+FFFF
        "ED 9F BF EE 80 80",      // U+D7FF and U+E000 around the surrogates
        "F0 90 80 80 F4 8F BF BF",  // 4-byte range ends U+10000, U+10FFFF
        "EF BB BF 'x' EF BB BF",  // U+FEFF anywhere [MQTT-1.5.3-3]
        "EF BF BE EF BF BF",      // non-characters U+FFFE, U+FFFF
        "'A' E2 89 A2 CE 91 '.'", // RFC 3629 example
    };
    for (const char* hex : ok) {
        INFO(hex);
        const std::string s = unhex(hex);
        CHECK(validate_utf8(s).error() == errc::ok);
    }
}

TEST_CASE("ill-formed UTF-8 is rejected at the start of the offending sequence") {
    struct bad {
        const char* hex;
        errc expected;
        std::size_t offset;
    };
    const bad cases[] = {
        {"00", errc::mqtt_utf8_null, 0},
        {"'ab' 00 'c'", errc::mqtt_utf8_null, 2},
        {"C0 80", errc::mqtt_invalid_utf8, 0},        // overlong U+0000 is ill-formed, not "null"
        {"C1 BF", errc::mqtt_invalid_utf8, 0},        // overlong
        {"E0 9F BF", errc::mqtt_invalid_utf8, 0},     // overlong 3-byte
        {"F0 8F BF BF", errc::mqtt_invalid_utf8, 0},  // overlong 4-byte
        {"F4 90 80 80", errc::mqtt_invalid_utf8, 0},  // U+110000
        {"F5 80 80 80", errc::mqtt_invalid_utf8, 0},
        {"FE", errc::mqtt_invalid_utf8, 0},
        {"FF", errc::mqtt_invalid_utf8, 0},
        {"'a' 80", errc::mqtt_invalid_utf8, 1},       // stray continuation
        {"'a' BF 'b'", errc::mqtt_invalid_utf8, 1},
        {"'ab' C3", errc::mqtt_invalid_utf8, 2},      // truncated at the end
        {"E2 82", errc::mqtt_invalid_utf8, 0},
        {"F0 9F 98", errc::mqtt_invalid_utf8, 0},
        {"C3 28", errc::mqtt_invalid_utf8, 0},        // continuation missing
        {"E2 28 A1", errc::mqtt_invalid_utf8, 0},
        {"E2 82 28", errc::mqtt_invalid_utf8, 0},
        {"F0 90 28 BC", errc::mqtt_invalid_utf8, 0},
        {"F0 90 8C 28", errc::mqtt_invalid_utf8, 0},
        {"ED A0 80", errc::mqtt_utf8_surrogate, 0},   // U+D800
        {"'x' ED BF BF", errc::mqtt_utf8_surrogate, 1},  // U+DFFF
        {"ED A0 80 ED B0 80", errc::mqtt_utf8_surrogate, 0},  // a CESU-8 pair
        {"ED A0", errc::mqtt_invalid_utf8, 0},        // truncated surrogate: ill-formed first
        {"ED A0 28", errc::mqtt_invalid_utf8, 0},
        {"C3 A9 'ok' E9", errc::mqtt_invalid_utf8, 4},  // Latin-1 'é' after a good one
    };
    for (const bad& b : cases) {
        INFO(b.hex);
        const std::string s = unhex(b.hex);
        const auto r = validate_utf8(s);
        CHECK(r.error() == b.expected);
        CHECK(r.offset() == b.offset);
    }
}

TEST_CASE("every 2-byte lead and continuation combination") {
    // Exhaustive over two bytes: the verdict must match the RFC 3629 table.
    for (unsigned a = 0; a < 256; ++a) {
        for (unsigned b = 0; b < 256; ++b) {
            const char s[2] = {static_cast<char>(a), static_cast<char>(b)};
            const auto r = validate_utf8(bytes(s, 2));
            errc expected = errc::ok;
            if (a == 0) {
                expected = errc::mqtt_utf8_null;
            } else if (a < 0x80) {
                expected = b == 0 ? errc::mqtt_utf8_null : b < 0x80 ? errc::ok : errc::mqtt_invalid_utf8;
            } else if (a >= 0xc2 && a <= 0xdf && b >= 0x80 && b <= 0xbf) {
                expected = errc::ok;
            } else {
                expected = errc::mqtt_invalid_utf8;  // a lone lead of a longer sequence is truncated
            }
            INFO(a << " " << b);
            REQUIRE(r.error() == expected);
        }
    }
}
