/* Unit tests of stats/survival.c and stats/cox.c against R survival
 * (tests/reference/survival.R writes tests/reference/survival_r.inc; each
 * block there cites the R call that produced it, on the expanded data).
 *
 * Tolerances (relative), with the worst seen on x86-64 in brackets:
 * Kaplan–Meier counts and times exact; surv, its se and interval, S(t),
 * the median and its interval 1e-13 [all bit-identical to R]; log-rank
 * observed exact, expected 1e-13 [1e-15], chi-square 1e-12 [3e-14], p
 * 1e-11 [5e-14]; Cox beta, se, z, hr and interval 1e-12 [9e-15], p 1e-11
 * [1.6e-13] against R's fit polished to full precision (see survival.R),
 * and against R's plain coxph() 1e-7 for beta [3e-9] and 1e-8 for se
 * [4e-10]: R stops when the log likelihood changes by < 1e-9 relative.
 * Frequency-weighted input is checked against the expanded rows (and
 * unweighted input against its aggregated form): exact for KM and
 * log-rank, 1e-12 for Cox [exact]. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fkstat/survival.h"

struct km_ref {
        const double *steps;    /* 8 per step, as struct fk_km_step */
        int nsteps;
        const double *at;       /* S, lo, hi at at_times */
        double med[3];
};

struct cox_ref {
        int inf;
        double v[7];            /* beta, se, z, p, hr, lo, hi */
        double r0[2];           /* R's default fit: beta, se */
};

struct sv_case {
        const char *name;
        double conf;
        const double *t[2], *e[2], *w[2];
        int k[2];
        struct km_ref km[6];    /* [arm * 3 + ci] */
        double lr[6];           /* chisq, p, obs1, obs2, exp1, exp2 */
        struct cox_ref cox[2];  /* efron, breslow */
};

#include "reference/survival_r.inc"

#define NCASES (sizeof sv_cases / sizeof *sv_cases)
#define NAT (sizeof at_times / sizeof *at_times)

static const enum fk_km_ci CIS[3] = { FK_KM_LOGLOG, FK_KM_LOG, FK_KM_PLAIN };

/* The case being checked, on stdout when FK_TEST_VERBOSE is set (to find
 * which case a failed assertion belongs to). */
#define NOTE(...) do {                                                      \
        if (getenv("FK_TEST_VERBOSE"))                                       \
                print_message(__VA_ARGS__);                                  \
} while (0)

static void check_km(const struct sv_case *c, int arm, int ci)
{
        const struct km_ref *ref = &c->km[arm * 3 + ci];
        struct fk_error err = FK_ERROR_INIT;
        struct fk_km km;

        assert_int_equal(fk_km_fit(c->t[arm], c->e[arm], c->w[arm],
                                   (size_t)c->k[arm], c->conf, CIS[ci], &km,
                                   &err), FK_OK);
        assert_int_equal(km.nsteps, ref->nsteps);
        for (size_t i = 0; i < km.nsteps; i++) {
                const struct fk_km_step *s = &km.steps[i];
                const double *r = ref->steps + 8 * i;

                fk_assert_rel(s->time, r[0], 0);
                fk_assert_rel(s->n_risk, r[1], 0);
                fk_assert_rel(s->n_event, r[2], 0);
                fk_assert_rel(s->n_censor, r[3], 0);
                fk_assert_rel(s->surv, r[4], 1e-13);
                fk_assert_rel(s->se, r[5], 1e-13);
                fk_assert_rel(s->lo, r[6], 1e-13);
                fk_assert_rel(s->hi, r[7], 1e-13);
        }
        fk_assert_rel(km.median, ref->med[0], 1e-13);
        fk_assert_rel(km.median_ci[0], ref->med[1], 1e-13);
        fk_assert_rel(km.median_ci[1], ref->med[2], 1e-13);
        for (size_t i = 0; i < NAT; i++) {
                double s, lo, hi;

                fk_km_at(&km, at_times[i], &s, &lo, &hi);
                fk_assert_rel(s, ref->at[3 * i], 1e-13);
                fk_assert_rel(lo, ref->at[3 * i + 1], 1e-13);
                fk_assert_rel(hi, ref->at[3 * i + 2], 1e-13);
        }
        fk_km_release(&km);
}

static void test_km_r(void **state)
{
        (void)state;
        for (size_t c = 0; c < NCASES; c++)
                for (int arm = 0; arm < 2; arm++)
                        for (int ci = 0; ci < 3; ci++) {
                                NOTE("%s arm %d %s\n",
                                              sv_cases[c].name, arm + 1,
                                              fk_km_ci_name(CIS[ci]));
                                check_km(&sv_cases[c], arm, ci);
                        }
}

static int run_logrank(const struct sv_case *c, struct fk_logrank *lr)
{
        struct fk_error err = FK_ERROR_INIT;

        return fk_logrank(c->t[0], c->e[0], c->w[0], (size_t)c->k[0],
                          c->t[1], c->e[1], c->w[1], (size_t)c->k[1], lr,
                          &err);
}

static void test_logrank_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct sv_case *c = &sv_cases[i];
                struct fk_logrank lr;

                NOTE("%s\n", c->name);
                assert_int_equal(run_logrank(c, &lr), FK_OK);
                fk_assert_rel(lr.statistic, c->lr[0], 1e-12);
                fk_assert_rel(lr.p_value, c->lr[1], 1e-11);
                if (isnan(c->lr[2]))    /* R stopped: singular variance */
                        continue;
                fk_assert_rel(lr.observed[0], c->lr[2], 0);
                fk_assert_rel(lr.observed[1], c->lr[3], 0);
                fk_assert_rel(lr.expected[0], c->lr[4], 1e-13);
                fk_assert_rel(lr.expected[1], c->lr[5], 1e-13);
        }
}

static int run_cox(const struct sv_case *c, enum fk_ties ties,
                   struct fk_cox *cx)
{
        struct fk_error err = FK_ERROR_INIT;

        return fk_cox(c->t[0], c->e[0], c->w[0], (size_t)c->k[0], c->t[1],
                      c->e[1], c->w[1], (size_t)c->k[1], ties, c->conf, cx,
                      &err);
}

static void test_cox_r(void **state)
{
        static const enum fk_ties T[2] = { FK_TIES_EFRON, FK_TIES_BRESLOW };

        (void)state;
        for (size_t i = 0; i < NCASES; i++)
                for (int t = 0; t < 2; t++) {
                        const struct sv_case *c = &sv_cases[i];
                        const struct cox_ref *r = &c->cox[t];
                        struct fk_cox cx;

                        NOTE("%s %s\n", c->name,
                                      t ? "breslow" : "efron");
                        assert_int_equal(run_cox(c, T[t], &cx), FK_OK);
                        if (r->inf) {
                                assert_int_equal(cx.converged, 0);
                                assert_true(isnan(cx.hr));
                                assert_true(isnan(cx.ci[0]) && isnan(cx.ci[1]));
                                if (isnan(r->v[0]))
                                        assert_true(isnan(cx.beta));
                                else
                                        assert_true(isinf(cx.beta) &&
                                                    (cx.beta > 0) ==
                                                    (r->v[0] > 0));
                                continue;
                        }
                        assert_int_equal(cx.converged, 1);
                        fk_assert_rel(cx.beta, r->v[0], 1e-12);
                        fk_assert_rel(cx.se, r->v[1], 1e-12);
                        fk_assert_rel(cx.z, r->v[2], 1e-12);
                        fk_assert_rel(cx.p_value, r->v[3], 1e-11);
                        fk_assert_rel(cx.hr, r->v[4], 1e-12);
                        fk_assert_rel(cx.ci[0], r->v[5], 1e-12);
                        fk_assert_rel(cx.ci[1], r->v[6], 1e-12);
                        fk_assert_rel(cx.beta, r->r0[0], 1e-7);
                        fk_assert_rel(cx.se, r->r0[1], 1e-8);
                }
}

/* ---- frequency weights equal expanded rows ---------------------------- */

struct arm {
        double *t, *e, *w;
        size_t k;
};

struct carm {
        const double *t, *e, *w;
        size_t k;
};

static struct carm view(const struct arm *a)
{
        return (struct carm){ a->t, a->e, a->w, a->k };
}

static void arm_free(struct arm *a)
{
        free(a->t);
        free(a->e);
        free(a->w);
}

/* rep(t, w), rep(e, w) */
static struct arm expand(const double *t, const double *e, const double *w,
                         size_t k)
{
        struct arm a = { NULL, NULL, NULL, 0 };
        size_t n = 0;

        for (size_t i = 0; i < k; i++)
                n += w ? (size_t)w[i] : 1;
        a.t = malloc((n ? n : 1) * sizeof *a.t);
        a.e = malloc((n ? n : 1) * sizeof *a.e);
        assert_non_null(a.t);
        assert_non_null(a.e);
        for (size_t i = 0; i < k; i++)
                for (size_t j = 0; j < (w ? (size_t)w[i] : 1); j++) {
                        a.t[a.k] = t[i];
                        a.e[a.k++] = e[i];
                }
        return a;
}

/* Collapse identical (t, e) rows into weighted ones, in reverse order of
 * first appearance, with a zero-weight row of garbage in front. */
static struct arm aggregate(const double *t, const double *e, size_t k)
{
        struct arm a;

        a.t = malloc((k + 1) * sizeof *a.t);
        a.e = malloc((k + 1) * sizeof *a.e);
        a.w = malloc((k + 1) * sizeof *a.w);
        assert_true(a.t && a.e && a.w);
        a.t[0] = NAN;
        a.e[0] = 7;
        a.w[0] = 0;
        a.k = 1;
        for (size_t i = k; i-- > 0;) {
                size_t j;

                for (j = 1; j < a.k; j++)
                        if (!(a.t[j] < t[i] || a.t[j] > t[i]) &&
                            !(a.e[j] < e[i] || a.e[j] > e[i]))
                                break;
                if (j == a.k) {
                        a.t[j] = t[i];
                        a.e[j] = e[i];
                        a.w[j] = 0;
                        a.k++;
                }
                a.w[j] += 1;
        }
        return a;
}

static void same_km(const struct fk_km *x, const struct fk_km *y)
{
        assert_int_equal(x->nsteps, y->nsteps);
        fk_assert_rel(x->n, y->n, 0);
        fk_assert_rel(x->events, y->events, 0);
        fk_assert_rel(x->censored, y->censored, 0);
        for (size_t i = 0; i < x->nsteps; i++) {
                const struct fk_km_step *a = &x->steps[i], *b = &y->steps[i];

                fk_assert_rel(a->time, b->time, 0);
                fk_assert_rel(a->n_risk, b->n_risk, 0);
                fk_assert_rel(a->n_event, b->n_event, 0);
                fk_assert_rel(a->n_censor, b->n_censor, 0);
                fk_assert_rel(a->surv, b->surv, 0);
                fk_assert_rel(a->se, b->se, 0);
                fk_assert_rel(a->lo, b->lo, 0);
                fk_assert_rel(a->hi, b->hi, 0);
        }
        fk_assert_rel(x->median, y->median, 0);
        fk_assert_rel(x->median_ci[0], y->median_ci[0], 0);
        fk_assert_rel(x->median_ci[1], y->median_ci[1], 0);
}

/* Weighted (a) and unweighted (b) versions of the same two arms. */
static void same_everything(const struct carm a[2], const struct carm b[2],
                            double conf)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_logrank la, lb;

        for (int arm = 0; arm < 2; arm++)
                for (int ci = 0; ci < 3; ci++) {
                        struct fk_km x, y;

                        assert_int_equal(fk_km_fit(a[arm].t, a[arm].e,
                                a[arm].w, a[arm].k, conf, CIS[ci], &x,
                                &err), FK_OK);
                        assert_int_equal(fk_km_fit(b[arm].t, b[arm].e,
                                b[arm].w, b[arm].k, conf, CIS[ci], &y,
                                &err), FK_OK);
                        same_km(&x, &y);
                        fk_km_release(&x);
                        fk_km_release(&y);
                }
        assert_int_equal(fk_logrank(a[0].t, a[0].e, a[0].w, a[0].k, a[1].t,
                                    a[1].e, a[1].w, a[1].k, &la, &err), FK_OK);
        assert_int_equal(fk_logrank(b[0].t, b[0].e, b[0].w, b[0].k, b[1].t,
                                    b[1].e, b[1].w, b[1].k, &lb, &err), FK_OK);
        fk_assert_rel(la.statistic, lb.statistic, 0);
        fk_assert_rel(la.p_value, lb.p_value, 0);
        for (int g = 0; g < 2; g++) {
                fk_assert_rel(la.observed[g], lb.observed[g], 0);
                fk_assert_rel(la.expected[g], lb.expected[g], 0);
        }
        for (int t = 0; t < 2; t++) {
                enum fk_ties ties = t ? FK_TIES_BRESLOW : FK_TIES_EFRON;
                struct fk_cox ca, cb;

                assert_int_equal(fk_cox(a[0].t, a[0].e, a[0].w, a[0].k,
                                        a[1].t, a[1].e, a[1].w, a[1].k, ties,
                                        conf, &ca, &err), FK_OK);
                assert_int_equal(fk_cox(b[0].t, b[0].e, b[0].w, b[0].k,
                                        b[1].t, b[1].e, b[1].w, b[1].k, ties,
                                        conf, &cb, &err), FK_OK);
                assert_int_equal(ca.converged, cb.converged);
                fk_assert_rel(ca.beta, cb.beta, 1e-12);
                fk_assert_rel(ca.se, cb.se, 1e-12);
                fk_assert_rel(ca.z, cb.z, 1e-12);
                fk_assert_rel(ca.p_value, cb.p_value, 1e-12);
                fk_assert_rel(ca.hr, cb.hr, 1e-12);
                fk_assert_rel(ca.ci[0], cb.ci[0], 1e-12);
                fk_assert_rel(ca.ci[1], cb.ci[1], 1e-12);
        }
}

static void test_weights_equal_expanded(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct sv_case *c = &sv_cases[i];
                struct carm given[2], made[2];
                struct arm other[2];

                NOTE("%s\n", c->name);
                for (int g = 0; g < 2; g++) {
                        given[g] = (struct carm){ c->t[g], c->e[g], c->w[g],
                                                  (size_t)c->k[g] };
                        other[g] = c->w[0] || c->w[1] ?
                                expand(c->t[g], c->e[g], c->w[g], given[g].k) :
                                aggregate(c->t[g], c->e[g], given[g].k);
                        made[g] = view(&other[g]);
                }
                /* weighted first */
                if (c->w[0] || c->w[1])
                        same_everything(given, made, c->conf);
                else
                        same_everything(made, given, c->conf);
                arm_free(&other[0]);
                arm_free(&other[1]);
        }
}

/* ---- hand-checked and edge cases ---------------------------------------- */

static void test_median_rule(void **state)
{
        static const double t4[] = { 1, 2, 3, 4 }, e4[] = { 1, 1, 1, 1 },
                            ec[] = { 1, 1, 0, 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_km km;
        double s, lo, hi;

        (void)state;
        /* S = 0.5 on [2, 3): median the midpoint 2.5 (R: 2.5) */
        assert_int_equal(fk_km_fit(t4, e4, NULL, 4, 0.95, FK_KM_LOGLOG, &km,
                                   &err), FK_OK);
        fk_assert_rel(km.median, 2.5, 0);
        fk_assert_rel(km.median_ci[0], 1, 0);
        assert_true(isnan(km.median_ci[1]));
        fk_km_at(&km, 2, &s, &lo, &hi);     /* right-continuous */
        fk_assert_rel(s, 0.5, 1e-15);
        fk_km_at(&km, 1.999, &s, &lo, &hi);
        fk_assert_rel(s, 0.75, 1e-15);
        fk_km_at(&km, -1, &s, &lo, &hi);
        fk_assert_rel(s, 1, 0);
        fk_assert_rel(lo, 1, 0);
        fk_assert_rel(hi, 1, 0);
        fk_km_at(&km, 4, &s, &lo, &hi);     /* S = 0: R's NA interval */
        fk_assert_rel(s, 0, 0);
        assert_true(isnan(lo) && isnan(hi));
        fk_km_release(&km);
        /* S = 0.5 from 2 to the end of follow-up at 4: quantile.survfit
         * gives (2 + 4)/2 = 3 (print.survfit would say 2) */
        assert_int_equal(fk_km_fit(t4, ec, NULL, 4, 0.95, FK_KM_LOG, &km,
                                   &err), FK_OK);
        fk_assert_rel(km.median, 3, 0);
        fk_km_release(&km);
}

static void test_no_events(void **state)
{
        static const double t[] = { 3, 5, 8 }, e[] = { 0, 0, 0 },
                            t2[] = { 1, 2 }, e2[] = { 1, 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_km km;
        struct fk_cox cx;
        struct fk_logrank lr;

        (void)state;
        assert_int_equal(fk_km_fit(t, e, NULL, 3, 0.95, FK_KM_LOGLOG, &km,
                                   &err), FK_OK);
        assert_true(isnan(km.median) && isnan(km.median_ci[0]) &&
                    isnan(km.median_ci[1]));
        fk_assert_rel(km.events, 0, 0);
        fk_assert_rel(km.censored, 3, 0);
        fk_km_release(&km);
        assert_int_equal(fk_cox(t, e, NULL, 3, t, e, NULL, 3, FK_TIES_EFRON,
                                0.95, &cx, &err), FK_OK);
        assert_int_equal(cx.converged, 0);
        assert_true(isnan(cx.hr) && isnan(cx.beta));
        assert_int_equal(fk_cox(t, e, NULL, 3, t2, e2, NULL, 2, FK_TIES_EFRON,
                                0.95, &cx, &err), FK_OK);
        assert_int_equal(cx.converged, 0);
        assert_true(isnan(cx.hr) && isinf(cx.beta) && cx.beta < 0);
        assert_int_equal(fk_logrank(t, e, NULL, 3, t, e, NULL, 3, &lr, &err),
                         FK_OK);
        fk_assert_rel(lr.statistic, 0, 0);      /* R: chisq 0, p NA */
        assert_true(isnan(lr.p_value));
}

static void test_inputs_const(void **state)
{
        const struct sv_case *c = &sv_cases[0];
        struct fk_error err = FK_ERROR_INIT;
        double t[2][64], e[2][64];
        struct fk_km km;
        struct fk_cox cx;
        struct fk_logrank lr;

        (void)state;
        assert_true(c->k[0] <= 64 && c->k[1] <= 64);
        for (int g = 0; g < 2; g++) {
                memcpy(t[g], c->t[g], (size_t)c->k[g] * sizeof(double));
                memcpy(e[g], c->e[g], (size_t)c->k[g] * sizeof(double));
        }
        assert_int_equal(fk_km_fit(t[0], e[0], NULL, (size_t)c->k[0], 0.95,
                                   FK_KM_LOGLOG, &km, &err), FK_OK);
        fk_km_release(&km);
        assert_int_equal(fk_logrank(t[0], e[0], NULL, (size_t)c->k[0], t[1],
                                    e[1], NULL, (size_t)c->k[1], &lr, &err),
                         FK_OK);
        assert_int_equal(fk_cox(t[0], e[0], NULL, (size_t)c->k[0], t[1], e[1],
                                NULL, (size_t)c->k[1], FK_TIES_EFRON, 0.95,
                                &cx, &err), FK_OK);
        for (int g = 0; g < 2; g++) {
                assert_memory_equal(t[g], c->t[g],
                                    (size_t)c->k[g] * sizeof(double));
                assert_memory_equal(e[g], c->e[g],
                                    (size_t)c->k[g] * sizeof(double));
        }
}

static void test_errors(void **state)
{
        static const double t[] = { 1, 2, 3 }, e[] = { 1, 0, 1 };
        double bad[3];
        struct fk_error err = FK_ERROR_INIT;
        struct fk_km km;
        struct fk_cox cx;
        struct fk_logrank lr;
        static const double badw[][3] = { { 1, -1, 1 }, { 1, 1.5, 1 },
                                          { 1, NAN, 1 }, { 1, INFINITY, 1 } };

        (void)state;
        assert_int_equal(fk_km_fit(t, e, NULL, 0, 0.95, FK_KM_LOG, &km, &err),
                         FK_EDOMAIN);
        assert_int_equal(fk_km_fit(t, e, (const double[]){ 0, 0, 0 }, 3, 0.95,
                                   FK_KM_LOG, &km, &err), FK_EDOMAIN);
        assert_int_equal(fk_km_fit(t, e, NULL, 3, 1.0, FK_KM_LOG, &km, &err),
                         FK_EDOMAIN);
        assert_int_equal(fk_km_fit(t, e, NULL, 3, 0.95, (enum fk_km_ci)7, &km,
                                   &err), FK_EDOMAIN);
        for (int i = 0; i < 4; i++) {
                static const double v[] = { -1, NAN, INFINITY, -INFINITY };

                memcpy(bad, t, sizeof bad);
                bad[1] = v[i];
                assert_int_equal(fk_km_fit(bad, e, NULL, 3, 0.95, FK_KM_LOG,
                                           &km, &err), FK_EDATA);
                assert_non_null(strstr(err.msg, "row 2"));
        }
        memcpy(bad, e, sizeof bad);
        bad[2] = 2;
        assert_int_equal(fk_km_fit(t, bad, NULL, 3, 0.95, FK_KM_LOG, &km,
                                   &err), FK_EDATA);
        bad[2] = NAN;
        assert_int_equal(fk_km_fit(t, bad, NULL, 3, 0.95, FK_KM_LOG, &km,
                                   &err), FK_EDATA);
        for (int i = 0; i < 4; i++)
                assert_int_equal(fk_km_fit(t, e, badw[i], 3, 0.95, FK_KM_LOG,
                                           &km, &err), FK_EDATA);
        /* a zero-weight row is ignored whatever it holds */
        bad[0] = NAN;
        bad[1] = -5;
        bad[2] = 1;
        assert_int_equal(fk_km_fit(bad, (const double[]){ 9, 1, 1 },
                                   (const double[]){ 0, 0, 2 }, 3, 0.95,
                                   FK_KM_LOG, &km, &err), FK_OK);
        assert_int_equal(km.nsteps, 1);
        fk_assert_rel(km.n, 2, 0);
        fk_km_release(&km);
        assert_int_equal(fk_logrank(t, e, NULL, 3, t, e, NULL, 0, &lr, &err),
                         FK_EDOMAIN);
        assert_int_equal(fk_cox(t, e, NULL, 0, t, e, NULL, 3, FK_TIES_EFRON,
                                0.95, &cx, &err), FK_EDOMAIN);
        assert_int_equal(fk_cox(t, e, NULL, 3, t, e, NULL, 3, FK_TIES_EFRON,
                                0, &cx, &err), FK_EDOMAIN);
        assert_int_equal(fk_cox(t, e, NULL, 3, t, e, NULL, 3,
                                (enum fk_ties)5, 0.95, &cx, &err), FK_EDOMAIN);
        assert_int_equal(fk_cox(t, e, NULL, 3, t, bad, NULL, 3, FK_TIES_EFRON,
                                0.95, &cx, &err), FK_EDATA);
}

static void test_ci_names(void **state)
{
        (void)state;
        for (int i = 0; i < 3; i++)
                assert_int_equal(fk_km_ci_parse(fk_km_ci_name(CIS[i])),
                                 CIS[i]);
        assert_int_equal(fk_km_ci_parse("loglog"), -1);
        assert_int_equal(fk_km_ci_parse(NULL), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_km_r),
                cmocka_unit_test(test_logrank_r),
                cmocka_unit_test(test_cox_r),
                cmocka_unit_test(test_weights_equal_expanded),
                cmocka_unit_test(test_median_rule),
                cmocka_unit_test(test_no_events),
                cmocka_unit_test(test_inputs_const),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_ci_names),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
