// The sizeof report: one object per stateful type, named after it, so `nm -S` of this object file gives
// sizeof(T) for the compiler and target it was built for (host g++ and arm-none-eabi-g++ alike) without
// running anything. Built with -c only; never linked. Kept out of bench/footprint/*.cpp (no main).
#include <atmqtt/at.hpp>
#include <atmqtt/client/drivers/quectel.hpp>
#include <atmqtt/client/drivers/usr.hpp>
#include <atmqtt/client/session.hpp>
#include <atmqtt/core/fixed_buffer.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/usr.hpp>
#include <atmqtt/mqtt.hpp>

namespace at = atmqtt::at;

#define ATMQTT_SIZEOF(name, ...) extern "C" { alignas(1) char sizeof_##name[sizeof(__VA_ARGS__)]; }

ATMQTT_SIZEOF(at_tokenizer_64, at::tokenizer<64>)
ATMQTT_SIZEOF(at_tokenizer_256, at::tokenizer<256>)
ATMQTT_SIZEOF(at_tokenizer_1024, at::tokenizer<1024>)
ATMQTT_SIZEOF(at_event, at::event)
ATMQTT_SIZEOF(at_decoded_line_8, at::decoded_line<8>)
ATMQTT_SIZEOF(at_decoded_line_24, at::decoded_line<24>)
ATMQTT_SIZEOF(at_field_spec, at::field_spec)
ATMQTT_SIZEOF(fixed_buffer_64, atmqtt::fixed_buffer<64>)
ATMQTT_SIZEOF(mqtt_frame_status, atmqtt::mqtt::frame_status)
ATMQTT_SIZEOF(mqtt_packet, atmqtt::mqtt::packet)
ATMQTT_SIZEOF(onemo_publish_assembler, atmqtt::onemo::publish_assembler)
ATMQTT_SIZEOF(usr_session_decoder_256, atmqtt::usr::session_decoder<256>)
ATMQTT_SIZEOF(usr_escape_sequence, atmqtt::usr::escape_sequence)
ATMQTT_SIZEOF(client_session_1, atmqtt::client::session<1>)
ATMQTT_SIZEOF(client_session_8, atmqtt::client::session<8>)
// Issue 21's "context <= 64 bytes plus the window": the session's state apart from the window, and the
// window's handle (where its slots and incoming QoS 2 ids are, its capacity, two counts); each slot adds 6.
ATMQTT_SIZEOF(client_session_context,
              char[sizeof(atmqtt::client::detail::session_core) - sizeof(atmqtt::client::detail::window)])
ATMQTT_SIZEOF(client_session_window, atmqtt::client::detail::window)
ATMQTT_SIZEOF(client_event, atmqtt::client::event)
ATMQTT_SIZEOF(at_client_quectel_128_256, atmqtt::client::at_client<atmqtt::client::drivers::quectel, 128, 256>)
ATMQTT_SIZEOF(at_client_usr_128_256, atmqtt::client::at_client<atmqtt::client::drivers::usr, 128, 256>)
ATMQTT_SIZEOF(at_client_op_state, atmqtt::client::op_state)
