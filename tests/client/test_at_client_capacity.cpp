// The output buffer each driver needs (Driver::tx_capacity, the default of at_client's TxCapacity): its
// longest command, built from the largest topic and payload the modem takes, fits exactly; one byte less
// refuses it with buffer_too_small, nothing written.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include <type_traits>

#include "at_client_script.hpp"

using namespace at_client_test;
namespace drivers = client::drivers;
using Q = mqtt::qos;

namespace {

struct no_size_driver {};

}  // namespace

TEST_CASE("capacity: application code names no size; each driver's default fits its longest command") {
    STATIC_REQUIRE(drivers::quectel::tx_capacity == 1788);
    STATIC_REQUIRE(drivers::onemo::tx_capacity == 2334);
    STATIC_REQUIRE(drivers::onemo_for<atmqtt::onemo::models::mn316a>::tx_capacity == 11222);
    STATIC_REQUIRE(drivers::risinghf::tx_capacity == 2324);
    STATIC_REQUIRE(std::is_same<client::at_client<drivers::quectel>, client::at_client<drivers::quectel, 256, 1788>>::value);
    STATIC_REQUIRE(std::is_same<client::at_client<drivers::risinghf>, client::at_client<drivers::risinghf, 256, 2324>>::value);
    STATIC_REQUIRE(client::detail::tx_capacity_of<no_size_driver>(0) == 512);
}

TEST_CASE("capacity: Quectel's largest AT+QMTPUBEX fills 1788 bytes but for its msgid's digits") {
    const std::string topic(256, 't');
    const std::string payload(1500, 'p');
    const client::connect_options o = dev_options();
    harness<client::at_client<drivers::quectel>> h;
    connect_any(h, o);
    REQUIRE(h.c.publish(topic, payload, Q::exactly_once, true).ok());
    std::string cmd = h.written();
    CHECK(cmd == "AT+QMTPUBEX=0,1,2,1,\"" + topic + "\",1500\r");
    CHECK(h.modem("\r\n>").empty());
    cmd += h.written();
    CHECK(cmd.size() == drivers::quectel::tx_capacity - 4);  // msgid 1, not 65535

    using tight = client::at_client<drivers::quectel, 256, drivers::quectel::tx_capacity - 5>;
    harness<tight> t;
    connect_any(t, o);
    CHECK(t.c.publish(topic, payload, Q::exactly_once, true).error() == errc::buffer_too_small);
    CHECK(t.written().empty());
    // the refused publish took no packet id: the next one is 1
    CHECK(*t.c.publish("t", "p", Q::at_least_once) == 1);
    CHECK(t.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",1\r");
}

TEST_CASE("capacity: OneMO's largest AT+MQTTPUB (hex) is 2334 bytes on the ML307R") {
    const std::string topic(256, 't');
    const std::string payload(1024, '\xAB');
    const client::connect_options o = dev_options();
    harness<client::at_client<drivers::onemo>> h;
    connect_any(h, o);
    REQUIRE(h.c.publish(topic, payload, Q::exactly_once, true).ok());
    const std::string cmd = h.written();
    CHECK(cmd.size() == drivers::onemo::tx_capacity);
    CHECK(cmd.rfind("AT+MQTTPUB=0,\"" + topic + "\",2,1,0,1024,\"ABAB", 0) == 0);

    harness<client::at_client<drivers::onemo, 256, drivers::onemo::tx_capacity - 1>> t;
    connect_any(t, o);
    CHECK(t.c.publish(topic, payload, Q::exactly_once, true).error() == errc::buffer_too_small);
    CHECK(t.written().empty());
}

TEST_CASE("capacity: RisingHF's largest command is the will as hex (2324 bytes), the publish 1303") {
    const std::string topic(255, 't');
    const std::string payload(1024, 'p');
    client::connect_options o = dev_options();
    o.will_flag = true;
    o.will.topic = topic;
    o.will.payload = payload;
    o.will.qos = Q::exactly_once;
    o.will.retain = true;
    harness<client::at_client<drivers::risinghf>> h;
    const auto wrote = connect_any(h, o);
    REQUIRE(wrote.size() == 6);
    CHECK(wrote[4].size() == drivers::risinghf::tx_capacity);
    CHECK(wrote[4].rfind("AT+IMQTTLWTBIN=" + topic + ",2,7070", 0) == 0);
    REQUIRE(h.c.publish(topic, payload, Q::exactly_once, true).ok());
    std::string cmd = h.written();
    CHECK(cmd == "AT+IMQTTPUBEX=" + topic + ",2,1,1024\r");
    CHECK(h.modem("\r\n>").empty());
    cmd += h.written();
    CHECK(cmd.size() == 1303);

    harness<client::at_client<drivers::risinghf, 256, drivers::risinghf::tx_capacity - 1>> t;
    CHECK(t.c.connect(o).ok());
    for (int i = 0; i < 3; ++i) {  // mode, parameters, address
        CHECK_FALSE(t.written().empty());
        CHECK(t.modem("\r\nOK\r\n").empty());
    }
    CHECK(t.written() == "AT+IMQTTUSER=\"\",\"\"\r");
    CHECK(t.modem("\r\nOK\r\n") == lines{"disconnected modem_error (buffer_too_small)"});  // the will
}
