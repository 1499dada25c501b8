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

/* A data file of the plan.  Each section reads it as its command does
 * (compare: the summary of the columns it needs; did: the sets of its
 * keys); full is the whole table, read once and shared by the sections
 * for which the summary reader declines.  rows, delimiter and decimal
 * are those of the first read. */
struct rep_table {
        char *path;             /* as opened (plan folder + data) */
        const char *name;       /* as the plan says */
        struct fk_table *full;
        int read;               /* rows, delim, decimal are set */
        double rows;
        char delim, decimal;
        char sha[65];
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
