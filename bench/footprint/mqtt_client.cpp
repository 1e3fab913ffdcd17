// Footprint program 2: the client subset of the MQTT codec, as a client links it (issue 19) — encode
// CONNECT, PUBLISH, PUBACK, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT; frame the input (check_frame) and
// decode CONNACK, PUBLISH, PUBACK, SUBACK, UNSUBACK, PINGRESP with the decoder restricted to those types.
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
    const bool flags = (footprint::rx_size() & 2u) != 0;  // every optional field, decided at run time
    c.will_flag = c.username_flag = c.password_flag = flags;
    c.will.topic = c.username = c.password = footprint::received();
    send(c);
    mqtt::publish p;
    p.topic = footprint::received().substr(0, 1);
    p.payload = footprint::received();
    p.qos = static_cast<mqtt::qos>(footprint::rx_size() & 3u);
    p.packet_id = footprint::id();
    send(p);
    send(mqtt::puback{footprint::id()});
    const mqtt::subscription subs[] = {{footprint::received().substr(0, 3), mqtt::qos::at_least_once}};
    send(mqtt::subscribe{footprint::id(), subs});
    const atmqtt::bytes filters[] = {footprint::received().substr(0, 3)};
    send(mqtt::unsubscribe{footprint::id(), filters});
    send(mqtt::pingreq{});
    send(mqtt::disconnect{});

    auto frame = mqtt::check_frame(footprint::received());
    if (frame.state != mqtt::frame_state::complete) return 1;
    auto packet = mqtt::decode<mqtt::connack, mqtt::publish, mqtt::puback, mqtt::suback, mqtt::unsuback,
                               mqtt::pingresp>(footprint::received());
    if (!packet) return 2;
    if (auto* a = packet->get_if<mqtt::connack>()) footprint::use(static_cast<int>(a->return_code));
    if (auto* m = packet->get_if<mqtt::publish>()) footprint::use(static_cast<int>(m->payload.size()));
    if (auto* a = packet->get_if<mqtt::puback>()) footprint::use(a->packet_id);
    if (auto* s = packet->get_if<mqtt::suback>()) {
        for (auto code : s->return_codes) footprint::use(static_cast<int>(code));
    }
    if (auto* a = packet->get_if<mqtt::unsuback>()) footprint::use(a->packet_id);
    if (packet->get_if<mqtt::pingresp>() != nullptr) footprint::use(13);
    return 0;
}
