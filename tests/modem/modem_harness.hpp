// The virtual modems' test bed: a scripted in-process broker built from the codec (answers CONNECT,
// SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PUBREL, PINGREQ; delivers messages on demand), a harness that wires a
// modem to it, and a log replayer that feeds the host side of a manual's worked example.
#pragma once

#include <atmqtt/mqtt.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../tools/modem/engine.hpp"
#include "../catch.hpp"

namespace modem_test {

namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;

template <class Packet>
std::string wire(const Packet& p, mqtt::protocol_level level = mqtt::protocol_level::v3_1_1) {
    std::string out(70000, '\0');
    const auto n = mqtt::encode(p, atmqtt::mutable_bytes(&out[0], out.size()), level);
    REQUIRE(n.ok());
    out.resize(*n);
    return out;
}

struct scripted_broker {
    struct message {
        std::string topic, payload;
        int qos = 0;
        bool retain = false;
        bool operator==(const message& o) const {
            return topic == o.topic && payload == o.payload && qos == o.qos && retain == o.retain;
        }
    };
    std::string in, out;
    int connack_code = 0;
    int grant = -1;        // SUBACK code for every filter; -1: the requested QoS
    bool answer = true;    // acknowledge PUBLISH / SUBSCRIBE / UNSUBSCRIBE at once
    std::vector<std::string> seen;        // one line per packet received ("CONNECT id", "PUBLISH t q1", ...)
    std::vector<message> published;       // what the modem published
    std::string connect_user, connect_password, will_topic;
    int keep_alive = -1;
    bool clean = false;
    std::uint16_t next_id = 1;

    void from_modem(std::string_view b) {
        in.append(b.data(), b.size());
        for (;;) {
            mqtt::frame_status f = mqtt::check_frame(bytes(in.data(), in.size()));
            if (f.state != mqtt::frame_state::complete) return;
            std::string frame = in.substr(0, f.size);
            in.erase(0, f.size);
            auto p = mqtt::decode(bytes(frame.data(), frame.size()));
            REQUIRE(p.ok());
            handle(*p);
        }
    }
    void handle(const mqtt::packet& p) {
        if (auto c = p.get_if<mqtt::connect>()) {
            seen.push_back("CONNECT " + std::string(c->client_id));
            connect_user = std::string(c->username);
            connect_password = std::string(c->password);
            keep_alive = c->keep_alive;
            clean = c->clean_session;
            if (c->will_flag) will_topic = std::string(c->will.topic);
            out += wire(mqtt::connack{false, static_cast<mqtt::connect_return_code>(connack_code)});
        } else if (auto s = p.get_if<mqtt::subscribe>()) {
            std::string line = "SUBSCRIBE";
            std::vector<mqtt::suback_return_code> codes;
            for (mqtt::subscription x : s->subscriptions) {
                line += " " + std::string(x.topic_filter) + " q" + std::to_string(static_cast<int>(x.qos));
                codes.push_back(static_cast<mqtt::suback_return_code>(grant < 0 ? static_cast<int>(x.qos) : grant));
            }
            seen.push_back(line);
            if (answer) out += wire(mqtt::suback{s->packet_id, atmqtt::span<const mqtt::suback_return_code>(codes.data(), codes.size())});
        } else if (auto u = p.get_if<mqtt::unsubscribe>()) {
            std::string line = "UNSUBSCRIBE";
            for (bytes t : u->topic_filters) line += " " + std::string(t);
            seen.push_back(line);
            if (answer) out += wire(mqtt::unsuback{u->packet_id});
        } else if (auto m = p.get_if<mqtt::publish>()) {
            const int q = static_cast<int>(m->qos);
            seen.push_back("PUBLISH " + std::string(m->topic) + " q" + std::to_string(q));
            published.push_back({std::string(m->topic), std::string(m->payload), q, m->retain});
            if (answer && q == 1) out += wire(mqtt::puback{m->packet_id});
            if (answer && q == 2) out += wire(mqtt::pubrec{m->packet_id});
        } else if (auto r = p.get_if<mqtt::pubrel>()) {
            seen.push_back("PUBREL");
            out += wire(mqtt::pubcomp{r->packet_id});
        } else if (p.get_if<mqtt::pingreq>()) {
            seen.push_back("PINGREQ");
            out += wire(mqtt::pingresp{});
        } else if (p.get_if<mqtt::disconnect>()) {
            seen.push_back("DISCONNECT");
        } else if (p.get_if<mqtt::puback>() || p.get_if<mqtt::pubcomp>()) {
            seen.push_back(p.get_if<mqtt::puback>() ? "PUBACK" : "PUBCOMP");
        } else if (auto rec = p.get_if<mqtt::pubrec>()) {
            seen.push_back("PUBREC");
            out += wire(mqtt::pubrel{rec->packet_id});
        }
    }
    // A PUBLISH to the modem; its packet id (QoS 1/2) is next_id.
    void deliver(std::string_view topic, std::string_view payload, int qos = 0, bool retain = false) {
        mqtt::publish p;
        p.topic = bytes(topic.data(), topic.size());
        p.payload = bytes(payload.data(), payload.size());
        p.qos = static_cast<mqtt::qos>(qos);
        p.retain = retain;
        if (qos != 0) p.packet_id = next_id++;
        out += wire(p);
    }
};

// A modem wired to a scripted broker: open requests succeed at once (unless refuse_open), bytes move both
// ways until nothing moves.
template <class Modem>
struct harness {
    Modem modem;
    scripted_broker broker;
    bool refuse_open = false;
    std::vector<atmqtt_modem::link_request> requests;

    explicit harness(bool echo = true) : modem(echo) {}

    void settle() {
        for (int round = 0; round < 100; ++round) {
            bool moved = false;
            while (modem.has_link_request()) {
                atmqtt_modem::link_request r = modem.take_link_request();
                requests.push_back(r);
                if (r.what == atmqtt_modem::link_request::kind::open) modem.link_opened(!refuse_open);
                moved = true;
            }
            std::string up = modem.take_link_output();
            if (!up.empty()) {
                broker.from_modem(up);
                moved = true;
            }
            if (!broker.out.empty()) {
                std::string down = std::exchange(broker.out, {});
                modem.link_input(down);
                moved = true;
            }
            if (!moved) return;
        }
        FAIL("the modem and the broker never settle");
    }
    // Host bytes in (whole), everything settled, the modem's output out.
    std::string at(std::string_view host) {
        modem.host_input(host);
        modem.idle();
        settle();
        return modem.take_output();
    }
    // The same host bytes split into pieces of `chunk` bytes, settling after each.
    std::string at_chunked(std::string_view host, std::size_t chunk) {
        std::string out;
        for (std::size_t i = 0; i < host.size(); i += chunk) {
            modem.host_input(host.substr(i, chunk));
            modem.idle();
            settle();
            out += modem.take_output();
        }
        return out;
    }
    std::string deliver(std::string_view topic, std::string_view payload, int qos = 0) {
        broker.deliver(topic, payload, qos);
        settle();
        return modem.take_output();
    }
    std::string broker_gone() {
        modem.link_closed();
        settle();
        return modem.take_output();
    }
};

}  // namespace modem_test

namespace modem_test {

// Every split of each host command gives the same bytes as the whole command: the script is run whole
// once, then again with each command cut in two at offset k (1..longest), settling after each piece.
template <class Modem>
void check_every_split(const std::vector<std::string>& script) {
    std::vector<std::string> expected;
    std::size_t longest = 0;
    {
        harness<Modem> h;
        for (const std::string& s : script) {
            expected.push_back(h.at(s));
            longest = std::max(longest, s.size());
        }
    }
    for (std::size_t k = 1; k < longest; ++k) {
        harness<Modem> h;
        for (std::size_t i = 0; i < script.size(); ++i) {
            const std::size_t at = std::min(k, script[i].size());
            std::string out = h.at(script[i].substr(0, at));
            out += h.at(script[i].substr(at));
            CHECK(out == expected[i]);
        }
    }
    harness<Modem> one;  // and one byte at a time
    for (std::size_t i = 0; i < script.size(); ++i) CHECK(one.at_chunked(script[i], 1) == expected[i]);
}

// A worked example of the manuals (examples/logs/NAME), byte for byte; the path is relative to this header.
inline std::string example_log(const std::string& name) {
    std::string here = __FILE__;
    here = here.substr(0, here.find_last_of('/') + 1);
    std::ifstream in(here + "../../examples/logs/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct replayed {
    std::size_t same = 0;  // bytes of the log reproduced exactly
    std::string where;     // empty when the whole log was reproduced, else what differs
};

// Replays the host side of a worked example (both directions in one file, as the modem's output with echo
// on shows it) and returns how many bytes of the log the modem reproduced exactly (log.size(): all of it).
// Host side: every line that starts with "AT" at a line start, up to its CR; after a prompt, the bytes up
// to the next "\r\nOK\r\n" or "\r\nERROR\r\n". Modem-side bytes the modem did not produce by itself are
// handed to `deliver(rest_of_log, broker)`, which makes the broker send the message the URC reports (and
// returns false when the bytes are no such URC).
template <class Modem, class Deliver>
replayed replay(harness<Modem>& h, const std::string& log, Deliver deliver) {
    std::string got;
    auto matches = [&] { return got.size() <= log.size() && log.compare(0, got.size(), got) == 0; };
    while (got.size() < log.size()) {
        const std::size_t pos = got.size();
        const bool line_start = pos == 0 || log[pos - 1] == '\n';
        if (line_start && log.compare(pos, 2, "AT") == 0) {
            const std::size_t cr = log.find('\r', pos);
            if (cr == std::string::npos) break;
            got += h.at(log.substr(pos, cr + 1 - pos));
        } else if (pos != 0 && log[pos - 1] == '>' && h.modem.in_data_phase()) {
            std::size_t end = std::min(log.find("\r\nOK\r\n", pos), log.find("\r\nERROR\r\n", pos));
            if (end == std::string::npos) break;
            got += h.at(log.substr(pos, end - pos));
        } else if (deliver(log.substr(pos), h.broker)) {
            h.settle();
            got += h.modem.take_output();
        } else {
            break;
        }
        if (!matches()) break;
    }
    std::size_t same = 0;
    while (same < got.size() && same < log.size() && got[same] == log[same]) ++same;
    replayed r{same, {}};
    if (same != log.size() || log.empty())
        r.where = "byte " + std::to_string(same) + ": log has [" + log.substr(same, 60) + "], modem wrote [" +
                  got.substr(same, 60) + "]";
    return r;
}

}  // namespace modem_test
