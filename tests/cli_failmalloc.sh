# Allocation failures: tests/failmalloc/sweep.sh makes the N-th allocation
# of a run fail (the LD_PRELOAD shim tests/failmalloc/failmalloc.c) for
# every STRIDE-th N from a fixed START, and requires the normal output or
# exit 1 with the one line "... out of memory" and no file half-written or
# temporary folder left.  Sourced by tests/run.sh (after tests/cli_tests.sh,
# which defines $F, $EX and ok/bad).  The shim is built with the C
# compiler; without one, or where a preloaded malloc cannot work (a
# sanitizer build), the sweeps are skipped with a note.  The strides keep
# the whole file near 40 s on two cores; the sweeps run two at a time.

FM=$(mktemp -d)
if ${CC:-cc} -shared -fPIC -O2 -o "$FM/failmalloc.so" tests/failmalloc/failmalloc.c \
        2>"$FM/cc.err" &&
   FAILMALLOC_AT=0 FAILMALLOC_COUNT="$FM/count" LD_PRELOAD="$FM/failmalloc.so" \
        "$F" --version >/dev/null 2>&1 && [ -s "$FM/count" ]; then
        # fm NAME STRIDE START OUT GNUPLOT CMD...: one sweep, its result in
        # $FM/NAME.*; OUT the folder CMD writes and GNUPLOT the program to
        # draw with ("-" for none and the default)
        fm() {
                fm_name=$1 fm_stride=$2 fm_start=$3 fm_out=$4 fm_gp=$5
                shift 5
                [ "$fm_out" = - ] && fm_out=
                [ "$fm_gp" = - ] && fm_gp=
                SHIM="$FM/failmalloc.so" STRIDE=$fm_stride START=$fm_start \
                OUT=$fm_out FKSTAT_GNUPLOT=$fm_gp \
                        sh tests/failmalloc/sweep.sh "$fm_name" "$@" \
                        >"$FM/$fm_name.out" 2>&1
                echo $? >"$FM/$fm_name.rc"
        }
        (
                fm compare-json 1 1 - - "$F" compare $EX/job.csv --outcome job_52w \
                        --cluster kommune --format json
                fm compare-text 1 1 - - "$F" compare $EX/job.csv --outcome job_52w \
                        --cluster kommune
                fm compare-two 3 2 - - "$F" compare $EX/samtaler.csv \
                        --outcome samtaler_26w,tilfredshed --cluster kommune --format json
                fm survival 1 1 - - "$F" compare $EX/ledighed.csv --time uger \
                        --event job --cluster kommune
                fm describe 1 1 - - "$F" describe $EX/samtaler.csv --by kommune,arm
                fm did 1 1 - - "$F" did $EX/panel.csv --unit kommune --period kvartal \
                        --outcome andel --treated forsoeg --start 2017Q3
                # with gnuplot: the charts' files too
                fm report-gnuplot 409 5 "$FM/rg" - "$F" report $EX/plan.ini -o "$FM/rg"
        ) &
        fm_a=$!
        (
                # without gnuplot (fast): the analysis, JSON, CSV, Markdown
                # and HTML, in two halves of stride 13
                fm report-a 26 3 "$FM/ra" /nonexistent "$F" report $EX/plan.ini -o "$FM/ra"
                fm report-b 26 16 "$FM/rb" /nonexistent "$F" report $EX/plan.ini -o "$FM/rb/"
        ) &
        fm_b=$!
        wait $fm_a $fm_b
        for fm_name in compare-json compare-text compare-two survival describe did \
                       report-gnuplot report-a report-b; do
                if [ "$(cat "$FM/$fm_name.rc" 2>/dev/null)" = 0 ]; then ok
                else bad "failmalloc $fm_name: $(head -n 3 "$FM/$fm_name.out" | tr '\n' '|')"; fi
        done
else
        echo "note: tests/failmalloc/failmalloc.c cannot be built or preloaded here; allocation-failure sweeps skipped"
fi
rm -rf "$FM"
