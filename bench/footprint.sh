#!/usr/bin/env bash
# Footprint report (issue 10): builds each bench/footprint/*.cpp for Cortex-M0+, Cortex-M4 and rv32imc
# (issue 22) with the issue's flags and prints .text/.data/.bss minus an empty baseline program and the
# largest stack frame (-fstack-usage); then sizeof of every stateful object on the host, Cortex-M4 and rv32imc.
# rv32imc: Debian ships no libstdc++ for riscv64-unknown-elf, so the C++ headers are arm-none-eabi's
# newlib-configured libstdc++ headers (target-independent templates; nothing of libstdc++ is linked: the
# C driver links) and the C library is picolibc (picolibc-riscv64-unknown-elf).
# Fails if a build fails or a program has .data or .bss of its own (more than the baseline's).
# usage: bench/footprint.sh [WORK_DIR]        (about 15 s on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build/footprint}
command -v arm-none-eabi-g++ >/dev/null || {
  echo "arm-none-eabi-g++ not found: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib"
  exit 1
}
command -v riscv64-unknown-elf-gcc >/dev/null && [ -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ] || {
  echo "riscv64-unknown-elf-gcc or picolibc not found: apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
  exit 1
}
mkdir -p "$work"

# The issue's flags, exactly; the extra ones change no code: -fstack-usage, the project's warnings as
# errors (catching 32-bit size_t conversions the host builds cannot see) and -Wno-psabi (GCC's note
# about a 2017 ABI change for passing spans by value).
flags=(-std=c++17 -Os -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections
       -Wl,--gc-sections --specs=nosys.specs)
warnings=(-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -Wno-psabi)
extra=(-fstack-usage "${warnings[@]}" -I"$root/include")

# rv32imc: the libstdc++ headers of arm-none-eabi (see above), picolibc's C headers, start-up and linker script.
libstdcxx=$(echo /usr/include/newlib/c++/*/ | awk '{print $NF}')
rv_flags=(-x c++ "${flags[@]/--specs=nosys.specs/--specs=picolibc.specs}" -isystem "$libstdcxx" -isystem "$libstdcxx/arm-none-eabi")

compile() {  # <cpu> <args...>: the compiler and flags of that target
  local cpu=$1; shift
  case $cpu in
    rv32imc) riscv64-unknown-elf-gcc "${rv_flags[@]}" -march=rv32imc -mabi=ilp32 "$@" ;;
    *) arm-none-eabi-g++ "${flags[@]}" -mcpu="$cpu" -mthumb "$@" ;;
  esac
}

sizes() {  # "text data bss" of an ELF; text counts code and read-only data (tables) alike
  local tool=arm-none-eabi-size
  [ "$(head -c 20 "$1" | od -An -tu2 -j18 | tr -d ' ')" = 243 ] && tool=riscv64-unknown-elf-size  # e_machine RISC-V
  "$tool" -A "$1" | awk '
    $1 ~ /^\.text$|^\.s?rodata|^\.ARM\.exidx$|^\.ARM\.extab$|^\.init$|^\.fini$/ {t += $2}
    $1 ~ /^\.s?data/ {d += $2} $1 ~ /^\.s?bss/ {b += $2}
    END {print t+0, d+0, b+0}'
}

status=0
printf '%-14s %-12s %7s %5s %5s  %s\n' cpu program text data bss "largest stack frame (bytes, function)"
for cpu in cortex-m0plus cortex-m4 rv32imc; do
  out=$work/$cpu && mkdir -p "$out"
  (cd "$out" && compile $cpu "${extra[@]}" "$root/bench/footprint/baseline.cpp" -o baseline.elf)
  read -r bt bd bb < <(sizes "$out/baseline.elf")
  for src in "$root"/bench/footprint/*.cpp; do
    name=$(basename "$src" .cpp)
    [ "$name" = baseline ] && continue
    rm -f "$out/$name".elf-*.su
    if ! (cd "$out" && compile $cpu "${extra[@]}" "$src" -o "$name.elf"); then
      echo "FAIL: $name does not build for $cpu"; status=1; continue
    fi
    read -r t d b < <(sizes "$out/$name.elf")
    frame=$(cat "$out/$name".elf-*.su | sort -t$'\t' -k2 -n -r | awk -F'\t' 'NR == 1 {f = $1; sub(/^[^:]*:[0-9]+:[0-9]+:/, "", f); gsub(/atmqtt::v0_1::|constexpr /, "", f); print $2, f}')
    printf '%-14s %-12s %7d %5d %5d  %s\n' "$cpu" "$name" $((t - bt)) $((d - bd)) $((b - bb)) "$frame"
    if [ $((d - bd)) -ne 0 ] || [ $((b - bb)) -ne 0 ]; then
      echo "FAIL: $name has .data/.bss of its own on $cpu"; status=1
    fi
  done
done
echo "(text = .text + .rodata + .ARM.exidx minus the empty baseline; arm-none-eabi-g++ ${flags[*]} -mcpu=<cpu> -mthumb;"
echo " rv32imc: riscv64-unknown-elf-gcc -x c++ with the same flags, --specs=picolibc.specs -march=rv32imc -mabi=ilp32)"

# The MQTT codec measured as issue 19 compares it with coreMQTT: Cortex-M4, newlib-nano (nosys.specs still
# provides the system calls), .text + .rodata minus the empty main (memcpy counts, as on coreMQTT's side).
nano=("${flags[@]/--specs=nosys.specs/--specs=nano.specs}" --specs=nosys.specs -mcpu=cortex-m4 -mthumb)
text_rodata() { arm-none-eabi-size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" {t += $2} END {print t+0}'; }
out=$work/cortex-m4-nano && mkdir -p "$out"
echo
printf '%-14s %7s  %s\n' "MQTT, nano" ".text+.rodata" "(Cortex-M4, --specs=nano.specs)"
(cd "$out" && arm-none-eabi-g++ "${nano[@]}" "${extra[@]}" "$root/bench/footprint/baseline.cpp" -o baseline.elf)
base=$(text_rodata "$out/baseline.elf")
for name in mqtt_client mqtt_full; do
  if ! (cd "$out" && arm-none-eabi-g++ "${nano[@]}" "${extra[@]}" "$root/bench/footprint/$name.cpp" -o "$name.elf"); then
    echo "FAIL: $name does not build with nano.specs"; status=1; continue
  fi
  printf '%-14s %7d\n' "$name" $(($(text_rodata "$out/$name.elf") - base))
done

# sizeof report: bench/footprint/sizes/sizes.cpp defines one char[sizeof(T)] per type; nm -S reads them.
echo
printf '%-28s %6s %10s %8s\n' "sizeof" host cortex-m4 rv32imc
sizeof_table() {  # <nm> <object>: "name decimal-size" lines
  "$1" -S "$2" | while read -r _ size _ sym; do
    case $sym in sizeof_*) echo "${sym#sizeof_} $((16#$size))" ;; esac
  done | sort
}
if ! c++ -std=c++17 -I"$root/include" -c "$root/bench/footprint/sizes/sizes.cpp" -o "$work/sizes-host.o" ||
   ! arm-none-eabi-g++ "${flags[@]:0:4}" "${warnings[@]}" -I"$root/include" -mcpu=cortex-m4 -mthumb \
       -c "$root/bench/footprint/sizes/sizes.cpp" -o "$work/sizes-m4.o" ||
   ! riscv64-unknown-elf-gcc -x c++ "${flags[@]:0:4}" --specs=picolibc.specs -isystem "$libstdcxx" -isystem "$libstdcxx/arm-none-eabi" "${warnings[@]}" \
       -I"$root/include" -march=rv32imc -mabi=ilp32 -c "$root/bench/footprint/sizes/sizes.cpp" -o "$work/sizes-rv32imc.o"; then
  echo "FAIL: bench/footprint/sizes/sizes.cpp does not build"; exit 1
fi
join <(sizeof_table nm "$work/sizes-host.o") <(sizeof_table arm-none-eabi-nm "$work/sizes-m4.o") |
  join - <(sizeof_table riscv64-unknown-elf-nm "$work/sizes-rv32imc.o") |
  awk '{printf "%-28s %6d %10d %8d\n", $1, $2, $3, $4}'
exit $status
