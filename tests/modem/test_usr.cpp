// The virtual USR modem: configuration commands as the manual's examples print them (examples/logs/usr_*
// byte for byte), AT+S into MQTT data mode, transparent and distribution frames both ways, the +++ escape,
// reconnection after the broker goes away.
#include "../../tools/modem/usr.hpp"
#include "modem_harness.hpp"

using namespace modem_test;
using modem = harness<atmqtt_modem::usr_modem>;

namespace {
replayed replay_log(std::string log) {
    modem h;
    return replay(h, log, [](const std::string&, scripted_broker&) { return false; });
}
// Configures an MQTT server and restarts into data mode.
void start(modem& h, const std::string& mode) {
    for (const std::string& cmd : {std::string("AT+WKMOD=MQTT,NOR\r"), std::string("AT+MQTTSVR=broker.example,1883\r"),
                                   std::string("AT+MQTTVER=4\r"), std::string("AT+MQTTMOD=") + mode + "\r",
                                   std::string("AT+MQTTSUBTP=2,1,dev/+/in,1\r"), std::string("AT+MQTTPUBTP=2,1,dev/out,1,0\r")})
        REQUIRE(h.at(cmd) == (h.modem.echo() ? cmd : "") + "\r\nOK\r\n");
    REQUIRE(h.at("AT+S\r") == (h.modem.echo() ? "AT+S\r" : "") + std::string("\r\nOK\r\n"));
    CHECK(h.modem.in_data_mode());
    CHECK(h.broker.seen == std::vector<std::string>{"CONNECT 02400122052700000529", "SUBSCRIBE /SubTopic1 q0 dev/+/in q1"});
}
}  // namespace

// Six examples query with the test spelling: a second "AT+X=?" answered with the value, not the ranges.
// Those are read as "AT+X?"; returns how many were corrected.
int correct_test_spelling(std::string& log) {
    int n = 0;
    for (std::size_t at = log.find("=?\r\r\n+"); at != std::string::npos; at = log.find("=?\r\r\n+", at + 1)) {
        const std::size_t colon = log.find(':', at);
        if (colon + 1 < log.size() && log[colon + 1] == '<') continue;
        log.replace(at, 2, "?");
        ++n;
    }
    return n;
}

TEST_CASE("usr: the manual's configuration examples byte for byte") {
    int corrected = 0;
    for (const char* name : {"usr_alidevid.log", "usr_alidevname.log", "usr_alidevsec.log", "usr_aliprodkey.log",
                             "usr_aliregion.log", "usr_mqttcfg.log", "usr_mqttcid.log", "usr_mqttmod.log",
                             "usr_mqttpsw.log", "usr_mqttpubtp.log", "usr_mqttsta.log", "usr_mqttsubtp.log",
                             "usr_mqttsvr.log", "usr_mqttuser.log", "usr_mqttver.log", "usr_mqttwill.log",
                             "usr_sslauth.log", "usr_sslcfg.log", "usr_sslcrt.log", "usr_sslen.log", "usr_wkmod.log"}) {
        std::string log = example_log(name);
        REQUIRE(!log.empty());
        corrected += correct_test_spelling(log);
        const replayed r = replay_log(log);
        CHECK(std::string(name) + " " + r.where == std::string(name) + " ");
    }
    CHECK(corrected == 6);
}

TEST_CASE("usr: transparent mode") {
    modem h(false);
    start(h, "0");
    CHECK(h.at("hello, \"world\"\r\n") == "");
    CHECK(h.broker.published == std::vector<scripted_broker::message>{{"/PubTopic1", "hello, \"world\"\r\n", 0, false},
                                                                      {"dev/out", "hello, \"world\"\r\n", 1, false}});
    CHECK(h.deliver("dev/7/in", "a,b\r\n", 1) == "a,b\r\n");
    CHECK(h.deliver("elsewhere", "x", 0) == "x");
}

TEST_CASE("usr: distribution mode, preset and temporary topics") {
    modem h(false);
    start(h, "1");
    CHECK(h.at("2,data, with commas") == "");
    CHECK(h.at("0,0,tmp/pub,2,1,payload") == "");
    CHECK(h.broker.published == std::vector<scripted_broker::message>{{"dev/out", "data, with commas", 1, false},
                                                                      {"tmp/pub", "payload", 2, true}});
    CHECK(h.deliver("dev/9/in", "down,1", 1) == "2,down,1");
    CHECK(h.at("0,1,tmp/sub,1") == "");
    CHECK(h.broker.seen.back() == "SUBSCRIBE tmp/sub q1");
    CHECK(h.deliver("tmp/sub", "t", 0) == "0,tmp/sub,t");
    CHECK(h.at("0,2,tmp/sub,1") == "");
    CHECK(h.broker.seen.back() == "UNSUBSCRIBE tmp/sub");
}

TEST_CASE("usr: the +++ escape, queries in command mode, restart; the broker going away") {
    modem h;
    start(h, "0");
    CHECK(h.at("+++") == "a");
    CHECK(h.at("a") == "+ok");
    CHECK(!h.modem.in_data_mode());
    CHECK(h.at("AT+MQTTSTA\r") == "AT+MQTTSTA\r\r\n+MQTTSTA:\"CONNECTION\"\r\n\r\nOK\r\n");
    CHECK(h.deliver("dev/1/in", "not printed in command mode") == "");
    CHECK(h.at("AT+S\r") == "AT+S\r\r\nOK\r\n");
    CHECK(h.modem.in_data_mode());
    CHECK(h.at("+++x") == "");  // not alone in its frame: data
    CHECK(h.broker.published.back().payload == "+++x");
    CHECK(h.broker_gone() == "");
    h.modem.poll(4999);
    h.settle();
    CHECK(h.broker.seen.back() == "PUBLISH dev/out q1");  // nothing new before the 5 s
    h.modem.poll(5000);
    h.settle();
    CHECK(h.broker.seen.back() == "SUBSCRIBE /SubTopic1 q0 dev/+/in q1");
    CHECK(h.deliver("dev/2/in", "back") == "back");
}

TEST_CASE("usr: every split of a command line gives the same bytes") {
    const std::vector<std::string> script = {"AT+MQTTCFG=120,1\r", "AT+MQTTCFG\r", "AT+MQTTPUBTP=3,1,a/b,2,1\r",
                                             "AT+WKMOD?\r", "AT+MQTTSTA=?\r"};
    check_every_split<atmqtt_modem::usr_modem>(script);
    modem h;  // what is compared, for a few of the commands
    std::vector<std::string> expected;
    for (const std::string& s : script) expected.push_back(h.at(s));
    CHECK(expected[1] == "AT+MQTTCFG\r\r\n+MQTTCFG:120,1\r\n\r\nOK\r\n");
}

TEST_CASE("usr: the escape in command mode; a '+' line that is not the escape") {
    modem h;
    CHECK(h.at("+++") == "a");  // not echoed: held while it may be the escape
    CHECK(h.at("a") == "+ok");
    CHECK(!h.modem.in_data_mode());
    CHECK(h.at("++") == "++");  // not "+++" alone: an ordinary line start, echoed
    CHECK(h.at("\r") == "\r\r\nERROR\r\n");
    CHECK(h.at("+x\r") == "+x\r\r\nERROR\r\n");
    CHECK(h.at("AT\r") == "AT\r\r\nOK\r\n");
    CHECK(h.at("a") == "a");  // no escape running: a line start
    CHECK(h.at("\r") == "\r\r\nERROR\r\n");
    CHECK(h.at("+++") == "a");
    CHECK(h.at("AT\r") == "AT\r\r\nOK\r\n");  // a command instead of the 'a': the escape is over
    CHECK(h.at("a") == "a");
}
