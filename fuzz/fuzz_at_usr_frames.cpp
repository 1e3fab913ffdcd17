// USR data-mode frames (transparent and distribution, both directions) against arbitrary bytes.
// Input: byte 0 chooses the target; the rest is the input.
//   byte0 & 4 == 0: decoders. The input is split at '\n' into frames; bit 0 of byte 0 picks the mode
//                   (0 transparent, 1 distribution), bit 1 the direction (0 uplink, 1 downlink).
//                   Properties: a failed decode has its offset inside the frame; topic and payload are
//                   views inside the frame; a decoded frame re-encodes to exactly the same bytes, into a
//                   buffer of exactly that size, and one byte less is buffer_too_small.
//   byte0 & 4 != 0: encoder with structured input: kind, slot, qos, retain, output capacity, topic
//                   length, then topic and payload bytes. Properties: the encoder never writes past the
//                   buffer (a heap buffer of exactly the capacity, so ASan sees it); it succeeds exactly
//                   when encoded_size() does and the result fits, and then returns encoded_size() bytes
//                   that decode to the same frame; otherwise it fails with the same specific errc as
//                   encoded_size(), or buffer_too_small when only the capacity is short.
#include <atmqtt/dialect/usr.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace usr = atmqtt::usr;
using atmqtt::bytes;
using atmqtt::errc;

using fuzz_support::inside;

namespace {

bool same(const usr::frame& a, const usr::frame& b) {
    return a.kind == b.kind && a.slot == b.slot && a.qos == b.qos && a.retain == b.retain && a.topic == b.topic &&
           a.payload == b.payload;
}

bool uplink_kind(usr::frame_kind k) {
    return k != usr::frame_kind::transparent_message && k != usr::frame_kind::preset_message &&
           k != usr::frame_kind::temporary_message;
}

bool transparent_kind(usr::frame_kind k) {
    return k == usr::frame_kind::transparent_publish || k == usr::frame_kind::transparent_message;
}

atmqtt::result<usr::frame> decode(bytes f, bool up, usr::transfer_mode mode) {
    return usr::decode_frame(f, mode, up ? usr::direction::uplink : usr::direction::downlink);
}

bool specific_encode_error(errc e) {
    return e == errc::out_of_range || e == errc::at_invalid_frame || e == errc::at_missing_field ||
           e == errc::too_long || e == errc::at_comma_in_bare_string;
}

// The frame encoded into a heap buffer of exactly `capacity` bytes: ASan catches a write past it.
std::string encode_exact(const usr::frame& fr, std::size_t capacity, atmqtt::result<std::size_t>& r) {
    std::unique_ptr<char[]> buf(new char[capacity == 0 ? 1 : capacity]);
    r = usr::encode(fr, atmqtt::mutable_bytes(buf.get(), capacity));
    if (!r) return {};
    ATMQTT_FUZZ_REQUIRE(*r <= capacity, "the encoder reports more bytes than the buffer holds");
    return std::string(buf.get(), *r);
}

void check_decoded(bytes f, bool up, usr::transfer_mode mode) {
    auto r = decode(f, up, mode);
    if (!r) {
        ATMQTT_FUZZ_REQUIRE(r.error() != errc::ok, "a failed decode without an error code");
        ATMQTT_FUZZ_REQUIRE(r.offset() <= f.size(), "error offset past the frame");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(inside(r->topic, f) && inside(r->payload, f), "view outside the frame");
    ATMQTT_FUZZ_REQUIRE(uplink_kind(r->kind) == up, "a frame of the other direction");
    ATMQTT_FUZZ_REQUIRE(transparent_kind(r->kind) == (mode == usr::transfer_mode::transparent),
                        "a frame of the other mode");
    auto size = usr::encoded_size(*r);
    ATMQTT_FUZZ_REQUIRE(size.ok() && *size == f.size(), "a decoded frame has another encoded size");
    atmqtt::result<std::size_t> n{errc::ok, 0};
    std::string again = encode_exact(*r, f.size(), n);
    ATMQTT_FUZZ_REQUIRE(n.ok(), "a decoded frame does not encode");
    ATMQTT_FUZZ_REQUIRE(again == std::string(f), "a decoded frame re-encodes to other bytes");
    if (!f.empty()) {
        encode_exact(*r, f.size() - 1, n);
        ATMQTT_FUZZ_REQUIRE(!n && n.error() == errc::buffer_too_small, "a short buffer is not buffer_too_small");
        ATMQTT_FUZZ_REQUIRE(n.offset() <= f.size() - 1, "buffer_too_small reports more than the buffer");
    }
}

void check_encoder(bytes in) {
    if (in.size() < 6) return;
    usr::frame fr;
    fr.kind = static_cast<usr::frame_kind>(static_cast<unsigned char>(in[0]) % 8);
    fr.slot = static_cast<std::uint8_t>(static_cast<unsigned char>(in[1]) % 16);
    fr.qos = static_cast<std::uint8_t>(static_cast<unsigned char>(in[2]) % 4);
    fr.retain = static_cast<std::uint8_t>(static_cast<unsigned char>(in[3]) % 3);
    std::size_t capacity = static_cast<unsigned char>(in[4]);
    std::size_t rest = in.size() - 6;
    std::size_t topic_length = static_cast<unsigned char>(in[5]) % 160;
    if (topic_length > rest) topic_length = rest;
    fr.topic = bytes(in.data() + 6, topic_length);
    fr.payload = bytes(in.data() + 6 + topic_length, rest - topic_length);

    auto size = usr::encoded_size(fr);
    atmqtt::result<std::size_t> n{errc::ok, 0};
    std::string out = encode_exact(fr, capacity, n);
    if (!size) {
        ATMQTT_FUZZ_REQUIRE(specific_encode_error(size.error()), "encoded_size failed without a specific errc");
        ATMQTT_FUZZ_REQUIRE(!n && n.error() == size.error(), "encode and encoded_size disagree on an invalid frame");
        return;
    }
    if (*size > capacity) {
        ATMQTT_FUZZ_REQUIRE(!n && n.error() == errc::buffer_too_small, "a frame too big for the buffer encoded");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(n.ok() && *n == *size, "encode and encoded_size disagree on the length");
    bool up = uplink_kind(fr.kind);
    usr::transfer_mode mode = transparent_kind(fr.kind) ? usr::transfer_mode::transparent
                                                        : usr::transfer_mode::distribution;
    auto back = decode(bytes(out.data(), out.size()), up, mode);
    ATMQTT_FUZZ_REQUIRE(back.ok(), "an encoded frame does not decode");
    // Only the fields of the frame's kind travel; compare those.
    usr::frame want = fr;
    switch (fr.kind) {
        case usr::frame_kind::transparent_publish:
        case usr::frame_kind::transparent_message: want.slot = want.qos = want.retain = 0; want.topic = {}; break;
        case usr::frame_kind::preset_publish:
        case usr::frame_kind::preset_message: want.qos = want.retain = 0; want.topic = {}; break;
        case usr::frame_kind::temporary_subscribe:
        case usr::frame_kind::temporary_unsubscribe: want.payload = {}; want.slot = want.retain = 0; break;
        case usr::frame_kind::temporary_message: want.slot = want.qos = want.retain = 0; break;
        case usr::frame_kind::temporary_publish: want.slot = 0; break;
    }
    ATMQTT_FUZZ_REQUIRE(same(*back, want), "an encoded frame decodes differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    bytes in(reinterpret_cast<const char*>(data) + 1, size - 1);
    if ((data[0] & 4) != 0) {
        check_encoder(in);
        return 0;
    }
    usr::transfer_mode mode = (data[0] & 1) != 0 ? usr::transfer_mode::distribution : usr::transfer_mode::transparent;
    bool up = (data[0] & 2) == 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= in.size(); ++i) {
        if (i == in.size() || in[i] == '\n') {
            check_decoded(bytes(in.data() + start, i - start), up, mode);
            start = i + 1;
        }
    }
    return 0;
}
