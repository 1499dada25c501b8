/* The quote-free fast path of the summary reader: fields split by SIMD
 * compares (SSE2 where the compiler offers it, a byte loop otherwise) and
 * counted into a frequency table of kept-cell combinations.  It gives the
 * rows libcsv gives for the same block — the differential fuzz target
 * tests/fuzz/fuzz_csv_diff.c and tests/test_stream.c check that — and
 * hands every block it cannot read that way back to libcsv. */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fast.h"

/* Combinations per thread beyond which a summary that does not summarise
 * (more than half the rows distinct) gives way to the full table. */
#define SUMMARY_MAX (1u << 20)

/* Entries of the short-key cache (a power of two). */
#define PACK_CACHE 256

int tally_init(struct tally *t, size_t nslots)
{
        memset(t, 0, sizeof *t);
        t->nslot = 1024;
        t->slot = calloc(t->nslot, sizeof *t->slot);
        t->cs = calloc(nslots + 1, sizeof *t->cs);
        t->cn = calloc(nslots + 1, sizeof *t->cn);
        t->key = malloc(t->keycap = 256);
        t->arena = malloc(t->acap = 4096);
        t->pk = malloc(PACK_CACHE * sizeof *t->pk);
        for (size_t i = 0; t->pk && i < PACK_CACHE; i++)
                t->pk[i].lens = UINT32_MAX;
        return t->slot && t->cs && t->cn && t->key && t->arena && t->pk
                       ? FK_OK : FK_ENOMEM;
}

void tally_release(struct tally *t)
{
        free(t->e);
        free(t->slot);
        free(t->arena);
        free(t->key);
        free(t->cs);
        free(t->cn);
        free(t->pk);
        memset(t, 0, sizeof *t);
}

uint64_t tally_hash(const char *key, size_t klen)
{
        uint64_t h = klen * 0x9e3779b97f4a7c15u, w;
        size_t i = 0;

        for (; i + 8 <= klen; i += 8) {
                memcpy(&w, key + i, 8);
                h = (h ^ w) * 0xff51afd7ed558ccdu;
                h ^= h >> 32;
        }
        for (w = 0; i < klen; i++)     /* the tail, without a call */
                w |= (uint64_t)(unsigned char)key[i] << (8 * (i & 7));
        h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
        return h ^ h >> 29;
}

static int rehash(struct tally *t)
{
        size_t n = 2 * t->nslot;
        uint32_t *s = calloc(n, sizeof *s);

        if (!s)
                return FK_ENOMEM;
        for (size_t i = 0; i < t->n; i++) {
                size_t j = (size_t)t->e[i].hash & (n - 1);

                while (s[j])
                        j = (j + 1) & (n - 1);
                s[j] = (uint32_t)(i + 1);
        }
        free(t->slot);
        t->slot = s;
        t->nslot = n;
        return FK_OK;
}

/* memcmp(a, b, n) == 0 for the short keys of a row, without a call. */
static inline int same_key(const char *a, const char *b, size_t n)
{
        uint64_t x, y;

        for (; n >= 8; n -= 8, a += 8, b += 8) {
                memcpy(&x, a, 8);
                memcpy(&y, b, 8);
                if (x != y)
                        return 0;
        }
        while (n--)
                if (*a++ != *b++)
                        return 0;
        return 1;
}

static int later(uint32_t f1, uint32_t b1, uint64_t l1, uint32_t f2,
                 uint32_t b2, uint64_t l2)
{
        if (f1 != f2)
                return f1 > f2;
        if (b1 != b2)
                return b1 > b2;
        return l1 > l2;
}

int tally_add(struct tally *t, uint64_t hash, const char *key, size_t klen,
              uint64_t count, uint32_t file, uint32_t block, uint64_t line,
              uint32_t *at)
{
        size_t j = (size_t)hash & (t->nslot - 1);
        struct tally_entry *e;

        for (; t->slot[j]; j = (j + 1) & (t->nslot - 1)) {
                e = &t->e[t->slot[j] - 1];
                if (e->hash == hash && e->klen == klen &&
                    same_key(t->arena + e->key, key, klen)) {
                        e->count += count;
                        if (later(e->file, e->block, e->line, file, block,
                                  line)) {
                                e->file = file;
                                e->block = block;
                                e->line = line;
                        }
                        if (at)
                                *at = t->slot[j] - 1;
                        return FK_OK;
                }
        }
        if (t->n == t->cap) {
                size_t cap = t->cap ? 2 * t->cap : 256;
                struct tally_entry *p = realloc(t->e, cap * sizeof *p);

                if (!p || cap >= UINT32_MAX)
                        return FK_ENOMEM;
                t->e = p;
                t->cap = cap;
        }
        if (t->alen + klen > t->acap) {
                size_t cap = t->acap ? 2 * t->acap : 4096;
                char *p;

                while (cap < t->alen + klen)
                        cap *= 2;
                if (!(p = realloc(t->arena, cap)))
                        return FK_ENOMEM;
                t->arena = p;
                t->acap = cap;
        }
        memcpy(t->arena + t->alen, key, klen);
        t->e[t->n] = (struct tally_entry){ hash, t->alen, klen, count, file,
                                           block, line };
        t->alen += klen;
        t->slot[j] = (uint32_t)++t->n;
        if (at)
                *at = (uint32_t)(t->n - 1);
        return 2 * t->n > t->nslot ? rehash(t) : FK_OK;
}

/* One block's reading state. */
struct row {
        const struct fast_cfg *c;
        struct tally *t;
        const char *fs;         /* start of the current field */
        size_t nf;              /* fields so far in the current row */
        uint64_t line;          /* line feeds before the current row */
        uint32_t file, block;
        const char *end;        /* of the block */
};

void fast_cfg_na(struct fast_cfg *c)
{
        memset(c->na_first, 0, sizeof c->na_first);
        c->na_max = 0;
        for (size_t i = 0; i < c->na->n; i++) {
                unsigned char b = (unsigned char)c->na->c[i].s[0];

                c->na_first[b >> 3] |= (unsigned char)(1u << (b & 7));
                if (c->na->c[i].n > c->na_max)
                        c->na_max = c->na->c[i].n;
        }
}

/* table_is_missing, with most cells settled by length and first byte. */
static inline int missing(const struct fast_cfg *c, const char *s, size_t n)
{
        unsigned char b;

        if (n == 0)
                return 1;
        b = (unsigned char)*s;
        if (n > c->na_max || !(c->na_first[b >> 3] & (1u << (b & 7))))
                return 0;
        return table_is_missing(c->na, s, n);
}

static inline int blank(char ch)
{
        return ch == ' ' || ch == '\t';
}

#if defined(__GNUC__)
#define HOT inline __attribute__((always_inline))
#else
#define HOT inline
#endif

static HOT void field(struct row *r, const char *end)
{
        const struct fast_cfg *c = r->c;
        size_t j = r->nf++;
        const char *s = r->fs;
        int k;

        if (j >= c->ncols)
                return;
        k = c->slot[j];
        if (k < 0 && !c->vote)
                return;
        while (s < end && blank(*s))
                s++;
        while (end > s && blank(end[-1]))
                end--;
        if (k >= 0) {
                /* every missing code is the same combination */
                int na = missing(c, s, (size_t)(end - s));

                r->t->cs[k] = s;
                r->t->cn[k] = na ? 0 : (size_t)(end - s);
        }
        if (c->vote && end > s && !missing(c, s, (size_t)(end - s))) {
                int m = table_decimal_vote(s, (size_t)(end - s));

                r->t->votes_comma += m == ',';
                r->t->votes_dot += m == '.';
        }
}

/* The n <= 8 bytes at s as the low bytes of a word, the rest zero; reads
 * a whole word when that stays before end. */
static inline uint64_t pack(const char *s, size_t n, const char *end)
{
        uint64_t w = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (end - s >= 8) {
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

/* Count the row whose kept cells are all short through the cache of
 * packed keys: 1 when it was counted, 0 when the caller must look the key
 * up (and then call pk_fill with *slot). */
static inline int pk_count(struct tally *t, size_t nslots, const char *end,
                           struct packed_key *k, size_t *slot)
{
        uint64_t h = 0;
        struct packed_key *c;

        if (nslots > PACK_SLOTS)
                return 0;
        k->lens = 0;
        for (size_t i = 0; i < PACK_SLOTS; i++) {
                size_t n = i < nslots ? t->cn[i] : 0;

                if (n > 8)
                        return 0;
                k->w[i] = n ? pack(t->cs[i], n, end) : 0;
                k->lens |= (uint32_t)n << (4 * i);
                h = (h ^ k->w[i]) * 0x9e3779b97f4a7c15u;
        }
        h = (h ^ k->lens) * 0xff51afd7ed558ccdu;
        *slot = (size_t)(h >> 56) & (PACK_CACHE - 1);
        c = &t->pk[*slot];
        if (c->lens != k->lens || c->w[0] != k->w[0] || c->w[1] != k->w[1] ||
            c->w[2] != k->w[2] || c->w[3] != k->w[3])
                return 0;
        /* This thread reads its blocks in order, so the entry's first
         * position is earlier than this row. */
        t->e[c->idx].count++;
        t->rows++;
        return 1;
}

/* The row ends at end (a line feed, or the end of the block). */
static inline int row_end(struct row *r, const char *end)
{
        const struct fast_cfg *c = r->c;
        struct tally *t = r->t;
        size_t klen = 0, slot = PACK_CACHE;
        struct packed_key pk;
        uint32_t at;
        char *p;

        if (end > r->fs && end[-1] == '\r')
                end--;
        if (r->nf == 0) {
                const char *q = r->fs;

                while (q < end && blank(*q))
                        q++;
                if (q == end)
                        return FK_OK;   /* a blank line: no row */
        }
        field(r, end);
        if (r->nf != c->ncols)
                return FAST_FALLBACK;   /* ragged: libcsv names it */
        if (pk_count(t, c->nslots, r->end, &pk, &slot))
                return FK_OK;
        for (size_t k = 0; k < c->nslots; k++)
                klen += t->cn[k] + 1;
        if (klen > t->keycap) {
                size_t cap = klen < 256 ? 256 : 2 * klen;

                if (!(p = realloc(t->key, cap)))
                        return FK_ENOMEM;
                t->key = p;
                t->keycap = cap;
        }
        p = t->key;
        for (size_t k = 0; k < c->nslots; k++) {
                memcpy(p, t->cs[k], t->cn[k]);
                p += t->cn[k];
                *p++ = '\0';
        }
        t->rows++;
        if (tally_add(t, tally_hash(t->key, klen), t->key, klen, 1, r->file,
                      r->block, r->line, &at))
                return FK_ENOMEM;
        if (slot < PACK_CACHE) {
                pk.idx = at;
                t->pk[slot] = pk;
        }
        /* Mostly distinct combinations (a continuous outcome, an id): the
         * summary would cost more than the full table, so let that read. */
        if (t->n > SUMMARY_MAX && 2 * t->n > t->rows)
                return FAST_FALLBACK;
        return FK_OK;
}

static HOT int on_byte(struct row *r, const char *q)
{
        int rc = FK_OK;

        if (*q != '\n') {
                field(r, q);
                r->fs = q + 1;
                return FK_OK;
        }
        rc = row_end(r, q);
        r->nf = 0;
        r->fs = q + 1;
        r->line++;
        return rc;
}

/* Check the UTF-8 sequences that start in [q, q + 16) at the bytes of
 * mask h (bytes >= 0x80), from *ok on (the end of the last sequence
 * checked): well-formed input keeps the reader; anything else is read
 * (as Windows-1252) by the libcsv path. */
static int bad_utf8(const char *q, unsigned h, const char *end,
                    const char **ok)
{
        for (; h; h &= h - 1) {
                const char *c = q + __builtin_ctz(h);
                size_t n;

                if (c < *ok)
                        continue;
                n = table_utf8_len((const unsigned char *)c,
                                   (size_t)(end - c));
                if (!n)
                        return 1;
                *ok = c + n;
        }
        return 0;
}

/* A quote or NUL needs libcsv (or its error); so does a CR that does not
 * end a line together with the LF after it. */
static int bad_byte(const char *q, const char *end)
{
        if (*q == '"' || *q == '\0')
                return 1;
        return *q == '\r' && (q + 1 == end || q[1] != '\n');
}

int fast_scan(const struct fast_cfg *c, const char *s, size_t len,
              uint32_t file, uint32_t block, struct tally *t, uint64_t *nl)
{
        struct row r = { c, t, s, 0, 0, file, block, s + len };
        const char *p = s, *end = s + len, *ok = s;
        int rc = FK_OK;

#ifdef __SSE2__
        const __m128i vd = _mm_set1_epi8(c->delim), vn = _mm_set1_epi8('\n');
        const __m128i vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r');
        const __m128i vz = _mm_setzero_si128();

        for (; !rc && end - p >= 16; p += 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
                unsigned m = (unsigned)_mm_movemask_epi8(
                        _mm_or_si128(_mm_cmpeq_epi8(v, vd),
                                     _mm_cmpeq_epi8(v, vn)));
                unsigned b = (unsigned)_mm_movemask_epi8(
                        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vq),
                                                  _mm_cmpeq_epi8(v, vr)),
                                     _mm_cmpeq_epi8(v, vz)));

                unsigned h = (unsigned)_mm_movemask_epi8(v);

                if (h && bad_utf8(p, h, end, &ok))
                        return FAST_FALLBACK;
                for (; b; b &= b - 1)
                        if (bad_byte(p + __builtin_ctz(b), end))
                                return FAST_FALLBACK;
                for (; m && !rc; m &= m - 1) {
                        const char *q = p + __builtin_ctz(m);

                        /* fields right of the last kept one only count */
                        if (*q != '\n' && r.nf > c->last && !c->vote)
                                r.nf++;
                        else
                                rc = on_byte(&r, q);
                }
        }
#endif
        for (; !rc && p < end; p++) {
                if (*p == c->delim || *p == '\n')
                        rc = on_byte(&r, p);
                else if (bad_byte(p, end))
                        return FAST_FALLBACK;
                else if (*p & 0x80 && bad_utf8(p, 1, end, &ok))
                        return FAST_FALLBACK;
        }
        if (!rc && (r.fs < end || r.nf))
                rc = row_end(&r, end);
        *nl = r.line;
        return rc;
}
