// Every command row of the four dialects, differentially: written through its row packed at compile time
// (at::packed_of<row, rules> and the rules packed with it: the typed encode's path) and through the table
// row at run time (at::write_command + at::check_row_rules: the `atmqtt at encode` path), boundary values
// give the same bytes, the same size and the same errc at the same argument index. The values: integers
// at and beyond their range (and beyond 32 bits), texts at and beyond their length with characters that
// need quotes or escapes, every word and one that is not, literals, binary, omitted values, values of the
// wrong kind, every argument count, pairs of values for rows with rules, and buffers that are too small.
// Each packed parameter also reads back as the table's (range, kind, quoting, flags, words, default).
#include "../catch.hpp"

#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace at = atmqtt::at;
using atmqtt::errc;
using atmqtt::span;
using value = at::value;

struct outcome {
    errc error = errc::ok;
    std::size_t offset = 0;  // the argument index of an error, or the bytes written
    std::string bytes;
};

outcome outcome_of(atmqtt::result<std::size_t> r, const char* buf) {
    if (!r) return {r.error(), r.offset(), {}};
    return {errc::ok, *r, std::string(buf, *r)};
}

// Texts the values view: runs of 'a' for lengths, and texts a writer must quote, escape or refuse.
const std::string letters(5000, 'a');
const std::string octets = [] {
    std::string s(5000, '\0');
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>(i * 37u);
    return s;
}();
const std::string_view awkward[] = {"",        "a,\"b\\c d", " lead",      "trail ", "(x", "<x>",
                                    "?x",      "line\r\nend", "\xEF\xBC\x8C", "\"",    "\\", "x\ty"};

void add_length(std::vector<value>& to, std::int64_t n, bool binary) {
    if (n < 0 || n > static_cast<std::int64_t>(letters.size())) return;
    const std::string_view v = std::string_view(binary ? octets : letters).substr(0, static_cast<std::size_t>(n));
    to.push_back(binary ? value::binary(v) : value(v));
}

// The values tried at a parameter: the edges of what it takes, just beyond them, and other kinds.
std::vector<value> candidates(const at::field_spec& f) {
    std::vector<value> c{value(), value(0), value(std::string_view("1")), value::binary(std::string_view("\x01", 1))};
    switch (f.type) {
        case at::field_type::integer:
            for (std::int64_t x : {std::int64_t{f.min} - 1, std::int64_t{f.min}, std::int64_t{f.min} + 1,
                                   std::int64_t{f.max} - 1, std::int64_t{f.max}, std::int64_t{f.max} + 1,
                                   std::int64_t{INT32_MAX} + 1, std::int64_t{INT32_MIN} - 1})
                c.push_back(value(x));
            break;
        case at::field_type::string:
        case at::field_type::hex:
            for (std::int64_t n : {std::int64_t{f.min} - 1, std::int64_t{f.min}, std::int64_t{f.max},
                                   std::int64_t{f.max} + 1})
                add_length(c, n, f.type == at::field_type::hex);
            for (std::string_view s : awkward) c.push_back(value(s));
            break;
        case at::field_type::word:
        case at::field_type::literal:
            for (std::size_t k = 0; !at::nth_word(f.words, k).empty(); ++k) c.push_back(value(at::nth_word(f.words, k)));
            c.push_back(value(f.words));
            c.push_back(value(std::string_view("nope")));
            for (std::string_view s : awkward) c.push_back(value(s));
            break;
        default:
            break;
    }
    return c;
}

// A value the parameter takes: its smallest (high = false) or largest.
value taken(const at::field_spec& f, bool high) {
    switch (f.type) {
        case at::field_type::integer: return value(high ? f.max : f.min);
        case at::field_type::string:
            return value(std::string_view(letters).substr(0, static_cast<std::size_t>(high ? f.max : (f.min > 0 ? f.min : 1))));
        case at::field_type::hex: return value::binary(std::string_view(octets).substr(0, static_cast<std::size_t>(f.min)));
        case at::field_type::word: return value(at::nth_word(f.words, 0));
        case at::field_type::literal: return value(f.words);
        default: return value();
    }
}

// One row: the packed path and the run-time path over every argument list, compared.
template <const at::syntax& S, const at::command& C, const at::row_rules& R>
std::size_t compare_row() {
    std::vector<char> a(16384), b(16384);
    auto packed = [&](span<const value> args, std::size_t room) {
        at::detail::line_cursor cursor(atmqtt::mutable_bytes(a.data(), room));
        outcome o = outcome_of(at::detail::write_set<R.size() != 0>(cursor, at::fixed_syntax<S>{}, at::packed_of<C, R>,
                                                                     args, 0),
                               a.data());
        at::detail::line_cursor count;
        auto n = at::detail::write_set<R.size() != 0>(count, at::fixed_syntax<S>{}, at::packed_of<C, R>, args, 0);
        CHECK(n.ok() == (o.error == errc::ok || o.error == errc::buffer_too_small));
        if (n && o.error == errc::ok) CHECK(*n == o.offset);
        return o;
    };
    auto table = [&](span<const value> args, std::size_t room) {
        outcome o = outcome_of(at::write_command(S, C, at::form::set, args, atmqtt::mutable_bytes(b.data(), room)), b.data());
        auto n = at::command_size(S, C, at::form::set, args);
        if (n && o.error == errc::ok) CHECK(*n == o.offset);
        // The rules once the writer accepts every argument (the tool: command_size, then the rules).
        const atmqtt::status rules = n ? at::check_row_rules(R, C, at::form::set, args) : atmqtt::status{};
        if (!rules) return outcome{rules.error(), rules.offset(), {}};
        return o;
    };
    std::size_t cases = 0;
    auto compare = [&](const std::vector<value>& args) {
        const span<const value> v(args.data(), args.size());
        for (std::size_t room : {a.size(), std::size_t{9}}) {
            const outcome p = packed(v, room), t = table(v, room);
            CAPTURE(std::string(C.name), std::string(C.selector), args.size(), room, atmqtt::to_string(p.error), p.offset, p.bytes);
            CHECK(p.error == t.error);
            CHECK(p.offset == t.offset);
            CHECK(p.bytes == t.bytes);
            ++cases;
        }
    };

    // The packed parameters read back as the table's (names and text defaults aside), defaults too.
    for (std::size_t i = 0; i < C.params.size(); ++i) {
        const at::field_spec p = at::packed_of<C, R>.param(i), &t = C.params[i];
        const bool kept = t.has_default() && !t.has_text_default();
        CAPTURE(std::string(C.name), std::string(C.selector), i);
        CHECK((p.min == t.min && p.max == t.max && p.type == t.type && p.quote == t.quote));
        CHECK((p.is_optional() == t.is_optional() && p.lowercase_hex() == t.lowercase_hex()));
        CHECK((p.has_default() == kept && p.def == (kept ? t.def : 0) && !p.has_text_default()));
        if (t.type == at::field_type::word || t.type == at::field_type::literal) CHECK(p.words == t.words);
    }
    // Up to two groups of a repeated group (and the argument counts up to one group more than that).
    const std::size_t fixed = C.params.size() - C.repeat;
    const std::size_t groups = C.repeat == 0 ? 0 : (C.repeat_max < 2 ? C.repeat_max : 2u);
    const std::size_t full = fixed + std::size_t{C.repeat} * groups;
    const std::size_t longest = full + C.repeat;
    auto param = [&](std::size_t i) { return at::detail::param_at(at::packed_row(C), i); };
    for (bool high : {false, true}) {
        std::vector<value> base;
        for (std::size_t i = 0; i < longest; ++i) base.push_back(taken(param(i), high));
        for (std::size_t n = 0; n <= longest; ++n)
            compare(std::vector<value>(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(n)));
        base.resize(full);
        for (std::size_t i = 0; i < full; ++i) {
            for (const value& x : candidates(param(i))) {
                std::vector<value> args = base;
                args[i] = x;
                compare(args);
                args.resize(i + 1);  // x as the last argument given
                compare(args);
            }
        }
        if (at::packed_of<C, R>.rule_count == 0) continue;
        // Pairs of integers for the rules between parameters (the rules name fixed parameters).
        for (std::size_t i = 0; i < fixed; ++i) {
            for (std::size_t j = i + 1; j < fixed; ++j) {
                for (const value& x : candidates(param(i))) {
                    for (const value& y : candidates(param(j))) {
                        if (x.type() != value::kind::integer && !x.is_omitted()) continue;
                        if (y.type() != value::kind::integer && !y.is_omitted()) continue;
                        std::vector<value> args = base;
                        args[i] = x;
                        args[j] = y;
                        compare(args);
                        args.resize(j + 1);
                        compare(args);
                    }
                }
            }
        }
    }
    return cases;
}

template <const at::syntax& S, const at::row_rules& R, const at::command&... Rows>
std::size_t compare_rows() {
    return (compare_row<S, Rows, R>() + ...);
}

}  // namespace

TEST_CASE("packed rows: every row of the four dialects writes as its table row") {
    namespace q = atmqtt::quectel;
    namespace om = atmqtt::onemo;
    namespace rh = atmqtt::risinghf;
    namespace u = atmqtt::usr;
    CHECK(compare_rows<q::full_lexical, q::rules, q::cmd::qmtcfg, q::cmd::cfg_version, q::cmd::cfg_pdpcid, q::cmd::cfg_ssl,
                       q::cmd::cfg_keepalive, q::cmd::cfg_session, q::cmd::cfg_timeout, q::cmd::cfg_will, q::cmd::cfg_willex,
                       q::cmd::cfg_recv_mode, q::cmd::cfg_aliauth, q::cmd::cfg_qmtping, q::cmd::cfg_send_mode,
                       q::cmd::cfg_onenet, q::cmd::cfg_hwauth, q::cmd::cfg_hwprodid, q::cmd::cfg_dataformat,
                       q::cmd::cfg_view_mode, q::cmd::cfg_edit_timeout, q::cmd::cfg_protocol_check, q::cmd::qmtopen,
                       q::cmd::qmtclose, q::cmd::qmtconn, q::cmd::qmtdisc, q::cmd::qmtsub, q::cmd::qmtuns,
                       q::cmd::qmtpubex, q::cmd::qmtrecv, q::cmd::ssl_cacert, q::cmd::ssl_clientcert,
                       q::cmd::ssl_clientkey, q::cmd::ssl_seclevel, q::cmd::ssl_version, q::cmd::ssl_ciphersuite,
                       q::cmd::ssl_ignorelocaltime, q::cmd::qfupl>() > 1000);
    CHECK(compare_rows<om::lexical, om::rules, om::cmd::mqttcfg, om::cmd::cfg_version, om::cmd::cfg_cid, om::cmd::cfg_ssl,
                       om::cmd::cfg_keepalive, om::cmd::cfg_clean, om::cmd::cfg_retrans, om::cmd::cfg_willoption,
                       om::cmd::cfg_willpayload, om::cmd::cfg_pingreq, om::cmd::cfg_pingresp, om::cmd::cfg_encoding,
                       om::cmd::cfg_cached, om::cmd::cfg_reconn, om::cmd::cfg_query, om::cmd::mqttconn, om::cmd::mqttsub,
                       om::cmd::mqttsub_list, om::cmd::mqttunsub, om::cmd::mqttpub, om::cmd::mqttread,
                       om::cmd::mqttstate, om::cmd::mqttdisc>() > 1000);
    CHECK(compare_rows<rh::full_lexical, at::no_row_rules, rh::cmd::imqttmode, rh::cmd::imqttpara, rh::cmd::imqttuser,
                       rh::cmd::imqttaddr, rh::cmd::imqttlwt, rh::cmd::imqttlwtbin, rh::cmd::imqttconn,
                       rh::cmd::imqttdisconn, rh::cmd::imqttsub, rh::cmd::imqttunsub, rh::cmd::imqttpub,
                       rh::cmd::imqttpubin, rh::cmd::imqttpubex, rh::cmd::imqttstate, rh::cmd::imqttauth,
                       rh::cmd::imqttdynreg, rh::cmd::imqttdynreg_nosave, rh::cmd::imqttdynreg_save,
                       rh::cmd::imqttdynreg_query, rh::cmd::imqttrecvmode, rh::cmd::imqttrecv>() > 1000);
    CHECK(compare_rows<u::lexical, at::no_row_rules, u::cmd::wkmod, u::cmd::wkmod_mqtt, u::cmd::mqttcfg, u::cmd::mqttpubtp,
                       u::cmd::mqttsubtp, u::cmd::mqttwill, u::cmd::mqttmod, u::cmd::mqttver, u::cmd::mqttsvr,
                       u::cmd::mqttcid, u::cmd::mqttuser, u::cmd::mqttpsw, u::cmd::mqttsta, u::cmd::aliregion,
                       u::cmd::aliprodkey, u::cmd::alidevsec, u::cmd::alidevname, u::cmd::alidevid, u::cmd::sslen,
                       u::cmd::sslcrt, u::cmd::sslauth, u::cmd::sslcfg, u::cmd::save>() > 1000);
}
