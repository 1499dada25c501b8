#!/usr/bin/env python3
"""Check a report bundle against the CLI: every outcome in results.json must
equal `fkstat compare --format json` on the same data and options, every did
entry `fkstat did --format json`, and the bundle must hold its files.
usage: check_report.py FKSTAT PLAN DIR   (exit status 0 when all agree)"""
import configparser, json, os, subprocess, sys

fk, plan, out = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(plan))
cp = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"),
                               inline_comment_prefixes=None)
cp.read(plan, encoding="utf-8")
st = cp["study"]
res = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
bad = 0

def fail(msg):
    global bad
    bad += 1
    print("check_report:", msg)

for f in ("report.html", "report.md", "results.csv", "results.json"):
    if not os.path.getsize(os.path.join(out, f)):
        fail(f + " is empty")
html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
if "<svg" not in html or "http" in html.replace("http://www.w3.org", ""):
    fail("report.html is not self-contained with inline SVG")

def same(a, b, path):
    if isinstance(a, dict):
        for k in b:
            if k not in a:
                fail(f"{path}.{k} missing in the report")
            else:
                same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            fail(f"{path}: {len(a)} items, compare has {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif a != b:
        fail(f"{path}: report {a!r}, cli {b!r}")

sections = [s for s in cp.sections() if s.startswith("outcome ")]
for i, s in enumerate(sections):
    o = cp[s]
    name = s.split(" ", 1)[1]
    args = [fk, "compare", os.path.join(here, o.get("data", st.get("data"))),
            "--outcome", o.get("column", name), "--format", "json",
            "--arm", st.get("arm", "arm"), "--seed", st.get("seed", "1")]
    for k, flag in (("type", "--type"), ("better", "--better"),
                    ("margin", "--margin"), ("time", "--time"),
                    ("event", "--event")):
        if k in o:
            args += [flag, o[k]]
    if "cluster" in st:
        args += ["--cluster", st["cluster"]]
    if "time" in o:
        args += ["--table"]
    cli = json.loads(subprocess.run(args, capture_output=True, check=True).stdout)
    r = dict(res["results"][i])
    for k in ("label",):
        r.pop(k, None)
    for t in r.get("tests", []):
        t.pop("p_adjusted", None)
    r.get("verdict", {}).pop("p_adjusted", None)
    c = cli["results"][0]
    c["outcome"] = name
    same(r, c, f"results[{i}]")
for i, s in enumerate(x for x in cp.sections() if x.startswith("did ")):
    d = cp[s]
    args = [fk, "did", os.path.join(here, d.get("data", st.get("data"))),
            "--format", "json", "--seed", st.get("seed", "1")]
    for k in ("unit", "period", "outcome", "treated", "start", "weight",
              "better", "margin"):
        if k in d:
            args += ["--" + k, d[k]]
    cli = json.loads(subprocess.run(args, capture_output=True, check=True).stdout)
    r = dict(res["did"][i])
    r["cr2"] = dict(r["cr2"])
    r["cr2"].pop("p_adjusted", None)
    for k in ("fkstat", "input"):
        cli.pop(k)
    cli["name"] = s.split(" ", 1)[1]
    same(r, cli, f"did[{i}]")
print(f"check_report: {len(sections)} outcomes checked, {bad} differences")
sys.exit(1 if bad else 0)
