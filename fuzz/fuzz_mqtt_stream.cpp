// Streaming decode: the input arrives in chunks, is appended to a growing buffer, check_frame runs after
// every chunk and decode runs whenever it says a frame is complete; consumed packets leave the buffer.
// Input: byte 0 = configuration: bit 0 protocol level (0: 3.1.1, 1: 3.1), bits 1-3 the number k (0..7) of
// chunk-plan bytes that follow; then the k plan bytes, used in a cycle: a plan byte b feeds b bytes, and
// b = 0 (or k = 0) feeds exactly as many bytes as check_frame last asked for. The rest is the stream.
// Properties:
//  - the packets and the error the stream produces are exactly those of whole-buffer decode of the stream
//    (same order, equal packets, same sizes, same errc and offset), and leftover bytes at the end are
//    what whole-buffer decode calls incomplete;
//  - need_more asks for at least 1 byte and is never wrong: once the remaining length is known (need_more
//    h > 1 with bytes buffered), adding a < h bytes gives need_more(h - a), adding h bytes completes the
//    frame, and the frame never turns out malformed; with nothing buffered it asks for 2 (the smallest
//    packet), inside the length field for 1;
//  - whenever check_frame says need_more, decode says incomplete at the buffer's size.
#include "detail/mqtt_fuzz.hpp"

#include <vector>

using namespace mqtt_fuzz;
using atmqtt::result;
using mqtt::packet;
using mqtt::protocol_level;

namespace {

// What whole-buffer decode says, packet by packet; the last entry is the error or incomplete, if any.
std::vector<result<packet>> whole_buffer(bytes stream, protocol_level level) {
    std::vector<result<packet>> out;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        out.push_back(mqtt::decode(stream.substr(pos), level));
        if (!out.back().ok()) break;
        pos += out.back().offset();
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const protocol_level level = (data[0] & 1) != 0 ? protocol_level::v3_1 : protocol_level::v3_1_1;
    std::size_t plan_size = (data[0] >> 1) & 7u;
    if (plan_size > size - 1) plan_size = size - 1;
    const std::uint8_t* plan = data + 1;
    const bytes stream = atmqtt::as_bytes(data + 1 + plan_size, size - 1 - plan_size);
    const std::vector<result<packet>> expected = whole_buffer(stream, level);

    std::vector<char> buffer;    // received, not yet consumed
    std::size_t fed = 0;         // stream bytes appended so far
    std::size_t events = 0;      // entries of `expected` reproduced so far
    std::size_t hint = 0;        // the last need_more size for the current frame (0: none yet)
    bool exact = false;          // the hint came from a known remaining length: it is exact
    std::size_t added = 0;       // bytes appended since that hint
    std::size_t chunk_index = 0;
    const auto where = [&] {
        return "after " + std::to_string(fed) + " of " + std::to_string(stream.size()) + " stream bytes, " +
               std::to_string(buffer.size()) + " buffered, event " + std::to_string(events + 1) + " of " +
               std::to_string(expected.size()) + ": ";
    };

    while (fed < stream.size()) {
        const std::uint8_t b = plan_size > 0 ? plan[chunk_index++ % plan_size] : 0;
        std::size_t n = b != 0 ? b : (hint != 0 ? hint : 1);
        if (n > stream.size() - fed) n = stream.size() - fed;
        buffer.insert(buffer.end(), stream.data() + fed, stream.data() + fed + n);
        fed += n;
        added += n;

        for (;;) {  // frames complete in the buffer
            const bytes received(buffer.data(), buffer.size());
            const mqtt::frame_status f = mqtt::check_frame(received, level);
            if (f.state == mqtt::frame_state::need_more) {
                MQTT_FUZZ_REQUIRE(f.size >= 1 && f.error == errc::incomplete && f.offset == received.size(),
                                  where() + "need_more " + std::to_string(f.size) + " with " + name(f.error) +
                                      " at " + std::to_string(f.offset));
                if (exact) {
                    MQTT_FUZZ_REQUIRE(added < hint && f.size == hint - added,
                                      where() + "need_more " + std::to_string(hint) + ", then " +
                                          std::to_string(added) + " bytes, then need_more " + std::to_string(f.size));
                }
                const result<packet> r = mqtt::decode(received, level);
                MQTT_FUZZ_REQUIRE(r.error() == errc::incomplete && r.offset() == received.size(),
                                  where() + "check_frame says need_more, decode gives " + describe(r));
                hint = f.size;
                exact = !received.empty() && f.size > 1;
                added = 0;
                break;
            }
            MQTT_FUZZ_REQUIRE(!exact || added >= hint,
                              where() + "complete before the " + std::to_string(hint) + " bytes asked for arrived");
            MQTT_FUZZ_REQUIRE(!exact || f.state != mqtt::frame_state::malformed,
                              where() + "malformed (" + name(f.error) + ") after need_more " + std::to_string(hint));
            MQTT_FUZZ_REQUIRE(events < expected.size(), where() + "the stream gives more events than whole-buffer decode");
            const result<packet>& want = expected[events];
            if (f.state == mqtt::frame_state::malformed) {
                MQTT_FUZZ_REQUIRE(want.error() == f.error && want.offset() == f.offset,
                                  where() + "check_frame says " + name(f.error) + " at " + std::to_string(f.offset) +
                                      ", whole-buffer decode " + describe(want));
                MQTT_FUZZ_REQUIRE(events + 1 == expected.size(), where() + "whole-buffer decode went on");
                return 0;
            }
            const result<packet> r = mqtt::decode(received, level);
            const result<packet> alone = mqtt::decode(received.substr(0, f.size), level);
            MQTT_FUZZ_REQUIRE(r.error() == want.error() && r.offset() == want.offset() && (!r.ok() || *r == *want),
                              where() + "stream decode gives " + describe(r) + ", whole-buffer decode " +
                                  describe(want) + (r.ok() && want.ok() ? " (packets differ)" : ""));
            MQTT_FUZZ_REQUIRE(alone.error() == r.error() && alone.offset() == r.offset() && (!r.ok() || *alone == *r),
                              where() + "the frame alone decodes to " + describe(alone));
            ++events;
            if (!r.ok()) {
                MQTT_FUZZ_REQUIRE(events == expected.size(), where() + "whole-buffer decode went on");
                return 0;
            }
            MQTT_FUZZ_REQUIRE(r.offset() == f.size, where() + "decode consumed " + std::to_string(r.offset()) +
                                                        ", check_frame said " + std::to_string(f.size));
            buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(f.size));
            hint = 0;
            exact = false;
            added = 0;
        }
    }

    // The stream ended: leftover bytes are an incomplete packet, exactly as whole-buffer decode says.
    if (buffer.empty()) {
        MQTT_FUZZ_REQUIRE(events == expected.size(), where() + "whole-buffer decode has more events");
    } else {
        MQTT_FUZZ_REQUIRE(events + 1 == expected.size() && expected.back().error() == errc::incomplete &&
                              expected.back().offset() == buffer.size(),
                          where() + "leftover bytes, whole-buffer decode ends with " + describe(expected.back()));
    }
    return 0;
}
