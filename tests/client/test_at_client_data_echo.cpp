// The data after '>': a modem that echoes commands echoes it too where the manual shows so (Quectel §5.1,
// RisingHF's AT+IMQTTPUBEX example) and the client counts it through; a driver told otherwise
// (echoes_data = false) takes the modem's next bytes as its answer at once.
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include "at_client_script.hpp"

using namespace at_client_test;
namespace drivers = client::drivers;
using Q = mqtt::qos;

namespace {

struct plain_driver {};

}  // namespace

TEST_CASE("data echo: the manuals' default, and a driver without the setting, expect the data back") {
    STATIC_REQUIRE(drivers::quectel{}.echoes_data);
    STATIC_REQUIRE(drivers::risinghf{}.echoes_data);
    const plain_driver d;
    CHECK(client::detail::echoes_data(d, 0));
    CHECK_FALSE(client::detail::echoes_data(drivers::quectel{0, false, {}, false}, 0));
}

TEST_CASE("data echo: Quectel echoing commands but not the data after '>'") {
    using quectel_client = client::at_client<drivers::quectel, 256, 512>;
    const client::connect_options o = dev_options();
    drivers::quectel d;
    d.echoes_data = false;
    harness<quectel_client> h(quectel_client{d}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    connect_any(h, o);
    REQUIRE(h.c.publish("t", "OK\r\n", Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",4\r");
    CHECK(h.modem("AT+QMTPUBEX=0,1,1,0,\"t\",4\r\r\n>").empty());
    CHECK(h.written() == "OK\r\n");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});

    // the default (the manual's modem) would have taken those bytes for the echoed data
    harness<client::at_client<drivers::quectel, 256, 512>> e;
    connect_any(e, o);
    REQUIRE(e.c.publish("t", "OK\r\n", Q::at_least_once).ok());
    CHECK(e.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",4\r");
    CHECK(e.modem("AT+QMTPUBEX=0,1,1,0,\"t\",4\r\r\n>").empty());
    CHECK(e.written() == "OK\r\n");
    CHECK(e.modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n").empty());
    CHECK(e.modem("OK\r\n\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
}

TEST_CASE("data echo: RisingHF echoing commands but not the data after '>'") {
    using risinghf_client = client::at_client<drivers::risinghf, 256, 512>;
    const client::connect_options o = dev_options();
    drivers::risinghf d;
    d.echoes_data = false;
    harness<risinghf_client> h(risinghf_client{d}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    connect_any(h, o);
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.written() == "AT+IMQTTPUBEX=t,1,0,1\r");
    CHECK(h.modem("AT+IMQTTPUBEX=t,1,0,1\r\r\n>").empty());
    CHECK(h.written() == "x");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTPUBEX:7,0\r\n") == lines{"published 7"});
}
