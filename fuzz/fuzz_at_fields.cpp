// The field lexer and the final-result classifier against arbitrary lines.
// Input: byte 0 chooses the lexical options (quote escape and lex flags); the rest is split at '\n' into
// lines. Properties, for every line:
//  - split_prefix's name and params are views inside the line, params_offset is where params starts;
//  - field_reader always advances and ends (done or an error), every field and list item is a view
//    inside the line with a matching offset;
//  - an integer that parses prints back as its text (minus leading zeros);
//  - unescape measures what it writes; classify_final's argument lies inside the line;
//  - field_value::decode_hex on any field's text writes text.size() / 2 bytes (at_invalid_hex for text
//    that is not hex) and nothing past a buffer of that size (canary bytes);
//  - at::decode_command against each dialect's grammar (quectel, onemo, risinghf, usr), and
//    at::decode_command against each command of the line's name (with the grammar's syntax and with
//    byte 0's): either a real errc with its offset inside the line, or a command of that table with the
//    line's name and form, no more values than the capacity (16), every value's spec index inside its
//    command's parameters and every view (name, selector, values) inside the line; a hex value has an
//    even count of hex digits and decode_hex gives their octets (buffer_too_small one byte short); a
//    text value's decode_text measures what it writes; a table decode also decodes with its own command.
#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include "fuzz_support.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

constexpr std::size_t capacity = 16;
constexpr std::size_t canary_size = 8;
constexpr char canary = '\x5A';

void check_error(atmqtt::errc e, std::size_t offset, bytes line, const char* what) {
    ATMQTT_FUZZ_REQUIRE(e != atmqtt::errc::ok && atmqtt::to_string(e) != "unknown", what);
    ATMQTT_FUZZ_REQUIRE(offset <= line.size(), "decode error offset past the line");
}

int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

// decode_hex into a buffer of `cap` bytes followed by canaries; checks nothing is written past it.
atmqtt::result<std::size_t> hex_into(const at::field_value& v, std::size_t cap, std::vector<char>& buf) {
    buf.assign(cap + canary_size, canary);
    atmqtt::result<std::size_t> n = v.decode_hex(atmqtt::mutable_bytes(buf.data(), cap));
    for (std::size_t i = cap; i < buf.size(); ++i) ATMQTT_FUZZ_REQUIRE(buf[i] == canary, "decode_hex wrote past the buffer");
    return n;
}

// decode_hex on any text (its digits unchecked): half the text's size, or at_invalid_hex for text that is
// not an even count of hex digits; inside the buffer either way.
void check_any_hex(bytes text) {
    at::field_value v{};
    v.kind = at::value_kind::hex;
    v.text = text;
    std::vector<char> buf;
    auto n = hex_into(v, text.size() / 2, buf);
    ATMQTT_FUZZ_REQUIRE(n.ok() ? *n == text.size() / 2 : n.error() == atmqtt::errc::at_invalid_hex,
                        "decode_hex gives another size");
}

// A decoded value: inside the line, its spec inside the command; hex and text values decode.
void check_value(const at::field_value& v, const at::command& c, bytes line, const at::syntax& s) {
    ATMQTT_FUZZ_REQUIRE(inside(v.text, line), "a decoded value outside the line");
    ATMQTT_FUZZ_REQUIRE(v.offset <= line.size(), "a decoded value's offset past the line");
    ATMQTT_FUZZ_REQUIRE(v.spec < c.params.size(), "a decoded value without its parameter");
    if (v.kind == at::value_kind::hex) {
        ATMQTT_FUZZ_REQUIRE(v.text.size() % 2 == 0, "a hex value with an odd count of digits");
        std::vector<char> buf;
        const std::size_t n = v.text.size() / 2;
        auto r = hex_into(v, n, buf);
        ATMQTT_FUZZ_REQUIRE(r.ok() && *r == n, "decode_hex of a decoded hex value");
        for (std::size_t i = 0; i < n; ++i) {
            int hi = hex_digit(v.text[2 * i]), lo = hex_digit(v.text[2 * i + 1]);
            ATMQTT_FUZZ_REQUIRE(hi >= 0 && lo >= 0, "a hex value with a non-hex digit");
            ATMQTT_FUZZ_REQUIRE(static_cast<unsigned char>(buf[i]) == hi * 16 + lo, "decode_hex gives other octets");
        }
        if (n != 0) {
            auto short_by_one = hex_into(v, n - 1, buf);
            ATMQTT_FUZZ_REQUIRE(!short_by_one.ok() && short_by_one.error() == atmqtt::errc::buffer_too_small,
                                "decode_hex one byte short is not buffer_too_small");
        }
    }
    if (v.kind == at::value_kind::text) {
        auto need = v.decode_text(s);
        if (need) {
            std::string out(*need + canary_size, canary);
            auto w = v.decode_text(s, atmqtt::mutable_bytes(&out[0], *need));
            ATMQTT_FUZZ_REQUIRE(w.ok() && *w == *need, "decode_text measures differently than it writes");
            for (std::size_t i = *need; i < out.size(); ++i) ATMQTT_FUZZ_REQUIRE(out[i] == canary, "decode_text wrote past the buffer");
        } else {
            check_error(need.error(), need.offset(), line, "decode_text error code");
        }
    }
}

// The form a command line's text says, or false when it says none (decode_command then fails too).
bool line_form(bytes line, at::form& f) {
    std::size_t end = line.size();
    while (end != 0 && (line[end - 1] == '\r' || line[end - 1] == '\n')) --end;
    std::size_t i = 3;
    while (i < end && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '&' || line[i] == '_')) ++i;
    if (i == end) f = at::form::execute;
    else if (line.substr(i, end - i) == "?") f = at::form::read;
    else if (line.substr(i, end - i) == "=?") f = at::form::test;
    else if (line[i] == '=') f = at::form::set;
    else return false;
    return true;
}

bool same_name(bytes a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

template <std::size_t Capacity>
void check_decoded(const at::decoded_command<Capacity>& d, atmqtt::span<const at::command> table, bytes line,
                   const at::syntax& s) {
    ATMQTT_FUZZ_REQUIRE(d.desc != nullptr && d.desc >= table.data() && d.desc < table.data() + table.size(),
                        "decoded to a command outside the table");
    ATMQTT_FUZZ_REQUIRE(inside(d.params.prefix, line) && d.params.prefix.data() == line.data() + 3, "the name is not the line's");
    ATMQTT_FUZZ_REQUIRE(same_name(d.params.prefix, d.desc->name), "decoded to a command of another name");
    at::form f{};
    ATMQTT_FUZZ_REQUIRE(line_form(line, f) && f == d.which, "decoded to another form than the line's");
    ATMQTT_FUZZ_REQUIRE(d.desc->has(d.which), "decoded to a form the command lacks");
    ATMQTT_FUZZ_REQUIRE(inside(d.params.selector, line), "the selector outside the line");
    ATMQTT_FUZZ_REQUIRE(d.params.count <= Capacity, "more values than the capacity");
    if (d.which != at::form::set) ATMQTT_FUZZ_REQUIRE(d.params.count == 0, "values in a form without parameters");
    for (const at::field_value& v : d.params.fields()) check_value(v, *d.desc, line, s);
}

// decode_command against one dialect's grammar and decode_command against each of its commands of the line's name.
void check_command(bytes line, const at::grammar& g, const at::syntax& fuzz_syntax) {
    at::decoded_command<capacity> d, own, w;
    auto r = at::decode_command(g.commands, line, d, g.lexical);
    if (r) {
        check_decoded(d, g.commands, line, g.lexical);
        auto st = at::decode_command(fuzz_support::one(*d.desc), line, own, g.lexical);
        ATMQTT_FUZZ_REQUIRE(st.ok() && own.params.count == d.params.count, "the table decodes but its own command does not");
    } else {
        check_error(r.error(), r.offset(), line, "decode_command error code");
    }
    bytes name = line.size() > 3 ? line.substr(3) : bytes();
    for (const at::command& c : g.commands) {
        if (name.size() < c.name.size() || !same_name(name.substr(0, c.name.size()), c.name)) continue;
        for (const at::syntax* s : {&g.lexical, &fuzz_syntax}) {
            auto st = at::decode_command(fuzz_support::one(c), line, w, *s);
            if (st) {
                ATMQTT_FUZZ_REQUIRE(w.desc == &c, "decode_command (one command) gives another command");
                check_decoded(w, atmqtt::span<const at::command>(&c, 1), line, *s);
            } else {
                check_error(st.error(), st.offset(), line, "decode_command (one command) error code");
            }
        }
    }
    // One command of another name: at_unknown_command (or an error before the name is compared).
    const at::command& other = g.commands[line.size() % g.commands.size()];
    auto st = at::decode_command(fuzz_support::one(other), line, w, g.lexical);
    if (st) ATMQTT_FUZZ_REQUIRE(same_name(w.params.prefix, other.name), "decode_command (one command) accepts another name");
    else check_error(st.error(), st.offset(), line, "decode_command (one command) error code");
}

void check_integer(bytes text) {
    auto v = at::parse_integer(text);
    if (!v) {
        ATMQTT_FUZZ_REQUIRE(v.offset() <= text.size(), "integer error offset past the text");
        return;
    }
    std::string digits(text);
    bool negative = !digits.empty() && digits[0] == '-';
    std::string body = digits.substr(negative ? 1 : 0);
    while (body.size() > 1 && body[0] == '0') body.erase(0, 1);
    ATMQTT_FUZZ_REQUIRE(std::to_string(*v) == (negative ? "-" : "") + body, "integer does not print back");
}

void check_line(bytes line, at::syntax syn) {
    for (const at::grammar* g : {&atmqtt::quectel::grammar, &atmqtt::onemo::grammar, &atmqtt::risinghf::grammar,
                                 &atmqtt::usr::grammar})
        check_command(line, *g, syn);
    check_any_hex(line);
    at::final_result fin = at::classify_final(line, syn);
    ATMQTT_FUZZ_REQUIRE(inside(fin.argument, line), "final result argument outside the line");
    auto p = at::split_prefix(line, syn);
    if (!p) {
        ATMQTT_FUZZ_REQUIRE(p.offset() <= line.size(), "prefix error offset past the line");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(inside(p->name, line) && inside(p->params, line), "prefix views outside the line");
    ATMQTT_FUZZ_REQUIRE(p->params_offset + p->params.size() == line.size(), "params do not run to the line end");
    at::field_reader r(p->params, syn, p->params_offset);
    std::size_t fields = 0;
    while (!r.done()) {
        std::size_t before = r.offset();
        auto f = r.next();
        if (!f) {
            ATMQTT_FUZZ_REQUIRE(f.offset() <= line.size(), "field error offset past the line");
            break;
        }
        ++fields;
        check_any_hex(f->text);
        ATMQTT_FUZZ_REQUIRE(r.done() || r.offset() > before, "field reader did not advance");
        ATMQTT_FUZZ_REQUIRE(inside(f->text, line) && f->offset <= line.size(), "field outside the line");
        if (f->kind == at::field_kind::bare) {
            check_integer(f->text);
            ATMQTT_FUZZ_REQUIRE(f->text.data() == line.data() + f->offset, "bare field offset");
        }
        if (f->kind == at::field_kind::quoted) {
            ATMQTT_FUZZ_REQUIRE(line[f->offset] == '"', "quoted field offset");
            auto n = at::unescape(f->text, syn.escape);
            if (n) {
                std::string out(*n, '\0');
                auto w = f->decode(atmqtt::mutable_bytes(&out[0], out.size()));
                ATMQTT_FUZZ_REQUIRE(w.ok() && *w == *n, "unescape measures differently than it writes");
            }
        }
        auto items = f->items();
        std::size_t guard = 0;
        while (!items.done()) {
            auto it = items.next();
            if (!it) break;
            ATMQTT_FUZZ_REQUIRE(inside(it->low, line) && inside(it->high, line), "list item outside the line");
            ATMQTT_FUZZ_REQUIRE(++guard <= line.size() + 1, "list reader does not end");
            check_integer(it->low);
        }
        ATMQTT_FUZZ_REQUIRE(fields <= line.size() + 1, "field reader does not end");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    at::syntax syn{static_cast<at::lex>((data[0] >> 2) & 0x3F), static_cast<at::quote_escape>(data[0] % 3)};
    const bytes input(reinterpret_cast<const char*>(data + 1), size - 1);
    std::size_t start = 0;
    while (start <= input.size()) {
        std::size_t end = input.find('\n', start);
        if (end == bytes::npos) end = input.size();
        // Each line in its own exact-size copy, so ASan sees any read past its end.
        std::string copy(input.substr(start, end - start));
        check_line(bytes(copy), syn);
        start = end + 1;
    }
    return 0;
}
