/* Unit tests of stats/describe.c and the verdict rule of stats/result.c. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include "fkstat/describe.h"
#include "fkstat/result.h"

#include "reference/describe_r.inc"

static void check_summary(const double *x, size_t n, const double *ref)
{
        double *v = malloc(n * sizeof *v);
        struct fk_summary s;

        assert_non_null(v);
        memcpy(v, x, n * sizeof *v);
        fk_summarise(v, n, 0, &s);
        fk_assert_rel(s.mean, ref[0], 1e-14);
        fk_assert_rel(s.sd, ref[1], 1e-13);
        fk_assert_rel(s.q1, ref[2], 1e-14);
        fk_assert_rel(s.median, ref[3], 1e-14);
        fk_assert_rel(s.q3, ref[4], 1e-14);
        free(v);
}

static void test_against_r(void **state)
{
        (void)state;
        check_summary(rnd37, sizeof rnd37 / sizeof *rnd37, rnd37_ref);
        check_summary(five, 5, five_ref);
}

/* NIST StRD NumAcc4: 1000000000.2, then 1000000000.1 and 1000000000.3
 * alternating (1001 values); certified mean 1000000000.2, sd 0.1 for the
 * decimal values.  The doubles nearest to them have sd 0.09999996423723...
 * (R 4.2.2: sd(x) = 0.099999964237230898); a one-pass sum of squares gets
 * not even the first digit right. */
static void test_numacc4(void **state)
{
        double x[1001];
        struct fk_summary s;

        (void)state;
        x[0] = 1000000000.2;
        for (int i = 1; i < 1001; i++)
                x[i] = i % 2 ? 1000000000.1 : 1000000000.3;
        fk_summarise(x, 1001, 0, &s);
        fk_assert_rel(s.mean, 1000000000.2, 1e-15);
        fk_assert_rel(s.sd, 0.099999964237230898, 1e-12);
        fk_assert_rel(s.sd, 0.1, 1e-6);
}

static void test_tiny(void **state)
{
        double one = 4.5;
        struct fk_summary s;

        (void)state;
        fk_summarise(&one, 1, 2, &s);
        fk_assert_rel(s.mean, 4.5, 0);
        assert_true(isnan(s.sd));
        fk_assert_rel(s.q1, 4.5, 0);
        fk_assert_rel(s.missing, 2, 0);
        fk_summarise(NULL, 0, 3, &s);
        assert_true(isnan(s.mean) && isnan(s.median) && isnan(s.min));
}

static void test_verdict(void **state)
{
        const enum fk_better H = FK_BETTER_HIGHER, L = FK_BETTER_LOWER;

        (void)state;
        assert_int_equal(fk_verdict_decide(0.01, 0.1, 0, H, 0.02), FK_V_SUPERIOR);
        assert_int_equal(fk_verdict_decide(-0.01, 0.1, 0, H, 0.02), FK_V_NONINFERIOR);
        assert_int_equal(fk_verdict_decide(-0.1, -0.03, 0, H, 0.02), FK_V_INFERIOR);
        assert_int_equal(fk_verdict_decide(-0.03, 0.01, 0, H, 0.02), FK_V_INCONCLUSIVE);
        assert_int_equal(fk_verdict_decide(-0.1, -0.01, 0, L, 0.02), FK_V_SUPERIOR);
        assert_int_equal(fk_verdict_decide(-0.1, 0.01, 0, L, 0.02), FK_V_NONINFERIOR);
        assert_int_equal(fk_verdict_decide(0.03, 0.1, 0, L, 0.02), FK_V_INFERIOR);
        assert_int_equal(fk_verdict_decide(0.9, 1.2, 1, H, 0.2), FK_V_NONINFERIOR);
        assert_int_equal(fk_verdict_decide(0.7, 0.75, 1, H, 0.2), FK_V_INFERIOR);
        assert_int_equal(fk_verdict_decide(0.8, 1.2, 1, L, 0.2), FK_V_NONINFERIOR);
        assert_int_equal(fk_verdict_decide(1.3, 1.5, 1, L, 0.2), FK_V_INFERIOR);
        assert_int_equal(fk_verdict_decide(0.1, 0.2, 0, H, NAN), FK_V_BETTER);
        assert_int_equal(fk_verdict_decide(0.1, 0.2, 0, L, NAN), FK_V_WORSE);
        assert_int_equal(fk_verdict_decide(-0.1, 0.2, 0, H, NAN), FK_V_NO_DIFFERENCE);
        assert_int_equal(fk_verdict_decide(NAN, NAN, 0, H, 0.1), FK_V_INCONCLUSIVE);
        assert_string_equal(fk_verdict_name(FK_V_NONINFERIOR), "non-inferior");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_against_r),
                cmocka_unit_test(test_numacc4),
                cmocka_unit_test(test_tiny),
                cmocka_unit_test(test_verdict),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
