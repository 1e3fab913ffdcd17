// The application of the POSIX examples, the same for every modem: open a serial device raw (termios),
// connect through the modem's MQTT stack, subscribe to a topic, publish one message to it at QoS 1,
// print the message when it comes back, disconnect. Only the driver (the template argument) differs
// between quectel.cpp, onemo.cpp, risinghf.cpp and usr.cpp.
//
//   atmqtt_example_quectel --device /dev/ttyUSB2 --broker test.mosquitto.org:1883 [--baud 115200]
//                          [-i CLIENT_ID] [-t TOPIC] [-m MESSAGE]
//
// Exit status 0 when the message came back and the modem disconnected, 1 otherwise (30 s at most).
#pragma once

#include <atmqtt/client/at_client.hpp>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace example {

namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;

inline client::time_ms now_ms() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<client::time_ms>(t.tv_sec * 1000 + t.tv_nsec / 1000000);
}

// The device in raw mode: 8N1, no flow control, no echo, no line editing. -1 when it cannot be.
inline int open_serial(const char* path, unsigned long baud) {
    speed_t speed = B115200;
    switch (baud) {
        case 9600: speed = B9600; break;
        case 57600: speed = B57600; break;
        case 115200: speed = B115200; break;
        case 230400: speed = B230400; break;
        case 460800: speed = B460800; break;
        case 921600: speed = B921600; break;
        default: std::fprintf(stderr, "unsupported --baud %lu\n", baud); return -1;
    }
    const int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    termios t{};
    if (fd < 0 || tcgetattr(fd, &t) != 0) {
        std::fprintf(stderr, "%s: %s\n", path, std::strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
    cfsetispeed(&t, speed);
    cfsetospeed(&t, speed);
    tcsetattr(fd, TCSANOW, &t);
    tcflush(fd, TCIOFLUSH);
    return fd;
}

template <class Driver>
int run(int argc, char** argv) {
    const char* device = nullptr;
    std::string broker;
    unsigned long baud = 115200;
    const char* id = "atmqtt-example";
    const char* topic = "atmqtt/example";
    const char* text = "hello from atmqtt";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "--device") device = argv[i + 1];
        else if (opt == "--broker") broker = argv[i + 1];
        else if (opt == "--baud") baud = std::strtoul(argv[i + 1], nullptr, 10);
        else if (opt == "-i") id = argv[i + 1];
        else if (opt == "-t") topic = argv[i + 1];
        else if (opt == "-m") text = argv[i + 1];
    }
    const std::size_t colon = broker.rfind(':');
    if (device == nullptr || colon == std::string::npos) {
        std::fprintf(stderr, "usage: %s --device PATH --broker HOST:PORT [--baud N] [-i ID] [-t TOPIC] [-m MESSAGE]\n",
                     argv[0]);
        return 1;
    }
    const std::string host = broker.substr(0, colon);
    const int fd = open_serial(device, baud);
    if (fd < 0) return 1;

    // 1 KiB lines; the output buffer is the driver's own size; 2 s on top of the manual's timeouts for
    // the serial link.
    static client::at_client<Driver, 1024> modem(Driver{}, 2000);
    client::connect_options o;
    o.client_id = id;
    o.host = host;
    o.port = static_cast<std::uint16_t>(std::atoi(broker.c_str() + colon + 1));
    const mqtt::subscription subscriptions[] = {{topic, mqtt::qos::at_least_once}};

    const client::time_ms give_up = now_ms() + 30000;
    modem.poll(now_ms());
    int result = modem.connect(o) ? -1 : 1;
    bool received = false;
    while (result < 0 && !client::reached(now_ms(), give_up)) {
        for (atmqtt::bytes out = modem.output(); !out.empty(); out = modem.output()) {
            const ssize_t n = write(fd, out.data(), out.size());
            if (n > 0) modem.output_written(static_cast<std::size_t>(n));
        }
        pollfd p{fd, POLLIN, 0};
        char buffer[512];
        ssize_t n = 0;
        if (poll(&p, 1, 50) > 0) n = read(fd, buffer, sizeof buffer);
        if (n > 0) (void)modem.feed(atmqtt::bytes(buffer, static_cast<std::size_t>(n)));  // all read before
        modem.poll(now_ms());
        while (const client::event e = modem.next_event()) {
            atmqtt::errc request = atmqtt::errc::ok;  // of the request this event leads to
            switch (e.type) {
                case client::event_type::connected: request = modem.subscribe(subscriptions).error(); break;
                case client::event_type::subscribed:
                    request = modem.publish(topic, text, mqtt::qos::at_least_once).error();
                    break;
                case client::event_type::message:  // one chunk; a long message comes in several
                    std::fwrite(e.message.payload.data(), 1, e.message.payload.size(), stdout);
                    if (e.message.last_chunk()) {
                        std::printf("\n");
                        received = true;
                    }
                    break;
                case client::event_type::disconnected:
                    result = e.reason == client::disconnect_reason::requested ? 0 : 1;
                    std::fprintf(stderr, "disconnected: %s\n", client::to_string(e.reason));
                    break;
                case client::event_type::error:
                    std::fprintf(stderr, "error: %s\n", std::string(atmqtt::to_string(e.error)).c_str());
                    result = 1;
                    break;
                default: break;
            }
            if (request != atmqtt::errc::ok) {
                std::fprintf(stderr, "refused: %s\n", std::string(atmqtt::to_string(request)).c_str());
                result = 1;
            }
        }
        // the message came back (perhaps before the publish's acknowledgement): disconnect when idle
        if (received && modem.connected() && modem.ready() && !modem.disconnect()) result = 1;
    }
    close(fd);
    if (result < 0) std::fprintf(stderr, "timed out\n");
    return result == 0 ? 0 : 1;
}

}  // namespace example
