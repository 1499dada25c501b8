/* Count, ordinal and continuous outcomes: per-arm summaries, effects, tests
 * and the verdict, assembled from stats/means.c, stats/ranks.c and
 * stats/proportions.c (see METHODS.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/means.h"
#include "fkstat/moments.h"
#include "fkstat/numeric.h"
#include "fkstat/poisson.h"
#include "fkstat/ranks.h"

/* ---- sorting in place ----------------------------------------------- */

static void swap_values(double *x, size_t i, size_t j)
{
        double t = x[i];

        x[i] = x[j];
        x[j] = t;
}

static void sift_down(double *x, size_t i, size_t n)
{
        for (;;) {
                size_t c = 2 * i + 1;

                if (c >= n)
                        return;
                if (c + 1 < n && x[c + 1] > x[c])
                        c++;
                if (!(x[c] > x[i]))
                        return;
                swap_values(x, i, c);
                i = c;
        }
}

static void heap_sort(double *x, size_t n)
{
        for (size_t i = n / 2; i-- > 0;)
                sift_down(x, i, n);
        for (size_t m = n; m-- > 1;) {
                swap_values(x, 0, m);
                sift_down(x, 0, m);
        }
}

static void insertion_sort(double *x, size_t n)
{
        for (size_t i = 1; i < n; i++) {
                double v = x[i];
                size_t j = i;

                while (j > 0 && x[j - 1] > v) {
                        x[j] = x[j - 1];
                        j--;
                }
                x[j] = v;
        }
}

static void intro_sort(double *x, size_t n, int depth)
{
        while (n > 16) {
                size_t m = n / 2, i = 0, j = n - 1;
                double p;

                if (depth-- == 0) {
                        heap_sort(x, n);
                        return;
                }
                /* x[0] <= x[m] <= x[n - 1]: both scans stop inside */
                if (x[m] < x[0])
                        swap_values(x, 0, m);
                if (x[n - 1] < x[m]) {
                        swap_values(x, m, n - 1);
                        if (x[m] < x[0])
                                swap_values(x, 0, m);
                }
                p = x[m];
                /* Hoare's partition: x[0..j] <= p <= x[j+1..n) */
                for (;;) {
                        while (x[i] < p)
                                i++;
                        while (x[j] > p)
                                j--;
                        if (i >= j)
                                break;
                        swap_values(x, i++, j--);
                }
                /* the smaller side first, the larger in the loop */
                if (j + 1 < n - j - 1) {
                        intro_sort(x, j + 1, depth);
                        x += j + 1;
                        n -= j + 1;
                } else {
                        intro_sort(x + j + 1, n - j - 1, depth);
                        n = j + 1;
                }
        }
        insertion_sort(x, n);
}

void fk_sort_values(double *x, size_t n)
{
        int depth = 0;

        for (size_t m = n; m > 1; m >>= 1)
                depth += 2;
        intro_sort(x, n, depth);
}

/* ---- summaries ------------------------------------------------------- */

static void note_null(char *note, size_t len, const char *why)
{
        snprintf(note, len, "%s", why);
}

static int summarise(const struct fk_sample *s, double conf,
                     struct fk_group *g, struct fk_error *err)
{
        struct fk_sample_summary ss;
        int rc = s->sorted && !s->w ?
                 fk_sample_summary_sorted(s->x, s->k, conf, &ss, err) :
                 fk_sample_summary(s->x, s->w, s->k, conf, &ss, err);

        if (rc)
                return rc;
        g->n = ss.n;
        g->mean = ss.mean;
        g->sd = ss.sd;
        g->ci[0] = ss.ci[0];
        g->ci[1] = ss.ci[1];
        g->method = "t";
        g->median = ss.median;
        g->q1 = ss.q1;
        g->q3 = ss.q3;
        g->min = ss.min;
        g->max = ss.max;
        return FK_OK;
}

/* The levels of an ordinal scale: --levels MIN:MAX, else the levels seen in
 * either arm; counts per arm; the top-box threshold. */
static int ordinal_levels(const struct fk_sample s[2],
                          const struct fk_numeric_opts *o,
                          struct fk_outcome_result *r, struct fk_error *err)
{
        double lv[FK_MAX_LEVELS];
        size_t nl = 0;

        if (o->has_levels) {
                for (double v = o->level_min; v <= o->level_max; v += 1) {
                        if (nl == FK_MAX_LEVELS)
                                return fk_error_set(err, FK_EDATA, NULL, 0,
                                        "outcome '%s': more than %d levels",
                                        r->outcome, FK_MAX_LEVELS);
                        lv[nl++] = v;
                }
        }
        for (int a = 0; a < 2; a++) {
                for (size_t i = 0; i < s[a].k; i++) {
                        double v = s[a].x[i];
                        size_t j = 0;

                        while (j < nl && (lv[j] < v || lv[j] > v))
                                j++;
                        if (j < nl)
                                continue;
                        if (o->has_levels)
                                return fk_error_set(err, FK_EDATA, NULL, 0,
                                        "outcome '%s': level %g is outside "
                                        "--levels %g:%g", r->outcome, v,
                                        o->level_min, o->level_max);
                        if (nl == FK_MAX_LEVELS)
                                return fk_error_set(err, FK_EDATA, NULL, 0,
                                        "outcome '%s' has more than %d levels; "
                                        "use --type continuous or count",
                                        r->outcome, FK_MAX_LEVELS);
                        /* insertion keeps the levels sorted */
                        j = nl++;
                        while (j > 0 && lv[j - 1] > v) {
                                lv[j] = lv[j - 1];
                                j--;
                        }
                        lv[j] = v;
                }
        }
        r->top = o->top < 1 ? 1 : o->top;
        if ((size_t)r->top > nl)
                r->top = (int)nl;
        r->top_from = nl ? lv[nl - (size_t)r->top] : NAN;
        for (int a = 0; a < 2; a++) {
                struct fk_group *g = &r->groups[a];

                g->nlevels = nl;
                g->top_box_n = 0;
                for (size_t j = 0; j < nl; j++) {
                        g->level[j] = lv[j];
                        g->level_count[j] = 0;
                }
                for (size_t i = 0; i < s[a].k; i++) {
                        double w = s[a].w ? s[a].w[i] : 1.0;

                        for (size_t j = 0; j < nl; j++)
                                if (!(lv[j] < s[a].x[i] || lv[j] > s[a].x[i]))
                                        g->level_count[j] += w;
                        if (s[a].x[i] >= r->top_from)
                                g->top_box_n += w;
                }
                g->top_box = g->n > 0 ? g->top_box_n / g->n : NAN;
        }
        return FK_OK;
}

static int mean_effects(const struct fk_sample s[2],
                        const struct fk_numeric_opts *o,
                        struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_welch wt;
        struct fk_effect *e;
        struct fk_test *t;
        int rc;

        rc = fk_welch_t(s[0].x, s[0].w, s[0].k, s[1].x, s[1].w, s[1].k,
                        o->conf, &wt, err);
        if (rc)
                return rc;
        e = fk_result_add_effect(r, "mean_difference", "welch");
        fk_effect_set(e, wt.estimate, wt.ci);
        if (isnan(wt.ci[0]))
                note_null(e->note, sizeof e->note, "no interval: both arms "
                          "have zero variance or fewer than 2 observations");
        t = fk_result_add_test(r, "welch_t");
        t->has_statistic = 1;
        t->statistic = wt.statistic;
        t->df = wt.df;
        t->p_value = wt.p_value;
        if (isnan(wt.p_value))
                note_null(t->note, sizeof t->note, "not defined: both arms "
                          "have zero variance or fewer than 2 observations");

        snprintf(r->verdict.measure, sizeof r->verdict.measure,
                 "mean_difference");
        r->verdict.margin = o->margin;
        if (!isnan(o->margin) && !isnan(wt.ci[0])) {
                int higher = o->better == FK_BETTER_HIGHER;

                rc = fk_welch_t_test(s[0].x, s[0].w, s[0].k, s[1].x, s[1].w,
                                     s[1].k, higher ? -o->margin : o->margin,
                                     higher ? 1 : -1, &r->verdict.p_value, err);
                if (rc)
                        return rc;
        }
        r->verdict.result = fk_verdict_decide(wt.ci[0], wt.ci[1], 0, o->better,
                                              o->margin);
        return FK_OK;
}

static int wilcoxon(const struct fk_sample s[2], const struct fk_numeric_opts *o,
                    struct fk_outcome_result *r, int with_hl,
                    struct fk_error *err)
{
        struct fk_wilcoxon wx;
        struct fk_test *t;
        int rc;

        if (s[0].sorted && s[1].sorted && !s[0].w && !s[1].w)
                rc = fk_wilcoxon_sorted(s[0].x, s[0].k, s[1].x, s[1].k,
                                        o->conf, &wx, err);
        else
                rc = fk_wilcoxon(s[0].x, s[0].w, s[0].k, s[1].x, s[1].w,
                                 s[1].k, o->conf, &wx, err);
        if (rc)
                return rc;
        if (with_hl) {
                struct fk_effect *e = fk_result_add_effect(r, "hodges_lehmann",
                        wx.exact ? "wilcoxon_exact" : "wilcoxon_normal");

                fk_effect_set(e, wx.hl, wx.hl_ci);
                if (isnan(wx.hl_ci[0]) || isnan(wx.hl_ci[1]))
                        note_null(e->note, sizeof e->note, "too few "
                                  "observations for an interval at this "
                                  "confidence level");
        }
        t = fk_result_add_test(r, "wilcoxon_rank_sum");
        t->has_statistic = 1;
        t->statistic = wx.W;
        t->p_value = wx.p_value;
        snprintf(t->note, sizeof t->note, "%s", wx.exact ? "exact" :
                 "normal approximation with tie and continuity correction");
        return FK_OK;
}

int fk_numeric_compare(const struct fk_sample s[2],
                       const struct fk_numeric_opts *o,
                       struct fk_outcome_result *r, struct fk_error *err)
{
        int rc;

        for (int a = 0; a < 2; a++) {
                double n = 0;

                for (size_t i = 0; i < s[a].k; i++)
                        n += s[a].w ? s[a].w[i] : 1.0;
                if (!(n > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "outcome '%s': the %s arm has no observations",
                                r->outcome, a == FK_TRIAL ? "trial" : "control");
                rc = summarise(&s[a], o->conf, &r->groups[a], err);
                if (rc)
                        return rc;
        }
        if (r->type == FK_TYPE_ORDINAL &&
            (rc = ordinal_levels(s, o, r, err)) != FK_OK)
                return rc;
        rc = mean_effects(s, o, r, err);
        if (rc)
                return rc;

        switch (r->type) {
        case FK_TYPE_COUNT: {
                struct fk_rate rt;
                struct fk_effect *e;
                struct fk_test *t;
                double c[2], tm[2];

                for (int a = 0; a < 2; a++) {
                        struct fk_group *g = &r->groups[a];
                        struct fk_xsum cs = { { 0 }, NULL, 0, 0, 0 };
                        int lost;

                        /* exact: the same in any order or grouping */
                        for (size_t i = 0; i < s[a].k; i++)
                                fk_xsum_add_product(&cs, s[a].x[i],
                                        s[a].w ? s[a].w[i] : 1.0);
                        lost = cs.nomem;
                        c[a] = fk_xsum_round(&cs);
                        fk_xsum_release(&cs);
                        if (lost)
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        tm[a] = isnan(s[a].exposure) ? g->n : s[a].exposure;
                        g->exposure = tm[a];
                }
                rc = fk_poisson_exact(c[0], tm[0], c[1], tm[1], o->conf, &rt,
                                      err);
                if (rc)
                        return rc;
                e = fk_result_add_effect(r, "rate_ratio", "exact_conditional");
                fk_effect_set(e, rt.estimate, rt.ci);
                if (!isfinite(rt.estimate) || !(rt.estimate > 0) ||
                    !isfinite(rt.ci[1])) {
                        if (!isfinite(rt.estimate) || !(rt.estimate > 0))
                                e->estimate = NAN;
                        e->ci[0] = isfinite(rt.ci[1]) && rt.ci[0] > 0 ?
                                   rt.ci[0] : NAN;
                        e->ci[1] = NAN;
                        note_null(e->note, sizeof e->note, "an arm has no "
                                  "events: the rate ratio is 0 or infinite");
                }
                if ((rc = wilcoxon(s, o, r, 1, err)) != FK_OK)
                        return rc;
                t = fk_result_add_test(r, "poisson_exact");
                t->p_value = rt.p_value;
                break;
        }
        case FK_TYPE_ORDINAL: {
                struct fk_brunner_munzel bm;
                struct fk_effect *e;
                struct fk_test *t;
                double x[2] = { r->groups[0].top_box_n, r->groups[1].top_box_n };
                double n[2] = { r->groups[0].n, r->groups[1].n };

                e = fk_result_add_effect(r, "top_box_difference",
                                         fk_rd_method_name(o->rd_method));
                rc = fk_prop_rd_ci(x[0], n[0], x[1], n[1], o->conf,
                                   o->rd_method, &e->estimate, &e->ci[0],
                                   &e->ci[1], err);
                if (rc)
                        return rc;
                rc = fk_brunner_munzel(s[0].x, s[0].w, s[0].k, s[1].x, s[1].w,
                                       s[1].k, o->conf, &bm, err);
                if (rc == FK_EDOMAIN) {
                        /* fewer than 2 per arm: BM undefined, say so */
                        fk_error_clear(err);
                        bm.estimate = bm.statistic = bm.df = bm.p_value = NAN;
                        bm.ci[0] = bm.ci[1] = NAN;
                } else if (rc) {
                        return rc;
                }
                e = fk_result_add_effect(r, "probabilistic_index",
                                         "brunner_munzel");
                fk_effect_set(e, bm.estimate, bm.ci);
                if (isnan(bm.ci[0]))
                        note_null(e->note, sizeof e->note, "no interval: too "
                                  "few observations or no spread in the "
                                  "placements");
                if ((rc = wilcoxon(s, o, r, 0, err)) != FK_OK)
                        return rc;
                t = fk_result_add_test(r, "brunner_munzel");
                t->has_statistic = 1;
                t->statistic = bm.statistic;
                t->df = bm.df;
                t->p_value = bm.p_value;
                if (isnan(bm.p_value))
                        note_null(t->note, sizeof t->note, "not defined: too "
                                  "few observations or no spread in the "
                                  "placements");
                break;
        }
        case FK_TYPE_CONTINUOUS: {
                struct fk_effect *e = fk_result_add_effect(r, "hedges_g",
                                                           "hedges");

                rc = fk_hedges_g(s[0].x, s[0].w, s[0].k, s[1].x, s[1].w,
                                 s[1].k, o->conf, &e->estimate, e->ci, err);
                if (rc)
                        return rc;
                if (isnan(e->estimate))
                        note_null(e->note, sizeof e->note, "not defined: "
                                  "the pooled standard deviation is 0");
                if ((rc = wilcoxon(s, o, r, 1, err)) != FK_OK)
                        return rc;
                break;
        }
        default:
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "outcome '%s': not a numeric type",
                                    r->outcome);
        }
        return FK_OK;
}
