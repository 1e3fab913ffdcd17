// Quectel dialect: the typed answers to the test commands (AT+QMT*=?). The §5.1 example's answers, as a
// module prints them; every AT+QMTCFG=? item with concrete ranges; the syntax tables' own lines with
// their placeholders; and malformed answers with their exact errc and offset.
#include "../catch.hpp"
#include "answer_result.hpp"

#include <atmqtt/dialect/quectel.hpp>

#include <string>

namespace {
namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
using at::element_kind;
using atmqtt::errc;

template <class R>
constexpr errc error_of(const R& r) { return r.ok() ? errc::ok : r.error(); }

// A list element as "lowest..highest", a placeholder or text as "<kind>:text", absent as "-".
std::string show(const at::test_element& e) {
    switch (e.kind) {
    case element_kind::list: return std::to_string(e.low) + ".." + std::to_string(e.high);
    case element_kind::placeholder: return "placeholder:" + std::string(e.text);
    case element_kind::text: return "text:" + std::string(e.text);
    case element_kind::absent: break;
    }
    return "-";
}

// The item a line of AT+QMTCFG=? answers, as the index of its query answer row.
constexpr q::line_index item_of(const at::test_answer& t) {
    return static_cast<q::line_index>(t.cmd - &q::cfg_items[0] + q::line_cfg_version);
}
}  // namespace

TEST_CASE("quectel test answers: the §5.1 example, verbatim") {
    constexpr auto open = answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\",(1-65535)"));
    STATIC_REQUIRE(open->elements[0].kind == element_kind::list);
    STATIC_REQUIRE(open->elements[0].low == 0);
    STATIC_REQUIRE(open->elements[0].high == 5);
    STATIC_REQUIRE(open->elements[1].kind == element_kind::text);
    STATIC_REQUIRE(open->elements[1].text == "hostname");
    STATIC_REQUIRE(open->elements[2].contains(1883));
    STATIC_REQUIRE(open->elements[2].high == 65535);
    STATIC_REQUIRE(!open->elements[2].contains(0));
    STATIC_REQUIRE(open->elements[2].offset == 28);  // the first item, after '('

    constexpr auto conn = answer(q::test_answers, q::cmd::qmtconn, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid\",\"username\",\"password\""));
    STATIC_REQUIRE(conn->elements[0].high == 5);
    STATIC_REQUIRE(conn->elements[1].text == "clientid");
    STATIC_REQUIRE(conn->elements[2].text == "username");
    STATIC_REQUIRE(conn->elements[3].text == "password");
    STATIC_REQUIRE(conn->elements[3].kind == element_kind::text);

    constexpr auto sub = answer(q::test_answers, q::cmd::qmtsub, atmqtt::at::line_event("+QMTSUB: (0-5),<msgid>,list of [\"topic\",qos]"));
    STATIC_REQUIRE(sub->elements[0].contains(3));
    STATIC_REQUIRE(sub->elements[1].kind == element_kind::placeholder);
    STATIC_REQUIRE(sub->elements[1].text == "<msgid>");
    STATIC_REQUIRE(sub->elements[2].kind == element_kind::placeholder);
    STATIC_REQUIRE(sub->elements[2].text == "list of [\"topic\",qos]");

    constexpr auto pubex = answer(q::test_answers, q::cmd::qmtpubex, atmqtt::at::line_event("+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\""));
    STATIC_REQUIRE(pubex->elements[1].kind == element_kind::placeholder);
    STATIC_REQUIRE(pubex->elements[2].low == 0);
    STATIC_REQUIRE(pubex->elements[2].high == 2);
    STATIC_REQUIRE(pubex->elements[3].contains(0));
    STATIC_REQUIRE(pubex->elements[3].contains(1));
    STATIC_REQUIRE(!pubex->elements[3].contains(2));
    STATIC_REQUIRE(pubex->elements[4].kind == element_kind::text);
    STATIC_REQUIRE(pubex->elements[4].text == "topic");
    STATIC_REQUIRE(pubex->elements[5].kind == element_kind::placeholder);  // quoted word in an integer's place
    STATIC_REQUIRE(pubex->elements[5].text == "length");
}

TEST_CASE("quectel test answers: the syntax tables' other lines") {
    constexpr auto close = answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCCLOSE: (0-5)"));  // the §3.3.3 spelling
    STATIC_REQUIRE(close->elements[0].high == 5);
    STATIC_REQUIRE(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (0-5)"))->elements[0].low == 0);
    STATIC_REQUIRE(answer(q::test_answers, q::cmd::qmtdisc, atmqtt::at::line_event("+QMTDISC: (0-5)"))->elements[0].high == 5);
    constexpr auto uns = answer(q::test_answers, q::cmd::qmtuns, atmqtt::at::line_event("+QMTUNS: (0-5),<msgid>,list of [\"topic\"]"));
    STATIC_REQUIRE(uns->elements[1].kind == element_kind::placeholder);
    STATIC_REQUIRE(uns->elements[2].text == "list of [\"topic\"]");
    // as a module with concrete numbers would answer
    constexpr auto concrete = answer(q::test_answers, q::cmd::qmtsub, atmqtt::at::line_event("+QMTSUB: (0-5),(1-65535),list of [\"topic\",(0-2)]"));
    STATIC_REQUIRE(concrete->elements[1].high == 65535);
}

TEST_CASE("quectel test answers: every AT+QMTCFG=? item") {
    struct row {
        const char* line;
        q::line_index item;
        const char* values[5];
    };
    // The manual's block (§3.3.1) with its "(supported <x> range)" placeholders replaced by the ranges the
    // syntax table gives, the string parameters as printed.
    const row rows[] = {
        {"+QMTCFG: \"version\",(0-5),(3,4)", q::line_cfg_version, {"3..4"}},
        {"+QMTCFG: \"pdpcid\",(0-5),(1-15)", q::line_cfg_pdpcid, {"1..15"}},
        {"+QMTCFG: \"ssl\",(0-5),(0,1),(0-5)", q::line_cfg_ssl, {"0..1", "0..5"}},
        {"+QMTCFG: \"keepalive\",(0-5),(0-3600)", q::line_cfg_keepalive, {"0..3600"}},
        {"+QMTCFG: \"session\",(0-5),(0,1)", q::line_cfg_session, {"0..1"}},
        {"+QMTCFG: \"timeout\",(0-5),(1-60),(0-10),(0,1)", q::line_cfg_timeout, {"1..60", "0..10", "0..1"}},
        {"+QMTCFG: \"will\",(0-5),(0,1),(0-2),(0,1),\"willtopic\",\"willmessage\"", q::line_cfg_will,
         {"0..1", "0..2", "0..1", "text:willtopic", "text:willmessage"}},
        {"+QMTCFG: \"willex\",(0-5),(0,1),(0-2),(0,1),\"willtopic\",(0-256)", q::line_cfg_willex,
         {"0..1", "0..2", "0..1", "text:willtopic", "0..256"}},
        {"+QMTCFG: \"recv/mode\",(0-5),(0,1),(0,1)", q::line_cfg_recv_mode, {"0..1", "0..1"}},
        {"+QMTCFG: \"aliauth\",(0-5),\"product key\",\"device name\",\"device secret\"", q::line_cfg_aliauth,
         {"text:product key", "text:device name", "text:device secret"}},
        {"+QMTCFG: \"qmtping\",(0-5),(5-60)", q::line_cfg_qmtping, {"5..60"}},
        {"+QMTCFG: \"send/mode\",(0-5),(0,1)", q::line_cfg_send_mode, {"0..1"}},
        {"+QMTCFG: \"onenet\",(0-5),\"product id\",\"access key\"", q::line_cfg_onenet,
         {"text:product id", "text:access key"}},
        {"+QMTCFG: \"hwauth\",(0-5),\"product id\",\"device secret\"", q::line_cfg_hwauth,
         {"text:product id", "text:device secret"}},
        {"+QMTCFG: \"hwprodid\",(0-5),\"product id\",\"product secret\",\"nodeid\"", q::line_cfg_hwprodid,
         {"text:product id", "text:product secret", "text:nodeid"}},
        {"+QMTCFG: \"dataformat\",(0-5),(0,1),(0,1)", q::line_cfg_dataformat, {"0..1", "0..1"}},
        {"+QMTCFG: \"view/mode\",(0-5),(0,1)", q::line_cfg_view_mode, {"0..1"}},
        {"+QMTCFG: \"edit/timeout\",(0-5),(0,1),(1-120)", q::line_cfg_edit_timeout, {"0..1", "1..120"}},
        {"+QMTCFG: \"protocol/check\",(0-5),(0,1)", q::line_cfg_protocol_check, {"0..1"}},
    };
    for (const row& r : rows) {
        INFO(r.line);
        auto t = answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event(r.line));
        REQUIRE(t.ok());
        CHECK(item_of(*t) == r.item);
        CHECK(show(t->elements[0]) == "0..5");
        for (std::size_t k = 0; k < 5; ++k) CHECK(show(t->elements[k + 1]) == (r.values[k] ? r.values[k] : "-"));
    }
    // The manual's own spacing and upper-case item survive.
    constexpr auto spaced = answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event("+QMTCFG: \"SSL\", (0-5), (0,1), (0-5)"));
    STATIC_REQUIRE(item_of(*spaced) == q::line_cfg_ssl);
    STATIC_REQUIRE(spaced->elements[2].high == 5);
    STATIC_REQUIRE(!spaced->elements[3].present());
}

TEST_CASE("quectel test answers: the syntax tables' generic lines, verbatim") {
    // §3.3: "(支持的 <x> 范围)" (range of supported <x>) and "(支持的 <x> 列表)" (list of supported <x>)
    constexpr auto version = answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event("+QMTCFG: \"version\", (支持的 <client_idx> 范围), (支持的 <vsn> 列表)"));
    STATIC_REQUIRE(item_of(*version) == q::line_cfg_version);
    STATIC_REQUIRE(version->elements[0].kind == element_kind::placeholder);
    STATIC_REQUIRE(version->elements[0].text == "(支持的 <client_idx> 范围)");
    STATIC_REQUIRE(version->elements[1].kind == element_kind::placeholder);
    constexpr auto open = answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (支持的<client_idx>范围),\"hostname\", (支持的<port>范围)"));
    STATIC_REQUIRE(open->elements[2].text == "(支持的<port>范围)");
    STATIC_REQUIRE(open->elements[1].kind == element_kind::text);
    constexpr auto sub = answer(q::test_answers, q::cmd::qmtsub, atmqtt::at::line_event("+QMTSUB: (支持的 <client_idx> 范围),<msgid>,list of [\"topic\",qos]"));
    STATIC_REQUIRE(sub->elements[0].kind == element_kind::placeholder);
    constexpr auto will = answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event(
        "+QMTCFG: \"will\", (支持的 <client_idx> 范围), (支持的 <will_fg> 列表), (支持的 <will_qos> 范围), "
        "(支持的 <will_retain> 列表), \"willtopic\", \"willmessage\""));
    STATIC_REQUIRE(will->elements[3].kind == element_kind::placeholder);
    STATIC_REQUIRE(will->elements[5].text == "willmessage");
    STATIC_REQUIRE(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCCLOSE: (支持的<client_idx>范围)"))->elements[0].kind == element_kind::placeholder);
}

TEST_CASE("quectel test answers: malformed lines fail with their errc and offset") {
    // another command's answer, or not an answer at all
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid\",\"username\",\"password\""))) ==
                   errc::at_unknown_response);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtdisc, atmqtt::at::line_event("+QMTCLOSE: (0-5)"))) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event("OK"))) == errc::at_unknown_response);
    // an unknown item, at the selector
    constexpr auto item = answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event("+QMTCFG: \"nosuch\",(0-5)"));
    STATIC_REQUIRE(error_of(item) == errc::at_invalid_enum);
    STATIC_REQUIRE(item.offset() == 10);  // in the quotes, as decode_test_response reports a selector
    // too few and too many elements, and an empty one
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\""))) == errc::at_missing_field);
    STATIC_REQUIRE(answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\"")).offset() == 26);
    constexpr auto extra = answer(q::test_answers, q::cmd::qmtdisc, atmqtt::at::line_event("+QMTDISC: (0-5),(0,1)"));
    STATIC_REQUIRE(error_of(extra) == errc::at_too_many_fields);
    STATIC_REQUIRE(extra.offset() == 16);
    constexpr auto empty = answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (0-5),,(1-65535)"));
    STATIC_REQUIRE(error_of(empty) == errc::at_missing_field);
    STATIC_REQUIRE(empty.offset() == 16);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtcfg, atmqtt::at::line_event("+QMTCFG: \"timeout\",(0-5),(1-60),(0-10)"))) == errc::at_missing_field);
    // lists: reversed, empty, non-numeric, overflowing, unbalanced
    constexpr auto reversed = answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (5-0)"));
    STATIC_REQUIRE(error_of(reversed) == errc::at_invalid_range);
    STATIC_REQUIRE(reversed.offset() == 12);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: ()"))) == errc::at_invalid_range);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (0-)"))) == errc::at_invalid_range);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (a-5)"))) == errc::at_invalid_integer);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (0-99999999999999999999)"))) == errc::at_integer_overflow);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtclose, atmqtt::at::line_event("+QMTCLOSE: (0-5"))) == errc::at_invalid_range);
    constexpr auto open_quote = answer(q::test_answers, q::cmd::qmtconn, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid"));
    STATIC_REQUIRE(error_of(open_quote) == errc::at_unterminated_quote);
    STATIC_REQUIRE(open_quote.offset() == 16);
    // a list where a string belongs, bare text where an integer belongs
    constexpr auto list_for_text = answer(q::test_answers, q::cmd::qmtopen, atmqtt::at::line_event("+QMTOPEN: (0-5),(1-2),(1-65535)"));
    STATIC_REQUIRE(error_of(list_for_text) == errc::at_type_mismatch);
    STATIC_REQUIRE(list_for_text.offset() == 16);
    STATIC_REQUIRE(error_of(answer(q::test_answers, q::cmd::qmtdisc, atmqtt::at::line_event("+QMTDISC: client"))) == errc::at_type_mismatch);
    // QMTSUB's group must be the `list of [...]` placeholder, not one example topic
    constexpr auto one_topic = answer(q::test_answers, q::cmd::qmtsub, atmqtt::at::line_event("+QMTSUB: (0-5),<msgid>,\"topic\",(0-2)"));
    STATIC_REQUIRE(error_of(one_topic) == errc::at_too_many_fields);
    constexpr auto bare_topic = answer(q::test_answers, q::cmd::qmtuns, atmqtt::at::line_event("+QMTUNS: (0-5),<msgid>,\"topic\""));
    STATIC_REQUIRE(error_of(bare_topic) == errc::at_type_mismatch);
    STATIC_REQUIRE(bare_topic.offset() == 24);
}
