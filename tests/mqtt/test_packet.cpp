// list_view and the packet tagged union: construction, access, equality (which the round-trip tests rely
// on, so it must be able to say "different").
#include <atmqtt/mqtt/packet.hpp>

#include <vector>

#include "../catch.hpp"
#include "vectors.hpp"

using namespace mqtt_test;

TEST_CASE("list_view over an array and over wire bytes") {
    const bytes wire("\x00\x03" "a/b" "\x01" "\x00\x01" "#" "\x02", 10);
    const auto decoded = list_view<subscription>::from_wire(wire, 2);
    const list_view<subscription> given = two_subscriptions;
    CHECK(decoded.size() == 2);
    CHECK(given.size() == 2);
    CHECK_FALSE(decoded.empty());
    CHECK(decoded == given);
    std::vector<subscription> got(decoded.begin(), decoded.end());
    REQUIRE(got.size() == 2);
    CHECK(got[0].topic_filter == "a/b");
    CHECK(got[0].qos == qos::at_least_once);
    CHECK(got[1].topic_filter == "#");
    CHECK(got[1].qos == qos::exactly_once);
    CHECK(got[0].topic_filter.data() == wire.data() + 2);  // a view, not a copy

    const subscription other[] = {{"a/b", qos::at_least_once}, {"#", qos::at_most_once}};
    CHECK(decoded != list_view<subscription>(other));
    CHECK(decoded != list_view<subscription>(one_subscription));
    CHECK(list_view<subscription>() == list_view<subscription>());
    CHECK(list_view<subscription>().empty());
    CHECK(list_view<subscription>().begin() == list_view<subscription>().end());

    const bytes filters_wire("\x00\x03" "a/+" "\x00\x01" "b", 8);
    CHECK(list_view<bytes>::from_wire(filters_wire, 2) == list_view<bytes>(two_filters));
    const bytes codes_wire("\x01\x80\x00\x02", 4);
    CHECK(list_view<suback_return_code>::from_wire(codes_wire, 4) == list_view<suback_return_code>(codes_v311));
    CHECK(list_view<suback_return_code>::from_wire(codes_wire, 4) != list_view<suback_return_code>(codes_v31));
}

TEST_CASE("list_view from a span and iterator post-increment") {
    const bytes filters[] = {"x", "y", "z"};
    const list_view<bytes> v(atmqtt::span<const bytes>(filters, 2));
    CHECK(v.size() == 2);
    auto it = v.begin();
    CHECK(*it++ == "x");
    CHECK(*it == "y");
    CHECK(++it == v.end());
    subscription mutable_subs[] = {{"m", qos::at_least_once}};
    const list_view<subscription> from_mutable(atmqtt::span<subscription>(mutable_subs, 1));
    CHECK(from_mutable.size() == 1);
    CHECK((*from_mutable.begin()).topic_filter == "m");
}

TEST_CASE("packet holds one struct and says which") {
    const packet p = publish{false, qos::at_least_once, false, "t", 5, "x"};
    CHECK(p.type() == packet_type::publish);
    REQUIRE(p.get_if<publish>() != nullptr);
    CHECK(p.get_if<publish>()->packet_id == 5);
    CHECK(p.get_if<puback>() == nullptr);
    CHECK(p.get_if<connect>() == nullptr);
    CHECK(packet().type() == packet_type::pingreq);
    CHECK(packet(pubrel{3}).get_if<pubrel>()->packet_id == 3);
    CHECK(packet(pubrel{3}).get_if<pubrec>() == nullptr);
    const int kind = p.visit([](const auto& x) { return static_cast<int>(x.type); });
    CHECK(kind == 3);
}

TEST_CASE("packet equality compares type and every meaningful field") {
    CHECK(packet(puback{1}) == packet(puback{1}));
    CHECK(packet(puback{1}) != packet(puback{2}));
    CHECK(packet(puback{1}) != packet(pubrec{1}));  // same layout, different type
    CHECK(packet(pingreq{}) != packet(pingresp{}));
    CHECK(packet(pingreq{}) == packet(pingreq{}));
    CHECK(packet(connack{true, connect_return_code::accepted}) != packet(connack{false, connect_return_code::accepted}));

    const publish m{false, qos::at_least_once, false, "t", 5, "x"};
    publish n = m;
    CHECK(packet(m) == packet(n));
    n.payload = "y";
    CHECK(packet(m) != packet(n));
    n = m;
    n.packet_id = 6;
    CHECK(m != n);
    n = m;
    n.retain = true;
    CHECK(m != n);
    // At QoS 0 the packet id does not exist on the wire, so it is not compared.
    CHECK(publish{false, qos::at_most_once, false, "t", 1, ""} == publish{false, qos::at_most_once, false, "t", 2, ""});

    connect a = full_connect(), b = full_connect();
    CHECK(a == b);
    b.password = "other";
    CHECK(a != b);
    b = a;
    b.will.retain = false;
    CHECK(a != b);
    b = a;
    b.keep_alive = 1;
    CHECK(a != b);
    // Fields whose flag is clear are not part of the packet.
    a.will_flag = b.will_flag = false;
    b = a;
    b.will.topic = "ignored";
    CHECK(a == b);
    b.will_flag = true;
    CHECK(a != b);

    CHECK(subscribe{1, two_subscriptions} != subscribe{2, two_subscriptions});
    CHECK(subscribe{1, two_subscriptions} != subscribe{1, one_subscription});
    CHECK(unsubscribe{2, two_filters} == unsubscribe{2, two_filters});
    CHECK(suback{1, codes_v31} != suback{1, codes_v311});
}
