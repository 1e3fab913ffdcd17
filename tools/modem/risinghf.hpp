// The virtual RisingHF modem (AT+IMQTT*, RisingHF LTE MQTT manual): what docs/virtual-modem.md's RisingHF
// table says. The module numbers every packet it sends (CONNECT is 1, so the first SUBSCRIBE is 2, as in
// the manual's examples); results carry that number. One connection.
#pragma once

#include "engine.hpp"

#include <atmqtt/core/hex.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <deque>
#include <map>
#include <set>
#include <vector>

namespace atmqtt_modem {

class risinghf_modem : public engine {
public:
    explicit risinghf_modem(bool echo = true) : engine(atmqtt::risinghf::grammar, echo) {}
    void set_next_id(std::uint16_t id) { next_id_ = id; }  // the module's packet counter (tests, replays)

private:
    using L = atmqtt::risinghf::line_index;
    static const at::line& row(L i) { return atmqtt::risinghf::lines[i]; }
    enum class state : std::uint8_t { idle, connecting, connected };

    // The manual prints some answers with a space after ':' and most without; as printed.
    std::string line(L i, std::initializer_list<value> v) const {
        static const std::set<L> spaced = {L::line_lwt, L::line_lwtbin, L::line_pub, L::line_cache_status, L::line_recvmode};
        const bool quoted = i == L::line_received_message || i == L::line_recv_message;
        return line_of(row(i), v, spaced.count(i) ? ": " : ":", quoted ? at::quoting::quoted : at::quoting::bare);
    }

    state state_ = state::idle;
    int mode_ = 2, tls_ = 0, recv_mode_ = 0;
    int timeout_ = 1, clean_ = 0, keepalive_ = 60;
    std::string version_ = "3.1.1";
    std::string addr_, client_id_, user_, pass_, auth_pk_, auth_dn_, auth_ds_;
    int port_ = 1883;
    bool has_user_ = false;
    struct will {
        std::string topic, message;
        int qos = 0, retain = 0;
        bool set = false, binary = false;
    } will_{};
    std::uint16_t next_id_ = 1;
    std::map<std::uint16_t, std::uint16_t> ids_;  // session packet id -> the module's number
    std::vector<std::pair<std::string, int>> subs_;
    std::pair<std::string, int> last_unsub_{};
    struct last_publish {
        std::string topic, message;
        int qos = 0;
        bool binary = false, set = false;
        std::string hex;  // AT+IMQTTPUBIN's digits as the host wrote them (the read answer repeats them)
    } last_pub_{};
    std::string pubex_topic_;
    int pubex_qos_ = 0, pubex_retain_ = 0;
    std::deque<inbound> cache_;

    static std::string unhex(const std::string& digits) {
        std::string raw(digits.size() / 2, '\0');
        (void)atmqtt::hex_decode(digits, atmqtt::mutable_bytes(&raw[0], raw.size()));
        return raw;
    }
    std::uint16_t take_id() {
        std::uint16_t id = next_id_++;
        if (next_id_ == 0) next_id_ = 1;
        return id;
    }

    void command(const command_line& c) override {
        const std::string_view name = c.desc->name;
        using f = at::form;
        if (name == "IMQTTRECVMODE" && c.which == f::test) {  // the manual: =? answers the value
            info(line(L::line_recvmode, {recv_mode_}));
            return ok();
        }
        if (c.which == f::test) return ok();
        if (c.which == f::read) return read_answer(name);
        if (name == "IMQTTMODE") {
            mode_ = num(c, "mode");
            tls_ = num(c, "tls");
            recv_mode_ = num(c, "recvmode", recv_mode_);
        } else if (name == "IMQTTPARA") {
            timeout_ = num(c, "timeout");
            clean_ = num(c, "clean");
            keepalive_ = num(c, "keepalive");
            version_ = text(c, "version");
        } else if (name == "IMQTTADDR") {
            addr_ = text(c, "addr");
            port_ = num(c, "port");
            client_id_ = text(c, "clientid");
        } else if (name == "IMQTTUSER") {
            user_ = text(c, "username");
            pass_ = text(c, "password");
            has_user_ = true;
        } else if (name == "IMQTTAUTH") {
            auth_pk_ = text(c, "producekey");
            auth_dn_ = text(c, "devicename");
            auth_ds_ = text(c, "devicesecret");
        } else if (name == "IMQTTLWT" || name == "IMQTTLWTBIN") {
            will_ = {text(c, "topic"), text(c, "message"), num(c, "qos"), num(c, "retained"), true, name == "IMQTTLWTBIN"};
        } else if (name == "IMQTTRECVMODE") {
            recv_mode_ = num(c, "recvmode");
        } else if (name == "IMQTTCONN") {
            return conn();
        } else if (name == "IMQTTDISCONN") {
            return disconn();
        } else if (name == "IMQTTSUB") {
            return sub(c);
        } else if (name == "IMQTTUNSUB") {
            return unsub(c);
        } else if (name == "IMQTTPUB" || name == "IMQTTPUBIN") {
            return pub(c, name == "IMQTTPUBIN");
        } else if (name == "IMQTTPUBEX") {
            if (state_ != state::connected) return error();
            pubex_topic_ = text(c, "topic");
            pubex_qos_ = num(c, "qos");
            pubex_retain_ = num(c, "retained");
            return prompt("\r\n>", static_cast<std::size_t>(num(c, "size")));
        } else if (name == "IMQTTRECV") {
            return recv(num(c, "count"));
        } else if (name == "IMQTTDYNREG") {
            return error();  // Aliyun's HTTPS registration is not simulated
        }
        ok();
    }

    void read_answer(std::string_view name) {
        if (name == "IMQTTMODE") info(line(L::line_mode, {mode_, tls_, recv_mode_}));
        else if (name == "IMQTTPARA")
            info(line(L::line_para, {"TIMEOUT", timeout_, "CLEAN", clean_, "KEEPALIVE", keepalive_, "VERSION", version_}));
        else if (name == "IMQTTADDR" && !addr_.empty()) info(line(L::line_addr, {addr_, port_}));
        else if (name == "IMQTTUSER" && has_user_) info(line(L::line_user, {user_, std::string(pass_.size(), '*')}));
        else if (name == "IMQTTAUTH" && !auth_pk_.empty()) info(line(L::line_auth, {auth_pk_, auth_dn_, auth_ds_}));
        else if (name == "IMQTTLWT" && will_.set && !will_.binary)
            info(line(L::line_lwt, {will_.topic, will_.qos, will_.message, will_.retain}));
        else if (name == "IMQTTLWTBIN" && will_.set && will_.binary)
            info(line(L::line_lwtbin, {will_.topic, will_.qos}) + "," + will_.message + "," + std::to_string(will_.retain));
        else if (name == "IMQTTSUB")
            for (const auto& s : subs_) info(line(L::line_sub, {s.first, s.second}));
        else if (name == "IMQTTUNSUB" && !last_unsub_.first.empty())
            info(line(L::line_unsub, {last_unsub_.first, last_unsub_.second}));
        else if (name == "IMQTTPUB" && last_pub_.set && !last_pub_.binary)
            info(line(L::line_pub, {last_pub_.topic, last_pub_.qos, last_pub_.message}));
        else if (name == "IMQTTPUBIN" && last_pub_.set && last_pub_.binary)
            info(line(L::line_pubin, {last_pub_.topic, last_pub_.qos}) + "," + last_pub_.hex);
        else if (name == "IMQTTSTATE") info(line(L::line_mqtt_status, {state_ == state::connected ? 2 : state_ == state::idle ? 0 : 1}));
        else if (name == "IMQTTRECV") info(line(L::line_cache_status, {static_cast<std::int64_t>(cache_.size())}));
        ok();
    }

    void conn() {
        if (state_ == state::connected) {
            ok();
            return urc(line(L::line_connection_state, {1}));
        }
        if (state_ != state::idle) return error();
        ok();
        state_ = state::connecting;
        std::string host = addr_;
        if (mode_ == 1 && !auth_pk_.empty() && host.empty()) host = auth_pk_ + ".iot-as-mqtt.cn-shanghai.aliyuncs.com";
        request_open(host, static_cast<std::uint16_t>(port_));
    }
    void on_link_open(bool up) override {
        if (state_ != state::connecting) return;
        if (!up) {
            state_ = state::idle;
            return urc(line(L::line_connection_state, {-1}));
        }
        start_session();
        client::connect_options o;
        o.level = version_ == "3.1" ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
        const bool aliyun = mode_ == 1 && !auth_pk_.empty();
        cid_ = aliyun ? auth_dn_ : client_id_;
        cuser_ = aliyun ? auth_dn_ + "&" + auth_pk_ : user_;
        cpass_ = aliyun ? auth_ds_ : pass_;
        o.client_id = cid_;
        o.clean_session = clean_ != 0 || cid_.empty();
        o.keep_alive_s = static_cast<std::uint16_t>(keepalive_);
        o.username_flag = aliyun || (has_user_ && !user_.empty());
        o.username = cuser_;
        o.password_flag = o.username_flag;
        o.password = cpass_;
        wpayload_ = will_.binary ? unhex(will_.message) : will_.message;
        o.will_flag = will_.set;
        o.will.topic = will_.topic;
        o.will.payload = wpayload_;
        o.will.qos = static_cast<mqtt::qos>(will_.qos);
        o.will.retain = will_.retain != 0;
        next_id_ = 1;
        take_id();  // CONNECT
        if (!session()->connect(o).ok()) {
            state_ = state::idle;
            request_close();
            return urc(line(L::line_connection_state, {-1}));
        }
        pump();
    }
    std::string cid_, cuser_, cpass_, wpayload_;

    void disconn() {
        if (state_ != state::connected) return error();
        ok();
        (void)session()->disconnect();
        pump();
    }
    void sub(const command_line& c) {
        if (state_ != state::connected) return error();
        sub_topic_ = text(c, "topic");  // kept: the filter below is a view into it
        const mqtt::subscription f[] = {{sub_topic_, static_cast<mqtt::qos>(num(c, "qos"))}};
        auto id = session()->subscribe(f);
        if (!id) return error();
        ids_[*id] = take_id();
        ok();
        pump();
    }
    std::string sub_topic_;
    void unsub(const command_line& c) {
        if (state_ != state::connected) return error();
        const std::string topic = text(c, "topic");
        const atmqtt::bytes t[] = {topic};
        auto id = session()->unsubscribe(t);
        if (!id) return error();
        ids_[*id] = take_id();
        unsub_topics_[*id] = topic;
        ok();
        pump();
    }
    std::map<std::uint16_t, std::string> unsub_topics_, sub_topics_;
    void pub(const command_line& c, bool binary) {
        if (state_ != state::connected) return error();
        const std::string message = text(c, "message");
        last_pub_ = {text(c, "topic"), binary ? unhex(message) : message, num(c, "qos"), binary, true, message};
        publish(last_pub_.topic, last_pub_.message, last_pub_.qos, num(c, "retained"), L::line_publish_result);
    }
    void data(std::string_view payload) override {
        if (state_ != state::connected) return error();
        last_pub_ = {pubex_topic_, std::string(payload), pubex_qos_, false, true, {}};
        publish(pubex_topic_, std::string(payload), pubex_qos_, pubex_retain_, L::line_pubex_result);
    }
    std::map<std::uint16_t, L> result_row_;
    void publish(const std::string& topic, const std::string& payload, int qos, int retain, L result) {
        auto id = session()->publish(topic, payload, static_cast<mqtt::qos>(qos), retain != 0);
        if (!id) return error();
        const std::uint16_t n = take_id();
        ok();
        if (qos == 0) urc(line(result, {n, 0}));
        else {
            ids_[*id] = n;
            result_row_[*id] = result;
        }
        pump();
    }
    void recv(int count) {
        for (int i = 0; i < count && !cache_.empty(); ++i) {
            const inbound& m = cache_.front();
            info(line(L::line_recv_message, {m.packet_id, m.topic, static_cast<std::int64_t>(m.payload.size())}) + ",\"" +
                 m.payload + "\"");
            cache_.pop_front();
        }
        ok();
    }

    void incoming(const inbound& m) override {
        if (recv_mode_ == 0)
            return urc(line(L::line_received_message, {m.packet_id, m.topic, static_cast<std::int64_t>(m.payload.size())}) + ",\"" +
                       m.payload + "\"");
        if (cache_.size() == static_cast<std::size_t>(atmqtt::risinghf::max_cached_messages)) return urc("+IMQTTCOUNT :FULL");
        cache_.push_back(m);
        urc(line(L::line_message_notice, {static_cast<std::int64_t>(cache_.size())}));
    }
    void mqtt_event(const client::event& e) override {
        using t = client::event_type;
        auto it = ids_.find(e.packet_id);
        switch (e.type) {
            case t::connected:
                state_ = state::connected;
                urc(line(L::line_connection_state, {0}));
                break;
            case t::subscribed:
                if (it == ids_.end()) break;
                for (mqtt::suback_return_code g : e.granted) {
                    const int code = static_cast<int>(g);
                    if (code != 0x80) subs_.emplace_back(sub_topic_, code);
                    urc(line(L::line_subscribe_result, {it->second, code == 0x80 ? 0 : code}));
                }
                ids_.erase(it);
                break;
            case t::unsubscribed:
                if (it == ids_.end()) break;
                last_unsub_ = {unsub_topics_[e.packet_id], 0};
                for (auto s = subs_.begin(); s != subs_.end();) s = s->first == last_unsub_.first ? subs_.erase(s) : s + 1;
                urc(line(L::line_unsubscribe_result, {it->second, 0}));
                ids_.erase(it);
                break;
            case t::published:
                if (it == ids_.end()) break;
                urc(line(result_row_[e.packet_id], {it->second, 0}));
                result_row_.erase(e.packet_id);
                ids_.erase(it);
                break;
            case t::disconnected:
                for (const auto& p : result_row_) urc(line(p.second, {ids_[p.first], 1}));
                end_session();
                if (link_up()) request_close();
                state_ = state::idle;
                ids_.clear();
                result_row_.clear();
                subs_.clear();
                urc(line(L::line_connection_state, {-1}));
                break;
            default: break;
        }
    }
};

}  // namespace atmqtt_modem
