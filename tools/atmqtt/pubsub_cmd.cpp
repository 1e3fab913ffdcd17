// `atmqtt pub` and `atmqtt sub`: a small mosquitto_pub / mosquitto_sub of the project's own, running the
// sans-I/O MQTT session (client/session.hpp) over a TCP connection to --broker HOST:PORT. The same options
// will drive a modem's built-in MQTT once the MQTT-over-AT client exists (--dialect D --device PATH).
#include <atmqtt/client/session.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "command.hpp"
#include "json.hpp"
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
    "(--dialect D --device PATH, to publish through a modem's own MQTT, are reserved for the AT client.)\n";

constexpr std::string_view sub_usage =
    "usage: atmqtt sub --broker HOST:PORT [-i ID] -t FILTER [-t FILTER ...] [-q 0|1|2] [-C COUNT] [-W SECONDS]\n"
    "                  [-u USER -P PASS] [-k SECONDS] [-c] [-V 31|311]\n"
    "Subscribes and prints one JSON object per message and line: {\"topic\":\"...\",\"payload\":\"...\"}, with\n"
    "\"payload_hex\" instead when the payload is not UTF-8 (and \"qos\", \"retain\" when set). Exit 0 after COUNT\n"
    "messages (default: run until interrupted), 1 on timeout (-W), refusal or link error (message on\n"
    "stderr), 2 on a bad command line. A message larger than the 4 KiB receive buffer comes in chunks and\n"
    "is printed whole.\n"
    "(--dialect D --device PATH, to subscribe through a modem's own MQTT, are reserved for the AT client.)\n";

struct options {
    std::string broker, client_id, user, password, message, file;
    std::vector<std::string> topics;
    bool has_message = false, has_file = false, has_user = false, has_password = false;
    bool retain = false, keep_session = false;
    int qos = 0;
    unsigned keep_alive = 60;
    unsigned long count = 0, wait_s = 0;
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
        } else if (k == "--dialect" || k == "--device") {
            std::cerr << name << ": " << k << " needs the MQTT-over-AT client, which this build does not have yet\n";
            return false;
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
    std::string s = client::to_string(e.reason);
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

int run_pub(const args& a) {
    options o;
    if (const int status = parse_or_help(a, true, o); status >= 0) return status;
    one_message m{o.topics.front(), o.message};
    if (o.has_file && !read_input(o.file, m.payload)) return exit_usage;
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

int run_sub(const args& a) {
    options o;
    if (const int status = parse_or_help(a, false, o); status >= 0) return status;
    static char rx[rx_size], tx[4096];
    client::session<4> s(rx, tx);
    tcp_link link;
    if (const int status = start("atmqtt sub", o, s, link); status >= 0) return status;
    std::string error;
    std::vector<mqtt::subscription> subs;
    for (const auto& t : o.topics) subs.push_back({t, static_cast<mqtt::qos>(o.qos)});
    unsigned long received = 0;
    bool failed = false;
    std::string topic, payload;  // a message being assembled from chunks
    const auto on_event = [&](const client::event& e) {
        switch (e.type) {
            case client::event_type::connected: {
                const auto r = s.subscribe(atmqtt::span<const mqtt::subscription>(subs.data(), subs.size()));
                if (!r) {
                    error = std::string("subscribe refused: ") + std::string(atmqtt::to_string(r.error()));
                    failed = true;
                }
                break;
            }
            case client::event_type::subscribed:
                for (const auto code : e.granted) {
                    if (code == mqtt::suback_return_code::failure) {
                        error = "the broker refused a subscription";
                        failed = true;
                    }
                }
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
            case client::event_type::disconnected:
                error = "disconnected: " + explain(e);
                failed = true;
                break;
            default: break;
        }
    };
    const client::time_ms start = now_ms();
    const client::time_ms until = start + static_cast<client::time_ms>(o.wait_s * 1000);
    while (!failed && (o.count == 0 || received < o.count)) {
        if (o.wait_s != 0 && client::reached(now_ms(), until)) {
            error = "timeout after " + std::to_string(o.wait_s) + " s with " + std::to_string(received) + " of " +
                    std::to_string(o.count) + " messages";
            failed = true;
            break;
        }
        const client::time_ms step_until = o.wait_s != 0 ? until : now_ms() + 1000;
        if (!link.pump(s, step_until, on_event) && !failed) {
            error = "the link closed";
            failed = true;
        }
    }
    if (failed) {
        std::cerr << "atmqtt sub: " << error << "\n";
        return exit_bad_input;
    }
    (void)s.disconnect();
    (void)link.flush(s);
    return exit_ok;
}

const registration pub_group{{"pub", "publish one message over TCP (an MQTT session of the library's own)", &run_pub}};
const registration sub_group{{"sub", "subscribe over TCP and print messages as JSON lines", &run_sub}};

}  // namespace
}  // namespace atmqtt_tool
