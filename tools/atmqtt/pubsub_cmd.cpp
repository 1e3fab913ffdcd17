// `atmqtt pub` and `atmqtt sub`: a small mosquitto_pub / mosquitto_sub of the project's own, running the
// sans-I/O MQTT session (client/session.hpp) over a TCP connection to --broker HOST:PORT, or, with
// --dialect D --device PATH, the MQTT-over-AT client (client/at_client.hpp) through a modem's built-in
// MQTT on a serial device (a USB modem, or `atmqtt modem`'s pseudo-terminal). The application code below
// is the same for both engines: connect, then publish or subscribe on the events.
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>
#include <atmqtt/client/drivers/usr.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/client/supervisor.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "command.hpp"
#include "json.hpp"
#include "serial_link.hpp"
#include "tcp_link.hpp"

namespace atmqtt_tool {
namespace {

namespace mqtt = atmqtt::mqtt;

constexpr std::string_view pub_usage =
    "usage: atmqtt pub --broker HOST:PORT [-i ID] -t TOPIC (-m MSG | -f FILE) [-q 0|1|2] [-r]\n"
    "                  [-u USER -P PASS] [-k SECONDS] [-c] [-V 31|311]\n"
    "Connects, publishes one message and disconnects. Exit 0 when the publish is complete (at QoS 1 and 2:\n"
    "acknowledged by the broker), 1 on a broker refusal, timeout or link error (message on stderr), 2 on a\n"
    "bad command line. -c keeps the session (clean session off), -k is the keep-alive (default 60 s),\n"
    "-V the protocol level (311: MQTT 3.1.1, the default; 31: MQTT 3.1). -f - reads stdin.\n"
    "--dialect quectel|onemo|risinghf|usr --device PATH [--baud N] publishes through the modem's own MQTT on\n"
    "a serial device (raw, default 115200 baud); --broker is then the host the modem connects to.\n"
    "usr: the module is configured and restarted (AT+S); --restart-ms N is how long it takes to come back\n"
    "connected (default 10000); a publish is complete when its frame is written (the module reports nothing).\n";

constexpr std::string_view sub_usage =
    "usage: atmqtt sub --broker HOST:PORT [-i ID] -t FILTER [-t FILTER ...] [-q 0|1|2] [-C COUNT] [-W SECONDS]\n"
    "                  [-u USER -P PASS] [-k SECONDS] [-c] [-V 31|311]\n"
    "Subscribes and prints one JSON object per message and line: {\"topic\":\"...\",\"payload\":\"...\"}, with\n"
    "\"payload_hex\" instead when the payload is not UTF-8 (and \"qos\", \"retain\" when set). Exit 0 after COUNT\n"
    "messages (default: run until interrupted), 1 on timeout (-W), refusal or link error (message on\n"
    "stderr), 2 on a bad command line. A message larger than the 4 KiB receive buffer comes in chunks and\n"
    "is printed whole.\n"
    "--dialect quectel|onemo|risinghf|usr --device PATH [--baud N] subscribes through the modem's own MQTT on\n"
    "a serial device (raw, default 115200 baud); --broker is then the host the modem connects to.\n"
    "usr: --restart-ms N as for pub; one filter per subscription frame, granted as asked (no SUBACK).\n";

struct options {
    std::string broker, client_id, user, password, message, file, dialect, device;
    unsigned long baud = 115200;
    std::vector<std::string> topics;
    bool has_message = false, has_file = false, has_user = false, has_password = false;
    bool retain = false, keep_session = false;
    int qos = 0;
    unsigned keep_alive = 60;
    unsigned long count = 0, wait_s = 0;
    unsigned long restart_ms = client::drivers::usr::default_timing.restart_ms;
    mqtt::protocol_level level = mqtt::protocol_level::v3_1_1;
};

bool number(std::string_view text, unsigned long max, unsigned long& out) {
    if (text.empty() || text.size() > 10) return false;
    unsigned long v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<unsigned long>(c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

// Parses the options shared by pub and sub; prints a message on stderr and returns false on a bad one.
bool parse(const args& a, bool pub, options& o, bool& help) {
    const char* name = pub ? "atmqtt pub" : "atmqtt sub";
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string_view k = a[i];
        if (k == "-h" || k == "--help") {
            help = true;
            return true;
        }
        const bool flag = k == "-r" || k == "-c";
        if (!flag && i + 1 >= a.size()) {
            std::cerr << name << ": " << k << " needs a value\n";
            return false;
        }
        const std::string v = flag ? std::string() : std::string(a[i + 1]);
        unsigned long n = 0;
        bool ok = true;
        if (k == "--broker") o.broker = v;
        else if (k == "-i" || k == "--id") o.client_id = v;
        else if (k == "-t" || k == "--topic") o.topics.push_back(v);
        else if (pub && (k == "-m" || k == "--message")) o.message = v, o.has_message = true;
        else if (pub && (k == "-f" || k == "--file")) o.file = v, o.has_file = true;
        else if (k == "-q" || k == "--qos") ok = number(v, 2, n), o.qos = static_cast<int>(n);
        else if (pub && k == "-r") o.retain = true;
        else if (k == "-c") o.keep_session = true;
        else if (k == "-u" || k == "--username") o.user = v, o.has_user = true;
        else if (k == "-P" || k == "--pw") o.password = v, o.has_password = true;
        else if (k == "-k" || k == "--keepalive") ok = number(v, 65535, n), o.keep_alive = static_cast<unsigned>(n);
        else if (!pub && (k == "-C" || k == "--count")) ok = number(v, 4000000000ul, o.count);
        else if (!pub && (k == "-W" || k == "--timeout")) ok = number(v, 2000000, o.wait_s);
        else if (k == "-V") {
            ok = v == "31" || v == "311" || v == "mqttv31" || v == "mqttv311";
            o.level = v == "31" || v == "mqttv31" ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
        } else if (k == "--dialect") {
            o.dialect = v;
            ok = v == "quectel" || v == "onemo" || v == "risinghf" || v == "usr";
        } else if (k == "--device") {
            o.device = v;
        } else if (k == "--restart-ms") {
            ok = number(v, 600000, o.restart_ms);
        } else if (k == "--baud") {
            ok = number(v, 4000000, o.baud) && baud_constant(o.baud) != B0;
        } else {
            std::cerr << name << ": unknown option '" << k << "'\n";
            return false;
        }
        if (!ok) {
            std::cerr << name << ": bad value '" << v << "' for " << k << "\n";
            return false;
        }
        if (!flag) ++i;
    }
    if (o.dialect.empty() != o.device.empty()) {
        std::cerr << name << ": --dialect and --device go together\n";
        return false;
    }
    if (o.broker.empty() || o.topics.empty() || (pub && o.topics.size() != 1) ||
        (pub && o.has_message == o.has_file) || o.has_user != o.has_password) {
        std::cerr << name << ": "
                  << (o.broker.empty()                  ? "--broker HOST:PORT is required"
                      : o.topics.empty()                ? "-t is required"
                      : pub && o.topics.size() != 1     ? "one -t only"
                      : pub && o.has_message == o.has_file ? "one of -m and -f is required"
                                                           : "-u and -P go together")
                  << "\n";
        return false;
    }
    if (o.client_id.empty()) o.client_id = std::string("atmqtt-") + (pub ? "pub-" : "sub-") + std::to_string(::getpid());
    return true;
}

client::connect_options connect_options(const options& o) {
    client::connect_options c;
    c.level = o.level;
    c.client_id = o.client_id;
    c.clean_session = !o.keep_session;
    c.keep_alive_s = static_cast<std::uint16_t>(o.keep_alive);
    c.username_flag = c.password_flag = o.has_user;
    c.username = o.user;
    c.password = o.password;
    return c;
}

// What ended a run: a disconnected event or an error event, said in words on stderr.
std::string explain(const client::event& e) {
    std::string s(client::to_string(e.reason));
    if (e.reason == client::disconnect_reason::refused) s += " (CONNACK return code " + std::to_string(static_cast<int>(e.return_code)) + ")";
    if (e.error != atmqtt::errc::ok) s += std::string(" (") + std::string(atmqtt::to_string(e.error)) + ")";
    return s;
}

// The single message of `pub`, handed back for a resend.
struct one_message {
    std::string topic, payload;
    static client::stored_publish load(void* self, std::uint16_t) {
        const auto* m = static_cast<one_message*>(self);
        return {m->topic, m->payload};
    }
};

// Opens the link and writes CONNECT; on failure prints why and returns the exit status (else -1).
template <class Session>
int start(const char* name, const options& o, Session& s, tcp_link& link) {
    std::string error;
    if (!link.open(o.broker, error)) {
        std::cerr << name << ": " << error << "\n";
        return exit_bad_input;
    }
    s.poll(now_ms());
    if (const auto c = s.connect(connect_options(o)); !c) {
        std::cerr << name << ": cannot connect: " << atmqtt::to_string(c.error()) << "\n";
        return exit_usage;
    }
    return -1;
}

constexpr std::size_t rx_size = 4096;
constexpr std::size_t tx_size = 65535;  // the session's output limit: the largest PUBLISH pub can send

// Parses the command line; returns the exit status when there is nothing more to do (--help, an error),
// else -1.
int parse_or_help(const args& a, bool pub, options& o) {
    bool help = false;
    if (!parse(a, pub, o, help)) return exit_usage;
    if (!help) return -1;
    std::cout << (pub ? pub_usage : sub_usage);
    return exit_ok;
}


// Prints one message as a JSON line.
void print_message(const std::string& topic, const std::string& payload, const client::message_view& m) {
    json::writer w;
    w.begin_object().key("topic").string(topic);
    if (json::valid_utf8(payload)) {
        w.key("payload").string(payload);
    } else {
        w.key("payload_hex").hex(payload);
    }
    if (m.qos != mqtt::qos::at_most_once) w.key("qos").number(static_cast<unsigned>(m.qos));
    if (m.retain) w.key("retain").boolean(true);
    w.end_object();
    std::cout << w.str() << '\n' << std::flush;
}

// ---- through a modem's built-in MQTT (the AT client) -------------------------------------------------

// Room for the largest command a dialect writes (OneMO: 1024 bytes as hex) and the longest line a modem
// sends (a message URC with its payload).
constexpr std::size_t at_line = 4200;
constexpr std::size_t at_tx = 4400;
// Added to every manual timeout: the serial link's and the host's own latency.
constexpr client::time_ms at_slack_ms = 2000;

// Runs `body` with a client of the chosen dialect (static storage: the client holds its buffers).
template <class Body>
int with_dialect(const options& o, Body&& body) {
    if (o.dialect == "quectel") {
        static client::at_client<client::drivers::quectel, at_line, at_tx> c({}, at_slack_ms);
        return body(c);
    }
    if (o.dialect == "onemo") {
        static client::at_client<client::drivers::onemo, at_line, at_tx> c({}, at_slack_ms);
        return body(c);
    }
    if (o.dialect == "usr") {
        client::drivers::usr d;
        d.timing.restart_ms = static_cast<client::time_ms>(o.restart_ms);
        static client::at_client<client::drivers::usr, at_line, at_tx> c(d, at_slack_ms);
        return body(c);
    }
    static client::at_client<client::drivers::risinghf, at_line, at_tx> c({}, at_slack_ms);
    return body(c);
}

// Opens the device and starts connect(); the strings live in `host` and `o` until the end.
template <class Client>
int start_at(const char* name, const options& o, Client& c, serial_link& link, std::string& host) {
    std::string port;
    if (!split_host_port(o.broker, host, port)) {
        std::cerr << name << ": --broker wants HOST:PORT, got '" << o.broker << "'\\n";
        return exit_usage;
    }
    unsigned long port_number = 0;
    if (!number(port, 65535, port_number)) {
        std::cerr << name << ": bad port '" << port << "'\\n";
        return exit_usage;
    }
    std::string error;
    if (!link.open(o.device, o.baud, error)) {
        std::cerr << name << ": " << error << "\\n";
        return exit_bad_input;
    }
    static client::connect_options options;  // its views must outlive the connection
    options = connect_options(o);
    options.host = host;
    options.port = static_cast<std::uint16_t>(port_number);
    c.poll(now_ms());
    if (const auto s = c.connect(options); !s) {
        std::cerr << name << ": cannot connect: " << atmqtt::to_string(s.error()) << "\\n";
        return exit_usage;
    }
    return -1;
}

template <class Client>
int pub_at(const options& o, const one_message& m, Client& c) {
    serial_link link;
    std::string host;
    if (const int status = start_at("atmqtt pub", o, c, link, host); status >= 0) return status;
    std::string error;
    enum { connecting, publishing, closing, done, failed } step = connecting;
    const auto on_event = [&](const client::event& e) {
        if (e.type == client::event_type::connected) {
            const auto r = c.publish(m.topic, m.payload, static_cast<mqtt::qos>(o.qos), o.retain);
            if (!r) {
                error = std::string("publish refused: ") + std::string(atmqtt::to_string(r.error()));
                step = failed;
                return;
            }
            step = publishing;
        } else if (e.type == client::event_type::published && step == publishing) {
            step = c.disconnect() ? closing : done;
        } else if (e.type == client::event_type::error && step == publishing) {
            error = std::string("publish failed: ") + std::string(atmqtt::to_string(e.error));
            step = failed;
        } else if (e.type == client::event_type::disconnected) {
            if (step == closing) {
                step = done;  // the publish was complete; a failed DISCONNECT does not undo it
            } else {
                error = "disconnected: " + explain(e);
                step = failed;
            }
        }
    };
    while (step != done && step != failed) {
        if (!link.pump(c, now_ms() + 1000, on_event)) {
            error = "the serial device failed";
            step = failed;
        }
    }
    if (step != done) {
        std::cerr << "atmqtt pub: " << error << "\\n";
        return exit_bad_input;
    }
    return exit_ok;
}

// Ends a subscription run politely: DISCONNECT written (TCP), or the modem's disconnect result awaited
// (bounded by the command's timeout) so the modem is left free.
template <class Session>
void finish(Session& s, tcp_link& link) {
    (void)s.disconnect();
    (void)link.flush(s);
}
template <class Client>
void finish(Client& c, serial_link& link) {
    if (!c.disconnect()) return;
    bool closed = false;
    const client::time_ms stop = now_ms() + 40000;
    while (!closed && !client::reached(now_ms(), stop) &&
           link.pump(c, now_ms() + 1000, [&](const client::event& e) { closed = e.type == client::event_type::disconnected; })) {
    }
}

// `sub` for either engine once connect() was called: subscribes (as many filters per request as the
// engine takes), prints messages, stops after -C messages or -W seconds.
template <class Engine, class Link>
int subscribe_loop(const options& o, Engine& c, Link& link) {
    std::string error;
    std::vector<mqtt::subscription> subs;
    for (const auto& t : o.topics) subs.push_back({t, static_cast<mqtt::qos>(o.qos)});
    std::size_t next = 0;
    unsigned long received = 0;
    bool failed = false;
    std::string topic, payload;  // a message being assembled from chunks
    const auto subscribe_next = [&] {
        if (next >= subs.size()) return;
        const std::size_t n = std::min(client::detail::filters_per_request<Engine>(0), subs.size() - next);
        const auto r = c.subscribe(atmqtt::span<const mqtt::subscription>(subs.data() + next, n));
        if (!r) {
            error = std::string("subscribe refused: ") + std::string(atmqtt::to_string(r.error()));
            failed = true;
        }
        next += n;
    };
    const auto on_event = [&](const client::event& e) {
        switch (e.type) {
            case client::event_type::connected: subscribe_next(); break;
            case client::event_type::subscribed:
                for (const auto code : e.granted) {
                    if (code == mqtt::suback_return_code::failure) {
                        error = "the broker refused a subscription";
                        failed = true;
                    }
                }
                subscribe_next();
                break;
            case client::event_type::message:
                if (e.message.offset == 0) {
                    topic.assign(e.message.topic);
                    payload.clear();
                }
                payload.append(e.message.payload);
                if (e.message.last_chunk() && (o.count == 0 || received < o.count)) {
                    print_message(topic, payload, e.message);
                    ++received;
                }
                break;
            case client::event_type::message_skipped:
                std::cerr << "atmqtt sub: skipped a message of " << e.message.total << " bytes (its topic does not fit)\n";
                break;
            case client::event_type::error:  // the modem failed the subscribe (the session reports none such)
                if (e.error == atmqtt::errc::client_command_failed || e.error == atmqtt::errc::client_command_timeout) {
                    error = std::string("subscribe failed: ") + std::string(atmqtt::to_string(e.error));
                    failed = true;
                }
                break;
            case client::event_type::disconnected:
                error = "disconnected: " + explain(e);
                failed = true;
                break;
            default: break;
        }
    };
    const client::time_ms until = now_ms() + static_cast<client::time_ms>(o.wait_s * 1000);
    while (!failed && (o.count == 0 || received < o.count)) {
        if (o.wait_s != 0 && client::reached(now_ms(), until)) {
            error = "timeout after " + std::to_string(o.wait_s) + " s with " + std::to_string(received) + " of " +
                    std::to_string(o.count) + " messages";
            failed = true;
            break;
        }
        if (!link.pump(c, o.wait_s != 0 ? until : now_ms() + 1000, on_event) && !failed) {
            error = "the link closed";
            failed = true;
        }
    }
    if (failed) {
        std::cerr << "atmqtt sub: " << error << "\n";
        return exit_bad_input;
    }
    finish(c, link);
    return exit_ok;
}

template <class Client>
int sub_at(const options& o, Client& c) {
    serial_link link;
    std::string host;
    if (const int status = start_at("atmqtt sub", o, c, link, host); status >= 0) return status;
    return subscribe_loop(o, c, link);
}

int run_pub(const args& a) {
    options o;
    if (const int status = parse_or_help(a, true, o); status >= 0) return status;
    one_message m{o.topics.front(), o.message};
    if (o.has_file && !read_input(o.file, m.payload)) return exit_usage;
    if (!o.dialect.empty()) return with_dialect(o, [&](auto& c) { return pub_at(o, m, c); });
    static char rx[rx_size], tx[tx_size];
    client::session<1> s(rx, tx, {&one_message::load, &m});
    tcp_link link;
    if (const int status = start("atmqtt pub", o, s, link); status >= 0) return status;
    std::string error;
    enum { connecting, publishing, closing, done, failed } step = connecting;
    std::uint16_t id = 0;
    const auto on_event = [&](const client::event& e) {
        if (e.type == client::event_type::connected) {
            const auto r = s.publish(m.topic, m.payload, static_cast<mqtt::qos>(o.qos), o.retain);
            if (!r) {
                error = std::string("publish refused: ") + std::string(atmqtt::to_string(r.error()));
                step = failed;
                return;
            }
            id = *r;
            step = publishing;
        } else if ((e.type == client::event_type::published && e.packet_id == id) ||
                   e.type == client::event_type::lost) {
            if (e.type == client::event_type::lost) {
                error = "the message was lost";
                step = failed;
                return;
            }
            step = closing;
        } else if (e.type == client::event_type::disconnected && step != closing) {
            error = "disconnected: " + explain(e);
            step = failed;
        }
    };
    while (step != done && step != failed) {
        if (step == publishing && id == 0 && s.output().empty()) step = closing;  // QoS 0: written is done
        if (step == closing) {
            (void)s.disconnect();
            while (const client::event e = s.next_event()) on_event(e);
            if (!link.flush(s)) break;
            step = done;
            break;
        }
        if (!link.pump(s, now_ms() + 1000, on_event) && step != done) {
            if (error.empty()) error = "the link closed";
            step = failed;
        }
    }
    if (step != done) {
        std::cerr << "atmqtt pub: " << error << "\n";
        return exit_bad_input;
    }
    return exit_ok;
}

int run_sub(const args& a) {
    options o;
    if (const int status = parse_or_help(a, false, o); status >= 0) return status;
    if (!o.dialect.empty()) return with_dialect(o, [&](auto& c) { return sub_at(o, c); });
    static char rx[rx_size], tx[4096];
    client::session<4> s(rx, tx);
    tcp_link link;
    if (const int status = start("atmqtt sub", o, s, link); status >= 0) return status;
    return subscribe_loop(o, s, link);
}

const registration pub_group{{"pub", "publish one message over TCP, or through a modem (--dialect, --device)", &run_pub}};
const registration sub_group{{"sub", "subscribe over TCP or through a modem and print messages as JSON lines", &run_sub}};

}  // namespace
}  // namespace atmqtt_tool
