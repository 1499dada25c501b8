/* fkstat — the plan file of an evaluation (INI, read with inih).
 *
 * Sections and keys are DESIGN.md's "Plan file": [study], any number of
 * [outcome NAME] and [did NAME], and [design] (read by `fkstat simulate`
 * only).  An unknown section or key, a repeated key, or a bad value is an
 * error naming the plan file and line.  Comments are whole lines starting
 * with ';' or '#' (values may hold ';', a common CSV delimiter).  Paths in
 * `data` are relative to the plan file's folder.
 */
#ifndef FKSTAT_PLAN_H
#define FKSTAT_PLAN_H

#include <stddef.h>

#include "fkstat/error.h"

/* A string value is NULL when the key is absent; a number is NaN. */
struct fk_plan_outcome {
        char *name, *label, *column, *type, *better, *data;
        char *time, *event, *exposure, *successes, *trials, *freq, *at;
        double margin;
        int top;                /* 0: default */
        long line;              /* of the section's first key */
        long data_line;         /* of its data key, 0 when absent */
};

struct fk_plan_did {
        char *name, *label, *data, *unit, *period, *outcome, *treated;
        char *start, *weight, *better;
        double margin;
        long line, data_line;
};

struct fk_plan_kv {
        char *key, *value;
        long line;
};

struct fk_plan {
        char *path;             /* as given */
        char *dir;              /* its folder, for relative data paths */
        /* [study] */
        char *title, *data, *arm, *trial, *control, *cluster, *strata;
        char *lang;             /* "da" (default) or "en" */
        char *multiplicity;     /* default "holm" */
        char *delimiter, *decimal, *na;
        double conf_level;      /* default 0.95 */
        unsigned long seed;     /* default 1 */
        long study_line, data_line;
        size_t noutcomes, ndids, ndesign;
        struct fk_plan_outcome *outcomes;
        struct fk_plan_did *dids;
        struct fk_plan_kv *design;      /* [design], in file order */
};

/* Read the plan at path.  FK_EIO when it cannot be read; FK_EUSAGE (exit
 * 2) with file and line for an unknown section or key, a repeated key, or a
 * bad value (type, better, lang, multiplicity, a number).  On success
 * release *out with fk_plan_free. */
int fk_plan_read(const char *path, struct fk_plan **out, struct fk_error *err);

void fk_plan_free(struct fk_plan *p);

/* A plan value as a number (a decimal comma is read when there is no dot;
 * blanks may follow).  Returns 0, or -1 when v is not a finite number. */
int fk_plan_number(const char *v, double *out);

/* dir/rel, or rel when it is absolute; a new string (NULL: no memory). */
char *fk_plan_path(const struct fk_plan *p, const char *rel);

#endif
