# Malformed inputs (tests/malformed/cases.txt): for each case the exit
# status, exactly one line of error on stderr (plus "Try ..." for a usage
# error), nothing on stdout, and the inputs unchanged (cksum before and
# after).  Sourced by tests/run.sh, which defines ok/bad and FKSTAT.

M=tests/malformed
T=$(mktemp -d)
O=$(mktemp -d)
F=$FKSTAT

# inputs too big or too binary to commit
mkdir -p "$T/dir"
printf 'arm,y\ntrial,1\ncon\000trol,0\n' >"$T/nul.csv"
python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(2024).randbytes(4096))' >"$T/random.bin"
tr '\000' x <"$T/random.bin" >"$T/random_text.csv"
{ printf 'arm,y\ntrial,1\ncontrol,'; head -c 2097152 /dev/zero | tr '\000' x; printf '\n'; } >"$T/big_field.csv"
{ printf 'arm;y\nforsøg;1,5\nkontrol;1'; head -c 2097152 /dev/zero | tr '\000' 0; printf ',5\n'; } >"$T/big_number.csv"
# a 100 000-column header whose last name repeats an earlier one (the
# duplicate check was quadratic: 33 s)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sc%d", i ? ";" : "", (i < 99999 ? i : 77); print ""
             for (i = 0; i < 100000; i++) printf "%s1", i ? ";" : ""; print "" }' >"$T/wide_dup.csv"
printf 'arm,y\ntrial,1\ncontrol,0\n' >"$T/unreadable.csv"
chmod 000 "$T/unreadable.csv"

# $NOREAD: run without the right to read every file.  root has it through
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, which setpriv drops.
NOREAD=""
if [ "$(id -u)" -eq 0 ]; then
        NOREAD="setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search"
fi
if $NOREAD cat "$T/unreadable.csv" >/dev/null 2>&1; then
        noread_ok=0
        echo "note: cannot make a file unreadable here; case 'unreadable' skipped"
else
        noread_ok=1
fi

# the inputs' checksums (not the unreadable file's)
malformed_sums() {
        find "$M" "$T" datasets/examples/job.csv -type f ! -name unreadable.csv \
                -exec cksum {} + | sort
}

# the text of a cases.txt field with $M, $T and $F written out
malformed_expand() {
        printf '%s\n' "$1" | sed -e "s|\\\$M|$M|g" -e "s|\\\$T|$T|g" -e "s|\\\$F|$F|g"
}

while IFS='|' read -r name want msg cmd; do
        name=$(echo $name)
        case $name in ''|'#'*) continue ;; esac
        want=$(echo $want)
        msg=$(malformed_expand "$(echo "$msg" | sed 's/^ *//; s/ *$//')")
        if [ "$noread_ok" -eq 0 ] && [ "${cmd#*NOREAD}" != "$cmd" ]; then
                continue
        fi
        before=$(malformed_sums)
        eval "$cmd" >"$O/out" 2>"$O/err" </dev/null
        got=$?
        lines=$(wc -l <"$O/err")
        line1=$(head -n 1 "$O/err")
        line2=$(sed -n 2p "$O/err")
        if [ "$got" -ne "$want" ]; then
                bad "malformed $name: exit $got, want $want ($line1)"
        elif [ "$line1" != "$msg" ]; then
                bad "malformed $name: stderr '$line1', want '$msg'"
        elif [ "$lines" -gt 2 ] || { [ "$lines" -eq 2 ] &&
                { [ "$want" -ne 2 ] || [ "${line2#Try \'fkstat }" = "$line2" ]; }; }; then
                bad "malformed $name: more than one line of error: $(cat "$O/err")"
        elif [ -s "$O/out" ]; then
                bad "malformed $name: output on stdout after an error"
        elif [ "$(malformed_sums)" != "$before" ]; then
                bad "malformed $name: an input changed"
        else
                ok
        fi
done <"$M/cases.txt"
chmod 600 "$T/unreadable.csv"
rm -rf "$T" "$O"
