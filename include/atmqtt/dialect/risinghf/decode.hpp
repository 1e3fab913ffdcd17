// Typed decoding of every RisingHF response, late result and URC, on the generic table-driven decoder
// (at/decode.hpp): the grammar's line descriptors say everything, this header only names the values.
//
//     auto r = risinghf::decode_rcvpub(ev);      // ev: a line event from the tokenizer, or the line text
//     if (r) { r->packetid; r->topic; r->message; }   // views into the line (or the event's payload)
//
//     auto k = risinghf::classify(ev);           // which line of the grammar it is (line_index)
//
// Every decoder accepts what the manual shows a module sending: zero or one space after ':', a space
// before it ("+IMQTTCOUNT :3"), the fullwidth '：' ("+IMQTTCONN：0"), '=' for ':' ("+IMQTTUNSUB=5,0"),
// quoted or bare strings. Errors are the core decoder's with the offset in the line: at_unknown_response
// (another prefix), out_of_range, at_invalid_integer, at_missing_field, at_too_many_fields,
// at_unexpected_character (bytes after a closing quote: "...\"、"), at_payload_truncated / _mismatch.
// Text values are views without quotes; the dialect has no escapes, so they are the value itself.
#pragma once

#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace risinghf {

inline constexpr std::size_t max_values = 8;  // the most values a line has (+IMQTTPARA's 4 keys + 4 values)
using decoded = at::decoded_line<max_values>;

// ---- typed values ----------------------------------------------------------------------------------

struct conn_state { std::int32_t state = 0; };        // +IMQTTCONN: 0 connected, 1 already, -1 disconnected
struct received {                                      // +IMQTTRCVPUB, and +IMQTTRECV after AT+IMQTTRECV=<n>
    std::int32_t packetid = 0;
    bytes topic{};
    std::int32_t messagelen = 0;
    bytes message{};                                   // exactly <messageLen> bytes
};
struct cache_count {                                   // +IMQTTCOUNT :<count> / :FULL
    std::int32_t count = 0;
    bool full = false;                                 // "FULL": the 10 slots are taken, later messages dropped
};
struct packet_result { std::int32_t packetid = 0; std::int32_t status = 0; };  // +IMQTTUNSUB/+IMQTTPUB/+IMQTTPUBEX
struct sub_result { std::int32_t packetid = 0; std::int32_t qos = 0; };         // +IMQTTSUB after the set form
struct dynreg_result {                                 // +IMQTTDYNREG:<mode>,... (late result or AT+IMQTTDYNREG=2)
    std::int32_t mode = 0;                             // 1: pre-registration, 2: registration-free
    bytes producekey{}, devicename{}, devicesecret{};  // mode 1
    bytes cilentid{}, username{}, password{};          // mode 2 (the manual's "CilentID")
};
struct dynreg_info {                                   // AT+IMQTTDYNREG? (<save> is undocumented)
    std::int32_t save = 0;
    std::int32_t mode = 0;
    bytes producekey{}, devicename{}, producesecret{};
};
struct mode_info { std::int32_t mode = 0; std::int32_t tls = 0; std::optional<std::int32_t> recvmode{}; };
struct para_info { std::int32_t timeout = 0; std::int32_t clean = 0; std::int32_t keepalive = 0; bytes version{}; };
struct user_info { bytes username{}; bytes password{}; };  // the password is masked ("*****")
struct addr_info { bytes addr{}; std::int32_t port = 0; std::optional<bytes> clientid{}; };
struct will_info {                                     // +IMQTTLWT / +IMQTTLWTBIN (message: text, or hex digits)
    bytes topic{};
    std::int32_t qos = 0;
    bytes message{};
    std::optional<std::int32_t> retained{};
};
struct topic_qos { bytes topic{}; std::int32_t qos = 0; };              // AT+IMQTTSUB?
struct topic_status { bytes topic{}; std::int32_t status = 0; };        // AT+IMQTTUNSUB?
struct pub_info { bytes topic{}; std::int32_t qos = 0; bytes message{}; };  // AT+IMQTTPUB? / +IMQTTPUBIN (hex)
struct state_info { std::int32_t status = 0; };        // 0 down, 1 connected (poor signal), 2 connected
struct auth_info { bytes producekey{}, devicename{}, devicesecret{}; };
struct recvmode_info { std::int32_t recvmode = 0; };
struct recv_total { std::int32_t total_count = 0; };

// ---- the generic step ----------------------------------------------------------------------------

// Which grammar line `e` is (the first descriptor that decodes it) and its values.
constexpr result<decoded> decode(const at::event& e) noexcept { return at::decode<max_values>(grammar, e); }
constexpr result<decoded> decode(bytes text) noexcept { return at::decode<max_values>(grammar, text); }

// The line_index of a decoded line.
constexpr line_index index_of(const decoded& d) noexcept {
    if (d.desc == nullptr) return line_count;
    std::size_t i = static_cast<std::size_t>(d.desc - lines);  // decode() points into lines
    return i < line_count ? static_cast<line_index>(i) : line_count;
}
constexpr result<line_index> classify(const at::event& e) noexcept {
    result<decoded> d = decode(e);
    if (!d) return {d.error(), d.offset()};
    return result<line_index>(index_of(*d), 0);
}

namespace detail {

constexpr at::event line_event(bytes text) noexcept {
    at::event e{};
    e.kind = at::event_kind::line;
    e.text = text;
    return e;
}

// The i-th value (values come in field order; absent optional values are there too).
constexpr std::int32_t int_at(const decoded& d, std::size_t i) noexcept {
    return i < d.count ? static_cast<std::int32_t>(d.values[i].number) : 0;
}
constexpr bytes text_at(const decoded& d, std::size_t i) noexcept { return i < d.count ? d.values[i].text : bytes{}; }

// Decodes against one line of the grammar and converts with `make`.
template <class T, class Make>
constexpr result<T> decode_as(line_index li, const at::event& e, Make make) noexcept {
    result<decoded> d = at::decode_with<max_values>(lines[li], e, lexical);
    if (!d) return {d.error(), d.offset()};
    return result<T>(make(*d), e.text.size());
}

// Tries two lines of the same prefix; the error of the one that got further wins.
template <class T, class Make>
constexpr result<T> decode_either(line_index a, line_index b, const at::event& e, Make make) noexcept {
    result<T> first = decode_as<T>(a, e, make);
    if (first) return first;
    result<T> second = decode_as<T>(b, e, make);
    if (second || second.error() == errc::at_unknown_response) return second.ok() ? second : first;
    return second.offset() > first.offset() ? second : first;
}

// The typed structs bound to the rows' values (at/bind.hpp), in table order.
inline constexpr at::bound<&received::packetid, &received::topic, &received::messagelen, &received::message>
    make_received{};
inline constexpr at::bound<&packet_result::packetid, &packet_result::status> make_packet_result{};
constexpr dynreg_result make_dynreg(const decoded& d) noexcept {
    dynreg_result r{};
    r.mode = int_at(d, 0);
    if (r.mode == 1) {
        r.producekey = text_at(d, 1), r.devicename = text_at(d, 2), r.devicesecret = text_at(d, 3);
    } else {
        r.cilentid = text_at(d, 1), r.username = text_at(d, 2), r.password = text_at(d, 3);
    }
    return r;
}
inline constexpr at::bound<&will_info::topic, &will_info::qos, &will_info::message, &will_info::retained> make_will{};
inline constexpr at::bound<&pub_info::topic, &pub_info::qos, &pub_info::message> make_pub{};

}  // namespace detail

// ---- URCs and late results --------------------------------------------------------------------------

constexpr result<conn_state> decode_conn(const at::event& e) noexcept {
    return detail::decode_as<conn_state>(urc_conn, e, at::bound<&conn_state::state>{});
}
constexpr result<received> decode_rcvpub(const at::event& e) noexcept {
    return detail::decode_as<received>(urc_rcvpub, e, detail::make_received);
}
constexpr result<cache_count> decode_count(const at::event& e) noexcept {
    return detail::decode_either<cache_count>(urc_count, urc_count_full, e, [](const decoded& d) {
        bool full = d.desc == &lines[urc_count_full];
        return cache_count{full ? max_cached_messages : detail::int_at(d, 0), full};
    });
}
constexpr result<sub_result> decode_sub_result(const at::event& e) noexcept {
    return detail::decode_as<sub_result>(def_sub, e, at::bound<&sub_result::packetid, &sub_result::qos>{});
}
constexpr result<packet_result> decode_unsub_result(const at::event& e) noexcept {
    return detail::decode_as<packet_result>(def_unsub, e, detail::make_packet_result);
}
// The result of AT+IMQTTPUB and of AT+IMQTTPUBIN (both "+IMQTTPUB:").
constexpr result<packet_result> decode_pub_result(const at::event& e) noexcept {
    return detail::decode_as<packet_result>(def_pub, e, detail::make_packet_result);
}
constexpr result<packet_result> decode_pubex_result(const at::event& e) noexcept {
    return detail::decode_as<packet_result>(def_pubex, e, detail::make_packet_result);
}
// Both modes, as the late result of type 0/1 or a line of the AT+IMQTTDYNREG=2 answer.
constexpr result<dynreg_result> decode_dynreg(const at::event& e) noexcept {
    return detail::decode_either<dynreg_result>(def_dynreg1, rsp_dynreg2, e, detail::make_dynreg);
}

// ---- answers to the read forms ---------------------------------------------------------------------

constexpr result<dynreg_info> decode_dynreg_info(const at::event& e) noexcept {
    return detail::decode_as<dynreg_info>(rsp_dynreg_read, e,
                                          at::bound<&dynreg_info::save, &dynreg_info::mode, &dynreg_info::producekey,
                                                    &dynreg_info::devicename, &dynreg_info::producesecret>{});
}
constexpr result<mode_info> decode_mode(const at::event& e) noexcept {
    return detail::decode_as<mode_info>(rsp_mode, e, at::bound<&mode_info::mode, &mode_info::tls, &mode_info::recvmode>{});
}
constexpr result<para_info> decode_para(const at::event& e) noexcept {
    return detail::decode_as<para_info>(rsp_para, e, [](const decoded& d) {  // values 1, 3, 5, 7: keys between
        return para_info{detail::int_at(d, 1), detail::int_at(d, 3), detail::int_at(d, 5), detail::text_at(d, 7)};
    });
}
constexpr result<user_info> decode_user(const at::event& e) noexcept {
    return detail::decode_as<user_info>(rsp_user, e, at::bound<&user_info::username, &user_info::password>{});
}
constexpr result<addr_info> decode_addr(const at::event& e) noexcept {
    return detail::decode_as<addr_info>(rsp_addr, e, at::bound<&addr_info::addr, &addr_info::port, &addr_info::clientid>{});
}
constexpr result<will_info> decode_lwt(const at::event& e) noexcept {
    return detail::decode_as<will_info>(rsp_lwt, e, detail::make_will);
}
// The message is the hex text as sent (decode it with at::field_value::decode_hex or any hex reader).
constexpr result<will_info> decode_lwtbin(const at::event& e) noexcept {
    return detail::decode_as<will_info>(rsp_lwtbin, e, detail::make_will);
}
constexpr result<topic_qos> decode_sub_info(const at::event& e) noexcept {
    return detail::decode_as<topic_qos>(rsp_sub, e, at::bound<&topic_qos::topic, &topic_qos::qos>{});
}
constexpr result<topic_status> decode_unsub_info(const at::event& e) noexcept {
    return detail::decode_as<topic_status>(rsp_unsub, e, at::bound<&topic_status::topic, &topic_status::status>{});
}
constexpr result<pub_info> decode_pub_info(const at::event& e) noexcept {
    return detail::decode_as<pub_info>(rsp_pub, e, detail::make_pub);
}
constexpr result<pub_info> decode_pubin_info(const at::event& e) noexcept {
    return detail::decode_as<pub_info>(rsp_pubin, e, detail::make_pub);
}
constexpr result<state_info> decode_state(const at::event& e) noexcept {
    return detail::decode_as<state_info>(rsp_state, e, at::bound<&state_info::status>{});
}
constexpr result<auth_info> decode_auth(const at::event& e) noexcept {
    return detail::decode_as<auth_info>(rsp_auth, e,
                                        at::bound<&auth_info::producekey, &auth_info::devicename, &auth_info::devicesecret>{});
}
constexpr result<recvmode_info> decode_recvmode(const at::event& e) noexcept {
    return detail::decode_as<recvmode_info>(rsp_recvmode, e, at::bound<&recvmode_info::recvmode>{});
}
constexpr result<recv_total> decode_recv_total(const at::event& e) noexcept {
    return detail::decode_as<recv_total>(rsp_recv_total, e, at::bound<&recv_total::total_count>{});
}
constexpr result<received> decode_recv_message(const at::event& e) noexcept {
    return detail::decode_as<received>(rsp_recv_message, e, detail::make_received);
}

// Every decoder also takes the line as text (a payload then runs to the line end, quotes stripped).
#define ATMQTT_RISINGHF_TEXT_OVERLOAD(T, f) \
    constexpr result<T> f(bytes text) noexcept { return f(detail::line_event(text)); }
ATMQTT_RISINGHF_TEXT_OVERLOAD(conn_state, decode_conn)
ATMQTT_RISINGHF_TEXT_OVERLOAD(received, decode_rcvpub)
ATMQTT_RISINGHF_TEXT_OVERLOAD(cache_count, decode_count)
ATMQTT_RISINGHF_TEXT_OVERLOAD(sub_result, decode_sub_result)
ATMQTT_RISINGHF_TEXT_OVERLOAD(packet_result, decode_unsub_result)
ATMQTT_RISINGHF_TEXT_OVERLOAD(packet_result, decode_pub_result)
ATMQTT_RISINGHF_TEXT_OVERLOAD(packet_result, decode_pubex_result)
ATMQTT_RISINGHF_TEXT_OVERLOAD(dynreg_result, decode_dynreg)
ATMQTT_RISINGHF_TEXT_OVERLOAD(dynreg_info, decode_dynreg_info)
ATMQTT_RISINGHF_TEXT_OVERLOAD(mode_info, decode_mode)
ATMQTT_RISINGHF_TEXT_OVERLOAD(para_info, decode_para)
ATMQTT_RISINGHF_TEXT_OVERLOAD(user_info, decode_user)
ATMQTT_RISINGHF_TEXT_OVERLOAD(addr_info, decode_addr)
ATMQTT_RISINGHF_TEXT_OVERLOAD(will_info, decode_lwt)
ATMQTT_RISINGHF_TEXT_OVERLOAD(will_info, decode_lwtbin)
ATMQTT_RISINGHF_TEXT_OVERLOAD(topic_qos, decode_sub_info)
ATMQTT_RISINGHF_TEXT_OVERLOAD(topic_status, decode_unsub_info)
ATMQTT_RISINGHF_TEXT_OVERLOAD(pub_info, decode_pub_info)
ATMQTT_RISINGHF_TEXT_OVERLOAD(pub_info, decode_pubin_info)
ATMQTT_RISINGHF_TEXT_OVERLOAD(state_info, decode_state)
ATMQTT_RISINGHF_TEXT_OVERLOAD(auth_info, decode_auth)
ATMQTT_RISINGHF_TEXT_OVERLOAD(recvmode_info, decode_recvmode)
ATMQTT_RISINGHF_TEXT_OVERLOAD(recv_total, decode_recv_total)
ATMQTT_RISINGHF_TEXT_OVERLOAD(received, decode_recv_message)
#undef ATMQTT_RISINGHF_TEXT_OVERLOAD

}  // namespace risinghf
ATMQTT_END_NAMESPACE
