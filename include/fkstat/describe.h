/* fkstat — descriptive statistics of a column, per group.
 *
 * The summary (fk_summarise, fk_summarise_parts) depends only on the
 * multiset of values, never on their order: the mean and the variance
 * come from exact sums (include/fkstat/moments.h), the quartiles are
 * order statistics under the order with -0 below +0.  So a column read as
 * a list, as counts of its distinct values, or as numbers kept in chunks
 * by several threads gives the same bits. */
#ifndef FKSTAT_DESCRIBE_H
#define FKSTAT_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

#include "fkstat/error.h"
#include "fkstat/moments.h"

struct fk_summary {
        double n;               /* non-missing values */
        double missing;
        double mean, sd;        /* sd with n - 1; NaN when n < 2 */
        double min, q1, median, q3, max;        /* quartiles: R type 7 */
};

/* Mean of x[0..n) accurate on ill-conditioned data: the plain mean
 * corrected by the mean of the residuals (two passes).  NaN when n == 0. */
double fk_mean(const double *x, size_t n);

/* Sample variance (n - 1) from the two-pass corrected sum of squares
 * (Chan, Golub & LeVeque 1983).  NaN when n < 2. */
double fk_variance(const double *x, size_t n);

/* Quantile of sorted x[0..n) by R's default type 7; NaN when n == 0. */
double fk_quantile_sorted(const double *sorted, size_t n, double prob);

/* Summarise x[0..n); sorts x in place.  missing is copied to s.
 * Returns FK_OK or FK_ENOMEM. */
int fk_summarise(double *x, size_t n, double missing, struct fk_summary *s);

/* Summarise the values x[i] counted w[i] times (whole numbers; i < k)
 * together with every value of the chunks, reading the chunks a few
 * times and keeping them as they are (the quartiles by selection, not by
 * sorting).  cm: the moments of the chunks' values when the caller has
 * them (NULL: computed here).  missing is copied to s.  Gives what
 * fk_summarise gives on the same values.  FK_OK, FK_ENOMEM, or FK_EIO
 * when a chunk written to a file cannot be read back. */
int fk_summarise_parts(const double *x, const double *w, size_t k,
                       const struct fk_num_chunk *c, size_t nc,
                       const struct fk_moments *cm, double missing,
                       struct fk_summary *s);

#endif
