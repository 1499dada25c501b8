"""pandas + statsmodels (+ scipy) peer: python3 pandas_sm.py TASK FILE
(stdin: the file on standard input)

Reads only the columns the task needs (read_csv usecols=) and prints
"key value" lines that bench/check.py compares with fkstat's JSON."""
import itertools
import sys

import numpy as np
import pandas as pd


def out(k, v):
    print(k, repr(float(v)))


def main(task, f):
    if task == "binary":
        from statsmodels.stats.proportion import proportions_ztest
        d = pd.read_csv(f, usecols=["arm", "job"])
        g = d.groupby("arm")["job"].agg(["count", "sum"])
        n = [g.loc["trial", "count"], g.loc["control", "count"]]
        x = [g.loc["trial", "sum"], g.loc["control", "sum"]]
        z, p = proportions_ztest(x, n)  # pooled z, no correction: z^2 = Pearson
        out("n_trial", n[0]); out("x_trial", x[0])
        out("n_control", n[1]); out("x_control", x[1])
        out("chisq", z * z); out("p", p)
    elif task == "ranksum":
        from scipy.stats import mannwhitneyu, ttest_ind
        d = pd.read_csv(f, usecols=["arm", "samtaler"])
        tr = d.loc[d.arm == "trial", "samtaler"].to_numpy()
        co = d.loc[d.arm == "control", "samtaler"].to_numpy()
        w = mannwhitneyu(tr, co, use_continuity=True, alternative="two-sided",
                         method="asymptotic")
        t = ttest_ind(tr, co, equal_var=False)
        out("n_trial", len(tr)); out("mean_trial", tr.mean())
        out("n_control", len(co)); out("mean_control", co.mean())
        out("W", w.statistic); out("p", w.pvalue); out("welch_t", t.statistic)
    elif task in ("survival", "survtime"):
        from statsmodels.duration.hazard_regression import PHReg
        from statsmodels.duration.survfunc import SurvfuncRight, survdiff
        d = pd.read_csv(f, usecols=["arm", "uger", "job"])
        trial = (d.arm == "trial").astype(int).to_numpy()
        time, event = d.uger.to_numpy(float), d.job.to_numpy(int)
        for a in (0, 1):
            s = SurvfuncRight(time[trial == a], event[trial == a])
            s.quantile(0.5)             # KM with Greenwood SE is built above;
            s.quantile_ci(0.5, method="cloglog")  # median CI as fkstat's log-log
        chisq, p = survdiff(time, event, trial)
        m = PHReg(time, trial[:, None].astype(float), status=event, ties="efron").fit()
        out("n_trial", trial.sum()); out("events_trial", event[trial == 1].sum())
        out("n_control", (1 - trial).sum()); out("events_control", event[trial == 0].sum())
        out("logrank", chisq); out("p", p); out("hr", np.exp(m.params[0]))
    elif task == "cluster":
        d = pd.read_csv(f, usecols=["kommune", "arm", "job"])
        cl = d.groupby("kommune").agg(n=("job", "size"), x=("job", "sum"),
                                      arm=("arm", "first"))
        n, x = cl.n.to_numpy(float), cl.x.to_numpy(float)
        is_t = (cl.arm == "trial").to_numpy()
        k, N, X = is_t.sum(), n.sum(), x.sum()
        nt0, xt0 = n[is_t].sum(), x[is_t].sum()
        obs = xt0 / nt0 - (X - xt0) / (N - nt0)
        cmb = np.array(list(itertools.combinations(range(len(n)), k)))
        nt, xt = n[cmb].sum(axis=1), x[cmb].sum(axis=1)
        stat = xt / nt - (X - xt) / (N - nt)
        out("n_trial", nt0); out("x_trial", xt0)
        out("n_control", N - nt0); out("x_control", X - xt0)
        out("ri_p", np.mean(np.abs(stat) >= abs(obs) * (1 - 1e-12)))
        out("assignments", len(cmb))
    elif task == "describe":
        d = pd.read_csv(f)
        for c in d.select_dtypes("number").columns:
            x = d[c]
            q = x.quantile([0.25, 0.5, 0.75])  # linear: R's type 7
            out("n_" + c, x.count()); out("mean_" + c, x.mean())
            out("sd_" + c, x.std()); out("q1_" + c, q[0.25])
            out("median_" + c, q[0.5]); out("q3_" + c, q[0.75])
    elif task == "did":
        import statsmodels.formula.api as smf
        d = pd.read_csv(f, usecols=["kommune", "aar", "forsoeg", "job"])
        cell = d.groupby(["kommune", "aar", "forsoeg"])["job"].agg(
            ["mean", "count"]).reset_index()
        cell["treat"] = cell.forsoeg * (cell.aar >= 2018)
        m = smf.wls("mean ~ treat + C(kommune) + C(aar)", data=cell,
                    weights=cell["count"]).fit(
            cov_type="cluster", cov_kwds={"groups": cell["kommune"]})
        out("estimate", m.params["treat"])
    elif task == "stdin":
        from statsmodels.stats.proportion import proportions_ztest
        d = pd.read_csv(sys.stdin, usecols=["arm", "job"])
        g = d.groupby("arm")["job"].agg(["count", "sum"])
        n = [g.loc["trial", "count"], g.loc["control", "count"]]
        x = [g.loc["trial", "sum"], g.loc["control", "sum"]]
        z, p = proportions_ztest(x, n)
        out("n_trial", n[0]); out("x_trial", x[0])
        out("n_control", n[1]); out("x_control", x[1])
        out("chisq", z * z); out("p", p)
    else:
        sys.exit("unknown task " + task)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
