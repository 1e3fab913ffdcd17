// OneMO decoding: every example transcript (tests/dialects/transcripts/onemo_*.log) through the tokenizer,
// the transaction and the dialect's decoders, compared field-exact with its .expected.jsonl, whole, one
// byte at a time and split at every offset; every URC kind and response shape field-exact; malformed
// and out-of-range lines with their exact errc and offset; the +MQTTUTC decision.
#include "../catch.hpp"
#include "onemo_urc.hpp"
#include "vector_files.hpp"

#include "../at/decoded_command.hpp"
#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/onemo.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;
using atmqtt::bytes;
using atmqtt::errc;

using onemo_test::urc_as;
using vector_files::here;
using vector_files::slurp;

// The tokenizer's payload rules: "publish", the +MQTTREAD message, and "publish" spelled +MQTTUTC.
static_assert(at::payload_rules_of<onemo::grammar>.size() == 3, "publish, +MQTTREAD and +MQTTUTC publish carry payloads");

namespace {

std::string quote(bytes s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += std::string("\\") + c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += b;
        } else out += c;
    }
    return out + "\"";
}

std::string value_json(const at::field_spec& spec, const at::field_value& v) {
    if (spec.type == at::field_type::integer) return std::to_string(v.number);
    return quote(v.text);
}

// {"event":..,"name":..,"fields":{..}} for grammar line i, the way the expected files write it.
std::string line_json(const char* event, std::uint8_t i, bytes text) {
    const at::line& l = onemo::lines[i];
    auto r = at::decode_lazy_group<6>(l, at::line_event(text), onemo::lexical, onemo::prefix_aliases);
    if (!r) return std::string("{\"event\":\"error\",\"error\":\"") + std::string(atmqtt::to_string(r.error())) + "\"}";
    std::string name = std::string(at::split_prefix(text, onemo::lexical)->name.substr(1));  // as sent: MQTTUTC too
    if (!l.selector.empty()) name += "/" + std::string(l.selector);
    std::string out = std::string("{\"event\":\"") + event + "\",\"name\":\"" + name + "\",\"fields\":{";
    std::size_t fixed = l.fields.size() - l.repeat;
    bool first = true;
    for (std::size_t k = 0; k < fixed; ++k) {
        if (k >= r->head.count || !r->head.values[k].present()) continue;
        const at::field_value& v = r->head.values[k];
        out += first ? "" : ",";
        first = false;
        out += "\"" + std::string(l.fields[k].name) + "\":" + value_json(l.fields[k], v);
    }
    for (std::size_t k = fixed; k < l.fields.size(); ++k) {
        out += first ? "" : ",";
        first = false;
        out += "\"" + std::string(l.fields[k].name) + "\":[";
        for (std::size_t g = 0; g < r->group.size(); ++g) {
            if (g != 0) out += ",";
            out += value_json(l.fields[k], r->group.value(g, k - fixed));
        }
        out += "]";
    }
    return out + "}}";
}

// The exchange the way `atmqtt at decode --dialect onemo` reports it.
struct driver {
    at::tokenizer<1024> tok{at::payload_rules_of<onemo::grammar>, onemo::lexical};
    atmqtt_tool::transaction tx{onemo::grammar};
    std::string last_command;
    std::vector<std::string> out;

    void begin(bytes echo) {
        if (tx.pending()) tx.abort();  // the manual's QoS 2 examples show no OK before the next command
        std::size_t end = 3;
        while (end < echo.size() && echo[end] != '=' && echo[end] != '?') ++end;
        std::string name(echo.substr(3, end - 3));
        bytes rest = echo.substr(end);
        at::form f = rest.empty() ? at::form::execute : rest == "=?" ? at::form::test : rest == "?" ? at::form::read : at::form::set;
        std::string selector;
        if (f == at::form::set && rest.size() > 2 && rest[1] == '"') selector = std::string(rest.substr(2, rest.find('"', 2) - 2));
        const at::command* c = at::find_command(onemo::grammar, name, selector);
        if (c == nullptr) c = at::find_command(onemo::grammar, name);
        auto sent = test_decode::command<8>(onemo::grammar, echo);  // AT+MQTTSUB=<id>: the list form's command
        if (f == at::form::set && sent.ok()) c = sent->desc;
        if (c != nullptr) (void)tx.begin(*c, f);
        last_command = std::string(echo);
    }

    void on(const at::event& ev) {
        if (ev.is_line() && ev.text.size() > 3 && ev.text.substr(0, 3) == "AT+") begin(ev.text);
        auto r = tx.on_event(ev);
        if (!r) {
            out.push_back("{\"event\":\"error\",\"error\":\"" + std::string(atmqtt::to_string(r.error())) + "\"}");
            return;
        }
        switch (r->kind) {
            case atmqtt_tool::route::echo: out.push_back("{\"event\":\"echo\",\"text\":" + quote(r->text) + "}"); break;
            case atmqtt_tool::route::final_ok:
            case atmqtt_tool::route::final_error:
                if (r->final.kind == at::final_kind::cme_error && r->final.has_code)
                    out.push_back("{\"event\":\"final\",\"result\":\"CME ERROR\",\"code\":" + std::to_string(r->final.code) + "}");
                else
                    out.push_back("{\"event\":\"final\",\"result\":" + quote(r->text) + "}");
                break;
            case atmqtt_tool::route::response:
            case atmqtt_tool::route::deferred:
            case atmqtt_tool::route::urc: {  // the row: the command's answer row, else the AT core's classifier
                auto i = at::classify<1>(onemo::grammar, atmqtt::at::line_event(r->text));
                if (r->kind == atmqtt_tool::route::response && r->cmd->answer != at::no_index)
                    i = static_cast<std::size_t>(r->desc - onemo::lines);
                const char* kind = r->kind == atmqtt_tool::route::response ? "response" : "urc";
                out.push_back(i ? line_json(kind, static_cast<std::uint8_t>(*i), r->text) : "{\"event\":\"unknown\"}");
                break;
            }
            default: out.push_back("{\"event\":\"other\"}"); break;
        }
    }

    void feed(bytes chunk) {
        REQUIRE(tok.feed(chunk).ok());
        while (auto ev = tok.next()) on(ev);
    }
};

std::vector<std::string> decode_chunks(const std::string& log, std::size_t first, std::size_t chunk) {
    driver d;
    if (first != 0) d.feed(bytes(log).substr(0, first));
    for (std::size_t i = first; i < log.size(); i += chunk) d.feed(bytes(log).substr(i, chunk));
    return d.out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string l;
    while (std::getline(ss, l))
        if (!l.empty()) out.push_back(l);
    return out;
}

const char* const transcripts[] = {
    "onemo_3_1_mqttcfg", "onemo_3_2_mqttconn", "onemo_3_3_mqttsub", "onemo_3_4_mqttunsub",
    "onemo_3_5_mqttpub_qos0", "onemo_3_5_mqttpub_qos1", "onemo_3_5_mqttpub_qos2", "onemo_3_7_mqttstate",
    "onemo_3_8_mqttdisc", "onemo_4_1_1_plain_access", "onemo_4_1_2_cache_mode", "onemo_4_2_1_tls_access",
    "onemo_derived_urcs_and_queries",  // not in the manual: the "query" answer, URC kinds without an example
    "onemo_derived_mqttsub_shapes",    // not in the manual: +MQTTSUB lines that fit both rows, after each form
};

}  // namespace

TEST_CASE("onemo: every example transcript decodes field-exact, whole, byte by byte and at every split") {
    for (const char* name : transcripts) {
        INFO(name);
        std::string log = slurp(here() + "transcripts/" + name + ".log");
        std::vector<std::string> expected = lines_of(slurp(here() + "transcripts/" + name + ".expected.jsonl"));
        REQUIRE(!log.empty());
        REQUIRE(!expected.empty());
        CHECK(decode_chunks(log, 0, log.size()) == expected);
        CHECK(decode_chunks(log, 0, 1) == expected);
        for (std::size_t split = 1; split < log.size(); ++split) {
            INFO("split at " << split);
            REQUIRE(decode_chunks(log, split, log.size()) == expected);
        }
    }
}

TEST_CASE("onemo: every URC kind, field-exact") {
    auto conn = urc_as<onemo::connection_state>(atmqtt::at::line_event("+MQTTURC: \"conn\",0,0"), onemo::line_connection_state);
    REQUIRE(conn.ok());
    CHECK(conn->client_idx == 0);
    CHECK(conn->state == onemo::conn_state_code::connected);
    CHECK(urc_as<onemo::connection_state>(atmqtt::at::line_event("+MQTTURC: \"conn\",5,255"), onemo::line_connection_state)->state == onemo::conn_state_code::unknown_error);
    CHECK(static_cast<int>(urc_as<onemo::connection_state>(atmqtt::at::line_event("+MQTTURC: \"conn\",1,7"), onemo::line_connection_state)->state) == 7);  // reserved: kept

    auto nmi = urc_as<onemo::message_notice>(atmqtt::at::line_event("+MQTTURC: \"pubnmi\",0,45,11"), onemo::line_message_notice);
    REQUIRE(nmi.ok());
    CHECK((nmi->client_idx == 0 && nmi->packet_id == 45 && nmi->payload_len == 11));

    auto drop = urc_as<onemo::dropped_messages>(atmqtt::at::line_event("+MQTTURC: \"drop\",2,1024"), onemo::line_dropped_messages);
    REQUIRE(drop.ok());
    CHECK((drop->client_idx == 2 && drop->dropped_length == 1024));

    auto pub = urc_as<onemo::received_message>(atmqtt::at::line_event("+MQTTURC: \"publish\",0,2,\"world\",5,5,12345"), onemo::line_received_message);
    REQUIRE(pub.ok());
    CHECK(pub->client_idx == 0);
    CHECK(pub->packet_id == 2);
    CHECK(pub->topic == "world");
    CHECK(pub->total_len == 5);
    CHECK(pub->payload_len == 5);
    CHECK(pub->payload == "12345");

    auto ping = urc_as<onemo::ping_result>(atmqtt::at::line_event("+MQTTURC: \"pingresp\",0,1"), onemo::line_ping_result);
    REQUIRE(ping.ok());
    CHECK((ping->result == 1));

    auto timeout = urc_as<onemo::request_timeout>(atmqtt::at::line_event("+MQTTURC: \"timeout\",1,18809"), onemo::line_request_timeout);
    REQUIRE(timeout.ok());
    CHECK((timeout->client_idx == 1 && timeout->packet_id == 18809));

    auto suback = urc_as<onemo::subscribe_result>(atmqtt::at::line_event("+MQTTURC: \"suback\",0,35270,1,2,128"), onemo::line_subscribe_result);
    REQUIRE(suback.ok());
    CHECK(suback->packet_id == 35270);
    REQUIRE(suback->granted_qos.size() == 3);
    CHECK(suback->granted_qos[0] == 1);
    CHECK(suback->granted_qos[1] == 2);
    CHECK(suback->granted_qos[2] == 128);

    auto unsuback = urc_as<onemo::unsubscribe_result>(atmqtt::at::line_event("+MQTTURC: \"unsuback\",0,18795"), onemo::line_unsubscribe_result);
    REQUIRE(unsuback.ok());
    CHECK(unsuback->packet_id == 18795);

    const std::pair<const char*, onemo::line_index> acks[] = {
        {"+MQTTURC: \"puback\",0,18798,0", onemo::line_publish_result},
        {"+MQTTURC: \"pubrec\",0,18799,1", onemo::line_pubrec},
        {"+MQTTURC: \"pubcomp\",0,18799,0", onemo::line_pubcomp},
    };
    for (const auto& a : acks) {
        auto u = urc_as<onemo::publish_result>(atmqtt::at::line_event(a.first), a.second);
        REQUIRE(u.ok());
        CHECK(u->packet_id == (a.second == onemo::line_publish_result ? 18798 : 18799));
        CHECK(u->dup == (a.second == onemo::line_pubrec ? 1 : 0));
    }

    // The manual's spacing (", " between fields) and bare selectors are read the same.
    auto spaced = urc_as<onemo::subscribe_result>(atmqtt::at::line_event("+MQTTURC: \"suback\", 0, 7, 1, 2"), onemo::line_subscribe_result);
    REQUIRE(spaced.ok());
    CHECK((spaced->packet_id == 7 && spaced->granted_qos.size() == 2 && spaced->granted_qos[1] == 2));
    CHECK(urc_as<onemo::connection_state>(atmqtt::at::line_event("+MQTTURC:conn,0,2"), onemo::line_connection_state)->state == onemo::conn_state_code::disconnected_by_user);
}

TEST_CASE("onemo: +MQTTUTC (the manual's typo) is accepted as +MQTTURC, for every kind") {
    auto u = urc_as<onemo::message_notice>(atmqtt::at::line_event("+MQTTUTC: \"pubnmi\",0,45,11"), onemo::line_message_notice);
    REQUIRE(u.ok());
    CHECK(u->packet_id == 45);
    CHECK(urc_as<onemo::connection_state>(atmqtt::at::line_event("+MQTTUTC: \"conn\",0,3"), onemo::line_connection_state)->state == onemo::conn_state_code::refused);
    // Its publish is delimited by length too: the tokenizer has a payload rule for it.
    STATIC_REQUIRE(at::validate(at::payload_rules_of<onemo::grammar>).ok());
    at::tokenizer<128> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
    std::string wire = "\r\n+MQTTUTC: \"publish\",0,1,\"t\",4,4,a\r\nb\r\n";
    REQUIRE(tok.feed(wire).ok());
    auto ev = tok.next();
    REQUIRE(ev.is_line());
    auto p = urc_as<onemo::received_message>(ev, onemo::line_received_message);
    REQUIRE(p.ok());
    CHECK(p->payload == "a\r\nb");
    // Other misspellings are not URCs of this dialect.
    CHECK(onemo::classify(atmqtt::at::line_event("+MQTTURX: \"conn\",0,0")).error() == errc::at_unknown_response);
}

TEST_CASE("onemo: payloads with commas, quotes, CR and LF are delimited by payload_len") {
    at::tokenizer<256> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
    // The ML307R capture: unquoted JSON with commas and quotes.
    std::string json = "{\"id\":8,\"method\":\"get_properties\",\"params\":[{\"siid\":1,\"piid\":6}]}";
    std::string wire = "\r\n+MQTTURC: \"publish\",0,0,\"down/689adc659f04ec32f7642fbb/69dde479495848939efba625\",65,65," +
                       json + "\r\n+MQTTREAD: 0,45,\"hello\",11,hel\r\n,\"o\"d!\r\n";
    std::vector<at::event> events;
    for (char c : wire) {
        REQUIRE(tok.feed(bytes(&c, 1)).ok());
        while (auto ev = tok.next()) {
            REQUIRE(ev.is_line());
            if (events.empty()) {
                auto u = urc_as<onemo::received_message>(ev, onemo::line_received_message);
                REQUIRE(u.ok());
                CHECK(u->payload == json);
                CHECK(u->topic == "down/689adc659f04ec32f7642fbb/69dde479495848939efba625");
            } else {
                auto m = at::decode_as<onemo::cached_message>(ev);
                REQUIRE(m.ok());
                CHECK(m->payload == "hel\r\n,\"o\"d!");
                CHECK(m->topic == "hello");
                CHECK(m->packet_id == 45);
            }
            events.push_back(ev);
        }
    }
    CHECK(events.size() == 2);
}

TEST_CASE("onemo: information responses, every shape") {
    auto sub = at::decode_as<onemo::subscribe_sent>(atmqtt::at::line_event("+MQTTSUB: 0,35270"));
    REQUIRE(sub.ok());
    CHECK((sub->client_idx == 0 && sub->packet_id == 35270));
    auto list = onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB: \"world\", 1, \"hello\", 2"));
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->topic(0) == "world");
    CHECK(list->topic(1) == "hello");
    CHECK(list->code(0) == 1);
    CHECK(list->code(1) == 2);
    auto unsub = at::decode_as<onemo::unsubscribe_sent>(atmqtt::at::line_event("+MQTTUNSUB: 0,18795"));
    REQUIRE(unsub.ok());
    CHECK(unsub->packet_id == 18795);
    auto pub = at::decode_as<onemo::publish_sent>(atmqtt::at::line_event("+MQTTPUB: 0,18797,13"));
    REQUIRE(pub.ok());
    CHECK((pub->client_idx == 0 && pub->packet_id == 18797 && pub->length == 13));
    auto status = at::decode_as<onemo::cache_status>(atmqtt::at::line_event("+MQTTREAD: 0,2,22"));
    REQUIRE(status.ok());
    CHECK((status->store_msgs == 2 && status->total_len == 22));
    auto msg = at::decode_as<onemo::cached_message>(atmqtt::at::line_event("+MQTTREAD: 0,45,\"hello\",11,hello world"));
    REQUIRE(msg.ok());
    CHECK((msg->packet_id == 45 && msg->topic == "hello" && msg->payload_len == 11 && msg->payload == "hello world"));
    auto st = at::decode_as<onemo::mqtt_status>(atmqtt::at::line_event("+MQTTSTATE: 2"));
    REQUIRE(st.ok());
    CHECK(st->state == static_cast<int>(onemo::mqtt_state::connected));

    // Which shape: the AT core's classifier reads the rows that share a prefix until one fits.
    auto row = [](const char* line) { return onemo::classify(atmqtt::at::line_event(line)); };
    CHECK(*row("+MQTTSUB: \"world\", 1") == onemo::line_subscription_list);
    CHECK(*row("+MQTTSUB: 0,1") == onemo::line_subscribe_sent);
    CHECK(*row("+MQTTREAD: 0,0,0") == onemo::line_cache_status);
    CHECK(*row("+MQTTREAD: 0,1,\"t\",1,x") == onemo::line_cached_message);
    CHECK(*row("+MQTTCFG: \"ssl\",1,2") == onemo::line_cfg_ssl);
    CHECK(*row("+MQTTURC: \"pubrec\",0,1,0") == onemo::line_pubrec);
    CHECK(row("+QMTOPEN: 0,0").error() == errc::at_unknown_response);
    // One struct, three rows: pubrec and pubcomp read into publish_result against their own row.
    onemo::publish_result rec{};
    REQUIRE(at::decode_into(at::grammar_row<onemo::grammar, onemo::line_pubrec>, atmqtt::at::line_event("+MQTTURC: \"pubrec\",0,9,1"), rec));
    CHECK((rec.packet_id == 9 && rec.dup == 1));
    CHECK(at::decode_as<onemo::publish_result>(atmqtt::at::line_event("+MQTTURC: \"pubrec\",0,9,1")).error() == errc::at_invalid_enum);
}

TEST_CASE("onemo: every +MQTTCFG answer (the lines of AT+MQTTCFG=\"query\")") {
    const char* const query[] = {
        "+MQTTCFG: \"version\", 4",       "+MQTTCFG: \"cid\", 1",
        "+MQTTCFG: \"ssl\", 1, 2",        "+MQTTCFG: \"keepalive\", 120",
        "+MQTTCFG: \"clean\", 1",         "+MQTTCFG: \"retrans\", 20 , 3",
        "+MQTTCFG: \"willoption\", 1, 2, 1", "+MQTTCFG: \"willpayload\",\"will/t\",\"bye\"",
        "+MQTTCFG: \"pingreq\", 300",     "+MQTTCFG: \"pingresp\", 1",
        "+MQTTCFG: \"encoding\", 2, 1",   "+MQTTCFG: \"cached\", 1",
        "+MQTTCFG: \"reconn\", 3, 20, 1",
    };
    // Each line is its item's row; its values read into the item's own struct (the set form's, bound to
    // the answer after <connect_id>).
    for (std::size_t i = 0; i < 13; ++i) {
        INFO(query[i]);
        CHECK(*onemo::classify(atmqtt::at::line_event(query[i])) == onemo::line_cfg_version + i);
    }
    auto cfg = [&](auto item, std::size_t i) {
        INFO(query[i]);
        REQUIRE(at::decode_into(atmqtt::at::line_event(query[i]), item));
        return item;
    };
    CHECK(cfg(onemo::cfg_version{}, 0).value == 4);
    CHECK(cfg(onemo::cfg_cid{}, 1).value == 1);
    const auto ssl = cfg(onemo::cfg_ssl{}, 2);
    CHECK((ssl.ssl_enable == 1 && ssl.ssl_id == 2));
    CHECK(cfg(onemo::cfg_keepalive{}, 3).value == 120);
    CHECK(cfg(onemo::cfg_clean{}, 4).value == 1);
    const auto retrans = cfg(onemo::cfg_retrans{}, 5);
    CHECK((retrans.retrans_interval == 20 && retrans.retry_times == 3));
    const auto willoption = cfg(onemo::cfg_willoption{}, 6);
    CHECK((willoption.will_flag == 1 && willoption.will_qos == 2 && willoption.will_retain == 1));
    const auto willpayload = cfg(onemo::cfg_willpayload{}, 7);
    CHECK((willpayload.will_msg && willpayload.will_topic == "will/t" && *willpayload.will_msg == "bye"));
    CHECK(cfg(onemo::cfg_pingreq{}, 8).value == 300);
    CHECK(cfg(onemo::cfg_pingresp{}, 9).value == 1);
    const auto encoding = cfg(onemo::cfg_encoding{}, 10);
    CHECK((encoding.input == onemo::input_format::escaped && encoding.output == onemo::output_format::hex));
    CHECK(cfg(onemo::cfg_cached{}, 11).value == 1);
    const auto reconn = cfg(onemo::cfg_reconn{}, 12);
    CHECK((reconn.reconn_times == 3 && reconn.reconn_interval == 20 && reconn.mode == 1));
    // The optional values the manual shows: "cid"[, <cid>] and "willpayload",[<will_topic>,<will_msg>].
    auto cid = at::decode_as<onemo::cfg_cid>(atmqtt::at::line_event("+MQTTCFG: \"cid\""));
    REQUIRE(cid.ok());
    CHECK(!cid->value);
    auto will = at::decode_as<onemo::cfg_willpayload>(atmqtt::at::line_event("+MQTTCFG: \"willpayload\""));
    REQUIRE(will.ok());
    CHECK(!will->will_msg);
    auto will_comma = at::decode_as<onemo::cfg_willpayload>(atmqtt::at::line_event("+MQTTCFG: \"willpayload\","));  // as the manual prints it
    REQUIRE(will_comma.ok());
    CHECK(!will_comma->will_msg);
    auto will_empty = at::decode_as<onemo::cfg_willpayload>(atmqtt::at::line_event("+MQTTCFG: \"willpayload\",\"\",\"\""));
    REQUIRE(will_empty.ok());
    CHECK((will_empty->will_msg && will_empty->will_topic->empty() && will_empty->will_msg->empty()));
    CHECK(*onemo::classify(atmqtt::at::line_event("+MQTTCFG: \"encoding\",0,0")) == onemo::line_cfg_encoding);
    CHECK(at::decode_as<onemo::cfg_encoding>(atmqtt::at::line_event("+MQTTCFG: \"encoding\",0,0")).ok());
}

TEST_CASE("onemo: malformed and out-of-range lines, exact errc and offset") {
    auto e = [](const char* line) { return onemo_test::urc_status(atmqtt::at::line_event(line)); };
    CHECK(e("+MQTTURC: \"conn\",6,0").error() == errc::out_of_range);
    CHECK(e("+MQTTURC: \"conn\",6,0").offset() == 17);
    CHECK(e("+MQTTURC: \"conn\",0,256").error() == errc::out_of_range);
    CHECK(e("+MQTTURC: \"conn\",0").error() == errc::at_missing_field);
    CHECK(e("+MQTTURC: \"conn\",0,0,1").error() == errc::at_too_many_fields);
    CHECK(e("+MQTTURC: \"conn\",0,0,1").offset() == 21);
    CHECK(e("+MQTTURC: \"conn\",x,0").error() == errc::at_invalid_integer);
    CHECK(e("+MQTTURC: \"conn\",,0").error() == errc::at_missing_field);
    CHECK(e("+MQTTURC: \"bogus\",0,0").error() == errc::at_invalid_enum);
    CHECK(e("+MQTTURC: \"bogus\",0,0").offset() == 10);
    CHECK(e("+MQTTURC: \"conn,0,0").error() == errc::at_unterminated_quote);
    CHECK(e("+MQTTURC: \"timeout\",0,65536").error() == errc::out_of_range);
    CHECK(e("+MQTTURC: \"suback\",0,1").error() == errc::at_missing_field);        // no code
    CHECK(e("+MQTTURC: \"suback\",0,1,1,1,1,1").error() == errc::at_too_many_fields);  // 4 codes for 3 topics
    CHECK(e("+MQTTURC: \"suback\",0,1,129").error() == errc::out_of_range);
    CHECK(e("+MQTTURC: \"puback\",0,1,2").error() == errc::out_of_range);         // dup 0~1
    CHECK(e("+MQTTURC: \"pingresp\",0,2").error() == errc::out_of_range);
    CHECK(e("OK").error() == errc::at_unknown_response);
    CHECK(e("+MQTTSUB: 0,1").error() == errc::at_unknown_response);
    // Payload length: the announced count must match what the line carries.
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",5,5,1234").error() == errc::at_payload_truncated);
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",5,5,123456").error() == errc::at_payload_mismatch);
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",5,5,123456").offset() == 41);
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",5,5").error() == errc::at_missing_field);
    CHECK(e("+MQTTURC: \"publish\",0,2,\"\",5,5,12345").error() == errc::out_of_range);  // empty topic
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",5,-1,").error() == errc::out_of_range);
    CHECK(e("+MQTTURC: \"publish\",0,2,\"world\",0,0,").ok());                   // an empty message
    CHECK(at::decode_as<onemo::mqtt_status>(atmqtt::at::line_event("+MQTTSTATE: 0")).error() == errc::out_of_range);
    CHECK(at::decode_as<onemo::publish_sent>(atmqtt::at::line_event("+MQTTPUB: 0,1")).error() == errc::at_missing_field);
    CHECK(at::decode_as<onemo::publish_sent>(atmqtt::at::line_event("+MQTTPUB: 0,,1")).error() == errc::at_missing_field);
    CHECK(at::decode_as<onemo::publish_sent>(atmqtt::at::line_event("+MQTTPUB: 0,,1")).offset() == 12);
    CHECK(at::decode_as<onemo::cached_message>(atmqtt::at::line_event("+MQTTREAD: 0,1,\"t\",0")).error() == errc::at_missing_field);
    CHECK(at::decode_as<onemo::cached_message>(atmqtt::at::line_event("+MQTTREAD: 0,1,\"t\",0")).offset() == 20);
    CHECK(at::decode_as<onemo::cached_message>(atmqtt::at::line_event("+MQTTREAD: 0,1,\"t\",0,")).ok());
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB: \"world\",1,\"hello\"")).error() == errc::at_missing_field);
    CHECK(at::decode_as<onemo::cfg_version>(atmqtt::at::line_event("+MQTTCFG: \"version\",5")).error() == errc::out_of_range);
    CHECK(onemo::classify(atmqtt::at::line_event("+MQTTCFG: \"query\",0")).error() == errc::at_invalid_enum);
    CHECK(at::decode_as<onemo::cfg_retrans>(atmqtt::at::line_event("+MQTTCFG: \"retrans\",10,3")).error() == errc::out_of_range);
}

TEST_CASE("onemo: hex output format") {
    onemo::decode_options hex{onemo::output_format::hex};
    // payload_len counting the text, or the bytes it stands for: both read under output_format::hex ...
    auto text_count = urc_as<onemo::received_message>(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",10,10,3132333435"),
                                                      onemo::line_received_message, hex);
    REQUIRE(text_count.ok());
    auto byte_count = urc_as<onemo::received_message>(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",5,5,3132333435"), onemo::line_received_message, hex);
    REQUIRE(byte_count.ok());
    CHECK(byte_count->payload == "3132333435");
    // ... but never under raw output.
    CHECK(urc_as<onemo::received_message>(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",5,5,3132333435"),
                                          onemo::line_received_message)
              .error() == errc::at_payload_mismatch);
    char buf[8];
    auto n = onemo::decode_payload(byte_count->payload, onemo::output_format::hex, atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(n.ok());
    CHECK(*n == "12345");
    CHECK(n->data() == buf);
    // raw output: the payload itself, nothing copied (as Quectel's text format)
    auto raw = onemo::decode_payload(byte_count->payload, onemo::output_format::raw, atmqtt::mutable_bytes{});
    REQUIRE(raw.ok());
    CHECK(raw->data() == byte_count->payload.data());
    CHECK(*raw == "3132333435");
    CHECK(onemo::decode_payload("31", static_cast<onemo::output_format>(2), atmqtt::mutable_bytes(buf, sizeof buf)).error() ==
          errc::at_invalid_enum);
    CHECK(onemo::decode_payload("313", onemo::output_format::hex, atmqtt::mutable_bytes(buf, sizeof buf)).error() == errc::at_invalid_hex);
    CHECK(onemo::decode_payload("3G", onemo::output_format::hex, atmqtt::mutable_bytes(buf, sizeof buf)).offset() == 1);
    // the offset of a hex error is the bad digit's; of an odd count, the lone digit's
    CHECK(onemo::decode_payload("31G3", onemo::output_format::hex, atmqtt::mutable_bytes(buf, sizeof buf)).offset() == 2);
    CHECK(onemo::decode_payload("313", onemo::output_format::hex, atmqtt::mutable_bytes(buf, sizeof buf)).offset() == 2);
    auto short_out = onemo::decode_payload("313233", onemo::output_format::hex, atmqtt::mutable_bytes(buf, 2));
    CHECK(short_out.error() == errc::buffer_too_small);
    CHECK(short_out.offset() == 4);  // where the byte that does not fit is written
    onemo::cached_message read_hex{};
    REQUIRE(onemo::decode_into(atmqtt::at::line_event("+MQTTREAD: 0,45,\"hello\",2,6869"), read_hex, hex));
    CHECK(read_hex.payload == "6869");
    CHECK(!onemo::decode_into(atmqtt::at::line_event("+MQTTREAD: 0,45,\"hello\",2,6869"), read_hex, {}));
    CHECK(onemo::decode_into(atmqtt::at::line_event("+MQTTREAD: 0,45,\"hello\",2,68"), read_hex, {}));
    // Twice the count only: one byte more or less is still wrong, as short as ever is still truncated.
    onemo::received_message m{};
    CHECK(onemo::decode_into(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",2,2,68690"), m, hex).error() ==
          errc::at_payload_mismatch);
    CHECK(onemo::decode_into(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",2,2,6"), m, hex).error() ==
          errc::at_payload_truncated);
    REQUIRE(onemo::decode_into(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",2,2,6869"), m, hex));
    CHECK(m.payload == "6869");
    REQUIRE(onemo::decode_into(atmqtt::at::line_event("+MQTTURC: \"publish\",0,1,\"t\",2,2,hi"), m, hex));
    CHECK(m.payload == "hi");
    // From the tokenizer, which cut the payload at the count: the rest of the line is the rest of the text.
    for (std::size_t chunk : {std::size_t{1}, std::size_t{64}}) {
        at::tokenizer<128> tok(at::payload_rules_of<onemo::grammar>, onemo::lexical);
        std::string wire = "\r\n+MQTTURC: \"publish\",0,1,\"t\",3,3,616263\r\n+MQTTURC: \"publish\",0,1,\"t\",3,3,6162\r\n";
        std::vector<std::string> got;
        for (std::size_t i = 0; i < wire.size(); i += chunk) {
            REQUIRE(tok.feed(bytes(wire).substr(i, chunk)).ok());
            while (auto ev = tok.next()) {
                if (!ev.is_line()) continue;
                onemo::received_message piece{};
                auto st = onemo::decode_into(ev, piece, hex);
                got.push_back(st ? std::string(piece.payload) : std::string(atmqtt::to_string(st.error())));
                CHECK(!onemo::decode_into(ev, piece, {}));  // raw output: never
            }
        }
        CHECK(got == std::vector<std::string>{"616263", "at_payload_mismatch"});
    }
}

TEST_CASE("onemo: input formats round-trip") {
    using onemo::input_format;
    const std::string all = [] {
        std::string s;
        for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
        return s;
    }();
    for (input_format f : {input_format::hex, input_format::escaped}) {
        char text[1100];
        auto n = onemo::encode_payload(all, f, atmqtt::mutable_bytes(text, sizeof text));
        REQUIRE(n.ok());
        for (std::size_t i = 0; i < *n; ++i) CHECK((text[i] != '"' && text[i] != '\r' && text[i] != '\n'));
        char back[300];
        auto m = onemo::decode_message(bytes(text, *n), f, atmqtt::mutable_bytes(back, sizeof back));
        REQUIRE(m.ok());
        CHECK(*m == all);
    }
    char out[16];
    CHECK(onemo::encode_payload("a\"b", input_format::ascii, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_unescapable_character);
    CHECK(onemo::encode_payload("0123456789", input_format::hex, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::buffer_too_small);
    CHECK(onemo::decode_message("\\q", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_unexpected_character);
    CHECK(onemo::decode_message("\\x4", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_invalid_hex);
    auto tolerant = onemo::decode_message("\\\"\\t", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out));
    REQUIRE(tolerant.ok());
    CHECK(*tolerant == "\"\t");
}

TEST_CASE("onemo: the grammar's final aliases and error table") {
    auto f = at::classify_final("+CIS ERROR: 602", onemo::lexical, onemo::finals);
    CHECK(f.kind == at::final_kind::ext_error);
    CHECK(f.code == 602);
    CHECK(at::classify_final("#CME ERROR: 601", onemo::lexical, onemo::finals).kind == at::final_kind::cme_error);
    CHECK(at::find_error(onemo::errors, 602)->name == "not_connected");
    CHECK(at::find_error(onemo::errors, 608)->name == "dns_error");
    CHECK(at::find_error(onemo::errors, 630)->name == "reserved");
    CHECK(at::find_error(onemo::errors, 650).error() == errc::at_invalid_enum);
}

TEST_CASE("onemo: decoding is constexpr") {
    STATIC_REQUIRE(urc_as<onemo::received_message>(atmqtt::at::line_event("+MQTTURC: \"publish\",0,2,\"world\",5,5,12345"), onemo::line_received_message)->payload == "12345");
    STATIC_REQUIRE(urc_as<onemo::subscribe_result>(atmqtt::at::line_event("+MQTTURC: \"suback\",0,35270,1,2"), onemo::line_subscribe_result)->granted_qos[1] == 2);
    STATIC_REQUIRE(urc_as<onemo::message_notice>(atmqtt::at::line_event("+MQTTUTC: \"pubnmi\",0,45,11"), onemo::line_message_notice)->payload_len == 11);
    STATIC_REQUIRE(at::decode_as<onemo::cfg_reconn>(atmqtt::at::line_event("+MQTTCFG: \"reconn\",3,20,1"))->mode == 1);
    STATIC_REQUIRE(at::decode_as<onemo::cached_message>(atmqtt::at::line_event("+MQTTREAD: 0,45,\"hello\",11,hello world"))->payload == "hello world");
}

TEST_CASE("onemo: the subscription list holds up to 64 pairs, read lazily; errors past them") {
    std::string line = "+MQTTSUB: ";
    for (int i = 0; i < 64; ++i) line += std::string(i ? ", " : "") + "\"topic/" + std::to_string(i) + "\", " + std::to_string(i % 3);
    auto l = onemo::decode_sub_list(atmqtt::at::line_event(bytes(line.data(), line.size())));
    REQUIRE(l.ok());
    REQUIRE(l->size() == 64);
    CHECK(l->topic(0) == "topic/0");
    CHECK(l->topic(63) == "topic/63");
    CHECK(l->size() == 64);
    CHECK(l->code(62) == 2);
    CHECK(l->code(63) == 0);
    CHECK(l->topic(64).empty());  // past the end
    std::string more = line + ",\"x\",1";
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event(bytes(more.data(), more.size()))).error() == errc::at_too_many_fields);
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event(bytes(more.data(), more.size()))).offset() == line.size() + 1);
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB: \"a\",129")).error() == errc::out_of_range);
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB: \"\",1")).error() == errc::out_of_range);  // empty topic
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB:")).error() == errc::at_missing_field);
    CHECK(onemo::decode_sub_list(atmqtt::at::line_event("+MQTTPUB: 0,1,2")).error() == errc::at_unknown_response);
    auto spaced = onemo::decode_sub_list(atmqtt::at::line_event("+MQTTSUB:  \"a\" , 1,b,0"));  // the views skip the blanks
    REQUIRE(spaced.ok());
    CHECK(spaced->topic(0) == "a");
    CHECK(spaced->code(0) == 1);
    CHECK(spaced->topic(1) == "b");
    CHECK(spaced->code(1) == 0);
    // The +MQTTUTC spelling of "suback" is the deferred result of AT+MQTTSUB, like +MQTTURC.
    atmqtt_tool::transaction tx{onemo::grammar};
    REQUIRE(tx.begin(onemo::cmd::mqttsub, at::form::set).ok());
    at::event ok{};
    ok.kind = at::event_kind::line;
    ok.text = bytes("OK");
    REQUIRE(tx.on_event(ok).ok());
    at::event sub{};
    sub.kind = at::event_kind::line;
    sub.text = bytes("+MQTTUTC: \"suback\",0,7,1");
    auto r = tx.on_event(sub);
    REQUIRE(r.ok());
    CHECK(r->kind == atmqtt_tool::route::deferred);
}

// AT+MQTTSUB's two set forms answer with the same prefix, and "+MQTTSUB: 1,2" fits both rows (a bare
// topic "1" reads as text): the command sent names the row (cmd::mqttsub: <connect_id>,<mid>;
// cmd::mqttsub_list: <topic>,<code> pairs), before and after its OK, whatever the line's shape.
TEST_CASE("onemo: the +MQTTSUB row follows the AT+MQTTSUB form sent") {
    const bool late = GENERATE(false, true);  // the line before the OK, or after it
    const at::event ok = at::line_event("OK");
    const at::event numeric = at::line_event("+MQTTSUB: 1,2");
    const at::event quoted = at::line_event("+MQTTSUB: \"t\",1");
    auto route = [&](const at::command& c, const at::event& e) {
        atmqtt_tool::transaction tx{onemo::grammar};
        REQUIRE(tx.begin(c, at::form::set).ok());
        if (late) REQUIRE(tx.on_event(ok)->kind == atmqtt_tool::route::final_ok);
        auto r = tx.on_event(e);
        REQUIRE(r.ok());
        CHECK(r->kind == atmqtt_tool::route::response);
        CHECK(r->cmd == &c);
        return r->desc;
    };
    SECTION("after the subscribe form: <connect_id>,<mid>") {
        CHECK(route(onemo::cmd::mqttsub, numeric) == &onemo::lines[onemo::line_subscribe_sent]);
        onemo::subscribe_sent s{};
        REQUIRE(at::decode_into(onemo::lines[onemo::line_subscribe_sent], numeric, s).ok());
        CHECK(s.client_idx == 1);
        CHECK(s.packet_id == 2);
        // a list's shape is no subscribe result: the row's decoder says why
        CHECK(route(onemo::cmd::mqttsub, quoted) == &onemo::lines[onemo::line_subscribe_sent]);
        auto bad = at::decode_into(onemo::lines[onemo::line_subscribe_sent], quoted, s);
        CHECK(bad.error() == errc::at_invalid_integer);
        CHECK(bad.offset() == 10);
    }
    SECTION("after the list form: <topic>,<code>") {
        for (const at::event* e : {&numeric, &quoted}) {
            CHECK(route(onemo::cmd::mqttsub_list, *e) == &onemo::lines[onemo::line_subscription_list]);
            auto l = onemo::decode_sub_list(*e);
            REQUIRE(l.ok());
            REQUIRE(l->size() == 1);
            CHECK(l->topic(0) == (e == &numeric ? "1" : "t"));
            CHECK(l->code(0) == (e == &numeric ? 2 : 1));
        }
    }
}

TEST_CASE("onemo: a struct reused for line after line keeps nothing of the previous line") {
    // The handler of bench/footprint/at_onemo.cpp keeps one suback: a second "suback" of two codes read
    // as three (the first line's codes were not dropped).
    onemo::subscribe_result s{};
    REQUIRE(at::decode_into(at::line_event("+MQTTURC: \"suback\",0,5,1,2"), s).ok());
    REQUIRE(at::decode_into(at::line_event("+MQTTURC: \"suback\",0,6,0"), s).ok());
    CHECK(s.packet_id == 6);
    REQUIRE(s.granted_qos.count == 1);
    CHECK(s.granted_qos[0] == 0);
    onemo::publish_result a{};
    REQUIRE(at::decode_into(at::line_event("+MQTTURC: \"puback\",0,7,1"), a).ok());
    REQUIRE(at::decode_into(at::grammar_row<onemo::grammar, onemo::line_pubcomp>, at::line_event("+MQTTURC: \"pubcomp\",0,8,0"), a).ok());
    CHECK(a.packet_id == 8);
    CHECK(a.dup == 0);
}
