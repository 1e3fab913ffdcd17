// USR data modes: transparent and distribution frames (encode with validation, decode with exact errors,
// payloads with commas), and the +++ / a / a / +ok escape to command mode, fed one byte at a time.
#include "../catch.hpp"

#include <atmqtt/dialect/usr/data_mode.hpp>

#include <string>
#include <vector>

namespace usr = atmqtt::usr;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mutable_bytes;
using usr::frame;
using usr::frame_kind;
using usr::transfer_mode;

namespace {

std::string enc(const frame& f, errc* e = nullptr) {
    char buf[512] = {};
    auto r = usr::encode(f, mutable_bytes(buf, sizeof buf));
    if (e != nullptr) *e = r.ok() ? errc::ok : r.error();
    return r.ok() ? std::string(buf, *r) : std::string();
}
errc enc_error(const frame& f) {
    errc e = errc::ok;
    enc(f, &e);
    return e;
}

constexpr bool constexpr_frame() {
    frame f{frame_kind::temporary_publish, 0, 1, 1, "t/1", "a,b"};
    char buf[32] = {};
    auto r = usr::encode(f, mutable_bytes(buf, sizeof buf));
    bytes want = "0,0,t/1,1,1,a,b";
    if (!r.ok() || *r != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (buf[i] != want[i]) return false;
    auto d = usr::decode_frame(want, transfer_mode::distribution, usr::direction::uplink);
    return d.ok() && d->kind == frame_kind::temporary_publish && d->topic == "t/1" && d->payload == "a,b";
}
static_assert(constexpr_frame());

}  // namespace

TEST_CASE("usr frames: every kind encodes as the manual writes it") {
    CHECK(enc({frame_kind::transparent_publish, 0, 0, 0, {}, "data send from module"}) == "data send from module");
    CHECK(enc({frame_kind::preset_publish, 1, 0, 0, {}, "data send from module"}) == "1,data send from module");
    CHECK(enc({frame_kind::preset_publish, 10, 0, 0, {}, "x"}) == "10,x");
    CHECK(enc({frame_kind::temporary_publish, 0, 0, 0, "linshifabu1", "data send from module"}) ==
          "0,0,linshifabu1,0,0,data send from module");
    CHECK(enc({frame_kind::temporary_subscribe, 0, 0, 0, "linshidingyue1", {}}) == "0,1,linshidingyue1,0");
    CHECK(enc({frame_kind::temporary_unsubscribe, 0, 2, 0, "linshidingyue1", {}}) == "0,2,linshidingyue1,2");
    CHECK(enc({frame_kind::preset_message, 1, 0, 0, {}, "data send fromMQTT fx"}) == "1,data send fromMQTT fx");
    CHECK(enc({frame_kind::temporary_message, 0, 0, 0, "linshidingyue1", "p"}) == "0,linshidingyue1,p");
    CHECK(enc({frame_kind::preset_publish, 3, 0, 0, {}, {}}) == "3,");  // an empty payload is a payload
    CHECK(*usr::encoded_size(frame{frame_kind::temporary_publish, 0, 2, 1, "abc", "xyz"}) == 15);
}

TEST_CASE("usr frames: the encoder refuses what the module could not read") {
    CHECK(enc_error({frame_kind::preset_publish, 0, 0, 0, {}, "x"}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::preset_publish, 11, 0, 0, {}, "x"}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::preset_message, 0, 0, 0, {}, "x"}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::temporary_publish, 0, 3, 0, "t", "x"}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::temporary_publish, 0, 0, 2, "t", "x"}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::temporary_subscribe, 0, 3, 0, "t", {}}) == errc::out_of_range);
    CHECK(enc_error({frame_kind::temporary_publish, 0, 0, 0, "a,b", "x"}) == errc::at_comma_in_bare_string);
    CHECK(enc_error({frame_kind::temporary_subscribe, 0, 0, 0, {}, {}}) == errc::at_missing_field);
    CHECK(enc_error({frame_kind::temporary_subscribe, 0, 0, 0, std::string(129, 't'), {}}) == errc::too_long);
    CHECK(enc_error({frame_kind::transparent_publish, 0, 0, 0, {}, {}}) == errc::at_invalid_frame);
    CHECK(enc_error({static_cast<frame_kind>(42), 0, 0, 0, {}, "x"}) == errc::at_invalid_frame);
    char small[4] = {};
    auto r = usr::encode(frame{frame_kind::preset_publish, 1, 0, 0, {}, "abcd"}, mutable_bytes(small, sizeof small));
    CHECK(r.error() == errc::buffer_too_small);
}

TEST_CASE("usr frames: payloads run to the frame end, commas and all") {
    auto up = usr::decode_frame("10,a,b,c", transfer_mode::distribution, usr::direction::uplink);
    REQUIRE(up.ok());
    CHECK(up->kind == frame_kind::preset_publish);
    CHECK(up->slot == 10);
    CHECK(up->payload == "a,b,c");
    auto tp = usr::decode_frame("0,0,t,2,1,{\"k\":1,\"v\":2}", transfer_mode::distribution, usr::direction::uplink);
    REQUIRE(tp.ok());
    CHECK(tp->qos == 2);
    CHECK(tp->retain == 1);
    CHECK(tp->payload == "{\"k\":1,\"v\":2}");
    auto raw = usr::decode_frame("0,1,t,0", transfer_mode::transparent, usr::direction::uplink);
    CHECK(raw->kind == frame_kind::transparent_publish);
    CHECK(raw->payload == "0,1,t,0");
    auto down = usr::decode_frame("0,topic,x,y\r\n", transfer_mode::distribution, usr::direction::downlink);
    CHECK(down->kind == frame_kind::temporary_message);
    CHECK(down->topic == "topic");
    CHECK(down->payload == "x,y\r\n");
    CHECK(usr::decode_frame("7,", transfer_mode::distribution, usr::direction::downlink)->payload.empty());
}

TEST_CASE("usr frames: malformed frames give exact errors and offsets") {
    struct bad {
        const char* frame;
        bool uplink;
        errc error;
        std::size_t offset;
    };
    const bad cases[] = {
        {"", true, errc::at_missing_field, 0},
        {"x,1", true, errc::at_invalid_integer, 0},
        {"1", true, errc::at_missing_field, 1},             // no comma after the slot
        {"1x,a", true, errc::at_invalid_integer, 1},
        {"11,a", true, errc::out_of_range, 0},
        {"1234,a", true, errc::at_integer_overflow, 0},
        {"0,3,t,0", true, errc::at_invalid_enum, 2},         // flag 0/1/2
        {"0,0,t,3,0,x", true, errc::out_of_range, 6},        // QoS
        {"0,0,t,0,2,x", true, errc::out_of_range, 8},        // retain
        {"0,0,t,0,0", true, errc::at_missing_field, 9},      // no payload separator
        {"0,0,,0,0,x", true, errc::at_missing_field, 4},     // empty topic
        {"0,1,t", true, errc::at_missing_field, 5},          // no QoS
        {"0,1,t,0,x", true, errc::at_too_many_fields, 7},    // subscribe takes no payload
        {"0,1,t,0x", true, errc::at_invalid_integer, 7},
        {"0,2,t,", true, errc::at_missing_field, 6},
        {"0,topic", false, errc::at_missing_field, 7},       // temporary message without payload
        {"0,,x", false, errc::at_missing_field, 2},
        {"12,x", false, errc::out_of_range, 0},
        {"-1,x", false, errc::at_invalid_integer, 0},
        {"01,x", true, errc::at_invalid_integer, 0},          // leading zero: not what the encoder writes
        {"0,00,t,0", true, errc::at_invalid_integer, 2},
        {"0,0,t,00,0,x", true, errc::at_invalid_integer, 6},
        {"00,t,x", false, errc::at_invalid_integer, 0},
    };
    for (const bad& b : cases) {
        INFO(b.frame);
        auto r = usr::decode_frame(b.frame, transfer_mode::distribution,
                                   b.uplink ? usr::direction::uplink : usr::direction::downlink);
        REQUIRE(!r.ok());
        CHECK(r.error() == b.error);
        CHECK(r.offset() == b.offset);
    }
    CHECK(usr::decode_frame("", transfer_mode::transparent, usr::direction::uplink).error() == errc::at_invalid_frame);
    CHECK(usr::decode_frame("", transfer_mode::transparent, usr::direction::downlink).error() == errc::at_invalid_frame);
    std::string long_topic = "0," + std::string(129, 't') + ",x";
    CHECK(usr::decode_frame(long_topic, transfer_mode::distribution, usr::direction::downlink).error() == errc::too_long);
}

TEST_CASE("usr escape: +++, the module's a, our a, +ok") {
    CHECK(usr::escape.request == "+++");
    CHECK(usr::escape.confirm == "a");
    usr::escape_sequence esc;
    CHECK(esc.feed('a').error() == errc::at_unexpected_response);  // not started
    CHECK(esc.end_of_burst() == usr::escape_event::none);
    esc.start();
    esc.note_burst("1");  // a late data frame before the answer, a byte at a time
    esc.note_burst(",");
    CHECK(esc.end_of_burst() == usr::escape_event::none);
    esc.note_burst("a");  // alone in its burst: the answer
    CHECK(esc.feed('+').error() == errc::at_unexpected_response);  // no "+ok" awaited yet: nothing changes
    CHECK(esc.current() == usr::escape_sequence::state::await_ready);
    CHECK(esc.end_of_burst() == usr::escape_event::module_ready);
    CHECK(esc.current() == usr::escape_sequence::state::await_ok);
    CHECK(*esc.feed('+') == usr::escape_event::none);
    CHECK(esc.end_of_burst() == usr::escape_event::none);  // "+ok" may span bursts
    CHECK(*esc.feed('o') == usr::escape_event::none);
    CHECK(*esc.feed('k') == usr::escape_event::command_mode);
    CHECK(esc.current() == usr::escape_sequence::state::done);
    CHECK(esc.feed('x').error() == errc::at_unexpected_response);

    usr::escape_sequence broken;
    broken.start();
    broken.note_burst("a");
    CHECK(broken.end_of_burst() == usr::escape_event::module_ready);
    CHECK(*broken.feed('+') == usr::escape_event::none);
    auto r = broken.feed('x');
    CHECK(r.error() == errc::at_unexpected_character);
    CHECK(r.offset() == 1);
    CHECK(broken.current() == usr::escape_sequence::state::idle);
}

// Issue 17: a frame from the broker still arriving after +++ may hold an 'a'; only an 'a' that is a
// burst of its own is the module's answer.
TEST_CASE("usr escape: an a inside data before the answer is data") {
    usr::escape_sequence esc;
    esc.start();
    std::vector<usr::escape_event> events;
    auto burst = [&](bytes b) {
        for (char c : b) {  // a byte at a time, as the AT client: noted until the answer, then fed
            if (esc.current() == usr::escape_sequence::state::await_ready) {
                esc.note_burst(bytes(&c, 1));
                continue;
            }
            auto r = esc.feed(c);
            REQUIRE(r.ok());
            if (*r != usr::escape_event::none) events.push_back(*r);
        }
        auto e = esc.end_of_burst();
        if (e != usr::escape_event::none) events.push_back(e);
    };
    burst("1,data from broker");
    CHECK(events.empty());
    CHECK(esc.current() == usr::escape_sequence::state::await_ready);
    burst("ab");  // a burst that starts with 'a' but goes on is data too
    burst("0,a,a");
    CHECK(events.empty());
    burst("a");
    CHECK(events == std::vector<usr::escape_event>{usr::escape_event::module_ready});
    CHECK(esc.current() == usr::escape_sequence::state::await_ok);
    burst("+ok");
    CHECK(events == std::vector<usr::escape_event>{usr::escape_event::module_ready, usr::escape_event::command_mode});
    CHECK(esc.current() == usr::escape_sequence::state::done);
}

// note_burst(): a whole run of a burst at once (the session decoder's data events), the same rule.
TEST_CASE("usr escape: bursts noted whole") {
    usr::escape_sequence esc;
    esc.note_burst("a");  // not started: nothing changes
    CHECK_FALSE(esc.answer_held());
    esc.start();
    esc.note_burst("");  // no bytes: the burst is still empty
    esc.note_burst("a");
    CHECK(esc.answer_held());
    esc.note_burst("");
    CHECK(esc.answer_held());
    esc.note_burst("+ok");  // 'a' then more in one burst: data
    CHECK_FALSE(esc.answer_held());
    CHECK(esc.end_of_burst() == usr::escape_event::none);
    esc.note_burst("xa");
    CHECK_FALSE(esc.answer_held());
    CHECK(esc.end_of_burst() == usr::escape_event::none);
    esc.note_burst("a");
    CHECK(esc.end_of_burst() == usr::escape_event::module_ready);
    esc.note_burst("a");  // awaiting +ok: not a burst to note
    CHECK(*esc.feed('+') == usr::escape_event::none);
    CHECK(*esc.feed('o') == usr::escape_event::none);
    CHECK(*esc.feed('k') == usr::escape_event::command_mode);
}
