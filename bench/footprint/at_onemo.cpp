// Footprint program: the AT core plus the OneMO dialect — encode AT+MQTTCONN / MQTTSUB / MQTTPUB,
// tokenize the modem's bytes, decode +MQTTURC and +MQTTPUB and join split "publish" URCs.
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/onemo.hpp>

#include "common.hpp"

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;

namespace {
template <class Command>
void send(const Command& c) {
    char tx[128];  // on the stack: the programs must have no .bss of their own
    auto n = onemo::encode(c, tx);
    footprint::use(n ? static_cast<long>(*n) : -1);
}
}  // namespace

int main() {
    const atmqtt::bytes in = footprint::received();
    const std::int32_t id = footprint::id();
    onemo::connect c;
    c.host = in.substr(0, 8);
    c.port = id;
    c.login = onemo::login{in.substr(8, 4), {}, {}};
    send(c);
    const onemo::topic_qos topics[] = {{in.substr(0, 3), 1}};
    onemo::subscribe s;
    s.topics = topics;
    send(s);
    onemo::publish p;
    p.topic = in.substr(0, 3);
    p.qos = 1;
    p.message = in.substr(3);
    send(p);

    at::tokenizer<256> tok(onemo::payload_rule_span);
    char message[512];  // the reassembly buffer: on the stack here, so the program has no .bss
    onemo::publish_assembler joiner(message);
    if (!tok.feed(in)) return 1;
    for (auto ev = tok.next(); ev; ev = tok.next()) {
        if (!ev.is_line()) continue;
        if (auto u = onemo::decode_urc(ev)) {
            if (u->kind == onemo::urc_kind::publish) {
                if (auto m = joiner.add(u->publish); m && m->complete) footprint::use(static_cast<long>(m->message.size()));
            } else if (u->kind == onemo::urc_kind::suback) {
                footprint::use(u->suback.packet_id);
            } else if (u->kind == onemo::urc_kind::puback) {
                footprint::use(u->ack.packet_id);
            } else if (u->kind == onemo::urc_kind::conn) {
                footprint::use(static_cast<long>(u->conn.state));
            }
        } else if (auto r = onemo::decode_pub(ev)) {
            footprint::use(r->packet_id);
        } else if (auto f = at::classify_final(ev.text); f.is_final()) {
            footprint::use(static_cast<long>(f.kind));
        }
    }
    return 0;
}
