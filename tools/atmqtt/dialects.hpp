// The dialects the `atmqtt at` commands know: a name and the dialect's grammar (command table, response and
// URC lines, lexical options). The tool derives everything else (payload rules, ...) from the grammar.
#pragma once

#include <atmqtt/at/grammar.hpp>

#include <string_view>
#include <vector>

namespace atmqtt_tool {

struct dialect {
    std::string_view name;                  // what --dialect takes: "quectel"
    const atmqtt::at::grammar* grammar;     // the dialect's constexpr table
};

// Every registered dialect, in table order.
const std::vector<dialect>& dialects();

// The dialect named `name`, or nullptr.
const dialect* find_dialect(std::string_view name);

// "quectel|onemo|..." for usage texts.
std::string dialect_names();

}  // namespace atmqtt_tool
