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
