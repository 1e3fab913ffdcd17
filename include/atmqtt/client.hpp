// Umbrella header: the MQTT client API (events, options, capabilities), the raw MQTT session and its resend
// arena, the MQTT-over-AT engine (its dialect drivers are in client/drivers/, included by atmqtt.hpp) and the supervisor.
#pragma once

#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/client/resend_arena.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/client/supervisor.hpp>
