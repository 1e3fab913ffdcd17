// Typed OneMO commands, one struct per command (and per AT+MQTTCFG item), with the manual's parameter
// names. encode() checks a struct against the chosen model's limits (models.hpp), then writes it through
// the core writer, which checks every value against the grammar (grammar.hpp) — all constexpr:
//
//     onemo::publish p{0, "world", 1, 0, 0, "3242"};
//     char buf[64];
//     auto n = onemo::encode(p, buf, onemo::models::ml307r);   // "AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"\r"
//
// Optional parameters are std::optional: left empty they are not sent (the AT+MQTTCFG items then query
// their value). An empty optional before a given one is sent as the manual's default, never as an empty
// field. <message> and <will_msg> are written in the "encoding" input format the struct names
// (payload.hpp), and <msg_len> is counted the manual's way unless given.
#pragma once

#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/out_cursor.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/onemo/models.hpp>
#include <atmqtt/dialect/onemo/payload.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

namespace detail {

// The writer's arguments for one command (at most 1 + 3 topic/qos pairs, or the 7 of AT+MQTTPUB).
struct arg_list {
    static constexpr std::size_t capacity = 8;
    at::value v[capacity] = {};
    std::size_t n = 0;

    constexpr void add(at::value x) noexcept {
        if (n < capacity) v[n++] = x;
    }
    template <class T>
    constexpr void add(const std::optional<T>& o) noexcept {
        add(o ? at::value(*o) : at::value::omitted());
    }
};

// An omitted argument before a given one becomes the parameter's default ("省略时为默认值").
constexpr void fill_defaults(const at::command& c, arg_list& a) noexcept {
    std::size_t last = a.n;
    while (last != 0 && a.v[last - 1].is_omitted()) --last;
    for (std::size_t i = 0; i < last && i < c.params.size(); ++i)
        if (a.v[i].is_omitted() && c.params[i].has_default()) a.v[i] = at::value(c.params[i].def);
}

constexpr status check_id(std::int32_t connect_id, const model_limits& m) noexcept {
    if (connect_id > m.max_connect_id) return {errc::out_of_range, 0};
    return {};
}
constexpr status check_topic(bytes topic, const model_limits& m, std::size_t arg) noexcept {
    if (topic.size() > m.max_topic) return {errc::too_long, arg};
    return {};
}
constexpr status need(const model_limits& m, model_limits::feature_bits f) noexcept {
    if (!m.has(f)) return {errc::at_unknown_command, 0};
    return {};
}
constexpr status first_error(status a, status b) noexcept { return a.ok() ? b : a; }

// A message written in an input format: the last argument of AT+MQTTPUB and "willpayload".
struct message_arg {
    bool present = false;
    bytes message{};
    input_format format = input_format::ascii;
};

}  // namespace detail

// A command with no arguments in its test form.
template <const at::command& Command>
struct test_form {
    static constexpr const at::command& descriptor() noexcept { return Command; }
    static constexpr at::form command_form = at::form::test;
    constexpr status check(const model_limits&) const noexcept { return {}; }
    constexpr void args(detail::arg_list&) const noexcept {}
};

using cfg_test = test_form<cfg_test_cmd>;   // AT+MQTTCFG=?
using connect_test = test_form<conn_cmd>;   // AT+MQTTCONN=?

// ---- AT+MQTTCFG items ------------------------------------------------------------------------------

struct cfg_version {
    static constexpr const at::command& descriptor() noexcept { return cfg_version_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> version{};  // 3: MQTT 3.1, 4: 3.1.1 (default; "only 4 is supported")
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(version); }
};
struct cfg_cid {
    static constexpr const at::command& descriptor() noexcept { return cfg_cid_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> cid{};  // PDP context; its range is the model's (footnote 4)
    constexpr status check(const model_limits& m) const noexcept {
        status s = detail::first_error(detail::need(m, model_limits::cid), detail::check_id(connect_id, m));
        if (s.ok() && cid && (*cid < m.cid_min || *cid > m.cid_max)) return {errc::out_of_range, 1};
        return s;
    }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(cid); }
};
struct cfg_ssl {
    static constexpr const at::command& descriptor() noexcept { return cfg_ssl_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> ssl_enable{};  // 0: TCP, 1: SSL
    std::optional<std::int32_t> ssl_id{};      // SSL context 0~5
    constexpr status check(const model_limits& m) const noexcept {
        return detail::first_error(detail::need(m, model_limits::ssl), detail::check_id(connect_id, m));
    }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(ssl_enable), a.add(ssl_id); }
};
struct cfg_keepalive {
    static constexpr const at::command& descriptor() noexcept { return cfg_keepalive_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> keepalive_time{};  // s: 0 (never) or 60~65535
    constexpr status check(const model_limits& m) const noexcept {
        if (keepalive_time && *keepalive_time > 0 && *keepalive_time < 60) return {errc::out_of_range, 1};
        return detail::check_id(connect_id, m);
    }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(keepalive_time); }
};
struct cfg_clean {
    static constexpr const at::command& descriptor() noexcept { return cfg_clean_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> clean_session{};
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(clean_session); }
};
struct cfg_retrans {
    static constexpr const at::command& descriptor() noexcept { return cfg_retrans_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> retrans_interval{};  // s, 20~60, doubling per retry
    std::optional<std::int32_t> retry_times{};       // 0~3
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(retrans_interval), a.add(retry_times);
    }
};
struct cfg_willoption {
    static constexpr const at::command& descriptor() noexcept { return cfg_willoption_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> will_flag{};
    std::optional<std::int32_t> will_qos{};
    std::optional<std::int32_t> will_retain{};
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(will_flag), a.add(will_qos), a.add(will_retain);
    }
};
// Topic and message together, or neither (query). will_msg is written in `format` (the "encoding" input
// format currently set on the modem).
struct cfg_willpayload {
    static constexpr const at::command& descriptor() noexcept { return cfg_willpayload_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<bytes> will_topic{};
    bytes will_msg{};
    input_format format = input_format::ascii;
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(will_topic);
        if (will_topic) a.add(at::value(bytes{}));  // the message slot; message() writes its text
    }
    constexpr detail::message_arg message() const noexcept { return {will_topic.has_value(), will_msg, format}; }
};
struct cfg_pingreq {
    static constexpr const at::command& descriptor() noexcept { return cfg_pingreq_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> ping_interval{};  // s, 60~86400
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(ping_interval); }
};
struct cfg_pingresp {
    static constexpr const at::command& descriptor() noexcept { return cfg_pingresp_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> pingack{};  // 1: report +MQTTURC: "pingresp"
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(pingack); }
};
struct cfg_encoding {
    static constexpr const at::command& descriptor() noexcept { return cfg_encoding_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<input_format> input{};
    std::optional<output_format> output{};
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id);
        a.add(input ? at::value(static_cast<int>(*input)) : at::value::omitted());
        a.add(output ? at::value(static_cast<int>(*output)) : at::value::omitted());
    }
};
struct cfg_cached {
    static constexpr const at::command& descriptor() noexcept { return cfg_cached_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> cached_mode{};  // 1: keep received messages for AT+MQTTREAD
    constexpr status check(const model_limits& m) const noexcept {
        return detail::first_error(detail::need(m, model_limits::cache_mode), detail::check_id(connect_id, m));
    }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(cached_mode); }
};
struct cfg_reconn {
    static constexpr const at::command& descriptor() noexcept { return cfg_reconn_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> reconn_times{};     // 0~3
    std::optional<std::int32_t> reconn_interval{};  // s, 20~60
    std::optional<std::int32_t> mode{};             // 0: fixed interval, 1: n x interval
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(reconn_times), a.add(reconn_interval), a.add(mode);
    }
};
// Every item at once (a multi-line +MQTTCFG answer).
struct cfg_query {
    static constexpr const at::command& descriptor() noexcept { return cfg_query_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id); }
};

// ---- connection, subscriptions, publishing ---------------------------------------------------------

// AT+MQTTCONN: the result arrives as +MQTTURC: "conn". clientid, user and passwd go together.
struct connect {
    static constexpr const at::command& descriptor() noexcept { return conn_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    bytes host{};
    std::optional<std::int32_t> port{};  // 1883 when omitted
    std::optional<bytes> clientid{};
    bytes user{};
    bytes passwd{};
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(host), a.add(port);
        if (clientid) a.add(*clientid), a.add(user), a.add(passwd);
    }
};

struct topic_qos {
    bytes topic{};
    std::int32_t qos = 0;
};
// AT+MQTTSUB with 1 to 3 topics; with none it lists the current subscriptions (AT+MQTTSUB=<id>).
struct subscribe {
    static constexpr const at::command& descriptor() noexcept { return sub_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    span<const topic_qos> topics{};
    constexpr status check(const model_limits& m) const noexcept {
        if (topics.size() > max_topics_per_command) return {errc::at_too_many_fields, 1u + 2u * max_topics_per_command};
        for (std::size_t i = 0; i < topics.size(); ++i) {
            status s = detail::check_topic(topics[i].topic, m, 1 + 2 * i);
            if (!s) return s;
        }
        return detail::check_id(connect_id, m);
    }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id);
        for (const topic_qos& t : topics) a.add(t.topic), a.add(t.qos);
    }
};
struct list_subscriptions {
    static constexpr const at::command& descriptor() noexcept { return sub_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id); }
};
struct unsubscribe {
    static constexpr const at::command& descriptor() noexcept { return unsub_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    span<const bytes> topics{};
    constexpr status check(const model_limits& m) const noexcept {
        if (topics.size() > max_topics_per_command) return {errc::at_too_many_fields, 1u + max_topics_per_command};
        for (std::size_t i = 0; i < topics.size(); ++i) {
            status s = detail::check_topic(topics[i], m, 1 + i);
            if (!s) return s;
        }
        return detail::check_id(connect_id, m);
    }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id);
        for (bytes t : topics) a.add(t);
    }
};

// AT+MQTTPUB. With a message it is sent inline; without one the modem enters data mode and the caller
// sends msg_len bytes next (the manual documents no prompt). msg_len left empty is counted from the
// message in `format`; 0 means "whatever is input" (manual); any other value must match the message.
struct publish {
    static constexpr const at::command& descriptor() noexcept { return pub_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    std::int32_t dup = 0;
    std::optional<bytes> message{};
    std::optional<std::int32_t> msg_len{};
    input_format format = input_format::ascii;

    constexpr result<std::int32_t> length() const noexcept {
        if (!message) {
            if (!msg_len) return {errc::at_missing_field, 5};
            return *msg_len;
        }
        result<std::size_t> counted = message_length(*message, format);
        if (!counted) return {counted.error(), 6};
        if (*counted > static_cast<std::size_t>(max_message_length)) return {errc::too_long, 6};
        if (msg_len && *msg_len != 0 && static_cast<std::size_t>(*msg_len) != *counted)
            return {errc::at_payload_mismatch, 5};
        return msg_len ? *msg_len : static_cast<std::int32_t>(*counted);
    }
    constexpr status check(const model_limits& m) const noexcept {
        status s = detail::first_error(detail::check_id(connect_id, m), detail::check_topic(topic, m, 1));
        if (!s) return s;
        if (!message && !m.has(model_limits::data_mode)) return {errc::at_unsupported_form, 6};
        result<std::int32_t> n = length();
        if (!n) return {n.error(), n.offset()};
        if (*n > m.max_message) return {errc::too_long, 5};
        return {};
    }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(connect_id), a.add(topic), a.add(qos), a.add(retain), a.add(dup);
        result<std::int32_t> n = length();
        a.add(n.ok() ? at::value(*n) : at::value::omitted());
        if (message) a.add(at::value(bytes{}));  // the message slot; message() writes its text
    }
    constexpr detail::message_arg message_text() const noexcept {
        return {message.has_value(), message ? *message : bytes{}, format};
    }
};

// AT+MQTTREAD=<id> (cache status) or AT+MQTTREAD=<id>,<count> (read count messages).
struct read {
    static constexpr const at::command& descriptor() noexcept { return read_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    std::optional<std::int32_t> count{};
    constexpr status check(const model_limits& m) const noexcept {
        return detail::first_error(detail::need(m, model_limits::cache_mode), detail::check_id(connect_id, m));
    }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id), a.add(count); }
};
struct state {
    static constexpr const at::command& descriptor() noexcept { return state_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id); }
};
struct disconnect {
    static constexpr const at::command& descriptor() noexcept { return disc_cmd; }
    static constexpr at::form command_form = at::form::set;
    std::int32_t connect_id = 0;
    constexpr status check(const model_limits& m) const noexcept { return detail::check_id(connect_id, m); }
    constexpr void args(detail::arg_list& a) const noexcept { a.add(connect_id); }
};

// ---- encode --------------------------------------------------------------------------------------

namespace detail {

template <class Command>
constexpr message_arg message_of(const Command& c) noexcept {
    if constexpr (std::is_same<Command, publish>::value) {
        return c.message_text();
    } else if constexpr (std::is_same<Command, cfg_willpayload>::value) {
        return c.message();
    } else {
        (void)c;
        return {};
    }
}

// Checks against the model, fills defaults and writes with `Cursor` through the core writer; a message
// argument is written as "" by the writer, then its text goes between those quotes.
template <class Command>
constexpr result<std::size_t> encode_into(const Command& c, mutable_bytes buffer, const model_limits& m) noexcept {
    status s = c.check(m);
    if (!s) return {s.error(), s.offset()};
    arg_list a;
    c.args(a);
    fill_defaults(Command::descriptor(), a);
    span<const at::value> args(a.v, a.n);
    message_arg msg = message_of(c);
    result<std::size_t> head = at::command_size(lexical, Command::descriptor(), Command::command_form, args);
    if (!head) return head;
    std::size_t text = 0;
    if (msg.present) {
        result<std::size_t> t = message_text_size(msg.message, msg.format);
        if (!t) return {t.error(), a.n - 1};
        std::int32_t limit = Command::descriptor().params[a.n - 1].max;
        if (*t > static_cast<std::size_t>(limit)) return {errc::too_long, a.n - 1};
        text = *t;
    }
    std::size_t total = *head + text;
    if (buffer.data() == nullptr) return result<std::size_t>(total, total);  // measuring only
    if (total > buffer.size()) return {errc::buffer_too_small, total};
    result<std::size_t> n = at::write_command(lexical, Command::descriptor(), Command::command_form, args, buffer);
    if (!n) return n;
    if (msg.present) {
        // The writer ended with "\"\"\r": the text goes before the closing quote.
        atmqtt::detail::out_cursor tail(buffer.subspan(*n - 2));
        std::size_t bad = 0;
        put_message(tail, msg.message, msg.format, bad);
        tail.put('"');
        tail.put('\r');
    }
    return result<std::size_t>(total, total);
}

}  // namespace detail

// Writes the command into out; the value is the number of bytes. Errors: the model's limits
// (out_of_range, too_long, at_unknown_command for a feature the model lacks, at_unsupported_form for
// data mode on NB-IoT), then the grammar's through the writer; the offset is the argument's index.
template <class Command>
constexpr result<std::size_t> encode(const Command& c, mutable_bytes out,
                                     const model_limits& m = models::any_model) noexcept {
    if (out.data() == nullptr) return {errc::buffer_too_small, 0};
    return detail::encode_into(c, out, m);
}

// The size encode() needs, with the same checks.
template <class Command>
constexpr result<std::size_t> encoded_size(const Command& c, const model_limits& m = models::any_model) noexcept {
    return detail::encode_into(c, mutable_bytes{}, m);
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
