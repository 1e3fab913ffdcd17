// Footprint program 1: the full MQTT codec — encode and decode of all 14 packet types, both levels.
#include <atmqtt/mqtt.hpp>

#include "common.hpp"

namespace mqtt = atmqtt::mqtt;

namespace {
template <class Packet>
void send(const Packet& p, mqtt::protocol_level level) {
    char tx[256];  // on the stack: the programs must have no .bss of their own
    auto n = mqtt::encode(p, tx, level);
    footprint::use(n ? static_cast<int>(*n) : -1);
}
}  // namespace

int main() {
    const auto level = footprint::rx_size() > 100 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
    mqtt::connect c;
    c.client_id = footprint::received().substr(0, 2);
    c.level = level;
    const bool flags = (footprint::rx_size() & 2u) != 0;  // all optional fields, at run time
    c.will_flag = c.username_flag = c.password_flag = flags;
    c.will.topic = c.username = c.password = footprint::received();
    send(c, level);
    send(mqtt::connack{}, level);
    mqtt::publish p;
    p.topic = footprint::received().substr(0, 1);
    p.payload = footprint::received();
    p.qos = static_cast<mqtt::qos>(footprint::rx_size() & 3u);
    p.packet_id = footprint::id();
    send(p, level);
    send(mqtt::puback{footprint::id()}, level);
    send(mqtt::pubrec{footprint::id()}, level);
    send(mqtt::pubrel{footprint::id()}, level);
    send(mqtt::pubcomp{footprint::id()}, level);
    const mqtt::subscription subs[] = {{footprint::received().substr(0, 3), mqtt::qos::at_least_once}};
    send(mqtt::subscribe{footprint::id(), subs}, level);
    const mqtt::suback_return_code codes[] = {mqtt::suback_return_code::granted_qos1};
    send(mqtt::suback{footprint::id(), codes}, level);
    const atmqtt::bytes filters[] = {footprint::received().substr(0, 3)};
    send(mqtt::unsubscribe{footprint::id(), filters}, level);
    send(mqtt::unsuback{footprint::id()}, level);
    send(mqtt::pingreq{}, level);
    send(mqtt::pingresp{}, level);
    send(mqtt::disconnect{}, level);

    auto frame = mqtt::check_frame(footprint::received());
    auto packet = mqtt::decode(footprint::received(), level);
    footprint::use(static_cast<int>(frame.size) + (packet ? static_cast<int>(packet->type()) : 0));
    return 0;
}
