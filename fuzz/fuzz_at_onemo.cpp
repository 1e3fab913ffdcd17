// The OneMO dialect's decoders against arbitrary modem output: tokenizer (with the dialect's payload rules),
// transaction (with its grammar), then every typed decoder on every line (the test-answer ones too), and split "publish" pieces
// through the reassembly helper.
// Input: byte 0 chooses the chunking (0: one byte at a time, n: chunks cycling through sizes 1..n+1),
// byte 1 bit 0 the output format (raw / hex), the rest is what the modem sends.
// Properties:
//  - the same decoded events whether the bytes come whole or in chunks;
//  - every decoded string / payload is a view inside its line; a publish or read payload has exactly
//    payload_len bytes (or twice that under hex output); suback codes are 0..128, as many as announced;
//  - errors are real errc values; the assembler never reports more than total_len bytes nor a message
//    longer than its buffer;
//  - onemo::decode_message (every input format, and one that is none) and onemo::decode_payload (both
//    output formats) on every line's text and every decoded payload (arbitrary bytes, whole feed only):
//    either at_invalid_hex / at_unexpected_character / at_invalid_enum with the offset inside the text, or
//    the bytes written inside the buffer (canary bytes after it), as many as the text has (ascii), half
//    (hex) or at most (escaped); one byte short is buffer_too_small; encode_payload of the result in the
//    same format gives the text again (hex: upper-cased; ascii: unless it holds '"', CR or LF, which is
//    at_unescapable_character) or, escaped, a text that decodes to the same bytes.
#include <atmqtt/at/tokenizer.hpp>
#include "../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/onemo.hpp>

#include "../tests/dialects/answer_result.hpp"
#include "../tests/dialects/onemo_urc.hpp"  // the test answers as results (they decode into caller storage)
#include "fuzz_support.hpp"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

void check_error(atmqtt::errc e) {
    ATMQTT_FUZZ_REQUIRE(e != atmqtt::errc::ok && atmqtt::to_string(e) != "unknown", "error code");
}

void check_payload(bytes payload, std::int32_t len, bool hex, bytes line) {
    ATMQTT_FUZZ_REQUIRE(inside(payload, line), "payload outside its line");
    std::size_t n = static_cast<std::size_t>(len);
    ATMQTT_FUZZ_REQUIRE(payload.size() == n || (hex && payload.size() == 2 * n), "payload length");
}

// A test-answer element: a view inside its line; a list's items all integers with low <= high.
void check_test_element(const at::test_element& e, bytes line) {
    ATMQTT_FUZZ_REQUIRE(inside(e.text, line), "test element outside its line");
    if (e.kind != at::element_kind::list) return;
    ATMQTT_FUZZ_REQUIRE(e.low <= e.high, "list bounds");
    at::list_reader r = e.items();
    while (!r.done()) {
        auto it = r.next();
        ATMQTT_FUZZ_REQUIRE(it.ok() && it->low_integer().ok() && it->high_integer().ok(), "list item");
        ATMQTT_FUZZ_REQUIRE(e.contains(*it->low_integer()), "list admits its own bound");
    }
}

constexpr std::size_t canary_size = 8;
constexpr char canary = '\x5A';

atmqtt::result<bytes> message_into(bytes text, onemo::input_format f, std::size_t cap, std::vector<char>& buf) {
    buf.assign(cap + canary_size, canary);
    auto r = onemo::decode_message(text, f, atmqtt::mutable_bytes(buf.data(), cap));
    for (std::size_t i = cap; i < buf.size(); ++i) ATMQTT_FUZZ_REQUIRE(buf[i] == canary, "decode_message wrote past the buffer");
    return r;
}

void check_message(bytes text, onemo::input_format f) {
    std::vector<char> buf;
    auto r = message_into(text, f, text.size(), buf);
    if (!r) {
        using atmqtt::errc;
        ATMQTT_FUZZ_REQUIRE(r.error() == errc::at_invalid_hex || r.error() == errc::at_unexpected_character ||
                            r.error() == errc::at_invalid_enum, "decode_message fails with another errc");
        ATMQTT_FUZZ_REQUIRE(r.offset() < text.size() || (r.error() == errc::at_invalid_enum && r.offset() == 0),
                            "decode_message's error offset past the text");
        ATMQTT_FUZZ_REQUIRE((r.error() == errc::at_invalid_enum) == (static_cast<int>(f) > 2), "at_invalid_enum for a real format");
        return;
    }
    const bytes out = *r;
    const std::size_t n = out.size();
    ATMQTT_FUZZ_REQUIRE(out.data() == buf.data() && n <= text.size(), "decode_message writes more than the text");
    if (f == onemo::input_format::ascii) ATMQTT_FUZZ_REQUIRE(out == text, "ascii decodes to other bytes");
    if (f == onemo::input_format::hex) ATMQTT_FUZZ_REQUIRE(text.size() == 2 * n, "hex decodes to another size");
    if (n != 0) {
        std::vector<char> small;
        auto s = message_into(text, f, n - 1, small);
        ATMQTT_FUZZ_REQUIRE(!s && s.error() == atmqtt::errc::buffer_too_small, "one byte short is not buffer_too_small");
    }
    // Back through the encoder.
    std::vector<char> again(4 * n + canary_size, canary);
    auto e = onemo::encode_payload(out, f, atmqtt::mutable_bytes(again.data(), 4 * n));
    for (std::size_t i = 4 * n; i < again.size(); ++i) ATMQTT_FUZZ_REQUIRE(again[i] == canary, "encode_payload wrote past the buffer");
    auto measured = onemo::message_length(out, f);  // the text's size; under hex the bytes, half of it
    if (!e) {
        ATMQTT_FUZZ_REQUIRE(f == onemo::input_format::ascii && e.error() == atmqtt::errc::at_unescapable_character &&
                            text.find_first_of("\"\r\n") != bytes::npos, "a decoded message does not encode");
        ATMQTT_FUZZ_REQUIRE(!measured && measured.error() == e.error(), "message_length and encode_payload disagree");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(measured && *measured * (f == onemo::input_format::hex ? 2 : 1) == *e,
                        "message_length and encode_payload disagree");
    const bytes written(again.data(), *e);
    if (f == onemo::input_format::hex) {
        std::string upper(text);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ATMQTT_FUZZ_REQUIRE(written == bytes(upper), "hex does not encode back to its text");
    } else if (f == onemo::input_format::ascii) {
        ATMQTT_FUZZ_REQUIRE(written == text, "ascii does not encode back to its text");
    } else {
        std::vector<char> round;
        auto d = message_into(written, f, n, round);
        ATMQTT_FUZZ_REQUIRE(d && *d == out, "escaped text does not decode back to the same bytes");
    }
}

// decode_message in every format and decode_payload in both, on any text.
void check_decoders(bytes text) {
    for (int f = 0; f < 4; ++f) check_message(text, static_cast<onemo::input_format>(f));
    for (onemo::output_format f : {onemo::output_format::raw, onemo::output_format::hex}) {
        std::vector<char> a(text.size() + 1), b(text.size() + 1);
        auto p = onemo::decode_payload(text, f, atmqtt::mutable_bytes(a.data(), text.size()));
        auto m = onemo::decode_message(text, f == onemo::output_format::hex ? onemo::input_format::hex : onemo::input_format::ascii,
                                       atmqtt::mutable_bytes(b.data(), text.size()));
        const bytes want = f == onemo::output_format::raw ? text : m ? *m : bytes();
        ATMQTT_FUZZ_REQUIRE(p.ok() == m.ok() && (p ? *p == want : p.error() == m.error() && p.offset() == m.offset()),
                            "decode_payload is not decode_message in its format");
    }
}

struct run {
    bool hex = false;
    bool deep = false;  // also the message decoders (once per input, on the whole feed)
    at::tokenizer<256> tok{at::payload_rules_of<onemo::grammar>, onemo::lexical};
    atmqtt_tool::transaction tx{onemo::grammar};
    char join_buf[64] = {};
    onemo::publish_assembler join{atmqtt::mutable_bytes(join_buf, sizeof join_buf)};
    std::vector<std::string> log;

    void on_line(bytes t) {
        onemo::decode_options o{hex ? onemo::output_format::hex : onemo::output_format::raw};
        std::string rec = "L";
        if (deep) check_decoders(t);
        const auto ev = atmqtt::at::line_event(t);
        atmqtt::status u = onemo_test::urc_status(ev, o);  // any URC into its row's struct
        if (u) {
            const onemo::line_index kind = *onemo::classify(ev);
            rec += "u" + std::to_string(static_cast<int>(kind));
            if (kind == onemo::line_received_message) {
                onemo::received_message p{};
                ATMQTT_FUZZ_REQUIRE(onemo::decode_into(ev, p, o).ok(), "a publish URC that decoded once fails again");
                check_payload(p.payload, p.payload_len, hex, t);
                ATMQTT_FUZZ_REQUIRE(inside(p.topic, t), "topic outside its line");
                rec += std::string(p.payload);
                if (deep) check_decoders(p.payload);
                auto r = join.add(p);
                if (r) {
                    ATMQTT_FUZZ_REQUIRE(r->offset + r->payload.size() <= r->total, "assembled past total_len");
                    ATMQTT_FUZZ_REQUIRE(inside(r->topic, t) && inside(r->payload, t), "a piece's view outside its line");
                    if (r->complete) ATMQTT_FUZZ_REQUIRE(r->message.size() == r->total && r->total <= sizeof join_buf, "message size");
                } else {
                    check_error(r.error());
                }
            }
            if (kind == onemo::line_subscribe_result) {
                onemo::subscribe_result sub{};
                ATMQTT_FUZZ_REQUIRE(at::decode_into(ev, sub).ok(), "a suback URC that decoded once fails again");
                ATMQTT_FUZZ_REQUIRE(sub.granted_qos.size() >= 1 && sub.granted_qos.size() <= 3, "suback count");
                for (std::size_t i = 0; i < sub.granted_qos.size(); ++i) {
                    std::int32_t c = sub.granted_qos[i];
                    ATMQTT_FUZZ_REQUIRE(c >= 0 && c <= 128, "suback code range");
                }
            }
        } else {
            check_error(u.error());
            ATMQTT_FUZZ_REQUIRE(u.offset() <= t.size(), "error offset past the line");
        }
        onemo::cached_message m{};
        if (onemo::decode_into(atmqtt::at::line_event(t), m, o)) {
            check_payload(m.payload, m.payload_len, hex, t);
            rec += "m" + std::string(m.payload);
            if (deep) check_decoders(m.payload);
        }
        onemo::cfg_willpayload w{};
        if (at::decode_into(atmqtt::at::line_event(t), w)) {
            rec += "c";
            ATMQTT_FUZZ_REQUIRE((!w.will_topic || inside(*w.will_topic, t)) && (!w.will_msg || inside(*w.will_msg, t)),
                                "will outside its line");
        }
        auto l = onemo::decode_sub_list(atmqtt::at::line_event(t));
        if (l) {
            for (std::size_t i = 0; i < l->size(); ++i) ATMQTT_FUZZ_REQUIRE(inside(l->topic(i), t), "topic outside its line");
            rec += "s" + std::to_string(l->size());
        }
        auto ct = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(t));
        if (ct) {
            rec += "C" + std::to_string(ct->cmd - &onemo::cfg_items[0]);
            for (const at::test_element& e : ct->elements) check_test_element(e, t);
        } else {
            check_error(ct.error());
        }
        auto nt = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(t));
        if (nt) {
            rec += "N";
            for (const at::test_element& e : nt->elements) check_test_element(e, t);
        } else {
            check_error(nt.error());
        }
        rec += at::decode_as<onemo::subscribe_sent>(at::line_event(t)).ok() ? "S" : "";
        rec += at::decode_as<onemo::unsubscribe_sent>(at::line_event(t)).ok() ? "U" : "";
        rec += at::decode_as<onemo::publish_sent>(at::line_event(t)).ok() ? "P" : "";
        rec += at::decode_as<onemo::cache_status>(at::line_event(t)).ok() ? "R" : "";
        rec += at::decode_as<onemo::mqtt_status>(at::line_event(t)).ok() ? "T" : "";
        log.push_back(rec);
    }

    void on(const at::event& ev) {
        if (ev.is_line()) {
            if (ev.text.size() > 3 && ev.text.substr(0, 3) == "AT+") {
                tx.abort();
                (void)tx.begin(onemo::cmd::mqttsub, at::form::set);
            }
            auto r = tx.on_event(ev);
            if (!r) check_error(r.error());
            on_line(ev.text);
        } else if (ev.is_error()) {
            check_error(ev.error);
            log.push_back("E" + std::to_string(static_cast<int>(ev.error)));
        } else {
            log.push_back(ev.is_prompt() ? "P" : "D");
        }
    }

    void feed(bytes chunk) {
        ATMQTT_FUZZ_REQUIRE(tok.feed(chunk).ok(), "feed refused");
        while (auto ev = tok.next()) on(ev);
        ATMQTT_FUZZ_REQUIRE(tok.unread() == 0, "bytes left unread");
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    std::size_t cycle = data[0];
    bool hex = (data[1] & 1) != 0;
    bytes input(reinterpret_cast<const char*>(data) + 2, size - 2);

    run whole;
    whole.hex = hex;
    whole.deep = true;
    whole.feed(input);

    run chunked;
    chunked.hex = hex;
    std::size_t step = 0;
    for (std::size_t i = 0; i < input.size();) {
        std::size_t n = cycle == 0 ? 1 : 1 + (step++ % (cycle + 1));
        chunked.feed(input.substr(i, n));
        i += n;
    }
    ATMQTT_FUZZ_REQUIRE(whole.log == chunked.log, "whole and chunked input decode differently");
    return 0;
}
