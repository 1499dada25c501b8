# CLI tests of wide tables (did --wide, the plan's wide key) and of the
# public-data example in datasets/public: a wide table gives the did JSON
# of the same table in long form; malformed wide headers are one-line
# errors; the example's files are what its generator writes; long and
# wide give the same staggered estimates; the simple ATT is near the
# generator's effect; describe reads the StatBank layout.  Sourced by
# tests/run.sh after tests/cli_tests.sh (expect, ok, bad, F, EX, TMP).
PUB=datasets/public

# wide_of LONG WIDE: the panel of datasets/examples one column per quarter,
# with a title line, a ".." cell and a source line
wide_of() {
        awk -F';' 'NR > 1 {
                if (!($1 in seen)) { seen[$1] = 1; u[++nu] = $1; tr[$1] = $3 }
                if (!($2 in sp)) { sp[$2] = 1; p[++np] = $2 }
                v[$1, $2] = $4
        } END {
                print "Tabel: andel i job;"
                printf "kommune;forsoeg"
                for (j = 1; j <= np; j++) printf ";%s", p[j]
                print ""
                for (i = 1; i <= nu; i++) {
                        printf "%s;%s", u[i], tr[u[i]]
                        for (j = 1; j <= np; j++)
                                printf ";%s", (i == 3 && j == 5) ? ".." : v[u[i], p[j]]
                        print ""
                }
                print "Kilde: syntetisk"
        }' "$1" >"$2"
        # the long form, reshaped by awk, with the same ".." cell
        awk -F';' 'NR == 2 { for (j = 3; j <= NF; j++) p[j] = $j
                             print "kommune;kvartal;forsoeg;andel"; next }
                NR > 2 && NF > 2 { for (j = 3; j <= NF; j++)
                                           print $1 ";" p[j] ";" $2 ";" $j }' \
                "$2" >"$2.long"
}

DA="--unit kommune --period kvartal --outcome andel --treated forsoeg --start 2017Q3"
wide_of "$EX/panel.csv" "$TMP/wide.csv"
if command -v python3 >/dev/null 2>&1; then
        $F did "$TMP/wide.csv.long" $DA --format json --reps 199 >"$TMP/l.json" 2>"$TMP/l.err"
        $F did "$TMP/wide.csv" --wide $DA --format json --reps 199 >"$TMP/w.json" 2>"$TMP/w.err"
        python3 - "$TMP/l.json" "$TMP/w.json" <<'PY' && ok || bad "cli wide-did: the JSON of the wide table differs from the long one"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a["input"].pop("files"); b["input"].pop("files")
assert a == b, [k for k in a if a[k] != b.get(k)]
assert a["input"]["rows"] == 336
PY
        grep -q '1 rows without an outcome' "$TMP/w.err" && ok || bad "cli wide-did: the '..' cell is not left out"
        grep -q "^fkstat: did: $TMP/wide.csv: --wide: 24 period columns ('2015Q1' to '2020Q4') read as rows of 'kvartal' and 'andel'$" "$TMP/w.err" &&
                ok || bad "cli wide-did: no note of the reshape ($(cat "$TMP/w.err"))"
        # the plan's wide key: the report's did entry as from the long table
        printf '[study]\ndata = wide.csv\n\n[did andel]\nunit = kommune\nperiod = kvartal\noutcome = andel\ntreated = forsoeg\nstart = 2017Q3\nwide = yes\n' >"$TMP/wide.ini"
        sed -e 's/wide.csv/wide.csv.long/' -e '/^wide/d' "$TMP/wide.ini" >"$TMP/long.ini"
        rm -rf "$TMP/rw" "$TMP/rl"
        if $F report "$TMP/wide.ini" -o "$TMP/rw" 2>"$TMP/err" && $F report "$TMP/long.ini" -o "$TMP/rl" 2>>"$TMP/err"; then
                python3 - "$TMP/rw/results.json" "$TMP/rl/results.json" <<'PY' && ok || bad "cli wide-report: the did entry differs from the long table's"
import json, sys
a, b = (json.load(open(f))["did"][0] for f in sys.argv[1:])
for k in ("estimate", "cr1", "cr2", "event_study", "verdict"):
    assert a[k] == b[k], k
PY
        else
                bad "cli wide-report: $(head -n 1 "$TMP/err")"
        fi
fi

# malformed wide tables: one line naming the file and the header line
printf 'Tabel\nkommune;forsoeg;a;b\nK1;1;1;2\n' >"$TMP/np.csv"
expect_re wide-no-period 1 "^fkstat: did: $TMP/np.csv:2: --wide: no column of the header is named by a period \(.*\)$" \
        $F did "$TMP/np.csv" --wide $DA
printf 'kommune;forsoeg;2019K1;2019M02\nK1;1;1;2\n' >"$TMP/mix.csv"
expect wide-mixed 1 "fkstat: did: $TMP/mix.csv:1: --wide: column '2019M02' is a month but column '2019K1' a quarter: the period columns must be of one kind" \
        $F did "$TMP/mix.csv" --wide $DA
printf 'kommune;forsoeg;2019K1;2019Q1\nK1;1;1;2\n' >"$TMP/same.csv"
expect wide-same 1 "fkstat: did: $TMP/same.csv:1: --wide: columns '2019K1' and '2019Q1' are the same period" \
        $F did "$TMP/same.csv" --wide $DA
printf 'kommune;forsoeg;andel;2019K1;2019K2\nK1;1;1;2;3\n' >"$TMP/col.csv"
expect wide-collide 2 "fkstat: did: $TMP/col.csv:1: --wide: the new value column 'andel' is already a column of the header; name it otherwise" \
        $F did "$TMP/col.csv" --wide $DA
expect wide-same-names 2 "fkstat: did: --wide: --period and --outcome name the two new columns and must differ" \
        $F did "$TMP/wide.csv" --wide --unit kommune --period andel --outcome andel --treated forsoeg --start 2017Q3
expect wide-unit-period 2 "" \
        $F did "$TMP/wide.csv" --wide --unit 2015Q1 --period kvartal --outcome andel --treated forsoeg --start 2017Q3

# the public-data example: the committed files are the generator's output
if command -v python3 >/dev/null 2>&1; then
        mkdir -p "$TMP/pub"
        python3 "$PUB/generate.py" "$TMP/pub"
        for f in statbank_kvartal.csv jobindsats_bred.csv forsoegskommuner.csv; do
                cmp -s "$TMP/pub/$f" "$PUB/$f" && ok || bad "cli public: $PUB/$f is not what generate.py writes"
        done
fi
# its layout: BOM, a title line, ';', TID as 2016K1, '..', decimal commas,
# thousands separators, a source line; the 98 municipalities
head -c 3 "$PUB/statbank_kvartal.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "cli public: no byte order mark"
n=$(awk -F';' 'NR > 2 && NF == 8 { print $1 }' "$PUB/statbank_kvartal.csv" | sort -u | wc -l)
[ "$n" -eq 98 ] && ok || bad "cli public: $n municipalities, want 98"
grep -q ';\.\.;\.\.' "$PUB/statbank_kvartal.csv" && grep -q ';[0-9]\.[0-9][0-9][0-9];' "$PUB/statbank_kvartal.csv" &&
        ok || bad "cli public: no '..' cell or no thousands separator"
sup=$(grep -c ';\.\.;\.\.' "$PUB/statbank_kvartal.csv")
max=$(awk -F';' 'NR > 2 && NF == 8 { gsub(/\./, "", $6); if ($6 + 0 > m) m = $6 + 0 } END { print m }' "$PUB/statbank_kvartal.csv")

# describe reads it as published: '..' missing, thousands read
$F describe "$PUB/statbank_kvartal.csv" --outcome FORLØB,ANDEL --format json >"$TMP/d.json" 2>"$TMP/d.err"
if command -v python3 >/dev/null 2>&1; then
        python3 - "$TMP/d.json" "$sup" "$max" <<'PY' && ok || bad "cli public-describe: FORLØB or ANDEL misread"
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["column"]: x for x in d["groups"][0]["columns"]}
assert c["FORLØB"]["n"] == 2352 and c["FORLØB"]["max"] == float(sys.argv[3])
assert c["ANDEL"]["missing"] == int(sys.argv[2]) and 10 < c["ANDEL"]["mean"] < 60
PY
fi
grep -q "skipped 1 title line above the header" "$TMP/d.err" && grep -q "skipped 1 note line below the data" "$TMP/d.err" &&
        ok || bad "cli public-describe: title or source line not said"

# staggered did: long and wide agree; the simple ATT is near the effect
# the generator put in, and its interval covers it
effect=$(sed -n 's/^EFFECT = \([0-9.]*\).*/\1/p' "$PUB/generate.py")
SP="--period TID --outcome ANDEL --starts $PUB/forsoegskommuner.csv --format json --reps 999"
$F did "$PUB/statbank_kvartal.csv" --unit OMRÅDE $SP >"$TMP/pl.json" 2>"$TMP/err" || bad "cli public-did-long: $(head -n 1 "$TMP/err")"
$F did "$PUB/jobindsats_bred.csv" --wide --unit Område $SP >"$TMP/pw.json" 2>"$TMP/err" || bad "cli public-did-wide: $(head -n 1 "$TMP/err")"
if command -v python3 >/dev/null 2>&1; then
        python3 - "$TMP/pl.json" "$TMP/pw.json" "$effect" <<'PY' && ok || bad "cli public-did: long and wide differ, or the ATT is not near the generator's effect"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
eff = float(sys.argv[3])
for k in ("cohorts", "group_time", "aggregate", "twfe", "randomization", "verdict"):
    assert a[k] == b[k], k
assert [c["start"] for c in a["cohorts"]] == ["2018K1", "2018K3", "2019K1"]
s = a["aggregate"]["simple"]
assert abs(s["estimate"] - eff) < 1.0 and s["ci"][0] < eff < s["ci"][1], s
assert a["verdict"]["result"] == "better"
PY
fi
