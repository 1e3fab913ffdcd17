#!/usr/bin/env bash
# Golden tests of `atmqtt at ...` (through the `test` dialect):   cli_at.sh TOOL
# Each directory under golden_at/ is one case, in the format golden_runner.sh describes.
# Also, every `at decode` case with an expected file is run again with --chunk 1, 2, 3 and 7: the output
# must not depend on how the input is cut.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/golden_runner.sh"

same_output_for_every_chunking() {
    if [ "${words[0]:-}" = at ] && [ "${words[1]:-}" = decode ] && [ -f "$dir/expected" ] &&
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
}

golden_main "$@" "$here/golden_at" same_output_for_every_chunking
