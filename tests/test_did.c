/* Unit tests of stats/did.c, stats/regress.c and table/panel.c against R
 * (tests/reference/did.R writes tests/reference/did_r.inc: lm with unit and
 * period dummies; CR1 = sandwich::vcovCL(type = "HC1") with t(G - 1); CR2 =
 * clubSandwich::coef_test(vcov = "CR2", test = "Satterthwaite"); the event
 * study's CR2 coefficients; randomization over every combn(U, U_T); the WCR
 * wild bootstrap over every weight vector).
 *
 * Tolerances: estimate 1e-9, CR1 1e-8, CR2 se and df 1e-7 relative
 * (Cholesky on the normal equations against R's QR); enumerated p-values
 * exactly (both sides use the same 1e-12 tie slack). */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fkstat/did.h"
#include "fkstat/panel.h"
#include "fkstat/regress.h"
#include "stats/resample.h"

struct did_case {
        const char *name;
        const size_t *unit, *period;
        const double *y, *w;
        const int *treated;
        size_t n, U, T, start;
        const double (*event)[3];
        size_t nevent;
        double v[11];   /* est, cr1 se, cr1 lo, cr1 p, cr2 se, df, p, lo,
                           ri p, wild p, wild count */
};

#include "reference/did_r.inc"

#define NCASES (sizeof did_cases / sizeof did_cases[0])

static struct fk_panel panel_of(const struct did_case *c)
{
        struct fk_panel p;

        memset(&p, 0, sizeof p);
        p.n = c->n;
        p.y = (double *)c->y;
        p.w = (double *)c->w;
        p.unit = (size_t *)c->unit;
        p.period = (size_t *)c->period;
        p.U = c->U;
        p.T = c->T;
        p.treated = (int *)c->treated;
        p.start = c->start;
        return p;
}

static void test_r_reference(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct did_case *c = &did_cases[i];
                struct fk_panel p = panel_of(c);
                struct fk_did_result r;
                struct fk_error err = FK_ERROR_INIT;
                /* enough draws to enumerate every weight vector */
                size_t reps = isnan(c->v[10]) ? 999 : (size_t)c->v[10];

                print_message("%s\n", c->name);
                assert_int_equal(fk_did_fit(&p, 0.95, reps, 1, &r, &err), FK_OK);
                fk_assert_rel(r.estimate, c->v[0], 1e-9);
                fk_assert_rel(r.cr1.se, c->v[1], 1e-8);
                fk_assert_rel(r.cr1.ci[0], c->v[2], 1e-8);
                fk_assert_rel(r.cr1.p_value, c->v[3], 1e-8);
                fk_assert_rel(r.cr2.se, c->v[4], 1e-7);
                fk_assert_rel(r.cr2.df, c->v[5], 1e-7);
                fk_assert_rel(r.cr2.p_value, c->v[6], 1e-6);
                fk_assert_rel(r.cr2.ci[0], c->v[7], 1e-7);
                assert_true(r.ri_exact);
                fk_assert_rel(r.ri_p, c->v[8], 1e-14);
                if (!isnan(c->v[9])) {
                        fk_assert_rel((double)r.wild_reps, c->v[10], 0);
                        fk_assert_rel(r.wild_p, c->v[9], 1e-14);
                }
                assert_int_equal(r.nevent, c->nevent);
                for (size_t k = 0; k < c->nevent; k++) {
                        fk_assert_rel(r.event[k].estimate, c->event[k][0], 1e-8);
                        fk_assert_rel(r.event[k].se, c->event[k][1], 1e-7);
                        fk_assert_rel(r.event[k].df, c->event[k][2], 1e-7);
                }
                fk_did_release(&r);
        }
}

/* The same seed gives the same Monte Carlo p-values; another seed need
 * not. */
static void test_reproducible(void **state)
{
        const struct did_case *c = &did_cases[0];
        struct fk_panel p = panel_of(c);
        struct fk_did_result a, b;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_did_fit(&p, 0.95, 999, 42, &a, &err), FK_OK);
        assert_int_equal(fk_did_fit(&p, 0.95, 999, 42, &b, &err), FK_OK);
        assert_int_equal(a.wild_reps, 999);
        assert_true(a.wild_p >= 0 && a.wild_p <= 1);
        fk_assert_rel(a.wild_p, b.wild_p, 0);
        fk_did_release(&a);
        fk_did_release(&b);
}

static void test_periods(void **state)
{
        enum fk_period_kind k;
        long o;

        (void)state;
        assert_int_equal(fk_period_parse("2017Q3", &k, &o), FK_OK);
        assert_int_equal(k, FK_PERIOD_QUARTER);
        assert_int_equal(o, 2017 * 4 + 2);
        assert_int_equal(fk_period_parse("2017-Q3", &k, &o), FK_OK);
        assert_int_equal(o, 2017 * 4 + 2);
        assert_int_equal(fk_period_parse("2017-07", &k, &o), FK_OK);
        assert_int_equal(k, FK_PERIOD_MONTH);
        assert_int_equal(o, 2017 * 12 + 6);
        assert_int_equal(fk_period_parse("2017M7", &k, &o), FK_OK);
        assert_int_equal(o, 2017 * 12 + 6);
        assert_int_equal(fk_period_parse("2017m12", &k, &o), FK_OK);
        assert_int_equal(fk_period_parse("2017", &k, &o), FK_OK);
        assert_int_equal(k, FK_PERIOD_YEAR);
        assert_int_equal(fk_period_parse("2017Q5", &k, &o), FK_EDATA);
        assert_int_equal(fk_period_parse("2017-13", &k, &o), FK_EDATA);
        assert_int_equal(fk_period_parse("17Q1", &k, &o), FK_EDATA);
        assert_int_equal(fk_period_parse("2017Q", &k, &o), FK_EDATA);
        assert_int_equal(fk_period_parse("", &k, &o), FK_EDATA);
}

static struct fk_table *parse(const char *csv)
{
        struct fk_table *t = NULL;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_csv_opts o = FK_CSV_OPTS_INIT;

        assert_int_equal(fk_table_parse_buffer(csv, strlen(csv), "p.csv", 0,
                                               &o, &t, &err), FK_OK);
        return t;
}

/* Person rows collapse into weighted cells; the estimate equals the one of
 * the cell means. */
static void test_panel_aggregates(void **state)
{
        static const char *rows =
                "k,t,tr,y\nA,2017,1,1\nA,2017,1,0\nA,2018,1,1\n"
                "B,2017,0,0\nB,2018,0,1\nB,2018,0,0\nB,2018,0,0\n"
                "C,2017,0,1\nC,2018,0,\n";
        struct fk_panel_spec s = { "k", "t", "y", "tr", NULL, "2018" };
        struct fk_table *t = parse(rows);
        struct fk_panel p;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_OK);
        assert_int_equal(p.U, 3);
        assert_int_equal(p.T, 2);
        assert_int_equal(p.n, 5);
        assert_int_equal(p.excluded, 1);
        assert_true(p.aggregated);
        assert_int_equal(p.start, 1);
        assert_string_equal(p.unit_names[0], "A");
        assert_int_equal(p.treated[0], 1);
        fk_assert_rel(p.y[0], 0.5, 1e-15);     /* A 2017 */
        fk_assert_rel(p.w[0], 2, 0);
        fk_assert_rel(p.y[2], 0, 0);           /* B 2017 */
        fk_assert_rel(p.y[3], 1.0 / 3, 1e-15); /* B 2018 */
        fk_panel_release(&p);
        fk_table_free(t);
}

static void test_panel_errors(void **state)
{
        struct fk_panel p;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;
        struct fk_panel_spec s = { "k", "t", "y", "tr", NULL, "2018" };

        (void)state;
        t = parse("k,t,tr,y\nA,2017,1,1\nA,2018,0,1\nB,2017,0,1\nB,2018,0,1\n");
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EDATA);
        assert_int_equal(err.line, 3);
        fk_table_free(t);
        t = parse("k,t,tr,y\nA,2017,1,1\nA,2018Q1,1,1\nB,2017,0,1\n");
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EDATA);
        assert_int_equal(err.line, 3);
        fk_table_free(t);
        t = parse("k,t,tr,y\nA,2017,1,1\nB,2017,0,1\n");
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EDATA);
        assert_non_null(strstr(err.msg, "no period from"));
        fk_table_free(t);
        t = parse("k,t,tr,y\nA,2017,1,1\nA,2018,1,x\n");
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EDATA);
        assert_int_equal(err.line, 3);
        fk_table_free(t);
        s.start = "2018Q1";
        t = parse("k,t,tr,y\nA,2017,1,1\nB,2018,0,1\n");
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EUSAGE);
        s.start = "2018";
        s.weight = "nope";
        assert_int_equal(fk_panel_read(t, &s, &p, &err), FK_EUSAGE);
        fk_table_free(t);
}

/* A treated x post column that the fixed effects absorb is an error, not
 * a number. */
static void test_collinear(void **state)
{
        static const size_t unit[] = { 0, 0, 1, 1, 2, 2 };
        static const size_t period[] = { 0, 1, 0, 1, 0, 1 };
        static const double y[] = { 1, 2, 1, 3, 2, 2 };
        static const int treated[] = { 1, 1, 0 }, treated1[] = { 1, 0, 0 };
        struct fk_panel p;
        struct fk_did_result r;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        memset(&p, 0, sizeof p);
        p.n = 6;
        p.y = (double *)y;
        p.unit = (size_t *)unit;
        p.period = (size_t *)period;
        p.U = 3;
        p.T = 2;
        p.treated = (int *)treated;
        p.start = 1;
        /* too few cells for the coefficients: an error, not a crash */
        p.n = 2;
        assert_int_equal(fk_did_fit(&p, 0.95, 99, 1, &r, &err), FK_EDATA);
        p.n = 6;
        assert_int_equal(fk_did_fit(&p, 0.95, 99, 1, &r, &err), FK_OK);
        fk_did_release(&r);
        /* the treated unit seen only after the start: D is its dummy */
        p.unit = (size_t *)unit + 1;
        p.period = (size_t *)period + 1;
        p.y = (double *)y + 1;
        p.treated = (int *)treated1;
        p.n = 5;
        assert_int_equal(fk_did_fit(&p, 0.95, 99, 1, &r, &err), FK_EDATA);
        assert_non_null(strstr(err.msg, "collinear"));
}

/* The statistics of every draw, as fk_resample_trace hands them over. */
#define TRACE_MAX 10000
static double trace_t[2][TRACE_MAX];
static size_t trace_n[2];

static void trace(int which, size_t draw, double t)
{
        assert_true(draw < TRACE_MAX);
        trace_t[which][draw] = t;
        if (draw + 1 > trace_n[which])
                trace_n[which] = draw + 1;
}

/* A panel of U units (the first nt treated) over T periods, start 2, its
 * outcome from a linear congruential generator; w: weights too. */
struct gen_panel {
        size_t unit[40 * 6], period[40 * 6];
        double y[40 * 6], w[40 * 6];
        int treated[40];
};

static struct fk_panel gen_panel(struct gen_panel *g, size_t U, size_t T,
                                 size_t nt, int w)
{
        struct fk_panel p;
        uint64_t x = 12345 + U;

        memset(&p, 0, sizeof p);
        for (size_t u = 0; u < U; u++) {
                g->treated[u] = u < nt;
                for (size_t t = 0; t < T; t++) {
                        size_t i = u * T + t;

                        x = x * 6364136223846793005u + 1442695040888963407u;
                        g->unit[i] = u;
                        g->period[i] = t;
                        g->y[i] = (double)(x >> 11) / 9007199254740992.0 +
                                  0.05 * (double)(u < nt && t >= 2);
                        g->w[i] = 1 + (double)(x >> 60);
                }
        }
        p.n = U * T;
        p.y = g->y;
        p.w = w ? g->w : NULL;
        p.unit = g->unit;
        p.period = g->period;
        p.U = U;
        p.T = T;
        p.treated = g->treated;
        p.start = 2;
        return p;
}

/* The wild bootstrap and randomization statistics are the same bits draw
 * by draw, and so are the p-values, whether each draw is evaluated on its
 * own or FK_LANES at a time, on one thread or several: Rademacher and
 * Webb weights drawn and enumerated, assignments drawn and enumerated. */
static void test_batched_threads(void **state)
{
        static const struct { size_t U, nt, reps; int w; } cases[] = {
                { 30, 15, 2000, 0 },    /* Rademacher drawn, RI drawn */
                { 40, 13, 1500, 1 },
                { 13, 6, 9000, 1 },     /* 2^13 enumerated, RI exact */
                { 8, 4, 2000, 0 },      /* Webb drawn, RI exact */
                { 5, 2, 9999, 1 },      /* 6^5 enumerated */
        };
        static const unsigned threads[] = { 1, 2, 3, 8 };
        static double ref[2][TRACE_MAX];
        static struct gen_panel g;

        (void)state;
        fk_resample_trace = trace;
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
                struct fk_panel p = gen_panel(&g, cases[c].U, 6, cases[c].nt,
                                              cases[c].w);
                struct fk_did_result a, b;
                struct fk_error err = FK_ERROR_INIT;
                size_t refn[2];

                fk_resample_one_at_a_time = 1;
                fk_resample_threads = 1;
                trace_n[0] = trace_n[1] = 0;
                assert_int_equal(fk_did_fit(&p, 0.95, cases[c].reps, 3, &a,
                                            &err), FK_OK);
                memcpy(ref, trace_t, sizeof ref);
                refn[0] = trace_n[0];
                refn[1] = trace_n[1];
                assert_int_equal(refn[0], a.wild_reps);
                assert_true(refn[1] == (size_t)a.ri_assignments);
                assert_true(a.wild_p > 0 && a.wild_p < 1);
                fk_resample_one_at_a_time = 0;
                for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
                        print_message("U %zu, %u threads\n", cases[c].U,
                                      threads[t]);
                        fk_resample_threads = threads[t];
                        trace_n[0] = trace_n[1] = 0;
                        memset(trace_t, 0, sizeof trace_t);
                        assert_int_equal(fk_did_fit(&p, 0.95, cases[c].reps, 3,
                                                    &b, &err), FK_OK);
                        assert_int_equal(trace_n[0], refn[0]);
                        assert_int_equal(trace_n[1], refn[1]);
                        assert_memory_equal(trace_t[0], ref[0],
                                            refn[0] * sizeof(double));
                        assert_memory_equal(trace_t[1], ref[1],
                                            refn[1] * sizeof(double));
                        assert_memory_equal(&b.wild_p, &a.wild_p,
                                            sizeof a.wild_p);
                        assert_memory_equal(&b.ri_p, &a.ri_p, sizeof a.ri_p);
                        assert_int_equal(b.wild_reps, a.wild_reps);
                        assert_int_equal(b.ri_exact, a.ri_exact);
                        fk_did_release(&b);
                }
                fk_did_release(&a);
        }
        fk_resample_trace = NULL;
        fk_resample_threads = 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_r_reference),
                cmocka_unit_test(test_reproducible),
                cmocka_unit_test(test_periods),
                cmocka_unit_test(test_panel_aggregates),
                cmocka_unit_test(test_panel_errors),
                cmocka_unit_test(test_collinear),
                cmocka_unit_test(test_batched_threads),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
