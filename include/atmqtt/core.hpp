// The vocabulary every layer shares.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/fixed_buffer.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
