#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <string>
#include <vector>

#include "../catch.hpp"
#include "../at/test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using at::form;
using atmqtt_tool::route;
using atmqtt::errc;

namespace {

// One routed event as a readable string: "kind[ COMMAND][ desc-prefix[/selector]]|text", or
// "error <errc>|text". Consecutive data pieces are merged.
std::string describe(const atmqtt::result<atmqtt_tool::routed>& r, const at::event& ev) {
    if (!r.ok()) return "error " + std::string(atmqtt::to_string(r.error())) + "|" + std::string(ev.text);
    std::string s(atmqtt_tool::to_string(r->kind));
    if (r->cmd != nullptr) {
        s += ' ';
        s += r->cmd->name;
    }
    if (r->desc != nullptr) {
        s += ' ';
        s += r->desc->prefix;
        if (!r->desc->selector.empty()) {
            s += '/';
            s += r->desc->selector;
        }
    }
    return s + "|" + std::string(r->text);
}

struct harness {
    at::tokenizer<256> tok{td::payload_rule_span, td::lexical};
    atmqtt_tool::transaction tx{td::grammar};
    std::vector<std::string> trace;

    void drain() {
        while (at::event ev = tok.next()) {
            std::string d = describe(tx.on_event(ev), ev);
            if (ev.is_data() && !trace.empty() && trace.back().rfind("data", 0) == 0) {
                trace.back() += d.substr(d.find('|') + 1);
            } else {
                trace.push_back(d);
            }
        }
    }
    void feed(std::string_view bytes) {
        REQUIRE(tok.feed(bytes).ok());
        drain();
    }
};

using trace_t = std::vector<std::string>;

// Runs the modem's output through tokenizer and transaction, all at once, one byte at a time, and split
// in two at every offset; every way must give `expected`.
void check_stream(const at::command* c, form f, const std::string& stream, const trace_t& expected) {
    auto fresh = [&] {
        harness h;
        if (c != nullptr) REQUIRE(h.tx.begin(*c, f).ok());
        return h;
    };
    {
        harness h = fresh();
        h.feed(stream);
        CHECK(h.trace == expected);
    }
    {
        harness h = fresh();
        for (char ch : stream) h.feed(std::string_view(&ch, 1));
        CHECK(h.trace == expected);
    }
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
        harness h = fresh();
        h.feed(std::string_view(stream).substr(0, cut));
        h.feed(std::string_view(stream).substr(cut));
        CAPTURE(cut);
        CHECK(h.trace == expected);
        if (h.trace != expected) break;  // one failing split is enough to read
    }
}

std::string join(const std::vector<std::string>& units) {
    std::string s;
    for (const auto& u : units) s += u;
    return s;
}

// A base exchange as units (each yields exactly one trace entry), then the same exchange with a URC
// inserted at every unit boundary: the URC must come out at that place, everything else unchanged.
void check_interleaved(const at::command& c, form f, const std::vector<std::string>& units,
                       const trace_t& base, const std::string& urc_unit, const std::string& urc_entry) {
    REQUIRE(units.size() == base.size());
    check_stream(&c, f, join(units), base);
    for (std::size_t at_unit = 0; at_unit <= units.size(); ++at_unit) {
        std::vector<std::string> u = units;
        u.insert(u.begin() + static_cast<std::ptrdiff_t>(at_unit), urc_unit);
        trace_t expected = base;
        expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(at_unit), urc_entry);
        CAPTURE(at_unit);
        check_stream(&c, f, join(u), expected);
    }
}

// URCs to interleave: a plain one, one with a raw payload holding CR LF, quotes, commas and "OK", a
// selector URC with a quoted payload, and one the grammar does not know.
struct urc_case {
    std::string unit;
    std::string entry;
};
const std::vector<urc_case> urcs = {
    {"\r\n+TSTAT: 0,1\r\n", "urc +TSTAT|+TSTAT: 0,1"},
    {"\r\n+TURC: \"publish\",0,3,\"a/b\",9,9,x\r\nOK\r\n\",\r\n",
     "urc +TURC/publish|+TURC: \"publish\",0,3,\"a/b\",9,9,x\r\nOK\r\n\","},
    {"\r\n+TRCVPUB:7,\"t\",4,\"\r\n>\"\"\r\n", "urc +TRCVPUB|+TRCVPUB:7,\"t\",4,\"\r\n>\"\""},
    // a URC that is also TCONN's result: while another command (or none) runs, the link's state
    {"\r\n+TURC: \"conn\",1,4\r\n", "urc +TURC/conn|+TURC: \"conn\",1,4"},
    {"\r\n+CREG: 1\r\n", "urc|+CREG: 1"},
    {"\r\nRDY\r\n", "urc RDY|RDY"},
};

}  // namespace

TEST_CASE("transaction: set form with a deferred result of the same prefix") {
    const std::vector<std::string> units = {"AT+TOPEN=0,\"h\",1883\r", "\r\nOK\r\n", "\r\n+TOPEN: 0,0\r\n"};
    const trace_t base = {"echo TOPEN|AT+TOPEN=0,\"h\",1883", "final_ok TOPEN|OK",
                          "deferred TOPEN +TOPEN|+TOPEN: 0,0"};
    for (const auto& u : urcs) check_interleaved(td::open, form::set, units, base, u.unit, u.entry);
}

TEST_CASE("transaction: read form: the same prefix is an information response") {
    const std::vector<std::string> units = {"AT+TOPEN?\r", "\r\n+TOPEN: 0,\"h\",1883\r\n", "\r\nOK\r\n"};
    const trace_t base = {"echo TOPEN|AT+TOPEN?", "response TOPEN +TOPEN|+TOPEN: 0,\"h\",1883",
                          "final_ok TOPEN|OK"};
    for (const auto& u : urcs) check_interleaved(td::open, form::read, units, base, u.unit, u.entry);
}

TEST_CASE("transaction: a prompt, data sent, then OK and the deferred result") {
    const std::vector<std::string> units = {"AT+TPUB=0,1,1,0,\"t\",5\r", "\r\n> ", "\r\nOK\r\n",
                                            "\r\n+TPUB: 0,1,0\r\n"};
    const trace_t base = {"echo TPUB|AT+TPUB=0,1,1,0,\"t\",5", "prompt TPUB|>", "final_ok TPUB|OK",
                          "deferred TPUB +TPUB|+TPUB: 0,1,0"};
    for (const auto& u : urcs) check_interleaved(td::pub, form::set, units, base, u.unit, u.entry);
}

// A file upload in the manner of Quectel's AT+QFUPL: CONNECT asks for the data, the answer comes after.
inline constexpr at::field_spec upload_params[] = {at::integer("size", 1, 10000)};
inline constexpr at::command upload =
    at::cmd("TUPL", form::test | form::set, upload_params).responds_with("+TPUB").with_connect_phase();
constexpr at::table_error command_error(const at::command& c) {
    std::size_t field_at = 0;
    return at::detail::check_command(at::grammar{"t", {&c, 1}, td::grammar.lines}, 0, field_at);
}

TEST_CASE("transaction: CONNECT of a command with a data phase is its prompt, not its final result") {
    STATIC_REQUIRE(upload.is(at::command::connect_bit));
    STATIC_REQUIRE(command_error(upload) == at::table_error::none);
    const std::vector<std::string> units = {"AT+TUPL=5\r", "\r\nCONNECT\r\n", "\r\n+TPUB: 5,1a\r\n",
                                            "\r\nOK\r\n"};
    const trace_t base = {"echo TUPL|AT+TUPL=5", "prompt TUPL|CONNECT", "response TUPL +TPUB|+TPUB: 5,1a",
                          "final_ok TUPL|OK"};
    check_stream(&upload, form::set, join(units), base);
    // Any other command (or the test form of this one): CONNECT ends it.
    check_stream(&td::sub, form::set, "AT+TSUB=0,1,\"a\",0\r\r\nCONNECT\r\n",
                 {"echo TSUB|AT+TSUB=0,1,\"a\",0", "final_ok TSUB|CONNECT"});
    check_stream(&upload, form::test, "\r\nCONNECT\r\n", {"final_ok TUPL|CONNECT"});
    // A command without a set form cannot have a data phase.
    STATIC_REQUIRE(command_error(at::cmd("TUPL", form::test).with_connect_phase()) ==
                   at::table_error::prompt_without_set);
}

TEST_CASE("transaction: ERROR and +CME ERROR end the command") {
    const trace_t base = {"echo TSUB|AT+TSUB=0,1,\"a\",0", "final_error TSUB|ERROR"};
    for (const auto& u : urcs)
        check_interleaved(td::sub, form::set, {"AT+TSUB=0,1,\"a\",0\r", "\r\nERROR\r\n"}, base, u.unit,
                          u.entry);
    const trace_t cme = {"echo TCONN|AT+TCONN=0,\"h\",1", "final_error TCONN|+CME ERROR: 604"};
    for (const auto& u : urcs) {
        if (u.unit.find("conn") != std::string::npos) continue;  // TCONN's own result kind: below
        check_interleaved(td::conn, form::set, {"AT+TCONN=0,\"h\",1\r", "\r\n+CME ERROR: 604\r\n"}, cme,
                          u.unit, u.entry);
    }
    // Before the error it may be TCONN's result; after the error TCONN has none to come: the link's state.
    check_stream(&td::conn, form::set, "\r\n+TURC: \"conn\",0,4\r\n\r\nERROR\r\n\r\n+TURC: \"conn\",0,4\r\n",
                 {"deferred TCONN +TURC/conn|+TURC: \"conn\",0,4", "final_error TCONN|ERROR",
                  "urc +TURC/conn|+TURC: \"conn\",0,4"});
}

TEST_CASE("transaction: responses that carry a raw payload belong to the command") {
    // AT+TRECV's answer has the prefix of the +TRECV URC; while TRECV is pending it is the response.
    const std::vector<std::string> units = {"AT+TRECV=0,1\r", "\r\n+TRECV: 0,7,\"t/x\",5,a\r\nb,\r\n",
                                            "\r\nOK\r\n"};
    const trace_t base = {"echo TRECV|AT+TRECV=0,1", "response TRECV +TRECV|+TRECV: 0,7,\"t/x\",5,a\r\nb,",
                          "final_ok TRECV|OK"};
    for (const auto& u : urcs) check_interleaved(td::recv, form::set, units, base, u.unit, u.entry);
    // The same line with no command pending is the URC; without its length it runs to the line end.
    check_stream(nullptr, form::set, "\r\n+TRECV: 0,7,\"t/x\",5,a\r\nb,\r\n\r\n+TRECV: 0,8,\"t\",x,y\r\n",
                 {"urc +TRECV|+TRECV: 0,7,\"t/x\",5,a\r\nb,", "urc +TRECV|+TRECV: 0,8,\"t\",x,y"});
}

TEST_CASE("transaction: a deferred result with a different prefix (selector URC)") {
    const std::vector<std::string> units = {"AT+TCONN=0,\"h\",1883\r", "\r\nOK\r\n",
                                            "\r\n+TURC: \"conn\",0,0\r\n"};
    const trace_t base = {"echo TCONN|AT+TCONN=0,\"h\",1883", "final_ok TCONN|OK",
                          "deferred TCONN +TURC/conn|+TURC: \"conn\",0,0"};
    check_interleaved(td::conn, form::set, units, base, urcs[0].unit, urcs[0].entry);
    // Arriving before OK, it is still not taken for a response of the command.
    check_stream(&td::conn, form::set, "\r\n+TURC: \"conn\",0,0\r\n\r\nOK\r\n",
                 {"deferred TCONN +TURC/conn|+TURC: \"conn\",0,0", "final_ok TCONN|OK"});
}

TEST_CASE("transaction: an earlier command's deferred result is not this command's response") {
    // TSUB set: a +TSUB line before OK is a deferred result (maybe of an earlier TSUB), never a response.
    check_stream(&td::sub, form::set,
                 "AT+TSUB=0,2,\"b\",1\r\r\n+TSUB: 0,1,0,1\r\n\r\nOK\r\n\r\n+TSUB: 0,2,0,1\r\n",
                 {"echo TSUB|AT+TSUB=0,2,\"b\",1", "deferred TSUB +TSUB|+TSUB: 0,1,0,1", "final_ok TSUB|OK",
                  "deferred TSUB +TSUB|+TSUB: 0,2,0,1"});
    // A command answering with another command's prefix (TPUBHEX -> +TPUB) gets the same treatment.
    check_stream(&td::pubhex, form::set, "\r\nOK\r\n\r\n+TPUB: 0,3,0\r\n",
                 {"final_ok TPUBHEX|OK", "deferred TPUBHEX +TPUB|+TPUB: 0,3,0"});
}

TEST_CASE("transaction: information lines after OK still belong to the completed command") {
    check_stream(&td::state, form::read, "\r\nOK\r\n\r\n+TSTATE: CONNECTED\r\n",
                 {"final_ok TSTATE|OK", "response TSTATE +TSTATE|+TSTATE: CONNECTED"});
    // ... and unprefixed lines while a command is pending are its response (ATI-style text).
    check_stream(&td::state, form::read, "\r\nModem X\r\nRevision: 1\r\n\r\nOK\r\n",
                 {"response TSTATE|Modem X", "response TSTATE|Revision: 1", "final_ok TSTATE|OK"});
    // A sub-command's responses use the command's prefix.
    check_stream(&td::cfg_keepalive_cmd, form::set, "\r\n+TCFG: \"keepalive\",120\r\n\r\nOK\r\n",
                 {"response TCFG +TCFG/keepalive|+TCFG: \"keepalive\",120", "final_ok TCFG|OK"});
    // ... but not a line of a URC's shape that none of the prefix's response lines has: a new message.
    check_stream(&td::recv, form::set, "\r\nOK\r\n\r\n+TRECV: 0,7,\"t/x\",5,hello\r\n",
                 {"final_ok TRECV|OK", "urc +TRECV|+TRECV: 0,7,\"t/x\",5,hello"});
}

TEST_CASE("transaction: what nobody waits for is reported, not attributed") {
    // No command pending: a final result, a prompt, an echo, a response line.
    check_stream(nullptr, form::set, "\r\nOK\r\n\r\nERROR\r\n\r\n> \r\nAT+TOPEN?\r\n+TSTATE: CONNECTED\r\n",
                 {"error at_unexpected_response|OK", "error at_unexpected_response|ERROR",
                  "error at_unexpected_response|>", "error at_unexpected_response|AT+TOPEN?",
                  "error at_unexpected_response|+TSTATE: CONNECTED"});
    // Pending TOPEN: a prompt (TOPEN has none), an echo of another command.
    check_stream(
        &td::open, form::set, "AT+TSUB=1\r\r\n> \r\nOK\r\n",
        {"error at_unexpected_response|AT+TSUB=1", "error at_unexpected_response|>", "final_ok TOPEN|OK"});
    // The lines of other parts of the modem are URCs without a descriptor, even mid-command.
    check_stream(&td::open, form::read, "\r\n+CPIN: READY\r\n\r\nOK\r\n",
                 {"urc|+CPIN: READY", "final_ok TOPEN|OK"});
    // Selectors match without regard to ASCII case.
    check_stream(nullptr, form::set, "\r\n+TURC: \"CONN\",0,0\r\n",
                 {"urc +TURC/conn|+TURC: \"CONN\",0,0"});
    // A selector the grammar does not list is an unknown URC, not another kind's descriptor.
    check_stream(nullptr, form::set, "\r\n+TURC: \"pingresp\",0,0\r\n", {"urc|+TURC: \"pingresp\",0,0"});
}

TEST_CASE("transaction: echo recognition") {
    check_stream(&td::disc, form::execute, "AT+TDISC\r\r\nOK\r\n",
                 {"echo TDISC|AT+TDISC", "final_ok TDISC|OK"});
    check_stream(&td::disc, form::execute, "at+tdisc\r\r\nOK\r\n",
                 {"echo TDISC|at+tdisc", "final_ok TDISC|OK"});
    check_stream(&td::open, form::test, "AT+TOPEN=?\r\r\n+TOPEN: (0-5),\"hostname\",(1-65535)\r\n\r\nOK\r\n",
                 {"echo TOPEN|AT+TOPEN=?", "response TOPEN +TOPEN|+TOPEN: (0-5),\"hostname\",(1-65535)",
                  "final_ok TOPEN|OK"});
    // Only "AT+" lines are echoes: text that merely starts with "AT" is a response or a URC.
    check_stream(&td::state, form::read, "\r\nATTACHED\r\n\r\nOK\r\n\r\nATTACHED\r\n",
                 {"response TSTATE|ATTACHED", "final_ok TSTATE|OK", "urc|ATTACHED"});
    // A longer name that merely starts with the command's is not its echo.
    check_stream(&td::pub, form::set, "AT+TPUBHEX=t,0,41\r",
                 {"error at_unexpected_response|AT+TPUBHEX=t,0,41"});
}

TEST_CASE("transaction: prefixes are read with the dialect's tolerances") {
    // The test dialect tolerates the fullwidth colon and a space before ':', not '=' after a prefix.
    check_stream(
        nullptr, form::set, "\r\n+TURC\xEF\xBC\x9A\"conn\",0,0\r\n\r\n+TSTAT :0,1\r\n\r\n+TSTAT=0,1\r\n",
        {"urc +TURC/conn|+TURC\xEF\xBC\x9A\"conn\",0,0", "urc +TSTAT|+TSTAT :0,1", "urc|+TSTAT=0,1"});
    // A dialect that allows '=' (RisingHF's +IMQTTUNSUB=7,0) finds the descriptor.
    const at::grammar equals{"equals", td::commands, td::lines, td::lexical.with(at::lex::equals_as_colon)};
    atmqtt_tool::transaction tx(equals);
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = "+TSTAT=0,1";
    auto r = tx.on_event(ev);
    REQUIRE(r.ok());
    CHECK(r->kind == route::urc);
    CHECK(r->desc == &td::stat_urc);
}

TEST_CASE("transaction: begin, busy, abort") {
    atmqtt_tool::transaction tx(td::grammar);
    CHECK(tx.current_state() == atmqtt_tool::transaction::state::idle);
    CHECK(tx.current() == nullptr);
    REQUIRE(tx.begin(td::open, form::set).ok());
    CHECK(tx.pending());
    CHECK(tx.current() == &td::open);
    CHECK(tx.begin(td::sub, form::set).error() == errc::at_busy);
    CHECK(tx.current() == &td::open);  // unchanged
    tx.abort();
    CHECK(!tx.pending());
    CHECK(tx.current() == nullptr);
    CHECK(tx.begin(td::sub, form::read).error() == errc::at_unsupported_form);
    CHECK(tx.current_state() == atmqtt_tool::transaction::state::idle);

    // Busy through the prompt too; free again after the final result.
    REQUIRE(tx.begin(td::pub, form::set).ok());
    at::event prompt{};
    prompt.kind = at::event_kind::prompt;
    auto r = tx.on_event(prompt);
    REQUIRE(r.ok());
    CHECK(r->kind == route::prompt);
    CHECK(tx.current_state() == atmqtt_tool::transaction::state::prompted);
    CHECK(tx.begin(td::open, form::set).error() == errc::at_busy);
    at::event ok{};
    ok.kind = at::event_kind::line;
    ok.text = "OK";
    r = tx.on_event(ok);
    REQUIRE(r.ok());
    CHECK(r->kind == route::final_ok);
    CHECK(r->cmd == &td::pub);
    CHECK(tx.current_state() == atmqtt_tool::transaction::state::done);
    CHECK(tx.begin(td::open, form::set).ok());

    // A tokenizer error passes through with its offset; the state is unchanged.
    at::event err{};
    err.kind = at::event_kind::error;
    err.error = errc::at_line_too_long;
    err.offset = 256;
    r = tx.on_event(err);
    CHECK(r.error() == errc::at_line_too_long);
    CHECK(r.offset() == 256);
    CHECK(tx.pending());
    CHECK(tx.on_event(at::event{}).value().kind == route::none);
}

TEST_CASE("transaction: the final result's kind and code, and the dialect's own error prefix") {
    atmqtt_tool::transaction tx(td::grammar);
    auto line = [](std::string_view text) {
        at::event ev{};
        ev.kind = at::event_kind::line;
        ev.text = text;
        return ev;
    };
    REQUIRE(tx.begin(td::conn, form::set).ok());
    auto r = tx.on_event(line("+CME ERROR: 604"));
    REQUIRE(r.ok());
    CHECK(r->kind == route::final_error);
    CHECK(r->final.kind == at::final_kind::cme_error);
    CHECK(r->final.has_code);
    CHECK(r->final.code == 604);
    CHECK(tx.current_state() == atmqtt_tool::transaction::state::failed);
    CHECK(tx.current() == &td::conn);

    REQUIRE(tx.begin(td::conn, form::set).ok());
    r = tx.on_event(line("+CIS ERROR: 601"));  // the test dialect's alias (OneMO's spelling)
    REQUIRE(r.ok());
    CHECK(r->kind == route::final_error);
    CHECK(r->final.kind == at::final_kind::ext_error);
    CHECK(r->final.code == 601);

    REQUIRE(tx.begin(td::disc, form::execute).ok());
    r = tx.on_event(line("NO CARRIER"));
    REQUIRE(r.ok());
    CHECK(r->kind == route::final_error);
    CHECK(r->final.kind == at::final_kind::no_carrier);

    REQUIRE(tx.begin(td::disc, form::execute).ok());
    r = tx.on_event(line("OK"));
    REQUIRE(r.ok());
    CHECK(r->kind == route::final_ok);
    CHECK(r->final.kind == at::final_kind::ok);
    CHECK(!r->final.has_code);

    // Without the alias, "+CIS ERROR: 601" is just an unknown URC.
    atmqtt_tool::transaction plain(td::lines, td::lexical);
    REQUIRE(plain.begin(td::conn, form::set).ok());
    r = plain.on_event(line("+CIS ERROR: 601"));
    REQUIRE(r.ok());
    CHECK(r->kind == route::urc);
    CHECK(r->desc == nullptr);
    CHECK(plain.pending());
}

TEST_CASE("transaction: after a timeout the caller aborts; late lines are not attributed") {
    harness h;
    REQUIRE(h.tx.begin(td::pub, form::set).ok());
    h.feed("AT+TPUB=0,1,1,0,\"t\",5\r\r\n> ");
    CHECK(h.tx.current_state() == atmqtt_tool::transaction::state::prompted);
    h.tx.abort();  // the caller's timer expired before OK
    h.feed("\r\nOK\r\n\r\n+TPUB: 0,1,0\r\n\r\n+TSTAT: 0,1\r\n");
    CHECK(h.trace == trace_t{"echo TPUB|AT+TPUB=0,1,1,0,\"t\",5", "prompt TPUB|>",
                             "error at_unexpected_response|OK", "deferred +TPUB|+TPUB: 0,1,0",
                             "urc +TSTAT|+TSTAT: 0,1"});
    // The next command starts clean.
    REQUIRE(h.tx.begin(td::state, form::read).ok());
    h.feed("\r\n+TSTATE: CONNECTED\r\n\r\nOK\r\n");
    CHECK(h.trace.back() == "final_ok TSTATE|OK");
    CHECK(h.trace[h.trace.size() - 2] == "response TSTATE +TSTATE|+TSTATE: CONNECTED");
}

TEST_CASE("transaction: prefix aliases read as their prefix") {
    // +TURX is the test dialect's misspelling of +TURC (OneMO's +MQTTUTC), +TOOPEN of +TOPEN; the
    // tokenizer counts +TURX "publish" payloads through the alias rule payload_rules_of adds.
    check_stream(&td::open, form::set,
                 "\r\nOK\r\n\r\n+TURX: \"publish\",0,3,\"a/b\",4,4,x\r\n,\r\n\r\n+TOOPEN: 0,0\r\n"
                 "\r\n+TURX: \"conn\",0,0\r\n",
                 {"final_ok TOPEN|OK", "urc +TURC/publish|+TURX: \"publish\",0,3,\"a/b\",4,4,x\r\n,",
                  "deferred TOPEN +TOPEN|+TOOPEN: 0,0", "urc +TURC/conn|+TURX: \"conn\",0,0"});
    // As a response prefix too.
    check_stream(&td::open, form::read, "\r\n+TOOPEN: 0,\"h\",1\r\n\r\nOK\r\n",
                 {"response TOPEN +TOPEN|+TOOPEN: 0,\"h\",1", "final_ok TOPEN|OK"});
}

TEST_CASE("transaction: announced data blocks belong to the pending command") {
    harness h;
    REQUIRE(h.tx.begin(td::recv, form::set).ok());
    h.feed("\r\n+TRECV: 0,1,\"t\",3,abc\r\n");
    REQUIRE(h.tok.expect_data(4).ok());
    h.feed("\r\nOK");
    h.feed("\r\n\r\nOK\r\n");
    CHECK(h.trace ==
          trace_t{"response TRECV +TRECV|+TRECV: 0,1,\"t\",3,abc", "data TRECV|\r\nOK", "final_ok TRECV|OK"});
}

namespace {
// The transaction is usable in constant expressions too.
constexpr bool constexpr_route() {
    atmqtt_tool::transaction tx(td::grammar);
    if (!tx.begin(td::open, form::set).ok()) return false;
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = "OK";
    auto a = tx.on_event(ev);
    ev.text = "+TOPEN: 0,0";
    auto b = tx.on_event(ev);
    return a.ok() && a.value().kind == route::final_ok && b.ok() && b.value().kind == route::deferred &&
           b.value().desc == &td::open_result && b.value().cmd == &td::open;
}
static_assert(constexpr_route());
}  // namespace

// Issue 17: a line that is both a URC and a command's deferred result (OneMO's "conn", RisingHF's
// +IMQTTCONN) is that command's result once, after its OK; a later one is the URC (the link's loss), and
// the next command's result is its own again.
TEST_CASE("transaction: a deferred result that is also a URC is a URC once the result was delivered") {
    struct deferred_case {
        const at::grammar* g;
        const at::command* cmd;
        form f;
        const char* result;
        const char* later;
    };
    const deferred_case cases[] = {
        {&atmqtt::onemo::grammar, &atmqtt::onemo::cmd::mqttconn, form::set, "+MQTTURC: \"conn\",0,0", "+MQTTURC: \"conn\",0,4"},
        {&atmqtt::onemo::grammar, &atmqtt::onemo::cmd::mqttdisc, form::set, "+MQTTURC: \"conn\",0,3", "+MQTTUTC: \"conn\",0,4"},
        {&atmqtt::risinghf::grammar, &atmqtt::risinghf::cmd::imqttconn, form::execute, "+IMQTTCONN:1", "+IMQTTCONN:-1"},
        {&atmqtt::risinghf::grammar, &atmqtt::risinghf::cmd::imqttdisconn, form::execute, "+IMQTTCONN:0", "+IMQTTCONN:-1"},
    };
    auto line = [](const char* text) {
        at::event e{};
        e.kind = at::event_kind::line;
        e.text = atmqtt::bytes(text);
        return e;
    };
    for (const deferred_case& c : cases) {
        INFO(c.cmd->name);
        atmqtt_tool::transaction tx(*c.g);
        for (int round = 0; round < 2; ++round) {
            REQUIRE(tx.begin(*c.cmd, c.f).ok());
            auto ok = tx.on_event(line("OK"));
            REQUIRE(ok.ok());
            CHECK(ok->kind == route::final_ok);
            auto result = tx.on_event(line(c.result));
            REQUIRE(result.ok());
            CHECK(result->kind == route::deferred);
            CHECK(result->cmd == c.cmd);
            auto later = tx.on_event(line(c.later));
            REQUIRE(later.ok());
            CHECK(later->kind == route::urc);
            CHECK(later->cmd == nullptr);
            REQUIRE(later->desc != nullptr);
            CHECK(later->desc == &c.g->lines[c.cmd->deferred]);
        }
    }
}

// The same lines while another command runs, or none was begun: the link's loss, a URC (it was
// `deferred` without a command, which code written like the header's example never saw).
TEST_CASE("transaction: a URC that is another command's deferred result is a URC") {
    struct other_case {
        const at::grammar* g;
        const at::command* cmd;  // null: nothing begun
        const char* first;       // the command's own answer first, if any
        const char* later;
    };
    const other_case cases[] = {
        {&atmqtt::onemo::grammar, &atmqtt::onemo::cmd::mqttsub, "+MQTTSUB: 0,7", "+MQTTURC: \"conn\",0,4"},
        {&atmqtt::onemo::grammar, nullptr, nullptr, "+MQTTURC: \"conn\",0,4"},
        {&atmqtt::risinghf::grammar, &atmqtt::risinghf::cmd::imqttsub, nullptr, "+IMQTTCONN:-1"},
        {&atmqtt::risinghf::grammar, nullptr, nullptr, "+IMQTTCONN:-1"},
    };
    for (const other_case& c : cases) {
        INFO(c.later);
        atmqtt_tool::transaction tx(*c.g);
        if (c.cmd != nullptr) REQUIRE(tx.begin(*c.cmd, form::set).ok());
        if (c.first != nullptr) CHECK(tx.on_event(at::line_event(c.first))->kind == route::response);
        for (int i = 0; i < 2; ++i) {  // before and after OK
            auto r = tx.on_event(at::line_event(c.later));
            REQUIRE(r.ok());
            CHECK(r->kind == route::urc);
            CHECK(r->cmd == nullptr);
            CHECK(r->desc != nullptr);
            if (c.cmd != nullptr && i == 0) CHECK(tx.on_event(at::line_event("OK"))->kind == route::final_ok);
        }
    }
}

// Two response rows of one prefix whose shapes overlap ("+A: 1,2" fits both): the command sent names its
// row (answered_by), late lines included; a row of another prefix, or none, leaves the shape to decide.
TEST_CASE("transaction: a command's answer row names its response lines") {
    static constexpr at::field_spec pair[] = {at::integer("id", 0, 9), at::integer("n", 0, 9)};
    static constexpr at::field_spec listed[] = {at::string("name", 1, 9), at::integer("code", 0, 9)};
    static constexpr at::line rows[] = {at::response("+A", pair), at::response("+A", listed),
                                        at::response("+C", pair)};
    const at::command plain = at::cmd("A", form::set, pair);
    const at::command list = plain.answered_by(1);
    const at::command elsewhere = plain.answered_by(2);
    const at::event line = at::line_event("+A: 1,2");
    for (const at::command* c : {&plain, &list, &elsewhere}) {
        atmqtt_tool::transaction tx(rows, at::syntax{});
        REQUIRE(tx.begin(*c, form::set).ok());
        auto r = tx.on_event(line);
        REQUIRE(r.ok());
        CHECK(r->kind == route::response);
        CHECK(r->desc == &rows[c == &list ? 1 : 0]);
        REQUIRE(tx.on_event(at::line_event("OK"))->kind == route::final_ok);
        r = tx.on_event(line);  // after OK: still the command's
        REQUIRE(r.ok());
        CHECK(r->kind == route::response);
        CHECK(r->desc == &rows[c == &list ? 1 : 0]);
    }
}
