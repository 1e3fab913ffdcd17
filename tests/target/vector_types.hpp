// The shapes of the vectors gen_vectors.py writes into the on-target runner's image (all in flash).
#pragma once

#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>

#include <cstddef>
#include <cstdint>

namespace target_vectors {

struct mqtt_vector {  // tests/mqtt/vectors.hpp: valid at `levels` (1: 3.1, 2: 3.1.1, 3: both)
    const char* name;
    const char* wire;
    std::size_t size;
    unsigned levels;
};

struct mqtt_refused {  // tests/mqtt/test_malformed.cpp, tests/hostile/test_mqtt.cpp
    const char* name;
    const char* wire;
    std::size_t size;
    bool v3_1;
    atmqtt::errc expected;
    std::size_t offset;
};

struct command_arg {  // one member of a command vector's "params" (an array gives one per item)
    const char* key;
    std::uint8_t kind;  // 0 null (omitted), 1 number, 2 string
    int item;           // -1: a scalar; else the index in the array
    std::int64_t number;
    const char* text;
    std::size_t size;
};

struct command_vector {  // one line of tests/dialects/commands/<dialect>_*.jsonl with "bytes"
    unsigned dialect;    // index in runner.cpp's dialect list
    const char* where;   // file:line
    const char* command;  // "NAME" or "NAME/selector"
    const char* form;
    const command_arg* args;
    std::size_t arg_count;
    const char* bytes;
    std::size_t size;
};

struct expected_event {  // a response / urc of an .expected.jsonl: name, then 0x1F and each value
    const char* text;
    std::size_t size;
};

struct transcript {  // tests/dialects/transcripts/<name>.log and its .expected.jsonl
    unsigned dialect;
    const char* name;
    const char* log;
    std::size_t size;
    const expected_event* events;
    std::size_t event_count;
};

struct usr_frame {  // tests/dialects/transcripts/usr_frames_*_MODE_DIR.txt, one line, and its expected fields
    const char* file;
    atmqtt::usr::transfer_mode mode;
    bool uplink;
    const char* bytes;
    std::size_t size;
    const char* fields;  // kind, slot, qos, retain, topic, payload, separated by 0x1F
    std::size_t fields_size;
};

// What a typed decoder made of a line: ok, or its errc and offset.
struct line_outcome {
    atmqtt::errc error;
    std::size_t offset;
};
template <class Result>
constexpr line_outcome outcome_of(const Result& r) {
    return r.ok() ? line_outcome{atmqtt::errc::ok, 0} : line_outcome{r.error(), r.offset()};
}

struct hostile_line {  // tests/hostile/test_dialects.cpp, a check_all case
    const char* line;
    std::size_t size;
    line_outcome (*decode)(atmqtt::bytes);
    const char* decoder;  // the test's expression, for messages
    atmqtt::errc expected;
    std::size_t offset;
};

}  // namespace target_vectors
