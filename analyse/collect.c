/* The one scan of the table for an outcome: each row of an arm becomes
 * entries of the outcome's rows — value, event, weight, arm, municipality,
 * stratum — from a full table, a summary table (with the numbers of its
 * groups), or a table read with its numbers in file order; the analyses
 * (outcome.c, clustered.c) read that one collection.  See
 * analyse/internal.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "fkstat/moments.h"
#include "fkstat/stream.h"

/* The lean arrays only (the values per arm, the clusters' moments). */
static void lean_release(struct outcome_rows *rows)
{
        for (int a = 0; a < 2; a++) {
                free(rows->ay[a]);
                rows->ay[a] = NULL;
                rows->an[a] = rows->acap[a] = 0;
        }
        for (size_t g = 0; g < rows->ncm; g++)
                fk_moments_release(&rows->cm[g]);
        free(rows->cm);
        free(rows->carm);
        rows->cm = NULL;
        rows->carm = NULL;
        rows->ncm = 0;
}

void outcome_rows_release(struct outcome_rows *rows)
{
        lean_release(rows);
        free(rows->y);
        free(rows->e);
        free(rows->w);
        free(rows->arm);
        free(rows->cl);
        free(rows->st);
        free(rows->key);
        free(rows->key32);
        free(rows->clarm);
        name_set_release(&rows->cls);
        name_set_release(&rows->strata);
        memset(rows, 0, sizeof *rows);
}

/* Room for cap entries in all (the arrays grow by doubling otherwise);
 * the events, clusters and strata only where the outcome has them (see
 * has_e in analyse/internal.h). */
static int reserve(struct outcome_rows *rows, size_t cap,
                   struct fk_error *err)
{
        double *ny = realloc(rows->y, cap * sizeof *ny);
        double *ne = ny && rows->has_e ? realloc(rows->e, cap * sizeof *ne)
                                       : NULL;
        double *nw = ny && (ne || !rows->has_e) ?
                     realloc(rows->w, cap * sizeof *nw) : NULL;
        int *na = nw ? realloc(rows->arm, cap * sizeof *na) : NULL;
        size_t *nc = na && rows->has_cl ?
                     realloc(rows->cl, cap * sizeof *nc) : NULL;
        size_t *ns = na && (nc || !rows->has_cl) && rows->has_st ?
                     realloc(rows->st, cap * sizeof *ns) : NULL;

        if (ny)
                rows->y = ny;
        if (ne)
                rows->e = ne;
        if (nw)
                rows->w = nw;
        if (na)
                rows->arm = na;
        if (nc)
                rows->cl = nc;
        if (ns)
                rows->st = ns;
        if (!na || (rows->has_cl && !nc) || (rows->has_st && !ns))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rows->cap = cap;
        return FK_OK;
}

/* Room for n more values in arm a's lean array. */
static int lean_room(struct outcome_rows *rows, int a, size_t n,
                     struct fk_error *err)
{
        size_t cap = rows->acap[a];
        double *p;

        if (rows->an[a] + n <= cap)
                return FK_OK;
        while (cap < rows->an[a] + n)
                cap = cap ? 2 * cap : 1024;
        if (!(p = realloc(rows->ay[a], cap * sizeof *p)))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rows->ay[a] = p;
        rows->acap[a] = cap;
        return FK_OK;
}

/* Cluster g's moments and arm (grown to hold it). */
static int lean_cluster(struct outcome_rows *rows, size_t g,
                        struct fk_error *err)
{
        size_t cap = rows->ncm;
        struct fk_moments *m;
        int *arm;

        if (g < cap)
                return FK_OK;
        while (cap <= g)
                cap = cap ? 2 * cap : 16;
        m = realloc(rows->cm, cap * sizeof *m);
        if (m)
                rows->cm = m;
        arm = m ? realloc(rows->carm, cap * sizeof *arm) : NULL;
        if (!arm)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rows->carm = arm;
        for (size_t k = rows->ncm; k < cap; k++) {
                fk_moments_init(&rows->cm[k]);
                rows->carm[k] = -1;
        }
        rows->ncm = cap;
        return FK_OK;
}

/* A lean entry: w people of arm with value y, in cluster cl. */
static int lean_push(struct outcome_rows *rows, double y, double w, int arm,
                     size_t cl, struct fk_error *err)
{
        double a = fabs(y);
        size_t k;

        if (!(w > 0))
                return FK_OK;
        if (w - floor(w) > 0 || w > 0x1p40 ||
            a > 0x1p500 || (a > 0.0 && a < 0x1p-500)) {
                rows->leanfail = 1;
                return FK_OK;
        }
        k = (size_t)w;
        if (lean_room(rows, arm, k, err))
                return err->code;
        for (size_t i = 0; i < k; i++)
                rows->ay[arm][rows->an[arm]++] = y;
        if (rows->has_cl) {
                if (lean_cluster(rows, cl, err))
                        return err->code;
                fk_moments_add_n(&rows->cm[cl], y, w);
                if (rows->carm[cl] < 0)
                        rows->carm[cl] = arm;
                else if (rows->carm[cl] != arm)
                        rows->carm[cl] = 2;
        }
        return FK_OK;
}

/* Append an entry: w people of arm with value y (event e) in the row's
 * cluster and stratum. */
static int push(struct outcome_rows *rows, double y, double e, double w,
                int arm, size_t cl, size_t st, struct fk_error *err)
{
        if (rows->keyed)
                return survkeys_push(rows, y, e, w, arm, cl, err);
        if (rows->lean)
                return rows->leanfail ? FK_OK
                                      : lean_push(rows, y, w, arm, cl, err);
        if (rows->n == rows->cap &&
            reserve(rows, rows->cap ? 2 * rows->cap : 1024, err))
                return err->code;
        rows->y[rows->n] = y;
        if (rows->has_e)
                rows->e[rows->n] = e;
        rows->w[rows->n] = w;
        rows->arm[rows->n] = arm;
        if (rows->has_cl)
                rows->cl[rows->n] = cl;
        if (rows->has_st)
                rows->st[rows->n] = st;
        rows->n++;
        return FK_OK;
}

/* A row's cluster and stratum indices; *skip when the cluster is
 * missing (the row leaves the whole outcome). */
static int row_groups(const struct fk_table *t, const struct outcome_cols *c,
                      size_t r, struct outcome_rows *rows, size_t *cl,
                      size_t *st, int *skip, double people,
                      struct fk_error *err)
{
        const char *v;

        *cl = 0;
        *st = NO_STRATUM;
        *skip = 0;
        if (c->cl >= 0) {
                if (!(v = fk_table_cell(t, r, (size_t)c->cl))) {
                        *skip = 1;
                        return FK_OK;
                }
                *cl = name_set_index(&rows->cls, v);
                if (*cl == (size_t)-1)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        if (c->st >= 0) {
                if (!(v = fk_table_cell(t, r, (size_t)c->st))) {
                        rows->st_missing += people;
                        return FK_OK;
                }
                *st = name_set_index(&rows->strata, v);
                if (*st == (size_t)-1)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        return FK_OK;
}

/* One row of a binary outcome: an individual 0/1 value or aggregated
 * successes of trials. */
static int binary_row(const struct fk_table *t, const struct outcome_cols *c,
                      size_t r, int arm, double w, struct outcome_rows *rows,
                      struct fk_error *err)
{
        double s = 0, k = 0;
        size_t cl, st;
        int v, skip, miss_s, miss_t;

        if (c->o >= 0) {
                const char *cell = fk_table_cell(t, r, (size_t)c->o);

                if (!cell) {
                        rows->excl[arm] += w;
                        return FK_OK;
                }
                if (fk_parse_binary(cell, &v))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a binary value",
                                analyse_colq(t, c->o).s, fk_quote(cell).s);
                s = v;
                k = 1;
        } else {
                if (analyse_count_cell(t, c->s, r, &s, &miss_s, err) ||
                    analyse_count_cell(t, c->k, r, &k, &miss_t, err))
                        return err->code;
                if (miss_s || miss_t) {
                        rows->excl[arm] += miss_t ? w : w * k;
                        return FK_OK;
                }
                if (s > k)
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': %.0f successes exceed %.0f "
                                "trials", analyse_colq(t, c->s).s, s, k);
        }
        if (row_groups(t, c, r, rows, &cl, &st, &skip, w * k, err))
                return err->code;
        if (skip) {
                rows->excl[arm] += w * k;
                rows->nocl += w * k;
                return FK_OK;
        }
        if (c->o >= 0)
                return push(rows, s, 0, w, arm, cl, st, err);
        if (push(rows, 1, 0, w * s, arm, cl, st, err))
                return err->code;
        return push(rows, 0, 0, w * (k - s), arm, cl, st, err);
}

/* One row of a count, ordinal or continuous outcome, checking the value
 * and the --exposure person-time. */
static int numeric_row(const struct fk_table *t, const struct outcome_cols *c,
                       size_t r, int arm, double w, enum fk_type type,
                       struct outcome_rows *rows, struct fk_error *err)
{
        const char *s = fk_table_cell(t, r, (size_t)c->o);
        struct fk_quote name = analyse_colq(t, c->o);
        double x, e;
        size_t cl, st;
        int skip;

        if (!s) {
                rows->excl[arm] += w;
                return FK_OK;
        }
        if (fk_parse_double(s, fk_table_decimal(t), &x))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a number",
                                    name.s, fk_quote(s).s);
        if (type == FK_TYPE_COUNT && (x < 0 || x - floor(x) > 0))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a count (a "
                                    "non-negative whole number)",
                                    name.s, fk_quote(s).s);
        if (type == FK_TYPE_ORDINAL && x - floor(x) > 0)
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a level of an "
                                    "ordinal scale (a whole number)",
                                    name.s, fk_quote(s).s);
        if (row_groups(t, c, r, rows, &cl, &st, &skip, w, err))
                return err->code;
        if (skip) {
                rows->excl[arm] += w;
                rows->nocl += w;
                return FK_OK;
        }
        if (c->x >= 0) {
                const char *es = fk_table_cell(t, r, (size_t)c->x);

                if (!es || fk_parse_double(es, fk_table_decimal(t), &e) ||
                    !(e > 0))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a positive "
                                "person-time", analyse_colq(t, c->x).s,
                                fk_quote(es ? es : "").s);
                rows->exposure[arm] += w * e;
        }
        return push(rows, x, 0, w, arm, cl, st, err);
}

/* A number row of a count, ordinal or continuous outcome (a summary with
 * FK_NUMBERS_VALUES, include/fkstat/stream.h): each of its numbers, with
 * the row's weight shared out, as numeric_row would take it from its own
 * row.  A value that does not fit the type names the group's first line,
 * not necessarily its own: the CLI reads the whole table then. */
static int numeric_numbers(const struct fk_table *t,
                           const struct outcome_cols *c, size_t r, int arm,
                           double w, enum fk_type type,
                           const struct fk_numbers *nb,
                           struct outcome_rows *rows, struct fk_error *err)
{
        struct fk_num_chunk v;
        void *buf = NULL;
        size_t cap = 0, cl, st;
        int skip, rc = FK_OK;

        if (!(nb->n > 0))
                return FK_OK;
        if ((rc = row_groups(t, c, r, rows, &cl, &st, &skip, w, err)))
                return rc;
        if (skip) {
                rows->excl[arm] += w;
                rows->nocl += w;
                return FK_OK;
        }
        w /= nb->n;             /* whole numbers: one value's */
        for (size_t k = 0; k < nb->nchunks && !rc; k++) {
                if ((rc = fk_num_chunk_load(&nb->chunks[k], &v, &buf, &cap))) {
                        rc = fk_error_set(err, rc, fk_table_row_file(t, r),
                                          fk_table_row_line(t, r),
                                          rc == FK_ENOMEM ? "out of memory" :
                                          "the temporary file of the numbers "
                                          "could not be read");
                        break;
                }
                for (size_t i = 0; i < v.n && !rc; i++) {
                        double x = fk_num_chunk_value(&v, i);

                        if ((type == FK_TYPE_COUNT &&
                             (x < 0 || x - floor(x) > 0)) ||
                            (type == FK_TYPE_ORDINAL && x - floor(x) > 0))
                                rc = fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': a value that is not %s",
                                        analyse_colq(t, c->o).s,
                                        type == FK_TYPE_COUNT ? "a count" :
                                        "a level of an ordinal scale");
                        else
                                rc = push(rows, x, 0, w, arm, cl, st, err);
                }
        }
        free(buf);
        return rc;
}

/* The event of row r (1 = job, 0 = censored), or an error at its line. */
static int event_of(const struct fk_table *t, const struct outcome_cols *c,
                    size_t r, int *ev, struct fk_error *err)
{
        const char *es = fk_table_cell(t, r, (size_t)c->ev);

        if (!es || fk_parse_binary(es, ev))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not an event "
                                    "indicator (1 = job, 0 = censored)",
                                    analyse_colq(t, c->ev).s,
                                    fk_quote(es ? es : "").s);
        return FK_OK;
}

/* One row of a time to job: a missing or negative time or an event other
 * than 0/1 is a data error (censoring must be explicit). */
static int duration_row(const struct fk_table *t, const struct outcome_cols *c,
                        size_t r, int arm, double w,
                        struct outcome_rows *rows, struct fk_error *err)
{
        const char *ts = fk_table_cell(t, r, (size_t)c->tm);
        double x;
        size_t cl, st;
        int ev, skip;

        if (!ts || fk_parse_double(ts, fk_table_decimal(t), &x) || x < 0)
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a time (a "
                                    "non-negative number)",
                                    analyse_colq(t, c->tm).s,
                                    fk_quote(ts ? ts : "").s);
        if (event_of(t, c, r, &ev, err))
                return err->code;
        if (row_groups(t, c, r, rows, &cl, &st, &skip, w, err))
                return err->code;
        if (skip) {
                rows->excl[arm] += w;
                rows->nocl += w;
                return FK_OK;
        }
        return push(rows, x, ev, w, arm, cl, st, err);
}

/* A number row of a survival outcome read through the summary reader's
 * sets (include/fkstat/stream.h; its value column the time): every time
 * it holds is an entry with the row's event, cluster and frequency.  A
 * time that is negative is an error at the row's line, which need not be
 * the first offending line: the CLI reads the whole table then. */
static int duration_numbers(const struct fk_table *t, const struct outcome_cols *c,
                            size_t r, int arm, double w,
                            const struct fk_numbers *nb,
                            struct outcome_rows *rows, struct fk_error *err)
{
        size_t cl, st;
        int ev, skip;

        if (event_of(t, c, r, &ev, err))
                return err->code;
        w /= nb->n;     /* whole numbers: the frequency of one value */
        if (row_groups(t, c, r, rows, &cl, &st, &skip, w * nb->n, err))
                return err->code;
        if (skip) {
                rows->excl[arm] += w * nb->n;
                rows->nocl += w * nb->n;
                return FK_OK;
        }
        for (size_t k = 0; k < nb->nchunks; k++)
                for (size_t i = 0; i < nb->chunks[k].n; i++) {
                        double x = fk_num_chunk_value(&nb->chunks[k], i);

                        if (!(x >= 0))
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': a time below 0",
                                        analyse_colq(t, c->tm).s);
                        if (push(rows, x, ev, w, arm, cl, st, err))
                                return err->code;
                }
        return FK_OK;
}

/* A table read with its numbers in file order (FK_NUMBERS_ORDER,
 * include/fkstat/stream.h): the rows of cells (missing values, or a cell
 * that is not a number: an error) as numeric_row has them, then each
 * number in file order as numeric_row would take it from its row, so
 * that the entries are the full table's in the same order.  An error
 * found in a number names its group's first line, not necessarily the
 * offending one: the CLI reads the whole table then. */
static int collect_sequence(const struct fk_table *t, const struct fk_arms *a,
                            const struct outcome_cols *c, enum fk_type type,
                            struct outcome_rows *rows, struct fk_error *err)
{
        size_t nk, nr = fk_table_nrows(t);
        const struct fk_seq_chunk *q = fk_table_sequence(t, &nk);
        struct rowinfo {
                double w;
                size_t cl, st;
                int arm, state;         /* 0: not yet, 1: ready, 2: skip */
        } *ri = calloc(nr + 1, sizeof *ri);
        double need = 0;
        int rc = FK_OK;

        if (!ri)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (type == FK_TYPE_BINARY)     /* its rows are cells */
                rc = fk_error_set(err, FK_EDATA, fk_table_row_file(t, 0),
                                  fk_table_row_line(t, 0), "column '%s': "
                                  "binary values read as numbers",
                                  analyse_colq(t, c->o).s);
        for (size_t r = 0; r < nr && !rc; r++) {
                const struct fk_numbers *nb = fk_table_row_numbers(t, r);
                int arm = fk_arms_of_row(a, t, r);
                double w;

                ri[r].arm = arm;
                if (arm < 0)
                        continue;
                if ((rc = analyse_row_weight(t, c->f, r, &w, err)) != FK_OK)
                        break;
                if (!nb) {
                        rc = numeric_row(t, c, r, arm, w, type, rows, err);
                        continue;
                }
                ri[r].w = w / nb->n;    /* whole numbers: one value's */
                need += nb->n;
        }
        if (!rc && !rows->lean && need > 1024 &&
            need < (double)(SIZE_MAX / 64))
                rc = reserve(rows, (size_t)need, err);
        for (size_t k = 0; k < nk && !rc; k++)
                for (size_t i = 0; i < q[k].v.n && !rc; i++) {
                        size_t r = q[k].row[i];
                        struct rowinfo *p = &ri[r];
                        double x = fk_num_chunk_value(&q[k].v, i);
                        int skip;

                        if (p->arm < 0)
                                continue;
                        if ((type == FK_TYPE_COUNT &&
                             (x < 0 || x - floor(x) > 0)) ||
                            (type == FK_TYPE_ORDINAL && x - floor(x) > 0)) {
                                rc = fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': a value that is not %s",
                                        analyse_colq(t, c->o).s,
                                        type == FK_TYPE_COUNT ? "a count" :
                                        "a level of an ordinal scale");
                                break;
                        }
                        if (!p->state) {
                                /* the first number of the row: its
                                 * cluster and stratum are numbered here,
                                 * as the full table numbers them */
                                if ((rc = row_groups(t, c, r, rows, &p->cl,
                                                     &p->st, &skip, p->w,
                                                     err)))
                                        break;
                                p->state = skip ? 2 : 1;
                        }
                        if (p->state == 2) {
                                rows->excl[p->arm] += p->w;
                                rows->nocl += p->w;
                                continue;
                        }
                        rc = push(rows, x, 0, p->w, p->arm, p->cl, p->st, err);
                }
        free(ri);
        return rc;
}

/* The one scan of the table for an outcome: every row of an arm becomes
 * entries of rows (or is counted as excluded). */
static int collect_once(const struct fk_table *t, const struct fk_arms *a,
                    const struct outcome_cols *c, enum fk_type type,
                    struct outcome_rows *rows, struct fk_error *err)
{
        int rc = FK_OK;

        rows->has_e = type == FK_TYPE_SURVIVAL;
        rows->has_cl = c->cl >= 0;
        rows->has_st = c->st >= 0;
        rows->exposure[0] = rows->exposure[1] = c->x >= 0 ? 0 : NAN;
        if (c->o >= 0 && c->x < 0 && fk_table_sequence(t, &(size_t){ 0 }))
                return collect_sequence(t, a, c, type, rows, err);
        if (type == FK_TYPE_SURVIVAL) {  /* one entry a row or number */
                double need = 0;

                for (size_t r = 0; r < fk_table_nrows(t); r++) {
                        const struct fk_numbers *nb = fk_table_row_numbers(t, r);

                        need += nb ? nb->n : 1;
                }
                if (need > 1024 && need < (double)(SIZE_MAX / 64) &&
                    (rc = rows->keyed ? survkeys_reserve(rows, (size_t)need,
                                                         err)
                                      : reserve(rows, (size_t)need, err)))
                        return rc;
        }
        for (size_t r = 0; r < fk_table_nrows(t) && !rc; r++) {
                int arm = fk_arms_of_row(a, t, r);
                double w;

                if (arm < 0)
                        continue;
                if ((rc = analyse_row_weight(t, c->f, r, &w, err)) != FK_OK)
                        break;
                if (type == FK_TYPE_BINARY)
                        rc = binary_row(t, c, r, arm, w, rows, err);
                else if (type == FK_TYPE_SURVIVAL && fk_table_row_numbers(t, r))
                        rc = duration_numbers(t, c, r, arm, w,
                                              fk_table_row_numbers(t, r),
                                              rows, err);
                else if (type == FK_TYPE_SURVIVAL)
                        rc = duration_row(t, c, r, arm, w, rows, err);
                else if (fk_table_row_numbers(t, r))
                        rc = numeric_numbers(t, c, r, arm, w, type,
                                             fk_table_row_numbers(t, r),
                                             rows, err);
                else
                        rc = numeric_row(t, c, r, arm, w, type, rows, err);
        }
        return rc;
}

/* Whether a count or continuous outcome is collected lean (see
 * analyse/internal.h): no --freq, --exposure or --strata, and more than a
 * quarter as many entries as people (else the entries, with equal values
 * merged, are the smaller); then room for each arm's people, reserved. */
static int lean_plan(const struct fk_table *t, const struct fk_arms *a,
                     const struct outcome_cols *c, enum fk_type type,
                     struct outcome_rows *rows, struct fk_error *err)
{
        double people[2] = { 0, 0 }, entries = 0;

        rows->lean = 0;
        if ((type != FK_TYPE_COUNT && type != FK_TYPE_CONTINUOUS) ||
            c->o < 0 || c->f >= 0 || c->x >= 0 || c->st >= 0)
                return FK_OK;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const struct fk_numbers *nb = fk_table_row_numbers(t, r);
                int arm = fk_arms_of_row(a, t, r);
                double w;

                if (arm < 0)
                        continue;
                if (nb) {
                        people[arm] += nb->n;
                        entries += nb->n;
                        continue;
                }
                if (analyse_row_weight(t, c->f, r, &w, err))
                        return err->code;
                people[arm] += w;
                entries += 1;
        }
        if (!(4 * entries > people[0] + people[1]) ||
            !(people[0] + people[1] < (double)(SIZE_MAX / 64)))
                return FK_OK;
        rows->lean = 1;
        for (int k = 0; k < 2; k++)
                if (people[k] > 0 &&
                    lean_room(rows, k, (size_t)people[k], err))
                        return err->code;
        return FK_OK;
}

int outcome_collect(const struct fk_table *t, const struct fk_arms *a,
                    const struct outcome_cols *c, enum fk_type type,
                    struct outcome_rows *rows, struct fk_error *err)
{
        int rc, clustered;

        rows->keyed = rows->keyed && type == FK_TYPE_SURVIVAL;
        if ((rc = lean_plan(t, a, c, type, rows, err)) != FK_OK)
                return rc;
        rc = collect_once(t, a, c, type, rows, err);
        if (!rc && rows->lean && rows->leanfail) {
                /* a weight or value the lean arrays do not take: the
                 * entries */
                clustered = rows->clustered;
                outcome_rows_release(rows);
                rows->clustered = clustered;
                return collect_once(t, a, c, type, rows, err);
        }
        if (rc || !rows->keyed)
                return rc;
        /* every numbered cluster has people (else the general rows,
         * which number the clusters with people again) */
        for (size_t g = 0; g < rows->cls.n && !rows->keyfail; g++)
                rows->keyfail = g >= rows->nclarm || !rows->clarm[g];
        if (!rows->keyfail) {
                survkeys_sort(rows);
                return FK_OK;
        }
        /* a time or weight that does not fit a key: the general rows */
        clustered = rows->clustered;
        outcome_rows_release(rows);
        rows->clustered = clustered;
        return collect_once(t, a, c, type, rows, err);
}
