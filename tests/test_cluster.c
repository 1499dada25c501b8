/* Unit tests of stats/cluster.c against R (tests/reference/cluster.R writes
 * tests/reference/cluster_r.inc: clubSandwich::coef_test(lm(y ~ trial),
 * vcov = "CR2", cluster = cl, test = "Satterthwaite"), the ANOVA ICC of
 * METHODS.md, randomization inference over all combn(G, G_T) assignments and
 * the WCR wild bootstrap over all 2^G / 6^G weight vectors, all on the
 * expanded data) and against the shared CLI cases in
 * ../shared/reference/cases/cluster/ (their case.json values are copied
 * below).
 *
 * Tolerances: ICC, design effect, estimate, CR2 se and df 1e-8 relative
 * (closed forms on cluster totals against clubSandwich's matrix algebra);
 * CI ends on the scale of the se; the t p-value 1e-8; enumerated p-values
 * and counts exactly (both sides count with the same 1e-12 tie slack). */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "fkstat/cluster.h"
#include "fkstat/moments.h"

struct cluster_case {
        const char *name;
        const size_t *cl;
        const int *arm;
        const double *y, *w;
        size_t n, G;
        double conf;
        const char *kind;
        double v[14];
};

#include "reference/cluster_r.inc"

#define NCASES (sizeof cluster_cases / sizeof cluster_cases[0])

static int run_case(const struct cluster_case *c, size_t reps,
                    struct fk_cluster_result *r)
{
        struct fk_cluster_data d = { c->y, c->w, c->arm, c->cl, c->n, c->G };
        struct fk_error err = FK_ERROR_INIT;
        int rc = fk_cluster_compare(&d, c->conf, reps, 7, r, &err);
        if (rc)
                print_error("%s: %s\n", c->name, err.msg);
        return rc;
}

static const struct cluster_case *find_case(const char *name)
{
        size_t i;
        for (i = 0; i < NCASES; i++)
                if (!strcmp(cluster_cases[i].name, name))
                        return &cluster_cases[i];
        return NULL;
}

static void test_r_reference(void **state)
{
        size_t i;
        (void)state;
        for (i = 0; i < NCASES; i++) {
                const struct cluster_case *c = &cluster_cases[i];
                const double *v = c->v;
                struct fk_cluster_result r;
                size_t reps = v[13] > 0 ? (size_t)v[13] : 99;

                print_message("%s\n", c->name);
                assert_int_equal(run_case(c, reps, &r), 0);
                assert_int_equal(r.clusters[0], (size_t)v[0]);
                assert_int_equal(r.clusters[1], (size_t)v[1]);
                fk_assert_rel(r.icc, v[2], 1e-8);
                fk_assert_rel(r.design_effect, v[3], 1e-8);
                fk_assert_rel(r.estimate, v[4], 1e-8 * v[5] / fabs(v[4]));
                fk_assert_rel(r.se, v[5], 1e-8);
                fk_assert_rel(r.df, v[6], 1e-8);
                fk_assert_rel(r.ci[0], v[7], 1e-8 * v[5] / fabs(v[7]));
                fk_assert_rel(r.ci[1], v[8], 1e-8 * v[5] / fabs(v[8]));
                fk_assert_rel(r.p_value, v[9], 1e-8);
                fk_assert_rel(r.ri_p, v[10], 0);
                fk_assert_rel(r.ri_assignments, v[11], 0);
                assert_int_equal(r.ri_exact, 1);
                if (v[13] > 0) {
                        fk_assert_rel(r.wild_p, v[12], 0);
                        assert_int_equal(r.wild_reps, (size_t)v[13]);
                        assert_string_equal(r.wild_weights, c->kind);
                }
        }
}

/* Expected values from ../shared/reference/cases/cluster/NAME/case.json
 * (clubSandwich, R), with the tolerances stated there. */
static void test_shared_cases(void **state)
{
        static const struct {
                const char *name;
                size_t ct, cc;
                double est, se, df, p, lo, ri_n, ri_p, icc, deff;
        } want[] = {
                { "ten_munis_binary", 5, 5, 0.0128205128205135,
                  0.0883102984929759, 7.58394695118651, 0.888355838619035,
                  -0.19278449881653761, 252, 0.9047619047619048,
                  0.06327453883347618, 7.915907094498946 },
                { "eight_munis_count", 4, 4, 0.579439252336452,
                  0.78966494781373, 5.3954189812542, 0.49371797687609,
                  -1.4065191194426823, 70, 0.4857142857142857,
                  0.17619809166569267, 17.56262061657511 },
                { "eleven_vs_nine_binary", 11, 9, 0.0348245020032737,
                  0.0389757083489833, 15.1811767292764, 0.38553906578426,
                  -0.04816398574315391, 167960, 0.42750059537985236,
                  0.011338493171480763, 1.9450634058429217 },
        };
        size_t i;
        (void)state;
        for (i = 0; i < sizeof want / sizeof want[0]; i++) {
                const struct cluster_case *c = find_case(want[i].name);
                struct fk_cluster_result r;
                assert_non_null(c);
                assert_int_equal(run_case(c, 999, &r), 0);
                assert_int_equal(r.clusters[0], want[i].ct);
                assert_int_equal(r.clusters[1], want[i].cc);
                fk_assert_rel(r.estimate, want[i].est, 1e-9);
                fk_assert_rel(r.se, want[i].se, 1e-6);
                fk_assert_rel(r.df, want[i].df, 1e-5);
                fk_assert_rel(r.p_value, want[i].p, 1e-5);
                fk_assert_rel(r.ci[0], want[i].lo, 1e-5);
                fk_assert_rel(r.ri_assignments, want[i].ri_n, 0);
                fk_assert_rel(r.ri_p, want[i].ri_p, 1e-9);
                assert_int_equal(r.ri_exact, 1);
                fk_assert_rel(r.icc, want[i].icc, 1e-7);
                fk_assert_rel(r.design_effect, want[i].deff, 1e-7);
        }
}

/* Frequency weights equal the expanded rows, Monte Carlo parts included
 * (same seed, same draws). */
static void test_weights_equal_expanded(void **state)
{
        const struct cluster_case *c = find_case("eleven_vs_nine_binary");
        struct fk_cluster_data d;
        struct fk_cluster_result a, b;
        struct fk_error err = FK_ERROR_INIT;
        size_t i, j, k = 0, m = 0;
        double *y;
        int *arm;
        size_t *cl;
        (void)state;

        for (i = 0; i < c->n; i++)
                m += (size_t)c->w[i];
        y = malloc(m * sizeof *y);
        arm = malloc(m * sizeof *arm);
        cl = malloc(m * sizeof *cl);
        assert_non_null(y);
        assert_non_null(arm);
        assert_non_null(cl);
        for (i = 0; i < c->n; i++)
                for (j = 0; j < (size_t)c->w[i]; j++, k++) {
                        y[k] = c->y[i];
                        arm[k] = c->arm[i];
                        cl[k] = c->cl[i];
                }
        d = (struct fk_cluster_data){ y, NULL, arm, cl, m, c->G };
        assert_int_equal(fk_cluster_compare(&d, 0.95, 2000, 11, &a, &err), 0);
        d = (struct fk_cluster_data){ c->y, c->w, c->arm, c->cl, c->n, c->G };
        assert_int_equal(fk_cluster_compare(&d, 0.95, 2000, 11, &b, &err), 0);
        fk_assert_rel(a.icc, b.icc, 0);         /* exact sums */
        fk_assert_rel(a.se, b.se, 0);
        fk_assert_rel(a.df, b.df, 0);
        fk_assert_rel(a.wild_p, b.wild_p, 0);
        assert_int_equal(a.wild_reps, 2000);
        fk_assert_rel(a.ri_p, b.ri_p, 0);
        free(y);
        free(arm);
        free(cl);
}

static void assert_same_result(const struct fk_cluster_result *a,
                               const struct fk_cluster_result *b)
{
        fk_assert_rel(a->icc, b->icc, 0);
        fk_assert_rel(a->design_effect, b->design_effect, 0);
        fk_assert_rel(a->estimate, b->estimate, 0);
        fk_assert_rel(a->se, b->se, 0);
        fk_assert_rel(a->df, b->df, 0);
        fk_assert_rel(a->ci[0], b->ci[0], 0);
        fk_assert_rel(a->ci[1], b->ci[1], 0);
        fk_assert_rel(a->p_value, b->p_value, 0);
        fk_assert_rel(a->wild_p, b->wild_p, 0);
        fk_assert_rel(a->ri_p, b->ri_p, 0);
}

/* Continuous rows in any order, and the clusters' totals alone
 * (fk_cluster_compare_sums from exact moments), give the same bits. */
static void test_order_and_sums(void **state)
{
        enum { N = 3000, G = 14 };
        double *y = malloc(N * sizeof *y), *ry = malloc(N * sizeof *ry);
        int *arm = malloc(N * sizeof *arm), *rarm = malloc(N * sizeof *rarm);
        size_t *cl = malloc(N * sizeof *cl), *rcl = malloc(N * sizeof *rcl);
        double n[G], sm[G], ss[G];
        int garm[G];
        struct fk_moments m[G];
        struct fk_cluster_data d;
        struct fk_cluster_sums cs = { n, sm, ss, garm, G };
        struct fk_cluster_result a, b, c;
        struct fk_error err = FK_ERROR_INIT;
        uint64_t x = 12345;
        (void)state;

        assert_true(y && ry && arm && rarm && cl && rcl);
        for (size_t g = 0; g < G; g++) {
                fk_moments_init(&m[g]);
                garm[g] = g % 2;
        }
        for (size_t i = 0; i < N; i++) {
                cl[i] = (size_t)(fk_xorshift64(&x) % G);
                arm[i] = garm[cl[i]];
                y[i] = (double)(fk_xorshift64(&x) % 1000000) / 3.0 +
                       1e5 * (double)cl[i];
                fk_moments_add(&m[cl[i]], y[i]);
                ry[N - 1 - i] = y[i];
                rarm[N - 1 - i] = arm[i];
                rcl[N - 1 - i] = cl[i];
        }
        for (size_t g = 0; g < G; g++) {
                struct fk_xsum t = { { 0 }, NULL, 0, 0, 0 };

                n[g] = m[g].n;
                fk_moments_sum(&m[g], &t);
                sm[g] = fk_xsum_round(&t);
                fk_xsum_release(&t);
                ss[g] = fk_moments_ss(&m[g]);
                fk_moments_release(&m[g]);
        }
        d = (struct fk_cluster_data){ y, NULL, arm, cl, N, G };
        assert_int_equal(fk_cluster_compare(&d, 0.95, 999, 5, &a, &err), 0);
        d = (struct fk_cluster_data){ ry, NULL, rarm, rcl, N, G };
        assert_int_equal(fk_cluster_compare(&d, 0.95, 999, 5, &b, &err), 0);
        assert_int_equal(fk_cluster_compare_sums(&cs, 0.95, 999, 5, &c, &err),
                         0);
        assert_same_result(&a, &b);
        assert_same_result(&a, &c);
        garm[3] = 2;
        assert_int_equal(fk_cluster_compare_sums(&cs, 0.95, 999, 5, &c, &err),
                         FK_EDATA);
        free(y);
        free(ry);
        free(arm);
        free(rarm);
        free(cl);
        free(rcl);
}

/* Beyond enumeration: wild bootstrap draws agree with the enumerated p
 * within Monte Carlo error, are reproducible by seed, and report reps. */
static void test_monte_carlo(void **state)
{
        size_t i;
        (void)state;
        for (i = 0; i < NCASES; i++) {
                const struct cluster_case *c = &cluster_cases[i];
                struct fk_cluster_data d = { c->y, c->w, c->arm, c->cl, c->n, c->G };
                struct fk_cluster_result a, b;
                struct fk_error err = FK_ERROR_INIT;
                size_t reps = 4000;
                double p = c->v[12], sd;
                if (!(c->v[13] > reps))
                        continue;
                assert_int_equal(fk_cluster_compare(&d, 0.95, reps, 3, &a, &err), 0);
                assert_int_equal(fk_cluster_compare(&d, 0.95, reps, 3, &b, &err), 0);
                assert_int_equal(a.wild_reps, reps);
                fk_assert_rel(a.wild_p, b.wild_p, 0);
                sd = sqrt(p * (1 - p) / (double)reps);
                if (fabs(a.wild_p - p) > 5 * sd + 1e-3)
                        fail_msg("%s: wild p %g, enumerated %g", c->name,
                                 a.wild_p, p);
        }
}

/* 13 + 13 clusters: C(26, 13) > 10^6, so randomization inference draws. */
static void test_ri_monte_carlo(void **state)
{
        enum { G = 26, PER = 5 };
        double y[G * PER];
        int arm[G * PER];
        size_t cl[G * PER], i;
        struct fk_cluster_data d = { y, NULL, arm, cl, G * PER, G };
        struct fk_cluster_result r;
        struct fk_error err = FK_ERROR_INIT;
        (void)state;
        for (i = 0; i < G * PER; i++) {
                cl[i] = i / PER;
                arm[i] = cl[i] < 13 ? 0 : 1;
                y[i] = (double)((i * 7919) % 13) + (arm[i] == 0 ? 0.0 : 0.5);
        }
        assert_int_equal(fk_cluster_compare(&d, 0.95, 5000, 1, &r, &err), 0);
        assert_int_equal(r.ri_exact, 0);
        fk_assert_rel(r.ri_assignments, 5000, 0);
        assert_true(r.ri_p >= 0 && r.ri_p <= 1);
        assert_int_equal(r.wild_reps, 5000);
        assert_string_equal(r.wild_weights, "rademacher");
}

/* 20 municipalities: the 184756 exact assignments well under a second. */
static void test_ri_speed(void **state)
{
        enum { G = 20, PER = 300 };
        static double y[G * PER];
        static int arm[G * PER];
        static size_t cl[G * PER];
        size_t i;
        struct fk_cluster_data d = { y, NULL, arm, cl, G * PER, G };
        struct fk_cluster_result r;
        struct fk_error err = FK_ERROR_INIT;
        clock_t t0;
        double secs;
        (void)state;
        for (i = 0; i < G * PER; i++) {
                cl[i] = i % G;
                arm[i] = cl[i] < 10 ? 0 : 1;
                y[i] = (double)((i * 31) % 7 < 3);
        }
        t0 = clock();
        assert_int_equal(fk_cluster_compare(&d, 0.95, 9999, 7, &r, &err), 0);
        secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        assert_int_equal(r.ri_exact, 1);
        fk_assert_rel(r.ri_assignments, 184756, 0);
        if (secs > 0.5)
                fail_msg("exact randomization took %.3f s", secs);
}

static void test_errors(void **state)
{
        double y[] = { 1, 0, 1, 0 };
        int arm[] = { 0, 0, 1, 1 };
        int arm_mixed[] = { 0, 1, 1, 1 };
        int arm_one[] = { 0, 0, 0, 0 };
        size_t cl[] = { 0, 0, 1, 1 };
        size_t cl_gap[] = { 0, 0, 2, 2 };
        struct fk_cluster_data d = { y, NULL, arm_mixed, cl, 4, 2 };
        struct fk_cluster_result r;
        struct fk_error err = FK_ERROR_INIT;
        (void)state;
        assert_int_equal(fk_cluster_compare(&d, 0.95, 99, 1, &r, &err), FK_EDATA);
        d.arm = arm_one;
        assert_int_equal(fk_cluster_compare(&d, 0.95, 99, 1, &r, &err), FK_EDATA);
        d.arm = arm;
        d.cl = cl_gap;
        d.G = 3;
        assert_int_equal(fk_cluster_compare(&d, 0.95, 99, 1, &r, &err), FK_EDATA);
        d.cl = cl;
        d.G = 2;
        assert_int_equal(fk_cluster_compare(&d, 1.5, 99, 1, &r, &err), FK_EDOMAIN);
        /* 1 + 1 clusters: computable estimate, ICC undefined (G - 2 = 0) */
        assert_int_equal(fk_cluster_compare(&d, 0.95, 99, 1, &r, &err), FK_OK);
        fk_assert_rel(r.estimate, 0, 0);
        assert_true(isnan(r.icc));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_r_reference),
                cmocka_unit_test(test_order_and_sums),
                cmocka_unit_test(test_shared_cases),
                cmocka_unit_test(test_weights_equal_expanded),
                cmocka_unit_test(test_monte_carlo),
                cmocka_unit_test(test_ri_monte_carlo),
                cmocka_unit_test(test_ri_speed),
                cmocka_unit_test(test_errors),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
