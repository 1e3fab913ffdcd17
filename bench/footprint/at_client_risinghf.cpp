// Footprint program: the AT client with the RisingHF driver; see at_client_quectel.cpp.
#include <atmqtt/client/drivers/risinghf.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::risinghf, atmqtt::client::feature::basic>(); }
