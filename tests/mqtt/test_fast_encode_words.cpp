// The fast encoders with word_verdict and word moves, as on targets without SSE2 (Cortex-M at -O2).
#define ATMQTT_MQTT_SSE2 0
#include "fast_encode_cases.hpp"

#if defined(__SSE2__)
static_assert(!ATMQTT_MQTT_SSE2, "this test runs the word-at-a-time fast paths");
#endif
