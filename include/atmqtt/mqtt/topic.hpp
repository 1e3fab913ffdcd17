// Topic names (PUBLISH, will topic) and topic filters (SUBSCRIBE, UNSUBSCRIBE): validation and matching
// (MQTT 3.1.1 section 4.7; MQTT 3.1 uses the same rules).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/string_scan.hpp>

#include <cstddef>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

constexpr std::size_t max_string_size = 65535;  // a 16-bit length prefix

// Topic names and filters share one scan: not empty, fits a length prefix, then UTF-8 without U+0000
// and the wildcard rules of a name (none at all) or of a filter (whole levels, '#' last) in one pass.
constexpr status validate_topic(bytes t, string_kind kind) noexcept {
    if (t.empty()) return status(errc::mqtt_empty_topic, 0);
    if (t.size() > max_string_size) return status(errc::mqtt_string_too_long, max_string_size);
    return scan_string(t, kind);
}
// The same with pointer and size, for the small program (-Os): there the check is one out-of-line copy,
// and g++ passes a string_view argument through the stack at every call. With the fast paths the callers
// take the string_view form, which the compiler inlines with its constant kind.
constexpr status validate_topic(const char* t, std::size_t n, string_kind kind) noexcept {
    return validate_topic(bytes(t, n), kind);
}

}  // namespace detail

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_wildcard_in_topic_name at the
// offset of the first '+' or '#'.
constexpr status validate_topic_name(bytes name) noexcept {
    return ATMQTT_MQTT_FAST_PATHS ? detail::validate_topic(name, detail::string_kind::topic_name)
                                  : detail::validate_topic(name.data(), name.size(), detail::string_kind::topic_name);
}

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_invalid_topic_filter at the offset
// of a wildcard that does not fill its whole level or, for '#', is not the last character.
constexpr status validate_topic_filter(bytes filter) noexcept {
    return ATMQTT_MQTT_FAST_PATHS ? detail::validate_topic(filter, detail::string_kind::topic_filter)
                                  : detail::validate_topic(filter.data(), filter.size(), detail::string_kind::topic_filter);
}

// Whether a valid topic filter matches a valid topic name. '#' also matches the parent level ("a/#"
// matches "a"); a filter starting with a wildcard does not match a name starting with '$' [MQTT-4.7.2-1].
// Octets are compared as they are: no normalisation [MQTT-4.7.3-4]. Iterative, O(filter + name).
constexpr bool matches(bytes filter, bytes name) noexcept {
    if (!name.empty() && name[0] == '$' && !filter.empty() && (filter[0] == '+' || filter[0] == '#')) return false;
    std::size_t f = 0, n = 0;
    while (f < filter.size()) {
        const char c = filter[f];
        if (c == '#') return true;
        if (c == '+') {
            while (n < name.size() && name[n] != '/') ++n;  // one whole level, possibly empty
            ++f;
            continue;
        }
        if (n == name.size()) return f + 2 == filter.size() && c == '/' && filter[f + 1] == '#';  // parent of "/#"
        if (name[n] != c) return false;
        ++f;
        ++n;
    }
    return n == name.size();
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
