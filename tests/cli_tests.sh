# CLI tests: exit codes, the one-line error format, and golden outputs.
# Sourced by tests/run.sh, which defines ok/bad and FKSTAT.
# After a deliberate change of output, regenerate the golden files with
#   UPDATE_GOLDEN=1 make check
# and review the diff before committing.

EX=datasets/examples
G=tests/golden
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# expect NAME STATUS STDERR-LINE-1 CMD...: run CMD with stdout to $TMP/out
# and check the exit status and that MSG is one whole line of stderr.
expect() {
        name=$1 want=$2 msg=$3
        shift 3
        "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
        got=$?
        line=$(head -n 1 "$TMP/err")
        if [ "$got" -ne "$want" ]; then
                bad "cli $name: exit $got, want $want ($line)"
        elif [ -n "$msg" ] && ! grep -Fxq -- "$msg" "$TMP/err"; then
                bad "cli $name: stderr '$(cat "$TMP/err")', want '$msg'"
        else
                ok
        fi
}

# golden NAME CMD...: stdout of CMD must equal $G/NAME (exit 0).
golden() {
        name=$1
        shift
        if ! "$@" >"$TMP/out" 2>"$TMP/err"; then
                bad "golden $name: exit status $? ($(head -n 1 "$TMP/err"))"
                return
        fi
        if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                cp "$TMP/out" "$G/$name"
        fi
        if cmp -s "$TMP/out" "$G/$name"; then
                ok
        else
                bad "golden $name differs:"
                diff "$G/$name" "$TMP/out" | head -n 20
        fi
}

F=$FKSTAT
# usage errors: exit 2
expect no-args 2 "usage: fkstat COMMAND [options] FILE..." $F
expect unknown-command 2 "fkstat: 'frobnicate' is not an fkstat command" $F frobnicate
expect unknown-option 2 "fkstat: compare: unknown option '--frobnicate'" \
        $F compare $EX/job.csv --outcome job_52w --frobnicate
expect conf-range 2 "fkstat: compare: --conf must lie between 0 and 1, not '1.5'" \
        $F compare $EX/job.csv --outcome job_52w --conf 1.5
expect conf-nan 2 "fkstat: compare: --conf needs a number, not 'abc'" \
        $F compare $EX/job.csv --outcome job_52w --conf abc
expect margin-range 2 "fkstat: compare: --margin must be positive, not '-0.1'" \
        $F compare $EX/job.csv --outcome job_52w --margin -0.1
expect missing-value 2 "fkstat: compare: option '--outcome' needs a value" \
        $F compare $EX/job.csv --outcome
expect no-outcome 2 "fkstat: compare: --outcome is required" $F compare $EX/job.csv
expect bad-format 2 "fkstat: compare: unknown --format 'xml'" \
        $F compare $EX/job.csv --outcome job_52w --format xml
expect bad-cimethod 2 "fkstat: compare: unknown --ci-method 'exact'" \
        $F compare $EX/job.csv --outcome job_52w --ci-method exact
expect no-column 2 "fkstat: compare: $EX/job.csv: no column 'job_26w' in the header; did you mean 'job_52w'? (columns: 'person_id', 'kommune', 'arm', 'job_52w', 'uger')" \
        $F compare $EX/job.csv --outcome job_26w
expect no-arm-column 2 "fkstat: compare: $EX/job.csv: no column 'gruppe' in the header (columns: 'person_id', 'kommune', 'arm', 'job_52w', 'uger')" \
        $F compare $EX/job.csv --outcome job_52w --arm gruppe
expect bad-delimiter 2 "fkstat: compare: --delimiter must be ',' ';' or tab, not '|'" \
        $F compare $EX/job.csv --outcome job_52w --delimiter '|'
expect describe-bad-option 2 "fkstat: describe: unknown option '--frobnicate'" \
        $F describe $EX/job.csv --frobnicate
expect help-trailer 2 "" $F compare $EX/job.csv --outcome job_52w --conf 2
if [ "$(sed -n 2p "$TMP/err")" = "Try 'fkstat compare --help'" ]; then ok; else bad "cli help-trailer: no Try line"; fi

# data errors: exit 1, with file and line
printf 'arm,y\ntrial,1\ncontrol,0\ntrial,maybe\n' >"$TMP/bad.csv"
expect bad-binary 1 "fkstat: compare: $TMP/bad.csv:4: column 'y': 'maybe' is not a binary value" \
        $F compare "$TMP/bad.csv" --outcome y --type binary
printf 'arm,y\ntrial,1\ncontrol,0\ntrial,1,2\n' >"$TMP/ragged.csv"
expect ragged 1 "" $F compare "$TMP/ragged.csv" --outcome y
grep -q "ragged.csv:4:" "$TMP/err" && ok || bad "cli ragged: no file:line in '$(cat "$TMP/err")'"
expect no-file 1 "fkstat: compare: $TMP/none.csv: cannot open: No such file or directory" \
        $F compare "$TMP/none.csv" --outcome y
expect directory 1 "" $F compare "$TMP" --outcome y
printf 'arm,y\ntrial,1\ntrial,0\n' >"$TMP/onearm.csv"
expect one-arm 1 "fkstat: compare: $TMP/onearm.csv: column 'arm' has 1 distinct value; a comparison needs two arms" \
        $F compare "$TMP/onearm.csv" --outcome y
expect empty-arm 1 "fkstat: compare: $EX/job.csv: control arm 'kontrol' has no rows in column 'arm'" \
        $F compare $EX/job.csv --outcome job_52w --control kontrol --trial forsøg
printf 'arm,y\na,1\nb,0\nc,1\n' >"$TMP/three.csv"
expect three-arms 1 "fkstat: compare: $TMP/three.csv: column 'arm' has more than two values ('a', 'b', 'c', ...); name the arms with --trial and --control" \
        $F compare "$TMP/three.csv" --outcome y
printf 'arm,y\ntrial,1\ncontrol,\ntrial,\n' >"$TMP/allmissing.csv"
expect arm-all-missing 1 "" $F compare "$TMP/allmissing.csv" --outcome y --type binary
printf 'arm,s,n\ntrial,5,4\ncontrol,1,3\n' >"$TMP/agg.csv"
expect successes-exceed 1 "fkstat: compare: $TMP/agg.csv:2: column 's': 5 successes exceed 4 trials" \
        $F compare "$TMP/agg.csv" --successes s --trials n
printf 'arm,y,w\ntrial,1,-2\ncontrol,0,3\n' >"$TMP/negfreq.csv"
expect negative-freq 1 "fkstat: compare: $TMP/negfreq.csv:2: column 'w': '-2' is not a non-negative whole number" \
        $F compare "$TMP/negfreq.csv" --outcome y --freq w
: >"$TMP/empty.csv"
expect empty-file 1 "" $F compare "$TMP/empty.csv" --outcome y
expect dev-full 1 "fkstat: compare: write error: No space left on device" \
        sh -c "$F compare $EX/job.csv --outcome job_52w --format json >/dev/full"

# the input is never modified
sum_before=$(cksum <$EX/job.csv)
$F compare $EX/job.csv --outcome job_52w >/dev/null 2>&1
[ "$(cksum <$EX/job.csv)" = "$sum_before" ] && ok || bad "cli input modified"

# outputs
golden compare_job.txt $F compare $EX/job.csv --outcome job_52w --margin 0.05
golden compare_job.json $F compare $EX/job.csv --outcome job_52w --margin 0.05 --format json
golden compare_job.csv $F compare $EX/job.csv --outcome job_52w --margin 0.05 --format csv
golden compare_job.md $F compare $EX/job.csv --outcome job_52w --margin 0.05 --format markdown
golden describe_job.txt $F describe $EX/job.csv --by arm
golden describe_job.json $F describe $EX/job.csv --by kommune,arm --format json
golden describe_job.csv $F describe $EX/job.csv --by arm --format csv
golden describe_job.md $F describe $EX/job.csv --by arm --format markdown

# stdin and several files give the same numbers as one file
$F compare $EX/job.csv --outcome job_52w --format json >"$TMP/a.json" 2>/dev/null
$F compare - --outcome job_52w --format json <$EX/job.csv 2>/dev/null |
        sed 's/"-"/"datasets\/examples\/job.csv"/' >"$TMP/b.json"
cmp -s "$TMP/a.json" "$TMP/b.json" && ok || bad "cli stdin differs from file"
head -n 100 $EX/job.csv >"$TMP/part1.csv"
{ head -n 1 $EX/job.csv; tail -n +101 $EX/job.csv; } >"$TMP/part2.csv"
$F compare "$TMP/part1.csv" "$TMP/part2.csv" --outcome job_52w --format csv >"$TMP/c.csv" 2>/dev/null
$F compare $EX/job.csv --outcome job_52w --format csv >"$TMP/d.csv" 2>/dev/null
cmp -s "$TMP/c.csv" "$TMP/d.csv" && ok || bad "cli two files differ from one"

# --freq on grouped rows equals the individual rows
printf 'arm;job;n\nforsøg;ja;120\nforsøg;nej;80\nkontrol;ja;90\nkontrol;nej;110\n' >"$TMP/grouped.csv"
{ echo 'arm;job'
  for i in $(seq 120); do echo 'forsøg;ja'; done
  for i in $(seq 80); do echo 'forsøg;nej'; done
  for i in $(seq 90); do echo 'kontrol;ja'; done
  for i in $(seq 110); do echo 'kontrol;nej'; done; } >"$TMP/expanded.csv"
$F compare "$TMP/grouped.csv" --outcome job --freq n --format csv >"$TMP/g.csv" 2>/dev/null
$F compare "$TMP/expanded.csv" --outcome job --format csv >"$TMP/e.csv" 2>/dev/null
cmp -s "$TMP/g.csv" "$TMP/e.csv" && ok || bad "cli --freq differs from expanded rows"

# JSON is nothing but JSON, and valid
$F compare $EX/job.csv --outcome job_52w --format json 2>/dev/null >"$TMP/j.json"
if command -v python3 >/dev/null 2>&1; then
        python3 -m json.tool "$TMP/j.json" >/dev/null && ok || bad "cli json invalid"
fi

# JSON numbers are the shortest form of the same doubles the CSV writes
# with %.17g
if command -v python3 >/dev/null 2>&1; then
        $F compare $EX/job.csv --outcome job_52w --format csv 2>/dev/null >"$TMP/k.csv"
        python3 - "$TMP/j.json" "$TMP/k.csv" <<'PY' && ok || bad "cli json and csv numbers differ"
import csv, json, sys
doc = json.load(open(sys.argv[1]))["results"][0]
rows = {(r["section"], r["arm"], r["name"]): r for r in csv.DictReader(open(sys.argv[2]))}
eff = {e["measure"]: e for e in doc["effects"]}
for name, e in eff.items():
    r = rows[("effect", "", name)]
    assert float(r["estimate"]) == e["estimate"], name
    assert float(r["ci_low"]) == e["ci"][0] and float(r["ci_high"]) == e["ci"][1], name
for g in doc["groups"]:
    r = rows[("group", g["arm"], "proportion")]
    assert float(r["ci_low"]) == g["ci"][0], g["arm"]
PY
fi

# arms of a million people: individual rows and --freq agree
awk 'BEGIN { print "arm,y"; for (i = 0; i < 1000000; i++) print "trial," (i % 7 < 4);
             for (i = 0; i < 1000000; i++) print "control," (i % 9 < 5) }' >"$TMP/big.csv"
printf 'arm,y,n\ntrial,1,571429\ntrial,0,428571\ncontrol,1,555556\ncontrol,0,444444\n' >"$TMP/bigf.csv"
$F compare "$TMP/big.csv" --outcome y --format csv >"$TMP/big.out" 2>/dev/null
$F compare "$TMP/bigf.csv" --outcome y --freq n --format csv >"$TMP/bigf.out" 2>/dev/null
if [ -s "$TMP/big.out" ] && cmp -s "$TMP/big.out" "$TMP/bigf.out"; then ok; else bad "cli 10^6 rows differ from --freq"; fi
rm -f "$TMP/big.csv"

# count, ordinal and continuous outcomes
S=$EX/samtaler.csv
golden compare_samtaler.txt $F compare $S --outcome samtaler_26w,tilfredshed,uger_til_job
golden compare_samtaler.json $F compare $S --outcome samtaler_26w,tilfredshed,uger_til_job --format json
golden compare_samtaler.csv $F compare $S --outcome samtaler_26w,tilfredshed,uger_til_job --format csv
golden compare_samtaler.md $F compare $S --outcome samtaler_26w,tilfredshed,uger_til_job --format markdown
golden compare_samtaler_margin.txt $F compare $S --outcome samtaler_26w --type count --better lower --margin 0.5
golden compare_samtaler_levels.json $F compare $S --outcome tilfredshed --levels 1:7 --top 3 --format json
printf 'arm;y\nforsøg;3\nkontrol;-1\n' >"$TMP/negcount.csv"
expect negative-count 1 "fkstat: compare: $TMP/negcount.csv:3: column 'y': '-1' is not a count (a non-negative whole number)" \
        $F compare "$TMP/negcount.csv" --outcome y --type count
printf 'arm;y\nforsøg;3\nkontrol;2,5\nkontrol;4\n' >"$TMP/fracord.csv"
expect fractional-level 1 "fkstat: compare: $TMP/fracord.csv:3: column 'y': '2,5' is not a level of an ordinal scale (a whole number)" \
        $F compare "$TMP/fracord.csv" --outcome y --type ordinal
expect level-outside 1 "fkstat: compare: $S: outcome 'tilfredshed': level 5 is outside --levels 1:3" \
        $F compare $S --outcome tilfredshed --levels 1:3
expect bad-levels 2 "fkstat: compare: --levels needs MIN:MAX, whole numbers with MIN < MAX and at most 32 levels, not '5:1'" \
        $F compare $S --outcome tilfredshed --levels 5:1
expect bad-top 2 "fkstat: compare: --top must be a whole number from 1 to 32, not '0'" \
        $F compare $S --outcome tilfredshed --top 0
expect survival-later 2 "fkstat: compare: survival outcomes need --time and --event" \
        $F compare $S --outcome uger_til_job --type survival
expect binary-margin 2 "fkstat: compare: --margin for the binary outcome 'job_52w' must be below 1 (a risk difference)" \
        $F compare $EX/job.csv --outcome job_52w --margin 2
expect not-number 1 "fkstat: compare: $EX/job.csv:2: column 'kommune': 'Aalborg' is neither a number nor a binary value" \
        $F compare $EX/job.csv --outcome kommune
printf 'arm;y\nforsøg;3\nkontrol;2\n' >"$TMP/tiny.csv"
expect one-per-arm 0 "" $F compare "$TMP/tiny.csv" --outcome y --type continuous --format json
grep -q '"note"' "$TMP/out" && ok || bad "cli one-per-arm: no note for the null values"

# --freq equals expanded rows for every numeric type
printf 'arm;y;n\nforsøg;1;3\nforsøg;2;5\nforsøg;4;9\nforsøg;5;4\nkontrol;1;6\nkontrol;3;8\nkontrol;4;5\nkontrol;5;2\n' >"$TMP/lg.csv"
awk -F';' 'NR == 1 { print "arm;y"; next } { for (i = 0; i < $3; i++) print $1 ";" $2 }' "$TMP/lg.csv" >"$TMP/le.csv"
for ty in count ordinal continuous; do
        $F compare "$TMP/lg.csv" --outcome y --type $ty --freq n --format csv >"$TMP/g.csv" 2>/dev/null
        $F compare "$TMP/le.csv" --outcome y --type $ty --format csv >"$TMP/e.csv" 2>/dev/null
        if [ -s "$TMP/g.csv" ] && cmp -s "$TMP/g.csv" "$TMP/e.csv"; then ok; else bad "cli --freq $ty differs from expanded rows"; diff "$TMP/g.csv" "$TMP/e.csv" | head -5; fi
done

# survival (time to job)
L=$EX/ledighed.csv
golden survival_ledighed.txt $F survival $L --time uger --event job
golden survival_ledighed.json $F compare $L --time uger --event job --format json --margin 0.1
golden survival_ledighed.csv $F survival $L --time uger --event job --format csv --table --at 4,8
golden survival_ledighed.md $F survival $L --time uger --event job --format markdown --km-ci log --ties breslow
$F survival $L --time uger --event job --format json >"$TMP/s1.json" 2>/dev/null
$F compare $L --time uger --event job --type survival --format json >"$TMP/s2.json" 2>/dev/null
sed 's/"command": "compare"/"command": "survival"/' "$TMP/s2.json" | cmp -s - "$TMP/s1.json" && ok || bad "cli survival alias differs from compare --type survival"
expect survival-no-event 2 "fkstat: survival: survival outcomes need --time and --event" \
        $F survival $L --time uger
expect survival-bad-kmci 2 "fkstat: survival: --km-ci must be log-log, log or plain, not 'arcsin'" \
        $F survival $L --time uger --event job --km-ci arcsin
expect survival-bad-at 2 "fkstat: survival: --at needs non-negative times separated by commas, not '13,x'" \
        $F survival $L --time uger --event job --at 13,x
printf 'arm;uger;job\nforsøg;3;1\nkontrol;-2;0\n' >"$TMP/negtime.csv"
expect negative-time 1 "fkstat: survival: $TMP/negtime.csv:3: column 'uger': '-2' is not a time (a non-negative number)" \
        $F survival "$TMP/negtime.csv" --time uger --event job
printf 'arm;uger;job\nforsøg;3;1\nkontrol;2;2\n' >"$TMP/badevent.csv"
expect bad-event 1 "fkstat: survival: $TMP/badevent.csv:3: column 'job': '2' is not an event indicator (1 = job, 0 = censored)" \
        $F survival "$TMP/badevent.csv" --time uger --event job
printf 'arm;uger;job\nforsøg;;1\nkontrol;2;0\n' >"$TMP/misstime.csv"
expect missing-time 1 "fkstat: survival: $TMP/misstime.csv:2: column 'uger': '' is not a time (a non-negative number)" \
        $F survival "$TMP/misstime.csv" --time uger --event job
# grouped risk-table rows (--freq) equal the individual rows
awk -F';' 'NR > 1 { n[$3 ";" $4 ";" $5]++ } END { print "arm;uger;job;antal"; for (k in n) print k ";" n[k] }' $L >"$TMP/lgroup.csv"
$F survival "$TMP/lgroup.csv" --time uger --event job --freq antal --format csv --table >"$TMP/g.csv" 2>/dev/null
$F survival $L --time uger --event job --cluster none --format csv --table >"$TMP/e.csv" 2>/dev/null
if [ -s "$TMP/g.csv" ] && cmp -s "$TMP/g.csv" "$TMP/e.csv"; then ok; else bad "cli survival --freq differs from individual rows"; diff "$TMP/g.csv" "$TMP/e.csv" | head -5; fi

# stratified binary outcomes (Mantel-Haenszel)
golden compare_job_strata.txt $F compare $EX/job.csv --outcome job_52w --strata kommune
golden compare_job_strata.json $F compare $EX/job.csv --outcome job_52w --strata kommune --format json
golden compare_job_strata.md $F compare $EX/job.csv --outcome job_52w --strata kommune --format markdown
expect strata-not-binary 2 "fkstat: compare: --strata is for binary outcomes; 'samtaler_26w' is count" \
        $F compare $S --outcome samtaler_26w --strata kommune
expect strata-no-column 2 "fkstat: compare: $EX/job.csv: no column 'region' in the header (columns: 'person_id', 'kommune', 'arm', 'job_52w', 'uger')" \
        $F compare $EX/job.csv --outcome job_52w --strata region

# clustered designs (--cluster)
expect cluster-warning 0 "fkstat: compare: warning: job_52w: fewer than 5 clusters on a side (4 trial, 3 control)" \
        $F compare $EX/job.csv --outcome job_52w --cluster kommune
golden compare_job_cluster.json $F compare $EX/job.csv --outcome job_52w --cluster kommune --format json
golden compare_samtaler_cluster.txt $F compare $S --outcome samtaler_26w,tilfredshed --cluster kommune --seed 3
golden compare_samtaler_cluster.md $F compare $S --outcome uger_til_job --cluster kommune --format markdown
expect cluster-survival 0 "fkstat: survival: warning: uger: fewer than 5 clusters on a side (4 trial, 3 control)" \
        $F survival $EX/ledighed.csv --time uger --event job --cluster kommune
expect cluster-survival-compare 0 "fkstat: compare: warning: uger: fewer than 5 clusters on a side (4 trial, 3 control)" \
        $F compare $EX/ledighed.csv --type survival --time uger --event job --cluster kommune
golden survival_ledighed_cluster.json $F survival $EX/ledighed.csv --time uger --event job --cluster kommune --format json
golden survival_ledighed_cluster.txt $F survival $EX/ledighed.csv --time uger --event job --cluster kommune --ties breslow
golden survival_ledighed_cluster.md $F survival $EX/ledighed.csv --time uger --event job --cluster kommune --format markdown
golden survival_ledighed_cluster.csv $F survival $EX/ledighed.csv --time uger --event job --cluster kommune --format csv
# compare --type survival and the survival alias give the same numbers
$F compare $EX/ledighed.csv --type survival --time uger --event job --cluster kommune --format json 2>/dev/null | sed 1,5d >"$TMP/s1.json"
$F survival $EX/ledighed.csv --time uger --event job --cluster kommune --format json 2>/dev/null | sed 1,5d >"$TMP/s2.json"
[ -s "$TMP/s1.json" ] && cmp -s "$TMP/s1.json" "$TMP/s2.json" && ok || bad "cli cluster survival: compare and survival differ"
expect bad-reps 2 "fkstat: compare: --reps must be a whole number from 1 to 10^8, not '0'" \
        $F compare $EX/job.csv --outcome job_52w --cluster kommune --reps 0
printf 'arm;k;y\nforsøg;A;1\nforsøg;B;0\nkontrol;A;1\nkontrol;C;0\n' >"$TMP/mixed.csv"
expect cluster-both-arms 1 "" $F compare "$TMP/mixed.csv" --outcome y --cluster k
# the same seed gives the same bytes
$F compare $S --outcome tilfredshed --cluster kommune --seed 11 --reps 999 --format json >"$TMP/r1.json" 2>/dev/null
$F compare $S --outcome tilfredshed --cluster kommune --seed 11 --reps 999 --format json >"$TMP/r2.json" 2>/dev/null
[ -s "$TMP/r1.json" ] && cmp -s "$TMP/r1.json" "$TMP/r2.json" && ok || bad "cli cluster: same seed, different output"

# did: usage and data errors, outputs
P="$EX/panel.csv"
DID="--unit kommune --period kvartal --outcome andel --treated forsoeg"
expect did-no-start 2 "fkstat: did: --unit, --period, --outcome and --start (or --starts) are required" \
        $F did "$P" $DID
expect did-bad-start 2 "fkstat: did: --start '2017Q5' is not a period (2017, 2017H1, 2017Q3, 2017K3, 2017M07, 2017-07)" \
        $F did "$P" $DID --start 2017Q5
expect did-start-kind 2 "fkstat: did: --start '2017-07' is not of the same kind as the periods in column 'kvartal'" \
        $F did "$P" $DID --start 2017-07
expect did-no-column 2 "fkstat: did: $P: no column 'vægt' in the header" \
        $F did "$P" $DID --start 2017Q3 --weight vægt
expect did-start-late 1 "fkstat: did: $P: no period from 2030Q1 in the panel" \
        $F did "$P" $DID --start 2030Q1
expect did-bad-conf 2 "fkstat: did: --conf must lie between 0 and 1, not '95'" \
        $F did "$P" $DID --start 2017Q3 --conf 95
printf 'kommune;kvartal;forsoeg;andel\nA;2017Q1;1;0,5\nA;2017Q2;0;0,5\n' >"$TMP/flip.csv"
expect did-treated-flips 1 "fkstat: did: $TMP/flip.csv:3: column 'forsoeg': unit 'A' is both treated and not" \
        $F did "$TMP/flip.csv" $DID --start 2017Q2
printf 'kommune;kvartal;forsoeg;andel\nA;2017Q1;1;0,5\nA;2017Q2;1;x\n' >"$TMP/badval.csv"
expect did-bad-value 1 "fkstat: did: $TMP/badval.csv:3: column 'andel': 'x' is not a number" \
        $F did "$TMP/badval.csv" $DID --start 2017Q2
expect did-full 1 "fkstat: did: write error: No space left on device" \
        sh -c "$F did $P $DID --start 2017Q3 --weight antal --format json --reps 99 >/dev/full"
golden did_panel.txt $F did "$P" $DID --start 2017Q3 --weight antal
golden did_panel.json $F did "$P" $DID --start 2017Q3 --weight antal --format json --margin 0.005
golden did_panel.csv $F did "$P" $DID --start 2017Q3 --weight antal --format csv
golden did_panel.md $F did "$P" $DID --start 2017Q3 --weight antal --format markdown

# the verdict follows the design: its basis in every format, the
# municipalities of a clustered outcome, CSV rows as wide as their header
$F did "$P" $DID --start 2017Q3 --weight antal --format csv >"$TMP/did.csv" 2>/dev/null
awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad || NR < 2 }' "$TMP/did.csv" &&
        ok || bad "cli did csv: a row with another number of fields than the header"
grep -q '^verdict,.*,cr2,better$' "$TMP/did.csv" && ok || bad "cli did csv: no verdict row with its basis"
$F did "$P" $DID --start 2017Q3 --weight antal --format json >"$TMP/did.json" 2>/dev/null
$F compare $EX/job.csv --outcome job_52w --cluster kommune --format json >"$TMP/cl.json" 2>/dev/null
$F compare $EX/job.csv --outcome job_52w --format json >"$TMP/auto.json" 2>/dev/null
$F compare $EX/job.csv --outcome job_52w --cluster none --format json >"$TMP/none.json" 2>/dev/null
$F survival $EX/ledighed.csv --time uger --event job --cluster kommune --format json >"$TMP/sv.json" 2>/dev/null
if command -v python3 >/dev/null 2>&1; then
        python3 - "$TMP/did.json" "$TMP/cl.json" "$TMP/auto.json" "$TMP/none.json" "$TMP/sv.json" <<'PY' && ok || bad "cli json: verdict basis, clusters or did wild_bootstrap"
import json, sys
did, cl, auto, none, sv = (json.load(open(f)) for f in sys.argv[1:])
w = did["wild_bootstrap"]
assert set(w) == {"p_value", "reps", "weights"} and w["reps"] > 0, w
assert did["verdict"]["basis"] == "cr2" and "individual" not in did["verdict"]
r = cl["results"][0]
v = r["verdict"]
assert v["basis"] == "cr2" and v["ci"] == r["cluster"]["cr2"]["ci"], v
assert v["individual"]["result"] and "randomization" in v["note"], v
assert r["cluster"]["detected"] is False
assert auto["results"][0]["cluster"]["detected"] is True
assert [c["arm"] for c in r["clusters"]] == ["trial"] * 4 + ["control"] * 3
assert sum(c["n"] for c in r["clusters"]) == sum(g["n"] for g in r["groups"])
assert all(set(c) == {"cluster", "arm", "n", "estimate", "ci", "method"} for c in r["clusters"])
n = none["results"][0]
assert n["verdict"]["basis"] == "individual" and "clusters" not in n and "cluster" not in n
s = sv["results"][0]
assert s["verdict"]["basis"] == "lin_wei" and s["verdict"]["ci"] == s["cluster"]["robust"]["ci"]
assert all("events" in c and c["method"] == "km_median" for c in s["clusters"])
PY
        for fmt_out in "compare $EX/job.csv --outcome job_52w" "compare $S --outcome samtaler_26w,tilfredshed" \
                       "survival $EX/ledighed.csv --time uger --event job"; do
                $F $fmt_out --margin 0.1 --format csv >"$TMP/rows.csv" 2>/dev/null
                python3 - "$TMP/rows.csv" <<'PY' && ok || bad "cli csv ($fmt_out): rows and header differ or no verdict basis"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) > 2 and all(len(r) == len(rows[0]) for r in rows)
h = rows[0]
verdicts = [r for r in rows if r[h.index("section")] == "verdict" and r[h.index("name")] != "margin"]
assert verdicts and all(r[h.index("method")] in ("cr2", "lin_wei") for r in verdicts), verdicts
assert any(r[h.index("section")] == "by_cluster" for r in rows)
PY
        done
fi
$F compare $EX/job.csv --outcome job_52w --by-cluster >"$TMP/bc.txt" 2>/dev/null
grep -q "^  verdict (cluster-level, CR2): " "$TMP/bc.txt" && grep -q "^  individual-level (secondary, ignores clustering): " "$TMP/bc.txt" &&
        grep -q "^  Brønderslev *trial  *27 " "$TMP/bc.txt" && ok || bad "cli --by-cluster: no verdict on its basis or no per-municipality table"
$F compare $EX/job.csv --outcome job_52w >"$TMP/nobc.txt" 2>/dev/null
grep -q "Brønderslev" "$TMP/nobc.txt" && bad "cli: per-municipality table without --by-cluster" || ok
# terminal escapes from the data are shown escaped, never raw
printf 'arm;kommune;y\n' >"$TMP/esc.csv"
for k in A B; do printf 'forsøg;%s\033[2J;1\nforsøg;%s\033[2J;0\n' $k $k; done >>"$TMP/esc.csv"
for k in C D; do printf 'kontrol;%s;1\nkontrol;%s;0\nkontrol;%s;0\n' $k $k $k; done >>"$TMP/esc.csv"
$F compare "$TMP/esc.csv" --outcome y --cluster kommune --by-cluster >"$TMP/esc.txt" 2>/dev/null
if grep -q "$(printf '\033')" "$TMP/esc.txt" || ! grep -qF 'A\x1b[2J' "$TMP/esc.txt"; then
        bad "cli --by-cluster: a control character from the data reaches the terminal raw"
else
        ok
fi
