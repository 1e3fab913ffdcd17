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
    char message[512];  // the reassembly buffer (topic, then message): on the stack here, so no .bss
    onemo::publish_assembler joiner(message);
    if (!tok.feed(in)) return 1;
    // Typed decodes into caller storage (at::decode_into), tried in turn as a URC handler would: each
    // reads only its own row.
    onemo::received_message m{};
    onemo::subscribe_result suback{};
    onemo::publish_result a{};
    onemo::connection_state conn{};
    onemo::pub_response r{};
    for (auto ev = tok.next(); ev; ev = tok.next()) {
        if (!ev.is_line()) continue;
        if (at::decode_into(ev, m)) {
            if (auto j = joiner.add(m); j && j->complete) footprint::use(static_cast<long>(j->message.size()));
        } else if (at::decode_into(ev, suback)) {
            footprint::use(suback.packet_id);
        } else if (at::decode_into(ev, a)) {
            footprint::use(a.packet_id);
        } else if (at::decode_into(ev, conn)) {
            footprint::use(static_cast<long>(conn.state));
        } else if (at::decode_into(ev, r)) {
            footprint::use(r.packet_id);
        } else if (auto f = at::classify_final(ev.text); f.is_final()) {
            footprint::use(static_cast<long>(f.kind));
        }
    }
    return 0;
}
