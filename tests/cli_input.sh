# Tables as public sources publish them, through the CLI: title lines,
# footers, "..", thousands separators, StatBank periods (2019K3, 2017H1)
# and mixed encodings, and the options --skip, --thousands, --encoding.
# Sourced by tests/run.sh, which defines ok/bad and FKSTAT; run from the
# top folder.  Exact numbers: the fixtures are small enough to check by
# hand (the sums are in the comments).

IF=tests/fixtures/csv
IT=$(mktemp -d)
SB=$IF/statbank_auk01.csv
JI=$IF/jobindsats_forloeb.csv

# input_check NAME WANT_STATUS FILE_WITH_WANTED_STDOUT FILE_WITH_WANTED_STDERR CMD...
input_check() {
        name=$1 want=$2 out=$3 err=$4
        shift 4
        "$@" >"$IT/out" 2>"$IT/err"
        got=$?
        if [ "$got" -ne "$want" ]; then
                bad "input $name: exit $got, want $want ($(head -n 1 "$IT/err"))"
        elif [ -n "$out" ] && ! cmp -s "$out" "$IT/out"; then
                bad "input $name: stdout differs: $(diff "$out" "$IT/out" | head -n 5)"
        elif [ -n "$err" ] && ! cmp -s "$err" "$IT/err"; then
                bad "input $name: stderr differs: $(diff "$err" "$IT/err" | head -n 5)"
        else
                ok
        fi
}

# StatBank: BOM, a quoted title with commas, CRLF, ';', "..", decimal
# commas, a source line below a blank line.  INDHOLD: 3,4 3,1 2,9 3,6
# 4,25 and two "..": n 5, missing 2, mean 17,25/5 = 3,45.
cat >"$IT/sb.csv" <<'EOF'
group,column,n,missing,mean,sd,min,q1,median,q3,max
all rows,INDHOLD,5,2,3.45,0.5220153254455275,2.9,3.1,3.4,3.6,4.25
EOF
cat >"$IT/sb.err" <<EOF
fkstat: describe: $SB: skipped 1 title line above the header ('AUK01: Fuldtidsledige i procent af arbej…')
fkstat: describe: $SB: skipped 1 note line below the data, from line 11 ('Kilde: Danmarks Statistik, statistikbank…')
EOF
input_check statbank-describe 0 "$IT/sb.csv" "$IT/sb.err" \
        $FKSTAT describe $SB --format csv
# periods as StatBank writes them, kept so: 2019K3 (3,4 2,9 3,6 4,25)
cat >"$IT/sb_tid.csv" <<'EOF'
group,column,n,missing,mean,sd,min,q1,median,q3,max
TID=2019K3,INDHOLD,4,1,3.5375,0.5588306243099663,2.9,3.275,3.5,3.7625,4.25
TID=2019K4,INDHOLD,1,1,3.1,,3.1,3.1,3.1,3.1,3.1
EOF
input_check statbank-by-period 0 "$IT/sb_tid.csv" "" \
        $FKSTAT describe $SB --by TID --format csv
# --na replaces the codes: ".." is then a value, and not a number
input_check statbank-na 1 "" "" $FKSTAT describe $SB --na NA --outcome INDHOLD

# jobindsats.dk: two titles, thousands separators in whole-number
# columns (ambiguous, said), a padded empty row and two padded notes.
# Heraf i job: 1069 412 388 1512 1204 201; Antal forløb: 2345 987 901
# 3120 2687 460.
cat >"$IT/ji.csv" <<'EOF'
group,column,n,missing,mean,sd,min,q1,median,q3,max
all rows,Heraf i job,6,0,797.6666666666666,533.2124029565204,201,394,740.5,1170.25,1512
all rows,Antal forløb,6,0,1750,1102.3578366392649,460,922.5,1666,2601.5,3120
EOF
cat >"$IT/ji.err" <<EOF
fkstat: describe: $JI: skipped 2 title lines above the header ('Ydelsesgrupper - forløb og afgang til jo…')
fkstat: describe: $JI: skipped 2 note lines below the data, from line 12 ('Kilde: jobindsats.dk')
fkstat: describe: column 'Heraf i job': '1.069' read as 1069, '.' as thousands separator (ambiguous; --thousands none reads '.' as the decimal mark)
fkstat: describe: column 'Antal forløb': '2.345' read as 2345, '.' as thousands separator (ambiguous; --thousands none reads '.' as the decimal mark)
EOF
input_check jobindsats-describe 0 "$IT/ji.csv" "$IT/ji.err" \
        $FKSTAT describe $JI --format csv
# --skip 3 --thousands .: the same numbers, nothing to say but the footer
cat >"$IT/ji_skip.err" <<EOF
fkstat: describe: $JI: skipped 2 note lines below the data, from line 12 ('Kilde: jobindsats.dk')
EOF
input_check jobindsats-skip 0 "$IT/ji.csv" "$IT/ji_skip.err" \
        $FKSTAT describe $JI --format csv --skip 3 --thousands .
# --thousands none: '.' is a decimal point (1.069), so not a count
input_check jobindsats-thousands-none 1 "" "" \
        $FKSTAT compare $JI --arm Område --trial Aalborg,Frederikshavn,Hjørring \
        --successes "Heraf i job" --trials "Antal forløb" --thousands none
grep -q "^fkstat: compare: $JI:5: column 'Heraf i job': '1.069' is not a non-negative whole number\$" "$IT/err" &&
        ok || bad "input jobindsats-thousands-none: $(tail -n 1 "$IT/err")"

# compare on the aggregated table: trial Aalborg, Frederikshavn, Hjørring
# 1069+412+388 = 1869 of 2345+987+901 = 4233; control 1512+1204+201 = 2917
# of 3120+2687+460 = 6267.  The summary reader gives way to the full one.
for fp in 0 1; do
        FKSTAT_NO_FASTPATH=$fp $FKSTAT compare $JI --arm Område \
                --trial Aalborg,Frederikshavn,Hjørring --successes "Heraf i job" \
                --trials "Antal forløb" --cluster none --format json \
                >"$IT/ji$fp.json" 2>"$IT/ji$fp.err"
done
if command -v python3 >/dev/null 2>&1; then
        if python3 - "$IT/ji0.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
g = {x["arm"]: x for x in d["results"][0]["groups"]}
want = {"trial": (1869, 4233), "control": (2917, 6267)}
got = {a: (g[a]["successes"], g[a]["n"]) for a in want}
sys.exit(0 if got == want else f"got {got}")
EOF
        then ok; else bad "input jobindsats-compare: wrong counts"; fi
fi
cmp -s "$IT/ji0.json" "$IT/ji1.json" && cmp -s "$IT/ji0.err" "$IT/ji1.err" &&
        ok || bad "input jobindsats-compare: the summary and full readers differ"
grep -c "^fkstat: compare: " "$IT/ji0.err" | grep -qx 4 &&
        ok || bad "input jobindsats-compare: notes: $(cat "$IT/ji0.err")"

# thousands beside a decimal comma: the Danish reading of a mixed column
# (antal 1234 2345 12: mean 1197, sd sqrt(2723498/2) = 1166.94; beløb 1,5
# 2 1234,5: mean 412.67, sd 711.73)
printf 'arm;antal;beløb\nforsøg;1.234;1,5\nkontrol;2.345;2\nforsøg;12;1.234,5\n' >"$IT/dk.csv"
cat >"$IT/dk.out" <<'EOF'
group,column,n,missing,mean,sd,min,q1,median,q3,max
all rows,antal,3,0,1197,1166.9400155963458,12,623,1234,1789.5,2345
all rows,beløb,3,0,412.6666666666667,711.7285882506992,1.5,1.75,2,618.25,1234.5
EOF
input_check thousands-dk 0 "$IT/dk.out" "" $FKSTAT describe "$IT/dk.csv" --format csv
grep -q "column 'beløb': '.' read as thousands separator ('1.234,5' = 1234,5)" "$IT/err" &&
        ok || bad "input thousands-dk: notes: $(cat "$IT/err")"

# one Windows-1252 line in a UTF-8 file: an error naming it; --encoding
# utf-8 reads that line as Windows-1252 (both 'forsøg' rows in the trial
# arm); --encoding cp1252 reads every line so (a third arm value)
ME=$IF/mixed_encoding.csv
input_check mixed-encoding 1 /dev/null "" $FKSTAT describe $ME --by arm
cat >"$IT/me.out" <<'EOF'
group,column,n,missing,mean,sd,min,q1,median,q3,max
arm=forsøg,job,2,0,1,0,1,1,1,1,1
arm=kontrol,job,2,0,0.5,0.7071067811865476,0,0.25,0.5,0.75,1
EOF
cat >"$IT/me.err" <<EOF
fkstat: describe: $ME: 1 line not UTF-8 (the first line 4) read as Windows-1252
EOF
input_check encoding-utf8 0 "$IT/me.out" "$IT/me.err" \
        $FKSTAT describe $ME --by arm --format csv --encoding utf-8
$FKSTAT describe $ME --by arm --format csv --encoding cp1252 2>"$IT/err" |
        grep -c "^arm=" | grep -qx 3 && ok || bad "input encoding-cp1252: not three arms"
# a wholly Windows-1252 file is still converted, said once
printf 'arm;job\nfors\370g;1\nkontrol;0\nfors\370g;0\n' >"$IT/cp.csv"
printf 'fkstat: describe: input converted from Windows-1252 to UTF-8\n' >"$IT/cp.err"
input_check cp1252-file 0 "" "$IT/cp.err" $FKSTAT describe "$IT/cp.csv" --by arm

# periods: 2017K3 as StatBank writes quarters gives the numbers of 2017Q3
# and keeps its labels; half years; kinds do not mix
P=datasets/examples/panel.csv
sed 's/Q/K/' $P >"$IT/panel_k.csv"
DID="--unit kommune --period kvartal --outcome andel --treated forsoeg --weight antal --reps 99"
$FKSTAT did $P $DID --start 2017Q3 --format json >"$IT/q.json" 2>/dev/null
$FKSTAT did "$IT/panel_k.csv" $DID --start 2017Q3 --format json >"$IT/k.json" 2>/dev/null
if grep -q '"2017K3"' "$IT/k.json" && ! grep -q '2017Q' "$IT/k.json" &&
   sed 's/\(20[0-9][0-9]\)K/\1Q/g; s/panel_k\.csv/panel.csv/g' "$IT/k.json" |
   sed 's|"[^"]*panel.csv"|"panel.csv"|g' >"$IT/k2.json" &&
   sed 's|"[^"]*panel.csv"|"panel.csv"|g' "$IT/q.json" | cmp -s - "$IT/k2.json"; then
        ok
else
        bad "input did-k-periods: 2017K3 does not give the numbers of 2017Q3"
fi
sed 's/Q[12];/H1;/; s/Q[34];/H2;/' $P >"$IT/panel_h.csv"
$FKSTAT did "$IT/panel_h.csv" $DID --start 2017H2 --format json >"$IT/h.json" 2>"$IT/err" &&
        grep -q '"2017H2"' "$IT/h.json" && ok || bad "input did-h-periods: $(head -n 1 "$IT/err")"
awk 'NR == 5 { sub(/2015Q4/, "2015M12") } { print }' $P >"$IT/panel_mixed.csv"
printf '%s\n' "fkstat: did: $IT/panel_mixed.csv:5: column 'kvartal': '2015M12' is not of the same kind as the earlier periods" >"$IT/mixed.err"
input_check did-mixed-kinds 1 /dev/null "$IT/mixed.err" \
        $FKSTAT did "$IT/panel_mixed.csv" $DID --start 2017Q3

# a 100 000-column header reads in well under 10 s (the duplicate-name
# check was quadratic), by compare's summary reader and the full one
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sc%d", i ? ";" : "", i; print ""
             for (r = 0; r < 4; r++) { for (i = 0; i < 100000; i++) printf "%s%d", i ? ";" : "", (i == 1 ? r % 2 : r); print "" } }' >"$IT/wide.csv"
if timeout 10 $FKSTAT describe "$IT/wide.csv" --outcome c99999 >"$IT/out" 2>"$IT/err" &&
   grep -q '^  c99999 ' "$IT/out" &&
   timeout 10 $FKSTAT compare "$IT/wide.csv" --outcome c5 --arm c1 --trial 1 --control 0 --type continuous >"$IT/out" 2>"$IT/err"; then ok
else bad "input wide-header: 100 000 columns: $(head -n 1 "$IT/err")"; fi

# the trial arm is found from the trial words without regard to case
# (also Æ, Ø, Å) and from words beginning "forsøg" (forsog, forsoeg), the
# exact word first; two values neither of which says so need --trial
for pair in "Forsøgskommune;Sammenligningskommune;Forsøgskommune" "sammenligning;FORSØG;FORSØG" \
            "Ja;Nej;Ja" "forsoegskommune;andre;forsoegskommune" "forsøgsperiode;forsøg;forsøg"; do
        a=${pair%%;*}; rest=${pair#*;}; b=${rest%%;*}; want=${rest#*;}
        printf 'arm;y\n%s;1\n%s;0\n%s;1\n%s;0\n' "$a" "$b" "$a" "$b" >"$IT/arms.csv"
        if $FKSTAT compare "$IT/arms.csv" --outcome y --format json 2>"$IT/err" |
           grep -q "\"trial\": \"$want\""; then ok
        else bad "input trial word: $a/$b: $(head -n 1 "$IT/err")"; fi
done
printf 'arm;y\nx;1\ny;0\nx;1\ny;0\n' >"$IT/arms.csv"
expect trial-word-none 2 "fkstat: compare: cannot tell which of 'x' and 'y' in column 'arm' is the trial arm; say --trial" \
        $FKSTAT compare "$IT/arms.csv" --outcome y

# every reading command lists the input options in its help
for cmd in compare survival describe adjust; do
        $FKSTAT $cmd --help >"$IT/help" 2>&1
        if grep -q -- "--skip N" "$IT/help" && grep -q -- "--thousands" "$IT/help" &&
           grep -q -- "--encoding" "$IT/help"; then ok
        else bad "input help: $cmd --help lacks --skip/--thousands/--encoding"; fi
done

rm -rf "$IT"
