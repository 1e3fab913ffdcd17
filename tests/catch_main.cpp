// The test runner's main, compiled once and linked into every test program.
#if defined(__has_include) && __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include "catch.hpp"
#endif

int main(int argc, char* argv[]) { return Catch::Session().run(argc, argv); }
