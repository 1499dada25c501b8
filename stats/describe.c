/* Descriptive statistics; see include/fkstat/describe.h and METHODS.md,
 * "describe". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/describe.h"
#include "fkstat/moments.h"

double fk_mean(const double *x, size_t n)
{
        long double s = 0, c = 0, m;

        if (n == 0)
                return NAN;
        for (size_t i = 0; i < n; i++)
                s += x[i];
        m = s / (long double)n;
        /* Second pass: the mean of the residuals corrects the rounding of
         * the first, in extended precision as R's mean.default does. */
        for (size_t i = 0; i < n; i++)
                c += x[i] - m;
        return (double)(m + c / (long double)n);
}

double fk_variance(const double *x, size_t n)
{
        long double m, ss = 0, s = 0;

        if (n < 2)
                return NAN;
        m = fk_mean(x, n);
        for (size_t i = 0; i < n; i++) {
                long double d = x[i] - m;

                ss += d * d;
                s += d;
        }
        /* Corrected two-pass algorithm: subtract the squared residual sum. */
        return (double)((ss - s * s / (long double)n) / (long double)(n - 1));
}

double fk_quantile_sorted(const double *sorted, size_t n, double prob)
{
        double h, lo;
        size_t j;

        if (n == 0)
                return NAN;
        h = (double)(n - 1) * prob;
        lo = floor(h);
        j = (size_t)lo;
        if (j + 1 >= n)
                return sorted[n - 1];
        return sorted[j] + (h - lo) * (sorted[j + 1] - sorted[j]);
}

/* The order with -0 below +0, as unsigned keys. */
static uint64_t key_of(double x)
{
        uint64_t b;

        memcpy(&b, &x, sizeof b);
        return b >> 63 ? ~b : b | UINT64_C(1) << 63;
}

static double of_key(uint64_t k)
{
        uint64_t b = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
        double x;

        memcpy(&x, &b, sizeof x);
        return x;
}

static int cmp_total(const void *a, const void *b)
{
        uint64_t x = key_of(*(const double *)a), y = key_of(*(const double *)b);

        return (x > y) - (x < y);
}

/* Mean and sd from m, with the second pass over x, w and the chunks when
 * the values are too large or small for exact squares. */
static int mean_sd(struct fk_moments *m, const double *x, const double *w,
                   size_t k, const struct fk_num_chunk *c, size_t nc,
                   struct fk_summary *s)
{
        s->mean = fk_moments_mean(m);
        if (!fk_moments_wild(m)) {
                s->sd = fk_moments_sd(m);
                return FK_OK;
        }
        {
                struct fk_sqdev q;
                void *buf = NULL;
                size_t cap = 0;
                int rc = FK_OK;

                fk_sqdev_init(&q, m);
                for (size_t i = 0; i < k; i++)
                        fk_sqdev_add(&q, x[i], w ? w[i] : 1.0);
                for (size_t j = 0; j < nc && !rc; j++) {
                        struct fk_num_chunk v;

                        if ((rc = fk_num_chunk_load(&c[j], &v, &buf, &cap)))
                                break;
                        for (size_t i = 0; i < v.n; i++)
                                fk_sqdev_add(&q, fk_num_chunk_value(&v, i),
                                             1.0);
                }
                free(buf);
                s->sd = fk_sqdev_sd(&q, m->n);
                return rc;
        }
}

int fk_summarise(double *x, size_t n, double missing, struct fk_summary *s)
{
        struct fk_moments m;
        int rc = FK_OK;

        fk_moments_init(&m);
        for (size_t i = 0; i < n; i++)
                fk_moments_add(&m, x[i]);
        if (fk_moments_nomem(&m))
                rc = FK_ENOMEM;
        s->n = (double)n;
        s->missing = missing;
        mean_sd(&m, x, NULL, n, NULL, 0, s);
        fk_moments_release(&m);
        if (n > 1)
                qsort(x, n, sizeof *x, cmp_total);
        s->min = n ? x[0] : NAN;
        s->max = n ? x[n - 1] : NAN;
        s->q1 = fk_quantile_sorted(x, n, 0.25);
        s->median = fk_quantile_sorted(x, n, 0.5);
        s->q3 = fk_quantile_sorted(x, n, 0.75);
        return rc;
}

/* Selection of order statistics among weighted values without moving
 * them.  The wanted ranks share ranges of keys: one range holding every
 * key at first, cut into up to 2^SEL_BITS buckets a pass (about a
 * quarter as many as the values it holds); each rank then goes
 * on in the bucket that holds it (ranks in the same bucket share it),
 * until a range holds one key or few enough values to sort. */
#define SEL_BITS 16
#define SEL_BUCKETS (1u << SEL_BITS)
#define SEL_COLLECT 2048
#define MAX_RANKS 6

struct item {
        uint64_t k;
        double w;
};

struct range {
        uint64_t lo, hi;        /* inclusive */
        double below;           /* weight of the keys below lo */
        double count;           /* weight of the keys in [lo, hi] */
        int shift, collect;
        size_t nb;              /* buckets */
        double *hist;
        struct item *items;
        size_t nitems;
};

struct parts {
        const double *x, *w;
        size_t k;
        const struct fk_num_chunk *c;
        size_t nc;
        /* whole: only 32-bit chunks, all at one scale, whose value m / f
         * grows with m — the ranks are then m's, and a key is m - base */
        int whole;
        double f;
        int64_t base;
};

/* The value of a key. */
static double value_of(const struct parts *p, uint64_t k)
{
        if (p->whole)
                return (double)((int64_t)k + p->base) / p->f;
        return of_key(k);
}

static int cmp_item(const void *a, const void *b)
{
        uint64_t x = ((const struct item *)a)->k;
        uint64_t y = ((const struct item *)b)->k;

        return (x > y) - (x < y);
}

/* Count key (weight w) into the range that holds it (ranges disjoint,
 * nr of them, between lo and hi overall). */
static inline void visit(struct range *r, size_t nr, uint64_t lo, uint64_t hi,
                         uint64_t key, double w)
{
        if (key < lo || key > hi)
                return;
        for (size_t i = 0; i < nr; i++) {
                if (key < r[i].lo || key > r[i].hi)
                        continue;
                if (r[i].collect) {
                        r[i].items[r[i].nitems].k = key;
                        r[i].items[r[i].nitems++].w = w;
                } else {
                        r[i].hist[(key - r[i].lo) >> r[i].shift] += w;
                }
                return;
        }
}

/* The values of chunk c (in memory) counted into the one range r: a
 * tighter loop than visit's. */
static void chunk_hist(const struct parts *p, const struct fk_num_chunk *c,
                       struct range *r)
{
        const uint64_t lo = r->lo, hi = r->hi;
        const int shift = r->shift;
        double *hist = r->hist;

        if (p->whole) {
                for (size_t i = 0; i < c->n; i++) {
                        uint64_t key = (uint64_t)((int64_t)c->i32[i] -
                                                  p->base);

                        if (key >= lo && key <= hi)
                                hist[(key - lo) >> shift] += 1.0;
                }
        } else if (c->i32 && !c->scale) {
                for (size_t i = 0; i < c->n; i++) {
                        uint64_t key = key_of((double)c->i32[i]);

                        if (key >= lo && key <= hi)
                                hist[(key - lo) >> shift] += 1.0;
                }
        } else if (c->i32) {
                double f = 1.0;

                for (int e = 0; e < c->scale; e++)
                        f *= 10.0;
                for (size_t i = 0; i < c->n; i++) {
                        uint64_t key = key_of((double)c->i32[i] / f);

                        if (key >= lo && key <= hi)
                                hist[(key - lo) >> shift] += 1.0;
                }
        } else {
                for (size_t i = 0; i < c->n; i++) {
                        uint64_t key = key_of(c->f64[i]);

                        if (key >= lo && key <= hi)
                                hist[(key - lo) >> shift] += 1.0;
                }
        }
}

/* The values of chunk c (in memory) visited into the ranges r. */
static void chunk_visit(const struct parts *p, const struct fk_num_chunk *c,
                        struct range *r, size_t nr, uint64_t lo, uint64_t hi)
{
        if (p->whole) {
                for (size_t i = 0; i < c->n; i++)
                        visit(r, nr, lo, hi, (uint64_t)((int64_t)c->i32[i] -
                                                        p->base), 1.0);
        } else if (c->i32 && !c->scale) {
                for (size_t i = 0; i < c->n; i++)
                        visit(r, nr, lo, hi, key_of((double)c->i32[i]), 1.0);
        } else if (c->i32) {
                double f = 1.0;

                for (int e = 0; e < c->scale; e++)
                        f *= 10.0;
                for (size_t i = 0; i < c->n; i++)
                        visit(r, nr, lo, hi, key_of((double)c->i32[i] / f),
                              1.0);
        } else {
                for (size_t i = 0; i < c->n; i++)
                        visit(r, nr, lo, hi, key_of(c->f64[i]), 1.0);
        }
}

/* One pass over the values: counted into r's buckets or collected.
 * FK_OK, or FK_ENOMEM / FK_EIO from reading a chunk back from its file. */
static int pass(const struct parts *p, struct range *r, size_t nr)
{
        uint64_t lo = UINT64_MAX, hi = 0;
        int one = nr == 1 && !r[0].collect && r[0].lo <= r[0].hi, rc = FK_OK;
        void *buf = NULL;
        size_t cap = 0;

        for (size_t i = 0; i < nr; i++) {
                lo = r[i].lo < lo ? r[i].lo : lo;
                hi = r[i].hi > hi ? r[i].hi : hi;
        }
        for (size_t i = 0; i < p->k; i++)
                visit(r, nr, lo, hi, key_of(p->x[i]), p->w[i]);
        for (size_t j = 0; j < p->nc && !rc; j++) {
                struct fk_num_chunk v;

                if ((rc = fk_num_chunk_load(&p->c[j], &v, &buf, &cap)))
                        break;
                if (one)
                        chunk_hist(p, &v, &r[0]);
                else
                        chunk_visit(p, &v, r, nr, lo, hi);
        }
        free(buf);
        return rc;
}

static void range_free(struct range *r)
{
        free(r->hist);
        free(r->items);
        r->hist = NULL;
        r->items = NULL;
}

/* The values of ranks want[0..nq) (0-based, ascending) of the keys
 * between kmin and kmax, total weight n, into value[]. */
static int select_ranks(const struct parts *p, const double *want, size_t nq,
                        uint64_t kmin, uint64_t kmax, double n, double *value)
{
        struct range r[MAX_RANKS];
        size_t nr = 0, of[MAX_RANKS];   /* of[q]: the range of rank q */
        int done[MAX_RANKS] = { 0 }, rc = FK_OK;

        memset(r, 0, sizeof r);
        if (nq) {
                r[0] = (struct range){ kmin, kmax, 0, n, 0, 0, 0, NULL, NULL,
                                       0 };
                nr = 1;
        }
        for (size_t q = 0; q < nq; q++)
                of[q] = 0;
        while (!rc) {
                size_t active = 0;

                /* ranges of one key answer at once */
                for (size_t q = 0; q < nq; q++)
                        if (!done[q] && r[of[q]].lo == r[of[q]].hi) {
                                value[q] = value_of(p, r[of[q]].lo);
                                done[q] = 1;
                        }
                for (size_t i = 0; i < nr; i++) {
                        uint64_t width = r[i].hi - r[i].lo;
                        int bits = 0, used = 0;

                        for (size_t q = 0; q < nq; q++)
                                used |= !done[q] && of[q] == i;
                        if (!used) {
                                r[i].lo = 1;    /* empty: nothing visits */
                                r[i].hi = 0;
                                continue;
                        }
                        active++;
                        r[i].collect = r[i].count <= SEL_COLLECT;
                        if (r[i].collect) {
                                r[i].items = malloc((size_t)r[i].count *
                                                    sizeof *r[i].items + 1);
                                if (!r[i].items)
                                        rc = FK_ENOMEM;
                                r[i].nitems = 0;
                                continue;
                        }
                        r[i].nb = 256;
                        while (r[i].nb < SEL_BUCKETS &&
                               4.0 * (double)r[i].nb < r[i].count)
                                r[i].nb *= 2;
                        while (bits < 64 && (width >> bits) >= r[i].nb)
                                bits++;
                        r[i].shift = bits;
                        if (!r[i].hist &&
                            !(r[i].hist = malloc(SEL_BUCKETS *
                                                 sizeof *r[i].hist)))
                                rc = FK_ENOMEM;
                        else
                                memset(r[i].hist, 0,
                                       r[i].nb * sizeof *r[i].hist);
                }
                if (!active || rc)
                        break;
                if ((rc = pass(p, r, nr)))
                        break;
                {
                        /* each rank's answer, or its bucket: the new
                         * ranges (ranks in one bucket share it) */
                        struct range nx[MAX_RANKS];
                        size_t nn = 0, nof[MAX_RANKS];

                        memset(nx, 0, sizeof nx);
                        for (size_t q = 0; q < nq; q++) {
                                struct range *g = &r[of[q]];
                                double acc = g->below;

                                nof[q] = 0;
                                if (done[q])
                                        continue;
                                if (g->collect) {
                                        if (!g->shift) {
                                                qsort(g->items, g->nitems,
                                                      sizeof *g->items,
                                                      cmp_item);
                                                g->shift = -1;  /* sorted */
                                        }
                                        for (size_t j = 0; j < g->nitems;
                                             j++) {
                                                acc += g->items[j].w;
                                                if (acc > want[q]) {
                                                        value[q] = value_of(
                                                            p, g->items[j].k);
                                                        break;
                                                }
                                        }
                                        done[q] = 1;
                                        continue;
                                }
                                for (size_t b = 0; b < g->nb; b++) {
                                        if (acc + g->hist[b] > want[q]) {
                                                uint64_t lo = g->lo +
                                                    ((uint64_t)b << g->shift);
                                                uint64_t top = g->shift ?
                                                    ((uint64_t)1 << g->shift) - 1
                                                    : 0;
                                                uint64_t hi = g->hi - lo > top
                                                              ? lo + top : g->hi;
                                                size_t k;

                                                for (k = 0; k < nn &&
                                                     nx[k].lo != lo; k++)
                                                        ;
                                                if (k == nn)
                                                        nx[nn++] = (struct range){
                                                                lo, hi, acc,
                                                                g->hist[b], 0,
                                                                0, 0, NULL,
                                                                NULL, 0 };
                                                nof[q] = k;
                                                break;
                                        }
                                        acc += g->hist[b];
                                }
                        }
                        for (size_t i = 0; i < nr; i++)
                                range_free(&r[i]);
                        memcpy(r, nx, sizeof r);
                        nr = nn;
                        memcpy(of, nof, sizeof of);
                }
        }
        for (size_t i = 0; i < nr; i++)
                range_free(&r[i]);
        return rc;
}

int fk_summarise_parts(const double *x, const double *w, size_t k,
                       const struct fk_num_chunk *c, size_t nc,
                       const struct fk_moments *cm, double missing,
                       struct fk_summary *s)
{
        static const double probs[3] = { 0.25, 0.5, 0.75 };
        struct parts p = { x, w, k, c, nc, 0, 1.0, 0 };
        uint64_t kmin, kmax;
        struct fk_moments m;
        double want[MAX_RANKS], value[MAX_RANKS];
        double *out[3] = { &s->q1, &s->median, &s->q3 };
        double h[3], lo[3];
        size_t nq = 0, at[3][2];
        int rc = FK_OK;

        fk_moments_init(&m);
        for (size_t i = 0; i < k; i++)
                fk_moments_add_n(&m, x[i], w[i]);
        if (cm) {
                fk_moments_merge(&m, cm);
        } else {
                void *buf = NULL;
                size_t cap = 0;

                for (size_t j = 0; j < nc && !rc; j++) {
                        struct fk_num_chunk v;

                        if ((rc = fk_num_chunk_load(&c[j], &v, &buf, &cap)))
                                break;
                        for (size_t i = 0; i < v.n; i++)
                                fk_moments_add(&m, fk_num_chunk_value(&v, i));
                }
                free(buf);
        }
        if (!rc && fk_moments_nomem(&m))
                rc = FK_ENOMEM;
        s->n = m.n;
        s->missing = missing;
        if (!rc)
                rc = mean_sd(&m, x, w, k, c, nc, s);
        s->min = m.min;
        s->max = m.max;
        /* the ranks the quartiles need, as fk_quantile_sorted reads them,
         * in ascending order */
        for (int i = 0; i < 3 && m.n > 0; i++) {
                h[i] = (m.n - 1) * probs[i];
                lo[i] = floor(h[i]);
                for (int e = 0; e < 2 && lo[i] + 1 < m.n; e++) {
                        double r = lo[i] + e;
                        size_t j = 0;

                        while (j < nq && want[j] < r)
                                j++;
                        if (j == nq)
                                want[nq++] = r;
                        at[i][e] = j;
                }
        }
        kmin = key_of(m.min);
        kmax = key_of(m.max);
        p.whole = !k && nc > 0 && m.n > 0;
        for (size_t j = 0; j < nc && p.whole; j++)
                p.whole = fk_num_chunk_is_i32(&c[j]) &&
                          c[j].scale == c[0].scale &&
                          c[j].scale <= 9;
        if (p.whole) {
                /* m / f lies within rounding of the value: m is within
                 * one of value · f */
                double mlo, mhi;

                for (int e = 0; e < c[0].scale; e++)
                        p.f *= 10.0;
                mlo = floor(m.min * p.f) - 1.0;
                mhi = ceil(m.max * p.f) + 1.0;
                p.base = mlo < (double)INT32_MIN ? INT32_MIN : (int64_t)mlo;
                kmin = 0;
                kmax = (uint64_t)((mhi > (double)INT32_MAX ? INT32_MAX :
                                   (int64_t)mhi) - p.base);
        }
        if (!rc)
                rc = select_ranks(&p, want, nq, kmin, kmax, m.n, value);
        for (int i = 0; i < 3; i++) {
                if (!(m.n > 0))
                        *out[i] = NAN;
                else if (lo[i] + 1 >= m.n)
                        *out[i] = m.max;
                else
                        *out[i] = value[at[i][0]] + (h[i] - lo[i]) *
                                  (value[at[i][1]] - value[at[i][0]]);
        }
        fk_moments_release(&m);
        return rc;
}
