// The application of the POSIX examples, the same for every engine: connect, subscribe to a topic, publish
// one message to it at QoS 1, print the message when it comes back, disconnect. app() is that application
// over any engine (client::at_client<Driver> through a modem's MQTT stack, client::session over a byte
// link) and a file descriptor; only the transport setup and the engine type differ between the programs:
// quectel.cpp, onemo.cpp, risinghf.cpp and usr.cpp open a serial device raw (termios) for at_client (run()
// below), tcp.cpp connects a TCP socket to the broker for client::session.
//
//   atmqtt_example_quectel --device /dev/ttyUSB2 --broker test.mosquitto.org:1883 [--baud 115200]
//                          [-i CLIENT_ID] [-t TOPIC] [-m MESSAGE]
//   atmqtt_example_tcp --broker 127.0.0.1:1883 [-i CLIENT_ID] [-t TOPIC] [-m MESSAGE]
//
// Exit status 0 when the message came back and the engine disconnected, 1 otherwise (30 s at most).
#pragma once

#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/events.hpp>

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

// The command line: --device and --baud for the serial programs, the rest for all.
struct options {
    const char* device = nullptr;
    std::string host;
    std::uint16_t port = 0;
    unsigned long baud = 115200;
    const char* id = "atmqtt-example";
    const char* topic = "atmqtt/example";
    const char* text = "hello from atmqtt";
};

// False (with the usage printed) without --broker HOST:PORT, or without --device when `serial`.
inline bool parse(int argc, char** argv, bool serial, options& o) {
    std::string broker;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "--device") o.device = argv[i + 1];
        else if (opt == "--broker") broker = argv[i + 1];
        else if (opt == "--baud") o.baud = std::strtoul(argv[i + 1], nullptr, 10);
        else if (opt == "-i") o.id = argv[i + 1];
        else if (opt == "-t") o.topic = argv[i + 1];
        else if (opt == "-m") o.text = argv[i + 1];
    }
    const std::size_t colon = broker.rfind(':');
    if ((serial && o.device == nullptr) || colon == std::string::npos) {
        std::fprintf(stderr, "usage: %s %s--broker HOST:PORT %s[-i ID] [-t TOPIC] [-m MESSAGE]\n", argv[0],
                     serial ? "--device PATH " : "", serial ? "[--baud N] " : "");
        return false;
    }
    o.host = broker.substr(0, colon);
    o.port = static_cast<std::uint16_t>(std::atoi(broker.c_str() + colon + 1));
    return true;
}

// Writes all of the engine's output to fd. False when the link is gone.
template <class Engine>
bool write_output(Engine& c, int fd) {
    for (atmqtt::bytes out = c.output(); !out.empty(); out = c.output()) {
        const ssize_t n = write(fd, out.data(), out.size());
        if (n > 0) c.output_written(static_cast<std::size_t>(n));
        else if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
    }
    return true;
}

// The application, the same for every engine (at_client<Driver> or session) over the link fd.
template <class Engine>
int app(Engine& c, int fd, const options& opt) {
    client::connect_options o;
    o.client_id = opt.id;
    o.host = opt.host;
    o.port = opt.port;
    const mqtt::subscription subscriptions[] = {{opt.topic, mqtt::qos::at_least_once}};

    const client::time_ms give_up = now_ms() + 30000;
    c.poll(now_ms());
    int result = c.connect(o) ? -1 : 1;
    bool received = false;
    auto handle = [&](const client::event& e) {
        atmqtt::errc request = atmqtt::errc::ok;  // of the request this event leads to
        switch (e.type) {
            case client::event_type::connected: request = c.subscribe(subscriptions).error(); break;
            case client::event_type::subscribed:
                request = c.publish(opt.topic, opt.text, mqtt::qos::at_least_once).error();
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
                std::fprintf(stderr, "disconnected: %s\n", std::string(client::to_string(e.reason)).c_str());
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
    };
    while (result < 0 && !client::reached(now_ms(), give_up)) {
        bool link_up = write_output(c, fd);
        pollfd p{fd, POLLIN, 0};
        char buffer[512];
        ssize_t n = 0;
        if (link_up && poll(&p, 1, 50) > 0) {
            n = read(fd, buffer, sizeof buffer);
            link_up = n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
        }
        // feed() takes what it can (at_client: the whole chunk once the last one's events are drained;
        // session: what its receive buffer has room for, more once events and output made room)
        for (atmqtt::bytes in(buffer, n > 0 ? static_cast<std::size_t>(n) : 0); !in.empty() && link_up;) {
            in = in.substr(c.feed(in));
            while (const client::event e = c.next_event()) handle(e);
            link_up = write_output(c, fd);
        }
        c.poll(now_ms());
        while (const client::event e = c.next_event()) handle(e);
        if (!link_up && result < 0) {
            std::fprintf(stderr, "link lost\n");
            result = 1;
        }
        // the message came back (perhaps before the publish's acknowledgement): disconnect when idle
        if (received && c.connected() && c.ready() && !c.disconnect()) result = 1;
    }
    if (result < 0) std::fprintf(stderr, "timed out\n");
    return result == 0 ? 0 : 1;
}

// The modem programs: at_client<Driver> on a serial device.
template <class Driver>
int run(int argc, char** argv) {
    options opt;
    if (!parse(argc, argv, true, opt)) return 1;
    const int fd = open_serial(opt.device, opt.baud);
    if (fd < 0) return 1;
    // 1 KiB lines; the output buffer is the driver's own size; 2 s on top of the manual's timeouts for
    // the serial link.
    static client::at_client<Driver, 1024> modem(Driver{}, 2000);
    const int status = app(modem, fd, opt);
    close(fd);
    return status;
}

}  // namespace example
