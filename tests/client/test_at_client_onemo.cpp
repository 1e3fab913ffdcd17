// The AT client with the OneMO driver against the manual's examples (examples/logs/onemo_3_*.log and
// onemo_4_1_*.log): module-assigned <mid>s read back, completion on "puback" / "pubcomp" / "suback",
// "conn" as connect result, disconnect result and link loss, cache mode, hex publish of any byte, split
// "publish" URCs delivered in chunks; every answer fed whole, byte by byte, in chunks and split at every offset.
#include <atmqtt/client/drivers/onemo.hpp>

#include "at_client_harness.hpp"

using namespace at_client_test;
using onemo_client = client::at_client<client::drivers::onemo, 600, 4200>;
using Q = mqtt::qos;

namespace {

client::connect_options options() {
    client::connect_options o;
    o.client_id = "716335458";
    o.host = "mqtt.heclouds.com";
    o.port = 6002;
    o.keep_alive_s = 120;
    o.username_flag = o.password_flag = true;
    o.username = "425089";
    o.password = "SnMHaAOMCbQD90eADEGpMBPu8pI=";
    return o;
}

void connect(harness<onemo_client>& h, const client::connect_options& o, bool cached = false) {
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "AT+MQTTCFG=\"version\",0,4\r");
    CHECK(h.modem("AT+MQTTCFG=\"version\",0,4\r\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"keepalive\",0,120\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"clean\",0,1\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"retrans\",0,20,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"reconn\",0,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"encoding\",0,1,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"willoption\",0,0,0,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == (cached ? "AT+MQTTCFG=\"cached\",0,1\r" : "AT+MQTTCFG=\"cached\",0,0\r"));
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCFG=\"ssl\",0,0\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.written() == "AT+MQTTCONN=0,\"mqtt.heclouds.com\",6002,\"716335458\",\"425089\",\"SnMHaAOMCbQD90eADEGpMBPu8pI=\"\r");
    CHECK(h.modem("AT+MQTTCONN=0,\"mqtt.heclouds.com\",6002,\"716335458\",\"425089\",\"SnMHaAOMCbQD90eADEGpMBPu8pI=\"\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0,0\r\n") == lines{"connected new"});
    CHECK(h.c.connected());
}

}  // namespace

TEST_CASE("onemo: the manual's plain-access session (§4.1.1)") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);

    const mqtt::subscription subs[] = {{"world", Q::at_least_once}, {"hello", Q::exactly_once}};
    auto id = h.c.subscribe(subs);
    REQUIRE(id.ok());
    CHECK(*id == 0);  // the module assigns it
    CHECK(h.written() == "AT+MQTTSUB=0,\"world\",1,\"hello\",2\r");
    CHECK(h.modem("AT+MQTTSUB=0,\"world\",1,\"hello\",2\r\n+MQTTSUB: 0,18807\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,18807,1,2\r\n") == lines{"subscribed 18807 1 2"});

    CHECK(h.modem("\r\n+MQTTURC: \"publish\",0,2,\"world\",5,5,12345\r\n\r\n+MQTTURC: \"publish\",0,3,\"hello\",5,5,12345\r\n") ==
          lines{"message world '12345' 0/5 q1 id 2", "message hello '12345' 0/5 q1 id 3"});

    REQUIRE(h.c.publish("world", "2B", Q::at_least_once).ok());
    CHECK(h.written() == "AT+MQTTPUB=0,\"world\",1,0,0,2,\"3242\"\r");
    CHECK(h.modem("AT+MQTTPUB=0,\"world\",1,0,0,2,\"3242\"\r\n+MQTTPUB: 0,18809,15\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",0,18809,0\r\n") == lines{"published 18809"});

    REQUIRE(h.c.publish("world", "2B", Q::exactly_once).ok());
    CHECK(h.written() == "AT+MQTTPUB=0,\"world\",2,0,0,2,\"3242\"\r");
    CHECK(h.modem("\r\n+MQTTPUB: 0,18808,15\r\n\r\nOK\r\n\r\n+MQTTURC: \"pubrec\",0,18808,0\r\n") ==
          lines{"publish_received 18808"});
    CHECK(h.modem("\r\n+MQTTURC: \"pubcomp\",0,18808,0\r\n") == lines{"published 18808"});

    REQUIRE(h.c.publish("world", "2B").ok());
    CHECK(h.written() == "AT+MQTTPUB=0,\"world\",0,0,0,2,\"3242\"\r");
    CHECK(h.modem("\r\n+MQTTPUB: 0,18810,13\r\n\r\nOK\r\n") == lines{"published 0"});  // QoS 0: done on OK

    const bytes filters[] = {"world"};
    REQUIRE(h.c.unsubscribe(filters).ok());
    CHECK(h.written() == "AT+MQTTUNSUB=0,\"world\"\r");
    CHECK(h.modem("\r\n+MQTTUNSUB: 0,18795\r\n\r\nOK\r\n\r\n+MQTTURC: \"unsuback\",0,18795\r\n") == lines{"unsubscribed 18795"});

    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+MQTTDISC=0\r");
    CHECK(h.modem("AT+MQTTDISC=0\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,2\r\n") == lines{"disconnected requested"});
    CHECK_FALSE(h.c.connected());
}

TEST_CASE("onemo: a puback overtaking +MQTTPUB, split at every offset") {
    const std::string answer = "\r\n+MQTTURC: \"puback\",0,77,0\r\n\r\n+MQTTPUB: 0,77,15\r\n\r\nOK\r\n";
    const std::size_t split = GENERATE_COPY(range(std::size_t{0}, answer.size() + 1));
    harness<onemo_client> h(onemo_client{}, feeding{0, split});
    const client::connect_options o = options();
    connect(h, o);
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.written() == "AT+MQTTPUB=0,\"t\",1,0,0,1,\"78\"\r");
    CHECK(h.modem(answer) == lines{"published 77"});
    CHECK(h.c.ready());
}

TEST_CASE("onemo: every byte value goes out as hex and comes back raw; the largest message") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    REQUIRE(h.c.publish("bin", all, Q::at_least_once).ok());
    const std::string cmd = h.written();
    std::string hex;
    for (int b = 0; b < 256; ++b) {
        const char* d = "0123456789ABCDEF";
        hex += d[b >> 4];
        hex += d[b & 15];
    }
    CHECK(cmd == "AT+MQTTPUB=0,\"bin\",1,0,0,256,\"" + hex + "\"\r");
    CHECK(h.modem("\r\n+MQTTPUB: 0,5,271\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,5,0\r\n") == lines{"published 5"});

    // received raw: the announced length, not CR LF, quotes or commas, ends the payload
    const auto ev = h.modem("\r\n+MQTTURC: \"publish\",0,9,\"bin\",256,256," + all + "\r\n");
    REQUIRE(ev.size() == 1);
    CHECK(ev[0] == "message bin '" + all + "' 0/256 q1 id 9");

    // ML307R: <msg_len> up to 1024 (footnote 18), topics up to 256 (footnote 17)
    REQUIRE(h.c.publish("t", std::string(1024, 'a')).ok());
    std::string hex_a;
    for (int i = 0; i < 1024; ++i) hex_a += "61";
    CHECK(h.written() == "AT+MQTTPUB=0,\"t\",0,0,0,1024,\"" + hex_a + "\"\r");
    CHECK(h.modem("\r\n+MQTTPUB: 0,0,1031\r\n\r\nOK\r\n") == lines{"published 0"});
    CHECK(h.c.publish("t", std::string(1025, 'a')).error() == errc::client_payload_too_long);
    CHECK(h.c.publish(std::string(257, 't'), "a").error() == errc::client_topic_too_long);
    const mqtt::subscription four[] = {{"a", Q::at_most_once}, {"b", Q::at_most_once}, {"c", Q::at_most_once}, {"d", Q::at_most_once}};
    CHECK(h.c.subscribe(four).error() == errc::capacity_exceeded);  // three topics per AT+MQTTSUB
    client::connect_options v31 = o;
    v31.level = mqtt::protocol_level::v3_1;
    harness<onemo_client> h2;
    CHECK(h2.c.connect(v31).error() == errc::client_unsupported_option);  // "only 4 is supported"
}

TEST_CASE("onemo: a message split over several \"publish\" URCs arrives in chunks") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o);
    CHECK(h.modem("\r\n+MQTTURC: \"publish\",0,4,\"t\",7,4,ab,c\r\n\r\n+MQTTURC: \"publish\",0,4,\"t\",7,3,\r\nd\r\n") ==
          lines{"message t 'ab,c' 0/7 q1 id 4", "message t '\r\nd' 4/7 q1 id 4"});
    CHECK(h.modem("\r\n+MQTTURC: \"publish\",0,0,\"u\",1,1,z\r\n") == lines{"message u 'z' 0/1 q0"});
}

TEST_CASE("onemo: cache mode reads each \"pubnmi\" with AT+MQTTREAD (§4.1.2)") {
    client::drivers::onemo d;
    d.cache_receive = true;
    harness<onemo_client> h(onemo_client{d}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o, true);
    CHECK(h.modem("\r\n+MQTTUTC: \"pubnmi\",0,45,11\r\n+MQTTURC: \"pubnmi\",0,46,1\r\n").empty());
    CHECK(h.written() == "AT+MQTTREAD=0,1\r");
    CHECK(h.modem("AT+MQTTREAD=0,1\r\n+MQTTREAD: 0,45,\"hello\",11,hello world\r\n\r\nOK\r\n") ==
          lines{"message hello 'hello world' 0/11 q1 id 45"});
    CHECK(h.written() == "AT+MQTTREAD=0,1\r");  // the second notice
    CHECK(h.modem("\r\n+MQTTREAD: 0,46,\"hello\",1,!\r\n\r\nOK\r\n") == lines{"message hello '!' 0/1 q1 id 46"});
    CHECK(h.c.ready());
}

TEST_CASE("onemo: connection refused, link loss, +CME ERROR, the module's timeout") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 9; ++i) {
        (void)h.written();
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,3\r\n") == lines{"disconnected refused 0 (client_command_failed)"});

    (void)h.written();
    connect(h, o);
    const mqtt::subscription subs[] = {{"world", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    (void)h.written();
    CHECK(h.modem("\r\n+CME ERROR: 602\r\n") == lines{"error 0 (client_command_failed)"});
    // the dialect's aliases (+CIS ERROR, the manual's "#CME ERROR"); CONNECT with a rate is no result of
    // an MQTT command: not final
    const char* const alias = GENERATE("\r\n+CIS ERROR: 1\r\n", "\r\n#CME ERROR : 602\r\n");
    REQUIRE(h.c.subscribe(subs).ok());
    (void)h.written();
    CHECK(h.modem("\r\nCONNECT 115200\r\nCONNECT: 1\r\n").empty());
    CHECK_FALSE(h.c.ready());
    CHECK(h.modem(alias) == lines{"error 0 (client_command_failed)"});
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    (void)h.written();
    CHECK(h.modem("\r\n+MQTTPUB: 0,8,8\r\n\r\nOK\r\n\r\n+MQTTURC: \"timeout\",0,8\r\n") == lines{"error 8 (client_command_timeout)"});
    CHECK(h.c.next_deadline() == std::nullopt);
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.c.next_deadline() == client::time_ms{h.now + 20000});  // "retrans" 20 s, no retry
    (void)h.written();
    CHECK(h.modem("\r\n+MQTTPUB: 0,9,8\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0,1\r\n").empty());  // reconnecting: not yet a loss
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0,6\r\n") == lines{"disconnected link_lost"});
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());
}

// The client sends only AT+MQTTSUB's subscribe form (cmd::mqttsub): its +MQTTSUB lines are
// <connect_id>,<mid> whatever their shape. "t",1 (a listed subscription's shape) is no result: the <mid>
// is not learned; 1,2 is connect_id 1's <mid> 2, not this slot's; 0,2 is this request's <mid> 2.
TEST_CASE("onemo: +MQTTSUB after a subscribe is <connect_id>,<mid>") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    connect(h, options());
    const mqtt::subscription subs[] = {{"t", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.written() == "AT+MQTTSUB=0,\"t\",1\r");
    CHECK(h.modem("\r\n+MQTTSUB: \"t\",1\r\n\r\n+MQTTSUB: 1,2\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,7,1\r\n") == lines{"subscribed 7 1"});  // no <mid> learned

    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.written() == "AT+MQTTSUB=0,\"t\",1\r");
    CHECK(h.modem("\r\n+MQTTSUB: 0,2\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,7,1\r\n").empty());  // another request's
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,2,1\r\n") == lines{"subscribed 2 1"});
}

TEST_CASE("onemo: capabilities follow the model") {
    using nb = client::drivers::onemo_for<atmqtt::onemo::models::mn316a>;
    STATIC_REQUIRE(client::drivers::onemo::caps.max_payload == 1024);
    STATIC_REQUIRE(client::drivers::onemo::caps.tls);
    STATIC_REQUIRE(client::drivers::onemo::caps.client_slots == 6);
    STATIC_REQUIRE((client::drivers::onemo::caps.receive & client::receive_cache) != 0);
    STATIC_REQUIRE(nb::caps.max_payload == 4096);
    STATIC_REQUIRE_FALSE(nb::caps.tls);
    STATIC_REQUIRE(nb::caps.client_slots == 3);
    STATIC_REQUIRE(nb::caps.receive == client::receive_push);
    harness<client::at_client<nb, 300, 9000>> h;
    client::connect_options o = options();
    o.tls_context = 1;
    CHECK(h.c.connect(o).error() == errc::client_unsupported_tls);
}

TEST_CASE("onemo: \"pubrec\" tells a QoS 2 publish half way, only the running one's") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1)));
    connect(h, options());
    CHECK(h.modem("\r\n+MQTTURC: \"pubrec\",0,5,0\r\n").empty());  // no publish running
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    (void)h.written();
    CHECK(h.modem("\r\n+MQTTPUB: 0,6,15\r\n\r\nOK\r\n\r\n+MQTTURC: \"pubrec\",0,6,0\r\n").empty());  // QoS 1: none
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",0,6,0\r\n") == lines{"published 6"});
    REQUIRE(h.c.publish("t", "x", Q::exactly_once).ok());
    (void)h.written();
    // before +MQTTPUB: the module's id learnt from it; another id is not this publish's
    CHECK(h.modem("\r\n+MQTTURC: \"pubrec\",0,7,0\r\n") == lines{"publish_received 7"});
    CHECK(h.modem("\r\n+MQTTPUB: 0,7,15\r\n\r\nOK\r\n\r\n+MQTTURC: \"pubrec\",0,8,0\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"pubcomp\",0,7,0\r\n") == lines{"published 7"});
}
