# CLI tests of fkstat validate: help, usage errors (2), data errors (1),
# the JSON keys, the same bytes on any number of threads, and the planned
# design.  Sourced by tests/run.sh after tests/cli_tests.sh, which defines
# expect, $F and $TMP.  Repetitions are kept small so this runs in a
# second or two.

NJ=datasets/nordjylland/individuals.csv
VJ="$F validate $NJ --outcome job_52w --cluster kommune --reps 40 --inner-reps 49"

expect validate-help 0 "" $F validate --help
grep -q '^usage: fkstat validate' "$TMP/out" && ok || bad "validate --help: no usage line on stdout"

# usage errors: exit 2 with the Try line
expect validate-unknown-option 2 "fkstat: validate: unknown option '--frobnicate'" \
        $F validate $NJ --outcome job_52w --frobnicate
grep -qx "Try 'fkstat validate --help'" "$TMP/err" && ok || bad "validate: usage error without the Try line"
expect validate-reps-range 2 "fkstat: validate: --reps must be a whole number from 2 to 1000000, not '1'" \
        $F validate $NJ --outcome job_52w --reps 1
expect validate-format-csv 2 "fkstat: validate: --format must be text, json or markdown, not 'csv'" \
        $F validate $NJ --outcome job_52w --format csv
expect validate-two-outcomes 2 "fkstat: validate: validate takes one outcome, not 'job_52w,samtaler_26w'" \
        $F validate $NJ --outcome job_52w,samtaler_26w
# a time to job: Cox, Lin-Wei and randomization, no wild bootstrap; the
# same numbers on 1 and 2 threads
if $F validate datasets/examples/ledighed.csv --time uger --event job --cluster kommune \
        --reps 40 --inner-reps 49 --threads 1 --format json >"$TMP/vs1.json" 2>/dev/null &&
   $F validate datasets/examples/ledighed.csv --time uger --event job --cluster kommune \
        --reps 40 --inner-reps 49 --threads 2 --format json >"$TMP/vs2.json" 2>/dev/null &&
   cmp -s "$TMP/vs1.json" "$TMP/vs2.json" &&
   python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=[x["method"] for x in d["methods"]]; sys.exit(not (m==["individual","lin_wei","randomization"] and d["measure"]=="hazard_ratio" and d["design"]["effect"]==1 and d["model"]["name"]=="positive stable frailty"))' "$TMP/vs1.json"; then ok
else bad "validate: time to job"; fi
expect validate-survival-planned 2 "fkstat: validate: a planned design (--clusters) reads no data: leave out FILE, --outcome and the other data options" \
        $F validate --clusters 9,10 --cluster-size 100 --icc 0.01 --time uger
expect validate-not-clustered 2 "fkstat: validate: job_52w: the outcome is not clustered; name the municipality column with --cluster" \
        $F validate $NJ --outcome job_52w --cluster none --reps 10
expect validate-planned-no-icc 2 "fkstat: validate: a planned design needs --icc" \
        $F validate --clusters 9,10 --cluster-size 100 --p-control 0.5
expect validate-planned-with-data 2 "fkstat: validate: a planned design (--clusters) reads no data: leave out FILE, --outcome and the other data options" \
        $F validate $NJ --clusters 9,10 --cluster-size 100 --icc 0.01 --p-control 0.5
expect validate-planned-clusters 2 "fkstat: validate: --clusters needs T,C, two whole numbers from 2 to 1000, not '9'" \
        $F validate --clusters 9 --cluster-size 100 --icc 0.01 --p-control 0.5
expect validate-icc-range 2 "fkstat: validate: --icc must lie in [0, 1), not '1'" \
        $F validate --clusters 9,10 --cluster-size 100 --icc 1 --p-control 0.5
expect validate-effect-range 2 "fkstat: validate: a true effect of 0.6 puts the trial arm's proportion at 1.1, outside (0, 1)" \
        $F validate --clusters 9,10 --cluster-size 100 --icc 0.01 --p-control 0.5 --effect 0.6 --reps 10
expect validate-missing-column 2 "" $F validate $NJ --outcome nosuch --reps 10

# data and run-time errors: exit 1
expect validate-missing-file 1 "fkstat: validate: $TMP/none.csv: cannot open: No such file or directory" \
        $F validate "$TMP/none.csv" --outcome job_52w
expect validate-full 1 "" sh -c "$VJ >/dev/full"

# the design of the data, in JSON, without timings
expect validate-json 0 "" $VJ --format json
if command -v python3 >/dev/null 2>&1; then
        python3 - "$TMP/out" <<'EOF' && ok || bad "validate --format json: keys or values"
import json, sys
d = json.load(open(sys.argv[1]))
g = d["design"]
assert g["clusters"] == {"trial": 9, "control": 10}, g["clusters"]
assert len(g["sizes"]["trial"]) == 9 and len(g["sizes"]["control"]) == 10
assert sum(g["sizes"]["trial"]) == 8546 and sum(g["sizes"]["control"]) == 10770
for k in ("icc", "effect", "reps", "seed"):
    assert k in g, k
assert g["reps"] == 40 and g["seed"] == 1 and g["effect"] == 0
assert 0 < g["icc"] < 0.05
names = [m["method"] for m in d["methods"]]
assert names == ["individual", "cr2", "wild_bootstrap", "randomization"], names
keys = {"method", "coverage", "coverage_mcse", "mean_width", "bias", "rmse",
        "rejection_rate", "rejection_mcse", "mean_se"}
for m in d["methods"]:
    assert keys <= set(m), keys - set(m)
    r = m["rejection_rate"]
    assert abs(m["rejection_mcse"] - (r * (1 - r) / 40) ** 0.5) < 1e-12
ind, cr2 = d["methods"][0], d["methods"][1]
assert ind["coverage"] < cr2["coverage"]
assert d["methods"][2]["coverage"] is None
assert d["inner"]["wild_bootstrap"]["reps"] == 49
assert d["inner"]["randomization"]["exact"] is True
assert "time" not in json.dumps(d).lower().replace("times", "")
EOF
fi

# the same bytes on one thread and on two; another seed, other numbers
FKSTAT_THREADS=1 $VJ --format json >"$TMP/v1.json" 2>/dev/null
$VJ --format json --threads 2 >"$TMP/v2.json" 2>/dev/null
cmp -s "$TMP/v1.json" "$TMP/v2.json" && ok || bad "validate: one and two threads differ"
$VJ --format json --seed 2 >"$TMP/v3.json" 2>/dev/null
cmp -s "$TMP/v1.json" "$TMP/v3.json" && bad "validate: --seed 2 gives the same numbers" || ok
grep -q "$(printf '\r')" "$TMP/err" && bad "validate: a progress line on a non-terminal" || ok

# text: the table, the inner draws and the sentence
expect validate-text 0 "" $VJ
grep -q '^cr2 ' "$TMP/out" && grep -q 'wild bootstrap 49 rademacher weight vectors' "$TMP/out" &&
        grep -q '^With 9 and 10 municipalities the individual interval covers the truth in' "$TMP/out" &&
        ok || bad "validate: text output lacks the table, the inner draws or the sentence"

# a planned design at the margin: the rejection rate is of the margin
expect validate-planned 0 "" $F validate --clusters 6,6 --cluster-size 50 --icc 0.02 \
        --p-control 0.6 --margin 0.05 --reps 30 --inner-reps 0 --format json
grep -q '"rejection": "non_inferiority_at_margin"' "$TMP/out" && grep -q '"effect": -0.05' "$TMP/out" &&
        ok || bad "validate: a planned design at the margin"
expect validate-planned-continuous 0 "" $F validate --clusters 5,5 --cluster-size 20 --icc 0,05 \
        --sd 2 --effect 0,5 --reps 20 --format markdown
grep -q '^| cr2 |' "$TMP/out" && ok || bad "validate: Markdown table"
