// Typed answers to the setting queries: AT+QMTCFG="<item>",<client_idx> (§3.3.1, the set form with its
// optional parameters left out) and AT+QSSLCFG="<item>",<sslctxid>. One struct per item, fields named
// and ordered as the manual's answer line, bound to the item's row in grammar.hpp (at/bind.hpp), every
// value checked against it:
//
//     auto k = at::decode_as<quectel::cfg_keepalive_answer>("+QMTCFG: \"keepalive\",120");  // k->keep_alive_time == 120
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
struct cfg_version_answer {
    std::int32_t vsn;
    using binding = row<line_cfg_version, &cfg_version_answer::vsn>;
};
struct cfg_pdpcid_answer {
    std::int32_t cid;
    using binding = row<line_cfg_pdpcid, &cfg_pdpcid_answer::cid>;
};
struct cfg_ssl_answer {
    std::int32_t ssl_enable;
    std::optional<std::int32_t> ssl_ctx_idx;
    using binding = row<line_cfg_ssl, &cfg_ssl_answer::ssl_enable, &cfg_ssl_answer::ssl_ctx_idx>;
};
struct cfg_keepalive_answer {
    std::int32_t keep_alive_time;
    using binding = row<line_cfg_keepalive, &cfg_keepalive_answer::keep_alive_time>;
};
struct cfg_session_answer {
    std::int32_t clean_session;
    using binding = row<line_cfg_session, &cfg_session_answer::clean_session>;
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
struct cfg_qmtping_answer {
    std::int32_t qmtping_interval;
    using binding = row<line_cfg_qmtping, &cfg_qmtping_answer::qmtping_interval>;
};
struct cfg_send_mode_answer {
    std::int32_t send_mode;
    using binding = row<line_cfg_send_mode, &cfg_send_mode_answer::send_mode>;
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
struct cfg_view_mode_answer {
    std::int32_t view_mode;
    using binding = row<line_cfg_view_mode, &cfg_view_mode_answer::view_mode>;
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
struct ssl_cacert_answer {
    std::int32_t sslctxid;
    bytes cacertpath;
    using binding = row<line_ssl_cacert, &ssl_cacert_answer::sslctxid, &ssl_cacert_answer::cacertpath>;
};
struct ssl_clientcert_answer {
    std::int32_t sslctxid;
    bytes client_cert_path;
    using binding = row<line_ssl_clientcert, &ssl_clientcert_answer::sslctxid,
                        &ssl_clientcert_answer::client_cert_path>;
};
struct ssl_clientkey_answer {
    std::int32_t sslctxid;
    bytes client_key_path;
    using binding = row<line_ssl_clientkey, &ssl_clientkey_answer::sslctxid, &ssl_clientkey_answer::client_key_path>;
};
struct ssl_seclevel_answer {
    std::int32_t sslctxid, seclevel;
    using binding = row<line_ssl_seclevel, &ssl_seclevel_answer::sslctxid, &ssl_seclevel_answer::seclevel>;
};
struct ssl_sslversion_answer {
    std::int32_t sslctxid, sslversion;
    using binding = row<line_ssl_version, &ssl_sslversion_answer::sslctxid, &ssl_sslversion_answer::sslversion>;
};
struct ssl_ciphersuite_answer {
    std::int32_t sslctxid;
    bytes cipher_suites;
    using binding = row<line_ssl_ciphersuite, &ssl_ciphersuite_answer::sslctxid,
                        &ssl_ciphersuite_answer::cipher_suites>;
};
struct ssl_ignorelocaltime_answer {
    std::int32_t sslctxid, ignore_ltime;
    using binding = row<line_ssl_ignorelocaltime, &ssl_ignorelocaltime_answer::sslctxid,
                        &ssl_ignorelocaltime_answer::ignore_ltime>;
};

}  // namespace quectel
ATMQTT_END_NAMESPACE
