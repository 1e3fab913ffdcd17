// client/capabilities.hpp at run time (the drivers' tests reach most of it through requests; these are
// the refusals no driver's table triggers): QoS 1 or 2 missing, QoS 2 only for publishing, an empty
// filter, MQTT 3.1, clean session, TLS, the client id's length, a will the modem cannot carry or whose
// topic or payload it refuses, and the scaled timeouts with zero retries.
#include <atmqtt/client/capabilities.hpp>

#include "../catch.hpp"
#include "../run_time.hpp"

namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;
using atmqtt::errc;
using Q = mqtt::qos;

namespace {

client::capabilities limited() {
    client::capabilities c;
    c.qos1 = false;
    c.qos2 = false;
    c.will = false;
    c.tls = false;
    c.clean_session_choice = false;
    c.protocol_3_1 = false;
    c.max_topic = 4;
    c.max_client_id = 3;
    c.max_payload = 2;
    return at_run_time(c);
}

}  // namespace

TEST_CASE("capabilities: publish refusals, in order: QoS, topic, payload") {
    const client::capabilities c = limited();
    CHECK(client::check_publish(c, "t", 2, Q::at_most_once).ok());
    CHECK(client::check_publish(c, "t", 0, Q::at_least_once).error() == errc::client_unsupported_qos);
    CHECK(client::check_publish(c, "t", 0, Q::exactly_once).error() == errc::client_unsupported_qos);
    CHECK(client::check_publish(c, "", 0, Q::at_most_once).error() == errc::client_topic_too_long);
    const atmqtt::status t = client::check_publish(c, "abcde", 0, Q::at_most_once);
    CHECK(t.error() == errc::client_topic_too_long);
    CHECK(t.offset() == 5);
    const atmqtt::status p = client::check_publish(c, "abcd", 3, Q::at_most_once);
    CHECK(p.error() == errc::client_payload_too_long);
    CHECK(p.offset() == 3);

    client::capabilities q1 = limited();
    q1.qos1 = true;
    CHECK(client::check_publish(q1, "t", 0, Q::at_least_once).ok());
    CHECK(client::check_publish(q1, "t", 0, Q::exactly_once).error() == errc::client_unsupported_qos);
}

TEST_CASE("capabilities: filter refusals; QoS 2 for publishing only") {
    client::capabilities c = limited();
    CHECK(client::check_filter(c, "a/#", Q::at_most_once).ok());
    CHECK(client::check_filter(c, "a", Q::at_least_once).error() == errc::client_unsupported_qos);
    CHECK(client::check_filter(c, "a", Q::exactly_once).error() == errc::client_unsupported_qos);
    CHECK(client::check_filter(c, "", Q::at_most_once).error() == errc::client_topic_too_long);
    CHECK(client::check_filter(c, "a/b/c", Q::at_most_once).offset() == 5);
    c.qos1 = c.qos2 = true;
    c.subscribe_qos2 = false;
    CHECK(client::check_filter(c, "a", Q::at_least_once).ok());
    CHECK(client::check_filter(c, "a", Q::exactly_once).error() == errc::client_unsupported_qos);
    CHECK(client::check_publish(c, "a", 0, Q::exactly_once).ok());
    c.subscribe_qos2 = true;
    CHECK(client::check_filter(c, "a", Q::exactly_once).ok());
}

TEST_CASE("capabilities: connect refusals, each for its option") {
    const client::capabilities c = limited();
    client::connect_options o;
    o.client_id = "id";
    CHECK(client::check_connect(c, o).ok());
    client::connect_options v31 = o;
    v31.level = mqtt::protocol_level::v3_1;
    CHECK(client::check_connect(c, v31).error() == errc::client_unsupported_option);
    client::connect_options kept = o;
    kept.clean_session = false;
    CHECK(client::check_connect(c, kept).error() == errc::client_unsupported_option);
    client::connect_options tls = o;
    tls.tls_context = 0;
    CHECK(client::check_connect(c, tls).error() == errc::client_unsupported_tls);
    client::connect_options no_id = o;
    no_id.client_id = "";
    CHECK(client::check_connect(c, no_id).error() == errc::mqtt_invalid_client_id);
    client::connect_options long_id = o;
    long_id.client_id = "abcd";
    CHECK(client::check_connect(c, long_id).error() == errc::mqtt_invalid_client_id);
    client::connect_options will = o;
    will.will_flag = true;
    will.will.topic = "w";
    CHECK(client::check_connect(c, will).error() == errc::client_unsupported_will);

    client::capabilities w = limited();
    w.will = true;
    CHECK(client::check_connect(w, will).ok());
    will.will.payload = "xyz";  // longer than max_payload: the will's own refusal, its offset kept
    const atmqtt::status s = client::check_connect(w, will);
    CHECK(s.error() == errc::client_unsupported_will);
    CHECK(s.offset() == 3);
}

TEST_CASE("capabilities: timeouts scaled by the packet timeout and retries, zero retries counted once") {
    static constexpr client::timeout_rule rules[] = {
        {"FIXED", 300},
        {"PKT", 0, client::timeout_scale::packet},
        {"RETRY", 0, client::timeout_scale::packet_times_retries},
        {"DOUBLING", 0, client::timeout_scale::retries_doubling},
    };
    const client::packet_timing none = at_run_time(client::packet_timing{10, 0});
    const client::packet_timing three = at_run_time(client::packet_timing{10, 3});
    CHECK(client::timeout_for(rules, "FIXED", three, 1) == 300);
    CHECK(client::timeout_for(rules, "PKT", three, 1) == 10000);
    CHECK(client::timeout_for(rules, "RETRY", three, 1) == 30000);
    CHECK(client::timeout_for(rules, "RETRY", none, 1) == 10000);
    CHECK(client::timeout_for(rules, "DOUBLING", none, 1) == 10000);
    CHECK(client::timeout_for(rules, "DOUBLING", three, 1) == 150000);  // 10 s x (2^4 - 1)
    CHECK(client::timeout_for(rules, "OTHER", three, 7) == 7);
}
