// Helpers shared by the USR dialect tests: reading the test vectors beside this file (paths from
// __FILE__, so the tests run from any build directory), a small reader for the flat JSON objects of the
// command vectors, and JSON rendering of decoded events exactly as the vectors spell them.
#pragma once

#include <atmqtt/dialect/usr.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace usr_test {

namespace at = atmqtt::at;
namespace usr = atmqtt::usr;

inline std::string vector_dir() {
    std::string f = __FILE__;
    return f.substr(0, f.find_last_of('/') + 1);
}

// The whole file, or "" with ok = false.
inline std::string read_file(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// ---- a flat JSON object reader: strings, integers and one level of nested object --------------------
struct json_member;
struct json_value {
    bool is_string = false;
    std::string text;
    long long number = 0;
    std::vector<json_member> members;  // nested object, in order
};
struct json_member {
    std::string first;  // the key
    json_value second;
};

struct json_reader {
    const std::string& s;
    std::size_t i = 0;
    bool failed = false;

    void ws() { while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i; }
    bool eat(char c) {
        ws();
        if (i < s.size() && s[i] == c) { ++i; return true; }
        return false;
    }
    std::string string() {
        std::string out;
        if (!eat('"')) { failed = true; return out; }
        while (i < s.size() && s[i] != '"') {
            char c = s[i++];
            if (c == '\\' && i < s.size()) {
                char e = s[i++];
                c = e == 'r' ? '\r' : e == 'n' ? '\n' : e == 't' ? '\t' : e;
            }
            out += c;
        }
        ++i;
        return out;
    }
    json_value value() {
        json_value v;
        ws();
        if (i < s.size() && s[i] == '"') {
            v.is_string = true;
            v.text = string();
        } else if (i < s.size() && s[i] == '{') {
            v.members = object();
        } else {
            std::size_t start = i;
            while (i < s.size() && (s[i] == '-' || (s[i] >= '0' && s[i] <= '9'))) ++i;
            if (start == i) failed = true;
            else v.number = std::stoll(s.substr(start, i - start));
        }
        return v;
    }
    std::vector<json_member> object() {
        std::vector<json_member> out;
        if (!eat('{')) { failed = true; return out; }
        if (eat('}')) return out;
        do {
            std::string k = string();
            if (!eat(':')) failed = true;
            out.push_back(json_member{k, value()});
        } while (!failed && eat(','));
        if (!eat('}')) failed = true;
        return out;
    }
};

// ---- JSON rendering ----------------------------------------------------------------------------------
inline std::string quote(atmqtt::bytes b) {
    std::string out = "\"";
    for (char c : b) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') { out += '\\'; out += c; }
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (u < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", u); out += buf; }
        else out += c;
    }
    return out + "\"";
}

// A response, header or test answer event: its line's fields by name (read again with the core's
// at::for_each_value, up to the first absent value; a test answer's `<...>` groups as text).
inline std::string render_fields(const usr::session_event& e) {
    const at::line& l = usr::lines[e.row];
    std::string out = "{\"event\":\"response\",\"name\":" + quote(l.prefix.substr(1)) + ",\"fields\":{";
    std::size_t n = 0;
    auto add = [&](std::size_t i, const std::string& value) {
        out += (n++ != 0 ? "," : "") + quote(l.fields[i].name) + ':' + value;
    };
    if (e.kind == usr::session_kind::test_answer) {
        // (the session checked the groups: each reads, no more than the row's fields)
        const auto groups = at::decode_test_response<16>(at::command{}, l.prefix, e.text, usr::lexical);
        for (const at::field_value& g : groups->fields()) add(g.spec, quote(g.text));
        return out + "}}";
    }
    const at::event ev = e.line();
    bool ok = true;
    static_cast<void>(at::for_each_value(l, ev, [&](const at::field_value& v) -> atmqtt::status {
        ok = ok && v.present();
        if (ok) add(v.spec, l.fields[v.spec].type == at::field_type::integer ? std::to_string(v.number) : quote(v.text));
        return {};
    }, usr::lexical));
    return out + "}}";
}

inline std::string render(const usr::session_event& e) {
    switch (e.kind) {
        case usr::session_kind::echo: return "{\"event\":\"echo\",\"text\":" + quote(e.text) + "}";
        case usr::session_kind::prompt: return "{\"event\":\"prompt\"}";
        case usr::session_kind::final: return "{\"event\":\"final\",\"result\":" + quote(e.text) + "}";
        case usr::session_kind::response:
        case usr::session_kind::header:
        case usr::session_kind::test_answer: return render_fields(e);
        case usr::session_kind::error:
            return "{\"event\":\"error\",\"error\":" + quote(atmqtt::to_string(e.error)) + ",\"offset\":" +
                   std::to_string(e.offset) + "}";
        case usr::session_kind::data: return "{\"event\":\"data\",\"text\":" + quote(e.text) + "}";
        case usr::session_kind::none: break;
    }
    return "{}";
}

inline std::string render(const usr::frame& f) {
    std::string out = "{\"frame\":" + quote(usr::to_string(f.kind));
    switch (f.kind) {
        case usr::frame_kind::preset_publish: out += ",\"pubnum\":" + std::to_string(f.slot); break;
        case usr::frame_kind::preset_message: out += ",\"subnum\":" + std::to_string(f.slot); break;
        case usr::frame_kind::temporary_publish:
            out += ",\"topic\":" + quote(f.topic) + ",\"qos\":" + std::to_string(f.qos) + ",\"retain\":" +
                   std::to_string(f.retain);
            break;
        case usr::frame_kind::temporary_subscribe:
        case usr::frame_kind::temporary_unsubscribe:
            return out + ",\"topic\":" + quote(f.topic) + ",\"qos\":" + std::to_string(f.qos) + "}";
        case usr::frame_kind::temporary_message: out += ",\"topic\":" + quote(f.topic); break;
        default: break;
    }
    return out + ",\"payload\":" + quote(f.payload) + "}";
}

// Decodes a whole session in chunks of `step` bytes (0: all at once) and renders every event.
inline std::vector<std::string> decode_session(const std::string& wire, std::size_t step) {
    std::vector<std::string> out;
    usr::session_decoder<512> dec;
    std::size_t n = step == 0 ? wire.size() : step;
    for (std::size_t at_ = 0; at_ < wire.size(); at_ += n) {
        std::size_t len = wire.size() - at_ < n ? wire.size() - at_ : n;
        if (!dec.feed(atmqtt::bytes(wire.data() + at_, len)).ok()) out.push_back("feed refused");
        while (auto e = dec.next()) out.push_back(render(e));
    }
    return out;
}

}  // namespace usr_test
