#!/usr/bin/env bash
# Builds tests/cross/smoke.cpp for Cortex-M4 and fails if the image contains heap or exception symbols.
# usage: arm_smoke.sh ATMQTT_SOURCE_DIR WORK_DIR
set -euo pipefail
src=$(cd "$1" && pwd) work=$2
command -v arm-none-eabi-g++ >/dev/null || {
  echo "arm-none-eabi-g++ not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib"
  exit 1
}
mkdir -p "$work"
arm-none-eabi-g++ -std=c++17 -Os -mcpu=cortex-m4 -mthumb -fno-exceptions -fno-rtti \
  -ffunction-sections -fdata-sections -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror \
  -I"$src/include" "$src/tests/cross/smoke.cpp" \
  -Wl,--gc-sections --specs=nosys.specs -o "$work/smoke.elf"
forbidden='^(malloc|free|calloc|realloc|_malloc_r|_free_r|_Znw[jm]|_Zna[jm]|_ZdlPv|_ZdaPv|__cxa_throw|__cxa_allocate_exception)$'
found=$(arm-none-eabi-nm --defined-only "$work/smoke.elf" | awk '{print $3}' | grep -E "$forbidden" || true)
if [ -n "$found" ]; then
  echo "the Cortex-M4 image pulls in heap or exception symbols:"
  echo "$found"
  exit 1
fi
arm-none-eabi-size "$work/smoke.elf"
echo "cross-compile smoke test passed"
