/* fkstat — rank statistics for two independent samples.
 *
 * Samples are given as values with optional frequency weights: x[i] stands
 * for w[i] identical observations (w == NULL: every weight is 1; weights are
 * whole numbers >= 0).  Every statistic equals the one of the expanded
 * sample.  Sample 1 is the trial arm, sample 2 the control arm; statistics
 * are signed so that they are positive when the trial arm is higher.
 * See METHODS.md for formulas and the R/scipy calls that reproduce them.
 */
#ifndef FKSTAT_RANKS_H
#define FKSTAT_RANKS_H

#include <stddef.h>

#include "fkstat/error.h"

struct fk_wilcoxon {
        double W;               /* trial rank sum - n1(n1+1)/2 (R's W) */
        double p_value;         /* two-sided */
        int exact;              /* 1: exact distribution, 0: normal */
        double hl;              /* Hodges–Lehmann shift: the median of all
                                   pairwise differences trial - control */
        double hl_ci[2];        /* R wilcox.test(conf.int=TRUE) interval */
};

/* Wilcoxon rank-sum (Mann–Whitney) test and Hodges–Lehmann estimate, as R
 * wilcox.test(x1, x2, conf.int=TRUE, conf.level=conf, correct=TRUE): exact
 * when both n < 50 and there are no ties, else the normal approximation
 * with tie and continuity correction.  FK_EDOMAIN when an arm is empty.
 * Where the interval cannot be found (too few observations for the
 * requested level, where R lowers the level it reports; all values equal)
 * its ends are NaN. */
int fk_wilcoxon(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                struct fk_wilcoxon *out, struct fk_error *err);

/* The same test on two samples given sorted ascending, every value of
 * weight 1 (equal values side by side), read in place without a copy:
 * the result is the one fk_wilcoxon gives for them, to the bit.
 * FK_EDOMAIN also when a sample is not sorted; FK_EDATA when a value is
 * not finite. */
int fk_wilcoxon_sorted(const double *x1, size_t n1, const double *x2,
                       size_t n2, double conf, struct fk_wilcoxon *out,
                       struct fk_error *err);

struct fk_brunner_munzel {
        double estimate;        /* P(T > C) + P(T = C)/2 */
        double ci[2];           /* estimate ± t(df) se */
        double statistic;       /* (estimate - 1/2) / se */
        double df;              /* Welch–Satterthwaite */
        double p_value;         /* two-sided, t(df) */
};

/* Brunner–Munzel test and the probabilistic index with its interval, as
 * METHODS.md defines them (scipy.stats.brunnermunzel(control, trial) gives
 * the same statistic and p).  When neither arm has spread in its placements
 * (se = 0: complete separation or all values equal) the statistic, df, p
 * and interval are NaN; the estimate is still given.  FK_EDOMAIN when an
 * arm has fewer than 2 observations. */
int fk_brunner_munzel(const double *x1, const double *w1, size_t n1,
                      const double *x2, const double *w2, size_t n2,
                      double conf, struct fk_brunner_munzel *out,
                      struct fk_error *err);

#endif
