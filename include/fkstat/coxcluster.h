/* fkstat — Cox regression on the trial indicator when whole clusters
 * (municipalities) are assigned to an arm: the cluster-robust (Lin–Wei)
 * variance and randomization inference on the log hazard ratio.  See
 * METHODS.md, "Clustered time to job".
 *
 * Data are individual durations time[i] with event[i] (1 = job entry,
 * 0 = censored), frequency weight w[i] (NULL: 1; whole numbers, 0 =
 * ignore; a row stands for w[i] people of the same cluster, and every
 * number equals the one of the expanded data), arm[i] (0 = trial,
 * 1 = control) and cluster index cl[i] in 0..G-1; every cluster lies in
 * one arm and holds at least one person.
 */
#ifndef FKSTAT_COXCLUSTER_H
#define FKSTAT_COXCLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "fkstat/error.h"
#include "fkstat/survival.h"

struct fk_coxcluster_data {
        const double *time, *event, *w;
        const int *arm;                 /* 0 trial, 1 control */
        const size_t *cl;               /* cluster index */
        size_t n;                       /* rows */
        size_t G;                       /* clusters */
};

struct fk_coxcluster_result {
        size_t clusters[2];             /* trial, control */
        double beta;                    /* log hazard ratio (+-inf when the
                                           likelihood is monotone) */
        double naive_se;                /* model-based se, as fk_cox */
        double se;                      /* Lin–Wei robust se of beta */
        double hr, ci[2], z, p_value;   /* Wald with the robust se */
        double ri_p;                    /* randomization inference */
        double ri_assignments;
        int ri_exact;
};

/* Cox fit with the robust variance of R
 *   coxph(Surv(time, event) ~ trial, ties = TIES, cluster = cl)
 * on the expanded data: V = I^-1 (sum_g U_g^2) I^-1 with U_g the sum of
 * the score residuals (Efron or Breslow form, as R residuals(fit, type =
 * "score")) of cluster g, I the information, both at the estimate.  Fills
 * clusters, beta, naive_se, se, hr, ci (at conf), z, p_value; the ri_*
 * fields are NaN.  When beta is infinite (an arm without job entries, or
 * arms that separate completely) every other number is NaN.
 * Without any event everything is NaN.  FK_EDOMAIN for a bad conf or
 * ties, FK_EDATA for bad values, a cluster in both arms or without
 * people, or an arm without clusters; FK_ENOMEM. */
int fk_coxcluster_robust(const struct fk_coxcluster_data *d,
                         enum fk_ties ties, double conf,
                         struct fk_coxcluster_result *out,
                         struct fk_error *err);

/* Randomization inference on the log hazard ratio: the whole clusters are
 * reassigned to the arms (as many trial clusters as observed), the Cox
 * model is refitted (in effect: see stats/coxrandom.c), and the
 * two-sided p is the share of assignments with
 * |beta*| >= |beta|·(1 - 1e-12); an assignment whose coefficient is
 * infinite (an arm without events) counts as |beta*| = inf.  All
 * C(G, G_trial) assignments in lexicographic order when there are at most
 * 10^6 of them (ri_exact = 1), else reps draws from mt19937 seeded with
 * seed.  Fills clusters, beta and the ri_* fields (p NaN and 0
 * assignments without any event); leaves the rest alone.  Errors as
 * fk_coxcluster_robust. */
int fk_coxcluster_randomization(const struct fk_coxcluster_data *d,
                                enum fk_ties ties, size_t reps,
                                unsigned long seed,
                                struct fk_coxcluster_result *out,
                                struct fk_error *err);

/* As fk_coxcluster_randomization, with all assignments enumerated only
 * when there are at most exact_max of them (else reps draws): a caller
 * that runs the test many times (fkstat validate) bounds its cost by the
 * reps it asked for. */
int fk_coxcluster_randomization_max(const struct fk_coxcluster_data *d,
                                    enum fk_ties ties, size_t reps,
                                    double exact_max, unsigned long seed,
                                    struct fk_coxcluster_result *out,
                                    struct fk_error *err);

/* The same data as one key a person, sorted ascending.  A 64-bit key
 * (key): bits 32-63 the time as a whole number m (time = m / scale
 * exactly, scale a power of 10), bits 2-31 the cluster index, bit 1 the
 * event, bit 0 the arm (0 trial, 1 control).  Or, when key is NULL, a
 * 32-bit key (key32): m from bit cbits + 2 up, the cluster index in bits
 * 2 to cbits + 1, then event and arm.  Every weight is 1.  The functions
 * below give the same bits as the ones above on the same people, with no
 * more memory than the keys and a few numbers a cluster. */
struct fk_coxcluster_keys {
        const uint64_t *key;
        const uint32_t *key32;
        int cbits;
        size_t n, G;
        double scale;
};

/* Key i in the 64-bit layout. */
static inline uint64_t fk_coxcluster_key(const struct fk_coxcluster_keys *d,
                                         size_t i)
{
        uint32_t v;

        if (d->key)
                return d->key[i];
        v = d->key32[i];
        return (uint64_t)(v >> (d->cbits + 2)) << 32 |
               (uint64_t)(v & ((((uint32_t)1 << d->cbits) - 1) << 2 | 3));
}

int fk_coxcluster_robust_keys(const struct fk_coxcluster_keys *d,
                              enum fk_ties ties, double conf,
                              struct fk_coxcluster_result *out,
                              struct fk_error *err);
int fk_coxcluster_randomization_keys(const struct fk_coxcluster_keys *d,
                                     enum fk_ties ties, size_t reps,
                                     unsigned long seed,
                                     struct fk_coxcluster_result *out,
                                     struct fk_error *err);

#endif
