// The atmqtt tool's JSON reader and writer. The tool is not a library, so its source is compiled in here.
#include "../../tools/atmqtt/json.cpp"

#include "../catch.hpp"

#include <string>

namespace json = atmqtt_tool::json;
using atmqtt::errc;

namespace {

std::string quoted(std::string_view s) {
    std::string out;
    json::append_string(out, s);
    return out;
}

std::string reparsed(std::string_view text) {  // a JSON string literal -> its decoded UTF-8
    const auto r = json::parse(text, 0);
    REQUIRE(r.ok());
    REQUIRE(r->type == json::kind::string);
    return r->text;
}

}  // namespace

TEST_CASE("writer escapes quote, backslash and every control character, and nothing else") {
    CHECK(quoted("plain/text") == "\"plain/text\"");
    CHECK(quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(quoted(std::string_view("\x00\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\\u007f\"");
    CHECK(quoted("\t\n\r") == "\"\\u0009\\u000a\\u000d\"");
    CHECK(quoted("é日😀") == "\"é日😀\"");  // UTF-8 passes through byte for byte
    for (int c = 0; c < 256; ++c) {
        const std::string one(1, static_cast<char>(c));
        INFO("byte " << c);
        if (c < 0x20 || c == 0x7f) {
            CHECK(quoted(one).size() == 8);  // "\u00xx"
            CHECK(reparsed(quoted(one)) == one);
        } else if (c == '"' || c == '\\') {
            CHECK(quoted(one) == "\"\\" + one + "\"");
        } else {
            CHECK(quoted(one) == "\"" + one + "\"");
        }
    }
}

TEST_CASE("writer: commas, keys, nesting and hex") {
    json::writer w;
    w.begin_object().key("a").number(0).key("b").begin_array().boolean(true).boolean(false).end_array();
    w.key("c").begin_object().end_object().key("d").hex(std::string_view("\x00\xff\x10", 3));
    w.key("e").begin_array().begin_object().key("x").string("y").end_object().number(18446744073709551615u);
    w.end_array().end_object();
    CHECK(w.str() == R"({"a":0,"b":[true,false],"c":{},"d":"00ff10","e":[{"x":"y"},18446744073709551615]})");
}

TEST_CASE("reader: values, members in input order, offsets") {
    const std::string text = R"(  {"k": [1, -2, 3.5, 1e3, true, false, null, "s"], "o": {"n": 18446744073709551615}} tail)";
    const auto r = json::parse(text, 0);
    REQUIRE(r.ok());
    CHECK(r.offset() == text.find(" tail"));  // just past the value
    const json::value& v = *r;
    REQUIRE(v.type == json::kind::object);
    CHECK(v.offset == 2);
    REQUIRE(v.members.size() == 2);
    CHECK(v.members[0].key == "k");
    CHECK(v.members[0].key_offset == 3);
    CHECK(v.members[1].key == "o");
    const json::value* k = v.find("k");
    REQUIRE(k != nullptr);
    REQUIRE(k->items.size() == 8);
    CHECK(k->items[0].is_uint);
    CHECK(k->items[0].uint == 1);
    CHECK(k->items[0].offset == 9);
    CHECK(!k->items[1].is_uint);  // negative
    CHECK(!k->items[2].is_uint);  // fraction
    CHECK(!k->items[3].is_uint);  // exponent
    CHECK(k->items[3].text == "1e3");
    CHECK(k->items[4].type == json::kind::boolean);
    CHECK(k->items[4].boolean);
    CHECK(k->items[5].type == json::kind::boolean);
    CHECK(!k->items[5].boolean);
    CHECK(k->items[6].type == json::kind::null);
    CHECK(k->items[7].text == "s");
    const json::value* n = v.find("o")->find("n");
    REQUIRE(n != nullptr);
    CHECK(n->is_uint);
    CHECK(n->uint == 18446744073709551615u);
    CHECK(v.find("missing") == nullptr);
}

TEST_CASE("reader: a number past 64 bits is still a number, but not an unsigned integer") {
    const auto r = json::parse("18446744073709551616", 0);
    REQUIRE(r.ok());
    CHECK(r->type == json::kind::number);
    CHECK(!r->is_uint);
}

TEST_CASE("reader: a leading zero stands alone, so \"01\" is the value 0 followed by more input") {
    const auto r = json::parse("01", 0);
    REQUIRE(r.ok());
    CHECK(r->uint == 0);
    CHECK(r.offset() == 1);
}

TEST_CASE("reader: string escapes decode to UTF-8") {
    CHECK(reparsed(R"("\"\\\/\b\f\n\r\t")") == "\"\\/\b\f\n\r\t");
    CHECK(reparsed(R"("\u0041\u00e9\u65e5\uD83D\uDE00")") == "Aé日😀");
    CHECK(reparsed(R"("\u0000")") == std::string(1, '\0'));
    CHECK(reparsed("\"é日😀\"") == "é日😀");
}

TEST_CASE("reader: malformed JSON is invalid_json at the first byte that does not fit") {
    struct bad_case {
        const char* text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"", 0},
        {"   ", 3},
        {"{", 1},
        {"{\"a\"}", 4},
        {"{\"a\":1,}", 7},
        {"{a:1}", 1},
        {"[1 2]", 3},
        {"[1,]", 3},
        {"-", 1},
        {"1.", 2},
        {"1e", 2},
        {"tru", 0},
        {"nul", 0},
        {"\"abc", 4},
        {"\"a\tb\"", 2},              // raw control character
        {"\"a\\qb\"", 2},             // unknown escape: at the backslash
        {"\"\\u12g4\"", 5},           // bad hex digit
        {"\"\\ud800\"", 1},           // high surrogate alone
        {"\"\\ud800\\u0041\"", 1},    // high surrogate with no low one
        {"\"\\udc00\"", 1},           // low surrogate first
        {"\"\xc3\x28\"", 1},          // ill-formed UTF-8
        {"\"\xed\xa0\x80\"", 1},      // an encoded surrogate
        {"\"\xc0\xaf\"", 1},          // overlong
        {"\"\xf4\x90\x80\x80\"", 1},  // above U+10FFFF
        {"{\"a\":1,\"a\":2}", 7},     // duplicate key: at the second one
    };
    for (const bad_case& c : cases) {
        INFO("input: " << c.text);
        const auto r = json::parse(c.text, 0);
        REQUIRE(!r.ok());
        CHECK(r.error() == errc::invalid_json);
        CHECK(r.offset() == c.offset);
    }
}

TEST_CASE("reader: nesting is bounded") {
    std::string deep(64, '[');
    deep += std::string(64, ']');
    CHECK(json::parse(deep, 0).ok());
    std::string deeper(65, '[');
    deeper += std::string(65, ']');
    const auto r = json::parse(deeper, 0);
    REQUIRE(!r.ok());
    CHECK(r.offset() == 64);
    CHECK(!json::parse(std::string(100000, '['), 0).ok());  // no stack overflow
}

TEST_CASE("skip_space skips JSON whitespace only") {
    CHECK(json::skip_space(" \t\r\nx", 0) == 4);
    CHECK(json::skip_space("\fx", 0) == 0);
    CHECK(json::skip_space("  ", 1) == 2);
}
