// The POSIX side of the MQTT-over-AT client on a host: a serial device (a USB modem's tty, or the
// pseudo-terminal of `atmqtt modem`) opened raw with termios, and the loop that moves bytes and time
// between it and the sans-I/O client (client/at_client.hpp). Host code: the library never sees a port.
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/core/span.hpp>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "tcp_link.hpp"

namespace atmqtt_tool {

// The termios speed of a baud rate; B0 for one it does not know.
inline speed_t baud_constant(unsigned long baud) {
    switch (baud) {
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        case 230400: return B230400;
        case 460800: return B460800;
        case 921600: return B921600;
        default: return B0;
    }
}

// An open serial device in raw mode (8N1, no flow control, no echo, no line editing), closed by the destructor.
class serial_link {
public:
    serial_link() = default;
    ~serial_link() { close(); }
    serial_link(const serial_link&) = delete;
    serial_link& operator=(const serial_link&) = delete;

    bool open(const std::string& path, unsigned long baud, std::string& error) {
        close();
        const speed_t speed = baud_constant(baud);
        if (speed == B0) {
            error = "unsupported --baud " + std::to_string(baud);
            return false;
        }
        fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd_ < 0) {
            error = "cannot open " + path + ": " + std::strerror(errno);
            return false;
        }
        termios t{};
        if (::tcgetattr(fd_, &t) != 0) {
            error = path + " is not a terminal: " + std::strerror(errno);
            close();
            return false;
        }
        ::cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        ::cfsetispeed(&t, speed);
        ::cfsetospeed(&t, speed);
        if (::tcsetattr(fd_, TCSANOW, &t) != 0) {
            error = "cannot set " + path + " raw: " + std::strerror(errno);
            close();
            return false;
        }
        ::tcflush(fd_, TCIOFLUSH);
        return true;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    // One round: writes the client's output, waits for the modem until the client's deadline or `until`,
    // feeds what came (events handed to on_event as they are pulled), then poll(now). False when the
    // device fails (unplugged, the PTY's other side gone).
    template <class Client, class OnEvent>
    bool pump(Client& c, client::time_ms until, OnEvent&& on_event) {
        if (fd_ < 0 || !flush(c)) return false;
        client::time_ms wake = until;
        if (const auto d = c.next_deadline(); d && !client::reached(*d, until)) wake = *d;
        const client::time_ms now = now_ms();
        const int wait = client::reached(now, wake) ? 0 : static_cast<int>(wake - now);
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, wait);
        if (ready > 0 && (p.revents & (POLLERR | POLLNVAL)) != 0) return false;
        if (ready > 0 && (p.revents & (POLLIN | POLLHUP)) != 0) {
            char buffer[4096];
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
            if (n == 0 && (p.revents & POLLHUP) != 0) return false;
            // feed() takes the whole chunk once the events of the last one are drained
            for (atmqtt::bytes in(buffer, n > 0 ? static_cast<std::size_t>(n) : 0); !in.empty();) {
                in = in.substr(c.feed(in));
                while (const client::event e = c.next_event()) on_event(e);
            }
        }
        c.poll(now_ms());
        while (const client::event e = c.next_event()) on_event(e);
        return flush(c);
    }

    template <class Client>
    bool flush(Client& c) {
        while (!c.output().empty()) {
            const atmqtt::bytes out = c.output();
            const ssize_t n = ::write(fd_, out.data(), out.size());
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                pollfd p{fd_, POLLOUT, 0};
                (void)::poll(&p, 1, 100);
                continue;
            }
            if (n <= 0) return false;
            c.output_written(static_cast<std::size_t>(n));
        }
        return true;
    }

private:
    int fd_ = -1;
};

}  // namespace atmqtt_tool
