/* fkstat — time to job: Kaplan–Meier, log-rank and Cox regression on arm.
 *
 * Observations are (time, event, weight): event 1 = job entry at time,
 * 0 = censored at time; weight is a frequency weight (w == NULL: 1; whole
 * numbers, 0 = ignore).  Every statistic equals the one of the expanded
 * data.  Arm 1 is the trial arm, arm 2 the control arm.  See METHODS.md.
 */
#ifndef FKSTAT_SURVIVAL_H
#define FKSTAT_SURVIVAL_H

#include <stddef.h>

#include "fkstat/error.h"

enum fk_km_ci { FK_KM_LOGLOG = 0, FK_KM_LOG, FK_KM_PLAIN };

/* "log-log" | "log" | "plain" → enum, -1 when unknown; and back. */
int fk_km_ci_parse(const char *s);
const char *fk_km_ci_name(enum fk_km_ci m);

/* One step of a Kaplan–Meier curve: at each distinct event time. */
struct fk_km_step {
        double time, n_risk, n_event, n_censor;
        double surv, se;        /* se of S (Greenwood), as R's std.err * S */
        double lo, hi;          /* interval for S at conf */
};

struct fk_km {
        double n, events, censored;
        size_t nsteps;
        struct fk_km_step *steps;       /* owned; fk_km_release frees */
        double median, median_ci[2];    /* NaN when not reached */
};

/* Kaplan–Meier estimate with Greenwood variance and the interval of R
 * survfit(Surv(time, event) ~ 1, conf.type = ..., conf.int = conf); steps at
 * every distinct time with an event or censoring, as R's summary(censored =
 * TRUE).  Median and its interval by survfit's rule (quantile.survfit: the
 * first time the curve, resp. its upper/lower bound, is <= 0.5 within
 * 2^-26; where the curve is flat at exactly 0.5 the midpoint of the flat
 * stretch).
 * FK_EDOMAIN for an empty sample, FK_EDATA for a negative or non-finite
 * time or an event other than 0/1. */
int fk_km_fit(const double *time, const double *event, const double *w,
              size_t k, double conf, enum fk_km_ci ci, struct fk_km *km,
              struct fk_error *err);
void fk_km_release(struct fk_km *km);

/* S(t), its interval, from a fitted curve (right-continuous step). */
void fk_km_at(const struct fk_km *km, double t, double *s, double *lo,
              double *hi);

/* The pooled sample as its distinct times in ascending order, each with
 * the people of the two samples (0 and 1) who have their event there
 * (d) and who are censored there (c): whole numbers.  next() fills *out
 * and returns 1, or returns 0 after the last time; rewind() starts again.
 * n[] are the people of each sample.  The statistics below that read a
 * source give the same bits as the ones that read (time, event, weight)
 * arrays of the same people: they do the same operations in the same
 * order, without holding a row per person. */
struct fk_surv_time {
        double t, d[2], c[2];
};

struct fk_surv_source {
        int (*next)(void *ctx, struct fk_surv_time *out);
        void (*rewind)(void *ctx);
        void *ctx;
        double n[2];
};

/* A Kaplan-Meier curve built one distinct time at a time, as fk_km_fit
 * builds it: init with the people n, then step() per distinct time of
 * the sample in ascending order (d events, c censored; both 0: no step),
 * then end().  Without keep_steps the steps are not held: the median
 * comes from the curve as it passes and S(at[i]) is kept for the at
 * times (at most FK_KM_STREAM_AT).  When the median cannot be told that
 * way (an interval bound that is not monotone in time), end() sets
 * *redo: build the curve again with keep_steps. */
#define FK_KM_STREAM_AT 16

struct fk_km_findq {
        double ymax, y1, x1, y2, x2, runmax, xlast;
        size_t i, lastnew, nanfirst;
        int nan, any, nonmono;
};

struct fk_km_stream {
        double z, atrisk, surv, gw;
        enum fk_km_ci ci;
        int keep;
        size_t cap;
        struct fk_km km;
        struct fk_km_findq q[3];
        size_t nat;
        double at[FK_KM_STREAM_AT], at_s[FK_KM_STREAM_AT][3];
};

int fk_km_stream_init(struct fk_km_stream *s, double n, double conf,
                      enum fk_km_ci ci, const double *at, size_t nat,
                      int keep_steps, struct fk_error *err);
int fk_km_stream_step(struct fk_km_stream *s, double t, double d, double c,
                      struct fk_error *err);
/* Moves the curve into *km (its steps only with keep_steps). */
int fk_km_stream_end(struct fk_km_stream *s, struct fk_km *km, int *redo,
                     struct fk_error *err);
/* S(at[i]) and its interval, as fk_km_at on the whole curve. */
void fk_km_stream_at(const struct fk_km_stream *s, size_t i, double *surv,
                     double *lo, double *hi);
void fk_km_stream_release(struct fk_km_stream *s);

struct fk_logrank {
        double statistic;       /* chi-square, 1 df */
        double p_value;
        double observed[2], expected[2];
};

/* Log-rank test as R survdiff(Surv(time, event) ~ arm) (rho = 0). */
int fk_logrank_source(const struct fk_surv_source *src,
                      struct fk_logrank *out, struct fk_error *err);
int fk_logrank(const double *time1, const double *event1, const double *w1,
               size_t k1, const double *time2, const double *event2,
               const double *w2, size_t k2, struct fk_logrank *out,
               struct fk_error *err);

enum fk_ties { FK_TIES_EFRON = 0, FK_TIES_BRESLOW };

struct fk_cox {
        double hr, ci[2];       /* exp(beta), Wald interval */
        double beta, se, z, p_value;    /* Wald */
        int converged;
};

/* Cox proportional hazards regression on the trial indicator, as R
 * coxph(Surv(time, event) ~ trial, ties = "efron" | "breslow"): Newton–
 * Raphson until the step is below 1e-13 relative (tighter than R, whose
 * beta is good to about 1e-8); hr > 1 means faster job entry in the trial
 * arm.  When the likelihood is monotone (e.g. an arm has no events) the
 * coefficient is infinite: hr, ci, se, z and p are NaN and converged is 0. */
int fk_cox_source(const struct fk_surv_source *src, enum fk_ties ties,
                  double conf, struct fk_cox *out, struct fk_error *err);
int fk_cox(const double *time1, const double *event1, const double *w1,
           size_t k1, const double *time2, const double *event2,
           const double *w2, size_t k2, enum fk_ties ties, double conf,
           struct fk_cox *out, struct fk_error *err);

#endif
