// Umbrella header: the MQTT 3.1 / 3.1.1 packet codec (packets, UTF-8 and topic rules, framing, encode,
// decode). Independent of the AT layer.
#pragma once

#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/encode.hpp>
#include <atmqtt/mqtt/framing.hpp>
#include <atmqtt/mqtt/list_view.hpp>
#include <atmqtt/mqtt/packet.hpp>
#include <atmqtt/mqtt/topic.hpp>
#include <atmqtt/mqtt/utf8.hpp>
