// Typed USR answers on the generic typed path (at/bind.hpp). A setting's query answer reads into the
// setting's own struct (commands.hpp: cfg_session, cfg_server, ..., a row of AT+MQTTPUBTP? into
// cfg_publish_topic); here the two answers that are no setting's values: +WKMOD (the work mode and its
// server) and +MQTTSTA (the connection state).
//     usr::cfg_session cfg{};
//     at::status st = at::decode_into(at::line_event("+MQTTCFG:60,0"), cfg);   // {60, 0}
//     auto slot = at::decode_as<usr::cfg_publish_topic>(at::row_event("1,1,/PubTopic1,0,0,0"));  // a row, no prefix
// From usr::session_decoder, usr::decode_as<T>(ev) checks that the event is a
// value answer of T's line first (at_unexpected_response otherwise). Which line a line is: usr::classify(ev),
// the AT core's classifier over the table (the session decoder finds a line's row by its prefix alone).
// Test answers (`+MQTTCFG:<0~65535>,<0,1>`) are read with the core's at::decode_test_response (one element
// per group) and at::classify_angle_item.
//
// Tolerated irregularities (each a tested decision, see docs/dialect-notes/usr.md): spaces after ':'
// (`+SSLEN: OFF`), a quoted value (`+MQTTSTA:"DISCONNECTION"`), an empty single value (`+ALIREGION:`),
// `+MQTTUSER:` answering AT+MQTTPSW?, `+HTTPSCRT:` answering AT+SSLCRT=?, five or six PUBTP row fields.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

inline constexpr std::size_t max_values = 6;  // the most values a line has (a PUBTP row's six)

// A struct bound to row `Row`, its members in the row's order (at/bind.hpp).
template <std::size_t Row>
using row_of = at::row_members<grammar, Row>;

struct current_work_mode {  // +WKMOD:<mode>[,<server>]
    work_mode mode = work_mode::net;  // cmd, net, httpd or mqtt
    std::optional<mqtt_server> server{};
    using binding = row_of<line_wkmod>;
};
// +MQTTSTA: CONNECTION or DISCONNECTION.
enum class conn_state_code : std::uint8_t { connected = 0, disconnected = 1 };
struct connection_state {
    conn_state_code state = conn_state_code::disconnected;
    using binding = row_of<line_connection_state>;
};

// Which row of `lines` the line `e` is: the AT core's classifier over the table (at/classify.hpp).
constexpr result<line_index> classify(const at::event& e) noexcept {
    return at::classify<grammar, max_values, line_index>(e);
}

}  // namespace usr
ATMQTT_END_NAMESPACE
