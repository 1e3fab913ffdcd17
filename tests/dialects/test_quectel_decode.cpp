// Quectel dialect, inbound, typed: every response, deferred result and URC decoded field-exact
// (constexpr where the decoder is), the shape rules for lines sharing a prefix, the +QMTRECV payload
// rules through the tokenizer, the text / hex data formats both ways, routing by shape, and malformed
// lines with their exact errc.
#include "../catch.hpp"

#include <atmqtt/at/tokenizer.hpp>
#include "../../tools/atmqtt/transaction.hpp"
#include <atmqtt/dialect/quectel.hpp>

#include <string>
#include <string_view>

namespace {

namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
using atmqtt::bytes;
using atmqtt::errc;

// The tokenizer's rule: +QMTRECV's payload follows field 3 (<payload_len>), which may be absent.
static_assert(at::payload_rules_of<q::grammar>.size() == 1);

template <class R>
constexpr errc error_of(const R& r) { return r.ok() ? errc::ok : r.error(); }

// A +QMTCFG query answer, any item, through the generic decoder: its row, and its present values in wire
// order (the selector is not among them).
struct cfg_answer {
    q::line_index row{};
    std::size_t count = 0;
    std::int64_t integer[8] = {};
    bytes text[8] = {};
};
constexpr atmqtt::result<cfg_answer> decode_cfg_answer(const at::event& ev) {
    auto d = at::decode<8>(q::grammar, ev);
    if (!d) return {d.error(), d.offset()};
    const auto row = static_cast<q::line_index>(d->desc - q::lines);
    if (row > q::line_cfg_protocol_check) return {errc::at_unknown_response, 0};  // another row
    cfg_answer out{};
    out.row = row;
    for (const at::field_value& v : d->fields()) {
        if (!v.present()) continue;
        out.integer[out.count] = v.number;
        out.text[out.count++] = v.text;
    }
    return out;
}

// Feeds one line through the tokenizer with the dialect's payload rule and returns its event.
struct fed {
    std::string storage;
    at::event ev;
};
fed feed_line(std::string_view text, std::size_t chunk = 0) {
    fed f;
    f.storage = std::string(text) + "\r\n";
    static at::tokenizer<256> tok(at::payload_rules_of<q::grammar>, q::grammar.lexical);
    tok.reset();
    std::size_t pos = 0;
    while (pos < f.storage.size()) {
        std::size_t n = chunk == 0 ? f.storage.size() : chunk;
        if (n > f.storage.size() - pos) n = f.storage.size() - pos;
        REQUIRE(tok.feed(bytes(f.storage.data() + pos, n)).ok());
        pos += n;
        while (at::event ev = tok.next()) f.ev = ev;
    }
    return f;
}

}  // namespace

TEST_CASE("quectel: classify tells lines with one prefix apart by shape") {
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTOPEN: 0,0")) == q::line_open_result);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTOPEN: 0,\"host\",1883")) == q::line_open_state);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,0,0")) == q::line_connect_result);
    // Issue 17: "0,3" cannot be a connect result (<result> is 0..2): it is the read answer whatever the
    // context (classify used to say connect_result, whose decoder then failed with out_of_range; the
    // generic decoder got it right). "0,2" fits both: the context decides.
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,3")) == q::line_connection_state);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,3"), at::form::read) == q::line_connection_state);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,2")) == q::line_connect_result);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,2"), at::form::read) == q::line_connection_state);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCONN: 0,2,0"), at::form::read) == q::line_connect_result);
    STATIC_REQUIRE(at::decode_as<q::connection_state>(at::line_event("+QMTCONN: 0,3")).ok());
    STATIC_REQUIRE(at::decode<8>(q::grammar, at::line_event(atmqtt::bytes("+QMTCONN: 0,3")))->desc == &q::lines[q::line_connection_state]);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTRECV: 0,1,\"t\",5,hello")) == q::line_received_message);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTRECV: 0,1")) == q::line_message_notice);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTRECV: 0,1,30")) == q::line_message_notice);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTRECV: 0,1,0,0,0,0")) == q::line_recv_status);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCCLOSE: 0,0")) == q::line_close_result);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCLOSE: 0,-1")) == q::line_close_result);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCFG: \"keepalive\",120")) == q::line_cfg_keepalive);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTCFG: \"SSL\",1,2")) == q::line_cfg_ssl);  // the manual's upper case
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTSTAT: 0,1")) == q::line_connection_closed);
    STATIC_REQUIRE(*q::classify(atmqtt::at::line_event("+QMTPING: 0,1")) == q::line_ping_result);
    STATIC_REQUIRE(error_of(q::classify(atmqtt::at::line_event("+QMTFOO: 0,1"))) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(q::classify(atmqtt::at::line_event("OK"))) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(q::classify(atmqtt::at::line_event("+QMTCFG: \"nosuch\",1"))) == errc::at_invalid_enum);
}

TEST_CASE("quectel: deferred results decode field-exact") {
    STATIC_REQUIRE(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 0,0"))->result == q::open_result_code::opened);
    STATIC_REQUIRE(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 5,-1"))->client_idx == 5);
    STATIC_REQUIRE(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 5,-1"))->result == q::open_result_code::failed);
    STATIC_REQUIRE(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 1,4"))->result == q::open_result_code::domain_resolution_failed);
    STATIC_REQUIRE(at::decode_as<q::close_result>(at::line_event("+QMTCLOSE: 0,0"))->result == 0);
    STATIC_REQUIRE(at::decode_as<q::close_result>(at::line_event("+QMTCCLOSE: 2,-1"))->client_idx == 2);
    STATIC_REQUIRE(at::decode_as<q::close_result>(at::line_event("+QMTCCLOSE: 2,-1"))->result == -1);
    STATIC_REQUIRE(at::decode_as<q::disconnect_result>(at::line_event("+QMTDISC: 0,0"))->result == 0);
    constexpr auto conn = at::decode_as<q::connect_result>(at::line_event("+QMTCONN: 0,0,0"));
    STATIC_REQUIRE(conn->result == q::send_result::acknowledged);
    STATIC_REQUIRE(*conn->ret_code == q::connack_code::accepted);
    constexpr auto conn_refused = at::decode_as<q::connect_result>(at::line_event("+QMTCONN: 1,0,4"));
    STATIC_REQUIRE(*conn_refused->ret_code == q::connack_code::bad_user_name_or_password);
    STATIC_REQUIRE(!at::decode_as<q::connect_result>(at::line_event("+QMTCONN: 0,2"))->ret_code.has_value());
    STATIC_REQUIRE(at::decode_as<q::connection_state>(at::line_event("+QMTCONN: 0,3"))->state == q::conn_state_code::connected);
    constexpr auto state = at::decode_as<q::open>(at::line_event("+QMTOPEN: 0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883"));
    STATIC_REQUIRE(state->host == "iot-as-mqtt.cn-shanghai.aliyuncs.com");
    STATIC_REQUIRE(state->port == 1883);

    // <value>: granted QoS vector (result 0), retransmission count (result 1), nothing (result 2)
    constexpr auto sub = at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,0,2"));
    STATIC_REQUIRE(sub->packet_id == 1);
    STATIC_REQUIRE(sub->granted_qos.count == 1);
    STATIC_REQUIRE(sub->granted_qos[0] == 2);
    constexpr auto sub3 = at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,7,0,0,1,128"));
    STATIC_REQUIRE(sub3->granted_qos.count == 3);
    STATIC_REQUIRE(sub3->granted_qos[1] == 1);
    STATIC_REQUIRE(sub3->granted_qos[2] == 128);
    constexpr auto retry = at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,1,3"));
    STATIC_REQUIRE(retry->granted_qos.count == 0);
    STATIC_REQUIRE(*retry->retransmit_count == 3);
    STATIC_REQUIRE(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,2"))->result == q::send_result::failed);
    constexpr auto uns = at::decode_as<q::unsubscribe_result>(at::line_event("+QMTUNS: 0,2,0"));
    STATIC_REQUIRE(uns->granted_qos.count == 0);
    STATIC_REQUIRE(!uns->retransmit_count.has_value());
    constexpr auto pub = at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,1,1,2"));
    STATIC_REQUIRE(pub->result == q::send_result::retransmitted);
    STATIC_REQUIRE(*pub->retransmit_count == 2);
    STATIC_REQUIRE(!at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,0,0"))->retransmit_count.has_value());
}

TEST_CASE("quectel: URCs and query answers decode field-exact") {
    constexpr auto stat = at::decode_as<q::connection_closed>(at::line_event("+QMTSTAT: 0,2"));
    STATIC_REQUIRE(stat->err_code == 2);
    STATIC_REQUIRE(at::find_error(q::errors, stat->err_code)->name == "ping_failed");
    STATIC_REQUIRE(at::find_error(q::errors, at::decode_as<q::connection_closed>(at::line_event("+QMTSTAT: 3,200"))->err_code)->name == "reserved");
    STATIC_REQUIRE(at::decode_as<q::ping_result>(at::line_event("+QMTPING: 4,1"))->client_idx == 4);
    constexpr auto notice = at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0,3"));
    STATIC_REQUIRE(notice->recv_id == 3);
    STATIC_REQUIRE(!notice->payload_len.has_value());
    STATIC_REQUIRE(*at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0,3,120"))->payload_len == 120);
    constexpr auto status = at::decode_as<q::recv_status>(at::line_event("+QMTRECV: 1,0,1,0,0,1"));
    STATIC_REQUIRE(status->client_idx == 1);
    STATIC_REQUIRE(status->store_status[1] == 1);
    STATIC_REQUIRE(status->store_status[4] == 1);
    STATIC_REQUIRE(status->store_status[0] == 0);
    constexpr auto fupl = at::decode_as<q::file_upload_result>(at::line_event("+QFUPL: 1758,384a"));
    STATIC_REQUIRE(fupl->upload_size == 1758);
    STATIC_REQUIRE(fupl->checksum == "384a");
    constexpr auto cfg = decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"timeout\",5,3,0"));
    STATIC_REQUIRE(cfg->row == q::line_cfg_timeout);
    STATIC_REQUIRE(cfg->count == 3);
    STATIC_REQUIRE(cfg->integer[1] == 3);
    constexpr auto will = decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"will\",1,1,0,\"will/topic\",\"offline\""));
    STATIC_REQUIRE(will->text[3] == "will/topic");
    STATIC_REQUIRE(will->text[4] == "offline");
    STATIC_REQUIRE(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"will\",0"))->count == 1);
    STATIC_REQUIRE(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"protocol/check\",0,1"))->integer[1] == 1);
    STATIC_REQUIRE(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"hwauth\",\"p\",\"s\",1"))->count == 3);
    STATIC_REQUIRE(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"edit/timeout\",0"))->count == 1);
}

TEST_CASE("quectel: any-item query answers and the classifier at run time") {
    const std::string timeout = "+QMTCFG: \"timeout\",5,3,0";
    auto cfg = decode_cfg_answer(atmqtt::at::line_event(atmqtt::bytes(timeout.data(), timeout.size())));
    REQUIRE(cfg.ok());
    CHECK(cfg->row == q::line_cfg_timeout);
    CHECK(cfg->count == 3);
    CHECK(cfg->integer[2] == 0);
    const std::string bad = "+QMTCFG: \"timeout\",5,99,0";
    auto out = decode_cfg_answer(atmqtt::at::line_event(atmqtt::bytes(bad.data(), bad.size())));
    REQUIRE(!out.ok());
    CHECK(out.error() == errc::out_of_range);
    CHECK(out.offset() == 21);
    const std::string open = "+QMTOPEN: 0,\"h\",1883";
    CHECK(decode_cfg_answer(atmqtt::at::line_event(atmqtt::bytes(open.data(), open.size()))).error() == errc::at_unknown_response);
    // No +QMTCONN row reads "0,9": the classifier names the one whose failure got furthest.
    const std::string conn = "+QMTCONN: 0,9";
    auto row = q::classify(atmqtt::at::line_event(atmqtt::bytes(conn.data(), conn.size())));
    REQUIRE(row.ok());
    CHECK((*row == q::line_connect_result || *row == q::line_connection_state));
    const std::string state = "+QMTCONN: 0,3";
    CHECK(*q::classify(atmqtt::at::line_event(atmqtt::bytes(state.data(), state.size()))) == q::line_connection_state);
}

TEST_CASE("quectel: malformed and out-of-range lines fail with their exact errc") {
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 6,0"))) == errc::out_of_range);
    STATIC_REQUIRE(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 6,0")).offset() == 10);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 0,6"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 0,-2"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 0"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: 0,0,0"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: x,0"))) == errc::at_invalid_integer);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTOPEN: \"0\",0"))) == errc::at_invalid_integer);
    STATIC_REQUIRE(error_of(at::decode_as<q::open_result>(at::line_event("+QMTCONN: 0,0"))) == errc::at_unknown_response);
    // unquoted strings are tolerated on input (at/decode.hpp); the view is the bare text
    STATIC_REQUIRE(at::decode_as<q::open>(at::line_event("+QMTOPEN: 0,host,1883"))->host == "host");
    STATIC_REQUIRE(error_of(at::decode_as<q::open>(at::line_event("+QMTOPEN: 0,\"\",1883"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::open>(at::line_event("+QMTOPEN: 0,\"host,1883"))) == errc::at_unterminated_quote);
    STATIC_REQUIRE(error_of(at::decode_as<q::connect_result>(at::line_event("+QMTCONN: 0,3,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::connect_result>(at::line_event("+QMTCONN: 0,0,6"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::connection_state>(at::line_event("+QMTCONN: 0,5"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,0,0,1"))) == errc::out_of_range);  // msgid 0
    STATIC_REQUIRE(error_of(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,0,3"))) == errc::out_of_range);  // QoS 3
    STATIC_REQUIRE(error_of(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,2,1"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,1,1,1"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::subscribe_result>(at::line_event("+QMTSUB: 0,1,0,0,0,0,0,0,0,0,0,0,0,0"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,0,0,1"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,0,3"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::connection_closed>(at::line_event("+QMTSTAT: 0,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::connection_closed>(at::line_event("+QMTSTAT: 0,256"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::ping_result>(at::line_event("+QMTPING: 0,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0,5"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::recv_status>(at::line_event("+QMTRECV: 0,0,0,0,0,2"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::recv_status>(at::line_event("+QMTRECV: 0,0,0,0,0"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"keepalive\",3601"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"timeout\",5,3"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(decode_cfg_answer(atmqtt::at::line_event("+QMTCFG: \"will\",1,1,0,\"t\""))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(decode_cfg_answer(atmqtt::at::line_event("+QMTOPEN: 0,0"))) == errc::at_unknown_response);
    STATIC_REQUIRE(error_of(at::decode_as<q::file_upload_result>(at::line_event("+QFUPL: 10,38a4f"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::file_upload_result>(at::line_event("+QFUPL: -1,384a"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::file_upload_result>(at::line_event("+QFUPL: 1758"))) == errc::at_missing_field);
    // the close / disconnect results are -1 or 0 only
    STATIC_REQUIRE(error_of(at::decode_as<q::close_result>(at::line_event("+QMTCLOSE: 0,1"))) == errc::out_of_range);
    STATIC_REQUIRE(at::decode_as<q::close_result>(at::line_event("+QMTCLOSE: 0,1")).offset() == 13);
    STATIC_REQUIRE(error_of(at::decode_as<q::close_result>(at::line_event("+QMTCCLOSE: 0,-2"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::close_result>(at::line_event("+QMTCLOSE: 0"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(at::decode_as<q::disconnect_result>(at::line_event("+QMTDISC: 0,1"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::disconnect_result>(at::line_event("+QMTDISC: 6,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::disconnect_result>(at::line_event("+QMTDISC: 0,0,0"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::disconnect_result>(at::line_event("+QMTDISC: 0,"))) == errc::at_invalid_integer);
    // QMTUNS follows QMTSUB's <value> rules
    STATIC_REQUIRE(error_of(at::decode_as<q::unsubscribe_result>(at::line_event("+QMTUNS: 0,0,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::unsubscribe_result>(at::line_event("+QMTUNS: 0,2,3"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::unsubscribe_result>(at::line_event("+QMTUNS: 0,2,2,1"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::unsubscribe_result>(at::line_event("+QMTUNS: 0,2"))) == errc::at_missing_field);
    // a retransmission count only with result 1, at most one
    STATIC_REQUIRE(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,1,1,2"))->retransmit_count == 2);
    STATIC_REQUIRE(error_of(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,1,2,1"))) == errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<q::publish_result>(at::line_event("+QMTPUBEX: 0,70000,0"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(at::decode_as<q::message_notice>(at::line_event("+QMTRECV: 0,1,-1"))) == errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<q::ping_result>(at::line_event("+QMTPING: 0"))) == errc::at_missing_field);
    STATIC_REQUIRE(error_of(at::decode_as<q::connection_closed>(at::line_event("+QMTSTAT: 0,4294967296"))) == errc::out_of_range);
}

TEST_CASE("quectel: +QMTRECV payloads: the length decides; without it, the rest of the line") {
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        CAPTURE(chunk);
        // quoted, with length (manual §5.1)
        fed a = feed_line("+QMTRECV: 0,0,\"topic/example\",36,\"This is the payload related to topic\"", chunk);
        auto m = at::decode_as<q::received_message>(a.ev);
        REQUIRE(m.ok());
        CHECK(m->topic == "topic/example");
        CHECK(*m->payload_len == 36);
        CHECK(m->payload == "This is the payload related to topic");
        // bare with a comma, with length (manual §5.1)
        fed b = feed_line("+QMTRECV: 0,0,\"topic/pub\",30,This is test data, hello MQTT.", chunk);
        m = at::decode_as<q::received_message>(b.ev);
        REQUIRE(m.ok());
        CHECK(m->payload == "This is test data, hello MQTT.");
        // the length counts bytes that look like quotes, commas and line ends
        fed c = feed_line("+QMTRECV: 1,7,\"t\",9,a\"b,\r\nc\"d", chunk);
        m = at::decode_as<q::received_message>(c.ev);
        REQUIRE(m.ok());
        CHECK(m->client_idx == 1);
        CHECK(m->packet_id == 7);
        CHECK(m->payload == "a\"b,\r\nc\"d");
        // msg_len_enable = 0: quoted as a whole -> without quotes; bare -> the rest of the line as is
        fed d = feed_line("+QMTRECV: 0,1,\"t\",\"hello, world\"", chunk);
        m = at::decode_as<q::received_message>(d.ev);
        REQUIRE(m.ok());
        CHECK(!m->payload_len.has_value());
        CHECK(m->payload == "hello, world");
        fed e = feed_line("+QMTRECV: 0,1,\"t\",hello, world", chunk);
        m = at::decode_as<q::received_message>(e.ev);
        REQUIRE(m.ok());
        CHECK(m->payload == "hello, world");
        // an empty payload
        fed f = feed_line("+QMTRECV: 0,0,\"t\",0,", chunk);
        m = at::decode_as<q::received_message>(f.ev);
        REQUIRE(m.ok());
        CHECK(m->payload.empty());
        // the notice and the status share the prefix and still decode
        fed g = feed_line("+QMTRECV: 0,2,30", chunk);
        REQUIRE(g.ev.is_line());
        CHECK(*q::classify(atmqtt::at::line_event(g.ev.text)) == q::line_message_notice);
        CHECK(at::decode_as<q::message_notice>(at::line_event(g.ev.text))->recv_id == 2);
        fed h = feed_line("+QMTRECV: 0,1,0,1,0,0", chunk);
        REQUIRE(h.ev.is_line());
        CHECK(at::decode_as<q::recv_status>(at::line_event(h.ev.text))->store_status[0] == 1);
        // bytes after the counted payload: the length was wrong; refused where the payload should end,
        // as for a line given as text, never cut off silently
        fed i = feed_line("+QMTRECV: 0,0,\"t\",3,abcdef", chunk);
        auto bad = at::decode_as<q::received_message>(i.ev);
        CHECK(bad.error() == errc::at_payload_mismatch);
        CHECK(bad.offset() == i.ev.text.find("def"));
        fed j = feed_line("+QMTRECV: 0,0,\"t\",3,\"abc\"xyz", chunk);
        bad = at::decode_as<q::received_message>(j.ev);
        CHECK(bad.error() == errc::at_payload_mismatch);
        CHECK(bad.offset() == j.ev.text.find("\"xyz"));
    }
    // malformed messages (a line given as text: the payload runs to the line end)
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 0,0,\"t\",5,hello"))->payload == "hello");
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 0,0,\"t\",5,hell")).error() == errc::at_payload_truncated);
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 0,0,\"t\",5,hello!")).error() == errc::at_payload_mismatch);
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 0,0,\"\",5,hello")).error() == errc::out_of_range);
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 9,0,\"t\",5,hello")).error() == errc::out_of_range);
    CHECK(at::decode_as<q::received_message>(at::line_event("+QMTRECV: 0,0")).error() == errc::at_missing_field);
}

TEST_CASE("quectel: +QMTRECV lines around AT+QMTRECV? are routed by their shape") {
    // The read answer and the cache notice share the prefix; after OK the answer is still the command's
    // (late), the notice is a URC. While the command is pending, its prefix is its own.
    atmqtt_tool::transaction tx(q::grammar);
    REQUIRE(tx.begin(q::cmd::qmtrecv, at::form::read).ok());
    auto route_of = [&](std::string_view line) {
        fed f = feed_line(line);
        auto r = tx.on_event(f.ev);
        REQUIRE(r.ok());
        return r->kind;
    };
    CHECK(route_of("+QMTRECV: 0,1,0,0,0,0") == atmqtt_tool::route::response);
    CHECK(route_of("OK") == atmqtt_tool::route::final_ok);
    CHECK(route_of("+QMTRECV: 0,1") == atmqtt_tool::route::urc);
    CHECK(route_of("+QMTRECV: 0,1,0,0,0,0") == atmqtt_tool::route::response);
    CHECK(route_of("+QMTRECV: 0,0,\"t\",5,hello") == atmqtt_tool::route::urc);
}

TEST_CASE("quectel: hex send and receive modes convert both ways") {
    char hex[16] = {};
    auto n = atmqtt::hex_encode(bytes("\x00\x7f,\xff", 4), atmqtt::mutable_bytes(hex, sizeof hex));
    REQUIRE(n.ok());
    CHECK(bytes(hex, *n) == "007F2CFF");
    char raw[8] = {};
    auto m = atmqtt::hex_decode("007f2CFF", atmqtt::mutable_bytes(raw, sizeof raw));
    REQUIRE(m.ok());
    CHECK(bytes(raw, *m) == bytes("\x00\x7f,\xff", 4));
    CHECK(atmqtt::hex_decode("007", atmqtt::mutable_bytes(raw, sizeof raw)).error() == errc::at_invalid_hex);
    CHECK(atmqtt::hex_decode("0g", atmqtt::mutable_bytes(raw, sizeof raw)).error() == errc::at_invalid_hex);
    CHECK(atmqtt::hex_decode("0g", atmqtt::mutable_bytes(raw, sizeof raw)).offset() == 1);
    CHECK(atmqtt::hex_decode("0011", atmqtt::mutable_bytes(raw, 1)).error() == errc::buffer_too_small);
    CHECK(atmqtt::hex_encode("ab", atmqtt::mutable_bytes(hex, 3)).error() == errc::buffer_too_small);
}

namespace {
// "send/mode" hex at compile time: the data after '>' and the <length> it gives the command.
constexpr bool hex_publish_encodes() {
    char wire[8] = {};
    auto n = q::encode_payload("hi", q::data_format::hex, atmqtt::mutable_bytes(wire, sizeof wire));
    char cmd[48] = {};
    auto c = q::encode(q::publish{0, 1, 1, 0, "t", static_cast<int>(*n)}, atmqtt::mutable_bytes(cmd, sizeof cmd));
    return n.ok() && bytes(wire, *n) == "6869" && c.ok() && bytes(cmd, *c) == "AT+QMTPUBEX=0,1,1,0,\"t\",4\r";
}
}  // namespace

TEST_CASE("quectel: text and hex data formats, sent after the prompt and received in +QMTRECV") {
    STATIC_REQUIRE(hex_publish_encodes());
    const bytes message("\x00\x7f,\r\n\xff", 6);
    char wire[16] = {};
    // send: hex digits, whose count is <length>; text: the bytes as they are
    auto n = q::encode_payload(message, q::data_format::hex, atmqtt::mutable_bytes(wire, sizeof wire));
    REQUIRE(n.ok());
    CHECK(bytes(wire, *n) == "007F2C0D0AFF");
    n = q::encode_payload(message, q::data_format::text, atmqtt::mutable_bytes(wire, sizeof wire));
    REQUIRE(n.ok());
    CHECK(bytes(wire, *n) == message);
    CHECK(q::encode_payload(message, q::data_format::hex, atmqtt::mutable_bytes(wire, 11)).error() ==
          errc::buffer_too_small);
    CHECK(q::encode_payload(message, q::data_format::text, atmqtt::mutable_bytes(wire, 5)).error() ==
          errc::buffer_too_small);
    CHECK(q::encode_payload(message, static_cast<q::data_format>(2), atmqtt::mutable_bytes(wire, sizeof wire))
              .error() == errc::at_invalid_enum);

    // receive: the tokenizer counts <payload_len> wire bytes; hex digits decode to the message
    char out[8] = {};
    fed hex_line = feed_line("+QMTRECV: 0,3,\"t\",12,007F2C0D0AFF");
    auto m = at::decode_as<q::received_message>(hex_line.ev);
    REQUIRE(m.ok());
    auto got = q::decode_payload(m->payload, q::data_format::hex, atmqtt::mutable_bytes(out, sizeof out));
    REQUIRE(got.ok());
    CHECK(*got == message);
    // text: the payload itself (CR LF inside are counted bytes, not a line end)
    fed text_line = feed_line(std::string("+QMTRECV: 0,3,\"t\",6,") + std::string(message));
    m = at::decode_as<q::received_message>(text_line.ev);
    REQUIRE(m.ok());
    got = q::decode_payload(m->payload, q::data_format::text, atmqtt::mutable_bytes(out, 0));
    REQUIRE(got.ok());
    CHECK(*got == message);
    CHECK(got->data() == m->payload.data());  // a view, not a copy
    // a hex payload that is not hex: the bad digit's offset within the payload
    fed bad = feed_line("+QMTRECV: 0,3,\"t\",4,00G0");
    m = at::decode_as<q::received_message>(bad.ev);
    REQUIRE(m.ok());
    got = q::decode_payload(m->payload, q::data_format::hex, atmqtt::mutable_bytes(out, sizeof out));
    CHECK(got.error() == errc::at_invalid_hex);
    CHECK(got.offset() == 2);
    CHECK(q::decode_payload("0A0", q::data_format::hex, atmqtt::mutable_bytes(out, sizeof out)).error() ==
          errc::at_invalid_hex);
    CHECK(q::decode_payload("0A0B", q::data_format::hex, atmqtt::mutable_bytes(out, 1)).error() ==
          errc::buffer_too_small);
}

TEST_CASE("quectel: a struct reused for line after line keeps nothing of the previous line") {
    // A URC handler's storage: six +QMTSUB results with two granted codes each used to grow granted_qos.count
    // past granted_qos (an out-of-bounds write), and an absent <payload_len> / <value> kept the last one.
    q::subscribe_result sub{};
    for (int i = 0; i < 6; ++i) {
        REQUIRE(at::decode_into(at::line_event("+QMTSUB: 0,1,0,2,1"), sub).ok());
        CHECK(sub.granted_qos.count == 2);
        CHECK(sub.granted_qos[0] == 2);
        CHECK(sub.granted_qos[1] == 1);
    }
    REQUIRE(at::decode_into(at::line_event("+QMTSUB: 0,2,1,3"), sub).ok());
    CHECK(sub.retransmit_count == 3);
    CHECK(sub.granted_qos.count == 0);
    REQUIRE(at::decode_into(at::line_event("+QMTSUB: 0,3,0,0"), sub).ok());
    CHECK_FALSE(sub.retransmit_count.has_value());
    CHECK(sub.granted_qos.count == 1);
    CHECK(sub.granted_qos[0] == 0);

    q::received_message m{};
    REQUIRE(at::decode_into(at::line_event("+QMTRECV: 0,1,\"t\",5,\"hello\""), m).ok());
    CHECK(m.payload_len == 5);
    REQUIRE(at::decode_into(at::line_event("+QMTRECV: 0,2,\"u\",\"hi\""), m).ok());  // msg_len_enable = 0
    CHECK(m.packet_id == 2);
    CHECK(m.topic == bytes("u"));
    CHECK_FALSE(m.payload_len.has_value());
    CHECK(m.payload == bytes("hi"));
}
