// Decoding USR information responses, one line at a time, checked against the grammar's lines; the
// typed answers bind their members to the line's values (at/bind.hpp):
//     auto r = usr::decode_response(at::line_event("+MQTTCFG:60,0"));  // r->spec is the +MQTTCFG line
//     auto cfg = usr::decode_as<usr::mqttcfg_response>(*r);             // {60, 0}
// Rows of a multi-row query answer have no prefix: pass the header's line as `row_of`
// (decode_response(row_event, header->spec)).
// Test answers (`+MQTTCFG:<0~65535>,<0,1>`) are read with test_range_reader (the core's
// at::angle_range_reader). The reading itself is the core's table-driven decoder (at/decode.hpp).
//
// Tolerated irregularities (each a tested decision, see docs/dialect-notes/usr.md): spaces after ':'
// (`+SSLEN: OFF`), a quoted value (`+MQTTSTA:"DISCONNECTION"`), an empty single value (`+ALIREGION:`),
// `+MQTTUSER:` answering AT+MQTTPSW?, `+HTTPSCRT:` answering AT+SSLCRT=?, five or six PUBTP row fields.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

inline constexpr std::size_t max_response_fields = 6;  // +MQTTPUBTP rows

// One decoded response line: its table entry and its field values (views into the line, quotes
// removed; a word's number is its index). Integers are already range-checked; words are checked
// against their list.
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
constexpr result<response> decode_response(const at::event& ev, const at::line* row_of = nullptr) noexcept {
    const bytes line = ev.text;
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

// ---- typed answers: each struct binds its members to the line's values ------------------------------
// `prefixes`: the lines it reads ('|'-separated); decode_as refuses any other line, a test answer and
// a header without values with at_unexpected_response.

struct wkmod_response {  // +WKMOD:<mode>[,<server>]
    work_mode mode = work_mode::net;  // cmd, net, httpd or mqtt
    std::optional<mqtt_server> server{};
    static constexpr std::string_view prefixes = "+WKMOD";
    using binding = at::bound<&wkmod_response::mode, &wkmod_response::server>;
};
struct mqttcfg_response {
    std::int32_t keepalive = 0;
    std::int32_t cleansession = 0;
    static constexpr std::string_view prefixes = "+MQTTCFG";
    using binding = at::bound<&mqttcfg_response::keepalive, &mqttcfg_response::cleansession>;
};
// A row of the AT+MQTTPUBTP? or AT+MQTTSUBTP? answer (not the header); retained: PUBTP only.
struct topic_slot {
    std::int32_t num = 0;
    std::int32_t enabled = 0;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    static constexpr std::string_view prefixes = "+MQTTPUBTP|+MQTTSUBTP";
    using binding = at::bound<&topic_slot::num, &topic_slot::enabled, &topic_slot::topic, &topic_slot::qos,
                              &topic_slot::retained>;
};
struct mqttsvr_response {
    bytes server{};
    std::optional<std::int32_t> port{};  // absent when the answer has none
    static constexpr std::string_view prefixes = "+MQTTSVR";
    using binding = at::bound<&mqttsvr_response::server, &mqttsvr_response::port>;
};
struct mqttwill_response {
    std::int32_t willen = 0;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    bytes msg{};
    static constexpr std::string_view prefixes = "+MQTTWILL";
    using binding = at::bound<&mqttwill_response::willen, &mqttwill_response::topic, &mqttwill_response::qos,
                              &mqttwill_response::retained, &mqttwill_response::msg>;
};
// +MQTTSTA: CONNECTION or DISCONNECTION.
enum class conn_state_code : std::uint8_t { connected = 0, disconnected = 1 };
struct connection_state {
    conn_state_code state = conn_state_code::disconnected;
    static constexpr std::string_view prefixes = "+MQTTSTA";
    using binding = at::bound<&connection_state::state>;
};
struct sslen_response {  // +SSLEN:<sta>
    std::int32_t sta = 0;  // the index of OFF|ON: 1 is ON
    static constexpr std::string_view prefixes = "+SSLEN";
    using binding = at::bound<&sslen_response::sta>;
};
struct sslcfg_response {  // +SSLCFG:<sni_status>,...: 1 is ON
    std::int32_t sni_status = 0;
    static constexpr std::string_view prefixes = "+SSLCFG";
    using binding = at::bound<&sslcfg_response::sni_status>;
};
struct sslauth_response {
    ssl_auth type = ssl_auth::none;
    static constexpr std::string_view prefixes = "+SSLAUTH";
    using binding = at::bound<&sslauth_response::type>;
};

namespace detail {
// The values of a response as at::bound reads them (built only while binding: a response stays small).
struct response_values {
    std::size_t count = 0;
    std::array<at::field_value, max_response_fields> values{};
};
constexpr response_values values_of(const response& r) noexcept {
    response_values v;
    v.count = r.count;
    for (std::size_t i = 0; i < r.count; ++i) {
        v.values[i].kind = at::value_kind::text;  // present; bind reads only text and number
        v.values[i].text = r.text[i];
        v.values[i].number = r.number[i];
    }
    return v;
}
}  // namespace detail

// The typed answer T of a decoded response line.
template <class T>
constexpr result<T> decode_as(const response& r) noexcept {
    if (r.spec == nullptr || r.test_answer || r.count == 0 || !at::is_word_of(T::prefixes, r.spec->prefix))
        return {errc::at_unexpected_response, 0};
    return typename T::binding{}(detail::values_of(r));
}

}  // namespace usr
ATMQTT_END_NAMESPACE
