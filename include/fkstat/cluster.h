/* fkstat — inference when whole clusters (municipalities) are assigned to
 * an arm: ICC and design effect, CR2 standard error with Satterthwaite
 * degrees of freedom, wild cluster bootstrap, randomization inference.
 *
 * Data are individual outcomes y[i] (binary as 0/1) with frequency weight
 * w[i] (NULL: 1), arm[i] (0 = trial, 1 = control) and cluster index
 * cl[i] in 0..G-1; every cluster lies in one arm.  The estimand is the
 * difference in means trial - control (lm(y ~ trial) coefficient).
 */
#ifndef FKSTAT_CLUSTER_H
#define FKSTAT_CLUSTER_H

#include <stddef.h>

#include "fkstat/error.h"

struct fk_cluster_data {
        const double *y, *w;
        const int *arm;         /* 0 trial, 1 control */
        const size_t *cl;       /* cluster index */
        size_t n;               /* rows */
        size_t G;               /* clusters */
};

struct fk_cluster_result {
        size_t clusters[2];             /* trial, control */
        double icc, design_effect;      /* ANOVA ICC, 1 + (N/G - 1) ICC */
        double estimate, se, df, ci[2], p_value;        /* CR2 */
        double wild_p;                  /* wild cluster bootstrap, WCR */
        size_t wild_reps;
        const char *wild_weights;       /* "rademacher" | "webb" */
        double ri_p;                    /* randomization inference */
        double ri_assignments;
        int ri_exact;
};

/* All of the above, as METHODS.md "Clustered designs" defines them.  reps
 * and seed govern the Monte Carlo parts (bootstrap beyond full
 * enumeration, randomization beyond 10^6 assignments); reps 0 leaves out
 * both the wild bootstrap and randomization (their p-values NaN, 0 draws).
 * Values that cannot be computed are NaN.  FK_EDATA when a cluster holds
 * both arms or an arm has no cluster. */
int fk_cluster_compare(const struct fk_cluster_data *d, double conf,
                       size_t reps, unsigned long seed,
                       struct fk_cluster_result *out, struct fk_error *err);

/* The same from each cluster's totals alone: people n[g], the sum of the
 * outcome s[g], the sum of squares about the cluster's own mean ss[g]
 * and its arm (0 trial, 1 control).  fk_cluster_compare computes these
 * exactly (include/fkstat/moments.h: s rounded once, ss by
 * fk_moments_ss) and gives what this gives for them. */
struct fk_cluster_sums {
        const double *n, *s, *ss;
        const int *arm;
        size_t G;
};

int fk_cluster_compare_sums(const struct fk_cluster_sums *d, double conf,
                            size_t reps, unsigned long seed,
                            struct fk_cluster_result *out,
                            struct fk_error *err);

#endif
