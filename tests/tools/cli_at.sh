#!/usr/bin/env bash
# Golden tests of `atmqtt at ...` (through the `test` dialect):   cli_at.sh TOOL
#
# Each directory under golden_at/ is one case:
#   args      the command line after the program name, words separated by spaces; @INPUT stands for the
#             path of the input file, and without @INPUT the input is fed on stdin
#   input     the input, byte for byte (a modem log with CR LF, JSON lines, ...); /dev/null when absent
#   expected  the exact stdout; when absent, stdout only has to be non-empty (usage texts)
#   status    the exit status (0 when absent)
# stderr must be empty when the status is 0 or 1, and must say something when it is 2.
#
# Also, every `at decode` case with an expected file is run again with --chunk 1, 2, 3 and 7: the output
# must not depend on how the input is cut.
set -uo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 TOOL" >&2
    exit 2
fi
tool=$1
case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
golden=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/golden_at
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
fail() { echo "FAIL $1: $2"; }

for dir in "$golden"/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    work=$tmp/$name
    mkdir -p "$work"

    input=/dev/null
    [ -f "$dir/input" ] && input=$dir/input

    read -r -a words <"$dir/args" || true
    args=()
    stdin=$input
    for word in ${words[@]+"${words[@]}"}; do
        if [ "$word" = @INPUT ]; then
            args+=("$input")
            stdin=/dev/null
        else
            args+=("$word")
        fi
    done

    "$tool" ${args[@]+"${args[@]}"} <"$stdin" >"$work/stdout" 2>"$work/stderr"
    status=$?
    expected_status=0
    [ -f "$dir/status" ] && expected_status=$(tr -d '[:space:]' <"$dir/status")

    ok=1
    if [ "$status" != "$expected_status" ]; then
        fail "$name" "exit status $status, expected $expected_status"
        ok=0
    fi
    if [ -f "$dir/expected" ]; then
        if ! cmp -s "$dir/expected" "$work/stdout"; then
            fail "$name" "stdout differs (--- expected, +++ actual)"
            diff -u "$dir/expected" "$work/stdout" | head -n 40 | cut -c1-300
            ok=0
        fi
    elif [ ! -s "$work/stdout" ]; then
        fail "$name" "no output on stdout"
        ok=0
    fi
    if [ "$expected_status" = 2 ] && [ ! -s "$work/stderr" ]; then
        fail "$name" "no message on stderr"
        ok=0
    elif [ "$expected_status" != 2 ] && [ -s "$work/stderr" ]; then
        fail "$name" "unexpected stderr: $(head -c 300 "$work/stderr")"
        ok=0
    fi

    # Chunking: the same events whatever the feed size.
    if [ "$ok" = 1 ] && [ "${words[0]:-}" = at ] && [ "${words[1]:-}" = decode ] && [ -f "$dir/expected" ] &&
        [ "$expected_status" != 2 ]; then
        for chunk in 1 2 3 7; do
            "$tool" ${args[@]+"${args[@]}"} --chunk "$chunk" <"$stdin" >"$work/chunked" 2>&1
            if ! cmp -s "$dir/expected" "$work/chunked"; then
                fail "$name" "output with --chunk $chunk differs"
                diff -u "$dir/expected" "$work/chunked" | head -n 20 | cut -c1-300
                ok=0
                break
            fi
        done
    fi

    if [ "$ok" = 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
