// A tiny driver for instruction counts: `count_ops <case> <n>` runs one fixed operation n times and
// nothing else of note, so (Ir at n=N) - (Ir at n=0), divided by N, is the instructions per operation.
// Google Benchmark 1.7.1 cannot fix the iteration count (no --benchmark_min_time=<n>x), hence this.
// Run through bench/callgrind.sh.
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/mqtt.hpp>

#include "at_fixtures.hpp"
#include "fixtures.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace mqtt = atmqtt::mqtt;
namespace at = atmqtt::at;
namespace quectel = atmqtt::quectel;
namespace onemo = atmqtt::onemo;

namespace {

char payload256[256];
char recv_line[1200];

// "+QMTRECV: 0,1,\"<32 B topic>\",<n>,\"<n bytes>\"\r\n" in recv_line; returns its length.
std::size_t make_recv_line(std::size_t n) {
    const int head = std::snprintf(recv_line, sizeof recv_line, "+QMTRECV: 0,1,\"%s\",%zu,\"", "sensors/building-7/floor3/temp01", n);
    std::size_t len = static_cast<std::size_t>(head);
    for (std::size_t i = 0; i < n; ++i) recv_line[len++] = static_cast<char>('a' + i % 26);
    recv_line[len++] = '"';
    recv_line[len++] = '\r';
    recv_line[len++] = '\n';
    return len;
}
char wire[1024];
char out[1024];
using bench_fixtures::topic32;
const char* const filters[3] = {"sensors/+/floor3/#", "cmd/device-0001/+", "ota/device-0001/firmware"};
// The same shapes shorter than 16 bytes (the fast encoder's own loop takes 16-32-byte filters only).
const char* const short_filters[3] = {"s/+/f3/#", "cmd/d1/+", "ota/d1/fw"};

using bench_fixtures::full_connect;

mqtt::publish publish_qos1_256() {
    for (std::size_t i = 0; i < sizeof payload256; ++i) payload256[i] = static_cast<char>('a' + i % 26);
    mqtt::publish p;
    p.qos = mqtt::qos::at_least_once;
    p.topic = atmqtt::bytes(topic32, 32);
    p.packet_id = 4321;
    p.payload = atmqtt::bytes(payload256, sizeof payload256);
    return p;
}

// Opaque to the optimiser, so the loop cannot be folded or hoisted.
template <class T>
void keep(const T& v) {
    asm volatile("" : : "g"(&v) : "memory");
}

atmqtt::bytes encode_into_wire(const mqtt::packet& p) {
    auto n = mqtt::encode(p, atmqtt::mutable_bytes(wire, sizeof wire));
    if (!n) std::abort();
    return atmqtt::bytes(wire, *n);
}

atmqtt::result<mqtt::packet> decode_client(atmqtt::bytes in) {
    return mqtt::decode<mqtt::connack, mqtt::publish, mqtt::puback, mqtt::suback, mqtt::unsuback, mqtt::pingresp>(in);
}

// One pass over the line-heavy stream, out of main: g++ optimises main, which runs once, for size (a
// 64-byte event was cleared with `rep stos`, 16 counted instructions), unlike an application's loop.
// chunk 0: one byte at a time through push(); otherwise feed() chunks of that size.
__attribute__((noinline)) void line_pass(const std::string& stream, std::size_t chunk, bool full) {
    static at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    static bench_fixtures::line_sink sink;
    auto keep_it = [](const auto& v) { keep(v); };
    tok.reset();
    if (chunk == 0) {
        at::event ev{};
        for (char c : stream) {
            if (!tok.push(c, ev)) continue;  // most bytes: no event
            do {
                keep(ev);
                if (ev.is_error()) std::abort();
                if (full && !sink.take(ev, keep_it)) std::abort();
            } while ((ev = tok.next()));
        }
        return;
    }
    for (std::size_t at_ = 0; at_ < stream.size(); at_ += chunk) {
        const std::size_t len = chunk < stream.size() - at_ ? chunk : stream.size() - at_;
        if (!tok.feed(atmqtt::bytes(stream.data() + at_, len))) std::abort();
        while (at::event ev = tok.next()) {
            keep(ev);
            if (ev.is_error()) std::abort();
            if (full && !sink.take(ev, keep_it)) std::abort();
        }
    }
}

template <class F>
void repeat(long n, F f) {
    for (long i = 0; i < n; ++i) f();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr,
                     "usage: count_ops <case> <n>\ncases: encode_connect encode_publish_qos1_256 encode_subscribe_3 "
                     "encode_subscribe_3_short\n       encode_pingreq encode_packet_publish_qos1_256\n       decode_publish_qos1_256 decode_suback_3 "
                     "decode_client_publish_qos1_256 decode_client_suback_3 frame_publish_qos1_256\n"
                     "       encode_qmtpubex tokenize_qmtrecv_1024 decode_qmtrecv_64 decode_mqttpub\n"
                     "       lines_tokenize_<whole|64|1|feed1> lines_full_<whole|64|1|feed1> (one pass over the line-heavy\n"
                     "       stream; 1: push() per byte, feed1: feed() and next() per byte)\n"
                     "       lines_bytes (prints the stream's size)\n");
        return 2;
    }
    const char* c = argv[1];
    const long n = std::strtol(argv[2], nullptr, 10);
    const mqtt::connect conn = full_connect();
    const mqtt::publish pub = publish_qos1_256();
    const mqtt::subscription subs[3] = {{filters[0], mqtt::qos::at_most_once},
                                        {filters[1], mqtt::qos::at_least_once},
                                        {filters[2], mqtt::qos::exactly_once}};
    const mqtt::subscribe sub{7, mqtt::list_view<mqtt::subscription>(atmqtt::span<const mqtt::subscription>(subs, 3))};
    const mqtt::subscription short_subs[3] = {{short_filters[0], mqtt::qos::at_most_once},
                                              {short_filters[1], mqtt::qos::at_least_once},
                                              {short_filters[2], mqtt::qos::exactly_once}};
    const mqtt::subscribe short_sub{7, mqtt::list_view<mqtt::subscription>(atmqtt::span<const mqtt::subscription>(short_subs, 3))};
    const mqtt::suback_return_code codes[3] = {mqtt::suback_return_code::granted_qos0,
                                               mqtt::suback_return_code::granted_qos1,
                                               mqtt::suback_return_code::granted_qos2};
    const mqtt::suback ack{7, mqtt::list_view<mqtt::suback_return_code>(atmqtt::span<const mqtt::suback_return_code>(codes, 3))};
    const mqtt::packet pp(pub), ap(ack);
    const atmqtt::mutable_bytes o(out, sizeof out);

    if (!std::strcmp(c, "encode_connect")) {
        repeat(n, [&] { auto r = mqtt::encode(conn, o); keep(r); });
    } else if (!std::strcmp(c, "encode_publish_qos1_256")) {
        repeat(n, [&] { auto r = mqtt::encode(pub, o); keep(r); });
    } else if (!std::strcmp(c, "encode_subscribe_3")) {
        repeat(n, [&] { auto r = mqtt::encode(sub, o); keep(r); });
    } else if (!std::strcmp(c, "encode_subscribe_3_short")) {
        repeat(n, [&] { auto r = mqtt::encode(short_sub, o); keep(r); });
    } else if (!std::strcmp(c, "encode_pingreq")) {
        repeat(n, [&] { auto r = mqtt::encode(mqtt::pingreq{}, o); keep(r); });
    } else if (!std::strcmp(c, "encode_packet_publish_qos1_256")) {  // the generic path: through the variant
        repeat(n, [&] { auto r = mqtt::encode(pp, o); keep(r); });
    } else if (!std::strcmp(c, "decode_publish_qos1_256")) {
        const atmqtt::bytes w = encode_into_wire(pp);
        repeat(n, [&] { atmqtt::bytes in = w; keep(in); auto r = mqtt::decode(in); keep(r); });
    } else if (!std::strcmp(c, "decode_suback_3")) {
        const atmqtt::bytes w = encode_into_wire(ap);
        repeat(n, [&] { atmqtt::bytes in = w; keep(in); auto r = mqtt::decode(in); keep(r); });
    } else if (!std::strcmp(c, "decode_client_publish_qos1_256")) {  // the decoder restricted to a client's types
        const atmqtt::bytes w = encode_into_wire(pp);
        repeat(n, [&] { atmqtt::bytes in = w; keep(in); auto r = decode_client(in); keep(r); });
    } else if (!std::strcmp(c, "decode_client_suback_3")) {
        const atmqtt::bytes w = encode_into_wire(ap);
        repeat(n, [&] { atmqtt::bytes in = w; keep(in); auto r = decode_client(in); keep(r); });
    } else if (!std::strcmp(c, "frame_publish_qos1_256")) {
        const atmqtt::bytes w = encode_into_wire(pp);
        repeat(n, [&] { atmqtt::bytes in = w; keep(in); auto r = mqtt::check_frame(in); keep(r); });
    } else if (!std::strcmp(c, "encode_qmtpubex")) {  // a typed AT command through the writer and its rules
        quectel::publish p;
        p.packet_id = 4321;
        p.qos = 1;
        p.topic = std::string_view(topic32, 32);
        p.payload_len = 256;
        repeat(n, [&] {
            auto r = quectel::encode(p, o);
            if (!r || *r != 62) std::abort();  // the whole line, not an error path
            keep(r);
        });
    } else if (!std::strcmp(c, "tokenize_qmtrecv_1024")) {
        // One +QMTRECV line with a 1 KiB quoted payload, fed whole; instructions per line.
        const atmqtt::bytes line(recv_line, make_recv_line(1024));
        static at::tokenizer<1536> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
        repeat(n, [&] {
            tok.reset();
            if (!tok.feed(line)) std::abort();
            at::event ev = tok.next();
            keep(ev);
            if (!ev.has_payload) std::abort();
        });
    } else if (!std::strcmp(c, "decode_qmtrecv_64")) {
        const atmqtt::bytes line(recv_line, make_recv_line(64));
        at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
        if (!tok.feed(line)) std::abort();
        const at::event ev = tok.next();
        if (!ev.has_payload) std::abort();
        repeat(n, [&] { at::event e = ev; keep(e); auto m = at::decode_as<quectel::received_message>(e); keep(m); });
    } else if (!std::strcmp(c, "decode_mqttpub")) {  // a OneMO answer into its row_members struct
        const at::event ev = at::line_event("+MQTTPUB: 0,12,345");
        repeat(n, [&] {
            at::event e = ev;
            keep(e);
            auto m = at::decode_as<onemo::publish_sent>(e);
            if (!m || m->length != 345) std::abort();
            keep(m);
        });
    } else if (!std::strncmp(c, "lines_", 6)) {
        // One pass over the line-heavy Quectel stream per operation: the tokenizer alone, or the full path
        // (tokenizer, final-result check, classification and typed decode of every line), fed whole, in
        // 64-byte chunks or one byte at a time. Divide by lines_bytes for instructions per byte.
        static const std::string stream = bench_fixtures::quectel_line_stream();
        const char* rest = c + 6;
        if (!std::strcmp(rest, "bytes")) {
            std::printf("%zu\n", stream.size());
            return 0;
        }
        bool full = false;
        if (!std::strncmp(rest, "tokenize_", 9)) {
            rest += 9;
        } else if (!std::strncmp(rest, "full_", 5)) {
            rest += 5;
            full = true;
        } else {
            std::fprintf(stderr, "unknown case %s\n", c);
            return 2;
        }
        // "1": one byte at a time through push(); "feed1": through feed() and next() per byte.
        const std::size_t chunk = !std::strcmp(rest, "whole")   ? stream.size()
                                  : !std::strcmp(rest, "1")     ? 0
                                  : !std::strcmp(rest, "feed1") ? 1
                                                                : std::strtoul(rest, nullptr, 10);
        if (chunk == 0 && std::strcmp(rest, "1") != 0) {
            std::fprintf(stderr, "unknown case %s\n", c);
            return 2;
        }
        repeat(n, [&] { line_pass(stream, chunk, full); });
    } else {
        std::fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    return 0;
}
