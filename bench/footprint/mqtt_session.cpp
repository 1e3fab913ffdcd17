// Footprint program: the MQTT session (client/session.hpp) with the codec it pulls in — connect, subscribe,
// publish QoS 0/1/2, receive (whole and chunked), keep-alive, resend after reconnect, disconnect.
// Issue 21's budget: session plus the client-subset codec <= 5 KiB of flash on Cortex-M4 -Os.
#include <atmqtt/client/session.hpp>

#include "common.hpp"

namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;

namespace {
client::stored_publish load(void*, std::uint16_t) {
    return {footprint::received().substr(0, 1), footprint::received()};
}
}  // namespace

int main() {
    char rx[128], tx[256];  // on the stack: the programs must have no .bss of their own
    client::session<4> s(rx, tx, {&load, nullptr});
    s.poll(static_cast<client::time_ms>(footprint::id()));
    client::connect_options o;
    o.client_id = footprint::received().substr(0, 2);
    o.clean_session = (footprint::id() & 2) != 0;
    if (!s.connect(o).ok()) return 1;
    for (int round = 0; round < 3; ++round) {
        (void)s.feed(footprint::received());
        s.poll(static_cast<client::time_ms>(footprint::id()));
        while (const client::event e = s.next_event()) {
            footprint::use(static_cast<int>(e.type));
            if (e.type == client::event_type::connected) {
                const mqtt::subscription subs[] = {{footprint::received().substr(0, 3), mqtt::qos::at_least_once}};
                footprint::use(s.subscribe(subs).error() == atmqtt::errc::ok);
                const auto q = static_cast<mqtt::qos>(footprint::id() % 3);
                footprint::use(*s.publish(footprint::received().substr(0, 1), footprint::received(), q));
            }
            if (e.type == client::event_type::message) footprint::use(static_cast<long>(e.message.payload.size()));
            if (e.type == client::event_type::subscribed) {
                for (auto code : e.granted) footprint::use(static_cast<int>(code));
                const atmqtt::bytes filters[] = {footprint::received().substr(0, 3)};
                footprint::use(*s.unsubscribe(filters));
            }
        }
        const auto out = s.output();
        footprint::use(static_cast<long>(out.size()));
        s.output_written(out.size());
        if (const auto d = s.next_deadline()) footprint::use(static_cast<long>(*d));
    }
    if (footprint::id() == 7) s.connection_lost();
    return s.disconnect().ok() ? 0 : 2;
}
