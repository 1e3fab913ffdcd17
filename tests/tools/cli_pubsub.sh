#!/usr/bin/env bash
# `atmqtt pub` / `atmqtt sub` against Debian's mosquitto on 127.0.0.1 (a private broker on a free port,
# stopped at the end), cross-checked with mosquitto_pub / mosquitto_sub:   cli_pubsub.sh TOOL
# About 3 s. Skips (exit 0 with a note) when mosquitto or mosquitto-clients are not installed.
set -uo pipefail
tool=$1
for program in mosquitto mosquitto_pub mosquitto_sub; do
  if ! command -v "$program" >/dev/null && [ ! -x /usr/sbin/$program ]; then
    echo "SKIP: $program not found (apt-get install mosquitto mosquitto-clients)"; exit 0
  fi
done
broker_exe=$(command -v mosquitto || echo /usr/sbin/mosquitto)
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-pubsub-XXXXXX")
broker=
cleanup() {
  [ -n "$broker" ] && kill "$broker" 2>/dev/null && wait "$broker" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
  echo "user $(id -un)"
  echo "listener $port 127.0.0.1"
  echo "allow_anonymous true"
  echo "log_dest file $work/broker.log"
  echo "log_type all"
} >"$work/mosquitto.conf"
"$broker_exe" -c "$work/mosquitto.conf" 2>"$work/broker.err" &
broker=$!
for _ in $(seq 200); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.02
done

failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
# Waits until the broker logged a SUBSCRIBE from client $1.
subscribed() {
  for _ in $(seq 250); do grep -q "Received SUBSCRIBE from $1" "$work/broker.log" 2>/dev/null && return 0; sleep 0.02; done
  fail "client $1 did not subscribe"; return 1
}
B=127.0.0.1:$port

# mosquitto_pub -> atmqtt sub: QoS 0, 1, 2, a binary payload, an empty one.
printf 'bin\000\377' >"$work/binary"
"$tool" sub --broker "$B" -i s1 -t 'a/#' -q 2 -C 5 -W 5 >"$work/sub.out" 2>"$work/sub.err" &
sub=$!
subscribed s1
mosquitto_pub -p "$port" -h 127.0.0.1 -t a/0 -m 'zero "quoted"' -q 0
mosquitto_pub -p "$port" -h 127.0.0.1 -t a/1 -m 'one' -q 1
mosquitto_pub -p "$port" -h 127.0.0.1 -t a/2 -m 'two' -q 2
mosquitto_pub -p "$port" -h 127.0.0.1 -t a/b -f "$work/binary" -q 1
mosquitto_pub -p "$port" -h 127.0.0.1 -t a/e -n
wait $sub; status=$?
expected='{"topic":"a/0","payload":"zero \"quoted\""}
{"topic":"a/1","payload":"one","qos":1}
{"topic":"a/2","payload":"two","qos":2}
{"topic":"a/b","payload_hex":"62696e00ff","qos":1}
{"topic":"a/e","payload":""}'
[ $status = 0 ] || fail "atmqtt sub exited $status: $(cat "$work/sub.err")"
[ "$(cat "$work/sub.out")" = "$expected" ] || fail "atmqtt sub printed:
$(cat "$work/sub.out")"

# atmqtt pub -> mosquitto_sub, byte for byte (-N: no newline added). The subscription is QoS 1: mosquitto_sub
# hands a QoS 2 message over only after PUBCOMP, which could reorder the lines.
mosquitto_sub -p "$port" -h 127.0.0.1 -i m1 -t 'b/#' -q 1 -C 4 -W 5 -N -F '%t=%p|' >"$work/msub.out" &
msub=$!
subscribed m1
"$tool" pub --broker "$B" -t b/0 -m zero || fail "pub QoS 0 exited $?"
"$tool" pub --broker "$B" -t b/1 -m one -q 1 || fail "pub QoS 1 exited $?"
"$tool" pub --broker "$B" -t b/2 -f "$work/binary" -q 2 || fail "pub QoS 2 exited $?"
printf 'from stdin' | "$tool" pub --broker "$B" -t b/3 -f - -q 1 -k 5 -c -i keep || fail "pub -f - exited $?"
wait $msub
printf 'b/0=zero|b/1=one|b/2=bin\000\377|b/3=from stdin|' | cmp -s - "$work/msub.out" ||
  fail "mosquitto_sub received: $(od -c "$work/msub.out" | head -5)"

# Errors: timeout, refused connection, bad command lines.
"$tool" sub --broker "$B" -t none -C 1 -W 1 >/dev/null 2>"$work/err"; status=$?
[ $status = 1 ] && grep -q timeout "$work/err" || fail "sub -W 1 without messages: status $status, $(cat "$work/err")"
"$tool" pub --broker 127.0.0.1:1 -t x -m y 2>"$work/err"; status=$?
[ $status = 1 ] && grep -q "cannot connect" "$work/err" || fail "pub to a closed port: status $status, $(cat "$work/err")"
"$tool" pub --broker "$B" -t x 2>/dev/null; [ $? = 2 ] || fail "pub without -m/-f must exit 2"
"$tool" pub --broker "$B" -t 'x/#' -m y 2>"$work/err"; status=$?
[ $status = 1 ] && grep -q mqtt_wildcard_in_topic_name "$work/err" || fail "pub to a filter: status $status, $(cat "$work/err")"
"$tool" sub --broker "$B" -t x --dialect quectel 2>/dev/null; [ $? = 2 ] || fail "--dialect must exit 2 for now"

if [ $failures -ne 0 ]; then
  echo "--- broker log (tail)"; tail -30 "$work/broker.log"
  exit 1
fi
echo "cli_pubsub: all checks passed"
