/* Private to analyse/: equal observations merged, in order of first
 * occurrence, into one with the summed frequency weight.  The table path
 * and the summary path of compare (include/fkstat/stream.h) hand the
 * statistics the same arrays this way, so their floating-point sums agree
 * to the last bit; weights are whole numbers, so merging changes nothing
 * else (--freq means expanded rows). */
#ifndef FKSTAT_ANALYSE_MERGE_H
#define FKSTAT_ANALYSE_MERGE_H

#include <stddef.h>

/* Merge equal values (-0 and +0 kept apart), keeping the order of first
 * occurrence, in place; returns the new count, or (size_t)-1 when scratch
 * memory runs out (so do the others). */
size_t merge_samples(double *x, double *w, size_t k);

/* The same for (time, event, weight) triples. */
size_t merge_durations(double *t, double *e, double *w, size_t k);

/* The same for cluster rows (y, e, w, arm, cluster). */
size_t merge_cluster_rows(double *y, double *e, double *w, int *arm,
                          size_t *cl, size_t n);

/* The same for cluster rows without events (y, w, arm, cluster). */
size_t merge_cluster_samples(double *y, double *w, int *arm, size_t *cl,
                             size_t n);

#endif
