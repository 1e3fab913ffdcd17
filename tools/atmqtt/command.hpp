// The atmqtt tool is a set of subcommand groups (`atmqtt mqtt ...`, later `atmqtt at ...`). Each group lives
// in its own source file and registers itself with a static `registration`, so adding a group never means
// editing main.cpp: the build compiles every tools/atmqtt/*.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atmqtt_tool {

// Exit statuses shared by every subcommand.
enum exit_status : int {
    exit_ok = 0,
    exit_bad_input = 1,  // the data was malformed or invalid; an error object was printed on stdout
    exit_usage = 2,      // bad command line or unreadable file; a message was printed on stderr
};

using args = std::vector<std::string_view>;  // the arguments after the group name

struct command_group {
    std::string_view name;     // e.g. "mqtt"
    std::string_view summary;  // one line for `atmqtt --help`
    int (*run)(const args& arguments);
};

// All registered groups, sorted by name.
const std::vector<command_group>& command_groups();

// Registers a group from a static initializer: `static const registration r{{"mqtt", "...", &run_mqtt}};`.
struct registration {
    explicit registration(const command_group& group);
};

// ---- helpers shared by the subcommands ----------------------------------------------------------------

// Reads a whole file, or stdin when path is empty or "-". On failure prints a message on stderr, returns false.
bool read_input(std::string_view path, std::string& out);

// The value of a hex digit (either case), or -1.
int hex_digit(char c);

// Decodes hex text into octets: whitespace between digits is ignored, and '#' starts a comment that runs to
// the end of its line. Returns the offset of the first offending character (a non-hex digit, or the
// unpaired last digit), or npos on success.
std::size_t hex_to_bytes(std::string_view text, std::string& out);

}  // namespace atmqtt_tool
