#include <atmqtt/at/result_code.hpp>

#include "../catch.hpp"

#include <string>

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::span;
using at::final_kind;

namespace {

constexpr at::final_alias onemo_aliases[] = {
    {"+CIS ERROR", final_kind::ext_error},
    {"#CME ERROR", final_kind::cme_error},   // AT+MQTTREAD's table typo
    {"+ CME ERROR", final_kind::cme_error},  // the manual's prose spelling
};

constexpr bool is(bytes line, final_kind k, bytes arg = {}, bool has_code = false, std::int32_t code = 0,
                  at::syntax s = {}, span<const at::final_alias> aliases = {}) {
    at::final_result r = at::classify_final(line, s, aliases);
    return r.kind == k && r.argument == arg && r.has_code == has_code && r.code == code;
}

constexpr bool onemo(bytes line, final_kind k, bytes arg = {}, bool has_code = false, std::int32_t code = 0) {
    return is(line, k, arg, has_code, code, at::syntax{}, onemo_aliases);
}

}  // namespace

// plain words
// the word string's lengths agree with its words
static_assert(at::to_string(final_kind::no_answer) == "NO ANSWER");
static_assert(at::to_string(final_kind::no_dialtone) == "NO DIALTONE");
static_assert(at::to_string(final_kind::ext_error) == "extended error");
static_assert(is("OK", final_kind::ok));
static_assert(is("OK  ", final_kind::ok));  // trailing blanks
static_assert(is("ERROR", final_kind::error));
static_assert(is("NO CARRIER", final_kind::no_carrier));
static_assert(is("NO DIALTONE", final_kind::no_dialtone));
static_assert(is("BUSY", final_kind::busy));
static_assert(is("NO ANSWER", final_kind::no_answer));
static_assert(is("CONNECT", final_kind::connect));
static_assert(is("CONNECT 115200", final_kind::connect, "115200", true, 115200));
static_assert(is("CONNECT LTE", final_kind::connect, "LTE"));
// not final
static_assert(is("", final_kind::none));
static_assert(is("ok", final_kind::none));
static_assert(is("+ok", final_kind::none));  // USR +++ handshake
static_assert(is("OKAY", final_kind::none));
static_assert(is(" OK", final_kind::none));
static_assert(is("CONNECTED", final_kind::none));
static_assert(is("CONNECT ", final_kind::connect));  // trailing blank trimmed: plain CONNECT
static_assert(is("ERROR: 5", final_kind::none));
static_assert(is("+QMTOPEN: 0,0", final_kind::none));
static_assert(is("AT+QMTOPEN?", final_kind::none));
static_assert(is("0", final_kind::none));
static_assert(is("4", final_kind::none));
// extended errors
static_assert(is("+CME ERROR: 3", final_kind::cme_error, "3", true, 3));
static_assert(is("+CME ERROR: 601", final_kind::cme_error, "601", true, 601));
static_assert(is("+CME ERROR:601", final_kind::cme_error, "601", true, 601));
static_assert(is("+CME ERROR : 601", final_kind::cme_error, "601", true, 601));
static_assert(is("+CME ERROR\xEF\xBC\x9A" "601", final_kind::cme_error, "601", true, 601));
static_assert(is("+CME ERROR: operation not allowed", final_kind::cme_error, "operation not allowed"));
static_assert(is("+CME ERROR: \"SIM not inserted\"", final_kind::cme_error, "SIM not inserted"));
static_assert(is("+CME ERROR:", final_kind::cme_error));
static_assert(is("+CME ERROR", final_kind::cme_error));  // without ':': that error, no argument
static_assert(is("+CME ERROR: -1", final_kind::cme_error, "-1", true, -1));
static_assert(is("+CME ERROR: 99999999999", final_kind::cme_error, "99999999999"));  // too big for a code
static_assert(is("+CMS ERROR: 500", final_kind::cms_error, "500", true, 500));
static_assert(is("+CMS ERROR: unknown error", final_kind::cms_error, "unknown error"));
// tolerances follow the syntax
static_assert(is("+CME ERROR : 601", final_kind::none, {}, false, 0, at::syntax{at::lex::none}));
static_assert(is("+CME ERROR=601", final_kind::none));
static_assert(is("+CME ERROR=601", final_kind::cme_error, "601", true, 601, at::syntax{}.with(at::lex::equals_as_colon)));
// dialect aliases
static_assert(onemo("+CIS ERROR: 602", final_kind::ext_error, "602", true, 602));
static_assert(onemo("#CME ERROR: 601", final_kind::cme_error, "601", true, 601));
static_assert(onemo("+ CME ERROR: 601", final_kind::cme_error, "601", true, 601));
static_assert(is("+CIS ERROR: 602", final_kind::none));  // not without the alias
static_assert(is("#CME ERROR: 601", final_kind::none));
// an alias that starts like ordinary text is split too (only lines starting like some alias or '+' / '#' are)
constexpr at::final_alias plain_aliases[] = {{"", final_kind::error}, {"FAIL", final_kind::error}};
static_assert(is("FAIL: 7", final_kind::error, "7", true, 7, at::syntax{}, plain_aliases));
static_assert(is("FAIL", final_kind::error, {}, false, 0, at::syntax{}, plain_aliases));
static_assert(is("FAILED: 7", final_kind::none, {}, false, 0, at::syntax{}, plain_aliases));

// final_kind_of: classify_final's kind (one reading), except CONNECT with text (a dial's answer)
static_assert(at::final_kind_of("OK ") == final_kind::ok);
static_assert(at::final_kind_of("CONNECT") == final_kind::connect);
static_assert(at::final_kind_of("CONNECT 115200") == final_kind::none);
static_assert(at::final_kind_of("+CME ERROR : 3") == final_kind::cme_error);
static_assert(at::final_kind_of("+CME ERROR=3") == final_kind::none);
static_assert(at::final_kind_of("+CME ERROR=3", at::syntax{}.with(at::lex::equals_as_colon)) == final_kind::cme_error);
static_assert(at::final_kind_of("#CME ERROR: 601", {}, onemo_aliases) == final_kind::cme_error);
static_assert(at::final_kind_of("ERROR: 5") == final_kind::none);
static_assert(at::final_kind_of("", {}, plain_aliases) == final_kind::none);
static_assert(at::final_kind_of("+CME ERROR, 3") == final_kind::none);

static_assert(at::is_success(final_kind::ok) && at::is_success(final_kind::connect));
static_assert(!at::is_success(final_kind::cme_error));  // a failure: final, not a success
static_assert(!at::is_success(final_kind::none));

// ---- vendor error tables ----------------------------------------------------------------------------

namespace {

// OneMO's MQTT error codes (doc §5).
constexpr at::error_entry onemo_errors[] = {
    at::error_code(600, "unknown", "unknown error"),
    at::error_code(601, "invalid_parameter", "invalid parameter"),
    at::error_code(602, "not_connected", "not connected or connection failed"),
    at::error_code(603, "connecting", "connecting in progress"),
    at::error_code(604, "already_connected", "already connected"),
    at::error_code(605, "network_error", "network error"),
    at::error_code(606, "storage_error", "storage error"),
    at::error_code(607, "state_error", "state error"),
    at::error_code(608, "dns_error", "DNS error"),
    at::error_entry{609, 649, "reserved", "reserved"},
};
static_assert(at::validate(span<const at::error_entry>(onemo_errors)).ok());

constexpr at::error_entry overlapping[] = {
    at::error_code(1, "a", "a"),
    at::error_entry{0, 5, "b", "b"},
};
static_assert(at::validate(span<const at::error_entry>(overlapping)).error() == errc::at_invalid_enum);
static_assert(at::validate(span<const at::error_entry>(overlapping)).offset() == 1);
constexpr at::error_entry reversed[] = {at::error_entry{5, 1, "r", "r"}};
static_assert(at::validate(span<const at::error_entry>(reversed)).error() == errc::at_invalid_range);
constexpr at::error_entry unnamed[] = {at::error_code(5, "", "x")};
static_assert(at::validate(span<const at::error_entry>(unnamed)).error() == errc::at_missing_field);

constexpr bool lookup(std::int32_t code, bytes name) {
    auto r = at::find_error(onemo_errors, code);
    return r.ok() && r->name == name;
}

}  // namespace

static_assert(lookup(600, "unknown"));
static_assert(lookup(608, "dns_error"));
static_assert(lookup(609, "reserved") && lookup(649, "reserved"));
static_assert(at::find_error(onemo_errors, 650).error() == errc::at_invalid_enum);
static_assert(at::find_error(onemo_errors, 599).error() == errc::at_invalid_enum);
static_assert(at::find_error(span<const at::error_entry>{}, 0).error() == errc::at_invalid_enum);

TEST_CASE("result_code: a +CME ERROR line resolved through the vendor table") {
    auto r = at::classify_final("+CME ERROR: 602", at::syntax{}, onemo_aliases);
    REQUIRE(r.is_final());
    CHECK(!at::is_success(r.kind));
    REQUIRE(r.has_code);
    auto e = at::find_error(onemo_errors, r.code);
    REQUIRE(e.ok());
    CHECK(e->name == "not_connected");
    CHECK(e->description == "not connected or connection failed");
}

TEST_CASE("result_code: names") {
    CHECK(at::to_string(final_kind::cme_error) == "+CME ERROR");
    CHECK(at::to_string(final_kind::ok) == "OK");
    CHECK(at::to_string(final_kind::none) == "none");  // the kinds without a standard word, at run time too
    CHECK(at::to_string(final_kind::ext_error) == "extended error");
    CHECK(at::to_string(static_cast<final_kind>(200)) == "unknown");
    STATIC_REQUIRE(is("OK", final_kind::ok));
}

TEST_CASE("result_code: every word is exact") {
    // a one-byte change anywhere turns a final result into text
    for (bytes word : {bytes("OK"), bytes("ERROR"), bytes("NO CARRIER"), bytes("BUSY"), bytes("NO ANSWER"),
                       bytes("NO DIALTONE")}) {
        REQUIRE(at::classify_final(word).is_final());
        for (std::size_t i = 0; i < word.size(); ++i) {
            std::string w(word);
            w[i] = static_cast<char>(w[i] ^ 0x20);
            INFO(w);
            CHECK(!at::classify_final(bytes(w.data(), w.size())).is_final());
        }
    }
}

TEST_CASE("result_code: CONNECT with its text, at run time") {
    const std::string line = "CONNECT 115200";
    const at::final_result r = at::classify_final(bytes(line.data(), line.size()));
    CHECK(r.kind == final_kind::connect);
    CHECK(r.argument == "115200");
    CHECK(r.has_code);
    CHECK(r.code == 115200);
    const std::string bare = "CONNECTED 1";
    CHECK(!at::classify_final(bytes(bare.data(), bare.size())).is_final());
    CHECK(at::find_error(onemo_errors, static_cast<std::int32_t>(line.size()) + 636).error() == errc::at_invalid_enum);
}
