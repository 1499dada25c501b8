/* Wild cluster bootstrap and randomization loops; see stats/resample.h.
 *
 * With a batched statistic the draws of a block are made first (the
 * weights as indices into the weight values, the assignments as cluster
 * lists), in the order of the random generator a draw-by-draw loop would
 * use, then evaluated FK_LANES at a time by the batched statistic, whose
 * inner loops run across the draws and so vectorise and overlap the
 * additions of several draws, and split among threads when the block is
 * worth it.  Each draw adds 0 or 1 to its thread's count of extreme
 * draws; the counts are whole numbers, so their sum does not depend on
 * the split.  Without one, each draw is evaluated as it is drawn. */
#include "stats/resample.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sf_gamma.h>

#include "fkstat/progress.h"

/* Progress every 4096 iterations of the loops below. */
#define TICK(r, total) do {                                             \
        if (((r) & 4095) == 4095)                                       \
                fk_progress_report((double)(r) + 1, (double)(total));   \
} while (0)

#define BLOCK 4096              /* draws made before they are evaluated */
#define BLOCK_BYTES (1u << 22)  /* at most, for the draws of a block */
#define MAX_THREADS 8
#define PAR_WORK 2e6            /* a block's work from which threads share it */

unsigned fk_resample_threads;
int fk_resample_one_at_a_time;
void (*fk_resample_trace)(int which, size_t draw, double t);

static const double webb[6] = {
        -1.2247448713915890491, -1.0, -0.70710678118654752440,
        0.70710678118654752440, 1.0, 1.2247448713915890491
};
static const double rademacher[2] = { -1.0, 1.0 };

/* One block of draws and how to evaluate it. */
struct block {
        const struct fk_wild_fn *wf;    /* the bootstrap, or */
        const struct fk_ri_fn *rf;      /* randomization */
        size_t G, k;                    /* clusters; RI: the trial arm's */
        const double *vals;             /* wild: the weight values */
        unsigned char *idx;             /* wild: cap x G weight indices */
        size_t *sel;                    /* RI: cap x k clusters */
        size_t n, cap;                  /* draws in the block, room */
        size_t base;                    /* draws in the blocks before */
        int batched;                    /* use the batched statistic */
        double lim;                     /* extreme: |t| >= lim */
        unsigned threads;
        double *scratch[MAX_THREADS];
        double hits[MAX_THREADS];
};

struct part {
        struct block *b;
        unsigned t;
        size_t lo, hi;                  /* draws */
};

static void wild_range(struct block *b, unsigned t, size_t lo, size_t hi)
{
        const struct fk_wild_fn *f = b->wf;
        size_t G = b->G;
        double *v = b->scratch[t], tt[FK_LANES], hits = 0;

        if (!b->batched) {
                for (size_t d = lo; d < hi; d++) {
                        const unsigned char *ix = b->idx + d * G;
                        double t1;

                        for (size_t g = 0; g < G; g++)
                                v[g] = b->vals[ix[g]];
                        t1 = f->one(v, f->ctx);
                        if (fk_resample_trace)
                                fk_resample_trace(0, b->base + d, t1);
                        if (fabs(t1) >= b->lim)
                                hits++;
                }
                b->hits[t] = hits;
                return;
        }
        for (size_t d = lo; d < hi; d += FK_LANES) {
                size_t m = hi - d < FK_LANES ? hi - d : FK_LANES;

                for (size_t l = 0; l < FK_LANES; l++) {
                        const unsigned char *ix = b->idx + (d + l) * G;

                        for (size_t g = 0; g < G; g++)
                                v[g * FK_LANES + l] = l < m ? b->vals[ix[g]]
                                                            : 1.0;
                }
                f->many(v, tt, f->ctx, v + G * FK_LANES);
                for (size_t l = 0; l < m; l++) {
                        if (fk_resample_trace)
                                fk_resample_trace(0, b->base + d + l, tt[l]);
                        if (fabs(tt[l]) >= b->lim)
                                hits++;
                }
        }
        b->hits[t] = hits;
}

static void ri_range(struct block *b, unsigned t, size_t lo, size_t hi)
{
        const struct fk_ri_fn *f = b->rf;
        size_t k = b->k;
        double tt[FK_LANES], hits = 0;

        if (!b->batched) {
                for (size_t d = lo; d < hi; d++) {
                        double t1 = f->one(b->sel + d * k, k, f->ctx);

                        if (fk_resample_trace)
                                fk_resample_trace(1, b->base + d, t1);
                        if (fabs(t1) >= b->lim)
                                hits++;
                }
                b->hits[t] = hits;
                return;
        }
        for (size_t d = lo; d < hi; d += FK_LANES) {
                size_t m = hi - d < FK_LANES ? hi - d : FK_LANES;

                /* the rows past the block's draws are copies of its first */
                f->many(b->sel + d * k, k, tt, f->ctx);
                for (size_t l = 0; l < m; l++) {
                        if (fk_resample_trace)
                                fk_resample_trace(1, b->base + d + l, tt[l]);
                        if (fabs(tt[l]) >= b->lim)
                                hits++;
                }
        }
        b->hits[t] = hits;
}

static void *part_run(void *arg)
{
        struct part *p = arg;

        if (p->b->wf)
                wild_range(p->b, p->t, p->lo, p->hi);
        else
                ri_range(p->b, p->t, p->lo, p->hi);
        return NULL;
}

/* Evaluate the block's draws and empty it; the number of extreme ones. */
static double flush(struct block *b)
{
        pthread_t tid[MAX_THREADS];
        struct part p[MAX_THREADS];
        size_t chunks = (b->n + FK_LANES - 1) / FK_LANES;
        unsigned nt = b->threads, started = 1;
        double hit = 0;

        if (b->n == 0)
                return 0;
        /* pad the last lanes with the first draw */
        for (size_t d = b->n; d < chunks * FK_LANES; d++) {
                if (b->idx)
                        memcpy(b->idx + d * b->G, b->idx, b->G);
                else
                        memcpy(b->sel + d * b->k, b->sel,
                               b->k * sizeof *b->sel);
        }
        if (nt > chunks)
                nt = (unsigned)chunks;
        for (unsigned t = 0; t < nt; t++) {
                size_t lo = chunks * t / nt * FK_LANES;
                size_t hi = chunks * (t + 1) / nt * FK_LANES;

                p[t] = (struct part){ b, t, lo, hi < b->n ? hi : b->n };
        }
        for (unsigned t = 1; t < nt; t++, started++)
                if (pthread_create(&tid[t], NULL, part_run, &p[t]))
                        break;
        part_run(&p[0]);
        for (unsigned t = 1; t < started; t++)
                pthread_join(tid[t], NULL);
        for (unsigned t = started; t < nt; t++)
                part_run(&p[t]);        /* a thread that did not start */
        for (unsigned t = 0; t < nt; t++)
                hit += b->hits[t];
        b->base += b->n;
        b->n = 0;
        return hit;
}

/* The draw just written at row n of the block: into the block, evaluated
 * when it is full; or, one at a time, evaluated now (row n stays 0).  The
 * number of extreme draws evaluated. */
static inline double wild_next(struct block *b)
{
        if (b->batched)
                return ++b->n == b->cap ? flush(b) : 0;
        wild_range(b, 0, 0, 1);
        b->base++;
        return b->hits[0];
}

/* The assignment sel: into the block, or evaluated now; as wild_next. */
static inline double ri_next(struct block *b, const size_t *sel)
{
        double t;

        if (b->batched) {
                memcpy(b->sel + b->n * b->k, sel, b->k * sizeof *sel);
                return ++b->n == b->cap ? flush(b) : 0;
        }
        t = b->rf->one(sel, b->k, b->rf->ctx);
        if (fk_resample_trace)
                fk_resample_trace(1, b->base, t);
        b->base++;
        return fabs(t) >= b->lim;
}

/* Room for the draws (row bytes each) and the threads' scratch (doubles
 * each) of total draws of work each; batched: a batched statistic. */
static int block_init(struct block *b, size_t row, size_t total, double work,
                      int batched, size_t scratch)
{
        unsigned want = 1;
        size_t cap = BLOCK_BYTES / (row ? row : 1);

        cap = cap > BLOCK ? BLOCK : cap < FK_LANES ? FK_LANES : cap;
        cap -= cap % FK_LANES;
        if (total < cap)
                cap = total > 0 ? (total + FK_LANES - 1) / FK_LANES *
                                  FK_LANES : FK_LANES;
        b->n = 0;
        b->threads = 1;
        b->batched = batched && !fk_resample_one_at_a_time;
        b->cap = b->batched ? cap : 1;  /* one at a time: row 0 only */
        /* sysconf reads a file: only when threads may pay (not for the
         * many small calls of fkstat validate) */
        if (b->batched && fk_resample_threads) {
                want = fk_resample_threads;
        } else if (b->batched && work * (double)cap >= PAR_WORK) {
                long cpus = sysconf(_SC_NPROCESSORS_ONLN);

                want = cpus > 1 ? (unsigned)cpus : 1;
        }
        if (want > MAX_THREADS)
                want = MAX_THREADS;
        for (unsigned t = 0; t < want; t++) {
                b->scratch[t] = malloc((scratch ? scratch : 1) *
                                       sizeof(double));
                if (!b->scratch[t])
                        break;
                b->threads = t + 1;
        }
        return b->scratch[0] ? 0 : -1;
}

static void block_release(struct block *b)
{
        for (unsigned t = 0; t < b->threads; t++)
                free(b->scratch[t]);
        free(b->idx);
        free(b->sel);
}

int fk_wild_p(size_t G, size_t reps, gsl_rng *rng, const struct fk_wild_fn *f,
              double *p, size_t *count, const char **weights)
{
        int rad = G >= 12;
        size_t nv = rad ? 2 : 6, g, r, total;
        const double *vals = rad ? rademacher : webb;
        double *v = malloc((G ? G : 1) * sizeof *v);
        unsigned char *cur = calloc(G ? G : 1, 1), *row;
        double t0, hit = 0, all;
        struct block b = { 0 };
        int rc = -1;

        *weights = rad ? "rademacher" : "webb";
        *p = NAN;
        *count = 0;
        if (!v || !cur)
                goto done;
        for (g = 0; g < G; g++)
                v[g] = 1.0;
        t0 = fabs(f->one(v, f->ctx));
        all = pow((double)nv, (double)G);
        total = all <= (double)reps ? (size_t)all : reps;
        if (!isfinite(t0) || G == 0 || total == 0) {
                rc = 0;         /* nothing to compare with */
                goto done;
        }
        b.wf = f;
        b.G = G;
        b.vals = vals;
        b.lim = t0 * FK_TIE_SLACK;
        if (block_init(&b, G, total, f->work, f->many != NULL,
                       f->many ? G * FK_LANES + f->scratch : G) ||
            !(b.idx = malloc(b.cap * G)))
                goto done;
        if (all <= (double)reps) {
                /* the odometer: cur[g] indexes cluster g's weight */
                for (r = 0; r < total; r++) {
                        TICK(r, total);
                        memcpy(b.idx + b.n * G, cur, G);
                        hit += wild_next(&b);
                        for (g = 0; g < G; g++) {
                                if (++cur[g] < nv)
                                        break;
                                cur[g] = 0;
                        }
                }
        } else {
                /* Rademacher signs 32 to a draw of the generator when it
                 * gives 32 random bits (mt19937 does) */
                int bits32 = rad && gsl_rng_min(rng) == 0 &&
                             gsl_rng_max(rng) == 0xffffffffUL;

                for (r = 0; r < total; r++) {
                        TICK(r, total);
                        row = b.idx + b.n * G;
                        if (bits32) {
                                unsigned long bits = 0;

                                for (g = 0; g < G; g++, bits >>= 1) {
                                        if (g % 32 == 0)
                                                bits = gsl_rng_get(rng);
                                        row[g] = (unsigned char)(bits & 1);
                                }
                        } else {
                                for (g = 0; g < G; g++)
                                        row[g] = (unsigned char)
                                                 gsl_rng_uniform_int(rng, nv);
                        }
                        hit += wild_next(&b);
                }
        }
        hit += flush(&b);
        *p = hit / (double)total;
        *count = total;
        rc = 0;
done:
        block_release(&b);
        free(v);
        free(cur);
        return rc;
}

int fk_ri_p(size_t G, size_t k, double obs, size_t reps, gsl_rng *rng,
            const struct fk_ri_fn *f, double *p, double *count, int *exact)
{
        double combos, hit = 0, n = 0;
        size_t *ix = malloc((k + 1) * sizeof *ix);
        size_t *perm = malloc((G + 1) * sizeof *perm);
        size_t j, r, total;
        struct block b = { 0 };
        int rc = -1;

        *p = NAN;
        *count = 0;
        *exact = 0;
        if (!ix || !perm)
                goto done;
        if (k == 0 || k >= G || !isfinite(obs)) {
                rc = 0;
                goto done;
        }
        combos = floor(exp(gsl_sf_lnchoose((unsigned)G, (unsigned)k)) + 0.5);
        total = combos <= FK_RI_EXACT_MAX ? (size_t)combos : reps;
        b.rf = f;
        b.G = G;
        b.k = k;
        b.lim = fabs(obs) * FK_TIE_SLACK;
        if (block_init(&b, k * sizeof *b.sel, total, f->work,
                       f->many != NULL, 1) ||
            !(b.sel = malloc(b.cap * k * sizeof *b.sel)))
                goto done;
        if (combos <= FK_RI_EXACT_MAX) {
                for (j = 0; j < k; j++)
                        ix[j] = j;
                for (;;) {
                        TICK((size_t)n, combos);
                        hit += ri_next(&b, ix);
                        n++;
                        j = k;
                        while (j > 0 && ix[j - 1] == G - k + j - 1)
                                j--;
                        if (j == 0)
                                break;
                        ix[j - 1]++;
                        for (; j < k; j++)
                                ix[j] = ix[j - 1] + 1;
                }
                *exact = 1;
        } else {
                for (j = 0; j < G; j++)
                        perm[j] = j;
                for (r = 0; r < reps; r++) {
                        TICK(r, reps);
                        /* partial Fisher-Yates: the first k are the draw */
                        for (j = 0; j < k; j++) {
                                size_t s = j + gsl_rng_uniform_int(rng, G - j);
                                size_t t = perm[j];

                                perm[j] = perm[s];
                                perm[s] = t;
                        }
                        hit += ri_next(&b, perm);
                        n++;
                }
        }
        hit += flush(&b);
        *count = n;
        *p = n > 0 ? hit / n : NAN;
        rc = 0;
done:
        block_release(&b);
        free(ix);
        free(perm);
        return rc;
}
