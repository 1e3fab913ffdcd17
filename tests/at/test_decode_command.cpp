// Command-line decoding (at/decode_command.hpp) against the test dialect's command descriptors, and the
// round trip with the writer.
#include "decoded_command.hpp"
#include <atmqtt/at/writer.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <string_view>

namespace at = atmqtt::at;
using atmqtt::errc;
using std::string_view;

namespace {

constexpr const at::grammar& g = test_dialect::grammar;

constexpr at::decoded_command<12> ok(string_view text) { return *test_decode::command<12>(g, text); }
constexpr errc err(string_view text) { return test_decode::command<12>(g, text).error(); }
constexpr std::size_t err_at(string_view text) { return test_decode::command<12>(g, text).offset(); }

// ---- compile-time proofs --------------------------------------------------------------------------
static_assert(ok("AT+TOPEN=0,\"broker\",1883\r").desc == &test_dialect::commands[4]);
static_assert(ok("AT+TOPEN=0,\"broker\",1883\r").which == at::form::set);
static_assert(ok("AT+TOPEN=0,\"broker\",1883\r").params.find("port")->number == 1883);
static_assert(ok("AT+TOPEN=0,\"broker\",1883").params.find("host_name")->text == "broker");
static_assert(ok("AT+TOPEN?\r").which == at::form::read);
static_assert(ok("AT+TOPEN=?\r").which == at::form::test);
static_assert(ok("AT+TDISC\r").which == at::form::execute);
static_assert(ok("at+tdisc\r").desc == &test_dialect::commands[14]);
static_assert(ok("AT+TCFG=\"keepalive\",1,60").desc == &test_dialect::commands[1]);
static_assert(ok("AT+TCFG=?").desc == &test_dialect::commands[0]);
static_assert(err("AT+NOPE=1") == errc::at_unknown_command);
static_assert(err("AT+TDISC?") == errc::at_unsupported_form);
static_assert(err("AT+TOPEN=0,\"broker\",0") == errc::out_of_range);
static_assert(err_at("AT+TOPEN=0,\"broker\",0") == 20);

}  // namespace

TEST_CASE("decode_command: set form, exact values and offsets", "[at][decode_command]") {
    auto r = test_decode::command<4>(g, "AT+TOPEN=3,\"broker\",1883\r");
    REQUIRE(r.ok());
    CHECK(r->desc == &test_dialect::commands[4]);  // the grammar's copy of the descriptor
    CHECK(r->desc->name == "TOPEN");
    CHECK(r->which == at::form::set);
    CHECK(r->params.prefix == "TOPEN");
    REQUIRE(r->params.count == 3);
    CHECK(r->params.fields()[0].kind == at::value_kind::integer);
    CHECK(r->params.fields()[0].number == 3);
    CHECK(r->params.fields()[0].offset == 9);
    CHECK(r->params.fields()[0].spec == 0);
    CHECK(r->params.fields()[1].kind == at::value_kind::text);
    CHECK(r->params.fields()[1].quoted);
    CHECK(r->params.fields()[1].text == "broker");
    CHECK(r->params.fields()[1].offset == 11);
    CHECK(r->params.fields()[2].number == 1883);
    CHECK(r->params.fields()[2].offset == 20);
    CHECK(r->params.spec_of(r->params.fields()[2])->name == "port");
}

TEST_CASE("decode_command: forms without parameters", "[at][decode_command]") {
    auto t = test_decode::command<4>(g, "AT+TRECV=?\r");
    REQUIRE(t.ok());
    CHECK(t->which == at::form::test);
    CHECK(t->params.count == 0);
    auto rd = test_decode::command_with<4>(test_dialect::recv, "AT+TRECV?\r\n", test_dialect::lexical);
    REQUIRE(rd.ok());
    CHECK(rd->which == at::form::read);
    CHECK(rd->desc == &test_dialect::recv);
    auto ex = test_decode::command_with<4>(test_dialect::disc, "at+TDisc");
    REQUIRE(ex.ok());
    CHECK(ex->which == at::form::execute);
    CHECK(ex->params.prefix == "TDisc");
}

TEST_CASE("decode_command: sub-commands, optional parameters, literals and words", "[at][decode_command]") {
    auto k = test_decode::command<4>(g, "AT+TCFG=\"KeepAlive\",2\r");
    REQUIRE(k.ok());
    CHECK(k->desc->selector == "keepalive");
    CHECK(k->params.selector == "KeepAlive");
    REQUIRE(k->params.count == 2);
    CHECK(k->params.fields()[0].number == 2);
    CHECK(k->params.fields()[1].kind == at::value_kind::absent);
    CHECK(k->params.fields()[1].spec == 1);
    CHECK(k->params.fields()[1].offset == 21);

    auto t = test_decode::command<4>(g, "AT+TCFG=\"timeout\",1,,3,0");
    REQUIRE(t.ok());
    CHECK(t->desc->selector == "timeout");
    REQUIRE(t->params.count == 4);
    CHECK(t->params.fields()[1].kind == at::value_kind::absent);
    CHECK(t->params.fields()[2].number == 3);
    CHECK(t->params.fields()[3].number == 0);

    auto p = test_decode::command<8>(g, "AT+TPARA=TIMEOUT,2,CLEAN,1,VERSION,3.1.1\r");
    REQUIRE(p.ok());
    REQUIRE(p->params.count == 6);
    CHECK(p->params.fields()[0].kind == at::value_kind::literal);
    CHECK(p->params.fields()[0].text == "TIMEOUT");
    CHECK(p->params.fields()[5].kind == at::value_kind::word);
    CHECK(p->params.fields()[5].number == 1);
    CHECK(p->params.find("version")->text == "3.1.1");

    // An empty field: an empty text where the parameter is required, absent where it is optional.
    auto u = test_decode::command<4>(g, "AT+TUSER=,\r");
    REQUIRE(u.ok());
    REQUIRE(u->params.count == 2);
    CHECK(u->params.fields()[0].kind == at::value_kind::text);
    CHECK(u->params.fields()[0].text.empty());
    CHECK(u->params.fields()[1].kind == at::value_kind::absent);
    CHECK(u->params.fields()[1].offset == 10);
    auto quoted = test_decode::command<8>(g, "AT+TCONN=0,\"h\",1,,\"\",x");
    REQUIRE(quoted.ok());
    REQUIRE(quoted->params.count == 6);
    CHECK(quoted->params.fields()[3].kind == at::value_kind::absent);  // clientid: optional, min 1, left out
    CHECK(quoted->params.fields()[4].kind == at::value_kind::text);    // user: "" is an empty text
    CHECK(quoted->params.fields()[4].quoted);
    CHECK(quoted->params.fields()[5].text == "x");

    auto h = test_decode::command<4>(g, "AT+TPUBHEX=a/b,1,0aFF\r");
    REQUIRE(h.ok());
    REQUIRE(h->params.count == 4);
    CHECK(h->params.fields()[2].kind == at::value_kind::hex);
    char octets[2] = {};
    REQUIRE(h->params.fields()[2].decode_hex(atmqtt::mutable_bytes(octets, 2)).ok());
    CHECK(octets[0] == '\x0a');
    CHECK(octets[1] == '\xff');
    CHECK(h->params.fields()[3].kind == at::value_kind::absent);
}

TEST_CASE("decode_command: repeated group", "[at][decode_command]") {
    auto r = test_decode::command<12>(g, "AT+TSUB=0,7,\"a\",1,\"b\",2\r");
    REQUIRE(r.ok());
    CHECK(r->params.repetitions == 2);
    REQUIRE(r->params.count == 6);
    CHECK(r->params.fields()[4].text == "b");
    CHECK(r->params.fields()[4].spec == 2);
    CHECK(r->params.fields()[4].repetition == 1);
    CHECK(r->params.fields()[5].spec == 3);
    CHECK(r->params.fields()[5].number == 2);

    auto missing = test_decode::command<12>(g, "AT+TSUB=0,7");
    CHECK(missing.error() == errc::at_missing_field);
    CHECK(missing.offset() == 11);
    auto half = test_decode::command<12>(g, "AT+TSUB=0,7,\"a\"");
    CHECK(half.error() == errc::at_missing_field);
    CHECK(half.offset() == 15);
    auto many = test_decode::command<12>(g, "AT+TSUB=0,7,a,0,b,0,c,0,d,0,e,0");
    CHECK(many.error() == errc::at_too_many_fields);
    CHECK(many.offset() == 28);
    auto full = test_decode::command<4>(g, "AT+TSUB=0,7,a,0,b,0");
    CHECK(full.error() == errc::capacity_exceeded);
    CHECK(full.offset() == 16);
}

TEST_CASE("decode_command: every error with its offset", "[at][decode_command]") {
    struct bad_case {
        string_view text;
        errc error;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"", errc::at_unexpected_character, 0},
        {"XT+TOPEN?", errc::at_unexpected_character, 0},
        {"Ax+TOPEN?", errc::at_unexpected_character, 1},
        {"aT+TOPEN?", errc::at_unexpected_character, 1},
        {"AT", errc::at_unexpected_character, 2},
        {"AT&TOPEN", errc::at_unexpected_character, 2},
        {"AT+", errc::at_unexpected_character, 3},
        {"AT+=1", errc::at_unexpected_character, 3},
        {"AT+TOPEN ?", errc::at_unexpected_character, 8},
        {"AT+TOPEN?x", errc::at_unexpected_character, 9},
        {"AT+TOPEN=?x", errc::at_unexpected_character, 10},
        {"AT+TOPEN=0\r,\"b\",1\r", errc::at_unexpected_character, 10},
        {"AT+NOPE?", errc::at_unknown_command, 3},
        {"AT+TDISC=?", errc::at_unsupported_form, 8},
        {"AT+TSTATE", errc::at_unsupported_form, 9},
        {"AT+TOPEN", errc::at_unsupported_form, 8},
        {"AT+TOPEN=", errc::at_missing_field, 9},
        {"AT+TOPEN=0,\"broker\"", errc::at_missing_field, 19},
        {"AT+TOPEN=0,\"broker\",1,2", errc::at_too_many_fields, 22},
        {"AT+TOPEN=9,\"broker\",1", errc::out_of_range, 9},
        {"AT+TOPEN=x,\"broker\",1", errc::at_invalid_integer, 9},
        {"AT+TOPEN=0,\"broker\",99999999999999999999", errc::at_integer_overflow, 38},
        {"AT+TOPEN=0,\"broker,1", errc::at_unterminated_quote, 11},
        {"AT+TOPEN=0,\"b\"x,1", errc::at_unexpected_character, 14},
        {"AT+TOPEN=0,(1-2),1", errc::at_type_mismatch, 11},
        {"AT+TOPEN=0,\"\",1", errc::out_of_range, 11},
        {"AT+TCFG=\"nope\",1", errc::at_invalid_enum, 8},
        {"AT+TCFG=", errc::at_missing_field, 8},
        {"AT+TMODE=MAYBE", errc::at_invalid_enum, 9},
        {"AT+TPARA=TIMEOUT,2,CLEAN,1,VERSION,5", errc::at_invalid_enum, 35},
        {"AT+TPARA=TIMEOUT,2,DIRTY,1,VERSION,3.1", errc::at_invalid_enum, 19},
        {"AT+TPUBHEX=t,0,ABC", errc::at_invalid_hex, 15},
        {"AT+TPUBHEX=t,0,ZZ", errc::at_invalid_hex, 15},
        {"AT+TCFG=\"timeout\",1,,,0", errc::at_invalid_integer, 21},
    };
    for (const bad_case& c : cases) {
        INFO(c.text);
        auto r = test_decode::command<12>(g, c.text);
        CHECK(r.error() == c.error);
        CHECK(r.offset() == c.offset);
    }
}

TEST_CASE("decode_command: whatever the writer writes decodes back", "[at][decode_command]") {
    char buf[96] = {};
    atmqtt::mutable_bytes out(buf, sizeof buf);
    const at::value args[] = {5, "a \"quoted\" \\ host", 65535};
    auto n = at::write_command(test_dialect::lexical, test_dialect::open, at::form::set, args, out);
    REQUIRE(n.ok());
    string_view line(buf, *n);
    auto r = test_decode::command_with<4>(test_dialect::open, line, test_dialect::lexical);
    REQUIRE(r.ok());
    REQUIRE(r->params.count == 3);
    char text[32] = {};
    auto len = r->params.fields()[1].decode_text(test_dialect::lexical, atmqtt::mutable_bytes(text, sizeof text));
    REQUIRE(len.ok());
    CHECK(string_view(text, *len) == "a \"quoted\" \\ host");
    CHECK(r->params.fields()[2].number == 65535);
}
