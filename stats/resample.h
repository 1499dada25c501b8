/* Internal: the resampling loops shared by stats/cluster.c and stats/did.c
 * (and any other cluster-level inference): the wild cluster bootstrap over
 * weight vectors and randomization inference over assignments of whole
 * clusters.  See METHODS.md, "Clustered designs".
 *
 * The draws are made one after another from rng, exactly as a loop that
 * evaluates each draw before making the next would make them.  With a
 * batched statistic they are evaluated a block at a time, FK_LANES draws
 * per call, on several threads when a block's work is large; without one,
 * each as it is drawn.  A batched
 * statistic computes each draw with the operations, in the order, of the
 * statistic of one draw, and each draw only says whether it is at least as
 * extreme as the observed one, so the p-value is the same bits on any
 * number of threads and with or without the batched form. */
#ifndef FK_STATS_RESAMPLE_H
#define FK_STATS_RESAMPLE_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/* Counted as at least as extreme: |stat| >= |observed| * FK_TIE_SLACK. */
#define FK_TIE_SLACK (1.0 - 1e-12)
#define FK_RI_EXACT_MAX 1e6

/* Draws per call of a batched statistic. */
#define FK_LANES 8

/* The bootstrap statistic for cluster weights v[0..G-1]. */
typedef double (*fk_wild_stat)(const double *v, void *ctx);

/* The bootstrap statistics t[b] of FK_LANES weight vectors at once, vector
 * b being v[g * FK_LANES + b] (g < G); scratch holds the doubles the
 * statistic asked for (struct fk_wild_fn). */
typedef void (*fk_wild_many)(const double *v, double *t, void *ctx,
                             double *scratch);

struct fk_wild_fn {
        fk_wild_stat one;       /* the observed statistic; every draw when
                                   many is NULL */
        fk_wild_many many;      /* NULL, or the batched form of one: it may
                                   run on several threads at once, so it
                                   keeps its scratch in scratch, not ctx */
        void *ctx;
        size_t scratch;         /* doubles of scratch per call of many */
        double work;            /* about the operations of one draw */
};

/* Wild cluster bootstrap p-value: share of weight vectors with |t*| >=
 * |t0| (slack as above), t0 = f->one(all ones).  Rademacher weights from
 * 12 clusters up, Webb's six-point below; all 2^G or 6^G vectors (odometer
 * order, first cluster fastest) when they number no more than reps, else
 * reps draws from rng.  *p is NaN (and *count 0) when t0 is not finite.
 * Returns 0, or -1 when out of memory. */
int fk_wild_p(size_t G, size_t reps, gsl_rng *rng, const struct fk_wild_fn *f,
              double *p, size_t *count, const char **weights);

/* The statistic when the clusters sel[0..k-1] form the trial arm. */
typedef double (*fk_ri_stat)(const size_t *sel, size_t k, void *ctx);

/* The statistics t[b] of FK_LANES assignments at once, assignment b being
 * sel[b * k .. b * k + k - 1]. */
typedef void (*fk_ri_many)(const size_t *sel, size_t k, double *t,
                           void *ctx);

struct fk_ri_fn {
        fk_ri_stat one;         /* every assignment when many is NULL */
        fk_ri_many many;        /* NULL, or the batched form of one (it
                                   may run on several threads at once) */
        void *ctx;
        double work;            /* about the operations of one assignment */
};

/* Randomization p-value: share of assignments of k of G clusters to the
 * trial arm with |stat| >= |obs| (slack as above): every combination in
 * lexicographic order when C(G, k) <= 10^6 (*exact = 1), else reps draws
 * from rng.  Returns 0, or -1 when out of memory. */
int fk_ri_p(size_t G, size_t k, double obs, size_t reps, gsl_rng *rng,
            const struct fk_ri_fn *f, double *p, double *count, int *exact);

/* For tests.  fk_resample_threads: 0 (the default) uses as many threads
 * as the machine has processors (at most 8) once a block's work is large
 * enough; n > 0 uses n threads (at most 8) for any batched statistic.
 * fk_resample_one_at_a_time: nonzero evaluates every draw with the
 * statistic of one draw.  fk_resample_trace, when set, receives every
 * draw's statistic: which (0 the bootstrap, 1 randomization), the draw's
 * number (from 0, in the order drawn) and the statistic, from whichever
 * thread evaluated it. */
extern unsigned fk_resample_threads;
extern int fk_resample_one_at_a_time;
extern void (*fk_resample_trace)(int which, size_t draw, double t);

#endif
