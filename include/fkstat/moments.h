/* fkstat — exact sums, means and variances that do not depend on the
 * order in which the values arrive.
 *
 * A reader that counts values in several threads, or keeps a summary of
 * equal values with their counts, must give the same mean and standard
 * deviation as one that reads the values one by one: the sums here are
 * exact (Shewchuk's non-overlapping partials, as Python's math.fsum keeps
 * them; whole numbers below 2^31 in 128-bit integers), so every order and
 * every grouping of the same values gives the same bits.  The mean is
 * the exact sum divided by n with one correction step; the variance is
 * (n·Σx² − (Σx)²) / (n(n−1)) with the numerator exact and rounded once,
 * which also holds on ill-conditioned data (NIST StRD NumAcc4).  Squares
 * are exact only for magnitudes between 2^-500 and 2^500; a value
 * outside that range makes the variance need a second pass over the
 * values (fk_moments_wild, fk_sqdev).
 */
#ifndef FKSTAT_MOMENTS_H
#define FKSTAT_MOMENTS_H

#include <stddef.h>
#include <stdint.h>

/* An exact sum of doubles: partials of increasing magnitude that do not
 * overlap, in the structure while there are at most FK_XSUM_INLINE of
 * them (so it may be copied and moved), else on the heap.  Zero-
 * initialise; release with fk_xsum_release. */
#define FK_XSUM_INLINE 6
struct fk_xsum {
        double in[FK_XSUM_INLINE];
        double *heap;           /* NULL: the partials are in in */
        size_t n, cap;          /* cap: of heap */
        int nomem;              /* a partial could not be kept */
};

/* Add x (finite) to s exactly. */
void fk_xsum_add(struct fk_xsum *s, double x);

/* Add a·b exactly (a two-product: the product and its rounding error). */
void fk_xsum_add_product(struct fk_xsum *s, double a, double b);

/* Add every partial of b to a. */
void fk_xsum_merge(struct fk_xsum *a, const struct fk_xsum *b);

/* The sum rounded once to the nearest double (ties to even). */
double fk_xsum_round(const struct fk_xsum *s);

/* The partials (*p, the count returned): their exact sum is the sum. */
size_t fk_xsum_parts(const struct fk_xsum *s, const double **p);

void fk_xsum_release(struct fk_xsum *s);

__extension__ typedef __int128 fk_i128;
__extension__ typedef unsigned __int128 fk_u128;

/* An exact sum of doubles in fixed point: every double is a whole
 * multiple of 2^-1074, so the sum is one (signed) integer, kept in
 * 32-bit digits with room for carries (a long accumulator in the manner
 * of Kulisch, and of Neal's small superaccumulator).  Adding is a few
 * integer operations, whatever the values; it can be copied and moved.
 * Zero-initialise. */
#define FK_ACC_LIMBS 68
struct fk_acc {
        int64_t limb[FK_ACC_LIMBS];     /* digit i weighs 2^(32i - 1074) */
        uint32_t adds;          /* additions since the digits were
                                   carried */
        int lo, hi;             /* the digits touched (lo > hi: none) */
};

/* An empty accumulator. */
void fk_acc_init(struct fk_acc *a);

/* Add x (finite) exactly. */
void fk_acc_add(struct fk_acc *a, double x);

/* Add b to a. */
void fk_acc_merge(struct fk_acc *a, const struct fk_acc *b);

/* Add the sum a holds to s (exactly, as partials). */
void fk_acc_to_xsum(const struct fk_acc *a, struct fk_xsum *s);

/* Count, exact Σx and Σx², minimum and maximum of values (each with a
 * whole-number weight).  Initialise with fk_moments_init; release with
 * fk_moments_release; it may be copied and moved. */
struct fk_moments {
        double n;
        double min, max;        /* NaN while n == 0; -0 below +0 */
        struct fk_acc s1, s2;   /* Σx and Σx² of the values not below */
        fk_i128 i1;             /* whole values below 2^31 in size */
        fk_u128 i2;
        int wild;               /* a magnitude outside [2^-500, 2^500] */
};

void fk_moments_init(struct fk_moments *m);
void fk_moments_release(struct fk_moments *m);

/* Add one value x (finite), or c copies of it (c a whole number). */
void fk_moments_add(struct fk_moments *m, double x);
void fk_moments_add_n(struct fk_moments *m, double x, double c);

/* Add everything b holds to a. */
void fk_moments_merge(struct fk_moments *a, const struct fk_moments *b);

/* Add the exact sum of m's values to s. */
void fk_moments_sum(const struct fk_moments *m, struct fk_xsum *s);

/* Nonzero when an allocation for a partial failed (the sums are then
 * not to be trusted: report out of memory). */
int fk_moments_nomem(const struct fk_moments *m);

/* Mean (NaN when n == 0).  Variance with n − 1 and its square root, the
 * standard deviation, from the exact numerator in extended precision
 * (NaN when n < 2).  When fk_moments_wild, they are not to be trusted:
 * the caller makes the second pass (fk_sqdev) instead. */
double fk_moments_mean(const struct fk_moments *m);
double fk_moments_variance(const struct fk_moments *m);
/* The sum of squared deviations from the mean, Σ(x − mean)² (with the
 * counts), as (n·Σx² − (Σx)²) / n from the exact numerator: the same
 * bits in any order (NaN when n == 0). */
double fk_moments_ss(const struct fk_moments *m);
/* The mean, variance, standard deviation and sum of squares at once
 * (each pointer may be NULL), the same bits as the functions above;
 * FK_ENOMEM when a partial of the exact sums could not be kept (the
 * numbers are then not to be trusted), else FK_OK. */
int fk_moments_stats(const struct fk_moments *m, double *mean, double *var,
                     double *sd, double *ss);
double fk_moments_sd(const struct fk_moments *m);
int fk_moments_wild(const struct fk_moments *m);

/* The second pass for wild values: fk_sqdev_init with the mean and the
 * extremes, fk_sqdev_add each value (with its count), then fk_sqdev_sd:
 * the square root of Σ(x − mean)² / (n − 1) from the rounded deviations,
 * scaled by a power of two so that their squares are exact. */
struct fk_sqdev {
        double mean, scale;     /* scale = 2^-k */
        int k;
        struct fk_xsum s;
};

void fk_sqdev_init(struct fk_sqdev *q, const struct fk_moments *m);
void fk_sqdev_add(struct fk_sqdev *q, double x, double c);
double fk_sqdev_sd(struct fk_sqdev *q, double n);

/* Numbers as the summary reader keeps a column of many distinct values
 * (include/fkstat/stream.h): a chunk holds whole numbers m, each the value
 * m / 10^scale (the double nearest to that decimal, as strtod reads it),
 * or doubles — in memory, or (file nonzero, i32 and f64 NULL) written to
 * the open file fd at byte offset off, n 32-bit numbers (FK_CHUNK_I32) or
 * n doubles (FK_CHUNK_F64) in this machine's byte order. */
enum { FK_CHUNK_MEM = 0, FK_CHUNK_I32, FK_CHUNK_F64 };

struct fk_num_chunk {
        const int32_t *i32;     /* NULL: the values are f64 */
        const double *f64;
        size_t n;
        int scale;              /* 0 to 9 */
        int file;               /* FK_CHUNK_MEM, or where the values are: */
        int fd;
        uint64_t off;
};

/* Whether chunk c holds 32-bit whole numbers (in memory or in its file). */
int fk_num_chunk_is_i32(const struct fk_num_chunk *c);

/* Chunk c in memory as *view: c itself, or its values read from its file
 * into *buf (of *cap bytes, grown with realloc; free it when done).
 * FK_OK, FK_ENOMEM, FK_EIO. */
int fk_num_chunk_load(const struct fk_num_chunk *c, struct fk_num_chunk *view,
                      void **buf, size_t *cap);

/* The value of chunk c (in memory) at i. */
double fk_num_chunk_value(const struct fk_num_chunk *c, size_t i);

#endif
