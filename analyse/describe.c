/* The pipeline of `fkstat describe`: groups by the by columns, the
 * columns to summarise, and their summaries from a full table or from
 * the summary reader's sets; see include/fkstat/describeanalyse.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fkstat/describeanalyse.h"

/* The groups: by-value tuples, numbered in order of first appearance. */
struct group {
        char **vals;            /* nby, NULL for missing */
        size_t rank;            /* in the output's order */
};

struct groups {
        size_t nby;
        struct group *g;
        size_t n, cap;
        size_t *slot, nslot;    /* open addressing: index + 1 */
        char *key;              /* scratch */
        size_t keycap;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
        uint64_t h = 1469598103934665603ULL;    /* FNV-1a */

        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
        return h;
}

static int same_vals(char *const *a, const char *const *b, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (!a[i] != !b[i] || (a[i] && strcmp(a[i], b[i])))
                        return 0;
        return 1;
}

static uint64_t hash_vals(const char *const *v, size_t n)
{
        uint64_t h = 0;

        for (size_t i = 0; i < n; i++)
                h = (h * 31) ^ (v[i] ? hash_bytes(v[i], strlen(v[i])) + 1 : 0);
        return h;
}

static int groups_grow(struct groups *gs)
{
        size_t cap = gs->cap ? 2 * gs->cap : 16, *slot;
        struct group *g = realloc(gs->g, cap * sizeof *g);

        if (!g)
                return FK_ENOMEM;
        gs->g = g;
        gs->cap = cap;
        if (!(slot = calloc(2 * cap, sizeof *slot)))
                return FK_ENOMEM;
        free(gs->slot);
        gs->slot = slot;
        gs->nslot = 2 * cap;
        for (size_t i = 0; i < gs->n; i++) {
                size_t j = (size_t)hash_vals((const char *const *)gs->g[i].vals,
                                             gs->nby) & (gs->nslot - 1);

                while (gs->slot[j])
                        j = (j + 1) & (gs->nslot - 1);
                gs->slot[j] = i + 1;
        }
        return FK_OK;
}

/* The group of the tuple v (added when new); (size_t)-1: no memory. */
static size_t group_of(struct groups *gs, const char *const *v)
{
        size_t j;
        struct group *g;

        if (gs->nslot) {
                for (j = (size_t)hash_vals(v, gs->nby) & (gs->nslot - 1);
                     gs->slot[j]; j = (j + 1) & (gs->nslot - 1))
                        if (same_vals(gs->g[gs->slot[j] - 1].vals, v, gs->nby))
                                return gs->slot[j] - 1;
        }
        if (gs->n == gs->cap && groups_grow(gs))
                return (size_t)-1;
        g = &gs->g[gs->n];
        g->vals = calloc(gs->nby + 1, sizeof *g->vals);
        if (!g->vals)
                return (size_t)-1;
        for (size_t i = 0; i < gs->nby; i++)
                if (v[i] && !(g->vals[i] = strdup(v[i]))) {
                        for (size_t k = 0; k < i; k++)
                                free(g->vals[k]);
                        free(g->vals);
                        return (size_t)-1;
                }
        for (j = (size_t)hash_vals(v, gs->nby) & (gs->nslot - 1);
             gs->slot[j]; j = (j + 1) & (gs->nslot - 1))
                ;
        gs->slot[j] = gs->n + 1;
        return gs->n++;
}

static void groups_release(struct groups *gs)
{
        for (size_t i = 0; i < gs->n; i++) {
                for (size_t k = 0; k < gs->nby; k++)
                        free(gs->g[i].vals[k]);
                free(gs->g[i].vals);
        }
        free(gs->g);
        free(gs->slot);
        free(gs->key);
        memset(gs, 0, sizeof *gs);
}

/* The byte order of the tuples, a missing value as "" (as the groups
 * have always been sorted). */
static const struct groups *sort_gs;

static int cmp_group(const void *a, const void *b)
{
        const struct group *x = &sort_gs->g[*(const size_t *)a];
        const struct group *y = &sort_gs->g[*(const size_t *)b];

        for (size_t i = 0; i < sort_gs->nby; i++) {
                int c = strcmp(x->vals[i] ? x->vals[i] : "",
                               y->vals[i] ? y->vals[i] : "");

                if (c)
                        return c;
        }
        return 0;
}

/* Rank the groups; at least one (with every value missing) when there
 * are none. */
static int rank_groups(struct groups *gs, size_t **order)
{
        if (!gs->n) {
                const char *none[FK_DESCRIBE_MAX_BY] = { NULL };

                if (group_of(gs, none) == (size_t)-1)
                        return FK_ENOMEM;
        }
        if (!(*order = malloc(gs->n * sizeof **order)))
                return FK_ENOMEM;
        for (size_t i = 0; i < gs->n; i++)
                (*order)[i] = i;
        sort_gs = gs;
        qsort(*order, gs->n, sizeof **order, cmp_group);
        for (size_t r = 0; r < gs->n; r++)
                gs->g[(*order)[r]].rank = r;
        return FK_OK;
}

/* A cell as a number: numeric, or a binary word as 0/1. */
static int cell_value(const char *s, char decimal, double *v)
{
        int b;

        if (!fk_parse_double(s, decimal, v))
                return FK_OK;
        if (!fk_parse_binary(s, &b)) {
                *v = b;
                return FK_OK;
        }
        return FK_EDATA;
}

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

static int bad_cell(const struct fk_table *t, size_t row, const char *col,
                    const char *s, struct fk_error *err)
{
        return fk_error_set(err, FK_EDATA, fk_table_row_file(t, row),
                            fk_table_row_line(t, row),
                            "column '%s': '%s' is not a number", col, s);
}

/* The output's names and by values from the ranked groups. */
static int fill_out(struct fk_describe_out *o, const struct groups *gs,
                    const size_t *order, const char *const *by,
                    const char *const *cols)
{
        o->ngroups = gs->n;
        o->by_names = calloc(o->nby + 1, sizeof *o->by_names);
        o->col_names = calloc(o->ncols + 1, sizeof *o->col_names);
        o->by_values = calloc(gs->n * o->nby + 1, sizeof *o->by_values);
        o->sums = calloc(gs->n * o->ncols + 1, sizeof *o->sums);
        if (!o->by_names || !o->col_names || !o->by_values || !o->sums)
                return FK_ENOMEM;
        for (size_t i = 0; i < o->nby; i++)
                if (!(o->by_names[i] = strdup(by[i])))
                        return FK_ENOMEM;
        for (size_t i = 0; i < o->ncols; i++)
                if (!(o->col_names[i] = strdup(cols[i])))
                        return FK_ENOMEM;
        for (size_t r = 0; r < gs->n; r++)
                for (size_t i = 0; i < o->nby; i++) {
                        const char *v = gs->g[order[r]].vals[i];

                        if (!(o->by_values[r * o->nby + i] =
                                      strdup(v ? v : "NA")))
                                return FK_ENOMEM;
                }
        return FK_OK;
}

void fk_describe_sets_spec(const struct fk_describe_spec *spec,
                           struct fk_sets_spec *out)
{
        memset(out, 0, sizeof *out);
        out->keys = spec->by;
        out->nkeys = spec->nby;
        out->values = spec->columns;
        out->nvalues = spec->columns ? spec->ncolumns : 0;
        out->numbers = FK_NUMBERS_VALUES;
        out->binary_words = 1;
        out->drop_bad = !spec->columns;
        out->keep_bytes = FK_DESCRIBE_KEEP;
}

/* The by columns of t: FK_EUSAGE for one the header lacks. */
static int by_columns(const struct fk_table *t,
                      const struct fk_describe_spec *spec, long *by,
                      const char **by_names, struct fk_error *err)
{
        if (spec->nby > FK_DESCRIBE_MAX_BY)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "at most %d "
                                    "--by columns", FK_DESCRIBE_MAX_BY);
        for (size_t i = 0; i < spec->nby; i++) {
                if ((by[i] = fk_table_col(t, spec->by[i])) < 0)
                        return fk_table_no_column(t, spec->by[i], err);
                by_names[i] = spec->by[i];
        }
        return FK_OK;
}

static int column_is_numeric(const struct fk_table *t, size_t col)
{
        double v;

        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *s = fk_table_cell(t, r, col);

                if (s && cell_value(s, fk_table_decimal(t), &v))
                        return 0;
        }
        return 1;
}

int fk_describe_table(const struct fk_table *t,
                      const struct fk_describe_spec *spec,
                      struct fk_describe_out *o, struct fk_error *err)
{
        long by[FK_DESCRIBE_MAX_BY], *cols = NULL;
        const char *by_names[FK_DESCRIBE_MAX_BY], **col_names = NULL;
        struct groups gs;
        size_t nrows = fk_table_nrows(t), *gid = NULL, *order = NULL;
        size_t *start = NULL, *rows = NULL, ncols = 0;
        double *buf = NULL;
        int rc;

        memset(o, 0, sizeof *o);
        memset(&gs, 0, sizeof gs);
        gs.nby = spec->nby;
        o->nby = spec->nby;
        o->records = (double)nrows;
        if ((rc = by_columns(t, spec, by, by_names, err)))
                return rc;
        cols = malloc((fk_table_ncols(t) + spec->ncolumns + 1) * sizeof *cols);
        col_names = malloc((fk_table_ncols(t) + spec->ncolumns + 1) *
                           sizeof *col_names);
        if (!cols || !col_names) {
                rc = nomem(err);
                goto out;
        }
        if (spec->columns) {
                for (size_t i = 0; i < spec->ncolumns; i++) {
                        if ((cols[i] = fk_table_col(t, spec->columns[i])) < 0) {
                                rc = fk_table_no_column(t, spec->columns[i],
                                                        err);
                                goto out;
                        }
                        col_names[i] = spec->columns[i];
                }
                ncols = spec->ncolumns;
        } else {
                for (size_t c = 0; c < fk_table_ncols(t) &&
                                   ncols < FK_DESCRIBE_MAX_COLS; c++) {
                        int is_by = 0;

                        for (size_t i = 0; i < spec->nby; i++)
                                is_by |= by[i] == (long)c;
                        if (is_by || !column_is_numeric(t, c))
                                continue;
                        col_names[ncols] = fk_table_colname(t, c);
                        cols[ncols++] = (long)c;
                }
        }
        o->ncols = ncols;
        /* rows by group, in row order within each */
        gid = malloc((nrows + 1) * sizeof *gid);
        rows = malloc((nrows + 1) * sizeof *rows);
        buf = malloc((nrows + 1) * sizeof *buf);
        if (!gid || !rows || !buf) {
                rc = nomem(err);
                goto out;
        }
        for (size_t r = 0; r < nrows; r++) {
                const char *v[FK_DESCRIBE_MAX_BY];

                for (size_t i = 0; i < spec->nby; i++)
                        v[i] = fk_table_cell(t, r, (size_t)by[i]);
                if ((gid[r] = group_of(&gs, v)) == (size_t)-1) {
                        rc = nomem(err);
                        goto out;
                }
        }
        if ((rc = rank_groups(&gs, &order)) ||
            (rc = fill_out(o, &gs, order, by_names, col_names))) {
                rc = nomem(err);
                goto out;
        }
        if (!(start = calloc(gs.n + 1, sizeof *start))) {
                rc = nomem(err);
                goto out;
        }
        for (size_t r = 0; r < nrows; r++)
                start[gs.g[gid[r]].rank + 1]++;
        for (size_t k = 0; k < gs.n; k++)
                start[k + 1] += start[k];
        for (size_t r = 0; r < nrows; r++)
                rows[start[gs.g[gid[r]].rank]++] = r;
        for (size_t k = gs.n; k > 0; k--)
                start[k] = start[k - 1];
        start[0] = 0;
        for (size_t k = 0; k < gs.n; k++) {
                size_t lo = start[k], hi = k + 1 < gs.n ? start[k + 1] : nrows;

                for (size_t ci = 0; ci < ncols; ci++) {
                        size_t n = 0;
                        double miss = 0;

                        for (size_t q = lo; q < hi; q++) {
                                const char *s = fk_table_cell(t, rows[q],
                                                              (size_t)cols[ci]);

                                if (!s) {
                                        miss++;
                                        continue;
                                }
                                if (cell_value(s, fk_table_decimal(t),
                                               &buf[n])) {
                                        rc = bad_cell(t, rows[q],
                                                      col_names[ci], s, err);
                                        goto out;
                                }
                                n++;
                        }
                        if (fk_summarise(buf, n, miss,
                                         &o->sums[k * ncols + ci])) {
                                rc = nomem(err);
                                goto out;
                        }
                }
        }
out:
        if (rc)
                fk_describe_out_release(o);
        groups_release(&gs);
        free(cols);
        free(col_names);
        free(gid);
        free(order);
        free(start);
        free(rows);
        free(buf);
        return rc;
}

/* What one column collects for one group from a set. */
struct acc {
        double *x, *w;
        size_t k, cap;
        struct fk_num_chunk *ch;
        size_t nch, chcap;
        struct fk_moments m;    /* of the chunks' values */
        double missing;
        long bad;               /* the set's first row with a bad cell */
};

static int acc_pair(struct acc *a, double x, double w)
{
        if (a->k == a->cap) {
                size_t cap = a->cap ? 2 * a->cap : 16;
                double *px = realloc(a->x, cap * sizeof *px), *pw;

                if (!px)
                        return FK_ENOMEM;
                a->x = px;
                if (!(pw = realloc(a->w, cap * sizeof *pw)))
                        return FK_ENOMEM;
                a->w = pw;
                a->cap = cap;
        }
        a->x[a->k] = x;
        a->w[a->k++] = w;
        return FK_OK;
}

static int acc_numbers(struct acc *a, const struct fk_numbers *nb)
{
        if (a->nch + nb->nchunks > a->chcap) {
                size_t cap = 2 * (a->nch + nb->nchunks) + 4;
                struct fk_num_chunk *p = realloc(a->ch, cap * sizeof *p);

                if (!p)
                        return FK_ENOMEM;
                a->ch = p;
                a->chcap = cap;
        }
        memcpy(a->ch + a->nch, nb->chunks, nb->nchunks * sizeof *nb->chunks);
        a->nch += nb->nchunks;
        fk_moments_merge(&a->m, &nb->m);
        return FK_OK;
}

static void acc_release(struct acc *a)
{
        free(a->x);
        free(a->w);
        free(a->ch);
        fk_moments_release(&a->m);
}

/* The summaries of a[0..n) (those without a bad cell) into out[],
 * shared out among up to SUMMARY_THREADS threads: each summary reads its
 * own accumulator and writes its own slot.  FK_OK or FK_ENOMEM. */
#define SUMMARY_THREADS 8

struct summary_job {
        struct acc *a;
        struct fk_summary *out;
        size_t n;
        atomic_size_t next;
        atomic_int rc;
};

static void *summary_worker(void *arg)
{
        struct summary_job *j = arg;
        size_t i;

        while ((i = atomic_fetch_add(&j->next, 1)) < j->n) {
                struct acc *a = &j->a[i];
                int rc;

                if (a->bad >= 0)
                        continue;
                rc = fk_summarise_parts(a->x, a->w, a->k, a->ch, a->nch,
                                        &a->m, a->missing, &j->out[i]);
                if (!rc && fk_moments_nomem(&a->m))
                        rc = FK_ENOMEM;
                if (rc)
                        atomic_store(&j->rc, rc);
        }
        return NULL;
}

static int summarise_all(struct acc *a, size_t n, struct fk_summary *out)
{
        struct summary_job j;
        pthread_t th[SUMMARY_THREADS];
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        size_t nt = cpus < 1 ? 1 : (size_t)cpus, started = 0;

        j.a = a;
        j.out = out;
        j.n = n;
        atomic_init(&j.next, 0);
        atomic_init(&j.rc, FK_OK);
        if (nt > SUMMARY_THREADS)
                nt = SUMMARY_THREADS;
        if (nt > n)
                nt = n;
        for (size_t t = 1; t < nt; t++, started++)
                if (pthread_create(&th[started], NULL, summary_worker, &j))
                        break;
        summary_worker(&j);
        for (size_t t = 0; t < started; t++)
                pthread_join(th[t], NULL);
        return atomic_load(&j.rc);
}

/* The group of each row of the set t; (size_t)-1 entries: no memory. */
static int set_groups(const struct fk_table *t, struct groups *gs,
                      const struct fk_describe_spec *spec, size_t *gid)
{
        long by[FK_DESCRIBE_MAX_BY];

        for (size_t i = 0; i < spec->nby; i++)
                by[i] = fk_table_col(t, spec->by[i]);
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *v[FK_DESCRIBE_MAX_BY];

                for (size_t i = 0; i < spec->nby; i++)
                        v[i] = fk_table_cell(t, r, (size_t)by[i]);
                if ((gid[r] = group_of(gs, v)) == (size_t)-1)
                        return FK_ENOMEM;
        }
        return FK_OK;
}

/* Whether the set t is a numeric column: not given up, every cell a
 * number or a binary word. */
static int set_is_numeric(const struct fk_table *t)
{
        size_t vc = (size_t)fk_table_value_col(t);
        double v;

        if (fk_table_dropped(t))
                return 0;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *s = fk_table_cell(t, r, vc);

                if (!fk_table_row_numbers(t, r) && s &&
                    cell_value(s, fk_table_decimal(t), &v))
                        return 0;
        }
        return 1;
}

int fk_describe_sets(struct fk_table *const *sets, size_t nsets,
                     const struct fk_describe_spec *spec,
                     struct fk_describe_out *o, struct fk_error *err)
{
        long by[FK_DESCRIBE_MAX_BY];
        const char *by_names[FK_DESCRIBE_MAX_BY], **col_names = NULL;
        size_t *use = NULL, ncols = 0, *order = NULL, *gid = NULL, nacc = 0;
        struct groups gs;
        struct acc *acc = NULL;
        int rc;

        memset(o, 0, sizeof *o);
        memset(&gs, 0, sizeof gs);
        gs.nby = spec->nby;
        o->nby = spec->nby;
        if (!nsets)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "no summaries");
        o->records = fk_table_nrecords(sets[0]);
        if ((rc = by_columns(sets[0], spec, by, by_names, err)))
                return rc;
        use = malloc((nsets + 1) * sizeof *use);
        col_names = malloc((nsets + 1) * sizeof *col_names);
        if (!use || !col_names) {
                rc = nomem(err);
                goto out;
        }
        for (size_t s = 0; s < nsets; s++)
                if (spec->columns ? 1 : ncols < FK_DESCRIBE_MAX_COLS &&
                                        set_is_numeric(sets[s])) {
                        col_names[ncols] = spec->columns ? spec->columns[s] :
                                fk_table_colname(sets[s],
                                        (size_t)fk_table_value_col(sets[s]));
                        use[ncols++] = s;
                }
        o->ncols = ncols;
        /* the groups: every set holds every group */
        {
                size_t n = fk_table_nrows(sets[0]);

                if (!(gid = malloc((n + 1) * sizeof *gid)) ||
                    set_groups(sets[0], &gs, spec, gid)) {
                        rc = nomem(err);
                        goto out;
                }
                free(gid);
                gid = NULL;
        }
        if ((rc = rank_groups(&gs, &order)) ||
            (rc = fill_out(o, &gs, order, by_names, col_names))) {
                rc = nomem(err);
                goto out;
        }
        /* every column's accumulators first, then the summaries, which
         * are independent of each other, on several threads */
        if (!(acc = calloc(gs.n * ncols + 1, sizeof *acc))) {
                rc = nomem(err);
                goto out;
        }
        nacc = gs.n * ncols;
        for (size_t i = 0; i < nacc; i++) {
                acc[i].bad = -1;
                fk_moments_init(&acc[i].m);
        }
        for (size_t ci = 0; ci < ncols; ci++) {
                const struct fk_table *t = sets[use[ci]];
                size_t vc = (size_t)fk_table_value_col(t), ng = gs.n;
                char dec = fk_table_decimal(t);

                if (!(gid = malloc((fk_table_nrows(t) + 1) * sizeof *gid)) ||
                    set_groups(t, &gs, spec, gid) || gs.n != ng) {
                        rc = gs.n != ng ? fk_error_set(err, FK_EDOMAIN, NULL,
                                                       0, "summaries of "
                                                       "other groups")
                                        : nomem(err);
                        goto out;
                }
                for (size_t r = 0; r < fk_table_nrows(t) && !rc; r++) {
                        const struct fk_numbers *nb = fk_table_row_numbers(t,
                                                                           r);
                        struct acc *a = &acc[gs.g[gid[r]].rank * ncols + ci];
                        const char *s = fk_table_cell(t, r, vc);
                        double x;

                        if (nb)
                                rc = acc_numbers(a, nb);
                        else if (!s)
                                a->missing += fk_table_row_weight(t, r);
                        else if (!cell_value(s, dec, &x))
                                rc = acc_pair(a, x, fk_table_row_weight(t, r));
                        else if (a->bad < 0)
                                a->bad = (long)r;
                }
                free(gid);
                gid = NULL;
                if (rc) {
                        rc = nomem(err);
                        goto out;
                }
        }
        if ((rc = summarise_all(acc, nacc, o->sums))) {
                rc = rc == FK_EIO ? fk_error_set(err, FK_EIO, NULL, 0,
                                                 "cannot read back the "
                                                 "values written to a "
                                                 "temporary file")
                                  : nomem(err);
                goto out;
        }
        for (size_t i = 0; i < nacc; i++)
                if (acc[i].bad >= 0)    /* found in (group, column) order
                                           below */
                        o->sums[i].n = -1 - (double)acc[i].bad;
        /* a bad cell: the first in the output's order, as the full table
         * finds it */
        for (size_t k = 0; k < gs.n; k++)
                for (size_t ci = 0; ci < ncols; ci++) {
                        const struct fk_table *t = sets[use[ci]];
                        double n = o->sums[k * ncols + ci].n;
                        size_t r;

                        if (!(n < 0))
                                continue;
                        r = (size_t)(-1 - n);
                        rc = bad_cell(t, r, col_names[ci],
                                      fk_table_cell(t, r, (size_t)
                                                    fk_table_value_col(t)),
                                      err);
                        goto out;
                }
out:
        if (rc)
                fk_describe_out_release(o);
        groups_release(&gs);
        free(use);
        free(col_names);
        free(order);
        free(gid);
        for (size_t i = 0; i < nacc; i++)
                acc_release(&acc[i]);
        free(acc);
        return rc;
}

void fk_describe_out_release(struct fk_describe_out *o)
{
        for (size_t i = 0; o->by_names && i < o->nby; i++)
                free(o->by_names[i]);
        for (size_t i = 0; o->col_names && i < o->ncols; i++)
                free(o->col_names[i]);
        for (size_t i = 0; o->by_values && i < o->ngroups * o->nby; i++)
                free(o->by_values[i]);
        free(o->by_names);
        free(o->col_names);
        free(o->by_values);
        free(o->sums);
        memset(o, 0, sizeof *o);
}
