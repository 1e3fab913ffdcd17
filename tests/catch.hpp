// The one Catch2 include for every test: v3's headers when present, v2's single header otherwise.
// Use only what both versions have: TEST_CASE, SECTION, CHECK, REQUIRE, GENERATE, TEMPLATE_TEST_CASE,
// STATIC_REQUIRE, INFO, CAPTURE.
#pragma once

#if defined(__has_include) && __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#if !defined(__cpp_exceptions) && !defined(__EXCEPTIONS) && !defined(CATCH_CONFIG_DISABLE_EXCEPTIONS)
#define CATCH_CONFIG_DISABLE_EXCEPTIONS
#endif
#include <catch2/catch.hpp>
#endif
