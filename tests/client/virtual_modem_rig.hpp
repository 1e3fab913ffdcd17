// A client wired to a virtual modem (tools/modem/) and its scripted broker, for the client tests and the
// usage tests: each round writes the client's output to the modem (a pause after it: the modem's
// idle()), feeds the modem's output to the client whole or one byte at a time (as a UART interrupt hands
// it over), and advances both clocks by 10 ms.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "../modem/modem_harness.hpp"
#include "at_client_harness.hpp"

namespace at_client_test {

template <class Client, class Modem>
struct virtual_modem_rig {
    Client c;
    modem_test::harness<Modem> m{true};
    client::time_ms now = 1000;
    lines events;
    bool bytewise = false;

    explicit virtual_modem_rig(Client client = Client{}, bool one_byte_at_a_time = false)
        : c(client), bytewise(one_byte_at_a_time) {
        c.poll(now);
    }

    void pull() {
        while (client::event e = c.next_event()) events.push_back(describe(e));
    }
    // The modem's bytes reach the client (events collected).
    void feed(const std::string& in) {
        const std::size_t step = bytewise ? 1 : in.size();
        for (std::size_t i = 0; i < in.size(); i += step) {
            REQUIRE(c.feed(bytes(in.data() + i, step)) == step);
            pull();
        }
    }
    void round() {
        const bytes out = c.output();
        if (!out.empty()) {
            m.modem.host_input(std::string_view(out.data(), out.size()));
            c.output_written(out.size());
        }
        m.modem.idle();
        m.settle();
        feed(m.modem.take_output());
        now += 10;
        c.poll(now);
        m.modem.poll(now);
        pull();
    }
    // Rounds until `n` events came (at most 1000 rounds); the events.
    lines until(std::size_t n) {
        for (int i = 0; i < 1000 && events.size() < n; ++i) round();
        return std::exchange(events, {});
    }
};

}  // namespace at_client_test
