// MQTT through a USR ASR1606 module on a POSIX serial port: the shared application (app.hpp) with the USR
// driver (the module's own MQTT after configuration and a restart; frames in distribution mode).
// Build: examples/posix/CMakeLists.txt or meson.build; run: see app.hpp.
#include <atmqtt/client/drivers/usr.hpp>

#include "app.hpp"

int main(int argc, char** argv) { return example::run<atmqtt::client::drivers::usr>(argc, argv); }
