/* The rows of a time-to-job outcome held as one key a person: the time
 * as a whole number m at the outcome's decimal scale (time = m / 10^scale
 * exactly), the cluster index, the event and the arm, in 32 bits while
 * they fit (m < 2^(30 - cluster bits)) and in 64 otherwise (m < 2^32,
 * 30 cluster bits); the layouts are those of struct fk_coxcluster_keys
 * (include/fkstat/coxcluster.h).  Sorted once, the keys are read as the
 * pooled distinct times with their counts by arm (a struct
 * fk_surv_source, include/fkstat/survival.h), which is all the
 * individual-level statistics need, and the clustered ones pass over
 * them.  4 or 8 bytes a person instead of the 44 of the general rows and
 * the per-arm copies of stats/survival.c.  A time that does not fit (more
 * than 9 decimals, 2^32 or more at its scale, not finite, -0), a weight
 * other than 1, a cluster in both arms or too many clusters sends the
 * outcome back to the general rows (rows->keyfail).  See
 * analyse/internal.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "fkstat/coxcluster.h"

static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                              1e9 };

#define KEY_MAX_M 4294967295.0          /* 2^32 - 1 */
#define KEY_MAX_CL ((size_t)1 << 30)

static int same(double a, double b)
{
        return !(a < b) && !(a > b);
}

/* m with y = m / 10^s exactly, or -1. */
static double whole_at(double y, int s)
{
        double m = nearbyint(y * p10[s]);

        return m <= KEY_MAX_M && same(m / p10[s], y) ? m : -1;
}

/* The narrow layout (32 bits): m from bit cbits + 2 up, cluster, event,
 * arm; it holds m < 2^(30 - cbits). */
static int narrow_fits(uint64_t m, int cbits)
{
        return m < ((uint64_t)1 << (30 - cbits));
}

static uint64_t wide_of(uint32_t v, int cbits)
{
        return (uint64_t)(v >> (cbits + 2)) << 32 |
               (uint64_t)(v & ((((uint32_t)1 << cbits) - 1) << 2 | 3));
}

/* Turn the narrow keys into wide ones, in place from the end. */
static int widen(struct outcome_rows *rows, struct fk_error *err)
{
        size_t cap = rows->kcap ? rows->kcap : 1;
        uint64_t *k = realloc(rows->key32, cap * sizeof *k);

        if (!k)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = rows->nkey; i-- > 0;)
                k[i] = wide_of(((uint32_t *)(void *)k)[i], rows->cbits);
        rows->key = k;
        rows->key32 = NULL;
        return FK_OK;
}

/* Room for the cluster number cl and the time m in the narrow keys:
 * more cluster bits, or the wide keys. */
static int make_room(struct outcome_rows *rows, uint64_t m, size_t cl,
                     struct fk_error *err)
{
        int cb = rows->cbits;

        if (rows->key)
                return FK_OK;
        while (cb < 30 && ((size_t)1 << cb) <= cl)
                cb++;
        if (m < rows->mmax)
                m = rows->mmax;
        if (!narrow_fits(m, cb))
                return widen(rows, err);
        if (cb > rows->cbits) {
                uint32_t low = (((uint32_t)1 << rows->cbits) - 1) << 2 | 3;

                for (size_t i = 0; i < rows->nkey; i++) {
                        uint32_t v = rows->key32[i];

                        rows->key32[i] = (v >> (rows->cbits + 2)) << (cb + 2) |
                                         (v & low);
                }
                rows->cbits = cb;
        }
        return FK_OK;
}

/* Multiply every key's time by 10^k; 0 when one would not fit. */
static int rescale(struct outcome_rows *rows, int k, struct fk_error *err)
{
        uint64_t f = 1;

        for (int i = 0; i < k; i++)
                f *= 10;
        if (!rows->key && !narrow_fits(rows->mmax * f, rows->cbits) &&
            widen(rows, err))
                return -1;
        if (!rows->key) {
                uint32_t low = (((uint32_t)1 << rows->cbits) - 1) << 2 | 3;
                int sh = rows->cbits + 2;

                for (size_t i = 0; i < rows->nkey; i++) {
                        uint32_t v = rows->key32[i];

                        rows->key32[i] = (uint32_t)((v >> sh) * f) << sh |
                                         (v & low);
                }
                rows->mmax *= f;
                return 1;
        }
        for (size_t i = 0; i < rows->nkey; i++)
                if ((rows->key[i] >> 32) > 0xffffffffu / f)
                        return 0;
        for (size_t i = 0; i < rows->nkey; i++)
                rows->key[i] = ((rows->key[i] >> 32) * f) << 32 |
                               (rows->key[i] & 0xffffffffu);
        rows->mmax *= f;
        return 1;
}

int survkeys_reserve(struct outcome_rows *rows, size_t cap,
                     struct fk_error *err)
{
        void *k;

        if (cap <= rows->kcap)
                return FK_OK;
        if (rows->key) {
                if (!(k = realloc(rows->key, cap * sizeof *rows->key)))
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                rows->key = k;
        } else {
                if (!(k = realloc(rows->key32, cap * sizeof *rows->key32)))
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                rows->key32 = k;
        }
        rows->kcap = cap;
        return FK_OK;
}

int survkeys_push(struct outcome_rows *rows, double y, double e, double w,
                  int arm, size_t cl, struct fk_error *err)
{
        double m;
        int s, rc;
        uint64_t low;

        if (rows->keyfail)
                return FK_OK;
        if (!same(w, 1) || !isfinite(y) || signbit(y) || cl >= KEY_MAX_CL ||
            (!same(e, 0) && !same(e, 1))) {
                rows->keyfail = 1;
                return FK_OK;
        }
        if (rows->clustered && cl >= rows->nclarm) {    /* arms seen */
                size_t cap = rows->nclarm ? 2 * rows->nclarm : 64;
                unsigned char *p;

                while (cap <= cl)
                        cap *= 2;
                if (!(p = realloc(rows->clarm, cap)))
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                memset(p + rows->nclarm, 0, cap - rows->nclarm);
                rows->clarm = p;
                rows->nclarm = cap;
        }
        if (rows->clustered &&
            (rows->clarm[cl] |= (unsigned char)(1 << arm)) == 3) {
                /* a cluster in both arms */
                rows->keyfail = 1;
                return FK_OK;
        }
        m = whole_at(y, rows->scale);
        for (s = rows->scale + 1; m < 0 && s <= 9; s++)
                if ((m = whole_at(y, s)) >= 0) {
                        if ((rc = rescale(rows, s - rows->scale, err)) < 0)
                                return err->code;
                        if (!rc) {
                                rows->keyfail = 1;
                                return FK_OK;
                        }
                        rows->scale = s;
                }
        if (m < 0) {
                rows->keyfail = 1;
                return FK_OK;
        }
        if (make_room(rows, (uint64_t)m, cl, err))
                return err->code;
        if (rows->nkey == rows->kcap &&
            survkeys_reserve(rows, rows->kcap ? 2 * rows->kcap : 1024, err))
                return err->code;
        low = (uint64_t)cl << 2 | (uint64_t)(e > 0) << 1 | (uint64_t)arm;
        if (rows->key)
                rows->key[rows->nkey++] = (uint64_t)m << 32 | low;
        else
                rows->key32[rows->nkey++] = (uint32_t)((uint64_t)m <<
                                                       (rows->cbits + 2) |
                                                       low);
        if ((uint64_t)m > rows->mmax)
                rows->mmax = (uint64_t)m;
        rows->n++;
        return FK_OK;
}

/* In-place radix sort, most significant byte first (American flag). */
static void rsort(uint64_t *a, size_t n, int shift)
{
        size_t cnt[256] = { 0 }, next[256], end[256], at = 0;

        if (n < 48) {
                for (size_t i = 1; i < n; i++) {
                        uint64_t v = a[i];
                        size_t j = i;

                        for (; j > 0 && a[j - 1] > v; j--)
                                a[j] = a[j - 1];
                        a[j] = v;
                }
                return;
        }
        for (size_t i = 0; i < n; i++)
                cnt[(a[i] >> shift) & 255]++;
        for (int b = 0; b < 256; b++) {
                next[b] = at;
                at += cnt[b];
                end[b] = at;
        }
        for (int b = 0; b < 256; b++)
                while (next[b] < end[b]) {
                        uint64_t v = a[next[b]];
                        int d = (int)((v >> shift) & 255);

                        while (d != b) {
                                uint64_t t = a[next[d]];

                                a[next[d]++] = v;
                                v = t;
                                d = (int)((v >> shift) & 255);
                        }
                        a[next[b]++] = v;
                }
        if (shift == 0)
                return;
        for (int b = 0; b < 256; b++)
                if (cnt[b] > 1)
                        rsort(a + end[b] - cnt[b], cnt[b], shift - 8);
}

/* The same for the narrow keys. */
static void rsort32(uint32_t *a, size_t n, int shift)
{
        size_t cnt[256] = { 0 }, next[256], end[256], at = 0;

        if (n < 48) {
                for (size_t i = 1; i < n; i++) {
                        uint32_t v = a[i];
                        size_t j = i;

                        for (; j > 0 && a[j - 1] > v; j--)
                                a[j] = a[j - 1];
                        a[j] = v;
                }
                return;
        }
        for (size_t i = 0; i < n; i++)
                cnt[(a[i] >> shift) & 255]++;
        for (int b = 0; b < 256; b++) {
                next[b] = at;
                at += cnt[b];
                end[b] = at;
        }
        for (int b = 0; b < 256; b++)
                while (next[b] < end[b]) {
                        uint32_t v = a[next[b]];
                        int d = (int)((v >> shift) & 255);

                        while (d != b) {
                                uint32_t t = a[next[d]];

                                a[next[d]++] = v;
                                v = t;
                                d = (int)((v >> shift) & 255);
                        }
                        a[next[b]++] = v;
                }
        if (shift == 0)
                return;
        for (int b = 0; b < 256; b++)
                if (cnt[b] > 1)
                        rsort32(a + end[b] - cnt[b], cnt[b], shift - 8);
}

void survkeys_sort(struct outcome_rows *rows)
{
        uint64_t any = 0, all = ~(uint64_t)0;
        int shift = rows->key ? 56 : 24;

        for (size_t i = 0; i < rows->nkey; i++) {
                uint64_t v = rows->key ? rows->key[i] : rows->key32[i];

                any |= v;
                all &= v;
        }
        /* bytes that are the same in every key need no pass */
        while (shift > 0 && !(((any ^ all) >> shift) & 255))
                shift -= 8;
        if (rows->key)
                rsort(rows->key, rows->nkey, shift);
        else if (rows->key32)
                rsort32(rows->key32, rows->nkey, shift);
}

void survkeys_view(const struct outcome_rows *rows,
                   struct fk_coxcluster_keys *d)
{
        *d = (struct fk_coxcluster_keys){ 0 };
        d->key = rows->key;
        d->key32 = rows->key32;
        d->cbits = rows->cbits;
        d->n = rows->nkey;
        d->G = rows->cls.n;
        d->scale = p10[rows->scale];
}

/* The source over the sorted keys: one distinct time a call. */
static int key_next(void *ctx, struct fk_surv_time *out)
{
        struct survkeys_cursor *c = ctx;
        const struct fk_coxcluster_keys *d = &c->d;
        size_t n = d->n, i = c->at;
        uint64_t m, q;

        if (i >= n)
                return 0;
        m = fk_coxcluster_key(d, i) >> 32;
        *out = (struct fk_surv_time){ (double)m / d->scale, { 0, 0 },
                                      { 0, 0 } };
        for (; i < n && (q = fk_coxcluster_key(d, i)) >> 32 == m; i++) {
                if (q & 2)
                        out->d[q & 1]++;
                else
                        out->c[q & 1]++;
        }
        c->at = i;
        return 1;
}

static void key_rewind(void *ctx)
{
        ((struct survkeys_cursor *)ctx)->at = 0;
}

void survkeys_source(const struct outcome_rows *rows,
                     struct survkeys_cursor *c, struct fk_surv_source *src)
{
        survkeys_view(rows, &c->d);
        c->at = 0;
        src->next = key_next;
        src->rewind = key_rewind;
        src->ctx = c;
        src->n[0] = src->n[1] = 0;
        for (size_t i = 0; i < c->d.n; i++)
                src->n[fk_coxcluster_key(&c->d, i) & 1]++;
}
