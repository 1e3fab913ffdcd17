// The tokenizer's tests with its fast paths off, as an -Os build compiles them (ATMQTT_AT_FAST_PATHS):
// push() then takes every byte through the general rules, and must give the same events.
#define ATMQTT_AT_FAST_PATHS false
#include "test_tokenizer.cpp"
