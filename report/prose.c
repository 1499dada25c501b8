/* Report sentences in Danish and English; see report/prose.h. */
#include "report/prose.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *prose_num(char *buf, size_t len, double x, int digits, int da)
{
        char tmp[64], *s = tmp;
        size_t n = 0;

        if (!isfinite(x)) {
                snprintf(buf, len, "%s", da ? "–" : "NA");
                return buf;
        }
        snprintf(tmp, sizeof tmp, "%.*f", digits, x);
        if (!strncmp(tmp, "-0", 2) && strspn(tmp + 1, "0.") == strlen(tmp + 1))
                s++;    /* no "-0.0" */
        if (da && *s == '-') {
                n = (size_t)snprintf(buf, len, "−");
                s++;
        }
        snprintf(buf + (n < len ? n : len - 1), len - (n < len ? n : len - 1),
                 "%s", s);
        if (da)
                for (char *c = buf; *c; c++)
                        if (*c == '.')
                                *c = ',';
        return buf;
}

const char *prose_pct(char *buf, size_t len, double share, int digits, int da)
{
        char n[40];

        prose_num(n, sizeof n, 100 * share, digits, da);
        snprintf(buf, len, da ? "%s\u00a0%%" : "%s%%", n);    /* no-break */
        return buf;
}

const char *prose_ci(char *buf, size_t len, const double ci[2], double mult,
                     int digits, int da)
{
        char a[64], b[64];

        if (!isfinite(ci[0]) || !isfinite(ci[1])) {
                snprintf(buf, len, "%s", da ? "kunne ikke beregnes" :
                         "could not be computed");
                return buf;
        }
        snprintf(buf, len, da ? "%s til %s" : "%s to %s",
                 prose_num(a, sizeof a, mult * ci[0], digits, da),
                 prose_num(b, sizeof b, mult * ci[1], digits, da));
        return buf;
}

const char *prose_p(char *buf, size_t len, double p, int da)
{
        char n[64];

        if (!isfinite(p))
                snprintf(buf, len, "%s", da ? "–" : "NA");
        else if (p < 0.001)
                snprintf(buf, len, "<\u00a0%s",
                         prose_num(n, sizeof n, 0.001, 3, da));
        else
                prose_num(buf, len, p, p < 0.01 ? 3 : 2, da);
        return buf;
}

/* "p = 0,03" or "p < 0,001" for sentences. */
static const char *peq(char *buf, size_t len, double p, int da)
{
        char v[32];

        prose_p(v, sizeof v, p, da);
        snprintf(buf, len, "p%s%s", v[0] == '<' ? "\u00a0" : " = ", v);
        return buf;
}

int prose_digits(const struct fk_outcome_result *r)
{
        double m = fabs(r->groups[0].mean);

        if (r->type == FK_TYPE_BINARY || r->type == FK_TYPE_SURVIVAL)
                return 1;
        return m >= 100 ? 0 : m >= 10 ? 1 : 2;
}

/* The arms' summaries: "54,9 % i forsøgskommunerne mod 53,0 % i ...". */
static void arms_sentence(char *buf, size_t len,
                          const struct fk_outcome_result *r, int da)
{
        const struct fk_group *t = &r->groups[FK_TRIAL], *c = &r->groups[FK_CONTROL];
        char a[64], b[64];
        int dg = prose_digits(r);
        const char *in_t = da ? "i forsøgskommunerne" : "in the trial municipalities";
        const char *in_c = da ? "i sammenligningskommunerne" :
                           "in the comparison municipalities";
        const char *vs = da ? "mod" : "against";

        switch (r->type) {
        case FK_TYPE_BINARY:
                snprintf(buf, len, da ? "Andelen var %s %s %s %s %s" :
                         "The share was %s %s %s %s %s",
                         prose_pct(a, sizeof a, t->estimate, 1, da), in_t, vs,
                         prose_pct(b, sizeof b, c->estimate, 1, da), in_c);
                break;
        case FK_TYPE_SURVIVAL:
                snprintf(buf, len, da ? "Mediantiden til job var %s uger %s %s "
                         "%s uger %s" : "The median time to job was %s weeks %s "
                         "%s %s weeks %s",
                         prose_num(a, sizeof a, t->median_time, 1, da), in_t, vs,
                         prose_num(b, sizeof b, c->median_time, 1, da), in_c);
                break;
        default:
                snprintf(buf, len, da ? "Gennemsnittet var %s %s %s %s %s" :
                         "The mean was %s %s %s %s %s",
                         prose_num(a, sizeof a, t->mean, dg, da), in_t, vs,
                         prose_num(b, sizeof b, c->mean, dg, da), in_c);
        }
}

static const char *verdict_words(enum fk_verdict_result v, int da)
{
        switch (v) {
        case FK_V_SUPERIOR:
                return da ? "Forsøget var bedre end sammenligningskommunerne: "
                            "hele intervallet ligger på den gode side af 0" :
                            "The trial was better than the comparison "
                            "municipalities: the whole interval lies on the "
                            "good side of no difference";
        case FK_V_NONINFERIOR:
                return da ? "Forsøget var ikke ringere end sammenligningskommunerne "
                            "– resultatet er på niveau inden for den fastsatte grænse" :
                            "The trial was non-inferior: the result is at the "
                            "same level within the stated margin";
        case FK_V_INFERIOR:
                return da ? "Forsøget var ringere end sammenligningskommunerne, "
                            "også når grænsen tages i betragtning" :
                            "The trial was inferior, even allowing for the margin";
        case FK_V_INCONCLUSIVE:
                return da ? "Resultatet er uafklaret: intervallet er for bredt "
                            "til at vise, at forsøget er på niveau" :
                            "The result is inconclusive: the interval is too "
                            "wide to show that the trial is at the same level";
        case FK_V_BETTER:
                return da ? "Forsøget klarede sig bedre" :
                            "The trial did better";
        case FK_V_WORSE:
                return da ? "Forsøget klarede sig dårligere" :
                            "The trial did worse";
        case FK_V_NO_DIFFERENCE:
                return da ? "Der er ingen sikker forskel – hvilket ikke i sig "
                            "selv viser, at resultaterne er på samme niveau "
                            "(det kræver en grænse for non-inferioritet)" :
                            "There is no clear difference — which by itself "
                            "does not show that the results are at the same "
                            "level (that needs a non-inferiority margin)";
        case FK_V_NONE:
                break;
        }
        return da ? "Der kunne ikke gives en konklusion (se noterne)" :
                    "No verdict could be given (see the notes)";
}

void prose_outcome(char *buf, size_t len, const struct fk_outcome_result *r,
                   const char *label, int da)
{
        const struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);
        char arms[512], ci[128], est[64], mg[128];
        int pct = r->type == FK_TYPE_BINARY, ratio = r->type == FK_TYPE_SURVIVAL;
        int dg = ratio ? 2 : pct ? 1 : prose_digits(r);
        double mult = pct ? 100 : 1;
        const char *what;

        arms_sentence(arms, sizeof arms, r, da);
        if (pct)
                what = da ? "forskel" : "difference";
        else if (ratio)
                what = da ? "hazard ratio for jobstart" :
                            "hazard ratio of job entry";
        else
                what = da ? "forskel i gennemsnit" : "difference in means";
        if (e) {
                prose_num(est, sizeof est, mult * e->estimate, dg, da);
                prose_ci(ci, sizeof ci, e->ci, mult, dg, da);
        } else {
                snprintf(est, sizeof est, "–");
                snprintf(ci, sizeof ci, "–");
        }
        mg[0] = '\0';
        if (!isnan(v->margin)) {
                char m[64];

                prose_num(m, sizeof m, mult * v->margin, pct ? 1 : dg, da);
                snprintf(mg, sizeof mg, da ? " (grænse for non-inferioritet: %s%s)" :
                         " (non-inferiority margin: %s%s)",
                         m, pct ? (da ? " procentpoint" : " percentage points") : "");
        }
        snprintf(buf, len, "%s%s%s%s; %s %s%s (%d %%-%s %s). %s%s.",
                 label ? "**" : "", label ? label : "", label ? ".** " : "",
                 arms, what, est,
                 pct ? (da ? " procentpoint" : " percentage points") : "",
                 (int)lround(100 * r->conf_level),
                 da ? "konfidensinterval" : "confidence interval", ci,
                 verdict_words(v->result, da), mg);
}

void prose_cluster(char *buf, size_t len, const struct fk_outcome_result *r,
                   int da)
{
        const struct fk_cluster_result *c = &r->cl;
        char a[64], ci[128], p[48], q[48];
        int pct = r->type == FK_TYPE_BINARY;

        buf[0] = '\0';
        if (!r->has_cluster)
                return;
        if (r->type == FK_TYPE_SURVIVAL) {
                const struct fk_coxcluster_result *x = &r->cox_cl;

                snprintf(buf, len, da ? "Med kommunen som klynge (%zu forsøgs- "
                         "og %zu sammenligningskommuner) er det klyngerobuste "
                         "(Lin–Wei) interval for hazard ratio %s (%s); "
                         "randomiseringstest over kommuner %s." :
                         "With the municipality as cluster (%zu trial and %zu "
                         "comparison municipalities) the cluster-robust "
                         "(Lin–Wei) interval of the hazard ratio is %s "
                         "(%s); randomization test over municipalities "
                         "%s.", c->clusters[0], c->clusters[1],
                         prose_ci(ci, sizeof ci, x->ci, 1, 2, da),
                         peq(p, sizeof p, x->p_value, da),
                         peq(q, sizeof q, c->ri_p, da));
                return;
        }
        snprintf(buf, len, da ? "Med kommunen som klynge (%zu forsøgs- og %zu "
                 "sammenligningskommuner) er forskellen %s%s med CR2-interval %s "
                 "(%s); randomiseringstest over kommuner %s." :
                 "With the municipality as cluster (%zu trial and %zu "
                 "comparison municipalities) the difference is %s%s with CR2 "
                 "interval %s (%s); randomization test over municipalities "
                 "%s.", c->clusters[0], c->clusters[1],
                 prose_num(a, sizeof a, (pct ? 100 : 1) * c->estimate,
                           pct ? 1 : prose_digits(r), da),
                 pct ? (da ? " procentpoint" : " percentage points") : "",
                 prose_ci(ci, sizeof ci, c->ci, pct ? 100 : 1,
                          pct ? 1 : prose_digits(r), da),
                 peq(p, sizeof p, c->p_value, da),
                 peq(q, sizeof q, c->ri_p, da));
}

void prose_did(char *buf, size_t len, const struct fk_did_info *d,
               const struct fk_panel *p, const struct fk_did_result *r,
               const char *label, int da)
{
        char est[64], ci[128], pv[48], ri[48];

        prose_num(est, sizeof est, r->estimate, 4, da);
        prose_ci(ci, sizeof ci, r->cr2.ci, 1, 4, da);
        snprintf(buf, len, da ?
                 "%s%s%sForskellen-i-forskelle-estimatet (%zu forsøgs- mod %zu "
                 "sammenligningskommuner, %s–%s, forsøgsstart %s) er %s "
                 "(95 %%-konfidensinterval %s, CR2; %s; "
                 "randomiseringstest %s). %s." :
                 "%s%s%sThe difference-in-differences estimate (%zu trial "
                 "against %zu comparison municipalities, %s–%s, trial start "
                 "%s) is %s (95%% confidence interval %s, CR2; %s; "
                 "randomization test %s). %s.",
                 label ? "**" : "", label ? label : "", label ? ".** " : "",
                 r->units[0], r->units[1], p->period_names[0],
                 p->period_names[p->T - 1], p->period_names[p->start], est, ci,
                 peq(pv, sizeof pv, r->cr2.p_value, da),
                 peq(ri, sizeof ri, r->ri_p, da),
                 verdict_words(d->verdict.result, da));
}
