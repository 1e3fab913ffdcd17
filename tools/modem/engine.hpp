// The shared engine of the virtual modems (docs/virtual-modem.md): host line assembly, echo, command
// dispatch through the dialect's grammar table (at::decode_command), the '>' data phase, deferred results,
// the URC queue, fault hooks, and the MQTT side through client::session over a byte link the caller owns.
// Sans-I/O host code: bytes and link events in, bytes and link requests out; no clock of its own.
// A dialect derives from `engine` and answers commands, data and MQTT events (tools/modem/<dialect>.hpp).
#pragma once

#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/core/detail/out_cursor.hpp>
#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/framing.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace atmqtt_modem {

namespace at = atmqtt::at;
namespace client = atmqtt::client;
namespace mqtt = atmqtt::mqtt;
using atmqtt::errc;

// What the modem asks the caller to do with the broker link.
struct link_request {
    enum class kind : std::uint8_t { open, close };
    kind what = kind::open;
    std::string host;
    std::uint16_t port = 0;
};

// Values of one host command: the most any command of the four tables takes is 8 (RisingHF), plus a
// repeated group (Quectel AT+QMTSUB: 6 filters fit). Kept small so that decode_command's frame stays within
// the library's stack bound (.ci/stack-usage compiles the modem tests too).
constexpr std::size_t command_fields = 14;
using command_line = at::decoded_command<command_fields>;

// A whole incoming PUBLISH (the session's chunks put together).
struct inbound {
    std::string topic, payload;
    int qos = 0;
    std::uint16_t packet_id = 0;
    bool retain = false;
};

// One value of a response line: an integer or a text (quoted by the row's quoting).
using at::value;

class engine {
public:
    explicit engine(const at::grammar& g, bool echo = true) : grammar_(g), echo_(echo) {}
    virtual ~engine() = default;
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // ---- host (AT) side ----
    void host_input(std::string_view in) {
        for (char c : in) {
            if (raw_mode()) raw_byte(c);
            else host_byte(c);
        }
    }
    // The host's line went quiet (the caller's idle time): ends a data-mode frame (USR).
    void idle() {
        on_idle();
        pump();
    }
    std::string take_output() { return std::exchange(out_, {}); }
    bool echo() const { return echo_; }
    bool in_data_phase() const { return in_data_; }

    // ---- broker side ----
    bool has_link_request() const { return !requests_.empty(); }
    link_request take_link_request() {
        link_request r = requests_.front();
        requests_.pop_front();
        return r;
    }
    // The caller's answer to an open request: the TCP connection is up (true) or could not be made.
    void link_opened(bool ok) {
        link_up_ = ok;
        on_link_open(ok);
        pump();
    }
    void link_input(std::string_view in) {
        sniff(in);
        while (!in.empty() && session_) {
            std::size_t n = session_->feed(atmqtt::bytes(in.data(), in.size()));
            in.remove_prefix(n);
            pump();
            if (n == 0) break;
        }
    }
    std::string take_link_output() { return std::exchange(link_out_, {}); }
    bool has_link_output() const { return !link_out_.empty(); }
    // The broker closed the link or it broke (also: "the broker goes away" in tests).
    void link_closed() {
        sniffed_.clear();
        if (!link_up_) return;
        link_up_ = false;
        lost_ = true;
        if (session_) session_->connection_lost();
        pump();
        lost_ = false;
        on_link_lost();
        flush_urcs();
    }
    bool link_up() const { return link_up_; }
    void poll(client::time_ms now) {
        now_ = now;
        if (session_) session_->poll(now);
        pump();
        on_poll(now);
    }

    // ---- fault hooks (tests) ----
    // Raw bytes (a URC) written before the output unit (line, prompt, raw frame) `after` units from now:
    // 0 the next one, 1 the one after it, ...; so anything can land between any two lines.
    void inject(std::string bytes, int after = 0) { injections_.push_back({after, std::move(bytes)}); }
    void drop_urcs(int n) { drop_ = n; }
    void duplicate_urcs(int n) { duplicate_ = n; }
    void delay_final() { delay_final_ = true; }  // the next final result waits for release_final()
    void release_final() {
        if (held_final_.empty()) return;
        unit(std::exchange(held_final_, {}));
        flush_urcs();
    }
    void fail_next(int code) { fail_next_ = code; }  // the next command: the dialect's error, not executed

protected:
    // ---- what a dialect implements ----
    // A decoded AT+ command. Answer with info()/ok()/error() (exactly one final, or prompt()).
    virtual void command(const command_line& c) = 0;
    // A line the grammar does not decode (or a basic command other than AT/ATE0/ATE1): true when handled.
    virtual bool raw_line(std::string_view) { return false; }
    // The bytes of a data phase started by prompt(n).
    virtual void data(std::string_view) {}
    virtual void mqtt_event(const client::event& e) = 0;
    virtual void incoming(const inbound& m) = 0;  // a whole message from the broker
    // Every packet from the broker as it arrives, before the session reads it (PUBREC, PINGRESP: what
    // the session does not report but some modems do).
    virtual void broker_packet(const mqtt::packet&) {}
    virtual void on_link_open(bool) {}
    // A data mode that is not AT at all (USR after AT+S): bytes go to raw_byte() while raw_mode().
    virtual bool raw_mode() const { return false; }
    virtual void raw_byte(char) {}
    virtual void on_idle() {}
    virtual void on_poll(client::time_ms) {}
    client::time_ms now() const { return now_; }
    virtual void on_link_lost() {}
    // The dialect's error answer; code < 0: a plain error (ERROR or the dialect's default code).
    virtual void error(int /*code*/ = -1) { final("ERROR"); }

    // ---- what a dialect uses ----
    // A parameter of a decoded command by its table name: present or not, its number, its text.
    static bool given(const command_line& c, std::string_view name) {
        const at::field_value* v = c.params.find(name);
        return v != nullptr && v->present();
    }
    static int num(const command_line& c, std::string_view name, int otherwise = 0) {
        return given(c, name) ? static_cast<int>(c.params.find(name)->number) : otherwise;
    }
    static std::string text(const command_line& c, std::string_view name) {
        return given(c, name) ? std::string(c.params.find(name)->text) : std::string();
    }
    const at::grammar& grammar() const { return grammar_; }
    void info(std::string_view line) { unit("\r\n" + std::string(line) + "\r\n"); }
    void final(std::string_view line) {
        std::string text = "\r\n" + std::string(line) + "\r\n";
        busy_ = false;
        if (delay_final_) {
            delay_final_ = false;
            held_final_ = std::move(text);
            flush_urcs();  // a late OK: what happens meanwhile goes out before it
            return;
        }
        unit(text);
        flush_urcs();
    }
    void ok() { final("OK"); }
    // Starts a data phase of n bytes after writing the prompt text (no line end).
    void prompt(std::string_view text, std::size_t n) {
        unit(std::string(text));
        data_left_ = n;
        data_.clear();
        in_data_ = true;
        if (n == 0) finish_data();
    }
    // A URC or deferred result line: queued while a command is being answered.
    void urc(std::string_view line) {
        if (drop_ > 0) {
            --drop_;
            return;
        }
        urcs_.push_back("\r\n" + std::string(line) + "\r\n");
        if (duplicate_ > 0) {
            --duplicate_;
            urcs_.push_back(urcs_.back());
        }
        if (!busy_) flush_urcs();
    }
    // Raw bytes outside the line discipline (USR data frames).
    void raw(std::string_view bytes) { unit(std::string(bytes)); }

    // A response line "+NAME: v1,v2,..." against the row `row` of the dialect's table, each value written
    // and range-checked by the library's field writer (strings quoted unless the row says bare).
    // `sep`: what follows the prefix (": " in most manuals); `either`: how a string the row lets be quoted
    // or bare is written.
    std::string line_of(const at::line& row, std::initializer_list<value> values, std::string_view sep = ": ",
                        at::quoting either = at::quoting::quoted) const {
        std::string text(std::size_t{1} << 16, '\0');  // the library's field writer, into a string
        at::detail::line_cursor s(atmqtt::mutable_bytes(text.data(), text.size()));
        if (!row.selector.empty()) {
            at::detail::put_text(s, row.selector, row.selector_quoted() ? at::quoting::quoted : at::quoting::bare,
                                 grammar_.lexical);
            if (values.size() != 0) s.put(',');
        }
        std::size_t k = 0;
        for (const value& v : values) {
            if (k != 0) s.put(',');
            const std::size_t n = row.fields.size();
            at::field_spec f = k < n ? row.fields[k] : row.fields[n - row.repeat + (k - n) % row.repeat];
            if (f.quote == at::quoting::either) f.quote = either;
            at::detail::put_field(s, f, v, grammar_.lexical);  // a value the row refuses: a simulator bug the tests catch
            ++k;
        }
        text.resize(s.written());
        return std::string(row.prefix) + std::string(sep) + text;
    }

    // The MQTT session; created by start_session() when the dialect connects.
    client::session<32>* session() { return session_.get(); }
    void start_session() {
        rx_.assign(8192, 0);
        tx_.assign(16384, 0);
        session_ = std::make_unique<client::session<32>>(atmqtt::mutable_bytes(rx_.data(), rx_.size()),
                                                         atmqtt::mutable_bytes(tx_.data(), tx_.size()));
        session_->poll(now_);
    }
    void end_session() {  // what the session still had to send (DISCONNECT) goes out first
        if (session_ && link_up_) {
            atmqtt::bytes o = session_->output();
            link_out_.append(o.data(), o.size());
        }
        session_.reset();
    }
    void request_open(std::string host, std::uint16_t port) {
        requests_.push_back({link_request::kind::open, std::move(host), port});
    }
    void request_close() {
        link_up_ = false;
        requests_.push_back({link_request::kind::close, {}, 0});
    }
    // After a request to the session: moves its output to the link and its events to the dialect.
    void pump() {
        if (!session_) return;
        for (;;) {
            bool any = false;
            while (client::event e = session_->next_event()) {  // may write acknowledgements
                if (e.type == client::event_type::message) {
                    const client::message_view& m = e.message;
                    chunks_.append(m.payload.data(), m.payload.size());
                    if (m.last_chunk())
                        incoming({std::string(m.topic), std::exchange(chunks_, {}), static_cast<int>(m.qos), m.packet_id,
                                  m.retain});
                } else {
                    mqtt_event(e);
                }
                any = true;
                if (!session_) return;
            }
            atmqtt::bytes o = session_->output();
            if (!o.empty()) {
                if (link_up_) link_out_.append(o.data(), o.size());
                session_->output_written(o.size());
                any = true;
            }
            if (!any) break;
        }
    }
    bool losing_link() const { return lost_; }  // inside link_closed(): the session reports link_lost
    // Bytes a dialect held back from the line discipline (USR: a possible escape) going their normal way.
    void line_input(std::string_view bytes) {
        for (char c : bytes) host_byte(c);
    }
    bool at_line_start() const { return line_.empty() && !in_data_; }

private:
    void sniff(std::string_view in) {
        sniffed_.append(in.data(), in.size());
        for (;;) {
            mqtt::frame_status f = mqtt::check_frame(atmqtt::bytes(sniffed_.data(), sniffed_.size()));
            if (f.state == mqtt::frame_state::malformed) sniffed_.clear();
            if (f.state != mqtt::frame_state::complete) return;
            atmqtt::result<mqtt::packet> p = mqtt::decode(atmqtt::bytes(sniffed_.data(), f.size));
            if (p) broker_packet(*p);
            sniffed_.erase(0, f.size);
        }
    }
    void host_byte(char c) {
        if (in_data_) {
            data_ += c;
            if (echo_) out_ += c;
            if (--data_left_ == 0) finish_data();
            return;
        }
        if (echo_) out_ += c;
        if (c == '\n' && line_.empty()) return;
        if (c != '\r') {
            line_ += c;
            return;
        }
        std::string line = std::exchange(line_, {});
        while (!line.empty() && (line.front() == '\n' || line.front() == ' ')) line.erase(0, 1);
        if (!line.empty()) dispatch(line);
    }
    void finish_data() {
        in_data_ = false;
        busy_ = true;
        data(data_);
    }
    static std::string upper(std::string_view s) {
        std::string u(s);
        for (char& ch : u)
            if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        return u;
    }
    void dispatch(const std::string& line) {
        busy_ = true;
        if (fail_next_ >= 0) {
            int code = fail_next_;
            fail_next_ = -1;
            error(code);
            return;
        }
        const std::string u = upper(line);
        if (u == "AT") return ok();
        if (u == "ATE0" || u == "ATE1") {
            echo_ = u == "ATE1";
            return ok();
        }
        if (raw_line(line)) return;
        command_line d;
        if (!at::decode_command(grammar_.commands, atmqtt::bytes(line.data(), line.size()), d, grammar_.lexical)) return error();
        command(d);
    }
    void unit(const std::string& text) {
        for (auto i = injections_.begin(); i != injections_.end();) {
            if (i->first-- != 0) {
                ++i;
                continue;
            }
            out_ += i->second;
            i = injections_.erase(i);
        }
        out_ += text;
    }
    void flush_urcs() {
        if (busy_ || in_data_) return;
        while (!urcs_.empty()) {
            unit(urcs_.front());
            urcs_.pop_front();
        }
    }

    const at::grammar& grammar_;
    bool echo_;
    std::string out_, line_, data_, link_out_, held_final_, chunks_, sniffed_;
    std::size_t data_left_ = 0;
    bool in_data_ = false, busy_ = false, link_up_ = false, lost_ = false, delay_final_ = false;
    int drop_ = 0, duplicate_ = 0, fail_next_ = -1;
    std::deque<std::string> urcs_;
    std::vector<std::pair<int, std::string>> injections_;  // units to wait, bytes
    std::deque<link_request> requests_;
    std::vector<char> rx_, tx_;
    std::unique_ptr<client::session<32>> session_;
    client::time_ms now_ = 0;
};

}  // namespace atmqtt_modem
