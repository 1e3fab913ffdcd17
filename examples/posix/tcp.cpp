// MQTT over a plain TCP socket to the broker: the shared application (app.hpp) with the raw session
// (client::session) instead of a modem's MQTT stack. Build: examples/posix/CMakeLists.txt or meson.build.
//
//   atmqtt_example_tcp --broker 127.0.0.1:1883 [-i CLIENT_ID] [-t TOPIC] [-m MESSAGE]
#include <atmqtt/client/session.hpp>

#include "app.hpp"

#include <netdb.h>
#include <signal.h>
#include <sys/socket.h>

namespace {

// A TCP connection to host:port, -1 when there is none.
int open_tcp(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
        std::fprintf(stderr, "%s: cannot resolve\n", host.c_str());
        return -1;
    }
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) std::fprintf(stderr, "%s:%u: %s\n", host.c_str(), port, std::strerror(errno));
    return fd;
}

}  // namespace

int main(int argc, char** argv) {
    example::options opt;
    if (!example::parse(argc, argv, false, opt)) return 1;
    signal(SIGPIPE, SIG_IGN);  // a closed socket: write() fails with EPIPE instead
    const int fd = open_tcp(opt.host, opt.port);
    if (fd < 0) return 1;
    // 1 KiB receive buffer (a longer message comes in chunks), 1 KiB output, a window of 4 requests
    static char rx[1024], tx[1024];
    static atmqtt::client::session<4> mqtt(rx, tx, {});
    const int status = example::app(mqtt, fd, opt);
    close(fd);
    return status;
}
