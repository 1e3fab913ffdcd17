// USR configuration planner: typed configurations give the command sequences of the manual's worked
// examples (§3.1.2, §3.1.4, §3.2.2; the command vectors beside this file), ending with AT+S.
#include "../catch.hpp"
#include "test_usr_support.hpp"
#include "usr_planner.hpp"

#include <string>
#include <vector>

using namespace usr_test;
using atmqtt::errc;
using atmqtt::mutable_bytes;

namespace {

std::vector<std::string> plan(const usr::mqtt_config& c, errc* error = nullptr) {
    std::vector<std::string> out;
    usr::config_planner p(c);
    while (!p.done()) {
        char buf[256] = {};
        auto r = p.next(mutable_bytes(buf, sizeof buf));
        if (!r) {
            if (error != nullptr) *error = r.error();
            break;
        }
        out.emplace_back(buf, *r);
    }
    return out;
}

// The "bytes" of every line of a command vector file.
std::vector<std::string> vector_bytes(const char* stem) {
    bool ok = false;
    std::string text = read_file(vector_dir() + "commands/" + stem + ".jsonl", ok);
    REQUIRE(ok);
    std::vector<std::string> out;
    for (const std::string& line : split_lines(text)) {
        json_reader r{line};
        for (const auto& m : r.object())
            if (m.first == "bytes") out.push_back(m.second.text);
    }
    return out;
}

// The manual's §3.1 sessions send the same AT+MQTTSUBTP a second time after AT+MQTTPUBTP (a slip, see
// the notes); the planner sends each slot once.
std::vector<std::string> without_repeats(std::vector<std::string> v) {
    std::vector<std::string> out;
    for (const std::string& s : v) {
        bool seen = false;
        for (const std::string& o : out) seen = seen || o == s;
        if (!seen) out.push_back(s);
    }
    return out;
}

const usr::topic_preset sub1[] = {{1, "/SubTopic1", 0, 0, true}};
const usr::topic_preset pub1[] = {{1, "/PubTopic1", 0, 0, true}};

usr::mqtt_config generic(usr::transfer_mode mode) {
    usr::mqtt_config c;
    c.server = "47.93.32.32";
    c.port = 1883;
    c.username = "HEHEHE";
    c.password = "123456";
    c.client_id = "02401322081900001968";
    c.version = 4;
    c.subscribe = sub1;
    c.publish = pub1;
    c.mode = mode;
    return c;
}

}  // namespace

TEST_CASE("usr planner: §3.1.2 transparent and §3.1.4 distribution sessions") {
    std::vector<std::string> t = plan(generic(usr::transfer_mode::transparent));
    CHECK(t == without_repeats(vector_bytes("usr_transparent_config")));
    CHECK(t.size() == 10);
    CHECK(t.back() == "AT+S\r");
    CHECK(plan(generic(usr::transfer_mode::distribution)) == without_repeats(vector_bytes("usr_distribution_config")));
}

TEST_CASE("usr planner: §3.2.2 Aliyun session") {
    usr::mqtt_config c;
    c.aliyun = true;
    c.region = "cn-shanghai";
    c.product_key = "a1BtHrkUDKT";
    c.device_secret = "2d90eb60565acbcdffe376810ff0ec44";
    c.device_name = "GM5_TEST";
    c.device_id = "11111";
    c.mode = usr::transfer_mode::distribution;
    const usr::topic_preset sub[] = {{1, "/a1BtHrkUDKT/GM5_TEST/user/QQQ", 0, 0, true}};
    const usr::topic_preset pub[] = {{1, "/a1BtHrkUDKT/GM5_TEST/user/alitest", 0, 0, true}};
    c.subscribe = sub;
    c.publish = pub;
    CHECK(plan(c) == vector_bytes("usr_aliyun_config"));
}

TEST_CASE("usr planner: optional settings, SSL, and the end of the plan") {
    usr::mqtt_config c;
    c.server = "broker.example";
    c.client_id = "dev1";
    usr::cfg_session keepalive{120, 1};
    usr::cfg_will will{1, "/will", 1, 0, "gone"};
    const usr::cfg_ssl_certificate certs[] = {{usr::certificate::ca_crt, "CA"}, {usr::certificate::client_crt, "CRT"}};
    usr::ssl_settings ssl{true, usr::ssl_auth::all, certs, true};
    c.keepalive = &keepalive;
    c.will = &will;
    c.ssl = &ssl;
    const std::vector<std::string> want = {
        "AT+WKMOD=MQTT,NOR\r", "AT+MQTTSVR=broker.example\r", "AT+MQTTCID=dev1\r", "AT+MQTTCFG=120,1\r",
        "AT+MQTTWILL=1,/will,1,0,gone\r", "AT+SSLEN=ON\r", "AT+SSLAUTH=ALL\r", "AT+SSLCRT=0,CA\r",
        "AT+SSLCRT=1,CRT\r", "AT+SSLCFG=ON\r", "AT+MQTTMOD=0\r", "AT+S\r",
    };
    CHECK(plan(c) == want);

    usr::config_planner done(c);
    char buf[64] = {};
    while (!done.done()) REQUIRE(done.next(mutable_bytes(buf, sizeof buf)).ok());
    CHECK(done.next(mutable_bytes(buf, sizeof buf)).error() == errc::at_missing_field);
}

TEST_CASE("usr planner: an invalid value stops the plan; a small buffer can be retried") {
    usr::mqtt_config c = generic(usr::transfer_mode::transparent);
    const usr::topic_preset bad[] = {{11, "/t", 0, 0, true}};
    c.publish = bad;
    errc e = errc::ok;
    std::vector<std::string> got = plan(c, &e);
    CHECK(e == errc::out_of_range);
    CHECK(got.size() == 7);  // WKMOD .. SUBTP, then the bad PUBTP

    usr::config_planner p(generic(usr::transfer_mode::transparent));
    char small[8] = {};
    CHECK(p.next(mutable_bytes(small, sizeof small)).error() == errc::buffer_too_small);
    char buf[64] = {};
    auto r = p.next(mutable_bytes(buf, sizeof buf));
    REQUIRE(r.ok());
    CHECK(std::string(buf, *r) == "AT+WKMOD=MQTT,NOR\r");
}
