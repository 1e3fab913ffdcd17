#!/bin/sh
# Instructions per operation for a fixed set of MQTT and AT cases, independent of machine load:
# runs bench/count_ops under valgrind --tool=callgrind at n=0 and n=N and prints (Ir(N) - Ir(0)) / N.
# Usage: bench/callgrind.sh <build-dir> [N]   (build the count_ops target first; N defaults to 10000)
set -eu
build=${1:?usage: bench/callgrind.sh <build-dir> [N]}
n=${2:-10000}
driver=$build/bench/count_ops
[ -x "$driver" ] || { echo "build the count_ops target first: cmake --build $build --target count_ops" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

total_ir() {  # total instructions of one run
    valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$driver" "$1" "$2" >/dev/null 2>&1
    callgrind_annotate "$tmp/out" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

printf '%-26s %s\n' case instructions/op
for c in encode_connect encode_publish_qos1_256 decode_publish_qos1_256 encode_subscribe_3 decode_suback_3 \
         frame_publish_qos1_256 tokenize_qmtrecv_1024 decode_qmtrecv_64; do
    base=$(total_ir "$c" 0)
    full=$(total_ir "$c" "$n")
    printf '%-26s %s\n' "$c" "$(( (full - base) / n ))"
done

# The line-heavy Quectel stream (issue 18): one pass per operation, reported per byte of the stream.
bytes=$("$driver" lines_bytes 0)
printf '\n%-26s %s (stream: %s bytes)\n' case instructions/byte "$bytes"
for c in lines_tokenize_whole lines_tokenize_64 lines_tokenize_1 lines_full_whole lines_full_64 lines_full_1; do
    base=$(total_ir "$c" 0)
    full=$(total_ir "$c" "$n")
    printf '%-26s %s\n' "$c" "$(awk -v d="$((full - base))" -v n="$n" -v b="$bytes" 'BEGIN { printf "%.1f", d / n / b }')"
done
