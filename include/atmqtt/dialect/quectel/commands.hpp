// Typed Quectel commands: one struct per command row of the table, named after the manual, and
// encode(cmd, out) / encoded_size(cmd), which check the values against the table and the manual's rules
// between parameters (check_rules, shared with the `atmqtt at encode` tool) and write through the core
// writer. Optional parameters are std::optional: leaving one out leaves out it and everything after
// it (the manual's "[,<x>...]"), which for AT+QMTCFG items is the query form.
//
//     char buf[64];
//     auto n = quectel::encode(quectel::qmtopen{0, "broker", 1883}, buf);   // "AT+QMTOPEN=0,\"broker\",1883\r"
//
// Test and read forms: encode(quectel::test(quectel::cmd::qmtopen), out), encode(quectel::read(...), out).
#pragma once

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

namespace detail {
// Argument list under construction: at most 2 + 2 * max_topics values (AT+QMTSUB).
struct args {
    static constexpr std::size_t capacity = 2 + 2 * static_cast<std::size_t>(max_topics);
    at::value v[capacity]{};
    std::size_t n = 0;
    bool overflow = false;
    constexpr void add(at::value x) noexcept {
        if (n < capacity) v[n++] = x;
        else overflow = true;
    }
    constexpr void add(std::int32_t x) noexcept { add(at::value(x)); }
    constexpr void add(std::string_view x) noexcept { add(at::value(x)); }
    constexpr void add(const opt_int& x) noexcept { add(x ? at::value(*x) : at::value::omitted()); }
    constexpr void add(const opt_text& x) noexcept { add(x ? at::value(*x) : at::value::omitted()); }
    constexpr span<const at::value> view() const noexcept { return {v, n}; }
};
}  // namespace detail

// ---- AT+QMTCFG items (§3.3.1): client_idx alone is the query, the rest sets -------------------
struct qmtcfg_version { std::int32_t client_idx = 0; opt_int vsn; };
struct qmtcfg_pdpcid { std::int32_t client_idx = 0; opt_int cid; };
// ssl_enable 1 needs ssl_ctx_idx (check_rules).
struct qmtcfg_ssl { std::int32_t client_idx = 0; opt_int ssl_enable; opt_int ssl_ctx_idx; };
struct qmtcfg_keepalive { std::int32_t client_idx = 0; opt_int keep_alive_time; };
struct qmtcfg_session { std::int32_t client_idx = 0; opt_int clean_session; };
struct qmtcfg_timeout { std::int32_t client_idx = 0; opt_int pkt_timeout; opt_int retry_times; opt_int timeout_notice; };
// will_fg 1 needs all of will_qos, will_retain, willtopic, willmessage; will_fg 0 takes none (check_rules).
struct qmtcfg_will {
    std::int32_t client_idx = 0;
    opt_int will_fg, will_qos, will_retain;
    opt_text willtopic, willmessage;
};
// Answers '>' and takes <will_len> bytes of will message (send them after the prompt). The same will_fg
// rule as qmtcfg_will, with will_len in place of willmessage.
struct qmtcfg_willex {
    std::int32_t client_idx = 0;
    opt_int will_fg, will_qos, will_retain;
    opt_text willtopic;
    opt_int will_len;
};
struct qmtcfg_recv_mode { std::int32_t client_idx = 0; opt_int msg_rcv_mode; opt_int msg_len_enable; };
struct qmtcfg_aliauth { std::int32_t client_idx = 0; opt_text product_key, device_name, device_secret; };
struct qmtcfg_qmtping { std::int32_t client_idx = 0; opt_int qmtping_interval; };
struct qmtcfg_send_mode { std::int32_t client_idx = 0; opt_int send_mode; };
struct qmtcfg_onenet { std::int32_t client_idx = 0; opt_text product_id, access_key; };
struct qmtcfg_hwauth { std::int32_t client_idx = 0; opt_text product_id, device_secret; };
struct qmtcfg_hwprodid { std::int32_t client_idx = 0; opt_text product_id, product_secret, nodeid; };
struct qmtcfg_dataformat { std::int32_t client_idx = 0; opt_int send_mode, recv_mode; };
struct qmtcfg_view_mode { std::int32_t client_idx = 0; opt_int view_mode; };
struct qmtcfg_edit_timeout { std::int32_t client_idx = 0; opt_int edit_mode, edit_time; };
struct qmtcfg_protocol_check { std::int32_t client_idx = 0; opt_int protocol_check_enable; };

// ---- the MQTT commands (§3.3.2 - §3.3.9) ---------------------------------------------------------
struct qmtopen { std::int32_t client_idx = 0; std::string_view host_name; std::int32_t port = 0; };
struct qmtclose { std::int32_t client_idx = 0; };
struct qmtconn { std::int32_t client_idx = 0; std::string_view clientid; opt_text username, password; };
struct qmtdisc { std::int32_t client_idx = 0; };
struct topic_qos { std::string_view topic; std::int32_t qos = 0; };
struct qmtsub { std::int32_t client_idx = 0; std::int32_t msgid = 0; span<const topic_qos> topics; };
struct qmtuns { std::int32_t client_idx = 0; std::int32_t msgid = 0; span<const std::string_view> topics; };
// Answers '>' and takes exactly <length> bytes (the module drops any excess). <msgid> is 0 exactly
// when <qos> is 0 (§3.3.8); encode refuses other combinations (out_of_range at argument 1).
struct qmtpubex {
    std::int32_t client_idx = 0;
    std::int32_t msgid = 0;
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    std::string_view topic;
    std::int32_t length = 0;
};
struct qmtrecv { std::int32_t client_idx = 0; opt_int recv_id; };

// ---- AT+QSSLCFG items and AT+QFUPL of the §5.2 example -----------------------------------------
struct qsslcfg_cacert { std::int32_t sslctxid = 0; opt_text cacertpath; };
struct qsslcfg_clientcert { std::int32_t sslctxid = 0; opt_text client_cert_path; };
struct qsslcfg_clientkey { std::int32_t sslctxid = 0; opt_text client_key_path; };
struct qsslcfg_seclevel { std::int32_t sslctxid = 0; opt_int seclevel; };
struct qsslcfg_sslversion { std::int32_t sslctxid = 0; opt_int sslversion; };
struct qsslcfg_ciphersuite { std::int32_t sslctxid = 0; opt_text cipher_suites; };  // "0xFFFF", bare
struct qsslcfg_ignorelocaltime { std::int32_t sslctxid = 0; opt_int ignore_ltime; };
struct qfupl { std::string_view filename; opt_int file_size; opt_int timeout; };

// A test (=?) or read (?) form of any command row.
struct form_of {
    const at::command* command;
    at::form which;
};
constexpr form_of test(const at::command& c) noexcept { return {&c, at::form::test}; }
constexpr form_of read(const at::command& c) noexcept { return {&c, at::form::read}; }

// ---- rules the table cannot state ---------------------------------------------------------------
// The manual ties some parameters to others; a field table cannot say so. check_rules applies these
// rules to the generic form of a command (its row, its form and the writer's arguments), so the typed
// encode below and the `atmqtt at encode` tool refuse the same commands. It runs before the writer, and
// only on values of the right kind and range: anything else is left to the writer's own error. The offset
// of an error is an argument index, as the writer's:
//
// - AT+QMTPUBEX (§3.3.8): <msgid> is 0 exactly when <qos> is 0. Either way round: out_of_range at 1.
// - AT+QMTCFG="will" / "willex" (§3.3.1 remark 1): <will_fg>=1 needs <will_qos>, <will_retain>,
//   <willtopic> and <willmessage> (willex: <will_len>): at_missing_field at the first one absent.
//   <will_fg>=0 takes none of them ("若<will_fg>不为 1，以上参数会被省略"): at_too_many_fields at 2.
// - AT+QMTCFG="ssl" (remark 3): <SSL_enable>=1 needs <SSL_ctx_idx>: at_missing_field at 2.
//   <SSL_enable>=0 with a context index is allowed (the syntax permits it; the manual does not forbid it).
// - A value after an omitted <will_fg> or <SSL_enable> breaks the manual's nested brackets
//   ("[,<will_fg>[,<will_qos>,...]]"): at_missing_field at 1.
// - AT+QMTCONN (§3.3.4) "[,<username>,<password>]": both or neither; at_missing_field at the one absent.
namespace detail {
// The number of arguments given: trailing omitted ones are not given (as for the writer).
constexpr std::size_t given_count(span<const at::value> a) noexcept {
    std::size_t n = a.size();
    while (n != 0 && a[n - 1].is_omitted()) --n;
    return n;
}
constexpr bool is_integer(span<const at::value> a, std::size_t i) noexcept {
    return i < a.size() && a[i].type() == at::value::kind::integer;
}
constexpr bool is_integer(span<const at::value> a, std::size_t i, std::int64_t v) noexcept {
    return is_integer(a, i) && a[i].as_integer() == v;
}
// A flag at `flag` whose value 1 needs the arguments up to `last` and, when `zero_takes_none`, whose
// value 0 takes none after it.
constexpr status flag_tail(span<const at::value> a, std::size_t flag, std::size_t last,
                           bool zero_takes_none) noexcept {
    const std::size_t n = given_count(a);
    if (n <= flag) return {};
    if (a[flag].is_omitted()) return {errc::at_missing_field, flag};
    if (is_integer(a, flag, 1)) {
        for (std::size_t i = flag + 1; i <= last; ++i)
            if (i >= n || a[i].is_omitted()) return {errc::at_missing_field, i};
    }
    if (zero_takes_none && is_integer(a, flag, 0) && n > flag + 1)
        return {errc::at_too_many_fields, flag + 1};
    return {};
}
}  // namespace detail

constexpr status check_rules(const at::command& row, at::form which, span<const at::value> args) noexcept {
    if (which != at::form::set) return {};
    if (row.name == "QMTPUBEX" && row.selector.empty()) {
        if (!detail::is_integer(args, 1) || !detail::is_integer(args, 2)) return {};
        const std::int64_t msgid = args[1].as_integer();
        const std::int64_t qos = args[2].as_integer();
        if (qos >= 0 && qos <= 2 && msgid >= 0 && ((qos == 0) != (msgid == 0)))
            return {errc::out_of_range, 1};
        return {};
    }
    if (row.name == "QMTCONN") {  // (a username without password is the table's own at_missing_field)
        if (detail::given_count(args) == 4 && args[2].is_omitted()) return {errc::at_missing_field, 2};
        return {};
    }
    if (row.name != "QMTCFG") return {};
    if (row.selector == "will" || row.selector == "willex") return detail::flag_tail(args, 1, 5, true);
    if (row.selector == "ssl") return detail::flag_tail(args, 1, 2, false);
    return {};
}

namespace detail {

// Each struct's row and its argument list, in the table's parameter order.
#define ATMQTT_QUECTEL_ROW(type, row, ...)                                        \
    constexpr const at::command& row_of(const type&) noexcept { return row; }     \
    constexpr args args_of(const type& c) noexcept {                              \
        args a;                                                                   \
        __VA_ARGS__                                                               \
        return a;                                                                 \
    }

ATMQTT_QUECTEL_ROW(qmtcfg_version, cmd::cfg_version, a.add(c.client_idx); a.add(c.vsn);)
ATMQTT_QUECTEL_ROW(qmtcfg_pdpcid, cmd::cfg_pdpcid, a.add(c.client_idx); a.add(c.cid);)
ATMQTT_QUECTEL_ROW(qmtcfg_ssl, cmd::cfg_ssl, a.add(c.client_idx); a.add(c.ssl_enable); a.add(c.ssl_ctx_idx);)
ATMQTT_QUECTEL_ROW(qmtcfg_keepalive, cmd::cfg_keepalive, a.add(c.client_idx); a.add(c.keep_alive_time);)
ATMQTT_QUECTEL_ROW(qmtcfg_session, cmd::cfg_session, a.add(c.client_idx); a.add(c.clean_session);)
ATMQTT_QUECTEL_ROW(qmtcfg_timeout, cmd::cfg_timeout, a.add(c.client_idx); a.add(c.pkt_timeout); a.add(c.retry_times);
                   a.add(c.timeout_notice);)
ATMQTT_QUECTEL_ROW(qmtcfg_will, cmd::cfg_will, a.add(c.client_idx); a.add(c.will_fg); a.add(c.will_qos);
                   a.add(c.will_retain); a.add(c.willtopic); a.add(c.willmessage);)
ATMQTT_QUECTEL_ROW(qmtcfg_willex, cmd::cfg_willex, a.add(c.client_idx); a.add(c.will_fg); a.add(c.will_qos);
                   a.add(c.will_retain); a.add(c.willtopic); a.add(c.will_len);)
ATMQTT_QUECTEL_ROW(qmtcfg_recv_mode, cmd::cfg_recv_mode, a.add(c.client_idx); a.add(c.msg_rcv_mode); a.add(c.msg_len_enable);)
ATMQTT_QUECTEL_ROW(qmtcfg_aliauth, cmd::cfg_aliauth, a.add(c.client_idx); a.add(c.product_key); a.add(c.device_name);
                   a.add(c.device_secret);)
ATMQTT_QUECTEL_ROW(qmtcfg_qmtping, cmd::cfg_qmtping, a.add(c.client_idx); a.add(c.qmtping_interval);)
ATMQTT_QUECTEL_ROW(qmtcfg_send_mode, cmd::cfg_send_mode, a.add(c.client_idx); a.add(c.send_mode);)
ATMQTT_QUECTEL_ROW(qmtcfg_onenet, cmd::cfg_onenet, a.add(c.client_idx); a.add(c.product_id); a.add(c.access_key);)
ATMQTT_QUECTEL_ROW(qmtcfg_hwauth, cmd::cfg_hwauth, a.add(c.client_idx); a.add(c.product_id); a.add(c.device_secret);)
ATMQTT_QUECTEL_ROW(qmtcfg_hwprodid, cmd::cfg_hwprodid, a.add(c.client_idx); a.add(c.product_id); a.add(c.product_secret);
                   a.add(c.nodeid);)
ATMQTT_QUECTEL_ROW(qmtcfg_dataformat, cmd::cfg_dataformat, a.add(c.client_idx); a.add(c.send_mode); a.add(c.recv_mode);)
ATMQTT_QUECTEL_ROW(qmtcfg_view_mode, cmd::cfg_view_mode, a.add(c.client_idx); a.add(c.view_mode);)
ATMQTT_QUECTEL_ROW(qmtcfg_edit_timeout, cmd::cfg_edit_timeout, a.add(c.client_idx); a.add(c.edit_mode); a.add(c.edit_time);)
ATMQTT_QUECTEL_ROW(qmtcfg_protocol_check, cmd::cfg_protocol_check, a.add(c.client_idx); a.add(c.protocol_check_enable);)
ATMQTT_QUECTEL_ROW(qmtopen, cmd::qmtopen, a.add(c.client_idx); a.add(c.host_name); a.add(c.port);)
ATMQTT_QUECTEL_ROW(qmtclose, cmd::qmtclose, a.add(c.client_idx);)
ATMQTT_QUECTEL_ROW(qmtconn, cmd::qmtconn, a.add(c.client_idx); a.add(c.clientid); a.add(c.username); a.add(c.password);)
ATMQTT_QUECTEL_ROW(qmtdisc, cmd::qmtdisc, a.add(c.client_idx);)
ATMQTT_QUECTEL_ROW(qmtsub, cmd::qmtsub, a.add(c.client_idx); a.add(c.msgid);
                   for (const topic_qos& t : c.topics) { a.add(t.topic); a.add(t.qos); })
ATMQTT_QUECTEL_ROW(qmtuns, cmd::qmtuns, a.add(c.client_idx); a.add(c.msgid);
                   for (std::string_view t : c.topics) a.add(t);)
ATMQTT_QUECTEL_ROW(qmtpubex, cmd::qmtpubex, a.add(c.client_idx); a.add(c.msgid); a.add(c.qos); a.add(c.retain);
                   a.add(c.topic); a.add(c.length);)
ATMQTT_QUECTEL_ROW(qmtrecv, cmd::qmtrecv, a.add(c.client_idx); a.add(c.recv_id);)
ATMQTT_QUECTEL_ROW(qsslcfg_cacert, cmd::ssl_cacert, a.add(c.sslctxid); a.add(c.cacertpath);)
ATMQTT_QUECTEL_ROW(qsslcfg_clientcert, cmd::ssl_clientcert, a.add(c.sslctxid); a.add(c.client_cert_path);)
ATMQTT_QUECTEL_ROW(qsslcfg_clientkey, cmd::ssl_clientkey, a.add(c.sslctxid); a.add(c.client_key_path);)
ATMQTT_QUECTEL_ROW(qsslcfg_seclevel, cmd::ssl_seclevel, a.add(c.sslctxid); a.add(c.seclevel);)
ATMQTT_QUECTEL_ROW(qsslcfg_sslversion, cmd::ssl_version, a.add(c.sslctxid); a.add(c.sslversion);)
ATMQTT_QUECTEL_ROW(qsslcfg_ciphersuite, cmd::ssl_ciphersuite, a.add(c.sslctxid); a.add(c.cipher_suites);)
ATMQTT_QUECTEL_ROW(qsslcfg_ignorelocaltime, cmd::ssl_ignorelocaltime, a.add(c.sslctxid); a.add(c.ignore_ltime);)
ATMQTT_QUECTEL_ROW(qfupl, cmd::qfupl, a.add(c.filename); a.add(c.file_size); a.add(c.timeout);)
#undef ATMQTT_QUECTEL_ROW

// The row, form and arguments of a typed command (or of a test / read form), checked for the rules the
// table cannot state. Errors carry the argument index as their offset.
struct prepared {
    const at::command* row = nullptr;
    at::form which = at::form::set;
    args a{};
    errc error = errc::ok;
    std::size_t offset = 0;
};
constexpr prepared prepare(const form_of& f) noexcept {
    prepared p;
    p.row = f.command;
    p.which = f.which;
    if (f.command == nullptr) p.error = errc::at_unknown_command;
    return p;
}
template <class C>
constexpr prepared prepare(const C& c) noexcept {
    prepared p;
    p.row = &row_of(c);
    p.a = args_of(c);
    if (p.a.overflow) {
        p.error = errc::at_too_many_fields;
        p.offset = args::capacity;
        return p;
    }
    status rule = check_rules(*p.row, p.which, p.a.view());
    if (!rule.ok()) {
        p.error = rule.error();
        p.offset = rule.offset();
    }
    return p;
}

}  // namespace detail

// Writes the command line (ending in CR) into `out`; the value is the number of bytes written.
template <class C>
constexpr result<std::size_t> encode(const C& c, mutable_bytes out) noexcept {
    detail::prepared p = detail::prepare(c);
    if (p.error != errc::ok) return {p.error, p.offset};
    return at::write_command(lexical, *p.row, p.which, p.a.view(), out);
}
// The bytes encode would write, with the same checks.
template <class C>
constexpr result<std::size_t> encoded_size(const C& c) noexcept {
    detail::prepared p = detail::prepare(c);
    if (p.error != errc::ok) return {p.error, p.offset};
    return at::command_size(lexical, *p.row, p.which, p.a.view());
}

// The table row a typed command is written with (its prompt, its deferred result).
template <class C>
constexpr const at::command& row_of(const C& c) noexcept { return detail::row_of(c); }

}  // namespace quectel
ATMQTT_END_NAMESPACE
