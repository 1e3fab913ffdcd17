// Footprint program: the AT core plus the RisingHF dialect — encode AT+IMQTTADDR / IMQTTCONN /
// IMQTTSUB / IMQTTPUB, tokenize the modem's bytes and decode its URCs and answers.
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/risinghf.hpp>

#include "common.hpp"

namespace at = atmqtt::at;
namespace risinghf = atmqtt::risinghf;

// Frames (issue 17: none over 512 B). main holds the input view, the command structs and (send(), inlined)
// the 128-byte tx buffer; receive() the tokenizer (its 256-byte line buffer: 296 B in all); on_line() the
// decoded structs. Out of line, so that no frame holds two of those three.
namespace {
template <class Command>
void send(const Command& c) {
    char tx[128];  // on the stack: the programs must have no .bss of their own
    auto n = risinghf::encode(c, tx);
    footprint::use(n ? static_cast<long>(*n) : -1);
}

// Typed decodes into caller storage (at::decode_into), tried in turn as a URC handler would.
[[gnu::noinline]] void on_line(const at::event& ev) {
    risinghf::received_message m{};
    risinghf::connection_state c{};
    risinghf::subscribe_result r{};
    risinghf::publish_result q{};
    risinghf::mqtt_status st{};
    if (at::decode_into(ev, m)) footprint::use(static_cast<long>(m.payload.size()));
    else if (at::decode_into(ev, c)) footprint::use(static_cast<long>(c.state));
    else if (at::decode_into(ev, r)) footprint::use(r.packet_id);
    else if (at::decode_into(ev, q)) footprint::use(static_cast<long>(q.result));
    else if (at::decode_into(ev, st)) footprint::use(st.state);
    else if (auto f = at::classify_final(ev.text); f.is_final()) footprint::use(static_cast<long>(f.kind));
}

[[gnu::noinline]] int receive(atmqtt::bytes in) {
    at::tokenizer<256, at::grammar_rules<risinghf::grammar>> tok;
    if (!tok.feed(in)) return 1;
    for (auto ev = tok.next(); ev; ev = tok.next())
        if (ev.is_line()) on_line(ev);
    return 0;
}
}  // namespace

int main() {
    const atmqtt::bytes in = footprint::received();
    const std::int32_t id = footprint::id();
    risinghf::cfg_addr a;
    a.host = in.substr(0, 8);
    a.port = id;
    a.clientid = in.substr(8, 4);
    send(a);
    send(risinghf::connect);
    risinghf::subscribe s;
    s.topic = in.substr(0, 3);
    s.qos = 1;
    send(s);
    risinghf::publish p;
    p.topic = in.substr(0, 3);
    p.qos = 1;
    p.message = in.substr(3);
    send(p);

    return receive(in);
}
