// Quectel dialect: the answers to the setting queries through the AT core's one way (the item's row, at::decode_with), AT+QMTCFG="<item>",<client_idx> (every item
// of §3.3.1, answer lines as the manual prints them) and AT+QSSLCFG="<item>",<sslctxid> (the items of the
// §5.2 TLS example). Every field checked exactly, at compile time; bracketed tails present and absent;
// wrong item, wrong command and out-of-range values with their exact errc.
#include "../catch.hpp"

#include <atmqtt/dialect/quectel.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace {
namespace q = atmqtt::quectel;
using atmqtt::errc;

template <class R>
constexpr errc error_of(const R& r) { return r.ok() ? errc::ok : r.error(); }

// One value of a query answer as the tests compare it: an integer, a text, or absent.
struct value {
    atmqtt::at::field_value v{};
    constexpr bool has_value() const { return v.present(); }
    constexpr bool empty() const { return v.text.empty(); }
    friend constexpr bool operator==(const value& a, std::int32_t n) {
        return a.v.kind == atmqtt::at::value_kind::integer && a.v.number == n;
    }
    friend constexpr bool operator==(const value& a, std::optional<std::int32_t> n) { return n ? a == *n : !a.has_value(); }
    friend constexpr bool operator==(const value& a, std::string_view t) { return a.v.present() && a.v.text == t; }
};
// The values of a query answer by the row's field index (the item's selector is not among them).
struct answer_values {
    value values[6];
};
constexpr atmqtt::result<answer_values> query(q::line_index row, atmqtt::bytes text) {
    const auto r = atmqtt::at::decode_with<8>(q::lines[row], atmqtt::at::line_event(text), q::lexical, q::prefix_aliases);
    if (!r) return {r.error(), r.offset()};
    answer_values out{};
    for (std::size_t i = 0; i < r->count; ++i) out.values[r->values[i].spec] = value{r->values[i]};
    return out;
}
}  // namespace

TEST_CASE("quectel query answers: one-value QMTCFG items") {
    STATIC_REQUIRE(query(q::line_cfg_version, ("+QMTCFG: \"version\",4"))->values[0] == 4);
    STATIC_REQUIRE(query(q::line_cfg_version, ("+QMTCFG: \"version\",3"))->values[0] == 3);
    STATIC_REQUIRE(query(q::line_cfg_pdpcid, ("+QMTCFG: \"pdpcid\",15"))->values[0] == 15);
    STATIC_REQUIRE(query(q::line_cfg_keepalive, ("+QMTCFG: \"keepalive\",120"))->values[0] == 120);
    STATIC_REQUIRE(query(q::line_cfg_keepalive, ("+QMTCFG: \"keepalive\",0"))->values[0] == 0);
    STATIC_REQUIRE(query(q::line_cfg_session, ("+QMTCFG: \"session\",1"))->values[0] == 1);
    STATIC_REQUIRE(query(q::line_cfg_qmtping, ("+QMTCFG: \"qmtping\",60"))->values[0] == 60);
    STATIC_REQUIRE(query(q::line_cfg_send_mode, ("+QMTCFG: \"send/mode\",1"))->values[0] == 1);
    STATIC_REQUIRE(query(q::line_cfg_view_mode, ("+QMTCFG: \"view/mode\",0"))->values[0] == 0);
}

TEST_CASE("quectel query answers: QMTCFG items with several values") {
    constexpr auto timeout = query(q::line_cfg_timeout, "+QMTCFG: \"timeout\",5,3,0");
    STATIC_REQUIRE(timeout->values[0] == 5);
    STATIC_REQUIRE(timeout->values[1] == 3);
    STATIC_REQUIRE(timeout->values[2] == 0);

    constexpr auto recv = query(q::line_cfg_recv_mode, "+QMTCFG: \"recv/mode\",0,1");
    STATIC_REQUIRE(recv->values[0] == 0);
    STATIC_REQUIRE(recv->values[1] == 1);

    constexpr auto ali = query(q::line_cfg_aliauth, 
        "+QMTCFG: \"aliauth\",\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"");
    STATIC_REQUIRE(ali->values[0] == "oyjtmPI5a5j");
    STATIC_REQUIRE(ali->values[1] == "MQTT_TEST");
    STATIC_REQUIRE(ali->values[2] == "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ");

    constexpr auto onenet = query(q::line_cfg_onenet, "+QMTCFG: \"onenet\",\"123456\",\"accesskey\"");
    STATIC_REQUIRE(onenet->values[0] == "123456");
    STATIC_REQUIRE(onenet->values[1] == "accesskey");

    constexpr auto format = query(q::line_cfg_dataformat, "+QMTCFG: \"dataformat\",0,1");
    STATIC_REQUIRE(format->values[0] == 0);
    STATIC_REQUIRE(format->values[1] == 1);

    // the one answer that repeats <client_idx>
    constexpr auto check = query(q::line_cfg_protocol_check, "+QMTCFG: \"protocol/check\",3,1");
    STATIC_REQUIRE(check->values[0] == 3);
    STATIC_REQUIRE(check->values[1] == 1);
}

TEST_CASE("quectel query answers: bracketed tails, present and absent") {
    constexpr auto ssl_on = query(q::line_cfg_ssl, "+QMTCFG: \"ssl\",1,2");
    STATIC_REQUIRE(ssl_on->values[0] == 1);
    STATIC_REQUIRE(ssl_on->values[1] == std::optional<std::int32_t>(2));
    constexpr auto ssl_off = query(q::line_cfg_ssl, "+QMTCFG: \"SSL\",0");  // the manual's upper-case item
    STATIC_REQUIRE(ssl_off->values[0] == 0);
    STATIC_REQUIRE(!ssl_off->values[1].has_value());

    constexpr auto will = query(q::line_cfg_will, "+QMTCFG: \"will\",1,1,0,\"will/topic\",\"offline\"");
    STATIC_REQUIRE(will->values[0] == 1);
    STATIC_REQUIRE(will->values[1] == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(will->values[2] == std::optional<std::int32_t>(0));
    STATIC_REQUIRE(will->values[3] == "will/topic");
    STATIC_REQUIRE(will->values[4] == "offline");
    constexpr auto no_will = query(q::line_cfg_will, "+QMTCFG: \"will\",0");
    STATIC_REQUIRE(no_will->values[0] == 0);
    STATIC_REQUIRE(!no_will->values[1].has_value());
    STATIC_REQUIRE(!no_will->values[2].has_value());
    STATIC_REQUIRE(no_will->values[3].empty());
    STATIC_REQUIRE(no_will->values[4].empty());

    constexpr auto willex = query(q::line_cfg_willex, "+QMTCFG: \"willex\",1,2,1,\"will/topic\",7");
    STATIC_REQUIRE(willex->values[0] == 1);
    STATIC_REQUIRE(willex->values[1] == std::optional<std::int32_t>(2));
    STATIC_REQUIRE(willex->values[2] == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(willex->values[3] == "will/topic");
    STATIC_REQUIRE(willex->values[4] == std::optional<std::int32_t>(7));
    constexpr auto no_willex = query(q::line_cfg_willex, "+QMTCFG: \"willex\",0");
    STATIC_REQUIRE(!no_willex->values[4].has_value());
    STATIC_REQUIRE(no_willex->values[3].empty());

    constexpr auto hw = query(q::line_cfg_hwauth, "+QMTCFG: \"hwauth\",\"prod01\",\"secret01\",1");
    STATIC_REQUIRE(hw->values[0] == "prod01");
    STATIC_REQUIRE(hw->values[1] == "secret01");
    STATIC_REQUIRE(hw->values[2] == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(!query(q::line_cfg_hwauth, ("+QMTCFG: \"hwauth\",\"prod01\",\"secret01\""))->values[2].has_value());

    constexpr auto prod = query(q::line_cfg_hwprodid, "+QMTCFG: \"hwprodid\",\"prod01\",\"psecret01\",\"node01\"");
    STATIC_REQUIRE(prod->values[0] == "prod01");
    STATIC_REQUIRE(prod->values[1] == "psecret01");
    STATIC_REQUIRE(prod->values[2] == "node01");
    STATIC_REQUIRE(!prod->values[3].has_value());
    STATIC_REQUIRE(query(q::line_cfg_hwprodid, ("+QMTCFG: \"hwprodid\",\"p\",\"s\",\"n\",0"))->values[3] ==
                   std::optional<std::int32_t>(0));

    constexpr auto edit = query(q::line_cfg_edit_timeout, "+QMTCFG: \"edit/timeout\",1,60");
    STATIC_REQUIRE(edit->values[0] == 1);
    STATIC_REQUIRE(edit->values[1] == std::optional<std::int32_t>(60));
    STATIC_REQUIRE(!query(q::line_cfg_edit_timeout, ("+QMTCFG: \"edit/timeout\",0"))->values[1].has_value());
}

TEST_CASE("quectel query answers: QSSLCFG items of the TLS example") {
    constexpr auto ca = query(q::line_ssl_cacert, "+QSSLCFG: \"cacert\",2,\"UFS:cacert.pem\"");
    STATIC_REQUIRE(ca->values[0] == 2);
    STATIC_REQUIRE(ca->values[1] == "UFS:cacert.pem");
    STATIC_REQUIRE(query(q::line_ssl_cacert, ("+QSSLCFG: \"cacert\",0,\"\""))->values[1].empty());  // none configured
    constexpr auto cert = query(q::line_ssl_clientcert, "+QSSLCFG: \"clientcert\",2,\"UFS:client.pem\"");
    STATIC_REQUIRE(cert->values[0] == 2);
    STATIC_REQUIRE(cert->values[1] == "UFS:client.pem");
    constexpr auto key = query(q::line_ssl_clientkey, "+QSSLCFG: \"clientkey\",2,\"UFS:user_key.pem\"");
    STATIC_REQUIRE(key->values[1] == "UFS:user_key.pem");
    constexpr auto level = query(q::line_ssl_seclevel, "+QSSLCFG: \"seclevel\",2,2");
    STATIC_REQUIRE(level->values[0] == 2);
    STATIC_REQUIRE(level->values[1] == 2);
    constexpr auto version = query(q::line_ssl_version, "+QSSLCFG: \"sslversion\",2,4");
    STATIC_REQUIRE(version->values[1] == 4);
    constexpr auto suite = query(q::line_ssl_ciphersuite, "+QSSLCFG: \"ciphersuite\",2,0XFFFF");
    STATIC_REQUIRE(suite->values[1] == "0XFFFF");
    STATIC_REQUIRE(query(q::line_ssl_ciphersuite, ("+QSSLCFG: \"ciphersuite\",2,\"0x0035\""))->values[1] == "0x0035");
    constexpr auto ltime = query(q::line_ssl_ignorelocaltime, "+QSSLCFG: \"ignorelocaltime\",2,1");
    STATIC_REQUIRE(ltime->values[0] == 2);
    STATIC_REQUIRE(ltime->values[1] == 1);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QSSLCFG: \"SSLVersion\",2,4")) == q::line_ssl_version);
}

TEST_CASE("quectel query answers: wrong item, wrong command, bad values") {
    // another item of the same command: at_invalid_enum; another command: at_unknown_response
    constexpr auto other_item = query(q::line_cfg_keepalive, "+QMTCFG: \"session\",1");
    STATIC_REQUIRE(error_of(other_item) == errc::at_invalid_enum);
    STATIC_REQUIRE(other_item.offset() == 9);  // the selector
    STATIC_REQUIRE(error_of(query(q::line_ssl_seclevel, "+QSSLCFG: \"sslversion\",2,4")) == errc::at_invalid_enum);
    STATIC_REQUIRE(error_of(query(q::line_ssl_seclevel, "+QMTCFG: \"keepalive\",1")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(query(q::line_cfg_keepalive, "+QSSLCFG: \"seclevel\",2,2")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(query(q::line_cfg_keepalive, "+QMTOPEN: 0,0")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(query(q::line_cfg_keepalive, "OK")) == errc::at_unknown_response);
    // an item the table does not know, at the selector's offset (the manual's §5.2 typo among them)
    constexpr auto typo = query(q::line_ssl_seclevel, "+QSSLCFG: \"secllevel\",2,2");
    STATIC_REQUIRE(error_of(typo) == errc::at_invalid_enum);
    STATIC_REQUIRE(typo.offset() == 10);
    STATIC_REQUIRE(error_of(query(q::line_cfg_version, "+QMTCFG: \"ver\",4")) == errc::at_invalid_enum);
    // values outside the item's range, with the offending field's offset
    constexpr auto big = query(q::line_cfg_keepalive, "+QMTCFG: \"keepalive\",3601");
    STATIC_REQUIRE(error_of(big) == errc::out_of_range);
    STATIC_REQUIRE(big.offset() == 21);
    STATIC_REQUIRE(error_of(query(q::line_cfg_version, "+QMTCFG: \"version\",5")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_cfg_pdpcid, "+QMTCFG: \"pdpcid\",0")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_cfg_qmtping, "+QMTCFG: \"qmtping\",4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_cfg_will, "+QMTCFG: \"will\",1,3,0,\"t\",\"m\"")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_ssl_seclevel, "+QSSLCFG: \"seclevel\",2,3")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_ssl_version, "+QSSLCFG: \"sslversion\",6,4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(query(q::line_ssl_ignorelocaltime, "+QSSLCFG: \"ignorelocaltime\",2,2")) == errc::out_of_range);
    // missing and surplus fields
    STATIC_REQUIRE(error_of(query(q::line_cfg_timeout, "+QMTCFG: \"timeout\",5,3")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(query(q::line_cfg_will, "+QMTCFG: \"will\",1,1,0,\"t\"")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(query(q::line_ssl_cacert, "+QSSLCFG: \"cacert\",2")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(query(q::line_cfg_session, "+QMTCFG: \"session\",1,1")) == errc::at_too_many_fields);
    // an empty field and a signed zero where an integer belongs
    STATIC_REQUIRE(error_of(query(q::line_cfg_keepalive, "+QMTCFG: \"keepalive\",")) == errc::at_invalid_integer);
    STATIC_REQUIRE(query(q::line_cfg_keepalive, "+QMTCFG: \"keepalive\",").offset() == 21);
    STATIC_REQUIRE(error_of(query(q::line_cfg_keepalive, "+QMTCFG: \"keepalive\",-0")) == errc::at_invalid_integer);
}
