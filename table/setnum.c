/* The numbers of the summary reader's sets (sets.c): a cell read as a
 * number as fk_parse_double reads it (a fast path for plain decimals, the
 * function itself for the rest), and the chunks that keep the numbers of
 * a group: 32-bit whole numbers with a power of ten while they fit, else
 * doubles. */
#define _GNU_SOURCE             /* mkstemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sets_int.h"

#define CHUNK_MIN 256
#define CHUNK_MAX 65536
#define SPILL_CHUNK 4096        /* values in a full chunk when chunks may
                                   be written out: small, so that the
                                   chunks being filled (one per group,
                                   column and thread) stay small too */
#define SPILL_SMALL 4096        /* budgets below: chunks of 16 values */

static const double pow10[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The cell by fk_parse_double itself (and fk_parse_binary). */
static int slow_number(const char *s, size_t n, char mark, int binary,
                       double *x)
{
        char local[128], *copy = n < sizeof local ? local : malloc(n + 1);
        int rc = NUM_BAD, b;

        if (!copy)
                return NUM_BAD;
        memcpy(copy, s, n);
        copy[n] = '\0';
        if (!fk_parse_double(copy, mark, x))
                rc = NUM_F64;
        else if (binary && !fk_parse_binary(copy, &b)) {
                *x = b;
                rc = NUM_F64;
        }
        if (copy != local)
                free(copy);
        return rc;
}

/* The plain decimal s[0..n) (n <= 15: optional sign, digits, at most
 * one mark with digits around it) as the loop below reads it; 0 when it
 * is not one.  At most 15 digits: no leading zero needs skipping to stay
 * within 18 significant ones, and v < 10^15 < 2^53. */
static inline int plain_number(const char *s, size_t n, char mark,
                               int32_t *m, int *d, double *x,
                               unsigned *mark_used)
{
        uint64_t v = 0;
        size_t i = 0, digits = 0, at = n;
        int neg = 0, dec = 0;

        if (s[0] == '-' || s[0] == '+')
                neg = s[i++] == '-';
        for (; i < n; i++) {
                unsigned c = (unsigned char)s[i] - '0';

                if (c < 10) {
                        v = 10 * v + c;
                        digits++;
                } else if (s[i] == mark && at == n) {
                        at = i;
                } else {
                        return 0;
                }
        }
        if (!digits)
                return 0;
        if (at < n) {
                dec = (int)(n - 1 - at);
                *mark_used = mark == '.' ? MARK_DOT : MARK_COMMA;
        }
        *x = (double)v / pow10[dec];
        if (neg)
                *x = -*x;
        if (v <= INT32_MAX && dec <= 9 && !(neg && !v)) {
                *m = neg ? -(int32_t)v : (int32_t)v;
                *d = dec;
                return NUM_I32;
        }
        return NUM_F64;
}

/* plain_number for an unsigned cell of 1 to 8 bytes with 8 readable
 * bytes at s, eight bytes at a time: each byte's digit is byte ^ '0'
 * (0 to 9 for a digit; a non-digit shows by the high bit of itself or of
 * itself + 0x76, and a mark's sum carries into no other byte), the mark
 * (at most one) is taken out, the digits are moved up behind zeros, and
 * the eight digits are combined pairwise.  0 when the cell is not such a
 * decimal (plain_number or the slow path then decide). */
static inline int swar_number(const char *s, size_t n, char mark, int32_t *m,
                              int *d, double *x, unsigned *mark_used)
{
        const uint64_t ones = UINT64_C(0x0101010101010101);
        uint64_t w, t, flag, keep, v;
        size_t len = n;
        int dec = 0;

        memcpy(&w, s, 8);
        keep = n == 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
        t = (w ^ (ones * 0x30)) & keep;
        flag = ((t + ones * 0x76) | t) & (ones * 0x80) & keep;
        if (flag) {
                unsigned k = (unsigned)__builtin_ctzll(flag) >> 3;
                uint64_t low = k ? (UINT64_C(1) << (8 * k)) - 1 : 0;

                if ((flag & (flag - 1)) || s[k] != mark)
                        return 0;
                t = (t & low) | (k + 1 < 8 ? t >> (8 * (k + 1)) << (8 * k)
                                           : 0);
                len = n - 1;
                dec = (int)(n - 1 - k);
        }
        if (!len)
                return 0;
        t <<= 8 * (8 - len);
        t = t * 10 + (t >> 8);
        v = (((t & UINT64_C(0x000000FF000000FF)) *
              (100 + (UINT64_C(1000000) << 32))) +
             (((t >> 16) & UINT64_C(0x000000FF000000FF)) *
              (1 + (UINT64_C(10000) << 32)))) >> 32;
        v &= 0xFFFFFFFF;
        if (flag)
                *mark_used = mark == '.' ? MARK_DOT : MARK_COMMA;
        *x = (double)v / pow10[dec];
        *m = (int32_t)v;
        *d = dec;
        return NUM_I32;
}

int sets_parse_number_in(const char *s, size_t n, const char *end,
                         char fixed, int binary, int32_t *m, int *d,
                         double *x, unsigned *mark_used)
{
        int rc;

        if (fixed && n && n <= 8 && end - s >= 8 && s[0] != '-' &&
            s[0] != '+') {
                *mark_used = 0;
                if ((rc = swar_number(s, n, fixed, m, d, x, mark_used)))
                        return rc;
        }
        return sets_parse_number(s, n, fixed, binary, m, d, x, mark_used);
}

int sets_parse_number(const char *s, size_t n, char fixed, int binary,
                        int32_t *m, int *d, double *x, unsigned *mark_used)
{
        char mark = fixed ? fixed : memchr(s, ',', n) ? ',' : '.';
        uint64_t v = 0;
        size_t i = 0, digits = 0, sig = 0;
        int neg = 0, dec = 0, has_mark = 0, rc;

        *mark_used = 0;
        if (n && n <= 15 && (rc = plain_number(s, n, mark, m, d, x,
                                               mark_used)))
                return rc;
        if (i < n && (s[i] == '+' || s[i] == '-'))
                neg = s[i++] == '-';
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
                if (v || s[i] != '0') {
                        if (sig++ < 19)
                                v = 10 * v + (uint64_t)(s[i] - '0');
                }
        if (i < n && s[i] == mark) {
                has_mark = 1;
                for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
                        if (v || s[i] != '0') {
                                if (sig++ < 19)
                                        v = 10 * v + (uint64_t)(s[i] - '0');
                        }
                        dec++;
                }
        }
        if (!digits || i < n || sig > 18 || v > ((uint64_t)1 << 53) ||
            dec > 22) {
                /* exponents, long numbers, words: fk_parse_double itself */
                rc = slow_number(s, n, mark, binary, x);
                if (rc == NUM_F64 && digits && memchr(s, mark, n))
                        *mark_used = mark == '.' ? MARK_DOT : MARK_COMMA;
                return rc;
        }
        if (has_mark)
                *mark_used = mark == '.' ? MARK_DOT : MARK_COMMA;
        *x = (double)v / pow10[dec];
        if (neg)
                *x = -*x;
        if (v <= INT32_MAX && dec <= 9 && !(neg && !v)) {
                *m = neg ? -(int32_t)v : (int32_t)v;
                *d = dec;
                return NUM_I32;
        }
        return NUM_F64;
}

struct spill *spill_new(size_t keep)
{
        const char *dir = getenv("TMPDIR");
        char path[4096];
        struct spill *sp;
        int fd;

        if (!dir || !*dir)
                dir = "/tmp";
        if ((size_t)snprintf(path, sizeof path, "%s/fkstat-values-XXXXXX",
                             dir) >= sizeof path)
                return NULL;
        if ((fd = mkstemp(path)) < 0)
                return NULL;
        unlink(path);
        if (!(sp = calloc(1, sizeof *sp))) {
                close(fd);
                return NULL;
        }
        sp->fd = fd;
        atomic_init(&sp->end, 0);
        atomic_init(&sp->kept, 0);
        atomic_init(&sp->refs, 1);
        atomic_init(&sp->broken, 0);
        sp->budget = keep;
        /* a budget of a few bytes (tests): chunks of a few values, so
         * that small inputs are written out too */
        sp->chunk_max = keep < SPILL_SMALL ? 16 : SPILL_CHUNK;
        return sp;
}

void spill_ref(struct spill *sp)
{
        atomic_fetch_add(&sp->refs, 1);
}

void spill_unref(struct spill *sp)
{
        if (sp && atomic_fetch_sub(&sp->refs, 1) == 1) {
                close(sp->fd);
                free(sp);
        }
}

static size_t chunk_max(const struct spill *sp)
{
        return sp ? sp->chunk_max : CHUNK_MAX;
}

/* A group's first chunk is small; the next ones are large at once (the
 * allocator maps them, and only the pages written count), so that no
 * chain of growing copies fragments the heap. */
static int chunk_grow(struct spill *sp, struct chunk *c, int f64)
{
        size_t cap = c->cap ? chunk_max(sp) : CHUNK_MIN, was = c->cap;
        void *p;

        if (cap > chunk_max(sp))
                cap = chunk_max(sp);
        p = f64 ? realloc(c->f64, cap * sizeof *c->f64)
                : realloc(c->i32, cap * sizeof *c->i32);
        if (!p)
                return FK_ENOMEM;
        if (f64)
                c->f64 = p;
        else
                c->i32 = p;
        c->cap = cap;
        if (sp)
                atomic_fetch_add(&sp->kept, (cap - was) *
                                 (f64 ? sizeof(double) : sizeof(int32_t)));
        return FK_OK;
}

static int write_all(int fd, const char *p, size_t n, uint64_t at)
{
        while (n) {
                ssize_t k = pwrite(fd, p, n, (off_t)at);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return -1;
                p += k;
                n -= (size_t)k;
                at += (uint64_t)k;
        }
        return 0;
}

/* Write chunk c out to sp's file and free its memory, when the chunks in
 * memory are over the budget; else (or when the write fails) keep it. */
static void spill_chunk(struct spill *sp, struct chunk *c)
{
        size_t size = c->i32 ? sizeof(int32_t) : sizeof(double);
        const char *p = c->i32 ? (const char *)c->i32 : (const char *)c->f64;
        uint64_t at;

        if (!sp || !c->n || atomic_load(&sp->broken) ||
            atomic_load(&sp->kept) <= sp->budget)
                return;
        at = atomic_fetch_add(&sp->end, (unsigned long long)(c->n * size));
        if (write_all(sp->fd, p, c->n * size, at)) {
                atomic_store(&sp->broken, 1);
                return;
        }
        c->file = c->i32 ? FK_CHUNK_I32 : FK_CHUNK_F64;
        c->off = at;
        atomic_fetch_sub(&sp->kept, (unsigned long long)(c->cap * size));
        free(c->i32);
        free(c->f64);
        c->i32 = NULL;
        c->f64 = NULL;
        c->cap = 0;
}

/* Move the chunk c being filled to v's full chunks (to sp's file when
 * the memory's budget is spent). */
static int retire(struct spill *sp, struct vec *v, struct chunk *c)
{
        if (v->nfull == v->fcap) {
                size_t cap = v->fcap ? 2 * v->fcap : 4;
                struct chunk *p = realloc(v->full, cap * sizeof *p);

                if (!p)
                        return FK_ENOMEM;
                v->full = p;
                v->fcap = cap;
        }
        spill_chunk(sp, c);
        v->full[v->nfull++] = *c;
        memset(c, 0, sizeof *c);
        return FK_OK;
}

int sets_push_f64(struct spill *sp, struct vec *v, double x)
{
        struct chunk *c = &v->cf;

        if (c->n == c->cap && c->cap == chunk_max(sp) && retire(sp, v, c))
                return FK_ENOMEM;
        if (c->n == c->cap && chunk_grow(sp, c, 1))
                return FK_ENOMEM;
        c->f64[c->n++] = x;
        return FK_OK;
}

static uint32_t abs32(int32_t m)
{
        return m < 0 ? (uint32_t)0 - (uint32_t)m : (uint32_t)m;
}

int sets_push_i32(struct spill *sp, struct vec *v, int32_t m, int d,
                  double x)
{
        struct chunk *c = &v->ci;
        uint32_t a = abs32(m);

        if (c->n == c->cap && c->cap == chunk_max(sp) && retire(sp, v, c))
                return FK_ENOMEM;
        if (c->n && d > c->scale) {
                double f = pow10[d - c->scale];

                if ((double)c->maxabs * f <= (double)INT32_MAX) {
                        int32_t k = (int32_t)f;

                        for (size_t i = 0; i < c->n; i++)
                                c->i32[i] *= k;
                        c->maxabs *= (uint32_t)k;
                        c->scale = d;
                } else if (retire(sp, v, c)) {
                        return FK_ENOMEM;
                }
        }
        if (!c->n) {
                c->scale = d;
                c->maxabs = 0;
        }
        if (d < c->scale) {
                double f = pow10[c->scale - d];

                if ((double)a * f > (double)INT32_MAX)
                        return sets_push_f64(sp, v, x);
                m *= (int32_t)f;
                a *= (uint32_t)f;
        }
        if (c->n == c->cap && chunk_grow(sp, c, 0))
                return FK_ENOMEM;
        c->i32[c->n++] = m;
        if (a > c->maxabs)
                c->maxabs = a;
        return FK_OK;
}

void sets_vec_release(struct vec *v)
{
        free(v->ci.i32);
        free(v->cf.f64);
        for (size_t i = 0; i < v->nfull; i++) {
                free(v->full[i].i32);
                free(v->full[i].f64);
        }
        free(v->full);
        fk_moments_release(&v->m);
        memset(v, 0, sizeof *v);
}


/* Turn the segment's whole numbers into doubles (the same values: m and
 * 10^scale are exact, so m / 10^scale is the double nearest the
 * decimal). */
static int seg_to_f64(struct seg *g)
{
        double *f = malloc((g->cap ? g->cap : 1) * sizeof *f);

        if (!f)
                return FK_ENOMEM;
        for (size_t i = 0; i < g->n; i++)
                f[i] = (double)g->i32[i] / pow10[g->scale];
        free(g->i32);
        g->i32 = NULL;
        g->f64 = f;
        return FK_OK;
}

static int seg_grow(struct seg *g)
{
        size_t cap = g->cap ? 2 * g->cap : 4096;
        uint32_t *gid = realloc(g->gid, cap * sizeof *gid);

        if (!gid)
                return FK_ENOMEM;
        g->gid = gid;
        if (g->f64) {
                double *f = realloc(g->f64, cap * sizeof *f);

                if (!f)
                        return FK_ENOMEM;
                g->f64 = f;
        } else {
                int32_t *m = realloc(g->i32, cap * sizeof *m);

                if (!m)
                        return FK_ENOMEM;
                g->i32 = m;
        }
        g->cap = cap;
        return FK_OK;
}

int sets_seq_push(struct sset *ss, uint32_t file, uint32_t block,
                  uint32_t gid, int kind, int32_t m, int d, double x,
                  int word)
{
        struct seg *g = ss->nseq ? &ss->seq[ss->nseq - 1] : NULL;

        if (!g || g->file != file || g->block != block) {
                if (ss->nseq == ss->seqcap) {
                        size_t cap = ss->seqcap ? 2 * ss->seqcap : 16;
                        struct seg *p = realloc(ss->seq, cap * sizeof *p);

                        if (!p)
                                return FK_ENOMEM;
                        ss->seq = p;
                        ss->seqcap = cap;
                }
                g = &ss->seq[ss->nseq++];
                memset(g, 0, sizeof *g);
                g->file = file;
                g->block = block;
        }
        if (g->n == g->cap && seg_grow(g))
                return FK_ENOMEM;
        g->gid[g->n] = gid;
        if (word && g->words == g->n)
                g->words++;
        if (!g->f64 && kind == NUM_I32) {
                uint32_t a = abs32(m);

                if (!g->n) {
                        g->scale = d;
                        g->maxabs = 0;
                }
                if (d > g->scale) {
                        double f = pow10[d - g->scale];

                        if ((double)g->maxabs * f <= (double)INT32_MAX) {
                                int32_t k = (int32_t)f;

                                for (size_t i = 0; i < g->n; i++)
                                        g->i32[i] *= k;
                                g->maxabs *= (uint32_t)k;
                                g->scale = d;
                        } else if (seg_to_f64(g)) {
                                return FK_ENOMEM;
                        }
                }
                if (!g->f64 && d < g->scale) {
                        double f = pow10[g->scale - d];

                        if ((double)a * f > (double)INT32_MAX) {
                                if (seg_to_f64(g))
                                        return FK_ENOMEM;
                        } else {
                                m *= (int32_t)f;
                                a *= (uint32_t)f;
                        }
                }
                if (!g->f64) {
                        g->i32[g->n++] = m;
                        if (a > g->maxabs)
                                g->maxabs = a;
                        return FK_OK;
                }
        }
        if (!g->f64 && seg_to_f64(g))
                return FK_ENOMEM;
        g->f64[g->n++] = x;
        return FK_OK;
}

void sets_seq_release(struct sset *ss)
{
        for (size_t i = 0; i < ss->nseq; i++) {
                free(ss->seq[i].i32);
                free(ss->seq[i].f64);
                free(ss->seq[i].gid);
        }
        free(ss->seq);
        ss->seq = NULL;
        ss->nseq = ss->seqcap = 0;
}
