// The RisingHF decoders against arbitrary modem output.
// Input: byte 0 chooses the chunk size (1 + byte % 16); the rest is fed to the tokenizer with the dialect's
// payload rules and lexical options, whole and in chunks. Properties:
//  - both feeds give the same events (kind, text, payload), so decoding never depends on the chunking;
//  - every line event decodes (risinghf::decode and every typed decoder) without crashing; a success
//    gives values that are views inside the line (or the event's payload); an error's offset lies
//    within the line;
//  - a decoded line is one of the grammar's lines (index_of < line_count), and its typed decoder agrees;
//  - a +IMQTTRCVPUB / +IMQTTRECV message decoded with its length has exactly <messageLen> bytes.
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/risinghf.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace at = atmqtt::at;
namespace rhf = atmqtt::risinghf;
using atmqtt::bytes;

using fuzz_support::inside;

namespace {

struct seen {
    at::event_kind kind;
    std::string text;
    std::string payload;
    bool has_payload;
};

template <class R>
void check_error(const R& r, const at::event& e) {
    if (!r) ATMQTT_FUZZ_REQUIRE(r.offset() <= e.text.size() + 1, "error offset past the line");
}

void check_line(const at::event& e) {
    auto d = rhf::decode(e);
    check_error(d, e);
    if (d) {
        ATMQTT_FUZZ_REQUIRE(rhf::index_of(*d) < rhf::line_count, "decoded line is not in the grammar");
        for (const at::field_value& v : d->fields())
            ATMQTT_FUZZ_REQUIRE(inside(v.text, e.text) || (e.has_payload && inside(v.text, e.payload)),
                             "value outside the line");
        const rhf::line_index li = rhf::index_of(*d);
        if (li == rhf::urc_conn) ATMQTT_FUZZ_REQUIRE(rhf::decode_conn(e).ok(), "decode_conn disagrees");
        if (li == rhf::urc_rcvpub) {
            auto p = rhf::decode_rcvpub(e);
            ATMQTT_FUZZ_REQUIRE(p.ok(), "decode_rcvpub disagrees");
            ATMQTT_FUZZ_REQUIRE(p->message.size() == static_cast<std::size_t>(p->messagelen), "message length");
        }
        if (li == rhf::rsp_recv_message) {
            auto p = rhf::decode_recv_message(e);
            ATMQTT_FUZZ_REQUIRE(p.ok(), "decode_recv_message disagrees");
            ATMQTT_FUZZ_REQUIRE(p->message.size() == static_cast<std::size_t>(p->messagelen), "message length");
        }
    }
    check_error(rhf::decode_count(e), e);
    check_error(rhf::decode_dynreg(e), e);
    check_error(rhf::decode_dynreg_info(e), e);
    check_error(rhf::decode_sub_result(e), e);
    check_error(rhf::decode_unsub_result(e), e);
    check_error(rhf::decode_pub_result(e), e);
    check_error(rhf::decode_pubex_result(e), e);
    check_error(rhf::decode_mode(e), e);
    check_error(rhf::decode_para(e), e);
    check_error(rhf::decode_user(e), e);
    check_error(rhf::decode_addr(e), e);
    check_error(rhf::decode_lwt(e), e);
    check_error(rhf::decode_lwtbin(e), e);
    check_error(rhf::decode_sub_info(e), e);
    check_error(rhf::decode_unsub_info(e), e);
    check_error(rhf::decode_pub_info(e), e);
    check_error(rhf::decode_pubin_info(e), e);
    check_error(rhf::decode_state(e), e);
    check_error(rhf::decode_auth(e), e);
    check_error(rhf::decode_recvmode(e), e);
    check_error(rhf::decode_recv_total(e), e);
}

std::vector<seen> run(bytes input, std::size_t step) {
    at::tokenizer<512> tok(rhf::payload_rule_span, rhf::lexical);
    std::vector<seen> out;
    for (std::size_t pos = 0; pos < input.size(); pos += step) {
        (void)tok.feed(input.substr(pos, step));
        for (at::event e = tok.next(); e; e = tok.next()) {
            if (e.kind == at::event_kind::line) check_line(e);
            out.push_back(seen{e.kind, std::string(e.text), std::string(e.payload), e.has_payload});
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t step = 1 + data[0] % 16u;
    const bytes input(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<seen> whole = run(input, input.size() == 0 ? 1 : input.size());
    std::vector<seen> pieces = run(input, step);
    ATMQTT_FUZZ_REQUIRE(whole.size() == pieces.size(), "chunking changed the event count");
    for (std::size_t i = 0; i < whole.size(); ++i) {
        ATMQTT_FUZZ_REQUIRE(whole[i].kind == pieces[i].kind, "chunking changed an event kind");
        if (whole[i].kind == at::event_kind::data) continue;  // data pieces follow the chunks
        ATMQTT_FUZZ_REQUIRE(whole[i].text == pieces[i].text, "chunking changed a line");
        ATMQTT_FUZZ_REQUIRE(whole[i].has_payload == pieces[i].has_payload && whole[i].payload == pieces[i].payload,
                         "chunking changed a payload");
    }
    return 0;
}
