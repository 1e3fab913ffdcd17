// The dialect registry of the atmqtt tool.
//
// TO ADD A DIALECT: include its header below and add ONE line to `table`:
//     {"quectel", &atmqtt::dialect::quectel::grammar},
// (the name is what `--dialect` takes; the grammar is the dialect's constexpr at::grammar). Nothing else
// in the tool needs to change; tests/dialects/check_transcripts.sh TOOL <name> ... then checks it.
#include "dialects.hpp"

// The test dialect of the AT core's unit tests (tests/at/test_dialect.hpp), for the tool's golden tests.
#include "../../tests/at/test_dialect.hpp"
// Vendor dialects: one #include each.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>

#include <string>

namespace atmqtt_tool {

const std::vector<dialect>& dialects() {
    static const std::vector<dialect> table = {
        {"test", &test_dialect::grammar},
        {"onemo", &atmqtt::onemo::grammar},
        {"risinghf", &atmqtt::risinghf::grammar},
        {"quectel", &atmqtt::quectel::grammar},
        {"usr", &atmqtt::usr::grammar},
        // vendor dialects: one line each, e.g. {"quectel", &atmqtt::dialect::quectel::grammar},
    };
    return table;
}

const dialect* find_dialect(std::string_view name) {
    for (const dialect& d : dialects())
        if (d.name == name) return &d;
    return nullptr;
}

std::string dialect_names() {
    std::string out;
    for (const dialect& d : dialects()) {
        if (!out.empty()) out += '|';
        out += d.name;
    }
    return out;
}

}  // namespace atmqtt_tool
