// One error vocabulary for every layer. Values are explicit and append-only: they appear in logs, JSON
// output and fuzz reproducers, so a number never changes meaning. Each layer owns a block of numbers.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE

enum class errc : std::uint8_t {
    ok = 0,

    // general (1-31)
    buffer_too_small = 1,   // the output buffer cannot hold the result; nothing past it was written
    incomplete = 2,         // the input ends before the item does: feed more bytes (never "malformed")
    out_of_range = 3,       // a value lies outside the range its field allows
    too_long = 4,           // a string or list exceeds its length limit
    capacity_exceeded = 5,  // a fixed-capacity container is full

    // MQTT codec (32-95)
    mqtt_invalid_packet_type = 32,         // type nibble 0 or 15
    mqtt_invalid_flags = 33,               // reserved fixed-header flags differ from Table 2.2
    mqtt_invalid_qos = 34,                 // QoS 3 in a PUBLISH header
    mqtt_remaining_length_overflow = 35,   // remaining length needs a fifth byte (> 268,435,455)
    mqtt_remaining_length_not_minimal = 36,  // remaining length encoded with more bytes than needed
    mqtt_packet_too_short = 37,            // a field runs past the end given by the remaining length
    mqtt_trailing_bytes = 38,              // bytes left over inside the remaining length
    mqtt_zero_packet_id = 39,              // packet identifier 0 where one is required
    mqtt_invalid_utf8 = 40,                // ill-formed UTF-8 (RFC 3629)
    mqtt_utf8_null = 41,                   // U+0000 inside a string
    mqtt_utf8_surrogate = 42,              // a code point in U+D800..U+DFFF
    mqtt_empty_topic = 43,                 // topic name or filter of zero length
    mqtt_wildcard_in_topic_name = 44,      // '+' or '#' in a PUBLISH or will topic name
    mqtt_invalid_topic_filter = 45,        // '#' not last or not a whole level, '+' not a whole level
    mqtt_no_topic_filters = 46,            // SUBSCRIBE / UNSUBSCRIBE / SUBACK with an empty list
    mqtt_invalid_requested_qos = 47,       // SUBSCRIBE options byte: reserved bits set or QoS 3
    mqtt_invalid_protocol = 48,            // protocol name / level pair is neither MQIsdp/3 nor MQTT/4
    mqtt_connect_reserved_flag = 49,       // CONNECT flags bit 0 set
    mqtt_invalid_will_flags = 50,          // will QoS or retain without will flag, or will QoS 3
    mqtt_password_without_username = 51,   // password flag set, user name flag clear (3.1.1)
    mqtt_invalid_client_id = 52,           // client id empty without clean session, or 3.1 length limit
    mqtt_invalid_connack_flags = 53,       // CONNACK acknowledge flags bits 7-1 set
    mqtt_session_present_on_error = 54,    // session present with a non-zero return code
    mqtt_invalid_connack_return_code = 55, // return code 6-255
    mqtt_invalid_suback_return_code = 56,  // not 0, 1, 2 or 0x80 (0x80 is not valid at level 3)
    mqtt_dup_on_qos0 = 57,                 // DUP flag on a QoS 0 PUBLISH
    mqtt_packet_too_large = 58,            // encoding would need a remaining length > 268,435,455
    mqtt_string_too_long = 59,             // a string longer than 65,535 bytes
    mqtt_unexpected_packet_type = 60,      // a valid packet of a type the caller's decode<...> does not expect

    // AT layer (96-159)
    at_line_too_long = 96,           // a line exceeded the tokenizer's capacity; resynchronised at its end
    at_unterminated_quote = 97,      // a quoted string without its closing quote
    at_invalid_integer = 98,         // not a decimal integer where one is required
    at_integer_overflow = 99,        // an integer too large for its field
    at_missing_field = 100,          // fewer fields than the grammar requires
    at_too_many_fields = 101,        // more fields than the grammar allows
    at_unexpected_character = 102,   // a character the grammar does not allow at this place
    at_unknown_command = 103,        // a command name the dialect does not define
    at_unknown_response = 104,       // a +PREFIX the dialect does not define
    at_unsupported_form = 105,       // test / read / set / execute form the command does not have
    at_unescapable_character = 106,  // '"' or CR/LF inside a quoted string the dialect cannot escape
    at_comma_in_bare_string = 107,   // a comma inside a value written without quotes
    at_invalid_hex = 108,            // a hex string with an odd length or a non-hex digit
    at_payload_truncated = 109,      // an announced-length payload ended early
    at_invalid_enum = 110,           // a value not in the field's enumeration
    at_unexpected_response = 111,    // a response that does not belong to the pending transaction
    at_busy = 112,                   // a transaction is already pending
    at_invalid_range = 113,          // a malformed test-response range such as "(5-)"
    at_payload_mismatch = 114,       // split message pieces that do not add up (missing, extra, overflow)
    at_invalid_frame = 115,          // a data-mode frame that does not parse
    at_type_mismatch = 116,          // a value of the wrong kind for its field (text for an integer, ...)

    // client: MQTT session and MQTT-over-AT client (160-191)
    client_not_connected = 160,      // a request that needs a connection, with none up (or not yet acknowledged)
    client_already_connected = 161,  // connect() while connecting or connected
    client_window_full = 162,        // every in-flight slot is taken: wait for an acknowledgement
    client_unexpected_packet = 163,  // a packet the broker must not send now (CONNECT, a second CONNACK, ...)
    client_unknown_packet_id = 164,  // an acknowledgement for a packet id nothing is waiting on (tolerated)
    client_ack_mismatch = 165,       // an acknowledgement of the wrong kind or with the wrong number of codes
    client_inbound_window_full = 166,  // QoS 2 message with no slot to remember it: delivered, but a resend would be too
    client_no_resend_store = 167,    // session present, but no store to hand back a payload for resending
    client_busy = 168,               // the AT client is running a command: wait for the event of the last request
    client_unsupported_qos = 169,    // a QoS the modem's MQTT stack cannot carry (refused, never downgraded)
    client_unsupported_will = 170,   // a will message the modem cannot configure
    client_unsupported_tls = 171,    // TLS asked of a modem (or driver) that has no TLS context
    client_unsupported_option = 172,  // an option the modem cannot honour (clean session choice, protocol level, ...)
    client_topic_too_long = 173,     // a topic or filter longer than the modem accepts
    client_payload_too_long = 174,   // a payload longer than the modem accepts in one publish
    client_unsupported_payload = 175,  // payload bytes the dialect's publish path cannot carry
    client_command_failed = 176,     // the modem answered ERROR / +CME ERROR or a failure result to a command
    client_command_timeout = 177,    // no final or deferred result within the manual's maximum response time
    client_unsupported_topic = 178,  // a topic or filter the modem's framing cannot carry (USR: a comma in a data frame)
    client_escape_failed = 179,      // the modem broke the +++ escape to command mode (USR: not "+ok" after 'a')

    // tools and host helpers (224-254)
    invalid_json = 224,
    unknown_key = 225,
    invalid_hex = 226,  // hex text with a non-hex digit or an odd number of digits
};

// The enumerator's name, for logs and JSON; "unknown" for a number this version does not define.
constexpr std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::ok: return "ok";
        case errc::buffer_too_small: return "buffer_too_small";
        case errc::incomplete: return "incomplete";
        case errc::out_of_range: return "out_of_range";
        case errc::too_long: return "too_long";
        case errc::capacity_exceeded: return "capacity_exceeded";
        case errc::mqtt_invalid_packet_type: return "mqtt_invalid_packet_type";
        case errc::mqtt_invalid_flags: return "mqtt_invalid_flags";
        case errc::mqtt_invalid_qos: return "mqtt_invalid_qos";
        case errc::mqtt_remaining_length_overflow: return "mqtt_remaining_length_overflow";
        case errc::mqtt_remaining_length_not_minimal: return "mqtt_remaining_length_not_minimal";
        case errc::mqtt_packet_too_short: return "mqtt_packet_too_short";
        case errc::mqtt_trailing_bytes: return "mqtt_trailing_bytes";
        case errc::mqtt_zero_packet_id: return "mqtt_zero_packet_id";
        case errc::mqtt_invalid_utf8: return "mqtt_invalid_utf8";
        case errc::mqtt_utf8_null: return "mqtt_utf8_null";
        case errc::mqtt_utf8_surrogate: return "mqtt_utf8_surrogate";
        case errc::mqtt_empty_topic: return "mqtt_empty_topic";
        case errc::mqtt_wildcard_in_topic_name: return "mqtt_wildcard_in_topic_name";
        case errc::mqtt_invalid_topic_filter: return "mqtt_invalid_topic_filter";
        case errc::mqtt_no_topic_filters: return "mqtt_no_topic_filters";
        case errc::mqtt_invalid_requested_qos: return "mqtt_invalid_requested_qos";
        case errc::mqtt_invalid_protocol: return "mqtt_invalid_protocol";
        case errc::mqtt_connect_reserved_flag: return "mqtt_connect_reserved_flag";
        case errc::mqtt_invalid_will_flags: return "mqtt_invalid_will_flags";
        case errc::mqtt_password_without_username: return "mqtt_password_without_username";
        case errc::mqtt_invalid_client_id: return "mqtt_invalid_client_id";
        case errc::mqtt_invalid_connack_flags: return "mqtt_invalid_connack_flags";
        case errc::mqtt_session_present_on_error: return "mqtt_session_present_on_error";
        case errc::mqtt_invalid_connack_return_code: return "mqtt_invalid_connack_return_code";
        case errc::mqtt_invalid_suback_return_code: return "mqtt_invalid_suback_return_code";
        case errc::mqtt_dup_on_qos0: return "mqtt_dup_on_qos0";
        case errc::mqtt_packet_too_large: return "mqtt_packet_too_large";
        case errc::mqtt_string_too_long: return "mqtt_string_too_long";
        case errc::mqtt_unexpected_packet_type: return "mqtt_unexpected_packet_type";
        case errc::at_line_too_long: return "at_line_too_long";
        case errc::at_unterminated_quote: return "at_unterminated_quote";
        case errc::at_invalid_integer: return "at_invalid_integer";
        case errc::at_integer_overflow: return "at_integer_overflow";
        case errc::at_missing_field: return "at_missing_field";
        case errc::at_too_many_fields: return "at_too_many_fields";
        case errc::at_unexpected_character: return "at_unexpected_character";
        case errc::at_unknown_command: return "at_unknown_command";
        case errc::at_unknown_response: return "at_unknown_response";
        case errc::at_unsupported_form: return "at_unsupported_form";
        case errc::at_unescapable_character: return "at_unescapable_character";
        case errc::at_comma_in_bare_string: return "at_comma_in_bare_string";
        case errc::at_invalid_hex: return "at_invalid_hex";
        case errc::at_payload_truncated: return "at_payload_truncated";
        case errc::at_invalid_enum: return "at_invalid_enum";
        case errc::at_unexpected_response: return "at_unexpected_response";
        case errc::at_busy: return "at_busy";
        case errc::at_invalid_range: return "at_invalid_range";
        case errc::at_payload_mismatch: return "at_payload_mismatch";
        case errc::at_invalid_frame: return "at_invalid_frame";
        case errc::at_type_mismatch: return "at_type_mismatch";
        case errc::client_not_connected: return "client_not_connected";
        case errc::client_already_connected: return "client_already_connected";
        case errc::client_window_full: return "client_window_full";
        case errc::client_unexpected_packet: return "client_unexpected_packet";
        case errc::client_unknown_packet_id: return "client_unknown_packet_id";
        case errc::client_ack_mismatch: return "client_ack_mismatch";
        case errc::client_inbound_window_full: return "client_inbound_window_full";
        case errc::client_no_resend_store: return "client_no_resend_store";
        case errc::client_busy: return "client_busy";
        case errc::client_unsupported_qos: return "client_unsupported_qos";
        case errc::client_unsupported_will: return "client_unsupported_will";
        case errc::client_unsupported_tls: return "client_unsupported_tls";
        case errc::client_unsupported_option: return "client_unsupported_option";
        case errc::client_topic_too_long: return "client_topic_too_long";
        case errc::client_payload_too_long: return "client_payload_too_long";
        case errc::client_unsupported_payload: return "client_unsupported_payload";
        case errc::client_command_failed: return "client_command_failed";
        case errc::client_command_timeout: return "client_command_timeout";
        case errc::client_unsupported_topic: return "client_unsupported_topic";
        case errc::client_escape_failed: return "client_escape_failed";
        case errc::invalid_json: return "invalid_json";
        case errc::unknown_key: return "unknown_key";
        case errc::invalid_hex: return "invalid_hex";
    }
    return "unknown";
}

ATMQTT_END_NAMESPACE
