// The virtual OneMO modem against a scripted broker: exact bytes for every flow, every split of the host's
// input, fault hooks, and the manual's worked examples (examples/logs/onemo_*) replayed byte for byte.
#include "../../tools/modem/onemo.hpp"
#include "modem_harness.hpp"
#include "../dialects/onemo_urc.hpp"

#include <atmqtt/dialect/onemo/responses.hpp>

using namespace modem_test;
using modem = harness<atmqtt_modem::onemo_modem>;

namespace {
const std::string conn_cmd = "AT+MQTTCONN=0,\"broker.example\",1883,\"dev1\",\"user\",\"pass\"\r";

void connect(modem& h) {
    const std::string echo = h.modem.echo() ? conn_cmd : "";
    REQUIRE(h.at(conn_cmd) == echo + "\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,0\r\n");
}

// A "publish" URC (or a "pubnmi" notice, whose message the next +MQTTREAD answer shows) at the start of
// `rest`: the broker sends that message, QoS 1 with the mid as packet id (QoS 0 for mid 0).
bool deliver_publish(const std::string& rest, scripted_broker& b) {
    if (rest.compare(0, 2, "\r\n") != 0) return false;
    for (std::size_t end = rest.find("\r\n", 2); end != std::string::npos; end = rest.find("\r\n", end + 1)) {
        std::string line = rest.substr(2, end - 2);  // the payload length decides which CR LF ends it
        if (line.compare(0, 8, "+MQTTUTC") == 0) line.replace(0, 8, "+MQTTURC");
        const auto ev = atmqtt::at::line_event(bytes(line.data(), line.size()));
        auto kind = atmqtt::onemo::classify(ev);
        if (!kind || !onemo_test::urc_status(ev)) continue;  // not (yet) a whole URC line
        int mid = 0;
        std::string topic, payload;
        atmqtt::onemo::received_message m{};
        atmqtt::onemo::message_notice nmi{};
        if (*kind == atmqtt::onemo::line_received_message) {
            (void)atmqtt::at::decode_into(ev, m);
            if (static_cast<std::size_t>(m.payload_len) != m.payload.size()) continue;
            mid = m.packet_id;
            topic = std::string(m.topic);
            payload = std::string(m.payload);
        } else if (*kind == atmqtt::onemo::line_message_notice) {
            (void)atmqtt::at::decode_into(ev, nmi);
            mid = nmi.packet_id;
            const std::string head = "+MQTTREAD: 0," + std::to_string(mid) + ",\"";
            const std::size_t at = rest.find(head);
            if (at == std::string::npos) return false;
            const std::size_t t = at + head.size(), q = rest.find('"', t), comma = rest.find(',', q + 2);
            topic = rest.substr(t, q - t);
            payload = rest.substr(comma + 1, static_cast<std::size_t>(nmi.payload_len));
        } else {
            return false;
        }
        if (mid != 0) b.next_id = static_cast<std::uint16_t>(mid);
        b.deliver(topic, payload, mid == 0 ? 0 : 1);
        return true;
    }
    return false;
}

// Replays one example after the connection the example assumes (its bytes are not compared).
replayed replay_connected(const std::string& name, std::uint16_t mid, std::string log = {}) {
    if (log.empty()) log = example_log(name);
    modem h;
    h.modem.host_input(conn_cmd);
    h.settle();
    (void)h.modem.take_output();
    h.modem.set_next_mid(mid);
    return replay(h, log, deliver_publish);
}
}  // namespace

TEST_CASE("onemo: configuration, errors and state") {
    modem h(false);
    CHECK(h.at("AT+MQTTCFG=\"keepalive\",0\r") == "\r\n+MQTTCFG: \"keepalive\",120\r\n\r\nOK\r\n");
    CHECK(h.at("AT+MQTTCFG=\"keepalive\",0,60\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+MQTTCFG=\"clean\",0,1\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+MQTTCFG=\"keepalive\",0,70000\r") == "\r\n+CME ERROR: 601\r\n");  // the table's range
    CHECK(h.at("AT+MQTTSTATE=0\r") == "\r\n+MQTTSTATE: 3\r\n\r\nOK\r\n");
    CHECK(h.at("AT+MQTTSUB=0,\"a\",0\r") == "\r\n+CME ERROR: 602\r\n");
    connect(h);
    CHECK(h.broker.keep_alive == 60);
    CHECK(h.broker.clean);
    CHECK(h.broker.connect_user == "user");
    CHECK(h.at("AT+MQTTSTATE=0\r") == "\r\n+MQTTSTATE: 2\r\n\r\nOK\r\n");
    CHECK(h.at(conn_cmd) == "\r\n+CME ERROR: 604\r\n");
    CHECK(h.at("AT+MQTTCFG=\"keepalive\",0,60\r") == "\r\n+CME ERROR: 604\r\n");
}

TEST_CASE("onemo: subscribe, publish QoS 0/1/2 inline and in data mode, receive, unsubscribe, disconnect") {
    modem h(false);
    connect(h);
    h.modem.set_next_mid(100);
    CHECK(h.at("AT+MQTTSUB=0,\"a/#\",1,\"b/+\",2\r") ==
          "\r\n+MQTTSUB: 0,100\r\n\r\nOK\r\n\r\n+MQTTURC: \"suback\",0,100,1,2\r\n");
    CHECK(h.at("AT+MQTTSUB=0\r") == "\r\n+MQTTSUB: \"a/#\", 1, \"b/+\", 2\r\n\r\nOK\r\n");
    CHECK(h.at("AT+MQTTPUB=0,\"a/b\",0,0,0,4,\"3242\"\r") == "\r\n+MQTTPUB: 0,101,11\r\n\r\nOK\r\n");
    CHECK(h.at("AT+MQTTPUB=0,\"a/b\",1,0,0,4,\"3242\"\r") ==
          "\r\n+MQTTPUB: 0,102,13\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,102,0\r\n");
    CHECK(h.at("AT+MQTTPUB=0,\"a/b\",2,1,0,4,\"3242\"\r") ==
          "\r\n+MQTTPUB: 0,103,13\r\n\r\nOK\r\n\r\n+MQTTURC: \"pubrec\",0,103,0\r\n\r\n+MQTTURC: \"pubcomp\",0,103,0\r\n");
    const std::string binary("a,\"b\"\r\n\0", 8);
    CHECK(h.at("AT+MQTTPUB=0,\"a/b\",1,0,0,8\r") == ">");
    CHECK(h.at(binary) == "\r\n+MQTTPUB: 0,104,17\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,104,0\r\n");
    CHECK(h.broker.published == std::vector<scripted_broker::message>{
                                    {"a/b", "3242", 0, false}, {"a/b", "3242", 1, false}, {"a/b", "3242", 2, true},
                                    {"a/b", binary, 1, false}});
    CHECK(h.deliver("a/x", "12345", 0) == "\r\n+MQTTURC: \"publish\",0,0,\"a/x\",5,5,12345\r\n");
    CHECK(h.deliver("b/y", "x,y\r\n", 2) == "\r\n+MQTTURC: \"publish\",0,1,\"b/y\",5,5,x,y\r\n\r\n");
    CHECK(h.broker.seen.back() == "PUBCOMP");
    CHECK(h.at("AT+MQTTCFG=\"encoding\",0,1,1\r") == "\r\nOK\r\n");
    CHECK(h.at("AT+MQTTPUB=0,\"a/b\",0,0,0,2,\"00FF\"\r") == "\r\n+MQTTPUB: 0,105,9\r\n\r\nOK\r\n");
    CHECK(h.broker.published.back().payload == std::string("\0\xFF", 2));
    CHECK(h.deliver("a/x", std::string("\0\x01", 2), 0) == "\r\n+MQTTURC: \"publish\",0,0,\"a/x\",4,4,0001\r\n");
    CHECK(h.at("AT+MQTTUNSUB=0,\"a/#\"\r") == "\r\n+MQTTUNSUB: 0,106\r\n\r\nOK\r\n\r\n+MQTTURC: \"unsuback\",0,106\r\n");
    CHECK(h.at("AT+MQTTSUB=0\r") == "\r\n+MQTTSUB: \"b/+\", 2\r\n\r\nOK\r\n");
    CHECK(h.at("AT+MQTTDISC=0\r") == "\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,2\r\n");
    CHECK(h.broker.seen.back() == "DISCONNECT");
    CHECK(h.at("AT+MQTTSTATE=0\r") == "\r\n+MQTTSTATE: 3\r\n\r\nOK\r\n");
}

TEST_CASE("onemo: cache mode, refused and failed connections, the broker going away") {
    modem h(false);
    SECTION("cache mode") {
        CHECK(h.at("AT+MQTTCFG=\"cached\",0,1\r") == "\r\nOK\r\n");
        connect(h);
        CHECK(h.deliver("t", "hello world", 1) == "\r\n+MQTTURC: \"pubnmi\",0,1,11\r\n");
        CHECK(h.deliver("u", "x", 0) == "\r\n+MQTTURC: \"pubnmi\",0,0,1\r\n");
        CHECK(h.at("AT+MQTTREAD=0\r") == "\r\n+MQTTREAD: 0,2,12\r\n\r\nOK\r\n");
        CHECK(h.at("AT+MQTTREAD=0,2\r") ==
              "\r\n+MQTTREAD: 0,1,\"t\",11,hello world\r\n\r\n+MQTTREAD: 0,0,\"u\",1,x\r\n\r\nOK\r\n");
    }
    SECTION("CONNACK refuses") {
        h.broker.connack_code = 4;
        CHECK(h.at(conn_cmd) == "\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,3\r\n");
    }
    SECTION("no TCP connection") {
        h.refuse_open = true;
        CHECK(h.at(conn_cmd) == "\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,6\r\n");
    }
    SECTION("the broker goes away, also during a data-mode publish") {
        connect(h);
        CHECK(h.at("AT+MQTTPUB=0,\"a\",1,0,0,2\r") == ">");
        CHECK(h.broker_gone() == "");
        CHECK(h.at("ab") == "\r\n+CME ERROR: 602\r\n\r\n+MQTTURC: \"conn\",0,4\r\n");
    }
    SECTION("faults: late OK, error on demand, lost and duplicated URCs, a URC between two lines") {
        connect(h);
        h.modem.set_next_mid(7);
        h.modem.delay_final();
        CHECK(h.at("AT+MQTTSUB=0,\"a\",0\r") == "\r\n+MQTTSUB: 0,7\r\n\r\n+MQTTURC: \"suback\",0,7,0\r\n");
        h.modem.release_final();
        CHECK(h.modem.take_output() == "\r\nOK\r\n");
        h.modem.fail_next(650);
        CHECK(h.at("AT+MQTTSUB=0,\"b\",0\r") == "\r\n+CME ERROR: 650\r\n");
        h.modem.drop_urcs(1);
        CHECK(h.deliver("a", "1") == "");
        h.modem.duplicate_urcs(1);
        CHECK(h.deliver("a", "2") == "\r\n+MQTTURC: \"publish\",0,0,\"a\",1,1,2\r\n\r\n+MQTTURC: \"publish\",0,0,\"a\",1,1,2\r\n");
        h.modem.inject("\r\n+MQTTURC: \"pingresp\",0,0\r\n");
        CHECK(h.at("AT+MQTTPUB=0,\"a\",0,0,0,1,\"x\"\r") ==
              "\r\n+MQTTURC: \"pingresp\",0,0\r\n\r\n+MQTTPUB: 0,8,6\r\n\r\nOK\r\n");
    }
}

TEST_CASE("onemo: every split of the host's input gives the same bytes") {
    const std::vector<std::string> script = {conn_cmd, "AT+MQTTSUB=0,\"a/#\",1\r", "AT+MQTTPUB=0,\"a/b\",1,0,0,3\r",
                                             "a\rb", "AT+MQTTPUB=0,\"a/b\",2,0,0,2,\"hi\"\r", "AT+MQTTDISC=0\r"};
    check_every_split<atmqtt_modem::onemo_modem>(script);
    modem h;  // what is compared, for a few of the commands
    std::vector<std::string> expected;
    for (const std::string& s : script) expected.push_back(h.at(s));
    CHECK(expected[3] == "a\rb\r\n+MQTTPUB: 0,2,12\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,2,0\r\n");
}

TEST_CASE("onemo: the manual's worked examples byte for byte") {
    SECTION("3.1 to 3.8, each after the connection it assumes") {
        CHECK(replay_connected("onemo_3_1_mqttcfg.log", 1).where == "");
        CHECK(replay_connected("onemo_3_3_mqttsub.log", 35270).where == "");
        CHECK(replay_connected("onemo_3_4_mqttunsub.log", 18795).where == "");
        CHECK(replay_connected("onemo_3_5_mqttpub_qos0.log", 18797).where == "");
        CHECK(replay_connected("onemo_3_5_mqttpub_qos1.log", 18798).where == "");
        CHECK(replay_connected("onemo_3_5_mqttpub_qos2.log", 18799).where == "");
        CHECK(replay_connected("onemo_3_7_mqttstate.log", 1).where == "");
        CHECK(replay_connected("onemo_3_8_mqttdisc.log", 1).where == "");
        modem h;
        CHECK(replay(h, example_log("onemo_3_2_mqttconn.log"), deliver_publish).where == "");
    }
    SECTION("4.1.1 plain access, 4.1.2 cache mode, 4.2.1 TLS access (whole sessions)") {
        // 4.1.1 and 4.2.1 leave out the OK after the QoS 2 publish's +MQTTPUB (3.5 and the QoS 1 and 0
        // publishes have it); 4.1.2 spells one URC "+MQTTUTC". Both are corrected before the replay.
        for (const char* name : {"onemo_4_1_1_plain_access.log", "onemo_4_2_1_tls_access.log", "onemo_4_1_2_cache_mode.log"}) {
            std::string log = example_log(name);
            REQUIRE(!log.empty());
            const std::size_t q2 = log.find("\",2,0,0,4,\"3242\"\r");
            if (q2 != std::string::npos) {
                const std::size_t line_end = log.find("\r\n\r\n", log.find("+MQTTPUB:", q2));
                log.insert(line_end + 2, "\r\nOK\r\n");
            }
            const std::size_t typo = log.find("+MQTTUTC");
            if (typo != std::string::npos) log.replace(typo, 8, "+MQTTURC");
            const std::size_t sub = log.find("+MQTTSUB: 0,");
            modem h;
            h.modem.set_next_mid(static_cast<std::uint16_t>(std::stoi(log.substr(sub + 12))));
            const replayed r = replay(h, log, deliver_publish);
            CHECK(r.where == "");
            CHECK(r.same == log.size());
        }
    }
}

TEST_CASE("onemo: the ML307R capture (/work/shared/captures/onemo_ml307r_publish.txt) byte for byte") {
    // The capture's line (a developer's note of what an ML307R printed), its payload unquoted JSON.
    const std::string topic = "down/689adc659f04ec32f7642fbb/69dde479495848939efba625";
    const std::string json = "{\"id\":8,\"method\":\"get_properties\",\"params\":[{\"siid\":1,\"piid\":6}]}";
    modem h(false);
    connect(h);
    CHECK(h.deliver(topic, json, 0) == "\r\n+MQTTURC: \"publish\",0,0,\"" + topic + "\",65,65," + json + "\r\n");
}
