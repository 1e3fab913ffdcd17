// Footprint program: the AT client with the OneMO (ML307R) driver; see at_client_quectel.cpp.
#include <atmqtt/client/drivers/onemo.hpp>

#include "at_client_common.hpp"

int main() { return footprint::run_at_client<atmqtt::client::drivers::onemo, atmqtt::client::feature::basic>(); }
