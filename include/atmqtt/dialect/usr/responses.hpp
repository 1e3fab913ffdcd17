// Typed USR information responses on the generic typed path (at/bind.hpp): each struct names its row of
// usr::lines, its members in the row's order (at/members.hpp); the row checks every value (range, length, word).
//     usr::mqttcfg_response cfg{};
//     at::status st = at::decode_into(at::line_event("+MQTTCFG:60,0"), cfg);   // {60, 0}
//     auto slot = at::decode_as<usr::pubtp_slot>(at::row_event("1,1,/PubTopic1,0,0,0"));  // a row, no prefix
// From usr::session_decoder, usr::decode_into(ev, out) / usr::decode_as<T>(ev) check that the event is a
// value answer of T's line first (at_unexpected_response otherwise). Which line a line is, the AT core
// says (at::classify over the grammar's line order); the session decoder asks it once per line.
// Test answers (`+MQTTCFG:<0~65535>,<0,1>`) are read with the core's at::angle_range_reader.
//
// Tolerated irregularities (each a tested decision, see docs/dialect-notes/usr.md): spaces after ':'
// (`+SSLEN: OFF`), a quoted value (`+MQTTSTA:"DISCONNECTION"`), an empty single value (`+ALIREGION:`),
// `+MQTTUSER:` answering AT+MQTTPSW?, `+HTTPSCRT:` answering AT+SSLCRT=?, five or six PUBTP row fields.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/members.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

// ---- typed answers, each bound to its row -----------------------------------------------------------
// A setting's answer that is its parameters as they are reads into the set form's own struct.
using mqttcfg_response = mqttcfg;
using mqttsvr_response = mqttsvr;
using mqttwill_response = mqttwill;
using sslauth_response = sslauth;
using pubtp_slot = mqttpubtp;  // a row of the AT+MQTTPUBTP? answer (the header line may carry the first one)
using subtp_slot = mqttsubtp;  // a row of the AT+MQTTSUBTP? answer

// A struct bound to row `Row`, its members in the row's order (at/members.hpp).
template <std::size_t Row, class T>
using row_of = at::row_members<grammar, Row, T>;

struct wkmod_response {  // +WKMOD:<mode>[,<server>]
    work_mode mode = work_mode::net;  // cmd, net, httpd or mqtt
    std::optional<mqtt_server> server{};
    using binding = row_of<line_wkmod, wkmod_response>;
};
// +MQTTSTA: CONNECTION or DISCONNECTION.
enum class conn_state_code : std::uint8_t { connected = 0, disconnected = 1 };
struct connection_state {
    conn_state_code state = conn_state_code::disconnected;
    using binding = row_of<line_connection_state, connection_state>;
};
struct sslen_response {  // +SSLEN:<sta>
    std::int32_t sta = 0;  // the index of OFF|ON: 1 is ON
    using binding = row_of<line_sslen, sslen_response>;
};
struct sslcfg_response {  // +SSLCFG:<sni_status>,...: 1 is ON
    std::int32_t sni_status = 0;
    using binding = at::row_binding<grammar, line_sslcfg, &sslcfg_response::sni_status>;  // the first of four
};

}  // namespace usr
ATMQTT_END_NAMESPACE
