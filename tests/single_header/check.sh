#!/usr/bin/env bash
# The single header compiles alone: tests/single_header/consumer.cpp with only single_include/ on the
# include path (and src/atmqtt.h, Arduino's entry header, with only src/), -std=c++17 -Wall -Wextra -Werror
# -fno-exceptions -fno-rtti and the project's other warnings; built and run with the host
# compiler, and compiled for Cortex-M4 with arm-none-eabi-g++ (required: .ci/packages.txt installs it).
# usage: check.sh SOURCE_DIR WORK_DIR [HOST_CXX]
set -euo pipefail
src=$(cd "$1" && pwd) work=$2 cxx=${3:-c++}
mkdir -p "$work"
flags=(-std=c++17 -Wall -Wextra -Werror -fno-exceptions -fno-rtti -Wpedantic -Wconversion -Wshadow)
"$cxx" "${flags[@]}" -I"$src/single_include" "$src/tests/single_header/consumer.cpp" -o "$work/consumer"
"$work/consumer"
echo "host ($cxx): compiles alone and runs"
# Arduino's entry header (src/atmqtt.h, only src/ on the include path) reaches it by a relative path.
echo '#include <atmqtt.h>' | "$cxx" "${flags[@]}" -I"$src/src" -x c++ -fsyntax-only -
echo "host ($cxx): src/atmqtt.h (Arduino) compiles alone"
if command -v arm-none-eabi-g++ >/dev/null; then
  # -Wno-psabi: GCC's note about a 2017 ABI change for passing spans by value (see bench/footprint.sh).
  arm-none-eabi-g++ "${flags[@]}" -I"$src/single_include" -Os -Wno-psabi -mcpu=cortex-m4 -mthumb -c "$src/tests/single_header/consumer.cpp" \
    -o "$work/consumer-m4.o"
  echo "arm-none-eabi-g++ (Cortex-M4): compiles alone"
else
  echo "arm-none-eabi-g++ not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib"
  exit 1
fi
