// The codec's remaining branches (issue 23), run at run time: each wrong byte of the 3.1 protocol name,
// PUBLISH bodies cut at each field, an incomplete packet of every type, decode<...> restricted to a few
// types, fields too long for the encoder, and the equality of every packet struct field by field.
#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/encode.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <string>
#include <utility>

#include "../catch.hpp"
#include "../run_time.hpp"

namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;
using atmqtt::errc;
using Q = mqtt::qos;

namespace {
std::string octets(std::initializer_list<int> v) {
    std::string s;
    for (int b : v) s += static_cast<char>(b);
    return s;
}
std::string describe(const atmqtt::result<mqtt::packet>& r) {
    return (r.ok() ? std::string("ok") : std::string(atmqtt::to_string(r.error()))) + "@" + std::to_string(r.offset());
}
// Decodes at run time and returns "error@offset" or "ok@size".
std::string verdict(const std::string& in) { return describe(mqtt::decode(at_run_time<bytes>(in))); }
// The same through a client's restricted decoder (its own copy of the inlined PUBLISH reader).
std::string client_verdict(const std::string& in) {
    using namespace mqtt;
    return describe(decode<connack, publish, puback, suback, unsuback, pingresp>(at_run_time<bytes>(in)));
}
}  // namespace

TEST_CASE("CONNECT: a protocol name differing from MQIsdp in any one byte is refused at the name") {
    const std::string good = "MQIsdp";
    const std::string tail = octets({3, 0x02, 0, 0, 0, 1, 'c'});
    CHECK(verdict(octets({0x10, 15, 0, 6}) + good + tail) == "ok@17");
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::string name = good;
        name[i] = 'X';
        INFO(name);
        CHECK(verdict(octets({0x10, 15, 0, 6}) + name + tail) == "mqtt_invalid_protocol@2");
    }
}

TEST_CASE("PUBLISH bodies cut or wrong at each field") {
    const std::pair<std::string, const char*> cases[] = {
        {octets({0x30, 3, 0, 5, 'a'}), "mqtt_packet_too_short@2"},  // topic past the end
        {octets({0x30, 5, 0, 3, 'a', '/', '+'}), "mqtt_wildcard_in_topic_name@6"},
        {octets({0x32, 3, 0, 1, 'a'}), "mqtt_packet_too_short@5"},  // no room for the id
        {octets({0x32, 4, 0, 1, 'a', 0}), "mqtt_packet_too_short@5"},
        {octets({0x34, 5, 0, 1, 'a', 0, 0}), "mqtt_zero_packet_id@5"},
        {octets({0x30, 2, 0, 0}), "mqtt_empty_topic@4"},
        {octets({0x3b, 6, 0, 1, 'a', 0, 9, 'p'}), "ok@8"}};
    for (const auto& c : cases) {
        CHECK(verdict(c.first) == c.second);
        CHECK(client_verdict(c.first) == c.second);
    }
    const std::string wire = octets({0x3b, 6, 0, 1, 'a', 0, 9, 'p'});  // the decoded views point into it
    const auto p = mqtt::decode(at_run_time<bytes>(wire));
    REQUIRE(p.ok());
    const mqtt::publish* m = p->get_if<mqtt::publish>();
    REQUIRE(m != nullptr);
    CHECK((m->dup && m->qos == Q::at_least_once && m->retain && m->topic == "a" && m->packet_id == 9 &&
           m->payload == "p"));
}

TEST_CASE("an incomplete packet of every type waits for more bytes") {
    const int first[] = {0x10, 0x20, 0x30, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xd0, 0xe0};
    for (const int b : first) {
        INFO(b);
        CHECK(verdict(octets({b})) == "incomplete@1");
        CHECK(verdict(octets({b, 0x80})) == "incomplete@2");
    }
}

TEST_CASE("decode<...> restricted to some types refuses the others, complete or not") {
    const auto restricted = [](const std::string& in) {
        const auto r = mqtt::decode<mqtt::connack, mqtt::suback>(at_run_time<bytes>(in));
        return (r.ok() ? std::string("ok") : std::string(atmqtt::to_string(r.error()))) + "@" +
               std::to_string(r.offset());
    };
    CHECK(restricted(octets({0x20, 2, 0, 0})) == "ok@4");
    CHECK(restricted(octets({0x90, 3, 0, 1, 0})) == "ok@5");
    CHECK(restricted(octets({0x90, 3})) == "incomplete@2");
    const std::string others[] = {
        octets({0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 0, 0, 0}), octets({0x30, 3, 0, 1, 'a'}),
        octets({0x40, 2, 0, 1}), octets({0x50, 2, 0, 1}), octets({0x62, 2, 0, 1}), octets({0x70, 2, 0, 1}),
        octets({0x82, 6, 0, 1, 0, 1, 'a', 0}), octets({0xa2, 5, 0, 1, 0, 1, 'a'}), octets({0xb0, 2, 0, 1}),
        octets({0xc0, 0}), octets({0xd0, 0}), octets({0xe0, 0})};
    for (const std::string& in : others) {
        INFO(static_cast<int>(static_cast<unsigned char>(in[0])));
        CHECK(restricted(in) == "mqtt_unexpected_packet_type@0");
        CHECK(restricted(in.substr(0, 1)) == "mqtt_unexpected_packet_type@0");
    }
    // A SUBACK to a decoder that does not expect one (the fast build reads SUBACK before the dispatch
    // only where it is expected).
    const auto no_suback = mqtt::decode<mqtt::connack, mqtt::publish>(at_run_time<bytes>(octets({0x90, 3, 0, 1, 0})));
    CHECK(no_suback.error() == errc::mqtt_unexpected_packet_type);
    CHECK(no_suback.offset() == 0);
}

TEST_CASE("CONNECT fields longer than 65535 bytes are refused by the encoder") {
    const std::string huge(at_run_time<std::size_t>(65536), 'x');
    char out[128];
    mqtt::connect c;
    c.client_id = "c";
    SECTION("will payload") {
        c.will_flag = true;
        c.will.topic = "w";
        c.will.payload = huge;
    }
    SECTION("user name") {
        c.username_flag = true;
        c.username = huge;
    }
    const auto n = mqtt::encode(at_run_time(mqtt::packet(c)), out);
    CHECK(n.error() == errc::mqtt_string_too_long);
}

TEST_CASE("packet equality compares every field") {
    mqtt::connect c;
    c.client_id = "c";
    c.will_flag = true;
    c.will = {"w", "bye", Q::at_least_once, true};
    c.username_flag = true;
    c.username = "u";
    c.password_flag = true;
    c.password = "p";
    const mqtt::connect base = at_run_time(c);
    CHECK(base == c);
    auto differs = [&](void (*change)(mqtt::connect&)) {
        mqtt::connect d = c;
        change(d);
        return at_run_time(d) != base && mqtt::packet(d) != mqtt::packet(base);
    };
    CHECK(differs([](mqtt::connect& d) { d.level = mqtt::protocol_level::v3_1; }));
    CHECK(differs([](mqtt::connect& d) { d.clean_session = false; }));
    CHECK(differs([](mqtt::connect& d) { d.keep_alive = 5; }));
    CHECK(differs([](mqtt::connect& d) { d.client_id = "d"; }));
    CHECK(differs([](mqtt::connect& d) { d.will_flag = false; }));
    CHECK(differs([](mqtt::connect& d) { d.will.topic = "x"; }));
    CHECK(differs([](mqtt::connect& d) { d.will.payload = "x"; }));
    CHECK(differs([](mqtt::connect& d) { d.will.qos = Q::exactly_once; }));
    CHECK(differs([](mqtt::connect& d) { d.will.retain = false; }));
    CHECK(differs([](mqtt::connect& d) { d.username_flag = false; }));
    CHECK(differs([](mqtt::connect& d) { d.username = "x"; }));
    CHECK(differs([](mqtt::connect& d) { d.password_flag = false; }));
    CHECK(differs([](mqtt::connect& d) { d.password = "x"; }));
    // Fields whose flag is clear are ignored.
    mqtt::connect bare = at_run_time(mqtt::connect{});
    mqtt::connect other = bare;
    other.will.topic = "ignored";
    other.username = "ignored";
    other.password = "ignored";
    CHECK(bare == other);

    const mqtt::connack ca{true, mqtt::connect_return_code::accepted};
    CHECK(at_run_time(ca) != mqtt::connack{false, mqtt::connect_return_code::accepted});
    CHECK(at_run_time(ca) != mqtt::connack{true, mqtt::connect_return_code::not_authorized});

    const mqtt::publish p{true, Q::at_least_once, true, "t", 7, "x"};
    auto publish_differs = [&](void (*change)(mqtt::publish&)) {
        mqtt::publish d = p;
        change(d);
        return at_run_time(d) != p && mqtt::packet(d) != mqtt::packet(p);
    };
    CHECK(publish_differs([](mqtt::publish& d) { d.dup = false; }));
    CHECK(publish_differs([](mqtt::publish& d) { d.qos = Q::exactly_once; }));
    CHECK(publish_differs([](mqtt::publish& d) { d.retain = false; }));
    CHECK(publish_differs([](mqtt::publish& d) { d.topic = "u"; }));
    CHECK(publish_differs([](mqtt::publish& d) { d.packet_id = 8; }));
    CHECK(publish_differs([](mqtt::publish& d) { d.payload = "y"; }));
    // At QoS 0 the packet id is not part of the packet.
    mqtt::publish q0 = p;
    q0.qos = Q::at_most_once;
    mqtt::publish q0_other = q0;
    q0_other.packet_id = 99;
    CHECK(at_run_time(q0) == q0_other);

    const mqtt::subscription s1[] = {{"a", Q::at_least_once}, {"b", Q::at_most_once}};
    const mqtt::subscription s2[] = {{"a", Q::at_least_once}, {"c", Q::at_most_once}};
    const mqtt::subscription s3[] = {{"a", Q::exactly_once}, {"b", Q::at_most_once}};
    CHECK(at_run_time(mqtt::subscribe{1, s1}) == mqtt::subscribe{1, s1});
    CHECK(at_run_time(mqtt::subscribe{1, s1}) != mqtt::subscribe{2, s1});
    CHECK(at_run_time(mqtt::subscribe{1, s1}) != mqtt::subscribe{1, s2});
    CHECK(at_run_time(mqtt::subscribe{1, s1}) != mqtt::subscribe{1, s3});
    CHECK(at_run_time(mqtt::subscribe{1, s1}) != mqtt::subscribe{1, atmqtt::span<const mqtt::subscription>(s1, 1)});

    const mqtt::suback_return_code g1[] = {mqtt::suback_return_code::granted_qos0};
    const mqtt::suback_return_code g2[] = {mqtt::suback_return_code::granted_qos1};
    CHECK(at_run_time(mqtt::suback{3, g1}) == mqtt::suback{3, g1});
    CHECK(at_run_time(mqtt::suback{3, g1}) != mqtt::suback{4, g1});
    CHECK(at_run_time(mqtt::suback{3, g1}) != mqtt::suback{3, g2});

    const bytes f1[] = {"a"};
    const bytes f2[] = {"b"};
    CHECK(at_run_time(mqtt::unsubscribe{5, f1}) == mqtt::unsubscribe{5, f1});
    CHECK(at_run_time(mqtt::unsubscribe{5, f1}) != mqtt::unsubscribe{6, f1});
    CHECK(at_run_time(mqtt::unsubscribe{5, f1}) != mqtt::unsubscribe{5, f2});

    // packet: every type equal to itself, and different types never equal.
    const mqtt::packet all[] = {c,
                                ca,
                                p,
                                mqtt::puback{1},
                                mqtt::pubrec{1},
                                mqtt::pubrel{1},
                                mqtt::pubcomp{1},
                                mqtt::subscribe{1, s1},
                                mqtt::suback{3, g1},
                                mqtt::unsubscribe{5, f1},
                                mqtt::unsuback{1},
                                mqtt::pingreq{},
                                mqtt::pingresp{},
                                mqtt::disconnect{}};
    for (std::size_t i = 0; i < 14; ++i) {
        for (std::size_t j = 0; j < 14; ++j) {
            INFO(i << " " << j);
            CHECK((at_run_time(all[i]) == all[j]) == (i == j));
        }
    }
    CHECK(at_run_time(mqtt::packet(mqtt::pubrel{1})) != mqtt::packet(mqtt::pubrel{2}));
}

TEST_CASE("decode<...> without SUBACK or PUBLISH refuses them after the fast paths for those types") {
    const auto connack_only = [](const std::string& in) {
        const auto r = mqtt::decode<mqtt::connack>(at_run_time<bytes>(in));
        return (r.ok() ? std::string("ok") : std::string(atmqtt::to_string(r.error()))) + "@" +
               std::to_string(r.offset());
    };
    CHECK(connack_only(octets({0x90, 3, 0, 1, 0})) == "mqtt_unexpected_packet_type@0");
    CHECK(connack_only(octets({0x30, 3, 0, 1, 'a'})) == "mqtt_unexpected_packet_type@0");
    CHECK(connack_only(octets({0x20, 2, 1, 0})) == "ok@4");
}
