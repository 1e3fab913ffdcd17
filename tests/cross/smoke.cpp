// Cross-compile smoke test: the umbrella header (codec, AT layer, every dialect) compiles for Cortex-M with -fno-exceptions -fno-rtti, the
// program links against newlib without pulling in the heap or the exception runtime.
#include <atmqtt/atmqtt.hpp>

namespace {
volatile char sink;  // keeps the optimiser from deleting the work

void use(atmqtt::bytes b) {
    for (char c : b) sink = c;
}
}  // namespace

int main() {
    atmqtt::fixed_buffer<32> line;
    if (!line.append("+QMTSTAT: 0,1")) return 1;
    use(line.view());
    use(atmqtt::to_string(atmqtt::errc::mqtt_invalid_qos));
    // Encode a PUBLISH and decode it again: the codec's whole path.
    atmqtt::mqtt::publish p;
    p.qos = atmqtt::mqtt::qos::at_least_once;
    p.topic = "a/b";
    p.packet_id = 7;
    p.payload = "hi";
    char out[32];
    auto n = atmqtt::mqtt::encode(p, out);
    if (!n) return 2;
    auto back = atmqtt::mqtt::decode(atmqtt::bytes(out, *n));
    if (!back) return 3;
    sink = static_cast<char>(back->type());

    // The AT path: encode a Quectel command, tokenize a modem stream, decode a message URC.
    char cmd[64];
    auto written = atmqtt::quectel::encode(atmqtt::quectel::open{0, "broker", 1883}, cmd);
    if (!written) return 4;
    use(atmqtt::bytes(cmd, *written));
    atmqtt::at::tokenizer<128> tok(atmqtt::at::payload_rules_of<atmqtt::quectel::grammar>);
    if (!tok.feed("\r\n+QMTRECV: 0,1,\"t\",2,\"hi\"\r\n")) return 5;
    for (auto ev = tok.next(); ev.kind != atmqtt::at::event_kind::none; ev = tok.next()) {
        auto msg = atmqtt::at::decode_as<atmqtt::quectel::received_message>(ev);
        if (msg) use(msg->payload);
    }
    return 0;
}
