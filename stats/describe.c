/* Descriptive statistics; see include/fkstat/describe.h and METHODS.md,
 * "describe". */
#include <math.h>
#include <stdlib.h>

#include "fkstat/describe.h"

double fk_mean(const double *x, size_t n)
{
        long double s = 0, c = 0, m;

        if (n == 0)
                return NAN;
        for (size_t i = 0; i < n; i++)
                s += x[i];
        m = s / (long double)n;
        /* Second pass: the mean of the residuals corrects the rounding of
         * the first, in extended precision as R's mean.default does. */
        for (size_t i = 0; i < n; i++)
                c += x[i] - m;
        return (double)(m + c / (long double)n);
}

double fk_variance(const double *x, size_t n)
{
        long double m, ss = 0, s = 0;

        if (n < 2)
                return NAN;
        m = fk_mean(x, n);
        for (size_t i = 0; i < n; i++) {
                long double d = x[i] - m;

                ss += d * d;
                s += d;
        }
        /* Corrected two-pass algorithm: subtract the squared residual sum. */
        return (double)((ss - s * s / (long double)n) / (long double)(n - 1));
}

double fk_quantile_sorted(const double *sorted, size_t n, double prob)
{
        double h, lo;
        size_t j;

        if (n == 0)
                return NAN;
        h = (double)(n - 1) * prob;
        lo = floor(h);
        j = (size_t)lo;
        if (j + 1 >= n)
                return sorted[n - 1];
        return sorted[j] + (h - lo) * (sorted[j + 1] - sorted[j]);
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

void fk_summarise(double *x, size_t n, double missing, struct fk_summary *s)
{
        s->n = (double)n;
        s->missing = missing;
        s->mean = fk_mean(x, n);
        s->sd = n >= 2 ? sqrt(fk_variance(x, n)) : NAN;
        if (n > 1)
                qsort(x, n, sizeof *x, cmp_double);
        s->min = n ? x[0] : NAN;
        s->max = n ? x[n - 1] : NAN;
        s->q1 = fk_quantile_sorted(x, n, 0.25);
        s->median = fk_quantile_sorted(x, n, 0.5);
        s->q3 = fk_quantile_sorted(x, n, 0.75);
}
