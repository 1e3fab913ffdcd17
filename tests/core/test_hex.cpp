// core/hex.hpp: the one hex implementation (digits, values, encode, decode) every layer uses, and the
// AT core's word_list walk.
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/hex.hpp>

#include "../catch.hpp"

#include <string>

using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mutable_bytes;

TEST_CASE("core hex: digits and values") {
    STATIC_REQUIRE(atmqtt::hex_digit(0) == '0');
    STATIC_REQUIRE(atmqtt::hex_digit(10) == 'A');
    STATIC_REQUIRE(atmqtt::hex_digit(0x1F) == 'F');  // the low four bits
    for (int v = 0; v < 16; ++v) {
        char upper = atmqtt::hex_digit(static_cast<unsigned>(v));
        CHECK(atmqtt::hex_value(upper) == v);
        char lower = upper >= 'A' ? static_cast<char>(upper - 'A' + 'a') : upper;
        CHECK(atmqtt::hex_value(lower) == v);
    }
    for (char c : std::string("gG/:@`xz \"")) CHECK(atmqtt::hex_value(c) == -1);
}

TEST_CASE("core hex: encode and decode, exact bytes and errors") {
    char hex[8] = {};
    auto n = atmqtt::hex_encode(bytes("\x00\x7f,\xff", 4), mutable_bytes(hex, sizeof hex));
    REQUIRE(n.ok());
    CHECK(std::string(hex, *n) == "007F2CFF");
    char raw[4] = {};
    auto m = atmqtt::hex_decode("007f2CFF", mutable_bytes(raw, sizeof raw));
    REQUIRE(m.ok());
    CHECK(std::string(raw, *m) == std::string("\x00\x7f,\xff", 4));
    CHECK(atmqtt::hex_decode("007", mutable_bytes(raw, sizeof raw)).error() == errc::at_invalid_hex);
    CHECK(atmqtt::hex_decode("007", mutable_bytes(raw, sizeof raw)).offset() == 3);
    CHECK(atmqtt::hex_decode("g0", mutable_bytes(raw, sizeof raw)).offset() == 0);
    CHECK(atmqtt::hex_decode("0g", mutable_bytes(raw, sizeof raw)).offset() == 1);
    CHECK(atmqtt::hex_decode("0011", mutable_bytes(raw, 1)).error() == errc::buffer_too_small);
    CHECK(atmqtt::hex_encode("ab", mutable_bytes(hex, 3)).error() == errc::buffer_too_small);
    constexpr bool round_trip = [] {
        char h[4] = {}, r[2] = {};
        auto e = atmqtt::hex_encode(bytes("\x12\xab", 2), mutable_bytes(h, 4));
        auto d = atmqtt::hex_decode(bytes(h, 4), mutable_bytes(r, 2));
        return e.ok() && d.ok() && *d == 2 && r[0] == '\x12' && r[1] == '\xab' && h[2] == 'A';
    }();
    STATIC_REQUIRE(round_trip);
}

TEST_CASE("at word_list: every word once, empty words kept") {
    namespace at = atmqtt::at;
    auto words = [](std::string_view list) {
        std::string out;
        for (at::word_list w{list}; !w.done();) out += "[" + std::string(w.next()) + "]";
        return out;
    };
    CHECK(words("CONNECTED|DISCONNECTED") == "[CONNECTED][DISCONNECTED]");
    CHECK(words("one") == "[one]");
    CHECK(words("") == "[]");
    CHECK(words("a||b|") == "[a][][b][]");
    STATIC_REQUIRE(at::nth_word("a|bc|d", 1) == "bc");
    STATIC_REQUIRE(at::nth_word("a|bc|d", 3).empty());
    STATIC_REQUIRE(at::word_index("a|bc|d", "d") == 2);
    STATIC_REQUIRE(at::word_index("a|bc|d", "b") < 0);
}
