#!/usr/bin/env python3
"""Identity of the two input paths of compare, describe, did and report: the
summary reader (default) and the full table (FKSTAT_NO_FASTPATH=1) must
give the same stdout, stderr and exit status byte for byte.

  check_fastpath.py FKSTAT

Runs every compare/survival case of tests/cases and ../shared/reference
with both paths; then every CSV fixture (tests/fixtures/csv,
datasets/examples, the cases' data.csv) with each of its first columns as
arm against each other as outcome (plus --type, --cluster, --strata, --freq
variants); then perturbed copies of the examples (a bad value deep in the
file, CRLF, blank lines, trailing blanks, a ragged row, several files,
title and note lines, "..", thousands separators, a Windows-1252 line,
and the options --skip, --thousands and --encoding).  Many of these are
also read from standard input through a pipe ("-"), which takes the
summary reader's block path and, where the summary does not apply, its
copy of the input.
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


def run(args, cwd=None, stdin=None):
    """Both paths; stdin: a file whose bytes go to standard input through
    a pipe (args then name it '-')."""
    global bad, runs
    out = []
    data = None
    if stdin is not None:
        with open(stdin, "rb") as f:
            data = f.read()
    for env in ({}, {"FKSTAT_NO_FASTPATH": "1"}):
        e = dict(os.environ, **env)
        r = subprocess.run([fk] + args, cwd=cwd, env=e, capture_output=True,
                           input=data if data is not None else b"",
                           timeout=300)
        out.append((r.returncode, r.stdout, r.stderr))
    runs += 1
    if out[0] != out[1]:
        bad += 1
        what = ("status" if out[0][0] != out[1][0] else
                "stdout" if out[0][1] != out[1][1] else "stderr")
        print(f"  fastpath: {what} differs: fkstat {' '.join(args)}"
              f"{' < ' + stdin if stdin else ''}"
              f"{' (in ' + cwd + ')' if cwd else ''}")
        if what == "stderr":
            print(f"    summary: {out[0][2]!r}\n    table:   {out[1][2]!r}")


def header(path):
    """The column names as fkstat finds them, roughly: the delimiter most
    lines agree on, the header the first line with two names (below any
    title lines)."""
    try:
        with open(path, "rb") as f:
            text = f.read(65536).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return []
    lines = [l for l in text.splitlines()[:100] if l.strip()]
    if not lines:
        return []

    def agree(d):
        counts = [l.count(d) for l in lines if l.count(d)]
        return max(counts.count(c) for c in counts) if counts else 0
    d = max(";\t,", key=agree)
    for line in lines:
        cells = [c.strip().strip('"') for c in line.split(d)]
        if sum(1 for c in cells if c) >= 2:
            return cells[:7]
    return [c.strip().strip('"') for c in lines[0].split(d)][:7]


# 1. the reference and our own cases
for spec in sorted(glob.glob("tests/cases/*/*/case.json") +
                   glob.glob("../shared/reference/cases/*/*/case.json")):
    with open(spec, encoding="utf-8") as f:
        case = json.load(f)
    if case["args"][0] in ("compare", "survival", "did"):
        run(case["args"], cwd=os.path.dirname(spec))

# did on the bundled panels, and on person rows made from them (several
# rows per municipality and quarter, some without an outcome), also from
# a pipe
for path, unit, period, y, tr, w, start in (
        ("datasets/examples/panel.csv", "kommune", "kvartal", "andel",
         "forsoeg", "antal", "2017Q1"),
        ("datasets/nordjylland/panel.csv", "kommune", "kvartal",
         "andel_selvforsorgende", "forsoegskommune", "antal", "2017Q3")):
    base = ["did", path, "--unit", unit, "--period", period, "--outcome", y,
            "--treated", tr, "--start", start, "--format", "json",
            "--reps", "99"]
    run(base)
    run(base + ["--weight", w])
    run(["did", "-"] + base[2:], stdin=path)
with tempfile.TemporaryDirectory() as tmp:
    with open("datasets/examples/panel.csv", encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    people = [lines[0]]
    for i, line in enumerate(lines[1:]):
        k, q, tr, y, n = line.split(";")
        for v in (y, "0,1", "NA" if i % 7 == 0 else "1"):
            people.append(";".join([k, q, tr, v, n]))
    p = os.path.join(tmp, "people.csv")
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(people) + "\n")
    base = ["--unit", "kommune", "--period", "kvartal", "--outcome", "andel",
            "--treated", "forsoeg", "--start", "2017Q1", "--format", "json",
            "--reps", "99"]
    run(["did", p] + base)
    run(["did", p] + base + ["--weight", "antal"])
    run(["did", "-"] + base, stdin=p)
    # --wide: the same panel one column per quarter, with a title line,
    # a ".." cell and a note line; from a file and from a pipe
    cells, units, periods = {}, [], []
    for line in lines[1:]:
        k, q, tr, y, n = line.split(";")
        if k not in units:
            units.append(k)
        if q not in periods:
            periods.append(q)
        cells[k, q] = (tr, y)
    wide = ["Tabel: andel;", "kommune;forsoeg;" + ";".join(periods)]
    for i, k in enumerate(units):
        wide.append(";".join([k, cells[k, periods[0]][0]] +
                             [".." if (i, j) == (2, 5) else cells[k, q][1]
                              for j, q in enumerate(periods)]))
    wide.append("Kilde: syntetisk")
    p = os.path.join(tmp, "wide.csv")
    with open(p, "w", encoding="utf-8") as f:
        f.write("\n".join(wide) + "\n")
    base = ["--wide", "--unit", "kommune", "--period", "kvartal",
            "--outcome", "andel", "--treated", "forsoeg", "--start",
            "2017Q1", "--format", "json", "--reps", "99"]
    run(["did", p] + base)
    run(["did", "-"] + base, stdin=p)
    run(["did", p] + base[:4] + ["--period", "kommune"] + base[6:])

# 2. every fixture, column against column
files = sorted(glob.glob("tests/fixtures/csv/*.csv") +
               glob.glob("datasets/examples/*.csv") +
               glob.glob("tests/cases/*/*/data.csv") +
               glob.glob("../shared/reference/cases/*/*/data.csv"))
for path in files:
    cols = header(path)
    run(["compare", path, "--outcome", cols[0] if cols else "x",
         "--format", "json"])
    run(["compare", "-", "--outcome", cols[0] if cols else "x",
         "--format", "json"], stdin=path)
    # describe: every column, by each, each alone, from a pipe
    run(["describe", path, "--format", "json"])
    run(["describe", "-", "--format", "json"], stdin=path)
    for c in cols[:6]:
        run(["describe", path, "--by", c, "--format", "json"])
        run(["describe", path, "--outcome", c, "--format", "json"])
    if len(cols) >= 2:
        run(["describe", path, "--by", cols[0] + "," + cols[1], "--format",
             "csv"])
    if len(cols) >= 2:
        run(["compare", "-", "--arm", cols[0], "--outcome", cols[1],
             "--format", "json", "--reps", "99"], stdin=path)
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
        # StatBank's suppressed value in every cell of the row
        yield f"dotdot_{k}", "\n".join(lines[:k] + [";".join(
            c if i < 3 else ".." for i, c in enumerate(cells))] +
            lines[k + 1:])
        # a thousands separator: "1.234" in the id column
        yield f"thousands_{k}", "\n".join(lines[:k] + [";".join(
            "1.234" if i == 0 else c for i, c in enumerate(cells))] +
            lines[k + 1:])
    # tables as public sources publish them
    yield "titles", "Tabel 1: test\nPeriode: 2019;;\n\n" + text
    yield "footer", text.rstrip("\n") + "\n\nKilde: Danmarks Statistik\n"
    yield "padded_footer", text.rstrip("\n") + "\n;;;;\nKilde: test;;;;\n"
    yield "cut_row", text.rstrip("\n") + "\n" + lines[1].split(";")[0] + "\n"
    yield "other_delimiter", text.rstrip("\n") + "\n" + \
        lines[1].replace(";", ",") + "\n"


def latin1_line(text):
    """One line of a UTF-8 text in Windows-1252 (an error) or all of it."""
    lines = text.split("\n")
    return ("\n".join(lines[:5]).encode("utf-8") + b"\n" +
            lines[5].encode("cp1252") + b"\n" +
            "\n".join(lines[6:]).encode("utf-8"))


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
            run(["compare", "-", "--outcome", cols[3], "--format", "json",
                 "--reps", "99"], stdin=p)
            run(["describe", p, "--by", "arm", "--format", "json"])
            run(["describe", p, "--outcome", cols[3], "--format", "json"])
            run(["compare", p, "--outcome", cols[3], "--cluster", "kommune",
                 "--format", "json", "--reps", "99"])
        # the input options, and encodings
        p = os.path.join(tmp, f"{base}_latin1_line.csv")
        with open(p, "wb") as f:
            f.write(latin1_line(text))
        q = os.path.join(tmp, f"{base}_cp1252.csv")
        with open(q, "wb") as f:
            f.write(text.encode("cp1252"))
        for path, opts in ((p, []), (p, ["--encoding", "utf-8"]),
                           (p, ["--encoding", "cp1252"]), (q, []),
                           (f"datasets/examples/{base}.csv",
                            ["--thousands", "none"]),
                           (f"datasets/examples/{base}.csv",
                            ["--thousands", "."]),
                           (f"datasets/examples/{base}.csv", ["--skip", "0"]),
                           (f"datasets/examples/{base}.csv",
                            ["--encoding", "utf-8"])):
            run(["compare", path, "--outcome", cols[3], "--format", "json",
                 "--reps", "99"] + opts)
            run(["compare", "-", "--outcome", cols[3], "--format", "json",
                 "--reps", "99"] + opts, stdin=path)
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
        # standard input among the files, and named twice
        run(["compare", parts[0], "-", parts[2], "--outcome", cols[3],
             "--format", "json", "--reps", "99"], stdin=parts[1])
        run(["compare", "-", "-", "--outcome", cols[3], "--format", "json",
             "--reps", "99"], stdin=parts[1])

# standard input beyond the spool's memory (1 MiB) and the default block
# (4 MiB): plain, and with what sends it to the full table late — a
# quoted field and a note line in its last lines
with tempfile.TemporaryDirectory() as tmp:
    with open("datasets/examples/job.csv", encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    body = lines[1:]
    rows = []
    while sum(len(r) + 1 for r in rows) < 9 << 20:
        rows.extend(body)
    cols = header("datasets/examples/job.csv")
    for name, tail in (("plain", []), ("quote", ['"' + body[0] + '"']),
                       ("footer", ["", "Kilde: test"])):
        p = os.path.join(tmp, f"big_{name}.csv")
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join([lines[0]] + rows + tail) + "\n")
        run(["compare", "-", "--outcome", cols[3], "--format", "json",
             "--reps", "99"], stdin=p)
        run(["describe", "-", "--by", "arm", "--format", "json"], stdin=p)

# fkstat report: every section read as its command reads it (the summary
# of the columns it needs, the did sets), most folded out of one shared
# reading of their file, against every section on the whole table; the bundled plans, and the example plan on perturbed copies
# of its data files (errors, and what sends a file to the full table)
def run_report(plan, tmp, tag):
    global bad, runs
    out = []
    for k, env in enumerate(({}, {"FKSTAT_NO_FASTPATH": "1"})):
        d = os.path.join(tmp, f"rep_{tag}_{k}")
        e = dict(os.environ, **env)
        r = subprocess.run([fk, "report", plan, "-o", d], env=e,
                           capture_output=True, timeout=300)
        files = {}
        for name in ("results.json", "results.csv", "report.md"):
            q = os.path.join(d, name)
            if os.path.exists(q):
                with open(q, "rb") as f:
                    files[name] = f.read()
        out.append((r.returncode, r.stderr.replace(d.encode(), b"DIR"),
                    files))
    runs += 1
    if out[0] != out[1]:
        bad += 1
        what = ("status" if out[0][0] != out[1][0] else
                "stderr" if out[0][1] != out[1][1] else "bundle")
        print(f"  fastpath: {what} differs: fkstat report {plan} ({tag})")
        if what == "stderr":
            print(f"    summary: {out[0][1]!r}\n    table:   {out[1][1]!r}")


with tempfile.TemporaryDirectory() as tmp:
    run_report("datasets/examples/plan.ini", tmp, "examples")
    run_report("datasets/nordjylland/plan.ini", tmp, "nordjylland")
    import shutil
    for base in ("job", "samtaler", "ledighed", "panel"):
        with open(f"datasets/examples/{base}.csv", encoding="utf-8") as f:
            text = f.read()
        todo = [(n, b.encode("utf-8")) for n, b in variants(text)
                if n in ("crlf", "titles", "footer", "no_final_newline") or
                n.startswith(("bad_2_", "quote_", "ragged_2", "na_"))]
        todo += [("latin1_line", latin1_line(text)),
                 ("cp1252", text.encode("cp1252"))]
        for name, body in todo:
            d = os.path.join(tmp, f"plan_{base}_{name}")
            shutil.copytree("datasets/examples", d)
            with open(os.path.join(d, f"{base}.csv"), "wb") as f:
                f.write(body)
            run_report(os.path.join(d, "plan.ini"), tmp, f"{base}_{name}")

# one data file for every section (report/share.c reads it once): binary
# with strata, count, ordinal, survival whose event is also an outcome
# (read on its own), a continuous outcome of distinct values (its set
# switches to sums: read on its own), a second section on the same
# column, and three dids (one start with treated, weighted, staggered
# starts by a column, whose outcome is the event: read on its own);
# missing outcome cells under two codes; --cluster named,
# auto, and auto with the header spelling its candidate in capitals
with tempfile.TemporaryDirectory() as tmp:
    import random
    rng = random.Random(1812)
    kom = ["Aalborg", "Hjørring", "Thisted", "Randers", "Viborg", "Skive",
           "Herning", "Horsens", "Rebild", "Jammerbugt"]
    qs = [f"{y}Q{q}" for y in range(2015, 2020) for q in range(1, 5)]
    def one_file(head_kommune):
        lines = [f"arm,{head_kommune},kvartal,forsoeg,startq,antal,job,"
                 "samtaler,tilfredshed,uger,y,koen,andel"]
        for i in range(6000):
            j = rng.randrange(len(kom))
            tr = j < 5
            job = int(rng.random() < 0.4 + 0.05 * tr)
            miss = ("NA" if i % 2 else "") if i % 211 == 0 else None
            lines.append(",".join([
                "forsøg" if tr else "kontrol", kom[j],
                rng.choice(qs), str(int(tr)),
                ("2017Q3" if j < 2 else "2018Q1") if tr else "",
                str(rng.randint(1, 5)), str(job),
                miss if miss is not None else str(rng.randint(0, 9)),
                str(rng.randint(1, 5)), str(rng.randint(1, 52)),
                f"{rng.gauss(10, 3):.6f}", rng.choice("MK"),
                str(rng.randint(0, 3))]))
        return "\n".join(lines) + "\n"
    plan = ("[study]\ndata = d.csv\narm = arm\ntrial = forsøg\n"
            "control = kontrol\ncluster = {cluster}\nstrata = koen\n"
            "[outcome job]\ntype = binary\nmargin = 0.05\n"
            "[outcome samtaler]\ntype = count\n"
            "[outcome tilfredshed]\ntype = ordinal\n"
            "[outcome uger]\ntime = uger\nevent = job\n"
            "[outcome y]\ntype = continuous\n"
            "[outcome samtaler2]\ncolumn = samtaler\ntype = count\n"
            "[did selv]\nunit = {unit}\nperiod = kvartal\n"
            "outcome = andel\ntreated = forsoeg\nstart = 2017Q3\n"
            "[did selvw]\nunit = {unit}\nperiod = kvartal\n"
            "outcome = tilfredshed\ntreated = forsoeg\nstart = 2017Q3\n"
            "weight = antal\n"
            "[did stag]\nunit = {unit}\nperiod = kvartal\noutcome = job\n"
            "start = startq\n")
    for tag, head, cluster in (("named", "kommune", "kommune"),
                               ("auto", "kommune", "auto"),
                               ("auto_caps", "KOMMUNE", "auto")):
        d = os.path.join(tmp, f"one_{tag}")
        os.mkdir(d)
        with open(os.path.join(d, "d.csv"), "w", encoding="utf-8") as f:
            f.write(one_file(head))
        with open(os.path.join(d, "plan.ini"), "w", encoding="utf-8") as f:
            f.write(plan.format(cluster=cluster, unit=head))
        run_report(os.path.join(d, "plan.ini"), tmp, f"one_{tag}")

# survival on (nearly) all-distinct times: compare reads them through the
# sets with the times kept as packed numbers once they keep growing (over
# 65536 distinct); clustered (detected and named), with --freq, ties, a
# time with more decimals than fit 4 bytes, and errors deep in the file
# (a negative time, a bad event, which the whole table must name)
with tempfile.TemporaryDirectory() as tmp:
    import random
    rng = random.Random(18)
    rows = []
    for i in range(90000):
        k = rng.randrange(40)
        arm = "trial" if k % 2 else "control"
        t = round(rng.expovariate(0.05 if arm == "trial" else 0.045), 4)
        if i % 97 == 0:
            t = round(t)            # ties
        if i % 1013 == 0:
            t = repr(rng.random() * 50)   # 17 digits: kept as 8 bytes
        ev = 1 if rng.random() < 0.7 else 0
        rows.append([str(i), f"K{k:02d}", arm, str(t), str(ev),
                     str(1 + i % 3)])
    def write(name, rs, head="id,kommune,arm,uger,job,antal"):
        p = os.path.join(tmp, name)
        with open(p, "w") as f:
            f.write(head + "\n" + "\n".join(",".join(r) for r in rs) + "\n")
        return p
    plain = write("distinct.csv", rows)
    neg = [list(r) for r in rows]
    neg[80000][3] = "-2.5"
    neg[85000][3] = "-1"
    bad_ev = [list(r) for r in rows]
    bad_ev[81000][4] = "2"
    miss = [list(r) for r in rows]
    for j in range(70000, 90000, 501):
        miss[j][1] = ""
    upper = write("upper.csv", rows, "id,KOMMUNE,arm,uger,job,antal")
    for p in (plain, write("neg.csv", neg), write("badev.csv", bad_ev),
              write("miss.csv", miss), upper):
        for extra in ([], ["--cluster", "none"], ["--cluster", "kommune"],
                      ["--freq", "antal", "--cluster", "none"]):
            run(["survival", p, "--time", "uger", "--event", "job",
                 "--format", "json", "--reps", "19"] + extra)
    # a report's survival section alone on its file reads as compare does
    for p in (plain, write("neg.csv", neg), upper):
        for cluster in ("auto", "none"):
            d = os.path.join(tmp, f"plan_{os.path.basename(p)}_{cluster}")
            os.mkdir(d)
            with open(os.path.join(d, "plan.ini"), "w") as f:
                f.write(f"[study]\ndata = {p}\narm = arm\ntrial = trial\n"
                        f"control = control\ncluster = {cluster}\n"
                        "[outcome uger]\ntime = uger\n"
                        "event = job\n")
            run_report(os.path.join(d, "plan.ini"), tmp,
                       f"surv_{os.path.basename(p)}_{cluster}")

# continuous and count outcomes with (nearly) all-distinct values: compare
# keeps them packed by key combination through the sets
# (FK_NUMBERS_VALUES; past 2 MiB in a temporary file); clustered (detected, named,
# none), --freq, missing values and NA, negative values, 17-digit values,
# a decimal comma, two files, binary words 0/1 first, whole numbers (a
# count), and errors deep in the file (a word, a negative count, a missing
# frequency) that the whole table must name, with the arm note said once
with tempfile.TemporaryDirectory() as tmp:
    import random
    rng = random.Random(1818)
    rows = []
    for i in range(90000):
        k = rng.randrange(40)
        arm = "trial" if k % 2 else "control"
        y = round(rng.gauss(250 if arm == "trial" else 248, 40), 2)
        if i % 89 == 0:
            y = round(y)
        if i % 997 == 0:
            y = repr(rng.random() * 50 - 10)  # 17 digits: 8 bytes
        rows.append([str(i), f"K{k:02d}", arm, str(y), str(1 + i % 3),
                     str(rng.randrange(10 ** 6))])

    def write(name, rs, head="id,kommune,arm,indkomst,antal,kr", d=","):
        p = os.path.join(tmp, name)
        with open(p, "w") as f:
            f.write(head.replace(",", d) + "\n" +
                    "\n".join(d.join(r) for r in rs) + "\n")
        return p
    cases = {"plain": rows}
    m = [list(r) for r in rows]
    for j in range(5, 90000, 777):
        m[j][3] = "" if j % 2 else "NA"
    cases["missing"] = m
    m = [list(r) for r in rows]
    m[80000][3] = "abc"
    cases["word"] = m
    m = [list(r) for r in rows]
    m[0][3], m[1][3], m[2][3] = "1", "0", "1"
    cases["words01"] = m
    m = [list(r) for r in rows]
    m[0][3], m[1][3] = "1.0", "0"
    cases["one_point_zero"] = m
    m = [list(r) for r in rows]
    for j in range(70000, 90000, 501):
        m[j][1] = ""
    cases["nocluster"] = m
    m = [list(r) for r in rows]
    m[86000][4] = ""
    cases["nofreq"] = m
    for name, rs in cases.items():
        p = write(name + ".csv", rs)
        for extra in ([], ["--cluster", "none"], ["--cluster", "kommune"],
                      ["--freq", "antal", "--cluster", "none"],
                      ["--freq", "antal"]):
            run(["compare", p, "--outcome", "indkomst", "--format", "json",
                 "--reps", "19"] + extra)
    comma = [[c.replace(".", ",") for c in r] for r in rows]
    pc = write("comma.csv", comma, d=";")
    run(["compare", pc, "--outcome", "indkomst", "--reps", "19"])
    run(["compare", pc, "--outcome", "indkomst", "--reps", "19",
         "--cluster", "none", "--format", "csv"])
    half = len(rows) // 2
    p1, p2 = write("a.csv", rows[:half]), write("b.csv", rows[half:])
    run(["compare", p1, p2, "--outcome", "indkomst", "--reps", "19",
         "--cluster", "none"])
    # whole numbers: a count; a negative or a fraction deep in the file
    pk = write("count.csv", rows)
    for extra in ([], ["--type", "count"], ["--type", "continuous"],
                  ["--cluster", "none", "--type", "count"]):
        run(["compare", pk, "--outcome", "kr", "--reps", "19",
             "--format", "json"] + extra)
    m = [list(r) for r in rows]
    m[88000][5] = "-3"
    pn = write("negcount.csv", m)
    m = [list(r) for r in rows]
    m[88000][5] = "2.5"
    pf = write("fraccount.csv", m)
    for p in (pn, pf):
        run(["compare", p, "--outcome", "kr", "--reps", "19",
             "--type", "count"])
        run(["compare", p, "--outcome", "kr", "--reps", "19"])
    # several blocks of 4 MiB on two threads: the blocks' numbers in order
    big = rows * 3
    pb = write("big.csv", big)
    for extra in ([], ["--cluster", "none"], ["--freq", "antal"]):
        run(["compare", pb, "--outcome", "indkomst", "--reps", "19",
             "--format", "json"] + extra)
    # past the 2 MiB of numbers kept in memory: the rest wait in a
    # temporary file (17-digit values, 8 bytes each)
    wide = [[r[0], r[1], r[2], repr(rng.random() * 1000 - 300)] + r[4:]
            for r in big + rows]
    pw = write("wide.csv", wide)
    for extra in ([], ["--cluster", "none"], ["--freq", "antal"]):
        run(["compare", pw, "--outcome", "indkomst", "--reps", "19",
             "--format", "json"] + extra)
    # a report's continuous section read on its own (its values are
    # mostly distinct) reads as compare does, beside a shared binary
    # one; an error deep in the file is the whole table's to name
    for name in ("plain", "missing", "word", "nocluster", "nofreq"):
        p = os.path.join(tmp, name + ".csv")
        for cluster, freq in (("auto", ""), ("none", ""),
                              ("kommune", "freq = antal\n")):
            d = os.path.join(tmp, f"plan_{name}_{cluster}")
            os.mkdir(d)
            with open(os.path.join(d, "plan.ini"), "w") as f:
                f.write(f"[study]\ndata = {p}\narm = arm\ntrial = trial\n"
                        f"control = control\ncluster = {cluster}\n"
                        f"[outcome indkomst]\n{freq}"
                        "[outcome kr]\ntype = count\n"
                        "[outcome antal]\n")
            run_report(os.path.join(d, "plan.ini"), tmp,
                       f"distinct_{name}_{cluster}")
    # an arm note and an error: the note is said once
    run(["compare", write("wordnote.csv", cases["word"]), "--outcome",
         "indkomst", "--trial", "trial,forsøg", "--reps", "19"])
    run(["compare", p1, "--outcome", "indkomst", "--trial", "trial,forsøg",
         "--reps", "19", "--cluster", "none"])

print(f"fastpath: {runs} command lines, {bad} differ")
sys.exit(1 if bad else 0)
