// The Aliyun dynamic-registration walkthroughs of the manual (§2.16), as functions: a +IMQTTDYNREG answer
// becomes the commands the manual sends next.
//
//   mode 1 (pre-registration, 预注册):   AT+IMQTTAUTH=<ProduceKey>,<DeviceName>,<DeviceSecret>
//   mode 2 (registration-free, 免注册):  AT+IMQTTUSER=<UserName>,<PassWord> and
//                                        AT+IMQTTADDR=<host>,<port>,"<CilentID>" (the id holds ',': quoted)
//
//     auto r = at::decode_as<risinghf::dynreg_result>(ev);
//     auto next = risinghf::aliyun::login_commands(*r, host, 1883);
//     risinghf::encode(next->user, buf1); risinghf::encode(next->addr, buf2);
//
// The views point into the decoded line: keep it until the commands are encoded. An empty triple (the
// AT+IMQTTDYNREG=2 answer `1,"","",""` when nothing is saved) is at_missing_field: there is nothing to
// log in with; an answer of the other mode is at_invalid_enum.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/risinghf/commands.hpp>
#include <atmqtt/dialect/risinghf/responses.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {
namespace aliyun {

// Mode 1: the device triple for AT+IMQTTAUTH (one-device-one-secret login).
constexpr result<cfg_auth> auth_command(const dynreg_result& r) noexcept {
    if (r.mode != 1) return {errc::at_invalid_enum, 0};
    if (r.producekey.empty() || r.devicename.empty() || r.devicesecret.empty()) return {errc::at_missing_field, 1};
    return cfg_auth{r.producekey, r.devicename, r.devicesecret};
}

// Mode 2: the MQTT credentials for AT+IMQTTUSER and AT+IMQTTADDR (the broker as given to AT+IMQTTADDR
// before the registration).
struct login {
    cfg_user user{};
    cfg_addr addr{};
};
constexpr result<login> login_commands(const dynreg_result& r, std::string_view host, std::int32_t port) noexcept {
    if (r.mode != 2) return {errc::at_invalid_enum, 0};
    if (r.cilentid.empty() || r.username.empty() || r.password.empty()) return {errc::at_missing_field, 1};
    return login{{r.username, r.password}, {host, port, r.cilentid}};
}

}  // namespace aliyun
}  // namespace risinghf
ATMQTT_END_NAMESPACE
