#include <atmqtt/at/fields.hpp>

#include "../catch.hpp"

#include <string>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::result;

// ---- integers ------------------------------------------------------------------------------------

static_assert(*at::parse_integer("0") == 0);
static_assert(*at::parse_integer("65535") == 65535);
static_assert(*at::parse_integer("-1") == -1);
static_assert(*at::parse_integer("007") == 7);  // leading zeros: accepted
static_assert(*at::parse_integer("9223372036854775807") == 9223372036854775807LL);
static_assert(*at::parse_integer("-9223372036854775808") == -9223372036854775807LL - 1);
static_assert(at::parse_integer("9223372036854775808").error() == errc::at_integer_overflow);
static_assert(at::parse_integer("-9223372036854775809").error() == errc::at_integer_overflow);
static_assert(at::parse_integer("99999999999999999999").error() == errc::at_integer_overflow);
static_assert(at::parse_integer("+5").error() == errc::at_invalid_integer);  // rejected by decision
static_assert(at::parse_integer("-0").error() == errc::at_invalid_integer);  // rejected by decision
static_assert(at::parse_integer("-").error() == errc::at_invalid_integer);
static_assert(at::parse_integer("").error() == errc::at_invalid_integer);
static_assert(at::parse_integer("12a").error() == errc::at_invalid_integer);
static_assert(at::parse_integer("12a").offset() == 2);
static_assert(at::parse_integer(" 1").error() == errc::at_invalid_integer);  // the field lexer trims, not this
static_assert(at::parse_integer("0x10").error() == errc::at_invalid_integer);

// ---- unescape --------------------------------------------------------------------------------------

static_assert(*at::unescape(R"(a\"b\\c)", at::quote_escape::backslash) == 5);
static_assert(*at::unescape(R"(a\"b)", at::quote_escape::none) == 4);  // no escapes: '\' is a character
static_assert(at::unescape(R"(a\nb)", at::quote_escape::backslash).error() == errc::at_unexpected_character);
static_assert(at::unescape(R"(a\)", at::quote_escape::backslash).offset() == 1);
static_assert(*at::unescape(R"(\22hi\2c)", at::quote_escape::hex) == 4);
static_assert(at::unescape(R"(\2)", at::quote_escape::hex).error() == errc::at_invalid_hex);
static_assert(at::unescape(R"(x\zz)", at::quote_escape::hex).error() == errc::at_invalid_hex);
static_assert(at::unescape(R"(x\zz)", at::quote_escape::hex).offset() == 1);

TEST_CASE("fields: unescape writes exact bytes and never past the buffer") {
    char out[8] = {};
    auto r = at::unescape(R"(a\"b\\c)", at::quote_escape::backslash, out);
    REQUIRE(r.ok());
    CHECK(std::string(out, *r) == "a\"b\\c");
    auto h = at::unescape(R"(\22\ff\0A)", at::quote_escape::hex, out);
    REQUIRE(h.ok());
    CHECK(std::string(out, *h) == "\"\xff\n");
    char small[2] = {'-', '-'};
    auto s = at::unescape("abc", at::quote_escape::none, small);
    CHECK(s.error() == errc::buffer_too_small);
    CHECK(s.offset() == 2);
    CHECK(std::string(small, 2) == "ab");
}

// ---- prefix ----------------------------------------------------------------------------------------

namespace {
constexpr bool split_is(bytes line, bytes name, bytes params, std::size_t offset, at::syntax s = {}) {
    auto r = at::split_prefix(line, s);
    return r.ok() && r->name == name && r->params == params && r->params_offset == offset;
}
constexpr at::syntax strict{at::lex::none};
}  // namespace

static_assert(split_is("+QMTOPEN: 0,0", "+QMTOPEN", "0,0", 10));
static_assert(split_is("+WKMOD:NET", "+WKMOD", "NET", 7));             // no space after ':'
static_assert(split_is("+SSLEN: OFF", "+SSLEN", "OFF", 8));            // one space
static_assert(split_is("+X:   1", "+X", "1", 6));                      // several spaces
static_assert(split_is("+IMQTTCOUNT :FULL", "+IMQTTCOUNT", "FULL", 13));  // space before ':'
static_assert(split_is("+IMQTTCOUNT : 10", "+IMQTTCOUNT", "10", 14));
static_assert(split_is("+IMQTTCONN\xEF\xBC\x9A" "0", "+IMQTTCONN", "0", 13));  // fullwidth colon
static_assert(split_is("+IMQTTCONN\xEF\xBC\x9A 0", "+IMQTTCONN", "0", 14));
static_assert(split_is("+CME ERROR: 3", "+CME ERROR", "3", 12));
static_assert(split_is("+ALIREGION:", "+ALIREGION", "", 11));          // empty value
static_assert(split_is("+QMTRECV:0,1,\"a:b\"", "+QMTRECV", "0,1,\"a:b\"", 9));
// tolerances switched off or on by the syntax
static_assert(at::split_prefix("+IMQTTCOUNT :5", strict).error() == errc::at_unexpected_character);
static_assert(at::split_prefix("+IMQTTCONN\xEF\xBC\x9A" "0", strict).error() == errc::at_missing_field);
static_assert(at::split_prefix("+IMQTTUNSUB=7,0").error() == errc::at_missing_field);
static_assert(split_is("+IMQTTUNSUB=7,0", "+IMQTTUNSUB", "7,0", 12, at::syntax{}.with(at::lex::equals_as_colon)));
// not prefixed lines
static_assert(at::split_prefix("OK").error() == errc::at_missing_field);
static_assert(at::split_prefix("OK").offset() == 2);
static_assert(at::split_prefix("1,\"a:b\"").error() == errc::at_missing_field);
static_assert(at::split_prefix(": 5").error() == errc::at_unexpected_character);
static_assert(at::split_prefix("  : 5").error() == errc::at_unexpected_character);

// ---- fields ----------------------------------------------------------------------------------------

namespace {

// Fields as strings: kind letter and text, e.g. I for a bare integer-looking value is still B.
std::vector<std::string> lex(bytes line, at::syntax s = {}) {
    std::vector<std::string> out;
    auto p = at::split_prefix(line, s);
    REQUIRE(p.ok());
    at::field_reader r(p->params, s, p->params_offset);
    while (!r.done()) {
        auto f = r.next();
        if (!f) {
            out.push_back("!" + std::string(atmqtt::to_string(f.error())) + "@" + std::to_string(f.offset()));
            break;
        }
        const char* k = f->kind == at::field_kind::empty    ? "E"
                        : f->kind == at::field_kind::quoted ? "Q"
                        : f->kind == at::field_kind::bare   ? "B"
                                                            : "L";
        out.push_back(std::string(k) + ":" + std::string(f->text) + "@" + std::to_string(f->offset));
    }
    return out;
}
using list = std::vector<std::string>;

std::vector<std::string> items(bytes inner, at::syntax s = {}) {
    std::vector<std::string> out;
    at::list_reader r(inner, s);
    while (!r.done()) {
        auto it = r.next();
        if (!it) {
            out.push_back("!" + std::string(atmqtt::to_string(it.error())) + "@" + std::to_string(it.offset()));
            break;
        }
        if (it->kind == at::item_kind::range)
            out.push_back(std::string(it->low) + ".." + std::string(it->high));
        else if (it->kind == at::item_kind::quoted)
            out.push_back("\"" + std::string(it->low) + "\"");
        else
            out.push_back(std::string(it->low));
    }
    return out;
}

}  // namespace

TEST_CASE("fields: integers, quoted strings, bare words, empty fields") {
    CHECK(lex("+QMTSUB: 0,1,0,2") == list{"B:0@9", "B:1@11", "B:0@13", "B:2@15"});
    CHECK(lex("+QMTOPEN: 0,-1") == list{"B:0@10", "B:-1@12"});
    CHECK(lex("+MQTTURC: \"conn\",0,0") == list{"Q:conn@10", "B:0@17", "B:0@19"});
    CHECK(lex("+MQTTSUB: \"world\", 1, \"hello\", 2") ==
          list{"Q:world@10", "B:1@19", "Q:hello@22", "B:2@31"});  // spaces after commas
    CHECK(lex("+IMQTTAUTU:a1ArHWIBwWN,,mqtt1,x") ==
          list{"B:a1ArHWIBwWN@11", "E:@23", "B:mqtt1@24", "B:x@30"});
    CHECK(lex("+X: a,") == list{"B:a@4", "E:@6"});
    CHECK(lex("+X: ,") == list{"E:@4", "E:@5"});
    CHECK(lex("+ALIREGION:") == list{});
    CHECK(lex("+IMQTTUSER:name001,*****") == list{"B:name001@11", "B:*****@19"});
    // bare words keep inner spaces, lose outer ones
    CHECK(lex("+X:  This is test data ,  hello MQTT. ") == list{"B:This is test data@5", "B:hello MQTT.@26"});
    CHECK(lex("+QMTCFG: \"version\",<vsn>") == list{"Q:version@9", "B:<vsn>@19"});
    CHECK(lex("+MQTTSTA:\"DISCONNECTION\"") == list{"Q:DISCONNECTION@9"});
    CHECK(lex("+IMQTTCOUNT :FULL") == list{"B:FULL@13"});
    // a bare field may hold a quote character
    CHECK(lex("+X: ab\"c,d") == list{"B:ab\"c@4", "B:d@9"});
    // an empty quoted string is quoted, not empty
    CHECK(lex("+IMQTTUSER:\"\",\"\"") == list{"Q:@11", "Q:@14"});
}

TEST_CASE("fields: quoted strings with commas, colons and escapes") {
    CHECK(lex("+QMTRECV: 0,1,\"a,b:c\",2") == list{"B:0@10", "B:1@12", "Q:a,b:c@14", "B:2@22"});
    const at::syntax bs = at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash};
    CHECK(lex(R"(+X: "a\"b",1)", bs) == list{R"(Q:a\"b@4)", "B:1@11"});
    // without escapes the same text is a string followed by junk
    CHECK(lex(R"(+X: "a\"b",1)") == list{R"(!at_unexpected_character@8)"});
    CHECK(lex(R"(+X: "a\\",1)", bs) == list{R"(Q:a\\@4)", "B:1@10"});
    auto p = at::split_prefix(R"(+X: "a\"b\\c")");
    REQUIRE(p.ok());
    at::field_reader r(p->params, bs, p->params_offset);
    auto f = r.next();
    REQUIRE(f.ok());
    char out[16] = {};
    auto n = f->decode(out);
    REQUIRE(n.ok());
    CHECK(std::string(out, *n) == "a\"b\\c");
    const at::syntax hx = at::syntax{at::syntax{}.tolerate, at::quote_escape::hex};
    at::field_reader h(bytes("\"say \\22hi\\22\""), hx);
    auto g = h.next();
    REQUIRE(g.ok());
    auto m = g->decode(out);
    REQUIRE(m.ok());
    CHECK(std::string(out, *m) == "say \"hi\"");
    at::field_reader bad(bytes("\"x\\zz\""), hx, 10);
    auto b = bad.next();
    REQUIRE(b.ok());
    CHECK(b->decode(out).error() == errc::at_invalid_hex);
    CHECK(b->decode(out).offset() == 12);  // the '\' within the line
}

TEST_CASE("fields: malformed input is an error with an offset") {
    CHECK(lex("+X: \"open") == list{"!at_unterminated_quote@4"});
    CHECK(lex("+X: 1,\"open,2") == list{"B:1@4", "!at_unterminated_quote@6"});
    CHECK(lex("+X: \"a\"b") == list{"!at_unexpected_character@7"});
    CHECK(lex("+X: \"a\" ,b") == list{"Q:a@4", "B:b@9"});  // spaces after a string are fine
    CHECK(lex("+X: (1,2") == list{"!at_invalid_range@4"});
    CHECK(lex("+X: (\"a)\",\"b\"") == list{"!at_invalid_range@4"});
    CHECK(lex("+X: (\"a") == list{"!at_unterminated_quote@4"});
    // real Quectel test responses that are not well formed
    CHECK(lex("+QCFG: \"ltectcc/smsstorage\"[,(0,1)]") == list{"!at_unexpected_character@27"});
    CHECK(lex("+QWIFICFG: \"macacl\",(0,1)(0-3)[,(0-2)][,<mac>]") ==
          list{"Q:macacl@11", "!at_unexpected_character@25"});
    // NUL and 0xFF are just bytes of a bare value
    CHECK(lex(bytes("+X: a\0b,\xff", 9)) == list{std::string("B:a\0b@4", 7), "B:\xff@8"});
}

TEST_CASE("fields: integer accessors") {
    at::field_reader r(bytes("0,-1, 65536 ,\"5\",x,-0,+5"), {}, 100);
    CHECK(*r.next()->integer() == 0);
    CHECK(*r.next()->integer() == -1);
    auto big = r.next();
    CHECK(*big->integer() == 65536);
    CHECK(big->offset == 106);  // a field's range is the row reader's check (at/decode.hpp), at this offset
    auto quoted = r.next();
    CHECK(quoted->integer().error() == errc::at_invalid_integer);  // "5" is a string
    auto word = r.next();
    CHECK(word->integer().error() == errc::at_invalid_integer);
    CHECK(word->integer().offset() == 117);
    CHECK(r.next()->integer().error() == errc::at_invalid_integer);
    CHECK(r.next()->integer().error() == errc::at_invalid_integer);
    CHECK(r.done());
    CHECK(r.next().error() == errc::at_missing_field);
    CHECK(r.next().offset() == 124);
}

TEST_CASE("fields: test-response lists from a real Quectel EG25-G") {
    CHECK(lex("+QCFG: \"hsdpacat\",(6,8,10-24)") == list{"Q:hsdpacat@7", "L:6,8,10-24@18"});
    CHECK(items("6,8,10-24") == list{"6", "8", "10..24"});
    CHECK(items("0-5") == list{"0..5"});
    CHECK(items("0,1") == list{"0", "1"});
    CHECK(items("1-65535") == list{"1..65535"});
    CHECK(items("\"off\",\"pulse\",\"always\",\"auto\",\"wave\"") ==
          list{"\"off\"", "\"pulse\"", "\"always\"", "\"auto\"", "\"wave\""});
    CHECK(items("\"REC UNREAD\",\"REC READ\"") == list{"\"REC UNREAD\"", "\"REC READ\""});
    CHECK(items("00-0102030405") == list{"00..0102030405"});
    CHECK(items("0-7FFFFFFFFFFFFFFFF") == list{"0..7FFFFFFFFFFFFFFFF"});  // lexed; not a decimal integer
    CHECK(items("5- 60") == list{"5..60"});
    CHECK(items("20~5000") == list{"20..5000"});
    CHECK(items("AP,STA") == list{"AP", "STA"});
    CHECK(items("<PLMN>,\"all\"") == list{"<PLMN>", "\"all\""});
    CHECK(items("-1-5") == list{"-1..5"});
    CHECK(items("-5--1") == list{"-5..-1"});
    CHECK(items("") == list{});
    CHECK(items(" ") == list{});
    CHECK(items("1") == list{"1"});
    CHECK(items("5-") == list{"!at_invalid_range@0"});
    CHECK(items("-") == list{"-"});  // a lone '-' is a value (it is not an integer)
    CHECK(items("0,,1") == list{"0", "!at_invalid_range@2"});
    CHECK(items("0,") == list{"0", "!at_invalid_range@2"});
    CHECK(items("\"a\"x") == list{"!at_unexpected_character@3"});
    CHECK(items("\"a") == list{"!at_unterminated_quote@0"});
    // every field of a long line, lazily
    auto p = at::split_prefix(
        "+QCFG: \"urc/ri/ring\",(\"off\",\"pulse\",\"always\",\"auto\",\"wave\"),(1-2000),(1-10000),(1-10000),"
        "(\"off\",\"on\"),(1-5)");
    REQUIRE(p.ok());
    at::field_reader r(p->params, {}, p->params_offset);
    std::vector<std::size_t> counts;
    while (!r.done()) {
        auto f = r.next();
        REQUIRE(f.ok());
        std::size_t n = 0;
        auto it = f->items();
        while (!it.done()) {
            REQUIRE(it.next().ok());
            ++n;
        }
        counts.push_back(n);
    }
    CHECK(counts == std::vector<std::size_t>{0, 5, 1, 1, 1, 2, 1});
}

TEST_CASE("fields: item offsets point into the line") {
    auto p = at::split_prefix("+QCFG: \"hsdpacat\",(6,8,10-24)");
    REQUIRE(p.ok());
    at::field_reader r(p->params, {}, p->params_offset);
    (void)r.next();
    auto f = r.next();
    REQUIRE(f.ok());
    auto it = f->items();
    CHECK(it.next()->offset == 19);
    CHECK(it.next()->offset == 21);
    auto range = it.next();
    CHECK(range->offset == 23);
    CHECK(*range->low_integer() == 10);
    CHECK(*range->high_integer() == 24);
}

namespace {
constexpr bool contains(bytes inner, std::int64_t v) { return *at::list_contains(at::list_reader(inner), v); }
}  // namespace
static_assert(contains("6,8,10-24", 6));
static_assert(!contains("6,8,10-24", 7));
static_assert(contains("6,8,10-24", 17));
static_assert(!contains("6,8,10-24", 25));
static_assert(contains("0-5", 0) && contains("0-5", 5) && !contains("0-5", -1));
static_assert(!contains("", 0));
static_assert(at::list_contains(at::list_reader("1,x"), 5).error() == errc::at_invalid_integer);
static_assert(at::list_contains(at::list_reader("1,5-"), 5).error() == errc::at_invalid_range);

TEST_CASE("fields: syntax options") {
    const std::string fc = "\xEF\xBC\x8C";  // fullwidth comma
    // RisingHF "+IMQTTPARA:TIMEOUT ，5": one field unless the dialect accepts the fullwidth comma
    CHECK(lex("+IMQTTPARA:TIMEOUT " + fc + "5,CLEAN,1") == list{"B:TIMEOUT " + fc + "5@11", "B:CLEAN@24", "B:1@30"});
    CHECK(lex("+IMQTTPARA:TIMEOUT " + fc + "5,CLEAN,1", at::syntax{}.with(at::lex::fullwidth_comma)) ==
          list{"B:TIMEOUT@11", "B:5@22", "B:CLEAN@24", "B:1@30"});
    // USR angle lists
    CHECK(lex("+MQTTCFG:<0~65535>,<0,1>") == list{"B:<0~65535>@9", "B:<0@19", "B:1>@22"});
    CHECK(lex("+MQTTCFG:<0~65535>,<0,1>", at::syntax{}.with(at::lex::angle_lists)) ==
          list{"L:0~65535@9", "L:0,1@19"});
    CHECK(items("0~65535", at::syntax{}.with(at::lex::angle_lists)) == list{"0..65535"});
    CHECK(items("1~128 bytes") == list{"1..128 bytes"});
    // keeping the spaces of bare values; the spaces right after the prefix's colon are never part of it
    CHECK(lex("+IMQTTLWT: will_topic ,0", at::syntax{}.with(at::lex::keep_bare_spaces)) ==
          list{"B:will_topic @11", "B:0@23"});
    CHECK(lex("+X:a,  b  ,c", at::syntax{}.with(at::lex::keep_bare_spaces)) == list{"B:a@3", "B:  b  @5", "B:c@11"});
    CHECK(lex("+IMQTTLWT: will_topic ,0") == list{"B:will_topic@11", "B:0@23"});
}

namespace {
// The field lexer in a constant expression: the OneMO publish URC's first six fields.
constexpr bool constexpr_fields() {
    auto p = at::split_prefix("+MQTTURC: \"publish\",0,2,\"world\",5,5,12345");
    if (!p) return false;
    at::field_reader r(p->params, {}, p->params_offset);
    auto kind = r.next();
    if (!kind || kind->kind != at::field_kind::quoted || kind->text != "publish") return false;
    std::int64_t want[] = {0, 2};
    for (std::int64_t w : want) {
        auto f = r.next();
        if (!f || *f->integer() != w) return false;
    }
    auto topic = r.next();
    if (!topic || topic->text != "world") return false;
    if (*r.next()->integer() != 5 || *r.next()->integer() != 5) return false;
    auto last = r.next();
    if (!last || last->text != "12345" || !r.done()) return false;
    std::size_t n = 0;  // every field of the line, counted
    for (at::field_reader all(p->params, {}, p->params_offset); !all.done(); ++n)
        if (!all.next()) return false;
    return n == 7;
}
static_assert(constexpr_fields());
}  // namespace

TEST_CASE("fields: constexpr") { STATIC_REQUIRE(constexpr_fields()); }

TEST_CASE("fields: more real EG25-G test responses, field by field") {
    struct vector {
        const char* line;
        const char* expect;  // kinds in order (E empty, Q quoted, B bare, L list), or "!error@offset" at the end
    };
    const vector vectors[] = {
        {"+QCFG: \"band\",(0-200),(0-7FFFFFFFFFFFFFFFF),(0-7FFFFFFFFFFFFFFF),(0,1)", "QLLLL"},
        {"+QCFG: \"usbcfg\",<vid>,<pid>,<diag>,<nmea>,<at_port>,<modem>,<rmnet>,<adb>,<uac>", "QBBBBBBBBB"},
        {"+QCFG: \"sarcfg\",(\"lte_wcdma\",\"gsm\",\"lte\",\"wcdma\"),max_power,row_grads,column_grads,[band]",
         "QLBBBB"},
        {"+QCFG: \"Feature_Switch_Flag\",(0,1),(0x01 -- 0xFFFFFFFF)", "QLL"},
        {"+QAUDCFG: \"nau8810/config\",(0-255),(0-255),...", "QLLB"},
        {"+QCFG: \"secbootstat\"", "Q"},
        {"+QCFG: \"sunset_plmn\",\"Delete\",(<PLMN>,\"all\")", "QQL"},
        {"+QWIFICFG: \"scan\",[(0-1)]", "QB"},
        {"+QWIFICFG: \"datarate\",(AP,STA)[, idx]", "Q!at_unexpected_character@30"},
        {"+QCFG: \"defaultdns\"[,<enable>[,<dns1>[,<dns2>]]]", "!at_unexpected_character@19"},
        {"+QCFG: \"oem_climax\",(1)", "QL"},
        {"+QMTOPEN: (0-5),\"hostname\",(1-65535)", "LQL"},
        {"+QMTSUB: (0-5),<msgid>,list of [\"topic\",qos]", "LBBB"},
    };
    for (const vector& v : vectors) {
        INFO(v.line);
        auto p = at::split_prefix(v.line);
        REQUIRE(p.ok());
        at::field_reader r(p->params, {}, p->params_offset);
        std::string got;
        while (!r.done()) {
            auto f = r.next();
            if (!f) {
                got += "!" + std::string(atmqtt::to_string(f.error())) + "@" + std::to_string(f.offset());
                break;
            }
            got += "EQBL"[static_cast<int>(f->kind)];
        }
        CHECK(got == v.expect);
    }
    // the hex range is lexed, its bounds are not decimal integers
    auto p = at::split_prefix("+QCFG: \"band\",(0-200),(0-7FFFFFFFFFFFFFFFF)");
    at::field_reader r(p->params, {}, p->params_offset);
    (void)r.next();
    auto dec = r.next()->items().next();
    CHECK(*dec->high_integer() == 200);
    auto hex = r.next()->items().next();
    CHECK(hex->high == "7FFFFFFFFFFFFFFFF");
    CHECK(hex->high_integer().error() == errc::at_invalid_integer);
    // "(0x01 -- 0xFFFFFFFF)": one range whose upper bound is "- 0xFFFFFFFF"
    auto flag = at::split_prefix("+QCFG: \"Feature_Switch_Flag\",(0x01 -- 0xFFFFFFFF)");
    at::field_reader fr(flag->params, {}, flag->params_offset);
    (void)fr.next();
    auto odd = fr.next()->items().next();
    REQUIRE(odd.ok());
    CHECK(odd->kind == at::item_kind::range);
    CHECK(odd->low == "0x01");
    CHECK(odd->high == "- 0xFFFFFFFF");
}
