/* Unit tests of stats/coxcluster.c and stats/coxrandom.c against R
 * survival (tests/reference/coxcluster.R writes
 * tests/reference/coxcluster_r.inc; the R calls are listed there, all on
 * the expanded data).
 *
 * Tolerances (relative), the worst seen on x86-64 in brackets: beta,
 * naive and robust se, z, hr and interval 1e-12, p 1e-11 [8.4e-15 over
 * all of them; FK_TEST_VERBOSE=1 prints it], against R's fit polished to
 * full precision; against R's plain coxph(cluster =) 1e-7 for beta and robust
 * se (R stops at a relative change of 1e-9 in the log likelihood).
 * Randomization p and the number of assignments exactly (R enumerates
 * every combn(G, G_trial) assignment and refits).  Frequency-weighted
 * rows equal their expansion to 1e-12. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fkstat/coxcluster.h"

struct cc_case {
        const char *name;
        const double *t, *e, *w;
        const int *arm;
        const size_t *cl;
        int n, G;
        double conf;
        double rob[2][8];       /* efron, breslow: beta, naive se, se, z, p,
                                   hr, lo, hi */
        double r0[2][2];        /* R's defaults: beta, robust se */
        int has_ri;
        double ri[2][2];        /* p, assignments */
};

#include "reference/coxcluster_r.inc"

#define NCASES (sizeof cc_cases / sizeof *cc_cases)

static const enum fk_ties TIES[2] = { FK_TIES_EFRON, FK_TIES_BRESLOW };

static struct fk_coxcluster_data data_of(const struct cc_case *c)
{
        return (struct fk_coxcluster_data){ c->t, c->e, c->w, c->arm, c->cl,
                                            (size_t)c->n, (size_t)c->G };
}

static void check_robust(const struct fk_coxcluster_result *r,
                         const double *want, double tol)
{
        fk_assert_rel(r->beta, want[0], tol);
        fk_assert_rel(r->naive_se, want[1], tol);
        fk_assert_rel(r->se, want[2], tol);
        fk_assert_rel(r->z, want[3], tol);
        fk_assert_rel(r->p_value, want[4], 10 * tol);
        fk_assert_rel(r->hr, want[5], tol);
        fk_assert_rel(r->ci[0], want[6], tol);
        fk_assert_rel(r->ci[1], want[7], tol);
}

static double got_of(const struct fk_coxcluster_result *r, int k)
{
        const double v[8] = { r->beta, r->naive_se, r->se, r->z, r->p_value,
                              r->hr, r->ci[0], r->ci[1] };

        return v[k];
}

static void test_robust_matches_r(void **state)
{
        double worst = 0;

        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct cc_case *c = &cc_cases[i];
                struct fk_coxcluster_data d = data_of(c);

                for (int t = 0; t < 2; t++) {
                        struct fk_error err = FK_ERROR_INIT;
                        struct fk_coxcluster_result r;

                        assert_int_equal(fk_coxcluster_robust(&d, TIES[t],
                                         c->conf, &r, &err), FK_OK);
                        check_robust(&r, c->rob[t], 1e-12);
                        if (!isnan(c->r0[t][0])) {
                                fk_assert_rel(r.beta, c->r0[t][0], 1e-7);
                                fk_assert_rel(r.se, c->r0[t][1], 1e-7);
                        }
                        for (int k = 0; k < 8 && isfinite(c->rob[t][2]); k++)
                                worst = fmax(worst, fabs(
                                             got_of(&r, k) / c->rob[t][k] - 1));
                }
        }
        if (getenv("FK_TEST_VERBOSE"))
                print_message("worst relative error against polished R: %.3g\n",
                              worst);
}

/* Rows of weight w, expanded into w rows of weight 1 (same cluster). */
static void test_freq_equals_expanded(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct cc_case *c = &cc_cases[i];
                struct fk_coxcluster_data d = data_of(c), x;
                size_t m = 0, total = 0;
                double *t, *e;
                int *arm;
                size_t *cl;

                for (int j = 0; j < c->n; j++)
                        total += (size_t)c->w[j];
                t = malloc(total * sizeof *t);
                e = malloc(total * sizeof *e);
                arm = malloc(total * sizeof *arm);
                cl = malloc(total * sizeof *cl);
                assert_non_null(t && e && arm && cl);
                for (int j = 0; j < c->n; j++)
                        for (size_t k = 0; k < (size_t)c->w[j]; k++, m++) {
                                t[m] = c->t[j];
                                e[m] = c->e[j];
                                arm[m] = c->arm[j];
                                cl[m] = c->cl[j];
                        }
                x = (struct fk_coxcluster_data){ t, e, NULL, arm, cl, m, d.G };
                for (int k = 0; k < 2; k++) {
                        struct fk_error err = FK_ERROR_INIT;
                        struct fk_coxcluster_result a, b;

                        assert_int_equal(fk_coxcluster_robust(&d, TIES[k],
                                         c->conf, &a, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_robust(&x, TIES[k],
                                         c->conf, &b, &err), FK_OK);
                        fk_assert_rel(a.beta, b.beta, 1e-12);
                        fk_assert_rel(a.se, b.se, 1e-12);
                        fk_assert_rel(a.naive_se, b.naive_se, 1e-12);
                }
                free(t);
                free(e);
                free(arm);
                free(cl);
        }
}

static void test_randomization_matches_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct cc_case *c = &cc_cases[i];
                struct fk_coxcluster_data d = data_of(c);

                if (!c->has_ri)
                        continue;
                for (int t = 0; t < 2; t++) {
                        struct fk_error err = FK_ERROR_INIT;
                        struct fk_coxcluster_result r;

                        assert_int_equal(fk_coxcluster_randomization(&d,
                                         TIES[t], 9999, 1, &r, &err), FK_OK);
                        assert_int_equal(r.ri_exact, 1);
                        fk_assert_rel(r.ri_assignments, c->ri[t][1], 0);
                        fk_assert_rel(r.ri_p, c->ri[t][0], 1e-15);
                        fk_assert_rel(r.beta, c->rob[t][0], 1e-10);
                }
        }
}

/* Beyond 10^6 assignments: Monte Carlo draws, reproducible by seed. */
static void test_randomization_monte_carlo(void **state)
{
        const struct cc_case *c = NULL;
        struct fk_coxcluster_result a, b, x;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_coxcluster_data d;

        (void)state;
        for (size_t i = 0; i < NCASES; i++)
                if (!strcmp(cc_cases[i].name, "uneven30"))
                        c = &cc_cases[i];
        assert_non_null(c);
        d = data_of(c);
        assert_int_equal(fk_coxcluster_randomization(&d, FK_TIES_EFRON, 999,
                                                     7, &a, &err), FK_OK);
        assert_int_equal(fk_coxcluster_randomization(&d, FK_TIES_EFRON, 999,
                                                     7, &b, &err), FK_OK);
        assert_int_equal(fk_coxcluster_randomization(&d, FK_TIES_EFRON, 999,
                                                     8, &x, &err), FK_OK);
        assert_int_equal(a.ri_exact, 0);
        fk_assert_rel(a.ri_assignments, 999, 0);
        fk_assert_rel(a.ri_p, b.ri_p, 0);
        assert_true(a.ri_p > 0 && a.ri_p < 1);
        /* a different stream, the same p within Monte Carlo error */
        assert_true(fabs(a.ri_p - x.ri_p) < 0.1);
}

static void test_errors(void **state)
{
        static const double t[] = { 1, 2, 3, 4 }, e[] = { 1, 1, 1, 1 };
        static const int arm[] = { 0, 1, 1, 0 }, arm1[] = { 0, 0, 0, 0 };
        static const size_t cl[] = { 0, 1, 1, 0 }, clmix[] = { 0, 0, 1, 1 };
        static const double w[] = { 1, 0.5, 1, 1 };
        struct fk_coxcluster_data d = { t, e, NULL, arm, cl, 4, 2 };
        struct fk_coxcluster_result r;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_coxcluster_robust(&d, FK_TIES_EFRON, 0.95, &r,
                                              &err), FK_OK);
        assert_true(isfinite(r.se));
        assert_int_equal(fk_coxcluster_robust(&d, FK_TIES_EFRON, 1.5, &r,
                                              &err), FK_EDOMAIN);
        d.cl = clmix;
        assert_int_equal(fk_coxcluster_robust(&d, FK_TIES_EFRON, 0.95, &r,
                                              &err), FK_EDATA);
        d.cl = cl;
        d.arm = arm1;
        assert_int_equal(fk_coxcluster_randomization(&d, FK_TIES_EFRON, 10, 1,
                                                     &r, &err), FK_EDATA);
        d.arm = arm;
        d.w = w;
        assert_int_equal(fk_coxcluster_robust(&d, FK_TIES_EFRON, 0.95, &r,
                                              &err), FK_EDATA);
        d.w = NULL;
        d.G = 3;        /* cluster 2 has nobody */
        assert_int_equal(fk_coxcluster_robust(&d, FK_TIES_EFRON, 0.95, &r,
                                              &err), FK_EDATA);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_robust_matches_r),
                cmocka_unit_test(test_freq_equals_expanded),
                cmocka_unit_test(test_randomization_matches_r),
                cmocka_unit_test(test_randomization_monte_carlo),
                cmocka_unit_test(test_errors),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
