// Malformed grammar tables must not compile. tests/at/check_table_errors.sh builds this file once per
// BAD_TABLE case and expects the compiler to fail naming the table_error; case 0 must compile.
#include <atmqtt/at/grammar.hpp>

namespace at = atmqtt::at;
using at::form;

#ifndef BAD_TABLE
#define BAD_TABLE 0
#endif

namespace bad {

inline constexpr at::field_spec ok_params[] = {at::integer("client_idx", 0, 5), at::string("topic", 1, 256)};
inline constexpr at::field_spec recv_fields[] = {at::integer("client_idx", 0, 5), at::integer("len", 0, 1500),
                                                 at::payload("payload")};

#if BAD_TABLE == 1  // duplicate_field
inline constexpr at::field_spec params[] = {at::integer("client_idx", 0, 5), at::integer("client_idx", 0, 5)};
#elif BAD_TABLE == 2  // min_above_max
inline constexpr at::field_spec params[] = {at::integer("port", 65535, 1)};
#elif BAD_TABLE == 3  // default_outside_range
inline constexpr at::field_spec params[] = {at::integer("keepalive", 0, 3600).defaults_to(7200)};
#elif BAD_TABLE == 8  // payload_in_command
inline constexpr at::field_spec params[] = {at::integer("len", 0, 9), at::payload("data")};
#else
inline constexpr const at::field_spec (&params)[2] = ok_params;
#endif

inline constexpr at::line lines[] = {
#if BAD_TABLE == 4  // length_past_fields: the length field must come right before the payload
    at::urc("+RECV", recv_fields).with_length(0),
#else
    at::urc("+RECV", recv_fields).with_length(1),
#endif
#if BAD_TABLE == 6  // deferred_not_marked
    at::response("+OPEN"),
#else
    at::response("+OPEN").as_deferred(),
#endif
};

inline constexpr at::command commands[] = {
    at::cmd("OPEN", form::set, params).deferred_result(1),
#if BAD_TABLE == 5  // duplicate_command
    at::cmd("OPEN", form::test),
#endif
#if BAD_TABLE == 7  // bad_repeat: a group of 3 out of 2 parameters
    at::cmd("SUB", form::set, ok_params).repeating(3, 1, 4),
#endif
    at::cmd("CLOSE", form::execute),
};

inline constexpr at::grammar grammar{"bad", commands, lines};
ATMQTT_AT_CHECK_GRAMMAR(grammar);

}  // namespace bad

int main() {
    return 0;
}
