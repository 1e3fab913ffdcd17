// Decoding USR information responses, one line at a time, checked against the grammar's lines:
//     auto r = usr::decode_response("+MQTTCFG:60,0");      // r->spec is the +MQTTCFG line, 2 fields
//     auto cfg = usr::to_mqttcfg(*r);                      // {60, 0}
// Rows of a multi-row query answer have no prefix: pass the header's line as `row_of`
// (decode_response("1,1,/PubTopic1,0,0,0", header->spec)).
// Test answers (`+MQTTCFG:<0~65535>,<0,1>`) are read with test_range_reader (the core's
// at::angle_range_reader). The reading itself is the core's table-driven decoder (at/decode.hpp).
//
// Tolerated irregularities (each a tested decision, see docs/dialect-notes/usr.md): spaces after ':'
// (`+SSLEN: OFF`), a quoted value (`+MQTTSTA:"DISCONNECTION"`), an empty single value (`+ALIREGION:`),
// `+MQTTUSER:` answering AT+MQTTPSW?, `+HTTPSCRT:` answering AT+SSLCRT=?, five or six PUBTP row fields.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

inline constexpr std::size_t max_response_fields = 6;  // +MQTTPUBTP rows

// One decoded response line: its table entry and its field values (views into the line, quotes
// removed). Integers are already range-checked; words are checked against their list.
struct response {
    const at::line* spec = nullptr;
    std::array<bytes, max_response_fields> text{};
    std::array<std::int32_t, max_response_fields> number{};
    std::uint8_t count = 0;
    bool test_answer = false;  // the answer to AT+X=?: each text is one `<...>` group, brackets included

    constexpr bool is(bytes prefix) const noexcept { return spec != nullptr && spec->prefix == prefix; }
    // A value answer (not a test answer) with this prefix: what the typed views below accept.
    constexpr bool holds(bytes prefix) const noexcept { return is(prefix) && !test_answer; }
    // A header line (`+MQTTPUBTP:` alone): the rows follow without prefix.
    constexpr bool is_header() const noexcept { return count == 0 && spec != nullptr && !spec->fields.empty() &&
                                                       spec->fields[0].is_optional(); }
    // A line of a multi-row answer (the header alone, or the header carrying the first row, which
    // dialects.md §1.b.3 asks to accept): unprefixed rows may follow it.
    constexpr bool opens_rows() const noexcept { return spec != nullptr && !test_answer && !spec->fields.empty() &&
                                                        spec->fields[0].is_optional(); }
};

// The grammar line with this prefix (the text before ':'), or nullptr: the AT core's line order.
constexpr const at::line* find_line(bytes prefix) noexcept {
    at::line_candidates c = at::candidates(lines, line_order, prefix);
    return c.size() == 0 ? nullptr : &lines[c[0]];
}

// ---- test answers: `+MQTTPUBTP:<1~10>[,<0,1>,<1~12 bytes>,<0,1,2>,<0,1>][,<0,1>]` ----------------------
// The angle notation is the core's (at::angle_range_reader, at::classify_angle_item).
using range_kind = at::angle_range_kind;
using test_range = at::angle_range;
using test_range_reader = at::angle_range_reader;

namespace detail {

// The core's decoded line as a response: values in wire order up to the first absent one.
constexpr result<response> to_response(const at::decoded_line<max_response_fields>& d, const at::line* spec,
                                       bool test_answer, std::size_t end) noexcept {
    response r;
    r.spec = spec;
    r.test_answer = test_answer;
    for (const at::field_value& v : d.fields()) {
        if (!v.present()) break;
        r.text[r.count] = v.text;
        r.number[r.count] = static_cast<std::int32_t>(v.number);
        ++r.count;
    }
    return result<response>(r, end);
}

// The core reports a string outside its length range as out_of_range; USR's contract (tested since the
// dialect's start) is too_long when the text is longer than the maximum. Which field failed is found by
// its offset.
constexpr errc length_error(bytes line, std::size_t params_at, const at::line& l, std::size_t offset) noexcept {
    at::field_reader reader(bytes(line.data() + params_at, line.size() - params_at), lexical, params_at);
    for (std::size_t i = 0; i < l.fields.size() && !reader.done(); ++i) {
        result<at::field> f = reader.next();
        if (!f) break;
        if (f->offset == offset && l.fields[i].type == at::field_type::string &&
            f->text.size() > static_cast<std::size_t>(l.fields[i].max))
            return errc::too_long;
    }
    return errc::out_of_range;
}

}  // namespace detail

// Decodes one response line (without its CR LF) with the core decoder (at::decode, at::decode_row,
// at::decode_test_answer). A line without '+' is a row of `row_of`.
// Errors: at_unknown_response (prefix not in the table, or an unprefixed line with no row_of),
// at_missing_field / at_too_many_fields (field count), out_of_range, at_invalid_enum, too_long,
// at_invalid_integer; the offset points into the line.
constexpr result<response> decode_response(bytes line, const at::line* row_of = nullptr) noexcept {
    using decoded = at::decoded_line<max_response_fields>;
    if (line.empty() || line[0] != '+') {
        if (row_of == nullptr) return {errc::at_unknown_response, 0};
        result<decoded> d = at::decode_row<max_response_fields>(*row_of, line, lexical);
        if (!d) {
            errc e = d.error() == errc::out_of_range ? detail::length_error(line, 0, *row_of, d.offset()) : d.error();
            return {e, d.offset()};
        }
        return detail::to_response(*d, row_of, false, line.size());
    }
    result<at::prefixed_line> split = at::split_prefix(line, lexical);
    if (!split) return {split.error(), split.offset()};
    const at::line* spec = find_line(split->name);
    if (spec == nullptr) return {errc::at_unknown_response, 0};
    if (at::is_angle_test_answer(line, lexical)) {
        result<decoded> d = at::decode_test_answer<max_response_fields>(*spec, line, lexical);
        if (!d) return {d.error(), d.offset()};
        return detail::to_response(*d, spec, true, line.size());
    }
    result<decoded> d = at::decode_with<max_response_fields>(*spec, line, lexical);
    if (!d) {
        errc e = d.error() == errc::out_of_range ? detail::length_error(line, split->params_offset, *spec, d.offset())
                                                 : d.error();
        return {e, d.offset()};
    }
    return detail::to_response(*d, spec, false, line.size());
}

// ---- typed views of the answers ---------------------------------------------------------------------

struct mqttcfg_response { std::int32_t keepalive; std::int32_t cleansession; };
struct topic_slot { std::int32_t num; bool enabled; bytes topic; std::int32_t qos; std::int32_t retained; };
struct mqttsvr_response { bytes server; std::int32_t port; };  // port 0: not in the answer
struct mqttwill_response { std::int32_t willen; bytes topic; std::int32_t qos; std::int32_t retained; bytes msg; };

constexpr result<work_mode> to_work_mode(const response& r) noexcept {
    if (!r.holds("+WKMOD")) return {errc::at_unexpected_response, 0};
    bytes m = r.text[0];
    if (r.count == 2) {
        if (m != "MQTT") return {errc::at_invalid_enum, 0};
        return r.text[1] == "NOR" ? work_mode::mqtt_nor : work_mode::mqtt_ali;
    }
    return m == "CMD" ? work_mode::cmd : m == "NET" ? work_mode::net : m == "HTTPD" ? work_mode::httpd : work_mode::mqtt;
}
constexpr result<mqttcfg_response> to_mqttcfg(const response& r) noexcept {
    if (!r.holds("+MQTTCFG")) return {errc::at_unexpected_response, 0};
    return mqttcfg_response{r.number[0], r.number[1]};
}
// A row of the AT+MQTTPUBTP? or AT+MQTTSUBTP? answer (not the header).
constexpr result<topic_slot> to_topic_slot(const response& r) noexcept {
    if ((!r.holds("+MQTTPUBTP") && !r.holds("+MQTTSUBTP")) || r.count == 0) return {errc::at_unexpected_response, 0};
    bool pub = r.is("+MQTTPUBTP");
    return topic_slot{r.number[0], r.number[1] != 0, r.text[2], r.number[3], pub ? r.number[4] : 0};
}
constexpr result<mqttsvr_response> to_mqttsvr(const response& r) noexcept {
    if (!r.holds("+MQTTSVR")) return {errc::at_unexpected_response, 0};
    return mqttsvr_response{r.text[0], r.count > 1 ? r.number[1] : 0};
}
constexpr result<mqttwill_response> to_mqttwill(const response& r) noexcept {
    if (!r.holds("+MQTTWILL")) return {errc::at_unexpected_response, 0};
    return mqttwill_response{r.number[0], r.text[1], r.number[2], r.number[3], r.text[4]};
}
// +MQTTSTA: CONNECTION -> true.
constexpr result<bool> to_connected(const response& r) noexcept {
    if (!r.holds("+MQTTSTA")) return {errc::at_unexpected_response, 0};
    return r.text[0] == "CONNECTION";
}
// +SSLEN / +SSLCFG (first field) : ON -> true.
constexpr result<bool> to_on(const response& r) noexcept {
    if (!r.holds("+SSLEN") && !r.holds("+SSLCFG")) return {errc::at_unexpected_response, 0};
    return r.text[0] == "ON";
}
constexpr result<ssl_auth> to_ssl_auth(const response& r) noexcept {
    if (!r.holds("+SSLAUTH")) return {errc::at_unexpected_response, 0};
    return r.text[0] == "NONE" ? ssl_auth::none : r.text[0] == "PEER" ? ssl_auth::peer : ssl_auth::all;
}

}  // namespace usr
ATMQTT_END_NAMESPACE
