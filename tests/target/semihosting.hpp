// ARM semihosting (QEMU: -semihosting-config enable=on,target=native): text to the host's stdout and the
// run's end. SYS_EXIT with ADP_Stopped_ApplicationExit makes qemu exit 0, any other reason exit 1.
#pragma once

#include <cstddef>
#include <cstdint>

namespace semihosting {

inline std::uintptr_t call(std::uintptr_t op, const void* arg) {
    register std::uintptr_t r0 asm("r0") = op;
    register const void* r1 asm("r1") = arg;
    asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

// SYS_WRITE to the console handle: an explicit length, so the text need not end with NUL.
inline void write(const char* text, std::size_t size) {
    static const char tt[] = ":tt";
    static std::uintptr_t out = 0;
    if (out == 0) {
        const std::uintptr_t open_args[] = {reinterpret_cast<std::uintptr_t>(tt), 4 /* "w" */, 3};
        out = call(0x01, open_args) + 1;  // SYS_OPEN; stored + 1 so that handle 0 is not "unopened"
    }
    const std::uintptr_t args[] = {out - 1, reinterpret_cast<std::uintptr_t>(text), size};
    (void)call(0x05, args);
}

inline void write(const char* text) {
    std::size_t n = 0;
    while (text[n] != '\0') ++n;
    write(text, n);
}

[[noreturn]] inline void exit(bool success) {
    const std::uintptr_t reason = success ? 0x20026u /* ApplicationExit */ : 0x20023u /* RunTimeErrorUnknown */;
    (void)call(0x18, reinterpret_cast<const void*>(reason));  // SYS_EXIT: on AArch32 r1 is the reason itself
    for (;;) {
    }
}

}  // namespace semihosting
