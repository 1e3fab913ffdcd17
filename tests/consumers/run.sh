#!/usr/bin/env bash
# Builds and runs the tiny consumer project one way: find_package | add_subdirectory | meson.
# usage: run.sh MODE ATMQTT_SOURCE_DIR WORK_DIR [CXX]
set -euo pipefail
mode=$1 src=$(cd "$2" && pwd) work=$3 cxx=${4:-c++}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"

case $mode in
  find_package)
    cmake -S "$src" -B "$work/atmqtt-build" -DCMAKE_CXX_COMPILER="$cxx" -DATMQTT_BUILD_TESTS=OFF \
          -DATMQTT_BUILD_TOOLS=OFF -DATMQTT_BUILD_BENCHMARKS=OFF -DATMQTT_BUILD_FUZZERS=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
    cmake --install "$work/atmqtt-build" >/dev/null
    test -f "$work/prefix/share/pkgconfig/atmqtt.pc" || { echo "atmqtt.pc not installed"; exit 1; }
    PKG_CONFIG_PATH="$work/prefix/share/pkgconfig" pkg-config --cflags atmqtt | grep -q -- "-I$work/prefix/include" \
      || { echo "atmqtt.pc has the wrong include path"; exit 1; }
    cmake -S "$here/find_package" -B "$work/build" -DCMAKE_CXX_COMPILER="$cxx" \
          -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
    cmake --build "$work/build" >/dev/null
    "$work/build/consumer"
    ;;
  add_subdirectory)
    cmake -S "$here/add_subdirectory" -B "$work/build" -DCMAKE_CXX_COMPILER="$cxx" \
          -DATMQTT_SOURCE_DIR="$src" >/dev/null
    cmake --build "$work/build" >/dev/null
    "$work/build/consumer"
    ;;
  meson)
    command -v meson >/dev/null || { echo "meson not found: apt-get install meson"; exit 1; }
    # A Meson subproject lives in subprojects/<name>: copy the consumer and link atmqtt in.
    cp -r "$here/meson" "$work/project" && cp -r "$here/src" "$work/src"
    mkdir -p "$work/project/subprojects" && ln -s "$src" "$work/project/subprojects/atmqtt"
    CXX=$cxx meson setup "$work/build" "$work/project" >/dev/null
    meson compile -C "$work/build" >/dev/null
    "$work/build/consumer"
    ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
