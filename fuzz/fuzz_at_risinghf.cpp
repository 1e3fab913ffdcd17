// The RisingHF decoders against arbitrary modem output.
// Input: byte 0 chooses the chunk size (1 + byte % 16); the rest is fed to the tokenizer with the dialect's
// payload rules and lexical options, whole and in chunks. Properties:
//  - both feeds give the same events (kind, text, payload), so decoding never depends on the chunking;
//  - every line event decodes (risinghf::decode and every typed decoder) without crashing; a success
//    gives values that are views inside the line (or the event's payload); an error's offset lies
//    within the line;
//  - a decoded line is one of the grammar's lines (index_of < line_count), and its typed decoder agrees;
//  - a +IMQTTRCVPUB / +IMQTTRECV message decoded with its length has exactly <messageLen> bytes;
//  - a +IMQTTDYNREG answer goes through risinghf::aliyun::auth_command and login_commands (host: the
//    line's text, port: its size; whole feed only): either at_invalid_enum / at_missing_field, or the
//    commands carry the answer's views, and each command (AT+IMQTTAUTH, AT+IMQTTUSER, AT+IMQTTADDR)
//    either fails encoded_size and encode alike with a specific errc, or encodes into exactly
//    encoded_size bytes ending in CR (one byte less: buffer_too_small, nothing written past the buffer)
//    that decode with at::decode_command (their own row) to the same strings and port.
#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/risinghf.hpp>

#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
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

// T's values read from row Row (at::decode_into(row, ev, out)), as a result.
template <class T, rhf::line_index Row>
atmqtt::result<T> decode_on(const at::event& e) {
    T out{};
    atmqtt::status st = at::decode_into(at::grammar_row<rhf::grammar, Row>, e, out);
    if (!st) return {st.error(), st.offset()};
    return out;
}

constexpr std::size_t canary_size = 8;
constexpr char canary = '\x5A';

// One command of a login: encodes as encoded_size says and decodes to `want` (strings, or the port).
template <class C>
void check_login_command(const C& c, const std::vector<std::string_view>& want, std::int32_t port = -1) {
    auto need = rhf::encoded_size(c);
    std::vector<char> buf;
    auto run = [&](std::size_t cap) {
        buf.assign(cap + canary_size, canary);
        auto r = rhf::encode(c, atmqtt::mutable_bytes(buf.data(), cap));
        for (std::size_t i = cap; i < buf.size(); ++i) ATMQTT_FUZZ_REQUIRE(buf[i] == canary, "encode wrote past the buffer");
        return r;
    };
    if (!need) {
        ATMQTT_FUZZ_REQUIRE(need.error() != atmqtt::errc::ok && need.error() != atmqtt::errc::buffer_too_small &&
                            atmqtt::to_string(need.error()) != "unknown", "encoded_size fails without a specific errc");
        auto r = run(4096);
        ATMQTT_FUZZ_REQUIRE(!r && r.error() == need.error(), "encode and encoded_size fail differently");
        return;
    }
    const std::size_t n = *need;
    auto small = run(n - 1);
    ATMQTT_FUZZ_REQUIRE(!small && small.error() == atmqtt::errc::buffer_too_small, "one byte short is not buffer_too_small");
    auto r = run(n);
    ATMQTT_FUZZ_REQUIRE(r && *r == n && buf[n - 1] == '\r', "encode does not write encoded_size bytes ending in CR");
    const std::string line(buf.data(), n);
    at::decoded_command<8> d;
    ATMQTT_FUZZ_REQUIRE(at::decode_command(fuzz_support::one(at::binding_of<C>::row), bytes(line), d, rhf::lexical).ok(),
                        "a login command does not decode");
    std::size_t text_index = 0;
    for (const at::field_value& v : d.params.fields()) {
        if (v.kind == at::value_kind::integer) {
            ATMQTT_FUZZ_REQUIRE(v.number == port, "the port decodes to another number");
            continue;
        }
        ATMQTT_FUZZ_REQUIRE(text_index < want.size(), "more strings decoded than written");
        std::string out(line.size(), '\0');
        auto t = v.decode_text(rhf::lexical, atmqtt::mutable_bytes(&out[0], out.size()));
        ATMQTT_FUZZ_REQUIRE(t.ok() && std::string_view(out.data(), *t) == want[text_index], "a string decodes to other bytes");
        ++text_index;
    }
    ATMQTT_FUZZ_REQUIRE(text_index == want.size(), "fewer strings decoded than written");
}

std::string_view sv(bytes b) { return std::string_view(b.data(), b.size()); }

// The dynamic-registration answer -> the next commands (risinghf/aliyun.hpp).
void check_dynreg_login(const at::event& e) {
    auto r = at::decode_as<rhf::dynreg_result>(e);
    if (!r) return;
    auto auth = rhf::aliyun::auth_command(*r);
    if (auth) {
        ATMQTT_FUZZ_REQUIRE(r->mode == 1, "auth_command for another mode");
        ATMQTT_FUZZ_REQUIRE(auth->producekey == sv(r->producekey) && auth->devicename == sv(r->devicename) &&
                            auth->devicesecret == sv(r->devicesecret), "auth_command changes the triple");
        check_login_command(*auth, {auth->producekey, auth->devicename, auth->devicesecret});
    } else {
        ATMQTT_FUZZ_REQUIRE(auth.error() == (r->mode != 1 ? atmqtt::errc::at_invalid_enum : atmqtt::errc::at_missing_field),
                            "auth_command's error");
    }
    const std::string_view host = sv(e.text);
    const auto port = static_cast<std::int32_t>(e.text.size());
    auto login = rhf::aliyun::login_commands(*r, host, port);
    if (login) {
        ATMQTT_FUZZ_REQUIRE(r->mode == 2, "login_commands for another mode");
        ATMQTT_FUZZ_REQUIRE(login->user.username == sv(r->username) && login->user.password == sv(r->password) &&
                            login->addr.clientid == sv(r->cilentid) && login->addr.host == host && login->addr.port == port,
                            "login_commands changes the credentials");
        check_login_command(login->user, {login->user.username, login->user.password});
        check_login_command(login->addr, {login->addr.host, *login->addr.clientid}, port);
    } else {
        ATMQTT_FUZZ_REQUIRE(login.error() == (r->mode != 2 ? atmqtt::errc::at_invalid_enum : atmqtt::errc::at_missing_field),
                            "login_commands' error");
    }
}

void check_line(const at::event& e) {
    auto d = at::decode<rhf::max_values>(rhf::grammar, e);
    check_error(d, e);
    if (d) {
        ATMQTT_FUZZ_REQUIRE(d->desc >= rhf::lines && d->desc < rhf::lines + rhf::line_count, "decoded line is not in the grammar");
        for (const at::field_value& v : d->fields())
            ATMQTT_FUZZ_REQUIRE(inside(v.text, e.text) || (e.has_payload && inside(v.text, e.payload)),
                             "value outside the line");
        const auto li = static_cast<rhf::line_index>(d->desc - rhf::lines);
        if (li == rhf::line_connection_state) ATMQTT_FUZZ_REQUIRE(atmqtt::at::decode_as<rhf::connection_state>(e).ok(), "decode_conn disagrees");
        if (li == rhf::line_received_message) {
            auto p = atmqtt::at::decode_as<rhf::received_message>(e);
            ATMQTT_FUZZ_REQUIRE(p.ok(), "decode_rcvpub disagrees");
            ATMQTT_FUZZ_REQUIRE(p->payload.size() == static_cast<std::size_t>(p->payload_len), "message length");
        }
        if (li == rhf::line_recv_message) {
            auto p = decode_on<rhf::received_message, rhf::line_recv_message>(e);
            ATMQTT_FUZZ_REQUIRE(p.ok(), "decode_recv_message disagrees");
            ATMQTT_FUZZ_REQUIRE(p->payload.size() == static_cast<std::size_t>(p->payload_len), "message length");
        }
    }
    check_error(at::decode_as<rhf::message_notice>(e), e);
    check_error(at::decode_as<rhf::dynreg_result>(e), e);
    check_error(atmqtt::at::decode_as<rhf::dynreg_info>(e), e);
    check_error(atmqtt::at::decode_as<rhf::subscribe_result>(e), e);
    check_error(atmqtt::at::decode_as<rhf::unsubscribe_result>(e), e);
    check_error(atmqtt::at::decode_as<rhf::publish_result>(e), e);
    check_error(decode_on<rhf::publish_result, rhf::line_pubex_result>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_mode>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_para>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_user>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_addr>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_will>(e), e);
    check_error(decode_on<rhf::cfg_will, rhf::line_lwtbin>(e), e);
    check_error(atmqtt::at::decode_as<rhf::subscribe>(e), e);
    check_error(atmqtt::at::decode_as<rhf::topic_status>(e), e);
    check_error(atmqtt::at::decode_as<rhf::pub_info>(e), e);
    check_error(decode_on<rhf::pub_info, rhf::line_pubin>(e), e);
    check_error(atmqtt::at::decode_as<rhf::mqtt_status>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_auth>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cfg_recvmode>(e), e);
    check_error(atmqtt::at::decode_as<rhf::cache_status>(e), e);
}

std::vector<seen> run(bytes input, std::size_t step, bool deep) {
    at::tokenizer<512> tok(at::payload_rules_of<rhf::grammar>, rhf::lexical);
    std::vector<seen> out;
    for (std::size_t pos = 0; pos < input.size(); pos += step) {
        (void)tok.feed(input.substr(pos, step));
        for (at::event e = tok.next(); e; e = tok.next()) {
            if (e.kind == at::event_kind::line) check_line(e);
            if (e.kind == at::event_kind::line && deep) check_dynreg_login(e);
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
    std::vector<seen> whole = run(input, input.size() == 0 ? 1 : input.size(), true);
    std::vector<seen> pieces = run(input, step, false);
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
