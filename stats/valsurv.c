/* fkstat validate for time to job: the design from compare's result (the
 * pooled Nelson–Aalen hazards of job entry and of censoring, the ICC of the
 * job-entry indicator), the positive stable frailty model that keeps the
 * hazards proportional across municipalities, and one data set drawn from
 * it.  See METHODS.md, "Does the interval hold its promise? (fkstat
 * validate)". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "stats/valmodel.h"

/* ---- the design --------------------------------------------------------- */

/* People of arm a at risk at time t from its Kaplan–Meier table: the
 * n_risk of its first row at or after t (0 after the last). */
static double at_risk(const struct fk_group *g, size_t *pos, double t)
{
        while (*pos < g->ntable && g->table[*pos].time < t)
                (*pos)++;
        return *pos < g->ntable ? g->table[*pos].n_risk : 0;
}

static double row_at(const struct fk_group *g, size_t pos, double t, int ev)
{
        if (pos >= g->ntable || g->table[pos].time > t ||
            g->table[pos].time < t)
                return 0;
        return ev ? g->table[pos].n_event : g->table[pos].n_censor;
}

int fk_valsurv_design(const struct fk_outcome_result *r,
                      struct fk_validate_design *d, struct fk_error *err)
{
        const struct fk_group *g = r->groups;
        size_t cap = g[0].ntable + g[1].ntable, i[2] = { 0, 0 }, p[2], K = 0;
        double lam = 0, clam = 0, *n, *e;
        const struct fk_effect *hr = fk_result_effect(r, "hazard_ratio");

        if (!g[0].table || !g[1].table || cap == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0, "%s: no "
                                    "Kaplan–Meier table to take the pooled "
                                    "distribution from", r->outcome);
        d->time = malloc(cap * sizeof *d->time);
        d->cumhaz = malloc(cap * sizeof *d->cumhaz);
        d->ccumhaz = malloc(cap * sizeof *d->ccumhaz);
        n = malloc((r->nclusters + 1) * sizeof *n);
        e = malloc((r->nclusters + 1) * sizeof *e);
        if (!d->time || !d->cumhaz || !d->ccumhaz || !n || !e) {
                free(n);
                free(e);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        /* merge the arms' tables by time */
        while (i[0] < g[0].ntable || i[1] < g[1].ntable) {
                double t = INFINITY, y = 0, dd = 0, cc = 0;

                for (int a = 0; a < 2; a++)
                        if (i[a] < g[a].ntable && g[a].table[i[a]].time < t)
                                t = g[a].table[i[a]].time;
                for (int a = 0; a < 2; a++) {
                        p[a] = i[a];
                        y += at_risk(&g[a], &p[a], t);
                        dd += row_at(&g[a], p[a], t, 1);
                        cc += row_at(&g[a], p[a], t, 0);
                        if (p[a] < g[a].ntable && !(g[a].table[p[a]].time > t))
                                p[a]++;
                        i[a] = p[a];
                }
                if (!(y > 0) || !isfinite(t))
                        break;
                /* events come before censorings at a tie */
                lam += dd / y;
                if (y - dd > 0)
                        clam += cc / (y - dd);
                d->time[K] = t;
                d->cumhaz[K] = lam;
                d->ccumhaz[K] = clam;
                K++;
        }
        d->ntimes = K;
        d->breslow = hr && !strcmp(hr->method, "cox_breslow");
        for (size_t k = 0; k < r->nclusters; k++) {
                n[k] = r->clusters[k].n;
                e[k] = r->clusters[k].events;
                d->arm[k] = r->clusters[k].arm;
        }
        d->icc_estimated = fk_valsurv_event_icc(n, e, d->arm, r->nclusters);
        free(n);
        free(e);
        if (K == 0 || !(lam > 0))
                return fk_error_set(err, FK_EDATA, NULL, 0, "%s: no job "
                                    "entries to simulate from", r->outcome);
        return FK_OK;
}

/* One-way ANOVA ICC of the job-entry indicator with municipalities nested
 * in arms, as stats/cluster.c computes it for a binary outcome. */
double fk_valsurv_event_icc(const double *n, const double *e, const int *arm,
                            size_t G)
{
        double N[2] = { 0, 0 }, S[2] = { 0, 0 }, ssb = 0, ssw = 0, sn2 = 0;
        double tot, msb, msw, n0;

        for (size_t g = 0; g < G; g++) {
                N[arm[g]] += n[g];
                S[arm[g]] += e[g];
                ssw += e[g] * (1 - e[g] / n[g]);
        }
        for (size_t g = 0; g < G; g++) {
                double dm = e[g] / n[g] - S[arm[g]] / N[arm[g]];

                ssb += n[g] * dm * dm;
                sn2 += n[g] * n[g] / N[arm[g]];
        }
        tot = N[0] + N[1];
        if (G <= 2 || !(tot > (double)G))
                return NAN;
        msb = ssb / ((double)G - 2);
        msw = ssw / (tot - (double)G);
        n0 = (tot - sn2) / ((double)G - 2);
        if (!(msb + (n0 - 1) * msw > 0))
                return NAN;
        return (msb - msw) / (msb + (n0 - 1) * msw);
}

/* ---- the model ---------------------------------------------------------- */

/* A positive stable variable of index a in (0, 1) with Laplace transform
 * exp(-s^a), from U uniform on (0, pi) and E standard exponential
 * (Kanter 1975; Chambers, Mallows & Stuck 1976). */
static double stable(double a, double u, double e)
{
        double A;

        if (a >= 1)
                return 1;
        A = pow(sin(a * u) / sin(u), 1 / a) *
            pow(sin((1 - a) * u), (1 - a) / a);
        return A / pow(e, (1 - a) / a);
}

#define PI_ 3.14159265358979323846
#define GRID 48         /* frailty quadrature: GRID x GRID points */
#define TGRID 256       /* time points of the ICC (coarser when more) */

/* The ICC of the job-entry indicator in the control arm under index a:
 * Var(pi(Z)) / (pbar (1 - pbar)) with pi(z) the chance of a job entry
 * before censoring for a person of frailty z, over a midpoint grid of
 * Kanter's (U, E). */
double fk_valsurv_model_icc(const struct fk_validate_design *d, double a)
{
        size_t K = d->ntimes, step = K > TGRID ? (K + TGRID - 1) / TGRID : 1;
        double m1 = 0, m2 = 0, M = (double)GRID * GRID;

        if (K == 0)
                return NAN;
        for (int i = 0; i < GRID; i++)
                for (int j = 0; j < GRID; j++) {
                        double u = PI_ * (i + 0.5) / GRID;
                        double e = -log1p(-(j + 0.5) / GRID);
                        double z = stable(a, u, e), pi = 0, sprev = 1;
                        double cprev = 0;

                        for (size_t k = step - 1;; k += step) {
                                double s;

                                if (k >= K)
                                        k = K - 1;
                                s = exp(-z * pow(d->cumhaz[k], 1 / a));
                                pi += exp(-cprev) * (sprev - s);
                                sprev = s;
                                cprev = d->ccumhaz[k];
                                if (k == K - 1)
                                        break;
                        }
                        m1 += pi;
                        m2 += pi * pi;
                }
        m1 /= M;
        m2 /= M;
        if (!(m1 > 0 && m1 < 1))
                return NAN;
        return (m2 - m1 * m1) / (m1 * (1 - m1));
}

int fk_valsurv_fit(const struct fk_validate_design *d,
                   struct fk_validate_model *m, struct fk_error *err)
{
        double lo = 0.02, hi = 1, top;

        m->name = "positive stable frailty";
        if (d->ntimes == 0 || !d->time || !d->cumhaz || !d->ccumhaz)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "the design "
                                    "has no pooled time-to-job distribution");
        if (!(m->truth > 0))
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "the true hazard "
                                    "ratio %g is not positive", m->truth);
        m->alpha = 1;
        if (d->icc > 0) {
                top = fk_valsurv_model_icc(d, lo);
                if (!(top >= d->icc))
                        return fk_error_set(err, FK_EDATA, NULL, 0, "the ICC "
                                            "%g of job entry cannot be "
                                            "reached (at most %g with this "
                                            "follow-up)", d->icc, top);
                for (int it = 0; it < 50 && hi - lo > 1e-7; it++) {
                        double mid = 0.5 * (lo + hi);

                        if (fk_valsurv_model_icc(d, mid) > d->icc)
                                lo = mid;
                        else
                                hi = mid;
                }
                m->alpha = 0.5 * (lo + hi);
        }
        m->loc[FK_CONTROL] = 0;
        m->loc[FK_TRIAL] = log(m->truth) / m->alpha;
        return FK_OK;
}

/* The first index k with h[k] >= x, K when none. */
static size_t first_at(const double *h, size_t K, double x)
{
        size_t lo = 0, hi = K;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (h[mid] >= x)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return lo;
}

void fk_valsurv_draw(const struct fk_validate_design *d,
                     const struct fk_validate_model *m, gsl_rng *rng,
                     double *time, double *event, double *nev)
{
        size_t K = d->ntimes, i = 0;
        const double *h = d->cumhaz, *hc = d->ccumhaz;

        for (size_t g = 0; g < d->G; g++) {
                double z = m->alpha < 1 ?
                           stable(m->alpha, PI_ * gsl_rng_uniform_pos(rng),
                                  gsl_ran_exponential(rng, 1)) : 1;
                double rate = z * exp(m->loc[d->arm[g]]);
                size_t n = (size_t)d->size[g];

                nev[g] = 0;
                for (size_t j = 0; j < n; j++, i++) {
                        double x = gsl_ran_exponential(rng, 1) / rate;
                        size_t ke = rate > 0 && isfinite(x) ?
                                    first_at(h, K, pow(x, m->alpha)) : K;
                        size_t kc = first_at(hc, K,
                                             gsl_ran_exponential(rng, 1));

                        if (ke < K && ke <= kc) {
                                time[i] = d->time[ke];
                                event[i] = 1;
                                nev[g]++;
                        } else {
                                time[i] = d->time[kc < K ? kc : K - 1];
                                event[i] = 0;
                        }
                }
        }
}
