#!/bin/sh
# Run every libFuzzer target built by `make fuzz` for SECONDS each (default
# 60).  Target fuzz_NAME starts from tests/fuzz/corpus/NAME (or the corpus
# of the longest prefix of NAME that has one: fuzz_csv_diff uses csv), copied
# to a temporary folder so the committed corpus does not grow.  A crash,
# leak, sanitizer report or abort fails the run; the input that caused it is
# kept under build/fuzz/artifacts/ and printed in hex.
#   tests/fuzz/run.sh [SECONDS]
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
bins=build/fuzz/fuzz
art=build/fuzz/artifacts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$art"
fail=0
n=0
for bin in "$bins"/fuzz_*; do
        [ -x "$bin" ] || continue
        name=$(basename "$bin")
        c=${name#fuzz_}
        while [ ! -d "tests/fuzz/corpus/$c" ] && [ "$c" != "${c%_*}" ]; do
                c=${c%_*}
        done
        mkdir -p "$tmp/$name"
        rm -f "$art/$name"-*
        if [ -d "tests/fuzz/corpus/$c" ]; then
                cp tests/fuzz/corpus/"$c"/* "$tmp/$name/" 2>/dev/null
        fi
        dict=""
        [ -f "tests/fuzz/$c.dict" ] && dict="-dict=tests/fuzz/$c.dict"
        n=$((n + 1))
        # shellcheck disable=SC2086
        if "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
                -max_len=8192 -print_final_stats=1 $dict \
                -artifact_prefix="$art/$name-" "$tmp/$name" \
                >"$tmp/$name.log" 2>&1; then
                runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name.log")
                cov=$(grep -o 'cov: [0-9]*' "$tmp/$name.log" | tail -n 1)
                echo "fuzz: $name: ${secs}s, $runs runs, $cov, nothing found"
        else
                fail=$((fail + 1))
                echo "fuzz: $name: FAILED"
                grep -E 'ERROR|SUMMARY|fuzz_|#0 |#1 |#2 |#3 ' "$tmp/$name.log" | head -n 30
                for a in "$art/$name"-*; do
                        [ -f "$a" ] || continue
                        echo "input $a:"
                        od -A d -c "$a" | head -n 20
                done
        fi
done
if [ "$n" -eq 0 ]; then
        echo "fuzz: no targets in $bins; run 'make fuzz' first" >&2
        exit 1
fi
echo "fuzz: $n targets, $fail failed"
[ "$fail" -eq 0 ]
