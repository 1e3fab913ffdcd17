// atmqtt: a host tool built on the library. main() only dispatches to the subcommand groups that the other
// source files register (see command.hpp).
#include "command.hpp"

#include <iostream>

namespace {

void usage(std::ostream& out) {
    out << "usage: atmqtt <command> [<args>]\n"
           "       atmqtt <command> --help\n"
           "\n"
           "commands:\n";
    for (const auto& group : atmqtt_tool::command_groups())
        out << "  " << group.name << std::string(group.name.size() < 8 ? 8 - group.name.size() : 1, ' ')
            << group.summary << '\n';
    out << "\n"
           "exit status: 0 success, 1 malformed or invalid input (an error object on stdout),\n"
           "             2 bad command line or unreadable file (a message on stderr)\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    atmqtt_tool::args arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (arguments.empty()) {
        usage(std::cerr);
        return atmqtt_tool::exit_usage;
    }
    const std::string_view name = arguments.front();
    if (name == "--help" || name == "-h" || name == "help") {
        usage(std::cout);
        return atmqtt_tool::exit_ok;
    }
    for (const auto& group : atmqtt_tool::command_groups()) {
        if (group.name == name) {
            arguments.erase(arguments.begin());
            const int status = group.run(arguments);
            std::cout.flush();
            return status;
        }
    }
    std::cerr << "atmqtt: unknown command '" << name << "'\n\n";
    usage(std::cerr);
    return atmqtt_tool::exit_usage;
}
