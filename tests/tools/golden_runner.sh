# Shared by cli_mqtt.sh and cli_at.sh (sourced, not run): runs every case directory of a golden folder
# through the tool and checks exit status, stdout and stderr.
#
# A case directory holds:
#   args              the command line after the program name, words separated by spaces; @INPUT stands
#                     for the path of the input file, and without @INPUT the input is fed on stdin
#   input             the input, byte for byte (a modem log with CR LF, hex text, JSON lines, ...), or
#   input-binary.hex  hex text ('#' comments, whitespace ignored) turned into raw bytes before the run
#   expected          the exact stdout; when absent, stdout only has to be non-empty (usage texts)
#   status            the exit status (0 when absent)
# stderr must be empty when the status is 0 or 1, and must say something when it is 2.
#
# golden_main TOOL GOLDEN_DIR EXTRA_CHECK: EXTRA_CHECK is a function called after the common checks pass,
# with these variables set: dir name work input stdin words[] args[] expected_status; it sets ok=0 on failure.
set -uo pipefail

# hex text -> bytes: drop '#' comments and whitespace.
unhex() { perl -0777 -ne 's/#[^\n]*//g; s/\s+//g; print pack("H*", $_)' "$1"; }

fail() { echo "FAIL $1: $2"; }

golden_main() {
    if [ $# -ne 3 ]; then
        echo "usage: $0 TOOL" >&2
        exit 2
    fi
    tool=$1
    case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
    local golden=$2 extra_check=$3 passed=0 failed=0
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT

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
        local status=$?
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

        [ "$ok" = 1 ] && "$extra_check"

        if [ "$ok" = 1 ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    done

    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}
