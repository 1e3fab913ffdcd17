// Shared by the footprint programs: inputs the optimiser cannot see through and a sink it cannot drop.
//
// They live at fixed RAM addresses (as a DMA buffer or a peripheral register would), not in variables,
// so the programs' own .data/.bss stay 0 and footprint.sh can require exactly that of the library.
#pragma once

#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

namespace footprint {

// Cortex-M SRAM starts at 0x20000000; the programs are linked, never run.
inline volatile char* rx_storage() { return reinterpret_cast<volatile char*>(std::uintptr_t{0x20000100}); }
inline volatile std::size_t& rx_size() { return *reinterpret_cast<volatile std::size_t*>(std::uintptr_t{0x20000000}); }
inline volatile int& sink() { return *reinterpret_cast<volatile int*>(std::uintptr_t{0x20000004}); }

// The "received" bytes: written at run time, so decoders cannot be constant-folded away.
inline atmqtt::bytes received() { return atmqtt::bytes(const_cast<const char*>(rx_storage()), rx_size()); }

// A packet id / number the compiler cannot know.
inline std::uint16_t id() { return static_cast<std::uint16_t>(rx_size() | 1u); }

// Consumes a result so the code computing it is kept.
inline void use(long v) { sink() = static_cast<int>(v); }

}  // namespace footprint
