// Topic names, topic filters and matching, against reference implementations written differently (code
// point decoding instead of byte-range tables, level lists instead of a byte scan).
// Input: byte 0 = n; the next n bytes (fewer if the input ends) are string A, the rest is string B. With
// n = 0xFF, A is instead B repeated to 65535 or 65536 bytes (by B's length parity): then only the length
// limit is checked (65536 is mqtt_string_too_long at 65535, 65535 is not) and matches() must not overrun.
// Each string lives in its own heap allocation of exactly its size, so ASan catches any read past a view.
// Properties:
//  - validate_utf8, validate_topic_name and validate_topic_filter give the reference's errc and offset;
//  - for a valid filter and a valid name, matches() agrees with the reference matcher (both orders of A
//    and B are tried); on any other input it only must not crash or read outside the views;
//  - a valid name N is a valid filter and matches itself; "#" and "+"-per-level filters match N unless N
//    starts with '$' and the wildcard is the first level; N + "/#" and each level prefix + "/#" match N;
//    a filter that differs from N in one non-wildcard level does not match.
#include "detail/mqtt_fuzz.hpp"

#include <string>
#include <vector>

using namespace mqtt_fuzz;
using atmqtt::status;

namespace {

// A string in its own exact-size heap block.
class owned {
public:
    explicit owned(const std::string& s) : data_(new char[s.size() + (s.empty() ? 1 : 0)]), size_(s.size()) {
        std::memcpy(data_.get(), s.data(), s.size());
    }
    bytes view() const { return bytes(data_.get(), size_); }

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_;
};

struct verdict {
    errc error = errc::ok;
    std::size_t offset = 0;
};

bool same(status s, verdict v) { return s.error() == v.error && (s.ok() || s.offset() == v.offset); }

std::string show(status s) { return name(s.error()) + " at " + std::to_string(s.offset()); }
std::string show(verdict v) { return name(v.error) + " at " + std::to_string(v.offset); }

// RFC 3629 by decoding each code point and then judging it.
verdict ref_utf8(bytes s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned lead = atmqtt::octet(s, i);
        if (lead == 0) return {errc::mqtt_utf8_null, i};
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0, min = 0;
        if ((lead & 0xE0) == 0xC0) {
            len = 2, cp = lead & 0x1F, min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            len = 3, cp = lead & 0x0F, min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            len = 4, cp = lead & 0x07, min = 0x10000;
        } else {
            return {errc::mqtt_invalid_utf8, i};
        }
        if (s.size() - i < len) return {errc::mqtt_invalid_utf8, i};
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned c = atmqtt::octet(s, i + k);
            if ((c & 0xC0) != 0x80) return {errc::mqtt_invalid_utf8, i};
            cp = cp << 6 | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF) return {errc::mqtt_invalid_utf8, i};
        if (cp >= 0xD800 && cp <= 0xDFFF) return {errc::mqtt_utf8_surrogate, i};
        i += len;
    }
    return {};
}

verdict ref_common(bytes t) {
    if (t.empty()) return {errc::mqtt_empty_topic, 0};
    if (t.size() > 65535) return {errc::mqtt_string_too_long, 65535};
    return ref_utf8(t);
}

verdict ref_name(bytes t) {
    const verdict v = ref_common(t);
    if (v.error != errc::ok) return v;
    const std::size_t w = t.find_first_of("+#");
    if (w != bytes::npos) return {errc::mqtt_wildcard_in_topic_name, w};
    return {};
}

std::vector<std::string> levels(bytes t) {
    std::vector<std::string> out(1);
    for (const char c : t) {
        if (c == '/') {
            out.emplace_back();
        } else {
            out.back().push_back(c);
        }
    }
    return out;
}

verdict ref_filter(bytes t) {
    const verdict v = ref_common(t);
    if (v.error != errc::ok) return v;
    // A wildcard is valid when its level is that one character, and for '#' when the level is the last.
    std::size_t start = 0;
    const std::vector<std::string> ls = levels(t);
    for (std::size_t l = 0; l < ls.size(); ++l) {
        const std::string& level = ls[l];
        const bool last = l + 1 == ls.size();
        for (std::size_t k = 0; k < level.size(); ++k) {
            const char c = level[k];
            if ((c == '+' || c == '#') && !(level.size() == 1 && (c == '+' || last))) {
                return {errc::mqtt_invalid_topic_filter, start + k};
            }
        }
        start += level.size() + 1;
    }
    return {};
}

bool ref_matches(bytes filter, bytes name) {
    const std::vector<std::string> f = levels(filter), n = levels(name);
    if (name[0] == '$' && (f[0] == "+" || f[0] == "#")) return false;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] == "#") return true;
        if (i >= n.size()) return false;
        if (f[i] != "+" && f[i] != n[i]) return false;
    }
    return f.size() == n.size();
}

std::string join(const std::vector<std::string>& ls, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += (i > 0 ? "/" : "") + ls[i];
    return out;
}

// Checks a filter built from a name (its own heap copy) against the expectation.
void expect_match(const std::string& filter, bytes name, bool expected, const char* why) {
    const owned f(filter);
    MQTT_FUZZ_REQUIRE(mqtt::validate_topic_filter(f.view()).ok(), std::string(why) + ": \"" + filter + "\" is not a valid filter");
    if (mqtt::matches(f.view(), name) != expected) {
        dump("filter", f.view());
        dump("name", name);
        MQTT_FUZZ_REQUIRE(false, std::string(why) + (expected ? ": no match" : ": unexpected match"));
    }
}

void check_string(bytes s) {
    const status u = mqtt::validate_utf8(s), n = mqtt::validate_topic_name(s), f = mqtt::validate_topic_filter(s);
    const verdict ru = ref_utf8(s), rn = ref_name(s), rf = ref_filter(s);
    if (!same(u, ru) || !same(n, rn) || !same(f, rf)) {
        dump("string", s);
        MQTT_FUZZ_REQUIRE(false, "utf8 " + show(u) + " (reference " + show(ru) + "), name " + show(n) + " (reference " +
                                     show(rn) + "), filter " + show(f) + " (reference " + show(rf) + ")");
    }
}

// The properties of one valid name.
void check_name(bytes name) {
    const bool dollar = name[0] == '$';
    expect_match(std::string(name), name, true, "a name as a filter");
    expect_match("#", name, !dollar, "\"#\"");
    const std::vector<std::string> ls = levels(name);
    const std::size_t limit = ls.size() < 32 ? ls.size() : 32;  // bounded work per input
    std::vector<std::string> plus = ls;
    for (std::size_t i = 0; i < limit; ++i) {
        std::vector<std::string> one = ls;
        one[i] = "+";
        expect_match(join(one, one.size()), name, !(dollar && i == 0), "one level replaced by '+'");
        plus[i] = "+";
        expect_match(join(ls, i + 1) + "/#", name, true, "a level prefix + \"/#\"");
        std::vector<std::string> other = ls;
        other[i] += "x";
        expect_match(join(other, other.size()), name, false, "one level changed");
    }
    if (limit == ls.size()) expect_match(join(plus, plus.size()), name, !dollar, "every level '+'");
    expect_match(std::string(name) + "/#", name, true, "name + \"/#\"");
    expect_match(std::string(name) + "/+", name, false, "name + \"/+\"");
}

void check_pair(bytes filter, bytes name) {
    const bool result = mqtt::matches(filter, name);  // any input: must not crash or overrun
    if (!mqtt::validate_topic_filter(filter).ok() || !mqtt::validate_topic_name(name).ok()) return;
    if (result != ref_matches(filter, name)) {
        dump("filter", filter);
        dump("name", name);
        MQTT_FUZZ_REQUIRE(false, std::string("matches() says ") + (result ? "true" : "false") + ", the reference disagrees");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t n = data[0];
    std::string a, b;
    if (n == 0xFF) {  // only the length limit: the full checks on 64 KiB would slow every other input down
        b.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
        const std::size_t want = 65535 + (b.size() & 1);
        while (!b.empty() && a.size() < want) a.append(b, 0, want - a.size());
        if (a.empty()) return 0;
        const owned oa(a), ob(b);
        for (const status s : {mqtt::validate_topic_name(oa.view()), mqtt::validate_topic_filter(oa.view())}) {
            MQTT_FUZZ_REQUIRE(a.size() == 65535 ? s.error() != errc::mqtt_string_too_long
                                                : s.error() == errc::mqtt_string_too_long && s.offset() == 65535,
                              std::to_string(a.size()) + " bytes: " + show(s));
        }
        touch_sink = mqtt::matches(oa.view(), ob.view()) + mqtt::matches(ob.view(), oa.view());  // no overrun
        return 0;
    } else {
        const std::size_t k = n < size - 1 ? n : size - 1;
        a.assign(reinterpret_cast<const char*>(data) + 1, k);
        b.assign(reinterpret_cast<const char*>(data) + 1 + k, size - 1 - k);
    }
    const owned oa(a), ob(b);
    check_string(oa.view());
    check_string(ob.view());
    check_pair(oa.view(), ob.view());
    check_pair(ob.view(), oa.view());
    if (mqtt::validate_topic_name(oa.view()).ok()) check_name(oa.view());
    if (mqtt::validate_topic_name(ob.view()).ok()) check_name(ob.view());
    return 0;
}
