// Umbrella header: the whole library — the MQTT codec, the AT layer, every vendor dialect and the client.
// Firmware that needs one part includes just that part (<atmqtt/mqtt.hpp>, <atmqtt/dialect/quectel.hpp>).
#pragma once

#include <atmqtt/at.hpp>
#include <atmqtt/client.hpp>
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>
#include <atmqtt/client/drivers/usr.hpp>
#include <atmqtt/core.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>
#include <atmqtt/mqtt.hpp>
