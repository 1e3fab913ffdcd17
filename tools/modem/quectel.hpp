// The virtual Quectel modem (AT+QMT*, LTE Standard(A) MQTT manual v1.4): what docs/virtual-modem.md's
// Quectel table says. One MQTT client index is served at a time (any of 0..5).
#pragma once

#include "engine.hpp"

#include <atmqtt/dialect/quectel/grammar.hpp>

#include <array>
#include <map>
#include <optional>

namespace atmqtt_modem {

class quectel_modem : public engine {
public:
    explicit quectel_modem(bool echo = true) : engine(atmqtt::quectel::grammar, echo) {}

private:
    using line_index = atmqtt::quectel::line_index;
    static const at::line& row(line_index i) { return atmqtt::quectel::lines[i]; }

    struct stored_message {
        std::uint16_t msgid = 0;
        std::string topic, payload;
    };
    struct config {
        int version = 4;
        int keepalive = 120;
        bool clean = true;
        int pkt_timeout = 5, retry_times = 3, timeout_notice = 0;
        int will_fg = 0, will_qos = 0, will_retain = 0;
        std::string will_topic, will_message;
        int recv_mode = 0, len_enable = 0;
        std::map<std::string, std::string> other;  // items only stored and echoed back by a query
    };
    enum class state : std::uint8_t { idle, opening, opened, connecting, connected };

    std::array<config, 6> cfg_{};
    int idx_ = -1;  // the open client index
    state state_ = state::idle;
    std::string host_;
    int port_ = 0;
    std::string client_id_, user_, pass_;
    bool has_user_ = false, has_pass_ = false;
    std::map<std::uint16_t, int> subs_, unsubs_, pubs_;  // session packet id -> host msgid
    struct pending_publish {
        int idx = 0, msgid = 0, qos = 0;
        bool retain = false;
        std::string topic;
    } pub_{};
    std::array<std::optional<stored_message>, 5> store_{};


    void command(const command_line& c) override {
        using f = at::form;
        const std::string_view name = c.desc->name;
        if (c.which == f::test) return test_answer(name);
        if (name == "QMTCFG") return configure(c);
        if (name == "QMTOPEN") return c.which == f::read ? open_state() : open(c);
        if (name == "QMTCONN") return c.which == f::read ? connection_state() : conn(c);
        if (name == "QMTSUB") return sub(c);
        if (name == "QMTUNS") return uns(c);
        if (name == "QMTPUBEX") return pubex(c);
        if (name == "QMTDISC") return disc(c);
        if (name == "QMTCLOSE") return close(c);
        if (name == "QMTRECV") return recv(c);
        ok();  // QSSLCFG and the like: accepted
    }

    void test_answer(std::string_view name) {
        static const std::map<std::string_view, std::string_view> answers = {
            {"QMTOPEN", "+QMTOPEN: (0-5),\"hostname\",(1-65535)"},
            {"QMTCLOSE", "+QMTCLOSE: (0-5)"},
            {"QMTCONN", "+QMTCONN: (0-5),\"clientid\",\"username\",\"password\""},
            {"QMTDISC", "+QMTDISC: (0-5)"},
            {"QMTSUB", "+QMTSUB: (0-5),<msgid>,list of [\"topic\",qos]"},
            {"QMTUNS", "+QMTUNS: (0-5),<msgid>,list of [\"topic\"]"},
            {"QMTPUBEX", "+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\""},
        };
        auto it = answers.find(name);
        if (it != answers.end()) info(it->second);
        ok();
    }

    // AT+QMTCFG="<item>",<idx>[,<values>]: values given set the item, none query it.
    void configure(const command_line& c) {
        if (c.desc->selector.empty()) return ok();
        const std::string item(c.desc->selector);
        config& k = cfg_[static_cast<std::size_t>(num(c, "client_idx"))];
        bool query = true;
        for (const at::field_value& v : c.params.fields())
            if (v.spec != 0 && v.present()) query = false;
        if (query) {
            std::string values = query_values(k, item);
            if (values.empty()) return error();
            info("+QMTCFG: \"" + item + "\"," + values);
            return ok();
        }
        if (item == "version") k.version = num(c, "vsn", 4);
        else if (item == "keepalive") k.keepalive = num(c, "keep_alive_time", 120);
        else if (item == "session") k.clean = num(c, "clean_session", 1) != 0;
        else if (item == "timeout") {
            k.pkt_timeout = num(c, "pkt_timeout", 5);
            k.retry_times = num(c, "retry_times", 3);
            k.timeout_notice = num(c, "timeout_notice");
        } else if (item == "will") {
            k.will_fg = num(c, "will_fg");
            k.will_qos = num(c, "will_qos");
            k.will_retain = num(c, "will_retain");
            k.will_topic = text(c, "willtopic");
            k.will_message = text(c, "willmessage");
        } else if (item == "recv/mode") {
            k.recv_mode = num(c, "msg_rcv_mode");
            k.len_enable = num(c, "msg_len_enable");
        } else {
            k.other[item] = stored_text(c);
        }
        ok();
    }
    // The parameter text after <client_idx>, as the host wrote it (for items only echoed back).
    static std::string stored_text(const command_line& c) {
        std::string s;
        for (const at::field_value& v : c.params.fields()) {
            if (v.spec == 0) continue;
            if (v.spec > 1) s += ',';
            if (!v.present()) continue;
            if (v.kind == at::value_kind::integer) s += std::to_string(v.number);
            else s += v.quoted ? "\"" + std::string(v.text) + "\"" : std::string(v.text);
        }
        return s;
    }
    static std::string query_values(const config& k, const std::string& item) {
        auto n = [](int v) { return std::to_string(v); };
        if (item == "version") return n(k.version);
        if (item == "keepalive") return n(k.keepalive);
        if (item == "session") return n(k.clean ? 1 : 0);
        if (item == "timeout") return n(k.pkt_timeout) + "," + n(k.retry_times) + "," + n(k.timeout_notice);
        if (item == "will")
            return k.will_fg == 0 ? "0" : n(k.will_fg) + "," + n(k.will_qos) + "," + n(k.will_retain) + ",\"" +
                                               k.will_topic + "\",\"" + k.will_message + "\"";
        if (item == "recv/mode") return n(k.recv_mode) + "," + n(k.len_enable);
        auto it = k.other.find(item);
        return it == k.other.end() ? std::string() : it->second;
    }

    void open(const command_line& c) {
        const int idx = num(c, "client_idx");
        ok();
        if (state_ != state::idle) return urc(line_of(row(atmqtt::quectel::line_open_result), {idx, idx == idx_ ? 2 : -1}));
        idx_ = idx;
        host_ = text(c, "host_name");
        port_ = num(c, "port");
        state_ = state::opening;
        request_open(host_, static_cast<std::uint16_t>(port_));
    }
    void on_link_open(bool up) override {
        if (state_ != state::opening) return;
        state_ = up ? state::opened : state::idle;
        urc(line_of(row(atmqtt::quectel::line_open_result), {idx_, up ? 0 : 5}));
        if (!up) idx_ = -1;
    }
    void open_state() {
        if (state_ != state::idle && state_ != state::opening)
            info(line_of(row(atmqtt::quectel::line_open_state), {idx_, host_, port_}));
        ok();
    }

    void conn(const command_line& c) {
        const int idx = num(c, "client_idx");
        if (idx != idx_ || state_ != state::opened) return error();
        const config& k = cfg_[static_cast<std::size_t>(idx)];
        client_id_ = text(c, "clientid");
        has_user_ = given(c, "username");
        has_pass_ = given(c, "password");
        user_ = text(c, "username");
        pass_ = text(c, "password");
        start_session();
        client::connect_options o;
        o.level = k.version == 3 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
        o.client_id = client_id_;
        o.clean_session = k.clean;
        o.keep_alive_s = static_cast<std::uint16_t>(k.keepalive);
        o.username_flag = has_user_;
        o.username = user_;
        o.password_flag = has_pass_;
        o.password = pass_;
        o.will_flag = k.will_fg != 0;
        o.will.topic = k.will_topic;
        o.will.payload = k.will_message;
        o.will.qos = static_cast<mqtt::qos>(k.will_qos);
        o.will.retain = k.will_retain != 0;
        if (!session()->connect(o).ok()) return error();
        state_ = state::connecting;
        ok();
        pump();
    }
    void connection_state() {
        if (state_ == state::opened || state_ == state::connecting || state_ == state::connected)
            info(line_of(row(atmqtt::quectel::line_connection_state),
                         {idx_, state_ == state::opened ? 1 : state_ == state::connecting ? 2 : 3}));
        ok();
    }

    bool connected(const command_line& c) const {
        return num(c, "client_idx") == idx_ && state_ == state::connected;
    }
    void sub(const command_line& c) {
        if (!connected(c)) return error();
        std::vector<mqtt::subscription> filters;
        std::vector<std::string> topics;
        for (const at::field_value& v : c.params.fields())
            if (c.params.specs[v.spec].name == "topic") topics.emplace_back(v.text);
        std::size_t t = 0;
        for (const at::field_value& v : c.params.fields())
            if (c.params.specs[v.spec].name == "qos")
                filters.push_back({topics[t++], static_cast<mqtt::qos>(v.number)});
        auto id = session()->subscribe({filters.data(), filters.size()});
        if (!id) return error();
        subs_[*id] = num(c, "msgid");
        ok();
        pump();
    }
    void uns(const command_line& c) {
        if (!connected(c)) return error();
        std::vector<atmqtt::bytes> topics;
        for (const at::field_value& v : c.params.fields())
            if (c.params.specs[v.spec].name == "topic") topics.emplace_back(v.text);
        auto id = session()->unsubscribe({topics.data(), topics.size()});
        if (!id) return error();
        unsubs_[*id] = num(c, "msgid");
        ok();
        pump();
    }
    void pubex(const command_line& c) {
        if (!connected(c)) return error();
        pub_ = {idx_, num(c, "msgid"), num(c, "qos"), num(c, "retain") != 0, text(c, "topic")};
        prompt("\r\n>", static_cast<std::size_t>(num(c, "length")));
    }
    void data(std::string_view payload) override {
        ok();
        const at::line& r = row(atmqtt::quectel::line_publish_result);
        if (state_ != state::connected) return urc(line_of(r, {pub_.idx, pub_.msgid, 2}));
        auto id = session()->publish(pub_.topic, atmqtt::bytes(payload.data(), payload.size()),
                                     static_cast<mqtt::qos>(pub_.qos), pub_.retain);
        if (!id) return urc(line_of(r, {idx_, pub_.msgid, 2}));
        if (pub_.qos == 0) urc(line_of(r, {idx_, pub_.msgid, 0}));
        else pubs_[*id] = pub_.msgid;
        pump();
    }
    void disc(const command_line& c) {
        if (!connected(c)) return error();
        ok();
        (void)session()->disconnect();
        pump();
    }
    void close(const command_line& c) {
        if (num(c, "client_idx") != idx_ || state_ == state::idle) return error();
        ok();
        const int idx = idx_;
        reset();
        request_close();
        urc(line_of(row(atmqtt::quectel::line_close_result), {idx, 0}));
    }
    void reset() {
        end_session();
        state_ = state::idle;
        idx_ = -1;
        subs_.clear();
        unsubs_.clear();
        pubs_.clear();
    }

    // AT+QMTRECV=<idx>[,<recv_id>] reads a stored message (receive mode 1); AT+QMTRECV? the store.
    void recv(const command_line& c) {
        if (c.which == at::form::read) {
            std::string s = "+QMTRECV: " + std::to_string(idx_ < 0 ? 0 : idx_);
            for (const auto& m : store_) s += m ? ",1" : ",0";
            info(s);
            return ok();
        }
        const int idx = num(c, "client_idx");
        for (std::size_t i = 0; i < store_.size(); ++i) {
            if (given(c, "recv_id") && static_cast<int>(i) != num(c, "recv_id")) continue;
            if (!store_[i]) continue;
            info(recv_line(idx, store_[i]->msgid, store_[i]->topic, store_[i]->payload, true));
            store_[i].reset();
            break;
        }
        ok();
    }
    std::string recv_line(int idx, int msgid, const std::string& topic, const std::string& payload, bool len) const {
        std::string s = line_of(row(atmqtt::quectel::line_received_message), {idx, msgid, topic});
        if (len) s += "," + std::to_string(payload.size());
        return s + ",\"" + payload + "\"";
    }

    void incoming(const inbound& m) override {
        const config& k = cfg_[static_cast<std::size_t>(idx_ < 0 ? 0 : idx_)];
        if (k.recv_mode == 0) return urc(recv_line(idx_, m.packet_id, m.topic, m.payload, k.len_enable != 0));
        for (std::size_t i = 0; i < store_.size(); ++i) {  // buffered: a notice, read with AT+QMTRECV
            if (store_[i]) continue;
            store_[i] = stored_message{m.packet_id, m.topic, m.payload};
            std::string s = line_of(row(atmqtt::quectel::line_message_notice), {idx_, static_cast<int>(i)});
            if (k.len_enable != 0) s += "," + std::to_string(m.payload.size());
            return urc(s);
        }
    }

    void mqtt_event(const client::event& e) override {
        using t = client::event_type;
        switch (e.type) {
            case t::connected:
                state_ = state::connected;
                urc(line_of(row(atmqtt::quectel::line_connect_result), {idx_, 0, 0}));
                break;
            case t::subscribed: {
                auto it = subs_.find(e.packet_id);
                if (it == subs_.end()) break;
                std::string s = line_of(row(atmqtt::quectel::line_subscribe_result), {idx_, it->second, 0});
                for (mqtt::suback_return_code g : e.granted) s += "," + std::to_string(static_cast<int>(g));
                urc(s);
                subs_.erase(it);
                break;
            }
            case t::unsubscribed: {
                auto it = unsubs_.find(e.packet_id);
                if (it == unsubs_.end()) break;
                urc(line_of(row(atmqtt::quectel::line_unsubscribe_result), {idx_, it->second, 0}));
                unsubs_.erase(it);
                break;
            }
            case t::published: {
                auto it = pubs_.find(e.packet_id);
                if (it == pubs_.end()) break;
                urc(line_of(row(atmqtt::quectel::line_publish_result), {idx_, it->second, 0}));
                pubs_.erase(it);
                break;
            }
            case t::disconnected: {
                const int idx = idx_;
                if (e.reason == client::disconnect_reason::requested) {
                    reset();
                    request_close();
                    urc(line_of(row(atmqtt::quectel::line_disconnect_result), {idx, 0}));
                } else if (e.reason == client::disconnect_reason::refused) {
                    state_ = state::opened;
                    urc(line_of(row(atmqtt::quectel::line_connect_result),
                                {idx, 0, static_cast<int>(e.return_code)}));
                } else {
                    fail_pending(idx);
                    reset();
                    if (!losing_link()) request_close();
                    urc(line_of(row(atmqtt::quectel::line_connection_closed), {idx, stat_code(e.reason)}));
                }
                break;
            }
            default: break;
        }
    }
    static int stat_code(client::disconnect_reason r) {
        switch (r) {
            case client::disconnect_reason::ping_timeout: return 2;
            case client::disconnect_reason::connect_timeout: return 4;
            default: return 1;  // closed or reset by the server
        }
    }
    void fail_pending(int idx) {
        for (const auto& p : pubs_) urc(line_of(row(atmqtt::quectel::line_publish_result), {idx, p.second, 2}));
        for (const auto& s : subs_) urc(line_of(row(atmqtt::quectel::line_subscribe_result), {idx, s.second, 2}));
    }
    void on_link_lost() override {
        // The session ended already (disconnected link_lost -> +QMTSTAT); an open link without a session:
        if (state_ == state::opened) {
            const int idx = idx_;
            reset();
            urc(line_of(row(atmqtt::quectel::line_connection_closed), {idx, 1}));
        }
    }
};

}  // namespace atmqtt_modem
