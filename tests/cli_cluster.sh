# CLI tests of clustered designs: --cluster auto (nested, crossed, with a
# missing municipality), --cluster none, rows without a municipality,
# --better/--margin per outcome, decimal commas in options.  Sourced by
# tests/run.sh after tests/cli_tests.sh (expect, TMP, F, EX).
CCASES=tests/cases/cluster

# json_is NAME PYTHON-EXPR CMD...: CMD's JSON (as d) makes EXPR true
json_is() {
        name=$1 expr=$2
        shift 2
        if ! "$@" >"$TMP/out" 2>"$TMP/err"; then
                bad "cli $name: exit status $? ($(head -n 1 "$TMP/err"))"
        elif python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($expr) else 1)" "$TMP/out"; then
                ok
        else
                bad "cli $name: not ($expr)"
        fi
}

# nested arms in a column named kommune: clustered, said on stderr
json_is cluster-auto "d['results'][0]['verdict']['basis'] == 'cr2' and d['results'][0]['cluster']['detected'] is True" \
        $F compare $EX/job.csv --outcome job_52w --format json
if grep -q "clustered by column 'kommune' (detected" "$TMP/err"; then ok; else bad "cli cluster-auto: stderr $(cat "$TMP/err")"; fi
json_is cluster-none "d['results'][0]['verdict']['basis'] == 'individual' and 'cluster' not in d['results'][0]" \
        $F compare $EX/job.csv --outcome job_52w --cluster none --format json
json_is cluster-named "d['results'][0]['cluster']['detected'] is False" \
        $F compare $EX/job.csv --outcome job_52w --cluster kommune --format json
# arms crossed with municipalities are not clustered
json_is cluster-crossed "d['results'][0]['verdict']['basis'] == 'individual'" \
        $F compare $CCASES/crossed/data.csv --outcome job --format json

# a municipality column with a missing value: not detected, and said;
# named, those rows leave the whole outcome
awk -F';' 'NR == 5 { $1 = "" } { print }' OFS=';' $CCASES/binary_auto_1/data.csv >"$TMP/miss.csv"
json_is cluster-auto-missing "d['results'][0]['verdict']['basis'] == 'individual'" \
        $F compare "$TMP/miss.csv" --outcome job --format json
if grep -q "looks like the municipality, but some rows have no value" "$TMP/err"; then ok; else bad "cli cluster-auto-missing: stderr $(cat "$TMP/err")"; fi
json_is cluster-missing-excluded "d['results'][0]['verdict']['basis'] == 'cr2' and d['results'][0]['excluded']['trial'] + d['results'][0]['excluded']['control'] == 1 and sum(g['n'] for g in d['results'][0]['groups']) == sum(c['n'] for c in d['results'][0]['clusters'])" \
        $F compare "$TMP/miss.csv" --outcome job --cluster Kommune --format json

# --better and --margin per outcome; decimal comma
json_is better-list "[r['better'] for r in d['results']] == ['higher', 'lower'] and d['results'][1]['verdict']['margin'] == 0.5" \
        $F compare $CCASES/two_outcomes/data.csv --outcome job,samtaler --better higher,lower --margin 0.05,0.5 --format json
json_is margin-comma "d['results'][0]['verdict']['margin'] == 0.05 and d['results'][1]['verdict']['margin'] == 0.05" \
        $F compare $CCASES/two_outcomes/data.csv --outcome job,samtaler --margin 0,05 --format json
json_is margin-comma-one "d['results'][0]['verdict']['margin'] == 0.05" \
        $F compare $EX/job.csv --outcome job_52w --margin 0,05 --format json
expect better-count 2 "fkstat: compare: --better has 3 values for 2 outcomes; give one, or one per outcome" \
        $F compare $CCASES/two_outcomes/data.csv --outcome job,samtaler --better higher,lower,higher
expect margin-count 2 "fkstat: compare: --margin has 3 values for 2 outcomes; give one, or one per outcome" \
        $F compare $CCASES/two_outcomes/data.csv --outcome job,samtaler --margin 0.1,0.2,0.3

# survival has its own --help
$F survival --help >"$TMP/out" 2>&1
if head -n 1 "$TMP/out" | grep -q "^usage: fkstat survival "; then ok; else bad "cli survival-help: $(head -n 1 "$TMP/out")"; fi

# arms from lists: comma lists, @FILE, any case, rows in neither arm
printf 'kommune;job\nAalborg;ja\nAALBORG ;nej\nHjørring;ja\nHJØRRING;ja\nThisted;nej\nThisted;ja\nLæsø;ja\nLÆSØ;nej\nSkive;ja\n' >"$TMP/k.csv"
printf '\357\273\277aalborg\r\nhjørring\r\n\r\n' >"$TMP/trial.txt"
json_is arms-file "d['results'][0]['groups'][0]['n'] == 4 and d['results'][0]['groups'][1]['n'] == 5 and d['arm']['unmatched'] == 0" \
        $F compare "$TMP/k.csv" --arm kommune --trial "@$TMP/trial.txt" --outcome job --cluster none --format json
json_is arms-list "d['results'][0]['groups'][0]['n'] == 4 and d['results'][0]['groups'][1]['n'] == 4 and d['arm']['unmatched'] == 1" \
        $F compare "$TMP/k.csv" --arm kommune --trial Aalborg,Hjørring --control 'thisted, læsø,Nowhere' --outcome job --cluster none --format json
if grep -q "^fkstat: compare: warning: --control value 'Nowhere' is not in the arm column$" "$TMP/err" &&
   grep -q "^fkstat: compare: 1 row is in neither arm (column 'kommune'): left out$" "$TMP/err"; then ok; else bad "cli arms-list: stderr $(cat "$TMP/err")"; fi
json_is arms-case "d['arm']['trial'] == 'forsøg' and d['results'][0]['groups'][0]['n'] == 118" \
        $F compare $EX/job.csv --outcome job_52w --trial FORSØG --format json
expect arms-both 2 "fkstat: compare: --trial and --control are both 'Aalborg'" \
        $F compare "$TMP/k.csv" --arm kommune --trial Aalborg,Hjørring --control aalborg --outcome job
expect arms-nofile 1 "fkstat: compare: $TMP/none.txt: cannot read the --trial list: No such file or directory" \
        $F compare "$TMP/k.csv" --arm kommune --trial "@$TMP/none.txt" --outcome job

# issue 16, time on small inputs: 40 000 single-person municipalities and a
# 4-row binary table of 4e9 people (Fisher's exact test) take seconds, not
# minutes; --reps 1e8 over 200 municipalities says so on stderr at once,
# also off a terminal
awk 'BEGIN { print "arm,kommune,y"; for (i = 0; i < 40000; i++) print (i % 2 ? "t" : "c") ",k" i "," (i % 3 == 0) }' >"$TMP/single.csv"
if timeout 30 $F compare "$TMP/single.csv" --outcome y --trial t --control c --cluster kommune \
        --type binary --reps 99 >/dev/null 2>"$TMP/err"; then ok
else bad "cluster: 40 000 single-person municipalities: $(head -n 1 "$TMP/err")"; fi
printf 'arm;y;n\nt;1;1000000000\nt;0;1000000000\nc;1;1000000000\nc;0;999999999\n' >"$TMP/fisher_big.csv"
if timeout 30 $F compare "$TMP/fisher_big.csv" --outcome y --freq n --type binary --trial t --control c \
        --cluster none >"$TMP/out" 2>"$TMP/err" && grep -q '^  fisher_exact ' "$TMP/out"; then ok
else bad "cluster: Fisher's exact test on 4e9 people: $(head -n 1 "$TMP/err")"; fi
awk 'BEGIN { print "arm,kommune,y"; for (i = 0; i < 2000; i++) print (i % 200 < 100 ? "t" : "c") ",k" (i % 200) "," (i % 3 == 0) }' >"$TMP/c200.csv"
timeout 3 $F compare "$TMP/c200.csv" --outcome y --trial t --control c --cluster kommune --type binary \
        --reps 100000000 >/dev/null 2>"$TMP/err"
grep -q "^fkstat: compare: y: 100000000 resamples over 200 municipalities for the wild bootstrap and randomization; this takes minutes" "$TMP/err" &&
        ok || bad "cluster: --reps 1e8 gives no word off a terminal: $(head -n 1 "$TMP/err")"
