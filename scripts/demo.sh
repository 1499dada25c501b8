#!/bin/sh
# `make demo`: run fkstat on the bundled examples and show the results.
# (The Nordjylland reconstruction and its report take this place once
# datasets/nordjylland exists.)
set -eu
EX=datasets/examples
OUT=out/example
mkdir -p "$OUT"
show() {
        echo
        echo "== ./fkstat $*"
        ./fkstat "$@"
}
show describe $EX/job.csv --by arm
show compare $EX/job.csv --outcome job_52w --margin 0.05
show compare $EX/samtaler.csv --outcome samtaler_26w,tilfredshed --cluster kommune
show survival $EX/ledighed.csv --time uger --event job --margin 0.1
./fkstat compare $EX/job.csv --outcome job_52w --margin 0.05 --format markdown >"$OUT/job_52w.md" 2>/dev/null
./fkstat compare $EX/job.csv --outcome job_52w --margin 0.05 --format json >"$OUT/job_52w.json" 2>/dev/null
./fkstat compare $EX/samtaler.csv --outcome samtaler_26w,tilfredshed,uger_til_job --cluster kommune \
        --format markdown >"$OUT/samtaler.md" 2>/dev/null
./fkstat survival $EX/ledighed.csv --time uger --event job --format markdown >"$OUT/ledighed.md" 2>/dev/null
echo
echo "Written: $OUT/job_52w.md, $OUT/job_52w.json, $OUT/samtaler.md, $OUT/ledighed.md"
