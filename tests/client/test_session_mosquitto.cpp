// The MQTT session against Debian's mosquitto on 127.0.0.1 (started and stopped by each test): QoS 0/1/2
// both ways, keep-alive on an idle link and on a dead one (broker paused with SIGSTOP), a persistent session
// receiving what was queued while it was away, and resending unacknowledged QoS 1 and 2 publishes after the
// broker was killed and restarted with persistence on. Each test takes a few seconds at most.
#include <atmqtt/client/session.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "../../tools/atmqtt/tcp_link.hpp"
#include "../catch.hpp"
#include "../interop/broker_process.hpp"
#include "session_harness.hpp"

namespace {

using session_test::describe;
using session_test::lines;
using Q = atmqtt::mqtt::qos;
namespace client = atmqtt::client;

// One session on a TCP link to the broker, with its buffers, store and the events seen so far.
struct peer {
    char rx[512]{};
    char tx[2048]{};
    session_test::payload_store store;
    client::session<8> s{rx, tx, store.hook()};
    atmqtt_tool::tcp_link link;
    lines seen;
    std::uint16_t port = 0;

    explicit peer(std::uint16_t broker_port) : port(broker_port) {}

    void open() {
        std::string error;
        INFO(error);
        REQUIRE(link.open("127.0.0.1:" + std::to_string(port), error));
    }
    // Pumps until `done(seen)` or `ms` milliseconds pass; returns whether done.
    template <class Done>
    bool run(Done done, client::time_ms ms) {
        const client::time_ms until = atmqtt_tool::now_ms() + ms;
        while (!done(seen) && !client::reached(atmqtt_tool::now_ms(), until)) {
            if (!link.is_open()) {
                if (done(seen)) break;
                ::usleep(1000);
                continue;
            }
            link.pump(s, until, [this](const client::event& e) { seen.push_back(describe(e)); });
        }
        return done(seen);
    }
    bool run_until(const std::string& line, client::time_ms ms = 3000) {
        return run([&](const lines& l) { return std::find(l.begin(), l.end(), line) != l.end(); }, ms);
    }
    void connect(client::connect_options o, const std::string& expect = "connected new") {
        open();
        s.poll(atmqtt_tool::now_ms());
        REQUIRE(s.connect(o).ok());
        INFO(join());
        REQUIRE(run_until(expect));
    }
    void subscribe(const char* filter, Q q) {
        const atmqtt::mqtt::subscription sub[] = {{filter, q}};
        const auto id = s.subscribe(sub);
        REQUIRE(id.ok());
        INFO(join());
        REQUIRE(run_until("subscribed " + std::to_string(*id) + " " + std::to_string(static_cast<int>(q))));
    }
    std::uint16_t publish(const std::string& topic, const std::string& payload, Q q) {
        const auto id = s.publish(topic, payload, q);
        REQUIRE(id.ok());
        if (*id != 0) store.kept[*id] = {topic, payload};
        return *id;
    }
    std::string join() const {
        std::string all;
        for (const auto& l : seen) all += l + "\n";
        return all;
    }
};

client::connect_options options(const char* id, bool clean = true, std::uint16_t keep_alive = 60) {
    client::connect_options o;
    o.client_id = id;
    o.clean_session = clean;
    o.keep_alive_s = keep_alive;
    o.response_timeout_ms = 1000;
    return o;
}

#define REQUIRE_BROKER(b)           \
    INFO((b).error());              \
    REQUIRE((b).ok())

}  // namespace

TEST_CASE("mosquitto: QoS 0, 1 and 2 both ways") {
    interop::mosquitto_process broker;
    REQUIRE_BROKER(broker);
    peer p(broker.port());
    p.connect(options("both"));
    p.subscribe("t/#", Q::exactly_once);
    CHECK(p.publish("t/0", "zero", Q::at_most_once) == 0);
    const std::uint16_t one = p.publish("t/1", "one", Q::at_least_once);
    const std::uint16_t two = p.publish("t/2", std::string("two\0\xff", 5), Q::exactly_once);
    INFO(p.join() << broker.log());
    REQUIRE(p.run_until("published " + std::to_string(two)));
    REQUIRE(p.run([](const lines& l) { return l.size() >= 7; }, 3000));
    // What each QoS promises: QoS 0 at most once, 1 at least once, 2 exactly once; here exactly once each.
    const lines messages(p.seen.begin(), p.seen.end());
    CHECK(std::count(messages.begin(), messages.end(), "message t/0 'zero' 0/4 q0") == 1);
    CHECK(std::count_if(messages.begin(), messages.end(),
                        [](const std::string& l) { return l.rfind("message t/1 'one' 0/3 q1 id ", 0) == 0; }) == 1);
    CHECK(std::count_if(messages.begin(), messages.end(), [](const std::string& l) {
              return l.rfind(std::string("message t/2 'two\0\xff' 0/5 q2 id ", 30), 0) == 0;
          }) == 1);
    CHECK(std::count(messages.begin(), messages.end(), "published " + std::to_string(one)) == 1);
    REQUIRE(p.s.disconnect().ok());
    p.run_until("disconnected requested", 500);
    CHECK(p.s.in_flight() == 0);
}

TEST_CASE("mosquitto: keep-alive holds an idle connection and detects a dead one") {
    interop::mosquitto_process broker;
    REQUIRE_BROKER(broker);
    peer p(broker.port());
    p.connect(options("idle", true, 1));
    // 2.5 s idle with a 1 s keep-alive: pings go out, answers come back, the broker keeps the connection
    // (it would close it after 1.5 s without any packet).
    CHECK(!p.run([](const lines& l) { return !l.empty() && l.back().rfind("disconnected", 0) == 0; }, 2500));
    CHECK(p.s.state() == client::session_state::connected);
    p.subscribe("still/here", Q::at_least_once);  // the connection still carries requests
    broker.pause();
    INFO(p.join());
    const client::time_ms paused_at = atmqtt_tool::now_ms();
    CHECK(p.run_until("disconnected ping_timeout", 4000));
    // At most one keep-alive interval until the ping, plus the 1 s response timeout (and scheduling slack).
    CHECK(atmqtt_tool::now_ms() - paused_at <= 2500);
    broker.resume();
}

TEST_CASE("mosquitto: a persistent session receives what was queued while it was away") {
    interop::mosquitto_process broker;
    REQUIRE_BROKER(broker);
    {
        peer away(broker.port());
        away.connect(options("sleeper", false));
        away.subscribe("queue/#", Q::at_least_once);
        REQUIRE(away.s.disconnect().ok());
        away.run_until("disconnected requested", 500);
    }
    peer sender(broker.port());
    sender.connect(options("sender"));
    const std::uint16_t a = sender.publish("queue/a", "first", Q::at_least_once);
    const std::uint16_t b = sender.publish("queue/b", "second", Q::exactly_once);
    REQUIRE(sender.run_until("published " + std::to_string(a)));
    REQUIRE(sender.run_until("published " + std::to_string(b)));
    peer back(broker.port());
    back.connect(options("sleeper", false), "connected present");
    INFO(back.join() << broker.log());
    REQUIRE(back.run([](const lines& l) { return l.size() >= 3; }, 3000));
    CHECK(back.seen[1].rfind("message queue/a 'first' 0/5 q1 id ", 0) == 0);
    CHECK(back.seen[2].rfind("message queue/b 'second' 0/6 q1 id ", 0) == 0);  // granted QoS 1
}

TEST_CASE("mosquitto: unacknowledged QoS 1 and 2 publishes are resent after the broker restarts") {
    interop::broker_options persistent;
    persistent.persistence = true;
    interop::mosquitto_process broker(persistent);
    REQUIRE_BROKER(broker);
    peer p(broker.port());
    p.connect(options("resender", false));
    REQUIRE(p.s.disconnect().ok());
    p.run_until("disconnected requested", 500);
    p.link.close();
    REQUIRE(broker.restart());  // a clean shutdown saves the session to the persistence file
    p.connect(options("resender", false), "connected present");
    broker.pause();
    const std::uint16_t one = p.publish("saved/1", "kept-1", Q::at_least_once);
    const std::uint16_t two = p.publish("saved/2", "kept-2", Q::exactly_once);
    REQUIRE(p.link.flush(p.s));  // in the socket buffers; the paused broker acknowledges nothing
    CHECK(p.s.in_flight() == 2);
    broker.kill_now();
    INFO(p.join() << broker.log());
    REQUIRE(p.run_until("disconnected link_lost", 2000));
    CHECK(p.s.in_flight() == 2);
    INFO(broker.log());
    REQUIRE(broker.restart());
    peer watcher(broker.port());
    watcher.connect(options("watcher"));
    watcher.subscribe("saved/#", Q::exactly_once);
    p.s.poll(atmqtt_tool::now_ms());
    p.connect(options("resender", false), "connected present");
    CHECK(p.run_until("published " + std::to_string(one)));
    CHECK(p.run_until("published " + std::to_string(two)));
    CHECK(p.s.in_flight() == 0);
    INFO(watcher.join());
    REQUIRE(watcher.run([](const lines& l) { return l.size() >= 4; }, 3000));
    // Resent with DUP; a PUBLISH is forwarded with the subscriber's own flags, so only the content shows.
    CHECK(watcher.seen[2].rfind("message saved/1 'kept-1' 0/6 q1", 0) == 0);
    CHECK(watcher.seen[3].rfind("message saved/2 'kept-2' 0/6 q2", 0) == 0);
}
