/* Which rows belong to the trial arm and which to the control arm. */
#ifndef FK_CLI_ARMS_H
#define FK_CLI_ARMS_H

#include "fkstat/table.h"

struct arms {
        long col;
        const char *trial, *control;    /* labels, owned by the table/argv */
};

/* Resolve the arm labels from --trial/--control (either may be NULL) and
 * the values of column col, as DESIGN.md says: with exactly two values and
 * one of them trial|forsøg|forsog|treatment|intervention|1 that one is the
 * trial arm.  Prints the error and returns an exit status on failure. */
int arms_resolve(const char *cmd, const struct fk_table *t, long col,
                 const char *trial, const char *control, struct arms *a);

/* FK_TRIAL, FK_CONTROL, or -1 for a row in neither arm (missing or other). */
int arms_of_row(const struct arms *a, const struct fk_table *t, size_t row);

#endif
