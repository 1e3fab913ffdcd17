// Reading the dialect test vectors (tests/dialects/transcripts/, tests/dialects/commands/) from the tests
// in this folder, wherever the build runs them: paths are relative to this header.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace vector_files {

// This folder, with a trailing '/'.
inline std::string here() {
    std::string f = __FILE__;
    return f.substr(0, f.find_last_of('/') + 1);
}

// A whole file, byte for byte (empty when it cannot be read: the test's expectations then fail).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace vector_files
