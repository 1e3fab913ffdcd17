// MQTT through a RisingHF modem on a POSIX serial port: the shared application (app.hpp) with the RisingHF
// driver. Build: examples/posix/CMakeLists.txt or meson.build; run: see app.hpp.
#include <atmqtt/client/drivers/risinghf.hpp>

#include "app.hpp"

int main(int argc, char** argv) { return example::run<atmqtt::client::drivers::risinghf>(argc, argv); }
