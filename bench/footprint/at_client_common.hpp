// The application of the AT client footprint programs: the same code for every driver (connect,
// subscribe, publish, receive, disconnect), the modem's bytes from footprint::received().
#pragma once

#include <atmqtt/client/at_client.hpp>

#include "common.hpp"

namespace footprint {

template <class Driver, unsigned Features = atmqtt::client::feature::all>
int run_at_client() {
    namespace client = atmqtt::client;
    namespace mqtt = atmqtt::mqtt;
    // On the stack: the programs must have no .bss of their own. This frame (1,000-1,216 B on Cortex-M4)
    // is the client object: the caller's buffers (a 128-byte line, 256 bytes of output: 384 B) and the
    // library's state (about 364 B; the USR engine's object is 936 B in all), then an event and the
    // subscription list. Firmware keeps the client in its task's storage; the library's own frames stay
    // under 512 B (the largest: the step writer and a driver's line reader, 240-336 B).
    client::at_client<Driver, 128, 256, Features> c;
    c.poll(static_cast<client::time_ms>(id()));
    client::connect_options o;
    o.client_id = received().substr(0, 2);
    o.host = received().substr(0, 4);
    if (!c.connect(o).ok()) return 1;
    for (int round = 0; round < 3; ++round) {
        (void)c.feed(received());
        c.poll(static_cast<client::time_ms>(id()));
        while (const client::event e = c.next_event()) {
            use(static_cast<int>(e.type));
            if (e.type == client::event_type::connected) {
                const mqtt::subscription subs[] = {{received().substr(0, 3), mqtt::qos::at_least_once}};
                use(c.subscribe(subs).error() == atmqtt::errc::ok);
            }
            if (e.type == client::event_type::subscribed) {
                for (auto code : e.granted) use(static_cast<int>(code));
                use(*c.publish(received().substr(0, 1), received(), static_cast<mqtt::qos>(id() % 2)));
            }
            if (e.type == client::event_type::message) use(static_cast<long>(e.message.payload.size()));
        }
        const auto out = c.output();
        use(static_cast<long>(out.size()));
        c.output_written(out.size());
        if (const auto d = c.next_deadline()) use(static_cast<long>(*d));
    }
    return c.disconnect().ok() ? 0 : 2;
}

}  // namespace footprint
