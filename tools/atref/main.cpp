// atmqtt_atref: prints the Markdown command and URC reference of every dialect grammar it knows.
//   atmqtt_atref OUTDIR         writes OUTDIR/<dialect>.md for every dialect
//   atmqtt_atref --print NAME   writes one dialect's reference to stdout
//   atmqtt_atref --dict NAME    writes a fuzzing dictionary of one dialect's tokens to stdout
//   atmqtt_atref --dict all     writes the shared AT dictionary (fuzz/at.dict) to stdout: the AT core's
//                               tokens and the union of every vendor dialect's (not the test dialect's)
//   atmqtt_atref --list         lists the dialect names
// Add a dialect by adding its grammar to `dialects` below.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "../../tests/at/test_dialect.hpp"

#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>
#include "reference.hpp"

namespace {

const atmqtt::at::grammar* const dialects[] = {
    &test_dialect::grammar,
    &atmqtt::quectel::grammar,
    &atmqtt::onemo::grammar,
    &atmqtt::risinghf::grammar,
    &atmqtt::usr::grammar,
};

int usage() {
    std::cerr << "usage: atmqtt_atref OUTDIR | --print NAME | --dict NAME | --dict all | --list\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
        for (const auto* g : dialects) std::cout << atref::str(g->name) << '\n';
        return 0;
    }
    bool print = argc == 3 && std::strcmp(argv[1], "--print") == 0;
    bool dict = argc == 3 && std::strcmp(argv[1], "--dict") == 0;
    if (dict && std::strcmp(argv[2], "all") == 0) {
        // dialects[0] is the test dialect: its made-up commands are no help to the fuzz targets.
        const atmqtt::at::grammar* const* vendors = dialects + 1;
        std::cout << atref::fuzz_dictionary_all({vendors, sizeof dialects / sizeof dialects[0] - 1});
        return 0;
    }
    if (print || dict) {
        for (const auto* g : dialects) {
            if (g->name == argv[2]) {
                std::cout << (print ? atref::markdown_reference(*g) : atref::fuzz_dictionary(*g));
                return 0;
            }
        }
        std::cerr << "atmqtt_atref: no dialect named " << argv[2] << '\n';
        return 1;
    }
    if (argc != 2 || argv[1][0] == '-') return usage();
    for (const auto* g : dialects) {
        auto check = atmqtt::at::validate(*g);
        if (!check.ok()) {
            std::cerr << "atmqtt_atref: dialect " << atref::str(g->name)
                      << ": malformed table: " << atref::str(atmqtt::at::to_string(check.error)) << '\n';
            return 1;
        }
        std::string path = std::string(argv[1]) + "/" + atref::str(g->name) + ".md";
        std::ofstream out(path, std::ios::binary);
        out << atref::markdown_reference(*g);
        if (!out.good()) {
            std::cerr << "atmqtt_atref: cannot write " << path << '\n';
            return 1;
        }
    }
    return 0;
}
