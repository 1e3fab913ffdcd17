#!/usr/bin/env bash
# Golden tests of `atmqtt mqtt ...`:   cli_mqtt.sh TOOL
# Each directory under golden/ is one case, in the format golden_runner.sh describes.
# Also, every successful decode is checked to round-trip: encoding its expected output at the same level
# must give back the input bytes.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/golden_runner.sh"

decode_round_trips() {
    if [ "$expected_status" = 0 ] && [ "${words[0]:-}" = mqtt ] && [ "${words[1]:-}" = decode ] &&
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
}

golden_main "$@" "$here/golden" decode_round_trips
