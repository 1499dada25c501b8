/* Internal: drawing one data set of fkstat validate from the fitted model
 * (stats/valmodel.c); the loop over repetitions is stats/validate.c. */
#ifndef FK_STATS_VALMODEL_H
#define FK_STATS_VALMODEL_H

#include <gsl/gsl_rng.h>

#include "fkstat/validate.h"

/* Draw every municipality of d in order from model m: its random effect,
 * then its people, into sum[g] (sum of the outcome) and ss[g] (sum of
 * squares about the municipality's mean).  The people are d->size[g]. */
void fk_validate_draw(const struct fk_validate_design *d,
                      const struct fk_validate_model *m, gsl_rng *rng,
                      double *sum, double *ss);

#endif
