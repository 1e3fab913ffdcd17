#!/usr/bin/env bash
# Usage: check_reference.sh GENERATOR DOCS_DIR [FUZZ_DIR]
# Regenerates every dialect reference with GENERATOR (atmqtt_atref) into a temporary directory and fails
# when a committed DOCS_DIR/<dialect>.md differs from what the grammar tables give, is missing, or has
# no dialect any more. To fix: run `GENERATOR DOCS_DIR` and commit the result.
# With FUZZ_DIR, also each vendor dialect's fuzzing dictionary FUZZ_DIR/at_<dialect>.dict: it must begin
# with what `GENERATOR --dict <dialect>` prints (hand-written tokens may follow), and the shared
# FUZZ_DIR/at.dict (the AT core's tokens and every dialect's) must be exactly what `GENERATOR --dict all`
# prints.
set -euo pipefail

if [ $# -ne 2 ] && [ $# -ne 3 ]; then
  echo "usage: $0 GENERATOR DOCS_DIR [FUZZ_DIR]" >&2
  exit 2
fi
generator=$1
docs=$2
fuzz=${3:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$generator" "$tmp"

status=0
shopt -s nullglob
generated=("$tmp"/*.md)
if [ ${#generated[@]} -eq 0 ]; then
  echo "check_reference: $generator produced no reference" >&2
  exit 1
fi
for file in "${generated[@]}"; do
  name=$(basename "$file")
  if [ ! -f "$docs/$name" ]; then
    echo "check_reference: $docs/$name is missing" >&2
    status=1
  elif ! diff -u "$docs/$name" "$file"; then
    echo "check_reference: $docs/$name differs from the tables (diff above: - committed, + generated)" >&2
    status=1
  fi
done
for file in "$docs"/*.md; do
  name=$(basename "$file")
  [ "$name" = "README.md" ] && continue
  if [ ! -f "$tmp/$name" ]; then
    echo "check_reference: $docs/$name has no dialect table behind it" >&2
    status=1
  fi
done
if [ $status -ne 0 ]; then
  echo "check_reference: regenerate with: $generator $docs" >&2
fi
if [ -n "$fuzz" ]; then
  for file in "${generated[@]}"; do
    name=$(basename "$file" .md)
    [ "$name" = test ] && continue
    "$generator" --dict "$name" >"$tmp/$name.dict"
    if ! head -n "$(wc -l <"$tmp/$name.dict")" "$fuzz/at_$name.dict" | diff -u - "$tmp/$name.dict"; then
      echo "check_reference: $fuzz/at_$name.dict differs from the tables; regenerate with:" \
           "$generator --dict $name > $fuzz/at_$name.dict" >&2
      status=1
    fi
  done
  "$generator" --dict all >"$tmp/all.dict"
  if ! diff -u "$fuzz/at.dict" "$tmp/all.dict"; then
    echo "check_reference: $fuzz/at.dict differs from the tables; regenerate with:" \
         "$generator --dict all > $fuzz/at.dict" >&2
    status=1
  fi
fi
exit $status
