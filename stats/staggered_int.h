/* Internal: the parts of the staggered-starts module (stats/staggered.c,
 * stats/bacon.c, stats/stagger_ri.c) that call each other.  See
 * include/fkstat/staggered.h. */
#ifndef FK_STATS_STAGGERED_INT_H
#define FK_STATS_STAGGERED_INT_H

#include <stddef.h>

#include "fkstat/staggered.h"

#define FK_STAGGER_NONE ((size_t)-1)

/* The two-way fixed-effects coefficient of D_it = [ord_t >= start_i] on
 * every cell, unweighted, and its Goodman-Bacon decomposition when the
 * panel is balanced and no unit is treated from the first period (else
 * nbacon 0 and bacon_note set).  Fills twfe, twfe_note, bacon, nbacon,
 * bacon_note and bacon_later_weight of out, whose cohort[] is set. */
int fk_stagger_twfe_bacon(const struct fk_stagger_data *d,
                          struct fk_stagger_result *out, struct fk_error *err);

/* What randomization inference needs: the n units of the estimates with
 * their outcomes over the first T periods (n x T, unit-major), each unit's
 * class (0 .. C-1; a cohort or the never-treated), the class sizes, and
 * the post-start ATT(g,t) terms: cohort class g, period t, base b and the
 * comparison classes of each (ctrl[k][0 .. nctrl[k]-1]). */
struct fk_stagger_ri {
        size_t n, T, C;
        const double *Y;
        const size_t *cls;
        const size_t *size;             /* C */
        size_t nterm;
        const size_t *g, *t, *b;        /* nterm */
        const size_t *const *ctrl;
        const size_t *nctrl;
};

/* The simple aggregate for the observed classes and its two-sided
 * randomization p-value over the distinct reassignments of the classes
 * to the units: all of them when they number at most 10^6, else reps
 * uniform draws.  FK_ENOMEM. */
int fk_stagger_ri_p(const struct fk_stagger_ri *in, size_t reps,
                    unsigned long seed, double *p, double *count, int *exact,
                    struct fk_error *err);

#endif
