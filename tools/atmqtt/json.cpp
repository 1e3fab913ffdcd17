#include "json.hpp"

namespace atmqtt_tool::json {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const auto t = static_cast<unsigned char>(s[i + k]);
            if ((t & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (t & 0x3Fu);
        }
        static constexpr std::uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}


namespace {

constexpr char hex_digits[] = "0123456789abcdef";

unsigned char at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

}  // namespace

// ---- writer ------------------------------------------------------------------------------------------

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\u00";
            out += hex_digits[u >> 4];
            out += hex_digits[u & 0x0f];
        } else {
            out += c;
        }
    }
    out += '"';
}

void append_hex(std::string& out, std::string_view b) {
    for (char c : b) {
        const auto u = static_cast<unsigned char>(c);
        out += hex_digits[u >> 4];
        out += hex_digits[u & 0x0f];
    }
}

void writer::separate() {
    if (!first_) out_ += ',';
    first_ = false;
}

writer& writer::begin_object() {
    separate();
    out_ += '{';
    first_ = true;
    return *this;
}

writer& writer::end_object() {
    out_ += '}';
    first_ = false;
    return *this;
}

writer& writer::begin_array() {
    separate();
    out_ += '[';
    first_ = true;
    return *this;
}

writer& writer::end_array() {
    out_ += ']';
    first_ = false;
    return *this;
}

writer& writer::key(std::string_view name) {
    separate();
    append_string(out_, name);
    out_ += ':';
    first_ = true;  // the value that follows takes no comma
    return *this;
}

writer& writer::string(std::string_view s) {
    separate();
    append_string(out_, s);
    return *this;
}

writer& writer::hex(std::string_view b) {
    separate();
    out_ += '"';
    append_hex(out_, b);
    out_ += '"';
    return *this;
}

writer& writer::boolean(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
}

writer& writer::number(std::uint64_t n) {
    separate();
    out_ += std::to_string(n);
    return *this;
}

// ---- reader ------------------------------------------------------------------------------------------

const value* value::find(std::string_view key) const {
    for (const member& m : members)
        if (m.key == key) return &m.val;
    return nullptr;
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
        ++pos;
    return pos;
}

namespace {

constexpr int max_depth = 64;

// A recursive-descent parser; recursion is bounded by max_depth (host code, the stack is ample).
class parser {
public:
    explicit parser(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

    bool parse_value(value& v, int depth) {
        pos_ = skip_space(text_, pos_);
        v.offset = pos_;
        if (pos_ >= text_.size()) return false;
        switch (text_[pos_]) {
            case '{': return depth < max_depth && parse_object(v, depth);
            case '[': return depth < max_depth && parse_array(v, depth);
            case '"': v.type = kind::string; return parse_string(v.text);
            case 't': v.type = kind::boolean; v.boolean = true; return literal("true");
            case 'f': v.type = kind::boolean; v.boolean = false; return literal("false");
            case 'n': v.type = kind::null; return literal("null");
            default: v.type = kind::number; return parse_number(v);
        }
    }

    std::size_t pos() const { return pos_; }

private:
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    bool parse_object(value& v, int depth) {
        v.type = kind::object;
        ++pos_;  // '{'
        pos_ = skip_space(text_, pos_);
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            pos_ = skip_space(text_, pos_);
            member m;
            m.key_offset = pos_;
            if (pos_ >= text_.size() || text_[pos_] != '"' || !parse_string(m.key)) return false;
            if (v.find(m.key) != nullptr) {  // a duplicate key: which one would count is ambiguous
                pos_ = m.key_offset;
                return false;
            }
            pos_ = skip_space(text_, pos_);
            if (pos_ >= text_.size() || text_[pos_] != ':') return false;
            ++pos_;
            if (!parse_value(m.val, depth + 1)) return false;
            v.members.push_back(std::move(m));
            pos_ = skip_space(text_, pos_);
            if (pos_ >= text_.size()) return false;
            if (text_[pos_] == '}') {
                ++pos_;
                return true;
            }
            if (text_[pos_] != ',') return false;
            ++pos_;
        }
    }

    bool parse_array(value& v, int depth) {
        v.type = kind::array;
        ++pos_;  // '['
        pos_ = skip_space(text_, pos_);
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            value item;
            if (!parse_value(item, depth + 1)) return false;
            v.items.push_back(std::move(item));
            pos_ = skip_space(text_, pos_);
            if (pos_ >= text_.size()) return false;
            if (text_[pos_] == ']') {
                ++pos_;
                return true;
            }
            if (text_[pos_] != ',') return false;
            ++pos_;
        }
    }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    bool digits() {  // one or more
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
        return pos_ > start;
    }

    bool parse_number(value& v) {
        const std::size_t start = pos_;
        bool plain = true;  // no sign, fraction or exponent
        if (pos_ < text_.size() && text_[pos_] == '-') {
            ++pos_;
            plain = false;
        }
        if (pos_ < text_.size() && text_[pos_] == '0') {
            ++pos_;  // a leading zero stands alone
        } else if (!digits()) {
            return false;
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            plain = false;
            if (!digits()) return false;
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            plain = false;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (!digits()) return false;
        }
        v.text = std::string(text_.substr(start, pos_ - start));
        if (plain) {
            std::uint64_t n = 0;
            v.is_uint = true;
            for (char c : v.text) {
                const auto d = static_cast<std::uint64_t>(c - '0');
                if (n > (UINT64_MAX - d) / 10) {
                    v.is_uint = false;  // too large: still a number, but no field accepts it
                    break;
                }
                n = n * 10 + d;
            }
            v.uint = v.is_uint ? n : 0;
        }
        return true;
    }

    bool hex4(std::uint32_t& cp) {
        if (text_.size() - pos_ < 4) return false;
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            std::uint32_t d;
            if (c >= '0' && c <= '9') {
                d = static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                d = static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                --pos_;
                return false;
            }
            cp = cp << 4 | d;
        }
        return true;
    }

    static void append_utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | cp >> 6);
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | cp >> 12);
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | cp >> 18);
            out += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }

    // Length of the well-formed UTF-8 sequence (RFC 3629) starting at pos_, or 0.
    std::size_t utf8_length() const {
        const std::size_t left = text_.size() - pos_;
        const unsigned char b0 = at(text_, pos_);
        std::size_t n;
        unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            if (b0 == 0xe0) lo = 0xa0;  // no overlong forms
            if (b0 == 0xed) hi = 0x9f;  // no surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            if (b0 == 0xf0) lo = 0x90;
            if (b0 == 0xf4) hi = 0x8f;  // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (left < n) return 0;
        const unsigned char b1 = at(text_, pos_ + 1);
        if (b1 < lo || b1 > hi) return 0;
        for (std::size_t i = 2; i < n; ++i)
            if ((at(text_, pos_ + i) & 0xc0) != 0x80) return 0;
        return n;
    }

    bool parse_string(std::string& out) {
        ++pos_;  // opening quote
        for (;;) {
            if (pos_ >= text_.size()) return false;
            const unsigned char c = at(text_, pos_);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c < 0x20) return false;  // control characters must be escaped
            if (c >= 0x80) {
                const std::size_t n = utf8_length();
                if (n == 0) return false;
                out.append(text_.substr(pos_, n));
                pos_ += n;
                continue;
            }
            if (c != '\\') {
                out += static_cast<char>(c);
                ++pos_;
                continue;
            }
            if (++pos_ >= text_.size()) return false;
            const char e = text_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    const std::size_t escape_start = pos_ - 2;
                    std::uint32_t cp;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xdc00 && cp <= 0xdfff) {  // a low surrogate with no high one before it
                        pos_ = escape_start;
                        return false;
                    }
                    if (cp >= 0xd800 && cp <= 0xdbff) {  // must be followed by an escaped low surrogate
                        std::uint32_t low;
                        if (text_.substr(pos_, 2) != "\\u") {
                            pos_ = escape_start;
                            return false;
                        }
                        pos_ += 2;
                        if (!hex4(low)) return false;
                        if (low < 0xdc00 || low > 0xdfff) {
                            pos_ = escape_start;
                            return false;
                        }
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    pos_ -= 2;  // point at the backslash
                    return false;
            }
        }
    }

    std::string_view text_;
    std::size_t pos_;
};

}  // namespace

atmqtt::result<value> parse(std::string_view text, std::size_t pos) {
    parser p(text, pos);
    value v;
    if (!p.parse_value(v, 0)) return {atmqtt::errc::invalid_json, p.pos()};
    return {std::move(v), p.pos()};
}

}  // namespace atmqtt_tool::json
