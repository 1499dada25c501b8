/* fkstat — compare trial and control on a binary outcome (job entry). */
#ifndef FKSTAT_BINARY_H
#define FKSTAT_BINARY_H

#include "fkstat/proportions.h"
#include "fkstat/result.h"

struct fk_binary_opts {
        double conf;                    /* confidence level, e.g. 0.95 */
        enum fk_rd_method rd_method;    /* risk difference interval */
        enum fk_better better;
        double margin;                  /* NaN: no margin */
};

/* Fill r (already initialised with fk_result_init) from the counts of the
 * two arms: x[FK_TRIAL] successes of n[FK_TRIAL] trials, likewise control.
 * Returns FK_EDATA when an arm has no observations. */
int fk_binary_compare(const double x[2], const double n[2],
                      const struct fk_binary_opts *o,
                      struct fk_outcome_result *r, struct fk_error *err);

#endif
