// Hostile input for each dialect's typed decoders (issue 9), through their public headers only: integers
// such as "4294967296", "-0", "+5", leading zeros and 30 digits, empty fields where integers belong,
// unterminated quotes, NUL and 0xFF bytes, repeated separators, payload lengths that announce more or
// fewer bytes than arrive, overflow inside the ranges of test answers. Each case asserts the exact errc
// and offset, or the exact accepted value. Then whole byte streams through each dialect's tokenizer
// set-up and atmqtt_tool::transaction (see the section below).
#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "../catch.hpp"
#include "../dialects/answer_result.hpp"
#include "../dialects/onemo_urc.hpp"
#include "../dialects/vector_files.hpp"

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
              [](bytes l) { return atmqtt::at::decode_as<q::connection_closed>(atmqtt::at::line_event(l)); });
    check_all({{"+QMTOPEN: 0,\"host\",1883", "ok"},
               {"+QMTOPEN: 0,\"host,1883", "at_unterminated_quote@12"},
               {"+QMTOPEN: 0,\"ho\0st\",1883"s, "ok"},
               {"+QMTOPEN: 0,\"host\",4294967296", "out_of_range@19"},
               {"+QMTOPEN: 0,\"host\",,", "at_invalid_integer@19"}},
              [](bytes l) { return atmqtt::at::decode_as<q::open>(atmqtt::at::line_event(l)); });
    check_all({{"+QMTSUB: 0,1,0,1,2,0", "ok"},
               {"+QMTSUB: 0,1,0,1,,2", "at_invalid_integer@17"},
               {"+QMTSUB: 0,65536,0,1", "out_of_range@11"},
               {"+QMTSUB: 0,00001,0,1", "ok"}},
              [](bytes l) { return atmqtt::at::decode_as<q::subscribe_result>(atmqtt::at::line_event(l)); });
    check_all({{"+QMTRECV: 0,1,\"t\",5,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",6,hello", "at_payload_truncated@25"},
               {"+QMTRECV: 0,1,\"t\",4294967296,hello", "out_of_range@18"},
               {"+QMTRECV: 0,1,\"t\",-0,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",+5,hello", "ok"},
               {"+QMTRECV: 0,1,\"t\",005,hello", "ok"},
               {"+QMTRECV: 0,1,\"t,5,hello", "at_unterminated_quote@14"},
               {"+QMTRECV: 0,1,\"t\",2,\0\xFF"s, "ok"},
               {"+QMTRECV: 0,1,\"\xFF\",1,x", "ok"}},
              [](bytes l) { return atmqtt::at::decode_as<q::received_message>(atmqtt::at::line_event(l)); });
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
              [](bytes l) { return onemo_test::urc_status(atmqtt::at::line_event(l)); });
    check_all({{"+MQTTPUB: 0,1,4294967296", "out_of_range@14"}, {"+MQTTPUB: 0,,1", "at_missing_field@12"}},
              [](bytes l) { return atmqtt::at::decode_as<onemo::publish_sent>(atmqtt::at::line_event(l)); });
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
              [](bytes l) { return [&]() -> atmqtt::status {
                  // the session decoder (its one classifier and row check); one heap-free expression, as
                  // tests/target/gen_vectors.py runs it on the target too
                  char wire[96] = {};
                  std::size_t n = 0;
                  for (; n < l.size() && n + 2 < sizeof wire; ++n) wire[n] = l[n];
                  wire[n++] = '\r';
                  wire[n++] = '\n';
                  usr::session_decoder<256> dec;
                  (void)dec.feed(atmqtt::bytes(wire, n));
                  const usr::session_event e = dec.next();
                  if (e.kind == usr::session_kind::error) return {e.error, e.offset};
                  return {}; }(); });
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
              [](bytes f) { return usr::decode_frame(f, usr::transfer_mode::distribution, usr::direction::uplink); });
    // Downlink, distribution mode: <subnum>,<payload> / 0,<topic>,<payload>.
    check_all({{"0,a/b,hi", "ok"},
               {"0,,hi", "at_missing_field@2"},
               {"0,a/b", "at_missing_field@5"},
               {"-0,a/b,hi", "at_invalid_integer@0"},
               {"+1,hi", "at_invalid_integer@0"},
               {"4294967296,hi", "at_integer_overflow@0"},
               {"\xFF,hi", "at_invalid_integer@0"},
               {"1", "at_missing_field@1"}},
              [](bytes f) { return usr::decode_frame(f, usr::transfer_mode::distribution, usr::direction::downlink); });
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
              [](bytes l) { return atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(l)); });
    check_all({{"+IMQTTCONN:0", "ok"},
               {"+IMQTTCONN:-0", "at_invalid_integer@11"},
               {"+IMQTTCONN:+1", "at_invalid_integer@11"},
               {"+IMQTTCONN:", "at_missing_field@11"},
               {"+IMQTTCONN:0,", "at_too_many_fields@13"},
               {"+IMQTTCONN:123456789012345678901234567890", "at_integer_overflow@30"},
               {"+IMQTTCONN:\xFF", "at_invalid_integer@11"}},
              [](bytes l) { return atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(l)); });
}

TEST_CASE("accepted hostile lines decode to the exact documented values") {
    // +QMTRECV's length is optional (msg_len_enable = 0): a length slot that is not a plain integer is
    // the start of the payload, which runs to the line end (quectel/responses.hpp, at/tokenizer.hpp).
    auto minus_zero = atmqtt::at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t\",-0,hello")));
    REQUIRE(minus_zero.ok());
    CHECK(!minus_zero->payload_len.has_value());
    CHECK(minus_zero->payload == "-0,hello");
    auto plus_five = atmqtt::at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t\",+5,hello")));
    REQUIRE(plus_five.ok());
    CHECK(!plus_five->payload_len.has_value());
    CHECK(plus_five->payload == "+5,hello");
    // Leading zeros are padding (at/fields.hpp): 005 is 5.
    auto padded = atmqtt::at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t\",005,hello")));
    REQUIRE(padded.ok());
    CHECK(padded->payload_len == 5);
    CHECK(padded->payload == "hello");
    // Payload bytes are opaque: NUL and 0xFF are kept as they are.
    const std::string binary = "+QMTRECV: 0,1,\"t\",2,\0\xFF"s;
    auto raw = atmqtt::at::decode_as<q::received_message>(atmqtt::at::line_event(bytes(binary)));
    REQUIRE(raw.ok());
    CHECK(raw->payload == "\0\xFF"s);
    // AT strings are bytes: a NUL inside a quoted host name is kept (the MQTT layer rejects it in topics).
    const std::string host = "+QMTOPEN: 0,\"ho\0st\",1883"s;
    auto open = atmqtt::at::decode_as<q::open>(atmqtt::at::line_event(bytes(host)));
    REQUIRE(open.ok());
    CHECK(open->host == "ho\0st"s);

    auto onemo_padded = onemo_test::urc_as<onemo::received_message>(
        atmqtt::at::line_event(bytes("+MQTTURC: \"publish\",0,2,\"world\",05,05,12345")), onemo::line_received_message);
    REQUIRE(onemo_padded.ok());
    CHECK(onemo_padded->total_len == 5);
    CHECK(onemo_padded->payload_len == 5);
    CHECK(onemo_padded->payload == "12345");

    auto rhf_padded = atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:1,\"t\",002,\"hi\"")));
    REQUIRE(rhf_padded.ok());
    CHECK(rhf_padded->payload_len == 2);
    CHECK(rhf_padded->payload == "hi");

    auto usr_padded = atmqtt::at::decode_as<usr::cfg_session>(atmqtt::at::line_event(bytes("+MQTTCFG:0060,0")));
    REQUIRE(usr_padded.ok());
    CHECK(usr_padded->keepalive == 60);
    CHECK(usr_padded->cleansession == 0);

    // Data-mode frames: the payload is everything after the fixed fields, commas and 0xFF included.
    const std::string frame = "0,0,a\0b,1,0,\xFF,x"s;
    auto up = usr::decode_frame(bytes(frame), usr::transfer_mode::distribution, usr::direction::uplink);
    REQUIRE(up.ok());
    CHECK(up->kind == usr::frame_kind::temporary_publish);
    CHECK(up->topic == "a\0b"s);
    CHECK(up->qos == 1);
    CHECK(up->payload == "\xFF,x");
    auto slot = usr::decode_frame(bytes("1,x"), usr::transfer_mode::distribution, usr::direction::uplink);
    REQUIRE(slot.ok());
    CHECK(slot->slot == 1);
    CHECK(slot->payload == "x");
}

TEST_CASE("quectel and onemo test answers: overflow, signs and leading zeros inside ranges") {
    // The dialects' test decoders type each list with the AT core (at/test_answer.hpp): errors at the item.
    check_all({{"+QMTOPEN: (0-5),\"hostname\",(1-65535)", "ok"},
               {"+QMTOPEN: (0-4294967296),\"hostname\",(1-65535)", "ok"},
               {"+QMTOPEN: (0-99999999999999999999999999999),\"hostname\",(1-65535)", "at_integer_overflow@11"},
               {"+QMTOPEN: (-0-5),\"hostname\",(1-65535)", "at_invalid_integer@11"},
               {"+QMTOPEN: (+1-5),\"hostname\",(1-65535)", "at_invalid_integer@11"},
               {"+QMTOPEN: (00-05),\"hostname\",(1-65535)", "ok"},
               {"+QMTOPEN: (0-5),\"hostname\",(1-4294967296)", "ok"},
               {"+QMTOPEN: (0-5),\"hostname\",(1-123456789012345678901234567890)", "at_integer_overflow@28"},
               {"+QMTOPEN: (0-5),\"hostname\",(-0-65535)", "at_invalid_integer@28"},
               {"+QMTOPEN: (0-5),\"hostname\",(+1-65535)", "at_invalid_integer@28"},
               {"+QMTOPEN: (0-5),\"hostname\",(65535-1)", "at_invalid_range@28"},
               {"+QMTOPEN: (0-5),\"hostname\",(1-65535", "at_invalid_range@27"},
               {"+QMTOPEN: (0-5),\"hostname,(1-65535)", "at_unterminated_quote@16"},
               {"+QMTOPEN: (0-5),\"hostname\",(1-65535,)", "at_invalid_range@36"},
               {"+QMTOPEN: (0-5\xFF),\"hostname\",(1-65535)", "at_invalid_integer@11"},
               {"+QMTOPEN: (0-5),,(1-65535)", "at_missing_field@16"}},
              [](bytes l) { return answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event(l)); });
    check_all({{"+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\"", "ok"},
               {"+QMTPUBEX: (0-5),<msgid>,(0-4294967296),(0,1),\"topic\",\"length\"", "ok"},
               {"+QMTPUBEX: (0-5),<msgid>,(0-2),(0,99999999999999999999999999999),\"topic\",\"length\"",
                "at_integer_overflow@34"},
               {"+QMTPUBEX: (0-5),<msgid>,(-0-2),(0,1),\"topic\",\"length\"", "at_invalid_integer@26"},
               {"+QMTPUBEX: (0-5),<msgid>,(0-+2),(0,1),\"topic\",\"length\"", "at_invalid_integer@26"}},
              [](bytes l) { return answer(q::test_answers, q::cmd::qmtpubex, atmqtt::at::line_event(l)); });
    check_all({{"+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3)", "ok"},
               {"+MQTTCFG: \"retrans\",(0-5),(20-4294967296),(0-3)", "ok"},
               {"+MQTTCFG: \"retrans\",(0-5),(20-99999999999999999999999999999),(0-3)", "at_integer_overflow@27"},
               {"+MQTTCFG: \"retrans\",(0-5),(-0-60),(0-3)", "at_invalid_integer@27"},
               {"+MQTTCFG: \"retrans\",(0-5),(+20-60),(0-3)", "at_invalid_integer@27"},
               {"+MQTTCFG: \"retrans\",(0-5),(020-0060),(0-3)", "ok"},
               {"+MQTTCFG: \"retrans\",(0-5),(60-20),(0-3)", "at_invalid_range@27"},
               {"+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3", "at_invalid_range@34"},
               {"+MQTTCFG: \"retrans,(0-5),(20-60),(0-3)", "at_unterminated_quote@10"}},
              [](bytes l) { return answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(l)); });
    check_all({{"+MQTTCONN: (0-5),<host>,(1-65535)", "ok"},
               {"+MQTTCONN: (0-4294967296),<host>,(1-65535)", "ok"},
               {"+MQTTCONN: (0-5),<host>,(1-99999999999999999999999999999)", "at_integer_overflow@25"},
               {"+MQTTCONN: (-0-5),<host>,(1-65535)", "at_invalid_integer@12"},
               {"+MQTTCONN: (+0-5),<host>,(1-65535)", "at_invalid_integer@12"}},
              [](bytes l) { return answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(l)); });
    // Accepted bounds are kept exactly as 64-bit values.
    const auto open = answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event(bytes("+QMTOPEN: (00-05),\"hostname\",(1-4294967296)")));
    REQUIRE(open.ok());
    CHECK(open->elements[0].low == 0);
    CHECK(open->elements[0].high == 5);
    CHECK(open->elements[2].high == 4294967296LL);
    CHECK(open->elements[2].contains(4294967296LL));
    const auto cfg = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes("+MQTTCFG: \"retrans\",(0-5),(020-0060),(0-3)")));
    REQUIRE(cfg.ok());
    CHECK(cfg->elements[1].low == 20);
    CHECK(cfg->elements[1].high == 60);
}

// ---- byte streams through each dialect's real set-up ---------------------------------------------------
// Through its tokenizer with its payload rules and syntax (USR: usr::session_decoder) and atmqtt_tool::transaction:
// lines of exactly the line capacity and one byte more, a '>' inside a line, CR-only and LF-only line ends
// on a real transcript, announced payloads larger than the line buffer or than 32 bits, unterminated
// quotes in payload lines, and URCs inserted at every line boundary of one real transaction per dialect.
// Every stream is fed whole, one byte at a time and (for the transactions) split in two at every offset.

namespace at = atmqtt::at;
using list = std::vector<std::string>;

namespace {

// A dialect's inbound set-up: its payload rules, syntax and grammar (USR: none of its lines carries a
// payload, and its session_decoder runs the tokenizer without rules).
struct dialect {
    const char* name;
    atmqtt::span<const at::payload_rule> rules;
    at::syntax lexical;
    const at::grammar* g;
};
const dialect quectel_d{"quectel", at::payload_rules_of<q::grammar>, q::lexical, &q::grammar};
const dialect onemo_d{"onemo", at::payload_rules_of<onemo::grammar>, onemo::lexical, &onemo::grammar};
const dialect rhf_d{"risinghf", at::payload_rules_of<rhf::grammar>, rhf::lexical, &rhf::grammar};
const dialect usr_d{"usr", {}, usr::lexical, &usr::grammar};

std::string show(const at::event& ev) {
    switch (ev.kind) {
        case at::event_kind::line:
            return "L:" + std::string(ev.text) + (ev.has_payload ? "|P:" + std::string(ev.payload) : "");
        case at::event_kind::prompt: return "P";
        case at::event_kind::error: return "E:" + std::string(atmqtt::to_string(ev.error)) + "@" + std::to_string(ev.offset);
        default: return "?";
    }
}

std::string show(const usr::session_event& ev) {
    switch (ev.kind) {
        case usr::session_kind::echo: return "echo:" + std::string(ev.text);
        case usr::session_kind::prompt: return "prompt:" + std::string(ev.text);
        case usr::session_kind::final: return "final:" + std::string(ev.text);
        case usr::session_kind::response:
        case usr::session_kind::header:
        case usr::session_kind::test_answer: return "response:" + std::string(ev.text);
        case usr::session_kind::error:
            return "E:" + std::string(atmqtt::to_string(ev.error)) + "@" + std::to_string(ev.offset) + ":" + std::string(ev.text);
        default: return "?";
    }
}

// The chunks of `in`: whole (step 0), `step` bytes at a time, or split in two at `split` (step npos).
std::vector<std::string> chunks(const std::string& in, std::size_t step, std::size_t split = 0) {
    if (step == 0) return {in};
    if (step == std::string::npos) return {in.substr(0, split), in.substr(split)};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < in.size(); i += step) out.push_back(in.substr(i, step));
    return out;
}

// Tokenizer events of `in` (USR: session_decoder events).
template <std::size_t Capacity>
list tokens(const dialect& d, const std::string& in, std::size_t step = 0) {
    list out;
    if (d.g == &usr::grammar) {
        usr::session_decoder<Capacity> dec;
        for (const std::string& c : chunks(in, step)) {
            REQUIRE(dec.feed(c).ok());
            while (usr::session_event ev = dec.next()) out.push_back(show(ev));
        }
        return out;
    }
    at::tokenizer<Capacity> tok(d.rules, d.lexical);
    for (const std::string& c : chunks(in, step)) {
        REQUIRE(tok.feed(c).ok());
        while (at::event ev = tok.next()) out.push_back(show(ev));
    }
    return out;
}

template <std::size_t Capacity>
void check_tokens(const dialect& d, const std::string& in, const list& expected) {
    INFO(d.name << ": " << in);
    CHECK(tokens<Capacity>(d, in) == expected);
    CHECK(tokens<Capacity>(d, in, 1) == expected);
}

// Tokenizer events routed by atmqtt_tool::transaction: "route:text[|P:payload]", or "E:errc@offset". With
// `command` the transaction begins it before the first byte; without, each echo begins its command
// (found by name and selector, as a host would have sent it). `at_offset` gets, per event, the number of
// input bytes fed when it came out (meaningful one byte at a time).
struct router {
    const dialect& d;
    const at::command* command = nullptr;
    at::form form = at::form::set;

    list run(const std::vector<std::string>& parts, std::vector<std::size_t>* at_offset = nullptr) const {
        at::tokenizer<256> tok(d.rules, d.lexical);
        atmqtt_tool::transaction tx(*d.g);
        if (command != nullptr) REQUIRE(tx.begin(*command, form).ok());
        list out;
        std::size_t fed = 0;
        for (const std::string& c : parts) {
            REQUIRE(tok.feed(c).ok());
            fed += c.size();
            while (at::event ev = tok.next()) {
                if (command == nullptr && ev.is_line()) begin_from_echo(tx, ev.text);
                const auto r = tx.on_event(ev);
                std::string s = r.ok() ? std::string(atmqtt_tool::to_string(r->kind)) + ":" + std::string(r->text)
                                       : "E:" + std::string(atmqtt::to_string(r.error())) + "@" + std::to_string(r.offset());
                if (r.ok() && ev.has_payload) s += "|P:" + std::string(ev.payload);
                out.push_back(s);
                if (at_offset != nullptr) at_offset->push_back(fed);
            }
        }
        return out;
    }

    void begin_from_echo(atmqtt_tool::transaction& tx, bytes line) const {
        if (line.size() < 4 || line.substr(0, 3) != "AT+") return;
        std::size_t end = 3;
        while (end < line.size() && line[end] != '=' && line[end] != '?') ++end;
        const bytes name = line.substr(3, end - 3);
        const bytes rest = line.substr(end);
        const at::form f = rest.empty() ? at::form::execute
                           : rest == "=?" ? at::form::test
                           : rest == "?"  ? at::form::read
                                          : at::form::set;
        bytes selector{};
        if (f == at::form::set && rest.size() > 2 && rest[1] == '"') selector = rest.substr(2, rest.find('"', 2) - 2);
        const at::command* c = at::find_command(*d.g, name, selector);
        if (c == nullptr) c = at::find_command(*d.g, name);
        if (tx.pending()) tx.abort();
        if (c != nullptr) (void)tx.begin(*c, f);
    }
};

// `templ` with its '@' replaced by as many 'x' as make it `width` bytes long.
std::string padded(const std::string& templ, std::size_t width, char fill = 'x') {
    const std::size_t at_mark = templ.find('@');
    REQUIRE(at_mark != std::string::npos);
    REQUIRE(width >= templ.size() - 1);
    return templ.substr(0, at_mark) + std::string(width - (templ.size() - 1), fill) + templ.substr(at_mark + 1);
}

// Line ends rewritten: every CR LF, and then every lone CR or LF, becomes `end`.
std::string with_line_ends(const std::string& in, const std::string& end) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') {
            out += end;
            ++i;
        } else if (in[i] == '\r' || in[i] == '\n') {
            out += end;
        } else {
            out += in[i];
        }
    }
    return out;
}

}  // namespace

TEST_CASE("each dialect: a line of exactly the line capacity, and one byte more") {
    // '@' is padding; `payload` is the announced payload of a payload line ("" for a line without one),
    // `field` the bytes of its payload field (with quotes). A line one byte too long is reported at the
    // capacity; a payload line whose payload no longer fits, at the payload field (the announced bytes are
    // skipped), and the next line is intact either way.
    struct row {
        const dialect* d;
        std::string templ;
        std::string payload;
        std::size_t field;
        std::function<bool(bytes)> decodes;  // the dialect's typed decoder accepts the exact line
    };
    const std::vector<row> rows = {
        {&quectel_d, "+QMTOPEN: 0,\"@\",1883", "", 0, [](bytes l) { return at::decode_as<q::open>(atmqtt::at::line_event(l)).ok(); }},
        {&quectel_d, "+QMTRECV: 0,1,\"@\",5,hello", "hello", 5, [](bytes l) { return at::decode_as<q::received_message>(atmqtt::at::line_event(l)).ok(); }},
        {&quectel_d, "+QMTRECV: 0,1,\"@\",5,\"hello\"", "hello", 7, [](bytes l) { return at::decode_as<q::received_message>(atmqtt::at::line_event(l)).ok(); }},
        {&onemo_d, "+MQTTURC: \"conn\",0,@", "", 0, nullptr},
        {&onemo_d, "+MQTTURC: \"publish\",0,2,\"@\",5,5,hello", "hello", 5,
         [](bytes l) { return onemo_test::urc_status(atmqtt::at::line_event(l)).ok(); }},
        {&rhf_d, "+IMQTTSUB:@,0", "", 0, nullptr},
        {&rhf_d, "+IMQTTRCVPUB:1,\"@\",5,\"hello\"", "hello", 7, [](bytes l) { return atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(l)).ok(); }},
    };
    for (const row& r : rows) {
        const std::string exact = padded(r.templ, 64), over = padded(r.templ, 65);
        REQUIRE(exact.size() == 64);
        const std::string tail = r.payload.empty() ? "" : "|P:" + r.payload;
        check_tokens<64>(*r.d, exact + "\r\nOK\r\n", {"L:" + exact + tail, "L:OK"});
        const std::size_t offset = r.payload.empty() ? 64 : over.size() - r.field;
        check_tokens<64>(*r.d, over + "\r\nOK\r\n", {"E:at_line_too_long@" + std::to_string(offset), "L:OK"});
        if (r.decodes) {
            INFO(exact);
            CHECK(r.decodes(bytes(exact)));
        }
    }
    // Leading zeros up to the capacity are still the integer they pad.
    const auto conn = onemo_test::urc_as<onemo::connection_state>(
        atmqtt::at::line_event(bytes(padded("+MQTTURC: \"conn\",0,@1", 64, '0'))), onemo::line_connection_state);
    REQUIRE(conn.ok());
    CHECK(conn->client_idx == 0);
    // USR, through its session decoder.
    const std::string exact = padded("+MQTTSVR:@,1883", 64), over = padded("+MQTTSVR:@,1883", 65);
    check_tokens<64>(usr_d, exact + "\r\nOK\r\n", {"response:" + exact, "final:OK"});
    check_tokens<64>(usr_d, over + "\r\nOK\r\n", {"E:at_line_too_long@64:" + over.substr(0, 64), "final:OK"});
}

TEST_CASE("each dialect: a '>' inside a line or a counted payload is text, at a line start a prompt") {
    check_tokens<128>(quectel_d, "+QMTRECV: 0,1,\"a>b\",3,>\r>\r\n+QMTSTAT: 0,>1\r\n> ",
                      {"L:+QMTRECV: 0,1,\"a>b\",3,>\r>|P:>\r>", "L:+QMTSTAT: 0,>1", "P"});
    check_tokens<128>(onemo_d, "+MQTTURC: \"publish\",0,2,\"a>b\",3,3,>\n>\r\n+MQTTURC: \"conn\",0,>0\r\n>",
                      {"L:+MQTTURC: \"publish\",0,2,\"a>b\",3,3,>\n>|P:>\n>", "L:+MQTTURC: \"conn\",0,>0", "P"});
    check_tokens<128>(rhf_d, "+IMQTTRCVPUB:1,\"a>b\",3,\">\r>\"\r\n+IMQTTCOUNT: >1\r\n> ",
                      {"L:+IMQTTRCVPUB:1,\"a>b\",3,\">\r>\"|P:>\r>", "L:+IMQTTCOUNT: >1", "P"});
    check_tokens<128>(usr_d, "+MQTTSVR:a>b,1883\r\n>\r\nOK\r\n",
                      {"response:+MQTTSVR:a>b,1883", "E:at_unexpected_response@0:>", "final:OK"});
    // Decoded: the '>' bytes are the payload, the '>' inside an integer field is an error.
    const auto recv = at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"a>b\",3,>\r>")));
    REQUIRE(recv.ok());
    CHECK(recv->topic == "a>b");
    CHECK(recv->payload == ">\r>");
    CHECK(at::decode_as<q::connection_closed>(atmqtt::at::line_event(bytes("+QMTSTAT: 0,>1"))).error() == errc::at_invalid_integer);
    CHECK(at::decode_as<q::connection_closed>(atmqtt::at::line_event(bytes("+QMTSTAT: 0,>1"))).offset() == 12);
}

TEST_CASE("each dialect: CR-only and LF-only line ends give the events of CR LF") {
    struct row {
        const dialect* d;
        const char* file;
    };
    const row rows[] = {{&quectel_d, "quectel_5_1_mqtt_without_ssl"},
                        {&onemo_d, "onemo_4_1_1_plain_access"},
                        {&rhf_d, "risinghf_example_standard"},
                        {&usr_d, "usr_transparent_config"}};
    for (const row& r : rows) {
        const std::string path = vector_files::here() + "transcripts/" + r.file;
        const std::string log = vector_files::slurp(path + ".log");
        const std::string jsonl = vector_files::slurp(path + ".expected.jsonl");
        INFO(r.file);
        REQUIRE(!log.empty());
        const std::size_t expected_events =
            static_cast<std::size_t>(std::count(jsonl.begin(), jsonl.end(), '\n'));
        const router rt{*r.d};
        auto events = [&](const std::string& in, std::size_t step) {
            return r.d == &usr_d ? tokens<256>(*r.d, in, step) : rt.run(chunks(in, step));
        };
        const list crlf = events(log, 0);
        CHECK(crlf.size() == expected_events);
        for (const std::string end : {"\r", "\n", "\r\n"}) {
            const std::string converted = with_line_ends(log, end);
            INFO("line end " << (end == "\r" ? "CR" : end == "\n" ? "LF" : "CR LF"));
            CHECK(events(converted, 0) == crlf);
            CHECK(events(converted, 1) == crlf);
            CHECK(events(converted, 7) == crlf);
        }
    }
}

TEST_CASE("each dialect: announced payloads larger than the line buffer, than 32 bits, or never arriving") {
    // 80 announced bytes into a 64-byte buffer: reported once at the payload field, exactly 80 bytes
    // skipped (the CR LF, OK and '>' inside them make no lines or prompts), then the rest of the line dropped.
    const std::string eighty = std::string(30, 'x') + "\r\nOK\r\n> \r\n+QMTSTAT: 0,1\r\n" + std::string(25, 'y');
    REQUIRE(eighty.size() == 80);
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"t\",80," + eighty + "\r\nOK\r\n", {"E:at_line_too_long@21", "L:OK"});
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"t\",80,\"" + eighty + "\"\r\nOK\r\n", {"E:at_line_too_long@21", "L:OK"});
    check_tokens<64>(onemo_d, "+MQTTURC: \"publish\",0,2,\"t\",80,80," + eighty + "\r\nOK\r\n",
                     {"E:at_line_too_long@34", "L:OK"});
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"t\",80,\"" + eighty + "\"\r\nOK\r\n", {"E:at_line_too_long@22", "L:OK"});
    // 2^32 - 1 fits the length counter: the line is reported too long and the tokenizer waits for the
    // announced bytes; 2^32 does not: Quectel's optional length then starts the payload, the others'
    // mandatory length fails the line at the digit that overflows.
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"t\",4294967296,hello\r\nOK\r\n",
                     {"L:+QMTRECV: 0,1,\"t\",4294967296,hello|P:4294967296,hello", "L:OK"});
    check_tokens<64>(onemo_d, "+MQTTURC: \"publish\",0,2,\"t\",5,4294967296,hello\r\nOK\r\n",
                     {"E:at_integer_overflow@39", "L:OK"});
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"t\",4294967296,\"hello\"\r\nOK\r\n", {"E:at_integer_overflow@28", "L:OK"});
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"t\",99999999999999999999999999999,\"hello\"\r\nOK\r\n",
                     {"E:at_integer_overflow@28", "L:OK"});
    struct waiting {
        const dialect* d;
        std::string line;
        list events;
        std::size_t pending;
    };
    const waiting rows[] = {
        {&quectel_d, "+QMTRECV: 0,1,\"t\",4294967295,hello", {"E:at_line_too_long@29"}, 4294967295u - 5u},
        {&quectel_d, "+QMTRECV: 0,1,\"t\",10,hello", {}, 5},
        {&onemo_d, "+MQTTURC: \"publish\",0,2,\"t\",4294967295,4294967295,hello", {"E:at_line_too_long@50"},
         4294967295u - 5u},
        {&onemo_d, "+MQTTURC: \"publish\",0,2,\"t\",10,10,hello", {}, 5},
        {&rhf_d, "+IMQTTRCVPUB:1,\"t\",4294967295,\"hello", {"E:at_line_too_long@30"}, 4294967295u - 5u},
        {&rhf_d, "+IMQTTRCVPUB:1,\"t\",10,\"hello", {}, 5},
    };
    for (const waiting& w : rows) {
        INFO(w.d->name << ": " << w.line);
        at::tokenizer<64> tok(w.d->rules, w.d->lexical);
        REQUIRE(tok.feed(w.line).ok());
        list got;
        while (at::event ev = tok.next()) got.push_back(show(ev));
        CHECK(got == w.events);
        CHECK(tok.mid_payload());
        CHECK(tok.pending() == w.pending);
        tok.reset();
        CHECK(tok.idle());
        REQUIRE(tok.feed("OK\r\n").ok());
        CHECK(show(tok.next()) == "L:OK");
    }
}

TEST_CASE("each dialect: a payload line whose header alone exceeds the line buffer") {
    // The fields before the length (here a long topic) overflow the line buffer: after at_line_too_long
    // the tokenizer still reads the length and skips exactly the announced bytes, so a remote publisher's
    // payload "\r\nOK\r\n" or "\r\n+QMTSTAT: 0,1\r\n" cannot fake a final result or a URC.
    const std::string topic(80, 't');
    const std::string payload = "\r\nOK\r\n> \r\n+QMTSTAT: 0,1\r\n";  // 25 bytes
    REQUIRE(payload.size() == 25);
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"" + topic + "\",25," + payload + "\r\nOK\r\n",
                     {"E:at_line_too_long@64", "L:OK"});
    check_tokens<64>(onemo_d, "+MQTTURC: \"publish\",0,2,\"" + topic + "\",25,25," + payload + "\r\nOK\r\n",
                     {"E:at_line_too_long@64", "L:OK"});
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"" + topic + "\",25,\"" + payload + "\"\r\nOK\r\n",
                     {"E:at_line_too_long@64", "L:OK"});
}

TEST_CASE("each dialect: unterminated quotes in payload lines") {
    // A topic quote that never closes hides the length field: the line ends at its line end, without payload.
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"t,5,hello\r\nOK\r\n", {"L:+QMTRECV: 0,1,\"t,5,hello", "L:OK"});
    check_tokens<64>(onemo_d, "+MQTTURC: \"publish\",0,2,\"t,5,5,hello\r\nOK\r\n",
                     {"L:+MQTTURC: \"publish\",0,2,\"t,5,5,hello", "L:OK"});
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"t,5,\"hello\"\r\nOK\r\n", {"L:+IMQTTRCVPUB:1,\"t,5,\"hello\"", "L:OK"});
    check_tokens<64>(usr_d, "+MQTTSVR:\"host,1883\r\nOK\r\n",
                     {"E:at_unterminated_quote@9:+MQTTSVR:\"host,1883", "final:OK"});
    // A quoted payload whose closing quote is missing after the counted bytes: the `either` rules (Quectel,
    // RisingHF) take the quote as the first payload byte, and the typed decoder then refuses the line (a
    // quoted-only rule drops the line: tests/hostile/test_at.cpp).
    check_tokens<64>(rhf_d, "+IMQTTRCVPUB:1,\"t\",5,\"hello\r\nOK\r\n",
                     {"L:+IMQTTRCVPUB:1,\"t\",5,\"hello|P:\"hell", "L:OK"});
    CHECK(atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:1,\"t\",5,\"hello"))).error() == errc::at_payload_mismatch);
    CHECK(atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:1,\"t\",5,\"hello"))).offset() == 26);
    CHECK(at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t\",5,\"hello"))).error() == errc::at_payload_mismatch);
    CHECK(at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t\",5,\"hello"))).offset() == 25);
    check_tokens<64>(quectel_d, "+QMTRECV: 0,1,\"t\",5,\"hello\r\nOK\r\n",
                     {"L:+QMTRECV: 0,1,\"t\",5,\"hello|P:\"hell", "L:OK"});
    // The typed decoders report the quote.
    CHECK(at::decode_as<q::received_message>(atmqtt::at::line_event(bytes("+QMTRECV: 0,1,\"t,5,hello"))).error() == errc::at_unterminated_quote);
    CHECK(onemo_test::urc_status(atmqtt::at::line_event(bytes("+MQTTURC: \"publish\",0,2,\"t,5,5,hello"))).error() == errc::at_unterminated_quote);
    CHECK(atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:1,\"t,5,\"hello\""))).error() == errc::at_unexpected_character);
}

TEST_CASE("each dialect: URCs at every line boundary of a real transaction") {
    // One transaction per dialect (from its transcripts) and hostile URCs of that dialect: payloads holding
    // CR LF, "OK" and "> ". They are inserted wherever the tokenizer is between lines (also between the
    // CR and LF of a line end; never between '>' and its space); the transaction's events must stay as
    // they are, in order, and the URCs come out as URCs where they were inserted.
    struct row {
        const dialect* d;
        const at::command* command;
        at::form form;
        std::string stream;
        list events;
        std::string urcs;
        list urc_events;
    };
    const std::vector<row> rows = {
        {&quectel_d, &q::cmd::qmtpubex, at::form::set,
         "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r\r\n>This is test data, hello MQTT.\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n",
         {"echo:AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30", "prompt:>", "response:This is test data, hello MQTT.",
          "final_ok:OK", "deferred:+QMTPUBEX: 0,0,0"},
         "\r\n+QMTRECV: 0,1,\"t\",8,\r\nOK\r\n> \r\n\r\n+QMTSTAT: 0,1\r\n",
         {"urc:+QMTRECV: 0,1,\"t\",8,\r\nOK\r\n> |P:\r\nOK\r\n> ", "urc:+QMTSTAT: 0,1"}},
        {&onemo_d, &onemo::cmd::mqttpub, at::form::set,
         "AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"\r\r\n+MQTTPUB: 0,18798,15\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,18798,0\r\n",
         {"echo:AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"", "response:+MQTTPUB: 0,18798,15", "final_ok:OK",
          "urc:+MQTTURC: \"puback\",0,18798,0"},
         "\r\n+MQTTURC: \"publish\",0,2,\"t\",8,8,\r\nOK\r\n> \r\n\r\n+MQTTURC: \"pingresp\",0,0\r\n",
         {"urc:+MQTTURC: \"publish\",0,2,\"t\",8,8,\r\nOK\r\n> |P:\r\nOK\r\n> ", "urc:+MQTTURC: \"pingresp\",0,0"}},
        {&rhf_d, &rhf::cmd::imqttpubex, at::form::set,
         "AT+IMQTTPUBEX= /a1R3d3WsBI0/test1/user/test,1,0,14\r\r\n>test message!!\r\nOK\r\n\r\n+IMQTTPUBEX:11,0\r\n",
         {"echo:AT+IMQTTPUBEX= /a1R3d3WsBI0/test1/user/test,1,0,14", "prompt:>", "response:test message!!",
          "final_ok:OK", "deferred:+IMQTTPUBEX:11,0"},
         "\r\n+IMQTTRCVPUB:1,\"t\",8,\"\r\nOK\r\n> \"\r\n\r\n+IMQTTCOUNT: 10\r\n",
         {"urc:+IMQTTRCVPUB:1,\"t\",8,\"\r\nOK\r\n> \"|P:\r\nOK\r\n> ", "urc:+IMQTTCOUNT: 10"}},
        // USR has no URCs: a line of another part of the modem stands in for one.
        {&usr_d, &usr::cmd::mqttsubtp, at::form::read,
         "AT+MQTTSUBTP\r\r\n+MQTTSUBTP:\r\n1,1,/SubTopic1,0\r\n2,0,/SubTopic2,0\r\n\r\nOK\r\n",
         {"echo:AT+MQTTSUBTP", "response:+MQTTSUBTP:", "response:1,1,/SubTopic1,0", "response:2,0,/SubTopic2,0",
          "final_ok:OK"},
         "\r\n+CSQ: 20,99\r\n", {"urc:+CSQ: 20,99"}},
    };
    for (const row& r : rows) {
        INFO(r.d->name);
        const router rt{*r.d, r.command, r.form};
        std::vector<std::size_t> emitted;
        REQUIRE(rt.run(chunks(r.stream, 1), &emitted) == r.events);
        REQUIRE(rt.run(chunks(r.stream, 0)) == r.events);
        // The positions between lines.
        std::vector<std::size_t> positions;
        {
            at::tokenizer<256> tok(r.d->rules, r.d->lexical);
            positions.push_back(0);
            for (std::size_t i = 0; i < r.stream.size(); ++i) {
                REQUIRE(tok.feed(bytes(&r.stream[i], 1)).ok());
                while (tok.next()) {
                }
                const bool prompt_space = r.stream[i] == '>' && i + 1 < r.stream.size() && r.stream[i + 1] == ' ';
                if (tok.idle() && !prompt_space) positions.push_back(i + 1);
            }
        }
        CHECK(positions.size() >= r.events.size() + 1);
        for (std::size_t p : positions) {
            INFO("URCs inserted at " << p);
            const std::string stream = r.stream.substr(0, p) + r.urcs + r.stream.substr(p);
            list expected;
            std::size_t k = 0;
            while (k < r.events.size() && emitted[k] <= p) expected.push_back(r.events[k++]);
            expected.insert(expected.end(), r.urc_events.begin(), r.urc_events.end());
            expected.insert(expected.end(), r.events.begin() + static_cast<std::ptrdiff_t>(k), r.events.end());
            CHECK(rt.run(chunks(stream, 0)) == expected);
            CHECK(rt.run(chunks(stream, 1)) == expected);
            for (std::size_t split = 1; split < stream.size(); ++split) {
                const list got = rt.run(chunks(stream, std::string::npos, split));
                if (got != expected) {
                    INFO("split at " << split);
                    CHECK(got == expected);
                    break;
                }
            }
        }
    }
}
