// A test helper (not library API: the AT client writes its own configuration through step rows): the
// USR configuration planner, a typed configuration in, the command sequence of the manual's worked
// examples out, one command per call, ending with AT+S (save and reboot; the module then connects by
// itself). Sans-I/O: the caller writes each command, waits for OK, and asks for the next.
//     usr::config_planner plan(cfg);
//     while (!plan.done()) { auto n = plan.next(buf); if (!n) ...; send(buf, *n); await_ok(); }
//
// Order (manual §3.1.2 and §3.1.4 step 1 for a generic server, §3.2.2 step 3 for Aliyun):
//   generic: WKMOD=MQTT,NOR  MQTTSVR  MQTTUSER  MQTTPSW  MQTTCID  MQTTVER  [MQTTCFG] [MQTTWILL] [SSL...]
//            MQTTSUBTP...  MQTTPUBTP...  MQTTMOD  S
//   Aliyun:  WKMOD=MQTT,ALI  ALIREGION  ALIPRODKEY  ALIDEVSEC  ALIDEVNAME  ALIDEVID  [MQTTVER] [MQTTCFG]
//            [MQTTWILL] [SSL...]  MQTTMOD  MQTTSUBTP...  MQTTPUBTP...  S
// Empty values (no user name, port 0, version 0) are left out: the module keeps its default. The
// manual's §3.1 sessions send the same AT+MQTTSUBTP twice (a slip; notes, "Irregularities"); the
// planner sends each slot once. SSL has no worked example; its commands come after the MQTT settings.
#pragma once

#include <atmqtt/at/packed_row.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/commands.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace usr {

struct ssl_settings {
    bool enabled = false;                   // AT+SSLEN
    ssl_auth auth = ssl_auth::none;         // AT+SSLAUTH
    span<const cfg_ssl_certificate> certificates{};  // AT+SSLCRT, in order
    bool sni = false;                       // AT+SSLCFG
};

struct mqtt_config {
    bool aliyun = false;  // AT+WKMOD=MQTT,ALI and the Aliyun triple; else MQTT,NOR and a generic server
    // generic server
    bytes server{};
    std::int32_t port = 0;  // 0: not written (the module's default 1883)
    bytes client_id{};
    bytes username{};  // empty: not written ("leave unset if none", Table 2)
    bytes password{};
    // Aliyun
    bytes region{};
    bytes product_key{};
    bytes device_secret{};
    bytes device_name{};
    bytes device_id{};
    // both
    std::int32_t version = 0;  // 3 (MQTT 3.1) or 4 (MQTT 3.1.1); 0: not written
    const cfg_session* keepalive = nullptr;  // AT+MQTTCFG when given
    const cfg_will* will = nullptr;      // AT+MQTTWILL when given
    const ssl_settings* ssl = nullptr;       // the SSL commands when given
    span<const topic_preset> subscribe{};
    span<const topic_preset> publish{};
    transfer_mode mode = transfer_mode::transparent;
};

class config_planner {
public:
    constexpr explicit config_planner(const mqtt_config& c) noexcept : c_(c) { settle(); }

    constexpr bool done() const noexcept { return step_ == step::finished; }

    // Writes the next command into `out` and moves on. An invalid value stops the plan with the
    // writer's error (offset: its argument index); buffer_too_small keeps the step for a retry.
    constexpr result<std::size_t> next(mutable_bytes out) noexcept {
        result<std::size_t> r = write(out);
        if (!r && r.error() == errc::buffer_too_small) return r;
        if (!r) {
            step_ = step::finished;
            return r;
        }
        advance();
        return r;
    }

private:
    enum class step : std::uint8_t {
        wkmod, svr, user, psw, cid, region, prodkey, devsec, devname, devid, ver, cfg, will,
        sslen, sslauth, sslcrt, sslcfg, mod_early, sub, pub, mod_late, save, finished,
    };

    // Whether `s` writes anything for this configuration (and how many times: `count`).
    constexpr std::size_t count(step s) const noexcept {
        const bool ali = c_.aliyun, ssl = c_.ssl != nullptr;
        switch (s) {
            case step::svr: case step::cid: case step::mod_late: return !ali;
            case step::user: return !ali && !c_.username.empty();
            case step::psw: return !ali && !c_.password.empty();
            case step::region: case step::prodkey: case step::devsec: case step::devname: case step::devid:
            case step::mod_early: return ali;
            case step::ver: return c_.version != 0;
            case step::cfg: return c_.keepalive != nullptr;
            case step::will: return c_.will != nullptr;
            case step::sslen: case step::sslauth: case step::sslcfg: return ssl;
            case step::sslcrt: return ssl ? c_.ssl->certificates.size() : 0;
            case step::sub: return c_.subscribe.size();
            case step::pub: return c_.publish.size();
            default: return 1;  // wkmod, save; finished: one "step" at index 0, so settle() stops there
        }
    }

    // Skips steps with nothing to write.
    constexpr void settle() noexcept {
        while (index_ >= count(step_)) {
            step_ = static_cast<step>(static_cast<std::uint8_t>(step_) + 1);
            index_ = 0;
        }
    }
    constexpr void advance() noexcept {
        ++index_;
        settle();
    }

    // A set form to write: its packed row and its arguments (the struct's binding gives both), so that
    // one call of the writer serves every step.
    struct planned {
        const at::packed_row* row = nullptr;
        at::value v[5]{};
        std::size_t n = 0;
    };
    template <class Command>
    static constexpr planned plan_of(const Command& c) noexcept {
        const auto a = at::binding_of<Command>::values(c);
        planned p{a.row, {}, a.n};
        for (std::size_t i = 0; i < a.n; ++i) p.v[i] = a.v[i];
        return p;
    }

    constexpr result<std::size_t> write(mutable_bytes out) const noexcept {
        planned p{};
        switch (step_) {
            case step::wkmod: p = plan_of(cfg_work_mode_mqtt{c_.aliyun ? mqtt_server::ali : mqtt_server::nor}); break;
            case step::svr: p = plan_of(cfg_server{c_.server, c_.port == 0 ? std::optional<std::int32_t>() : c_.port}); break;
            case step::user: p = plan_of(cfg_username{c_.username}); break;
            case step::psw: p = plan_of(cfg_password{c_.password}); break;
            case step::cid: p = plan_of(cfg_client_id{c_.client_id}); break;
            case step::region: p = plan_of(cfg_ali_region{c_.region}); break;
            case step::prodkey: p = plan_of(cfg_ali_product_key{c_.product_key}); break;
            case step::devsec: p = plan_of(cfg_ali_device_secret{c_.device_secret}); break;
            case step::devname: p = plan_of(cfg_ali_device_name{c_.device_name}); break;
            case step::devid: p = plan_of(cfg_ali_device_id{c_.device_id}); break;
            case step::ver: p = plan_of(usr::cfg_version{c_.version}); break;
            case step::cfg: p = plan_of(*c_.keepalive); break;
            case step::will: p = plan_of(*c_.will); break;
            case step::sslen: p = plan_of(cfg_ssl{c_.ssl->enabled ? on_off::on : on_off::off}); break;
            case step::sslauth: p = plan_of(cfg_ssl_auth{c_.ssl->auth}); break;
            case step::sslcrt: p = plan_of(c_.ssl->certificates[index_]); break;
            case step::sslcfg: p = plan_of(cfg_ssl_sni{c_.ssl->sni ? on_off::on : on_off::off}); break;
            case step::sub: {
                const topic_preset& t = c_.subscribe[index_];
                p = plan_of(cfg_subscribe_topic{t.num, t.enabled ? 1 : 0, t.topic, t.qos});
                break;
            }
            case step::pub: {
                const topic_preset& t = c_.publish[index_];
                p = plan_of(cfg_publish_topic{t.num, t.enabled ? 1 : 0, t.topic, t.qos, t.retain});
                break;
            }
            case step::mod_early:
            case step::mod_late: p = plan_of(cfg_transfer_mode{c_.mode}); break;
            case step::save: return encode(execute(cmd::save), out);
            default: return {errc::at_missing_field, 0};  // step::finished: the plan is over
        }
        at::detail::line_cursor cursor(out);
        return at::detail::write_into(cursor, at::fixed_syntax<lexical>{}, *p.row, at::form::set, span<const at::value>(p.v, p.n));
    }

    mqtt_config c_;  // a copy of the views: the strings and topic arrays must outlive the planner
    step step_ = step::wkmod;
    std::size_t index_ = 0;
};

}  // namespace usr
ATMQTT_END_NAMESPACE
