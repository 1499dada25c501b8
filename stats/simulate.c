/* Synthetic trial data from a design; see include/fkstat/simulate.h and
 * METHODS.md, "Simulation (`fkstat simulate`)". */
#include "fkstat/simulate.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Civil dates by H. Hinnant's days_from_civil / civil_from_days. */
long fk_sim_days(long y, long m, long d)
{
        long era, yoe, doy, doe;

        y -= m <= 2;
        era = (y >= 0 ? y : y - 399) / 400;
        yoe = y - era * 400;
        doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
}

void fk_sim_date(long z, long *year, long *month, long *day)
{
        long era, doe, yoe, doy, mp;

        z += 719468;
        era = (z >= 0 ? z : z - 146096) / 146097;
        doe = z - era * 146097;
        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        mp = (5 * doy + 2) / 153;
        *day = doy - (153 * mp + 2) / 5 + 1;
        *month = mp < 10 ? mp + 3 : mp - 9;
        *year = yoe + era * 400 + (*month <= 2);
}

/* Var(p(u)) / (pbar (1 - pbar)) for u = sigma z, z ~ N(0, 1), p(u) = 1 -
 * exp(-e^u H): the between-municipality share of the variance of a 0/1
 * outcome, which is what the ANOVA ICC of fkstat compare --cluster
 * estimates. */
static double binary_icc(double sigma, double H)
{
        double s0 = 0, s1 = 0, s2 = 0;

        for (int i = -1000; i <= 1000; i++) {
                double z = i / 100.0;
                double w = exp(-0.5 * z * z);
                double p = -expm1(-exp(sigma * z) * H);

                s0 += w;
                s1 += w * p;
                s2 += w * p * p;
        }
        s1 /= s0;
        s2 /= s0;
        return (s2 - s1 * s1) / (s1 * (1 - s1));
}

double fk_sim_frailty_sd(double icc, double median, double shape,
                         double followup)
{
        double H = M_LN2 * pow(followup / median, shape);
        double lo = 0, hi = 20;

        if (!(icc > 0))
                return 0;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
                double mid = 0.5 * (lo + hi);

                if (binary_icc(mid, H) < icc)
                        lo = mid;
                else
                        hi = mid;
        }
        return 0.5 * (lo + hi);
}

static int by_entry(const void *a, const void *b)
{
        const struct fk_sim_person *x = a, *y = b;

        if (x->entry != y->entry)
                return x->entry < y->entry ? -1 : 1;
        return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Cumulative shares of the levels in each arm: the comparison shares as
 * given, the trial's shifted by the log odds b, P(Y <= k) =
 * logistic(logit(P_c(Y <= k)) - b). */
static void cumulative(const struct fk_sim_design *d,
                       double cum[2][FK_SIM_MAX_LEVELS])
{
        double c = 0;

        for (size_t k = 0; k < d->nlevels; k++) {
                c += d->satisfaction[k];
                cum[1][k] = c;
                cum[0][k] = 1 / (1 + exp(-(log(c / (1 - c)) -
                                          d->satisfaction_log_odds)));
        }
        cum[0][d->nlevels - 1] = cum[1][d->nlevels - 1] = 1;
}

static void person(const struct fk_sim_design *d, gsl_rng *r, long ndays,
                   double u, double v, double cum[2][FK_SIM_MAX_LEVELS],
                   struct fk_sim_person *p)
{
        int arm = d->mun[p->mun].trial ? 0 : 1;
        double k = d->weibull_shape, T, L, W, C, time;
        double u1, u2, u3, u4;

        p->entry = d->entry_first + (long)gsl_rng_uniform_int(r,
                                                (unsigned long)ndays);
        u1 = gsl_rng_uniform_pos(r);
        u2 = gsl_rng_uniform_pos(r);
        u3 = gsl_rng_uniform(r);
        u4 = gsl_rng_uniform(r);
        /* Weibull: S(t) = exp(-e^u ln2 (t/m)^k), inverted at u1 */
        T = d->median_weeks[arm] * pow(-log(u1) / M_LN2, 1 / k) *
            exp(-u / k);
        L = d->loss_rate > 0 ? -log(u2) / d->loss_rate : HUGE_VAL;
        W = (double)(d->followup_end - p->entry + 1) / 7;
        C = fmin(d->followup_weeks, fmin(W, L));
        p->job = T <= C;
        time = p->job ? T : C;
        p->tenths = (long)ceil(time * 10);
        if (p->tenths < 1)
                p->tenths = 1;
        p->job52 = W >= d->followup_weeks ? p->job : -1;
        p->interviews = -1;
        if (W >= d->interview_weeks) {
                double mu = d->interviews[arm] * exp(v) *
                            fmin(T, d->interview_weeks) / d->interview_weeks;

                p->interviews = (int)gsl_ran_poisson(r, mu);
        }
        p->satisfaction = 0;
        if (u3 < d->response_rate) {
                size_t lev = 0;

                while (lev + 1 < d->nlevels && u4 >= cum[arm][lev])
                        lev++;
                p->satisfaction = (int)lev + 1;
        }
}

int fk_sim_people(const struct fk_sim_design *d, unsigned long seed,
                  struct fk_sim_person **out, size_t *n, struct fk_error *err)
{
        long ndays = d->entry_last - d->entry_first + 1;
        double cum[2][FK_SIM_MAX_LEVELS], total = 0;
        double *u, *v;
        struct fk_sim_person *p;
        gsl_rng *r;
        size_t i = 0;

        *out = NULL;
        *n = 0;
        for (size_t j = 0; j < d->nmun; j++)
                total += floor(d->mun[j].inflow * (double)ndays / 365.25 + 0.5);
        if (total > 1e8)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "the design "
                                    "asks for %.0f people; at most 10^8",
                                    total);
        cumulative(d, cum);
        p = malloc(((size_t)total + 1) * sizeof *p);
        u = malloc((2 * d->nmun + 1) * sizeof *u);
        r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!p || !u || !r) {
                free(p);
                free(u);
                if (r)
                        gsl_rng_free(r);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        gsl_rng_set(r, seed);
        v = u + d->nmun;
        for (size_t j = 0; j < d->nmun; j++)
                u[j] = d->frailty_sd * gsl_ran_gaussian_ziggurat(r, 1);
        for (size_t j = 0; j < d->nmun; j++)
                v[j] = d->interviews_cluster_sd *
                       gsl_ran_gaussian_ziggurat(r, 1);
        for (size_t j = 0; j < d->nmun; j++) {
                double nj = floor(d->mun[j].inflow * (double)ndays / 365.25 +
                                  0.5);

                for (double c = 0; c < nj; c++, i++) {
                        p[i].mun = j;
                        p[i].seq = i;
                        person(d, r, ndays, u[j], v[j], cum, &p[i]);
                }
        }
        gsl_rng_free(r);
        free(u);
        qsort(p, i, sizeof *p, by_entry);
        *out = p;
        *n = i;
        return FK_OK;
}

int fk_sim_panel(const struct fk_sim_design *d, unsigned long seed,
                 struct fk_sim_cell **out, size_t *n, struct fk_error *err)
{
        size_t T = (size_t)(d->panel_last - d->panel_first + 1), i = 0;
        struct fk_sim_cell *c = malloc((d->nmun * T + 1) * sizeof *c);
        double *m = malloc((d->nmun + T + 1) * sizeof *m), *q;
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

        *out = NULL;
        *n = 0;
        if (!c || !m || !r) {
                free(c);
                free(m);
                if (r)
                        gsl_rng_free(r);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        gsl_rng_set(r, (seed + 1) & 0xffffffffUL);
        q = m + d->nmun;
        for (size_t j = 0; j < d->nmun; j++)
                m[j] = d->panel_unit_sd * gsl_ran_gaussian_ziggurat(r, 1);
        for (size_t t = 0; t < T; t++)
                q[t] = d->panel_period_sd * gsl_ran_gaussian_ziggurat(r, 1);
        for (size_t j = 0; j < d->nmun; j++) {
                long antal = (long)floor(d->mun[j].inflow *
                                         d->panel_people_per_inflow + 0.5);

                for (size_t t = 0; t < T; t++, i++) {
                        long quarter = d->panel_first + (long)t;
                        double y = d->panel_share + m[j] + q[t] +
                                   d->panel_trend * (double)t / 4 +
                                   d->panel_noise_sd *
                                   gsl_ran_gaussian_ziggurat(r, 1);

                        if (d->mun[j].trial && quarter >= d->panel_start)
                                y += d->panel_effect;
                        y = fmin(1, fmax(0, y));
                        c[i].mun = j;
                        c[i].quarter = quarter;
                        c[i].share = (long)floor(y * 10000 + 0.5);
                        c[i].antal = antal;
                }
        }
        gsl_rng_free(r);
        free(m);
        *out = c;
        *n = i;
        return FK_OK;
}
