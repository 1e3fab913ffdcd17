#!/usr/bin/env bash
# The example firmware end to end on QEMU's mps2-an386: its UART0 is the pseudo-terminal of `atmqtt modem`,
# bridged to a private mosquitto on 127.0.0.1. The firmware connects, subscribes to atmqtt/fw/down and
# publishes to atmqtt/fw/up; mosquitto_sub must get that payload byte for byte, and a mosquitto_pub message
# on atmqtt/fw/down must reach the firmware, which then exits 0 through semihosting.
#   firmware_e2e.sh QEMU FIRMWARE_ELF DIALECT SOURCE_DIR BINARY_DIR
# The host's `atmqtt` tool (for `atmqtt modem`): $ATMQTT_HOST_TOOL, else SOURCE_DIR/build/default's, else
# built with the host compiler into BINARY_DIR/host-tool (the qemu-m4 build is a cross build). Skips (exit 0
# with a note) without mosquitto / mosquitto-clients. The run itself is bounded at 45 s.
set -uo pipefail
qemu=$1 elf=$2 dialect=$3 src=$4 bin=$5

source "$src/tests/tools/private_mosquitto.sh"
modem= sub= fw= feeder=
stop_all() {
  for p in $feeder $fw $sub $modem; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  cleanup
}
trap stop_all EXIT

has_modem() { [ -x "$1" ] && "$1" modem --help >/dev/null 2>&1; }
tool=${ATMQTT_HOST_TOOL:-}
if [ -z "$tool" ] || ! has_modem "$tool"; then
  tool=
  for candidate in "$src/build/default/tools/atmqtt" "$bin/host-tool/tools/atmqtt"; do
    has_modem "$candidate" && { tool=$candidate; break; }
  done
fi
if [ -z "$tool" ]; then
  echo "building the host atmqtt tool in $bin/host-tool"
  env -u CC -u CXX cmake -S "$src" -B "$bin/host-tool" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DATMQTT_BUILD_TESTS=OFF -DATMQTT_BUILD_TOOLS=ON -DATMQTT_BUILD_BENCHMARKS=OFF \
      -DATMQTT_BUILD_FUZZERS=OFF -DATMQTT_INSTALL=OFF >"$bin/host-tool.log" 2>&1 &&
    nice cmake --build "$bin/host-tool" --target atmqtt_cli >>"$bin/host-tool.log" 2>&1 ||
    { echo "FAIL: could not build the host atmqtt tool:"; tail -20 "$bin/host-tool.log"; exit 1; }
  tool=$bin/host-tool/tools/atmqtt
fi

"$tool" modem --dialect "$dialect" --broker 127.0.0.1:"$port" --link "$work/modem" 2>"$work/modem.err" &
modem=$!
for _ in $(seq 200); do [ -e "$work/modem" ] && break; sleep 0.01; done
[ -e "$work/modem" ] || { echo "FAIL: atmqtt modem did not start: $(cat "$work/modem.err")"; exit 1; }

mosquitto_sub -h 127.0.0.1 -p "$port" -i fw-e2e-sub -t atmqtt/fw/up -q 1 -C 1 -N -W 45 >"$work/got" &
sub=$!
for _ in $(seq 250); do grep -q "Received SUBSCRIBE from fw-e2e-sub" "$work/broker.log" 2>/dev/null && break; sleep 0.02; done

timeout 45 "$qemu" -M mps2-an386 -nographic -monitor none \
  -semihosting-config enable=on,target=native \
  -chardev serial,id=modem,path="$work/modem" -serial chardev:modem \
  -kernel "$elf" >"$work/firmware.out" 2>"$work/qemu.err" &
fw=$!

# Publish to the firmware once the broker has its SUBSCRIBE, again every 0.5 s until it exits (a QoS 0
# message sent before the subscription took effect would be lost).
(
  until grep -q "Received SUBSCRIBE from atmqtt-fw" "$work/broker.log" 2>/dev/null; do sleep 0.1; done
  while :; do
    mosquitto_pub -h 127.0.0.1 -p "$port" -i fw-e2e-pub -t atmqtt/fw/down -q 1 -m "ping to the firmware"
    sleep 0.5
  done
) &
feeder=$!

wait "$fw"
status=$?
fw=
kill "$feeder" 2>/dev/null && wait "$feeder" 2>/dev/null
feeder=
timeout 5 tail --pid="$sub" -f /dev/null
cat "$work/firmware.out"
failures=0
if [ "$status" -ne 0 ]; then
  echo "FAIL: the firmware exited with $status"
  cat "$work/qemu.err" "$work/modem.err"
  failures=1
fi
printf 'hello, "broker" from a Cortex-M4' | cmp -s - "$work/got" ||
  { echo "FAIL: mosquitto_sub got '$(cat "$work/got")'"; failures=1; }
grep -q "message on atmqtt/fw/down: ping to the firmware" "$work/firmware.out" ||
  { echo "FAIL: the firmware did not report the message"; failures=1; }
[ "$failures" -eq 0 ] && echo "firmware end to end ($dialect): passed"
exit "$failures"
