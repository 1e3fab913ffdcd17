// Footprint program: the MQTT-over-AT client (client/at_client.hpp) with the Quectel driver — connect
// (configuration, open, connect), subscribe, publish, receive, disconnect — with the AT core and the
// Quectel tables it links. Issue 20's budget: <= 8 KiB of flash on Cortex-M4 -Os.
#include <atmqtt/client/drivers/quectel.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::quectel>(); }
