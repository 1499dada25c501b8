# CLI tests of fkstat did with staggered starts (--start COL, --starts
# FILE), --treated-units, --control-group and --base-period: the JSON keys,
# the Goodman-Bacon terms adding up to the fixed-effects coefficient,
# periods written as in the input, CSV rows as wide as their header, the
# text warning about later-vs-earlier comparisons, and the exit status and
# one-line message of bad input.  The numbers themselves are checked
# against R in tests/cases/did_staggered (tests/reference/staggered.R).
# Sourced by tests/run.sh after tests/cli_tests.sh (expect, ok, bad, F,
# EX, TMP).
SC=tests/cases/did_staggered
SK="--unit kommune --period periode --outcome andel"

# did_json NAME PYTHON-EXPR CMD...: CMD succeeds and its JSON (d) makes
# EXPR true
did_json() {
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

# expect_re NAME STATUS REGEX CMD...: exit status and one stderr line
# matching the extended regular expression (messages that list the
# period forms)
expect_re() {
        name=$1 want=$2 re=$3
        shift 3
        "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
        got=$?
        if [ "$got" -ne "$want" ]; then
                bad "cli $name: exit $got, want $want ($(head -n 1 "$TMP/err"))"
        elif ! grep -Eq -- "$re" "$TMP/err"; then
                bad "cli $name: stderr '$(cat "$TMP/err")', want /$re/"
        else
                ok
        fi
}

K="$SC/k_never_varying/data.csv"
if command -v python3 >/dev/null 2>&1; then
        # the keys of the contract, the periods as written (2016K3)
        did_json did-stagger-keys "d['staggered'] is True and d['verdict']['basis'] == 'cs_simple' \
and [c['start'] for c in d['cohorts']] == ['2016K3', '2017K2', '2018K1'] \
and all(set(c) == {'start', 'units'} for c in d['cohorts']) \
and all({'cohort', 'period', 'estimate', 'se', 'ci'} <= set(g) for g in d['group_time']) \
and d['group_time'][0]['period'] == '2015K2' \
and set(d['aggregate']['simple']) >= {'estimate', 'se', 'ci', 'p_value'} \
and all(set(e) == {'event_time', 'estimate', 'se', 'ci'} for e in d['aggregate']['dynamic']) \
and all(set(g) == {'cohort', 'estimate', 'se', 'ci'} for g in d['aggregate']['group']) \
and set(d['randomization']) == {'p_value', 'assignments', 'exact'} \
and all(set(b) == {'type', 'treated', 'control', 'estimate', 'weight'} for b in d['bacon']) \
and d['verdict']['estimate'] == d['aggregate']['simple']['estimate']" \
                $F did "$K" $SK --start start --format json --reps 199
        # sum of weight x estimate is the fixed-effects coefficient
        for c in k_never_varying years_notyet_universal no_never_months one_start_universal; do
                python3 - "$F" "$SC/$c" <<'PY' && ok || bad "cli did-bacon-sum-$c: weights x estimates do not add up to the TWFE coefficient"
import json, os, subprocess, sys
fk, case = os.path.abspath(sys.argv[1]), sys.argv[2]
args = json.load(open(os.path.join(case, "case.json")))["args"]
d = json.loads(subprocess.run([fk] + args, cwd=case, capture_output=True, text=True).stdout)
b, tw = d["bacon"], d["twfe"]["estimate"]
assert abs(sum(x["weight"] * x["estimate"] for x in b) - tw) <= 1e-10 * max(1, abs(tw))
assert abs(sum(x["weight"] for x in b) - 1) < 1e-12
PY
        done
        # no decomposition of an unbalanced panel: null, with a note
        did_json did-bacon-unbalanced "d['bacon'] is None and any('balanced' in n for n in d['notes'])" \
                $F did "$SC/months_unbalanced/data.csv" $SK --start start --format json
        # one start for everybody, given per unit: still staggered
        did_json did-one-start "d['staggered'] is True and len(d['cohorts']) == 1 and d['bacon'][0]['type'] == 'treated_vs_never'" \
                $F did "$SC/one_start_universal/data.csv" $SK --start start --format json
        # --starts FILE gives the numbers of --start COL
        awk -F';' 'NR > 1 && $3 != "" { print $1 ";" $3 }' "$K" | sort -u >"$TMP/starts.txt"
        $F did "$K" $SK --start start --format json --reps 99 >"$TMP/col.json" 2>/dev/null
        $F did "$K" $SK --starts "$TMP/starts.txt" --format json --reps 99 >"$TMP/file.json" 2>/dev/null
        python3 - "$TMP/col.json" "$TMP/file.json" <<'PY' && ok || bad "cli did-starts-file: --starts and --start COL differ"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for k in ("aggregate", "group_time", "cohorts", "bacon", "twfe", "randomization", "verdict"):
    assert a[k] == b[k], k
PY
        # --treated-units names the treated units of one start: as --treated
        P="$EX/panel.csv"
        awk -F';' 'NR > 1 && $3 == 1 { print $1 }' "$P" | sort -u >"$TMP/units.txt"
        $F did "$P" --unit kommune --period kvartal --outcome andel --treated forsoeg --start 2017Q3 --format json --reps 99 >"$TMP/tr.json" 2>/dev/null
        $F did "$P" --unit kommune --period kvartal --outcome andel --treated-units "@$TMP/units.txt" --start 2017Q3 --format json --reps 99 >"$TMP/tu.json" 2>/dev/null
        python3 - "$TMP/tr.json" "$TMP/tu.json" <<'PY' && ok || bad "cli did-treated-units: differs from --treated"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert a["estimate"] == b["estimate"] and a["cr2"] == b["cr2"] and a["units"] == b["units"]
assert "staggered" not in a or a["staggered"] is False
PY
fi
units=$(awk -F';' 'NR > 1 && $3 == 1 { print $1 }' "$EX/panel.csv" | sort -u | tr 'a-z' 'A-Z' | paste -sd, -)
if $F did "$EX/panel.csv" --unit kommune --period kvartal --outcome andel --treated-units "$units" --start 2017Q3 >/dev/null 2>"$TMP/err"; then
        ok
else
        bad "cli did-treated-units-case: $(head -n 1 "$TMP/err")"
fi

# text: the verdict on the simple aggregate, the later-vs-earlier warning
$F did "$SC/no_never_months/data.csv" $SK --starts "$SC/no_never_months/starts.txt" >"$TMP/t.txt" 2>"$TMP/err"
grep -q '^  verdict (simple aggregate ATT): ' "$TMP/t.txt" && ok || bad "cli did-stagger-text: no verdict line"
grep -q 'warning: later-vs-earlier comparisons carry 46 % of the weight' "$TMP/t.txt" && ok ||
        bad "cli did-stagger-text: no later-vs-earlier warning"
grep -q 'no never-treated unit: the last cohort (start 2018-03) is the comparison group' "$TMP/err" && ok ||
        bad "cli did-stagger-text: no note on the comparison group"
$F did "$SC/one_start_universal/data.csv" $SK --start start >"$TMP/t.txt" 2>/dev/null
grep -q 'later-vs-earlier' "$TMP/t.txt" && bad "cli did-stagger-text: warning without later-vs-earlier weight" || ok
$F did "$K" $SK --start start --format markdown >"$TMP/t.md" 2>/dev/null
grep -q '^### Difference in differences, staggered starts: andel$' "$TMP/t.md" &&
        grep -q '^\*\*Verdict (simple aggregate ATT):\*\*' "$TMP/t.md" && ok || bad "cli did-stagger-markdown"

# CSV: every row as wide as the header, the verdict on its basis
$F did "$K" $SK --start start --format csv >"$TMP/s.csv" 2>/dev/null
awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad || NR < 10 }' "$TMP/s.csv" &&
        ok || bad "cli did-stagger-csv: a row with another number of fields than the header"
grep -q '^verdict,.*,cs_simple,better$' "$TMP/s.csv" && ok || bad "cli did-stagger-csv: no verdict row with its basis"
grep -q '^att_gt,2016K3,,2015K2,,' "$TMP/s.csv" && ok || bad "cli did-stagger-csv: periods not as written"

# usage errors: exit 2, one line
expect did-stagger-weight 2 "fkstat: did: --weight does not go with per-unit starts: the staggered estimates are unweighted" \
        $F did "$K" $SK --start start --weight andel
expect did-starts-weight 2 "fkstat: did: --weight does not go with per-unit starts: the staggered estimates are unweighted" \
        $F did "$K" $SK --starts "$TMP/starts.txt" --weight andel
expect_re did-start-neither 2 "^fkstat: did: $K: --start 'startkvartal' is neither a period \(.*\) nor a column in the header$" \
        $F did "$K" $SK --start startkvartal
expect did-start-and-starts 2 "fkstat: did: --start and --starts are alternatives: give one" \
        $F did "$K" $SK --start start --starts "$TMP/starts.txt"
expect did-no-treated 2 "fkstat: did: --treated or --treated-units is required with one --start period" \
        $F did "$K" $SK --start 2017K2
expect did-treated-twice 2 "fkstat: did: --treated and --treated-units are alternatives: give one" \
        $F did "$EX/panel.csv" --unit kommune --period kvartal --outcome andel --treated forsoeg --treated-units A --start 2017Q3
expect did-control-group 2 "fkstat: did: unknown --control-group 'later' (never or notyet)" \
        $F did "$K" $SK --start start --control-group later
expect did-base-period 2 "fkstat: did: unknown --base-period 'fixed' (varying or universal)" \
        $F did "$K" $SK --start start --base-period fixed

# data errors: exit 1, file and line
printf 'kommune;periode;start;andel\nA;2017Q1;2017Q3;0,5\nA;2017Q2;2018Q1;0,5\nB;2017Q1;;0,4\nB;2017Q2;;0,4\n' >"$TMP/two.csv"
expect did-two-starts 1 "fkstat: did: $TMP/two.csv:3: column 'start': unit 'A' has two starts, '2017Q3' and '2018Q1'" \
        $F did "$TMP/two.csv" $SK --start start
printf 'kommune;periode;start;andel\nA;2017Q1;snart;0,5\nA;2017Q2;snart;0,5\nB;2017Q1;;0,4\nB;2017Q2;;0,4\n' >"$TMP/soon.csv"
expect_re did-start-value 1 "^fkstat: did: $TMP/soon.csv:2: column 'start': 'snart' is not a period \(.*\)$" \
        $F did "$TMP/soon.csv" $SK --start start
printf 'kommune;periode;start;andel\nA;2017Q1;2017-07;0,5\nA;2017Q2;2017-07;0,5\nB;2017Q1;;0,4\nB;2017Q2;;0,4\n' >"$TMP/kind.csv"
expect did-start-kind-col 1 "fkstat: did: $TMP/kind.csv:2: column 'start': '2017-07' is not of the same kind as the periods in column 'periode'" \
        $F did "$TMP/kind.csv" $SK --start start
printf 'K01;2016K3\nK02;2016Q9\n' >"$TMP/bad_starts.txt"
expect_re did-starts-line 1 "^fkstat: did: $TMP/bad_starts.txt:2: '2016Q9' is not a period \(.*\)$" \
        $F did "$K" $SK --starts "$TMP/bad_starts.txt"
expect_re did-starts-missing 1 "^fkstat: did: $TMP/none.txt: cannot read the starts: " \
        $F did "$K" $SK --starts "$TMP/none.txt"
printf 'K01\n' >"$TMP/nosep.txt"
expect did-starts-nosep 1 "fkstat: did: $TMP/nosep.txt:1: 'K01' is not a unit;start line" \
        $F did "$K" $SK --starts "$TMP/nosep.txt"
expect did-starts-disagree 1 "fkstat: did: unit 'K01' is treated in --treated-units but has no start" \
        $F did "$K" $SK --start start --treated-units K01,K05
expect did-stagger-full 1 "fkstat: did: write error: No space left on device" \
        sh -c "$F did $K $SK --start start --format json --reps 99 >/dev/full"
if $F did --help | grep -q -- '--starts FILE' && $F did --help | grep -q -- '--control-group'; then ok; else bad "cli did --help: no --starts or --control-group"; fi
