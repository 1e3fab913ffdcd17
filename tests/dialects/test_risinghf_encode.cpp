// RisingHF encoding: every line of every tests/dialects/commands/risinghf_*.jsonl written byte-exact through
// the grammar; every form of risinghf_syntax.jsonl through the typed structs; the example
// commands of the walkthroughs, out-of-range and malformed values with their exact errc and offset,
// buffer limits, constexpr encodings.
#include "../catch.hpp"
#include "vector_files.hpp"

#include <atmqtt/dialect/risinghf.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace rhf = atmqtt::risinghf;
using atmqtt::bytes;
using atmqtt::errc;

// lexical writes no key word, word or hex (AT+IMQTTPARA / LWTBIN / PUBIN: their encoders widen it,
// at::fixed_syntax).
using kinds = atmqtt::at::field_type;
static_assert(!rhf::lexical.takes(kinds::literal) && !rhf::lexical.takes(kinds::word));
static_assert(!rhf::lexical.takes(kinds::hex));
static_assert(rhf::full_lexical.takes(kinds::hex) && rhf::lexical.takes(kinds::string));

using vector_files::here;

namespace {

template <class C>
std::string enc(const C& c) {
    char buf[512];
    auto r = rhf::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    if (!r) return "error " + std::string(atmqtt::to_string(r.error())) + "@" + std::to_string(r.offset());
    auto size = rhf::encoded_size(c);
    if (!size || *size != *r) return "size mismatch";
    return std::string(buf, *r);
}

// The "bytes" members of a command vector file (\r and \" unescaped).
std::vector<std::string> vector_bytes(const std::string& file) {
    std::ifstream in(here() + "commands/" + file);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        std::size_t at = line.find("\"bytes\":\"");
        if (at == std::string::npos) continue;
        std::string b;
        for (std::size_t i = at + 9; i < line.size() && line[i] != '"'; ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                ++i;
                b += line[i] == 'r' ? '\r' : line[i] == 'n' ? '\n' : line[i];
            } else {
                b += line[i];
            }
        }
        out.push_back(b);
    }
    return out;
}

const bytes will_message_octets("will_message");
const bytes test_message_octets("test message!!");

// Every form of every command, with the values of risinghf_syntax.jsonl.
std::vector<std::string> every_form() {
    using namespace rhf;
    const char* topic = "/a1R3d3WsBI0/test1/user/test";
    std::vector<std::string> v;
    v.push_back(enc(test(cmd::imqttmode)));
    v.push_back(enc(read(cmd::imqttmode)));
    v.push_back(enc(cfg_mode{2, 0, {}}));
    v.push_back(enc(cfg_mode{2, 0, 1}));
    v.push_back(enc(test(cmd::imqttpara)));
    v.push_back(enc(read(cmd::imqttpara)));
    v.push_back(enc(cfg_para{1, 0, 60, "3.1.1"}));
    v.push_back(enc(cfg_para{3, 1, 180, "3.1"}));
    v.push_back(enc(test(cmd::imqttuser)));
    v.push_back(enc(read(cmd::imqttuser)));
    v.push_back(enc(cfg_user{"name001", "pwd001"}));
    v.push_back(enc(cfg_user{"", ""}));
    v.push_back(enc(test(cmd::imqttaddr)));
    v.push_back(enc(read(cmd::imqttaddr)));
    v.push_back(enc(cfg_addr{"203.156.205.55", 1883, "testMQTT"}));
    v.push_back(enc(test(cmd::imqttlwt)));
    v.push_back(enc(read(cmd::imqttlwt)));
    v.push_back(enc(cfg_will{"will_topic", 0, "will_message", 0}));
    v.push_back(enc(cfg_will{"will_topic", 0, "will_message", {}}));
    v.push_back(enc(test(cmd::imqttlwtbin)));
    v.push_back(enc(read(cmd::imqttlwtbin)));
    v.push_back(enc(cfg_will_hex{"will_topic", 0, will_message_octets, 0}));
    v.push_back(enc(cfg_will_hex{"will_topic", 0, will_message_octets, {}}));
    v.push_back(enc(test(cmd::imqttconn)));
    v.push_back(enc(connect));
    v.push_back(enc(disconnect));
    v.push_back(enc(test(cmd::imqttsub)));
    v.push_back(enc(read(cmd::imqttsub)));
    v.push_back(enc(subscribe{topic, 0}));
    v.push_back(enc(test(cmd::imqttunsub)));
    v.push_back(enc(read(cmd::imqttunsub)));
    v.push_back(enc(unsubscribe{topic}));
    v.push_back(enc(test(cmd::imqttpub)));
    v.push_back(enc(read(cmd::imqttpub)));
    v.push_back(enc(publish{topic, 1, "test message!!", {}}));
    v.push_back(enc(publish{topic, 1, "test message!!", 1}));
    v.push_back(enc(test(cmd::imqttpubin)));
    v.push_back(enc(read(cmd::imqttpubin)));
    v.push_back(enc(publish_hex{topic, 1, test_message_octets, {}}));
    v.push_back(enc(publish_hex{topic, 1, test_message_octets, 1}));
    v.push_back(enc(test(cmd::imqttpubex)));
    v.push_back(enc(read(cmd::imqttpubex)));
    v.push_back(enc(publish_ex{topic, 1, 0, 14}));
    v.push_back(enc(test(cmd::imqttstate)));
    v.push_back(enc(read(cmd::imqttstate)));
    v.push_back(enc(test(cmd::imqttauth)));
    v.push_back(enc(read(cmd::imqttauth)));
    v.push_back(enc(cfg_auth{"a1R3d3WsBI0", "test1", "c75b6a4e39342f02ec161ba682566054"}));
    v.push_back(enc(test(cmd::imqttdynreg)));
    v.push_back(enc(read(cmd::imqttdynreg)));
    v.push_back(enc(dynreg_query));
    v.push_back(enc(dynreg_save{1, "a1m8qO1ceKE", "SDK_0004", "VPCTjT8dGTXr5Jpg"}));
    v.push_back(enc(test(cmd::imqttrecvmode)));
    v.push_back(enc(read(cmd::imqttrecvmode)));
    v.push_back(enc(cfg_recvmode{1}));
    v.push_back(enc(test(cmd::imqttrecv)));
    v.push_back(enc(read(cmd::imqttrecv)));
    v.push_back(enc(receive{3}));
    return v;
}


// ---- the vector files through the grammar (no typed struct): every line of every file ----

// A vector line's members: "command", "form", "bytes" as text; params as (key, text, is_number).
struct vector_line {
    std::string command, form = "set", bytes_;
    std::vector<std::pair<std::string, std::pair<std::string, bool>>> params;
};

std::string json_text(const std::string& l, std::size_t& i) {  // at the opening quote
    std::string out;
    for (++i; i < l.size() && l[i] != '"'; ++i) {
        if (l[i] == '\\') {
            ++i;
            out += l[i] == 'r' ? '\r' : l[i] == 'n' ? '\n' : l[i];
        } else {
            out += l[i];
        }
    }
    ++i;
    return out;
}

vector_line parse_vector(const std::string& l) {
    vector_line v;
    std::size_t i = 0;
    bool in_params = false;
    while (i < l.size()) {
        if (l[i] != '"') {
            if (l[i] == '}') in_params = false;
            ++i;
            continue;
        }
        std::string key = json_text(l, i);
        ++i;  // ':'
        if (l[i] == '{') {
            in_params = true;
            continue;
        }
        std::string value;
        bool number = l[i] != '"';
        if (number) {
            while (i < l.size() && l[i] != ',' && l[i] != '}') value += l[i++];
        } else {
            value = json_text(l, i);
        }
        if (in_params) v.params.push_back({key, {value, number}});
        else if (key == "command") v.command = value;
        else if (key == "form") v.form = value;
        else if (key == "bytes") v.bytes_ = value;
    }
    return v;
}

std::string lower_key(std::string_view name) {
    std::string k;
    for (char c : name) k += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return k;
}

std::string encode_vector(const vector_line& v) {
    std::string name = v.command, selector;
    if (name.find('/') != std::string::npos) selector = name.substr(name.find('/') + 1), name.resize(name.find('/'));
    const atmqtt::at::command* c = atmqtt::at::find_command(rhf::grammar, name, selector);
    if (c == nullptr) return "no command " + v.command;
    atmqtt::at::form f = v.form == "test" ? atmqtt::at::form::test
                         : v.form == "read" ? atmqtt::at::form::read
                         : v.form == "execute" ? atmqtt::at::form::execute
                                               : atmqtt::at::form::set;
    std::vector<atmqtt::at::value> args;
    std::vector<std::string> store;
    store.reserve(16);
    for (const atmqtt::at::field_spec& p : c->params) {
        args.push_back(atmqtt::at::value());
        if (p.type == atmqtt::at::field_type::literal) continue;
        for (const auto& kv : v.params) {
            if (kv.first != lower_key(p.name)) continue;
            if (kv.second.second) {
                args.back() = atmqtt::at::value(std::stoll(kv.second.first));
            } else if (p.type == atmqtt::at::field_type::hex) {
                std::string raw;
                for (std::size_t i = 0; i + 1 < kv.second.first.size(); i += 2)
                    raw += static_cast<char>(std::stoi(kv.second.first.substr(i, 2), nullptr, 16));
                store.push_back(raw);
                args.back() = atmqtt::at::value::binary(bytes(store.back()));
            } else {
                store.push_back(kv.second.first);
                args.back() = atmqtt::at::value(std::string_view(store.back()));
            }
        }
    }
    char buf[512];
    auto r = atmqtt::at::write_command(rhf::lexical, *c, f, atmqtt::span<const atmqtt::at::value>(args.data(), args.size()),
                                       atmqtt::mutable_bytes(buf, sizeof buf));
    if (!r) return "error " + std::string(atmqtt::to_string(r.error()));
    return std::string(buf, *r);
}

}  // namespace

TEST_CASE("risinghf: every line of every command vector file, byte-exact through the grammar") {
    const char* files[] = {
        "risinghf_syntax",       "risinghf_derived_syntax", "risinghf_dynreg_preregistration",
        "risinghf_dynreg_registration_free", "risinghf_example_aliyun", "risinghf_example_standard",
        "risinghf_imqttaddr",    "risinghf_imqttconn",      "risinghf_imqttdisconn", "risinghf_imqttlwt",
        "risinghf_imqttlwtbin",  "risinghf_imqttmode",      "risinghf_imqttpara",    "risinghf_imqttpub",
        "risinghf_imqttpubex",   "risinghf_imqttpubin",     "risinghf_imqttrecv",    "risinghf_imqttrecvmode",
        "risinghf_imqttstate",   "risinghf_imqttsub",       "risinghf_imqttunsub",   "risinghf_imqttuser",
    };
    std::size_t count = 0;
    for (const char* file : files) {
        std::ifstream in(here() + "commands/" + file + ".jsonl");
        REQUIRE(in.good());
        std::string text;
        while (std::getline(in, text)) {
            if (text.empty()) continue;
            vector_line v = parse_vector(text);
            INFO(file << ": " << text);
            CHECK(encode_vector(v) == v.bytes_);
            ++count;
        }
    }
    CHECK(count >= 120);
}

TEST_CASE("risinghf: every command form of the syntax vectors, byte-exact through the typed structs") {
    std::vector<std::string> expected = vector_bytes("risinghf_syntax.jsonl");
    std::vector<std::string> got = every_form();
    REQUIRE(expected.size() == got.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("vector line " << i + 1);
        CHECK(got[i] == expected[i]);
    }
}

TEST_CASE("risinghf: the walkthrough commands, canonical, as in the vector files") {
    // §2.16 registration-free, §3 standard and Aliyun examples (commands/risinghf_*.jsonl).
    std::vector<std::string> free = vector_bytes("risinghf_dynreg_registration_free.jsonl");
    std::set<std::string> all(free.begin(), free.end());
    for (const char* f : {"risinghf_example_standard.jsonl", "risinghf_example_aliyun.jsonl",
                          "risinghf_dynreg_preregistration.jsonl"}) {
        std::vector<std::string> b = vector_bytes(f);
        all.insert(b.begin(), b.end());
    }
    CHECK(all.count(enc(rhf::cfg_mode{1, 1, {}})) == 1);
    CHECK(all.count(enc(rhf::cfg_addr{"a1m8qO1ceKE.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883, ""})) == 1);
    CHECK(enc(rhf::cfg_addr{"a1m8qO1ceKE.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883, ""}) ==
          "AT+IMQTTADDR=a1m8qO1ceKE.iot-as-mqtt.cn-shanghai.aliyuncs.com,1883,\"\"\r");
    CHECK(all.count(enc(rhf::dynreg_nosave{2, "a1m8qO1ceKE", "SDK_0007", "VPCTjT8dGTXr5Jpg"})) == 1);
    CHECK(all.count(enc(rhf::cfg_user{"", ""})) == 1);
    CHECK(all.count(enc(rhf::publish{"/mqtt1/user/test", 1, "test message!!", {}})) == 1);
    CHECK(all.count(enc(rhf::subscribe{"/mqtt1/user/test", 1})) == 1);
    CHECK(all.count(enc(rhf::cfg_auth{"a1m8qO1ceKE", "SDK_0004", "8f920db5114396521af911861d60886d"})) == 1);
}

TEST_CASE("risinghf: quoting policy: bare unless needed, the client id always quoted") {
    CHECK(enc(rhf::cfg_user{"a,b", "p\"q"}) == "error at_unescapable_character@1");  // no escapes exist
    CHECK(enc(rhf::cfg_user{"a,b", " x"}) == "AT+IMQTTUSER=\"a,b\",\" x\"\r");
    CHECK(enc(rhf::cfg_addr{"h", 1, "id,with|comma"}) == "AT+IMQTTADDR=h,1,\"id,with|comma\"\r");
    CHECK(enc(rhf::publish{"t", 0, "", {}}) == "AT+IMQTTPUB=t,0,\"\"\r");
    CHECK(enc(rhf::publish{"t", 0, "a,b", 0}) == "AT+IMQTTPUB=t,0,\"a,b\",0\r");
    // Hex bodies: PUBIN in lower case (its example), LWTBIN in upper case (its example).
    CHECK(enc(rhf::publish_hex{"t", 0, bytes("\x01\xab", 2), {}}) == "AT+IMQTTPUBIN=t,0,01ab\r");
    CHECK(enc(rhf::cfg_will_hex{"t", 0, bytes("\x01\xab", 2), {}}) == "AT+IMQTTLWTBIN=t,0,01AB\r");
}

TEST_CASE("risinghf: out-of-range and malformed values, exact errc and parameter index") {
    CHECK(enc(rhf::cfg_mode{3, 0, {}}) == "error out_of_range@0");
    CHECK(enc(rhf::cfg_mode{2, 2, {}}) == "error out_of_range@1");
    CHECK(enc(rhf::cfg_mode{2, 0, 2}) == "error out_of_range@2");
    CHECK(enc(rhf::cfg_para{0, 0, 60, "3.1.1"}) == "error out_of_range@1");
    CHECK(enc(rhf::cfg_para{4, 0, 60, "3.1.1"}) == "error out_of_range@1");
    CHECK(enc(rhf::cfg_para{1, 2, 60, "3.1.1"}) == "error out_of_range@3");
    CHECK(enc(rhf::cfg_para{1, 0, 59, "3.1.1"}) == "error out_of_range@5");
    CHECK(enc(rhf::cfg_para{1, 0, 181, "3.1.1"}) == "error out_of_range@5");
    CHECK(enc(rhf::cfg_para{1, 0, 60, "5"}) == "error at_invalid_enum@7");
    CHECK(enc(rhf::cfg_addr{"", 1883, "x"}) == "error out_of_range@0");
    CHECK(enc(rhf::cfg_addr{"h", 65536, "x"}) == "error out_of_range@1");
    CHECK(enc(rhf::subscribe{"t", 2}) == "error out_of_range@1");  // the manual: qos 0-1
    CHECK(enc(rhf::subscribe{"", 0}) == "error out_of_range@0");
    CHECK(enc(rhf::publish{"t", 3, "m", {}}) == "error out_of_range@1");
    CHECK(enc(rhf::publish{"t", 0, "m", 2}) == "error out_of_range@3");
    CHECK(enc(rhf::publish_ex{"t", 0, 0, 0}) == "error out_of_range@3");
    CHECK(enc(rhf::publish_ex{"t", 0, 0, 1025}) == "error out_of_range@3");
    CHECK(enc(rhf::publish_ex{"t", 0, 0, 1024}) == "AT+IMQTTPUBEX=t,0,0,1024\r");
    CHECK(enc(rhf::dynreg_save{3, "p", "d", "s"}) == "error out_of_range@0");
    CHECK(enc(rhf::dynreg_save{1, "", "d", "s"}) == "error out_of_range@1");
    CHECK(enc(rhf::cfg_recvmode{2}) == "error out_of_range@0");
    CHECK(enc(rhf::receive{0}) == "error out_of_range@0");
    CHECK(enc(rhf::receive{11}) == "error out_of_range@0");
    std::string long_topic(256, 't');
    CHECK(enc(rhf::unsubscribe{long_topic}) == "error too_long@0");
    std::string long_message(1025, 'm');
    CHECK(enc(rhf::publish{"t", 0, long_message, {}}) == "error too_long@2");
}

TEST_CASE("risinghf: the output buffer is never overrun") {
    const rhf::publish p{"/mqtt1/user/test", 1, "test message!!", {}};
    const std::string full = "AT+IMQTTPUB=/mqtt1/user/test,1,test message!!\r";
    for (std::size_t n = 0; n < full.size(); ++n) {
        std::vector<char> buf(n + 1, '#');
        auto r = rhf::encode(p, atmqtt::mutable_bytes(buf.data(), n));
        INFO("buffer " << n);
        CHECK(r.error() == errc::buffer_too_small);
        CHECK(buf[n] == '#');
    }
    char buf[64];
    auto r = rhf::encode(p, atmqtt::mutable_bytes(buf, full.size()));
    REQUIRE(r.ok());
    CHECK(std::string(buf, *r) == full);
}

namespace {
template <class C, std::size_t N>
constexpr bool encodes_to(const C& c, const char (&want)[N]) {
    char buf[128] = {};
    auto r = rhf::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    if (!r || *r != N - 1) return false;
    for (std::size_t i = 0; i + 1 < N; ++i)
        if (buf[i] != want[i]) return false;
    return true;
}
}  // namespace

TEST_CASE("risinghf: encodings are constant expressions") {
    STATIC_REQUIRE(encodes_to(rhf::cfg_para{1, 0, 60, "3.1.1"},
                              "AT+IMQTTPARA=TIMEOUT,1,CLEAN,0,KEEPALIVE,60,VERSION,3.1.1\r"));
    STATIC_REQUIRE(encodes_to(rhf::cfg_addr{"203.156.205.55", 1883, "testMQTT"},
                              "AT+IMQTTADDR=203.156.205.55,1883,\"testMQTT\"\r"));
    STATIC_REQUIRE(encodes_to(rhf::connect, "AT+IMQTTCONN\r"));
    STATIC_REQUIRE(encodes_to(rhf::dynreg_query, "AT+IMQTTDYNREG=2\r"));
    STATIC_REQUIRE(encodes_to(rhf::publish_hex{"t", 1, bytes("test message!!"), {}},
                              "AT+IMQTTPUBIN=t,1,74657374206d6573736167652121\r"));
    STATIC_REQUIRE(*rhf::encoded_size(rhf::publish_ex{"t", 1, 0, 14}) == 23);
}
