// supervisor<Engine>: optional reconnection for either engine (the raw session or the AT client). After a
// disconnect it waits a back-off delay (doubling from base_ms up to max_ms, plus a share of the caller's
// jitter value so a fleet does not reconnect in step), calls connect() again, and after `connected`
// re-subscribes the caller-owned table, skipped when the broker kept the session (session_present).
// It owns nothing: the engine, the options and the table are the caller's and must outlive it.
//
//     client::supervisor<modem> sup(c, options, subscriptions);
//     ... while (client::event e = c.next_event()) { handle(e); sup.on_event(e, now, random32()); }
//     sup.poll(now);                     // reconnects when due; goes on with the table after a busy engine
//     wake at the earlier of c.next_deadline() and sup.next_deadline()
//
// A requested disconnect (disconnect()) is not undone. When the modem failed the connection itself
// (modem_error, command_timeout) and the engine has a recovery ladder (at_client::recover()), the next
// attempt climbs it (disconnect, close, reopen); when it ends in module_reset_needed the supervisor stops
// (reset_needed()): the caller resets the modem and calls connect() again. Re-subscription goes one request at a time (the
// AT client runs one command at a time; the filters per request are the engine's limit), so the
// application waits for resubscribed() before its own requests.
#pragma once

#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/packet.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

ATMQTT_BEGIN_NAMESPACE
namespace client {

struct backoff_policy {
    time_ms base_ms = 1000;
    time_ms max_ms = 60000;
    std::uint8_t max_attempts = 0;  // 0: forever
};

// The delay before attempt `attempt` (0 first): base x 2^attempt, capped, plus jitter % (delay / 2 + 1).
constexpr time_ms backoff_delay(const backoff_policy& p, std::uint8_t attempt, std::uint32_t jitter) noexcept {
    time_ms d = p.base_ms;
    for (std::uint8_t i = 0; i < attempt && d < p.max_ms; ++i) d = d > p.max_ms / 2 ? p.max_ms : d * 2;
    if (d > p.max_ms) d = p.max_ms;
    return d + jitter % (d / 2 + 1);
}

namespace detail {
// Filters one subscribe request may carry: the AT client's capability, or any number (the session).
template <class E>
constexpr auto filters_per_request(int) noexcept -> decltype(static_cast<std::size_t>(E::caps().max_filters)) {
    return E::caps().max_filters;
}
template <class E>
constexpr std::size_t filters_per_request(long) noexcept {
    return ~std::size_t{0};
}
// Whether the engine has a recovery ladder (recover(options)).
template <class E>
constexpr auto has_recover(int) noexcept -> decltype(std::declval<E&>().recover(connect_options{}), true) {
    return true;
}
template <class E>
constexpr bool has_recover(long) noexcept {
    return false;
}
}  // namespace detail

template <class Engine>
class supervisor {
public:
    constexpr supervisor(Engine& engine, const connect_options& options, span<const mqtt::subscription> table = {},
                         backoff_policy policy = {}) noexcept
        : engine_(engine), options_(options), table_(table), policy_(policy) {}

    // Every event of the engine, after the application handled it (a request the supervisor makes ends
    // the views of the event).
    constexpr void on_event(const event& e, time_ms now, std::uint32_t jitter) noexcept {
        switch (e.type) {
            case event_type::connected:
                attempt_ = 0;
                reset_needed_ = false;
                waiting_ = false;
                connecting_again_ = false;
                next_ = e.session_present ? table_.size() : 0;
                subscribe_next();
                break;
            case event_type::subscribed:
                if (subscribing_) subscribe_next();
                break;
            case event_type::error:  // a refused subscription: go on with the rest of the table
                if (subscribing_ && e.kind == request_kind::subscribe) subscribe_next();
                break;
            case event_type::disconnected:
                subscribing_ = false;
                next_ = table_.size();
                if (e.reason == disconnect_reason::requested && !connecting_again_) {
                    waiting_ = false;  // the application ended it
                    break;
                }
                connecting_again_ = false;
                recover_ = e.reason == disconnect_reason::modem_error || e.reason == disconnect_reason::command_timeout;
                if (e.reason == disconnect_reason::module_reset_needed) {
                    waiting_ = false;
                    reset_needed_ = true;
                    break;
                }
                if (policy_.max_attempts != 0 && attempt_ >= policy_.max_attempts) {
                    waiting_ = false;
                    gave_up_ = true;
                    break;
                }
                due_ = now + backoff_delay(policy_, attempt_, jitter);
                if (attempt_ != 0xFF) ++attempt_;
                waiting_ = true;
                break;
            default:
                break;
        }
    }

    // Reconnects when the delay has passed (a refused connect() is retried at the next poll), and goes
    // on with the table when the engine was busy at the last try.
    constexpr void poll(time_ms now) noexcept {
        if (subscribing_ && retry_) subscribe_next();
        if (!waiting_ || !reached(now, due_)) return;
        if (reconnect()) {
            waiting_ = false;
            connecting_again_ = true;
        }
    }

    constexpr std::optional<time_ms> next_deadline() const noexcept {
        if (!waiting_) return std::nullopt;
        return due_;
    }
    // The table is subscribed again (or the session kept it): the application's requests may go.
    constexpr bool resubscribed() const noexcept { return !subscribing_; }
    constexpr bool gave_up() const noexcept { return gave_up_; }
    // The recovery ladder's last rung failed: reset the modem, then connect() (the supervisor resumes
    // with the next `connected`).
    constexpr bool reset_needed() const noexcept { return reset_needed_; }
    constexpr std::uint8_t attempts() const noexcept { return attempt_; }

private:
    // connect(), or the recovery ladder after the modem failed the last connection.
    constexpr status reconnect() noexcept {
        if constexpr (detail::has_recover<Engine>(0)) {
            if (recover_) return engine_.recover(options_);
        }
        return engine_.connect(options_);
    }

    constexpr void subscribe_next() noexcept {
        subscribing_ = next_ < table_.size();
        if (!subscribing_) return;
        const std::size_t limit = detail::filters_per_request<Engine>(0);
        std::size_t n = table_.size() - next_;
        if (n > limit) n = limit;
        const auto r = engine_.subscribe(span<const mqtt::subscription>(table_.data() + next_, n));
        retry_ = !r && r.error() == errc::client_busy;  // a request of its own runs (a cache read): later
        if (retry_) return;
        if (!r) {
            subscribing_ = false;  // refused (not connected any more): the next connected starts over
            return;
        }
        next_ += n;
    }

    Engine& engine_;
    const connect_options& options_;
    span<const mqtt::subscription> table_;
    backoff_policy policy_;
    time_ms due_ = 0;
    std::size_t next_ = 0;
    std::uint8_t attempt_ = 0;
    bool waiting_ = false;
    bool subscribing_ = false;
    bool connecting_again_ = false;
    bool gave_up_ = false;
    bool recover_ = false;  // the next attempt climbs the recovery ladder
    bool reset_needed_ = false;
    bool retry_ = false;  // the engine was busy: subscribe_next() again at the next poll
};

}  // namespace client
ATMQTT_END_NAMESPACE
