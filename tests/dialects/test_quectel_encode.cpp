// Quectel dialect, outbound: every command vector of tests/dialects/commands/quectel_*.jsonl encodes to
// exactly its bytes through the table (generic writer) and through the typed structs; out-of-range and
// malformed commands fail with their exact errc and argument index.
#include "../catch.hpp"

#include <atmqtt/dialect/quectel.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace {

namespace at = atmqtt::at;
namespace q = atmqtt::quectel;
using atmqtt::errc;

template <class C>
constexpr bool encodes_to(const C& c, std::string_view want) {
    char buf[256] = {};
    auto r = q::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    auto n = q::encoded_size(c);
    return r.ok() && n.ok() && *n == *r && std::string_view(buf, *r) == want;
}
template <class C>
constexpr errc encode_error(const C& c) {
    char buf[256] = {};
    auto r = q::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    return r.ok() ? errc::ok : r.error();
}
template <class C>
constexpr std::size_t error_offset(const C& c) {
    char buf[256] = {};
    auto r = q::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    return r.ok() ? 999 : r.offset();
}

// The tables are valid (also asserted in the header) and constexpr end to end.
static_assert(at::validate(q::grammar).ok());
// lexical writes no bare text (only AT+QSSLCFG="ciphersuite" does: its encoder widens it, at::fixed_syntax).
static_assert(!q::lexical.writes_bare() && q::full_lexical.writes_bare());
static_assert(q::lexical.skips == (q::full_lexical.skips | at::syntax::bare_bit));
static_assert(encodes_to(q::open{0, "broker", 1883}, "AT+QMTOPEN=0,\"broker\",1883\r"));
static_assert(encodes_to(q::test(q::cmd::qmtpubex), "AT+QMTPUBEX=?\r"));
static_assert(encodes_to(q::cfg_keepalive{0, {}}, "AT+QMTCFG=\"keepalive\",0\r"));
static_assert(encode_error(q::open{6, "broker", 1883}) == errc::out_of_range);

struct vector {
    const char* file;
    const at::command* row;
    at::form which;
    at::value args[12];
    std::size_t n;
    std::string_view bytes;
};

// Generated from tests/dialects/commands/quectel_*.jsonl (params in table order, repeated groups
// interleaved as written on the wire).
const vector vectors[] = {
    {"quectel_syntax", &q::cmd::qmtcfg, at::form::test, {}, 0, "AT+QMTCFG=?\r"},
    {"quectel_syntax", &q::cmd::cfg_version, at::form::set, {0}, 1, "AT+QMTCFG=\"version\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_version, at::form::set, {0, 4}, 2, "AT+QMTCFG=\"version\",0,4\r"},
    {"quectel_syntax", &q::cmd::cfg_pdpcid, at::form::set, {0}, 1, "AT+QMTCFG=\"pdpcid\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_pdpcid, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"pdpcid\",0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_ssl, at::form::set, {0}, 1, "AT+QMTCFG=\"ssl\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_ssl, at::form::set, {0, 0}, 2, "AT+QMTCFG=\"ssl\",0,0\r"},
    {"quectel_syntax", &q::cmd::cfg_ssl, at::form::set, {0, 1, 2}, 3, "AT+QMTCFG=\"ssl\",0,1,2\r"},
    {"quectel_syntax", &q::cmd::cfg_keepalive, at::form::set, {0}, 1, "AT+QMTCFG=\"keepalive\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_keepalive, at::form::set, {0, 120}, 2, "AT+QMTCFG=\"keepalive\",0,120\r"},
    {"quectel_syntax", &q::cmd::cfg_session, at::form::set, {0}, 1, "AT+QMTCFG=\"session\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_session, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"session\",0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_timeout, at::form::set, {0}, 1, "AT+QMTCFG=\"timeout\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_timeout, at::form::set, {0, 5, 3, 0}, 4, "AT+QMTCFG=\"timeout\",0,5,3,0\r"},
    {"quectel_syntax", &q::cmd::cfg_will, at::form::set, {0}, 1, "AT+QMTCFG=\"will\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_will, at::form::set, {0, 0}, 2, "AT+QMTCFG=\"will\",0,0\r"},
    {"quectel_syntax", &q::cmd::cfg_will, at::form::set, {0, 1, 1, 0, "will/topic", "offline"}, 6, "AT+QMTCFG=\"will\",0,1,1,0,\"will/topic\",\"offline\"\r"},
    {"quectel_syntax", &q::cmd::cfg_willex, at::form::set, {0}, 1, "AT+QMTCFG=\"willex\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_willex, at::form::set, {0, 0}, 2, "AT+QMTCFG=\"willex\",0,0\r"},
    {"quectel_syntax", &q::cmd::cfg_willex, at::form::set, {0, 1, 1, 0, "will/topic", 7}, 6, "AT+QMTCFG=\"willex\",0,1,1,0,\"will/topic\",7\r"},
    {"quectel_syntax", &q::cmd::cfg_recv_mode, at::form::set, {0}, 1, "AT+QMTCFG=\"recv/mode\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_recv_mode, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"recv/mode\",0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_recv_mode, at::form::set, {0, 0, 1}, 3, "AT+QMTCFG=\"recv/mode\",0,0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_aliauth, at::form::set, {0}, 1, "AT+QMTCFG=\"aliauth\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_aliauth, at::form::set, {0, "oyjtmPI5a5j", "MQTT_TEST", "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ"}, 4, "AT+QMTCFG=\"aliauth\",0,\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"\r"},
    {"quectel_syntax", &q::cmd::cfg_qmtping, at::form::set, {0}, 1, "AT+QMTCFG=\"qmtping\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_qmtping, at::form::set, {0, 5}, 2, "AT+QMTCFG=\"qmtping\",0,5\r"},
    {"quectel_syntax", &q::cmd::cfg_send_mode, at::form::set, {0}, 1, "AT+QMTCFG=\"send/mode\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_send_mode, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"send/mode\",0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_onenet, at::form::set, {0}, 1, "AT+QMTCFG=\"onenet\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_onenet, at::form::set, {0, "123456", "accesskey"}, 3, "AT+QMTCFG=\"onenet\",0,\"123456\",\"accesskey\"\r"},
    {"quectel_syntax", &q::cmd::cfg_hwauth, at::form::set, {0}, 1, "AT+QMTCFG=\"hwauth\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_hwauth, at::form::set, {0, "prod01", "secret01"}, 3, "AT+QMTCFG=\"hwauth\",0,\"prod01\",\"secret01\"\r"},
    {"quectel_syntax", &q::cmd::cfg_hwprodid, at::form::set, {0}, 1, "AT+QMTCFG=\"hwprodid\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_hwprodid, at::form::set, {0, "prod01", "psecret01", "node01"}, 4, "AT+QMTCFG=\"hwprodid\",0,\"prod01\",\"psecret01\",\"node01\"\r"},
    {"quectel_syntax", &q::cmd::cfg_dataformat, at::form::set, {0}, 1, "AT+QMTCFG=\"dataformat\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_dataformat, at::form::set, {0, 0, 1}, 3, "AT+QMTCFG=\"dataformat\",0,0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_view_mode, at::form::set, {0}, 1, "AT+QMTCFG=\"view/mode\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_view_mode, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"view/mode\",0,1\r"},
    {"quectel_syntax", &q::cmd::cfg_edit_timeout, at::form::set, {0}, 1, "AT+QMTCFG=\"edit/timeout\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_edit_timeout, at::form::set, {0, 1, 60}, 3, "AT+QMTCFG=\"edit/timeout\",0,1,60\r"},
    {"quectel_syntax", &q::cmd::cfg_protocol_check, at::form::set, {0}, 1, "AT+QMTCFG=\"protocol/check\",0\r"},
    {"quectel_syntax", &q::cmd::cfg_protocol_check, at::form::set, {0, 1}, 2, "AT+QMTCFG=\"protocol/check\",0,1\r"},
    {"quectel_syntax", &q::cmd::qmtopen, at::form::test, {}, 0, "AT+QMTOPEN=?\r"},
    {"quectel_syntax", &q::cmd::qmtopen, at::form::read, {}, 0, "AT+QMTOPEN?\r"},
    {"quectel_syntax", &q::cmd::qmtopen, at::form::set, {0, "broker.example.com", 1883}, 3, "AT+QMTOPEN=0,\"broker.example.com\",1883\r"},
    {"quectel_syntax", &q::cmd::qmtclose, at::form::test, {}, 0, "AT+QMTCLOSE=?\r"},
    {"quectel_syntax", &q::cmd::qmtclose, at::form::set, {0}, 1, "AT+QMTCLOSE=0\r"},
    {"quectel_syntax", &q::cmd::qmtconn, at::form::test, {}, 0, "AT+QMTCONN=?\r"},
    {"quectel_syntax", &q::cmd::qmtconn, at::form::read, {}, 0, "AT+QMTCONN?\r"},
    {"quectel_syntax", &q::cmd::qmtconn, at::form::set, {0, "clientExample"}, 2, "AT+QMTCONN=0,\"clientExample\"\r"},
    {"quectel_syntax", &q::cmd::qmtconn, at::form::set, {0, "clientExample", "user", "pass"}, 4, "AT+QMTCONN=0,\"clientExample\",\"user\",\"pass\"\r"},
    {"quectel_syntax", &q::cmd::qmtdisc, at::form::test, {}, 0, "AT+QMTDISC=?\r"},
    {"quectel_syntax", &q::cmd::qmtdisc, at::form::set, {0}, 1, "AT+QMTDISC=0\r"},
    {"quectel_syntax", &q::cmd::qmtsub, at::form::test, {}, 0, "AT+QMTSUB=?\r"},
    {"quectel_syntax", &q::cmd::qmtsub, at::form::set, {0, 1, "topic/example", 2}, 4, "AT+QMTSUB=0,1,\"topic/example\",2\r"},
    {"quectel_syntax", &q::cmd::qmtsub, at::form::set, {0, 2, "topic/a", 0, "topic/b", 1}, 6, "AT+QMTSUB=0,2,\"topic/a\",0,\"topic/b\",1\r"},
    {"quectel_syntax", &q::cmd::qmtuns, at::form::test, {}, 0, "AT+QMTUNS=?\r"},
    {"quectel_syntax", &q::cmd::qmtuns, at::form::set, {0, 3, "topic/example"}, 3, "AT+QMTUNS=0,3,\"topic/example\"\r"},
    {"quectel_syntax", &q::cmd::qmtuns, at::form::set, {0, 4, "topic/a", "topic/b"}, 4, "AT+QMTUNS=0,4,\"topic/a\",\"topic/b\"\r"},
    {"quectel_syntax", &q::cmd::qmtpubex, at::form::test, {}, 0, "AT+QMTPUBEX=?\r"},
    {"quectel_syntax", &q::cmd::qmtpubex, at::form::set, {0, 0, 0, 0, "topic/pub", 30}, 6, "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r"},
    {"quectel_syntax", &q::cmd::qmtpubex, at::form::set, {0, 1, 1, 1, "topic/pub", 1500}, 6, "AT+QMTPUBEX=0,1,1,1,\"topic/pub\",1500\r"},
    {"quectel_syntax", &q::cmd::qmtrecv, at::form::test, {}, 0, "AT+QMTRECV=?\r"},
    {"quectel_syntax", &q::cmd::qmtrecv, at::form::read, {}, 0, "AT+QMTRECV?\r"},
    {"quectel_syntax", &q::cmd::qmtrecv, at::form::set, {0}, 1, "AT+QMTRECV=0\r"},
    {"quectel_syntax", &q::cmd::qmtrecv, at::form::set, {0, 4}, 2, "AT+QMTRECV=0,4\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::cfg_recv_mode, at::form::set, {0, 0, 1}, 3, "AT+QMTCFG=\"recv/mode\",0,0,1\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::cfg_aliauth, at::form::set, {0, "oyjtmPI5a5j", "MQTT_TEST", "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ"}, 4, "AT+QMTCFG=\"aliauth\",0,\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtopen, at::form::test, {}, 0, "AT+QMTOPEN=?\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtopen, at::form::set, {0, "iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883}, 3, "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtopen, at::form::read, {}, 0, "AT+QMTOPEN?\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtconn, at::form::test, {}, 0, "AT+QMTCONN=?\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtconn, at::form::set, {0, "clientExample"}, 2, "AT+QMTCONN=0,\"clientExample\"\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtsub, at::form::test, {}, 0, "AT+QMTSUB=?\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtsub, at::form::set, {0, 1, "topic/example", 2}, 4, "AT+QMTSUB=0,1,\"topic/example\",2\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtsub, at::form::set, {0, 1, "topic/pub", 0}, 4, "AT+QMTSUB=0,1,\"topic/pub\",0\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtuns, at::form::set, {0, 2, "topic/example"}, 3, "AT+QMTUNS=0,2,\"topic/example\"\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtpubex, at::form::test, {}, 0, "AT+QMTPUBEX=?\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtpubex, at::form::set, {0, 0, 0, 0, "topic/pub", 30}, 6, "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r"},
    {"quectel_5_1_mqtt_without_ssl", &q::cmd::qmtdisc, at::form::set, {0}, 1, "AT+QMTDISC=0\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qfupl, at::form::set, {"UFS:cacert.pem", 1758, 100}, 3, "AT+QFUPL=\"UFS:cacert.pem\",1758,100\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qfupl, at::form::set, {"UFS:client.pem", 1220, 100}, 3, "AT+QFUPL=\"UFS:client.pem\",1220,100\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qfupl, at::form::set, {"UFS:user_key.pem", 1679, 100}, 3, "AT+QFUPL=\"UFS:user_key.pem\",1679,100\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_cacert, at::form::set, {2, "UFS:cacert.pem"}, 2, "AT+QSSLCFG=\"cacert\",2,\"UFS:cacert.pem\"\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_clientcert, at::form::set, {2, "UFS:client.pem"}, 2, "AT+QSSLCFG=\"clientcert\",2,\"UFS:client.pem\"\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_clientkey, at::form::set, {2, "UFS:user_key.pem"}, 2, "AT+QSSLCFG=\"clientkey\",2,\"UFS:user_key.pem\"\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_seclevel, at::form::set, {2, 2}, 2, "AT+QSSLCFG=\"seclevel\",2,2\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_version, at::form::set, {2, 4}, 2, "AT+QSSLCFG=\"sslversion\",2,4\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_ciphersuite, at::form::set, {2, "0xFFFF"}, 2, "AT+QSSLCFG=\"ciphersuite\",2,0xFFFF\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::ssl_ignorelocaltime, at::form::set, {2, 1}, 2, "AT+QSSLCFG=\"ignorelocaltime\",2,1\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::cfg_recv_mode, at::form::set, {0, 0, 1}, 3, "AT+QMTCFG=\"recv/mode\",0,0,1\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::cfg_ssl, at::form::set, {0, 1, 2}, 3, "AT+QMTCFG=\"ssl\",0,1,2\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qmtopen, at::form::set, {0, "a1zgnxur10j8ux.iot.us-east-1.amazonaws.com", 8883}, 3, "AT+QMTOPEN=0,\"a1zgnxur10j8ux.iot.us-east-1.amazonaws.com\",8883\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qmtconn, at::form::set, {0, "M26_0206"}, 2, "AT+QMTCONN=0,\"M26_0206\"\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qmtsub, at::form::set, {0, 1, "$aws/things/M26_0206/shadow/update/accepted", 1}, 4, "AT+QMTSUB=0,1,\"$aws/things/M26_0206/shadow/update/accepted\",1\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qmtpubex, at::form::set, {0, 1, 1, 0, "$aws/things/M26_0206/shadow/update/accepted", 32}, 6, "AT+QMTPUBEX=0,1,1,0,\"$aws/things/M26_0206/shadow/update/accepted\",32\r"},
    {"quectel_5_2_mqtt_with_ssl", &q::cmd::qmtdisc, at::form::set, {0}, 1, "AT+QMTDISC=0\r"},
};

}  // namespace

TEST_CASE("quectel: every command vector encodes byte-exact through the table") {
    for (const vector& v : vectors) {
        INFO(v.file << ": " << v.bytes);
        char buf[256] = {};
        auto r = at::write_command(q::grammar.lexical, *v.row, v.which, atmqtt::span<const at::value>(v.args, v.n),
                                   atmqtt::mutable_bytes(buf, sizeof buf));
        REQUIRE(r.ok());
        CHECK(std::string_view(buf, *r) == v.bytes);
    }
}

TEST_CASE("quectel: typed QMTCFG items, query and set forms") {
    STATIC_REQUIRE(encodes_to(q::test(q::cmd::qmtcfg), "AT+QMTCFG=?\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_version{0, 4}, "AT+QMTCFG=\"version\",0,4\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_version{0, {}}, "AT+QMTCFG=\"version\",0\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_pdpcid{0, 1}, "AT+QMTCFG=\"pdpcid\",0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_ssl{0, 1, 2}, "AT+QMTCFG=\"ssl\",0,1,2\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_ssl{0, 0, {}}, "AT+QMTCFG=\"ssl\",0,0\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_keepalive{0, 120}, "AT+QMTCFG=\"keepalive\",0,120\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_session{0, 1}, "AT+QMTCFG=\"session\",0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_timeout{0, 5, 3, 0}, "AT+QMTCFG=\"timeout\",0,5,3,0\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_will{0, 1, 1, 0, "will/topic", "offline"},
                              "AT+QMTCFG=\"will\",0,1,1,0,\"will/topic\",\"offline\"\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_will{0, 0, {}, {}, {}, {}}, "AT+QMTCFG=\"will\",0,0\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_willex{0, 1, 1, 0, "will/topic", 7}, "AT+QMTCFG=\"willex\",0,1,1,0,\"will/topic\",7\r"));
    STATIC_REQUIRE(at::binding_of<q::cfg_willex>::row.is(at::command::prompt_bit));
    STATIC_REQUIRE(encodes_to(q::cfg_recv_mode{0, 0, 1}, "AT+QMTCFG=\"recv/mode\",0,0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_aliauth{0, "oyjtmPI5a5j", "MQTT_TEST", "wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ"},
                              "AT+QMTCFG=\"aliauth\",0,\"oyjtmPI5a5j\",\"MQTT_TEST\",\"wN9Y6pZSIly7Exa5qVzcmigEGO4kAazZ\"\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_qmtping{0, 5}, "AT+QMTCFG=\"qmtping\",0,5\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_send_mode{0, 1}, "AT+QMTCFG=\"send/mode\",0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_onenet{0, "123456", "accesskey"}, "AT+QMTCFG=\"onenet\",0,\"123456\",\"accesskey\"\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_hwauth{0, "prod01", "secret01"}, "AT+QMTCFG=\"hwauth\",0,\"prod01\",\"secret01\"\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_hwprodid{0, "prod01", "psecret01", "node01"},
                              "AT+QMTCFG=\"hwprodid\",0,\"prod01\",\"psecret01\",\"node01\"\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_dataformat{0, 0, 1}, "AT+QMTCFG=\"dataformat\",0,0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_view_mode{0, 1}, "AT+QMTCFG=\"view/mode\",0,1\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_edit_timeout{0, 1, 60}, "AT+QMTCFG=\"edit/timeout\",0,1,60\r"));
    STATIC_REQUIRE(encodes_to(q::cfg_protocol_check{0, 1}, "AT+QMTCFG=\"protocol/check\",0,1\r"));
}

TEST_CASE("quectel: typed MQTT commands in every form") {
    static constexpr q::topic_qos one[] = {{"topic/example", 2}};
    static constexpr q::topic_qos two[] = {{"topic/a", 0}, {"topic/b", 1}};
    static constexpr std::string_view uns_two[] = {"topic/a", "topic/b"};
    STATIC_REQUIRE(encodes_to(q::read(q::cmd::qmtopen), "AT+QMTOPEN?\r"));
    STATIC_REQUIRE(encodes_to(q::open{0, "iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883},
                              "AT+QMTOPEN=0,\"iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883\r"));
    STATIC_REQUIRE(encodes_to(q::test(q::cmd::qmtclose), "AT+QMTCLOSE=?\r"));
    STATIC_REQUIRE(encodes_to(q::close{0}, "AT+QMTCLOSE=0\r"));
    STATIC_REQUIRE(encodes_to(q::read(q::cmd::qmtconn), "AT+QMTCONN?\r"));
    STATIC_REQUIRE(encodes_to(q::connect{0, "clientExample", {}, {}}, "AT+QMTCONN=0,\"clientExample\"\r"));
    STATIC_REQUIRE(encodes_to(q::connect{0, "clientExample", "user", "pass"}, "AT+QMTCONN=0,\"clientExample\",\"user\",\"pass\"\r"));
    STATIC_REQUIRE(encodes_to(q::disconnect{0}, "AT+QMTDISC=0\r"));
    STATIC_REQUIRE(encodes_to(q::subscribe{0, 1, one}, "AT+QMTSUB=0,1,\"topic/example\",2\r"));
    STATIC_REQUIRE(encodes_to(q::subscribe{0, 2, two}, "AT+QMTSUB=0,2,\"topic/a\",0,\"topic/b\",1\r"));
    STATIC_REQUIRE(encodes_to(q::unsubscribe{0, 4, uns_two}, "AT+QMTUNS=0,4,\"topic/a\",\"topic/b\"\r"));
    STATIC_REQUIRE(encodes_to(q::publish{0, 0, 0, 0, "topic/pub", 30}, "AT+QMTPUBEX=0,0,0,0,\"topic/pub\",30\r"));
    STATIC_REQUIRE(encodes_to(q::publish{0, 1, 1, 0, "$aws/things/M26_0206/shadow/update/accepted", 32},
                              "AT+QMTPUBEX=0,1,1,0,\"$aws/things/M26_0206/shadow/update/accepted\",32\r"));
    STATIC_REQUIRE(at::binding_of<q::publish>::row.is(at::command::prompt_bit));
    STATIC_REQUIRE(encodes_to(q::test(q::cmd::qmtrecv), "AT+QMTRECV=?\r"));
    STATIC_REQUIRE(encodes_to(q::read(q::cmd::qmtrecv), "AT+QMTRECV?\r"));
    STATIC_REQUIRE(encodes_to(q::receive{0, {}}, "AT+QMTRECV=0\r"));
    STATIC_REQUIRE(encodes_to(q::receive{0, 4}, "AT+QMTRECV=0,4\r"));
}

TEST_CASE("quectel: the TLS example's QSSLCFG and QFUPL commands") {
    STATIC_REQUIRE(encodes_to(q::file_upload{"UFS:cacert.pem", 1758, 100}, "AT+QFUPL=\"UFS:cacert.pem\",1758,100\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_cacert{2, "UFS:cacert.pem"}, "AT+QSSLCFG=\"cacert\",2,\"UFS:cacert.pem\"\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_clientcert{2, "UFS:client.pem"}, "AT+QSSLCFG=\"clientcert\",2,\"UFS:client.pem\"\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_clientkey{2, "UFS:user_key.pem"}, "AT+QSSLCFG=\"clientkey\",2,\"UFS:user_key.pem\"\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_seclevel{2, 2}, "AT+QSSLCFG=\"seclevel\",2,2\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_version{2, 4}, "AT+QSSLCFG=\"sslversion\",2,4\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_ciphersuite{2, "0xFFFF"}, "AT+QSSLCFG=\"ciphersuite\",2,0xFFFF\r"));
    STATIC_REQUIRE(encodes_to(q::ssl_ignorelocaltime{2, 1}, "AT+QSSLCFG=\"ignorelocaltime\",2,1\r"));
}

TEST_CASE("quectel: out-of-range and malformed commands fail with their errc and argument index") {
    static constexpr q::topic_qos bad_qos[] = {{"t", 3}};
    static constexpr q::topic_qos empty_topic[] = {{"", 0}};
    static constexpr q::topic_qos eleven[11] = {{"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}, {"a", 0},
                                                {"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}};
    STATIC_REQUIRE(encode_error(q::open{6, "h", 1}) == errc::out_of_range);
    STATIC_REQUIRE(error_offset(q::open{6, "h", 1}) == 0);
    STATIC_REQUIRE(encode_error(q::open{0, "h", 0}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::open{0, "h", 65536}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::open{0, "", 1}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::open{0, "a\"b", 1}) == errc::at_unescapable_character);
    STATIC_REQUIRE(error_offset(q::open{0, "a\"b", 1}) == 1);
    STATIC_REQUIRE(encode_error(q::cfg_keepalive{0, 3601}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::cfg_pdpcid{0, 0}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::cfg_version{0, 5}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::cfg_qmtping{0, 4}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::cfg_edit_timeout{0, 1, 121}) == errc::out_of_range);
    // all-or-nothing tails: timeout needs all three, will_fg=1 needs the whole will
    STATIC_REQUIRE(encode_error(q::cfg_timeout{0, 5, {}, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(error_offset(q::cfg_timeout{0, 5, {}, {}}) == 2);
    STATIC_REQUIRE(encode_error(q::cfg_will{0, 1, 1, {}, {}, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(encode_error(q::cfg_aliauth{0, "k", {}, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(encode_error(q::connect{0, "c", "user", {}}) == errc::at_missing_field);
    STATIC_REQUIRE(error_offset(q::connect{0, "c", "user", {}}) == 3);
    STATIC_REQUIRE(encode_error(q::cfg_will{0, 1, 1, 0, "t", std::string_view("x\r")}) == errc::at_unescapable_character);
    // msgid rules: QMTSUB/QMTUNS 1..65535; QMTPUBEX 0 exactly when qos is 0
    STATIC_REQUIRE(encode_error(q::subscribe{0, 0, bad_qos}) == errc::out_of_range);
    STATIC_REQUIRE(error_offset(q::subscribe{0, 0, bad_qos}) == 1);
    STATIC_REQUIRE(encode_error(q::subscribe{0, 1, bad_qos}) == errc::out_of_range);
    STATIC_REQUIRE(error_offset(q::subscribe{0, 1, bad_qos}) == 3);
    STATIC_REQUIRE(encode_error(q::subscribe{0, 1, empty_topic}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::subscribe{0, 1, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(encode_error(q::subscribe{0, 1, eleven}) == errc::at_too_many_fields);
    STATIC_REQUIRE(encode_error(q::unsubscribe{0, 1, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(encode_error(q::publish{0, 1, 0, 0, "t", 1}) == errc::out_of_range);
    STATIC_REQUIRE(error_offset(q::publish{0, 1, 0, 0, "t", 1}) == 1);
    STATIC_REQUIRE(encode_error(q::publish{0, 0, 1, 0, "t", 1}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::publish{0, 1, 1, 0, "t", 1501}) == errc::out_of_range);
    STATIC_REQUIRE(error_offset(q::publish{0, 1, 1, 0, "t", 1501}) == 5);
    STATIC_REQUIRE(encode_error(q::publish{0, 1, 1, 2, "t", 1}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::receive{0, 5}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::read(q::cmd::qmtclose)) == errc::at_unsupported_form);
    STATIC_REQUIRE(encode_error(q::read(q::cmd::cfg_keepalive)) == errc::at_unsupported_form);
    STATIC_REQUIRE(encode_error(q::ssl_ciphersuite{2, "0xFFF"}) == errc::out_of_range);
    STATIC_REQUIRE(encode_error(q::ssl_ciphersuite{2, "0xF,FF"}) == errc::at_comma_in_bare_string);
}

// ---- every command and item: boundary values pass byte-exact, one past them fails at its argument ----

namespace {

// What encode did, and whether encoded_size agrees with it (same size, or same errc and offset).
struct outcome {
    errc code = errc::ok;
    std::size_t offset = 0;
    std::string bytes;
    bool size_agrees = false;
};
template <class C>
outcome outcome_of(const C& c) {
    char buf[1024] = {};
    auto r = q::encode(c, atmqtt::mutable_bytes(buf, sizeof buf));
    auto n = q::encoded_size(c);
    outcome o;
    if (r.ok()) {
        o.bytes.assign(buf, *r);
        o.size_agrees = n.ok() && *n == *r;
    } else {
        o.code = r.error();
        o.offset = r.offset();
        o.size_agrees = !n.ok() && n.error() == r.error() && n.offset() == r.offset();
    }
    return o;
}
struct encode_case {
    int line;
    outcome got;
    errc code;           // errc::ok: the command must encode to `bytes`
    std::size_t offset;  // the argument index of the error
    std::string bytes;
};
#define WRITES(bytes, ...) encode_case{__LINE__, outcome_of(__VA_ARGS__), errc::ok, 0, bytes}
#define FAILS(code, offset, ...) encode_case{__LINE__, outcome_of(__VA_ARGS__), errc::code, offset, {}}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

TEST_CASE("quectel: every command and item, at its bounds: exact bytes inside, exact errc and argument outside") {
    const std::string s80(80, 'f'), s81(81, 'f'), s100(100, 'h'), s101(101, 'h'), s256(256, 'a'), s257(257, 'a');
    const std::string_view v80 = s80, v81 = s81, v100 = s100, v101 = s101, v256 = s256, v257 = s257;
    const q::topic_qos t2[] = {{"t", 2}};
    const q::topic_qos long_topic[] = {{v257, 0}};
    const q::topic_qos empty_topic[] = {{"", 0}};
    const q::topic_qos second_bad[] = {{"a", 0}, {"b", 3}};
    q::topic_qos ten[10] = {}, eleven[11] = {};
    std::string_view uns_ten[10] = {}, uns_eleven[11] = {};
    std::string sub_ten = "AT+QMTSUB=0,1", uns_ten_bytes = "AT+QMTUNS=0,1";
    for (std::size_t i = 0; i < 11; ++i) {
        eleven[i] = {"a", 0};
        uns_eleven[i] = "a";
        if (i == 10) continue;
        ten[i] = {"a", 1};
        uns_ten[i] = "a";
        sub_ten += ",\"a\",1";
        uns_ten_bytes += ",\"a\"";
    }
    const std::string_view uns_t[] = {"t"};
    const std::string_view uns_empty[] = {""};
    const std::string_view uns_second_empty[] = {"a", ""};

    const encode_case cases[] = {
        // AT+QMTOPEN
        WRITES("AT+QMTOPEN=5,\"h\",65535\r", q::open{5, "h", 65535}),
        WRITES("AT+QMTOPEN=0," + quoted(s100) + ",1\r", q::open{0, v100, 1}),
        FAILS(out_of_range, 0, q::open{6, "h", 1}),
        FAILS(out_of_range, 0, q::open{-1, "h", 1}),
        FAILS(out_of_range, 1, q::open{0, "", 1}),
        FAILS(too_long, 1, q::open{0, v101, 1}),
        FAILS(at_unescapable_character, 1, q::open{0, "a\"b", 1}),
        FAILS(out_of_range, 2, q::open{0, "h", 0}),
        FAILS(out_of_range, 2, q::open{0, "h", 65536}),
        // AT+QMTCLOSE, AT+QMTDISC
        WRITES("AT+QMTCLOSE=5\r", q::close{5}),
        FAILS(out_of_range, 0, q::close{6}),
        FAILS(out_of_range, 0, q::close{-1}),
        WRITES("AT+QMTDISC=5\r", q::disconnect{5}),
        FAILS(out_of_range, 0, q::disconnect{6}),
        FAILS(out_of_range, 0, q::disconnect{-1}),
        // AT+QMTCONN
        WRITES("AT+QMTCONN=5,\"c\"\r", q::connect{5, "c", {}, {}}),
        WRITES("AT+QMTCONN=0," + quoted(s256) + "\r", q::connect{0, v256, {}, {}}),
        WRITES("AT+QMTCONN=0,\"c\",\"\",\"\"\r", q::connect{0, "c", "", ""}),
        WRITES("AT+QMTCONN=0,\"c\"," + quoted(s256) + "," + quoted(s256) + "\r", q::connect{0, "c", v256, v256}),
        FAILS(out_of_range, 0, q::connect{6, "c", {}, {}}),
        FAILS(out_of_range, 0, q::connect{-1, "c", {}, {}}),
        FAILS(out_of_range, 1, q::connect{0, "", {}, {}}),
        FAILS(too_long, 1, q::connect{0, v257, {}, {}}),
        FAILS(too_long, 2, q::connect{0, "c", v257, "p"}),
        FAILS(too_long, 3, q::connect{0, "c", "u", v257}),
        FAILS(at_missing_field, 3, q::connect{0, "c", "u", {}}),
        FAILS(at_missing_field, 2, q::connect{0, "c", {}, "p"}),  // "[,<username>,<password>]": both or neither
        // AT+QMTSUB
        WRITES("AT+QMTSUB=5,65535,\"t\",2\r", q::subscribe{5, 65535, t2}),
        WRITES(sub_ten + "\r", q::subscribe{0, 1, ten}),
        FAILS(out_of_range, 0, q::subscribe{6, 1, t2}),
        FAILS(out_of_range, 1, q::subscribe{0, 0, t2}),
        FAILS(out_of_range, 1, q::subscribe{0, 65536, t2}),
        FAILS(out_of_range, 2, q::subscribe{0, 1, empty_topic}),
        FAILS(too_long, 2, q::subscribe{0, 1, long_topic}),
        FAILS(out_of_range, 5, q::subscribe{0, 1, second_bad}),
        FAILS(at_missing_field, 2, q::subscribe{0, 1, {}}),
        FAILS(at_too_many_fields, 22, q::subscribe{0, 1, eleven}),
        // AT+QMTUNS
        WRITES("AT+QMTUNS=5,65535,\"t\"\r", q::unsubscribe{5, 65535, uns_t}),
        WRITES(uns_ten_bytes + "\r", q::unsubscribe{0, 1, uns_ten}),
        FAILS(out_of_range, 0, q::unsubscribe{6, 1, uns_t}),
        FAILS(out_of_range, 1, q::unsubscribe{0, 0, uns_t}),
        FAILS(out_of_range, 1, q::unsubscribe{0, 65536, uns_t}),
        FAILS(out_of_range, 2, q::unsubscribe{0, 1, uns_empty}),
        FAILS(out_of_range, 3, q::unsubscribe{0, 1, uns_second_empty}),
        FAILS(at_missing_field, 2, q::unsubscribe{0, 1, {}}),
        FAILS(at_too_many_fields, 12, q::unsubscribe{0, 1, uns_eleven}),
        // AT+QMTPUBEX (msgid 0 exactly when qos 0: the dialect's rule, argument 1)
        WRITES("AT+QMTPUBEX=5,65535,2,1,\"t\",1500\r", q::publish{5, 65535, 2, 1, "t", 1500}),
        WRITES("AT+QMTPUBEX=0,0,0,0,\"t\",0\r", q::publish{0, 0, 0, 0, "t", 0}),
        FAILS(out_of_range, 0, q::publish{6, 0, 0, 0, "t", 1}),
        FAILS(out_of_range, 1, q::publish{0, 1, 0, 0, "t", 1}),
        FAILS(out_of_range, 1, q::publish{0, 0, 1, 0, "t", 1}),
        FAILS(out_of_range, 1, q::publish{0, 0, 2, 0, "t", 1}),
        FAILS(out_of_range, 1, q::publish{0, 65536, 1, 0, "t", 1}),
        FAILS(out_of_range, 1, q::publish{0, -1, 0, 0, "t", 1}),
        FAILS(out_of_range, 2, q::publish{0, 1, 3, 0, "t", 1}),
        FAILS(out_of_range, 3, q::publish{0, 1, 1, 2, "t", 1}),
        FAILS(out_of_range, 4, q::publish{0, 1, 1, 0, "", 1}),
        FAILS(too_long, 4, q::publish{0, 1, 1, 0, v257, 1}),
        FAILS(out_of_range, 5, q::publish{0, 1, 1, 0, "t", 1501}),
        FAILS(out_of_range, 5, q::publish{0, 1, 1, 0, "t", -1}),
        // AT+QMTRECV
        WRITES("AT+QMTRECV=5,4\r", q::receive{5, 4}),
        WRITES("AT+QMTRECV=0,0\r", q::receive{0, 0}),
        FAILS(out_of_range, 0, q::receive{6, {}}),
        FAILS(out_of_range, 1, q::receive{0, 5}),
        FAILS(out_of_range, 1, q::receive{0, -1}),
        // AT+QMTCFG items
        WRITES("AT+QMTCFG=\"version\",5,3\r", q::cfg_version{5, 3}),
        FAILS(out_of_range, 0, q::cfg_version{6, {}}),
        FAILS(out_of_range, 1, q::cfg_version{0, 2}),
        FAILS(out_of_range, 1, q::cfg_version{0, 5}),
        WRITES("AT+QMTCFG=\"pdpcid\",0,15\r", q::cfg_pdpcid{0, 15}),
        FAILS(out_of_range, 1, q::cfg_pdpcid{0, 0}),
        FAILS(out_of_range, 1, q::cfg_pdpcid{0, 16}),
        WRITES("AT+QMTCFG=\"ssl\",5,1,5\r", q::cfg_ssl{5, 1, 5}),
        WRITES("AT+QMTCFG=\"ssl\",0,1,0\r", q::cfg_ssl{0, 1, 0}),
        WRITES("AT+QMTCFG=\"ssl\",0,0\r", q::cfg_ssl{0, 0, {}}),
        WRITES("AT+QMTCFG=\"ssl\",0,0,3\r", q::cfg_ssl{0, 0, 3}),  // allowed: see check_rules
        FAILS(out_of_range, 0, q::cfg_ssl{6, {}, {}}),
        FAILS(out_of_range, 1, q::cfg_ssl{0, 2, 0}),
        FAILS(out_of_range, 2, q::cfg_ssl{0, 1, 6}),
        FAILS(out_of_range, 2, q::cfg_ssl{0, 1, -1}),
        FAILS(at_missing_field, 2, q::cfg_ssl{0, 1, {}}),  // remark 3: SSL needs <SSL_ctx_idx>
        FAILS(at_missing_field, 1, q::cfg_ssl{0, {}, 2}),
        WRITES("AT+QMTCFG=\"keepalive\",0,3600\r", q::cfg_keepalive{0, 3600}),
        WRITES("AT+QMTCFG=\"keepalive\",0,0\r", q::cfg_keepalive{0, 0}),
        FAILS(out_of_range, 1, q::cfg_keepalive{0, 3601}),
        FAILS(out_of_range, 1, q::cfg_keepalive{0, -1}),
        WRITES("AT+QMTCFG=\"session\",0,0\r", q::cfg_session{0, 0}),
        FAILS(out_of_range, 0, q::cfg_session{6, 1}),
        FAILS(out_of_range, 1, q::cfg_session{0, 2}),
        FAILS(out_of_range, 1, q::cfg_session{0, -1}),
        WRITES("AT+QMTCFG=\"timeout\",0,60,10,1\r", q::cfg_timeout{0, 60, 10, 1}),
        WRITES("AT+QMTCFG=\"timeout\",0,1,0,0\r", q::cfg_timeout{0, 1, 0, 0}),
        FAILS(out_of_range, 1, q::cfg_timeout{0, 0, 3, 0}),
        FAILS(out_of_range, 1, q::cfg_timeout{0, 61, 3, 0}),
        FAILS(out_of_range, 2, q::cfg_timeout{0, 5, 11, 0}),
        FAILS(out_of_range, 3, q::cfg_timeout{0, 5, 3, 2}),
        FAILS(at_missing_field, 2, q::cfg_timeout{0, 5, {}, {}}),
        FAILS(at_missing_field, 3, q::cfg_timeout{0, 5, 3, {}}),
        WRITES("AT+QMTCFG=\"will\",0,1,2,1," + quoted(s256) + "," + quoted(s256) + "\r",
               q::cfg_will{0, 1, 2, 1, v256, v256}),
        WRITES("AT+QMTCFG=\"will\",0,1,0,0,\"t\",\"\"\r", q::cfg_will{0, 1, 0, 0, "t", ""}),
        WRITES("AT+QMTCFG=\"will\",0,0\r", q::cfg_will{0, 0, {}, {}, {}, {}}),
        FAILS(out_of_range, 1, q::cfg_will{0, 2, {}, {}, {}, {}}),
        FAILS(out_of_range, 2, q::cfg_will{0, 1, 3, 0, "t", "m"}),
        FAILS(out_of_range, 3, q::cfg_will{0, 1, 1, 2, "t", "m"}),
        FAILS(out_of_range, 4, q::cfg_will{0, 1, 1, 0, "", "m"}),
        FAILS(too_long, 4, q::cfg_will{0, 1, 1, 0, v257, "m"}),
        FAILS(too_long, 5, q::cfg_will{0, 1, 1, 0, "t", v257}),
        // remark 1: will_fg=1 needs the whole will, will_fg=0 takes none of it
        FAILS(at_missing_field, 2, q::cfg_will{0, 1, {}, {}, {}, {}}),
        FAILS(at_missing_field, 2, q::cfg_will{0, 1, {}, 0, "t", "m"}),
        FAILS(at_missing_field, 3, q::cfg_will{0, 1, 1, {}, {}, {}}),
        FAILS(at_missing_field, 4, q::cfg_will{0, 1, 1, 0, {}, "m"}),
        FAILS(at_missing_field, 5, q::cfg_will{0, 1, 1, 0, "t", {}}),
        FAILS(at_too_many_fields, 2, q::cfg_will{0, 0, 1, 0, "t", "m"}),
        FAILS(at_missing_field, 3, q::cfg_will{0, 0, 1, {}, {}, {}}),  // the writer's arity first, then the rule
        FAILS(at_missing_field, 1, q::cfg_will{0, {}, 1, 0, "t", "m"}),
        WRITES("AT+QMTCFG=\"willex\",5,1,2,1," + quoted(s256) + ",256\r", q::cfg_willex{5, 1, 2, 1, v256, 256}),
        WRITES("AT+QMTCFG=\"willex\",0,1,0,0,\"t\",0\r", q::cfg_willex{0, 1, 0, 0, "t", 0}),
        WRITES("AT+QMTCFG=\"willex\",0,0\r", q::cfg_willex{0, 0, {}, {}, {}, {}}),
        FAILS(out_of_range, 1, q::cfg_willex{0, 2, {}, {}, {}, {}}),
        FAILS(out_of_range, 2, q::cfg_willex{0, 1, 3, 0, "t", 5}),
        FAILS(out_of_range, 3, q::cfg_willex{0, 1, 1, 2, "t", 5}),
        FAILS(too_long, 4, q::cfg_willex{0, 1, 1, 0, v257, 5}),
        FAILS(out_of_range, 5, q::cfg_willex{0, 1, 1, 0, "t", 257}),
        FAILS(out_of_range, 5, q::cfg_willex{0, 1, 1, 0, "t", -1}),
        FAILS(at_missing_field, 2, q::cfg_willex{0, 1, {}, {}, {}, {}}),
        FAILS(at_missing_field, 5, q::cfg_willex{0, 1, 1, 0, "t", {}}),
        FAILS(at_too_many_fields, 2, q::cfg_willex{0, 0, 1, 0, "t", 5}),
        FAILS(at_missing_field, 1, q::cfg_willex{0, {}, 1, 0, "t", 5}),
        WRITES("AT+QMTCFG=\"recv/mode\",0,1,1\r", q::cfg_recv_mode{0, 1, 1}),
        WRITES("AT+QMTCFG=\"recv/mode\",0,1\r", q::cfg_recv_mode{0, 1, {}}),
        FAILS(out_of_range, 0, q::cfg_recv_mode{6, 0, 0}),
        FAILS(out_of_range, 1, q::cfg_recv_mode{0, 2, {}}),
        FAILS(out_of_range, 2, q::cfg_recv_mode{0, 0, 2}),
        WRITES("AT+QMTCFG=\"aliauth\",0,\"k\",\"n\"," + quoted(s256) + "\r", q::cfg_aliauth{0, "k", "n", v256}),
        FAILS(out_of_range, 1, q::cfg_aliauth{0, "", "n", "s"}),
        FAILS(too_long, 2, q::cfg_aliauth{0, "k", v257, "s"}),
        FAILS(too_long, 3, q::cfg_aliauth{0, "k", "n", v257}),
        FAILS(at_missing_field, 2, q::cfg_aliauth{0, "k", {}, {}}),
        FAILS(at_missing_field, 3, q::cfg_aliauth{0, "k", "n", {}}),
        WRITES("AT+QMTCFG=\"qmtping\",0,60\r", q::cfg_qmtping{0, 60}),
        WRITES("AT+QMTCFG=\"qmtping\",0,5\r", q::cfg_qmtping{0, 5}),
        FAILS(out_of_range, 1, q::cfg_qmtping{0, 4}),
        FAILS(out_of_range, 1, q::cfg_qmtping{0, 61}),
        WRITES("AT+QMTCFG=\"send/mode\",0,0\r", q::cfg_send_mode{0, 0}),
        FAILS(out_of_range, 0, q::cfg_send_mode{6, 0}),
        FAILS(out_of_range, 1, q::cfg_send_mode{0, 2}),
        FAILS(out_of_range, 1, q::cfg_send_mode{0, -1}),
        WRITES("AT+QMTCFG=\"onenet\",0," + quoted(s256) + ",\"a\"\r", q::cfg_onenet{0, v256, "a"}),
        FAILS(out_of_range, 0, q::cfg_onenet{6, "p", "a"}),
        FAILS(out_of_range, 1, q::cfg_onenet{0, "", "a"}),
        FAILS(too_long, 1, q::cfg_onenet{0, v257, "a"}),
        FAILS(too_long, 2, q::cfg_onenet{0, "p", v257}),
        FAILS(at_missing_field, 2, q::cfg_onenet{0, "p", {}}),
        WRITES("AT+QMTCFG=\"hwauth\",0,\"p\"," + quoted(s256) + "\r", q::cfg_hwauth{0, "p", v256}),
        FAILS(out_of_range, 0, q::cfg_hwauth{6, "p", "s"}),
        FAILS(out_of_range, 1, q::cfg_hwauth{0, "", "s"}),
        FAILS(out_of_range, 2, q::cfg_hwauth{0, "p", ""}),
        FAILS(too_long, 2, q::cfg_hwauth{0, "p", v257}),
        FAILS(at_missing_field, 2, q::cfg_hwauth{0, "p", {}}),
        WRITES("AT+QMTCFG=\"hwprodid\",0,\"p\",\"s\"," + quoted(s256) + "\r", q::cfg_hwprodid{0, "p", "s", v256}),
        FAILS(out_of_range, 0, q::cfg_hwprodid{6, "p", "s", "n"}),
        FAILS(too_long, 1, q::cfg_hwprodid{0, v257, "s", "n"}),
        FAILS(out_of_range, 2, q::cfg_hwprodid{0, "p", "", "n"}),
        FAILS(too_long, 3, q::cfg_hwprodid{0, "p", "s", v257}),
        FAILS(at_missing_field, 2, q::cfg_hwprodid{0, "p", {}, {}}),
        FAILS(at_missing_field, 3, q::cfg_hwprodid{0, "p", "s", {}}),
        WRITES("AT+QMTCFG=\"dataformat\",0,1,1\r", q::cfg_dataformat{0, 1, 1}),
        FAILS(out_of_range, 0, q::cfg_dataformat{6, 0, 0}),
        FAILS(out_of_range, 1, q::cfg_dataformat{0, 2, 0}),
        FAILS(out_of_range, 2, q::cfg_dataformat{0, 0, 2}),
        FAILS(at_missing_field, 2, q::cfg_dataformat{0, 1, {}}),
        WRITES("AT+QMTCFG=\"view/mode\",0,0\r", q::cfg_view_mode{0, 0}),
        FAILS(out_of_range, 0, q::cfg_view_mode{6, 0}),
        FAILS(out_of_range, 1, q::cfg_view_mode{0, 2}),
        FAILS(out_of_range, 1, q::cfg_view_mode{0, -1}),
        WRITES("AT+QMTCFG=\"edit/timeout\",0,0,1\r", q::cfg_edit_timeout{0, 0, 1}),
        WRITES("AT+QMTCFG=\"edit/timeout\",0,1,120\r", q::cfg_edit_timeout{0, 1, 120}),
        FAILS(out_of_range, 1, q::cfg_edit_timeout{0, 2, 60}),
        FAILS(out_of_range, 2, q::cfg_edit_timeout{0, 1, 0}),
        FAILS(out_of_range, 2, q::cfg_edit_timeout{0, 1, 121}),
        FAILS(at_missing_field, 2, q::cfg_edit_timeout{0, 1, {}}),
        WRITES("AT+QMTCFG=\"protocol/check\",5,0\r", q::cfg_protocol_check{5, 0}),
        FAILS(out_of_range, 0, q::cfg_protocol_check{6, 0}),
        FAILS(out_of_range, 1, q::cfg_protocol_check{0, 2}),
        FAILS(out_of_range, 1, q::cfg_protocol_check{0, -1}),
        // AT+QSSLCFG items
        WRITES("AT+QSSLCFG=\"cacert\",5," + quoted(s80) + "\r", q::ssl_cacert{5, v80}),
        WRITES("AT+QSSLCFG=\"cacert\",0\r", q::ssl_cacert{0, {}}),
        FAILS(out_of_range, 0, q::ssl_cacert{6, "p"}),
        FAILS(out_of_range, 0, q::ssl_cacert{-1, {}}),
        FAILS(out_of_range, 1, q::ssl_cacert{0, ""}),
        FAILS(too_long, 1, q::ssl_cacert{0, v81}),
        FAILS(at_unescapable_character, 1, q::ssl_cacert{0, "a\"b"}),
        WRITES("AT+QSSLCFG=\"clientcert\",5," + quoted(s80) + "\r", q::ssl_clientcert{5, v80}),
        FAILS(out_of_range, 0, q::ssl_clientcert{6, "p"}),
        FAILS(out_of_range, 1, q::ssl_clientcert{0, ""}),
        FAILS(too_long, 1, q::ssl_clientcert{0, v81}),
        WRITES("AT+QSSLCFG=\"clientkey\",5," + quoted(s80) + "\r", q::ssl_clientkey{5, v80}),
        FAILS(out_of_range, 0, q::ssl_clientkey{6, "p"}),
        FAILS(out_of_range, 1, q::ssl_clientkey{0, ""}),
        FAILS(too_long, 1, q::ssl_clientkey{0, v81}),
        WRITES("AT+QSSLCFG=\"seclevel\",5,2\r", q::ssl_seclevel{5, 2}),
        WRITES("AT+QSSLCFG=\"seclevel\",0,0\r", q::ssl_seclevel{0, 0}),
        FAILS(out_of_range, 0, q::ssl_seclevel{6, 0}),
        FAILS(out_of_range, 1, q::ssl_seclevel{0, 3}),
        FAILS(out_of_range, 1, q::ssl_seclevel{0, -1}),
        WRITES("AT+QSSLCFG=\"sslversion\",5,4\r", q::ssl_version{5, 4}),
        WRITES("AT+QSSLCFG=\"sslversion\",0,0\r", q::ssl_version{0, 0}),
        FAILS(out_of_range, 0, q::ssl_version{6, 4}),
        FAILS(out_of_range, 1, q::ssl_version{0, 5}),
        FAILS(out_of_range, 1, q::ssl_version{0, -1}),
        WRITES("AT+QSSLCFG=\"ciphersuite\",5,0xC02F\r", q::ssl_ciphersuite{5, "0xC02F"}),
        FAILS(out_of_range, 0, q::ssl_ciphersuite{6, "0xFFFF"}),
        FAILS(out_of_range, 1, q::ssl_ciphersuite{0, "0xFFF"}),
        FAILS(too_long, 1, q::ssl_ciphersuite{0, "0xFFFFF"}),
        FAILS(at_comma_in_bare_string, 1, q::ssl_ciphersuite{0, "0xF,FF"}),
        WRITES("AT+QSSLCFG=\"ignorelocaltime\",5,0\r", q::ssl_ignorelocaltime{5, 0}),
        FAILS(out_of_range, 0, q::ssl_ignorelocaltime{6, 1}),
        FAILS(out_of_range, 1, q::ssl_ignorelocaltime{0, 2}),
        FAILS(out_of_range, 1, q::ssl_ignorelocaltime{0, -1}),
        // AT+QFUPL
        WRITES("AT+QFUPL=" + quoted(s80) + ",2147483647,65535\r", q::file_upload{v80, 2147483647, 65535}),
        WRITES("AT+QFUPL=\"f\",1,1\r", q::file_upload{"f", 1, 1}),
        WRITES("AT+QFUPL=\"f\"\r", q::file_upload{"f", {}, {}}),
        FAILS(out_of_range, 0, q::file_upload{"", 1, 1}),
        FAILS(too_long, 0, q::file_upload{v81, 1, 1}),
        FAILS(at_unescapable_character, 0, q::file_upload{"a\"b", 1, 1}),
        FAILS(out_of_range, 1, q::file_upload{"f", 0, 1}),
        FAILS(out_of_range, 1, q::file_upload{"f", -1, 1}),
        FAILS(out_of_range, 2, q::file_upload{"f", 1, 0}),
        FAILS(out_of_range, 2, q::file_upload{"f", 1, 65536}),
        // forms a row does not have
        FAILS(at_unsupported_form, 0, q::read(q::cmd::qmtclose)),
        FAILS(at_unsupported_form, 0, q::read(q::cmd::qmtdisc)),
        FAILS(at_unsupported_form, 0, q::read(q::cmd::cfg_keepalive)),
        FAILS(at_unsupported_form, 0, q::test(q::cmd::ssl_cacert)),
    };
    for (const encode_case& c : cases) {
        INFO("case at line " << c.line << ": want " << atmqtt::to_string(c.code) << ", got "
                             << atmqtt::to_string(c.got.code) << " at " << c.got.offset);
        CHECK(c.got.size_agrees);
        CHECK(c.got.code == c.code);
        if (c.code == errc::ok) {
            CHECK(c.got.bytes == c.bytes);
        } else {
            CHECK(c.got.offset == c.offset);
        }
    }
}
#undef WRITES
#undef FAILS

TEST_CASE("quectel: the rules are one table over the generic command, for the typed encode and the tool") {
    // The table's copy of a row (what the tool finds by name) is checked like the typed command's row.
    const at::command* pubex = at::find_command(q::grammar, "QMTPUBEX");
    const at::command* will = at::find_command(q::grammar, "QMTCFG", "will");
    const at::command* willex = at::find_command(q::grammar, "QMTCFG", "willex");
    const at::command* ssl = at::find_command(q::grammar, "QMTCFG", "ssl");
    REQUIRE(pubex != nullptr);
    REQUIRE(will != nullptr);
    REQUIRE(willex != nullptr);
    REQUIRE(ssl != nullptr);
    auto rule = [](const at::command& row, std::initializer_list<at::value> args) {
        return at::check_row_rules(q::rules, row, at::form::set, atmqtt::span<const at::value>(args.begin(), args.size()));
    };
    auto st = rule(*pubex, {0, 0, 1, 0, "t", 3});
    CHECK(st.error() == errc::out_of_range);
    CHECK(st.offset() == 1);
    CHECK(rule(*pubex, {0, 0, 0, 0, "t", 3}).ok());
    CHECK(rule(*pubex, {0, "x", 1, 0, "t", 3}).ok());  // a wrong type is the writer's error, not a rule's
    st = rule(*will, {0, 1, 1, 0, "t"});
    CHECK(st.error() == errc::at_missing_field);
    CHECK(st.offset() == 5);
    st = rule(*willex, {0, 0, at::value(), at::value(), "t"});
    CHECK(st.error() == errc::at_too_many_fields);
    CHECK(st.offset() == 2);
    CHECK(rule(*willex, {0, 0, at::value()}).ok());  // trailing omitted values are not given
    st = rule(*ssl, {0, 1});
    CHECK(st.error() == errc::at_missing_field);
    CHECK(st.offset() == 2);
    CHECK(rule(*ssl, {0}).ok());
    CHECK(at::check_row_rules(q::rules, *ssl, at::form::test, {}).ok());
    STATIC_REQUIRE(encode_error(q::cfg_ssl{0, 1, {}}) == errc::at_missing_field);
    STATIC_REQUIRE(error_offset(q::cfg_will{0, 0, 1, 0, "t", "m"}) == 2);
}

TEST_CASE("quectel: the output buffer is never overrun") {
    char small[10] = {};
    auto r = q::encode(q::open{0, "broker.example.com", 1883}, atmqtt::mutable_bytes(small, sizeof small));
    REQUIRE(!r.ok());
    CHECK(r.error() == errc::buffer_too_small);
    auto n = q::encoded_size(q::open{0, "broker.example.com", 1883});
    REQUIRE(n.ok());
    CHECK(*n == std::string_view("AT+QMTOPEN=0,\"broker.example.com\",1883\r").size());
    char exact[39] = {};
    auto e = q::encode(q::open{0, "broker.example.com", 1883}, atmqtt::mutable_bytes(exact, *n));
    REQUIRE(e.ok());
    CHECK(std::string_view(exact, *e) == "AT+QMTOPEN=0,\"broker.example.com\",1883\r");
}
