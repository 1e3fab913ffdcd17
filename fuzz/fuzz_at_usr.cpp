// The USR dialect's AT side against arbitrary bytes: the configuration session (responses, test answers,
// finals, the `a`/`+ok` escape answers inside a session) and the escape exchange state machine.
// Input: byte 0 chooses the target and a chunk size; the rest is the input.
//   byte0 & 1 == 0: usr::session_decoder. Properties: the events of the whole input equal the events of
//                   the same input fed in chunks of (byte0 >> 1) + 1 bytes; every response has a table entry and reads cleanly against its row (at::for_each_value, the typed path's reader).
//   byte0 & 1 == 1: usr::escape_sequence (host `+++`, module `a`, host `a`, module `+ok`): the module's
//                   bytes one at a time (noted until the answer, then fed), a NUL byte marking a burst end (end_of_burst()), restarting
//                   whenever an exchange ends. Properties: module_ready comes once per exchange, only at
//                   the end of a burst that was exactly "a", and before command_mode; command_mode only
//                   after exactly "+ok"; a broken "+ok" is at_unexpected_character and leaves the machine
//                   idle; a finished or idle machine answers at_unexpected_response.
// Data-mode frames have their own target, fuzz_at_usr_frames.
#include <atmqtt/dialect/usr.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace usr = atmqtt::usr;
using atmqtt::bytes;
using atmqtt::errc;

namespace {

// An event as text, copied out of the decoder's buffer.
std::string describe(const usr::session_event& e) {
    std::string s(1, static_cast<char>('0' + static_cast<int>(e.kind)));
    s += std::string(e.text);
    if (e.kind == usr::session_kind::response || e.kind == usr::session_kind::header ||
        e.kind == usr::session_kind::test_answer) {
        ATMQTT_FUZZ_REQUIRE(e.row < usr::line_count, "response without a table entry");
        s += e.kind == usr::session_kind::test_answer ? '?' : '=';
    }
    if (e.kind == usr::session_kind::response || e.kind == usr::session_kind::header) {
        const atmqtt::at::event ev = e.line();
        const bool ok = atmqtt::at::for_each_value(usr::lines[e.row], ev, [&s](const atmqtt::at::field_value& v) -> atmqtt::status {
            if (v.present()) s += '|' + std::string(v.text);
            return {};
        }, usr::lexical).ok();
        ATMQTT_FUZZ_REQUIRE(ok, "a checked response does not read against its row");
    }
    if (e.kind == usr::session_kind::error) {
        ATMQTT_FUZZ_REQUIRE(e.error != errc::ok, "an error event without an error code");
        ATMQTT_FUZZ_REQUIRE(e.offset <= e.text.size(), "error offset past the line");
        s += '#' + std::to_string(static_cast<int>(e.error)) + '@' + std::to_string(e.offset);
    }
    return s;
}

std::vector<std::string> run_session(bytes in, std::size_t chunk) {
    std::vector<std::string> out;
    usr::session_decoder<128> dec;
    for (std::size_t at = 0; at < in.size(); at += chunk) {
        std::size_t n = in.size() - at < chunk ? in.size() - at : chunk;
        ATMQTT_FUZZ_REQUIRE(dec.feed(bytes(in.data() + at, n)).ok(), "feed refused after a drained chunk");
        while (auto e = dec.next()) out.push_back(describe(e));
    }
    return out;
}

void run_escape(bytes in) {
    usr::escape_sequence esc;
    ATMQTT_FUZZ_REQUIRE(!esc.feed('a').ok(), "an idle machine accepted a byte");
    esc.start();
    bool ready = false;
    std::string after_ready, burst;
    for (char c : in) {
        using state = usr::escape_sequence::state;
        if (c == '\0') {
            usr::escape_event e = esc.end_of_burst();
            if (e == usr::escape_event::module_ready) {
                ATMQTT_FUZZ_REQUIRE(!ready && burst == "a", "module_ready twice or not on a burst of 'a'");
                ready = true;
            } else {
                ATMQTT_FUZZ_REQUIRE(e == usr::escape_event::none, "a burst end completed the exchange");
                ATMQTT_FUZZ_REQUIRE(ready || burst != "a", "the module's 'a' was ignored");
            }
            burst.clear();
            continue;
        }
        if (!ready) {  // awaiting the answer: a byte of the burst, noted (feed() takes only "+ok")
            burst += c;
            ATMQTT_FUZZ_REQUIRE(esc.feed(c).error() == errc::at_unexpected_response, "a byte fed before the answer");
            esc.note_burst(bytes(&c, 1));
            continue;
        }
        state before = esc.current();
        auto r = esc.feed(c);
        if (!r) {
            ATMQTT_FUZZ_REQUIRE(before == state::await_ok && r.error() == errc::at_unexpected_character,
                                "only a broken +ok is an error");
            ATMQTT_FUZZ_REQUIRE(esc.current() == state::idle, "a broken +ok leaves the machine running");
            ATMQTT_FUZZ_REQUIRE(r.offset() == after_ready.size(), "the error offset is not the bytes matched");
            esc.start();
            ready = false;
            after_ready.clear();
            burst.clear();
            continue;
        }
        switch (*r) {
            case usr::escape_event::none:
                if (ready) after_ready += c;
                break;
            case usr::escape_event::module_ready:
                ATMQTT_FUZZ_REQUIRE(false, "module_ready from a byte, not a burst end");
                break;
            case usr::escape_event::command_mode:
                after_ready += c;
                ATMQTT_FUZZ_REQUIRE(ready && after_ready == "+ok", "command mode without a+ok");
                ATMQTT_FUZZ_REQUIRE(esc.current() == state::done, "command mode but not done");
                {
                    auto again = esc.feed(c);
                    ATMQTT_FUZZ_REQUIRE(!again && again.error() == errc::at_unexpected_response,
                                        "a finished exchange accepted a byte");
                }
                esc.start();
                ready = false;
                after_ready.clear();
                burst.clear();
                break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    bytes in(reinterpret_cast<const char*>(data) + 1, size - 1);
    if ((data[0] & 1) == 0) {
        std::size_t chunk = static_cast<std::size_t>(data[0] >> 1) + 1;
        ATMQTT_FUZZ_REQUIRE(run_session(in, in.size() + 1) == run_session(in, chunk), "chunking changes the events");
    } else {
        run_escape(in);
    }
    return 0;
}
