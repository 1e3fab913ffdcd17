// The writer's tests with the AT fast paths off, as an -Os build compiles them (ATMQTT_AT_FAST_PATHS):
// the cursor copies a line's bytes with its own loop instead of memcpy; the same lines.
#define ATMQTT_AT_FAST_PATHS false
#include "test_writer.cpp"
