/* The words text and Markdown share: the verdict in a sentence on its
 * basis, the labels of measures, verdicts and bases, describe's group
 * labels, power's and adjust's cells, and the validation's sentence and
 * table cells. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/format.h"
#include "render/render_int.h"

#define NB 64

const char *render_measure_label(const char *m)
{
        if (!strcmp(m, "risk_difference"))
                return "risk difference";
        if (!strcmp(m, "risk_ratio"))
                return "risk ratio";
        if (!strcmp(m, "odds_ratio"))
                return "odds ratio";
        if (!strcmp(m, "mean_difference"))
                return "difference in means";
        if (!strcmp(m, "hazard_ratio"))
                return "hazard ratio of job entry";
        if (!strcmp(m, "did"))
                return "difference in differences";
        return m;
}

/* The verdict in words, as a reader says it ("no difference"). */
const char *render_verdict_word(enum fk_verdict_result v)
{
        switch (v) {
        case FK_V_SUPERIOR: return "superior";
        case FK_V_NONINFERIOR: return "non-inferior";
        case FK_V_INFERIOR: return "inferior";
        case FK_V_INCONCLUSIVE: return "inconclusive";
        case FK_V_BETTER: return "better";
        case FK_V_WORSE: return "worse";
        case FK_V_NO_DIFFERENCE: return "no difference";
        case FK_V_NONE: break;
        }
        return "none";
}

const char *fk_render_basis_label(enum fk_basis b)
{
        switch (b) {
        case FK_BASIS_INDIVIDUAL: return "individual-level";
        case FK_BASIS_CR2: return "cluster-level, CR2";
        case FK_BASIS_LIN_WEI: return "cluster-level, Lin-Wei";
        case FK_BASIS_CS_SIMPLE: return "simple aggregate ATT";
        }
        return "individual-level";
}

/* The test behind a basis's one-sided p-value, as the sentence names it. */
static const char *basis_test(enum fk_basis b)
{
        switch (b) {
        case FK_BASIS_CR2: return "CR2 ";
        case FK_BASIS_LIN_WEI: return "Lin-Wei ";
        default: return "";
        }
}

/* Append to buf (which holds a string) as snprintf would. */
static void append(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void append(char *buf, size_t len, const char *fmt, ...)
{
        size_t n = strlen(buf);
        va_list ap;

        if (n + 1 >= len)
                return;
        va_start(ap, fmt);
        vsnprintf(buf + n, len - n, fmt, ap);
        va_end(ap);
}

const char *fk_render_verdict(char *buf, size_t len,
                              const struct fk_verdict *v, const char *what,
                              enum fk_better better, double conf_level)
{
        char ci[NB * 2], m[NB], p[NB];
        int ratio = strstr(v->measure, "ratio") != NULL;
        int higher = better == FK_BETTER_HIGHER;
        const char *good = higher ? "above" : "below";
        const char *bad = higher ? "below" : "above";
        double null = ratio ? 1.0 : 0.0, bound;
        int pct = (int)lround(100 * conf_level);

        if (!len)
                return buf;
        buf[0] = '\0';
        if (!what)
                what = render_measure_label(v->measure);
        if (v->result == FK_V_NONE) {
                snprintf(buf, len, "none — no confidence interval of the %s "
                         "could be computed (see the notes)", what);
                return buf;
        }
        if (isnan(v->ci[0]) || isnan(v->ci[1])) {
                snprintf(buf, len, "%s — no confidence interval of the %s "
                         "could be computed (see the notes), so nothing can "
                         "be concluded", render_verdict_word(v->result), what);
                return buf;
        }
        fmt_ci(ci, sizeof ci, v->ci, 4);
        if (isnan(v->margin)) {
                const char *where = v->ci[0] > null ? "lies above" :
                                    v->ci[1] < null ? "lies below" :
                                    "includes";

                snprintf(buf, len, "%s — the %d%% CI of the %s, %s, %s %g "
                         "(%s is better; no non-inferiority margin given)",
                         render_verdict_word(v->result), pct, what, ci, where, null,
                         fk_better_name(better));
        } else {
                bound = ratio ? (higher ? 1 - v->margin : 1 / (1 - v->margin)) :
                        (higher ? -v->margin : v->margin);
                fmt_num(m, sizeof m, bound, 4);
                switch (v->result) {
                case FK_V_SUPERIOR:
                        snprintf(buf, len, "superior — the %d%% CI of the %s, "
                                 "%s, lies %s %g (%s is better)", pct, what,
                                 ci, good, null, fk_better_name(better));
                        break;
                case FK_V_NONINFERIOR:
                        snprintf(buf, len, "non-inferior — the %d%% CI of the "
                                 "%s, %s, lies %s the margin %s", pct, what, ci,
                                 good, m);
                        break;
                case FK_V_INFERIOR:
                        snprintf(buf, len, "inferior — the %d%% CI of the %s, "
                                 "%s, lies %s the margin %s", pct, what, ci,
                                 bad, m);
                        break;
                default:
                        snprintf(buf, len, "inconclusive — the %d%% CI of the "
                                 "%s, %s, includes the margin %s; neither "
                                 "non-inferiority nor inferiority is shown",
                                 pct, what, ci, m);
                        break;
                }
                append(buf, len, " (one-sided %sp = %s against the margin)",
                       basis_test(v->basis), fmt_p(p, sizeof p, v->p_value));
        }
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL) {
                append(buf, len, "; with fewer than 5 municipalities on a side "
                       "this interval is unreliable");
                if (isnan(v->ri_p))
                        append(buf, len, " and no randomization p-value could "
                               "be computed");
                else
                        append(buf, len, "; the randomization p-value is "
                               "%s (two-sided)", fmt_p(p, sizeof p, v->ri_p));
        }
        return buf;
}

struct fk_verdict render_individual_verdict(const struct fk_outcome_result *r)
{
        const struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);
        struct fk_verdict iv = *v;

        iv.basis = FK_BASIS_INDIVIDUAL;
        iv.result = v->individual_result;
        iv.p_value = v->individual_p_value;
        iv.estimate = e ? e->estimate : NAN;
        iv.ci[0] = e ? e->ci[0] : NAN;
        iv.ci[1] = e ? e->ci[1] : NAN;
        iv.df = NAN;
        iv.few_clusters = 0;
        return iv;
}

const char *render_cluster_stat(const struct fk_outcome_result *r)
{
        if (r->type == FK_TYPE_BINARY)
                return "proportion";
        if (r->type == FK_TYPE_SURVIVAL)
                return "median";
        return "mean";
}

const char *render_cohort_label(const struct fk_stagger_result *s, size_t k)
{
        return s->cohort[k].label ? s->cohort[k].label : "";
}

void render_by_label(const struct fk_describe_group *g, char *buf,
                     size_t len)
{
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < g->nby && used < len; i++)
                used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
                                         i ? ", " : "", g->by_names[i],
                                         g->by_values[i]);
        if (g->nby == 0)
                snprintf(buf, len, "all rows");
}

void render_power_cells(const struct fk_power_result *r, char b[5][40])
{
        const double v[5] = { r->n_per_arm, r->power, r->design_effect,
                              r->clusters_per_arm, r->mde };

        for (size_t i = 0; i < 5; i++)
                snprintf(b[i], 40, isnan(v[i]) ? "NA" : "%.6g", v[i]);
}

const char *render_p6(char *buf, size_t len, double p)
{
        snprintf(buf, len, isnan(p) ? "NA" : "%.6g", p);
        return buf;
}

/* ---- validate -------------------------------------------------------- */

const char *render_validate_effect(const struct fk_validate_design *d)
{
        return d->type == FK_TYPE_BINARY ? "risk difference" :
               d->type == FK_TYPE_SURVIVAL ? "hazard ratio" :
                                             "difference in means";
}

char *render_mcse(char *buf, size_t len, double x, double se, int rate)
{
        if (isnan(x))
                snprintf(buf, len, "-");
        else if (rate)
                snprintf(buf, len, "%.3f (%.3f)", x, se);
        else
                snprintf(buf, len, "%.3g (%.2g)", x, se);
        return buf;
}

/* 41 %, 2.6 %, with a decimal comma in Danish. */
static const char *pct(char *buf, size_t len, double x, int da)
{
        double p = 100 * x;
        char *c;

        if (isnan(x))
                snprintf(buf, len, da ? "ukendt" : "unknown");
        else if (p >= 9.95 || !(p > 0))
                snprintf(buf, len, "%.0f %%", p);
        else
                snprintf(buf, len, "%.1f %%", p);
        if (da && (c = strchr(buf, '.')))
                *c = ',';
        return buf;
}

void render_validate_arms(const struct fk_validate_design *d, size_t per[2],
                          double people[2])
{
        per[0] = per[1] = 0;
        people[0] = people[1] = 0;
        for (size_t g = 0; g < d->G; g++) {
                per[d->arm[g]]++;
                people[d->arm[g]] += d->size[g];
        }
}

const char *fk_validate_sentence(char *buf, size_t len,
                                 const struct fk_validate_design *d,
                                 const struct fk_validate_result *r,
                                 const char *lang)
{
        int da = lang && !strcmp(lang, "da");
        size_t per[2], n;
        double people[2];
        char a[NB], b[NB], c[NB], e[NB];

        const char *cl = d->type == FK_TYPE_SURVIVAL ? "Lin–Wei" : "CR2";

        render_validate_arms(d, per, people);
        pct(a, sizeof a, r->m[FK_VM_INDIVIDUAL].coverage, da);
        pct(b, sizeof b, r->m[FK_VM_CR2].coverage, da);
        pct(c, sizeof c, d->conf, da);
        n = (size_t)snprintf(buf, len, da ?
                "Med %zu og %zu kommuner dækker det individuelle interval den "
                "sande effekt i %s af gentagelserne, %s-intervallet i %s "
                "(nominelt %s)." :
                "With %zu and %zu municipalities the individual interval "
                "covers the truth in %s of repetitions, the %s interval in "
                "%s (nominal %s).", per[FK_TRIAL], per[FK_CONTROL], a, cl, b,
                c);
        if (!r->margin_test || n >= len)
                return buf;
        pct(a, sizeof a, r->m[FK_VM_INDIVIDUAL].rejection_rate, da);
        pct(b, sizeof b, r->m[FK_VM_CR2].rejection_rate, da);
        pct(c, sizeof c, (1 - d->conf) / 2, da);
        if (isfinite(d->effect)) {
                fmt_shortest(e, sizeof e, r->truth);
                snprintf(buf + n, len - n, da ?
                         " Med en sand effekt på %s erklærer det individuelle "
                         "interval »ikke ringere« i %s af gentagelserne, "
                         "%s-intervallet i %s." :
                         " With a true effect of %s the individual interval "
                         "declares non-inferiority in %s of repetitions, the "
                         "%s interval in %s.", e, a, cl, b);
        } else {
                snprintf(buf + n, len - n, da ?
                         " Når forsøgsarmen er ringere med netop "
                         "ikke-ringere-grænsen, erklærer det individuelle "
                         "interval »ikke ringere« "
                         "i %s af gentagelserne, %s-intervallet i %s "
                         "(nominelt højst %s)." :
                         " When the trial arm is worse by exactly the margin, "
                         "the individual interval declares non-inferiority in "
                         "%s of repetitions, the %s interval in %s (nominal "
                         "at most %s).", a, cl, b, c);
        }
        return buf;
}
