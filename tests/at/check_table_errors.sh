#!/usr/bin/env bash
# Usage: check_table_errors.sh CXX INCLUDE_DIR
# Proves that malformed grammar tables fail to compile, with the table_error named in the diagnostic:
# builds tests/at/bad_tables.cpp once per case. Case 0 (a well-formed table) must compile.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 CXX INCLUDE_DIR" >&2
  exit 2
fi
cxx=$1
include=$2
src=$(dirname "$0")/bad_tables.cpp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(-std=c++17 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Wconversion -Wshadow -I"$include")

status=0
if ! "$cxx" "${flags[@]}" -DBAD_TABLE=0 "$src" 2>"$tmp/0.txt"; then
  echo "check_table_errors: the well-formed table does not compile:" >&2
  cat "$tmp/0.txt" >&2
  status=1
fi
cases=(
  "1 duplicate_field"
  "2 min_above_max"
  "3 default_outside_range"
  "4 length_past_fields"
  "5 duplicate_command"
  "6 deferred_not_marked"
  "7 bad_repeat"
  "8 payload_in_command"
)
for c in "${cases[@]}"; do
  set -- $c
  n=$1 expected=$2
  if "$cxx" "${flags[@]}" -DBAD_TABLE="$n" "$src" 2>"$tmp/$n.txt"; then
    echo "check_table_errors: case $n ($expected) compiled, but its table is malformed" >&2
    status=1
  elif ! grep -q "malformed AT grammar table" "$tmp/$n.txt" || ! grep -q "table_error::$expected" "$tmp/$n.txt"; then
    echo "check_table_errors: case $n failed to compile, but not naming table_error::$expected:" >&2
    head -20 "$tmp/$n.txt" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check_table_errors: ${#cases[@]} malformed tables rejected, the well-formed one accepted"
exit $status
