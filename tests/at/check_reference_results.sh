#!/usr/bin/env bash
# Usage: check_reference_results.sh GENERATOR
# The generated reference names every command whose later result a line is, not only the first one
# (issue 17: OneMO's "conn" URC also ends AT+MQTTDISC; RisingHF's +IMQTTCONN ends AT+IMQTTDISCONN and
# +IMQTTPUB ends AT+IMQTTPUBIN).
set -euo pipefail
generator=$1
status=0
expect() {  # <dialect> <exact table row>
  local reference
  reference=$("$generator" --print "$1")  # whole, then searched: grep -q stopping early would break the pipe
  if ! grep -qxF -- "$2" <<<"$reference"; then
    echo "check_reference_results: $1 reference lacks: $2" >&2
    status=1
  fi
}
expect onemo '| `+MQTTURC: "conn"` | URC, result of `AT+MQTTCONN`, `AT+MQTTDISC` |  |'
expect risinghf '| `+IMQTTCONN` | URC, result of `AT+IMQTTCONN`, `AT+IMQTTDISCONN` |  |'
expect risinghf '| `+IMQTTPUB` | response, result of `AT+IMQTTPUB`, `AT+IMQTTPUBIN` |  |'
expect risinghf '| `+IMQTTDYNREG` | response, result of `AT+IMQTTDYNREG` |  |'  # two rows, one name
exit $status
