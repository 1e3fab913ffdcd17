#!/usr/bin/env bash
# Footprint report: builds each bench/footprint/*.cpp for Cortex-M0+ and Cortex-M4 with the flags an
# embedded user would use, and prints .text/.data/.bss minus an empty baseline, plus the largest stack
# frame of the library code from -fstack-usage.
# usage: bench/footprint.sh [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build/footprint}
command -v arm-none-eabi-g++ >/dev/null || { echo "arm-none-eabi-g++ not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib"; exit 1; }
mkdir -p "$work"

flags=(-std=c++17 -Os -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections -fstack-usage
       -Wl,--gc-sections --specs=nosys.specs -I"$root/include")

sizes() {  # prints "text data bss" of an ELF
  arm-none-eabi-size -A "$1" | awk '
    $1 ~ /^\.text$|^\.rodata$|^\.ARM\.exidx$|^\.init$|^\.fini$/ {t += $2}
    $1 == ".data" {d += $2} $1 == ".bss" {b += $2}
    END {print t+0, d+0, b+0}'
}

printf '%-14s %-16s %8s %8s %8s %s\n' cpu program text data bss "largest stack frame (bytes, function)"
for cpu in cortex-m0plus cortex-m4; do
  out=$work/$cpu && mkdir -p "$out"
  (cd "$out" && arm-none-eabi-g++ "${flags[@]}" -mcpu=$cpu -mthumb "$root/bench/footprint/baseline.cpp" -o baseline.elf)
  read -r bt bd bb < <(sizes "$out/baseline.elf")
  for src in "$root"/bench/footprint/*.cpp; do
    name=$(basename "$src" .cpp)
    [ "$name" = baseline ] && continue
    (cd "$out" && arm-none-eabi-g++ "${flags[@]}" -mcpu=$cpu -mthumb "$src" -o "$name.elf")
    read -r t d b < <(sizes "$out/$name.elf")
    frame=$(cat "$out/$name".elf-*.su | sort -t$'\t' -k2 -n -r | head -1 | awk -F'\t' '{print $2, $1}')
    printf '%-14s %-16s %8d %8d %8d %s\n' "$cpu" "$name" $((t - bt)) $((d - bd)) $((b - bb)) "$frame"
  done
done
echo "(text = .text + .rodata minus the empty baseline program; flags: ${flags[*]} -mthumb)"
