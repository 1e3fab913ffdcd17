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
//    longer than its buffer.
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/transaction.hpp>
#include <atmqtt/dialect/onemo.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
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
void check_test_element(const onemo::test_element& e, bytes line) {
    ATMQTT_FUZZ_REQUIRE(inside(e.text, line), "test element outside its line");
    if (e.kind != onemo::element_kind::list) return;
    ATMQTT_FUZZ_REQUIRE(e.lowest() <= e.highest(), "list bounds");
    at::list_reader r = e.items();
    while (!r.done()) {
        auto it = r.next();
        ATMQTT_FUZZ_REQUIRE(it.ok() && it->low_integer().ok() && it->high_integer().ok(), "list item");
        ATMQTT_FUZZ_REQUIRE(e.contains(*it->low_integer()), "list admits its own bound");
    }
}

struct run {
    bool hex = false;
    at::tokenizer<256> tok{onemo::payload_rule_span, onemo::lexical};
    at::transaction tx{onemo::grammar};
    char join_buf[64] = {};
    onemo::publish_assembler join{atmqtt::mutable_bytes(join_buf, sizeof join_buf)};
    std::vector<std::string> log;

    void on_line(bytes t) {
        onemo::decode_options o{hex ? onemo::output_format::hex : onemo::output_format::raw};
        std::string rec = "L";
        auto u = onemo::decode_urc(t, o);
        if (u) {
            rec += "u" + std::to_string(static_cast<int>(u->kind));
            if (u->kind == onemo::urc_kind::publish) {
                const auto& p = u->publish;
                check_payload(p.payload, p.payload_len, hex, t);
                ATMQTT_FUZZ_REQUIRE(inside(p.topic, t), "topic outside its line");
                rec += std::string(p.payload);
                auto r = join.add(p);
                if (r) {
                    ATMQTT_FUZZ_REQUIRE(r->received <= r->total, "assembled past total_len");
                    if (r->complete) ATMQTT_FUZZ_REQUIRE(r->message.size() == r->total && r->total <= sizeof join_buf, "message size");
                } else {
                    check_error(r.error());
                }
            }
            if (u->kind == onemo::urc_kind::suback) {
                ATMQTT_FUZZ_REQUIRE(u->suback.code.size() >= 1 && u->suback.code.size() <= 3, "suback count");
                for (std::size_t i = 0; i < u->suback.code.size(); ++i) {
                    std::int32_t c = u->suback.code[i];
                    ATMQTT_FUZZ_REQUIRE(c >= 0 && c <= 128, "suback code range");
                }
            }
        } else {
            check_error(u.error());
            ATMQTT_FUZZ_REQUIRE(u.offset() <= t.size(), "error offset past the line");
        }
        auto m = onemo::decode_read_message(t, o);
        if (m) {
            check_payload(m->payload, m->payload_len, hex, t);
            rec += "m" + std::string(m->payload);
        }
        auto c = onemo::decode_cfg(t);
        if (c) {
            rec += "c" + std::to_string(static_cast<int>(c->item));
            ATMQTT_FUZZ_REQUIRE(inside(c->will_topic, t) && inside(c->will_msg, t), "will outside its line");
        }
        auto l = onemo::decode_sub_list(t);
        if (l) {
            for (std::size_t i = 0; i < l->size(); ++i) ATMQTT_FUZZ_REQUIRE(inside(l->topic(i), t), "topic outside its line");
            rec += "s" + std::to_string(l->size());
        }
        auto ct = onemo::decode_cfg_test(t);
        if (ct) {
            rec += "C" + std::to_string(static_cast<int>(ct->item));
            check_test_element(ct->connect_id, t);
            for (const onemo::test_element& e : ct->values) check_test_element(e, t);
        } else {
            check_error(ct.error());
        }
        auto nt = onemo::decode_conn_test(t);
        if (nt) {
            rec += "N";
            for (const onemo::test_element* e : {&nt->connect_id, &nt->host, &nt->port, &nt->clientid, &nt->user, &nt->passwd})
                check_test_element(*e, t);
        } else {
            check_error(nt.error());
        }
        rec += onemo::decode_sub(t).ok() ? "S" : "";
        rec += onemo::decode_unsub(t).ok() ? "U" : "";
        rec += onemo::decode_pub(t).ok() ? "P" : "";
        rec += onemo::decode_read_status(t).ok() ? "R" : "";
        rec += onemo::decode_state(t).ok() ? "T" : "";
        log.push_back(rec);
    }

    void on(const at::event& ev) {
        if (ev.is_line()) {
            if (ev.text.size() > 3 && ev.text.substr(0, 3) == "AT+") {
                tx.abort();
                (void)tx.begin(onemo::sub_cmd, at::form::set);
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
