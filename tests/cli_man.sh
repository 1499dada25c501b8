# The manual pages keep step with the code: every command that
# `fkstat --help` lists has man/fkstat-CMD.1, fkstat(1) names it, and the
# page mentions every long option that `fkstat CMD --help` prints.  When
# groff is installed, every page formats without a warning.  Sourced by
# tests/run.sh, which defines ok/bad and FKSTAT; run from the top folder.

MT=$(mktemp -d)

# A page's text with troff's escaped hyphens (\-) as plain hyphens and the
# font changes (\fB ... \fP) taken out, so that options read as typed.
man_text() {
        sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$1"
}

if [ -f man/fkstat.1 ]; then ok; else bad "man: man/fkstat.1 is missing"; fi
man_text man/fkstat.1 >"$MT/fkstat.txt" 2>/dev/null

man_cmds=$("$FKSTAT" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
if [ -n "$man_cmds" ]; then ok; else bad "man: no command list in 'fkstat --help'"; fi

for cmd in $man_cmds; do
        page=man/fkstat-$cmd.1
        if [ ! -f "$page" ]; then
                bad "man: $page is missing (fkstat --help lists '$cmd')"
                continue
        fi
        if grep -q "fkstat-$cmd" "$MT/fkstat.txt"; then ok; else
                bad "man: man/fkstat.1 does not name fkstat-$cmd"
        fi
        man_text "$page" >"$MT/page.txt"
        missing=""
        for opt in $("$FKSTAT" "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' |
                     sed 's/-*$//' | sort -u); do
                grep -Eq -- "$opt([^a-z0-9-]|\$)" "$MT/page.txt" ||
                        missing="$missing $opt"
        done
        if [ -z "$missing" ]; then ok; else
                bad "man: $page lacks what 'fkstat $cmd --help' lists:$missing"
        fi
done

if command -v groff >/dev/null 2>&1; then
        for page in man/*.1; do
                groff -ww -man -z -Tutf8 "$page" >"$MT/groff" 2>&1
                if [ -s "$MT/groff" ]; then
                        bad "man: $page: $(head -n 1 "$MT/groff")"
                else
                        ok
                fi
        done
fi
rm -rf "$MT"
