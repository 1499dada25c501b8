/* The quote-free fast path of the summary reader: fields split by SIMD
 * compares (64 bytes at a time: AVX2 where the CPU has it, else SSE2 where
 * the compiler offers it, a byte loop otherwise) and counted into a
 * frequency table of kept-cell combinations.  A row that fits in 64 bytes
 * is read at once from its bit masks, looking only at its kept cells; a
 * cache of short keys packed into words spares most rows the hash table.
 * It gives the rows libcsv gives for the same block — the differential
 * fuzz target tests/fuzz/fuzz_csv_diff.c and tests/test_stream.c check
 * that — and hands every block it cannot read that way back to libcsv. */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#define HAVE_AVX2 1
#endif

#include "fast.h"
#include "sets.h"

/* Combinations per thread beyond which a summary that does not summarise
 * (more than half the rows distinct) gives way to the full table. */
#define SUMMARY_MAX (1u << 20)

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

void fast_cfg_look(struct fast_cfg *c, unsigned char *look, size_t *kcol)
{
        for (size_t j = 0; j < c->ncols; j++) {
                look[j] = c->slot[j] >= 0 || c->vote;
                if (c->slot[j] >= 0)
                        kcol[c->slot[j]] = j;
        }
        look[c->ncols] = 2;
        c->look = look;
        c->kcol = kcol;
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

/* Examine field j (< ncols), [s, end): keep its cell if it is kept, count
 * its marks if every cell is examined. */
static HOT void field(struct row *r, size_t j, const char *s, const char *end)
{
        const struct fast_cfg *c = r->c;
        int k = c->slot[j];

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
        if (c->vote && end > s && !missing(c, s, (size_t)(end - s)))
                table_count_marks(&r->t->m, table_cell_marks(s,
                        (size_t)(end - s), c->thousands));
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

/* The second half of pk_count, for the packed key k whose words have
 * been hashed into h. */
static HOT int pk_probe(struct tally *t, size_t nslots,
                        const struct packed_key *k, uint64_t h, size_t *slot)
{
        const struct packed_key *c;

        h = (h ^ k->lens) * 0xff51afd7ed558ccdu;
        *slot = (size_t)(h >> (64 - PACK_BITS));
        c = &t->pk[*slot];
        if (c->lens != k->lens)
                return 0;
        for (size_t i = 0; i < nslots; i++)
                if (c->w[i] != k->w[i])
                        return 0;
        /* This thread reads its blocks in order, so the entry's first
         * position is earlier than this row. */
        t->e[c->idx].count++;
        t->rows++;
        return 1;
}

/* Count the row whose kept cells are all short through the cache of
 * packed keys: 1 when it was counted, 0 when the caller must look the key
 * up (and then, if *slot < PACK_CACHE, cache k there). */
static HOT int pk_count(struct tally *t, size_t nslots, const char *end,
                        struct packed_key *k, size_t *slot)
{
        uint64_t h = 0;

        *slot = PACK_CACHE;
        if (nslots > PACK_SLOTS)
                return 0;
        k->lens = 0;
        for (size_t i = 0; i < nslots; i++) {
                size_t n = t->cn[i];

                if (n > 8)
                        return 0;
                k->w[i] = pack(t->cs[i], n, end);
                k->lens |= (uint32_t)n << (4 * i);
                h = (h ^ k->w[i]) * 0x9e3779b97f4a7c15u;
        }
        return pk_probe(t, nslots, k, h, slot);
}

/* Count the row through the frequency table; then cache its packed key
 * k in slot (unless slot is PACK_CACHE). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int row_add(struct row *r, struct packed_key *k, size_t slot)
{
        const struct fast_cfg *c = r->c;
        struct tally *t = r->t;
        size_t klen = 0;
        uint32_t at;
        char *p;

        for (size_t i = 0; i < c->nslots; i++)
                klen += t->cn[i] + 1;
        if (klen > t->keycap) {
                size_t cap = klen < 256 ? 256 : 2 * klen;

                if (!(p = realloc(t->key, cap)))
                        return FK_ENOMEM;
                t->key = p;
                t->keycap = cap;
        }
        p = t->key;
        for (size_t i = 0; i < c->nslots; i++) {
                memcpy(p, t->cs[i], t->cn[i]);
                p += t->cn[i];
                *p++ = '\0';
        }
        t->rows++;
        if (tally_add(t, tally_hash(t->key, klen), t->key, klen, 1, r->file,
                      r->block, r->line, &at))
                return FK_ENOMEM;
        if (slot < PACK_CACHE) {
                for (size_t i = c->nslots; i < PACK_SLOTS; i++)
                        k->w[i] = 0;
                k->idx = at;
                t->pk[slot] = *k;
        }
        /* Mostly distinct combinations (a continuous outcome, an id): the
         * summary would cost more than the full table, so let that read. */
        if (t->n > SUMMARY_MAX && 2 * t->n > t->rows)
                return FAST_FALLBACK;
        return FK_OK;
}

/* Count the row whose kept cells are in r->t->cs and cn. */
static HOT int row_count(struct row *r)
{
        struct packed_key pk;
        size_t slot;

        if (r->c->sets)
                return sets_row(r->c, r->t, r->file, r->block, r->line,
                                r->end);

        if (pk_count(r->t, r->c->nslots, r->end, &pk, &slot))
                return FK_OK;
        return row_add(r, &pk, slot);
}

/* The row ends at end (a line feed, or the end of the block). */
static HOT int row_end(struct row *r, const char *end)
{
        const struct fast_cfg *c = r->c;

        if (end > r->fs && end[-1] == '\r')
                end--;
        if (r->nf == 0) {
                const char *q = r->fs;

                while (q < end && blank(*q))
                        q++;
                if (q == end)
                        return FK_OK;   /* a blank line: no row */
        }
        if (r->nf < c->ncols)
                field(r, r->nf, r->fs, end);
        if (++r->nf != c->ncols)
                return FAST_FALLBACK;   /* ragged: libcsv names it */
        return row_count(r);
}

/* The row that ends at the line feed q. */
static HOT int on_line(struct row *r, const char *q)
{
        int rc = row_end(r, q);

        r->nf = 0;
        r->fs = q + 1;
        r->line++;
        return rc;
}

static HOT int on_byte(struct row *r, const char *q)
{
        if (*q == '\n')
                return on_line(r, q);
        if (r->nf < r->c->ncols)
                field(r, r->nf, r->fs, q);
        r->nf++;
        r->fs = q + 1;
        return FK_OK;
}

/* Check the UTF-8 sequences that start in [q, q + 64) at the bytes of
 * mask h (bytes >= 0x80), from *ok on (the end of the last sequence
 * checked): well-formed input keeps the reader; anything else is read
 * (as Windows-1252) by the libcsv path. */
static int bad_utf8(const char *q, uint64_t h, const char *end,
                    const char **ok)
{
        for (; h; h &= h - 1) {
                const char *c = q + __builtin_ctzll(h);
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

/* 64 bytes as bit masks, bit i for byte i. */
struct masks {
        uint64_t sep;           /* delimiter or line feed */
        uint64_t nl;            /* line feed */
        uint64_t odd;           /* '"', CR or NUL: see bad_byte */
        uint64_t high;          /* >= 0x80: see bad_utf8 */
};

/* Reject the stretch at p if a bad byte or bad UTF-8 starts at a bit of
 * odd or high. */
static HOT int bad_bits(const char *p, uint64_t odd, uint64_t high,
                        const char *end, const char **ok)
{
        if (high && bad_utf8(p, high, end, ok))
                return 1;
        for (; odd; odd &= odd - 1)
                if (bad_byte(p + __builtin_ctzll(odd), end))
                        return 1;
        return 0;
}

/* Read the fields that end at the bits of sep (bits of nl: line feeds)
 * of the stretch at p, one at a time: fields that need no look are only
 * counted. */
static HOT int bits(struct row *r, const char *p, uint64_t sep, uint64_t nl)
{
        const unsigned char *look = r->c->look;
        const char *fs = r->fs;
        size_t nf = r->nf;

        for (; sep; sep &= sep - 1) {
                unsigned i = (unsigned)__builtin_ctzll(sep);

                if (nl >> i & 1) {
                        int rc;

                        r->nf = nf;
                        r->fs = fs;
                        if ((rc = on_line(r, p + i)))
                                return rc;
                        nf = 0;
                        fs = p + i + 1;
                        continue;
                }
                if (look[nf]) {
                        if (look[nf] == 2)
                                return FAST_FALLBACK;   /* ragged */
                        field(r, nf, fs, p + i);
                }
                nf++;
                fs = p + i + 1;
        }
        r->nf = nf;
        r->fs = fs;
        return FK_OK;
}

/* Read the row at p whose separators are the bits of sep: ncols - 1
 * delimiters, then its line feed; no votes are counted.  Only the kept
 * cells are looked at, found by walking the bits up to each, trimmed,
 * checked for missing codes and packed on the way, as field and pk_count
 * would. */
static HOT int whole_row(struct row *r, const char *p, uint64_t sep)
{
        const struct fast_cfg *c = r->c;
        struct tally *t = r->t;
        struct packed_key pk;
        uint64_t h = 0;
        size_t at = 0;          /* sep's lowest bit ends field at */
        size_t slot = PACK_CACHE;
        int packed = c->nslots <= PACK_SLOTS &&
                     (!c->sets || sets_replay_live(c, t)), rc;

        pk.lens = 0;
        for (size_t i = 0; i < c->nslots; i++) {
                size_t j = c->kcol[i], n;
                const char *s = p, *e;

                if (j) {
                        for (; at + 1 < j; at++)
                                sep &= sep - 1;
                        s = p + __builtin_ctzll(sep) + 1;
                        sep &= sep - 1;
                        at++;
                }
                e = p + __builtin_ctzll(sep);
                if (j + 1 == c->ncols && e > s && e[-1] == '\r')
                        e--;
                if (e > s && (blank(*s) || blank(e[-1]))) {
                        while (s < e && blank(*s))
                                s++;
                        while (e > s && blank(e[-1]))
                                e--;
                }
                n = missing(c, s, (size_t)(e - s)) ? 0 : (size_t)(e - s);
                t->cs[i] = s;
                t->cn[i] = n;
                if (!packed)
                        continue;
                if (i < PACK_SLOTS && n <= 8) {
                        pk.w[i] = pack(s, n, r->end);
                        pk.lens |= (uint32_t)n << (4 * i);
                        h = (h ^ pk.w[i]) * 0x9e3779b97f4a7c15u;
                } else {
                        packed = 0;
                }
        }
        if (!c->sets)
                rc = packed && pk_probe(t, c->nslots, &pk, h, &slot)
                             ? FK_OK : row_add(r, &pk, slot);
        else if (packed && sets_replay(c, t, &pk, h, &slot))
                rc = FK_OK;
        else if (!(rc = sets_row(c, t, r->file, r->block, r->line,
                                 r->end)) && packed)
                sets_remember(t, c->nslots, &pk, slot);
        r->nf = 0;
        r->line++;
        return rc;
}

/* Read on from *pp, whose next 64 bytes have masks m: the row that starts
 * there if it ends within them, else the 64 bytes; move *pp past what
 * was read. */
static HOT int stretch(struct row *r, const char **pp, const struct masks *m,
                       const char *end, const char **ok)
{
        const struct fast_cfg *c = r->c;
        const char *p = *pp;
        uint64_t upto, sep;
        int rc;

        if (!m->nl) {           /* within a long row */
                *pp = p + 64;
                if (bad_bits(p, m->odd, m->high, end, ok))
                        return FAST_FALLBACK;
                return bits(r, p, m->sep, 0);
        }
        upto = m->nl ^ (m->nl - 1);     /* up to the first line feed */
        *pp = p + 64 - __builtin_clzll(upto);
        if (bad_bits(p, m->odd & upto, m->high & upto, end, ok))
                return FAST_FALLBACK;
        sep = m->sep & upto;
        if (r->nf || r->fs != p || c->vote || c->ncols < 2 ||
            (size_t)__builtin_popcountll(sep) != c->ncols)
                return bits(r, p, sep, m->nl & upto);
        rc = whole_row(r, p, sep);
        r->fs = *pp;
        return rc;
}

#ifdef __SSE2__
static HOT void masks_sse2(const char *p, char delim, struct masks *m)
{
        const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n');
        const __m128i vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r');
        const __m128i vz = _mm_setzero_si128();

        memset(m, 0, sizeof *m);
        for (unsigned i = 0; i < 64; i += 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)
                                            (p + i));
                __m128i n = _mm_cmpeq_epi8(v, vn);
                __m128i o = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vq),
                                                      _mm_cmpeq_epi8(v, vr)),
                                         _mm_cmpeq_epi8(v, vz));

                m->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(n) << i;
                m->sep |= (uint64_t)(unsigned)_mm_movemask_epi8(
                        _mm_or_si128(_mm_cmpeq_epi8(v, vd), n)) << i;
                m->odd |= (uint64_t)(unsigned)_mm_movemask_epi8(o) << i;
                m->high |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << i;
        }
}

static int scan_sse2(struct row *r, const char **pp, const char *end,
                     const char **ok)
{
        const char *p = *pp;
        int rc = FK_OK;

        while (!rc && end - p >= 64) {
                struct masks m;

                masks_sse2(p, r->c->delim, &m);
                rc = stretch(r, &p, &m, end, ok);
        }
        *pp = p;
        return rc;
}
#endif

#ifdef HAVE_AVX2
__attribute__((target("avx2"))) static HOT void
masks_avx2(const char *p, char delim, struct masks *m)
{
        const __m256i vd = _mm256_set1_epi8(delim);
        const __m256i vn = _mm256_set1_epi8('\n');
        const __m256i vq = _mm256_set1_epi8('"');
        const __m256i vr = _mm256_set1_epi8('\r');
        const __m256i vz = _mm256_setzero_si256();

        memset(m, 0, sizeof *m);
        for (unsigned i = 0; i < 64; i += 32) {
                __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)
                                               (p + i));
                __m256i n = _mm256_cmpeq_epi8(v, vn);
                __m256i o = _mm256_or_si256(
                        _mm256_or_si256(_mm256_cmpeq_epi8(v, vq),
                                        _mm256_cmpeq_epi8(v, vr)),
                        _mm256_cmpeq_epi8(v, vz));

                m->nl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(n) << i;
                m->sep |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
                        _mm256_or_si256(_mm256_cmpeq_epi8(v, vd), n)) << i;
                m->odd |= (uint64_t)(uint32_t)_mm256_movemask_epi8(o) << i;
                m->high |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << i;
        }
}

__attribute__((target("avx2,popcnt"))) static int
scan_avx2(struct row *r, const char **pp, const char *end, const char **ok)
{
        const char *p = *pp;
        int rc = FK_OK;

        while (!rc && end - p >= 64) {
                struct masks m;

                masks_avx2(p, r->c->delim, &m);
                rc = stretch(r, &p, &m, end, ok);
        }
        *pp = p;
        return rc;
}
#endif

int fast_no_avx2;

int fast_scan(const struct fast_cfg *c, const char *s, size_t len,
              uint32_t file, uint32_t block, struct tally *t, uint64_t *nl)
{
        struct row r = { c, t, s, 0, 0, file, block, s + len };
        const char *p = s, *end = s + len, *ok = s;
        int rc = FK_OK;

#ifdef HAVE_AVX2
        if (!fast_no_avx2 && __builtin_cpu_supports("avx2") &&
            __builtin_cpu_supports("popcnt"))
                rc = scan_avx2(&r, &p, end, &ok);
        else
#endif
#ifdef __SSE2__
                rc = scan_sse2(&r, &p, end, &ok);
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
