// The AT client with the USR driver: the guide's configuration session (E-USR-3.1.4, distribution mode)
// as the client writes it, the +++ / a / a / +ok escape and the data frames of §3.1.3 delimited by idle
// time (the caller's poll times or end_of_burst()), every answer fed whole, byte by byte and in chunks;
// faults (ERROR during the configuration, an escape answered late or wrongly, frames before the module's
// 'a', a frame too long); and the whole client against the virtual USR modem and its scripted broker.
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/usr.hpp>
#include <atmqtt/client/supervisor.hpp>

#include <utility>

#include "../../tools/modem/usr.hpp"
#include "../run_time.hpp"
#include "virtual_modem_rig.hpp"

using namespace at_client_test;
using usr_client = client::at_client<client::drivers::usr, 128, 320>;
using Q = mqtt::qos;

namespace {

client::connect_options options() {
    client::connect_options o;
    o.client_id = "02401322081900001968";
    o.host = "47.93.32.32";
    o.port = 1883;
    o.keep_alive_s = 60;
    o.username_flag = o.password_flag = true;
    o.username = "HEHEHE";
    o.password = "123456";
    return o;
}

// The configuration E-USR-3.1.4 writes (its MQTTSUBTP/MQTTPUBTP presets left out: the client subscribes
// and publishes with temporary frames), plus what the client states that the guide leaves at defaults.
const std::vector<std::string> configuration = {
    "AT+WKMOD=MQTT,NOR\r", "AT+MQTTSVR=47.93.32.32,1883\r", "AT+MQTTUSER=HEHEHE\r", "AT+MQTTPSW=123456\r",
    "AT+MQTTCID=02401322081900001968\r", "AT+MQTTVER=4\r", "AT+MQTTCFG=60,1\r", "AT+MQTTWILL=0,/will,0,0,offline\r",
    "AT+SSLEN=OFF\r", "AT+SSLAUTH=NONE\r", "AT+SSLCFG=OFF\r", "AT+MQTTMOD=1\r", "AT+S\r"};

// The module's side of the escape; `by_time`: the bursts end by the gap (poll), else by end_of_burst().
// Returns the events of the module's "+ok".
lines escape(harness<usr_client>& h, bool by_time) {
    CHECK(h.written() == "+++");
    CHECK(h.modem("a").empty());
    if (by_time) {
        CHECK(h.advance(49).empty());  // takes the write's time; the 'a' came then too
        CHECK(h.written().empty());
        CHECK(h.advance(49).empty());
        CHECK(h.written().empty());    // 49 ms of quiet: the burst may go on
        CHECK(h.advance(1).empty());
    } else {
        h.c.end_of_burst();
        CHECK(h.pull().empty());
    }
    CHECK(h.written() == "a");
    return h.modem("+ok");
}

// Connects through the guide's session; `echo`: the module echoes each command (as in its transcripts).
void connect(harness<usr_client>& h, const client::connect_options& o, bool by_time = false, bool echo = true) {
    REQUIRE(h.c.connect(o).ok());
    CHECK(escape(h, by_time).empty());
    for (const std::string& cmd : configuration) {
        CHECK(h.written() == cmd);
        CHECK(h.modem((echo ? cmd : "") + "\r\nOK\r\n").empty());
    }
    CHECK(h.written().empty());
    CHECK(h.c.next_deadline() == h.now);  // output was written: the next poll takes its time
    CHECK(h.advance(0).empty());
    CHECK(h.c.next_deadline() == h.now + 10000);
    CHECK(h.advance(9999).empty());
    CHECK(h.advance(1) == lines{"connected new"});
    CHECK(h.c.connected());
    CHECK_FALSE(h.c.next_deadline());
}

// A frame the client writes once the line was quiet for the gap after the last one.
template <class Client>
std::string frame(harness<Client>& h) {
    std::string f = h.written();
    for (client::time_ms step : {0u, 50u}) {
        if (!f.empty()) break;
        (void)h.advance(step);
        f = h.written();
    }
    return f;
}

}  // namespace

TEST_CASE("usr: capabilities say what the module cannot report") {
    STATIC_REQUIRE_FALSE(usr_client::caps().acknowledged);
    STATIC_REQUIRE_FALSE(usr_client::caps().session_present);
    STATIC_REQUIRE(usr_client::caps().max_filters == 1);
    STATIC_REQUIRE(usr_client::caps().max_topic == 128);
    STATIC_REQUIRE(client::drivers::usr::default_timing.guard_ms == 200);
    STATIC_REQUIRE(client::drivers::usr::default_timing.answer_ms == 3000);
    // The line-based dialects take the same idle hint and ignore it.
    client::at_client<client::drivers::quectel> q;
    q.end_of_burst();
    CHECK(q.ready());
}

TEST_CASE("usr: the guide's distribution-mode session, whole, byte by byte and in chunks") {
    const bool by_time = GENERATE(false, true);
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1, 2, 3, 7)));
    const client::connect_options o = options();
    connect(h, o, by_time);

    // (3)/(5): publish on any topic as a temporary publish frame; complete when written.
    REQUIRE(h.c.publish("linshifabu1", "data send from module").value() == 0);
    CHECK(h.written() == "0,0,linshifabu1,0,0,data send from module");
    CHECK(h.pull() == lines{"published 0"});
    CHECK(h.c.ready());

    // (6): a temporary subscription, and its message; the next frame waits for the gap.
    const mqtt::subscription subs[] = {{"linshidingyue1", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).value() == 1);
    CHECK(h.written().empty());
    CHECK(h.c.next_deadline() == h.now);  // the last frame's time is to be taken
    CHECK(h.advance(0).empty());
    CHECK(h.c.next_deadline() == h.now + 50);
    CHECK(frame(h) == "0,1,linshidingyue1,1");
    CHECK(h.pull() == lines{"subscribed 1 1"});
    CHECK(h.modem("0,linshidingyue1,data send fromMQTT fx").empty());
    if (by_time) {
        CHECK(h.advance(1).empty());
        CHECK(h.advance(50) == lines{"message linshidingyue1 'data send fromMQTT fx' 0/21 q0"});
    } else {
        h.c.end_of_burst();
        CHECK(h.pull() == lines{"message linshidingyue1 'data send fromMQTT fx' 0/21 q0"});
    }
    // (4): a preset slot's message: the client did not configure the slot, so the topic is not known.
    CHECK(h.modem("1,data send fromMQTT fx").empty());
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message  'data send fromMQTT fx' 0/21 q0"});

    const bytes filters[] = {"linshidingyue1"};
    REQUIRE(h.c.unsubscribe(filters).value() == 2);
    CHECK(frame(h) == "0,2,linshidingyue1,0");
    CHECK(h.pull() == lines{"unsubscribed 2"});

    REQUIRE(h.c.disconnect().ok());
    CHECK(h.written().empty());  // the guard time: 200 ms of quiet before "+++"
    CHECK(h.advance(0).empty());
    CHECK(h.c.next_deadline() == h.now + 200);
    CHECK(h.advance(199).empty());
    CHECK(h.written().empty());
    CHECK(h.advance(1).empty());
    CHECK(escape(h, by_time) == lines{"disconnected requested"});
    CHECK(h.c.in_command_mode());

    // From command mode a new connect goes straight to the configuration.
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == configuration[0]);
}

TEST_CASE("usr: an empty user name or password and a port of 0 are left at the module's defaults") {
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1)));
    client::connect_options o = options();
    o.port = 0;
    const bool no_user = GENERATE(false, true);
    if (no_user) o.username = "";
    else o.password = "";
    REQUIRE(h.c.connect(o).ok());
    CHECK(escape(h, false).empty());
    std::vector<std::string> expected = configuration;
    expected[1] = "AT+MQTTSVR=47.93.32.32\r";
    expected.erase(expected.begin() + (no_user ? 2 : 3));
    for (const std::string& cmd : expected) {
        CHECK(h.written() == cmd);
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.advance(10000) == lines{"connected new"});
}

TEST_CASE("usr: any payload byte, QoS and retain in the frame; requests the module cannot carry") {
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1, 3)));
    client::connect_options o = options();
    o.username_flag = o.password_flag = false;
    o.level = mqtt::protocol_level::v3_1;
    o.clean_session = false;
    o.keep_alive_s = 120;
    o.will_flag = true;
    o.will.topic = "dev/will";
    o.will.payload = "gone";
    o.will.qos = Q::at_least_once;
    o.will.retain = true;
    o.tls_context = 0;
    REQUIRE(h.c.connect(o).ok());
    CHECK(escape(h, false).empty());
    for (const std::string cmd : {"AT+WKMOD=MQTT,NOR\r", "AT+MQTTSVR=47.93.32.32,1883\r", "AT+MQTTCID=02401322081900001968\r",
                                  "AT+MQTTVER=3\r", "AT+MQTTCFG=120,0\r", "AT+MQTTWILL=1,dev/will,1,1,gone\r",
                                  "AT+SSLEN=ON\r", "AT+SSLAUTH=PEER\r", "AT+SSLCFG=ON\r", "AT+MQTTMOD=1\r", "AT+S\r"}) {
        CHECK(h.written() == cmd);
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.advance(10000) == lines{"connected new"});

    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    REQUIRE(h.c.publish("b", all, Q::exactly_once, true).value() == 1);
    CHECK(h.written().empty());  // the line must be quiet for the gap after AT+S first
    CHECK(frame(h) == "0,0,b,2,1," + all);
    CHECK(h.pull() == lines{"published 1"});
    CHECK(h.c.publish("b", "").value() == 0);  // busy? no: the last publish is complete
    CHECK(frame(h) == "0,0,b,0,0,");
    CHECK(h.pull() == lines{"published 0"});
    // Received: everything after the topic's comma, commas, CR LF and a lone 'a' included.
    const std::string down = std::string("0,t,a,\"b\"\r\nOK\r\n") + '\0' + "\xff";
    CHECK(h.modem(down).empty());
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message t '" + down.substr(4) + "' 0/" + std::to_string(down.size() - 4) + " q0"});

    CHECK(h.c.publish("a,b", "x").error() == errc::client_unsupported_topic);
    CHECK(h.c.publish("a,b", "x").offset() == 1);
    CHECK(h.c.publish("", "x").error() == errc::client_topic_too_long);
    CHECK(h.c.publish(std::string(129, 't'), "x").error() == errc::client_topic_too_long);
    CHECK(h.c.publish("t", std::string(1025, 'x')).error() == errc::client_payload_too_long);
    CHECK(h.c.publish("t", std::string(400, 'x')).error() == errc::buffer_too_small);  // TxCapacity 320
    const mqtt::subscription two[] = {{"a", Q::at_most_once}, {"b", Q::at_most_once}};
    CHECK(h.c.subscribe(two).error() == errc::capacity_exceeded);
    CHECK(h.c.subscribe({}).error() == errc::capacity_exceeded);
    const mqtt::subscription comma[] = {{"a,b", Q::at_most_once}};
    CHECK(h.c.subscribe(comma).error() == errc::client_unsupported_topic);
    const mqtt::subscription empty[] = {{"", Q::at_most_once}};
    CHECK(h.c.subscribe(empty).error() == errc::client_topic_too_long);
    const bytes bad[] = {"x,y"};
    CHECK(h.c.unsubscribe(bad).error() == errc::client_unsupported_topic);
    CHECK(h.c.unsubscribe({}).error() == errc::capacity_exceeded);
    const std::string long_text(129, 'f');  // named: the view below must not outlive it
    const bytes long_filter[] = {long_text};
    CHECK(h.c.unsubscribe(long_filter).error() == errc::client_topic_too_long);
    CHECK(h.c.connect(o).error() == errc::client_already_connected);

    REQUIRE(h.c.publish("t", "1").ok());
    CHECK(h.c.publish("t", "2").error() == errc::client_busy);  // written, not yet out: busy
    CHECK(h.c.disconnect().error() == errc::client_busy);
    CHECK(h.c.ready() == false);
    CHECK(h.c.output().empty());  // the gap after the last frame, counted from the poll after its write
    h.c.poll(h.now);
    CHECK(h.c.output().empty());
    h.c.poll(h.now += 50);
    h.c.output_written(0);
    CHECK(h.c.output() == bytes("0,0,t,0,0,1"));
    h.c.output_written(5);
    CHECK(h.c.output() == bytes(",0,0,1"));
    CHECK(h.pull().empty());  // writes the rest
    CHECK(h.pull() == lines{"published 0"});
    h.c.output_written(3);  // nothing left: ignored
}

TEST_CASE("usr: a configuration the module cannot take is refused before anything is written") {
    usr_client c;
    c.poll(1000);
    client::connect_options o = options();
    CHECK(c.publish("t", "x").error() == errc::client_not_connected);
    CHECK(c.disconnect().error() == errc::client_not_connected);
    o.password = "12,34";  // unquoted values: no comma
    CHECK(c.connect(o).error() == errc::at_comma_in_bare_string);
    o = options();
    o.will_flag = true;
    o.will.topic = "w";
    o.will.payload = "";  // AT+MQTTWILL's <msg> is 1~128 bytes
    CHECK_FALSE(c.connect(o).ok());
    o = options();
    o.client_id = "";
    CHECK(c.connect(o).error() == errc::mqtt_invalid_client_id);
    CHECK(c.output().empty());
    client::at_client<client::drivers::usr, 64, 24> small;  // AT+MQTTCID=02401322081900001968 does not fit
    CHECK(small.connect(options()).error() == errc::buffer_too_small);
}

TEST_CASE("usr: faults during the escape and the configuration") {
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1, 2)));
    const client::connect_options o = options();

    SECTION("the escape is not answered") {
        REQUIRE(h.c.connect(o).ok());
        CHECK(h.written() == "+++");
        CHECK(h.advance(0).empty());  // takes the write's time
        CHECK(h.c.next_deadline() == h.now + 3000);
        CHECK(h.advance(2999).empty());
        CHECK(h.advance(1) == lines{"disconnected command_timeout (client_command_timeout)"});
        CHECK(h.modem("a").empty());  // answered late: nothing runs
        CHECK(h.advance(100).empty());
        CHECK_FALSE(h.c.in_command_mode());
        REQUIRE(h.c.connect(o).ok());  // escapes again
        CHECK(h.written() == "+++");
    }
    SECTION("frames before the module's 'a' are data; connecting, they belong to an earlier session") {
        REQUIRE(h.c.connect(o).ok());
        CHECK(h.written() == "+++");
        CHECK(h.modem("1,LATEa").empty());
        h.c.end_of_burst();
        CHECK(h.pull().empty());
        CHECK(h.written().empty());
        CHECK(h.modem("a").empty());
        h.c.end_of_burst();
        CHECK(h.written() == "a");
        CHECK(h.modem("+ok").empty());
        CHECK(h.written() == configuration[0]);
    }
    SECTION("the escape's answer broken") {
        REQUIRE(h.c.connect(o).ok());
        (void)h.written();
        CHECK(h.modem("a").empty());
        h.c.end_of_burst();
        CHECK(h.written() == "a");
        CHECK(h.modem("+OK") == lines{"disconnected modem_error (client_escape_failed)"});
        CHECK_FALSE(h.c.connected());
    }
    SECTION("the 'a' answered, \"+ok\" late") {
        REQUIRE(h.c.connect(o).ok());
        (void)h.written();
        CHECK(h.modem("a").empty());
        h.c.end_of_burst();
        CHECK(h.written() == "a");
        CHECK(h.modem("+o").empty());
        CHECK(h.advance(0).empty());
        CHECK(h.advance(2999).empty());
        CHECK(h.advance(1) == lines{"disconnected command_timeout (client_command_timeout)"});
    }
    SECTION("ERROR during the configuration; the module stays in command mode") {
        REQUIRE(h.c.connect(o).ok());
        CHECK(escape(h, false).empty());
        CHECK(h.written() == configuration[0]);
        CHECK(h.modem("\r\nOK\r\n").empty());
        CHECK(h.written() == configuration[1]);
        CHECK(h.modem(std::string(200, '+') + "\r\n+MQTTSVR:x\r\n").empty());  // not final results
        CHECK(h.written().empty());
        CHECK(h.modem("\r\nERROR\r\nstray") == lines{"disconnected modem_error (client_command_failed)"});
        CHECK(h.c.in_command_mode());
        REQUIRE(h.c.connect(o).ok());
        CHECK(h.written() == configuration[0]);
        CHECK(h.advance(0).empty());
        CHECK(h.advance(2000) == lines{"disconnected command_timeout (client_command_timeout)"});
    }
    SECTION("an extended error with its code (the word before ':') fails the configuration too") {
        const std::string error = GENERATE(as<std::string>{}, "+CME ERROR: 3", "+CMS ERROR:500 ", "NO CARRIER");
        REQUIRE(h.c.connect(o).ok());
        CHECK(escape(h, false).empty());
        CHECK(h.written() == configuration[0]);
        CHECK(h.modem("\r\nOK\r\n").empty());
        CHECK(h.written() == configuration[1]);
        CHECK(h.modem("\r\n+MQTTSVR: 1,OK\r\nOK:\r\n+OK\r\n").empty());  // not final results
        CHECK(h.written().empty());
        CHECK(h.modem("\r\n" + error + "\r\n") == lines{"disconnected modem_error (client_command_failed)"});
    }
    SECTION("AT+S not answered: the restart failed") {
        REQUIRE(h.c.connect(o).ok());
        CHECK(escape(h, false).empty());
        for (std::size_t i = 0; i + 1 < configuration.size(); ++i) {
            CHECK(h.written() == configuration[i]);
            CHECK(h.modem("\r\nOK\r\n").empty());
        }
        CHECK(h.written() == "AT+S\r");
        CHECK(h.advance(0).empty());
        CHECK(h.c.next_deadline() == h.now + 5000);
        CHECK(h.advance(5000) == lines{"disconnected command_timeout (client_command_timeout)"});
    }
    SECTION("the restart's output, a frame too long, a frame that does not parse") {
        connect(h, o);
        CHECK(h.modem(std::string(200, 'x')).empty());
        h.c.end_of_burst();
        CHECK(h.pull() == lines{"error 0 (at_line_too_long)"});
        CHECK(h.modem("11,x").empty());
        h.c.end_of_burst();
        CHECK(h.pull() == lines{"error 0 (out_of_range)"});
        CHECK(h.c.feed("1,x") == 3);
        h.c.end_of_burst();
        CHECK(h.c.feed("1,y") == 0);  // the last frame's event not taken yet
        CHECK(h.pull() == lines{"message  'x' 0/1 q0"});
    }
}

TEST_CASE("usr: disconnect while frames come in; the escape not answered") {
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1)));
    connect(h, options(), false, false);
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.advance(200).empty());
    CHECK(h.written() == "+++");
    CHECK(h.modem("0,t,late").empty());  // a message still on its way: delivered
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message t 'late' 0/4 q0"});
    CHECK(h.advance(0).empty());
    CHECK(h.advance(3000) == lines{"disconnected command_timeout (client_command_timeout)"});
    CHECK_FALSE(h.c.in_command_mode());
}

namespace {

// The client wired to the virtual USR modem and its scripted broker (virtual_modem_rig.hpp): the
// modem's bursts end by the client's gap.
struct rig : virtual_modem_rig<usr_client, atmqtt_modem::usr_modem> {
    explicit rig(client::drivers::usr d) : virtual_modem_rig(usr_client(d)) {}
};

}  // namespace

TEST_CASE("usr: against the virtual modem, to the broker and back") {
    client::drivers::usr d;
    d.timing.restart_ms = 100;
    rig r(d);
    client::connect_options o = options();
    o.username_flag = o.password_flag = false;
    REQUIRE(r.c.connect(o).ok());
    CHECK(r.until(1) == lines{"connected new"});
    CHECK(r.m.broker.seen == std::vector<std::string>{"CONNECT 02401322081900001968", "SUBSCRIBE /SubTopic1 q0"});
    CHECK(r.m.broker.keep_alive == 60);
    CHECK(r.m.broker.clean);

    const mqtt::subscription subs[] = {{"e2e/in", Q::exactly_once}};
    REQUIRE(r.c.subscribe(subs).ok());
    CHECK(r.until(1) == lines{"subscribed 1 2"});
    (void)r.until(0);
    for (int i = 0; i < 10; ++i) r.round();  // the frame goes out after the gap
    CHECK(r.m.broker.seen.back() == "SUBSCRIBE e2e/in q2");

    const std::string payload = std::string("a,\"b\"\r\nOK\r\n") + '\0' + "\xff";
    REQUIRE(r.c.publish("e2e/out", payload, Q::at_least_once, true).ok());
    CHECK(r.until(1) == lines{"published 2"});
    for (int i = 0; i < 10; ++i) r.round();
    REQUIRE(r.m.broker.published.size() == 1);
    CHECK(r.m.broker.published[0] == modem_test::scripted_broker::message{"e2e/out", payload, 1, true});

    r.m.broker.deliver("e2e/in", payload, 1);
    r.m.settle();
    CHECK(r.until(1) == lines{"message e2e/in '" + payload + "' 0/13 q0"});

    REQUIRE(r.c.disconnect().ok());
    CHECK(r.until(1) == lines{"disconnected requested"});
    CHECK_FALSE(r.m.modem.in_data_mode());
    REQUIRE(r.c.connect(o).ok());  // from command mode: no escape
    CHECK(r.until(1) == lines{"connected new"});
    CHECK(r.m.modem.in_data_mode());
}

TEST_CASE("usr: a preset subscription against the virtual modem outlives the module's reconnection") {
    const atmqtt::usr::topic_preset presets[] = {{1, "dev/+/in", 1, 0, true}};
    client::drivers::usr d;
    d.timing.restart_ms = 100;
    d.presets = presets;
    rig r(d);
    REQUIRE(r.c.connect(options()).ok());
    CHECK(r.until(1) == lines{"connected new"});
    CHECK(r.m.broker.seen.back() == "SUBSCRIBE dev/+/in q1");
    CHECK(r.m.broker.connect_user == "HEHEHE");
    CHECK(r.m.broker.connect_password == "123456");
    const mqtt::subscription temporary[] = {{"tmp", Q::at_most_once}};
    REQUIRE(r.c.subscribe(temporary).ok());
    CHECK(r.until(1) == lines{"subscribed 1 0"});
    for (int i = 0; i < 10; ++i) r.round();
    CHECK(r.m.broker.seen.back() == "SUBSCRIBE tmp q0");
    (void)r.m.broker_gone();  // the module reconnects by itself 5 s later, and tells no one
    for (int i = 0; i < 510; ++i) r.round();
    CHECK(r.events.empty());
    CHECK(r.m.broker.seen.back() == "SUBSCRIBE dev/+/in q1");  // the preset again, not "tmp"
    r.m.broker.deliver("dev/7/in", "up again", 1);
    r.m.settle();
    CHECK(r.until(1) == lines{"message dev/+/in 'up again' 0/8 q0"});
}

TEST_CASE("usr: output the module answered before it was all written; tags wrap past 65535") {
    using tiny = client::at_client<client::drivers::usr, 64, 40>;  // each command fits, not two
    harness<tiny> h;
    REQUIRE(h.c.connect(options()).ok());
    CHECK(h.c.output() == bytes("+++"));
    h.c.output_written(3);
    CHECK(h.c.feed("a") == 1);
    h.c.end_of_burst();
    CHECK(h.written() == "a");
    CHECK(h.c.feed("+ok") == 3);
    CHECK_FALSE(h.c.next_event());
    CHECK(h.c.output() == bytes(configuration[0].data(), configuration[0].size()));
    h.c.output_written(1);  // 'A' written, the module answers anyway: the rest stays ahead of the next
    CHECK(h.c.feed("\r\nOK\r\n") == 6);
    CHECK(describe(h.c.next_event()) == "disconnected modem_error (buffer_too_small)");
    CHECK(h.c.output().empty());

    client::drivers::usr d;
    d.sni = false;
    harness<usr_client> w{usr_client(d)};
    client::connect_options o = options();
    o.tls_context = 1;
    REQUIRE(w.c.connect(o).ok());
    CHECK(escape(w, false).empty());
    for (const std::string& cmd : configuration) {
        const std::string sent = w.written();
        CHECK(sent == (cmd == "AT+SSLEN=OFF\r" ? "AT+SSLEN=ON\r" : cmd == "AT+SSLAUTH=NONE\r" ? "AT+SSLAUTH=PEER\r" : cmd));
        CHECK(w.modem("\r\nOK\r\n").empty());
    }
    CHECK(w.advance(10000) == lines{"connected new"});
    CHECK(w.advance(50).empty());
    std::uint16_t tag = 0;
    for (int i = 0; i < 65536; ++i) {
        const mqtt::subscription s[] = {{"t", Q::at_least_once}};
        tag = w.c.subscribe(s).value();
        w.c.output_written(w.c.output().size());
        (void)w.c.next_event();
        w.c.poll(w.now += 50);
        w.c.poll(w.now += 50);
    }
    CHECK(tag == 1);  // 65535 tags, then 1 again (never 0)
}

TEST_CASE("usr: next_deadline while a frame comes in") {
    harness<usr_client> h;
    connect(h, options());
    CHECK(h.c.feed("0,t,x") == 5);
    CHECK(h.c.next_deadline() == h.now);  // bytes came: poll now to take their time
    h.c.poll(h.now += 10);
    CHECK(h.c.next_deadline() == h.now + 50);
    REQUIRE(h.c.publish("t", "y").ok());  // the host's line has long been quiet: it goes at once
    CHECK(client::reached(h.now, *h.c.next_deadline()));
    CHECK(h.written() == "0,0,t,0,0,y");
    CHECK(h.pull() == lines{"published 0"});
    h.c.poll(h.now += 10);  // takes the write's time
    REQUIRE(h.c.publish("t", "z").ok());
    CHECK(h.c.next_deadline() == h.now + 40);  // the received frame ends first, the next frame 10 ms later
    h.c.poll(h.now += 39);
    CHECK(h.pull().empty());
    h.c.poll(h.now += 1);
    CHECK(h.pull() == lines{"message t 'x' 0/1 q0"});
    CHECK(h.c.next_deadline() == h.now + 10);
    h.c.poll(h.now += 10);
    CHECK(h.written() == "0,0,t,0,0,z");
}

namespace {
// The escape and the first configuration command, at compile time.
constexpr bool escape_at_compile_time() {
    client::at_client<client::drivers::usr, 32, 64> c;
    c.poll(1000);
    client::connect_options o;
    o.client_id = "id";
    o.host = "h";
    if (!c.connect(o).ok() || !(c.output() == bytes("+++"))) return false;
    c.output_written(3);
    c.poll(1000);
    if (c.feed("a") != 1) return false;
    c.end_of_burst();
    if (!(c.output() == bytes("a"))) return false;
    c.output_written(1);
    if (c.feed("+ok") != 3 || c.next_event()) return false;
    return c.output() == bytes("AT+WKMOD=MQTT,NOR\r") && c.next_deadline() == 1000u;
}
}  // namespace

TEST_CASE("usr: the client is constexpr") { STATIC_REQUIRE(escape_at_compile_time()); }

TEST_CASE("usr: preset subscriptions in the configuration; their messages carry the filter") {
    const atmqtt::usr::topic_preset presets[] = {{1, "dev/+/in", 1, 0, true}, {2, "off/topic", 0, 0, false}};
    client::drivers::usr d;
    d.presets = presets;
    harness<usr_client> h(usr_client{d}, feeding_of(GENERATE(0, 1)));
    REQUIRE(h.c.connect(options()).ok());
    CHECK(escape(h, false).empty());
    std::vector<std::string> expected = configuration;
    expected.insert(expected.end() - 2, {"AT+MQTTSUBTP=1,1,dev/+/in,1\r", "AT+MQTTSUBTP=2,0,off/topic,0\r"});
    for (const std::string& cmd : expected) {
        CHECK(h.written() == cmd);
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.advance(10000) == lines{"connected new"});
    const std::pair<const char*, const char*> frames[] = {{"1,a", "message dev/+/in 'a' 0/1 q0"},
                                                          {"2,b", "message  'b' 0/1 q0"},  // a slot turned off
                                                          {"3,c", "message  'c' 0/1 q0"},  // not configured here
                                                          {"0,t,d", "message t 'd' 0/1 q0"}};
    for (const auto& f : frames) {
        CHECK(h.modem(f.first).empty());
        h.c.end_of_burst();
        CHECK(h.pull() == lines{f.second});
    }
}

TEST_CASE("usr: a frame cut at every offset, with polls between the pieces, is one message") {
    const std::string f = "0,dev/in,a,b\r\n\xff";
    for (std::size_t cut = 1; cut < f.size(); ++cut) {
        INFO("cut at " << cut);
        harness<usr_client> h;
        connect(h, options());
        CHECK(h.c.feed(bytes(f.data(), cut)) == cut);
        CHECK(h.advance(0).empty());   // bytes are timed by the next poll
        CHECK(h.advance(49).empty());  // less than the gap: the burst goes on
        CHECK(h.c.feed(bytes(f.data() + cut, f.size() - cut)) == f.size() - cut);
        CHECK(h.advance(0).empty());
        CHECK(h.advance(49).empty());
        CHECK(h.advance(1) == lines{"message dev/in 'a,b\r\n\xff' 0/6 q0"});
    }
}

TEST_CASE("usr: the supervisor reconnects after a failed escape and subscribes its table, one frame each") {
    harness<usr_client> h;
    const client::connect_options o = options();
    const mqtt::subscription table[] = {{"a/1", Q::at_most_once}, {"b/2", Q::exactly_once}};
    client::supervisor<usr_client> sup(h.c, o, table, {1000, 60000});
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "+++");
    h.c.poll(h.now);
    h.c.poll(h.now += 3000);
    client::event e = h.c.next_event();
    CHECK(describe(e) == "disconnected command_timeout (client_command_timeout)");
    sup.on_event(e, h.now, 0);
    CHECK(sup.next_deadline() == h.now + 1000);
    sup.poll(h.now += 1000);
    CHECK(escape(h, false).empty());  // the supervisor's connect() starts with "+++" again
    for (const std::string& cmd : configuration) {
        CHECK(h.written() == cmd);
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    h.c.poll(h.now);
    h.c.poll(h.now += 10000);
    e = h.c.next_event();
    CHECK(describe(e) == "connected new");
    sup.on_event(e, h.now, 0);
    CHECK(frame(h) == "0,1,a/1,0");
    e = h.c.next_event();
    CHECK(describe(e) == "subscribed 1 0");
    sup.on_event(e, h.now, 0);
    CHECK(frame(h) == "0,1,b/2,2");
    e = h.c.next_event();
    CHECK(describe(e) == "subscribed 2 2");
    sup.on_event(e, h.now, 0);
    CHECK(sup.resubscribed());
}

// ---- issue 20: the driver's output size, long frames as chunks, the recovery ladder ------------------

// The longest write: a publish frame with the largest topic and payload (the client's default TxCapacity).
static_assert(client::drivers::usr::tx_capacity == 1161);
static_assert(sizeof(client::at_client<client::drivers::usr>) > client::drivers::usr::tx_capacity);

TEST_CASE("usr: the default output takes the largest topic and payload the capabilities allow") {
    using full = client::at_client<client::drivers::usr>;
    harness<full> h(full{});
    const client::connect_options o = options();
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "+++");
    CHECK(h.modem("a").empty());
    h.c.end_of_burst();
    CHECK(h.pull().empty());
    CHECK(h.written() == "a");
    CHECK(h.modem("+ok").empty());
    for (const std::string& cmd : configuration) {
        CHECK(h.written() == cmd);
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.advance(0).empty());
    CHECK(h.advance(10000) == lines{"connected new"});
    const std::string topic(full::caps().max_topic, 't');
    const std::string payload(full::caps().max_payload, 'p');
    REQUIRE(h.c.publish(topic, payload, Q::exactly_once, true).value() == 1);
    CHECK(frame(h) == "0,0," + topic + ",2,1," + payload);
    CHECK(h.pull() == lines{"published 1"});
    CHECK(h.c.publish(topic + "t", payload).error() == errc::client_topic_too_long);  // the capability's limit
}

TEST_CASE("usr: a frame longer than the line buffer comes as chunks; the last carries the total") {
    const bool by_time = GENERATE(false, true);
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1, 5, 127, 128, 129)));
    const client::connect_options o = options();
    connect(h, o);
    const std::string unknown = std::to_string(usr_client::unknown_total);
    std::string payload;
    for (int i = 0; i < 300; ++i) payload += static_cast<char>(i);  // every byte value, commas and CR LF too
    CHECK(h.modem("0,t/1," + payload) == lines{"message t/1 '" + payload.substr(0, 122) + "' 0/" + unknown + " q0",
                                               "message t/1 '" + payload.substr(122, 122) + "' 122/" + unknown + " q0"});
    lines last;
    if (by_time) {
        CHECK(h.advance(1).empty());
        last = h.advance(50);
    } else {
        h.c.end_of_burst();
        last = h.pull();
    }
    CHECK(last == lines{"message t/1 '" + payload.substr(244) + "' 244/300 q0"});
    // A frame exactly as long as the buffer is one message; one byte more makes it two.
    const std::string fits = "0,t/2," + std::string(122, 'x');
    CHECK(h.modem(fits).empty());
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message t/2 '" + std::string(122, 'x') + "' 0/122 q0"});
    CHECK(h.modem(fits + "y").size() == 1);
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message t/2 'y' 122/123 q0"});
    // A preset slot's frame, chunked the same way.
    CHECK(h.modem("1," + std::string(200, 'z')).size() == 1);
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message  '" + std::string(74, 'z') + "' 126/200 q0"});
    // A head that does not fit (no payload in the buffer) or does not read: at_line_too_long at its end.
    CHECK(h.modem("0," + std::string(126, 'h') + ",x").empty());
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"error 0 (at_line_too_long)"});
    CHECK(h.modem("11," + std::string(200, 'q')).empty());
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"error 0 (at_line_too_long)"});
    CHECK(h.modem("0,t/3,ok").empty());  // and the next frame is whole again
    h.c.end_of_burst();
    CHECK(h.pull() == lines{"message t/3 'ok' 0/2 q0"});
}

TEST_CASE("usr: a chunk's event is taken before the rest of the fed bytes; a burst end waits for them") {
    harness<usr_client> h;
    connect(h, options());
    const std::string f = "0,t," + std::string(130, 'x');
    REQUIRE(h.c.feed(bytes(f)) == f.size());
    CHECK(h.c.feed("more") == 0);  // the chunk is not read to its end
    h.c.end_of_burst();                                 // applied once the rest is read
    client::event e = h.c.next_event();
    CHECK(e.message.payload.size() == 124);
    CHECK(!e.message.last_chunk());
    e = h.c.next_event();
    CHECK(e.message.payload == "xxxxxx");
    CHECK(e.message.offset == 124);
    CHECK(e.message.last_chunk());
    CHECK(!h.c.next_event());
}

TEST_CASE("usr: the recovery ladder") {
    harness<usr_client> h(usr_client{}, feeding_of(GENERATE(0, 1)));
    const client::connect_options o = options();
    SECTION("the escape answered: the configuration and the restart, as connect()") {
        REQUIRE(h.c.recover(o).ok());
        CHECK(escape(h, false).empty());
        for (const std::string& cmd : configuration) {
            CHECK(h.written() == cmd);
            CHECK(h.modem("\r\nOK\r\n").empty());
        }
        CHECK(h.advance(0).empty());
        CHECK(h.advance(10000) == lines{"connected new"});
        CHECK(h.c.recover(o).error() == errc::client_already_connected);
    }
    SECTION("no answer to the escape: the module may be in command mode already") {
        connect(h, o);  // the client believes it in data mode, the module restarted into command mode
        REQUIRE(h.c.disconnect().ok());
        CHECK(h.advance(0).empty());
        CHECK(h.advance(200).empty());
        CHECK(h.written() == "+++");
        CHECK(h.advance(3000) == lines{"disconnected command_timeout (client_command_timeout)"});
        REQUIRE(h.c.recover(o).ok());
        CHECK(h.advance(200).empty());
        CHECK(h.written() == "+++");
        CHECK(h.advance(0).empty());
        CHECK(h.advance(3000).empty());  // no 'a': the next rung
        for (const std::string& cmd : configuration) {
            CHECK(h.written() == cmd);
            CHECK(h.modem(cmd + "\r\nOK\r\n").empty());
        }
        CHECK(h.advance(0).empty());
        CHECK(h.advance(10000) == lines{"connected new"});
    }
    SECTION("a broken +ok: the next rung too") {
        REQUIRE(h.c.recover(o).ok());
        CHECK(h.written() == "+++");
        CHECK(h.modem("a").empty());
        h.c.end_of_burst();
        CHECK(h.written() == "a");
        CHECK(h.modem("+x").empty());
        CHECK(h.written() == configuration[0]);
    }
    SECTION("the configuration refused or not answered: reset the module") {
        REQUIRE(h.c.recover(o).ok());
        CHECK(escape(h, false).empty());
        CHECK(h.written() == configuration[0]);
        CHECK(h.modem("\r\nERROR\r\n") == lines{"disconnected module_reset_needed (client_command_failed)"});
        REQUIRE(h.c.recover(o).ok());
        CHECK(h.advance(0).empty());
        CHECK(h.advance(200).empty());  // the guard time before "+++"
        CHECK(h.written() == "+++");
        CHECK(h.advance(0).empty());
        CHECK(h.advance(3000).empty());
        CHECK(h.written() == configuration[0]);
        CHECK(h.advance(0).empty());
        CHECK(h.advance(2000) == lines{"disconnected module_reset_needed (client_command_timeout)"});
        REQUIRE(h.c.connect(o).ok());  // connect() is not on the ladder: a plain failure again
        CHECK(h.written() == "+++");
        CHECK(h.advance(0).empty());
        CHECK(h.advance(3000) == lines{"disconnected command_timeout (client_command_timeout)"});
    }
}

TEST_CASE("usr: the supervisor climbs the ladder and stops when the module needs a reset") {
    harness<usr_client> h;
    const client::connect_options o = options();
    client::supervisor<usr_client> sup(h.c, o, {}, {1000, 60000});
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.written() == "+++");
    h.c.poll(h.now);
    h.c.poll(h.now += 3000);
    client::event e = h.c.next_event();
    CHECK(describe(e) == "disconnected command_timeout (client_command_timeout)");
    sup.on_event(e, h.now, 0);
    sup.poll(h.now += 1000);  // recover(): the escape, then the configuration unanswered
    CHECK(h.written() == "+++");
    h.c.poll(h.now);
    h.c.poll(h.now += 3000);
    CHECK(h.written() == configuration[0]);
    h.c.poll(h.now);
    h.c.poll(h.now += 2000);
    e = h.c.next_event();
    CHECK(describe(e) == "disconnected module_reset_needed (client_command_timeout)");
    sup.on_event(e, h.now, 0);
    CHECK(sup.reset_needed());
}

TEST_CASE("usr: the driver's TLS authentication as the module's word; a value the module has none for refuses the connect") {
    client::drivers::usr d;
    d.tls_auth = atmqtt::usr::ssl_auth::all;
    harness<usr_client> h{usr_client(d)};
    client::connect_options o = options();
    o.tls_context = 0;
    REQUIRE(h.c.connect(o).ok());
    CHECK(escape(h, false).empty());
    for (const std::string& cmd : configuration) {
        CHECK(h.written() == (cmd == "AT+SSLEN=OFF\r"    ? "AT+SSLEN=ON\r"
                              : cmd == "AT+SSLAUTH=NONE\r" ? "AT+SSLAUTH=ALL\r"
                              : cmd == "AT+SSLCFG=OFF\r"   ? "AT+SSLCFG=ON\r"
                                                           : cmd));
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.advance(10000) == lines{"connected new"});

    d.tls_auth = static_cast<atmqtt::usr::ssl_auth>(at_run_time(3));
    usr_client c(d);
    const atmqtt::status s = c.connect(o);
    CHECK(s.error() == errc::at_invalid_enum);
    CHECK(s.offset() == 0);
    CHECK(c.output().empty());
    CHECK_FALSE(c.connected());
}
