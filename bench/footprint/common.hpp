// Shared by the footprint programs: inputs the optimiser cannot see through and a sink it cannot drop.
#pragma once

#include <atmqtt/core/span.hpp>

#include <cstddef>

namespace footprint {

// The "received" bytes live in RAM written at run time, so decoders cannot be constant-folded away.
inline volatile unsigned char rx_storage[512];
inline volatile std::size_t rx_size = 0;
inline volatile int sink = 0;

inline atmqtt::bytes received() {
    return atmqtt::bytes(const_cast<const char*>(reinterpret_cast<volatile char*>(rx_storage)), rx_size);
}

}  // namespace footprint
