// The AT client as a firmware engineer uses it, against the virtual modems (tools/modem/) and the
// scripted broker, for the three dialects whose client tests otherwise use scripted modems: connect,
// subscribe, publish QoS 0/1/2 with an awkward payload, receive, link loss and reconnect.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include <string>

#include "../../tools/modem/onemo.hpp"
#include "../../tools/modem/quectel.hpp"
#include "../../tools/modem/risinghf.hpp"
#include "../client/at_client_script.hpp"
#include "../client/virtual_modem_rig.hpp"

namespace {

using namespace at_client_test;
using Q = mqtt::qos;

// The modem's bytes reach the client one at a time; `Features`: the engine's optional parts it keeps.
template <class Driver, class Modem, unsigned Features = client::feature::all,
          class Client = client::at_client<Driver, 256, Driver::tx_capacity, Features>,
          class Base = virtual_modem_rig<Client, Modem>>
struct rig : Base {
    explicit rig(Driver d = {}) : Base(Client(d), true) {}
};

// What one dialect reports for the session below, exactly.
struct expected {
    std::string subscribed;  // the SUBACK as the modem reported it
    lines published;         // QoS 0, 1, 2: the packet id as the client or the module chose it (and PUBREC
                             // where the module reports it)
    std::string message;     // after the payload: offset/total, QoS, packet id
    std::string lost;        // the modem's report of the broker gone
    std::string again;       // QoS 1 after the reconnect
};

template <class Rig>
void session(Rig& r, Q sub_qos, const expected& x) {
    const client::connect_options o = dev_options();
    REQUIRE(r.c.connect(o).ok());
    CHECK(r.until(1) == lines{"connected new"});
    CHECK(r.m.broker.seen.back() == "CONNECT dev");

    const mqtt::subscription subs[] = {{"dev/in", sub_qos}};
    REQUIRE(r.c.subscribe(subs).ok());
    CHECK(r.until(1) == lines{x.subscribed});
    CHECK(r.m.broker.seen.back() == "SUBSCRIBE dev/in q" + std::to_string(static_cast<int>(sub_qos)));

    // commas, quotes, CR LF, a fake OK, NUL and 0xFF
    const std::string payload = std::string("a,\"b\"\r\nOK\r\n") + '\0' + "\xff";
    lines published;
    for (Q q : {Q::at_most_once, Q::at_least_once, Q::exactly_once}) {
        REQUIRE(r.c.publish("dev/out", payload, q).ok());
        const lines one = r.until(1);
        published.insert(published.end(), one.begin(), one.end());
        REQUIRE(!r.m.broker.published.empty());
        CHECK(r.m.broker.published.back() ==
              modem_test::scripted_broker::message{"dev/out", payload, static_cast<int>(q), false});
    }
    CHECK(published == x.published);

    r.m.broker.deliver("dev/in", payload, 1);
    r.m.settle();
    CHECK(r.until(1) == lines{"message dev/in '" + payload + "' " + x.message});

    r.feed(r.m.broker_gone());  // the modem's report of the lost link
    CHECK(r.until(1) == lines{x.lost});
    CHECK_FALSE(r.c.connected());

    REQUIRE(r.c.connect(o).ok());
    CHECK(r.until(1) == lines{"connected new"});
    REQUIRE(r.c.publish("dev/out", "again", Q::at_least_once).ok());
    CHECK(r.until(1) == lines{x.again});
    CHECK(r.m.broker.published.back() == modem_test::scripted_broker::message{"dev/out", "again", 1, false});
}

}  // namespace

TEST_CASE("as a user: quectel client on the virtual modem") {
    rig<client::drivers::quectel, atmqtt_modem::quectel_modem> r;
    // +QMTSTAT reports a link loss the same way as the other dialects' URCs: a reason, no command failed
    session(r, Q::exactly_once,
            {"subscribed 1 2", {"published 0", "published 2", "published 3"}, "0/13 q1 id 1", "disconnected link_closed",
             "published 4"});
}

TEST_CASE("as a user: onemo client on the virtual modem") {
    rig<client::drivers::onemo, atmqtt_modem::onemo_modem> r;
    session(r, Q::exactly_once,
            {"subscribed 1 2", {"published 0", "published 3", "publish_received 4", "published 4"}, "0/13 q1 id 1",
             "disconnected link_closed", "published 5"});
}

TEST_CASE("as a user: risinghf client on the virtual modem") {
    rig<client::drivers::risinghf, atmqtt_modem::risinghf_modem> r;
    session(r, Q::at_least_once,
            {"subscribed 2 1", {"published 3", "published 4", "published 5"}, "0/13 q0 id 1", "disconnected link_lost",
             "published 2"});
}

// What issue 20's 8 KiB figure measures (bench/footprint/at_client_*.cpp): the engine without its optional
// parts does the same session, event for event.
TEST_CASE("as a user: the basic client (feature::basic) on the virtual modems") {
    SECTION("quectel") {
        rig<client::drivers::quectel, atmqtt_modem::quectel_modem, client::feature::basic> r;
        session(r, Q::exactly_once,
                {"subscribed 1 2", {"published 0", "published 2", "published 3"}, "0/13 q1 id 1",
                 "disconnected link_closed", "published 4"});
    }
    SECTION("onemo") {
        rig<client::drivers::onemo, atmqtt_modem::onemo_modem, client::feature::basic> r;
        session(r, Q::exactly_once,
                {"subscribed 1 2", {"published 0", "published 3", "publish_received 4", "published 4"}, "0/13 q1 id 1",
                 "disconnected link_closed", "published 5"});
    }
    SECTION("risinghf") {
        rig<client::drivers::risinghf, atmqtt_modem::risinghf_modem, client::feature::basic> r;
        session(r, Q::at_least_once,
                {"subscribed 2 1", {"published 3", "published 4", "published 5"}, "0/13 q0 id 1",
                 "disconnected link_lost", "published 2"});
    }
}

// Messages kept in the modem and read on notice: the same message event.
template <class Rig>
void cached(Rig& r, const std::string& message) {
    REQUIRE(r.c.connect(dev_options()).ok());
    CHECK(r.until(1) == lines{"connected new"});
    const mqtt::subscription subs[] = {{"dev/in", Q::at_least_once}};
    REQUIRE(r.c.subscribe(subs).ok());
    CHECK(r.until(1).size() == 1);
    const std::string payload = std::string("x,\"y\"\r\nOK\r\n") + '\0';
    r.m.broker.deliver("dev/in", payload, 1);
    r.m.settle();
    CHECK(r.until(1) == lines{"message dev/in '" + payload + "' " + message});
}

TEST_CASE("as a user: messages kept in the virtual modem, read on notice") {
    SECTION("quectel") {
        rig<client::drivers::quectel, atmqtt_modem::quectel_modem> r(client::drivers::quectel{0, true});
        cached(r, "0/12 q1 id 1");
    }
    SECTION("onemo") {
        client::drivers::onemo d;
        d.cache_receive = true;
        rig<client::drivers::onemo, atmqtt_modem::onemo_modem> r(d);
        cached(r, "0/12 q1 id 1");
    }
    SECTION("risinghf") {
        client::drivers::risinghf d;
        d.cache_receive = true;
        rig<client::drivers::risinghf, atmqtt_modem::risinghf_modem> r(d);
        cached(r, "0/12 q0 id 1");
    }
}
