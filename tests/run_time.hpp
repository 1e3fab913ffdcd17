// g++ evaluates a call to a constexpr function with constant arguments at compile time, even at -O0, so
// a test written with literals may never run the code at all, and the coverage report says so. Passing
// an argument through at_run_time() (not constexpr, not inlined at -O0) makes the call happen at run
// time; the static_asserts beside the tables prove the same results in constant evaluation.
#pragma once

template <class T>
T at_run_time(T value) {
    return value;
}
