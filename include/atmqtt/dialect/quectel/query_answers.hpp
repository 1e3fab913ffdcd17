// Typed answers to the setting queries: AT+QMTCFG="<item>",<client_idx> (§3.3.1, the set form with its
// optional parameters left out) and AT+QSSLCFG="<item>",<sslctxid>. One type per item, bound to the item's
// row in grammar.hpp (at/bind.hpp), every value checked against it; fields named and ordered as the
// manual's answer line, except a one-value item's `value` (as commands.hpp's cfg_setting) and an
// AT+QSSLCFG item's `sslctxid`, `value` (the manual's name in the comment beside it):
//
//     auto k = at::decode_as<quectel::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",120");  // k->value == 120
//     auto w = at::decode_as<quectel::cfg_will_answer>("+QMTCFG: \"will\",0");             // w->will_qos == nullopt
//
// A bracketed tail in the manual ("<will_fg>[,<will_qos>,<will_retain>,...]") is absent as a whole:
// its integers are std::nullopt and its strings empty. Item names are matched ignoring ASCII case (the
// manual writes both "SSL" and "ssl"). Errors: at_unknown_response (another prefix), at_invalid_enum
// (another item, at its selector), and the field errors of at::decode_with (out_of_range, at_missing_field, ...).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>

#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

// ---- +QMTCFG: "<item>",... ----------------------------------------------------------------------
// The one-value items: the value, as the set form's cfg_setting<C> (commands.hpp) writes it.
template <line_index Row>
struct cfg_value_answer {
    std::int32_t value;
    using binding = row<Row, &cfg_value_answer::value>;
};
using cfg_version_answer = cfg_value_answer<line_cfg_version>;        // <vsn>
using cfg_pdpcid_answer = cfg_value_answer<line_cfg_pdpcid>;          // <cid>
using cfg_keepalive_answer = cfg_value_answer<line_cfg_keepalive>;    // <keep_alive_time>
using cfg_session_answer = cfg_value_answer<line_cfg_session>;        // <clean_session>
using cfg_qmtping_answer = cfg_value_answer<line_cfg_qmtping>;        // <qmtping_interval>
using cfg_send_mode_answer = cfg_value_answer<line_cfg_send_mode>;    // <send_mode>
using cfg_view_mode_answer = cfg_value_answer<line_cfg_view_mode>;    // <view_mode>
struct cfg_ssl_answer {
    std::int32_t ssl_enable;
    std::optional<std::int32_t> ssl_ctx_idx;
    using binding = row<line_cfg_ssl, &cfg_ssl_answer::ssl_enable, &cfg_ssl_answer::ssl_ctx_idx>;
};
struct cfg_timeout_answer {
    std::int32_t pkt_timeout, retry_times, timeout_notice;
    using binding = row<line_cfg_timeout, &cfg_timeout_answer::pkt_timeout, &cfg_timeout_answer::retry_times,
                        &cfg_timeout_answer::timeout_notice>;
};
struct cfg_will_answer {
    std::int32_t will_fg;
    std::optional<std::int32_t> will_qos, will_retain;
    bytes willtopic, willmessage;
    using binding = row<line_cfg_will, &cfg_will_answer::will_fg, &cfg_will_answer::will_qos,
                        &cfg_will_answer::will_retain, &cfg_will_answer::willtopic, &cfg_will_answer::willmessage>;
};
struct cfg_willex_answer {
    std::int32_t will_fg;
    std::optional<std::int32_t> will_qos, will_retain;
    bytes willtopic;
    std::optional<std::int32_t> will_len;
    using binding = row<line_cfg_willex, &cfg_willex_answer::will_fg, &cfg_willex_answer::will_qos,
                        &cfg_willex_answer::will_retain, &cfg_willex_answer::willtopic, &cfg_willex_answer::will_len>;
};
struct cfg_recv_mode_answer {
    std::int32_t msg_rcv_mode, msg_len_enable;
    using binding = row<line_cfg_recv_mode, &cfg_recv_mode_answer::msg_rcv_mode,
                        &cfg_recv_mode_answer::msg_len_enable>;
};
struct cfg_aliauth_answer {
    bytes product_key, device_name, device_secret;
    using binding = row<line_cfg_aliauth, &cfg_aliauth_answer::product_key, &cfg_aliauth_answer::device_name,
                        &cfg_aliauth_answer::device_secret>;
};
struct cfg_onenet_answer {
    bytes product_id, access_key;
    using binding = row<line_cfg_onenet, &cfg_onenet_answer::product_id, &cfg_onenet_answer::access_key>;
};
struct cfg_hwauth_answer {
    bytes product_id, device_secret;
    std::optional<std::int32_t> hw_time_enable;
    using binding = row<line_cfg_hwauth, &cfg_hwauth_answer::product_id, &cfg_hwauth_answer::device_secret,
                        &cfg_hwauth_answer::hw_time_enable>;
};
struct cfg_hwprodid_answer {
    bytes product_id, product_secret, nodeid;
    std::optional<std::int32_t> hw_time_enable;
    using binding = row<line_cfg_hwprodid, &cfg_hwprodid_answer::product_id, &cfg_hwprodid_answer::product_secret,
                        &cfg_hwprodid_answer::nodeid, &cfg_hwprodid_answer::hw_time_enable>;
};
struct cfg_dataformat_answer {
    std::int32_t send_mode, recv_mode;
    using binding = row<line_cfg_dataformat, &cfg_dataformat_answer::send_mode, &cfg_dataformat_answer::recv_mode>;
};
struct cfg_edit_timeout_answer {
    std::int32_t edit_mode;
    std::optional<std::int32_t> edit_time;
    using binding = row<line_cfg_edit_timeout, &cfg_edit_timeout_answer::edit_mode,
                        &cfg_edit_timeout_answer::edit_time>;
};
struct cfg_protocol_check_answer {
    std::int32_t client_idx, protocol_check_enable;
    using binding = row<line_cfg_protocol_check, &cfg_protocol_check_answer::client_idx,
                        &cfg_protocol_check_answer::protocol_check_enable>;
};

// ---- +QSSLCFG: "<item>",<sslctxid>,<value> --------------------------------------------------------
template <line_index Row, class Value>
struct ssl_answer {
    std::int32_t sslctxid;
    Value value;
    using binding = row<Row, &ssl_answer::sslctxid, &ssl_answer::value>;
};
using ssl_cacert_answer = ssl_answer<line_ssl_cacert, bytes>;                        // <cacertpath>
using ssl_clientcert_answer = ssl_answer<line_ssl_clientcert, bytes>;                // <client_cert_path>
using ssl_clientkey_answer = ssl_answer<line_ssl_clientkey, bytes>;                  // <client_key_path>
using ssl_seclevel_answer = ssl_answer<line_ssl_seclevel, std::int32_t>;             // <seclevel>
using ssl_sslversion_answer = ssl_answer<line_ssl_version, std::int32_t>;            // <sslversion>
using ssl_ciphersuite_answer = ssl_answer<line_ssl_ciphersuite, bytes>;              // <cipher_suites>
using ssl_ignorelocaltime_answer = ssl_answer<line_ssl_ignorelocaltime, std::int32_t>;  // <ignore_ltime>

}  // namespace quectel
ATMQTT_END_NAMESPACE
