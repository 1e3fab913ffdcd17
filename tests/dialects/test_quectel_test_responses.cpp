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
    case element_kind::list: return std::to_string(e.lowest()) + ".." + std::to_string(e.highest());
    case element_kind::placeholder: return "placeholder:" + std::string(e.text);
    case element_kind::text: return "text:" + std::string(e.text);
    case element_kind::absent: break;
    }
    return "-";
}
}  // namespace

TEST_CASE("quectel test answers: the §5.1 example, verbatim") {
    constexpr auto open = answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\",(1-65535)"));
    STATIC_REQUIRE(open->client_idx.kind == element_kind::list);
    STATIC_REQUIRE(open->client_idx.lowest() == 0);
    STATIC_REQUIRE(open->client_idx.highest() == 5);
    STATIC_REQUIRE(open->host_name.kind == element_kind::text);
    STATIC_REQUIRE(open->host_name.text == "hostname");
    STATIC_REQUIRE(open->port.contains(1883));
    STATIC_REQUIRE(open->port.highest() == 65535);
    STATIC_REQUIRE(!open->port.contains(0));
    STATIC_REQUIRE(open->port.offset == 28);  // the first item, after '('

    constexpr auto conn = answer(q::decode_conn_test, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid\",\"username\",\"password\""));
    STATIC_REQUIRE(conn->client_idx.highest() == 5);
    STATIC_REQUIRE(conn->clientid.text == "clientid");
    STATIC_REQUIRE(conn->username.text == "username");
    STATIC_REQUIRE(conn->password.text == "password");
    STATIC_REQUIRE(conn->password.kind == element_kind::text);

    constexpr auto sub = answer(q::decode_sub_test, atmqtt::at::line_event("+QMTSUB: (0-5),<msgid>,list of [\"topic\",qos]"));
    STATIC_REQUIRE(sub->client_idx.contains(3));
    STATIC_REQUIRE(sub->packet_id.kind == element_kind::placeholder);
    STATIC_REQUIRE(sub->packet_id.text == "<msgid>");
    STATIC_REQUIRE(sub->topics.kind == element_kind::placeholder);
    STATIC_REQUIRE(sub->topics.text == "list of [\"topic\",qos]");

    constexpr auto pubex = answer(q::decode_pubex_test, atmqtt::at::line_event("+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),\"topic\",\"length\""));
    STATIC_REQUIRE(pubex->packet_id.kind == element_kind::placeholder);
    STATIC_REQUIRE(pubex->qos.lowest() == 0);
    STATIC_REQUIRE(pubex->qos.highest() == 2);
    STATIC_REQUIRE(pubex->retain.contains(0));
    STATIC_REQUIRE(pubex->retain.contains(1));
    STATIC_REQUIRE(!pubex->retain.contains(2));
    STATIC_REQUIRE(pubex->topic.kind == element_kind::text);
    STATIC_REQUIRE(pubex->topic.text == "topic");
    STATIC_REQUIRE(pubex->length.kind == element_kind::placeholder);  // quoted word in an integer's place
    STATIC_REQUIRE(pubex->length.text == "length");
}

TEST_CASE("quectel test answers: the syntax tables' other lines") {
    constexpr auto close = answer(q::decode_close_test, atmqtt::at::line_event("+QMTCCLOSE: (0-5)"));  // the §3.3.3 spelling
    STATIC_REQUIRE(close->client_idx.highest() == 5);
    STATIC_REQUIRE(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (0-5)"))->client_idx.lowest() == 0);
    STATIC_REQUIRE(answer(q::decode_disc_test, atmqtt::at::line_event("+QMTDISC: (0-5)"))->client_idx.highest() == 5);
    constexpr auto uns = answer(q::decode_uns_test, atmqtt::at::line_event("+QMTUNS: (0-5),<msgid>,list of [\"topic\"]"));
    STATIC_REQUIRE(uns->packet_id.kind == element_kind::placeholder);
    STATIC_REQUIRE(uns->topics.text == "list of [\"topic\"]");
    // as a module with concrete numbers would answer
    constexpr auto concrete = answer(q::decode_sub_test, atmqtt::at::line_event("+QMTSUB: (0-5),(1-65535),list of [\"topic\",(0-2)]"));
    STATIC_REQUIRE(concrete->packet_id.highest() == 65535);
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
        auto t = answer(q::decode_cfg_test, atmqtt::at::line_event(r.line));
        REQUIRE(t.ok());
        CHECK(t->item == r.item);
        CHECK(show(t->client_idx) == "0..5");
        for (std::size_t k = 0; k < 5; ++k) CHECK(show(t->values[k]) == (r.values[k] ? r.values[k] : "-"));
    }
    // The manual's own spacing and upper-case item survive.
    constexpr auto spaced = answer(q::decode_cfg_test, atmqtt::at::line_event("+QMTCFG: \"SSL\", (0-5), (0,1), (0-5)"));
    STATIC_REQUIRE(spaced->item == q::line_cfg_ssl);
    STATIC_REQUIRE(spaced->values[1].highest() == 5);
    STATIC_REQUIRE(!spaced->values[2].present());
}

TEST_CASE("quectel test answers: the syntax tables' generic lines, verbatim") {
    // §3.3: "(支持的 <x> 范围)" (range of supported <x>) and "(支持的 <x> 列表)" (list of supported <x>)
    constexpr auto version = answer(q::decode_cfg_test, atmqtt::at::line_event("+QMTCFG: \"version\", (支持的 <client_idx> 范围), (支持的 <vsn> 列表)"));
    STATIC_REQUIRE(version->item == q::line_cfg_version);
    STATIC_REQUIRE(version->client_idx.kind == element_kind::placeholder);
    STATIC_REQUIRE(version->client_idx.text == "(支持的 <client_idx> 范围)");
    STATIC_REQUIRE(version->values[0].kind == element_kind::placeholder);
    constexpr auto open = answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (支持的<client_idx>范围),\"hostname\", (支持的<port>范围)"));
    STATIC_REQUIRE(open->port.text == "(支持的<port>范围)");
    STATIC_REQUIRE(open->host_name.kind == element_kind::text);
    constexpr auto sub = answer(q::decode_sub_test, atmqtt::at::line_event("+QMTSUB: (支持的 <client_idx> 范围),<msgid>,list of [\"topic\",qos]"));
    STATIC_REQUIRE(sub->client_idx.kind == element_kind::placeholder);
    constexpr auto will = answer(q::decode_cfg_test, atmqtt::at::line_event(
        "+QMTCFG: \"will\", (支持的 <client_idx> 范围), (支持的 <will_fg> 列表), (支持的 <will_qos> 范围), "
        "(支持的 <will_retain> 列表), \"willtopic\", \"willmessage\""));
    STATIC_REQUIRE(will->values[2].kind == element_kind::placeholder);
    STATIC_REQUIRE(will->values[4].text == "willmessage");
    STATIC_REQUIRE(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCCLOSE: (支持的<client_idx>范围)"))->client_idx.kind == element_kind::placeholder);
}

TEST_CASE("quectel test answers: malformed lines fail with their errc and offset") {
    // another command's answer, or not an answer at all
    STATIC_REQUIRE(error_of(answer(q::decode_open_test, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid\",\"username\",\"password\""))) ==
                   errc::at_unknown_response);
    STATIC_REQUIRE(error_of(answer(q::decode_disc_test, atmqtt::at::line_event("+QMTCLOSE: (0-5)"))) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(answer(q::decode_cfg_test, atmqtt::at::line_event("OK"))) == errc::at_unknown_response);
    // an unknown item, at the selector
    constexpr auto item = answer(q::decode_cfg_test, atmqtt::at::line_event("+QMTCFG: \"nosuch\",(0-5)"));
    STATIC_REQUIRE(error_of(item) == errc::at_invalid_enum);
    STATIC_REQUIRE(item.offset() == 9);
    // too few and too many elements, and an empty one
    STATIC_REQUIRE(error_of(answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\""))) == errc::at_missing_field);
    STATIC_REQUIRE(answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (0-5),\"hostname\"")).offset() == 26);
    constexpr auto extra = answer(q::decode_disc_test, atmqtt::at::line_event("+QMTDISC: (0-5),(0,1)"));
    STATIC_REQUIRE(error_of(extra) == errc::at_too_many_fields);
    STATIC_REQUIRE(extra.offset() == 16);
    constexpr auto empty = answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (0-5),,(1-65535)"));
    STATIC_REQUIRE(error_of(empty) == errc::at_missing_field);
    STATIC_REQUIRE(empty.offset() == 16);
    STATIC_REQUIRE(error_of(answer(q::decode_cfg_test, atmqtt::at::line_event("+QMTCFG: \"timeout\",(0-5),(1-60),(0-10)"))) == errc::at_missing_field);
    // lists: reversed, empty, non-numeric, overflowing, unbalanced
    constexpr auto reversed = answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (5-0)"));
    STATIC_REQUIRE(error_of(reversed) == errc::at_invalid_range);
    STATIC_REQUIRE(reversed.offset() == 12);
    STATIC_REQUIRE(error_of(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: ()"))) == errc::at_invalid_range);
    STATIC_REQUIRE(error_of(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (0-)"))) == errc::at_invalid_range);
    STATIC_REQUIRE(error_of(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (a-5)"))) == errc::at_invalid_integer);
    STATIC_REQUIRE(error_of(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (0-99999999999999999999)"))) == errc::at_integer_overflow);
    STATIC_REQUIRE(error_of(answer(q::decode_close_test, atmqtt::at::line_event("+QMTCLOSE: (0-5"))) == errc::at_invalid_range);
    constexpr auto open_quote = answer(q::decode_conn_test, atmqtt::at::line_event("+QMTCONN: (0-5),\"clientid"));
    STATIC_REQUIRE(error_of(open_quote) == errc::at_unterminated_quote);
    STATIC_REQUIRE(open_quote.offset() == 16);
    // a list where a string belongs, bare text where an integer belongs
    constexpr auto list_for_text = answer(q::decode_open_test, atmqtt::at::line_event("+QMTOPEN: (0-5),(1-2),(1-65535)"));
    STATIC_REQUIRE(error_of(list_for_text) == errc::at_type_mismatch);
    STATIC_REQUIRE(list_for_text.offset() == 16);
    STATIC_REQUIRE(error_of(answer(q::decode_disc_test, atmqtt::at::line_event("+QMTDISC: client"))) == errc::at_type_mismatch);
    // QMTSUB's group must be the `list of [...]` placeholder, not one example topic
    constexpr auto one_topic = answer(q::decode_sub_test, atmqtt::at::line_event("+QMTSUB: (0-5),<msgid>,\"topic\",(0-2)"));
    STATIC_REQUIRE(error_of(one_topic) == errc::at_too_many_fields);
    constexpr auto bare_topic = answer(q::decode_uns_test, atmqtt::at::line_event("+QMTUNS: (0-5),<msgid>,\"topic\""));
    STATIC_REQUIRE(error_of(bare_topic) == errc::at_type_mismatch);
    STATIC_REQUIRE(bare_topic.offset() == 24);
}
