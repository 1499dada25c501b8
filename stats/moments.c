/* Exact sums, means and variances; see include/fkstat/moments.h and
 * METHODS.md, "describe".  The partials are Shewchuk's (1997) and the
 * rounding of their sum is that of Python's math.fsum. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fkstat/error.h"

#include "fkstat/moments.h"

/* Magnitudes whose squares (and the rounding errors of the squares) are
 * exact doubles. */
#define TAME_HI 0x1p500
#define TAME_LO 0x1p-500

/* x == y without -Wfloat-equal's complaint (neither is NaN here) */
static int same(double x, double y)
{
        return !(x < y) && !(x > y);
}

static double *parts(struct fk_xsum *s)
{
        return s->heap ? s->heap : s->in;
}

static const double *cparts(const struct fk_xsum *s)
{
        return s->heap ? s->heap : s->in;
}

static int grow(struct fk_xsum *s)
{
        size_t cap = s->heap ? 2 * s->cap : 4 * FK_XSUM_INLINE;
        double *p;

        if (!s->heap) {
                if (!(p = malloc(cap * sizeof *p)))
                        return -1;
                memcpy(p, s->in, s->n * sizeof *p);
        } else if (!(p = realloc(s->heap, cap * sizeof *p))) {
                return -1;
        }
        s->heap = p;
        s->cap = cap;
        return 0;
}

void fk_xsum_add(struct fk_xsum *s, double x)
{
        double *p = parts(s);
        size_t i = 0, cap = s->heap ? s->cap : FK_XSUM_INLINE;

        for (size_t j = 0; j < s->n; j++) {
                double y = p[j], hi, lo;

                if (fabs(x) < fabs(y)) {
                        double t = x;

                        x = y;
                        y = t;
                }
                hi = x + y;
                lo = y - (hi - x);
                if (!same(lo, 0.0))
                        p[i++] = lo;
                x = hi;
        }
        if (i == cap) {
                if (grow(s)) {
                        s->nomem = 1;
                        s->n = i;
                        return;
                }
                p = parts(s);
        }
        p[i++] = x;
        s->n = i;
}

void fk_xsum_add_product(struct fk_xsum *s, double a, double b)
{
        double p = a * b;

        fk_xsum_add(s, p);
        fk_xsum_add(s, fma(a, b, -p));
}

void fk_xsum_merge(struct fk_xsum *a, const struct fk_xsum *b)
{
        const double *p = cparts(b);

        for (size_t i = 0; i < b->n; i++)
                fk_xsum_add(a, p[i]);
        a->nomem |= b->nomem;
}

double fk_xsum_round(const struct fk_xsum *s)
{
        const double *p = cparts(s);
        size_t n = s->n;
        double hi = 0.0, lo = 0.0;

        if (!n)
                return 0.0;
        hi = p[--n];
        while (n > 0) {
                double x = hi, y = p[--n], yr;

                hi = x + y;
                yr = hi - x;
                lo = y - yr;
                if (!same(lo, 0.0))
                        break;
        }
        /* a tie between two doubles: the partials below decide */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) ||
                      (lo > 0.0 && p[n - 1] > 0.0))) {
                double y = lo * 2.0, x = hi + y, yr = x - hi;

                if (same(y, yr))
                        hi = x;
        }
        return hi;
}

size_t fk_xsum_parts(const struct fk_xsum *s, const double **p)
{
        *p = cparts(s);
        return s->n;
}

void fk_xsum_release(struct fk_xsum *s)
{
        free(s->heap);
        memset(s, 0, sizeof *s);
}

#define ACC_CARRY (1u << 30)  /* additions between carries: the digits
                                   stay below 2^62 in size */

void fk_acc_init(struct fk_acc *a)
{
        memset(a, 0, sizeof *a);
        a->lo = FK_ACC_LIMBS;
        a->hi = -1;
}

/* Carry every digit above the lowest into the next, so that each is in
 * [0, 2^32) but the top one, which keeps the sign. */
static void acc_carry(struct fk_acc *a)
{
        if (a->lo > a->hi)
                return;
        for (int i = a->lo; i < FK_ACC_LIMBS - 1; i++) {
                int64_t c = a->limb[i] >> 32;   /* floor: the compilers we
                                                   build with shift signed
                                                   values arithmetically */

                a->limb[i] -= c * 4294967296;
                a->limb[i + 1] += c;
                if (c && i + 1 > a->hi)
                        a->hi = i + 1;
        }
        a->adds = 1;
}

static inline void acc_add(struct fk_acc *a, double x)
{
        uint64_t b, mant;
        int exp, p, i, r;
        fk_u128 v;
        int64_t d0, d1, d2;

        memcpy(&b, &x, sizeof b);
        exp = (int)(b >> 52 & 0x7ff);
        mant = b & ((UINT64_C(1) << 52) - 1);
        if (!exp && !mant)
                return;
        if (exp)
                mant |= UINT64_C(1) << 52;
        else
                exp = 1;
        p = exp - 1;            /* the weight of mant's last bit: 2^(p-1074) */
        i = p >> 5;
        r = p & 31;
        v = (fk_u128)mant << r;
        d0 = (int64_t)(uint32_t)v;
        d1 = (int64_t)(uint32_t)(v >> 32);
        d2 = (int64_t)(uint32_t)(v >> 64);
        if (b >> 63) {
                a->limb[i] -= d0;
                a->limb[i + 1] -= d1;
                a->limb[i + 2] -= d2;
        } else {
                a->limb[i] += d0;
                a->limb[i + 1] += d1;
                a->limb[i + 2] += d2;
        }
        if (i < a->lo)
                a->lo = i;
        if (i + 2 > a->hi)
                a->hi = i + 2;
        if (++a->adds >= ACC_CARRY)
                acc_carry(a);
}

void fk_acc_add(struct fk_acc *a, double x)
{
        acc_add(a, x);
}

/* Add x² (x finite) to a exactly at once, as the 106-bit square of x's
 * significand: the same sum as adding x·x and its rounding error, when
 * every bit of x² lies within the digits (|x| between 2^-485 and 2^500,
 * the exponent field between 538 and 1523); 0 otherwise (nothing
 * added). */
static inline int acc_add_square(struct fk_acc *a, double x)
{
        uint64_t b, mant, hi;
        int e, p, i, r;
        fk_u128 sq, lo;

        memcpy(&b, &x, sizeof b);
        e = (int)(b >> 52 & 0x7ff);
        if (e < 538 || e > 1523)
                return 0;
        mant = (b & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
        sq = (fk_u128)mant * mant;      /* below 2^106 */
        p = 2 * e - 1076;               /* sq's last bit weighs 2^(p-1074) */
        i = p >> 5;
        r = p & 31;
        lo = sq << r;
        hi = r ? (uint64_t)(sq >> (128 - r)) : 0;
        a->limb[i] += (int64_t)(uint32_t)lo;
        a->limb[i + 1] += (int64_t)(uint32_t)(lo >> 32);
        a->limb[i + 2] += (int64_t)(uint32_t)(lo >> 64);
        a->limb[i + 3] += (int64_t)(uint32_t)(lo >> 96);
        a->limb[i + 4] += (int64_t)(uint32_t)hi;
        if (i < a->lo)
                a->lo = i;
        if (i + 4 > a->hi)
                a->hi = i + 4;
        if (++a->adds >= ACC_CARRY)
                acc_carry(a);
        return 1;
}

void fk_acc_merge(struct fk_acc *a, const struct fk_acc *b)
{
        if (b->lo > b->hi)
                return;
        if (a->adds + b->adds >= ACC_CARRY)
                acc_carry(a);
        for (int i = b->lo; i <= b->hi; i++)
                a->limb[i] += b->limb[i];
        if (b->lo < a->lo)
                a->lo = b->lo;
        if (b->hi > a->hi)
                a->hi = b->hi;
        a->adds += b->adds;
        if (a->adds >= ACC_CARRY)
                acc_carry(a);
}

void fk_acc_to_xsum(const struct fk_acc *a, struct fk_xsum *s)
{
        struct fk_acc c = *a;

        if (c.lo > c.hi)
                return;
        acc_carry(&c);
        /* each digit times its weight is a double exactly */
        for (int i = c.lo; i <= c.hi; i++)
                if (c.limb[i])
                        fk_xsum_add(s, ldexp((double)c.limb[i], 32 * i - 1074));
}

void fk_moments_init(struct fk_moments *m)
{
        memset(m, 0, sizeof *m);
        fk_acc_init(&m->s1);
        fk_acc_init(&m->s2);
        m->min = m->max = NAN;
}

void fk_moments_release(struct fk_moments *m)
{
        fk_moments_init(m);
}

/* a below b in the order with -0 below +0 */
static int below(double a, double b)
{
        return a < b || (same(a, b) && signbit(a) && !signbit(b));
}

static void extremes(struct fk_moments *m, double lo, double hi)
{
        if (isnan(m->min) || below(lo, m->min))
                m->min = lo;
        if (isnan(m->max) || below(m->max, hi))
                m->max = hi;
}

static void tame(struct fk_moments *m, double x)
{
        double a = fabs(x);

        if (a > TAME_HI || (a > 0.0 && a < TAME_LO))
                m->wild = 1;
}

void fk_moments_add(struct fk_moments *m, double x)
{
        double p;

        m->n += 1.0;
        if (!(x > m->min && x < m->max))        /* else neither moves */
                extremes(m, x, x);
        if (fabs(x) < 0x1p31) {
                int64_t v = (int64_t)x;

                if (same((double)v, x)) {       /* a whole number */
                        m->i1 += v;
                        m->i2 += (fk_u128)(v * v);
                        return;
                }
        }
        tame(m, x);
        acc_add(&m->s1, x);
        if (acc_add_square(&m->s2, x))
                return;
        p = x * x;
        acc_add(&m->s2, p);
        acc_add(&m->s2, fma(x, x, -p));
}

static void acc_product(struct fk_acc *a, double x, double y)
{
        double p = x * y;

        fk_acc_add(a, p);
        fk_acc_add(a, fma(x, y, -p));
}

void fk_moments_add_n(struct fk_moments *m, double x, double c)
{
        double p, e;

        if (!(c > 0.0))
                return;
        if (same(c, 1.0)) {
                fk_moments_add(m, x);
                return;
        }
        m->n += c;
        extremes(m, x, x);
        if (same(x, floor(x)) && fabs(x) < 0x1p31 && c < 0x1p53) {
                int64_t v = (int64_t)x;
                uint64_t k = (uint64_t)c;

                m->i1 += (fk_i128)v * (fk_i128)k;
                m->i2 += (fk_u128)(uint64_t)(v * v) * k;
                return;
        }
        tame(m, x);
        acc_product(&m->s1, x, c);
        p = x * x;
        e = fma(x, x, -p);
        acc_product(&m->s2, p, c);
        acc_product(&m->s2, e, c);
}

void fk_moments_merge(struct fk_moments *a, const struct fk_moments *b)
{
        if (!(b->n > 0.0))
                return;
        a->n += b->n;
        extremes(a, b->min, b->max);
        fk_acc_merge(&a->s1, &b->s1);
        fk_acc_merge(&a->s2, &b->s2);
        a->i1 += b->i1;
        a->i2 += b->i2;
        a->wild |= b->wild;
}

int fk_moments_nomem(const struct fk_moments *m)
{
        (void)m;
        return 0;
}

int fk_moments_wild(const struct fk_moments *m)
{
        return m->wild;
}

/* Add the 128-bit integer v (its sign given apart) to s exactly, in
 * pieces of 32 bits. */
static void add_u128(struct fk_xsum *s, fk_u128 v, int neg)
{
        for (int k = 3; k >= 0; k--) {
                double piece = (double)(uint32_t)(v >> (32 * k));

                if (!same(piece, 0.0))
                        fk_xsum_add(s, ldexp(neg ? -piece : piece, 32 * k));
        }
}

/* Σx and Σx² with the whole values folded in. */
static void totals(const struct fk_moments *m, struct fk_xsum *s1,
                   struct fk_xsum *s2)
{
        memset(s1, 0, sizeof *s1);
        memset(s2, 0, sizeof *s2);
        fk_acc_to_xsum(&m->s1, s1);
        fk_acc_to_xsum(&m->s2, s2);
        add_u128(s1, m->i1 < 0 ? (fk_u128)(-m->i1) : (fk_u128)m->i1,
                 m->i1 < 0);
        add_u128(s2, m->i2, 0);
}

void fk_moments_sum(const struct fk_moments *m, struct fk_xsum *s)
{
        fk_acc_to_xsum(&m->s1, s);
        add_u128(s, m->i1 < 0 ? (fk_u128)(-m->i1) : (fk_u128)m->i1,
                 m->i1 < 0);
}

/* The mean; *bad set when a partial could not be kept. */
static double mean_of(const struct fk_moments *m, int *bad)
{
        struct fk_xsum s1, s2;
        double q, r;

        if (!(m->n > 0.0))
                return NAN;
        totals(m, &s1, &s2);
        q = fk_xsum_round(&s1) / m->n;
        /* one correction: the exact remainder S − q·n, divided by n */
        fk_xsum_add_product(&s1, -q, m->n);
        r = fk_xsum_round(&s1);
        *bad |= s1.nomem | s2.nomem;
        fk_xsum_release(&s1);
        fk_xsum_release(&s2);
        return q + r / m->n;
}

double fk_moments_mean(const struct fk_moments *m)
{
        int bad = 0;

        return mean_of(m, &bad);
}

/* The sum of s to 64 bits: its nearest double and the nearest double to
 * the rest, added in extended precision. */
static long double round_ld(struct fk_xsum *s)
{
        double hi = fk_xsum_round(s), lo;

        fk_xsum_add(s, -hi);
        lo = fk_xsum_round(s);
        return (long double)hi + (long double)lo;
}

/* n·Σx² − (Σx)², exact and rounded once to 64 bits; *bad set when a
 * partial could not be kept. */
static long double numerator_ld(const struct fk_moments *m, int *bad)
{
        struct fk_xsum s1, s2, e;
        long double v;

        totals(m, &s1, &s2);
        memset(&e, 0, sizeof e);
        for (size_t i = 0; i < s2.n; i++)
                fk_xsum_add_product(&e, cparts(&s2)[i], m->n);
        for (size_t i = 0; i < s1.n; i++)
                for (size_t j = 0; j < s1.n; j++)
                        fk_xsum_add_product(&e, -cparts(&s1)[i],
                                            cparts(&s1)[j]);
        v = round_ld(&e);
        *bad |= s1.nomem | s2.nomem | e.nomem;
        fk_xsum_release(&s1);
        fk_xsum_release(&s2);
        fk_xsum_release(&e);
        return v;
}

/* The variance in extended precision: the exact numerator to 64 bits,
 * one division; so its square root rounds to the double nearest the
 * true standard deviation but in the rarest ties. */
static long double variance_ld(const struct fk_moments *m, int *bad)
{
        return numerator_ld(m, bad) /
               ((long double)m->n * ((long double)m->n - 1.0L));
}

double fk_moments_ss(const struct fk_moments *m)
{
        long double v;
        int bad = 0;

        if (!(m->n > 0.0))
                return NAN;
        v = numerator_ld(m, &bad) / (long double)m->n;
        return (double)(v > 0 ? v : 0.0L);
}

int fk_moments_stats(const struct fk_moments *m, double *mean, double *var,
                     double *sd, double *ss)
{
        int bad = 0;
        long double v = NAN;

        if (mean)
                *mean = mean_of(m, &bad);
        if (m->n > 0.0 && (var || sd || ss))
                v = numerator_ld(m, &bad);
        if (var)
                *var = m->n >= 2.0 ? (double)(v / ((long double)m->n *
                                     ((long double)m->n - 1.0L))) : NAN;
        if (sd) {
                long double q = v / ((long double)m->n *
                                     ((long double)m->n - 1.0L));

                *sd = m->n >= 2.0 ? (double)sqrtl(q > 0 ? q : 0.0L) : NAN;
        }
        if (ss) {
                long double q = v / (long double)m->n;

                *ss = m->n > 0.0 ? (double)(q > 0 ? q : 0.0L) : NAN;
        }
        return bad ? FK_ENOMEM : FK_OK;
}

double fk_moments_variance(const struct fk_moments *m)
{
        int bad = 0;

        if (!(m->n >= 2.0))
                return NAN;
        return (double)variance_ld(m, &bad);
}

double fk_moments_sd(const struct fk_moments *m)
{
        long double v;

        int bad = 0;

        if (!(m->n >= 2.0))
                return NAN;
        v = variance_ld(m, &bad);
        return (double)sqrtl(v > 0 ? v : 0.0L);
}

void fk_sqdev_init(struct fk_sqdev *q, const struct fk_moments *m)
{
        double d;

        memset(q, 0, sizeof *q);
        q->mean = fk_moments_mean(m);
        d = fmax(fabs(m->min - q->mean), fabs(m->max - q->mean));
        if (d > 0.0 && isfinite(d))
                frexp(d, &q->k);
        q->scale = ldexp(1.0, -q->k);
}

void fk_sqdev_add(struct fk_sqdev *q, double x, double c)
{
        double d = (x - q->mean) * q->scale, p = d * d;

        fk_xsum_add_product(&q->s, p, c);
        fk_xsum_add_product(&q->s, fma(d, d, -p), c);
}

double fk_sqdev_sd(struct fk_sqdev *q, double n)
{
        long double v = round_ld(&q->s);

        fk_xsum_release(&q->s);
        if (!(n >= 2.0))
                return NAN;
        v /= (long double)(n - 1.0);
        return ldexp((double)sqrtl(v > 0 ? v : 0.0L), q->k);
}

static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                1e9 };

int fk_num_chunk_is_i32(const struct fk_num_chunk *c)
{
        return c->file ? c->file == FK_CHUNK_I32 : c->i32 != NULL;
}

int fk_num_chunk_load(const struct fk_num_chunk *c, struct fk_num_chunk *view,
                      void **buf, size_t *cap)
{
        size_t need = c->n * (c->file == FK_CHUNK_I32 ? sizeof(int32_t)
                                                     : sizeof(double));
        size_t got = 0;

        *view = *c;
        if (!c->file)
                return FK_OK;
        if (need > *cap) {
                void *p = realloc(*buf, need);

                if (!p)
                        return FK_ENOMEM;
                *buf = p;
                *cap = need;
        }
        while (got < need) {
                ssize_t k = pread(c->fd, (char *)*buf + got, need - got,
                                  (off_t)(c->off + got));

                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return FK_EIO;
                got += (size_t)k;
        }
        view->file = FK_CHUNK_MEM;
        view->i32 = c->file == FK_CHUNK_I32 ? *buf : NULL;
        view->f64 = c->file == FK_CHUNK_I32 ? NULL : *buf;
        return FK_OK;
}

double fk_num_chunk_value(const struct fk_num_chunk *c, size_t i)
{
        return c->i32 ? (double)c->i32[i] / pow10[c->scale] : c->f64[i];
}
