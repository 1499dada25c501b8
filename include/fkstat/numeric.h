/* fkstat — compare trial and control on a count, ordinal (Likert) or
 * continuous outcome. */
#ifndef FKSTAT_NUMERIC_H
#define FKSTAT_NUMERIC_H

#include <stddef.h>

#include "fkstat/proportions.h"
#include "fkstat/result.h"

/* One arm's observations: value x[i] stands for w[i] people (w may be NULL
 * for weight 1).  sorted: x ascending and w NULL, read in place by every
 * statistic (no copy, nothing sorted again); the results are the same. */
struct fk_sample {
        const double *x;
        const double *w;
        size_t k;
        double exposure;        /* count: person-time; NaN = use n */
        int sorted;
};

/* Sort x[0..n) ascending in place, with no allocation (introsort:
 * quicksort on the median of three, heapsort past 2 log2 n levels,
 * insertion sort on short ranges).  Values compare as doubles: -0 and +0
 * are equal; no NaN. */
void fk_sort_values(double *x, size_t n);

struct fk_numeric_opts {
        double conf;
        enum fk_better better;
        double margin;                  /* NaN: none; in outcome units */
        enum fk_rd_method rd_method;    /* top-box difference interval */
        int top;                        /* ordinal: top-box levels (2) */
        int has_levels;                 /* ordinal: --levels MIN:MAX given */
        double level_min, level_max;
};

/* Fill r (initialised with fk_result_init, type count, ordinal or
 * continuous) from the two samples s[FK_TRIAL], s[FK_CONTROL].  Returns
 * FK_EDATA when an arm has no observations or an ordinal outcome has more
 * than FK_MAX_LEVELS levels. */
int fk_numeric_compare(const struct fk_sample s[2],
                       const struct fk_numeric_opts *o,
                       struct fk_outcome_result *r, struct fk_error *err);

#endif
