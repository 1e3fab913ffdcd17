// Byte copy that is constexpr and still a memcpy at run time. C++17 has no std::is_constant_evaluated;
// g++ and clang have __builtin_is_constant_evaluated(). Without it the plain loop is used everywhere,
// which is correct, only slower.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <cstring>

#if defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
#define ATMQTT_HAS_IS_CONSTANT_EVALUATED 1
#endif
#endif
#if !defined(ATMQTT_HAS_IS_CONSTANT_EVALUATED) && defined(__GNUC__) && __GNUC__ >= 9
#define ATMQTT_HAS_IS_CONSTANT_EVALUATED 1
#endif

ATMQTT_BEGIN_NAMESPACE
namespace detail {

// True during constant evaluation; false at run time, or always false without compiler support (the
// callers then take their constexpr-safe path only in constant evaluation, never wrongly).
constexpr bool in_constant_evaluation() noexcept {
#if defined(ATMQTT_HAS_IS_CONSTANT_EVALUATED)
    return __builtin_is_constant_evaluated();
#else
    return true;  // no way to tell: take the loop, which is valid in both contexts
#endif
}

// Copies n bytes from `from` to `to` (ranges must not overlap).
constexpr void copy_bytes(char* to, const char* from, std::size_t n) noexcept {
    // The loop runs only in constant evaluation (std::memcpy is not constexpr), which gcov cannot count:
    // excluded from the coverage report (docs/coverage.md).
    if (in_constant_evaluation()) {  // GCOVR_EXCL_START
        for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
        return;
    }  // GCOVR_EXCL_STOP
    if (n != 0) std::memcpy(to, from, n);
}

// copy_bytes unless `to` is null (a writer only counting). `Loop`: by a byte loop, for a size build copying
// a few bytes at a time (memcpy not linked for them).
template <bool Loop>
constexpr void copy_unless_null(char* to, const char* from, std::size_t n) noexcept {
    if (!Loop) {
        if (to != nullptr) copy_bytes(to, from, n);
        return;
    }
    for (std::size_t i = 0; to != nullptr && i < n; ++i) to[i] = from[i];
}

}  // namespace detail
ATMQTT_END_NAMESPACE
