// at::bound: a struct's members bound to a decoded line's values in table order (integers, text,
// optional values, presence), with the row's checks done by the decoder.
#include <atmqtt/at/bind.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <optional>

namespace at = atmqtt::at;
namespace td = test_dialect;
using atmqtt::bytes;

namespace {

struct recv {
    std::int32_t client = -1;
    std::int32_t msgid = -1;
    bytes topic{};
    std::optional<std::int32_t> length{};
    bytes payload{};
};
constexpr at::bound<&recv::client, &recv::msgid, &recv::topic, &recv::length, &recv::payload> make_recv{};

struct stat_seen {
    bool client = false;
    std::optional<bytes> err{};
    std::int32_t past_the_end = 7;  // no value 2: left as initialized
};
constexpr at::bound<&stat_seen::client, &stat_seen::err, &stat_seen::past_the_end> make_stat{};

constexpr recv decode_recv(bytes text) {
    auto d = at::decode_with<8>(td::recv_urc, text, td::lexical);
    return d.ok() ? make_recv(*d) : recv{};
}

}  // namespace

TEST_CASE("bind: members take the line's values in table order") {
    constexpr recv with_len = decode_recv("+TRECV: 1,42,\"a/b\",5,hello");
    STATIC_REQUIRE(with_len.client == 1);
    STATIC_REQUIRE(with_len.msgid == 42);
    STATIC_REQUIRE(with_len.topic == "a/b");
    STATIC_REQUIRE(with_len.length.has_value());
    STATIC_REQUIRE(*with_len.length == 5);
    STATIC_REQUIRE(with_len.payload == "hello");
    constexpr recv without_len = decode_recv("+TRECV: 1,42,\"a/b\",\"hi, there\"");
    STATIC_REQUIRE(!without_len.length.has_value());
    STATIC_REQUIRE(without_len.payload == "hi, there");
    auto d = at::decode_with<8>(td::stat_urc, bytes("+TSTAT: 0,3"), td::lexical);
    REQUIRE(d.ok());
    stat_seen s = make_stat(*d);
    CHECK(s.client);
    REQUIRE(s.err.has_value());
    CHECK(*s.err == "3");
    CHECK(s.past_the_end == 7);
}
