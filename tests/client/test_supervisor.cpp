// supervisor<Engine>: back-off delays, reconnect after a loss, re-subscription of the caller's table (one
// request per modem command where the modem takes fewer filters), nothing after a requested disconnect,
// giving up after max_attempts. Driven through the AT client against scripted Quectel and RisingHF modems.
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>
#include <atmqtt/client/supervisor.hpp>

#include "at_client_harness.hpp"

using namespace at_client_test;
using Q = mqtt::qos;

namespace {

template <class H, class S>
lines modem(H& h, S& sup, const std::string& text, std::uint32_t jitter = 0) {
    // the harness pulls the events; the supervisor sees them in the same order
    lines out;
    REQUIRE(h.c.feed(bytes(text)).ok());
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

    CHECK(modem(h, sup, "\r\n+QMTSTAT: 0,1\r\n", 250) == lines{"disconnected link_closed (client_command_failed)"});
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
