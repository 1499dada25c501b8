/* Time to job: the Kaplan–Meier estimate with Greenwood variance and the
 * intervals of R survfit, the median by quantile.survfit's rule, and the
 * log-rank test of R survdiff.  See include/fkstat/survival.h and
 * METHODS.md, "Time to job".
 *
 * A row (time, event, w) stands for w identical people.  The curve is
 * built from weighted counts at each distinct time (at risk, events,
 * censored), which are whole numbers and exact in double, so every number
 * equals the one of the expanded data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/survival.h"
#include "stats/check.h"

/* R's quantile.survfit tolerance, sqrt(.Machine$double.eps) = 2^-26 */
#define QUANTILE_TOL 1.4901161193847656e-08

struct row {
        double t, e, w;
};

static int is_zero(double v)
{
        return fpclassify(v) == FP_ZERO;
}

int fk_km_ci_parse(const char *s)
{
        if (!s)
                return -1;
        if (!strcmp(s, "log-log"))
                return FK_KM_LOGLOG;
        if (!strcmp(s, "log"))
                return FK_KM_LOG;
        if (!strcmp(s, "plain"))
                return FK_KM_PLAIN;
        return -1;
}

const char *fk_km_ci_name(enum fk_km_ci m)
{
        switch (m) {
        case FK_KM_LOGLOG:
                return "log-log";
        case FK_KM_LOG:
                return "log";
        case FK_KM_PLAIN:
                return "plain";
        }
        return "?";
}

static int cmp_row(const void *a, const void *b)
{
        double x = ((const struct row *)a)->t, y = ((const struct row *)b)->t;

        return (x > y) - (x < y);
}

/* Copy the rows with a positive weight, checked, sorted by time.  *out is
 * NULL when there are none. */
static int sorted_rows(const double *time, const double *event,
                       const double *w, size_t k, struct row **out,
                       size_t *nout, struct fk_error *err)
{
        struct row *r;
        size_t m = 0;

        *out = NULL;
        *nout = 0;
        if (k && (!time || !event))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "survival: time or event is missing");
        r = k ? malloc(k * sizeof *r) : NULL;
        if (k && !r)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < k; i++) {
                double wi = w ? w[i] : 1.0, e = event[i];

                if (!isfinite(wi) || wi < 0 || !is_zero(wi - floor(wi))) {
                        free(r);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "row %zu: frequency weight %g is not a "
                                "whole number >= 0", i + 1, wi);
                }
                if (is_zero(wi))
                        continue;
                if (!isfinite(time[i]) || time[i] < 0) {
                        free(r);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "row %zu: time %g is not a finite number "
                                ">= 0", i + 1, time[i]);
                }
                if (!is_zero(e) && !is_zero(e - 1.0)) {
                        free(r);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "row %zu: event %g is not 0 or 1", i + 1, e);
                }
                r[m++] = (struct row){ time[i], e, wi };
        }
        if (!m) {
                free(r);
                return FK_OK;
        }
        qsort(r, m, sizeof *r, cmp_row);
        *out = r;
        *nout = m;
        return FK_OK;
}

/* Interval for S = p from se, R's std.err (of the cumulative hazard), as
 * survival:::survfit_confint(logse = TRUE, ulimit = TRUE).  NaN where R
 * has NA or NaN: log at S = 0, log-log at S = 0 or 1, plain at S = 0 (se
 * infinite). */
static void km_interval(double p, double se, double z, enum fk_km_ci ci,
                        double *lo, double *hi)
{
        double se2;

        switch (ci) {
        case FK_KM_PLAIN:
                se2 = se * p * z;
                if (isnan(se2)) {
                        *lo = *hi = NAN;
                        return;
                }
                *lo = fmax(p - se2, 0.0);
                *hi = fmin(p + se2, 1.0);
                return;
        case FK_KM_LOG:
                if (!(p > 0)) {
                        *lo = *hi = NAN;
                        return;
                }
                se2 = z * se;
                *lo = exp(log(p) - se2);
                *hi = fmin(exp(log(p) + se2), 1.0);
                return;
        case FK_KM_LOGLOG:
        default:
                if (!(p > 0) || !(p < 1)) {
                        *lo = *hi = NAN;
                        return;
                }
                se2 = z * se / log(p);
                *lo = exp(-exp(log(-log(p)) - se2));
                *hi = exp(-exp(log(-log(p)) + se2));
                return;
        }
}

struct yi {
        double y;
        size_t i;
};

/* NaN sorts last; equal values by position. */
static int cmp_yi(const void *a, const void *b)
{
        const struct yi *p = a, *q = b;
        int na = isnan(p->y), nb = isnan(q->y);

        if (na != nb)
                return na - nb;
        if (!na && (p->y < q->y || p->y > q->y))
                return p->y < q->y ? -1 : 1;
        return (p->i > q->i) - (p->i < q->i);
}

/* The p-quantile of a curve as survival:::findq(x, y, p, tol), the
 * workhorse of quantile.survfit: x = (0, step times), y = (0, 1 - curve),
 * m points; y may hold NaN (R's NA), which approx() drops.  With
 * duplicates of y removed (first occurrence kept), i1 is the point with
 * the smallest y such that y + tol >= p, i2 the one with y - tol >= p; the
 * quantile is (x[i1] + x[i2])/2: the first time the curve reaches p, or
 * the midpoint of a stretch where it stays within tol of p.  When the last
 * distinct value of y is within tol of p, (x[i1] + last x)/2.  scratch
 * holds m entries. */
static double findq(const double *x, const double *y, size_t m, double p,
                    double tol, struct yi *scratch)
{
        double ymax = -INFINITY, y1 = INFINITY, y2 = INFINITY, x1 = NAN,
               x2 = NAN, ylast;
        size_t lastfirst = 0;

        for (size_t i = 0; i < m; i++)
                if (!isnan(y[i]) && y[i] > ymax)
                        ymax = y[i];
        if (ymax < p)
                return NAN;
        for (size_t i = 0; i < m; i++) {
                if (isnan(y[i]))
                        continue;
                /* strict <: of equal values the first occurrence */
                if (y[i] + tol >= p && y[i] < y1) {
                        y1 = y[i];
                        x1 = x[i];
                }
                if (y[i] - tol >= p && y[i] < y2) {
                        y2 = y[i];
                        x2 = x[i];
                }
        }
        /* the last element of y[!duplicated(y)]: the distinct value whose
         * first occurrence comes last */
        for (size_t i = 0; i < m; i++)
                scratch[i] = (struct yi){ y[i], i };
        qsort(scratch, m, sizeof *scratch, cmp_yi);
        for (size_t g = 0; g < m;) {
                size_t h = g + 1;

                while (h < m && (isnan(scratch[g].y) ? isnan(scratch[h].y) :
                                 is_zero(scratch[h].y - scratch[g].y)))
                        h++;
                if (scratch[g].i > lastfirst)
                        lastfirst = scratch[g].i;
                g = h;
        }
        ylast = y[lastfirst];
        if (!isnan(ylast) && fabs(p - ylast) < tol)
                return (x1 + x[m - 1]) / 2.0;
        return (x1 + x2) / 2.0;
}

/* Median and interval: quantile(fit, 0.5) of R survfit, from the curve,
 * its lower bound (-> lower limit) and its upper bound (-> upper limit). */
static int km_median(struct fk_km *km, struct fk_error *err)
{
        size_t m = km->nsteps + 1;
        double *x = malloc(m * sizeof *x), *y = malloc(m * sizeof *y);
        struct yi *scratch = malloc(m * sizeof *scratch);

        if (!x || !y || !scratch) {
                free(x);
                free(y);
                free(scratch);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        x[0] = 0.0;
        y[0] = 0.0;
        for (int c = 0; c < 3; c++) {
                double q;

                for (size_t i = 0; i < km->nsteps; i++) {
                        const struct fk_km_step *s = &km->steps[i];
                        double v = c == 0 ? s->surv : c == 1 ? s->lo : s->hi;

                        x[i + 1] = s->time;
                        y[i + 1] = 1.0 - v;
                }
                q = findq(x, y, m, 0.5, QUANTILE_TOL, scratch);
                if (c == 0)
                        km->median = q;
                else
                        km->median_ci[c - 1] = q;
        }
        free(x);
        free(y);
        free(scratch);
        return FK_OK;
}

int fk_km_fit(const double *time, const double *event, const double *w,
              size_t k, double conf, enum fk_km_ci ci, struct fk_km *km,
              struct fk_error *err)
{
        struct row *r;
        size_t m, ns = 0;
        double z, atrisk = 0, surv = 1.0, gw = 0.0;
        int rc;

        km->n = km->events = km->censored = 0;
        km->nsteps = 0;
        km->steps = NULL;
        km->median = km->median_ci[0] = km->median_ci[1] = NAN;
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (ci != FK_KM_LOGLOG && ci != FK_KM_LOG && ci != FK_KM_PLAIN)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "unknown Kaplan-Meier interval type %d",
                                    (int)ci);
        rc = sorted_rows(time, event, w, k, &r, &m, err);
        if (rc)
                return rc;
        if (!m)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "survival: no observations");
        for (size_t i = 0; i < m; i++) {
                atrisk += r[i].w;
                if (i == 0 || r[i].t > r[i - 1].t)
                        ns++;
        }
        km->steps = malloc(ns * sizeof *km->steps);
        if (!km->steps) {
                free(r);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
        km->n = atrisk;
        for (size_t i = 0, j; i < m; i = j) {
                struct fk_km_step *s = &km->steps[km->nsteps++];
                double d = 0, c = 0;

                for (j = i; j < m && !(r[j].t > r[i].t); j++) {
                        if (r[j].e > 0)
                                d += r[j].w;
                        else
                                c += r[j].w;
                }
                s->time = r[i].t;
                s->n_risk = atrisk;
                s->n_event = d;
                s->n_censor = c;
                if (d > 0) {
                        surv *= (atrisk - d) / atrisk;
                        /* Greenwood: infinite once everybody at risk dies */
                        gw += atrisk > d ? d / (atrisk * (atrisk - d))
                                         : INFINITY;
                }
                s->surv = surv;
                s->se = surv * sqrt(gw);        /* 0 * inf: NaN as R */
                km_interval(surv, sqrt(gw), z, ci, &s->lo, &s->hi);
                km->events += d;
                km->censored += c;
                atrisk -= d + c;
        }
        free(r);
        rc = km_median(km, err);
        if (rc)
                fk_km_release(km);
        return rc;
}

void fk_km_release(struct fk_km *km)
{
        if (!km)
                return;
        free(km->steps);
        km->steps = NULL;
        km->nsteps = 0;
}

/* As R summary(fit, times = t, extend = TRUE): the last step at or before
 * t; before the first step S = 1 with interval [1, 1]. */
void fk_km_at(const struct fk_km *km, double t, double *s, double *lo,
              double *hi)
{
        size_t a = 0, b = km->nsteps;

        if (isnan(t)) {
                *s = *lo = *hi = NAN;
                return;
        }
        while (a < b) {         /* first step with time > t */
                size_t mid = a + (b - a) / 2;

                if (km->steps[mid].time > t)
                        b = mid;
                else
                        a = mid + 1;
        }
        if (a == 0) {
                *s = *lo = *hi = 1.0;
                return;
        }
        *s = km->steps[a - 1].surv;
        *lo = km->steps[a - 1].lo;
        *hi = km->steps[a - 1].hi;
}

/* Log-rank: at each distinct event time of the pooled sample with n = n1 +
 * n2 at risk and d events, E1 += d n1/n and V += d (n1/n)(n2/n)(n-d)/(n-1);
 * chi-square (O1 - E1)^2 / V.  As survdiff: when only one arm has expected
 * events the statistic is 0 (p 1; NaN without any event); when both have
 * but V = 0 (R stops: singular variance) statistic and p are NaN. */
int fk_logrank(const double *time1, const double *event1, const double *w1,
               size_t k1, const double *time2, const double *event2,
               const double *w2, size_t k2, struct fk_logrank *out,
               struct fk_error *err)
{
        struct fk_km a, b;
        double e1 = 0, e2 = 0, v = 0;
        size_t i = 0, j = 0;
        int rc;

        out->statistic = out->p_value = NAN;
        rc = fk_km_fit(time1, event1, w1, k1, 0.95, FK_KM_LOG, &a, err);
        if (rc)
                return rc;
        rc = fk_km_fit(time2, event2, w2, k2, 0.95, FK_KM_LOG, &b, err);
        if (rc) {
                fk_km_release(&a);
                return rc;
        }
        while (i < a.nsteps || j < b.nsteps) {
                double t, n1, n2, d = 0, n;

                if (j >= b.nsteps || (i < a.nsteps &&
                                      a.steps[i].time < b.steps[j].time))
                        t = a.steps[i].time;
                else
                        t = b.steps[j].time;
                /* at risk at t: the count of the arm's next step */
                n1 = i < a.nsteps ? a.steps[i].n_risk : 0;
                n2 = j < b.nsteps ? b.steps[j].n_risk : 0;
                if (i < a.nsteps && !(a.steps[i].time > t))
                        d += a.steps[i++].n_event;
                if (j < b.nsteps && !(b.steps[j].time > t))
                        d += b.steps[j++].n_event;
                if (!(d > 0))
                        continue;
                n = n1 + n2;
                e1 += d * n1 / n;
                e2 += d * n2 / n;
                if (n > 1)
                        v += d * (n1 / n) * (n2 / n) * (n - d) / (n - 1);
        }
        out->observed[0] = a.events;
        out->observed[1] = b.events;
        out->expected[0] = e1;
        out->expected[1] = e2;
        fk_km_release(&a);
        fk_km_release(&b);
        if (!(e1 > 0) || !(e2 > 0)) {
                out->statistic = 0.0;
                out->p_value = e1 > 0 || e2 > 0 ? 1.0 : NAN;
        } else if (v > 0) {
                double o = out->observed[1] - e2;

                out->statistic = o * o / v;
                /* pchisq(x, 1, lower = FALSE) = erfc(sqrt(x / 2)) */
                out->p_value = erfc(sqrt(out->statistic / 2.0));
        }
        return FK_OK;
}

/* The p-quantile search of findq on a curve as it passes, for p = 0.5:
 * the same y1, x1, y2, x2 and last x; the distinct value whose first
 * occurrence comes last is the last new maximum as long as the values
 * (NaN aside, one distinct value of its own) never fall, which the curve
 * itself and, nearly always, its bounds satisfy; when they fall, nonmono
 * asks for the curve to be kept and findq run on it. */
static void findq_init(struct fk_km_findq *q)
{
        *q = (struct fk_km_findq){ -INFINITY, INFINITY, NAN, INFINITY, NAN,
                                   0, 0, 0, 0, 0, 0, 0, 0 };
}

static void findq_point(struct fk_km_findq *q, double x, double y)
{
        const double p = 0.5, tol = QUANTILE_TOL;
        size_t i = q->i++;

        q->xlast = x;
        if (isnan(y)) {
                if (!q->nan) {
                        q->nan = 1;
                        q->nanfirst = i;
                }
                return;
        }
        if (y > q->ymax)
                q->ymax = y;
        if (y + tol >= p && y < q->y1) {
                q->y1 = y;
                q->x1 = x;
        }
        if (y - tol >= p && y < q->y2) {
                q->y2 = y;
                q->x2 = x;
        }
        if (!q->any || y > q->runmax) {
                q->any = 1;
                q->runmax = y;
                q->lastnew = i;
        } else if (y < q->runmax) {
                q->nonmono = 1;
        }
}

static double findq_end(const struct fk_km_findq *q)
{
        const double p = 0.5, tol = QUANTILE_TOL;
        double ylast;

        if (q->ymax < p)
                return NAN;
        ylast = q->nan && (!q->any || q->nanfirst > q->lastnew) ? NAN
                                                                : q->runmax;
        if (!isnan(ylast) && fabs(p - ylast) < tol)
                return (q->x1 + q->xlast) / 2.0;
        return (q->x1 + q->x2) / 2.0;
}

int fk_km_stream_init(struct fk_km_stream *s, double n, double conf,
                      enum fk_km_ci ci, const double *at, size_t nat,
                      int keep_steps, struct fk_error *err)
{
        int rc;

        memset(s, 0, sizeof *s);
        s->km.median = s->km.median_ci[0] = s->km.median_ci[1] = NAN;
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (ci != FK_KM_LOGLOG && ci != FK_KM_LOG && ci != FK_KM_PLAIN)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "unknown Kaplan-Meier interval type %d",
                                    (int)ci);
        if (nat > FK_KM_STREAM_AT)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "more than %d times", FK_KM_STREAM_AT);
        s->z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
        s->ci = ci;
        s->keep = keep_steps;
        s->atrisk = n;
        s->surv = 1.0;
        s->km.n = n;
        s->nat = nat;
        for (size_t i = 0; i < nat; i++) {
                s->at[i] = at[i];
                for (int k = 0; k < 3; k++)
                        s->at_s[i][k] = isnan(at[i]) ? NAN : 1.0;
        }
        for (int k = 0; k < 3; k++) {
                findq_init(&s->q[k]);
                findq_point(&s->q[k], 0.0, 0.0);
        }
        return FK_OK;
}

/* One step, with the arithmetic of fk_km_fit's loop. */
int fk_km_stream_step(struct fk_km_stream *s, double t, double d, double c,
                      struct fk_error *err)
{
        struct fk_km_step st;

        if (!(d > 0) && !(c > 0))
                return FK_OK;
        st.time = t;
        st.n_risk = s->atrisk;
        st.n_event = d;
        st.n_censor = c;
        if (d > 0) {
                s->surv *= (s->atrisk - d) / s->atrisk;
                s->gw += s->atrisk > d ? d / (s->atrisk * (s->atrisk - d))
                                       : INFINITY;
        }
        st.surv = s->surv;
        st.se = s->surv * sqrt(s->gw);
        km_interval(s->surv, sqrt(s->gw), s->z, s->ci, &st.lo, &st.hi);
        s->km.events += d;
        s->km.censored += c;
        s->atrisk -= d + c;
        if (s->keep) {
                if (s->km.nsteps == s->cap) {
                        size_t cap = s->cap ? 2 * s->cap : 1024;
                        struct fk_km_step *p = realloc(s->km.steps,
                                                       cap * sizeof *p);

                        if (!p)
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        s->km.steps = p;
                        s->cap = cap;
                }
                s->km.steps[s->km.nsteps] = st;
        }
        s->km.nsteps++;
        findq_point(&s->q[0], t, 1.0 - st.surv);
        findq_point(&s->q[1], t, 1.0 - st.lo);
        findq_point(&s->q[2], t, 1.0 - st.hi);
        for (size_t i = 0; i < s->nat; i++)
                if (!(t > s->at[i]) && !isnan(s->at[i])) {
                        s->at_s[i][0] = st.surv;
                        s->at_s[i][1] = st.lo;
                        s->at_s[i][2] = st.hi;
                }
        return FK_OK;
}

int fk_km_stream_end(struct fk_km_stream *s, struct fk_km *km, int *redo,
                     struct fk_error *err)
{
        int rc = FK_OK;

        *redo = 0;
        if (!s->km.nsteps)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "survival: no observations");
        if (s->keep) {
                rc = km_median(&s->km, err);
        } else if (s->q[0].nonmono || s->q[1].nonmono || s->q[2].nonmono) {
                *redo = 1;
                return FK_OK;
        } else {
                s->km.median = findq_end(&s->q[0]);
                s->km.median_ci[0] = findq_end(&s->q[1]);
                s->km.median_ci[1] = findq_end(&s->q[2]);
        }
        if (rc)
                return rc;
        *km = s->km;
        if (!s->keep) {
                km->steps = NULL;
                km->nsteps = 0;
        }
        s->km.steps = NULL;
        s->cap = 0;
        return FK_OK;
}

void fk_km_stream_at(const struct fk_km_stream *s, size_t i, double *surv,
                     double *lo, double *hi)
{
        *surv = s->at_s[i][0];
        *lo = s->at_s[i][1];
        *hi = s->at_s[i][2];
}

void fk_km_stream_release(struct fk_km_stream *s)
{
        free(s->km.steps);
        s->km.steps = NULL;
        s->cap = 0;
}

/* The log-rank test of fk_logrank from a source. */
int fk_logrank_source(const struct fk_surv_source *src,
                      struct fk_logrank *out, struct fk_error *err)
{
        struct fk_surv_time st;
        double e1 = 0, e2 = 0, v = 0, n1 = src->n[0], n2 = src->n[1];
        double o1 = 0, o2 = 0;

        (void)err;
        out->statistic = out->p_value = NAN;
        src->rewind(src->ctx);
        while (src->next(src->ctx, &st)) {
                double d = 0, n;

                d += st.d[0];
                d += st.d[1];
                o1 += st.d[0];
                o2 += st.d[1];
                n = n1 + n2;
                if (d > 0) {
                        e1 += d * n1 / n;
                        e2 += d * n2 / n;
                        if (n > 1)
                                v += d * (n1 / n) * (n2 / n) * (n - d) /
                                     (n - 1);
                }
                n1 -= st.d[0] + st.c[0];
                n2 -= st.d[1] + st.c[1];
        }
        out->observed[0] = o1;
        out->observed[1] = o2;
        out->expected[0] = e1;
        out->expected[1] = e2;
        if (!(e1 > 0) || !(e2 > 0)) {
                out->statistic = 0.0;
                out->p_value = e1 > 0 || e2 > 0 ? 1.0 : NAN;
        } else if (v > 0) {
                double o = out->observed[1] - e2;

                out->statistic = o * o / v;
                out->p_value = erfc(sqrt(out->statistic / 2.0));
        }
        return FK_OK;
}
