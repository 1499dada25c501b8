/* Unit tests of the staggered-starts estimates (stats/staggered.c,
 * stats/bacon.c, stats/stagger_ri.c) and of the did pipeline that reads
 * per-unit starts (analyse/did.c, analyse/didstarts.c).
 *
 * Reference values: tests/reference/staggered.R writes
 * tests/reference/staggered_r.inc from the closed forms of R did::att_gt
 * and did::aggte (bstrap = FALSE; cell-mean differences, the influence
 * functions written out), lm(y ~ D + factor(unit) + factor(period)) for the
 * fixed-effects coefficient, bacondecomp::bacon's 2x2 estimates (lm on each
 * subsample) and weights, and randomization over every distinct
 * reassignment of the starts.
 *
 * Tolerances (relative): ATT(g,t) and aggregate estimates 1e-10 (1e-13
 * absolute where R gives 0), standard errors 1e-9, the fixed-effects
 * coefficient and the 2x2 estimates 1e-9 (Cholesky on the normal
 * equations against R's QR), weights 1e-10; enumerated p-values exactly
 * (both sides use the 1e-12 tie slack). */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fkstat/didanalyse.h"
#include "fkstat/staggered.h"

#define NEVER FK_STAGGER_NEVER

struct stagger_case {
        const char *name;
        const size_t *unit, *period;
        const double *y;
        size_t n, U, T;
        const long *ord, *start;
        const char *const *plab;
        int notyet, universal;
        const double (*gt)[5];          /* cohort, period, base, att, se */
        size_t ngt;
        const double (*dyn)[3];         /* event time, estimate, se */
        size_t ndyn;
        const double (*grp)[3];         /* cohort, estimate, se */
        size_t ngrp;
        const double (*bacon)[3];       /* type, estimate, weight */
        size_t nbacon;
        double v[8];    /* simple est, se, ci lo, ci hi, p; twfe; ri p,
                           assignments */
        size_t used, dropped;
};

#include "reference/staggered_r.inc"

#define NCASES (sizeof stagger_cases / sizeof stagger_cases[0])

/* A panel over the case's arrays, the start labels from the period
 * labels (every start here is a period of the panel). */
struct setup {
        struct fk_panel p;
        const char *label[64];
        struct fk_stagger_data d;
};

static void setup_case(const struct stagger_case *c, struct setup *s)
{
        memset(s, 0, sizeof *s);
        s->p.n = c->n;
        s->p.y = (double *)c->y;
        s->p.unit = (size_t *)c->unit;
        s->p.period = (size_t *)c->period;
        s->p.U = c->U;
        s->p.T = c->T;
        s->p.period_names = (char **)c->plab;
        assert_true(c->U <= 64);
        for (size_t u = 0; u < c->U; u++)
                for (size_t t = 0; t < c->T; t++)
                        if (c->ord[t] == c->start[u])
                                s->label[u] = c->plab[t];
        s->d = (struct fk_stagger_data){ &s->p, c->ord, c->start, s->label };
}

static void fit_case(const struct stagger_case *c, struct setup *s,
                     struct fk_stagger_result *r)
{
        struct fk_stagger_spec sp = { c->notyet ? FK_CONTROL_NOTYET :
                                      FK_CONTROL_NEVER, c->universal ?
                                      FK_BASE_UNIVERSAL : FK_BASE_VARYING,
                                      0.95, 999, 1 };
        struct fk_error err = FK_ERROR_INIT;

        setup_case(c, s);
        assert_int_equal(fk_stagger_fit(&s->d, &sp, r, &err), FK_OK);
}

static void test_r_reference(void **state)
{
        (void)state;
        for (size_t i = 0; i < NCASES; i++) {
                const struct stagger_case *c = &stagger_cases[i];
                struct setup s;
                struct fk_stagger_result r;
                double sum = 0;

                print_message("%s\n", c->name);
                fit_case(c, &s, &r);
                assert_int_equal(r.used, c->used);
                assert_int_equal(r.dropped_first + r.dropped_unbalanced,
                                 c->dropped);
                fk_assert_rel(r.df, (double)c->used - 1, 0);
                assert_int_equal(r.ngt, c->ngt);
                for (size_t k = 0; k < c->ngt; k++) {
                        const struct fk_stagger_gt *g = &r.gt[k];

                        assert_int_equal(g->cohort, (size_t)c->gt[k][0]);
                        assert_int_equal(g->period, (size_t)c->gt[k][1]);
                        assert_int_equal(g->base, (size_t)c->gt[k][2]);
                        if (c->gt[k][3] > 0 || c->gt[k][3] < 0)
                                fk_assert_rel(g->estimate, c->gt[k][3], 1e-10);
                        else
                                fk_assert_rel(g->estimate, 0, 1e-13);
                        fk_assert_rel(g->se, c->gt[k][4], 1e-9);
                }
                fk_assert_rel(r.simple.estimate, c->v[0], 1e-10);
                fk_assert_rel(r.simple.se, c->v[1], 1e-9);
                fk_assert_rel(r.simple.ci[0], c->v[2], 1e-9);
                fk_assert_rel(r.simple.ci[1], c->v[3], 1e-9);
                fk_assert_rel(r.simple.p_value, c->v[4], 1e-8);
                assert_int_equal(r.ndynamic, c->ndyn);
                for (size_t k = 0; k < c->ndyn; k++) {
                        assert_int_equal(r.dynamic[k].key, (long)c->dyn[k][0]);
                        if (isnan(c->dyn[k][2]))
                                fk_assert_rel(r.dynamic[k].estimate, 0, 1e-13);
                        else
                                fk_assert_rel(r.dynamic[k].estimate,
                                              c->dyn[k][1], 1e-10);
                        fk_assert_rel(r.dynamic[k].se, c->dyn[k][2], 1e-9);
                }
                assert_int_equal(r.ngroup, c->ngrp);
                for (size_t k = 0; k < c->ngrp; k++) {
                        assert_int_equal(r.group[k].key, (long)c->grp[k][0]);
                        fk_assert_rel(r.group[k].estimate, c->grp[k][1], 1e-10);
                        fk_assert_rel(r.group[k].se, c->grp[k][2], 1e-9);
                }
                fk_assert_rel(r.twfe, c->v[5], 1e-9);
                assert_int_equal(r.nbacon, c->nbacon);
                for (size_t k = 0; k < c->nbacon; k++) {
                        assert_int_equal(r.bacon[k].type, (int)c->bacon[k][0]);
                        fk_assert_rel(r.bacon[k].estimate, c->bacon[k][1], 1e-9);
                        fk_assert_rel(r.bacon[k].weight, c->bacon[k][2], 1e-10);
                        sum += r.bacon[k].weight * r.bacon[k].estimate;
                }
                if (c->nbacon)  /* the decomposition adds up */
                        fk_assert_rel(sum, r.twfe, 1e-10);
                else
                        assert_non_null(r.bacon_note);
                if (!isnan(c->v[6])) {
                        assert_true(r.ri_exact);
                        fk_assert_rel(r.ri_assignments, c->v[7], 0);
                        fk_assert_rel(r.ri_p, c->v[6], 1e-14);
                }
                fk_stagger_release(&r);
        }
}

/* Sum of weight x estimate is the fixed-effects coefficient on random
 * balanced designs: never-treated or not, two to five cohorts. */
static void test_bacon_identity(void **state)
{
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        int checked = 0;

        (void)state;
        for (int rep = 0; rep < 40; rep++) {
                size_t U = 6 + gsl_rng_uniform_int(rng, 20);
                size_t T = 4 + gsl_rng_uniform_int(rng, 12), n = U * T;
                size_t *unit = malloc(n * sizeof *unit);
                size_t *period = malloc(n * sizeof *period);
                double *y = malloc(n * sizeof *y);
                long *ord = malloc(T * sizeof *ord), *start = malloc(U * sizeof *start);
                const char **lab = calloc(U, sizeof *lab);
                char **pn = calloc(T, sizeof *pn);
                struct fk_panel p;
                struct fk_stagger_data d;
                struct fk_stagger_spec sp = { FK_CONTROL_NOTYET,
                                              FK_BASE_VARYING, 0.95, 99, 1 };
                struct fk_stagger_result r;
                struct fk_error err = FK_ERROR_INIT;
                double sum = 0, wsum = 0;
                int never = rep % 2;

                for (size_t t = 0; t < T; t++) {
                        ord[t] = 2000 + (long)t;
                        pn[t] = (char *)"p";
                }
                for (size_t u = 0; u < U; u++) {
                        start[u] = never && u < 2 ? NEVER :
                                   2001 + (long)gsl_rng_uniform_int(rng, T);
                        lab[u] = "s";
                        for (size_t t = 0; t < T; t++) {
                                size_t i = u * T + t;

                                unit[i] = u;
                                period[i] = t;
                                y[i] = 0.1 * (double)u + 0.05 * (double)t +
                                       (ord[t] >= start[u] ? 0.3 +
                                        0.02 * (double)(ord[t] - start[u]) : 0) +
                                       gsl_ran_gaussian(rng, 0.1);
                        }
                }
                memset(&p, 0, sizeof p);
                p = (struct fk_panel){ .n = n, .y = y, .unit = unit,
                                       .period = period, .U = U, .T = T,
                                       .period_names = pn };
                d = (struct fk_stagger_data){ &p, ord, start, lab };
                if (fk_stagger_fit(&d, &sp, &r, &err) == FK_OK &&
                    r.nbacon) {
                        for (size_t k = 0; k < r.nbacon; k++) {
                                sum += r.bacon[k].weight * r.bacon[k].estimate;
                                wsum += r.bacon[k].weight;
                        }
                        fk_assert_rel(wsum, 1, 1e-12);
                        fk_assert_rel(sum, r.twfe, 1e-9);
                        checked++;
                }
                fk_stagger_release(&r);
                free(unit);
                free(period);
                free(y);
                free(ord);
                free(start);
                free(lab);
                free(pn);
        }
        gsl_rng_free(rng);
        assert_true(checked >= 30);
}

/* Beyond 10^6 assignments: reps draws, the same for a seed. */
static void test_ri_draws(void **state)
{
        const struct stagger_case *c = &stagger_cases[0];  /* 14 units */
        struct setup s;
        struct fk_stagger_spec sp = { FK_CONTROL_NEVER, FK_BASE_VARYING, 0.95,
                                      199, 7 };
        struct fk_stagger_result a, b;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        setup_case(c, &s);
        assert_int_equal(fk_stagger_fit(&s.d, &sp, &a, &err), FK_OK);
        assert_int_equal(fk_stagger_fit(&s.d, &sp, &b, &err), FK_OK);
        assert_false(a.ri_exact);       /* 14!/(4!4!3!3!) > 10^6 */
        fk_assert_rel(a.ri_assignments, 199, 0);
        assert_true(a.ri_p >= 0 && a.ri_p <= 1);
        fk_assert_rel(a.ri_p, b.ri_p, 0);
        fk_stagger_release(&a);
        fk_stagger_release(&b);
}

static void test_verdict_and_errors(void **state)
{
        const struct stagger_case *c = &stagger_cases[0];
        struct setup s;
        struct fk_stagger_spec sp = { FK_CONTROL_NEVER, FK_BASE_VARYING, 1.5,
                                      99, 1 };
        struct fk_stagger_result r;
        struct fk_verdict v;
        struct fk_error err = FK_ERROR_INIT;
        long early[64];
        static const double y[] = { 1, 2, 3, 4 };
        static const size_t g[] = { 0, 1 };

        (void)state;
        setup_case(c, &s);
        assert_int_equal(fk_stagger_fit(&s.d, &sp, &r, &err), FK_EDOMAIN);
        fk_stagger_release(&r);
        sp.conf = 0.95;
        assert_int_equal(fk_stagger_fit(&s.d, &sp, &r, &err), FK_OK);
        fk_stagger_verdict(&r, FK_BETTER_HIGHER, 0.01, &v);
        assert_int_equal(v.basis, FK_BASIS_CS_SIMPLE);
        fk_assert_rel(v.df, (double)r.used - 1, 0);
        fk_assert_rel(v.estimate, r.simple.estimate, 0);
        assert_true(v.p_value >= 0 && v.p_value <= 1);
        assert_int_equal(v.few_clusters, r.units_treated < 5 ||
                         r.units_control < 5);
        fk_assert_rel(v.ri_p, r.ri_p, 0);
        fk_stagger_release(&r);
        /* every unit in the trial from the first period: nothing to
         * estimate */
        for (size_t u = 0; u < c->U; u++)
                early[u] = c->start[u] == NEVER ? NEVER : c->ord[0];
        s.d.start = early;
        assert_int_equal(fk_stagger_fit(&s.d, &sp, &r, &err), FK_EDATA);
        fk_stagger_release(&r);
        /* a unit treated from the first period has no place in bacon */
        {
                struct fk_bacon_term t[4];
                size_t nt;

                assert_int_equal(fk_bacon_decompose(y, 2, 2, g, t, &nt, &err),
                                 FK_EDOMAIN);
        }
        assert_int_equal(fk_control_group_parse("notyet"), FK_CONTROL_NOTYET);
        assert_int_equal(fk_control_group_parse("Never"), -1);
        assert_int_equal(fk_base_period_parse("universal"), FK_BASE_UNIVERSAL);
        assert_string_equal(fk_bacon_type_name(FK_BACON_LATER_VS_EARLIER),
                            "later_vs_earlier");
}

/* ---- the pipeline: starts from a column or a file, unit lists */

static struct fk_table *parse(const char *csv)
{
        struct fk_table *t = NULL;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_csv_opts o = FK_CSV_OPTS_INIT;

        assert_int_equal(fk_table_parse_buffer(csv, strlen(csv), "p.csv", 0,
                                               &o, &t, &err), FK_OK);
        return t;
}

/* Six units over six years: A, B start 2003, C, D 2004 (written two
 * ways), E, F never. */
static const char *panel6 =
        "k,t,s,tr,y\n"
        "A,2001,2003,1,1.0\nA,2002,2003,1,1.1\nA,2003,2003,1,1.9\nA,2004,2003,1,2.0\n"
        "A,2005,2003,1,2.2\nA,2006,2003,1,2.1\n"
        "B,2001,2003,1,0.5\nB,2002,2003,1,0.7\nB,2003,2003,1,1.5\nB,2004,2003,1,1.4\n"
        "B,2005,2003,1,1.6\nB,2006,2003,1,1.7\n"
        "C,2001,2004,1,0.9\nC,2002,2004,1,1.0\nC,2003,2004,1,1.0\nC,2004,2004,1,1.8\n"
        "C,2005,2004,1,1.9\nC,2006,2004,1,2.0\n"
        "D,2001,2004,1,1.2\nD,2002,2004,1,1.1\nD,2003,2004,1,1.3\nD,2004,2004,1,2.1\n"
        "D,2005,2004,1,2.0\nD,2006,2004,1,2.3\n"
        "E,2001,,0,1.0\nE,2002,,0,1.1\nE,2003,,0,1.2\nE,2004,,0,1.2\n"
        "E,2005,,0,1.3\nE,2006,,0,1.4\n"
        "F,2001,,0,0.8\nF,2002,,0,0.8\nF,2003,,0,1.0\nF,2004,,0,1.1\n"
        "F,2005,,0,1.1\nF,2006,,0,1.3\n";

static void notes(void *ctx, const char *msg)
{
        (void)msg;
        (*(int *)ctx)++;
}

static void test_pipeline_column(void **state)
{
        struct fk_table *t = parse(panel6);
        struct fk_did_spec s = FK_DID_SPEC_INIT;
        struct fk_did_analysis a, b;
        struct fk_error err = FK_ERROR_INIT;
        int said = 0;

        (void)state;
        s.unit = "k";
        s.period = "t";
        s.outcome = "y";
        s.start = "s";
        s.reps = 99;
        s.note = notes;
        s.note_ctx = &said;
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_OK);
        assert_true(a.staggered);
        assert_int_equal(a.from, FK_DID_START_COLUMN);
        assert_int_equal(a.s.ncohort, 2);
        assert_string_equal(a.s.cohort[0].label, "2003");
        assert_int_equal(a.s.cohort[1].units, 2);
        assert_int_equal(a.s.used, 6);
        assert_int_equal(a.start[4], NEVER);
        /* ATT(2003, 2003) = (mean A,B change 2002->2003) - (E,F) */
        fk_assert_rel(a.s.gt[1].estimate, (0.8 + 0.8) / 2 - (0.1 + 0.2) / 2,
                      1e-12);
        /* --treated agreeing with the starts changes nothing */
        s.treated = "tr";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_OK);
        fk_assert_rel(b.s.simple.estimate, a.s.simple.estimate, 0);
        fk_did_analysis_release(&b);
        /* the same as a list, in another case */
        s.treated = NULL;
        s.treated_units = "a,B,c,d";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_OK);
        fk_assert_rel(b.s.simple.estimate, a.s.simple.estimate, 0);
        fk_did_analysis_release(&b);
        /* a list that disagrees: a data error */
        s.treated_units = "A,B,C";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_EDATA);
        assert_non_null(strstr(err.msg, "'D'"));
        fk_did_analysis_release(&b);
        /* weights do not go with per-unit starts */
        s.treated_units = NULL;
        s.weight = "y";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_EUSAGE);
        fk_did_analysis_release(&b);
        s.weight = NULL;
        /* a start that is neither a period nor a column */
        s.start = "startkvartal";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_EUSAGE);
        assert_non_null(strstr(err.msg, "neither a period"));
        fk_did_analysis_release(&b);
        /* one start period with a list of treated units */
        s.start = "2004";
        s.treated_units = "C,d";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_OK);
        assert_false(b.staggered);
        assert_int_equal(b.r.units[0], 2);
        assert_int_equal(b.treated_listed, 2);
        fk_did_analysis_release(&b);
        s.treated_units = "X,Y";
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_EDATA);
        fk_did_analysis_release(&b);
        fk_did_analysis_release(&a);
        fk_table_free(t);
}

static void test_pipeline_bad_starts(void **state)
{
        struct fk_did_spec s = FK_DID_SPEC_INIT;
        struct fk_did_analysis a;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t;

        (void)state;
        s.unit = "k";
        s.period = "t";
        s.outcome = "y";
        s.start = "s";
        s.reps = 99;
        /* two starts for one unit: the second row names its line */
        t = parse("k,t,s,y\nA,2001,2003,1\nA,2002,2004,1\nB,2001,,1\nB,2002,,1\n");
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_EDATA);
        assert_int_equal(err.line, 3);
        assert_non_null(strstr(err.msg, "two starts"));
        fk_did_analysis_release(&a);
        fk_table_free(t);
        /* a start that is not a period, or of another kind */
        t = parse("k,t,s,y\nA,2001,soon,1\nA,2002,soon,1\nB,2001,,1\nB,2002,,1\n");
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_EDATA);
        assert_int_equal(err.line, 2);
        fk_did_analysis_release(&a);
        fk_table_free(t);
        t = parse("k,t,s,y\nA,2001,2002Q1,1\nA,2002,2002Q1,1\nB,2001,,1\nB,2002,,1\n");
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_EDATA);
        assert_non_null(strstr(err.msg, "same kind"));
        fk_did_analysis_release(&a);
        fk_table_free(t);
}

static void test_pipeline_file(void **state)
{
        struct fk_table *t = parse(panel6);
        struct fk_did_spec s = FK_DID_SPEC_INIT;
        struct fk_did_analysis a, b;
        struct fk_error err = FK_ERROR_INIT;
        char path[] = "/tmp/fkstat_starts_XXXXXX";
        int fd = mkstemp(path), said = 0;
        FILE *f = fdopen(fd, "w");

        (void)state;
        assert_non_null(f);
        fputs("\xEF\xBB\xBFkommune;start\n# trial municipalities\n"
              "a;2003\nB;2003\r\nc;2004\n\nD;2004\nX;2005\n", f);
        fclose(f);
        s.unit = "k";
        s.period = "t";
        s.outcome = "y";
        s.starts = path;
        s.reps = 99;
        s.note = notes;
        s.note_ctx = &said;
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_OK);
        assert_int_equal(a.from, FK_DID_START_FILE);
        assert_int_equal(said, 2);      /* X not in the data; E, F never */
        s.starts = NULL;
        s.start = "s";
        s.note = NULL;
        assert_int_equal(fk_did_analyse(t, &s, &b, &err), FK_OK);
        fk_assert_rel(a.s.simple.estimate, b.s.simple.estimate, 0);
        fk_assert_rel(a.s.simple.se, b.s.simple.se, 0);
        fk_did_analysis_release(&a);
        fk_did_analysis_release(&b);
        /* a bad line names the file and the line */
        f = fopen(path, "w");
        fputs("A;2003\nB;2003\nC;2004Q1\n", f);
        fclose(f);
        s.start = NULL;
        s.starts = path;
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_EDATA);
        assert_string_equal(err.file, path);
        assert_int_equal(err.line, 3);
        fk_did_analysis_release(&a);
        f = fopen(path, "w");
        fputs("A;2003\nB;2003\nA;2004\n", f);
        fclose(f);
        assert_int_equal(fk_did_analyse(t, &s, &a, &err), FK_EDATA);
        assert_int_equal(err.line, 3);
        fk_did_analysis_release(&a);
        remove(path);
        fk_table_free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_r_reference),
                cmocka_unit_test(test_bacon_identity),
                cmocka_unit_test(test_ri_draws),
                cmocka_unit_test(test_verdict_and_errors),
                cmocka_unit_test(test_pipeline_column),
                cmocka_unit_test(test_pipeline_bad_starts),
                cmocka_unit_test(test_pipeline_file),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
