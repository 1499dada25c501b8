#!/bin/bash
# bench/run.sh — time fkstat against R + data.table, base R, pandas +
# statsmodels, datamash and DuckDB on the same generated files, and write
# bench/RESULTS.md.  `make bench` runs it.  See bench/README.md.
#
# Settings (environment):
#   RUNS=5 WARMUP=1      hyperfine runs per tool and task
#   RBASE=1 RBASE_RUNS=2 base R read.csv on the binary task (about 20 s a run); 0 skips it
#   TASKS="binary ranksum survival cluster describe did stdin survtime report"
#   TOOLS="fkstat commands datatable readcsv pandas datamash duckdb"
#                        (commands: the report task's analyses as separate fkstat commands)
#   SEED=1               data seed (each task adds its own offset)
#   BINARY_ROWS=5000000 RANKSUM_ROWS=1000000 SURVIVAL_ROWS=1000000 CLUSTER_ROWS=100000
#   DESCRIBE_ROWS=5000000 DID_ROWS=5000000 STDIN_ROWS=5000000 SURVTIME_ROWS=1000000
#   REPORT_ROWS=5000000
#   LINEAR_ROWS="1000000 5000000 20000000"   fkstat alone at each size
#                        (LINEAR_ROWS= skips it), LINEAR_RUNS=3
#   DUCKDB_DIR=~/.cache/fkstat-bench/duckdb  where `npm install
#                        @duckdb/node-api` goes (outside the repository)
#   RESULTS=bench/RESULTS.md   where the table goes
#   NO_INSTALL=1         do not run bench/install.sh
#   FK=PATH              time this fkstat binary (default: build ./fkstat)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
RBASE=${RBASE:-1}
RBASE_RUNS=${RBASE_RUNS:-2}
TASKS=${TASKS:-"binary ranksum survival cluster describe did stdin survtime report"}
TOOLS=${TOOLS:-"fkstat commands datatable readcsv pandas datamash duckdb"}
SEED=${SEED:-1}
BINARY_ROWS=${BINARY_ROWS:-5000000}
RANKSUM_ROWS=${RANKSUM_ROWS:-1000000}
SURVIVAL_ROWS=${SURVIVAL_ROWS:-1000000}
CLUSTER_ROWS=${CLUSTER_ROWS:-100000}
DESCRIBE_ROWS=${DESCRIBE_ROWS:-5000000}
DID_ROWS=${DID_ROWS:-5000000}
STDIN_ROWS=${STDIN_ROWS:-5000000}
SURVTIME_ROWS=${SURVTIME_ROWS:-1000000}
REPORT_ROWS=${REPORT_ROWS:-5000000}
LINEAR_ROWS=${LINEAR_ROWS-"1000000 5000000 20000000"}
LINEAR_RUNS=${LINEAR_RUNS:-3}
DUCKDB_DIR=${DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fkstat-bench/duckdb}
RESULTS=${RESULTS:-bench/RESULTS.md}

say() { printf 'bench: %s\n' "$*" >&2; }

[ "${NO_INSTALL:-0}" = 1 ] || bench/install.sh
# the peers' Python is Debian's (python3-pandas etc.), not whatever python3
# comes first on PATH
PY=/usr/bin/python3
TIME=/usr/bin/time
for t in hyperfine Rscript datamash "$PY" "$TIME"; do
        command -v "$t" >/dev/null || { say "missing $t (run bench/install.sh)"; exit 1; }
done

# DuckDB through its node package, installed outside the repository; the
# tool sits out (with a note in RESULTS.md) when that fails
DUCKDB_NOTE=""
case " $TOOLS " in *" duckdb "*)
        if [ ! -d "$DUCKDB_DIR/node_modules/@duckdb/node-api" ]; then
                say "installing @duckdb/node-api into $DUCKDB_DIR"
                mkdir -p "$DUCKDB_DIR"
                (cd "$DUCKDB_DIR" && npm install --no-audit --no-fund @duckdb/node-api >npm.log 2>&1) ||
                        DUCKDB_NOTE="npm install @duckdb/node-api failed (see $DUCKDB_DIR/npm.log)"
        fi
        command -v node >/dev/null || DUCKDB_NOTE="node is not installed"
        if [ -n "$DUCKDB_NOTE" ]; then
                say "DuckDB sits out: $DUCKDB_NOTE"
                TOOLS=$(echo "$TOOLS" | sed 's/\<duckdb\>//')
        fi
esac
export DUCKDB_DIR

# FK=PATH times that binary (a copy, so a rebuild during the run does not
# change it); else ./fkstat, built here
if [ -z "${FK:-}" ]; then
        make -s all
        FK=$PWD/fkstat
fi

DATA=bench/data
mkdir -p "$DATA"
cc -std=c11 -O2 -Wall -Wextra -o "$DATA/gen" bench/gen.c -lm

# gen MODE ROWS SEED -> path of the file, generated once
gen() {
        local f="$DATA/$1-$2-$3.csv"
        if [ ! -s "$f" ]; then
                say "generating $f"
                "$DATA/gen" "$1" "$2" "$3" >"$f.tmp"
                mv "$f.tmp" "$f"
        fi
        printf '%s\n' "$f"
}

WORK=$DATA/run
rm -rf "$WORK"
mkdir -p "$WORK"

# report_plan ROWS -> a plan of four outcomes on the binary file (binary,
# count, two continuous; clustered by kommune, detected) and one [did] on
# the person rows, as an evaluation ends; its comment lines name the data
report_plan() {
        local b d p="$WORK/report-$1.ini"
        b=$(gen binary "$1" "$SEED")
        d=$(gen did "$1" $((SEED + 4)))
        cat >"$p" <<EOF
# data: $PWD/$b
# did: $PWD/$d
[study]
title = Benchmark
data = $PWD/$b
arm = arm
lang = da

[outcome job]
type = binary

[outcome samtaler]
type = count

[outcome alder]
type = continuous

[outcome uger]
type = continuous

[did job_did]
data = $PWD/$d
unit = kommune
period = aar
outcome = job
treated = forsoeg
start = 2018
EOF
        printf '%s\n' "$p"
}

# the report task's analyses as separate commands, one after the other
report_commands() { # PLAN
        local b d
        b=$(sed -n 's/^# data: //p' "$1")
        d=$(sed -n 's/^# did: //p' "$1")
        printf '%s' "$FK compare $b --arm arm --outcome job --type binary --format json"
        printf '%s' " && $FK compare $b --arm arm --outcome samtaler --type count --format json"
        printf '%s' " && $FK compare $b --arm arm --outcome alder --type continuous --format json"
        printf '%s' " && $FK compare $b --arm arm --outcome uger --type continuous --format json"
        printf '%s\n' " && $FK did $d $DID_ARGS --format json"
}

# a task's file and the command of each tool on it
task_file() {
        case $1 in
        binary) gen binary "$BINARY_ROWS" "$SEED" ;;
        ranksum) gen binary "$RANKSUM_ROWS" $((SEED + 1)) ;;
        survival) gen survival "$SURVIVAL_ROWS" $((SEED + 2)) ;;
        cluster) gen cluster "$CLUSTER_ROWS" $((SEED + 3)) ;;
        describe) gen binary "$DESCRIBE_ROWS" "$SEED" ;;
        did) gen did "$DID_ROWS" $((SEED + 4)) ;;
        stdin) gen binary "$STDIN_ROWS" "$SEED" ;;
        survtime) gen survtime "$SURVTIME_ROWS" $((SEED + 5)) ;;
        report) report_plan "$REPORT_ROWS" ;;
        esac
}

DID_ARGS="--unit kommune --period aar --outcome job --treated forsoeg --start 2018"

tool_cmd() { # TASK TOOL FILE -> command line (empty: the tool sits this task out)
        local task=$1 tool=$2 f=$3
        case $tool in
        fkstat)
                case $task in
                binary) echo "$FK compare $f --outcome job --type binary --format json" ;;
                ranksum) echo "$FK compare $f --outcome samtaler --type count --format json" ;;
                survival) echo "$FK survival $f --time uger --event job --format json" ;;
                cluster) echo "$FK compare $f --outcome job --type binary --cluster kommune --format json" ;;
                describe) echo "$FK describe $f --format json" ;;
                did) echo "$FK did $f $DID_ARGS --format json" ;;
                stdin) echo "cat $f | $FK compare - --outcome job --type binary --format json" ;;
                survtime) echo "$FK survival $f --time uger --event job --format json" ;;
                report) echo "rm -rf $WORK/report-out && $FK report $f -o $WORK/report-out" ;;
                esac ;;
        commands) [ "$task" = report ] && report_commands "$f" ;;
        datatable)
                if [ "$task" = report ]; then return 0
                elif [ "$task" = stdin ]; then echo "cat $f | Rscript bench/peers/datatable.R stdin -"
                else echo "Rscript bench/peers/datatable.R $task $f"; fi ;;
        readcsv) [ "$task" = binary ] && [ "$RBASE" = 1 ] && echo "Rscript bench/peers/readcsv.R $f" ;;
        pandas)
                if [ "$task" = report ]; then return 0
                elif [ "$task" = stdin ]; then echo "cat $f | $PY bench/peers/pandas_sm.py stdin -"
                else echo "$PY bench/peers/pandas_sm.py $task $f"; fi ;;
        datamash)
                case $task in
                binary) echo "datamash -t, -H -s -g arm count job sum job < $f" ;;
                ranksum) echo "datamash -t, -H -s -g arm count samtaler mean samtaler < $f" ;;
                survival) echo "datamash -t, -H -s -g arm count job sum job < $f" ;;
                cluster) echo "datamash -t, -H -s -g kommune,arm count job sum job < $f" ;;
                stdin) echo "cat $f | datamash -t, -H -s -g arm count job sum job" ;;
                esac ;;
        duckdb)
                case $task in
                binary | describe | did) echo "node bench/peers/duckdb.mjs $task $f" ;;
                stdin) echo "cat $f | node bench/peers/duckdb.mjs stdin -" ;;
                esac ;;
        esac
        return 0
}

{
        printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
        printf 'nproc\t%s\n' "$(nproc)"
        printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        printf 'ram\t%s\n' "$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
        printf 'kernel\t%s\n' "$(uname -r)"
        printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf 'fkstat\t%s\n' "$("$FK" --version | head -1)"
        printf 'git\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' + local changes')"
        printf 'R\t%s\n' "$(R --version | head -1 | sed 's/ (.*//')"
        Rscript -e 'cat("data.table\t", format(packageVersion("data.table")), "\n", "dt_threads\t", data.table::getDTthreads(), "\n", "survival\t", format(packageVersion("survival")), "\n", sep = "")'
        "$PY" -c 'import platform, pandas, statsmodels, scipy, numpy
print("python\t" + platform.python_version())
for m in (pandas, statsmodels, scipy, numpy):
    print(m.__name__ + "\t" + m.__version__)'
        printf 'datamash\t%s\n' "$(datamash --version | head -1 | sed 's/^(GNU datamash) /datamash /; s/^datamash (GNU datamash)/datamash/')"
        printf 'hyperfine\t%s\n' "$(hyperfine --version)"
        if [ -f "$DUCKDB_DIR/node_modules/@duckdb/node-api/package.json" ]; then
                printf 'duckdb\t%s\n' "$(node -e 'console.log(require(process.argv[1]).version)' \
                        "$DUCKDB_DIR/node_modules/@duckdb/node-api/package.json") (node $(node --version))"
        fi
        printf 'duckdb_note\t%s\n' "$DUCKDB_NOTE"
        printf 'runs\t%s\nwarmup\t%s\nrbase_runs\t%s\n' "$RUNS" "$WARMUP" "$RBASE_RUNS"
} >"$WORK/meta.txt"

for task in $TASKS; do
        f=$(task_file "$task")
        files=$f
        [ "$task" = report ] && files=$(sed -n 's/^# [a-z]*: //p' "$f")
        for df in $files; do
                rows=$(($(wc -l <"$df") - 1))
                # shellcheck disable=SC2016 # the backticks are Markdown
                printf 'file_%s\tData: `%s`, %s rows, %s MB, SHA-256 %s.\n' "$task" "$(basename "$df")" \
                        "$rows" "$(($(stat -c %s "$df") / 1000000))" "$(sha256sum "$df" | cut -c1-16)…" \
                        >>"$WORK/meta.txt"
        done
        for tool in $TOOLS; do
                cmd=$(tool_cmd "$task" "$tool" "$f")
                [ -n "$cmd" ] || continue
                base="$WORK/$task-$tool"
                say "$task: $tool: $cmd"
                # one run for the output and the peak RSS; it also fails early
                if ! "$TIME" -f %M -o "$base.rss" sh -c "$cmd" >"$base.out" 2>"$base.err"; then
                        say "$task: $tool failed:"
                        cat "$base.err" >&2
                        exit 1
                fi
                runs=$RUNS
                [ "$tool" = readcsv ] && runs=$RBASE_RUNS
                hyperfine --style basic --warmup "$WARMUP" --runs "$runs" \
                        --command-name "$tool" --export-json "$base.json" "$cmd" >"$base.hf" 2>&1 ||
                        { cat "$base.hf" >&2; exit 1; }
                if [ "$task" = report ] && [ "$tool" = commands ]; then
                        # the report's results.json against the commands, by
                        # the check make check runs on every plan
                        if [ ! -d "$WORK/report-out" ]; then
                                echo "? (fkstat not run)" >"$base.agree"
                        elif "$PY" tests/check_report.py "$FK" "$f" "$WORK/report-out" >"$base.check" 2>&1; then
                                echo "yes (results.json = the commands' JSON)" >"$base.agree"
                        else
                                echo "NO: $(head -1 "$base.check")" >"$base.agree"
                        fi
                elif [ "$tool" != fkstat ] && [ ! -s "$WORK/$task-fkstat.out" ]; then
                        echo "? (fkstat not run)" >"$base.agree"
                elif [ "$tool" != fkstat ]; then
                        dm=""
                        [ "$tool" = datamash ] && dm=datamash
                        "$PY" bench/tables.py check "$task" "$WORK/$task-fkstat.out" "$base.out" $dm >"$base.agree"
                        say "$task: $tool agrees: $(cat "$base.agree")"
                fi
        done
done

# Linearity: fkstat alone at each size of LINEAR_ROWS, LINEAR_RUNS runs
# under GNU time each (median wall clock, largest peak RSS)
for rows in $LINEAR_ROWS; do
        for task in binary describe did stdin report; do
                case $task in
                binary | stdin) f=$(gen binary "$rows" "$SEED") ;;
                describe) f=$(gen binary "$rows" "$SEED") ;;
                did) f=$(gen did "$rows" $((SEED + 4))) ;;
                report) f=$(report_plan "$rows") ;;
                esac
                cmd=$(tool_cmd "$task" fkstat "$f")
                out="$WORK/linear-$task-$rows.txt"
                : >"$out"
                say "linear: $task at $rows rows"
                for i in $(seq "$LINEAR_RUNS"); do
                        "$TIME" -f '%e %M' -o "$out.one" sh -c "$cmd" >/dev/null 2>&1 ||
                                { say "linear: $task at $rows rows failed"; exit 1; }
                        cat "$out.one" >>"$out"
                done
                rm -f "$out.one"
                printf 'linear_load_%s_%s\t%s\n' "$task" "$rows" "$(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/meta.txt"
        done
done

printf 'load_after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/meta.txt"
"$PY" bench/tables.py report "$WORK" >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
say "wrote $RESULTS"
# fkstat validate's timing, a section of its own (VALIDATE=0 skips it)
[ "${VALIDATE:-1}" = 0 ] || RESULTS="$RESULTS" bench/validate.sh
