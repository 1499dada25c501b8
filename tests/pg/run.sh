#!/bin/sh
# The --freq path with a real database: a throw-away PostgreSQL server on a
# Unix socket in a temporary folder (no network) holds a generated
# person-level table; for each outcome, a GROUP BY with one row per arm x
# outcome value piped as CSV into `fkstat compare - --freq n` must give the
# same JSON results, number for number, as the person-level rows: every
# integer exactly, a double exactly or within a relative 1e-12 (the last
# bits of a sum of squares; the run says how many).  Installs the server
# when it is missing (scripts/install-deps.sh pg); as root it runs the
# server as the postgres user.  Stops the server and removes the folder on
# any exit.
#   tests/pg/run.sh [PEOPLE]        (default 200000)
set -eu
cd "$(dirname "$0")/../.."
FKSTAT=${FKSTAT:-./fkstat}
PEOPLE=${1:-200000}

if [ ! -x "$FKSTAT" ]; then
        echo "pg: no $FKSTAT; run make first" >&2
        exit 1
fi
case $FKSTAT in /*) ;; *) FKSTAT=$PWD/$FKSTAT ;; esac
scripts/install-deps.sh pg
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
        echo "pg: no PostgreSQL server programs under /usr/lib/postgresql" >&2
        exit 1
fi

tmp=$(mktemp -d)
AS=""
if [ "$(id -u)" -eq 0 ]; then
        # initdb and postgres refuse to run as root
        AS="runuser -u postgres --"
        chown postgres "$tmp"
fi
started=0
cleanup() {
        if [ "$started" -eq 1 ]; then
                $AS "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# the server's user may not be allowed into the current folder
cd "$tmp"

$AS "$PGBIN/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --no-locale \
        >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
if ! $AS "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
        -o "-k $tmp -c listen_addresses= -p 5432 -c fsync=off" start >/dev/null; then
        cat "$tmp/server.log" >&2
        exit 1
fi
started=1
sql() {
        $AS "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p 5432 -U postgres -d postgres "$@"
}

# Person-level data, deterministic: arm, job within 52 weeks (ja/nej),
# interviews in 26 weeks (a count), satisfaction 1-5 (ordinal, some
# missing), weeks to job with an event flag (survival).
sql <<SQL
CREATE TABLE people AS
SELECT i AS id,
       CASE WHEN hashint4(i) & 1 = 0 THEN 'forsøg' ELSE 'kontrol' END AS arm,
       hashint4(i * 7 + 1) & 1023 AS u1,
       hashint4(i * 13 + 5) & 1023 AS u2,
       hashint4(i * 31 + 7) & 1023 AS u3
FROM generate_series(1, $PEOPLE) AS i;
ALTER TABLE people
        ADD COLUMN job text, ADD COLUMN interviews int,
        ADD COLUMN tilfredshed int, ADD COLUMN uger int, ADD COLUMN event int;
UPDATE people SET
        job = CASE WHEN u1 < (CASE arm WHEN 'forsøg' THEN 570 ELSE 540 END)
                   THEN 'ja' ELSE 'nej' END,
        interviews = (u2 % 9) + (CASE WHEN arm = 'kontrol' AND u3 % 3 = 0 THEN 1 ELSE 0 END),
        tilfredshed = CASE WHEN u3 % 17 = 0 THEN NULL
                           ELSE 1 + (u3 + (CASE arm WHEN 'forsøg' THEN 60 ELSE 0 END)) % 5 END,
        uger = 1 + (u1 * 7 + u2) % 52,
        event = CASE WHEN u2 < 700 THEN 1 ELSE 0 END;
SQL

fail=0
# check NAME GROUP-COLUMNS PERSON-COLUMNS FKSTAT-OPTIONS...
check() {
        name=$1 cols=$2
        shift 2
        sql -c "COPY (SELECT arm, $cols, count(*) AS n FROM people
                      GROUP BY arm, $cols ORDER BY arm, $cols)
                TO STDOUT WITH CSV HEADER" >"$tmp/grouped.csv"
        sql -c "COPY (SELECT arm, $cols FROM people ORDER BY id)
                TO STDOUT WITH CSV HEADER" >"$tmp/people.csv"
        # as in the documented pipe: psql ... | fkstat compare - ...
        sql -c "COPY (SELECT arm, $cols, count(*) AS n FROM people
                      GROUP BY arm, $cols ORDER BY arm, $cols)
                TO STDOUT WITH CSV HEADER" |
                "$FKSTAT" compare - "$@" --freq n --format json \
                >"$tmp/grouped.json" 2>"$tmp/grouped.err" ||
                { cat "$tmp/grouped.err" >&2; fail=1; return; }
        sql -c "COPY (SELECT arm, $cols FROM people ORDER BY id)
                TO STDOUT WITH CSV HEADER" |
                "$FKSTAT" compare - "$@" --format json \
                >"$tmp/people.json" 2>"$tmp/people.err" ||
                { cat "$tmp/people.err" >&2; fail=1; return; }
        if ! python3 - "$name" "$tmp/grouped.json" "$tmp/people.json" \
                "$(($(wc -l <"$tmp/grouped.csv") - 1))" \
                "$(($(wc -l <"$tmp/people.csv") - 1))" <<'PY'
import json, sys

name, gpath, ppath, grows, prows = sys.argv[1:]
g = json.load(open(gpath))["results"]
p = json.load(open(ppath))["results"]
diffs, numbers, rounding = [], 0, 0
# Integers (counts, W, n) and anything rank-based must be equal; sums of
# squares over w identical rows are formed as w times one term, so a mean,
# sd or Welch statistic may differ from the row-by-row sum in the last bits
# of a double: allowed up to a relative 1e-12, and counted.
TOL = 1e-12

def walk(a, b, path):
    global numbers, rounding
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            diffs.append(f"{path}: keys {sorted(a)} vs {sorted(b)}")
        for k in a.keys() & b.keys():
            walk(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append(f"{path}: {len(a)} vs {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]")
    else:
        num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
        if num(a):
            numbers += 1
        if a == b:
            return
        if (num(a) and num(b) and isinstance(a, float) and isinstance(b, float)
                and abs(a - b) <= TOL * max(abs(a), abs(b))):
            rounding += 1
            return
        diffs.append(f"{path}: {a!r} (grouped) vs {b!r} (people)")

walk(g, p, "results")
for d in diffs[:20]:
    print(f"pg: {name}: {d}")
tests = [t["test"] for r in g for t in r.get("tests", [])]
print(f"pg: {name}: {prows} people in {grows} grouped rows: {numbers} "
      f"numbers, {numbers - rounding - len(diffs)} identical, {rounding} "
      f"within {TOL:g} (rounding), {len(diffs)} different; tests: "
      f"{', '.join(tests)}")
sys.exit(1 if diffs or numbers == 0 else 0)
PY
        then
                fail=1
        fi
}

check job job --outcome job --type binary
check interviews interviews --outcome interviews --type count
check tilfredshed tilfredshed --outcome tilfredshed --type ordinal
check survival "uger, event" --time uger --event event --type survival
if [ "$fail" -ne 0 ]; then
        echo "pg: FAILED: grouped rows with --freq differ from the person-level rows"
        exit 1
fi
echo "pg: grouped (--freq) and person-level results are equal"
