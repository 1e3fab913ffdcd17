// Footprint program: at_client_quectel.cpp with every optional part of the engine (client::feature::all:
// the recovery ladder, reads of the modem's message cache, long messages in chunks), as an application
// that does not name its Features gets it.
#include <atmqtt/client/drivers/quectel.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::quectel, atmqtt::client::feature::all>(); }
