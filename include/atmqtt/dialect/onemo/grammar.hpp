// The OneMO (China Mobile IoT, ML302A/ML305A/ML307A/R/G/S, MN316/MN318/MN319/MN326, ...) MQTT dialect as
// one constexpr AT grammar: every AT+MQTT* command with every form and parameter, every information
// response and every +MQTTURC kind, the final-result aliases and the 600-649 error table. Source: the
// OneMO "MQTT用户手册" V6.7.0 (2024-01-10); docs/dialect-notes/onemo.md records how it was read.
//
// Ranges here are the widest any model documents; models.hpp narrows them per model (connect_id 0-2 on
// MN316A/MN319, 256-byte topics and 1024-byte messages on the ML30x family) for the typed encoders.
#pragma once

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

using at::form;
using at::quoting;

// The manual's bounds that more than one table needs.
inline constexpr std::int32_t max_connect_id = 5;      // "范围: 0~5" (MN316A/MN319: 0~2, models.hpp)
inline constexpr std::int32_t max_topic_length = 3000; // MN316A's note; the ML30x family allows 256
inline constexpr std::int32_t max_message_length = 4096;  // no model documents more (ML30x: 1024)
inline constexpr std::uint8_t max_topics_per_command = 3;  // "支持同时添加3个主题订阅" / "取消订阅3个主题"
inline constexpr std::uint8_t max_listed_subscriptions = 64;  // AT+MQTTSUB=<id> lists all on one line

namespace detail {

constexpr at::field_spec connect_id = at::integer("connect_id", 0, max_connect_id);
constexpr at::field_spec mid = at::integer("mid", 0, 65535);
constexpr at::field_spec topic = at::string("topic", 1, max_topic_length);
constexpr at::field_spec length(std::string_view name) noexcept { return at::integer(name, 0, 2147483647); }
// An AT+MQTTCFG value: optional, and its default when omitted before a given one ("省略时为默认值").
constexpr at::field_spec setting(std::string_view name, std::int32_t min, std::int32_t max, std::int32_t def) noexcept {
    return at::integer(name, min, max).defaults_to(def).optional();
}

// ---- response and URC fields ---------------------------------------------------------------------

inline constexpr at::field_spec
    urc_conn[] = {connect_id, at::integer("conn_state", 0, 255)},
    urc_pubnmi[] = {connect_id, mid, length("data_len")},
    urc_drop[] = {connect_id, length("dropped_length")},
    urc_publish[] = {
        connect_id, mid, topic, length("total_len"), at::integer("payload_len", 0, 65535),
        at::payload("payload", quoting::bare),  // unquoted in every example: delimited by payload_len only
    },
    urc_pingresp[] = {connect_id, at::integer("ping_ret", 0, 1)},
    id_mid[] = {connect_id, mid},  // timeout, unsuback, +MQTTSUB, +MQTTUNSUB
    urc_suback[] = {connect_id, mid, at::integer("code", 0, 128)},
    urc_ack[] = {connect_id, mid, at::integer("dup", 0, 1)},  // puback/rec/comp

    rsp_sub_list[] = {topic, urc_suback[2]},  // <code>: the granted QoS, or 128
    rsp_pub[] = {connect_id, mid, length("length")},
    rsp_read_status[] = {connect_id, length("store_msgs"), length("total_len")},
    // "+MQTTREAD: 0,45,"hello",11,hello world": "publish"'s fields without <total_len>
    rsp_read_message[] = {connect_id, mid, topic, urc_publish[4], urc_publish[5]},
    rsp_state[] = {at::integer("state", 1, 255)};

}  // namespace detail

// Indexes into `lines` (the commands' deferred results name them; the decoders use them). The URCs come
// first, one row per +MQTTURC kind, up to last_urc_line; puback is publish_result's own row.
enum line_index : std::uint8_t {
    line_connection_state = 0, line_message_notice, line_dropped_messages, line_received_message, line_ping_result, line_request_timeout,
    line_subscribe_result, line_unsubscribe_result, line_publish_result, line_pubrec, line_pubcomp,
    line_subscribe_sent, line_subscription_list, line_unsubscribe_sent, line_publish_sent, line_cache_status, line_cached_message, line_mqtt_status,
    line_cfg_version, line_cfg_cid, line_cfg_ssl, line_cfg_keepalive, line_cfg_clean, line_cfg_retrans,
    line_cfg_willoption, line_cfg_willpayload, line_cfg_pingreq, line_cfg_pingresp, line_cfg_encoding,
    line_cfg_cached, line_cfg_reconn,
    line_count
};
inline constexpr line_index last_urc_line = line_pubcomp;

// ---- command parameters --------------------------------------------------------------------------

namespace detail {

// AT+MQTTCFG="<item>",<connect_id>[,<values>]: without the values the item is queried.
inline constexpr at::field_spec
    cfg_version_p[] = {connect_id, setting("version", 3, 4, 4)},
    cfg_cid_p[] = {connect_id, at::integer("cid", 1, 15).optional()},
    cfg_ssl_p[] = {connect_id, setting("ssl_enable", 0, 1, 0), at::integer("ssl_id", 0, 5).optional()},
    // 0 or 60~65535: the hole 1~59 is a rule row below (a range cannot say it).
    cfg_keepalive_p[] = {connect_id, setting("keepalive_time", 0, 65535, 120)},
    cfg_clean_p[] = {connect_id, setting("clean_session", 0, 1, 0)},
    cfg_retrans_p[] = {connect_id, setting("retrans_interval", 20, 60, 20),
                       setting("retry_times", 0, 3, 0)},
    cfg_willoption_p[] = {connect_id, setting("will_flag", 0, 1, 0),
                          setting("will_qos", 0, 2, 0), setting("will_retain", 0, 1, 0)},
    // [,<will_topic>,<will_msg>]: both or neither. will_msg is written per the "encoding" input format
    // (hex text is twice as long as the message, hence 512).
    cfg_willpayload_p[] = {connect_id, at::string("will_topic", 0, 256).optional(),
                           at::string("will_msg", 0, 512)},
    cfg_pingreq_p[] = {connect_id, setting("ping_interval", 60, 86400, 120)},
    cfg_pingresp_p[] = {connect_id, setting("pingack", 0, 1, 0)},
    cfg_encoding_p[] = {connect_id, setting("input_format", 0, 2, 0), setting("output_format", 0, 1, 0)},
    cfg_cached_p[] = {connect_id, setting("cached_mode", 0, 1, 0)},
    // The syntax row spells it <recon_times>; every other place <reconn_times>.
    cfg_reconn_p[] = {connect_id, setting("reconn_times", 0, 3, 3),
                      setting("reconn_interval", 20, 60, 20),
                      setting("mode", 0, 1, 0)},
    id_p[] = {connect_id},  // "query", MQTTSTATE, MQTTDISC, MQTTSUB's list form

    // AT+MQTTCONN=<connect_id>,<host>[,<port>[,<clientid>,<user>,<passwd>]] (the typed struct gives the
    // last three together: onemo::login)
    conn_p[] = {
        connect_id,
        at::string("host", 1, 128),
        setting("port", 0, 65535, 1883),
        at::string("clientid", 0, 128).optional(),
        at::string("user", 0, 128),
        at::string("passwd", 0, 256),
    },
    // AT+MQTTSUB=<connect_id>,<topic>,<qos>[,...] (without a pair it lists: cmd::mqttsub_list).
    sub_p[] = {connect_id, topic, at::integer("qos", 0, 2)},
    // AT+MQTTPUB=<connect_id>,<topic>,<qos>,<retain>,<dup>,<msg_len>[,<message>]; no message: data mode.
    pub_p[] = {
        connect_id, topic,
        at::integer("qos", 0, 2),
        at::integer("retain", 0, 1),
        at::integer("dup", 0, 1),
        at::integer("msg_len", 0, max_message_length),
        at::string("message", 0, 2 * max_message_length).optional(),  // hex input doubles the text
    },
    // The AT client's rows (cmd::mqttpub_hex, cmd::cfg_willpayload_hex): the message as binary written in
    // hex ("encoding" input format 1: any byte value) by the writer; <msg_len> counts bytes, a will takes 256.
    pub_hex_p[] = {connect_id, topic, pub_p[2], pub_p[3], pub_p[4], pub_p[5], at::hex("message", 0, max_message_length)},
    cfg_willpayload_hex_p[] = {connect_id, cfg_willpayload_p[1], at::hex("will_msg", 0, 256)},
    read_p[] = {connect_id, at::integer("count", 1, 65535).optional()};

constexpr at::command cfg(std::string_view item, span<const at::field_spec> params) noexcept {
    return at::cmd("MQTTCFG", form::set, params).with_selector(item);
}

}  // namespace detail

// Each command is its own object so firmware links only the ones it writes. Named after the manual's
// command, lower case; AT+MQTTCFG's items as cfg_<item>.
namespace cmd {
using namespace detail;
inline constexpr at::command
    mqttcfg = at::cmd("MQTTCFG", form::test),
    cfg_version = cfg("version", cfg_version_p),
    cfg_cid = cfg("cid", cfg_cid_p),
    cfg_ssl = cfg("ssl", cfg_ssl_p),
    cfg_keepalive = cfg("keepalive", cfg_keepalive_p),
    cfg_clean = cfg("clean", cfg_clean_p),
    cfg_retrans = cfg("retrans", cfg_retrans_p),
    cfg_willoption = cfg("willoption", cfg_willoption_p),
    cfg_willpayload = cfg("willpayload", cfg_willpayload_p),
    cfg_pingreq = cfg("pingreq", cfg_pingreq_p),
    cfg_pingresp = cfg("pingresp", cfg_pingresp_p),
    cfg_encoding = cfg("encoding", cfg_encoding_p),
    cfg_cached = cfg("cached", cfg_cached_p),
    cfg_reconn = cfg("reconn", cfg_reconn_p),
    cfg_query = cfg("query", id_p),
    mqttconn =
        at::cmd("MQTTCONN", form::test | form::set, conn_p).deferred_result(line_connection_state),
    // AT+MQTTSUB has two set forms whose answers share a prefix and may share a shape ("+MQTTSUB: 1,2" is
    // <connect_id>,<mid> after a subscribe, a listed topic "1" with its QoS after the list form): each form
    // is its own command naming its answer row.
    mqttsub = at::cmd("MQTTSUB", form::set, sub_p)
                  .repeating(2, 1, max_topics_per_command)
                  .deferred_result(line_subscribe_result)
                  .answered_by(line_subscribe_sent),
    // AT+MQTTSUB=<connect_id>: lists the subscriptions (no suback follows).
    mqttsub_list = at::cmd("MQTTSUB", form::set, id_p).answered_by(line_subscription_list),
    // AT+MQTTUNSUB: AT+MQTTSUB's parameters without <qos>.
    mqttunsub = at::cmd("MQTTUNSUB", form::set, {sub_p, 2})
                    .repeating(1, 1, max_topics_per_command)
                    .deferred_result(line_unsubscribe_result),
    mqttpub = at::cmd("MQTTPUB", form::set, pub_p),
    mqttpub_hex = at::cmd("MQTTPUB", form::set, pub_hex_p),
    cfg_willpayload_hex = cfg("willpayload", cfg_willpayload_hex_p),
    mqttread = at::cmd("MQTTREAD", form::set, read_p),
    mqttstate = at::cmd("MQTTSTATE", form::set, id_p),
    // The manual calls it an execute command but gives the syntax AT+MQTTDISC=<connect_id>: a set form.
    mqttdisc = at::cmd("MQTTDISC", form::set, id_p).deferred_result(line_connection_state);
}  // namespace cmd

inline constexpr at::command commands[] = {
    cmd::mqttcfg, cmd::cfg_version, cmd::cfg_cid, cmd::cfg_ssl, cmd::cfg_keepalive, cmd::cfg_clean,
    cmd::cfg_retrans, cmd::cfg_willoption, cmd::cfg_willpayload, cmd::cfg_pingreq, cmd::cfg_pingresp,
    cmd::cfg_encoding, cmd::cfg_cached, cmd::cfg_reconn, cmd::cfg_query, cmd::mqttconn, cmd::mqttsub,
    cmd::mqttsub_list, cmd::mqttunsub, cmd::mqttpub, cmd::mqttread, cmd::mqttstate, cmd::mqttdisc,
};

namespace detail {

constexpr at::line mqtturc(std::string_view kind, span<const at::field_spec> fields) noexcept {
    return at::urc("+MQTTURC", fields).with_selector(kind);
}

// The answer to an item's query, +MQTTCFG: "<item>",<values>: the item's set-form parameters after
// <connect_id> (at/answer_row.hpp). An item whose first value has no default may be unset, and its answer
// then omits the values: they are optional ("+MQTTCFG: "cid"[, <cid>]", and
// "+MQTTCFG: "willpayload",[<will_topic>,<will_msg>]": nothing, or a trailing comma); else required.
template <const at::command& Item>
constexpr at::line cfg_answer() noexcept {
    constexpr bool set = Item.params[1].has_default();
    return at::answer_row<Item, at::pack_shape({1, set ? 255 : 0, set ? 0 : 127, false})>("+MQTTCFG");
}

inline constexpr at::line lines[] = {
    // +MQTTURC kinds (manual §3.9). conn, suback and unsuback also end a command's exchange (deferred).
    mqtturc("conn", urc_conn).as_deferred(),
    mqtturc("pubnmi", urc_pubnmi),
    mqtturc("drop", urc_drop),
    mqtturc("publish", urc_publish).with_length(4),
    mqtturc("pingresp", urc_pingresp),
    mqtturc("timeout", id_mid),
    mqtturc("suback", urc_suback).repeating(1, 1, max_topics_per_command).as_deferred(),
    mqtturc("unsuback", id_mid).as_deferred(),
    mqtturc("puback", urc_ack),
    mqtturc("pubrec", urc_ack),
    mqtturc("pubcomp", urc_ack),
    // Information responses. +MQTTSUB and +MQTTREAD have two shapes each; the command form that was
    // sent decides which (+MQTTSUB: the form's command names its row, cmd::mqttsub / cmd::mqttsub_list).
    at::response("+MQTTSUB", id_mid),
    at::response("+MQTTSUB", rsp_sub_list).repeating(2, 1, max_listed_subscriptions),
    at::response("+MQTTUNSUB", id_mid),
    at::response("+MQTTPUB", rsp_pub),
    at::response("+MQTTREAD", rsp_read_status),
    at::response("+MQTTREAD", rsp_read_message).with_length(3),
    at::response("+MQTTSTATE", rsp_state),
    // +MQTTCFG: "<item>",<values>: the answers of the items' query forms.
    cfg_answer<cmd::cfg_version>(), cfg_answer<cmd::cfg_cid>(), cfg_answer<cmd::cfg_ssl>(),
    cfg_answer<cmd::cfg_keepalive>(), cfg_answer<cmd::cfg_clean>(), cfg_answer<cmd::cfg_retrans>(),
    cfg_answer<cmd::cfg_willoption>(), cfg_answer<cmd::cfg_willpayload>(), cfg_answer<cmd::cfg_pingreq>(),
    cfg_answer<cmd::cfg_pingresp>(), cfg_answer<cmd::cfg_encoding>(), cfg_answer<cmd::cfg_cached>(),
    cfg_answer<cmd::cfg_reconn>(),
};

}  // namespace detail

// The AT+MQTTCFG items in cfg_item order, as many as their answer rows: commands[1..13] ("query", next,
// has no answer row of its own).
inline constexpr span<const at::command> cfg_items(commands + 1, line_count - line_cfg_version);
static_assert(commands[cfg_items.size() + 1].selector == "query", "the items are commands[1..13]");
// A reference to line_count rows: it binds only if line_index and the table agree.
inline constexpr const at::line (&lines)[line_count] = detail::lines;

// The manual prints one URC as "+MQTTUTC: "pubnmi",0,45,11" (§4.1.2). Decision: a prefix alias of
// +MQTTURC (at::prefix_alias): the core decoder, the classifier and the tokenizer's payload rules read
// every kind with the same fields under either spelling, and an event or decoded line keeps the prefix
// the modem sent.
inline constexpr at::prefix_alias prefix_aliases[] = {{"+MQTTUTC", "+MQTTURC"}};

// Under the "encoding" output format hex (output_format::hex) the manual does not say whether
// <payload_len> counts the hex text or the bytes it stands for: a payload row (line_received_message,
// line_cached_message) as read in that mode, where a payload of exactly twice the count is also accepted
// (responses.hpp's decode_options).
template <std::size_t Row>
inline constexpr at::line hex_row = lines[Row].length_counting_hex();

// What the ranges cannot say: keepalive_time is 0 or 60~65535 (the rule rows, packed with their rows). An
// omitted parameter before a given one takes its default ("省略时为默认值"), never an empty field
// (encode, from the parameters' defaults).
inline constexpr at::row_rule rule_rows[] = {{"MQTTCFG", "keepalive", {at::param_rule::hole, 1, 0, 1, 59}}};
inline constexpr at::row_rules rules{rule_rows};

// Strict ASCII on output; on input the default tolerances (space before ':', fullwidth '：'). Spaces
// after ':' (manual §2.2) and after ',' (`+MQTTSUB: "world", 1, "hello", 2`) are always accepted. No
// escapes inside quotes: the manual defines none. An empty integer field ("conn",,0) and a publish
// that stops at its <payload_len> are missing fields (at_missing_field), not malformed ones.
inline constexpr at::syntax lexical = at::syntax{}.with(at::lex::empty_means_missing).writing(commands);
// The AT client's: the hex rows too. They stay out of commands[]: there every typed encode would link
// the hex writer (at_onemo +176 B) and the table check refuses a second MQTTPUB row of the same answer.
inline constexpr at::syntax client_lexical = lexical.also_writing(cmd::mqttpub_hex).also_writing(cmd::cfg_willpayload_hex);

// §2.2 lists +CIS ERROR beside +CME/+CMS ERROR; AT+MQTTREAD's table prints "#CME ERROR" (a typo kept
// as an alias: it costs nothing and cannot be mistaken for anything else).
inline constexpr at::final_alias finals[] = {
    {"+CIS ERROR", at::final_kind::ext_error},
    {"#CME ERROR", at::final_kind::cme_error},
};

// Manual §5 (the 609~649 reserved row is in dialects.md's reading of the table).
inline constexpr at::error_entry errors[] = {
    at::error_code(600, "unknown", "unknown error"),
    at::error_code(601, "invalid_parameter", "invalid parameter"),
    at::error_code(602, "not_connected", "not connected or connection failed"),
    at::error_code(603, "connecting", "connection in progress"),
    at::error_code(604, "already_connected", "already connected"),
    at::error_code(605, "network_error", "network error"),
    at::error_code(606, "storage_error", "storage error"),
    at::error_code(607, "state_error", "state error"),
    at::error_code(608, "dns_error", "DNS error"),
    at::error_entry{609, 649, "reserved", "reserved"},
};

// The classifier's index: the lines sorted by prefix (at::line_order_of).
inline constexpr span<const std::uint8_t> line_order = at::line_order_of<lines>;
inline constexpr at::grammar grammar{"onemo", commands, lines, lexical, finals, errors, prefix_aliases, line_order};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

}  // namespace onemo
ATMQTT_END_NAMESPACE
