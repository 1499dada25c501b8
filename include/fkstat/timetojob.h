/* fkstat — compare trial and control on time to job (survival outcome). */
#ifndef FKSTAT_TIMETOJOB_H
#define FKSTAT_TIMETOJOB_H

#include <stddef.h>

#include "fkstat/result.h"
#include "fkstat/survival.h"

/* One arm: time[i], event[i] (1 job, 0 censored), weight w[i] (NULL: 1). */
struct fk_durations {
        const double *time, *event, *w;
        size_t k;
};

struct fk_survival_opts {
        double conf;
        enum fk_better better;          /* higher: faster job entry */
        double margin;                  /* NaN: none; on the HR scale */
        enum fk_km_ci km_ci;
        enum fk_ties ties;
        const double *at;               /* times for 1 - S(t) */
        size_t nat;                     /* at most FK_MAX_AT */
        int table;                      /* keep the KM table */
};

/* Fill r (initialised, type survival) from the two arms.  With o->table
 * the result owns KM tables: release with fk_result_release. */
int fk_survival_compare(const struct fk_durations d[2],
                        const struct fk_survival_opts *o,
                        struct fk_outcome_result *r, struct fk_error *err);

/* The same from the pooled distinct times of both arms (sample 0 the
 * trial arm): the same bits without a row per person. */
int fk_survival_compare_source(const struct fk_surv_source *src,
                               const struct fk_survival_opts *o,
                               struct fk_outcome_result *r,
                               struct fk_error *err);

#endif
