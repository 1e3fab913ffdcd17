// A private mosquitto for one test: its own temp dir, config, free loopback port and log file. The guard
// starts it, waits until it accepts connections, and always stops and reaps it, also when a test fails.
// POSIX host code for the interop tests only; the library never sees any of this.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace interop {

using clock_type = std::chrono::steady_clock;

// $ATMQTT_MOSQUITTO when set (and then only it), else the Debian path, else the first mosquitto on $PATH;
// empty when there is none.
inline std::string find_mosquitto() {
    auto executable = [](const std::string& path) {
        return !path.empty() && ::access(path.c_str(), X_OK) == 0;
    };
    if (const char* env = std::getenv("ATMQTT_MOSQUITTO"); env != nullptr && *env != '\0') {
        return executable(env) ? env : std::string();
    }
    for (const char* path : {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"}) {
        if (executable(path)) return path;
    }
    if (const char* path_env = std::getenv("PATH"); path_env != nullptr) {
        std::stringstream dirs(path_env);
        std::string dir;
        for (int guard = 0; guard < 256 && std::getline(dirs, dir, ':'); ++guard) {
            if (!dir.empty() && executable(dir + "/mosquitto")) return dir + "/mosquitto";
        }
    }
    return {};
}

inline sockaddr_in loopback_address(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Bind 127.0.0.1:0, read back the port the kernel chose, release it for mosquitto. Another process could
// grab it in between; the broker start retries with a fresh port when that happens. 0 on failure.
inline std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in address = loopback_address(0);
    socklen_t length = sizeof address;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

// True when something accepts TCP connections on 127.0.0.1:port right now.
inline bool loopback_port_accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const sockaddr_in address = loopback_address(port);
    const bool accepted = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return accepted;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Owns a mkdtemp directory and the few flat files written into it.
class temp_dir {
public:
    temp_dir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/atmqtt-broker-XXXXXX";
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        if (::mkdtemp(name.data()) != nullptr) path_ = name.data();
    }
    ~temp_dir() {
        if (path_.empty()) return;
        for (const std::string& file : files_) ::unlink(file.c_str());
        ::rmdir(path_.c_str());
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    bool ok() const { return !path_.empty(); }
    // The full path of `name` inside the directory, remembered for removal.
    std::string file(const std::string& name) {
        files_.push_back(path_ + "/" + name);
        return files_.back();
    }

private:
    std::string path_;
    std::vector<std::string> files_;
};

// What a test may change in the broker's configuration.
struct broker_options {
    bool persistence = false;    // keep sessions and queued messages in a file in the temp dir
    int autosave_interval = 0;   // with persistence: seconds between saves (0: mosquitto's default)
};

// The running broker. Construct, check ok() (else error() says why), use port(); the destructor sends
// SIGTERM, waits up to 2 s, then SIGKILLs, and always reaps the child.
class mosquitto_process {
public:
    static constexpr auto start_timeout = std::chrono::seconds(5);

    mosquitto_process() { start(); }
    explicit mosquitto_process(const broker_options& options) : options_(options) { start(); }
    ~mosquitto_process() { stop(); }
    mosquitto_process(const mosquitto_process&) = delete;
    mosquitto_process& operator=(const mosquitto_process&) = delete;

    bool ok() const { return pid_ > 0 && error_.empty(); }
    const std::string& error() const { return error_; }
    std::uint16_t port() const { return port_; }
    // mosquitto's own log and its stderr, for failure messages.
    std::string log() const { return read_file(log_path_) + read_file(stderr_path_); }

    // SIGSTOP / SIGCONT: a broker that is alive but silent (a dead link, as far as a client can tell).
    void pause() const {
        if (pid_ > 0) ::kill(pid_, SIGSTOP);
    }
    void resume() const {
        if (pid_ > 0) ::kill(pid_, SIGCONT);
    }
    // SIGKILL: gone at once, saving nothing (with persistence, what the last autosave wrote survives).
    void kill_now() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    // Starts the broker again on the same port with the same configuration and persistence file.
    bool restart() {
        stop();
        const std::string executable = find_mosquitto();
        error_.clear();
        return spawn(executable) && wait_until_accepting();
    }

private:
    void start() {
        const std::string executable = find_mosquitto();
        if (executable.empty()) {
            error_ = "mosquitto not found: apt-get install mosquitto";
            return;
        }
        if (!dir_.ok()) {
            error_ = std::string("mkdtemp failed: ") + std::strerror(errno);
            return;
        }
        config_path_ = dir_.file("mosquitto.conf");
        if (options_.persistence) persistence_path_ = dir_.file("mosquitto.db");
        log_path_ = dir_.file("mosquitto.log");
        stderr_path_ = dir_.file("stderr.txt");
        // A port taken by someone else between probe and bind makes mosquitto exit: try a fresh one.
        for (int attempt = 0; attempt < 3; ++attempt) {
            port_ = free_loopback_port();
            if (port_ == 0) {
                error_ = std::string("no free loopback port: ") + std::strerror(errno);
                return;
            }
            if (!write_config()) {
                error_ = "cannot write " + config_path_;
                return;
            }
            error_.clear();
            if (!spawn(executable)) return;
            if (wait_until_accepting()) return;
            const bool exited_early = pid_ <= 0;  // e.g. the port was taken meanwhile; a hang is not retried
            stop();
            if (!exited_early) return;
        }
    }

    bool write_config() const {
        // As root mosquitto would switch to the "mosquitto" user, which cannot write the log into our
        // private temp dir; naming the current user keeps it as is (ignored when not root).
        const passwd* user = ::getpwuid(::geteuid());
        std::ofstream conf(config_path_, std::ios::trunc);
        if (user != nullptr) conf << "user " << user->pw_name << "\n";
        conf << "listener " << port_ << " 127.0.0.1\n"
             << "allow_anonymous true\n"
             << (options_.persistence ? "persistence true\n" : "persistence false\n")
             // Without it, Nagle's algorithm meets delayed ACKs and some answers wait 40-200 ms.
             << "set_tcp_nodelay true\n"
             << "log_dest file " << log_path_ << "\n"
             << "log_type all\n";
        if (options_.persistence) {
            const std::string dir = persistence_path_.substr(0, persistence_path_.rfind('/') + 1);
            conf << "persistence_location " << dir << "\n"
                 << "persistence_file mosquitto.db\n";
            if (options_.autosave_interval > 0) conf << "autosave_interval " << options_.autosave_interval << "\n";
        }
        // No size setting: message_size_limit defaults to 0 and max_packet_size to none, so only MQTT's own
        // limit applies to the 1 MB round trip (and message_size_limit would log a deprecation note).
        return static_cast<bool>(conf.flush());
    }

    bool spawn(const std::string& executable) {
        // Everything the child needs is prepared before fork: after it only async-signal-safe calls.
        std::vector<char> exe(executable.begin(), executable.end());
        exe.push_back('\0');
        std::vector<char> flag{'-', 'c', '\0'};
        std::vector<char> conf(config_path_.begin(), config_path_.end());
        conf.push_back('\0');
        char* const argv[] = {exe.data(), flag.data(), conf.data(), nullptr};
        const int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (err < 0) {
            error_ = "cannot create " + stderr_path_;
            return false;
        }
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        if (pid == 0) {
#if defined(__linux__)
            // Should the test program die without running destructors (abort, signal), take the broker along.
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(127);
#else
            (void)parent;
#endif
            ::dup2(err, STDOUT_FILENO);
            ::dup2(err, STDERR_FILENO);
            ::execv(exe.data(), argv);
            ::_exit(127);
        }
        ::close(err);
        if (pid < 0) {
            error_ = std::string("fork failed: ") + std::strerror(errno);
            return false;
        }
        pid_ = pid;
        return true;
    }

    bool wait_until_accepting() {
        const auto deadline = clock_type::now() + start_timeout;
        while (clock_type::now() < deadline) {
            int wstatus = 0;
            if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
                pid_ = -1;
                error_ = "mosquitto " +
                         (WIFEXITED(wstatus) ? "exited with status " + std::to_string(WEXITSTATUS(wstatus))
                                             : "died of signal " + std::to_string(WTERMSIG(wstatus))) +
                         " during start-up:\n" + log();
                return false;
            }
            if (loopback_port_accepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        error_ = "mosquitto did not accept connections on 127.0.0.1:" + std::to_string(port_) +
                 " within 5 s:\n" + log();
        return false;
    }

    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        const auto deadline = clock_type::now() + std::chrono::seconds(2);
        bool reaped = false;
        while (!reaped && clock_type::now() < deadline) {
            const pid_t done = ::waitpid(pid_, nullptr, WNOHANG);
            reaped = done == pid_ || (done < 0 && errno != EINTR);
            if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (!reaped) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);  // SIGKILL cannot be ignored: this returns
        }
        pid_ = -1;
    }

    broker_options options_;
    temp_dir dir_;
    std::string config_path_, log_path_, stderr_path_, persistence_path_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
    std::string error_;
};

}  // namespace interop
