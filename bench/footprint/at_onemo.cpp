// Footprint program: the AT core plus the OneMO dialect — encode AT+MQTTCONN / MQTTSUB / MQTTPUB,
// tokenize the modem's bytes, decode +MQTTURC and +MQTTPUB and place the pieces of split "publish" URCs.
//
// Stack: each step is its own function, so no frame holds another step's buffers (issue 17: no frame
// over 512 B). encode_commands(): the tx buffer and the command structs. decode_stream(): the tokenizer
// (its 256-byte line buffer and state) and the assembler's state. on_line(): the decoded structs and the
// readers' state. No copy of a split message: publish_assembler reports each piece with its offset, and
// firmware writes it where the message goes (the line holds the piece until then).
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/onemo.hpp>

#include "common.hpp"

namespace at = atmqtt::at;
namespace onemo = atmqtt::onemo;

namespace {

template <class Command>
void send(const Command& c, atmqtt::mutable_bytes tx) {
    auto n = onemo::encode(c, tx);
    footprint::use(n ? static_cast<long>(*n) : -1);
}

[[gnu::noinline]] void encode_commands(atmqtt::bytes in, std::int32_t id) {
    char tx[128];  // on the stack: the programs must have no .bss of their own
    onemo::connect c;
    c.host = in.substr(0, 8);
    c.port = id;
    c.login = onemo::login{in.substr(8, 4), {}, {}};
    send(c, tx);
    const onemo::topic_qos topics[] = {{in.substr(0, 3), 1}};
    onemo::subscribe s;
    s.topics = topics;
    send(s, tx);
    onemo::publish p;
    p.topic = in.substr(0, 3);
    p.qos = 1;
    p.message = in.substr(3);
    send(p, tx);
}

// One line, decoded into caller storage (at::decode_into) by the structs tried in turn, as a URC handler
// would: each reads only its own row.
[[gnu::noinline]] void on_line(const at::event& ev, onemo::publish_assembler& pieces) {
    onemo::received_message m{};
    onemo::subscribe_result suback{};
    onemo::publish_result a{};
    onemo::connection_state conn{};
    onemo::publish_sent r{};
    if (at::decode_into(ev, m)) {
        if (auto j = pieces.add(m)) footprint::use(static_cast<long>(j->offset + j->payload.size() + j->complete));
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

[[gnu::noinline]] int decode_stream(atmqtt::bytes in) {
    at::tokenizer<256, at::grammar_rules<onemo::grammar>> tok;
    onemo::publish_assembler pieces;  // no buffer: each piece is placed by its offset
    if (!tok.feed(in)) return 1;
    for (auto ev = tok.next(); ev; ev = tok.next())
        if (ev.is_line()) on_line(ev, pieces);
    return 0;
}

}  // namespace

int main() {
    const atmqtt::bytes in = footprint::received();
    encode_commands(in, footprint::id());
    return decode_stream(in);
}
