// Footprint program 1: the full MQTT codec — encode and decode of all 14 packet types, both levels.
#include <atmqtt/mqtt.hpp>

#include "common.hpp"

namespace mqtt = atmqtt::mqtt;

namespace {
char tx[256];

template <class Packet>
void send(const Packet& p, mqtt::protocol_level level) {
    auto n = mqtt::encode(p, tx, level);
    footprint::sink = n ? static_cast<int>(*n) : -1;
}
}  // namespace

int main() {
    const auto level = footprint::rx_size > 100 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
    mqtt::connect c;
    c.client_id = "fp";
    c.level = level;
    send(c, level);
    send(mqtt::connack{}, level);
    mqtt::publish p;
    p.topic = "t";
    send(p, level);
    send(mqtt::puback{1}, level);
    send(mqtt::pubrec{1}, level);
    send(mqtt::pubrel{1}, level);
    send(mqtt::pubcomp{1}, level);
    const mqtt::subscription subs[] = {{"a/#", mqtt::qos::at_least_once}};
    send(mqtt::subscribe{1, subs}, level);
    const mqtt::suback_return_code codes[] = {mqtt::suback_return_code::granted_qos1};
    send(mqtt::suback{1, codes}, level);
    const atmqtt::bytes filters[] = {"a/#"};
    send(mqtt::unsubscribe{1, filters}, level);
    send(mqtt::unsuback{1}, level);
    send(mqtt::pingreq{}, level);
    send(mqtt::pingresp{}, level);
    send(mqtt::disconnect{}, level);

    auto frame = mqtt::check_frame(footprint::received());
    auto packet = mqtt::decode(footprint::received(), level);
    footprint::sink = static_cast<int>(frame.size) + (packet ? static_cast<int>(packet->type()) : 0);
    return 0;
}
