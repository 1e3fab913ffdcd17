// UTF-8 validation for MQTT string fields (RFC 3629 plus MQTT's ban on U+0000, [MQTT-1.5.3-1/-2]).
// U+FEFF is an ordinary character here: it is accepted and never stripped [MQTT-1.5.3-3]. Control and
// non-characters, which MQTT only says "SHOULD NOT" appear, are accepted.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/string_scan.hpp>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
// ok, or the first problem with the offset of the first byte of the offending sequence:
// mqtt_utf8_null (a 0x00 byte), mqtt_utf8_surrogate (a well-formed encoding of U+D800..U+DFFF), or
// mqtt_invalid_utf8 (stray continuation byte, C0/C1/F5..FF, overlong form, code point > U+10FFFF, missing or
// truncated continuation bytes).
constexpr status validate_utf8(bytes s) noexcept { return detail::scan_string(s, detail::string_kind::text); }

}  // namespace mqtt
ATMQTT_END_NAMESPACE
