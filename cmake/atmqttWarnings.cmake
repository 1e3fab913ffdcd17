# The warning set every first-party target (tests, tools, fuzzers, benchmarks) builds with.
add_library(atmqtt_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(atmqtt_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror)
endif()
