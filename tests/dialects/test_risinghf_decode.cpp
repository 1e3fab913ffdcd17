// RisingHF decoding: every example transcript (tests/dialects/transcripts/risinghf_*.log) through the
// tokenizer and the grammar's decoder, each response / URC compared field-exact with the "fields" of its
// .expected.jsonl, fed whole, one byte at a time and 3 bytes at a time; every typed decoder field-exact;
// the manual's irregularities as tested decisions; malformed and out-of-range lines with their exact errc
// and offset; the Aliyun helper on the walkthrough answers; constexpr decoding.
#include "../catch.hpp"
#include "vector_files.hpp"

#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/risinghf.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace rhf = atmqtt::risinghf;
using atmqtt::bytes;
using atmqtt::errc;

using vector_files::here;
using vector_files::slurp;

// The tokenizer's payload rules: +IMQTTRCVPUB and the +IMQTTRECV message.
static_assert(at::payload_rules_of<rhf::grammar>.size() == 2);

namespace {

// Rows read with the values of another row's struct (at::decode_into(row, ev, out)).
constexpr const atmqtt::at::line& pubex_row = atmqtt::at::grammar_row<rhf::grammar, rhf::line_pubex_result>;
constexpr const atmqtt::at::line& recv_row = atmqtt::at::grammar_row<rhf::grammar, rhf::line_recv_message>;

std::string str(bytes b) { return std::string(b.data(), b.size()); }

std::string json_string(bytes s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string key_of(std::string_view name) {
    std::string k;
    for (char c : name) {
        char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        k += (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ? l : '_';
    }
    return k;
}

// {"event":"<response|urc>","name":..,"fields":{..}} minus the event kind: what the grammar decodes,
// written the way the expected files write it. Lines the dialect cannot read are {"unknown":<text>}.
std::string describe(const at::event& e) {
    auto r = at::decode<rhf::max_values>(rhf::grammar, e);
    if (!r) {
        if (r.error() == errc::at_unknown_response || r.error() == errc::at_unexpected_character)
            return "{\"unknown\":" + json_string(e.text) + "}";
        return "{\"error\":\"" + std::string(atmqtt::to_string(r.error())) + "\"}";
    }
    std::string fields;
    for (std::size_t i = 0; i < r->count; ++i) {
        const at::field_value& v = r->values[i];
        if (!v.present() || v.kind == at::value_kind::literal) continue;
        if (!fields.empty()) fields += ',';
        fields += json_string(key_of(r->specs[v.spec].name)) + ':';
        fields += v.kind == at::value_kind::integer ? std::to_string(v.number) : json_string(v.text);
    }
    return "{\"name\":\"" + std::string(r->desc->prefix.substr(1)) + "\",\"fields\":{" + fields + "}}";
}

// The expected file's response / urc / unknown events in the same shape, with the event kind.
std::vector<std::string> expected_lines(const std::string& name) {
    std::istringstream in(slurp(here() + "transcripts/" + name + ".expected.jsonl"));
    std::vector<std::string> out;
    std::string l;
    while (std::getline(in, l)) {
        for (const char* kind : {"response", "urc"}) {
            std::string k = std::string("{\"event\":\"") + kind + "\",";
            if (l.compare(0, k.size(), k) == 0) out.push_back(std::string(kind) + " {" + l.substr(k.size()));
        }
        const std::string u = "{\"event\":\"unknown\",\"text\":";
        if (l.compare(0, u.size(), u) == 0) out.push_back("{\"unknown\":" + l.substr(u.size()));
    }
    return out;
}

// An echo starts a transaction for the command it names (name, form and, for a set form, the selector):
// the transaction then says whether a '+' line is the command's answer or a late result / URC.
struct echo_reader {
    atmqtt_tool::transaction tx{rhf::grammar};
    at::command current{};
    std::size_t pubex_size = 0;

    void on_echo(bytes t) {
        if (tx.pending()) tx.abort();  // AT+IMQTTSUB? has no OK: the next echo closes it
        std::size_t i = 3;
        while (i < t.size() && t[i] == ' ') ++i;  // "AT+ IMQTTDISCONN"
        std::size_t start = i;
        while (i < t.size() && t[i] != '=' && t[i] != '?' && t[i] != ' ') ++i;
        std::string name = str(t.substr(start, i - start));
        while (i < t.size() && t[i] == ' ') ++i;  // "AT+IMQTTUNSUB = ..."
        at::form f = at::form::execute;
        bytes params{};
        if (t.substr(i, 2) == "=?") f = at::form::test;
        else if (t.substr(i, 1) == "?") f = at::form::read;
        else if (t.substr(i, 1) == "=") f = at::form::set, params = t.substr(i + 1);
        at::field_reader r(params, rhf::lexical);
        std::string selector;
        if (f == at::form::set && !r.done()) {
            auto first = r.next();
            if (first) selector = str(first->text);
        }
        const at::command* c = f == at::form::set ? at::find_command(rhf::grammar, name, selector) : nullptr;
        if (c == nullptr) c = at::find_command(rhf::grammar, name);
        current = c != nullptr ? *c : at::cmd("UNKNOWN", static_cast<at::form>(15));
        current.forms = 15;  // a log shows what was sent, whatever the form
        REQUIRE(tx.begin(current, f).ok());
        pubex_size = 0;
        if (name == "IMQTTPUBEX" && f == at::form::set) pubex_size = std::stoul(str(t.substr(t.rfind(',') + 1)));
    }

    // "response" or "urc" for a '+' line, as the transaction routes it.
    std::string kind_of(const at::event& e) {
        auto r = tx.on_event(e);
        if (!r) return tx.pending() ? "response" : "urc";
        return r->kind == atmqtt_tool::route::response ? "response" : "urc";
    }
};

// Feeds a transcript `step` bytes at a time; returns the descriptions of its '+' lines with their kind
// (echoes, finals and the data block are not compared here: the tool's check covers them) and the data.
std::vector<std::string> run(const std::string& log, std::size_t step, std::string& data) {
    at::tokenizer<2048> tok(at::payload_rules_of<rhf::grammar>, rhf::lexical);
    echo_reader echo;
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos < log.size(); pos += step) {
        REQUIRE(tok.feed(bytes(log).substr(pos, step)).ok());
        for (at::event e = tok.next(); e; e = tok.next()) {
            if (e.kind == at::event_kind::prompt) {
                (void)echo.tx.on_event(e);
                if (echo.pubex_size != 0) REQUIRE(tok.expect_data(echo.pubex_size).ok());
            }
            if (e.kind == at::event_kind::data) data += str(e.text);
            if (e.kind != at::event_kind::line || e.text.empty()) continue;
            if (e.text.size() >= 3 && e.text.substr(0, 3) == "AT+") {
                echo.on_echo(e.text);
                continue;
            }
            std::string kind = echo.kind_of(e);
            if (e.text[0] != '+') continue;
            std::string d = describe(e);
            out.push_back(d.compare(0, 10, "{\"unknown\"") == 0 ? d : kind + " " + d);
        }
    }
    return out;
}

const char* const transcripts[] = {
    "risinghf_imqttmode",   "risinghf_imqttpara",    "risinghf_imqttuser",       "risinghf_imqttaddr",
    "risinghf_imqttlwt",    "risinghf_imqttlwtbin",  "risinghf_imqttconn",       "risinghf_imqttdisconn",
    "risinghf_imqttsub",    "risinghf_imqttunsub",   "risinghf_imqttpub",        "risinghf_imqttpubin",
    "risinghf_imqttpubex",  "risinghf_imqttstate",   "risinghf_imqttauth",       "risinghf_imqttrecvmode",
    "risinghf_imqttrecv",   "risinghf_urc",          "risinghf_dynreg_preregistration",
    "risinghf_dynreg_registration_free",             "risinghf_example_standard", "risinghf_example_aliyun",
    "risinghf_derived_syntax",
};

at::event line(bytes text) {
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = text;
    return e;
}

}  // namespace

TEST_CASE("risinghf: every transcript decodes field-exact with its event kind, whole, byte by byte and in 3-byte pieces") {
    for (const char* name : transcripts) {
        INFO(name);
        std::string log = slurp(here() + "transcripts/" + name + ".log");
        REQUIRE(!log.empty());
        std::vector<std::string> want = expected_lines(name);
        REQUIRE(!want.empty());
        for (std::size_t step : {log.size(), std::size_t{1}, std::size_t{3}}) {
            INFO("step " << step);
            std::string data;
            std::vector<std::string> got = run(log, step, data);
            REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == want[i]);
            if (std::string(name) == "risinghf_imqttpubex") CHECK(data == "test message!!");
        }
    }
}

TEST_CASE("risinghf: URCs and late results, typed and field-exact") {
    auto c = atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN:0")));
    REQUIRE(c);
    CHECK(c->state == rhf::conn_state_code::connected);
    CHECK(atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN:1")))->state == rhf::conn_state_code::already_connected);
    CHECK(atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN:-1")))->state == rhf::conn_state_code::disconnected);

    auto p = atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:13770,\"/a1R3d3WsBI0/test1/user/test\",14,\"test message!!\"")));
    REQUIRE(p);
    CHECK(p->packet_id == 13770);
    CHECK(str(p->topic) == "/a1R3d3WsBI0/test1/user/test");
    CHECK(p->payload_len == 14);
    CHECK(str(p->payload) == "test message!!");

    auto n = at::decode_as<rhf::message_notice>(atmqtt::at::line_event(bytes("+IMQTTCOUNT: 10")));
    REQUIRE(n);
    CHECK(n->count == 10);
    CHECK(!n->full);
    auto f = at::decode_as<rhf::message_notice>(atmqtt::at::line_event(bytes("+IMQTTCOUNT :FULL")));
    REQUIRE(f);
    CHECK(f->full);
    CHECK(f->count == 10);
    // The generic decode reads both shapes into the one struct (its binding names both rows).
    rhf::message_notice notice{};
    REQUIRE(atmqtt::at::decode_into(atmqtt::at::line_event(bytes("+IMQTTCOUNT :FULL")), notice));
    CHECK((notice.full && notice.count == rhf::max_cached_messages));
    REQUIRE(atmqtt::at::decode_into(atmqtt::at::line_event(bytes("+IMQTTCOUNT: 4")), notice));
    CHECK((!notice.full && notice.count == 4));
    CHECK(atmqtt::at::decode_into(atmqtt::at::line_event(bytes("+IMQTTCOUNT:FUL")), notice).error() == errc::at_invalid_integer);

    auto s = atmqtt::at::decode_as<rhf::subscribe_result>(atmqtt::at::line_event(bytes("+IMQTTSUB:2,1")));
    REQUIRE(s);
    CHECK(s->packet_id == 2);
    REQUIRE(s->granted_qos.count == 1);
    CHECK(s->granted_qos[0] == 1);
    auto u = atmqtt::at::decode_as<rhf::unsubscribe_result>(atmqtt::at::line_event(bytes("+IMQTTUNSUB:7,0")));
    REQUIRE(u);
    CHECK(u->packet_id == 7);
    CHECK(u->result == rhf::send_result::done);
    CHECK(atmqtt::at::decode_as<rhf::unsubscribe_result>(atmqtt::at::line_event(bytes("+IMQTTUNSUB:7,-1")))->result == rhf::send_result::unsubscribe_failed);
    auto pr = atmqtt::at::decode_as<rhf::publish_result>(atmqtt::at::line_event(bytes("+IMQTTPUB:11,0")));
    REQUIRE(pr);
    CHECK(pr->packet_id == 11);
    CHECK(atmqtt::at::decode_as<rhf::publish_result>(atmqtt::at::line_event(bytes("+IMQTTPUB:11,1")))->result == rhf::send_result::failed);
    rhf::publish_result px{};  // publish_result's values on the +IMQTTPUBEX row
    REQUIRE(atmqtt::at::decode_into(pubex_row, atmqtt::at::line_event(bytes("+IMQTTPUBEX:11,0")), px));
    CHECK(px.packet_id == 11);
    CHECK(px.result == rhf::send_result::done);
}

TEST_CASE("risinghf: +IMQTTDYNREG: the mode names the other fields") {
    auto m1 = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes("+IMQTTDYNREG:1,\"a1m8qO1ceKE\",\"SDK_0004\",\"8f920db5114396521af911861d60886d\"")));
    REQUIRE(m1);
    CHECK(m1->mode == 1);
    CHECK(str(m1->producekey) == "a1m8qO1ceKE");
    CHECK(str(m1->devicename) == "SDK_0004");
    CHECK(str(m1->devicesecret) == "8f920db5114396521af911861d60886d");
    CHECK(m1->cilentid.empty());

    // The registration-free answer: a quoted client id with ',' and '|' inside (joined from the page wrap).
    auto m2 = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes(
        "+IMQTTDYNREG: 2,\"CjM0zO9QT3qPCejlkMYv000100|authType=connwl,securemode=-2,_ss=1,ext=3,_v=sdk-c-4.1.0|\","
        "\"SDK_0007&a1m8qO1ceKE\",\"^1^1684838886568^a073eaabcf8a7f3\"")));
    REQUIRE(m2);
    CHECK(m2->mode == 2);
    CHECK(str(m2->cilentid) == "CjM0zO9QT3qPCejlkMYv000100|authType=connwl,securemode=-2,_ss=1,ext=3,_v=sdk-c-4.1.0|");
    CHECK(str(m2->username) == "SDK_0007&a1m8qO1ceKE");
    CHECK(str(m2->password) == "^1^1684838886568^a073eaabcf8a7f3");
    CHECK(m2->producekey.empty());
    rhf::dynreg_result reg{};  // the generic decode reads both modes too
    REQUIRE(atmqtt::at::decode_into(atmqtt::at::line_event(bytes("+IMQTTDYNREG:2,\"id\",\"user\",\"pass\"")), reg));
    CHECK((reg.mode == 2 && str(reg.cilentid) == "id" && str(reg.password) == "pass" && reg.producekey.empty()));

    auto empty = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes("+IMQTTDYNREG: 2,\"\",\"\",\"\"")));
    REQUIRE(empty);
    CHECK(empty->mode == 2);
    CHECK(empty->username.empty());

    // Mode 3 exists in neither shape: the error of the line that got further (mode 2's range check).
    auto bad = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes("+IMQTTDYNREG:3,\"a\",\"b\",\"c\"")));
    CHECK(bad.error() == errc::out_of_range);
    CHECK(bad.offset() == 13);

    auto info = atmqtt::at::decode_as<rhf::dynreg_info>(atmqtt::at::line_event(bytes("+IMQTTDYNREG:1,1,a1m8qO1ceKE,SDK_0004,VPCTjT8dGTXr5Jpg")));
    REQUIRE(info);
    CHECK(info->save == 1);
    CHECK(info->mode == 1);
    CHECK(str(info->producesecret) == "VPCTjT8dGTXr5Jpg");
}

TEST_CASE("risinghf: answers to the read forms, typed and field-exact") {
    auto m = atmqtt::at::decode_as<rhf::cfg_mode>(atmqtt::at::line_event(bytes("+IMQTTMODE:2,0,0")));
    REQUIRE(m);
    CHECK(m->mode == 2);
    CHECK(m->tls == 0);
    CHECK(m->recvmode == 0);
    CHECK(!atmqtt::at::decode_as<rhf::cfg_mode>(atmqtt::at::line_event(bytes("+IMQTTMODE:2,0")))->recvmode.has_value());  // "[,<recvMode>]"

    auto pa = atmqtt::at::decode_as<rhf::cfg_para>(atmqtt::at::line_event(bytes("+IMQTTPARA:TIMEOUT,1,CLEAN,0,KEEPALIVE,60,VERSION,3.1.1")));
    REQUIRE(pa);
    CHECK(pa->timeout == 1);
    CHECK(pa->clean == 0);
    CHECK(pa->keepalive == 60);
    CHECK(str(pa->version) == "3.1.1");
    // The syntax row's " ，" after TIMEOUT (space and fullwidth comma).
    auto pw = atmqtt::at::decode_as<rhf::cfg_para>(atmqtt::at::line_event(bytes("+IMQTTPARA:TIMEOUT \xEF\xBC\x8C" "3,CLEAN,1,KEEPALIVE,180,VERSION,3.1")));
    REQUIRE(pw);
    CHECK(pw->timeout == 3);
    CHECK(str(pw->version) == "3.1");

    auto us = atmqtt::at::decode_as<rhf::cfg_user>(atmqtt::at::line_event(bytes("+IMQTTUSER:name001,*****")));
    REQUIRE(us);
    CHECK(str(us->username) == "name001");
    CHECK(str(us->password) == "*****");

    auto a = atmqtt::at::decode_as<rhf::cfg_addr>(atmqtt::at::line_event(bytes("+IMQTTADDR:203.156.205.55,1883")));
    REQUIRE(a);
    CHECK(str(a->host) == "203.156.205.55");
    CHECK(a->port == 1883);
    CHECK(!a->clientid.has_value());
    auto a3 = atmqtt::at::decode_as<rhf::cfg_addr>(atmqtt::at::line_event(bytes("+IMQTTADDR: 203.156.205.55,1883,testMQTT")));
    REQUIRE(a3);
    REQUIRE(a3->clientid.has_value());
    CHECK(str(*a3->clientid) == "testMQTT");

    auto w = atmqtt::at::decode_as<rhf::cfg_will>(atmqtt::at::line_event(bytes("+IMQTTLWT: will_topic,0,will_message,0")));
    REQUIRE(w);
    CHECK(str(w->topic) == "will_topic");
    CHECK(str(w->message) == "will_message");
    CHECK(w->retain == 0);
    rhf::cfg_will wb{};
    REQUIRE(atmqtt::at::decode_into(atmqtt::at::grammar_row<rhf::grammar, rhf::line_lwtbin>,
                                    atmqtt::at::line_event(bytes("+IMQTTLWTBIN: will_topic,0,77696C6C5F6D657373616765,0")), wb));
    CHECK(str(wb.message) == "77696C6C5F6D657373616765");

    auto si = atmqtt::at::decode_as<rhf::subscribe>(atmqtt::at::line_event(bytes("+IMQTTSUB:/a1R3d3WsBI0/test1/user/test,0")));
    REQUIRE(si);
    CHECK(str(si->topic) == "/a1R3d3WsBI0/test1/user/test");
    auto ui = atmqtt::at::decode_as<rhf::topic_status>(atmqtt::at::line_event(bytes("+IMQTTUNSUB:/a1R3d3WsBI0/test1/user/test,0")));
    REQUIRE(ui);
    CHECK(ui->status == 0);
    auto pi = atmqtt::at::decode_as<rhf::pub_info>(atmqtt::at::line_event(bytes("+IMQTTPUB: /a1R3d3WsBI0/test1/user/test,1,test message!!")));
    REQUIRE(pi);
    CHECK(pi->qos == 1);
    CHECK(str(pi->message) == "test message!!");
    rhf::pub_info ph{};
    REQUIRE(atmqtt::at::decode_into(atmqtt::at::grammar_row<rhf::grammar, rhf::line_pubin>,
                                    atmqtt::at::line_event(bytes("+IMQTTPUBIN:/a1R3d3WsBI0/test1/user/test,1,74657374206d6573736167652121")), ph));
    CHECK(str(ph.message) == "74657374206d6573736167652121");

    CHECK(atmqtt::at::decode_as<rhf::mqtt_status>(atmqtt::at::line_event(bytes("+IMQTTSTATE:2")))->state == 2);
    auto au = atmqtt::at::decode_as<rhf::cfg_auth>(atmqtt::at::line_event(bytes("+IMQTTAUTH:a1R3d3WsBI0,test1,c75b6a4e39342f02ec161ba682566054")));
    REQUIRE(au);
    CHECK(str(au->devicename) == "test1");
    CHECK(atmqtt::at::decode_as<rhf::cfg_recvmode>(atmqtt::at::line_event(bytes("+IMQTTRECVMODE: 1")))->recvmode == 1);
    CHECK(atmqtt::at::decode_as<rhf::cache_status>(atmqtt::at::line_event(bytes("+IMQTTRECV: 10")))->total_count == 10);
    rhf::received_message rm{};
    REQUIRE(atmqtt::at::decode_into(recv_row, atmqtt::at::line_event(bytes("+IMQTTRECV:13771,\"/a1R3d3WsBI0/test1/user/test\",15,\"test message1!!\"")), rm));
    CHECK(rm.packet_id == 13771);
    CHECK(str(rm.payload) == "test message1!!");
}

TEST_CASE("risinghf: the manual's irregularities are tested decisions") {
    // Fullwidth colon after +IMQTTCONN (§2.7/§2.8 syntax rows).
    CHECK(atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN\xEF\xBC\x9A" "0")))->state == rhf::conn_state_code::connected);
    CHECK(atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN\xEF\xBC\x9A-1")))->state == rhf::conn_state_code::disconnected);
    // A space before the colon (+IMQTTCOUNT :<count>).
    CHECK(at::decode_as<rhf::message_notice>(atmqtt::at::line_event(bytes("+IMQTTCOUNT :3")))->count == 3);
    // '=' for ':' (+IMQTTUNSUB=<packetid>,<status>).
    auto u = atmqtt::at::decode_as<rhf::unsubscribe_result>(atmqtt::at::line_event(bytes("+IMQTTUNSUB=5,0")));
    REQUIRE(u);
    CHECK(u->packet_id == 5);
    // A stray ideographic comma after the closing quote: not silently accepted.
    auto stray = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(
        bytes("+IMQTTDYNREG:1,\"a1m8qO1ceKE\",\"SDK_0004\",\"8f920db5114396521af911861d60886d\"\xE3\x80\x81")));
    CHECK(stray.error() == errc::at_unexpected_character);
    CHECK(stray.offset() == 74);  // right after the closing quote
    // AT+IMQTTAUTU (the §2.15 spelling) is not a prefix of the dialect.
    auto autu = rhf::classify(atmqtt::at::line_event(bytes("+IMQTTAUTU:a1ArHWIBwWN,,mqtt1,Fg5PVTXX6fjI7A8BIi2Oj9z9rUeLMftK")));
    CHECK(autu.error() == errc::at_unknown_response);
    // Quoted or bare: the same value.
    CHECK(str(atmqtt::at::decode_as<rhf::cfg_user>(atmqtt::at::line_event(bytes("+IMQTTUSER:\"name001\",\"\"")))->username) == "name001");
    // +IMQTTPUB after a publish vs after the read form: told apart by shape.
    CHECK(*rhf::classify(atmqtt::at::line_event(bytes("+IMQTTPUB:3,0"))) == rhf::line_publish_result);
    CHECK(*rhf::classify(atmqtt::at::line_event(bytes("+IMQTTPUB:/t,1,m"))) == rhf::line_pub);
    CHECK(*rhf::classify(line(bytes("+IMQTTSUB:2,1"))) == rhf::line_subscribe_result);
    CHECK(*rhf::classify(line(bytes("+IMQTTSUB:/t,1"))) == rhf::line_sub);
}

TEST_CASE("risinghf: the test-form answer +IMQTTRECV: (1-10) of the syntax table, element by element") {
    auto r = at::decode_test_response<4>(rhf::cmd::imqttrecv, {}, bytes("+IMQTTRECV: (1-10)"), rhf::lexical);
    REQUIRE(r);
    REQUIRE(r->count == 1);
    CHECK(str(r->values[0].text) == "(1-10)");
    CHECK(r->specs[r->values[0].spec].name == "count");
    CHECK(at::decode_test_response<4>(rhf::cmd::imqttrecv, {}, bytes("+IMQTTRECV: (1-10"), rhf::lexical).error() ==
          errc::at_invalid_range);
}

TEST_CASE("risinghf: malformed and out-of-range lines, exact errc and offset") {
    struct bad {
        const char* text;
        errc error;
        std::size_t offset;
    };
    const bad cases[] = {
        {"+IMQTTCONN:2", errc::out_of_range, 11},
        {"+IMQTTCONN:", errc::at_missing_field, 11},
        {"+IMQTTCONN:x", errc::at_invalid_integer, 11},
        {"+IMQTTCONN:0,1", errc::at_too_many_fields, 13},
        {"+IMQTTCOUNT:11", errc::out_of_range, 12},
        {"+IMQTTSTATE:3", errc::out_of_range, 12},
        {"+IMQTTMODE:3,0,0", errc::out_of_range, 11},
        {"+IMQTTPARA:TIMEOUT,4,CLEAN,0,KEEPALIVE,60,VERSION,3.1.1", errc::out_of_range, 19},
        {"+IMQTTPARA:TIMEOUT,1,CLEAN,0,KEEPALIVE,60,VERSION,5.0", errc::at_invalid_enum, 50},
        {"+IMQTTPARA:TIMEOUT,1,CLEAN,0,KEEPALIVE,60", errc::at_missing_field, 41},
        {"+IMQTTPUBEX:65536,0", errc::out_of_range, 12},
        {"+IMQTTSUB:65536,3", errc::out_of_range, 16},  // both shapes fail: the read form got further
        {"+IMQTTPUBIN:/t,1,7465737", errc::at_invalid_hex, 17},
        {"+IMQTTPUBIN:/t,1,74zz", errc::at_invalid_hex, 19},
        {"+IMQTTRCVPUB:1,\"/t\",14,\"short\"", errc::at_payload_truncated, 29},
        {"+IMQTTRCVPUB:1,\"/t\",2,\"longer\"", errc::at_payload_mismatch, 25},
        {"+IMQTTRCVPUB:1,\"/t\",1025,\"x\"", errc::out_of_range, 20},
        {"+IMQTTRCVPUB:1,\"/t", errc::at_unterminated_quote, 15},
        {"+IMQTTNOPE:1", errc::at_unknown_response, 0},
    };
    for (const bad& b : cases) {
        INFO(b.text);
        auto r = at::decode<rhf::max_values>(rhf::grammar, atmqtt::at::line_event(bytes(b.text)));
        CHECK(r.error() == b.error);
        CHECK(r.offset() == b.offset);
    }
}

TEST_CASE("risinghf: Aliyun helper turns the registration answers into the next commands") {
    char buf[256];
    auto enc = [&](const auto& c) {
        auto n = rhf::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
        return n ? std::string(buf, *n) : "error " + std::string(atmqtt::to_string(n.error()));
    };
    // §2.16 pre-registration: the mode-1 answer -> AT+IMQTTAUTH (canonical: bare values).
    auto m1 = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes("+IMQTTDYNREG: 1,\"a1m8qO1ceKE\",\"SDK_0004\",\"8f920db5114396521af911861d60886d\"")));
    REQUIRE(m1);
    auto auth = rhf::aliyun::auth_command(*m1);
    REQUIRE(auth);
    CHECK(enc(*auth) == "AT+IMQTTAUTH=a1m8qO1ceKE,SDK_0004,8f920db5114396521af911861d60886d\r");
    CHECK(rhf::aliyun::login_commands(*m1, "h", 1883).error() == errc::at_invalid_enum);

    // §2.16 registration-free: the mode-2 answer -> AT+IMQTTUSER and AT+IMQTTADDR with the quoted id.
    auto m2 = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes(
        "+IMQTTDYNREG:2,\"CjM0zO9QT3qPCejlkMYv000100|authType=connwl,securemode=-2,_ss=1,ext=3,_v=sdk-c-4.1.0|\","
        "\"SDK_0007&a1m8qO1ceKE\",\"^1^1684838886568^a073eaabcf8a7f3\"")));
    REQUIRE(m2);
    auto login = rhf::aliyun::login_commands(*m2, "a1m8qO1ceKE.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883);
    REQUIRE(login);
    CHECK(enc(login->user) == "AT+IMQTTUSER=SDK_0007&a1m8qO1ceKE,^1^1684838886568^a073eaabcf8a7f3\r");
    CHECK(enc(login->addr) ==
          "AT+IMQTTADDR=a1m8qO1ceKE.iot-as-mqtt.cn-shanghai.aliyuncs.com,1883,"
          "\"CjM0zO9QT3qPCejlkMYv000100|authType=connwl,securemode=-2,_ss=1,ext=3,_v=sdk-c-4.1.0|\"\r");
    CHECK(rhf::aliyun::auth_command(*m2).error() == errc::at_invalid_enum);

    // Nothing saved: `1,"","",""` gives nothing to log in with.
    auto none = at::decode_as<rhf::dynreg_result>(atmqtt::at::line_event(bytes("+IMQTTDYNREG: 1,\"\",\"\",\"\"")));
    REQUIRE(none);
    CHECK(rhf::aliyun::auth_command(*none).error() == errc::at_missing_field);
}

namespace {
constexpr bool constexpr_decoding() {
    auto c = atmqtt::at::decode_as<rhf::connection_state>(atmqtt::at::line_event(bytes("+IMQTTCONN\xEF\xBC\x9A-1")));
    auto p = atmqtt::at::decode_as<rhf::received_message>(atmqtt::at::line_event(bytes("+IMQTTRCVPUB:3,\"/mqtt1/user/test\",14,\"test message!!\"")));
    auto f = at::decode_as<rhf::message_notice>(atmqtt::at::line_event(bytes("+IMQTTCOUNT :FULL")));
    return c && c->state == rhf::conn_state_code::disconnected && p && p->payload_len == 14 && p->payload == bytes("test message!!") && f && f->full;
}
}  // namespace

TEST_CASE("risinghf: decoding is a constant expression") {
    STATIC_REQUIRE(constexpr_decoding());
    STATIC_REQUIRE(at::validate(rhf::grammar).ok());
    STATIC_REQUIRE(at::validate(at::payload_rules_of<rhf::grammar>).ok());  // the rules derived from the payload lines
}

TEST_CASE("risinghf: a stray quote in a bare topic cannot pair one message's length with another's payload") {
    // Found by fuzz_at_risinghf: the tokenizer reads the quote as opening a topic and takes the payload
    // after `14,`; the decoder reads `15` as the length. The pairing is refused, not decoded.
    at::tokenizer<256> tok(at::payload_rules_of<rhf::grammar>, rhf::lexical);
    REQUIRE(tok.feed("+IMQTTRECV:1,a\",15,\"test message\"/m\",14,\"test message!!\"\r\n").ok());
    at::event e = tok.next();
    REQUIRE(e.kind == at::event_kind::line);
    REQUIRE(e.has_payload);
    rhf::received_message m{};
    auto r = atmqtt::at::decode_into(recv_row, e, m);
    REQUIRE(!r.ok());
    CHECK(r.error() == atmqtt::errc::at_payload_mismatch);
    CHECK(r.offset() == 20);
}
