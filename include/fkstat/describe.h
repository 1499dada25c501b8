/* fkstat — descriptive statistics of a column, per group. */
#ifndef FKSTAT_DESCRIBE_H
#define FKSTAT_DESCRIBE_H

#include <stddef.h>

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

/* Summarise x[0..n); sorts x in place.  missing is copied to s. */
void fk_summarise(double *x, size_t n, double missing, struct fk_summary *s);

#endif
