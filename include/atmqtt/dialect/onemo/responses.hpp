// Typed OneMO URCs (+MQTTURC: "<kind>",...) and information responses (+MQTTCFG, +MQTTSUB, +MQTTUNSUB,
// +MQTTPUB, +MQTTREAD, +MQTTSTATE): each struct names its table row, its members in the row's order
// (at/bind.hpp); at::decode_into(ev, out) / at::decode_as<T>(ev) read a line into it, every field checked
// against the row. Input is one line as the tokenizer reports it (terminator removed; a payload may contain
// CR, LF, commas and quotes: its length field delimits it). Strings and payloads are views into the line.
//
//     onemo::received_message m{};
//     if (at::decode_into(ev, m)) use(m.topic, m.payload);     // firmware: the rows it reads, nothing else
//     if (*onemo::classify(ev) == onemo::line_message_notice) ...       // any line: which row, then that row's struct
//
// Which row a line is: onemo::classify(ev), the AT core's classifier over the table (the host tool's
// router names the same row). The manual's <mid> is every struct's packet_id.
//
// Decisions (tested in tests/dialects/test_onemo_responses.cpp), all of them table data (grammar.hpp):
// - "+MQTTUTC" (the manual's typo in §4.1.2) is accepted for every URC kind, as +MQTTURC (a prefix alias).
// - Spaces after ':' and ',' are ignored; strings may be quoted or bare; the payload is always bare.
// - A publish / read payload longer than announced is at_payload_mismatch, shorter at_payload_truncated;
//   an empty integer field or a line that stops at its length field is at_missing_field (lex::empty_means_missing);
//   with output_format::hex a payload of exactly twice the announced length is also accepted (hex_row: the
//   manual does not say whether <payload_len> counts the hex text or the bytes).
// - Values outside the manual's ranges are out_of_range; reserved codes inside them are kept as numbers.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
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

// A struct bound to row `Row` of the table, its members in the row's order (at/bind.hpp).
template <std::size_t Row>
using row_of = at::row_members<grammar, Row>;

// ---- URCs ----------------------------------------------------------------------------------------

// <connect_id>,<mid> and nothing else: four rows, one shape (one type per row).
template <line_index Row>
struct packet_ref {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;  // <mid>
    using binding = row_of<Row>;
};

// +MQTTURC: "conn": the result of AT+MQTTCONN / AT+MQTTDISC, and every later change of the connection.
struct connection_state {
    std::int32_t client_idx = 0;
    conn_state_code state = conn_state_code::connected;  // <conn_state>
    using binding = row_of<line_connection_state>;
};
using connect_result = connection_state;
struct message_notice {  // a message waits in the cache (cache mode): read it with AT+MQTTREAD
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    std::int32_t payload_len = 0;  // <data_len>
    using binding = row_of<line_message_notice>;
};
struct dropped_messages {  // the receive cache was full
    std::int32_t client_idx = 0;
    std::int32_t dropped_length = 0;
    using binding = row_of<line_dropped_messages>;
};
// One piece of a received message (reassembly.hpp joins split ones). Under output_format::hex read it
// with onemo::decode_into(ev, out, options) (the hex_row quirk).
struct received_message {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    bytes topic{};
    std::int32_t total_len = 0;
    std::int32_t payload_len = 0;  // this piece's (total_len: the whole message's)
    bytes payload{};  // as shown: raw, or hex text under output_format::hex (decode_payload)
    using binding = row_of<line_received_message>;
};
struct ping_result {
    std::int32_t client_idx = 0;
    std::int32_t result = 0;  // <ping_ret>: 0 answered, 1 timed out
    using binding = row_of<line_ping_result>;
};
using request_timeout = packet_ref<line_request_timeout>;  // the final timeout of a subscribe, unsubscribe or publish
struct subscribe_result {  // "suback"
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    // the manual's <code>, per topic in subscription order: granted QoS 0-2, or 128 (failure)
    at::value_list<std::uint8_t, max_topics_per_command> granted_qos{};
    using binding = row_of<line_subscribe_result>;
};
using unsubscribe_result = packet_ref<line_unsubscribe_result>;  // "unsuback"
// "puback" (QoS 1), "pubrec" and "pubcomp" (QoS 2): one struct, three rows (decode_into(row, ev, out)
// with at::grammar_row<grammar, line_pubrec> for the others).
struct publish_result {
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    std::int32_t dup = 0;
    using binding = row_of<line_publish_result>;
};

// A received or cached message under the modem's output format (hex: its row as hex_row reads it).
template <class T, std::size_t Row = at::binding_of<T>::index>
constexpr status decode_into(const at::event& e, T& out, decode_options o) noexcept {
    return at::decode_into(o.output == output_format::hex ? hex_row<Row> : at::binding_of<T>::row, e, out);
}

// Which row of `lines` the line `e` is: the AT core's classifier over the line table (at/classify.hpp; not
// the grammar object, whose command table would be linked along).
constexpr result<line_index> classify(const at::event& e) noexcept {
    return at::classify<1, line_index>(lines, line_order, e, lexical, prefix_aliases);
}

// ---- information responses -----------------------------------------------------------------------

using subscribe_sent = packet_ref<line_subscribe_sent>;      // +MQTTSUB: <connect_id>,<mid>
using unsubscribe_sent = packet_ref<line_unsubscribe_sent>;  // +MQTTUNSUB: <connect_id>,<mid>
struct publish_sent {  // +MQTTPUB: <connect_id>,<mid>,<length> (length: bytes of the MQTT packet sent)
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    std::int32_t length = 0;
    using binding = row_of<line_publish_sent>;
};
struct cache_status {  // +MQTTREAD: <connect_id>,<store_msgs>,<total_len>
    std::int32_t client_idx = 0;
    std::int32_t store_msgs = 0;
    std::int32_t total_len = 0;
    using binding = row_of<line_cache_status>;
};
struct cached_message {  // +MQTTREAD: <connect_id>,<mid>,<topic>,<payload_len>,<payload>
    std::int32_t client_idx = 0;
    std::int32_t packet_id = 0;
    bytes topic{};
    std::int32_t payload_len = 0;
    bytes payload{};
    using binding = row_of<line_cached_message>;
};
struct mqtt_status {  // +MQTTSTATE: <state>
    std::int32_t state = 0;  // mqtt_state; 4~255 reserved
    using binding = row_of<line_mqtt_status>;
};

// +MQTTSUB: <topic>,<code>[,<topic1>,<code1>...]: the answer to AT+MQTTSUB=<connect_id>, up to 64 pairs
// on one line: validated whole by the row reader (nothing stored), kept as wire text and read on demand.
struct subscription_list {
    at::group_view group{};  // <topic>,<code> per subscription, read on demand
    constexpr std::size_t size() const noexcept { return group.size(); }
    constexpr bytes topic(std::size_t i) const noexcept { return group.value(i, 0).text; }
    // granted QoS 0-2, or 128 (failure)
    constexpr std::int32_t code(std::size_t i) const noexcept { return group.value(i, 1).number; }
};
constexpr result<subscription_list> decode_sub_list(const at::event& e) noexcept {
    auto r = at::decode_lazy_group<1>(at::grammar_row<grammar, line_subscription_list>, e, lexical);
    if (!r) return {r.error(), r.offset()};
    return subscription_list{r->group};
}

enum class cfg_item : std::uint8_t {
    version, cid, ssl, keepalive, clean, retrans, willoption, willpayload, pingreq, pingresp, encoding, cached, reconn
};

}  // namespace onemo
ATMQTT_END_NAMESPACE
