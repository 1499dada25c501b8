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

/* Time to job (stats/valsurv.c).  fk_valsurv_design fills d's pooled
 * hazards, ties, arms and icc_estimated from compare's result (it needs the
 * Kaplan–Meier tables and the municipalities' events); fk_valsurv_fit
 * solves the stable index so that the job-entry ICC is d->icc;
 * fk_valsurv_draw draws every person, municipality by municipality in
 * order, into time[] and event[], and each municipality's job entries into
 * nev[g]. */
int fk_valsurv_design(const struct fk_outcome_result *r,
                      struct fk_validate_design *d, struct fk_error *err);
double fk_valsurv_event_icc(const double *n, const double *e, const int *arm,
                            size_t G);
double fk_valsurv_model_icc(const struct fk_validate_design *d, double alpha);
int fk_valsurv_fit(const struct fk_validate_design *d,
                   struct fk_validate_model *m, struct fk_error *err);
void fk_valsurv_draw(const struct fk_validate_design *d,
                     const struct fk_validate_model *m, gsl_rng *rng,
                     double *time, double *event, double *nev);

#endif
