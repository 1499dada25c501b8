/* Private to analyse/did.c and analyse/didstarts.c: the per-unit starts
 * of a staggered difference in differences.  Nothing outside analyse/
 * includes this file. */
#ifndef FKSTAT_ANALYSE_DID_INT_H
#define FKSTAT_ANALYSE_DID_INT_H

#include "fkstat/didanalyse.h"

/* Pass a note to the caller of fk_did_analyse. */
void did_say(const struct fk_did_spec *s, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Fill a->start and a->start_label (allocated here, one per unit of
 * a->panel, FK_STAGGER_NEVER and NULL for never) from the column
 * spec->start of t or the file spec->starts.  kind is the kind of the
 * panel's periods.  FK_EDATA with file and line for a start that is not
 * a period of that kind, a unit with two starts or an unreadable file;
 * FK_ENOMEM. */
int did_starts_column(const struct fk_table *t, const struct fk_did_spec *s,
                      enum fk_period_kind kind, struct fk_did_analysis *a,
                      struct fk_error *err);
int did_starts_file(const struct fk_did_spec *s, enum fk_period_kind kind,
                    struct fk_did_analysis *a, struct fk_error *err);

#endif
