/* fkstat — means of two independent samples.
 *
 * Samples are values with optional frequency weights as in ranks.h
 * (w == NULL: weight 1).  Sample 1 is the trial arm, sample 2 the control.
 */
#ifndef FKSTAT_MEANS_H
#define FKSTAT_MEANS_H

#include <stddef.h>

#include "fkstat/error.h"

/* Weighted summary of one sample: n = sum of weights; mean; sd (n - 1);
 * t interval of the mean (NaN when n < 2; when sd = 0, lo = hi = mean,
 * where R's t.test stops with an error); median, q1, q3 by R's type 7 on the
 * expanded sample; min, max.  FK_EDOMAIN when n == 0. */
struct fk_sample_summary {
        double n, mean, sd, ci[2], median, q1, q3, min, max;
};

int fk_sample_summary(const double *x, const double *w, size_t k, double conf,
                      struct fk_sample_summary *s, struct fk_error *err);

/* The count, mean, sd and t interval (and min, max; the quartiles NaN)
 * from the exact sums of a sample (include/fkstat/moments.h): what
 * fk_sample_summary gives for those values, to the bit.  FK_EDOMAIN when
 * m is empty or fk_moments_wild. */
struct fk_moments;
int fk_sample_summary_of(const struct fk_moments *m, double conf,
                         struct fk_sample_summary *s, struct fk_error *err);

/* The same of x[0..k) sorted ascending, every weight 1, read in place
 * (no copy): the result fk_sample_summary gives, to the bit.  FK_EDOMAIN
 * also when x is not sorted. */
int fk_sample_summary_sorted(const double *x, size_t k, double conf,
                             struct fk_sample_summary *s,
                             struct fk_error *err);

struct fk_welch {
        double estimate;        /* mean1 - mean2 */
        double ci[2];
        double statistic;       /* t, positive when the trial mean is higher */
        double df;              /* Welch–Satterthwaite */
        double se;
        double p_value;         /* two-sided */
};

/* Welch's two-sample t test and interval as R t.test(x1, x2,
 * var.equal=FALSE, conf.level=conf).  When both variances are 0 (or an arm
 * has n < 2) statistic, df, p and the interval are NaN (estimate still
 * set).  FK_EDOMAIN when an arm is empty. */
int fk_welch_t(const double *x1, const double *w1, size_t n1,
               const double *x2, const double *w2, size_t n2, double conf,
               struct fk_welch *out, struct fk_error *err);

/* One-sided Welch test of H0: mean1 - mean2 = delta0; alternative +1
 * ("greater") or -1 ("less"); p as R t.test(mu=delta0, alternative=...). */
int fk_welch_t_test(const double *x1, const double *w1, size_t n1,
                    const double *x2, const double *w2, size_t n2,
                    double delta0, int alternative, double *p,
                    struct fk_error *err);

/* Hedges' g = d (1 - 3/(4(n1+n2) - 9)) with d the mean difference over the
 * pooled sd; interval g ± z sqrt((n1+n2)/(n1 n2) + g²/(2(n1+n2))).  NaN when
 * the pooled sd is 0 or n1 + n2 < 3. */
int fk_hedges_g(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                double *g, double ci[2], struct fk_error *err);

#endif
