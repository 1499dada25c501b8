/* Unit tests of analyse/merge.c: equal observations merged in place in
 * order of first occurrence, the weights of each summed in the order of
 * the rows, -0 and +0 apart — checked bit for bit against a plain
 * quadratic merge on random rows with many ties, few ties and none, at
 * sizes from 0 to past the hash table's growth. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fk_test.h"
#include "analyse/merge.h"

static uint64_t state = 0x2545F4914F6CDD1Dull;

static uint64_t next(void)
{
        return fk_xorshift64(&state);
}

static int same_bits(double a, double b)
{
        return !memcmp(&a, &b, sizeof a);
}

/* Rows i and j have the same key (NULL arrays not part of it). */
static int same_key(const double *y, const double *e, const int *arm,
                    const size_t *cl, size_t i, size_t j)
{
        return same_bits(y[i], y[j]) && (!e || same_bits(e[i], e[j])) &&
               (!arm || arm[i] == arm[j]) && (!cl || cl[i] == cl[j]);
}

/* The oracle: for each row, the first kept row with its key gets its
 * weight, else the row is kept. */
static size_t plain_merge(double *y, double *e, double *w, int *arm,
                          size_t *cl, size_t n)
{
        size_t k = 0;

        for (size_t i = 0; i < n; i++) {
                size_t j = 0;

                while (j < k && !same_key(y, e, arm, cl, j, i))
                        j++;
                if (j < k) {
                        w[j] += w[i];
                        continue;
                }
                y[k] = y[i];
                w[k] = w[i];
                if (e)
                        e[k] = e[i];
                if (arm)
                        arm[k] = arm[i];
                if (cl)
                        cl[k] = cl[i];
                k++;
        }
        return k;
}

struct rows {
        double *y, *e, *w;
        int *arm;
        size_t *cl;
};

static void rows_alloc(struct rows *r, size_t n)
{
        r->y = malloc((n + 1) * sizeof *r->y);
        r->e = malloc((n + 1) * sizeof *r->e);
        r->w = malloc((n + 1) * sizeof *r->w);
        r->arm = malloc((n + 1) * sizeof *r->arm);
        r->cl = malloc((n + 1) * sizeof *r->cl);
        assert_non_null(r->y);
        assert_non_null(r->e);
        assert_non_null(r->w);
        assert_non_null(r->arm);
        assert_non_null(r->cl);
}

static void rows_free(struct rows *r)
{
        free(r->y);
        free(r->e);
        free(r->w);
        free(r->arm);
        free(r->cl);
}

static void rows_copy(struct rows *to, const struct rows *from, size_t n)
{
        memcpy(to->y, from->y, n * sizeof *to->y);
        memcpy(to->e, from->e, n * sizeof *to->e);
        memcpy(to->w, from->w, n * sizeof *to->w);
        memcpy(to->arm, from->arm, n * sizeof *to->arm);
        memcpy(to->cl, from->cl, n * sizeof *to->cl);
}

/* n random rows drawn from about `distinct` values: -0 and +0 among them,
 * weights whole and fractional (the sums' order shows in their bits). */
static void rows_random(struct rows *r, size_t n, size_t distinct)
{
        for (size_t i = 0; i < n; i++) {
                uint64_t u = next();
                size_t v = (size_t)(u % (distinct ? distinct : 1));

                r->y[i] = v == 0 ? -0.0 : v == 1 ? 0.0 :
                          (double)v * 0.1 - 3.0;
                r->e[i] = (double)((u >> 20) & 1);
                r->w[i] = (u >> 21) & 1 ? (double)((u >> 22) % 5)
                                        : 1.0 / (double)((u >> 22) % 7 + 1);
                r->arm[i] = (int)((u >> 30) & 1);
                r->cl[i] = (size_t)((u >> 31) % 7);
        }
}

static void check_same(const struct rows *a, const struct rows *b, size_t k,
                       int e, int arm, int cl)
{
        for (size_t i = 0; i < k; i++) {
                assert_true(same_bits(a->y[i], b->y[i]));
                assert_true(same_bits(a->w[i], b->w[i]));
                if (e)
                        assert_true(same_bits(a->e[i], b->e[i]));
                if (arm)
                        assert_int_equal(a->arm[i], b->arm[i]);
                if (cl)
                        assert_true(a->cl[i] == b->cl[i]);
        }
}

static void test_against_plain(void **state_)
{
        static const size_t sizes[] = { 0, 1, 2, 3, 100, 1000, 5000 };
        static const size_t distinct[] = { 1, 3, 50, 700, 100000 };

        (void)state_;
        for (size_t a = 0; a < sizeof sizes / sizeof *sizes; a++)
                for (size_t b = 0; b < sizeof distinct / sizeof *distinct;
                     b++) {
                        size_t n = sizes[a], k1, k2;
                        struct rows src, x, o;

                        rows_alloc(&src, n);
                        rows_alloc(&x, n);
                        rows_alloc(&o, n);
                        rows_random(&src, n, distinct[b]);

                        rows_copy(&x, &src, n);
                        rows_copy(&o, &src, n);
                        k1 = merge_samples(x.y, x.w, n);
                        k2 = plain_merge(o.y, NULL, o.w, NULL, NULL, n);
                        assert_true(k1 == k2);
                        check_same(&x, &o, k1, 0, 0, 0);

                        rows_copy(&x, &src, n);
                        rows_copy(&o, &src, n);
                        k1 = merge_durations(x.y, x.e, x.w, n);
                        k2 = plain_merge(o.y, o.e, o.w, NULL, NULL, n);
                        assert_true(k1 == k2);
                        check_same(&x, &o, k1, 1, 0, 0);

                        rows_copy(&x, &src, n);
                        rows_copy(&o, &src, n);
                        k1 = merge_cluster_rows(x.y, x.e, x.w, x.arm, x.cl,
                                                n);
                        k2 = plain_merge(o.y, o.e, o.w, o.arm, o.cl, n);
                        assert_true(k1 == k2);
                        check_same(&x, &o, k1, 1, 1, 1);

                        rows_copy(&x, &src, n);
                        rows_copy(&o, &src, n);
                        k1 = merge_cluster_samples(x.y, x.w, x.arm, x.cl, n);
                        k2 = plain_merge(o.y, NULL, o.w, o.arm, o.cl, n);
                        assert_true(k1 == k2);
                        check_same(&x, &o, k1, 0, 1, 1);

                        rows_free(&src);
                        rows_free(&x);
                        rows_free(&o);
                }
}

/* -0 and +0 stay apart; equal values far apart in the rows merge into
 * the first, whose place is kept. */
static void test_zeros_and_order(void **state_)
{
        double y[] = { 2.0, -0.0, 0.0, 2.0, -0.0, 1.5, 0.0 };
        double w[] = { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0 };
        size_t k = merge_samples(y, w, 7);

        (void)state_;
        assert_true(k == 4);
        assert_true(same_bits(y[0], 2.0) && same_bits(w[0], 5.0));
        assert_true(same_bits(y[1], -0.0) && same_bits(w[1], 7.0));
        assert_true(same_bits(y[2], 0.0) && same_bits(w[2], 10.0));
        assert_true(same_bits(y[3], 1.5) && same_bits(w[3], 6.0));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_against_plain),
                cmocka_unit_test(test_zeros_and_order),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
