// at::classify, the one classifier: the line order built from a table, candidate ranges by binary search,
// selector and shape decisions, the read-form hint, and the same answers with and without the order.
#include <atmqtt/at/classify.hpp>
#include <atmqtt/dialect/quectel.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace td = test_dialect;
namespace q = atmqtt::quectel;
using atmqtt::bytes;
using atmqtt::errc;

namespace {

// The grammar's line order is given and what line_order_of gives (at::validate checks it with the rest).
constexpr bool sorted_and_stable(const at::grammar& g) { return !g.line_order.empty() && at::validate(g).ok(); }

// Which line index the generic classifier gives, with the grammar's order or walking the table.
constexpr std::size_t class_of(bytes text, bool with_order, at::form hint = at::form::execute) {
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = text;
    auto r = at::classify<8>(td::lines, with_order ? td::line_order : atmqtt::span<const std::uint8_t>(), e,
                             td::lexical, td::prefix_aliases, hint);
    return r.ok() ? *r : 1000 + static_cast<std::size_t>(r.error());
}

// The same through the grammar's compile-time prefix index (classify<G, Capacity>).
constexpr std::size_t class_by_index(bytes text, at::form hint = at::form::execute) {
    auto r = at::classify<td::grammar, 8>(at::line_event(text), hint);
    return r.ok() ? *r : 1000 + static_cast<std::size_t>(r.error());
}

}  // namespace

TEST_CASE("classify: the line order is the table sorted by prefix, stable") {
    STATIC_REQUIRE(sorted_and_stable(td::grammar));
    STATIC_REQUIRE(sorted_and_stable(q::grammar));
    STATIC_REQUIRE(at::validate(td::grammar).error == at::table_error::none);
    // +TURC's three lines stay in table order (4, 5, 6) next to each other.
    constexpr at::line_candidates turc = at::candidates(td::lines, td::line_order, "+TURC");
    STATIC_REQUIRE(turc.size() == 3);
    STATIC_REQUIRE(turc[0] == 4);
    STATIC_REQUIRE(turc[1] == 5);
    STATIC_REQUIRE(turc[2] == 6);
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "+TSTAT").size() == 1);
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "+TSTAT")[0] == 8);
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "+TSTA").size() == 0);   // a prefix of a prefix
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "+TSTATX").size() == 0);
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "").size() == 0);
    STATIC_REQUIRE(at::candidates(td::lines, td::line_order, "~").size() == 0);  // past every prefix
    // Quectel: all 19 +QMTCFG items, in table order.
    constexpr at::line_candidates cfg = at::candidates(q::lines, q::grammar.line_order, "+QMTCFG");
    STATIC_REQUIRE(cfg.size() == 19);
    STATIC_REQUIRE(cfg[0] == q::line_cfg_version);
    STATIC_REQUIRE(cfg[18] == q::line_cfg_protocol_check);
}

TEST_CASE("classify: a wrong line order is a table error") {
    static constexpr std::uint8_t reversed[] = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
    static constexpr at::grammar bad{"bad", td::commands, td::lines, td::lexical, td::finals, td::errors, td::prefix_aliases,
                              reversed};
    STATIC_REQUIRE(at::validate(bad).error == at::table_error::bad_line_order);
    static constexpr std::uint8_t short_order[] = {0, 1};
    static constexpr at::grammar bad2{"bad", td::commands, td::lines, td::lexical, td::finals, td::errors, td::prefix_aliases,
                               short_order};
    STATIC_REQUIRE(at::validate(bad2).error == at::table_error::bad_line_order);
    CHECK(at::to_string(at::table_error::bad_line_order) == "bad_line_order");
}

TEST_CASE("classify: prefix, selector, shape, hint; the same with and without the order") {
    const std::vector<std::pair<std::string, std::size_t>> cases = {
        {"+TOPEN: 0,0", 0},
        {"+TURC: \"publish\",0,1,\"t\",2,ab", 4},
        {"+TURC: \"CONN\",0,1", 5},  // selectors ignore ASCII case
        {"+TURC: \"suback\",0,1,0", 6},
        {"+TSTAT: 0,1", 8},
        {"+TCFG: \"keepalive\",120", 10},
        {"RDY", 11},
        {"+NOPE: 1", 1000 + static_cast<std::size_t>(errc::at_unknown_response)},
        {"+TURC: \"other\",1", 1000 + static_cast<std::size_t>(errc::at_invalid_enum)},
        {"+TURC: \"open,1", 1000 + static_cast<std::size_t>(errc::at_unterminated_quote)},
    };
    for (const auto& c : cases) {
        INFO(c.first);
        CHECK(class_of(c.first, true) == c.second);
        CHECK(class_of(c.first, false) == c.second);
        CHECK(class_by_index(c.first) == c.second);
    }
    STATIC_REQUIRE(class_of("+TSTAT: 0,1", true) == 8);
    // Quectel's one-prefix shapes: decided by the fields, and by the hint where both fit.
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTCONN: 0,3")) == q::line_connection_state);
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTCONN: 0,2")) == q::line_connect_result);
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTCONN: 0,2"), at::form::read) == q::line_connection_state);
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTRECV: 0,1,0,0,0,0")) == q::line_recv_status);
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTOPEN: 0,\"h\",1")) == q::line_open_state);
    // Capacity 0: shape only (the transaction): "0,3" fits both; the first in table order wins.
    STATIC_REQUIRE(*at::classify<0>(q::grammar, at::line_event("+QMTCONN: 0,3")) == q::line_connect_result);
    STATIC_REQUIRE(*at::classify<0>(q::grammar, at::line_event("+QMTCONN: 0,3"), at::form::read) == q::line_connection_state);
    // None fits: the first candidate, so that its decoder says why.
    STATIC_REQUIRE(*at::classify<24>(q::grammar, at::line_event("+QMTCONN: 0,9,9,9")) == q::line_connect_result);
}

TEST_CASE("classify: the prefix index finds every prefix of the table, and no other") {
    for (const at::line& l : q::lines) {
        INFO(l.prefix);
        const at::line_candidates c = at::detail::prefix_index<q::grammar>{}(l.prefix);
        const at::line_candidates d = at::candidates(q::lines, q::grammar.line_order, l.prefix);
        CHECK(c.first == d.first);
        CHECK(c.last == d.last);
    }
    for (const at::line& l : td::lines) {
        INFO(l.prefix);
        CHECK(at::detail::prefix_index<td::grammar>{}(l.prefix).size() == at::candidates(td::lines, td::line_order, l.prefix).size());
    }
    STATIC_REQUIRE(at::detail::prefix_index<q::grammar>{}("+QMTRECV").size() == 3);
    STATIC_REQUIRE(at::detail::prefix_index<q::grammar>{}("+QMTREC").size() == 0);
    CHECK(at::detail::prefix_index<q::grammar>{}("").size() == 0);  // at run time: the hash of nothing
    STATIC_REQUIRE(at::detail::prefix_index<q::grammar>::slots == 128);
    // Quectel's one-prefix shapes through the index: the same answers as through the order.
    STATIC_REQUIRE(*at::classify<q::grammar, 24>(at::line_event("+QMTCONN: 0,3")) == q::line_connection_state);
    STATIC_REQUIRE(*at::classify<q::grammar, 24>(at::line_event("+QMTCONN: 0,2"), at::form::read) == q::line_connection_state);
    STATIC_REQUIRE(*at::classify<q::grammar, 0>(at::line_event("+QMTCONN: 0,3")) == q::line_connect_result);
    STATIC_REQUIRE(*at::classify<q::grammar, 24>(at::line_event("+QMTCCLOSE: 0,0")) == q::line_close_result);  // an alias
    // As the dialect's line_index (both forms), errors unchanged.
    constexpr auto typed = at::classify<q::grammar, 24, q::line_index>(at::line_event("+QMTCONN: 0,3"));
    STATIC_REQUIRE(std::is_same<decltype(*typed), const q::line_index&>::value);
    STATIC_REQUIRE(*typed == q::line_connection_state);
    STATIC_REQUIRE(*at::classify<24, q::line_index>(q::lines, q::grammar.line_order, at::line_event("+QMTCONN: 0,2"),
                                                     q::lexical) == q::line_connect_result);
    STATIC_REQUIRE(at::classify<q::grammar, 24, q::line_index>(at::line_event("+NONE: 1")).error() == errc::at_unknown_response);
}

TEST_CASE("classify: a line with a payload is the one row with a payload field, unread") {
    at::event e = at::line_event("+QMTRECV: 0,1,\"t\",3,\"abc\"");
    e.has_payload = true;
    e.payload = e.text.substr(e.text.size() - 4, 3);
    CHECK(*at::classify<24>(q::grammar, e) == q::line_received_message);
    CHECK(*at::classify<q::grammar, 24>(e) == q::line_received_message);
    CHECK(*at::classify<q::grammar, 24>(e, at::form::read) == q::line_received_message);
    // Its fields are not read here (fast builds): a bad client index is the row decoder's to report.
    at::event bad = at::line_event("+QMTRECV: 9,1,\"t\",3,\"abc\"");
    bad.has_payload = true;
    if (ATMQTT_AT_FAST_PATHS) CHECK(*at::classify<q::grammar, 24>(bad) == q::line_received_message);
    // Without the tokenizer's payload view the same line is read row by row, and reads as the message.
    CHECK(*at::classify<q::grammar, 24>(at::line_event("+QMTRECV: 0,1,\"t\",3,\"abc\"")) == q::line_received_message);
    // Two rows with a payload field under one prefix: no shortcut, the rows are read in turn.
    static constexpr at::field_spec low[] = {at::integer("n", 0, 1), at::payload("p", at::quoting::bare)};
    static constexpr at::field_spec high[] = {at::integer("n", 2, 3), at::payload("p", at::quoting::bare)};
    static constexpr at::line two[] = {at::urc("+TWO", low), at::urc("+TWO", high)};
    at::event second = at::line_event("+TWO: 3,ab");
    second.has_payload = true;
    second.payload = second.text.substr(8);
    CHECK(*at::classify<8>(two, {}, second, at::syntax{}) == 1);
}

TEST_CASE("classify<by_selector>: prefix and selector only") {
    STATIC_REQUIRE(*at::classify<at::by_selector>(td::lines, td::line_order, at::line_event("+TURC: \"conn\",0,1"), td::lexical) == 5);
    STATIC_REQUIRE(*at::classify<at::by_selector>(td::lines, td::line_order, at::line_event("+TSTAT: 0,1"), td::lexical) == 8);
    STATIC_REQUIRE(at::classify<at::by_selector>(td::lines, td::line_order, at::line_event("+TURC: \"x\",1"), td::lexical).error() ==
                   errc::at_invalid_enum);
    STATIC_REQUIRE(at::classify<at::by_selector>(td::lines, td::line_order, at::line_event("+TURC: \"x\",1"), td::lexical).offset() == 7);
    STATIC_REQUIRE(at::classify<at::by_selector>(td::lines, td::line_order, at::line_event("+NONE: 1"), td::lexical).error() ==
                   errc::at_unknown_response);
    // several lines without selector: the first, whatever the shape (Quectel's +QMTCONN)
    STATIC_REQUIRE(*at::classify<at::by_selector>(q::lines, q::grammar.line_order, at::line_event("+QMTCONN: 0,3"), q::lexical) == q::line_connect_result);
}

TEST_CASE("is_echo_of: the command line echoed, whatever its case, not a longer name or a shorter line") {
    STATIC_REQUIRE(at::detail::is_echo_of(bytes("AT+TOPEN=0,\"h\",1"), "TOPEN"));
    STATIC_REQUIRE(at::detail::is_echo_of(bytes("at+topen?"), "TOPEN"));
    STATIC_REQUIRE(at::detail::is_echo_of(bytes("AT+TOPEN"), "TOPEN"));
    STATIC_REQUIRE_FALSE(at::detail::is_echo_of(bytes("AT+TOPENX"), "TOPEN"));
    STATIC_REQUIRE_FALSE(at::detail::is_echo_of(bytes("AT+TOP"), "TOPEN"));
    STATIC_REQUIRE_FALSE(at::detail::is_echo_of(bytes("AT"), "TOPEN"));
    STATIC_REQUIRE_FALSE(at::detail::is_echo_of(bytes("+TOPEN: 0"), "TOPEN"));
}
