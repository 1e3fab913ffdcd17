// The session's less travelled paths (issue 23): refused requests, acknowledgements that do not match,
// partial writes, a ping that waits for output room, resends without a store, and messages larger than
// the receive buffer with 1- to 4-byte remaining lengths, broken headers and a full output at the end.
#include "session_harness.hpp"

#include "../run_time.hpp"

using namespace session_test;
using Q = mqtt::qos;

namespace {
std::string octets(std::initializer_list<int> v) {
    std::string s;
    for (int b : v) s += static_cast<char>(b);
    return s;
}
// A PUBLISH built by hand, for sizes beyond wire()'s buffer: header byte, remaining length, topic, id.
std::string publish_header(int first, std::size_t body, const std::string& topic) {
    std::string s(1, static_cast<char>(first));
    do {
        int digit = static_cast<int>(body % 128);
        body /= 128;
        s += static_cast<char>(body > 0 ? digit | 0x80 : digit);
    } while (body > 0);
    s += static_cast<char>(topic.size() >> 8);
    s += static_cast<char>(topic.size() & 0xff);
    return s + topic;
}
}  // namespace

TEST_CASE("requests refused before anything is written") {
    SECTION("a receive buffer below min_rx_size") {
        harness<4, 8> h;
        h.s.poll(0);
        CHECK(h.s.connect(client::connect_options{}).error() == errc::buffer_too_small);
        CHECK(h.s.state() == client::session_state::disconnected);
        CHECK(h.written().empty());
    }
    SECTION("more than 255 filters, and requests without a connection") {
        harness<> h;
        const std::vector<mqtt::subscription> many(at_run_time<std::size_t>(256), {"s", Q::at_most_once});
        const bytes filter[] = {"u"};
        CHECK(h.s.unsubscribe(filter).error() == errc::client_not_connected);
        h.connect();
        CHECK(h.s.subscribe(atmqtt::span<const mqtt::subscription>(many.data(), many.size())).error() == errc::too_long);
        CHECK(h.s.in_flight() == 0);
        CHECK(h.written().empty());
    }
    SECTION("DISCONNECT without output room keeps the session") {
        harness<4, 256, 32> h;
        h.connect();
        REQUIRE(h.s.publish("t", std::string(26, 'p')).ok());  // 31 of 32 bytes pending
        CHECK(h.s.disconnect().error() == errc::buffer_too_small);
        CHECK(h.s.state() == client::session_state::connected);
        CHECK(h.written() == publish("t", std::string(26, 'p')));
        CHECK(h.s.disconnect().ok());
        CHECK(h.written() == octets({0xe0, 0}));
        CHECK(h.events() == lines{"disconnected requested"});
    }
}

// PUBLISH, SUBSCRIBE and UNSUBSCRIBE are written by the session's one writer: bytes and refusals as the codec's.
TEST_CASE("PUBLISH refused as the codec refuses it, nothing written") {
    harness<4, 256, 32> h;
    h.connect();
    static const std::string payload(40, 'p');  // static: the generated values outlive a run of the test
    struct refused {
        bytes topic, payload;
        int qos;
    };
    const auto c = GENERATE_COPY(values<refused>({
        {"t", "x", 3},                             // QoS 3
        {"a/+", "x", 1},                           // a wildcard in the name
        {"", "x", 0},                              // no topic
        {"t", bytes("", 268435453), 0},            // beyond the largest remaining length (never read)
        {"t", payload, 2},                         // larger than the output
    }));
    const auto r = h.s.publish(c.topic, c.payload, static_cast<Q>(at_run_time(c.qos)));
    mqtt::publish p{false, static_cast<Q>(c.qos), false, c.topic, 1, c.payload};
    const auto codec = mqtt::encoded_size(p);
    CHECK(r.error() == (codec.ok() ? errc::buffer_too_small : codec.error()));
    if (codec.ok()) CHECK(r.offset() == *codec);
    CHECK(h.written().empty());
    CHECK(h.s.in_flight() == 0);
}

TEST_CASE("SUBSCRIBE and UNSUBSCRIBE: the codec's bytes and errors, nothing written on an error") {
    harness<4, 256, 32> h;
    h.connect();
    // The codec's error, or buffer_too_small with the size the codec would write (the output is 32 bytes).
    const auto same = [&h](atmqtt::span<const mqtt::subscription> subs, atmqtt::span<const bytes> filters) {
        const auto check = [](auto request, auto codec) {
            CHECK(request.error() == (codec.ok() ? errc::buffer_too_small : codec.error()));
            if (codec.ok()) CHECK(request.offset() == *codec);
        };
        check(h.s.subscribe(subs), mqtt::encoded_size(mqtt::subscribe{1, subs}));
        check(h.s.unsubscribe(filters), mqtt::encoded_size(mqtt::unsubscribe{1, filters}));
        CHECK(h.written().empty());
        CHECK(h.s.in_flight() == 0);
    };
    SECTION("no filters") { same({}, {}); }
    SECTION("an invalid filter") {
        const mqtt::subscription subs[] = {{"a", Q::at_most_once}, {"b#", Q::at_most_once}};
        const bytes filters[] = {"a", "b#"};
        same(subs, filters);
    }
    SECTION("an empty filter") {
        const mqtt::subscription subs[] = {{"", Q::at_most_once}};
        const bytes filters[] = {""};
        same(subs, filters);
    }
    SECTION("requested QoS 3") {
        const mqtt::subscription subs[] = {{"a", static_cast<Q>(at_run_time(3))}};
        CHECK(h.s.subscribe(subs).error() == errc::mqtt_invalid_requested_qos);
    }
    SECTION("larger than the output") {
        const std::string big(40, 'f');
        const mqtt::subscription subs[] = {{big, Q::at_least_once}};
        const bytes filters[] = {big};
        same(subs, filters);
    }
    SECTION("more filters than the receive buffer holds SUBACK codes for") {
        harness<4, 32> r;
        r.connect();
        const std::vector<mqtt::subscription> subs(at_run_time<std::size_t>(28), {"s", Q::at_most_once});
        CHECK(r.s.subscribe(atmqtt::span<const mqtt::subscription>(subs.data(), 28)).error() == errc::too_long);
        CHECK(r.written().empty());
        REQUIRE(*r.s.subscribe(atmqtt::span<const mqtt::subscription>(subs.data(), 27)) == 1);
        (void)r.written();
        const std::vector<mqtt::suback_return_code> codes(27, mqtt::suback_return_code::granted_qos0);
        CHECK(r.feed(wire(mqtt::suback{1, atmqtt::span<const mqtt::suback_return_code>(codes.data(), 27)})) ==
              lines{"subscribed 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"});
    }
    SECTION("more than 255 filters") {
        const std::vector<bytes> many(at_run_time<std::size_t>(256), "u");
        CHECK(h.s.unsubscribe(atmqtt::span<const bytes>(many.data(), many.size())).error() == errc::too_long);
    }
    SECTION("written as the codec writes them, several filters") {
        harness<> w;
        w.connect();
        const mqtt::subscription subs[] = {{"a/+", Q::at_most_once}, {"b/#", Q::exactly_once}, {"c", Q::at_least_once}};
        const bytes filters[] = {"a/+", "b/#", "c"};
        REQUIRE(*w.s.subscribe(subs) == 1);
        REQUIRE(*w.s.unsubscribe(filters) == 2);
        CHECK(w.written() == wire(mqtt::subscribe{1, subs}) + wire(mqtt::unsubscribe{2, filters}));
    }
}

TEST_CASE("output_written: partial writes keep the rest in order, too large a count takes all") {
    harness<> h;
    h.connect();
    REQUIRE(h.s.publish("a", "1").ok());
    REQUIRE(h.s.publish("b", "2").ok());
    const std::string both = publish("a", "1") + publish("b", "2");
    h.s.output_written(at_run_time<std::size_t>(2));
    CHECK(std::string(h.s.output()) == both.substr(2));
    h.s.output_written(at_run_time<std::size_t>(1000));
    CHECK(h.s.output().empty());
}

TEST_CASE("a PINGREQ that is due waits for output room") {
    harness<4, 256, 32> h;
    client::connect_options o;
    o.keep_alive_s = 10;
    o.response_timeout_ms = 500;
    h.connect(o);  // CONNECT sent at 1000
    REQUIRE(h.s.publish("t", std::string(26, 'p')).ok());
    h.s.poll(at_run_time<client::time_ms>(11000));
    CHECK(std::string(h.s.output()) == publish("t", std::string(26, 'p')));
    CHECK(h.s.next_deadline() == std::optional<client::time_ms>(11000));  // still due
    (void)h.take();
    h.s.poll(at_run_time<client::time_ms>(11001));
    CHECK(h.written() == octets({0xc0, 0}));
    CHECK(h.s.next_deadline() == std::optional<client::time_ms>(11501));
}

TEST_CASE("acknowledgements that match nothing, or the wrong request") {
    harness<> h;
    h.connect();
    SECTION("PUBREC for an unknown id is reported and tolerated") {
        CHECK(h.feed(wire(mqtt::pubrec{7})) == lines{"error 7 (client_unknown_packet_id)"});
        CHECK(h.written().empty());
        CHECK(h.s.state() == client::session_state::connected);
    }
    SECTION("SUBACK for an unknown id is reported and tolerated") {
        CHECK(h.feed(octets({0x90, 3, 0, 9, 0})) == lines{"error 9 (client_unknown_packet_id)"});
        CHECK(h.s.state() == client::session_state::connected);
    }
    SECTION("PUBREC for a QoS 1 publish") {
        REQUIRE(*h.s.publish("t", "x", Q::at_least_once) == 1);
        (void)h.written();
        CHECK(h.feed(wire(mqtt::pubrec{1})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
        CHECK(h.written().empty());
    }
    SECTION("SUBACK with fewer codes than filters") {
        const mqtt::subscription two[] = {{"a", Q::at_most_once}, {"b", Q::at_least_once}};
        REQUIRE(*h.s.subscribe(two) == 1);
        (void)h.written();
        CHECK(h.feed(octets({0x90, 3, 0, 1, 0})) == lines{"disconnected protocol_violation (client_ack_mismatch)"});
    }
}

TEST_CASE("incoming flags and QoS 2 ids released out of order") {
    harness<> h;
    h.connect();
    CHECK(h.feed(publish("r", "m", 1, 5, true, true)) == lines{"message r 'm' 0/1 q1 retain dup id 5"});
    CHECK(h.written() == wire(mqtt::puback{5}));
    CHECK(h.feed(publish("a", "1", 2, 5) + publish("a", "2", 2, 6)) ==
          lines{"message a '1' 0/1 q2 id 5", "message a '2' 0/1 q2 id 6"});
    CHECK(h.written() == wire(mqtt::pubrec{5}) + wire(mqtt::pubrec{6}));
    CHECK(h.feed(wire(mqtt::pubrel{6}) + wire(mqtt::pubrel{9})).empty());  // 9: never seen, completed anyway
    CHECK(h.written() == wire(mqtt::pubcomp{6}) + wire(mqtt::pubcomp{9}));
    // 5 is still held: its resend is not delivered again; 6 was released: a new message with that id is.
    CHECK(h.feed(publish("a", "1", 2, 5, false, true) + publish("a", "3", 2, 6)) == lines{"message a '3' 0/1 q2 id 6"});
    CHECK(h.written() == wire(mqtt::pubrec{5}) + wire(mqtt::pubrec{6}));
}

TEST_CASE("a reconnect reports what cannot be resent") {
    harness<> h{without_resend_store{}};
    client::connect_options o;
    o.clean_session = false;
    h.connect(o);
    REQUIRE(*h.s.publish("t", "x", Q::at_least_once) == 1);
    const bytes filter[] = {"u"};
    REQUIRE(*h.s.unsubscribe(filter) == 2);
    h.s.connection_lost();
    CHECK(h.events() == lines{"disconnected link_lost"});
    o.client_id = "c";
    REQUIRE(h.s.connect(o).ok());
    (void)h.written();
    SECTION("session present: the publish has no payload to resend, the UNSUBSCRIBE is not resent") {
        CHECK(h.feed(connack(true)) ==
              lines{"connected present", "lost 1 publish (client_no_resend_store)", "lost 2 unsubscribe"});
    }
    SECTION("session not present: both lost") {
        CHECK(h.feed(connack(false)) == lines{"connected new", "lost 1 publish", "lost 2 unsubscribe"});
    }
    CHECK(h.written().empty());
    CHECK(h.s.in_flight() == 0);
}

TEST_CASE("messages larger than the receive buffer: remaining lengths, broken headers, full output") {
    harness<4, 32, 32> h;
    h.connect();
    SECTION("a 2-byte remaining length fed byte by byte: one chunk per byte") {
        const std::string payload(200, 'a');
        const lines ev = h.feed(publish("t", payload), 1);
        REQUIRE(ev.size() == 200);
        for (std::size_t i = 0; i < ev.size(); ++i) CHECK(ev[i] == "message t 'a' " + std::to_string(i) + "/200 q0");
        CHECK(h.written().empty());
    }
    SECTION("a topic length beyond the packet") {
        const std::string m = octets({0x30, 40, 0, 80}) + std::string(38, 'x');
        CHECK(h.feed(m) == lines{"disconnected protocol_violation (mqtt_packet_too_short)"});
    }
    SECTION("a wildcard in the topic") {
        const std::string m = publish("a/b", std::string(40, 'x')).replace(6, 1, "#");
        CHECK(h.feed(m) == lines{"disconnected protocol_violation (mqtt_wildcard_in_topic_name)"});
    }
    SECTION("packet id 0, in chunk mode") {
        const std::string m = publish("t", std::string(40, 'x'), 1, 7).replace(5, 2, std::string(2, '\0'));
        CHECK(h.feed(m) == lines{"disconnected protocol_violation (mqtt_zero_packet_id)"});
    }
    SECTION("packet id 0, in skip mode") {
        const std::string m = publish(std::string(40, 't'), "payload", 1, 7).replace(44, 2, std::string(2, '\0'));
        CHECK(h.feed(m) == lines{"disconnected protocol_violation (mqtt_zero_packet_id)"});
        CHECK(h.written().empty());
    }
    SECTION("skipped at QoS 0: no id, no acknowledgement") {
        CHECK(h.feed(publish(std::string(40, 't'), "payload") + publish("n", "x")) ==
              lines{"message_skipped  '' 0/7 q0", "message n 'x' 0/1 q0"});
        CHECK(h.written().empty());
    }
    SECTION("skipped with the longest topic: the packet id after 65,535 topic bytes") {
        const std::string topic(65535, 't');
        CHECK(h.feed(publish(topic, "payload", 1, 0x4321), 1000) == lines{"message_skipped  '' 0/7 q1 id 17185"});
        CHECK(h.written() == wire(mqtt::puback{0x4321}));
    }
    SECTION("skipped with a 3-byte remaining length") {
        const std::string topic(40, 't');
        const std::size_t size = 20000;
        const std::string m = publish_header(0x32, 2 + topic.size() + 2 + size, topic) + octets({0x12, 0x34}) +
                              std::string(size, 'z');
        CHECK(h.feed(m, 7) == lines{"message_skipped  '' 0/20000 q1 id 4660"});
        CHECK(h.written() == wire(mqtt::puback{0x1234}));
    }
    SECTION("skipped with a 4-byte remaining length") {
        const std::string topic(40, 't');
        const std::size_t size = 2100000;
        const std::string m = publish_header(0x34, 2 + topic.size() + 2 + size, topic) + octets({0, 3}) +
                              std::string(size, 'z');
        REQUIRE(static_cast<unsigned char>(m[4]) < 0x80);  // four length bytes
        CHECK(h.feed(m) == lines{"message_skipped  '' 0/2100000 q2 id 3"});
        CHECK(h.written() == wire(mqtt::pubrec{3}));
    }
    SECTION("the last chunk waits for room for its PUBACK") {
        REQUIRE(h.s.publish("t", std::string(24, 'p')).ok());  // 29 of 32 bytes pending: PUBACK does not fit
        const std::string payload(40, 'q');
        const std::string m = publish("t/1", payload, 1, 4);  // 9 header bytes + 40
        REQUIRE(h.s.feed(m) == 32);
        CHECK(h.events() == lines{"message t/1 '" + payload.substr(0, 23) + "' 0/40 q1 id 4"});
        REQUIRE(h.s.feed(bytes(m).substr(32)) == 17);
        CHECK(h.events().empty());
        CHECK(h.take() == publish("t", std::string(24, 'p')));
        CHECK(h.events() == lines{"message t/1 '" + payload.substr(23) + "' 23/40 q1 id 4"});
        CHECK(h.written() == wire(mqtt::puback{4}));
    }
}

// The session reads CONNACK and the acknowledgements from its receive buffer itself (no decoder linked):
// every rule of their bodies gives the error the codec's decoder gives for the same bytes, whole or fed
// one byte at a time.
TEST_CASE("the broker's packets other than PUBLISH: the codec decoder's errors") {
    struct refused {
        bool connected;  // false: the packet comes while CONNACK is awaited
        std::string in;
        errc error;
    };
    const auto c = GENERATE(values<refused>({
        {false, octets({0x20, 2, 0x02, 0}), errc::mqtt_invalid_connack_flags},
        {false, octets({0x20, 2, 0, 6}), errc::mqtt_invalid_connack_return_code},
        {false, octets({0x20, 2, 1, 1}), errc::mqtt_session_present_on_error},
        {true, octets({0x40, 2, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0x50, 2, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0x62, 2, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0x70, 2, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0xb0, 2, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0x90, 0}), errc::mqtt_packet_too_short},
        {true, octets({0x90, 1, 0}), errc::mqtt_packet_too_short},
        {true, octets({0x90, 3, 0, 0, 0}), errc::mqtt_zero_packet_id},
        {true, octets({0x90, 2, 0, 1}), errc::mqtt_no_topic_filters},
        {true, octets({0x90, 4, 0, 1, 0, 3}), errc::mqtt_invalid_suback_return_code},
        {true, octets({0x90, 3, 0, 1, 0x81}), errc::mqtt_invalid_suback_return_code},
    }));
    const std::size_t chunk = GENERATE(0u, 1u);
    INFO("packet type " << (static_cast<unsigned char>(c.in[0]) >> 4) << ", chunk " << chunk);
    const auto decoded = mqtt::decode<mqtt::connack, mqtt::puback, mqtt::pubrec, mqtt::pubrel, mqtt::pubcomp,
                                      mqtt::suback, mqtt::unsuback, mqtt::pingresp>(c.in);
    CHECK(decoded.error() == c.error);
    harness<> h;
    if (c.connected) {
        h.connect();
    } else {
        h.s.poll(h.now);
        client::connect_options o;
        o.client_id = "c";
        REQUIRE(h.s.connect(o).ok());
        (void)h.written();
    }
    CHECK(h.feed(c.in, chunk) ==
          lines{"disconnected protocol_violation (" + std::string(atmqtt::to_string(c.error)) + ")"});
    CHECK(h.written().empty());
}

TEST_CASE("packets only clients send are refused by their first byte") {
    const std::string in = GENERATE(octets({0x10}), octets({0x82, 5, 0, 1, 0, 1, 'a'}), octets({0xa2}),
                                    octets({0xc0, 0}), octets({0xe0, 0}));
    harness<> h;
    h.connect();
    CHECK(h.feed(in) == lines{"disconnected protocol_violation (client_unexpected_packet)"});
}

TEST_CASE("an acknowledgement waits while the output has no room for an answer") {
    harness<4, 256, 32> h;
    h.connect();
    REQUIRE(*h.s.publish("t", std::string(24, 'p'), Q::at_least_once) == 1);  // 31 of 32 bytes pending
    const std::string ack = wire(mqtt::puback{1});
    CHECK(h.s.feed(ack) == ack.size());
    CHECK(!h.s.next_event());  // taken into rx, not read: 1 byte of output room
    CHECK(h.s.in_flight() == 1);
    CHECK(h.written() == publish("t", std::string(24, 'p'), 1, 1));
    CHECK(h.events() == lines{"published 1"});
    CHECK(h.s.in_flight() == 0);
}

TEST_CASE("a PUBREL to resend after a reconnect waits for output room") {
    harness<4, 256, 16> h;
    client::connect_options o;
    o.client_id = "p";
    o.clean_session = false;
    h.connect(o);
    REQUIRE(*h.s.publish("t", "x", Q::exactly_once) == 1);
    (void)h.take();
    REQUIRE(*h.s.publish("t", "pppppp", Q::at_least_once) == 2);
    (void)h.take();
    CHECK(h.feed(wire(mqtt::pubrec{1})).empty());  // slot 1 now after slot 2: PUBLISH 2, then PUBREL 1
    CHECK(h.written() == wire(mqtt::pubrel{1}));
    h.s.connection_lost();
    CHECK(h.events() == lines{"disconnected link_lost"});
    h.store.kept = {{2, {"t", "pppppp"}}};
    REQUIRE(h.s.connect(o).ok());
    (void)h.take();
    // The resent PUBLISH (13 bytes) leaves 3 of 16: the PUBREL waits until the output is taken.
    CHECK(h.feed(connack(true)) == lines{"connected present"});
    CHECK(h.written() == publish("t", "pppppp", 1, 2, false, true) + wire(mqtt::pubrel{1}));
    CHECK(h.feed(wire(mqtt::puback{2}) + wire(mqtt::pubcomp{1})) == lines{"published 2", "published 1"});
}
