// AT layer benchmarks: tokenizer throughput on realistic modem streams (each dialect), fed one byte at a
// time, in 64-byte chunks and whole; the typed +QMTRECV decode; Quectel command encode.
// Run: bench_at --benchmark_repetitions=5 (see docs/performance.md).
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <benchmark/benchmark.h>

#include "at_fixtures.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace at = atmqtt::at;
namespace quectel = atmqtt::quectel;
namespace onemo = atmqtt::onemo;
namespace risinghf = atmqtt::risinghf;
namespace usr = atmqtt::usr;

namespace {

std::string payload_of(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    return s;
}

// A Quectel session as a modem sends it: echoes, responses, result codes, URCs, and +QMTRECV messages
// with 1 KiB payloads (about two thirds of the bytes are payload).
std::string quectel_stream() {
    const std::string p1k = payload_of(1024);
    std::string s;
    s += "AT+QMTOPEN=0,\"broker.example.com\",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n";
    s += "AT+QMTCONN=0,\"atmqtt-bench\",\"user\",\"password\"\r\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n";
    s += "AT+QMTSUB=0,1,\"sensors/#\",1\r\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1\r\n";
    for (int i = 0; i < 4; ++i) {
        s += "\r\n+QMTRECV: 0,";
        s += std::to_string(i + 2);
        s += ",\"sensors/building-7/floor3/temp01\",1024,\"" + p1k + "\"\r\n";
        s += "AT+QMTPUBEX=0,";
        s += std::to_string(i + 10);
        s += ",1,0,\"status/atmqtt-bench\",5\r\r\n> hello\r\nOK\r\n\r\n+QMTPUBEX: 0,";
        s += std::to_string(i + 10);
        s += ",0\r\n";
        s += "AT+QMTCFG=\"keepalive\",0\r\r\n+QMTCFG: \"keepalive\",120\r\n\r\nOK\r\n";
        s += "\r\n+QMTPING: 0,1\r\n\r\n+QMTSTAT: 0,1\r\n";
        s += "AT+QMTRECV?\r\r\n+QMTRECV: 0,0,0,0,0,0\r\n\r\nOK\r\n";
    }
    s += "AT+QMTDISC=0\r\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n";
    return s;
}

// OneMO (ML302-style): +MQTTURC events, "publish" URCs with 1 KiB payloads, +MQTTPUB answers.
std::string onemo_stream() {
    const std::string p1k = payload_of(1024);
    std::string s;
    s += "AT+MQTTCONN=0,\"broker.example.com\",1883,\"atmqtt-bench\",120,0,1\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,0\r\n";
    s += "AT+MQTTSUB=0,\"world\",1\r\nOK\r\n\r\n+MQTTURC: \"suback\",0,35270,1,2\r\n";
    for (int i = 0; i < 4; ++i) {
        s += "\r\n+MQTTURC: \"publish\",0,2,\"world\",1024,1024," + p1k + "\r\n";
        s += "AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"\r\n+MQTTPUB: 0,18798,15\r\n\r\nOK\r\n";
        s += "\r\n+MQTTURC: \"puback\",0,18798,0\r\n";
        s += "AT+MQTTSTATE=0\r\n+MQTTSTATE: 2\r\n\r\nOK\r\n";
    }
    return s;
}

// RisingHF: +IMQTTRCVPUB URCs with 1 KiB payloads, '=' and fullwidth-comma tolerant answers.
std::string risinghf_stream() {
    const std::string p1k = payload_of(1024);
    std::string s;
    s += "AT+IMQTTCONN\r\nOK\r\n+IMQTTSTATE:5\r\n";
    s += "AT+IMQTTSUB=\"/a1R3d3WsBI0/test1/user/test\",1\r\n+IMQTTSUB=7,0\r\nOK\r\n";
    for (int i = 0; i < 4; ++i) {
        s += "+IMQTTRCVPUB:46052,\"/a1R3d3WsBI0/test1/user/test\",1024,\"" + p1k + "\"\r\n";
        s += "AT+IMQTTPUB=\"/a1R3d3WsBI0/test1/user/update\",1,\"hello\"\r\nOK\r\n";
        s += "AT+IMQTTSTATE?\r\n+IMQTTSTATE:5\r\nOK\r\n";
    }
    return s;
}

// USR: configuration queries and answers (no payload URCs; its data mode is transparent).
std::string usr_stream() {
    std::string s;
    for (int i = 0; i < 16; ++i) {
        s += "AT+MQTTPUBTP=?\r\n+MQTTPUBTP:<1~10>[,<0,1>,<1~12 bytes>,<0,1,2>,<0,1>][,<0,1>]\r\n\r\nOK\r\n";
        s += "AT+MQTTPUBTP\r\n+MQTTPUBTP:\r\n1,1,/PubTopic1,0,0,0\r\n2,0,/PubTopic2,0,0,0\r\n3,0,/PubTopic3,0,0,0\r\n\r\nOK\r\n";
        s += "AT+MQTTSVR=broker.example.com,1883\r\nOK\r\n";
        s += "AT+MQTTSTA\r\n+MQTTSTA:1\r\n\r\nOK\r\n";
    }
    return s;
}

// Tokenizes `stream` in chunks of `chunk` bytes (0: whole); counts lines, fails on any error event, and
// hands every other event to `on_event` (fails when it returns false).
struct no_more_work {
    bool operator()(const at::event&) const { return true; }
};
template <class Tokenizer, class OnEvent = no_more_work>
void run_tokenizer(benchmark::State& state, Tokenizer& tok, const std::string& stream, OnEvent on_event = {}) {
    const std::size_t chunk = state.range(0) == 0 ? stream.size() : static_cast<std::size_t>(state.range(0));
    std::size_t lines = 0, payloads = 0;
    for (auto _ : state) {
        tok.reset();
        for (std::size_t at_ = 0; at_ < stream.size(); at_ += chunk) {
            if (!tok.feed(atmqtt::bytes(stream.data() + at_, std::min(chunk, stream.size() - at_)))) {
                state.SkipWithError("feed refused");
                return;
            }
            while (at::event ev = tok.next()) {
                benchmark::DoNotOptimize(ev);
                if (ev.is_error()) {
                    state.SkipWithError("tokenizer reported an error");
                    return;
                }
                if (!on_event(ev)) {
                    state.SkipWithError("an event the work after the tokenizer refused");
                    return;
                }
                ++lines;
                if (ev.has_payload) ++payloads;
            }
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(stream.size()));
    state.counters["events/iter"] = static_cast<double>(lines) / static_cast<double>(state.iterations());
    state.counters["payloads/iter"] = static_cast<double>(payloads) / static_cast<double>(state.iterations());
}

void BM_tokenizer_quectel(benchmark::State& state) {
    static const std::string stream = quectel_stream();
    at::tokenizer<1536> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    run_tokenizer(state, tok, stream);
}
void BM_tokenizer_onemo(benchmark::State& state) {
    static const std::string stream = onemo_stream();
    at::tokenizer<1536> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
    run_tokenizer(state, tok, stream);
}
void BM_tokenizer_risinghf(benchmark::State& state) {
    static const std::string stream = risinghf_stream();
    at::tokenizer<1536> tok(at::payload_rules_of<risinghf::grammar>, risinghf::lexical);
    run_tokenizer(state, tok, stream);
}
void BM_tokenizer_usr(benchmark::State& state) {
    static const std::string stream = usr_stream();
    at::tokenizer<256> tok({}, usr::lexical);
    run_tokenizer(state, tok, stream);
}
// Argument: chunk size in bytes; 0 = the whole stream in one feed().
BENCHMARK(BM_tokenizer_quectel)->Arg(1)->Arg(64)->Arg(0);
BENCHMARK(BM_tokenizer_onemo)->Arg(1)->Arg(64)->Arg(0);
BENCHMARK(BM_tokenizer_risinghf)->Arg(1)->Arg(64)->Arg(0);
BENCHMARK(BM_tokenizer_usr)->Arg(1)->Arg(64)->Arg(0);

// The line-heavy Quectel stream (issue 18: ~52-byte lines, 64-byte +QMTRECV payloads): the tokenizer
// alone, and the full path (bench_fixtures::line_sink: final results recognised, every other line
// classified and read into its typed struct), each fed whole (0), in 64-byte chunks and one byte at a
// time through feed() and next().
void BM_tokenizer_quectel_lines(benchmark::State& state) {
    static const std::string stream = bench_fixtures::quectel_line_stream();
    at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    run_tokenizer(state, tok, stream);
}
void BM_full_path_quectel_lines(benchmark::State& state) {
    static const std::string stream = bench_fixtures::quectel_line_stream();
    at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    bench_fixtures::line_sink sink;
    auto keep = [](const auto& v) { benchmark::DoNotOptimize(v); };
    run_tokenizer(state, tok, stream, [&](const at::event& ev) { return sink.take(ev, keep); });
    state.counters["decoded/iter"] = static_cast<double>(sink.decoded) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_tokenizer_quectel_lines)->Arg(1)->Arg(64)->Arg(0);
BENCHMARK(BM_full_path_quectel_lines)->Arg(1)->Arg(64)->Arg(0);

// The same one byte at a time through push() (a UART interrupt's way): no chunk, and no event is built
// for a byte that only joins a line.
template <class OnEvent = no_more_work>
void run_pushed(benchmark::State& state, const std::string& stream, OnEvent on_event = {}) {
    at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    std::size_t lines = 0;
    at::event ev{};
    for (auto _ : state) {
        tok.reset();
        for (char c : stream) {
            if (!tok.push(c, ev)) continue;
            do {
                benchmark::DoNotOptimize(ev);
                if (ev.is_error() || !on_event(ev)) {
                    state.SkipWithError("an error event, or a line the work after the tokenizer refused");
                    return;
                }
                ++lines;
            } while ((ev = tok.next()));
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(stream.size()));
    state.counters["events/iter"] = static_cast<double>(lines) / static_cast<double>(state.iterations());
}
void BM_tokenizer_quectel_lines_push(benchmark::State& state) {
    static const std::string stream = bench_fixtures::quectel_line_stream();
    run_pushed(state, stream);
}
void BM_full_path_quectel_lines_push(benchmark::State& state) {
    static const std::string stream = bench_fixtures::quectel_line_stream();
    bench_fixtures::line_sink sink;
    auto keep = [](const auto& v) { benchmark::DoNotOptimize(v); };
    run_pushed(state, stream, [&](const at::event& e) { return sink.take(e, keep); });
}
BENCHMARK(BM_tokenizer_quectel_lines_push);
BENCHMARK(BM_full_path_quectel_lines_push);

// Line length scaling: one +QMTRECV with an N-byte payload, tokenized whole (must be linear in N).
void BM_tokenizer_quectel_line_length(benchmark::State& state) {
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    const std::string stream =
        "+QMTRECV: 0,1,\"sensors/building-7/floor3/temp01\"," + std::to_string(n) + ",\"" + payload_of(n) + "\"\r\n";
    at::tokenizer<8192> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    run_tokenizer(state, tok, stream);
}
BENCHMARK(BM_tokenizer_quectel_line_length)->Arg(0)->Arg(64)->Arg(256)->Arg(1024)->Arg(4096)->Arg(8000);

// Typed +QMTRECV decode of a tokenizer event with a 64-byte payload.
void BM_quectel_decode_recv_message(benchmark::State& state) {
    static const std::string line =
        "+QMTRECV: 0,1,\"sensors/building-7/floor3/temp01\",64,\"" + payload_of(64) + "\"\r\n";
    at::tokenizer<256> tok(at::payload_rules_of<quectel::grammar>, quectel::lexical);
    if (!tok.feed(line)) {
        state.SkipWithError("feed refused");
        return;
    }
    const at::event ev = tok.next();
    if (!ev.is_line() || !ev.has_payload) {
        state.SkipWithError("the tokenizer did not cut the +QMTRECV payload");
        return;
    }
    for (auto _ : state) {
        at::event e = ev;
        benchmark::DoNotOptimize(e);
        auto m = at::decode_as<quectel::received_message>(e);
        benchmark::DoNotOptimize(m);
        if (!m) state.SkipWithError("decode failed");
    }
}
BENCHMARK(BM_quectel_decode_recv_message);

// Typed decode of the other dialects' receive URCs, each with a 64-byte payload (one line, no CR LF).
void BM_onemo_decode_publish_urc(benchmark::State& state) {
    static const std::string line =
        "+MQTTURC: \"publish\",0,1,\"sensors/building-7/floor3/temp01\",64,64," + payload_of(64);
    for (auto _ : state) {
        atmqtt::bytes in(line.data(), line.size());
        benchmark::DoNotOptimize(in);
        auto m = atmqtt::at::decode_as<onemo::received_message>(at::line_event(in));
        benchmark::DoNotOptimize(m);
        if (!m) state.SkipWithError("decode failed");
    }
}
BENCHMARK(BM_onemo_decode_publish_urc);
void BM_risinghf_decode_rcvpub(benchmark::State& state) {
    static const std::string line =
        "+IMQTTRCVPUB:7,\"sensors/building-7/floor3/temp01\",64,\"" + payload_of(64) + "\"";
    for (auto _ : state) {
        atmqtt::bytes in(line.data(), line.size());
        benchmark::DoNotOptimize(in);
        auto m = atmqtt::at::decode_as<risinghf::received_message>(atmqtt::at::line_event(in));
        benchmark::DoNotOptimize(m);
        if (!m) state.SkipWithError("decode failed");
    }
}
BENCHMARK(BM_risinghf_decode_rcvpub);

// Quectel command encode: AT+QMTOPEN, AT+QMTPUBEX header and AT+QMTSUB.
void BM_quectel_encode_qmtopen(benchmark::State& state) {
    char buf[128];
    for (auto _ : state) {
        quectel::open c{0, "broker.example.com", 1883};
        benchmark::DoNotOptimize(c);
        auto n = quectel::encode(c, buf);
        benchmark::DoNotOptimize(n);
        benchmark::ClobberMemory();
        if (!n) state.SkipWithError("encode failed");
    }
}
void BM_quectel_encode_qmtsub(benchmark::State& state) {
    char buf[128];
    const quectel::topic_qos topics[] = {{"sensors/#", 1}};
    for (auto _ : state) {
        quectel::subscribe c{0, 1, topics};
        benchmark::DoNotOptimize(c);
        auto n = quectel::encode(c, buf);
        benchmark::DoNotOptimize(n);
        benchmark::ClobberMemory();
        if (!n) state.SkipWithError("encode failed");
    }
}
BENCHMARK(BM_quectel_encode_qmtopen);
BENCHMARK(BM_quectel_encode_qmtsub);

}  // namespace

BENCHMARK_MAIN();
