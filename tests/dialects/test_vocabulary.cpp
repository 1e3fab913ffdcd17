// One vocabulary across the four dialects (issue 17, docs/at-core.md "Vocabulary"): code written against
// one dialect's typed lines compiles against another's. Each generic helper below is one template, with
// no overload per dialect.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <string>
#include <type_traits>

#include "../catch.hpp"

namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
namespace om = atmqtt::onemo;
namespace rhf = atmqtt::risinghf;
namespace usr = atmqtt::usr;

namespace {

// A received message of any dialect: its packet id, topic and payload bytes (payload_len is each
// manual's length field: see the Vocabulary table).
template <class Message>
std::string describe_message(const char* line) {
    Message m{};
    if (!at::decode_into(at::line_event(line), m)) return "error";
    return std::to_string(m.packet_id) + " " + std::string(m.topic) + " " + std::string(m.payload);
}

// A subscribe result of any dialect: its packet id and granted QoS, one per topic.
template <class Result>
std::string describe_subscribe(const char* line) {
    Result r{};
    if (!at::decode_into(at::line_event(line), r)) return "error";
    std::string out = std::to_string(r.packet_id) + ":";
    for (std::uint8_t g : r.granted_qos) out += " " + std::to_string(g);
    return out;
}

// The members a generic handler names, and their types.
template <class State, class Code>
constexpr bool state_is_enum = std::is_same<decltype(State::state), Code>::value && std::is_enum<Code>::value;

}  // namespace

TEST_CASE("vocabulary: every dialect's received_message has packet_id, topic and payload") {
    CHECK(describe_message<q::received_message>("+QMTRECV: 0,7,\"a/b\",5,\"hello\"") == "7 a/b hello");
    CHECK(describe_message<q::received_message>("+QMTRECV: 0,7,\"a/b\",\"hello\"") == "7 a/b hello");
    CHECK(describe_message<om::received_message>("+MQTTURC: \"publish\",0,7,\"a/b\",5,5,hello") == "7 a/b hello");
    CHECK(describe_message<rhf::received_message>("+IMQTTRCVPUB:7,\"a/b\",5,\"hello\"") == "7 a/b hello");
    STATIC_REQUIRE(std::is_same<decltype(q::received_message::payload), atmqtt::bytes>::value);
    STATIC_REQUIRE(std::is_same<decltype(om::received_message::payload), atmqtt::bytes>::value);
    STATIC_REQUIRE(std::is_same<decltype(rhf::received_message::payload), atmqtt::bytes>::value);
}

TEST_CASE("vocabulary: every subscribe_result has packet_id and a granted_qos list") {
    CHECK(describe_subscribe<q::subscribe_result>("+QMTSUB: 0,3,0,1,128") == "3: 1 128");
    CHECK(describe_subscribe<om::subscribe_result>("+MQTTURC: \"suback\",0,3,1,128") == "3: 1 128");
    CHECK(describe_subscribe<rhf::subscribe_result>("+IMQTTSUB:3,1") == "3: 1");
    // Quectel: a retransmission's <value> is a count, not a granted QoS.
    CHECK(describe_subscribe<q::subscribe_result>("+QMTSUB: 0,3,1,2") == "3:");
}

TEST_CASE("vocabulary: connection_state::state is an enum of conn_state_code in every dialect") {
    STATIC_REQUIRE(state_is_enum<q::connection_state, q::conn_state_code>);
    STATIC_REQUIRE(state_is_enum<om::connection_state, om::conn_state_code>);
    STATIC_REQUIRE(state_is_enum<rhf::connection_state, rhf::conn_state_code>);
    STATIC_REQUIRE(state_is_enum<usr::connection_state, usr::conn_state_code>);
    STATIC_REQUIRE(at::decode_as<rhf::connect_result>(at::line_event("+IMQTTCONN:-1"))->state ==
                   rhf::conn_state_code::disconnected);
}

TEST_CASE("vocabulary: a publish result's outcome is `result`, an enum of the manual's codes") {
    STATIC_REQUIRE(std::is_same<decltype(q::publish_result::result), q::send_result>::value);
    STATIC_REQUIRE(std::is_same<decltype(rhf::publish_result::result), rhf::send_result>::value);
    STATIC_REQUIRE(at::decode_as<rhf::publish_result>(at::line_event("+IMQTTPUB:4,1"))->result == rhf::send_result::failed);
    STATIC_REQUIRE(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,4,2"))->result == q::send_result::failed);
}

TEST_CASE("vocabulary: rows are line_<row> of one line_index enum, the concept rows named alike") {
    STATIC_REQUIRE(q::lines[q::line_connection_state].prefix == "+QMTCONN");
    STATIC_REQUIRE(om::lines[om::line_connection_state].prefix == "+MQTTURC");
    STATIC_REQUIRE(rhf::lines[rhf::line_connection_state].prefix == "+IMQTTCONN");
    STATIC_REQUIRE(usr::lines[usr::line_connection_state].prefix == "+MQTTSTA");
    STATIC_REQUIRE(at::binding_of<q::received_message>::row.prefix == q::lines[q::line_received_message].prefix);
    STATIC_REQUIRE(om::lines[om::line_received_message].selector == "publish");
    STATIC_REQUIRE(rhf::lines[rhf::line_received_message].prefix == "+IMQTTRCVPUB");
    STATIC_REQUIRE(om::lines[om::line_subscribe_result].selector == "suback");
    STATIC_REQUIRE(rhf::lines[rhf::line_subscribe_result].prefix == "+IMQTTSUB");
    STATIC_REQUIRE(om::lines[om::line_publish_result].selector == "puback");
    STATIC_REQUIRE(rhf::lines[rhf::line_publish_result].prefix == "+IMQTTPUB");
    // OneMO's URC kinds are its first rows, up to last_urc_line.
    STATIC_REQUIRE(om::lines[om::last_urc_line + 1].prefix != "+MQTTURC");
    STATIC_REQUIRE(om::lines[om::last_urc_line].selector == "pubcomp");
}

TEST_CASE("vocabulary: <vendor>::classify(ev) names a line's row in every dialect") {
    STATIC_REQUIRE(*q::classify(at::line_event("+QMTCONN: 0,3")) == q::line_connection_state);  // 3: no <result>
    STATIC_REQUIRE(*om::classify(at::line_event("+MQTTURC: \"conn\",0,0")) == om::line_connection_state);
    STATIC_REQUIRE(*rhf::classify(at::line_event("+IMQTTCONN:1")) == rhf::line_connection_state);
    STATIC_REQUIRE(*usr::classify(at::line_event("+MQTTSTA:CONNECTION")) == usr::line_connection_state);
}

namespace {
// A publish command of any dialect: its retain flag and payload length, by the same names.
template <class Publish>
constexpr long retain_and_length(const Publish& p) {
    return 10 * static_cast<long>(p.retain) + p.payload_len;
}
}  // namespace

TEST_CASE("vocabulary: client_idx, retain and payload_len are one name each across the dialects") {
    STATIC_REQUIRE(retain_and_length(q::publish{0, 1, 1, 1, "t", 5}) == 15);
    STATIC_REQUIRE(retain_and_length(rhf::publish_ex{"t", 1, 1, 5}) == 15);
    om::publish p{};
    p.retain = 1;
    p.payload_len = 5;
    CHECK(10 * p.retain + p.payload_len.value_or(0) == 15);
    rhf::publish r{"t", 1, "m", 1};
    CHECK(r.retain.value_or(0) == 1);
    STATIC_REQUIRE(usr::cfg_publish_topic{1, 1, "t", 0, 1}.retain == 1);
    STATIC_REQUIRE(usr::topic_preset{1, "t", 0, 1, true}.retain == 1);
    // The will: will_flag, will_topic, will_msg where a dialect prefixes them (Quectel <will_fg>,
    // <willtopic>, <willmessage>; USR <willen>).
    STATIC_REQUIRE(q::cfg_will{0, 1, 0, 0, "t", "m"}.will_flag == 1);
    STATIC_REQUIRE(om::cfg_willoption{0, 1}.will_flag == 1);
    STATIC_REQUIRE(usr::cfg_will{1}.will_flag == 1);
    STATIC_REQUIRE(*q::cfg_will{0, 1, 0, 0, "t", "m"}.will_msg == "m");
    STATIC_REQUIRE(*om::cfg_willpayload{0, "t", "m"}.will_topic == "t");
    // The broker's host and the credentials (Quectel <host_name>, RisingHF <addr>, USR <server>; OneMO <user>, <passwd>).
    STATIC_REQUIRE(q::open{0, "h", 1883}.host == "h");
    STATIC_REQUIRE(om::connect{0, "h", 1883, om::login{"c", "u", "p"}}.host == "h");
    STATIC_REQUIRE(rhf::cfg_addr{"h", 1883, {}}.host == "h");
    STATIC_REQUIRE(usr::cfg_server{"h", 1883}.host == "h");
    STATIC_REQUIRE(om::login{"c", "u", "p"}.username == "u" && q::connect{0, "c", "u", "p"}.password == "p");
    STATIC_REQUIRE(rhf::cfg_user{"u", "p"}.username == "u");
    // The client index, where a manual has one (OneMO's <connect_id>).
    STATIC_REQUIRE(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 2,7,\"a\",\"b\""))->client_idx == 2);
    STATIC_REQUIRE(at::decode_as<om::received_message>(at::line_event("+MQTTURC: \"publish\",2,7,\"a\",1,1,b"))->client_idx == 2);
    // A notice of a waiting message: its payload length (OneMO's <data_len>).
    STATIC_REQUIRE(at::decode_as<om::message_notice>(at::line_event("+MQTTURC: \"pubnmi\",0,45,11"))->payload_len == 11);
    STATIC_REQUIRE(*at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0,1,11"))->payload_len == 11);
    // The link's state and a ping's result (OneMO's <ping_ret>, RisingHF's +IMQTTSTATE <status>).
    STATIC_REQUIRE(at::decode_as<om::mqtt_status>(at::line_event("+MQTTSTATE: 2"))->state == 2);
    STATIC_REQUIRE(at::decode_as<rhf::mqtt_status>(at::line_event("+IMQTTSTATE:2"))->state == 2);
    STATIC_REQUIRE(at::decode_as<om::ping_result>(at::line_event("+MQTTURC: \"pingresp\",0,1"))->result == 1);
    STATIC_REQUIRE(at::decode_as<q::ping_result>(at::line_event("+QMTPING: 0,1"))->result == 1);
}
