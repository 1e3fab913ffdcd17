// Typed USR commands: every command of the module sets up a setting, so each struct is named
// cfg_<setting> and carries the manual's parameter names, bound to its row by their order
// (at/bind.hpp); the one typed encoder (at::encode) checks every value against the grammar, so an
// out-of-range slot, QoS or length is refused with a specific errc, never sent. A setting's query answer
// (+X: <its values>) reads into the same struct: at::decode_into(ev, c) / usr::decode_as<T>(session event).
//     usr::cfg_server svr{"test.usr.cn", 2317};
//     auto n = usr::encode(svr, out);                          // "AT+MQTTSVR=test.usr.cn,2317\r"
//     auto q = usr::encode(usr::read(usr::cmd::mqttsvr), out);  // "AT+MQTTSVR?\r"
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/core/config.hpp>
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

// A command struct bound to its row, its members in parameter order (at/bind.hpp).
template <const at::command& Row>
using binds = at::command_members<lexical, Row, at::no_row_rules>;
// A setting whose query answer (the line of its name) carries its parameters as they are: one struct,
// written with the set form and read from the answer, member for member (the answer's first Values
// values; 0: all).
template <const at::command& Row, std::size_t Values = 0>
using setting = at::written_and_read<binds<Row>, at::row_members<grammar, line_of(Row), 0, Values>>;

// AT+WKMOD's <mode> (the index of its word). The last two are written `MQTT,NOR` / `MQTT,ALI`
// (cfg_work_mode_mqtt) and read back from +WKMOD.
enum class work_mode : std::uint8_t { cmd, net, httpd, mqtt, mqtt_nor, mqtt_ali };
// AT+WKMOD=MQTT,<server>: a generic broker or Aliyun.
enum class mqtt_server : std::uint8_t { nor, ali };
// AT+MQTTMOD's <mode>: how MQTT data crosses the serial port.
enum class transfer_mode : std::uint8_t { transparent = 0, distribution = 1 };
// AT+SSLEN's <sta>, AT+SSLCFG's <type>: the words OFF and ON.
enum class on_off : std::uint8_t { off, on };
// AT+SSLAUTH's <type>.
enum class ssl_auth : std::uint8_t { none, peer, all };
// AT+SSLCRT's <crt_code>.
enum class certificate : std::uint8_t { ca_crt = 0, client_crt = 1, client_private_key = 2 };

// ---- each struct binds its members to its row, in parameter order ----------------------------------

struct cfg_work_mode {  // AT+WKMOD=<mode> (CMD, NET, HTTPD, MQTT)
    work_mode mode = work_mode::net;
    using binding = binds<cmd::wkmod>;
};
struct cfg_work_mode_mqtt {  // AT+WKMOD=MQTT,<server>
    mqtt_server server = mqtt_server::nor;
    using binding = binds<cmd::wkmod_mqtt>;
};
struct cfg_session {  // AT+MQTTCFG=<keepalive>,<cleansession>
    std::int32_t keepalive = 60;
    std::int32_t cleansession = 0;
    using binding = setting<cmd::mqttcfg>;
};
struct cfg_publish_topic {  // AT+MQTTPUBTP=<pubnum>,<puben>,<topic>,<qos>,<retained>; a row of its answer
    std::int32_t pubnum = 1;
    std::int32_t puben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    // the answer's rows carry a sixth value (grammar.hpp: unknown_6): the first five are read
    using binding = setting<cmd::mqttpubtp, 5>;
};
struct cfg_subscribe_topic {  // AT+MQTTSUBTP=<subnum>,<suben>,<topic>,<qos>; a row of its answer
    std::int32_t subnum = 1;
    std::int32_t suben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    using binding = setting<cmd::mqttsubtp>;
};
struct cfg_will {  // AT+MQTTWILL=<willen>,<topic>,<qos>,<retained>,<msg>
    std::int32_t will_flag = 0;  // <willen>
    bytes topic = "/will";
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    bytes msg = "offline";
    using binding = setting<cmd::mqttwill>;
};
struct cfg_transfer_mode {  // AT+MQTTMOD=<mode>
    transfer_mode mode = transfer_mode::transparent;
    using binding = setting<cmd::mqttmod>;
};
struct cfg_version {  // AT+MQTTVER=<ver>: 3 = MQTT 3.1, 4 = MQTT 3.1.1
    std::int32_t ver = 3;
    using binding = setting<cmd::mqttver>;
};
struct cfg_server {  // AT+MQTTSVR=<server>[,<port>]
    bytes host{};  // <server>
    std::optional<std::int32_t> port{};
    using binding = setting<cmd::mqttsvr>;
};
// One text value: MQTTCID, MQTTUSER, MQTTPSW, ALIREGION, ALIPRODKEY, ALIDEVSEC, ALIDEVNAME, ALIDEVID.
template <const at::command& Row>
struct cfg_text {
    bytes value{};
    using binding = setting<Row>;
};
using cfg_client_id = cfg_text<cmd::mqttcid>;              // <clientid>
using cfg_username = cfg_text<cmd::mqttuser>;              // <username>
using cfg_password = cfg_text<cmd::mqttpsw>;               // <password>
using cfg_ali_region = cfg_text<cmd::aliregion>;           // <regionid>
using cfg_ali_product_key = cfg_text<cmd::aliprodkey>;     // <productkey>
using cfg_ali_device_secret = cfg_text<cmd::alidevsec>;    // <devsec>
using cfg_ali_device_name = cfg_text<cmd::alidevname>;     // <devname>
using cfg_ali_device_id = cfg_text<cmd::alidevid>;         // <ID>

struct cfg_ssl {  // AT+SSLEN=<sta>: ON or OFF
    on_off sta = on_off::off;
    using binding = setting<cmd::sslen>;
};
struct cfg_ssl_certificate {  // AT+SSLCRT=<crt_code>,<crt or key>
    certificate crt_code = certificate::ca_crt;
    bytes crt_or_key{};
    using binding = binds<cmd::sslcrt>;
};
struct cfg_ssl_auth {  // AT+SSLAUTH=<type>
    ssl_auth type = ssl_auth::none;
    using binding = setting<cmd::sslauth>;
};
struct cfg_ssl_sni {  // AT+SSLCFG=<type>: SNI on or off; its answer's first of four values
    on_off type = on_off::off;
    using binding = setting<cmd::sslcfg, 1>;
};

// One preset topic slot (AT+MQTTPUBTP / AT+MQTTSUBTP), as the AT client's driver takes its presets;
// `retain` is ignored for subscriptions.
struct topic_preset {
    std::int32_t num = 1;  // 1..10
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    bool enabled = true;
};

// Writes a typed command's set form (with its CR), a data-mode frame (data_mode.hpp), or AT+X=?
// (test(cmd::x): the answer describes the ranges), AT+X? (read(cmd::x): the query; the manual's other
// spelling "AT+X{CR}" asks the same), AT+S (execute(cmd::save): save and reboot); the value is the number
// of bytes written. encoded_size: the bytes it would write, with the same checks.
inline constexpr at::encoder<lexical> encode{};
inline constexpr at::encoded_size_of<lexical> encoded_size{};

}  // namespace usr
ATMQTT_END_NAMESPACE
