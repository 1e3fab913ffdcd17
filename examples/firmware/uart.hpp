// A polled driver for the CMSDK APB UART of the MPS2 boards (UART0 at 0x40004000 on mps2-an386).
// Registers: DATA +0x00, STATE +0x04 (bit 0 TX buffer full, bit 1 RX buffer full), CTRL +0x08 (bit 0 TX
// enable, bit 1 RX enable), BAUDDIV +0x10 (at least 16). The UART holds one received byte: the loop must
// read often enough (QEMU stalls the host side while the byte is unread, so nothing is lost there).
#pragma once

#include <cstddef>
#include <cstdint>

namespace firmware {

class cmsdk_uart {
public:
    explicit constexpr cmsdk_uart(std::uintptr_t base) noexcept : base_(base) {}

    void init(std::uint32_t clock_hz, std::uint32_t baud) const noexcept {
        reg(bauddiv) = clock_hz / baud;
        reg(ctrl) = tx_enable | rx_enable;
    }

    // Writes as much as the transmit buffer takes now; returns how many bytes went.
    std::size_t write_some(const char* data, std::size_t size) const noexcept {
        std::size_t n = 0;
        while (n < size && (reg(state) & tx_full) == 0) reg(data_reg) = static_cast<std::uint8_t>(data[n++]);
        return n;
    }

    // Reads what has arrived, up to capacity; returns how many bytes.
    std::size_t read_some(char* out, std::size_t capacity) const noexcept {
        std::size_t n = 0;
        while (n < capacity && (reg(state) & rx_full) != 0) out[n++] = static_cast<char>(reg(data_reg) & 0xFFu);
        return n;
    }

private:
    static constexpr std::uintptr_t data_reg = 0x00, state = 0x04, ctrl = 0x08, bauddiv = 0x10;
    static constexpr std::uint32_t tx_full = 1u << 0, rx_full = 1u << 1;
    static constexpr std::uint32_t tx_enable = 1u << 0, rx_enable = 1u << 1;

    volatile std::uint32_t& reg(std::uintptr_t offset) const noexcept {
        return *reinterpret_cast<volatile std::uint32_t*>(base_ + offset);
    }
    std::uintptr_t base_;
};

}  // namespace firmware
