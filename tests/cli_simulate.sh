# CLI tests of fkstat simulate: the bundled Nordjylland data regenerate
# byte for byte, seeds, usage errors naming plan:line (2), write failures
# (1), and the other commands run on the generated files.  Sourced by
# tests/run.sh after tests/cli_tests.sh, which defines expect, $F and $TMP.

NJ=datasets/nordjylland
expect simulate-help 0 "" $F simulate --help
expect simulate-nj 0 "" $F simulate $NJ/plan.ini -o "$TMP/nj"
for f in individuals.csv panel.csv; do
        if cmp -s "$TMP/nj/$f" "$NJ/$f"; then ok; else bad "simulate: $NJ/$f differs from a fresh 'fkstat simulate $NJ/plan.ini'"; fi
done
ls -A "$TMP/nj" | grep -q '^\.' && bad "simulate: temporary file left in -o" || ok
$F simulate $NJ/plan.ini -o "$TMP/nj2" --seed 20170701 >/dev/null 2>&1
cmp -s "$TMP/nj2/individuals.csv" "$NJ/individuals.csv" && ok || bad "simulate: --seed equal to [study] seed differs"
$F simulate $NJ/plan.ini -o "$TMP/nj3" --seed 2 >/dev/null 2>&1
[ -s "$TMP/nj3/individuals.csv" ] && ! cmp -s "$TMP/nj3/individuals.csv" "$NJ/individuals.csv" && ok || bad "simulate: --seed 2 gives the same people"
# the default folder is the current one
top=$(pwd)
case $F in /*) abs=$F ;; *) abs=$top/$F ;; esac
(mkdir -p "$TMP/here" && cd "$TMP/here" && "$abs" simulate "$top/$NJ/plan.ini" >/dev/null 2>&1) &&
        cmp -s "$TMP/here/panel.csv" "$NJ/panel.csv" && ok || bad "simulate: default -o is not the current folder"

# usage errors: exit 2, naming the plan file and line
sed 's/^icc = /icc_job = /' $NJ/plan.ini >"$TMP/unknown.ini"
line=$(grep -n '^icc_job' "$TMP/unknown.ini" | cut -d: -f1)
expect simulate-unknown-key 2 "fkstat: simulate: $TMP/unknown.ini:$line: unknown key 'icc_job' in [design]" \
        $F simulate "$TMP/unknown.ini" -o "$TMP/x"
sed 's/^response_rate = .*/response_rate = 1.5/' $NJ/plan.ini >"$TMP/badval.ini"
line=$(grep -n '^response_rate' "$TMP/badval.ini" | cut -d: -f1)
expect simulate-bad-value 2 "fkstat: simulate: $TMP/badval.ini:$line: [design] response_rate: '1.5' is not a share in (0, 1]" \
        $F simulate "$TMP/badval.ini" -o "$TMP/x"
sed 's/^trial.Rebild = 120/trial.Rebild = mange/' $NJ/plan.ini >"$TMP/badmun.ini"
line=$(grep -n '^trial.Rebild' "$TMP/badmun.ini" | cut -d: -f1)
expect simulate-bad-inflow 2 "fkstat: simulate: $TMP/badmun.ini:$line: [design] trial.Rebild: 'mange' is not a number of people entering per year (0 to 10^7)" \
        $F simulate "$TMP/badmun.ini" -o "$TMP/x"
printf '[study]\nseed = 3\n' >"$TMP/nodesign.ini"
expect simulate-no-design 2 "fkstat: simulate: $TMP/nodesign.ini: no [design] section (the keys of 'fkstat simulate')" \
        $F simulate "$TMP/nodesign.ini"
expect simulate-no-plan 2 "fkstat: simulate: a plan file is required" $F simulate
expect simulate-bad-seed 2 "" $F simulate $NJ/plan.ini --seed -1
expect simulate-unknown-option 2 "fkstat: simulate: unknown option '--frobnicate'" \
        $F simulate $NJ/plan.ini --frobnicate
[ -e "$TMP/x" ] && bad "simulate: a usage error created -o" || ok

# run-time errors: exit 1, nothing half-written
expect simulate-missing-plan 1 "" $F simulate "$TMP/none.ini"
: >"$TMP/afile"
expect simulate-o-file 1 "" $F simulate $NJ/plan.ini -o "$TMP/afile"
expect simulate-o-unmakeable 1 "" $F simulate $NJ/plan.ini -o "$TMP/afile/sub"
grep -q "afile/sub" "$TMP/err" && ok || bad "simulate: the message does not name -o"
expect simulate-full 1 "" sh -c "$F simulate $NJ/plan.ini -o $TMP/full >/dev/full"

# the other commands read what simulate writes
expect simulate-compare 0 "" $F compare $NJ/individuals.csv --outcome job_52w,samtaler_26w,tilfredshed --cluster kommune --reps 99
expect simulate-survival 0 "" $F survival $NJ/individuals.csv --time uger --event job
expect simulate-did 0 "" $F did $NJ/panel.csv --unit kommune --period kvartal \
        --outcome andel_selvforsorgende --treated forsoegskommune --start 2017Q3 --weight antal --reps 99

# issue 16: a huge panel_people_per_inflow is refused, not written as a
# negative count
sed 's/^panel_people_per_inflow = .*/panel_people_per_inflow = 1e300/' $NJ/plan.ini >"$TMP/huge.ini"
line=$(grep -n '^panel_people_per_inflow' "$TMP/huge.ini" | cut -d: -f1)
expect simulate-huge-inflow 2 "fkstat: simulate: $TMP/huge.ini:$line: [design] panel_people_per_inflow: '1e300' is not a positive number up to 1e9" \
        $F simulate "$TMP/huge.ini" -o "$TMP/huge"
[ ! -e "$TMP/huge" ] && ok || bad "simulate-huge-inflow: output written"
