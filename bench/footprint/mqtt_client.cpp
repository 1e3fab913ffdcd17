// Footprint program 2: a minimal MQTT client — encode CONNECT, PUBLISH QoS 0/1, SUBSCRIBE, PINGREQ;
// decode CONNACK, PUBLISH, PUBACK, SUBACK.
#include <atmqtt/mqtt.hpp>

#include "common.hpp"

namespace mqtt = atmqtt::mqtt;

namespace {
template <class Packet>
void send(const Packet& p) {
    char tx[256];  // on the stack: the programs must have no .bss of their own
    auto n = mqtt::encode(p, tx);
    footprint::use(n ? static_cast<int>(*n) : -1);
}
}  // namespace

int main() {
    mqtt::connect c;
    c.client_id = footprint::received().substr(0, 2);
    c.keep_alive = 60;
    send(c);
    mqtt::publish p;
    p.topic = footprint::received().substr(0, 1);
    p.payload = footprint::received();
    send(p);
    p.qos = mqtt::qos::at_least_once;
    p.packet_id = footprint::id();
    send(p);
    const mqtt::subscription subs[] = {{footprint::received().substr(0, 3), mqtt::qos::at_least_once}};
    send(mqtt::subscribe{footprint::id(), subs});
    send(mqtt::pingreq{});

    auto frame = mqtt::check_frame(footprint::received());
    if (frame.state != mqtt::frame_state::complete) return 1;
    auto packet = mqtt::decode(footprint::received());
    if (!packet) return 2;
    if (auto* a = packet->get_if<mqtt::connack>()) footprint::use(static_cast<int>(a->return_code));
    if (auto* m = packet->get_if<mqtt::publish>()) footprint::use(static_cast<int>(m->payload.size()));
    if (auto* a = packet->get_if<mqtt::puback>()) footprint::use(a->packet_id);
    if (auto* s = packet->get_if<mqtt::suback>()) {
        for (auto code : s->return_codes) footprint::use(static_cast<int>(code));
    }
    return 0;
}
