/* Several summaries in one pass (fk_table_read_sets, see
 * include/fkstat/stream.h): per thread, the combinations of the key
 * columns are numbered (groups), and each value column counts its cells
 * per group — as strings while they are few, then (numbers mode) as
 * numbers kept per group: their values in chunks of 32-bit scaled
 * decimals or doubles, or only their count and exact sums.  The threads'
 * sets are merged into one summary table per value column at the end. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sets_int.h"

#define SWITCH_AT 65536
#define EARLY 4096              /* the first look at a column's strings */
#define GROUPS_MAX (1u << 20)   /* as fast.c's SUMMARY_MAX */
#define ROWS_BITS 13            /* sets_replay's rows: 2^ROWS_BITS */
#define CODE_GROUPS (1u << 20)  /* a row's code: group << 12 | value */

int sets_cfg_init(struct sets_cfg *c, const struct fk_sets_spec *spec,
                  char *const *names, size_t ncols, int *keep)
{
        int *iskey = calloc(ncols + 1, sizeof *iskey);

        memset(c, 0, sizeof *c);
        c->kslot = calloc(ncols + 1, sizeof *c->kslot);
        c->kcol = calloc(ncols + 1, sizeof *c->kcol);
        c->vslot = calloc((spec->values ? spec->nvalues : ncols) + 1,
                          sizeof *c->vslot);
        c->vcol = calloc((spec->values ? spec->nvalues : ncols) + 1,
                         sizeof *c->vcol);
        if (!iskey || !c->kslot || !c->kcol || !c->vslot || !c->vcol) {
                free(iskey);
                return FK_ENOMEM;
        }
        for (size_t j = 0; j < ncols; j++) {
                keep[j] = 0;
                for (size_t k = 0; k < spec->nkeys && !iskey[j]; k++)
                        iskey[j] = table_name_is(spec->keys[k], names[j]);
                if (iskey[j]) {
                        keep[j] = 1;
                        c->kcol[c->nkeys++] = j;
                }
        }
        if (spec->values) {
                for (size_t k = 0; k < spec->nvalues; k++) {
                        size_t j = 0;

                        while (j < ncols && !table_name_is(spec->values[k],
                                                           names[j]))
                                j++;
                        if (j == ncols) {
                                free(iskey);
                                return FAST_FALLBACK;   /* its error: the
                                                           caller's */
                        }
                        keep[j] = 1;
                        c->vcol[c->nsets++] = j;
                }
        } else {
                for (size_t j = 0; j < ncols; j++)
                        if (!iskey[j]) {
                                keep[j] = 1;
                                c->vcol[c->nsets++] = j;
                        }
        }
        free(iskey);
        if (!c->nsets)
                return FAST_FALLBACK;   /* nothing to summarise by groups:
                                           the full table has the groups */
        c->numbers = spec->numbers;
        c->binary_words = spec->binary_words;
        c->drop_bad = spec->drop_bad;
        c->switch_at = spec->switch_at ? spec->switch_at : SWITCH_AT;
        return FK_OK;
}

void sets_cfg_slots(struct sets_cfg *c, const int *slot)
{
        for (size_t k = 0; k < c->nkeys; k++)
                c->kslot[k] = (size_t)slot[c->kcol[k]];
        for (size_t s = 0; s < c->nsets; s++)
                c->vslot[s] = (size_t)slot[c->vcol[s]];
}

void sets_cfg_release(struct sets_cfg *c)
{
        if (c->spill)
                spill_unref(c->spill);
        free(c->kslot);
        free(c->kcol);
        free(c->vslot);
        free(c->vcol);
        memset(c, 0, sizeof *c);
}

int sets_is_key(const struct sets_cfg *c, size_t col)
{
        for (size_t k = 0; k < c->nkeys; k++)
                if (c->kcol[k] == col)
                        return 1;
        return 0;
}

static uint64_t short_hash(uint64_t w, uint32_t gid, size_t n)
{
        uint64_t h = (w ^ ((uint64_t)gid << 32 | n)) * 0x9e3779b97f4a7c15u;

        h ^= h >> 29;
        return h * 0xff51afd7ed558ccdu;
}

/* Double the short strings' map. */
static int short_grow(struct sset *ss)
{
        size_t n = ss->nshort ? 2 * ss->nshort : 256;
        struct sslot *p = malloc(n * sizeof *p);

        if (!p)
                return FK_ENOMEM;
        for (size_t i = 0; i < n; i++)
                p[i].len = UINT32_MAX;
        for (size_t i = 0; i < ss->nshort; i++) {
                const struct sslot *e = &ss->shorts[i];
                size_t j;

                if (e->len == UINT32_MAX)
                        continue;
                j = (size_t)(short_hash(e->w, e->gid, e->len) >> 32) & (n - 1);
                while (p[j].len != UINT32_MAX)
                        j = (j + 1) & (n - 1);
                p[j] = *e;
        }
        free(ss->shorts);
        ss->shorts = p;
        ss->nshort = n;
        return FK_OK;
}

static uint64_t gslot_hash(const struct gslot *k)
{
        /* the words multiplied side by side, not in a chain: the products
         * overlap (PACK_SLOTS is 4) */
        uint64_t h = k->lens ^ k->w[0] * 0x9e3779b97f4a7c15u ^
                     k->w[1] * 0xc2b2ae3d27d4eb4fu ^
                     k->w[2] * 0x165667b19e3779f9u ^
                     k->w[3] * 0xd6e8feb86659fd93u;

        h ^= h >> 29;
        return h * 0xff51afd7ed558ccdu;
}

/* Double the map of groups with packed keys. */
static int gmap_grow(struct sets_thread *st)
{
        size_t n = st->ngmap ? 2 * st->ngmap : 256;
        struct gtag *p = calloc(n, sizeof *p);

        if (!p)
                return FK_ENOMEM;
        for (size_t i = 0; i < st->ngmap; i++) {
                size_t j;

                if (!st->gmap[i].tag)
                        continue;
                j = (size_t)(gslot_hash(&st->gkeys[st->gmap[i].gid]) >> 32) &
                    (n - 1);
                while (p[j].tag)
                        j = (j + 1) & (n - 1);
                p[j] = st->gmap[i];
        }
        free(st->gmap);
        st->gmap = p;
        st->ngmap = n;
        return FK_OK;
}

/* Room for group gid in the arrays by group. */
static int groups_room(struct sets_thread *st, uint32_t gid)
{
        size_t cap = st->gcap ? 2 * st->gcap : 256;
        struct gslot *k;
        uint64_t *c;

        if (gid < st->gcap)
                return FK_OK;
        while (cap <= gid)
                cap *= 2;
        if (!(k = realloc(st->gkeys, cap * sizeof *k)))
                return FK_ENOMEM;
        st->gkeys = k;
        if (!(c = realloc(st->gcount, cap * sizeof *c)))
                return FK_ENOMEM;
        memset(c + st->gcap, 0, (cap - st->gcap) * sizeof *c);
        st->gcount = c;
        st->gcap = cap;
        return FK_OK;
}

int sets_thread_init(struct tally *t, const struct sets_cfg *c)
{
        struct sets_thread *st = calloc(1, sizeof *st);

        if (!st)
                return FK_ENOMEM;
        t->st = st;
        st->nsets = c->nsets;
        st->s = calloc(c->nsets + 1, sizeof *st->s);
        gmap_grow(st);
        st->key = malloc(st->keycap = 256);
        st->rows = malloc(((size_t)1 << ROWS_BITS) * sizeof *st->rows);
        for (size_t i = 0; st->rows && i < (size_t)1 << ROWS_BITS; i++)
                st->rows[i].lens = UINT32_MAX;
        if (!st->s || !st->gmap || !st->key || !st->rows ||
            tally_init(&st->groups, 1))
                return FK_ENOMEM;
        for (size_t s = 0; s < c->nsets; s++) {
                struct sset *ss = &st->s[s];

                ss->next_check = c->switch_at > EARLY ? EARLY
                                                      : c->switch_at;
                if (short_grow(ss) || tally_init(&ss->str, 1))
                        return FK_ENOMEM;
        }
        return FK_OK;
}

static void sset_release(struct sset *ss)
{
        tally_release(&ss->str);
        for (size_t g = 0; g < ss->vcap; g++)
                sets_vec_release(&ss->vec[g]);
        free(ss->vec);
        free(ss->shorts);
        free(ss->dense);
        sets_seq_release(ss);
        memset(ss, 0, sizeof *ss);
}

void sets_thread_release(struct tally *t)
{
        struct sets_thread *st = t->st;

        if (!st)
                return;
        for (size_t s = 0; st->s && s < st->nsets; s++)
                sset_release(&st->s[s]);
        free(st->s);
        free(st->gmap);
        free(st->gkeys);
        free(st->gcount);
        free(st->key);
        free(st->rows);
        tally_release(&st->groups);
        free(st);
        t->st = NULL;
}

/* The n <= 8 bytes at s as the low bytes of a word, the rest zero; one
 * load when a whole word lies before end. */
static inline uint64_t pack_bytes(const char *s, size_t n, const char *end)
{
        uint64_t w = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (end && end - s >= 8) {
                memcpy(&w, s, 8);
                return n == 8 ? w : w & ((UINT64_C(1) << (8 * n)) - 1);
        }
#else
        (void)end;
#endif
        for (size_t i = 0; i < n; i++)
                w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        return w;
}

static int key_room(struct sets_thread *st, size_t n)
{
        char *p;
        size_t cap;

        if (n <= st->keycap)
                return FK_OK;
        cap = 2 * n;
        if (!(p = realloc(st->key, cap)))
                return FK_ENOMEM;
        st->key = p;
        st->keycap = cap;
        return FK_OK;
}

/* The group of the row's key cells; FK_OK with *gid, FAST_FALLBACK,
 * FK_ENOMEM.  Keys of at most PACK_SLOTS cells of at most 8 bytes are
 * looked up packed in words, others in the tally. */
static int group_of(struct sets_thread *st, const struct sets_cfg *c,
                    const struct tally *t, uint32_t file, uint32_t block,
                    uint64_t line, uint32_t *gid)
{
        struct gslot k;
        struct gtag *e = NULL;
        uint64_t h = 0;
        uint32_t tag = 0, at;
        size_t klen = 0;
        int packed = c->nkeys <= PACK_SLOTS;
        char *p;

        if (!c->nkeys && st->groups.n) {
                /* no key columns: one group, the first row's */
                *gid = 0;
                st->gcount[0]++;
                return FK_OK;
        }
        k.lens = 0;
        memset(k.w, 0, sizeof k.w);
        for (size_t i = 0; i < c->nkeys && packed; i++) {
                size_t n = t->cn[c->kslot[i]];

                if (n > 8) {
                        packed = 0;
                        break;
                }
                k.w[i] = pack_bytes(t->cs[c->kslot[i]], n, st->end);
                k.lens |= (uint32_t)n << (4 * i);
        }
        if (packed) {
                size_t mask = st->ngmap - 1, j;

                h = gslot_hash(&k);
                tag = (uint32_t)h | 1;
                for (j = (size_t)(h >> 32) & mask;; j = (j + 1) & mask) {
                        const struct gslot *g;

                        e = &st->gmap[j];
                        if (!e->tag)
                                break;
                        if (e->tag != tag)
                                continue;
                        g = &st->gkeys[e->gid];
                        if (g->lens == k.lens &&
                            !memcmp(g->w, k.w, sizeof k.w)) {
                                *gid = e->gid;
                                st->gcount[e->gid]++;
                                return FK_OK;
                        }
                }
        }
        for (size_t i = 0; i < c->nkeys; i++)
                klen += t->cn[c->kslot[i]] + 1;
        if (key_room(st, klen + 1))
                return FK_ENOMEM;
        p = st->key;
        for (size_t i = 0; i < c->nkeys; i++) {
                memcpy(p, t->cs[c->kslot[i]], t->cn[c->kslot[i]]);
                p += t->cn[c->kslot[i]];
                *p++ = '\0';
        }
        if (tally_add(&st->groups, tally_hash(st->key, klen), st->key, klen,
                      1, file, block, line, &at) || groups_room(st, at))
                return FK_ENOMEM;
        if (st->groups.n > GROUPS_MAX && 2 * st->groups.n > t->rows)
                return FAST_FALLBACK;
        st->gcount[at]++;
        if (e) {
                k.gid = at;
                st->gkeys[at] = k;
                e->tag = tag;
                e->gid = at;
                if (2 * ++st->ngused > st->ngmap && gmap_grow(st))
                        return FK_ENOMEM;
        }
        *gid = at;
        return FK_OK;
}

/* Count the cell v[0..n) of group gid as a string: one of at most 8
 * bytes in the map of short strings (its rows counted there, its entry
 * made once), a longer one in the tally. */
/* The value of a cell written as a whole number below DENSE_MAX without
 * sign or leading zero ("0", "7", "104"), or -1: such cells are counted
 * in a table by group and value, no hashing. */
#define DENSE_MAX 4096
#define DENSE_CELLS (1u << 20)  /* groups × values at most */

static int dense_value(const char *v, size_t n)
{
        int x = 0;

        if (n < 1 || n > 4 || (n > 1 && v[0] == '0'))
                return -1;
        for (size_t i = 0; i < n; i++) {
                if (v[i] < '0' || v[i] > '9')
                        return -1;
                x = 10 * x + (v[i] - '0');
        }
        return x < DENSE_MAX ? x : -1;
}

/* count_string's first step, for a cell v[0..n) (1 <= n <= 4) whose
 * group and value already have a count in the dense table: count it
 * there and return 1; else 0 (count_string does the rest). */
static inline int dense_hit(struct sset *ss, uint32_t gid, const char *v,
                            size_t n)
{
        unsigned x = 0;
        struct dcell *dc;

        if (n > 1 && v[0] == '0')
                return 0;
        for (size_t i = 0; i < n; i++) {
                unsigned d = (unsigned char)v[i] - '0';

                if (d > 9)
                        return 0;
                x = 10 * x + d;
        }
        if (x >= ss->dstride || gid >= ss->drows)
                return 0;
        dc = &ss->dense[(size_t)gid * ss->dstride + x];
        if (!dc->idx || dc->count == UINT32_MAX)
                return 0;
        dc->count++;
        return 1;
}

/* Make room in the dense table for group gid and value x: a wider
 * stride or more rows; 0 when it would be too large (the cells then go
 * to the map). */
static int dense_room(struct sset *ss, uint32_t gid, int x)
{
        size_t stride = ss->dstride ? ss->dstride : 16, rows = ss->drows;
        struct dcell *d;

        while (stride <= (size_t)x)
                stride *= 2;
        if (rows <= gid)
                rows = 2 * (size_t)gid + 16;
        if (stride == ss->dstride && rows == ss->drows)
                return 1;
        if (rows * stride > DENSE_CELLS ||
            !(d = calloc(rows * stride, sizeof *d)))
                return 0;
        for (size_t g = 0; g < ss->drows; g++)
                memcpy(d + g * stride, ss->dense + g * ss->dstride,
                       ss->dstride * sizeof *d);
        free(ss->dense);
        ss->dense = d;
        ss->dstride = stride;
        ss->drows = rows;
        return 1;
}

/* Add the rows the dense table holds to their entries (forget the
 * entries too with forget: the tally is about to change). */
static void flush_dense(struct sset *ss, int forget)
{
        for (size_t i = 0; ss->dense && i < ss->drows * ss->dstride; i++) {
                struct dcell *d = &ss->dense[i];

                if (d->idx && ss->str.e)
                        ss->str.e[d->idx - 1].count += d->count;
                d->count = 0;
                if (forget)
                        d->idx = 0;
        }
}

static int count_string(struct sets_thread *st, struct sset *ss, uint32_t gid,
                        const char *v, size_t n, uint32_t file,
                        uint32_t block, uint64_t line)
{
        struct sslot *e = NULL;
        struct dcell *dc = NULL;
        uint64_t w = 0;
        uint32_t at;
        int x;

        if (!ss->no_dense && (x = dense_value(v, n)) >= 0) {
                if (dense_room(ss, gid, x)) {
                        dc = &ss->dense[(size_t)gid * ss->dstride +
                                        (size_t)x];
                        if (dc->idx && dc->count < UINT32_MAX) {
                                dc->count++;
                                return FK_OK;
                        }
                } else {
                        /* too many groups and values: the map from now on */
                        flush_dense(ss, 1);
                        free(ss->dense);
                        ss->dense = NULL;
                        ss->dstride = ss->drows = 0;
                        ss->no_dense = 1;
                }
        }
        if (!dc && n <= 8) {
                size_t j, mask = ss->nshort - 1;

                w = pack_bytes(v, n, st->end);
                j = (size_t)(short_hash(w, gid, n) >> 32) & mask;
                for (;; j = (j + 1) & mask) {
                        e = &ss->shorts[j];
                        if (e->len == UINT32_MAX)
                                break;
                        if (e->w == w && e->gid == gid && e->len == n &&
                            e->count < UINT32_MAX) {
                                e->count++;
                                return FK_OK;
                        }
                        if (e->w == w && e->gid == gid && e->len == n) {
                                ss->str.e[e->idx].count += e->count;
                                e->count = 1;
                                return FK_OK;
                        }
                }
        }
        if (key_room(st, n + 4))
                return FK_ENOMEM;
        memcpy(st->key, &gid, 4);
        memcpy(st->key + 4, v, n);
        if (tally_add(&ss->str, tally_hash(st->key, n + 4), st->key, n + 4, 1,
                      file, block, line, &at))
                return FK_ENOMEM;
        if (dc) {
                if (dc->idx)            /* a full count: to the entry */
                        ss->str.e[dc->idx - 1].count += dc->count;
                dc->idx = at + 1;
                dc->count = 0;
        } else if (e) {
                e->w = w;
                e->gid = gid;
                e->len = (uint32_t)n;
                e->idx = at;
                e->count = 0;
                if (2 * ++ss->nshort_used > ss->nshort && short_grow(ss))
                        return FK_ENOMEM;
        }
        return FK_OK;
}

/* Add the rows the map of short strings holds to their entries, and
 * empty it. */
static void flush_cache(struct sset *ss)
{
        for (size_t i = 0; ss->shorts && i < ss->nshort; i++) {
                struct sslot *e = &ss->shorts[i];

                if (e->len != UINT32_MAX && ss->str.e)
                        ss->str.e[e->idx].count += e->count;
                e->len = UINT32_MAX;
                e->count = 0;
        }
        ss->nshort_used = 0;
}

static struct vec *vec_of(struct sset *ss, uint32_t gid)
{
        if (gid >= ss->vcap) {
                size_t cap = ss->vcap ? 2 * ss->vcap : 16;
                struct vec *p;

                while (cap <= gid)
                        cap *= 2;
                if (!(p = realloc(ss->vec, cap * sizeof *p)))
                        return NULL;
                memset(p + ss->vcap, 0, (cap - ss->vcap) * sizeof *p);
                ss->vec = p;
                ss->vcap = cap;
        }
        return &ss->vec[gid];
}

/* The vector of group gid, started at its first cell (file, block, line)
 * the first time it is seen. */
static struct vec *vec_seen(struct sset *ss, uint32_t gid, uint32_t file,
                            uint32_t block, uint64_t line)
{
        struct vec *v = vec_of(ss, gid);

        if (v && !v->used) {
                v->used = 1;
                v->file = file;
                v->block = block;
                v->line = line;
                fk_moments_init(&v->m);
        }
        return v;
}

/* Give up the set ss (drop_bad): not a numeric column. */
static void drop_set(struct sset *ss)
{
        ss->dropped = 1;
        tally_release(&ss->str);
        for (size_t g = 0; g < ss->vcap; g++)
                sets_vec_release(&ss->vec[g]);
}

/* Whether the cell v[0..n) (not missing) is neither a number nor (with
 * binary_words) a binary word, whatever the decimal mark turns out to
 * be when it is not known yet. */
static int not_number(const struct sets_cfg *c, const char *v, size_t n)
{
        int32_t m;
        int d;
        double x;
        unsigned mark;

        if (c->fixed)
                return sets_parse_number(v, n, c->fixed, c->binary_words, &m,
                                         &d, &x, &mark) == NUM_BAD;
        return sets_parse_number(v, n, '.', c->binary_words, &m, &d, &x,
                                 &mark) == NUM_BAD &&
               sets_parse_number(v, n, ',', c->binary_words, &m, &d, &x,
                                 &mark) == NUM_BAD;
}

/* The cell v[0..n) (not missing) of a set in numbers mode. */
static int count_number(struct sets_thread *st, const struct sets_cfg *c,
                        struct sset *ss, uint32_t gid, const char *s,
                        size_t n, uint32_t file, uint32_t block,
                        uint64_t line)
{
        int32_t m = 0;
        int d = 0, kind;
        double x;
        unsigned mark;
        struct vec *v;

        kind = sets_parse_number_in(s, n, st->end, c->fixed, c->binary_words,
                                    &m, &d, &x, &mark);
        if (kind == NUM_BAD)
                return count_string(st, ss, gid, s, n, file, block, line);
        ss->marks |= mark;
        if (!(v = vec_seen(ss, gid, file, block, line)))
                return FK_ENOMEM;
        v->n += 1;
        fk_moments_add(&v->m, x);
        if (c->numbers == FK_NUMBERS_SUMS)
                return FK_OK;
        if (kind == NUM_I32 && v->ci.n && v->ci.n < v->ci.cap &&
            d == v->ci.scale) {
                /* sets_push_i32 with room and the chunk's scale */
                uint32_t a = m < 0 ? (uint32_t)0 - (uint32_t)m : (uint32_t)m;

                v->ci.i32[v->ci.n++] = m;
                if (a > v->ci.maxabs)
                        v->ci.maxabs = a;
                return FK_OK;
        }
        return kind == NUM_I32 ? sets_push_i32(c->spill, v, m, d, x)
                               : sets_push_f64(c->spill, v, x);
}

/* FK_NUMBERS_ORDER: the cell v[0..n) of group gid.  A number goes to
 * the sequence, and until the column switches to numbers is counted as a
 * string too (the count of distinct cells decides the switch); after it,
 * only the group's count and first position are kept beside it. */
static int order_cell(struct sets_thread *st, const struct sets_cfg *c,
                      struct sset *ss, uint32_t gid, const char *s, size_t n,
                      uint32_t file, uint32_t block, uint64_t line)
{
        int32_t m = 0;
        int d = 0, kind = NUM_BAD, rc;
        double x = 0;
        unsigned mark = 0;
        struct vec *v;

        if (n)
                kind = sets_parse_number(s, n, c->fixed, 0, &m, &d, &x, &mark);
        if (kind == NUM_BAD)
                return count_string(st, ss, gid, s, n, file, block, line);
        ss->marks |= mark;
        if ((rc = sets_seq_push(ss, file, block, gid, kind, m, d, x,
                                n == 1 && (*s == '0' || *s == '1'))))
                return rc;
        if (!ss->numbers)
                return count_string(st, ss, gid, s, n, file, block, line);
        if (!(v = vec_seen(ss, gid, file, block, line)))
                return FK_ENOMEM;
        v->n += 1;
        return FK_OK;
}

static int earlier(uint32_t f1, uint32_t b1, uint64_t l1, uint32_t f2,
                   uint32_t b2, uint64_t l2)
{
        if (f1 != f2)
                return f1 < f2;
        if (b1 != b2)
                return b1 < b2;
        return l1 < l2;
}

/* On switching to numbers: the strings counted so far that are numbers
 * move to the groups' numbers (count copies each); the others stay. */
int sets_convert(const struct sets_cfg *c, struct sset *ss)
{
        struct tally keep;
        int rc = tally_init(&keep, 1);

        flush_cache(ss);
        flush_dense(ss, 1);
        free(ss->dense);
        ss->dense = NULL;
        ss->dstride = ss->drows = 0;
        for (size_t j = 0; j < ss->str.n && !rc; j++) {
                const struct tally_entry *e = &ss->str.e[j];
                const char *k = ss->str.arena + e->key;
                size_t n = e->klen - 4;
                int32_t m = 0;
                int d = 0, kind = NUM_BAD;
                double x = 0;
                unsigned mark = 0;
                uint32_t gid;
                struct vec *v;

                memcpy(&gid, k, 4);
                if (n)
                        kind = sets_parse_number(k + 4, n, c->fixed,
                                            c->binary_words, &m, &d, &x,
                                            &mark);
                if (kind == NUM_BAD) {
                        rc = tally_add(&keep, e->hash, k, e->klen, e->count,
                                       e->file, e->block, e->line, NULL);
                        continue;
                }
                ss->marks |= mark;
                if (!(v = vec_of(ss, gid))) {
                        rc = FK_ENOMEM;
                        break;
                }
                if (!v->used || earlier(e->file, e->block, e->line, v->file,
                                        v->block, v->line)) {
                        if (!v->used)
                                fk_moments_init(&v->m);
                        v->used = 1;
                        v->file = e->file;
                        v->block = e->block;
                        v->line = e->line;
                }
                v->n += (double)e->count;
                fk_moments_add_n(&v->m, x, (double)e->count);
                for (uint64_t i = 0; i < e->count && !rc &&
                                     c->numbers == FK_NUMBERS_VALUES; i++)
                        rc = kind == NUM_I32 ? sets_push_i32(c->spill, v,
                                                             m, d, x)
                                             : sets_push_f64(c->spill, v, x);
        }
        if (rc) {
                tally_release(&keep);
                return rc;
        }
        tally_release(&ss->str);
        ss->str = keep;
        /* numbers from now on: a small map for the cells that are not */
        free(ss->shorts);
        ss->shorts = NULL;
        ss->nshort = ss->nshort_used = 0;
        return short_grow(ss);
}

int sets_row(const struct fast_cfg *c, struct tally *t, uint32_t file,
             uint32_t block, uint64_t line, const char *end)
{
        const struct sets_cfg *sc = c->sets;
        struct sets_thread *st = t->st;
        uint32_t gid;
        int rc;

        st->end = end;
        st->code = UINT32_MAX;
        t->rows++;
        if ((rc = group_of(st, sc, t, file, block, line, &gid)))
                return rc;
        for (size_t s = 0; s < sc->nsets; s++) {
                struct sset *ss = &st->s[s];
                const char *v = t->cs[sc->vslot[s]];
                size_t n = t->cn[sc->vslot[s]], before = ss->str.n;

                if (ss->dropped)
                        continue;
                if (sc->numbers == FK_NUMBERS_ORDER) {
                        if ((rc = order_cell(st, sc, ss, gid, v, n, file,
                                             block, line)))
                                return rc;
                        /* not mostly distinct: the order is not kept */
                        if (!ss->numbers && t->rows > 2 * ss->next_check)
                                return FAST_FALLBACK;
                        if (ss->numbers || ss->str.n == before ||
                            ss->str.n < ss->next_check)
                                continue;
                        if (!sets_is_key(sc, sc->vcol[s]) &&
                            (ss->next_check == EARLY ?
                             50 * ss->str.n >= 49 * t->rows :
                             2 * ss->str.n > t->rows)) {
                                ss->numbers = 1;
                                if ((rc = sets_convert(sc, ss)))
                                        return rc;
                        } else {
                                ss->next_check = ss->next_check == EARLY &&
                                                 sc->switch_at > EARLY ?
                                                 sc->switch_at :
                                                 2 * ss->next_check;
                        }
                        continue;
                }
                if (!ss->numbers && ss->dense && n && n <= 4 &&
                    dense_hit(ss, gid, v, n))
                        continue;       /* a count in the dense table */
                if (ss->numbers && n)
                        rc = count_number(st, sc, ss, gid, v, n, file, block,
                                          line);
                else
                        rc = count_string(st, ss, gid, v, n, file, block,
                                          line);
                if (rc)
                        return rc;
                if (sc->drop_bad && n && ss->str.n != before &&
                    !ss->dropped && not_number(sc, v, n)) {
                        drop_set(ss);
                        continue;
                }
                if (ss->numbers || ss->str.n == before ||
                    ss->str.n < ss->next_check)
                        continue;
                /* Many combinations: numbers, when they are most of the
                 * rows; else look again at twice as many.  At the first
                 * look (EARLY combinations) only when nearly every row
                 * so far was new: an identifier or an amount, which would
                 * switch later anyway — switching early spares the
                 * strings of the first 65 536. */
                if (sc->numbers && !sets_is_key(sc, sc->vcol[s]) &&
                    (ss->next_check == EARLY ?
                     50 * ss->str.n >= 49 * t->rows :
                     4 * ss->str.n > t->rows)) {
                        ss->numbers = 1;
                        if ((rc = sets_convert(sc, ss)))
                                return rc;
                } else if (ss->str.n > GROUPS_MAX &&
                           2 * ss->str.n > t->rows) {
                        return FAST_FALLBACK;
                } else {
                        ss->next_check = ss->next_check == EARLY &&
                                         sc->switch_at > EARLY ?
                                         sc->switch_at :
                                         2 * ss->next_check;
                }
        }
        /* the row's group and value as sets_replay finds them again */
        if (sc->nsets == 1 && gid < CODE_GROUPS) {
                int x = dense_value(t->cs[sc->vslot[0]],
                                    t->cn[sc->vslot[0]]);

                if (x >= 0)
                        st->code = gid << 12 | (uint32_t)x;
        }
        return FK_OK;
}

static size_t rows_slot(const struct packed_key *k, uint64_t h)
{
        return (size_t)(((h ^ k->lens) * 0xff51afd7ed558ccdu) >>
                        (64 - ROWS_BITS));
}

int sets_replay_live(const struct fast_cfg *fc, const struct tally *t)
{
        const struct sets_cfg *c = fc->sets;
        const struct sset *ss = t->st->s;

        return c->nsets == 1 && c->numbers != FK_NUMBERS_ORDER &&
               !ss->dropped && !ss->numbers && ss->dense;
}

/* The row k is in the cache with the code of its group and value (which
 * the same cells always give: a group's number is fixed once given, the
 * value's is the number the cell writes); what sets_row would do with it
 * is what the state of the value column now says. */
int sets_replay(const struct fast_cfg *fc, struct tally *t,
                const struct packed_key *k, uint64_t h, size_t *slot)
{
        struct sets_thread *st = t->st;
        const struct packed_key *e;
        const struct sset *ss = st->s;
        struct dcell *dc;
        uint32_t gid, x;

        *slot = rows_slot(k, h);
        e = &st->rows[*slot];
        if (e->lens != k->lens)
                return 0;
        for (size_t i = 0; i < fc->nslots; i++)
                if (e->w[i] != k->w[i])
                        return 0;
        gid = e->idx >> 12;
        x = e->idx & 4095;
        if (gid >= ss->drows || x >= ss->dstride)
                return 0;
        dc = &ss->dense[(size_t)gid * ss->dstride + x];
        /* count_string's test for a counted cell */
        if (!dc->idx || dc->count >= UINT32_MAX)
                return 0;
        dc->count++;
        st->gcount[gid]++;
        t->rows++;
        return 1;
}

void sets_remember(struct tally *t, size_t nslots,
                   const struct packed_key *k, size_t slot)
{
        struct sets_thread *st = t->st;
        struct packed_key *e = &st->rows[slot];

        if (st->code == UINT32_MAX)
                return;
        *e = *k;
        for (size_t i = nslots; i < PACK_SLOTS; i++)
                e->w[i] = 0;
        e->idx = st->code;
}

static void settle_entries(struct tally *t, uint32_t file, uint64_t base,
                           const uint64_t *nl)
{
        for (size_t j = 0; j < t->n; j++) {
                struct tally_entry *e = &t->e[j];

                if (e->file != file || e->block == UINT32_MAX)
                        continue;
                e->line += base + (e->block ? nl[e->block - 1] : 0);
                e->block = UINT32_MAX;
        }
}

void sets_settle(struct tally *t, uint32_t file, uint64_t base,
                 const uint64_t *nl)
{
        struct sets_thread *st = t->st;

        if (!st)
                return;
        settle_entries(&st->groups, file, base, nl);
        for (size_t s = 0; s < st->nsets; s++) {
                struct sset *ss = &st->s[s];

                if (!ss->dropped) {
                        flush_cache(ss);
                        flush_dense(ss, 0);
                }
                settle_entries(&ss->str, file, base, nl);
                for (size_t g = 0; g < ss->vcap; g++) {
                        struct vec *v = &ss->vec[g];

                        if (!v->used || v->file != file ||
                            v->block == UINT32_MAX)
                                continue;
                        v->line += base + (v->block ? nl[v->block - 1] : 0);
                        v->block = UINT32_MAX;
                }
        }
}

