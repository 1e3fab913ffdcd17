// The recovery ladder (at_client::recover()): disconnect, close (Quectel), reopen, then
// module_reset_needed; every rung answered, failed with ERROR and timed out (timeouts from the driver's
// table); the reopen succeeding, failing as the modem's fault and refused by the broker; the supervisor
// climbing it after a connect the modem failed and stopping at module_reset_needed.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/client/supervisor.hpp>

#include "../run_time.hpp"
#include "at_client_script.hpp"

using namespace at_client_test;
namespace drivers = client::drivers;
using quectel_client = client::at_client<drivers::quectel, 256, 512>;

namespace {

// The connect() of the reopen, up to AT+QMTOPEN written.
template <class H>
void configure(H& h) {
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    for (int i = 0; i < 7; ++i) {
        CHECK(h.modem("\r\nOK\r\n").empty());
        if (i < 6) CHECK_FALSE(h.written().empty());
    }
    CHECK(h.written() == "AT+QMTOPEN=0,\"broker\",1883\r");
}

}  // namespace

TEST_CASE("recovery: Quectel's rungs answered, failed or timed out; the reopen connects") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 3)));
    const client::connect_options o = dev_options();
    REQUIRE(h.c.recover(o).ok());
    CHECK_FALSE(h.c.ready());
    CHECK(h.c.recover(o).error() == errc::client_already_connected);
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.c.next_deadline() == client::time_ms{1000 + 30000});  // QMTDISC: 30 s
    CHECK(h.modem("\r\n+QMTCLOSE: 1,0\r\n").empty());  // another client's
    SECTION("disconnect and close answered") {
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n").empty());
        CHECK(h.written() == "AT+QMTCLOSE=0\r");
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    }
    SECTION("disconnect refused with ERROR, close with a failure result") {
        CHECK(h.modem("\r\nERROR\r\n").empty());
        CHECK(h.written() == "AT+QMTCLOSE=0\r");
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTCLOSE: 0,-1\r\n").empty());
    }
    SECTION("disconnect timed out, close refused") {
        CHECK(h.advance(29999).empty());
        CHECK(h.advance(1).empty());
        CHECK(h.written() == "AT+QMTCLOSE=0\r");
        CHECK(h.c.next_deadline() == client::time_ms{h.now + 30000});  // QMTCLOSE: 30 s
        CHECK(h.modem("\r\n+CME ERROR: 3\r\n").empty());
    }
    SECTION("disconnect answered, close timed out") {
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,-1\r\n").empty());
        CHECK(h.written() == "AT+QMTCLOSE=0\r");
        CHECK(h.advance(30000).empty());
    }
    configure(h);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCONN=0,\"dev\"\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(h.c.connected());
    CHECK(h.c.recover(o).error() == errc::client_already_connected);
    REQUIRE(h.c.publish("t", "x", mqtt::qos::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",1\r");
    CHECK(h.modem("\r\n+QMTCLOSE: 0,0\r\n").empty());  // not the publish's
    CHECK(h.modem("\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
}

TEST_CASE("recovery: a rung, and then the reopen, that do not fit the output buffer") {
    using tiny_client = client::at_client<drivers::quectel, 256, 13>;  // "AT+QMTDISC=0\r" only
    harness<tiny_client> h;
    REQUIRE(h.c.recover(dev_options()).ok());
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.modem("\r\nERROR\r\n") == lines{"disconnected module_reset_needed (buffer_too_small)"});
    CHECK(h.c.ready());
    CHECK(h.c.connect(dev_options()).error() == errc::buffer_too_small);  // AT+QMTCFG="version" neither
    CHECK(h.c.recover(dev_options()).ok());
}

TEST_CASE("recovery: a plain disconnect refused is still the end of the connection, no ladder") {
    harness<quectel_client> h;
    connect_any(h, dev_options());
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.modem("\r\nERROR\r\n") == lines{"disconnected requested (client_command_failed)"});
    CHECK(h.written().empty());
}

TEST_CASE("recovery: no rung answered, or the reopen failing as the modem's fault: reset the modem") {
    harness<quectel_client> h;
    const client::connect_options o = dev_options();
    REQUIRE(h.c.recover(o).ok());
    (void)h.written();
    SECTION("a mute modem: no reopen") {
        CHECK(h.advance(30000).empty());
        CHECK(h.written() == "AT+QMTCLOSE=0\r");
        CHECK(h.advance(30000) == lines{"disconnected module_reset_needed (client_command_timeout)"});
        CHECK(h.written().empty());
        CHECK_FALSE(h.c.next_deadline());
        return;
    }
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    configure(h);
    SECTION("the open fails") {
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n") == lines{"disconnected module_reset_needed (client_command_failed)"});
    }
    SECTION("the open times out (120 s)") {
        CHECK(h.advance(119999).empty());
        CHECK(h.advance(1) == lines{"disconnected module_reset_needed (client_command_timeout)"});
    }
    SECTION("the broker refuses: not the modem's fault") {
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
        CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,5\r\n") == lines{"disconnected refused 5 (client_command_failed)"});
    }
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());
    // after a reset, a plain connect
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
}

TEST_CASE("recovery: a configuration step of the reopen failing; refusals") {
    harness<quectel_client> h;
    client::connect_options o = dev_options();
    REQUIRE(h.c.recover(o).ok());
    CHECK(h.c.connect(o).error() == errc::client_already_connected);
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCLOSE=0\rAT+QMTCFG=\"version\",0,4\r");
    CHECK(h.modem("\r\nERROR\r\n") == lines{"disconnected module_reset_needed (client_command_failed)"});
    o.client_id = "";
    CHECK(h.c.recover(o).error() == errc::mqtt_invalid_client_id);
    CHECK(h.written().empty());
    // a link loss during the ladder abandons it, as any request
    REQUIRE(h.c.recover(dev_options()).ok());
    CHECK(h.modem("\r\n+QMTSTAT: 0,1\r\n") == lines{"disconnected link_closed"});
    CHECK(h.c.ready());
}

TEST_CASE("recovery: OneMO and RisingHF disconnect, then reopen") {
    const client::connect_options o = dev_options();
    harness<client::at_client<drivers::onemo, 256, 512>> m;
    REQUIRE(m.c.recover(o).ok());
    CHECK(m.written() == "AT+MQTTDISC=0\r");
    CHECK(m.c.next_deadline() == client::time_ms{1000 + 30000});
    CHECK(m.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,2\r\n").empty());
    CHECK(answer_connect(m).front() == "AT+MQTTCFG=\"version\",0,4\r");
    REQUIRE(m.c.disconnect().ok());
    CHECK(m.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,2\r\n") == lines{"disconnected requested"});
    REQUIRE(m.c.recover(o).ok());
    CHECK(m.modem("\r\nERROR\r\n").empty());  // not connected: the reopen follows
    CHECK(answer_connect(m).size() == 10);

    harness<client::at_client<drivers::risinghf, 256, 512>> r;
    REQUIRE(r.c.recover(o).ok());
    CHECK(r.written() == "AT+IMQTTDISCONN\r");
    CHECK(r.c.next_deadline() == client::time_ms{1000 + 10000});
    CHECK(r.modem("\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n").empty());
    CHECK(answer_connect(r).front() == "AT+IMQTTMODE=2,0,0\r");
    REQUIRE(r.c.disconnect().ok());
    CHECK(r.modem("\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n") == lines{"disconnected requested"});
    REQUIRE(r.c.recover(o).ok());
    CHECK(r.advance(9999).empty());
    CHECK(r.advance(1) == lines{"disconnected module_reset_needed (client_command_timeout)"});  // its only rung
}

TEST_CASE("recovery: the supervisor climbs the ladder after a connect the modem failed, stops at a reset") {
    STATIC_REQUIRE(client::detail::has_recover<quectel_client>(0));
    STATIC_REQUIRE_FALSE(client::detail::has_recover<client::session<4>>(0));
    harness<quectel_client> h;
    const client::connect_options o = dev_options();
    client::supervisor<quectel_client> sup(h.c, o, {}, {1000, 60000, 0});
    auto pump = [&](const std::string& text) {
        lines out;
        REQUIRE(h.c.feed(bytes(text)) == text.size());
        while (client::event e = h.c.next_event()) {
            out.push_back(describe(e));
            sup.on_event(e, h.now, 0);
        }
        return out;
    };
    REQUIRE(h.c.connect(o).ok());
    (void)h.written();
    CHECK(pump("\r\nERROR\r\n") == lines{"disconnected modem_error (client_command_failed)"});
    h.now += 1000;
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTDISC=0\r");  // the ladder, not a plain connect
    CHECK(pump("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTCLOSE=0\rAT+QMTCFG=\"version\",0,4\r");
    CHECK(pump("\r\nERROR\r\n") == lines{"disconnected module_reset_needed (client_command_failed)"});
    CHECK(sup.reset_needed());
    CHECK_FALSE(sup.next_deadline());
    // the caller resets the modem and connects: the supervisor resumes
    connect_any(h, o);
    sup.on_event([] {
        client::event e;
        e.type = client::event_type::connected;
        return e;
    }(), h.now, 0);
    CHECK_FALSE(sup.reset_needed());
    // a loss that is not the modem's fault: a plain reconnect
    CHECK(pump("\r\n+QMTSTAT: 0,1\r\n") == lines{"disconnected link_closed"});
    h.now += 1000;
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    // a reconnect the modem does not answer: the ladder next time
    h.now += 300;
    h.c.poll(h.now);
    lines timed_out;
    while (client::event e = h.c.next_event()) {
        timed_out.push_back(describe(e));
        sup.on_event(e, h.now, 0);
    }
    CHECK(timed_out == lines{"disconnected command_timeout (client_command_timeout)"});
    h.now += 2000;
    sup.poll(h.now);
    CHECK(h.written() == "AT+QMTDISC=0\r");
}

TEST_CASE("at_client: which drivers read a message longer than the line buffer") {
    // The engine asks at compile time (if constexpr); asked here at run time, so that both answers run.
    CHECK(client::detail::has_long_message<drivers::quectel>(at_run_time(0)));
    CHECK(client::detail::has_long_message<drivers::risinghf>(at_run_time(0)));
    CHECK_FALSE(client::detail::has_long_message<drivers::onemo>(at_run_time(0)));
}
