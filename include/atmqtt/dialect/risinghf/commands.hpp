// Typed RisingHF commands, one struct per command form, with the manual's parameter names. encode() writes
// a struct through the core writer, which checks every value against the grammar (grammar.hpp); all
// constexpr:
//
//     risinghf::publish p{"/mqtt1/user/test", 1, "test message!!"};
//     char buf[64];
//     auto n = risinghf::encode(p, buf);   // "AT+IMQTTPUB=/mqtt1/user/test,1,test message!!\r"
//
// Output is canonical: no space after '=' or "AT+", strings bare unless they need quotes (empty, ',',
// '"', surrounding blanks), AT+IMQTTADDR's client id always quoted, hex bodies as hex digits. Optional
// parameters are std::optional: left empty they are not sent.
#pragma once

#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {

namespace detail {

// The writer's arguments for one command (AT+IMQTTPARA has the most: 4 literals and 4 values).
struct arg_list {
    static constexpr std::size_t capacity = 8;
    at::value v[capacity] = {};
    std::size_t n = 0;

    constexpr void add(at::value x) noexcept {  // an empty std::optional is an omitted value
        if (n < capacity) v[n++] = x;
    }
};

}  // namespace detail

// Forms without parameters: encode(test(cmd::x), out) (AT+NAME=?: answers OK, RECVMODE its value),
// encode(read(cmd::x), out) (AT+NAME?: the current values), encode(execute(cmd::x), out).
using at::execute;
using at::read;
using at::test;

// The execute form AT+NAME, and the set form of a row without parameters, as a command struct.
template <const at::command& Command, at::form Form>
struct bare_form {
    static constexpr const at::command& descriptor() noexcept { return Command; }
    static constexpr at::form command_form = Form;
    constexpr void args(detail::arg_list&) const noexcept {}
};

using connect = bare_form<cmd::imqttconn, at::form::execute>;        // AT+IMQTTCONN, later +IMQTTCONN:<state>
using disconnect = bare_form<cmd::imqttdisconn, at::form::execute>;  // AT+IMQTTDISCONN, later +IMQTTCONN:-1
using dynreg_query = bare_form<cmd::imqttdynreg_query, at::form::set>;  // AT+IMQTTDYNREG=2: the saved triples

template <const at::command& Command>
struct set_form {
    static constexpr const at::command& descriptor() noexcept { return Command; }
    static constexpr at::form command_form = at::form::set;
};

// AT+IMQTTMODE=<mode>,<tls>[,<recvMode>]
struct mode_config : set_form<cmd::imqttmode> {
    std::int32_t mode = 2;                    // 1: Aliyun MQTT, 2: standard MQTT
    std::int32_t tls = 0;                     // 0: plain TCP, 1: TLS
    std::optional<std::int32_t> recvmode{};   // 0: report (+IMQTTRCVPUB), 1: cache and read (AT+IMQTTRECV)
    constexpr void args(detail::arg_list& a) const noexcept { a.add(mode), a.add(tls), a.add(recvmode); }
};

// AT+IMQTTPARA=TIMEOUT,<v>,CLEAN,<v>,KEEPALIVE,<v>,VERSION,<v>: the keys are written by the writer.
struct para_config : set_form<cmd::imqttpara> {
    std::int32_t timeout = 1;          // seconds, 1~3
    std::int32_t clean = 0;            // clean session 0/1
    std::int32_t keepalive = 60;       // seconds, 60~180
    std::string_view version = "3.1.1";  // "3.1" or "3.1.1" (default)
    constexpr void args(detail::arg_list& a) const noexcept {
        constexpr at::value key = at::value::omitted();  // the writer fills in the literal
        a.add(key), a.add(timeout), a.add(key), a.add(clean), a.add(key), a.add(keepalive), a.add(key), a.add(version);
    }
};

// AT+IMQTTUSER=<userName>,<password>
struct user_config : set_form<cmd::imqttuser> {
    std::string_view username{};
    std::string_view password{};
    constexpr void args(detail::arg_list& a) const noexcept { a.add(username), a.add(password); }
};

// AT+IMQTTADDR=<addr>,<port>,"<clientId>" (the client id may be empty before AT+IMQTTDYNREG)
struct addr_config : set_form<cmd::imqttaddr> {
    std::string_view addr{};
    std::int32_t port = 1883;
    std::string_view clientid{};
    constexpr void args(detail::arg_list& a) const noexcept { a.add(addr), a.add(port), a.add(clientid); }
};

// <topic>,<qos>,<message>[,<retained>]: the shape of the will and publish commands, text or binary.
template <const at::command& Command>
struct text_message : set_form<Command> {
    std::string_view topic{};
    std::int32_t qos = 0;
    std::string_view message{};
    std::optional<std::int32_t> retained{};  // 0 (default) / 1
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(topic), a.add(qos), a.add(message), a.add(retained);
    }
};
// As text_message, but `message` holds octets, written as hex digits (letter case from the table).
template <const at::command& Command>
struct binary_message : set_form<Command> {
    std::string_view topic{};
    std::int32_t qos = 0;
    bytes message{};
    std::optional<std::int32_t> retained{};
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(topic), a.add(qos), a.add(at::value::binary(message)), a.add(retained);
    }
};

using will = text_message<cmd::imqttlwt>;           // AT+IMQTTLWT=<topic>,<qos>,<message>[,<retained>]
using will_bin = binary_message<cmd::imqttlwtbin>;  // AT+IMQTTLWTBIN=<topic>,<qos>,<hex>[,<retained>]

// AT+IMQTTSUB=<topic>,<qos> (qos 0-1 per the manual), later +IMQTTSUB:<packetid>,<qos>
struct subscribe : set_form<cmd::imqttsub> {
    std::string_view topic{};
    std::int32_t qos = 0;
    constexpr void args(detail::arg_list& a) const noexcept { a.add(topic), a.add(qos); }
};

// AT+IMQTTUNSUB=<topic>, later +IMQTTUNSUB:<packetid>,<status>
struct unsubscribe : set_form<cmd::imqttunsub> {
    std::string_view topic{};
    constexpr void args(detail::arg_list& a) const noexcept { a.add(topic); }
};

// AT+IMQTTPUB=<topic>,<qos>,<message>[,<retained>], later +IMQTTPUB:<packetID>,<status>
using publish = text_message<cmd::imqttpub>;
// AT+IMQTTPUBIN=<topic>,<qos>,<hex>[,<retained>] (lower-case hex), later +IMQTTPUB:<packetID>,<status>
using publish_hex = binary_message<cmd::imqttpubin>;

// AT+IMQTTPUBEX=<topic>,<qos>,<retained>,<size>: '>' then exactly <size> bytes (1~1024), OK, later
// +IMQTTPUBEX:<packetID>,<status>.
struct publish_ex : set_form<cmd::imqttpubex> {
    std::string_view topic{};
    std::int32_t qos = 0;
    std::int32_t retained = 0;
    std::int32_t size = 0;
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(topic), a.add(qos), a.add(retained), a.add(size);
    }
};

// AT+IMQTTAUTH=<ProduceKey>,<DeviceName>,<DeviceSecret> (Aliyun one-device-one-secret)
struct auth_config : set_form<cmd::imqttauth> {
    std::string_view producekey{};
    std::string_view devicename{};
    std::string_view devicesecret{};
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(producekey), a.add(devicename), a.add(devicesecret);
    }
};

// AT+IMQTTDYNREG=<0|1>,<mode>,<ProduceKey>,<DeviceName>,<ProduceSecret>: Aliyun dynamic registration;
// OK, later +IMQTTDYNREG:<mode>,... (see aliyun.hpp). save: type 1 (keep the triple) or 0.
struct dynreg_register {
    static constexpr at::form command_form = at::form::set;
    bool save = true;
    std::int32_t mode = 1;  // 1: pre-registration, 2: registration-free
    std::string_view producekey{};
    std::string_view devicename{};
    std::string_view producesecret{};
    constexpr const at::command& descriptor() const noexcept { return save ? cmd::imqttdynreg_save : cmd::imqttdynreg_nosave; }
    constexpr void args(detail::arg_list& a) const noexcept {
        a.add(mode), a.add(producekey), a.add(devicename), a.add(producesecret);
    }
};

// AT+IMQTTRECVMODE=<recvMode>
struct recvmode_config : set_form<cmd::imqttrecvmode> {
    std::int32_t recvmode = 0;
    constexpr void args(detail::arg_list& a) const noexcept { a.add(recvmode); }
};

// AT+IMQTTRECV=<count>: the oldest 1~10 cached messages, one +IMQTTRECV line each, then OK.
struct receive : set_form<cmd::imqttrecv> {
    std::int32_t count = 1;
    constexpr void args(detail::arg_list& a) const noexcept { a.add(count); }
};

// ---- encode --------------------------------------------------------------------------------------

// Writes `c` with its CR into `out`; the value is the byte count. Errors are the writer's, the offset
// being the index of the offending parameter (AT+IMQTTPARA counts its keys): out_of_range, too_long,
// at_invalid_enum, at_missing_field, buffer_too_small (nothing written past `out`).
template <class Command>
constexpr result<std::size_t> encode(const Command& c, mutable_bytes out) noexcept {
    detail::arg_list a{};
    c.args(a);
    return at::write_command(lexical, c.descriptor(), Command::command_form, span<const at::value>(a.v, a.n), out);
}

// The size encode() needs, with the same checks.
template <class Command>
constexpr result<std::size_t> encoded_size(const Command& c) noexcept {
    detail::arg_list a{};
    c.args(a);
    return at::command_size(lexical, c.descriptor(), Command::command_form, span<const at::value>(a.v, a.n));
}
constexpr result<std::size_t> encode(at::form_of f, mutable_bytes out) noexcept {
    return at::encode_form(lexical, f, out);
}
constexpr result<std::size_t> encoded_size(at::form_of f) noexcept { return at::form_size(lexical, f); }

}  // namespace risinghf
ATMQTT_END_NAMESPACE
