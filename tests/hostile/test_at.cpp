// Hostile input for the AT layer (issue 9): the tokenizer, the field lexer, at::decode and the
// transaction. Lines of exactly the capacity and one byte more, lengths announcing more than fits or
// more than 32 bits, integers such as "4294967296", "-0", "+5", leading zeros and 30 digits, unterminated
// quotes, NUL and 0xFF bytes, CR-only and LF-only line ends, repeated separators, empty integer fields,
// a '>' in the middle of a line, and URCs at every position of a transaction.
#include <atmqtt/at.hpp>
#include <atmqtt/at/test_answer.hpp>

#include "../../tools/atmqtt/transaction.hpp"

#include <string>
#include <vector>

#include "../at/test_dialect.hpp"
#include "../catch.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using atmqtt::bytes;
using atmqtt::errc;
using namespace std::string_literals;

namespace {

// All events of `input` fed as one chunk, as "L:text", "L:text|P:payload", "P" (prompt), "E:errc@offset".
template <std::size_t Capacity>
std::vector<std::string> events(const std::string& input, bool byte_by_byte = false) {
    at::tokenizer<Capacity> tok(td::payload_rule_span, td::lexical);
    std::vector<std::string> out;
    auto drain = [&] {
        while (at::event ev = tok.next()) {
            switch (ev.kind) {
                case at::event_kind::line:
                    out.push_back("L:" + std::string(ev.text) + (ev.has_payload ? "|P:" + std::string(ev.payload) : ""));
                    break;
                case at::event_kind::prompt: out.push_back("P"); break;
                case at::event_kind::error:
                    out.push_back("E:" + std::string(atmqtt::to_string(ev.error)) + "@" + std::to_string(ev.offset));
                    break;
                default: out.push_back("?"); break;
            }
        }
    };
    if (byte_by_byte) {
        for (char c : input) {
            REQUIRE(tok.feed(bytes(&c, 1)).ok());
            drain();
        }
    } else {
        REQUIRE(tok.feed(input).ok());
        drain();
    }
    return out;
}

using list = std::vector<std::string>;

template <std::size_t Capacity>
void check_events(const std::string& input, const list& expected) {
    CAPTURE(input);
    CHECK(events<Capacity>(input) == expected);
    CHECK(events<Capacity>(input, true) == expected);
}

}  // namespace

TEST_CASE("tokenizer: a line of exactly the capacity, and one byte more") {
    const std::string exact(16, 'A'), over(17, 'B');
    check_events<16>(exact + "\r\nOK\r\n", {"L:" + exact, "L:OK"});
    check_events<16>(over + "\r\nOK\r\n", {"E:at_line_too_long@16", "L:OK"});
    check_events<16>(over + over + over + "\nOK\n", {"E:at_line_too_long@16", "L:OK"});
}

TEST_CASE("tokenizer: CR-only, LF-only and mixed line ends") {
    check_events<32>("A\rB\rC\r", {"L:A", "L:B", "L:C"});
    check_events<32>("A\nB\nC\n", {"L:A", "L:B", "L:C"});
    check_events<32>("A\n\rB\r\r\n\nC\r\n", {"L:A", "L:B", "L:C"});
    check_events<32>("\r\r\r\n\n\n   \r\n\t\r\n", {});
}

TEST_CASE("tokenizer: NUL and 0xFF bytes are line content, never terminators") {
    const std::string line = "+X: \0,\xFF\xFE"s;
    check_events<32>(line + "\r\n", {"L:" + line});
    check_events<32>("\0\r\n"s, {"L:\0"s});
    check_events<32>("\xFF\xFF\xFF\n", {"L:\xFF\xFF\xFF"});
}

TEST_CASE("tokenizer: a '>' in the middle of a line is text, at its start a prompt") {
    check_events<32>("+TSTAT: 0,>1\r\n", {"L:+TSTAT: 0,>1"});
    check_events<32>("a>b\r\n> ", {"L:a>b", "P"});
    check_events<32>(">>\r\n", {"P", "P"});
}

TEST_CASE("tokenizer: announced lengths that do not fit, overflow 32 bits or are not integers") {
    // +TRECV: length field 3 (optional): 4294967296 is not a length, so the payload is the rest of the line.
    // Offsets of length errors are within the line (the length field starts at 16, the bad digit after it).
    check_events<64>("+TRECV: 0,1,\"t\",4294967296\r\n",
                     {"L:+TRECV: 0,1,\"t\",4294967296|P:4294967296"});
    // +TRCVPUB: length field 2, mandatory; too large for 32 bits, 30 digits, signs.
    check_events<64>("+TRCVPUB: 1,\"t\",4294967296,\"x\"\r\nOK\r\n", {"E:at_integer_overflow@25", "L:OK"});
    check_events<64>("+TRCVPUB: 1,\"t\",123456789012345678901234567890,\"x\"\r\nOK\r\n",
                     {"E:at_integer_overflow@26", "L:OK"});
    check_events<64>("+TRCVPUB: 1,\"t\",+5,\"x\"\r\nOK\r\n", {"E:at_invalid_integer@16", "L:OK"});
    check_events<64>("+TRCVPUB: 1,\"t\",-0,\"x\"\r\nOK\r\n", {"E:at_invalid_integer@16", "L:OK"});
    check_events<64>("+TRCVPUB: 1,\"t\",,\"x\"\r\nOK\r\n", {"E:at_invalid_integer@16", "L:OK"});
    // Leading zeros are a length: 003 counts three bytes, even CR LF.
    check_events<64>("+TRCVPUB: 1,\"t\",003,\"\r\nA\"\r\nOK\r\n", {"L:+TRCVPUB: 1,\"t\",003,\"\r\nA\"|P:\r\nA", "L:OK"});
    // A length larger than the line buffer: reported once; exactly that many bytes are skipped, so the
    // CR LF and "OK" inside the payload do not become lines.
    check_events<32>("+TRCVPUB: 1,\"t\",40,\"" + std::string(20, 'x') + "\r\nOK\r\n" + std::string(16, 'y') +
                         "\"\r\nOK\r\n",
                     {"E:at_line_too_long@19", "L:OK"});
}

TEST_CASE("tokenizer: an announced length that never arrives leaves it waiting, reset() recovers") {
    at::tokenizer<64> tok(td::payload_rule_span, td::lexical);
    const std::string part = "+TRCVPUB: 1,\"t\",10,\"abc";
    REQUIRE(tok.feed(part).ok());
    CHECK(!tok.next());
    CHECK(tok.mid_payload());
    CHECK(tok.pending() == 7);
    tok.reset();
    CHECK(tok.idle());
    const std::string ok = "OK\r\n";
    REQUIRE(tok.feed(ok).ok());
    const at::event ev = tok.next();
    CHECK(ev.is_line());
    CHECK(ev.text == "OK");
}

TEST_CASE("field lexer: integers") {
    struct integer_case {
        const char* text;
        errc expected;
        std::size_t offset;
        std::int64_t value;
    };
    const integer_case cases[] = {
        {"4294967296", errc::ok, 0, 4294967296LL},
        {"9223372036854775807", errc::ok, 0, 9223372036854775807LL},
        {"9223372036854775808", errc::at_integer_overflow, 18, 0},
        {"-9223372036854775808", errc::ok, 0, -9223372036854775807LL - 1},
        {"-9223372036854775809", errc::at_integer_overflow, 19, 0},
        {"123456789012345678901234567890", errc::at_integer_overflow, 19, 0},
        {"-0", errc::at_invalid_integer, 0, 0},
        {"+5", errc::at_invalid_integer, 0, 0},
        {"-", errc::at_invalid_integer, 1, 0},
        {"", errc::at_invalid_integer, 0, 0},
        {"007", errc::ok, 0, 7},
        {"0000000000000000000000000000001", errc::ok, 0, 1},
        {"1 2", errc::at_invalid_integer, 1, 0},
        {"0x10", errc::at_invalid_integer, 1, 0},
        {"--1", errc::at_invalid_integer, 1, 0},
    };
    for (const integer_case& c : cases) {
        INFO(c.text);
        const auto r = at::parse_integer(c.text);
        CHECK(r.error() == c.expected);
        if (r.ok()) {
            CHECK(*r == c.value);
        } else {
            CHECK(r.offset() == c.offset);
        }
    }
    const std::string with_nul("1\0"s);
    CHECK(at::parse_integer(with_nul).error() == errc::at_invalid_integer);
    CHECK(at::parse_integer(with_nul).offset() == 1);
    CHECK(at::parse_integer("\xFF").error() == errc::at_invalid_integer);
    // 64-bit: the range is the row's (4294967296 does not fit a 32-bit field: out_of_range at the field).
    CHECK(*at::parse_integer("4294967296") == 4294967296LL);
    const at::field_spec n32[] = {at::integer("n", 0, 2147483647)};
    const auto big = at::decode_with<1>(at::response("+N", n32), at::line_event(bytes("+N: 4294967296")));
    CHECK(big.error() == errc::out_of_range);
    CHECK(big.offset() == 4);
}

TEST_CASE("field lexer: unterminated quotes, repeated separators, empty fields, NUL and 0xFF") {
    auto lex = [](const std::string& line) {
        std::vector<std::string> out;
        const auto split = at::split_prefix(line, td::lexical);
        if (!split) return std::vector<std::string>{"split " + std::string(atmqtt::to_string(split.error()))};
        at::field_reader r(split->params, td::lexical, split->params_offset);
        while (!r.done()) {
            const auto f = r.next();
            if (!f) {
                out.push_back(std::string(atmqtt::to_string(f.error())) + "@" + std::to_string(f.offset()));
                break;
            }
            out.push_back(std::to_string(static_cast<int>(f->kind)) + ":" + std::string(f->text));
        }
        return out;
    };
    // kinds: 0 empty, 1 quoted, 2 bare, 3 list
    CHECK(lex("+X: \"abc") == list{"at_unterminated_quote@4"});
    CHECK(lex("+X: 1,\"a\\\"") == list{"2:1", "at_unterminated_quote@6"});
    CHECK(lex("+X: ,,,") == list{"0:", "0:", "0:", "0:"});
    CHECK(lex("+X: 1,,2") == list{"2:1", "0:", "2:2"});
    CHECK(lex("+X: 1,\"a\"\"b\"") == list{"2:1", "at_unexpected_character@9"});
    CHECK(lex("+X: \0,\xFF"s) == list{"2:\0"s, "2:\xFF"});
    CHECK(lex("+X: (1-") == list{"at_invalid_range@4"});
}

TEST_CASE("at::decode: hostile integer and empty fields in a typed line") {
    struct decode_case {
        const char* line;
        errc expected;
        std::size_t offset;
    };
    const decode_case cases[] = {
        // +TSTAT: <client_idx 0-5>,<err_code 1-255>
        {"+TSTAT: 0,1", errc::ok, 0},
        {"+TSTAT: 00000,0001", errc::ok, 0},
        {"+TSTAT: 0,4294967296", errc::out_of_range, 10},
        {"+TSTAT: 0,123456789012345678901234567890", errc::at_integer_overflow, 29},
        {"+TSTAT: -0,1", errc::at_invalid_integer, 8},
        {"+TSTAT: +5,1", errc::at_invalid_integer, 8},
        {"+TSTAT: ,1", errc::at_invalid_integer, 8},
        {"+TSTAT: 0,", errc::at_invalid_integer, 10},
        {"+TSTAT: 0,,1", errc::at_invalid_integer, 10},
        {"+TSTAT: 0,1,", errc::at_too_many_fields, 12},
        {"+TSTAT: \"0\",1", errc::at_invalid_integer, 8},
        {"+TSTAT: 0,1\xFF", errc::at_invalid_integer, 11},
        {"+TSTAT: (0-5),1", errc::at_type_mismatch, 8},
    };
    for (const decode_case& c : cases) {
        INFO(c.line);
        const auto r = at::decode<8>(td::grammar, at::line_event(bytes(c.line)));
        CHECK(r.error() == c.expected);
        if (!r.ok()) CHECK(r.offset() == c.offset);
    }
    const auto ok = at::decode<8>(td::grammar, at::line_event(bytes("+TSTAT: 00000,0001")));
    REQUIRE(ok.ok());
    REQUIRE(ok->count == 2);
    CHECK(ok->values[1].number == 1);
}

TEST_CASE("transaction: a URC at every position of a prompt transaction, byte by byte") {
    // AT+TPUB=... -> echo, '>', data sent, OK, deferred +TPUB: 0,5,0. A URC with a payload holding "OK" and
    // CR LF, inserted before every unit, comes out as a URC at that place and changes nothing else.
    const std::vector<std::string> units = {"AT+TPUB=0,5,0,0,\"t\",2\r\r\n", "> ", "\r\nOK\r\n",
                                            "\r\n+TPUB: 0,5,0\r\n"};
    const std::vector<std::string> base = {"echo", "prompt", "final_ok", "deferred"};
    const std::string urc = "\r\n+TURC: \"publish\",0,3,\"a/b\",6,6,\r\nOK\r\n\r\n";
    for (std::size_t at_unit = 0; at_unit <= units.size(); ++at_unit) {
        CAPTURE(at_unit);
        std::string stream;
        std::vector<std::string> expected;
        for (std::size_t i = 0; i <= units.size(); ++i) {
            if (i == at_unit) {
                stream += urc;
                expected.push_back("urc");
            }
            if (i < units.size()) {
                stream += units[i];
                expected.push_back(base[i]);
            }
        }
        at::tokenizer<128> tok(td::payload_rule_span, td::lexical);
        atmqtt_tool::transaction tx(td::grammar);
        REQUIRE(tx.begin(td::pub, at::form::set).ok());
        std::vector<std::string> got;
        for (char ch : stream) {
            REQUIRE(tok.feed(bytes(&ch, 1)).ok());
            while (at::event ev = tok.next()) {
                const auto r = tx.on_event(ev);
                got.push_back(r.ok() ? std::string(atmqtt_tool::to_string(r->kind)) : std::string(atmqtt::to_string(r.error())));
            }
        }
        CHECK(got == expected);
    }
}

TEST_CASE("test answers: overflow, signs, leading zeros and unterminated quotes inside ranges") {
    // The client_idx element of "+TOPEN: <element>,\"h\",(1-65535)" (its list starts at offset 9), decoded
    // by decode_test_response and typed by test_element_of: "low..high", or "errc@offset". A bound is any
    // 64-bit integer, kept exactly (not checked against the parameter's 0..5, never narrowed); errors are
    // reported at the item.
    struct range_case {
        std::string element;
        std::string expected;
    };
    const std::vector<range_case> cases = {
        {"(0-5)", "0..5"},
        {"(0-4294967296)", "0..4294967296"},
        {"(0~4294967296)", "0..4294967296"},
        {"(4294967296)", "4294967296..4294967296"},
        {"(0,4294967296)", "0..4294967296"},
        {"(0-9223372036854775807)", "0..9223372036854775807"},
        {"(-9223372036854775808-0)", "-9223372036854775808..0"},
        {"(0-9223372036854775808)", "at_integer_overflow@9"},
        {"(0-99999999999999999999999999999)", "at_integer_overflow@9"},
        {"(99999999999999999999999999999-0)", "at_integer_overflow@9"},
        {"(1,123456789012345678901234567890)", "at_integer_overflow@11"},
        {"(-0-5)", "at_invalid_integer@9"},
        {"(0--0)", "at_invalid_integer@9"},
        {"(+1-5)", "at_invalid_integer@9"},
        {"(0-+5)", "at_invalid_integer@9"},
        {"(0--5)", "at_invalid_range@9"},
        {"(5-0)", "at_invalid_range@9"},
        {"(-5--1)", "-5..-1"},
        {"(00-005)", "0..5"},
        {"(0000000000000000000000000000001-2)", "1..2"},
        {"(1 - 2)", "1..2"},
        {"(0-5-6)", "at_invalid_integer@9"},
        {"(0x1-5)", "at_invalid_integer@9"},
        {"(0-)", "at_invalid_range@9"},
        {"(-5)", "-5..-5"},
        {"(0-5,)", "at_invalid_range@13"},
        {"(0-5,,6)", "at_invalid_range@13"},
        {"(,1)", "at_invalid_range@9"},
        {"()", "at_invalid_range@9"},
        {"(0-5", "at_invalid_range@8"},
        {"(0-\"5)", "at_unterminated_quote@17"},
        {"(\"0\"-5)", "at_unexpected_character@12"},
        {"(0-5\xFF)", "at_invalid_integer@9"},
        {"(0\0-5)"s, "at_invalid_integer@9"},
    };
    for (const range_case& c : cases) {
        const std::string line = "+TOPEN: " + c.element + ",\"h\",(1-65535)";
        INFO(line);
        const auto r = at::decode_test_response<8>(td::open, {}, bytes(line), td::lexical);
        std::string got;
        if (!r) {
            got = std::string(atmqtt::to_string(r.error())) + "@" + std::to_string(r.offset());
        } else {
            const auto e = at::test_element_of(r->values[0], td::open_params[0], td::lexical);
            got = e ? std::to_string(e->low) + ".." + std::to_string(e->high)
                    : std::string(atmqtt::to_string(e.error())) + "@" + std::to_string(e.offset());
        }
        CHECK(got == c.expected);
    }
    const std::string wide = "+TOPEN: (0-4294967296),\"h\",(1-65535)";
    const auto r = at::decode_test_response<8>(td::open, {}, bytes(wide), td::lexical);
    REQUIRE(r.ok());
    const auto e = at::test_element_of(r->values[0], td::open_params[0], td::lexical);
    REQUIRE(e.ok());
    CHECK(e->contains(4294967296LL));
    CHECK(!e->contains(4294967297LL));
    CHECK(!e->contains(-1));
}

TEST_CASE("tokenizer: unterminated quotes in a payload line") {
    // A topic quote that never closes hides the length field: the line ends at its line end, no payload.
    check_events<64>("+TRCVPUB: 1,\"t,3,\"abc\"\r\nOK\r\n", {"L:+TRCVPUB: 1,\"t,3,\"abc\"", "L:OK"});
    check_events<64>("+TRECV: 0,1,\"t,3,abc\r\nOK\r\n", {"L:+TRECV: 0,1,\"t,3,abc", "L:OK"});
    // A quoted-only payload (+TRCVPUB) without its closing quote after the counted bytes: the line is
    // dropped, reported where the quote should be; the next line is intact.
    check_events<64>("+TRCVPUB: 1,\"t\",3,\"abc\r\nOK\r\n", {"E:at_unterminated_quote@22", "L:OK"});
    check_events<64>("+TRCVPUB: 1,\"t\",3,\"abc\"\r\nOK\r\n", {"L:+TRCVPUB: 1,\"t\",3,\"abc\"|P:abc", "L:OK"});
}
