// MQTT through a OneMO modem on a POSIX serial port: the shared application (app.hpp) with the OneMO
// driver. Build: examples/posix/CMakeLists.txt or meson.build; run: see app.hpp.
#include <atmqtt/client/drivers/onemo.hpp>

#include "app.hpp"

int main(int argc, char** argv) { return example::run<atmqtt::client::drivers::onemo>(argc, argv); }
