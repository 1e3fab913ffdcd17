// Interop: atmqtt's MQTT codec against a real broker (Debian's mosquitto). Each test case starts its own
// mosquitto on a free 127.0.0.1 port; the clients encode, frame and decode with atmqtt only, and every
// decoded field the broker sends back is checked exactly.
#include <atmqtt/mqtt.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "../catch.hpp"
#include "broker_client.hpp"
#include "broker_process.hpp"

namespace {

namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;
using interop::client;
using interop::mosquitto_process;
using namespace std::chrono_literals;

// How long a "nothing more arrives" check listens. mosquitto forwards within a millisecond on loopback.
constexpr auto quiet_period = 300ms;

void require_running(const mosquitto_process& broker) {
    if (!broker.ok()) FAIL(broker.error());
}

const char* level_name(mqtt::protocol_level level) {
    return level == mqtt::protocol_level::v3_1 ? "3.1 (MQIsdp/3)" : "3.1.1 (MQTT/4)";
}

mqtt::qos to_qos(int q) {
    return static_cast<mqtt::qos>(q);
}

std::vector<int> codes_of(const mqtt::suback& ack) {
    std::vector<int> codes;
    for (mqtt::suback_return_code code : ack.return_codes) codes.push_back(static_cast<int>(code));
    return codes;
}

// Deterministic pseudo-random octets; long ones hold every value, 0, CR and LF included.
std::string binary_payload(std::size_t size) {
    std::string payload(size, '\0');
    std::uint32_t state = 0x2545F491u;
    for (char& c : payload) {
        state = state * 1664525u + 1013904223u;
        c = static_cast<char>(state >> 24);
    }
    return payload;
}

mqtt::publish make_publish(bytes topic, bytes payload, mqtt::qos q, std::uint16_t packet_id,
                           bool retain = false) {
    mqtt::publish message;
    message.topic = topic;
    message.payload = payload;
    message.qos = q;
    message.packet_id = q == mqtt::qos::at_most_once ? 0 : packet_id;
    message.retain = retain;
    return message;
}

void subscribe_one(client& c, bytes filter, mqtt::qos q, std::uint16_t packet_id) {
    const mqtt::subscription subscriptions[] = {{filter, q}};
    c.send(mqtt::subscribe{packet_id, subscriptions});
    const mqtt::suback ack = c.receive_as<mqtt::suback>();
    REQUIRE(ack.packet_id == packet_id);
    REQUIRE(codes_of(ack) == std::vector<int>{static_cast<int>(q)});
}

// The publisher's half of a flow: PUBLISH, then PUBACK (QoS 1) or PUBREC / PUBREL / PUBCOMP (QoS 2).
void publish_with_flow(client& publisher, const mqtt::publish& message) {
    publisher.send(message);
    if (message.qos == mqtt::qos::at_least_once) {
        CHECK(publisher.receive_as<mqtt::puback>().packet_id == message.packet_id);
    } else if (message.qos == mqtt::qos::exactly_once) {
        CHECK(publisher.receive_as<mqtt::pubrec>().packet_id == message.packet_id);
        publisher.send(mqtt::pubrel{message.packet_id});
        CHECK(publisher.receive_as<mqtt::pubcomp>().packet_id == message.packet_id);
    }
}

// The subscriber's half: receive the PUBLISH the broker forwards and acknowledge it as its QoS demands.
// The returned views stay valid while the client lives.
mqtt::publish receive_with_flow(client& subscriber) {
    const mqtt::publish delivered = subscriber.receive_as<mqtt::publish>();
    if (delivered.qos == mqtt::qos::at_most_once) {
        CHECK(delivered.packet_id == 0);
    } else {
        CHECK(delivered.packet_id != 0);
    }
    if (delivered.qos == mqtt::qos::at_least_once) {
        subscriber.send(mqtt::puback{delivered.packet_id});
    } else if (delivered.qos == mqtt::qos::exactly_once) {
        subscriber.send(mqtt::pubrec{delivered.packet_id});
        CHECK(subscriber.receive_as<mqtt::pubrel>().packet_id == delivered.packet_id);
        subscriber.send(mqtt::pubcomp{delivered.packet_id});
    }
    return delivered;
}

// A PINGREQ answered by PINGRESP and nothing before it: no acknowledgement or delivery is left over.
void require_idle(client& c) {
    c.send(mqtt::pingreq{});
    c.receive_as<mqtt::pingresp>();
}

}  // namespace

// Most cases run once per protocol level, each run against a mosquitto of its own. A macro, because
// GENERATE and INFO must expand in the test case's own scope.
#define AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker)                                                   \
    const mqtt::protocol_level level = GENERATE(mqtt::protocol_level::v3_1, mqtt::protocol_level::v3_1_1); \
    INFO("protocol level " << level_name(level));                                                          \
    mosquitto_process broker;                                                                              \
    require_running(broker)

TEST_CASE("broker: mosquitto accepts CONNECT at MQTT 3.1 and 3.1.1", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client c(broker, level);

    mqtt::connect request;
    request.level = level;
    request.keep_alive = 30;
    request.client_id = level == mqtt::protocol_level::v3_1 ? "atmqtt-v31" : "atmqtt-v311";

    SECTION("anonymous, clean session") {}
    SECTION("with user name and password") {
        request.username_flag = true;
        request.username = "user";
        request.password_flag = true;
        request.password = bytes("p\0w\xff", 4);
    }
    SECTION("with a will") {
        request.will_flag = true;
        request.will = {"atmqtt/will", "bye", mqtt::qos::exactly_once, true};
    }
    c.send(request);
    const mqtt::connack ack = c.receive_as<mqtt::connack>();
    CHECK(ack.return_code == mqtt::connect_return_code::accepted);
    CHECK(!ack.session_present);
    require_idle(c);
}

TEST_CASE("broker: a persistent session is reported present at 3.1.1 only", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);

    mqtt::connect request;
    request.level = level;
    request.clean_session = false;
    request.keep_alive = 60;
    request.client_id = "atmqtt-persistent";
    {
        client first(broker, level);
        first.send(request);
        const mqtt::connack ack = first.receive_as<mqtt::connack>();
        CHECK(ack.return_code == mqtt::connect_return_code::accepted);
        CHECK(!ack.session_present);
        first.send(mqtt::disconnect{});
        CHECK(first.closed_by_broker());
    }
    client second(broker, level);
    second.send(request);
    const mqtt::connack ack = second.receive_as<mqtt::connack>();
    CHECK(ack.return_code == mqtt::connect_return_code::accepted);
    // MQTT 3.1's CONNACK has no flags byte to carry "session present"; 3.1.1 sets it for a resumed session.
    CHECK(ack.session_present == (level == mqtt::protocol_level::v3_1_1));
}

TEST_CASE("broker: mosquitto refuses CONNECTs that break the protocol with the right CONNACK code",
          "[interop][broker]") {
    mosquitto_process broker;
    require_running(broker);
    // The codec encodes only valid CONNECTs, so each invalid one is a valid encoding with bytes patched.
    // Fixed header (2) + protocol name (2 + 4 for "MQTT", 2 + 6 for "MQIsdp") + level + flags.
    SECTION("protocol level 6 -> unacceptable protocol version") {
        client c(broker);
        mqtt::connect request;
        request.client_id = "atmqtt-level";
        std::string wire = interop::encode_packet(request);
        REQUIRE(wire.substr(2, 7) == std::string("\0\4MQTT\4", 7));
        wire[8] = 6;
        c.send_bytes(wire);
        const mqtt::connack ack = c.receive_as<mqtt::connack>();
        CHECK(ack.return_code == mqtt::connect_return_code::unacceptable_protocol_version);
        CHECK(!ack.session_present);
        CHECK(c.closed_by_broker());
    }
    SECTION("3.1.1: empty client id without clean session -> identifier rejected") {
        client c(broker);
        mqtt::connect request;
        request.clean_session = false;
        request.client_id = "";
        // atmqtt enforces the same rule on output...
        CHECK(mqtt::encoded_size(request).error() == atmqtt::errc::mqtt_invalid_client_id);
        // ...so send the clean-session encoding with the flag cleared.
        request.clean_session = true;
        std::string wire = interop::encode_packet(request);
        REQUIRE(static_cast<unsigned char>(wire[9]) == 0x02);
        wire[9] = 0;
        c.send_bytes(wire);
        const mqtt::connack ack = c.receive_as<mqtt::connack>();
        CHECK(ack.return_code == mqtt::connect_return_code::identifier_rejected);
        CHECK(!ack.session_present);
        CHECK(c.closed_by_broker());
    }
    SECTION("3.1.1: empty client id with clean session is accepted") {
        client c(broker);
        mqtt::connect request;
        request.client_id = "";
        c.send(request);
        const mqtt::connack ack = c.receive_as<mqtt::connack>();
        CHECK(ack.return_code == mqtt::connect_return_code::accepted);
        CHECK(!ack.session_present);
        require_idle(c);
    }
    SECTION("3.1: empty client id -> identifier rejected") {
        client c(broker, mqtt::protocol_level::v3_1);
        mqtt::connect request;
        request.level = mqtt::protocol_level::v3_1;
        request.client_id = "x";
        // MQTT 3.1 wants 1 to 23 characters. Shorten the one-character id to none: remaining length,
        // client id length and the id itself change.
        std::string wire = interop::encode_packet(request, mqtt::protocol_level::v3_1);
        REQUIRE(wire.size() == 17);
        REQUIRE(wire.substr(14) == std::string("\0\1x", 3));
        wire[1] = static_cast<char>(wire[1] - 1);
        wire[15] = 0;
        wire.pop_back();
        c.send_bytes(wire);
        const mqtt::connack ack = c.receive_as<mqtt::connack>();
        CHECK(ack.return_code == mqtt::connect_return_code::identifier_rejected);
        CHECK(c.closed_by_broker());
    }
}

TEST_CASE("broker: SUBSCRIBE at QoS 0, 1 and 2 is granted as requested", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client c(broker, level);
    c.open_session("atmqtt-sub");

    const mqtt::subscription three[] = {
        {"atmqtt/+/zero", mqtt::qos::at_most_once},
        {"atmqtt/one/#", mqtt::qos::at_least_once},
        {"atmqtt/two", mqtt::qos::exactly_once},
    };
    c.send(mqtt::subscribe{0x1234, three});
    const mqtt::suback ack = c.receive_as<mqtt::suback>();
    CHECK(ack.packet_id == 0x1234);
    CHECK(ack.return_codes.size() == 3);
    CHECK(codes_of(ack) == std::vector<int>{0, 1, 2});

    // One filter per SUBSCRIBE, the largest packet id, and a re-subscription that lowers the QoS.
    const std::uint16_t id = 0xFFFF;
    const mqtt::subscription again[] = {{"atmqtt/two", mqtt::qos::at_least_once}};
    c.send(mqtt::subscribe{id, again});
    const mqtt::suback second = c.receive_as<mqtt::suback>();
    CHECK(second.packet_id == 0xFFFF);
    CHECK(codes_of(second) == std::vector<int>{1});
    require_idle(c);
}

TEST_CASE("broker: PUBLISH at QoS 0, 1 and 2 with the acknowledgement flows both ways", "[interop][broker]") {
    const mqtt::protocol_level level = GENERATE(mqtt::protocol_level::v3_1, mqtt::protocol_level::v3_1_1);
    const int publish_qos = GENERATE(0, 1, 2);
    const int subscribe_qos = GENERATE(0, 1, 2);
    INFO("protocol level " << level_name(level) << ", publish QoS " << publish_qos << ", subscription QoS "
                           << subscribe_qos);
    mosquitto_process broker;
    require_running(broker);
    client subscriber(broker, level);
    subscriber.open_session("atmqtt-subscriber");
    subscribe_one(subscriber, "atmqtt/flow/+", to_qos(subscribe_qos), 7);
    client publisher(broker, level);
    publisher.open_session("atmqtt-publisher");

    const std::string payload = std::string("\0\r\n,\"", 5) + binary_payload(251);
    publish_with_flow(publisher, make_publish("atmqtt/flow/a", payload, to_qos(publish_qos), 0x4D51));

    const mqtt::publish delivered = receive_with_flow(subscriber);
    CHECK(std::string(delivered.topic) == "atmqtt/flow/a");
    CHECK((delivered.payload == payload));
    CHECK(delivered.payload.size() == payload.size());
    CHECK(static_cast<int>(delivered.qos) == (publish_qos < subscribe_qos ? publish_qos : subscribe_qos));
    CHECK(!delivered.retain);
    CHECK(!delivered.dup);

    // A second message gets a fresh packet id from the broker.
    publish_with_flow(publisher, make_publish("atmqtt/flow/b", "", to_qos(publish_qos), 0x0001));
    const mqtt::publish next = receive_with_flow(subscriber);
    CHECK(std::string(next.topic) == "atmqtt/flow/b");
    CHECK(next.payload.empty());
    if (next.qos != mqtt::qos::at_most_once) CHECK(next.packet_id != delivered.packet_id);

    require_idle(publisher);
    require_idle(subscriber);
}

TEST_CASE("broker: a retained message reaches a later subscriber with the retain flag", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client early(broker, level);
    early.open_session("atmqtt-early");
    subscribe_one(early, "atmqtt/retained", mqtt::qos::at_least_once, 1);

    client publisher(broker, level);
    publisher.open_session("atmqtt-retainer");
    publish_with_flow(publisher, make_publish("atmqtt/retained", "kept", mqtt::qos::at_least_once, 99, true));

    // A subscriber that is already there gets it as a live message: retain clear (3.1.1 section 3.3.1.3).
    const mqtt::publish live = receive_with_flow(early);
    CHECK(std::string(live.payload) == "kept");
    CHECK(!live.retain);

    client late(broker, level);
    late.open_session("atmqtt-late");
    subscribe_one(late, "atmqtt/#", mqtt::qos::exactly_once, 2);
    const mqtt::publish stored = receive_with_flow(late);
    CHECK(std::string(stored.topic) == "atmqtt/retained");
    CHECK(std::string(stored.payload) == "kept");
    CHECK(stored.retain);
    CHECK(stored.qos == mqtt::qos::at_least_once);  // the QoS it was published with
    CHECK(!stored.dup);

    // An empty retained message clears it: the next subscriber gets nothing.
    publish_with_flow(publisher, make_publish("atmqtt/retained", "", mqtt::qos::at_most_once, 0, true));
    CHECK(std::string(receive_with_flow(early).topic) == "atmqtt/retained");
    CHECK(std::string(receive_with_flow(late).topic) == "atmqtt/retained");
    client last(broker, level);
    last.open_session("atmqtt-last");
    subscribe_one(last, "atmqtt/retained", mqtt::qos::at_least_once, 3);
    CHECK(last.stays_silent(quiet_period));
}

TEST_CASE("broker: the will is published when a client drops its connection", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client watcher(broker, level);
    watcher.open_session("atmqtt-watcher");
    subscribe_one(watcher, "atmqtt/status/#", mqtt::qos::exactly_once, 0x0102);

    client doomed(broker, level);
    mqtt::connect request;
    request.level = level;
    request.client_id = "atmqtt-doomed";
    request.keep_alive = 60;
    request.will_flag = true;
    const std::string will_payload = std::string("offline\0\xfe", 9);
    request.will = {"atmqtt/status/doomed", will_payload, mqtt::qos::at_least_once, false};
    doomed.send(request);
    REQUIRE(doomed.receive_as<mqtt::connack>().return_code == mqtt::connect_return_code::accepted);
    require_idle(doomed);
    CHECK(watcher.stays_silent(50ms));

    doomed.drop();  // no DISCONNECT
    const mqtt::publish will = receive_with_flow(watcher);
    CHECK(std::string(will.topic) == "atmqtt/status/doomed");
    CHECK((will.payload == will_payload));
    CHECK(will.qos == mqtt::qos::at_least_once);
    CHECK(!will.retain);
    CHECK(!will.dup);
    require_idle(watcher);
}

TEST_CASE("broker: DISCONNECT closes the connection and discards the will", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client watcher(broker, level);
    watcher.open_session("atmqtt-watcher");
    subscribe_one(watcher, "atmqtt/status/#", mqtt::qos::at_least_once, 1);

    client polite(broker, level);
    mqtt::connect request;
    request.level = level;
    request.client_id = "atmqtt-polite";
    request.will_flag = true;
    request.will = {"atmqtt/status/polite", "gone", mqtt::qos::at_least_once, false};
    polite.send(request);
    REQUIRE(polite.receive_as<mqtt::connack>().return_code == mqtt::connect_return_code::accepted);
    polite.send(mqtt::disconnect{});
    CHECK(polite.closed_by_broker());
    CHECK(watcher.stays_silent(quiet_period));
    require_idle(watcher);
}

TEST_CASE("broker: UNSUBSCRIBE is acknowledged and stops delivery", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client subscriber(broker, level);
    subscriber.open_session("atmqtt-unsub");
    const mqtt::subscription filters[] = {
        {"atmqtt/a", mqtt::qos::at_least_once},
        {"atmqtt/b", mqtt::qos::at_least_once},
        {"atmqtt/c", mqtt::qos::at_least_once},
    };
    subscriber.send(mqtt::subscribe{10, filters});
    CHECK(codes_of(subscriber.receive_as<mqtt::suback>()) == std::vector<int>{1, 1, 1});

    client publisher(broker, level);
    publisher.open_session("atmqtt-pub");
    publish_with_flow(publisher, make_publish("atmqtt/a", "before", mqtt::qos::at_least_once, 1));
    CHECK(std::string(receive_with_flow(subscriber).payload) == "before");

    const bytes gone[] = {"atmqtt/a", "atmqtt/c"};
    subscriber.send(mqtt::unsubscribe{0x0BAD, gone});
    CHECK(subscriber.receive_as<mqtt::unsuback>().packet_id == 0x0BAD);

    publish_with_flow(publisher, make_publish("atmqtt/a", "after", mqtt::qos::at_least_once, 2));
    publish_with_flow(publisher, make_publish("atmqtt/c", "after", mqtt::qos::at_most_once, 0));
    publish_with_flow(publisher, make_publish("atmqtt/b", "still", mqtt::qos::at_least_once, 3));
    // Only the filter left in place delivers; the two removed ones stay silent.
    const mqtt::publish remaining = receive_with_flow(subscriber);
    CHECK(std::string(remaining.topic) == "atmqtt/b");
    CHECK(std::string(remaining.payload) == "still");
    CHECK(subscriber.stays_silent(quiet_period));

    // Unsubscribing from a filter never subscribed is still acknowledged (3.1.1 section 3.10.4).
    const bytes unknown[] = {"atmqtt/never"};
    subscriber.send(mqtt::unsubscribe{0x0BAE, unknown});
    CHECK(subscriber.receive_as<mqtt::unsuback>().packet_id == 0x0BAE);
    require_idle(subscriber);
}

TEST_CASE("broker: PINGREQ is answered by PINGRESP", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    client c(broker, level);
    c.open_session("atmqtt-ping", 5);
    for (int i = 0; i < 3; ++i) require_idle(c);
    // Two pings in one write: two answers, framed apart by check_frame.
    c.send_bytes(interop::encode_packet(mqtt::pingreq{}) + interop::encode_packet(mqtt::pingreq{}));
    c.receive_as<mqtt::pingresp>();
    c.receive_as<mqtt::pingresp>();
    CHECK(c.stays_silent(50ms));
}

TEST_CASE("broker: a 1 MB payload makes the round trip byte for byte", "[interop][broker]") {
    const int q = GENERATE(0, 1, 2);
    INFO("QoS " << q);
    mosquitto_process broker;
    require_running(broker);
    client subscriber(broker);
    subscriber.open_session("atmqtt-big-sub");
    subscribe_one(subscriber, "atmqtt/big", mqtt::qos::exactly_once, 1);
    client publisher(broker);
    publisher.open_session("atmqtt-big-pub");

    const std::string payload = binary_payload(1u << 20);
    const mqtt::publish message = make_publish("atmqtt/big", payload, to_qos(q), 0x8000);
    // 1 + 3 remaining-length bytes (1,048,590 needs three) + 2 + 10 topic + packet id + payload.
    const std::size_t expected_size = 1 + 3 + 2 + 10 + (q == 0 ? 0 : 2) + payload.size();
    CHECK(*mqtt::encoded_size(message) == expected_size);
    publish_with_flow(publisher, message);

    const mqtt::publish delivered = receive_with_flow(subscriber);
    CHECK(std::string(delivered.topic) == "atmqtt/big");
    CHECK(static_cast<int>(delivered.qos) == q);
    REQUIRE(delivered.payload.size() == payload.size());
    std::size_t first_difference = 0;
    while (first_difference < payload.size() &&
           delivered.payload[first_difference] == payload[first_difference]) {
        ++first_difference;
    }
    CHECK(first_difference == payload.size());
    require_idle(subscriber);
    require_idle(publisher);
}

TEST_CASE("broker: a resumed session gets unacknowledged messages again, with DUP set", "[interop][broker]") {
    AT_EVERY_LEVEL_WITH_A_FRESH_BROKER(level, broker);
    mqtt::connect persistent;
    persistent.level = level;
    persistent.clean_session = false;
    persistent.keep_alive = 60;
    persistent.client_id = "atmqtt-resume";

    client publisher(broker, level);
    publisher.open_session("atmqtt-resume-pub");
    std::uint16_t first_id = 0, second_id = 0;
    {
        client subscriber(broker, level);
        subscriber.send(persistent);
        REQUIRE(subscriber.receive_as<mqtt::connack>().return_code == mqtt::connect_return_code::accepted);
        const mqtt::subscription filters[] = {{"atmqtt/resume/+", mqtt::qos::exactly_once}};
        subscriber.send(mqtt::subscribe{1, filters});
        REQUIRE(codes_of(subscriber.receive_as<mqtt::suback>()) == std::vector<int>{2});

        publish_with_flow(publisher, make_publish("atmqtt/resume/one", "1", mqtt::qos::at_least_once, 11));
        publish_with_flow(publisher, make_publish("atmqtt/resume/two", "2", mqtt::qos::exactly_once, 12));
        const mqtt::publish one = subscriber.receive_as<mqtt::publish>();
        const mqtt::publish two = subscriber.receive_as<mqtt::publish>();
        CHECK(std::string(one.topic) == "atmqtt/resume/one");
        CHECK(!one.dup);
        CHECK(std::string(two.topic) == "atmqtt/resume/two");
        CHECK(!two.dup);
        first_id = one.packet_id;
        second_id = two.packet_id;
        // Acknowledge neither completely: no PUBACK for the first, only PUBREC for the second.
        subscriber.send(mqtt::pubrec{second_id});
        CHECK(subscriber.receive_as<mqtt::pubrel>().packet_id == second_id);
        subscriber.drop();
    }
    // Published while the subscriber is away: queued for the session.
    publish_with_flow(publisher, make_publish("atmqtt/resume/three", "3", mqtt::qos::at_least_once, 13));

    client subscriber(broker, level);
    subscriber.send(persistent);
    const mqtt::connack ack = subscriber.receive_as<mqtt::connack>();
    REQUIRE(ack.return_code == mqtt::connect_return_code::accepted);
    CHECK(ack.session_present == (level == mqtt::protocol_level::v3_1_1));
    // In order: the unacknowledged PUBLISH again with DUP, the PUBREL again, then the queued message.
    const mqtt::publish again = subscriber.receive_as<mqtt::publish>();
    CHECK(std::string(again.topic) == "atmqtt/resume/one");
    CHECK(std::string(again.payload) == "1");
    CHECK(again.dup);
    CHECK(again.qos == mqtt::qos::at_least_once);
    CHECK(again.packet_id == first_id);
    CHECK(subscriber.receive_as<mqtt::pubrel>().packet_id == second_id);
    const mqtt::publish queued = subscriber.receive_as<mqtt::publish>();
    CHECK(std::string(queued.topic) == "atmqtt/resume/three");
    CHECK(!queued.dup);
    CHECK(queued.packet_id != first_id);
    subscriber.send(mqtt::puback{first_id});
    subscriber.send(mqtt::pubcomp{second_id});
    subscriber.send(mqtt::puback{queued.packet_id});
    require_idle(subscriber);
}

TEST_CASE("broker: a QoS 2 PUBLISH sent again with DUP is delivered once", "[interop][broker]") {
    mosquitto_process broker;
    require_running(broker);
    client subscriber(broker);
    subscriber.open_session("atmqtt-once-sub");
    subscribe_one(subscriber, "atmqtt/once", mqtt::qos::exactly_once, 1);
    client publisher(broker);
    publisher.open_session("atmqtt-once-pub");

    mqtt::publish message = make_publish("atmqtt/once", "exactly once", mqtt::qos::exactly_once, 0x2222);
    publisher.send(message);
    CHECK(publisher.receive_as<mqtt::pubrec>().packet_id == 0x2222);
    message.dup = true;  // as after a lost PUBREC
    publisher.send(message);
    CHECK(publisher.receive_as<mqtt::pubrec>().packet_id == 0x2222);
    publisher.send(mqtt::pubrel{0x2222});
    CHECK(publisher.receive_as<mqtt::pubcomp>().packet_id == 0x2222);

    const mqtt::publish delivered = receive_with_flow(subscriber);
    CHECK(std::string(delivered.payload) == "exactly once");
    CHECK(!delivered.dup);
    CHECK(subscriber.stays_silent(quiet_period));
}

TEST_CASE("broker: UTF-8 topics and wildcard filters", "[interop][broker]") {
    mosquitto_process broker;
    require_running(broker);
    client subscriber(broker);
    subscriber.open_session("atmqtt-utf8");
    const mqtt::subscription filters[] = {
        {"atmqtt/\xc3\xbc/+/\xe6\xb8\xa9\xe5\xba\xa6", mqtt::qos::at_least_once},  // "atmqtt/ü/+/温度"
        {"atmqtt/emoji/#", mqtt::qos::at_most_once},
    };
    subscriber.send(mqtt::subscribe{3, filters});
    CHECK(codes_of(subscriber.receive_as<mqtt::suback>()) == std::vector<int>{1, 0});
    client publisher(broker);
    publisher.open_session("atmqtt-utf8-pub");

    const char* const topics[] = {
        "atmqtt/\xc3\xbc/kitchen/\xe6\xb8\xa9\xe5\xba\xa6",
        "atmqtt/emoji/\xf0\x9f\x8c\xa1/x",  // U+1F321, four bytes
        "atmqtt/emoji",                     // '#' also matches the parent level
    };
    for (const char* topic : topics) {
        INFO("topic " << topic);
        publish_with_flow(publisher, make_publish(topic, topic, mqtt::qos::at_least_once, 5));
        const mqtt::publish delivered = receive_with_flow(subscriber);
        CHECK(std::string(delivered.topic) == topic);
        CHECK(std::string(delivered.payload) == topic);
    }
    // Not matched: '+' is exactly one level.
    publish_with_flow(publisher, make_publish("atmqtt/\xc3\xbc/a/b/\xe6\xb8\xa9\xe5\xba\xa6", "x",
                                              mqtt::qos::at_most_once, 0));
    CHECK(subscriber.stays_silent(quiet_period));
}

TEST_CASE("broker: many packets in one write come back framed one by one", "[interop][broker]") {
    mosquitto_process broker;
    require_running(broker);
    client subscriber(broker);
    subscriber.open_session("atmqtt-burst-sub");
    subscribe_one(subscriber, "atmqtt/burst", mqtt::qos::at_least_once, 1);
    client publisher(broker);
    publisher.open_session("atmqtt-burst-pub");

    constexpr int count = 200;
    std::vector<std::string> payloads;
    std::string burst;
    for (int i = 0; i < count; ++i) {
        payloads.push_back("message " + std::to_string(i) + binary_payload(static_cast<std::size_t>(i)));
        burst += interop::encode_packet(make_publish(
            "atmqtt/burst", payloads.back(), mqtt::qos::at_least_once, static_cast<std::uint16_t>(i + 1)));
    }
    publisher.send_bytes(burst);
    for (int i = 0; i < count; ++i) {
        INFO("message " << i);
        REQUIRE(publisher.receive_as<mqtt::puback>().packet_id == i + 1);
        const mqtt::publish delivered = receive_with_flow(subscriber);
        REQUIRE((delivered.payload == payloads[static_cast<std::size_t>(i)]));
    }
    require_idle(publisher);
    require_idle(subscriber);
}

TEST_CASE("broker: what the encoder refuses, mosquitto refuses too", "[interop][broker]") {
    mosquitto_process broker;
    require_running(broker);
    client c(broker);
    c.open_session("atmqtt-refused");
    // Each case: atmqtt will not encode it; the same bytes, made by patching a valid encoding, make
    // mosquitto drop the connection (MQTT 3.1.1 has no error packet besides CONNACK).
    SECTION("wildcard in a PUBLISH topic name") {
        CHECK(mqtt::encoded_size(make_publish("atmqtt/#", "x", mqtt::qos::at_most_once, 0)).error() ==
              atmqtt::errc::mqtt_wildcard_in_topic_name);
        std::string wire = interop::encode_packet(make_publish("atmqtt/x", "x", mqtt::qos::at_most_once, 0));
        REQUIRE(wire[11] == 'x');
        wire[11] = '#';
        c.send_bytes(wire);
    }
    SECTION("PUBLISH with QoS 3") {
        CHECK(mqtt::encoded_size(make_publish("atmqtt/x", "x", static_cast<mqtt::qos>(3), 1)).error() ==
              atmqtt::errc::mqtt_invalid_qos);
        std::string wire = interop::encode_packet(make_publish("atmqtt/x", "x", mqtt::qos::exactly_once, 1));
        REQUIRE(static_cast<unsigned char>(wire[0]) == 0x34);
        wire[0] = static_cast<char>(0x36);
        c.send_bytes(wire);
    }
    SECTION("SUBSCRIBE with a packet id of 0") {
        const mqtt::subscription filters[] = {{"atmqtt/x", mqtt::qos::at_most_once}};
        CHECK(mqtt::encoded_size(mqtt::subscribe{0, filters}).error() == atmqtt::errc::mqtt_zero_packet_id);
        std::string wire = interop::encode_packet(mqtt::subscribe{1, filters});
        REQUIRE(wire.substr(2, 2) == std::string("\0\1", 2));
        wire[3] = 0;
        c.send_bytes(wire);
    }
    SECTION("topic filter with '#' not last") {
        const mqtt::subscription bad[] = {{"atmqtt/#/x", mqtt::qos::at_most_once}};
        CHECK(mqtt::encoded_size(mqtt::subscribe{1, bad}).error() == atmqtt::errc::mqtt_invalid_topic_filter);
        const mqtt::subscription good[] = {{"atmqtt/a/x", mqtt::qos::at_most_once}};
        std::string wire = interop::encode_packet(mqtt::subscribe{1, good});
        REQUIRE(wire[13] == 'a');
        wire[13] = '#';
        c.send_bytes(wire);
    }
    SECTION("second CONNECT on one connection") {
        // The encoder cannot know about connection state: here only the broker enforces the rule.
        mqtt::connect again;
        again.client_id = "atmqtt-refused";
        c.send(again);
    }
    CHECK(c.closed_by_broker());
}
