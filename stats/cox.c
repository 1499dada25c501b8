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
/* The event times of an array, or of a source (the pooled times with an
 * event, with the people at risk of each arm just before). */
struct times {
        const struct fk_cox_evtime *et;
        size_t nt;
        const struct fk_surv_source *src;
};

struct cursor {
        const struct times *x;
        size_t k;
        double n[2];
};

static void cursor_start(struct cursor *c, const struct times *x)
{
        c->x = x;
        c->k = 0;
        if (x->src) {
                c->n[0] = x->src->n[0];
                c->n[1] = x->src->n[1];
                x->src->rewind(x->src->ctx);
        }
}

static int cursor_next(struct cursor *c, struct fk_cox_evtime *e)
{
        struct fk_surv_time st;

        if (!c->x->src) {
                if (c->k >= c->x->nt)
                        return 0;
                *e = c->x->et[c->k++];
                return 1;
        }
        while (c->x->src->next(c->x->src->ctx, &st)) {
                *e = (struct fk_cox_evtime){ c->n[0], c->n[1], st.d[0],
                                             st.d[1] };
                c->n[0] -= st.d[0] + st.c[0];
                c->n[1] -= st.d[1] + st.c[1];
                if (e->d1 > 0 || e->d0 > 0)
                        return 1;
        }
        return 0;
}

/* Log partial likelihood, score and information at beta.  Per event time
 * with S0 = n1 e^b + n0 at risk and the tied events' share A0 = d1 e^b +
 * d0: Breslow subtracts d log S0; Efron subtracts sum_j log(S0 - j/d A0),
 * j = 0..d-1.  The information term m(1 - m), m the trial share of the
 * (reduced) risk set, is formed from the two parts so as not to cancel. */
static void eval_times(const struct times *x, double beta, enum fk_ties ties,
                       double *ll, double *u, double *info)
{
        double eb = exp(beta), l = 0, s = 0, in = 0;
        struct cursor cu;
        struct fk_cox_evtime ev;

        cursor_start(&cu, x);
        while (cursor_next(&cu, &ev)) {
                const struct fk_cox_evtime *e = &ev;
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

void fk_cox_eval(const struct fk_cox_evtime *et, size_t nt, double beta,
                 enum fk_ties ties, double *ll, double *u, double *info)
{
        struct times x = { et, nt, NULL };

        eval_times(&x, beta, ties, ll, u, info);
}

static int monotone_times(const struct times *x)
{
        int plus = 1, minus = 1, any = 0;
        struct cursor cu;
        struct fk_cox_evtime e;

        cursor_start(&cu, x);
        while (cursor_next(&cu, &e)) {
                any = 1;
                if (e.d0 > 0 && e.n1 > 0)
                        plus = 0;
                if (e.d1 > 0 && e.n0 > 0)
                        minus = 0;
        }
        if (!any)
                return 2;
        return plus ? 1 : minus ? -1 : 0;
}

int fk_cox_monotone(const struct fk_cox_evtime *et, size_t nt)
{
        struct times x = { et, nt, NULL };

        return monotone_times(&x);
}

/* Newton–Raphson with step-halving as R's coxph; the log likelihood is
 * concave in beta.  A step is halved only when the log likelihood falls
 * by more than round-off, so that the last steps, where its changes are
 * noise, are not stalled (R's relative 1e-9 rule on the log likelihood
 * leaves beta off by up to ~1e-8; we stop when the step is below 1e-13
 * relative). */
static int newton_times(const struct times *x, enum fk_ties ties,
                        double beta0, double *beta, double *info)
{
        double b = beta0, ll, u, in;
        int converged = 0;

        eval_times(x, b, ties, &ll, &u, &in);
        for (int it = 0; it < MAX_ITER && !converged; it++) {
                double step, nb, nll, nu, ninfo;
                int h = 0;

                if (!(in > 0))
                        break;
                step = u / in;
                for (;;) {
                        nb = b + step;
                        eval_times(x, nb, ties, &nll, &nu, &ninfo);
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

int fk_cox_newton(const struct fk_cox_evtime *et, size_t nt,
                  enum fk_ties ties, double beta0, double *beta,
                  double *info)
{
        struct times x = { et, nt, NULL };

        return newton_times(&x, ties, beta0, beta, info);
}

int fk_cox_monotone_source(const struct fk_surv_source *src)
{
        struct times x = { NULL, 0, src };

        return monotone_times(&x);
}

int fk_cox_newton_source(const struct fk_surv_source *src, enum fk_ties ties,
                         double beta0, double *beta, double *info)
{
        struct times x = { NULL, 0, src };

        return newton_times(&x, ties, beta0, beta, info);
}

static void set_nan(struct fk_cox *out)
{
        out->hr = out->ci[0] = out->ci[1] = NAN;
        out->beta = out->se = out->z = out->p_value = NAN;
        out->converged = 0;
}

/* The fit on the event times x into out (set_nan before). */
static void fit_times(const struct times *x, enum fk_ties ties, double conf,
                      struct fk_cox *out)
{
        double beta = 0, info, zq;
        int mono = monotone_times(x);

        if (mono) {
                if (mono != 2)
                        out->beta = mono > 0 ? INFINITY : -INFINITY;
                return;
        }
        out->converged = newton_times(x, ties, 0.0, &beta, &info);
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
}

int fk_cox(const double *time1, const double *event1, const double *w1,
           size_t k1, const double *time2, const double *event2,
           const double *w2, size_t k2, enum fk_ties ties, double conf,
           struct fk_cox *out, struct fk_error *err)
{
        struct fk_km a, b;
        struct fk_cox_evtime *et;
        size_t nt;
        int rc;

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

        {
                struct times x = { et, nt, NULL };

                fit_times(&x, ties, conf, out);
        }
        free(et);
        return FK_OK;
}

int fk_cox_source(const struct fk_surv_source *src, enum fk_ties ties,
                  double conf, struct fk_cox *out, struct fk_error *err)
{
        struct times x = { NULL, 0, src };
        int rc;

        set_nan(out);
        if ((rc = fk_cox_check_args(conf, ties, err)))
                return rc;
        fit_times(&x, ties, conf, out);
        return FK_OK;
}
