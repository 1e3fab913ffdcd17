// Hostile input for each dialect's typed decoders (issue 9), through their public headers only: integers
// such as "4294967296", "-0", "+5", leading zeros and 30 digits, empty fields where integers belong,
// unterminated quotes, NUL and 0xFF bytes, repeated separators, payload lengths that announce more or
// fewer bytes than arrive. Each case asserts the exact errc and offset, or the exact accepted value.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <string>

#include "../catch.hpp"

namespace q = atmqtt::quectel;
namespace onemo = atmqtt::onemo;
namespace usr = atmqtt::usr;
namespace rhf = atmqtt::risinghf;
using atmqtt::bytes;
using atmqtt::errc;
using namespace std::string_literals;

namespace {

template <class R>
std::string outcome(const R& r) {
    if (r.ok()) return "ok";
    return std::string(atmqtt::to_string(r.error())) + "@" + std::to_string(r.offset());
}

struct hostile_line {
    std::string line;
    std::string expected;  // "ok" or "errc@offset"
};

template <class Decode>
void check_all(const std::vector<hostile_line>& cases, Decode decode) {
    for (const hostile_line& c : cases) {
        INFO(c.line);
        CHECK(outcome(decode(bytes(c.line))) == c.expected);
    }
}

}  // namespace

TEST_CASE("quectel: hostile +QMTSTAT, +QMTOPEN, +QMTSUB and +QMTRECV lines") {
    check_all({{"+QMTSTAT: 0,1", "ok"},
               {"+QMTSTAT: 0,4294967296", "out_of_range@12"},
               {"+QMTSTAT: 0,123456789012345678901234567890", "at_integer_overflow@31"},
               {"+QMTSTAT: -0,1", "at_invalid_integer@10"},
               {"+QMTSTAT: +5,1", "at_invalid_integer@10"},
               {"+QMTSTAT: 000,001", "ok"},
               {"+QMTSTAT: ,1", "at_invalid_integer@10"},
               {"+QMTSTAT: 0,", "at_invalid_integer@12"},
               {"+QMTSTAT: 0,,1", "at_invalid_integer@12"},
               {"+QMTSTAT: 0,1,", "at_too_many_fields@14"},
               {"+QMTSTAT: \0,1"s, "at_invalid_integer@10"},
               {"+QMTSTAT: 0,1\xFF", "at_invalid_integer@13"},
               {"+QMTSTAT: \"0,1", "at_unterminated_quote@10"}},
              [](bytes l) { return q::decode_qmtstat(l); });
    check_all({{"+QMTOPEN: 0,\"host\",1883", "ok"},
               {"+QMTOPEN: 0,\"host,1883", "at_unterminated_quote@12"},
               {"+QMTOPEN: 0,\"ho\0st\",1883"s, "ok"},
               {"+QMTOPEN: 0,\"host\",4294967296", "out_of_range@19"},
               {"+QMTOPEN: 0,\"host\",,", "at_invalid_integer@19"}},
              [](bytes l) { return q::decode_open_state(l); });
    check_all({{"+QMTSUB: 0,1,0,1,2,0", "ok"},
               {"+QMTSUB: 0,1,0,1,,2", "at_invalid_integer@17"},
               {"+QMTSUB: 0,65536,0,1", "out_of_range@11"},
               {"+QMTSUB: 0,00001,0,1", "ok"}},
              [](bytes l) { return q::decode_sub_result(l); });
    check_all({{"+QMTRECV: 0,1,\"t\",5,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",6,hello", "at_payload_truncated@25"},
               {"+QMTRECV: 0,1,\"t\",4294967296,hello", "out_of_range@18"},
               {"+QMTRECV: 0,1,\"t\",-0,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",+5,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",005,hello", "ok"},
               {"+QMTRECV: 0,1,\"t,5,hello", "at_unterminated_quote@14"},
               {"+QMTRECV: 0,1,\"t\",2,\0\xFF"s, "ok"},
               {"+QMTRECV: 0,1,\"\xFF\",1,x", "ok"}},
              [](bytes l) { return q::decode_recv_message(l); });
}

TEST_CASE("onemo: hostile +MQTTURC lines") {
    // OneMO's reader reports an empty integer field as at_missing_field (the other dialects:
    // at_invalid_integer); recorded as it is.
    check_all({{"+MQTTURC: \"publish\",0,2,\"world\",5,5,12345", "ok"},
               {"+MQTTURC: \"publish\",0,2,\"world\",5,6,12345", "at_payload_truncated@41"},
               {"+MQTTURC: \"publish\",0,2,\"world\",5,4294967296,12345", "out_of_range@34"},
               {"+MQTTURC: \"publish\",0,2,\"world\",5,-0,12345", "at_invalid_integer@34"},
               {"+MQTTURC: \"publish\",0,2,\"world\",+5,5,12345", "at_invalid_integer@32"},
               {"+MQTTURC: \"publish\",0,2,\"world\",05,05,12345", "ok"},
               {"+MQTTURC: \"publish\",0,2,\"world,5,5,12345", "at_unterminated_quote@24"},
               {"+MQTTURC: \"publish\",0,2,\"world\",,5,12345", "at_missing_field@32"},
               {"+MQTTURC: \"publish\",0,2,\"world\",2,2,\0\xFF"s, "ok"},
               {"+MQTTURC: \"conn\",0,123456789012345678901234567890", "at_integer_overflow@38"},
               {"+MQTTURC: \"conn\",,0", "at_missing_field@17"},
               {"+MQTTURC: \"conn\",0,,", "at_missing_field@19"},
               {"+MQTTURC: \"conn", "at_unterminated_quote@10"},
               {"+MQTTURC: \"suback\",0,1,,", "at_missing_field@23"},
               {"+MQTTURC: \"\xFF\",0,0", "at_invalid_enum@10"},
               {"+MQTTURC: ", "at_missing_field@10"}},
              [](bytes l) { return onemo::decode_urc(l); });
    check_all({{"+MQTTPUB: 0,1,4294967296", "out_of_range@14"}, {"+MQTTPUB: 0,,1", "at_missing_field@12"}},
              [](bytes l) { return onemo::decode_pub(l); });
}

TEST_CASE("usr: hostile responses and data-mode frames") {
    check_all({{"+MQTTCFG:60,0", "ok"},
               {"+MQTTCFG:4294967296,0", "out_of_range@9"},
               {"+MQTTCFG:-0,0", "at_invalid_integer@9"},
               {"+MQTTCFG:+5,0", "at_invalid_integer@9"},
               {"+MQTTCFG:0060,0", "ok"},
               {"+MQTTCFG:,0", "at_invalid_integer@9"},
               {"+MQTTCFG:60,,0", "at_invalid_integer@12"},
               {"+MQTTCFG:123456789012345678901234567890,0", "at_integer_overflow@28"},
               {"+MQTTSVR:\"test.usr.cn,2317", "at_unterminated_quote@9"},
               {"+MQTTSVR:te\0st,2317"s, "ok"},
               {"+MQTTSVR:test\xFF,2317", "ok"},
               {"+WKMOD:MQTT,,NOR", "at_too_many_fields@13"}},
              [](bytes l) { return usr::decode_response(l); });
    // Uplink, distribution mode: 0,0,<topic>,<qos>,<retain>,<payload> and <pubnum>,<payload>.
    check_all({{"0,0,a/b,1,0,hi", "ok"},
               {"0,0,a/b,3,0,hi", "out_of_range@8"},
               {"0,0,a/b,1,2,hi", "out_of_range@10"},
               {"0,0,a/b,,0,hi", "at_invalid_integer@8"},
               {"0,0,a/b,-0,0,hi", "at_invalid_integer@8"},
               {"0,0,a/b,+1,0,hi", "at_invalid_integer@8"},
               {"0,0,a/b,4294967296,0,hi", "at_integer_overflow@8"},
               {"0,0,a/b,0000001,0,hi", "at_invalid_integer@8"},  // no leading zeros: a frame re-encodes as it came
               {"0,0,,1,0,hi", "at_missing_field@4"},
               {"0,3,a/b,1", "at_invalid_enum@2"},
               {"0,0,a\0b,1,0,\xFF"s, "ok"},
               {",,,,,", "at_invalid_integer@0"},
               {"11,x", "out_of_range@0"},
               {"01,x", "at_invalid_integer@0"},
               {"123456789012345678901234567890,x", "at_integer_overflow@0"},
               {"", "at_missing_field@0"}},
              [](bytes f) { return usr::decode_uplink(f, usr::transfer_mode::distribution); });
    // Downlink, distribution mode: <subnum>,<payload> / 0,<topic>,<payload>.
    check_all({{"0,a/b,hi", "ok"},
               {"0,,hi", "at_missing_field@2"},
               {"0,a/b", "at_missing_field@5"},
               {"-0,a/b,hi", "at_invalid_integer@0"},
               {"+1,hi", "at_invalid_integer@0"},
               {"4294967296,hi", "at_integer_overflow@0"},
               {"\xFF,hi", "at_invalid_integer@0"},
               {"1", "at_missing_field@1"}},
              [](bytes f) { return usr::decode_downlink(f, usr::transfer_mode::distribution); });
}

TEST_CASE("risinghf: hostile +IMQTTRCVPUB and +IMQTTCONN lines") {
    check_all({{"+IMQTTRCVPUB:1,\"t\",2,\"hi\"", "ok"},
               {"+IMQTTRCVPUB:1,\"t\",3,\"hi\"", "at_payload_truncated@24"},
               {"+IMQTTRCVPUB:1,\"t\",1,\"hi\"", "at_payload_mismatch@23"},
               {"+IMQTTRCVPUB:1,\"t\",4294967296,\"hi\"", "out_of_range@19"},
               {"+IMQTTRCVPUB:1,\"t\",-0,\"hi\"", "at_invalid_integer@19"},
               {"+IMQTTRCVPUB:1,\"t\",+2,\"hi\"", "at_invalid_integer@19"},
               {"+IMQTTRCVPUB:1,\"t\",002,\"hi\"", "ok"},
               {"+IMQTTRCVPUB:1,\"t\",2,\"hi", "at_payload_mismatch@23"},
               {"+IMQTTRCVPUB:1,\"t,2,\"hi\"", "at_unexpected_character@21"},
               {"+IMQTTRCVPUB:1,\"t\",,\"hi\"", "at_invalid_integer@19"},
               {"+IMQTTRCVPUB:1,\"t\",2,\"\0\xFF\""s, "ok"}},
              [](bytes l) { return rhf::decode_rcvpub(l); });
    check_all({{"+IMQTTCONN:0", "ok"},
               {"+IMQTTCONN:-0", "at_invalid_integer@11"},
               {"+IMQTTCONN:+1", "at_invalid_integer@11"},
               {"+IMQTTCONN:", "at_missing_field@11"},
               {"+IMQTTCONN:0,", "at_too_many_fields@13"},
               {"+IMQTTCONN:123456789012345678901234567890", "at_integer_overflow@30"},
               {"+IMQTTCONN:\xFF", "at_invalid_integer@11"}},
              [](bytes l) { return rhf::decode_conn(l); });
}

TEST_CASE("accepted hostile lines decode to the exact documented values") {
    // +QMTRECV's length is optional (msg_len_enable = 0): a length slot that is not a plain integer is
    // the start of the payload, which runs to the line end (quectel/responses.hpp, at/tokenizer.hpp).
    auto minus_zero = q::decode_recv_message(bytes("+QMTRECV: 0,1,\"t\",-0,hello"));
    REQUIRE(minus_zero.ok());
    CHECK(!minus_zero->payload_len.has_value());
    CHECK(minus_zero->payload == "-0,hello");
    auto plus_five = q::decode_recv_message(bytes("+QMTRECV: 0,1,\"t\",+5,hello"));
    REQUIRE(plus_five.ok());
    CHECK(!plus_five->payload_len.has_value());
    CHECK(plus_five->payload == "+5,hello");
    // Leading zeros are padding (at/fields.hpp): 005 is 5.
    auto padded = q::decode_recv_message(bytes("+QMTRECV: 0,1,\"t\",005,hello"));
    REQUIRE(padded.ok());
    CHECK(padded->payload_len == 5);
    CHECK(padded->payload == "hello");
    // Payload bytes are opaque: NUL and 0xFF are kept as they are.
    const std::string binary = "+QMTRECV: 0,1,\"t\",2,\0\xFF"s;
    auto raw = q::decode_recv_message(bytes(binary));
    REQUIRE(raw.ok());
    CHECK(raw->payload == "\0\xFF"s);
    // AT strings are bytes: a NUL inside a quoted host name is kept (the MQTT layer rejects it in topics).
    const std::string host = "+QMTOPEN: 0,\"ho\0st\",1883"s;
    auto open = q::decode_open_state(bytes(host));
    REQUIRE(open.ok());
    CHECK(open->host_name == "ho\0st"s);

    auto onemo_padded = onemo::decode_urc(bytes("+MQTTURC: \"publish\",0,2,\"world\",05,05,12345"));
    REQUIRE(onemo_padded.ok());
    REQUIRE(onemo_padded->kind == onemo::urc_kind::publish);
    CHECK(onemo_padded->publish.total_len == 5);
    CHECK(onemo_padded->publish.payload_len == 5);
    CHECK(onemo_padded->publish.payload == "12345");

    auto rhf_padded = rhf::decode_rcvpub(bytes("+IMQTTRCVPUB:1,\"t\",002,\"hi\""));
    REQUIRE(rhf_padded.ok());
    CHECK(rhf_padded->messagelen == 2);
    CHECK(rhf_padded->message == "hi");

    auto usr_padded = usr::decode_response(bytes("+MQTTCFG:0060,0"));
    REQUIRE(usr_padded.ok());
    REQUIRE(usr_padded->count == 2);
    CHECK(usr_padded->number[0] == 60);
    CHECK(usr_padded->number[1] == 0);

    // Data-mode frames: the payload is everything after the fixed fields, commas and 0xFF included.
    const std::string frame = "0,0,a\0b,1,0,\xFF,x"s;
    auto up = usr::decode_uplink(bytes(frame), usr::transfer_mode::distribution);
    REQUIRE(up.ok());
    CHECK(up->kind == usr::frame_kind::temporary_publish);
    CHECK(up->topic == "a\0b"s);
    CHECK(up->qos == 1);
    CHECK(up->payload == "\xFF,x");
    auto slot = usr::decode_uplink(bytes("1,x"), usr::transfer_mode::distribution);
    REQUIRE(slot.ok());
    CHECK(slot->slot == 1);
    CHECK(slot->payload == "x");
}
