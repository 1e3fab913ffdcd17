#!/usr/bin/env bash
# `atmqtt pub|sub --dialect D --device PATH` over a pseudo-terminal: for each dialect the AT client's
# serial plumbing (raw termios, echo, '>' data, late results, message URCs) against a scripted modem
# (scripted_modem.py; not the broker-bridged `atmqtt modem`):   cli_pubsub_at.sh TOOL
# About 2 s.
set -uo pipefail
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-pubsub-at-XXXXXX")
modem=
cleanup() {
  [ -n "$modem" ] && kill "$modem" 2>/dev/null && wait "$modem" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

start_modem() {  # dialect, extra arguments
  [ -n "$modem" ] && kill "$modem" 2>/dev/null && wait "$modem" 2>/dev/null
  rm -f "$work/tty" "$work/published"
  python3 "$here/scripted_modem.py" "$1" "$work/tty" "$work/published" "${@:2}" &
  modem=$!
  for _ in $(seq 200); do [ -e "$work/tty" ] && return 0; sleep 0.01; done
  fail "$1: the scripted modem did not start"
}

printf 'a,"b"\r\nOK\r\n\x00\xff' >"$work/payload"
for dialect in quectel onemo risinghf; do
  for qos in 0 1 2; do
    start_modem "$dialect"
    if ! timeout 20 "$tool" pub --dialect "$dialect" --device "$work/tty" --broker example.org:1883 -t a/b \
        -f "$work/payload" -q "$qos" 2>"$work/err"; then
      fail "$dialect pub -q $qos: $(cat "$work/err")"
    elif ! cmp -s "$work/payload" "$work/published"; then
      fail "$dialect pub -q $qos: the modem got other bytes"
    fi
  done
  start_modem "$dialect" --push 't/1=68656c6c6f' --push 't/2=00ff0d0a'
  out=$(timeout 20 "$tool" sub --dialect "$dialect" --device "$work/tty" --broker example.org:1883 -t 't/#' -q 1 \
        -C 2 -W 10 2>"$work/err")
  expected=$'{"topic":"t/1","payload":"hello"}\n{"topic":"t/2","payload_hex":"00ff0d0a"}'
  [ "$dialect" != risinghf ] && expected=$'{"topic":"t/1","payload":"hello","qos":1}\n{"topic":"t/2","payload_hex":"00ff0d0a","qos":1}'
  [ "$out" = "$expected" ] || fail "$dialect sub printed '$out' ($(cat "$work/err"))"
done
"$tool" pub --dialect quectel --broker h:1 -t t -m x 2>/dev/null
[ $? -eq 2 ] || fail "--dialect without --device is not a usage error"
[ "$failures" -eq 0 ] && echo "all AT pub/sub checks passed"
exit $((failures != 0))
