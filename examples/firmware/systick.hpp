// Milliseconds from the Cortex-M SysTick without an interrupt: the counter runs down from 2^24 - 1 on the
// core clock (25 MHz on QEMU's mps2-an386) and COUNTFLAG (cleared by reading CSR) marks each wrap, about
// every 671 ms; the main loop reads the time far more often than that, so no wrap is missed.
#pragma once

#include <cstdint>

namespace firmware {

class systick_clock {
public:
    explicit constexpr systick_clock(std::uint32_t core_hz) noexcept : ticks_per_ms_(core_hz / 1000u) {}

    void start() noexcept {
        reg(rvr) = reload;
        reg(cvr) = 0;
        reg(csr) = enable | core_clock;  // no TICKINT: polled
    }

    std::uint32_t now_ms() noexcept {
        std::uint32_t value = reg(cvr);
        if ((reg(csr) & countflag) != 0) {
            ++wraps_;
            value = reg(cvr);  // re-read: the wrap may have happened between the two reads
        }
        const std::uint64_t ticks = (static_cast<std::uint64_t>(wraps_) << 24) + (reload - value);
        return static_cast<std::uint32_t>(ticks / ticks_per_ms_);
    }

private:
    static constexpr std::uintptr_t csr = 0xE000E010, rvr = 0xE000E014, cvr = 0xE000E018;
    static constexpr std::uint32_t enable = 1u << 0, core_clock = 1u << 2, countflag = 1u << 16;
    static constexpr std::uint32_t reload = 0x00FFFFFFu;

    static volatile std::uint32_t& reg(std::uintptr_t address) noexcept {
        return *reinterpret_cast<volatile std::uint32_t*>(address);
    }
    std::uint32_t ticks_per_ms_;
    std::uint32_t wraps_ = 0;
};

}  // namespace firmware
