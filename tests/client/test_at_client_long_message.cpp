// Messages longer than the client's line buffer: Quectel's +QMTRECV and RisingHF's +IMQTTRCVPUB /
// +IMQTTRECV of the largest size each model accepts (1500 / 1024 bytes, every byte value, CR LF, quotes)
// come out as chunks (offset, total, the topic and id in each) with a 64-byte line buffer, fed whole, byte
// by byte and split at every offset; pushed and read from the modem's cache; the session goes on.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include "at_client_script.hpp"

using namespace at_client_test;
namespace drivers = client::drivers;
using Q = mqtt::qos;

namespace {

std::string every_byte(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>((i * 7 + 13) & 0xFF);
    return s;
}

// The chunks of one message as they came, joined; the other events described.
struct received {
    std::string topic;
    std::string payload;
    std::uint32_t total = 0;
    std::uint16_t id = 0;
    std::size_t chunks = 0;
    bool ordered = true;  // each chunk starts where the last ended, same topic, id and total
    lines others;
};

template <class H>
void take(H& h, received& r) {
    while (client::event e = h.c.next_event()) {
        if (e.type != client::event_type::message || e.message.total <= 64) {
            r.others.push_back(describe(e));
            continue;
        }
        const client::message_view& m = e.message;
        if (r.chunks == 0) {
            r.topic = std::string(m.topic);
            r.total = m.total;
            r.id = m.packet_id;
        }
        r.ordered = r.ordered && m.offset == r.payload.size() && std::string(m.topic) == r.topic &&
                    m.total == r.total && m.packet_id == r.id && !m.payload.empty();
        r.payload.append(m.payload.data(), m.payload.size());
        ++r.chunks;
    }
    h.drain_output();
}

// The modem's bytes fed whole, in chunks of `step`, or in two pieces cut at `cut`; each piece from one
// receive buffer that the next piece overwrites (a UART driver's), so no view may outlive its piece.
template <class H>
received feed(H& h, const std::string& text, std::size_t step, std::size_t cut = std::string::npos) {
    received r;
    std::string uart(text.size(), '\0');
    auto piece = [&](std::size_t at, std::size_t n) {
        uart.assign(text, at, n);
        REQUIRE(h.c.feed(bytes(uart.data(), n)) == n);
        take(h, r);
        uart.assign(uart.size(), '#');
    };
    if (cut != std::string::npos) {
        piece(0, cut);
        piece(cut, text.size() - cut);
    } else {
        for (std::size_t at = 0; at < text.size(); at += step) piece(at, std::min(step, text.size() - at));
    }
    return r;
}

}  // namespace

TEST_CASE("long message: Quectel's largest +QMTRECV through a 64-byte line buffer, split everywhere") {
    using quectel_client = client::at_client<drivers::quectel, 64>;
    const client::connect_options o = dev_options();
    const std::string payload = every_byte(1500);
    const std::string text = "\r\n+QMTRECV: 0,5,\"dev/down/big\",1500,\"" + payload +
                             "\"\r\n\r\n+QMTRECV: 0,0,\"s\",2,\"ok\"\r\n";
    harness<quectel_client> h;
    connect_any(h, o);
    auto check = [&](const received& r) {
        CHECK(r.topic == "dev/down/big");
        CHECK(r.total == 1500);
        CHECK(r.id == 5);
        CHECK(r.ordered);
        CHECK(r.payload == payload);
        CHECK(r.others == lines{"message s 'ok' 0/2 q0"});  // the next line, read as usual
    };
    SECTION("whole, then byte by byte, then in chunks of 7") {
        const received whole = feed(h, text, text.size());
        check(whole);
        CHECK(whole.chunks == 1);
        const received bytewise = feed(h, text, 1);
        check(bytewise);
        CHECK(bytewise.chunks == 1500);
        check(feed(h, text, 7));
    }
    SECTION("split at every offset") {
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            const received r = feed(h, text, 0, cut);
            check(r);
            CHECK(r.chunks <= 2);
        }
    }
    // a chunk fed before the last one was read is refused, and the pieces still come from the last one
    REQUIRE(h.c.feed(bytes(text.data(), 60)) == 60);
    CHECK(h.c.feed(bytes(text.data() + 60, 10)) == 0);
    received r;
    take(h, r);
    CHECK(r.payload == payload.substr(0, 60 - (text.find(",1500,\"") + 7)));
    REQUIRE(h.c.feed(bytes(text.data() + 60, text.size() - 60)) == text.size() - 60);
    take(h, r);
    CHECK(r.payload == payload);
    // the session goes on: a request after it
    REQUIRE(h.c.publish("t", "x").ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",1\r");
}

TEST_CASE("long message: Quectel reads a long message from its cache in chunks, then the OK") {
    using quectel_client = client::at_client<drivers::quectel, 64>;
    drivers::quectel d;
    d.cache_receive = true;
    const client::connect_options o = dev_options();
    const std::string payload = every_byte(1500);
    const auto step = static_cast<std::size_t>(GENERATE(0, 1, 3, 64));
    harness<quectel_client> h(quectel_client{d});
    connect_any(h, o);
    CHECK(feed(h, "\r\n+QMTRECV: 0,3\r\n", 1).others.empty());
    CHECK(h.written() == "AT+QMTRECV=0,3\r");
    const std::string answer = "\r\n+QMTRECV: 0,9,\"c\",1500," + payload + "\r\n\r\nOK\r\n";
    const received r = feed(h, answer, step == 0 ? answer.size() : step);
    CHECK(r.topic == "c");
    CHECK(r.id == 9);
    CHECK(r.ordered);
    CHECK(r.payload == payload);  // unquoted, as the manual's second example prints it
    CHECK(r.others.empty());
    CHECK(h.c.ready());  // the read completed with its OK
}

TEST_CASE("long message: another client's, or one whose head does not read, is reported and skipped") {
    using quectel_client = client::at_client<drivers::quectel, 64>;
    const client::connect_options o = dev_options();
    harness<quectel_client> h;
    connect_any(h, o);
    const std::string big(100, 'b');
    CHECK(h.modem("\r\n+QMTRECV: 1,5,\"t\",100,\"" + big + "\"\r\n+QMTRECV: 0,0,\"s\",2,\"ok\"\r\n") ==
          lines{"error 0 (at_line_too_long)", "message s 'ok' 0/2 q0"});
    CHECK(h.modem("\r\n+QMTRECV: 0,x,\"t\",100,\"" + big + "\"\r\n") == lines{"error 0 (at_line_too_long)"});
    CHECK(h.modem("\r\n+QMTRECV: 0,5,\"" + std::string(60, 't') + "\",100,\"" + big + "\"\r\n") ==
          lines{"error 0 (at_line_too_long)"});  // the topic itself does not fit
    // an empty payload whose quotes do not fit after the head
    CHECK(h.modem("\r\n+QMTRECV: 0,5,\"" + std::string(44, 't') + "\",0,\"\"\r\n") == lines{"error 0 (at_line_too_long)"});
    CHECK(h.modem("\r\n+QMTRECV: 0,0,\"s\",2,\"ok\"\r\n") == lines{"message s 'ok' 0/2 q0"});
}

TEST_CASE("long message: RisingHF's largest +IMQTTRCVPUB and +IMQTTRECV through a 64-byte line buffer") {
    using risinghf_client = client::at_client<drivers::risinghf, 64>;
    const client::connect_options o = dev_options();
    const std::string payload = every_byte(1024);
    const std::string text = "\r\n+IMQTTRCVPUB:46438,\"/a1R3d3WsBI0/test1/user/test\",1024,\"" + payload +
                             "\"\r\n+IMQTTRCVPUB:7,\"s\",2,\"ok\"\r\n";
    harness<risinghf_client> h;
    connect_any(h, o);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        const received r = feed(h, text, 0, cut);
        CHECK(r.topic == "/a1R3d3WsBI0/test1/user/test");
        CHECK(r.total == 1024);
        CHECK(r.id == 46438 % 65536);
        CHECK(r.ordered);
        CHECK(r.payload == payload);
        CHECK(r.others == lines{"message s 'ok' 0/2 q0 id 7"});
    }
    CHECK(feed(h, "\r\n+IMQTTRCVPUB:x,\"t\",100,\"" + std::string(100, 'b') + "\"\r\n", 1).others ==
          lines{"error 0 (at_line_too_long)"});
    CHECK(feed(h, "\r\n+IMQTTRCVPUB:7,\"t\",x,\"hi\"\r\n", 1).others == lines{"error 0 (at_invalid_integer)"});

    drivers::risinghf d;
    d.cache_receive = true;
    harness<risinghf_client> c(risinghf_client{d});
    connect_any(c, o);
    CHECK(feed(c, "\r\n+IMQTTCOUNT :1\r\n", 1).others.empty());
    CHECK(c.written() == "AT+IMQTTRECV=1\r");
    const received r = feed(c, "\r\n+IMQTTRECV:13771,\"/a/b\",1024,\"" + payload + "\"\r\n\r\nOK\r\n", 5);
    CHECK(r.topic == "/a/b");
    CHECK(r.payload == payload);
    CHECK(r.others.empty());
    CHECK(c.c.ready());
}

TEST_CASE("long message: OneMO splits long messages itself; one longer than the line buffer is reported") {
    using onemo_client = client::at_client<drivers::onemo, 64>;
    const client::connect_options o = dev_options();
    harness<onemo_client> h;
    connect_any(h, o);
    const std::string big(100, 'b');
    CHECK(h.modem("\r\n+MQTTURC: \"publish\",0,4,\"t\",100,100," + big + "\r\n+MQTTURC: \"publish\",0,0,\"s\",2,2,ok\r\n") ==
          lines{"error 0 (at_line_too_long)", "message s 'ok' 0/2 q0"});
}
