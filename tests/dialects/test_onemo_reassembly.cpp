// OneMO split "publish" URCs placed by offset, or joined into a caller's buffer: whole messages, pieces in
// order, missing pieces, extra pieces, overflow, and pieces straight from the tokenizer at every chunk size.
#include "../catch.hpp"
#include "onemo_urc.hpp"

#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/onemo.hpp>

#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;
using atmqtt::bytes;
using atmqtt::errc;

namespace {

onemo::received_message piece(std::int32_t mid, std::int32_t total, bytes payload, std::int32_t connect_id = 0) {
    return onemo::received_message{connect_id, mid, "t", total, static_cast<std::int32_t>(payload.size()), payload};
}

}  // namespace

TEST_CASE("onemo reassembly: a message in one piece is complete at once") {
    char buf[16];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    auto r = join.add(piece(7, 5, "12345"));
    REQUIRE(r.ok());
    CHECK(r->complete);
    CHECK(r->message == "12345");
    CHECK(r->topic == "t");
    CHECK(r->packet_id == 7);
    CHECK(!join.pending());
}

TEST_CASE("onemo reassembly: pieces in order make the whole message") {
    char buf[16];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    auto a = join.add(piece(3, 10, "abcd"));
    REQUIRE(a.ok());
    CHECK(!a->complete);
    CHECK(a->offset == 0);
    CHECK(a->payload == "abcd");
    CHECK(a->total == 10);
    CHECK(join.pending());
    auto b = join.add(piece(3, 10, "efg"));
    REQUIRE(b.ok());
    CHECK(!b->complete);
    CHECK(b->offset == 4);
    auto c = join.add(piece(3, 10, "hij"));
    REQUIRE(c.ok());
    CHECK(c->complete);
    CHECK(c->message == "abcdefghij");
    // and the next message starts afresh
    auto d = join.add(piece(4, 2, "xy"));
    REQUIRE(d.ok());
    CHECK(d->message == "xy");
}

TEST_CASE("onemo reassembly: missing pieces are reported when another message starts") {
    char buf[16];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(join.add(piece(3, 10, "abcd")).ok());
    auto other = join.add(piece(4, 3, "xyz"));
    CHECK(other.error() == errc::at_payload_mismatch);
    CHECK(other.offset() == 4);  // what the lost message had
    CHECK(!join.pending());
    auto again = join.add(piece(4, 3, "xyz"));  // handed in again, it starts the new message
    REQUIRE(again.ok());
    CHECK(again->message == "xyz");
    // another connection or another total_len is another message too
    REQUIRE(join.add(piece(5, 10, "abcd")).ok());
    CHECK(join.add(piece(5, 10, "efgh", 1)).error() == errc::at_payload_mismatch);
    REQUIRE(join.add(piece(5, 10, "abcd")).ok());
    CHECK(join.add(piece(5, 11, "efgh")).error() == errc::at_payload_mismatch);
    // the caller may give up on a message (its own timeout)
    REQUIRE(join.add(piece(6, 10, "abcd")).ok());
    join.reset();
    CHECK(!join.pending());
}

TEST_CASE("onemo reassembly: extra pieces and overflow") {
    char buf[8];  // up to 8 bytes of message
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(join.add(piece(3, 6, "abcd")).ok());
    auto extra = join.add(piece(3, 6, "efg"));  // 7 > total_len 6
    CHECK(extra.error() == errc::at_payload_mismatch);
    CHECK(extra.offset() == 4);
    CHECK(!join.pending());
    auto big = join.add(piece(3, 9, "abc"));
    CHECK(big.error() == errc::buffer_too_small);
    CHECK(big.offset() == 9);  // the bytes needed
    CHECK(join.add(piece(3, 2, "abc")).error() == errc::at_payload_mismatch);  // total_len < payload_len
    onemo::received_message lying = piece(3, 5, "abc");
    lying.payload_len = 5;
    CHECK(join.add(lying).error() == errc::at_payload_mismatch);
    lying.payload_len = -1;
    CHECK(join.add(lying).error() == errc::at_payload_mismatch);
    CHECK(join.add(lying).offset() == 0);
    auto full = join.add(piece(3, 8, "abcdefgh"));  // exactly the buffer
    REQUIRE(full.ok());
    CHECK(full->topic == "t");
    CHECK(full->message == "abcdefgh");
}

TEST_CASE("onemo reassembly: pieces from the wire, at every chunk size") {
    std::string wire =
        "\r\n+MQTTURC: \"publish\",0,9,\"big\",12,5,a,b\r\n\r\n"
        "+MQTTURC: \"conn\",0,1\r\n"  // a URC between pieces does not disturb the join
        "\r\n+MQTTURC: \"publish\",0,9,\"big\",12,7,c\"d\r\nef\r\n";
    for (std::size_t chunk = 1; chunk <= wire.size(); ++chunk) {
        at::tokenizer<128> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
        char buf[32];
        onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
        onemo::publish_assembler placed;
        std::string message, by_offset;
        int urcs = 0;
        for (std::size_t i = 0; i < wire.size(); i += chunk) {
            REQUIRE(tok.feed(bytes(wire).substr(i, chunk)).ok());
            while (auto ev = tok.next()) {
                REQUIRE(ev.is_line());
                REQUIRE(onemo_test::urc_status(ev).ok());
                auto kind = onemo::classify(ev);
                ++urcs;
                if (*kind != onemo::line_received_message) continue;
                onemo::received_message piece{};
                REQUIRE(at::decode_into(ev, piece));
                auto r = join.add(piece);
                REQUIRE(r.ok());
                if (r->complete) message = std::string(r->message);
                auto p = placed.add(piece);  // no buffer: the caller places each piece
                REQUIRE(p.ok());
                CHECK(p->message.empty());
                CHECK(p->offset == by_offset.size());
                by_offset += std::string(p->payload);
            }
        }
        CHECK(urcs == 3);
        CHECK(message == "a,b\r\nc\"d\r\nef");
        CHECK(by_offset == message);
    }
}

TEST_CASE("onemo reassembly: constexpr") {
    constexpr auto joined = [] {
        char buf[8] = {};
        onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
        (void)join.add(onemo::received_message{0, 1, "t", 4, 2, "ab"});
        auto r = join.add(onemo::received_message{0, 1, "t", 4, 2, "cd"});
        return r.ok() && r->complete && r->message == "abcd";
    }();
    STATIC_REQUIRE(joined);
}

// Issue 17: the joined message's topic was a view into the tokenizer's line buffer, which holds the last
// piece by the time the message completes. Now every view reported is into the piece's own line: each
// piece's topic is read while its line is current. The two pieces space their header fields differently,
// so a view kept from the first piece would show other bytes.
TEST_CASE("onemo reassembly: no view outlives the line it came in") {
    std::string wire =
        "\r\n+MQTTURC: \"publish\",0,9,\"sensors/a\",10,5,hello\r\n"
        "\r\n+MQTTURC:\"publish\", 0, 9, \"sensors/a\", 10, 5,world\r\n";
    at::tokenizer<128> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
    char buf[32];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(tok.feed(bytes(wire)).ok());
    std::string message;
    int pieces = 0;
    while (auto ev = tok.next()) {
        REQUIRE(ev.is_line());
        REQUIRE(*onemo::classify(ev) == onemo::line_received_message);
        onemo::received_message piece{};
        REQUIRE(at::decode_into(ev, piece));
        auto r = join.add(piece);
        REQUIRE(r.ok());
        ++pieces;
        CHECK(r->topic == "sensors/a");
        CHECK(r->payload == (pieces == 1 ? "hello" : "world"));
        if (r->complete) message = std::string(r->message);
    }
    CHECK(pieces == 2);
    CHECK(message == "helloworld");
}

TEST_CASE("onemo reassembly: the buffer holds the message only; topics are the pieces' own") {
    char buf[4];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    auto longer = join.add(onemo::received_message{0, 1, "abcdefg", 5, 2, "ab"});
    CHECK(longer.error() == errc::buffer_too_small);
    CHECK(longer.offset() == 5);
    CHECK(!join.pending());
    auto ok = join.add(onemo::received_message{0, 1, "abcdefg", 4, 2, "ab"});
    REQUIRE(ok.ok());
    CHECK(ok->topic == "abcdefg");
    auto done = join.add(onemo::received_message{0, 1, "x", 4, 2, "cd"});  // a later piece's topic is not compared
    REQUIRE(done.ok());
    CHECK(done->complete);
    CHECK(done->topic == "x");
    CHECK(done->offset == 2);
    CHECK(done->message == "abcd");
    // without a buffer, any size is placed
    onemo::publish_assembler placed;
    auto big = placed.add(onemo::received_message{0, 2, "t", 100000, 2, "ab"});
    REQUIRE(big.ok());
    CHECK(big->total == 100000);
    CHECK(placed.pending());
}

TEST_CASE("onemo reassembly: hex output whose lengths count bytes (the text twice as long)") {
    // onemo::decode_into(ev, m, {output_format::hex}) accepts "...,3,2,4142" (hex_row); the assembler
    // took such a piece for a mismatch, so a hex message could not be joined at all.
    char buf[16];
    onemo::publish_assembler join(atmqtt::mutable_bytes(buf, sizeof buf));
    auto a = join.add(onemo::received_message{0, 9, "t", 3, 2, "4142"});
    REQUIRE(a.ok());
    CHECK_FALSE(a->complete);
    CHECK(a->payload == "4142");
    CHECK(a->total == 6);  // counted as shown: hex digits
    auto b = join.add(onemo::received_message{0, 9, "t", 3, 1, "43"});
    REQUIRE(b.ok());
    CHECK(b->complete);
    CHECK(b->offset == 4);
    CHECK(b->message == "414243");
    // one hex digit short of twice the length: a mismatch as before
    CHECK(join.add(onemo::received_message{0, 10, "t", 2, 2, "414"}).error() == errc::at_payload_mismatch);
    // a message whose first piece counted hex digits does not take a piece counting bytes
    REQUIRE(join.add(onemo::received_message{0, 11, "t", 6, 2, "41"}).ok());
    CHECK(join.add(onemo::received_message{0, 11, "t", 6, 2, "4243"}).error() == errc::at_payload_mismatch);
}
