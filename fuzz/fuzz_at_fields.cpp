// The field lexer and the final-result classifier against arbitrary lines.
// Input: byte 0 chooses the lexical options (quote escape and lex flags); the rest is split at '\n' into
// lines. Properties, for every line:
//  - split_prefix's name and params are views inside the line, params_offset is where params starts;
//  - field_reader always advances and ends (done or an error), every field and list item is a view
//    inside the line with a matching offset, count_fields agrees with the fields read;
//  - an integer that parses prints back as its text (minus leading zeros);
//  - unescape measures what it writes; classify_final's argument lies inside the line.
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/result_code.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace at = atmqtt::at;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

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
    at::final_result fin = at::classify_final(line, syn);
    ATMQTT_FUZZ_REQUIRE(inside(fin.argument, line), "final result argument outside the line");
    auto p = at::split_prefix(line, syn);
    if (!p) {
        ATMQTT_FUZZ_REQUIRE(p.offset() <= line.size(), "prefix error offset past the line");
        return;
    }
    ATMQTT_FUZZ_REQUIRE(inside(p->name, line) && inside(p->params, line), "prefix views outside the line");
    ATMQTT_FUZZ_REQUIRE(p->params_offset + p->params.size() == line.size(), "params do not run to the line end");
    at::field_reader r(*p, syn);
    std::size_t fields = 0;
    bool failed = false;
    while (!r.done()) {
        std::size_t before = r.offset();
        auto f = r.next();
        if (!f) {
            ATMQTT_FUZZ_REQUIRE(f.offset() <= line.size(), "field error offset past the line");
            failed = true;
            break;
        }
        ++fields;
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
    auto counted = at::count_fields(p->params, syn);
    ATMQTT_FUZZ_REQUIRE(failed ? !counted.ok() : (counted.ok() && *counted == fields), "count_fields disagrees");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    at::syntax syn{static_cast<at::quote_escape>(data[0] % 3), static_cast<at::lex>((data[0] >> 2) & 0x3F)};
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
