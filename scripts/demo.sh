#!/bin/sh
# `make demo`: run fkstat on the bundled example and show the result.
# (The Nordjylland reconstruction and its report take this place once
# datasets/nordjylland exists.)
set -eu
EX=datasets/examples/job.csv
echo "== ./fkstat describe $EX --by arm"
./fkstat describe "$EX" --by arm
echo
echo "== ./fkstat compare $EX --outcome job_52w --margin 0.05"
./fkstat compare "$EX" --outcome job_52w --margin 0.05
mkdir -p out/example
./fkstat compare "$EX" --outcome job_52w --margin 0.05 --format markdown >out/example/job_52w.md
./fkstat compare "$EX" --outcome job_52w --margin 0.05 --format json >out/example/job_52w.json
echo
echo "Written: out/example/job_52w.md and out/example/job_52w.json"
