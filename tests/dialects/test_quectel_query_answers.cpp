// Quectel dialect: the typed answers to the setting queries, AT+QMTCFG="<item>",<client_idx> (every item
// of §3.3.1, answer lines as the manual prints them) and AT+QSSLCFG="<item>",<sslctxid> (the items of the
// §5.2 TLS example). Every field checked exactly, at compile time; bracketed tails present and absent;
// wrong item, wrong command and out-of-range values with their exact errc.
#include "../catch.hpp"

#include <atmqtt/dialect/quectel.hpp>

#include <optional>

namespace {
namespace q = atmqtt::quectel;
using atmqtt::errc;

template <class R>
constexpr errc error_of(const R& r) { return r.ok() ? errc::ok : r.error(); }
}  // namespace

TEST_CASE("quectel query answers: one-value QMTCFG items") {
    STATIC_REQUIRE(q::decode_cfg_version("+QMTCFG: \"version\",4")->vsn == 4);
    STATIC_REQUIRE(q::decode_cfg_version("+QMTCFG: \"version\",3")->vsn == 3);
    STATIC_REQUIRE(q::decode_cfg_pdpcid("+QMTCFG: \"pdpcid\",15")->cid == 15);
    STATIC_REQUIRE(q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",120")->keep_alive_time == 120);
    STATIC_REQUIRE(q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",0")->keep_alive_time == 0);
    STATIC_REQUIRE(q::decode_cfg_session("+QMTCFG: \"session\",1")->clean_session == 1);
    STATIC_REQUIRE(q::decode_cfg_qmtping("+QMTCFG: \"qmtping\",60")->qmtping_interval == 60);
    STATIC_REQUIRE(q::decode_cfg_send_mode("+QMTCFG: \"send/mode\",1")->send_mode == 1);
    STATIC_REQUIRE(q::decode_cfg_view_mode("+QMTCFG: \"view/mode\",0")->view_mode == 0);
}

TEST_CASE("quectel query answers: QMTCFG items with several values") {
    constexpr auto timeout = q::decode_cfg_timeout("+QMTCFG: \"timeout\",5,3,0");
    STATIC_REQUIRE(timeout->pkt_timeout == 5);
    STATIC_REQUIRE(timeout->retry_times == 3);
    STATIC_REQUIRE(timeout->timeout_notice == 0);

    constexpr auto recv = q::decode_cfg_recv_mode("+QMTCFG: \"recv/mode\",0,1");
    STATIC_REQUIRE(recv->msg_rcv_mode == 0);
    STATIC_REQUIRE(recv->msg_len_enable == 1);

    constexpr auto ali = q::decode_cfg_aliauth(
        "+QMTCFG: \"aliauth\",\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"");
    STATIC_REQUIRE(ali->product_key == "oyjtmPI5a5j");
    STATIC_REQUIRE(ali->device_name == "MQTT_TEST");
    STATIC_REQUIRE(ali->device_secret == "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ");

    constexpr auto onenet = q::decode_cfg_onenet("+QMTCFG: \"onenet\",\"123456\",\"accesskey\"");
    STATIC_REQUIRE(onenet->product_id == "123456");
    STATIC_REQUIRE(onenet->access_key == "accesskey");

    constexpr auto format = q::decode_cfg_dataformat("+QMTCFG: \"dataformat\",0,1");
    STATIC_REQUIRE(format->send_mode == 0);
    STATIC_REQUIRE(format->recv_mode == 1);

    // the one answer that repeats <client_idx>
    constexpr auto check = q::decode_cfg_protocol_check("+QMTCFG: \"protocol/check\",3,1");
    STATIC_REQUIRE(check->client_idx == 3);
    STATIC_REQUIRE(check->protocol_check_enable == 1);
}

TEST_CASE("quectel query answers: bracketed tails, present and absent") {
    constexpr auto ssl_on = q::decode_cfg_ssl("+QMTCFG: \"ssl\",1,2");
    STATIC_REQUIRE(ssl_on->ssl_enable == 1);
    STATIC_REQUIRE(ssl_on->ssl_ctx_idx == std::optional<std::int32_t>(2));
    constexpr auto ssl_off = q::decode_cfg_ssl("+QMTCFG: \"SSL\",0");  // the manual's upper-case item
    STATIC_REQUIRE(ssl_off->ssl_enable == 0);
    STATIC_REQUIRE(!ssl_off->ssl_ctx_idx.has_value());

    constexpr auto will = q::decode_cfg_will("+QMTCFG: \"will\",1,1,0,\"will/topic\",\"offline\"");
    STATIC_REQUIRE(will->will_fg == 1);
    STATIC_REQUIRE(will->will_qos == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(will->will_retain == std::optional<std::int32_t>(0));
    STATIC_REQUIRE(will->willtopic == "will/topic");
    STATIC_REQUIRE(will->willmessage == "offline");
    constexpr auto no_will = q::decode_cfg_will("+QMTCFG: \"will\",0");
    STATIC_REQUIRE(no_will->will_fg == 0);
    STATIC_REQUIRE(!no_will->will_qos.has_value());
    STATIC_REQUIRE(!no_will->will_retain.has_value());
    STATIC_REQUIRE(no_will->willtopic.empty());
    STATIC_REQUIRE(no_will->willmessage.empty());

    constexpr auto willex = q::decode_cfg_willex("+QMTCFG: \"willex\",1,2,1,\"will/topic\",7");
    STATIC_REQUIRE(willex->will_fg == 1);
    STATIC_REQUIRE(willex->will_qos == std::optional<std::int32_t>(2));
    STATIC_REQUIRE(willex->will_retain == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(willex->willtopic == "will/topic");
    STATIC_REQUIRE(willex->will_len == std::optional<std::int32_t>(7));
    constexpr auto no_willex = q::decode_cfg_willex("+QMTCFG: \"willex\",0");
    STATIC_REQUIRE(!no_willex->will_len.has_value());
    STATIC_REQUIRE(no_willex->willtopic.empty());

    constexpr auto hw = q::decode_cfg_hwauth("+QMTCFG: \"hwauth\",\"prod01\",\"secret01\",1");
    STATIC_REQUIRE(hw->product_id == "prod01");
    STATIC_REQUIRE(hw->device_secret == "secret01");
    STATIC_REQUIRE(hw->hw_time_enable == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(!q::decode_cfg_hwauth("+QMTCFG: \"hwauth\",\"prod01\",\"secret01\"")->hw_time_enable.has_value());

    constexpr auto prod = q::decode_cfg_hwprodid("+QMTCFG: \"hwprodid\",\"prod01\",\"psecret01\",\"node01\"");
    STATIC_REQUIRE(prod->product_id == "prod01");
    STATIC_REQUIRE(prod->product_secret == "psecret01");
    STATIC_REQUIRE(prod->nodeid == "node01");
    STATIC_REQUIRE(!prod->hw_time_enable.has_value());
    STATIC_REQUIRE(q::decode_cfg_hwprodid("+QMTCFG: \"hwprodid\",\"p\",\"s\",\"n\",0")->hw_time_enable ==
                   std::optional<std::int32_t>(0));

    constexpr auto edit = q::decode_cfg_edit_timeout("+QMTCFG: \"edit/timeout\",1,60");
    STATIC_REQUIRE(edit->edit_mode == 1);
    STATIC_REQUIRE(edit->edit_time == std::optional<std::int32_t>(60));
    STATIC_REQUIRE(!q::decode_cfg_edit_timeout("+QMTCFG: \"edit/timeout\",0")->edit_time.has_value());
}

TEST_CASE("quectel query answers: QSSLCFG items of the TLS example") {
    constexpr auto ca = q::decode_ssl_cacert("+QSSLCFG: \"cacert\",2,\"UFS:cacert.pem\"");
    STATIC_REQUIRE(ca->sslctxid == 2);
    STATIC_REQUIRE(ca->cacertpath == "UFS:cacert.pem");
    STATIC_REQUIRE(q::decode_ssl_cacert("+QSSLCFG: \"cacert\",0,\"\"")->cacertpath.empty());  // none configured
    constexpr auto cert = q::decode_ssl_clientcert("+QSSLCFG: \"clientcert\",2,\"UFS:client.pem\"");
    STATIC_REQUIRE(cert->sslctxid == 2);
    STATIC_REQUIRE(cert->client_cert_path == "UFS:client.pem");
    constexpr auto key = q::decode_ssl_clientkey("+QSSLCFG: \"clientkey\",2,\"UFS:user_key.pem\"");
    STATIC_REQUIRE(key->client_key_path == "UFS:user_key.pem");
    constexpr auto level = q::decode_ssl_seclevel("+QSSLCFG: \"seclevel\",2,2");
    STATIC_REQUIRE(level->sslctxid == 2);
    STATIC_REQUIRE(level->seclevel == 2);
    constexpr auto version = q::decode_ssl_sslversion("+QSSLCFG: \"sslversion\",2,4");
    STATIC_REQUIRE(version->sslversion == 4);
    constexpr auto suite = q::decode_ssl_ciphersuite("+QSSLCFG: \"ciphersuite\",2,0XFFFF");
    STATIC_REQUIRE(suite->cipher_suites == "0XFFFF");
    STATIC_REQUIRE(q::decode_ssl_ciphersuite("+QSSLCFG: \"ciphersuite\",2,\"0x0035\"")->cipher_suites == "0x0035");
    constexpr auto ltime = q::decode_ssl_ignorelocaltime("+QSSLCFG: \"ignorelocaltime\",2,1");
    STATIC_REQUIRE(ltime->sslctxid == 2);
    STATIC_REQUIRE(ltime->ignore_ltime == 1);
    STATIC_REQUIRE(*q::identify("+QSSLCFG: \"SSLVersion\",2,4") == q::line_ssl_version);
}

TEST_CASE("quectel query answers: wrong item, wrong command, bad values") {
    // another item of the same command: at_invalid_enum; another command: at_unknown_response
    constexpr auto other_item = q::decode_cfg_keepalive("+QMTCFG: \"session\",1");
    STATIC_REQUIRE(error_of(other_item) == errc::at_invalid_enum);
    STATIC_REQUIRE(other_item.offset() == 9);  // the selector
    STATIC_REQUIRE(error_of(q::decode_ssl_seclevel("+QSSLCFG: \"sslversion\",2,4")) == errc::at_invalid_enum);
    STATIC_REQUIRE(error_of(q::decode_ssl_seclevel("+QMTCFG: \"keepalive\",1")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(q::decode_cfg_keepalive("+QSSLCFG: \"seclevel\",2,2")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(q::decode_cfg_keepalive("+QMTOPEN: 0,0")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(q::decode_cfg_keepalive("OK")) == errc::at_unknown_response);
    // an item the table does not know, at the selector's offset (the manual's §5.2 typo among them)
    constexpr auto typo = q::decode_ssl_seclevel("+QSSLCFG: \"secllevel\",2,2");
    STATIC_REQUIRE(error_of(typo) == errc::at_invalid_enum);
    STATIC_REQUIRE(typo.offset() == 10);
    STATIC_REQUIRE(error_of(q::decode_cfg_version("+QMTCFG: \"ver\",4")) == errc::at_invalid_enum);
    // values outside the item's range, with the offending field's offset
    constexpr auto big = q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",3601");
    STATIC_REQUIRE(error_of(big) == errc::out_of_range);
    STATIC_REQUIRE(big.offset() == 21);
    STATIC_REQUIRE(error_of(q::decode_cfg_version("+QMTCFG: \"version\",5")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_cfg_pdpcid("+QMTCFG: \"pdpcid\",0")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_cfg_qmtping("+QMTCFG: \"qmtping\",4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_cfg_will("+QMTCFG: \"will\",1,3,0,\"t\",\"m\"")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_ssl_seclevel("+QSSLCFG: \"seclevel\",2,3")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_ssl_sslversion("+QSSLCFG: \"sslversion\",6,4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(q::decode_ssl_ignorelocaltime("+QSSLCFG: \"ignorelocaltime\",2,2")) == errc::out_of_range);
    // missing and surplus fields
    STATIC_REQUIRE(error_of(q::decode_cfg_timeout("+QMTCFG: \"timeout\",5,3")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(q::decode_cfg_will("+QMTCFG: \"will\",1,1,0,\"t\"")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(q::decode_ssl_cacert("+QSSLCFG: \"cacert\",2")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(q::decode_cfg_session("+QMTCFG: \"session\",1,1")) == errc::at_too_many_fields);
    // an empty field and a signed zero where an integer belongs
    STATIC_REQUIRE(error_of(q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",")) == errc::at_invalid_integer);
    STATIC_REQUIRE(q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",").offset() == 21);
    STATIC_REQUIRE(error_of(q::decode_cfg_keepalive("+QMTCFG: \"keepalive\",-0")) == errc::at_invalid_integer);
}
