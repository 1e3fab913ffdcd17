// Helpers shared by the MQTT fuzz targets (host code: std::vector and friends are fine here).
// - MQTT_FUZZ_REQUIRE: a property check that prints what failed and aborts, so libFuzzer records the input.
// - walk(): reads every view and every list element of a decoded packet and checks that all of them lie
//   inside the bytes the packet was decoded from and satisfy the rules the decoder promises.
// - roundtrip(): an accepted packet re-encodes to exactly the bytes it was decoded from.
// - heap_buffer: an output buffer of exactly the requested size on the heap, so ASan sees any write past it.
// - array_lists_roundtrip(), other_level(): decoded lists copied into arrays encode to the same bytes; a
//   packet encodes at the other protocol level exactly when its bytes decode there.
#pragma once

#include <atmqtt/mqtt.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace mqtt_fuzz {

using atmqtt::bytes;
using atmqtt::errc;
namespace mqtt = atmqtt::mqtt;

// Prints at most the first 96 bytes of b as hex.
inline void dump(const char* label, bytes b) {
    std::fprintf(stderr, "  %s (%zu bytes):", label, b.size());
    for (std::size_t i = 0; i < b.size() && i < 96; ++i) std::fprintf(stderr, " %02X", atmqtt::octet(b, i));
    std::fprintf(stderr, b.size() > 96 ? " ...\n" : "\n");
}

inline std::string name(errc e) { return std::string(atmqtt::to_string(e)); }

inline const char* type_name(mqtt::packet_type t) {
    static const char* const names[] = {"reserved",  "CONNECT", "CONNACK", "PUBLISH",     "PUBACK",
                                        "PUBREC",    "PUBREL",  "PUBCOMP", "SUBSCRIBE",   "SUBACK",
                                        "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT"};
    const unsigned i = static_cast<unsigned>(t);
    return i < 15 ? names[i] : "?";
}

[[noreturn]] inline void violated(const char* file, int line, const char* condition, const std::string& detail) {
    std::fprintf(stderr, "%s:%d: property violated: %s\n  %s\n", file, line, condition, detail.c_str());
    std::abort();
}

// MQTT_FUZZ_REQUIRE(condition, detail): detail is a std::string (or literal) evaluated only on failure.
#define MQTT_FUZZ_REQUIRE(condition, detail)                                          \
    do {                                                                              \
        if (!(condition)) ::mqtt_fuzz::violated(__FILE__, __LINE__, #condition, detail); \
    } while (0)

inline std::string describe(const atmqtt::result<mqtt::packet>& r) {
    if (r.ok()) return std::string(type_name(r->type())) + " consuming " + std::to_string(r.offset());
    return name(r.error()) + " at " + std::to_string(r.offset());
}

// Reading a view's first and last byte lets ASan catch a view that runs outside its allocation (a
// view is contiguous, so its ends are enough); the bytes go to a volatile so the reads stay.
inline volatile unsigned touch_sink = 0;
inline void touch(bytes b) {
    if (!b.empty()) touch_sink = atmqtt::octet(b, 0) + atmqtt::octet(b, b.size() - 1);
}

// b is empty or lies inside frame.
inline bool inside(bytes b, bytes frame) {
    if (b.empty()) return true;
    const auto p = reinterpret_cast<std::uintptr_t>(b.data()), lo = reinterpret_cast<std::uintptr_t>(frame.data());
    return p >= lo && p + b.size() <= lo + frame.size();
}

inline void check_view(bytes b, bytes frame, const char* what) {
    MQTT_FUZZ_REQUIRE(inside(b, frame), std::string(what) + " is not inside the decoded bytes");
    touch(b);
}

// Iterates a decoded list with a hard bound, so a list that never reaches end() is reported, not looped on.
template <class T, class F>
void walk_list(const mqtt::list_view<T>& list, F&& each) {
    std::size_t n = 0;
    auto it = list.begin();
    for (; it != list.end() && n <= list.size(); ++it, ++n) each(*it);
    MQTT_FUZZ_REQUIRE(n == list.size() && it == list.end(),
                      "list iteration gave " + std::to_string(n) + " elements, size() says " +
                          std::to_string(list.size()));
    MQTT_FUZZ_REQUIRE(!list.empty(), "a decoded list is empty");
}

// Everything a successfully decoded packet promises: views inside `frame`, valid strings, valid codes.
inline void walk(const mqtt::packet& p, bytes frame, mqtt::protocol_level level) {
    using namespace atmqtt::mqtt;
    if (const connect* c = p.get_if<connect>()) {
        MQTT_FUZZ_REQUIRE(c->level == protocol_level::v3_1 || c->level == protocol_level::v3_1_1, "CONNECT level");
        check_view(c->client_id, frame, "client id");
        MQTT_FUZZ_REQUIRE(validate_utf8(c->client_id).ok(), "client id is not UTF-8");
        if (c->will_flag) {
            check_view(c->will.topic, frame, "will topic");
            check_view(c->will.payload, frame, "will payload");
            MQTT_FUZZ_REQUIRE(validate_topic_name(c->will.topic).ok(), "will topic is not a valid name");
            MQTT_FUZZ_REQUIRE(static_cast<unsigned>(c->will.qos) <= 2, "will QoS");
        } else {
            MQTT_FUZZ_REQUIRE(c->will.topic.empty() && c->will.payload.empty() && !c->will.retain &&
                                  c->will.qos == qos::at_most_once,
                              "will fields set without the will flag");
        }
        MQTT_FUZZ_REQUIRE(c->username_flag || c->username.empty(), "user name without its flag");
        MQTT_FUZZ_REQUIRE(c->password_flag || c->password.empty(), "password without its flag");
        MQTT_FUZZ_REQUIRE(!c->password_flag || c->username_flag, "password flag without user name flag");
        check_view(c->username, frame, "user name");
        check_view(c->password, frame, "password");
        MQTT_FUZZ_REQUIRE(validate_utf8(c->username).ok(), "user name is not UTF-8");
    } else if (const connack* a = p.get_if<connack>()) {
        MQTT_FUZZ_REQUIRE(static_cast<unsigned>(a->return_code) <= 5, "CONNACK return code");
        MQTT_FUZZ_REQUIRE(!a->session_present || (a->return_code == connect_return_code::accepted &&
                                                   level == protocol_level::v3_1_1),
                          "CONNACK session present");
    } else if (const publish* m = p.get_if<publish>()) {
        check_view(m->topic, frame, "topic");
        check_view(m->payload, frame, "payload");
        MQTT_FUZZ_REQUIRE(validate_topic_name(m->topic).ok(), "PUBLISH topic is not a valid name");
        MQTT_FUZZ_REQUIRE(static_cast<unsigned>(m->qos) <= 2, "PUBLISH QoS");
        MQTT_FUZZ_REQUIRE(m->qos == qos::at_most_once ? !m->dup : m->packet_id != 0, "PUBLISH DUP / packet id");
        // The payload is the rest of the frame.
        MQTT_FUZZ_REQUIRE(m->payload.data() + m->payload.size() == frame.data() + frame.size() ||
                              m->payload.empty(),
                          "PUBLISH payload does not end the packet");
    } else if (const subscribe* s = p.get_if<subscribe>()) {
        MQTT_FUZZ_REQUIRE(s->packet_id != 0, "SUBSCRIBE packet id 0");
        check_view(s->subscriptions.wire(), frame, "subscription entries");
        walk_list(s->subscriptions, [&](const subscription& e) {
            check_view(e.topic_filter, frame, "topic filter");
            MQTT_FUZZ_REQUIRE(validate_topic_filter(e.topic_filter).ok(), "SUBSCRIBE filter is not valid");
            MQTT_FUZZ_REQUIRE(static_cast<unsigned>(e.qos) <= 2, "SUBSCRIBE requested QoS");
        });
    } else if (const suback* k = p.get_if<suback>()) {
        MQTT_FUZZ_REQUIRE(k->packet_id != 0, "SUBACK packet id 0");
        check_view(k->return_codes.wire(), frame, "return codes");
        walk_list(k->return_codes, [&](suback_return_code code) {
            const unsigned v = static_cast<unsigned>(code);
            MQTT_FUZZ_REQUIRE(v <= 2 || (v == 0x80 && level == protocol_level::v3_1_1), "SUBACK return code");
        });
    } else if (const unsubscribe* u = p.get_if<unsubscribe>()) {
        MQTT_FUZZ_REQUIRE(u->packet_id != 0, "UNSUBSCRIBE packet id 0");
        check_view(u->topic_filters.wire(), frame, "topic filter entries");
        walk_list(u->topic_filters, [&](bytes f) {
            check_view(f, frame, "topic filter");
            MQTT_FUZZ_REQUIRE(validate_topic_filter(f).ok(), "UNSUBSCRIBE filter is not valid");
        });
    }
    const std::uint16_t* id = nullptr;
    if (const puback* x = p.get_if<puback>()) id = &x->packet_id;
    if (const pubrec* x = p.get_if<pubrec>()) id = &x->packet_id;
    if (const pubrel* x = p.get_if<pubrel>()) id = &x->packet_id;
    if (const pubcomp* x = p.get_if<pubcomp>()) id = &x->packet_id;
    if (const unsuback* x = p.get_if<unsuback>()) id = &x->packet_id;
    MQTT_FUZZ_REQUIRE(id == nullptr || *id != 0, "packet id 0 accepted");
}

// An output buffer of exactly `size` bytes, filled with a marker so untouched bytes can be recognised.
class heap_buffer {
public:
    static constexpr char marker = static_cast<char>(0xA5);
    explicit heap_buffer(std::size_t size) : data_(new char[size]), size_(size) { std::memset(data_.get(), marker, size); }
    atmqtt::mutable_bytes span() { return {data_.get(), size_}; }
    bytes view(std::size_t n) const { return bytes(data_.get(), n); }
    // Whether bytes [from, size) still hold the marker (comparing the range with itself shifted by one
    // byte is a libc call: much faster under coverage instrumentation than a loop).
    bool untouched(std::size_t from = 0) const {
        if (from >= size_) return true;
        return data_[from] == marker && std::memcmp(data_.get() + from, data_.get() + from + 1, size_ - from - 1) == 0;
    }

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_;
};

// An accepted packet is canonical: encoded_size() is the number of bytes it was decoded from, encode()
// reproduces them exactly, one byte less is buffer_too_small with nothing written, and decoding the
// re-encoding gives an equal packet.
inline void roundtrip(const mqtt::packet& p, bytes frame, mqtt::protocol_level level) {
    const auto what = [&] {
        return std::string(type_name(p.type())) + " decoded from " + std::to_string(frame.size()) + " bytes at level " +
               std::to_string(static_cast<unsigned>(level));
    };
    const atmqtt::result<std::size_t> size = mqtt::encoded_size(p, level);
    MQTT_FUZZ_REQUIRE(size.ok() && *size == frame.size(),
                      what() + ": encoded_size says " + (size.ok() ? std::to_string(*size) : name(size.error())));
    heap_buffer exact(frame.size());
    const atmqtt::result<std::size_t> n = mqtt::encode(p, exact.span(), level);
    MQTT_FUZZ_REQUIRE(n.ok() && *n == frame.size(), what() + ": encode gives " + (n.ok() ? std::to_string(*n) : name(n.error())));
    if (exact.view(frame.size()) != frame) {
        dump("decoded from", frame);
        dump("re-encoded", exact.view(frame.size()));
        MQTT_FUZZ_REQUIRE(false, what() + ": the re-encoding differs (the decoder accepted a non-canonical form)");
    }
    heap_buffer short_by_one(frame.size() - 1);
    const atmqtt::result<std::size_t> s = mqtt::encode(p, short_by_one.span(), level);
    MQTT_FUZZ_REQUIRE(s.error() == errc::buffer_too_small && s.offset() == frame.size() && short_by_one.untouched(),
                      what() + ": encode into one byte less");
    const atmqtt::result<mqtt::packet> again = mqtt::decode(exact.view(frame.size()), level);
    MQTT_FUZZ_REQUIRE(again.ok() && again.offset() == frame.size() && *again == p,
                      what() + ": the re-encoding decodes to " + describe(again) + (again.ok() ? " (not equal)" : ""));
}

// The encoder copies a decoded (wire-backed) list as it is and loops over an array-backed one: both must
// give the same bytes. Returns p with its list copied into arrays (kept in `storage`), or p itself.
struct list_storage {
    std::vector<mqtt::subscription> subscriptions;
    std::vector<mqtt::suback_return_code> codes;
    std::vector<bytes> filters;
};

inline mqtt::packet with_array_lists(const mqtt::packet& p, list_storage& storage) {
    using namespace atmqtt::mqtt;
    if (const subscribe* s = p.get_if<subscribe>()) {
        for (const subscription e : s->subscriptions) storage.subscriptions.push_back(e);
        return subscribe{s->packet_id, atmqtt::span<const subscription>(storage.subscriptions.data(),
                                                                        storage.subscriptions.size())};
    }
    if (const suback* s = p.get_if<suback>()) {
        for (const suback_return_code c : s->return_codes) storage.codes.push_back(c);
        return suback{s->packet_id, atmqtt::span<const suback_return_code>(storage.codes.data(), storage.codes.size())};
    }
    if (const unsubscribe* s = p.get_if<unsubscribe>()) {
        for (const bytes f : s->topic_filters) storage.filters.push_back(f);
        return unsubscribe{s->packet_id, atmqtt::span<const bytes>(storage.filters.data(), storage.filters.size())};
    }
    return p;
}

inline void array_lists_roundtrip(const mqtt::packet& p, bytes frame, mqtt::protocol_level level) {
    list_storage storage;
    const mqtt::packet copy = with_array_lists(p, storage);
    MQTT_FUZZ_REQUIRE(copy == p, std::string(type_name(p.type())) + ": the array copy of the lists is not equal");
    heap_buffer out(frame.size());
    const atmqtt::result<std::size_t> n = mqtt::encode(copy, out.span(), level);
    if (!(n.ok() && *n == frame.size() && out.view(frame.size()) == frame)) {
        dump("decoded from", frame);
        if (n.ok()) dump("array lists encode to", out.view(*n));
        MQTT_FUZZ_REQUIRE(false, std::string(type_name(p.type())) + " with array-backed lists encodes to " +
                                     (n.ok() ? std::to_string(*n) + " other bytes" : name(n.error())));
    }
}

// A packet decoded at one level, encoded at another: the encoder accepts it exactly when the decoder
// accepts its bytes at that level, and then writes the same bytes (only CONNACK and SUBACK can differ).
inline void other_level(const mqtt::packet& p, bytes frame, mqtt::protocol_level other) {
    const atmqtt::result<std::size_t> size = mqtt::encoded_size(p, other);
    const atmqtt::result<mqtt::packet> d = mqtt::decode(frame, other);
    MQTT_FUZZ_REQUIRE(size.ok() == d.ok(), std::string(type_name(p.type())) + " at level " +
                                               std::to_string(static_cast<unsigned>(other)) + ": encoded_size " +
                                               (size.ok() ? "ok" : name(size.error())) + ", decode " + describe(d));
    if (!size.ok()) return;
    heap_buffer out(*size);
    const atmqtt::result<std::size_t> n = mqtt::encode(p, out.span(), other);
    MQTT_FUZZ_REQUIRE(n.ok() && *n == frame.size() && out.view(frame.size()) == frame,
                      std::string(type_name(p.type())) + ": encoding at the other level writes other bytes");
}

}  // namespace mqtt_fuzz
