/* Unit tests of stats/power.c against R 4.2.2 power.prop.test,
 * power.t.test, pt(ncp) and qt (tests/reference/adjust_power.R writes
 * tests/reference/adjust_power_r.inc; each row cites its R call).
 *
 * Tolerances: n, and the minimum detectable effect, 1e-6 relative (R
 * solves them with uniroot at tol = DBL_EPSILON^0.25; we run the same
 * zeroin on the same interval, so they agree far closer than that in
 * practice: the worst seen is 1.7e-11, power.t.test(delta = 0.01, ...)$n);
 * power, the noncentral t and the t quantile 1e-9 relative (worst 3e-14).
 * FK_TEST_VERBOSE=1 prints the relative error of every row. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fkstat/adjust.h"
#include "fkstat/power.h"

struct adjust_ref {
        const char *call;
        const double *p;
        size_t n;
        enum fk_adjust_method method;
        const double *want;
};

struct power_ref {
        int what;
        double a, b, c, alpha, n, power, icc, m, want;
        const char *call;
};

enum { PR_PROP_N, PR_PROP_POWER, PR_PROP_MDE, PR_T_N, PR_T_POWER, PR_T_MDE,
       PR_PNT, PR_QT };

#include "reference/adjust_power_r.inc"

static double solve(const struct power_ref *r, int binary)
{
        struct fk_power_spec s = FK_POWER_SPEC_INIT;
        struct fk_power_result res;
        struct fk_error err = FK_ERROR_INIT;

        s.type = binary ? FK_POWER_BINARY : FK_POWER_MEAN;
        if (binary) {
                s.p_control = r->a;
                s.p_trial = r->b;
        } else {
                s.delta = r->a;
                s.sd = r->b;
        }
        s.alpha = r->alpha;
        s.power = r->power;
        s.n = r->n;
        s.icc = r->icc;
        s.cluster_size = r->m;
        if (fk_power_solve(&s, &res, &err))
                fail_msg("%s: %s", r->call, err.msg);
        switch (r->what) {
        case PR_PROP_N:
        case PR_T_N:
                return res.n_per_arm;
        case PR_PROP_POWER:
        case PR_T_POWER:
                return res.power;
        default:
                return res.mde;
        }
}

static void test_against_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof power_refs / sizeof *power_refs; i++) {
                const struct power_ref *r = &power_refs[i];
                double got, tol = 1e-9;

                switch (r->what) {
                case PR_PROP_N:
                case PR_PROP_MDE:
                        got = solve(r, 1);
                        tol = 1e-6;
                        break;
                case PR_T_N:
                case PR_T_MDE:
                        got = solve(r, 0);
                        tol = 1e-6;
                        break;
                case PR_PROP_POWER:
                        got = solve(r, 1);
                        break;
                case PR_T_POWER:
                        got = solve(r, 0);
                        break;
                case PR_PNT:
                        got = fk_pnt(r->a, r->b, r->c, 1);
                        break;
                default:
                        got = fk_qt_upper(r->alpha, r->b);
                        break;
                }
                if (getenv("FK_TEST_VERBOSE"))
                        printf("%.2g  %s\n", fabs(got - r->want) /
                               fabs(r->want), r->call);
                if (!fk_close_rel(got, r->want, tol))
                        fail_msg("%s: got %.17g, want %.17g (rel %.2g)",
                                 r->call, got, r->want,
                                 fabs(got - r->want) / fabs(r->want));
        }
}

static void test_design_effect(void **state)
{
        struct fk_power_spec s = FK_POWER_SPEC_INIT;
        struct fk_power_result r;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        s.p_control = 0.5;
        s.p_trial = 0.55;
        s.icc = 0.01;
        s.cluster_size = 200;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        fk_assert_rel(r.design_effect, 2.99, 1e-15);
        /* power.prop.test(p1 = 0.5, p2 = 0.55, power = 0.8)$n * 2.99 */
        fk_assert_rel(r.n_per_arm, 4678.369437770939, 1e-9);
        fk_assert_rel(r.clusters_per_arm, 24, 0);
        assert_true(isnan(r.mde));
}

static void test_margin(void **state)
{
        struct fk_power_spec s = FK_POWER_SPEC_INIT;
        struct fk_power_result r;
        struct fk_error err = FK_ERROR_INIT;
        double z = 1.959963984540054 + 0.8416212335729143;

        (void)state;
        s.type = FK_POWER_MEAN;
        s.delta = 0;
        s.sd = 2;
        s.margin = 0.5;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        /* (qnorm(0.975) + qnorm(0.8))^2 * 2 * 2^2 / 0.5^2 */
        fk_assert_rel(r.n_per_arm, z * z * 8 / 0.25, 1e-12);
        s.n = r.n_per_arm;
        s.power = 0.8;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        fk_assert_rel(r.power, 0.8, 1e-12);
        fk_assert_rel(r.mde, 0.0, 1e-12);

        s = (struct fk_power_spec)FK_POWER_SPEC_INIT;
        s.p_control = 0.6;
        s.p_trial = 0.6;
        s.margin = 0.05;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        fk_assert_rel(r.n_per_arm, z * z * 0.48 / 0.0025, 1e-12);
        s.n = r.n_per_arm;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        fk_assert_rel(r.power, 0.8, 1e-12);
        fk_assert_rel(r.mde, 0.0, 1e-9);
}

static void test_errors(void **state)
{
        struct fk_power_spec s = FK_POWER_SPEC_INIT;
        struct fk_power_result r;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        s.p_control = 0.5;
        s.p_trial = 0.5;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s.p_trial = 1.2;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s.p_trial = 0.6;
        s.power = 1.0;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s.power = 0.8;
        s.icc = 0.1;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s.cluster_size = 10;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_OK);
        s.margin = 0.05;
        s.p_trial = 0.4;        /* effect + margin < 0 */
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s = (struct fk_power_spec)FK_POWER_SPEC_INIT;
        s.type = FK_POWER_MEAN;
        s.delta = 1;
        s.sd = -1;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
        s.sd = 1;
        s.delta = 0;
        assert_int_equal(fk_power_solve(&s, &r, &err), FK_EUSAGE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_against_r),
                cmocka_unit_test(test_design_effect),
                cmocka_unit_test(test_margin),
                cmocka_unit_test(test_errors),
        };
        gsl_set_error_handler_off();
        (void)adjust_refs;
        return cmocka_run_group_tests(tests, NULL, NULL);
}
