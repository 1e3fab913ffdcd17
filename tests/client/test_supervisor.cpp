// supervisor<Engine>: back-off delays, reconnect after a loss, re-subscription of the caller's table (one
// request per modem command where the modem takes fewer filters), nothing after a requested disconnect,
// giving up after max_attempts. Driven through the AT client against scripted Quectel and RisingHF modems.
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>
#include <atmqtt/client/supervisor.hpp>

#include "../run_time.hpp"
#include "at_client_harness.hpp"

using namespace at_client_test;
using Q = mqtt::qos;

namespace {

template <class H, class S>
lines modem(H& h, S& sup, const std::string& text, std::uint32_t jitter = 0) {
    // the harness pulls the events; the supervisor sees them in the same order
    lines out;
    REQUIRE(h.c.feed(bytes(text)) == text.size());
    while (client::event e = h.c.next_event()) {
        out.push_back(describe(e));
        sup.on_event(e, h.now, jitter);
    }
    return out;
}

}  // namespace

TEST_CASE("supervisor: back-off doubles from base to max, plus part of the jitter") {
    constexpr client::backoff_policy p{1000, 8000, 0};
    STATIC_REQUIRE(client::backoff_delay(p, 0, 0) == 1000);
    STATIC_REQUIRE(client::backoff_delay(p, 1, 0) == 2000);
    STATIC_REQUIRE(client::backoff_delay(p, 3, 0) == 8000);
    STATIC_REQUIRE(client::backoff_delay(p, 200, 0) == 8000);
    STATIC_REQUIRE(client::backoff_delay(p, 0, 499) == 1499);
    STATIC_REQUIRE(client::backoff_delay(p, 0, 501) == 1000);  // jitter % (1000 / 2 + 1)
    STATIC_REQUIRE(client::backoff_delay(p, 3, 0xFFFFFFFFu) < 8000 + 4001);
}

TEST_CASE("supervisor: a lost Quectel connection is reopened after the delay and the table subscribed again") {
    using quectel_client = client::at_client<client::drivers::quectel, 256, 1024>;
    harness<quectel_client> h;
    client::connect_options o;
    o.client_id = "c";
    o.host = "h";
    const mqtt::subscription table[] = {{"a", Q::at_least_once}, {"b/#", Q::at_most_once}};
    client::supervisor<quectel_client> sup(h.c, o, table, {1000, 60000, 0});
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    }
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    (void)h.written();
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",1,\"b/#\",0\r");  // the table, in one command
    CHECK_FALSE(sup.resubscribed());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1,0\r\n") == lines{"subscribed 1 1 0"});
    CHECK(sup.resubscribed());

    CHECK(modem(h, sup, "\r\n+QMTSTAT: 0,1\r\n", 250) == lines{"disconnected link_closed"});
    CHECK(sup.next_deadline() == client::time_ms{h.now + 1250});
    h.now += 1249;
    sup.poll(h.now);
    CHECK(h.written().empty());
    h.now += 1;
    h.c.poll(h.now);
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    CHECK_FALSE(sup.next_deadline());
    // the reconnect fails: the next delay doubles
    CHECK(modem(h, sup, "\r\nERROR\r\n") == lines{"disconnected modem_error (client_command_failed)"});
    CHECK(sup.next_deadline() == client::time_ms{h.now + 2000});
    CHECK(sup.attempts() == 2);

    // a requested disconnect is not undone; the modem failed the last connect: the recovery ladder
    h.now += 2000;
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    for (int i = 0; i < 7; ++i) {
        (void)h.written();
        CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    }
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(sup.attempts() == 0);
    (void)h.written();
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTSUB: 0,2,0,1,0\r\n") == lines{"subscribed 2 1 0"});
    REQUIRE(h.c.disconnect().ok());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
    CHECK_FALSE(sup.next_deadline());
}

TEST_CASE("supervisor: RisingHF takes one filter per AT+IMQTTSUB; max_attempts gives up") {
    using risinghf_client = client::at_client<client::drivers::risinghf, 256, 1024>;
    harness<risinghf_client> h;
    client::connect_options o;
    o.client_id = "c";
    o.host = "h";
    const mqtt::subscription table[] = {{"a", Q::at_least_once}, {"b", Q::at_most_once}};
    client::supervisor<risinghf_client> sup(h.c, o, table, {500, 1000, 1});
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 4; ++i) {
        (void)h.written();
        CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    }
    (void)h.written();
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});
    CHECK(h.written() == "AT+IMQTTSUB=a,1\r");
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTSUB:1,1\r\n") == lines{"subscribed 1 1"});
    CHECK(h.written() == "AT+IMQTTSUB=b,0\r");
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTSUB:2,0\r\n") == lines{"subscribed 2 0"});
    CHECK(sup.resubscribed());

    CHECK(modem(h, sup, "\r\n+IMQTTCONN:-1\r\n") == lines{"disconnected link_lost"});
    h.now += 500;
    sup.poll(h.now);
    CHECK(h.written() == "AT+IMQTTMODE=2,0,0\r");
    CHECK(modem(h, sup, "\r\nERROR\r\n") == lines{"disconnected modem_error (client_command_failed)"});
    CHECK(sup.gave_up());
    CHECK_FALSE(sup.next_deadline());
}

TEST_CASE("supervisor: back-off at run time: doubling, the cap, a base above the cap, the jitter's share") {
    const client::backoff_policy p = at_run_time(client::backoff_policy{1000, 8000, 0});
    CHECK(client::backoff_delay(p, 0, 0) == 1000);
    CHECK(client::backoff_delay(p, 2, 0) == 4000);
    CHECK(client::backoff_delay(p, 3, 0) == 8000);
    CHECK(client::backoff_delay(p, 9, 0) == 8000);
    CHECK(client::backoff_delay(p, 1, 1000) == 3000);  // 1000 % (2000 / 2 + 1)
    CHECK(client::backoff_delay(p, 3, 4000) == 12000);
    const client::backoff_policy odd = at_run_time(client::backoff_policy{3000, 5000, 0});
    CHECK(client::backoff_delay(odd, 1, 0) == 5000);  // 6000 capped
    const client::backoff_policy high = at_run_time(client::backoff_policy{9000, 5000, 0});
    CHECK(client::backoff_delay(high, 0, 0) == 5000);  // a base above the cap is capped too
}

namespace {

using quectel_client = client::at_client<client::drivers::quectel, 256, 1024>;

template <class S>
void quectel_up(harness<quectel_client>& h, S& sup, const client::connect_options& o, const char* conn = "+QMTCONN: 0,0,0") {
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    (void)h.written();
    CHECK(modem(h, sup, std::string("\r\nOK\r\n\r\n") + conn + "\r\n") == lines{"connected new"});
}

}  // namespace

TEST_CASE("supervisor: a refused subscription goes on with the table; other events change nothing") {
    using risinghf_client = client::at_client<client::drivers::risinghf, 256, 1024>;
    harness<risinghf_client> h;
    const client::connect_options o = plain_options();
    const mqtt::subscription table[] = {{"a", Q::at_least_once}, {"b", Q::at_most_once}, {"c", Q::exactly_once}};
    client::supervisor<risinghf_client> sup(h.c, o, table, {500, 1000, 0});
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 4; ++i) CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    (void)h.written();
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});
    CHECK(h.written() == "AT+IMQTTSUB=a,1\r");
    CHECK(modem(h, sup, "\r\n+IMQTTRCVPUB:1,\"x\",1,\"m\"\r\n") == lines{"message x 'm' 0/1 q0 id 1"});
    CHECK(modem(h, sup, "\r\nERROR\r\n") == lines{"error 0 (client_command_failed)"});  // refused: on with "b"
    CHECK(h.written() == "AT+IMQTTSUB=b,0\r");
    // "c" at QoS 2: RisingHF subscribes at 0-1 only; the engine refuses it and the table ends there
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTSUB:2,0\r\n") == lines{"subscribed 2 0"});
    CHECK(h.written().empty());
    CHECK(sup.resubscribed());

    // the application's own requests do not move the table
    REQUIRE(h.c.publish("t", "", Q::at_least_once).ok());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTPUB:3,1\r\n") == lines{"error 3 (client_command_failed)"});
    const mqtt::subscription one[] = {{"d", Q::at_most_once}};
    REQUIRE(h.c.subscribe(one).ok());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+IMQTTSUB:4,0\r\n") == lines{"subscribed 4 0"});
    CHECK(h.written() == "AT+IMQTTPUBIN=t,1,,0\rAT+IMQTTSUB=d,0\r");
}

TEST_CASE("supervisor: a loss reported as requested while reconnecting is retried; an engine already up is not reconnected") {
    harness<quectel_client> h;
    const client::connect_options o = plain_options();
    client::supervisor<quectel_client> sup(h.c, o, {}, {1000, 4000, 0});
    quectel_up(h, sup, o);
    CHECK(modem(h, sup, "\r\n+QMTSTAT: 0,1\r\n") == lines{"disconnected link_closed"});
    h.now += 1000;
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    // +QMTSTAT <err_code> 5 ("disconnected by AT+QMTDISC") during the reconnect: not the application's
    CHECK(modem(h, sup, "\r\n+QMTSTAT: 0,5\r\n") == lines{"disconnected requested"});
    CHECK(sup.next_deadline() == client::time_ms{h.now + 2000});

    // the application starts a connect by itself before the delay ends: the supervisor's is refused and
    // tried again at the next poll, which the application's connected ends
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    h.now += 2000;
    sup.poll(h.now);
    CHECK(h.written().empty());
    CHECK(sup.next_deadline() == client::time_ms{h.now});
    for (int i = 0; i < 7; ++i) CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK_FALSE(sup.next_deadline());
    (void)h.written();
    sup.poll(h.now + 10000);
    CHECK(h.written().empty());
}

TEST_CASE("supervisor: a kept session skips the table; another request's error does not move it") {
    harness<quectel_client> h;
    const client::connect_options o = plain_options();
    const mqtt::subscription table[] = {{"a", Q::at_least_once}};
    client::supervisor<quectel_client> sup(h.c, o, table);
    quectel_up(h, sup, o);
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",1\r");
    sup.poll(h.now);  // nothing to try again while the subscribe runs
    CHECK(h.written().empty());
    client::event e;
    e.type = client::event_type::error;
    e.kind = client::request_kind::publish;
    sup.on_event(e, h.now, 0);
    CHECK(h.written().empty());
    CHECK_FALSE(sup.resubscribed());
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1\r\n") == lines{"subscribed 1 1"});
    CHECK(sup.resubscribed());

    // a connected event with session present (as the raw session reports it): nothing to subscribe
    client::event kept;
    kept.type = client::event_type::connected;
    kept.session_present = true;
    sup.on_event(kept, h.now, 0);
    CHECK(sup.resubscribed());
    CHECK(h.written().empty());
}

TEST_CASE("supervisor: the attempt count stops at 255") {
    harness<quectel_client> h;
    const client::connect_options o = plain_options();
    client::supervisor<quectel_client> sup(h.c, o, {}, {1, 1, 0});
    quectel_up(h, sup, o);
    CHECK(modem(h, sup, "\r\n+QMTSTAT: 0,1\r\n").size() == 1);
    for (int i = 0; i < 300; ++i) {
        h.now += 1;
        h.c.poll(h.now);
        sup.poll(h.now);
        REQUIRE(h.written() == "AT+QMTCFG=\"version\",0,4\r");
        // the link lost again (a failure of the modem's own would climb the recovery ladder instead)
        REQUIRE(modem(h, sup, "\r\n+QMTSTAT: 0,1\r\n") == lines{"disconnected link_closed"});
    }
    CHECK(sup.attempts() == 255);
    CHECK_FALSE(sup.gave_up());
}

TEST_CASE("supervisor: the table waits while the engine is busy at connected (a cache read), then goes") {
    // Regression: the subscribe refused with client_busy ended the re-subscription, and resubscribed()
    // said done with nothing subscribed.
    client::drivers::quectel d;
    d.cache_receive = true;
    harness<quectel_client> h(quectel_client{d});
    const client::connect_options o = plain_options();
    const mqtt::subscription table[] = {{"a", Q::at_least_once}};
    client::supervisor<quectel_client> sup(h.c, o, table);
    quectel_up(h, sup, o);
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",1\r");
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1\r\n") == lines{"subscribed 1 1"});
    // the application disconnects; a message is announced meanwhile
    REQUIRE(h.c.disconnect().ok());
    CHECK(modem(h, sup, "\r\n+QMTRECV: 0,2\r\n\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
    (void)h.written();
    // connecting again reads the announced message first: the table waits for it
    quectel_up(h, sup, o);
    CHECK(h.written() == "AT+QMTRECV=0,2\r");
    CHECK_FALSE(sup.resubscribed());
    CHECK(modem(h, sup, "\r\n+QMTRECV: 0,3,\"a\",1,\"m\"\r\n") == lines{"message a 'm' 0/1 q1 id 3"});
    sup.poll(h.now);
    CHECK(h.written().empty());
    CHECK(modem(h, sup, "\r\nOK\r\n").empty());
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTSUB=0,2,\"a\",1\r");
    CHECK(modem(h, sup, "\r\nOK\r\n\r\n+QMTSUB: 0,2,0,1\r\n") == lines{"subscribed 2 1"});
    CHECK(sup.resubscribed());
}
