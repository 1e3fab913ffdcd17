// Dialect paths the per-vendor tests prove only in static_asserts (which coverage cannot see), and the
// fallbacks for values outside an enumeration.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include <string_view>

#include "../catch.hpp"
#include "../run_time.hpp"

using atmqtt::errc;

namespace {
template <class Command>
std::string_view encoded(const Command& c, char (&buf)[64]) {
    auto n = atmqtt::usr::encode(at_run_time(c), atmqtt::mutable_bytes(buf));
    return n.ok() ? std::string_view(buf, *n) : std::string_view("error");
}
}  // namespace

TEST_CASE("usr: every work mode word at run time") {
    namespace usr = atmqtt::usr;
    char buf[64];
    CHECK(encoded(usr::wkmod_set{usr::work_mode::cmd}, buf) == "AT+WKMOD=CMD\r");
    CHECK(encoded(usr::wkmod_set{usr::work_mode::net}, buf) == "AT+WKMOD=NET\r");
    CHECK(encoded(usr::wkmod_set{usr::work_mode::httpd}, buf) == "AT+WKMOD=HTTPD\r");
    CHECK(encoded(usr::wkmod_set{usr::work_mode::mqtt}, buf) == "AT+WKMOD=MQTT\r");
    CHECK(encoded(usr::wkmod_set{usr::work_mode::mqtt_nor}, buf) == "AT+WKMOD=MQTT,NOR\r");
    CHECK(encoded(usr::wkmod_set{usr::work_mode::mqtt_ali}, buf) == "AT+WKMOD=MQTT,ALI\r");
    auto bad = usr::encode(at_run_time(usr::wkmod_set{static_cast<usr::work_mode>(99)}), atmqtt::mutable_bytes(buf));
    CHECK(bad.error() == errc::at_invalid_enum);
}

TEST_CASE("usr: data-mode frame kind names") {
    namespace usr = atmqtt::usr;
    CHECK(usr::to_string(at_run_time(usr::frame_kind::transparent_publish)) == "transparent_publish");
    CHECK(usr::to_string(at_run_time(usr::frame_kind::temporary_message)) == "temporary_message");
    CHECK(usr::to_string(at_run_time(static_cast<usr::frame_kind>(99))) == "unknown");
}

TEST_CASE("risinghf: a decoded line from another table has no line index") {
    namespace rhf = atmqtt::risinghf;
    auto d = rhf::decode(at_run_time(atmqtt::bytes("+IMQTTCONN: 0")));
    if (d.ok()) CHECK(rhf::index_of(*d) != rhf::line_count);
    rhf::decoded foreign{};
    CHECK(rhf::index_of(at_run_time(foreign)) == rhf::line_count);
}

TEST_CASE("onemo: URC values the line left out, and a kind outside the enumeration") {
    namespace onemo = atmqtt::onemo;
    onemo::detail::decoded empty{};
    onemo::urc conn = onemo::detail::to_urc(at_run_time(onemo::urc_kind::conn), empty);
    CHECK(conn.kind == onemo::urc_kind::conn);
    CHECK(conn.conn.connect_id == 0);
    onemo::urc other = onemo::detail::to_urc(at_run_time(static_cast<onemo::urc_kind>(99)), empty);
    CHECK(other.kind == onemo::urc_kind::conn);  // the default urc
}
