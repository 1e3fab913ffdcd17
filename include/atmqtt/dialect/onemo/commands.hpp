// Typed OneMO commands, one struct per command (and per AT+MQTTCFG item), with the manual's parameter
// names. Each struct binds its members to its row (at/bind.hpp: command_binding); encode() checks them against
// the chosen model's limits (models.hpp) and writes them through the one generic encoder, which checks
// every value against the grammar (grammar.hpp) — all constexpr:
//
//     onemo::publish p{0, "world", 1, 0, 0, "3242"};
//     char buf[64];
//     auto n = onemo::encode(p, buf, onemo::models::ml307r);   // "AT+MQTTPUB=0,\"world\",1,0,0,4,\"3242\"\r"
//     auto t = onemo::encode(onemo::test(onemo::cmd::mqttconn), buf);     // "AT+MQTTCONN=?\r"
//
// Optional parameters are std::optional: left empty they are not sent (the AT+MQTTCFG items then query
// their value). An empty optional before a given one is sent as the manual's default (the table's
// encode_rules), never as an empty field. <message> and <will_msg> are written in the "encoding" input
// format the struct names (payload.hpp), and <msg_len> is counted the manual's way unless given.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
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

using at::test;  // (OneMO has no read or execute form)

// A command struct's members bound to its row, in parameter order (at/bind.hpp: command_binding);
// command_row: bound by the order of its members (at/bind.hpp), as in the other dialects.
template <const at::command& Row, auto... Members>
using binds = at::command_binding<lexical, Row, rules, Members...>;
template <const at::command& Row>
using command_row = at::command_members<lexical, Row, rules>;
using opt_int = std::optional<std::int32_t>;

// ---- AT+MQTTCFG items ------------------------------------------------------------------------------

// An item's struct is written with its set form, its members in order, and read from its query answer
// (+MQTTCFG: "<item>",<values>: the set form's values after <connect_id>, into the members after it):
// at::decode_into(ev, item). The answer's row is the item's place among the items (commands[1..13],
// line_cfg_version on).
namespace detail {
constexpr std::size_t cfg_line(const at::command& item) noexcept {
    std::size_t i = 0;
    while (cfg_items[i].selector != item.selector) ++i;
    return line_cfg_version + i;
}
}  // namespace detail
template <const at::command& Row>
using cfg_binding = at::written_and_read<command_row<Row>, at::row_members<grammar, detail::cfg_line(Row), 1>>;

// An item with one value after client_idx (the table names it); empty: the query.
template <const at::command& Row>
struct cfg_setting {
    std::int32_t client_idx = 0;
    opt_int value{};
    using binding = cfg_binding<Row>;
};
// <version>: 3: MQTT 3.1, 4: 3.1.1 (default; "only 4 is supported"); <cid>: the PDP context, its range
// the model's (footnote 4); <keepalive_time>: s, 0 (never) or 60~65535; <ping_interval>: s, 60~86400;
// <pingack>: 1: report +MQTTURC: "pingresp"; <cached_mode>: 1: keep received messages for AT+MQTTREAD.
using cfg_version = cfg_setting<cmd::cfg_version>;
using cfg_cid = cfg_setting<cmd::cfg_cid>;
using cfg_keepalive = cfg_setting<cmd::cfg_keepalive>;
using cfg_clean = cfg_setting<cmd::cfg_clean>;
using cfg_pingreq = cfg_setting<cmd::cfg_pingreq>;
using cfg_pingresp = cfg_setting<cmd::cfg_pingresp>;
using cfg_cached = cfg_setting<cmd::cfg_cached>;
// A command of client_idx only.
template <const at::command& Row>
struct connection_command {
    std::int32_t client_idx = 0;
    using binding = command_row<Row>;
};
using cfg_query = connection_command<cmd::cfg_query>;              // every item at once (multi-line +MQTTCFG)
using list_subscriptions = connection_command<cmd::mqttsub_list>;  // AT+MQTTSUB=<id>
using state = connection_command<cmd::mqttstate>;
using disconnect = connection_command<cmd::mqttdisc>;

struct cfg_ssl {
    std::int32_t client_idx = 0;
    opt_int ssl_enable{};  // 0: TCP, 1: SSL
    opt_int ssl_id{};      // SSL context 0~5
    using binding = cfg_binding<cmd::cfg_ssl>;
};
struct cfg_retrans {
    std::int32_t client_idx = 0;
    opt_int retrans_interval{};  // s, 20~60, doubling per retry
    opt_int retry_times{};       // 0~3
    using binding = cfg_binding<cmd::cfg_retrans>;
};
struct cfg_willoption {
    std::int32_t client_idx = 0;
    opt_int will_flag{};
    opt_int will_qos{};
    opt_int will_retain{};
    using binding = cfg_binding<cmd::cfg_willoption>;
};
// Topic and message together, or neither (query). will_msg is written in `format` (the "encoding" input
// format currently set on the modem).
struct cfg_willpayload {
    std::int32_t client_idx = 0;
    std::optional<bytes> will_topic{};
    std::optional<bytes> will_msg{};
    input_format format = input_format::ascii;
    using binding = at::written_and_read<
        binds<cmd::cfg_willpayload, &cfg_willpayload::client_idx, &cfg_willpayload::will_topic, &cfg_willpayload::will_msg>,
        at::row_binding<grammar, line_cfg_willpayload, &cfg_willpayload::will_topic, &cfg_willpayload::will_msg>>;
};
struct cfg_encoding {
    std::int32_t client_idx = 0;
    std::optional<input_format> input{};
    std::optional<output_format> output{};
    using binding = cfg_binding<cmd::cfg_encoding>;
};
struct cfg_reconn {
    std::int32_t client_idx = 0;
    opt_int reconn_times{};     // 0~3
    opt_int reconn_interval{};  // s, 20~60
    opt_int mode{};             // 0: fixed interval, 1: n x interval
    using binding = cfg_binding<cmd::cfg_reconn>;
};

// ---- connection, subscriptions, publishing ---------------------------------------------------------

// <clientid>,<user>,<passwd>: AT+MQTTCONN's optional group (all three or none).
struct login {
    bytes clientid{};
    bytes username{};  // <user>
    bytes password{};  // <passwd>
    using binding = at::bound<&login::clientid, &login::username, &login::password>;
};
// AT+MQTTCONN: the result arrives as +MQTTURC: "conn".
struct connect {
    std::int32_t client_idx = 0;
    bytes host{};
    opt_int port{};  // 1883 when omitted
    std::optional<onemo::login> login{};
    using binding = binds<cmd::mqttconn, &connect::client_idx, &connect::host, &connect::port, &connect::login>;
};

struct topic_qos {
    bytes topic{};
    std::int32_t qos = 0;
    using binding = at::bound<&topic_qos::topic, &topic_qos::qos>;
};
// AT+MQTTSUB with 1 to 3 topics; with none it lists the current subscriptions (AT+MQTTSUB=<id>).
struct subscribe {
    std::int32_t client_idx = 0;
    span<const topic_qos> topics{};
    using binding = command_row<cmd::mqttsub>;
};
struct unsubscribe {
    std::int32_t client_idx = 0;
    span<const bytes> topics{};
    using binding = command_row<cmd::mqttunsub>;
};

// AT+MQTTPUB. With a message it is sent inline; without one the modem enters data mode and the caller
// sends payload_len (<msg_len>) bytes next (the manual documents no prompt). payload_len left empty is
// counted from the message in `format`; 0 means "whatever is input" (manual); any other value must match.
struct publish {
    std::int32_t client_idx = 0;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    std::int32_t dup = 0;
    std::optional<bytes> message{};
    opt_int payload_len{};
    input_format format = input_format::ascii;
    using binding = binds<cmd::mqttpub, &publish::client_idx, &publish::topic, &publish::qos, &publish::retain,
                          &publish::dup, &publish::payload_len, &publish::message>;
};

// AT+MQTTREAD=<id> (cache status) or AT+MQTTREAD=<id>,<count> (read count messages).
struct receive {
    std::int32_t client_idx = 0;
    opt_int count{};
    using binding = command_row<cmd::mqttread>;
};

// ---- encode --------------------------------------------------------------------------------------

namespace detail {

// Whether a command struct carries a message written in an input format (its `format` member).
template <class T, class = void>
struct has_format : std::false_type {};
template <class T>
struct has_format<T, std::void_t<decltype(&T::format)>> : std::true_type {};

// The model features (model_limits::feature_bits) a row needs, settled at compile time (no name compared
// in firmware).
constexpr std::uint8_t features(const at::command& row) noexcept {
    std::uint8_t f = 0;
    if (row.name == "MQTTREAD" || row.selector == "cached") f |= model_limits::cache_mode;
    if (row.selector == "ssl") f |= model_limits::ssl;
    if (row.selector == "cid") f |= model_limits::cid;
    return f;
}

// A command's values checked against the model and written through the generic encoder into `buffer`;
// one without storage (null, unbounded: encoded_size) is only counted, by the same code, so firmware that
// writes and measures links one copy. A message (the row's last parameter, when the struct has a `format`)
// is written as "" by the writer, then its text, in that input format, goes between those quotes.
// Model: false for any_model (the grammar's limits): no model check linked.
template <bool Rules = true, bool Model = true>
constexpr result<std::size_t> encode_checked(const at::packed_row& row, std::uint8_t needs, span<at::value> v, std::size_t overflow,
                                             const input_format* format, const model_limits& m, mutable_bytes buffer) noexcept {
    const span<const at::value> args(v.data(), v.size());
    if (Model && (needs & ~m.features) != 0) return {errc::at_unknown_command, 0};
    const std::size_t last = row.size() - 1;  // <message> / <will_msg>, when the row carries one
    bool has_message = false;
    bytes message{};
    // <msg_len>, and the message's text (under hex twice <msg_len>)
    std::size_t counted = 0, text = 0;
    // One pass over the given values: an omitted one takes its default ("省略时为默认值", never an empty
    // field: the table's integer defaults), then the model's narrower limits: <connect_id> (every row's
    // first parameter), the topics (the parameters as long as max_topic_length) and <cid>; the message last.
    for (std::size_t i = 0; i < at::detail::given_count(args); ++i) {
        const at::field_spec p = at::detail::param_at(row, i);
        if (v[i].is_omitted() && p.is_optional()) {
            if (!p.has_default()) return {errc::at_missing_field, i};
            v[i] = at::value(p.def);
        }
        const bool cid = i == 1 && (needs & model_limits::cid) != 0;  // (their minimum: the grammar's)
        if (Model && (i == 0 || cid) && !v[i].within(0, i == 0 ? m.max_connect_id : m.cid_max)) return {errc::out_of_range, i};
        if (Model && p.max == max_topic_length && v[i].as_bytes().size() > m.max_topic) return {errc::too_long, i};
        if (format != nullptr && i == last) {
            has_message = true;
            message = v[i].as_bytes();
            result<std::size_t> t = encode_payload(message, *format, mutable_bytes(nullptr, SIZE_MAX));
            if (!t) return {t.error(), i};
            text = *t;
            counted = *format == input_format::hex ? text / 2 : text;
            // (the row's length counts the text; no model takes more than max_message_length bytes)
            if (text > static_cast<std::size_t>(p.max) || counted > max_message_length) return {errc::too_long, i};
            v[i] = at::value(bytes{});
        }
    }
    // <msg_len> of AT+MQTTPUB (index 5): counted from the message unless given (0: "whatever is input").
    constexpr std::size_t len = 5;
    if (format != nullptr && last > len) {
        at::value& given = v[len];
        if (Model && !has_message && !m.has(model_limits::data_mode)) return {errc::at_unsupported_form, len + 1};
        if (has_message && given.as_int32() != 0 && static_cast<std::size_t>(given.as_int32()) != counted)
            return {errc::at_payload_mismatch, len};
        if (has_message && given.is_omitted()) given = at::value(counted);  // (data mode: the writer's at_missing_field)
        if (given.as_int32() > (Model ? m.max_message : max_message_length)) return {errc::too_long, len};  // (an int32 member, or 0 omitted)
    }
    at::detail::line_cursor cursor(buffer);
    // The writer and the row's rules as for every typed command (the capacity overrun, `overflow`, first).
    // The syntax as a type: grammar and unused escapes unlinked. Rules: false when no rule row names the
    // row (known at compile time): no rule checker linked.
    result<std::size_t> n = at::detail::write_set<Rules>(cursor, at::fixed_syntax<lexical>{}, row, args, overflow);
    if (!n) return n;
    const std::size_t total = *n + text;
    if (total > buffer.size()) return {errc::buffer_too_small, total};
    if (buffer.data() != nullptr && has_message) {
        // The writer ended with "\"\"\r": the text goes before the closing quote.
        (void)encode_payload(message, *format, mutable_bytes(&buffer[*n - 2], text));  // checked above (counted)
        buffer[total - 2] = '"';
        buffer[total - 1] = '\r';
    }
    return result<std::size_t>(total, total);
}

}  // namespace detail

// Writes the command into out; the value is the number of bytes. Errors: the model's limits
// (out_of_range, too_long, at_unknown_command for a feature the model lacks, at_unsupported_form for
// data mode on NB-IoT), then the grammar's through the writer; the offset is the argument's index.
// A test or read form: encode(test(cmd::mqttconn), out) (at::form_of: the model has nothing to check
// there). A null, unbounded out only counts (encoded_size), as at::encode's.
template <class Command>
constexpr result<std::size_t> encode(const Command& c, mutable_bytes out,
                                     const model_limits& m = models::any_model) noexcept {
    if constexpr (std::is_same<Command, at::form_of>::value) {
        return at::write_command(at::fixed_syntax<lexical>{}, *c.row, c.which, {}, out);
    } else {
        using B = at::binding_of<Command>;
        auto l = B::values(c);
        constexpr std::uint8_t needs = detail::features(B::row);
        const input_format* format = nullptr;  // a struct with a message has its `format`
        if constexpr (detail::has_format<Command>::value) format = &c.format;
        // any_model, a constant where encode is inlined, links no model check
        if (&m == &models::any_model) return detail::encode_checked<B::packed.rule_count != 0, false>(B::packed, needs, {l.v, l.n}, l.overflow, format, m, out);
        return detail::encode_checked<B::packed.rule_count != 0>(B::packed, needs, {l.v, l.n}, l.overflow, format, m, out);
    }
}
// The size encode() needs, with the same checks.
template <class Command>
constexpr result<std::size_t> encoded_size(const Command& c, const model_limits& m = models::any_model) noexcept {
    return encode(c, mutable_bytes(nullptr, SIZE_MAX), m);
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
