# Sourced by the tests that need a broker (cli_pubsub.sh, modem_e2e.sh): skips the test (exit 0 with a
# note) without mosquitto / mosquitto-clients / python3; otherwise makes $work (a temporary folder), starts
# Debian's mosquitto on 127.0.0.1 on a free $port, logging everything to $work/broker.log, waits until it
# listens, and stops it and removes $work when the script exits.
for program in mosquitto mosquitto_pub mosquitto_sub python3; do
  if ! command -v "$program" >/dev/null && [ ! -x /usr/sbin/$program ]; then
    echo "SKIP: $program not found (apt-get install mosquitto mosquitto-clients)"; exit 0
  fi
done
broker_exe=$(command -v mosquitto || echo /usr/sbin/mosquitto)
work=$(mktemp -d "${TMPDIR:-/tmp}/atmqtt-broker-XXXXXX")
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
