// Footprint program: the AT core plus the USR dialect — encode AT+MQTTSVR / MQTTCID / MQTTSUBTP /
// MQTTPUBTP, run the session decoder over the modem's bytes (echo, answers, finals, +++ / a escape),
// read the typed answers and decode a data-mode frame in distribution mode.
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/usr.hpp>

#include "common.hpp"

namespace at = atmqtt::at;
namespace usr = atmqtt::usr;

namespace {
template <class Command>
void send(const Command& c) {
    char tx[128];  // on the stack: the programs must have no .bss of their own
    auto n = usr::encode(c, tx);
    footprint::use(n ? static_cast<long>(*n) : -1);
}
}  // namespace

int main() {
    const atmqtt::bytes in = footprint::received();
    const std::int32_t id = footprint::id();
    usr::cfg_server svr;
    svr.host = in.substr(0, 8);
    svr.port = id;
    send(svr);
    send(usr::cfg_client_id{in.substr(8, 4)});
    usr::cfg_subscribe_topic sub;
    sub.topic = in.substr(0, 3);
    sub.qos = 1;
    send(sub);
    usr::cfg_publish_topic pub;
    pub.topic = in.substr(0, 3);
    pub.qos = 1;
    send(pub);

    usr::session_decoder<256> session;
    if (!session.feed(in)) return 1;
    for (auto ev = session.next(); ev; ev = session.next()) {
        if (ev.kind == usr::session_kind::response) {
            if (auto s = usr::decode_as<usr::cfg_server>(ev)) footprint::use(s->port.value_or(0));
            else if (auto t = usr::decode_as<usr::cfg_publish_topic>(ev)) footprint::use(t->qos);
            else if (auto c = usr::decode_as<usr::connection_state>(ev)) footprint::use(static_cast<long>(c->state));
        } else if (ev.kind == usr::session_kind::final) {
            footprint::use(static_cast<long>(ev.result));
        }
    }
    if (auto f = usr::decode_frame(in, usr::transfer_mode::distribution, usr::direction::downlink)) footprint::use(static_cast<long>(f->payload.size()));
    return 0;
}
