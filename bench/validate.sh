#!/bin/bash
# bench/validate.sh — time `fkstat validate` on the Nordjylland job rate
# (datasets/nordjylland/individuals.csv, job_52w, 24 682 people in 19
# municipalities, --cluster kommune, 1000 repetitions) and write the
# section "Validation by simulation" at the end of bench/RESULTS.md,
# replacing an earlier one.  bench/run.sh calls it after its own tables;
# it also runs alone (it needs only GNU time, or hyperfine when present).
#
# Settings (environment): RUNS=3 (timed runs per case; the median is
# shown), RESULTS=bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
RESULTS=${RESULTS:-bench/RESULTS.md}
TIME=/usr/bin/time
FK=$PWD/fkstat
DATA=datasets/nordjylland/individuals.csv
BASE="$FK validate $DATA --outcome job_52w --cluster kommune --reps 1000 --seed 1 --format json"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

say() { printf 'bench: validate: %s\n' "$*" >&2; }

command -v "$TIME" >/dev/null || { say "missing $TIME (GNU time)"; exit 1; }
make -s all

# time NAME CMD: RUNS runs under GNU time; "median_wall median_cpu" to
# $WORK/NAME.t, the JSON of the last run to $WORK/NAME.json
time_case() {
        name=$1
        shift
        for ((r = 0; r < RUNS; r++)); do
                "$TIME" -f '%e %U %S' -o "$WORK/$name.$r" "$@" \
                        >"$WORK/$name.json" 2>"$WORK/$name.err" ||
                        { cat "$WORK/$name.err" >&2; exit 1; }
        done
        cat "$WORK/$name".[0-9]* | awk '{ print $1, $2 + $3 }' | sort -n |
                awk '{ w[NR] = $1; c[NR] = $2 }
                     END { m = int((NR + 1) / 2); printf "%.2f %.2f\n", w[m], c[m] }' \
                >"$WORK/$name.t"
        say "$name: $(cat "$WORK/$name.t") (wall, cpu s)"
}

time_case all2 $BASE --threads 2
time_case all1 $BASE --threads 1
time_case cr2 $BASE --threads 2 --inner-reps 0
cmp -s "$WORK/all1.json" "$WORK/all2.json" ||
        { say "1 and 2 threads gave different numbers"; exit 1; }

# coverage of the individual and CR2 intervals, for the table
cov() {
        python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
m = {x["method"]: x for x in d["methods"]}
print("%.3f / %.3f" % (m["individual"]["coverage"], m["cr2"]["coverage"]))' "$1"
}

row() {
        read -r wall cpu <"$WORK/$1.t"
        printf '| %s | %s | %s | %s | %s |\n' "$2" "$3" "$wall" "$cpu" "$(cov "$WORK/$1.json")"
}

{
        echo '## Validation by simulation (`fkstat validate`)'
        echo
        echo "Written by \`bench/validate.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC, fkstat $("$FK" --version | cut -d' ' -f2) (git $(git rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) cores, load average before $(cut -d' ' -f1-3 /proc/loadavg)."
        echo "1000 repetitions of the Nordjylland job rate (\`$DATA\`, \`job_52w\`, 24 682 people, 19 municipalities, \`--cluster kommune\`), seed 1; median of $RUNS runs (GNU time; CPU = user + system). 1 and 2 threads give the same bytes."
        echo
        echo '| inside each repetition | threads | wall s | CPU s | coverage individual / CR2 |'
        echo '|---|---:|---:|---:|---|'
        row all2 "CR2, individual, wild bootstrap (999 draws), exact randomization (92 378)" 2
        row all1 "the same" 1
        row cr2 "CR2 and individual only (\`--inner-reps 0\`)" 2
} >"$WORK/section.md"

# replace the section in RESULTS, or append it
if [ -f "$RESULTS" ]; then
        awk '/^## Validation by simulation/ { skip = 1; next }
             skip && /^## / { skip = 0 }
             !skip' "$RESULTS" >"$WORK/results.md"
        # no blank line twice at the end
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$WORK/results.md" >"$WORK/results2.md"
        { cat "$WORK/results2.md"; echo; cat "$WORK/section.md"; } >"$RESULTS.tmp"
else
        cp "$WORK/section.md" "$RESULTS.tmp"
fi
mv "$RESULTS.tmp" "$RESULTS"
say "wrote $RESULTS"
