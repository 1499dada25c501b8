#!/bin/sh
# `make demo`: the Danish evaluation report of the Nordjylland
# reconstruction (datasets/nordjylland: real names and periods, synthetic
# people and numbers), then a short tour of the commands on the examples.
set -eu
OUT=out/nordjylland
echo "== ./fkstat report datasets/nordjylland/plan.ini -o $OUT"
./fkstat report datasets/nordjylland/plan.ini -o "$OUT"
EX=datasets/examples
show() {
        echo
        echo "== ./fkstat $*"
        ./fkstat "$@"
}
show compare $EX/job.csv --outcome job_52w --margin 0.05
show survival $EX/ledighed.csv --time uger --event job --margin 0.1
show did $EX/panel.csv --unit kommune --period kvartal --outcome andel \
        --treated forsoeg --start 2017Q3 --weight antal
echo
echo "The Nordjylland report (synthetic data, see datasets/nordjylland/README.md):"
echo "  open $OUT/report.html   (also report.md, results.json, results.csv, charts/)"
