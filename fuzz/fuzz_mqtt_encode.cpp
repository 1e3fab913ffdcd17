// Structured encode: the input is a small program that builds one packet struct, with every field taken
// from the input unchecked (invalid QoS, return codes, levels, empty lists, ill-formed strings included).
// Input, in the order of the MQTT wire format so that a packet's own bytes (without the remaining length)
// are a meaningful program:
//   byte 0  configuration: bit 0 level (0: 3.1.1, 1: 3.1); bit 1 "stretch": a string's length prefix
//           may exceed the input (the bytes present repeat to fill it) and 0xFFFF means 65536 bytes;
//           bit 2 "huge": the PUBLISH payload is a zero-filled view whose size sits near a remaining
//           length boundary (127/128, 16383/16384, 2097151/2097152, 268435455), chosen by one more byte.
//   byte 1  the fixed header byte: type (0 and 15 pick a type from the low nibble) and PUBLISH flags.
//   then    CONNECT: protocol name (ignored: the level byte decides), level, flags, keep alive, client id,
//           will topic, will payload, user name, password (each present when its flag is set; a field
//           whose flag is clear is filled with junk the encoder must ignore); CONNACK: flags, return
//           code; PUBLISH: topic, packet id (QoS > 0), payload = the rest; SUBSCRIBE: packet id, then
//           (filter, QoS byte) until the end; SUBACK: packet id, return codes = the rest; UNSUBSCRIBE:
//           packet id, filters until the end; the acks: packet id. Strings: 16-bit length, bytes.
// Properties:
//  - encode into heap buffers of every size from 0 to the needed size + 2 (sampled above 512 bytes):
//    below the needed size buffer_too_small with offset = needed size and nothing written; otherwise
//    exactly encoded_size() bytes, identical for every size, nothing written past them;
//  - when encoded_size fails, encode fails with the same errc for every buffer size;
//  - a successful encoding decodes to an equal packet, consuming all of it, which (with its wire-backed
//    lists) encodes to the same bytes again, and encodes at the other level exactly when it decodes there;
//  - the per-struct overloads give the same result as the packet overload;
//  - an independent unchecked serializer in this file writes the same wire bytes; the decoder accepts
//    them exactly when the encoder accepts the packet (what encodes decodes, what the encoder refuses
//    the decoder refuses), whenever the wire can express the packet at all.
#include "detail/mqtt_fuzz.hpp"

#include <deque>
#include <string>
#include <vector>

using namespace mqtt_fuzz;
using atmqtt::result;
using mqtt::packet;
using mqtt::packet_type;
using mqtt::protocol_level;

namespace {

constexpr std::size_t max_remaining_length = 268435455;
constexpr std::size_t stretch_budget = 140000;  // bytes of stretched strings per input: two over the limit

// Reads the program; past the end every read yields zeros / empty strings.
struct program {
    const std::uint8_t* p;
    std::size_t n;
    std::size_t pos = 0;
    bool stretch = false;
    std::size_t stretched = 0;
    std::deque<std::string>* arena = nullptr;  // storage of stretched strings (a deque never moves its elements)

    std::size_t left() const { return n - pos; }
    std::uint8_t u8() { return pos < n ? p[pos++] : 0; }
    std::uint16_t u16() {
        const unsigned hi = u8();
        return static_cast<std::uint16_t>(hi << 8 | u8());
    }
    bytes rest() {
        const bytes r(reinterpret_cast<const char*>(p) + pos, n - pos);
        pos = n;
        return r;
    }
    bytes str() {
        const std::size_t declared = u16();
        if (!stretch || declared <= left()) {
            const std::size_t k = declared < left() ? declared : left();
            const bytes s(reinterpret_cast<const char*>(p) + pos, k);
            pos += k;
            return s;
        }
        const std::size_t want = declared == 0xFFFF ? 65536 : declared;
        if (stretched + want > stretch_budget) return rest();
        stretched += want;
        const bytes seed = rest();
        std::string s;
        s.reserve(want);
        while (s.size() < want) {
            if (seed.empty()) {
                s.push_back('a');
            } else {
                s.append(seed.data(), seed.size() < want - s.size() ? seed.size() : want - s.size());
            }
        }
        arena->push_back(std::move(s));
        return arena->back();
    }
};

struct built {
    packet pkt;
    std::vector<mqtt::subscription> subscriptions;  // storage behind the packet's lists
    std::vector<mqtt::suback_return_code> codes;
    std::vector<bytes> filters;
};

const char junk[] = "junk+#\xff";  // what a field whose flag is clear holds: the encoder must not write it

// Builds the packet described by the program (see the top of the file). `huge_payload` is set for the
// huge mode. The vectors in `b` must stay alive while b.pkt is used.
void build(program& in, built& b, bool huge, bytes* huge_payload, std::size_t* huge_body) {
    using namespace atmqtt::mqtt;
    const std::uint8_t header = in.u8();
    unsigned t = header >> 4u;
    if (t == 0 || t == 15) t = (header & 0x0fu) % 14u + 1u;
    switch (static_cast<packet_type>(t)) {
        case packet_type::connect: {
            connect c;
            (void)in.str();  // protocol name: the level byte decides it
            c.level = static_cast<protocol_level>(in.u8());
            const std::uint8_t flags = in.u8();
            c.clean_session = (flags & 0x02) != 0;
            c.will_flag = (flags & 0x04) != 0;
            c.will.qos = static_cast<mqtt::qos>((flags >> 3) & 3u);
            c.will.retain = (flags & 0x20) != 0;
            c.password_flag = (flags & 0x40) != 0;
            c.username_flag = (flags & 0x80) != 0;
            c.keep_alive = in.u16();
            c.client_id = in.str();
            if (c.will_flag) {
                c.will.topic = in.str();
                c.will.payload = in.str();
            } else {
                c.will = {junk, junk, static_cast<mqtt::qos>(3), true};
            }
            c.username = c.username_flag ? in.str() : bytes(junk);
            c.password = c.password_flag ? in.str() : bytes(junk);
            b.pkt = c;
            return;
        }
        case packet_type::connack: {
            connack a;
            a.session_present = (in.u8() & 1) != 0;
            a.return_code = static_cast<connect_return_code>(in.u8());
            b.pkt = a;
            return;
        }
        case packet_type::publish: {
            publish m;
            m.dup = (header & 0x08) != 0;
            m.qos = static_cast<mqtt::qos>((header >> 1) & 3u);
            m.retain = (header & 0x01) != 0;
            m.topic = in.str();
            m.packet_id = m.qos != qos::at_most_once ? in.u16() : 0xBEEF;  // ignored at QoS 0
            if (huge) {
                static const std::size_t boundaries[] = {127, 128, 16383, 16384, 2097151, 2097152, max_remaining_length};
                const std::uint8_t sel = in.u8();
                const std::size_t overhead = 2 + m.topic.size() + (m.qos != qos::at_most_once ? 2 : 0);
                const std::size_t target = boundaries[sel % 7] + static_cast<std::size_t>((sel >> 3) % 8);  // +0..7
                const std::size_t body = target < overhead + 4 ? overhead : target - 4;  // boundary -4..+3
                static char* zeros = static_cast<char*>(std::calloc(max_remaining_length + 8, 1));
                *huge_payload = bytes(zeros, body - overhead);
                *huge_body = body;
                m.payload = *huge_payload;
            } else {
                m.payload = in.rest();
            }
            b.pkt = m;
            return;
        }
        case packet_type::puback: b.pkt = puback{in.u16()}; return;
        case packet_type::pubrec: b.pkt = pubrec{in.u16()}; return;
        case packet_type::pubrel: b.pkt = pubrel{in.u16()}; return;
        case packet_type::pubcomp: b.pkt = pubcomp{in.u16()}; return;
        case packet_type::unsuback: b.pkt = unsuback{in.u16()}; return;
        case packet_type::subscribe: {
            const std::uint16_t id = in.u16();
            while (in.left() > 0) {
                const bytes f = in.str();
                b.subscriptions.push_back({f, static_cast<mqtt::qos>(in.u8())});
            }
            b.pkt = subscribe{id, atmqtt::span<const subscription>(b.subscriptions.data(), b.subscriptions.size())};
            return;
        }
        case packet_type::suback: {
            const std::uint16_t id = in.u16();
            while (in.left() > 0) b.codes.push_back(static_cast<suback_return_code>(in.u8()));
            b.pkt = suback{id, atmqtt::span<const suback_return_code>(b.codes.data(), b.codes.size())};
            return;
        }
        case packet_type::unsubscribe: {
            const std::uint16_t id = in.u16();
            while (in.left() > 0) b.filters.push_back(in.str());
            b.pkt = unsubscribe{id, atmqtt::span<const bytes>(b.filters.data(), b.filters.size())};
            return;
        }
        case packet_type::pingreq: b.pkt = pingreq{}; return;
        case packet_type::pingresp: b.pkt = pingresp{}; return;
        case packet_type::disconnect: b.pkt = disconnect{}; return;
    }
}

// An unchecked serializer, written independently of the library: the wire bytes of any packet struct,
// valid or not. Returns false when the wire cannot express it (a string over 65535 bytes, a body over the
// remaining length limit, a 2-bit field holding more): then there is nothing to compare.
struct wire_writer {
    std::string body;
    bool expressible = true;
    void u8(unsigned v) { body.push_back(static_cast<char>(v & 0xffu)); }
    void u16(unsigned v) {
        u8(v >> 8);
        u8(v);
    }
    void str(bytes s) {
        if (s.size() > 0xFFFF) expressible = false;
        u16(static_cast<unsigned>(s.size()));
        body.append(s.data(), s.size());
    }
};

bool unchecked_wire(const packet& p, std::string& out) {
    using namespace atmqtt::mqtt;
    wire_writer w;
    unsigned flags = 0;
    switch (p.type()) {
        case packet_type::connect: {
            const connect& c = *p.get_if<connect>();
            const unsigned level = static_cast<unsigned>(c.level);
            w.str(level == 3 ? "MQIsdp" : "MQTT");
            w.u8(level);
            const unsigned will_qos = static_cast<unsigned>(c.will.qos);
            if (c.will_flag && will_qos > 3) w.expressible = false;
            w.u8((c.username_flag ? 0x80u : 0u) | (c.password_flag ? 0x40u : 0u) |
                 (c.will_flag ? 0x04u | (c.will.retain ? 0x20u : 0u) | (will_qos & 3u) << 3 : 0u) |
                 (c.clean_session ? 0x02u : 0u));
            w.u16(c.keep_alive);
            w.str(c.client_id);
            if (c.will_flag) {
                w.str(c.will.topic);
                w.str(c.will.payload);
            }
            if (c.username_flag) w.str(c.username);
            if (c.password_flag) w.str(c.password);
            break;
        }
        case packet_type::connack: {
            const connack& a = *p.get_if<connack>();
            w.u8(a.session_present ? 1u : 0u);
            w.u8(static_cast<unsigned>(a.return_code));
            break;
        }
        case packet_type::publish: {
            const publish& m = *p.get_if<publish>();
            const unsigned q = static_cast<unsigned>(m.qos);
            if (q > 3) w.expressible = false;
            flags = (m.dup ? 8u : 0u) | (q & 3u) << 1 | (m.retain ? 1u : 0u);
            w.str(m.topic);
            if (q != 0) w.u16(m.packet_id);
            if (m.payload.size() > max_remaining_length) return false;
            w.body.append(m.payload.data(), m.payload.size());
            break;
        }
        case packet_type::puback: w.u16(p.get_if<puback>()->packet_id); break;
        case packet_type::pubrec: w.u16(p.get_if<pubrec>()->packet_id); break;
        case packet_type::pubrel: w.u16(p.get_if<pubrel>()->packet_id); flags = 2; break;
        case packet_type::pubcomp: w.u16(p.get_if<pubcomp>()->packet_id); break;
        case packet_type::unsuback: w.u16(p.get_if<unsuback>()->packet_id); break;
        case packet_type::subscribe: {
            const subscribe& s = *p.get_if<subscribe>();
            flags = 2;
            w.u16(s.packet_id);
            for (const subscription e : s.subscriptions) {
                w.str(e.topic_filter);
                w.u8(static_cast<unsigned>(e.qos));
            }
            break;
        }
        case packet_type::suback: {
            const suback& s = *p.get_if<suback>();
            w.u16(s.packet_id);
            for (const suback_return_code c : s.return_codes) w.u8(static_cast<unsigned>(c));
            break;
        }
        case packet_type::unsubscribe: {
            const unsubscribe& s = *p.get_if<unsubscribe>();
            flags = 2;
            w.u16(s.packet_id);
            for (const bytes f : s.topic_filters) w.str(f);
            break;
        }
        case packet_type::pingreq:
        case packet_type::pingresp:
        case packet_type::disconnect: break;
    }
    if (!w.expressible || w.body.size() > max_remaining_length) return false;
    out.clear();
    out.push_back(static_cast<char>(static_cast<unsigned>(p.type()) << 4 | flags));
    std::size_t rl = w.body.size();
    do {  // the remaining length, 7 bits at a time, least significant group first
        const unsigned digit = static_cast<unsigned>(rl % 128);
        rl /= 128;
        out.push_back(static_cast<char>(rl > 0 ? digit | 0x80u : digit));
    } while (rl > 0);
    out += w.body;
    return true;
}

// Buffer sizes to try: all of 0..needed+2 for packets up to 512 bytes, a sample around the edges for bigger ones
// (every size of a 2 MB packet would take minutes per input).
std::vector<std::size_t> sizes_to_try(std::size_t needed) {
    std::vector<std::size_t> sizes;
    if (needed <= 512) {
        for (std::size_t s = 0; s <= needed + 2; ++s) sizes.push_back(s);
        return sizes;
    }
    if (needed > 4096) {
        for (const std::size_t s : {std::size_t{0}, std::size_t{5}, needed - 1, needed, needed + 2}) {
            sizes.push_back(s);
        }
        return sizes;
    }
    for (std::size_t s = 0; s <= 64; ++s) sizes.push_back(s);
    for (std::size_t s = 1; s < 8; ++s) sizes.push_back(needed * s / 8);
    for (std::size_t s = needed - 64; s <= needed + 2; ++s) sizes.push_back(s);
    return sizes;
}

std::string what(const packet& p, protocol_level level) {
    return std::string(type_name(p.type())) + " at level " + std::to_string(static_cast<unsigned>(level));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t config = data[0];
    const protocol_level level = (config & 1) != 0 ? protocol_level::v3_1 : protocol_level::v3_1_1;
    const bool huge = (config & 4) != 0;
    std::deque<std::string> arena;
    program in{data + 1, size - 1};
    in.stretch = (config & 2) != 0;
    in.arena = &arena;
    built b;
    bytes huge_payload;
    std::size_t huge_body = 0;
    build(in, b, huge, &huge_payload, &huge_body);
    const packet& p = b.pkt;
    const result<std::size_t> needed = mqtt::encoded_size(p, level);

    if (huge && p.type() == packet_type::publish) {
        // Only the sizes: a full encode of a quarter gigabyte is too slow to fuzz.
        if (huge_body > max_remaining_length) {
            MQTT_FUZZ_REQUIRE(!needed.ok(), what(p, level) + ": a body of " + std::to_string(huge_body) + " encodes");
        }
        if (needed.ok()) {
            MQTT_FUZZ_REQUIRE(*needed == 1 + mqtt::detail::remaining_length_size(static_cast<std::uint32_t>(huge_body)) + huge_body,
                              what(p, level) + ": encoded_size " + std::to_string(*needed) + " for a body of " +
                                  std::to_string(huge_body));
        }
        if (huge_body > (4u << 20)) {
            for (const std::size_t s : {std::size_t{0}, std::size_t{1}, std::size_t{64}}) {
                heap_buffer out(s);
                const result<std::size_t> r = mqtt::encode(p, out.span(), level);
                MQTT_FUZZ_REQUIRE(out.untouched() && (needed.ok() ? r.error() == errc::buffer_too_small && r.offset() == *needed
                                                                   : r.error() == needed.error()),
                                  what(p, level) + ": huge encode into " + std::to_string(s) + " bytes gives " + name(r.error()));
            }
            return 0;
        }
    }

    if (!needed.ok()) {
        MQTT_FUZZ_REQUIRE(needed.error() != errc::ok && needed.error() != errc::buffer_too_small,
                          what(p, level) + ": encoded_size fails with " + name(needed.error()));
        for (const std::size_t s : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{300}}) {
            heap_buffer out(s);
            const result<std::size_t> r = mqtt::encode(p, out.span(), level);
            MQTT_FUZZ_REQUIRE(r.error() == needed.error() && out.untouched(),
                              what(p, level) + ": encoded_size fails with " + name(needed.error()) + ", encode into " +
                                  std::to_string(s) + " bytes gives " + name(r.error()));
        }
    }

    std::string reference;  // the encoding, from the first buffer big enough
    if (needed.ok()) {
        for (const std::size_t s : sizes_to_try(*needed)) {
            heap_buffer out(s);
            const result<std::size_t> r = mqtt::encode(p, out.span(), level);
            const auto at = [&] {
                return what(p, level) + " into " + std::to_string(s) + " bytes (needs " + std::to_string(*needed) + "): ";
            };
            if (s < *needed) {
                MQTT_FUZZ_REQUIRE(r.error() == errc::buffer_too_small && r.offset() == *needed,
                                  at() + name(r.error()) + " at " + std::to_string(r.offset()));
                MQTT_FUZZ_REQUIRE(out.untouched(), at() + "buffer_too_small, but bytes were written");
                continue;
            }
            MQTT_FUZZ_REQUIRE(r.ok() && *r == *needed, at() + (r.ok() ? std::to_string(*r) + " bytes" : name(r.error())));
            const bytes written = out.view(*needed);
            if (reference.empty()) reference.assign(written.data(), written.size());
            MQTT_FUZZ_REQUIRE(written == bytes(reference), at() + "the bytes differ from a smaller buffer's");
            MQTT_FUZZ_REQUIRE(out.untouched(*needed), at() + "a byte past the packet was written");
        }
        // The per-struct overloads.
        heap_buffer exact(*needed);
        const result<std::size_t> r = p.visit([&](const auto& v) { return mqtt::encode(v, exact.span(), level); });
        const result<std::size_t> z = p.visit([&](const auto& v) { return mqtt::encoded_size(v, level); });
        MQTT_FUZZ_REQUIRE(r.ok() && *r == *needed && exact.view(*needed) == bytes(reference) && z.ok() && *z == *needed,
                          what(p, level) + ": the per-struct overload differs");
        // What encodes decodes, to an equal packet.
        const result<packet> back = mqtt::decode(bytes(reference), level);
        if (!(back.ok() && back.offset() == *needed && *back == p)) {
            dump("encoded", bytes(reference));
            MQTT_FUZZ_REQUIRE(false, what(p, level) + ": the encoding decodes to " + describe(back) +
                                         (back.ok() ? " (not equal)" : ""));
        }
        walk(*back, bytes(reference), level);
        roundtrip(*back, bytes(reference), level);  // the decoded packet (wire-backed lists) encodes the same
        other_level(*back, bytes(reference), level == protocol_level::v3_1 ? protocol_level::v3_1_1 : protocol_level::v3_1);
    }

    // The independent serializer agrees on the bytes, and the decoder agrees with the encoder on validity.
    std::string wire;
    if (unchecked_wire(p, wire)) {
        const result<packet> d = mqtt::decode(bytes(wire), level);
        if (needed.ok()) {
            if (bytes(wire) != bytes(reference)) {
                dump("unchecked serializer", bytes(wire));
                dump("encode", bytes(reference));
                MQTT_FUZZ_REQUIRE(false, what(p, level) + ": encode and the unchecked serializer differ");
            }
        } else if (d.ok()) {
            dump("unchecked serializer", bytes(wire));
            MQTT_FUZZ_REQUIRE(false, what(p, level) + ": the encoder refuses it (" + name(needed.error()) +
                                         ") but its wire form decodes");
        }
    }
    return 0;
}
