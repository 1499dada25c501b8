/* Internal: the resampling loops shared by stats/cluster.c and stats/did.c
 * (and any other cluster-level inference): the wild cluster bootstrap over
 * weight vectors and randomization inference over assignments of whole
 * clusters.  See METHODS.md, "Clustered designs". */
#ifndef FK_STATS_RESAMPLE_H
#define FK_STATS_RESAMPLE_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/* Counted as at least as extreme: |stat| >= |observed| * FK_TIE_SLACK. */
#define FK_TIE_SLACK (1.0 - 1e-12)
#define FK_RI_EXACT_MAX 1e6

/* The bootstrap statistic for cluster weights v[0..G-1]. */
typedef double (*fk_wild_stat)(const double *v, void *ctx);

/* Wild cluster bootstrap p-value: share of weight vectors with |t*| >=
 * |t0| (slack as above), t0 = stat(all ones).  Rademacher weights from 12
 * clusters up, Webb's six-point below; all 2^G or 6^G vectors (odometer
 * order, first cluster fastest) when they number no more than reps, else
 * reps draws from rng.  *p is NaN (and *count 0) when t0 is not finite.
 * Returns 0, or -1 when out of memory. */
int fk_wild_p(size_t G, size_t reps, gsl_rng *rng, fk_wild_stat stat,
              void *ctx, double *p, size_t *count, const char **weights);

/* The statistic when the clusters sel[0..k-1] form the trial arm. */
typedef double (*fk_ri_stat)(const size_t *sel, size_t k, void *ctx);

/* Randomization p-value: share of assignments of k of G clusters to the
 * trial arm with |stat| >= |obs| (slack as above): every combination in
 * lexicographic order when C(G, k) <= 10^6 (*exact = 1), else reps draws
 * from rng.  Returns 0, or -1 when out of memory. */
int fk_ri_p(size_t G, size_t k, double obs, size_t reps, gsl_rng *rng,
            fk_ri_stat stat, void *ctx, double *p, double *count, int *exact);

#endif
