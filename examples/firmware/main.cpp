// Example firmware for QEMU's mps2-an386 (Cortex-M4), bare metal: the MQTT-over-AT client on UART0,
// SysTick milliseconds, progress through semihosting. It connects, subscribes to atmqtt/fw/down,
// publishes to atmqtt/fw/up, waits for one message on atmqtt/fw/down, disconnects and exits 0; any failure
// (five failed connects, a failed request) or 30 s without finishing exits non-zero. The dialect is chosen
// at build time (ATMQTT_FIRMWARE_DIALECT).
#include "semihosting.hpp"
#include "systick.hpp"
#include "uart.hpp"

#if defined(FIRMWARE_DIALECT_ONEMO)
#include <atmqtt/client/drivers/onemo.hpp>
#elif defined(FIRMWARE_DIALECT_RISINGHF)
#include <atmqtt/client/drivers/risinghf.hpp>
#elif defined(FIRMWARE_DIALECT_USR)
#include <atmqtt/client/drivers/usr.hpp>
#else
#include <atmqtt/client/drivers/quectel.hpp>
#endif

#include <cstdint>

namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;

namespace {

#if defined(FIRMWARE_DIALECT_ONEMO)
using driver = client::drivers::onemo;
#elif defined(FIRMWARE_DIALECT_RISINGHF)
using driver = client::drivers::risinghf;
#elif defined(FIRMWARE_DIALECT_USR)
using driver = client::drivers::usr;
#else
using driver = client::drivers::quectel;
#endif
// A 512-byte line buffer (USR: received frame); the output buffer is the size the driver's longest
// command needs.
using modem = client::at_client<driver, 512>;

constexpr std::uint32_t core_hz = 25000000;  // mps2-an386's system clock
constexpr std::uint32_t give_up_ms = 30000;
constexpr unsigned max_attempts = 5;  // connects, counting the first
constexpr std::uint32_t retry_delay_ms = 500;
constexpr char up_topic[] = "atmqtt/fw/up";
constexpr char down_topic[] = "atmqtt/fw/down";
constexpr char up_payload[] = "hello, \"broker\" from a Cortex-M4";

const firmware::cmsdk_uart uart0(0x40004000);
firmware::systick_clock clock(core_hz);
modem c;  // static storage: the client's buffers are not on the stack

void say(const char* text) { semihosting::write(text); }
void say(atmqtt::bytes text) { semihosting::write(text.data(), text.size()); }
void say_number(std::uint32_t n) {
    char digits[10];
    std::size_t i = sizeof digits;
    do digits[--i] = static_cast<char>('0' + n % 10); while ((n /= 10) != 0);
    semihosting::write(digits + i, sizeof digits - i);
}

void flush_output() {
    const atmqtt::bytes out = c.output();
    if (!out.empty()) c.output_written(uart0.write_some(out.data(), out.size()));
}

}  // namespace

extern "C" int target_main() {
    uart0.init(core_hz, 115200);
    clock.start();
    say("firmware: " ATMQTT_FIRMWARE_DIALECT_NAME " modem on UART0\n");

    client::connect_options o;
    o.host = "broker.example.org";  // atmqtt modem connects to its --broker instead
    o.port = 1883;
    o.client_id = "atmqtt-fw";
    o.keep_alive_s = 60;
    const mqtt::subscription filters[] = {{down_topic, mqtt::qos::at_least_once}};

    c.poll(clock.now_ms());
    if (!c.connect(o)) {
        say("firmware: connect refused by the client\n");
        return 1;
    }
    bool published = false, received = false, disconnecting = false, retrying = false;
    unsigned attempts = 0;
    std::uint32_t retry_at = 0;
    char rx[64];
    for (;;) {
        const std::uint32_t now = clock.now_ms();
        if (now > give_up_ms) {
            say("firmware: timed out\n");
            return 1;
        }
        flush_output();
        const std::size_t n = uart0.read_some(rx, sizeof rx);
        if (n > 0) (void)c.feed(atmqtt::bytes(rx, n));  // rx stays untouched until the events are drained
        c.poll(now);
        while (const client::event e = c.next_event()) {
            switch (e.type) {
                case client::event_type::connected:
                    say("firmware: connected\n");
                    if (!c.subscribe(filters)) return say("firmware: subscribe refused\n"), 1;
                    break;
                case client::event_type::subscribed:
                    say("firmware: subscribed to atmqtt/fw/down\n");
                    if (!c.publish(up_topic, atmqtt::bytes(up_payload, sizeof up_payload - 1), mqtt::qos::at_least_once))
                        return say("firmware: publish refused\n"), 1;
                    break;
                case client::event_type::published:
                    say("firmware: published to atmqtt/fw/up\n");
                    published = true;
                    break;
                case client::event_type::message:
                    if (e.message.topic == atmqtt::bytes(down_topic) && e.message.last_chunk()) {
                        say("firmware: message on atmqtt/fw/down: ");
                        say(e.message.payload);
                        say("\n");
                        received = true;
                    }
                    break;
                case client::event_type::disconnected:
                    if (disconnecting) {
                        say("firmware: disconnected, done\n");
                        return 0;
                    }
                    // A real modem may miss the first commands after power-up (and a loaded host may answer
                    // the emulated one late): try again a few times before giving up.
                    say("firmware: disconnected (reason ");
                    say_number(static_cast<std::uint32_t>(e.reason));
                    say(")\n");
                    if (++attempts >= max_attempts) return 1;
                    retry_at = now + retry_delay_ms;
                    retrying = true;
                    break;
                case client::event_type::error:
                    say("firmware: a request failed\n");
                    return 1;
                default:
                    break;
            }
        }
        if (retrying && static_cast<std::int32_t>(now - retry_at) >= 0) {
            retrying = false;
            say("firmware: connecting again\n");
            if (!c.connect(o)) return say("firmware: connect refused by the client\n"), 1;
        }
        if (published && received && !disconnecting && c.ready()) {
            if (!c.disconnect()) return say("firmware: disconnect refused\n"), 1;
            disconnecting = true;
        }
    }
}
