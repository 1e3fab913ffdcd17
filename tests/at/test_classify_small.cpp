// The classifier's tests with the AT fast paths off, as an -Os build compiles them (ATMQTT_AT_FAST_PATHS):
// the first field always read, no payload shortcut, split_prefix byte by byte; the same answers.
#define ATMQTT_AT_FAST_PATHS false
#include "test_classify.cpp"
