// Whole-buffer decode of every packet in the input, at protocol level 4 and at level 3.
// Input: raw MQTT bytes, no configuration prefix (both levels are always tried).
// Properties, for every packet:
//  - check_frame and decode agree: complete frame <=> decode consumes exactly that size or fails inside
//    it; need_more <=> incomplete at input.size(); malformed <=> decode's error and offset;
//  - decode reads only the frame: decoding exactly the frame's bytes gives the same result;
//  - an accepted packet's views lie inside the frame, its lists iterate to exactly size() elements, and
//    every field obeys the rules the decoder enforces (walk());
//  - an accepted packet is canonical: it re-encodes to byte-identical output (roundtrip()), also with its
//    lists copied into arrays (the encoder copies decoded lists as they are, but loops over arrays); a
//    3.1 resend's DUP on PUBREL, SUBSCRIBE or UNSUBSCRIBE is the one bit not kept;
//  - encoding it at the other protocol level succeeds exactly when its bytes decode at that level, and
//    then gives the same bytes;
//  - the level only matters for CONNACK and SUBACK, where level 3 is the stricter one, and for DUP on
//    PUBREL, SUBSCRIBE and UNSUBSCRIBE, which level 3 accepts.
#include "detail/mqtt_fuzz.hpp"

#include <string>
#include <vector>

using namespace mqtt_fuzz;
using atmqtt::result;
using mqtt::packet;
using mqtt::protocol_level;

namespace {

// PUBREL, SUBSCRIBE or UNSUBSCRIBE with DUP: valid at level 3 only.
bool dup_at_3_1(std::uint8_t header) { return header == 0x6a || header == 0x8a || header == 0xaa; }

// Decodes packet after packet at `level`; returns the results in order (the last one is an error unless the
// input ends exactly after a packet).
std::vector<result<packet>> decode_all(bytes input, protocol_level level) {
    std::vector<result<packet>> results;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const bytes rest = input.substr(pos);
        const mqtt::frame_status f = mqtt::check_frame(rest, level);
        const result<packet> r = mqtt::decode(rest, level);
        results.push_back(r);
        const auto where = [&] {
            return "packet " + std::to_string(results.size()) + " at input offset " + std::to_string(pos) +
                   ": decode gives " + describe(r);
        };
        switch (f.state) {
            case mqtt::frame_state::need_more:
                MQTT_FUZZ_REQUIRE(f.size >= 1 && f.error == errc::incomplete && f.offset == rest.size(),
                                  where() + ", check_frame need_more is inconsistent");
                MQTT_FUZZ_REQUIRE(r.error() == errc::incomplete && r.offset() == rest.size(),
                                  where() + " but check_frame says need_more " + std::to_string(f.size));
                return results;
            case mqtt::frame_state::malformed:
                MQTT_FUZZ_REQUIRE(f.size == 0 && f.error != errc::ok && f.error != errc::incomplete,
                                  where() + ", check_frame malformed is inconsistent");
                MQTT_FUZZ_REQUIRE(r.error() == f.error && r.offset() == f.offset,
                                  where() + " but check_frame says " + name(f.error) + " at " + std::to_string(f.offset));
                return results;
            case mqtt::frame_state::complete: break;
        }
        MQTT_FUZZ_REQUIRE(f.error == errc::ok && f.size >= 2 && f.size <= rest.size(),
                          where() + ", check_frame complete is inconsistent");
        const bytes frame = rest.substr(0, f.size);
        const result<packet> alone = mqtt::decode(frame, level);
        MQTT_FUZZ_REQUIRE(alone.error() == r.error() && alone.offset() == r.offset() &&
                              (!r.ok() || *alone == *r),
                          where() + ", but the frame alone decodes to " + describe(alone));
        if (!r.ok()) {
            MQTT_FUZZ_REQUIRE(r.error() != errc::incomplete && r.offset() <= f.size,
                              where() + " for a complete frame of " + std::to_string(f.size));
            return results;
        }
        MQTT_FUZZ_REQUIRE(r.offset() == f.size, where() + " but check_frame says " + std::to_string(f.size));
        walk(*r, frame, level);
        // A 3.1 DUP on PUBREL, SUBSCRIBE or UNSUBSCRIBE is accepted and not kept: the packet re-encodes to
        // its first sending, the same bytes without DUP.
        std::string first_sending(frame.data(), frame.size());
        if (dup_at_3_1(atmqtt::octet(frame, 0))) first_sending[0] = static_cast<char>(first_sending[0] & ~0x08);
        const bytes canonical(first_sending);
        roundtrip(*r, canonical, level);
        array_lists_roundtrip(*r, canonical, level);
        other_level(*r, canonical, level == protocol_level::v3_1 ? protocol_level::v3_1_1 : protocol_level::v3_1);
        pos += f.size;
    }
    return results;
}

// CONNACK and SUBACK rules depend on the connection's level (by the packet's type nibble).
bool level_sensitive(std::uint8_t header) { return header >> 4 == 2 || header >> 4 == 9; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bytes input = atmqtt::as_bytes(data, size);
    const std::vector<result<packet>> v4 = decode_all(input, protocol_level::v3_1_1);
    const std::vector<result<packet>> v3 = decode_all(input, protocol_level::v3_1);

    // Both levels walk the same packets until a CONNACK or SUBACK whose rules differ: there level 3 may
    // fail where level 4 succeeds, or both fail for different reasons; or until a PUBREL, SUBSCRIBE or
    // UNSUBSCRIBE with DUP, which only level 3 accepts.
    const std::size_t n = v3.size() < v4.size() ? v3.size() : v4.size();
    std::size_t pos = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const result<packet>&a = v3[i], &b = v4[i];
        const auto where = [&] {
            return "packet " + std::to_string(i + 1) + ": level 3 gives " + describe(a) + ", level 4 gives " + describe(b);
        };
        if (dup_at_3_1(atmqtt::octet(input, pos))) {
            // Level 4 refuses the header; level 3 reads on (and may find another error in the body).
            MQTT_FUZZ_REQUIRE(b.error() == errc::mqtt_invalid_flags && b.offset() == 0 && i + 1 == v4.size(),
                              where());
            return 0;
        }
        if (a.ok() && b.ok()) {
            MQTT_FUZZ_REQUIRE(*a == *b && a.offset() == b.offset(), where() + " (not equal)");
            pos += a.offset();
            continue;
        }
        if (level_sensitive(atmqtt::octet(input, pos)) && !a.ok()) {
            MQTT_FUZZ_REQUIRE(i + 1 == v3.size(), where());  // level 3 stopped here
            return 0;
        }

        MQTT_FUZZ_REQUIRE(a.error() == b.error() && a.offset() == b.offset(), where());
    }
    MQTT_FUZZ_REQUIRE(v3.size() == v4.size(), "level 3 decoded " + std::to_string(v3.size()) +
                                                  " results, level 4 " + std::to_string(v4.size()));
    return 0;
}
