#!/usr/bin/env python3
"""Check a report bundle against the CLI: every outcome in results.json must
equal `fkstat compare --format json` on the same data and options, every did
entry `fkstat did --format json`, and the bundle must hold its files.  Then
the verdict follows the design: a clustered outcome is judged on its
cluster-level basis (CR2, Lin-Wei), results.csv carries that basis, effect,
interval and verdict, and report.md states that verdict in the summary row
and in the first sentence of the outcome's section.
usage: check_report.py FKSTAT PLAN DIR   (exit status 0 when all agree)"""
import configparser, csv, json, math, os, re, subprocess, sys

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
    if "cluster" in r:
        r["cluster"] = dict(r["cluster"])
    for k in ("label",):
        r.pop(k, None)
    for t in r.get("tests", []):
        t.pop("p_adjusted", None)
    r.get("verdict", {}).pop("p_adjusted", None)
    cl = r.get("cluster") or {}
    for k in ("cr2", "robust"):
        if isinstance(cl.get(k), dict):
            cl[k] = dict(cl[k])
            cl[k].pop("p_adjusted", None)
    c = cli["results"][0]
    c["outcome"] = name
    same(r, c, f"results[{i}]")
for i, s in enumerate(x for x in cp.sections() if x.startswith("did ")):
    d = cp[s]
    args = [fk, "did", os.path.join(here, d.get("data", st.get("data"))),
            "--format", "json", "--seed", st.get("seed", "1")]
    for k in ("unit", "period", "outcome", "treated", "start", "weight",
              "better", "margin", "control_group", "base_period"):
        if k in d:
            args += ["--" + k.replace("_", "-"), d[k]]
    # files named in the plan are beside the plan
    if "starts" in d:
        args += ["--starts", os.path.join(here, d["starts"])]
    if "treated_units" in d:
        v = d["treated_units"]
        args += ["--treated-units",
                 "@" + os.path.join(here, v[1:]) if v.startswith("@") else v]
    cli = json.loads(subprocess.run(args, capture_output=True, check=True).stdout)
    r = dict(res["did"][i])
    # p_adjusted sits beside the p that was adjusted: CR2 with one start,
    # the simple aggregate with staggered starts
    if cli.get("staggered"):
        r["aggregate"] = dict(r["aggregate"])
        r["aggregate"]["simple"] = dict(r["aggregate"]["simple"])
        if "p_adjusted" not in r["aggregate"]["simple"]:
            fail(f"did[{i}]: no p_adjusted beside the simple aggregate")
        r["aggregate"]["simple"].pop("p_adjusted", None)
    else:
        r["cr2"] = dict(r["cr2"])
        if "p_adjusted" not in r["cr2"]:
            fail(f"did[{i}]: no p_adjusted beside cr2")
        r["cr2"].pop("p_adjusted", None)
    for k in ("fkstat", "input"):
        cli.pop(k)
    cli["name"] = s.split(" ", 1)[1]
    for k in ("starts", "treated_units"):
        if k in d:
            cli[k] = d[k]       # as the plan gives it
    same(r, cli, f"did[{i}]")
    # results.csv: the did row on the verdict's basis
    row = next((x for x in csv.DictReader(open(os.path.join(out, "results.csv"),
                                               encoding="utf-8"))
                if x["section"] == "did" and x["name"] == cli["name"]), None)
    v = cli["verdict"]
    want = "cs_simple" if cli.get("staggered") else "cr2"
    p = (cli["aggregate"]["simple"]["p_value"] if cli.get("staggered")
         else cli["cr2"]["p_value"])
    if not row:
        fail(f"did[{i}]: no row in results.csv")
    elif (row["basis"] != want or row["primary_test"] != want or
          row["verdict"] != v["result"] or
          not math.isclose(float(row["estimate"]), v["estimate"], rel_tol=1e-12)
          or not math.isclose(float(row["ci_low"]), v["ci"][0], rel_tol=1e-12)
          or not math.isclose(float(row["p_value"]), p, rel_tol=1e-12)):
        fail(f"did[{i}]: results.csv row {dict(row)} is not the verdict "
             f"{v} on {want}")

# [validate]: every entry equals `fkstat validate --format json` on the same
# data and options (the reps, seed and outcomes of the section); an outcome
# that cannot be simulated has a note, and the CLI refuses it too
if cp.has_section("validate"):
    va = cp["validate"]
    want = [x.strip() for x in va.get("outcomes", "").split(",") if x.strip()]
    got = res.get("validate")
    if not isinstance(got, list):
        fail("results.json has no validate array")
        got = []
    names = [s.split(" ", 1)[1] for s in sections]
    if want and [e.get("outcome") for e in got] != [n for n in names if n in want]:
        fail(f"validate: outcomes {[e.get('outcome') for e in got]}, plan "
             f"asks for {want}")
    for i, e in enumerate(got):
        name = e.get("outcome")
        if name not in names:
            fail(f"validate[{i}]: unknown outcome {name!r}")
            continue
        o = cp["outcome " + name]
        args = [fk, "validate", os.path.join(here, o.get("data", st.get("data"))),
                "--outcome", o.get("column", name), "--format", "json",
                "--arm", st.get("arm", "arm"),
                "--seed", va.get("seed", st.get("seed", "1")),
                "--reps", va.get("reps", "1000")]
        for k, flag in (("type", "--type"), ("better", "--better"),
                        ("margin", "--margin"), ("time", "--time"),
                        ("event", "--event")):
            if k in o:
                args += [flag, o[k]]
        if "conf_level" in st:
            args += ["--conf", st["conf_level"]]
        if "cluster" in st:
            args += ["--cluster", st["cluster"]]
        p = subprocess.run(args, capture_output=True)
        if "note" in e:
            if p.returncode == 0:
                fail(f"validate[{i}]: the report could not simulate {name}, "
                     "the CLI could")
            continue
        if p.returncode != 0:
            fail(f"validate[{i}]: the CLI failed: {p.stderr.decode()[:200]}")
            continue
        cli = json.loads(p.stdout)
        for k in ("fkstat", "input", "arm"):
            cli.pop(k, None)
        cli["outcome"] = name
        r = dict(e)
        if r.pop("label", None) != o.get("label", name):
            fail(f"validate[{i}]: label is not the outcome's")
        if set(r) != set(cli):
            fail(f"validate[{i}]: keys {sorted(r)} differ from the CLI's "
                 f"{sorted(cli)}")
        same(r, cli, f"validate[{i}]")

# the verdict follows the design, in results.json, results.csv and report.md
lang = res["study"]["lang"]
WORD = {"da": {"superior": "bedre", "non-inferior": "ikke ringere",
               "inferior": "ringere", "inconclusive": "uafklaret",
               "better": "bedre", "worse": "dårligere",
               "no_difference": "ingen sikker forskel"},
        "en": {"superior": "superior", "non-inferior": "non-inferior",
               "inferior": "inferior", "inconclusive": "inconclusive",
               "better": "better", "worse": "worse",
               "no_difference": "no clear difference"}}[lang]
LEAD = {"da": {"superior": "Forsøget var bedre",
               "non-inferior": "Forsøget var ikke ringere",
               "inferior": "Forsøget var ringere",
               "inconclusive": "Resultatet er uafklaret",
               "better": "Forsøget klarede sig bedre",
               "worse": "Forsøget klarede sig dårligere",
               "no_difference": "Der er ingen sikker forskel"},
        "en": {"superior": "The trial was superior",
               "non-inferior": "The trial was non-inferior",
               "inferior": "The trial was inferior",
               "inconclusive": "The result is inconclusive",
               "better": "The trial did better",
               "worse": "The trial did worse",
               "no_difference": "There is no clear difference"}}[lang]
BASIS = {"da": {"individual": "personniveau", "cr2": "klyngeniveau (CR2)",
                "lin_wei": "klyngeniveau (Lin–Wei)"},
         "en": {"individual": "individual-level", "cr2": "cluster-level (CR2)",
                "lin_wei": "cluster-level (Lin–Wei)"}}[lang]
LABEL = {"da": "Konklusion:", "en": "Verdict:"}[lang]
UNRELIABLE = {"da": "upålideligt interval", "en": "unreliable interval"}[lang]

def md_text(s):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"([\[\]*_`#])", r"\\\1", s)

def close(a, b):
    if a is None or b in ("", None):
        return a is None and b in ("", None)
    return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-300)

rows = {(r["section"], r["name"]): r
        for r in csv.DictReader(open(os.path.join(out, "results.csv"),
                                     encoding="utf-8"))}
report = open(os.path.join(out, "report.md"), encoding="utf-8").read()
for r in res["results"]:
    v, name = r["verdict"], r["outcome"]
    if "cluster" in r and r["cluster"]:
        want = "lin_wei" if r["type"] == "survival" else "cr2"
        if v.get("basis") != want:
            fail(f"{name}: clustered, but the verdict's basis is {v.get('basis')}")
    row = rows.get(("outcome", name))
    if not row:
        fail(f"{name}: no row in results.csv")
        continue
    if row.get("basis") != v["basis"] or row.get("verdict") != v["result"]:
        fail(f"{name}: results.csv says {row.get('basis')}/{row.get('verdict')}, "
             f"results.json {v['basis']}/{v['result']}")
    if not (close(v["estimate"], row["estimate"]) and
            close((v["ci"] or [None, None])[0], row["ci_low"]) and
            close((v["ci"] or [None, None])[1], row["ci_high"])):
        fail(f"{name}: results.csv's effect is not the verdict's")
    label = md_text(r.get("label", name))
    summ = [l for l in report.splitlines() if l.startswith(f"| {label} |")]
    if not summ:
        fail(f"{name}: no summary row in report.md")
    else:
        cells = [c.strip() for c in summ[0].split(" | ")]
        if not cells[-1].rstrip(" |").startswith(WORD[v["result"]]):
            fail(f"{name}: summary row says {cells[-1]!r}, the verdict is "
                 f"{v['result']}")
        if BASIS.get(v["basis"], "?") not in summ[0]:
            fail(f"{name}: summary row does not name the basis {v['basis']}")
        if "note" in v and UNRELIABLE not in summ[0]:
            fail(f"{name}: few clusters, but the summary row does not say "
                 "the interval is unreliable")
    sec = report.split(f"\n## {label}\n\n", 1)
    body = sec[1] if len(sec) == 2 else ""
    # the section opens with its verdict label, then the verdict sentence
    badge = body.split("\n\n", 1)[0]
    if not badge.startswith(f"**{LABEL} {WORD[v['result']]} – "):
        fail(f"{name}: the section's label {badge[:60]!r} does not state "
             f"the verdict {v['result']}")
    elif BASIS.get(v["basis"], "?") not in badge:
        fail(f"{name}: the section's label does not name the basis")
    body = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    first = body.split(". ", 1)[0]
    if not first.startswith(LEAD[v["result"]]):
        fail(f"{name}: the section's first sentence {first[:60]!r} does not "
             f"state the verdict {v['result']}")
    if v["basis"] != "individual" and BASIS[v["basis"]] not in first:
        fail(f"{name}: the first sentence does not name the basis")
    if "note" in v and UNRELIABLE not in first:
        fail(f"{name}: few clusters, but the first sentence does not say "
             "the interval is unreliable")
    if v["basis"] != "individual":
        for c in r.get("clusters", []):
            if md_text(c["cluster"]) not in report:
                fail(f"{name}: municipality {c['cluster']!r} not in report.md")
ndid = sum(1 for x in cp.sections() if x.startswith("did "))
print(f"check_report: {len(sections)} outcomes and {ndid} did sections "
      f"checked, {bad} differences")
sys.exit(1 if bad else 0)
