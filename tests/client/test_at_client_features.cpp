// The engine without its optional parts (client::feature::basic, the footprint programs' choice): it
// connects, subscribes, publishes and receives as with all of them; a driver set to keep messages in the
// modem is refused at connect, a cache notice is ignored, a message longer than the line buffer is an
// error event (not chunks). recover() does not compile without feature::recovery.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include "at_client_script.hpp"

using namespace at_client_test;
namespace drivers = client::drivers;
namespace feature = client::feature;
using Q = mqtt::qos;

namespace {

template <class Driver>
using basic_client = client::at_client<Driver, 64, 1024, feature::basic>;

}  // namespace

TEST_CASE("features: Quectel without the optional parts connects, subscribes, publishes and receives") {
    harness<basic_client<drivers::quectel>> h(basic_client<drivers::quectel>{}, feeding_of(GENERATE(0, 1, 3)));
    connect_any(h, dev_options());
    // what the client wrote since the last answer, then the modem's answer and its events
    auto answer = [&h](const std::string& wrote, const std::string& modem, const lines& events) {
        CHECK(h.written() == wrote);
        CHECK(h.modem(modem) == events);
    };
    const mqtt::subscription subs[] = {{"t", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    answer("AT+QMTSUB=0,1,\"t\",1\r", "\r\nOK\r\n\r\n+QMTSUB: 0,1,0,1\r\n", lines{"subscribed 1 1"});
    REQUIRE(h.c.publish("t", "hi", Q::at_least_once).ok());
    answer("AT+QMTPUBEX=0,2,1,0,\"t\",2\r", "\r\n>", lines{});
    answer("hi", "\r\nOK\r\n\r\n+QMTPUBEX: 0,2,0\r\n", lines{"published 2"});
    answer("", "\r\n+QMTRECV: 0,0,\"t\",2,\"ok\"\r\n", lines{"message t 'ok' 0/2 q0"});
    // a message the modem keeps (cache mode was not configured): its notice is ignored, nothing is read
    answer("", "\r\n+QMTRECV: 0,2\r\n", lines{});
    CHECK(h.written().empty());
    CHECK(h.c.ready());
    // longer than the line buffer: reported, skipped
    CHECK(h.modem("\r\n+QMTRECV: 0,5,\"t\",100,\"" + std::string(100, 'b') + "\"\r\n+QMTRECV: 0,0,\"s\",2,\"ok\"\r\n") ==
          lines{"error 0 (at_line_too_long)", "message s 'ok' 0/2 q0"});
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
}

TEST_CASE("features: without cache reads, a driver set to keep messages in the modem is refused") {
    drivers::quectel q;
    q.cache_receive = true;
    harness<basic_client<drivers::quectel>> h(basic_client<drivers::quectel>{q});
    CHECK(h.c.connect(dev_options()).error() == errc::client_unsupported_option);
    CHECK(h.written().empty());
    CHECK_FALSE(h.c.connected());

    drivers::risinghf r;
    r.cache_receive = true;
    harness<basic_client<drivers::risinghf>> hr(basic_client<drivers::risinghf>{r});
    CHECK(hr.c.connect(dev_options()).error() == errc::client_unsupported_option);
    // with feature::cache_reads it is taken
    harness<client::at_client<drivers::risinghf, 64, 1024, feature::cache_reads>> hc(
        client::at_client<drivers::risinghf, 64, 1024, feature::cache_reads>{r});
    CHECK(hc.c.connect(dev_options()).ok());
}

TEST_CASE("features: RisingHF and OneMO without the optional parts") {
    harness<basic_client<drivers::risinghf>> r;
    connect_any(r, dev_options());
    CHECK(r.modem("\r\n+IMQTTRCVPUB:7,\"t\",100,\"" + std::string(100, 'b') + "\"\r\n+IMQTTRCVPUB:7,\"s\",2,\"ok\"\r\n") ==
          lines{"error 0 (at_line_too_long)", "message s 'ok' 0/2 q0 id 7"});
    CHECK(r.modem("\r\n+IMQTTCOUNT :1\r\n").empty());
    CHECK(r.written().empty());

    harness<basic_client<drivers::onemo>> o;
    connect_any(o, dev_options());
    CHECK(o.modem("\r\n+MQTTURC: \"publish\",0,0,\"s\",2,2,ok\r\n") == lines{"message s 'ok' 0/2 q0"});
}
