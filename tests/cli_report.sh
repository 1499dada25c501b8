# CLI tests of fkstat report and fkstat plot.  Sourced by tests/run.sh after
# tests/cli_tests.sh (which defines expect, golden, $TMP and $F).

PLAN=datasets/examples/plan.ini
R="$TMP/report"
if "$F" report "$PLAN" -o "$R" 2>"$TMP/err" && [ -f "$R/report.html" ] &&
   [ -f "$R/charts/outcome-job_52w.gp" ] && [ -f "$R/charts/outcome-job_52w.dat" ]; then ok
else bad "report: no bundle ($(head -n 1 "$TMP/err"))"; fi
if python3 tests/check_report.py "$F" "$PLAN" "$R" >"$TMP/out" 2>&1; then ok
else bad "report: results.json differs from compare/did: $(head -n 3 "$TMP/out")"; fi
if command -v gnuplot >/dev/null 2>&1; then
        for c in outcome-job_52w outcome-uger outcome-tilfredshed did-selv-trend did-selv-eventstudy; do
                if head -c 8 "$R/charts/$c.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' &&
                   grep -q '</svg>' "$R/charts/$c.svg"; then ok; else bad "report: chart $c"; fi
        done
fi
if grep -q '## Sammenfatning' "$R/report.md" && grep -q 'Holm\|holm' "$R/report.md" &&
   grep -q 'SHA-256' "$R/report.md"; then ok; else bad "report: report.md lacks its parts"; fi
# English
if "$F" report "$PLAN" -o "$TMP/report_en" --lang en 2>/dev/null &&
   grep -q '## Summary' "$TMP/report_en/report.md"; then ok; else bad "report: --lang en"; fi
# a second run replaces the bundle; a failed run leaves it alone, and nothing else
# a data file that is not there is a data error (exit 1), not a usage error
printf '[study]\ndata = nope.csv\n[outcome y]\ntype = binary\n' >"$TMP/badplan.ini"
expect report-no-data 1 "fkstat: report: $TMP/badplan.ini:2: [outcome y]: data file 'nope.csv' is not a readable file" \
        $F report "$TMP/badplan.ini" -o "$R"
printf '[study]\ntitle = x\ncolor = red\n' >"$TMP/badkey.ini"
expect report-bad-key 2 "fkstat: report: $TMP/badkey.ini:3: unknown key 'color' in [study]" \
        $F report "$TMP/badkey.ini" -o "$R"
cp "$PLAN" "$TMP/p2.ini"
sed -i "s#^data = #data = $PWD/datasets/examples/#; s/^type = count\$/type = count\ncolumn = samtaler_26v/" "$TMP/p2.ini"
expect report-no-column 2 "" $F report "$TMP/p2.ini" -o "$R"
grep -q "no column 'samtaler_26v'" "$TMP/err" && ok || bad "report: missing column message: $(cat "$TMP/err")"
if [ -f "$R/report.html" ] && [ -z "$(ls -d "$TMP"/report.* 2>/dev/null)" ]; then ok
else bad "report: a failed run touched the earlier bundle or left a temporary folder"; fi
expect report-no-plan 2 "fkstat: report: give one plan file" $F report
expect report-lang 2 "fkstat: report: --lang must be da or en, not 'de'" $F report "$PLAN" --lang de
# without gnuplot the report is written with the scripts and a note
if FKSTAT_GNUPLOT=/nonexistent "$F" report "$PLAN" -o "$TMP/nognu" 2>"$TMP/err" &&
   [ -f "$TMP/nognu/charts/outcome-uger.gp" ] && [ ! -f "$TMP/nognu/charts/outcome-uger.png" ] &&
   grep -q 'gnuplot var ikke installeret' "$TMP/nognu/report.md" &&
   grep -q 'gnuplot not found' "$TMP/err"; then ok; else bad "report: without gnuplot"; fi

# plot
if command -v gnuplot >/dev/null 2>&1; then
        "$F" plot bars $EX/job.csv --outcome job_52w -o "$TMP/bars.png" 2>/dev/null
        head -c 8 "$TMP/bars.png" | od -An -tx1 | grep -q '89 50 4e 47' && ok || bad "plot bars png"
        "$F" plot trend $EX/panel.csv --unit kommune --period kvartal --outcome andel \
                --treated forsoeg --start 2017Q3 --lang en -o "$TMP/trend.svg" 2>/dev/null
        grep -q 'Trial start' "$TMP/trend.svg" && ok || bad "plot trend svg"
        [ -z "$(ls -d "$TMP"/*.tmp-* 2>/dev/null)" ] && ok || bad "plot left a temporary folder"
fi
expect plot-kind 2 "fkstat: plot: unknown chart 'pie' (bars, forest, km, likert, trend, eventstudy)" \
        $F plot pie $EX/job.csv -o "$TMP/x.png"
expect plot-no-output 2 "fkstat: plot: -o OUT.svg or -o OUT.png is required" \
        $F plot bars $EX/job.csv --outcome job_52w
expect plot-ext 2 "fkstat: plot: -o must name a .svg or .png file, not 'x.pdf'" \
        $F plot bars $EX/job.csv --outcome job_52w -o x.pdf
expect plot-likert-type 2 "fkstat: plot: likert needs an ordinal outcome; 'job_52w' is binary" \
        $F plot likert $EX/job.csv --outcome job_52w -o "$TMP/l.png"
expect plot-no-gnuplot 1 "fkstat: plot: gnuplot is not installed (or FKSTAT_GNUPLOT names no program); no chart drawn" \
        env FKSTAT_GNUPLOT=/nonexistent $F plot bars $EX/job.csv --outcome job_52w -o "$TMP/b.png"

# the Nordjylland reconstruction's report (make demo) builds and agrees
NJ=datasets/nordjylland/plan.ini
if "$F" report "$NJ" -o "$TMP/nj_report" 2>"$TMP/err" &&
   python3 tests/check_report.py "$F" "$NJ" "$TMP/nj_report" >"$TMP/out" 2>&1; then ok
else bad "report: Nordjylland: $(head -n 2 "$TMP/err") $(head -n 3 "$TMP/out")"; fi

# issue 12: clustered outcomes are judged on the cluster-level interval, in
# the summary row, the first sentence and results.csv (check_report.py above
# checks each outcome); here the Nordjylland interview outcome, where the
# individual-level interval would say "better" and the CR2 interval does not
if grep -q '^| Jobsamtaler de første 26 uger | antal | forskel −0,38 (−0,76 til 0,01) | klyngeniveau (CR2) | 0,05 | .* | ingen sikker forskel |$' "$TMP/nj_report/report.md" &&
   grep -q '^Der er ingen sikker forskel mellem forsøgs- og sammenligningskommunerne: forskellen i gennemsnit er −0,38, men 95 %-konfidensintervallet på klyngeniveau (CR2), −0,76 til 0,01, omfatter 0' "$TMP/nj_report/report.md" &&
   grep -q 'På personniveau, som ser bort fra .* »bedre« – det er ikke grundlaget for konklusionen' "$TMP/nj_report/report.md" &&
   grep -q '^outcome,samtaler_26w,Jobsamtaler de første 26 uger,count,mean_difference,cr2,-0.378[0-9]*,-0.762[0-9]*,0.0062[0-9]*,.*,no_difference,.*,better$' "$TMP/nj_report/results.csv"
then ok; else bad "report: Nordjylland interviews not judged on the cluster level"; fi
# the did estimate of a share in percentage points, from results.json
if python3 - "$TMP/nj_report" <<'PY'
import json, sys
out = sys.argv[1]
md = open(out + "/report.md", encoding="utf-8").read()
v = json.load(open(out + "/results.json", encoding="utf-8"))["did"][0]["verdict"]
da = lambda x: f"{100 * x:.2f}".replace(".", ",").replace("-", "\u2212")
want = f"| forskel i forskelle | {da(v['estimate'])}\u00a0pp ({da(v['ci'][0])} til {da(v['ci'][1])}) |"
assert want in md, want
assert f"forskel-i-forskelle-estimatet er {da(v['estimate'])}\u00a0procentpoint" in md
PY
then ok; else bad "report: the did estimate of a share is not in percentage points"; fi
# issue 17: the report's first sentence gives the verdicts of results.json,
# each outcome named once under its verdict; counts of people and rows have
# Danish thousands (24.682), in the tables and the notes alike; no English
# term is left (the wild cluster bootstrap, hazard ratio, non-inferiority,
# fixed effects, seed); the print CSS breaks a page before each outcome's
# section only
if python3 - "$TMP/nj_report" <<'PY'
import json, re, sys
out = sys.argv[1]
md = open(out + "/report.md", encoding="utf-8").read()
res = json.load(open(out + "/results.json", encoding="utf-8"))
first = md.split("\n\n")[1]
assert not first.startswith("Rapporten"), first
words = {"superior": "klarede sig bedre", "better": "klarede sig bedre",
         "no_difference": "ingen sikker forskel",
         "non-inferior": "ikke ringere", "inconclusive": "uafklaret",
         "worse": "dårligere", "inferior": "dårligere"}
every = [(o["label"], o["verdict"]["result"]) for o in res["results"]]
every += [(d["label"], d["verdict"]["result"]) for d in res["did"]]
sentences = re.split(r"(?<=[.])\s+", first)
for label, verdict in every:
    hit = [s for s in sentences if f"»{label}«" in s]
    assert len(hit) == 1 and first.count(f"»{label}«") == 1, (label, first)
    assert words[verdict] in hit[0], (label, verdict, hit[0])
n_better = sum(v in ("superior", "better") for _, v in every)
assert first.startswith("Forsøgskommunerne klarede sig bedre end "
                        f"sammenligningskommunerne på {n_better} af "
                        f"{len(every)} udfald: "), first
def da(n):
    return f"{n:,}".replace(",", ".")
n0 = res["results"][0]["groups"][0]["n"]
assert n0 >= 1000 and f"| n | {da(n0)} |" in md, da(n0)
assert "| individuals.csv | 24.682 |" in md
assert not re.search(r"\| [0-9]{4,} \|", md), re.search(r"\| [0-9]{4,} \|", md)
for eng in ("Wild cluster bootstrap", "wild", "hazard ratio", "Hazard ratio",
            "non-inferior", "fixed effects", "fixed-effects", "seed",
            "Satterthwaite df", "„", "“"):
    assert eng not in md, eng
assert "| Vild klynge-bootstrap |" in md
html = open(out + "/report.html", encoding="utf-8").read()
css = html[html.index("@media print"):html.index("</style>")]
assert "h2{margin-top:1.5em;break-after:avoid" in css
assert "h2:has(+p>strong>.verdict){break-before:page" in css, css
assert css.count("break-before:page") == 1, css
PY
then ok; else bad "report: the Danish Nordjylland report's first sentence, numbers or words"; fi
# the municipalities of each arm, by name, and a table and chart per outcome
if grep -q '^\*\*Forsøgskommuner (9):\*\* Aalborg, Brønderslev, Frederikshavn/Læsø, ' "$TMP/nj_report/report.md" &&
   grep -q '^\*\*Sammenligningskommuner (10):\*\* Haderslev, Herning, ' "$TMP/nj_report/report.md" &&
   grep -q '^| Thisted | forsøg | 571 | 96,0.% | 94,0 til 97,3 |$' "$TMP/nj_report/report.md"
then ok; else bad "report: Nordjylland municipalities not named"; fi
for c in job_52w samtaler_26w tilfredshed uger; do
        if [ -f "$TMP/nj_report/charts/kommuner-$c.gp" ] && [ -f "$TMP/nj_report/charts/kommuner-$c.dat" ] &&
           grep -q "charts/kommuner-$c.svg" "$TMP/nj_report/report.md" &&
           grep -q "'Viborg'" "$TMP/nj_report/charts/kommuner-$c.gp"; then ok
        else bad "report: no per-municipality chart for $c"; fi
        if command -v gnuplot >/dev/null 2>&1; then
                [ -s "$TMP/nj_report/charts/kommuner-$c.png" ] && [ -s "$TMP/nj_report/charts/kommuner-$c.svg" ] &&
                        ok || bad "report: per-municipality chart $c not drawn"
        fi
done
# the forest never mixes scales: a panel each, the interview difference in
# its own unit (not -37,8 "percentage points"), the hazard ratio on a log axis
FG="$TMP/nj_report/charts/forest.gp"
if grep -q 'set multiplot' "$FG" && grep -q "Forskel i andel, procentpoint" "$FG" &&
   grep -q "Forskel i gennemsnit: Jobsamtaler de første 26 uger" "$FG" &&
   grep -q "Hazardratio for jobstart, logaritmisk akse" "$FG" &&
   grep -q "set label '−0,38 (−0,76; 0,01)'" "$FG" && grep -q "set label '3,7 (1,1; 6,3)'" "$FG" &&
   grep -q "set label '1,18 (1,08; 1,28)'" "$FG" && ! grep -q -- '37,8' "$FG" &&
   [ "$(grep -c '^set logscale x' "$FG")" = 1 ]; then ok
else bad "report: forest mixes scales or draws the individual interval"; fi
# few municipalities (the example: 4 and 3): the verdict says the interval is
# unreliable and gives the randomization p-value
if grep -q '^Resultatet er uafklaret: .* – et upålideligt interval, da der kun er 4 forsøgs- og 3 sammenligningskommuner (færre end 5 på en side); randomiseringstesten over kommuner giver p = ' "$R/report.md" &&
   grep -q '^| I job 52 uger efter tilmelding | ja/nej | .* | klyngeniveau (CR2) | .* | uafklaret – upålideligt interval (færre end 5 kommuner på en side); randomiseringstest p = ' "$R/report.md" &&
   grep -q '^outcome,job_52w,.*,cr2,.*,inconclusive,0.05,1,' "$R/results.csv"
then ok; else bad "report: few municipalities not said"; fi
# hazard ratios against 1 and the margin's bound 1 - m, in both languages
printf '[study]\ndata = %s/datasets/examples/ledighed.csv\ncluster = none\n[outcome uger]\ntime = uger\nevent = job\nmargin = 0.1\n' "$PWD" >"$TMP/hr.ini"
if "$F" report "$TMP/hr.ini" -o "$TMP/hr" 2>/dev/null &&
   "$F" report "$TMP/hr.ini" -o "$TMP/hr_en" --lang en 2>/dev/null &&
   grep -q 'hazardratioen for jobstart er 1,00, men 95 %-konfidensintervallet, 0,74 til 1,36, omfatter ikke-ringere-grænsen på 0,90' "$TMP/hr/report.md" &&
   grep -q 'the hazard ratio of job entry is 1.00, but the 95% confidence interval, 0.74 to 1.36, includes the non-inferiority margin of 0.90' "$TMP/hr_en/report.md" &&
   ! grep -q 'side af 0\|side of no difference' "$TMP/hr/report.md" "$TMP/hr_en/report.md"
then ok; else bad "report: hazard-ratio verdict not against 1 and 1 - m"; fi
# text from the plan and the data is escaped in Markdown and HTML
mkdir -p "$TMP/esc"
printf 'kommune;arm;y\n' >"$TMP/esc/d.csv"
j=0
for k in '<i>A</i>' 'B&C' 'C|D' '[E](http://x.invalid/e.png)' F G 'H<script>alert(1)</script>'; do
        j=$((j + 1))
        a=forsøg; [ $j -gt 4 ] && a=kontrol
        for i in 1 2 3 4 5 6 7 8; do printf '%s;%s;%d\n' "$k" $a $(((i * j) % 5 < 2)) >>"$TMP/esc/d.csv"; done
done
printf '[study]\ntitle = <b>Fed</b> & ![x](http://x.invalid/t.png)\ndata = d.csv\n[outcome y]\nlabel = <script>alert(2)</script> | a\ntype = binary\n' >"$TMP/esc/plan.ini"
if "$F" report "$TMP/esc/plan.ini" -o "$TMP/esc/out" 2>/dev/null &&
   ! grep -qi '<script\|<b>\|<i>\|<img' "$TMP/esc/out/report.html" &&
   grep -q '&lt;script&gt;alert(2)&lt;/script&gt; | a' "$TMP/esc/out/report.html" &&
   grep -q '&lt;i&gt;A&lt;/i&gt;' "$TMP/esc/out/report.html" &&
   grep -q '<td>C|D</td>' "$TMP/esc/out/report.html" &&
   grep -q '^| C\\|D | forsøg |' "$TMP/esc/out/report.md" &&
   grep -q '^# &lt;b&gt;Fed&lt;/b&gt; &amp; !\\\[x\\\](http://x.invalid/t.png)$' "$TMP/esc/out/report.md"
then ok; else bad "report: plan or data text not escaped"; fi
# golden: the Danish example report (the footer's version and hashes left out)
golden report_examples_da.md sh -c "$F report $PLAN -o '$TMP/golden_report' >/dev/null 2>&1 &&
        sed -e '/^Skrevet af fkstat/d' '$TMP/golden_report/report.md'"

# -o: a new folder, or an earlier report (the marker .fkstat-report says so);
# any other folder, above all the plan's own, is refused and left untouched
mkdir -p "$TMP/own"
cp $EX/plan.ini $EX/job.csv $EX/samtaler.csv $EX/ledighed.csv $EX/panel.csv "$TMP/own/"
echo mine >"$TMP/own/notes.txt"
(cd "$TMP/own" && ls -lA --time-style=+ . && cksum ./*) >"$TMP/ls_before" 2>&1
expect report-o-plan-folder 2 "fkstat: report: $TMP/own: the folder exists and holds no earlier fkstat report (no .fkstat-report), so it is left as it is; name a new folder" \
        $F report "$TMP/own/plan.ini" -o "$TMP/own"
expect report-o-plan-folder-slash 2 "" $F report "$TMP/own/plan.ini" -o "$TMP/own/"
(cd "$TMP/own" && ls -lA --time-style=+ . && cksum ./*) >"$TMP/ls_after" 2>&1
cmp -s "$TMP/ls_before" "$TMP/ls_after" && [ -z "$(ls -d "$TMP"/own.* 2>/dev/null)" ] &&
        ok || bad "report: -o the plan's folder touched it"
expect report-o-empty 2 "fkstat: report: -o needs a folder name" $F report "$PLAN" -o ''
expect report-o-dot 2 "fkstat: report: .: cannot be an output folder; name a folder of its own" \
        $F report "$PLAN" -o .
# an earlier report that holds the plan: replacing it would delete the plan
cp "$PLAN" "$TMP/own2.ini"
sed -i "s#^data = #data = $PWD/$EX/#" "$TMP/own2.ini"
"$F" report "$TMP/own2.ini" -o "$TMP/rep2" 2>/dev/null
cp "$TMP/own2.ini" "$TMP/rep2/plan.ini"
expect report-o-holds-plan 2 "fkstat: report: $TMP/rep2: holds the plan file; name an output folder apart from the plan and its data" \
        $F report "$TMP/rep2/plan.ini" -o "$TMP/rep2"
# a trailing slash on a rerun; nothing left inside or beside the folder
if "$F" report "$TMP/own2.ini" -o "$TMP/slash/" 2>/dev/null &&
   "$F" report "$TMP/own2.ini" -o "$TMP/slash/" 2>"$TMP/err" &&
   [ "$(tail -n 1 "$TMP/err")" = "fkstat: report: wrote $TMP/slash/report.html" ] &&
   [ -f "$TMP/slash/.fkstat-report" ] && [ -f "$TMP/slash/report.html" ] &&
   [ -z "$(ls -d "$TMP"/slash.* "$TMP"/slash/.old-* 2>/dev/null)" ]; then ok
else bad "report: -o DIR/ on a rerun ($(head -n 1 "$TMP/err"))"; fi
# what a killed run left is removed by the next run, only when fkstat's
mkdir "$TMP/slash.tmp-Ab3dE6" "$TMP/slash.old-Zz9yY8" "$TMP/slash.tmp-abc123"
echo x >"$TMP/slash.tmp-Ab3dE6/.fkstat-report"
echo half >"$TMP/slash.tmp-Ab3dE6/report.md"
echo mine >"$TMP/slash.tmp-abc123/notes.txt"
if "$F" report "$TMP/own2.ini" -o "$TMP/slash" 2>/dev/null &&
   [ "$(cd "$TMP" && ls -d slash.*)" = "slash.tmp-abc123" ]; then ok
else bad "report: leftovers of a killed run: $(cd "$TMP" && ls -d slash.*)"; fi
rm -rf "$TMP/slash.tmp-abc123"
# a killed run leaves the earlier report as it was
"$F" report "$TMP/own2.ini" -o "$TMP/slash" 2>/dev/null &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if [ -f "$TMP/slash/report.html" ] && [ -f "$TMP/slash/results.json" ] &&
   "$F" report "$TMP/own2.ini" -o "$TMP/slash" 2>/dev/null &&
   [ -z "$(ls -d "$TMP"/slash.* 2>/dev/null)" ]; then ok
else bad "report: a killed run spoilt the earlier report or left a temporary"; fi
# concurrent runs on one folder: each writes a whole report, none leaves a temporary
for i in 1 2 3; do "$F" report "$TMP/own2.ini" -o "$TMP/conc" 2>"$TMP/conc$i.err" & done
wait
if [ "$(cat "$TMP"/conc?.err | grep -c '^fkstat: report: wrote ')" = 3 ] &&
   [ -f "$TMP/conc/report.html" ] && [ -z "$(ls -d "$TMP"/conc.* 2>/dev/null)" ]; then ok
else bad "report: concurrent runs: $(cat "$TMP"/conc?.err | grep -v warning | head -n 2)"; fi

# plan structure: a section without keys counts (and in the adjustment);
# misnamed sections are errors on their own line
D=$PWD/$EX
printf '[study]\ndata = %s/job.csv\ncluster = none\n[outcome job_52w]\n\n[outcome x.y]\ncolumn = job_52w\n[outcome x_y]\ncolumn = job_52w\n' "$D" >"$TMP/empty.ini"
if "$F" report "$TMP/empty.ini" -o "$TMP/empty" 2>/dev/null &&
   python3 -c '
import json, sys
d = json.load(open(sys.argv[1] + "/results.json"))
r = d["results"]
assert [x["outcome"] for x in r] == ["job_52w", "x.y", "x_y"], r
t = [x for x in r[0]["tests"] if x["test"] == "pearson_chisq"][0]
assert t["p_adjusted"] == min(1, 3 * t["p_value"]), t   # Holm over 3 equal p
' "$TMP/empty" && [ -f "$TMP/empty/charts/outcome-x_y.gp" ] &&
   [ -f "$TMP/empty/charts/outcome-x_y-2.gp" ]; then ok
else bad "report: a section without keys is not counted, or charts shared"; fi
printf '[study]\ndata = job.csv\n\n[outcomeX]\ntype = binary\n' >"$TMP/sec.ini"
expect report-section-glued 2 "" $F report "$TMP/sec.ini" -o "$TMP/sec"
grep -q "^fkstat: report: $TMP/sec.ini:4: unknown section \[outcomeX\] (sections: " "$TMP/err" &&
        ok || bad "report: [outcomeX] not an error on its line: $(head -n 1 "$TMP/err")"
printf '[study]\ndata = job.csv\n[did]\n' >"$TMP/sec.ini"
expect report-section-bare 2 "fkstat: report: $TMP/sec.ini:3: section [did] needs a name: [did NAME]" \
        $F report "$TMP/sec.ini" -o "$TMP/sec"
printf '[study]\ndata = %s/ledighed.csv\n[outcome uger]\ntime = uger\nevent = job\nat = 13, inf\n' "$D" >"$TMP/sec.ini"
expect report-at-inf 2 "fkstat: report: $TMP/sec.ini:6: at must list times (numbers from 0, separated by commas), not '13, inf'" \
        $F report "$TMP/sec.ini" -o "$TMP/sec"
expect report-plan-folder 1 "fkstat: report: $EX: is a folder, not a file" \
        $F report "$EX" -o "$TMP/sec"
[ ! -e "$TMP/sec" ] && ok || bad "report: a failed plan wrote a folder"
# a Windows-1252 plan: converted (said once), the study kept, UTF-8 HTML
printf '[study]\ntitle = Fors\370g p\345 L\346s\370\ndata = %s/job.csv\ncluster = none\n[outcome job_52w]\nlabel = I job \226 52 uger\n' "$D" >"$TMP/cp.ini"
if "$F" report "$TMP/cp.ini" -o "$TMP/cp" 2>"$TMP/err" &&
   [ "$(grep -c 'cp.ini: converted from Windows-1252 to UTF-8' "$TMP/err")" = 1 ] &&
   python3 -c '
import json, sys
d = json.load(open(sys.argv[1] + "/results.json"))
assert d["study"]["title"] == "Forsøg på Læsø", d["study"]
assert d["study"]["data"][0]["rows"] > 0, d["study"]
assert d["results"][0]["label"] == "I job – 52 uger"
h = open(sys.argv[1] + "/report.html", "rb").read().decode("utf-8")
assert "<title>Forsøg på Læsø</title>" in h
' "$TMP/cp"; then ok
else bad "report: Windows-1252 plan: $(head -n 2 "$TMP/err")"; fi
# the plan from a pipe or a FIFO: read once, its hash that of the bytes read
want=$(sha256sum <"$TMP/empty.ini" | cut -c1-64)
if cat "$TMP/empty.ini" | "$F" report /dev/stdin -o "$TMP/pipe" 2>/dev/null &&
   grep -q "\"plan_sha256\": \"$want\"" "$TMP/pipe/results.json"; then ok
else bad "report: plan from a pipe"; fi
mkfifo "$TMP/fifo.ini"
timeout 60 sh -c 'cat "$1" >"$2"' sh "$TMP/empty.ini" "$TMP/fifo.ini" &
pid=$!
if timeout 60 "$F" report "$TMP/fifo.ini" -o "$TMP/fifo" 2>/dev/null &&
   grep -q "\"plan_sha256\": \"$want\"" "$TMP/fifo/results.json"; then ok
else bad "report: plan from a FIFO"; fi
wait $pid

# plan and data text cannot inject HTML, include a file or shift a table's
# columns; results.csv neutralises what a spreadsheet would run
mkdir -p "$TMP/inj/d"
printf '<svg><text>SECRET-SVG</text></svg>\n' >"$TMP/inj/secret.svg"
printf 'kommune;arm;y\n' >"$TMP/inj/d/d.csv"
j=0
for k in '<img src=x onerror=alert(1)>' '![x](charts/../../secret.svg)' 'A|B|C' '=cmd' \
         'E' 'F' '<svg onload=alert(2)>' 'H'; do
        j=$((j + 1))
        a=forsøg; [ $j -gt 4 ] && a=kontrol
        for i in 1 2 3 4 5 6 7 8; do printf '%s;%s;%d\n' "$k" $a $(((i * j) % 5 < 2)) >>"$TMP/inj/d/d.csv"; done
done
cat >"$TMP/inj/d/plan.ini" <<'PLAN'
[study]
title = <img src=x onerror=alert(1)> ![t](charts/../../secret.svg)
data = d.csv
[outcome y]
label = =HYPERLINK("http://x.invalid") | <script>alert(3)</script>
type = binary
[outcome y2]
column = y
label = +1 ![x](charts/../../secret.svg)
[outcome y3]
column = y
label = -cmd|a
[outcome y4]
column = y
label = -1.5
[outcome y5]
column = y
label = @SUM(A1)
[outcome y6]
column = y
label = [forged](#fk-verdict-better) **x**
PLAN
if "$F" report "$TMP/inj/d/plan.ini" -o "$TMP/inj/out" 2>"$TMP/err" &&
   python3 - "$TMP/inj/out" <<'PY'
import csv, sys
from html.parser import HTMLParser
out = sys.argv[1]
h = open(out + "/report.html", encoding="utf-8").read()
for bad in ("<img", "<script", "<svg onload", "SECRET-SVG"):
    assert bad not in h, bad
# the attribute only ever as text after an escaped "<"
assert h.count("onerror") == h.count("&lt;img src=x onerror"), "onerror"
# every row of every table as wide as its header
class T(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.tables = []
    def handle_starttag(self, tag, a):
        if tag == "table": self.rows = []
        if tag == "tr": self.rows.append(0)
        if tag in ("td", "th"): self.rows[-1] += 1
    def handle_endtag(self, tag):
        if tag == "table": self.tables.append(self.rows)
t = T(); t.feed(h)
assert t.tables
for rows in t.tables:
    assert len(set(rows)) == 1, rows
assert "&lt;img src=x onerror=alert(1)&gt;" in h
assert "A|B|C" in h
# a verdict label only where the report puts one: the summary and each section
assert h.count('<span class="verdict ') == 2 * 6, h.count('<span class="verdict ')
assert "fk-verdict" not in h.replace("[forged](#fk-verdict-better)", "")
rows = list(csv.reader(open(out + "/results.csv", encoding="utf-8")))
label = {r[1]: r[2] for r in rows[1:]}
assert label["y"].startswith("'=HYPERLINK"), label
assert label["y2"].startswith("'+1"), label
assert label["y3"] == "'-cmd|a", label
assert label["y4"] == "-1.5", label
assert label["y5"] == "'@SUM(A1)", label
assert all(len(r) == len(rows[0]) for r in rows), rows
PY
then ok; else bad "report: injection through plan or data text ($(head -n 1 "$TMP/err"))"; fi

# report.html: every verdict as a label (words, a glyph hidden from screen
# readers, a class whose border tells it in greyscale) in the summary and at
# the top of its section, naming the basis there; charts as figures (not in
# a <p>) titled by their caption, not gnuplot's "gnuplot_plot_1"; print rules;
# the elements nest properly
if python3 - "$TMP/nj_report" <<'PY'
import json, re, sys
from html.parser import HTMLParser
out = sys.argv[1]
h = open(out + "/report.html", encoding="utf-8").read()
md = open(out + "/report.md", encoding="utf-8").read()
res = json.load(open(out + "/results.json", encoding="utf-8"))
verdicts = [r["verdict"] for r in res["results"]] + [d["verdict"] for d in res["did"]]
cls = {"better": "v-good", "superior": "v-good", "non-inferior": "v-ok",
       "no_difference": "v-none", "inconclusive": "v-none", "worse": "v-bad",
       "inferior": "v-bad"}
labels = re.findall(r'<span class="verdict (v-[a-z]+)"><span class="vg" '
                    r'aria-hidden="true">[^<]+</span>([^<]+)</span>', h)
assert len(labels) == 2 * len(verdicts), labels
for v in verdicts:
    c = cls[v["result"]]
    assert sum(1 for k, t in labels if k == c and t.startswith("Konklusion:")
               and "grundlag: klyngeniveau" in t) >= 1, (v, labels)
assert [k for k, t in labels if not t.startswith("Konklusion")] == \
       [cls[v["result"]] for v in verdicts], labels
assert "fk-verdict" not in h and "fk-verdict" not in md
assert "**Konklusion: ingen sikker forskel – grundlag: klyngeniveau (CR2)**" in md
for c in ("v-good", "v-none", "v-bad"):
    assert "." + c + "{" in h, c
assert "border-style:dashed" in h and "double" in h
assert "@media print" in h and "break-before:page" in h and "break-inside:avoid" in h
assert not re.search(r"<title>[^<]*(gnuplot_plot|Gnuplot)", h)
assert "<p><figure" not in h and "</figure></p>" not in h
assert '<figure class="chart"><svg' in h
assert "<title>Tid til job (uger)</title>" in h
VOID = {"meta", "br", "hr", "img", "input", "link", "col"}
class Nest(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.errors = []
    def handle_starttag(self, tag, a):
        if tag in VOID: return
        if self.stack and self.stack[-1] == "p" and tag in ("figure", "table", "div", "p", "h2", "ul"):
            self.errors.append(tag + " in p")
        self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in VOID: return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] }")
        else:
            self.stack.pop()
n = Nest(); n.feed(h)
assert not n.errors and not n.stack, (n.errors[:5], n.stack[-3:])
PY
then ok; else bad "report: verdict labels, charts or print rules in report.html"; fi

# --pdf: report.pdf printed from the finished bundle by headless Chromium,
# the verdicts and the municipalities in its text, no English words in the
# Danish report; without Chromium on PATH one line, exit 1, and the rest of
# the bundle complete (and no report.pdf, not even part of one)
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
        rm -rf "$TMP/pdf"
        if "$F" report "$NJ" -o "$TMP/pdf" --pdf 2>"$TMP/err" &&
           [ "$(head -c 5 "$TMP/pdf/report.pdf")" = "%PDF-" ] &&
           [ -z "$(ls -A "$TMP/pdf" | grep -v '^\.fkstat-report$\|^charts$\|^report\.\(html\|md\|pdf\)$\|^results\.\(json\|csv\)$')" ]
        then ok; else bad "report --pdf: no report.pdf ($(tail -n 1 "$TMP/err"))"; fi
        if command -v pdftotext >/dev/null 2>&1; then
                pdftotext "$TMP/pdf/report.pdf" "$TMP/pdf.txt"
                tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/pdf1.txt"
                if grep -q 'Konklusion: ingen sikker forskel – grundlag: klyngeniveau (CR2)' "$TMP/pdf1.txt" &&
                   grep -q 'Der er ingen sikker forskel mellem forsøgs- og sammenligningskommunerne' "$TMP/pdf1.txt" &&
                   grep -q 'Forsøget var bedre end sammenligningskommunerne' "$TMP/pdf1.txt" &&
                   grep -q 'Frederikshavn/Læsø' "$TMP/pdf1.txt" && grep -q 'Ringkøbing-Skjern' "$TMP/pdf1.txt" &&
                   ! grep -Ewo 'the|and|of|is|are|which|with|without|verdict|difference|trial|control|notes?|weeks|share|people|could|computed|reached|English' "$TMP/pdf.txt" >"$TMP/eng"
                then ok; else bad "report --pdf: the PDF's text: $(sort -u "$TMP/eng" | head -n 5 | tr '\n' ' ')"; fi
        fi
fi
mkdir -p "$TMP/nochromium"
ln -sf "$(command -v gnuplot || echo /nonexistent)" "$TMP/nochromium/gnuplot"
rm -rf "$TMP/nopdf"
env -u FKSTAT_CHROMIUM PATH="$TMP/nochromium" "$F" report "$PLAN" -o "$TMP/nopdf" --pdf >/dev/null 2>"$TMP/err"
st=$?
if [ $st -eq 1 ] && [ "$(grep -c 'chromium' "$TMP/err")" -eq 1 ] &&
   grep -qx "fkstat: report: chromium is not installed (or FKSTAT_CHROMIUM names no program): report.pdf is not written; the rest of the report is in $TMP/nopdf" "$TMP/err" &&
   [ ! -e "$TMP/nopdf/report.pdf" ] && [ ! -e "$TMP/nopdf/.report.pdf.tmp" ] &&
   python3 tests/check_report.py "$F" "$PLAN" "$TMP/nopdf" >"$TMP/out" 2>&1 &&
   cmp -s "$TMP/nopdf/report.md" "$R/report.md"
then ok; else bad "report --pdf without chromium: exit $st, $(grep chromium "$TMP/err") $(head -n 2 "$TMP/out")"; fi
# a Chromium that fails leaves no report.pdf and says so in one line
printf '#!/bin/sh\necho "it broke" >&2\nexit 3\n' >"$TMP/nochromium/fakechromium"
chmod +x "$TMP/nochromium/fakechromium"
rm -rf "$TMP/nopdf"
if ! FKSTAT_CHROMIUM="$TMP/nochromium/fakechromium" "$F" report "$PLAN" -o "$TMP/nopdf" --pdf >/dev/null 2>"$TMP/err" &&
   grep -qx "fkstat: report: chromium could not print report.html (it broke): report.pdf is not written; the rest of the report is in $TMP/nopdf" "$TMP/err" &&
   [ -f "$TMP/nopdf/report.html" ] && [ ! -e "$TMP/nopdf/report.pdf" ] && [ ! -e "$TMP/nopdf/.report.pdf.tmp" ]
then ok; else bad "report --pdf with a failing chromium: $(tail -n 1 "$TMP/err")"; fi

# every note an outcome can carry is said in Danish in a Danish report, from
# its kind and numbers: as many notes in each section as results.json has
# (less the one the section's text says), none left in English
rm -rf "$TMP/notes"
if "$F" report tests/fixtures/notes/plan.ini -o "$TMP/notes" >/dev/null 2>&1 &&
   python3 - "$TMP/notes" <<'PY'
import json, re, sys
out = sys.argv[1]
md = open(out + "/report.md", encoding="utf-8").read()
res = json.load(open(out + "/results.json", encoding="utf-8"))
assert "(på engelsk)" not in md and "på engelsk" not in md
kinds = set()
for r in res["results"]:
    en = [n for n in r.get("notes", []) if not n.startswith("the individual-level")]
    sec = md.split("\n## " + r["outcome"] + "\n", 1)[1].split("\n## ", 1)[0]
    da = re.findall(r"^- (.*)$", sec.split("Noter fra beregningen:", 1)[1],
                    re.M) if en else []
    assert len(da) == len(en), (r["outcome"], en, da)
    for n in en:
        kinds.add(re.sub(r"[0-9]+|'[^']*'|trial|control", "#", n))
    for d in da:
        assert not re.search(r"\b(the|and|of|is|are|with|without|people|"
                             r"clusters?|strata of|could|computed|"
                             r"reached)\b", d), d
        assert "0.5" not in d, d
for want in ("2 af 3 strata i kolonnen »s« har kun personer fra den ene arm",
             "intet stratum i kolonnen »s« har personer fra begge arme",
             "1 person uden værdi i kolonnen »kommune« er udeladt af dette udfald",
             "færre end 5 kommuner på en side (3 forsøgs- og 3 sammenligningskommuner)",
             "med 6 kommuner har Lin–Wei-standardfejlen en tendens til at være for lille",
             "mediantiden til job i forsøgskommunerne er ikke nået",
             "hazardratioen er 0 eller uendelig, så der er intet klyngerobust interval",
             "der kunne ikke beregnes en klyngerobust hazardratio (ingen jobstarter)",
             "der kunne ikke beregnes et interval på klyngeniveau, så der gives ingen konklusion"):
    assert want in md, want
# nine kinds of note here; the tenth (the individual-level verdict) is said
# by the section's text, checked on the Nordjylland report
assert len(kinds) == 9, sorted(kinds)
PY
then ok; else bad "report: notes in a Danish report"; fi

# [validate]: the report shows how often each interval covers the truth
cp "$PLAN" "$TMP/pv.ini"
sed -i "s#^data = #data = $PWD/datasets/examples/#" "$TMP/pv.ini"
printf '\n[validate]\nreps = 20\noutcomes = job_52w\n' >>"$TMP/pv.ini"
rm -rf "$TMP/pv"
if $F report "$TMP/pv.ini" -o "$TMP/pv" >/dev/null 2>&1 &&
   grep -q "^## Holder intervallerne, hvad de lover?" "$TMP/pv/report.md" &&
   grep -q "^| CR2 | " "$TMP/pv/report.md" &&
   grep -q "CR2-intervallet i " "$TMP/pv/report.md"; then ok
else bad "report: no [validate] section"; fi

# staggered [did] sections: results.json equals fkstat did --format json
# (check_report.py), the Danish prose states the simple aggregate, its
# interval and p, the cohorts, the randomization over starts and the
# Goodman-Bacon warning with the numbers of results.json, and the charts
# mark every cohort's start
SP=tests/report/staggered.ini
rm -rf "$TMP/stag"
if "$F" report "$SP" -o "$TMP/stag" 2>"$TMP/err"; then ok
else bad "report: staggered plan: $(head -n 1 "$TMP/err")"; fi
if python3 tests/check_report.py "$F" "$SP" "$TMP/stag" >"$TMP/out" 2>&1; then ok
else bad "report: staggered did differs from fkstat did: $(head -n 3 "$TMP/out")"; fi
if python3 - "$TMP/stag" <<'PY'
import json, re, sys
d = sys.argv[1]
res = json.load(open(d + "/results.json", encoding="utf-8"))
md = open(d + "/report.md", encoding="utf-8").read()
def da(x, k):
    """a number as the Danish prose writes it"""
    s = f"{x:.{k}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return s.replace("-", "\u2212").replace(".", ",")
def p(x):
    return "p\u00a0<\u00a00,001" if x < 0.001 else "p = " + da(x, 3 if x < 0.01 else 2)
for e in res["did"]:
    if not e.get("staggered"):
        continue
    body = md.split("\n## " + e["label"] + "\n\n", 1)[1].split("\n## ", 1)[0]
    sec = next(par for par in body.split("\n\n") if "(ATT)" in par)
    s, v = e["aggregate"]["simple"], e["verdict"]
    assert v["basis"] == "cs_simple", v
    want = [f"(ATT) er {da(100 * s['estimate'], 2)}\u00a0procentpoint",
            f"{da(100 * s['ci'][0], 2)} til {da(100 * s['ci'][1], 2)}\u00a0procentpoint",
            f"{sum(c['units'] for c in e['cohorts'])} forsøgskommuner i {len(e['cohorts'])} kohorter",
            "randomiseringstesten over kommunernes forsøgsstarter giver "
            + p(e["randomization"]["p_value"])]
    want += [f"{c['units']} fra {c['start']}" for c in e["cohorts"]]
    if v["margin"] is None:
        want.append(f"({p(s['p_value'])})")
    later = sum(b["weight"] for b in e["bacon"] if b["type"] == "later_vs_earlier")
    tw = da(100 * e["twfe"]["estimate"], 2)
    if later > 0.10:
        want.append(f"Advarsel: den almindelige model med faste effekter for "
                    f"kommune og periode giver {tw}\u00a0procentpoint, men {da(100 * later, 0)}\u00a0% af dens vægt")
    else:
        want.append(f"til sammenligning {tw}\u00a0procentpoint")
    for w in want:
        assert w in sec, (e["name"], w, sec)
PY
then ok; else bad "report: the staggered prose does not state the numbers of results.json"; fi
if grep -q '^| Samlet gennemsnit (ATT), t(13) (grundlag for konklusionen) | 2,70 |' "$TMP/stag/report.md" &&
   grep -q '^| senere mod tidligere startende (kontrol allerede i forsøg) | 16,9.% |' "$TMP/stag/report.md" &&
   grep -q '^did,aar,.*,cs_simple,.*,cs_simple,' "$TMP/stag/results.csv"; then ok
else bad "report: staggered tables or results.csv row"; fi
# the trend chart marks each cohort's start; the event study is by event time
TG="$TMP/stag/charts/did-forskudt-trend.gp"
if [ "$(grep -c "^set label 10[1-9] 'Start 20" "$TG")" = 3 ] &&
   grep -q "'Start 2016K3 (4)'" "$TG" && grep -q "'Aldrig i forsøg (4)'" "$TG" &&
   ! grep -q "'Forsøgsstart'" "$TG" &&
   grep -q "'Forsøgsstart (e = 0)'" "$TMP/stag/charts/did-forskudt-eventstudy.gp" &&
   grep -q "'−10' 1 0" "$TMP/stag/charts/did-forskudt-eventstudy.gp"; then ok
else bad "report: staggered charts do not mark the cohorts' starts"; fi
if command -v gnuplot >/dev/null 2>&1; then
        for c in did-forskudt-trend did-forskudt-eventstudy did-aar-trend did-aar-eventstudy; do
                if head -c 8 "$TMP/stag/charts/$c.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' &&
                   grep -q '</svg>' "$TMP/stag/charts/$c.svg"; then ok; else bad "report: chart $c"; fi
        done
fi
if "$F" report "$SP" -o "$TMP/stag_en" --lang en 2>/dev/null &&
   grep -q "The municipalities started the trial at different times: 10 trial municipalities in 3 cohorts (4 from 2016K3, 3 from 2017K2, 3 from 2018K1)" "$TMP/stag_en/report.md" &&
   grep -q "Warning: the ordinary two-way fixed-effects estimate is 1.93 percentage points, but 17% of its weight" "$TMP/stag_en/report.md"; then ok
else bad "report: staggered prose in English"; fi
# keys that do not go together; wide naming a column the long table has
printf '[study]\ndata = %s/tests/cases/did_staggered/k_never_varying/data.csv\n[did s]\nunit = kommune\nperiod = periode\noutcome = andel\nstart = start\nweight = andel\n' "$PWD" >"$TMP/sw.ini"
expect report-stagger-weight 2 "fkstat: report: $TMP/sw.ini:3: [did s]: weight does not go with per-unit starts (start naming a column, or starts): the staggered estimates are unweighted" \
        $F report "$TMP/sw.ini" -o "$TMP/sw"
sed -i 's/^weight = andel$/wide = yes/' "$TMP/sw.ini"
expect report-stagger-wide 2 "fkstat: report: $PWD/tests/cases/did_staggered/k_never_varying/data.csv:1: --wide: the new period column 'periode' is already a column of the header; name it otherwise" \
        $F report "$TMP/sw.ini" -o "$TMP/sw"
sed -i 's/^wide = yes$/starts = nope.txt/' "$TMP/sw.ini"
expect report-stagger-both 2 "fkstat: report: $TMP/sw.ini:3: [did s]: start and starts are alternatives: give one" \
        $F report "$TMP/sw.ini" -o "$TMP/sw"
# fkstat plot draws staggered starts: each cohort's start, the dynamic aggregate
if command -v gnuplot >/dev/null 2>&1; then
        SC1=tests/cases/did_staggered/k_never_varying/data.csv
        if "$F" plot trend "$SC1" --unit kommune --period periode --outcome andel \
                --start start --lang en -o "$TMP/st.svg" 2>/dev/null &&
           grep -q 'Start 2016K3' "$TMP/st.svg" && grep -q 'Start 2017K2' "$TMP/st.svg" &&
           grep -q 'Start 2018K1' "$TMP/st.svg" && grep -q 'Never in trial (4)' "$TMP/st.svg" &&
           ! grep -q '>Trial start<' "$TMP/st.svg"; then ok
        else bad "plot trend: staggered starts not marked"; fi
        NS=tests/cases/did_staggered/no_never_months
        if "$F" plot eventstudy "$NS/data.csv" --unit kommune --period periode --outcome andel \
                --starts "$NS/starts.txt" --base-period universal -o "$TMP/se.png" 2>/dev/null &&
           head -c 8 "$TMP/se.png" | od -An -tx1 | grep -q '89 50 4e 47'; then ok
        else bad "plot eventstudy: staggered starts"; fi
fi
# results.json holds the same validation as fkstat validate --format json
if python3 tests/check_report.py "$F" "$TMP/pv.ini" "$TMP/pv" >"$TMP/out" 2>&1 &&
   python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["validate"]; sys.exit(not (len(v)==1 and v[0]["outcome"]=="job_52w" and len(v[0]["methods"])==4))' "$TMP/pv/results.json"; then ok
else bad "report: results.json's validate differs from fkstat validate: $(head -n 3 "$TMP/out")"; fi
