// Footprint program: the MQTT-over-AT client (client/at_client.hpp) with the Quectel driver — connect
// (configuration, open, connect), subscribe, publish, receive, disconnect — with the AT core and the
// Quectel tables it links. Issue 20's budget: <= 8 KiB of flash on Cortex-M4 -Os. The engine without
// its optional parts (client::feature::basic: no recovery ladder, cache reads or long messages, which
// the issue does not ask for); at_client_quectel_full.cpp has them all.
#include <atmqtt/client/drivers/quectel.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::quectel, atmqtt::client::feature::basic>(); }
