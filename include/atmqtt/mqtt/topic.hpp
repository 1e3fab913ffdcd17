// Topic names (PUBLISH, will topic) and topic filters (SUBSCRIBE, UNSUBSCRIBE): validation and matching
// (MQTT 3.1.1 section 4.7; MQTT 3.1 uses the same rules).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/utf8.hpp>

#include <cstddef>
#include <cstring>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

constexpr std::size_t max_string_size = 65535;  // a 16-bit length prefix

// Topic names and filters share one scan (one copy in flash): not empty, fits a length prefix, UTF-8
// without U+0000, then the wildcard rules of a name (none at all) or of a filter (whole levels, '#' last).
constexpr status validate_topic(bytes t, bool filter) noexcept {
    if (t.empty()) return status(errc::mqtt_empty_topic, 0);
    if (t.size() > max_string_size) return status(errc::mqtt_string_too_long, max_string_size);
    const status utf8 = validate_utf8(t);
    if (!utf8) return utf8;
    const std::size_t n = t.size();
    // A topic name has no wildcards at all: at run time two memchr scans prove that in bulk; the loop
    // below then only runs to report the offset of one that is there.
    if (!filter && !::atmqtt::detail::in_constant_evaluation() && std::memchr(t.data(), '+', n) == nullptr &&
        std::memchr(t.data(), '#', n) == nullptr)
        return {};
    for (std::size_t i = 0; i < n; ++i) {
        const char c = t[i];
        if (c != '+' && c != '#') continue;
        if (!filter) return status(errc::mqtt_wildcard_in_topic_name, i);
        const bool starts_level = i == 0 || t[i - 1] == '/';
        const bool ends_level = i + 1 == n || (c == '+' && t[i + 1] == '/');
        if (!starts_level || !ends_level) return status(errc::mqtt_invalid_topic_filter, i);
    }
    return {};
}

}  // namespace detail

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_wildcard_in_topic_name at the
// offset of the first '+' or '#'.
constexpr status validate_topic_name(bytes name) noexcept { return detail::validate_topic(name, false); }

// ok, or mqtt_empty_topic, mqtt_string_too_long, a UTF-8 error, or mqtt_invalid_topic_filter at the offset
// of a wildcard that does not fill its whole level or, for '#', is not the last character.
constexpr status validate_topic_filter(bytes filter) noexcept { return detail::validate_topic(filter, true); }

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
