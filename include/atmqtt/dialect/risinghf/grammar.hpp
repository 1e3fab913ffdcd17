// The RisingHF LTE-module MQTT dialect (AT+IMQTT*) as one constexpr AT grammar: every command with every
// form and parameter, every information response, deferred result and URC, and the lexical tolerances
// the manual's irregular output needs. Source: "LTE Series Modules MQTT AT Commands 使用手册" (no
// version); docs/dialect-notes/risinghf.md records how it was read and every decision taken.
//
// The manual gives no lengths for strings: the bounds below (255-byte names, 1024-byte messages, the
// PUBEX <size> limit) are decisions, noted where they are made.
#pragma once

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {

using at::form;
using at::quoting;

inline constexpr std::int32_t max_text_length = 255;      // decision: the manual gives no lengths
inline constexpr std::int32_t max_message_length = 1024;  // "<size> 数据长度，最大 1024" (PUBEX); used for all
inline constexpr std::int32_t max_cached_messages = 10;   // "10 条缓存满后上报 FULL"

namespace detail {
using at::integer;

// Strings are bare unless they need quotes (the manual's only rule: a client id with ',' is quoted).
constexpr at::field_spec text(std::string_view name, std::int32_t min_len = 0) noexcept {
    return at::string(name, min_len, max_text_length, quoting::either);
}
inline constexpr at::field_spec topic = text("topic", 1), qos = integer("qos", 0, 2),
    retained = integer("retained", 0, 1).defaults_to(0).optional(),
    message = at::string("message", 0, max_message_length, quoting::either), packetid = integer("packetid", 0, 65535),
    // The hex body of AT+IMQTTLWTBIN / AT+IMQTTPUBIN and their answers.
    hex_message = at::hex("message", 0, max_message_length, quoting::bare);

// ---- responses, deferred results and URCs ------------------------------------------------------

inline constexpr at::field_spec
    conn_f[] = {integer("state", -1, 1)},  // 0 connected, 1 already, -1 down
    rcvpub_f[] = {
        packetid, topic, integer("messagelen", 0, max_message_length),
        at::payload("message", quoting::either),  // quoted in every example; <messageLen> decides its end
    },
    count_f[] = {integer("count", 0, max_cached_messages)},
    count_full_f[] = {at::word("count", "FULL")},
    sub_result_f[] = {packetid, qos},
    status_result_f[] = {packetid, integer("status", -1, 1)},  // UNSUB: 0/-1, PUB: 0/1
    dynreg1_f[] = {integer("mode", 1, 1), text("producekey"), text("devicename"), text("devicesecret")},
    dynreg2_f[] = {integer("mode", 2, 2), text("cilentid"), text("username"), text("password")},
    dynreg_read_f[] = {integer("save", 0, 1), integer("mode", 1, 2),
                       text("producekey"), text("devicename"), text("producesecret")},
    para_f[] = {
        at::literal("TIMEOUT"),   integer("timeout", 1, 3),
        at::literal("CLEAN"),     integer("clean", 0, 1),
        at::literal("KEEPALIVE"), integer("keepalive", 60, 180),
        at::literal("VERSION"),   at::word("version", "3.1|3.1.1"),
    },
    user_f[] = {text("username"), text("password")},
    addr_f[] = {text("addr", 1), integer("port", 0, 65535),
                text("clientid").optional()},  // the example omits it
    // <topic>,<qos>,<message>[,<retained>]: AT+IMQTTLWT and AT+IMQTTPUB; the answers to AT+IMQTTSUB?,
    // AT+IMQTTPUB? and AT+IMQTTPUBIN? are the first two or three of these values.
    lwt_f[] = {topic, qos, message, retained},
    lwtbin_f[] = {topic, qos, hex_message, retained},
    unsub_read_f[] = {topic, integer("status", -1, 0)},
    state_f[] = {integer("status", 0, 2)},
    auth_f[] = {text("producekey"), text("devicename"), text("devicesecret")},
    recvmode_f[] = {integer("recvmode", 0, 1)},
    recv_total_f[] = {integer("total_count", 0, max_cached_messages)};

}  // namespace detail

// Indexes into `lines`. Where a prefix has a deferred result, that line comes first: the transaction
// routes by the first line of a prefix, and a line after OK must read as the late result.
enum line_index : std::uint8_t {
    line_connection_state = 0, line_received_message, line_message_notice, line_message_notice_full,
    line_subscribe_result, line_unsubscribe_result, line_publish_result, line_pubex_result, line_dynreg_result,
    line_dynreg_mode2, line_dynreg_info,
    line_mode, line_para, line_user, line_addr, line_lwt, line_lwtbin, line_sub, line_unsub, line_pub, line_pubin,
    line_mqtt_status, line_auth, line_recvmode, line_cache_status, line_recv_message,
    line_count
};


// ---- commands --------------------------------------------------------------------------------------

namespace detail {

// AT+IMQTTMODE=<mode>,<tls>,<recvMode>: every example sends two values, so <recvMode> is optional.
inline constexpr at::field_spec
    mode_p[] = {integer("mode", 1, 2), integer("tls", 0, 1),
                integer("recvmode", 0, 1).defaults_to(0).optional()},
    // AT+IMQTTADDR=<addr>,<port>,<clientId>: the client id is always quoted (it may hold ',').
    addr_p[] = {text("addr", 1), integer("port", 0, 65535),
                at::string("clientid", 0, max_text_length, quoting::quoted)},
    sub_p[] = {topic, integer("qos", 0, 1)},  // "qos 范围 0-1"
    unsub_p[] = {topic},
    // The hex body of AT+IMQTTPUBIN is written in lower case, as its example; LWTBIN's in upper case.
    pubin_p[] = {topic, qos, hex_message.lowercase(), retained},
    pubex_p[] = {topic, qos, integer("retained", 0, 1), integer("size", 1, max_message_length)},
    // AT+IMQTTDYNREG=<type>[,<mode>,...]: the type is a sub-command (0/1 register and answer later, 2
    // queries and answers at once), which is what lets the transaction tell late results from answers.
    dynreg_p[] = {integer("mode", 1, 2), text("producekey", 1),
                  text("devicename", 1), text("producesecret", 1)},
    recv_p[] = {integer("count", 1, max_cached_messages)};

constexpr at::command dynreg(std::string_view type, span<const at::field_spec> params = {}) noexcept {
    return at::cmd("IMQTTDYNREG", form::set, params).with_selector(type, quoting::bare);
}

constexpr form trf = form::test | form::read | form::set;

}  // namespace detail

// Each command is its own object so firmware links only the ones it writes: cmd::<the manual's command,
// lower case>; AT+IMQTTDYNREG=<type>'s three set forms are cmd::imqttdynreg_nosave / _save / _query.
namespace cmd {
using namespace detail;
inline constexpr at::command
    imqttmode = at::cmd("IMQTTMODE", trf, mode_p),
    imqttpara = at::cmd("IMQTTPARA", trf, para_f),
    imqttuser = at::cmd("IMQTTUSER", trf, user_f),
    imqttaddr = at::cmd("IMQTTADDR", trf, addr_p),
    imqttlwt = at::cmd("IMQTTLWT", trf, lwt_f),
    imqttlwtbin = at::cmd("IMQTTLWTBIN", trf, lwtbin_f),
    imqttconn = at::cmd("IMQTTCONN", form::test | form::execute).deferred_result(line_connection_state),
    imqttdisconn = at::cmd("IMQTTDISCONN", form::execute).deferred_result(line_connection_state),
    imqttsub = at::cmd("IMQTTSUB", trf, sub_p).deferred_result(line_subscribe_result),
    imqttunsub = at::cmd("IMQTTUNSUB", trf, unsub_p).deferred_result(line_unsubscribe_result),
    imqttpub = at::cmd("IMQTTPUB", trf, lwt_f).deferred_result(line_publish_result),
    imqttpubin = at::cmd("IMQTTPUBIN", trf, pubin_p).deferred_result(line_publish_result),
    imqttpubex =
        at::cmd("IMQTTPUBEX", trf, pubex_p).with_prompt().deferred_result(line_pubex_result),
    imqttstate = at::cmd("IMQTTSTATE", form::test | form::read),
    imqttauth = at::cmd("IMQTTAUTH", trf, auth_f),
    imqttdynreg = at::cmd("IMQTTDYNREG", form::test | form::read),
    imqttdynreg_nosave =
        dynreg("0", dynreg_p).deferred_result(line_dynreg_result),
    imqttdynreg_save = dynreg("1", dynreg_p).deferred_result(line_dynreg_result),
    imqttdynreg_query = dynreg("2"),
    imqttrecvmode = at::cmd("IMQTTRECVMODE", trf, recvmode_f),
    imqttrecv = at::cmd("IMQTTRECV", trf, recv_p);
}  // namespace cmd

inline constexpr at::line lines[] = {
    // §2.19 URCs. +IMQTTCONN is also the late result of AT+IMQTTCONN / AT+IMQTTDISCONN.
    at::urc("+IMQTTCONN", detail::conn_f).as_deferred(),
    at::urc("+IMQTTRCVPUB", detail::rcvpub_f).with_length(2),
    at::urc("+IMQTTCOUNT", detail::count_f),
    at::urc("+IMQTTCOUNT", detail::count_full_f),  // "+IMQTTCOUNT :FULL": cache full, later dropped
    // Late results (after OK).
    at::response("+IMQTTSUB", detail::sub_result_f).as_deferred(),
    at::response("+IMQTTUNSUB", detail::status_result_f).as_deferred(),
    at::response("+IMQTTPUB", detail::status_result_f).as_deferred(),  // also AT+IMQTTPUBIN's
    at::response("+IMQTTPUBEX", detail::status_result_f).as_deferred(),
    // AT+IMQTTDYNREG: the first field (mode) decides the names of the other three. Mode 1 is the
    // deferred result of type 0/1 (a mode-2 answer then decodes with the next line); AT+IMQTTDYNREG=2
    // answers both lines before its OK.
    at::response("+IMQTTDYNREG", detail::dynreg1_f).as_deferred(),
    at::response("+IMQTTDYNREG", detail::dynreg2_f),
    at::response("+IMQTTDYNREG", detail::dynreg_read_f),  // read: <save> is undocumented
    // Information responses to the read forms (and AT+IMQTTRECVMODE=?, which answers the value).
    at::answer_row<cmd::imqttmode, at::pack_shape({0, 0, 0, false})>("+IMQTTMODE"),  // its set form's values
    at::response("+IMQTTPARA", detail::para_f),
    at::response("+IMQTTUSER", detail::user_f),
    at::response("+IMQTTADDR", detail::addr_f),
    at::response("+IMQTTLWT", detail::lwt_f),
    at::response("+IMQTTLWTBIN", detail::lwtbin_f),
    at::response("+IMQTTSUB", {detail::lwt_f, 2}),
    at::response("+IMQTTUNSUB", detail::unsub_read_f),
    at::response("+IMQTTPUB", {detail::lwt_f, 3}),
    at::response("+IMQTTPUBIN", {detail::lwtbin_f, 3}),
    at::response("+IMQTTSTATE", detail::state_f),
    at::response("+IMQTTAUTH", detail::auth_f),
    at::response("+IMQTTRECVMODE", detail::recvmode_f),
    at::response("+IMQTTRECV", detail::recv_total_f),
    at::response("+IMQTTRECV", detail::rcvpub_f).with_length(2),
};
static_assert(sizeof lines / sizeof lines[0] == line_count, "line_index and lines disagree");

inline constexpr at::command commands[] = {
    cmd::imqttmode, cmd::imqttpara, cmd::imqttuser, cmd::imqttaddr, cmd::imqttlwt, cmd::imqttlwtbin,
    cmd::imqttconn, cmd::imqttdisconn, cmd::imqttsub, cmd::imqttunsub, cmd::imqttpub, cmd::imqttpubin,
    cmd::imqttpubex, cmd::imqttstate, cmd::imqttauth, cmd::imqttdynreg, cmd::imqttdynreg_nosave,
    cmd::imqttdynreg_save, cmd::imqttdynreg_query, cmd::imqttrecvmode, cmd::imqttrecv,
};

// Inbound tolerances the manual shows: "+IMQTTCOUNT :3" (space before ':'), "+IMQTTCONN：0" (fullwidth
// colon), "+IMQTTUNSUB=5,0" ('=' for ':'), "TIMEOUT，1" (fullwidth comma). No escapes inside quotes.
// Output is always plain ASCII: full_lexical writes what the commands write; lexical no key word, word or
// hex, which only AT+IMQTTPARA, AT+IMQTTLWTBIN and AT+IMQTTPUBIN write (their structs' encoders take them
// too: at::fixed_syntax widens by the row; the AT client writes with full_lexical), so the other encoders
// link no code for them.
inline constexpr at::syntax full_lexical = at::tolerant_syntax().writing(commands);
inline constexpr at::syntax lexical = full_lexical.skipping(
    at::syntax::kind(at::field_type::literal) | at::syntax::kind(at::field_type::word) |
    at::syntax::kind(at::field_type::hex));

// The manual has no error table and no +CME ERROR: only a bare ERROR (AT+IMQTTDISCONN). line_order: the
// classifier's index, the lines sorted by prefix (at::line_order_of).
inline constexpr at::grammar grammar{"risinghf", commands, lines, full_lexical, {}, {}, {}, at::line_order_of<lines>};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

// The lines with the tolerances of every line but the AT+IMQTTPARA answer (the manual prints the fullwidth
// comma in that row only). The typed structs read their rows as typed_rows' (cfg_para the grammar's), and
// the AT client reads its lines with its lexical, so a reader that meets no such answer links no code for it.
inline constexpr at::grammar typed_rows{{}, {}, lines, at::syntax{}.with(at::lex::equals_as_colon)};

}  // namespace risinghf
ATMQTT_END_NAMESPACE
