// The resend arena: records kept by packet id in the caller's bytes (exact layout), found, released with
// compaction, refused when full or invalid; and a session resending exactly the arena's bytes with DUP
// after a reconnect with the session present.
#include <atmqtt/client/resend_arena.hpp>

#include "session_harness.hpp"

using namespace session_test;
using Q = mqtt::qos;

namespace {
std::string contents(const client::resend_arena& a, const char* storage) { return std::string(storage, a.used()); }
std::string found(const client::resend_arena& a, std::uint16_t id) {
    const client::stored_publish m = a.find(id);
    return std::string(m.topic) + "|" + std::string(m.payload);
}
// A persistent session connected with a resend_arena of Storage bytes as its store.
template <std::size_t Storage>
struct arena_harness {
    char storage[Storage]{};
    client::resend_arena arena{storage};
    harness<4> h{arena.store()};
    client::connect_options o = persistent_options();
    arena_harness() { h.connect(o); }
};
client::event event_of(client::event_type type, std::uint16_t id,
                       client::request_kind kind = client::request_kind::publish) {
    client::event e;
    e.type = type;
    e.packet_id = id;
    e.kind = kind;
    return e;
}
}  // namespace

TEST_CASE("resend_arena keeps records back to back: id, topic length, payload length, topic, payload") {
    char storage[64]{};
    client::resend_arena a(storage);
    CHECK(a.capacity() == 64);
    REQUIRE(a.keep(1, "t/a", "hello").ok());
    REQUIRE(a.keep(0x1234, "b", "").ok());
    CHECK(contents(a, storage) == std::string("\x00\x01\x00\x03\x00\x05t/ahello", 14) +
                                      std::string("\x12\x34\x00\x01\x00\x00" "b", 7));
    CHECK(a.count() == 2);
    CHECK(a.used() == 21);
    CHECK(found(a, 1) == "t/a|hello");
    CHECK(found(a, 0x1234) == "b|");
    CHECK(found(a, 2) == "|");  // none: an empty topic, which the session reports lost

    SECTION("release moves what follows down") {
        CHECK(a.release(1));
        CHECK(contents(a, storage) == std::string("\x12\x34\x00\x01\x00\x00" "b", 7));
        CHECK(a.count() == 1);
        CHECK(found(a, 1) == "|");
        CHECK(found(a, 0x1234) == "b|");
        CHECK(a.release(1).error() == atmqtt::errc::client_unknown_packet_id);  // gone already: nothing changes
        CHECK(a.used() == 7);
        CHECK(a.release(0x1234));
        CHECK(a.used() == 0);
        CHECK(a.count() == 0);
    }
    SECTION("keeping an id again replaces its record") {
        REQUIRE(a.keep(1, "x", "yz").ok());
        CHECK(contents(a, storage) ==
              std::string("\x12\x34\x00\x01\x00\x00" "b", 7) + std::string("\x00\x01\x00\x01\x00\x02xyz", 9));
        CHECK(found(a, 1) == "x|yz");
        CHECK(a.count() == 2);
    }
}

TEST_CASE("resend_arena refuses what it cannot keep, and keeps what it had") {
    char storage[20]{};
    client::resend_arena a(storage);
    REQUIRE(a.keep(7, "t", "012345").ok());  // 6 + 1 + 6 = 13 bytes: 7 free
    const std::string before(storage, 13);
    REQUIRE(a.keep(8, "t", "").ok());  // 7: exactly the room left
    CHECK(a.used() == 20);
    CHECK(a.keep(9, "t", "").error() == errc::capacity_exceeded);
    CHECK(a.release(8));
    CHECK(a.keep(8, "tt", "").error() == errc::capacity_exceeded);  // 8 > 7 free
    CHECK(a.keep(7, "t", "01234567890123").error() == errc::capacity_exceeded);  // 21 > 20, even with 7's freed
    CHECK(a.keep(0, "t", "x").error() == errc::mqtt_zero_packet_id);
    CHECK(a.keep(9, "", "x").error() == errc::mqtt_empty_topic);
    const std::string big(65536, 'x');
    CHECK(a.keep(9, big, "x").error() == errc::too_long);
    CHECK(a.keep(9, "t", big).error() == errc::too_long);
    CHECK(std::string(storage, a.used()) == before);  // nothing changed
    CHECK(found(a, 7) == "t|012345");
    REQUIRE(a.keep(7, "t", "0123456789abc").ok());  // 20: fits in the room 7's record leaves
    CHECK(a.used() == 20);
    CHECK(found(a, 7) == "t|0123456789abc");
}

TEST_CASE("resend_arena holds ids across the wrap 65535 -> 1") {
    char storage[64]{};
    client::resend_arena a(storage);
    for (const std::uint16_t id : {std::uint16_t{65534}, std::uint16_t{65535}, std::uint16_t{1}, std::uint16_t{2}}) {
        REQUIRE(a.keep(id, "t", std::to_string(id)).ok());
    }
    CHECK(found(a, 65535) == "t|65535");
    CHECK(found(a, 1) == "t|1");
    CHECK(a.release(65535));
    CHECK(found(a, 65534) == "t|65534");
    CHECK(found(a, 65535) == "|");
    CHECK(found(a, 1) == "t|1");
    CHECK(found(a, 2) == "t|2");
    CHECK(a.count() == 3);
}

TEST_CASE("resend_arena releases on the events that end a publish, and only those") {
    char storage[64]{};
    client::resend_arena a(storage);
    for (const int id : {1, 2, 3, 4}) REQUIRE(a.keep(static_cast<std::uint16_t>(id), "t", "p").ok());
    CHECK(a.release(event_of(client::event_type::published, 1)));
    CHECK(a.release(event_of(client::event_type::lost, 2)));
    const std::size_t used = a.used();
    CHECK(a.release(event_of(client::event_type::lost, 3, client::request_kind::subscribe)).ok());
    CHECK(a.release(event_of(client::event_type::subscribed, 3)).ok());
    CHECK(a.release(event_of(client::event_type::error, 4)).ok());
    CHECK(a.used() == used);  // none of these ends a record
    CHECK(a.release(event_of(client::event_type::published, 9)).error() == atmqtt::errc::client_unknown_packet_id);
    CHECK(a.count() == 2);
    CHECK(found(a, 3) == "t|p");
    CHECK(found(a, 4) == "t|p");
}

namespace {
constexpr bool constexpr_arena() {
    char storage[32]{};
    client::resend_arena a(storage);
    if (!a.keep(1, "t", "one").ok() || !a.keep(2, "u", "two").ok()) return false;
    if (!a.release(1)) return false;
    client::event e;
    e.type = client::event_type::published;
    e.packet_id = 2;
    const client::stored_publish m = a.find(2);
    const bool kept = m.topic == "u" && m.payload == "two" && storage[0] == 0 && storage[1] == 2;
    return kept && a.release(e) && a.used() == 0 && a.keep(3, "t", "x").ok() && a.find(3).payload == "x";
}
}  // namespace

TEST_CASE("resend_arena in a constant expression") { STATIC_REQUIRE(constexpr_arena()); }

TEST_CASE("a session with a resend_arena resends exactly the kept bytes with DUP after a reconnect") {
    arena_harness<128> t;
    auto& arena = t.arena;
    auto& h = t.h;
    const auto& o = t.o;
    const std::string one("q1 payload \x00\xff", 13), two = "q2 payload";
    const auto id1 = h.s.publish("a/1", one, Q::at_least_once, true);
    REQUIRE(id1.ok());
    REQUIRE(arena.keep(*id1, "a/1", one).ok());
    const auto id2 = h.s.publish("a/2", two, Q::exactly_once);
    REQUIRE(id2.ok());
    REQUIRE(arena.keep(*id2, "a/2", two).ok());
    const auto id3 = h.s.publish("a/3", "acked", Q::at_least_once);
    REQUIRE(arena.keep(*id3, "a/3", "acked").ok());
    CHECK(h.written() == publish("a/1", one, 1, 1, true) + publish("a/2", two, 2, 2) + publish("a/3", "acked", 1, 3));
    // 3 is acknowledged before the link drops: the event releases its record.
    REQUIRE(h.s.feed(wire(mqtt::puback{3})) > 0);
    client::event e = h.s.next_event();
    CHECK(describe(e) == "published 3");
    CHECK(arena.release(e));
    CHECK(arena.count() == 2);

    h.s.connection_lost();
    CHECK(h.events() == lines{"disconnected link_lost"});
    REQUIRE(h.s.connect(o).ok());
    (void)h.written();
    CHECK(h.feed(connack(true)) == lines{"connected present"});
    CHECK(h.written() == publish("a/1", one, 1, 1, true, true) + publish("a/2", two, 2, 2, false, true));
    // The acknowledgements release the rest.
    REQUIRE(h.s.feed(wire(mqtt::puback{1}) + wire(mqtt::pubrec{2})) > 0);
    while ((e = h.s.next_event())) CHECK(arena.release(e));
    CHECK(h.written() == wire(mqtt::pubrel{2}));
    REQUIRE(h.s.feed(wire(mqtt::pubcomp{2})) > 0);
    e = h.s.next_event();
    CHECK(describe(e) == "published 2");
    CHECK(arena.release(e));
    CHECK(arena.count() == 0);
    CHECK(arena.used() == 0);
}

TEST_CASE("a publish the arena could not keep is reported lost after a reconnect, never resent empty") {
    arena_harness<24> t;
    auto& arena = t.arena;
    auto& h = t.h;
    const auto& o = t.o;
    REQUIRE(arena.keep(*h.s.publish("t", "fits", Q::at_least_once), "t", "fits").ok());
    const std::string large(40, 'L');
    CHECK(arena.keep(*h.s.publish("t", large, Q::exactly_once), "t", large).error() == errc::capacity_exceeded);
    (void)h.written();
    h.s.connection_lost();
    (void)h.events();
    REQUIRE(h.s.connect(o).ok());
    (void)h.written();
    CHECK(h.feed(connack(true)) == lines{"connected present", "lost 2 publish (client_no_resend_store)"});
    CHECK(h.written() == publish("t", "fits", 1, 1, false, true));
}
