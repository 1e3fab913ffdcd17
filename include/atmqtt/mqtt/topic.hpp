// Topic names (PUBLISH, will topic) and topic filters (SUBSCRIBE, UNSUBSCRIBE): validation and matching
// (MQTT 3.1.1 section 4.7; MQTT 3.1 uses the same rules).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/utf8.hpp>

#include <cstddef>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

constexpr std::size_t max_string_size = 65535;  // a 16-bit length prefix

// The checks a topic name and a topic filter share: not empty, fits a length prefix, UTF-8 without U+0000.
constexpr status validate_topic_common(bytes t) noexcept {
    if (t.empty()) return status(errc::mqtt_empty_topic, 0);
    if (t.size() > max_string_size) return status(errc::mqtt_string_too_long, max_string_size);
    return validate_utf8(t);
}

}  // namespace detail

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_wildcard_in_topic_name at the
// offset of the first '+' or '#'.
constexpr status validate_topic_name(bytes name) noexcept {
    status s = detail::validate_topic_common(name);
    if (!s) return s;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '+' || name[i] == '#') return status(errc::mqtt_wildcard_in_topic_name, i);
    }
    return {};
}

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_invalid_topic_filter at the offset
// of a wildcard that does not fill its whole level or, for '#', is not the last character.
constexpr status validate_topic_filter(bytes filter) noexcept {
    status s = detail::validate_topic_common(filter);
    if (!s) return s;
    const std::size_t n = filter.size();
    for (std::size_t i = 0; i < n; ++i) {
        const char c = filter[i];
        if (c != '+' && c != '#') continue;
        const bool starts_level = i == 0 || filter[i - 1] == '/';
        const bool ends_level = i + 1 == n || (c == '+' && filter[i + 1] == '/');
        if (!starts_level || !ends_level) return status(errc::mqtt_invalid_topic_filter, i);
    }
    return {};
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
        if (n == name.size()) return filter.substr(f) == "/#";  // the name ends where "/#" begins
        if (name[n] != c) return false;
        ++f;
        ++n;
    }
    return n == name.size();
}

}  // namespace mqtt
ATMQTT_END_NAMESPACE
