// The AT tokenizer against arbitrary modem output.
// Input: byte 0 chooses the chunking (0: one byte at a time, n: chunks cycling through sizes 1..n+1),
// byte 1 the lexical options (quote escape and lex flags), the rest is what the modem sends.
// Properties:
//  - the same events whether the bytes come whole or in chunks (data pieces joined per block);
//  - every line is non-empty, fits the buffer, and has no CR/LF outside its payload; a payload is a view
//    inside its line; an error names a real errc; nothing is left unread after next() returns none;
//  - a counted payload (the line carries its length field: a bare decimal after the rule's length_field
//    commas) has exactly the announced number of bytes; without a length (length_optional) it runs to
//    the line end;
//  - reset() always returns to idle.
// A line "+R: <n>" announces a raw block of n % 64 bytes (expect_data), so data mode is exercised too:
// the data events of a block total exactly n bytes, each reports the bytes still to come, and a block
// cut short by the end of the input is still pending by exactly what is missing.
#include <atmqtt/at/tokenizer.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;

namespace {

constexpr at::payload_rule rules[] = {
    {"+QMTRECV", "", 3, true, at::payload_form::either},
    {"+MQTTURC", "publish", 5, false, at::payload_form::bare},
    {"+IMQTTRCVPUB", "", 2, false, at::payload_form::quoted},
    {"+L", "", 0, false, at::payload_form::either},
};

constexpr std::size_t capacity = 48;
using tokenizer = at::tokenizer<capacity>;

// The announced length of a payload line, recomputed from the line's text alone: skips the prefix (up to
// the first ':', or '=' / the fullwidth colon when the options allow them), counts the separators outside
// quotes up to the payload; when there are length_field + 1 of them, the field before the last one is the
// length field and must be plain decimal digits (blanks around them allowed). Returns -1 when the line
// carries no length (the payload then starts at the length field itself).
long long announced_length(const at::event& ev, at::syntax syn) {
    const bytes t = ev.text;
    const std::size_t payload_at = static_cast<std::size_t>(ev.payload.data() - t.data());
    std::size_t i = 0;
    for (; i < t.size(); ++i) {
        if (t[i] == ':' || (t[i] == '=' && syn.allows(at::lex::equals_as_colon))) break;
        if (syn.allows(at::lex::fullwidth_colon) && i + 2 < t.size() && t.substr(i, 3) == "\xEF\xBC\x9A") {
            i += 2;
            break;
        }
    }
    ATMQTT_FUZZ_REQUIRE(i < payload_at, "a payload before the prefix's colon");
    ++i;
    std::size_t seps = 0;
    std::size_t field_start = i, prev_start = i, last_sep = 0;
    bool quote = false, escaped = false;
    for (; i < payload_at; ++i) {
        char c = t[i];
        if (quote) {
            if (escaped) escaped = false;
            else if (c == '\\' && syn.escape == at::quote_escape::backslash) escaped = true;
            else if (c == '"') quote = false;
            continue;
        }
        if (c == '"') {
            quote = true;
            continue;
        }
        std::size_t sep = 0;
        if (c == ',') sep = 1;
        else if (syn.allows(at::lex::fullwidth_comma) && i + 2 < t.size() && t.substr(i, 3) == "\xEF\xBC\x8C") sep = 3;
        if (sep == 0) continue;
        ++seps;
        last_sep = sep;
        prev_start = field_start;
        field_start = i + sep;
        i += sep - 1;
    }
    const std::size_t length_field = rules[ev.rule].length_field;
    if (seps == length_field) return -1;
    ATMQTT_FUZZ_REQUIRE(seps == length_field + 1, "the payload is not the field after the length field");
    const bytes field = t.substr(prev_start, field_start - last_sep - prev_start);
    long long n = 0;
    bool digits = false;
    for (char c : field) {
        if (c == ' ' || c == '\t') continue;
        ATMQTT_FUZZ_REQUIRE(c >= '0' && c <= '9', "a counted payload after a length field that is not a number");
        n = n * 10 + (c - '0');
        digits = true;
    }
    ATMQTT_FUZZ_REQUIRE(digits, "a counted payload after an empty length field");
    return n;
}

void check(const at::event& ev, at::syntax syn) {
    ATMQTT_FUZZ_REQUIRE(ev.text.size() <= capacity || ev.is_data(), "event text larger than the buffer");
    switch (ev.kind) {
        case at::event_kind::line: {
            ATMQTT_FUZZ_REQUIRE(!ev.text.empty(), "empty line reported");
            bool blank = true;
            for (char c : ev.text) blank = blank && c == ' ';
            ATMQTT_FUZZ_REQUIRE(!blank, "blank line reported");
            if (ev.has_payload) {
                ATMQTT_FUZZ_REQUIRE(ev.payload.data() >= ev.text.data() &&
                                    ev.payload.data() + ev.payload.size() <= ev.text.data() + ev.text.size(),
                                "payload outside its line");
                ATMQTT_FUZZ_REQUIRE(ev.rule != at::no_rule, "payload without a rule");
                bytes before = ev.text.substr(0, static_cast<std::size_t>(ev.payload.data() - ev.text.data()));
                ATMQTT_FUZZ_REQUIRE(before.find_first_of("\r\n") == bytes::npos, "line end before the payload");
                long long announced = announced_length(ev, syn);
                if (announced >= 0) {
                    ATMQTT_FUZZ_REQUIRE(ev.payload.size() == static_cast<std::size_t>(announced),
                                        "a counted payload is not as long as announced");
                } else {
                    ATMQTT_FUZZ_REQUIRE(rules[ev.rule].length_optional, "a payload without a length on a rule that needs one");
                    const char* end = ev.payload.data() + ev.payload.size();
                    const char* line_end = ev.text.data() + ev.text.size();
                    ATMQTT_FUZZ_REQUIRE(end == line_end || (end + 1 == line_end && *end == '"'),
                                        "a payload without a length does not run to the line end");
                }
            } else {
                ATMQTT_FUZZ_REQUIRE(ev.text.find_first_of("\r\n") == bytes::npos, "line end inside a line");
            }
            break;
        }
        case at::event_kind::prompt: ATMQTT_FUZZ_REQUIRE(ev.text == ">", "prompt text"); break;
        case at::event_kind::data: break;
        case at::event_kind::error:
            ATMQTT_FUZZ_REQUIRE(atmqtt::to_string(ev.error) != "unknown" && ev.error != atmqtt::errc::ok, "error code");
            break;
        case at::event_kind::none: ATMQTT_FUZZ_REQUIRE(false, "none returned as an event"); break;
    }
}

struct recorder {
    at::syntax syn;
    std::vector<std::string> events;
    std::string block;
    std::size_t announced = 0;  // the n of the last expect_data(n) whose block has not ended

    void on(const at::event& ev, tokenizer& tok) {
        check(ev, syn);
        if (ev.is_data()) {
            block.append(ev.text.data(), ev.text.size());
            ATMQTT_FUZZ_REQUIRE(!ev.text.empty() && block.size() <= announced, "a data block longer than announced");
            ATMQTT_FUZZ_REQUIRE(ev.remaining == announced - block.size(), "a data event's remaining count");
            if (ev.remaining == 0) {
                events.push_back("D" + block);
                block.clear();
                announced = 0;
            }
            return;
        }
        ATMQTT_FUZZ_REQUIRE(block.empty() && announced == 0, "another event inside a data block");
        std::string s(1, static_cast<char>('0' + static_cast<int>(ev.kind)));
        s.append(ev.text.data(), ev.text.size());
        if (ev.has_payload) s += "|" + std::string(ev.payload) + "|" + std::to_string(ev.rule);
        if (ev.is_error()) s += "!" + std::to_string(static_cast<int>(ev.error)) + "@" + std::to_string(ev.offset);
        events.push_back(s);
        if (ev.is_line() && ev.text.size() > 4 && ev.text.substr(0, 4) == "+R: ") {
            std::size_t n = 0;
            for (char c : ev.text.substr(4)) {
                if (c < '0' || c > '9') break;
                n = (n * 10 + static_cast<std::size_t>(c - '0')) % 1000;
            }
            ATMQTT_FUZZ_REQUIRE(tok.expect_data(n % 64).ok(), "expect_data refused between lines");
            announced = n % 64;
            ATMQTT_FUZZ_REQUIRE(tok.pending() == announced, "pending() is not the block announced");
        }
    }
};

// chunking: 255 whole, 0 one byte per feed(), n chunks of 1..n+1 bytes; push: one byte per push().
std::vector<std::string> run(bytes input, at::syntax syn, unsigned chunking, bool push = false) {
    tokenizer tok(rules, syn);
    recorder rec{syn, {}, {}, 0};
    std::size_t pos = 0;
    std::size_t step = 0;
    at::event pushed{};
    for (; push && pos < input.size(); ++pos) {
        if (!tok.push(input[pos], pushed)) continue;
        do {
            rec.on(pushed, tok);
        } while ((pushed = tok.next()));
        ATMQTT_FUZZ_REQUIRE(tok.unread() == 0, "bytes left unread after push()");
    }
    while (pos < input.size()) {
        std::size_t n = chunking == 0 ? 1 : 1 + (step++ % (chunking + 1));
        if (chunking == 255) n = input.size();
        if (n > input.size() - pos) n = input.size() - pos;
        ATMQTT_FUZZ_REQUIRE(tok.feed(input.substr(pos, n)).ok(), "feed refused after a drained chunk");
        while (auto ev = tok.next()) rec.on(ev, tok);
        ATMQTT_FUZZ_REQUIRE(tok.unread() == 0, "bytes left unread");
        pos += n;
    }
    if (rec.announced != 0)
        ATMQTT_FUZZ_REQUIRE(tok.pending() == rec.announced - rec.block.size(), "pending() of a block cut short");
    if (!rec.block.empty()) rec.events.push_back("d" + rec.block);  // a block still incomplete
    tok.reset();
    ATMQTT_FUZZ_REQUIRE(tok.idle() && !tok.mid_payload() && tok.pending() == 0, "reset does not return to idle");
    return rec.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const unsigned chunking = data[0];
    at::syntax syn{static_cast<at::lex>((data[1] >> 2) & 0x3F), static_cast<at::quote_escape>(data[1] % 3)};
    const bytes input(reinterpret_cast<const char*>(data + 2), size - 2);
    const std::vector<std::string> whole = run(input, syn, 255);
    const std::vector<std::string> chunked = run(input, syn, chunking == 255 ? 0 : chunking);
    ATMQTT_FUZZ_REQUIRE(whole == chunked, "events depend on the chunking");
    ATMQTT_FUZZ_REQUIRE(whole == run(input, syn, 0, true), "push() gives other events than feed()");
    return 0;
}
