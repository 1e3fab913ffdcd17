// The smallest bare-metal start for QEMU's mps2-an386: a vector table, a reset handler that sets up
// .data and .bss, runs the static constructors and target_main(), and ARM semihosting for output and the exit
// status. No C library start-up code, so nothing here can reach malloc.
#include "semihosting.hpp"

#include <cstdint>

extern "C" {
extern std::uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int target_main();  // the program's entry (ISO C++ forbids calling main)
[[noreturn]] void reset_handler();
[[noreturn]] void fault_handler();
}

[[noreturn]] void reset_handler() {
    for (std::uint32_t *src = &__data_load, *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
    for (std::uint32_t* dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
    for (auto** f = __init_array_start; f < __init_array_end; ++f) (*f)();
    semihosting::exit(target_main() == 0);
}

// Any fault ends the run as a failure rather than hanging until the test's timeout.
[[noreturn]] void fault_handler() {
    semihosting::write("FAULT: the processor took an exception\n");
    semihosting::exit(false);
}

using handler = void (*)();
__attribute__((section(".vectors"), used)) const handler vector_table[16] = {
    reinterpret_cast<handler>(&__stack_top), reset_handler, fault_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, nullptr, nullptr, nullptr, nullptr, fault_handler, fault_handler, nullptr,
    fault_handler, fault_handler,
};
