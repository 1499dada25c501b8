/* fkstat — sample size and power for two-arm trials.
 *
 * Two proportions as R power.prop.test, two means as R power.t.test
 * (two-sample, two-sided, strict = FALSE: the power is the probability of
 * rejecting in the direction of the true effect only).  n is the number
 * per arm, solved by R's uniroot (Brent's zeroin with tol =
 * DBL_EPSILON^0.25 on the same interval and with the same interval
 * extension) so that the unrounded n agrees with R's.  Cluster designs:
 * the design effect DE = 1 + (M - 1) ICC multiplies the solved n and
 * divides a given n.  Non-inferiority (margin m > 0, higher is better):
 * n = (z_{1-a} + z_{1-b})^2 Var / (effect + m)^2 with one-sided a =
 * alpha / 2.  See METHODS.md, "adjust and power".
 */
#ifndef FKSTAT_POWER_H
#define FKSTAT_POWER_H

#include "fkstat/error.h"

enum fk_power_type { FK_POWER_BINARY = 0, FK_POWER_MEAN };

struct fk_power_spec {
        enum fk_power_type type;
        double p_control, p_trial;      /* binary; p_trial NaN: not given */
        double delta, sd;               /* mean; delta NaN: not given */
        double alpha;                   /* two-sided level, in (0, 1) */
        double power;                   /* target power in (0, 1) */
        double n;                       /* per arm; NaN: solve for n */
        double icc;                     /* NaN: no clustering */
        double cluster_size;            /* M >= 1; NaN: no clustering */
        double margin;                  /* NaN: superiority */
};

#define FK_POWER_SPEC_INIT { FK_POWER_BINARY, NAN, NAN, NAN, NAN, 0.05, 0.8, \
                             NAN, NAN, NAN, NAN }

/* What was solved; NaN where not applicable (the CLI writes null). */
struct fk_power_result {
        double n_per_arm;       /* solved n x DE (unrounded), or the n given */
        double power;           /* the target, or the power at the given n */
        double design_effect;   /* NaN without --icc */
        double clusters_per_arm;/* ceil(n_per_arm / M); NaN without M */
        double mde;             /* given n: smallest effect (p_trial -
                                   p_control or delta) detected with the
                                   target power; NaN when n is solved */
};

/* Solve the design s: with s->n NaN the n per arm for s->power (the effect
 * must be given), else the power at the effect (when given) and the
 * minimum detectable effect at s->power.  Returns FK_OK, or FK_EUSAGE
 * naming the offending value (a probability outside (0, 1), sd <= 0, a
 * zero effect, n < 2 for means, icc outside [0, 1), M < 1, effect + margin
 * <= 0), or FK_EDOMAIN when no n in R's search range reaches the power. */
int fk_power_solve(const struct fk_power_spec *s, struct fk_power_result *r,
                   struct fk_error *err);

/* The power functions themselves, for tests: R power.prop.test(n, p1, p2,
 * sig.level)$power and power.t.test(n, delta, sd, sig.level)$power. */
double fk_power_prop(double n, double p1, double p2, double alpha);
double fk_power_t(double n, double delta, double sd, double alpha);

/* The noncentral t distribution function P(T <= t) (upper = 0) or P(T > t)
 * (upper = 1) with df degrees of freedom and noncentrality ncp, as R
 * pt(t, df, ncp) (Lenth's AS 243 with R's refinements; R's normal
 * approximation above 4e5 df).  With ncp = 0 it is the central t, to
 * ~1e-13 at every df (no normal approximation). */
double fk_pnt(double t, double df, double ncp, int upper);

/* The upper alpha quantile of the central t with df > 0 degrees of
 * freedom, as R qt(alpha, df, lower.tail = FALSE). */
double fk_qt_upper(double alpha, double df);

#endif
