// OneMO commands: every command vector (tests/dialects/commands/onemo_*.jsonl) written byte-exact through
// the grammar, every form through the typed structs (some at compile time), and every refusal with its
// exact errc and argument index.
#include "../catch.hpp"
#include "vector_files.hpp"

#include "../at/decoded_command.hpp"
#include <atmqtt/at/writer.hpp>
#include <atmqtt/dialect/onemo.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;
using atmqtt::bytes;
using atmqtt::errc;

using vector_files::here;

namespace {

template <class C>
std::string encode(const C& c, const onemo::model_limits& m = onemo::models::any_model) {
    char buf[1200] = {};
    auto r = onemo::encode(c, atmqtt::mutable_bytes(buf, sizeof buf), m);
    if (!r) return std::string("error ") + std::string(atmqtt::to_string(r.error())) + " @" + std::to_string(r.offset());
    auto size = onemo::encoded_size(c, m);
    if (!size || *size != *r) return "size mismatch";
    return std::string(buf, *r);
}

template <class C>
constexpr bool encodes_to(const C& c, std::string_view want) {
    char buf[160] = {};
    auto r = onemo::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    return r.ok() && std::string_view(buf, *r) == want;
}

// ---- a minimal reader for the vector files' JSON (objects, arrays, strings, integers) ----

struct json {
    enum kind_t { null, number, string, array, object } kind = null;
    long long n = 0;
    std::string s;
    std::vector<json> items;
    std::vector<std::string> keys;  // object: keys[i] names items[i]

    const json* get(const std::string& k) const {
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] == k) return &items[i];
        return nullptr;
    }
};

struct json_reader {
    const std::string& t;
    std::size_t p = 0;
    void ws() {
        while (p < t.size() && (t[p] == ' ' || t[p] == '\n')) ++p;
    }
    std::string str() {
        std::string out;
        ++p;  // "
        while (t[p] != '"') {
            char c = t[p++];
            if (c == '\\') {
                char e = t[p++];
                c = e == 'r' ? '\r' : e == 'n' ? '\n' : e;
            }
            out += c;
        }
        ++p;
        return out;
    }
    json value() {
        ws();
        json v;
        if (t[p] == '"') {
            v.kind = json::string;
            v.s = str();
        } else if (t[p] == '[' || t[p] == '{') {
            bool obj = t[p] == '{';
            v.kind = obj ? json::object : json::array;
            ++p;
            ws();
            while (t[p] != (obj ? '}' : ']')) {
                if (obj) {
                    ws();
                    v.keys.push_back(str());
                    ws();
                    ++p;  // :
                }
                v.items.push_back(value());
                ws();
                if (t[p] == ',') ++p;
                ws();
            }
            ++p;
        } else {
            v.kind = json::number;
            std::size_t used = 0;
            v.n = std::stoll(t.substr(p), &used);
            p += used;
        }
        return v;
    }
};

std::vector<std::string> command_vector_names() {
    return {"onemo_3_1_mqttcfg", "onemo_3_2_mqttconn", "onemo_3_3_mqttsub", "onemo_3_4_mqttunsub",
            "onemo_3_5_mqttpub_qos0", "onemo_3_5_mqttpub_qos1", "onemo_3_5_mqttpub_qos2", "onemo_3_7_mqttstate",
            "onemo_3_8_mqttdisc", "onemo_4_1_1_plain_access", "onemo_4_1_2_cache_mode", "onemo_4_2_1_tls_access",
            "onemo_syntax"};
}

// One vector through the grammar alone: parameters by the grammar's names, in table order; arrays are
// the repeated group's columns.
std::string write_with(const json& v, const at::command* c);
std::string write_generic(const json& v) {
    std::string name = v.get("command")->s;
    std::string selector;
    if (name.find('/') != std::string::npos) {
        selector = name.substr(name.find('/') + 1);
        name = name.substr(0, name.find('/'));
    }
    // AT+MQTTSUB's list form is a second command of that name (cmd::mqttsub_list): the first that writes
    std::string out = "no command";
    for (const at::command& cmd : onemo::grammar.commands) {
        if (cmd.name != name || cmd.selector != selector) continue;
        out = write_with(v, &cmd);
        if (out.rfind("error ", 0) != 0) break;
    }
    return out;
}

std::string write_with(const json& v, const at::command* c) {
    std::string f = v.get("form")->s;
    at::form form = f == "test" ? at::form::test : f == "read" ? at::form::read : f == "set" ? at::form::set : at::form::execute;
    const json* params = v.get("params");
    std::vector<at::value> args;
    std::size_t fixed = c->params.size() - c->repeat;
    for (std::size_t i = 0; i < fixed; ++i) {
        const json* p = params->get(std::string(c->params[i].name));
        if (p == nullptr) args.push_back(at::value());
        else if (p->kind == json::number) args.push_back(at::value(p->n));
        else args.push_back(at::value(bytes(p->s)));
    }
    if (c->repeat != 0) {
        const json* col0 = params->get(std::string(c->params[fixed].name));
        for (std::size_t g = 0; col0 != nullptr && g < col0->items.size(); ++g) {
            for (std::size_t k = fixed; k < c->params.size(); ++k) {
                const json& item = params->get(std::string(c->params[k].name))->items[g];
                if (item.kind == json::number) args.push_back(at::value(item.n));
                else args.push_back(at::value(bytes(item.s)));
            }
        }
    }
    char buf[600];
    auto r = at::write_command(onemo::lexical, *c, form, atmqtt::span<const at::value>(args.data(), args.size()),
                               atmqtt::mutable_bytes(buf, sizeof buf));
    if (!r) return "error " + std::string(atmqtt::to_string(r.error()));
    return std::string(buf, *r);
}

}  // namespace

TEST_CASE("onemo: every command vector is written byte-exact through the grammar") {
    std::size_t count = 0;
    for (const std::string& file : command_vector_names()) {
        std::ifstream in(here() + "commands/" + file + ".jsonl");
        REQUIRE(in.good());
        std::string text;
        while (std::getline(in, text)) {
            if (text.empty()) continue;
            json_reader jr{text};
            json v = jr.value();
            INFO(file << ": " << text);
            CHECK(write_generic(v) == v.get("bytes")->s);
            ++count;
        }
    }
    CHECK(count >= 80);
}

TEST_CASE("onemo: AT+MQTTCFG items through the typed structs, query and set forms") {
    CHECK(encode(onemo::test(onemo::cmd::mqttcfg)) == "AT+MQTTCFG=?\r");
    CHECK(encode(onemo::cfg_version{0, {}}) == "AT+MQTTCFG=\"version\",0\r");
    CHECK(encode(onemo::cfg_version{0, 4}) == "AT+MQTTCFG=\"version\",0,4\r");
    CHECK(encode(onemo::cfg_cid{0, {}}) == "AT+MQTTCFG=\"cid\",0\r");
    CHECK(encode(onemo::cfg_cid{0, 1}) == "AT+MQTTCFG=\"cid\",0,1\r");
    CHECK(encode(onemo::cfg_ssl{0, {}, {}}) == "AT+MQTTCFG=\"ssl\",0\r");
    CHECK(encode(onemo::cfg_ssl{0, 1, {}}) == "AT+MQTTCFG=\"ssl\",0,1\r");
    CHECK(encode(onemo::cfg_ssl{0, 1, 0}) == "AT+MQTTCFG=\"ssl\",0,1,0\r");
    CHECK(encode(onemo::cfg_ssl{0, {}, 2}) == "AT+MQTTCFG=\"ssl\",0,0,2\r");  // default filled in, no empty field
    CHECK(encode(onemo::cfg_keepalive{0, {}}) == "AT+MQTTCFG=\"keepalive\",0\r");
    CHECK(encode(onemo::cfg_keepalive{0, 120}) == "AT+MQTTCFG=\"keepalive\",0,120\r");
    CHECK(encode(onemo::cfg_keepalive{0, 0}) == "AT+MQTTCFG=\"keepalive\",0,0\r");
    CHECK(encode(onemo::cfg_clean{0, 1}) == "AT+MQTTCFG=\"clean\",0,1\r");
    CHECK(encode(onemo::cfg_retrans{0, 20, {}}) == "AT+MQTTCFG=\"retrans\",0,20\r");
    CHECK(encode(onemo::cfg_retrans{0, 20, 3}) == "AT+MQTTCFG=\"retrans\",0,20,3\r");
    CHECK(encode(onemo::cfg_retrans{0, {}, 3}) == "AT+MQTTCFG=\"retrans\",0,20,3\r");
    CHECK(encode(onemo::cfg_willoption{0, 1, 1, 0}) == "AT+MQTTCFG=\"willoption\",0,1,1,0\r");
    CHECK(encode(onemo::cfg_willoption{0, {}, {}, 1}) == "AT+MQTTCFG=\"willoption\",0,0,0,1\r");
    CHECK(encode(onemo::cfg_willpayload{0, {}, {}, onemo::input_format::ascii}) == "AT+MQTTCFG=\"willpayload\",0\r");
    // a gap before a given value takes its default; one without a default (<will_topic>) cannot be filled
    CHECK(encode(onemo::cfg_willpayload{0, {}, "offline", onemo::input_format::ascii}) == "error at_missing_field @1");
    CHECK(encode(onemo::cfg_willpayload{0, bytes("will/topic"), "offline", onemo::input_format::ascii}) ==
          "AT+MQTTCFG=\"willpayload\",0,\"will/topic\",\"offline\"\r");
    CHECK(encode(onemo::cfg_willpayload{0, bytes("t"), "off", onemo::input_format::hex}) ==
          "AT+MQTTCFG=\"willpayload\",0,\"t\",\"6F6666\"\r");
    CHECK(encode(onemo::cfg_willpayload{0, bytes("t"), "a\"b\r\n", onemo::input_format::escaped}) ==
          "AT+MQTTCFG=\"willpayload\",0,\"t\",\"a\\x22b\\r\\n\"\r");
    CHECK(encode(onemo::cfg_pingreq{0, 120}) == "AT+MQTTCFG=\"pingreq\",0,120\r");
    CHECK(encode(onemo::cfg_pingresp{1, 1}) == "AT+MQTTCFG=\"pingresp\",1,1\r");
    CHECK(encode(onemo::cfg_encoding{0, {}, {}}) == "AT+MQTTCFG=\"encoding\",0\r");
    CHECK(encode(onemo::cfg_encoding{0, onemo::input_format::hex, {}}) == "AT+MQTTCFG=\"encoding\",0,1\r");
    CHECK(encode(onemo::cfg_encoding{0, onemo::input_format::escaped, onemo::output_format::hex}) ==
          "AT+MQTTCFG=\"encoding\",0,2,1\r");
    CHECK(encode(onemo::cfg_encoding{0, {}, onemo::output_format::hex}) == "AT+MQTTCFG=\"encoding\",0,0,1\r");
    CHECK(encode(onemo::cfg_cached{0, 1}) == "AT+MQTTCFG=\"cached\",0,1\r");
    CHECK(encode(onemo::cfg_reconn{0, 3, 20, 1}) == "AT+MQTTCFG=\"reconn\",0,3,20,1\r");
    CHECK(encode(onemo::cfg_reconn{0, {}, {}, 1}) == "AT+MQTTCFG=\"reconn\",0,3,20,1\r");
    CHECK(encode(onemo::cfg_query{0}) == "AT+MQTTCFG=\"query\",0\r");
}

TEST_CASE("onemo: connection, subscription, publish, read, state and disconnect commands") {
    CHECK(encode(onemo::test(onemo::cmd::mqttconn)) == "AT+MQTTCONN=?\r");
    CHECK(encode(onemo::connect{0, "mqtt.heclouds.com", {}, {}}) == "AT+MQTTCONN=0,\"mqtt.heclouds.com\"\r");
    CHECK(encode(onemo::connect{0, "mqtt.heclouds.com", 6002, {}}) ==
          "AT+MQTTCONN=0,\"mqtt.heclouds.com\",6002\r");
    CHECK(encode(onemo::connect{0, "mqtt.heclouds.com", 6002, onemo::login{"716335458", "425089", "SnMHaAOMCbQD90eADEGpMBPu8pI="}}) ==
          "AT+MQTTCONN=0,\"mqtt.heclouds.com\",6002,\"716335458\",\"425089\",\"SnMHaAOMCbQD90eADEGpMBPu8pI=\"\r");
    CHECK(encode(onemo::connect{0, "h", {}, onemo::login{"c", "u", "p"}}) == "AT+MQTTCONN=0,\"h\",1883,\"c\",\"u\",\"p\"\r");

    const onemo::topic_qos two[] = {{"world", 1}, {"hello", 2}};
    CHECK(encode(onemo::subscribe{0, two}) == "AT+MQTTSUB=0,\"world\",1,\"hello\",2\r");
    CHECK(encode(onemo::subscribe{0, atmqtt::span<const onemo::topic_qos>(two, 1)}) == "AT+MQTTSUB=0,\"world\",1\r");
    // without a topic it is the list form, its own command (cmd::mqttsub_list: another answer row)
    CHECK(encode(onemo::subscribe{0, {}}).rfind("error at_missing_field", 0) == 0);
    CHECK(encode(onemo::list_subscriptions{0}) == "AT+MQTTSUB=0\r");
    CHECK(test_decode::command<4>(onemo::grammar, bytes("AT+MQTTSUB=0\r"))->desc->answer == onemo::line_subscription_list);
    CHECK(test_decode::command<4>(onemo::grammar, bytes("AT+MQTTSUB=0,\"t\",1\r"))->desc->answer == onemo::line_subscribe_sent);
    const bytes topics[] = {"world", "hello"};
    CHECK(encode(onemo::unsubscribe{0, atmqtt::span<const bytes>(topics, 1)}) == "AT+MQTTUNSUB=0,\"world\"\r");
    CHECK(encode(onemo::unsubscribe{0, topics}) == "AT+MQTTUNSUB=0,\"world\",\"hello\"\r");

    CHECK(encode(onemo::publish{0, "world", 0, 0, 0, bytes("3242"), {}, {}}) == "AT+MQTTPUB=0,\"world\",0,0,0,4,\"3242\"\r");
    CHECK(encode(onemo::publish{0, "world", 2, 0, 0, bytes("3242"), 4, {}}) == "AT+MQTTPUB=0,\"world\",2,0,0,4,\"3242\"\r");
    CHECK(encode(onemo::publish{0, "world", 1, 0, 0, {}, 4, {}}) == "AT+MQTTPUB=0,\"world\",1,0,0,4\r");  // data mode
    CHECK(encode(onemo::publish{0, "world", 1, 0, 0, bytes("3242"), 0, {}}) == "AT+MQTTPUB=0,\"world\",1,0,0,0,\"3242\"\r");
    CHECK(encode(onemo::receive{0, {}}) == "AT+MQTTREAD=0\r");
    CHECK(encode(onemo::receive{0, 1}) == "AT+MQTTREAD=0,1\r");
    CHECK(encode(onemo::state{0}) == "AT+MQTTSTATE=0\r");
    CHECK(encode(onemo::disconnect{0}) == "AT+MQTTDISC=0\r");
}

TEST_CASE("onemo: msg_len is counted per input format") {
    using onemo::input_format;
    // hex: the bytes after conversion; the text is twice as long
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("\x01\x02\xff", 3), {}, input_format::hex}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,3,\"0102FF\"\r");
    // escaped: the escaped text as typed ("raw input length")
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("a\"b\n\\"), {}, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,10,\"a\\x22b\\n\\\\\"\r");
    CHECK(*onemo::message_length("a\"b\n\\", input_format::escaped) == 10);
    CHECK(*onemo::message_length("\x01\x02\xff", input_format::hex) == 3);
    CHECK(*onemo::message_length("hello world", input_format::ascii) == 11);
    // an explicit length that disagrees with the message
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("abc"), 4, {}}) == "error at_payload_mismatch @5");
    // ascii cannot carry '"', CR or LF
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("a\"b"), {}, input_format::ascii}) ==
          "error at_unescapable_character @6");
    // data mode needs the length
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, {}, {}, {}}) == "error at_missing_field @5");
}

TEST_CASE("onemo: refusals name the errc and the argument") {
    using namespace onemo::models;
    CHECK(encode(onemo::cfg_version{6, {}}) == "error out_of_range @0");
    CHECK(encode(onemo::cfg_version{-1, {}}) == "error out_of_range @0");
    CHECK(encode(onemo::cfg_version{0, 5}) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_keepalive{0, 59}) == "error out_of_range @1");  // 0 or 60~65535
    CHECK(encode(onemo::cfg_keepalive{0, 65536}) == "error out_of_range @1");
    // The rule runs after each parameter's own checks (a parameter's own error wins), even on a buffer too small.
    CHECK(encode(onemo::cfg_keepalive{6, 30}) == "error out_of_range @0");
    char tiny[8];
    CHECK(onemo::encode(onemo::cfg_keepalive{0, 30}, atmqtt::mutable_bytes(tiny, sizeof tiny)).offset() == 1);
    CHECK(onemo::encode(onemo::cfg_keepalive{0, 60}, atmqtt::mutable_bytes(tiny, sizeof tiny)).error() == errc::buffer_too_small);
    CHECK(encode(onemo::cfg_retrans{0, 19, {}}) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_retrans{0, 20, 4}) == "error out_of_range @2");
    CHECK(encode(onemo::cfg_pingreq{0, 59}) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_pingreq{0, 86401}) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_encoding{0, static_cast<onemo::input_format>(3), {}}) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_reconn{0, 4, {}, {}}) == "error out_of_range @1");
    CHECK(encode(onemo::connect{0, "", {}, {}}) == "error out_of_range @1");
    CHECK(encode(onemo::connect{0, std::string_view(std::string(129, 'h')), {}, {}}).rfind("error", 0) == 0);
    CHECK(encode(onemo::connect{0, "h", 65536, {}}) == "error out_of_range @2");
    CHECK(encode(onemo::connect{0, "a,b\"", {}, {}}) == "error at_unescapable_character @1");
    const onemo::topic_qos four[] = {{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}};
    CHECK(encode(onemo::subscribe{0, four}) == "error at_too_many_fields @7");
    const onemo::topic_qos bad_qos[] = {{"a", 3}};
    CHECK(encode(onemo::subscribe{0, bad_qos}) == "error out_of_range @2");
    const onemo::topic_qos empty_topic[] = {{"", 1}};
    CHECK(encode(onemo::subscribe{0, empty_topic}) == "error out_of_range @1");
    CHECK(encode(onemo::receive{0, 0}) == "error out_of_range @1");
    // A message format that is none of the three (a cast from a stored setting) is refused, not
    // written as if it were "escaped" (fuzz_at_encode finding).
    onemo::publish bad_format{};
    bad_format.topic = "t";
    bad_format.message = bytes("\x01");
    bad_format.format = static_cast<onemo::input_format>(3);
    CHECK(encode(bad_format).rfind("error at_invalid_enum", 0) == 0);
    onemo::cfg_willpayload bad_will{};
    bad_will.will_topic = bytes("w");
    bad_will.will_msg = bytes("\x01");
    bad_will.format = static_cast<onemo::input_format>(3);
    CHECK(encode(bad_will) == "error at_invalid_enum @2");
    // The message's text, not its bytes, against the row's length: 257 bytes are 514 hex digits (<will_msg> 512).
    const std::string will257(257, 'w');
    CHECK(encode(onemo::cfg_willpayload{0, bytes("w"), bytes(will257), onemo::input_format::hex}) == "error too_long @2");
    CHECK(encode(onemo::cfg_willpayload{0, bytes("w"), bytes(will257), onemo::input_format::ascii}).rfind("AT+", 0) == 0);
    char out[4] = {};
    CHECK(onemo::decode_message("ab", static_cast<onemo::input_format>(3), atmqtt::mutable_bytes(out, 4)).error() ==
          atmqtt::errc::at_invalid_enum);

    // Per-model limits: data, not ifs.
    CHECK(encode(onemo::state{3}, mn316a) == "error out_of_range @0");
    CHECK(encode(onemo::state{2}, mn316a) == "AT+MQTTSTATE=2\r");
    CHECK(encode(onemo::state{3}, mn319) == "error out_of_range @0");
    CHECK(encode(onemo::state{5}, ml307r) == "AT+MQTTSTATE=5\r");
    std::string t257(257, 't');
    const onemo::topic_qos long_topic[] = {{t257, 0}};
    CHECK(encode(onemo::subscribe{0, long_topic}, ml307r) == "error too_long @1");
    CHECK(encode(onemo::subscribe{0, long_topic}, mn316a).rfind("AT+MQTTSUB=0,\"ttt", 0) == 0);
    CHECK(encode(onemo::publish{0, t257, 0, 0, 0, bytes("x"), {}, {}}, ml307a) == "error too_long @1");
    std::string m1025(1025, 'm');
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes(m1025), {}, {}}, ml307r) == "error too_long @5");
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes(m1025), {}, {}}).size() == 1056);
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, {}, 4, {}}, mn316) == "error at_unsupported_form @6");
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, {}, 4, {}}, ml307r) == "AT+MQTTPUB=0,\"t\",0,0,0,4\r");  // data mode: Cat.1
    CHECK(encode(onemo::cfg_cid{0, 1}, mn316) == "error at_unknown_command @0");
    CHECK(encode(onemo::cfg_cid{0, 6}, ml307g) == "error out_of_range @1");
    CHECK(encode(onemo::cfg_cid{0, 5}, ml307g) == "AT+MQTTCFG=\"cid\",0,5\r");
    CHECK(encode(onemo::cfg_ssl{0, 1, {}}, mn319) == "error at_unknown_command @0");
    CHECK(encode(onemo::cfg_cached{0, 1}, mn318) == "error at_unknown_command @0");
    CHECK(encode(onemo::receive{0, 1}, mn326) == "error at_unknown_command @0");
    REQUIRE(onemo::find_model("ML307R") != nullptr);
    CHECK(onemo::find_model("ML307R")->max_message == 1024);
    CHECK(onemo::find_model("SIM7600") == nullptr);

    // The buffer: too small is buffer_too_small (what was written into it is no command).
    char small[10];
    auto r = onemo::encode(onemo::cfg_query{0}, atmqtt::mutable_bytes(small, sizeof small));
    CHECK(r.error() == errc::buffer_too_small);
    char exact[22];
    auto r2 = onemo::encode(onemo::cfg_query{0}, atmqtt::mutable_bytes(exact, sizeof exact));
    REQUIRE(r2.ok());
    CHECK(std::string_view(exact, *r2) == "AT+MQTTCFG=\"query\",0\r");
    char pub_small[30];
    auto r3 = onemo::encode(onemo::publish{0, "world", 0, 0, 0, bytes("3242"), {}, {}}, atmqtt::mutable_bytes(pub_small, sizeof pub_small));
    CHECK(r3.error() == errc::buffer_too_small);
    // Room for the command with an empty message ("...,4,\"\"\r", 32 bytes) but not for the message's 4.
    char pub_head[35];
    auto r4 = onemo::encode(onemo::publish{0, "world", 0, 0, 0, bytes("3242"), {}, {}}, atmqtt::mutable_bytes(pub_head, sizeof pub_head));
    CHECK(r4.error() == errc::buffer_too_small);
    CHECK(r4.offset() == 36);  // the bytes it needs
    CHECK(*onemo::encoded_size(onemo::publish{0, "world", 0, 0, 0, bytes("3242"), {}, {}}) == 36);
}

TEST_CASE("onemo: encoding is constexpr") {
    STATIC_REQUIRE(encodes_to(onemo::publish{0, "world", 1, 0, 0, bytes("3242"), {}, {}},
                              "AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"\r"));
    STATIC_REQUIRE(encodes_to(onemo::cfg_pingresp{1, 1}, "AT+MQTTCFG=\"pingresp\",1,1\r"));
    STATIC_REQUIRE(encodes_to(onemo::connect{0, "120.27.12.119", 8883, onemo::login{"716335459", "425089", "SnMHaAOMCbQD90eADEGpMBPu8pl="}},
                              "AT+MQTTCONN=0,\"120.27.12.119\",8883,\"716335459\",\"425089\",\"SnMHaAOMCbQD90eADEGpMBPu8pl=\"\r"));
    STATIC_REQUIRE(encodes_to(onemo::cfg_willpayload{0, bytes("w"), bytes("\x01"), onemo::input_format::hex},
                              "AT+MQTTCFG=\"willpayload\",0,\"w\",\"01\"\r"));
    STATIC_REQUIRE(*onemo::encoded_size(onemo::disconnect{0}) == 14);
    STATIC_REQUIRE(at::validate(onemo::grammar).ok());
}

TEST_CASE("onemo: escaped input (mode 2), the chosen rule and the manual's way around it") {
    using onemo::input_format;
    // The rule (docs/dialect-notes/onemo.md): '\\' -> "\\\\", CR -> "\\r", LF -> "\\n", '"' and the other
    // control bytes -> "\\xHH"; printable bytes stand for themselves; <msg_len> counts the typed text.
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("plain text"), {}, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,10,\"plain text\"\r");
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("\r\n\t\x7f", 4), {}, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,12,\"\\r\\n\\x09\\x7F\"\r");
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("{\"a\":1}"), {}, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,13,\"{\\x22a\\x22:1}\"\r");
    // Bytes >= 0x80 (UTF-8) are printable here: as they are.
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("\xe4\xb8\xad"), {}, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,3,\"\xe4\xb8\xad\"\r");
    // The other reading of "原始输入的数据长度" (the bytes before escaping) is refused when given explicitly ...
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("a\nb"), 3, input_format::escaped}) == "error at_payload_mismatch @5");
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("a\nb"), 4, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,4,\"a\\nb\"\r");
    // ... and <msg_len> 0 ("长度设置为0时,按照实际输入的数据发送") sidesteps the question either way.
    CHECK(encode(onemo::publish{0, "t", 0, 0, 0, bytes("a\nb"), 0, input_format::escaped}) ==
          "AT+MQTTPUB=0,\"t\",0,0,0,0,\"a\\nb\"\r");
    // The will message follows the same rule; it has no length field.
    CHECK(encode(onemo::cfg_willpayload{0, bytes("w"), "bye\n", input_format::escaped}) ==
          "AT+MQTTCFG=\"willpayload\",0,\"w\",\"bye\\n\"\r");
    // Reading back: the escapes written, and the two more a modem might echo (\" and \t).
    char out[16];
    auto r = onemo::decode_message("a\\x22b\\r\\n\\\\\\\"\\t", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out));
    REQUIRE(r.ok());
    CHECK(*r == "a\"b\r\n\\\"\t");
    CHECK(onemo::decode_message("\\", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_unexpected_character);
    CHECK(onemo::decode_message("ab\\xG1", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_invalid_hex);
    CHECK(onemo::decode_message("ab\\xG1", input_format::escaped, atmqtt::mutable_bytes(out, sizeof out)).offset() == 2);
    STATIC_REQUIRE(*onemo::message_length("a\"b", input_format::escaped) == 6);
}

TEST_CASE("onemo: what encode needs of a row beyond the packed row is settled from the table") {
    using onemo::model_limits;
    CHECK(onemo::detail::features(onemo::cmd::mqttpub) == 0);
    CHECK(at::packed_of<onemo::cmd::mqttpub, onemo::rules>.rule_count == 0);
    // The topics are the parameters as long as max_topic_length: <topic>, and every group's <topic>.
    const std::string t257(257, 't');
    const onemo::topic_qos second_long[] = {{"a", 0}, {t257, 0}};
    CHECK(encode(onemo::subscribe{0, second_long}, onemo::models::ml307r) == "error too_long @3");
    const bytes long_filter[] = {"a", t257};
    CHECK(encode(onemo::unsubscribe{0, long_filter}, onemo::models::ml307r) == "error too_long @2");
    CHECK(encode(onemo::connect{0, std::string_view(t257).substr(0, 128), {}, {}}, onemo::models::ml307r).rfind("AT+", 0) == 0);
    CHECK(onemo::detail::features(onemo::cmd::mqttsub) == 0);
    CHECK(onemo::detail::features(onemo::cmd::mqttread) == model_limits::cache_mode);
    CHECK(onemo::detail::features(onemo::cmd::cfg_cached) == model_limits::cache_mode);
    CHECK(onemo::detail::features(onemo::cmd::cfg_ssl) == model_limits::ssl);
    CHECK(onemo::detail::features(onemo::cmd::cfg_cid) == model_limits::cid);
    CHECK(at::packed_of<onemo::cmd::cfg_keepalive, onemo::rules>.rule_count == 1);  // the hole 1~59
}

TEST_CASE("onemo: the AT client's hex rows are table rows; only its syntax writes hex") {
    STATIC_REQUIRE(onemo::client_lexical.takes(at::field_type::hex));
    STATIC_REQUIRE(!onemo::lexical.takes(at::field_type::hex));  // the typed encoders link no hex writer
    STATIC_REQUIRE(onemo::cmd::mqttpub_hex.params.size() == onemo::cmd::mqttpub.params.size());
    STATIC_REQUIRE(onemo::cmd::mqttpub_hex.params[6].type == at::field_type::hex);
    STATIC_REQUIRE(onemo::cmd::cfg_willpayload_hex.selector == "willpayload");
    STATIC_REQUIRE(onemo::cmd::cfg_willpayload_hex.params[2].max == 256);
}
