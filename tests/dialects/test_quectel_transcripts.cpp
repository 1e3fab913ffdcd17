// Quectel dialect, inbound: both worked examples of the manual (§5.1, §5.2), whole, through the AT
// tokenizer with the dialect's payload rule and the typed decoders, rendered in the format of
// tests/dialects/transcripts/*.expected.jsonl and compared line for line; fed whole, one byte at a
// time, and split in two at every offset. Then field-exact typed checks of every URC and result, and
// malformed lines with their exact errc.
#include "../catch.hpp"

#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/quectel.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
using atmqtt::bytes;
using atmqtt::errc;

// The vectors, embedded byte for byte (regenerate from the files when they change).
// tests/dialects/transcripts/quectel_5_1_mqtt_without_ssl.log
constexpr std::string_view t_5_1_mqtt_without_ssl_log =
    "AT+QMTCFG=\"recv/mode\",0,0,1\r\r\n"
    "OK\r\n"
    "AT+QMTCFG=\"aliauth\",0,\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"\r\r\n"
    "OK\r\n"
    "AT+QMTOPEN=?\r\r\n"
    "+QMTOPEN: (0-5),\"hostname\",(1-65535)\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTOPEN: 0,0\r\n"
    "AT+QMTOPEN=?\r\r\n"
    "+QMTOPEN: 0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QMTCONN=?\r\r\n"
    "+QMTCONN: (0-5),\"clientid\",\"username\",\"password\"\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QMTCONN=0,\"clientExample\"\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTCONN: 0,0,0\r\n"
    "AT+QMTSUB=?\r\r\n"
    "+QMTSUB: (0-5),<msgid>,list of [\"topic\",qos]\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QMTSUB=0,1,\"topic/example\",2\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTSUB: 0,1,0,2\r\n"
    "AT+QMTSUB=0,1,\"topic/pub\",0\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTSUB: 0,1,0,0\r\n"
    "\r\n"
    "+QMTRECV: 0,0,\"topic/example\",36,\"This is the payload related to topic\"\r\n"
    "AT+QMTUNS=0,2,\"topic/example\"\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTUNS: 0,2,0\r\n"
    "AT+QMTPUBEX=?\r\r\n"
    "+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\"\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r\r\n"
    ">This is test data, hello MQTT.\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTPUBEX: 0,0,0\r\n"
    "\r\n"
    "+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.\r\n"
    "AT+QMTDISC=0\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTDISC: 0,0\r\n";

// tests/dialects/transcripts/quectel_5_1_mqtt_without_ssl.expected.jsonl
constexpr std::string_view t_5_1_mqtt_without_ssl_expected =
    "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"recv/mode\\\",0,0,1\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"aliauth\\\",0,\\\"oyjtmPI5a5j\\\",\\\"MQTT_TEST\\\",\\\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTOPEN=?\"}\n"
    "{\"event\":\"response\",\"name\":\"QMTOPEN\",\"fields\":{\"client_idx\":\"(0-5)\",\"host_name\":\"hostname\",\"port\":\"(1-65535)\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTOPEN=0,\\\"iot-as-mqtt.cn-shanghai.aliyuncs.com\\\",1883\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTOPEN\",\"fields\":{\"client_idx\":0,\"result\":0}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTOPEN=?\"}\n"
    "{\"event\":\"response\",\"name\":\"QMTOPEN\",\"fields\":{\"client_idx\":0,\"host_name\":\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",\"port\":1883}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTCONN=?\"}\n"
    "{\"event\":\"response\",\"name\":\"QMTCONN\",\"fields\":{\"client_idx\":\"(0-5)\",\"clientid\":\"clientid\",\"username\":\"username\",\"password\":\"password\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTCONN=0,\\\"clientExample\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTCONN\",\"fields\":{\"client_idx\":0,\"result\":0,\"ret_code\":0}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTSUB=?\"}\n"
    "{\"event\":\"response\",\"name\":\"QMTSUB\",\"fields\":{\"client_idx\":\"(0-5)\",\"msgid\":\"<msgid>\",\"list_of_topic_qos\":\"list of [\\\"topic\\\",qos]\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTSUB=0,1,\\\"topic/example\\\",2\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTSUB\",\"fields\":{\"client_idx\":0,\"msgid\":1,\"result\":0,\"granted_qos\":[2]}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTSUB=0,1,\\\"topic/pub\\\",0\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTSUB\",\"fields\":{\"client_idx\":0,\"msgid\":1,\"result\":0,\"granted_qos\":[0]}}\n"
    "{\"event\":\"urc\",\"name\":\"QMTRECV\",\"fields\":{\"client_idx\":0,\"msgid\":0,\"topic\":\"topic/example\",\"payload_len\":36,\"payload\":\"This is the payload related to topic\"}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTUNS=0,2,\\\"topic/example\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTUNS\",\"fields\":{\"client_idx\":0,\"msgid\":2,\"result\":0}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTPUBEX=?\"}\n"
    "{\"event\":\"response\",\"name\":\"QMTPUBEX\",\"fields\":{\"client_idx\":\"(0-5)\",\"msgid\":\"<msgid>\",\"qos\":\"(0-2)\",\"retain\":\"(0,1)\",\"topic\":\"topic\",\"length\":\"length\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTPUBEX=0,0,0,0,\\\"topic/pub\\\",30\"}\n"
    "{\"event\":\"prompt\"}\n"
    "{\"event\":\"data\",\"text\":\"This is test data, hello MQTT.\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTPUBEX\",\"fields\":{\"client_idx\":0,\"msgid\":0,\"result\":0}}\n"
    "{\"event\":\"urc\",\"name\":\"QMTRECV\",\"fields\":{\"client_idx\":0,\"msgid\":0,\"topic\":\"topic/pub\",\"payload_len\":30,\"payload\":\"This is test data, hello MQTT.\"}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTDISC=0\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTDISC\",\"fields\":{\"client_idx\":0,\"result\":0}}\n";

// tests/dialects/transcripts/quectel_5_2_mqtt_with_ssl.log
constexpr std::string_view t_5_2_mqtt_with_ssl_log =
    "AT+QMTCFG=\"recv/mode\",0,0,1\r\r\n"
    "OK\r\n"
    "AT+QMTCFG=\"SSL\",0,1,2\r\r\n"
    "OK\r\n"
    "AT+QFUPL=\"UFS:cacert.pem\",1758,100\r\r\n"
    "CONNECT\r\n"
    "\r\n"
    "+QFUPL: 1758,384a\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QFUPL=\"UFS:client.pem\",1220,100\r\r\n"
    "CONNECT\r\n"
    "\r\n"
    "+QFUPL: 1220,2d53\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QFUPL=\"UFS:user_key.pem\",1679,100\r\r\n"
    "CONNECT\r\n"
    "\r\n"
    "+QFUPL: 1679,335f\r\n"
    "\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"cacert\",2,\"UFS:cacert.pem\"\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"clientcert\",2,\"UFS:client.pem\"\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"clientkey\",2,\"UFS:user_key.pem\"\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"secllevel\",2,2\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"sslversion\",2,4\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"ciphersuite\",2,0xFFFF\r\r\n"
    "OK\r\n"
    "AT+QSSLCFG=\"ignorelocaltime\",2,1\r\r\n"
    "OK\r\n"
    "AT+QMTOPEN=0,\"a1zgnxur10j8ux.iot.us-east-1.amazonaws.com\",8883\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTOPEN: 0,0\r\n"
    "AT+QMTCONN=0,\"M26_0206\"\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTCONN: 0,0,0\r\n"
    "AT+QMTSUB=0,1,\"$aws/things/M26_0206/shadow/update/accepted\",1\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTSUB: 0,1,0,1\r\n"
    "AT+QMTPUBEX=0,1,1,0,\"$aws/things/M26_0206/shadow/update/accepted\",32\r\r\n"
    ">This is publish data from client\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTPUBEX: 0,1,0\r\n"
    "\r\n"
    "+QMTRECV: 0,1,\"$aws/things/M26_0206/shadow/update/accepted\",32,\"This is publish data from client\"\r\n"
    "AT+QMTDISC=0\r\r\n"
    "OK\r\n"
    "\r\n"
    "+QMTDISC: 0,0\r\n";

// tests/dialects/transcripts/quectel_5_2_mqtt_with_ssl.expected.jsonl
constexpr std::string_view t_5_2_mqtt_with_ssl_expected =
    "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"recv/mode\\\",0,0,1\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"SSL\\\",0,1,2\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QFUPL=\\\"UFS:cacert.pem\\\",1758,100\"}\n"
    "{\"event\":\"prompt\",\"text\":\"CONNECT\"}\n"
    "{\"event\":\"response\",\"name\":\"QFUPL\",\"fields\":{\"upload_size\":1758,\"checksum\":\"384a\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QFUPL=\\\"UFS:client.pem\\\",1220,100\"}\n"
    "{\"event\":\"prompt\",\"text\":\"CONNECT\"}\n"
    "{\"event\":\"response\",\"name\":\"QFUPL\",\"fields\":{\"upload_size\":1220,\"checksum\":\"2d53\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QFUPL=\\\"UFS:user_key.pem\\\",1679,100\"}\n"
    "{\"event\":\"prompt\",\"text\":\"CONNECT\"}\n"
    "{\"event\":\"response\",\"name\":\"QFUPL\",\"fields\":{\"upload_size\":1679,\"checksum\":\"335f\"}}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"cacert\\\",2,\\\"UFS:cacert.pem\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"clientcert\\\",2,\\\"UFS:client.pem\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"clientkey\\\",2,\\\"UFS:user_key.pem\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"secllevel\\\",2,2\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"sslversion\\\",2,4\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"ciphersuite\\\",2,0xFFFF\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QSSLCFG=\\\"ignorelocaltime\\\",2,1\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTOPEN=0,\\\"a1zgnxur10j8ux.iot.us-east-1.amazonaws.com\\\",8883\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTOPEN\",\"fields\":{\"client_idx\":0,\"result\":0}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTCONN=0,\\\"M26_0206\\\"\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTCONN\",\"fields\":{\"client_idx\":0,\"result\":0,\"ret_code\":0}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTSUB=0,1,\\\"$aws/things/M26_0206/shadow/update/accepted\\\",1\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTSUB\",\"fields\":{\"client_idx\":0,\"msgid\":1,\"result\":0,\"granted_qos\":[1]}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTPUBEX=0,1,1,0,\\\"$aws/things/M26_0206/shadow/update/accepted\\\",32\"}\n"
    "{\"event\":\"prompt\"}\n"
    "{\"event\":\"data\",\"text\":\"This is publish data from client\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTPUBEX\",\"fields\":{\"client_idx\":0,\"msgid\":1,\"result\":0}}\n"
    "{\"event\":\"urc\",\"name\":\"QMTRECV\",\"fields\":{\"client_idx\":0,\"msgid\":1,\"topic\":\"$aws/things/M26_0206/shadow/update/accepted\",\"payload_len\":32,\"payload\":\"This is publish data from client\"}}\n"
    "{\"event\":\"echo\",\"text\":\"AT+QMTDISC=0\"}\n"
    "{\"event\":\"final\",\"result\":\"OK\"}\n"
    "{\"event\":\"urc\",\"name\":\"QMTDISC\",\"fields\":{\"client_idx\":0,\"result\":0}}\n";

std::string json_string(bytes s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Splits a test response's parameters at commas outside quotes, (...) and [...].
std::vector<std::string> test_elements(bytes params) {
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    bool quoted = false;
    for (char c : params) {
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == '(' || c == '[')) ++depth;
        if (!quoted && (c == ')' || c == ']')) --depth;
        if (c == ',' && !quoted && depth == 0) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    for (std::string& e : out) {
        if (e.size() >= 2 && e.front() == '"' && e.back() == '"' && e.find('"', 1) == e.size() - 1) e = e.substr(1, e.size() - 2);
    }
    return out;
}

// What the test knows about the command being answered.
struct pending {
    bool active = false;
    std::string name;  // "QMTOPEN"
    at::form which = at::form::execute;
    std::size_t data_length = 0;  // for a '>' prompt: the last parameter
};

pending parse_echo(bytes line) {
    pending p;
    p.active = true;
    std::string s(line);
    std::size_t end = s.find_first_of("=?", 3);
    p.name = s.substr(3, end == std::string::npos ? std::string::npos : end - 3);
    if (s.size() >= 2 && s.compare(s.size() - 2, 2, "=?") == 0) p.which = at::form::test;
    else if (!s.empty() && s.back() == '?') p.which = at::form::read;
    else if (end != std::string::npos) p.which = at::form::set;
    std::size_t comma = s.rfind(',');
    if (comma != std::string::npos) {
        std::size_t v = 0;
        bool digits = comma + 1 < s.size();
        for (std::size_t i = comma + 1; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') digits = false;
            else v = v * 10 + static_cast<std::size_t>(s[i] - '0');
        }
        if (digits) p.data_length = v;
    }
    return p;
}

// Renders a decoded table line the way the expected files spell it.
std::string render_fields(bytes line, const at::event& ev, const pending& cmd, std::string& name) {
    const at::form sent = cmd.active && cmd.which == at::form::read ? at::form::read : at::form::execute;
    auto row = q::classify(atmqtt::at::line_event(line), sent);
    if (!row) return {};
    const at::line& spec = q::lines[*row];
    name = std::string(spec.prefix.substr(1));
    if (!spec.selector.empty()) name += "/" + std::string(spec.selector);
    std::string out = "{";
    auto key = [&](bytes k) { out += (out.size() > 1 ? ",\"" : "\"") + std::string(k) + "\":"; };
    if (*row == q::line_received_message) {
        auto m = at::decode_as<q::received_message>(ev);
        if (!m) return {};
        key("client_idx"); out += std::to_string(m->client_idx);
        key("msgid"); out += std::to_string(m->packet_id);
        key("topic"); out += json_string(m->topic);
        if (m->payload_len) { key("payload_len"); out += std::to_string(*m->payload_len); }
        key("payload"); out += json_string(m->payload);
        return out + "}";
    }
    if (*row == q::line_subscribe_result || *row == q::line_unsubscribe_result) {
        q::subscribe_result sub{};
        if (!at::decode_into(q::lines[*row], at::event{at::event_kind::line, line}, sub)) return {};
        const q::subscribe_result* s = &sub;
        key("client_idx"); out += std::to_string(s->client_idx);
        key("msgid"); out += std::to_string(s->packet_id);
        key("result"); out += std::to_string(static_cast<int>(s->result));
        if (s->granted_qos.count != 0) {
            key("granted_qos");
            out += "[";
            for (std::size_t i = 0; i < s->granted_qos.count; ++i) out += (i ? "," : "") + std::to_string(s->granted_qos[i]);
            out += "]";
        }
        if (s->retransmit_count) { key("retransmit_count"); out += std::to_string(*s->retransmit_count); }
        return out + "}";
    }
    if (*row == q::line_publish_result) {
        auto p = at::decode_as<q::publish_result>(at::line_event(line));
        if (!p) return {};
        key("client_idx"); out += std::to_string(p->client_idx);
        key("msgid"); out += std::to_string(p->packet_id);
        key("result"); out += std::to_string(static_cast<int>(p->result));
        if (p->retransmit_count) { key("retransmit_count"); out += std::to_string(*p->retransmit_count); }
        return out + "}";
    }
    // Everything else: the table's names and types, nothing row-specific.
    auto fields = at::decode_with<8>(spec, at::line_event(line), q::lexical, q::prefix_aliases);
    if (!fields) return {};
    for (const at::field_value& v : fields->fields()) {
        if (!v.present()) break;
        const at::field_spec& f = spec.fields[v.spec];
        key(f.name);
        out += f.type == at::field_type::integer ? std::to_string(v.number) : json_string(v.text);
    }
    return out + "}";
}

// A test (=?) answer: every element as text, keyed by the set form's parameter names; a repeated
// group is one element "list_of_<names>".
std::string render_test_answer(bytes line, const pending& cmd) {
    const at::command* c = at::find_command(q::grammar, cmd.name);
    auto p = at::split_prefix(line, q::grammar.lexical);
    if (c == nullptr || !p) return {};
    std::vector<std::string> keys;
    std::size_t fixed = c->params.size() - c->repeat;
    for (std::size_t i = 0; i < fixed; ++i) keys.emplace_back(c->params[i].name);
    if (c->repeat != 0) {
        std::string k = "list_of";
        for (std::size_t i = fixed; i < c->params.size(); ++i) k += "_" + std::string(c->params[i].name);
        keys.push_back(k);
    }
    std::vector<std::string> elements = test_elements(p->params);
    if (elements.size() != keys.size()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? ",\"" : "\"") + keys[i] + "\":" + json_string(elements[i]);
    return out + "}";
}

// Runs the transcript through a tokenizer in chunks of the given sizes and renders every event.
std::string run(std::string_view log, std::size_t first_chunk, std::size_t chunk) {
    at::tokenizer<256> tok(at::payload_rules_of<q::grammar>, q::grammar.lexical);
    pending cmd;
    std::string out, data;
    std::size_t pos = 0;
    while (pos < log.size()) {
        std::size_t n = pos == 0 ? first_chunk : chunk;
        if (n == 0 || n > log.size() - pos) n = log.size() - pos;
        REQUIRE(tok.feed(log.substr(pos, n)).ok());
        pos += n;
        while (at::event ev = tok.next()) {
            if (ev.is_prompt()) {
                out += "{\"event\":\"prompt\"}\n";
                REQUIRE(tok.expect_data(cmd.data_length).ok());
                continue;
            }
            if (ev.is_data()) {
                data += std::string(ev.text);
                if (ev.remaining == 0) {
                    out += "{\"event\":\"data\",\"text\":" + json_string(data) + "}\n";
                    data.clear();
                }
                continue;
            }
            REQUIRE(ev.is_line());
            bytes line = ev.text;
            if (line.size() >= 3 && (line.substr(0, 3) == "AT+" || line.substr(0, 3) == "at+")) {
                cmd = parse_echo(line);
                out += "{\"event\":\"echo\",\"text\":" + json_string(line) + "}\n";
                continue;
            }
            at::final_result fin = at::classify_final(line, q::grammar.lexical, q::grammar.finals);
            const at::command* sent = cmd.active ? at::find_command(q::grammar, cmd.name) : nullptr;
            if (fin.kind == at::final_kind::connect && sent != nullptr &&
                sent->is(at::command::connect_bit)) {
                out += "{\"event\":\"prompt\",\"text\":\"CONNECT\"}\n";  // QFUPL's data phase opens
                continue;
            }
            if (fin.is_final()) {
                out += "{\"event\":\"final\",\"result\":" + json_string(line) + "}\n";
                cmd.active = false;
                continue;
            }
            // A line that fits the table decodes by its shape, also after "=?" (the manual's §5.1 sends
            // AT+QMTOPEN=? where it means AT+QMTOPEN?); anything else after "=?" is a test answer.
            std::string name;
            std::string fields = render_fields(line, ev, cmd, name);
            if (fields.empty() && cmd.active && cmd.which == at::form::test) {
                fields = render_test_answer(line, cmd);
                name = cmd.name;
            }
            if (fields.empty()) {
                out += "{\"event\":\"unknown\",\"text\":" + json_string(line) + "}\n";
                continue;
            }
            bool response = cmd.active && ("+" + cmd.name) == std::string(line.substr(0, cmd.name.size() + 1));
            out += std::string("{\"event\":\"") + (response ? "response" : "urc") + "\",\"name\":" + json_string(name) +
                   ",\"fields\":" + fields + "}\n";
        }
    }
    REQUIRE(tok.idle());
    return out;
}

struct transcript {
    const char* name;
    std::string_view log;
    std::string_view expected;
};
const transcript transcripts[] = {
    {"5.1 without SSL", t_5_1_mqtt_without_ssl_log, t_5_1_mqtt_without_ssl_expected},
    {"5.2 with SSL", t_5_2_mqtt_with_ssl_log, t_5_2_mqtt_with_ssl_expected},
};

}  // namespace

TEST_CASE("quectel: the manual's examples decode to exactly the expected events, whole and byte by byte") {
    for (const transcript& t : transcripts) {
        INFO(t.name);
        CHECK(run(t.log, 0, 0) == t.expected);
        CHECK(run(t.log, 1, 1) == t.expected);
    }
}

TEST_CASE("quectel: the examples decode the same when split in two at every offset") {
    for (const transcript& t : transcripts) {
        INFO(t.name);
        for (std::size_t cut = 1; cut < t.log.size(); ++cut) {
            CAPTURE(cut);
            std::string got = run(t.log, cut, 0);
            if (got != t.expected) CHECK(got == t.expected);
        }
    }
}

// AT+QMTCFG="willex" (§3.3.1) prompts like AT+QMTPUBEX: '>' then exactly <will_len> bytes of will message,
// then OK. Not in the manual's examples: written from the syntax table. The will message is counted, not
// read as lines: the second one looks like the end of a line and an OK.
TEST_CASE("quectel: AT+QMTCFG=\"willex\" takes exactly <will_len> bytes after its prompt") {
    char sent[64] = {};
    auto n = q::encode(q::cfg_willex{0, 1, 1, 0, "topic", 5}, atmqtt::mutable_bytes(sent, sizeof sent));
    REQUIRE(n.ok());
    CHECK(std::string_view(sent, *n) == "AT+QMTCFG=\"willex\",0,1,1,0,\"topic\",5\r");
    CHECK(at::binding_of<q::cfg_willex>::row.is(at::command::prompt_bit));

    struct willex_transcript {
        const char* name;
        std::string_view log;
        std::string_view expected;
    };
    const willex_transcript cases[] = {
        {"will message with a comma and quotes",
         "AT+QMTCFG=\"willex\",0,1,1,0,\"topic\",5\r\r\n"
         ">x,\"y\"\r\n"
         "OK\r\n"
         "AT+QMTCFG=\"willex\",0\r\r\n"
         "+QMTCFG: \"willex\",1,1,0,\"topic\",5\r\n"
         "\r\n"
         "OK\r\n",
         "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"willex\\\",0,1,1,0,\\\"topic\\\",5\"}\n"
         "{\"event\":\"prompt\"}\n"
         "{\"event\":\"data\",\"text\":\"x,\\\"y\\\"\"}\n"
         "{\"event\":\"final\",\"result\":\"OK\"}\n"
         "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"willex\\\",0\"}\n"
         "{\"event\":\"response\",\"name\":\"QMTCFG/willex\",\"fields\":{\"will_fg\":1,\"will_qos\":1,\"will_retain\":0,"
         "\"willtopic\":\"topic\",\"will_len\":5}}\n"
         "{\"event\":\"final\",\"result\":\"OK\"}\n"},
        {"will message that looks like a line end and OK",
         "AT+QMTCFG=\"willex\",0,1,1,0,\"topic\",5\r\r\n"
         ">a\r\nOK\r\n"
         "OK\r\n",
         "{\"event\":\"echo\",\"text\":\"AT+QMTCFG=\\\"willex\\\",0,1,1,0,\\\"topic\\\",5\"}\n"
         "{\"event\":\"prompt\"}\n"
         "{\"event\":\"data\",\"text\":\"a\r\nOK\"}\n"
         "{\"event\":\"final\",\"result\":\"OK\"}\n"},
    };
    for (const willex_transcript& t : cases) {
        INFO(t.name);
        CHECK(run(t.log, 0, 0) == t.expected);
        CHECK(run(t.log, 1, 1) == t.expected);
        for (std::size_t cut = 1; cut < t.log.size(); ++cut) {
            CAPTURE(cut);
            std::string got = run(t.log, cut, 0);
            if (got != t.expected) CHECK(got == t.expected);
        }
    }
    // The query answer's fields, checked against the item's row.
    auto answer = at::decode<8>(q::grammar, at::line_event("+QMTCFG: \"willex\",1,1,0,\"topic\",5"));
    REQUIRE(answer.ok());
    CHECK(answer->desc == &q::lines[q::line_cfg_willex]);
    REQUIRE(answer->count == 5);
    CHECK(answer->values[0].number == 1);  // will_fg
    CHECK(answer->values[1].number == 1);  // will_qos
    CHECK(answer->values[2].number == 0);  // will_retain
    CHECK(answer->values[3].text == "topic");
    CHECK(answer->values[4].number == 5);  // will_len
}
