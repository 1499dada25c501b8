#!/usr/bin/env python3
"""Run our own reference cases against fkstat: tests/cases/<group>/<case>/
holds data and case.json ({"args": [...], "checks": [[path, want, rel_tol,
(abs_tol)], ...]}), made by the R scripts under tests/reference/ (cli_cases.R,
verdict_cases.R).  A path is keys and selectors: `results[0]` indexes,
`groups[arm=trial]` picks the element whose field equals the value.
usage: check_cases.py FKSTAT GROUP...   Exit 0 when every check holds."""
import json, os, re, subprocess, sys

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
PART = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")


def pick(doc, path):
    for key, sel in PART.findall(path):
        if key:
            doc = doc[key]
        elif "=" in sel:
            field, value = sel.split("=", 1)

            def matches(e):
                v = e
                for f in field.split("."):
                    v = v.get(f) if isinstance(v, dict) else None
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    try:
                        return abs(v - float(value)) < 1e-9
                    except ValueError:
                        return False
                return v is not None and str(v) == value
            doc = next(e for e in doc if matches(e))
        else:
            doc = doc[int(sel)]
    return doc


def agrees(got, want, rel, abs_tol=1e-12):
    if isinstance(want, (bool, str)) or want is None:
        return got == want
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    if rel == 0:
        return got == want
    return abs(got - want) <= max(rel * abs(want), abs_tol)


def main():
    fk, groups = os.path.abspath(sys.argv[1]), sys.argv[2:]
    failures, ncases, good = [], 0, 0
    for g in groups:
        for name in sorted(os.listdir(os.path.join(CASES, g))):
            spec = os.path.join(CASES, g, name, "case.json")
            if not os.path.exists(spec):
                continue
            ncases += 1
            case = json.load(open(spec, encoding="utf-8"))
            r = subprocess.run([fk] + case["args"], cwd=os.path.dirname(spec),
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                failures.append(f"{g}/{name}: exit {r.returncode}: {r.stderr.strip()[:150]}")
                continue
            doc, before = json.loads(r.stdout), len(failures)
            for path, want, rel, *rest in case["checks"]:
                try:
                    got = pick(doc, path)
                except (KeyError, IndexError, StopIteration, TypeError):
                    failures.append(f"{g}/{name}: {path}: missing")
                    continue
                if not agrees(got, want, rel, *rest):
                    failures.append(f"{g}/{name}: {path}: got {got!r}, want {want!r} (rel {rel})")
            good += len(failures) == before
    for f in failures[:12]:
        print(f)
    if len(failures) > 12:
        print(f"... {len(failures) - 12} more")
    print(f"{'+'.join(groups)}: {good}/{ncases} cases agree with R")
    sys.exit(0 if ncases and good == ncases else 1)


if __name__ == "__main__":
    main()
