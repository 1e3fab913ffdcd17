#!/usr/bin/env bash
# The POSIX examples end to end: each dialect's program on the pseudo-terminal of `atmqtt modem` (the
# virtual modem, bridged to a private mosquitto on 127.0.0.1), and the TCP program (the raw session) on
# that mosquitto: connect, subscribe, publish, the message back from the broker, disconnect; the program
# must print exactly the message.
#   e2e.sh ATMQTT_TOOL EXAMPLE_DIR       (EXAMPLE_DIR holds atmqtt_example_<dialect>)
# Skips (exit 0 with a note) when mosquitto is missing. About 3 s.
set -uo pipefail
tool=$1
dir=$2
broker_exe=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$broker_exe" ] || { echo "SKIP: mosquitto not found (apt-get install mosquitto)"; exit 0; }
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-example-XXXXXX")
broker= modem=
cleanup() {
  for p in $modem $broker; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'user %s\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$(id -un)" "$port" >"$work/mosquitto.conf"
"$broker_exe" -c "$work/mosquitto.conf" 2>"$work/broker.err" &
broker=$!
for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.02; done
failures=0
# check NAME PROGRAM ARGS...: the program must exit 0 and print exactly its message
check() {
  local name=$1 message="hello, \"$1\" example"
  shift
  if ! timeout 40 "$@" -i "example-$name" -t "example/$name" -m "$message" >"$work/out" 2>"$work/err"; then
    echo "FAIL: $name: $(cat "$work/err")"; failures=$((failures + 1))
  elif [ "$(cat "$work/out")" != "$message" ]; then
    echo "FAIL: $name printed '$(cat "$work/out")'"; failures=$((failures + 1))
  fi
}
for dialect in quectel onemo risinghf usr; do
  rm -f "$work/tty"
  "$tool" modem --dialect "$dialect" --broker 127.0.0.1:"$port" --link "$work/tty" 2>"$work/modem.err" &
  modem=$!
  for _ in $(seq 200); do [ -e "$work/tty" ] && break; sleep 0.01; done
  check "$dialect" "$dir/atmqtt_example_$dialect" --device "$work/tty" --baud 115200 --broker 127.0.0.1:"$port"
  kill "$modem" 2>/dev/null && wait "$modem" 2>/dev/null
  modem=
done
check tcp "$dir/atmqtt_example_tcp" --broker 127.0.0.1:"$port"
[ "$failures" -eq 0 ] && echo "every example passed"
exit $((failures != 0))
