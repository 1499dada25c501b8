/* Unit tests of stats/ranks.c: the Wilcoxon rank-sum test and Hodges–Lehmann
 * shift against R's wilcox.test (tests/reference/ranks.R) and the
 * Brunner–Munzel test against scipy.stats.brunnermunzel
 * (tests/reference/ranks.py); each row of the .inc files quotes the call.
 * Also: frequency weights against the expanded sample, brute-force order
 * statistics, domain errors and running time. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "fkstat/numeric.h"
#include "fkstat/ranks.h"

struct rk_case {
        const char *name;
        const double *x1, *w1;
        size_t n1;
        const double *x2, *w2;
        size_t n2;
        double conf;
        double g1[5], g2[5];    /* generator ((a i + b) mod m) / s, i <= n */
};

/* wilcox.test(x, y, conf.int = TRUE, conf.level = conf, correct = TRUE). */
struct r_ref {
        double id, W, p, exact, hl, lo, hi, r_lo, r_hi, monotone;
};

/* scipy.stats.brunnermunzel(control, trial) and METHODS.md's formulas. */
struct py_ref {
        double id, statistic, p_scipy, p, estimate, df, lo, hi;
};

#include "reference/ranks_data.inc"

static const struct r_ref rref[] = {
#include "reference/ranks_r.inc"
};

static const struct py_ref pyref[] = {
#include "reference/ranks_py.inc"
};

#define NCASES (sizeof rk_cases / sizeof *rk_cases)

/* The samples of case i; generated ones in malloc'ed arrays. */
struct sample {
        const double *x1, *w1, *x2, *w2;
        size_t n1, n2;
        double *buf;
};

static double *generate(const double *g)
{
        size_t n = (size_t)g[4];
        double *v = malloc(n * sizeof *v);

        assert_non_null(v);
        for (size_t i = 1; i <= n; i++)
                v[i - 1] = (double)(((long long)g[0] * (long long)i +
                                     (long long)g[1]) % (long long)g[2]) / g[3];
        return v;
}

static struct sample sample_get(size_t i)
{
        const struct rk_case *c = &rk_cases[i];
        struct sample s = { c->x1, c->w1, c->x2, c->w2, c->n1, c->n2, NULL };

        if (!c->x1) {
                double *a = generate(c->g1), *b = generate(c->g2);

                s.n1 = (size_t)c->g1[4];
                s.n2 = (size_t)c->g2[4];
                s.buf = malloc((s.n1 + s.n2) * sizeof *s.buf);
                assert_non_null(s.buf);
                memcpy(s.buf, a, s.n1 * sizeof *a);
                memcpy(s.buf + s.n1, b, s.n2 * sizeof *b);
                free(a);
                free(b);
                s.x1 = s.buf;
                s.x2 = s.buf + s.n1;
        }
        return s;
}

/* R's uniroot(tol = 1e-4) ends: within 2e-4, relative above 1. */
static void assert_uniroot(double got, double want, size_t i)
{
        if (!isfinite(want))
                return;
        if (fabs(got - want) > 2e-4 * fmax(1.0, fabs(want)))
                fail_msg("case %zu (%s): %.17g vs R's uniroot %.17g", i,
                         rk_cases[i].name, got, want);
}

static double worst_p, worst_uniroot;

/* W exactly, p to 1e-12 (R's pnorm against GSL, or the same cwilcox
 * counts summed in another order), the HL median exactly, the interval
 * exactly (see ranks.R for the crossing) and within R's uniroot tolerance
 * of R's own conf.int. */
static void test_wilcoxon_r(void **state)
{
        (void)state;
        for (size_t k = 0; k < sizeof rref / sizeof *rref; k++) {
                const struct r_ref *r = &rref[k];
                size_t i = (size_t)r->id;
                struct sample s = sample_get(i);
                struct fk_wilcoxon w;
                struct fk_error err = FK_ERROR_INIT;

                assert_int_equal(fk_wilcoxon(s.x1, s.w1, s.n1, s.x2, s.w2,
                                             s.n2, rk_cases[i].conf, &w,
                                             &err), FK_OK);
                assert_int_equal(w.exact, (int)r->exact);
                fk_assert_rel(w.W, r->W, 0);
                fk_assert_rel(w.p_value, r->p, 1e-12);
                if (isfinite(r->p) && r->p > 0)
                        worst_p = fmax(worst_p, fabs(w.p_value / r->p - 1));
                fk_assert_rel(w.hl, r->hl, 0);
                fk_assert_rel(w.hl_ci[0], r->lo, 0);
                fk_assert_rel(w.hl_ci[1], r->hi, 0);
                assert_true(r->monotone > 0.5 || r->monotone < -0.5);
                if (!w.exact) {
                        assert_uniroot(w.hl_ci[0], r->r_lo, i);
                        assert_uniroot(w.hl_ci[1], r->r_hi, i);
                        for (int e = 0; e < 2; e++)
                                if (isfinite(r->r_lo))
                                        worst_uniroot = fmax(worst_uniroot,
                                                fabs(w.hl_ci[e] - (e ? r->r_hi : r->r_lo))
                                                / fmax(1.0, fabs(e ? r->r_hi : r->r_lo)));
                }
                free(s.buf);
        }
}

static double worst_bm_p, worst_bm;

/* The statistic and df to 1e-10 relative (scipy sums ranks, we sum
 * placements), p-hat to 1e-14, the interval to 1e-12 absolute; p to 1e-11
 * relative against t.sf and 1e-14 absolute against scipy's own
 * 2 min(cdf, 1 - cdf).  Where se = 0 scipy's statistic is
 * +-inf or NaN and ranks.h promises NaN. */
static void test_brunner_scipy(void **state)
{
        (void)state;
        for (size_t k = 0; k < sizeof pyref / sizeof *pyref; k++) {
                const struct py_ref *r = &pyref[k];
                size_t i = (size_t)r->id;
                struct sample s = sample_get(i);
                struct fk_brunner_munzel b;

                assert_int_equal(fk_brunner_munzel(s.x1, s.w1, s.n1, s.x2,
                                                   s.w2, s.n2,
                                                   rk_cases[i].conf, &b,
                                                   NULL), FK_OK);
                fk_assert_rel(b.estimate, r->estimate, 1e-14);
                if (isfinite(r->statistic)) {
                        fk_assert_rel(b.statistic, r->statistic, 1e-10);
                        worst_bm = fmax(worst_bm, fabs(b.statistic / r->statistic - 1));
                } else {
                        assert_true(isnan(b.statistic));
                }
                fk_assert_rel(b.df, r->df, 1e-10);
                fk_assert_rel(b.p_value, r->p, 1e-11);
                if (isfinite(r->p)) {
                        assert_true(fabs(b.p_value - r->p_scipy) <= 1e-14);
                        if (r->p > 0)
                                worst_bm_p = fmax(worst_bm_p, fabs(b.p_value / r->p - 1));
                }
                /* p-hat +- t se lives on [0, 1]: absolute, as the ends
                 * can be differences that cancel to near 0. */
                for (int e = 0; e < 2; e++)
                        if (isnan(r->lo) ? !isnan(b.ci[e]) :
                            !(fabs(b.ci[e] - (e ? r->hi : r->lo)) <= 1e-12))
                                fail_msg("case %zu: ci[%d] = %.17g, want %.17g",
                                         i, e, b.ci[e], e ? r->hi : r->lo);
                free(s.buf);
        }
}

/* ---- weights -------------------------------------------------------------- */

static uint64_t rng_state = 88172645463325252u;

static unsigned rnd(unsigned m)
{
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        return (unsigned)(rng_state % m);
}

/* Expand (x, w) into out; returns the count. */
static size_t expand(const double *x, const double *w, size_t n, double *out)
{
        size_t m = 0;

        for (size_t i = 0; i < n; i++)
                for (double r = 0; r < (w ? w[i] : 1); r++)
                        out[m++] = x[i];
        return m;
}

static void assert_same(const double *x1, const double *w1, size_t n1,
                        const double *x2, const double *w2, size_t n2,
                        double conf)
{
        double *e = malloc(4096 * sizeof *e);
        size_t m1, m2;
        struct fk_wilcoxon a, b;
        struct fk_brunner_munzel c, d;
        int rw, rb;

        assert_non_null(e);
        m1 = expand(x1, w1, n1, e);
        m2 = expand(x2, w2, n2, e + m1);
        assert_true(m1 + m2 <= 4096);
        rw = fk_wilcoxon(x1, w1, n1, x2, w2, n2, conf, &a, NULL);
        assert_int_equal(rw, fk_wilcoxon(e, NULL, m1, e + m1, NULL, m2, conf,
                                         &b, NULL));
        if (rw == FK_OK) {
                assert_int_equal(a.exact, b.exact);
                fk_assert_rel(a.W, b.W, 0);
                fk_assert_rel(a.p_value, b.p_value, 0);
                fk_assert_rel(a.hl, b.hl, 0);
                fk_assert_rel(a.hl_ci[0], b.hl_ci[0], 0);
                fk_assert_rel(a.hl_ci[1], b.hl_ci[1], 0);
                /* the expanded arms sorted, read in place */
                fk_sort_values(e, m1);
                fk_sort_values(e + m1, m2);
                assert_int_equal(fk_wilcoxon_sorted(e, m1, e + m1, m2, conf,
                                                    &b, NULL), FK_OK);
                assert_int_equal(a.exact, b.exact);
                fk_assert_rel(a.W, b.W, 0);
                fk_assert_rel(a.p_value, b.p_value, 0);
                fk_assert_rel(a.hl, b.hl, 0);
                fk_assert_rel(a.hl_ci[0], b.hl_ci[0], 0);
                fk_assert_rel(a.hl_ci[1], b.hl_ci[1], 0);
        }
        rb = fk_brunner_munzel(x1, w1, n1, x2, w2, n2, conf, &c, NULL);
        assert_int_equal(rb, fk_brunner_munzel(e, NULL, m1, e + m1, NULL, m2,
                                               conf, &d, NULL));
        if (rb == FK_OK) {
                fk_assert_rel(c.estimate, d.estimate, 0);
                fk_assert_rel(c.statistic, d.statistic, 1e-13);
                fk_assert_rel(c.df, d.df, 1e-13);
                fk_assert_rel(c.p_value, d.p_value, 1e-12);
                fk_assert_rel(c.ci[0], d.ci[0], 1e-13);
                fk_assert_rel(c.ci[1], d.ci[1], 1e-13);
        }
        free(e);
}

/* Weighted input equals the expanded input: every R case with weights, and
 * random samples with repeated values, zero weights and unsorted rows. */
static void test_weights(void **state)
{
        double x1[40], w1[40], x2[40], w2[40];

        (void)state;
        for (size_t i = 0; i < NCASES; i++)
                if (rk_cases[i].w1 && rk_cases[i].n1 < 10 &&
                    rk_cases[i].w1[0] < 100)
                        assert_same(rk_cases[i].x1, rk_cases[i].w1,
                                    rk_cases[i].n1, rk_cases[i].x2,
                                    rk_cases[i].w2, rk_cases[i].n2,
                                    rk_cases[i].conf);
        for (int rep = 0; rep < 300; rep++) {
                size_t n1 = 1 + rnd(40), n2 = 1 + rnd(40);
                unsigned span = 2 + rnd(30), wmax = 1 + rnd(rep % 3 ? 4 : 40);

                for (size_t i = 0; i < n1; i++) {
                        x1[i] = (double)rnd(span) / 4 + rep % 2;
                        w1[i] = rnd(wmax + 1);
                }
                for (size_t j = 0; j < n2; j++) {
                        x2[j] = (double)rnd(span) / 4;
                        w2[j] = rnd(wmax + 1);
                }
                assert_same(x1, w1, n1, x2, w2, n2, rep % 4 ? 0.95 : 0.9);
        }
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

/* The HL median against the sorted list of all differences, for small
 * samples with heavy ties, where the selection has to find its way
 * through runs of equal differences. */
static void test_hl_brute(void **state)
{
        double x1[30], x2[30], d[900];

        (void)state;
        for (int rep = 0; rep < 500; rep++) {
                size_t n1 = 1 + rnd(30), n2 = 1 + rnd(30), m = 0;
                unsigned span = 1 + rnd(rep % 2 ? 5 : 1000);
                struct fk_wilcoxon w;
                double want;

                for (size_t i = 0; i < n1; i++)
                        x1[i] = (double)rnd(span) * 0.1;
                for (size_t j = 0; j < n2; j++)
                        x2[j] = (double)rnd(span) * 0.1 - 0.3;
                for (size_t i = 0; i < n1; i++)
                        for (size_t j = 0; j < n2; j++)
                                d[m++] = x1[i] - x2[j];
                qsort(d, m, sizeof *d, cmp_double);
                want = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
                assert_int_equal(fk_wilcoxon(x1, NULL, n1, x2, NULL, n2, 0.95,
                                             &w, NULL), FK_OK);
                fk_assert_rel(w.hl, want, 0);
                if (!isnan(w.hl_ci[0])) {
                        assert_true(w.hl_ci[0] >= d[0] && w.hl_ci[1] <= d[m - 1]);
                        assert_true(w.hl_ci[0] <= w.hl && w.hl <= w.hl_ci[1]);
                }
        }
}

/* Samples of more pairs than the selection lists at once (its bracket
 * narrows first), with heavy ties, spread values and signed zeros: the HL
 * median is the brute-force one, the interval's ends are differences,
 * and the weighted, expanded and sorted readings agree to the bit. */
static void test_sorted_large(void **state)
{
        (void)state;
        for (int rep = 0; rep < 12; rep++) {
                size_t n1 = 300 + rnd(700), n2 = 300 + rnd(700), m = 0;
                double *x1 = malloc(n1 * sizeof *x1), *x2 = malloc(n2 * sizeof *x2);
                double *d = malloc(n1 * n2 * sizeof *d), want;
                struct fk_wilcoxon a, b;

                assert_true(x1 && x2 && d);
                for (size_t i = 0; i < n1; i++)
                        x1[i] = rep % 3 == 0 ? (double)rnd(5) :
                                rep % 3 == 1 ? (double)rnd(1000000) / 7 :
                                (double)rnd(2000) * 1e-3 - 1;
                for (size_t j = 0; j < n2; j++)
                        x2[j] = rep % 3 == 0 ? (double)rnd(4) :
                                rep % 3 == 1 ? (double)rnd(1000000) / 7 - 1e4 :
                                (double)rnd(2000) * 1e-3 - 1.2;
                if (rep % 4 == 3) {
                        x1[0] = -0.0;
                        x2[0] = 0.0;
                }
                for (size_t i = 0; i < n1; i++)
                        for (size_t j = 0; j < n2; j++)
                                d[m++] = x1[i] - x2[j];
                qsort(d, m, sizeof *d, cmp_double);
                want = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
                assert_int_equal(fk_wilcoxon(x1, NULL, n1, x2, NULL, n2, 0.95,
                                             &a, NULL), FK_OK);
                fk_assert_rel(a.hl, want, 0);
                assert_non_null(bsearch(&a.hl_ci[0], d, m, sizeof *d,
                                        cmp_double));
                assert_non_null(bsearch(&a.hl_ci[1], d, m, sizeof *d,
                                        cmp_double));
                assert_true(a.hl_ci[0] <= a.hl && a.hl <= a.hl_ci[1]);
                fk_sort_values(x1, n1);
                fk_sort_values(x2, n2);
                for (size_t i = 1; i < n1; i++)
                        assert_true(x1[i - 1] <= x1[i]);
                assert_int_equal(fk_wilcoxon_sorted(x1, n1, x2, n2, 0.95, &b,
                                                    NULL), FK_OK);
                fk_assert_rel(a.W, b.W, 0);
                fk_assert_rel(a.p_value, b.p_value, 0);
                fk_assert_rel(a.hl, b.hl, 0);
                fk_assert_rel(a.hl_ci[0], b.hl_ci[0], 0);
                fk_assert_rel(a.hl_ci[1], b.hl_ci[1], 0);
                /* not sorted: refused */
                if (x1[0] < x1[n1 - 1]) {
                        double t = x1[0];

                        x1[0] = x1[n1 - 1];
                        x1[n1 - 1] = t;
                        assert_int_equal(fk_wilcoxon_sorted(x1, n1, x2, n2,
                                                            0.95, &b, NULL),
                                         FK_EDOMAIN);
                }
                free(x1);
                free(x2);
                free(d);
        }
}

/* fk_sort_values against qsort on runs, ties, sorted and reversed input. */
static void test_sort_values(void **state)
{
        (void)state;
        for (int rep = 0; rep < 40; rep++) {
                size_t n = rep < 5 ? (size_t)rep : 1 + rnd(rep % 2 ? 50 : 20000);
                double *a = malloc((n + 1) * sizeof *a);
                double *b = malloc((n + 1) * sizeof *b);

                assert_true(a && b);
                for (size_t i = 0; i < n; i++)
                        a[i] = rep % 5 == 0 ? (double)i :
                               rep % 5 == 1 ? (double)(n - i) :
                               rep % 5 == 2 ? (double)rnd(3) :
                               (double)rnd(1000000) - 5e5;
                memcpy(b, a, n * sizeof *a);
                fk_sort_values(a, n);
                qsort(b, n, sizeof *b, cmp_double);
                for (size_t i = 0; i < n; i++)
                        fk_assert_rel(a[i], b[i], 0);
                free(a);
                free(b);
        }
}

/* ---- errors ---------------------------------------------------------------- */

static void test_edges(void **state)
{
        const double x[] = { 1, 2, 3 }, y[] = { 2, 5 }, zero[] = { 0, 0, 0 };
        const double bad[] = { 1, -1, 2 }, half[] = { 1, 0.5, 1 };
        const double nan_x[] = { 1, NAN, 2 }, one[] = { 0, 1, 0 };
        struct fk_wilcoxon w;
        struct fk_brunner_munzel b;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_wilcoxon(x, NULL, 0, y, NULL, 2, 0.95, &w, &err),
                         FK_EDOMAIN);
        assert_string_equal(err.msg, "trial arm has 0 observations; 1 needed");
        assert_int_equal(fk_wilcoxon(x, NULL, 3, y, NULL, 0, 0.95, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_wilcoxon(x, zero, 3, y, NULL, 2, 0.95, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_wilcoxon(x, bad, 3, y, NULL, 2, 0.95, &w, &err),
                         FK_EDATA);
        assert_string_equal(err.msg, "trial arm: weight 2 (-1) is not a whole number >= 0");
        assert_int_equal(fk_wilcoxon(x, NULL, 3, x, half, 3, 0.95, &w, NULL),
                         FK_EDATA);
        assert_int_equal(fk_wilcoxon(nan_x, NULL, 3, y, NULL, 2, 0.95, &w,
                                     &err), FK_EDATA);
        assert_string_equal(err.msg, "trial arm: value 2 is not finite");
        assert_int_equal(fk_wilcoxon(x, NULL, 3, y, NULL, 2, 1.0, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_wilcoxon(x, NULL, 3, y, NULL, 2, 0.0, &w, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_wilcoxon(x, NULL, 3, y, NULL, 2, NAN, &w, NULL),
                         FK_EDOMAIN);
        /* Weight 0 removes a value, even from the range of differences. */
        assert_int_equal(fk_wilcoxon(x, one, 3, y, NULL, 2, 0.95, &w, NULL),
                         FK_OK);
        fk_assert_rel(w.W, 0.5, 0);
        fk_assert_rel(w.hl, -1.5, 0);

        assert_int_equal(fk_brunner_munzel(x, NULL, 3, y, NULL, 1, 0.95, &b,
                                           &err), FK_EDOMAIN);
        assert_string_equal(err.msg, "control arm has 1 observation; 2 needed");
        assert_int_equal(fk_brunner_munzel(x, one, 3, y, NULL, 2, 0.95, &b,
                                           NULL), FK_EDOMAIN);
        assert_int_equal(fk_brunner_munzel(x, NULL, 3, y, NULL, 2, 1.5, &b,
                                           NULL), FK_EDOMAIN);
        assert_int_equal(fk_brunner_munzel(x, bad, 3, y, NULL, 2, 0.95, &b,
                                           NULL), FK_EDATA);
        /* One arm without spread in its placements: df = n - 1 of the other. */
        {
                const double t[] = { 1, 3, 5 }, c[] = { 2, 2, 2, 2 };

                assert_int_equal(fk_brunner_munzel(t, NULL, 3, c, NULL, 4,
                                                   0.95, &b, NULL), FK_OK);
                fk_assert_rel(b.df, 2, 1e-15);
        }
}

/* ---- running time --------------------------------------------------------- */

static double seconds(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* 10^5 vs 10^5 Likert answers by weights (and 10^7 vs 10^7), 3000 vs 3000
 * continuous values, and 10^5 vs 10^5 distinct values: 10^10 differences,
 * none materialised.  Times are printed, not asserted: speed targets live
 * in bench/. */
static void test_performance(void **state)
{
        static const double lv[] = { 1, 2, 3, 4, 5 };
        static const double wa[] = { 1100000, 1900000, 3000000, 2600000, 1400000 };
        static const double wb[] = { 1400000, 2100000, 3100000, 2200000, 1200000 };
        size_t n = 100000;
        double *a = malloc(2 * n * sizeof *a), t0, dt;
        struct fk_wilcoxon w;
        struct fk_brunner_munzel b;

        (void)state;
        assert_non_null(a);
        for (size_t i = 0; i < NCASES; i++) {
                struct sample s;

                if (!strstr(rk_cases[i].name, "1e5") &&
                    !strstr(rk_cases[i].name, "3000"))
                        continue;
                s = sample_get(i);
                t0 = seconds();
                assert_int_equal(fk_wilcoxon(s.x1, s.w1, s.n1, s.x2, s.w2,
                                             s.n2, 0.95, &w, NULL), FK_OK);
                assert_int_equal(fk_brunner_munzel(s.x1, s.w1, s.n1, s.x2,
                                                   s.w2, s.n2, 0.95, &b,
                                                   NULL), FK_OK);
                dt = seconds() - t0;
                print_message("%s: %.3f s\n", rk_cases[i].name, dt);
                free(s.buf);
        }
        t0 = seconds();
        assert_int_equal(fk_wilcoxon(lv, wa, 5, lv, wb, 5, 0.95, &w, NULL),
                         FK_OK);
        dt = seconds() - t0;
        print_message("Likert 1e7 vs 1e7 by weights: %.3f s\n", dt);
        assert_true(w.hl_ci[0] <= w.hl && w.hl <= w.hl_ci[1]);

        for (size_t i = 0; i < 2 * n; i++)
                a[i] = (double)((7919ULL * i + 17) % 1000003) / 997.0;
        t0 = seconds();
        assert_int_equal(fk_wilcoxon(a, NULL, n, a + n, NULL, n, 0.95, &w,
                                     NULL), FK_OK);
        dt = seconds() - t0;
        print_message("1e5 vs 1e5 distinct values: %.3f s\n", dt);
        assert_true(w.hl_ci[0] < w.hl && w.hl < w.hl_ci[1]);
        free(a);
}

static int report(void **state)
{
        (void)state;
        print_message("worst relative gap: Wilcoxon p vs R %.3g, CI vs R's "
                      "uniroot %.3g; Brunner-Munzel statistic vs scipy %.3g, "
                      "p vs t.sf %.3g\n", worst_p, worst_uniroot, worst_bm,
                      worst_bm_p);
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_wilcoxon_r),
                cmocka_unit_test(test_brunner_scipy),
                cmocka_unit_test(test_weights),
                cmocka_unit_test(test_hl_brute),
                cmocka_unit_test(test_sorted_large),
                cmocka_unit_test(test_sort_values),
                cmocka_unit_test(test_edges),
                cmocka_unit_test(test_performance),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, report);
}
