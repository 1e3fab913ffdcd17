#!/usr/bin/env bash
# A long run of one libFuzzer target, as recorded in docs/fuzzing.md ("Long runs"): runs it for SECONDS on
# a scratch copy of its seed corpus, prints one markdown table row (executions, time, exec/s, coverage and
# corpus at start and end, findings), and merges the new units of up to 4 KiB into fuzz/corpus/<name>/ as
# run-<sha1> files so that the replay tests cover them.
# usage: fuzz/long-run.sh BUILD_DIR NAME [SECONDS]      e.g. fuzz/long-run.sh build/fuzz at_quectel 600
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 name=$2 seconds=${3:-600}
exe=$build/fuzz/fuzz_$name
work=$(mktemp -d "/tmp/long-run-$name.XXXX")
mkdir -p "$work/corpus" "$work/artifacts" "$work/new"
cp -r fuzz/corpus/"$name"/. "$work/corpus/"
dict=()
if [ -f fuzz/"$name".dict ]; then dict=(-dict=fuzz/"$name".dict)
elif [ -f fuzz/"${name%%_*}".dict ]; then dict=(-dict=fuzz/"${name%%_*}".dict); fi

findings=none
start=$SECONDS
"$exe" "$work/corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 >"$work/log.txt" 2>&1 || findings="see $work"
elapsed=$((SECONDS - start))

log=$work/log.txt
final_stat() { grep -E "^stat::$1:" "$log" | awk '{print $2}'; }
line_of() { grep -E "#[0-9]+[[:space:]]+$1" "$log" | tail -1; }
init=$(line_of INITED) last=$(grep -E '#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|DONE)' "$log" | tail -1)
get() { echo "$1" | grep -oE "$2: *[0-9]+[a-zA-Z]*" | grep -oE '[0-9]+[a-zA-Z]*' | head -1; }
corpus() { echo "$1" | grep -oE 'corp: *[0-9]+/[0-9]+[a-zA-Z]*' | sed 's/corp: *//; s#/# (#; s/$/)/'; }
execs=$(final_stat number_of_executed_units)
printf '| `fuzz_%s` | %s | %d s | %s | %s -> %s | %s -> %s | %s -> %s | %s |\n' "$name" \
    "$execs" "$elapsed" "$(final_stat average_exec_per_sec)" \
    "$(get "$init" cov)" "$(get "$last" cov)" "$(get "$init" ft)" "$(get "$last" ft)" \
    "$(corpus "$init")" "$(corpus "$last")" "$findings"
[ "$findings" = none ] || { tail -40 "$log" >&2; exit 1; }

# Keep what the run found: the units that add coverage to the seeds (a merge into a copy of them), up
# to 4 KiB each.
mkdir -p "$work/merged" && cp -r fuzz/corpus/"$name"/. "$work/merged/"
"$exe" -merge=1 "$work/merged" "$work/corpus" >/dev/null 2>&1
added=0
for f in "$work/merged"/*; do
  base=${f##*/}
  [ -e fuzz/corpus/"$name"/"$base" ] && continue
  [ "$(wc -c <"$f")" -le 4096 ] || continue
  cp "$f" fuzz/corpus/"$name"/run-"$base"
  added=$((added + 1))
done
echo "($added new units of <= 4 KiB kept in fuzz/corpus/$name/)" >&2
rm -rf "$work"
