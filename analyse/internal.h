/* Private to analyse/: the helpers its files share (arms.c), and the rows
 * of one outcome, collected once from the table (compare.c) and read by
 * the individual-level (outcome.c) and the cluster-level (clustered.c)
 * analyses.  Nothing outside analyse/ includes this file. */
#ifndef FKSTAT_ANALYSE_INTERNAL_H
#define FKSTAT_ANALYSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fkstat/analyse.h"
#include "fkstat/error.h"
#include "fkstat/coxcluster.h"
#include "fkstat/survival.h"
#include "fkstat/table.h"

/* Pass a note (type inferred, rows left out, few clusters) to the caller. */
void analyse_say(const struct fk_compare_spec *o, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* An error found while reading rows names the first input file when the
 * row itself did not; returns err->code. */
int analyse_in_file(const struct fk_table *t, struct fk_error *err);

/* A column's name as quoted in a message. */
struct fk_quote analyse_colq(const struct fk_table *t, long col);

/* *col = the column called name, -1 when name is NULL; FK_EUSAGE naming
 * the file when the header lacks it. */
int analyse_column(const struct fk_table *t, const char *name, long *col,
                   struct fk_error *err);

/* Whether a header name is one --cluster auto looks for (trimmed, any
 * case; analyse/detect.c). */
int analyse_cluster_name(const char *name);

/* A row's weight: the summary reader's count times the --freq count. */
int analyse_row_weight(const struct fk_table *t, long fcol, size_t r,
                       double *w, struct fk_error *err);

/* A --successes/--trials cell as a count; *missing when empty. */
int analyse_count_cell(const struct fk_table *t, long col, size_t r,
                       double *out, int *missing, struct fk_error *err);

/* Names numbered in order of first appearance (analyse/names.c): the
 * strings are the table's cells, not copied.  Zero-initialise; release. */
struct name_set {
        const char **names;
        size_t n, cap, last;
        size_t *slot, nslot;            /* hash index into names */
};

/* The number of name, added when new; (size_t)-1 when out of memory. */
size_t name_set_index(struct name_set *ns, const char *name);
void name_set_release(struct name_set *ns);

/* The rows of one outcome, in table order: entry i stands for w[i] people
 * of arm[i] (FK_TRIAL, FK_CONTROL) with value y[i] — 0/1 for binary (an
 * aggregated row gives two entries, its successes and its failures), the
 * number, or the time to job with e[i] the event (0 elsewhere) — in
 * cluster cl[i] (an index into cls; 0 when not clustered) and stratum
 * st[i] (an index into strata, or NO_STRATUM; --strata only).
 * Rows with a missing outcome, or a missing cluster, are not entries:
 * they are counted in excl per arm (people), the latter also in nocl.
 * Only the arrays the outcome has are kept (has_e, has_cl, has_st; set
 * by the collection): without, e is NULL and every event 0, cl NULL and
 * every cluster 0, st NULL and every stratum NO_STRATUM. */
#define NO_STRATUM ((size_t)-1)

struct outcome_rows {
        size_t n, cap;
        double *y, *e, *w;
        int *arm;
        size_t *cl, *st;
        int has_e, has_cl, has_st;      /* time to job, --cluster, --strata */
        /* keyed (set by the caller before collecting; time to job only):
         * the entries are key[0..nkey) instead (survkeys.c), unless
         * keyfail says they did not fit and must be collected again */
        int keyed, keyfail, scale, clustered;
        uint64_t *key;                  /* wide keys, or NULL: */
        uint32_t *key32;                /* narrow ones (cbits) */
        int cbits;
        uint64_t mmax;                  /* the largest time m */
        size_t nkey, kcap;
        unsigned char *clarm;           /* per cluster: 1 trial, 2 control
                                           seen (a cluster in both arms:
                                           keyfail) */
        size_t nclarm;
        struct name_set cls, strata;    /* cluster and stratum names */
        double excl[2], nocl, st_missing;
        double exposure[2];             /* --exposure sums; NaN without */
        /* lean (set by outcome_collect for a count or continuous outcome
         * without --freq, --exposure or --strata whose values are mostly
         * distinct): instead of entries, each arm's values (a value of
         * weight w repeated w times) in ay[a][0..an[a]), and with
         * clusters each cluster's exact moments cm[g] and arm carm[g]
         * (-1 none yet, 2 both) in the numbering of cls; leanfail when a
         * weight is not whole or a value's magnitude is outside
         * [2^-500, 2^500] (the rows are then collected again as
         * entries) */
        int lean, leanfail;
        double *ay[2];
        size_t an[2], acap[2];
        struct fk_moments *cm;
        int *carm;
        size_t ncm;
};

void outcome_rows_release(struct outcome_rows *rows);

/* Keyed rows (survkeys.c): room for cap keys; append one entry (marks
 * keyfail when it does not fit a key); sort; read the sorted keys as the
 * pooled distinct times of both arms. */
int survkeys_reserve(struct outcome_rows *rows, size_t cap,
                     struct fk_error *err);
int survkeys_push(struct outcome_rows *rows, double y, double e, double w,
                  int arm, size_t cl, struct fk_error *err);
void survkeys_sort(struct outcome_rows *rows);

struct survkeys_cursor {
        struct fk_coxcluster_keys d;
        size_t at;
};

/* The keys as include/fkstat/coxcluster.h reads them. */
void survkeys_view(const struct outcome_rows *rows,
                   struct fk_coxcluster_keys *d);

void survkeys_source(const struct outcome_rows *rows,
                     struct survkeys_cursor *c, struct fk_surv_source *src);

/* The columns of one outcome (indices; -1: none). */
struct outcome_cols {
        long o, s, k, f, x, st, cl, tm, ev;     /* outcome, successes,
                                                   trials, freq, exposure,
                                                   strata, cluster, time,
                                                   event */
};

/* Collect the rows of arms a in t (collect.c): every row of an arm becomes
 * entries of rows (zeroed by the caller), or is counted as excluded. */
int outcome_collect(const struct fk_table *t, const struct fk_arms *a,
                    const struct outcome_cols *c, enum fk_type type,
                    struct outcome_rows *rows, struct fk_error *err);

/* The individual-level analysis of rows into r (initialised by the
 * caller): per arm, effects, tests, verdict; and the Mantel–Haenszel
 * analysis when rows carry strata (strata names the column).  A count,
 * ordinal, continuous or unkeyed time-to-job outcome without clusters
 * loses its y, w and arm arrays here (nothing reads them later). */
int outcome_individual(struct outcome_rows *rows,
                       const struct fk_compare_spec *o, const char *strata,
                       struct fk_outcome_result *r, struct fk_error *err);

/* The cluster-level analysis of rows into r: ICC, CR2, wild bootstrap,
 * randomization (Lin–Wei Cox for time to job), the per-municipality table
 * and the verdict on the cluster-level interval.  column names the
 * cluster column.  Unkeyed rows lose their y, e, w, arm and cl arrays
 * here, once copied into the cluster rows. */
int outcome_clustered(struct outcome_rows *rows,
                      const struct fk_compare_spec *o, const char *column,
                      int detected, struct fk_outcome_result *r,
                      struct fk_error *err);

#endif
