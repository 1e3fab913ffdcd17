// The POSIX side of a client engine on a host: a TCP socket, a monotonic clock and the loop that moves
// bytes and time between them and the sans-I/O session (client/session.hpp). Used by `atmqtt pub`/`sub`
// and by the tests against mosquitto. Host code: the library itself never sees a socket.
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/core/span.hpp>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

namespace atmqtt_tool {

namespace client = atmqtt::client;

// Milliseconds of the host's monotonic clock, as the session wants them (wrapping 32 bits).
inline client::time_ms now_ms() {
    const auto t = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<client::time_ms>(std::chrono::duration_cast<std::chrono::milliseconds>(t).count());
}

// Splits "HOST:PORT" (an IPv6 host in brackets: "[::1]:1883"). False when there is no port.
inline bool split_host_port(const std::string& text, std::string& host, std::string& port) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size()) return false;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return !host.empty();
}

// A connected TCP socket, closed by the destructor.
class tcp_link {
public:
    tcp_link() = default;
    ~tcp_link() { close(); }
    tcp_link(const tcp_link&) = delete;
    tcp_link& operator=(const tcp_link&) = delete;

    // Connects to HOST:PORT; on failure returns false with a message in `error`.
    bool open(const std::string& host_port, std::string& error) {
        close();
        std::string host, port;
        if (!split_host_port(host_port, host, port)) {
            error = "--broker wants HOST:PORT, got '" + host_port + "'";
            return false;
        }
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
            error = "cannot resolve " + host_port + ": " + ::gai_strerror(rc);
            return false;
        }
        for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
            fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
            if (fd_ >= 0 && ::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
                error = "cannot connect to " + host_port + ": " + std::strerror(errno);
                close();
            }
        }
        ::freeaddrinfo(found);
        if (fd_ < 0) return false;
        const int one = 1;  // small packets (acks, pings) go out at once
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return true;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    bool is_open() const { return fd_ >= 0; }

    // One round of the loop: writes the session's output, waits for input until the session's next
    // deadline or `until` (whichever is first), feeds what came, runs poll(now) and hands every event to
    // on_event. When the link fails, tells the session (connection_lost) and closes; returns false.
    template <class Session, class OnEvent>
    bool pump(Session& s, client::time_ms until, OnEvent&& on_event) {
        if (fd_ < 0) return false;
        if (!flush(s)) return lost(s, on_event);
        client::time_ms wake = until;
        if (const auto d = s.next_deadline(); d && !client::reached(*d, until)) wake = *d;
        const client::time_ms now = now_ms();
        const int wait = client::reached(now, wake) ? 0 : static_cast<int>(wake - now);
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, wait) > 0) {
            char buffer[4096];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) return lost(s, on_event);
            atmqtt::bytes in(buffer, static_cast<std::size_t>(n));
            while (!in.empty()) {
                const std::size_t taken = s.feed(in);
                in = in.substr(taken);
                pull(s, on_event);
                if (taken == 0) {  // the session waits for output room
                    if (!flush(s)) return lost(s, on_event);
                    if (s.feed(in) == 0) break;  // cannot happen with a drained output; never spin
                }
            }
        }
        s.poll(now_ms());
        pull(s, on_event);
        return flush(s) || lost(s, on_event);
    }

    // Writes all pending output of the session (blocking); false when the link fails.
    template <class Session>
    bool flush(Session& s) {
        while (!s.output().empty()) {
            const atmqtt::bytes out = s.output();
            const ssize_t n = ::send(fd_, out.data(), out.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            s.output_written(static_cast<std::size_t>(n));
        }
        return true;
    }

private:
    template <class Session, class OnEvent>
    static void pull(Session& s, OnEvent& on_event) {
        while (const client::event e = s.next_event()) on_event(e);
    }
    template <class Session, class OnEvent>
    bool lost(Session& s, OnEvent& on_event) {
        close();
        s.connection_lost();
        pull(s, on_event);
        return false;
    }

    int fd_ = -1;
};

}  // namespace atmqtt_tool
