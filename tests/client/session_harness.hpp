// A scripted broker for the session tests: packets built with the codec, the session's events written as
// one line each, so a test states the exact bytes written and the exact events in order.
#pragma once

#include <atmqtt/client/session.hpp>
#include <atmqtt/mqtt.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "../catch.hpp"

namespace session_test {

namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;
using atmqtt::errc;

template <class Packet>
std::string wire(const Packet& p, mqtt::protocol_level level = mqtt::protocol_level::v3_1_1) {
    std::string out(300000, '\0');
    const auto n = mqtt::encode(p, atmqtt::mutable_bytes(&out[0], out.size()), level);
    REQUIRE(n.ok());
    out.resize(*n);
    return out;
}

inline std::string publish(bytes topic, bytes payload, int qos = 0, std::uint16_t id = 0, bool retain = false,
                           bool dup = false) {
    mqtt::publish p;
    p.topic = topic;
    p.payload = payload;
    p.qos = static_cast<mqtt::qos>(qos);
    p.packet_id = id;
    p.retain = retain;
    p.dup = dup;
    return wire(p);
}
inline std::string connack(bool present = false, int rc = 0) {
    return wire(mqtt::connack{present, static_cast<mqtt::connect_return_code>(rc)});
}

inline std::string describe(const client::event& e) {
    std::string s(client::to_string(e.type));
    const auto id = " " + std::to_string(e.packet_id);
    switch (e.type) {
        case client::event_type::connected: s += e.session_present ? " present" : " new"; break;
        case client::event_type::subscribed:
            s += id;
            for (const auto code : e.granted) s += " " + std::to_string(static_cast<int>(code));
            break;
        case client::event_type::unsubscribed:
        case client::event_type::publish_received:
        case client::event_type::published: s += id; break;
        case client::event_type::message:
        case client::event_type::message_skipped: {
            const auto& m = e.message;
            s += " " + std::string(m.topic) + " '" + std::string(m.payload) + "' " + std::to_string(m.offset) + "/" +
                 std::to_string(m.total) + " q" + std::to_string(static_cast<int>(m.qos)) + (m.retain ? " retain" : "") +
                 (m.dup ? " dup" : "") + (m.packet_id != 0 ? " id " + std::to_string(m.packet_id) : "");
            break;
        }
        case client::event_type::lost:
            s += id + (e.kind == client::request_kind::publish     ? " publish"
                       : e.kind == client::request_kind::subscribe ? " subscribe"
                                                                   : " unsubscribe");
            break;
        case client::event_type::disconnected:
            s += " " + std::string(client::to_string(e.reason));
            if (e.reason == client::disconnect_reason::refused) s += " " + std::to_string(static_cast<int>(e.return_code));
            break;
        case client::event_type::error: s += id; break;
        case client::event_type::none: break;
    }
    if (e.error != errc::ok) s += " (" + std::string(atmqtt::to_string(e.error)) + ")";
    return s;
}

// The resend store of the tests: topic and payload by packet id, as a firmware would keep them.
struct payload_store {
    std::map<std::uint16_t, std::pair<std::string, std::string>> kept;
    static client::stored_publish load(void* self, std::uint16_t id) {
        auto& m = static_cast<payload_store*>(self)->kept;
        const auto it = m.find(id);
        if (it == m.end()) return {};
        return {it->second.first, it->second.second};
    }
    client::resend_store hook() { return {&payload_store::load, this}; }
};

struct without_resend_store {};

// A session with its buffers, fed by the scripted broker.
template <std::size_t Window = 4, std::size_t Rx = 256, std::size_t Tx = 512>
struct harness {
    char rx[Rx]{};
    char tx[Tx]{};
    payload_store store;
    client::session<Window> s{rx, tx, store.hook()};
    client::time_ms now = 1000;

    harness() = default;
    explicit harness(without_resend_store) : s{rx, tx} {}  // the session is not copyable: built once
    explicit harness(client::resend_store other) : s{rx, tx, other} {}  // e.g. a resend_arena's

    // Output written so far (and taken from the session).
    std::string take() {
        std::string out(s.output());
        s.output_written(out.size());
        return out;
    }
    // Feeds `in` in chunks of `chunk` bytes (0: all at once), pulling events after every feed.
    std::vector<std::string> feed(bytes in, std::size_t chunk = 0) {
        std::vector<std::string> events;
        while (!in.empty()) {
            const std::size_t n = s.feed(in.substr(0, chunk == 0 ? in.size() : chunk));
            in = in.substr(n);
            pull(events);
            if (n == 0 && !in.empty() && s.output().empty()) {
                FAIL("the session takes no input and writes nothing");
            }
            take_into_sent();
        }
        pull(events);
        return events;
    }
    std::vector<std::string> events() {
        std::vector<std::string> out;
        pull(out);
        return out;
    }
    std::vector<std::string> at(client::time_ms t) {
        now = t;
        s.poll(t);
        return events();
    }
    void pull(std::vector<std::string>& out) {
        for (int guard = 0; guard < 10000; ++guard) {
            const client::event e = s.next_event();
            if (!e) return;
            out.push_back(describe(e));
        }
        FAIL("next_event() does not stop");
    }
    // When the output fills up during a feed, it is collected here (as a link would write it).
    std::string sent;
    void take_into_sent() { sent += take(); }
    std::string written() {
        std::string out = sent + take();
        sent.clear();
        return out;
    }

    void connect(client::connect_options o = {}, bool present = false) {
        if (o.client_id.empty()) o.client_id = "c";
        s.poll(now);
        REQUIRE(s.connect(o).ok());
        (void)written();
        const auto ev = feed(connack(present));
        REQUIRE(!ev.empty());
        CHECK(ev.front() == std::string("connected ") + (present ? "present" : "new"));
    }
};

using lines = std::vector<std::string>;

// Options of a persistent session (clean session off), as the reconnect tests use them.
inline client::connect_options persistent_options() {
    client::connect_options o;
    o.client_id = "p";
    o.clean_session = false;
    return o;
}

}  // namespace session_test
