#include "command.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>

namespace atmqtt_tool {

namespace {

// A function-local static: registrations run during static initialisation, in no particular file order.
std::vector<command_group>& registry() {
    static std::vector<command_group> groups;
    return groups;
}

}  // namespace

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

const std::vector<command_group>& command_groups() { return registry(); }

registration::registration(const command_group& group) {
    auto& groups = registry();
    groups.push_back(group);
    std::sort(groups.begin(), groups.end(),
              [](const command_group& a, const command_group& b) { return a.name < b.name; });
}

bool read_input(std::string_view path, std::string& out) {
    if (path.empty() || path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (std::cin.bad()) {
            std::cerr << "atmqtt: cannot read stdin\n";
            return false;
        }
        return true;
    }
    std::ifstream file{std::string(path), std::ios::binary};
    if (!file) {
        std::cerr << "atmqtt: cannot open '" << path << "'\n";
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (file.bad()) {
        std::cerr << "atmqtt: cannot read '" << path << "'\n";
        return false;
    }
    return true;
}

std::size_t hex_to_bytes(std::string_view text, std::string& out) {
    int high = -1;               // the first digit of a pair, once seen
    std::size_t high_at = 0;     // where it was
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') continue;
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        const int d = hex_digit(c);
        if (d < 0) return i;
        if (high < 0) {
            high = d;
            high_at = i;
        } else {
            out += static_cast<char>(high << 4 | d);
            high = -1;
        }
    }
    return high < 0 ? std::string_view::npos : high_at;
}

}  // namespace atmqtt_tool
