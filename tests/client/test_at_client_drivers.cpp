// The three AT client drivers line by line: every connect option as the command it becomes (protocol
// level, clean session, will with and without retain, TLS context), every vendor's connection-loss
// report as its disconnect reason, and the lines a driver must not take for the running request's:
// another client's or connection's, another request's, a retransmission notice, a malformed line, a
// duplicate. Exact commands and exact events.
#include <atmqtt/client/drivers/onemo.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/risinghf.hpp>

#include "../run_time.hpp"
#include "at_client_harness.hpp"

using namespace at_client_test;
using Q = mqtt::qos;

namespace {

using quectel_client = client::at_client<client::drivers::quectel, 256, 1024>;
using onemo_client = client::at_client<client::drivers::onemo, 300, 1024>;
using risinghf_client = client::at_client<client::drivers::risinghf, 300, 1024>;

// Each command answered OK (and its deferred result where `results` names one): the commands written.
template <class H>
std::string answer_all(H& h, std::initializer_list<const char*> answers) {
    std::string w;
    for (const char* a : answers) {
        CHECK(h.modem(a).empty());
        w += h.written();
    }
    return w;
}

template <class Driver>
void encodes_nothing_for(const Driver& d, client::op_kind k) {
    char buf[64];
    client::step_out st;
    st.out = atmqtt::mutable_bytes(buf, sizeof buf);
    client::op_state op;
    op.kind = at_run_time(k);
    CHECK(d.encode(client::detail::kept_rows<Driver::steps, true, true>::table, op, 0, st).ok());
    CHECK(st.end);
    CHECK(st.line == 0);
}

void quectel_up(harness<quectel_client>& h, const client::connect_options& o) {
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 7; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    (void)h.written();
}

const char* const onemo_ok9[] = {"\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n",
                                 "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n"};

template <class H>
void onemo_up(H& h, const client::connect_options& o, int config_steps = 9) {
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < config_steps; ++i) CHECK(h.modem(onemo_ok9[i]).empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,0\r\n") == lines{"connected new"});
    (void)h.written();
}

void risinghf_up(harness<risinghf_client>& h, const client::connect_options& o) {
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 4; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});
    (void)h.written();
}

}  // namespace

// ---- Quectel --------------------------------------------------------------------------------------

TEST_CASE("quectel driver: MQTT 3.1, a persistent session, a will without retain, TLS context 2") {
    harness<quectel_client> h;
    client::connect_options o = plain_options();
    o.level = mqtt::protocol_level::v3_1;
    o.clean_session = false;
    o.will_flag = true;
    o.will.topic = "w";
    o.will.payload = "bye";
    o.tls_context = 2;
    REQUIRE(h.c.connect(o).ok());
    CHECK(answer_all(h, {"\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\n>", "\r\nOK\r\n", "\r\nOK\r\n",
                         "\r\nOK\r\n"}) ==
          "AT+QMTCFG=\"version\",0,3\r"
          "AT+QMTCFG=\"timeout\",0,5,3,0\r"
          "AT+QMTCFG=\"keepalive\",0,60\r"
          "AT+QMTCFG=\"session\",0,0\r"
          "AT+QMTCFG=\"willex\",0,1,0,0,\"w\",3\r"
          "bye"
          "AT+QMTCFG=\"recv/mode\",0,0,1\r"
          "AT+QMTCFG=\"ssl\",0,1,2\r"
          "AT+QMTOPEN=0,\"h\",1883\r");
    encodes_nothing_for(client::drivers::quectel{}, client::op_kind::none);
    encodes_nothing_for(client::drivers::quectel{}, static_cast<client::op_kind>(99));
}

TEST_CASE("quectel driver: results of another client, another request or malformed are not the request's") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1, 5)));
    const client::connect_options o = plain_options();
    REQUIRE(h.c.connect(o).ok());
    // an information response to AT+QMTCFG (a query answer's shape) means nothing to the client
    CHECK(h.modem("\r\n+QMTCFG: \"version\",0,4\r\n").empty());
    for (int i = 0; i < 7; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n").empty());  // AT+QMTOPEN's
    CHECK(h.modem("\r\n+QMTOPEN: 1,0\r\n+QMTOPEN: 0,9\r\n+QMTCLOSE: 0,0\r\n+QMTDISC: 0,0\r\n").empty());
    CHECK(h.modem("\r\n+QMTOPEN: 0,0\r\n").empty());
    (void)h.written();
    CHECK(h.modem("\r\nOK\r\n").empty());  // AT+QMTCONN's
    CHECK(h.modem("\r\n+QMTCONN: 1,0,0\r\n+QMTCONN: 0,7\r\n+QMTCONN: 0,1\r\n+QMTOPEN: 0,0\r\n+QMTCLOSE: 1,0\r\n").empty());
    CHECK(h.modem("\r\n+QMTCONN: 0,0\r\n") == lines{"connected new"});  // no <ret_code>: accepted

    // the URCs of another client, or malformed ones
    CHECK(h.modem("\r\n+QMTRECV: 1,0,\"t\",1,\"a\"\r\n+QMTRECV: 1,2\r\n+QMTRECV: 0,9\r\n").empty());
    CHECK(h.modem("\r\n+QMTSTAT: 0,0\r\n+QMTPING: 1,1\r\n+QMTPING: 0,2\r\n").empty());
    CHECK(h.c.connected());
    CHECK(h.c.ready());

    const mqtt::subscription subs[] = {{"a", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+QMTSUB: 1,1,0,1\r\n+QMTUNS: 0,1,0\r\n+QMTSUB: 0,1,1\r\n+QMTSUB: 0,1,9\r\n").empty());
    CHECK(h.modem("\r\n+QMTDISC: 1,0\r\n+QMTDISC: 0,0\r\n+QMTCLOSE: 0,0\r\n").empty());
    // the manual's value rules (§3.3.6): a granted code other than 0-2 or 128, codes after a failure
    CHECK(h.modem("\r\n+QMTSUB: 0,1,0,3\r\n+QMTSUB: 0,1,0,1,129\r\n+QMTSUB: 0,1,2,1\r\n").empty());
    CHECK(h.modem("\r\n+QMTSUB: 0,1,0,1\r\n") == lines{"subscribed 1 1"});

    const bytes filters[] = {"a"};
    REQUIRE(h.c.unsubscribe(filters).ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTUNS: 0,2,1\r\n+QMTPUBEX: 1,2,0\r\n+QMTPUBEX: 0,2,9\r\n").empty());
    CHECK(h.modem("\r\n+QMTUNS: 0,2,2\r\n") == lines{"error 2 (client_command_failed)"});
    CHECK(h.written() == "AT+QMTSUB=0,1,\"a\",1\rAT+QMTUNS=0,2,\"a\"\r");

    REQUIRE(h.c.disconnect().ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTDISC: 1,0\r\n+QMTDISC: 0,5\r\n").empty());
    CHECK(h.modem("\r\n+QMTDISC: 0,0\r\n") == lines{"disconnected requested"});
}

TEST_CASE("quectel driver: +QMTCONN failed without a return code; +QMTCLOSE of another client; a malformed message") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1)));
    REQUIRE(h.c.connect(plain_options()).ok());
    for (int i = 0; i < 7; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n").empty());  // occupied: close, open again
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCLOSE: 1,0\r\n+QMTCLOSE: 0,7\r\n").empty());
    CHECK(h.written() ==
          "AT+QMTCFG=\"version\",0,4\rAT+QMTCFG=\"timeout\",0,5,3,0\rAT+QMTCFG=\"keepalive\",0,60\r"
          "AT+QMTCFG=\"session\",0,1\rAT+QMTCFG=\"will\",0,0\rAT+QMTCFG=\"recv/mode\",0,0,1\rAT+QMTCFG=\"ssl\",0,0\r"
          "AT+QMTOPEN=0,\"h\",1883\rAT+QMTCLOSE=0\r");
    CHECK(h.modem("\r\n+QMTCLOSE: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.written() == "AT+QMTOPEN=0,\"h\",1883\rAT+QMTCONN=0,\"c\"\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,2\r\n") == lines{"disconnected modem_error (client_command_failed)"});

    quectel_up(h, plain_options());
    CHECK(h.modem("\r\n+QMTRECV: 0,70000,\"t\",1,\"a\"\r\n").empty());  // msgid out of range
    CHECK(h.c.connected());
    REQUIRE(h.c.publish("t", "", Q::at_least_once).ok());
    CHECK(h.modem("\r\n>\r\nOK\r\n\r\n+QMTPUBEX: 1,1,0\r\n+QMTPUBEX: 0,1,9\r\n").empty());  // client 1; result 9
    CHECK(h.modem("\r\n+QMTPUBEX: 0,1,0,2\r\n+QMTPUBEX: 0,1,1,2\r\n").empty());  // a count only when resent (§3.3.8)
    CHECK(h.modem("\r\n+QMTPUBEX: 0,1,0\r\n") == lines{"published 1"});
}

TEST_CASE("quectel driver: every +QMTSTAT <err_code> as its reason") {
    const int code = GENERATE(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const char* reason = code == 2                 ? "ping_timeout"
                         : code == 3 || code == 4 ? "connect_timeout"
                         : code == 5              ? "requested"
                         : code == 6 || code == 7 ? "link_lost"
                                                  : "link_closed";
    harness<quectel_client> h;
    quectel_up(h, plain_options());
    CHECK(h.modem("\r\n+QMTSTAT: 0," + std::to_string(code) + "\r\n") ==
          lines{std::string("disconnected ") + reason});
    CHECK_FALSE(h.c.connected());
}

// ---- OneMO ----------------------------------------------------------------------------------------

TEST_CASE("onemo driver: a persistent session, a will in hex, TLS context 1") {
    harness<onemo_client> h;
    client::connect_options o = plain_options();
    o.clean_session = false;
    o.will_flag = true;
    o.will.topic = "w";
    o.will.payload = "a,\"";
    o.will.qos = Q::at_least_once;
    o.will.retain = true;
    o.tls_context = 1;
    REQUIRE(h.c.connect(o).ok());
    CHECK(answer_all(h, {"\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n",
                         "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n"}) ==
          "AT+MQTTCFG=\"version\",0,4\r"
          "AT+MQTTCFG=\"keepalive\",0,60\r"
          "AT+MQTTCFG=\"clean\",0,0\r"
          "AT+MQTTCFG=\"retrans\",0,20,0\r"
          "AT+MQTTCFG=\"reconn\",0,0\r"
          "AT+MQTTCFG=\"encoding\",0,1,0\r"
          "AT+MQTTCFG=\"willoption\",0,1,1,1\r"
          "AT+MQTTCFG=\"willpayload\",0,\"w\",\"612C22\"\r"
          "AT+MQTTCFG=\"cached\",0,0\r"
          "AT+MQTTCFG=\"ssl\",0,1,1\r"
          "AT+MQTTCONN=0,\"h\",1883,\"c\",\"\",\"\"\r");
    encodes_nothing_for(client::drivers::onemo{}, client::op_kind::none);
    encodes_nothing_for(client::drivers::onemo{}, static_cast<client::op_kind>(99));
}

TEST_CASE("onemo driver: a model without cache mode or TLS skips their commands; cache mode asked is refused") {
    using nb_client = client::at_client<client::drivers::onemo_for<atmqtt::onemo::models::mn316a>, 300, 1024>;
    harness<nb_client> h;
    REQUIRE(h.c.connect(plain_options()).ok());
    CHECK(answer_all(h, {"\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n"}) ==
          "AT+MQTTCFG=\"version\",0,4\r"
          "AT+MQTTCFG=\"keepalive\",0,60\r"
          "AT+MQTTCFG=\"clean\",0,1\r"
          "AT+MQTTCFG=\"retrans\",0,20,0\r"
          "AT+MQTTCFG=\"reconn\",0,0\r"
          "AT+MQTTCFG=\"encoding\",0,1,0\r"
          "AT+MQTTCFG=\"willoption\",0,0,0,0\r"
          "AT+MQTTCONN=0,\"h\",1883,\"c\",\"\",\"\"\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,0\r\n") == lines{"connected new"});

    client::drivers::onemo_for<atmqtt::onemo::models::mn316a> cached;
    cached.cache_receive = true;
    harness<nb_client> c(nb_client{cached});
    REQUIRE(c.c.connect(plain_options()).ok());
    for (int i = 0; i < 6; ++i) CHECK(c.modem("\r\nOK\r\n").empty());
    CHECK(c.modem("\r\nOK\r\n") == lines{"disconnected modem_error (client_unsupported_option)"});
    CHECK(c.written() ==
          "AT+MQTTCFG=\"version\",0,4\rAT+MQTTCFG=\"keepalive\",0,60\rAT+MQTTCFG=\"clean\",0,1\r"
          "AT+MQTTCFG=\"retrans\",0,20,0\rAT+MQTTCFG=\"reconn\",0,0\rAT+MQTTCFG=\"encoding\",0,1,0\r"
          "AT+MQTTCFG=\"willoption\",0,0,0,0\r");
}

TEST_CASE("onemo driver: a connect_id past the model's range, a will message past 256 bytes: refused, nothing written") {
    using nb_client = client::at_client<client::drivers::onemo_for<atmqtt::onemo::models::mn316a>, 300, 1024>;
    client::drivers::onemo_for<atmqtt::onemo::models::mn316a> third;  // MN316A: connect_id 0~2
    third.connect_id = 3;
    harness<nb_client> h(nb_client{third});
    CHECK(h.c.connect(plain_options()).error() == errc::out_of_range);
    CHECK(h.written().empty());
    CHECK(h.c.ready());
    client::drivers::onemo sixth;  // ML307R: 0~5, the grammar's range (the writer checks it)
    sixth.connect_id = 6;
    harness<onemo_client> s(onemo_client{sixth});
    CHECK(s.c.connect(plain_options()).error() == errc::out_of_range);
    CHECK(s.written().empty());
    CHECK(s.c.ready());

    client::connect_options o = plain_options();
    o.will_flag = true;
    o.will.topic = "w";
    const std::string will(257, 'x');  // "willpayload" takes 512 hex digits
    o.will.payload = will;
    harness<onemo_client> w;
    REQUIRE(w.c.connect(o).ok());
    for (int i = 0; i < 6; ++i) CHECK(w.modem("\r\nOK\r\n").empty());
    CHECK(w.modem("\r\nOK\r\n") == lines{"disconnected modem_error (too_long)"});
}

TEST_CASE("onemo driver: every unsolicited \"conn\" <conn_state> as its reason") {
    const int state = GENERATE(2, 3, 4, 5, 6, 7, 255);
    const char* reason = state == 2   ? "requested"
                         : state == 3 ? "refused 0"
                         : state == 4 ? "link_closed"
                         : state == 5 ? "ping_timeout"
                                      : "link_lost";
    harness<onemo_client> h;
    onemo_up(h, plain_options());
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0,0\r\n+MQTTURC: \"conn\",1,6\r\n").empty());  // up again; another id's
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0," + std::to_string(state) + "\r\n") ==
          lines{std::string("disconnected ") + reason});
    CHECK_FALSE(h.c.connected());
}

TEST_CASE("onemo driver: connect results other than refused, a second \"conn\" before OK, a loss while disconnecting") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 5)));
    const client::connect_options o = plain_options();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 9; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,6\r\n") == lines{"disconnected modem_error (client_command_failed)"});

    // the result before OK, then the link's loss before OK: the loss ends it
    (void)h.written();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 9; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"conn\",0,0\r\n\r\n+MQTTURC: \"conn\",0,4\r\n\r\nOK\r\n") ==
          lines{"disconnected link_closed"});
    CHECK_FALSE(h.c.connected());
    CHECK(h.c.ready());

    (void)h.written();
    onemo_up(h, o);
    REQUIRE(h.c.disconnect().ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,5\r\n") == lines{"disconnected ping_timeout"});
    CHECK_FALSE(h.c.connected());
}

TEST_CASE("onemo driver: acknowledgements of another connection, request or mid are not the request's") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 5)));
    onemo_up(h, plain_options());

    const mqtt::subscription subs[] = {{"a", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\n+MQTTSUB: 1,40\r\n+MQTTSUB: 0,41\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",1,41,1\r\n+MQTTURC: \"unsuback\",0,41\r\n+MQTTURC: \"suback\",0,40,1\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",0,41,0\r\n+MQTTURC: \"timeout\",1,41\r\n+MQTTURC: \"timeout\",0,40\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"pingresp\",0\r\n+CREG: 1\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,41,1\r\n+MQTTURC: \"suback\",0,41,1\r\n") == lines{"subscribed 41 1"});

    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.modem("\r\n+MQTTPUB: 0,42,8\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",1,42,0\r\n+MQTTURC: \"pubcomp\",0,42,0\r\n+MQTTURC: \"puback\",0,43,0\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",0,42,0\r\n+MQTTURC: \"puback\",0,42,0\r\n") == lines{"published 42"});
    CHECK(h.modem("\r\n+MQTTURC: \"timeout\",0,42\r\n").empty());  // nothing runs

    REQUIRE(h.c.publish("t", "y", Q::exactly_once).ok());
    CHECK(h.modem("\r\n+MQTTPUB: 0,44,8\r\n\r\nOK\r\n\r\n+MQTTURC: \"puback\",0,44,0\r\n").empty());  // QoS 2 ends on pubcomp
    CHECK(h.modem("\r\n+MQTTURC: \"pubcomp\",0,44,0\r\n") == lines{"published 44"});

    const bytes filters[] = {"a"};
    REQUIRE(h.c.unsubscribe(filters).ok());
    CHECK(h.modem("\r\n+MQTTUNSUB: 0,45\r\n\r\nOK\r\n\r\n+MQTTURC: \"unsuback\",1,45\r\n+MQTTURC: \"suback\",0,45,1\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"unsuback\",0,46\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"unsuback\",0,45\r\n") == lines{"unsubscribed 45"});
    CHECK(h.written() ==
          "AT+MQTTSUB=0,\"a\",1\rAT+MQTTPUB=0,\"t\",1,0,0,1,\"78\"\rAT+MQTTPUB=0,\"t\",2,0,0,1,\"79\"\r"
          "AT+MQTTUNSUB=0,\"a\"\r");
}

TEST_CASE("onemo driver: messages of another connection, an interrupted split message, a dropped cache") {
    harness<onemo_client> h(onemo_client{}, feeding_of(GENERATE(0, 1, 5)));
    onemo_up(h, plain_options());
    CHECK(h.modem("\r\n+MQTTURC: \"publish\",1,4,\"t\",1,1,a\r\n+MQTTURC: \"pubnmi\",1,5,1\r\n+MQTTURC: \"drop\",1,9\r\n").empty());
    // a message cut in two, interrupted by another: the other starts at 0
    CHECK(h.modem("\r\n+MQTTURC: \"publish\",0,4,\"t\",4,2,ab\r\n+MQTTURC: \"publish\",0,5,\"u\",1,1,z\r\n") ==
          lines{"message t 'ab' 0/4 q1 id 4", "message u 'z' 0/1 q1 id 5"});
    CHECK(h.modem("\r\n+MQTTURC: \"drop\",0,120\r\n") == lines{"error 0 (capacity_exceeded)"});
    CHECK(h.c.connected());
}

TEST_CASE("onemo driver: malformed <mid> lines are not the request's") {
    client::drivers::onemo d;
    d.cache_receive = true;
    harness<onemo_client> h(onemo_client{d});
    onemo_up(h, plain_options());
    const mqtt::subscription subs[] = {{"a", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\n+MQTTSUB: 0,70000\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"suback\",0,9,1\r\n") == lines{"subscribed 9 1"});  // the mid from the suback
    REQUIRE(h.c.publish("t", "x", Q::at_least_once).ok());
    CHECK(h.modem("\r\n+MQTTPUB: 0,70000,8\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"puback\",0,10,0\r\n") == lines{"published 10"});
    CHECK(h.modem("\r\n+MQTTURC: \"pubnmi\",0,45,1\r\n").empty());
    CHECK(h.modem("\r\n+MQTTREAD: 0,70000,\"t\",1,a\r\n\r\nOK\r\n").empty());
    CHECK(h.c.ready());
    CHECK(h.written() == "AT+MQTTSUB=0,\"a\",1\rAT+MQTTPUB=0,\"t\",1,0,0,1,\"78\"\rAT+MQTTREAD=0,1\r");
}

TEST_CASE("onemo driver: a cache read that finds nothing, or another connection's message") {
    client::drivers::onemo d;
    d.cache_receive = true;
    harness<onemo_client> h(onemo_client{d});
    onemo_up(h, plain_options());
    CHECK(h.modem("\r\n+MQTTURC: \"pubnmi\",0,45,1\r\n").empty());
    CHECK(h.written() == "AT+MQTTREAD=0,1\r");
    CHECK(h.modem("\r\n+MQTTREAD: 0,0,0\r\n\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+MQTTURC: \"pubnmi\",0,46,1\r\n").empty());
    CHECK(h.written() == "AT+MQTTREAD=0,1\r");
    CHECK(h.modem("\r\n+MQTTREAD: 1,46,\"t\",1,a\r\n\r\nOK\r\n").empty());
    CHECK(h.c.ready());
}

// ---- RisingHF -------------------------------------------------------------------------------------

TEST_CASE("risinghf driver: TLS, MQTT 3.1, a will with and without retain") {
    client::connect_options o = plain_options();
    o.tls_context = 0;
    o.level = mqtt::protocol_level::v3_1;
    o.will_flag = true;
    o.will.topic = "w";
    o.will.payload = "ab";
    o.will.qos = Q::exactly_once;
    const bool retain = GENERATE(false, true);
    o.will.retain = retain;
    harness<risinghf_client> h;
    REQUIRE(h.c.connect(o).ok());
    CHECK(answer_all(h, {"\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n", "\r\nOK\r\n"}) ==
          std::string("AT+IMQTTMODE=2,1,0\r"
                      "AT+IMQTTPARA=TIMEOUT,1,CLEAN,1,KEEPALIVE,60,VERSION,3.1\r"
                      "AT+IMQTTADDR=h,1883,\"c\"\r"
                      "AT+IMQTTUSER=\"\",\"\"\r"
                      "AT+IMQTTLWTBIN=w,2,6162,") +
              (retain ? "1" : "0") + "\rAT+IMQTTCONN\r");
    encodes_nothing_for(client::drivers::risinghf{}, client::op_kind::none);
    encodes_nothing_for(client::drivers::risinghf{}, static_cast<client::op_kind>(99));
}

TEST_CASE("risinghf driver: a failed connect, a second result before OK, lines not the request's") {
    harness<risinghf_client> h(risinghf_client{}, feeding_of(GENERATE(0, 1, 5)));
    const client::connect_options o = plain_options();
    REQUIRE(h.c.connect(o).ok());
    CHECK(h.modem("\r\n+IMQTTMODE:2,0\r\n").empty());  // an information response: nothing for the client
    for (int i = 0; i < 4; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTCONN:-1\r\n") == lines{"disconnected modem_error (client_command_failed)"});

    (void)h.written();
    REQUIRE(h.c.connect(o).ok());
    for (int i = 0; i < 4; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    // connected before OK, "already connected" again, then the loss: the loss ends it
    CHECK(h.modem("\r\n+IMQTTCONN:0\r\n\r\n+IMQTTCONN:1\r\n\r\n+IMQTTCONN:-1\r\n\r\nOK\r\n") == lines{"disconnected link_lost"});

    (void)h.written();
    risinghf_up(h, o);
    CHECK(h.modem("\r\n+IMQTTCONN:5\r\n+IMQTTCOUNT :0\r\n+IMQTTSUB:3,1\r\n+IMQTTPUB:3,0\r\n+IMQTTUNSUB:3,0\r\n").empty());
    CHECK(h.modem("\r\n+IMQTTRCVPUB:1,\"t\",1\r\n+IMQTTCOUNT :99999\r\n").empty());
    const mqtt::subscription subs[] = {{"a", Q::at_least_once}};
    REQUIRE(h.c.subscribe(subs).ok());
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTSUB:3,7\r\n+IMQTTPUB:3,0\r\n").empty());
    CHECK(h.modem("\r\n+IMQTTSUB:3,1\r\n") == lines{"subscribed 3 1"});
    REQUIRE(h.c.publish("t", "", Q::at_least_once, true).ok());
    CHECK(h.written() == "AT+IMQTTSUB=a,1\rAT+IMQTTPUBIN=t,1,,1\r");
    CHECK(h.modem("\r\nOK\r\n\r\n+IMQTTUNSUB:4,0\r\n+IMQTTPUB:4,7\r\n").empty());
    CHECK(h.modem("\r\n+IMQTTPUB:4,0\r\n") == lines{"published 4"});
    CHECK(h.modem("\r\n+IMQTTCOUNT :FULL\r\n").empty());  // the client is not in cache mode: nothing is read... yet
}

namespace {

// `result`, the connect's success result, during each of the `steps` configuration commands: nothing;
// the connect command (`connect_cmd`) is written, and connects on the result after it.
template <class Client>
void stale_result_during_configuration(int feed, int steps, const std::string& result, const std::string& connect_cmd) {
    harness<Client> h(Client{}, feeding_of(feed));
    REQUIRE(h.c.connect(plain_options()).ok());
    for (int i = 0; i < steps; ++i) {
        CHECK(h.modem(result).empty());
        CHECK(h.modem("\r\nOK\r\n").empty());
    }
    CHECK(h.written().find(connect_cmd) != std::string::npos);
    CHECK_FALSE(h.c.connected());
    CHECK(h.modem("\r\nOK\r\n" + result) == lines{"connected new"});
}

}  // namespace

TEST_CASE("onemo and risinghf drivers: a connect result during the configuration is not the connect's") {
    // A "conn" / +IMQTTCONN left from an earlier connection while AT+MQTTCFG / AT+IMQTTPARA... run: the
    // configuration goes on, and only the result after AT+MQTTCONN / AT+IMQTTCONN connects.
    const int feed = GENERATE(0, 1, 5);
    stale_result_during_configuration<onemo_client>(feed, 9, "\r\n+MQTTURC: \"conn\",0,0\r\n", "AT+MQTTCONN=");
    stale_result_during_configuration<risinghf_client>(feed, 4, "\r\n+IMQTTCONN:0\r\n", "AT+IMQTTCONN\r");
}

TEST_CASE("quectel driver: a duplicated +QMTOPEN result while AT+QMTCONN runs is not its result") {
    // Regression: the duplicate completed the AT+QMTCONN step, the connect ended with no event and the
    // client down; the real +QMTCONN result then went nowhere.
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1)));
    REQUIRE(h.c.connect(plain_options()).ok());
    for (int i = 0; i < 7; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK_FALSE(h.c.ready());
    CHECK(h.modem("\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});
    CHECK(h.c.connected());
}

// ---- the lines the client classifies against (client/detail/lines.hpp) ---------------------------

namespace qs = client::drivers::quectel_steps;
namespace rs = client::drivers::risinghf_steps;
namespace os = client::drivers::onemo_steps;
namespace q = atmqtt::quectel;
namespace r = atmqtt::risinghf;
namespace o = atmqtt::onemo;

TEST_CASE("drivers: the client's line tables keep the lines of the drivers' prefixes, late results by index") {
    // Quectel: +QMTOPEN ... +QMTPING, in table order, but the three answers to read forms; no +QMTCFG,
    // +QFUPL or +QSSLCFG line
    constexpr std::size_t qn = qs::lines.size;
    STATIC_REQUIRE(qn == q::line_ping_result - q::line_open_result + 1 - 3);
    STATIC_REQUIRE(qs::lines.from[0] == q::line_open_result);
    STATIC_REQUIRE(qs::lines.from[3] == q::line_disconnect_result);
    STATIC_REQUIRE(qs::lines.index_of(q::line_connection_state) == qn);
    STATIC_REQUIRE(qs::lines.index_of(q::line_open_state) == qn);
    STATIC_REQUIRE(qs::lines.index_of(q::line_recv_status) == qn);
    STATIC_REQUIRE(qs::lines.index_of(q::line_cfg_version) == qn);
    STATIC_REQUIRE(qs::lines.line(qs::lines.index_of(qs::cmd<q::cmd::qmtsub>.result)).prefix == "+QMTSUB");
    STATIC_REQUIRE(qs::lines.line(qs::lines.index_of(qs::cmd<q::cmd::qmtpubex>.result)).prefix == "+QMTPUBEX");
    // a step's command: the dialect's row and its late result's line (none for AT+QMTCFG)
    STATIC_REQUIRE(qs::cmd<q::cmd::cfg_ssl>.result == client::detail::no_line);
    STATIC_REQUIRE(qs::cmd<q::cmd::cfg_ssl>.command == &q::cmd::cfg_ssl);
    STATIC_REQUIRE(qs::cmd<q::cmd::qmtsub>.command->name == "QMTSUB");
    // RisingHF: the URCs and late results first, then the two +IMQTTRECV answers; not the read answers
    // of the prefixes kept (+IMQTTSUB, +IMQTTUNSUB, +IMQTTPUB)
    constexpr std::size_t rn = rs::lines.size;
    STATIC_REQUIRE(rs::lines.from[0] == r::line_connection_state);
    STATIC_REQUIRE(rs::lines.line(rs::lines.index_of(rs::cmd<r::cmd::imqttpubex>.result)).prefix == "+IMQTTPUBEX");
    STATIC_REQUIRE(rs::lines.index_of(r::line_mode) == rn);
    STATIC_REQUIRE(rs::lines.index_of(r::line_sub) == rn);
    STATIC_REQUIRE(rs::lines.index_of(r::line_recv_message) < rn);
    // OneMO: the URCs and answers of the commands sent; the subscribe's answer row remapped too
    constexpr std::size_t on = os::lines.size;
    STATIC_REQUIRE(os::lines.index_of(o::line_cfg_version) == on);
    STATIC_REQUIRE(os::lines.index_of(o::line_subscription_list) == on);
    STATIC_REQUIRE(os::lines.index_of(o::line_ping_result) == on);
    STATIC_REQUIRE(os::cmd<o::cmd::mqttsub>.result == o::line_subscribe_result);
    STATIC_REQUIRE(os::lines.index_of(o::cmd::mqttsub.answer) < on);  // the subscribe's answer is read
}

// Each kept line as the engine makes it (packed fields and texts) is the dialect's line, but the names.
template <class Lines>
void same_as_dialect(const Lines& kept, atmqtt::span<const atmqtt::at::line> all) {
    for (std::size_t i = 0; i < kept.size; ++i) {
        atmqtt::at::field_spec buf[Lines::widest];
        const atmqtt::at::line l = kept.line_of(i, buf);
        const atmqtt::at::line& d = all[kept.from[i]];
        CHECK(l.prefix == d.prefix);
        CHECK(l.selector == d.selector);
        CHECK((l.length == d.length && l.repeat == d.repeat && l.repeat_min == d.repeat_min));
        CHECK((l.repeat_max == d.repeat_max && l.flags == d.flags));
        REQUIRE(l.fields.size() == d.fields.size());
        for (std::size_t k = 0; k < d.fields.size(); ++k) {
            CHECK(client::detail::same_field(l.fields[k], d.fields[k]));
            CHECK(l.fields[k].name.empty());
        }
    }
}

TEST_CASE("drivers: the client's packed lines are the dialects' lines without the fields' names") {
    // Quectel's client reads a message's <payload_len> as required (it sets msg_len_enable): that bit aside
    constexpr const atmqtt::at::line& message = qs::client_table<>::lines[q::line_received_message];
    STATIC_REQUIRE(!message.is(atmqtt::at::line::length_optional_bit));
    STATIC_REQUIRE(message.flags == (q::lines[q::line_received_message].flags & ~atmqtt::at::line::length_optional_bit));
    same_as_dialect(qs::lines, qs::client_table<>::lines);
    same_as_dialect(rs::lines, r::lines);
    same_as_dialect(os::lines, o::lines);
    // each distinct field once: Quectel's 33 fields are 15, OneMO's 44 are 8
    STATIC_REQUIRE(sizeof qs::lines.runs == 33);
    STATIC_REQUIRE(sizeof qs::lines.fields == 15 * sizeof(client::detail::packed_field));
    STATIC_REQUIRE(sizeof os::lines.fields == 8 * sizeof(client::detail::packed_field));
    STATIC_REQUIRE(rs::lines.texts[0].empty());  // no selector, no words

    // fields are the same but for their names; any other member tells them apart
    namespace at = atmqtt::at;
    const at::field_spec a = at_run_time(at::integer("a", 0, 5));
    at::field_spec b = a;
    b.name = "b";
    CHECK(client::detail::same_field(a, b));
    int differ = 0;
    for (int member = 0; member < 7; ++member) {
        b = a;
        if (member == 0) b.words = "x";
        if (member == 1) b.min = 1;
        if (member == 2) b.max = 6;
        if (member == 3) b.def = 1;
        if (member == 4) b.type = at::field_type::string;
        if (member == 5) b.quote = at::quoting::either;
        if (member == 6) b.flags = at::field_spec::optional_bit;
        differ += client::detail::same_field(a, b) ? 0 : 1;
    }
    CHECK(differ == 7);
}

TEST_CASE("drivers: without cache reads or the recovery ladder, their lines and rows are left out") {
    constexpr const auto& qp = qs::line_table::push_lines;
    STATIC_REQUIRE(qp.size == qs::lines.size - 1);
    STATIC_REQUIRE(qp.index_of(q::line_message_notice) == qp.size);
    STATIC_REQUIRE(qp.index_of(q::line_received_message) < qp.size);  // pushed messages stay
    constexpr const auto& rp = rs::line_table::push_lines;
    STATIC_REQUIRE(rp.size == rs::lines.size - 4);
    STATIC_REQUIRE(rp.index_of(r::line_recv_message) == rp.size);
    STATIC_REQUIRE(rp.index_of(r::line_message_notice_full) == rp.size);
    constexpr const auto& op = os::line_table::push_lines;
    STATIC_REQUIRE(op.size == os::lines.size - 3);
    STATIC_REQUIRE(op.index_of(o::line_cached_message) == op.size);
    same_as_dialect(qp, qs::client_table<>::lines);
    same_as_dialect(rp, r::lines);
    same_as_dialect(op, o::lines);

    // Quectel's rows: less AT+QMTRECV (reads) and the ladder's AT+QMTCLOSE; their arguments, commands and
    // parameters packed again
    using client::drivers::quectel;
    constexpr const auto& spec = quectel::steps;
    constexpr const auto& all = client::detail::kept_rows<quectel::steps, true, true>::table;
    constexpr const auto& push = client::detail::kept_rows<quectel::steps, false, false>::table;
    constexpr std::size_t n = sizeof spec.rows / sizeof spec.rows[0];
    STATIC_REQUIRE(all.rows.size() == n);
    STATIC_REQUIRE(push.rows.size() == n - 2);
    STATIC_REQUIRE(client::detail::kept_rows<quectel::steps, false, false>::packed.commands ==
                   client::detail::kept_rows<quectel::steps, true, true>::packed.commands - 1);  // no AT+QMTRECV
    STATIC_REQUIRE(client::detail::kept_rows<quectel::steps, false, false>::packed.pool <
                   client::detail::kept_rows<quectel::steps, true, true>::packed.pool);  // {slot, recv_id} is gone
    for (std::size_t i = 0, k = 0; i < n; ++i) {
        const client::detail::command_step& a = spec.rows[i];
        if (a.kind == client::op_kind::read_cache || a.cond == client::detail::when::recovering) continue;
        const client::detail::step_row& b = push.rows[k++];
        const client::detail::step_command_row& c = push.commands[b.command].at;
        const atmqtt::at::row_shape& shape = push.commands[b.command].shape;
        CHECK((a.kind == b.kind && a.cond == b.cond && a.timeout == c.timeout && a.result == c.result));
        CHECK(std::string_view(push.text + c.text, shape.name_len) == a.command->name);
        CHECK(std::string_view(push.text + c.text + shape.name_len, shape.selector_len) == a.command->selector);
        REQUIRE(shape.count == a.command->params.size());
        for (std::size_t j = 0; j < shape.count; ++j) {  // each parameter as the writer reads it
            const atmqtt::at::packed_param& p = push.params[push.param_index[c.params + j]];
            const atmqtt::at::field_spec& f = a.command->params[j];
            CHECK((p.max == f.max && p.min == f.min && (p.kind & 7u) == static_cast<unsigned>(f.type)));
            if (p.words_len != 0) CHECK(std::string_view(push.text + c.text + p.words, p.words_len) == f.words);
        }
        for (std::size_t j = 0; j < client::detail::arg_count(a); ++j) CHECK(a.args[j] == push.pool[b.args + j]);
        CHECK(push.pool[b.args + client::detail::arg_count(a)] == client::detail::src::end);
    }
}

TEST_CASE("drivers: lines of prefixes the client leaves out (configuration answers) are ignored, as before") {
    harness<quectel_client> h(quectel_client{}, feeding_of(GENERATE(0, 1)));
    REQUIRE(h.c.connect(plain_options()).ok());
    // a configuration answer during AT+QMTCFG, and unknown or other commands' lines between
    CHECK(h.modem("\r\n+QMTCFG: \"version\",0,4\r\n+QSSLCFG: \"seclevel\",2,0\r\n+QFUPL: 10,1a2b\r\nOK\r\n").empty());
    for (int i = 0; i < 6; ++i) CHECK(h.modem("\r\nOK\r\n").empty());
    CHECK(h.modem("\r\n+QMTCFG: \"keepalive\",0,60\r\n").empty());  // between commands: no command of its own
    // a line of a kept prefix the driver takes nothing from: the read answer's shape during AT+QMTOPEN
    CHECK(h.modem("\r\n+QMTOPEN: 0,\"h\",1883\r\n\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n").empty());
    CHECK(h.modem("\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n") == lines{"connected new"});

    harness<risinghf_client> hr(risinghf_client{}, feeding_of(GENERATE(0, 1)));
    REQUIRE(hr.c.connect(plain_options()).ok());
    CHECK(hr.modem("\r\n+IMQTTMODE:2,0,0\r\nOK\r\n").empty());  // the read answer's shape
    for (int i = 0; i < 3; ++i) CHECK(hr.modem("\r\nOK\r\n").empty());
    CHECK(hr.modem("\r\n+IMQTTSTATE:2\r\n+IMQTTAUTH:a,b,c\r\n").empty());
    CHECK(hr.modem("\r\nOK\r\n\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});

    // a line of a kept prefix the driver takes nothing from: AT+IMQTTRECV's count answer
    client::drivers::risinghf cached;
    cached.cache_receive = true;
    harness<risinghf_client> hc(risinghf_client{cached}, feeding_of(GENERATE(0, 1)));
    REQUIRE(hc.c.connect(plain_options()).ok());
    for (int i = 0; i < 4; ++i) CHECK(hc.modem("\r\nOK\r\n").empty());
    CHECK(hc.modem("\r\nOK\r\n\r\n+IMQTTCONN:0\r\n") == lines{"connected new"});
    CHECK(hc.modem("\r\n+IMQTTCOUNT :1\r\n").empty());
    CHECK(hc.written().find("AT+IMQTTRECV=1\r") != std::string::npos);
    CHECK(hc.modem("\r\n+IMQTTRECV:0\r\n\r\nOK\r\n").empty());
    CHECK(hc.c.ready());
}
