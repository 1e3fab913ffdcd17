// Umbrella header: the MQTT client API (events, options) and the raw MQTT session engine.
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/client/session.hpp>
