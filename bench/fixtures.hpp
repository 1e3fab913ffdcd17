// The packets the benchmarks and the instruction counter share, so their figures describe the same work.
#pragma once

#include <atmqtt/mqtt.hpp>

namespace bench_fixtures {

inline constexpr char topic32[] = "sensors/building-7/floor3/temp01";  // 32 bytes
static_assert(sizeof topic32 == 33, "32-byte topic");

// A CONNECT with every optional part: will (QoS 1, retained), user name and password.
inline atmqtt::mqtt::connect full_connect() {
    atmqtt::mqtt::connect c;
    c.keep_alive = 60;
    c.client_id = "atmqtt-bench-client-0001";
    c.will_flag = true;
    c.will.topic = "clients/atmqtt-bench/status";
    c.will.payload = "offline";
    c.will.qos = atmqtt::mqtt::qos::at_least_once;
    c.will.retain = true;
    c.username_flag = true;
    c.username = "bench-user";
    c.password_flag = true;
    c.password = "s3cr3t-passw0rd";
    return c;
}

}  // namespace bench_fixtures
