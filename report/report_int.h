/* Internal: the state of one report run, shared by report/report.c (the
 * analysis, results.json and results.csv) and report/document.c (the
 * Markdown and HTML). */
#ifndef FK_REPORT_INT_H
#define FK_REPORT_INT_H

#include <stddef.h>

#include "fkstat/analyse.h"
#include "fkstat/did.h"
#include "fkstat/didanalyse.h"
#include "fkstat/plan.h"
#include "fkstat/render.h"
#include "fkstat/report.h"
#include "fkstat/validate.h"

/* A data file of the plan.  The sections the shared reading serves
 * (report/share.c) read it once together and its SHA-256 is taken in that
 * reading; each other section reads it as its command does (compare: the
 * summary of the columns it needs; did: the sets of its keys); full is
 * the whole table, read once and shared by the sections for which the
 * summary reader declines.  rows, delimiter and decimal
 * are those of the first read. */
struct rep_table {
        char *path;             /* as opened (plan folder + data) */
        const char *name;       /* as the plan says */
        struct fk_table *full;
        int read;               /* rows, delim, decimal are set */
        double rows;
        char delim, decimal;
        char sha[65];           /* its SHA-256, once hashed */
        int hashed;
        unsigned long long size;        /* bytes, when it was found */
        const char *wide_period;        /* read wide ([did] wide = yes):
                                           the new period and value
                                           columns; NULL: long */
        const char *wide_value;
};

struct rep_outcome {
        const struct fk_plan_outcome *po;
        const char *label;
        struct rep_table *data;
        struct fk_table *t;     /* its summary, or NULL (data->full) */
        int shared;             /* t was folded from the file's shared
                                   reading (report/share.c) */
        struct fk_compare_spec s;       /* compare's options */
        const char *column;     /* the outcome column (NULL: a survival
                                   outcome named by its time) */
        struct fk_arms arms;
        struct fk_outcome_result r;
        const char *primary;    /* the test whose p is adjusted: on the
                                   verdict's basis when clustered ("cr2",
                                   "lin_wei", or "verdict" with a margin) */
        double p, p_adj;
        const char *test;       /* the primary test of the multiplicity rule
                                   as documented for results.json:
                                   pearson_chisq ("verdict" with a margin),
                                   welch_t, brunner_munzel, logrank */
        double test_p, test_p_adj;
        char chart[80];         /* chart base name, "" when none */
        char cchart[80];        /* per-municipality chart, "" when none */
};

struct rep_did {
        const struct fk_plan_did *pd;
        const char *label;
        struct rep_table *data;
        struct fk_did_analysis a;       /* one start or staggered, as
                                           fkstat did reads the options */
        char *starts, *treated_units;   /* @FILE and starts relative to
                                           the plan's folder, or NULL */
        struct fk_table *t;     /* its sets' table, or NULL (data->full) */
        int shared;             /* t was folded from the file's shared
                                   reading (report/share.c) */
        struct fk_did_spec s;   /* did's options */
        const struct rep *r;    /* for its notes */
        struct fk_did_info info;
        double p, p_adj;                /* CR2, or the simple aggregate */
        char trend[80], event[80];
};

/* One validation of the [validate] section, run once (report/report.c)
 * and shown by report/document.c and results.json. */
struct rep_validate {
        const struct rep_outcome *x;
        struct fk_validate_design d;
        struct fk_validate_result v;
        int ok;                 /* 0: cannot be simulated; why says so */
        char why[sizeof ((struct fk_error *)0)->msg];
};

struct rep {
        const struct fk_report_opts *o;
        struct fk_plan *plan;
        char plan_sha[65];
        int da;
        struct fk_csv_opts csv;
        struct rep_table tables[32];
        size_t ntables;
        struct rep_outcome *out;
        size_t nout;
        struct rep_did *did;
        size_t ndid;
        struct rep_validate *val;       /* the [validate] section's runs */
        size_t nval;
        char forest[80];        /* forest chart of the verdict effects, one
                                   panel per scale, or "" */
        int no_gnuplot;         /* charts not drawn: .gp and data only */
        char *tmp;              /* the bundle being built */
        char *arm_list[2];      /* trial, control as @FILE relative to the
                                   plan's folder (NULL: as in the plan) */
};

/* A note on the caller's callback (fk_report_opts.note), if any. */
void rep_say(const struct rep *r, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* report/data.c: the input options from [study] (and the arm lists named
 * @FILE beside the plan); a section's data file, its own `data` or the
 * study's (wide_period and wide_value: the new columns of a wide reading,
 * NULL for long), hashed once; the table of an [outcome] as compare reads
 * it and of a [did] as did reads it (*own: a summary the caller frees, NULL
 * when *use is the file's whole table), and an [outcome]'s values as
 * compare reads them first where it can without the whole table
 * (rep_table_packed: *use NULL where that does not apply); a plan value
 * naming a file beside the plan (at: only as @FILE) as a path. */
int rep_study_csv(struct rep *r, struct fk_error *err);
struct rep_table *rep_load_section(struct rep *r, const char *data,
                                   long data_line, long line,
                                   const char *kind, const char *name,
                                   const char *wide_period,
                                   const char *wide_value,
                                   struct fk_error *err);
int rep_table_outcome(struct rep *r, struct rep_table *d,
                      const struct fk_compare_spec *s, const char *name,
                      struct fk_table **own, const struct fk_table **use,
                      struct fk_error *err);
int rep_table_packed(struct rep *r, struct rep_table *d,
                     const struct fk_compare_spec *s, const char *name,
                     struct fk_table **own, const struct fk_table **use,
                     struct fk_error *err);
int rep_table_did(struct rep *r, struct rep_table *d,
                  const struct fk_did_spec *ps, struct fk_table **own,
                  const struct fk_table **use, struct fk_error *err);
int rep_beside_plan(const struct rep *r, const char *v, int at, char **out,
                    struct fk_error *err);
/* What the first read of d says about the file (rows, delimiter, decimal
 * mark; a conversion noted). */
void rep_table_seen(struct rep *r, struct rep_table *d,
                    const struct fk_table *t);

/* report/share.c: one reading of each data file for all the sections
 * that read it through the summary reader, each section's summary folded
 * out of it into its t (shared set), the file hashed in that reading; the
 * sections it cannot serve are left to read as their commands do, and the
 * files not hashed so are hashed on their own. */
int rep_share(struct rep *r, struct fk_error *err);

/* report/draw.c: every chart of the report into r->tmp/charts (names in
 * the sections' chart fields; a missing gnuplot noted once). */
int rep_charts(struct rep *r, struct fk_error *err);

/* Adjust each section's primary p-value for multiplicity (report/results.c):
 * on the verdicts' basis for the prose and results.csv, and the documented
 * primary tests for results.json. */
int rep_adjust(struct rep *r, struct fk_error *err);

/* Write results.json and results.csv into r->tmp (report/results.c). */
int rep_write_json(struct rep *r, struct fk_error *err);
int rep_write_csv(struct rep *r, struct fk_error *err);

/* Write report.md and report.html into r->tmp. */
int rep_document(struct rep *r, struct fk_error *err);

#endif
