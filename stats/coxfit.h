/* Internal: the Cox partial likelihood in the trial indicator, shared by
 * stats/cox.c (the individual-level fit) and stats/coxcluster.c (the
 * cluster-robust variance and randomization inference).  The data enter
 * only through the number at risk and the number of events of each arm at
 * each distinct event time; counts are of people (frequency weights
 * expanded), so Efron's approximation runs over individual deaths. */
#ifndef FK_STATS_COXFIT_H
#define FK_STATS_COXFIT_H

#include <stddef.h>

#include "fkstat/coxcluster.h"
#include "fkstat/survival.h"

/* One distinct event time: at risk and events, trial (1) and control (0). */
struct fk_cox_evtime {
        double n1, n0, d1, d0;
};

/* Log partial likelihood, score and information at beta. */
void fk_cox_eval(const struct fk_cox_evtime *et, size_t nt, double beta,
                 enum fk_ties ties, double *ll, double *u, double *info);

/* The score of fk_cox_eval alone, without the log likelihood. */
double fk_cox_score(const struct fk_cox_evtime *et, size_t nt, double beta,
                    enum fk_ties ties);

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

/* Clustered data reduced for the Cox fit (stats/coxcluster.c): the K
 * distinct event times of the pooled sample, and per cluster its people
 * by the index k of the last event time at which they are at risk. */
struct fk_cox_entry {
        size_t k;
        double r;               /* people whose last event time is k */
        double e;               /* of whom have their event at k */
};

struct fk_cox_clusters {
        size_t G, K;
        int *arm;               /* per cluster: 0 trial, 1 control */
        size_t clusters[2];
        double *N, *D;          /* at risk and events at each event time */
        size_t *start;          /* cluster g: entries start[g]..start[g+1] */
        struct fk_cox_entry *ent;
};

/* Check and reduce d (errors as fk_coxcluster_robust); release with
 * fk_cox_clusters_release, also after a failure. */
int fk_cox_clusters_init(const struct fk_coxcluster_data *d,
                         struct fk_cox_clusters *c, struct fk_error *err);
void fk_cox_clusters_release(struct fk_cox_clusters *c);

/* The event-time table when the clusters with trial[g] != 0 form the
 * trial arm.  et has K entries; scratch K doubles. */
void fk_cox_clusters_table(const struct fk_cox_clusters *c,
                           const unsigned char *trial, double *scratch,
                           struct fk_cox_evtime *et);

#endif
