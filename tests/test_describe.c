/* Unit tests of stats/describe.c and the verdict rule of stats/result.c. */
#include "fk_test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/describe.h"
#include "fkstat/moments.h"
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

/* Bitwise equality, NaN equal to NaN. */
static int same_bits(double a, double b)
{
        return (isnan(a) && isnan(b)) || !memcmp(&a, &b, sizeof a);
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
        return fk_xorshift64(&rng);
}

/* A value of kind k: small whole numbers (ties), decimals with 0-3
 * digits, signed zeros, wide doubles, values too large or small for
 * exact squares. */
static void draw(int k, double *x, int32_t *m, int *scale)
{
        static const double p10[] = { 1, 10, 100, 1000 };

        *scale = -1;
        switch (k) {
        case 0:
                *m = (int32_t)(next() % 7) - 2;
                *scale = 0;
                *x = *m;
                break;
        case 1:
                *scale = (int)(next() % 4);
                *m = (int32_t)(next() % 2000001) - 1000000;
                *x = (double)*m / p10[*scale];
                break;
        case 2:
                *x = next() % 2 ? -0.0 : 0.0;
                break;
        case 3:
                *x = ldexp((double)(next() >> 11), (int)(next() % 80) - 90);
                break;
        default:
                *x = ldexp(1.0 + (double)(next() % 1000) / 1000,
                           next() % 2 ? 600 : -600) * (next() % 2 ? 1 : -1);
                break;
        }
}

/* fk_summarise_parts on values split into counted pairs, 32-bit chunks
 * and double chunks gives the bits fk_summarise gives on the list. */
static void test_parts(void **state)
{
        static const size_t sizes[] = { 0, 1, 2, 3, 4, 5, 7, 10, 33, 1000,
                                        70001 };

        (void)state;
        for (int mix = 0; mix < 6; mix++)
                for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
                        size_t n = sizes[si], k = 0, nc = 0;
                        double *all = malloc((4 * n + 1) * sizeof *all);
                        double *px = malloc((n + 1) * sizeof *px);
                        double *pw = malloc((n + 1) * sizeof *pw);
                        int32_t *ci = malloc((n + 1) * sizeof *ci);
                        double *cf = malloc((n + 1) * sizeof *cf);
                        size_t ni = 0, nf = 0, na = 0;
                        struct fk_num_chunk ch[2];
                        struct fk_summary a, b;
                        int cscale = 2;

                        assert_true(all && px && pw && ci && cf);
                        for (size_t i = 0; i < n; i++) {
                                int kind = mix < 5 ? (int)(next() % (mix + 1))
                                                   : (int)(next() % 2);
                                int32_t m = 0;
                                int sc;
                                double x;
                                size_t copies = 1 + (next() % 3 == 0 ?
                                                     next() % 4 : 0);

                                draw(kind, &x, &m, &sc);
                                if (sc == cscale && next() % 2) {
                                        ci[ni++] = m;
                                        all[na++] = x;
                                } else if (next() % 3 == 0) {
                                        px[k] = x;
                                        pw[k++] = (double)copies;
                                        for (size_t c = 0; c < copies; c++)
                                                all[na++] = x;
                                } else {
                                        cf[nf++] = x;
                                        all[na++] = x;
                                }
                        }
                        ch[nc++] = (struct fk_num_chunk){ ci, NULL, ni,
                                                         cscale, FK_CHUNK_MEM,
                                                         -1, 0 };
                        ch[nc++] = (struct fk_num_chunk){ NULL, cf, nf, 0,
                                                         FK_CHUNK_MEM, -1, 0 };
                        assert_int_equal(fk_summarise_parts(px, pw, k, ch, nc,
                                                            NULL, 3, &a),
                                         FK_OK);
                        assert_int_equal(fk_summarise(all, na, 3, &b), FK_OK);
                        {
                                /* the chunks' moments from the caller */
                                struct fk_moments cm;
                                struct fk_summary d;

                                fk_moments_init(&cm);
                                for (size_t j = 0; j < nc; j++)
                                        for (size_t i = 0; i < ch[j].n; i++)
                                                fk_moments_add(&cm,
                                                        fk_num_chunk_value(
                                                                &ch[j], i));
                                assert_int_equal(fk_summarise_parts(px, pw, k,
                                        ch, nc, &cm, 3, &d), FK_OK);
                                assert_true(same_bits(a.mean, d.mean) &&
                                            same_bits(a.sd, d.sd) &&
                                            same_bits(a.q1, d.q1));
                        }
                        if (!same_bits(a.n, b.n) || !same_bits(a.mean, b.mean) ||
                            !same_bits(a.sd, b.sd) || !same_bits(a.min, b.min) ||
                            !same_bits(a.q1, b.q1) ||
                            !same_bits(a.median, b.median) ||
                            !same_bits(a.q3, b.q3) || !same_bits(a.max, b.max) ||
                            !same_bits(a.missing, b.missing))
                                fail_msg("mix %d, n %zu: parts %.17g %.17g "
                                         "%.17g %.17g %.17g, list %.17g %.17g "
                                         "%.17g %.17g %.17g", mix, na, a.mean,
                                         a.sd, a.q1, a.median, a.q3, b.mean,
                                         b.sd, b.q1, b.median, b.q3);
                        free(all);
                        free(px);
                        free(pw);
                        free(ci);
                        free(cf);
                }
}

/* The mean and sd of the same values do not depend on their order, and
 * NumAcc4 holds through the counted form too. */
static void test_order(void **state)
{
        double x[1001], y[1001], w[3] = { 1, 500, 500 };
        double v[3] = { 1000000000.2, 1000000000.1, 1000000000.3 };
        struct fk_summary a, b, c;

        (void)state;
        x[0] = 1000000000.2;
        for (int i = 1; i < 1001; i++)
                x[i] = i % 2 ? 1000000000.1 : 1000000000.3;
        for (int i = 0; i < 1001; i++)
                y[i] = x[1000 - i];
        fk_summarise(x, 1001, 0, &a);
        fk_summarise(y, 1001, 0, &b);
        fk_summarise_parts(v, w, 3, NULL, 0, NULL, 0, &c);
        assert_true(same_bits(a.mean, b.mean) && same_bits(a.sd, b.sd));
        assert_true(same_bits(a.mean, c.mean) && same_bits(a.sd, c.sd));
        assert_true(same_bits(a.median, c.median) && same_bits(a.q3, c.q3));
        fk_assert_rel(c.sd, 0.099999964237230898, 1e-12);
}

/* Σx² of fk_moments_add (a square added at once where its bits fit the
 * digits) is exactly the sum of x·x and its rounding error, as
 * fk_acc_add adds them, for values of every magnitude the moments take
 * as tame, decimals and whole numbers among them. */
static void test_squares(void **state)
{
        uint64_t r = 88172645463325252ULL;
        struct fk_moments m;
        struct fk_acc ref;
        struct fk_xsum a, b;
        const double *pa, *pb;
        size_t na, nb;

        (void)state;
        fk_moments_init(&m);
        fk_acc_init(&ref);
        for (int i = 0; i < 200000; i++) {
                double x, p;
                int e;

                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                e = (int)(r >> 54) % 1000 - 500;        /* 2^-500 .. 2^499 */
                x = ldexp(1.0 + (double)(r & 0xfffffffffffffULL) * 0x1p-52,
                          i % 3 ? e : (int)(r >> 58) % 24);
                if (i % 5 == 0)
                        x = (double)(int32_t)(r >> 40) / 100.0;
                if (r >> 63)
                        x = -x;
                fk_moments_add(&m, x);
                if (!(floor(x) < x) && fabs(x) < 0x1p31)
                        continue;       /* whole: the 128-bit integers */
                p = x * x;
                fk_acc_add(&ref, p);
                fk_acc_add(&ref, fma(x, x, -p));
        }
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        fk_acc_to_xsum(&m.s2, &a);
        fk_acc_to_xsum(&ref, &b);
        na = fk_xsum_parts(&a, &pa);
        nb = fk_xsum_parts(&b, &pb);
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++)
                assert_memory_equal(&pa[i], &pb[i], sizeof pa[i]);
        fk_xsum_release(&a);
        fk_xsum_release(&b);
        fk_moments_release(&m);
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
                cmocka_unit_test(test_parts),
                cmocka_unit_test(test_order),
                cmocka_unit_test(test_squares),
                cmocka_unit_test(test_verdict),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
