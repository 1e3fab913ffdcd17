// A small dialect for the AT core tests, modelled on the real vendors but with its own names (AT+T...),
// so tests exercise every grammar feature without depending on a vendor table:
//   TCFG      Quectel-style sub-commands: AT+TCFG="keepalive",<idx>[,<time>]; all-or-nothing tails
//   TOPEN     test/read/set; the set form's result +TOPEN: arrives after OK (deferred, same prefix)
//   TCONN     OneMO-style nested optionals; deferred result is a selector URC +TURC: "conn",...
//   TSUB      repeated <topic>,<qos> groups (1..4); deferred +TSUB: with a repeated granted-QoS tail
//   TPUB      '>' prompt, then data, OK, deferred +TPUB:
//   TPUBHEX   hex payload from binary, `either` quoting, answers with +TPUB: (RisingHF IMQTTPUBIN style)
//   TPARA     literal keys between values (RisingHF IMQTTPARA) and a word enum "3.1|3.1.1"
//   TMODE     bare word enum (USR ON/OFF); TUSER bare strings (USR)
//   TRECV     its responses share the +TRECV prefix with the payload URC
//   TSTATE    read-only; TDISC execute-only
// URCs: +TRECV (payload, optional length: Quectel +QMTRECV), +TURC: "publish" (selector, bare payload,
// length field 4: OneMO), +TURC: "conn", +TURC: "suback" (repeated codes), +TRCVPUB (quoted payload:
// RisingHF), +TSTAT, RDY (no '+': unprefixed lines are URCs only when the grammar says so).
#pragma once

#include <atmqtt/at/grammar.hpp>

namespace test_dialect {

namespace at = atmqtt::at;
using at::form;
using at::quoting;

// ---- response and URC lines ----------------------------------------------------------------------

inline constexpr at::field_spec open_result_fields[] = {
    at::integer("client_idx", 0, 5),
    at::integer("result", -1, 5),
};
inline constexpr at::field_spec sub_result_fields[] = {
    at::integer("client_idx", 0, 5),
    at::integer("msgid", 1, 65535),
    at::integer("result", 0, 2),
    at::integer("value", 0, 255),
};
inline constexpr at::field_spec pub_result_fields[] = {
    at::integer("client_idx", 0, 5),
    at::integer("msgid", 0, 65535),
    at::integer("result", 0, 2),
};
inline constexpr at::field_spec recv_fields[] = {
    at::integer("client_idx", 0, 5),     at::integer("msgid", 0, 65535),          at::string("topic", 1, 256),
    at::integer("payload_len", 0, 1500), at::payload("payload", quoting::either),
};
inline constexpr at::field_spec urc_publish_fields[] = {
    at::integer("connect_id", 0, 5),      at::integer("mid", 0, 65535),
    at::string("topic", 1, 256),          at::integer("total_len", 0, 65535),
    at::integer("payload_len", 0, 65535), at::payload("payload", quoting::bare),
};
inline constexpr at::field_spec urc_conn_fields[] = {
    at::integer("connect_id", 0, 5),
    at::integer("conn_state", 0, 255),
};
inline constexpr at::field_spec urc_suback_fields[] = {
    at::integer("connect_id", 0, 5),
    at::integer("mid", 0, 65535),
    at::integer("code", 0, 128),
};
inline constexpr at::field_spec rcvpub_fields[] = {
    at::integer("packetid", 0, 65535),
    at::string("topic", 1, 256),
    at::integer("messageLen", 0, 1024),
    at::payload("message", quoting::quoted),
};
inline constexpr at::field_spec stat_fields[] = {
    at::integer("client_idx", 0, 5),
    at::integer("err_code", 1, 255),
};
inline constexpr at::field_spec state_fields[] = {
    at::word("state", "CONNECTED|DISCONNECTED", quoting::either),
};
inline constexpr at::field_spec keepalive_query_fields[] = {
    at::integer("keep_alive_time", 0, 3600),
};

inline constexpr at::line lines[] = {
    at::response("+TOPEN", open_result_fields).as_deferred(),                        // 0
    at::response("+TSUB", sub_result_fields).repeating(1, 0, 4).as_deferred(),       // 1
    at::response("+TPUB", pub_result_fields).as_deferred(),                          // 2
    at::urc("+TRECV", recv_fields).with_length(3, true),                             // 3
    at::urc("+TURC", urc_publish_fields).with_selector("publish").with_length(4),    // 4
    at::urc("+TURC", urc_conn_fields).with_selector("conn").as_deferred(),           // 5
    at::urc("+TURC", urc_suback_fields).with_selector("suback").repeating(1, 1, 8),  // 6
    at::urc("+TRCVPUB", rcvpub_fields).with_length(2),                               // 7
    at::urc("+TSTAT", stat_fields),                                                  // 8
    at::response("+TSTATE", state_fields),                                           // 9
    at::response("+TCFG", keepalive_query_fields).with_selector("keepalive"),        // 10
    at::urc("RDY"),  // 11: a whole-line URC without '+' (Quectel's boot message)
};
// Indexes for the commands' deferred_result().
inline constexpr std::uint8_t open_result_index = 0;
inline constexpr std::uint8_t sub_result_index = 1;
inline constexpr std::uint8_t pub_result_index = 2;
inline constexpr std::uint8_t conn_urc_index = 5;
inline constexpr const at::line& open_result = lines[0];
inline constexpr const at::line& sub_result = lines[1];
inline constexpr const at::line& pub_result = lines[2];
inline constexpr const at::line& recv_urc = lines[3];
inline constexpr const at::line& publish_urc = lines[4];
inline constexpr const at::line& conn_urc = lines[5];
inline constexpr const at::line& suback_urc = lines[6];
inline constexpr const at::line& rcvpub_urc = lines[7];
inline constexpr const at::line& stat_urc = lines[8];

// ---- command parameters --------------------------------------------------------------------------

inline constexpr at::field_spec cfg_keepalive[] = {
    at::integer("client_idx", 0, 5),
    at::integer("keep_alive_time", 0, 3600).defaults_to(120).optional(),
};
inline constexpr at::field_spec cfg_timeout[] = {
    // [,<pkt_timeout>,<retry_times>,<timeout_notice>]: all or none
    at::integer("client_idx", 0, 5),
    at::integer("pkt_timeout", 1, 60).defaults_to(5).optional(),
    at::integer("retry_times", 0, 10).defaults_to(3),
    at::integer("timeout_notice", 0, 1),
};
inline constexpr at::field_spec cfg_will[] = {
    // [,<will_fg>[,<will_qos>,<will_retain>,<willtopic>,<willmessage>]]
    at::integer("client_idx", 0, 5),          at::integer("will_fg", 0, 1).optional(),
    at::integer("will_qos", 0, 2).optional(), at::integer("will_retain", 0, 1),
    at::string("willtopic", 1, 256),          at::string("willmessage", 0, 256),
};
inline constexpr at::field_spec open_params[] = {
    at::integer("client_idx", 0, 5),
    at::string("host_name", 1, 100),
    at::integer("port", 1, 65535),
};
inline constexpr at::field_spec conn_params[] = {
    // <id>,<host>,<port>[,<clientid>[,<user>[,<passwd>]]]
    at::integer("connect_id", 0, 5),      at::string("host", 1, 128),
    at::integer("port", 1, 65535),        at::string("clientid", 1, 23).optional(),
    at::string("user", 0, 64).optional(), at::string("passwd", 0, 64).optional(),
};
inline constexpr at::field_spec sub_params[] = {
    at::integer("client_idx", 0, 5),
    at::integer("msgid", 1, 65535),
    at::string("topic", 1, 256),
    at::integer("qos", 0, 2),
};
inline constexpr at::field_spec pub_params[] = {
    at::integer("client_idx", 0, 5), at::integer("msgid", 0, 65535), at::integer("qos", 0, 2),
    at::integer("retain", 0, 1),     at::string("topic", 1, 256),    at::integer("length", 1, 1500),
};
inline constexpr at::field_spec pubhex_params[] = {
    at::string("topic", 1, 128, quoting::either),
    at::integer("qos", 0, 2),
    at::hex("message", 1, 512, quoting::bare),
    at::integer("retained", 0, 1).defaults_to(0).optional(),
};
inline constexpr at::field_spec para_params[] = {
    at::literal("TIMEOUT"),     at::integer("timeout", 1, 3), at::literal("CLEAN"),
    at::integer("clean", 0, 1), at::literal("VERSION"),       at::word("version", "3.1|3.1.1"),
};
inline constexpr at::field_spec mode_params[] = {
    at::word("mode", "ON|OFF"),
};
inline constexpr at::field_spec user_params[] = {
    at::string("user", 0, 32, quoting::bare),
    at::string("password", 0, 32, quoting::bare).optional(),
};
inline constexpr at::field_spec recv_params[] = {
    at::integer("client_idx", 0, 5),
    at::integer("recv_id", 0, 4).optional(),
};

// Each command is its own object: firmware that writes only some commands links only those (and their
// parameter arrays); the `commands` array below copies them for the validator, tools and lookups.
inline constexpr at::command cfg = at::cmd("TCFG", form::test);
inline constexpr at::command cfg_keepalive_cmd =
    at::cmd("TCFG", form::set, cfg_keepalive).with_selector("keepalive");
inline constexpr at::command cfg_timeout_cmd =
    at::cmd("TCFG", form::set, cfg_timeout).with_selector("timeout");
inline constexpr at::command cfg_will_cmd =
    at::cmd("TCFG", form::set, cfg_will).with_selector("will");
inline constexpr at::command open = at::cmd("TOPEN", form::test | form::read | form::set, open_params)
                                        .deferred_result(open_result_index);
inline constexpr at::command conn =
    at::cmd("TCONN", form::test | form::set, conn_params).deferred_result(conn_urc_index);
inline constexpr at::command sub = at::cmd("TSUB", form::test | form::set, sub_params)
                                       .repeating(2, 1, 4)
                                       .deferred_result(sub_result_index);
inline constexpr at::command pub = at::cmd("TPUB", form::test | form::set, pub_params)
                                       .with_prompt()
                                       .deferred_result(pub_result_index);
inline constexpr at::command pubhex = at::cmd("TPUBHEX", form::set, pubhex_params)
                                          .responds_with("+TPUB")
                                          .deferred_result(pub_result_index);
inline constexpr at::command para =
    at::cmd("TPARA", form::test | form::read | form::set, para_params);
inline constexpr at::command mode = at::cmd("TMODE", form::read | form::set, mode_params);
inline constexpr at::command user = at::cmd("TUSER", form::read | form::set, user_params);
inline constexpr at::command recv =
    at::cmd("TRECV", form::test | form::read | form::set, recv_params);
inline constexpr at::command state = at::cmd("TSTATE", form::read);
inline constexpr at::command disc = at::cmd("TDISC", form::execute);

inline constexpr at::command commands[] = {
    cfg,
    cfg_keepalive_cmd,
    cfg_timeout_cmd,
    cfg_will_cmd,
    open,
    conn,
    sub,
    pub,
    pubhex,
    para,
    mode,
    user,
    recv,
    state,
    disc,
};

// Backslash escapes inside quotes, so the writer can carry '"'; the vendors' own tables mostly cannot.
inline constexpr at::syntax lexical = at::syntax{at::syntax{}.tolerate, at::quote_escape::backslash};
// OneMO-style extra error prefix and a vendor error table.
inline constexpr at::final_alias finals[] = {{"+CIS ERROR", at::final_kind::ext_error}};
inline constexpr at::error_entry errors[] = {
    at::error_code(600, "unknown", "unknown error"),
    at::error_code(601, "invalid_parameter", "invalid parameter"),
    at::error_code(602, "not_connected", "not connected or connection failed"),
    at::error_entry{609, 649, "reserved", "reserved"},
};
// Misspelled prefixes modems or manuals use (OneMO's +MQTTUTC, Quectel's +QMTCCLOSE).
inline constexpr at::prefix_alias prefix_aliases[] = {{"+TURX", "+TURC"}, {"+TOOPEN", "+TOPEN"}};
inline constexpr atmqtt::span<const std::uint8_t> line_order = at::line_order_of<lines>;
inline constexpr at::grammar grammar{"test", commands, lines, lexical, finals, errors, prefix_aliases, line_order};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

// For the tokenizer: +TRECV (length field 3, optional), +TURC "publish" (length field 5 counting the
// selector), +TRCVPUB (length field 2, quoted payload), then +TURX "publish" (the alias of +TURC).
inline constexpr atmqtt::span<const at::payload_rule> payload_rules = at::payload_rules_of<grammar>;
inline constexpr atmqtt::span<const at::payload_rule> payload_rule_span = payload_rules;
static_assert(payload_rules.size() == 4);  // and +TURX "publish", the alias of +TURC
static_assert(at::validate(payload_rule_span).ok());

}  // namespace test_dialect
