// The MQTT session's receive path (client/session.hpp) under arbitrary broker bytes, fed in arbitrary
// chunks while time advances and the application makes requests.
// Input: byte 0 = configuration: bit 0 protocol level (0: 3.1.1, 1: 3.1), bit 1 clean session, bits 2-3 the
// receive buffer (16, 24, 64, 256 bytes), bit 4 a small (24-byte) output buffer. Then steps, each a control
// byte c:
//   c < 0xc0:        feed the next (c & 0x3f) + 1 input bytes (as much as the session takes);
//   0xc0..0xdf:      advance the clock by (c & 0x1f) * 250 ms and poll;
//   0xe0..0xe2:      publish at QoS c - 0xe0;  0xe3: subscribe (2 filters);  0xe4: unsubscribe;
//   0xe5:            disconnect;  0xe6: connection lost, then connect again;  0xe7: connect;
//   0xe8..0xff:      write (drain) the output.
// Events are pulled after every step. Properties:
//  - no crash, no read or write outside the buffers (ASan), next_event() stops;
//  - every byte the session writes is a whole, valid packet of the protocol level a client may send
//    (CONNECT first, then PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, UNSUBSCRIBE, PINGREQ,
//    DISCONNECT), and decodes at that level;
//  - events are consistent: views lie in the receive buffer; chunk offsets run from 0 without gaps to the
//    total; published / subscribed / unsubscribed / lost name a packet id that was in flight, once; no event
//    but lost and disconnected arrives while disconnected; the window never exceeds its size;
//  - the deadline, when there is one, is not in the past after a poll at a time before it.
#include <atmqtt/client/session.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "detail/mqtt_fuzz.hpp"

using namespace mqtt_fuzz;
namespace client = atmqtt::client;

namespace {

constexpr std::size_t window = 3;

struct checker {
    mqtt::protocol_level level;
    const char* rx;
    std::size_t rx_size;
    std::string out;          // written bytes not yet checked (a packet may be split)
    bool connect_seen = false;
    std::set<std::uint16_t> in_flight;  // ids handed out and not yet completed or lost
    std::uint32_t chunk_next = 0;       // next expected offset of a chunked message (0: none open)
    std::uint32_t chunk_total = 0;

    void written(bytes b) {
        out.append(b.data(), b.size());
        for (;;) {
            const mqtt::frame_status f = mqtt::check_frame(out);
            MQTT_FUZZ_REQUIRE(f.state != mqtt::frame_state::malformed, "the session wrote a malformed frame: " + name(f.error));
            if (f.state != mqtt::frame_state::complete) return;
            const auto p = mqtt::decode(bytes(out).substr(0, f.size), level);
            MQTT_FUZZ_REQUIRE(p.ok(), "the session wrote a packet that does not decode: " + name(p.error()));
            const mqtt::packet_type t = p->type();
            MQTT_FUZZ_REQUIRE(t != mqtt::packet_type::connack && t != mqtt::packet_type::suback &&
                                  t != mqtt::packet_type::unsuback && t != mqtt::packet_type::pingresp,
                              std::string("the session wrote a broker's packet: ") + type_name(t));
            MQTT_FUZZ_REQUIRE(connect_seen || t == mqtt::packet_type::connect, "a packet before CONNECT");
            if (t == mqtt::packet_type::connect) {
                MQTT_FUZZ_REQUIRE(p->get_if<mqtt::connect>()->level == level, "CONNECT at another level");
                connect_seen = true;
            }
            out.erase(0, f.size);
        }
    }

    void inside_rx(bytes v, const char* what) {
        if (v.empty()) return;
        MQTT_FUZZ_REQUIRE(v.data() >= rx && v.data() + v.size() <= rx + rx_size, std::string(what) + " outside rx");
    }

    void event(const client::event& e, client::session_state state) {
        using T = client::event_type;
        if (state == client::session_state::disconnected) {
            MQTT_FUZZ_REQUIRE(e.type == T::lost || e.type == T::disconnected || e.type == T::error,
                              std::string("event while disconnected: ") + std::string(client::to_string(e.type)));
        }
        switch (e.type) {
            case T::published:
            case T::subscribed:
            case T::unsubscribed:
            case T::lost:
                MQTT_FUZZ_REQUIRE(in_flight.erase(e.packet_id) == 1,
                                  std::string(client::to_string(e.type)) + " for an id not in flight: " +
                                      std::to_string(e.packet_id));
                break;
            case T::message: {
                const auto& m = e.message;
                inside_rx(m.topic, "topic");
                inside_rx(m.payload, "payload");
                MQTT_FUZZ_REQUIRE(m.offset == chunk_next && (chunk_next == 0 || m.total == chunk_total),
                                  "chunk at " + std::to_string(m.offset) + ", expected " + std::to_string(chunk_next));
                MQTT_FUZZ_REQUIRE(m.offset + m.payload.size() <= m.total, "chunk past the total");
                MQTT_FUZZ_REQUIRE(!m.payload.empty() || m.total == 0, "an empty chunk");
                MQTT_FUZZ_REQUIRE(mqtt::validate_topic_name(m.topic).ok(), "invalid topic delivered");
                chunk_next = m.last_chunk() ? 0 : static_cast<std::uint32_t>(m.offset + m.payload.size());
                chunk_total = m.total;
                break;
            }
            case T::disconnected: chunk_next = 0; break;
            default: break;
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t config = data[0];
    const mqtt::protocol_level level = (config & 1) != 0 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
    static const std::size_t rx_sizes[] = {16, 24, 64, 256};
    const std::size_t rx_size = rx_sizes[(config >> 2) & 3];
    const std::size_t tx_size = (config & 0x10) != 0 ? 24 : 1024;
    std::vector<char> rx(rx_size), tx(tx_size);  // exactly sized: ASan sees any overrun
    std::string kept_topic = "t/x", kept_payload = "payload";
    struct store_state {
        std::string* topic;
        std::string* payload;
    } store{&kept_topic, &kept_payload};
    const client::resend_store hook{[](void* self, std::uint16_t) {
                                        auto* s = static_cast<store_state*>(self);
                                        return client::stored_publish{*s->topic, *s->payload};
                                    },
                                    &store};
    client::session<window> s(atmqtt::mutable_bytes(rx.data(), rx.size()), atmqtt::mutable_bytes(tx.data(), tx.size()), hook);
    checker c{level, rx.data(), rx.size(), {}, false, {}, 0, 0};
    client::connect_options options;
    options.level = level;
    options.client_id = "fuzz";
    options.clean_session = (config & 2) != 0;
    options.keep_alive_s = 2;
    options.response_timeout_ms = 1000;

    client::time_ms now = 0xfffff000u;  // the clock wraps during long inputs
    s.poll(now);
    const auto connect = [&] {
        if (!s.connect(options).ok()) return;
        c.chunk_next = 0;
        c.out.clear();  // a new connection: earlier unwritten output is dropped
        c.connect_seen = false;
    };
    connect();
    const auto pull = [&] {
        for (int guard = 0;; ++guard) {
            MQTT_FUZZ_REQUIRE(guard < 100000, "next_event() does not stop");
            const client::event e = s.next_event();
            if (!e) break;
            c.event(e, s.state());
        }
        MQTT_FUZZ_REQUIRE(s.in_flight() <= window, "window overflow");
    };
    const auto drain = [&] {
        c.written(s.output());
        s.output_written(s.output().size());
    };
    const auto track = [&](const atmqtt::result<std::uint16_t>& r) {
        if (r.ok() && *r != 0) {
            MQTT_FUZZ_REQUIRE(c.in_flight.insert(*r).second, "packet id " + std::to_string(*r) + " handed out twice");
        }
    };

    std::size_t pos = 1;
    while (pos < size) {
        const std::uint8_t op = data[pos++];
        if (op < 0xc0) {
            std::size_t n = (op & 0x3fu) + 1;
            if (n > size - pos) n = size - pos;
            const std::size_t taken = s.feed(atmqtt::as_bytes(data + pos, n));
            MQTT_FUZZ_REQUIRE(taken <= n, "feed took more than it was given");
            pos += taken;
        } else if (op < 0xe0) {
            now += (op & 0x1fu) * 250u;
            s.poll(now);
            pull();
            if (const auto d = s.next_deadline()) {
                MQTT_FUZZ_REQUIRE(!client::reached(now, *d + 1) || s.output().size() + 2 > tx_size,
                                  "a deadline in the past after poll");
            }
        } else if (op <= 0xe2) {
            track(s.publish(kept_topic, kept_payload, static_cast<mqtt::qos>(op - 0xe0)));
        } else if (op == 0xe3) {
            const mqtt::subscription subs[] = {{"a/#", mqtt::qos::exactly_once}, {"b", mqtt::qos::at_most_once}};
            track(s.subscribe(subs));
        } else if (op == 0xe4) {
            const bytes filters[] = {"a/#"};
            track(s.unsubscribe(filters));
        } else if (op == 0xe5) {
            (void)s.disconnect();
            drain();
        } else if (op == 0xe6 || op == 0xe7) {
            if (op == 0xe6) s.connection_lost();
            pull();
            connect();
        } else {
            drain();
        }
        pull();
        if (s.state() == client::session_state::disconnected && s.output().empty()) {
            c.out.clear();
            c.connect_seen = false;
        }
    }
    drain();
    return 0;
}
