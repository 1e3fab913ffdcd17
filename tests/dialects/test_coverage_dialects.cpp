// Dialect paths the per-vendor tests prove only in static_asserts (which coverage cannot see), and the
// fallbacks for values outside an enumeration.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <string_view>

#include "../catch.hpp"
#include "answer_result.hpp"
#include "onemo_urc.hpp"
#include "../run_time.hpp"

namespace at = atmqtt::at;
using atmqtt::errc;

namespace {
template <class Command>
std::string_view encoded(const Command& c, char (&buf)[64]) {
    auto n = atmqtt::usr::encode(at_run_time(c), atmqtt::mutable_bytes(buf));
    return n.ok() ? std::string_view(buf, *n) : std::string_view("error");
}
}  // namespace

TEST_CASE("usr: every work mode word at run time") {
    namespace usr = atmqtt::usr;
    char buf[64];
    CHECK(encoded(usr::cfg_work_mode{usr::work_mode::cmd}, buf) == "AT+WKMOD=CMD\r");
    CHECK(encoded(usr::cfg_work_mode{usr::work_mode::net}, buf) == "AT+WKMOD=NET\r");
    CHECK(encoded(usr::cfg_work_mode{usr::work_mode::httpd}, buf) == "AT+WKMOD=HTTPD\r");
    CHECK(encoded(usr::cfg_work_mode{usr::work_mode::mqtt}, buf) == "AT+WKMOD=MQTT\r");
    CHECK(encoded(usr::cfg_work_mode_mqtt{usr::mqtt_server::nor}, buf) == "AT+WKMOD=MQTT,NOR\r");
    CHECK(encoded(usr::cfg_work_mode_mqtt{usr::mqtt_server::ali}, buf) == "AT+WKMOD=MQTT,ALI\r");
    auto bad = usr::encode(at_run_time(usr::cfg_work_mode{static_cast<usr::work_mode>(99)}), atmqtt::mutable_bytes(buf));
    CHECK(bad.error() == errc::at_invalid_enum);
}

TEST_CASE("usr: data-mode frame kind names") {
    namespace usr = atmqtt::usr;
    CHECK(usr::to_string(at_run_time(usr::frame_kind::transparent_publish)) == "transparent_publish");
    CHECK(usr::to_string(at_run_time(usr::frame_kind::temporary_message)) == "temporary_message");
    CHECK(usr::to_string(at_run_time(static_cast<usr::frame_kind>(99))) == "unknown");
}

TEST_CASE("onemo: every URC kind and +MQTTCFG item at run time; lines of other rows refused") {
    namespace onemo = atmqtt::onemo;
    const char* const urcs[] = {
        "+MQTTURC: \"conn\",0,0",          "+MQTTURC: \"pubnmi\",0,1,2",   "+MQTTURC: \"drop\",0,9",
        "+MQTTURC: \"publish\",0,1,\"t\",1,1,x", "+MQTTURC: \"pingresp\",0,0", "+MQTTURC: \"timeout\",0,1",
        "+MQTTURC: \"suback\",0,1,0",      "+MQTTURC: \"unsuback\",0,1",   "+MQTTURC: \"puback\",0,1,0",
        "+MQTTURC: \"pubrec\",0,1,0",      "+MQTTURC: \"pubcomp\",0,1,0",
    };
    for (std::size_t k = 0; k <= onemo::last_urc_line; ++k) {
        const auto ev = atmqtt::at::line_event(at_run_time(atmqtt::bytes(urcs[k])));
        CHECK(*onemo::classify(ev) == k);
        CHECK(onemo_test::urc_status(ev).ok());
    }
    CHECK(onemo_test::urc_status(atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTSTATE: 1")))).error() ==
          errc::at_unknown_response);
    CHECK(at::decode_as<onemo::cfg_clean>(atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTSTATE: 1")))).error() ==
          errc::at_unknown_response);
    CHECK(at::decode_as<onemo::cfg_clean>(atmqtt::at::line_event(at_run_time(atmqtt::bytes("+NOPE: 1")))).error() ==
          errc::at_unknown_response);
    CHECK(at::decode_as<onemo::cfg_clean>(atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTCFG: \"clean\",2")))).error() ==
          errc::out_of_range);
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTSUB: \"t\",1"))))->size() == 1);
}

TEST_CASE("usr: every typed view refuses another command's answer") {
    namespace usr = atmqtt::usr;
    static usr::session_decoder<64> dec;  // the events' views point into it until the next decoded()
    auto decoded = [](atmqtt::bytes line) {  // the line's event from the session decoder
        dec = usr::session_decoder<64>{};
        REQUIRE(dec.feed(at_run_time(line)).ok());
        usr::session_event e = dec.next();
        CHECK(!dec.next());
        return e;
    };
    const usr::session_event sta = decoded("+MQTTSTA:CONNECTION\r\n");
    REQUIRE(sta.kind == usr::session_kind::response);
    CHECK(usr::decode_as<usr::connection_state>(sta)->state == usr::conn_state_code::connected);
    CHECK(usr::decode_as<usr::current_work_mode>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_session>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_publish_topic>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_subscribe_topic>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_server>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_will>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_ssl>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_ssl_sni>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::cfg_ssl_auth>(sta).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::connection_state>(decoded("+SSLEN:ON\r\n")).error() == errc::at_unexpected_response);
    CHECK(usr::decode_as<usr::connection_state>(usr::session_event{}).error() == errc::at_unexpected_response);

    CHECK(usr::decode_as<usr::current_work_mode>(decoded("+WKMOD:CMD\r\n"))->mode == usr::work_mode::cmd);
    CHECK(usr::decode_as<usr::current_work_mode>(decoded("+WKMOD:HTTPD\r\n"))->mode == usr::work_mode::httpd);
    CHECK(usr::decode_as<usr::cfg_ssl>(decoded("+SSLEN:ON\r\n"))->sta == usr::on_off::on);
    CHECK(usr::decode_as<usr::cfg_ssl_auth>(decoded("+SSLAUTH:NONE\r\n"))->type == usr::ssl_auth::none);
    CHECK(usr::decode_as<usr::cfg_ssl_auth>(decoded("+SSLAUTH:ALL\r\n"))->type == usr::ssl_auth::all);

    const usr::session_event header = decoded("+MQTTSUBTP:\r\n");
    CHECK(header.kind == usr::session_kind::header);
    CHECK(usr::opens_rows(usr::lines[header.row]));
    CHECK(!usr::opens_rows(usr::lines[sta.row]));
    CHECK(usr::decode_as<usr::cfg_subscribe_topic>(header).error() == errc::at_unexpected_response);
    auto sub = usr::decode_as<usr::cfg_subscribe_topic>(decoded("+MQTTSUBTP:1,1,/sub,2\r\n"));
    REQUIRE(sub.ok());
    CHECK(sub->subnum == 1);
    CHECK(sub->suben);
    CHECK(sub->topic == "/sub");
    CHECK(sub->qos == 2);
}

TEST_CASE("onemo: publish messages longer than any model takes, and no output buffer") {
    namespace onemo = atmqtt::onemo;
    static char big[onemo::max_message_length + 1];
    for (char& c : big) c = 'm';
    onemo::publish p{};
    p.topic = "t";
    p.message = atmqtt::bytes(big, sizeof big);
    auto n = onemo::encoded_size(at_run_time(p));
    CHECK(n.error() == errc::too_long);
    CHECK(n.offset() == 6);
    p.message = atmqtt::bytes(big, 3);
    CHECK(*onemo::encoded_size(at_run_time(p)) == 31);  // AT+MQTTPUB=0,"t",0,0,0,3,"mmm"\r
    CHECK(onemo::encode(at_run_time(p), atmqtt::mutable_bytes{}).error() == errc::buffer_too_small);
}

TEST_CASE("quectel: payload formats outside the enumeration, cfg answers of other lines") {
    namespace quectel = atmqtt::quectel;
    char out[8];
    auto bad = quectel::decode_payload(at_run_time(atmqtt::bytes("6869")), static_cast<quectel::data_format>(7),
                                       atmqtt::mutable_bytes(out));
    CHECK(bad.error() == errc::at_invalid_enum);
    CHECK(*quectel::decode_payload(at_run_time(atmqtt::bytes("6869")), quectel::data_format::hex,
                                   atmqtt::mutable_bytes(out)) == "hi");
    CHECK(at::decode<8>(quectel::grammar, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+QMTOPEN: 0,0"))))->desc ==
          &quectel::lines[quectel::line_open_result]);
    CHECK(at::decode<8>(quectel::grammar, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+NOPE: 0")))).error() == errc::at_unknown_response);
}

TEST_CASE("usr: escape bytes before start, after the end, and outside the enumeration") {
    namespace usr = atmqtt::usr;
    usr::escape_sequence esc;
    CHECK(esc.feed(at_run_time('a')).error() == errc::at_unexpected_response);  // idle
    esc.start();
    CHECK(esc.feed(at_run_time('a')).error() == errc::at_unexpected_response);  // the answer is noted, not fed
    esc.note_burst(at_run_time(atmqtt::bytes("a")));
    REQUIRE(esc.end_of_burst() == usr::escape_event::module_ready);
    for (char c : {'+', 'o', 'k'}) REQUIRE(esc.feed(at_run_time(c)).ok());
    CHECK(esc.current() == usr::escape_sequence::state::done);
    CHECK(esc.feed(at_run_time('a')).error() == errc::at_unexpected_response);  // done
}

TEST_CASE("quectel: +QMTCONN after a read command, by its field count; cfg selectors in any case") {
    namespace q = atmqtt::quectel;
    auto id = [](atmqtt::bytes line, at::form sent) { return q::classify(atmqtt::at::line_event(at_run_time(line)), at_run_time(sent)); };
    CHECK(*id("+QMTCONN: 0,3", at::form::read) == q::line_connection_state);
    CHECK(*id("+QMTCONN: 0,0,0", at::form::read) == q::line_connect_result);
    CHECK(*id("+QMTCFG: \"VERSION\",0,4", at::form::execute) == q::line_cfg_version);  // selectors ignore case
}

TEST_CASE("onemo: test answers with an element too many or a required one left out") {
    namespace onemo = atmqtt::onemo;
    CHECK(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTCFG: \"clean\",(0-5),(0,1),(0,1),(0,1)")))).error() ==
          errc::at_too_many_fields);
    auto no_host = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTCONN: (0-5),,(1-65535)"))));
    CHECK(no_host.error() == errc::at_missing_field);
    CHECK(no_host.offset() == 17);
    auto no_id = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTCONN: ,<host>"))));
    CHECK(no_id.error() == errc::at_missing_field);
    CHECK(no_id.offset() == 11);
    auto id_only = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(at_run_time(atmqtt::bytes("+MQTTCONN: (0-5)"))));
    CHECK(id_only.error() == errc::at_missing_field);
    CHECK(id_only.offset() == 16);
}

TEST_CASE("risinghf: lines of no table row") {
    namespace rhf = atmqtt::risinghf;
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = "+NOPE: 1";
    CHECK(rhf::classify(at_run_time(e)).error() == errc::at_unknown_response);
}

TEST_CASE("usr: a session chunk before the last one is read, and an empty response line") {
    namespace usr = atmqtt::usr;
    usr::session_decoder<64> dec;
    REQUIRE(dec.feed(at_run_time(atmqtt::bytes("OK\r\n"))).ok());
    CHECK(dec.feed(at_run_time(atmqtt::bytes("ERROR\r\n"))).error() == errc::at_busy);
    CHECK(atmqtt::at::decode_as<usr::cfg_session>(atmqtt::at::row_event(at_run_time(atmqtt::bytes("  ")))).error() ==
          errc::at_missing_field);  // a row is never nothing
}

TEST_CASE("quectel: rules over short argument lists, and a test form") {
    namespace q = atmqtt::quectel;
    const at::command* pubex = at::find_command(q::grammar, "QMTPUBEX");
    REQUIRE(pubex != nullptr);
    auto rule = [&](std::initializer_list<at::value> args) {
        return at::check_row_rules(q::rules, *at_run_time(pubex), at::form::set, atmqtt::span<const at::value>(args.begin(), args.size()));
    };
    CHECK(rule({0, 1}).ok());     // <qos> not given: the writer reports what is missing
    CHECK(rule({0, 1, "x"}).ok());  // not an integer: the writer's error too
    char buf[32];
    auto n = q::encode(at_run_time(q::test(*pubex)), atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "AT+QMTPUBEX=?\r");
}

TEST_CASE("quectel and risinghf: subscribe <value> rules and two-shape rows at run time") {
    namespace q = atmqtt::quectel;
    namespace rhf = atmqtt::risinghf;
    auto sub = [](const char* line) { return at::decode_as<q::subscribe_result>(at::line_event(at_run_time(atmqtt::bytes(line)))); };
    CHECK(sub("+QMTSUB: 0,1,2,1").error() == errc::at_too_many_fields);    // failed: no <value>
    CHECK(sub("+QMTSUB: 0,1,1,1,1").error() == errc::at_too_many_fields);  // retransmitted: one count
    CHECK(sub("+QMTSUB: 0,1,0,3").error() == errc::out_of_range);          // QoS 3 granted
    CHECK(sub("+QMTSUB: 0,1,2")->granted_qos.count == 0);
    CHECK(*sub("+QMTSUB: 0,1,1,4")->retransmit_count == 4);
    auto count = [](const char* line) { return at::decode_as<rhf::message_notice>(at::line_event(at_run_time(atmqtt::bytes(line)))); };
    CHECK(count("+IMQTTCOUNT:3")->count == 3);
    CHECK(count("+IMQTTCOUNT:FULL")->count == rhf::max_cached_messages);
    CHECK(count("+NOPE:1").error() == errc::at_unknown_response);
    CHECK(count("+IMQTTCOUNT:11").error() == errc::out_of_range);  // the number row got further than FULL
}
