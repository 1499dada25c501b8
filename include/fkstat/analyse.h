/* fkstat — compare trial and control on one outcome of a table: the
 * pipeline of `fkstat compare`, shared with `fkstat plot` and `fkstat
 * report`.  It finds the columns, infers the outcome type when asked,
 * collects each arm's values (individual rows, --successes/--trials counts,
 * or --freq weighted rows), runs the statistics of stats/ and adds the
 * stratified (--strata) and municipality-level (--cluster) analyses.
 *
 * Errors: FK_EUSAGE for what the caller asked wrongly (a missing column,
 * --strata with a non-binary outcome, a margin out of range), FK_EDATA
 * with file and line for a bad value; the library prints nothing — notes
 * (type inferred, rows left out, few clusters) go to spec->note when set.
 */
#ifndef FKSTAT_ANALYSE_H
#define FKSTAT_ANALYSE_H

#include <stddef.h>

#include "fkstat/binary.h"
#include "fkstat/progress.h"
#include "fkstat/result.h"
#include "fkstat/survival.h"
#include "fkstat/table.h"

struct fk_compare_spec {
        const char *arm;                /* arm column (default "arm") */
        enum fk_type type;              /* FK_TYPE_AUTO: infer */
        enum fk_better better;
        double margin, conf;            /* margin NaN: none */
        enum fk_rd_method rd_method;
        const char *successes, *trials, *freq, *exposure;       /* columns */
        const char *time, *event, *strata;                      /* columns */
        const char *cluster;            /* column, "auto" or NULL (detect),
                                           or "none" */
        double reps;
        unsigned long seed;
        enum fk_km_ci km_ci;
        enum fk_ties ties;
        double at[FK_MAX_AT];           /* times for cumulative job entry */
        size_t nat;
        int table;                      /* keep the Kaplan–Meier tables */
        int top, has_levels;            /* ordinal: top box, --levels */
        double level_min, level_max;
        void (*note)(void *ctx, const char *msg);      /* NULL: dropped */
        void *note_ctx;
};

/* The defaults of `fkstat compare`. */
#define FK_COMPARE_SPEC_INIT { "arm", FK_TYPE_AUTO, FK_BETTER_HIGHER, NAN, \
        0.95, FK_RD_MIETTINEN_NURMINEN, NULL, NULL, NULL, NULL, NULL, NULL, \
        NULL, NULL, 9999, 1, FK_KM_LOGLOG, FK_TIES_EFRON, { 13, 26, 52 }, 3, \
        0, 2, 0, 0, 0, NULL, NULL }

#define FK_ARMS_MAX 1024

/* Which rows are in the trial arm and which in the control arm: each arm
 * is a set of values of column col, matched after trimming and without
 * regard to case; with rest, every value not in the trial arm is control.
 * Every string points into the table or the caller's strings, so the
 * struct may be copied while those live. */
struct fk_arms {
        long col;
        const char *trial, *control;    /* labels for output: the value, or
                                           the list as given */
        const char *label[2];           /* the same, by arm */
        const char *val[2][FK_ARMS_MAX];        /* the table's own cells */
        size_t nval[2];
        int rest;
        double unmatched;               /* rows (as read) in neither arm */
};

/* Whether two arm values are equal without regard to case (ASCII and the
 * Latin-1 letters of UTF-8: Æ/æ, Ø/ø, Å/å). */
int fk_arm_label_equal(const char *x, const char *y);

/* The trimmed items of spec — a comma list, or @FILE with one value a line
 * (a BOM, CR, blank lines and lines starting with # are skipped) — copied
 * into buf (size bytes), *n of them at item[0..max).  what names the
 * option in messages.  FK_EUSAGE for an empty or too long list, FK_EDATA
 * (naming the file) for an unreadable file. */
int fk_value_list(const char *spec, const char *what, char *buf, size_t size,
                  const char **item, size_t max, size_t *n,
                  struct fk_error *err);

/* Called for a listed value that is not in the column. */
struct fk_arms_notes {
        void (*note)(void *ctx, const char *option, const char *value);
        void *ctx;
};

/* Resolve the arms from trial and control, each NULL, one value, a comma
 * list or @FILE (one value a line), and the values of column col.  With
 * neither given: exactly two values, one of them trial, forsøg, forsog,
 * treatment, intervention, 1, ja or yes (any case), which is the trial
 * arm.  With only trial given: the other value when the column has two,
 * else every other value is control.  Listed values missing from the
 * column go to nt (may be NULL).  FK_EDATA (not two arms, an arm without
 * rows, an unreadable list) or FK_EUSAGE (ambiguous, a value in both
 * arms, an empty list). */
int fk_arms_resolve_with(const struct fk_table *t, long col,
                         const char *trial, const char *control,
                         struct fk_arms *a, const struct fk_arms_notes *nt,
                         struct fk_error *err);
int fk_arms_resolve(const struct fk_table *t, long col, const char *trial,
                    const char *control, struct fk_arms *a,
                    struct fk_error *err);

/* FK_TRIAL, FK_CONTROL, or -1 for a row in neither arm. */
int fk_arms_of_row(const struct fk_arms *a, const struct fk_table *t,
                   size_t row);

/* Check that every column the spec and the outcomes name is in the
 * header: FK_EUSAGE naming the file otherwise. */
int fk_compare_columns(const struct fk_table *t,
                       const struct fk_compare_spec *s,
                       const char *const *outcomes, size_t n,
                       struct fk_error *err);

/* --cluster: NULL or "auto" (any case) asks for detection, "none" turns
 * clustering off; anything else names the column. */
int fk_cluster_auto(const char *cluster);
int fk_cluster_none(const char *cluster);

/* The column names --cluster auto looks for (any case): kommune,
 * kommunenavn, kommunekode, municipality, cluster. */
const char *const *fk_cluster_candidates(size_t *n);

/* --cluster auto: the first column with one of those names in which the
 * arms are nested — every row of an arm has a value, each value lies in
 * one arm only, each arm has at least two values — or *col = -1.  *near
 * is the first such column that fails only because some rows lack a value
 * (-1: none), so that the caller can say so.  FK_ENOMEM. */
int fk_cluster_detect(const struct fk_table *t, const struct fk_arms *a,
                      long *col, long *near, struct fk_error *err);

/* The reading of compare (and report) that spares the whole table where
 * it can, for a survival outcome (s->time and s->event) or one count or
 * continuous outcome (type count, continuous or inferred; not with
 * --successes, --strata or --exposure) on named files (not "-"): the
 * sets of the summary reader (include/fkstat/stream.h) with the columns
 * the outcome needs besides its values (arm, event, freq, strata, the
 * cluster column or --cluster auto's candidates) as keys and its values
 * as numbers — survival times packed, 4 bytes each while they fit; a
 * count or continuous outcome's values in file order, since the means
 * and tests sum them in the order of the rows, only where they are
 * mostly distinct (else the summary of fk_table_read_summary keeps
 * fewer).  The analyses of the table give what the whole table gives.
 * FK_OK with *t the sets' table (*whole 0), the whole table where the
 * survival sets do not apply (*whole 1), or NULL where this reading does
 * not apply (then read the summary or the whole table); FK_ENOMEM or
 * FK_EUSAGE (bad csv options) otherwise.  progress may be NULL. */
int fk_compare_read_packed(const char *const *files, size_t nfiles,
                           const struct fk_csv_opts *csv,
                           const struct fk_compare_spec *s,
                           const char *outcome, fk_progress_fn progress,
                           void *progress_ctx, struct fk_table **t,
                           int *whole, struct fk_error *err);

/* Notes held back until it is known whether they are to be said (the
 * analysis of a packed table is done again on the whole table where it
 * fails): fk_notes_hold is a note callback whose ctx is the struct, which
 * keeps up to 64 notes (lost set when more came); fk_notes_say hands each
 * to say (NULL: dropped) in order and empties the struct.  Zero-initialise. */
struct fk_notes_held {
        char *msg[64];
        size_t n;
        int lost;
};

void fk_notes_hold(void *held, const char *msg);
void fk_notes_say(struct fk_notes_held *h,
                  void (*say)(void *ctx, const char *msg), void *ctx);

/* Compare the arms on the outcome column name (with --successes or --time,
 * name only names the result) into r, which this initialises; release r
 * with fk_result_release. */
int fk_compare_outcome(const struct fk_table *t,
                       const struct fk_compare_spec *s,
                       const struct fk_arms *a, const char *name,
                       struct fk_outcome_result *r, struct fk_error *err);

#endif
