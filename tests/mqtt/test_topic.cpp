// Topic names, topic filters and matching (MQTT 3.1.1 section 4.7).
#include <atmqtt/mqtt/topic.hpp>

#include <string>

#include "../catch.hpp"
#include "vectors.hpp"

using atmqtt::bytes;
using atmqtt::errc;
using namespace atmqtt::mqtt;

TEST_CASE("topic names") {
    struct row {
        bytes name;
        errc expected;
        std::size_t offset;
    };
    const std::string max(65535, 'n'), over(65536, 'n');
    const row rows[] = {
        {"a", errc::ok, 0},
        {"/", errc::ok, 0},
        {"a//b/", errc::ok, 0},
        {" ", errc::ok, 0},
        {"$SYS/broker", errc::ok, 0},
        {"\xef\xbb\xbf", errc::ok, 0},
        {max, errc::ok, 0},
        {"", errc::mqtt_empty_topic, 0},
        {over, errc::mqtt_string_too_long, 65535},
        {"a/+", errc::mqtt_wildcard_in_topic_name, 2},
        {"#", errc::mqtt_wildcard_in_topic_name, 0},
        {"a/b#", errc::mqtt_wildcard_in_topic_name, 3},
        {bytes("a\0", 2), errc::mqtt_utf8_null, 1},
        {"a\xed\xa0\x80", errc::mqtt_utf8_surrogate, 1},
        {"\xc0\xaf", errc::mqtt_invalid_utf8, 0},
    };
    for (const row& r : rows) {
        INFO(std::string(r.name.substr(0, 40)));
        const auto s = validate_topic_name(r.name);
        CHECK(s.error() == r.expected);
        CHECK(s.offset() == r.offset);
        // The pointer-and-size form, which validate_topic_name calls when compiled for size (-Os).
        const auto small = detail::validate_topic(r.name.data(), r.name.size(), detail::string_kind::topic_name);
        CHECK(small.error() == r.expected);
        CHECK(small.offset() == r.offset);
    }
}

TEST_CASE("topic filters") {
    struct row {
        bytes filter;
        errc expected;
        std::size_t offset;
    };
    const std::string over(65536, '+');
    const row rows[] = {
        {"#", errc::ok, 0},
        {"+", errc::ok, 0},
        {"a/#", errc::ok, 0},
        {"+/+", errc::ok, 0},
        {"/+", errc::ok, 0},
        {"+/tennis/#", errc::ok, 0},
        {"sport/+/player1", errc::ok, 0},
        {"//", errc::ok, 0},
        {"$SYS/#", errc::ok, 0},
        {"", errc::mqtt_empty_topic, 0},
        {over, errc::mqtt_string_too_long, 65535},
        {"a#", errc::mqtt_invalid_topic_filter, 1},
        {"#/", errc::mqtt_invalid_topic_filter, 0},
        {"a/#/b", errc::mqtt_invalid_topic_filter, 2},
        {"sport/tennis#", errc::mqtt_invalid_topic_filter, 12},
        {"##", errc::mqtt_invalid_topic_filter, 0},
        {"a+", errc::mqtt_invalid_topic_filter, 1},
        {"+a", errc::mqtt_invalid_topic_filter, 0},
        {"sport+", errc::mqtt_invalid_topic_filter, 5},
        {"a/++", errc::mqtt_invalid_topic_filter, 2},
        {"+#", errc::mqtt_invalid_topic_filter, 0},
        {bytes("+/\0", 3), errc::mqtt_utf8_null, 2},
        {"\xed\xbf\xbf/#", errc::mqtt_utf8_surrogate, 0},
    };
    for (const row& r : rows) {
        INFO(std::string(r.filter.substr(0, 40)));
        const auto s = validate_topic_filter(r.filter);
        CHECK(s.error() == r.expected);
        CHECK(s.offset() == r.offset);
        // The pointer-and-size form, which validate_topic_filter calls when compiled for size (-Os).
        const auto small = detail::validate_topic(r.filter.data(), r.filter.size(), detail::string_kind::topic_filter);
        CHECK(small.error() == r.expected);
        CHECK(small.offset() == r.offset);
    }
}

TEST_CASE("matching") {
    struct row {
        bytes filter, name;
        bool expected;
    };
    const row rows[] = {
        // MQTT 3.1.1 section 4.7.1.2 examples
        {"sport/tennis/player1/#", "sport/tennis/player1", true},
        {"sport/tennis/player1/#", "sport/tennis/player1/ranking", true},
        {"sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true},
        {"sport/#", "sport", true},
        {"#", "sport/tennis", true},
        {"#", "/", true},
        // section 4.7.1.3
        {"sport/tennis/+", "sport/tennis/player1", true},
        {"sport/tennis/+", "sport/tennis/player2", true},
        {"sport/tennis/+", "sport/tennis/player1/ranking", false},
        {"sport/+", "sport", false},
        {"sport/+", "sport/", true},
        {"+/+", "/finance", true},
        {"/+", "/finance", true},
        {"+", "/finance", false},
        {"+", "a", true},
        {"+/#", "a", true},
        {"+/#", "a/b/c", true},
        {"a/+/c", "a//c", true},
        {"a/+/c", "a/b/d", false},
        // section 4.7.2: wildcards at the first level do not match '$' topics
        {"#", "$SYS/monitor/Clients", false},
        {"+/monitor/Clients", "$SYS/monitor/Clients", false},
        {"$SYS/#", "$SYS/monitor/Clients", true},
        {"$SYS/monitor/+", "$SYS/monitor/Clients", true},
        {"a/#", "$a", false},
        {"$a/+", "$a/b", true},
        // plain comparisons, case and octets as they are [MQTT-4.7.3-4]
        {"ACCOUNTS", "Accounts", false},
        {"a/b", "a/b", true},
        {"a/b", "a/b/", false},
        {"a/b/", "a/b", false},
        {"a", "ab", false},
        {"ab", "a", false},
        {"a/#", "ab", false},
        {"a/#", "a/", true},
        {"a/b/#", "a", false},
        {"\xc3\xa9/+", "\xc3\xa9/x", true},
        {"e\xcc\x81", "\xc3\xa9", false},  // no Unicode normalisation
    };
    for (const row& r : rows) {
        INFO(std::string(r.filter) << " vs " << std::string(r.name));
        CHECK(matches(r.filter, r.name) == r.expected);
    }
}

TEST_CASE("matching is linear: a long name against many '+' levels") {
    std::string filter, name;
    for (int i = 0; i < 5000; ++i) {
        filter += i ? "/+" : "+";
        name += i ? "/x" : "x";
    }
    CHECK(matches(filter, name));
    CHECK_FALSE(matches(filter, name + "/y"));
    CHECK(matches(filter + "/#", name));
}
