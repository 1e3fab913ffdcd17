// The Quectel LTE Standard(A) MQTT dialect as one constexpr table (manual: "LTE Standard(A) 系列 MQTT 应用
// 指导" v1.4, §3.3 commands, §4 URCs): every AT+QMT* command with every form and parameter, the
// sub-configurations of AT+QMTCFG as selector commands, the deferred results, the URCs, and the
// AT+QSSLCFG / AT+QFUPL commands the manual's TLS example (§5.2) uses.
//
// Decisions (docs/dialect-notes/quectel.md has the reasons):
// - The close command is written AT+QMTCLOSE (table of contents, the "qmtping" text, Quectel's other
//   manuals); the §3.3.3 body's "+QMTCCLOSE:" is accepted inbound as a prefix alias.
// - String lengths the manual does not state are bounded by the library (1..256; passwords 0..256) so
//   a runaway value is refused instead of sent.
// - Defaults only where the manual writes them in words (cid 1, keep_alive 120, pkt_timeout 5,
//   retry_times 3, qmtping_interval 5); the underlined ones were lost in the text.
// - The error table is the +QMTSTAT <err_code> table (Table 4): the manual has no +CME error codes.
#pragma once

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>

#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

using at::form;
using at::quoting;

namespace detail {
// Building blocks shared by many rows.
using at::integer;
using at::string;
constexpr at::field_spec client_idx = integer("client_idx", 0, 5);
constexpr at::field_spec sslctxid = integer("sslctxid", 0, 5);
constexpr at::field_spec flag(std::string_view name) noexcept { return integer(name, 0, 1); }
constexpr at::field_spec text(std::string_view name) noexcept { return string(name, 1, 256); }
// <msgid>: 1..65535 where a packet id is needed (subscribe), 0..65535 where 0 stands for QoS 0.
constexpr at::field_spec msgid(std::int32_t min) noexcept { return integer("msgid", min, 65535); }
constexpr std::int32_t max_topics = 10;  // a library bound: the manual states no maximum
constexpr form ts = form::test | form::set, trs = ts | form::read;  // the usual form sets
// The answer row of item `c` with the values `f`: +QMTCFG: "<item>",... (an AT+QSSLCFG item's +QSSLCFG:).
constexpr at::line cfg_row(const at::command& c, span<const at::field_spec> f) noexcept {
    return at::response(c.name == "QMTCFG" ? "+QMTCFG" : "+QSSLCFG", f).with_selector(c.selector);
}
// The answer row of item C from its set form (at/answer_row.hpp): by default the values after client_idx,
// the first one required; an AT+QSSLCFG item's <sslctxid>,<value>, both required, a path may be empty
// (no file configured).
template <const at::command& C, std::uint32_t Shape = C.name == "QMTCFG" ? at::default_answer : at::pack_shape({0, 2, 0, true})>
constexpr at::line answer_to() noexcept {
    constexpr auto& f = at::answer_values<C, Shape>;
    return cfg_row(C, {f.data(), f.size()});
}
}  // namespace detail

// ---- information responses, deferred results and URCs -------------------------------------------

namespace rows {
using namespace detail;
// The +QMTCFG answers that differ from their set form beyond what detail::answer_to states: a value the
// set form requires but the answer may leave out; a value only the answer has.
inline constexpr at::field_spec
    cfg_hwauth[] = {text("product_id"), text("device_secret"), flag("hw_time_enable").optional()},
    cfg_hwprodid[] = {text("product_id"), text("product_secret"), text("nodeid"),
                      flag("hw_time_enable").optional()},
    cfg_edit_timeout[] = {flag("edit_mode"), integer("edit_time", 1, 120).optional()},

    open_result[] = {client_idx, integer("result", -1, 5)},
    close_result[] = {client_idx, integer("result", -1, 0)},  // and +QMTDISC
    connect_result[] = {client_idx, integer("result", 0, 2), integer("ret_code", 0, 5).optional()},
    connection_state[] = {client_idx, integer("state", 1, 4)},
    // <value>: the granted QoS vector when result=0, the retransmission count when result=1, absent when 2.
    // Named for the common case (the typed decoder names it by <result>: granted_qos / retransmit_count).
    subscribe_result[] = {client_idx, msgid(1), integer("result", 0, 2), integer("granted_qos", 0, 255)},
    // <value> of +QMTPUBEX appears only with result=1: the retransmission count.
    pub_result[] = {client_idx, msgid(0), integer("result", 0, 2),
                    integer("retransmit_count", 0, 255).optional()},
    received_message[] = {client_idx, msgid(0), text("topic"),
                          integer("payload_len", 0, 65535), at::payload("payload", quoting::either)},
    message_notice[] = {client_idx, integer("recv_id", 0, 4), integer("payload_len", 0, 65535).optional()},
    recv_status[] = {client_idx, flag("store_status_0"), flag("store_status_1"), flag("store_status_2"),
                     flag("store_status_3"), flag("store_status_4")},
    stat[] = {client_idx, integer("err_code", 1, 255)},
    ping[] = {client_idx, integer("result", 1, 1)},
    file_upload_result[] = {integer("upload_size", 0, 2147483647), string("checksum", 1, 4, quoting::bare)},
    // The AT+QSSLCFG="ciphersuite" query answer (Quectel's SSL application note; the seed shows only the set
    // form): firmware differs in quoting it and in how many suites it lists. The other items' answers are
    // their set forms' (detail::answer_to).
    ssl_ciphersuite[] = {sslctxid, string("cipher_suites", 1, 64, quoting::either)};
}  // namespace rows

// Line indexes, for deferred_result() and for the typed decoders.
enum line_index : std::uint8_t {
    line_cfg_version, line_cfg_pdpcid, line_cfg_ssl, line_cfg_keepalive, line_cfg_session, line_cfg_timeout,
    line_cfg_will, line_cfg_willex, line_cfg_recv_mode, line_cfg_aliauth, line_cfg_qmtping, line_cfg_send_mode,
    line_cfg_onenet, line_cfg_hwauth, line_cfg_hwprodid, line_cfg_dataformat, line_cfg_view_mode,
    line_cfg_edit_timeout, line_cfg_protocol_check,
    line_open_result, line_open_state, line_close_result, line_connect_result, line_connection_state,
    line_disconnect_result, line_subscribe_result, line_unsubscribe_result, line_publish_result, line_received_message, line_message_notice,
    line_recv_status, line_connection_closed, line_ping_result, line_file_upload_result,
    line_ssl_cacert, line_ssl_clientcert, line_ssl_clientkey, line_ssl_seclevel, line_ssl_version,
    line_ssl_ciphersuite, line_ssl_ignorelocaltime, line_count
};

// ---- commands ------------------------------------------------------------------------------------

namespace params {
using namespace detail;
inline constexpr at::field_spec
    cfg_version[] = {client_idx, integer("vsn", 3, 4).optional()},
    cfg_pdpcid[] = {client_idx, integer("cid", 1, 15).defaults_to(1).optional()},
    cfg_ssl[] = {client_idx, flag("ssl_enable").optional(), integer("ssl_ctx_idx", 0, 5).optional()},
    cfg_keepalive[] = {client_idx, integer("keep_alive_time", 0, 3600).defaults_to(120).optional()},
    cfg_session[] = {client_idx, flag("clean_session").optional()},
    cfg_timeout[] = {client_idx, integer("pkt_timeout", 1, 60).defaults_to(5).optional(),
                     integer("retry_times", 0, 10).defaults_to(3), flag("timeout_notice")},
    cfg_will[] = {client_idx, flag("will_fg").optional(), integer("will_qos", 0, 2).optional(),
                  flag("will_retain"), text("willtopic"), string("willmessage", 0, 256)},
    cfg_willex[] = {client_idx, flag("will_fg").optional(), integer("will_qos", 0, 2).optional(),
                    flag("will_retain"), text("willtopic"), integer("will_len", 0, 256)},
    cfg_recv_mode[] = {client_idx, flag("msg_rcv_mode").optional(), flag("msg_len_enable").optional()},
    cfg_aliauth[] = {client_idx, text("product_key").optional(), text("device_name"), text("device_secret")},
    cfg_qmtping[] = {client_idx, integer("qmtping_interval", 5, 60).defaults_to(5).optional()},
    cfg_onenet[] = {client_idx, text("product_id").optional(), text("access_key")},
    cfg_hwauth[] = {client_idx, text("product_id").optional(), text("device_secret")},
    cfg_hwprodid[] = {client_idx, text("product_id").optional(), text("product_secret"), text("nodeid")},
    cfg_dataformat[] = {client_idx, flag("send_mode").optional(), flag("recv_mode")},
    cfg_view_mode[] = {client_idx, flag("view_mode").optional()},
    cfg_edit_timeout[] = {client_idx, flag("edit_mode").optional(), integer("edit_time", 1, 120)},
    cfg_protocol_check[] = {client_idx, flag("protocol_check_enable").optional()},

    open[] = {client_idx, string("host_name", 1, 100), integer("port", 1, 65535)},
    one_client[] = {client_idx},
    conn[] = {client_idx, text("clientid"), string("username", 0, 256).optional(),
              string("password", 0, 256)},
    sub[] = {client_idx, msgid(1), text("topic"), integer("qos", 0, 2)},
    pubex[] = {client_idx, msgid(0), integer("qos", 0, 2), flag("retain"),
               text("topic"), integer("length", 0, 1500)},
    recv[] = {client_idx, integer("recv_id", 0, 4).optional()},

    // AT+QSSLCFG items of the §5.2 example (syntax from Quectel's SSL application note).
    ssl_cacert[] = {sslctxid, string("cacertpath", 1, 80).optional()},
    ssl_clientcert[] = {sslctxid, string("client_cert_path", 1, 80).optional()},
    ssl_clientkey[] = {sslctxid, string("client_key_path", 1, 80).optional()},
    ssl_seclevel[] = {sslctxid, integer("seclevel", 0, 2).optional()},
    ssl_version[] = {sslctxid, integer("sslversion", 0, 4).optional()},
    ssl_ciphersuite[] = {sslctxid, string("cipher_suites", 6, 6, quoting::bare).optional()},
    ssl_ignorelocaltime[] = {sslctxid, flag("ignore_ltime").optional()},
    fupl[] = {string("filename", 1, 80), integer("file_size", 1, 2147483647).optional(),
              integer("timeout", 1, 65535).defaults_to(5).optional()};
}  // namespace params

// One object per command row, so firmware links only what it writes.
namespace cmd {
using namespace detail;
// An item of AT+QMTCFG (or AT+QSSLCFG): its set form, the item's name the selector.
constexpr at::command cfg_item(std::string_view item, span<const at::field_spec> p,
                               std::string_view name = "QMTCFG") noexcept {
    return at::cmd(name, form::set, p).with_selector(item);
}
inline constexpr at::command
    qmtcfg = at::cmd("QMTCFG", form::test),
    cfg_version = cfg_item("version", params::cfg_version),
    cfg_pdpcid = cfg_item("pdpcid", params::cfg_pdpcid),
    cfg_ssl = cfg_item("ssl", params::cfg_ssl),
    cfg_keepalive = cfg_item("keepalive", params::cfg_keepalive),
    cfg_session = cfg_item("session", params::cfg_session),
    cfg_timeout = cfg_item("timeout", params::cfg_timeout),
    cfg_will = cfg_item("will", params::cfg_will),
    cfg_willex = cfg_item("willex", params::cfg_willex).with_prompt(),
    cfg_recv_mode = cfg_item("recv/mode", params::cfg_recv_mode),
    cfg_aliauth = cfg_item("aliauth", params::cfg_aliauth),
    cfg_qmtping = cfg_item("qmtping", params::cfg_qmtping),
    cfg_send_mode = cfg_item("send/mode", {params::cfg_dataformat, 2}),  // "dataformat"'s <send_mode> alone
    cfg_onenet = cfg_item("onenet", params::cfg_onenet),
    cfg_hwauth = cfg_item("hwauth", params::cfg_hwauth),
    cfg_hwprodid = cfg_item("hwprodid", params::cfg_hwprodid),
    cfg_dataformat = cfg_item("dataformat", params::cfg_dataformat),
    cfg_view_mode = cfg_item("view/mode", params::cfg_view_mode),
    cfg_edit_timeout = cfg_item("edit/timeout", params::cfg_edit_timeout),
    cfg_protocol_check = cfg_item("protocol/check", params::cfg_protocol_check),

    qmtopen = at::cmd("QMTOPEN", trs, params::open).deferred_result(line_open_result),
    qmtclose = at::cmd("QMTCLOSE", ts, params::one_client).deferred_result(line_close_result),
    qmtconn = at::cmd("QMTCONN", trs, params::conn).deferred_result(line_connect_result),
    qmtdisc = at::cmd("QMTDISC", ts, params::one_client).deferred_result(line_disconnect_result),
    qmtsub =
        at::cmd("QMTSUB", ts, params::sub).repeating(2, 1, max_topics).deferred_result(line_subscribe_result),
    // AT+QMTUNS: AT+QMTSUB's parameters without <qos>.
    qmtuns =
        at::cmd("QMTUNS", ts, {params::sub, 3}).repeating(1, 1, max_topics).deferred_result(line_unsubscribe_result),
    qmtpubex =
        at::cmd("QMTPUBEX", ts, params::pubex).with_prompt().deferred_result(line_publish_result),
    qmtrecv = at::cmd("QMTRECV", trs, params::recv),
    ssl_cacert = cfg_item("cacert", params::ssl_cacert, "QSSLCFG"),
    ssl_clientcert = cfg_item("clientcert", params::ssl_clientcert, "QSSLCFG"),
    ssl_clientkey = cfg_item("clientkey", params::ssl_clientkey, "QSSLCFG"),
    ssl_seclevel = cfg_item("seclevel", params::ssl_seclevel, "QSSLCFG"),
    ssl_version = cfg_item("sslversion", params::ssl_version, "QSSLCFG"),
    ssl_ciphersuite = cfg_item("ciphersuite", params::ssl_ciphersuite, "QSSLCFG"),
    ssl_ignorelocaltime = cfg_item("ignorelocaltime", params::ssl_ignorelocaltime, "QSSLCFG"),
    // AT+QFUPL answers CONNECT, takes <file_size> bytes, then +QFUPL: <upload_size>,<checksum> and OK.
    qfupl = at::cmd("QFUPL", ts, params::fupl).with_connect_phase();
}  // namespace cmd

inline constexpr at::line lines[] = {
    detail::answer_to<cmd::cfg_version>(),
    detail::answer_to<cmd::cfg_pdpcid>(),
    detail::answer_to<cmd::cfg_ssl>(),
    detail::answer_to<cmd::cfg_keepalive>(),
    detail::answer_to<cmd::cfg_session>(),
    detail::answer_to<cmd::cfg_timeout>(),
    detail::answer_to<cmd::cfg_will>(),
    detail::answer_to<cmd::cfg_willex>(),
    detail::answer_to<cmd::cfg_recv_mode, at::pack_shape({1, 2, 0, false})>(),
    detail::answer_to<cmd::cfg_aliauth>(),
    detail::answer_to<cmd::cfg_qmtping>(),
    detail::answer_to<cmd::cfg_send_mode>(),
    detail::answer_to<cmd::cfg_onenet>(),
    detail::cfg_row(cmd::cfg_hwauth, rows::cfg_hwauth),
    detail::cfg_row(cmd::cfg_hwprodid, rows::cfg_hwprodid),
    detail::answer_to<cmd::cfg_dataformat>(),
    detail::answer_to<cmd::cfg_view_mode>(),
    detail::cfg_row(cmd::cfg_edit_timeout, rows::cfg_edit_timeout),
    detail::answer_to<cmd::cfg_protocol_check, at::pack_shape({0, 2, 0, false})>(),  // <client_idx> kept
    at::response("+QMTOPEN", rows::open_result).as_deferred(),
    at::response("+QMTOPEN", params::open).answers_read_form(),  // AT+QMTOPEN? states the set form's values
    at::response("+QMTCLOSE", rows::close_result).as_deferred(),
    at::response("+QMTCONN", rows::connect_result).as_deferred(),
    at::response("+QMTCONN", rows::connection_state).answers_read_form(),
    at::response("+QMTDISC", rows::close_result).as_deferred(),
    at::response("+QMTSUB", rows::subscribe_result).repeating(1, 0, detail::max_topics).as_deferred(),
    at::response("+QMTUNS", rows::subscribe_result).repeating(1, 0, detail::max_topics).as_deferred(),
    at::response("+QMTPUBEX", rows::pub_result).as_deferred(),
    at::urc("+QMTRECV", rows::received_message).with_length(3, true),
    at::urc("+QMTRECV", rows::message_notice),
    at::response("+QMTRECV", rows::recv_status).answers_read_form(),
    at::urc("+QMTSTAT", rows::stat),
    at::urc("+QMTPING", rows::ping),
    at::response("+QFUPL", rows::file_upload_result),
    detail::answer_to<cmd::ssl_cacert>(),
    detail::answer_to<cmd::ssl_clientcert>(),
    detail::answer_to<cmd::ssl_clientkey>(),
    detail::answer_to<cmd::ssl_seclevel>(),
    detail::answer_to<cmd::ssl_version>(),
    detail::cfg_row(cmd::ssl_ciphersuite, rows::ssl_ciphersuite),
    detail::answer_to<cmd::ssl_ignorelocaltime>(),
};
static_assert(sizeof lines / sizeof lines[0] == line_count, "line_index and lines[] must agree");


inline constexpr at::command commands[] = {
    cmd::qmtcfg, cmd::cfg_version, cmd::cfg_pdpcid, cmd::cfg_ssl, cmd::cfg_keepalive, cmd::cfg_session,
    cmd::cfg_timeout, cmd::cfg_will, cmd::cfg_willex, cmd::cfg_recv_mode, cmd::cfg_aliauth, cmd::cfg_qmtping,
    cmd::cfg_send_mode, cmd::cfg_onenet, cmd::cfg_hwauth, cmd::cfg_hwprodid, cmd::cfg_dataformat,
    cmd::cfg_view_mode, cmd::cfg_edit_timeout, cmd::cfg_protocol_check, cmd::qmtopen, cmd::qmtclose,
    cmd::qmtconn, cmd::qmtdisc, cmd::qmtsub, cmd::qmtuns, cmd::qmtpubex, cmd::qmtrecv, cmd::ssl_cacert,
    cmd::ssl_clientcert, cmd::ssl_clientkey, cmd::ssl_seclevel, cmd::ssl_version, cmd::ssl_ciphersuite,
    cmd::ssl_ignorelocaltime, cmd::qfupl,
};

// +QMTSTAT <err_code> (Table 4), with the manual's recommended action in the description.
inline constexpr at::error_entry errors[] = {
    at::error_code(1, "closed_by_server", "connection closed or reset by the server; run AT+QMTOPEN again"),
    at::error_code(2, "ping_failed", "PINGREQ timed out or failed; reactivate the PDP context, then reconnect"),
    at::error_code(3, "connect_failed", "CONNECT timed out or failed; check user name, password and client id, reconnect"),
    at::error_code(4, "connack_failed", "CONNACK timed out or failed; check user name, password and client id, reconnect"),
    at::error_code(5, "server_closed_after_disconnect", "the client sent DISCONNECT and the server closed the link; normal"),
    at::error_code(6, "send_failures", "the client closed the link after repeated send failures; check the data, reconnect"),
    at::error_code(7, "link_down", "link not working or server unavailable; check both"),
    at::error_code(8, "closed_by_client", "the client closed the MQTT connection; reconnect"),
    at::error_entry{9, 255, "reserved", "reserved for future use"},
};

// The §3.3.3 body spells the close result "+QMTCCLOSE:"; it is read as "+QMTCLOSE:".
inline constexpr at::prefix_alias prefix_aliases[] = {{"+QMTCCLOSE", "+QMTCLOSE"}};

// No quote escapes (a quoted string cannot carry '"'), the default tolerances. Encoders and decoders use
// this constant, not grammar.lexical, so firmware does not link the whole table (see at/writer.hpp).
// full_lexical writes what the commands write; lexical no bare text, which only AT+QSSLCFG="ciphersuite"
// writes (its struct's encoder takes it too: at::fixed_syntax widens by the row), so no other encoder
// links that code.
inline constexpr at::syntax full_lexical = at::syntax{}.writing(commands);
inline constexpr at::syntax lexical = full_lexical.skipping(at::syntax::bare_bit);

// line_order: the classifier's index, the lines sorted by prefix (at::line_order_of).
inline constexpr at::grammar grammar{"quectel", commands, lines, full_lexical, {}, errors, prefix_aliases, at::line_order_of<lines>};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

// The rows the typed structs read (responses.hpp, and open's AT+QMTOPEN? answer), line_open_result up to
// the AT+QSSLCFG answers, as a table of their own: no configuration answer, so no row named by a
// selector, and their reader (at::reading_of) links no selector code. Row i of lines is row
// i - line_open_result of it.
inline constexpr at::grammar typed_rows{
    {}, {}, {lines + line_open_result, line_ssl_cacert - line_open_result}, full_lexical, {}, {}, prefix_aliases};

}  // namespace quectel
ATMQTT_END_NAMESPACE
