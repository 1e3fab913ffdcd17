// The dialects the `atmqtt at` commands know: a name and the dialect's grammar (command table, response and
// URC lines, lexical options). The tool derives everything else (payload rules, ...) from the grammar.
// A dialect whose module does more than terminated AT lines says so here, as data: replies that arrive
// without a line terminator (bare_replies) and the frames of its data modes (data_modes, decode_frame).
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace atmqtt_tool {

// A reply the module sends at the start of a line with no line terminator (USR: `a+ok`, its `a` and
// `+ok` of the `+++` escape exchange, docs/dialect-notes/usr.md "Framing decision"). `at decode` looks
// for `text` at every line start, across chunk boundaries; on a match it reports a prompt event first
// when `prompt` is set, then handles `line` as if it had arrived as a terminated line (so the grammar
// classifies it: `+ok` is a final result). Bytes that only start like `text` are passed on unchanged.
struct bare_reply {
    std::string_view text;  // as it arrives: "a+ok"
    bool prompt;            // report {"event":"prompt"} first (the module's `a`)
    std::string_view line;  // then this line: "+ok"
};

// One data-mode frame decoded: a JSON object (error == ok), or why it is not a frame and where.
struct frame_result {
    std::string json;
    atmqtt::errc error = atmqtt::errc::ok;
    std::size_t offset = 0;
};

// Decodes one frame (its bytes, no separator) in data mode `mode` (one of dialect::data_modes); `uplink`:
// sent by the host (true) or by the module (false).
using frame_decoder = frame_result (*)(std::string_view mode, bool uplink, std::string_view frame);

// The key of a repeated field whose meaning depends on another field of the same line (Quectel +QMTSUB:
// <value> is the granted QoS list when <result> is 0, the retransmission count when 1). Called with the
// decoded line, the field's index in line.fields and the grammar's key; returns the key to print, or an
// empty string for the grammar's. `scalar`: print the one value as a number, not as a one-element array.
using field_key_fn = std::string (*)(const atmqtt::at::line& line, std::size_t field,
                                     const atmqtt::at::field_value* values, std::size_t count, bool& scalar);

// The dialect's rules between parameters that its table cannot state (Quectel: at::check_row_rules on
// quectel::rules, the rows its typed encode applies). `at encode` calls it with the command row, the form and the
// arguments once the writer has checked them (a parameter's own error wins); the error's offset is an argument index.
using rules_fn = atmqtt::status (*)(const atmqtt::at::command& row, atmqtt::at::form which,
                                    atmqtt::span<const atmqtt::at::value> args);

// Joins a received message the module splits over several URCs (OneMO: "publish" pieces, the manual's
// ML30x split, joined by onemo::publish_assembler). `at decode` hands it every URC line it printed;
// the result is the event to print after that line: nothing (json empty, error ok), the joined message
// once a message of two or more pieces is complete, or why the pieces do not join (error, offset: the
// bytes the lost message had). One joiner per decoded log.
struct message_joiner {
    virtual ~message_joiner() = default;
    virtual frame_result on_urc(std::string_view line) = 0;
};
using joiner_factory = std::unique_ptr<message_joiner> (*)();

struct dialect {
    std::string_view name;                     // what --dialect takes: "quectel"
    const atmqtt::at::grammar* grammar;        // the dialect's constexpr table
    std::vector<bare_reply> bare_replies;      // empty: every reply is a terminated line
    std::vector<std::string_view> data_modes;  // what --data-mode takes; empty: no data modes
    frame_decoder decode_frame;                // nullptr when data_modes is empty
    field_key_fn field_key = nullptr;          // nullptr: every key is the grammar's field name
    rules_fn check_rules = nullptr;            // nullptr: the table says everything `at encode` checks
    joiner_factory make_joiner = nullptr;      // nullptr: no message arrives in pieces
};

// Every registered dialect, in table order.
const std::vector<dialect>& dialects();

// The dialect named `name`, or nullptr.
const dialect* find_dialect(std::string_view name);

// "quectel|onemo|..." for usage texts.
std::string dialect_names();

}  // namespace atmqtt_tool
