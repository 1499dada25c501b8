#!/usr/bin/env python3
"""Identity of compare's two input paths: the summary reader (default) and
the full table (FKSTAT_NO_FASTPATH=1) must give the same stdout, stderr and
exit status byte for byte.

  check_fastpath.py FKSTAT

Runs every compare/survival case of tests/cases and ../shared/reference
with both paths; then every CSV fixture (tests/fixtures/csv,
datasets/examples, the cases' data.csv) with each of its first columns as
arm against each other as outcome (plus --type, --cluster, --strata, --freq
variants); then perturbed copies of the examples (a bad value deep in the
file, CRLF, blank lines, trailing blanks, a ragged row, several files).
Prints one line per difference; exit status 1 when there is one."""
import glob
import json
import os
import subprocess
import sys
import tempfile

fk = os.path.abspath(sys.argv[1])
top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(top)
bad = 0
runs = 0


def run(args, cwd=None):
    global bad, runs
    out = []
    for env in ({}, {"FKSTAT_NO_FASTPATH": "1"}):
        e = dict(os.environ, **env)
        r = subprocess.run([fk] + args, cwd=cwd, env=e, capture_output=True,
                           timeout=300)
        out.append((r.returncode, r.stdout, r.stderr))
    runs += 1
    if out[0] != out[1]:
        bad += 1
        what = ("status" if out[0][0] != out[1][0] else
                "stdout" if out[0][1] != out[1][1] else "stderr")
        print(f"  fastpath: {what} differs: fkstat {' '.join(args)}"
              f"{' (in ' + cwd + ')' if cwd else ''}")
        if what == "stderr":
            print(f"    summary: {out[0][2]!r}\n    table:   {out[1][2]!r}")


def header(path):
    try:
        with open(path, "rb") as f:
            line = f.readline().decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return []
    line = line.rstrip("\r\n")
    d = max(";\t,", key=line.count)
    return [c.strip().strip('"') for c in line.split(d)][:7]


# 1. the reference and our own cases
for spec in sorted(glob.glob("tests/cases/*/*/case.json") +
                   glob.glob("../shared/reference/cases/*/*/case.json")):
    with open(spec, encoding="utf-8") as f:
        case = json.load(f)
    if case["args"][0] in ("compare", "survival"):
        run(case["args"], cwd=os.path.dirname(spec))

# 2. every fixture, column against column
files = sorted(glob.glob("tests/fixtures/csv/*.csv") +
               glob.glob("datasets/examples/*.csv") +
               glob.glob("tests/cases/*/*/data.csv") +
               glob.glob("../shared/reference/cases/*/*/data.csv"))
for path in files:
    cols = header(path)
    run(["compare", path, "--outcome", cols[0] if cols else "x",
         "--format", "json"])
    for a in cols:
        for o in cols:
            if a == o:
                continue
            run(["compare", path, "--arm", a, "--outcome", o, "--format",
                 "json", "--reps", "99"])
        rest = [c for c in cols if c != a]
        if len(rest) >= 2:
            o, x = rest[:2]
            for extra in (["--type", "count"], ["--type", "continuous"],
                          ["--type", "ordinal"], ["--cluster", x],
                          ["--strata", x], ["--freq", x],
                          ["--time", o, "--event", x]):
                run(["compare", path, "--arm", a, "--outcome", o, "--format",
                     "json", "--reps", "99"] + extra)

# 3. perturbed copies of the examples
def variants(text):
    lines = text.split("\n")
    yield "crlf", "\r\n".join(lines)
    yield "blank", "\n\n".join(lines[:1] + ["", "  "] + lines[1:])
    yield "trailing", "\n".join(l + "  " if l else l for l in lines)
    yield "no_final_newline", text.rstrip("\n")
    for k in (2, len(lines) // 2, len(lines) - 2):
        cells = lines[k].split(";")
        for j in range(len(cells)):
            v = list(cells)
            v[j] = "maybe"
            yield f"bad_{k}_{j}", "\n".join(lines[:k] + [";".join(v)] +
                                            lines[k + 1:])
        yield f"ragged_{k}", "\n".join(lines[:k] + [lines[k] + ";x"] +
                                       lines[k + 1:])
        yield f"na_{k}", "\n".join(lines[:k] + [";".join(
            "NA" if i == 3 else c for i, c in enumerate(cells))] +
            lines[k + 1:])
        yield f"quote_{k}", "\n".join(lines[:k] + ['"' + lines[k] + '"'] +
                                      lines[k + 1:])


with tempfile.TemporaryDirectory() as tmp:
    for base in ("job", "samtaler", "ledighed"):
        with open(f"datasets/examples/{base}.csv", encoding="utf-8") as f:
            text = f.read()
        cols = header(f"datasets/examples/{base}.csv")
        for name, body in variants(text):
            p = os.path.join(tmp, f"{base}_{name}.csv")
            with open(p, "w", encoding="utf-8", newline="") as f:
                f.write(body)
            for o in cols[3:]:
                run(["compare", p, "--outcome", o, "--format", "json",
                     "--reps", "99"])
            run(["compare", p, "--outcome", cols[3], "--cluster", "kommune",
                 "--format", "json", "--reps", "99"])
        # the file in two and three pieces, read as one table
        lines = text.rstrip("\n").split("\n")
        parts = []
        for i, chunk in enumerate((lines[1:40], lines[40:41], lines[41:])):
            p = os.path.join(tmp, f"{base}_part{i}.csv")
            with open(p, "w", encoding="utf-8") as f:
                f.write("\n".join([lines[0]] + chunk) + "\n")
            parts.append(p)
        for o in cols[3:]:
            run(["compare"] + parts + ["--outcome", o, "--format", "json",
                                       "--reps", "99"])

print(f"fastpath: {runs} command lines, {bad} differ")
sys.exit(1 if bad else 0)
