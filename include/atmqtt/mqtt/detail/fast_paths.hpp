// Fast paths that only save instructions (the run-time string verdicts, the fast encoders of CONNECT,
// PUBLISH and SUBSCRIBE, decode's framing shortcut and its PUBLISH/SUBACK reads before the dispatch, the
// two-byte remaining length) are left out when compiling for size (-Os): there the one general way,
// which gives the same answers, is the smaller program. Mostly used as a plain condition, so both ways
// compile in every build (the tests compare them). Define ATMQTT_MQTT_FAST_PATHS as true or false
// (compiler flag or atmqtt_user_config.hpp) to choose otherwise.
#pragma once

#include <atmqtt/core/config.hpp>

#ifndef ATMQTT_MQTT_FAST_PATHS
#if defined(__OPTIMIZE_SIZE__)
#define ATMQTT_MQTT_FAST_PATHS false
#else
#define ATMQTT_MQTT_FAST_PATHS true
#endif
#endif
