// The table vocabulary every dialect is written in: constexpr descriptors of commands (forms, parameters,
// sub-commands, repeated groups, deferred results) and of information responses and URCs (prefix,
// selector, fields, raw payload and its length field). One table per vendor is the single source of
// truth: the writer validates against it, the transaction classifies lines with it, the tokenizer gets
// its payload rules from it and tools/atref prints the command reference from it.
//
// A dialect header writes its tables with the builders below and proves them with
//     ATMQTT_AT_CHECK_GRAMMAR(my_grammar);
// so a malformed table (duplicate names, min > max, default outside its range, a length field that is
// not right before the payload, ...) is a compile error naming the problem. Descriptors are small:
// string_view names, 32-bit ranges, 8-bit counts and indexes, spans into separate constexpr arrays.
// Define each command as its own constexpr object and copy them into the grammar's array: firmware then
// links only the commands it writes (the transaction needs the lines, never the command array). For the
// same reason export the syntax and payload rules as their own constants and pass those at run time:
// `grammar.lexical` read in running code emits the grammar object and every table it points to.
#pragma once

#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// What a field holds and how it is written.
enum class field_type : std::uint8_t {
    integer,  // decimal, range [min, max] (may be negative: Quectel's result -1)
    string,   // text; [min, max] bounds its length in bytes
    hex,      // binary written as hex digits; [min, max] bounds the decoded length in bytes
    word,     // one of the words listed in `words` ("ON|OFF"), written as is
    literal,  // a fixed word (`words`), written automatically: RisingHF's TIMEOUT,<v>,CLEAN,<v>
    payload,  // raw bytes whose length another field announces (responses and URCs only)
};

// Quotes around a string, hex, word, literal or payload field. Inbound, parsers tolerate either;
// this says what the manual specifies and what the writer emits.
enum class quoting : std::uint8_t {
    quoted,  // always "..."
    bare,    // never quoted: a comma or quote inside cannot be carried
    either,  // bare unless the value needs quotes (separator, quote, empty, surrounding blanks, leading '(')
};

// Command forms, as bits of command::forms; form::test | form::set is a set of forms.
enum class form : std::uint8_t {
    test = 1,     // AT+NAME=?
    read = 2,     // AT+NAME?
    set = 4,      // AT+NAME=<params>
    execute = 8,  // AT+NAME
};
constexpr form operator|(form a, form b) noexcept {
    return static_cast<form>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool has_form(std::uint8_t forms, form f) noexcept {
    return (forms & static_cast<std::uint8_t>(f)) != 0;
}

inline constexpr std::uint8_t no_index = 0xff;  // "no such field"

// The words of a '|'-separated list ("CONNECTED|DISCONNECTED"), one after another: the one walk over a
// word list (an empty list is one empty word; "a||b" has an empty word, which validate() refuses):
// word_list{words}.
struct word_list {
    std::string_view words;
    std::size_t pos = 0;  // where the next word starts; past the end: done

    constexpr bool done() const noexcept { return pos > words.size(); }
    constexpr std::string_view next() noexcept {
        std::size_t start = pos;
        while (pos < words.size() && words[pos] != '|') ++pos;
        std::string_view w(words.data() + start, pos - start);
        ++pos;  // past the '|' (or past the end: done)
        return w;
    }
};

// The index of `w` in a '|'-separated list, or -1 when it is not one of its words (exact, case-sensitive).
constexpr std::int32_t word_index(std::string_view words, std::string_view w) noexcept {
    word_list list{words};
    for (std::int32_t n = 0; !list.done(); ++n)
        if (list.next() == w) return n;
    return -1;
}

namespace detail {

// The builders' steps (field_spec, line, command): a copy of `x` with more flag bits, one member set.
template <class T>
constexpr T with_flags(T x, unsigned bits) noexcept {
    x.flags = static_cast<std::uint8_t>(x.flags | bits);
    return x;
}
template <class T, class M, class V>
constexpr T with_member(T x, M T::*member, V v) noexcept {
    x.*member = v;
    return x;
}

// What line and command (T) share: a selector and a repeated group.
template <class T>
struct row_steps {
    // Whether any of the flag bits `bits` (T::flag_bits) is set: row.is(line::unsolicited_bit).
    constexpr bool is(unsigned bits) const noexcept { return (self().flags & bits) != 0; }
    constexpr bool selector_quoted() const noexcept { return !is(T::selector_bare_bit); }
    constexpr T with_selector(std::string_view s, quoting q = quoting::quoted) const noexcept {
        const T x = with_member(self(), &T::selector, s);
        return q == quoting::bare ? with_flags(x, T::selector_bare_bit) : x;
    }
    constexpr T repeating(std::uint8_t last_n, std::uint8_t min_count, std::uint8_t max_count) const noexcept {
        T x = self();
        x.repeat = last_n;
        x.repeat_min = min_count;
        x.repeat_max = max_count;
        return x;
    }

private:
    constexpr const T& self() const noexcept { return static_cast<const T&>(*this); }
};
}  // namespace detail

// One parameter of a command, or one field of a response / URC.
struct field_spec {
    enum flag_bits : std::uint8_t { optional_bit = 1, default_bit = 2, lowercase_bit = 4, text_default_bit = 8 };

    std::string_view name;   // the manual's name: "client_idx", "keep_alive_time"
    std::string_view words;  // word / literal: the allowed words separated by '|'; a string field with a
                             // text default: that text (has_text_default())
    std::int32_t min = 0;    // integer: smallest value; string / hex: shortest length
    std::int32_t max = 0;    // integer: largest value; string / hex: longest length
    std::int32_t def = 0;    // when has_default(): integer: the value; word: the index of the word
    field_type type = field_type::integer;
    quoting quote = quoting::quoted;
    std::uint8_t flags = 0;

    // May be left out, together with every field after it (the manual's "[,<x>...]").
    constexpr bool is_optional() const noexcept { return (flags & optional_bit) != 0; }
    constexpr bool has_default() const noexcept { return (flags & default_bit) != 0; }
    // A string field's default is text (possibly empty: "unset" in the manual), not a number; its text is
    // kept in `words` (a string field has no words).
    constexpr bool has_text_default() const noexcept { return (flags & text_default_bit) != 0; }
    // Hex fields: the writer emits a-f instead of A-F (RisingHF's examples); readers accept either.
    constexpr bool lowercase_hex() const noexcept { return (flags & lowercase_bit) != 0; }

    constexpr field_spec optional() const noexcept { return detail::with_flags(*this, optional_bit); }
    constexpr field_spec lowercase() const noexcept { return detail::with_flags(*this, lowercase_bit); }
    constexpr field_spec defaults_to(std::int32_t value) const noexcept {
        return detail::with_flags(detail::with_member(*this, &field_spec::def, value), default_bit);
    }
    // A word field's default by its text: stored as the word's index (-1 when it is not one of the
    // words, which the table check reports as default_not_a_word).
    constexpr field_spec defaults_to_word(std::string_view w) const noexcept {
        return defaults_to(word_index(words, w));
    }
    // A string field's default text; empty means the manual's "empty by default".
    // A string field has no words: its default text is kept there.
    constexpr field_spec defaults_to_text(std::string_view text) const noexcept {
        return detail::with_flags(detail::with_member(*this, &field_spec::words, text), default_bit | text_default_bit);
    }
};

// Field builders: integer("port", 1, 65535), string("topic", 1, 256), word("mode", "ON|OFF", ...).
constexpr field_spec integer(std::string_view name, std::int32_t min, std::int32_t max) noexcept {
    return field_spec{name, {}, min, max, 0, field_type::integer, quoting::bare};
}
constexpr field_spec string(std::string_view name, std::int32_t min_len, std::int32_t max_len,
                            quoting q = quoting::quoted) noexcept {
    return field_spec{name, {}, min_len, max_len, 0, field_type::string, q};
}
constexpr field_spec hex(std::string_view name, std::int32_t min_bytes, std::int32_t max_bytes,
                         quoting q = quoting::quoted) noexcept {
    return field_spec{name, {}, min_bytes, max_bytes, 0, field_type::hex, q};
}
constexpr field_spec word(std::string_view name, std::string_view words, quoting q = quoting::bare) noexcept {
    return field_spec{name, words, 0, 0, 0, field_type::word, q};
}
constexpr field_spec literal(std::string_view text, quoting q = quoting::bare) noexcept {
    return field_spec{text, text, 0, 0, 0, field_type::literal, q};
}
constexpr field_spec payload(std::string_view name, quoting q = quoting::either) noexcept {
    return field_spec{name, {}, 0, 0, 0, field_type::payload, q};
}

// An information response or URC line: `<prefix>: [<selector>,]<fields>`.
struct line : detail::row_steps<line> {
    enum flag_bits : std::uint8_t {
        unsolicited_bit = 1,      // may arrive with no command pending (a URC)
        length_optional_bit = 2,  // the length field may be absent: the payload then runs to the line end
        selector_bare_bit = 4,    // the selector is written without quotes
        deferred_bit = 8,         // the late result of a command (whose command::deferred is its index)
        read_answer_bit = 16,     // the answer to a read form (AT+X?) where another line has its prefix
        hex_length_bit = 32,      // the payload may be hex text twice its length field (the bytes it stands for)
    };

    std::string_view prefix;         // "+QMTRECV" (without the colon)
    std::string_view selector;       // first-field value naming this kind ("publish"), or empty
    span<const field_spec> fields;   // the fields after the selector
    std::uint8_t length = no_index;  // index in `fields` of the payload's length field
    std::uint8_t repeat = 0;         // the last `repeat` fields form a group repeated ...
    std::uint8_t repeat_min = 0;     // ... at least repeat_min times
    std::uint8_t repeat_max = 0;     // ... and at most repeat_max times
    std::uint8_t flags = 0;

    // Index of the raw-payload field (always the last field), or no_index.
    constexpr std::uint8_t payload_index() const noexcept {
        return !fields.empty() && fields[fields.size() - 1].type == field_type::payload
                   ? static_cast<std::uint8_t>(fields.size() - 1)
                   : no_index;
    }

    // The payload's length is announced by fields[index]; `may_be_absent` for Quectel's [,<len>].
    constexpr line with_length(std::uint8_t index, bool may_be_absent = false) const noexcept {
        return detail::with_flags(detail::with_member(*this, &line::length, index),
                                  may_be_absent ? unsigned{length_optional_bit} : 0u);
    }
    // Marks the line as the answer to a read form whose prefix other lines share (Quectel's AT+QMTCONN?
    // answer <client_idx>,<state> and the deferred <client_idx>,<result>: "0,2" fits both): a classifier
    // told that a read form is pending tries it first (at/classify.hpp).
    constexpr line answers_read_form() const noexcept { return detail::with_flags(*this, read_answer_bit); }
    // The payload may also be exactly twice its announced length: hex text whose length field counts the
    // bytes it stands for (OneMO's hex output format, where the manual leaves the count open).
    constexpr line length_counting_hex() const noexcept { return detail::with_flags(*this, hex_length_bit); }
    // Marks the line as a command's late result, so the transaction can classify it without looking
    // at the command table (which then need not be linked into firmware).
    constexpr line as_deferred() const noexcept { return detail::with_flags(*this, deferred_bit); }
};

// A response line builder: response("+QMTOPEN", fields).as_deferred().
constexpr line response(std::string_view prefix, span<const field_spec> fields = {}) noexcept {
    return line{{}, prefix, {}, fields};
}
// A URC builder: the same, marked unsolicited.
constexpr line urc(std::string_view prefix, span<const field_spec> fields = {}) noexcept {
    return detail::with_flags(response(prefix, fields), line::unsolicited_bit);
}

// A command, or one sub-command of it selected by a leading literal (AT+QMTCFG="keepalive",...).
struct command : detail::row_steps<command> {
    enum flag_bits : std::uint8_t {
        prompt_bit = 1,         // the set form answers '>' and waits for data before the final result
        selector_bare_bit = 2,  // the selector is written without quotes
        connect_bit = 4,        // the set form answers CONNECT and takes data before its responses (QFUPL):
                                // CONNECT is then an intermediate result, not the final one
    };

    std::string_view name;             // "QMTCFG": what follows "AT+"
    std::string_view selector;         // sub-command literal written as the first field, or empty
    span<const field_spec> params;     // the parameters after the selector
    std::string_view response_prefix;  // prefix of its information responses; empty: "+" name
    std::uint8_t deferred = no_index;  // index in the grammar's lines of the result that arrives after the
                                       // final OK (Quectel +QMTOPEN), marked as_deferred(); or no_index
    std::uint8_t forms = 0;            // form bits
    std::uint8_t repeat = 0;           // the last `repeat` params form a group repeated ...
    std::uint8_t repeat_min = 0;       // ... at least repeat_min times
    std::uint8_t repeat_max = 0;       // ... and at most repeat_max times
    std::uint8_t flags = 0;
    std::uint8_t answer = no_index;    // index in the grammar's lines of the row its information responses
                                       // are, where one prefix has several shapes only the command sent
                                       // tells apart (OneMO's +MQTTSUB: <id>,<mid> or <topic>,<code>)

    constexpr bool has(form f) const noexcept { return has_form(forms, f); }

    constexpr command responds_with(std::string_view prefix) const noexcept {
        return detail::with_member(*this, &command::response_prefix, prefix);
    }
    // The result arrives later as grammar.lines[line_index]. An index, not a pointer: constant
    // expressions comparing addresses trip some compilers' sanitizer builds.
    constexpr command deferred_result(std::uint8_t line_index) const noexcept {
        return detail::with_member(*this, &command::deferred, line_index);
    }
    // Every information response with the prefix of grammar.lines[line_index] is that row (the
    // transaction names it whatever the line's shape; the row's decoder reports a line that does not fit).
    constexpr command answered_by(std::uint8_t line_index) const noexcept {
        return detail::with_member(*this, &command::answer, line_index);
    }
    constexpr command with_prompt() const noexcept { return detail::with_flags(*this, prompt_bit); }
    constexpr command with_connect_phase() const noexcept { return detail::with_flags(*this, connect_bit); }
};

// A command builder: cmd("QMTOPEN", form::test | form::read | form::set, params).deferred_result(...).
constexpr command cmd(std::string_view name, form forms, span<const field_spec> params = {}) noexcept {
    return command{{}, name, {}, params, {}, no_index, static_cast<std::uint8_t>(forms)};
}

// Another spelling of a response prefix that modems (or manuals) use: OneMO's "+MQTTUTC" for "+MQTTURC",
// Quectel's "+QMTCCLOSE" for "+QMTCLOSE". Lines with the alias are read as lines with the prefix.
struct prefix_alias {
    std::string_view alias;
    std::string_view prefix;
};

// A dialect's whole table.
struct grammar {
    std::string_view name;  // "quectel"
    span<const command> commands;
    span<const line> lines;            // information responses and URCs
    syntax lexical{};                  // quote escapes and tolerated irregularities (at/syntax.hpp)
    span<const final_alias> finals{};  // extra final result spellings ("+CIS ERROR"), at/result_code.hpp
    span<const error_entry> errors{};  // the vendor's error codes, for logs and the reference
    span<const prefix_alias> prefix_aliases{};  // other spellings of line prefixes ("+MQTTUTC")
    // The lines' indexes sorted by prefix (line_order_of): a line's candidates are found by binary
    // search, so classifying costs the same however many rows the table has. Empty: every line is tried.
    span<const std::uint8_t> line_order{};
};

// The prefix `p` stands for: itself, or the prefix it is an alias of.
constexpr std::string_view canonical_prefix(span<const prefix_alias> aliases, std::string_view p) noexcept {
    for (const prefix_alias& a : aliases)
        if (a.alias == p) return a.prefix;
    return p;
}

// ---- line order: the index the classifier searches ------------------------------------------------

// The lines with one prefix: positions [first, last) of the order (or of the table when there is no
// order, then every line is a candidate and the caller compares prefixes itself).
struct line_candidates {
    span<const std::uint8_t> order;
    std::size_t first = 0;
    std::size_t last = 0;
    constexpr std::size_t size() const noexcept { return last - first; }
    constexpr std::size_t operator[](std::size_t k) const noexcept {
        return order.empty() ? first + k : order[first + k];
    }
};

namespace detail {
// The first position from `lo` whose prefix is above `prefix` (`upper`) or not below it.
constexpr std::size_t bound(span<const line> lines, span<const std::uint8_t> order, std::string_view prefix,
                            std::size_t lo, bool upper) noexcept {
    std::size_t hi = order.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const int c = lines[order[mid]].prefix.compare(prefix);
        if (c < 0 || (upper && c == 0)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
}  // namespace detail

// The candidates of `prefix` (canonical: aliases already mapped): two binary searches over the order.
constexpr line_candidates candidates(span<const line> lines, span<const std::uint8_t> order,
                                     std::string_view prefix) noexcept {
    if (order.empty()) return {order, 0, lines.size()};
    const std::size_t first = detail::bound(lines, order, prefix, 0, false);
    return {order, first, detail::bound(lines, order, prefix, first, true)};
}

// ---- lookups -------------------------------------------------------------------------------------
// (No std::string_view::substr here: it can throw, and one reference links the exception runtime into
// a -fno-exceptions image.)

// The n-th word of a '|'-separated list; empty past the end.
constexpr std::string_view nth_word(std::string_view words, std::size_t n) noexcept {
    word_list list{words};
    for (std::size_t i = 0; !list.done(); ++i)
        if (const std::string_view w = list.next(); i == n) return w;
    return {};
}

// A word field's default word (empty when it has none).
constexpr std::string_view default_word(const field_spec& f) noexcept {
    if (f.type != field_type::word || !f.has_default()) return {};  // a negative index is past the words
    return nth_word(f.words, static_cast<std::size_t>(f.def));
}

// The command's information-response prefix matches `prefix` ("+QMTCFG").
constexpr bool is_response_prefix(const command& c, std::string_view prefix) noexcept {
    if (!c.response_prefix.empty()) return prefix == c.response_prefix;
    return prefix.size() == c.name.size() + 1 && prefix[0] == '+' &&
           std::string_view(prefix.data() + 1, c.name.size()) == c.name;
}

// The command with this name and selector (empty selector: the plain command); nullptr if none.
constexpr const command* find_command(const grammar& g, std::string_view name,
                                      std::string_view selector = {}) noexcept {
    for (const command& c : g.commands)
        if (c.name == name && c.selector == selector) return &c;
    return nullptr;
}

// ---- validation ----------------------------------------------------------------------------------

// What is wrong with a table. Append-only like errc: tests and tools name these. One list states the
// enumerators and their names (to_string).
#define ATMQTT_AT_TABLE_ERRORS(X) \
    X(none) \
    X(empty_name) /* a command, field or line without a name / prefix */ \
    X(bad_name_character) /* a command name not made of A-Z a-z 0-9 & _, or a prefix or selector with \
       ':' ',' '"', space or a line end */ \
    X(duplicate_command) /* two commands with the same name, selector and answer row (answered_by) */ \
    X(duplicate_field) /* two fields of one command or line with the same name */ \
    X(no_forms) /* a command with no form */ \
    X(params_without_set) /* parameters but no set form */ \
    X(set_without_params) /* a set form with neither selector nor parameters */ \
    X(min_above_max) /* min > max */ \
    X(negative_length) /* a string / hex length bound below zero */ \
    X(default_outside_range) /* an integer default outside [min, max] */ \
    X(default_on_non_integer) /* a default of the wrong kind: a number on a string, a text on a non- \
       string, any default on a hex, literal or payload field */ \
    X(empty_word_list) /* a word / literal field without words, or with an empty word */ \
    X(payload_in_command) /* a raw payload among a command's parameters */ \
    X(payload_not_last) /* a payload field that is not the last field */ \
    X(length_past_fields) /* the length field is not the field right before the payload */ \
    X(length_not_integer) /* the length field is not an integer */ \
    X(length_without_payload) /* a length field on a line without a payload */ \
    X(payload_without_length) /* a payload with no length field */ \
    X(optional_length_without_payload) /* length marked optional, but no length field */ \
    X(bad_repeat) /* a repeated group larger than the fields, 0 max, or min > max */ \
    X(optional_in_repeat) /* an optional field inside a repeated group */ \
    X(deferred_not_in_grammar) /* a deferred result index past the grammar's lines */ \
    X(duplicate_payload_line) /* two payload lines with the same prefix and selector */ \
    X(prompt_without_set) /* a prompt or CONNECT phase on a command without a set form */ \
    X(literal_optional) /* a literal marked optional */ \
    X(too_many_fields) /* more than 254 fields (indexes are 8-bit) */ \
    X(deferred_not_marked) /* a command's deferred result line is not marked as_deferred() */ \
    X(deferred_without_command) /* a line marked as_deferred() that no command names as its result */ \
    X(bad_error_table) /* the grammar's error table fails at::validate (overlapping codes, ...) */ \
    X(bad_prefix_alias) /* an alias that is empty, not plain text, a real line prefix, listed twice, or \
       standing for a prefix no line has */ \
    X(lowercase_not_hex) /* lowercase() on a field that is not a hex field */ \
    X(default_not_a_word) /* a word field's default index past its words (defaults_to_word of another \
       word) */ \
    X(default_too_long) /* a string field's default text longer than its maximum length */ \
    X(bad_line_order) /* line_order is not the lines' indexes sorted by prefix (line_order_of) */ \
    X(bad_answer_row) /* a command's answer row past the grammar's lines, or a URC or deferred line */

#define ATMQTT_AT_ENUMERATOR(name) name,
enum class table_error : std::uint8_t { ATMQTT_AT_TABLE_ERRORS(ATMQTT_AT_ENUMERATOR) };
#undef ATMQTT_AT_ENUMERATOR

// The enumerator's name ("duplicate_field"); "unknown" past the last one.
#define ATMQTT_AT_WORD(name) #name "|"
constexpr std::string_view to_string(table_error e) noexcept {
    std::string_view w = nth_word(ATMQTT_AT_TABLE_ERRORS(ATMQTT_AT_WORD), static_cast<std::size_t>(e));
    return w.empty() ? "unknown" : w;
}
#undef ATMQTT_AT_WORD

// The verdict on a table: the first problem found, and where (which command or line, which field).
struct table_check {
    enum class where : std::uint8_t { nowhere, command, line, error_table, prefix_alias };

    table_error error = table_error::none;
    where in = where::nowhere;
    std::size_t item = 0;           // index into grammar::commands, lines, errors or prefix_aliases
    std::size_t field = no_index;   // index into that item's params / fields, or no_index

    constexpr bool ok() const noexcept { return error == table_error::none; }
};

namespace detail {

constexpr bool is_name_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&' || c == '_';
}

// Prefixes and selectors: no separator, quote, space or line end inside.
constexpr bool is_plain_text(std::string_view t) noexcept { return t.find_first_of(":,\" \r\n") == t.npos; }

// Field i of a command's parameters (`params`) or of a line's fields, whose repeated group starts at
// `group` (fields.size(): none). A payload is refused among parameters, and elsewhere than last among fields.
constexpr table_error check_field(span<const field_spec> fields, std::size_t i, bool params, std::size_t group) noexcept {
    const field_spec& f = fields[i];
    const field_type t = f.type;
    if (f.name.empty()) return table_error::empty_name;
    if (f.lowercase_hex() && t != field_type::hex) return table_error::lowercase_not_hex;
    if (f.min > f.max) return table_error::min_above_max;
    // A default of its type's kind: text on a string, a number on an integer or word.
    const bool def = f.has_default();
    if (f.has_text_default() ? t != field_type::string : def && t != field_type::integer && t != field_type::word)
        return table_error::default_on_non_integer;
    if ((t == field_type::string || t == field_type::hex) && f.min < 0) return table_error::negative_length;
    if (t == field_type::word || t == field_type::literal) {
        for (word_list list{f.words}; !list.done();)  // no empty word: "", "a||b", "|a", "a|"
            if (list.next().empty()) return table_error::empty_word_list;
        if (t == field_type::literal && f.is_optional()) return table_error::literal_optional;
    }
    if (def && t == field_type::integer && (f.def < f.min || f.def > f.max)) return table_error::default_outside_range;
    if (def && t == field_type::word && default_word(f).empty()) return table_error::default_not_a_word;
    // An empty default text is the module's "unset" state, allowed below the minimum length.
    if (f.has_text_default() && f.words.size() > static_cast<std::size_t>(f.max))
        return table_error::default_too_long;
    for (std::size_t j = 0; j < i; ++j)
        if (fields[j].name == f.name) return table_error::duplicate_field;
    if (t == field_type::payload && params) return table_error::payload_in_command;
    if (t == field_type::payload && i + 1 != fields.size()) return table_error::payload_not_last;
    return i >= group && f.is_optional() ? table_error::optional_in_repeat : table_error::none;
}

// Checks a command's parameters or a line's fields (`x`'s) with x's repeated group; `field_at` receives
// the offending index.
template <class T>
constexpr table_error check_fields(const T& x, span<const field_spec> fields, bool params,
                                   std::size_t& field_at) noexcept {
    if (fields.size() >= no_index) return table_error::too_many_fields;
    // No group: all three 0. A group: some fields, a maximum, min <= max.
    if (x.repeat > fields.size() || (x.repeat == 0) != (x.repeat_max == 0) || x.repeat_min > x.repeat_max)
        return table_error::bad_repeat;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        field_at = i;
        const table_error e = check_field(fields, i, params, fields.size() - x.repeat);
        if (e != table_error::none) return e;
    }
    field_at = no_index;
    return table_error::none;
}

// Command i of g; a command is a duplicate of an earlier one with its name, selector and answer row.
constexpr table_error check_command(const grammar& g, std::size_t i, std::size_t& field_at) noexcept {
    const command& c = g.commands[i];
    field_at = no_index;
    if (c.name.empty()) return table_error::empty_name;
    bool bad = !is_plain_text(c.selector) || !is_plain_text(c.response_prefix);
    for (char ch : c.name) bad = bad || !is_name_char(ch);
    if (bad) return table_error::bad_name_character;
    if (c.forms == 0) return table_error::no_forms;
    const bool set = c.has(form::set);
    if (!c.params.empty() && !set) return table_error::params_without_set;
    if (set && c.params.empty() && c.selector.empty()) return table_error::set_without_params;
    if (c.is(command::prompt_bit | command::connect_bit) && !set) return table_error::prompt_without_set;
    const table_error e = check_fields(c, c.params, true, field_at);
    if (e != table_error::none) return e;
    if (c.deferred != no_index) {
        if (c.deferred >= g.lines.size()) return table_error::deferred_not_in_grammar;
        if (!g.lines[c.deferred].is(line::deferred_bit)) return table_error::deferred_not_marked;
    }
    if (c.answer != no_index &&
        (c.answer >= g.lines.size() || g.lines[c.answer].is(line::unsolicited_bit | line::deferred_bit)))
        return table_error::bad_answer_row;
    for (std::size_t j = 0; j < i; ++j) {
        const command& o = g.commands[j];  // forms with their own answer rows may share a name
        if (o.name == c.name && o.selector == c.selector && o.answer == c.answer) return table_error::duplicate_command;
    }
    return table_error::none;
}

// Line i of g: its fields (a payload, when there is one, is the last of them: check_fields) and length
// field, then what it shares with other rows. The length checks and those after them report the length
// field.
constexpr table_error check_line(const grammar& g, std::size_t i, std::size_t& field_at) noexcept {
    const line& l = g.lines[i];
    field_at = no_index;
    if (l.prefix.empty()) return table_error::empty_name;
    if (!is_plain_text(l.prefix) || !is_plain_text(l.selector)) return table_error::bad_name_character;
    const table_error e = check_fields(l, l.fields, false, field_at);
    if (e != table_error::none) return e;
    const std::uint8_t payload = l.payload_index();
    field_at = l.length;
    if (l.length == no_index) {
        if (l.is(line::length_optional_bit)) return table_error::optional_length_without_payload;
        if (payload != no_index) return table_error::payload_without_length;
    } else {
        if (payload == no_index) return table_error::length_without_payload;
        if (l.length + 1 != payload) return table_error::length_past_fields;
        if (l.length + (l.selector.empty() ? 0 : 1) > max_payload_length_field) return table_error::too_many_fields;
        if (l.fields[l.length].type != field_type::integer) return table_error::length_not_integer;
    }
    bool named = !l.is(line::deferred_bit);
    for (const command& c : g.commands) named = named || c.deferred == i;
    if (!named) return table_error::deferred_without_command;
    for (std::size_t j = 0; j < i && payload != no_index; ++j) {
        const line& o = g.lines[j];
        if (o.payload_index() != no_index && o.prefix == l.prefix && o.selector == l.selector)
            return table_error::duplicate_payload_line;
    }
    return table_error::none;
}

}  // namespace detail

// Checks a whole grammar; the first problem wins. Use it in a static_assert beside every table.
constexpr table_check validate(const grammar& g) noexcept {
    using where = table_check::where;
    std::size_t field = no_index;
    for (std::size_t i = 0; i < g.commands.size(); ++i)
        if (const table_error e = detail::check_command(g, i, field); e != table_error::none)
            return {e, where::command, i, field};
    for (std::size_t i = 0; i < g.lines.size(); ++i)
        if (const table_error e = detail::check_line(g, i, field); e != table_error::none)
            return {e, where::line, i, field};
    // The line order, when given, is what line_order_of gives: strictly by (prefix, index), no index twice.
    const span<const std::uint8_t> order = g.line_order;
    bool sorted = order.empty() || order.size() == g.lines.size();
    for (std::size_t i = 0; sorted && i < order.size(); ++i) {
        sorted = order[i] < g.lines.size();
        const int c = sorted && i != 0 ? g.lines[order[i - 1]].prefix.compare(g.lines[order[i]].prefix) : -1;
        sorted = sorted && (c < 0 || (c == 0 && order[i - 1] < order[i]));
    }
    if (!sorted) return {table_error::bad_line_order, where::line, 0, no_index};
    const status errors = validate(g.errors);
    if (!errors.ok()) return {table_error::bad_error_table, where::error_table, errors.offset(), no_index};
    for (std::size_t i = 0; i < g.prefix_aliases.size(); ++i) {
        const prefix_alias& a = g.prefix_aliases[i];
        // (an alias equal to its prefix is a real line prefix, or stands for a prefix no line has)
        bool bad = a.alias.empty() || !detail::is_plain_text(a.alias);
        bool target = false;
        for (const line& l : g.lines) {
            bad = bad || l.prefix == a.alias;
            target = target || l.prefix == a.prefix;
        }
        for (std::size_t j = 0; j < i; ++j) bad = bad || g.prefix_aliases[j].alias == a.alias;
        if (bad || !target) return {table_error::bad_prefix_alias, where::prefix_alias, i, no_index};
    }
    return {};
}

// The compile-time check for a dialect's tables. The template arguments of the failing instantiation
// name the problem, so the compiler's message says what is wrong and where:
//     ATMQTT_AT_CHECK_GRAMMAR(my_grammar);
//     error: static assertion failed: malformed AT grammar table ...
//     note: in instantiation of grammar_is_valid<table_error::duplicate_field, where::command, 3, 1>
template <table_error Error, table_check::where In, std::size_t Item, std::size_t Field>
constexpr bool grammar_is_valid() noexcept {
    static_assert(
        Error == table_error::none,
        "malformed AT grammar table: the template arguments of grammar_is_valid name the error, the "
        "table (command, line, error_table), the item index and the field index");
    return true;  // the check is the static_assert above, which names the problem
}

#define ATMQTT_AT_CHECK_GRAMMAR(g) \
    static_assert(::atmqtt::at::grammar_is_valid<::atmqtt::at::validate(g).error, ::atmqtt::at::validate(g).in, \
                                                 ::atmqtt::at::validate(g).item, ::atmqtt::at::validate(g).field>())

// ---- payload rules for the tokenizer -------------------------------------------------------------

// The payload rules of every payload line of a grammar, in table order, followed by one more rule per
// prefix alias of a payload line (a modem that spells the prefix the other way still gets its payload
// counted). The lines' rules keep their indexes; the alias rules come after them (payload_rules_of, below).
// A rule's length index counts the selector as field 0. Writes at most `room` rules into `out`; returns
// how many the grammar has (tools build them at run time with it).
constexpr std::size_t put_payload_rules(const grammar& g, payload_rule* out, std::size_t room) noexcept {
    std::size_t n = 0;
    for (std::size_t a = 0; a <= g.prefix_aliases.size(); ++a) {  // 0: the lines' own prefixes, then each alias
        for (const line& l : g.lines) {
            const std::uint8_t p = l.payload_index();
            if (p == no_index || (a != 0 && g.prefix_aliases[a - 1].prefix != l.prefix)) continue;
            // Shape guard: a quoted string right before the length field (Quectel's topic) must be quoted on
            // the wire, so a same-prefix line of bare numbers is not read as a payload line.
            const std::size_t shift = l.selector.empty() ? 0 : 1;
            const bool guard = l.length > 0 && l.length < p &&
                               l.fields[l.length - 1u].type == field_type::string &&
                               l.fields[l.length - 1u].quote == quoting::quoted;
            // payload_form's values are quoting's plus one.
            if (n < room)
                out[n] = {a == 0 ? l.prefix : g.prefix_aliases[a - 1].alias, l.selector,
                          static_cast<std::uint8_t>(l.length + shift), l.is(line::length_optional_bit),
                          static_cast<payload_form>(static_cast<int>(l.fields[p].quote) + 1),
                          guard ? static_cast<std::uint8_t>(l.length - 1u + shift) : no_quoted_field};
            ++n;
        }
    }
    return n;
}

namespace detail {
// A table's derived constants, from its constexpr `lines` array and its grammar: at::line_order_of<lines>,
// at::payload_rules_of<grammar>.
// The indexes of `Lines` sorted by prefix, lines of one prefix in table order (so the first candidate
// that fits is the same as in a walk over the table).
template <const auto& Lines>
inline constexpr auto line_order_array = [] {
    std::array<std::uint8_t, sizeof Lines / sizeof Lines[0]> order{};
    static_assert(order.size() <= 255, "line indexes are 8-bit");
    for (std::size_t i = 0; i < order.size(); ++i) {
        std::size_t j = i;  // insertion sort: stable, and the table is small
        for (; j > 0 && Lines[order[j - 1]].prefix.compare(Lines[i].prefix) > 0; --j) order[j] = order[j - 1];
        order[j] = static_cast<std::uint8_t>(i);
    }
    return order;
}();
template <const grammar& G>
inline constexpr auto payload_rule_array = [] {
    std::array<payload_rule, put_payload_rules(G, nullptr, 0)> out{};
    put_payload_rules(G, out.data(), out.size());
    return out;
}();
}  // namespace detail
template <const auto& Lines>
inline constexpr span<const std::uint8_t> line_order_of{detail::line_order_array<Lines>.data(),
                                                        detail::line_order_array<Lines>.size()};
template <const grammar& G>
inline constexpr span<const payload_rule> payload_rules_of{detail::payload_rule_array<G>.data(),
                                                           detail::payload_rule_array<G>.size()};

// A grammar's payload rules and syntax, fixed at compile time for the tokenizer (at/tokenizer.hpp):
//     at::tokenizer<256, at::grammar_rules<quectel::grammar>> tok;
template <const grammar& G>
struct grammar_rules {
    static constexpr span<const payload_rule> rules() noexcept { return payload_rules_of<G>; }
    static constexpr syntax lexical() noexcept { return G.lexical; }
};

}  // namespace at
ATMQTT_END_NAMESPACE
