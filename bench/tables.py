#!/usr/bin/env python3
"""bench/tables.py — the benchmark's bookkeeping (standard library only).

    tables.py check TASK FKSTAT.json PEER.out [datamash]
        prints "yes" when every number the peer printed agrees with fkstat's
        to 6 significant digits, else "NO: key fkstat=... peer=...".
    tables.py report WORKDIR
        writes RESULTS.md (to stdout) from WORKDIR: TASK-TOOL.json (hyperfine
        --export-json), TASK-TOOL.rss (peak RSS in KB from GNU time %M),
        TASK-TOOL.agree (from check), meta.txt ("key<TAB>value" lines).
"""
import json
import os
import sys

RTOL = 1e-6

TASKS = [
    ("binary", "Binary outcome (job 0/1), trial vs control"),
    ("ranksum", "Rank-sum (count outcome: interviews)"),
    ("survival", "Survival (weeks to job, job as event)"),
    ("cluster", "Clustered randomization inference (municipalities)"),
    ("describe", "describe: every numeric column (n, mean, sd, quartiles)"),
    ("did", "Difference in differences on person rows (municipality x year cells)"),
    ("stdin", "Binary outcome read from standard input (a pipe)"),
    ("survtime", "Survival with (nearly) all-distinct times (weeks with four decimals)"),
    ("report", "report: four outcomes and one did, against the same analyses as separate commands"),
]

TOOLS = [
    ("fkstat", "fkstat"),
    ("commands", "fkstat, separate commands"),
    ("datatable", "R + data.table"),
    ("readcsv", "R read.csv"),
    ("pandas", "pandas + statsmodels"),
    ("datamash", "datamash"),
    ("duckdb", "DuckDB (node)"),
]

# what each tool computes, per task: the table says it, so nobody reads a
# ratio as like for like where it is not
WHAT = {
    ("binary", "fkstat"): "Wilson CIs, MN/Katz/Woolf effects, Pearson, Yates, Fisher exact",
    ("binary", "datatable"): "fread(select) + prop.test (Pearson)",
    ("binary", "readcsv"): "read.csv (all columns) + prop.test",
    ("binary", "pandas"): "read_csv(usecols) + proportions_ztest",
    ("binary", "datamash"): "counts and sums per arm only (sort + group)",
    ("ranksum", "fkstat"): "Welch t, Wilcoxon, Hodges-Lehmann with CI, Poisson exact, quartiles",
    ("ranksum", "datatable"): "fread(select) + wilcox.test + t.test",
    ("ranksum", "pandas"): "read_csv(usecols) + scipy mannwhitneyu + ttest_ind",
    ("ranksum", "datamash"): "count and mean per arm only (no Wilcoxon in datamash)",
    ("survival", "fkstat"): "KM + log-log CIs, medians, log-rank, Cox (Efron)",
    ("survival", "datatable"): "fread(select) + survfit + survdiff + coxph (Efron)",
    ("survival", "pandas"): "read_csv(usecols) + SurvfuncRight + survdiff + PHReg (Efron)",
    ("survival", "datamash"): "count and events per arm only",
    ("cluster", "fkstat"): "ICC, CR2, wild bootstrap (9999), exact randomization",
    ("cluster", "datatable"): "fread(select) + exact randomization on cluster totals",
    ("cluster", "pandas"): "read_csv(usecols) + exact randomization on cluster totals",
    ("cluster", "datamash"): "count and sum per municipality only",
    ("describe", "fkstat"): "n, missing, mean, sd, min, quartiles (type 7), max of 7 columns; one pass",
    ("describe", "datatable"): "fread (all columns) + mean, sd, quantile(type 7) per numeric column",
    ("describe", "pandas"): "read_csv (all columns) + count, mean, std, quantile per numeric column",
    ("describe", "duckdb"): "read_csv + count, avg, stddev_samp, quantile_cont per numeric column",
    ("did", "fkstat"): "cells, TWFE, CR1, CR2, wild bootstrap (9999), randomization, event study",
    ("did", "datatable"): "fread(select) + cell means + lm (weighted) + CR2 (clubSandwich)",
    ("did", "pandas"): "read_csv(usecols) + groupby means + WLS with clustered (CR1) se",
    ("did", "duckdb"): "read_csv + the cell means only (GROUP BY; no regression in SQL)",
    ("stdin", "fkstat"): "as binary, the file piped to standard input",
    ("stdin", "datatable"): "fread(cmd = 'cat /dev/stdin', select) + prop.test",
    ("stdin", "pandas"): "read_csv(stdin, usecols) + proportions_ztest",
    ("stdin", "datamash"): "counts and sums per arm only (sort + group)",
    ("stdin", "duckdb"): "read_csv(/dev/stdin) + counts, Pearson chi-square by hand",
    ("binary", "duckdb"): "read_csv + counts per arm, Pearson chi-square by hand",
    ("survtime", "fkstat"): "as survival (clustered by kommune, detected)",
    ("report", "fkstat"): "report: job (binary), samtaler (count), alder, uger (continuous), "
                          "clustered by kommune (detected), and a did; charts, HTML, JSON, CSV",
    ("report", "commands"): "the same five analyses as five compare/did commands (--format json), no charts",
    ("survtime", "datatable"): "fread(select) + survfit + survdiff + coxph (Efron)",
    ("survtime", "pandas"): "read_csv(usecols) + SurvfuncRight + survdiff + PHReg (Efron)",
}


def fkstat_keys(task, doc):
    r = doc["results"][0]
    k = {}
    for g in r["groups"]:
        a = g["arm"]
        k["n_" + a] = g["n"]
        if "successes" in g:
            k["x_" + a] = g["successes"]
        if "mean" in g:
            k["mean_" + a] = g["mean"]
        if "events" in g:
            k["events_" + a] = g["events"]
    tests = {t["test"]: t for t in r.get("tests", [])}
    effects = {e["measure"]: e for e in r.get("effects", [])}
    if task == "binary":
        k["chisq"] = tests["pearson_chisq"]["statistic"]
        k["p"] = tests["pearson_chisq"]["p_value"]
    elif task == "ranksum":
        k["W"] = tests["wilcoxon_rank_sum"]["statistic"]
        k["p"] = tests["wilcoxon_rank_sum"]["p_value"]
        k["welch_t"] = tests["welch_t"]["statistic"]
    elif task == "survival":
        k["logrank"] = tests["logrank"]["statistic"]
        k["p"] = tests["logrank"]["p_value"]
        k["hr"] = effects["hazard_ratio"]["estimate"]
    elif task == "cluster":
        ri = r["cluster"]["randomization"]
        k["ri_p"] = ri["p_value"]
        k["assignments"] = ri["assignments"]
    return k


def fkstat_keys_any(task, doc):
    """fkstat_keys for every task: describe and did have their own JSON."""
    if task == "describe":
        k = {}
        for c in doc["groups"][0]["columns"]:
            for f, key in (("n", "n"), ("mean", "mean"), ("sd", "sd"),
                           ("q1", "q1"), ("median", "median"), ("q3", "q3")):
                k[f"{key}_{c['column']}"] = c[f]
        return k
    if task == "did":
        return {"estimate": doc["estimate"], "cr2_se": doc["cr2"]["se"],
                "cells": doc["cells"]}
    return fkstat_keys({"stdin": "binary", "survtime": "survival"}.get(task, task),
                       doc)


def peer_keys(task, path, datamash):
    k = {}
    with open(path, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    if not datamash:
        for ln in lines:
            key, val = ln.split()[:2]
            k[key] = float(val)
        return k
    # datamash -H output: group fields..., count, statistic; summed per arm
    stat = {"ranksum": "mean_"}.get(task, "events_" if task in ("survival", "survtime") else "x_")
    for ln in lines[1:]:
        f = ln.split(",")
        arm = "trial" if "trial" in f[:-2] else "control"
        n, s = float(f[-2]), float(f[-1])
        if stat == "mean_":  # a mean per arm: weight by n to pool groups
            k["n_" + arm] = k.get("n_" + arm, 0) + n
            k["_sum_" + arm] = k.get("_sum_" + arm, 0) + n * s
        else:
            k["n_" + arm] = k.get("n_" + arm, 0) + n
            k[stat + arm] = k.get(stat + arm, 0) + s
    for arm in ("trial", "control"):
        if "_sum_" + arm in k:
            k["mean_" + arm] = k.pop("_sum_" + arm) / k["n_" + arm]
    return k


def close(a, b):
    if a is None or b is None:
        return False
    if a == b:
        return True
    return abs(a - b) <= RTOL * max(abs(a), abs(b)) or abs(a - b) < 1e-300


def check(task, fk_json, peer_out, datamash=False):
    with open(fk_json, encoding="utf-8") as f:
        fk = fkstat_keys_any(task, json.load(f))
    peer = peer_keys(task, peer_out, datamash)
    if not peer:
        return "NO: the peer printed nothing"
    bad = [f"{key} fkstat={fk.get(key)!r} peer={val!r}"
           for key, val in peer.items() if not close(fk.get(key), val)]
    if bad:
        return "NO: " + "; ".join(bad)
    return "yes (counts)" if datamash else "yes"


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return default


def report(work):
    meta = {}
    for ln in (read(os.path.join(work, "meta.txt"), "") or "").splitlines():
        if "\t" in ln:
            key, val = ln.split("\t", 1)
            # a task with several files (report) has several file_ lines
            meta[key] = meta[key] + "\x1f" + val if key in meta and key.startswith("file_") else val
    out = []
    w = out.append
    w("# fkstat benchmark results")
    w("")
    w("Written by `bench/run.sh` (`make bench`); regenerate rather than edit.")
    w("")
    w(f"- Date: {meta.get('date', '?')}")
    w(f"- Machine: {meta.get('cpu', '?')}, {meta.get('nproc', '?')} cores, "
      f"{meta.get('ram', '?')} RAM, Linux {meta.get('kernel', '?')}")
    w(f"- Load average (1, 5, 15 min) before the run {meta.get('load', '?')}, after it "
      f"{meta.get('load_after', '?')}: when the first number is well above 1 before the "
      "run, other work shared the 2 cores and the wall-clock times are inflated; the "
      "CPU column (user + system, mean over the runs) is less affected.")
    w(f"- fkstat: {meta.get('fkstat', '?')} (git {meta.get('git', '?')})")
    w(f"- Peers: {meta.get('R', '?')}; data.table {meta.get('data.table', '?')} "
      f"({meta.get('dt_threads', '?')} thread(s), its default on this machine); survival "
      f"{meta.get('survival', '?')}; Python {meta.get('python', '?')}, pandas "
      f"{meta.get('pandas', '?')}, statsmodels {meta.get('statsmodels', '?')}, scipy "
      f"{meta.get('scipy', '?')}, numpy {meta.get('numpy', '?')}; "
      f"{meta.get('datamash', '?')}; {meta.get('hyperfine', '?')}")
    w(f"- Timing: hyperfine, {meta.get('warmup', '?')} warm-up run(s) and "
      f"{meta.get('runs', '?')} timed runs per tool (R read.csv: "
      f"{meta.get('rbase_runs', '?')}); the median wall-clock time is shown. "
      "Files are in the page cache (warm), as after the warm-up.")
    w("- Peak RSS: one more run under GNU time (`%M`, the largest resident set "
      "of the process and its children).")
    w("- Ratio: the tool's median / fkstat's median (above 1: fkstat is faster).")
    w("- Agrees: every number the peer printed (counts, statistic, p-value, "
      "hazard ratio, randomization p) equals fkstat's to 6 significant digits; "
      "datamash only counts, so only its counts are checked.")
    if meta.get("duckdb_note"):
        w(f"- DuckDB sat out: {meta['duckdb_note']}.")
    elif meta.get("duckdb"):
        w(f"- DuckDB: @duckdb/node-api {meta['duckdb']}; it reads and groups in SQL, "
          "and computes nothing SQL has no function for (the table says what).")
    w("")
    for task, title in TASKS:
        rows = []
        base = None
        for tool, label in TOOLS:
            hf = os.path.join(work, f"{task}-{tool}.json")
            if not os.path.exists(hf):
                continue
            with open(hf, encoding="utf-8") as f:
                res = json.load(f)["results"][0]
            med = res["median"]
            if tool == "fkstat":
                base = med
            rss = read(os.path.join(work, f"{task}-{tool}.rss"))
            rss_mb = "?"
            if rss:
                mb = int(rss.splitlines()[-1]) / 1024
                rss_mb = f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"
            agree = "—" if tool == "fkstat" else read(
                os.path.join(work, f"{task}-{tool}.agree"), "?")
            rows.append((label, WHAT.get((task, tool), ""), med, rss_mb, agree,
                         min(res["times"]), max(res["times"]),
                         res.get("user", 0) + res.get("system", 0)))
        if not rows:
            continue
        w(f"## {title}")
        w("")
        for ln in meta.get(f"file_{task}", "").split("\x1f"):
            w(ln.replace(" 0 MB,", " < 1 MB,"))
        w("")
        w("| tool | computes | median s | min–max s | ratio to fkstat | CPU s | peak RSS MB | agrees |")
        w("|---|---|---:|---:|---:|---:|---:|---|")
        for label, what, med, rss_mb, agree, lo, hi, cpu in rows:
            ratio = f"{med / base:.2f}" if base else "?"
            w(f"| {label} | {what} | {med:.2f} | {lo:.2f}–{hi:.2f} | {ratio} | "
              f"{cpu:.2f} | {rss_mb} | {agree} |")
        w("")
        if task == "stdin" and base:
            named = os.path.join(work, "binary-fkstat.json")
            if os.path.exists(named):
                with open(named, encoding="utf-8") as f:
                    nm = json.load(f)["results"][0]["median"]
                w(f"fkstat from standard input / from the named file (the binary "
                  f"task, same file): {base:.2f} s / {nm:.2f} s = {base / nm:.2f}.")
                w("")
    rep = os.path.join(work, "report-commands.json")
    if os.path.exists(rep) and os.path.exists(os.path.join(work, "report-fkstat.json")):
        with open(rep, encoding="utf-8") as f:
            cm = json.load(f)["results"][0]["median"]
        with open(os.path.join(work, "report-fkstat.json"), encoding="utf-8") as f:
            rm = json.load(f)["results"][0]["median"]
        out.insert(len(out) - 1, f"fkstat report / the same analyses as separate commands: "
                   f"{rm:.2f} s / {cm:.2f} s = {rm / cm:.2f}.")
        out.insert(len(out) - 1, "")
    linear(work, meta, w)
    return "\n".join(out)


def linear(work, meta, w):
    """The section on fkstat at several sizes, from linear-TASK-ROWS.txt."""
    runs = {}
    for name in sorted(os.listdir(work)):
        if not (name.startswith("linear-") and name.endswith(".txt")):
            continue
        task, rows = name[len("linear-"):-len(".txt")].rsplit("-", 1)
        vals = [ln.split() for ln in (read(os.path.join(work, name), "") or "").splitlines()]
        vals = [(float(a), int(b)) for a, b in vals if a and b]
        if vals:
            runs.setdefault(task, {})[int(rows)] = vals
    if not runs:
        return
    sizes = sorted({r for t in runs.values() for r in t})
    w("## Linearity: fkstat at " + ", ".join(f"{r / 1e6:g}M" for r in sizes) + " rows")
    w("")
    w("Median wall-clock seconds of the runs under GNU time, the largest peak "
      "RSS, and seconds per million rows (flat = linear); the 1-minute load "
      "average when the size was done.")
    w("")
    w("| task | rows | median s | s per M rows | peak RSS MB | load |")
    w("|---|---:|---:|---:|---:|---:|")
    labels = {"binary": "compare (binary, named file)", "describe": "describe",
              "did": "did (person rows)", "stdin": "compare from stdin",
              "report": "report (4 outcomes + 1 did)"}
    for task in ("binary", "stdin", "describe", "did", "report"):
        for rows in sorted(runs.get(task, {})):
            vals = sorted(runs[task][rows])
            med = vals[len(vals) // 2][0]
            rss = max(b for _, b in vals) / 1024
            w(f"| {labels.get(task, task)} | {rows / 1e6:g}M | {med:.2f} | "
              f"{med / (rows / 1e6):.3f} | {rss:.0f} | "
              f"{meta.get(f'linear_load_{task}_{rows}', '?')} |")
    w("")


def main(argv):
    if len(argv) >= 5 and argv[1] == "check":
        print(check(argv[2], argv[3], argv[4], len(argv) > 5 and argv[5] == "datamash"))
    elif len(argv) == 3 and argv[1] == "report":
        sys.stdout.write(report(argv[2]) + "\n")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
