// The typed decodes' tests with the AT fast paths off, as an -Os build compiles them (ATMQTT_AT_FAST_PATHS):
// a bound row is read packed (at::packed_line_of, detail::read_packed); the same values and errors.
#define ATMQTT_AT_FAST_PATHS false
#include "test_bind.cpp"
