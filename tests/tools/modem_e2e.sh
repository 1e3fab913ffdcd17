#!/usr/bin/env bash
# `atmqtt modem` end to end, every dialect, against Debian's mosquitto on 127.0.0.1 (a private broker on a
# free port, stopped at the end):   modem_e2e.sh TOOL
# Per dialect (tests/tools/modem_e2e.py): AT commands on the pseudo-terminal open, connect, subscribe and
# publish; mosquitto_sub must receive the payload byte for byte, a mosquitto_pub message must come out as
# the dialect's URC (USR: a data frame). Skips (exit 0 with a note) without mosquitto / mosquitto-clients.
set -uo pipefail
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/private_mosquitto.sh"
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
