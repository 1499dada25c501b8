/* Unit tests of stats/means.c and stats/poisson.c against R 4.2.2
 * (tests/reference/means.R writes tests/reference/means_r.inc; each row there
 * cites the R call that produced it).
 *
 * Tolerances: 1e-10 relative throughout (the worst case seen is 1.6e-11,
 * most agree to 1e-13 or better), on the scale of the quantity where it
 * can be near 0 (an interval end or mean difference is compared on the
 * scale of its standard error, Hedges' g on its interval half-width),
 * widened only where R itself is less precise: p-values below 1e-290 are
 * compared absolutely (R returns subnormal noise such as 7.4e-323 where
 * the exact value underflows), and poisson.test's pp/(1 - pp) loses
 * eps/(1 - pp) relative when the binomial end pp is near 1, which we
 * avoid by solving on the log-odds scale. */
#include "fk_test.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fkstat/means.h"
#include "fkstat/numeric.h"
#include "fkstat/poisson.h"

struct ref_sample {
        const char *name;
        const double *x, *w;
        size_t k;
};

struct summary_case {
        int s;
        double conf;
        double v[10];   /* n, mean, sd, lo, hi, median, q1, q3, min, max */
};

struct welch_case {
        int a, b;
        double conf;
        double v[7];    /* estimate, lo, hi, t, df, se, p */
};

struct onesided_case {
        int a, b;
        double delta0;
        int alt;
        double p;
};

struct hedges_case {
        int a, b;
        double conf;
        double v[3];    /* g, lo, hi */
};

struct poisson_case {
        double in[5];   /* c1, t1, c2, t2, conf */
        double v[6];    /* estimate, lo, hi, p, binomial p_L, p_U */
};

#include "reference/means_r.inc"

#define NSAMPLES (sizeof samples / sizeof *samples)
#define TOL 1e-10

/* |got - want| <= tol * max(|want|, scale); NaN equals NaN. */
static void assert_scaled(double got, double want, double tol, double scale,
                          const char *what, const char *ctx)
{
        if (isnan(want) || isinf(want)) {
                if (!fk_close_rel(got, want, 0))
                        fail_msg("%s %s = %.17g, want %.17g", ctx, what, got,
                                 want);
                return;
        }
        if (!(fabs(got - want) <= tol * fmax(fabs(want), scale)))
                fail_msg("%s %s = %.17g, want %.17g (tol %g, scale %g)", ctx,
                         what, got, want, tol, scale);
}

/* ---- against R ------------------------------------------------------ */

static void test_summary_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof summary_cases / sizeof *summary_cases; i++) {
                const struct summary_case *c = &summary_cases[i];
                const struct ref_sample *r = &samples[c->s];
                struct fk_sample_summary s;
                struct fk_error err = FK_ERROR_INIT;
                double half;

                assert_int_equal(fk_sample_summary(r->x, r->w, r->k, c->conf,
                                                   &s, &err), FK_OK);
                fk_assert_rel(s.n, c->v[0], 0);
                fk_assert_rel(s.mean, c->v[1], 1e-14);
                fk_assert_rel(s.sd, c->v[2], TOL);
                half = (c->v[4] - c->v[3]) / 2.0;
                assert_scaled(s.ci[0], c->v[3], TOL, half, "ci lo", r->name);
                assert_scaled(s.ci[1], c->v[4], TOL, half, "ci hi", r->name);
                fk_assert_rel(s.median, c->v[5], 1e-15);
                fk_assert_rel(s.q1, c->v[6], 1e-15);
                fk_assert_rel(s.q3, c->v[7], 1e-15);
                fk_assert_rel(s.min, c->v[8], 0);
                fk_assert_rel(s.max, c->v[9], 0);
        }
}

static void test_welch_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof welch_cases / sizeof *welch_cases; i++) {
                const struct welch_case *c = &welch_cases[i];
                const struct ref_sample *a = &samples[c->a], *b = &samples[c->b];
                struct fk_welch w;
                struct fk_error err = FK_ERROR_INIT;
                char ctx[64];
                double se = c->v[5];

                snprintf(ctx, sizeof ctx, "welch %s vs %s", a->name, b->name);
                assert_int_equal(fk_welch_t(a->x, a->w, a->k, b->x, b->w, b->k,
                                            c->conf, &w, &err), FK_OK);
                assert_scaled(w.estimate, c->v[0], TOL, se, "estimate", ctx);
                assert_scaled(w.ci[0], c->v[1], TOL, se, "ci lo", ctx);
                assert_scaled(w.ci[1], c->v[2], TOL, se, "ci hi", ctx);
                assert_scaled(w.statistic, c->v[3], TOL, 1.0, "t", ctx);
                assert_scaled(w.df, c->v[4], TOL, 0.0, "df", ctx);
                assert_scaled(w.se, se, TOL, 0.0, "se", ctx);
                assert_scaled(w.p_value, c->v[6], TOL, 1e-290, "p", ctx);
        }
}

static void test_welch_one_sided_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof onesided_cases / sizeof *onesided_cases; i++) {
                const struct onesided_case *c = &onesided_cases[i];
                const struct ref_sample *a = &samples[c->a], *b = &samples[c->b];
                struct fk_error err = FK_ERROR_INIT;
                char ctx[96];
                double p;

                snprintf(ctx, sizeof ctx, "one-sided %s vs %s, mu %g, alt %d",
                         a->name, b->name, c->delta0, c->alt);
                assert_int_equal(fk_welch_t_test(a->x, a->w, a->k, b->x, b->w,
                                                 b->k, c->delta0, c->alt, &p,
                                                 &err), FK_OK);
                assert_scaled(p, c->p, TOL, 1e-290, "p", ctx);
        }
}

static void test_hedges_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof hedges_cases / sizeof *hedges_cases; i++) {
                const struct hedges_case *c = &hedges_cases[i];
                const struct ref_sample *a = &samples[c->a], *b = &samples[c->b];
                struct fk_error err = FK_ERROR_INIT;
                double g, ci[2], half = (c->v[2] - c->v[1]) / 2.0;
                char ctx[64];

                snprintf(ctx, sizeof ctx, "hedges %s vs %s", a->name, b->name);
                assert_int_equal(fk_hedges_g(a->x, a->w, a->k, b->x, b->w, b->k,
                                             c->conf, &g, ci, &err), FK_OK);
                assert_scaled(g, c->v[0], TOL, half, "g", ctx);
                assert_scaled(ci[0], c->v[1], TOL, half, "ci lo", ctx);
                assert_scaled(ci[1], c->v[2], TOL, half, "ci hi", ctx);
        }
}

static void test_poisson_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof poisson_cases / sizeof *poisson_cases; i++) {
                const struct poisson_case *c = &poisson_cases[i];
                struct fk_rate r;
                struct fk_error err = FK_ERROR_INIT;
                char ctx[128];
                /* R's pp/(1 - pp) loses eps/(1 - pp) relative */
                double tlo = fmax(TOL, 8.0 * DBL_EPSILON / (1.0 - c->v[4])),
                       thi = fmax(TOL, 8.0 * DBL_EPSILON / (1.0 - c->v[5]));

                snprintf(ctx, sizeof ctx, "poisson.test(c(%g, %g), c(%g, %g), "
                         "conf.level = %g)", c->in[0], c->in[2], c->in[1],
                         c->in[3], c->in[4]);
                assert_int_equal(fk_poisson_exact(c->in[0], c->in[1], c->in[2],
                                                  c->in[3], c->in[4], &r, &err),
                                 FK_OK);
                assert_scaled(r.estimate, c->v[0], 1e-15, 0.0, "estimate", ctx);
                assert_scaled(r.ci[0], c->v[1], tlo, 0.0, "ci lo", ctx);
                assert_scaled(r.ci[1], c->v[2], thi, 0.0, "ci hi", ctx);
                /* below 1e-290 both R and we return subnormal noise */
                assert_scaled(r.p_value, c->v[3], TOL, 1e-290, "p", ctx);
        }
}

/* ---- frequency weights equal the expanded sample ------------------- */

static double *expand(const struct ref_sample *r, size_t *n)
{
        size_t m = 0, j = 0;
        double *v;

        for (size_t i = 0; i < r->k; i++)
                m += r->w ? (size_t)r->w[i] : 1;
        v = malloc((m ? m : 1) * sizeof *v);
        assert_non_null(v);
        for (size_t i = 0; i < r->k; i++)
                for (size_t c = 0; c < (r->w ? (size_t)r->w[i] : 1); c++)
                        v[j++] = r->x[i];
        *n = m;
        return v;
}

static double total(const struct ref_sample *r)
{
        double t = 0;

        for (size_t i = 0; i < r->k; i++)
                t += r->w ? r->w[i] : 1.0;
        return t;
}

/* Weighted and expanded results agree to the bit: the sums are exact
 * (include/fkstat/moments.h), so neither the grouping of equal values nor
 * their order changes them, under valgrind too. */
#define WTOL 0

static void test_weights_equal_expanded(void **state)
{
        (void)state;
        for (size_t i = 0; i < NSAMPLES; i++) {
                const struct ref_sample *a = &samples[i],
                                        *b = &samples[(i + 5) % NSAMPLES];
                struct fk_sample_summary sw, se;
                struct fk_welch ww, we;
                double *ea, *eb, gw, ge, ciw[2], cie[2], pw, pe;
                size_t na, nb;

                if (!a->w || total(a) > 2e5 || total(b) > 2e5)
                        continue;
                ea = expand(a, &na);
                eb = expand(b, &nb);
                assert_int_equal(fk_sample_summary(a->x, a->w, a->k, 0.9, &sw,
                                                   NULL), FK_OK);
                assert_int_equal(fk_sample_summary(ea, NULL, na, 0.9, &se,
                                                   NULL), FK_OK);
                fk_assert_rel(sw.n, se.n, 0);
                fk_assert_rel(sw.mean, se.mean, WTOL);
                fk_assert_rel(sw.sd, se.sd, WTOL);
                fk_assert_rel(sw.ci[0], se.ci[0], WTOL);
                fk_assert_rel(sw.ci[1], se.ci[1], WTOL);
                fk_assert_rel(sw.q1, se.q1, 0);
                fk_assert_rel(sw.median, se.median, 0);
                fk_assert_rel(sw.q3, se.q3, 0);
                {
                        /* the expanded sample sorted, read in place */
                        struct fk_sample_summary ss;

                        fk_sort_values(ea, na);
                        assert_int_equal(fk_sample_summary_sorted(ea, na, 0.9,
                                                                  &ss, NULL),
                                         FK_OK);
                        fk_assert_rel(ss.n, se.n, 0);
                        fk_assert_rel(ss.mean, se.mean, 0);
                        fk_assert_rel(ss.sd, se.sd, 0);
                        fk_assert_rel(ss.ci[0], se.ci[0], 0);
                        fk_assert_rel(ss.ci[1], se.ci[1], 0);
                        fk_assert_rel(ss.q1, se.q1, 0);
                        fk_assert_rel(ss.median, se.median, 0);
                        fk_assert_rel(ss.q3, se.q3, 0);
                        fk_assert_rel(ss.min, se.min, 0);
                        fk_assert_rel(ss.max, se.max, 0);
                }

                assert_int_equal(fk_welch_t(a->x, a->w, a->k, b->x, b->w, b->k,
                                            0.95, &ww, NULL), FK_OK);
                assert_int_equal(fk_welch_t(ea, NULL, na, eb, NULL, nb, 0.95,
                                            &we, NULL), FK_OK);
                fk_assert_rel(ww.statistic, we.statistic, WTOL);
                fk_assert_rel(ww.df, we.df, WTOL);
                fk_assert_rel(ww.p_value, we.p_value, WTOL);
                fk_assert_rel(ww.ci[0], we.ci[0], WTOL);
                fk_assert_rel(ww.ci[1], we.ci[1], WTOL);
                assert_int_equal(fk_welch_t_test(a->x, a->w, a->k, b->x, b->w,
                                                 b->k, 0.1, 1, &pw, NULL), FK_OK);
                assert_int_equal(fk_welch_t_test(ea, NULL, na, eb, NULL, nb,
                                                 0.1, 1, &pe, NULL), FK_OK);
                fk_assert_rel(pw, pe, WTOL);
                assert_int_equal(fk_hedges_g(a->x, a->w, a->k, b->x, b->w, b->k,
                                             0.95, &gw, ciw, NULL), FK_OK);
                assert_int_equal(fk_hedges_g(ea, NULL, na, eb, NULL, nb, 0.95,
                                             &ge, cie, NULL), FK_OK);
                fk_assert_rel(gw, ge, WTOL);
                fk_assert_rel(ciw[0], cie[0], WTOL);
                fk_assert_rel(ciw[1], cie[1], WTOL);
                free(ea);
                free(eb);
        }
}

/* Zero weights drop their value, whatever it is (even NaN); unit weights
 * equal w == NULL. */
static void test_zero_and_unit_weights(void **state)
{
        const double x[] = { 5, NAN, 1, 9, 2 }, w[] = { 1, 0, 1, 1, 1 };
        const double xs[] = { 5, 1, 9, 2 }, ones[] = { 1, 1, 1, 1 };
        struct fk_sample_summary a, b, c;

        (void)state;
        assert_int_equal(fk_sample_summary(x, w, 5, 0.95, &a, NULL), FK_OK);
        assert_int_equal(fk_sample_summary(xs, NULL, 4, 0.95, &b, NULL), FK_OK);
        assert_int_equal(fk_sample_summary(xs, ones, 4, 0.95, &c, NULL), FK_OK);
        assert_memory_equal(&a, &b, sizeof a);
        assert_memory_equal(&b, &c, sizeof b);
        fk_assert_rel(a.median, 3.5, 0);
        fk_assert_rel(a.q1, 1.75, 0);
}

/* ---- degenerate samples -------------------------------------------- */

static void test_degenerate(void **state)
{
        const double one[] = { 4 }, two[] = { 3, 7 }, c1[] = { 2, 2, 2 },
                     c2[] = { 5, 5 }, big[] = { 1e300, 1e300 };
        struct fk_welch w;
        struct fk_sample_summary s;
        double g, ci[2], p;

        (void)state;
        /* n = 1: no sd, no interval */
        assert_int_equal(fk_sample_summary(one, NULL, 1, 0.95, &s, NULL), FK_OK);
        assert_true(isnan(s.sd) && isnan(s.ci[0]) && isnan(s.ci[1]));
        fk_assert_rel(s.q3, 4, 0);
        /* constant: zero-width interval at the mean (R's t.test refuses) */
        assert_int_equal(fk_sample_summary(c1, NULL, 3, 0.95, &s, NULL), FK_OK);
        fk_assert_rel(s.sd, 0, 0);
        fk_assert_rel(s.ci[0], 2, 0);
        fk_assert_rel(s.ci[1], 2, 0);
        /* an arm with n = 1: only the estimate */
        assert_int_equal(fk_welch_t(one, NULL, 1, two, NULL, 2, 0.95, &w, NULL),
                         FK_OK);
        fk_assert_rel(w.estimate, -1, 0);
        assert_true(isnan(w.statistic) && isnan(w.df) && isnan(w.p_value) &&
                    isnan(w.ci[0]) && isnan(w.ci[1]) && isnan(w.se));
        /* both constant: R "data are essentially constant" */
        assert_int_equal(fk_welch_t(c1, NULL, 3, c2, NULL, 2, 0.95, &w, NULL),
                         FK_OK);
        fk_assert_rel(w.estimate, -3, 0);
        assert_true(isnan(w.statistic) && isnan(w.p_value) && isnan(w.ci[0]));
        assert_int_equal(fk_welch_t(c1, NULL, 3, c1, NULL, 3, 0.95, &w, NULL),
                         FK_OK);
        assert_true(isnan(w.p_value));
        assert_int_equal(fk_welch_t_test(c1, NULL, 3, c2, NULL, 2, 0.5, 1, &p,
                                         NULL), FK_OK);
        assert_true(isnan(p));
        assert_int_equal(fk_welch_t(big, NULL, 2, c2, NULL, 2, 0.95, &w, NULL),
                         FK_OK);
        assert_true(isnan(w.p_value));
        /* Hedges: pooled sd 0, or fewer than 3 observations */
        assert_int_equal(fk_hedges_g(c1, NULL, 3, c2, NULL, 2, 0.95, &g, ci,
                                     NULL), FK_OK);
        assert_true(isnan(g) && isnan(ci[0]) && isnan(ci[1]));
        assert_int_equal(fk_hedges_g(one, NULL, 1, one, NULL, 1, 0.95, &g, ci,
                                     NULL), FK_OK);
        assert_true(isnan(g));
        /* one arm of one: pooled sd from the other (R: var.equal pooling) */
        assert_int_equal(fk_hedges_g(one, NULL, 1, two, NULL, 2, 0.95, &g, ci,
                                     NULL), FK_OK);
        /* sp = sqrt(8 / 1), d = -1 / sqrt(8), J = 1 - 3/3 = 0 */
        fk_assert_rel(g, 0, 0);
}

/* ---- errors and const inputs --------------------------------------- */

static void test_errors(void **state)
{
        const double x[] = { 1, 2, 3 }, wneg[] = { 1, -1, 1 },
                     wfrac[] = { 1, 0.5, 1 }, wzero[] = { 0, 0, 0 },
                     xnan[] = { 1, NAN, 3 }, winf[] = { 1, INFINITY, 1 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sample_summary s;
        struct fk_welch w;
        struct fk_rate r;
        double g, ci[2], p;

        (void)state;
        assert_int_equal(fk_sample_summary(x, NULL, 0, 0.95, &s, &err), FK_EDOMAIN);
        assert_int_equal(err.code, FK_EDOMAIN);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(fk_sample_summary(x, wzero, 3, 0.95, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(x, wneg, 3, 0.95, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(x, wfrac, 3, 0.95, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(x, winf, 3, 0.95, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(xnan, NULL, 3, 0.95, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(x, NULL, 3, 1.0, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_sample_summary(x, NULL, 3, NAN, &s, NULL), FK_EDOMAIN);
        assert_int_equal(fk_welch_t(x, NULL, 3, x, wzero, 3, 0.95, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_welch_t(x, NULL, 0, x, NULL, 3, 0.95, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_welch_t(x, NULL, 3, x, NULL, 3, 0.0, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_welch_t_test(x, NULL, 3, x, NULL, 3, 0, 0, &p, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_welch_t_test(x, NULL, 3, x, NULL, 3, NAN, 1, &p, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_hedges_g(x, NULL, 3, xnan, NULL, 3, 0.95, &g, ci,
                                     NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(-1, 1, 2, 1, 0.95, &r, NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(1.5, 1, 2, 1, 0.95, &r, NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(1, 0, 2, 1, 0.95, &r, NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(1, 1, 2, -1, 0.95, &r, NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(1, 1, 2, 1, 1.5, &r, NULL), FK_EDOMAIN);
        assert_int_equal(fk_poisson_exact(1, 1, INFINITY, 1, 0.95, &r, NULL),
                         FK_EDOMAIN);
}

static void test_inputs_unchanged(void **state)
{
        double x[] = { 9, 1, 5, 5, 3 }, w[] = { 2, 1, 0, 3, 1 };
        double x0[5], w0[5], g, ci[2], p;
        struct fk_sample_summary s;
        struct fk_welch wt;

        (void)state;
        memcpy(x0, x, sizeof x);
        memcpy(w0, w, sizeof w);
        assert_int_equal(fk_sample_summary(x, w, 5, 0.95, &s, NULL), FK_OK);
        assert_int_equal(fk_welch_t(x, w, 5, x, NULL, 5, 0.95, &wt, NULL), FK_OK);
        assert_int_equal(fk_welch_t_test(x, w, 5, x, NULL, 5, 1, -1, &p, NULL),
                         FK_OK);
        assert_int_equal(fk_hedges_g(x, w, 5, x, NULL, 5, 0.95, &g, ci, NULL),
                         FK_OK);
        assert_memory_equal(x, x0, sizeof x);
        assert_memory_equal(w, w0, sizeof w);
        fk_assert_rel(s.min, 1, 0);
        fk_assert_rel(s.max, 9, 0);
}

/* The one-sided p at the margin and the interval never disagree: the
 * lower end of the (1 - 2 alpha) interval is where p = alpha. */
static void test_one_sided_matches_interval(void **state)
{
        const struct ref_sample *a = &samples[4], *b = &samples[5];
        struct fk_welch w;
        double p;

        (void)state;
        assert_int_equal(fk_welch_t(a->x, a->w, a->k, b->x, b->w, b->k, 0.9, &w,
                                    NULL), FK_OK);
        assert_int_equal(fk_welch_t_test(a->x, a->w, a->k, b->x, b->w, b->k,
                                         w.ci[0], 1, &p, NULL), FK_OK);
        fk_assert_rel(p, 0.05, 1e-12);
        assert_int_equal(fk_welch_t_test(a->x, a->w, a->k, b->x, b->w, b->k,
                                         w.ci[1], -1, &p, NULL), FK_OK);
        fk_assert_rel(p, 0.05, 1e-12);
}

/* Data near the end of the double range: the sums of squares overflow,
 * the standard deviations and every scale-free number must not (R's
 * t.test gives t = 0, df = NaN there). */
static void test_huge_values(void **state)
{
        const double x[] = { 1, 3, 2, 2.5 }, y[] = { 2, 5, 4 };
        double X[4], Y[3], g, gs, ci[2], cis[2];
        struct fk_welch w, ws;
        struct fk_sample_summary s, ss;

        (void)state;
        for (int i = 0; i < 4; i++)
                X[i] = x[i] * 1e200;
        for (int i = 0; i < 3; i++)
                Y[i] = y[i] * 1e200;
        assert_int_equal(fk_welch_t(x, NULL, 4, y, NULL, 3, 0.95, &w, NULL),
                         FK_OK);
        assert_int_equal(fk_welch_t(X, NULL, 4, Y, NULL, 3, 0.95, &ws, NULL),
                         FK_OK);
        fk_assert_rel(ws.statistic, w.statistic, 1e-12);
        fk_assert_rel(ws.df, w.df, 1e-12);
        fk_assert_rel(ws.p_value, w.p_value, 1e-12);
        fk_assert_rel(ws.ci[0], w.ci[0] * 1e200, 1e-12);
        assert_int_equal(fk_hedges_g(x, NULL, 4, y, NULL, 3, 0.95, &g, ci,
                                     NULL), FK_OK);
        assert_int_equal(fk_hedges_g(X, NULL, 4, Y, NULL, 3, 0.95, &gs, cis,
                                     NULL), FK_OK);
        fk_assert_rel(gs, g, 1e-12);
        fk_assert_rel(cis[1], ci[1], 1e-12);
        assert_int_equal(fk_sample_summary(x, NULL, 4, 0.95, &s, NULL), FK_OK);
        assert_int_equal(fk_sample_summary(X, NULL, 4, 0.95, &ss, NULL), FK_OK);
        fk_assert_rel(ss.sd, s.sd * 1e200, 1e-12);
        fk_assert_rel(ss.ci[1], s.ci[1] * 1e200, 1e-12);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_huge_values),
                cmocka_unit_test(test_summary_r),
                cmocka_unit_test(test_welch_r),
                cmocka_unit_test(test_welch_one_sided_r),
                cmocka_unit_test(test_hedges_r),
                cmocka_unit_test(test_poisson_r),
                cmocka_unit_test(test_weights_equal_expanded),
                cmocka_unit_test(test_zero_and_unit_weights),
                cmocka_unit_test(test_degenerate),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_inputs_unchanged),
                cmocka_unit_test(test_one_sided_matches_interval),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
