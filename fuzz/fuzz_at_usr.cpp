// The USR dialect's decoders against arbitrary bytes.
// Input: byte 0 chooses the target and a chunk size; the rest is the input.
//   byte0 & 3 == 0: usr::session_decoder (a configuration session). Properties: the events of the
//                   whole input equal the events of the same input fed in chunks of (byte0 >> 2) + 1
//                   bytes; every response has a table entry and no more fields than it describes.
//   byte0 & 3 != 0: data-mode frames, split at '\n' (1: uplink transparent, 2: uplink distribution,
//                   3: downlink distribution). Properties: topic and payload are views inside the frame;
//                   a decoded frame encodes, and decoding that encoding gives the same frame.
#include <atmqtt/dialect/usr.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace usr = atmqtt::usr;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

// An event as text, copied out of the decoder's buffer.
std::string describe(const usr::session_event& e) {
    std::string s(1, static_cast<char>('0' + static_cast<int>(e.kind)));
    s += std::string(e.text);
    if (e.kind == usr::session_kind::response) {
        ATMQTT_FUZZ_REQUIRE(e.resp.spec != nullptr, "response without a table entry");
        ATMQTT_FUZZ_REQUIRE(e.resp.count <= e.resp.spec->fields.size(), "more fields than the table describes");
        for (std::size_t i = 0; i < e.resp.count; ++i) s += '|' + std::string(e.resp.text[i]);
    }
    if (e.kind == usr::session_kind::error) s += '#' + std::to_string(static_cast<int>(e.error));
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

bool same(const usr::frame& a, const usr::frame& b) {
    return a.kind == b.kind && a.slot == b.slot && a.qos == b.qos && a.retain == b.retain && a.topic == b.topic &&
           a.payload == b.payload;
}

void check_frame(bytes f, int target) {
    bool up = target != 3;
    usr::transfer_mode mode = target == 1 ? usr::transfer_mode::transparent : usr::transfer_mode::distribution;
    auto r = up ? usr::decode_uplink(f, mode) : usr::decode_downlink(f, mode);
    if (!r) {
        ATMQTT_FUZZ_REQUIRE(r.offset() <= f.size(), "error offset past the frame");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(inside(r->topic, f) && inside(r->payload, f), "view outside the frame");
    std::string buf(f.size() + 16, '\0');
    auto n = usr::encode(*r, atmqtt::mutable_bytes(&buf[0], buf.size()));
    ATMQTT_FUZZ_REQUIRE(n.ok(), "a decoded frame does not encode");
    ATMQTT_FUZZ_REQUIRE(*n <= f.size(), "the encoding is longer than the frame");
    auto again = up ? usr::decode_uplink(bytes(buf.data(), *n), mode) : usr::decode_downlink(bytes(buf.data(), *n), mode);
    ATMQTT_FUZZ_REQUIRE(again.ok() && same(*again, *r), "the encoding decodes differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    int target = data[0] & 3;
    std::size_t chunk = static_cast<std::size_t>(data[0] >> 2) + 1;
    bytes in(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (target == 0) {
        ATMQTT_FUZZ_REQUIRE(run_session(in, in.size() + 1) == run_session(in, chunk), "chunking changes the events");
        return 0;
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= in.size(); ++i) {
        if (i == in.size() || in[i] == '\n') {
            check_frame(bytes(in.data() + start, i - start), target);
            start = i + 1;
        }
    }
    return 0;
}
