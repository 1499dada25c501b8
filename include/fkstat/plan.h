/* fkstat — the plan file of an evaluation (INI, read with inih).
 *
 * Sections and keys are those of METHODS.md and `fkstat report --help`:
 * [study], any number of [outcome NAME] and [did NAME], and [design] (read
 * by `fkstat simulate` only).  A section without keys is valid and takes
 * every default.  An unknown section or key, a section given twice, a
 * repeated key, or a bad value is an error naming the plan file and line.
 * Comments are whole lines starting with ';' or '#' (values may hold ';',
 * a common CSV delimiter).  Paths in `data` are relative to the plan
 * file's folder.  The plan is UTF-8 (a byte order mark is skipped); a plan
 * that is not is read as Windows-1252 and converted.
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
        long line;              /* of the section's [outcome NAME] line */
        long data_line;         /* of its data key, 0 when absent */
};

struct fk_plan_did {
        char *name, *label, *data, *unit, *period, *outcome, *treated;
        char *start, *weight, *better;
        double margin;
        char *treated_units;    /* list or @FILE (relative to the plan) */
        char *starts;           /* file of unit;start lines */
        char *control_group;    /* "never" (default) or "notyet" */
        char *base_period;      /* "varying" (default) or "universal" */
        char *wide;             /* "yes": one column per period */
        long line, data_line;   /* of [did NAME] and of its data key */
};

struct fk_plan_kv {
        char *key, *value;
        long line;
};

struct fk_plan {
        char *path;             /* as given */
        char *dir;              /* its folder, for relative data paths */
        char sha256[65];        /* SHA-256 of the bytes read, in hex */
        int converted;          /* read as Windows-1252 and converted */
        /* [study] */
        char *title, *data, *arm, *trial, *control, *cluster, *strata;
        char *lang;             /* "da" (default) or "en" */
        char *multiplicity;     /* default "holm" */
        char *delimiter, *decimal, *na;
        char *skip, *thousands, *encoding;      /* as the CLI options */
        char *csv_dialect;      /* results.csv: "default" or "excel-da" */
        double conf_level;      /* default 0.95 */
        unsigned long seed;     /* default 1 */
        long study_line, data_line;
        size_t noutcomes, ndids, ndesign;
        struct fk_plan_outcome *outcomes;
        struct fk_plan_did *dids;
        struct fk_plan_kv *design;      /* [design], in file order */
        /* [validate] */
        long validate_line;     /* 0: no [validate] section */
        unsigned long validate_reps;    /* default 1000 */
        unsigned long validate_seed;    /* default: the study's seed */
        int validate_seed_set;
        char *validate_outcomes;        /* comma list; NULL: every
                                           clustered outcome */
};

/* Read the plan at path (a file or a pipe, read once).  FK_EIO when it
 * cannot be read or is a folder; FK_EUSAGE (exit 2) with file and line for
 * an unknown section or key, a section without its name, a section or key
 * given twice, or a bad value (type, better, lang, multiplicity, a number,
 * a list of times); FK_ENOMEM.  On success release *out with
 * fk_plan_free. */
int fk_plan_read(const char *path, struct fk_plan **out, struct fk_error *err);

/* The same for the len bytes at data, read from path (which errors name
 * and relative data paths start from). */
int fk_plan_parse(const char *path, const char *data, size_t len,
                  struct fk_plan **out, struct fk_error *err);

void fk_plan_free(struct fk_plan *p);

/* A plan value as a number (a decimal comma is read when there is no dot;
 * blanks may follow).  Returns 0, or -1 when v is not a finite number. */
int fk_plan_number(const char *v, double *out);

/* dir/rel, or rel when it is absolute; a new string (NULL: no memory). */
char *fk_plan_path(const struct fk_plan *p, const char *rel);

#endif
