// Typed RisingHF commands, one struct per command form, with the manual's parameter names; each binds its
// members to its row in parameter order (at/bind.hpp: command_binding). encode() writes a struct through
// the core writer, which checks every value against the grammar (grammar.hpp); all constexpr:
//
//     risinghf::publish p{"/mqtt1/user/test", 1, "test message!!"};
//     char buf[64];
//     auto n = risinghf::encode(p, buf);   // "AT+IMQTTPUB=/mqtt1/user/test,1,test message!!\r"
//
// Output is canonical: no space after '=' or "AT+", strings bare unless they need quotes (empty, ',',
// '"', surrounding blanks), AT+IMQTTADDR's client id always quoted, hex bodies as hex digits. Optional
// parameters are std::optional: left empty they are not sent. Forms without parameters:
// encode(test(cmd::x), out), encode(read(cmd::x), out), encode(connect, out).
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {

// A command struct's members bound to its row, in parameter order (at/bind.hpp). A setting whose read form answers the same values is
// also read from that answer (binds_and_reads, Answer its row: at::decode_into(ev, setting)): one
// struct, not a second one restating the row.
template <const at::command& Row>
using binds = at::command_members<lexical, Row, at::no_row_rules>;
template <const at::command& Row, std::size_t Answer>
using binds_and_reads = at::written_and_read<binds<Row>, at::row_members<typed_rows, Answer>>;

// Octets written as hex digits (the hex parameters of AT+IMQTTLWTBIN and AT+IMQTTPUBIN).
struct octets {
    bytes data{};
    constexpr octets() noexcept = default;
    constexpr octets(bytes b) noexcept : data(b) {}  // NOLINT: implicit, as the bytes it holds
    constexpr operator at::value() const noexcept { return at::value::binary(data); }  // NOLINT
};

// AT+IMQTTMODE=<mode>,<tls>[,<recvMode>]
struct cfg_mode {
    std::int32_t mode = 2;                    // 1: Aliyun MQTT, 2: standard MQTT
    std::int32_t tls = 0;                     // 0: plain TCP, 1: TLS
    std::optional<std::int32_t> recvmode{};   // 0: report (+IMQTTRCVPUB), 1: cache and read (AT+IMQTTRECV)
    using binding = binds_and_reads<cmd::imqttmode, line_mode>;
};

// AT+IMQTTPARA=TIMEOUT,<v>,CLEAN,<v>,KEEPALIVE,<v>,VERSION,<v>
struct cfg_para {
    std::int32_t timeout = 1;            // seconds, 1~3
    std::int32_t clean = 0;              // clean session 0/1
    std::int32_t keepalive = 60;         // seconds, 60~180
    bytes version = "3.1.1";             // "3.1" or "3.1.1" (default)
    // the key words are literals: written from the table, read and checked, no member's (at/bind.hpp);
    // its answer read with the grammar's tolerances (the fullwidth comma of its syntax row)
    using binding = at::written_and_read<binds<cmd::imqttpara>, at::row_members<grammar, line_para>>;
};

// AT+IMQTTUSER=<userName>,<password> (its answer masks the password: "*****")
struct cfg_user {
    bytes username{};
    bytes password{};
    using binding = binds_and_reads<cmd::imqttuser, line_user>;
};

// AT+IMQTTADDR=<addr>,<port>,"<clientId>" (the client id may be empty before AT+IMQTTDYNREG, and is
// required: left out it is at_missing_field); the answer to AT+IMQTTADDR? may leave it out.
struct cfg_addr {
    bytes host{};  // <addr>
    std::int32_t port = 1883;
    std::optional<bytes> clientid{};
    using binding = binds_and_reads<cmd::imqttaddr, line_addr>;
};

// <topic>,<qos>,<message>[,<retained>]: the will and publish commands; Message is text, or octets written
// as hex digits (letter case from the table).
template <const at::command& Row, class Message>
struct message_command {
    bytes topic{};
    std::int32_t qos = 0;
    Message message{};
    std::optional<std::int32_t> retain{};    // 0 (default) / 1
    using binding = binds<Row>;
};

// AT+IMQTTLWT=<topic>,<qos>,<message>[,<retained>]; also read from the AT+IMQTTLWT? answer, and from
// +IMQTTLWTBIN's (line_lwtbin: the message as hex digits).
struct cfg_will : message_command<cmd::imqttlwt, bytes> {
    using binding = binds_and_reads<cmd::imqttlwt, line_lwt>;
};
using cfg_will_hex = message_command<cmd::imqttlwtbin, octets>;      // AT+IMQTTLWTBIN=<topic>,<qos>,<hex>[,<retained>]

// AT+IMQTTSUB=<topic>,<qos> (qos 0-1 per the manual), later +IMQTTSUB:<packetid>,<qos>; also read from
// the AT+IMQTTSUB? answer <topic>,<qos>.
struct subscribe {
    bytes topic{};
    std::int32_t qos = 0;
    using binding = binds_and_reads<cmd::imqttsub, line_sub>;
};

// AT+IMQTTUNSUB=<topic>, later +IMQTTUNSUB:<packetid>,<status>
struct unsubscribe {
    bytes topic{};
    using binding = binds<cmd::imqttunsub>;
};

// AT+IMQTTPUB=<topic>,<qos>,<message>[,<retained>], later +IMQTTPUB:<packetID>,<status>
using publish = message_command<cmd::imqttpub, bytes>;
// AT+IMQTTPUBIN=<topic>,<qos>,<hex>[,<retained>] (lower-case hex), later +IMQTTPUB:<packetID>,<status>
using publish_hex = message_command<cmd::imqttpubin, octets>;

// AT+IMQTTPUBEX=<topic>,<qos>,<retained>,<size>: '>' then exactly payload_len bytes (1~1024), OK, later
// +IMQTTPUBEX:<packetID>,<status>.
struct publish_ex {
    bytes topic{};
    std::int32_t qos = 0;
    std::int32_t retain = 0;
    std::int32_t payload_len = 0;  // <size>
    using binding = binds<cmd::imqttpubex>;
};

// AT+IMQTTAUTH=<ProduceKey>,<DeviceName>,<DeviceSecret> (Aliyun one-device-one-secret)
struct cfg_auth {
    bytes producekey{};
    bytes devicename{};
    bytes devicesecret{};
    using binding = binds_and_reads<cmd::imqttauth, line_auth>;
};

// AT+IMQTTDYNREG=0,<mode>,<ProduceKey>,<DeviceName>,<ProduceSecret>: Aliyun dynamic registration; OK,
// later +IMQTTDYNREG:<mode>,... (see aliyun.hpp). dynreg_save (type 1) keeps the triple in the module.
struct dynreg_nosave {
    std::int32_t mode = 1;  // 1: pre-registration, 2: registration-free
    bytes producekey{};
    bytes devicename{};
    bytes producesecret{};
    using binding = binds<cmd::imqttdynreg_nosave>;
};
struct dynreg_save : dynreg_nosave {  // AT+IMQTTDYNREG=1,...
    using binding = binds<cmd::imqttdynreg_save>;
};

// AT+IMQTTRECVMODE=<recvMode>
struct cfg_recvmode {
    std::int32_t recvmode = 0;
    using binding = binds_and_reads<cmd::imqttrecvmode, line_recvmode>;
};

// AT+IMQTTRECV=<count>: the oldest 1~10 cached messages, one +IMQTTRECV line each, then OK.
struct receive {
    std::int32_t count = 1;
    using binding = binds<cmd::imqttrecv>;
};

// The forms without parameters that a session sends.
inline constexpr at::form_of connect = at::execute(cmd::imqttconn);        // AT+IMQTTCONN, later +IMQTTCONN:<state>
inline constexpr at::form_of disconnect = at::execute(cmd::imqttdisconn);  // AT+IMQTTDISCONN, later +IMQTTCONN:-1
inline constexpr at::form_of dynreg_query{&cmd::imqttdynreg_query, form::set};  // AT+IMQTTDYNREG=2: the saved triples

// ---- encode --------------------------------------------------------------------------------------

// Writes `c` with its CR into `out`; the value is the byte count, and encoded_size the bytes it would
// write, with the same checks. Errors are the writer's, the offset being the index of the offending
// parameter (AT+IMQTTPARA counts its keys): out_of_range, too_long, at_invalid_enum, at_missing_field,
// buffer_too_small (nothing written past `out`). Typed commands through their binding (at::encode);
// forms without parameters: encode(test(cmd::x), out), read(...), execute(...), encode(connect, out).
inline constexpr at::encoder<lexical> encode{};
inline constexpr at::encoded_size_of<lexical> encoded_size{};
using at::execute, at::read, at::test;

}  // namespace risinghf
ATMQTT_END_NAMESPACE
