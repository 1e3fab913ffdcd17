// A small blocking MQTT client for the broker interop tests. It owns a TCP socket and nothing else: every
// packet it sends is encoded by atmqtt, every packet it receives is framed by check_frame and decoded by
// atmqtt. All waits are bounded (poll with a deadline), so a broker that stays silent fails a test instead
// of hanging it. Failures are reported through Catch2 with the tail of the broker's log.
#pragma once

#include <atmqtt/mqtt.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <string>

#include "../catch.hpp"
#include "broker_process.hpp"

namespace interop {

namespace mqtt = atmqtt::mqtt;
using namespace std::chrono_literals;

// The last `lines` lines of `text`.
inline std::string tail(const std::string& text, int lines) {
    std::size_t pos = text.size();
    for (int i = 0; i <= lines && pos > 0; ++i) {
        pos = text.rfind('\n', pos - 1);
        if (pos == std::string::npos) return text;
    }
    return text.substr(pos + 1);
}

// `packet` encoded by atmqtt at `level`: encoded_size, then encode into a buffer of exactly that size.
template <class Packet>
std::string encode_packet(const Packet& packet, mqtt::protocol_level level = mqtt::protocol_level::v3_1_1) {
    const atmqtt::result<std::size_t> size = mqtt::encoded_size(packet, level);
    INFO("encoded_size: " << atmqtt::to_string(size.error()) << " at offset " << size.offset());
    REQUIRE(size.ok());
    std::string wire(*size, '\0');
    const atmqtt::result<std::size_t> written =
        mqtt::encode(packet, atmqtt::mutable_bytes(&wire[0], wire.size()), level);
    INFO("encode: " << atmqtt::to_string(written.error()) << " at offset " << written.offset());
    REQUIRE(written.ok());
    REQUIRE(*written == *size);
    return wire;
}

class client {
public:
    static constexpr std::chrono::milliseconds default_timeout = 3000ms;

    // Connects the TCP socket only; the MQTT CONNECT is the test's business. `level` is what decode uses.
    explicit client(const mosquitto_process& broker,
                    mqtt::protocol_level level = mqtt::protocol_level::v3_1_1)
        : broker_(broker), level_(level) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        const sockaddr_in address = loopback_address(broker.port());
        INFO("connect to 127.0.0.1:" << broker.port() << ": " << std::strerror(errno));
        REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        // Small packets go out at once; sends give up after a while instead of blocking forever.
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval send_timeout{5, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
    }
    ~client() { drop(); }
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    mqtt::protocol_level level() const { return level_; }

    template <class Packet>
    void send(const Packet& packet) {
        send_bytes(encode_packet(packet, level_));
    }

    void send_bytes(atmqtt::bytes wire) {
        REQUIRE(fd_ >= 0);
        std::size_t sent = 0;
        const auto deadline = clock_type::now() + 10s;
        while (sent < wire.size() && clock_type::now() < deadline) {
            const ssize_t n = ::send(fd_, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
            } else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                INFO("send: " << std::strerror(errno) << "\nbroker log:\n" << tail(broker_.log(), 30));
                REQUIRE(n >= 0);
            }
        }
        REQUIRE(sent == wire.size());
    }

    // CONNECT and expect CONNACK accepted without a session.
    void open_session(atmqtt::bytes client_id, std::uint16_t keep_alive = 60) {
        mqtt::connect request;
        request.level = level_;
        request.client_id = client_id;
        request.keep_alive = keep_alive;
        send(request);
        const mqtt::connack ack = receive_as<mqtt::connack>();
        REQUIRE(ack.return_code == mqtt::connect_return_code::accepted);
        REQUIRE(!ack.session_present);
    }

    // The next packet; fails the test on timeout, end of stream or anything atmqtt cannot decode. The
    // packet's views stay valid as long as this client lives.
    mqtt::packet receive(std::chrono::milliseconds timeout = default_timeout) {
        const arrival next = wait_for_packet(timeout);
        if (next.what != outcome::packet) {
            FAIL("expected a packet from the broker, got " << next.detail << "\nbroker log:\n"
                                                           << tail(broker_.log(), 30));
        }
        return next.packet;
    }

    // The next packet, which must be a T.
    template <class T>
    T receive_as(std::chrono::milliseconds timeout = default_timeout) {
        const mqtt::packet packet = receive(timeout);
        const T* typed = packet.get_if<T>();
        if (typed == nullptr) {
            FAIL("expected packet type " << static_cast<int>(T::type) << ", got "
                                         << static_cast<int>(packet.type()) << "\nbroker log:\n"
                                         << tail(broker_.log(), 30));
            return T{};
        }
        return *typed;
    }

    // True when no byte arrives within `quiet` (and the connection stays open).
    bool stays_silent(std::chrono::milliseconds quiet) {
        const arrival next = wait_for_packet(quiet);
        INFO("expected silence, got " << next.detail);
        return next.what == outcome::timeout && inbox_.empty();
    }

    // True when the broker closes the connection within `timeout` without sending anything more.
    bool closed_by_broker(std::chrono::milliseconds timeout = default_timeout) {
        const arrival next = wait_for_packet(timeout);
        INFO("expected the broker to close the connection, got " << next.detail);
        return next.what == outcome::closed && inbox_.empty();
    }

    // Close the socket without DISCONNECT: to the broker this is a lost connection.
    void drop() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    enum class outcome { packet, timeout, closed, malformed, socket_error };
    struct arrival {
        outcome what = outcome::timeout;
        mqtt::packet packet;
        std::string detail;
    };

    arrival wait_for_packet(std::chrono::milliseconds timeout) {
        arrival next;
        const auto deadline = clock_type::now() + timeout;
        // Each pass either returns, or appends received bytes, or waits at most until the deadline.
        for (;;) {
            if (!inbox_.empty()) {
                const mqtt::frame_status frame = mqtt::check_frame(inbox_);
                if (frame.state == mqtt::frame_state::malformed) {
                    next.what = outcome::malformed;
                    next.detail = "bytes check_frame calls malformed (" +
                                  std::string(atmqtt::to_string(frame.error)) + " at offset " +
                                  std::to_string(frame.offset) + "): " + hex_head(inbox_);
                    return next;
                }
                if (frame.state == mqtt::frame_state::complete) return take_frame(frame.size);
            }
            if (fd_ < 0 || peer_closed_) {
                next.what = outcome::closed;
                next.detail = "end of stream" +
                              (inbox_.empty() ? std::string() : " inside a packet: " + hex_head(inbox_));
                return next;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
            if (left.count() <= 0) {
                next.detail = "nothing within " + std::to_string(timeout.count()) + " ms" +
                              (inbox_.empty() ? std::string() : ", a partial packet: " + hex_head(inbox_));
                return next;
            }
            pollfd readable{fd_, POLLIN, 0};
            const int ready = ::poll(&readable, 1, static_cast<int>(left.count()) + 1);
            if (ready <= 0) continue;  // timeout or EINTR: the deadline check above decides
            char chunk[65536];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n > 0) {
                inbox_.append(chunk, static_cast<std::size_t>(n));
            } else if (n == 0 || errno == ECONNRESET) {
                peer_closed_ = true;
            } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                next.what = outcome::socket_error;
                next.detail = std::string("recv: ") + std::strerror(errno);
                return next;
            }
        }
    }

    arrival take_frame(std::size_t size) {
        arrival next;
        frames_.push_back(inbox_.substr(0, size));
        inbox_.erase(0, size);
        const atmqtt::bytes frame = frames_.back();
        const atmqtt::result<mqtt::packet> decoded = mqtt::decode(frame, level_);
        if (!decoded.ok()) {
            next.what = outcome::malformed;
            next.detail = std::string("a frame decode rejects (") +
                          std::string(atmqtt::to_string(decoded.error())) + " at offset " +
                          std::to_string(decoded.offset()) + "): " + hex_head(frame);
            return next;
        }
        if (decoded.offset() != size) {
            next.what = outcome::malformed;
            next.detail = "decode consumed " + std::to_string(decoded.offset()) + " bytes of a " +
                          std::to_string(size) + "-byte frame: " + hex_head(frame);
            return next;
        }
        next.what = outcome::packet;
        next.packet = *decoded;
        next.detail = "packet type " + std::to_string(static_cast<int>(next.packet.type()));
        return next;
    }

    static std::string hex_head(atmqtt::bytes b) {
        static const char digits[] = "0123456789abcdef";
        std::string out;
        for (std::size_t i = 0; i < b.size() && i < 32; ++i) {
            out += digits[atmqtt::octet(b, i) >> 4];
            out += digits[atmqtt::octet(b, i) & 15];
            out += ' ';
        }
        if (b.size() > 32) out += "... (" + std::to_string(b.size()) + " bytes)";
        return out;
    }

    const mosquitto_process& broker_;
    mqtt::protocol_level level_;
    int fd_ = -1;
    bool peer_closed_ = false;
    std::string inbox_;               // received, not yet framed
    std::deque<std::string> frames_;  // every received frame, kept so decoded views stay valid
};

}  // namespace interop
