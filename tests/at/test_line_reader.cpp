#include <atmqtt/at/line_reader.hpp>
#include <atmqtt/at/tokenizer.hpp>

#include <string>
#include <vector>

#include "../catch.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using atmqtt::errc;

namespace {

struct read_result {
    errc error = errc::ok;
    std::size_t offset = 0;
    std::vector<at::field_value> values;
};

read_result read(const at::line& desc, std::string_view text, const at::syntax& lex = td::lexical) {
    at::field_value slots[16];
    auto r = at::read_line(desc, text, lex, slots);
    read_result out;
    out.error = r.error();
    out.offset = r.offset();
    if (r.ok()) out.values.assign(slots, slots + *r);
    return out;
}

std::vector<long> numbers(const read_result& r) {
    std::vector<long> n;
    for (const auto& v : r.values) n.push_back(v.present ? v.number : -999);
    return n;
}

// A constant expression reads a line too.
constexpr bool constexpr_read() {
    at::field_value v[4];
    auto r = at::read_line(td::open_result, atmqtt::bytes("+TOPEN: 3,-1"), td::lexical, v);
    return r.ok() && *r == 2 && v[0].number == 3 && v[1].number == -1 && v[1].offset == 10;
}
static_assert(constexpr_read());

}  // namespace

TEST_CASE("line reader: integers, ranges and counts") {
    auto r = read(td::open_result, "+TOPEN: 0,-1");
    REQUIRE(r.error == errc::ok);
    CHECK(numbers(r) == std::vector<long>{0, -1});
    CHECK(r.values[0].offset == 8);
    CHECK(r.values[1].offset == 10);

    r = read(td::open_result, "+TOPEN: 6,0");
    CHECK(r.error == errc::out_of_range);
    CHECK(r.offset == 8);
    CHECK(read(td::open_result, "+TOPEN: 0,6").error == errc::out_of_range);
    CHECK(read(td::open_result, "+TOPEN: 0").error == errc::at_missing_field);
    CHECK(read(td::open_result, "+TOPEN: 0,").error == errc::at_missing_field);
    r = read(td::open_result, "+TOPEN: 0,1,2");
    CHECK(r.error == errc::at_too_many_fields);
    CHECK(r.offset == 12);
    CHECK(read(td::open_result, "+TOPEN: \"0\",1").error == errc::at_invalid_integer);
    CHECK(read(td::open_result, "+TOPEN: 0x1,1").error == errc::at_invalid_integer);
    CHECK(read(td::open_result, "+TOPEN: 99999999999999999999,1").error == errc::at_integer_overflow);
    CHECK(read(td::open_result, "+TOPENX: 0,1").error == errc::at_unknown_response);
    CHECK(read(td::open_result, "+TSUB: 0,1").error == errc::at_unknown_response);
    CHECK(read(td::open_result, "OK").error == errc::at_unknown_response);
    // Spaces around fields are tolerated, as is the dialect's space before ':'.
    CHECK(numbers(read(td::open_result, "+TOPEN :  1 , 2 ")) == std::vector<long>{1, 2});
}

TEST_CASE("line reader: repeated groups") {
    CHECK(numbers(read(td::sub_result, "+TSUB: 0,1,0")) == std::vector<long>{0, 1, 0});
    CHECK(numbers(read(td::sub_result, "+TSUB: 0,1,0,1,2,0,1")) == std::vector<long>{0, 1, 0, 1, 2, 0, 1});
    CHECK(read(td::sub_result, "+TSUB: 0,1,0,1,2,0,1,2").error == errc::at_too_many_fields);
    CHECK(read(td::sub_result, "+TSUB: 0,1,0,256").error == errc::out_of_range);
    CHECK(read(td::sub_result, "+TSUB: 0,1,0,").error == errc::at_missing_field);

    auto r = read(td::suback_urc, "+TURC: \"suback\",0,5,0,1,128");
    REQUIRE(r.error == errc::ok);
    CHECK(numbers(r) == std::vector<long>{0, 5, 0, 1, 128});
    CHECK(read(td::suback_urc, "+TURC: \"suback\",0,5").error ==
          errc::at_missing_field);  // at least one code
    CHECK(read(td::suback_urc, "+TURC: \"suback\",0,5,129").error == errc::out_of_range);
}

TEST_CASE("line reader: selectors") {
    auto r = read(td::conn_urc, "+TURC: \"conn\",1,4");
    REQUIRE(r.error == errc::ok);
    CHECK(numbers(r) == std::vector<long>{1, 4});
    CHECK(numbers(read(td::conn_urc, "+TURC: conn,1,4")) == std::vector<long>{1, 4});  // unquoted: tolerated
    r = read(td::conn_urc, "+TURC: \"publish\",1,4");
    CHECK(r.error == errc::at_invalid_enum);
    CHECK(r.offset == 7);
    CHECK(read(td::conn_urc, "+TURC: \"conn\"").error == errc::at_missing_field);
}

TEST_CASE("line reader: strings, words and whole-word lines") {
    auto r = read(td::lines[9], "+TSTATE: CONNECTED");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[0].text == "CONNECTED");
    CHECK(!r.values[0].quoted);
    r = read(td::lines[9], "+TSTATE: \"DISCONNECTED\"");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[0].text == "DISCONNECTED");
    CHECK(r.values[0].quoted);
    CHECK(read(td::lines[9], "+TSTATE: connected").error == errc::at_invalid_enum);
    CHECK(read(td::lines[9], "+TSTATE: (1,2)").error == errc::at_unexpected_character);

    CHECK(numbers(read(td::lines[10], "+TCFG: \"keepalive\",120")) == std::vector<long>{120});
    CHECK(read(td::lines[11], "RDY").error == errc::ok);
    CHECK(read(td::lines[11], "RDY").values.empty());
    CHECK(read(td::lines[11], "RDYX").error == errc::at_unknown_response);

    // Topic lengths count the decoded bytes: the test dialect escapes with backslashes.
    std::string topic(256, 't');
    CHECK(read(td::recv_urc, "+TRECV: 0,1,\"" + topic + "\",1,x").error == errc::ok);
    CHECK(read(td::recv_urc, "+TRECV: 0,1,\"" + topic + "t\",1,x").error == errc::too_long);
    CHECK(read(td::recv_urc, "+TRECV: 0,1,\"\",1,x").error == errc::out_of_range);
    r = read(td::recv_urc, "+TRECV: 0,1,\"a\\\"b\",1,x");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[2].text == "a\\\"b");  // escapes are left for the caller to decode
    CHECK(read(td::recv_urc, "+TRECV: 0,1,\"a\\xb\",1,x").error == errc::at_unexpected_character);
}

TEST_CASE("line reader: raw payloads and their length fields") {
    // Bare payload with CR LF and a comma inside: exactly `payload_len` bytes.
    auto r = read(td::recv_urc, "+TRECV: 0,7,\"t/x\",5,a\r\nb,");
    REQUIRE(r.error == errc::ok);
    REQUIRE(r.values.size() == 5);
    CHECK(r.values[3].present);
    CHECK(r.values[3].number == 5);
    CHECK(r.values[4].text == "a\r\nb,");
    CHECK(!r.values[4].quoted);
    // Quoted payload (the field allows either): the quotes are not part of it.
    r = read(td::recv_urc, "+TRECV: 0,7,\"t\",3,\"a,b\"");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[4].text == "a,b");
    CHECK(r.values[4].quoted);
    // The length may be absent: the payload is then the rest of the line.
    r = read(td::recv_urc, "+TRECV: 0,8,\"t\",x,y");
    REQUIRE(r.error == errc::ok);
    REQUIRE(r.values.size() == 5);
    CHECK(!r.values[3].present);
    CHECK(r.values[4].text == "x,y");
    r = read(td::recv_urc, "+TRECV: 0,8,\"t\",12");  // a lone number is the payload, not a length
    REQUIRE(r.error == errc::ok);
    CHECK(!r.values[3].present);
    CHECK(r.values[4].text == "12");
    r = read(td::recv_urc, "+TRECV: 0,8,\"t\",\"quoted, no length\"");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[4].text == "quoted, no length");
    // A length that disagrees with the payload.
    CHECK(read(td::recv_urc, "+TRECV: 0,7,\"t\",4,abc").error == errc::at_payload_mismatch);
    CHECK(read(td::recv_urc, "+TRECV: 0,7,\"t\",2,abc").error == errc::at_payload_mismatch);
    CHECK(read(td::recv_urc, "+TRECV: 0,7,\"t\",0,").error == errc::ok);
    CHECK(read(td::recv_urc, "+TRECV: 0,7,\"t\"").error == errc::at_missing_field);

    // OneMO-style: selector, two lengths, a bare payload that holds "OK" on a line of its own.
    r = read(td::publish_urc, "+TURC: \"publish\",0,3,\"a/b\",9,9,x\r\nOK\r\n\",");
    REQUIRE(r.error == errc::ok);
    CHECK(numbers(r) == std::vector<long>{0, 3, 0, 9, 9, 0});  // text fields read as number 0
    CHECK(r.values[2].text == "a/b");
    CHECK(r.values[5].text == "x\r\nOK\r\n\",");
    // The payload field is bare: quotes are payload bytes, so a 2-byte payload "ab" quoted is 4 bytes.
    CHECK(read(td::publish_urc, "+TURC: \"publish\",0,3,\"a\",2,2,\"ab\"").error ==
          errc::at_payload_mismatch);
    CHECK(read(td::publish_urc, "+TURC: \"publish\",0,3,\"a\",4,4,\"ab\"").values.at(5).text == "\"ab\"");

    // RisingHF-style quoted payload: the quotes are required.
    r = read(td::rcvpub_urc, "+TRCVPUB:7,\"t\",4,\"\r\n>\"\"");
    REQUIRE(r.error == errc::ok);
    CHECK(r.values[3].text == "\r\n>\"");
    CHECK(read(td::rcvpub_urc, "+TRCVPUB:7,\"t\",4,abcd").error == errc::at_payload_mismatch);
}

TEST_CASE("line reader: slots and offsets") {
    at::field_value two[2];
    auto r = at::read_line(td::sub_result, atmqtt::bytes("+TSUB: 0,1,0,1"), td::lexical, two);
    CHECK(r.error() == errc::buffer_too_small);
    r = at::read_line(td::open_result, atmqtt::bytes("+TOPEN: 0,1"), td::lexical, two);
    REQUIRE(r.ok());
    CHECK(*r == 2);
    CHECK(r.offset() == 11);
}

TEST_CASE("line reader: the tokenizer's payload lines read the same at every split") {
    const std::string stream =
        "\r\n+TRECV: 0,7,\"t/x\",5,a\r\nb,\r\n+TURC: \"publish\",0,3,\"a/b\",4,4,\"\r\n\"\r\n";
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        at::tokenizer<128> tok(td::payload_rule_span, td::lexical);
        std::vector<std::string> payloads;
        auto drain = [&] {
            while (auto ev = tok.next()) {
                REQUIRE(ev.is_line());
                const at::line& desc = ev.rule == 0 ? td::recv_urc : td::publish_urc;
                at::field_value v[8];
                auto r = at::read_line(desc, ev, td::lexical, v);
                REQUIRE(r.ok());
                payloads.emplace_back(v[*r - 1].text);
                CHECK(v[*r - 1].text == ev.payload);  // the reader and the tokenizer agree
            }
        };
        REQUIRE(tok.feed(std::string_view(stream).substr(0, cut)).ok());
        drain();
        REQUIRE(tok.feed(std::string_view(stream).substr(cut)).ok());
        drain();
        CAPTURE(cut);
        CHECK(payloads == std::vector<std::string>{"a\r\nb,", "\"\r\n\""});
    }
}

TEST_CASE("line reader: hex digits to bytes") {
    char out[4];
    auto r = at::hex_to_bytes("00aBff", atmqtt::mutable_bytes(out));
    REQUIRE(r.ok());
    CHECK(std::string(out, *r) == std::string("\x00\xab\xff", 3));
    CHECK(at::hex_to_bytes("abc", atmqtt::mutable_bytes(out)).error() == errc::at_invalid_hex);
    CHECK(at::hex_to_bytes("0g", atmqtt::mutable_bytes(out)).error() == errc::at_invalid_hex);
    CHECK(at::hex_to_bytes("0g", atmqtt::mutable_bytes(out)).offset() == 1);
    CHECK(at::hex_to_bytes("0011223344", atmqtt::mutable_bytes(out)).error() == errc::buffer_too_small);
}
