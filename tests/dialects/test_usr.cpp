// USR dialect: the grammar table, every command vector encoded byte-exact through the table (and through
// the typed structs), constexpr encodes, typed response decoding, test answers and the error cases.
#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_usr_support.hpp"

#include <string>
#include <vector>

using namespace usr_test;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mutable_bytes;

namespace {

// A constexpr encode, compared as a constant expression.
template <class C, std::size_t N>
constexpr bool encodes_to(const C& c, const char (&want)[N]) {
    char buf[64] = {};
    auto r = usr::encode(c, mutable_bytes(buf, sizeof buf));
    if (!r.ok() || *r != N - 1) return false;
    for (std::size_t i = 0; i + 1 < N; ++i)
        if (buf[i] != want[i]) return false;
    return true;
}

template <class C>
std::string encode_str(const C& c, errc* error = nullptr) {
    char buf[4096] = {};
    auto r = usr::encode(c, mutable_bytes(buf, sizeof buf));
    if (error != nullptr) *error = r.ok() ? errc::ok : r.error();
    return r.ok() ? std::string(buf, *r) : std::string();
}

template <class C>
errc encode_error(const C& c) {
    errc e = errc::ok;
    encode_str(c, &e);
    return e;
}

std::string with_form(at::form_of f) {
    char buf[64] = {};
    auto r = usr::encode(f, mutable_bytes(buf, sizeof buf));
    return r.ok() ? std::string(buf, *r) : std::string("error");
}

}  // namespace

// ---- the table -------------------------------------------------------------------------------------

static_assert(at::validate(usr::grammar).ok());
static_assert(usr::grammar.commands.size() == 23);  // 21 commands + WKMOD's MQTT sub-command + AT+S
static_assert(usr::grammar.lines.size() == 22);
static_assert(at::find_command(usr::grammar, "MQTTSTA")->forms == static_cast<std::uint8_t>(at::form::test | at::form::read));
static_assert(!at::find_command(usr::grammar, "SSLCRT")->has(at::form::read));  // no query (§2.19)
static_assert(at::find_command(usr::grammar, "S")->forms == static_cast<std::uint8_t>(at::form::execute));
static_assert(at::find_command(usr::grammar, "MQTTCFG")->params[0].def == 60);
static_assert(at::find_command(usr::grammar, "MQTTSVR")->params[1].is_optional());
static_assert(at::find_command(usr::grammar, "MQTTVER")->params[0].min == 3);
static_assert(usr::grammar.lexical.allows(at::lex::angle_lists));

// ---- constexpr encodes -------------------------------------------------------------------------------

static_assert(encodes_to(usr::cfg_work_mode_mqtt{usr::mqtt_server::nor}, "AT+WKMOD=MQTT,NOR\r"));
static_assert(encodes_to(usr::cfg_work_mode_mqtt{usr::mqtt_server::ali}, "AT+WKMOD=MQTT,ALI\r"));
static_assert(encodes_to(usr::cfg_work_mode{usr::work_mode::httpd}, "AT+WKMOD=HTTPD\r"));
static_assert(encodes_to(usr::cfg_server{"test.usr.cn", 2317}, "AT+MQTTSVR=test.usr.cn,2317\r"));
static_assert(encodes_to(usr::cfg_server{"test.usr.cn", {}}, "AT+MQTTSVR=test.usr.cn\r"));
static_assert(encodes_to(usr::cfg_publish_topic{2, 1, "TEST00", 0, 1}, "AT+MQTTPUBTP=2,1,TEST00,0,1\r"));
static_assert(encodes_to(usr::cfg_transfer_mode{usr::transfer_mode::distribution}, "AT+MQTTMOD=1\r"));
static_assert(encodes_to(usr::cfg_ssl_auth{usr::ssl_auth::peer}, "AT+SSLAUTH=PEER\r"));
static_assert(usr::encoded_size(usr::cfg_session{120, 0}).ok() && *usr::encoded_size(usr::cfg_session{120, 0}) == 17);

// ---- every command vector, through the table -----------------------------------------------------

namespace {

const char* const command_files[] = {
    "usr_syntax", "usr_transparent_config", "usr_distribution_config", "usr_aliyun_config", "usr_derived_syntax",
    "usr_wkmod", "usr_mqttcfg", "usr_mqttpubtp", "usr_mqttsubtp", "usr_mqttwill", "usr_mqttmod", "usr_mqttver",
    "usr_mqttsvr", "usr_mqttcid", "usr_mqttuser", "usr_mqttpsw", "usr_mqttsta", "usr_aliregion",
    "usr_aliprodkey", "usr_alidevsec", "usr_alidevname", "usr_alidevid", "usr_sslen", "usr_sslcrt",
    "usr_sslauth", "usr_sslcfg",
};

at::form form_of(const std::string& f) {
    return f == "test" ? at::form::test : f == "read" ? at::form::read : f == "set" ? at::form::set : at::form::execute;
}

// Encodes one vector line through the grammar: the command by name ("WKMOD/MQTT": with a selector),
// the arguments in table order by parameter name.
std::string encode_vector(const json_value& v, std::string& why) {
    std::string name, form, selector;
    const std::vector<json_member>* params = nullptr;
    for (const auto& m : v.members) {
        if (m.first == "command") name = m.second.text;
        if (m.first == "form") form = m.second.text;
        if (m.first == "params") params = &m.second.members;
    }
    std::size_t slash = name.find('/');
    if (slash != std::string::npos) {
        selector = name.substr(slash + 1);
        name = name.substr(0, slash);
    }
    const at::command* c = at::find_command(usr::grammar, name, selector);
    if (c == nullptr) {
        why = "no command " + name;
        return {};
    }
    std::vector<at::value> args;
    std::size_t used = 0;
    for (const at::field_spec& p : c->params) {
        at::value a = at::value();
        for (const auto& kv : *params) {
            if (kv.first != std::string(p.name)) continue;
            a = kv.second.is_string ? at::value(bytes(kv.second.text)) : at::value(kv.second.number);
            ++used;
        }
        args.push_back(a);
    }
    if (used != params->size()) {
        why = "unknown parameter";
        return {};
    }
    char buf[4096] = {};
    auto r = at::write_command(usr::grammar.lexical, *c, form_of(form), atmqtt::span<const at::value>(args.data(), args.size()),
                               mutable_bytes(buf, sizeof buf));
    if (!r) {
        why = std::string(atmqtt::to_string(r.error()));
        return {};
    }
    return std::string(buf, *r);
}

}  // namespace

TEST_CASE("usr: every command vector encodes byte-exact through the grammar") {
    std::size_t checked = 0;
    for (const char* stem : command_files) {
        bool ok = false;
        std::string text = read_file(vector_dir() + "commands/" + stem + ".jsonl", ok);
        INFO(stem);
        REQUIRE(ok);
        for (const std::string& line : split_lines(text)) {
            INFO(line);
            json_reader r{line};
            json_value v;
            v.members = r.object();
            REQUIRE(!r.failed);
            std::string want;
            for (const auto& m : v.members)
                if (m.first == "bytes") want = m.second.text;
            std::string why;
            CHECK(encode_vector(v, why) == want);
            CHECK(why.empty());
            ++checked;
        }
    }
    CHECK(checked >= 67 + 11 + 11 + 10);
}

TEST_CASE("usr: typed structs give the syntax vectors' bytes") {
    CHECK(encode_str(usr::cfg_work_mode{usr::work_mode::net}) == "AT+WKMOD=NET\r");
    CHECK(encode_str(usr::cfg_work_mode{usr::work_mode::cmd}) == "AT+WKMOD=CMD\r");
    CHECK(encode_str(usr::cfg_work_mode{usr::work_mode::mqtt}) == "AT+WKMOD=MQTT\r");
    CHECK(encode_str(usr::cfg_session{120, 0}) == "AT+MQTTCFG=120,0\r");
    CHECK(encode_str(usr::cfg_publish_topic{2, 1, "/PubTopic2", 0, 0}) == "AT+MQTTPUBTP=2,1,/PubTopic2,0,0\r");
    CHECK(encode_str(usr::cfg_subscribe_topic{1, 1, "TEST01", 0}) == "AT+MQTTSUBTP=1,1,TEST01,0\r");
    CHECK(encode_str(usr::cfg_will{0, "/will", 0, 0, "offline"}) == "AT+MQTTWILL=0,/will,0,0,offline\r");
    CHECK(encode_str(usr::cfg_will{}) == "AT+MQTTWILL=0,/will,0,0,offline\r");  // the manual's defaults
    CHECK(encode_str(usr::cfg_transfer_mode{usr::transfer_mode::transparent}) == "AT+MQTTMOD=0\r");
    CHECK(encode_str(usr::cfg_version{4}) == "AT+MQTTVER=4\r");
    CHECK(encode_str(usr::cfg_client_id{"02400122052700000529"}) == "AT+MQTTCID=02400122052700000529\r");
    CHECK(encode_str(usr::cfg_username{"usr.cn"}) == "AT+MQTTUSER=usr.cn\r");
    CHECK(encode_str(usr::cfg_password{"usr.cn"}) == "AT+MQTTPSW=usr.cn\r");
    CHECK(encode_str(usr::cfg_ali_region{"cn-shanghai"}) == "AT+ALIREGION=cn-shanghai\r");
    CHECK(encode_str(usr::cfg_ali_product_key{"abcd"}) == "AT+ALIPRODKEY=abcd\r");
    CHECK(encode_str(usr::cfg_ali_device_secret{"abcd"}) == "AT+ALIDEVSEC=abcd\r");
    CHECK(encode_str(usr::cfg_ali_device_name{"abcd"}) == "AT+ALIDEVNAME=abcd\r");
    CHECK(encode_str(usr::cfg_ali_device_id{"123"}) == "AT+ALIDEVID=123\r");
    CHECK(encode_str(usr::cfg_ssl{usr::on_off::on}) == "AT+SSLEN=ON\r");
    CHECK(encode_str(usr::cfg_ssl{usr::on_off::off}) == "AT+SSLEN=OFF\r");
    CHECK(encode_str(usr::cfg_ssl_certificate{usr::certificate::ca_crt, "ABCD"}) == "AT+SSLCRT=0,ABCD\r");
    CHECK(encode_str(usr::cfg_ssl_certificate{usr::certificate::client_private_key, "K"}) == "AT+SSLCRT=2,K\r");
    CHECK(encode_str(usr::cfg_ssl_auth{usr::ssl_auth::none}) == "AT+SSLAUTH=NONE\r");
    CHECK(encode_str(usr::cfg_ssl_auth{usr::ssl_auth::all}) == "AT+SSLAUTH=ALL\r");
    CHECK(encode_str(usr::cfg_ssl_sni{usr::on_off::on}) == "AT+SSLCFG=ON\r");
    CHECK(with_form(usr::test(usr::cmd::mqttpubtp)) == "AT+MQTTPUBTP=?\r");
    CHECK(with_form(usr::read(usr::cmd::mqttpubtp)) == "AT+MQTTPUBTP?\r");
    CHECK(with_form(usr::read(usr::cmd::mqttsta)) == "AT+MQTTSTA?\r");
    CHECK(with_form(usr::read(usr::cmd::sslcrt)) == "error");  // no query form
    char buf[8] = {};
    auto s = usr::encode(usr::execute(usr::cmd::save), mutable_bytes(buf, sizeof buf));
    REQUIRE(s.ok());
    CHECK(std::string(buf, *s) == "AT+S\r");
}

TEST_CASE("usr: out-of-range and unwritable values are refused with exact errors") {
    CHECK(encode_error(usr::cfg_session{65536, 0}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_session{-1, 0}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_session{60, 2}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_publish_topic{0, 1, "t", 0, 0}) == errc::out_of_range);   // slot 1..10
    CHECK(encode_error(usr::cfg_publish_topic{11, 1, "t", 0, 0}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_publish_topic{1, 2, "t", 0, 0}) == errc::out_of_range);   // enable 0/1
    CHECK(encode_error(usr::cfg_publish_topic{1, 1, "t", 3, 0}) == errc::out_of_range);   // QoS 0..2
    CHECK(encode_error(usr::cfg_subscribe_topic{1, 1, "", 0}) == errc::out_of_range);       // topic 1..128
    CHECK(encode_error(usr::cfg_subscribe_topic{1, 1, "a,b", 0}) == errc::at_comma_in_bare_string);
    CHECK(encode_error(usr::cfg_version{5}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_server{"h", 65536}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_server{"", 1883}) == errc::out_of_range);
    CHECK(encode_error(usr::cfg_username{"a\"b"}) == errc::at_unescapable_character);
    CHECK(encode_error(usr::cfg_password{"pa\rss"}) == errc::at_unescapable_character);
    CHECK(encode_error(usr::cfg_ali_device_secret{std::string(65, 'x')}) == errc::too_long);
    CHECK(encode_error(usr::cfg_ali_product_key{std::string(21, 'x')}) == errc::too_long);
    CHECK(encode_error(usr::cfg_ali_device_name{std::string(33, 'x')}) == errc::too_long);
    CHECK(encode_error(usr::cfg_ali_device_id{std::string(25, 'x')}) == errc::too_long);
    CHECK(encode_error(usr::cfg_client_id{std::string(129, 'x')}) == errc::too_long);
    CHECK(encode_str(usr::cfg_client_id{std::string(128, 'x')}).size() == 11 + 128 + 1);
    CHECK(encode_error(usr::cfg_work_mode{static_cast<usr::work_mode>(9)}) == errc::at_invalid_enum);
    CHECK(encode_error(usr::cfg_ssl_auth{static_cast<usr::ssl_auth>(7)}) == errc::at_invalid_enum);
    CHECK(encode_error(usr::cfg_ssl_certificate{static_cast<usr::certificate>(3), "x"}) == errc::out_of_range);
    char small[12] = {};
    auto r = usr::encode(usr::cfg_version{4}, mutable_bytes(small, 12));  // needs 13
    CHECK(r.error() == errc::buffer_too_small);
}

// ---- responses -----------------------------------------------------------------------------------

namespace {
// The event of the last line of `lines` (CR LF after each) from the session decoder (the one classifier:
// the AT core's); its views stay valid until the next call.
usr::session_event last_event(const std::string& lines) {
    static std::string wire;
    static usr::session_decoder<256> dec;
    wire = lines;
    dec = usr::session_decoder<256>{};
    REQUIRE(dec.feed(atmqtt::bytes(wire)).ok());
    usr::session_event last{};
    while (auto e = dec.next()) last = e;
    return last;
}
// T from the last line's event.
template <class T>
atmqtt::result<T> typed(const std::string& lines) {
    return usr::decode_as<T>(last_event(lines));
}
}  // namespace

TEST_CASE("usr: responses decode into typed values") {
    auto cfg = at::decode_as<usr::cfg_session>(atmqtt::at::line_event("+MQTTCFG:60,0"));
    REQUIRE(cfg.ok());
    CHECK(cfg->keepalive == 60);
    CHECK(cfg->cleansession == 0);
    CHECK(typed<usr::cfg_session>("+MQTTCFG:60,0\r\n")->keepalive == 60);

    auto wk = typed<usr::current_work_mode>("+WKMOD:MQTT,NOR\r\n");
    REQUIRE(wk.ok());
    CHECK(wk->mode == usr::work_mode::mqtt);
    CHECK(wk->server == usr::mqtt_server::nor);
    CHECK(typed<usr::current_work_mode>("+WKMOD:MQTT,ALI\r\n")->server == usr::mqtt_server::ali);
    CHECK(typed<usr::current_work_mode>("+WKMOD:NET\r\n")->mode == usr::work_mode::net);
    CHECK(!typed<usr::current_work_mode>("+WKMOD:NET\r\n")->server);
    CHECK(typed<usr::current_work_mode>("+WKMOD:MQTT\r\n")->mode == usr::work_mode::mqtt);
    CHECK(typed<usr::current_work_mode>("+WKMOD:NET,NOR\r\n")->server == usr::mqtt_server::nor);  // the table allows it: both shown

    auto svr = typed<usr::cfg_server>("+MQTTSVR:test.usr.cn,2317\r\n");
    REQUIRE(svr.ok());
    CHECK(svr->host == "test.usr.cn");
    CHECK(svr->port == 2317);
    CHECK(typed<usr::cfg_server>("+MQTTSVR:mqtt.usr.cn\r\n")->port.has_value() == false);

    usr::session_event header = last_event("+MQTTPUBTP:\r\n");
    CHECK(header.kind == usr::session_kind::header);
    CHECK(header.row == usr::line_mqttpubtp);
    CHECK(usr::decode_as<usr::cfg_publish_topic>(header).error() == errc::at_unexpected_response);
    // A header is a line whose first value is absent: without a separator, or an empty first field.
    CHECK(last_event("+MQTTPUBTP\r\n").kind == usr::session_kind::header);
    CHECK(last_event("+MQTTPUBTP: ,1,/t,0,0\r\n").kind == usr::session_kind::header);
    usr::session_event row = last_event("+MQTTPUBTP:\r\n1,1,/PubTopic1,0,0,0\r\n");
    REQUIRE(row.kind == usr::session_kind::response);
    CHECK(row.in_block);
    CHECK(row.row == usr::line_mqttpubtp);
    auto slot = usr::decode_as<usr::cfg_publish_topic>(row);
    CHECK(slot->pubnum == 1);
    CHECK(slot->puben);
    CHECK(slot->topic == "/PubTopic1");
    CHECK(usr::decode_as<usr::cfg_subscribe_topic>(row).error() == errc::at_unexpected_response);  // another row
    CHECK(at::decode_as<usr::cfg_publish_topic>(at::row_event("2,0,/PubTopic2,0,0"))->pubnum == 2);  // five fields too
    CHECK(at::decode_as<usr::cfg_subscribe_topic>(at::row_event("1,1,/SubTopic1,0"))->subnum == 1);
    auto first = typed<usr::cfg_subscribe_topic>("+MQTTSUBTP:1,1,/sub,2\r\n");  // the header carrying the first row
    CHECK(first->topic == "/sub");
    CHECK(first->qos == 2);

    auto will = typed<usr::cfg_will>("+MQTTWILL:0,/will,0,0,offline\r\n");
    CHECK(will->msg == "offline");
    CHECK(typed<usr::connection_state>("+MQTTSTA:CONNECTION\r\n")->state == usr::conn_state_code::connected);
    CHECK(typed<usr::connection_state>("+MQTTSTA:\"DISCONNECTION\"\r\n")->state == usr::conn_state_code::disconnected);  // quoted, tolerated
    CHECK(typed<usr::cfg_ssl>("+SSLEN: OFF\r\n")->sta == usr::on_off::off);  // space, tolerated
    CHECK(typed<usr::cfg_ssl_sni>("+SSLCFG: ON,OFF,OFF,OFF\r\n")->type == usr::on_off::on);
    CHECK(typed<usr::cfg_ssl_auth>("+SSLAUTH: PEER\r\n")->type == usr::ssl_auth::peer);
    usr::session_event empty = last_event("+ALIREGION:\r\n");
    CHECK(empty.kind == usr::session_kind::response);
    CHECK(render(empty) == "{\"event\":\"response\",\"name\":\"ALIREGION\",\"fields\":{\"regionid\":\"\"}}");
    CHECK(last_event("+MQTTUSER:usr.cn\r\n").row == usr::line_mqttuser);  // answers AT+MQTTPSW? too
    usr::session_event crt = last_event("+HTTPSCRT:<0~2>,<1~2900 bytes>\r\n");
    CHECK(crt.kind == usr::session_kind::test_answer);
    CHECK(crt.row == usr::line_httpscrt);
    CHECK(typed<usr::cfg_session>("+MQTTCFG:<0~65535>,<0,1>\r\n").error() == errc::at_unexpected_response);
    // Every setting reads its own answer (at::written_and_read): the one struct written and read.
    CHECK(typed<usr::cfg_transfer_mode>("+MQTTMOD:1\r\n")->mode == usr::transfer_mode::distribution);
    CHECK(typed<usr::cfg_version>("+MQTTVER:4\r\n")->ver == 4);
    CHECK(typed<usr::cfg_client_id>("+MQTTCID:02400122052700000529\r\n")->value == "02400122052700000529");
    CHECK(typed<usr::cfg_ali_region>("+ALIREGION:\r\n")->value.empty());
    CHECK(typed<usr::cfg_password>("+MQTTPSW:usr.cn\r\n")->value == "usr.cn");
    CHECK(typed<usr::cfg_username>("+MQTTPSW:usr.cn\r\n").error() == errc::at_unexpected_response);  // another row
}

// usr::classify: the AT core's classifier over the table, as in the other dialects.
static_assert(*usr::classify(at::line_event("+MQTTSVR:test.usr.cn,2317")) == usr::line_mqttsvr);
static_assert(usr::line_of(usr::cmd::mqttpsw) == usr::line_mqttpsw && usr::line_of(usr::cmd::save) == usr::line_count);
TEST_CASE("usr: classify names a line's row") {
    CHECK(*usr::classify(at::line_event(at_run_time(bytes("+MQTTSTA:CONNECTION")))) == usr::line_connection_state);
    CHECK(*usr::classify(at::line_event(at_run_time(bytes("+SSLCFG:ON,OFF,OFF,OFF")))) == usr::line_sslcfg);
    CHECK(*usr::classify(at::line_event(at_run_time(bytes("+MQTTPUBTP:")))) == usr::line_mqttpubtp);
    CHECK(usr::classify(at::line_event(at_run_time(bytes("+QMTCONN: 0,0")))).error() == errc::at_unknown_response);
}

TEST_CASE("usr: malformed and out-of-range responses give exact errors") {
    // The error event of the last line (a row after a header when `header` is given).
    auto error_of = [](const std::string& line, const std::string& header = "") {
        usr::session_event e = last_event(header + line + "\r\n");
        CHECK(e.kind == usr::session_kind::error);
        return e;
    };
    auto code = [&](const std::string& line, const std::string& header = "") { return error_of(line, header).error; };
    CHECK(code("+MQTTCFG:65536,0") == errc::out_of_range);
    CHECK(code("+MQTTCFG:60") == errc::at_missing_field);
    CHECK(code("+MQTTCFG:60,0,1") == errc::at_too_many_fields);
    CHECK(code("+MQTTCFG:x,0") == errc::at_invalid_integer);
    CHECK(code("+MQTTMOD:2") == errc::out_of_range);
    CHECK(code("+MQTTVER:5") == errc::out_of_range);
    CHECK(code("+WKMOD:FOO") == errc::at_invalid_enum);
    CHECK(code("+WKMOD:MQTT,XYZ") == errc::at_invalid_enum);
    CHECK(code("+SSLEN:on") == errc::at_invalid_enum);  // words are exact
    CHECK(code("+MQTTSTA:CONNECTING") == errc::at_invalid_enum);
    CHECK(code("+NOSUCH:1") == errc::at_unknown_response);
    CHECK(code("1,1,/t,0,0,0") == errc::at_unknown_response);  // a row outside any block
    const std::string pub = "+MQTTPUBTP:\r\n";
    CHECK(code("11,1,/t,0,0", pub) == errc::out_of_range);
    CHECK(code("1,1,/t,0", pub) == errc::at_missing_field);
    CHECK(code("1,1,/t,0,0,0,0", pub) == errc::at_too_many_fields);
    CHECK(error_of("1,1,/t,0,0,0,0", pub).offset == 13);  // the extra field, within the row
    CHECK(last_event("+ALIDEVID:\r\n").kind == usr::session_kind::response);
    CHECK(code("+ALIDEVID:1234567890123456789012345") == errc::out_of_range);  // the core decoder's length error
    CHECK(code("+MQTTCFG:<0~65535") == errc::at_invalid_range);
    CHECK(code("+MQTTMOD:<0,1>,<0,1>") == errc::at_too_many_fields);
    CHECK(error_of("+MQTTMOD:<0,1>,<0,1>").offset == 15);
    // After a fullwidth colon too (at::check_angle_answer starts where split_prefix puts the parameters).
    CHECK(error_of("+MQTTMOD\xEF\xBC\x9A<0,1>,<0,1>").error == errc::at_too_many_fields);
    CHECK(error_of("+MQTTMOD\xEF\xBC\x9A<0,1>,<0,1>").offset == 17);
    // A line without separator is its own prefix: a row's, then read against it, or none.
    CHECK(code("+NOSUCH") == errc::at_unknown_response);
    CHECK(error_of("+MQTTSTA").error == errc::at_missing_field);
    CHECK(error_of("+MQTTSTA").offset == 8);
    CHECK(error_of("+MQTTCFG:60,7").offset == 12);
    // The typed path reports the same, straight from a line event.
    CHECK(at::decode_as<usr::cfg_session>(at::line_event("+MQTTCFG:60,7")).offset() == 12);
    CHECK(at::decode_as<usr::cfg_session>(at::line_event("+MQTTMOD:0")).error() == errc::at_unknown_response);
}

TEST_CASE("usr: test answers read as ranges") {
    // The groups are the elements decode_test_response reads; classify_angle_item types each.
    const auto groups = [](std::string_view prefix, std::string_view line) {
        return at::decode_test_response<8>(at::command{}, prefix, bytes(line), usr::lexical);
    };
    auto r = groups("+MQTTPUBTP", "+MQTTPUBTP:<1~10>[,<0,1>,<1~12 bytes>,<0,1,2>,<0,1>][,<0,1>]");
    REQUIRE(r.ok());
    std::vector<at::angle_range> got;
    for (const at::field_value& v : r->fields()) {
        auto g = at::classify_angle_item(v.text, v.offset);
        REQUIRE(g.ok());
        got.push_back(*g);
    }
    REQUIRE(got.size() == 6);
    CHECK(got[0].kind == at::angle_range_kind::integers);
    CHECK(got[0].low == 1);
    CHECK(got[0].high == 10);
    CHECK(got[1].kind == at::angle_range_kind::words);
    CHECK(got[1].text == "0,1");
    CHECK(got[2].kind == at::angle_range_kind::length);
    CHECK(got[2].high == 12);
    CHECK(got[3].text == "0,1,2");
    auto ssl = groups("+SSLAUTH", "+SSLAUTH:<NONE\xE3\x80\x81PEER\xE3\x80\x81" "ALL>");
    REQUIRE(ssl.ok());
    REQUIRE(ssl->count == 1);
    auto words = at::classify_angle_item(ssl->values[0].text, ssl->values[0].offset);
    REQUIRE(words.ok());
    CHECK(words->kind == at::angle_range_kind::words);
    CHECK(groups("+MQTTCFG", "+MQTTCFG:<0~65535>,x").error() == errc::at_unexpected_character);
    CHECK(groups("+MQTTCFG", "+MQTTCFG:<0~65535").error() == errc::at_invalid_range);
}

TEST_CASE("usr: session decoder handles the escape, rows and errors") {
    // Reading 2 of the escape (no module 'a'): "+ok" alone is still the final result.
    std::vector<std::string> two = decode_session("+okAT+S\r\r\nOK\r\n", 1);
    REQUIRE(two.size() == 3);
    CHECK(two[0] == "{\"event\":\"final\",\"result\":\"+ok\"}");
    // A lower-case echo starting with 'a' is not the escape.
    std::vector<std::string> lower = decode_session("at+s\r\r\nOK\r\n", 1);
    REQUIRE(lower.size() == 2);
    CHECK(lower[0] == "{\"event\":\"echo\",\"text\":\"at+s\"}");
    // A row after a final result is outside any block.
    std::vector<std::string> stray = decode_session("\r\nOK\r\n1,1,/t,0\r\n", 0);
    REQUIRE(stray.size() == 2);
    CHECK(stray[1] == "{\"event\":\"error\",\"error\":\"at_unknown_response\",\"offset\":0}");
    // An out-of-range value in a response.
    std::vector<std::string> bad = decode_session("\r\n+MQTTMOD:3\r\n\r\nOK\r\n", 0);
    REQUIRE(bad.size() == 2);
    CHECK(bad[0] == "{\"event\":\"error\",\"error\":\"out_of_range\",\"offset\":9}");
    // A '>' (no USR command prompts) is reported, and what follows it is at a line start either way
    // the input is chunked (found by fuzz_at_usr).
    const std::vector<std::string> prompt = {"{\"event\":\"error\",\"error\":\"at_unexpected_response\",\"offset\":0}",
                                             "{\"event\":\"final\",\"result\":\"+ok\"}"};
    CHECK(decode_session(">+ok", 0) == prompt);
    CHECK(decode_session(">+ok", 1) == prompt);
    // A held prefix of `a+ok` that turns out to be a line goes on whole, fed at once or byte by byte.
    for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{64}}) {
        const std::string wire = "a+x\r\na+oX\r\n";
        std::vector<std::string> texts;
        usr::session_decoder<64> dec;
        for (std::size_t at_ = 0; at_ < wire.size(); at_ += step) {
            REQUIRE(dec.feed(atmqtt::bytes(wire).substr(at_, step)).ok());
            while (auto e = dec.next()) texts.push_back(std::string(e.text));
        }
        CHECK(texts == std::vector<std::string>{"a+x", "a+oX"});
    }
    // "+o" then something else: the bytes are an ordinary line.
    std::vector<std::string> plus = decode_session("+oops\r\n", 1);
    REQUIRE(plus.size() == 1);
    CHECK(plus[0] == "{\"event\":\"error\",\"error\":\"at_unknown_response\",\"offset\":0}");  // no such line
}

// The decoder splits lines itself (no at::tokenizer): CR, LF and CR LF end a line, empty and space-only
// lines are dropped, a tab is text; the same events whole and byte by byte.
TEST_CASE("usr: session decoder line ends and blank lines") {
    for (std::size_t step : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
        std::vector<std::string> got = decode_session("\r\n   \r\n\t\nAT+S\rOK\n\n", step);
        REQUIRE(got.size() == 3);
        CHECK(got[0] == "{\"event\":\"error\",\"error\":\"at_unknown_response\",\"offset\":0}");
        CHECK(got[1] == "{\"event\":\"echo\",\"text\":\"AT+S\"}");
        CHECK(got[2] == "{\"event\":\"final\",\"result\":\"OK\"}");
    }
    // A chunk fed before the last one was read to the end is refused.
    usr::session_decoder<64> dec;
    REQUIRE(dec.feed("OK\r\n").ok());
    CHECK(dec.feed("OK\r\n").error() == errc::at_busy);
    CHECK(dec.next().result == at::final_kind::ok);
    CHECK(!dec.next());
    CHECK(dec.feed("ERROR\r\n").ok());
    CHECK(dec.next().result == at::final_kind::error);
}

// The manual's defaults ("默认") are in the table, words and texts included (docs/dialects/usr.md shows them).
namespace usr_defaults {
namespace gp = atmqtt::usr::detail;
namespace at = atmqtt::at;
static_assert(at::default_word(gp::wkmod_params[0]) == "NET");
static_assert(at::default_word(gp::sslen_params[0]) == "OFF");
static_assert(at::default_word(gp::mqttsta_fields[0]) == "DISCONNECTION");
static_assert(gp::mqttcfg_params[0].def == 60 && gp::mqttcfg_params[1].def == 0);
static_assert(gp::mqttwill_params[0].def == 0 && gp::mqttwill_params[1].has_text_default() && gp::mqttwill_params[1].words == "/will");
static_assert(gp::mqttwill_params[4].has_text_default() && gp::mqttwill_params[4].words == "offline");
static_assert(gp::mqttmod_params[0].def == 0 && gp::mqttver_params[0].def == 3);
static_assert(gp::mqttsvr_params[0].has_text_default() && gp::mqttsvr_params[0].words == "mqtt.usr.cn" && gp::mqttsvr_params[1].def == 1883);
static_assert(gp::mqttuser_params[0].has_text_default() && gp::mqttuser_params[0].words == "usr.cn");
static_assert(gp::mqttpsw_params[0].has_text_default() && gp::mqttpsw_params[0].words == "usr.cn");
static_assert(gp::aliregion_params[0].has_text_default() && gp::aliregion_params[0].words.empty());
static_assert(gp::alidevid_params[0].has_text_default() && gp::alidevid_params[0].words.empty());
static_assert(!gp::mqttcid_params[0].has_default());  // the device SN: no fixed value
}  // namespace usr_defaults

// ---- every command form, both query spellings -----------------------------------------------------


TEST_CASE("usr: every command's test, query and set, byte for byte") {
    std::size_t queries = 0;
    for (const at::command& c : usr::grammar.commands) {
        std::string name = "AT+" + std::string(c.name.data(), c.name.size());
        INFO(name);
        if (!c.selector.empty()) continue;  // WKMOD's MQTT sub-command: set only, covered by the set vectors
        if (c.has(at::form::test)) CHECK(with_form(usr::test(c)) == name + "=?\r");
        if (c.has(at::form::read)) {
            ++queries;
            CHECK(with_form(usr::read(c)) == name + "?\r");
        } else {
            CHECK(with_form(usr::read(c)) == "error");
        }
    }
    CHECK(queries == 20);  // every command but SSLCRT, the MQTT sub-command and AT+S
}

TEST_CASE("usr: both query spellings decode to the same answer, also byte by byte") {
    for (std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
        std::vector<std::string> q = decode_session("AT+MQTTVER?\r\r\n+MQTTVER:4\r\n\r\nOK\r\n", step);
        std::vector<std::string> plain = decode_session("AT+MQTTVER\r\r\n+MQTTVER:4\r\n\r\nOK\r\n", step);
        REQUIRE(q.size() == 3);
        REQUIRE(plain.size() == 3);
        CHECK(q[0] == "{\"event\":\"echo\",\"text\":\"AT+MQTTVER?\"}");
        CHECK(plain[0] == "{\"event\":\"echo\",\"text\":\"AT+MQTTVER\"}");
        CHECK(q[1] == plain[1]);
        CHECK(q[1] == "{\"event\":\"response\",\"name\":\"MQTTVER\",\"fields\":{\"ver\":4}}");
        CHECK(q[2] == "{\"event\":\"final\",\"result\":\"OK\"}");
    }
}

TEST_CASE("usr: a header line carrying the first row still opens the row block (dialects.md 1.b.3)") {
    usr::session_event first = last_event("+MQTTPUBTP:1,1,/PubTopic1,0,0,0\r\n");
    CHECK(first.kind == usr::session_kind::response);  // not a bare header
    CHECK(!first.in_block);
    CHECK(usr::decode_as<usr::cfg_publish_topic>(first)->topic == "/PubTopic1");
    CHECK(last_event("+MQTTPUBTP:1,1,/PubTopic1,0,0,0\r\n2,0,/t,0,0\r\n").in_block);  // the block is open
    CHECK(last_event("+MQTTCFG:60,0\r\n2,0,/t,0,0\r\n").error == errc::at_unknown_response);  // no block
    CHECK(last_event("+MQTTPUBTP:<1~10>\r\n2,0,/t,0,0\r\n").error == errc::at_unknown_response);  // a test answer has no rows
    for (std::size_t step : {std::size_t{1}, std::size_t{5}, std::size_t{128}}) {
        std::vector<std::string> got =
            decode_session("AT+MQTTSUBTP?\r\r\n+MQTTSUBTP:1,1,/SubTopic1,0\r\n2,0,/SubTopic2,1\r\n\r\nOK\r\n", step);
        REQUIRE(got.size() == 4);
        CHECK(got[1] == "{\"event\":\"response\",\"name\":\"MQTTSUBTP\",\"fields\":{\"subnum\":1,\"suben\":1,"
                        "\"topic\":\"/SubTopic1\",\"qos\":0}}");
        CHECK(got[2] == "{\"event\":\"response\",\"name\":\"MQTTSUBTP\",\"fields\":{\"subnum\":2,\"suben\":0,"
                        "\"topic\":\"/SubTopic2\",\"qos\":1}}");
        CHECK(got[3] == "{\"event\":\"final\",\"result\":\"OK\"}");
    }
}

namespace {

// After escape_sent(): each burst split at every offset into two chunks; end_of_burst() after each burst.
// The data of one burst (reported in pieces, one per chunk) is joined into one event.
std::vector<std::string> decode_after_escape(const std::vector<std::string>& bursts, std::size_t split) {
    std::vector<std::string> out;
    usr::session_decoder<512> dec;
    dec.escape_sent();
    const std::string head = "{\"event\":\"data\",\"text\":\"";
    for (const std::string& b : bursts) {
        std::size_t first = out.size();
        auto take = [&](const usr::session_event& e) {
            std::string r = render(e);
            bool data = e.kind == usr::session_kind::data;
            if (data && out.size() > first && out.back().compare(0, head.size(), head) == 0)
                out.back().insert(out.back().size() - 2, r.substr(head.size(), r.size() - head.size() - 2));
            else
                out.push_back(r);
        };
        std::size_t cut = split < b.size() ? split : b.size();
        for (bytes piece : {bytes(b.data(), cut), bytes(b.data() + cut, b.size() - cut)}) {
            if (!dec.feed(piece).ok()) out.push_back("feed refused");
            while (auto e = dec.next()) take(e);
        }
        dec.end_of_burst();
        while (auto e = dec.next()) take(e);
    }
    return out;
}

}  // namespace

// Issue 17: after +++ the module may still send data-mode frames; an 'a' in them is data, and the
// module's own 'a' is a burst of its own. "1,LATEa+ok" used to become one unknown line, losing "+ok".
TEST_CASE("usr: session decoder keeps data before the escape answer as data") {
    const std::vector<std::string> prompt_ok = {"{\"event\":\"prompt\"}", "{\"event\":\"final\",\"result\":\"+ok\"}"};
    for (std::size_t split = 0; split <= 12; ++split) {
        // the data frame, then the module's 'a', then (after our 'a') "+ok"
        std::vector<std::string> late = (decode_after_escape({"1,LATE", "a", "+ok"}, split));
        REQUIRE(late.size() == 3);
        CHECK(late[0] == "{\"event\":\"data\",\"text\":\"1,LATE\"}");
        CHECK(std::vector<std::string>(late.begin() + 1, late.end()) == prompt_ok);
        // a frame with 'a' bytes, one starting with 'a', then the module's 'a' and "+ok"
        std::vector<std::string> as = (decode_after_escape({"1,data from broker", "ab,a", "a", "+ok"}, split));
        REQUIRE(as.size() == 4);
        CHECK(as[0] == "{\"event\":\"data\",\"text\":\"1,data from broker\"}");
        CHECK(as[1] == "{\"event\":\"data\",\"text\":\"ab,a\"}");
        CHECK(std::vector<std::string>(as.begin() + 2, as.end()) == prompt_ok);
        // 'a' and "+ok" in one burst is data (usr::escape_sequence's rule): the module sends "+ok" only
        // after the host's 'a' (manual §3), so the two never share a burst on the wire
        CHECK(decode_after_escape({"a+ok", "a"}, split) ==
              std::vector<std::string>{"{\"event\":\"data\",\"text\":\"a+ok\"}", "{\"event\":\"prompt\"}"});
        // after the answer the session is ordinary AT again
        std::vector<std::string> then = decode_after_escape({"a", "+ok", "AT+S\r\r\nOK\r\n"}, split);
        REQUIRE(then.size() == 4);
        CHECK(std::vector<std::string>(then.begin(), then.begin() + 2) == prompt_ok);
        CHECK(then[2] == "{\"event\":\"echo\",\"text\":\"AT+S\"}");
        CHECK(then[3] == "{\"event\":\"final\",\"result\":\"OK\"}");
    }
    // A whole burst "1,LATEa+ok" (the caller saw no burst end inside it) is data: the decoder does not
    // guess where a frame ends.
    CHECK(decode_after_escape({"1,LATEa+ok"}, 99) ==
          std::vector<std::string>{"{\"event\":\"data\",\"text\":\"1,LATEa+ok\"}"});
    // Without escape_sent() nothing is data, and end_of_burst() changes nothing.
    usr::session_decoder<64> dec;
    dec.end_of_burst();
    REQUIRE(dec.feed("a+ok").ok());
    CHECK(render(dec.next()) == "{\"event\":\"prompt\"}");
    CHECK(render(dec.next()) == "{\"event\":\"final\",\"result\":\"+ok\"}");
}

TEST_CASE("usr: a struct reused for answer after answer keeps nothing of the previous one") {
    auto svr = usr::decode_as<usr::cfg_server>(last_event("+MQTTSVR:test.usr.cn,2317\r\n"));
    REQUIRE(svr.ok());
    CHECK(svr->port == 2317);
    svr = usr::decode_as<usr::cfg_server>(last_event("+MQTTSVR:mqtt.usr.cn\r\n"));
    REQUIRE(svr.ok());
    CHECK(svr->host == bytes("mqtt.usr.cn"));
    CHECK_FALSE(svr->port.has_value());
}
