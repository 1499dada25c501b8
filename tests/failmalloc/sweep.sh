#!/bin/sh
# Sweep an allocation failure over a whole run: for every N from 1 to the
# number of allocations the run makes (or every STRIDE-th), run CMD with the
# N-th allocation failing (tests/failmalloc/failmalloc.c, LD_PRELOAD) and
# require either the normal result (exit 0, the same stdout) or exit 1 with
# nothing on stdout and exactly one new stderr line, ending "out of
# memory".  Output files named by OUT (a path CMD writes) are checked the
# same way: the normal bytes, or absent; and no temporary OUT.tmp-* or
# OUT.old-* may be left beside it.  START (default 1) is the first N, so
# that a stride samples the same allocations on every run.
#   SHIM=path/to/failmalloc.so [STRIDE=k] [START=n] [OUT=path] sweep.sh NAME CMD...
# Prints one line per failing N (at most SHOW, default 10) and
# "NAME: K runs, F bad".
set -u
name=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-}
stride=${STRIDE:-1}
start=${START:-1}

FAILMALLOC_AT=0 FAILMALLOC_COUNT=$tmp/count LD_PRELOAD=$SHIM "$@" \
        >"$tmp/want" 2>"$tmp/want_err" </dev/null
want_st=$?
if [ "$want_st" -ne 0 ]; then
        echo "$name: the run itself fails (exit $want_st): $(head -n 1 "$tmp/want_err")"
        exit 1
fi
[ -n "$out" ] && cp -r "$out" "$tmp/want_out"
total=$(cat "$tmp/count")
runs=0
bad=0
n=$start
while [ "$n" -le "$total" ]; do
        [ -n "$out" ] && rm -rf "$out" "$out".tmp-* "$out".old-*
        FAILMALLOC_AT=$n LD_PRELOAD=$SHIM "$@" >"$tmp/o" 2>"$tmp/e" </dev/null
        st=$?
        runs=$((runs + 1))
        why=""
        if [ "$st" -eq 0 ]; then
                cmp -s "$tmp/o" "$tmp/want" || why="exit 0 with other output"
                if [ -z "$why" ] && [ -n "$out" ] &&
                   ! diff -r "$out" "$tmp/want_out" >/dev/null 2>&1; then
                        why="exit 0 with other files"
                fi
        elif [ "$st" -eq 1 ]; then
                grep -vxF -f "$tmp/want_err" "$tmp/e" >"$tmp/new" || true
                if [ -s "$tmp/o" ]; then
                        why="exit 1 but stdout written"
                elif [ "$(wc -l <"$tmp/new")" -ne 1 ] ||
                     ! grep -q 'out of memory$' "$tmp/new"; then
                        why="exit 1 with stderr: $(tr '\n' '|' <"$tmp/e" | cut -c1-200)"
                elif [ -n "$out" ] && [ -e "$out" ]; then
                        why="exit 1 but $out left behind"
                fi
        else
                why="exit $st: $(tr '\n' '|' <"$tmp/e" | cut -c1-200)"
        fi
        if [ -z "$why" ] && [ -n "$out" ] &&
           [ -n "$(ls -d "$out".tmp-* "$out".old-* 2>/dev/null)" ]; then
                why="exit $st but a temporary folder left beside $out"
        fi
        if [ -n "$why" ]; then
                bad=$((bad + 1))
                if [ "$bad" -le "${SHOW:-10}" ]; then
                        echo "$name: allocation $n of $total: $why"
                fi
        fi
        n=$((n + stride))
done
echo "$name: $runs runs, $bad bad"
[ "$bad" -eq 0 ]
