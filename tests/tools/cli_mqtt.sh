#!/usr/bin/env bash
# Golden tests of `atmqtt mqtt ...`:   cli_mqtt.sh TOOL
#
# Each directory under golden/ is one case:
#   args              the command line after the program name, words separated by spaces; @INPUT stands
#                     for the path of the input file, and without @INPUT the input is fed on stdin
#   input             the input, byte for byte (hex text, JSON lines, ...), or
#   input-binary.hex  hex text ('#' comments, whitespace ignored) turned into raw bytes before the run
#   expected          the exact stdout; when absent, stdout only has to be non-empty (usage texts)
#   status            the exit status (0 when absent)
# stderr must be empty when the status is 0 or 1, and must say something when it is 2.
#
# Also, every successful decode is checked to round-trip: encoding its expected output at the same level
# must give back the input bytes.
set -uo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 TOOL" >&2
    exit 2
fi
tool=$1
case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
golden=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# hex text -> bytes: drop '#' comments and whitespace.
unhex() { perl -0777 -ne 's/#[^\n]*//g; s/\s+//g; print pack("H*", $_)' "$1"; }

passed=0
failed=0
fail() { echo "FAIL $1: $2"; }

for dir in "$golden"/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    work=$tmp/$name
    mkdir -p "$work"

    input=/dev/null
    if [ -f "$dir/input" ]; then
        input=$dir/input
    elif [ -f "$dir/input-binary.hex" ]; then
        input=$work/input.bin
        unhex "$dir/input-binary.hex" >"$input"
    fi

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

    # Round trip: decode's expected output, encoded again at the same level, is the input.
    if [ "$ok" = 1 ] && [ "$expected_status" = 0 ] && [ "${words[0]:-}" = mqtt ] && [ "${words[1]:-}" = decode ] &&
        [ -s "$dir/expected" ]; then
        level=4
        hex=0
        for ((i = 2; i < ${#words[@]}; i++)); do
            case ${words[i]} in
                --hex) hex=1 ;;
                --level) level=${words[i + 1]} ;;
                --level=*) level=${words[i]#--level=} ;;
            esac
        done
        if [ "$hex" = 1 ]; then
            unhex "$input" >"$work/original.bin"
        else
            cp "$input" "$work/original.bin"
        fi
        if ! "$tool" mqtt encode --level "$level" "$dir/expected" >"$work/reencoded.hex" 2>&1; then
            fail "$name" "round trip: encoding the expected output failed: $(head -c 300 "$work/reencoded.hex")"
            ok=0
        elif ! unhex "$work/reencoded.hex" | cmp -s - "$work/original.bin"; then
            fail "$name" "round trip: encoding the expected output does not give the input bytes back"
            echo "  input:      $(od -An -tx1 -v "$work/original.bin" | tr -d ' \n' | cut -c1-200)"
            echo "  re-encoded: $(tr -d '\n' <"$work/reencoded.hex" | cut -c1-200)"
            ok=0
        fi
    fi

    if [ "$ok" = 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
