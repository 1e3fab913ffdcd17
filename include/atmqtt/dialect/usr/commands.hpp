// Typed USR commands and their encoders. Each set-form struct carries the manual's parameter names and
// knows its table descriptor; encode() validates every value against the grammar through the core writer
// (at/writer.hpp), so an out-of-range slot, QoS or length is refused with a specific errc, never sent.
//     usr::mqttsvr_set svr{"test.usr.cn", 2317};
//     auto n = usr::encode(svr, out);                    // "AT+MQTTSVR=test.usr.cn,2317\r"
//     auto q = usr::encode_read(usr::commands::mqttsvr, out);   // "AT+MQTTSVR?\r"
#pragma once

#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/out_cursor.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

// AT+WKMOD's <mode>. The last two are written `MQTT,NOR` / `MQTT,ALI`.
enum class work_mode : std::uint8_t { cmd, net, httpd, mqtt, mqtt_nor, mqtt_ali };
// AT+MQTTMOD's <mode>: how MQTT data crosses the serial port.
enum class transfer_mode : std::uint8_t { transparent = 0, distribution = 1 };
// AT+SSLAUTH's <type>.
enum class ssl_auth : std::uint8_t { none, peer, all };
// AT+SSLCRT's <crt_code>.
enum class certificate : std::uint8_t { ca_crt = 0, client_crt = 1, client_private_key = 2 };

namespace detail {
constexpr bytes on_off(bool on) noexcept { return on ? bytes("ON") : bytes("OFF"); }
constexpr bytes work_mode_word(work_mode m) noexcept {
    switch (m) {
        case work_mode::cmd: return "CMD";
        case work_mode::net: return "NET";
        case work_mode::httpd: return "HTTPD";
        case work_mode::mqtt: return "MQTT";
        case work_mode::mqtt_nor: return "NOR";
        case work_mode::mqtt_ali: return "ALI";
    }
    return {};  // not a mode: the writer refuses it as at_invalid_enum
}
constexpr bytes ssl_auth_word(ssl_auth a) noexcept {
    return a == ssl_auth::none ? bytes("NONE") : a == ssl_auth::peer ? bytes("PEER") : a == ssl_auth::all ? bytes("ALL") : bytes();
}
}  // namespace detail

// ---- set forms ----------------------------------------------------------------------------------
// `descriptor()` names the table entry; `values()` lists the arguments in the table's parameter order.

struct wkmod_set {  // AT+WKMOD=<mode>
    work_mode mode = work_mode::net;
    constexpr const at::command& descriptor() const noexcept {
        return mode == work_mode::mqtt_nor || mode == work_mode::mqtt_ali ? commands::wkmod_mqtt : commands::wkmod;
    }
    constexpr std::array<at::value, 1> values() const noexcept { return {{detail::work_mode_word(mode)}}; }
};
struct mqttcfg_set {  // AT+MQTTCFG=<keepalive>,<cleansession>
    std::int32_t keepalive = 60;
    std::int32_t cleansession = 0;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttcfg; }
    constexpr std::array<at::value, 2> values() const noexcept { return {{keepalive, cleansession}}; }
};
struct mqttpubtp_set {  // AT+MQTTPUBTP=<pubnum>,<puben>,<topic>,<qos>,<retained>
    std::int32_t pubnum = 1;
    std::int32_t puben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttpubtp; }
    constexpr std::array<at::value, 5> values() const noexcept { return {{pubnum, puben, topic, qos, retained}}; }
};
struct mqttsubtp_set {  // AT+MQTTSUBTP=<subnum>,<suben>,<topic>,<qos>
    std::int32_t subnum = 1;
    std::int32_t suben = 1;
    bytes topic{};
    std::int32_t qos = 0;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttsubtp; }
    constexpr std::array<at::value, 4> values() const noexcept { return {{subnum, suben, topic, qos}}; }
};
struct mqttwill_set {  // AT+MQTTWILL=<willen>,<topic>,<qos>,<retained>,<msg>
    std::int32_t willen = 0;
    bytes topic = "/will";
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    bytes msg = "offline";
    static constexpr const at::command& descriptor() noexcept { return commands::mqttwill; }
    constexpr std::array<at::value, 5> values() const noexcept { return {{willen, topic, qos, retained, msg}}; }
};
struct mqttmod_set {  // AT+MQTTMOD=<mode>
    transfer_mode mode = transfer_mode::transparent;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttmod; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{static_cast<std::int32_t>(mode)}}; }
};
struct mqttver_set {  // AT+MQTTVER=<ver>: 3 = MQTT 3.1, 4 = MQTT 3.1.1
    std::int32_t ver = 3;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttver; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{ver}}; }
};
struct mqttsvr_set {  // AT+MQTTSVR=<server>[,<port>]; port 0: left out
    bytes server{};
    std::int32_t port = 0;
    static constexpr const at::command& descriptor() noexcept { return commands::mqttsvr; }
    constexpr std::array<at::value, 2> values() const noexcept {
        return {{server, port == 0 ? at::value::omitted() : at::value(port)}};
    }
};
// One string parameter: MQTTCID, MQTTUSER, MQTTPSW, ALIREGION, ALIPRODKEY, ALIDEVSEC, ALIDEVNAME, ALIDEVID.
template <const at::command& Command>
struct string_set {
    bytes value{};
    static constexpr const at::command& descriptor() noexcept { return Command; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{value}}; }
};
using mqttcid_set = string_set<commands::mqttcid>;        // <clientid>
using mqttuser_set = string_set<commands::mqttuser>;      // <username>
using mqttpsw_set = string_set<commands::mqttpsw>;        // <password>
using aliregion_set = string_set<commands::aliregion>;    // <regionid>
using aliprodkey_set = string_set<commands::aliprodkey>;  // <productkey>
using alidevsec_set = string_set<commands::alidevsec>;    // <devsec>
using alidevname_set = string_set<commands::alidevname>;  // <devname>
using alidevid_set = string_set<commands::alidevid>;      // <ID>

struct sslen_set {  // AT+SSLEN=<sta>
    bool sta = false;
    static constexpr const at::command& descriptor() noexcept { return commands::sslen; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{detail::on_off(sta)}}; }
};
struct sslcrt_set {  // AT+SSLCRT=<crt_code>,<crt or key>
    certificate crt_code = certificate::ca_crt;
    bytes crt_or_key{};
    static constexpr const at::command& descriptor() noexcept { return commands::sslcrt; }
    constexpr std::array<at::value, 2> values() const noexcept {
        return {{static_cast<std::int32_t>(crt_code), crt_or_key}};
    }
};
struct sslauth_set {  // AT+SSLAUTH=<type>
    ssl_auth type = ssl_auth::none;
    static constexpr const at::command& descriptor() noexcept { return commands::sslauth; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{detail::ssl_auth_word(type)}}; }
};
struct sslcfg_set {  // AT+SSLCFG=<type>: SNI on or off
    bool type = false;
    static constexpr const at::command& descriptor() noexcept { return commands::sslcfg; }
    constexpr std::array<at::value, 1> values() const noexcept { return {{detail::on_off(type)}}; }
};

// ---- encoders -----------------------------------------------------------------------------------

// Writes the set form of a typed command (with its CR); the value is the number of bytes written.
template <class Command>
constexpr result<std::size_t> encode(const Command& c, mutable_bytes out) noexcept {
    auto args = c.values();
    return at::write_command(lexical, c.descriptor(), at::form::set, span<const at::value>(args.data(), args.size()), out);
}
template <class Command>
constexpr result<std::size_t> encoded_size(const Command& c) noexcept {
    auto args = c.values();
    return at::command_size(lexical, c.descriptor(), at::form::set, span<const at::value>(args.data(), args.size()));
}

// AT+X=?  (test form: the answer describes the ranges)
constexpr result<std::size_t> encode_test(const at::command& c, mutable_bytes out) noexcept {
    return at::write_command(lexical, c, at::form::test, out);
}
// AT+X?  (the query; what the manual's syntax rows call "AT+X{CR} or AT+X?{CR}")
constexpr result<std::size_t> encode_read(const at::command& c, mutable_bytes out) noexcept {
    return at::write_command(lexical, c, at::form::read, out);
}
// AT+X  (the query's other spelling, "AT+X{CR}"): only for a command with a query (read) form, else
// at_unsupported_form. Written here rather than as an execute form in the table: the table's forms
// say what the module offers, and this is the same query.
constexpr result<std::size_t> encode_query(const at::command& c, mutable_bytes out) noexcept {
    if (!c.has(at::form::read)) return {errc::at_unsupported_form, 0};
    atmqtt::detail::out_cursor cursor(out);
    cursor.put(bytes("AT+"));
    cursor.put(bytes(c.name));
    cursor.put('\r');
    if (cursor.failed()) return {errc::buffer_too_small, cursor.written()};
    return result<std::size_t>(cursor.written(), cursor.written());
}
// AT+S: save the parameters and reboot; the module then connects by itself.
constexpr result<std::size_t> encode_save(mutable_bytes out) noexcept {
    return at::write_command(lexical, commands::save, at::form::execute, out);
}

}  // namespace usr
ATMQTT_END_NAMESPACE
