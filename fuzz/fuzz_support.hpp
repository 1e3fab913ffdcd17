// Shared by the fuzz targets: a property check that stops the run with a message (libFuzzer then saves
// the input), a check that a view lies inside the buffer it was decoded from, and a table of one.
#pragma once

#include <atmqtt/core/span.hpp>

#include <cstdio>
#include <cstdlib>

#define ATMQTT_FUZZ_REQUIRE(cond, what)                              \
    do {                                                             \
        if (!(cond)) {                                               \
            std::fprintf(stderr, "property violated: %s\n", (what)); \
            std::abort();                                            \
        }                                                            \
    } while (0)

namespace fuzz_support {

inline bool inside(atmqtt::bytes part, atmqtt::bytes whole) {
    return part.empty() ||
           (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// One descriptor as the table of one (decode_command against a single command).
template <class T>
atmqtt::span<const T> one(const T& item) {
    return {&item, 1};
}

}  // namespace fuzz_support
