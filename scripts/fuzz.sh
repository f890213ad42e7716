#!/usr/bin/env bash
# fuzz.sh [--keep] SECONDS HARNESS...: runs each libFuzzer harness for SECONDS, two at a time,
# over its corpus t/fuzz/corpus/<name without fuzz_>, and prints one TAP line per harness.
# New inputs go to a scratch directory, or into the corpus itself with --keep (`make fuzz`).
# A crash leaves its input in build/fuzz/crash-<harness>-*.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
keep=0
if [ "${1:-}" = "--keep" ]; then keep=1; shift; fi
seconds=${1:?usage: fuzz.sh [--keep] SECONDS HARNESS...}
shift
[ $# -gt 0 ] || { echo "fuzz.sh: no harness given (make fuzz-build)" >&2; exit 2; }
scratch=$(mktemp -d /tmp/kp-fuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

run_one() { # harness -> writes $scratch/<name>.result
    local bin=$1 name corpus new
    name=$(basename "$bin")
    corpus="$top/t/fuzz/corpus/${name#fuzz_}"
    mkdir -p "$corpus"
    new="$scratch/$name.new"
    mkdir -p "$new"
    [ "$keep" -eq 1 ] && new=$corpus
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$top/build/fuzz/crash-$name-" "$new" "$corpus" \
        >"$scratch/$name.log" 2>&1
    echo $? > "$scratch/$name.result"
}

pids=()
for bin in "$@"; do
    run_one "$bin" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait

n=0; status=0
echo "1..$#"
for bin in "$@"; do
    n=$((n + 1))
    name=$(basename "$bin")
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$scratch/$name.log" | grep -oE '[0-9]+$')
    if [ "$(cat "$scratch/$name.result" 2>/dev/null)" = 0 ]; then
        echo "ok $n - $name: ${runs:-?} inputs in ${seconds}s, no crash"
    else
        echo "not ok $n - $name: crashed or failed, see below and build/fuzz/crash-$name-*"
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$scratch/$name.log" | head -20
        status=1
    fi
done
exit $status
