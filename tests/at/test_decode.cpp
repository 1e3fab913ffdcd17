// Generic line decoding against the test dialect's descriptors.
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/decode.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <string>
#include <string_view>

namespace at = atmqtt::at;
using atmqtt::errc;
using std::string_view;

namespace {

constexpr const at::grammar& g = test_dialect::grammar;

template <std::size_t N = 12>
constexpr at::decoded_line<N> ok(string_view text) {
    return *at::decode<N>(g, at::line_event(text));
}

constexpr errc err(string_view text) { return at::decode<12>(g, at::line_event(text)).error(); }
constexpr std::size_t err_at(string_view text) { return at::decode<12>(g, at::line_event(text)).offset(); }

// ---- compile-time proofs --------------------------------------------------------------------------
static_assert(ok("+TOPEN: 0,-1").desc == &test_dialect::open_result);
static_assert(ok("+TOPEN: 0,-1").values[1].number == -1);
static_assert(ok("+TSTAT: 3,17").find("err_code")->number == 17);
static_assert(ok("+TURC: \"conn\",1,3").desc == &test_dialect::conn_urc);
static_assert(ok("+TURC: \"conn\",1,3").selector == "conn");
static_assert(ok("+TRECV: 0,5,\"a/b\",2,hi").find("payload")->text == "hi");
static_assert(ok("RDY").desc == &test_dialect::lines[11]);
static_assert(err("+TOPEN: 0") == errc::at_missing_field);
static_assert(err("+TOPEN: 0,1,2") == errc::at_too_many_fields);
static_assert(err("+TOPEN: 0,9") == errc::out_of_range);
static_assert(err("+TOPEN: 0,x") == errc::at_invalid_integer);
static_assert(err("+TOPEN: 0,99999999999999999999") == errc::at_integer_overflow);
static_assert(err("+NOPE: 1") == errc::at_unknown_response);
static_assert(err_at("+TOPEN: 0,9") == 10);

}  // namespace

TEST_CASE("decode: integers, range checks and error offsets", "[at][decode]") {
    auto r = at::decode<4>(g, at::line_event("+TOPEN: 3,-1"));
    REQUIRE(r.ok());
    CHECK(r->desc == &test_dialect::open_result);
    REQUIRE(r->count == 2);
    CHECK(r->values[0].kind == at::value_kind::integer);
    CHECK(r->values[0].number == 3);
    CHECK(r->values[0].offset == 8);
    CHECK(r->values[1].number == -1);
    CHECK(r->values[1].offset == 10);
    CHECK(r->spec_of(r->values[1])->name == "result");

    auto bad = at::decode<4>(g, at::line_event("+TOPEN: 6,0"));
    CHECK(bad.error() == errc::out_of_range);
    CHECK(bad.offset() == 8);
    bad = at::decode<4>(g, at::line_event("+TOPEN: 1,\"0\""));
    CHECK(bad.error() == errc::at_invalid_integer);
    CHECK(bad.offset() == 10);
    bad = at::decode<4>(g, at::line_event("+TOPEN: 1,0,"));
    CHECK(bad.error() == errc::at_too_many_fields);
    CHECK(bad.offset() == 12);
    bad = at::decode<4>(g, at::line_event("+TOPEN: 1"));
    CHECK(bad.error() == errc::at_missing_field);
    CHECK(bad.offset() == 9);
}

TEST_CASE("decode: selectors pick the descriptor; unknown prefixes and selectors", "[at][decode]") {
    auto conn = at::decode<4>(g, at::line_event("+TURC: \"conn\",2,0"));
    REQUIRE(conn.ok());
    CHECK(conn->desc == &test_dialect::conn_urc);
    CHECK(conn->count == 2);
    CHECK(conn->find("connect_id")->number == 2);
    CHECK(conn->find("conn_state")->number == 0);
    CHECK(at::decode<4>(g, at::line_event("+TURC: \"CONN\",2,0")).ok());  // selectors compare without case
    CHECK(at::decode<4>(g, at::line_event("+TURC: \"other\",2,0")).error() == errc::at_unknown_response);
    CHECK(at::decode<4>(g, at::line_event("+CREG: 1")).error() == errc::at_unknown_response);
    auto rdy = at::decode<4>(g, at::line_event("RDY"));
    REQUIRE(rdy.ok());
    CHECK(rdy->count == 0);
}

TEST_CASE("decode: repeated groups", "[at][decode]") {
    auto r = at::decode<8>(g, at::line_event("+TURC: \"suback\",0,7,1,2,128"));
    REQUIRE(r.ok());
    CHECK(r->repetitions == 3);
    REQUIRE(r->count == 5);
    CHECK(r->values[2].number == 1);
    CHECK(r->values[2].repetition == 0);
    CHECK(r->values[4].number == 128);
    CHECK(r->values[4].repetition == 2);
    CHECK(r->values[4].spec == 2);
    // repeat_min 1
    CHECK(at::decode<8>(g, at::line_event("+TURC: \"suback\",0,7")).error() == errc::at_missing_field);
    // repeat_max 8
    CHECK(at::decode<16>(g, at::line_event("+TURC: \"suback\",0,7,0,0,0,0,0,0,0,0,0")).error() == errc::at_too_many_fields);
    // capacity
    CHECK(at::decode<4>(g, at::line_event("+TURC: \"suback\",0,7,1,2,0")).error() == errc::capacity_exceeded);
    // +TSUB: repeat_min 0: the group may be absent
    auto sub = at::decode<8>(g, at::line_event("+TSUB: 0,1,0"));
    REQUIRE(sub.ok());
    CHECK(sub->count == 3);
    CHECK(sub->repetitions == 0);
    CHECK(at::decode<8>(g, at::line_event("+TSUB: 0,1,0,2")).value().repetitions == 1);
    CHECK(at::decode<8>(g, at::line_event("+TSUB: 0,1,0,256")).error() == errc::out_of_range);
}

TEST_CASE("decode: payloads with and without the tokenizer's view", "[at][decode]") {
    // From text: the payload runs to the line end, commas included; quotes stripped (either quoting).
    auto r = at::decode<8>(g, at::line_event("+TRECV: 0,1,\"t\",5,a,b,c"));
    REQUIRE(r.ok());
    const at::field_value* p = r->find("payload");
    REQUIRE(p != nullptr);
    CHECK(p->kind == at::value_kind::payload);
    CHECK(p->text == "a,b,c");
    CHECK(p->offset == 18);
    CHECK(r->find("payload_len")->number == 5);
    CHECK(r->find("topic")->text == "t");
    CHECK(r->find("topic")->quoted);

    auto q = at::decode<8>(g, at::line_event("+TRECV: 0,1,\"t\",3,\"x,y\""));
    REQUIRE(q.ok());
    CHECK(q->find("payload")->text == "x,y");
    CHECK(q->find("payload")->quoted);

    CHECK(at::decode<8>(g, at::line_event("+TRECV: 0,1,\"t\",9,a,b,c")).error() == errc::at_payload_truncated);
    CHECK(at::decode<8>(g, at::line_event("+TRECV: 0,1,\"t\",2,a,b,c")).error() == errc::at_payload_mismatch);

    // Optional length absent: the payload starts in the length slot.
    auto nolen = at::decode<8>(g, at::line_event("+TRECV: 0,1,\"t\",\"hello\""));
    REQUIRE(nolen.ok());
    CHECK_FALSE(nolen->find("payload_len")->present());
    CHECK(nolen->find("payload")->text == "hello");

    // With the tokenizer's payload view, the view is taken as is (it may hold CR, LF, quotes).
    string_view line = "+TURC: \"publish\",0,1,\"t\",4,4,a\r\nb";
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = line;
    e.payload = atmqtt::bytes(line.substr(line.size() - 4));
    e.has_payload = true;
    auto pub = at::decode<8>(g, e);
    REQUIRE(pub.ok());
    CHECK(pub->desc == &test_dialect::publish_urc);
    CHECK(pub->find("payload")->text == "a\r\nb");
    CHECK(pub->find("payload")->offset == line.size() - 4);
    CHECK(pub->find("total_len")->number == 4);

    // Quoted-only payload line (+TRCVPUB).
    auto rcv = at::decode<8>(g, at::line_event("+TRCVPUB: 7,\"t\",2,\"ok\""));
    REQUIRE(rcv.ok());
    CHECK(rcv->find("message")->text == "ok");
    CHECK(rcv->find("messageLen")->number == 2);
}

TEST_CASE("decode_with: words, strings, optional tails against a chosen descriptor", "[at][decode]") {
    auto st = at::decode_with<2>(test_dialect::lines[9], at::line_event(atmqtt::bytes("+TSTATE: \"CONNECTED\"")));
    REQUIRE(st.ok());
    CHECK(st->values[0].kind == at::value_kind::word);
    CHECK(st->values[0].number == 0);
    CHECK(st->values[0].text == "CONNECTED");
    CHECK(at::decode_with<2>(test_dialect::lines[9], at::line_event(atmqtt::bytes("+TSTATE: DISCONNECTED"))).value().values[0].number == 1);
    auto bad = at::decode_with<2>(test_dialect::lines[9], at::line_event(atmqtt::bytes("+TSTATE: UP")));
    CHECK(bad.error() == errc::at_invalid_enum);
    CHECK(bad.offset() == 9);
    // another prefix
    CHECK(at::decode_with<2>(test_dialect::lines[9], at::line_event(atmqtt::bytes("+TSTAT: 1,1"))).error() == errc::at_unknown_response);
    // string length bounds: topic 1..256
    CHECK(at::decode<8>(g, at::line_event("+TRECV: 0,1,\"\",1,x")).error() == errc::out_of_range);
    // lists where a value belongs
    CHECK(at::decode<8>(g, at::line_event("+TOPEN: (0-5),1")).error() == errc::at_type_mismatch);
}

TEST_CASE("decode_with: optional fields and escapes", "[at][decode]") {
    static constexpr at::field_spec fs[] = {
        at::integer("a", 0, 9),
        at::string("s", 0, 20).optional(),
        at::integer("b", 0, 9),
        at::hex("h", 1, 4).optional(),
    };
    static constexpr at::line l = at::response("+X", fs);
    auto r = at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1")));
    REQUIRE(r.ok());
    REQUIRE(r->count == 4);
    CHECK(r->values[0].number == 1);
    CHECK_FALSE(r->values[1].present());
    CHECK_FALSE(r->values[2].present());  // after an omitted optional field everything is absent
    CHECK(r->values[2].spec == 2);
    CHECK(at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1,\"s\""))).error() == errc::at_missing_field);
    auto h = at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1,\"a\\\"b\",2,\"0aFf\"")), at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash});
    REQUIRE(h.ok());
    char buf[8] = {};
    auto n = h->values[1].decode_text(at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash}, atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(n.ok());
    CHECK(string_view(buf, *n) == "a\"b");
    n = h->values[3].decode_hex(atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(n.ok());
    CHECK(string_view(buf, *n) == string_view("\x0a\xff", 2));
    n = h->values[3].decode_hex(atmqtt::mutable_bytes(buf, 1));  // one byte short: at the value
    CHECK(n.error() == errc::buffer_too_small);
    CHECK(n.offset() == h->values[3].offset);
    CHECK(at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1,\"\",2,\"0g\""))).error() == errc::at_invalid_hex);
    CHECK(at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1,\"\",2,\"0\""))).error() == errc::at_invalid_hex);
    CHECK(at::decode_with<4>(l, at::line_event(atmqtt::bytes("+X: 1,\"\",2,\"0011223344\""))).error() == errc::out_of_range);
}

TEST_CASE("decode_test_response: elements as text, keyed by the command's parameters", "[at][decode]") {
    auto r = at::decode_test_response<8>(test_dialect::open, {}, atmqtt::bytes("+TOPEN: (0-5),\"hostname\",(1-65535)"));
    REQUIRE(r.ok());
    REQUIRE(r->count == 3);
    CHECK(r->values[0].text == "(0-5)");
    CHECK(r->spec_of(r->values[0])->name == "client_idx");
    CHECK(r->values[1].text == "hostname");
    CHECK(r->values[1].quoted);
    CHECK(r->values[2].text == "(1-65535)");
    CHECK(r->find("port")->text == "(1-65535)");

    auto sub = at::decode_test_response<8>(test_dialect::sub, {}, atmqtt::bytes("+TSUB: (0-5),<msgid>,list of [\"topic\",qos]"));
    REQUIRE(sub.ok());
    REQUIRE(sub->count == 3);
    CHECK(sub->values[1].text == "<msgid>");
    CHECK(sub->values[2].text == "list of [\"topic\",qos]");

    auto ka = at::decode_test_response<8>(test_dialect::cfg_keepalive_cmd, {}, atmqtt::bytes("+TCFG: \"keepalive\",(0-5),(0-3600)"));
    REQUIRE(ka.ok());
    CHECK(ka->selector == "keepalive");
    REQUIRE(ka->count == 2);
    CHECK(ka->find("keep_alive_time")->text == "(0-3600)");

    at::syntax angle = at::syntax{}.with(at::lex::angle_lists);
    auto usr = at::decode_test_response<8>(test_dialect::mode, {}, atmqtt::bytes("+TMODE:<1~10>[,<0,1>][,<x y>]"), angle);
    REQUIRE(usr.ok());
    REQUIRE(usr->count == 3);
    CHECK(usr->values[0].text == "<1~10>");
    CHECK(usr->values[1].text == "<0,1>");
    CHECK(usr->values[2].text == "<x y>");
    CHECK(usr->values[2].spec == 2);

    CHECK(at::decode_test_response<8>(test_dialect::open, {}, atmqtt::bytes("+TOPEN: (0-5,\"h\"")).error() == errc::at_invalid_range);
    CHECK(at::decode_test_response<8>(test_dialect::open, {}, atmqtt::bytes("+TOPEN: (0-5),\"h")).error() == errc::at_unterminated_quote);
    CHECK(at::decode_test_response<8>(test_dialect::open, {}, atmqtt::bytes("+TSUB: (0-5)")).error() == errc::at_unknown_response);
    CHECK(at::decode_test_response<8>(test_dialect::cfg_keepalive_cmd, {}, atmqtt::bytes("+TCFG: \"will\",(0-5)")).error() == errc::at_invalid_enum);

    // An alias of the command's prefix reads through the aliases given (and only then); the prefix stays as on the wire.
    const atmqtt::bytes alias("+TOOPEN: (0-5),\"h\",(1-65535)");
    const atmqtt::span<const at::prefix_alias> aliases = test_dialect::prefix_aliases;
    CHECK(at::decode_test_response<8>(test_dialect::open, {}, alias).error() == errc::at_unknown_response);
    auto d = at::decode_test_response<8>(test_dialect::open, {}, alias, test_dialect::lexical, aliases);
    REQUIRE(d.ok());
    CHECK(d->prefix == "+TOOPEN");
    CHECK(d->count == 3);
    CHECK(at::decode_test_response<8>(test_dialect::open, "+TOPEN", alias, test_dialect::lexical, aliases).ok());
    CHECK(at::decode_test_response<8>(test_dialect::open, "+TOOPEN", alias, test_dialect::lexical, aliases).error() ==
          errc::at_unknown_response);
}

TEST_CASE("decode_with: nothing after the colon is one empty text field", "[at][decode]") {
    static constexpr at::field_spec one[] = {at::string("regionid", 0, 32, at::quoting::bare)};
    static constexpr at::field_spec need[] = {at::string("devname", 1, 32, at::quoting::bare)};
    static constexpr at::field_spec two[] = {at::string("a", 0, 8), at::integer("b", 0, 9)};
    static constexpr at::field_spec opt[] = {at::string("a", 0, 8), at::integer("b", 0, 9).optional()};
    auto r = at::decode_with<2>(at::response("+ALIREGION", one), at::line_event(atmqtt::bytes("+ALIREGION:")));
    REQUIRE(r.ok());
    REQUIRE(r->count == 1);
    CHECK(r->values[0].kind == at::value_kind::text);
    CHECK(r->values[0].text.empty());
    CHECK(r->values[0].offset == 11);
    CHECK(at::decode_with<2>(at::response("+N", need), at::line_event(atmqtt::bytes("+N:"))).error() == errc::out_of_range);
    CHECK(at::decode_with<2>(at::response("+T", two), at::line_event(atmqtt::bytes("+T:"))).error() == errc::at_missing_field);
    auto o = at::decode_with<2>(at::response("+T", opt), at::line_event(atmqtt::bytes("+T: ")));
    REQUIRE(o.ok());
    REQUIRE(o->count == 2);
    CHECK(o->values[0].present());
    CHECK_FALSE(o->values[1].present());
    // Integers are not given this treatment: "+TSTAT:" misses its fields.
    CHECK(at::decode<4>(g, at::line_event("+TSTAT:")).error() == errc::at_missing_field);
}

TEST_CASE("is_candidate: prefix and selector", "[at][decode]") {
    CHECK(at::is_candidate(test_dialect::conn_urc, at::key_of(atmqtt::bytes("+TURC: \"conn\",1,2"))));
    CHECK(at::is_candidate(test_dialect::conn_urc, at::key_of(atmqtt::bytes("+TURC : conn,x"))));
    CHECK_FALSE(at::is_candidate(test_dialect::conn_urc, at::key_of(atmqtt::bytes("+TURC: \"publish\",1"))));
    CHECK_FALSE(at::is_candidate(test_dialect::stat_urc, at::key_of(atmqtt::bytes("+TSTATE: 1"))));
    CHECK(at::is_candidate(test_dialect::lines[11], at::key_of(atmqtt::bytes("RDY"))));
}

namespace {
constexpr atmqtt::bytes test_line = "+TOPEN: (0-5),\"hostname\",(1-65535)";
static_assert(at::decode_test_response<4>(test_dialect::open, {}, test_line).value().count == 3);
static_assert(at::decode_test_response<4>(test_dialect::open, {}, test_line).value().values[2].text == "(1-65535)");
static_assert(at::decode<4>(g, at::line_event("+TRCVPUB: 1,\"t\",2,\"hi\"")).value().values[3].text == "hi");
}  // namespace

TEST_CASE("decode: prefix aliases read as their prefix; the wire prefix is kept", "[at][decode]") {
    static constexpr at::prefix_alias aliases[] = {{"+TURX", "+TURC"}, {"+TSTATUS", "+TSTAT"}};
    at::grammar with_aliases = g;
    with_aliases.prefix_aliases = aliases;
    auto r = at::decode<4>(with_aliases, [] {
        at::event e{};
        e.kind = at::event_kind::line;
        e.text = atmqtt::bytes("+TURX: \"conn\",1,2");
        return e;
    }());
    REQUIRE(r.ok());
    CHECK(r->desc == &test_dialect::conn_urc);
    CHECK(r->prefix == "+TURX");
    CHECK(r->find("conn_state")->number == 2);
    auto s = at::decode_with<4>(test_dialect::stat_urc, at::line_event(atmqtt::bytes("+TSTATUS: 1,3")), {}, aliases);
    REQUIRE(s.ok());
    CHECK(s->prefix == "+TSTATUS");
    CHECK(at::decode_with<4>(test_dialect::stat_urc, at::line_event(atmqtt::bytes("+TSTATUS: 1,3"))).error() == errc::at_unknown_response);
    CHECK(at::is_candidate(test_dialect::stat_urc, at::key_of(atmqtt::bytes("+TSTATUS: 1,3"), {}, aliases)));
    CHECK(at::decode<4>(g, at::line_event("+TSTAT: 1,3")).value().prefix == "+TSTAT");
}

// ---- decode_lazy_group: a repeated group longer than the value capacity, read on demand --------------
namespace lazy_group {
constexpr at::field_spec suback_fields[] = {at::integer("id", 0, 5), at::integer("mid", 0, 65535), at::integer("code", 0, 128)};
constexpr at::line suback = at::urc("+TURC", suback_fields).with_selector("suback").repeating(1, 1, 3);
constexpr at::field_spec list_fields[] = {at::string("topic", 1, 64), at::integer("code", 0, 128)};
constexpr at::line list = at::response("+TSUB", list_fields).repeating(2, 1, 64);
constexpr at::field_spec plain_fields[] = {at::integer("a", 0, 9), at::integer("b", 0, 9)};
constexpr at::line plain = at::response("+TP", plain_fields);
constexpr at::prefix_alias typo[] = {{"+TURX", "+TURC"}};

static_assert(at::decode_lazy_group<2>(suback, at::line_event("+TURC: \"suback\",0,7,1,2,128")).value().group.size() == 3);
static_assert(at::decode_lazy_group<2>(suback, at::line_event("+TURC: \"suback\",0,7,1,2,128")).value().group.value(2, 0).number == 128);
static_assert(at::decode_lazy_group<2>(suback, at::line_event("+TURC: \"suback\",0,7,1,2,9")).value().head.values[1].number == 7);
static_assert(at::decode_lazy_group<1>(list, at::line_event("+TSUB: \"a\",1,\"b\",2,\"c\",0")).value().group.value(1, 0).text == "b");
static_assert(at::decode_lazy_group<2>(suback, at::line_event("+TURC: \"suback\",0,7")).error() == errc::at_missing_field);
}  // namespace lazy_group

TEST_CASE("decode_lazy_group: fixed fields decoded, the group validated whole and read on demand", "[at][decode]") {
    using namespace lazy_group;
    auto r = at::decode_lazy_group<2>(suback, at::line_event("+TURC: \"suback\", 0, 7, 1, 2, 128"));
    REQUIRE(r.ok());
    CHECK(r->head.desc == &suback);
    CHECK(r->head.specs.size() == 3);
    CHECK(r->head.selector == "suback");
    REQUIRE(r->head.count == 2);
    CHECK(r->head.find("id")->number == 0);
    CHECK(r->head.find("mid")->number == 7);
    CHECK(r->head.repetitions == 3);
    REQUIRE(r->group.size() == 3);
    CHECK(r->group.width() == 1);
    CHECK(r->group.text == atmqtt::bytes(" 1, 2, 128"));
    CHECK(r->group.offset == 22);
    at::field_value v = r->group.value(1, 0);
    CHECK(v.kind == at::value_kind::integer);
    CHECK(v.number == 2);
    CHECK(v.spec == 2);
    CHECK(v.repetition == 1);
    CHECK(v.offset == 26);
    CHECK_FALSE(r->group.value(3, 0).present());  // past the end
    CHECK_FALSE(r->group.value(0, 1).present());  // past the group's width

    // 64 topic/code pairs (128 values) with a capacity of one value.
    std::string line = "+TSUB: ";
    for (int i = 0; i < 64; ++i) line += std::string(i ? "," : "") + "\"t" + std::to_string(i) + "\"," + std::to_string(i % 3);
    auto l = at::decode_lazy_group<1>(list, at::line_event(atmqtt::bytes(line.data(), line.size())));
    REQUIRE(l.ok());
    CHECK(l->head.count == 0);
    REQUIRE(l->group.size() == 64);
    CHECK(l->group.value(63, 0).text == "t63");
    CHECK(l->group.value(63, 0).quoted);
    CHECK(l->group.value(62, 1).number == 2);
    CHECK(at::decode_with<1>(list, at::line_event(atmqtt::bytes(line.data(), line.size()))).error() == errc::capacity_exceeded);
    line += ",\"t64\",0";
    CHECK(at::decode_lazy_group<1>(list, at::line_event(atmqtt::bytes(line.data(), line.size()))).error() == errc::at_too_many_fields);

    // Errors as decode_with gives them.
    auto e = [](const char* t) { return at::decode_lazy_group<2>(suback, at::line_event(t)); };
    CHECK(e("+TURC: \"suback\",0,7").error() == errc::at_missing_field);
    CHECK(e("+TURC: \"suback\",0,7,1,1,1,1").error() == errc::at_too_many_fields);
    CHECK(e("+TURC: \"suback\",0,7,1,1,1,1").offset() == 26);
    CHECK(e("+TURC: \"suback\",0,7,129").error() == errc::out_of_range);
    CHECK(e("+TURC: \"suback\",0,7,129").offset() == 20);
    CHECK(e("+TURC: \"suback\",9,7,1").error() == errc::out_of_range);
    CHECK(e("+TURC: \"suback\",0,7,x").error() == errc::at_invalid_integer);
    CHECK(e("+TURC: \"conn\",0,7,1").error() == errc::at_invalid_enum);
    CHECK(e("+TSTAT: 1").error() == errc::at_unknown_response);
    CHECK(at::decode_lazy_group<1>(list, at::line_event("+TSUB: \"a\",1,\"b\"")).error() == errc::at_missing_field);
    CHECK(at::decode_lazy_group<1>(list, at::line_event("+TSUB:")).error() == errc::at_missing_field);
    // Prefix aliases, and a fullwidth comma before the group.
    auto a = at::decode_lazy_group<2>(suback, at::line_event("+TURX: \"suback\",0,7\xEF\xBC\x8C" "2"),
                                      at::syntax{}.with(at::lex::fullwidth_comma), typo);
    REQUIRE(a.ok());
    CHECK(a->head.prefix == "+TURX");
    CHECK(a->group.size() == 1);
    CHECK(a->group.value(0, 0).number == 2);
    // A line without a group: decode_with's result and an empty group.
    auto p = at::decode_lazy_group<2>(plain, at::line_event("+TP: 1,2"));
    REQUIRE(p.ok());
    CHECK(p->head.count == 2);
    CHECK(p->group.size() == 0);
    CHECK(at::decode_lazy_group<2>(plain, at::line_event("+TP: 1,2,3")).error() == errc::at_too_many_fields);
}

// ---- rows after a header (row events), angle-notation test answers (check_angle_answer, angle ranges) ----
namespace rows {

// A header whose row descriptor it also is: the first field is optional, so `+TROW:` alone has no values
// and every following unprefixed line is one row; the last field may be left out (five or six fields).
constexpr at::field_spec row_fields[] = {
    at::integer("num", 1, 10).optional(),
    at::integer("en", 0, 1),
    at::string("topic", 0, 8, at::quoting::bare),
    at::word("state", "ON|OFF", at::quoting::either),
    at::integer("extra", 0, 1).optional(),
};
constexpr at::line row_line = at::response("+TROW", row_fields);
constexpr at::syntax angle = at::syntax{}.with(at::lex::angle_lists);

// A row is a row event (event::row): decode_with reads it against the header's line.
constexpr auto row_of(string_view text) { return at::decode_with<6>(row_line, at::row_event(text), angle); }
constexpr at::decoded_line<6> row(string_view text) { return *row_of(text); }
constexpr errc row_err(string_view text) { return row_of(text).error(); }
constexpr std::size_t row_at(string_view text) { return row_of(text).offset(); }

static_assert(row("1,1,/t,ON,0").count == 5);
static_assert(row("1,1,/t,ON,0").desc == &row_line);
static_assert(row("1,1,/t,ON,0").values[2].text == "/t");
static_assert(row("10,0,/t,OFF").values[0].number == 10);
static_assert(row("10,0,/t,OFF").values[3].number == 1);       // the word's index
static_assert(!row("10,0,/t,OFF").values[4].present());        // five fields: the sixth is absent
static_assert(row("2,1,/t,\"OFF\"").values[3].quoted);          // quoting::either: quotes tolerated
static_assert(row("2,1,/t,\"OFF\"").values[3].text == "OFF");
static_assert(row_err("11,1,/t,ON") == errc::out_of_range);
static_assert(row_at("11,1,/t,ON") == 0);
static_assert(row_err("1,1,/t") == errc::at_missing_field);
static_assert(row_at("1,1,/t") == 6);
static_assert(row_err("1,1,/t,ON,0,0") == errc::at_too_many_fields);
static_assert(row_at("1,1,/t,ON,0,0") == 12);  // at the extra field
static_assert(row_err("1,1,/toolongtopic,ON") == errc::out_of_range);
static_assert(row_err("1,1,/t,on") == errc::at_invalid_enum);   // words are exact
static_assert(row_at("1,1,/t,on") == 7);
static_assert(row_err("x,1,/t,ON") == errc::at_invalid_integer);
static_assert(row_err("") == errc::at_missing_field);          // a row is never nothing
static_assert(row_err("  ") == errc::at_missing_field);
// A row descriptor with a selector, a payload or a repeated group is not a row: at_type_mismatch.
constexpr at::line with_selector = at::response("+TROW", row_fields).with_selector("s");
static_assert(at::decode_with<6>(with_selector, at::row_event("1,1,/t,ON"), angle).error() == errc::at_type_mismatch);
// The header itself decodes with decode_with: no values present.
static_assert(at::decode_with<6>(row_line, at::line_event(atmqtt::bytes("+TROW:")), angle).ok());
static_assert(!at::decode_with<6>(row_line, at::line_event(atmqtt::bytes("+TROW:")), angle)->values[0].present());

// An answer is in angle notation when the dialect allows it and its first element starts with '<': one
// element per group (decode_test_response), the brackets and commas between groups structure.
constexpr at::command trow{};
constexpr auto groups(string_view text, const at::syntax& s = angle) {
    return at::decode_test_response<8>(trow, "+TROW", atmqtt::bytes(text), s);
}
static_assert(groups("+TROW:<1~10>[,<0,1>]")->count == 2);
static_assert(groups("+TROW: <1~10>[,<0,1>]")->count == 2);               // a blank after ':'
static_assert(groups("+TROW:<1~10>[,<0,1>]", at::syntax{})->count == 1);  // the dialect must allow it
static_assert(groups("+TROW:1,1")->count == 2);                           // no group: elements
static_assert(groups("TROW").error() == errc::at_unknown_response);
// Against the line's own fields.
constexpr atmqtt::status answer(string_view text) { return at::check_angle_answer(row_line, text, angle); }
static_assert(answer("+TROW:<1~10>[,<0,1>,<0~8 bytes>,<ON,OFF>][,<0,1>]").ok());
static_assert(answer("+TROW:<1~10>").ok());
static_assert(answer("+TROW:<1>,<2>,<3>,<4>,<5>,<6>").error() == errc::at_too_many_fields);
static_assert(answer("+TROW:<1>,<2>,<3>,<4>,<5>,<6>").offset() == 26);  // the sixth group's '<'
static_assert(answer("+TROW:<1~10").error() == errc::at_invalid_range);
// The groups start where split_prefix puts the parameters: after a fullwidth colon too, or a blank.
static_assert(answer("+TROW\xEF\xBC\x9A<1>,<2>,<3>,<4>,<5>,<6>").error() == errc::at_too_many_fields);
static_assert(answer("+TROW\xEF\xBC\x9A<1>,<2>,<3>,<4>,<5>,<6>").offset() == 28);
static_assert(answer("+TROW: <1~10>,x").offset() == 14);
static_assert(at::check_angle_answer(row_line, "+TROW:<1~10>", at::fixed_syntax<angle>{}).ok());  // a read_syntax
static_assert(answer("+OTHER:<1~10>").error() == errc::at_unknown_response);
static_assert(answer("TROW").error() == errc::at_unknown_response);
constexpr at::prefix_alias row_aliases[] = {{"+TROWS", "+TROW"}};
static_assert(at::check_angle_answer(row_line, "+TROWS:<1~10>", angle, row_aliases).ok());

// Classifying one element.
static_assert(at::classify_angle_item("<0~65535>")->kind == at::angle_range_kind::integers);
static_assert(at::classify_angle_item("<0~65535>")->high == 65535);
static_assert(at::classify_angle_item("<1~128 bytes>")->kind == at::angle_range_kind::length);
static_assert(at::classify_angle_item("<1~128 bytes>")->low == 1);
static_assert(at::classify_angle_item("<1~128 bytes>")->text == "1~128 bytes");
static_assert(at::classify_angle_item("<0,1>")->kind == at::angle_range_kind::words);
static_assert(at::classify_angle_item("<1~x>")->kind == at::angle_range_kind::words);
static_assert(at::classify_angle_item("<1~2 octets>")->kind == at::angle_range_kind::words);
static_assert(at::classify_angle_item("0~1").error() == errc::at_invalid_range);
static_assert(at::classify_angle_item("<").error() == errc::at_invalid_range);

constexpr bool reads_all() {
    auto r = groups("+TROW:<1~10>[,<0,1>,<1~12 bytes>][,<0,1>]");
    for (const at::field_value& v : r->fields())
        if (!at::classify_angle_item(v.text, v.offset)) return false;
    return r->count == 4;
}
static_assert(reads_all());

}  // namespace rows

TEST_CASE("decode: rows and angle test answers, at run time too") {
    auto r = at::decode_with<6>(rows::row_line, at::row_event(atmqtt::bytes("1,1,/PubT,OFF,0")), rows::angle);
    REQUIRE(r.ok());
    CHECK(r->count == 5);
    CHECK(r->values[0].number == 1);
    CHECK(r->values[2].text == "/PubT");
    CHECK(r->values[3].text == "OFF");
    CHECK(r->values[4].number == 0);
    auto words = rows::groups("+TROW:<NONE\xE3\x80\x81PEER\xE3\x80\x81" "ALL>");
    REQUIRE(words.ok());
    REQUIRE(words->count == 1);
    auto w = at::classify_angle_item(words->values[0].text, words->values[0].offset);
    REQUIRE(w.ok());
    CHECK(w->kind == at::angle_range_kind::words);
    CHECK(w->offset == 6);
    auto x = rows::groups("+TROW:<0~65535>,x");
    CHECK(x.error() == errc::at_unexpected_character);
    CHECK(x.offset() == 16);
    for (std::size_t cut = 0; cut < 14; ++cut) {  // every truncation of a row: an exact error, never a read past
        std::string_view full = "1,1,/PubT,OFF";
        auto t = at::decode_with<6>(rows::row_line, at::row_event(atmqtt::bytes(full.substr(0, cut))), rows::angle);
        if (cut == 13) {
            CHECK(t.ok());
        } else {
            CHECK(!t.ok());
            CHECK(t.offset() <= cut);
        }
    }
}

// Two table switches for one vendor's readings (OneMO): lex::empty_means_missing and a row whose payload
// may be hex text twice its length field (line::length_counting_hex).
namespace {
constexpr at::field_spec counted_fields[] = {at::integer("id", 0, 9), at::integer("len", 0, 99),
                                             at::payload("data", at::quoting::bare)};
constexpr at::line counted = at::response("+CNT", counted_fields).with_length(1);
constexpr at::line counted_hex = counted.length_counting_hex();
constexpr at::syntax missing_syntax = at::syntax{}.with(at::lex::empty_means_missing);
}  // namespace

TEST_CASE("decode: an empty required integer and a line cut at its length field, by the table's switch") {
    STATIC_REQUIRE(!counted.is(at::line::hex_length_bit));
    STATIC_REQUIRE(counted_hex.is(at::line::hex_length_bit));
    auto plain = [](const char* t) { return at::decode_with<4>(counted, at::line_event(atmqtt::bytes(t))); };
    auto missing = [](const char* t) { return at::decode_with<4>(counted, at::line_event(atmqtt::bytes(t)), missing_syntax); };
    CHECK(plain("+CNT: ,2,ab").error() == errc::at_invalid_integer);
    CHECK(missing("+CNT: ,2,ab").error() == errc::at_missing_field);
    CHECK(missing("+CNT: ,2,ab").offset() == 6);
    CHECK(plain("+CNT: 1,2").error() == errc::at_payload_truncated);
    CHECK(missing("+CNT: 1,2").error() == errc::at_missing_field);
    CHECK(missing("+CNT: 1,2").offset() == 9);
    CHECK(missing("+CNT: 1,0,").ok());  // the separator is there: an empty payload
    CHECK(missing("+CNT: 1,2,ab")->values[2].text == "ab");
}

TEST_CASE("decode: a row counting hex bytes takes a payload of the count or twice it, nothing else") {
    auto read = [](const at::line& l, const char* t) { return at::decode_with<4>(l, at::line_event(atmqtt::bytes(t))); };
    CHECK(read(counted, "+CNT: 1,2,6869").error() == errc::at_payload_mismatch);
    CHECK(read(counted_hex, "+CNT: 1,2,6869")->values[2].text == "6869");
    CHECK(read(counted_hex, "+CNT: 1,2,hi")->values[2].text == "hi");
    CHECK(read(counted_hex, "+CNT: 1,2,686").error() == errc::at_payload_mismatch);
    CHECK(read(counted_hex, "+CNT: 1,2,6").error() == errc::at_payload_truncated);
    CHECK(read(counted_hex, "+CNT: 1,2,68690").error() == errc::at_payload_mismatch);
    // A tokenizer event whose payload view holds the counted bytes: the rest of the line completes it.
    at::event e = at::line_event(atmqtt::bytes("+CNT: 1,2,6869"));
    e.has_payload = true;
    e.payload = e.text.substr(10, 2);
    CHECK(at::decode_with<4>(counted_hex, e)->values[2].text == "6869");
    CHECK(at::decode_with<4>(counted, e).error() == errc::at_payload_mismatch);
    // the count itself when the modem counted the text
    e.text = atmqtt::bytes("+CNT: 1,4,6869");
    e.payload = e.text.substr(10, 4);
    CHECK(at::decode_with<4>(counted_hex, e)->values[2].text == "6869");
}

TEST_CASE("decode: a value that does not fit stops the read at it, wherever the reader is") {
    // The empty line's values, an absent run and an optional length left out each hand a value that the
    // caller's storage (or function) refuses: the read stops there with that error.
    static constexpr at::field_spec text_then[] = {at::string("s", 0, 9), at::integer("n", 0, 9).optional(),
                                                   at::integer("m", 0, 9).optional()};
    constexpr at::line empty_row = at::response("+TE", text_then);
    CHECK(at::decode_with<3>(empty_row, at::line_event(atmqtt::bytes("+TE:")))->count == 3);
    CHECK(at::decode_with<1>(empty_row, at::line_event(atmqtt::bytes("+TE:"))).error() == errc::capacity_exceeded);
    CHECK(at::decode_with<1>(empty_row, at::line_event(atmqtt::bytes("+TE: a"))).error() == errc::capacity_exceeded);
    CHECK(at::decode_with<3>(test_dialect::recv_urc, at::line_event(atmqtt::bytes("+TRECV: 0,5,\"a/b\",hi"))).error() ==
          errc::capacity_exceeded);
    CHECK(at::decode_with<5>(test_dialect::recv_urc, at::line_event(atmqtt::bytes("+TRECV: 0,5,\"a/b\",hi")))->values[4].text == "hi");
    int calls = 0;
    auto refuse_second = [&calls](const at::field_value& v) -> atmqtt::status {
        return ++calls == 2 ? atmqtt::status{errc::buffer_too_small, v.offset} : atmqtt::status{};
    };
    CHECK(at::for_each_value(empty_row, at::line_event("+TE:"), refuse_second).error() == errc::buffer_too_small);
    calls = 0;
    CHECK(at::for_each_value(test_dialect::recv_urc, at::line_event("+TRECV: 0,5,\"a/b\",2,hi"), refuse_second).offset() == 10);
}

// A reader on read_syntax reads the rows of the table it was derived from (syntax_of<grammar>); a row with a
// kind its features leave out is refused, never misread.
TEST_CASE("decode: read_syntax refuses a kind its table does not have") {
    static constexpr at::field_spec hex_fields[] = {at::hex("h", 0, 9)};
    static constexpr at::field_spec word_fields[] = {at::word("w", "ON|OFF")};
    constexpr at::line hex_row = at::response("+R", hex_fields);
    constexpr at::line word_row = at::response("+R", word_fields);
    using bare = at::read_syntax<at::quote_escape::none, at::lex::space_before_colon, at::reading{}>;
    using full = at::read_syntax<at::quote_escape::none, at::lex::space_before_colon, at::reading::all>;
    const auto none = [](const at::field_value&) { return atmqtt::status{}; };
    CHECK(at::for_each_value(hex_row, at::line_event("+R: 0A"), none, bare{}).error() == errc::at_type_mismatch);
    CHECK(at::for_each_value(word_row, at::line_event("+R: ON"), none, bare{}).error() == errc::at_type_mismatch);
    CHECK(at::for_each_value(hex_row, at::line_event("+R: 0A"), none, full{}).ok());
    CHECK(at::for_each_value(word_row, at::line_event("+R : ON"), none, full{}).ok());
    CHECK(at::for_each_value(word_row, at::line_event("+R\xEF\xBC\x9A ON"), none, full{}).error() == errc::at_unknown_response);
    // A row event (event::row) only where the table has a line that may head a multi-row answer (reading::rows).
    using hex_only = at::read_syntax<at::quote_escape::none, at::lex::space_before_colon, at::reading::hex>;
    CHECK(at::for_each_value(hex_row, at::row_event("0A"), none, full{}).ok());
    CHECK(at::for_each_value(hex_row, at::row_event("0A"), none, hex_only{}).error() == errc::at_type_mismatch);
    CHECK(at::for_each_value(hex_row, at::line_event("+R: 0A"), none, hex_only{}).ok());
}
