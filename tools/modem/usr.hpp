// The virtual USR ASR1606 modem (1606 series MQTT guide V1.0.1): configuration commands in command mode,
// AT+S "restarts" into MQTT data mode (transparent or distribution frames, usr/data_mode.hpp), `+++` / `a`
// / `a` / `+ok` escapes back to command mode. A data-mode frame ends when the caller reports the host
// idle (idle(): the module's packing time). docs/virtual-modem.md has the details.
#pragma once

#include "engine.hpp"

#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>
#include <atmqtt/mqtt/topic.hpp>

#include <array>
#include <map>
#include <vector>

namespace atmqtt_modem {

class usr_modem : public engine {
public:
    explicit usr_modem(bool echo = true) : engine(atmqtt::usr::grammar, echo) {
        for (int i = 1; i <= 10; ++i) {
            pubtp_[static_cast<std::size_t>(i - 1)] = {i == 1, "/PubTopic" + std::to_string(i), 0, 0};
            subtp_[static_cast<std::size_t>(i - 1)] = {i == 1, "/SubTopic" + std::to_string(i), 0, 0};
        }
    }
    bool in_data_mode() const { return data_mode_; }

private:
    struct slot {
        bool enabled = false;
        std::string topic;
        int qos = 0, retain = 0;
    };
    // Values as the query answers print them (after "+NAME:"), the manual's defaults.
    std::map<std::string, std::string> values_ = {
        {"WKMOD", "NET"},          {"MQTTCFG", "60,0"}, {"MQTTWILL", "0,/will,0,0,offline"}, {"MQTTMOD", "0"},
        {"MQTTVER", "3"},          {"MQTTSVR", "mqtt.usr.cn,1883"}, {"MQTTCID", "02400122052700000529"},
        {"MQTTUSER", "usr.cn"},    {"MQTTPSW", "usr.cn"}, {"ALIREGION", ""}, {"ALIPRODKEY", ""}, {"ALIDEVSEC", ""},
        {"ALIDEVNAME", ""},        {"ALIDEVID", ""},     {"SSLEN", " OFF"},  {"SSLAUTH", " NONE"},
        {"SSLCFG", " OFF,OFF,OFF,OFF"}};
    std::array<slot, 10> pubtp_{}, subtp_{};
    std::vector<std::string> temporary_;  // temporary subscriptions (distribution mode)
    bool data_mode_ = false, connected_ = false, escape_a_ = false;
    std::string frame_, held_;
    client::time_ms lost_at_ = 0;
    bool reconnect_ = false;
    std::string cid_, user_, pass_, will_topic_, will_msg_;

    // The test answers the manual prints (AT+X=?).
    static std::string test_answer(const std::string& name) {
        static const std::map<std::string, std::string> answers = {
            {"WKMOD", "<CMD,NET,HTTPD,MQTT(NOR,ALI)>"}, {"MQTTCFG", "<0~65535>,<0,1>"},
            {"MQTTPUBTP", "<1~10>[,<0,1>,<1~12 bytes>,<0,1,2>,<0,1>][,<0,1>]"},
            {"MQTTSUBTP", "<1~10>[,<0,1>,<1~128 bytes>,<0,1,2>]"},
            {"MQTTWILL", "<0,1>[,<1~128 bytes>,<0,1,2>,<0,1>,<1~128 bytes>]"}, {"MQTTMOD", "<0,1>"},
            {"MQTTVER", "<3,4>"}, {"MQTTSVR", "<1~128 bytes>,<1~65535>"}, {"MQTTCID", "<1~128 bytes>"},
            {"MQTTUSER", "<1~128 bytes>"}, {"MQTTPSW", "<1~128 bytes>"}, {"MQTTSTA", "<CONNECTION,DISCONNECTION>"},
            {"ALIREGION", "<1~32 bytes>"}, {"ALIPRODKEY", "<1~20 bytes>"}, {"ALIDEVSEC", "<1~64 bytes>"},
            {"ALIDEVNAME", "<1~32 bytes>"}, {"ALIDEVID", "<1~24 bytes>"}, {"SSLEN", "<ON,OFF>"},
            {"SSLAUTH", "<NONE、PEER、ALL>"}, {"SSLCFG", "<ON,OFF>,<ON,OFF>,<ON,OFF>,<ON,OFF>"}};
        auto it = answers.find(name);
        return it == answers.end() ? std::string() : it->second;
    }

    // The bare query spelling "AT+X" is the read form "AT+X?" (the table has only the latter).
    bool raw_line(std::string_view line) override {
        if (line.size() < 4 || line.find_first_of("=?") != std::string_view::npos || line == "AT+S") return false;
        const std::string read = std::string(line) + "?";
        command_line d;
        if (!at::decode_command(grammar().commands, atmqtt::bytes(read.data(), read.size()), d, grammar().lexical)) return false;
        command(d);
        return true;
    }

    void command(const command_line& c) override {
        const std::string name(c.desc->name);
        if (c.which == at::form::test) {
            info("+" + (name == "SSLCRT" ? std::string("HTTPSCRT") : name) + ":" +
                 (name == "SSLCRT" ? "<0~2>,<1~2900 bytes>" : test_answer(name)));
            return ok();
        }
        if (c.which == at::form::read) return query(name);
        if (name == "S") return save();
        if (name == "MQTTPUBTP" || name == "MQTTSUBTP") {
            auto& slots = name == "MQTTPUBTP" ? pubtp_ : subtp_;
            slot& s = slots[static_cast<std::size_t>(c.params.fields()[0].number - 1)];
            s = {c.params.fields()[1].number != 0, std::string(c.params.fields()[2].text), static_cast<int>(c.params.fields()[3].number),
                 c.params.count > 4 ? static_cast<int>(c.params.fields()[4].number) : 0};
            return ok();
        }
        if (name == "SSLCRT") return ok();
        std::string v = c.desc->selector.empty() ? std::string() : std::string(c.desc->selector);
        for (const at::field_value& f : c.params.fields()) {
            if (!v.empty()) v += ',';
            if (f.present()) v += f.kind == at::value_kind::integer ? std::to_string(f.number) : std::string(f.text);
        }
        if (name == "SSLEN" || name == "SSLAUTH" || name == "SSLCFG") v = " " + v;
        values_[name] = v;
        ok();
    }
    void query(const std::string& name) {
        if (name == "MQTTPUBTP" || name == "MQTTSUBTP") {
            std::string rows = "\r\n+" + name + ":\r\n";
            const auto& slots = name == "MQTTPUBTP" ? pubtp_ : subtp_;
            for (std::size_t i = 0; i < slots.size(); ++i) {
                rows += std::to_string(i + 1) + "," + (slots[i].enabled ? "1" : "0") + "," + slots[i].topic + "," +
                        std::to_string(slots[i].qos);
                if (name == "MQTTPUBTP") rows += "," + std::to_string(slots[i].retain) + ",0";
                rows += "\r\n";
            }
            raw(rows);
            return ok();
        }
        if (name == "MQTTSTA") info(connected_ ? "+MQTTSTA:\"CONNECTION\"" : "+MQTTSTA:\"DISCONNECTION\"");
        else if (name == "MQTTPSW") info("+MQTTUSER:" + values_["MQTTPSW"]);  // as the manual's example answers
        else info("+" + name + ":" + values_[name]);
        ok();
    }

    // AT+S: save and restart. In MQTT mode the module comes back in data mode and connects by itself.
    void save() {
        ok();
        end_session();
        if (link_up()) request_close();
        connected_ = false;
        data_mode_ = values_["WKMOD"].compare(0, 4, "MQTT") == 0;
        if (data_mode_) open();
    }
    void open() {
        const std::string& svr = values_["MQTTSVR"];
        const std::size_t comma = svr.find(',');
        request_open(svr.substr(0, comma), static_cast<std::uint16_t>(comma == std::string::npos ? 1883 : std::stoi(svr.substr(comma + 1))));
    }
    static std::vector<std::string> split(const std::string& s) {
        std::vector<std::string> out(1);
        for (char c : s) {
            if (c == ',') out.emplace_back();
            else out.back() += c;
        }
        return out;
    }
    void on_link_open(bool up) override {
        if (!up) {
            reconnect_ = true;
            lost_at_ = now();
            return;
        }
        start_session();
        client::connect_options o;
        const std::vector<std::string> cfg = split(values_["MQTTCFG"]), will = split(values_["MQTTWILL"]);
        o.level = values_["MQTTVER"] == "4" ? mqtt::protocol_level::v3_1_1 : mqtt::protocol_level::v3_1;
        cid_ = values_["MQTTCID"];
        user_ = values_["MQTTUSER"];
        pass_ = values_["MQTTPSW"];
        o.client_id = cid_;
        o.keep_alive_s = static_cast<std::uint16_t>(std::stoi(cfg[0]));
        o.clean_session = cfg.size() > 1 && cfg[1] == "1";
        o.username_flag = !user_.empty();
        o.username = user_;
        o.password_flag = !pass_.empty();
        o.password = pass_;
        if (will.size() == 5 && will[0] == "1") {
            will_topic_ = will[1];
            will_msg_ = will[4];
            o.will_flag = true;
            o.will.topic = will_topic_;
            o.will.payload = will_msg_;
            o.will.qos = static_cast<mqtt::qos>(std::stoi(will[2]));
            o.will.retain = will[3] == "1";
        }
        if (session()->connect(o).ok()) pump();
    }

    // ---- data mode ----
    // In command mode the escape is answered as well (the guide does not say what a module already in
    // command mode does with it; answering lets a host that cannot know the mode start with "+++"): a
    // line that starts with '+' is held back while it may still be "+++" alone in its burst.
    bool raw_mode() const override { return data_mode_ || !held_.empty() || at_line_start(); }
    void raw_byte(char c) override {
        if (data_mode_) {
            frame_ += c;
            return;
        }
        held_ += c;
        if (std::string_view("+++").substr(0, held_.size()) == held_ || (escape_a_ && held_ == "a")) return;
        escape_a_ = false;  // a command instead of the host's 'a': the escape is over
        line_input(std::exchange(held_, {}));
    }
    void on_idle() override {
        if (!data_mode_) {
            if (held_.empty()) return;
            const std::string h = std::exchange(held_, {});
            const bool confirm = escape_a_ && h == "a";
            escape_a_ = h == "+++";
            if (escape_a_) return raw("a");
            if (confirm) return raw("+ok");
            return line_input(h);  // "+", "++": an ordinary (bad) line start
        }
        if (frame_.empty()) return;
        const std::string f = std::exchange(frame_, {});
        if (f == "+++") {  // the escape: 'a', then the host's 'a' gives "+ok" and command mode
            escape_a_ = true;
            return raw("a");
        }
        if (escape_a_ && f == "a") {
            escape_a_ = false;
            data_mode_ = false;
            return raw("+ok");
        }
        escape_a_ = false;
        const atmqtt::usr::transfer_mode mode = values_["MQTTMOD"] == "1" ? atmqtt::usr::transfer_mode::distribution
                                                                           : atmqtt::usr::transfer_mode::transparent;
        atmqtt::result<atmqtt::usr::frame> fr = atmqtt::usr::decode_frame(f, mode, atmqtt::usr::direction::uplink);
        if (!fr || !connected_) return;  // dropped, as a module without a connection does
        using k = atmqtt::usr::frame_kind;
        switch (fr->kind) {
            case k::transparent_publish:
                for (const slot& s : pubtp_)
                    if (s.enabled) (void)session()->publish(s.topic, fr->payload, static_cast<mqtt::qos>(s.qos), s.retain != 0);
                break;
            case k::preset_publish: {
                const slot& s = pubtp_[fr->slot - 1u];
                (void)session()->publish(s.topic, fr->payload, static_cast<mqtt::qos>(s.qos), s.retain != 0);
                break;
            }
            case k::temporary_publish:
                (void)session()->publish(fr->topic, fr->payload, static_cast<mqtt::qos>(fr->qos), fr->retain != 0);
                break;
            case k::temporary_subscribe: {
                temporary_.emplace_back(fr->topic);
                const mqtt::subscription sub[] = {{temporary_.back(), static_cast<mqtt::qos>(fr->qos)}};
                (void)session()->subscribe(sub);
                break;
            }
            case k::temporary_unsubscribe: {
                const atmqtt::bytes t[] = {fr->topic};
                (void)session()->unsubscribe(t);
                for (auto it = temporary_.begin(); it != temporary_.end();) it = *it == fr->topic ? temporary_.erase(it) : it + 1;
                break;
            }
            default: break;
        }
    }
    void incoming(const inbound& m) override {
        if (!data_mode_) return;  // in command mode the module does not print data
        atmqtt::usr::frame out;
        out.payload = m.payload;
        if (values_["MQTTMOD"] != "1") {
            out.kind = atmqtt::usr::frame_kind::transparent_message;
        } else {
            out.kind = atmqtt::usr::frame_kind::temporary_message;
            out.topic = m.topic;
            for (std::size_t i = 0; i < subtp_.size(); ++i)
                if (subtp_[i].enabled && mqtt::matches(subtp_[i].topic, m.topic)) {
                    out.kind = atmqtt::usr::frame_kind::preset_message;
                    out.slot = static_cast<std::uint8_t>(i + 1);
                    break;
                }
        }
        std::string bytes(m.payload.size() + m.topic.size() + 8, '\0');
        atmqtt::result<std::size_t> n = atmqtt::usr::encode(out, atmqtt::mutable_bytes(&bytes[0], bytes.size()));
        if (n) raw(bytes.substr(0, *n));
    }
    void mqtt_event(const client::event& e) override {
        if (e.type == client::event_type::connected) {
            connected_ = true;
            std::vector<mqtt::subscription> subs;
            for (const slot& s : subtp_)
                if (s.enabled) subs.push_back({s.topic, static_cast<mqtt::qos>(s.qos)});
            if (!subs.empty()) (void)session()->subscribe({subs.data(), subs.size()});
        } else if (e.type == client::event_type::disconnected) {
            connected_ = false;
            temporary_.clear();
            end_session();
            if (link_up()) request_close();
            reconnect_ = true;  // the module keeps the connection up by itself
            lost_at_ = now();
        }
    }
    void on_poll(client::time_ms t) override {
        if (reconnect_ && data_mode_ && client::reached(t, lost_at_ + 5000)) {
            reconnect_ = false;
            open();
        }
    }
};

}  // namespace atmqtt_modem
