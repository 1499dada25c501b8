/* Unit tests of fkstat simulate (stats/simulate.c, report/simdesign.c,
 * report/simwrite.c): the design keys and their errors, determinism, and
 * recovery of the design's parameters from large samples.
 *
 * Recovery tolerances are about 4 standard errors of the estimate at the
 * sample sizes used (stated per check); the expected values come from the
 * model's formulas (METHODS.md, "Simulation"), integrated here by Simpson's
 * rule independently of the generator. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "fkstat/plan.h"
#include "fkstat/simdesign.h"
#include "fkstat/simulate.h"
#include "fkstat/survival.h"

static char path[64];

static int design_of(const char *text, struct fk_sim_design *d,
                     struct fk_error *err)
{
        struct fk_plan *p;
        FILE *f;
        int fd, rc;

        snprintf(path, sizeof path, "/tmp/fk_sim_XXXXXX");
        fd = mkstemp(path);
        assert_true(fd >= 0);
        f = fdopen(fd, "w");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
        rc = fk_plan_read(path, &p, err);
        if (!rc) {
                rc = fk_sim_design_read(p, d, err);
                fk_plan_free(p);
        }
        unlink(path);
        return rc;
}

static const char *small =
        "[design]\n"
        "trial.Hjørring = 120\ntrial.Rebild = 80\n"
        "comparison.Randers = 150\ncomparison.Skive = 60\n"
        "icc = 0.02\nloss_rate = 0.002\nresponse_rate = 0.5\n"
        "median_weeks_trial = 11.5\n";

/* Everything one seed writes, as bytes. */
static char *bytes(const struct fk_sim_design *d, unsigned long seed,
                   size_t *len)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_person *p;
        struct fk_sim_cell *c;
        size_t np, nc;
        char *buf = NULL;
        FILE *f = open_memstream(&buf, len);

        assert_non_null(f);
        assert_int_equal(fk_sim_people(d, seed, &p, &np, &err), FK_OK);
        assert_int_equal(fk_sim_panel(d, seed, &c, &nc, &err), FK_OK);
        assert_int_equal(fk_sim_write_people(f, d, p, np, "forsøg",
                                             "sammenligning", &err), FK_OK);
        assert_int_equal(fk_sim_write_panel(f, d, c, nc, &err), FK_OK);
        assert_int_equal(fclose(f), 0);
        free(p);
        free(c);
        return buf;
}

static void test_deterministic(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_design d;
        size_t n1, n2, n3;
        char *a, *b, *c;

        (void)state;
        assert_int_equal(design_of(small, &d, &err), FK_OK);
        a = bytes(&d, 7, &n1);
        b = bytes(&d, 7, &n2);
        c = bytes(&d, 8, &n3);
        assert_true(n1 > 10000);
        assert_int_equal(n1, n2);
        assert_memory_equal(a, b, n1);
        assert_true(n1 != n3 || memcmp(a, c, n1));
        /* 450 people a year over 2017-07-01..2021-12-31 (1645 days) */
        assert_non_null(strstr(a, "person_id;kommune;arm;tilgang;job_52w;uger;"
                               "job;samtaler_26w;tilfredshed\n1;"));
        assert_non_null(strstr(a, ";Hjørring;forsøg;2017-"));
        assert_non_null(strstr(a, "\n1846;"));
        assert_null(strstr(a, "\n1847;"));
        assert_non_null(strstr(a, "kommune;kvartal;forsoegskommune;"
                               "andel_selvforsorgende;antal\n"
                               "Hjørring;2015Q1;1;0,"));
        assert_non_null(strstr(a, "Skive;2021Q4;0;0,"));
        free(a);
        free(b);
        free(c);
        fk_sim_design_release(&d);
}

static void test_dates(void **state)
{
        long y, m, dd;

        (void)state;
        assert_int_equal(fk_sim_days(1970, 1, 1), 0);
        assert_int_equal(fk_sim_days(2000, 3, 1), 11017);
        assert_int_equal(fk_sim_days(2021, 12, 31) - fk_sim_days(2017, 7, 1),
                         1644);
        for (long z = -1000; z < 40000; z += 7) {
                fk_sim_date(z, &y, &m, &dd);
                assert_int_equal(fk_sim_days(y, m, dd), z);
        }
        fk_sim_date(fk_sim_days(2020, 2, 29), &y, &m, &dd);
        assert_true(y == 2020 && m == 2 && dd == 29);
}

static void expect_error(const char *text, int code, long line,
                         const char *msg)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_design d;

        assert_int_equal(design_of(text, &d, &err), code);
        assert_int_equal(err.line, line);
        if (!strstr(err.msg, msg))
                fail_msg("message '%s' lacks '%s'", err.msg, msg);
}

static void test_design_errors(void **state)
{
        (void)state;
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\nicc_job = 0.1\n",
                     FK_EUSAGE, 4, "unknown key 'icc_job' in [design]");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\nicc = 0.7\n",
                     FK_EUSAGE, 4, "'0.7' is not an ICC from 0 to 0.5");
        expect_error("[design]\ntrial.A = 1\ntrial.B = many\n",
                     FK_EUSAGE, 3, "[design] trial.B: 'many' is not a number "
                     "of people entering per year");
        expect_error("[design]\ntrial.A = 1\ncomparison.A = 2\n",
                     FK_EUSAGE, 3, "municipality 'A' given twice");
        expect_error("[design]\ntrial. = 1\n", FK_EUSAGE, 2,
                     "is not a municipality name");
        expect_error("[design]\ntrial.A = 1\n",
                     FK_EUSAGE, 0, "needs trial municipalities");
        expect_error("[study]\nseed = 3\n", FK_EUSAGE, 0, "no [design]");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\n"
                     "entry_last = 2016-02-30\n", FK_EUSAGE, 4,
                     "is not a date (YYYY-MM-DD)");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\n"
                     "entry_last = 2016-12-31\n", FK_EUSAGE, 4,
                     "entry_last is before entry_first");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\n"
                     "panel_start = 2015Q1\n", FK_EUSAGE, 4,
                     "panel_first < panel_start <= panel_last");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\n"
                     "satisfaction_comparison = 0.5, 0.6\n", FK_EUSAGE, 4,
                     "that sum to 1");
        expect_error("[design]\ntrial.A = 1\n"
                     "comparison.B = 1\nloss_rate = -1\n",
                     FK_EUSAGE, 4, "is not a non-negative number");
}

/* Survival of arm with median m and shape k. */
static double surv(double t, double m, double k)
{
        return exp(-M_LN2 * pow(t / m, k));
}

/* Simpson's rule for f(t) = S(t) e^{-mu t} on [0, b]. */
static double integral(double b, double m, double k, double mu)
{
        const int n = 20000;
        double h = b / n, s = 0;

        for (int i = 0; i <= n; i++) {
                double t = i * h, f = surv(t, m, k) * exp(-mu * t);

                s += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
        }
        return s * h / 3;
}

static void test_recovery(void **state)
{
        static const char *text =
                "[design]\n"
                "trial.T = 50000\ncomparison.C = 50000\n"
                "entry_first = 2017-01-01\nentry_last = 2018-12-31\n"
                "followup_end = 2030-01-01\n"
                "median_weeks_trial = 11.5\nmedian_weeks_comparison = 14\n"
                "weibull_shape = 0.85\nloss_rate = 0.002\n"
                "interviews_trial = 6\ninterviews_comparison = 6.5\n"
                "satisfaction_log_odds = 0.3\nresponse_rate = 0.55\n";
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_design d;
        struct fk_sim_person *p;
        size_t n, na[2] = { 0, 0 }, jobs[2] = { 0, 0 }, resp[2] = { 0, 0 };
        size_t lev[2][5] = { { 0 } };
        double count[2] = { 0, 0 }, *time[2], *event[2];
        const double k = 0.85, mu = 0.002, m[2] = { 11.5, 14 };
        struct fk_cox cox;

        (void)state;
        assert_int_equal(design_of(text, &d, &err), FK_OK);
        assert_int_equal(fk_sim_people(&d, 11, &p, &n, &err), FK_OK);
        assert_int_equal(n, 2 * 99932);        /* 730 days of 50000 a year */
        for (int a = 0; a < 2; a++) {
                time[a] = malloc(n * sizeof(double));
                event[a] = malloc(n * sizeof(double));
                assert_true(time[a] && event[a]);
        }
        for (size_t i = 0; i < n; i++) {
                int a = d.mun[p[i].mun].trial ? 0 : 1;

                /* job_52w is the job indicator within the 52 weeks */
                assert_int_equal(p[i].job52, p[i].job);
                assert_true(p[i].tenths >= 1 && p[i].tenths <= 520);
                assert_true(p[i].interviews >= 0);
                time[a][na[a]] = p[i].tenths / 10.0;
                event[a][na[a]] = p[i].job;
                na[a]++;
                jobs[a] += (size_t)p[i].job52;
                count[a] += p[i].interviews;
                if (p[i].satisfaction) {
                        resp[a]++;
                        lev[a][p[i].satisfaction - 1]++;
                }
        }
        for (int a = 0; a < 2; a++) {
                double N = (double)na[a];
                /* P(T <= min(52, L)) = 1 - S(52) e^{-52 mu}
                 *                      - mu int_0^52 S(t) e^{-mu t} dt */
                double pj = 1 - surv(52, m[a], k) * exp(-52 * mu) -
                            mu * integral(52, m[a], k, mu);
                double mean = d.interviews[a] * integral(26, m[a], k, 0) / 26;
                struct fk_km km;

                /* se of a rate about 0.001 */
                fk_assert_rel(jobs[a] / N, pj, 0.005);
                /* se about 0.01 */
                assert_true(fabs(count[a] / N - mean) < 0.04);
                /* se 0.0016 */
                assert_true(fabs(resp[a] / N - 0.55) < 0.007);
                /* the median of times rounded up to a tenth: se about 0.08 */
                assert_int_equal(fk_km_fit(time[a], event[a], NULL, na[a],
                                           0.95, FK_KM_LOGLOG, &km, &err),
                                 FK_OK);
                assert_true(fabs(km.median - m[a]) < 0.35);
                fk_km_release(&km);
        }
        /* comparison shares: se at most 0.003 */
        for (int l = 0; l < 5; l++)
                assert_true(fabs(lev[1][l] / (double)resp[1] -
                                 d.satisfaction[l]) < 0.012);
        /* proportional odds: logit P_c(Y <= 3) - logit P_t(Y <= 3), se 0.02 */
        {
                double pc = (lev[1][0] + lev[1][1] + lev[1][2]) /
                            (double)resp[1];
                double pt = (lev[0][0] + lev[0][1] + lev[0][2]) /
                            (double)resp[0];

                assert_true(fabs(log(pc / (1 - pc)) - log(pt / (1 - pt)) -
                                 0.3) < 0.08);
        }
        /* hazard ratio (14/11.5)^0.85; se of log HR about 0.0065 */
        assert_int_equal(fk_cox(time[0], event[0], NULL, na[0], time[1],
                                event[1], NULL, na[1], FK_TIES_EFRON, 0.95,
                                &cox, &err), FK_OK);
        fk_assert_rel(cox.hr, pow(14 / 11.5, 0.85), 0.03);
        for (int a = 0; a < 2; a++) {
                free(time[a]);
                free(event[a]);
        }
        free(p);
        fk_sim_design_release(&d);
}

/* The ANOVA ICC of METHODS.md (clusters nested in arms) of job_52w. */
static double anova_icc(const struct fk_sim_design *d,
                        const struct fk_sim_person *p, size_t n)
{
        size_t G = d->nmun;
        double *s = calloc(G, sizeof *s), *c = calloc(G, sizeof *c);
        double arm_s[2] = { 0, 0 }, arm_n[2] = { 0, 0 }, sq[2] = { 0, 0 };
        double msb = 0, msw = 0, n0, icc;

        assert_true(s && c);
        for (size_t i = 0; i < n; i++) {
                s[p[i].mun] += p[i].job52;
                c[p[i].mun]++;
        }
        for (size_t g = 0; g < G; g++) {
                int a = d->mun[g].trial;

                arm_s[a] += s[g];
                arm_n[a] += c[g];
                sq[a] += c[g] * c[g];
        }
        for (size_t g = 0; g < G; g++) {
                int a = d->mun[g].trial;
                double mean = s[g] / c[g], dev = mean - arm_s[a] / arm_n[a];

                msb += c[g] * dev * dev;
                msw += s[g] * (1 - mean);       /* sum of (y - mean)^2 */
        }
        msb /= (double)(G - 2);
        msw /= (double)n - (double)G;
        n0 = ((double)n - sq[0] / arm_n[0] - sq[1] / arm_n[1]) /
             (double)(G - 2);
        icc = (msb - msw) / (msb + (n0 - 1) * msw);
        free(s);
        free(c);
        return icc;
}

static void test_icc(void **state)
{
        char text[4096];
        size_t len;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_design d;
        struct fk_sim_person *p;
        size_t n;
        double icc;

        (void)state;
        len = (size_t)snprintf(text, sizeof text, "[design]\n"
                               "entry_first = 2017-01-01\n"
                               "entry_last = 2018-12-31\n"
                               "followup_end = 2030-01-01\nicc = 0.02\n");
        for (int g = 0; g < 120; g++)
                len += (size_t)snprintf(text + len, sizeof text - len,
                                        "%s.M%d = 500\n", g % 2 ? "trial" :
                                        "comparison", g);
        assert_int_equal(design_of(text, &d, &err), FK_OK);
        /* about 0.19: p(u) is near 0.92, where it moves little with u */
        assert_true(d.frailty_sd > 0.15 && d.frailty_sd < 0.25);
        assert_int_equal(fk_sim_people(&d, 5, &p, &n, &err), FK_OK);
        assert_int_equal(n, 120 * 999);
        /* 120 clusters of 1000: se of the ICC estimate about 0.003 */
        icc = anova_icc(&d, p, n);
        if (!(icc > 0.01 && icc < 0.03))
                fail_msg("ICC %g, design 0.02", icc);
        free(p);
        fk_sim_design_release(&d);
        assert_true(fk_sim_frailty_sd(0, 14, 1, 52) <= 0);
}

/* Weighted 2 x 2 difference in differences of the panel; with weights
 * constant within a unit and a balanced panel it equals the two-way
 * fixed-effects estimate of fkstat did. */
static void test_panel(void **state)
{
        char text[4096];
        size_t len;
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_design d;
        struct fk_sim_cell *c;
        size_t n;
        double sum[2][2] = { { 0, 0 }, { 0, 0 } }, w[2][2] = { { 0, 0 },
                                                                { 0, 0 } };
        double est;

        (void)state;
        len = (size_t)snprintf(text, sizeof text, "[design]\n"
                               "panel_effect = 0.004\npanel_trend = 0.01\n"
                               "panel_period_sd = 0.01\n");
        for (int g = 0; g < 80; g++)
                len += (size_t)snprintf(text + len, sizeof text - len,
                                        "%s.M%d = %d\n", g < 40 ? "trial" :
                                        "comparison", g, 100 + 10 * (g % 40));
        assert_int_equal(design_of(text, &d, &err), FK_OK);
        assert_int_equal(fk_sim_panel(&d, 3, &c, &n, &err), FK_OK);
        assert_int_equal(n, 80 * 28);
        for (size_t i = 0; i < n; i++) {
                int a = d.mun[c[i].mun].trial, post = c[i].quarter >=
                        d.panel_start;
                /* each unit's pre and post means weigh equally per period */
                double wt = (double)c[i].antal / (post ? 18 : 10);

                assert_int_equal(c[i].quarter, 4 * 2015 + (long)(i % 28));
                sum[a][post] += wt * c[i].share / 10000.0;
                w[a][post] += wt;
        }
        est = (sum[1][1] / w[1][1] - sum[1][0] / w[1][0]) -
              (sum[0][1] / w[0][1] - sum[0][0] / w[0][0]);
        /* se about 0.00025 */
        if (!(fabs(est - 0.004) < 0.001))
                fail_msg("DiD %g, design 0.004", est);
        free(c);
        fk_sim_design_release(&d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_deterministic),
                cmocka_unit_test(test_dates),
                cmocka_unit_test(test_design_errors),
                cmocka_unit_test(test_recovery),
                cmocka_unit_test(test_icc),
                cmocka_unit_test(test_panel),
        };

        gsl_set_error_handler_off();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
