// MQTT through a Quectel modem on a POSIX serial port: the shared application (app.hpp) with the Quectel
// driver. Build: examples/posix/CMakeLists.txt or meson.build; run: see app.hpp.
#include <atmqtt/client/drivers/quectel.hpp>

#include "app.hpp"

int main(int argc, char** argv) { return example::run<atmqtt::client::drivers::quectel>(argc, argv); }
