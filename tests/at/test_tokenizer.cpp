#include <atmqtt/at/tokenizer.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::span;
using namespace std::string_literals;

namespace {

// Rules modelled on the vendors (the dialect tables will produce the same shapes).
constexpr at::payload_rule rules[] = {
    {"+QMTRECV", "", 3, true, at::payload_form::either},          // 0: Quectel, length optional
    {"+MQTTURC", "publish", 5, false, at::payload_form::bare},    // 1: OneMO, selector, bare payload
    {"+IMQTTRCVPUB", "", 2, false, at::payload_form::quoted},     // 2: RisingHF, quoted payload
    {"+MQTTREAD", "", 3, false, at::payload_form::bare},          // 3: OneMO cache read
    {"+TQ", "", 0, false, at::payload_form::quoted},              // 4: length is field 0, quoted
};
static_assert(at::validate(span<const at::payload_rule>(rules)).ok());
static_assert(at::validate(at::payload_rule{"", "", 1, false, at::payload_form::bare}).error() ==
              errc::at_unknown_response);
static_assert(at::validate(at::payload_rule{"+X:", "", 1, false, at::payload_form::bare}).error() ==
              errc::at_unexpected_character);
// a full-width separator's first byte (the fast paths would read the full-width colon as part of the name)
static_assert(at::validate(at::payload_rule{"+X\xEF\xBC\x9A", "", 1, false, at::payload_form::bare}).error() ==
              errc::at_unexpected_character);
static_assert(at::validate(at::payload_rule{"+X\xEF\xBC\x9A", "", 1, false, at::payload_form::bare}).offset() == 2);
static_assert(at::validate(at::payload_rule{"+X", "sel", 0, false, at::payload_form::bare}).error() ==
              errc::at_invalid_enum);
static_assert(at::validate(at::payload_rule{"+X", "", 64, false, at::payload_form::bare}).error() ==
              errc::out_of_range);
// a form outside quoted, bare and either
static_assert(at::validate(at::payload_rule{"+X", "", 1, false, at::payload_form{}}).error() == errc::at_invalid_enum);
static_assert(at::validate(at::payload_rule{"+X", "", 1, false, static_cast<at::payload_form>(4)}).error() ==
              errc::at_invalid_enum);
static_assert(at::validate(at::payload_rule{"+X", "", 1, false, at::payload_form::quoted}).ok());

// Length fields: plain decimal digits up to 2^32 - 1, spaces around them allowed.
static_assert(*at::detail::parse_length("4294967295") == 4294967295u);
static_assert(at::detail::parse_length("4294967296").error() == errc::at_integer_overflow);
static_assert(at::detail::parse_length("42949672950").error() == errc::at_integer_overflow);
static_assert(*at::detail::parse_length(" 007 ") == 7);
static_assert(at::detail::parse_length("-1").error() == errc::at_invalid_integer);
static_assert(at::detail::parse_length("+1").error() == errc::at_invalid_integer);
static_assert(at::detail::parse_length("").error() == errc::at_invalid_integer);

std::string show(errc e) { return std::string(atmqtt::to_string(e)); }

// One event as a string; data pieces are joined into one entry per block so that any chunking of the
// same input gives the same list.
struct collector {
    std::vector<std::string> out;
    std::string data;
    void add(const at::event& ev) {
        switch (ev.kind) {
            case at::event_kind::line: {
                std::string s = "L:" + std::string(ev.text);
                if (ev.has_payload) s += "|P:" + std::string(ev.payload);
                if (ev.rule != at::no_rule) s += "|R" + std::to_string(ev.rule);
                out.push_back(s);
                break;
            }
            case at::event_kind::prompt: out.push_back(">"); break;
            case at::event_kind::data:
                data += std::string(ev.text);
                if (ev.remaining == 0) {
                    out.push_back("D:" + data);
                    data.clear();
                }
                break;
            case at::event_kind::error:
                out.push_back("E:" + show(ev.error) + "@" + std::to_string(ev.offset) + ":" + std::string(ev.text));
                break;
            case at::event_kind::none: out.push_back("none?"); break;
        }
    }
};

using hook = std::function<void(const at::event&, at::tokenizer<64>&)>;

// Feeds `input` cut at `cuts` (ascending offsets) into a fresh tokenizer and collects every event.
template <std::size_t Cap>
std::vector<std::string> run(const std::string& input, const std::vector<std::size_t>& cuts,
                             span<const at::payload_rule> r, at::syntax syn,
                             const std::function<void(const at::event&, at::tokenizer<Cap>&)>& on_event) {
    at::tokenizer<Cap> tok(r, syn);
    collector c;
    std::size_t start = 0;
    auto feed = [&](std::size_t end) {
        REQUIRE(tok.feed(bytes(input).substr(start, end - start)).ok());
        while (auto ev = tok.next()) {
            c.add(ev);
            if (on_event) on_event(ev, tok);
        }
        REQUIRE(tok.unread() == 0);
        start = end;
    };
    for (std::size_t cut : cuts) feed(cut);
    feed(input.size());
    if (!c.data.empty()) c.out.push_back("D(partial):" + c.data);
    return c.out;
}

// The same input pushed one byte at a time (push(), then next() until none after an event).
template <std::size_t Cap>
std::vector<std::string> run_pushed(const std::string& input, span<const at::payload_rule> r, at::syntax syn,
                                    const std::function<void(const at::event&, at::tokenizer<Cap>&)>& on_event) {
    at::tokenizer<Cap> tok(r, syn);
    collector c;
    at::event ev{};
    for (char byte : input) {
        if (tok.push(byte, ev)) {
            do {
                c.add(ev);
                if (on_event) on_event(ev, tok);
            } while ((ev = tok.next()));
        }
        REQUIRE(tok.unread() == 0);
    }
    if (!c.data.empty()) c.out.push_back("D(partial):" + c.data);
    return c.out;
}

// The same events whether the input comes whole, one byte at a time (fed or pushed), or split at any
// one offset.
template <std::size_t Cap = 64>
std::vector<std::string> events(const std::string& input, span<const at::payload_rule> r = rules,
                                at::syntax syn = {},
                                std::function<void(const at::event&, at::tokenizer<Cap>&)> on_event = nullptr) {
    std::vector<std::string> whole = run<Cap>(input, {}, r, syn, on_event);
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < input.size(); ++i) every.push_back(i);
    INFO("input: " << input);
    CHECK(run<Cap>(input, every, r, syn, on_event) == whole);
    CHECK(run_pushed<Cap>(input, r, syn, on_event) == whole);
    for (std::size_t i = 1; i < input.size(); ++i) {
        INFO("split at " << i);
        CHECK(run<Cap>(input, {i}, r, syn, on_event) == whole);
    }
    return whole;
}

using list = std::vector<std::string>;

}  // namespace

TEST_CASE("tokenizer: validate() refuses a form outside quoted, bare and either, at run time too") {
    at::payload_rule r{"+X", "", 1, false, at::payload_form{}};
    CHECK(at::validate(r).error() == errc::at_invalid_enum);
    r.form = static_cast<at::payload_form>(4);
    CHECK(at::validate(r).error() == errc::at_invalid_enum);
    r.form = at::payload_form::either;
    CHECK(at::validate(r).ok());
}

TEST_CASE("tokenizer: line terminators") {
    CHECK(events("OK\r\n") == list{"L:OK"});
    CHECK(events("\r\nOK\r\n") == list{"L:OK"});
    CHECK(events("A\nB\rC\r\nD\n\rE\r\r\n\nF\r\n") == list{"L:A", "L:B", "L:C", "L:D", "L:E", "L:F"});
    CHECK(events("\r\n+WKMOD:NET\r\n\r\nOK\r\n") == list{"L:+WKMOD:NET", "L:OK"});
    // whitespace-only lines (USR's "{CR}{LF} {CR}{LF}OK") are dropped; inner spaces kept
    CHECK(events("+MQTTCFG:60,0\r\n \r\nOK\r\n") == list{"L:+MQTTCFG:60,0", "L:OK"});
    CHECK(events("  OK  \r\n") == list{"L:  OK  "});
    // tabs are blanks too, with rules or without
    CHECK(events(" \t\r\n\t\r\nOK\r\n") == list{"L:OK"});
    CHECK(events(" \t\r\n\t\r\nOK\t\r\n", span<const at::payload_rule>{}) == list{"L:OK\t"});
    // an unterminated line is not an event yet
    CHECK(events("OK") == list{});
    CHECK(events("") == list{});
}

TEST_CASE("tokenizer: CR LF split across chunks is one terminator") {
    CHECK(run<64>("OK\r\nERROR\r\n", {3}, rules, {}, nullptr) == list{"L:OK", "L:ERROR"});
    at::tokenizer<16> tok;
    REQUIRE(tok.feed("OK\r").ok());
    auto ev = tok.next();
    REQUIRE(ev.is_line());
    CHECK(ev.text == "OK");
    CHECK(!tok.next());
    REQUIRE(tok.feed("\n").ok());
    CHECK(!tok.next());  // the LF completes the CR: no empty line, no second event
    REQUIRE(tok.feed("\nX\r\n").ok());
    auto x = tok.next();
    REQUIRE(x.is_line());
    CHECK(x.text == "X");
}

TEST_CASE("tokenizer: prompt") {
    CHECK(events("\r\n> ") == list{">"});
    CHECK(events("\r\n>") == list{">"});
    CHECK(events(">This is test data, hello MQTT.\r\nOK\r\n") ==
          list{">", "L:This is test data, hello MQTT.", "L:OK"});
    CHECK(events(">  two spaces\r\n") == list{">", "L: two spaces"});  // only one space belongs to it
    CHECK(events("a > b\r\n") == list{"L:a > b"});                    // mid-line: text
    CHECK(events("x>\r\n>\r\n") == list{"L:x>", ">"});
    CHECK(events(" >\r\n") == list{"L: >"});
    CHECK(events(">>") == list{">", ">"});
    // a prompt between a URC and OK
    CHECK(events("+QMTSTAT: 0,1\r\n> \r\nOK\r\n") == list{"L:+QMTSTAT: 0,1", ">", "L:OK"});
    // the prompt is reported without waiting for anything after it
    at::tokenizer<16> tok;
    REQUIRE(tok.feed("\r\n>").ok());
    CHECK(tok.next().is_prompt());
}

TEST_CASE("tokenizer: capacity") {
    const std::string exact(64, 'x');
    const std::string over(65, 'y');
    CHECK(events(exact + "\r\nOK\r\n") == list{"L:" + exact, "L:OK"});
    CHECK(events(over + "\r\nOK\r\n") == list{"E:at_line_too_long@64:" + std::string(64, 'y'), "L:OK"});
    CHECK(events(std::string(300, 'z') + "\nOK\n") == list{"E:at_line_too_long@64:" + std::string(64, 'z'), "L:OK"});
    // exactly at capacity with a lone CR, then the next line
    CHECK(events(exact + "\rA\r") == list{"L:" + exact, "L:A"});
    // the smallest buffer
    CHECK(events<8>("12345678\r\n123456789\r\nOK\r\n") ==
          list{"L:12345678", "E:at_line_too_long@8:12345678", "L:OK"});
}

TEST_CASE("tokenizer: garbage, NUL, 0xFF, unterminated quotes") {
    const std::string nul("A\0B\r\n", 5);
    CHECK(events(nul) == list{"L:"s + std::string("A\0B", 3)});
    CHECK(events("\xff\xfe\x80\r\nOK\r\n") == list{"L:\xff\xfe\x80", "L:OK"});
    CHECK(events("+X: \"never closed\r\nOK\r\n") == list{"L:+X: \"never closed", "L:OK"});
    // an unterminated quote inside a payload line's fields does not hide the line end
    CHECK(events("+QMTRECV: 0,1,\"top\r\nOK\r\n") == list{"L:+QMTRECV: 0,1,\"top|R0", "L:OK"});
    CHECK(events("\x1b[0m\x07 junk \r\r\r\n\n") == list{"L:\x1b[0m\x07 junk "});
}

TEST_CASE("tokenizer: Quectel +QMTRECV, quoted payload with length") {
    CHECK(events<96>("\r\n+QMTRECV: 0,1,\"topic/example\",36,\"This is the payload related to topic\"\r\n") ==
          list{"L:+QMTRECV: 0,1,\"topic/example\",36,\"This is the payload related to topic\""
               "|P:This is the payload related to topic|R0"});
}

TEST_CASE("tokenizer: Quectel +QMTRECV, bare payload with comma") {
    CHECK(events("+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.\r\n") ==
          list{"L:+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.|P:This is test data, hello MQTT.|R0"});
}

TEST_CASE("tokenizer: Quectel +QMTRECV without length: rest of the line") {
    CHECK(events<96>("+QMTRECV: 0,1,\"topic/example\",\"This is the payload related to topic\"\r\n") ==
          list{"L:+QMTRECV: 0,1,\"topic/example\",\"This is the payload related to topic\""
               "|P:This is the payload related to topic|R0"});
    CHECK(events("+QMTRECV: 0,0,\"topic/pub\",This is test data, hello MQTT.\r\n") ==
          list{"L:+QMTRECV: 0,0,\"topic/pub\",This is test data, hello MQTT.|P:This is test data, hello MQTT.|R0"});
    CHECK(events("+QMTRECV: 0,1,\"t\",\"a,b\"\r\n") == list{"L:+QMTRECV: 0,1,\"t\",\"a,b\"|P:a,b|R0"});
    // the cache notification shares the prefix but never reaches field 3
    CHECK(events("+QMTRECV: 0,2\r\n+QMTRECV: 0,2,30\r\n") == list{"L:+QMTRECV: 0,2|R0", "L:+QMTRECV: 0,2,30|R0"});
    // no space after the colon (QMTPUBEX remark 3)
    CHECK(events("+QMTRECV:0,1,\"t\",2,ab\r\n") == list{"L:+QMTRECV:0,1,\"t\",2,ab|P:ab|R0"});
}

TEST_CASE("tokenizer: payload containing CR LF, commas, quotes and a fake OK") {
    const std::string payload = "a,\"b\"\r\nOK\r\n,c";
    const std::string line = "+QMTRECV: 0,1,\"t\"," + std::to_string(payload.size()) + "," + payload;
    CHECK(events(line + "\r\nOK\r\n") == list{"L:" + line + "|P:" + payload + "|R0", "L:OK"});
    // quoted form: the counted bytes may hold quotes too
    const std::string quoted = "+IMQTTRCVPUB:7,\"t\"," + std::to_string(payload.size()) + ",\"" + payload + "\"";
    CHECK(events(quoted + "\r\n") == list{"L:" + quoted + "|P:" + payload + "|R2"});
}

TEST_CASE("tokenizer: OneMO +MQTTURC publish, selector and bare payload") {
    CHECK(events("+MQTTURC: \"publish\",0,0,\"hello\",11,11,hello world\r\n") ==
          list{"L:+MQTTURC: \"publish\",0,0,\"hello\",11,11,hello world|P:hello world|R1"});
    CHECK(events("+MQTTURC: \"publish\",0,2,\"world\",5,5,12345\r\n") ==
          list{"L:+MQTTURC: \"publish\",0,2,\"world\",5,5,12345|P:12345|R1"});
    // the real ML307R capture: unquoted JSON full of commas and quotes
    const std::string json = R"({"id":8,"method":"get_properties","params":[{"siid":1,"piid":6}]})";
    const std::string ml307 =
        "+MQTTURC: \"publish\",0,0,\"down/689adc659f04ec32f7642fbb/69dde479495848939efba625\",65,65," + json;
    CHECK(events<160>(ml307 + "\r\n") == list{"L:" + ml307 + "|P:" + json + "|R1"});
    // other selectors of the same prefix are ordinary lines
    CHECK(events("+MQTTURC: \"conn\",0,0\r\n") == list{"L:+MQTTURC: \"conn\",0,0"});
    CHECK(events("+MQTTURC: \"suback\",0,1,0,1\r\n") == list{"L:+MQTTURC: \"suback\",0,1,0,1"});
    // the cache read response
    CHECK(events("+MQTTREAD: 0,45,\"hello\",11,hello world\r\nOK\r\n") ==
          list{"L:+MQTTREAD: 0,45,\"hello\",11,hello world|P:hello world|R3", "L:OK"});
}

TEST_CASE("tokenizer: RisingHF +IMQTTRCVPUB, quoted payload") {
    CHECK(events<96>("+IMQTTRCVPUB:13770,\"/a1R3d3WsBI0/test1/user/test\",14,\"test message!!\"\r\n") ==
          list{"L:+IMQTTRCVPUB:13770,\"/a1R3d3WsBI0/test1/user/test\",14,\"test message!!\"|P:test message!!|R2"});
    // the promised quote is missing: error, the announced bytes are skipped, then the rest of the line
    CHECK(events("+IMQTTRCVPUB:1,\"t\",4,ab\r\nx\r\nOK\r\n") ==
          list{"E:at_unexpected_character@21:+IMQTTRCVPUB:1,\"t\",4,", "L:OK"});
    // the closing quote is missing
    CHECK(events("+IMQTTRCVPUB:1,\"t\",2,\"abc\"\r\nOK\r\n") ==
          list{"E:at_unterminated_quote@24:+IMQTTRCVPUB:1,\"t\",2,\"ab", "L:OK"});
    // spaces before a quoted payload are separators; before a bare or either one they are payload bytes
    CHECK(events("+IMQTTRCVPUB:1, \"t\", 2,  \"ab\"\r\n") == list{"L:+IMQTTRCVPUB:1, \"t\", 2,  \"ab\"|P:ab|R2"});
    CHECK(events("+QMTRECV: 0,1,\"t\",2, ab\r\n") == list{"L:+QMTRECV: 0,1,\"t\",2, ab|P: a|R0"});
    // empty payloads
    CHECK(events("+IMQTTRCVPUB:1,\"t\",0,\"\"\r\n") == list{"L:+IMQTTRCVPUB:1,\"t\",0,\"\"|P:|R2"});
    CHECK(events("+MQTTREAD: 0,45,\"hello\",0,\r\n") == list{"L:+MQTTREAD: 0,45,\"hello\",0,|P:|R3"});
}

TEST_CASE("tokenizer: either form falls back to bare when no closing quote follows") {
    CHECK(events("+QMTRECV: 0,1,\"t\",4,\"xY\"\r\n") == list{"L:+QMTRECV: 0,1,\"t\",4,\"xY\"|P:\"xY\"|R0"});
    CHECK(events("+QMTRECV: 0,1,\"t\",3,\"ab,rest\r\n") == list{"L:+QMTRECV: 0,1,\"t\",3,\"ab,rest|P:\"ab|R0"});
    // the byte after the bare payload is the line end
    CHECK(events("+QMTRECV: 0,1,\"t\",3,\"ab\r\nOK\r\n") == list{"L:+QMTRECV: 0,1,\"t\",3,\"ab|P:\"ab|R0", "L:OK"});
    CHECK(events("+QMTRECV: 0,1,\"t\",0,\"\"\r\n") == list{"L:+QMTRECV: 0,1,\"t\",0,\"\"|P:|R0"});
    CHECK(events("+QMTRECV: 0,1,\"t\",0,\r\n") == list{"L:+QMTRECV: 0,1,\"t\",0,|P:|R0"});
}

TEST_CASE("tokenizer: the rest of the line after the payload belongs to the line") {
    CHECK(events("+QMTRECV: 0,1,\"t\",2,\"ab\",extra\r\n") == list{"L:+QMTRECV: 0,1,\"t\",2,\"ab\",extra|P:ab|R0"});
    CHECK(events("+TQ: 3,\"a\nb\" tail\r\n") == list{"L:+TQ: 3,\"a\nb\" tail|P:a\nb|R4"});
}

TEST_CASE("tokenizer: payload larger than the buffer is skipped exactly") {
    const std::string big(100, 'p');
    const std::string line = "+QMTRECV: 0,1,\"t\",100," + big;
    CHECK(events(line + "\r\nOK\r\n") == list{"E:at_line_too_long@22:+QMTRECV: 0,1,\"t\",100,", "L:OK"});
    const std::string crlf = std::string(50, '\n') + std::string(50, '\r');
    CHECK(events("+QMTRECV: 0,1,\"t\",100,\"" + crlf + "\" tail\r\nOK\r\n") ==
          list{"E:at_line_too_long@22:+QMTRECV: 0,1,\"t\",100,", "L:OK"});
    // fits exactly: 24 header bytes + 40 payload bytes = 64
    const std::string fit64 = "+QMTRECV: 0,1,\"tttt\",40," + std::string(40, 'c');
    REQUIRE(fit64.size() == 64);
    CHECK(events(fit64 + "\r\n") == list{"L:" + fit64 + "|P:" + std::string(40, 'c') + "|R0"});
    const std::string over64 = "+QMTRECV: 0,1,\"ttttt\",40," + std::string(40, 'c');
    CHECK(events(over64 + "\r\nOK\r\n") == list{"E:at_line_too_long@25:+QMTRECV: 0,1,\"ttttt\",40,", "L:OK"});
    // bytes after the payload that overflow are reported as a long line
    CHECK(events(fit64 + "!\r\nOK\r\n") == list{"E:at_line_too_long@64:" + fit64, "L:OK"});
}

TEST_CASE("tokenizer: a payload line whose fields overflow still has its payload skipped by count") {
    const std::string fake = "\r\nOK\r\n> \r\n+QMTSTAT: 0,1\r\n";  // 25 bytes a publisher may send
    const std::string topic(40, 't');
    // the topic overflows the buffer: one report, then the length is read and 25 bytes skipped
    CHECK(events<16>("+QMTRECV: 0,1,\"" + topic + "\",25," + fake + "\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"t", "L:OK"});
    CHECK(events<16>("+QMTRECV: 0,1,\"" + topic + "\",25,\"" + fake + "\"\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"t", "L:OK"});
    // the buffer fills inside the length field: its digits are kept (25, not 5)
    CHECK(events<16>("+QMTRECV: 0,1,\"\",25," + fake + "\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"\"", "L:OK"});
    // ... also behind blanks and leading zeros that alone would fill the buffer
    CHECK(events<16>("+QMTRECV: 0,1,\"\"," + std::string(14, ' ') + "25," + fake + "\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"\"", "L:OK"});
    CHECK(events<16>("+QMTRECV: 0,1,\"\"," + std::string(20, '0') + "25," + fake + "\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"\"", "L:OK"});
    // a selector line: the selector, cut by the overflow, is still matched
    CHECK(events<16>("+MQTTURC: \"publish\",0,0,\"" + topic + "\",25,25," + fake + "\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+MQTTURC: \"publi", "L:OK"});
    // a quoted-only rule: the separator blank, then the opening quote, are skipped as on_payload_open does
    CHECK(events<16>("+IMQTTRCVPUB: 1,\"" + topic + "\",25, \"" + fake + "\"\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+IMQTTRCVPUB: 1,", "L:OK"});
    // not the payload shape after all (a bare topic where the rule wants it quoted... or a long selector):
    // an ordinary long line, dropped up to its line end
    CHECK(events<16>("+MQTTURC: \"" + topic + "\",0,0,\"t\",3,abc\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+MQTTURC: \"ttttt", "L:OK"});
    // a length with more digits than the buffer holds is an overflow; Quectel's optional length then
    // makes the rest of the line the payload: dropped to the line end, reported once
    CHECK(events<16>("+QMTRECV: 0,1,\"t\"," + std::string(30, '1') + ",x\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"t", "L:OK"});
    // OneMO's required length: the same, also reported once
    CHECK(events<16>("+MQTTREAD: 0,1,\"" + topic + "\",x5,hello\r\nOK\r\n") ==
          list{"E:at_line_too_long@16:+MQTTREAD: 0,1,\"", "L:OK"});
    // the line ends before any length: nothing to count
    CHECK(events<16>("+QMTRECV: 0,1,\"" + topic + "\r\nOK\r\n") == list{"E:at_line_too_long@16:+QMTRECV: 0,1,\"t", "L:OK"});
}

TEST_CASE("tokenizer: bad length fields") {
    CHECK(events("+MQTTURC: \"publish\",0,0,\"t\",5,x5,hello\r\nOK\r\n") ==
          list{"E:at_invalid_integer@30:+MQTTURC: \"publish\",0,0,\"t\",5,x5,", "L:OK"});
    CHECK(events("+MQTTURC: \"publish\",0,0,\"t\",5,99999999999,hello\r\nOK\r\n") ==
          list{"E:at_integer_overflow@39:+MQTTURC: \"publish\",0,0,\"t\",5,99999999999,", "L:OK"});
    CHECK(events("+MQTTURC: \"publish\",0,0,\"t\",5,-1,hello\r\nOK\r\n") ==
          list{"E:at_invalid_integer@30:+MQTTURC: \"publish\",0,0,\"t\",5,-1,", "L:OK"});
    // spaces around the number are fine (OneMO's syntax tables write ", ")
    CHECK(events("+MQTTURC: \"publish\", 0, 0, \"t\", 5, 5 ,hello\r\n") ==
          list{"L:+MQTTURC: \"publish\", 0, 0, \"t\", 5, 5 ,hello|P:hello|R1"});
    // a required length the line never reaches: an ordinary line for the grammar to reject
    CHECK(events("+MQTTURC: \"publish\",0,0\r\n") == list{"L:+MQTTURC: \"publish\",0,0|R1"});
}

TEST_CASE("tokenizer: an announced length that never arrives waits; reset() recovers") {
    at::tokenizer<64> tok(rules);
    REQUIRE(tok.feed("+QMTRECV: 0,1,\"t\",30,short\r\nOK\r\n").ok());
    CHECK(!tok.next());
    CHECK(tok.mid_payload());
    CHECK(tok.pending() == 30 - 11);
    CHECK(!tok.idle());
    tok.reset();
    CHECK(!tok.mid_payload());
    CHECK(tok.pending() == 0);
    CHECK(tok.idle());
    REQUIRE(tok.feed("OK\r\n").ok());
    auto ev = tok.next();
    REQUIRE(ev.is_line());
    CHECK(ev.text == "OK");
}

TEST_CASE("tokenizer: the largest announced length is refused without wrapping") {
    at::tokenizer<64> tok(rules);
    REQUIRE(tok.feed("+QMTRECV: 0,1,\"t\",4294967295,\"abc").ok());
    auto ev = tok.next();
    REQUIRE(ev.is_error());
    CHECK(ev.error == errc::at_line_too_long);
    CHECK(ev.offset == 29);
    CHECK(!tok.next());
    CHECK(tok.mid_payload());
    CHECK(tok.pending() == 4294967295u - 3u);  // the quote is not counted, "abc" is
    tok.reset();
    CHECK(tok.idle());
}

// State beyond the buffer, the rule table, the current chunk and the options: at most 16 bytes (plus the
// padding that rounds the object up to its alignment).
static_assert(sizeof(at::tokenizer<64>) <= 64 + sizeof(span<const at::payload_rule>) + sizeof(bytes) +
                                               sizeof(std::size_t) + sizeof(at::syntax) + 16 + alignof(std::size_t));

TEST_CASE("tokenizer: feed refuses a new chunk while the old one is unread") {
    at::tokenizer<16> tok;
    REQUIRE(tok.feed("A\r\nB\r\n").ok());
    auto ev = tok.next();
    REQUIRE(ev.is_line());
    auto refused = tok.feed("C\r\n");
    CHECK(refused.error() == errc::at_busy);
    CHECK(refused.offset() == 4);  // "\nB\r\n": the LF after A's CR is not read yet
    CHECK(tok.next().text == "B");
    CHECK(!tok.next());
    CHECK(tok.feed("C\r\n").ok());
    CHECK(tok.next().text == "C");
}

TEST_CASE("tokenizer: raw data blocks announced by the caller") {
    // e.g. a read command that answers "+READ: <n>" and then n raw bytes
    std::function<void(const at::event&, at::tokenizer<64>&)> announce = [](const at::event& ev,
                                                                             at::tokenizer<64>& tok) {
        if (ev.is_line() && ev.text.substr(0, 7) == "+READ: ") {
            std::size_t n = std::stoul(std::string(ev.text.substr(7)));
            CHECK(tok.expect_data(n).ok());
        }
    };
    const std::string block = "ab\r\nOK\r\n,\"\xff";
    CHECK(events("+READ: 11\r\n" + block + "\r\nOK\r\n", rules, {}, announce) ==
          list{"L:+READ: 11", "D:" + block, "L:OK"});
    // a lone-CR line end: the block starts right after it, but a leading LF is taken as the CR's partner
    CHECK(events("+READ: 2\rxy\r\nOK\r\n", rules, {}, announce) == list{"L:+READ: 2", "D:xy", "L:OK"});
    CHECK(events("+READ: 2\r\n\nxy\r\n", rules, {}, announce) == list{"L:+READ: 2", "D:\nx", "L:y"});
    // larger than the line buffer: fine, blocks are never buffered
    const std::string huge(1000, 'h');
    CHECK(run<64>("+READ: 1000\r\n" + huge + "OK\r\n", {13, 500, 501}, rules, {}, announce) ==
          list{"L:+READ: 1000", "D:" + huge, "L:OK"});
    // after a prompt the caller announces the echo of the data it sends; the prompt's one space is not data
    std::function<void(const at::event&, at::tokenizer<64>&)> echo = [](const at::event& ev, at::tokenizer<64>& tok) {
        if (ev.is_prompt()) CHECK(tok.expect_data(4).ok());
    };
    CHECK(events("\r\n> a\r\nb\r\nOK\r\n", rules, {}, echo) == list{">", "D:a\r\nb", "L:OK"});
    CHECK(events("\r\n>a\r\nb\r\nOK\r\n", rules, {}, echo) == list{">", "D:a\r\nb", "L:OK"});
    CHECK(events("\r\n>  a\r\nOK\r\n", rules, {}, echo) == list{">", "D: a\r\n", "L:OK"});
    // a zero-length block is nothing
    CHECK(events("+READ: 0\r\nOK\r\n", rules, {}, announce) == list{"L:+READ: 0", "L:OK"});
    // pieces carry the count still to come, and point into the chunk
    at::tokenizer<16> tok;
    REQUIRE(tok.expect_data(5).ok());
    CHECK(tok.mid_payload());
    const std::string part = "abc";
    REQUIRE(tok.feed(part).ok());
    auto ev = tok.next();
    REQUIRE(ev.is_data());
    CHECK(ev.text == "abc");
    CHECK(ev.text.data() == part.data());
    CHECK(ev.remaining == 2);
    CHECK(tok.pending() == 2);
    // not between lines: refused
    at::tokenizer<16> mid;
    REQUIRE(mid.feed("+PART").ok());
    CHECK(!mid.next());
    CHECK(mid.expect_data(3).error() == errc::at_busy);
}

TEST_CASE("tokenizer: prefix tolerances come from the syntax") {
    const std::string fw = "\xEF\xBC\x9A";  // fullwidth colon
    // space before the colon, fullwidth colon: on by default
    CHECK(events("+IMQTTRCVPUB :1,\"t\",2,\"ab\"\r\n") == list{"L:+IMQTTRCVPUB :1,\"t\",2,\"ab\"|P:ab|R2"});
    CHECK(events("+IMQTTRCVPUB" + fw + "1,\"t\",2,\"ab\"\r\n") ==
          list{"L:+IMQTTRCVPUB" + fw + "1,\"t\",2,\"ab\"|P:ab|R2"});
    at::syntax strict{at::lex::none};
    CHECK(events("+IMQTTRCVPUB :1,\"t\",2,\"ab\"\r\n", rules, strict) == list{"L:+IMQTTRCVPUB :1,\"t\",2,\"ab\""});
    CHECK(events("+IMQTTRCVPUB" + fw + "1,\"t\",2,\"ab\"\r\n", rules, strict) ==
          list{"L:+IMQTTRCVPUB" + fw + "1,\"t\",2,\"ab\""});
    // '=' in place of ':' only when the dialect says so
    CHECK(events("+IMQTTRCVPUB=1,\"t\",2,\"ab\"\r\n") == list{"L:+IMQTTRCVPUB=1,\"t\",2,\"ab\""});
    CHECK(events("+IMQTTRCVPUB=1,\"t\",2,\"ab\"\r\n", rules, at::syntax{}.with(at::lex::equals_as_colon)) ==
          list{"L:+IMQTTRCVPUB=1,\"t\",2,\"ab\"|P:ab|R2"});
    // fullwidth comma between fields only when the dialect says so
    const std::string fc = "\xEF\xBC\x8C";
    const std::string fwline = "+IMQTTRCVPUB:1" + fc + "\"t\"" + fc + "2" + fc + "\"ab\"";
    CHECK(events(fwline + "\r\n") == list{"L:" + fwline + "|R2"});  // prefix matched, no field split
    CHECK(events(fwline + "\r\n", rules, at::syntax{}.with(at::lex::fullwidth_comma)) ==
          list{"L:" + fwline + "|P:ab|R2"});
}

TEST_CASE("tokenizer: quotes and escapes while counting fields") {
    // a comma inside a quoted topic is not a separator
    CHECK(events("+QMTRECV: 0,1,\"a,b\",2,xy\r\n") == list{"L:+QMTRECV: 0,1,\"a,b\",2,xy|P:xy|R0"});
    // with backslash escapes a \" does not close the topic
    const std::string esc = "+QMTRECV: 0,1,\"a\\\",b\",2,xy";
    CHECK(events(esc + "\r\n", rules, at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash}) ==
          list{"L:" + esc + "|P:xy|R0"});
    // without escapes the same bytes close the quote early: field 3 is "b\"" and not a length
    CHECK(events(esc + "\r\n") == list{"L:" + esc + "|P:b\",2,xy|R0"});
    // an escaped ordinary byte (push(): the byte after a backslash takes the general rules)
    const std::string escb = "+QMTRECV: 0,1,\"a\\bc\",2,xy";
    const span<const at::payload_rule> quectel_only(rules, 1);
    CHECK(events(escb + "\r\n", quectel_only, at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash}) ==
          list{"L:" + escb + "|P:xy|R0"});
}

TEST_CASE("tokenizer: selector and prefix must match exactly") {
    CHECK(events("+MQTTURCX: \"publish\",0,0,\"t\",1,1,a\r\n") == list{"L:+MQTTURCX: \"publish\",0,0,\"t\",1,1,a"});
    CHECK(events("+MQTTURC: \"publishx\",0,0,\"t\",1,1,a\r\n") == list{"L:+MQTTURC: \"publishx\",0,0,\"t\",1,1,a"});
    CHECK(events("+MQTTURC: publish,0,0,\"t\",1,1,a\r\n") == list{"L:+MQTTURC: publish,0,0,\"t\",1,1,a|P:a|R1"});
    CHECK(events("AT+QMTRECV=0,1\r\n") == list{"L:AT+QMTRECV=0,1"});
    CHECK(events("x+QMTRECV: 0,1,\"t\",1,a\r\n") == list{"L:x+QMTRECV: 0,1,\"t\",1,a"});
    // no rules at all: everything is a plain line
    CHECK(events("+QMTRECV: 0,1,\"t\",1,a\r\n", span<const at::payload_rule>{}) ==
          list{"L:+QMTRECV: 0,1,\"t\",1,a"});
}

TEST_CASE("tokenizer: a whole Quectel session") {
    const std::string session =
        "AT+QMTPUBEX=0,1,1,0,\"topic/pub\",30\r"
        "\r\n> This is test data, hello MQTT.\r\n"
        "+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.\r\n"
        "\r\nOK\r\n"
        "\r\n+QMTPUBEX: 0,1,0\r\n";
    CHECK(events<96>(session) == list{"L:AT+QMTPUBEX=0,1,1,0,\"topic/pub\",30", ">",
                                      "L:This is test data, hello MQTT.",
                                      "L:+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.|P:This is "
                                      "test data, hello MQTT.|R0",
                                      "L:OK", "L:+QMTPUBEX: 0,1,0"});
}

TEST_CASE("tokenizer: a u-blox SARA-R5 capture (lower-case echo, prompt followed by the echoed data)") {
    CHECK(events("at+umqttc=9,0,0,\"topic\",4\r\r\n>\"xY\"\r\nOK\r\n\r\n+UUMQTTC: 9,1\r\n") ==
          list{"L:at+umqttc=9,0,0,\"topic\",4", ">", "L:\"xY\"", "L:OK", "L:+UUMQTTC: 9,1"});
}

TEST_CASE("tokenizer: payload line split inside the length field and the payload") {
    const std::string line = "+MQTTURC: \"publish\",0,0,\"hello\",11,11,hello world\r\n";
    for (std::size_t a = 1; a < line.size(); ++a) {
        for (std::size_t b = a + 1; b < line.size(); ++b) {
            INFO(a << " " << b);
            REQUIRE(run<64>(line, {a, b}, rules, {}, nullptr) ==
                    list{"L:+MQTTURC: \"publish\",0,0,\"hello\",11,11,hello world|P:hello world|R1"});
        }
    }
}

namespace {

// The tokenizer works in constant expressions: a payload URC and OK, fed in two chunks.
constexpr bool constexpr_tokenizer() {
    at::tokenizer<32> tok(rules);
    if (!tok.feed("+IMQTTRCVPUB:1,\"t\",4,\"a\r\nb").ok()) return false;
    if (tok.next()) return false;
    if (!tok.feed("\"\r\nOK\r\n> ").ok()) return false;
    at::event a = tok.next();
    if (!a.is_line() || !a.has_payload || a.payload != "a\r\nb" || a.rule != 2) return false;
    if (a.text != "+IMQTTRCVPUB:1,\"t\",4,\"a\r\nb\"") return false;
    at::event ok = tok.next();
    if (!ok.is_line() || ok.text != "OK") return false;
    if (!tok.next().is_prompt()) return false;
    return !tok.next() && tok.idle();
}
static_assert(constexpr_tokenizer());

}  // namespace

TEST_CASE("tokenizer: constexpr") { STATIC_REQUIRE(constexpr_tokenizer()); }

TEST_CASE("tokenizer: driven by the test dialect's table") {
    const auto rules_of_dialect = test_dialect::payload_rule_span;
    const at::syntax lexical = test_dialect::lexical;
    using E = std::function<void(const at::event&, at::tokenizer<96>&)>;
    // +TRECV: optional length, either form (Quectel shape)
    CHECK(events<96>("+TRECV: 0,1,\"a/b\",7,\"x\r\n\"OK\"\"\r\nOK\r\n", rules_of_dialect, lexical, E{}) ==
          list{"L:+TRECV: 0,1,\"a/b\",7,\"x\r\n\"OK\"\"|P:x\r\n\"OK\"|R0", "L:OK"});
    CHECK(events<96>("+TRECV: 0,1,\"a/b\",no length, here\r\n", rules_of_dialect, lexical, E{}) ==
          list{"L:+TRECV: 0,1,\"a/b\",no length, here|P:no length, here|R0"});
    // the dialect escapes quotes with a backslash: the topic's \" does not end it
    CHECK(events<96>("+TRECV: 0,1,\"a\\\",b\",3,abc\r\n", rules_of_dialect, lexical, E{}) ==
          list{"L:+TRECV: 0,1,\"a\\\",b\",3,abc|P:abc|R0"});
    // +TURC: "publish" selector, bare payload; the other +TURC kinds are plain lines
    CHECK(events<96>("+TURC: \"publish\",0,3,\"t\",4,4,a,\r\n\r\n+TURC: \"conn\",0,1\r\n", rules_of_dialect, lexical,
                     E{}) == list{"L:+TURC: \"publish\",0,3,\"t\",4,4,a,\r\n|P:a,\r\n|R1", "L:+TURC: \"conn\",0,1"});
    // +TRCVPUB: quoted payload
    CHECK(events<96>("+TRCVPUB:9,\"t\",2,\"\r\n\"\r\n", rules_of_dialect, lexical, E{}) ==
          list{"L:+TRCVPUB:9,\"t\",2,\"\r\n\"|P:\r\n|R2"});
}

TEST_CASE("tokenizer: random bytes in random chunks never break the invariants") {
    std::uint32_t seed = 12345;
    auto rnd = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    const char alphabet[] = {'\r', '\n', '>', ' ', ',', '"', '0', '1', '5', '+', 'Q', 'M', 'T', 'R', 'E', 'C', 'V',
                             ':', '\0', '\xff', '\\', 'a', '9'};
    const std::string prefixes[] = {"+QMTRECV: 0,1,\"t\",", "+MQTTURC: \"publish\",0,0,\"t\",5,", "+IMQTTRCVPUB:1,\"t\","};
    for (int round = 0; round < 300; ++round) {
        std::string input;
        while (input.size() < 400) {
            if (rnd() % 8 == 0) input += prefixes[rnd() % 3];
            input += alphabet[rnd() % sizeof alphabet];
        }
        at::tokenizer<32> tok(rules);
        std::size_t pos = 0;
        while (pos < input.size()) {
            std::size_t n = 1 + rnd() % 40;
            if (n > input.size() - pos) n = input.size() - pos;
            REQUIRE(tok.feed(bytes(input).substr(pos, n)).ok());
            while (auto ev = tok.next()) {
                REQUIRE(ev.text.size() <= 32);
                if (ev.is_line()) {
                    REQUIRE(!ev.text.empty());
                    if (ev.has_payload) {
                        // the payload lies inside the line
                        REQUIRE(ev.payload.data() >= ev.text.data());
                        REQUIRE(ev.payload.data() + ev.payload.size() <= ev.text.data() + ev.text.size());
                    } else {
                        REQUIRE(ev.text.find_first_of("\r\n") == bytes::npos);
                    }
                }
                if (ev.is_error()) REQUIRE(ev.error != errc::ok);
            }
            REQUIRE(tok.unread() == 0);
            pos += n;
        }
        tok.reset();
        REQUIRE(tok.idle());
    }
}

TEST_CASE("tokenizer: push() gives the events of feed() for random bytes") {
    std::uint32_t seed = 777;
    auto rnd = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    const char alphabet[] = {'\r', '\n', '>', ' ', '\t', ',', '"', '0', '1', '5', '+', 'Q', 'M', 'T', 'R', 'E', 'C',
                             'V', ':', '\0', '\xff', '\\', 'a', '9'};
    const std::string prefixes[] = {"+QMTRECV: 0,1,\"t\",", "+MQTTURC: \"publish\",0,0,\"t\",5,", "+IMQTTRCVPUB:1,\"t\",",
                                    "+QMTRECV: 0,1,\"t\",3,\""};
    const at::payload_rule one_rule[] = {rules[0]};
    for (int round = 0; round < 200; ++round) {
        std::string input;
        while (input.size() < 300) {
            if (rnd() % 6 == 0) input += prefixes[rnd() % 4];
            input += alphabet[rnd() % sizeof alphabet];
        }
        INFO("round " << round);
        const span<const at::payload_rule> table = round % 2 == 0 ? span<const at::payload_rule>(rules)
                                                                  : span<const at::payload_rule>(one_rule);
        const at::syntax syn = round % 3 == 0 ? at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash} : at::syntax{};
        CHECK(run_pushed<32>(input, table, syn, nullptr) == run<32>(input, {}, table, syn, nullptr));
    }
}

TEST_CASE("tokenizer: push() with a fed chunk still unread takes nothing") {
    at::tokenizer<64> tok(rules);
    REQUIRE(tok.feed(bytes("OK\r\nERROR\r\n")).ok());
    REQUIRE(tok.next().text == "OK");
    at::event busy{};
    CHECK(tok.push('A', busy));
    CHECK(busy.is_error());
    CHECK(busy.error == errc::at_busy);
    CHECK(busy.offset == 8);  // "\nERROR\r\n"
    CHECK(tok.next().text == "ERROR");
    CHECK(!tok.next());
    at::event ev{};
    CHECK(!tok.push('A', ev));
    CHECK(!tok.push('T', ev));
    CHECK(tok.push('\r', ev));
    CHECK(ev.text == "AT");
    CHECK(!tok.push('\n', ev));
    CHECK(!tok.push(' ', ev));  // a blank line: nothing
    CHECK(!tok.push('\r', ev));
}

// A payload rule's shape guard (issue 5): Quectel's `AT+QMTRECV?` answers `+QMTRECV: 0,1,0,0,0,0` (client
// and five store-box statuses) under the same prefix as a message; only a quoted topic makes a payload line.
namespace {
constexpr at::payload_rule guarded_rules[] = {
    {"+QMTRECV", "", 3, true, at::payload_form::either, 2},  // topic (field 2) must be quoted
};
static_assert(at::validate(span<const at::payload_rule>(guarded_rules)).ok());
static_assert(at::validate(at::payload_rule{"+X", "", 3, false, at::payload_form::bare, 3}).error() == errc::out_of_range);
static_assert(at::validate(at::payload_rule{"+X", "", 3, false, at::payload_form::bare, 4}).error() == errc::out_of_range);
static_assert(at::validate(at::payload_rule{"+X", "", 3, false, at::payload_form::bare, 0}).ok());
static_assert(at::payload_rule{"+X", "", 3, false, at::payload_form::bare}.quoted_field == at::no_quoted_field);
static_assert(at::detail::starts_quoted("\"a\""));
static_assert(at::detail::starts_quoted("  \"a"));
static_assert(!at::detail::starts_quoted("0"));
static_assert(!at::detail::starts_quoted(""));
static_assert(!at::detail::starts_quoted("   "));
}  // namespace

TEST_CASE("tokenizer: payload rule shape guard (quoted field before the length)") {
    span<const at::payload_rule> r(guarded_rules);
    // the store status: an ordinary line, no payload, no rule
    CHECK(events("+QMTRECV: 0,1,0,0,0,0\r\nOK\r\n", r) == list{"L:+QMTRECV: 0,1,0,0,0,0|R0", "L:OK"});
    // messages still count their payload: quoted or bare, with separators inside
    CHECK(events("+QMTRECV: 0,1,\"t/a\",4,\"a\r\nb\"\r\nOK\r\n", r) ==
          list{"L:+QMTRECV: 0,1,\"t/a\",4,\"a\r\nb\"|P:a\r\nb|R0", "L:OK"});
    CHECK(events("+QMTRECV: 0,0,\"topic/pub\",5,a,b\r\n\r\n", r) ==
          list{"L:+QMTRECV: 0,0,\"topic/pub\",5,a,b\r\n|P:a,b\r\n|R0"});
    CHECK(events("+QMTRECV: 0,2, \"t\",1,x\r\n", r) == list{"L:+QMTRECV: 0,2, \"t\",1,x|P:x|R0"});
    // a bare topic is not the payload shape: the line ends at its terminator, CR/LF are not counted (the
    // event still names the rule whose prefix matched, without a payload)
    CHECK(events("+QMTRECV: 0,2,t,3,a\r\nb\r\n", r) == list{"L:+QMTRECV: 0,2,t,3,a|R0", "L:b"});
    // without the guard the same status line is read as a message (the bug)
    CHECK(events("+QMTRECV: 0,1,0,0,0,0\r\n") == list{"L:+QMTRECV: 0,1,0,0,0,0|P:|R0"});
}

// The run-time fast paths (a line read straight from a whole chunk, one byte taken in next()) against
// the per-byte rules: events() compares whole feeding with every split, so each shape below passes
// through both. Shapes the fast paths hand over or refuse are here too.
namespace {
constexpr at::payload_rule one_rule[] = {{"+QMTRECV", "", 3, true, at::payload_form::either, 2}};
constexpr at::payload_rule bare_optional[] = {{"+B", "", 1, true, at::payload_form::bare}};
constexpr at::payload_rule backslash_prefix[] = {{"+A\\B", "", 1, false, at::payload_form::bare}};
static_assert(at::validate(span<const at::payload_rule>(backslash_prefix)).ok());
constexpr at::payload_rule fullwidth_prefix[] = {{"+A\xEF\xBC\x9A" "B", "", 1, false, at::payload_form::bare}};
constexpr at::payload_rule empty_prefix[] = {{"", "", 0, false, at::payload_form::bare}};  // not a valid table
constexpr at::payload_rule long_prefix[] = {{"+ABCDEFGHIJ", "", 1, false, at::payload_form::bare}};
constexpr at::payload_rule spaced_prefix[] = {{"+A B", "", 1, false, at::payload_form::bare}};  // not valid
}  // namespace

TEST_CASE("tokenizer: fast paths and the per-byte rules agree") {
    span<const at::payload_rule> one(one_rule);
    // one rule: prefixes that part from it, a space before the colon, a tab inside a long quoted topic
    CHECK(events("+QMTPUB: 1\r\n+QMTRECVX: 2\r\n+QMTRECV : 0,1,\"t\",2,ab\r\n", one) ==
          list{"L:+QMTPUB: 1", "L:+QMTRECVX: 2", "L:+QMTRECV : 0,1,\"t\",2,ab|P:ab|R0"});
    CHECK(events("+QMTRECV: 0,1,\"a\tbcdefghijk\",3,xyz\r\n", one) ==
          list{"L:+QMTRECV: 0,1,\"a\tbcdefghijk\",3,xyz|P:xyz|R0"});
    // no length: the rest of the line, its quotes stripped only when the form allows quotes
    CHECK(events("+QMTRECV: 0,1,\"t\",\"hi\"\r\n+QMTRECV: 0,1,\"t\",x\r\n+QMTRECV: 0,1,\"t\",\"x\r\n", one) ==
          list{"L:+QMTRECV: 0,1,\"t\",\"hi\"|P:hi|R0", "L:+QMTRECV: 0,1,\"t\",x|P:x|R0",
               "L:+QMTRECV: 0,1,\"t\",\"x|P:\"x|R0"});
    CHECK(events("+B: 0,\"q\"\r\n+B: 0\r\n", span<const at::payload_rule>(bare_optional)) ==
          list{"L:+B: 0,\"q\"|P:\"q\"|R0", "L:+B: 0|R0"});
    // a prefix holding a byte the header watcher acts on (a backslash: a valid table), an empty prefix
    // and a full-width colon in a prefix (invalid tables: the per-byte rules read every line)
    CHECK(events("+A\\B: 0,2,xy\r\nOK\r\n", span<const at::payload_rule>(backslash_prefix)) ==
          list{"L:+A\\B: 0,2,xy|P:xy|R0", "L:OK"});
    CHECK(events("+A\xEF\xBC\x9A" "B: 0,2,xy\r\n", span<const at::payload_rule>(fullwidth_prefix)) ==
          list{"L:+A\xEF\xBC\x9A" "B: 0,2,xy"});
    CHECK(events("OK\r\n:3,abc\r\n", span<const at::payload_rule>(empty_prefix)) ==
          list{"L:OK", "L::3,abc|P:abc|R0"});
    // a name longer than the buffer
    CHECK(events<8>("+ABCDEFGHIJ: 1,x\r\nOK\r\n", span<const at::payload_rule>(long_prefix)) ==
          list{"E:at_line_too_long@8:+ABCDEFG", "L:OK"});
    // a prefix with a space (not a valid table either): left to the per-byte rules, which match it
    CHECK(events("+A B: 0,2,xy\r\n", span<const at::payload_rule>(spaced_prefix)) == list{"L:+A B: 0,2,xy|P:xy|R0"});
    CHECK(events("+QMTRECV: 0,\"abcdefghijkl\nOK\r\n", one) == list{"L:+QMTRECV: 0,\"abcdefghijkl|R0", "L:OK"});
    // a line that ends inside a long quoted field, before the length
    CHECK(events("+QMTRECV: 0,\"abcdefghijkl\r\nOK\r\n", one) == list{"L:+QMTRECV: 0,\"abcdefghijkl|R0", "L:OK"});
}

// next()'s one-byte steps are constexpr too: a payload line and a plain one fed one byte at a time in
// constant evaluation.
namespace {
constexpr bool constexpr_tokenizer_bytewise() {
    at::tokenizer<32> tok(one_rule);
    constexpr char in[] = "\r\n+QMTRECV: 0,1,\"t\",2,\"a,\"\r\nOK\r\n";
    int n = 0;
    for (std::size_t i = 0; i + 1 < sizeof in; ++i) {
        if (!tok.feed(bytes(in + i, 1)).ok()) return false;
        while (at::event ev = tok.next()) {
            if (n == 0 && !(ev.is_line() && ev.has_payload && ev.payload == "a," && ev.rule == 0 &&
                            ev.text == "+QMTRECV: 0,1,\"t\",2,\"a,\""))
                return false;
            if (n == 1 && !(ev.is_line() && ev.text == "OK" && !ev.has_payload)) return false;
            if (n > 1) return false;
            ++n;
        }
    }
    return n == 2 && tok.idle();
}
static_assert(constexpr_tokenizer_bytewise());
}  // namespace

TEST_CASE("tokenizer: constexpr, one byte at a time") { STATIC_REQUIRE(constexpr_tokenizer_bytewise()); }

// One byte at a time a counted payload's remaining count lives in the lane's end (tokenizer.hpp,
// took_in_lane): pending(), mid_payload() and idle() still say what feeding the same bytes whole says,
// after every byte, with CR, commas and quotes inside the payload and an empty quoted one.
TEST_CASE("tokenizer: one byte at a time, pending() agrees with feeding the bytes so far whole") {
    const std::string inputs[] = {"+QMTRECV: 0,1,\"t\",5,\"a,\r\"b\"\r\nOK\r\n", "+QMTRECV: 0,1,\"t\",4,a\"\nb\r\n\r\n",
                                  "+IMQTTRCVPUB:1,\"t\",3,\"x\"y\"\r\n", "+IMQTTRCVPUB:1,\"t\",0,\"\"\r\n> "};
    for (const std::string& in : inputs) {
        INFO("input: " << in);
        at::tokenizer<64> pushed(rules);
        at::tokenizer<64> fed(rules);
        for (std::size_t i = 0; i < in.size(); ++i) {
            INFO("byte " << i);
            at::event ev{};
            if (pushed.push(in[i], ev)) {
                while ((ev = pushed.next())) {
                }
            }
            REQUIRE(fed.feed(bytes(in).substr(i, 1)).ok());
            while (fed.next()) {
            }
            at::tokenizer<64> whole(rules);
            REQUIRE(whole.feed(bytes(in).substr(0, i + 1)).ok());
            while (whole.next()) {
            }
            CHECK(pushed.pending() == whole.pending());
            CHECK(fed.pending() == whole.pending());
            CHECK(pushed.mid_payload() == whole.mid_payload());
            CHECK(pushed.idle() == whole.idle());
        }
    }
}

// A table fixed at compile time (tokenizer<N, fixed_rules<R, S>>) gives the events of the same table and
// syntax at run time: what neither uses is compiled out, the rest decided as before.
namespace {
// A rule table and syntax as constants: any class with these two static functions is a fixed table.
template <const span<const at::payload_rule>& Rules, const at::syntax& Lexical>
struct fixed_rules {
    static constexpr span<const at::payload_rule> rules() noexcept { return Rules; }
    static constexpr at::syntax lexical() noexcept { return Lexical; }
};

constexpr at::payload_rule twin_rules[] = {{"+IMQTTRCVPUB", "", 2, false, at::payload_form::either},
                                          {"+IMQTTRECV", "", 2, false, at::payload_form::either}};
constexpr at::payload_rule bare_rules[] = {{"+MQTTURC", "publish", 5, false, at::payload_form::bare},
                                          {"+MQTTREAD", "", 3, false, at::payload_form::bare, 2}};
// One prefix, two rules: the selector picks the first, any other field 0 the second.
constexpr at::payload_rule shared_rules[] = {{"+MQTTURC", "publish", 5, false, at::payload_form::bare},
                                            {"+MQTTURC", "", 2, false, at::payload_form::bare}};
constexpr span<const at::payload_rule> all_rules{rules}, guarded{guarded_rules}, optional_bare{bare_optional},
    twins{twin_rules}, all_bare{bare_rules}, shared{shared_rules}, no_rules{};
constexpr at::syntax default_syntax{}, strict{at::lex::none},
    tolerant = at::syntax{at::tolerant_syntax().tolerate, at::quote_escape::backslash};

// What a table uses, as the tokenizer sees it.
template <const span<const at::payload_rule>& R>
constexpr at::detail::table_uses uses_of = at::detail::uses_of<fixed_rules<R, default_syntax>>();
constexpr at::detail::table_uses uses_all = uses_of<all_rules>, uses_guarded = uses_of<guarded>, uses_bare = uses_of<all_bare>;
static_assert(uses_all.selectors && !uses_all.guards && uses_all.optional_lengths && !uses_all.one_shape &&
              uses_all.form == at::payload_form{});
static_assert(!uses_guarded.selectors && uses_guarded.guards && uses_guarded.one_shape &&
              uses_guarded.form == at::payload_form::either);
static_assert(uses_bare.selectors && uses_bare.guards && !uses_bare.optional_lengths && !uses_bare.one_shape &&
              uses_bare.form == at::payload_form::bare);
static_assert(uses_of<twins>.one_shape && !uses_of<no_rules>.one_shape);
static_assert(uses_of<shared>.shared_prefixes && !uses_all.shared_prefixes && !uses_bare.shared_prefixes);
static_assert(at::detail::uses_of<at::detail::rules_at_run_time>().selectors);  // a run-time table: everything

// The events of a fixed tokenizer, fed whole, in pieces of 1 and 3 bytes, and pushed: one list, or a
// note that the ways disagree.
template <const span<const at::payload_rule>& R, const at::syntax& S>
std::vector<std::string> fixed_events(const std::string& input) {
    using fixed = at::tokenizer<64, fixed_rules<R, S>>;
    std::vector<std::vector<std::string>> ways;
    for (std::size_t step : {input.size(), std::size_t{1}, std::size_t{3}}) {
        fixed tok;
        collector c;
        for (std::size_t from = 0; from < input.size(); from += step) {
            REQUIRE(tok.feed(bytes(input).substr(from, step)).ok());
            while (auto ev = tok.next()) c.add(ev);
        }
        ways.push_back(c.out);
    }
    fixed tok;
    collector c;
    at::event ev{};
    for (char byte : input) {
        if (!tok.push(byte, ev)) continue;
        do c.add(ev);
        while ((ev = tok.next()));
    }
    ways.push_back(c.out);
    for (const auto& way : ways) {
        if (way != ways[0]) return {"the ways disagree"};
    }
    return ways[0];
}

template <const span<const at::payload_rule>& R, const at::syntax& S>
void same_as_run_time(const std::string& input) {
    INFO("input: " << input);
    CHECK(fixed_events<R, S>(input) == events(input, R, S));
}
}  // namespace

TEST_CASE("tokenizer: a table fixed at compile time gives the run-time table's events") {
    const std::string fw = "\xEF\xBC\x9A", fc = "\xEF\xBC\x8C";
    const std::string inputs[] = {
        "+QMTRECV: 0,1,\"t\",4,\"a\r\nb\"\r\nOK\r\n> x\r\n",
        "+QMTRECV: 0,1,0,0,0,0\r\n+QMTRECV: 0,2,t,3,a\r\nb\r\n",  // the shape guard
        "+QMTRECV: 0,1,\"t\",\"hi\"\r\n+QMTRECV: 0,1,\"t\"\r\n+B: 0,\"q\"\r\n+B: 0\r\n",  // no length
        "+QMTRECV: 0,1,\"t\",x\r\n+QMTRECV: 0,1,\"t\",-1,x\r\n",
        "+MQTTURC: \"publish\",0,0,\"t\",1,1,a\r\n+MQTTURC: \"conn\",0,1\r\n",  // a selector
        "+MQTTURC: \"recv\",0,2,ab,x\r\n+MQTTURC: \"publish\",0,0,\"t\",1,1,a\r\n",  // one prefix, two rules
        "+MQTTURC: \"publishpublishpublishpublishpublishpublishpublishpublish\",0,0,\"t\",1,1,a\r\n",
        "+IMQTTRCVPUB :1,\"t\",2,\"ab\"\r\n+IMQTTRCVPUB" + fw + "1,\"t\",2,\"ab\"\r\n",  // tolerances
        "+IMQTTRCVPUB=1,\"t\",2,\"ab\"\r\n+IMQTTRCVPUB:1" + fc + "\"t\"" + fc + "2" + fc + "\"ab\"\r\n",
        "+IMQTTRCVPUB:1,\"t\",2,ab\r\n+IMQTTRCVPUB:1,\"t\",2,\"abc\r\n+TQ:1,\"x\"\r\n",  // forms
        "+QMTRECV: 0,1,\"a\\\",b\",2,xy\r\n+QMTRECV: 0,1,\"a\\bc\",2,xy\r\n",  // escapes
        "+QMTRECV: 0,1,\"topic/is/longer/than/the/buffer/of/sixty-four/bytes/xxxxxxxx\",3,abc\r\nOK\r\n",
        "+IMQTTRECV:1,\"t\",2,\"ab\"\r\n+MQTTREAD: 0,1,\"t\",2,ab\r\n+MQTTREAD: 0,1,t,2,ab\r\n",
    };
    for (const std::string& in : inputs) {
        same_as_run_time<all_rules, default_syntax>(in);
        same_as_run_time<all_rules, strict>(in);
        same_as_run_time<all_rules, tolerant>(in);
        same_as_run_time<guarded, default_syntax>(in);
        same_as_run_time<optional_bare, strict>(in);
        same_as_run_time<no_rules, default_syntax>(in);
        same_as_run_time<twins, tolerant>(in);
        same_as_run_time<all_bare, default_syntax>(in);
        same_as_run_time<shared, default_syntax>(in);
    }
    // One prefix, two rules: field 0 that is not the first rule's selector takes the second rule.
    CHECK(fixed_events<shared, default_syntax>("+MQTTURC: \"recv\",0,2,ab,x\r\n") ==
          list{"L:+MQTTURC: \"recv\",0,2,ab,x|P:ab|R1"});
    // The default constructor: no rules, the default syntax.
    CHECK(fixed_events<no_rules, default_syntax>("+QMTRECV: 0,1,\"t\",1,a\r\n") == list{"L:+QMTRECV: 0,1,\"t\",1,a"});
}
