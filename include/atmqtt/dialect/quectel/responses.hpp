// Typed Quectel responses, deferred results and URCs: each struct names its table row and which member
// takes which value (at/bind.hpp); at::decode_into(ev, out) / at::decode_as<T>(ev) read a line into it,
// every field checked against the row (range, length, arity). Strings and payloads are views into the
// line. classify(ev) names the row a line belongs to.
//
//     quectel::received_message m{};
//     if (at::decode_into(ev, m)) { m.topic; m.payload; }
//
// Lines that share a prefix are told apart by shape (the tested rules):
// - +QMTRECV: a quoted third field is a message (<client_idx>,<msgid>,"<topic>"[,<payload_len>],<payload>);
//   six integers are the AT+QMTRECV? status; two or three integers are the buffered-message notice
//   <client_idx>,<recv_id>[,<payload_len>].
// - +QMTOPEN: a quoted second field is the AT+QMTOPEN? answer, otherwise the deferred <result>.
// - +QMTCONN: "0,3" could be the read answer <state> or a result without <ret_code>; the caller says
//   which form it sent (at::form::read), the default is the deferred result of the set form.
// - +QMTCLOSE: and the manual's +QMTCCLOSE: are the same result.
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/bind.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

inline constexpr std::size_t max_values = 24;  // a decoder's capacity in values: more than any line has (+QMTSUB: 13)

// <result> of +QMTOPEN (§3.3.2).
enum class open_result_code : std::int8_t {
    failed = -1, opened = 0, wrong_parameter = 1, identifier_occupied = 2, pdp_activation_failed = 3,
    domain_resolution_failed = 4, network_disconnected = 5,
};
// <result> of +QMTCONN, +QMTSUB, +QMTUNS, +QMTPUBEX: sent and acknowledged, retransmitted, failed.
enum class send_result : std::uint8_t { acknowledged = 0, retransmitted = 1, failed = 2 };
// <ret_code> of +QMTCONN: the CONNACK return code.
enum class connack_code : std::uint8_t {
    accepted = 0, bad_protocol_version = 1, identifier_rejected = 2, server_unavailable = 3,
    bad_user_name_or_password = 4, not_authorized = 5,
};
// <state> of AT+QMTCONN?.
enum class conn_state_code : std::uint8_t { initializing = 1, connecting = 2, connected = 3, disconnecting = 4 };

// A struct bound to row `Row` of the table, as a row of typed_rows (grammar.hpp): row_of by the order of
// its members (at/bind.hpp), row by a member list (at/bind.hpp: those with members the row does not fill
// or a C array member). Decode with at::decode_into(ev, out) or at::decode_as<T>(ev), every value checked
// against the row.
template <std::size_t Row>
using row_of = at::row_members<typed_rows, Row - line_open_result>;
template <std::size_t Row, auto... Members>
using row = at::row_binding<typed_rows, Row - line_open_result, Members...>;

// <client_idx>,<result>: the +QMTOPEN, +QMTCLOSE and +QMTDISC results and the +QMTPING URC, one type per row.
template <line_index Row, class Result = std::int32_t>
struct client_result {
    std::int32_t client_idx;
    Result result;
    using binding = row_of<Row>;
};
using open_result = client_result<line_open_result, open_result_code>;
using close_result = client_result<line_close_result>;  // result: -1 failed, 0 closed
using disconnect_result = client_result<line_disconnect_result>;    // result: -1 failed, 0 disconnected
using ping_result = client_result<line_ping_result>;               // result: 1 failure
struct connect_result {
    std::int32_t client_idx;
    send_result result;
    std::optional<connack_code> ret_code;
    using binding = row_of<line_connect_result>;
};
struct connection_state {
    std::int32_t client_idx;
    conn_state_code state;
    using binding = row_of<line_connection_state>;
};
// +QMTSUB / +QMTUNS (one type per row): <value> is the granted-QoS vector when result is acknowledged
// (granted_qos), the retransmission count when retransmitted (retransmit_count), absent when failed.
template <line_index Row>
struct sub_result {
    std::int32_t client_idx;
    std::int32_t packet_id;
    send_result result;
    at::value_list<std::uint8_t, detail::max_topics> granted_qos;  // 0..2, or 128 for a refused topic
    std::optional<std::int32_t> retransmit_count;

    using binding = row<Row, &sub_result::client_idx, &sub_result::packet_id, &sub_result::result, &sub_result::granted_qos>;
    constexpr status check_rules(const at::event& e) noexcept {
        if (result != send_result::acknowledged) {  // the <value>s are no QoS: at most one count
            if (granted_qos.count > (result == send_result::retransmitted ? 1 : 0)) return {errc::at_too_many_fields, e.text.size()};
            if (granted_qos.count == 1) retransmit_count = std::optional<std::int32_t>(granted_qos[0]);
            granted_qos.count = 0;
        }
        for (std::uint8_t v : granted_qos)  // a granted QoS is 0..2, or 128 for a refused topic (SUBACK's failure code)
            if (v > 2 && v != 128) return {errc::out_of_range, e.text.size()};
        return {};
    }
};
using subscribe_result = sub_result<line_subscribe_result>;
using unsubscribe_result = sub_result<line_unsubscribe_result>;
struct publish_result {
    std::int32_t client_idx;
    std::int32_t packet_id;
    send_result result;
    std::optional<std::int32_t> retransmit_count;  // only when result is retransmitted
    using binding = row_of<line_publish_result>;
    constexpr status check_rules(const at::event& e) const noexcept {  // <value> only with a retransmission (§3.3.8)
        if (retransmit_count && result != send_result::retransmitted) return {errc::at_too_many_fields, e.text.size()};
        return {};
    }
};
// +QMTRECV from a tokenizer line event: the tokenizer's payload cut decides where the payload ends (the
// length, not a comma or quote); without a length (msg_len_enable = 0) it is the rest of the line, quotes
// removed when they enclose it whole. From at::line_event(text) the payload runs to the line end.
struct received_message {
    std::int32_t client_idx;
    std::int32_t packet_id;
    bytes topic;
    std::optional<std::int32_t> payload_len;  // the length field, present when msg_len_enable = 1; payload.size() always
    bytes payload;                            // without quotes; hex digits in hex receive mode (hex_decode)
    using binding = row_of<line_received_message>;
};
struct message_notice {
    std::int32_t client_idx;
    std::int32_t recv_id;
    std::optional<std::int32_t> payload_len;
    using binding = row_of<line_message_notice>;
};
struct recv_status {
    std::int32_t client_idx;
    std::uint8_t store_status[5];
    using binding = row<line_recv_status, &recv_status::client_idx, &recv_status::store_status>;
};
// Its err_code's entry in the table, with the recommended action (Table 4): at::find_error(errors, s.err_code).
struct connection_closed {
    std::int32_t client_idx;
    std::int32_t err_code;
    using binding = row_of<line_connection_closed>;
};
struct file_upload_result {
    std::int32_t upload_size;
    bytes checksum;
    using binding = row_of<line_file_upload_result>;
};

// The table row of a Quectel line event, or at_unknown_response: the AT core's classifier (at/classify.hpp)
// over the table. Rows of one prefix are told apart by their fields (a +QMTCONN "0,3" is the read answer:
// 3 is no connect <result>); for the one ambiguity only the caller can resolve (+QMTCONN: <a>,<b>), it
// says which form it sent: after at::form::read the rows marked answers_read_form() are tried first. A
// +QMTCFG query answer, any item, is a row up to line_cfg_protocol_check: at::decode(grammar, ev) gives
// its values by field.
constexpr result<line_index> classify(const at::event& ev, at::form sent = at::form::execute) noexcept {
    return at::classify<grammar, max_values, line_index>(ev, sent);
}

}  // namespace quectel
ATMQTT_END_NAMESPACE
