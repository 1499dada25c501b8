/* Internal: the Cox partial likelihood in the trial indicator, shared by
 * stats/cox.c (the individual-level fit) and stats/coxcluster.c (the
 * cluster-robust variance and randomization inference).  The data enter
 * only through the number at risk and the number of events of each arm at
 * each distinct event time; counts are of people (frequency weights
 * expanded), so Efron's approximation runs over individual deaths. */
#ifndef FK_STATS_COXFIT_H
#define FK_STATS_COXFIT_H

#include <stddef.h>

#include "fkstat/survival.h"

/* One distinct event time: at risk and events, trial (1) and control (0). */
struct fk_cox_evtime {
        double n1, n0, d1, d0;
};

/* Log partial likelihood, score and information at beta. */
void fk_cox_eval(const struct fk_cox_evtime *et, size_t nt, double beta,
                 enum fk_ties ties, double *ll, double *u, double *info);

/* Whether the likelihood is monotone: +1 when the coefficient is +inf
 * (every control event happens with no trial person at risk), -1 when it
 * is -inf (every trial event with no control person at risk, which
 * includes an arm without events), 2 when there are no events, else 0. */
int fk_cox_monotone(const struct fk_cox_evtime *et, size_t nt);

/* Newton–Raphson from beta0 with step-halving (the likelihood must not be
 * monotone).  Stores the estimate and the information there; returns 1
 * when the step fell below 1e-13 relative, 0 otherwise. */
int fk_cox_newton(const struct fk_cox_evtime *et, size_t nt,
                  enum fk_ties ties, double beta0, double *beta,
                  double *info);

#endif
