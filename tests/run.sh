#!/bin/sh
# Run every fkstat test: the cmocka unit tests, the CLI tests
# (tests/cli_tests.sh and the other tests/cli_*.sh, among them the malformed
# inputs of tests/malformed/cases.txt), the identity of compare's two input
# paths (tests/check_fastpath.py), the layout's rules (tests/check_layers.py), the reference cases of ../shared/reference and our
# own cases under tests/cases (tests/check_cases.py).  The last line is "N passed, N failed".
set -u
FKSTAT=${FKSTAT:-./fkstat}
BUILD=${BUILD:-build/rel}
REF_GROUPS=${REF_GROUPS:-binary count ordinal continuous freq survival stratified adjust power cluster did}
pass=0
fail=0
failed=""

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); failed="$failed
  $1"; echo "FAIL: $1"; }

for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        if "$t"; then ok; else bad "$(basename "$t")"; fi
done

. tests/cli_tests.sh
. tests/cli_adjust_power.sh
. tests/cli_report.sh
. tests/cli_simulate.sh
. tests/cli_malformed.sh
. tests/cli_cluster.sh
. tests/cli_validate.sh
. tests/cli_failmalloc.sh
. tests/cli_did.sh
. tests/cli_public.sh
. tests/cli_input.sh
. tests/cli_man.sh
. tests/cli_csv.sh

# compare's summary reader and the full table give the same bytes
if command -v python3 >/dev/null 2>&1; then
        if python3 tests/check_fastpath.py "$FKSTAT"; then ok; else bad "fastpath identity"; fi
fi

# the layout's rules: no include or call from a lower room to a higher one,
# no circle of calls between files (read from the sources and the objects)
if command -v python3 >/dev/null 2>&1 && command -v nm >/dev/null 2>&1; then
        if python3 tests/check_layers.py "$BUILD"; then ok; else bad "layers"; fi
fi

# our own cases (tests/reference/*_cases.R), checked by tests/check_cases.py
if command -v python3 >/dev/null 2>&1; then
        for g in $(ls tests/cases); do
                if python3 tests/check_cases.py "$FKSTAT" "$g"; then ok; else bad "cases $g"; fi
        done
fi

# the shared reference cases beside the project, when present
REF=../shared/reference
if [ -f "$REF/check.py" ] && command -v python3 >/dev/null 2>&1; then
        for g in $REF_GROUPS; do
                if python3 "$REF/check.py" "$FKSTAT" "$g"; then ok; else bad "reference $g"; fi
        done
else
        echo "note: $REF not found; shared reference cases skipped"
fi

if [ "$fail" -ne 0 ]; then
        echo "failed:$failed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
