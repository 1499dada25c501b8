/* Outcome result structs and the verdict rule; see include/fkstat/result.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/result.h"
#include "stats/dpq.h"

static const char *const type_names[] = {
        "auto", "binary", "count", "ordinal", "continuous", "survival"
};

const char *fk_type_name(enum fk_type t)
{
        return (unsigned)t < sizeof type_names / sizeof *type_names ?
               type_names[t] : "unknown";
}

int fk_type_parse(const char *s)
{
        for (size_t i = 1; i < sizeof type_names / sizeof *type_names; i++)
                if (!strcmp(s, type_names[i]))
                        return (int)i;
        return -1;
}

const char *fk_better_name(enum fk_better b)
{
        return b == FK_BETTER_LOWER ? "lower" : "higher";
}

const char *fk_verdict_name(enum fk_verdict_result v)
{
        switch (v) {
        case FK_V_SUPERIOR: return "superior";
        case FK_V_NONINFERIOR: return "non-inferior";
        case FK_V_INFERIOR: return "inferior";
        case FK_V_INCONCLUSIVE: return "inconclusive";
        case FK_V_BETTER: return "better";
        case FK_V_WORSE: return "worse";
        case FK_V_NO_DIFFERENCE: return "no_difference";
        case FK_V_NONE: break;
        }
        return "none";
}

const char *fk_basis_name(enum fk_basis b)
{
        switch (b) {
        case FK_BASIS_INDIVIDUAL: return "individual";
        case FK_BASIS_CR2: return "cr2";
        case FK_BASIS_LIN_WEI: return "lin_wei";
        case FK_BASIS_CS_SIMPLE: return "cs_simple";
        }
        return "individual";
}

void fk_verdict_init(struct fk_verdict *v)
{
        memset(v, 0, sizeof *v);
        v->margin = v->p_value = NAN;
        v->result = v->individual_result = FK_V_NONE;
        v->basis = FK_BASIS_INDIVIDUAL;
        v->estimate = v->ci[0] = v->ci[1] = v->df = NAN;
        v->ri_p = v->individual_p_value = NAN;
}

static void group_init(struct fk_group *g)
{
        g->n = g->successes = g->estimate = NAN;
        g->ci[0] = g->ci[1] = NAN;
        g->method = NULL;
        g->mean = g->sd = g->median = g->q1 = g->q3 = g->min = g->max = NAN;
        g->exposure = g->top_box = g->top_box_n = NAN;
        g->nlevels = 0;
        g->events = g->censored = g->median_time = NAN;
        g->median_ci[0] = g->median_ci[1] = NAN;
        g->nat = 0;
        g->table = NULL;
        g->ntable = 0;
}

void fk_result_release(struct fk_outcome_result *r)
{
        for (int a = 0; a < 2; a++) {
                free(r->groups[a].table);
                r->groups[a].table = NULL;
                r->groups[a].ntable = 0;
        }
        for (size_t i = 0; i < r->nclusters; i++)
                free(r->clusters[i].name);
        free(r->clusters);
        r->clusters = NULL;
        r->nclusters = 0;
}

struct fk_effect *fk_result_add_effect(struct fk_outcome_result *r,
                                       const char *measure,
                                       const char *method)
{
        struct fk_effect *e;

        if (r->neffects >= FK_MAX_EFFECTS)
                return NULL;
        e = &r->effects[r->neffects++];
        snprintf(e->measure, sizeof e->measure, "%s", measure);
        snprintf(e->method, sizeof e->method, "%s", method);
        e->estimate = e->ci[0] = e->ci[1] = NAN;
        e->note[0] = '\0';
        return e;
}

void fk_effect_set(struct fk_effect *e, double estimate, const double ci[2])
{
        e->estimate = estimate;
        e->ci[0] = ci[0];
        e->ci[1] = ci[1];
}

struct fk_test *fk_result_add_test(struct fk_outcome_result *r,
                                   const char *test)
{
        struct fk_test *t;

        if (r->ntests >= FK_MAX_TESTS)
                return NULL;
        t = &r->tests[r->ntests++];
        memset(t, 0, sizeof *t);
        snprintf(t->test, sizeof t->test, "%s", test);
        t->statistic = t->df = t->p_value = t->estimate = NAN;
        t->ci[0] = t->ci[1] = NAN;
        return t;
}

void fk_result_init(struct fk_outcome_result *r, const char *outcome,
                    enum fk_type type, enum fk_better better, double conf)
{
        memset(r, 0, sizeof *r);
        snprintf(r->outcome, sizeof r->outcome, "%s", outcome ? outcome : "");
        r->type = type;
        r->better = better;
        r->conf_level = conf;
        group_init(&r->groups[FK_TRIAL]);
        group_init(&r->groups[FK_CONTROL]);
        fk_verdict_init(&r->verdict);
        r->top_from = NAN;
}

void fk_result_note(struct fk_outcome_result *r, const char *fmt, ...)
{
        va_list ap;

        if (r->nnotes >= FK_MAX_NOTES)
                return;
        memset(&r->note[r->nnotes], 0, sizeof r->note[r->nnotes]);
        r->note[r->nnotes].kind = FK_NOTE_TEXT;
        va_start(ap, fmt);
        vsnprintf(r->notes[r->nnotes++], FK_NOTE_MAX, fmt, ap);
        va_end(ap);
}

void fk_note_english(const struct fk_note *n, char *buf, size_t len)
{
        size_t a = (size_t)n->n[0], b = (size_t)n->n[1];

        switch (n->kind) {
        case FK_NOTE_MEDIAN_NOT_REACHED:
                snprintf(buf, len, "the median time to job in the %s arm is "
                         "not reached (the curve stays above 0.5)",
                         n->arm == FK_TRIAL ? "trial" : "control");
                return;
        case FK_NOTE_STRATA_NONE_MIXED:
                snprintf(buf, len, "no stratum of '%s' holds both arms, so the "
                         "stratified estimates are null (stratify by "
                         "something that varies within the arms)", n->column);
                return;
        case FK_NOTE_STRATA_ONE_ARM:
                snprintf(buf, len, "%zu of %zu strata of '%s' hold only one "
                         "arm and add nothing to the stratified estimates",
                         a, b, n->column);
                return;
        case FK_NOTE_NO_CLUSTER_VALUE:
                snprintf(buf, len, "%.0f people without a value in column "
                         "'%s' are excluded from this outcome", n->n[0],
                         n->column);
                return;
        case FK_NOTE_HR_INFINITE:
                snprintf(buf, len, "the hazard ratio is 0 or infinite, so "
                         "there is no cluster-robust interval");
                return;
        case FK_NOTE_HR_NO_EVENTS:
                snprintf(buf, len, "no cluster-robust hazard ratio could be "
                         "computed (no job entries)");
                return;
        case FK_NOTE_LIN_WEI_FEW:
                snprintf(buf, len, "with %zu clusters the Lin-Wei standard "
                         "error tends to be too small; the randomization "
                         "p-value is the safer guide", a);
                return;
        case FK_NOTE_NO_CLUSTER_INTERVAL:
                snprintf(buf, len, "no cluster-level interval could be "
                         "computed, so no verdict is given");
                return;
        case FK_NOTE_INDIVIDUAL_VERDICT:
                snprintf(buf, len, "the individual-level interval ignores "
                         "that whole municipalities are compared and would "
                         "say %s; the verdict is the cluster-level one",
                         fk_verdict_name(n->verdict));
                return;
        case FK_NOTE_FEW_CLUSTERS:
                snprintf(buf, len, "fewer than 5 clusters on a side (%zu "
                         "trial, %zu control): cluster-level inference is "
                         "fragile", a, b);
                return;
        case FK_NOTE_TEXT:
        case FK_NOTE_KINDS:
                break;
        }
        snprintf(buf, len, "%s", "");
}

void fk_result_note_of(struct fk_outcome_result *r, enum fk_note_kind kind,
                       double n0, double n1, int code, const char *column)
{
        struct fk_note *n;

        if (r->nnotes >= FK_MAX_NOTES)
                return;
        n = &r->note[r->nnotes];
        memset(n, 0, sizeof *n);
        n->kind = kind;
        n->n[0] = n0;
        n->n[1] = n1;
        n->arm = code;
        n->verdict = (enum fk_verdict_result)code;
        snprintf(n->column, sizeof n->column, "%s", column ? column : "");
        {
                /* from a copy: the words go into r too, and the compiler
                 * cannot tell that the two never overlap */
                const struct fk_note words = *n;

                fk_note_english(&words, r->notes[r->nnotes++], FK_NOTE_MAX);
        }
}

const struct fk_effect *fk_result_effect(const struct fk_outcome_result *r,
                                         const char *measure)
{
        for (size_t i = 0; i < r->neffects; i++)
                if (!strcmp(r->effects[i].measure, measure))
                        return &r->effects[i];
        return NULL;
}

const struct fk_test *fk_result_test(const struct fk_outcome_result *r,
                                     const char *test)
{
        for (size_t i = 0; i < r->ntests; i++)
                if (!strcmp(r->tests[i].test, test))
                        return &r->tests[i];
        return NULL;
}

/* The verdict table of METHODS.md ("Verdicts").  For --better lower the table mirrors:
 * on the difference scale the margin moves to +m, on the ratio scale to
 * 1/(1-m). */
enum fk_verdict_result fk_verdict_decide(double lo, double hi, int ratio,
                                         enum fk_better better, double margin)
{
        double null = ratio ? 1.0 : 0.0;
        double bound;

        if (isnan(lo) || isnan(hi))
                return isnan(margin) ? FK_V_NONE : FK_V_INCONCLUSIVE;
        if (isnan(margin)) {
                if (lo > null)
                        return better == FK_BETTER_HIGHER ? FK_V_BETTER : FK_V_WORSE;
                if (hi < null)
                        return better == FK_BETTER_HIGHER ? FK_V_WORSE : FK_V_BETTER;
                return FK_V_NO_DIFFERENCE;
        }
        if (better == FK_BETTER_HIGHER) {
                bound = ratio ? 1.0 - margin : -margin;
                if (lo > null)
                        return FK_V_SUPERIOR;
                if (lo > bound)
                        return FK_V_NONINFERIOR;
                if (hi < bound)
                        return FK_V_INFERIOR;
        } else {
                bound = ratio ? 1.0 / (1.0 - margin) : margin;
                if (hi < null)
                        return FK_V_SUPERIOR;
                if (hi < bound)
                        return FK_V_NONINFERIOR;
                if (lo > bound)
                        return FK_V_INFERIOR;
        }
        return FK_V_INCONCLUSIVE;
}

void fk_verdict_judge_t(struct fk_verdict *v, enum fk_basis basis,
                        double estimate, double se, double df,
                        const double ci[2], enum fk_better better)
{
        double m = v->margin;

        v->basis = basis;
        v->estimate = estimate;
        v->ci[0] = ci[0];
        v->ci[1] = ci[1];
        v->df = df;
        v->p_value = NAN;
        v->result = fk_verdict_decide(ci[0], ci[1], 0, better, m);
        if (isnan(m) || !(se > 0) || !(df > 0) || !isfinite(estimate))
                return;
        /* one-sided t-test at the margin, in the direction of --better */
        if (better == FK_BETTER_HIGHER)
                v->p_value = fk_t_cdf((estimate + m) / se, df, 1);
        else
                v->p_value = fk_t_cdf((estimate - m) / se, df, 0);
}

void fk_verdict_judge_log_z(struct fk_verdict *v, enum fk_basis basis,
                            double ratio, double se_log, const double ci[2],
                            enum fk_better better)
{
        double m = v->margin, z;

        v->basis = basis;
        v->estimate = ratio;
        v->ci[0] = ci[0];
        v->ci[1] = ci[1];
        v->df = NAN;
        v->p_value = NAN;
        v->result = fk_verdict_decide(ci[0], ci[1], 1, better, m);
        if (isnan(m) || !(se_log > 0) || !(ratio > 0) || !isfinite(ratio))
                return;
        /* Wald test on the log scale at the bound 1 - m (higher is better)
         * or 1/(1 - m) (lower is better) */
        if (better == FK_BETTER_HIGHER) {
                z = (log(ratio) - log(1.0 - m)) / se_log;
                v->p_value = gsl_cdf_ugaussian_Q(z);
        } else {
                z = (log(ratio) + log(1.0 - m)) / se_log;
                v->p_value = gsl_cdf_ugaussian_P(z);
        }
}
