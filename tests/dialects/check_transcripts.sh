#!/usr/bin/env bash
# Checks one dialect of `atmqtt at` against its test vectors:
#     check_transcripts.sh TOOL DIALECT TRANSCRIPT_DIR COMMAND_DIR
#
# - decode: for every TRANSCRIPT_DIR/DIALECT_*.log that has a DIALECT_*.expected.jsonl beside it, runs
#   `TOOL at decode --dialect DIALECT` on the whole file and with --chunk 1, 3 and 64; each output must equal
#   the expected file byte for byte (a diff is printed on mismatch). The exit status of decode is not
#   checked: error events are part of the expected output.
# - data-mode frames: for every TRANSCRIPT_DIR/DIALECT_frames_*_MODE_DIR.txt (DIR: up or down) that has a
#   .expected.jsonl beside it, runs `TOOL at decode --dialect DIALECT --data-mode MODE --direction DIR`
#   the same way (whole file and --chunk 1, 3, 64; one frame per line). Dialects without such files
#   are not affected.
# - encode: for every line of COMMAND_DIR/DIALECT_*.jsonl that has a "bytes" member, runs
#   `TOOL at encode --dialect DIALECT` on that line; stdout must be exactly those bytes and a newline.
# Exit status: 0 when everything matched, 1 on any mismatch, 2 on bad usage or when no vector exists.
set -uo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TOOL DIALECT TRANSCRIPT_DIR COMMAND_DIR" >&2
    exit 2
fi
tool=$1
dialect=$2
transcripts=$3
commands=$4
case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
checked=0

for log in "$transcripts/${dialect}"_*.log; do
    [ -e "$log" ] || continue
    expected=${log%.log}.expected.jsonl
    [ -f "$expected" ] || continue
    checked=$((checked + 1))
    name=$(basename "${log%.log}")
    for chunk in whole 1 3 64; do
        if [ "$chunk" = whole ]; then
            "$tool" at decode --dialect "$dialect" "$log" >"$tmp/out" 2>"$tmp/err"
        else
            "$tool" at decode --dialect "$dialect" --chunk "$chunk" "$log" >"$tmp/out" 2>"$tmp/err"
        fi
        status=$?
        if [ $status -gt 1 ] || ! cmp -s "$expected" "$tmp/out"; then
            echo "FAIL decode $name (chunk $chunk, exit $status)"
            cat "$tmp/err"
            diff -u "$expected" "$tmp/out" | head -40
            failed=$((failed + 1))
            break  # the other chunk sizes would repeat the same diff
        fi
        passed=$((passed + 1))
    done
done

for frames in "$transcripts/${dialect}"_frames_*.txt; do
    [ -e "$frames" ] || continue
    expected=${frames%.txt}.expected.jsonl
    [ -f "$expected" ] || continue
    checked=$((checked + 1))
    name=$(basename "${frames%.txt}")
    direction=${name##*_}  # ..._MODE_DIR
    rest=${name%_*}
    mode=${rest##*_}
    case $direction in
        up | down) ;;
        *) echo "FAIL frames $name: the name does not end in _MODE_up or _MODE_down"; failed=$((failed + 1)); continue ;;
    esac
    for chunk in whole 1 3 64; do
        if [ "$chunk" = whole ]; then
            "$tool" at decode --dialect "$dialect" --data-mode "$mode" --direction "$direction" "$frames" >"$tmp/out" 2>"$tmp/err"
        else
            "$tool" at decode --dialect "$dialect" --data-mode "$mode" --direction "$direction" --chunk "$chunk" "$frames" \
                >"$tmp/out" 2>"$tmp/err"
        fi
        status=$?
        if [ $status -gt 1 ] || ! cmp -s "$expected" "$tmp/out"; then
            echo "FAIL frames $name (--data-mode $mode --direction $direction, chunk $chunk, exit $status)"
            cat "$tmp/err"
            diff -u "$expected" "$tmp/out" | head -40
            failed=$((failed + 1))
            break
        fi
        passed=$((passed + 1))
    done
done

for file in "$commands/${dialect}"_*.jsonl; do
    [ -e "$file" ] || continue
    name=$(basename "$file")
    lineno=0
    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        [ -n "$line" ] || continue
        # The expected bytes (JSON-unescaped, so "\r" is the real CR), or nothing when the line has none.
        printf '%s' "$line" | perl -MJSON::PP -0777 -ne \
            'my $o = JSON::PP->new->utf8->decode($_); if (exists $o->{bytes}) { binmode STDOUT; print $o->{bytes}, "\n"; exit 0 } exit 3' \
            >"$tmp/want" 2>"$tmp/perl"
        case $? in
            0) ;;
            3) continue ;;
            *) echo "FAIL encode $name:$lineno: the line is not valid JSON"; cat "$tmp/perl"; failed=$((failed + 1)); continue ;;
        esac
        checked=$((checked + 1))
        printf '%s\n' "$line" | "$tool" at encode --dialect "$dialect" >"$tmp/out" 2>"$tmp/err"
        status=$?
        if [ $status -ne 0 ] || ! cmp -s "$tmp/want" "$tmp/out"; then
            echo "FAIL encode $name:$lineno (exit $status)"
            echo "  input:    $line"
            echo "  expected: $(od -An -c "$tmp/want" | tr -s ' ' | tr -d '\n')"
            echo "  got:      $(od -An -c "$tmp/out" | tr -s ' ' | tr -d '\n')"
            cat "$tmp/err"
            failed=$((failed + 1))
            continue
        fi
        passed=$((passed + 1))
    done <"$file"
done

if [ $checked -eq 0 ]; then
    echo "no test vectors for dialect '$dialect' in $transcripts or $commands" >&2
    exit 2
fi
echo "$dialect: $passed passed, $failed failed"
[ $failed -eq 0 ]
