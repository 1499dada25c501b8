/* The summary reader's sets (sets.c) merged over the threads into one
 * summary table per value column: the counted cells as rows, the numbers
 * of each group as one row that holds them (fk_table_row_numbers), in
 * order of first appearance. */
#include <stdlib.h>
#include <string.h>

#include "sets_int.h"

#define MAX_WORKERS 8   /* stream.c's MAX_THREADS */

/* One set's merged numbers of a group. */
struct mvec {
        double n;
        struct fk_moments m;
        struct fk_num_chunk *ch;
        size_t nch, chcap;
};

static int add_chunk(struct mvec *mv, struct chunk *c, struct fk_table *tab,
                     struct spill *sp)
{
        void **owned;

        if (c->file) {
                /* in the spill file: the table keeps the file open */
                if (mv->nch == mv->chcap) {
                        size_t cap = mv->chcap ? 2 * mv->chcap : 8;
                        struct fk_num_chunk *p = realloc(mv->ch,
                                                         cap * sizeof *p);

                        if (!p)
                                return FK_ENOMEM;
                        mv->ch = p;
                        mv->chcap = cap;
                }
                if (!tab->spill) {
                        spill_ref(sp);
                        tab->spill = sp;
                }
                mv->ch[mv->nch++] = (struct fk_num_chunk){ NULL, NULL, c->n,
                                                           c->scale, c->file,
                                                           sp->fd, c->off };
                memset(c, 0, sizeof *c);
                return FK_OK;
        }
        if (!c->n) {
                free(c->i32);
                free(c->f64);
                memset(c, 0, sizeof *c);
                return FK_OK;
        }
        if (mv->nch == mv->chcap) {
                size_t cap = mv->chcap ? 2 * mv->chcap : 8;
                struct fk_num_chunk *p = realloc(mv->ch, cap * sizeof *p);

                if (!p)
                        return FK_ENOMEM;
                mv->ch = p;
                mv->chcap = cap;
        }
        if (!(owned = realloc(tab->owned, (tab->nowned + 1) *
                                          sizeof *owned)))
                return FK_ENOMEM;
        tab->owned = owned;
        tab->owned[tab->nowned++] = c->i32 ? (void *)c->i32 : (void *)c->f64;
        mv->ch[mv->nch++] = (struct fk_num_chunk){ c->i32, c->f64, c->n,
                                                   c->scale, FK_CHUNK_MEM, -1,
                                                   0 };
        memset(c, 0, sizeof *c);
        return FK_OK;
}

/* Move the numbers of v into mv (the chunks' memory to tab; chunks in
 * sp's file stay there). */
static int take_vec(struct mvec *mv, struct vec *v, struct fk_table *tab,
                    struct spill *sp)
{
        int rc = FK_OK;

        mv->n += v->n;
        fk_moments_merge(&mv->m, &v->m);
        for (size_t i = 0; i < v->nfull && !rc; i++)
                rc = add_chunk(mv, &v->full[i], tab, sp);
        if (!rc)
                rc = add_chunk(mv, &v->ci, tab, sp);
        if (!rc)
                rc = add_chunk(mv, &v->cf, tab, sp);
        return rc;
}

struct rowref {
        uint32_t file;
        uint64_t line;
        int number;
        size_t i;
};

static int cmp_rowref(const void *a, const void *b)
{
        const struct rowref *x = a, *y = b;

        if (x->file != y->file)
                return x->file < y->file ? -1 : 1;
        if (x->line != y->line)
                return x->line < y->line ? -1 : 1;
        return x->number - y->number;
}

/* The cells of a row of set s: the key cells of key (NUL after each, in
 * key order) and the value v[0..n) (value NULL: missing), in the set's
 * column order, as offsets into tab's text. */
static int row_cells(struct fk_table *tab, const struct sets_cfg *c,
                     const size_t *cols, size_t ncols, size_t vcol,
                     const char *key, const char *v, size_t n,
                     const struct table_na *na, uint32_t *cells,
                     struct fk_error *err)
{
        const char *k = key;
        size_t ki = 0;
        int rc = FK_OK;

        for (size_t j = 0; j < ncols && !rc; j++) {
                const char *s;
                size_t len;

                if (ki < c->nkeys && c->kcol[ki] == cols[j]) {
                        s = k;
                        len = strlen(k);
                        k += len + 1;
                        ki++;
                } else if (cols[j] == vcol) {
                        s = v;
                        len = n;
                } else {
                        s = NULL;
                        len = 0;
                }
                cells[j] = CELL_MISSING;
                if (s && !table_is_missing(na, s, len))
                        rc = table_add_text(tab, s, len, &cells[j], err);
        }
        return rc;
}

struct segref {
        struct seg *g;
        unsigned thread;
};

static int cmp_segref(const void *a, const void *b)
{
        const struct seg *x = ((const struct segref *)a)->g;
        const struct seg *y = ((const struct segref *)b)->g;

        if (x->file != y->file)
                return x->file < y->file ? -1 : 1;
        return (x->block > y->block) - (x->block < y->block);
}

static int own(struct fk_table *tab, void *p)
{
        void **owned = realloc(tab->owned, (tab->nowned + 1) * sizeof *owned);

        if (!owned)
                return FK_ENOMEM;
        tab->owned = owned;
        tab->owned[tab->nowned++] = p;
        return FK_OK;
}

/* FK_NUMBERS_ORDER: the threads' segments of set s in file order (by
 * file, then block: a block is read by one thread, its rows in order),
 * their groups turned into the table's rows (gto: a thread's group to
 * its entry of the merged groups, grow: that entry to its row), moved to
 * tab. */
static int take_sequence(struct tally *const *w, unsigned nw, size_t s,
                         uint32_t *const *gto, const uint32_t *grow,
                         struct fk_table *tab)
{
        struct segref *ref;
        size_t n = 0, k = 0;

        for (unsigned i = 0; i < nw; i++)
                n += w[i]->st->s[s].nseq;
        ref = malloc((n + 1) * sizeof *ref);
        tab->seq = calloc(n + 1, sizeof *tab->seq);
        if (!ref || !tab->seq) {
                free(ref);
                return FK_ENOMEM;
        }
        for (unsigned i = 0; i < nw; i++)
                for (size_t j = 0; j < w[i]->st->s[s].nseq; j++)
                        ref[k++] = (struct segref){ &w[i]->st->s[s].seq[j], i };
        qsort(ref, n, sizeof *ref, cmp_segref);
        for (size_t j = 0; j < n; j++) {
                struct seg *g = ref[j].g;
                struct fk_num_chunk v = { g->i32, g->f64, g->n, g->scale,
                                          FK_CHUNK_MEM, -1, 0 };
                void *vals = g->i32 ? (void *)g->i32 : (void *)g->f64;

                if (!g->n)
                        continue;
                for (size_t i = 0; i < g->n; i++)
                        g->gid[i] = grow[gto[ref[j].thread][g->gid[i]]];
                if (own(tab, vals)) {
                        free(ref);
                        return FK_ENOMEM;
                }
                g->i32 = NULL;
                g->f64 = NULL;
                if (own(tab, g->gid)) {
                        free(ref);
                        return FK_ENOMEM;
                }
                tab->seq[tab->nseq++] = (struct fk_seq_chunk){ v, g->gid,
                                                               g->words };
                g->gid = NULL;
        }
        free(ref);
        return FK_OK;
}

static int build_set(struct tally *const *w, unsigned nw,
                     const struct sets_cfg *c, size_t s, char *const *names,
                     size_t nnames, char delim, const struct marks *m,
                     const struct fk_csv_opts *csv,
                     const struct table_na *na, struct fk_table *tab,
                     struct fk_error *err)
{
        struct tally str, grp;
        struct mvec *mv = NULL;
        size_t mvcap = 0, cols[64 + 1], ncols = 0, *colsp = cols;
        size_t vcol = c->vcol[s];
        struct rowref *ref = NULL;
        uint32_t *cells = NULL;
        unsigned marks = 0;
        int rc, dropped = 0;
        char *buf = NULL;
        size_t bufcap = 0;
        double records = 0;
        int order = c->numbers == FK_NUMBERS_ORDER, switched = 0;
        uint32_t *gto[MAX_WORKERS] = { NULL }, *grow = NULL;

        memset(&str, 0, sizeof str);
        memset(&grp, 0, sizeof grp);
        if ((rc = tally_init(&str, 1)) || (rc = tally_init(&grp, 1)))
                goto out;
        /* the set's columns: the keys and the value, in header order */
        if (c->nkeys + 1 > 64 &&
            !(colsp = malloc((c->nkeys + 2) * sizeof *colsp))) {
                rc = FK_ENOMEM;
                goto out;
        }
        for (size_t j = 0, ki = 0; j < nnames; j++)
                if ((ki < c->nkeys && c->kcol[ki] == j && ++ki) || j == vcol)
                        colsp[ncols++] = j;
        for (unsigned i = 0; i < nw; i++) {
                struct sets_thread *st = w[i]->st;
                struct sset *ss = &st->s[s];

                if (order) {
                        /* a thread that did not switch kept its numbers
                         * as strings too: they are in the sequence */
                        switched |= ss->numbers;
                        if (!ss->numbers && (rc = sets_convert(c, ss)))
                                break;
                        if (i >= MAX_WORKERS || !(gto[i] = calloc(ss->vcap + 1,
                                                       sizeof *gto[i]))) {
                                rc = FK_ENOMEM;
                                break;
                        }
                }
                records += (double)w[i]->rows;
                dropped |= ss->dropped;
                marks |= ss->marks;
                for (size_t j = 0; j < ss->str.n && !rc; j++) {
                        const struct tally_entry *e = &ss->str.e[j];
                        const char *k = ss->str.arena + e->key;
                        uint32_t gid;
                        const struct tally_entry *g;
                        size_t need;

                        memcpy(&gid, k, 4);
                        g = &st->groups.e[gid];
                        need = g->klen + e->klen - 4 + 1;
                        if (need > bufcap) {
                                char *p = realloc(buf, 2 * need);

                                if (!p) {
                                        rc = FK_ENOMEM;
                                        break;
                                }
                                buf = p;
                                bufcap = 2 * need;
                        }
                        /* the group's key cells, then the value cell */
                        memcpy(buf, st->groups.arena + g->key, g->klen);
                        memcpy(buf + g->klen, k + 4, e->klen - 4);
                        buf[g->klen + e->klen - 4] = '\0';
                        rc = tally_add(&str, tally_hash(buf, g->klen +
                                                        e->klen - 4 + 1),
                                       buf, g->klen + e->klen - 4 + 1,
                                       e->count, e->file, e->block, e->line,
                                       NULL);
                }
                for (size_t g = 0; g < ss->vcap && !rc; g++) {
                        struct vec *v = &ss->vec[g];
                        const struct tally_entry *ge = &st->groups.e[g];
                        uint32_t at;

                        if (!v->used)
                                continue;
                        rc = tally_add(&grp, tally_hash(st->groups.arena +
                                                        ge->key, ge->klen),
                                       st->groups.arena + ge->key, ge->klen,
                                       0, v->file, v->block, v->line, &at);
                        if (!rc && at >= mvcap) {
                                size_t cap = mvcap ? 2 * mvcap : 16;
                                struct mvec *p;

                                while (cap <= at)
                                        cap *= 2;
                                if (!(p = realloc(mv, cap * sizeof *p))) {
                                        rc = FK_ENOMEM;
                                        break;
                                }
                                memset(p + mvcap, 0, (cap - mvcap) * sizeof *p);
                                for (size_t q = mvcap; q < cap; q++)
                                        fk_moments_init(&p[q].m);
                                mv = p;
                                mvcap = cap;
                        }
                        if (!rc)
                                rc = take_vec(&mv[at], v, tab, c->spill);
                        if (!rc && order)
                                gto[i][g] = at;
                }
        }
        if (!rc && order && !switched)
                rc = FAST_FALLBACK;     /* nowhere mostly distinct */
        if (!rc && dropped) {
                /* given up: each group once, with a missing value */
                tally_release(&str);
                rc = tally_init(&str, 1);
                for (unsigned i = 0; i < nw && !rc; i++) {
                        const struct sets_thread *gt = w[i]->st;
                        const struct tally *g = &gt->groups;

                        for (size_t j = 0; j < g->n && !rc; j++) {
                                const struct tally_entry *e = &g->e[j];

                                if (e->klen + 1 > bufcap) {
                                        char *p = realloc(buf, 2 * e->klen + 2);

                                        if (!p) {
                                                rc = FK_ENOMEM;
                                                break;
                                        }
                                        buf = p;
                                        bufcap = 2 * e->klen + 2;
                                }
                                memcpy(buf, g->arena + e->key, e->klen);
                                buf[e->klen] = '\0';
                                rc = tally_add(&str, tally_hash(buf,
                                                                e->klen + 1),
                                               buf, e->klen + 1, gt->gcount[j],
                                               e->file, e->block, e->line,
                                               NULL);
                        }
                }
                grp.n = 0;
        }
        if (rc)
                goto out;
        tab->dropped = dropped;
        tab->names = malloc((ncols + 1) * sizeof *tab->names);
        tab->header = malloc((nnames + 1) * sizeof *tab->header);
        tab->weight = malloc((str.n + grp.n + 1) * sizeof *tab->weight);
        tab->numbers = calloc(str.n + grp.n + 1, sizeof *tab->numbers);
        ref = malloc((str.n + grp.n + 1) * sizeof *ref);
        cells = malloc((ncols + 1) * sizeof *cells);
        grow = malloc((grp.n + 1) * sizeof *grow);
        if (!tab->names || !tab->header || !tab->weight || !tab->numbers ||
            !ref || !cells || !grow) {
                rc = FK_ENOMEM;
                goto out;
        }
        for (size_t j = 0, k = 0; j < nnames && !rc; j++) {
                rc = table_add_text(tab, names[j], strlen(names[j]),
                                    &tab->header[j], err);
                if (k < ncols && colsp[k] == j) {
                        tab->names[k] = tab->header[j];
                        if (j == vcol)
                                tab->value_col = (long)k;
                        k++;
                }
        }
        tab->nheader = nnames;
        tab->ncols = ncols;
        for (size_t i = 0; i < str.n; i++)
                ref[i] = (struct rowref){ str.e[i].file, str.e[i].line, 0, i };
        for (size_t i = 0; i < grp.n; i++)
                ref[str.n + i] = (struct rowref){ grp.e[i].file,
                                                  grp.e[i].line, 1, i };
        qsort(ref, str.n + grp.n, sizeof *ref, cmp_rowref);
        for (size_t r = 0; r < str.n + grp.n && !rc; r++) {
                const struct tally_entry *e = ref[r].number ?
                                              &grp.e[ref[r].i] :
                                              &str.e[ref[r].i];
                const char *k = (ref[r].number ? grp.arena : str.arena) +
                                e->key;
                const char *v = NULL;
                size_t vn = 0;

                if (!ref[r].number) {
                        /* the value is the last cell of the key */
                        const char *q = k;

                        for (size_t i = 0; i < c->nkeys; i++)
                                q += strlen(q) + 1;
                        v = q;
                        vn = strlen(q);
                }
                rc = row_cells(tab, c, colsp, ncols,
                               sets_is_key(c, vcol) ? (size_t)-1 : vcol, k, v, vn,
                               na, cells, err);
                if (!rc)
                        rc = table_add_row(tab, cells, (long)e->line,
                                           e->file, err);
                if (rc)
                        break;
                if (ref[r].number) {
                        struct mvec *x = &mv[ref[r].i];
                        struct fk_numbers *nb = calloc(1, sizeof *nb);

                        if (!nb) {
                                rc = FK_ENOMEM;
                                break;
                        }
                        nb->n = x->n;
                        nb->m = x->m;
                        fk_moments_init(&x->m);
                        nb->chunks = x->ch;
                        nb->nchunks = x->nch;
                        x->ch = NULL;
                        x->nch = 0;
                        tab->numbers[tab->nrows - 1] = nb;
                        tab->weight[tab->nrows - 1] = nb->n;
                        grow[ref[r].i] = (uint32_t)(tab->nrows - 1);
                } else {
                        tab->weight[tab->nrows - 1] = (double)e->count;
                }
        }
        if (!rc && order)
                rc = take_sequence(w, nw, s, gto, grow, tab);
        tab->nrecords = records;
        tab->m = *m;
        tab->delimiter = delim;
        if (!rc && table_may_group(&tab->m, delim, csv))
                rc = FAST_FALLBACK;
        if (!rc)
                rc = table_finish(tab, csv, err);
        /* numbers read by a mark the table does not have: the table's
         * reading of those cells is another (an error, found there) */
        if (!rc && (((marks & MARK_DOT) && tab->decimal != '.') ||
                    ((marks & MARK_COMMA) && tab->decimal != ',')))
                rc = FAST_FALLBACK;
out:
        for (size_t i = 0; i < mvcap; i++) {
                fk_moments_release(&mv[i].m);
                free(mv[i].ch);
        }
        free(mv);
        free(ref);
        free(cells);
        free(grow);
        for (unsigned i = 0; i < MAX_WORKERS; i++)
                free(gto[i]);
        free(buf);
        if (colsp != cols)
                free(colsp);
        tally_release(&str);
        tally_release(&grp);
        return rc;
}

int sets_build(struct tally *const *w, unsigned nw, const struct sets_cfg *c,
               char *const *names, size_t ncols, char delim,
               const struct marks *m, const struct fk_csv_opts *csv,
               const struct table_na *na, const char *const *files,
               size_t nfiles, struct sets_out *out, struct fk_error *err)
{
        int rc = FK_OK;

        out->n = 0;
        out->t = calloc(c->nsets + 1, sizeof *out->t);
        if (!out->t)
                return FK_ENOMEM;
        for (size_t s = 0; s < c->nsets && !rc; s++) {
                struct fk_table *tab = table_alloc(files, nfiles);

                if (!tab) {
                        rc = FK_ENOMEM;
                        break;
                }
                out->t[out->n++] = tab;
                rc = build_set(w, nw, c, s, names, ncols, delim, m, csv, na,
                               tab, err);
        }
        if (rc) {
                for (size_t s = 0; s < out->n; s++)
                        fk_table_free(out->t[s]);
                free(out->t);
                out->t = NULL;
                out->n = 0;
        }
        return rc;
}
