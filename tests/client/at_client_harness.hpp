// A scripted modem for the AT client tests: the test states the exact bytes the client writes and what
// the modem answers (from the manuals' examples, examples/logs), and the exact events, one line each
// (session_harness.hpp's describe). Every answer is fed whole, byte by byte, or split at one offset.
#pragma once

#include <atmqtt/client/at_client.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "session_harness.hpp"

namespace at_client_test {

using session_test::describe;
using lines = std::vector<std::string>;
namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;
using atmqtt::errc;

// How the modem's bytes reach the client: whole (0), in chunks of `chunk` bytes, or in two pieces cut at
// `split` (when split != npos).
struct feeding {
    std::size_t chunk = 0;
    std::size_t split = std::string::npos;
};

// The smallest connect options: client id "c", broker "h", port 1883, nothing else.
inline client::connect_options plain_options() {
    client::connect_options o;
    o.client_id = "c";
    o.host = "h";
    return o;
}

// 0: whole; n: chunks of n bytes (use with GENERATE(0, 1, 2, 3, 7)).
inline feeding feeding_of(int chunk) { return feeding{static_cast<std::size_t>(chunk)}; }

template <class Client>
struct harness {
    Client c;
    feeding how{};
    client::time_ms now = 1000;
    std::string out;

    explicit harness(Client client = Client{}, feeding f = {}) : c(client), how(f) { c.poll(now); }

    void drain_output() {
        const bytes o = c.output();
        out.append(o.data(), o.size());
        c.output_written(o.size());
    }
    // What the client wrote since the last call.
    std::string written() {
        drain_output();
        std::string w;
        w.swap(out);
        return w;
    }
    lines pull() {
        lines ev;
        while (client::event e = c.next_event()) ev.push_back(describe(e));
        drain_output();
        return ev;
    }
    // The modem sends `bytes`; the events the client gives for them.
    lines modem(const std::string& text) {
        lines ev;
        auto piece = [&](std::size_t at, std::size_t n) {
            REQUIRE(c.feed(bytes(text.data() + at, n)) == n);
            for (const std::string& s : pull()) ev.push_back(s);
        };
        if (how.split != std::string::npos) {
            const std::size_t cut = how.split < text.size() ? how.split : text.size();
            piece(0, cut);
            piece(cut, text.size() - cut);
        } else if (how.chunk == 0) {
            piece(0, text.size());
        } else {
            for (std::size_t at = 0; at < text.size(); at += how.chunk)
                piece(at, how.chunk < text.size() - at ? how.chunk : text.size() - at);
        }
        return ev;
    }
    lines advance(client::time_ms ms) {
        now += ms;
        c.poll(now);
        return pull();
    }
};

}  // namespace at_client_test
