// The word-at-a-time string scan (mqtt/detail/string_scan.hpp) against a plain byte-by-byte reference:
// same verdict, same errc, same offset, for every kind, for strings of 0..50 bytes with one or two
// special sequences at every position (so each lands at every place in a word or a 16-byte block, in the
// overlapping last one, and across their boundaries). The fast verdicts (word_verdict, vector_verdict)
// never pass an invalid string and pass every valid one of plain ASCII.
#include <atmqtt/mqtt/topic.hpp>
#include <atmqtt/mqtt/utf8.hpp>

#include <string>
#include <vector>

#include "../catch.hpp"

using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::status;
using atmqtt::mqtt::detail::string_kind;

namespace {

// The rules written out the slow way: UTF-8 first over the whole string, then the wildcards.
status reference(const std::string& s, string_kind kind) {
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
        const unsigned lead = b(i);
        if (lead == 0) return status(errc::mqtt_utf8_null, i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            len = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            len = 3;
            lo = lead == 0xe0 ? 0xa0 : lo;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            len = 4;
            lo = lead == 0xf0 ? 0x90 : lo;
            hi = lead == 0xf4 ? 0x8f : hi;
        } else {
            return status(errc::mqtt_invalid_utf8, i);
        }
        if (n - i < len || b(i + 1) < lo || b(i + 1) > hi) return status(errc::mqtt_invalid_utf8, i);
        for (std::size_t k = 2; k < len; ++k) {
            if ((b(i + k) & 0xc0) != 0x80) return status(errc::mqtt_invalid_utf8, i);
        }
        if (lead == 0xed && b(i + 1) >= 0xa0) return status(errc::mqtt_utf8_surrogate, i);
        i += len;
    }
    if (kind == string_kind::text) return {};
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (c != '+' && c != '#') continue;
        if (kind == string_kind::topic_name) return status(errc::mqtt_wildcard_in_topic_name, i);
        const bool starts = i == 0 || s[i - 1] == '/';
        const bool ends = i + 1 == n || (c == '+' && s[i + 1] == '/');
        if (!starts || !ends) return status(errc::mqtt_invalid_topic_filter, i);
    }
    return {};
}

// A verdict (word_verdict, or vector_verdict with SSE2) on s alone, as `kind`.
template <class Verdict>
bool verdict_on(const std::string& s, string_kind kind) {
    Verdict v;
    bool levels = true;
    if (kind == string_kind::topic_filter) {
        levels = v.add_filter(s.data(), s.size());
    } else if (kind == string_kind::topic_name) {
        v.template add_run<true>(s.data(), s.size());
    } else {
        v.template add_run<false>(s.data(), s.size());
    }
    return levels && v.plain();
}

// The fast verdicts never pass an invalid string and pass every valid one of plain ASCII (the others
// go to the byte rules).
template <class Verdict>
void check_verdict(const std::string& s, string_kind kind, const status& expected) {
    bool ascii = true;
    for (const char c : s) ascii = ascii && c > 0;
    const bool plain = verdict_on<Verdict>(s, kind);
    if (plain) CHECK(expected.ok());
    if (expected.ok() && ascii) CHECK(plain);
}

void check_all_kinds(const std::string& s) {
    for (const string_kind kind : {string_kind::text, string_kind::topic_name, string_kind::topic_filter}) {
        const status expected = reference(s, kind);
        const status word_wise = atmqtt::mqtt::detail::scan_string(bytes(s), kind);
        const status byte_wise = atmqtt::mqtt::detail::scan_bytes(s.data(), s.size(), kind);
        INFO("kind " << static_cast<int>(kind) << ", " << s.size() << " bytes");
        CHECK(word_wise.error() == expected.error());
        CHECK(word_wise.offset() == expected.offset());
        CHECK(byte_wise.error() == expected.error());
        CHECK(byte_wise.offset() == expected.offset());
        check_verdict<atmqtt::mqtt::detail::word_verdict>(s, kind, expected);
#if ATMQTT_MQTT_SSE2
        check_verdict<atmqtt::mqtt::detail::vector_verdict>(s, kind, expected);
#endif
    }
}

}  // namespace

TEST_CASE("string scan: word-wise and byte-wise agree with the reference everywhere") {
    const std::vector<std::string> specials = {
        std::string("\0", 1), "+", "#", "/", "/+", "+/", "/#", "/+/", "a#", "\x7f", "\x80", "\xc3\xa9",
        "\xc0\xaf", "\xe2\x82\xac", "\xed\xa0\x80", "\xef\xbb\xbf", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80",
        "\xe2\x82", "\xff"};
    for (std::size_t len = 0; len <= 50; ++len) {
        std::string base;
        for (std::size_t i = 0; i < len; ++i) base += static_cast<char>(i % 5 == 4 ? '/' : 'a' + i % 26);
        check_all_kinds(base);
        for (const std::string& sp : specials) {
            for (std::size_t at = 0; at + sp.size() <= len; ++at) {
                std::string s = base;
                s.replace(at, sp.size(), sp);
                check_all_kinds(s);
                // A second special later on: which error comes first (UTF-8 errors win over wildcards).
                const std::size_t later = at + sp.size() + (len - at) / 2;
                for (const char second : {'+', '\x80', '\0'}) {
                    if (later >= len) break;
                    std::string t = s;
                    t[later] = second;
                    check_all_kinds(t);
                }
            }
        }
    }
}

TEST_CASE("string scan: filters whose wildcards fill their levels, a word at a time") {
    for (const char* ok : {"sensors/+/floor3/#", "cmd/device-0001/+", "+/+/+/+/+/+/+/+/+", "#", "+",
                           "ota/device-0001/firmware", "a/b/c/d/e/f/g/h/#", "+/abcdefghijklmnop/+"}) {
        INFO(ok);
        CHECK(atmqtt::mqtt::validate_topic_filter(ok).ok());
        check_all_kinds(ok);
    }
    // Found by fuzz_mqtt_topic: a carry out of 0x9e 0x9e hid the 0x00 after them from the tail word.
    check_all_kinds(std::string("\xf4\x8f\xbf\xbf\x40\xf4\x8f\xbf\xbf\x69\xf4\x8f\x9e\x9e\x00", 15));
    const auto bad = atmqtt::mqtt::validate_topic_filter("sensors/building+/x");
    CHECK(bad.error() == errc::mqtt_invalid_topic_filter);
    CHECK(bad.offset() == 16);
}
