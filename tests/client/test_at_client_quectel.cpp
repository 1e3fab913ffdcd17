// The AT client with the Quectel driver against the manual's §5.1 example (examples/logs/
// quectel_5_1_mqtt_without_ssl.log, with echo): exact commands written, exact events, every answer fed
// whole, byte by byte, in chunks and split at every offset; URCs between lines and between '>' and OK;
// ERROR, late results, link loss during a prompt, timeouts, cache receive mode, any payload byte.
#include <atmqtt/client/drivers/quectel.hpp>

#include "at_client_harness.hpp"

using namespace at_client_test;
using quectel_client = client::at_client<client::drivers::quectel, 256, 2048>;
using Q = mqtt::qos;

namespace {

client::connect_options options() {
    client::connect_options o;
    o.client_id = "clientExample";
    o.host = "iot-as-mqtt.cn-shanghai.aliyuncs.com";
    o.port = 1883;
    o.keep_alive_s = 120;
    return o;
}

// connect() through the nine configuration and connection commands, each answered as the manual does.
void connect(harness<quectel_client>& h, const client::connect_options& o) {
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    CHECK(h.modem("AT+QMTCFG=\"version\",0,4\r\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"timeout\",0,5,3,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"keepalive\",0,120\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"session\",0,1\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"will\",0,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"recv/mode\",0,0,1\r");
    CHECK(h.modem("AT+QMTCFG=\"recv/mode\",0,0,1\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"ssl\",0,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r");
    CHECK(h.modem("AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r\nOK\r\n").empty());
    CHECK(h.written().empty());  // waits for the deferred result
    CHECK(h.modem("\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCONN=0,\"clientExample\"\r");
    CHECK(h.modem("AT+QMTCONN=0,\"clientExample\"\r\nOK\r\n").empty());
    CHECK_FALSE(h.c.connected());
    CHECK(h.modem("\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(h.c.connected());
    CHECK(h.c.ready());
}

template <class H>
void connect_big(H& h) {
    static const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    (void)h.written();
}

}  // namespace

TEST_CASE("quectel: the manual's session, fed whole, byte by byte and in chunks") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);

    const mqtt::subscription subs[] = {{"topic/example", Q::exactly_once}};
    auto id = h.c.subscribe(subs);
    REQUIRE(id.ok());
    CHECK(*id == 1);
    CHECK(h.written() == "AT+QMTSUB=0,1,\"topic/example\",2\r");
    CHECK(h.c.publish("t", "x").error() == errc::client_busy);  // one command at a time
    CHECK(h.modem("AT+QMTSUB=0,1,\"topic/example\",2\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+QMTSUB: 0,1,0,2\r\n") == lines{"subscribed 1 2"});

    // a pushed message, its payload with a comma, announced by length
    CHECK(h.modem("\r\n+QMTRECV: 0,0,\"topic/example\",36,\"This is the payload related to topic\"\r\n") ==
          lines{"message topic/example 'This is the payload related to topic' 0/36 q0"});

    // QoS 0 publish: '>' then exactly the 30 bytes, completion on +QMTPUBEX
    auto p = h.c.publish("topic/pub", "This is test data, hello MQTT.");
    REQUIRE(p.ok());
    CHECK(*p == 0);
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r");
    CHECK(h.modem("AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r\n>").empty());
    CHECK(h.written() == "This is test data, hello MQTT.");
    CHECK(h.modem("This is test data, hello MQTT.\r\nOK\r\n").empty());  // the data echoed, as the manual shows
    CHECK(h.modem("\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});

    const bytes filters[] = {"topic/example"};
    auto u = h.c.unsubscribe(filters);
    REQUIRE(u.ok());
    CHECK(h.written() == "AT+QMTUNS=0,2,\"topic/example\"\r");  // the manual's msgid 2
    CHECK(h.modem("AT+QMTUNS=0,2,\"topic/example\"\r\nOK\r\n\r\n+QMTUNS: 0,2,0\r\n") == lines{"unsubscribed 2"});

    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.modem("AT+QMTDISC=0\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.connect(o).ok());  // a new connection may start at once
}

TEST_CASE("quectel: QoS 1 and 2 complete on the +QMTPUBEX result of their msgid, split at every offset") {
    const std::string answer =
        "AT+QMTPUBEX=0,1,1,1,\"a/b\",5\r\n>hello\r\nOK\r\n\r\n+QMTPUBEX: 0,1,1,1\r\n+QMTPUBEX: 0,1,0\r\n";
    const std::size_t split = GENERATE_COPY(range(std::size_t{0}, answer.size() + 1));
    harness<quectel_client> h(quectel_client{}, feeding{0, split});
    const client::connect_options o = options();
    connect(h, o);
    auto p = h.c.publish("a/b", "hello", Q::at_least_once, true);
    REQUIRE(p.ok());
    CHECK(*p == 1);
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,1,\"a/b\",5\r");
    // the retransmission notice (result 1) is not the completion; result 0 for msgid 1 is
    lines ev = h.modem(answer);
    CHECK(ev == lines{"published 1"});
    CHECK(h.written() == "hello");

    auto p2 = h.c.publish("a/b", "x", Q::exactly_once);
    REQUIRE(p2.ok());
    CHECK(*p2 == 2);
    CHECK(h.written() == "AT+QMTPUBEX=0,2,2,0,\"a/b\",1\r");
    CHECK(h.modem(">").empty());
    CHECK(h.written() == "x");
    // another msgid's result is not ours
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,7,0\r\n").empty());
    CHECK(h.modem("\r\n+QMTPUBEX: 0,2,0\r\n") == lines{"published 2"});
}

TEST_CASE("quectel: URCs between lines and between '>' and OK; a result before OK") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    REQUIRE(h.c.publish("t", "a,\"b\"\r\nOK\r\n", Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",11\r");
    CHECK(h.modem("\r\n+QMTRECV: 0,5,\"x\",2,hi\r\n>").size() == 1);
    CHECK(h.written() == "a,\"b\"\r\nOK\r\n");
    CHECK(h.modem("\r\n+QMTRECV: 0,0,\"y\",3,\"o,k\"\r\n") == lines{"message y 'o,k' 0/3 q0"});
    CHECK(h.modem("\r\n+QMTPUBEX: 0,1,0\r\n").empty());  // before its OK: kept
    CHECK(h.modem("\r\nOK\r\n") == lines{"published 1"});
}

TEST_CASE("quectel: an echoing modem echoes the data after '>' too: an OK inside it is data") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    const std::string tricky = "x\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n>";
    REQUIRE(h.c.publish("t", tricky, Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",28\r");
    CHECK(h.modem("AT+QMTPUBEX=0,1,1,0,\"t\",28\r\n>" + tricky).empty());
    CHECK(h.written() == tricky);
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
}

TEST_CASE("quectel: every byte value 0-255 goes out after '>' and comes back in +QMTRECV") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    REQUIRE(h.c.publish("bin", all, Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"bin\",256\r");
    CHECK(h.modem("\r\n>").empty());
    CHECK(h.written() == all);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});

    // and back: the announced length, not CR, LF, quotes or commas, ends the payload
    using big_client = client::at_client<client::drivers::quectel, 512, 512>;
    harness<big_client> r(big_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    connect_big(r);
    const auto ev = r.modem("\r\n+QMTRECV: 0,9,\"bin\",256,\"" + all + "\"\r\n+QMTRECV: 0,0,\"e\",0,\"\"\r\n");
    REQUIRE(ev.size() == 2);
    CHECK(ev[0] == "message bin '" + all + "' 0/256 q1 id 9");
    CHECK(ev[1] == "message e '' 0/0 q0");
}

TEST_CASE("quectel: payloads of 0, 1 and 1500 bytes; 1501 and QoS / topic limits refused") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    REQUIRE(h.c.publish("t", "").ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",0\r");
    CHECK(h.modem(">\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});
    REQUIRE(h.c.publish("t", "1").ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",1\r");
    CHECK(h.modem(">").empty());
    CHECK(h.written() == "1");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});
    const std::string big(1500, 'z');
    REQUIRE(h.c.publish("t", big).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",1500\r");
    CHECK(h.modem(">").empty());
    CHECK(h.written() == big);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});

    CHECK(h.c.publish("t", std::string(1501, 'z')).error() == errc::client_payload_too_long);
    CHECK(h.c.publish(std::string(257, 't'), "x").error() == errc::client_topic_too_long);
    CHECK(h.c.publish("", "x").error() == errc::client_topic_too_long);
    const std::string long_filter(257, 'f');
    const bytes too_long[] = {long_filter};
    CHECK(h.c.unsubscribe(too_long).error() == errc::client_topic_too_long);
    CHECK(h.c.unsubscribe(atmqtt::span<const bytes>()).error() == errc::capacity_exceeded);
    CHECK(h.written().empty());  // refused: nothing written
}

TEST_CASE("quectel: ERROR fails the request; +QMTSTAT during a prompt ends the connection") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    const mqtt::subscription subs[] = {{"a", Q::at_least_once}, {"b/#", Q::at_most_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",1,\"b/#\",0\r");
    CHECK(h.modem("\r\n+CME ERROR: 3\r\n") == lines{"error 1 (client_command_failed)"});
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.written() == "AT+QMTSUB=0,2,\"a\",1,\"b/#\",0\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTSUB: 0,2,0,1,128\r\n") == lines{"subscribed 2 1 128"});
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTSUB: 0,3,2\r\n") == lines{"error 3 (client_command_failed)"});

    REQUIRE(h.c.publish("t", "data", Q::at_least_once).ok());
    (void)h.written();
    CHECK(h.modem("\r\n>").empty());
    CHECK(h.written() == "data");
    CHECK(h.modem("\r\n+QMTSTAT: 0,1\r\n") == lines{"disconnected link_closed"});
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());
    CHECK(h.c.publish("t", "x").error() == errc::client_not_connected);
    // a late OK of the abandoned command is tolerated
    CHECK(h.modem("\r\nOK\r\n").empty());
    // reconnect: connect() again
    connect(h, o);
}

TEST_CASE("quectel: connection refused, open failure, link-loss reasons, ping failure") {
    harness<quectel_client> h;
    client::connect_options o = options();
    o.username_flag = o.password_flag = true;
    o.username = "u";
    o.password = "p,w";
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCONN=0,\"clientExample\",\"u\",\"p,w\"\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,5\r\n") == lines{"disconnected refused 5 (client_command_failed)"});
    CHECK_FALSE(h.c.connected());

    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n") == lines{"disconnected modem_error (client_command_failed)"});

    (void)h.written();
    connect(h, options());
    CHECK(h.modem("\r\n+QMTPING: 0,1\r\n") == lines{"disconnected ping_timeout"});
    connect(h, options());
    CHECK(h.modem("\r\n+QMTSTAT: 0,2\r\n") == lines{"disconnected ping_timeout"});
    connect(h, options());
    CHECK(h.modem("\r\n+QMTSTAT: 1,7\r\n").empty());  // another client's
    CHECK(h.modem("\r\n+QMTSTAT: 0,7\r\n") == lines{"disconnected link_lost"});
}

TEST_CASE("quectel: timeouts come from the manual's table") {
    harness<quectel_client> h;
    const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.c.next_deadline() == client::time_ms{1000 + 300});  // QMTCFG: 300 ms
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.c.next_deadline() == client::time_ms{1000 + 120000});  // QMTOPEN: 120 s
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.c.next_deadline() == client::time_ms{1000 + 5000});  // QMTCONN: <pkt_timeout>
    CHECK(h.advance(4999).empty());
    CHECK(h.advance(1) == lines{"disconnected command_timeout (client_command_timeout)"});
    CHECK_FALSE(h.c.next_deadline());

    (void)h.written();
    connect(h, o);
    REQUIRE(h.c.publish("t", "x", Q::exactly_once).ok());
    CHECK(h.c.next_deadline() == client::time_ms{h.now + 15000});  // <pkt_timeout> x <retry_times>
    CHECK(h.advance(15000) == lines{"error 1 (client_command_timeout)"});
    CHECK(h.c.connected());
    CHECK(h.c.ready());

    // the caller's slack for a slow transport is added to every timeout
    harness<quectel_client> slow(quectel_client{client::drivers::quectel{}, 2000});
    REQUIRE(slow.c.connect(o).ok());
    CHECK(slow.c.next_deadline() == client::time_ms{1000 + 300 + 2000});
}

TEST_CASE("quectel: cache receive mode reads a stored message on its notice") {
    client::drivers::quectel d;
    d.cache_receive = true;
    harness<quectel_client> h(quectel_client{d}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 5; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.written() == "AT+QMTCFG=\"recv/mode\",0,1,1\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n").empty());
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});

    CHECK(h.modem("\r\n+QMTRECV: 0,2\r\n").empty());
    CHECK(h.written() == "AT+QMTRECV=0,2\r");
    CHECK_FALSE(h.c.ready());
    CHECK(h.modem("AT+QMTRECV=0,2\r\n+QMTRECV: 0,7,\"s\",4,\"a\r\nb\"\r\n\r\nOK\r\n") == lines{"message s 'a\r\nb' 0/4 q1 id 7"});
    CHECK(h.c.ready());
}

TEST_CASE("quectel: a binary will goes through AT+QMTCFG=\"willex\" and its '>'") {
    harness<quectel_client> h;
    client::connect_options o = options();
    o.will_flag = true;
    o.will.topic = "dev/status";
    o.will.payload = bytes("off\0\"\r\n", 7);
    o.will.qos = Q::at_least_once;
    o.will.retain = true;
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 4; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.written() == "AT+QMTCFG=\"willex\",0,1,1,1,\"dev/status\",7\r");
    CHECK(h.modem(">").empty());
    CHECK(h.written() == std::string("off\0\"\r\n", 7));
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+QMTCFG=\"recv/mode\",0,0,1\r");
}

TEST_CASE("quectel: refusals name what the modem cannot carry") {
    harness<quectel_client> h;
    client::connect_options o = options();
    o.client_id = "";
    CHECK(h.c.connect(o).error() == errc::mqtt_invalid_client_id);
    o = options();
    o.will_flag = true;
    o.will.topic = "";
    CHECK(h.c.connect(o).error() == errc::client_unsupported_will);
    CHECK(h.written().empty());
    CHECK(h.c.publish("t", "x").error() == errc::client_not_connected);
    STATIC_REQUIRE(quectel_client::caps().qos2);
    STATIC_REQUIRE(quectel_client::caps().max_payload == 1500);
    STATIC_REQUIRE(client::timeout_for(client::drivers::quectel::timeouts, "QMTOPEN", {}, 0) == 120000);
    STATIC_REQUIRE(client::timeout_for(client::drivers::quectel::timeouts, "QMTSUB", {10, 2}, 0) == 20000);
}

TEST_CASE("quectel: a network left open (+QMTOPEN: 0,2) is closed and opened again, once") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 7)));
    const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.written() == "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n").empty());
    CHECK(h.written() == "AT+QMTCLOSE=0\r");
    CHECK(h.c.next_deadline() == client::time_ms{h.now + 30000});  // QMTCLOSE: 30 s
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n") == lines{"disconnected modem_error (client_command_failed)"});

    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n").empty());
    CHECK(h.written() == "AT+QMTCLOSE=0\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCCLOSE: 0,-1\r\n").empty());  // the manual's other spelling
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCONN=0,\"clientExample\"\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
}

TEST_CASE("quectel: a duplicated result is not a second completion; a lost one times out") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 3)));
    const client::connect_options o = options();
    connect(h, o);
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.modem("\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
    CHECK(h.c.ready());
    const mqtt::subscription subs[] = {{"s", Q::at_most_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTSUB: 0,1,0,0\r\n").empty());  // the old publish's msgid 1 is not msgid 2's
    CHECK(h.modem("\r\n+QMTSUB: 0,2,0,0\r\n") == lines{"subscribed 2 0"});
    REQUIRE(h.c.publish("t", "y", Q::at_least_once).ok());
    CHECK(h.modem("\r\n>\r\nOK\r\n").empty());  // +QMTPUBEX never comes
    CHECK(h.advance(15000) == lines{"error 3 (client_command_timeout)"});
    CHECK(h.c.ready());
}
