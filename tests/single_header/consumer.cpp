// A firmware tree that copied only single_include/atmqtt/atmqtt.hpp: it compiles alone (no include/ on the
// path) with -Wall -Wextra -Werror -fno-exceptions -fno-rtti, for the host and for Cortex-M4.
#include "atmqtt/atmqtt.hpp"

static_assert(atmqtt::to_string(atmqtt::errc::incomplete) == "incomplete", "constexpr errc names");

namespace {

// Every layer is there: an MQTT packet written and read back, an AT command written from a dialect's table.
int check() {
    char out[16] = {};
    const auto n = atmqtt::mqtt::encode(atmqtt::mqtt::pingreq{}, atmqtt::mutable_bytes(out, sizeof out));
    if (!n.ok() || *n != 2) return 1;
    const auto p = atmqtt::mqtt::decode(atmqtt::bytes(out, *n));
    if (!p.ok()) return 2;
    const atmqtt::at::command* open = atmqtt::at::find_command(atmqtt::quectel::grammar, "QMTOPEN");
    return open != nullptr ? 0 : 3;
}

}  // namespace

int main() { return check(); }
