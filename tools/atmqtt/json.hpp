// A small JSON reader and writer for the atmqtt tool's line-oriented input and output. Host code: it
// allocates freely, but never throws, so the tool also builds with -fno-exceptions.
#pragma once

#include <atmqtt/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atmqtt_tool::json {

// ---- writer ------------------------------------------------------------------------------------------

// Appends s as a quoted JSON string: '"' and '\' escaped, control characters (U+0000-U+001F and DEL) as
// \u00xx, everything else passed through byte for byte (so UTF-8 stays UTF-8).
void append_string(std::string& out, std::string_view s);

// Whether s is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF).
bool valid_utf8(std::string_view s);

// Appends the octets of b as lowercase hex digits (no quotes).
void append_hex(std::string& out, std::string_view b);

// Builds one compact JSON text. Keys are written in call order, which is how the tool fixes its key order.
class writer {
public:
    writer& begin_object();
    writer& end_object();
    writer& begin_array();
    writer& end_array();
    writer& key(std::string_view name);
    writer& string(std::string_view s);
    writer& hex(std::string_view b);  // binary as a lowercase hex string
    writer& boolean(bool b);
    writer& number(std::uint64_t n);

    const std::string& str() const { return out_; }

private:
    void separate();  // a comma before every element but the first of a container

    std::string out_;
    bool first_ = true;  // nothing written yet in the innermost container
};

// ---- reader ------------------------------------------------------------------------------------------

enum class kind : std::uint8_t { null, boolean, number, string, array, object };

struct member;

struct value {
    kind type = kind::null;
    std::size_t offset = 0;  // where the value starts in the text given to parse()
    bool boolean = false;
    bool is_uint = false;     // a number without sign, fraction or exponent that fits in 64 bits
    std::uint64_t uint = 0;   // its value when is_uint
    std::string text;         // a string's decoded UTF-8, or a number's literal
    std::vector<value> items;     // array elements
    std::vector<member> members;  // object members, in input order (duplicate keys are rejected)

    const value* find(std::string_view key) const;  // the member's value, or nullptr
};

struct member {
    std::string key;
    std::size_t key_offset = 0;
    json::value val;
};

// Parses the JSON value that starts at or after `pos` (leading whitespace skipped). On success the result's
// offset is just past the value. On failure the error is errc::invalid_json with the offset of the first
// byte that does not fit (input must be UTF-8; nesting deeper than 64 levels is refused).
atmqtt::result<value> parse(std::string_view text, std::size_t pos);

// The position of the first non-whitespace byte at or after pos (text.size() if none).
std::size_t skip_space(std::string_view text, std::size_t pos);

}  // namespace atmqtt_tool::json
