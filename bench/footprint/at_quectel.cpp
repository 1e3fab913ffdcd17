// Footprint program: the AT core plus the Quectel dialect — encode AT+QMTOPEN / QMTCONN / QMTSUB /
// QMTPUBEX, tokenize the modem's bytes and decode the URCs and answers of that flow.
#include <atmqtt/at.hpp>
#include <atmqtt/dialect/quectel.hpp>

#include "common.hpp"

namespace at = atmqtt::at;
namespace quectel = atmqtt::quectel;

// Frames (issue 17: none over 512 B). main holds the input view, the command structs and (send(), inlined)
// the 128-byte tx buffer; receive() the tokenizer (its 256-byte line buffer: 296 B in all); on_line() the
// decoded structs. Out of line, so that no frame holds two of those three.
namespace {
template <class Command>
void send(const Command& c) {
    char tx[128];  // on the stack: the programs must have no .bss of their own
    auto n = quectel::encode(c, tx);
    footprint::use(n ? static_cast<long>(*n) : -1);
}

// Typed decodes into caller storage (at::decode_into), tried in turn as a URC handler would.
[[gnu::noinline]] void on_line(const at::event& ev) {
    quectel::received_message m{};
    quectel::open_result o{};
    quectel::connect_result c{};
    quectel::subscribe_result s{};
    quectel::publish_result p{};
    quectel::connection_closed st{};
    if (at::decode_into(ev, m)) footprint::use(static_cast<long>(m.payload.size()));
    else if (at::decode_into(ev, o)) footprint::use(static_cast<long>(o.result));
    else if (at::decode_into(ev, c)) footprint::use(static_cast<long>(c.result));
    else if (at::decode_into(ev, s)) footprint::use(s.packet_id);
    else if (at::decode_into(ev, p)) footprint::use(p.packet_id);
    else if (at::decode_into(ev, st)) footprint::use(st.err_code);
    else if (auto r = at::classify_final(ev.text); r.is_final()) footprint::use(static_cast<long>(r.kind));
}

[[gnu::noinline]] int receive(atmqtt::bytes in) {
    at::tokenizer<256, at::grammar_rules<quectel::grammar>> tok;
    if (!tok.feed(in)) return 1;
    for (auto ev = tok.next(); ev; ev = tok.next())
        if (ev.is_line()) on_line(ev);
    return 0;
}
}  // namespace

int main() {
    const atmqtt::bytes in = footprint::received();
    const std::int32_t id = footprint::id();
    send(quectel::open{0, in.substr(0, 8), id});
    send(quectel::connect{0, in.substr(0, 4), in.substr(4, 4), in.substr(8, 4)});
    const quectel::topic_qos topics[] = {{in.substr(0, 3), 1}};
    send(quectel::subscribe{0, id, topics});
    quectel::publish pub;
    pub.packet_id = id;
    pub.qos = 1;
    pub.topic = in.substr(0, 3);
    pub.payload_len = id;
    send(pub);

    return receive(in);
}
