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
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_version_answer>("+QMTCFG: \"version\",4")->value == 4);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_version_answer>("+QMTCFG: \"version\",3")->value == 3);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_pdpcid_answer>("+QMTCFG: \"pdpcid\",15")->value == 15);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",120")->value == 120);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",0")->value == 0);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_session_answer>("+QMTCFG: \"session\",1")->value == 1);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_qmtping_answer>("+QMTCFG: \"qmtping\",60")->value == 60);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_send_mode_answer>("+QMTCFG: \"send/mode\",1")->value == 1);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_view_mode_answer>("+QMTCFG: \"view/mode\",0")->value == 0);
}

TEST_CASE("quectel query answers: QMTCFG items with several values") {
    constexpr auto timeout = atmqtt::at::decode_as<q::cfg_timeout_answer>("+QMTCFG: \"timeout\",5,3,0");
    STATIC_REQUIRE(timeout->pkt_timeout == 5);
    STATIC_REQUIRE(timeout->retry_times == 3);
    STATIC_REQUIRE(timeout->timeout_notice == 0);

    constexpr auto recv = atmqtt::at::decode_as<q::cfg_recv_mode_answer>("+QMTCFG: \"recv/mode\",0,1");
    STATIC_REQUIRE(recv->msg_rcv_mode == 0);
    STATIC_REQUIRE(recv->msg_len_enable == 1);

    constexpr auto ali = atmqtt::at::decode_as<q::cfg_aliauth_answer>(
        "+QMTCFG: \"aliauth\",\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"");
    STATIC_REQUIRE(ali->product_key == "oyjtmPI5a5j");
    STATIC_REQUIRE(ali->device_name == "MQTT_TEST");
    STATIC_REQUIRE(ali->device_secret == "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ");

    constexpr auto onenet = atmqtt::at::decode_as<q::cfg_onenet_answer>("+QMTCFG: \"onenet\",\"123456\",\"accesskey\"");
    STATIC_REQUIRE(onenet->product_id == "123456");
    STATIC_REQUIRE(onenet->access_key == "accesskey");

    constexpr auto format = atmqtt::at::decode_as<q::cfg_dataformat_answer>("+QMTCFG: \"dataformat\",0,1");
    STATIC_REQUIRE(format->send_mode == 0);
    STATIC_REQUIRE(format->recv_mode == 1);

    // the one answer that repeats <client_idx>
    constexpr auto check = atmqtt::at::decode_as<q::cfg_protocol_check_answer>("+QMTCFG: \"protocol/check\",3,1");
    STATIC_REQUIRE(check->client_idx == 3);
    STATIC_REQUIRE(check->protocol_check_enable == 1);
}

TEST_CASE("quectel query answers: bracketed tails, present and absent") {
    constexpr auto ssl_on = atmqtt::at::decode_as<q::cfg_ssl_answer>("+QMTCFG: \"ssl\",1,2");
    STATIC_REQUIRE(ssl_on->ssl_enable == 1);
    STATIC_REQUIRE(ssl_on->ssl_ctx_idx == std::optional<std::int32_t>(2));
    constexpr auto ssl_off = atmqtt::at::decode_as<q::cfg_ssl_answer>("+QMTCFG: \"SSL\",0");  // the manual's upper-case item
    STATIC_REQUIRE(ssl_off->ssl_enable == 0);
    STATIC_REQUIRE(!ssl_off->ssl_ctx_idx.has_value());

    constexpr auto will = atmqtt::at::decode_as<q::cfg_will_answer>("+QMTCFG: \"will\",1,1,0,\"will/topic\",\"offline\"");
    STATIC_REQUIRE(will->will_fg == 1);
    STATIC_REQUIRE(will->will_qos == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(will->will_retain == std::optional<std::int32_t>(0));
    STATIC_REQUIRE(will->willtopic == "will/topic");
    STATIC_REQUIRE(will->willmessage == "offline");
    constexpr auto no_will = atmqtt::at::decode_as<q::cfg_will_answer>("+QMTCFG: \"will\",0");
    STATIC_REQUIRE(no_will->will_fg == 0);
    STATIC_REQUIRE(!no_will->will_qos.has_value());
    STATIC_REQUIRE(!no_will->will_retain.has_value());
    STATIC_REQUIRE(no_will->willtopic.empty());
    STATIC_REQUIRE(no_will->willmessage.empty());

    constexpr auto willex = atmqtt::at::decode_as<q::cfg_willex_answer>("+QMTCFG: \"willex\",1,2,1,\"will/topic\",7");
    STATIC_REQUIRE(willex->will_fg == 1);
    STATIC_REQUIRE(willex->will_qos == std::optional<std::int32_t>(2));
    STATIC_REQUIRE(willex->will_retain == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(willex->willtopic == "will/topic");
    STATIC_REQUIRE(willex->will_len == std::optional<std::int32_t>(7));
    constexpr auto no_willex = atmqtt::at::decode_as<q::cfg_willex_answer>("+QMTCFG: \"willex\",0");
    STATIC_REQUIRE(!no_willex->will_len.has_value());
    STATIC_REQUIRE(no_willex->willtopic.empty());

    constexpr auto hw = atmqtt::at::decode_as<q::cfg_hwauth_answer>("+QMTCFG: \"hwauth\",\"prod01\",\"secret01\",1");
    STATIC_REQUIRE(hw->product_id == "prod01");
    STATIC_REQUIRE(hw->device_secret == "secret01");
    STATIC_REQUIRE(hw->hw_time_enable == std::optional<std::int32_t>(1));
    STATIC_REQUIRE(!atmqtt::at::decode_as<q::cfg_hwauth_answer>("+QMTCFG: \"hwauth\",\"prod01\",\"secret01\"")->hw_time_enable.has_value());

    constexpr auto prod = atmqtt::at::decode_as<q::cfg_hwprodid_answer>("+QMTCFG: \"hwprodid\",\"prod01\",\"psecret01\",\"node01\"");
    STATIC_REQUIRE(prod->product_id == "prod01");
    STATIC_REQUIRE(prod->product_secret == "psecret01");
    STATIC_REQUIRE(prod->nodeid == "node01");
    STATIC_REQUIRE(!prod->hw_time_enable.has_value());
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_hwprodid_answer>("+QMTCFG: \"hwprodid\",\"p\",\"s\",\"n\",0")->hw_time_enable ==
                   std::optional<std::int32_t>(0));

    constexpr auto edit = atmqtt::at::decode_as<q::cfg_edit_timeout_answer>("+QMTCFG: \"edit/timeout\",1,60");
    STATIC_REQUIRE(edit->edit_mode == 1);
    STATIC_REQUIRE(edit->edit_time == std::optional<std::int32_t>(60));
    STATIC_REQUIRE(!atmqtt::at::decode_as<q::cfg_edit_timeout_answer>("+QMTCFG: \"edit/timeout\",0")->edit_time.has_value());
}

TEST_CASE("quectel query answers: QSSLCFG items of the TLS example") {
    constexpr auto ca = atmqtt::at::decode_as<q::ssl_cacert_answer>("+QSSLCFG: \"cacert\",2,\"UFS:cacert.pem\"");
    STATIC_REQUIRE(ca->sslctxid == 2);
    STATIC_REQUIRE(ca->value == "UFS:cacert.pem");
    STATIC_REQUIRE(atmqtt::at::decode_as<q::ssl_cacert_answer>("+QSSLCFG: \"cacert\",0,\"\"")->value.empty());  // none configured
    constexpr auto cert = atmqtt::at::decode_as<q::ssl_clientcert_answer>("+QSSLCFG: \"clientcert\",2,\"UFS:client.pem\"");
    STATIC_REQUIRE(cert->sslctxid == 2);
    STATIC_REQUIRE(cert->value == "UFS:client.pem");
    constexpr auto key = atmqtt::at::decode_as<q::ssl_clientkey_answer>("+QSSLCFG: \"clientkey\",2,\"UFS:user_key.pem\"");
    STATIC_REQUIRE(key->value == "UFS:user_key.pem");
    constexpr auto level = atmqtt::at::decode_as<q::ssl_seclevel_answer>("+QSSLCFG: \"seclevel\",2,2");
    STATIC_REQUIRE(level->sslctxid == 2);
    STATIC_REQUIRE(level->value == 2);
    constexpr auto version = atmqtt::at::decode_as<q::ssl_sslversion_answer>("+QSSLCFG: \"sslversion\",2,4");
    STATIC_REQUIRE(version->value == 4);
    constexpr auto suite = atmqtt::at::decode_as<q::ssl_ciphersuite_answer>("+QSSLCFG: \"ciphersuite\",2,0XFFFF");
    STATIC_REQUIRE(suite->value == "0XFFFF");
    STATIC_REQUIRE(atmqtt::at::decode_as<q::ssl_ciphersuite_answer>("+QSSLCFG: \"ciphersuite\",2,\"0x0035\"")->value == "0x0035");
    constexpr auto ltime = atmqtt::at::decode_as<q::ssl_ignorelocaltime_answer>("+QSSLCFG: \"ignorelocaltime\",2,1");
    STATIC_REQUIRE(ltime->sslctxid == 2);
    STATIC_REQUIRE(ltime->value == 1);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QSSLCFG: \"SSLVersion\",2,4")) == q::line_ssl_version);
}

TEST_CASE("quectel query answers: wrong item, wrong command, bad values") {
    // another item of the same command: at_invalid_enum; another command: at_unknown_response
    constexpr auto other_item = atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"session\",1");
    STATIC_REQUIRE(error_of(other_item) == errc::at_invalid_enum);
    STATIC_REQUIRE(other_item.offset() == 9);  // the selector
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_seclevel_answer>("+QSSLCFG: \"sslversion\",2,4")) == errc::at_invalid_enum);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_seclevel_answer>("+QMTCFG: \"keepalive\",1")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QSSLCFG: \"seclevel\",2,2")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTOPEN: 0,0")) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_keepalive_answer>("OK")) == errc::at_unknown_response);
    // an item the table does not know, at the selector's offset (the manual's §5.2 typo among them)
    constexpr auto typo = atmqtt::at::decode_as<q::ssl_seclevel_answer>("+QSSLCFG: \"secllevel\",2,2");
    STATIC_REQUIRE(error_of(typo) == errc::at_invalid_enum);
    STATIC_REQUIRE(typo.offset() == 10);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_version_answer>("+QMTCFG: \"ver\",4")) == errc::at_invalid_enum);
    // values outside the item's range, with the offending field's offset
    constexpr auto big = atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",3601");
    STATIC_REQUIRE(error_of(big) == errc::out_of_range);
    STATIC_REQUIRE(big.offset() == 21);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_version_answer>("+QMTCFG: \"version\",5")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_pdpcid_answer>("+QMTCFG: \"pdpcid\",0")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_qmtping_answer>("+QMTCFG: \"qmtping\",4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_will_answer>("+QMTCFG: \"will\",1,3,0,\"t\",\"m\"")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_seclevel_answer>("+QSSLCFG: \"seclevel\",2,3")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_sslversion_answer>("+QSSLCFG: \"sslversion\",6,4")) == errc::out_of_range);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_ignorelocaltime_answer>("+QSSLCFG: \"ignorelocaltime\",2,2")) == errc::out_of_range);
    // missing and surplus fields
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_timeout_answer>("+QMTCFG: \"timeout\",5,3")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_will_answer>("+QMTCFG: \"will\",1,1,0,\"t\"")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::ssl_cacert_answer>("+QSSLCFG: \"cacert\",2")) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_session_answer>("+QMTCFG: \"session\",1,1")) == errc::at_too_many_fields);
    // an empty field and a signed zero where an integer belongs
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",")) == errc::at_invalid_integer);
    STATIC_REQUIRE(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",").offset() == 21);
    STATIC_REQUIRE(error_of(atmqtt::at::decode_as<q::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",-0")) == errc::at_invalid_integer);
}
