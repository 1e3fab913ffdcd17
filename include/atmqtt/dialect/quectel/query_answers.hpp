// Typed answers to the setting queries: AT+QMTCFG="<item>",<client_idx> (§3.3.1, the set form with its
// optional parameters left out) and AT+QSSLCFG="<item>",<sslctxid>. One struct per item, fields named
// and ordered as the manual's answer line, every value checked against the item's row in grammar.hpp:
//
//     auto k = quectel::decode_cfg_keepalive("+QMTCFG: \"keepalive\",120");   // k->keep_alive_time == 120
//     auto w = quectel::decode_cfg_will("+QMTCFG: \"will\",0");               // w->will_qos == nullopt
//
// A bracketed tail in the manual ("<will_fg>[,<will_qos>,<will_retain>,...]") is absent as a whole:
// its integers are std::nullopt and its strings empty. Item names are matched ignoring ASCII case (the
// manual writes both "SSL" and "ssl"). Errors: at_unknown_response (another prefix), at_invalid_enum
// (another item), and the field errors of at::decode_with (out_of_range, at_missing_field, ...).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/quectel/responses.hpp>

#include <cstdint>
#include <optional>

ATMQTT_BEGIN_NAMESPACE
namespace quectel {

// ---- +QMTCFG: "<item>",... ----------------------------------------------------------------------
struct cfg_version_answer { std::int32_t vsn; };
struct cfg_pdpcid_answer { std::int32_t cid; };
struct cfg_ssl_answer { std::int32_t ssl_enable; std::optional<std::int32_t> ssl_ctx_idx; };
struct cfg_keepalive_answer { std::int32_t keep_alive_time; };
struct cfg_session_answer { std::int32_t clean_session; };
struct cfg_timeout_answer { std::int32_t pkt_timeout, retry_times, timeout_notice; };
struct cfg_will_answer {
    std::int32_t will_fg;
    std::optional<std::int32_t> will_qos, will_retain;
    bytes willtopic, willmessage;
};
struct cfg_willex_answer {
    std::int32_t will_fg;
    std::optional<std::int32_t> will_qos, will_retain;
    bytes willtopic;
    std::optional<std::int32_t> will_len;
};
struct cfg_recv_mode_answer { std::int32_t msg_rcv_mode, msg_len_enable; };
struct cfg_aliauth_answer { bytes product_key, device_name, device_secret; };
struct cfg_qmtping_answer { std::int32_t qmtping_interval; };
struct cfg_send_mode_answer { std::int32_t send_mode; };
struct cfg_onenet_answer { bytes product_id, access_key; };
struct cfg_hwauth_answer { bytes product_id, device_secret; std::optional<std::int32_t> hw_time_enable; };
struct cfg_hwprodid_answer { bytes product_id, product_secret, nodeid; std::optional<std::int32_t> hw_time_enable; };
struct cfg_dataformat_answer { std::int32_t send_mode, recv_mode; };
struct cfg_view_mode_answer { std::int32_t view_mode; };
struct cfg_edit_timeout_answer { std::int32_t edit_mode; std::optional<std::int32_t> edit_time; };
struct cfg_protocol_check_answer { std::int32_t client_idx, protocol_check_enable; };

// ---- +QSSLCFG: "<item>",<sslctxid>,<value> --------------------------------------------------------
struct ssl_cacert_answer { std::int32_t sslctxid; bytes cacertpath; };
struct ssl_clientcert_answer { std::int32_t sslctxid; bytes client_cert_path; };
struct ssl_clientkey_answer { std::int32_t sslctxid; bytes client_key_path; };
struct ssl_seclevel_answer { std::int32_t sslctxid, seclevel; };
struct ssl_sslversion_answer { std::int32_t sslctxid, sslversion; };
struct ssl_ciphersuite_answer { std::int32_t sslctxid; bytes cipher_suites; };
struct ssl_ignorelocaltime_answer { std::int32_t sslctxid, ignore_ltime; };

namespace detail {
// The line's fields when identify() names `row`: another item of the same command is at_invalid_enum
// (at its selector), another command at_unknown_response.
constexpr result<line_fields> read_item(bytes line, line_index row) noexcept {
    result<line_index> found = identify(line);
    if (!found) return {found.error(), found.offset()};
    if (*found == row) return read_row(line, row);
    if (lines[*found].prefix != lines[row].prefix) return {errc::at_unknown_response, 0};
    result<at::prefixed_line> p = at::split_prefix(line, lexical);
    return {errc::at_invalid_enum, p ? p->params_offset : 0};
}
}  // namespace detail

// decode_<item>(line) -> result<<item>_answer>; `f` holds the present values in wire order.
#define ATMQTT_QUECTEL_ANSWER(name, type, row, ...)                     \
    constexpr result<type> name(bytes line) noexcept {                  \
        result<detail::line_fields> r = detail::read_item(line, row);   \
        if (!r) return {r.error(), r.offset()};                         \
        const detail::line_fields& f = *r;                              \
        using detail::i32;                                              \
        using detail::opt;                                              \
        return type{__VA_ARGS__};                                       \
    }

ATMQTT_QUECTEL_ANSWER(decode_cfg_version, cfg_version_answer, line_cfg_version, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_pdpcid, cfg_pdpcid_answer, line_cfg_pdpcid, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_ssl, cfg_ssl_answer, line_cfg_ssl, i32(f, 0), opt(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_cfg_keepalive, cfg_keepalive_answer, line_cfg_keepalive, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_session, cfg_session_answer, line_cfg_session, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_timeout, cfg_timeout_answer, line_cfg_timeout, i32(f, 0), i32(f, 1), i32(f, 2))
ATMQTT_QUECTEL_ANSWER(decode_cfg_will, cfg_will_answer, line_cfg_will, i32(f, 0), opt(f, 1), opt(f, 2), f.text[3], f.text[4])
ATMQTT_QUECTEL_ANSWER(decode_cfg_willex, cfg_willex_answer, line_cfg_willex, i32(f, 0), opt(f, 1), opt(f, 2), f.text[3],
                      opt(f, 4))
ATMQTT_QUECTEL_ANSWER(decode_cfg_recv_mode, cfg_recv_mode_answer, line_cfg_recv_mode, i32(f, 0), i32(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_cfg_aliauth, cfg_aliauth_answer, line_cfg_aliauth, f.text[0], f.text[1], f.text[2])
ATMQTT_QUECTEL_ANSWER(decode_cfg_qmtping, cfg_qmtping_answer, line_cfg_qmtping, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_send_mode, cfg_send_mode_answer, line_cfg_send_mode, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_onenet, cfg_onenet_answer, line_cfg_onenet, f.text[0], f.text[1])
ATMQTT_QUECTEL_ANSWER(decode_cfg_hwauth, cfg_hwauth_answer, line_cfg_hwauth, f.text[0], f.text[1], opt(f, 2))
ATMQTT_QUECTEL_ANSWER(decode_cfg_hwprodid, cfg_hwprodid_answer, line_cfg_hwprodid, f.text[0], f.text[1], f.text[2],
                      opt(f, 3))
ATMQTT_QUECTEL_ANSWER(decode_cfg_dataformat, cfg_dataformat_answer, line_cfg_dataformat, i32(f, 0), i32(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_cfg_view_mode, cfg_view_mode_answer, line_cfg_view_mode, i32(f, 0))
ATMQTT_QUECTEL_ANSWER(decode_cfg_edit_timeout, cfg_edit_timeout_answer, line_cfg_edit_timeout, i32(f, 0), opt(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_cfg_protocol_check, cfg_protocol_check_answer, line_cfg_protocol_check, i32(f, 0), i32(f, 1))

ATMQTT_QUECTEL_ANSWER(decode_ssl_cacert, ssl_cacert_answer, line_ssl_cacert, i32(f, 0), f.text[1])
ATMQTT_QUECTEL_ANSWER(decode_ssl_clientcert, ssl_clientcert_answer, line_ssl_clientcert, i32(f, 0), f.text[1])
ATMQTT_QUECTEL_ANSWER(decode_ssl_clientkey, ssl_clientkey_answer, line_ssl_clientkey, i32(f, 0), f.text[1])
ATMQTT_QUECTEL_ANSWER(decode_ssl_seclevel, ssl_seclevel_answer, line_ssl_seclevel, i32(f, 0), i32(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_ssl_sslversion, ssl_sslversion_answer, line_ssl_version, i32(f, 0), i32(f, 1))
ATMQTT_QUECTEL_ANSWER(decode_ssl_ciphersuite, ssl_ciphersuite_answer, line_ssl_ciphersuite, i32(f, 0), f.text[1])
ATMQTT_QUECTEL_ANSWER(decode_ssl_ignorelocaltime, ssl_ignorelocaltime_answer, line_ssl_ignorelocaltime, i32(f, 0),
                      i32(f, 1))
#undef ATMQTT_QUECTEL_ANSWER

}  // namespace quectel
ATMQTT_END_NAMESPACE
