// The virtual RisingHF modem against a scripted broker: exact bytes for every flow, every split of the
// host's input, fault hooks, and the manual's worked examples (examples/logs/risinghf_*) byte for byte.
#include "../../tools/modem/risinghf.hpp"
#include "modem_harness.hpp"

#include <atmqtt/dialect/risinghf/responses.hpp>

using namespace modem_test;
using modem = harness<atmqtt_modem::risinghf_modem>;

namespace {
const std::string addr_cmd = "AT+IMQTTADDR=broker.example,1883,\"dev1\"\r";

void connect(modem& h) {
    const bool e = h.modem.echo();
    REQUIRE(h.at(addr_cmd) == (e ? addr_cmd : "") + "\r\nOK\r\n");
    REQUIRE(h.at("AT+IMQTTCONN\r") == (e ? "AT+IMQTTCONN\r" : "") + std::string("\r\nOK\r\n\r\n+IMQTTCONN:0\r\n"));
}

// +IMQTTRCVPUB at the start of `rest`: the broker sends it, QoS 1 with the packet id shown.
bool deliver_rcvpub(const std::string& rest, scripted_broker& b) {
    if (rest.compare(0, 14, "\r\n+IMQTTRCVPUB") != 0) return false;
    for (std::size_t end = rest.find("\r\n", 2); end != std::string::npos; end = rest.find("\r\n", end + 1)) {
        auto m = atmqtt::at::decode_as<atmqtt::risinghf::received_message>(atmqtt::at::line_event(bytes(rest.data() + 2, end - 2)));
        if (!m || static_cast<std::size_t>(m->payload_len) != m->payload.size()) continue;
        b.next_id = static_cast<std::uint16_t>(m->packet_id);
        b.deliver(m->topic, m->payload, 1);
        return true;
    }
    return false;
}

replayed replay_log(std::string log, int connected_next_id = 0) {
    modem h;
    if (connected_next_id != 0) {
        h.modem.host_input(addr_cmd + "AT+IMQTTCONN\r");
        h.settle();
        (void)h.modem.take_output();
        h.modem.set_next_id(static_cast<std::uint16_t>(connected_next_id));
    }
    return replay(h, log, deliver_rcvpub);
}
void fix(std::string& log, const std::string& from, const std::string& to) {
    const std::size_t at = log.find(from);
    REQUIRE(at != std::string::npos);
    log.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("risinghf: settings and their read answers as the manual prints them") {
    modem h(false);
    CHECK(h.at("AT+IMQTTMODE=2,0\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTMODE?\r") == "\r\n+IMQTTMODE:2,0,0\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTMODE=3,0\r") == "\r\nERROR\r\n");
    CHECK(h.at("AT+IMQTTUSER=name001,pwd001\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTUSER?\r") == "\r\n+IMQTTUSER:name001,******\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTRECVMODE=?\r") == "\r\n+IMQTTRECVMODE: 0\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTSTATE?\r") == "\r\n+IMQTTSTATE:0\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTDISCONN\r") == "\r\nERROR\r\n");
    CHECK(h.at("AT+IMQTTSUB=a,0\r") == "\r\nERROR\r\n");
}

TEST_CASE("risinghf: connect, subscribe, publish QoS 0/1/2 (text, hex, prompt), receive, unsubscribe, disconnect") {
    modem h(false);
    CHECK(h.at("AT+IMQTTUSER=u,p\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTLWT=will/t,1,bye,0\r") == "\r\nOK\r\n");
    connect(h);
    CHECK(h.broker.connect_user == "u");
    CHECK(h.broker.will_topic == "will/t");
    CHECK(h.at("AT+IMQTTCONN\r") == "\r\nOK\r\n\r\n+IMQTTCONN:1\r\n");
    CHECK(h.at("AT+IMQTTSUB=a/#,1\r") == "\r\nOK\r\n\r\n+IMQTTSUB:2,1\r\n");
    CHECK(h.at("AT+IMQTTPUB=a/b,0,hello\r") == "\r\nOK\r\n\r\n+IMQTTPUB:3,0\r\n");
    CHECK(h.at("AT+IMQTTPUB=a/b,1,\"x,y\",1\r") == "\r\nOK\r\n\r\n+IMQTTPUB:4,0\r\n");
    CHECK(h.at("AT+IMQTTPUBIN=a/b,2,00ff0d0a\r") == "\r\nOK\r\n\r\n+IMQTTPUB:5,0\r\n");
    CHECK(h.at("AT+IMQTTPUBIN?\r") == "\r\n+IMQTTPUBIN:a/b,2,00ff0d0a\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTPUBEX=a/b,1,0,4\r") == "\r\n>");
    CHECK(h.at(std::string("\"\r\n\0", 4)) == "\r\nOK\r\n\r\n+IMQTTPUBEX:6,0\r\n");
    CHECK(h.broker.published == std::vector<scripted_broker::message>{
                                    {"a/b", "hello", 0, false}, {"a/b", "x,y", 1, true},
                                    {"a/b", std::string("\0\xff\r\n", 4), 2, false}, {"a/b", std::string("\"\r\n\0", 4), 1, false}});
    CHECK(h.deliver("a/x", "m,1", 1) == "\r\n+IMQTTRCVPUB:1,\"a/x\",3,\"m,1\"\r\n");
    CHECK(h.deliver("a/x", "q0", 0) == "\r\n+IMQTTRCVPUB:0,\"a/x\",2,\"q0\"\r\n");
    CHECK(h.at("AT+IMQTTSUB?\r") == "\r\n+IMQTTSUB:a/#,1\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTUNSUB=a/#\r") == "\r\nOK\r\n\r\n+IMQTTUNSUB:7,0\r\n");
    CHECK(h.at("AT+IMQTTSTATE?\r") == "\r\n+IMQTTSTATE:2\r\n\r\nOK\r\n");
    CHECK(h.at("AT+IMQTTDISCONN\r") == "\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n");
    CHECK(h.broker.seen.back() == "DISCONNECT");
}

TEST_CASE("risinghf: receive mode 1, failures and faults") {
    modem h(false);
    SECTION("messages wait in the module") {
        CHECK(h.at("AT+IMQTTRECVMODE=1\r") == "\r\nOK\r\n");
        connect(h);
        CHECK(h.deliver("t", "one", 1) == "\r\n+IMQTTCOUNT:1\r\n");
        CHECK(h.deliver("t", "two", 1) == "\r\n+IMQTTCOUNT:2\r\n");
        CHECK(h.at("AT+IMQTTRECV?\r") == "\r\n+IMQTTRECV: 2\r\n\r\nOK\r\n");
        CHECK(h.at("AT+IMQTTRECV=3\r") ==
              "\r\n+IMQTTRECV:1,\"t\",3,\"one\"\r\n\r\n+IMQTTRECV:2,\"t\",3,\"two\"\r\n\r\nOK\r\n");
    }
    SECTION("no TCP connection, refused CONNACK") {
        h.refuse_open = true;
        CHECK(h.at(addr_cmd) == "\r\nOK\r\n");
        CHECK(h.at("AT+IMQTTCONN\r") == "\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n");
        h.refuse_open = false;
        h.broker.connack_code = 5;
        CHECK(h.at("AT+IMQTTCONN\r") == "\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n");
    }
    SECTION("the broker goes away with a publish in flight, and during a prompt") {
        connect(h);
        h.broker.answer = false;
        CHECK(h.at("AT+IMQTTPUB=a,1,x\r") == "\r\nOK\r\n");
        CHECK(h.broker_gone() == "\r\n+IMQTTPUB:2,1\r\n\r\n+IMQTTCONN:-1\r\n");
        h.broker.answer = true;
        connect(h);
        CHECK(h.at("AT+IMQTTPUBEX=a,1,0,2\r") == "\r\n>");
        CHECK(h.broker_gone() == "");
        CHECK(h.at("ab") == "\r\nERROR\r\n\r\n+IMQTTCONN:-1\r\n");
    }
    SECTION("late OK, error on demand, URC between '>' and OK") {
        connect(h);
        h.modem.delay_final();
        CHECK(h.at("AT+IMQTTSUB=a,0\r") == "\r\n+IMQTTSUB:2,0\r\n");
        h.modem.release_final();
        CHECK(h.modem.take_output() == "\r\nOK\r\n");
        h.modem.fail_next(0);
        CHECK(h.at("AT+IMQTTSUB=b,0\r") == "\r\nERROR\r\n");
        CHECK(h.at("AT+IMQTTPUBEX=a,0,0,1\r") == "\r\n>");
        h.modem.inject("\r\n+IMQTTCOUNT: 10\r\n");
        CHECK(h.at("z") == "\r\n+IMQTTCOUNT: 10\r\n\r\nOK\r\n\r\n+IMQTTPUBEX:3,0\r\n");
    }
}

TEST_CASE("risinghf: every split of the host's input gives the same bytes") {
    const std::vector<std::string> script = {addr_cmd, "AT+IMQTTCONN\r", "AT+IMQTTSUB=a/#,1\r", "AT+IMQTTPUBEX=a/b,1,0,3\r",
                                             "a\rb", "AT+IMQTTPUB=a/b,2,hi\r", "AT+IMQTTDISCONN\r"};
    check_every_split<atmqtt_modem::risinghf_modem>(script);
    modem h;  // what is compared, for a few of the commands
    std::vector<std::string> expected;
    for (const std::string& s : script) expected.push_back(h.at(s));
    CHECK(expected[4] == "a\rb\r\nOK\r\n\r\n+IMQTTPUBEX:3,0\r\n");
}

TEST_CASE("risinghf: the manual's worked examples byte for byte") {
    SECTION("the standard example (§3)") { CHECK(replay_log(example_log("risinghf_example_standard.log")).where == ""); }
    SECTION("the Aliyun example, its UNSUB number corrected (it repeats PUBIN's 4)") {
        std::string log = example_log("risinghf_example_aliyun.log");
        fix(log, "+IMQTTUNSUB:4,0", "+IMQTTUNSUB:5,0");
        CHECK(replay_log(log).where == "");
    }
    SECTION("settings") {
        for (const char* name : {"risinghf_imqttmode.log", "risinghf_imqttpara.log", "risinghf_imqttlwt.log",
                                 "risinghf_imqttlwtbin.log", "risinghf_imqttaddr.log", "risinghf_imqttrecvmode.log",
                                 "risinghf_imqttconn.log"})
            CHECK(replay_log(example_log(name)).where == "");
        std::string user = example_log("risinghf_imqttuser.log");  // pwd001 is 6 characters, the manual masks 5
        fix(user, "name001,*****", "name001,******");
        CHECK(replay_log(user).where == "");
    }
    SECTION("commands on a connection") {
        CHECK(replay_log(example_log("risinghf_imqttpub.log"), 11).where == "");
        CHECK(replay_log(example_log("risinghf_imqttpubex.log"), 11).where == "");
        CHECK(replay_log(example_log("risinghf_imqttpubin.log"), 4).where == "");
        std::string unsub = example_log("risinghf_imqttunsub.log");  // "AT+IMQTTUNSUB = ": spaces around '='
        fix(unsub, "AT+IMQTTUNSUB = ", "AT+IMQTTUNSUB=");
        CHECK(replay_log(unsub, 7).where == "");
        CHECK(replay_log(example_log("risinghf_imqttstate.log"), 1).where == "");
        std::string disc = example_log("risinghf_imqttdisconn.log");  // "AT+ IMQTTDISCONN": a stray space
        fix(disc, "AT+ IMQTTDISCONN", "AT+IMQTTDISCONN");
        CHECK(replay_log(disc, 1).where == "");
        std::string sub = example_log("risinghf_imqttsub.log");  // the read answer lacks its OK
        fix(sub, "/test,0\r\nAT+IMQTTSUB=?", "/test,0\r\n\r\nOK\r\nAT+IMQTTSUB=?");
        fix(sub, "AT+IMQTTSUB=/a1R3d3WsBI0/test1/user/test,0\r\r\nOK\r\n",
            "AT+IMQTTSUB=/a1R3d3WsBI0/test1/user/test,0\r\r\nOK\r\n\r\n+IMQTTSUB:1,0\r\n");  // and the result
        CHECK(replay_log(sub, 1).where == "");
    }
}
