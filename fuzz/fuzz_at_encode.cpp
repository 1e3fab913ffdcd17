// Structured encode for every dialect: the input builds one typed command struct (or a test / read /
// execute form) of one dialect, with every field taken from the input unchecked: integers of any value,
// strings of any bytes and lengths, optional parts on or off, enums outside their range.
// Input:
//   byte 0   bits 0-1: the dialect (quectel, onemo, usr, risinghf); bits 2-7: the command of that dialect
//            (modulo the number of cases below, which covers every typed command struct of the dialect's
//            commands.hpp, then its test / read / execute forms).
//   then     the struct's fields in declaration order. An integer: one byte b; b < 0x80 is the small value
//            b - 16, otherwise the next four bytes (big endian) are any int32. A string: one length byte
//            (0xFF: the next two bytes), then that many bytes (fewer when the input ends). An optional:
//            one byte whose bit 0 says present. A list: a count byte (beyond the dialect's maximum on
//            purpose), then its elements. Past the end every read yields zero / empty.
//   USR has two more cases: the test / read form of any row (a row byte, then a form byte: bit 0
//   test, else read), and usr::config_planner over a
//   configuration built from the input (its layout and properties at usr_planner below).
// Properties (checked with the public API only; the oracle is this file's own list of the struct's
// values in the table's parameter order, not the dialect's):
//  - encoded_size either fails with a specific errc, and then encode fails with the same errc for every
//    buffer size, or gives N; encode into a buffer of every size below N (every size up to 256, sampled
//    above) is buffer_too_small and writes nothing past the buffer (canary bytes); with N bytes (and with
//    more) it writes exactly N identical bytes ending in "\r";
//  - the output decodes with at::decode_command against the command's own descriptor, and with
//    at::decode_command against the dialect's whole table, to the same command and form, with every value
//    equal to the struct's (strings after unescaping by the dialect's syntax, hex decoded, OneMO messages
//    decoded in their input format, omitted optional values absent, defaults filled in where the dialect
//    fills them).
#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include "../tests/dialects/usr_planner.hpp"  // the configuration planner (a test helper)
#include "fuzz_support.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mutable_bytes;
using atmqtt::result;

namespace {

// ---- reading the input ----------------------------------------------------------------------------
struct input {
    const std::uint8_t* p;
    std::size_t n;
    std::size_t pos = 0;

    std::uint8_t u8() { return pos < n ? p[pos++] : 0; }
    std::int32_t i32() {
        std::uint8_t b = u8();
        if (b < 0x80) return static_cast<std::int32_t>(b) - 16;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = v << 8 | u8();
        std::int32_t out = 0;
        std::memcpy(&out, &v, sizeof out);
        return out;
    }
    bool flag() { return (u8() & 1u) != 0; }
    std::string_view str() {
        std::size_t len = u8();
        if (len == 0xFF) len = static_cast<std::size_t>(u8()) << 8 | u8();
        if (len > n - pos) len = n - pos;
        std::string_view s(reinterpret_cast<const char*>(p) + pos, len);
        pos += len;
        return s;
    }
    std::optional<std::int32_t> opt_i32() {
        if (!flag()) return std::nullopt;
        return i32();
    }
    std::optional<std::string_view> opt_str() {
        if (!flag()) return std::nullopt;
        return str();
    }
};

// ---- the expected values --------------------------------------------------------------------------
// What the struct says, parameter by parameter: omitted, an integer, text (compared after unescaping),
// binary (compared after hex decoding) or a OneMO message (compared after decode_message).
struct expected {
    enum class kind { omitted, integer, text, binary, message } k = kind::omitted;
    std::int64_t number = 0;
    bytes data{};
    atmqtt::onemo::input_format format = atmqtt::onemo::input_format::ascii;
};
using expect_list = std::vector<expected>;

expected none() { return {}; }
expected num(std::int64_t v) { return {expected::kind::integer, v, {}, {}}; }
expected txt(std::string_view s) { return {expected::kind::text, 0, bytes(s), {}}; }
expected bin(bytes b) { return {expected::kind::binary, 0, b, {}}; }
template <class T>
expected opt(const std::optional<T>& o) {
    if (!o) return none();
    if constexpr (std::is_integral<T>::value) return num(*o);
    else return txt(std::string_view(o->data(), o->size()));
}
expected from_value(const at::value& v) {
    switch (v.type()) {
        case at::value::kind::omitted: return none();
        case at::value::kind::integer: return num(v.as_integer());
        case at::value::kind::text: return txt(std::string_view(v.as_bytes().data(), v.as_bytes().size()));
        case at::value::kind::binary: return bin(v.as_bytes());
    }
    return none();
}

// ---- the properties -------------------------------------------------------------------------------
constexpr std::size_t canary_size = 16;
constexpr char canary = '\xA5';

// One decoded value against the expected one.
void compare(const at::field_value& v, const at::field_spec& spec, const expected& e, const at::syntax& s) {
    using k = expected::kind;
    switch (e.k) {
        case k::omitted:
            if (v.kind == at::value_kind::absent) return;
            if (v.kind == at::value_kind::literal) return;  // the writer fills in a literal
            if (v.kind == at::value_kind::text && v.text.empty() && !v.quoted) return;  // an empty field
            ATMQTT_FUZZ_REQUIRE(v.kind == at::value_kind::integer && spec.has_default() && v.number == spec.def,
                                "an omitted value decodes as present (and is not the default)");
            return;
        case k::integer:
            ATMQTT_FUZZ_REQUIRE(v.kind == at::value_kind::integer, "an integer decodes as another kind");
            ATMQTT_FUZZ_REQUIRE(v.number == e.number, "an integer decodes to another value");
            return;
        case k::text: {
            if (v.kind == at::value_kind::absent && e.data.empty() && spec.is_optional()) return;  // "" bare
            if (v.kind == at::value_kind::word || v.kind == at::value_kind::literal) {
                ATMQTT_FUZZ_REQUIRE(bytes(v.text) == e.data, "a word decodes to another word");
                return;
            }
            ATMQTT_FUZZ_REQUIRE(v.kind == at::value_kind::text, "a string decodes as another kind");
            std::vector<char> buf(v.text.size() + 1);
            result<std::size_t> n = v.decode_text(s, mutable_bytes(buf.data(), buf.size()));
            ATMQTT_FUZZ_REQUIRE(n.ok(), "a written string does not unescape");
            ATMQTT_FUZZ_REQUIRE(bytes(buf.data(), *n) == e.data, "a string decodes to other bytes");
            return;
        }
        case k::binary: {
            ATMQTT_FUZZ_REQUIRE(v.kind == at::value_kind::hex, "binary decodes as another kind than hex");
            std::vector<char> buf(v.text.size() / 2 + 1);
            result<std::size_t> n = v.decode_hex(mutable_bytes(buf.data(), buf.size()));
            ATMQTT_FUZZ_REQUIRE(n.ok() && bytes(buf.data(), *n) == e.data, "hex decodes to other bytes");
            return;
        }
        case k::message: {
            ATMQTT_FUZZ_REQUIRE(v.kind == at::value_kind::text && v.quoted, "a OneMO message is not a quoted string");
            std::vector<char> buf(v.text.size() + 1);
            result<bytes> n = atmqtt::onemo::decode_message(v.text, e.format, mutable_bytes(buf.data(), buf.size()));
            ATMQTT_FUZZ_REQUIRE(n.ok(), "a written OneMO message does not decode in its format");
            ATMQTT_FUZZ_REQUIRE(*n == e.data, "a OneMO message decodes to other bytes");
            return;
        }
    }
}

template <std::size_t Capacity>
void compare_all(const at::decoded_command<Capacity>& d, const at::command& row, at::form f, const expect_list& want,
                 const at::syntax& s) {
    ATMQTT_FUZZ_REQUIRE(d.desc != nullptr && d.desc->name == row.name && d.desc->selector == row.selector,
                        "decodes to another command");
    ATMQTT_FUZZ_REQUIRE(d.which == f, "decodes to another form");
    if (f != at::form::set) {
        ATMQTT_FUZZ_REQUIRE(d.params.count == 0, "a form without parameters decodes with values");
        return;
    }
    std::size_t given = want.size();
    while (given != 0 && want[given - 1].k == expected::kind::omitted) --given;
    ATMQTT_FUZZ_REQUIRE(d.params.count >= given, "fewer values decoded than written");
    for (std::size_t i = 0; i < d.params.count; ++i) {
        const at::field_value& v = d.params.values[i];
        const at::field_spec* spec = d.params.spec_of(v);
        ATMQTT_FUZZ_REQUIRE(spec != nullptr, "a decoded value without its parameter");
        compare(v, *spec, i < want.size() ? want[i] : none(), s);
    }
}

// Encodes through `encode(out)` / `size()` and checks every property against the row and values.
template <class Encode, class Size>
void check(const at::command& row, at::form f, const expect_list& want, const at::syntax& s,
           atmqtt::span<const at::command> table, Encode encode, Size size) {
    result<std::size_t> need = size();
    std::vector<char> buf;
    auto run = [&](std::size_t cap) {
        buf.assign(cap + canary_size, canary);
        result<std::size_t> r = encode(mutable_bytes(buf.data(), cap));
        for (std::size_t i = cap; i < buf.size(); ++i)
            ATMQTT_FUZZ_REQUIRE(buf[i] == canary, "write past the end of the buffer");
        return r;
    };
    if (!need) {
        ATMQTT_FUZZ_REQUIRE(need.error() != errc::ok && need.error() != errc::buffer_too_small,
                            "encoded_size fails without a specific errc");
        for (std::size_t cap : {std::size_t{0}, std::size_t{1}, std::size_t{8}, std::size_t{64}}) {
            result<std::size_t> r = run(cap);
            ATMQTT_FUZZ_REQUIRE(!r.ok(), "encode succeeds where encoded_size fails");
            if (r.error() != errc::buffer_too_small)  // a size error may be found before the value errors
                ATMQTT_FUZZ_REQUIRE(r.error() == need.error(), "encode and encoded_size fail differently");
        }
        result<std::size_t> big = run(16384);
        ATMQTT_FUZZ_REQUIRE(!big.ok() && big.error() == need.error(),
                            "with room enough, encode and encoded_size fail differently");
        return;
    }
    const std::size_t n = *need;
    ATMQTT_FUZZ_REQUIRE(n >= 4, "an encoding shorter than AT+X");
    for (std::size_t cap = 0; cap < n; cap = cap < 256 ? cap + 1 : cap + 1 + cap / 8) {
        result<std::size_t> r = run(cap);
        ATMQTT_FUZZ_REQUIRE(!r.ok() && r.error() == errc::buffer_too_small, "no buffer_too_small below the size");
    }
    result<std::size_t> last_short = run(n - 1);
    ATMQTT_FUZZ_REQUIRE(!last_short.ok() && last_short.error() == errc::buffer_too_small,
                        "no buffer_too_small one byte short");
    result<std::size_t> exact = run(n);
    ATMQTT_FUZZ_REQUIRE(exact.ok() && *exact == n, "encode does not write encoded_size bytes");
    std::vector<char> text(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    result<std::size_t> roomy = run(n + 7);
    ATMQTT_FUZZ_REQUIRE(roomy.ok() && *roomy == n, "a larger buffer gives another size");
    ATMQTT_FUZZ_REQUIRE(std::memcmp(buf.data(), text.data(), n) == 0, "a larger buffer gives other bytes");
    ATMQTT_FUZZ_REQUIRE(text[n - 1] == '\r', "the command does not end in CR");

    const bytes line(text.data(), n);
    at::decoded_command<40> own, any;
    auto st = at::decode_command(fuzz_support::one(row), line, own, s);
    if (!st) std::fprintf(stderr, "decode: %s at %zu: %.*s\n", atmqtt::to_string(st.error()).data(), st.offset(), static_cast<int>(n), text.data());
    ATMQTT_FUZZ_REQUIRE(st.ok(), "the encoding does not decode against its own command");
    compare_all(own, row, f, want, s);
    ATMQTT_FUZZ_REQUIRE(at::decode_command(table, line, any, s).ok(), "the encoding does not decode against the dialect's table");
    ATMQTT_FUZZ_REQUIRE(any.desc->name == row.name, "the table decodes another command name");
}

// ---- Quectel --------------------------------------------------------------------------------------
namespace qd = atmqtt::quectel;

template <class C>
void quectel_case(const C& c, const expect_list& want) {
    const at::command& row = at::binding_of<C>::row;
    check(row, at::form::set, want, qd::lexical, qd::commands,
          [&](mutable_bytes out) { return qd::encode(c, out); }, [&] { return qd::encoded_size(c); });
}

void quectel(input& in, std::size_t which) {
    using e = expect_list;
    switch (which) {
        case 0: { qd::cfg_version c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 1: { qd::cfg_pdpcid c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 2: { qd::cfg_ssl c{in.i32(), in.opt_i32(), in.opt_i32()};
                  return quectel_case(c, e{num(c.client_idx), opt(c.ssl_enable), opt(c.ssl_ctx_idx)}); }
        case 3: { qd::cfg_keepalive c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 4: { qd::cfg_session c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 5: { qd::cfg_timeout c{in.i32(), in.opt_i32(), in.opt_i32(), in.opt_i32()};
                  return quectel_case(c, e{num(c.client_idx), opt(c.pkt_timeout), opt(c.retry_times), opt(c.timeout_notice)}); }
        case 6: { qd::cfg_will c{}; c.client_idx = in.i32(); c.will_flag = in.opt_i32(); c.will_qos = in.opt_i32();
                  c.will_retain = in.opt_i32(); c.will_topic = in.opt_str(); c.will_msg = in.opt_str();
                  return quectel_case(c, e{num(c.client_idx), opt(c.will_flag), opt(c.will_qos), opt(c.will_retain),
                                           opt(c.will_topic), opt(c.will_msg)}); }
        case 7: { qd::cfg_willex c{}; c.client_idx = in.i32(); c.will_flag = in.opt_i32(); c.will_qos = in.opt_i32();
                  c.will_retain = in.opt_i32(); c.will_topic = in.opt_str(); c.will_len = in.opt_i32();
                  return quectel_case(c, e{num(c.client_idx), opt(c.will_flag), opt(c.will_qos), opt(c.will_retain),
                                           opt(c.will_topic), opt(c.will_len)}); }
        case 8: { qd::cfg_recv_mode c{in.i32(), in.opt_i32(), in.opt_i32()};
                  return quectel_case(c, e{num(c.client_idx), opt(c.msg_rcv_mode), opt(c.msg_len_enable)}); }
        case 9: { qd::cfg_aliauth c{}; c.client_idx = in.i32(); c.product_key = in.opt_str(); c.device_name = in.opt_str();
                  c.device_secret = in.opt_str();
                  return quectel_case(c, e{num(c.client_idx), opt(c.product_key), opt(c.device_name), opt(c.device_secret)}); }
        case 10: { qd::cfg_qmtping c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 11: { qd::cfg_send_mode c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 12: { qd::cfg_onenet c{}; c.client_idx = in.i32(); c.product_id = in.opt_str(); c.access_key = in.opt_str();
                   return quectel_case(c, e{num(c.client_idx), opt(c.product_id), opt(c.access_key)}); }
        case 13: { qd::cfg_hwauth c{}; c.client_idx = in.i32(); c.product_id = in.opt_str(); c.device_secret = in.opt_str();
                   return quectel_case(c, e{num(c.client_idx), opt(c.product_id), opt(c.device_secret)}); }
        case 14: { qd::cfg_hwprodid c{}; c.client_idx = in.i32(); c.product_id = in.opt_str(); c.product_secret = in.opt_str();
                   c.nodeid = in.opt_str();
                   return quectel_case(c, e{num(c.client_idx), opt(c.product_id), opt(c.product_secret), opt(c.nodeid)}); }
        case 15: { qd::cfg_dataformat c{}; c.client_idx = in.i32(); c.send_mode = in.opt_i32(); c.recv_mode = in.opt_i32();
                   return quectel_case(c, e{num(c.client_idx), opt(c.send_mode), opt(c.recv_mode)}); }
        case 16: { qd::cfg_view_mode c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 17: { qd::cfg_edit_timeout c{}; c.client_idx = in.i32(); c.edit_mode = in.opt_i32(); c.edit_time = in.opt_i32();
                   return quectel_case(c, e{num(c.client_idx), opt(c.edit_mode), opt(c.edit_time)}); }
        case 18: { qd::cfg_protocol_check c{in.i32(), in.opt_i32()};
                   return quectel_case(c, e{num(c.client_idx), opt(c.value)}); }
        case 19: { qd::open c{}; c.client_idx = in.i32(); c.host = in.str(); c.port = in.i32();
                   return quectel_case(c, e{num(c.client_idx), txt(c.host), num(c.port)}); }
        case 20: { qd::close c{in.i32()}; return quectel_case(c, e{num(c.client_idx)}); }
        case 21: { qd::connect c{}; c.client_idx = in.i32(); c.clientid = in.str(); c.username = in.opt_str(); c.password = in.opt_str();
                   return quectel_case(c, e{num(c.client_idx), txt(c.clientid), opt(c.username), opt(c.password)}); }
        case 22: { qd::disconnect c{in.i32()}; return quectel_case(c, e{num(c.client_idx)}); }
        case 23: {
            qd::subscribe c{};
            c.client_idx = in.i32();
            c.packet_id = in.i32();
            std::vector<qd::topic_qos> topics(in.u8() % 13);
            e want{num(c.client_idx), num(c.packet_id)};
            for (qd::topic_qos& t : topics) {
                t.topic = in.str();
                t.qos = in.i32();
                want.push_back(txt(t.topic));
                want.push_back(num(t.qos));
            }
            c.topics = {topics.data(), topics.size()};
            return quectel_case(c, want);
        }
        case 24: {
            qd::unsubscribe c{};
            c.client_idx = in.i32();
            c.packet_id = in.i32();
            std::vector<std::string_view> topics(in.u8() % 13);
            e want{num(c.client_idx), num(c.packet_id)};
            for (std::string_view& t : topics) {
                t = in.str();
                want.push_back(txt(t));
            }
            c.topics = {topics.data(), topics.size()};
            return quectel_case(c, want);
        }
        case 25: { qd::publish c{}; c.client_idx = in.i32(); c.packet_id = in.i32(); c.qos = in.i32(); c.retain = in.i32();
                   c.topic = in.str(); c.payload_len = in.i32();
                   return quectel_case(c, e{num(c.client_idx), num(c.packet_id), num(c.qos), num(c.retain), txt(c.topic), num(c.payload_len)}); }
        case 26: { qd::receive c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.client_idx), opt(c.recv_id)}); }
        case 27: { qd::ssl_cacert c{}; c.sslctxid = in.i32(); c.value = in.opt_str();
                   return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 28: { qd::ssl_clientcert c{}; c.sslctxid = in.i32(); c.value = in.opt_str();
                   return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 29: { qd::ssl_clientkey c{}; c.sslctxid = in.i32(); c.value = in.opt_str();
                   return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 30: { qd::ssl_seclevel c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 31: { qd::ssl_version c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 32: { qd::ssl_ciphersuite c{}; c.sslctxid = in.i32(); c.value = in.opt_str();
                   return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 33: { qd::ssl_ignorelocaltime c{in.i32(), in.opt_i32()}; return quectel_case(c, e{num(c.sslctxid), opt(c.value)}); }
        case 34: { qd::file_upload c{}; c.filename = in.str(); c.file_size = in.opt_i32(); c.timeout = in.opt_i32();
                   return quectel_case(c, e{txt(c.filename), opt(c.file_size), opt(c.timeout)}); }
        default: {  // the test and read forms of any row
            const at::command& row = qd::commands[in.u8() % (sizeof qd::commands / sizeof qd::commands[0])];
            at::form_of f = in.flag() ? qd::test(row) : qd::read(row);
            check(row, f.which, {}, qd::lexical, qd::commands, [&](mutable_bytes out) { return qd::encode(f, out); },
                  [&] { return qd::encoded_size(f); });
            return;
        }
    }
}
constexpr std::size_t quectel_cases = 36;

// ---- OneMO ----------------------------------------------------------------------------------------
namespace od = atmqtt::onemo;

const od::model_limits& onemo_model(input& in) {
    switch (in.u8() % 4) {
        case 0: return od::models::any_model;
        case 1: return od::models::ml307r;
        case 2: return od::models::mn316a;
        default: return od::models::any_model;
    }
}

template <class C>
void onemo_case(const C& c, const expect_list& want, const od::model_limits& m) {
    check(at::binding_of<C>::row, at::form::set, want, od::lexical, od::commands,
          [&](mutable_bytes out) { return od::encode(c, out, m); }, [&] { return od::encoded_size(c, m); });
}

void onemo_form_case(at::form_of f) {
    check(*f.row, f.which, expect_list{}, od::lexical, od::commands,
          [&](mutable_bytes out) { return od::encode(f, out); }, [&] { return od::encoded_size(f); });
}

expected onemo_message(bytes msg, od::input_format f) {
    expected x{expected::kind::message, 0, msg, f};
    return x;
}

void onemo(input& in, std::size_t which) {
    using e = expect_list;
    const od::model_limits& m = onemo_model(in);
    auto str = [&] { std::string_view s = in.str(); return bytes(s); };
    auto opt_bytes = [&]() -> std::optional<bytes> { if (!in.flag()) return std::nullopt; return str(); };
    auto in_format = [&] { return static_cast<od::input_format>(in.u8() % 4); };  // 3: not a format
    auto setting = [&](auto c) {  // an item of one value after client_idx (od::cfg_setting<Row>)
        c.client_idx = in.i32();
        c.value = in.opt_i32();
        onemo_case(c, e{num(c.client_idx), opt(c.value)}, m);
    };
    switch (which) {
        case 0: return setting(od::cfg_version{});
        case 1: return setting(od::cfg_cid{});
        case 2: { od::cfg_ssl c{}; c.client_idx = in.i32(); c.ssl_enable = in.opt_i32(); c.ssl_id = in.opt_i32();
                  return onemo_case(c, e{num(c.client_idx), opt(c.ssl_enable), opt(c.ssl_id)}, m); }
        case 3: return setting(od::cfg_keepalive{});
        case 4: return setting(od::cfg_clean{});
        case 5: { od::cfg_retrans c{}; c.client_idx = in.i32(); c.retrans_interval = in.opt_i32(); c.retry_times = in.opt_i32();
                  return onemo_case(c, e{num(c.client_idx), opt(c.retrans_interval), opt(c.retry_times)}, m); }
        case 6: { od::cfg_willoption c{}; c.client_idx = in.i32(); c.will_flag = in.opt_i32(); c.will_qos = in.opt_i32();
                  c.will_retain = in.opt_i32();
                  return onemo_case(c, e{num(c.client_idx), opt(c.will_flag), opt(c.will_qos), opt(c.will_retain)}, m); }
        case 7: { od::cfg_willpayload c{}; c.client_idx = in.i32(); c.will_topic = opt_bytes(); c.will_msg = opt_bytes();
                  c.format = in_format();
                  e want{num(c.client_idx), opt(c.will_topic)};
                  if (c.will_topic && c.will_msg) want.push_back(onemo_message(*c.will_msg, c.format));
                  return onemo_case(c, want, m); }
        case 8: return setting(od::cfg_pingreq{});
        case 9: return setting(od::cfg_pingresp{});
        case 10: { od::cfg_encoding c{}; c.client_idx = in.i32();
                   if (in.flag()) c.input = static_cast<od::input_format>(in.u8() % 4);
                   if (in.flag()) c.output = static_cast<od::output_format>(in.u8() % 3);
                   return onemo_case(c, e{num(c.client_idx), c.input ? num(static_cast<int>(*c.input)) : none(),
                                          c.output ? num(static_cast<int>(*c.output)) : none()}, m); }
        case 11: return setting(od::cfg_cached{});
        case 12: { od::cfg_reconn c{}; c.client_idx = in.i32(); c.reconn_times = in.opt_i32(); c.reconn_interval = in.opt_i32();
                   c.mode = in.opt_i32();
                   return onemo_case(c, e{num(c.client_idx), opt(c.reconn_times), opt(c.reconn_interval), opt(c.mode)}, m); }
        case 13: { od::cfg_query c{}; c.client_idx = in.i32(); return onemo_case(c, e{num(c.client_idx)}, m); }
        case 14: { od::connect c{}; c.client_idx = in.i32(); c.host = str(); c.port = in.opt_i32();
                   if (in.flag()) c.login = od::login{str(), str(), str()};
                   e want{num(c.client_idx), txt(std::string_view(c.host.data(), c.host.size())), opt(c.port)};
                   if (c.login) {
                       want.push_back(txt(std::string_view(c.login->clientid.data(), c.login->clientid.size())));
                       want.push_back(txt(std::string_view(c.login->username.data(), c.login->username.size())));
                       want.push_back(txt(std::string_view(c.login->password.data(), c.login->password.size())));
                   }
                   return onemo_case(c, want, m); }
        case 15: {
            od::subscribe c{};
            c.client_idx = in.i32();
            std::vector<od::topic_qos> topics(in.u8() % 5);
            e want{num(c.client_idx)};
            for (od::topic_qos& t : topics) {
                t.topic = str();
                t.qos = in.i32();
                want.push_back(txt(std::string_view(t.topic.data(), t.topic.size())));
                want.push_back(num(t.qos));
            }
            c.topics = {topics.data(), topics.size()};
            return onemo_case(c, want, m);
        }
        case 16: { od::list_subscriptions c{}; c.client_idx = in.i32(); return onemo_case(c, e{num(c.client_idx)}, m); }
        case 17: {
            od::unsubscribe c{};
            c.client_idx = in.i32();
            std::vector<bytes> topics(in.u8() % 5);
            e want{num(c.client_idx)};
            for (bytes& t : topics) {
                t = str();
                want.push_back(txt(std::string_view(t.data(), t.size())));
            }
            c.topics = {topics.data(), topics.size()};
            return onemo_case(c, want, m);
        }
        case 18: {
            od::publish c{};
            c.client_idx = in.i32();
            c.topic = str();
            c.qos = in.i32();
            c.retain = in.i32();
            c.dup = in.i32();
            c.message = opt_bytes();
            c.payload_len = in.opt_i32();
            c.format = in_format();
            // <msg_len>: as given, else counted from the message
            std::optional<std::int32_t> len = c.payload_len;
            if (!len && c.message) {
                result<std::size_t> counted = od::message_length(*c.message, c.format);
                if (counted) len = static_cast<std::int32_t>(*counted);
            }
            e want{num(c.client_idx), txt(std::string_view(c.topic.data(), c.topic.size())), num(c.qos), num(c.retain),
                   num(c.dup), opt(len)};
            if (c.message) want.push_back(onemo_message(*c.message, c.format));
            return onemo_case(c, want, m);
        }
        case 19: { od::receive c{}; c.client_idx = in.i32(); c.count = in.opt_i32();
                   return onemo_case(c, e{num(c.client_idx), opt(c.count)}, m); }
        case 20: { od::state c{}; c.client_idx = in.i32(); return onemo_case(c, e{num(c.client_idx)}, m); }
        case 21: { od::disconnect c{}; c.client_idx = in.i32(); return onemo_case(c, e{num(c.client_idx)}, m); }
        case 22: return onemo_form_case(od::test(od::cmd::mqttcfg));
        default: return onemo_form_case(od::test(od::cmd::mqttconn));
    }
}
constexpr std::size_t onemo_cases = 24;

// ---- USR ------------------------------------------------------------------------------------------
namespace ud = atmqtt::usr;

template <class C>
void usr_case(const C& c) {
    auto args = at::binding_of<C>::values(c);
    expect_list want;
    for (std::size_t i = 0; i < args.n; ++i) want.push_back(from_value(args.v[i]));
    check(at::binding_of<C>::row, at::form::set, want, ud::lexical, ud::commands,
          [&](mutable_bytes out) { return ud::encode(c, out); }, [&] { return ud::encoded_size(c); });
}

// usr::config_planner over a configuration built from the input (every field unchecked; the structs'
// layout: aliyun flag, server, port, client id, user name, password, region, product key, device secret,
// device name, device id, version, optional MQTTCFG (keepalive, clean session), optional MQTTWILL (the
// five fields), optional SSL (enabled flag, auth, count of certificates (each code, text), sni flag),
// subscriptions and publications (a count byte % 5, each num, topic, qos, retained, enabled flag), mode,
// and the buffer size to try first). Properties: next() in a buffer of that size either succeeds or is
// buffer_too_small (nothing written past the buffer) and keeps its step, so a retry with room enough
// gives the command; every command ends in CR and decodes against the dialect's table to the command
// the manual's order says (tests/dialects/usr_planner.hpp), the plan ending with AT+S; a failing command is a specific
// errc and ends the plan (next() is then at_missing_field).
void usr_planner(input& in) {
    auto str = [&] { std::string_view s = in.str(); return bytes(s); };
    ud::mqtt_config c{};
    c.aliyun = in.flag();
    c.server = str();
    c.port = in.i32();
    c.client_id = str();
    c.username = str();
    c.password = str();
    c.region = str();
    c.product_key = str();
    c.device_secret = str();
    c.device_name = str();
    c.device_id = str();
    c.version = in.i32();
    ud::cfg_session cfg{};
    if (in.flag()) {
        cfg.keepalive = in.i32();
        cfg.cleansession = in.i32();
        c.keepalive = &cfg;
    }
    ud::cfg_will will{};
    if (in.flag()) {
        will.will_flag = in.i32();
        will.topic = str();
        will.qos = in.i32();
        will.retain = in.i32();
        will.msg = str();
        c.will = &will;
    }
    ud::ssl_settings ssl{};
    std::vector<ud::cfg_ssl_certificate> certs;
    if (in.flag()) {
        ssl.enabled = in.flag();
        ssl.auth = static_cast<ud::ssl_auth>(in.u8() % 4);
        certs.resize(in.u8() % 4);
        for (ud::cfg_ssl_certificate& k : certs) {
            k.crt_code = static_cast<ud::certificate>(in.u8() % 4);
            k.crt_or_key = str();
        }
        ssl.certificates = {certs.data(), certs.size()};
        ssl.sni = in.flag();
        c.ssl = &ssl;
    }
    auto presets = [&] {
        std::vector<ud::topic_preset> v(in.u8() % 5);
        for (ud::topic_preset& t : v) {
            t.num = in.i32();
            t.topic = str();
            t.qos = in.i32();
            t.retain = in.i32();
            t.enabled = in.flag();
        }
        return v;
    };
    std::vector<ud::topic_preset> subs = presets();
    std::vector<ud::topic_preset> pubs = presets();
    c.subscribe = {subs.data(), subs.size()};
    c.publish = {pubs.data(), pubs.size()};
    c.mode = static_cast<ud::transfer_mode>(in.u8() % 3);
    const std::size_t first_cap = in.u8();

    // The manual's order (tests/dialects/usr_planner.hpp's header comment).
    std::vector<std::string_view> order{"WKMOD"};
    auto add = [&](bool when, std::string_view name, std::size_t times = 1) {
        for (std::size_t i = 0; when && i < times; ++i) order.push_back(name);
    };
    add(!c.aliyun, "MQTTSVR");
    add(!c.aliyun && !c.username.empty(), "MQTTUSER");
    add(!c.aliyun && !c.password.empty(), "MQTTPSW");
    add(!c.aliyun, "MQTTCID");
    for (std::string_view n : {"ALIREGION", "ALIPRODKEY", "ALIDEVSEC", "ALIDEVNAME", "ALIDEVID"}) add(c.aliyun, n);
    add(c.version != 0, "MQTTVER");
    add(c.keepalive != nullptr, "MQTTCFG");
    add(c.will != nullptr, "MQTTWILL");
    add(c.ssl != nullptr, "SSLEN");
    add(c.ssl != nullptr, "SSLAUTH");
    add(c.ssl != nullptr, "SSLCRT", certs.size());
    add(c.ssl != nullptr, "SSLCFG");
    add(c.aliyun, "MQTTMOD");
    add(true, "MQTTSUBTP", subs.size());
    add(true, "MQTTPUBTP", pubs.size());
    add(!c.aliyun, "MQTTMOD");
    add(true, "S");

    ud::config_planner plan(c);
    std::vector<char> buf;
    std::size_t made = 0;
    bool failed = false;
    while (!plan.done()) {
        ATMQTT_FUZZ_REQUIRE(made < order.size(), "the planner writes more commands than the configuration asks for");
        buf.assign(first_cap + canary_size, canary);
        result<std::size_t> r = plan.next(mutable_bytes(buf.data(), first_cap));
        for (std::size_t i = first_cap; i < buf.size(); ++i) ATMQTT_FUZZ_REQUIRE(buf[i] == canary, "the planner wrote past the buffer");
        if (!r && r.error() == errc::buffer_too_small) {
            ATMQTT_FUZZ_REQUIRE(!plan.done(), "buffer_too_small ends the plan");
            buf.assign(16384, canary);
            r = plan.next(mutable_bytes(buf.data(), buf.size()));
            ATMQTT_FUZZ_REQUIRE(r || r.error() != errc::buffer_too_small, "16 KiB is buffer_too_small");
        }
        if (!r) {
            ATMQTT_FUZZ_REQUIRE(r.error() != errc::ok && atmqtt::to_string(r.error()) != "unknown", "the planner fails without a specific errc");
            ATMQTT_FUZZ_REQUIRE(plan.done(), "a failed command does not end the plan");
            failed = true;
            break;
        }
        const bytes line(buf.data(), *r);
        ATMQTT_FUZZ_REQUIRE(*r >= 4 && line.back() == '\r', "a planned command does not end in CR");
        at::decoded_command<40> d;
        auto st = at::decode_command(ud::commands, line, d, ud::lexical);
        if (!st) std::fprintf(stderr, "decode: %s at %zu: %.*s\n", atmqtt::to_string(st.error()).data(), st.offset(), static_cast<int>(line.size()), line.data());
        ATMQTT_FUZZ_REQUIRE(st.ok(), "a planned command does not decode");
        ATMQTT_FUZZ_REQUIRE(d.desc->name == order[made], "the planner's order is not the manual's");
        ++made;
    }
    auto after = plan.next(mutable_bytes(buf.data(), buf.size()));
    ATMQTT_FUZZ_REQUIRE(!after && after.error() == errc::at_missing_field, "a finished plan writes again");
    ATMQTT_FUZZ_REQUIRE(failed || made == order.size(), "the plan ends before AT+S");
}

void usr(input& in, std::size_t which) {
    auto str = [&] { std::string_view s = in.str(); return bytes(s); };
    switch (which) {
        case 0: {
            if (in.flag()) { ud::cfg_work_mode_mqtt c{}; c.server = static_cast<ud::mqtt_server>(in.u8() % 3); return usr_case(c); }
            ud::cfg_work_mode c{}; c.mode = static_cast<ud::work_mode>(in.u8() % 7); return usr_case(c);
        }
        case 1: { ud::cfg_session c{}; c.keepalive = in.i32(); c.cleansession = in.i32(); return usr_case(c); }
        case 2: { ud::cfg_publish_topic c{}; c.pubnum = in.i32(); c.puben = in.i32(); c.topic = str(); c.qos = in.i32();
                  c.retain = in.i32(); return usr_case(c); }
        case 3: { ud::cfg_subscribe_topic c{}; c.subnum = in.i32(); c.suben = in.i32(); c.topic = str(); c.qos = in.i32();
                  return usr_case(c); }
        case 4: { ud::cfg_will c{}; c.will_flag = in.i32(); c.topic = str(); c.qos = in.i32(); c.retain = in.i32();
                  c.msg = str(); return usr_case(c); }
        case 5: { ud::cfg_transfer_mode c{}; c.mode = static_cast<ud::transfer_mode>(in.u8() % 3); return usr_case(c); }
        case 6: { ud::cfg_version c{}; c.ver = in.i32(); return usr_case(c); }
        case 7: { ud::cfg_server c{}; c.host = str(); c.port = in.opt_i32(); return usr_case(c); }
        case 8: { ud::cfg_client_id c{}; c.value = str(); return usr_case(c); }
        case 9: { ud::cfg_username c{}; c.value = str(); return usr_case(c); }
        case 10: { ud::cfg_password c{}; c.value = str(); return usr_case(c); }
        case 11: { ud::cfg_ali_region c{}; c.value = str(); return usr_case(c); }
        case 12: { ud::cfg_ali_product_key c{}; c.value = str(); return usr_case(c); }
        case 13: { ud::cfg_ali_device_secret c{}; c.value = str(); return usr_case(c); }
        case 14: { ud::cfg_ali_device_name c{}; c.value = str(); return usr_case(c); }
        case 15: { ud::cfg_ali_device_id c{}; c.value = str(); return usr_case(c); }
        case 16: { ud::cfg_ssl c{}; c.sta = static_cast<ud::on_off>(in.flag()); return usr_case(c); }
        case 17: { ud::cfg_ssl_certificate c{}; c.crt_code = static_cast<ud::certificate>(in.u8() % 4); c.crt_or_key = str();
                   return usr_case(c); }
        case 18: { ud::cfg_ssl_auth c{}; c.type = static_cast<ud::ssl_auth>(in.u8() % 4); return usr_case(c); }
        case 19: { ud::cfg_ssl_sni c{}; c.type = static_cast<ud::on_off>(in.flag()); return usr_case(c); }
        case 20:
            check(ud::cmd::save, at::form::execute, {}, ud::lexical, ud::commands,
                  [&](mutable_bytes out) { return ud::encode(ud::execute(ud::cmd::save), out); },
                  [&] { return ud::encoded_size(ud::execute(ud::cmd::save)); });
            return;
        case 22: return usr_planner(in);
        default: {  // test and read forms of any row
            const at::command& row = ud::commands[in.u8() % (sizeof ud::commands / sizeof ud::commands[0])];
            bool test = (in.u8() & 1u) != 0;
            at::form f = test ? at::form::test : at::form::read;
            check(row, f, {}, ud::lexical, ud::commands,
                  [&](mutable_bytes out) { return ud::encode(test ? ud::test(row) : ud::read(row), out); },
                  [&] { return at::command_size(ud::lexical, row, f, {}); });
            return;
        }
    }
}
constexpr std::size_t usr_cases = 23;

// ---- RisingHF -------------------------------------------------------------------------------------
namespace rd = atmqtt::risinghf;

template <class C>
void risinghf_case(const C& c, const expect_list& want) {
    check(at::binding_of<C>::row, at::form::set, want, rd::lexical, rd::commands,
          [&](mutable_bytes out) { return rd::encode(c, out); }, [&] { return rd::encoded_size(c); });
}
void risinghf_case(at::form_of f, const expect_list& want) {
    check(*f.row, f.which, want, rd::lexical, rd::commands,
          [&](mutable_bytes out) { return rd::encode(f, out); }, [&] { return rd::encoded_size(f); });
}

template <class C>
void risinghf_text_message(input& in) {
    C c{};
    c.topic = in.str();
    c.qos = in.i32();
    c.message = in.str();
    c.retain = in.opt_i32();
    risinghf_case(c, expect_list{txt(c.topic), num(c.qos), txt(c.message), opt(c.retain)});
}
template <class C>
void risinghf_binary_message(input& in) {
    C c{};
    c.topic = in.str();
    c.qos = in.i32();
    c.message = bytes(in.str());
    c.retain = in.opt_i32();
    risinghf_case(c, expect_list{txt(c.topic), num(c.qos), bin(c.message.data), opt(c.retain)});
}

void risinghf(input& in, std::size_t which) {
    using e = expect_list;
    switch (which) {
        case 0: { rd::cfg_mode c{}; c.mode = in.i32(); c.tls = in.i32(); c.recvmode = in.opt_i32();
                  return risinghf_case(c, e{num(c.mode), num(c.tls), opt(c.recvmode)}); }
        case 1: { rd::cfg_para c{}; c.timeout = in.i32(); c.clean = in.i32(); c.keepalive = in.i32();
                  c.version = in.flag() ? in.str() : (in.flag() ? "3.1" : "3.1.1");
                  return risinghf_case(c, e{none(), num(c.timeout), none(), num(c.clean), none(), num(c.keepalive), none(),
                                            txt(c.version)}); }
        case 2: { rd::cfg_user c{}; c.username = in.str(); c.password = in.str();
                  return risinghf_case(c, e{txt(c.username), txt(c.password)}); }
        case 3: { rd::cfg_addr c{}; c.host = in.str(); c.port = in.i32(); c.clientid = in.str();
                  return risinghf_case(c, e{txt(c.host), num(c.port), opt(c.clientid)}); }
        case 4: return risinghf_text_message<rd::cfg_will>(in);
        case 5: return risinghf_binary_message<rd::cfg_will_hex>(in);
        case 6: { rd::subscribe c{}; c.topic = in.str(); c.qos = in.i32(); return risinghf_case(c, e{txt(c.topic), num(c.qos)}); }
        case 7: { rd::unsubscribe c{}; c.topic = in.str(); return risinghf_case(c, e{txt(c.topic)}); }
        case 8: return risinghf_text_message<rd::publish>(in);
        case 9: return risinghf_binary_message<rd::publish_hex>(in);
        case 10: { rd::publish_ex c{}; c.topic = in.str(); c.qos = in.i32(); c.retain = in.i32(); c.payload_len = in.i32();
                   return risinghf_case(c, e{txt(c.topic), num(c.qos), num(c.retain), num(c.payload_len)}); }
        case 11: { rd::cfg_auth c{}; c.producekey = in.str(); c.devicename = in.str(); c.devicesecret = in.str();
                   return risinghf_case(c, e{txt(c.producekey), txt(c.devicename), txt(c.devicesecret)}); }
        case 12: { rd::dynreg_save c{}; const bool save = in.flag(); c.mode = in.i32(); c.producekey = in.str();
                   c.devicename = in.str(); c.producesecret = in.str();
                   const e want{num(c.mode), txt(c.producekey), txt(c.devicename), txt(c.producesecret)};
                   if (save) return risinghf_case(c, want);
                   return risinghf_case(static_cast<const rd::dynreg_nosave&>(c), want); }
        case 13: { rd::cfg_recvmode c{}; c.recvmode = in.i32(); return risinghf_case(c, e{num(c.recvmode)}); }
        case 14: { rd::receive c{}; c.count = in.i32(); return risinghf_case(c, e{num(c.count)}); }
        case 15: return risinghf_case(rd::connect, e{});
        case 16: return risinghf_case(rd::disconnect, e{});
        case 17: return risinghf_case(rd::dynreg_query, e{});
        case 18: return risinghf_case(rd::test(rd::cmd::imqttrecvmode), e{});
        case 19: return risinghf_case(rd::read(rd::cmd::imqttmode), e{});
        case 20: return risinghf_case(rd::read(rd::cmd::imqttpara), e{});
        case 21: return risinghf_case(rd::test(rd::cmd::imqttpub), e{});
        default: {  // any form of any row through the writer with the dialect's syntax
            const at::command& row = rd::commands[in.u8() % (sizeof rd::commands / sizeof rd::commands[0])];
            at::form f = static_cast<at::form>(1u << (in.u8() % 4));
            if (f == at::form::set) f = at::form::test;
            check(row, f, {}, rd::lexical, rd::commands,
                  [&](mutable_bytes out) { return at::write_command(rd::lexical, row, f, {}, out); },
                  [&] { return at::command_size(rd::lexical, row, f, {}); });
            return;
        }
    }
}
constexpr std::size_t risinghf_cases = 23;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    input in{data, size, 1};
    const std::size_t pick = data[0] >> 2;
    switch (data[0] & 3u) {
        case 0: quectel(in, pick % quectel_cases); break;
        case 1: onemo(in, pick % onemo_cases); break;
        case 2: usr(in, pick % usr_cases); break;
        default: risinghf(in, pick % risinghf_cases); break;
    }
    return 0;
}
