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
if "$F" report "$NJ" -o "$TMP/nj" 2>"$TMP/err" &&
   python3 tests/check_report.py "$F" "$NJ" "$TMP/nj" >"$TMP/out" 2>&1; then ok
else bad "report: Nordjylland: $(head -n 2 "$TMP/err") $(head -n 3 "$TMP/out")"; fi

# issue 12: clustered outcomes are judged on the cluster-level interval, in
# the summary row, the first sentence and results.csv (check_report.py above
# checks each outcome); here the Nordjylland interview outcome, where the
# individual-level interval would say "better" and the CR2 interval does not
if grep -q '^| Jobsamtaler de første 26 uger | antal | forskel −0,38 (−0,76 til 0,01) | klyngeniveau (CR2) | 0,05 | .* | ingen sikker forskel |$' "$TMP/nj/report.md" &&
   grep -q '^Der er ingen sikker forskel mellem forsøgs- og sammenligningskommunerne: forskellen i gennemsnit er −0,38, men 95 %-konfidensintervallet på klyngeniveau (CR2), −0,76 til 0,01, omfatter 0' "$TMP/nj/report.md" &&
   grep -q 'På personniveau, som ser bort fra .* »bedre« – det er ikke grundlaget for konklusionen' "$TMP/nj/report.md" &&
   grep -q '^outcome,samtaler_26w,Jobsamtaler de første 26 uger,count,mean_difference,cr2,-0.378[0-9]*,-0.762[0-9]*,0.0062[0-9]*,.*,no_difference,.*,better$' "$TMP/nj/results.csv"
then ok; else bad "report: Nordjylland interviews not judged on the cluster level"; fi
# the municipalities of each arm, by name, and a table and chart per outcome
if grep -q '^\*\*Forsøgskommuner (9):\*\* Aalborg, Brønderslev, Frederikshavn/Læsø, ' "$TMP/nj/report.md" &&
   grep -q '^\*\*Sammenligningskommuner (10):\*\* Haderslev, Herning, ' "$TMP/nj/report.md" &&
   grep -q '^| Thisted | forsøg | 571 | 96,0.% | 94,0 til 97,3 |$' "$TMP/nj/report.md"
then ok; else bad "report: Nordjylland municipalities not named"; fi
for c in job_52w samtaler_26w tilfredshed uger; do
        if [ -f "$TMP/nj/charts/kommuner-$c.gp" ] && [ -f "$TMP/nj/charts/kommuner-$c.dat" ] &&
           grep -q "charts/kommuner-$c.svg" "$TMP/nj/report.md" &&
           grep -q "'Viborg'" "$TMP/nj/charts/kommuner-$c.gp"; then ok
        else bad "report: no per-municipality chart for $c"; fi
        if command -v gnuplot >/dev/null 2>&1; then
                [ -s "$TMP/nj/charts/kommuner-$c.png" ] && [ -s "$TMP/nj/charts/kommuner-$c.svg" ] &&
                        ok || bad "report: per-municipality chart $c not drawn"
        fi
done
# the forest never mixes scales: a panel each, the interview difference in
# its own unit (not -37,8 "percentage points"), the hazard ratio on a log axis
FG="$TMP/nj/charts/forest.gp"
if grep -q 'set multiplot' "$FG" && grep -q "Forskel i andel, procentpoint" "$FG" &&
   grep -q "Forskel i gennemsnit: Jobsamtaler de første 26 uger" "$FG" &&
   grep -q "Hazard ratio for jobstart, logaritmisk akse" "$FG" &&
   grep -q "set label '-0,38 (-0,76; 0,01)'" "$FG" && grep -q "set label '3,7 (1,1; 6,3)'" "$FG" &&
   grep -q "set label '1,18 (1,08; 1,28)'" "$FG" && ! grep -q -- '-37,8' "$FG" &&
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
   grep -q 'hazard ratio for jobstart er 1,00, men 95 %-konfidensintervallet, 0,74 til 1,36, omfatter grænsen for non-inferioritet på 0,90' "$TMP/hr/report.md" &&
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
