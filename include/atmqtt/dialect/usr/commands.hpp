// Typed USR commands: each set-form struct carries the manual's parameter names and binds them to its
// row by their order (at/members.hpp); the one typed encoder (at::encode) checks every value against the grammar, so an
// out-of-range slot, QoS or length is refused with a specific errc, never sent.
//     usr::mqttsvr svr{"test.usr.cn", 2317};
//     auto n = usr::encode(svr, out);                          // "AT+MQTTSVR=test.usr.cn,2317\r"
//     auto q = usr::encode(usr::read(usr::cmd::mqttsvr), out);  // "AT+MQTTSVR?\r"
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/dialect_encoder.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/members.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

using at::execute;
using at::read;
using at::test;

// A command struct bound to its row, its members in parameter order (at/members.hpp).
template <const at::command& Row, class T>
using binds = at::command_members<lexical, Row, at::no_row_rules, T>;
// A setting whose query answer (line `Line`) carries its parameters as they are: one struct, written
// with the set form and read from the answer, member for member.
template <const at::command& Row, std::size_t Line, class T>
using setting_binding = at::written_and_read<binds<Row, T>, at::row_members<grammar, Line, T>>;

// AT+WKMOD's <mode> (the index of its word). The last two are written `MQTT,NOR` / `MQTT,ALI`
// (wkmod_mqtt) and read back from +WKMOD.
enum class work_mode : std::uint8_t { cmd, net, httpd, mqtt, mqtt_nor, mqtt_ali };
// AT+WKMOD=MQTT,<server>: a generic broker or Aliyun.
enum class mqtt_server : std::uint8_t { nor, ali };
// AT+MQTTMOD's <mode>: how MQTT data crosses the serial port.
enum class transfer_mode : std::uint8_t { transparent = 0, distribution = 1 };
// AT+SSLAUTH's <type>.
enum class ssl_auth : std::uint8_t { none, peer, all };
// AT+SSLCRT's <crt_code>.
enum class certificate : std::uint8_t { ca_crt = 0, client_crt = 1, client_private_key = 2 };

// ---- set forms: each struct binds its members to its row, in parameter order --------------------

struct wkmod {  // AT+WKMOD=<mode> (CMD, NET, HTTPD, MQTT)
    work_mode mode = work_mode::net;
    using binding = binds<cmd::wkmod, wkmod>;
};
struct wkmod_mqtt {  // AT+WKMOD=MQTT,<server>
    mqtt_server server = mqtt_server::nor;
    using binding = binds<cmd::wkmod_mqtt, wkmod_mqtt>;
};
struct mqttcfg {  // AT+MQTTCFG=<keepalive>,<cleansession>
    std::int32_t keepalive = 60;
    std::int32_t cleansession = 0;
    using binding = setting_binding<cmd::mqttcfg, line_mqttcfg, mqttcfg>;
};
struct mqttpubtp {  // AT+MQTTPUBTP=<pubnum>,<puben>,<topic>,<qos>,<retained>
    std::int32_t pubnum = 1;
    std::int32_t puben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    // read by a member list: the answer's rows carry a sixth value (grammar.hpp: unknown_6)
    using binding = at::written_and_read<binds<cmd::mqttpubtp, mqttpubtp>,
                                         at::row_binding<grammar, line_mqttpubtp, &mqttpubtp::pubnum, &mqttpubtp::puben,
                                                         &mqttpubtp::topic, &mqttpubtp::qos, &mqttpubtp::retained>>;
};
struct mqttsubtp {  // AT+MQTTSUBTP=<subnum>,<suben>,<topic>,<qos>
    std::int32_t subnum = 1;
    std::int32_t suben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    using binding = setting_binding<cmd::mqttsubtp, line_mqttsubtp, mqttsubtp>;
};
struct mqttwill {  // AT+MQTTWILL=<willen>,<topic>,<qos>,<retained>,<msg>
    std::int32_t willen = 0;
    bytes topic = "/will";
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    bytes msg = "offline";
    using binding = setting_binding<cmd::mqttwill, line_mqttwill, mqttwill>;
};
struct mqttmod {  // AT+MQTTMOD=<mode>
    transfer_mode mode = transfer_mode::transparent;
    using binding = binds<cmd::mqttmod, mqttmod>;
};
struct mqttver {  // AT+MQTTVER=<ver>: 3 = MQTT 3.1, 4 = MQTT 3.1.1
    std::int32_t ver = 3;
    using binding = binds<cmd::mqttver, mqttver>;
};
struct mqttsvr {  // AT+MQTTSVR=<server>[,<port>]
    bytes server{};
    std::optional<std::int32_t> port{};
    using binding = setting_binding<cmd::mqttsvr, line_mqttsvr, mqttsvr>;
};
// One string parameter: MQTTCID, MQTTUSER, MQTTPSW, ALIREGION, ALIPRODKEY, ALIDEVSEC, ALIDEVNAME, ALIDEVID.
template <const at::command& Command>
struct string_set {
    bytes value{};
    using binding = binds<Command, string_set>;
};
using mqttcid = string_set<cmd::mqttcid>;        // <clientid>
using mqttuser = string_set<cmd::mqttuser>;      // <username>
using mqttpsw = string_set<cmd::mqttpsw>;        // <password>
using aliregion = string_set<cmd::aliregion>;    // <regionid>
using aliprodkey = string_set<cmd::aliprodkey>;  // <productkey>
using alidevsec = string_set<cmd::alidevsec>;    // <devsec>
using alidevname = string_set<cmd::alidevname>;  // <devname>
using alidevid = string_set<cmd::alidevid>;      // <ID>

struct sslen {  // AT+SSLEN=<sta>: ON or OFF
    bool sta = false;
    using binding = binds<cmd::sslen, sslen>;
};
struct sslcrt {  // AT+SSLCRT=<crt_code>,<crt or key>
    certificate crt_code = certificate::ca_crt;
    bytes crt_or_key{};
    using binding = binds<cmd::sslcrt, sslcrt>;
};
struct sslauth {  // AT+SSLAUTH=<type>
    ssl_auth type = ssl_auth::none;
    using binding = setting_binding<cmd::sslauth, line_sslauth, sslauth>;
};
struct sslcfg {  // AT+SSLCFG=<type>: SNI on or off
    bool type = false;
    using binding = binds<cmd::sslcfg, sslcfg>;
};

// One preset topic slot (AT+MQTTPUBTP / AT+MQTTSUBTP), as the AT client's driver takes its presets;
// `retained` is ignored for subscriptions.
struct topic_preset {
    std::int32_t num = 1;  // 1..10
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    bool enabled = true;
};

// ---- encoders -----------------------------------------------------------------------------------

// Writes a typed command's set form (with its CR), a data-mode frame (data_mode.hpp), or AT+X=?
// (test(cmd::x): the answer describes the ranges), AT+X? (read(cmd::x), what the manual's syntax rows
// call "AT+X{CR} or AT+X?{CR}"), AT+S (execute(cmd::save): save and reboot); the value is the number of
// bytes written. encoded_size: the bytes it would write, with the same checks.
inline constexpr at::encoder<lexical> encode{};
inline constexpr at::encoded_size_of<lexical> encoded_size{};
// AT+X  (the query's other spelling, "AT+X{CR}"): only for a command with a query (read) form, else
// at_unsupported_form. Written here rather than as an execute form in the table: the table's forms
// say what the module offers, and this is the same query.
constexpr result<std::size_t> encode_query(const at::command& c, mutable_bytes out) noexcept {
    if (!c.has(at::form::read)) return {errc::at_unsupported_form, 0};
    at::detail::line_cursor cursor(out);
    at::detail::put_head(cursor, c.name, at::form::execute);
    return at::detail::finish_line(cursor);
}

}  // namespace usr
ATMQTT_END_NAMESPACE
