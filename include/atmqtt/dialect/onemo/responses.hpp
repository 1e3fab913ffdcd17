// Typed decoding of every OneMO URC (+MQTTURC: "<kind>",...) and information response (+MQTTCFG,
// +MQTTSUB, +MQTTUNSUB, +MQTTPUB, +MQTTREAD, +MQTTSTATE), driven by the grammar's line descriptors.
// Input is one line as the tokenizer reports it (terminator removed; a payload may contain CR, LF,
// commas and quotes: its length field delimits it). Strings and payloads are views into the line.
//
//     auto u = onemo::decode_urc(ev);              // ev: a line event (at::line_event(text) for text)
//     if (u && u->kind == onemo::urc_kind::publish) use(u->publish.topic, u->publish.payload);
//
// Every line is read by the core's table-driven decoder (at/decode.hpp: decode_with, and
// decode_lazy_group for the repeated groups, whose counts may exceed a fixed capacity); this header only
// picks the descriptor, applies OneMO's decisions below and binds the typed structs' members to the
// row's values (at/bind.hpp). The manual's <mid> is every struct's packet_id.
//
// Decisions (tested in tests/dialects/test_onemo_responses.cpp):
// - "+MQTTUTC" (the manual's typo in §4.1.2) is accepted for every URC kind, as +MQTTURC.
// - Spaces after ':' and ',' are ignored; strings may be quoted or bare; the payload is always bare.
// - A publish / read payload longer than announced is at_payload_mismatch, shorter at_payload_truncated;
//   with output_format::hex a payload of exactly twice the announced length is also accepted (the manual
//   does not say whether <payload_len> counts the hex text or the bytes).
// - Values outside the manual's ranges are out_of_range; reserved codes inside them are kept as numbers.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/onemo/payload.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

struct decode_options {
    output_format output = output_format::raw;  // the "encoding" <output_format> set on the modem
};

// <conn_state> of +MQTTURC: "conn" (§3.9); 7~254 are reserved and kept as numbers.
enum class conn_state_code : std::uint8_t {
    connected = 0,
    reconnecting = 1,
    disconnected_by_user = 2,
    refused = 3,              // protocol version, identifier, user name or password rejected
    disconnected_by_server = 4,
    ping_timeout = 5,
    network_error = 6,
    unknown_error = 255,
};
// <state> of +MQTTSTATE (§3.7): a different coding from conn_state_code.
enum class mqtt_state : std::uint8_t { connecting = 1, connected = 2, disconnected = 3 };

// A lazy list of integers read from a validated repeated group (suback codes, subscription list codes).
class code_list {
public:
    constexpr code_list() noexcept = default;
    constexpr code_list(at::group_view group, std::size_t field = 0) noexcept : group_(group), field_(field) {}
    constexpr std::size_t size() const noexcept { return group_.size(); }
    constexpr std::int32_t operator[](std::size_t i) const noexcept {
        return static_cast<std::int32_t>(group_.value(i, field_).number);
    }

private:
    at::group_view group_{};
    std::size_t field_ = 0;
};

namespace detail {

// "+MQTTUTC" (the manual's typo in §4.1.2) reads as +MQTTURC: the grammar's prefix alias.
inline constexpr span<const at::prefix_alias> typo_aliases{prefix_aliases};
inline constexpr std::size_t max_fixed_fields = 6;  // the widest fixed part (publish)
using decoded = at::decoded_lazy_line<max_fixed_fields>;

// Whether the line ends right after the payload's length field, with no separator: a line cut short
// (at_missing_field), where "...,5,0," is an empty payload.
constexpr bool payload_missing(const at::line& l, const at::event& e) noexcept {
    const bytes text = e.text;
    std::uint8_t p = l.payload_index();
    if (p == at::no_index) return false;
    result<at::prefixed_line> pl = at::split_prefix(text, lexical);
    if (!pl) return false;
    at::field_reader r(*pl, lexical);
    std::size_t before = (l.selector.empty() ? 0u : 1u) + p;
    for (std::size_t i = 0; i < before; ++i) {
        if (r.done() || !r.next().ok()) return false;  // decode_with reports that
    }
    return r.done();
}

// An empty field where an integer is required is a missing field in OneMO's reading ("conn",,0).
constexpr bool empty_at(bytes text, std::size_t at_) noexcept {
    while (at_ < text.size() && at::detail::is_blank(text[at_])) ++at_;
    return at_ == text.size() || at::detail::separator_at(text, at_, lexical) != 0;
}

// Reads `text` as grammar line `l` with the core decoder. `hex_lengths`: the payload may also be twice
// the announced length (output format hex, where modems may count the bytes before conversion).
constexpr result<decoded> read_line(const at::line& l, const at::event& e, bool hex_lengths = false) noexcept {
    const bytes text = e.text;
    result<decoded> r = at::decode_lazy_group<max_fixed_fields>(l, e, lexical, typo_aliases);
    if (!r && r.error() == errc::at_payload_mismatch && hex_lengths) {
        // Once more with the length unchecked, then the payload must be exactly twice the count.
        at::line loose = l;
        loose.length = at::no_index;
        result<decoded> h = at::decode_lazy_group<max_fixed_fields>(loose, e, lexical, typo_aliases);
        if (h.ok()) {
            const at::field_value& len = h->head.values[l.length];
            const at::field_value& pay = h->head.values[h->head.count - 1];
            if (pay.text.size() == 2 * static_cast<std::size_t>(len.number)) {
                h->head.desc = &l;
                r = h;
            }
        }
    }
    if (!r) {
        if (r.error() == errc::at_invalid_integer && empty_at(text, r.offset())) return {errc::at_missing_field, r.offset()};
        if (r.error() == errc::at_payload_truncated && payload_missing(l, e)) return {errc::at_missing_field, text.size()};
        return r;
    }
    if (payload_missing(l, e)) return {errc::at_missing_field, text.size()};
    return r;
}

inline constexpr at::field_value absent_value{};

// The value of fixed field k (absent when the line left it out). The core decoder stores the fixed
// fields in table order, an absent one as an absent value, and stops early only before a payload.
constexpr const at::field_value& value(const decoded& d, std::size_t k) noexcept {
    return k < d.head.count ? d.head.values[k] : absent_value;
}
constexpr std::int32_t i32(const decoded& d, std::size_t k) noexcept { return static_cast<std::int32_t>(value(d, k).number); }
constexpr bytes text_of(const decoded& d, std::size_t k) noexcept { return value(d, k).text; }

}  // namespace detail

// ---- URCs ----------------------------------------------------------------------------------------

enum class urc_kind : std::uint8_t { conn, pubnmi, drop, publish, pingresp, timeout, suback, unsuback, puback, pubrec, pubcomp };

// +MQTTURC: "conn": the result of AT+MQTTCONN / AT+MQTTDISC, and every later change of the connection.
struct connection_state {
    std::int32_t connect_id = 0;
    conn_state_code state = conn_state_code::connected;  // <conn_state>
};
using connect_result = connection_state;
struct pubnmi_urc {  // a message waits in the cache (cache mode): read it with AT+MQTTREAD
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    std::int32_t data_len = 0;
};
struct drop_urc {  // the receive cache was full
    std::int32_t connect_id = 0;
    std::int32_t dropped_length = 0;
};
struct received_message {  // one piece of a received message; reassembly.hpp joins split ones
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    bytes topic{};
    std::int32_t total_len = 0;
    std::int32_t payload_len = 0;
    bytes payload{};  // as shown: raw, or hex text under output_format::hex (decode_payload)
};
struct pingresp_urc {
    std::int32_t connect_id = 0;
    std::int32_t ping_ret = 0;  // 0: answered, 1: timed out
};
struct timeout_urc {  // the final timeout of a subscribe, unsubscribe or publish
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
};
struct subscribe_result {  // "suback"
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    code_list code{};  // per topic in subscription order: granted QoS 0-2, or 128 (failure)
};
struct unsubscribe_result {  // "unsuback"
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
};
struct publish_result {  // "puback" (QoS 1), "pubrec" and "pubcomp" (QoS 2)
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    std::int32_t dup = 0;
};

// One decoded URC: `kind` says which member is meaningful.
struct urc {
    urc_kind kind = urc_kind::conn;
    union {
        connection_state conn;
        pubnmi_urc pubnmi;
        drop_urc drop;
        received_message publish;
        pingresp_urc pingresp;
        timeout_urc timeout;
        subscribe_result suback;
        unsubscribe_result unsuback;
        publish_result ack;  // puback, pubrec, pubcomp
    };
    constexpr urc() noexcept : conn() {}
    constexpr urc(connection_state v) noexcept : kind(urc_kind::conn), conn(v) {}
    constexpr urc(pubnmi_urc v) noexcept : kind(urc_kind::pubnmi), pubnmi(v) {}
    constexpr urc(drop_urc v) noexcept : kind(urc_kind::drop), drop(v) {}
    constexpr urc(received_message v) noexcept : kind(urc_kind::publish), publish(v) {}
    constexpr urc(pingresp_urc v) noexcept : kind(urc_kind::pingresp), pingresp(v) {}
    constexpr urc(timeout_urc v) noexcept : kind(urc_kind::timeout), timeout(v) {}
    constexpr urc(subscribe_result v) noexcept : kind(urc_kind::suback), suback(v) {}
    constexpr urc(unsubscribe_result v) noexcept : kind(urc_kind::unsuback), unsuback(v) {}
    constexpr urc(urc_kind k, publish_result v) noexcept : kind(k), ack(v) {}
};

namespace detail {

// The grammar line of a URC kind: the kinds are the first lines, in the same order.
constexpr const at::line& urc_line(urc_kind k) noexcept { return lines[static_cast<std::uint8_t>(k)]; }

// Each struct's members bound to its row's values, in table order.
inline constexpr at::bound<&connection_state::connect_id, &connection_state::state> bind_conn{};
inline constexpr at::bound<&pubnmi_urc::connect_id, &pubnmi_urc::packet_id, &pubnmi_urc::data_len> bind_pubnmi{};
inline constexpr at::bound<&drop_urc::connect_id, &drop_urc::dropped_length> bind_drop{};
inline constexpr at::bound<&received_message::connect_id, &received_message::packet_id, &received_message::topic,
                           &received_message::total_len, &received_message::payload_len, &received_message::payload>
    bind_publish{};
inline constexpr at::bound<&pingresp_urc::connect_id, &pingresp_urc::ping_ret> bind_pingresp{};
inline constexpr at::bound<&timeout_urc::connect_id, &timeout_urc::packet_id> bind_timeout{};
inline constexpr at::bound<&subscribe_result::connect_id, &subscribe_result::packet_id> bind_suback{};
inline constexpr at::bound<&unsubscribe_result::connect_id, &unsubscribe_result::packet_id> bind_unsuback{};
inline constexpr at::bound<&publish_result::connect_id, &publish_result::packet_id, &publish_result::dup> bind_ack{};

constexpr urc to_urc(urc_kind k, const decoded& d) noexcept {
    switch (k) {
        case urc_kind::conn: return bind_conn(d.head);
        case urc_kind::pubnmi: return bind_pubnmi(d.head);
        case urc_kind::drop: return bind_drop(d.head);
        case urc_kind::publish: return bind_publish(d.head);
        case urc_kind::pingresp: return bind_pingresp(d.head);
        case urc_kind::timeout: return bind_timeout(d.head);
        case urc_kind::suback: {
            subscribe_result r = bind_suback(d.head);
            r.code = code_list(d.group);
            return r;
        }
        case urc_kind::unsuback: return bind_unsuback(d.head);
        case urc_kind::puback:
        case urc_kind::pubrec:
        case urc_kind::pubcomp: return urc(k, bind_ack(d.head));
    }
    return {};
}

}  // namespace detail

// The URC kind named by a +MQTTURC (or +MQTTUTC) line's selector (the AT core's classifier): at_unknown_response
// for another prefix or no prefix, at_invalid_enum for an unknown kind.
constexpr result<urc_kind> urc_kind_of(const at::event& e) noexcept {
    result<std::size_t> i = at::classify_by_selector(line_span, line_order, e.text, lexical, prefix_aliases);
    if (!i) return {i.error(), i.offset()};
    if (*i > static_cast<std::uint8_t>(urc_kind::pubcomp)) return {errc::at_unknown_response, 0};
    return static_cast<urc_kind>(*i);
}

// Decodes one +MQTTURC line.
constexpr result<urc> decode_urc(const at::event& e, decode_options o = {}) noexcept {
    result<urc_kind> k = urc_kind_of(e);
    if (!k) return {k.error(), k.offset()};
    result<detail::decoded> r = detail::read_line(detail::urc_line(*k), e, o.output == output_format::hex);
    if (!r) return {r.error(), r.offset()};
    return detail::to_urc(*k, *r);
}

// ---- information responses -----------------------------------------------------------------------

struct sub_response {  // +MQTTSUB / +MQTTUNSUB: <connect_id>,<mid>
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
};
// +MQTTSUB: <topic>,<code>[,<topic1>,<code1>...]: the answer to AT+MQTTSUB=<connect_id>.
struct sub_list_response {
    at::group_view group{};  // <topic>,<code> per subscription, read on demand
    constexpr std::size_t size() const noexcept { return group.size(); }
    constexpr bytes topic(std::size_t i) const noexcept { return group.value(i, 0).text; }
    constexpr code_list codes() const noexcept { return code_list(group, 1); }
};
struct pub_response {  // +MQTTPUB: <connect_id>,<mid>,<length> (length: bytes of the MQTT packet sent)
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    std::int32_t length = 0;
};
struct read_status_response {  // +MQTTREAD: <connect_id>,<store_msgs>,<total_len>
    std::int32_t connect_id = 0;
    std::int32_t store_msgs = 0;
    std::int32_t total_len = 0;
};
struct read_message_response {  // +MQTTREAD: <connect_id>,<mid>,<topic>,<payload_len>,<payload>
    std::int32_t connect_id = 0;
    std::int32_t packet_id = 0;
    bytes topic{};
    std::int32_t payload_len = 0;
    bytes payload{};
};
struct state_response {  // +MQTTSTATE: <state>
    std::int32_t state = 0;  // mqtt_state; 4~255 reserved
};

enum class cfg_item : std::uint8_t {
    version, cid, ssl, keepalive, clean, retrans, willoption, willpayload, pingreq, pingresp, encoding, cached, reconn
};

// +MQTTCFG: "<item>",<values>: only the members of `item` are meaningful (has_* for optional ones).
struct cfg_response {
    cfg_item item = cfg_item::version;
    std::int32_t version = 0;
    std::int32_t cid = 0;
    bool has_cid = false;  // +MQTTCFG: "cid" may come without a value
    std::int32_t ssl_enable = 0, ssl_id = 0;
    std::int32_t keepalive_time = 0;
    std::int32_t clean_session = 0;
    std::int32_t retrans_interval = 0, retry_times = 0;
    std::int32_t will_flag = 0, will_qos = 0, will_retain = 0;
    bytes will_topic{}, will_msg{};  // will_msg in the input format (decode_message)
    bool has_will = false;
    std::int32_t ping_interval = 0;
    std::int32_t pingack = 0;
    std::int32_t input_format = 0, output_format = 0;
    std::int32_t cached_mode = 0;
    std::int32_t reconn_times = 0, reconn_interval = 0, mode = 0;
};

namespace detail {

constexpr result<decoded> read_response(line_index i, const at::event& e, bool hex = false) noexcept {
    return read_line(lines[i], e, hex);
}

// The responses' members bound to their rows' values.
inline constexpr at::bound<&sub_response::connect_id, &sub_response::packet_id> bind_sub{};
inline constexpr at::bound<&pub_response::connect_id, &pub_response::packet_id, &pub_response::length> bind_pub{};
inline constexpr at::bound<&read_status_response::connect_id, &read_status_response::store_msgs,
                           &read_status_response::total_len>
    bind_read_status{};
inline constexpr at::bound<&read_message_response::connect_id, &read_message_response::packet_id,
                           &read_message_response::topic, &read_message_response::payload_len,
                           &read_message_response::payload>
    bind_read_message{};
inline constexpr at::bound<&state_response::state> bind_state{};

// Decodes `e` as line `i` and binds the values with `bind`.
template <class Bind>
constexpr auto decode_bound(line_index i, const at::event& e, Bind bind, bool hex = false) noexcept
    -> result<typename Bind::type> {
    result<decoded> r = read_response(i, e, hex);
    if (!r) return {r.error(), r.offset()};
    return bind(r->head);
}

// Which struct members each +MQTTCFG item fills, in field order.
using cfg_member = std::int32_t cfg_response::*;
struct cfg_shape {
    cfg_member m[3];
};
inline constexpr cfg_shape cfg_shapes[] = {
    {{&cfg_response::version, nullptr, nullptr}},
    {{&cfg_response::cid, nullptr, nullptr}},
    {{&cfg_response::ssl_enable, &cfg_response::ssl_id, nullptr}},
    {{&cfg_response::keepalive_time, nullptr, nullptr}},
    {{&cfg_response::clean_session, nullptr, nullptr}},
    {{&cfg_response::retrans_interval, &cfg_response::retry_times, nullptr}},
    {{&cfg_response::will_flag, &cfg_response::will_qos, &cfg_response::will_retain}},
    {{nullptr, nullptr, nullptr}},
    {{&cfg_response::ping_interval, nullptr, nullptr}},
    {{&cfg_response::pingack, nullptr, nullptr}},
    {{&cfg_response::input_format, &cfg_response::output_format, nullptr}},
    {{&cfg_response::cached_mode, nullptr, nullptr}},
    {{&cfg_response::reconn_times, &cfg_response::reconn_interval, &cfg_response::mode}},
};

}  // namespace detail

constexpr result<sub_response> decode_sub(const at::event& e) noexcept { return detail::decode_bound(rsp_sub, e, detail::bind_sub); }
constexpr result<sub_list_response> decode_sub_list(const at::event& e) noexcept {
    result<detail::decoded> r = detail::read_response(rsp_sub_list, e);
    if (!r) return {r.error(), r.offset()};
    return sub_list_response{r->group};
}
constexpr result<sub_response> decode_unsub(const at::event& e) noexcept { return detail::decode_bound(rsp_unsub, e, detail::bind_sub); }
constexpr result<pub_response> decode_pub(const at::event& e) noexcept { return detail::decode_bound(rsp_pub, e, detail::bind_pub); }
constexpr result<read_status_response> decode_read_status(const at::event& e) noexcept {
    return detail::decode_bound(rsp_read_status, e, detail::bind_read_status);
}
constexpr result<read_message_response> decode_read_message(const at::event& e, decode_options o = {}) noexcept {
    return detail::decode_bound(rsp_read_message, e, detail::bind_read_message, o.output == output_format::hex);
}
constexpr result<state_response> decode_state(const at::event& e) noexcept { return detail::decode_bound(rsp_state, e, detail::bind_state); }

// One +MQTTCFG answer (of an item query, or one line of AT+MQTTCFG="query",<id>).
constexpr result<cfg_response> decode_cfg(const at::event& e) noexcept {
    result<at::prefixed_line> p = at::split_prefix(e.text, lexical);
    if (!p || p->name != "+MQTTCFG") return {errc::at_unknown_response, 0};
    at::field_reader fr(*p, lexical);
    result<at::field> sel = fr.next();
    if (!sel) return {sel.error(), sel.offset()};
    for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(cfg_item::reconn); ++i) {
        const at::line& l = lines[rsp_cfg_version + i];
        if (l.selector != sel->text) continue;
        result<detail::decoded> r = detail::read_line(l, e);
        if (!r) return {r.error(), r.offset()};
        cfg_response out{};
        out.item = static_cast<cfg_item>(i);
        for (std::size_t k = 0; k < 3; ++k) {
            detail::cfg_member m = detail::cfg_shapes[i].m[k];
            if (m != nullptr) out.*m = detail::i32(*r, k);
        }
        out.has_cid = out.item == cfg_item::cid && detail::value(*r, 0).present();
        // "willpayload", (a trailing comma) reads as an empty topic and no message: no will.
        out.has_will = out.item == cfg_item::willpayload && detail::value(*r, 1).present();
        if (out.has_will) {
            out.will_topic = detail::text_of(*r, 0);
            out.will_msg = detail::text_of(*r, 1);
        }
        return out;
    }
    return {errc::at_invalid_enum, sel->offset};
}

// ---- which shape ---------------------------------------------------------------------------------

// The grammar line a response belongs to, given the command line that was sent (or its echo): the
// +MQTTCFG item by selector, and the +MQTTSUB / +MQTTREAD shape by the command's parameter count (one
// parameter: the subscription list / the cache status). at_unknown_response when neither fits.
constexpr result<std::uint8_t> response_line(bytes command_line, bytes response) noexcept {
    result<at::prefixed_line> rp = at::split_prefix(response, lexical);
    if (!rp) return {errc::at_unknown_response, 0};
    std::size_t eq = 0;
    while (eq < command_line.size() && command_line[eq] != '=') ++eq;
    result<std::size_t> params = at::count_fields(command_line.substr(eq < command_line.size() ? eq + 1 : eq), lexical);
    std::size_t n = params.ok() ? *params : 0;
    if (rp->name == "+MQTTSUB") return static_cast<std::uint8_t>(n <= 1 ? rsp_sub_list : rsp_sub);
    if (rp->name == "+MQTTREAD") return static_cast<std::uint8_t>(n <= 1 ? rsp_read_status : rsp_read_message);
    result<std::size_t> i = at::classify_by_selector(line_span, line_order, response, lexical, prefix_aliases);
    if (!i) return {errc::at_unknown_response, 0};
    return static_cast<std::uint8_t>(*i);
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
