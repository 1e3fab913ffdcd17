// The AT client's engine under faults, through the Quectel driver: requests refused before anything is
// written (not connected, busy, already connected, a command or its data that does not fit the output
// buffer the caller has not drained), a line too long for the line buffer, a failure result before OK,
// ERROR and timeouts of disconnect and of a cache read, link loss before the prompt, a notice that
// arrives while closing, and the packet id's wrap. Exact bytes and exact events.
#include <atmqtt/client/drivers/quectel.hpp>

#include "../run_time.hpp"
#include "at_client_harness.hpp"

using namespace at_client_test;
using quectel_client = client::at_client<client::drivers::quectel, 256, 1024>;
using Q = mqtt::qos;

namespace {

// The seven AT+QMTCFG commands of plain_options(), each answered OK.
const char* const config_commands =
    "AT+QMTCFG=\"version\",0,4\r"
    "AT+QMTCFG=\"timeout\",0,5,3,0\r"
    "AT+QMTCFG=\"keepalive\",0,60\r"
    "AT+QMTCFG=\"session\",0,1\r"
    "AT+QMTCFG=\"will\",0,0\r"
    "AT+QMTCFG=\"recv/mode\",0,0,1\r"
    "AT+QMTCFG=\"ssl\",0,0\r";

template <class H>
void configure(H& h) {
    for (int i = 0; i < 7; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
}

template <class H>
void connect(H& h, const client::connect_options& o) {
    REQUIRE(h.c.connect(o).ok());
    configure(h);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(h.written() == std::string(config_commands) + "AT+QMTOPEN=0,\"h\",1883\rAT+QMTCONN=0,\"c\"\r");
}

// The client alone, its output written only when the test says so.
template <class Client>
std::string pending(const Client& c) {
    const bytes o = c.output();
    return std::string(o.data(), o.size());
}
template <class Client>
std::string take(Client& c) {
    const bytes o = c.output();
    std::string s(o.data(), o.size());
    c.output_written(o.size());
    return s;
}
template <class Client>
std::vector<std::string> feed(Client& c, const std::string& text) {
    REQUIRE(c.feed(bytes(text)) == text.size());
    std::vector<std::string> ev;
    while (client::event e = c.next_event()) ev.push_back(describe(e));
    return ev;
}

// The events for `text`, an error event with the kind of request it concerns.
template <class H>
lines with_kinds(H& h, const std::string& text) {
    REQUIRE(h.c.feed(bytes(text)) == text.size());
    lines ev;
    while (client::event e = h.c.next_event()) {
        std::string d = describe(e);
        if (e.type == client::event_type::error)
            d += e.kind == client::request_kind::publish     ? " publish"
                 : e.kind == client::request_kind::subscribe ? " subscribe"
                                                             : " unsubscribe";
        ev.push_back(d);
    }
    return ev;
}

}  // namespace

TEST_CASE("faults: requests refused by the connection state, nothing written") {
    harness<quectel_client> h;
    const client::connect_options o = plain_options();
    const mqtt::subscription subs[] = {{"a", Q::at_most_once}};
    const bytes filters[] = {"a"};
    CHECK(h.c.subscribe(subs).error() == errc::client_not_connected);
    CHECK(h.c.unsubscribe(filters).error() == errc::client_not_connected);
    CHECK(h.c.disconnect().error() == errc::client_not_connected);
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.c.connect(o).error() == errc::client_already_connected);  // connecting
    CHECK(h.c.subscribe(subs).error() == errc::client_not_connected);
    configure(h);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    (void)h.written();
    CHECK(h.c.connect(o).error() == errc::client_already_connected);  // connected
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.c.unsubscribe(filters).error() == errc::client_busy);
    CHECK(h.c.disconnect().error() == errc::client_busy);
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",0\r");
}

TEST_CASE("faults: a failure result, a short SUBACK, a failed unsubscribe: error events of their kind") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 5)));
    const client::connect_options o = plain_options();
    connect(h, o);

    // +QMTPUBEX: <idx>,<msgid>,2 (failed) before OK: kept until OK, then the request's error
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.modem("\r\n>").empty());
    CHECK(h.modem("\r\n+QMTPUBEX: 0,1,2\r\n").empty());
    CHECK(with_kinds(h, "\r\nOK\r\n") == lines{"error 1 (client_command_failed) publish"});
    CHECK(h.c.ready());
    CHECK(h.c.connected());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",1\rx");

    // two filters, one code: the SUBACK does not match the request
    const mqtt::subscription two[] = {{"a", Q::at_least_once}, {"b", Q::at_most_once}};
    REQUIRE(h.c.subscribe(two).ok());
    CHECK(with_kinds(h, "\r\nOK\r\n\r\n+QMTSUB: 0,2,0,1\r\n") == lines{"error 2 (client_ack_mismatch) subscribe"});

    const bytes filters[] = {"a", "b"};
    REQUIRE(h.c.unsubscribe(filters).ok());
    CHECK(with_kinds(h, "\r\n+CME ERROR: 3\r\n") == lines{"error 3 (client_command_failed) unsubscribe"});
    CHECK(h.written() == "AT+QMTSUB=0,2,\"a\",1,\"b\",0\rAT+QMTUNS=0,3,\"a\",\"b\"\r");
}

TEST_CASE("faults: ERROR to AT+QMTDISC and its timeout still end the connection as requested") {
    harness<quectel_client> h;
    const client::connect_options o = plain_options();
    connect(h, o);
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written() == "AT+QMTDISC=0\r");
    CHECK(h.modem("\r\nERROR\r\n") == lines{"disconnected requested (client_command_failed)"});
    CHECK_FALSE(h.c.connected());

    connect(h, o);
    REQUIRE(h.c.disconnect().ok());
    (void)h.written();
    CHECK(h.c.next_deadline() == client::time_ms{h.now + 30000});  // QMTDISC: 30 s
    CHECK(h.advance(29999).empty());
    CHECK(h.advance(1) == lines{"disconnected requested (client_command_timeout)"});
    CHECK_FALSE(h.c.connected());
    CHECK_FALSE(h.c.next_deadline());

    // a +QMTDISC failure result: the connection is still taken as ended
    (void)h.written();
    connect(h, o);
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,-1\r\n") == lines{"disconnected requested (client_command_failed)"});
}

TEST_CASE("faults: a cache read answered ERROR or never is dropped without an event") {
    client::drivers::quectel d;
    d.cache_receive = true;
    harness<quectel_client> h(quectel_client{d});
    const client::connect_options o = plain_options();
    REQUIRE(h.c.connect(o).ok());
    configure(h);
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    (void)h.written();

    CHECK(h.modem("\r\n+QMTRECV: 0,1\r\n").empty());
    CHECK(h.written() == "AT+QMTRECV=0,1\r");
    CHECK(h.modem("\r\nERROR\r\n").empty());
    CHECK(h.c.ready());
    CHECK(h.modem("\r\n+QMTRECV: 0,4\r\n").empty());
    CHECK(h.written() == "AT+QMTRECV=0,4\r");
    CHECK(h.c.next_deadline() == client::time_ms{h.now + 5000});
    CHECK(h.advance(5000).empty());
    CHECK(h.c.ready());
    CHECK_FALSE(h.c.next_deadline());
    CHECK(h.c.connected());

    // two notices while a publish runs: read after it, one after the other, lowest slot first
    REQUIRE(h.c.publish("t", "").ok());
    CHECK(h.modem("\r\n+QMTRECV: 0,3\r\n+QMTRECV: 0,2\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",0\rAT+QMTRECV=0,2\r");
    CHECK(h.modem("\r\n+QMTRECV: 0,0,\"s\",1,\"a\"\r\n\r\nOK\r\n") == lines{"message s 'a' 0/1 q0"});
    CHECK(h.written() == "AT+QMTRECV=0,3\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.c.ready());

    // a notice while disconnecting is not read once the connection is down
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.modem("\r\n+QMTRECV: 0,1\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
    CHECK(h.written() == "AT+QMTDISC=0\r");
}

TEST_CASE("faults: a line too long for the line buffer is an error event; the client goes on") {
    using small_client = client::at_client<client::drivers::quectel, 32, 512>;
    harness<small_client> h(small_client{}, feeding_of(GENERATE(0, 1, 4)));
    connect(h, plain_options());
    const std::string noise = "+CREG: " + std::string(40, '1');
    CHECK(h.modem("\r\n" + noise + "\r\n") == lines{"error 0 (at_line_too_long)"});
    REQUIRE(h.c.publish("t", "x").ok());
    CHECK(h.modem("\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});
}

TEST_CASE("faults: an echoing modem and an empty payload: nothing to count through after '>'") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 3)));
    connect(h, plain_options());
    REQUIRE(h.c.publish("t", "").ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,0,0,0,\"t\",0\r");
    CHECK(h.modem("AT+QMTPUBEX=0,0,0,0,\"t\",0\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n") == lines{"published 0"});
    CHECK(h.written().empty());
}

TEST_CASE("faults: an echo, OK, ERROR or '>' with no command of theirs running is tolerated") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 3)));
    connect(h, plain_options());
    CHECK(h.modem("AT+QMTSUB=0,1,\"a\",0\r\n\r\nOK\r\n\r\nERROR\r\n>").empty());  // nothing runs
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",1\r");
    // the echo of another command is not the running one's: what follows '>' is not counted through
    CHECK(h.modem("AT+QMTSUB=0,1,\"a\",0\r\n>").empty());
    CHECK(h.written() == "x");
    CHECK(h.modem("x\r\nOK\r\n\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
    CHECK(h.c.ready());
}

TEST_CASE("faults: link loss before the prompt: the staged data is never sent") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 3)));
    const client::connect_options o = plain_options();
    connect(h, o);
    REQUIRE(h.c.publish("t", "secret", Q::at_least_once).ok());
    CHECK(h.written() == "AT+QMTPUBEX=0,1,1,0,\"t\",6\r");
    CHECK(h.modem("\r\n+QMTSTAT: 0,6\r\n") == lines{"disconnected link_lost"});
    CHECK(h.modem(">").empty());  // a late prompt of the abandoned command
    CHECK(h.written().empty());
    connect(h, o);  // the next commands go out without the old data
}

TEST_CASE("faults: a command that does not fit the output the caller has not written") {
    // 40 bytes: each command fits alone, not two together
    using tiny_client = client::at_client<client::drivers::quectel, 256, 40>;
    tiny_client c;
    const client::connect_options o = plain_options();
    REQUIRE(c.connect(o).ok());
    CHECK(pending(c) == "AT+QMTCFG=\"version\",0,4\r");
    // the caller did not write it; the next command does not fit behind it
    CHECK(feed(c, "\r\nOK\r\n") == lines{"disconnected modem_error (buffer_too_small)"});
    CHECK_FALSE(c.connected());
    CHECK(take(c) == "AT+QMTCFG=\"version\",0,4\r");

    // the first command alone does not fit: connect() refuses, the state is unchanged
    using tinier_client = client::at_client<client::drivers::quectel, 256, 20>;
    tinier_client t;
    CHECK(t.connect(o).error() == errc::buffer_too_small);
    CHECK(t.output().empty());
    CHECK(t.ready());
    CHECK(t.connect(o).error() == errc::buffer_too_small);  // still down: not "already connected"
}

TEST_CASE("faults: a publish, a disconnect or a cache read that does not fit waits for nothing") {
    using small_client = client::at_client<client::drivers::quectel, 256, 48>;
    client::drivers::quectel d;
    d.cache_receive = true;
    small_client c{d};
    const client::connect_options o = plain_options();
    REQUIRE(c.connect(o).ok());
    for (int i = 0; i < 7; ++i) {
        (void)take(c);
        CHECK(feed(c, "\r\nOK\r\n").empty());
    }
    // AT+QMTOPEN and AT+QMTCONN stay unwritten: 22 + 17 of the 48 bytes
    CHECK(feed(c, "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(feed(c, "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(pending(c) == "AT+QMTOPEN=0,\"h\",1883\rAT+QMTCONN=0,\"c\"\r");
    CHECK(c.disconnect().error() == errc::buffer_too_small);   // 13 more bytes
    CHECK(c.publish("t", "12345678").error() == errc::buffer_too_small);  // the line fits, its data not
    CHECK(c.ready());
    CHECK(c.connected());
    // a notice: AT+QMTRECV=0,1 does not fit either; it is read once the output is written
    CHECK(feed(c, "\r\n+QMTRECV: 0,1\r\n").empty());
    CHECK(c.ready());
    CHECK(take(c) == "AT+QMTOPEN=0,\"h\",1883\rAT+QMTCONN=0,\"c\"\r");
    c.poll(0);
    CHECK(take(c) == "AT+QMTRECV=0,1\r");
    CHECK(feed(c, "\r\n+QMTRECV: 0,0,\"s\",1,\"z\"\r\n\r\nOK\r\n") == lines{"message s 'z' 0/1 q0"});
    REQUIRE(c.disconnect().ok());
    CHECK(take(c) == "AT+QMTDISC=0\r");
}

TEST_CASE("faults: packet ids wrap from 65535 to 1; a refused request uses none") {
    using small_client = client::at_client<client::drivers::quectel, 256, 64>;
    harness<small_client> h;
    connect(h, plain_options());
    const std::string big(64, 'x');
    const bytes payload = at_run_time(bytes(big));
    REQUIRE(h.c.publish("t", payload, Q::at_least_once).error() == errc::buffer_too_small);
    for (int id = 1; id < 65535; ++id) {  // each acknowledged at once (no harness: 65534 of them)
        REQUIRE(*h.c.publish("t", "y", Q::at_least_once) == id);
        h.c.output_written(h.c.output().size());
        const std::string answer = "\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0," + std::to_string(id) + ",0\r\n";
        REQUIRE(h.c.feed(bytes(answer)) == answer.size());
        client::event e = h.c.next_event();
        REQUIRE((e.type == client::event_type::published && e.packet_id == id));
        REQUIRE_FALSE(h.c.next_event());
        h.c.output_written(h.c.output().size());
    }
    REQUIRE(h.c.publish("t", payload, Q::at_least_once).error() == errc::buffer_too_small);
    auto last = h.c.publish("t", "y", Q::at_least_once);
    REQUIRE(last.ok());
    CHECK(*last == 65535);
    CHECK(h.written() == "AT+QMTPUBEX=0,65535,1,0,\"t\",1\r");
    CHECK(h.modem("\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 0,65535,0\r\n") == lines{"published 65535"});
    CHECK(h.written() == "y");
    auto next = h.c.publish("t", "z", Q::at_least_once);
    REQUIRE(next.ok());
    CHECK(*next == 1);
}

namespace {

namespace qs = client::drivers::quectel_steps;
// A connect whose first row asks for a form its command lacks (AT+QMTCFG has no execute form).
constexpr client::detail::command_step wrong_form_raw[] = {
    {client::op_kind::connect, client::detail::when::always, client::drivers::src::end, qs::cmd<atmqtt::quectel::cmd::cfg_version>,
     {client::drivers::src::slot, client::drivers::src::level}, atmqtt::at::form::execute}};
constexpr auto wrong_form_spec = client::detail::timed(wrong_form_raw, {}, 300);
constexpr const auto& wrong_form_steps = client::detail::kept_rows<wrong_form_spec, true, true>::table;

// A driver that breaks its contract in one chosen way, to see the engine hold: a step in a form its
// command lacks, a connect that ends without a connected result, a disconnect that fails on its result.
struct odd_driver : client::drivers::quectel {
    enum class flaw : std::uint8_t { wrong_form, connect_without_result, disconnect_fails } how = flaw::wrong_form;

    constexpr atmqtt::status encode(client::detail::step_rows rows, const client::op_state& op, std::uint8_t step,
                                    client::step_out& st) const noexcept {
        if (how == flaw::connect_without_result && op.kind == client::op_kind::connect && step == 1) {
            st.end = true;
            return {};
        }
        if (how == flaw::wrong_form) {
            const client::detail::step_numbers n = {0, 5, 3, 0};
            return client::detail::write_step<atmqtt::quectel::lexical>(wrong_form_steps, op, step, n, timing, st);
        }
        return quectel::encode(rows, op, step, st);
    }
    constexpr client::verdict on_line(client::op_state& op, const client::line_match& m,
                                      client::event& out) const noexcept {
        const client::verdict v = quectel::on_line(op, m, out);
        if (how == flaw::disconnect_fails && op.kind == client::op_kind::disconnect && v == client::verdict::done) {
            out.error = errc::client_command_failed;
            return client::verdict::failed;
        }
        return v;
    }
};
using odd_client = client::at_client<odd_driver, 256, 1024>;

odd_driver with(odd_driver::flaw f) {
    odd_driver d;
    d.how = f;
    return d;
}

}  // namespace

TEST_CASE("faults: a driver's step in a form its command lacks is refused before anything is written") {
    odd_client c{with(odd_driver::flaw::wrong_form)};
    CHECK(c.connect(plain_options()).error() == errc::at_unsupported_form);
    CHECK(c.output().empty());
    CHECK(c.ready());
    CHECK_FALSE(c.connected());
}

TEST_CASE("faults: a connect that ends without its connected result does not count as up") {
    harness<odd_client> h(odd_client{with(odd_driver::flaw::connect_without_result)});
    REQUIRE(h.c.connect(plain_options()).ok());
    CHECK(h.written() == "AT+QMTCFG=\"version\",0,4\r");
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());
    CHECK(h.c.connect(plain_options()).ok());  // down: connect() may start again
}

TEST_CASE("faults: a disconnect whose result is a failure ends the connection all the same") {
    harness<odd_client> h(odd_client{with(odd_driver::flaw::disconnect_fails)});
    connect(h, plain_options());
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested (client_command_failed)"});
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());
}
