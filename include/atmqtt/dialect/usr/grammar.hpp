// The USR ASR1606 (WH-GM5TF, WH-GM800TF, WH-LTE-7S0/7S1) MQTT configuration commands as one constexpr
// table: every command of the "1606 series MQTT guide" V1.0.1 §2 with its forms, parameters, ranges and
// defaults, and every information response. The module has no URCs and no error result: in MQTT mode the
// serial port carries data frames (usr/data_mode.hpp), not AT lines.
//
// Decisions (each tested in tests/dialects/test_usr*.cpp, reasons in docs/dialect-notes/usr.md):
// - Values are never quoted (the manual quotes nothing), so a comma cannot be written inside a value.
// - AT+WKMOD's modes "MQTT,NOR" / "MQTT,ALI" contain a comma: they are the sub-command `MQTT` (a bare
//   selector) with one word parameter <server> NOR|ALI, so the writer emits `AT+WKMOD=MQTT,NOR` without
//   ever writing a comma inside a value; the response +WKMOD: has an optional second word for it.
// - The query has two spellings, `AT+X?` (the read form, what encoders send) and bare `AT+X`.
// - Query answers of AT+MQTTPUBTP / AT+MQTTSUBTP are a header `+MQTTPUBTP:` with no fields, then one
//   unprefixed row per slot; the response lines below describe a row (slot first, optional, so the bare
//   header is also a valid line). PUBTP rows carry an unnamed sixth field (`unknown_6`, optional).
// - String parameters accept length 0 in responses (`+ALIREGION:` answers an empty value) but the
//   manual's 1..N in commands.
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>

#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

namespace detail {

using at::form;
using at::quoting;

// ---- command parameters (manual §2.1-§2.21) -----------------------------------------------------
// Defaults are the manual's ("默认"). Not expressible as one value, so left out: puben/suben and the
// preset topics (slot 1 on and /PubTopic1, the others off and /PubTopicN), clientid (the device SN).
// The manual states none for SSLAUTH, SSLCFG and SSLCRT (its query examples show NONE and OFF).

inline constexpr at::field_spec wkmod_params[] = {at::word("mode", "CMD|NET|HTTPD|MQTT").defaults_to_word("NET")};
inline constexpr at::field_spec wkmod_mqtt_params[] = {at::word("server", "NOR|ALI")};
inline constexpr at::field_spec mqttcfg_params[] = {
    at::integer("keepalive", 0, 65535).defaults_to(60),
    at::integer("cleansession", 0, 1).defaults_to(0),
};
inline constexpr at::field_spec mqttpubtp_params[] = {
    at::integer("pubnum", 1, 10),
    at::integer("puben", 0, 1),
    at::string("topic", 0, 128, quoting::bare),
    at::integer("qos", 0, 2).defaults_to(0),
    at::integer("retained", 0, 1).defaults_to(0),
};
inline constexpr at::field_spec mqttsubtp_params[] = {
    at::integer("subnum", 1, 10),
    at::integer("suben", 0, 1),
    at::string("topic", 1, 128, quoting::bare),
    at::integer("qos", 0, 2).defaults_to(0),
};
inline constexpr at::field_spec mqttwill_params[] = {
    at::integer("willen", 0, 1).defaults_to(0),
    at::string("topic", 1, 128, quoting::bare).defaults_to_text("/will"),
    at::integer("qos", 0, 2).defaults_to(0),
    at::integer("retained", 0, 1).defaults_to(0),
    at::string("msg", 1, 128, quoting::bare).defaults_to_text("offline"),
};
inline constexpr at::field_spec mqttmod_params[] = {at::integer("mode", 0, 1).defaults_to(0)};
inline constexpr at::field_spec mqttver_params[] = {at::integer("ver", 3, 4).defaults_to(3)};
inline constexpr at::field_spec mqttsvr_params[] = {
    at::string("server", 1, 128, quoting::bare).defaults_to_text("mqtt.usr.cn"),
    at::integer("port", 1, 65535).defaults_to(1883).optional(),
};
inline constexpr at::field_spec mqttcid_params[] = {at::string("clientid", 1, 128, quoting::bare)};
inline constexpr at::field_spec mqttuser_params[] = {at::string("username", 1, 128, quoting::bare).defaults_to_text("usr.cn")};
inline constexpr at::field_spec mqttpsw_params[] = {at::string("password", 1, 128, quoting::bare).defaults_to_text("usr.cn")};
inline constexpr at::field_spec aliregion_params[] = {at::string("regionid", 1, 32, quoting::bare).defaults_to_text("")};
inline constexpr at::field_spec aliprodkey_params[] = {at::string("productkey", 1, 20, quoting::bare).defaults_to_text("")};
inline constexpr at::field_spec alidevsec_params[] = {at::string("devsec", 1, 64, quoting::bare).defaults_to_text("")};
inline constexpr at::field_spec alidevname_params[] = {at::string("devname", 1, 32, quoting::bare).defaults_to_text("")};
inline constexpr at::field_spec alidevid_params[] = {at::string("id", 1, 24, quoting::bare).defaults_to_text("")};
inline constexpr at::field_spec sslen_params[] = {at::word("sta", "OFF|ON").defaults_to_word("OFF")};
inline constexpr at::field_spec sslcrt_params[] = {
    at::integer("crt_code", 0, 2),
    at::string("crt_or_key", 1, 2900, quoting::bare),
};
inline constexpr at::field_spec sslauth_params[] = {at::word("type", "NONE|PEER|ALL")};
inline constexpr at::field_spec sslcfg_params[] = {at::word("type", "OFF|ON")};

// ---- information responses ----------------------------------------------------------------------

inline constexpr at::field_spec wkmod_fields[] = {
    at::word("mode", "CMD|NET|HTTPD|MQTT"),
    at::word("server", "NOR|ALI").optional(),
};
inline constexpr at::field_spec pubtp_row_fields[] = {
    at::integer("pubnum", 1, 10).optional(),  // optional: the header line `+MQTTPUBTP:` has no fields
    at::integer("puben", 0, 1),
    at::string("topic", 0, 128, quoting::bare),
    at::integer("qos", 0, 2),
    at::integer("retained", 0, 1),
    at::integer("unknown_6", 0, 1).optional(),  // in every query row, named nowhere in the manual
};
inline constexpr at::field_spec subtp_row_fields[] = {
    at::integer("subnum", 1, 10).optional(),
    at::integer("suben", 0, 1),
    at::string("topic", 0, 128, quoting::bare),
    at::integer("qos", 0, 2),
};
inline constexpr at::field_spec mqttsvr_fields[] = {
    at::string("server", 0, 128, quoting::bare),
    at::integer("port", 1, 65535).optional(),
};
inline constexpr at::field_spec mqttcid_fields[] = {at::string("clientid", 0, 128, quoting::bare)};
inline constexpr at::field_spec mqttuser_fields[] = {at::string("username", 0, 128, quoting::bare)};
inline constexpr at::field_spec mqttpsw_fields[] = {at::string("password", 0, 128, quoting::bare)};
inline constexpr at::field_spec mqttsta_fields[] = {at::word("connection", "CONNECTION|DISCONNECTION", quoting::either).defaults_to_word("DISCONNECTION")};
inline constexpr at::field_spec aliregion_fields[] = {at::string("regionid", 0, 32, quoting::bare)};
inline constexpr at::field_spec aliprodkey_fields[] = {at::string("productkey", 0, 20, quoting::bare)};
inline constexpr at::field_spec alidevsec_fields[] = {at::string("devsec", 0, 64, quoting::bare)};
inline constexpr at::field_spec alidevname_fields[] = {at::string("devname", 0, 32, quoting::bare)};
inline constexpr at::field_spec alidevid_fields[] = {at::string("id", 0, 24, quoting::bare)};
inline constexpr at::field_spec sslcfg_fields[] = {
    at::word("sni_status", "OFF|ON"),
    at::word("unknown_2", "OFF|ON"),
    at::word("unknown_3", "OFF|ON"),
    at::word("unknown_4", "OFF|ON"),
};


}  // namespace detail

// The lines' indexes (the order of `lines`): what the session decoder reports and the typed answers bind to.
enum line_index : std::uint8_t {
    line_wkmod, line_mqttcfg, line_mqttpubtp, line_mqttsubtp, line_mqttwill, line_mqttmod, line_mqttver,
    line_mqttsvr, line_mqttcid, line_mqttuser, line_mqttpsw, line_mqttsta, line_aliregion, line_aliprodkey,
    line_alidevsec, line_alidevname, line_alidevid, line_sslen, line_sslcrt, line_httpscrt, line_sslauth,
    line_sslcfg, line_count
};

inline constexpr at::line lines[] = {
    at::response("+WKMOD").with_fields(detail::wkmod_fields),
    at::response("+MQTTCFG").with_fields(detail::mqttcfg_params),
    at::response("+MQTTPUBTP").with_fields(detail::pubtp_row_fields),
    at::response("+MQTTSUBTP").with_fields(detail::subtp_row_fields),
    at::response("+MQTTWILL").with_fields(detail::mqttwill_params),
    at::response("+MQTTMOD").with_fields(detail::mqttmod_params),
    at::response("+MQTTVER").with_fields(detail::mqttver_params),
    at::response("+MQTTSVR").with_fields(detail::mqttsvr_fields),
    at::response("+MQTTCID").with_fields(detail::mqttcid_fields),
    at::response("+MQTTUSER").with_fields(detail::mqttuser_fields),  // also answers AT+MQTTPSW? (manual §2.11)
    at::response("+MQTTPSW").with_fields(detail::mqttpsw_fields),
    at::response("+MQTTSTA").with_fields(detail::mqttsta_fields),
    at::response("+ALIREGION").with_fields(detail::aliregion_fields),
    at::response("+ALIPRODKEY").with_fields(detail::aliprodkey_fields),
    at::response("+ALIDEVSEC").with_fields(detail::alidevsec_fields),
    at::response("+ALIDEVNAME").with_fields(detail::alidevname_fields),
    at::response("+ALIDEVID").with_fields(detail::alidevid_fields),
    at::response("+SSLEN").with_fields(detail::sslen_params),
    at::response("+SSLCRT").with_fields(detail::sslcrt_params),
    at::response("+HTTPSCRT").with_fields(detail::sslcrt_params),  // the manual's answer to AT+SSLCRT=? (§2.19)
    at::response("+SSLAUTH").with_fields(detail::sslauth_params),
    at::response("+SSLCFG").with_fields(detail::sslcfg_fields),
};
static_assert(sizeof lines / sizeof lines[0] == line_count, "line_index and lines[] must agree");

// A line whose first field is optional heads a multi-row answer (`+MQTTPUBTP:` alone, or carrying the
// first row): unprefixed rows of its fields follow (at::event::row), until an echo or a final result.
constexpr bool opens_rows(const at::line& l) noexcept { return !l.fields.empty() && l.fields[0].is_optional(); }

// ---- commands: one object each, so firmware links only what it writes ------------------------------
namespace cmd {
using at::form;
namespace p = detail;
inline constexpr std::uint8_t query = form::test | form::read;
inline constexpr at::command wkmod = at::cmd("WKMOD", query | form::set).with_params(p::wkmod_params);
inline constexpr at::command wkmod_mqtt =
    at::cmd("WKMOD", form::set).with_selector("MQTT", at::quoting::bare).with_params(p::wkmod_mqtt_params);
inline constexpr at::command mqttcfg = at::cmd("MQTTCFG", query | form::set).with_params(p::mqttcfg_params);
inline constexpr at::command mqttpubtp = at::cmd("MQTTPUBTP", query | form::set).with_params(p::mqttpubtp_params);
inline constexpr at::command mqttsubtp = at::cmd("MQTTSUBTP", query | form::set).with_params(p::mqttsubtp_params);
inline constexpr at::command mqttwill = at::cmd("MQTTWILL", query | form::set).with_params(p::mqttwill_params);
inline constexpr at::command mqttmod = at::cmd("MQTTMOD", query | form::set).with_params(p::mqttmod_params);
inline constexpr at::command mqttver = at::cmd("MQTTVER", query | form::set).with_params(p::mqttver_params);
inline constexpr at::command mqttsvr = at::cmd("MQTTSVR", query | form::set).with_params(p::mqttsvr_params);
inline constexpr at::command mqttcid = at::cmd("MQTTCID", query | form::set).with_params(p::mqttcid_params);
inline constexpr at::command mqttuser = at::cmd("MQTTUSER", query | form::set).with_params(p::mqttuser_params);
inline constexpr at::command mqttpsw = at::cmd("MQTTPSW", query | form::set).with_params(p::mqttpsw_params);
inline constexpr at::command mqttsta = at::cmd("MQTTSTA", query);  // "can only be queried, not set"
inline constexpr at::command aliregion = at::cmd("ALIREGION", query | form::set).with_params(p::aliregion_params);
inline constexpr at::command aliprodkey = at::cmd("ALIPRODKEY", query | form::set).with_params(p::aliprodkey_params);
inline constexpr at::command alidevsec = at::cmd("ALIDEVSEC", query | form::set).with_params(p::alidevsec_params);
inline constexpr at::command alidevname = at::cmd("ALIDEVNAME", query | form::set).with_params(p::alidevname_params);
inline constexpr at::command alidevid = at::cmd("ALIDEVID", query | form::set).with_params(p::alidevid_params);
inline constexpr at::command sslen = at::cmd("SSLEN", query | form::set).with_params(p::sslen_params);
inline constexpr at::command sslcrt =  // no query form (§2.19); the test answer is +HTTPSCRT:
    at::cmd("SSLCRT", form::test | form::set).with_params(p::sslcrt_params);
inline constexpr at::command sslauth = at::cmd("SSLAUTH", query | form::set).with_params(p::sslauth_params);
inline constexpr at::command sslcfg = at::cmd("SSLCFG", query | form::set).with_params(p::sslcfg_params);
inline constexpr at::command save = at::cmd("S", form::execute);  // AT+S: save and reboot
}  // namespace cmd

inline constexpr at::command commands[] = {
    cmd::wkmod,     cmd::wkmod_mqtt, cmd::mqttcfg,    cmd::mqttpubtp, cmd::mqttsubtp,
    cmd::mqttwill,  cmd::mqttmod,    cmd::mqttver,    cmd::mqttsvr,   cmd::mqttcid,
    cmd::mqttuser,  cmd::mqttpsw,    cmd::mqttsta,    cmd::aliregion, cmd::aliprodkey,
    cmd::alidevsec, cmd::alidevname, cmd::alidevid,   cmd::sslen,     cmd::sslcrt,
    cmd::sslauth,   cmd::sslcfg,     cmd::save,
};

// Test answers write ranges in angle brackets (`<0~65535>`); nothing is quoted, so no escapes.
inline constexpr at::syntax lexical = at::syntax{}.with(at::lex::angle_lists);

// The escape to command mode (§3): host `+++`, module `a`, host `a`, module `+ok`. Neither module answer
// has a line terminator (notes: "Framing decision"); the session decoder, usr::escape_sequence and the
// client read them from here. `+ok` is a final result of that exchange.
struct escape_texts {
    bytes request;  // host, after a guard time
    char answer;    // module: a burst of its own
    bytes confirm;  // host, after the module's answer
    bytes done;     // module: command mode from here
};
inline constexpr escape_texts escape{"+++", 'a', "a", "+ok"};
inline constexpr at::final_alias finals[] = {{"+ok", at::final_kind::ok}};

// The classifier's index: the lines sorted by prefix (at::make_line_order).
inline constexpr auto line_order_array =
    at::make_line_order<sizeof lines / sizeof lines[0]>(lines);
inline constexpr span<const std::uint8_t> line_order{line_order_array.data(), line_order_array.size()};
inline constexpr at::grammar grammar{"usr", commands, lines, lexical, finals, {}, {}, line_order};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

}  // namespace usr
ATMQTT_END_NAMESPACE
