// decode: every vector gives exactly its fields, at both levels where valid, whole or split anywhere,
// and check_frame fed one byte at a time agrees.
#include <atmqtt/mqtt/decode.hpp>

#include <memory>
#include <string>
#include <vector>

#include "../catch.hpp"
#include "vectors.hpp"

using namespace mqtt_test;
using atmqtt::errc;

namespace {

protocol_level level_of(unsigned bit) { return bit == at_v3_1 ? protocol_level::v3_1 : protocol_level::v3_1_1; }

// A heap copy of exactly n bytes, so a read past the view is caught by AddressSanitizer.
struct exact_copy {
    std::unique_ptr<char[]> data;
    std::size_t size;
    exact_copy(const std::string& s, std::size_t n) : data(new char[n == 0 ? 1 : n]), size(n) {
        s.copy(data.get(), n);
    }
    bytes view() const { return bytes(data.get(), size); }
};

}  // namespace

TEST_CASE("decode gives exactly the fields of every vector") {
    for (const vector& v : vectors) {
        for (unsigned bit : {at_v3_1, at_v3_1_1}) {
            if (!(v.levels & bit)) continue;
            const protocol_level level = level_of(bit);
            INFO(v.name << " at level " << static_cast<int>(level));
            const std::string wire = unhex(v.hex);
            const exact_copy in(wire, wire.size());
            const auto r = decode(in.view(), level);
            REQUIRE(r.error() == errc::ok);
            CHECK(r.offset() == wire.size());
            CHECK(r->type() == v.pkt.type());
            CHECK(*r == v.pkt);
        }
    }
}

TEST_CASE("decode of a prefix is incomplete, check_frame byte by byte agrees") {
    for (const vector& v : vectors) {
        const protocol_level level = (v.levels & at_v3_1_1) ? protocol_level::v3_1_1 : protocol_level::v3_1;
        const std::string wire = unhex(v.hex);
        const std::size_t n = wire.size();
        for (std::size_t k = 0; k < n; ++k) {
            INFO(v.name << ": first " << k << " bytes");
            const exact_copy in(wire, k);
            const auto r = decode(in.view(), level);
            CHECK(r.error() == errc::incomplete);
            CHECK(r.offset() == k);
            const frame_status f = check_frame(in.view());
            CHECK(f.state == frame_state::need_more);
            CHECK(f.error == errc::incomplete);
            CHECK(f.size >= 1);
            CHECK(k + f.size <= n);  // never asks for more than the packet needs
        }
        const frame_status f = check_frame(bytes(wire));
        CHECK(f.state == frame_state::complete);
        CHECK(f.size == n);
        CHECK(f.error == errc::ok);
    }
}

TEST_CASE("split at every offset: the second read completes the packet") {
    // A receiver appends what arrives to its buffer and retries; the answer depends only on the bytes.
    for (const vector& v : vectors) {
        const protocol_level level = (v.levels & at_v3_1_1) ? protocol_level::v3_1_1 : protocol_level::v3_1;
        const std::string wire = unhex(v.hex);
        for (std::size_t k = 0; k <= wire.size(); ++k) {
            INFO(v.name << ": split at " << k);
            std::string received = wire.substr(0, k);
            if (k < wire.size()) CHECK(decode(received, level).error() == errc::incomplete);
            received += wire.substr(k);
            const auto r = decode(received, level);
            REQUIRE(r.ok());
            CHECK(*r == v.pkt);
        }
    }
}

TEST_CASE("a byte-by-byte stream of all vectors decodes packet after packet") {
    std::string stream;
    for (const vector& v : vectors) stream += unhex(v.hex);
    std::string buffer;
    std::size_t decoded = 0;
    for (char c : stream) {
        buffer += c;
        const frame_status f = check_frame(buffer);
        REQUIRE(f.state != frame_state::malformed);
        if (f.state == frame_state::need_more) continue;
        const vector& v = vectors[decoded];
        INFO(v.name);
        const auto r = decode(buffer, (v.levels & at_v3_1_1) ? protocol_level::v3_1_1 : protocol_level::v3_1);
        REQUIRE(r.ok());
        CHECK(r.offset() == f.size);
        CHECK(*r == v.pkt);
        buffer.erase(0, f.size);
        ++decoded;
    }
    CHECK(decoded == sizeof vectors / sizeof vectors[0]);
    CHECK(buffer.empty());
}

TEST_CASE("decode consumes only the first packet") {
    const std::string two = unhex("40 02 00 01 C0 00");
    const auto r = decode(two);
    REQUIRE(r.ok());
    CHECK(r.offset() == 4);
    CHECK(r->get_if<puback>()->packet_id == 1);
    const auto s = decode(bytes(two).substr(r.offset()));
    REQUIRE(s.ok());
    CHECK(s->type() == packet_type::pingreq);
}

TEST_CASE("decoded fields, spelled out") {
    SECTION("CONNECT with everything") {
        const std::string wire =
            unhex("10 20 00 04 'MQTT' 04 EC 12 34 00 02 'id' 00 03 'w/t' 00 03 'bye' 00 01 'u' 00 03 70 00 77");
        const auto r = decode(wire);
        REQUIRE(r.ok());
        const connect* c = r->get_if<connect>();
        REQUIRE(c != nullptr);
        CHECK(c->level == protocol_level::v3_1_1);
        CHECK_FALSE(c->clean_session);
        CHECK(c->keep_alive == 0x1234);
        CHECK(c->client_id == "id");
        CHECK(c->will_flag);
        CHECK(c->will.topic == "w/t");
        CHECK(c->will.payload == "bye");
        CHECK(c->will.qos == qos::at_least_once);
        CHECK(c->will.retain);
        CHECK(c->username_flag);
        CHECK(c->username == "u");
        CHECK(c->password_flag);
        CHECK(c->password == bytes("p\0w", 3));
        CHECK(c->client_id.data() == wire.data() + 14);  // a view into the input, not a copy
    }
    SECTION("CONNECT 3.1") {
        const std::string w_r = unhex("10 17 00 06 'MQIsdp' 03 C2 00 0A 00 02 'c1' 00 01 'u' 00 02 'pw'");
        const auto r = decode(w_r);
        REQUIRE(r.ok());
        const connect* c = r->get_if<connect>();
        REQUIRE(c != nullptr);
        CHECK(c->level == protocol_level::v3_1);
        CHECK(c->clean_session);
        CHECK(c->keep_alive == 10);
        CHECK(c->client_id == "c1");
        CHECK_FALSE(c->will_flag);
        CHECK(c->username == "u");
        CHECK(c->password == "pw");
    }
    SECTION("PUBLISH payload is a view, never read") {
        const std::string wire = unhex("3B 07 00 01 't' 01 02 'hi'");
        const auto r = decode(wire);
        REQUIRE(r.ok());
        const publish* m = r->get_if<publish>();
        REQUIRE(m != nullptr);
        CHECK(m->dup);
        CHECK(m->qos == qos::at_least_once);
        CHECK(m->retain);
        CHECK(m->topic == "t");
        CHECK(m->packet_id == 0x0102);
        CHECK(m->payload.data() == wire.data() + 7);
        CHECK(m->payload.size() == 2);
    }
    SECTION("PUBLISH payload may be anything") {
        const std::string w_r = unhex("30 06 00 01 't' C0 00 ED");
        const auto r = decode(w_r);
        REQUIRE(r.ok());
        CHECK(r->get_if<publish>()->payload == bytes("\xc0\x00\xed", 3));
    }
    SECTION("SUBSCRIBE list") {
        const std::string w_r = unhex("82 0C 00 0A 00 03 'a/b' 01 00 01 '#' 02");
        const auto r = decode(w_r);
        REQUIRE(r.ok());
        const subscribe* s = r->get_if<subscribe>();
        REQUIRE(s != nullptr);
        CHECK(s->packet_id == 10);
        REQUIRE(s->subscriptions.size() == 2);
        auto it = s->subscriptions.begin();
        CHECK((*it).topic_filter == "a/b");
        CHECK((*it).qos == qos::at_least_once);
        ++it;
        CHECK((*it).topic_filter == "#");
        CHECK((*it).qos == qos::exactly_once);
        ++it;
        CHECK(it == s->subscriptions.end());
    }
    SECTION("SUBACK list") {
        const std::string w_r = unhex("90 06 00 0A 01 80 00 02");
        const auto r = decode(w_r);
        REQUIRE(r.ok());
        const suback* s = r->get_if<suback>();
        REQUIRE(s != nullptr);
        std::vector<suback_return_code> codes(s->return_codes.begin(), s->return_codes.end());
        CHECK(codes == std::vector<suback_return_code>{suback_return_code::granted_qos1, suback_return_code::failure,
                                                       suback_return_code::granted_qos0,
                                                       suback_return_code::granted_qos2});
    }
    SECTION("UNSUBSCRIBE list") {
        const std::string w_r = unhex("A2 0A 00 02 00 03 'a/+' 00 01 'b'");
        const auto r = decode(w_r);
        REQUIRE(r.ok());
        const unsubscribe* u = r->get_if<unsubscribe>();
        REQUIRE(u != nullptr);
        CHECK(u->packet_id == 2);
        std::vector<bytes> filters(u->topic_filters.begin(), u->topic_filters.end());
        CHECK(filters == std::vector<bytes>{"a/+", "b"});
    }
    SECTION("CONNACK at both levels") {
        const std::string w_a = unhex("20 02 01 00");
        const auto a = decode(w_a);
        REQUIRE(a.ok());
        CHECK(a->get_if<connack>()->session_present);
        const std::string w_b = unhex("20 02 00 03");
        const auto b = decode(w_b, protocol_level::v3_1);
        REQUIRE(b.ok());
        CHECK_FALSE(b->get_if<connack>()->session_present);
        CHECK(b->get_if<connack>()->return_code == connect_return_code::server_unavailable);
    }
}

TEST_CASE("long packets: multi-byte remaining length, payload of any size") {
    for (std::size_t size : {124u, 125u, 126u, 200u, 16380u, 16381u, 16382u, 70000u}) {
        INFO("payload " << size);
        std::string wire = unhex("30");
        const std::size_t rl = 3 + size;
        for (std::size_t v = rl;; v /= 128) {  // the remaining length per the spec's algorithm
            const char digit = static_cast<char>(v % 128 | (v >= 128 ? 0x80 : 0));
            wire += digit;
            if (v < 128) break;
        }
        wire += unhex("00 01 't'");
        wire += std::string(size, 'p');
        const auto r = decode(wire);
        REQUIRE(r.ok());
        CHECK(r.offset() == wire.size());
        CHECK(r->get_if<publish>()->payload.size() == size);
        CHECK(check_frame(bytes(wire).substr(0, wire.size() - 1)).size == 1);
    }
}

TEST_CASE("decode: MQTT 3.1 DUP on a resent PUBREL, SUBSCRIBE or UNSUBSCRIBE") {
    const std::string pubrel_dup = unhex("6A 02 00 07");
    const auto rel = decode(pubrel_dup, protocol_level::v3_1);
    REQUIRE(rel.ok());
    CHECK(rel.offset() == 4);
    REQUIRE(rel->get_if<pubrel>() != nullptr);
    CHECK(rel->get_if<pubrel>()->packet_id == 7);

    const std::string subscribe_dup = unhex("8A 06 00 01 00 01 61 01");
    const auto sub = decode(subscribe_dup, protocol_level::v3_1);
    REQUIRE(sub.ok());
    const subscription expected_sub[] = {{"a", qos::at_least_once}};
    CHECK(*sub == packet(subscribe{1, expected_sub}));

    const std::string unsubscribe_dup = unhex("AA 05 00 02 00 01 62");
    const auto unsub = decode(unsubscribe_dup, protocol_level::v3_1);
    REQUIRE(unsub.ok());
    const bytes expected_unsub[] = {"b"};
    CHECK(*unsub == packet(unsubscribe{2, expected_unsub}));

    for (const std::string* wire : {&pubrel_dup, &subscribe_dup, &unsubscribe_dup}) {
        const auto at_311 = decode(*wire);  // the default level is 3.1.1, whose flags are reserved
        CHECK(at_311.error() == errc::mqtt_invalid_flags);
        CHECK(at_311.offset() == 0);
    }
}

TEST_CASE("decode<Expected...>: only the listed types, the others refused at offset 0") {
    const auto client = [](bytes in) {
        return decode<connack, publish, puback, suback, unsuback, pingresp>(in);
    };
    // Each expected type decodes to exactly what the generic decoder gives.
    for (const char* hex : {"20 02 01 00", "32 0A 00 03 'a/b' 00 07 'hi!'", "40 02 00 09", "90 05 00 0B 00 01 80",
                            "B0 02 00 0C", "D0 00"}) {
        INFO(hex);
        const std::string wire = unhex(hex);
        const auto r = client(wire);
        REQUIRE(r.ok());
        CHECK(r.offset() == wire.size());
        CHECK(*r == *decode(wire));
    }
    const auto ack = client(unhex("40 02 00 09"));
    REQUIRE(ack->get_if<puback>() != nullptr);
    CHECK(ack->get_if<puback>()->packet_id == 9);
    CHECK(ack->get_if<publish>() == nullptr);

    // A valid packet of another type: refused as soon as its first byte is there, whole or not.
    for (const char* hex : {"10 0F 00 04 'MQTT' 04 02 00 3C 00 03 'abc'", "50 02 00 01", "62 02 00 01",
                            "70 02 00 01", "82 06 00 01 00 01 61 00", "A2 05 00 01 00 01 61", "C0 00", "E0 00",
                            "10", "C0"}) {
        INFO(hex);
        const auto r = client(unhex(hex));
        CHECK(r.error() == errc::mqtt_unexpected_packet_type);
        CHECK(r.offset() == 0);
    }
    // A malformed header stays malformed, an expected type still waits for its bytes, errors keep offsets.
    CHECK(client(unhex("60 02 00 01")).error() == errc::mqtt_invalid_flags);
    CHECK(client(unhex("F0")).error() == errc::mqtt_invalid_packet_type);
    const auto partial = client(unhex("32 0A 00 03"));
    CHECK(partial.error() == errc::incomplete);
    CHECK(partial.offset() == 4);
    CHECK(client(bytes()).error() == errc::incomplete);
    const auto zero_id = client(unhex("40 02 00 00"));
    CHECK(zero_id.error() == errc::mqtt_zero_packet_id);
    CHECK(zero_id.offset() == 2);
    // A single expected type, and the level reaching the body: 0x80 is no SUBACK code at 3.1.
    CHECK(decode<pingresp>(unhex("D0 00")).ok());
    CHECK(decode<suback>(unhex("90 03 00 01 80"), protocol_level::v3_1).error() ==
          errc::mqtt_invalid_suback_return_code);
}

TEST_CASE("decode's shortcut for one- and two-byte remaining lengths answers as the framer does") {
    struct row {
        const char* hex;
        protocol_level level;
        errc error;
        std::size_t offset;
    };
    const row rows[] = {
        {"40 02 00 07", protocol_level::v3_1_1, errc::ok, 4},                      // one length byte
        {"40 03 00 07 00", protocol_level::v3_1_1, errc::mqtt_trailing_bytes, 1},  // fixed size, longer
        {"40 01 00", protocol_level::v3_1_1, errc::mqtt_packet_too_short, 1},      // fixed size, shorter
        {"F0 00", protocol_level::v3_1_1, errc::mqtt_invalid_packet_type, 0},      // header byte refused
        {"6A 02 00 01", protocol_level::v3_1_1, errc::mqtt_invalid_flags, 0},       // DUP on PUBREL at 3.1.1
        {"6A 02 00 01", protocol_level::v3_1, errc::ok, 4},                         // ... accepted at 3.1
        {"30 80 00", protocol_level::v3_1_1, errc::mqtt_remaining_length_not_minimal, 2},
        {"30 80", protocol_level::v3_1_1, errc::incomplete, 2},                     // second length byte missing
        {"30 80 01 00", protocol_level::v3_1_1, errc::incomplete, 4},               // two length bytes, body short
    };
    for (const row& r : rows) {
        INFO(r.hex);
        const std::string wire = unhex(r.hex);
        const auto d = decode(wire, r.level);
        CHECK(d.error() == r.error);
        CHECK(d.offset() == r.offset);
        const frame_status f = check_frame(wire, r.level);
        if (f.state == frame_state::malformed) CHECK((f.error == r.error && f.offset == r.offset));
    }
    // The largest body with two length bytes (16,383) and the smallest with three (16,384) decode alike.
    for (std::size_t rl : {16383u, 16384u}) {
        std::string wire = unhex("30");
        wire += rl == 16383 ? unhex("FF 7F") : unhex("80 80 01");
        wire += unhex("00 01 't'");
        wire += std::string(rl - 3, 'p');
        const auto d = decode(wire);
        REQUIRE(d.ok());
        CHECK(d.offset() == wire.size());
        CHECK(d->get_if<publish>()->topic == "t");
        CHECK(d->get_if<publish>()->payload.size() == rl - 3);
    }
}
