// Typed Quectel commands: one struct per command row of the table, named after the manual, and
// encode(cmd, out) / encoded_size(cmd), which check the values against the table and the manual's rules
// between parameters (check_rules, shared with the `atmqtt at encode` tool) and write through the core
// writer. Optional parameters are std::optional: leaving one out leaves out it and everything after
// it (the manual's "[,<x>...]"), which for AT+QMTCFG items is the query form.
//
//     char buf[64];
//     auto n = quectel::encode(quectel::qmtopen{0, "broker", 1883}, buf);   // "AT+QMTOPEN=0,\"broker\",1883\r"
//
// Test and read forms: encode(test(cmd::qmtopen), out), encode(read(cmd::qmtopen), out) (at::test / at::read).
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/dialect_encoder.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

using opt_int = std::optional<std::int32_t>;
using opt_text = std::optional<std::string_view>;

// ---- rules the table cannot state ---------------------------------------------------------------
// The manual ties some parameters to others; a field range cannot say so. These rows (at/packed_row.hpp)
// are checked before the writer, by the typed encode (each row's rules packed with it) and by the
// `atmqtt at encode` tool (check_rules), only on values of the right kind and range; offsets are
// argument indexes, as the writer's:
//
// - AT+QMTPUBEX (§3.3.8): <msgid> is 0 exactly when <qos> is 0. Either way round: out_of_range at 1.
// - AT+QMTCFG="will" / "willex" (§3.3.1 remark 1): <will_fg>=1 needs <will_qos>, <will_retain>,
//   <willtopic> and <willmessage> (willex: <will_len>): at_missing_field at the first one absent.
//   <will_fg>=0 takes none of them ("若<will_fg>不为 1，以上参数会被省略"): at_too_many_fields at 2.
// - AT+QMTCFG="ssl" (remark 3): <SSL_enable>=1 needs <SSL_ctx_idx>: at_missing_field at 2.
//   <SSL_enable>=0 with a context index is allowed (the syntax permits it; the manual does not forbid it).
// - A value after an omitted <will_fg> or <SSL_enable> breaks the manual's nested brackets
//   ("[,<will_fg>[,<will_qos>,...]]"): at_missing_field at 1.
// - AT+QMTCONN (§3.3.4) "[,<username>,<password>]": both or neither; at_missing_field at the one absent
//   (a username without password is the table's own at_missing_field).
inline constexpr at::row_rule rule_rows[] = {
    {"QMTPUBEX", "", {at::param_rule::zero_together, 1, 2}},
    {"QMTCONN", "", {at::param_rule::needs, 2, 3}},
    {"QMTCFG", "will", {at::param_rule::flag_or_none, 1, 5}},
    {"QMTCFG", "willex", {at::param_rule::flag_or_none, 1, 5}},
    {"QMTCFG", "ssl", {at::param_rule::flag, 1, 2}},
};
inline constexpr at::row_rules rules{rule_rows};

// The rules of `row` over the generic form of a command (the tool's hook; the typed encode packs them).
constexpr status check_rules(const at::command& row, at::form which, span<const at::value> args) noexcept {
    return at::check_row_rules(rules, row, which, args);
}

// A struct bound to command row C (at/bind.hpp): encode and encoded_size write it, its rules first.
template <const at::command& C, auto... Members>
using command_row = at::command_binding<lexical, C, &rules, Members...>;

// ---- AT+QMTCFG items (§3.3.1): client_idx alone is the query, the rest sets -------------------
struct qmtcfg_version {
    std::int32_t client_idx = 0;
    opt_int vsn;
    using binding = command_row<cmd::cfg_version, &qmtcfg_version::client_idx, &qmtcfg_version::vsn>;
};
struct qmtcfg_pdpcid {
    std::int32_t client_idx = 0;
    opt_int cid;
    using binding = command_row<cmd::cfg_pdpcid, &qmtcfg_pdpcid::client_idx, &qmtcfg_pdpcid::cid>;
};
// ssl_enable 1 needs ssl_ctx_idx (check_rules).
struct qmtcfg_ssl {
    std::int32_t client_idx = 0;
    opt_int ssl_enable;
    opt_int ssl_ctx_idx;
    using binding = command_row<cmd::cfg_ssl, &qmtcfg_ssl::client_idx, &qmtcfg_ssl::ssl_enable,
                                &qmtcfg_ssl::ssl_ctx_idx>;
};
struct qmtcfg_keepalive {
    std::int32_t client_idx = 0;
    opt_int keep_alive_time;
    using binding = command_row<cmd::cfg_keepalive, &qmtcfg_keepalive::client_idx,
                                &qmtcfg_keepalive::keep_alive_time>;
};
struct qmtcfg_session {
    std::int32_t client_idx = 0;
    opt_int clean_session;
    using binding = command_row<cmd::cfg_session, &qmtcfg_session::client_idx, &qmtcfg_session::clean_session>;
};
struct qmtcfg_timeout {
    std::int32_t client_idx = 0;
    opt_int pkt_timeout;
    opt_int retry_times;
    opt_int timeout_notice;
    using binding = command_row<cmd::cfg_timeout, &qmtcfg_timeout::client_idx, &qmtcfg_timeout::pkt_timeout,
                                &qmtcfg_timeout::retry_times, &qmtcfg_timeout::timeout_notice>;
};
// will_fg 1 needs all of will_qos, will_retain, willtopic, willmessage; will_fg 0 takes none (check_rules).
struct qmtcfg_will {
    std::int32_t client_idx = 0;
    opt_int will_fg, will_qos, will_retain;
    opt_text willtopic, willmessage;
    using binding = command_row<cmd::cfg_will, &qmtcfg_will::client_idx, &qmtcfg_will::will_fg,
                                &qmtcfg_will::will_qos, &qmtcfg_will::will_retain, &qmtcfg_will::willtopic,
                                &qmtcfg_will::willmessage>;
};
// Answers '>' and takes <will_len> bytes of will message (send them after the prompt). The same will_fg
// rule as qmtcfg_will, with will_len in place of willmessage.
struct qmtcfg_willex {
    std::int32_t client_idx = 0;
    opt_int will_fg, will_qos, will_retain;
    opt_text willtopic;
    opt_int will_len;
    using binding = command_row<cmd::cfg_willex, &qmtcfg_willex::client_idx, &qmtcfg_willex::will_fg,
                                &qmtcfg_willex::will_qos, &qmtcfg_willex::will_retain, &qmtcfg_willex::willtopic,
                                &qmtcfg_willex::will_len>;
};
struct qmtcfg_recv_mode {
    std::int32_t client_idx = 0;
    opt_int msg_rcv_mode;
    opt_int msg_len_enable;
    using binding = command_row<cmd::cfg_recv_mode, &qmtcfg_recv_mode::client_idx, &qmtcfg_recv_mode::msg_rcv_mode,
                                &qmtcfg_recv_mode::msg_len_enable>;
};
struct qmtcfg_aliauth {
    std::int32_t client_idx = 0;
    opt_text product_key, device_name, device_secret;
    using binding = command_row<cmd::cfg_aliauth, &qmtcfg_aliauth::client_idx, &qmtcfg_aliauth::product_key,
                                &qmtcfg_aliauth::device_name, &qmtcfg_aliauth::device_secret>;
};
struct qmtcfg_qmtping {
    std::int32_t client_idx = 0;
    opt_int qmtping_interval;
    using binding = command_row<cmd::cfg_qmtping, &qmtcfg_qmtping::client_idx, &qmtcfg_qmtping::qmtping_interval>;
};
struct qmtcfg_send_mode {
    std::int32_t client_idx = 0;
    opt_int send_mode;
    using binding = command_row<cmd::cfg_send_mode, &qmtcfg_send_mode::client_idx, &qmtcfg_send_mode::send_mode>;
};
struct qmtcfg_onenet {
    std::int32_t client_idx = 0;
    opt_text product_id, access_key;
    using binding = command_row<cmd::cfg_onenet, &qmtcfg_onenet::client_idx, &qmtcfg_onenet::product_id,
                                &qmtcfg_onenet::access_key>;
};
struct qmtcfg_hwauth {
    std::int32_t client_idx = 0;
    opt_text product_id, device_secret;
    using binding = command_row<cmd::cfg_hwauth, &qmtcfg_hwauth::client_idx, &qmtcfg_hwauth::product_id,
                                &qmtcfg_hwauth::device_secret>;
};
struct qmtcfg_hwprodid {
    std::int32_t client_idx = 0;
    opt_text product_id, product_secret, nodeid;
    using binding = command_row<cmd::cfg_hwprodid, &qmtcfg_hwprodid::client_idx, &qmtcfg_hwprodid::product_id,
                                &qmtcfg_hwprodid::product_secret, &qmtcfg_hwprodid::nodeid>;
};
struct qmtcfg_dataformat {
    std::int32_t client_idx = 0;
    opt_int send_mode, recv_mode;
    using binding = command_row<cmd::cfg_dataformat, &qmtcfg_dataformat::client_idx, &qmtcfg_dataformat::send_mode,
                                &qmtcfg_dataformat::recv_mode>;
};
struct qmtcfg_view_mode {
    std::int32_t client_idx = 0;
    opt_int view_mode;
    using binding = command_row<cmd::cfg_view_mode, &qmtcfg_view_mode::client_idx, &qmtcfg_view_mode::view_mode>;
};
struct qmtcfg_edit_timeout {
    std::int32_t client_idx = 0;
    opt_int edit_mode, edit_time;
    using binding = command_row<cmd::cfg_edit_timeout, &qmtcfg_edit_timeout::client_idx,
                                &qmtcfg_edit_timeout::edit_mode, &qmtcfg_edit_timeout::edit_time>;
};
struct qmtcfg_protocol_check {
    std::int32_t client_idx = 0;
    opt_int protocol_check_enable;
    using binding = command_row<cmd::cfg_protocol_check, &qmtcfg_protocol_check::client_idx,
                                &qmtcfg_protocol_check::protocol_check_enable>;
};

// ---- the MQTT commands (§3.3.2 - §3.3.9) ---------------------------------------------------------
struct qmtopen {
    std::int32_t client_idx = 0;
    std::string_view host_name;
    std::int32_t port = 0;
    using binding = command_row<cmd::qmtopen, &qmtopen::client_idx, &qmtopen::host_name, &qmtopen::port>;
};
struct qmtclose {
    std::int32_t client_idx = 0;
    using binding = command_row<cmd::qmtclose, &qmtclose::client_idx>;
};
struct qmtconn {
    std::int32_t client_idx = 0;
    std::string_view clientid;
    opt_text username, password;
    using binding = command_row<cmd::qmtconn, &qmtconn::client_idx, &qmtconn::clientid, &qmtconn::username,
                                &qmtconn::password>;
};
struct qmtdisc {
    std::int32_t client_idx = 0;
    using binding = command_row<cmd::qmtdisc, &qmtdisc::client_idx>;
};
struct topic_qos {
    std::string_view topic;
    std::int32_t qos = 0;
    using binding = at::bound<&topic_qos::topic, &topic_qos::qos>;
};
struct qmtsub {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    span<const topic_qos> topics;
    using binding = command_row<cmd::qmtsub, &qmtsub::client_idx, &qmtsub::packet_id, &qmtsub::topics>;
};
struct qmtuns {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    span<const std::string_view> topics;
    using binding = command_row<cmd::qmtuns, &qmtuns::client_idx, &qmtuns::packet_id, &qmtuns::topics>;
};
// Answers '>' and takes exactly <length> bytes (the module drops any excess). <msgid> is 0 exactly
// when <qos> is 0 (§3.3.8); encode refuses other combinations (out_of_range at argument 1).
struct qmtpubex {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    std::string_view topic;
    std::int32_t length = 0;
    using binding = command_row<cmd::qmtpubex, &qmtpubex::client_idx, &qmtpubex::packet_id, &qmtpubex::qos,
                                &qmtpubex::retain, &qmtpubex::topic, &qmtpubex::length>;
};
struct qmtrecv {
    std::int32_t client_idx = 0;
    opt_int recv_id;
    using binding = command_row<cmd::qmtrecv, &qmtrecv::client_idx, &qmtrecv::recv_id>;
};

// ---- AT+QSSLCFG items and AT+QFUPL of the §5.2 example -----------------------------------------
struct qsslcfg_cacert {
    std::int32_t sslctxid = 0;
    opt_text cacertpath;
    using binding = command_row<cmd::ssl_cacert, &qsslcfg_cacert::sslctxid, &qsslcfg_cacert::cacertpath>;
};
struct qsslcfg_clientcert {
    std::int32_t sslctxid = 0;
    opt_text client_cert_path;
    using binding = command_row<cmd::ssl_clientcert, &qsslcfg_clientcert::sslctxid,
                                &qsslcfg_clientcert::client_cert_path>;
};
struct qsslcfg_clientkey {
    std::int32_t sslctxid = 0;
    opt_text client_key_path;
    using binding = command_row<cmd::ssl_clientkey, &qsslcfg_clientkey::sslctxid,
                                &qsslcfg_clientkey::client_key_path>;
};
struct qsslcfg_seclevel {
    std::int32_t sslctxid = 0;
    opt_int seclevel;
    using binding = command_row<cmd::ssl_seclevel, &qsslcfg_seclevel::sslctxid, &qsslcfg_seclevel::seclevel>;
};
struct qsslcfg_sslversion {
    std::int32_t sslctxid = 0;
    opt_int sslversion;
    using binding = command_row<cmd::ssl_version, &qsslcfg_sslversion::sslctxid, &qsslcfg_sslversion::sslversion>;
};
struct qsslcfg_ciphersuite {  // "0xFFFF", bare
    std::int32_t sslctxid = 0;
    opt_text cipher_suites;
    using binding = command_row<cmd::ssl_ciphersuite, &qsslcfg_ciphersuite::sslctxid,
                                &qsslcfg_ciphersuite::cipher_suites>;
};
struct qsslcfg_ignorelocaltime {
    std::int32_t sslctxid = 0;
    opt_int ignore_ltime;
    using binding = command_row<cmd::ssl_ignorelocaltime, &qsslcfg_ignorelocaltime::sslctxid,
                                &qsslcfg_ignorelocaltime::ignore_ltime>;
};
struct qfupl {
    std::string_view filename;
    opt_int file_size;
    opt_int timeout;
    using binding = command_row<cmd::qfupl, &qfupl::filename, &qfupl::file_size, &qfupl::timeout>;
};

// Writes the command line (ending in CR) into `out`; the value is the number of bytes written, and
// encoded_size the bytes it would write, with the same checks. Typed commands: at::encode through their
// binding; forms without parameters: encode(test(cmd::x), out), read(...), execute(...).
inline constexpr at::encoder<lexical> encode{};
inline constexpr at::encoded_size_of<lexical> encoded_size{};
using at::execute;
using at::read;
using at::test;

// The table row a typed command is written with (its prompt, its deferred result).
template <class C>
constexpr const at::command& row_of(const C&) noexcept { return C::binding::row; }

}  // namespace quectel
ATMQTT_END_NAMESPACE
