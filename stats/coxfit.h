/* Internal: the Cox partial likelihood in the trial indicator, shared by
 * stats/cox.c (the individual-level fit) and stats/coxcluster.c (the
 * cluster-robust variance and randomization inference).  The data enter
 * only through the number at risk and the number of events of each arm at
 * each distinct event time; counts are of people (frequency weights
 * expanded), so Efron's approximation runs over individual deaths. */
#ifndef FK_STATS_COXFIT_H
#define FK_STATS_COXFIT_H

#include <math.h>
#include <stddef.h>

#include "fkstat/coxcluster.h"
#include "fkstat/error.h"
#include "fkstat/survival.h"
#include "stats/check.h"

/* One distinct event time: at risk and events, trial (1) and control (0). */
struct fk_cox_evtime {
        double n1, n0, d1, d0;
};

/* Log partial likelihood, score and information at beta. */
void fk_cox_eval(const struct fk_cox_evtime *et, size_t nt, double beta,
                 enum fk_ties ties, double *ll, double *u, double *info);

/* One event time's term of the score of fk_cox_eval, without the log
 * likelihood, at two coefficients at once: ea = exp(beta_a), eb =
 * exp(beta_b), both at most exp(100).  The term is d1 minus the trial
 * share of the risk set (Efron: of each of the d reduced risk sets); the
 * two shares take one division.  Inline: it is the inner loop of the
 * randomization test. */
static inline void fk_cox_score_pair(const struct fk_cox_evtime *e, double ea,
                                     double eb, enum fk_ties ties, double *ua,
                                     double *ub)
{
        double d = e->d1 + e->d0, ra = e->n1 * ea, rb = e->n1 * eb;

        *ua += e->d1;
        *ub += e->d1;
        if (ties == FK_TIES_BRESLOW || !(d > 1)) {
                double da = ra + e->n0, db = rb + e->n0, q = d / (da * db);

                *ua -= ra * db * q;
                *ub -= rb * da * q;
                return;
        }
        for (size_t j = 0, nd = (size_t)d; j < nd; j++) {
                double f = (double)j / d, rest = e->n0 - f * e->d0;
                double na = ra - f * e->d1 * ea, nb = rb - f * e->d1 * eb;
                double da = na + rest, db = nb + rest, q = 1 / (da * db);

                *ua -= na * db * q;
                *ub -= nb * da * q;
        }
}

/* The arguments every Cox entry point checks: conf in (0, 1) (skipped when
 * NaN is passed, for callers without an interval) and a known ties
 * method.  FK_OK or FK_EDOMAIN. */
static inline int fk_cox_check_args(double conf, enum fk_ties ties,
                                    struct fk_error *err)
{
        int rc;

        if (!isnan(conf) && (rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (ties != FK_TIES_EFRON && ties != FK_TIES_BRESLOW)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "unknown ties method %d", (int)ties);
        return FK_OK;
}

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

/* The same on the event times of a source (include/fkstat/survival.h). */
int fk_cox_monotone_source(const struct fk_surv_source *src);
int fk_cox_newton_source(const struct fk_surv_source *src, enum fk_ties ties,
                         double beta0, double *beta, double *info);

/* Keyed clustered data (struct fk_coxcluster_keys, stats/coxkeys.c),
 * checked: the arm of each cluster (0 trial, 1 control) and the clusters
 * of each arm; src reads the keys as the pooled distinct times by arm. */
struct fk_cox_keyed {
        const struct fk_coxcluster_keys *d;
        int *arm;
        size_t clusters[2];
        size_t at;
        struct fk_surv_source src;
};

int fk_cox_keyed_init(const struct fk_coxcluster_keys *d,
                      struct fk_cox_keyed *c, struct fk_error *err);
void fk_cox_keyed_release(struct fk_cox_keyed *c);

#define FK_KEY_M(k) ((k) >> 32)
#define FK_KEY_CL(k) ((size_t)(((k) >> 2) & 0x3fffffffu))
#define FK_KEY_EV(k) ((int)(((k) >> 1) & 1))
#define FK_KEY_ARM(k) ((int)((k) & 1))

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
