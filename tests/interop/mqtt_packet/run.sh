#!/usr/bin/env bash
# Cross-check of the atmqtt tool against the npm package mqtt-packet (see check.js for what is checked).
#   run.sh TOOL WORKDIR
# Installs the pinned mqtt-packet into WORKDIR/node_modules unless that version is already there, then runs
# check.js. Needs node and npm; the first run needs the npm registry. Environment: ATMQTT_INTEROP_SEED,
# ATMQTT_INTEROP_COUNT (see check.js).
set -euo pipefail

MQTT_PACKET_VERSION=9.0.2

if [ $# -ne 2 ]; then
    echo "usage: $0 TOOL WORKDIR" >&2
    exit 2
fi
tool=$1
workdir=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
if [ ! -x "$tool" ]; then
    echo "run.sh: $tool is not an executable" >&2
    exit 2
fi
for program in node npm; do
    if ! command -v "$program" >/dev/null; then
        echo "run.sh: $program not found; install Node.js (v18 or newer) and npm" >&2
        exit 1
    fi
done

mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
installed=$(node -e 'try { console.log(require(process.argv[1]).version) } catch (e) { console.log("") }' \
    "$workdir/node_modules/mqtt-packet/package.json")
if [ "$installed" != "$MQTT_PACKET_VERSION" ]; then
    echo "installing mqtt-packet@$MQTT_PACKET_VERSION into $workdir"
    npm install --prefix "$workdir" --no-audit --no-fund --loglevel=error "mqtt-packet@$MQTT_PACKET_VERSION"
fi

exec node "$here/check.js" "$tool" "$workdir"
