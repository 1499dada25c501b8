/* The time-to-job statistics that read the pooled distinct times (a
 * struct fk_surv_source) or one key a person (struct fk_coxcluster_keys)
 * against the ones that read (time, event, weight) arrays, on random
 * data: every number must have the same bits (memcmp of the results).
 * The data range from many ties (whole weeks) to nearly all-distinct
 * times, with all three Kaplan–Meier intervals (the log interval's upper
 * bound can rise where few are left at risk, which sends the median to
 * the kept curve), both ties methods, --table and times for 1 - S(t). */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include "fkstat/coxcluster.h"
#include "fkstat/timetojob.h"

/* splitmix64 */
static uint64_t rng_state;

static uint64_t rnd(void)
{
        uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
}

static double unif(void)
{
        return (double)(rnd() >> 11) / 9007199254740992.0;
}

static const double p10[] = { 1, 10, 100, 1000, 10000 };

/* One data set: people with (m, event, arm, cluster), time m / 10^s; the
 * first half of the G clusters in the trial arm (G = 1: not clustered,
 * arms at random). */
struct data {
        size_t n, G;
        int s;
        uint64_t *key;          /* sorted, as include/fkstat/coxcluster.h */
        double *t[2], *e[2];    /* per arm, in the order generated */
        size_t k[2];
        double *ct, *ce;        /* all people, for the clustered arrays */
        int *carm;
        size_t *ccl;
};

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

        return (x > y) - (x < y);
}

static void make(struct data *d, size_t n, size_t G, int s, double range,
                 double pevent)
{
        size_t gt = G / 2 ? G / 2 : 1;

        memset(d, 0, sizeof *d);
        d->n = n;
        d->G = G;
        d->s = s;
        d->key = malloc(n * sizeof *d->key);
        d->ct = malloc(n * sizeof *d->ct);
        d->ce = malloc(n * sizeof *d->ce);
        d->carm = malloc(n * sizeof *d->carm);
        d->ccl = malloc(n * sizeof *d->ccl);
        for (int a = 0; a < 2; a++) {
                d->t[a] = malloc(n * sizeof *d->t[a]);
                d->e[a] = malloc(n * sizeof *d->e[a]);
        }
        for (size_t i = 0; i < n; i++) {
                /* the first people cover every cluster, so each has some */
                size_t g = i < G ? i : (size_t)(unif() * (double)G);
                int arm = G == 1 ? unif() < 0.5 : g >= gt;
                /* the trial arm a little faster */
                double u = unif() * (arm ? 1.0 : 0.9);
                uint64_t m = (uint64_t)(u * range * p10[s]);
                int ev = unif() < pevent;
                double t = (double)m / p10[s];

                d->key[i] = m << 32 | (uint64_t)g << 2 | (uint64_t)ev << 1 |
                            (uint64_t)arm;
                d->t[arm][d->k[arm]] = t;
                d->e[arm][d->k[arm]++] = ev;
                d->ct[i] = t;
                d->ce[i] = ev;
                d->carm[i] = arm;
                d->ccl[i] = g;
        }
        qsort(d->key, n, sizeof *d->key, cmp_u64);
}

static void release(struct data *d)
{
        free(d->key);
        free(d->ct);
        free(d->ce);
        free(d->carm);
        free(d->ccl);
        for (int a = 0; a < 2; a++) {
                free(d->t[a]);
                free(d->e[a]);
        }
}

/* The source over the sorted keys, written here from the documented
 * layout (analyse/survkeys.c has the program's own). */
struct cursor {
        const struct data *d;
        size_t at;
};

static int next(void *ctx, struct fk_surv_time *out)
{
        struct cursor *c = ctx;
        const uint64_t *k = c->d->key;
        size_t i = c->at;
        uint64_t m;

        if (i >= c->d->n)
                return 0;
        m = k[i] >> 32;
        *out = (struct fk_surv_time){ (double)m / p10[c->d->s], { 0, 0 },
                                      { 0, 0 } };
        for (; i < c->d->n && k[i] >> 32 == m; i++) {
                if (k[i] & 2)
                        out->d[k[i] & 1]++;
                else
                        out->c[k[i] & 1]++;
        }
        c->at = i;
        return 1;
}

static void rewind_(void *ctx)
{
        ((struct cursor *)ctx)->at = 0;
}

static void same_result(const struct fk_outcome_result *x,
                        const struct fk_outcome_result *y)
{
        struct fk_outcome_result a = *x, b = *y;

        for (int g = 0; g < 2; g++) {
                assert_int_equal(a.groups[g].ntable, b.groups[g].ntable);
                if (a.groups[g].ntable)
                        assert_memory_equal(a.groups[g].table,
                                            b.groups[g].table,
                                            a.groups[g].ntable *
                                            sizeof *a.groups[g].table);
                a.groups[g].table = b.groups[g].table = NULL;
        }
        assert_memory_equal(&a, &b, sizeof a);
}

/* Does 1 - a bound of the interval ci of an arm (NaN aside) fall below
 * an earlier value somewhere?  Then the streamed median has to keep the
 * curve. */
static int bound_not_monotone(const struct data *d, int arm, int ci)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_km km;
        double max[2] = { 0, 0 };
        int no = 0;

        assert_int_equal(fk_km_fit(d->t[arm], d->e[arm], NULL, d->k[arm],
                                   0.95, (enum fk_km_ci)ci, &km, &err),
                         FK_OK);
        for (size_t i = 0; i < km.nsteps; i++)
                for (int b = 0; b < 2; b++) {
                        double y = 1.0 - (b ? km.steps[i].hi
                                            : km.steps[i].lo);

                        if (isnan(y))
                                continue;
                        no |= y < max[b];
                        max[b] = fmax(max[b], y);
                }
        fk_km_release(&km);
        return no;
}

static void test_compare_source(void **state)
{
        static const double at[] = { 0, 1.5, 3, NAN, 1e9, 0.25 };
        size_t nonmono = 0, cases = 0;

        (void)state;
        rng_state = 20261203;
        for (int rep = 0; rep < 120; rep++) {
                struct data d;
                size_t n = 5 + (size_t)(unif() * (rep < 60 ? 60 : 2000));
                int s = rep % 5;
                double range = rep % 3 == 0 ? 3 : 20;

                make(&d, n, 1, s, range, rep % 7 == 0 ? 0.97 : 0.6);
                if (!d.k[0] || !d.k[1]) {
                        release(&d);
                        continue;
                }
                for (int ci = 0; ci < 3; ci++)
                        nonmono += bound_not_monotone(&d, 0, ci) ||
                                   bound_not_monotone(&d, 1, ci);
                for (int ci = 0; ci < 3; ci++)
                        for (int ties = 0; ties < 2; ties++) {
                                struct fk_survival_opts o = {
                                        0.95, FK_BETTER_HIGHER,
                                        rep % 4 ? NAN : 0.1,
                                        (enum fk_km_ci)ci,
                                        (enum fk_ties)ties, at,
                                        sizeof at / sizeof *at, rep % 2 };
                                struct fk_durations du[2] = {
                                        { d.t[0], d.e[0], NULL, d.k[0] },
                                        { d.t[1], d.e[1], NULL, d.k[1] } };
                                struct cursor cu = { &d, 0 };
                                struct fk_surv_source src = {
                                        next, rewind_, &cu,
                                        { (double)d.k[0], (double)d.k[1] } };
                                struct fk_outcome_result x, y;
                                struct fk_error err = FK_ERROR_INIT;

                                fk_result_init(&x, "t", FK_TYPE_SURVIVAL,
                                               FK_BETTER_HIGHER, 0.95);
                                fk_result_init(&y, "t", FK_TYPE_SURVIVAL,
                                               FK_BETTER_HIGHER, 0.95);
                                assert_int_equal(fk_survival_compare(du, &o,
                                                 &x, &err), FK_OK);
                                assert_int_equal(fk_survival_compare_source(
                                                 &src, &o, &y, &err), FK_OK);
                                same_result(&x, &y);
                                fk_result_release(&x);
                                fk_result_release(&y);
                                cases++;
                        }
                release(&d);
        }
        assert_true(cases > 500);
        /* the kept-curve path of the median was taken */
        assert_true(nonmono > 0);
}

/* The curve of one arm streamed: without its steps it asks to be built
 * again (redo) whenever a bound rises; with them it is fk_km_fit's. */
static void test_km_stream(void **state)
{
        size_t redone = 0;

        (void)state;
        rng_state = 99;
        for (int rep = 0; rep < 200; rep++) {
                struct data d;

                make(&d, 3 + (size_t)(unif() * 300), 1, rep % 3, 10, 0.8);
                for (int arm = 0; arm < 2; arm++)
                        for (int ci = 0; ci < 3 && d.k[arm]; ci++)
                                for (int keep = 0; keep < 2; keep++) {
                                struct fk_error err = FK_ERROR_INIT;
                                struct fk_km_stream ks;
                                struct fk_km want, got;
                                struct cursor cu = { &d, 0 };
                                struct fk_surv_time st;
                                int redo;

                                assert_int_equal(fk_km_fit(d.t[arm], d.e[arm],
                                        NULL, d.k[arm], 0.95, (enum fk_km_ci)ci,
                                        &want, &err), FK_OK);
                                assert_int_equal(fk_km_stream_init(&ks,
                                        (double)d.k[arm], 0.95,
                                        (enum fk_km_ci)ci, NULL, 0, keep,
                                        &err), FK_OK);
                                while (next(&cu, &st))
                                        assert_int_equal(fk_km_stream_step(&ks,
                                                st.t, st.d[arm], st.c[arm],
                                                &err), FK_OK);
                                assert_int_equal(fk_km_stream_end(&ks, &got,
                                        &redo, &err), FK_OK);
                                fk_km_stream_release(&ks);
                                if (!keep && bound_not_monotone(&d, arm, ci))
                                        assert_true(redo);
                                redone += redo;
                                if (keep) {
                                        assert_false(redo);
                                        assert_int_equal(got.nsteps,
                                                         want.nsteps);
                                        assert_memory_equal(got.steps,
                                                want.steps, want.nsteps *
                                                sizeof *want.steps);
                                }
                                if (!redo) {
                                        assert_memory_equal(&got.median,
                                                &want.median,
                                                sizeof got.median);
                                        assert_memory_equal(got.median_ci,
                                                want.median_ci,
                                                sizeof got.median_ci);
                                        fk_km_release(&got);
                                }
                                fk_km_release(&want);
                        }
                release(&d);
        }
        assert_true(redone > 0);
}

static void test_cluster_keys(void **state)
{
        size_t done = 0;

        (void)state;
        rng_state = 7;
        for (int rep = 0; rep < 40; rep++) {
                struct data d;
                /* 4 to 11 clusters: exact enumeration; 24: draws */
                size_t G = rep % 5 == 4 ? 24 : 4 + (size_t)(unif() * 8);
                size_t n = G + (size_t)(unif() * 1500);
                struct fk_coxcluster_keys k;
                struct fk_coxcluster_data a;

                make(&d, n, G, rep % 3, rep % 2 ? 4 : 30, 0.7);
                k = (struct fk_coxcluster_keys){ d.key, NULL, 0, d.n, d.G,
                                                 p10[d.s] };
                a = (struct fk_coxcluster_data){ d.ct, d.ce, NULL, d.carm,
                                                 d.ccl, d.n, d.G };
                for (int ties = 0; ties < 2; ties++) {
                        struct fk_coxcluster_result x, y;
                        struct fk_error err = FK_ERROR_INIT;

                        memset(&x, 0, sizeof x);
                        memset(&y, 0, sizeof y);
                        assert_int_equal(fk_coxcluster_robust(&a,
                                (enum fk_ties)ties, 0.9, &x, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_robust_keys(&k,
                                (enum fk_ties)ties, 0.9, &y, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_randomization(&a,
                                (enum fk_ties)ties, 150, 3, &x, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_randomization_keys(&k,
                                (enum fk_ties)ties, 150, 3, &y, &err), FK_OK);
                        assert_memory_equal(&x, &y, sizeof x);
                        done++;
                }
                /* the narrow layout (times below 2^(30 - 5) here) */
                {
                        uint32_t *k32 = malloc(d.n * sizeof *k32);
                        struct fk_coxcluster_keys k2 = { NULL, k32, 5, d.n,
                                                         d.G, p10[d.s] };
                        struct fk_coxcluster_result x, y;
                        struct fk_error err = FK_ERROR_INIT;

                        assert_non_null(k32);
                        for (size_t i = 0; i < d.n; i++) {
                                assert_true((d.key[i] >> 32) < (1u << 25));
                                k32[i] = (uint32_t)((d.key[i] >> 32) << 7 |
                                                    (d.key[i] & 0x7f));
                                assert_true(fk_coxcluster_key(&k2, i) ==
                                            d.key[i]);
                        }
                        memset(&x, 0, sizeof x);
                        memset(&y, 0, sizeof y);
                        assert_int_equal(fk_coxcluster_robust_keys(&k,
                                FK_TIES_EFRON, 0.95, &x, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_robust_keys(&k2,
                                FK_TIES_EFRON, 0.95, &y, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_randomization_keys(&k,
                                FK_TIES_EFRON, 50, 5, &x, &err), FK_OK);
                        assert_int_equal(fk_coxcluster_randomization_keys(
                                &k2, FK_TIES_EFRON, 50, 5, &y, &err), FK_OK);
                        assert_memory_equal(&x, &y, sizeof x);
                        free(k32);
                }
                release(&d);
        }
        assert_int_equal(done, 80);
}

/* A cluster in both arms and an arm without clusters: the errors of the
 * array version. */
static void test_cluster_keys_errors(void **state)
{
        uint64_t key[3] = { 1ull << 32 | 0 << 2 | 2 | 0,
                            2ull << 32 | 1 << 2 | 0 | 0,
                            3ull << 32 | 1 << 2 | 2 | 1 };
        struct fk_coxcluster_keys k = { key, NULL, 0, 3, 2, 1 };
        struct fk_coxcluster_result y;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_coxcluster_robust_keys(&k, FK_TIES_EFRON, 0.95,
                                                   &y, &err), FK_EDATA);
        assert_string_equal(err.msg, "cluster 1 holds both arms");
        key[2] &= ~(uint64_t)1;
        assert_int_equal(fk_coxcluster_randomization_keys(&k, FK_TIES_EFRON,
                                                          10, 1, &y, &err),
                         FK_EDATA);
        assert_string_equal(err.msg, "the control arm has no cluster");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_compare_source),
                cmocka_unit_test(test_km_stream),
                cmocka_unit_test(test_cluster_keys),
                cmocka_unit_test(test_cluster_keys_errors),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
