// `atmqtt modem`: a virtual modem of one dialect (tools/modem/) on a pseudo-terminal, bridged to a real
// broker. The POSIX side only: the PTY, the TCP socket (tcp_link.hpp), signals and the poll loop.
#include "../modem/modems.hpp"
#include "command.hpp"
#include "tcp_link.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace atmqtt_tool {
namespace {

constexpr std::string_view modem_usage =
    "usage: atmqtt modem --dialect quectel|onemo|usr|risinghf --broker HOST:PORT --link PATH [--echo on|off]\n"
    "\n"
    "Acts as a modem of the dialect on a new pseudo-terminal, PATH being a symbolic link to it, until SIGINT\n"
    "or SIGTERM (the link is then removed). The modem answers AT commands as its manual says\n"
    "(docs/virtual-modem.md) and speaks MQTT to HOST:PORT: the TCP connection is made when the host sends\n"
    "the dialect's open / connect command (or, USR, at AT+S in MQTT mode); the server named in that command\n"
    "is ignored in favour of --broker. --echo: the echo at start (default on; ATE0 / ATE1 change it).\n"
    "A USR data-mode frame ends after 20 ms without input.\n";

volatile std::sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

bool write_all(int fd, const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 100);
            continue;
        }
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

int run_modem(const args& a) {
    std::string dialect, broker, link;
    bool echo = true;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string_view k = a[i];
        if (k == "-h" || k == "--help") {
            std::cout << modem_usage;
            return exit_ok;
        }
        if (i + 1 == a.size()) {
            std::cerr << "atmqtt modem: " << k << " wants a value\n" << modem_usage;
            return exit_usage;
        }
        const std::string v(a[++i]);
        if (k == "--dialect") dialect = v;
        else if (k == "--broker") broker = v;
        else if (k == "--link") link = v;
        else if (k == "--echo" && (v == "on" || v == "off")) echo = v == "on";
        else {
            std::cerr << "atmqtt modem: unknown option " << k << ' ' << v << '\n' << modem_usage;
            return exit_usage;
        }
    }
    std::unique_ptr<atmqtt_modem::engine> modem = atmqtt_modem::make_modem(dialect, echo);
    std::string host, port;
    if (modem == nullptr || link.empty() || !split_host_port(broker, host, port)) {
        std::cerr << "atmqtt modem: --dialect, --broker HOST:PORT and --link are required\n" << modem_usage;
        return exit_usage;
    }

    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        std::cerr << "atmqtt modem: cannot create a pseudo-terminal: " << std::strerror(errno) << '\n';
        return exit_usage;
    }
    const std::string slave_path = ::ptsname(master);
    // Holding the slave open keeps the master readable (no EIO) between the host's sessions.
    const int slave = ::open(slave_path.c_str(), O_RDWR | O_NOCTTY);
    termios raw{};
    if (slave < 0 || ::tcgetattr(slave, &raw) != 0) {
        std::cerr << "atmqtt modem: cannot open " << slave_path << ": " << std::strerror(errno) << '\n';
        return exit_usage;
    }
    ::cfmakeraw(&raw);
    ::tcsetattr(slave, TCSANOW, &raw);
    struct stat st{};
    if (::lstat(link.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) ::unlink(link.c_str());
    if (::symlink(slave_path.c_str(), link.c_str()) != 0) {
        std::cerr << "atmqtt modem: cannot link " << link << " to " << slave_path << ": " << std::strerror(errno) << '\n';
        return exit_usage;
    }
    struct sigaction sa{};
    sa.sa_handler = on_signal;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    std::cerr << "atmqtt modem: " << dialect << " on " << link << " -> " << slave_path << ", broker " << broker << '\n';

    tcp_link tcp;
    bool pending_idle = false;
    client::time_ms last_input = now_ms();
    while (stop_requested == 0) {
        while (modem->has_link_request()) {
            const atmqtt_modem::link_request r = modem->take_link_request();
            if (r.what == atmqtt_modem::link_request::kind::close) {
                tcp.close();
                continue;
            }
            std::string error;
            const bool up = tcp.open(broker, error);
            if (!up) std::cerr << "atmqtt modem: " << error << '\n';
            modem->link_opened(up);
        }
        const std::string up = modem->take_link_output();
        if (!up.empty() && tcp.is_open()) {
            if (::send(tcp.fd(), up.data(), up.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(up.size())) {
                tcp.close();
                modem->link_closed();
                continue;
            }
        }
        if (!write_all(master, modem->take_output())) break;
        if (modem->has_link_request() || modem->has_link_output()) continue;

        pollfd p[2] = {{master, POLLIN, 0}, {tcp.fd(), POLLIN, 0}};
        const int n = ::poll(p, tcp.is_open() ? 2 : 1, pending_idle ? 20 : 100);
        const client::time_ms now = now_ms();
        char buffer[4096];
        if (n > 0 && (p[0].revents & POLLIN) != 0) {
            const ssize_t got = ::read(master, buffer, sizeof buffer);
            if (got > 0) {
                modem->host_input(std::string_view(buffer, static_cast<std::size_t>(got)));
                pending_idle = true;
                last_input = now;
            }
        }
        if (n > 0 && tcp.is_open() && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t got = ::recv(tcp.fd(), buffer, sizeof buffer, 0);
            if (got > 0) {
                modem->link_input(std::string_view(buffer, static_cast<std::size_t>(got)));
            } else {
                tcp.close();
                modem->link_closed();
            }
        }
        if (pending_idle && now - last_input >= 20) {
            pending_idle = false;
            modem->idle();
        }
        modem->poll(now);
    }
    tcp.close();
    ::unlink(link.c_str());
    ::close(slave);
    ::close(master);
    return exit_ok;
}

const registration modem_registration{
    {"modem", "a virtual modem of one dialect on a pseudo-terminal, bridged to an MQTT broker", &run_modem}};

}  // namespace
}  // namespace atmqtt_tool
