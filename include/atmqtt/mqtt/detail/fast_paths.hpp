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

// Compiling for size, the functions whose other way measured smaller on bench/footprint's programs
// (Cortex-M4 -Os, g++ 12): g++'s size heuristics keep small helpers out of line at a cost in argument
// moves and results returned through memory, and inline others at every caller. Chosen one function at a
// time, each kept only when it shrank the full codec without growing the client subset or the session
// (docs/performance.md, round 5). Without effect when the fast paths are on (-O2), where the instruction
// counts decide.
#if !ATMQTT_MQTT_FAST_PATHS && defined(__GNUC__)
#define ATMQTT_MQTT_INLINE_FOR_SIZE __attribute__((always_inline)) inline
#define ATMQTT_MQTT_NOINLINE_FOR_SIZE __attribute__((noinline)) inline
#else
#define ATMQTT_MQTT_INLINE_FOR_SIZE inline
#define ATMQTT_MQTT_NOINLINE_FOR_SIZE inline
#endif
