#!/usr/bin/env bash
# End to end, per dialect: `atmqtt pub --dialect D --device PTY` through the virtual modem `atmqtt modem`
# to Debian's mosquitto, received by mosquitto_sub; and mosquitto_pub received by `atmqtt sub --dialect D`
# through the modem; byte-exact (a payload with a comma, quotes, CR LF, NUL and 0xFF), QoS 0/1/2; the four
# dialects (USR: escape, configuration, restart, data-mode frames).
#   cli_pubsub_modem.sh TOOL [MODEM_TOOL]      (MODEM_TOOL: the binary with `modem`, default TOOL)
# Skips (exit 0 with a note) when mosquitto or `atmqtt modem` is missing. About 5 s.
set -uo pipefail
tool=$1
modem_tool=${2:-$1}
for program in mosquitto mosquitto_pub mosquitto_sub; do
  if ! command -v "$program" >/dev/null && [ ! -x /usr/sbin/$program ]; then
    echo "SKIP: $program not found (apt-get install mosquitto mosquitto-clients)"; exit 0
  fi
done
if ! "$modem_tool" modem --help >/dev/null 2>&1; then
  echo "SKIP: $modem_tool has no 'modem' command (the virtual modems)"; exit 0
fi
broker_exe=$(command -v mosquitto || echo /usr/sbin/mosquitto)
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-e2e-XXXXXX")
broker= modem= sub=
cleanup() {
  for p in $sub $modem $broker; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'user %s\nlistener %s 127.0.0.1\nallow_anonymous true\nlog_dest file %s\nlog_type all\n' \
  "$(id -un)" "$port" "$work/broker.log" >"$work/mosquitto.conf"
"$broker_exe" -c "$work/mosquitto.conf" 2>"$work/broker.err" &
broker=$!
for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.02; done
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
start_modem() {  # dialect
  [ -n "$modem" ] && kill "$modem" 2>/dev/null && wait "$modem" 2>/dev/null
  rm -f "$work/tty"
  "$modem_tool" modem --dialect "$1" --broker 127.0.0.1:"$port" --link "$work/tty" 2>"$work/modem.err" &
  modem=$!
  for _ in $(seq 200); do [ -e "$work/tty" ] && return 0; sleep 0.01; done
  fail "$1: the virtual modem did not start ($(cat "$work/modem.err"))"
}
subscribed() {  # client id [filter]: waits until the broker logged its SUBSCRIBE (of that filter)
  local what="Received SUBSCRIBE from $1"
  [ $# -gt 1 ] && what="$1 [0-2] $2"  # the subscribe log line "<id> <qos> <filter>"
  for _ in $(seq 250); do grep -q "$what" "$work/broker.log" 2>/dev/null && return 0; sleep 0.02; done
  fail "client $1 did not subscribe"; return 1
}

printf 'a,"b"\r\nOK\r\n\x00\xff' >"$work/payload"
for dialect in quectel onemo risinghf usr; do
  # USR restarts into MQTT mode after its configuration; the virtual modem is back at once.
  extra=(); [ "$dialect" = usr ] && extra=(--restart-ms 300)
  for qos in 0 1 2; do
    start_modem "$dialect"
    mosquitto_sub -h 127.0.0.1 -p "$port" -i "e2e-sub-$dialect-$qos" -t "e2e/$dialect" -q 2 -C 1 -N >"$work/got" &
    sub=$!
    subscribed "e2e-sub-$dialect-$qos"
    if ! timeout 30 "$tool" pub --dialect "$dialect" --device "$work/tty" --broker 127.0.0.1:"$port" \
        -i "e2e-pub-$dialect" -t "e2e/$dialect" -f "$work/payload" -q "$qos" "${extra[@]}" 2>"$work/err"; then
      fail "$dialect pub -q $qos: $(cat "$work/err")"
    fi
    timeout 10 tail --pid="$sub" -f /dev/null
    sub=
    cmp -s "$work/payload" "$work/got" || fail "$dialect pub -q $qos: mosquitto_sub got other bytes"
  done
  start_modem "$dialect"
  qos=1; [ "$dialect" = risinghf ] || qos=2
  timeout 30 "$tool" sub --dialect "$dialect" --device "$work/tty" --broker 127.0.0.1:"$port" -i "e2e-asub-$dialect" \
    -t "e2e/in/$dialect" -q "$qos" -C 1 -W 20 "${extra[@]}" >"$work/out" 2>"$work/err" &
  sub=$!
  subscribed "e2e-asub-$dialect" "e2e/in/$dialect" && mosquitto_pub -h 127.0.0.1 -p "$port" -t "e2e/in/$dialect" -q 1 -f "$work/payload"
  wait "$sub" || fail "$dialect sub: $(cat "$work/err")"
  sub=
  grep -q '"payload_hex":"612c2262220d0a4f4b0d0a00ff"' "$work/out" || fail "$dialect sub printed '$(cat "$work/out")'"
done
[ "$failures" -eq 0 ] && echo "all end-to-end checks passed"
exit $((failures != 0))
