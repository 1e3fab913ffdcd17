// Typed decoding of every RisingHF response, late result and URC, on the generic typed path (at/bind.hpp):
// each struct names its row and which member takes which value; the row checks every value.
//
//     auto r = at::decode_as<risinghf::received_message>(ev);  // ev: a line event (at::line_event(text))
//     if (r) { r->packet_id; r->topic; r->payload; }           // views into the line (or the event's payload)
//
//     auto k = risinghf::classify(ev);           // which line of the grammar it is (line_index)
//
// Every decoder accepts what the manual shows a module sending: zero or one space after ':', a space
// before it ("+IMQTTCOUNT :3"), the fullwidth '：' ("+IMQTTCONN：0"), '=' for ':' ("+IMQTTUNSUB=5,0"),
// quoted or bare strings. Errors are the core decoder's with the offset in the line: at_unknown_response
// (another prefix), out_of_range, at_invalid_integer, at_missing_field, at_too_many_fields,
// at_unexpected_character (bytes after a closing quote: "...\"、"), at_payload_truncated / _mismatch.
// Text values are views without quotes; the dialect has no escapes, so they are the value itself.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {

inline constexpr std::size_t max_values = 8;  // the most values a line has (+IMQTTPARA's 4 keys + 4 values)

// ---- typed values, each bound to its row (at/bind.hpp) ----------------------------------------------

// A struct bound to row `Row`: row_of by the order of its members (at/bind.hpp), row by a member list
// (at/bind.hpp: message_notice and dynreg_result, whose members are not the row's values one to one).
// The answers to the settings' read forms are read into the settings' own structs (commands.hpp:
// cfg_mode, cfg_para, cfg_user, cfg_addr, cfg_will, subscribe, cfg_auth, cfg_recvmode).
template <std::size_t Row>
using row_of = at::row_members<typed_rows, Row>;
template <std::size_t Row, auto... Members>
using row = at::row_binding<typed_rows, Row, Members...>;

namespace detail {
// A struct bound to two rows of one prefix, `A`'s and then `B`'s: at::decode_into / at::decode_as read a
// line of either shape into it; when neither reads, the error of the one that got further.
template <class A, class B>
struct either_row {
    static constexpr const at::line& row = A::row;
    using type = typename A::type;

    static constexpr status read(const at::event& e, type& out) noexcept {
        const status first = A::read(e, out);
        if (first) return first;
        out = type{};
        const status second = B::read(e, out);
        return second || (second.error() != errc::at_unknown_response && second.offset() > first.offset()) ? second : first;
    }
};
}  // namespace detail

// <state> of +IMQTTCONN.
enum class conn_state_code : std::int8_t { disconnected = -1, connected = 0, already_connected = 1 };
struct connection_state {
    conn_state_code state = conn_state_code::disconnected;
    using binding = row_of<line_connection_state>;
};
using connect_result = connection_state;  // AT+IMQTTCONN's result is the same line
struct received_message {                              // +IMQTTRCVPUB, and +IMQTTRECV after AT+IMQTTRECV=<n>
    std::int32_t packet_id = 0;
    bytes topic{};
    std::int32_t payload_len = 0;                      // the manual's <messagelen>: payload.size()
    bytes payload{};                                   // <message>: exactly payload_len bytes
    using binding = row_of<line_received_message>;
};
struct message_notice {                                   // +IMQTTCOUNT :<count> / :FULL
    std::int32_t count = 0;
    bool full = false;                                 // "FULL": the 10 slots are taken, later messages dropped
    using binding = detail::either_row<row<line_message_notice, &message_notice::count>,
                                       row<line_message_notice_full, &message_notice::full>>;
    constexpr status check_rules(const at::event&) noexcept {  // FULL counts every slot
        if (full) count = max_cached_messages;
        return {};
    }
};
// <status> of +IMQTTPUB / +IMQTTPUBEX (0 sent, 1 failed) and +IMQTTUNSUB (0 done, -1 failed).
enum class send_result : std::int8_t { unsubscribe_failed = -1, done = 0, failed = 1 };
struct publish_result {                                // +IMQTTPUB (also AT+IMQTTPUBIN's) / +IMQTTPUBEX
    std::int32_t packet_id = 0;
    send_result result = send_result::done;            // the manual's <status>
    using binding = row_of<line_publish_result>;
};
struct unsubscribe_result : publish_result {           // +IMQTTUNSUB
    using binding = row_of<line_unsubscribe_result>;
};
struct subscribe_result {                              // +IMQTTSUB after the set form
    std::int32_t packet_id = 0;
    at::value_list<std::uint8_t, 1> granted_qos{};     // the manual's <qos>: one topic per AT+IMQTTSUB
    using binding = row_of<line_subscribe_result>;
};
struct dynreg_result {                                 // +IMQTTDYNREG:<mode>,... (late result or AT+IMQTTDYNREG=2)
    std::int32_t mode = 0;                             // 1: pre-registration, 2: registration-free
    bytes producekey{}, devicename{}, devicesecret{};  // mode 1
    bytes cilentid{}, username{}, password{};          // mode 2 (the manual's "CilentID")
    using binding = detail::either_row<row<line_dynreg_result, &dynreg_result::mode, &dynreg_result::producekey,
                                           &dynreg_result::devicename, &dynreg_result::devicesecret>,
                                       row<line_dynreg_mode2, &dynreg_result::mode, &dynreg_result::cilentid,
                                           &dynreg_result::username, &dynreg_result::password>>;
};
struct dynreg_info {                                   // AT+IMQTTDYNREG? (<save> is undocumented)
    std::int32_t save = 0;
    std::int32_t mode = 0;
    bytes producekey{}, devicename{}, producesecret{};
    using binding = row_of<line_dynreg_info>;
};
struct topic_status {                                  // AT+IMQTTUNSUB?
    bytes topic{};
    std::int32_t status = 0;
    using binding = row_of<line_unsub>;
};
struct pub_info {                                      // AT+IMQTTPUB? / +IMQTTPUBIN (hex)
    bytes topic{};
    std::int32_t qos = 0;
    bytes message{};
    using binding = row_of<line_pub>;
};
struct mqtt_status {                                   // AT+IMQTTSTATE?
    std::int32_t state = 0;                            // <status>: 0 down, 1 connected (poor signal), 2 connected
    using binding = row_of<line_mqtt_status>;
};
struct cache_status {
    std::int32_t total_count = 0;
    using binding = row_of<line_cache_status>;
};

// ---- the generic step ----------------------------------------------------------------------------

// Which row of `lines` the line `e` is: the AT core's classifier over the table (at/classify.hpp).
constexpr result<line_index> classify(const at::event& e) noexcept {
    return at::classify<grammar, max_values, line_index>(e);
}

// ---- rows of two shapes ---------------------------------------------------------------------------
// message_notice (a count or FULL) and dynreg_result (mode 1 or 2) read either of their prefix's two rows
// (detail::either_row), as at::decode_as<T>(ev) / at::decode_into(ev, out), as every struct. Every struct
// read against another row of the same values is at::decode_into(at::grammar_row<grammar, line_x>, ev, out)
// (publish_result: line_pubex_result; cfg_will: line_lwtbin; pub_info: line_pubin; received_message:
// line_recv_message).

}  // namespace risinghf
ATMQTT_END_NAMESPACE
