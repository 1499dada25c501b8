/* Unit tests of fkstat validate (stats/validate.c, stats/valmodel.c).
 *
 * Expected values and their provenance:
 * - the individual interval's coverage under an ICC: with m people per
 *   municipality and ICC rho the variance of an arm's mean is
 *   (1 + (m - 1) rho) times what the individual interval assumes, so it
 *   covers with probability 2 Phi(z / sqrt(1 + (m - 1) rho)) - 1
 *   (R: 2 * pnorm(qnorm(0.975) / sqrt(1 + (m - 1) * rho)) - 1);
 * - nominal 0.95 and 0.05 for every method without an ICC, and for CR2
 *   with 10 and 10 municipalities (Bell & McCaffrey 2002);
 * - the logistic-normal spread and intercept for p 0.4 and ICC 0.05 from
 *   R's integrate and uniroot (tests/reference/validate.R);
 * - the Monte Carlo standard error of a rate p over k repetitions,
 *   sqrt(p (1 - p) / k);
 * - the analysis of per-municipality sums equals fk_welch_t and
 *   fk_cluster_compare on the people's rows (relative 1e-10; the sums
 *   only reorder the additions).
 * Tolerances on simulated rates are 3.5 to 4 Monte Carlo standard errors,
 * so a correct program fails one of them about once in 5 000 runs; the
 * seeds are fixed, so a run either always passes or always fails. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "fkstat/cluster.h"
#include "fkstat/means.h"
#include "fkstat/validate.h"
#include "fkstat/render_json.h"

/* A balanced design: T and C municipalities of m people. */
static void balanced(struct fk_validate_design *d, enum fk_type type,
                     size_t T, size_t C, double m, double icc)
{
        struct fk_error err = FK_ERROR_INIT;

        assert_int_equal(fk_validate_design_init(d, type, T + C, &err), FK_OK);
        for (size_t g = 0; g < T + C; g++) {
                d->size[g] = m;
                d->arm[g] = g < T ? FK_TRIAL : FK_CONTROL;
        }
        d->icc = icc;
        d->p = 0.4;
        d->mean = 10;
        d->sd = 2;
}

static void run(const struct fk_validate_design *d, size_t reps,
                size_t inner, unsigned long seed, unsigned threads,
                struct fk_validate_result *r)
{
        struct fk_validate_opts o = FK_VALIDATE_OPTS_INIT;
        struct fk_error err = FK_ERROR_INIT;

        o.reps = reps;
        o.inner_reps = inner;
        o.seed = seed;
        o.threads = threads;
        if (fk_validate_run(d, &o, r, &err))
                fail_msg("fk_validate_run: %s", err.msg);
}

static void assert_near(double got, double want, double tol,
                        const char *what)
{
        if (!(fabs(got - want) <= tol))
                fail_msg("%s = %.4f, want %.4f +- %.4f", what, got, want, tol);
}

/* (a) the individual interval under an ICC covers as the design effect
 * says: m = 50, rho = 0.05, 1 + 49 * 0.05 = 3.45, 2 Phi(1.96/1.857) - 1 =
 * 0.7086. */
static void test_individual_design_effect(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;
        double m = 50, rho = 0.05, z = gsl_cdf_ugaussian_Qinv(0.025);
        double want = 2 * gsl_cdf_ugaussian_P(z / sqrt(1 + (m - 1) * rho)) - 1;
        const struct fk_validate_method *v;

        (void)state;
        balanced(&d, FK_TYPE_CONTINUOUS, 8, 8, m, rho);
        run(&d, 2000, 0, 11, 0, &r);
        v = &r.m[FK_VM_INDIVIDUAL];
        assert_int_equal(v->valid, 2000);
        assert_near(v->coverage, want, 4 * sqrt(want * (1 - want) / 2000),
                    "individual coverage");
        fk_validate_design_release(&d);
}

/* (b) without an ICC every method holds its level. */
static void test_no_icc_nominal(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;
        double tol = 4 * sqrt(0.05 * 0.95 / 1500);

        (void)state;
        balanced(&d, FK_TYPE_CONTINUOUS, 6, 6, 20, 0);
        run(&d, 1500, 199, 5, 0, &r);
        assert_near(r.m[FK_VM_INDIVIDUAL].coverage, 0.95, tol, "individual");
        assert_near(r.m[FK_VM_CR2].coverage, 0.95, tol, "cr2");
        assert_near(r.m[FK_VM_INDIVIDUAL].rejection_rate, 0.05, tol,
                    "individual rejection");
        assert_near(r.m[FK_VM_CR2].rejection_rate, 0.05, tol,
                    "cr2 rejection");
        assert_near(r.m[FK_VM_WILD].rejection_rate, 0.05, tol, "wild");
        assert_near(r.m[FK_VM_RANDOMIZATION].rejection_rate, 0.05, tol,
                    "randomization");
        assert_near(r.m[FK_VM_INDIVIDUAL].bias, 0,
                    4 * r.m[FK_VM_INDIVIDUAL].bias_mcse, "bias");
        fk_validate_design_release(&d);

        /* binary, too */
        balanced(&d, FK_TYPE_BINARY, 6, 6, 30, 0);
        run(&d, 1500, 199, 6, 0, &r);
        assert_near(r.m[FK_VM_INDIVIDUAL].coverage, 0.95, tol, "binary MN");
        assert_near(r.m[FK_VM_CR2].coverage, 0.95, tol, "binary cr2");
        fk_validate_design_release(&d);
}

/* (c) CR2 holds its level with 10 and 10 municipalities under an ICC,
 * binary at the margin too (non-inferiority declared at most 2.5 %). */
static void test_cr2_ten_ten(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;
        double tol = 4 * sqrt(0.05 * 0.95 / 600);

        (void)state;
        balanced(&d, FK_TYPE_CONTINUOUS, 10, 10, 40, 0.05);
        for (size_t g = 0; g < 20; g++)
                d.size[g] = 20 + 7 * (double)g;    /* unequal sizes */
        run(&d, 600, 0, 3, 0, &r);
        assert_int_equal(r.m[FK_VM_WILD].valid, 0);
        assert_int_equal(r.m[FK_VM_RANDOMIZATION].valid, 0);
        assert_near(r.m[FK_VM_CR2].coverage, 0.95, tol, "cr2 coverage");
        assert_true(r.m[FK_VM_INDIVIDUAL].coverage < 0.85);
        fk_validate_design_release(&d);

        balanced(&d, FK_TYPE_BINARY, 10, 10, 100, 0.02);
        d.margin = 0.05;
        run(&d, 600, 0, 4, 0, &r);
        assert_true(r.margin_test);
        assert_near(r.truth, -0.05, 0, "truth at the margin");
        assert_near(r.m[FK_VM_CR2].rejection_rate, 0.025,
                    4 * sqrt(0.025 * 0.975 / 600), "cr2 type I error");
        assert_true(isnan(r.m[FK_VM_WILD].rejection_rate));
        assert_true(isnan(r.m[FK_VM_RANDOMIZATION].rejection_rate));
        fk_validate_design_release(&d);
}

/* (d) the same numbers on 1, 2 and 3 threads. */
static void test_threads_identical(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r1, r2, r3;

        (void)state;
        balanced(&d, FK_TYPE_BINARY, 6, 7, 40, 0.03);
        d.size[0] = 300;
        run(&d, 97, 49, 42, 1, &r1);
        run(&d, 97, 49, 42, 2, &r2);
        run(&d, 97, 49, 42, 3, &r3);
        assert_int_equal(r1.threads, 1);
        assert_int_equal(r2.threads, 2);
        assert_memory_equal(r1.m, r2.m, sizeof r1.m);
        assert_memory_equal(r1.m, r3.m, sizeof r1.m);
        assert_memory_equal(&r1.mean_icc, &r3.mean_icc, sizeof r1.mean_icc);
        /* another seed, other numbers */
        run(&d, 97, 49, 43, 2, &r2);
        assert_true(memcmp(r1.m, r2.m, sizeof r1.m) != 0);
        fk_validate_design_release(&d);
}

/* (e) the Monte Carlo standard errors of the rates. */
static void test_mcse(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;

        (void)state;
        balanced(&d, FK_TYPE_CONTINUOUS, 6, 6, 10, 0.1);
        run(&d, 250, 19, 9, 0, &r);
        for (int i = 0; i < FK_VM_COUNT; i++) {
                const struct fk_validate_method *v = &r.m[i];
                double k = (double)v->valid;

                assert_int_equal(v->valid, 250);
                fk_assert_rel(v->rejection_mcse,
                              sqrt(v->rejection_rate *
                                   (1 - v->rejection_rate) / k), 1e-15);
                if (i <= FK_VM_CR2)
                        fk_assert_rel(v->coverage_mcse,
                                      sqrt(v->coverage * (1 - v->coverage) /
                                           k), 1e-15);
        }
        fk_validate_design_release(&d);
}

/* (f) a test that fails when the individual interval is not the naive
 * one: under a high ICC it must cover far below 95 %, while CR2 stays near
 * it.  m = 100, rho = 0.2: 2 Phi(1.96 / sqrt(20.8)) - 1 = 0.33. */
static void test_individual_fails_high_icc(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;

        (void)state;
        balanced(&d, FK_TYPE_BINARY, 8, 8, 100, 0.2);
        run(&d, 400, 0, 2, 0, &r);
        if (!(r.m[FK_VM_INDIVIDUAL].coverage < 0.6))
                fail_msg("individual coverage %.3f under ICC 0.2: the "
                         "individual interval should ignore the clustering",
                         r.m[FK_VM_INDIVIDUAL].coverage);
        assert_true(r.m[FK_VM_CR2].coverage > 0.9);
        assert_true(r.m[FK_VM_INDIVIDUAL].mean_se <
                    0.5 * r.m[FK_VM_INDIVIDUAL].rmse);
        fk_validate_design_release(&d);
}

/* The models reproduce the ICC on the outcome's scale, and the simulated
 * data's ANOVA ICC averages it. */
static void test_model_icc(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_model m;
        struct fk_validate_result r;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        balanced(&d, FK_TYPE_BINARY, 20, 20, 200, 0.05);
        d.p = 0.89;
        assert_int_equal(fk_validate_fit(&d, &m, &err), FK_OK);
        fk_assert_rel(fk_validate_model_icc(&d, &m), 0.05, 1e-9);
        run(&d, 200, 0, 8, 0, &r);
        assert_near(r.mean_icc, 0.05, 0.004, "simulated binary ICC");
        /* against R (tests/reference/validate.R): p 0.4, ICC 0.05 */
        d.p = 0.4;
        assert_int_equal(fk_validate_fit(&d, &m, &err), FK_OK);
        fk_assert_rel(m.sigma_u, 0.479229768403, 1e-9);
        fk_assert_rel(m.loc[FK_CONTROL], -0.427317544309, 1e-9);
        d.p = 0.89;
        /* ICC 0: the intercept is the logit */
        d.icc = 0;
        assert_int_equal(fk_validate_fit(&d, &m, &err), FK_OK);
        fk_assert_rel(m.loc[FK_CONTROL], log(0.89 / 0.11), 1e-10);
        fk_validate_design_release(&d);

        balanced(&d, FK_TYPE_COUNT, 20, 20, 200, 0.04);
        d.mean = 3.2;
        d.sd = 2.9;
        assert_int_equal(fk_validate_fit(&d, &m, &err), FK_OK);
        fk_assert_rel(fk_validate_model_icc(&d, &m), 0.04, 1e-12);
        assert_true(isfinite(m.nb_size));
        run(&d, 100, 0, 8, 0, &r);
        assert_near(r.mean_icc, 0.04, 0.005, "simulated count ICC");
        fk_validate_design_release(&d);

        balanced(&d, FK_TYPE_ORDINAL, 20, 20, 200, 0.03);
        d.nlevels = 5;
        for (size_t k = 0; k < 5; k++)
                d.level[k] = (double)k + 1;
        d.level_p[0] = 0.05;
        d.level_p[1] = 0.10;
        d.level_p[2] = 0.25;
        d.level_p[3] = 0.35;
        d.level_p[4] = 0.25;
        d.effect = 0.2;
        assert_int_equal(fk_validate_fit(&d, &m, &err), FK_OK);
        fk_assert_rel(fk_validate_model_icc(&d, &m), 0.03, 1e-9);
        run(&d, 200, 0, 8, 0, &r);
        assert_near(r.mean_icc, 0.03, 0.004, "simulated ordinal ICC");
        assert_near(r.m[FK_VM_INDIVIDUAL].bias, 0,
                    4 * r.m[FK_VM_INDIVIDUAL].bias_mcse, "ordinal bias");
        fk_validate_design_release(&d);
}

/* Per-municipality sums give compare's numbers. */
static void test_sums_identity(void **state)
{
        enum { G = 9, PER = 37 };
        double y[G * PER], n[G], sum[G], ss[G];
        int arm[G], parm[G * PER];
        size_t cl[G * PER], i = 0;
        double *x[2], *w = NULL;
        size_t k[2] = { 0, 0 };
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        struct fk_error err = FK_ERROR_INIT;
        struct fk_cluster_result want;
        struct fk_welch wt;
        struct fk_validate_analysis a;
        struct fk_validate_sums s = { n, sum, ss, arm, G };

        (void)state;
        x[0] = malloc(sizeof y);
        x[1] = malloc(sizeof y);
        for (int binary = 0; binary < 2; binary++) {
                i = 0;
                k[0] = k[1] = 0;
                for (size_t g = 0; g < G; g++) {
                        double u = gsl_ran_gaussian(rng, 1), mean;
                        size_t m = PER - 3 * (g % 4);

                        arm[g] = g < 4 ? FK_TRIAL : FK_CONTROL;
                        n[g] = (double)m;
                        sum[g] = ss[g] = 0;
                        for (size_t j = 0; j < m; j++, i++) {
                                y[i] = binary ?
                                       (double)(gsl_rng_uniform(rng) <
                                                0.3 + 0.05 * u) :
                                       100 + 3 * u + gsl_ran_gaussian(rng, 2);
                                parm[i] = arm[g];
                                cl[i] = g;
                                sum[g] += y[i];
                                x[arm[g]][k[arm[g]]++] = y[i];
                        }
                        mean = sum[g] / n[g];
                        for (size_t j = i - m; j < i; j++)
                                ss[g] += (y[j] - mean) * (y[j] - mean);
                }
                {
                        struct fk_cluster_data cd = { y, w, parm, cl, i, G };

                        assert_int_equal(fk_cluster_compare(&cd, 0.95, 999, 7,
                                                            &want, &err), 0);
                }
                assert_int_equal(fk_validate_analyse(&s, binary ?
                                                     FK_TYPE_BINARY :
                                                     FK_TYPE_CONTINUOUS, 0.95,
                                                     FK_RD_MIETTINEN_NURMINEN,
                                                     999, 7, &a, &err), 0);
                fk_assert_rel(a.cl.icc, want.icc, 1e-10);
                fk_assert_rel(a.cl.estimate, want.estimate, 1e-10);
                fk_assert_rel(a.cl.se, want.se, 1e-10);
                fk_assert_rel(a.cl.df, want.df, 1e-10);
                fk_assert_rel(a.cl.ci[0], want.ci[0], 1e-10);
                fk_assert_rel(a.cl.ci[1], want.ci[1], 1e-10);
                fk_assert_rel(a.cl.p_value, want.p_value, 1e-10);
                fk_assert_rel(a.cl.wild_p, want.wild_p, 0);
                fk_assert_rel(a.cl.ri_p, want.ri_p, 0);
                if (binary) {
                        double e, lo, hi;

                        assert_int_equal(fk_prop_rd_ci(
                                sum[0] + sum[1] + sum[2] + sum[3],
                                n[0] + n[1] + n[2] + n[3],
                                sum[4] + sum[5] + sum[6] + sum[7] + sum[8],
                                n[4] + n[5] + n[6] + n[7] + n[8], 0.95,
                                FK_RD_MIETTINEN_NURMINEN, &e, &lo, &hi,
                                &err), 0);
                        fk_assert_rel(a.estimate, e, 0);
                        fk_assert_rel(a.ci[0], lo, 0);
                        fk_assert_rel(a.ci[1], hi, 0);
                } else {
                        assert_int_equal(fk_welch_t(x[0], NULL, k[0], x[1],
                                                    NULL, k[1], 0.95, &wt,
                                                    &err), 0);
                        fk_assert_rel(a.estimate, wt.estimate, 1e-10);
                        fk_assert_rel(a.se, wt.se, 1e-10);
                        fk_assert_rel(a.ci[0], wt.ci[0], 1e-10);
                        fk_assert_rel(a.ci[1], wt.ci[1], 1e-10);
                }
        }
        free(x[0]);
        free(x[1]);
        gsl_rng_free(rng);
}

/* The design of a clustered compare result, and what cannot be
 * validated. */
static void test_design_from_result(void **state)
{
        struct fk_outcome_result r;
        struct fk_validate_design d;
        struct fk_error err = FK_ERROR_INIT;
        static const char *const names[4] = { "A", "B", "C", "D" };

        (void)state;
        fk_result_init(&r, "job", FK_TYPE_BINARY, FK_BETTER_HIGHER, 0.9);
        assert_int_equal(fk_validate_design_from_result(&r, NAN, &d, &err),
                         FK_EUSAGE);
        fk_validate_design_release(&d);
        r.has_cluster = 1;
        r.nclusters = 4;
        r.clusters = calloc(4, sizeof *r.clusters);
        for (size_t g = 0; g < 4; g++) {
                r.clusters[g].name = strdup(names[g]);
                r.clusters[g].arm = g < 2 ? FK_TRIAL : FK_CONTROL;
                r.clusters[g].n = 10 + (double)g;
        }
        r.groups[FK_TRIAL].n = 21;
        r.groups[FK_TRIAL].successes = 7;
        r.groups[FK_CONTROL].n = 25;
        r.groups[FK_CONTROL].successes = 13;
        r.cl.icc = -0.02;
        r.verdict.margin = 0.1;
        assert_int_equal(fk_validate_design_from_result(&r, NAN, &d, &err),
                         FK_OK);
        assert_int_equal(d.G, 4);
        fk_assert_rel(d.size[3], 13, 0);
        assert_int_equal(d.arm[1], FK_TRIAL);
        assert_int_equal(d.arm[2], FK_CONTROL);
        fk_assert_rel(d.icc, 0, 0);
        fk_assert_rel(d.icc_estimated, -0.02, 0);
        fk_assert_rel(d.p, 20.0 / 46, 1e-15);
        fk_assert_rel(d.conf, 0.9, 0);
        fk_assert_rel(d.margin, 0.1, 0);
        fk_validate_design_release(&d);

        /* an effect that leaves (0, 1) is the caller's mistake */
        assert_int_equal(fk_validate_design_from_result(&r, 0.7, &d, &err),
                         FK_OK);
        {
                struct fk_validate_model m;

                assert_int_equal(fk_validate_fit(&d, &m, &err), FK_EUSAGE);
        }
        fk_validate_design_release(&d);
        /* time to job needs the Kaplan–Meier tables */
        r.type = FK_TYPE_SURVIVAL;
        assert_int_equal(fk_validate_design_from_result(&r, NAN, &d, &err),
                         FK_EDATA);
        fk_validate_design_release(&d);
        fk_result_release(&r);
}

/* The renderers: the JSON keys the command promises, and the report's
 * sentence and table in Danish. */
static void test_render(void **state)
{
        static const char *const keys[] = {
                "method", "coverage", "coverage_mcse", "mean_width", "bias",
                "rmse", "rejection_rate", "rejection_mcse", "mean_se"
        };
        struct fk_validate_design d;
        struct fk_validate_result r;
        struct fk_validate_info vi = { NULL, "job_52w", "kommune" };
        json_t *e, *m;
        char buf[1024], *text = NULL;
        size_t len = 0;
        FILE *f;

        (void)state;
        balanced(&d, FK_TYPE_BINARY, 3, 4, 25, 0.02);
        d.margin = 0.1;
        run(&d, 20, 0, 1, 0, &r);
        e = fk_json_validate_entry(&vi, &d, &r);
        assert_non_null(e);
        assert_int_equal(json_integer_value(json_object_get(json_object_get(
                json_object_get(e, "design"), "clusters"), "control")), 4);
        assert_int_equal(json_array_size(json_object_get(json_object_get(
                json_object_get(e, "design"), "sizes"), "trial")), 3);
        fk_assert_rel(json_real_value(json_object_get(json_object_get(e,
                "design"), "effect")), -0.1, 0);
        m = json_object_get(e, "methods");
        assert_int_equal(json_array_size(m), FK_VM_COUNT);
        for (size_t i = 0; i < json_array_size(m); i++)
                for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
                        assert_non_null(json_object_get(json_array_get(m, i),
                                                        keys[k]));
        assert_true(json_is_null(json_object_get(json_array_get(m, 2),
                                                 "rejection_rate")));
        json_decref(e);
        fk_validate_sentence(buf, sizeof buf, &d, &r, "da");
        assert_non_null(strstr(buf, "Med 3 og 4 kommuner dækker"));
        assert_non_null(strstr(buf, "nominelt højst 2,5 %"));
        f = open_memstream(&text, &len);
        assert_int_equal(fk_validate_markdown(f, &vi, &d, &r, "da"), FK_OK);
        fclose(f);
        assert_non_null(strstr(text, "| individuelt | "));
        assert_null(strstr(text, "0."));
        free(text);
        fk_validate_design_release(&d);
}

/* ---- time to job ---------------------------------------------------- */

/* T and C municipalities of m people; job entry at a constant weekly
 * hazard of 0.03 and censoring at 0.01 over weeks 1..52, then the end of
 * follow-up. */
static void surv_design(struct fk_validate_design *d, size_t T, size_t C,
                        double m, double icc)
{
        balanced(d, FK_TYPE_SURVIVAL, T, C, m, icc);
        d->ntimes = 52;
        d->time = malloc(52 * sizeof *d->time);
        d->cumhaz = malloc(52 * sizeof *d->cumhaz);
        d->ccumhaz = malloc(52 * sizeof *d->ccumhaz);
        assert_non_null(d->time);
        assert_non_null(d->cumhaz);
        assert_non_null(d->ccumhaz);
        for (size_t k = 0; k < 52; k++) {
                d->time[k] = (double)k + 1;
                d->cumhaz[k] = 0.03 * ((double)k + 1);
                d->ccumhaz[k] = 0.01 * ((double)k + 1);
        }
}

/* Without a municipality effect the Cox interval, Lin–Wei with 15 and 15
 * municipalities and randomization are all near nominal; the frailty
 * index is 1 and there is no wild bootstrap. */
static void test_surv_no_icc_nominal(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;
        double se = sqrt(0.95 * 0.05 / 400);

        (void)state;
        surv_design(&d, 15, 15, 20, 0);
        run(&d, 400, 199, 11, 2, &r);
        fk_assert_rel(r.model.alpha, 1, 0);
        fk_assert_rel(r.truth, 1, 0);
        assert_string_equal(r.m[FK_VM_CR2].method, "lin_wei");
        assert_null(r.m[FK_VM_WILD].method);
        assert_near(r.m[FK_VM_INDIVIDUAL].coverage, 0.95, 4 * se,
                    "Cox coverage, ICC 0");
        /* Lin–Wei is a little liberal with 30 municipalities */
        assert_near(r.m[FK_VM_CR2].coverage, 0.94, 4 * se + 0.01,
                    "Lin-Wei coverage, ICC 0");
        assert_near(r.m[FK_VM_RANDOMIZATION].rejection_rate, 0.05, 4 * se,
                    "randomization rejection, ICC 0");
        assert_near(r.m[FK_VM_INDIVIDUAL].bias, 0,
                    4 * r.m[FK_VM_INDIVIDUAL].bias_mcse, "log HR bias");
        fk_validate_design_release(&d);
}

/* Under a strong municipality effect the individual interval must fail,
 * the Lin–Wei one hold better; the fitted index reproduces the ICC of job
 * entry, and the simulated data show it; a true hazard ratio of 0.7 is
 * the marginal one (the positive stable frailty keeps the hazards
 * proportional), so the log-HR estimate is unbiased. */
static void test_surv_icc(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r;

        (void)state;
        surv_design(&d, 12, 12, 40, 0.08);
        d.effect = 0.7;
        run(&d, 300, 0, 5, 2, &r);
        assert_true(r.model.alpha < 1);
        assert_near(fk_validate_model_icc(&d, &r.model), 0.08, 1e-5,
                    "model ICC of job entry");
        assert_near(r.mean_icc, 0.08, 0.015, "simulated ICC of job entry");
        assert_true(r.m[FK_VM_INDIVIDUAL].coverage < 0.80);
        assert_true(r.m[FK_VM_CR2].coverage > 0.85);
        assert_near(r.m[FK_VM_INDIVIDUAL].bias, 0,
                    4 * r.m[FK_VM_INDIVIDUAL].bias_mcse + 0.01,
                    "log HR bias under frailty");
        fk_assert_rel(r.truth, 0.7, 0);
        /* a margin: the truth is its bound, on the hazard-ratio scale */
        d.effect = NAN;
        d.margin = 0.2;
        run(&d, 20, 0, 5, 1, &r);
        fk_assert_rel(r.truth, 0.8, 1e-15);
        d.better = FK_BETTER_LOWER;
        run(&d, 20, 0, 5, 1, &r);
        fk_assert_rel(r.truth, 1.25, 1e-15);
        fk_validate_design_release(&d);
}

static void test_surv_threads_identical(void **state)
{
        struct fk_validate_design d;
        struct fk_validate_result r1, r2, r3;

        (void)state;
        surv_design(&d, 5, 6, 25, 0.04);
        d.size[0] = 90;
        run(&d, 61, 49, 42, 1, &r1);
        run(&d, 61, 49, 42, 2, &r2);
        run(&d, 61, 49, 42, 3, &r3);
        assert_memory_equal(r1.m, r2.m, sizeof r1.m);
        assert_memory_equal(r1.m, r3.m, sizeof r1.m);
        assert_memory_equal(&r1.mean_icc, &r3.mean_icc, sizeof r1.mean_icc);
        run(&d, 61, 49, 43, 2, &r2);
        assert_true(memcmp(r1.m, r2.m, sizeof r1.m) != 0);
        fk_validate_design_release(&d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_individual_design_effect),
                cmocka_unit_test(test_no_icc_nominal),
                cmocka_unit_test(test_cr2_ten_ten),
                cmocka_unit_test(test_threads_identical),
                cmocka_unit_test(test_mcse),
                cmocka_unit_test(test_individual_fails_high_icc),
                cmocka_unit_test(test_model_icc),
                cmocka_unit_test(test_sums_identity),
                cmocka_unit_test(test_design_from_result),
                cmocka_unit_test(test_render),
                cmocka_unit_test(test_surv_no_icc_nominal),
                cmocka_unit_test(test_surv_icc),
                cmocka_unit_test(test_surv_threads_identical),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
