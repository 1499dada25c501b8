/* Randomization inference on the log hazard ratio of a Cox model when
 * whole clusters are assigned to the arms; see include/fkstat/coxcluster.h
 * and METHODS.md, "Clustered time to job".
 *
 * The test needs, for each reassignment, only whether |beta*| >= c with
 * c = |beta|(1 - 1e-12), not beta* itself: the log partial likelihood is
 * concave in beta, so its score U is decreasing, and beta* >= c exactly
 * when U(c) >= 0, beta* <= -c exactly when U(-c) <= 0.  That is the
 * refit's answer from two evaluations of the score, each O(K) for K
 * event times after an O(K + people's entries) table; no Newton
 * iterations, no convergence tolerance to decide a near tie.  A monotone
 * likelihood (an arm without events) is |beta*| = inf, which counts.  The
 * observed assignment counts by definition (its beta* is beta). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "fkstat/coxcluster.h"
#include "fkstat/progress.h"
#include "stats/coxfit.h"

#define RI_EXACT_MAX 1e6
#define TIE_SLACK (1.0 - 1e-12)
/* Assignments are evaluated in batches on up to RI_THREADS threads when
 * one costs enough (K + entries above RI_PAR_WORK): each is an integer
 * yes or no, so the count, and the p-value, is the same on any number of
 * threads. */
#define RI_THREADS 8
#define RI_PAR_WORK 20000
#define RI_BATCH 64

struct ri {
        const struct fk_cox_clusters *c;
        enum fk_ties ties;
        double bound;           /* |beta| (1 - 1e-12); inf when infinite */
        size_t GT;
        unsigned char *trial;
        double *scratch;
        struct fk_cox_evtime *et;       /* the observed table */
        const struct fk_coxcluster_keys *k;     /* keyed data, or NULL */
        const int *arm;                 /* per cluster: 0 trial */
        size_t G;
};

/* Efron's sum over the d tied events of one time, in closed form:
 * (A - fB)/(C - fE) with f = j/d is B/E + ea (n1 d0 - d1 n0)/E / (C - fE),
 * and sum_j 1/(x - j) = psi(x + 1) - psi(x - d + 1), x = C d / E, so the
 * score term costs two digamma calls instead of d divisions.  It is good
 * to ~1e-12 relative; extreme() redoes a score near 0 with the exact sum,
 * so no decision rests on the closed form's rounding. */
/* psi(a) - psi(b) for a > b >= 1: the recurrence psi(y) = psi(y + 1) - 1/y
 * up to 10, then the asymptotic series (error below 1e-16 there), with the
 * logarithms as one log1p so that close arguments do not cancel. */
static double psi_diff(double a, double b)
{
        double acc = 0, ia, ib, ia2, ib2;

        while (a < 10) {
                acc -= 1 / a;
                a += 1;
        }
        while (b < 10) {
                acc += 1 / b;
                b += 1;
        }
        ia = 1 / a;
        ib = 1 / b;
        ia2 = ia * ia;
        ib2 = ib * ib;
        return acc + log1p((a - b) / b) - 0.5 * (ia - ib) -
               (ia2 * (1.0 / 12 - ia2 * (1.0 / 120 - ia2 / 252)) -
                ib2 * (1.0 / 12 - ib2 * (1.0 / 120 - ib2 / 252)));
}

static double efron_sum(const struct fk_cox_evtime *e, double ea)
{
        double d = e->d1 + e->d0, E = e->d1 * ea + e->d0;
        double C = e->n1 * ea + e->n0, x = C * d / E;

        return d * e->d1 * ea / E +
               ea * (e->n1 * e->d0 - e->d1 * e->n0) / E * (d / E) *
               psi_diff(x + 1, x - d + 1);
}

/* The score pair of fk_cox_score_pair, Efron by efron_sum when there are
 * many ties; *scale collects the size of the terms. */
static void score_pair_fast(const struct fk_cox_evtime *e, double ea,
                            double eb, enum fk_ties ties, double *ua,
                            double *ub, double *scale)
{
        double d = e->d1 + e->d0;

        if (ties == FK_TIES_BRESLOW || !(d > 8)) {
                fk_cox_score_pair(e, ea, eb, ties, ua, ub);
                *scale += d;
                return;
        }
        *ua += e->d1 - efron_sum(e, ea);
        *ub += e->d1 - efron_sum(e, eb);
        *scale += d;
}

/* Whether the assignment in s->trial has |beta*| >= bound: one pass over
 * the event times builds the table (as fk_cox_clusters_table), checks for
 * a monotone likelihood (as fk_cox_monotone) and sums the score at
 * +-bound. */
/* One pass over the keys from the last backwards, as extreme() below
 * goes over the event times: at each, the trial people at risk (run),
 * all at risk and the events, then the score pair at +-bound (the exact
 * sums when exact).  Returns 1 when the likelihood is monotone. */
static int keys_pass(const struct ri *s, const unsigned char *trial,
                     int exact, double *up, double *um, double *scale)
{
        const struct fk_coxcluster_keys *d = s->k;
        double run = 0, all = 0, pend = 0, pendt = 0;
        double ebp = exp(s->bound), ebm = exp(-s->bound);
        int plus = 1, minus = 1;

        for (size_t i = d->n, j; i > 0; i = j) {
                uint64_t m = FK_KEY_M(fk_coxcluster_key(d, i - 1)), q;
                size_t nD = 0, nd1 = 0, ntr = 0;
                double D, d1;

                /* whole counts, exact in either type */
                for (j = i; j > 0 &&
                            FK_KEY_M(q = fk_coxcluster_key(d, j - 1)) == m;
                     j--) {
                        size_t t = trial[FK_KEY_CL(q)], ev = (q >> 1) & 1;

                        ntr += t;
                        nD += ev;
                        nd1 += t & ev;
                }
                D = (double)nD;
                d1 = (double)nd1;
                pend += (double)(i - j);
                pendt += (double)ntr;
                if (D > 0) {
                        struct fk_cox_evtime e;

                        all += pend;
                        run += pendt;
                        pend = pendt = 0;
                        e = (struct fk_cox_evtime){ run, all - run, d1,
                                                    D - d1 };
                        if (e.d0 > 0 && e.n1 > 0)
                                plus = 0;
                        if (e.d1 > 0 && e.n0 > 0)
                                minus = 0;
                        if (isinf(s->bound))
                                continue;
                        if (exact)
                                fk_cox_score_pair(&e, ebp, ebm, s->ties, up,
                                                  um);
                        else
                                score_pair_fast(&e, ebp, ebm, s->ties, up, um,
                                                scale);
                }
        }
        return plus || minus;
}

static int extreme_keys(const struct ri *s, const unsigned char *trial)
{
        double up = 0, um = 0, scale = 0;
        size_t same = 0;

        for (size_t g = 0; g < s->G; g++)
                same += trial[g] && s->arm[g] == 0;
        if (same == s->GT)
                return 1;
        if (keys_pass(s, trial, 0, &up, &um, &scale))
                return 1;
        if (!isinf(s->bound) && (fabs(up) < 1e-8 * scale ||
                                 fabs(um) < 1e-8 * scale)) {
                up = um = 0;
                keys_pass(s, trial, 1, &up, &um, &scale);
        }
        return !isinf(s->bound) && (!(up < 0) || !(um > 0));
}

static int extreme(const struct ri *s, const unsigned char *trial,
                   double *scratch)
{
        const struct fk_cox_clusters *c = s->c;

        if (s->k)
                return extreme_keys(s, trial);
        double *re = scratch, run = 0;
        double ebp = exp(s->bound), ebm = exp(-s->bound), up = 0, um = 0;
        double scale = 0;
        size_t same = 0;
        int plus = 1, minus = 1;

        for (size_t g = 0; g < c->G; g++)
                same += trial[g] && c->arm[g] == 0;
        if (same == s->GT)
                return 1;
        /* re[2k], re[2k + 1]: the trial arm's people leaving at k and
         * events at k, side by side (one cache line per entry) */
        memset(re, 0, 2 * c->K * sizeof *re);
        for (size_t g = 0; g < c->G; g++) {
                if (!trial[g])
                        continue;
                for (size_t j = c->start[g]; j < c->start[g + 1]; j++) {
                        re[2 * c->ent[j].k] += c->ent[j].r;
                        re[2 * c->ent[j].k + 1] += c->ent[j].e;
                }
        }
        for (size_t k = c->K; k-- > 0;) {
                struct fk_cox_evtime e;

                run += re[2 * k];
                e = (struct fk_cox_evtime){ run, c->N[k] - run, re[2 * k + 1],
                                            c->D[k] - re[2 * k + 1] };
                if (e.d0 > 0 && e.n1 > 0)
                        plus = 0;
                if (e.d1 > 0 && e.n0 > 0)
                        minus = 0;
                if (!isinf(s->bound))
                        score_pair_fast(&e, ebp, ebm, s->ties, &up, &um, &scale);
        }
        if (plus || minus)
                return 1;
        if (!isinf(s->bound) && (fabs(up) < 1e-8 * scale ||
                                 fabs(um) < 1e-8 * scale)) {
                /* near the boundary: the exact sums decide */
                up = um = 0;
                run = 0;
                for (size_t k = c->K; k-- > 0;) {
                        struct fk_cox_evtime e;

                        run += re[2 * k];
                        e = (struct fk_cox_evtime){ run, c->N[k] - run,
                                                    re[2 * k + 1],
                                                    c->D[k] - re[2 * k + 1] };
                        fk_cox_score_pair(&e, ebp, ebm, s->ties, &up, &um);
                }
        }
        return !isinf(s->bound) && (!(up < 0) || !(um > 0));
}

/* A batch of assignments waiting to be evaluated: n trial vectors of G
 * bytes each; per thread a scratch of 2K doubles. */
struct batch {
        const struct ri *s;
        unsigned char *trials;
        size_t n, cap;
        unsigned threads;
        double *scratch[RI_THREADS];
        double hits[RI_THREADS];
};

struct part {
        struct batch *b;
        unsigned t;
};

static void *part_run(void *arg)
{
        struct part *p = arg;
        struct batch *b = p->b;
        size_t G = b->s->G;

        for (size_t i = p->t; i < b->n; i += b->threads)
                b->hits[p->t] += extreme(b->s, b->trials + i * G,
                                         b->scratch[p->t]);
        return NULL;
}

/* Evaluate the batch into *hit and empty it. */
static void flush(struct batch *b, double *hit)
{
        pthread_t tid[RI_THREADS];
        struct part p[RI_THREADS];
        unsigned started = 1;

        for (unsigned t = 0; t < b->threads; t++) {
                b->hits[t] = 0;
                p[t] = (struct part){ b, t };
        }
        for (unsigned t = 1; t < b->threads; t++, started++)
                if (pthread_create(&tid[t], NULL, part_run, &p[t]))
                        break;
        part_run(&p[0]);
        for (unsigned t = 1; t < started; t++)
                pthread_join(tid[t], NULL);
        for (unsigned t = started; t < b->threads; t++)
                part_run(&p[t]);        /* a thread that did not start */
        for (unsigned t = 0; t < b->threads; t++)
                *hit += b->hits[t];
        b->n = 0;
}

/* Add s->trial to the batch, evaluating it when full. */
static void add(struct batch *b, double *hit)
{
        size_t G = b->s->G;

        memcpy(b->trials + b->n * G, b->s->trial, G);
        if (++b->n == b->cap)
                flush(b, hit);
}

/* The batch for s: one thread and one assignment at a time when an
 * assignment is cheap or memory is short. */
static int batch_init(struct batch *b, struct ri *s)
{
        size_t work = s->k ? s->k->n : s->c->K + s->c->start[s->c->G];
        size_t nscratch = s->k ? 1 : 2 * s->c->K + 1;
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        unsigned threads = cpus > RI_THREADS ? RI_THREADS :
                           cpus > 1 ? (unsigned)cpus : 1;

        memset(b, 0, sizeof *b);
        b->s = s;
        if (work < RI_PAR_WORK)
                threads = 1;
        b->scratch[0] = s->scratch;
        b->threads = 1;
        for (unsigned t = 1; t < threads; t++) {
                b->scratch[t] = malloc(nscratch * sizeof(double));
                if (!b->scratch[t])
                        break;
                b->threads++;
        }
        b->cap = b->threads > 1 ? RI_BATCH : 1;
        b->trials = malloc(b->cap * s->G + 1);
        if (!b->trials)
                return -1;
        return 0;
}

static void batch_release(struct batch *b)
{
        for (unsigned t = 1; t < b->threads; t++)
                free(b->scratch[t]);
        free(b->trials);
}

/* All C(G, GT) assignments, lexicographic: ix[0] < ... < ix[GT-1]. */
static void enumerate(struct ri *s, struct batch *b, size_t *ix, double *hit,
                      double *count)
{
        size_t G = s->G, GT = s->GT, j;

        for (j = 0; j < GT; j++) {
                ix[j] = j;
                s->trial[j] = 1;
        }
        for (;;) {
                add(b, hit);
                if (((size_t)++*count & 63) == 0)
                        fk_progress_report(*count, 0);
                j = GT;
                while (j > 0 && ix[j - 1] == G - GT + j - 1)
                        j--;
                if (j == 0)
                        break;
                for (size_t i = j - 1; i < GT; i++)
                        s->trial[ix[i]] = 0;
                ix[j - 1]++;
                s->trial[ix[j - 1]] = 1;
                for (; j < GT; j++) {
                        ix[j] = ix[j - 1] + 1;
                        s->trial[ix[j]] = 1;
                }
        }
        flush(b, hit);
}

/* reps draws of GT clusters without replacement (partial Fisher–Yates,
 * as stats/cluster.c). */
static void draws(struct ri *s, struct batch *b, size_t *perm, size_t reps,
                  gsl_rng *rng, double *hit, double *count)
{
        size_t G = s->G;

        for (size_t j = 0; j < G; j++)
                perm[j] = j;
        for (size_t r = 0; r < reps; r++) {
                if ((r & 63) == 63)
                        fk_progress_report((double)r + 1, (double)reps);
                for (size_t j = 0; j < G; j++)
                        s->trial[j] = 0;
                for (size_t j = 0; j < s->GT; j++) {
                        size_t k = j + gsl_rng_uniform_int(rng, G - j);
                        size_t t = perm[j];

                        perm[j] = perm[k];
                        perm[k] = t;
                        s->trial[perm[j]] = 1;
                }
                add(b, hit);
                ++*count;
        }
        flush(b, hit);
}

int fk_coxcluster_randomization(const struct fk_coxcluster_data *d,
                                enum fk_ties ties, size_t reps,
                                unsigned long seed,
                                struct fk_coxcluster_result *out,
                                struct fk_error *err)
{
        return fk_coxcluster_randomization_max(d, ties, reps, RI_EXACT_MAX,
                                               seed, out, err);
}

int fk_coxcluster_randomization_max(const struct fk_coxcluster_data *d,
                                    enum fk_ties ties, size_t reps,
                                    double exact_max, unsigned long seed,
                                    struct fk_coxcluster_result *out,
                                    struct fk_error *err)
{
        struct fk_cox_clusters c;
        struct ri s = { &c, ties, 0, 0, NULL, NULL, NULL, NULL, NULL, 0 };
        struct batch b = { 0 };
        size_t *ix = NULL;
        gsl_rng *rng = NULL;
        double hit = 0, count = 0, combos, beta = 0, info;
        int rc, mono;

        out->ri_p = out->ri_assignments = NAN;
        out->ri_exact = 0;
        out->beta = NAN;
        if ((rc = fk_cox_check_args(NAN, ties, err)))
                return rc;
        rc = fk_cox_clusters_init(d, &c, err);
        if (rc)
                goto done;
        out->clusters[0] = c.clusters[0];
        out->clusters[1] = c.clusters[1];
        s.GT = c.clusters[0];
        s.G = c.G;
        s.arm = c.arm;
        s.trial = malloc(c.G);
        s.scratch = malloc((2 * c.K + 1) * sizeof *s.scratch);
        s.et = malloc((c.K + 1) * sizeof *s.et);
        ix = malloc((c.G + 1) * sizeof *ix);
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!s.trial || !s.scratch || !s.et || !ix || !rng) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        gsl_rng_set(rng, seed);
        for (size_t g = 0; g < c.G; g++)
                s.trial[g] = c.arm[g] == 0;
        fk_cox_clusters_table(&c, s.trial, s.scratch, s.et);
        mono = fk_cox_monotone(s.et, c.K);
        if (mono == 2) {
                out->ri_assignments = 0;        /* no events: no test */
                goto done;
        }
        if (mono)
                beta = mono > 0 ? INFINITY : -INFINITY;
        else
                fk_cox_newton(s.et, c.K, ties, 0.0, &beta, &info);
        out->beta = beta;
        /* a finite |beta| above 100 (hazard ratio beyond e^100) is treated
         * as infinite: only monotone assignments reach it */
        s.bound = fabs(beta) > 100 ? INFINITY : fabs(beta) * TIE_SLACK;
        combos = floor(exp(gsl_sf_lnchoose((unsigned)c.G, (unsigned)s.GT))
                       + 0.5);
        if (batch_init(&b, &s)) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        if (combos <= exact_max) {
                for (size_t g = 0; g < c.G; g++)
                        s.trial[g] = 0;
                enumerate(&s, &b, ix, &hit, &count);
                out->ri_exact = 1;
        } else {
                draws(&s, &b, ix, reps, rng, &hit, &count);
        }
        out->ri_assignments = count;
        out->ri_p = count > 0 ? hit / count : NAN;
done:
        batch_release(&b);
        fk_cox_clusters_release(&c);
        free(s.trial);
        free(s.scratch);
        free(s.et);
        free(ix);
        gsl_rng_free(rng);
        return rc;
}

int fk_coxcluster_randomization_keys(const struct fk_coxcluster_keys *d,
                                     enum fk_ties ties, size_t reps,
                                     unsigned long seed,
                                     struct fk_coxcluster_result *out,
                                     struct fk_error *err)
{
        struct fk_cox_keyed c = { 0 };
        struct ri s = { NULL, ties, 0, 0, NULL, NULL, NULL, d, NULL, 0 };
        struct batch b = { 0 };
        size_t *ix = NULL;
        gsl_rng *rng = NULL;
        double hit = 0, count = 0, combos, beta = 0, info;
        int rc, mono;

        out->ri_p = out->ri_assignments = NAN;
        out->ri_exact = 0;
        out->beta = NAN;
        if ((rc = fk_cox_check_args(NAN, ties, err)))
                return rc;
        if ((rc = fk_cox_keyed_init(d, &c, err)))
                goto done;
        out->clusters[0] = c.clusters[0];
        out->clusters[1] = c.clusters[1];
        s.GT = c.clusters[0];
        s.G = d->G;
        s.arm = c.arm;
        s.trial = malloc(d->G);
        s.scratch = malloc(sizeof *s.scratch);
        ix = malloc((d->G + 1) * sizeof *ix);
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!s.trial || !s.scratch || !ix || !rng) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        gsl_rng_set(rng, seed);
        mono = fk_cox_monotone_source(&c.src);
        if (mono == 2) {
                out->ri_assignments = 0;        /* no events: no test */
                goto done;
        }
        if (mono)
                beta = mono > 0 ? INFINITY : -INFINITY;
        else
                fk_cox_newton_source(&c.src, ties, 0.0, &beta, &info);
        out->beta = beta;
        s.bound = fabs(beta) > 100 ? INFINITY : fabs(beta) * TIE_SLACK;
        combos = floor(exp(gsl_sf_lnchoose((unsigned)d->G, (unsigned)s.GT))
                       + 0.5);
        if (batch_init(&b, &s)) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t g = 0; g < d->G; g++)
                s.trial[g] = 0;
        if (combos <= RI_EXACT_MAX) {
                enumerate(&s, &b, ix, &hit, &count);
                out->ri_exact = 1;
        } else {
                draws(&s, &b, ix, reps, rng, &hit, &count);
        }
        out->ri_assignments = count;
        out->ri_p = count > 0 ? hit / count : NAN;
done:
        batch_release(&b);
        fk_cox_keyed_release(&c);
        free(s.trial);
        free(s.scratch);
        free(ix);
        gsl_rng_free(rng);
        return rc;
}
