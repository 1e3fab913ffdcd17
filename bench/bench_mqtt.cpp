// MQTT codec benchmarks: encode and decode per packet type, framing of a mixed stream in chunks, topic
// matching, and a memcpy baseline. Run: bench_mqtt --benchmark_repetitions=5 (see docs/performance.md).
#include <atmqtt/mqtt.hpp>

#include "fixtures.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace mqtt = atmqtt::mqtt;

namespace {

const std::string topic32 = bench_fixtures::topic32;

std::string payload_of(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    return s;
}

using bench_fixtures::full_connect;

mqtt::publish publish_of(const std::string& payload, mqtt::qos q) {
    mqtt::publish p;
    p.qos = q;
    p.topic = topic32;
    p.packet_id = q == mqtt::qos::at_most_once ? 0 : 4321;
    p.payload = payload;
    return p;
}

const char* const filters[16] = {
    "sensors/+/floor3/#", "cmd/device-0001/+", "ota/device-0001/firmware", "cfg/#",
    "a/b/c/d",            "x/+/y/+/z",          "alerts/critical",          "alerts/+",
    "time/sync",          "sensors/#",          "device/0001/led",          "device/0001/relay/+",
    "$SYS/broker/uptime", "group/7/#",          "reply/atmqtt-bench",       "+/+/+",
};

std::vector<mqtt::subscription> subscriptions_of(std::size_t n) {
    std::vector<mqtt::subscription> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back({filters[i], static_cast<mqtt::qos>(i % 3)});
    return v;
}

std::string encoded(const mqtt::packet& p) {
    auto size = mqtt::encoded_size(p);
    std::string out(size ? *size : 0, '\0');
    auto n = mqtt::encode(p, atmqtt::mutable_bytes(out.data(), out.size()));
    if (!n) std::abort();
    return out;
}

// Encodes `p` into a buffer that fits it, once per iteration.
void run_encode(benchmark::State& state, const mqtt::packet& p) {
    std::vector<char> buf(encoded(p).size());
    std::size_t total = 0;
    for (auto _ : state) {
        auto n = mqtt::encode(p, atmqtt::mutable_bytes(buf.data(), buf.size()));
        benchmark::DoNotOptimize(n);
        benchmark::ClobberMemory();
        total = buf.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(total));
}

// Decodes the wire form of `p`, once per iteration.
void run_decode(benchmark::State& state, const mqtt::packet& p) {
    const std::string wire = encoded(p);
    for (auto _ : state) {
        atmqtt::bytes in(wire.data(), wire.size());
        benchmark::DoNotOptimize(in);
        auto r = mqtt::decode(in);
        benchmark::DoNotOptimize(r);
        if (!r) state.SkipWithError("decode failed");
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(wire.size()));
}

// --- CONNECT ----------------------------------------------------------------------------------------
void BM_encode_connect(benchmark::State& state) { run_encode(state, full_connect()); }
void BM_decode_connect(benchmark::State& state) { run_decode(state, full_connect()); }
BENCHMARK(BM_encode_connect);
BENCHMARK(BM_decode_connect);

// --- PUBLISH: QoS 0 / 1, 32-byte topic; range over payload sizes (16 B .. 64 KiB) ----------------------
void BM_encode_publish_qos0(benchmark::State& state) {
    const std::string payload = payload_of(static_cast<std::size_t>(state.range(0)));
    run_encode(state, publish_of(payload, mqtt::qos::at_most_once));
}
void BM_encode_publish_qos1(benchmark::State& state) {
    const std::string payload = payload_of(static_cast<std::size_t>(state.range(0)));
    run_encode(state, publish_of(payload, mqtt::qos::at_least_once));
}
void BM_decode_publish_qos0(benchmark::State& state) {
    const std::string payload = payload_of(static_cast<std::size_t>(state.range(0)));
    run_decode(state, publish_of(payload, mqtt::qos::at_most_once));
}
void BM_decode_publish_qos1(benchmark::State& state) {
    const std::string payload = payload_of(static_cast<std::size_t>(state.range(0)));
    run_decode(state, publish_of(payload, mqtt::qos::at_least_once));
}
// 16 B, 256 B and 64 KiB are the issue's sizes; the others show the scaling (decode must be flat).
#define ATMQTT_PAYLOAD_SIZES ->Arg(16)->Arg(256)->Arg(1024)->Arg(4096)->Arg(16384)->Arg(65536)
BENCHMARK(BM_encode_publish_qos0) ATMQTT_PAYLOAD_SIZES;
BENCHMARK(BM_encode_publish_qos1) ATMQTT_PAYLOAD_SIZES;
BENCHMARK(BM_decode_publish_qos0) ATMQTT_PAYLOAD_SIZES;
BENCHMARK(BM_decode_publish_qos1) ATMQTT_PAYLOAD_SIZES;
#undef ATMQTT_PAYLOAD_SIZES

// --- SUBSCRIBE with N filters, and the matching SUBACK ------------------------------------------------
void BM_encode_subscribe(benchmark::State& state) {
    const auto subs = subscriptions_of(static_cast<std::size_t>(state.range(0)));
    run_encode(state, mqtt::subscribe{7, mqtt::list_view<mqtt::subscription>(atmqtt::span<const mqtt::subscription>(subs.data(), subs.size()))});
    state.counters["filters"] = static_cast<double>(state.range(0));
}
void BM_decode_subscribe(benchmark::State& state) {
    const auto subs = subscriptions_of(static_cast<std::size_t>(state.range(0)));
    run_decode(state, mqtt::subscribe{7, mqtt::list_view<mqtt::subscription>(atmqtt::span<const mqtt::subscription>(subs.data(), subs.size()))});
}
void BM_decode_suback(benchmark::State& state) {
    std::vector<mqtt::suback_return_code> codes;
    for (std::int64_t i = 0; i < state.range(0); ++i) codes.push_back(static_cast<mqtt::suback_return_code>(i % 3));
    run_decode(state, mqtt::suback{7, mqtt::list_view<mqtt::suback_return_code>(
                                          atmqtt::span<const mqtt::suback_return_code>(codes.data(), codes.size()))});
}
BENCHMARK(BM_encode_subscribe)->Arg(1)->Arg(3)->Arg(16);
BENCHMARK(BM_decode_subscribe)->Arg(1)->Arg(3)->Arg(16);
BENCHMARK(BM_decode_suback)->Arg(1)->Arg(3)->Arg(16);

// --- PUBACK, PINGREQ -----------------------------------------------------------------------------------
void BM_encode_puback(benchmark::State& state) { run_encode(state, mqtt::puback{4321}); }
void BM_decode_puback(benchmark::State& state) { run_decode(state, mqtt::puback{4321}); }
void BM_encode_pingreq(benchmark::State& state) { run_encode(state, mqtt::pingreq{}); }
void BM_decode_pingreq(benchmark::State& state) { run_decode(state, mqtt::pingreq{}); }
BENCHMARK(BM_encode_puback);
BENCHMARK(BM_decode_puback);
BENCHMARK(BM_encode_pingreq);
BENCHMARK(BM_decode_pingreq);

// --- Dispatch: decode a PUBLISH QoS 1 (256 B) and match its topic against N subscriptions -----------
// Shows how the receive path scales with the number of subscriptions (decode is flat, matching linear).
void BM_decode_publish_dispatch(benchmark::State& state) {
    const std::string payload = payload_of(256);
    const std::string wire = encoded(publish_of(payload, mqtt::qos::at_least_once));
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    std::vector<atmqtt::bytes> subs;
    for (std::size_t i = 0; i < n; ++i) subs.emplace_back(filters[i % 16]);
    for (auto _ : state) {
        atmqtt::bytes in(wire.data(), wire.size());
        benchmark::DoNotOptimize(in);
        auto r = mqtt::decode(in);
        if (!r) state.SkipWithError("decode failed");
        const atmqtt::bytes topic = r->get_if<mqtt::publish>()->topic;
        std::size_t hits = 0;
        for (const atmqtt::bytes f : subs) hits += mqtt::matches(f, topic) ? 1u : 0u;
        benchmark::DoNotOptimize(hits);
    }
    state.counters["subscriptions"] = static_cast<double>(n);
}
BENCHMARK(BM_decode_publish_dispatch)->Arg(1)->Arg(4)->Arg(16)->Arg(64);

// --- A stream of mixed packets, framed with check_frame and decoded, fed in chunks of N bytes ----------
// (0 = all at once). The receiver appends each chunk to its buffer, and after each chunk frames and
// decodes every whole packet at the front, as a client's receive loop does.
std::string mixed_stream() {
    const std::string p16 = payload_of(16), p256 = payload_of(256), p1k = payload_of(1024);
    const mqtt::subscription subs[] = {{"sensors/+/floor3/#", mqtt::qos::at_least_once}, {"cmd/#", mqtt::qos::at_most_once}};
    const mqtt::suback_return_code codes[] = {mqtt::suback_return_code::granted_qos1, mqtt::suback_return_code::granted_qos0};
    std::string s;
    for (int round = 0; round < 8; ++round) {
        s += encoded(mqtt::connack{false, mqtt::connect_return_code::accepted});
        s += encoded(publish_of(p16, mqtt::qos::at_most_once));
        s += encoded(publish_of(p256, mqtt::qos::at_least_once));
        s += encoded(mqtt::puback{static_cast<std::uint16_t>(round + 1)});
        s += encoded(mqtt::subscribe{9, subs});
        s += encoded(mqtt::suback{9, codes});
        s += encoded(publish_of(p1k, mqtt::qos::at_least_once));
        s += encoded(mqtt::pingresp{});
        s += encoded(full_connect());
    }
    return s;
}

void BM_stream_frame_decode(benchmark::State& state) {
    const std::string stream = mixed_stream();
    const std::size_t chunk = state.range(0) == 0 ? stream.size() : static_cast<std::size_t>(state.range(0));
    std::vector<char> rx(stream.size());
    std::size_t packets = 0;
    for (auto _ : state) {
        std::size_t have = 0, start = 0;
        for (std::size_t fed = 0; fed < stream.size();) {
            const std::size_t n = std::min(chunk, stream.size() - fed);
            std::memcpy(rx.data() + have, stream.data() + fed, n);  // the socket read
            have += n;
            fed += n;
            for (;;) {
                const atmqtt::bytes window(rx.data() + start, have - start);
                const mqtt::frame_status f = mqtt::check_frame(window);
                if (f.state != mqtt::frame_state::complete) break;
                auto p = mqtt::decode(window.substr(0, f.size));
                benchmark::DoNotOptimize(p);
                start += f.size;
                ++packets;
            }
        }
        if (start != stream.size()) state.SkipWithError("stream not fully decoded");
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(stream.size()));
    state.counters["packets/s"] =
        benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_stream_frame_decode)->Arg(1)->Arg(64)->Arg(0);

// --- Topic-filter matching ------------------------------------------------------------------------------
void BM_topic_matches(benchmark::State& state) {
    const char* const names[] = {"sensors/building-7/floor3/temp01", "cmd/device-0001/reboot", "alerts/critical",
                                 "a/b/c/d", "x/1/y/2/z", "group/7/a/b/c", "$SYS/broker/uptime", "time/sync"};
    std::int64_t checks = 0;
    for (auto _ : state) {
        int hits = 0;
        for (const char* f : filters) {
            for (const char* n : names) {
                hits += mqtt::matches(atmqtt::bytes(f), atmqtt::bytes(n)) ? 1 : 0;
            }
        }
        benchmark::DoNotOptimize(hits);
        checks += 16 * 8;
    }
    state.counters["matches/s"] = benchmark::Counter(static_cast<double>(checks), benchmark::Counter::kIsRate);
    state.counters["ns/match"] = benchmark::Counter(static_cast<double>(checks),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_topic_matches);

// --- Baseline: copying the bytes of a QoS 1 PUBLISH of the same payload size ----------------------------
void BM_baseline_memcpy(benchmark::State& state) {
    const std::string payload = payload_of(static_cast<std::size_t>(state.range(0)));
    const std::string wire = encoded(publish_of(payload, mqtt::qos::at_least_once));
    std::vector<char> dst(wire.size());
    for (auto _ : state) {
        std::memcpy(dst.data(), wire.data(), wire.size());
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(wire.size()));
}
BENCHMARK(BM_baseline_memcpy)->Arg(16)->Arg(256)->Arg(65536);

}  // namespace

BENCHMARK_MAIN();
