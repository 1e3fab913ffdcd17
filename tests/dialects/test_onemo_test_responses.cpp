// OneMO test (=?) answers: the manual's AT+MQTTCFG=? lines (the readable ones, verbatim) and its
// AT+MQTTCONN=? line, lines with real ranges decoded to exact lists, and malformed lines with exact errc.
#include "../catch.hpp"
#include "answer_result.hpp"

#include <atmqtt/dialect/onemo.hpp>

#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;
using atmqtt::bytes;
using atmqtt::errc;
using at::element_kind;

namespace {

// "lo-hi" per item, the way the list prints them, from an element's items.
std::string items_of(const at::test_element& e) {
    std::string out;
    at::list_reader r = e.items();
    while (!r.done()) {
        auto it = r.next();
        if (!it) return "error";
        if (!out.empty()) out += ",";
        out += std::to_string(*it->low_integer());
        if (it->kind == at::item_kind::range) out += "-" + std::to_string(*it->high_integer());
    }
    return out;
}

// The item a line of AT+MQTTCFG=? answers.
constexpr onemo::cfg_item item_of(const at::test_answer& t) {
    return static_cast<onemo::cfg_item>(t.cmd - &onemo::cfg_items[0]);
}

constexpr bytes retrans_line = "+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3)";
static_assert(item_of(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(retrans_line)).value()) == onemo::cfg_item::retrans);
static_assert(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(retrans_line)).value().elements[1].low == 20);
static_assert(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(retrans_line)).value().elements[1].high == 60);
static_assert(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(retrans_line)).value().elements[2].contains(3));
static_assert(!answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(retrans_line)).value().elements[2].contains(4));
// the item's name ignoring ASCII case, as selectors everywhere in the AT core (and Quectel's)
static_assert(item_of(answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event("+MQTTCFG: \"RETRANS\",(0-5),(20-60),(0-3)")).value()) ==
              onemo::cfg_item::retrans);
static_assert(answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event("+MQTTCONN: <connect_id>, <host>")).value().elements[1].text == "<host>");

}  // namespace

TEST_CASE("onemo: AT+MQTTCFG=? lines as the manual prints them (generic placeholders)") {
    // §3.1, verbatim where the conversion left the line readable.
    const char* manual[] = {
        "+MQTTCFG: \"version\", (list of supported <connect_id>s), (list of supported <version>s)",
        "+MQTTCFG: \"cid\", (list of supported <connect_id>s), (list of supported <cid>s)",
        "+MQTTCFG: \"keepalive\", (list of supported <connect_id>s), (list of supported <keepalive_time>s)",
        "+MQTTCFG: \"clean\", (list of supported <connect_id>s), (list of supported <clean_session>s)",
        "+MQTTCFG: \"willoption\", (list of supported <connect_id>s), (list of supported <will_flag>s), (list of supported <will_qos>s), (list of supported <will_retain>s)",
        "+MQTTCFG: \"willpayload\", (list of supported <connect_id>s),,",
        "+MQTTCFG: \"pingreq\", (list of supported <connect_id>s), (list of supported <ping_interval>s)",
        "+MQTTCFG: \"pingresp\", (list of supported <connect_id>s), (list of supported <pingack>s)",
        "+MQTTCFG: \"cached\", (list of supported <connect_id>s), (list of supported <cached_mode>s)",
        "+MQTTCFG: \"reconn\", (list of supported <connect_id>s), (list of supported <mode>s)",
    };
    const onemo::cfg_item items[] = {onemo::cfg_item::version, onemo::cfg_item::cid, onemo::cfg_item::keepalive,
                                     onemo::cfg_item::clean, onemo::cfg_item::willoption, onemo::cfg_item::willpayload,
                                     onemo::cfg_item::pingreq, onemo::cfg_item::pingresp, onemo::cfg_item::cached,
                                     onemo::cfg_item::reconn};
    const int present[][3] = {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 1, 1},
                              {0, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0, 0, 1}};
    for (std::size_t i = 0; i < sizeof manual / sizeof manual[0]; ++i) {
        INFO(manual[i]);
        auto r = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes(manual[i])));
        REQUIRE(r.ok());
        CHECK(item_of(*r) == items[i]);
        CHECK(r->elements[0].kind == element_kind::placeholder);
        CHECK(r->elements[0].text == "(list of supported <connect_id>s)");
        for (std::size_t k = 0; k < 3; ++k)
            CHECK(r->elements[k + 1].kind == (present[i][k] ? element_kind::placeholder : element_kind::absent));
    }
    auto reconn = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes(manual[9])));
    CHECK(reconn->elements[3].text == "(list of supported <mode>s)");  // the one value is <mode>
    auto will = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes(manual[4])));
    CHECK(will->elements[3].text == "(list of supported <will_retain>s)");
    CHECK(will->elements[1].offset == 59);
}

TEST_CASE("onemo: AT+MQTTCFG=? lines with ranges decode to exact lists") {
    struct row {
        const char* line;
        onemo::cfg_item item;
        const char* ids;
        const char* values[3];
    };
    const row rows[] = {
        {"+MQTTCFG: \"version\",(0-5),(3,4)", onemo::cfg_item::version, "0-5", {"3,4", "", ""}},
        {"+MQTTCFG: \"cid\",(0-5),(1-15)", onemo::cfg_item::cid, "0-5", {"1-15", "", ""}},
        {"+MQTTCFG: \"ssl\",(0-5),(0,1),(0-5)", onemo::cfg_item::ssl, "0-5", {"0,1", "0-5", ""}},
        {"+MQTTCFG: \"keepalive\",(0-5),(0,60-65535)", onemo::cfg_item::keepalive, "0-5", {"0,60-65535", "", ""}},
        {"+MQTTCFG: \"clean\",(0-5),(0,1)", onemo::cfg_item::clean, "0-5", {"0,1", "", ""}},
        {"+MQTTCFG: \"retrans\",(0-5),(20-60),(0-3)", onemo::cfg_item::retrans, "0-5", {"20-60", "0-3", ""}},
        {"+MQTTCFG: \"willoption\",(0-5),(0,1),(0-2),(0,1)", onemo::cfg_item::willoption, "0-5", {"0,1", "0-2", "0,1"}},
        {"+MQTTCFG: \"willpayload\",(0-5),,", onemo::cfg_item::willpayload, "0-5", {"", "", ""}},
        {"+MQTTCFG: \"pingreq\",(0-5),(60-86400)", onemo::cfg_item::pingreq, "0-5", {"60-86400", "", ""}},
        {"+MQTTCFG: \"pingresp\",(0-5),(0,1)", onemo::cfg_item::pingresp, "0-5", {"0,1", "", ""}},
        {"+MQTTCFG: \"encoding\",(0-5),(0-2),(0,1)", onemo::cfg_item::encoding, "0-5", {"0-2", "0,1", ""}},
        {"+MQTTCFG: \"cached\",(0-5),(0,1)", onemo::cfg_item::cached, "0-5", {"0,1", "", ""}},
        {"+MQTTCFG: \"reconn\",(0-5),(0-3),(20-60),(0,1)", onemo::cfg_item::reconn, "0-5", {"0-3", "20-60", "0,1"}},
        {"+MQTTCFG: \"reconn\",(0~2),(0,1)", onemo::cfg_item::reconn, "0-2", {"", "", "0,1"}},  // as the manual: <mode> only
        {"+MQTTCFG: \"version\", (0-2), (4)", onemo::cfg_item::version, "0-2", {"4", "", ""}},
    };
    for (const row& w : rows) {
        INFO(w.line);
        auto r = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes(w.line)));
        REQUIRE(r.ok());
        CHECK(item_of(*r) == w.item);
        CHECK(r->elements[0].kind == element_kind::list);
        CHECK(items_of(r->elements[0]) == w.ids);
        for (std::size_t k = 0; k < 3; ++k) {
            CHECK(r->elements[k + 1].kind == (*w.values[k] ? element_kind::list : element_kind::absent));
            if (*w.values[k]) CHECK(items_of(r->elements[k + 1]) == w.values[k]);
        }
    }
    auto k = answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes("+MQTTCFG: \"keepalive\",(0-5),(0,60-65535)")));
    CHECK(k->elements[1].low == 0);
    CHECK(k->elements[1].high == 65535);
    CHECK(k->elements[1].contains(0));
    CHECK_FALSE(k->elements[1].contains(59));
    CHECK(k->elements[1].contains(60));
    CHECK(k->elements[1].text == "0,60-65535");
    CHECK(k->elements[1].offset == 29);  // the first item, inside the parentheses
    CHECK(k->elements[0].offset == 23);
}

TEST_CASE("onemo: AT+MQTTCONN=? as the manual prints it, and with ranges") {
    auto m = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(bytes("+MQTTCONN: <connect_id>, <host>, <port>, <clientid>, <user>, <passwd>")));
    REQUIRE(m.ok());
    const at::test_element* all[] = {&m->elements[0], &m->elements[1], &m->elements[2], &m->elements[3], &m->elements[4], &m->elements[5]};
    const char* names[] = {"<connect_id>", "<host>", "<port>", "<clientid>", "<user>", "<passwd>"};
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(all[i]->kind == element_kind::placeholder);
        CHECK(all[i]->text == names[i]);
    }
    CHECK(m->elements[2].offset == 33);
    auto r = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(bytes("+MQTTCONN: (0-5),\"host\",(1-65535),\"clientid\",\"user\",\"passwd\"")));
    REQUIRE(r.ok());
    CHECK(items_of(r->elements[0]) == "0-5");
    CHECK((r->elements[1].kind == element_kind::text && r->elements[1].text == "host"));
    CHECK(items_of(r->elements[2]) == "1-65535");
    CHECK(r->elements[5].text == "passwd");
    auto short_form = answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(bytes("+MQTTCONN: (0-2),<host>")));
    REQUIRE(short_form.ok());
    CHECK(items_of(short_form->elements[0]) == "0-2");
    CHECK_FALSE(short_form->elements[2].present());
}

TEST_CASE("onemo: malformed test answers, exact errc and offset") {
    auto c = [](const char* t) { return answer(onemo::test_answers, onemo::cmd::mqttcfg, atmqtt::at::line_event(bytes(t))); };
    CHECK(c("+MQTTCONN: (0-5)").error() == errc::at_unknown_response);
    CHECK(c("OK").error() == errc::at_unknown_response);
    CHECK(c("+MQTTCFG: \"query\",(0-5)").error() == errc::at_invalid_enum);
    CHECK(c("+MQTTCFG: \"query\",(0-5)").offset() == 11);
    CHECK(c("+MQTTCFG: \"bogus\",(0-5)").error() == errc::at_invalid_enum);
    CHECK(c("+MQTTCFG: \"version\"").error() == errc::at_missing_field);
    CHECK(c("+MQTTCFG:").error() == errc::at_missing_field);
    CHECK(c("+MQTTCFG: \"version\",,(3,4)").error() == errc::at_missing_field);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(3,4),(1)").error() == errc::at_too_many_fields);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(3,4),(1)").offset() == 32);
    CHECK(c("+MQTTCFG: \"version\",(0-5),4").error() == errc::at_type_mismatch);
    CHECK(c("+MQTTCFG: \"version\",(0-5),4").offset() == 26);
    CHECK(c("+MQTTCFG: \"version\",(0-5),\"4\"").error() == errc::at_type_mismatch);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(x)").error() == errc::at_invalid_integer);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(x)").offset() == 27);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(\"3\")").error() == errc::at_invalid_integer);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(4-3)").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(3-)").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),()").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(3,,4)").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(3,4").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),3,4)").error() == errc::at_invalid_range);
    CHECK(c("+MQTTCFG: \"version\",(0-5),(99999999999999999999)").error() == errc::at_integer_overflow);
    CHECK(c("+MQTTCFG: \"willpayload\",(0-5),(0-256),").error() == errc::at_type_mismatch);  // a list for a string
    CHECK(c("+MQTTCFG: \"reconn\",(0-5),(0-3),(20-60),(0,1),(1)").error() == errc::at_too_many_fields);
    CHECK(c("+MQTTCFG: \"reconn\",(0-5),(0-3),(20-60),(0,1),(1)").offset() == 45);  // at the fifth element
    auto n = [](const char* t) { return answer(onemo::test_answers, onemo::cmd::mqttconn, atmqtt::at::line_event(bytes(t))); };
    CHECK(n("+MQTTCONN: <connect_id>").error() == errc::at_missing_field);
    CHECK(n("+MQTTCONN: ,<host>").error() == errc::at_missing_field);
    CHECK(n("+MQTTCONN: (0-5),<host>,(1-65535),<c>,<u>,<p>,<x>").error() == errc::at_too_many_fields);
    CHECK(n("+MQTTCONN: (0-5),<host>,(1-65535),<c>,<u>,<p>,<x>").offset() == 46);  // at the seventh
    // More elements than the reader keeps (seven): too many too, at the eighth.
    CHECK(n("+MQTTCONN: (0-5),<host>,(1-65535),<c>,<u>,<p>,<x>,<y>").error() == errc::at_too_many_fields);
    CHECK(n("+MQTTCONN: (0-5),<host>,(1-65535),<c>,<u>,<p>,<x>,<y>").offset() == 50);
    CHECK(n("+MQTTCONN: (0-5),<host>,(1-65535),<c>,<u>,<p>,<x>").offset() == 46);
    CHECK(n("+MQTTCONN: (0-5),<host>,1883").error() == errc::at_type_mismatch);
    CHECK(n("+MQTTCONN: (0-5),(1-2)").error() == errc::at_type_mismatch);
    CHECK(n("+MQTTCONN: (0-5),\"host").error() == errc::at_unterminated_quote);
    CHECK(n("+MQTTCFG: \"version\",(0-5)").error() == errc::at_unknown_response);
}
