// The AT client with the RisingHF driver against the manual's standard-MQTT example
// (examples/logs/risinghf_example_standard.log, risinghf_imqttpubex.log, risinghf_imqttrecv.log): module
// packet ids from the late results, AT+IMQTTPUBEX's '>' for any byte, +IMQTTCONN:-1 as link loss, cache
// mode read on +IMQTTCOUNT; every answer fed whole, byte by byte and in chunks.
#include <atmqtt/client/drivers/risinghf.hpp>

#include "at_client_harness.hpp"

using namespace at_client_test;
using risinghf_client = client::at_client<client::drivers::risinghf, 1200, 1200>;
using Q = mqtt::qos;

namespace {

client::connect_options options() {
    client::connect_options o;
    o.client_id = "testMQTT";
    o.host = "203.156.205.55";
    o.port = 1883;
    o.keep_alive_s = 60;
    o.clean_session = false;
    o.username_flag = o.password_flag = true;
    return o;
}

void connect(harness<risinghf_client>& h, const client::connect_options& o, bool cached = false) {
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == (cached ? "AT+IMQTTMODE=2,0,1\r" : "AT+IMQTTMODE=2,0,0\r"));
    CHECK(h.modem("AT+IMQTTMODE=2,0\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+IMQTTPARA=TIMEOUT,1,CLEAN,0,KEEPALIVE,60,VERSION,3.1.1\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+IMQTTADDR=203.156.205.55,1883,\"testMQTT\"\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+IMQTTUSER=\"\",\"\"\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+IMQTTCONN\r");
    CHECK(h.modem("AT+IMQTTCONN\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});
}

}  // namespace

TEST_CASE("risinghf: the manual's standard-MQTT session") {
    harness<risinghf_client> h(risinghf_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);

    const mqtt::subscription subs[] = {{"/mqtt1/user/test", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.written() == "AT+IMQTTSUB=/mqtt1/user/test,1\r");
    CHECK(h.modem("AT+IMQTTSUB=/mqtt1/user/test,1\r\nOK\r\n\r\n+IMQTTSUB:2,1\r\n") == lines{"subscribed 2 1"});

    REQUIRE(h.c.publish("/mqtt1/user/test", "test message!!", Q::at_least_once).ok());
    CHECK(h.written() == "AT+IMQTTPUBEX=/mqtt1/user/test,1,0,14\r");
    CHECK(h.modem(">").empty());
    CHECK(h.written() == "test message!!");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTPUBEX:11,0\r\n") == lines{"published 11"});
    CHECK(h.modem("\r\n+IMQTTRCVPUB:3,\"/mqtt1/user/test\",14,\"test message!!\"\r\n") ==
          lines{"message /mqtt1/user/test 'test message!!' 0/14 q0 id 3"});

    REQUIRE(h.c.publish("/mqtt1/user/test", "", Q::at_least_once).ok());
    CHECK(h.written() == "AT+IMQTTPUBIN=/mqtt1/user/test,1,,0\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTPUB:4,0\r\n") == lines{"published 4"});

    const bytes filters[] = {"/mqtt1/user/test"};
    REQUIRE(h.c.unsubscribe(filters).ok());
    CHECK(h.written() == "AT+IMQTTUNSUB=/mqtt1/user/test\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTUNSUB:5,0\r\n") == lines{"unsubscribed 5"});

    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+IMQTTDISCONN\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n") == lines{"disconnected requested"});
}

TEST_CASE("risinghf: every byte value after '>', and back cut by <messageLen>; limits") {
    harness<risinghf_client> h(risinghf_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    REQUIRE(h.c.publish("b", all, Q::exactly_once, true).ok());
    CHECK(h.written() == "AT+IMQTTPUBEX=b,2,1,256\r");
    CHECK(h.modem("\r\n+IMQTTRCVPUB:1,\"x\",3,\"a\r\n\"\r\n>").size() == 1);  // a URC before the prompt
    CHECK(h.written() == all);
    CHECK(h.modem("\r\n+IMQTTCONN:0\r\nOK\r\n\r\n+IMQTTPUBEX:12,0\r\n") == lines{"published 12"});
    const auto ev = h.modem("\r\n+IMQTTRCVPUB:9,\"b\",256,\"" + all + "\"\r\n");
    REQUIRE(ev.size() == 1);
    CHECK(ev[0] == "message b '" + all + "' 0/256 q0 id 9");

    REQUIRE(h.c.publish("b", std::string(1024, 'x')).ok());
    CHECK(h.written() == "AT+IMQTTPUBEX=b,0,0,1024\r");
    CHECK(h.c.publish("b", std::string(1025, 'x')).error() == errc::client_busy);
    CHECK(h.modem(">").empty());
    CHECK(h.written() == std::string(1024, 'x'));
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTPUBEX:13,0\r\n") == lines{"published 13"});
    CHECK(h.c.publish("b", std::string(1025, 'x')).error() == errc::client_payload_too_long);
    const mqtt::subscription q2[] = {{"a", Q::exactly_once}};
    CHECK(h.c.subscribe(q2).error() == errc::client_unsupported_qos);  // subscribe QoS 0-1 only
    const mqtt::subscription two[] = {{"a", Q::at_most_once}, {"b", Q::at_most_once}};
    CHECK(h.c.subscribe(two).error() == errc::capacity_exceeded);
}

TEST_CASE("risinghf: link loss, failure results, ERROR, cache mode") {
    client::drivers::risinghf d;
    d.cache_receive = true;
    harness<risinghf_client> h(risinghf_client{d}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o, true);
    CHECK(h.modem("\r\n+IMQTTCOUNT :1\r\n").empty());
    CHECK(h.written() == "AT+IMQTTRECV=1\r");
    CHECK(h.modem("\r\n+IMQTTRECV:13771,\"/a/b\",15,\"test message1!!\"\r\n\r\nOK\r\n") ==
          lines{"message /a/b 'test message1!!' 0/15 q0 id 13771"});
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    (void)h.written();
    CHECK(h.modem(">\r\nOK\r\n\r\n+IMQTTPUBEX:20,1\r\n") == lines{"error 20 (client_command_failed)"});
    REQUIRE(h.c.publish("t", "x").ok());
    (void)h.written();
    CHECK(h.modem("\r\nERROR\r\n") == lines{"error 0 (client_command_failed)"});
    // an extended error with the separators this dialect's syntax tolerates ('=', a fullwidth colon)
    for (const char* error : {"\r\n+CME ERROR=3\r\n", "\r\n+CME ERROR\xEF\xBC\x9A 3\r\n"}) {
        REQUIRE(h.c.publish("t", "x").ok());
        (void)h.written();
        CHECK(h.modem(error) == lines{"error 0 (client_command_failed)"});
    }
    CHECK(h.modem("\r\n+IMQTTCONN:-1\r\n") == lines{"disconnected link_lost"});
    CHECK_FALSE(h.c.connected());
    connect(h, o, true);
}
