/* fkstat — progress of long loops (register-scale reads, resampling).
 *
 * The library never prints; a caller that wants a progress display sets a
 * callback.  The reader (include/fkstat/stream.h) takes one in its options;
 * the resampling loops of the cluster and did analyses (wild bootstrap,
 * randomization inference) call the process-wide one set here.
 */
#ifndef FKSTAT_PROGRESS_H
#define FKSTAT_PROGRESS_H

/* done of total units so far (total 0: unknown), items counted so far
 * (rows read, resamples drawn). */
typedef void (*fk_progress_fn)(void *ctx, double done, double total,
                               double items);

/* Set (or with NULL clear) the callback of the resampling loops.  Not
 * thread-safe: set it before the analysis and clear it after. */
void fk_progress_set(fk_progress_fn fn, void *ctx);

/* Called by the loops every few thousand iterations; cheap when no
 * callback is set. */
void fk_progress_report(double done, double total);

#endif
