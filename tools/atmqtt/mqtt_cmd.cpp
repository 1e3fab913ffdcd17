// `atmqtt mqtt decode|encode`: MQTT 3.1 / 3.1.1 packets between bytes and JSON lines, one packet a line.
#include <atmqtt/mqtt.hpp>

#include "command.hpp"
#include "json.hpp"

#include <deque>
#include <initializer_list>
#include <iostream>
#include <string>
#include <vector>

namespace atmqtt_tool {
namespace {

namespace mqtt = atmqtt::mqtt;
using atmqtt::errc;

constexpr std::string_view mqtt_usage =
    "usage: atmqtt mqtt decode [--hex] [--level 3|4] [FILE]\n"
    "       atmqtt mqtt encode [--level 3|4] [FILE]\n"
    "\n"
    "decode  reads a byte stream of MQTT packets (raw bytes, or with --hex hex text in which whitespace\n"
    "        is ignored and '#' starts a comment running to the end of the line) and prints one JSON\n"
    "        object per packet per line.\n"
    "encode  reads JSON objects of the same shape (one per line; key order free, unknown keys refused)\n"
    "        and prints each packet as lowercase hex on its own line.\n"
    "\n"
    "  --level 3   MQTT 3.1 (protocol name MQIsdp)\n"
    "  --level 4   MQTT 3.1.1 (protocol name MQTT), the default\n"
    "  FILE        the input; stdin when absent or '-'\n"
    "\n"
    "On bad input both print {\"error\":\"<code>\",\"offset\":N} and exit with status 1. The offset counts\n"
    "bytes of the packet stream for decode errors (hex text characters when the hex itself is bad), and\n"
    "bytes of the JSON text for encode errors (the offending key or value, or the start of the object\n"
    "when the codec refuses the packet).\n"
    "\n"
    "JSON shape (keys absent when their flag is clear; binary fields as lowercase hex):\n"
    "  {\"type\":\"connect\",\"protocol_name\":\"MQTT\",\"protocol_level\":4,\"clean_session\":true,\n"
    "   \"keep_alive\":60,\"client_id\":\"c1\",\"will\":{\"topic\":\"t\",\"payload\":\"6869\",\"qos\":1,\n"
    "   \"retain\":false},\"username\":\"u\",\"password\":\"7077\"}\n"
    "  {\"type\":\"connack\",\"session_present\":false,\"return_code\":0}\n"
    "  {\"type\":\"publish\",\"dup\":false,\"qos\":1,\"retain\":false,\"topic\":\"a/b\",\"packet_id\":10,\n"
    "   \"payload\":\"6869\"}                              (no packet_id at QoS 0)\n"
    "  {\"type\":\"puback\",\"packet_id\":10}               (also pubrec, pubrel, pubcomp, unsuback)\n"
    "  {\"type\":\"subscribe\",\"packet_id\":3,\"subscriptions\":[{\"topic_filter\":\"a/#\",\"qos\":1}]}\n"
    "  {\"type\":\"suback\",\"packet_id\":3,\"return_codes\":[0,1,128]}\n"
    "  {\"type\":\"unsubscribe\",\"packet_id\":4,\"topic_filters\":[\"a/#\"]}\n"
    "  {\"type\":\"pingreq\"}  {\"type\":\"pingresp\"}  {\"type\":\"disconnect\"}\n";

// Indexed by the packet type number (1-14); 0 and 15 are not packet types.
constexpr std::string_view type_names[] = {
    "",       "connect",   "connack", "publish",     "puback",   "pubrec",  "pubrel",     "pubcomp",
    "subscribe", "suback", "unsubscribe", "unsuback", "pingreq", "pingresp", "disconnect", ""};

std::string_view type_name(mqtt::packet_type t) { return type_names[static_cast<unsigned>(t) & 15]; }

std::string_view protocol_name(mqtt::protocol_level level) {
    return level == mqtt::protocol_level::v3_1 ? "MQIsdp" : "MQTT";
}

void print_error(errc code, std::size_t offset) {
    json::writer w;
    w.begin_object().key("error").string(atmqtt::to_string(code)).key("offset").number(offset).end_object();
    std::cout << w.str() << '\n';
}

// ---- command line --------------------------------------------------------------------------------------

struct options {
    bool hex = false;
    mqtt::protocol_level level = mqtt::protocol_level::v3_1_1;
    std::string_view file;
};

// Parses the arguments after `decode` / `encode`. Returns false (after a message on stderr) on a bad one.
bool parse_options(const args& arguments, bool allow_hex, options& opt, bool& help) {
    bool have_file = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view a = arguments[i];
        if (a == "--help" || a == "-h") {
            help = true;
            return true;
        }
        if (allow_hex && a == "--hex") {
            opt.hex = true;
        } else if (a == "--level" || a.substr(0, 8) == "--level=") {
            std::string_view v;
            if (a == "--level") {
                if (i + 1 == arguments.size()) {
                    std::cerr << "atmqtt mqtt: --level needs a value (3 or 4)\n";
                    return false;
                }
                v = arguments[++i];
            } else {
                v = a.substr(8);
            }
            if (v == "3") {
                opt.level = mqtt::protocol_level::v3_1;
            } else if (v == "4") {
                opt.level = mqtt::protocol_level::v3_1_1;
            } else {
                std::cerr << "atmqtt mqtt: --level must be 3 (MQTT 3.1) or 4 (MQTT 3.1.1), not '" << v << "'\n";
                return false;
            }
        } else if (a.size() > 1 && a[0] == '-') {
            std::cerr << "atmqtt mqtt: unknown option '" << a << "'\n";
            return false;
        } else if (have_file) {
            std::cerr << "atmqtt mqtt: more than one input file\n";
            return false;
        } else {
            opt.file = a;
            have_file = true;
        }
    }
    return true;
}

// ---- decode --------------------------------------------------------------------------------------------

// The members after "type", one overload per packet struct, in the documented key order.
void write_members(json::writer& w, const mqtt::connect& c) {
    w.key("protocol_name").string(protocol_name(c.level));
    w.key("protocol_level").number(static_cast<unsigned>(c.level));
    w.key("clean_session").boolean(c.clean_session);
    w.key("keep_alive").number(c.keep_alive);
    w.key("client_id").string(c.client_id);
    if (c.will_flag) {
        w.key("will").begin_object();
        w.key("topic").string(c.will.topic);
        w.key("payload").hex(c.will.payload);
        w.key("qos").number(static_cast<unsigned>(c.will.qos));
        w.key("retain").boolean(c.will.retain);
        w.end_object();
    }
    if (c.username_flag) w.key("username").string(c.username);
    if (c.password_flag) w.key("password").hex(c.password);
}

void write_members(json::writer& w, const mqtt::connack& c) {
    w.key("session_present").boolean(c.session_present);
    w.key("return_code").number(static_cast<unsigned>(c.return_code));
}

void write_members(json::writer& w, const mqtt::publish& p) {
    w.key("dup").boolean(p.dup);
    w.key("qos").number(static_cast<unsigned>(p.qos));
    w.key("retain").boolean(p.retain);
    w.key("topic").string(p.topic);
    if (p.qos != mqtt::qos::at_most_once) w.key("packet_id").number(p.packet_id);
    w.key("payload").hex(p.payload);
}

void write_members(json::writer& w, const mqtt::subscribe& s) {
    w.key("packet_id").number(s.packet_id);
    w.key("subscriptions").begin_array();
    for (const mqtt::subscription e : s.subscriptions) {
        w.begin_object();
        w.key("topic_filter").string(e.topic_filter);
        w.key("qos").number(static_cast<unsigned>(e.qos));
        w.end_object();
    }
    w.end_array();
}

void write_members(json::writer& w, const mqtt::suback& s) {
    w.key("packet_id").number(s.packet_id);
    w.key("return_codes").begin_array();
    for (const mqtt::suback_return_code rc : s.return_codes) w.number(static_cast<unsigned>(rc));
    w.end_array();
}

void write_members(json::writer& w, const mqtt::unsubscribe& u) {
    w.key("packet_id").number(u.packet_id);
    w.key("topic_filters").begin_array();
    for (const atmqtt::bytes f : u.topic_filters) w.string(f);
    w.end_array();
}

// PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK.
template <mqtt::packet_type Type>
void write_members(json::writer& w, const mqtt::packet_id_only<Type>& p) {
    w.key("packet_id").number(p.packet_id);
}

// PINGREQ, PINGRESP, DISCONNECT: nothing but the type.
template <mqtt::packet_type Type>
void write_members(json::writer&, const mqtt::empty_packet<Type>&) {}

void write_packet(json::writer& w, const mqtt::packet& p) {
    w.begin_object().key("type").string(type_name(p.type()));
    p.visit([&w](const auto& body) { write_members(w, body); });
    w.end_object();
}

int run_decode(const args& arguments) {
    options opt;
    bool help = false;
    if (!parse_options(arguments, true, opt, help)) return exit_usage;
    if (help) {
        std::cout << mqtt_usage;
        return exit_ok;
    }
    std::string input;
    if (!read_input(opt.file, input)) return exit_usage;
    std::string stream;
    if (opt.hex) {
        const std::size_t bad = hex_to_bytes(input, stream);
        if (bad != std::string_view::npos) {
            print_error(errc::invalid_hex, bad);
            return exit_bad_input;
        }
    } else {
        stream.swap(input);
    }

    const atmqtt::bytes all(stream);
    std::string out;
    std::size_t pos = 0;
    while (pos < all.size()) {
        const auto r = mqtt::decode(all.substr(pos), opt.level);
        if (!r.ok() || r.offset() == 0) {
            // The packets before the bad one are printed first. A stream that ends inside a packet is
            // reported as `incomplete` like any other error.
            std::cout << out;
            print_error(r.ok() ? errc::incomplete : r.error(), pos + r.offset());
            return exit_bad_input;
        }
        json::writer w;
        write_packet(w, *r);
        out += w.str();
        out += '\n';
        pos += r.offset();
        if (out.size() > 1 << 16) {
            std::cout << out;
            out.clear();
        }
    }
    std::cout << out;
    return exit_ok;
}

// ---- encode --------------------------------------------------------------------------------------------

// Where a JSON object failed to become a packet.
struct failure {
    errc code = errc::ok;
    std::size_t offset = 0;
};

// Owns what the packet views: decoded hex fields and the arrays behind list_view. A deque never moves
// its elements, so views into earlier strings stay valid as more are added.
struct packet_storage {
    std::deque<std::string> blobs;
    std::vector<mqtt::subscription> subscriptions;
    std::vector<atmqtt::bytes> topic_filters;
    std::vector<mqtt::suback_return_code> return_codes;
};

// Reads the members of one JSON object into typed fields, remembering the first failure.
class fields {
public:
    fields(const json::value& object, packet_storage& storage) : object_(object), storage_(storage) {}

    const failure& error() const { return error_; }
    bool ok() const { return error_.code == errc::ok; }

    // Every key must be one of `allowed`.
    void only(std::initializer_list<std::string_view> allowed) {
        for (const json::member& m : object_.members) {
            bool known = false;
            for (std::string_view k : allowed) known = known || m.key == k;
            if (!known) fail(errc::unknown_key, m.key_offset);
        }
    }

    const json::value* find(std::string_view key) const { return object_.find(key); }

    std::size_t key_offset(std::string_view key) const {
        for (const json::member& m : object_.members)
            if (m.key == key) return m.key_offset;
        return object_.offset;
    }

    void boolean(std::string_view key, bool& out) {
        if (const json::value* v = present(key, json::kind::boolean)) out = v->boolean;
    }

    // An unsigned integer up to `max`; a larger one fails with `too_big`.
    template <class T>
    void number(std::string_view key, T& out, std::uint64_t max, errc too_big = errc::out_of_range) {
        if (const json::value* v = present(key, json::kind::number)) {
            if (!v->is_uint || v->uint > max) {  // negative, fractional or too large
                fail(too_big, v->offset);
            } else {
                out = static_cast<T>(v->uint);
            }
        }
    }

    // A string, as a view into the JSON value. Returns whether the key was present.
    bool string(std::string_view key, atmqtt::bytes& out) {
        const json::value* v = present(key, json::kind::string);
        if (v != nullptr) out = v->text;
        return v != nullptr;
    }

    // A lowercase or uppercase hex string holding binary data.
    bool hex(std::string_view key, atmqtt::bytes& out) {
        const json::value* v = present(key, json::kind::string);
        if (v == nullptr) return false;
        out = decode_hex(*v);
        return true;
    }

    atmqtt::bytes decode_hex(const json::value& v) {
        std::string& blob = storage_.blobs.emplace_back();
        const std::string& text = v.text;
        if (text.size() % 2 != 0) fail(errc::invalid_hex, v.offset);
        for (std::size_t i = 0; i + 1 < text.size() && ok(); i += 2) {
            const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
            if (hi < 0 || lo < 0) {
                fail(errc::invalid_hex, v.offset);
            } else {
                blob += static_cast<char>(hi << 4 | lo);
            }
        }
        return blob;
    }

    // The value of `key` when present and of the expected kind; a present value of another kind fails.
    const json::value* present(std::string_view key, json::kind expected) {
        const json::value* v = object_.find(key);
        if (v == nullptr || !ok()) return nullptr;
        if (v->type != expected) {
            fail(errc::invalid_json, v->offset);
            return nullptr;
        }
        return v;
    }

    void fail(errc code, std::size_t offset) {
        if (ok()) error_ = {code, offset};
    }

private:
    const json::value& object_;
    packet_storage& storage_;
    failure error_;
};

mqtt::qos to_qos(unsigned n) { return static_cast<mqtt::qos>(n); }

// The members shared by the five packets that carry only a packet identifier.
template <class T>
mqtt::packet id_only(fields& f) {
    f.only({"type", "packet_id"});
    T p;
    f.number("packet_id", p.packet_id, 0xffff);
    return p;
}

mqtt::packet to_connect(fields& f, mqtt::protocol_level default_level) {
    f.only({"type", "protocol_name", "protocol_level", "clean_session", "keep_alive", "client_id", "will",
            "username", "password"});
    mqtt::connect c;
    c.level = default_level;
    unsigned level = static_cast<unsigned>(default_level);
    f.number("protocol_level", level, 255, errc::mqtt_invalid_protocol);
    if (level != 3 && level != 4) {
        f.fail(errc::mqtt_invalid_protocol, f.find("protocol_level")->offset);
    } else {
        c.level = static_cast<mqtt::protocol_level>(level);
    }
    atmqtt::bytes name;
    if (f.string("protocol_name", name) && f.ok() && name != protocol_name(c.level))
        f.fail(errc::mqtt_invalid_protocol, f.find("protocol_name")->offset);
    f.boolean("clean_session", c.clean_session);
    f.number("keep_alive", c.keep_alive, 0xffff);
    f.string("client_id", c.client_id);
    if (const json::value* will = f.present("will", json::kind::object)) {
        c.will_flag = true;
        for (const json::member& m : will->members) {
            if (m.key == "topic" && m.val.type == json::kind::string) {
                c.will.topic = m.val.text;
            } else if (m.key == "payload" && m.val.type == json::kind::string) {
                c.will.payload = f.decode_hex(m.val);
            } else if (m.key == "qos" && m.val.type == json::kind::number) {
                if (!m.val.is_uint || m.val.uint > 2) {
                    f.fail(errc::mqtt_invalid_will_flags, m.val.offset);
                } else {
                    c.will.qos = to_qos(static_cast<unsigned>(m.val.uint));
                }
            } else if (m.key == "retain" && m.val.type == json::kind::boolean) {
                c.will.retain = m.val.boolean;
            } else if (m.key == "topic" || m.key == "payload" || m.key == "qos" || m.key == "retain") {
                f.fail(errc::invalid_json, m.val.offset);
            } else {
                f.fail(errc::unknown_key, m.key_offset);
            }
        }
    }
    c.username_flag = f.string("username", c.username);
    c.password_flag = f.hex("password", c.password);
    return c;
}

mqtt::packet to_publish(fields& f) {
    f.only({"type", "dup", "qos", "retain", "topic", "packet_id", "payload"});
    mqtt::publish p;
    unsigned qos = 0;
    f.boolean("dup", p.dup);
    f.number("qos", qos, 2, errc::mqtt_invalid_qos);
    p.qos = to_qos(qos);
    f.boolean("retain", p.retain);
    f.string("topic", p.topic);
    // A QoS 0 PUBLISH has no packet identifier on the wire: a value here would be silently lost.
    if (qos == 0 && f.find("packet_id") != nullptr) f.fail(errc::unknown_key, f.key_offset("packet_id"));
    f.number("packet_id", p.packet_id, 0xffff);
    f.hex("payload", p.payload);
    return p;
}

mqtt::packet to_subscribe(fields& f, packet_storage& storage) {
    f.only({"type", "packet_id", "subscriptions"});
    mqtt::subscribe s;
    f.number("packet_id", s.packet_id, 0xffff);
    if (const json::value* list = f.present("subscriptions", json::kind::array)) {
        for (const json::value& item : list->items) {
            if (item.type != json::kind::object) {
                f.fail(errc::invalid_json, item.offset);
                break;
            }
            fields sub(item, storage);
            sub.only({"topic_filter", "qos"});
            mqtt::subscription entry;
            unsigned qos = 0;
            sub.string("topic_filter", entry.topic_filter);
            sub.number("qos", qos, 2, errc::mqtt_invalid_requested_qos);
            entry.qos = to_qos(qos);
            if (!sub.ok()) f.fail(sub.error().code, sub.error().offset);
            storage.subscriptions.push_back(entry);
        }
    }
    s.subscriptions = atmqtt::span<const mqtt::subscription>(storage.subscriptions.data(),
                                                             storage.subscriptions.size());
    return s;
}

mqtt::packet to_suback(fields& f, packet_storage& storage) {
    f.only({"type", "packet_id", "return_codes"});
    mqtt::suback s;
    f.number("packet_id", s.packet_id, 0xffff);
    if (const json::value* list = f.present("return_codes", json::kind::array)) {
        for (const json::value& item : list->items) {
            if (item.type != json::kind::number) {
                f.fail(errc::invalid_json, item.offset);
            } else if (!item.is_uint || item.uint > 255) {
                f.fail(errc::mqtt_invalid_suback_return_code, item.offset);
            } else {
                storage.return_codes.push_back(static_cast<mqtt::suback_return_code>(item.uint));
            }
        }
    }
    s.return_codes = atmqtt::span<const mqtt::suback_return_code>(storage.return_codes.data(),
                                                                  storage.return_codes.size());
    return s;
}

mqtt::packet to_unsubscribe(fields& f, packet_storage& storage) {
    f.only({"type", "packet_id", "topic_filters"});
    mqtt::unsubscribe u;
    f.number("packet_id", u.packet_id, 0xffff);
    if (const json::value* list = f.present("topic_filters", json::kind::array)) {
        for (const json::value& item : list->items) {
            if (item.type != json::kind::string) {
                f.fail(errc::invalid_json, item.offset);
            } else {
                storage.topic_filters.push_back(item.text);
            }
        }
    }
    u.topic_filters = atmqtt::span<const atmqtt::bytes>(storage.topic_filters.data(), storage.topic_filters.size());
    return u;
}

// Turns one JSON object into a packet whose views point into `object` and `storage`.
failure to_packet(const json::value& object, mqtt::protocol_level level, packet_storage& storage,
                  mqtt::packet& out) {
    if (object.type != json::kind::object) return {errc::invalid_json, object.offset};
    const json::value* type = object.find("type");
    if (type == nullptr) return {errc::invalid_json, object.offset};  // nothing says what to encode
    if (type->type != json::kind::string) return {errc::invalid_json, type->offset};
    fields f(object, storage);
    const std::string& t = type->text;
    if (t == "connect") {
        out = to_connect(f, level);
    } else if (t == "connack") {
        f.only({"type", "session_present", "return_code"});
        mqtt::connack c;
        unsigned rc = 0;
        f.boolean("session_present", c.session_present);
        f.number("return_code", rc, 255, errc::mqtt_invalid_connack_return_code);
        c.return_code = static_cast<mqtt::connect_return_code>(rc);
        out = c;
    } else if (t == "publish") {
        out = to_publish(f);
    } else if (t == "puback") {
        out = id_only<mqtt::puback>(f);
    } else if (t == "pubrec") {
        out = id_only<mqtt::pubrec>(f);
    } else if (t == "pubrel") {
        out = id_only<mqtt::pubrel>(f);
    } else if (t == "pubcomp") {
        out = id_only<mqtt::pubcomp>(f);
    } else if (t == "subscribe") {
        out = to_subscribe(f, storage);
    } else if (t == "suback") {
        out = to_suback(f, storage);
    } else if (t == "unsubscribe") {
        out = to_unsubscribe(f, storage);
    } else if (t == "unsuback") {
        out = id_only<mqtt::unsuback>(f);
    } else if (t == "pingreq" || t == "pingresp" || t == "disconnect") {
        f.only({"type"});
        if (t == "pingreq") out = mqtt::pingreq{};
        if (t == "pingresp") out = mqtt::pingresp{};
        if (t == "disconnect") out = mqtt::disconnect{};
    } else {
        return {errc::mqtt_invalid_packet_type, type->offset};
    }
    return f.error();
}

int run_encode(const args& arguments) {
    options opt;
    bool help = false;
    if (!parse_options(arguments, false, opt, help)) return exit_usage;
    if (help) {
        std::cout << mqtt_usage;
        return exit_ok;
    }
    std::string input;
    if (!read_input(opt.file, input)) return exit_usage;

    std::string out;
    std::string buffer;
    std::size_t pos = json::skip_space(input, 0);
    while (pos < input.size()) {
        const auto parsed = json::parse(input, pos);
        if (!parsed.ok()) {
            std::cout << out;
            print_error(parsed.error(), parsed.offset());
            return exit_bad_input;
        }
        const json::value& object = *parsed;
        packet_storage storage;
        mqtt::packet packet;
        failure f = to_packet(object, opt.level, storage, packet);
        if (f.code == errc::ok) {
            const auto size = mqtt::encoded_size(packet, opt.level);
            if (!size.ok()) {
                f = {size.error(), object.offset};
            } else {
                buffer.assign(*size, '\0');
                const auto written = mqtt::encode(packet, atmqtt::mutable_bytes(buffer.data(), buffer.size()),
                                                  opt.level);
                if (!written.ok()) {
                    f = {written.error(), object.offset};
                } else {
                    json::append_hex(out, atmqtt::bytes(buffer.data(), *written));
                    out += '\n';
                }
            }
        }
        if (f.code != errc::ok) {
            std::cout << out;
            print_error(f.code, f.offset);
            return exit_bad_input;
        }
        pos = json::skip_space(input, parsed.offset());
        if (out.size() > 1 << 16) {
            std::cout << out;
            out.clear();
        }
    }
    std::cout << out;
    return exit_ok;
}

int run_mqtt(const args& arguments) {
    if (arguments.empty()) {
        std::cerr << mqtt_usage;
        return exit_usage;
    }
    const std::string_view sub = arguments.front();
    const args rest(arguments.begin() + 1, arguments.end());
    if (sub == "decode") return run_decode(rest);
    if (sub == "encode") return run_encode(rest);
    if (sub == "--help" || sub == "-h" || sub == "help") {
        std::cout << mqtt_usage;
        return exit_ok;
    }
    std::cerr << "atmqtt mqtt: unknown subcommand '" << sub << "'\n\n" << mqtt_usage;
    return exit_usage;
}

const registration mqtt_group{{"mqtt", "MQTT 3.1 / 3.1.1 packets: decode bytes to JSON lines, encode JSON to bytes",
                               &run_mqtt}};

}  // namespace
}  // namespace atmqtt_tool
