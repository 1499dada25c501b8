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

struct fk_logrank {
        double statistic;       /* chi-square, 1 df */
        double p_value;
        double observed[2], expected[2];
};

/* Log-rank test as R survdiff(Surv(time, event) ~ arm) (rho = 0). */
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
int fk_cox(const double *time1, const double *event1, const double *w1,
           size_t k1, const double *time2, const double *event2,
           const double *w2, size_t k2, enum fk_ties ties, double conf,
           struct fk_cox *out, struct fk_error *err);

#endif
