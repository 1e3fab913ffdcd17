// The MQTT session against a scripted broker: exact bytes written, exact events, every flow, split input,
// lost / duplicated / reordered packets, time jumps, window limits, reconnects and broker violations.
#include "session_harness.hpp"

using namespace session_test;
using mqtt::qos;
using Q = mqtt::qos;

namespace {
const std::string hex_bytes(std::initializer_list<int> v) {
    std::string s;
    for (int b : v) s += static_cast<char>(b);
    return s;
}
}  // namespace

TEST_CASE("connect writes CONNECT and CONNACK gives connected") {
    harness<> h;
    client::connect_options o;
    o.client_id = "dev1";
    o.keep_alive_s = 30;
    h.s.poll(h.now);
    REQUIRE(h.s.connect(o).ok());
    CHECK(h.s.state() == client::session_state::connecting);
    CHECK((!h.s.connected() && !h.s.ready()));  // as at_client's: not before CONNACK
    CHECK(h.written() == hex_bytes({0x10, 16, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 30, 0, 4, 'd', 'e', 'v', '1'}));
    CHECK(h.s.connect(o).error() == errc::client_already_connected);
    CHECK(h.s.publish("t", "x").error() == errc::client_not_connected);  // not before CONNACK
    CHECK(h.feed(connack()) == lines{"connected new"});
    CHECK(h.s.state() == client::session_state::connected);
    CHECK((h.s.connected() && h.s.ready()));
}

TEST_CASE("connect at MQTT 3.1 writes MQIsdp and enforces 3.1's client id limit") {
    harness<> h;
    client::connect_options o;
    o.level = mqtt::protocol_level::v3_1;
    o.client_id = "this-client-id-is-longer-than-23";
    CHECK(h.s.connect(o).error() == errc::mqtt_invalid_client_id);
    CHECK(h.written().empty());
    o.client_id = "a";
    o.keep_alive_s = 0;
    REQUIRE(h.s.connect(o).ok());
    CHECK(h.written() == hex_bytes({0x10, 15, 0, 6, 'M', 'Q', 'I', 's', 'd', 'p', 3, 0x02, 0, 0, 0, 1, 'a'}));
    SECTION("a 3.1 CONNACK with session present is a violation") {
        CHECK(h.feed(hex_bytes({0x20, 2, 1, 0})) == lines{"disconnected protocol_violation (mqtt_invalid_connack_flags)"});
    }
    SECTION("a 3.1 SUBACK with 0x80 is a violation") {
        CHECK(h.feed(connack()) == lines{"connected new"});
        const mqtt::subscription sub[] = {{"a/#", Q::at_least_once}};
        REQUIRE(h.s.subscribe(sub).ok());
        CHECK(h.feed(hex_bytes({0x90, 3, 0, 1, 0x80})) ==
              lines{"disconnected protocol_violation (mqtt_invalid_suback_return_code)"});
    }
}

TEST_CASE("a refused CONNACK ends the session with its return code") {
    harness<> h;
    h.s.poll(0);
    REQUIRE(h.s.connect({}).error() == errc::ok);  // empty client id with clean session is fine at 3.1.1
    CHECK(h.feed(connack(false, 5)) == lines{"disconnected refused 5"});
    CHECK(h.s.state() == client::session_state::disconnected);
}

TEST_CASE("QoS 0, 1 and 2 publish flows") {
    harness<> h;
    h.connect();
    SECTION("QoS 0: written, nothing in flight") {
        const auto id = h.s.publish("a/b", "hi");
        REQUIRE(id.ok());
        CHECK(*id == 0);
        CHECK(h.written() == publish("a/b", "hi"));
        CHECK(h.s.in_flight() == 0);
    }
    SECTION("QoS 1: PUBACK completes it") {
        const auto id = h.s.publish("a/b", "hi", Q::at_least_once, true);
        REQUIRE(id.ok());
        CHECK(*id == 1);
        CHECK(h.written() == publish("a/b", "hi", 1, 1, true));
        CHECK(h.s.in_flight() == 1);
        CHECK(h.feed(wire(mqtt::puback{1})) == lines{"published 1"});
        CHECK(h.s.in_flight() == 0);
        CHECK(h.written().empty());
    }
    SECTION("QoS 2: PUBREC, PUBREL, PUBCOMP") {
        REQUIRE(*h.s.publish("a/b", "hi", Q::exactly_once) == 1);
        CHECK(h.written() == publish("a/b", "hi", 2, 1));
        CHECK(h.feed(wire(mqtt::pubrec{1})).empty());
        CHECK(h.written() == wire(mqtt::pubrel{1}));
        SECTION("a repeated PUBREC gets PUBREL again") {
            CHECK(h.feed(wire(mqtt::pubrec{1})).empty());
            CHECK(h.written() == wire(mqtt::pubrel{1}));
        }
        CHECK(h.feed(wire(mqtt::pubcomp{1})) == lines{"published 1"});
        CHECK(h.s.in_flight() == 0);
    }
    SECTION("acknowledgements in another order than the publishes") {
        REQUIRE(*h.s.publish("t", "1", Q::at_least_once) == 1);
        REQUIRE(*h.s.publish("t", "2", Q::exactly_once) == 2);
        REQUIRE(*h.s.publish("t", "3", Q::at_least_once) == 3);
        (void)h.written();
        CHECK(h.feed(wire(mqtt::puback{3}) + wire(mqtt::pubrec{2}) + wire(mqtt::puback{1}) + wire(mqtt::pubcomp{2})) ==
              lines{"published 3", "published 1", "published 2"});
        CHECK(h.written() == wire(mqtt::pubrel{2}));
    }
    SECTION("a duplicated PUBACK is reported, not fatal") {
        REQUIRE(h.s.publish("t", "1", Q::at_least_once).ok());
        CHECK(h.feed(wire(mqtt::puback{1}) + wire(mqtt::puback{1})) ==
              lines{"published 1", "error 1 (client_unknown_packet_id)"});
        CHECK(h.s.state() == client::session_state::connected);
    }
    SECTION("an acknowledgement of the wrong kind is a violation") {
        REQUIRE(h.s.publish("t", "1", Q::exactly_once).ok());
        CHECK(h.feed(wire(mqtt::puback{1})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
        CHECK(h.written().empty());
    }
    SECTION("PUBCOMP before PUBREC is a violation") {
        REQUIRE(h.s.publish("t", "1", Q::exactly_once).ok());
        CHECK(h.feed(wire(mqtt::pubcomp{1})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
    }
    SECTION("invalid requests write nothing") {
        CHECK(h.s.publish("a/+", "x").error() == errc::mqtt_wildcard_in_topic_name);
        CHECK(h.s.publish("", "x", Q::at_least_once).error() == errc::mqtt_empty_topic);
        CHECK(h.s.in_flight() == 0);
        CHECK(h.written().empty());
    }
}

TEST_CASE("incoming QoS 0, 1 and 2 messages") {
    harness<> h;
    h.connect();
    CHECK(h.feed(publish("x/y", "zero", 0, 0, true)) == lines{"message x/y 'zero' 0/4 q0 retain"});
    CHECK(h.written().empty());
    CHECK(h.feed(publish("x/y", "one", 1, 7)) == lines{"message x/y 'one' 0/3 q1 id 7"});
    CHECK(h.written() == wire(mqtt::puback{7}));
    SECTION("QoS 2 is delivered once until PUBREL") {
        CHECK(h.feed(publish("x/y", "two", 2, 9)) == lines{"message x/y 'two' 0/3 q2 id 9"});
        CHECK(h.written() == wire(mqtt::pubrec{9}));
        CHECK(h.feed(publish("x/y", "two", 2, 9, false, true)).empty());  // resent by the broker: not again
        CHECK(h.written() == wire(mqtt::pubrec{9}));
        CHECK(h.feed(wire(mqtt::pubrel{9})).empty());
        CHECK(h.written() == wire(mqtt::pubcomp{9}));
        CHECK(h.feed(wire(mqtt::pubrel{9})).empty());  // PUBREL repeated: PUBCOMP again
        CHECK(h.written() == wire(mqtt::pubcomp{9}));
        CHECK(h.feed(publish("x/y", "new", 2, 9)) == lines{"message x/y 'new' 0/3 q2 id 9"});  // id reused later
    }
    SECTION("the inbound QoS 2 window full: delivered, and reported") {
        harness<1> small;
        small.connect();
        CHECK(small.feed(publish("a", "1", 2, 1) + publish("a", "2", 2, 2)) ==
              lines{"message a '1' 0/1 q2 id 1", "message a '2' 0/1 q2 id 2 (client_inbound_window_full)"});
    }
}

TEST_CASE("subscribe and unsubscribe") {
    harness<> h;
    h.connect();
    const mqtt::subscription subs[] = {{"a/#", Q::at_least_once}, {"b/+", Q::exactly_once}};
    REQUIRE(*h.s.subscribe(subs) == 1);
    CHECK(h.written() == wire(mqtt::subscribe{1, subs}));
    const mqtt::suback_return_code codes[] = {mqtt::suback_return_code::granted_qos1, mqtt::suback_return_code::failure};
    CHECK(h.feed(wire(mqtt::suback{1, codes})) == lines{"subscribed 1 1 128"});
    const bytes filters[] = {"a/#"};
    REQUIRE(*h.s.unsubscribe(filters) == 2);
    CHECK(h.written() == wire(mqtt::unsubscribe{2, filters}));
    CHECK(h.feed(wire(mqtt::unsuback{2})) == lines{"unsubscribed 2"});
    SECTION("a SUBACK with another number of codes is a violation") {
        REQUIRE(*h.s.subscribe(subs) == 3);
        const mqtt::suback_return_code one[] = {mqtt::suback_return_code::granted_qos0};
        CHECK(h.feed(wire(mqtt::suback{3, one})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
    }
    SECTION("UNSUBACK for a SUBSCRIBE is a violation") {
        REQUIRE(*h.s.subscribe(subs) == 3);
        CHECK(h.feed(wire(mqtt::unsuback{3})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
    }
}

TEST_CASE("keep-alive counts from the last packet sent, PINGRESP has its own deadline") {
    harness<> h;
    client::connect_options o;
    o.keep_alive_s = 10;
    o.response_timeout_ms = 3000;
    h.now = 1000;
    h.connect(o);  // CONNECT sent at 1000
    CHECK(*h.s.next_deadline() == 11000);
    CHECK(h.at(10999).empty());
    CHECK(h.written().empty());
    SECTION("a publish postpones the ping") {
        h.at(5000);
        REQUIRE(h.s.publish("t", "x").ok());
        (void)h.written();
        CHECK(*h.s.next_deadline() == 15000);
        CHECK(h.at(14999).empty());
        CHECK(h.written().empty());
    }
    SECTION("ping at the deadline, PINGRESP in time") {
        CHECK(h.at(11000).empty());
        CHECK(h.written() == hex_bytes({0xc0, 0}));
        CHECK(*h.s.next_deadline() == 14000);
        CHECK(h.at(12000).empty());
        CHECK(h.written().empty());  // one ping outstanding at a time
        CHECK(h.feed(hex_bytes({0xd0, 0})).empty());
        CHECK(*h.s.next_deadline() == 21000);  // from the PINGREQ
    }
    SECTION("no PINGRESP: ping_timeout") {
        h.at(11000);
        CHECK(h.written() == hex_bytes({0xc0, 0}));
        CHECK(h.at(13999).empty());
        CHECK(h.at(14000) == lines{"disconnected ping_timeout"});
        CHECK(!h.s.next_deadline().has_value());
    }
    SECTION("time jumps far ahead: one ping at once, never an interval late") {
        CHECK(h.at(500000).empty());
        CHECK(h.written() == hex_bytes({0xc0, 0}));
        CHECK(*h.s.next_deadline() == 503000);
    }
    SECTION("the clock wraps") {
        harness<> w;
        w.now = 0xfffff000u;
        w.connect(o);
        CHECK(*w.s.next_deadline() == 0xfffff000u + 10000u);
        CHECK(w.at(0xfffffff0u).empty());
        CHECK(w.written().empty());
        CHECK(w.at(0xfffff000u + 10000u).empty());
        CHECK(w.written() == hex_bytes({0xc0, 0}));
    }
    SECTION("PINGRESP without PINGREQ is tolerated") {
        CHECK(h.feed(hex_bytes({0xd0, 0})).empty());
        CHECK(h.s.state() == client::session_state::connected);
    }
}

TEST_CASE("no CONNACK: connect_timeout; keep-alive 0 sends no ping") {
    harness<> h;
    client::connect_options o;
    o.keep_alive_s = 0;
    o.response_timeout_ms = 500;
    h.s.poll(100);
    REQUIRE(h.s.connect(o).ok());
    CHECK(*h.s.next_deadline() == 600);
    CHECK(h.at(599).empty());
    CHECK(h.at(600) == lines{"disconnected connect_timeout"});
    harness<> k;
    k.connect(o);
    CHECK(!k.s.next_deadline().has_value());
    CHECK(k.at(1000000).empty());
    CHECK(k.written().empty());
}

TEST_CASE("disconnect and connection_lost") {
    harness<> h;
    h.connect();
    REQUIRE(h.s.disconnect().ok());
    CHECK(h.written() == hex_bytes({0xe0, 0}));
    CHECK(h.events() == lines{"disconnected requested"});
    CHECK((!h.s.connected() && !h.s.ready()));
    CHECK(h.s.disconnect().error() == errc::client_not_connected);
    h.connect();
    h.s.connection_lost();
    CHECK(h.events() == lines{"disconnected link_lost"});
    h.s.connection_lost();
    CHECK(h.events().empty());
}

TEST_CASE("broker transcript split at every offset and fed byte by byte gives the same events") {
    const std::string script = connack() + publish("a/b", "hello", 1, 5) + wire(mqtt::puback{1}) +
                               publish("q/2", "x", 2, 6) + wire(mqtt::pubrec{2}) + wire(mqtt::pubrel{6}) +
                               wire(mqtt::pubcomp{2}) + hex_bytes({0xd0, 0}) + publish("z", "", 0);
    const lines expected = {"connected new", "message a/b 'hello' 0/5 q1 id 5", "published 1",
                            "message q/2 'x' 0/1 q2 id 6", "published 2", "message z '' 0/0 q0"};
    const std::string out = wire(mqtt::puback{5}) + wire(mqtt::pubrec{6}) + wire(mqtt::pubrel{2}) + wire(mqtt::pubcomp{6});
    const std::size_t connack_size = 4;
    // A connected session with a QoS 1 and a QoS 2 publish in flight.
    const auto ready = [](harness<>& h) {
        h.connect();
        REQUIRE(*h.s.publish("p", "1", Q::at_least_once) == 1);
        REQUIRE(*h.s.publish("p", "2", Q::exactly_once) == 2);
        (void)h.written();
    };
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
        harness<> h;
        ready(h);
        INFO("chunk " << chunk);
        CHECK(h.feed(bytes(script).substr(connack_size), chunk) == lines(expected.begin() + 1, expected.end()));
        CHECK(h.written() == out);
    }
    // Every split of the part after CONNACK (publishes made right after CONNACK).
    for (std::size_t split = connack_size; split <= script.size(); ++split) {
        harness<> h;
        ready(h);
        INFO("split " << split);
        lines ev = h.feed(bytes(script).substr(connack_size, split - connack_size));
        const lines rest = h.feed(bytes(script).substr(split));
        ev.insert(ev.end(), rest.begin(), rest.end());
        CHECK(ev == lines(expected.begin() + 1, expected.end()));
        CHECK(h.written() == out);
    }
}

TEST_CASE("CONNACK and what follows it, fed byte by byte") {
    harness<> h;
    h.s.poll(0);
    REQUIRE(h.s.connect({}).ok());
    (void)h.written();
    CHECK(h.feed(connack() + publish("a", "b", 1, 1), 1) == lines{"connected new", "message a 'b' 0/1 q1 id 1"});
    CHECK(h.written() == wire(mqtt::puback{1}));
}

TEST_CASE("packet ids wrap 65535 -> 1 and skip ids in use") {
    harness<3> h;
    h.connect();
    REQUIRE(*h.s.publish("t", "a", Q::at_least_once) == 1);  // stays in flight
    (void)h.written();
    // 65,534 publish / PUBACK rounds straight on the session (no per-round assertions: valgrind runs this).
    std::uint32_t wrong = 0;
    for (std::uint32_t i = 2; i <= 65535; ++i) {
        const auto id = h.s.publish("t", "b", Q::at_least_once);
        h.s.output_written(h.s.output().size());
        const char puback[] = {0x40, 2, static_cast<char>(i >> 8), static_cast<char>(i & 0xff)};
        const std::size_t fed = h.s.feed(bytes(puback, 4));
        const client::event e = h.s.next_event();
        wrong += !id.ok() || *id != i || fed != 4 || e.type != client::event_type::published || e.packet_id != i ||
                 h.s.next_event();
    }
    CHECK(wrong == 0);
    CHECK(*h.s.publish("t", "c", Q::at_least_once) == 2);  // 65535 -> 1 (in use) -> 2
    CHECK(*h.s.publish("t", "c", Q::at_least_once) == 3);
    SECTION("a full window refuses QoS 1 and 2, not QoS 0") {
        CHECK((h.s.connected() && !h.s.ready()));  // ready(): a slot free
        CHECK(h.s.publish("t", "d", Q::at_least_once).error() == errc::client_window_full);
        const mqtt::subscription sub[] = {{"s", Q::at_most_once}};
        CHECK(h.s.subscribe(sub).error() == errc::client_window_full);
        CHECK(h.s.publish("t", "d").ok());
        (void)h.written();
        CHECK(h.feed(wire(mqtt::puback{2})) == lines{"published 2"});
        CHECK(h.s.ready());
        CHECK(*h.s.publish("t", "d", Q::at_least_once) == 4);
    }
}

TEST_CASE("output full: a request is refused with the size it needs, nothing written") {
    harness<4, 256, 32> h;
    h.connect();
    const std::string big(40, 'x');
    const auto r = h.s.publish("t", big, Q::at_least_once);
    CHECK(r.error() == errc::buffer_too_small);
    CHECK(r.offset() == 2 + 2 + 1 + 2 + 40);
    CHECK(h.s.in_flight() == 0);
    CHECK(h.written().empty());
    REQUIRE(h.s.publish("t", std::string(20, 'y')).ok());  // 25 bytes pending
    CHECK(h.s.publish("t", "12345").error() == errc::buffer_too_small);
    SECTION("incoming packets wait for room for their acknowledgement") {
        REQUIRE(h.s.publish("t", "1").ok());  // 31 of 32 pending
        CHECK(h.s.feed(publish("a", "b", 1, 3)) == 8);
        CHECK(!h.s.next_event());
        h.take();
        CHECK(h.events() == lines{"message a 'b' 0/1 q1 id 3"});
        CHECK(h.written() == wire(mqtt::puback{3}));
    }
}

TEST_CASE("messages larger than the receive buffer come in chunks") {
    harness<4, 32> h;
    h.connect();
    const std::string payload = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!";  // 63 bytes
    const std::string m = publish("t/1", payload, 1, 4);  // header: 2 + 2 + 3 + 2 = 9 bytes
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
        INFO("chunk " << chunk);
        const lines ev = h.feed(m + publish("n", "after"), chunk);
        std::string joined;
        std::size_t expected_offset = 0;
        REQUIRE(ev.size() >= 3);
        // Reassemble from the event lines: "message t/1 '<chunk>' off/63 q1 id 4".
        for (std::size_t i = 0; i + 1 < ev.size(); ++i) {
            const std::string& line = ev[i];
            REQUIRE(line.rfind("message t/1 '", 0) == 0);
            const std::size_t close = line.find("' ", 13);
            joined += line.substr(13, close - 13);
            CHECK(line.substr(close + 2) == std::to_string(expected_offset) + "/63 q1 id 4");
            expected_offset = joined.size();
        }
        CHECK(joined == payload);
        CHECK(ev.back() == "message n 'after' 0/5 q0");
        CHECK(h.written() == wire(mqtt::puback{4}));  // once, after the last chunk
    }
    SECTION("a topic that does not fit: skipped by count, acknowledged") {
        const std::string topic(40, 't');
        CHECK(h.feed(publish(topic, "payload", 2, 300) + publish("n", "next")) ==
              lines{"message_skipped  '' 0/7 q2 id 300", "message n 'next' 0/4 q0"});
        CHECK(h.written() == wire(mqtt::pubrec{300}));
        CHECK(h.feed(publish(topic, "payload", 2, 300, false, true), 1).empty());  // a duplicate: once
        CHECK(h.written() == wire(mqtt::pubrec{300}));
    }
    SECTION("a chunked QoS 2 duplicate is not delivered again") {
        CHECK(h.feed(publish("q", payload, 2, 8)).size() >= 2);
        CHECK(h.written() == wire(mqtt::pubrec{8}));
        CHECK(h.feed(publish("q", payload, 2, 8, false, true)).empty());
        CHECK(h.written() == wire(mqtt::pubrec{8}));
    }
    SECTION("any other packet that large ends the session") {
        std::string suback = hex_bytes({0x90, 40, 0, 1});
        suback += std::string(38, '\0');
        CHECK(h.feed(suback) == lines{"disconnected protocol_violation (buffer_too_small)"});
    }
}

TEST_CASE("reconnect with the session present resends PUBLISH (DUP) and PUBREL in order") {
    harness<4> h;
    client::connect_options o;
    o.client_id = "p";
    o.clean_session = false;
    h.connect(o);
    REQUIRE(*h.s.publish("t", "one", Q::exactly_once) == 1);
    REQUIRE(*h.s.publish("t", "two", Q::at_least_once, true) == 2);
    REQUIRE(*h.s.publish("t", "three", Q::exactly_once) == 3);
    const mqtt::subscription sub[] = {{"s", Q::at_most_once}};
    REQUIRE(*h.s.subscribe(sub) == 4);
    h.store.kept = {{1, {"t", "one"}}, {2, {"t", "two"}}, {3, {"t", "three"}}};
    (void)h.written();
    CHECK(h.feed(wire(mqtt::pubrec{1})).empty());  // 1 now waits for PUBCOMP: its PUBREL is the newest
    CHECK(h.written() == wire(mqtt::pubrel{1}));
    h.s.connection_lost();
    CHECK(h.events() == lines{"disconnected link_lost"});
    CHECK(h.s.publish("t", "x").error() == errc::client_not_connected);
    SECTION("present") {
        REQUIRE(h.s.connect(o).ok());
        (void)h.written();
        CHECK(h.feed(connack(true)) == lines{"connected present", "lost 4 subscribe"});
        CHECK(h.written() == publish("t", "two", 1, 2, true, true) + publish("t", "three", 2, 3, false, true) +
                                 wire(mqtt::pubrel{1}));
        CHECK(h.feed(wire(mqtt::puback{2}) + wire(mqtt::pubcomp{1}) + wire(mqtt::pubrec{3})) ==
              lines{"published 2", "published 1"});
        CHECK(h.written() == wire(mqtt::pubrel{3}));
    }
    SECTION("present, but the store lost one payload") {
        h.store.kept.erase(2);
        REQUIRE(h.s.connect(o).ok());
        (void)h.written();
        CHECK(h.feed(connack(true)) == lines{"connected present", "lost 2 publish (client_no_resend_store)", "lost 4 subscribe"});
        CHECK(h.written() == publish("t", "three", 2, 3, false, true) + wire(mqtt::pubrel{1}));
    }
    SECTION("absent: every request is reported lost, in order") {
        REQUIRE(h.s.connect(o).ok());
        (void)h.written();
        CHECK(h.feed(connack(false)) ==
              lines{"connected new", "lost 2 publish", "lost 3 publish", "lost 4 subscribe", "lost 1 publish"});
        CHECK(h.written().empty());
        CHECK(h.s.in_flight() == 0);
    }
    SECTION("resends wait for output room, and new requests wait for them") {
        harness<4, 256, 16> t;
        t.connect(o);
        REQUIRE(*t.s.publish("t", "one", Q::at_least_once) == 1);
        (void)t.take();
        REQUIRE(*t.s.publish("t", "two", Q::at_least_once) == 2);
        (void)t.take();
        t.store.kept = {{1, {"t", "one"}}, {2, {"t", "two"}}};
        t.s.connection_lost();
        (void)t.events();
        REQUIRE(t.s.connect(o).ok());
        (void)t.take();
        t.s.feed(connack(true));
        CHECK(t.events() == lines{"connected present"});
        CHECK(t.s.publish("t", "x").error() == errc::buffer_too_small);  // resends go first
        CHECK(t.take() == publish("t", "one", 1, 1, false, true));  // 10 bytes: the second did not fit
        t.s.poll(t.now);
        CHECK(t.take() == publish("t", "two", 1, 2, false, true));
    }
}

TEST_CASE("a resend larger than the whole tx buffer is reported lost, not a session stuck on it") {
    harness<4, 256, 16> h;
    const client::connect_options o = persistent_options();
    h.connect(o);
    REQUIRE(*h.s.publish("t", "one", Q::at_least_once) == 1);
    CHECK(h.take() == publish("t", "one", 1, 1));
    REQUIRE(*h.s.publish("t", "two", Q::exactly_once) == 2);
    CHECK(h.take() == publish("t", "two", 2, 2));
    h.store.kept = {{1, {"t", "one, but grown past the buffer"}}, {2, {"t", "two"}}};  // 39 bytes > 16
    h.s.connection_lost();
    (void)h.events();
    REQUIRE(h.s.connect(o).ok());
    (void)h.take();
    h.s.feed(connack(true));
    CHECK(h.events() == lines{"connected present", "lost 1 publish (client_no_resend_store)"});
    CHECK(h.take() == publish("t", "two", 2, 2, false, true));
    REQUIRE(*h.s.publish("t", "new", Q::at_least_once) == 3);  // requests go on
    CHECK(h.take() == publish("t", "new", 1, 3));
}

TEST_CASE("MQTT 3.1: a session without clean start is assumed present") {
    harness<> h;
    client::connect_options o;
    o.level = mqtt::protocol_level::v3_1;
    o.client_id = "a";
    o.clean_session = false;
    h.s.poll(0);
    REQUIRE(h.s.connect(o).ok());
    (void)h.written();
    CHECK(h.feed(connack(false)) == lines{"connected present"});
    REQUIRE(*h.s.publish("t", "1", Q::at_least_once) == 1);
    h.store.kept = {{1, {"t", "1"}}};
    (void)h.written();
    h.s.connection_lost();
    (void)h.events();
    REQUIRE(h.s.connect(o).ok());
    (void)h.written();
    CHECK(h.feed(connack(false)) == lines{"connected present"});
    CHECK(h.written() == publish("t", "1", 1, 1, false, true));
    SECTION("a broker's PUBREL with DUP (no reserved flags at 3.1) gets its PUBCOMP") {
        CHECK(h.feed(hex_bytes({0x6a, 2, 0, 9})).empty());
        CHECK(h.written() == hex_bytes({0x70, 2, 0, 9}));
        CHECK(h.s.state() == client::session_state::connected);
    }
}

TEST_CASE("broker protocol violations end the session with a reason") {
    harness<> h;
    h.s.poll(0);
    REQUIRE(h.s.connect({}).ok());
    (void)h.written();
    SECTION("a PUBLISH before CONNACK") {
        CHECK(h.feed(publish("a", "b")) == lines{"disconnected protocol_violation (client_unexpected_packet)"});
    }
    SECTION("a PUBLISH larger than the receive buffer before CONNACK") {
        CHECK(h.feed(publish("a", std::string(300, 'x'))) ==
              lines{"disconnected protocol_violation (client_unexpected_packet)"});
    }
    SECTION("bytes after the violation are taken and dropped") {
        CHECK(h.feed(publish("a", "b") + std::string(1000, 'x'), 100) ==
              lines{"disconnected protocol_violation (client_unexpected_packet)"});
        CHECK(h.s.feed("more") == 4);
        CHECK(h.events().empty());
    }
    SECTION("malformed bytes") {
        CHECK(h.feed(hex_bytes({0x20, 3, 0, 0, 0})) == lines{"disconnected protocol_violation (mqtt_trailing_bytes)"});
    }
    SECTION("a reserved packet type") {
        CHECK(h.feed(hex_bytes({0xf0, 0})) == lines{"disconnected protocol_violation (mqtt_invalid_packet_type)"});
    }
    SECTION("after CONNACK") {
        CHECK(h.feed(connack()) == lines{"connected new"});
        std::string bad;
        SECTION("a second CONNACK") { bad = connack(); }
        SECTION("SUBSCRIBE") {
            const mqtt::subscription sub[] = {{"s", Q::at_most_once}};
            bad = wire(mqtt::subscribe{1, sub});
        }
        SECTION("PINGREQ") { bad = hex_bytes({0xc0, 0}); }
        SECTION("DISCONNECT") { bad = hex_bytes({0xe0, 0}); }
        SECTION("CONNECT") { bad = wire(mqtt::connect{}); }
        SECTION("a malformed CONNECT: refused by its type, its body not read") { bad = hex_bytes({0x10, 2, 0, 0}); }
        SECTION("the first bytes of a SUBSCRIBE: refused without waiting for the rest") {
            CHECK(h.feed(hex_bytes({0x82, 100, 0})) == lines{"disconnected protocol_violation (client_unexpected_packet)"});
            return;
        }
        CHECK(h.feed(bad + publish("after", "x")) == lines{"disconnected protocol_violation (client_unexpected_packet)"});
        CHECK(h.written().empty());
        CHECK(h.s.state() == client::session_state::disconnected);
    }
    SECTION("a PUBLISH with an invalid topic") {
        CHECK(h.feed(connack() + publish("a", "b").replace(4, 1, "#")) ==
              lines{"connected new", "disconnected protocol_violation (mqtt_wildcard_in_topic_name)"});
    }
}

namespace {
// The whole connect / publish QoS 1 / PUBACK flow in a constant expression.
constexpr bool constexpr_flow() {
    char rx[32]{}, tx[64]{};
    client::session<2> s(rx, tx);
    s.poll(0);
    client::connect_options o;
    o.client_id = "k";
    if (!s.connect(o).ok()) return false;
    s.output_written(s.output().size());
    const char connack_bytes[] = {0x20, 2, 0, 0};
    if (s.feed(bytes(connack_bytes, 4)) != 4) return false;
    if (s.next_event().type != client::event_type::connected) return false;
    const auto id = s.publish("t", "x", mqtt::qos::at_least_once);
    if (!id.ok() || *id != 1 || s.output().size() != 8) return false;
    const char puback_bytes[] = {0x40, 2, 0, 1};
    (void)s.feed(bytes(puback_bytes, 4));
    const client::event e = s.next_event();
    return e.type == client::event_type::published && e.packet_id == 1 && !s.next_event();
}
}  // namespace

TEST_CASE("the session works in constant expressions") {
    STATIC_REQUIRE(constexpr_flow());
    STATIC_REQUIRE(client::reached(5, 5));
    STATIC_REQUIRE(client::reached(2, 0xfffffff0u));
    STATIC_REQUIRE(!client::reached(0xfffffff0u, 2));
}
