/* Unit tests of stats/adjust.c against R 4.2.2 p.adjust
 * (tests/reference/adjust_power.R writes tests/reference/adjust_power_r.inc;
 * each row there cites the R call that produced it).  Tolerance 1e-9
 * relative; the arithmetic is R's, so most values agree exactly. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include "fkstat/adjust.h"

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

static void test_against_r(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof adjust_refs / sizeof *adjust_refs; i++) {
                const struct adjust_ref *r = &adjust_refs[i];
                struct fk_error err = FK_ERROR_INIT;
                double out[64];

                assert_true(r->n <= 64);
                assert_int_equal(fk_adjust_p(r->p, r->n, r->method, out, &err),
                                 FK_OK);
                for (size_t k = 0; k < r->n; k++) {
                        if (!fk_close_rel(out[k], r->want[k], 1e-9))
                                fail_msg("%s [%zu]: got %.17g, want %.17g",
                                         r->call, k + 1, out[k], r->want[k]);
                }
        }
}

static void test_in_place(void **state)
{
        double p[] = { 0.01, NAN, 0.04, 0.03 };
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_adjust_p(p, 4, FK_ADJ_BONFERRONI, p, &err), FK_OK);
        /* p.adjust(c(0.01, NA, 0.04, 0.03), "bonferroni") */
        fk_assert_rel(p[0], 0.03, 1e-15);
        assert_true(isnan(p[1]));
        fk_assert_rel(p[2], 0.12, 1e-15);
        fk_assert_rel(p[3], 0.09, 1e-15);
}

static void test_errors(void **state)
{
        double p[] = { 0.2, 1.5 }, out[2];
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_adjust_p(p, 2, FK_ADJ_HOLM, out, &err), FK_EDOMAIN);
        assert_non_null(strstr(err.msg, "outside [0, 1]"));
        p[1] = -0.1;
        assert_int_equal(fk_adjust_p(p, 2, FK_ADJ_BH, out, &err), FK_EDOMAIN);
        assert_int_equal(fk_adjust_p(p, 2, (enum fk_adjust_method)99, out,
                                     &err), FK_EDOMAIN);
        /* nothing to adjust */
        assert_int_equal(fk_adjust_p(p, 0, FK_ADJ_HOLM, out, &err), FK_OK);
}

static void test_names(void **state)
{
        (void)state;
        assert_int_equal(fk_adjust_method_parse("holm"), FK_ADJ_HOLM);
        assert_int_equal(fk_adjust_method_parse("BH"), FK_ADJ_BH);
        assert_int_equal(fk_adjust_method_parse("fdr"), FK_ADJ_BH);
        assert_int_equal(fk_adjust_method_parse("BY"), FK_ADJ_BY);
        assert_int_equal(fk_adjust_method_parse("hommel"), -1);
        assert_string_equal(fk_adjust_method_name(FK_ADJ_BONFERRONI),
                            "bonferroni");
        assert_string_equal(fk_adjust_method_name(FK_ADJ_HOCHBERG), "hochberg");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_against_r),
                cmocka_unit_test(test_in_place),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_names),
        };
        (void)power_refs;
        return cmocka_run_group_tests(tests, NULL, NULL);
}
