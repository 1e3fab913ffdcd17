// Decoding USR information responses, one line at a time, checked against the grammar's lines:
//     auto r = usr::decode_response("+MQTTCFG:60,0");      // r->spec is the +MQTTCFG line, 2 fields
//     auto cfg = usr::to_mqttcfg(*r);                      // {60, 0}
// Rows of a multi-row query answer have no prefix: pass the header's line as `row_of`
// (decode_response("1,1,/PubTopic1,0,0,0", header->spec)).
// Test answers (`+MQTTCFG:<0~65535>,<0,1>`) are read with test_range_reader.
//
// Tolerated irregularities (each a tested decision, see docs/dialect-notes/usr.md): spaces after ':'
// (`+SSLEN: OFF`), a quoted value (`+MQTTSTA:"DISCONNECTION"`), an empty single value (`+ALIREGION:`),
// `+MQTTUSER:` answering AT+MQTTPSW?, `+HTTPSCRT:` answering AT+SSLCRT=?, five or six PUBTP row fields.
#pragma once

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
};

// The grammar line with this prefix (the text before ':'), or nullptr.
constexpr const at::line* find_line(bytes prefix) noexcept {
    for (const at::line& l : grammar.lines)
        if (l.prefix == prefix) return &l;
    return nullptr;
}

// ---- test answers: `+MQTTPUBTP:<1~10>[,<0,1>,<1~12 bytes>,<0,1,2>,<0,1>][,<0,1>]` ----------------------

enum class range_kind : std::uint8_t {
    integers,  // <0~65535>: low..high
    length,    // <1~128 bytes>: a length in bytes, low..high
    words,     // <0,1>, <ON,OFF>, <NONE、PEER、ALL>: the items, separated by ',' or U+3001 '、'
};

struct test_range {
    range_kind kind = range_kind::words;
    bytes text{};          // between the angle brackets
    std::int32_t low = 0;  // integers / length
    std::int32_t high = 0;
    std::size_t offset = 0;  // of the '<' within the line
};

// Reads the `<...>` groups of a test answer in order; '[', ']' and the commas between groups are
// structure and are skipped. Anything else between groups is at_unexpected_character.
class test_range_reader {
public:
    constexpr explicit test_range_reader(bytes line) noexcept : line_(line) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == ':') {
                pos_ = i + 1;
                return;
            }
        }
        pos_ = line.size();
    }
    constexpr bool done() noexcept {
        skip();
        return pos_ >= line_.size();
    }
    constexpr result<test_range> next() noexcept {
        skip();
        if (pos_ >= line_.size()) return {errc::at_missing_field, pos_};
        if (line_[pos_] != '<') return {errc::at_unexpected_character, pos_};
        std::size_t open = pos_;
        std::size_t close = open + 1;
        while (close < line_.size() && line_[close] != '>') ++close;
        if (close == line_.size()) return {errc::at_invalid_range, open};
        test_range r;
        r.offset = open;
        r.text = bytes(line_.data() + open + 1, close - open - 1);
        pos_ = close + 1;
        classify(r);
        return r;
    }

private:
    constexpr void skip() noexcept {
        while (pos_ < line_.size() && (line_[pos_] == '[' || line_[pos_] == ']' || line_[pos_] == ',' ||
                                        line_[pos_] == ' '))
            ++pos_;
    }
    // "<a~b>" or "<a~b bytes>" with decimal a, b; anything else is a word list.
    static constexpr void classify(test_range& r) noexcept {
        bytes t = r.text;
        std::size_t i = 0;
        std::int32_t lo = 0, hi = 0;
        auto digits = [&](std::int32_t& v) {
            std::size_t s = i;
            while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - s < 9) v = v * 10 + (t[i++] - '0');
            return i != s;
        };
        if (!digits(lo) || i == t.size() || t[i] != '~') return;
        ++i;
        if (!digits(hi)) return;
        if (i == t.size()) {
            r.kind = range_kind::integers;
        } else if (bytes(t.data() + i, t.size() - i) == " bytes") {
            r.kind = range_kind::length;
        } else {
            return;
        }
        r.low = lo;
        r.high = hi;
    }

    bytes line_;
    std::size_t pos_ = 0;
};

namespace detail {

// A test answer: the `<...>` groups in order, one per field of the line (notes: "Test responses").
constexpr result<response> read_test_answer(bytes line, response r) noexcept {
    r.test_answer = true;
    test_range_reader groups(line);
    while (!groups.done()) {
        result<test_range> g = groups.next();
        if (!g) return {g.error(), g.offset()};
        if (r.count == r.spec->fields.size() || r.count == max_response_fields)
            return {errc::at_too_many_fields, g->offset};
        r.text[r.count++] = bytes(line.data() + g->offset, g->text.size() + 2);
    }
    return result<response>(r, line.size());
}

}  // namespace detail

namespace detail {

constexpr errc check_value(const at::field_spec& spec, const at::field& f, std::int32_t& number) noexcept {
    switch (spec.type) {
        case at::field_type::integer: {
            if (f.kind != at::field_kind::bare) return f.empty() ? errc::at_missing_field : errc::at_invalid_integer;
            result<std::int64_t> v = f.integer();
            if (!v) return v.error();
            if (*v < spec.min || *v > spec.max) return errc::out_of_range;
            number = static_cast<std::int32_t>(*v);
            return errc::ok;
        }
        case at::field_type::word:
            if (!at::is_word_of(spec.words, f.text)) return errc::at_invalid_enum;
            return errc::ok;
        case at::field_type::string:
            if (f.kind == at::field_kind::list) return errc::at_unexpected_character;
            if (f.text.size() > static_cast<std::size_t>(spec.max)) return errc::too_long;
            if (f.text.size() < static_cast<std::size_t>(spec.min)) return errc::out_of_range;
            return errc::ok;
        default: break;
    }
    return errc::at_type_mismatch;
}

}  // namespace detail

// Decodes one response line (without its CR LF). A line without '+' is a row of `row_of`.
// Errors: at_unknown_response (prefix not in the table, or an unprefixed line with no row_of),
// at_missing_field / at_too_many_fields (field count), out_of_range, at_invalid_enum, too_long,
// at_invalid_integer; the offset points into the line.
constexpr result<response> decode_response(bytes line, const at::line* row_of = nullptr) noexcept {
    response r;
    at::field_reader reader(line, lexical);
    if (!line.empty() && line[0] == '+') {
        result<at::prefixed_line> split = at::split_prefix(line, lexical);
        if (!split) return {split.error(), split.offset()};
        r.spec = find_line(split->name);
        if (r.spec == nullptr) return {errc::at_unknown_response, 0};
        reader = at::field_reader(*split, lexical);
    } else {
        if (row_of == nullptr) return {errc::at_unknown_response, 0};
        r.spec = row_of;
    }
    const span<const at::field_spec> specs = r.spec->fields;
    if (!reader.done() && reader.rest()[0] == '<') return detail::read_test_answer(line, r);
    std::size_t end = reader.offset();
    while (!reader.done()) {
        if (r.count == specs.size()) return {errc::at_too_many_fields, reader.offset()};
        result<at::field> f = reader.next();
        if (!f) return {f.error(), f.offset()};
        std::int32_t n = 0;
        errc e = detail::check_value(specs[r.count], *f, n);
        if (e != errc::ok) return {e, f->offset};
        r.text[r.count] = f->text;
        r.number[r.count] = n;
        ++r.count;
        end = reader.offset();
    }
    if (r.count < specs.size() && !specs[r.count].is_optional()) {
        // `+ALIREGION:` (nothing after the colon): one string field, present and empty.
        bool empty_single = r.count == 0 && specs.size() == 1 && specs[0].type == at::field_type::string;
        if (!empty_single) return {errc::at_missing_field, line.size()};
        r.count = 1;
    }
    return result<response>(r, end);
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
