// The USR driver of the AT client (USR IOT 1606 series MQTT guide V1.0.1). A USR module runs MQTT by
// itself: the host configures it in command mode and restarts it (AT+S); it then connects on its own and
// the serial line carries data frames, not AT lines. So at_client<drivers::usr> is an engine of its own
// (a partial specialisation below) behind the same API as the line-based dialects:
//   connect()      `+++` / 'a' / 'a' / "+ok" into command mode (skipped when the module is known to be
//                  there), the configuration one command at a time (each awaits its OK; echo on or off):
//                  the dialect's packed rows with their values (config_command), the preset
//                  subscriptions before AT+MQTTMOD, AT+S, then `connected` once the restart time is over
//   publish()      a distribution-mode temporary publish frame `0,0,<topic>,<qos>,<retain>,<payload>`,
//                  any topic without a comma, any payload bytes
//   subscribe() /  temporary (un)subscribe frames `0,1,<topic>,<qos>` / `0,2,<topic>,0`: they take effect
//   unsubscribe()  at once, no restart (a subscription lasts until the module's next reconnection)
//   messages       `0,<topic>,<payload>` frames; a preset slot's `<n>,<payload>` (drivers::usr::presets,
//                  written at connect) with the preset's filter as its topic
//   disconnect()   the escape back to command mode; the module's own connection stays up (the guide has
//                  no command that closes it short of reconfiguring and restarting)
// The module acknowledges nothing (no PUBACK, SUBACK, connection state): a request completes when its
// frame is written (caps.acknowledged false), subscribed reports the QoS asked for, and a lost link is
// not reported (the module reconnects by itself). Frames and the escape are delimited by idle time: the
// client keeps the line quiet as `timing` says and ends a received frame after timing.gap_ms without
// bytes (the caller's poll(now) times), or at once on end_of_burst() (a UART idle interrupt).
#pragma once

#include <atmqtt/at/result_code.hpp>
#include <atmqtt/client/at_client.hpp>
#include <atmqtt/client/capabilities.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/client/events.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/commands.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace drivers {

struct usr {
    // The USR serial-configuration timing (the 1606 guide defers to the module manuals: "+++" after at
    // least 200 ms without data, the host's 'a' within 3 s of the module's). The module's answer time,
    // its packing interval and its restart time are not stated: 3 s, 50 ms and 10 s are this library's.
    static constexpr idle_framing default_timing{200, 3000, 50, 10000};
    idle_framing timing = default_timing;
    atmqtt::usr::ssl_auth tls_auth = atmqtt::usr::ssl_auth::peer;  // AT+SSLAUTH when TLS is asked for
    bool sni = true;                                             // AT+SSLCFG when TLS is asked for
    // Subscriptions kept in the module's configuration (AT+MQTTSUBTP, written at connect; the caller's
    // storage): unlike subscribe()'s temporary ones they outlive the module's own reconnections. Their
    // messages come as `<num>,<payload>`, so the event's topic is the preset's filter.
    span<const atmqtt::usr::topic_preset> presets{};

    // One client, QoS 0-2 (carried by the module, acknowledged to no one), will (AT+MQTTWILL, 1~128 bytes,
    // no comma), TLS (AT+SSLEN; certificates loaded beforehand: the guide recommends the vendor tool), clean
    // session choice, 3.1 and 3.1.1, any payload byte, one topic per (un)subscribe frame, topics and ids of
    // 128 bytes. Payloads: the guide states no limit; 1024 bytes is this library's.
    static constexpr capabilities caps{true, true, true, true, true, true, true, false, false,
                                       receive_push, 1, 1, 128, 128, 1024, true};
    static constexpr bool host_ids = false;  // frames carry no packet id: ids are the client's own tags
    // The output the longest write needs: a publish frame `0,0,<topic>,2,1,<payload>` with the largest
    // topic and payload (1,161 bytes; the longest configuration command, AT+MQTTWILL with the largest
    // topic and message, 276).
    static constexpr std::size_t tx_capacity = caps.max_topic + caps.max_payload + sizeof("0,0,,2,1,") - 1;

    // The configuration commands' answer time (the guide states none): 2 s each, AT+S 5 s, ours.
    static constexpr time_ms command_timeout_ms = 2000;
    static constexpr time_ms save_timeout_ms = 5000;
};

}  // namespace drivers

template <std::size_t LineCapacity, std::size_t TxCapacity, unsigned Features>
class at_client<drivers::usr, LineCapacity, TxCapacity, Features> {
public:
    static constexpr const capabilities& caps() noexcept { return drivers::usr::caps; }
    // A chunk's message.total while the frame goes on: the module sends no length (see message()).
    static constexpr std::uint32_t unknown_total = 0xFFFFFFFF;

    constexpr explicit at_client(drivers::usr driver = {}, time_ms slack_ms = 0) noexcept
        : driver_(driver), slack_(slack_ms) {}

    // ---- requests -----------------------------------------------------------------------------
    // Every configuration value is checked (written once into the output buffer) before anything is sent:
    // a comma or CR in an unquoted value, an empty will message, a too small TxCapacity refuse the connect.
    constexpr status connect(const connect_options& o) noexcept {
        if (state_ != conn::down) return errc::client_already_connected;
        status c = check_connect(caps(), o);
        if (!c) return c;
        opts_ = o;
        if (!o.will_flag) {  // the will off, with the module's own default topic and text (sized views)
            opts_.will = mqtt::will_message{};
            opts_.will.topic = bytes("/will", 5);
            opts_.will.payload = bytes("offline", 7);
        }
        for (cfg_pos_ = 0;;) {
            const result<std::size_t> w = config_command(mutable_bytes(tx_, TxCapacity));
            if (!w) return {w.error(), w.offset()};
            if (*w == 0) break;
        }
        cfg_pos_ = 0;
        drop_frame();
        frame_ready_ = false;  // a frame of the last connection not taken: gone with it
        op_ = op_kind::connect;
        state_ = conn::connecting;
        if (!command_mode_) {
            start_escape();
            return {};
        }
        status s = next_command();
        queued_ = false;  // refused: no event
        return s;
    }

    // The recovery ladder, for a module that no longer answers as the guide says (a connect that ended
    // in modem_error or command_timeout; the supervisor climbs it): the escape to command mode whatever
    // the client believes (a module that restarted by itself is in data mode again); if the escape gets
    // no answer, the configuration as if the module were in command mode already; then AT+S as in
    // connect(). Ends in `connected`, or in `disconnected(module_reset_needed)` when the configuration
    // fails or gets no answer: reset the module, then connect() again.
    constexpr status recover(const connect_options& o) noexcept {
        const bool believed = command_mode_;
        command_mode_ = false;
        status s = connect(o);
        if (!s) command_mode_ = believed;
        recovering_ = s.ok();
        return s;
    }

    // The client's tag for the request (packet ids are the module's business and never shown): 0 at QoS 0.
    constexpr result<std::uint16_t> publish(bytes topic, bytes payload, mqtt::qos q = mqtt::qos::at_most_once,
                                            bool retain = false) noexcept {
        status c = may_request(topic);
        if (c) c = check_publish(caps(), topic, payload.size(), q);
        if (!c) return {c.error(), c.offset()};
        atmqtt::usr::frame f;
        f.kind = atmqtt::usr::frame_kind::temporary_publish;
        f.topic = topic;
        f.payload = payload;
        f.qos = static_cast<std::uint8_t>(q);
        f.retain = retain ? 1 : 0;
        return send_frame(f, op_kind::publish, q != mqtt::qos::at_most_once);
    }

    // One filter per request (caps().max_filters); `subscribed` grants the QoS asked for.
    constexpr result<std::uint16_t> subscribe(span<const mqtt::subscription> filters) noexcept {
        status c = filters.size() == 1 ? may_request(filters[0].topic_filter) : status{errc::capacity_exceeded, filters.size()};
        if (c) c = check_filter(caps(), filters[0].topic_filter, filters[0].qos);
        if (!c) return {c.error(), c.offset()};
        granted_[0] = static_cast<mqtt::suback_return_code>(filters[0].qos);
        return send_frame(filter_frame(atmqtt::usr::frame_kind::temporary_subscribe, filters[0].topic_filter,
                                       filters[0].qos),
                          op_kind::subscribe, true);
    }

    constexpr result<std::uint16_t> unsubscribe(span<const bytes> filters) noexcept {
        status c = filters.size() == 1 ? may_request(filters[0]) : status{errc::capacity_exceeded, filters.size()};
        if (c) c = check_filter(caps(), filters[0], mqtt::qos::at_most_once);
        if (!c) return {c.error(), c.offset()};
        return send_frame(filter_frame(atmqtt::usr::frame_kind::temporary_unsubscribe, filters[0],
                                       mqtt::qos::at_most_once),
                          op_kind::unsubscribe, true);
    }

    // Leaves data mode (`+++` / 'a' / "+ok"): `disconnected(requested)` once the module is in command mode.
    constexpr status disconnect() noexcept {
        status c = may_request({});
        if (!c) return c;
        op_ = op_kind::disconnect;
        state_ = conn::closing;
        start_escape();
        return {};
    }

    // ---- the modem's bytes and the caller's time -----------------------------------------------
    // Takes the chunk (it must stay valid until next_event() returns none, as for every engine); pull the
    // events next. In command mode the lines, of which only the final results matter (the echo, if on, is
    // skipped); in data mode the bytes of the frame being received. A frame longer than LineCapacity comes
    // as chunks (see message()); the rest of the chunk is read once its event is taken. Returns the chunk's
    // size, or 0 (taking nothing) while the last event is not taken yet.
    constexpr std::size_t feed(bytes chunk) noexcept {
        if (frame_ready_ || pos_ < chunk_.size()) return 0;
        chunk_ = chunk;
        pos_ = 0;
        consume();
        return chunk.size();
    }

    // The caller's transport saw the modem's output pause: the frame received so far is complete (once
    // the chunk fed last is read).
    constexpr void end_of_burst() noexcept {
        if (pos_ < chunk_.size()) {
            burst_ended_ = true;
            return;
        }
        burst_ended_ = false;
        rx_fed_ = false;
        burst_ = false;
        if (step_ == step::await_a && esc_.end_of_burst() == atmqtt::usr::escape_event::module_ready) {
            drop_frame();
            stage(atmqtt::usr::escape.confirm, 0, driver_.timing.answer_ms);
            step_ = step::await_ok;
            return;
        }
        // A frame that comes while connecting belongs to an earlier session: dropped.
        frame_ready_ = frame_len_ != 0 && state_ != conn::connecting;  // (overflow_: frame_len_ is full)
        last_chunk_ = true;
        if (!frame_ready_) drop_frame();
    }

    constexpr void poll(time_ms now) noexcept {
        now_ = now;
        if (stamp_due_) {  // the output was written up to its end at or before now
            stamp_due_ = false;
            quiet_since_ = now;
            if (hold_) release_at_ = now + hold_ms_;
            if (awaiting_ && sent_ == ready_) {
                awaiting_ = false;
                arm(timeout_ms_);
            }
        }
        if (rx_fed_) {
            rx_fed_ = false;
            rx_at_ = now;
            burst_ = true;
        } else if (burst_ && reached(now, rx_at_ + driver_.timing.gap_ms)) {
            end_of_burst();
        }
        if (armed_ && reached(now, deadline_)) expired();
    }

    // Pending output: write it to the modem, then output_written(n). Empty while the line must stay quiet.
    constexpr bytes output() const noexcept {
        if (hold_ && (stamp_due_ || !reached(now_, release_at_))) return {};
        return bytes(tx_ + sent_, ready_ - sent_);
    }
    constexpr void output_written(std::size_t n) noexcept {
        if (n == 0 || sent_ == ready_) return;
        sent_ += n < ready_ - sent_ ? n : ready_ - sent_;
        hold_ = false;
        if (sent_ != ready_) return;
        stamp_due_ = true;
        if (op_ == op_kind::publish || op_ == op_kind::subscribe || op_ == op_kind::unsubscribe) done_ = true;
    }

    // The earliest of: output allowed after a quiet time, a received frame's end, an answer's timeout,
    // the end of the restart; now when output was written and its time is still to be taken.
    constexpr std::optional<time_ms> next_deadline() const noexcept {
        std::optional<time_ms> d;
        if (stamp_due_ || rx_fed_) d = now_;
        if (hold_ && !stamp_due_) d = earliest(d, release_at_);
        if (burst_) d = earliest(d, rx_at_ + driver_.timing.gap_ms);
        if (armed_) d = earliest(d, deadline_);
        return d;
    }

    constexpr bool connected() const noexcept { return state_ == conn::up; }
    constexpr bool ready() const noexcept { return op_ == op_kind::none; }
    constexpr const drivers::usr& driver() const noexcept { return driver_; }
    // The module is known to be in command mode (after disconnect(), a failed configuration).
    constexpr bool in_command_mode() const noexcept { return command_mode_; }

    // One event; views in it stay valid until the next call of any member.
    constexpr event next_event() noexcept {
        event out;
        if (queued_) {
            queued_ = false;
            return queue_;
        }
        if (done_) {
            done_ = false;
            out.packet_id = tag_;
            out.type = op_ == op_kind::publish ? event_type::published
                       : op_ == op_kind::subscribe ? event_type::subscribed : event_type::unsubscribed;
            if (op_ == op_kind::subscribe)
                out.granted = mqtt::list_view<mqtt::suback_return_code>(span<const mqtt::suback_return_code>(granted_, 1));
            op_ = op_kind::none;
            return out;
        }
        if (frame_ready_) return message();
        if (pos_ < chunk_.size()) {  // a chunk event was taken: read on
            consume();
            if (frame_ready_) return message();
        }
        return out;
    }

private:
    enum class conn : std::uint8_t { down, connecting, up, closing };
    enum class step : std::uint8_t { none, await_a, await_ok, command, restart };

    static constexpr time_ms earliest(std::optional<time_ms> d, time_ms t) noexcept {
        return d && reached(t, *d) ? *d : t;
    }

    // The configuration's command at cfg_pos_ written into `out` (moving cfg_pos_ on; a row not needed
    // for these options is passed over): the size of its line, 0 after AT+S. Each is the dialect's row
    // packed at compile time (at::packed_of, no names) with its values, written and checked by the core
    // writer with the dialect's syntax as a type. The order of the guide's worked examples (§3.1.2,
    // §3.1.4): an empty user name or password is not written, nor a port of 0 (the module keeps its
    // defaults); the will off is written with the module's own default topic and text (connect()); the
    // preset subscriptions (drivers::usr::presets, AT+MQTTSUBTP) come before AT+MQTTMOD.
    constexpr result<std::size_t> config_command(mutable_bytes out) noexcept {
        namespace u = atmqtt::usr;
        const connect_options& o = opts_;
        const bool tls = o.tls_context >= 0;
        const std::size_t presets = driver_.presets.size();
        at::value v[5]{};
        const at::packed_row* row = nullptr;
        at::form form = at::form::set;
        while (row == nullptr) {
            std::size_t pos = cfg_pos_++;
            if (pos >= presets_at && pos < presets_at + presets) {
                const u::topic_preset& p = driver_.presets[pos - presets_at];
                v[0] = p.num;
                v[1] = p.enabled ? 1 : 0;
                v[2] = p.topic;
                v[3] = p.qos;
                row = &at::packed_of<u::cmd::mqttsubtp>;
                break;
            }
            if (pos > presets_at) pos -= presets;
            switch (pos) {
                case 0:
                    v[0] = at::value(words<u::cmd::wkmod_mqtt>[0]);  // NOR: a generic broker
                    row = &at::packed_of<u::cmd::wkmod_mqtt>;
                    break;
                case 1:
                    v[0] = o.host;
                    if (o.port != 0) v[1] = o.port;
                    row = &at::packed_of<u::cmd::mqttsvr>;
                    break;
                case 2:
                    if (!o.username_flag || o.username.empty()) continue;
                    v[0] = o.username;
                    row = &at::packed_of<u::cmd::mqttuser>;
                    break;
                case 3:
                    if (!o.password_flag || o.password.empty()) continue;
                    v[0] = o.password;
                    row = &at::packed_of<u::cmd::mqttpsw>;
                    break;
                case 4:
                    v[0] = o.client_id;
                    row = &at::packed_of<u::cmd::mqttcid>;
                    break;
                case 5:
                    v[0] = o.level == mqtt::protocol_level::v3_1 ? 3 : 4;
                    row = &at::packed_of<u::cmd::mqttver>;
                    break;
                case 6:
                    v[0] = o.keep_alive_s;
                    v[1] = o.clean_session ? 1 : 0;
                    row = &at::packed_of<u::cmd::mqttcfg>;
                    break;
                case 7:
                    v[0] = o.will_flag ? 1 : 0;
                    v[1] = o.will.topic;
                    v[2] = static_cast<int>(o.will.qos);
                    v[3] = o.will.retain ? 1 : 0;
                    v[4] = o.will.payload;
                    row = &at::packed_of<u::cmd::mqttwill>;
                    break;
                case 8:
                    v[0] = at::value(words<u::cmd::sslen>[tls ? 1 : 0]);  // OFF|ON
                    row = &at::packed_of<u::cmd::sslen>;
                    break;
                case 9:
                    v[0] = at::value(words<u::cmd::sslauth>[tls ? auth_word(driver_.tls_auth) : 0]);
                    row = &at::packed_of<u::cmd::sslauth>;
                    break;
                case 10:
                    v[0] = at::value(words<u::cmd::sslcfg>[tls && driver_.sni ? 1 : 0]);  // OFF|ON
                    row = &at::packed_of<u::cmd::sslcfg>;
                    break;
                case presets_at:
                    v[0] = static_cast<int>(u::transfer_mode::distribution);
                    row = &at::packed_of<u::cmd::mqttmod>;
                    break;
                case presets_at + 1:
                    form = at::form::execute;
                    row = &at::packed_of<u::cmd::save>;
                    break;
                default: return std::size_t{0};
            }
        }
        at::detail::line_cursor cursor(out);
        return at::detail::write_into(cursor, at::fixed_syntax<atmqtt::usr::lexical>{}, *row, form, v);
    }
    // The first three words of command C's first parameter (NOR|ALI, OFF|ON, NONE|PEER|ALL), as constants
    // (its field tables stay unlinked), then "?", which is no word: the writer refuses it (at_invalid_enum).
    template <const at::command& C>
    static constexpr bytes words[4] = {at::nth_word(C.params[0].words, 0), at::nth_word(C.params[0].words, 1),
                                       at::nth_word(C.params[0].words, 2), "?"};
    static constexpr std::size_t auth_word(atmqtt::usr::ssl_auth a) noexcept {
        return static_cast<std::size_t>(a) < 3 ? static_cast<std::size_t>(a) : 3;
    }
    static constexpr std::size_t presets_at = 11;  // the row of AT+MQTTMOD: the presets come before it
    static constexpr std::size_t config_rows = presets_at + 2;
    constexpr bool config_done() const noexcept { return cfg_pos_ >= config_rows + driver_.presets.size(); }

    constexpr status may_request(bytes topic) const noexcept {
        if (state_ != conn::up) return errc::client_not_connected;
        if (op_ != op_kind::none) return errc::client_busy;
        for (std::size_t i = 0; i < topic.size(); ++i)
            if (topic[i] == ',') return {errc::client_unsupported_topic, i};  // the frame's field separator
        return {};
    }

    static constexpr atmqtt::usr::frame filter_frame(atmqtt::usr::frame_kind k, bytes topic, mqtt::qos q) noexcept {
        atmqtt::usr::frame f;
        f.kind = k;
        f.topic = topic;
        f.qos = static_cast<std::uint8_t>(q);
        return f;
    }

    // Stages a frame after the gap that ends the one before; it completes when written.
    constexpr result<std::uint16_t> send_frame(const atmqtt::usr::frame& f, op_kind k, bool tagged) noexcept {
        compact();
        result<std::size_t> n = atmqtt::usr::encode(f, mutable_bytes(tx_ + ready_, TxCapacity - ready_));
        if (!n) return {n.error(), n.offset()};
        tag_ = tagged ? next_tag() : 0;
        op_ = k;
        commit(*n, driver_.timing.gap_ms, 0);
        return tag_;
    }

    constexpr std::uint16_t next_tag() noexcept {
        last_tag_ = static_cast<std::uint16_t>(last_tag_ == 65535 ? 1 : last_tag_ + 1);
        return last_tag_;
    }

    // Drops output already written, so each unit starts at the front of the buffer.
    constexpr void compact() noexcept {
        for (std::size_t i = sent_; i < ready_; ++i) tx_[i - sent_] = tx_[i];
        ready_ -= sent_;
        sent_ = 0;
    }

    // Releases n staged bytes, after `quiet_ms` of quiet on the line; `answer_ms` (0: none) is how long
    // the module may take to answer once they are written.
    constexpr void commit(std::size_t n, time_ms quiet_ms, time_ms answer_ms) noexcept {
        ready_ += n;
        hold_ = quiet_ms != 0;
        hold_ms_ = quiet_ms;
        release_at_ = quiet_since_ + quiet_ms;  // stamp_due_: set by the next poll instead
        awaiting_ = answer_ms != 0;
        timeout_ms_ = answer_ms;
        armed_ = false;
    }
    constexpr void stage(bytes text, time_ms quiet_ms, time_ms answer_ms) noexcept {
        compact();
        for (std::size_t i = 0; i < text.size(); ++i) tx_[ready_ + i] = text[i];
        commit(text.size(), quiet_ms, answer_ms);
    }
    constexpr void arm(time_ms ms) noexcept {
        deadline_ = now_ + ms + slack_;
        armed_ = true;
    }

    constexpr bool receiving() const noexcept {
        return state_ != conn::down && step_ != step::restart;
    }

    constexpr void start_escape() noexcept {
        esc_.start();
        drop_frame();
        step_ = step::await_a;
        stage(atmqtt::usr::escape.request, driver_.timing.guard_ms, driver_.timing.answer_ms);
    }

    // "+ok" came: connect goes on with the configuration, disconnect is done.
    constexpr void entered_command_mode() noexcept {
        command_mode_ = true;
        rx_fed_ = false;
        burst_ = false;
        armed_ = false;
        if (op_ == op_kind::disconnect) {
            step_ = step::none;
            finish(event_type::disconnected, disconnect_reason::requested, errc::ok);
            return;
        }
        (void)next_command();
    }

    // The fed chunk's bytes, until its end or a chunk event of a long frame.
    constexpr void consume() noexcept {
        for (; pos_ < chunk_.size() && receiving() && !frame_ready_; ++pos_) {
            const char c = chunk_[pos_];
            if (step_ == step::command) {
                command_byte(c);
                continue;
            }
            rx_fed_ = true;
            if (step_ == step::await_ok) {
                result<atmqtt::usr::escape_event> e = esc_.feed(c);
                if (!e) fail(disconnect_reason::modem_error, errc::client_escape_failed);
                else if (*e == atmqtt::usr::escape_event::command_mode) entered_command_mode();
                continue;
            }
            if (frame_len_ == LineCapacity && cut_chunk()) return;  // c is read after the chunk's event
            if (step_ == step::await_a) esc_.note_burst(bytes(&c, 1));
            if (frame_len_ < LineCapacity) frame_[frame_len_++] = c;
            else overflow_ = true;
        }
        pos_ = chunk_.size();  // the rest (nothing is received during the restart or when down) is dropped
        if (burst_ended_) end_of_burst();
    }

    // A full frame buffer while the frame goes on: its payload so far is a chunk when the frame's head
    // (up to its payload) reads and leaves room; else the frame is too long (at_line_too_long at its end).
    constexpr bool cut_chunk() noexcept {
        if (overflow_ || state_ == conn::connecting) return false;
        result<atmqtt::usr::frame> f = decode_frame();
        if (!f || f->payload.data() == frame_ + LineCapacity) return false;
        frame_ready_ = true;
        last_chunk_ = false;
        return true;
    }

    constexpr result<atmqtt::usr::frame> decode_frame() const noexcept {
        return atmqtt::usr::decode_frame(bytes(frame_, frame_len_), atmqtt::usr::transfer_mode::distribution,
                                          atmqtt::usr::direction::downlink);
    }

    constexpr void drop_frame() noexcept {
        frame_len_ = 0;
        chunk_offset_ = 0;
        overflow_ = false;
    }

    // One byte of command mode: a line ends at CR or LF; a final result answers the running command.
    constexpr void command_byte(char c) noexcept {
        if (c != '\r' && c != '\n') {
            if (frame_len_ < LineCapacity) frame_[frame_len_++] = c;
            else overflow_ = true;  // no final result is that long
            return;
        }
        const bytes line(frame_, overflow_ ? 0 : frame_len_);
        frame_len_ = 0;
        overflow_ = false;
        // The guide documents OK only; any other final result (ERROR, +CME ERROR: n) fails the command.
        const at::final_kind k = at::final_kind_of(line);
        if (k == at::final_kind::none) return;  // an empty line, the echo, a response
        if (!at::is_success(k)) return fail(disconnect_reason::modem_error, errc::client_command_failed);
        if (!config_done()) {
            (void)next_command();
            return;
        }
        step_ = step::restart;  // AT+S: the module restarts; what it prints meanwhile means nothing
        command_mode_ = false;
        awaiting_ = false;
        deadline_ = now_ + driver_.timing.restart_ms;  // a wait, not an answer: no slack
        armed_ = true;
    }

    // The configuration's next command (a failure is queued as the connection's end).
    constexpr status next_command() noexcept {
        status s = stage_command();
        if (!s) fail(disconnect_reason::modem_error, s.error());
        return s;
    }
    constexpr status stage_command() noexcept {
        compact();
        const result<std::size_t> n = config_command(mutable_bytes(tx_ + ready_, TxCapacity - ready_));
        if (!n) return {n.error(), n.offset()};  // checked at connect(): only output still unwritten can do it
        step_ = step::command;
        commit(*n, 0, config_done() ? drivers::usr::save_timeout_ms : drivers::usr::command_timeout_ms);
        return {};
    }

    // A received frame as a message (or why it is not one). A frame longer than LineCapacity comes as
    // chunks: the frame's head stays at the front of the buffer and each chunk is the payload read since
    // the last. The module sends no length, so `total` is unknown (unknown_total) until the last chunk,
    // which carries it: last_chunk() holds for that one only.
    constexpr event message() noexcept {
        event out;
        frame_ready_ = false;
        out.type = event_type::error;
        out.error = errc::at_line_too_long;
        if (overflow_) {
            drop_frame();
            return out;
        }
        result<atmqtt::usr::frame> f = decode_frame();
        if (!f) {
            drop_frame();
            out.error = f.error();
            return out;
        }
        out.type = event_type::message;
        out.error = errc::ok;
        out.message.topic = f->topic;
        if (f->kind == atmqtt::usr::frame_kind::preset_message)  // the frame names the slot: its filter
            for (const atmqtt::usr::topic_preset& p : driver_.presets)
                if (p.enabled && p.num == f->slot) out.message.topic = p.topic;
        const std::size_t head = static_cast<std::size_t>(f->payload.data() - frame_);
        out.message.payload = f->payload;
        out.message.offset = chunk_offset_;
        chunk_offset_ += static_cast<std::uint32_t>(f->payload.size());
        out.message.total = last_chunk_ ? chunk_offset_ : unknown_total;
        if (last_chunk_) drop_frame();
        else frame_len_ = head;  // the head stays for the next chunk (a view into it is the topic)
        return out;
    }

    // The module did not answer in time; the restart's end is no failure but the connection.
    constexpr void expired() noexcept {
        armed_ = false;
        if (step_ == step::restart) {
            step_ = step::none;
            recovering_ = false;
            finish(event_type::connected, disconnect_reason::requested, errc::ok);
            state_ = conn::up;
            return;
        }
        fail(disconnect_reason::command_timeout, errc::client_command_timeout);
    }

    // Connect or disconnect ends without a connection: what was staged is dropped. On the recovery
    // ladder an escape that got no answer is the next rung's start instead (the configuration, as if the
    // module were in command mode already), and a configuration that fails means a reset.
    constexpr void fail(disconnect_reason why, errc e) noexcept {
        if (recovering_) {
            if (step_ == step::await_a || step_ == step::await_ok) {
                sent_ = ready_ = 0;
                hold_ = awaiting_ = armed_ = rx_fed_ = burst_ = false;
                drop_frame();
                command_mode_ = true;
                step_ = step::command;  // a failure from here is the last rung's
                if (stage_command()) return;  // (checked at connect(): it does not fail)
            }
            why = disconnect_reason::module_reset_needed;
            command_mode_ = false;  // after the reset the module is in its work mode, as at power-up
        }
        step_ = step::none;
        finish(event_type::disconnected, why, e);
    }

    constexpr void finish(event_type t, disconnect_reason why, errc e) noexcept {
        event out;
        out.type = t;
        if (t == event_type::disconnected) {
            out.reason = why;
            out.error = e;
            state_ = conn::down;
            recovering_ = false;
            sent_ = ready_ = 0;
            hold_ = awaiting_ = armed_ = false;
        }
        op_ = op_kind::none;
        queue(out);
    }

    constexpr void queue(const event& e) noexcept {
        queue_ = e;
        queued_ = true;
    }

    drivers::usr driver_;
    time_ms slack_ = 0;
    connect_options opts_{};
    atmqtt::usr::escape_sequence esc_{};
    event queue_{};
    mqtt::suback_return_code granted_[1]{};
    time_ms now_ = 0;
    time_ms quiet_since_ = 0;  // the host's line has been quiet since (valid unless stamp_due_)
    time_ms release_at_ = 0;   // hold_: the staged output may go from then
    time_ms hold_ms_ = 0;
    time_ms timeout_ms_ = 0;   // awaiting_: how long the answer may take once the output is written
    time_ms deadline_ = 0;     // armed_
    time_ms rx_at_ = 0;        // burst_: when bytes last came
    std::size_t sent_ = 0;
    std::size_t ready_ = 0;
    std::size_t frame_len_ = 0;
    bytes chunk_{};           // fed, read up to pos_
    std::size_t pos_ = 0;
    std::uint32_t chunk_offset_ = 0;  // of the frame's payload: delivered in earlier chunks
    std::uint16_t tag_ = 0;
    std::uint16_t last_tag_ = 0;
    std::uint8_t cfg_pos_ = 0;  // the configuration's next command (config_command)
    op_kind op_ = op_kind::none;
    conn state_ = conn::down;
    step step_ = step::none;
    bool command_mode_ = false;  // where the module is: assumed in data mode at power-up (its work mode)
    bool queued_ = false;
    bool done_ = false;         // the running frame request was written: its event is due
    bool frame_ready_ = false;  // a received frame is complete: its event is due
    bool overflow_ = false;
    bool last_chunk_ = true;    // frame_ready_: the frame ended (not a chunk of a longer one)
    bool burst_ended_ = false;  // end_of_burst() before the chunk was read: applied when it is
    bool recovering_ = false;   // the connect is recover()'s
    bool rx_fed_ = false;       // bytes came since the last poll
    bool burst_ = false;        // bytes came and the line has not been quiet for the gap since
    bool stamp_due_ = false;    // output was written up to its end; the next poll takes the time
    bool hold_ = false;
    bool awaiting_ = false;
    bool armed_ = false;
    char frame_[LineCapacity]{};
    char tx_[TxCapacity]{};
};

}  // namespace client
ATMQTT_END_NAMESPACE
