/* Unit tests of stats/proportions.c and stats/fisher.c against reference
 * values from statsmodels, mpmath and R (tests/reference/proportions.py and
 * proportions.R; each row of the .inc files quotes the call). */
#include "fk_test.h"

#include <gsl/gsl_errno.h>

#include "fkstat/fisher.h"
#include "fkstat/proportions.h"

struct py_ref {
        double x1, n1, x2, n2, conf, delta0, alt;
        double w1lo, w1hi, w2lo, w2hi;          /* Wilson, arm 1 and arm 2 */
        double nclo, nchi, wdlo, wdhi, aclo, achi;
        double mnlo, mnhi;                      /* Miettinen–Nurminen */
        double z, p;                            /* MN score test at delta0 */
        double rr, rrlo, rrhi, or_, orlo, orhi;
};

struct r_ref {
        double id, chisq, chisq_p, yates, yates_p, fisher_p, mle, flo, fhi;
};

/* statsmodels 0.13.5 as shipped: --ci-method miettinen_nurminen_statsmodels. */
struct sm_ref {
        double x1, n1, x2, n2, conf, delta0;
        int alt;
        double lo, hi, z, p;
};

static const struct sm_ref sm[] = {
#include "reference/proportions_sm.inc"
};

/* confint_proportions_2indep(method="score") and test_proportions_2indep(
 * method="score", value=delta0) of statsmodels 0.13.5; brentq's xtol is
 * 2e-12, so the bounds are compared to 1e-10 absolute. */
static void test_mn_statsmodels(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof sm / sizeof *sm; i++) {
                const struct sm_ref *r = &sm[i];
                double est, lo, hi, z, p;

                assert_int_equal(fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2,
                                 r->conf, FK_RD_MN_STATSMODELS, &est, &lo,
                                 &hi, NULL), FK_OK);
                if (fabs(lo - r->lo) > 1e-10 || fabs(hi - r->hi) > 1e-10)
                        fail_msg("case %zu (%g/%g vs %g/%g): [%.15g, %.15g], "
                                 "statsmodels [%.15g, %.15g]", i, r->x1, r->n1,
                                 r->x2, r->n2, lo, hi, r->lo, r->hi);
                assert_int_equal(fk_prop_rd_score_test(r->x1, r->n1, r->x2,
                                 r->n2, r->delta0, r->alt,
                                 FK_RD_MN_STATSMODELS, &z, &p, NULL), FK_OK);
                fk_assert_rel(z, r->z, 1e-9);
                fk_assert_rel(p, r->p, 1e-8);
        }
}

static const struct py_ref py[] = {
#include "reference/proportions_py.inc"
};

static const struct r_ref rr_[] = {
#include "reference/proportions_r.inc"
};

#define NPY (sizeof py / sizeof py[0])

/* Tolerances (relative; want == 0 compares absolutely). */
#define TOL_CLOSED 1e-13        /* Wilson, Newcombe, Wald, Agresti–Caffo */
#define TOL_RATIO  1e-11        /* RR, OR: statsmodels' 1/x - 1/n cancels */
#define TOL_MN     1e-11        /* MN interval vs 40-digit mpmath */
#define TOL_SCORE  1e-12        /* MN score statistic and p */
#define TOL_CHISQ  1e-12        /* chisq.test statistic and p */
#define TOL_FISHP  1e-11        /* fisher.test p */
#define TOL_FISHOR 1e-10        /* conditional MLE and exact CI (uniroot 1e-13) */

/* Worst relative error seen per check, printed at the end. */
static double worst[6];

static void note(int k, double got, double want)
{
        double e;

        if (!isfinite(want) || !isfinite(got) ||
            (fabs(want) < 1e-12 && fabs(got - want) <= 1e-15))
                return;         /* rounding residue of an exact 0 */
        e = fpclassify(want) == FP_ZERO ? fabs(got) : fabs(got / want - 1.0);
        if (e > worst[k])
                worst[k] = e;
}

/* fk_assert_rel, but a value the reference rounds to within 1e-15 of an
 * exact 0 or 1 bound (statsmodels gives 0.9999999999999999 for x = n)
 * passes too. */
#define check(k, got, want, tol) do {                                      \
        double g_ = (got), w_ = (want);                                    \
        note(k, g_, w_);                                                   \
        if (!(isfinite(g_) && isfinite(w_) && fabs(g_ - w_) <= 1e-15))     \
                fk_assert_rel(g_, w_, tol);                                \
} while (0)

static void test_wilson(void **state)
{
        size_t i;

        (void)state;
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double lo, hi;

                assert_int_equal(fk_prop_wilson_ci(r->x1, r->n1, r->conf, &lo,
                                                   &hi, NULL), FK_OK);
                check(0, lo, r->w1lo, TOL_CLOSED);
                check(0, hi, r->w1hi, TOL_CLOSED);
                assert_int_equal(fk_prop_wilson_ci(r->x2, r->n2, r->conf, &lo,
                                                   &hi, NULL), FK_OK);
                check(0, lo, r->w2lo, TOL_CLOSED);
                check(0, hi, r->w2hi, TOL_CLOSED);
        }
}

static void test_rd(void **state)
{
        size_t i;

        (void)state;
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double est, lo, hi;

                assert_int_equal(fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2,
                                 r->conf, FK_RD_NEWCOMBE, &est, &lo, &hi,
                                 NULL), FK_OK);
                fk_assert_rel(est, r->x1 / r->n1 - r->x2 / r->n2, 1e-15);
                check(0, lo, r->nclo, TOL_CLOSED);
                check(0, hi, r->nchi, TOL_CLOSED);
                fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2, r->conf, FK_RD_WALD,
                              &est, &lo, &hi, NULL);
                check(0, lo, r->wdlo, TOL_CLOSED);
                check(0, hi, r->wdhi, TOL_CLOSED);
                fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2, r->conf,
                              FK_RD_AGRESTI_CAFFO, &est, &lo, &hi, NULL);
                check(0, lo, r->aclo, TOL_CLOSED);
                check(0, hi, r->achi, TOL_CLOSED);
                fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2, r->conf,
                              FK_RD_MIETTINEN_NURMINEN, &est, &lo, &hi, NULL);
                check(1, lo, r->mnlo, TOL_MN);
                check(1, hi, r->mnhi, TOL_MN);
        }
}

static void test_score(void **state)
{
        size_t i;

        (void)state;
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double z, p, est, lo, hi;

                assert_int_equal(fk_prop_rd_score_test(r->x1, r->n1, r->x2,
                                 r->n2, r->delta0, (int)r->alt, FK_RD_MIETTINEN_NURMINEN, &z, &p, NULL),
                                 FK_OK);
                check(2, z, r->z, TOL_SCORE);
                check(2, p, r->p, TOL_SCORE);
                /* test and interval agree: two-sided p = alpha at a bound */
                fk_prop_rd_ci(r->x1, r->n1, r->x2, r->n2, r->conf,
                              FK_RD_MIETTINEN_NURMINEN, &est, &lo, &hi, NULL);
                if (lo > -1.0) {
                        fk_prop_rd_score_test(r->x1, r->n1, r->x2, r->n2, lo,
                                              0, FK_RD_MIETTINEN_NURMINEN, &z, &p, NULL);
                        fk_assert_rel(p, 1.0 - r->conf, 1e-6);
                }
        }
}

static void test_rr_or(void **state)
{
        size_t i;

        (void)state;
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double est, lo, hi;

                assert_int_equal(fk_prop_rr_ci(r->x1, r->n1, r->x2, r->n2,
                                 r->conf, &est, &lo, &hi, NULL), FK_OK);
                check(0, est, r->rr, TOL_RATIO);
                check(0, lo, r->rrlo, TOL_RATIO);
                check(0, hi, r->rrhi, TOL_RATIO);
                assert_int_equal(fk_prop_or_ci(r->x1, r->n1, r->x2, r->n2,
                                 r->conf, &est, &lo, &hi, NULL), FK_OK);
                check(0, est, r->or_, TOL_RATIO);
                check(0, lo, r->orlo, TOL_RATIO);
                check(0, hi, r->orhi, TOL_RATIO);
        }
}

static void test_chisq(void **state)
{
        size_t i;

        (void)state;
        assert_int_equal(sizeof rr_ / sizeof rr_[0], NPY);
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double s, p;

                assert_int_equal(fk_prop_chisq(r->x1, r->n1, r->x2, r->n2, 0,
                                               &s, &p, NULL), FK_OK);
                check(3, s, rr_[i].chisq, TOL_CHISQ);
                check(3, p, rr_[i].chisq_p, TOL_CHISQ);
                fk_prop_chisq(r->x1, r->n1, r->x2, r->n2, 1, &s, &p, NULL);
                check(3, s, rr_[i].yates, TOL_CHISQ);
                /* Where Yates' correction cancels |O - E| exactly, R keeps
                 * a rounding residue (~1e-20) in the statistic, and
                 * p = 1 - sqrt(2 X²/pi) + ... magnifies it to ~1e-10. */
                if (rr_[i].yates < 1e-12)
                        assert_true(fabs(p - rr_[i].yates_p) < 1e-6);
                else
                        check(3, p, rr_[i].yates_p, TOL_CHISQ);
        }
}

static void test_fisher(void **state)
{
        size_t i;

        (void)state;
        for (i = 0; i < NPY; i++) {
                const struct py_ref *r = &py[i];
                double p, mle, lo, hi;

                assert_int_equal(fk_fisher_exact(r->x1, r->n1, r->x2, r->n2,
                                 r->conf, &p, &mle, &lo, &hi, NULL), FK_OK);
                check(4, p, rr_[i].fisher_p, TOL_FISHP);
                check(5, mle, rr_[i].mle, TOL_FISHOR);
                check(5, lo, rr_[i].flo, TOL_FISHOR);
                check(5, hi, rr_[i].fhi, TOL_FISHOR);
        }
}

/* Domain errors, NaN promises and exact bounds. */
static void test_edges(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        double a, b, c, d;

        (void)state;
        assert_int_equal(fk_prop_wilson_ci(0, 0, 0.95, &a, &b, &err),
                         FK_EDOMAIN);
        assert_int_equal(err.code, FK_EDOMAIN);
        assert_true(err.msg[0] != '\0');
        assert_int_equal(fk_prop_wilson_ci(3, 2, 0.95, &a, &b, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_wilson_ci(1.5, 2, 0.95, &a, &b, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_wilson_ci(1, 2, 1.0, &a, &b, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_wilson_ci(NAN, 2, 0.9, &a, &b, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_rd_ci(1, 0, 1, 2, 0.95,
                         FK_RD_MIETTINEN_NURMINEN, &a, &b, &c, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_rd_ci(1, 2, 0, 0, 0.95, FK_RD_WALD, &a, &b,
                         &c, NULL), FK_EDOMAIN);
        assert_int_equal(fk_prop_rd_ci(1, 2, 1, 2, 0.95,
                         (enum fk_rd_method)9, &a, &b, &c, NULL), FK_EDOMAIN);
        assert_int_equal(fk_prop_rd_score_test(1, 0, 1, 2, 0, 0, FK_RD_MIETTINEN_NURMINEN, &a, &b,
                         NULL), FK_EDOMAIN);
        assert_int_equal(fk_prop_rd_score_test(1, 2, 1, 2, 1.0, 0, FK_RD_MIETTINEN_NURMINEN, &a, &b,
                         NULL), FK_EDOMAIN);
        assert_int_equal(fk_prop_rr_ci(0, 0, 1, 2, 0.95, &a, &b, &c, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_or_ci(1, 2, 0, 0, 0.95, &a, &b, &c, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_prop_chisq(0, 0, 1, 2, 0, &a, &b, NULL),
                         FK_EDOMAIN);
        assert_int_equal(fk_fisher_exact(0, 0, 1, 2, 0.95, &a, &b, &c, &d,
                         NULL), FK_EDOMAIN);
        assert_int_equal(fk_fisher_exact(1, 2, 1, 2, 0.0, &a, &b, &c, &d,
                         NULL), FK_EDOMAIN);

        /* Wilson: exact 0 and 1 at the boundaries */
        fk_prop_wilson_ci(0, 7, 0.95, &a, &b, NULL);
        assert_true(fpclassify(a) == FP_ZERO);
        fk_prop_wilson_ci(7, 7, 0.95, &a, &b, NULL);
        assert_true(b >= 1.0 && b <= 1.0);

        /* ratios that are 0 or infinite are NaN, with FK_OK */
        assert_int_equal(fk_prop_rr_ci(0, 10, 3, 10, 0.95, &a, &b, &c, NULL),
                         FK_OK);
        assert_true(isnan(a) && isnan(b) && isnan(c));
        fk_prop_rr_ci(3, 10, 0, 10, 0.95, &a, &b, &c, NULL);
        assert_true(isnan(a) && isnan(b) && isnan(c));
        fk_prop_or_ci(10, 10, 3, 10, 0.95, &a, &b, &c, NULL);
        assert_true(isnan(a) && isnan(b) && isnan(c));
        fk_prop_or_ci(3, 10, 3, 3, 0.95, &a, &b, &c, NULL);
        assert_true(isnan(a) && isnan(b) && isnan(c));
        /* chi-square with a zero column total */
        assert_int_equal(fk_prop_chisq(0, 10, 0, 5, 1, &a, &b, NULL), FK_OK);
        assert_true(isnan(a) && isnan(b));
        /* score test with zero null variance: 0/0 */
        fk_prop_rd_score_test(0, 10, 0, 10, 0.0, 0, FK_RD_MIETTINEN_NURMINEN, &a, &b, NULL);
        assert_true(isnan(a) && isnan(b));

        /* MN interval reaches ±1 exactly when the estimate does */
        fk_prop_rd_ci(10, 10, 0, 10, 0.95, FK_RD_MIETTINEN_NURMINEN, &a, &b,
                      &c, NULL);
        assert_true(c >= 1.0 && c <= 1.0 && b < 1.0);
        fk_prop_rd_ci(0, 10, 10, 10, 0.95, FK_RD_MIETTINEN_NURMINEN, &a, &b,
                      &c, NULL);
        assert_true(b >= -1.0 && b <= -1.0 && c > -1.0);

        /* Fisher: support end points give 0 / Inf, one-point support 0 */
        fk_fisher_exact(0, 10, 4, 10, 0.95, &a, &b, &c, &d, NULL);
        assert_true(fpclassify(b) == FP_ZERO && fpclassify(c) == FP_ZERO);
        assert_true(isfinite(d));
        fk_fisher_exact(10, 10, 4, 10, 0.95, &a, &b, &c, &d, NULL);
        assert_true(isinf(b) && isinf(d) && c > 0.0);
        fk_fisher_exact(0, 3, 0, 4, 0.95, &a, &b, &c, &d, NULL);
        assert_true(a >= 1.0 && fpclassify(b) == FP_ZERO && isinf(d));

        /* names */
        assert_string_equal(fk_rd_method_name(FK_RD_MIETTINEN_NURMINEN),
                            "miettinen_nurminen");
        assert_string_equal(fk_rd_method_name(FK_RD_MN_STATSMODELS),
                            "miettinen_nurminen_statsmodels");
        assert_int_equal(fk_rd_method_parse("miettinen_nurminen_statsmodels"),
                         FK_RD_MN_STATSMODELS);
        assert_int_equal(fk_rd_method_parse("miettinen_nurminen_corrected"),
                         FK_RD_MIETTINEN_NURMINEN);
        assert_int_equal(fk_rd_method_parse("agresti_caffo"),
                         FK_RD_AGRESTI_CAFFO);
        assert_int_equal(fk_rd_method_parse("newcombe"), FK_RD_NEWCOMBE);
        assert_int_equal(fk_rd_method_parse("wald"), FK_RD_WALD);
        assert_int_equal(fk_rd_method_parse("score"), -1);
        assert_int_equal(fk_rd_method_parse(NULL), -1);
}

/* Counts beyond any reference: 2e7 per arm must stay fast and sane. */
static void test_fisher_huge(void **state)
{
        double p, mle, lo, hi;

        (void)state;
        assert_int_equal(fk_fisher_exact(8.1e6, 2e7, 8.0e6, 2e7, 0.95, &p,
                         &mle, &lo, &hi, NULL), FK_OK);
        assert_true(p >= 0.0 && p < 1e-100);
        assert_true(lo < mle && mle < hi);
        /* the sample odds ratio is within 1e-6 of the conditional MLE here */
        fk_assert_rel(mle, (8.1 / 11.9) / (8.0 / 12.0), 1e-5);
}

static int report(void **state)
{
        static const char *const name[] = {
                "Wilson, Newcombe, Wald, AC, RR, OR",
                "Miettinen-Nurminen CI", "MN score test z, p",
                "chi-square stat, p", "Fisher p", "Fisher MLE and CI"
        };
        size_t k;

        (void)state;
        for (k = 0; k < sizeof worst / sizeof worst[0]; k++)
                print_message("worst relative error, %s: %.3g\n", name[k],
                              worst[k]);
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_wilson),
                cmocka_unit_test(test_rd),
                cmocka_unit_test(test_score),
                cmocka_unit_test(test_rr_or),
                cmocka_unit_test(test_chisq),
                cmocka_unit_test(test_fisher),
                cmocka_unit_test(test_mn_statsmodels),
                cmocka_unit_test(test_edges),
                cmocka_unit_test(test_fisher_huge),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, report);
}
