// Footprint program: the AT client with the USR driver (escape, configuration, data-mode frames); see
// at_client_quectel.cpp.
#include <atmqtt/client/drivers/usr.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::usr>(); }
