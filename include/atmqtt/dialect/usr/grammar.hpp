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

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

namespace detail {

using at::quoting;

// The manual's value shapes: nothing is quoted; switches are 0 or 1, or the words OFF and ON.
constexpr at::field_spec text(std::string_view name, std::int32_t min, std::int32_t max) noexcept {
    return at::string(name, min, max, quoting::bare);
}
constexpr at::field_spec flag(std::string_view name) noexcept { return at::integer(name, 0, 1); }
inline constexpr at::field_spec qos_field = at::integer("qos", 0, 2);
constexpr at::field_spec off_on(std::string_view name) noexcept { return at::word(name, "OFF|ON"); }

// ---- command parameters (manual §2.1-§2.21) -----------------------------------------------------
// Defaults are the manual's ("默认"). Not expressible as one value, so left out: puben/suben and the
// preset topics (slot 1 on and /PubTopic1, the others off and /PubTopicN), clientid (the device SN).
// The manual states none for SSLAUTH, SSLCRT and SSLCFG (its query examples show NONE and OFF).

inline constexpr at::field_spec
    wkmod_params[] = {at::word("mode", "CMD|NET|HTTPD|MQTT").defaults_to_word("NET")},
    wkmod_mqtt_params[] = {at::word("server", "NOR|ALI")},
    mqttcfg_params[] = {at::integer("keepalive", 0, 65535).defaults_to(60),
                        flag("cleansession").defaults_to(0)},
    mqttpubtp_params[] = {at::integer("pubnum", 1, 10), flag("puben"), text("topic", 0, 128),
                          qos_field.defaults_to(0), flag("retained").defaults_to(0)},
    mqttsubtp_params[] = {at::integer("subnum", 1, 10), flag("suben"), text("topic", 1, 128),
                          qos_field.defaults_to(0)},
    mqttwill_params[] = {
        flag("willen").defaults_to(0), text("topic", 1, 128).defaults_to_text("/will"), qos_field.defaults_to(0),
        flag("retained").defaults_to(0), text("msg", 1, 128).defaults_to_text("offline")},
    mqttmod_params[] = {at::integer("mode", 0, 1).defaults_to(0)},
    mqttver_params[] = {at::integer("ver", 3, 4).defaults_to(3)},
    mqttsvr_params[] = {text("server", 1, 128).defaults_to_text("mqtt.usr.cn"),
                        at::integer("port", 1, 65535).defaults_to(1883).optional()},
    mqttcid_params[] = {text("clientid", 1, 128)},
    mqttuser_params[] = {text("username", 1, 128).defaults_to_text("usr.cn")},
    mqttpsw_params[] = {text("password", 1, 128).defaults_to_text("usr.cn")},
    // The Aliyun triple and its region: empty by default.
    aliregion_params[] = {text("regionid", 1, 32).defaults_to_text("")},
    aliprodkey_params[] = {text("productkey", 1, 20).defaults_to_text("")},
    alidevsec_params[] = {text("devsec", 1, 64).defaults_to_text("")},
    alidevname_params[] = {text("devname", 1, 32).defaults_to_text("")},
    alidevid_params[] = {text("id", 1, 24).defaults_to_text("")},
    sslen_params[] = {off_on("sta").defaults_to_word("OFF")},
    sslcrt_params[] = {at::integer("crt_code", 0, 2), text("crt_or_key", 1, 2900)},
    sslauth_params[] = {at::word("type", "NONE|PEER|ALL")},
    sslcfg_params[] = {off_on("type")};

}  // namespace detail

// ---- commands -----------------------------------------------------------------------------------
namespace cmd {
using at::form;
using at::quoting;
namespace p = detail;
inline constexpr form query = form::test | form::read;
// A setting: queried (AT+X=?, AT+X?) and set (AT+X=<params>).
constexpr at::command setting(std::string_view name, span<const at::field_spec> params) noexcept {
    return at::cmd(name, query | form::set, params);
}
inline constexpr at::command  // one object each: firmware links only the commands it writes
    // the work mode and the MQTT session
    wkmod = setting("WKMOD", p::wkmod_params),
    wkmod_mqtt = at::cmd("WKMOD", form::set, p::wkmod_mqtt_params).with_selector("MQTT", quoting::bare),
    mqttcfg = setting("MQTTCFG", p::mqttcfg_params),
    mqttpubtp = setting("MQTTPUBTP", p::mqttpubtp_params),
    mqttsubtp = setting("MQTTSUBTP", p::mqttsubtp_params),
    mqttwill = setting("MQTTWILL", p::mqttwill_params),
    // the transfer mode and the protocol version
    mqttmod = setting("MQTTMOD", p::mqttmod_params),
    mqttver = setting("MQTTVER", p::mqttver_params),
    // the broker, the client's identity and the connection state
    mqttsvr = setting("MQTTSVR", p::mqttsvr_params),
    mqttcid = setting("MQTTCID", p::mqttcid_params),
    mqttuser = setting("MQTTUSER", p::mqttuser_params),
    mqttpsw = setting("MQTTPSW", p::mqttpsw_params),
    mqttsta = at::cmd("MQTTSTA", query),  // "can only be queried, not set"
    // Aliyun: the region, the product key and the device's secret, name and id
    aliregion = setting("ALIREGION", p::aliregion_params),
    aliprodkey = setting("ALIPRODKEY", p::aliprodkey_params),
    alidevsec = setting("ALIDEVSEC", p::alidevsec_params),
    alidevname = setting("ALIDEVNAME", p::alidevname_params),
    alidevid = setting("ALIDEVID", p::alidevid_params),
    // SSL, and AT+S
    sslen = setting("SSLEN", p::sslen_params),
    // no query form (§2.19); the test answer is +HTTPSCRT:
    sslcrt = at::cmd("SSLCRT", form::test | form::set, p::sslcrt_params),
    sslauth = setting("SSLAUTH", p::sslauth_params),
    sslcfg = setting("SSLCFG", p::sslcfg_params),
    save = at::cmd("S", form::execute);  // AT+S: save and reboot
}  // namespace cmd

inline constexpr at::command commands[] = {
    cmd::wkmod,     cmd::wkmod_mqtt, cmd::mqttcfg,    cmd::mqttpubtp, cmd::mqttsubtp,
    cmd::mqttwill,  cmd::mqttmod,    cmd::mqttver,    cmd::mqttsvr,   cmd::mqttcid,
    cmd::mqttuser,  cmd::mqttpsw,    cmd::mqttsta,    cmd::aliregion, cmd::aliprodkey,
    cmd::alidevsec, cmd::alidevname, cmd::alidevid,   cmd::sslen,     cmd::sslcrt,
    cmd::sslauth,   cmd::sslcfg,     cmd::save,
};

namespace detail {
// How a query answer states a setting's values (at/answer_row.hpp): no defaults, a string may be empty
// (`+ALIREGION:`); `rows`: the first value optional too, so the bare header of a multi-row answer is a
// valid line (opens_rows).
inline constexpr std::uint32_t answer = at::pack_shape({0, 0, 0, true});
inline constexpr std::uint32_t rows = at::pack_shape({0, 0, 1, true});
inline constexpr auto& pubtp_row = at::answer_values<cmd::mqttpubtp, rows>;

// ---- information responses: the answers that are not their command's parameters as they are --------
// (an answer's values, then fields only the answer has)

inline constexpr at::field_spec
    wkmod_fields[] = {at::answer_values<cmd::wkmod, answer>[0], wkmod_mqtt_params[0].optional()},
    // PUBTP rows carry a sixth field, in every query row and named nowhere in the manual.
    pubtp_row_fields[] = {pubtp_row[0], pubtp_row[1], pubtp_row[2], pubtp_row[3], pubtp_row[4],
                          flag("unknown_6").optional()},
    mqttsta_fields[] = {
        at::word("connection", "CONNECTION|DISCONNECTION", quoting::either).defaults_to_word("DISCONNECTION")},
    sslcfg_fields[] = {off_on("sni_status"), off_on("unknown_2"), off_on("unknown_3"), off_on("unknown_4")};

}  // namespace detail

// The lines' indexes (the order of `lines`): what the session decoder reports and the typed answers bind to.
enum line_index : std::uint8_t {
    line_wkmod, line_mqttcfg, line_mqttpubtp, line_mqttsubtp, line_mqttwill, line_mqttmod, line_mqttver,
    line_mqttsvr, line_mqttcid, line_mqttuser, line_mqttpsw,
    line_connection_state,  // +MQTTSTA
    line_aliregion, line_aliprodkey, line_alidevsec, line_alidevname, line_alidevid, line_sslen, line_sslcrt,
    line_httpscrt, line_sslauth, line_sslcfg, line_count
};

inline constexpr at::line lines[] = {
    // the work mode and the MQTT session: keepalive, preset topics, will
    at::response("+WKMOD", detail::wkmod_fields),
    at::response("+MQTTCFG", detail::mqttcfg_params),
    at::response("+MQTTPUBTP", detail::pubtp_row_fields),
    at::answer_row<cmd::mqttsubtp, detail::rows>("+MQTTSUBTP"),
    at::response("+MQTTWILL", detail::mqttwill_params),
    // the transfer mode and the protocol version
    at::response("+MQTTMOD", detail::mqttmod_params),
    at::response("+MQTTVER", detail::mqttver_params),
    // the broker, the client's identity and the connection state
    at::answer_row<cmd::mqttsvr, detail::answer>("+MQTTSVR"),
    at::answer_row<cmd::mqttcid, detail::answer>("+MQTTCID"),
    at::answer_row<cmd::mqttuser, detail::answer>("+MQTTUSER"),  // also answers AT+MQTTPSW? (manual §2.11)
    at::answer_row<cmd::mqttpsw, detail::answer>("+MQTTPSW"),
    at::response("+MQTTSTA", detail::mqttsta_fields),
    // Aliyun: the region, the product key and the device's secret, name and id
    at::answer_row<cmd::aliregion, detail::answer>("+ALIREGION"),
    at::answer_row<cmd::aliprodkey, detail::answer>("+ALIPRODKEY"),
    at::answer_row<cmd::alidevsec, detail::answer>("+ALIDEVSEC"),
    at::answer_row<cmd::alidevname, detail::answer>("+ALIDEVNAME"),
    at::answer_row<cmd::alidevid, detail::answer>("+ALIDEVID"),
    // SSL
    at::response("+SSLEN", detail::sslen_params),
    at::response("+SSLCRT", detail::sslcrt_params),
    at::response("+HTTPSCRT", detail::sslcrt_params),  // the manual's answer to AT+SSLCRT=? (§2.19)
    at::response("+SSLAUTH", detail::sslauth_params),
    at::response("+SSLCFG", detail::sslcfg_fields),
};
static_assert(sizeof lines / sizeof lines[0] == line_count, "line_index and lines[] must agree");

// The line of a command's query answer: the one whose prefix is "+" and the command's name.
constexpr std::size_t line_of(const at::command& c) noexcept {
    std::size_t i = 0;
    while (i < line_count && lines[i].prefix.substr(1) != c.name) ++i;
    return i;
}

// A line whose first field is optional heads a multi-row answer (`+MQTTPUBTP:` alone, or carrying the
// first row): unprefixed rows of its fields follow (at::event::row), until an echo or a final result.
constexpr bool opens_rows(const at::line& l) noexcept { return !l.fields.empty() && l.fields[0].is_optional(); }

// Test answers write ranges in angle brackets (`<0~65535>`); nothing is quoted, so no escapes.
inline constexpr at::syntax lexical = at::syntax{}.with(at::lex::angle_lists).writing(commands);

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

// The classifier's index: the lines sorted by prefix (at::line_order_of).
inline constexpr at::grammar grammar{"usr", commands, lines, lexical, finals, {}, {}, at::line_order_of<lines>};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

}  // namespace usr
ATMQTT_END_NAMESPACE
