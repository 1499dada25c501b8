/* fkstat — the exact comparison of two Poisson rates.
 *
 * Arm 1 is the trial arm, arm 2 the control: c events in person-time t.
 * See METHODS.md, "Rate ratio".
 */
#ifndef FKSTAT_POISSON_H
#define FKSTAT_POISSON_H

#include "fkstat/error.h"

struct fk_rate {
        double estimate;        /* (c1/t1) / (c2/t2) */
        double ci[2];           /* exact conditional (Clopper–Pearson on the
                                   binomial split), as R poisson.test */
        double p_value;         /* two-sided exact test of ratio 1 */
};

/* Exact comparison of two Poisson rates: c1 events in person-time t1 vs
 * c2 in t2, as R poisson.test(c(c1, c2), c(t1, t2), conf.level=conf).
 * Ratio and interval ends that are 0 or infinite are reported as given by
 * R (0 and Inf); the caller turns them into null with a note.  FK_EDOMAIN
 * when t1 or t2 is not positive, a count is negative or not whole, or
 * conf is outside (0,1). */
int fk_poisson_exact(double c1, double t1, double c2, double t2, double conf,
                     struct fk_rate *out, struct fk_error *err);

#endif
