// The client vocabulary shared by both engines: names of every reason and event type (a value outside the
// enum, e.g. from corrupted memory, names itself "unknown"), deadline comparison across the clock wrap, and
// the last-chunk rule of a message view.
#include <atmqtt/client/events.hpp>

#include "../catch.hpp"
#include "../run_time.hpp"


namespace client = atmqtt::client;

TEST_CASE("client: every disconnect reason has its name") {
    using r = client::disconnect_reason;
    const struct {
        r reason;
        const char* name;
    } cases[] = {{r::requested, "requested"},       {r::refused, "refused"},
                 {r::connect_timeout, "connect_timeout"}, {r::ping_timeout, "ping_timeout"},
                 {r::protocol_violation, "protocol_violation"}, {r::link_lost, "link_lost"},
                 {r::modem_error, "modem_error"},       {r::link_closed, "link_closed"},
                 {r::module_reset_needed, "module_reset_needed"}, {r::command_timeout, "command_timeout"},
                 {static_cast<r>(200), "unknown"}};
    for (const auto& c : cases) CHECK(client::to_string(at_run_time(c.reason)) == c.name);
    STATIC_REQUIRE(client::to_string(r::link_lost) == "link_lost");
}

TEST_CASE("client: every event type has its name") {
    using t = client::event_type;
    const struct {
        t type;
        const char* name;
    } cases[] = {{t::none, "none"},           {t::connected, "connected"},
                 {t::subscribed, "subscribed"}, {t::unsubscribed, "unsubscribed"},
                 {t::published, "published"},   {t::message, "message"},
                 {t::message_skipped, "message_skipped"}, {t::lost, "lost"},
                 {t::disconnected, "disconnected"}, {t::error, "error"},
                 {t::publish_received, "publish_received"},
                 {static_cast<t>(200), "unknown"}};
    for (const auto& c : cases) CHECK(client::to_string(at_run_time(c.type)) == c.name);
    STATIC_REQUIRE(client::to_string(t::message) == "message");
}

TEST_CASE("client: a deadline is reached at or after it, also across the 32-bit wrap") {
    CHECK(client::reached(at_run_time(client::time_ms{100}), 100));
    CHECK(client::reached(at_run_time(client::time_ms{101}), 100));
    CHECK_FALSE(client::reached(at_run_time(client::time_ms{99}), 100));
    CHECK(client::reached(at_run_time(client::time_ms{5}), 0xfffffff0u));        // the clock wrapped past it
    CHECK_FALSE(client::reached(at_run_time(client::time_ms{0xfffffff0u}), 5));  // it lies past the wrap
    STATIC_REQUIRE(client::reached(0, 0xffffffffu));
}

TEST_CASE("client: a message view's last chunk ends at the total") {
    client::message_view m;
    m.payload = atmqtt::bytes("abcd", 4);
    m.total = 10;
    m.offset = at_run_time(std::uint32_t{6});
    CHECK(m.last_chunk());
    m.offset = at_run_time(std::uint32_t{2});
    CHECK_FALSE(m.last_chunk());
    client::event none;
    CHECK_FALSE(static_cast<bool>(at_run_time(none)));
}
