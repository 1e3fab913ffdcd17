// OneMO URCs read the way firmware reads them: onemo::classify(ev) says which row a line is, then
// at::decode_into reads that row into its struct (the publish row under hex output: hex_row, as
// onemo::decode_into(ev, m, options)). urc_as<T>(ev, row) is both steps as one result, for CHECKs;
// urc_status(ev) reads any URC row into its struct, for tests that check only the outcome.
#pragma once

#include <atmqtt/dialect/onemo.hpp>

namespace onemo_test {

// Line `e` as row `want`'s struct T: classify's error, at_unknown_response for another row, or decode_into's.
template <class T>
constexpr atmqtt::result<T> urc_as(const atmqtt::at::event& e, atmqtt::onemo::line_index want,
                                   atmqtt::onemo::decode_options o = {}) noexcept {
    namespace onemo = atmqtt::onemo;
    atmqtt::result<onemo::line_index> i = onemo::classify(e);
    if (!i) return {i.error(), i.offset()};
    if (*i != want) return {atmqtt::errc::at_unknown_response, 0};
    T v{};
    const bool hex = want == onemo::line_received_message && o.output == onemo::output_format::hex;
    atmqtt::status st = atmqtt::at::decode_into(hex ? onemo::hex_row<onemo::line_received_message> : onemo::lines[want], e, v);
    if (!st) return {st.error(), st.offset()};
    return v;
}

template <class T>
constexpr atmqtt::status status_of(const atmqtt::result<T>& r) noexcept {
    if (!r) return {r.error(), r.offset()};
    return {};
}

// Any URC line into the struct of its row; at_unknown_response for a line of another row.
constexpr atmqtt::status urc_status(const atmqtt::at::event& e, atmqtt::onemo::decode_options o = {}) noexcept {
    namespace onemo = atmqtt::onemo;
    atmqtt::result<onemo::line_index> i = onemo::classify(e);
    if (!i) return {i.error(), i.offset()};
    switch (*i) {
        case onemo::line_connection_state: return status_of(urc_as<onemo::connection_state>(e, *i, o));
        case onemo::line_message_notice: return status_of(urc_as<onemo::message_notice>(e, *i, o));
        case onemo::line_dropped_messages: return status_of(urc_as<onemo::dropped_messages>(e, *i, o));
        case onemo::line_received_message: return status_of(urc_as<onemo::received_message>(e, *i, o));
        case onemo::line_ping_result: return status_of(urc_as<onemo::ping_result>(e, *i, o));
        case onemo::line_request_timeout: return status_of(urc_as<onemo::request_timeout>(e, *i, o));
        case onemo::line_subscribe_result: return status_of(urc_as<onemo::subscribe_result>(e, *i, o));
        case onemo::line_unsubscribe_result: return status_of(urc_as<onemo::unsubscribe_result>(e, *i, o));
        case onemo::line_publish_result:
        case onemo::line_pubrec:
        case onemo::line_pubcomp: return status_of(urc_as<onemo::publish_result>(e, *i, o));
        default: return {atmqtt::errc::at_unknown_response, 0};
    }
}

}  // namespace onemo_test
