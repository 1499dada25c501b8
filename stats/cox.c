/* Cox proportional hazards regression on the trial indicator (x = 1 for
 * the trial arm), Efron or Breslow ties; see include/fkstat/survival.h and
 * METHODS.md, "Time to job".
 *
 * The data enter only through the number at risk and the number of events
 * of each arm at each distinct time (taken from the two Kaplan–Meier
 * tables), so a frequency-weighted row counts as that many people.  For
 * Efron's approximation this matters: d tied events from weighted rows
 * are d individual deaths, j = 0..d-1, not one weighted death as in R's
 * coxph(weights =).  The result equals R coxph on the expanded data. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/survival.h"
#include "stats/coxfit.h"

#define MAX_ITER 100
#define MAX_HALVING 60

/* Merge the two arms' tables into the event times of the pooled sample. */
static struct fk_cox_evtime *event_times(const struct fk_km *a, const struct fk_km *b,
                                  size_t *nt)
{
        struct fk_cox_evtime *et = malloc((a->nsteps + b->nsteps + 1) *
                                          sizeof *et);
        size_t i = 0, j = 0, m = 0;

        if (!et)
                return NULL;
        while (i < a->nsteps || j < b->nsteps) {
                struct fk_cox_evtime e = { 0, 0, 0, 0 };
                double t;

                if (j >= b->nsteps || (i < a->nsteps &&
                                       a->steps[i].time < b->steps[j].time))
                        t = a->steps[i].time;
                else
                        t = b->steps[j].time;
                e.n1 = i < a->nsteps ? a->steps[i].n_risk : 0;
                e.n0 = j < b->nsteps ? b->steps[j].n_risk : 0;
                if (i < a->nsteps && !(a->steps[i].time > t))
                        e.d1 = a->steps[i++].n_event;
                if (j < b->nsteps && !(b->steps[j].time > t))
                        e.d0 = b->steps[j++].n_event;
                if (e.d1 > 0 || e.d0 > 0)
                        et[m++] = e;
        }
        *nt = m;
        return et;
}

/* Log partial likelihood, score and information at beta.  Per event time
 * with S0 = n1 e^b + n0 at risk and the tied events' share A0 = d1 e^b +
 * d0: Breslow subtracts d log S0; Efron subtracts sum_j log(S0 - j/d A0),
 * j = 0..d-1.  The information term m(1 - m), m the trial share of the
 * (reduced) risk set, is formed from the two parts so as not to cancel. */
void fk_cox_eval(const struct fk_cox_evtime *et, size_t nt, double beta,
                 enum fk_ties ties, double *ll, double *u, double *info)
{
        double eb = exp(beta), l = 0, s = 0, in = 0;

        for (size_t k = 0; k < nt; k++) {
                const struct fk_cox_evtime *e = &et[k];
                double d = e->d1 + e->d0, r1 = e->n1 * eb, r0 = e->n0;

                l += e->d1 * beta;
                s += e->d1;
                if (ties == FK_TIES_BRESLOW || !(d > 1)) {
                        double den = r1 + r0;

                        l -= d * log(den);
                        s -= d * r1 / den;
                        in += d * (r1 / den) * (r0 / den);
                        continue;
                }
                /* d is a whole number: one term per individual death */
                for (size_t j = 0, nd = (size_t)d; j < nd; j++) {
                        double f = (double)j / d, num = r1 - f * e->d1 * eb,
                               rest = r0 - f * e->d0, den = num + rest;

                        l -= log(den);
                        s -= num / den;
                        in += (num / den) * (rest / den);
                }
        }
        *ll = l;
        *u = s;
        *info = in;
}

int fk_cox_monotone(const struct fk_cox_evtime *et, size_t nt)
{
        int plus = 1, minus = 1;

        if (nt == 0)
                return 2;
        for (size_t k = 0; k < nt; k++) {
                if (et[k].d0 > 0 && et[k].n1 > 0)
                        plus = 0;
                if (et[k].d1 > 0 && et[k].n0 > 0)
                        minus = 0;
        }
        return plus ? 1 : minus ? -1 : 0;
}

/* Newton–Raphson with step-halving as R's coxph; the log likelihood is
 * concave in beta.  A step is halved only when the log likelihood falls
 * by more than round-off, so that the last steps, where its changes are
 * noise, are not stalled (R's relative 1e-9 rule on the log likelihood
 * leaves beta off by up to ~1e-8; we stop when the step is below 1e-13
 * relative). */
int fk_cox_newton(const struct fk_cox_evtime *et, size_t nt,
                  enum fk_ties ties, double beta0, double *beta,
                  double *info)
{
        double b = beta0, ll, u, in;
        int converged = 0;

        fk_cox_eval(et, nt, b, ties, &ll, &u, &in);
        for (int it = 0; it < MAX_ITER && !converged; it++) {
                double step, nb, nll, nu, ninfo;
                int h = 0;

                if (!(in > 0))
                        break;
                step = u / in;
                for (;;) {
                        nb = b + step;
                        fk_cox_eval(et, nt, nb, ties, &nll, &nu, &ninfo);
                        if (!(nll < ll - 1e-12 * fabs(ll)) || ++h > MAX_HALVING)
                                break;
                        step /= 2;
                }
                b = nb;
                ll = nll;
                u = nu;
                in = ninfo;
                if (fabs(step) <= 1e-13 * fmax(1.0, fabs(b)))
                        converged = 1;
        }
        *beta = b;
        *info = in;
        return converged;
}

static void set_nan(struct fk_cox *out)
{
        out->hr = out->ci[0] = out->ci[1] = NAN;
        out->beta = out->se = out->z = out->p_value = NAN;
        out->converged = 0;
}

int fk_cox(const double *time1, const double *event1, const double *w1,
           size_t k1, const double *time2, const double *event2,
           const double *w2, size_t k2, enum fk_ties ties, double conf,
           struct fk_cox *out, struct fk_error *err)
{
        struct fk_km a, b;
        struct fk_cox_evtime *et;
        size_t nt;
        int rc, mono;
        double beta = 0, info, zq;

        set_nan(out);
        if ((rc = fk_cox_check_args(conf, ties, err)))
                return rc;
        rc = fk_km_fit(time1, event1, w1, k1, conf, FK_KM_LOG, &a, err);
        if (rc)
                return rc;
        rc = fk_km_fit(time2, event2, w2, k2, conf, FK_KM_LOG, &b, err);
        if (rc) {
                fk_km_release(&a);
                return rc;
        }
        et = event_times(&a, &b, &nt);
        fk_km_release(&a);
        fk_km_release(&b);
        if (!et)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");

        mono = fk_cox_monotone(et, nt);
        if (mono) {
                free(et);
                if (mono != 2)
                        out->beta = mono > 0 ? INFINITY : -INFINITY;
                return FK_OK;
        }
        out->converged = fk_cox_newton(et, nt, ties, 0.0, &beta, &info);
        free(et);
        out->beta = beta;
        out->se = info > 0 ? 1.0 / sqrt(info) : NAN;
        out->z = beta / out->se;
        /* 2 pnorm(-|z|) */
        out->p_value = erfc(fabs(out->z) / 1.4142135623730951);
        if (out->converged) {
                zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
                out->hr = exp(beta);
                out->ci[0] = exp(beta - zq * out->se);
                out->ci[1] = exp(beta + zq * out->se);
        }
        return FK_OK;
}
