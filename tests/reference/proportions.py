#!/usr/bin/python3
"""Reference values for tests/test_proportions.c (two independent proportions).

Run with Debian's python3 (statsmodels 0.13.5, scipy, mpmath):

    /usr/bin/python3 tests/reference/proportions.py

Writes, next to this script,
  proportions_cases.csv  the tables (read by proportions.R),
  proportions_py.inc     C initialisers of struct py_ref (see the test).

Sources of each number:
  wilson      statsmodels proportion_confint(x, n, alpha, method="wilson")
  newcombe    statsmodels confint_proportions_2indep(..., method="newcomb")
  wald        statsmodels confint_proportions_2indep(..., method="wald")
  agresti     statsmodels confint_proportions_2indep(..., method="agresti-caffo")
  rr          statsmodels confint_proportions_2indep(..., compare="ratio",
              method="log") (Katz); NaN where x1 or x2 is 0
  or          statsmodels confint_proportions_2indep(..., compare="odds-ratio",
              method="logit") (Woolf); NaN where any cell is 0
  mn, score   Miettinen-Nurminen with the N/(N-1) factor, computed here in
              40-digit mpmath: restricted MLE as the real root in the
              feasible range of the exact score-equation cubic, the interval
              by bisection to 1e-30.  statsmodels 0.13.5/0.14
              confint_proportions_2indep(method="score") and
              test_proportions_2indep(method="score", value != 0) use a wrong
              coefficient in that cubic (statsmodels issue #10269); the
              script also evaluates statsmodels with the one-token fix and
              checks it against the mpmath values, and reports how far the
              unpatched statsmodels is off.
"""
import csv
import math
import os
import sys
import warnings

import mpmath as mp
import numpy as np
from statsmodels.stats import proportion as smp

warnings.simplefilter("ignore")
mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))


def cases():
    """(x1, n1, x2, n2, conf, delta0, alternative, label)."""
    out = []
    edge = [
        (0, 10, 0, 10), (10, 10, 10, 10), (0, 10, 10, 10), (10, 10, 0, 10),
        (0, 10, 3, 10), (10, 10, 3, 10), (3, 10, 0, 10), (3, 10, 10, 10),
        (1, 2, 0, 3), (1, 1, 0, 1), (0, 1, 1, 1), (1, 1, 1, 1), (0, 1, 0, 1),
        (7, 34, 1, 34), (5, 10, 4, 12), (0, 5000, 1, 4000), (1, 1, 0, 5000),
        (400512, 1000000, 399100, 1000000),
        (410000, 1000000, 400000, 1000000),
        (3, 1000000, 12, 1000000),
        # extreme tables where R's own fisher.test estimate/CI and
        # statsmodels' score interval are far off (see METHODS.binary.md)
        (3, 1334, 29007, 30624), (1385, 1387, 170, 9228),
        (40, 80145, 27528, 27938), (1, 2, 8, 5887), (0, 41595, 19400, 29339),
    ]
    confs = [0.9, 0.95, 0.99]
    alts = [1, 0, -1]
    deltas = [-0.05, 0.0, 0.1, -0.2, 0.02, -0.5]
    for i, t in enumerate(edge):
        out.append(t + (confs[i % 3], deltas[i % 6], alts[i % 3], "edge"))
    rng = np.random.default_rng(20240611)
    for i in range(40):
        n1 = int(math.floor(math.exp(rng.uniform(0, math.log(5000))))) or 1
        n2 = int(math.floor(math.exp(rng.uniform(0, math.log(5000))))) or 1
        x1 = int(rng.integers(0, n1 + 1))
        x2 = int(rng.integers(0, n2 + 1))
        d0 = round(float(rng.uniform(-0.3, 0.3)), 3)
        out.append((x1, n1, x2, n2, confs[i % 3], d0, alts[i % 3], "random"))
    return out


# --- Miettinen-Nurminen in mpmath ------------------------------------------

def mn_p2(x1, n1, x2, n2, d):
    """Restricted MLE of p2 under p1 - p2 = d (d != 0)."""
    N, C = n1 + n2, x1 + x2
    coef = [N, (n1 + 2 * n2) * d - N - C,
            n2 * d * d - N * d - 2 * x2 * d + C, x2 * d * (1 - d)]
    lo, hi = max(mp.mpf(0), -d), min(mp.mpf(1), 1 - d)
    roots = mp.polyroots(coef, maxsteps=400, extraprec=200)
    eps = mp.mpf(10) ** -30
    good = [mp.re(r) for r in roots
            if abs(mp.im(r)) < eps and lo - eps <= mp.re(r) <= hi + eps]

    def ll(p):
        p1 = p + d
        s = mp.mpf(0)
        for c, q in ((x1, p1), (n1 - x1, 1 - p1), (x2, p), (n2 - x2, 1 - p)):
            if c:
                if q <= 0:
                    return -mp.inf
                s += c * mp.log(q)
        return s
    if not good:
        raise RuntimeError("no feasible root %r" % ((x1, n1, x2, n2, d),))
    return max(good, key=ll)


def mn_z(x1, n1, x2, n2, d):
    x1, n1, x2, n2 = map(mp.mpf, (x1, n1, x2, n2))
    N = n1 + n2
    if d == 0:
        p1t = p2t = (x1 + x2) / N
    else:
        p2t = min(max(mn_p2(x1, n1, x2, n2, d), max(mp.mpf(0), -d)),
                  min(mp.mpf(1), 1 - d))
        p1t = p2t + d
    var = (p1t * (1 - p1t) / n1 + p2t * (1 - p2t) / n2) * N / (N - 1)
    num = x1 / n1 - x2 / n2 - d
    if var == 0:
        return mp.nan if num == 0 else mp.inf * mp.sign(num)
    return num / mp.sqrt(var)


def mn_ci(x1, n1, x2, n2, conf):
    crit = mp.sqrt(2) * mp.erfinv(mp.mpf(conf))
    est = mp.mpf(x1) / n1 - mp.mpf(x2) / n2

    def bis(target, a, b):
        for _ in range(110):
            mid = (a + b) / 2
            z = mn_z(x1, n1, x2, n2, mid)
            if z > target:
                a = mid
            else:
                b = mid
        return (a + b) / 2
    lo = bis(crit, mp.mpf(-1), est) if est > -1 else mp.mpf(-1)
    hi = bis(-crit, est, mp.mpf(1)) if est < 1 else mp.mpf(1)
    return float(lo), float(hi)


def mn_test(x1, n1, x2, n2, d0, alt):
    z = mn_z(x1, n1, x2, n2, mp.mpf(d0))
    if mp.isnan(z):
        return math.nan, math.nan
    if alt > 0:
        p = mp.ncdf(-z)
    elif alt < 0:
        p = mp.ncdf(z)
    else:
        p = 2 * mp.ncdf(-abs(z))
    return float(z), float(p)


# --- statsmodels with the cubic fixed (cross-check only) -------------------

def sm_fixed_score_ci(x1, n1, x2, n2, alpha):
    import inspect
    src = inspect.getsource(smp.score_test_proportions_2indep)
    bad = "tmp1 = (count0 * diff - nobs - 2 * count0) * diff + count"
    assert bad in src
    src = src.replace(bad, "tmp1 = (nobs0 * diff - nobs - 2 * count0) * diff + count")
    ns = dict(vars(smp))
    exec(src, ns)
    saved = smp.score_test_proportions_2indep
    smp.score_test_proportions_2indep = ns["score_test_proportions_2indep"]
    try:
        return smp.confint_proportions_2indep(x1, n1, x2, n2, method="score",
                                              compare="diff", alpha=alpha)
    finally:
        smp.score_test_proportions_2indep = saved


def f(v):
    v = float(v)
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return repr(v)


def main():
    rows = cases()
    with open(os.path.join(HERE, "proportions_cases.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "x1", "n1", "x2", "n2", "conf", "delta0", "alt", "label"])
        for i, r in enumerate(rows):
            w.writerow([i] + list(r))

    lines = []
    worst_bug = 0.0
    worst_fixed = 0.0
    worst_bug_rand = 0.0
    for i, (x1, n1, x2, n2, conf, d0, alt, label) in enumerate(rows):
        a = 1 - conf
        X1, N1, X2, N2 = map(np.float64, (x1, n1, x2, n2))
        w1 = smp.proportion_confint(X1, N1, alpha=a, method="wilson")
        w2 = smp.proportion_confint(X2, N2, alpha=a, method="wilson")
        ci = lambda **k: smp.confint_proportions_2indep(X1, N1, X2, N2, alpha=a, **k)
        nc = ci(method="newcomb", compare="diff")
        wd = ci(method="wald", compare="diff")
        ac = ci(method="agresti-caffo", compare="diff")
        if x1 > 0 and x2 > 0:
            rr = ci(method="log", compare="ratio")
            rre = (x1 / n1) / (x2 / n2)
        else:
            rr, rre = (math.nan, math.nan), math.nan
        if min(x1, n1 - x1, x2, n2 - x2) > 0:
            orr = ci(method="logit", compare="odds-ratio")
            ore = (x1 / (n1 - x1)) / (x2 / (n2 - x2))
        else:
            orr, ore = (math.nan, math.nan), math.nan
        mn = mn_ci(x1, n1, x2, n2, conf)
        z, p = mn_test(x1, n1, x2, n2, d0, alt)
        # cross-checks against statsmodels (informational)
        note = ""
        try:
            bug = ci(method="score", compare="diff")
            e = max(abs(bug[0] - mn[0]), abs(bug[1] - mn[1]))
            worst_bug = max(worst_bug, e)
            if label == "random":
                worst_bug_rand = max(worst_bug_rand, e)
            note += " unpatched sm score CI off by %.2g;" % e
        except Exception as ex:  # statsmodels fails on some edge tables
            note += " unpatched sm score CI fails (%s);" % type(ex).__name__
        if label == "random" and 0 < x1 < n1 and 0 < x2 < n2:
            try:
                fx = sm_fixed_score_ci(X1, N1, X2, N2, a)
                e = max(abs(fx[0] - mn[0]), abs(fx[1] - mn[1]))
                worst_fixed = max(worst_fixed, e)
                note += " fixed sm off by %.2g;" % e
            except ValueError:  # its brentq bracket misses the root
                note += " fixed sm bracket fails;"
        altname = {1: "larger", 0: "two-sided", -1: "smaller"}[alt]
        lines.append(
            "/* %d (%s): proportion_confint(count=%d|%d, nobs=%d|%d, alpha=%g, "
            "method='wilson'); confint_proportions_2indep(%d, %d, %d, %d, "
            "alpha=%g, method=newcomb|wald|agresti-caffo; ratio log; "
            "odds-ratio logit); MN score CI and test_proportions_2indep("
            "value=%g, method='score', alternative='%s') in mpmath;%s */\n"
            % (i, label, x1, x2, n1, n2, a, x1, n1, x2, n2, a, d0, altname, note))
        vals = [x1, n1, x2, n2, conf, d0, alt, w1[0], w1[1], w2[0], w2[1],
                nc[0], nc[1], wd[0], wd[1], ac[0], ac[1], mn[0], mn[1], z, p,
                rre, rr[0], rr[1], ore, orr[0], orr[1]]
        lines.append("{ " + ", ".join(f(v) for v in vals) + " },\n")
    with open(os.path.join(HERE, "proportions_py.inc"), "w") as fh:
        fh.write("/* Generated by tests/reference/proportions.py; do not edit. */\n")
        fh.writelines(lines)
    print("max |unpatched statsmodels - exact MN| = %.3g" % worst_bug)
    print("max |unpatched statsmodels - exact MN| (random) = %.3g" % worst_bug_rand)
    print("max |patched statsmodels - exact MN| (random interior) = %.3g" % worst_fixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
