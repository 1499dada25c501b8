/* fkstat — Fisher's exact test of a 2x2 table.
 *
 * Arm 1 is the trial arm (x1 successes of n1), arm 2 the control (x2 of
 * n2); counts are whole numbers held in doubles, 0 <= x <= n.  See
 * METHODS.md, "Fisher's exact test".
 */
#ifndef FKSTAT_FISHER_H
#define FKSTAT_FISHER_H

#include "fkstat/error.h"

/* Fisher's exact test on the 2x2 table [[x1, n1-x1], [x2, n2-x2]] as R
 * fisher.test: two-sided p summing tables with probability <= (1 + 1e-7)
 * times the observed one; conditional maximum-likelihood odds ratio and its
 * exact conf interval, solved to full precision (0 and Inf are returned as
 * 0 and INFINITY, as R does).  Cell counts may be large (1e6 and more).
 * FK_EDOMAIN when a count is not whole, x > n, n == 0 or conf is outside
 * (0,1). */
int fk_fisher_exact(double x1, double n1, double x2, double n2, double conf,
                    double *p, double *or_mle, double *lo, double *hi,
                    struct fk_error *err);

#endif
