// The virtual OneMO modem (AT+MQTT*, +MQTTURC; OneMO MQTT manual V6.7.0): what docs/virtual-modem.md's
// OneMO table says. The module assigns message ids (<mid>) itself, counting up from next_mid for every
// SUB, UNSUB and PUB; one connect_id (0..5) is served at a time.
#pragma once

#include "engine.hpp"

#include <atmqtt/core/hex.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>

#include <deque>
#include <map>
#include <set>
#include <vector>

namespace atmqtt_modem {

class onemo_modem : public engine {
public:
    explicit onemo_modem(bool echo = true) : engine(atmqtt::onemo::grammar, echo) {}
    void set_next_mid(std::uint16_t mid) { next_mid_ = mid; }  // the module's counter (tests, replays)

private:
    using L = atmqtt::onemo::line_index;
    static const at::line& row(L i) { return atmqtt::onemo::lines[i]; }
    enum class state : std::uint8_t { idle, opening, connecting, connected };
    enum cme : int { invalid_parameter = 601, not_connected = 602, connecting = 603, already_connected = 604 };

    // Configuration items in manual order, their values as written in a query answer (defaults: the
    // manual's, as AT+MQTTCFG="query" prints them).
    std::vector<std::pair<std::string, std::vector<std::string>>> cfg_ = {
        {"version", {"4"}},   {"cid", {"1"}},      {"ssl", {"0", "0"}},      {"keepalive", {"120"}},
        {"clean", {"0"}},     {"retrans", {"20", "0"}}, {"willoption", {"0", "0", "0"}}, {"willpayload", {}},
        {"pingreq", {"120"}}, {"pingresp", {"0"}}, {"encoding", {"0", "0"}}, {"cached", {"0"}},
        {"reconn", {"3", "20", "0"}}};
    state state_ = state::idle;
    int id_ = 0;
    std::uint16_t next_mid_ = 1;
    std::string client_id_, user_, pass_, will_topic_, will_msg_;
    std::map<std::uint16_t, std::uint16_t> mids_;  // session packet id -> the module's mid
    std::vector<std::pair<std::string, int>> subscribed_;
    std::map<std::uint16_t, std::vector<std::pair<std::string, int>>> pending_subs_;
    std::deque<inbound> cache_;
    std::set<std::uint16_t> qos2_;  // publishes completed by PUBCOMP (the others by PUBACK)
    struct pending_publish {
        std::string topic;
        int qos = 0, retain = 0;
    } pub_{};

    std::vector<std::string>* item(const std::string& name) {
        for (auto& i : cfg_)
            if (i.first == name) return &i.second;
        return nullptr;
    }
    int cfg_int(const std::string& name, std::size_t i = 0) {
        std::vector<std::string>* v = item(name);
        return v != nullptr && i < v->size() ? std::stoi((*v)[i]) : 0;
    }
    std::uint16_t take_mid() {
        std::uint16_t m = next_mid_++;
        if (next_mid_ == 0) next_mid_ = 1;
        return m;
    }

    void error(int code) override { final("+CME ERROR: " + std::to_string(code < 0 ? invalid_parameter : code)); }

    void command(const command_line& c) override {
        const std::string_view name = c.desc->name;
        if (c.which == at::form::test) return ok();
        if (name == "MQTTCFG") return configure(c);
        if (name == "MQTTCONN") return conn(c);
        if (name == "MQTTSUB") return sub(c);
        if (name == "MQTTUNSUB") return unsub(c);
        if (name == "MQTTPUB") return pub(c);
        if (name == "MQTTREAD") return read(c);
        if (name == "MQTTSTATE") {
            info(line_of(row(L::line_mqtt_status), {state_ == state::connected ? 2 : state_ == state::idle ? 3 : 1}));
            return ok();
        }
        if (name == "MQTTDISC") return disc();
        ok();
    }

    // AT+MQTTCFG="<item>",<id>[,<values>]: values set, none query; "query" lists every item.
    void configure(const command_line& c) {
        const std::string name(c.desc->selector);
        if (name == "query") {
            for (const auto& i : cfg_) {
                std::string s = "+MQTTCFG: \"" + i.first + "\"";
                for (const std::string& v : i.second) s += ", " + v;
                info(s);
            }
            return ok();
        }
        std::vector<std::string>* values = item(name);
        if (values == nullptr) return error(invalid_parameter);
        bool query = true;
        for (const at::field_value& v : c.params.fields())
            if (v.spec != 0 && v.present()) query = false;
        if (query) {
            std::string s = "+MQTTCFG: \"" + name + "\"";
            for (const std::string& v : *values) s += "," + v;
            info(s);
            return ok();
        }
        if (state_ != state::idle && name != "pingresp" && name != "encoding" && name != "cached")
            return error(already_connected);  // connection parameters: only before AT+MQTTCONN
        std::vector<std::string> set;
        for (const at::field_value& v : c.params.fields()) {
            if (v.spec == 0) continue;
            const std::size_t k = static_cast<std::size_t>(v.spec) - 1;
            std::string t = v.present() ? (v.kind == at::value_kind::integer ? std::to_string(v.number)
                                                                               : "\"" + std::string(v.text) + "\"")
                                        : (k < values->size() ? (*values)[k] : std::string("0"));
            set.push_back(t);
        }
        if (name == "willpayload") {
            will_topic_ = text(c, "will_topic");
            will_msg_ = text(c, "will_msg");
            if (cfg_int("encoding") == 1) {  // <will_msg> is read in the input format set now (§3.1)
                std::string raw(will_msg_.size() / 2, '\0');
                auto n = atmqtt::hex_decode(will_msg_, atmqtt::mutable_bytes(&raw[0], raw.size()));
                if (!n) return error(invalid_parameter);
                will_msg_ = raw;
            }
        }
        for (std::size_t k = set.size(); k < values->size(); ++k) set.push_back((*values)[k]);
        *values = set;
        ok();
    }

    void conn(const command_line& c) {
        if (state_ == state::connected) return error(already_connected);
        if (state_ != state::idle) return error(connecting);
        id_ = num(c, "connect_id");
        client_id_ = text(c, "clientid");
        user_ = text(c, "user");
        pass_ = text(c, "passwd");
        has_auth_ = c.params.find("user") != nullptr && c.params.find("user")->present();
        state_ = state::opening;
        ok();
        request_open(text(c, "host"), static_cast<std::uint16_t>(num(c, "port", 1883)));
    }
    bool has_auth_ = false;
    void on_link_open(bool up) override {
        if (state_ != state::opening) return;
        if (!up) {
            state_ = state::idle;
            return urc(line_of(row(L::line_connection_state), {id_, 6}));  // network error
        }
        start_session();
        client::connect_options o;
        o.level = cfg_int("version") == 3 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
        o.client_id = client_id_;
        o.clean_session = cfg_int("clean") != 0;
        o.keep_alive_s = static_cast<std::uint16_t>(cfg_int("keepalive"));
        o.username_flag = has_auth_;
        o.username = user_;
        o.password_flag = has_auth_;
        o.password = pass_;
        o.will_flag = cfg_int("willoption") != 0;
        o.will.qos = static_cast<mqtt::qos>(cfg_int("willoption", 1));
        o.will.retain = cfg_int("willoption", 2) != 0;
        o.will.topic = will_topic_;
        o.will.payload = will_msg_;
        if (!session()->connect(o).ok()) {
            state_ = state::idle;
            request_close();
            return urc(line_of(row(L::line_connection_state), {id_, 3}));
        }
        state_ = state::connecting;
        pump();
    }

    bool ready(const command_line& c) {
        if (state_ != state::connected || num(c, "connect_id") != id_) {
            error(not_connected);
            return false;
        }
        return true;
    }
    void sub(const command_line& c) {
        if (c.params.repetitions == 0) {  // AT+MQTTSUB=<id>: the subscriptions
            if (!subscribed_.empty()) {
                std::string s = "+MQTTSUB: ";
                for (std::size_t i = 0; i < subscribed_.size(); ++i)
                    s += (i ? ", \"" : "\"") + subscribed_[i].first + "\", " + std::to_string(subscribed_[i].second);
                info(s);
            }
            return ok();
        }
        if (!ready(c)) return;
        std::vector<std::pair<std::string, int>> wanted;
        for (const at::field_value& v : c.params.fields()) {
            const std::string_view field = c.params.specs[v.spec].name;
            if (field == "topic") wanted.emplace_back(std::string(v.text), 0);
            if (field == "qos") wanted.back().second = static_cast<int>(v.number);
        }
        std::vector<mqtt::subscription> filters;
        for (const auto& w : wanted) filters.push_back({w.first, static_cast<mqtt::qos>(w.second)});
        auto id = session()->subscribe({filters.data(), filters.size()});
        if (!id) return error(invalid_parameter);
        const std::uint16_t mid = take_mid();
        mids_[*id] = mid;
        pending_subs_[*id] = wanted;
        info(line_of(row(L::line_subscribe_sent), {id_, mid}));
        ok();
        pump();
    }
    void unsub(const command_line& c) {
        if (!ready(c)) return;
        std::vector<atmqtt::bytes> topics;
        for (const at::field_value& v : c.params.fields())
            if (c.params.specs[v.spec].name == "topic") topics.emplace_back(v.text);
        auto id = session()->unsubscribe({topics.data(), topics.size()});
        if (!id) return error(invalid_parameter);
        for (atmqtt::bytes t : topics)
            for (auto it = subscribed_.begin(); it != subscribed_.end();)
                it = it->first == t ? subscribed_.erase(it) : it + 1;
        const std::uint16_t mid = take_mid();
        mids_[*id] = mid;
        info(line_of(row(L::line_unsubscribe_sent), {id_, mid}));
        ok();
        pump();
    }
    void pub(const command_line& c) {
        if (!ready(c)) return;
        pub_ = {text(c, "topic"), num(c, "qos"), num(c, "retain")};
        const std::size_t len = static_cast<std::size_t>(num(c, "msg_len"));
        const at::field_value* m = c.params.find("message");
        if (m == nullptr || !m->present()) return prompt(">", len);  // data mode: <msg_len> raw bytes
        std::string payload(m->text);
        if (cfg_int("encoding") == 1) {  // hex input
            std::string raw(payload.size() / 2, '\0');
            auto n = atmqtt::hex_decode(payload, atmqtt::mutable_bytes(&raw[0], raw.size()));
            if (!n || *n != len) return error(invalid_parameter);
            payload = raw;
        }
        if (payload.size() != len) return error(invalid_parameter);
        publish(payload);
    }
    void data(std::string_view payload) override {
        if (state_ != state::connected) return error(not_connected);
        publish(std::string(payload));
    }
    void publish(const std::string& payload) {
        auto id = session()->publish(pub_.topic, payload, static_cast<mqtt::qos>(pub_.qos), pub_.retain != 0);
        if (!id) return error(invalid_parameter);
        const std::uint16_t mid = take_mid();
        if (*id != 0) mids_[*id] = mid;
        if (pub_.qos == 2) qos2_.insert(*id);
        mqtt::publish p;
        p.topic = pub_.topic;
        p.payload = payload;
        p.qos = static_cast<mqtt::qos>(pub_.qos);
        p.packet_id = *id;
        info(line_of(row(L::line_publish_sent), {id_, mid, static_cast<std::int64_t>(*mqtt::encoded_size(p))}));
        ok();
        pump();
    }
    void read(const command_line& c) {
        const at::field_value* n = c.params.find("count");
        if (n == nullptr || !n->present()) {
            std::size_t total = 0;
            for (const inbound& m : cache_) total += m.payload.size();
            info(line_of(row(L::line_cache_status), {id_, static_cast<std::int64_t>(cache_.size()),
                                                   static_cast<std::int64_t>(total)}));
            return ok();
        }
        for (std::int64_t i = 0; i < n->number && !cache_.empty(); ++i) {
            const inbound& m = cache_.front();
            info(line_of(row(L::line_cached_message), {id_, m.packet_id, m.topic, static_cast<std::int64_t>(out_text(m.payload).size())}) +
                 "," + out_text(m.payload));
            cache_.pop_front();
        }
        ok();
    }
    void disc() {
        if (state_ == state::idle) return error(not_connected);
        ok();
        if (state_ == state::connected) {
            (void)session()->disconnect();
            pump();
        } else {
            closed(2);
        }
    }
    void closed(int conn_state) {
        end_session();
        if (link_up()) request_close();
        state_ = state::idle;
        mids_.clear();
        qos2_.clear();
        pending_subs_.clear();
        subscribed_.clear();
        urc(line_of(row(L::line_connection_state), {id_, conn_state}));
    }
    std::string out_text(const std::string& payload) {
        if (cfg_int("encoding", 1) != 1) return payload;
        std::string hex;
        for (char c : payload) {
            const unsigned b = static_cast<unsigned char>(c);
            hex += atmqtt::hex_digit(b >> 4u);
            hex += atmqtt::hex_digit(b);
        }
        return hex;
    }

    void incoming(const inbound& m) override {
        if (cfg_int("cached") != 0) {
            cache_.push_back(m);
            return urc(line_of(row(L::line_message_notice), {id_, m.packet_id, static_cast<std::int64_t>(m.payload.size())}));
        }
        const std::string body = out_text(m.payload);
        urc(line_of(row(L::line_received_message), {id_, m.packet_id, m.topic, static_cast<std::int64_t>(body.size()),
                                          static_cast<std::int64_t>(body.size())}) +
            "," + body);
    }
    void broker_packet(const mqtt::packet& p) override {
        if (auto r = p.get_if<mqtt::pubrec>()) {
            auto it = mids_.find(r->packet_id);
            if (it != mids_.end()) urc(line_of(row(L::line_pubrec), {id_, it->second, 0}));
        } else if (p.get_if<mqtt::pingresp>() && cfg_int("pingresp") != 0) {
            urc(line_of(row(L::line_ping_result), {id_, 0}));
        }
    }
    void mqtt_event(const client::event& e) override {
        using t = client::event_type;
        switch (e.type) {
            case t::connected:
                state_ = state::connected;
                urc(line_of(row(L::line_connection_state), {id_, 0}));
                break;
            case t::subscribed: {
                auto it = mids_.find(e.packet_id);
                if (it == mids_.end()) break;
                std::string s = line_of(row(L::line_subscribe_result), {id_, it->second});
                std::size_t i = 0;
                for (mqtt::suback_return_code g : e.granted) {
                    s += "," + std::to_string(static_cast<int>(g));
                    auto& wanted = pending_subs_[e.packet_id];
                    if (static_cast<int>(g) != 0x80 && i < wanted.size()) subscribed_.push_back(wanted[i]);
                    ++i;
                }
                pending_subs_.erase(e.packet_id);
                mids_.erase(it);
                urc(s);
                break;
            }
            case t::unsubscribed:
            case t::published: {
                auto it = mids_.find(e.packet_id);
                if (it == mids_.end()) break;
                if (e.type == t::unsubscribed) urc(line_of(row(L::line_unsubscribe_result), {id_, it->second}));
                else urc(line_of(row(qos2_.count(e.packet_id) ? L::line_pubcomp : L::line_publish_result), {id_, it->second, 0}));
                qos2_.erase(e.packet_id);
                mids_.erase(it);
                break;
            }
            case t::disconnected:
                if (e.reason == client::disconnect_reason::requested) closed(2);
                else if (e.reason == client::disconnect_reason::refused) closed(3);
                else if (e.reason == client::disconnect_reason::ping_timeout) closed(5);
                else closed(losing_link() ? 4 : 255);
                break;
            default: break;
        }
    }
};

}  // namespace atmqtt_modem
