// Typed Quectel commands: one struct per command row of the table, named after the concept as in every
// dialect (open, connect, subscribe, publish, receive, cfg_<item>, ssl_<item>; the rows keep the manual's
// names: cmd::qmtopen), and
// encode(cmd, out) / encoded_size(cmd), which check the values against the table and the manual's rules
// between parameters (`rules`, shared with the `atmqtt at encode` tool: at::check_row_rules) and write through the core
// writer. Optional parameters are std::optional: leaving one out leaves out it and everything after
// it (the manual's "[,<x>...]"), which for AT+QMTCFG items is the query form.
//
//     char buf[64];
//     auto n = quectel::encode(quectel::open{0, "broker", 1883}, buf);   // "AT+QMTOPEN=0,\"broker\",1883\r"
//
// Test and read forms: encode(test(cmd::qmtopen), out), encode(read(cmd::qmtopen), out) (at::test / at::read).
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

using opt_int = std::optional<std::int32_t>;
using opt_text = std::optional<bytes>;

// ---- rules the table cannot state ---------------------------------------------------------------
// The manual ties some parameters to others; a field range cannot say so. These rows (at/packed_row.hpp)
// are checked after the writer's own checks, by the typed encode (each row's rules packed with it) and by
// the `atmqtt at encode` tool (the rules), so only on values of the right kind and range; offsets are
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


// A struct bound to command row C, its members in parameter order (at/bind.hpp): encode and
// encoded_size write it, its rules after the writer's own checks.
template <const at::command& C>
using command_row = at::command_members<lexical, C, rules>;

// ---- AT+QMTCFG items (§3.3.1): client_idx alone is the query, the rest sets -------------------
// An item with one value after client_idx (the table names it: <vsn>, <cid>, ...); empty: the query.
template <const at::command& C>
struct cfg_setting {
    std::int32_t client_idx = 0;
    opt_int value;
    using binding = command_row<C>;
};
using cfg_version = cfg_setting<cmd::cfg_version>;  // <vsn>
using cfg_pdpcid = cfg_setting<cmd::cfg_pdpcid>;  // <cid>
using cfg_keepalive = cfg_setting<cmd::cfg_keepalive>;  // <keep_alive_time>
using cfg_session = cfg_setting<cmd::cfg_session>;  // <clean_session>
using cfg_qmtping = cfg_setting<cmd::cfg_qmtping>;  // <qmtping_interval>
using cfg_send_mode = cfg_setting<cmd::cfg_send_mode>;  // <send_mode>
using cfg_view_mode = cfg_setting<cmd::cfg_view_mode>;  // <view_mode>
using cfg_protocol_check = cfg_setting<cmd::cfg_protocol_check>;  // <protocol_check_enable>
// ssl_enable 1 needs ssl_ctx_idx (the rules).
struct cfg_ssl {
    std::int32_t client_idx = 0;
    opt_int ssl_enable;
    opt_int ssl_ctx_idx;
    using binding = command_row<cmd::cfg_ssl>;
};
struct cfg_timeout {
    std::int32_t client_idx = 0;
    opt_int pkt_timeout;
    opt_int retry_times;
    opt_int timeout_notice;
    using binding = command_row<cmd::cfg_timeout>;
};
// will_flag (<will_fg>) 1 needs all of will_qos, will_retain, will_topic, will_msg; 0 takes none (the rules).
struct cfg_will {
    std::int32_t client_idx = 0;
    opt_int will_flag, will_qos, will_retain;
    opt_text will_topic, will_msg;
    using binding = command_row<cmd::cfg_will>;
};
// Answers '>' and takes <will_len> bytes of will message (send them after the prompt). The same will_flag
// rule as cfg_will, with will_len in place of will_msg.
struct cfg_willex {
    std::int32_t client_idx = 0;
    opt_int will_flag, will_qos, will_retain;
    opt_text will_topic;
    opt_int will_len;
    using binding = command_row<cmd::cfg_willex>;
};
struct cfg_recv_mode {
    std::int32_t client_idx = 0;
    opt_int msg_rcv_mode;
    opt_int msg_len_enable;
    using binding = command_row<cmd::cfg_recv_mode>;
};
struct cfg_aliauth {
    std::int32_t client_idx = 0;
    opt_text product_key, device_name, device_secret;
    using binding = command_row<cmd::cfg_aliauth>;
};
struct cfg_onenet {
    std::int32_t client_idx = 0;
    opt_text product_id, access_key;
    using binding = command_row<cmd::cfg_onenet>;
};
struct cfg_hwauth {
    std::int32_t client_idx = 0;
    opt_text product_id, device_secret;
    using binding = command_row<cmd::cfg_hwauth>;
};
struct cfg_hwprodid {
    std::int32_t client_idx = 0;
    opt_text product_id, product_secret, nodeid;
    using binding = command_row<cmd::cfg_hwprodid>;
};
struct cfg_dataformat {
    std::int32_t client_idx = 0;
    opt_int send_mode, recv_mode;
    using binding = command_row<cmd::cfg_dataformat>;
};
struct cfg_edit_timeout {
    std::int32_t client_idx = 0;
    opt_int edit_mode, edit_time;
    using binding = command_row<cmd::cfg_edit_timeout>;
};

// ---- the MQTT commands (§3.3.2 - §3.3.9) ---------------------------------------------------------
// AT+QMTCLOSE / AT+QMTDISC: client_idx only.
template <const at::command& C>
struct client_command {
    std::int32_t client_idx = 0;
    using binding = command_row<C>;
};
using close = client_command<cmd::qmtclose>;
using disconnect = client_command<cmd::qmtdisc>;
// Also read from the AT+QMTOPEN? answer, the same values (at::decode_into(ev, open)).
struct open {
    std::int32_t client_idx = 0;
    bytes host;  // <host_name>
    std::int32_t port = 0;
    using binding = at::written_and_read<command_row<cmd::qmtopen>, at::row_members<typed_rows, line_open_state - line_open_result>>;
};
struct connect {
    std::int32_t client_idx = 0;
    bytes clientid;
    opt_text username, password;
    using binding = command_row<cmd::qmtconn>;
};
struct topic_qos {
    bytes topic;
    std::int32_t qos = 0;
    using binding = at::bound<&topic_qos::topic, &topic_qos::qos>;
};
struct subscribe {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    span<const topic_qos> topics;
    using binding = command_row<cmd::qmtsub>;
};
struct unsubscribe {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    span<const std::string_view> topics;
    using binding = command_row<cmd::qmtuns>;
};
// Answers '>' and takes exactly payload_len (<length>) bytes (the module drops any excess). <msgid> is 0
// exactly when <qos> is 0 (§3.3.8); encode refuses other combinations (out_of_range at argument 1).
struct publish {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    bytes topic;
    std::int32_t payload_len = 0;
    using binding = command_row<cmd::qmtpubex>;
};
struct receive {
    std::int32_t client_idx = 0;
    opt_int recv_id;
    using binding = command_row<cmd::qmtrecv>;
};

// ---- AT+QSSLCFG items (ssl_<item>) and AT+QFUPL (file_upload) of the §5.2 example -----------------------------------------
// An item with one value after sslctxid (the table names it); empty: the query.
template <const at::command& C, class V>
struct ssl_setting {
    std::int32_t sslctxid = 0;
    V value;
    using binding = command_row<C>;  // ciphersuite: bare
};
using ssl_cacert = ssl_setting<cmd::ssl_cacert, opt_text>;  // <cacertpath>
using ssl_clientcert = ssl_setting<cmd::ssl_clientcert, opt_text>;  // <client_cert_path>
using ssl_clientkey = ssl_setting<cmd::ssl_clientkey, opt_text>;  // <client_key_path>
using ssl_seclevel = ssl_setting<cmd::ssl_seclevel, opt_int>;  // <seclevel>
using ssl_version = ssl_setting<cmd::ssl_version, opt_int>;  // <sslversion>
using ssl_ciphersuite = ssl_setting<cmd::ssl_ciphersuite, opt_text>;  // <cipher_suites> (0xFFFF, bare)
using ssl_ignorelocaltime = ssl_setting<cmd::ssl_ignorelocaltime, opt_int>;  // <ignore_ltime>
struct file_upload {
    bytes filename;
    opt_int file_size;
    opt_int timeout;
    using binding = command_row<cmd::qfupl>;
};

// Writes the command line (ending in CR) into `out`; the value is the number of bytes written, and
// encoded_size the bytes it would write, with the same checks. Typed commands: at::encode through their
// binding; forms without parameters: encode(test(cmd::x), out), read(...), execute(...).
inline constexpr at::encoder<lexical> encode{};
inline constexpr at::encoded_size_of<lexical> encoded_size{};
using at::execute, at::read, at::test;

}  // namespace quectel
ATMQTT_END_NAMESPACE
