// Umbrella header: the whole library.
#pragma once

#include <atmqtt/core.hpp>
#include <atmqtt/mqtt.hpp>
