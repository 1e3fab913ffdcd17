// The Quectel dialect's decoders against arbitrary modem output: the tokenizer with the dialect's
// +QMTRECV payload rule, then classify() and every typed decoder on every line.
// Input: byte 0 chooses the chunking (0: one byte at a time, n: chunks cycling through sizes 1..n+1),
// byte 1 the length of the data block announced after each '>' prompt, the rest is what the modem sends.
// Properties:
//  - the same events and decoded values whether the bytes come whole or in chunks;
//  - a query answer (AT+QMTCFG / AT+QSSLCFG item) decodes only under the row classify() names;
//  - at most one test-answer decoder accepts a line; its elements are views inside the line and its
//    lists admit their own bounds;
//  - every decoded string and payload is a view inside its line; a +QMTRECV payload has exactly
//    <payload_len> bytes when the length is present; granted QoS values are 0..2 or 128;
//  - a +QMTRECV payload read in the text format is itself, in the hex format decodes and encodes back
//    (quectel/payload.hpp), or fails at a digit inside it;
//  - errors are real errc values with offsets inside the line.
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/quectel.hpp>

#include "../tests/dialects/answer_result.hpp"  // the test answers as results (they decode into caller storage)
#include "fuzz_support.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

// A received payload in both data formats: text is the payload itself; hex decodes (or fails at a
// digit inside it) and encodes back to the same digits ignoring case, through encode_payload.
void check_data_formats(bytes payload) {
    char raw[2048];
    auto text = q::decode_payload(payload, q::data_format::text, atmqtt::mutable_bytes(raw, 0));
    ATMQTT_FUZZ_REQUIRE(text.ok() && text->data() == payload.data() && text->size() == payload.size(), "text format");
    auto hex = q::decode_payload(payload, q::data_format::hex, atmqtt::mutable_bytes(raw, sizeof raw));
    if (!hex) {
        ATMQTT_FUZZ_REQUIRE(hex.error() == atmqtt::errc::at_invalid_hex || hex.error() == atmqtt::errc::buffer_too_small,
                            "hex error");
        ATMQTT_FUZZ_REQUIRE(hex.offset() <= payload.size(), "hex error offset");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(hex->size() * 2 == payload.size() && hex->data() == raw, "hex size");
    char digits[sizeof raw * 2];
    auto back = q::encode_payload(*hex, q::data_format::hex, atmqtt::mutable_bytes(digits, sizeof digits));
    ATMQTT_FUZZ_REQUIRE(back.ok() && *back == payload.size(), "hex re-encode size");
    for (std::size_t i = 0; i < payload.size(); ++i) {
        char c = payload[i];
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
        ATMQTT_FUZZ_REQUIRE(digits[i] == c, "hex round trip");
    }
}

template <class R>
bool checked(const R& r, bytes line) {
    if (r.ok()) return true;
    ATMQTT_FUZZ_REQUIRE(atmqtt::to_string(r.error()) != "unknown", "error code");
    ATMQTT_FUZZ_REQUIRE(r.offset() <= line.size(), "error offset past the line");
    return false;
}

// A query-answer row decodes the line, and the next item's row never does.
void check_query_answer(std::string& rec, bytes t, q::line_index row) {
    const bool ok = checked(at::decode_with<8>(q::lines[row], at::line_event(t), q::lexical, q::prefix_aliases), t);
    std::size_t other = row + 1u;
    if (row == q::line_cfg_protocol_check) other = q::line_ssl_cacert;
    if (other == q::line_count) other = q::line_cfg_version;
    ATMQTT_FUZZ_REQUIRE(!at::decode_with<8>(q::lines[other], at::line_event(t), q::lexical, q::prefix_aliases).ok(),
                        "a query answer decoded under another item");
    if (ok) rec += "a";
}

void check_element(const at::test_element& e, bytes t) {
    if (!e.present()) return;
    ATMQTT_FUZZ_REQUIRE(inside(e.text, t), "test element outside its line");
    if (e.kind != at::element_kind::list) return;
    ATMQTT_FUZZ_REQUIRE(e.low <= e.high, "list bounds");
    ATMQTT_FUZZ_REQUIRE(e.contains(e.low) && e.contains(e.high), "list does not admit its bounds");
}

// Every test-answer decoder on the line: the number that accepted it (at most one may).
int test_answers(std::string& rec, bytes t) {
    int accepted = 0;
    auto each = [&](const auto& r, auto elements) {
        if (!checked(r, t)) return;
        ++accepted;
        for (const at::test_element* e : elements(*r)) check_element(*e, t);
        rec += "t";
    };
    for (const at::command* c : {&q::cmd::qmtcfg, &q::cmd::qmtopen, &q::cmd::qmtclose, &q::cmd::qmtdisc, &q::cmd::qmtconn,
                                 &q::cmd::qmtsub, &q::cmd::qmtuns, &q::cmd::qmtpubex})
        each(answer(q::test_answers, *c, atmqtt::at::line_event(t)), [](const at::test_answer& r) {
            std::vector<const at::test_element*> v;
            for (const at::test_element& e : r.elements) v.push_back(&e);
            return v;
        });
    return accepted;
}

struct run {
    std::size_t data_length = 0;
    at::tokenizer<256> tok{at::payload_rules_of<q::grammar>, q::grammar.lexical};
    std::vector<std::string> log;

    void on_line(const at::event& ev) {
        bytes t = ev.text;
        std::string rec = "L";
        ATMQTT_FUZZ_REQUIRE(test_answers(rec, t) <= 1, "two test-answer decoders accept one line");
        auto row = q::classify(atmqtt::at::line_event(t));
        if (!checked(row, t)) {
            log.push_back(rec);
            return;
        }
        rec += std::to_string(static_cast<int>(*row)) + ":";
        switch (*row) {
            case q::line_received_message: {
                auto m = at::decode_as<q::received_message>(ev);
                if (checked(m, t)) {
                    ATMQTT_FUZZ_REQUIRE(inside(m->payload, t) && inside(m->topic, t), "view outside its line");
                    if (m->payload_len) ATMQTT_FUZZ_REQUIRE(m->payload.size() == static_cast<std::size_t>(*m->payload_len), "payload length");
                    rec += std::string(m->topic) + "|" + std::string(m->payload);
                    check_data_formats(m->payload);
                }
                break;
            }
            case q::line_subscribe_result:
            case q::line_unsubscribe_result: {
                q::subscribe_result s{};
                if (checked(at::decode_into(q::lines[*row], ev, s), t)) {
                    ATMQTT_FUZZ_REQUIRE(s.granted_qos.count <= 10, "granted count");
                    for (std::size_t i = 0; i < s.granted_qos.count; ++i)
                        ATMQTT_FUZZ_REQUIRE(s.granted_qos[i] <= 2 || s.granted_qos[i] == 128, "granted QoS");
                    rec += std::to_string(s.granted_qos.count);
                }
                break;
            }
            case q::line_open_state: {
                auto o = at::decode_as<q::open>(at::line_event(t));
                if (checked(o, t)) ATMQTT_FUZZ_REQUIRE(inside(o->host, t), "host outside its line");
                break;
            }
            case q::line_file_upload_result: {
                auto f = at::decode_as<q::file_upload_result>(at::line_event(t));
                if (checked(f, t)) ATMQTT_FUZZ_REQUIRE(inside(f->checksum, t), "checksum outside its line");
                break;
            }
            default:
                if (*row <= q::line_cfg_protocol_check) {
                    auto c = at::decode<8>(q::grammar, atmqtt::at::line_event(t));
                    if (checked(c, t)) {
                        std::size_t present = 0;
                        for (const at::field_value& v : c->fields()) {
                            ATMQTT_FUZZ_REQUIRE(v.text.empty() || inside(v.text, t), "field outside its line");
                            present += v.present() ? 1 : 0;
                        }
                        rec += std::to_string(present);
                    }
                }
                if (*row >= q::line_ssl_cacert) {
                    auto f = at::decode_with<8>(q::lines[*row], at::line_event(t), q::lexical, q::prefix_aliases);
                    if (checked(f, t))
                        for (const at::field_value& v : f->fields())
                            ATMQTT_FUZZ_REQUIRE(v.text.empty() || inside(v.text, t), "field outside its line");
                }
                break;
        }
        if (*row <= q::line_cfg_protocol_check || *row >= q::line_ssl_cacert) check_query_answer(rec, t, *row);
        rec += checked(at::decode_as<q::open_result>(at::line_event(t)), t) ? "o" : "";
        rec += checked(at::decode_as<q::close_result>(at::line_event(t)), t) ? "c" : "";
        rec += checked(at::decode_as<q::connect_result>(at::line_event(t)), t) ? "n" : "";
        rec += checked(at::decode_as<q::connection_state>(at::line_event(t)), t) ? "s" : "";
        rec += checked(at::decode_as<q::disconnect_result>(at::line_event(t)), t) ? "d" : "";
        rec += checked(at::decode_as<q::publish_result>(at::line_event(t)), t) ? "p" : "";
        rec += checked(at::decode_as<q::message_notice>(at::line_event(t)), t) ? "r" : "";
        rec += checked(at::decode_as<q::recv_status>(at::line_event(t)), t) ? "R" : "";
        rec += checked(at::decode_as<q::ping_result>(at::line_event(t)), t) ? "g" : "";
        auto st = at::decode_as<q::connection_closed>(at::line_event(t));
        if (checked(st, t)) rec += at::find_error(q::errors, st->err_code).ok() ? "S" : "?";
        log.push_back(rec);
    }

    void on(const at::event& ev) {
        if (ev.is_line()) {
            on_line(ev);
        } else if (ev.is_prompt()) {
            log.push_back("P");
            (void)tok.expect_data(data_length);
        } else if (ev.is_data()) {
            log.push_back("D" + std::string(ev.text));
        } else if (ev.is_error()) {
            ATMQTT_FUZZ_REQUIRE(atmqtt::to_string(ev.error) != "unknown", "tokenizer error code");
            log.push_back("E" + std::to_string(static_cast<int>(ev.error)));
        }
    }

    void feed(bytes chunk) {
        ATMQTT_FUZZ_REQUIRE(tok.feed(chunk).ok(), "feed refused");
        while (at::event ev = tok.next()) on(ev);
    }

    // One byte at a time through push().
    void push(bytes input) {
        at::event ev{};
        for (char c : input) {
            if (!tok.push(c, ev)) continue;
            do {
                on(ev);
            } while ((ev = tok.next()));
        }
    }
};

// Data blocks may be split differently; join consecutive pieces before comparing.
std::vector<std::string> joined(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const std::string& s : in) {
        if (!out.empty() && s[0] == 'D' && out.back()[0] == 'D') out.back() += s.substr(1);
        else out.push_back(s);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    std::size_t max_chunk = data[0];
    std::size_t data_length = data[1];
    bytes input(reinterpret_cast<const char*>(data + 2), size - 2);

    run whole;
    whole.data_length = data_length;
    whole.feed(input);

    run chunked;
    chunked.data_length = data_length;
    std::size_t pos = 0, step = 0;
    while (pos < input.size()) {
        std::size_t n = max_chunk == 0 ? 1 : 1 + (step++ % (max_chunk + 1));
        if (n > input.size() - pos) n = input.size() - pos;
        chunked.feed(input.substr(pos, n));
        pos += n;
    }
    ATMQTT_FUZZ_REQUIRE(joined(whole.log) == joined(chunked.log), "whole and chunked runs differ");

    run pushed;
    pushed.data_length = data_length;
    pushed.push(input);
    ATMQTT_FUZZ_REQUIRE(joined(whole.log) == joined(pushed.log), "whole and pushed runs differ");
    return 0;
}
