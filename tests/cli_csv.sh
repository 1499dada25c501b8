# CLI tests of the CSV every command writes with --format csv, in both
# dialects (--csv-dialect default and excel-da): every row as wide as the
# header, the byte order mark only in excel-da, its decimal comma and ';',
# an empty cell (never NA or Inf) for what cannot be computed, numbers in
# the same shortest round-trip form as JSON's, and a "'" in front of a
# text cell a spreadsheet would run as a formula.  Sourced by
# tests/run.sh after tests/cli_tests.sh (expect, ok, bad, F, EX, TMP).

CT="$TMP/csv"
mkdir -p "$CT"
DIDO="--unit kommune --period kvartal --outcome andel --treated forsoeg"
STAG="tests/cases/did_staggered/k_never_varying/data.csv"

# Data whose text cells begin with what a spreadsheet runs: the
# municipalities "=1+1", "+45", "@SUM(A1)", "-x", and "-5" (a number: left
# alone), the column "=uger"; a carriage return in adjust's input (the
# reader trims a leading tab; tests/test_render.c feeds one directly).
{
        echo 'arm,kommune,job,=uger'
        i=0
        for k in '=1+1' '+45' '@SUM(A1)' '-x' '-5' 'Aalborg'; do
                for r in 1 2 3 4 5 6; do
                        i=$((i + 1))
                        a=trial
                        case $k in -x|-5|Aalborg) a=control ;; esac
                        echo "$a,$k,$((i % 2)),$((i % 7 + 1))"
                done
        done
} >"$CT/formula.csv"
printf 'navn,p\n"=HYPERLINK(""x"")",0.01\n"\tfane",0.2\n"\rretur",NA\n-x,0.04\n-0.5e-3,0.5\nplain,0.03\n' >"$CT/p_formula.csv"

# csv_run NAME CMD...: CMD --format csv under both dialects into
# $CT/NAME.default and $CT/NAME.excel-da (exit 0 each)
csv_run() {
        name=$1
        shift
        for d in default excel-da; do
                if "$@" --format csv --csv-dialect $d >"$CT/$name.$d" 2>"$CT/err"; then
                        ok
                else
                        bad "csv $name ($d): exit status $? ($(head -n 1 "$CT/err"))"
                fi
        done
}

csv_run compare $F compare $EX/job.csv --outcome job_52w --margin 0.05
csv_run compare-multi $F compare $EX/samtaler.csv --outcome samtaler_26w,tilfredshed,uger_til_job
csv_run compare-cluster $F compare $EX/job.csv --outcome job_52w --cluster kommune --reps 99
csv_run compare-strata $F compare $EX/job.csv --outcome job_52w --strata kommune
csv_run compare-formula $F compare "$CT/formula.csv" --outcome job --cluster kommune --reps 99
csv_run survival $F survival $EX/ledighed.csv --time uger --event job --table --at 4,8
csv_run survival-cluster $F survival $EX/ledighed.csv --time uger --event job --cluster kommune --reps 99
csv_run describe $F describe $EX/job.csv --by kommune,arm
csv_run describe-formula $F describe "$CT/formula.csv" --by kommune
csv_run did $F did $EX/panel.csv $DIDO --start 2017Q3 --weight antal --reps 99
csv_run did-staggered $F did "$STAG" --unit kommune --period periode --outcome andel --start start --reps 99
csv_run adjust $F adjust "$CT/p_formula.csv" --column p --method holm
csv_run adjust-dk sh -c "printf 'kommune;p\nHjørring;0,04\nOdense;0,01\nViborg;NA\n' | $F adjust --column p --method bonferroni \"\$@\"" sh
csv_run power $F power --type mean --delta 0.5 --sd 2.2 --power 0.9
csv_run power-n $F power --type binary --p-control 0.3 --n 2000 --icc 0.02 --cluster-size 50

if command -v python3 >/dev/null 2>&1; then
        # the rules every CSV keeps, in both dialects
        for f in "$CT"/*.default "$CT"/*.excel-da; do
                if msg=$(python3 - "$f" <<'EOF'
import csv, io, re, sys
path = sys.argv[1]
da = path.endswith(".excel-da")
raw = open(path, "rb").read()
bom = raw.startswith(b"\xef\xbb\xbf")
if bom != da:
    sys.exit("byte order mark %s" % ("missing" if da else "present"))
text = raw[3:].decode() if bom else raw.decode()
rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if da else ","))
if len(rows) < 2:
    sys.exit("no data rows")
width = len(rows[0])
if width < 2:
    sys.exit("header of one field: wrong separator")
for i, r in enumerate(rows[1:], 2):
    if len(r) != width:
        sys.exit("row %d has %d fields, the header %d" % (i, len(r), width))
point = re.compile(r"-?\d+\.\d+(e[-+]?\d+)?$")
comma = re.compile(r"-?\d+,\d+(e[-+]?\d+)?$")
cells = [c for r in rows[1:] for c in r]
for c in cells:
    if c in ("NA", "Inf", "-Inf", "nan", "inf", "-inf", "NaN"):
        sys.exit("cell %r: a missing value is an empty cell" % c)
    if (point if da else comma).match(c):
        sys.exit("cell %r: the wrong decimal mark" % c)
    if c[:1] in ("=", "+", "@", "\t", "\r"):
        sys.exit("cell %r: a formula, not neutralised" % c)
    if c[:1] == "-" and not re.match(r"-\d+([.,]\d+)?(e[-+]?\d+)?$", c):
        sys.exit("cell %r: a formula, not neutralised" % c)
if not any((comma if da else point).match(c) for c in cells) and "power" not in path:
    sys.exit("no decimal number at all")
EOF
                ); then ok; else bad "csv $(basename "$f"): $msg"; fi
        done

        # one number form: the trial proportion of job.csv as JSON writes it
        $F compare $EX/job.csv --outcome job_52w --margin 0.05 --format json >"$CT/compare.json" 2>/dev/null
        est=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(repr(d['results'][0]['groups'][0]['estimate']))" "$CT/compare.json")
        grep -q "\"estimate\": $est," "$CT/compare.json" &&
                grep -q "^job_52w,binary,group,trial,proportion,$est," "$CT/compare.default" &&
                grep -q "^job_52w;binary;group;trial;proportion;$(echo "$est" | tr . ,);" "$CT/compare.excel-da" &&
                ok || bad "csv: the proportion $est is not written alike in JSON and both CSVs"
fi

# the formula guard, cell by cell (the quote keeps a quoted field whole)
grep -q "^kommune==1+1,'=uger,6," "$CT/describe-formula.default" &&
        grep -q "^kommune=-5;'=uger;6;" "$CT/describe-formula.excel-da" &&
        ok || bad "csv: describe's column names are not neutralised (or a cell inside is)"
grep -q "^job,binary,by_cluster,trial,'=1+1," "$CT/compare-formula.default" &&
        grep -q "^job;binary;by_cluster;trial;'@SUM(A1);" "$CT/compare-formula.excel-da" &&
        grep -q "^job,binary,by_cluster,control,-5," "$CT/compare-formula.default" &&
        ok || bad "csv: compare's municipality names are not neutralised (or a number is)"
grep -q "^\"'=HYPERLINK(\"\"x\"\")\",0.01," "$CT/adjust.default" &&
        grep -q "^-0.5e-3,0.5," "$CT/adjust.default" &&
        grep -q "^-0,5e-3;0,5;" "$CT/adjust.excel-da" &&
        ok || bad "csv: adjust's input cells are not neutralised (or a number is)"

# empty cells: adjust's missing p and its adjustment, power's unsolved
grep -q 'retur",,$' "$CT/adjust.default" &&
        ok || bad "csv: adjust writes a missing p as something else than an empty cell"
sed -n 2p "$CT/power.default" | grep -Eq '^[0-9.]+,0.9,,,$' &&
        sed -n 2p "$CT/power.excel-da" | grep -Eq '^[0-9,]+;0,9;;;$' &&
        ok || bad "csv: power's unsolved quantities are not empty cells"

# adjust follows the dialect, not its input: ';' and decimal comma in,
# ',' and a point out by default; excel-da gives them back
printf 'kommune,p,p_bonferroni\nHjørring,0.04,0.08\nOdense,0.01,0.02\nViborg,,\n' >"$CT/adjust-dk.want"
cmp -s "$CT/adjust-dk.default" "$CT/adjust-dk.want" && ok ||
        bad "csv: adjust of a Danish file: $(diff "$CT/adjust-dk.want" "$CT/adjust-dk.default" | head -n 4)"
printf '\357\273\277kommune;p;p_bonferroni\nHjørring;0,04;0,08\nOdense;0,01;0,02\nViborg;;\n' >"$CT/adjust-dk.want"
cmp -s "$CT/adjust-dk.excel-da" "$CT/adjust-dk.want" && ok ||
        bad "csv: adjust of a Danish file in excel-da: $(diff "$CT/adjust-dk.want" "$CT/adjust-dk.excel-da" | head -n 4)"

# the default dialect is the one without the flag
$F describe $EX/job.csv --by kommune,arm --format csv >"$CT/describe.none" 2>/dev/null
cmp -s "$CT/describe.none" "$CT/describe.default" && ok || bad "csv: --csv-dialect default differs from no flag"

# usage errors
expect csv-dialect-bad 2 "fkstat: compare: --csv-dialect must be default or excel-da, not 'excel'" \
        $F compare $EX/job.csv --outcome job_52w --format csv --csv-dialect excel
expect csv-dialect-power-bad 2 "fkstat: power: --csv-dialect must be default or excel-da, not 'da'" \
        $F power --type mean --delta 0.5 --sd 2.2 --csv-dialect da
expect csv-dialect-validate 2 "fkstat: validate: --csv-dialect does not apply to validate (it has no csv)" \
        $F validate --clusters 9,10 --cluster-size 100 --icc 0.02 --p-control 0.5 --csv-dialect excel-da
