#!/usr/bin/env bash
# `atmqtt modem` end to end, every dialect, against Debian's mosquitto on 127.0.0.1 (a private broker on a
# free port, stopped at the end):   modem_e2e.sh TOOL
# Per dialect (tests/tools/modem_e2e.py): AT commands on the pseudo-terminal open, connect, subscribe and
# publish; mosquitto_sub must receive the payload byte for byte, a mosquitto_pub message must come out as
# the dialect's URC (USR: a data frame). Skips (exit 0 with a note) without mosquitto / mosquitto-clients.
set -uo pipefail
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
for program in mosquitto mosquitto_pub mosquitto_sub python3; do
  if ! command -v "$program" >/dev/null && [ ! -x /usr/sbin/$program ]; then
    echo "SKIP: $program not found (apt-get install mosquitto mosquitto-clients)"; exit 0
  fi
done
broker_exe=$(command -v mosquitto || echo /usr/sbin/mosquitto)
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-modem-XXXXXX")
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
} >"$work/mosquitto.conf"
"$broker_exe" -c "$work/mosquitto.conf" 2>"$work/broker.err" &
broker=$!
for _ in $(seq 200); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.02
done
failures=0
for dialect in quectel onemo risinghf usr; do
  if python3 "$here/modem_e2e.py" "$tool" "$dialect" "$port" "$work"; then
    echo "ok $dialect"
  else
    failures=$((failures + 1))
    cat "$work/modem-$dialect.err"
  fi
done
[ $failures = 0 ] || { echo "$failures dialect(s) failed"; exit 1; }
