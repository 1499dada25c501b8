#!/bin/sh
# Run the unit tests and representative CLI runs under valgrind memcheck;
# any error or leak fails.  Prints "N passed, N failed" last.
set -u
BUILD=${BUILD:-build/rel}
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
pass=0
fail=0
run() {
        if $VG "$@" >/dev/null 2>/tmp/fk_vg.$$; then pass=$((pass + 1));
        elif [ $? -eq 99 ]; then fail=$((fail + 1)); echo "valgrind: $*"; cat /tmp/fk_vg.$$;
        else pass=$((pass + 1)); fi   # a non-zero exit that is not valgrind's is the test's own
}
for t in "$BUILD"/tests/test_*; do
        case $t in
        # every block size of MiB-sized inputs: hours under valgrind; these
        # two run under AddressSanitizer in `make check SANITIZE=...`
        */test_stream|*/test_sets) continue ;;
        esac
        [ -x "$t" ] && run "$t"
done
EX=datasets/examples/job.csv
for fmt in text json csv markdown; do
        run ./fkstat compare $EX --outcome job_52w --margin 0.05 --format $fmt
        run ./fkstat describe $EX --by kommune,arm --format $fmt
done
S=datasets/examples/samtaler.csv
run ./fkstat compare $S --outcome samtaler_26w,tilfredshed,uger_til_job --cluster kommune --reps 199 --format json
run ./fkstat compare $EX --outcome job_52w --strata kommune --format csv
run ./fkstat survival datasets/examples/ledighed.csv --time uger --event job --table --format json
run ./fkstat power --type binary --p-control 0.5 --p-trial 0.55 --icc 0.01 --cluster-size 200
for fmt in text json csv markdown; do
        run ./fkstat did datasets/examples/panel.csv --unit kommune --period kvartal --outcome andel --treated forsoeg --start 2017Q3 --weight antal --reps 199 --format $fmt
done
run ./fkstat did datasets/examples/panel.csv --unit kommune --period kvartal --outcome andel --treated forsoeg --start 2030Q1
run ./fkstat compare $EX --outcome job_52w --conf 2
run ./fkstat compare $EX --outcome nope
run ./fkstat compare /nonexistent.csv --outcome y
run ./fkstat report datasets/examples/plan.ini -o /tmp/fk_vg_report.$$
run ./fkstat plot km datasets/examples/ledighed.csv --time uger --event job -o /tmp/fk_vg_km.$$.svg
run ./fkstat report /nonexistent.ini
# staggered starts, validate, arms from lists
run ./fkstat did tests/cases/did_staggered/first_period_notyet/data.csv \
        --unit kommune --period periode --outcome andel --start start \
        --control-group notyet --format json
run ./fkstat validate $EX --outcome job_52w --reps 20 --inner-reps 19 --format json
run ./fkstat compare $EX --outcome job_52w --arm kommune --trial Aalborg,Hjørring --by-cluster
# error paths on malformed inputs (tests/malformed)
M=tests/malformed
for f in empty header_only ragged_long unterminated_quote quote_in_field \
         after_quote duplicate_header three_arms non_numeric; do
        run ./fkstat compare $M/$f.csv --outcome y
done
run ./fkstat compare $M/negative_freq.csv --outcome y --freq n
run ./fkstat describe $M/ragged_short.csv
run ./fkstat did $M/did_bad_period.csv --unit kommune --period kvartal --outcome andel --treated forsoeg --start 2017Q2
printf 'title = x\n[study]\n' >/tmp/fk_vg_plan.$$.ini
run ./fkstat report /tmp/fk_vg_plan.$$.ini -o /tmp/fk_vg_report.$$
rm -rf /tmp/fk_vg_report.$$ /tmp/fk_vg_km.$$.svg /tmp/fk_vg_plan.$$.ini
rm -f /tmp/fk_vg.$$
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
