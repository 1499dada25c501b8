/* Internal: the helpers report/analyse.c shares with
 * report/analyse_cluster.c. */
#ifndef FK_REPORT_ANALYSE_INT_H
#define FK_REPORT_ANALYSE_INT_H

#include "fkstat/analyse.h"
#include "fkstat/error.h"
#include "fkstat/table.h"

/* Pass a note (type inferred, rows left out, few clusters) to the caller. */
void analyse_say(const struct fk_compare_spec *o, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* A column's name as quoted in a message. */
struct fk_quote analyse_colq(const struct fk_table *t, long col);

/* A row's weight: the summary reader's count times the --freq count. */
int analyse_row_weight(const struct fk_table *t, long fcol, size_t r,
                       double *w, struct fk_error *err);

/* A --successes/--trials cell as a count; *missing when empty. */
int analyse_count_cell(const struct fk_table *t, long col, size_t r,
                       double *out, int *missing, struct fk_error *err);

/* The cluster-level analyses into r (r->has_cluster, r->cl, r->cox_cl). */
int analyse_cluster(const struct fk_table *t, const struct fk_arms *a,
                    long ccol, long ocol, long scol, long tcol, long fcol,
                    const struct fk_compare_spec *o,
                    struct fk_outcome_result *r, struct fk_error *err);

#endif
