/* Unit tests of stats/strata.c against R mantelhaen.test and the MH risk
 * difference by formula (tests/reference/strata.R → strata_r.inc) and
 * statsmodels StratifiedTable (tests/reference/strata.py → strata_sm.inc);
 * the strata of every case are in strata_tables.inc, each .inc row quotes
 * its call.  Case 1 is the reference case stratified/mh_six_munis. */
#include "fk_test.h"

#include <gsl/gsl_errno.h>

#include "fkstat/strata.h"

struct tab_row { double c, x1, n1, x2, n2; };
struct r_ref { double c, conf, cmh, cmh_p, or_, orlo, orhi, rd, rdlo, rdhi; };
struct sm_ref { double c, conf, or_, orlo, orhi, bd, bd_df, bd_p; };

static const struct tab_row tabs[] = {
#include "reference/strata_tables.inc"
};
static const struct r_ref rref[] = {
#include "reference/strata_r.inc"
};
static const struct sm_ref smref[] = {
#include "reference/strata_sm.inc"
};

#define NTAB (sizeof tabs / sizeof *tabs)
#define MAXK 64

/* Collect the strata of case c into s; returns their number. */
static size_t load_case(double c, struct fk_stratum *s)
{
        size_t k = 0;
        for (size_t i = 0; i < NTAB; i++) {
                if (fabs(tabs[i].c - c) > 0.5)
                        continue;
                assert_true(k < MAXK);
                s[k].x1 = tabs[i].x1;
                s[k].n1 = tabs[i].n1;
                s[k].x2 = tabs[i].x2;
                s[k].n2 = tabs[i].n2;
                k++;
        }
        assert_true(k > 0);
        return k;
}

static void run_case(double c, double conf, struct fk_stratified *out)
{
        struct fk_stratum s[MAXK];
        struct fk_error err = FK_ERROR_INIT;
        size_t k = load_case(c, s);
        assert_int_equal(fk_stratified(s, k, conf, out, &err), FK_OK);
}

/* mantelhaen.test(array(c(a, c, b, d), dim = c(2, 2, K)), correct = FALSE,
 * conf.level = conf): statistic, p.value, estimate, conf.int; the MH risk
 * difference by the Greenland–Robins formula of strata.R. */
static void test_vs_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof rref / sizeof *rref; i++) {
                const struct r_ref *r = &rref[i];
                struct fk_stratified o;
                print_message("case %g\n", r->c);
                run_case(r->c, r->conf, &o);
                fk_assert_rel(o.cmh, r->cmh, 1e-9);
                fk_assert_rel(o.cmh_p, r->cmh_p, 1e-9);
                fk_assert_rel(o.mh_or, r->or_, 1e-9);
                fk_assert_rel(o.mh_or_ci[0], r->orlo, 1e-9);
                fk_assert_rel(o.mh_or_ci[1], r->orhi, 1e-9);
                fk_assert_rel(o.mh_rd, r->rd, 1e-9);
                fk_assert_rel(o.mh_rd_ci[0], r->rdlo, 1e-9);
                fk_assert_rel(o.mh_rd_ci[1], r->rdhi, 1e-9);
        }
}

/* StratifiedTable(tables): oddsratio_pooled, oddsratio_pooled_confint and
 * test_equal_odds(adjust=False) over the strata with all margins > 0. */
static void test_vs_statsmodels(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof smref / sizeof *smref; i++) {
                const struct sm_ref *r = &smref[i];
                struct fk_stratified o;
                print_message("case %g\n", r->c);
                run_case(r->c, r->conf, &o);
                fk_assert_rel(o.mh_or, r->or_, 1e-9);
                fk_assert_rel(o.mh_or_ci[0], r->orlo, 1e-9);
                fk_assert_rel(o.mh_or_ci[1], r->orhi, 1e-9);
                fk_assert_rel(o.bd, r->bd, 1e-9);
                fk_assert_rel(o.bd_df, r->bd_df, 0);
                fk_assert_rel(o.bd_p, r->bd_p, 1e-9);
        }
}

/* The expected values of ../shared/reference/cases/stratified/
 * mh_six_munis/case.json, from its 2x2 counts (case 1, aggregated from its
 * data.csv by strata.R), at the tolerances stated there. */
static void test_mh_six_munis(void **state)
{
        struct fk_stratified o;
        (void)state;
        run_case(1, 0.95, &o);
        fk_assert_rel(o.cmh, 0.127670180480954, 1e-7);
        fk_assert_rel(o.cmh_p, 0.720860012296665, 1e-6);
        fk_assert_rel(o.mh_or, 1.03459249373144, 1e-9);
        fk_assert_rel(o.mh_or_ci[0], 0.858808568603763, 1e-6);
        fk_assert_rel(o.mh_or_ci[1], 1.2463564841064, 1e-6);
        fk_assert_rel(o.bd, 2.8510088379150686, 1e-6);
        fk_assert_rel(o.bd_p, 0.7229428234012772, 1e-5);
        fk_assert_rel(o.bd_df, 5, 0);
}

/* Orientation: swapping the arms inverts the OR and negates the RD; a
 * stratum without one arm changes nothing. */
static void test_orientation_and_zero_rows(void **state)
{
        struct fk_stratum s[3] = { { 30, 50, 20, 50 }, { 12, 40, 10, 45 },
                                   { 0, 0, 7, 9 } };
        struct fk_stratum sw[2] = { { 20, 50, 30, 50 }, { 10, 45, 12, 40 } };
        struct fk_stratified a, b, c;
        struct fk_error err = FK_ERROR_INIT;
        (void)state;
        assert_int_equal(fk_stratified(s, 2, 0.95, &a, &err), FK_OK);
        assert_int_equal(fk_stratified(sw, 2, 0.95, &b, &err), FK_OK);
        assert_int_equal(fk_stratified(s, 3, 0.95, &c, &err), FK_OK);
        assert_true(a.mh_or > 1 && a.mh_rd > 0);
        fk_assert_rel(a.mh_or, 1 / b.mh_or, 1e-14);
        fk_assert_rel(a.mh_or_ci[0], 1 / b.mh_or_ci[1], 1e-14);
        fk_assert_rel(a.mh_rd, -b.mh_rd, 1e-14);
        fk_assert_rel(a.mh_rd_ci[1], -b.mh_rd_ci[0], 1e-14);
        fk_assert_rel(a.cmh, b.cmh, 1e-14);
        fk_assert_rel(a.bd, b.bd, 1e-12);
        fk_assert_rel(c.mh_or, a.mh_or, 1e-15);
        fk_assert_rel(c.mh_or_ci[1], a.mh_or_ci[1], 1e-15);
        fk_assert_rel(c.mh_rd, a.mh_rd, 1e-15);
        fk_assert_rel(c.mh_rd_ci[0], a.mh_rd_ci[0], 1e-15);
        fk_assert_rel(c.cmh, a.cmh, 1e-15);
        fk_assert_rel(c.bd, a.bd, 1e-15);
        fk_assert_rel(c.bd_df, 1, 0);
}

/* Undefined quantities are NaN (documented in strata.h). */
static void test_undefined(void **state)
{
        struct fk_stratum none[2] = { { 0, 0, 3, 5 }, { 2, 4, 0, 0 } };
        struct fk_stratum nofail[2] = { { 5, 5, 3, 3 }, { 4, 4, 2, 2 } };
        struct fk_stratum zeroden[2] = { { 5, 5, 1, 3 }, { 4, 4, 0, 2 } };
        struct fk_stratum one[1] = { { 3, 10, 5, 10 } };
        struct fk_stratified o;
        struct fk_error err = FK_ERROR_INIT;
        (void)state;

        assert_int_equal(fk_stratified(none, 2, 0.95, &o, &err), FK_OK);
        assert_true(isnan(o.mh_or) && isnan(o.mh_or_ci[0]) && isnan(o.mh_or_ci[1]));
        assert_true(isnan(o.mh_rd) && isnan(o.mh_rd_ci[0]) && isnan(o.mh_rd_ci[1]));
        assert_true(isnan(o.cmh) && isnan(o.cmh_p));
        assert_true(isnan(o.bd) && isnan(o.bd_p));
        fk_assert_rel(o.bd_df, 0, 0);

        /* everyone succeeds: OR 0/0, RD 0 with zero variance, no CMH */
        assert_int_equal(fk_stratified(nofail, 2, 0.95, &o, &err), FK_OK);
        assert_true(isnan(o.mh_or) && isnan(o.cmh) && isnan(o.bd));
        fk_assert_rel(o.mh_rd, 0, 0);
        fk_assert_rel(o.mh_rd_ci[0], 0, 0);

        /* sum b c / n = 0 < sum a d / n: +inf as R, CI and BD NaN */
        assert_int_equal(fk_stratified(zeroden, 2, 0.95, &o, &err), FK_OK);
        assert_true(isinf(o.mh_or) && o.mh_or > 0);
        assert_true(isnan(o.mh_or_ci[0]) && isnan(o.mh_or_ci[1]));
        assert_true(isnan(o.bd) && isnan(o.bd_p));
        assert_true(isfinite(o.cmh) && isfinite(o.mh_rd));

        /* a single stratum: MH = the crude table, Breslow–Day undefined */
        assert_int_equal(fk_stratified(one, 1, 0.95, &o, &err), FK_OK);
        fk_assert_rel(o.mh_or, (3.0 / 7) / (5.0 / 5), 1e-15);
        fk_assert_rel(o.mh_rd, -0.2, 1e-15);
        assert_true(isnan(o.bd));
}

static void test_errors(void **state)
{
        struct fk_stratum ok[1] = { { 3, 10, 5, 10 } };
        struct fk_stratum bad[4][1] = { { { 11, 10, 5, 10 } },
                                        { { 3, 10, -1, 10 } },
                                        { { 3.5, 10, 5, 10 } },
                                        { { 3, 10, 5, NAN } } };
        struct fk_stratified o;
        struct fk_error err = FK_ERROR_INIT;
        (void)state;
        assert_int_equal(fk_stratified(ok, 0, 0.95, &o, &err), FK_EDOMAIN);
        assert_int_equal(fk_stratified(ok, 1, 1.0, &o, &err), FK_EDOMAIN);
        assert_int_equal(fk_stratified(ok, 1, NAN, &o, &err), FK_EDOMAIN);
        for (size_t i = 0; i < 4; i++) {
                fk_error_clear(&err);
                assert_int_equal(fk_stratified(bad[i], 1, 0.95, &o, &err), FK_EDOMAIN);
                assert_int_equal(err.code, FK_EDOMAIN);
                assert_string_equal(err.msg, i == 0
                                    ? "stratum 1: more successes than subjects"
                                    : "stratum 1: counts must be whole and non-negative");
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_vs_r),
                cmocka_unit_test(test_vs_statsmodels),
                cmocka_unit_test(test_mh_six_munis),
                cmocka_unit_test(test_orientation_and_zero_rows),
                cmocka_unit_test(test_undefined),
                cmocka_unit_test(test_errors),
        };
        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
