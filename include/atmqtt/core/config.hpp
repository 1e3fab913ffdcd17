// Compile-time configuration. Every tunable is a macro the user may set before including atmqtt, on the
// command line, or in an optional <atmqtt_user_config.hpp> found on the include path.
#pragma once

#if defined(__has_include)
#if __has_include(<atmqtt_user_config.hpp>)
#include <atmqtt_user_config.hpp>
#endif
#endif

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "atmqtt needs C++17 or newer"
#endif

#define ATMQTT_VERSION_MAJOR 0
#define ATMQTT_VERSION_MINOR 1
#define ATMQTT_VERSION_PATCH 0

// A versioned inline namespace: two vendored copies of different versions in one image do not collide.
#define ATMQTT_BEGIN_NAMESPACE \
    namespace atmqtt {         \
    inline namespace v0_1 {
#define ATMQTT_END_NAMESPACE \
    }                        \
    }

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define ATMQTT_HAS_EXCEPTIONS 1
#else
#define ATMQTT_HAS_EXCEPTIONS 0
#endif
