/* fkstat validate: the design of a clustered outcome, the analysis of one
 * simulated data set as compare analyses it, and the loop over
 * repetitions on worker threads with its summary (coverage, width, bias,
 * RMSE, rejection rate, mean standard error, each with its Monte Carlo
 * standard error).  The models are stats/valmodel.c.  See METHODS.md,
 * "Does the interval hold its promise? (fkstat validate)". */
#include "fkstat/validate.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "fkstat/coxcluster.h"
#include "fkstat/means.h"
#include "stats/valmodel.h"

/* ---- the design --------------------------------------------------------- */

int fk_validate_design_init(struct fk_validate_design *d, enum fk_type type,
                            size_t G, struct fk_error *err)
{
        memset(d, 0, sizeof *d);
        d->type = type;
        d->margin = d->effect = d->icc_estimated = NAN;
        d->conf = 0.95;
        d->better = FK_BETTER_HIGHER;
        d->rd_method = FK_RD_MIETTINEN_NURMINEN;
        if (G == 0)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "the design has no "
                                    "municipalities");
        d->size = malloc(G * sizeof *d->size);
        d->arm = malloc(G * sizeof *d->arm);
        if (!d->size || !d->arm)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        d->G = G;
        for (size_t g = 0; g < G; g++) {
                d->size[g] = 1;
                d->arm[g] = FK_TRIAL;
        }
        return FK_OK;
}

void fk_validate_design_release(struct fk_validate_design *d)
{
        free(d->size);
        free(d->arm);
        free(d->time);
        free(d->cumhaz);
        free(d->ccumhaz);
        d->size = NULL;
        d->arm = NULL;
        d->time = d->cumhaz = d->ccumhaz = NULL;
        d->ntimes = 0;
        d->G = 0;
}

/* Ordinal: both arms' level counts merged by value, ascending, the levels
 * without people left out. */
static void pooled_levels(const struct fk_outcome_result *r,
                          struct fk_validate_design *d)
{
        double tot = 0;

        d->nlevels = 0;
        for (int a = 0; a < 2; a++) {
                const struct fk_group *g = &r->groups[a];

                for (size_t i = 0; i < g->nlevels; i++) {
                        size_t k = 0;

                        if (!(g->level_count[i] > 0))
                                continue;
                        while (k < d->nlevels && d->level[k] < g->level[i])
                                k++;
                        if (k < d->nlevels && !(d->level[k] > g->level[i])) {
                                d->level_p[k] += g->level_count[i];
                        } else if (d->nlevels < FK_MAX_LEVELS) {
                                memmove(d->level + k + 1, d->level + k,
                                        (d->nlevels - k) * sizeof *d->level);
                                memmove(d->level_p + k + 1, d->level_p + k,
                                        (d->nlevels - k) * sizeof *d->level_p);
                                d->level[k] = g->level[i];
                                d->level_p[k] = g->level_count[i];
                                d->nlevels++;
                        }
                        tot += g->level_count[i];
                }
        }
        for (size_t k = 0; k < d->nlevels; k++)
                d->level_p[k] /= tot;
}

int fk_validate_design_from_result(const struct fk_outcome_result *r,
                                   double effect,
                                   struct fk_validate_design *d,
                                   struct fk_error *err)
{
        const struct fk_group *t = &r->groups[FK_TRIAL];
        const struct fk_group *c = &r->groups[FK_CONTROL];
        const struct fk_effect *rd;
        int rc;

        memset(d, 0, sizeof *d);
        if (!r->has_cluster || r->nclusters == 0)
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "%s: the outcome is not "
                                    "clustered; name the municipality column "
                                    "with --cluster", r->outcome);
        if ((rc = fk_validate_design_init(d, r->type, r->nclusters, err)))
                return rc;
        for (size_t g = 0; g < r->nclusters; g++) {
                double n = r->clusters[g].n;

                if (!(n >= 1) || n - floor(n) > 0 || n > 4e9)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "%s: municipality '%s' "
                                            "has %g people, not a whole "
                                            "number from 1 to 4e9",
                                            r->outcome, r->clusters[g].name, n);
                d->size[g] = n;
                d->arm[g] = r->clusters[g].arm;
        }
        d->icc_estimated = r->cl.icc;
        if (r->type == FK_TYPE_SURVIVAL &&
            (rc = fk_valsurv_design(r, d, err)))
                return rc;
        if (isnan(d->icc_estimated))
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "%s: the ICC could not be "
                                    "estimated (%zu municipalities)",
                                    r->outcome, r->nclusters);
        d->icc = d->icc_estimated > 0 ? d->icc_estimated : 0;
        d->better = r->better;
        d->margin = r->verdict.margin;
        d->effect = effect;
        d->conf = r->conf_level;
        rd = fk_result_effect(r, "risk_difference");
        if (rd && fk_rd_method_parse(rd->method) >= 0)
                d->rd_method = (enum fk_rd_method)fk_rd_method_parse(rd->method);
        if (r->type == FK_TYPE_BINARY) {
                d->p = (t->successes + c->successes) / (t->n + c->n);
        } else {
                double st = t->n > 1 ? (t->n - 1) * t->sd * t->sd : 0;
                double sc = c->n > 1 ? (c->n - 1) * c->sd * c->sd : 0;

                d->mean = (t->n * t->mean + c->n * c->mean) / (t->n + c->n);
                d->sd = t->n + c->n > 2 ? sqrt((st + sc) / (t->n + c->n - 2))
                                        : NAN;
                if (r->type == FK_TYPE_ORDINAL)
                        pooled_levels(r, d);
        }
        return FK_OK;
}

/* ---- one data set ------------------------------------------------------- */

/* The rows handed to fk_cluster_compare, two per municipality. */
struct scratch {
        double *y, *w;
        int *arm;
        size_t *cl;
};

static void scratch_free(struct scratch *s)
{
        free(s->y);
        free(s->w);
        free(s->arm);
        free(s->cl);
}

static int scratch_alloc(struct scratch *s, size_t G)
{
        s->y = malloc(2 * G * sizeof *s->y);
        s->w = malloc(2 * G * sizeof *s->w);
        s->arm = malloc(2 * G * sizeof *s->arm);
        s->cl = malloc(2 * G * sizeof *s->cl);
        if (s->y && s->w && s->arm && s->cl)
                return 0;
        scratch_free(s);
        return -1;
}

/* Two values with whole weights w1 = floor(n/2), w2 = n - w1 whose count,
 * mean and sum of squares about the mean are n, mean and ss: every
 * statistic that depends on the data only through these three (Welch's t,
 * the cluster totals and the within-cluster sum of squares of CR2 and the
 * ICC) is the same for them as for the people they stand for.  Returns
 * how many values (1 when n < 2 or ss = 0). */
static size_t two_points(double n, double mean, double ss, double *x,
                         double *w)
{
        double w1 = floor(n / 2), w2 = n - w1;

        if (n < 2 || !(ss > 0)) {
                x[0] = mean;
                w[0] = n;
                return 1;
        }
        x[0] = mean - sqrt(ss * w2 / (w1 * n));
        x[1] = mean + sqrt(ss * w1 / (w2 * n));
        w[0] = w1;
        w[1] = w2;
        return 2;
}

static int analyse(const struct fk_validate_sums *s, enum fk_type type,
                   double conf, enum fk_rd_method rdm, size_t inner_reps,
                   unsigned long seed, struct scratch *sc,
                   struct fk_validate_analysis *a, struct fk_error *err)
{
        double n[2] = { 0, 0 }, sum[2] = { 0, 0 }, ss[2] = { 0, 0 };
        size_t k = 0;
        int rc;

        for (size_t g = 0; g < s->G; g++) {
                n[s->arm[g]] += s->n[g];
                sum[s->arm[g]] += s->sum[g];
        }
        if (type == FK_TYPE_BINARY) {
                double p1 = sum[0] / n[0], p2 = sum[1] / n[1];

                rc = fk_prop_rd_ci(sum[0], n[0], sum[1], n[1], conf, rdm,
                                   &a->estimate, &a->ci[0], &a->ci[1], err);
                a->se = sqrt(p1 * (1 - p1) / n[0] + p2 * (1 - p2) / n[1]);
                for (size_t g = 0; g < s->G && !rc; g++) {
                        double v[2] = { 1, 0 };
                        double m[2] = { s->sum[g], s->n[g] - s->sum[g] };

                        for (int j = 0; j < 2; j++) {
                                if (!(m[j] > 0))
                                        continue;
                                sc->y[k] = v[j];
                                sc->w[k] = m[j];
                                sc->arm[k] = s->arm[g];
                                sc->cl[k++] = g;
                        }
                }
        } else {
                struct fk_welch wt;
                double x[2][2], w[2][2];
                size_t kx[2];

                /* each arm's sum of squares about its mean */
                for (size_t g = 0; g < s->G; g++) {
                        int j = s->arm[g];
                        double d = s->sum[g] / s->n[g] - sum[j] / n[j];

                        ss[j] += s->ss[g] + s->n[g] * d * d;
                }
                for (int j = 0; j < 2; j++)
                        kx[j] = two_points(n[j], sum[j] / n[j], ss[j], x[j],
                                           w[j]);
                rc = fk_welch_t(x[0], w[0], kx[0], x[1], w[1], kx[1], conf,
                                &wt, err);
                a->estimate = wt.estimate;
                a->se = wt.se;
                a->ci[0] = wt.ci[0];
                a->ci[1] = wt.ci[1];
                for (size_t g = 0; g < s->G && !rc; g++) {
                        size_t m = two_points(s->n[g], s->sum[g] / s->n[g],
                                              s->ss[g], sc->y + k, sc->w + k);

                        for (size_t j = 0; j < m; j++) {
                                sc->arm[k] = s->arm[g];
                                sc->cl[k++] = g;
                        }
                }
        }
        if (!rc) {
                struct fk_cluster_data cd = { sc->y, sc->w, sc->arm, sc->cl,
                                              k, s->G };

                rc = fk_cluster_compare(&cd, conf, inner_reps, seed, &a->cl,
                                        err);
        }
        return rc;
}

int fk_validate_analyse(const struct fk_validate_sums *s, enum fk_type type,
                        double conf, enum fk_rd_method rd_method,
                        size_t inner_reps, unsigned long seed,
                        struct fk_validate_analysis *a, struct fk_error *err)
{
        struct scratch sc;
        int rc;

        for (size_t g = 0; g < s->G; g++)
                if (!(s->n[g] >= 1) || s->n[g] - floor(s->n[g]) > 0 ||
                    (s->arm[g] != FK_TRIAL && s->arm[g] != FK_CONTROL))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "municipality %zu: "
                                            "people must be a whole number "
                                            ">= 1 and the arm 0 or 1", g);
        if (s->G == 0 || scratch_alloc(&sc, s->G))
                return fk_error_set(err, s->G ? FK_ENOMEM : FK_EDOMAIN, NULL,
                                    0, s->G ? "out of memory" :
                                    "no municipalities");
        rc = analyse(s, type, conf, rd_method, inner_reps, seed, &sc, a, err);
        scratch_free(&sc);
        return rc;
}

/* ---- the repetitions ---------------------------------------------------- */

/* What one repetition leaves for the summary. */
struct rep {
        double est, se[2], lo[2], hi[2];        /* individual, cr2 */
        double p[2];                            /* wild, randomization */
        double icc;
        size_t wild_reps;
        const char *wild_weights;
        double ri_assignments;
        int ri_exact;
};

struct job {
        const struct fk_validate_design *d;
        const struct fk_validate_model *m;
        const struct fk_validate_opts *o;
        struct rep *out;
        atomic_size_t next, done;
        atomic_int stop;
        pthread_mutex_t lock;           /* guards the first failure */
        size_t fail_at;                 /* o->reps: none */
        struct fk_error fail;
};

/* Remember the failure of repetition i when it is the first so far, and
 * stop every worker. */
static void failed(struct job *j, size_t i, const struct fk_error *e)
{
        pthread_mutex_lock(&j->lock);
        if (i < j->fail_at) {
                j->fail_at = i;
                j->fail = *e;
        }
        pthread_mutex_unlock(&j->lock);
        atomic_store(&j->stop, 1);
}

/* A bijection of 32-bit integers (Chris Wellons' lowbias32), so that the
 * repetitions of one seed get distinct generator seeds. */
static uint32_t mix32(uint32_t x)
{
        x ^= x >> 16;
        x *= 0x7feb352dU;
        x ^= x >> 15;
        x *= 0x846ca68bU;
        x ^= x >> 16;
        return x;
}

static unsigned long rep_seed(unsigned long seed, size_t i)
{
        uint32_t s = (uint32_t)(seed ^ (seed >> 16 >> 16));

        return mix32(mix32(s) + (uint32_t)i);
}

/* Time to job: every person's row, municipality by municipality. */
struct survrows {
        double *time, *event, *nev;
        int *arm;
        size_t *cl, n;
};

static void survrows_free(struct survrows *s)
{
        free(s->time);
        free(s->event);
        free(s->nev);
        free(s->arm);
        free(s->cl);
}

static int survrows_alloc(struct survrows *s,
                          const struct fk_validate_design *d)
{
        size_t n = 0, i = 0;

        memset(s, 0, sizeof *s);
        for (size_t g = 0; g < d->G; g++)
                n += (size_t)d->size[g];
        s->time = malloc((n + 1) * sizeof *s->time);
        s->event = malloc((n + 1) * sizeof *s->event);
        s->nev = malloc((d->G + 1) * sizeof *s->nev);
        s->arm = malloc((n + 1) * sizeof *s->arm);
        s->cl = malloc((n + 1) * sizeof *s->cl);
        if (!s->time || !s->event || !s->nev || !s->arm || !s->cl) {
                survrows_free(s);
                memset(s, 0, sizeof *s);
                return -1;
        }
        for (size_t g = 0; g < d->G; g++)
                for (size_t k = 0; k < (size_t)d->size[g]; k++, i++) {
                        s->arm[i] = d->arm[g];
                        s->cl[i] = g;
                }
        s->n = n;
        return 0;
}

/* One simulated time-to-job data set analysed as compare analyses it: the
 * Cox hazard ratio with its model-based (individual) and Lin–Wei
 * (cluster-robust) intervals, and randomization over the municipalities;
 * all on the log scale. */
static void one_surv_rep(struct job *j, size_t i, gsl_rng *rng,
                         struct survrows *sr)
{
        const struct fk_validate_design *d = j->d;
        struct rep *r = &j->out[i];
        struct fk_coxcluster_data cd = { sr->time, sr->event, NULL, sr->arm,
                                         sr->cl, sr->n, d->G };
        struct fk_coxcluster_result x;
        struct fk_error err = FK_ERROR_INIT;
        enum fk_ties ties = d->breslow ? FK_TIES_BRESLOW : FK_TIES_EFRON;
        double z = gsl_cdf_ugaussian_Pinv(0.5 + d->conf / 2);
        unsigned long seed;
        int rc;

        gsl_rng_set(rng, rep_seed(j->o->seed, i));
        fk_valsurv_draw(d, j->m, rng, sr->time, sr->event, sr->nev);
        seed = gsl_rng_get(rng);
        rc = fk_coxcluster_robust(&cd, ties, d->conf, &x, &err);
        if (!rc && j->o->inner_reps > 0)
                rc = fk_coxcluster_randomization_max(&cd, ties,
                                                     j->o->inner_reps,
                                                     (double)j->o->inner_reps,
                                                     seed, &x, &err);
        if (rc) {
                failed(j, i, &err);
                return;
        }
        r->est = isfinite(x.beta) ? x.beta : NAN;
        r->se[0] = x.naive_se;
        r->lo[0] = r->est - z * x.naive_se;
        r->hi[0] = r->est + z * x.naive_se;
        r->se[1] = x.se;
        r->lo[1] = x.ci[0] > 0 ? log(x.ci[0]) : NAN;
        r->hi[1] = x.ci[1] > 0 ? log(x.ci[1]) : NAN;
        r->p[0] = NAN;
        r->p[1] = j->o->inner_reps > 0 ? x.ri_p : NAN;
        r->icc = fk_valsurv_event_icc(d->size, sr->nev, d->arm, d->G);
        r->wild_reps = 0;
        r->wild_weights = NULL;
        r->ri_assignments = j->o->inner_reps > 0 ? x.ri_assignments : 0;
        r->ri_exact = j->o->inner_reps > 0 ? x.ri_exact : 0;
}

static void one_rep(struct job *j, size_t i, gsl_rng *rng, double *sum,
                    double *ss, struct scratch *sc)
{
        const struct fk_validate_design *d = j->d;
        struct rep *r = &j->out[i];
        struct fk_validate_sums s = { d->size, sum, ss, d->arm, d->G };
        struct fk_validate_analysis a;
        struct fk_error err = FK_ERROR_INIT;

        gsl_rng_set(rng, rep_seed(j->o->seed, i));
        fk_validate_draw(d, j->m, rng, sum, ss);
        if (analyse(&s, d->type, d->conf, d->rd_method, j->o->inner_reps,
                    gsl_rng_get(rng), sc, &a, &err)) {
                failed(j, i, &err);
                return;
        }
        r->est = a.estimate;
        r->se[0] = a.se;
        r->lo[0] = a.ci[0];
        r->hi[0] = a.ci[1];
        r->se[1] = a.cl.se;
        r->lo[1] = a.cl.ci[0];
        r->hi[1] = a.cl.ci[1];
        r->p[0] = a.cl.wild_p;
        r->p[1] = a.cl.ri_p;
        r->icc = a.cl.icc;
        r->wild_reps = a.cl.wild_reps;
        r->wild_weights = a.cl.wild_weights;
        r->ri_assignments = a.cl.ri_assignments;
        r->ri_exact = a.cl.ri_exact;
}

/* A worker takes the next repetition until none is left; the calling
 * thread works too and is the one that reports progress. */
struct worker_arg {
        struct job *j;
        int main;
};

static void *worker(void *arg)
{
        const struct worker_arg *wa = arg;
        struct job *j = wa->j;
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double *sum = malloc(j->d->G * sizeof *sum);
        double *ss = malloc(j->d->G * sizeof *ss);
        struct scratch sc = { 0 };
        struct survrows sr = { 0 };
        int surv = j->d->type == FK_TYPE_SURVIVAL;
        int sc_ok = !scratch_alloc(&sc, j->d->G);
        int ok = rng && sum && ss && sc_ok &&
                 (!surv || !survrows_alloc(&sr, j->d));

        for (;;) {
                size_t i = atomic_fetch_add(&j->next, 1), done;

                if (i >= j->o->reps || atomic_load(&j->stop))
                        break;
                if (ok && surv) {
                        one_surv_rep(j, i, rng, &sr);
                } else if (ok) {
                        one_rep(j, i, rng, sum, ss, &sc);
                } else {
                        struct fk_error e = FK_ERROR_INIT;

                        fk_error_set(&e, FK_ENOMEM, NULL, 0, "out of memory");
                        failed(j, i, &e);
                }
                done = atomic_fetch_add(&j->done, 1) + 1;
                if (wa->main && j->o->progress)
                        j->o->progress(j->o->progress_ctx, (double)done,
                                       (double)j->o->reps, (double)done);
        }
        if (sc_ok)
                scratch_free(&sc);
        survrows_free(&sr);
        gsl_rng_free(rng);
        free(sum);
        free(ss);
        return NULL;
}

static unsigned thread_count(const struct fk_validate_opts *o)
{
        long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);

        if (n < 1)
                n = 1;
        if (n > 64)
                n = 64;
        if ((size_t)n > o->reps)
                n = (long)o->reps;
        return (unsigned)n;
}

/* ---- the summary -------------------------------------------------------- */

/* Mean and the Monte Carlo standard error of the mean, sd / sqrt(k), of
 * x[0..k). */
static void mean_mcse(const double *x, size_t k, double *mean, double *mcse)
{
        double m = 0, s = 0;

        if (k == 0) {
                *mean = *mcse = NAN;
                return;
        }
        for (size_t i = 0; i < k; i++)
                m += x[i];
        m /= (double)k;
        for (size_t i = 0; i < k; i++)
                s += (x[i] - m) * (x[i] - m);
        *mean = m;
        *mcse = k > 1 ? sqrt(s / ((double)k - 1) / (double)k) : NAN;
}

/* A rate and sqrt(p (1 - p) / k). */
static void rate_mcse(double hits, size_t k, double *rate, double *mcse)
{
        *rate = k ? hits / (double)k : NAN;
        *mcse = k ? sqrt(*rate * (1 - *rate) / (double)k) : NAN;
}

static void blank(struct fk_validate_method *v, const char *name)
{
        v->method = name;
        v->valid = 0;
        v->coverage = v->coverage_mcse = v->mean_width = NAN;
        v->mean_width_mcse = v->bias = v->bias_mcse = v->rmse = NAN;
        v->rmse_mcse = v->rejection_rate = v->rejection_mcse = NAN;
        v->mean_se = v->mean_se_mcse = NAN;
}

/* Bias and RMSE of the estimate (the same for both intervals: both centre
 * on the difference of the arms' means).  MCSE of the MSE as Morris, White
 * & Crowther (2019), carried to the RMSE by the delta method. */
static void estimate_summary(const struct rep *r, size_t reps, double truth,
                             double *buf, struct fk_validate_method *v)
{
        size_t k = 0;
        double mse = 0, s = 0;

        for (size_t i = 0; i < reps; i++)
                if (isfinite(r[i].est))
                        buf[k++] = r[i].est - truth;
        mean_mcse(buf, k, &v->bias, &v->bias_mcse);
        for (size_t i = 0; i < k; i++)
                mse += buf[i] * buf[i];
        mse = k ? mse / (double)k : NAN;
        for (size_t i = 0; i < k; i++)
                s += (buf[i] * buf[i] - mse) * (buf[i] * buf[i] - mse);
        v->rmse = sqrt(mse);
        v->rmse_mcse = k > 1 && v->rmse > 0 ?
                       sqrt(s / ((double)k * ((double)k - 1))) / (2 * v->rmse) :
                       NAN;
}

/* Survival's intervals are on the log scale (truth too); the verdict is
 * on the hazard ratio. */
static void interval_summary(const struct rep *r, size_t reps, int j,
                             const struct fk_validate_design *d, double truth,
                             double *buf, struct fk_validate_method *v)
{
        size_t k = 0;
        double cover = 0, reject = 0;
        int ratio = d->type == FK_TYPE_SURVIVAL;

        estimate_summary(r, reps, truth, buf, v);
        for (size_t i = 0; i < reps; i++) {
                enum fk_verdict_result vr;

                if (!isfinite(r[i].lo[j]) || !isfinite(r[i].hi[j]))
                        continue;
                cover += r[i].lo[j] <= truth && truth <= r[i].hi[j];
                vr = ratio ? fk_verdict_decide(exp(r[i].lo[j]),
                                               exp(r[i].hi[j]), 1, d->better,
                                               d->margin) :
                             fk_verdict_decide(r[i].lo[j], r[i].hi[j], 0,
                                               d->better, d->margin);
                if (isfinite(d->margin))
                        reject += vr == FK_V_SUPERIOR ||
                                  vr == FK_V_NONINFERIOR;
                else
                        reject += vr == FK_V_BETTER || vr == FK_V_WORSE;
                buf[k++] = r[i].hi[j] - r[i].lo[j];
        }
        v->valid = k;
        rate_mcse(cover, k, &v->coverage, &v->coverage_mcse);
        rate_mcse(reject, k, &v->rejection_rate, &v->rejection_mcse);
        mean_mcse(buf, k, &v->mean_width, &v->mean_width_mcse);
        k = 0;
        for (size_t i = 0; i < reps; i++)
                if (isfinite(r[i].lo[j]) && isfinite(r[i].se[j]))
                        buf[k++] = r[i].se[j];
        mean_mcse(buf, k, &v->mean_se, &v->mean_se_mcse);
}

/* The wild bootstrap and randomization test only the null of no
 * difference: p <= alpha rejects it (the p-values count the observed
 * assignment, so this keeps the level); no rate under a margin. */
static void pvalue_summary(const struct rep *r, size_t reps, int j,
                           const struct fk_validate_design *d,
                           struct fk_validate_method *v)
{
        size_t k = 0;
        double reject = 0, alpha = 1 - d->conf;

        for (size_t i = 0; i < reps; i++) {
                if (isnan(r[i].p[j]))
                        continue;
                k++;
                reject += r[i].p[j] <= alpha * (1 + 1e-12);
        }
        v->valid = k;
        if (!isfinite(d->margin))
                rate_mcse(reject, k, &v->rejection_rate, &v->rejection_mcse);
}

static int summarise(const struct rep *r, const struct fk_validate_design *d,
                     size_t reps, struct fk_validate_result *out,
                     struct fk_error *err)
{
        double *buf = malloc(reps * sizeof *buf), icc = 0;
        size_t nicc = 0;

        if (!buf)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        int surv = d->type == FK_TYPE_SURVIVAL;
        double truth = surv ? log(out->truth) : out->truth;

        blank(&out->m[FK_VM_INDIVIDUAL], "individual");
        blank(&out->m[FK_VM_CR2], surv ? "lin_wei" : "cr2");
        blank(&out->m[FK_VM_WILD], surv ? NULL : "wild_bootstrap");
        blank(&out->m[FK_VM_RANDOMIZATION], "randomization");
        interval_summary(r, reps, 0, d, truth, buf,
                         &out->m[FK_VM_INDIVIDUAL]);
        interval_summary(r, reps, 1, d, truth, buf, &out->m[FK_VM_CR2]);
        pvalue_summary(r, reps, 0, d, &out->m[FK_VM_WILD]);
        pvalue_summary(r, reps, 1, d, &out->m[FK_VM_RANDOMIZATION]);
        for (size_t i = 0; i < reps; i++)
                if (isfinite(r[i].icc)) {
                        icc += r[i].icc;
                        nicc++;
                }
        out->mean_icc = nicc ? icc / (double)nicc : NAN;
        for (size_t i = 0; i < reps; i++)
                if (r[i].wild_weights && r[i].wild_reps > out->wild_reps) {
                        out->wild_reps = r[i].wild_reps;
                        out->wild_weights = r[i].wild_weights;
                }
        for (size_t i = 0; i < reps; i++)
                if (r[i].ri_assignments > out->ri_assignments) {
                        out->ri_assignments = r[i].ri_assignments;
                        out->ri_exact = r[i].ri_exact;
                }
        free(buf);
        return FK_OK;
}

int fk_validate_run(const struct fk_validate_design *d,
                    const struct fk_validate_opts *o,
                    struct fk_validate_result *out, struct fk_error *err)
{
        struct job j;
        struct worker_arg wa[64];
        pthread_t tid[64];
        unsigned nt, started = 1;
        int rc;

        memset(out, 0, sizeof *out);
        if (!o || o->reps < 2)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "at least 2 repetitions are needed");
        if ((rc = fk_validate_fit(d, &out->model, err)))
                return rc;
        for (size_t g = 0; g < d->G; g++)
                if (!(d->size[g] >= 1) || d->size[g] - floor(d->size[g]) > 0 ||
                    d->size[g] > 4e9 ||
                    (d->arm[g] != FK_TRIAL && d->arm[g] != FK_CONTROL))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "municipality %zu: people must be "
                                            "a whole number from 1 to 4e9 and "
                                            "the arm 0 or 1", g + 1);
        {
                size_t per[2] = { 0, 0 };

                for (size_t g = 0; g < d->G; g++)
                        per[d->arm[g]]++;
                if (per[0] == 0 || per[1] == 0)
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "each arm needs a municipality");
        }
        out->truth = out->model.truth;
        out->reps = o->reps;
        out->inner_reps = o->inner_reps;
        out->seed = o->seed;
        out->margin_test = isfinite(d->margin);
        j.d = d;
        j.m = &out->model;
        j.o = o;
        j.out = calloc(o->reps, sizeof *j.out);
        if (!j.out)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        atomic_init(&j.next, 0);
        atomic_init(&j.done, 0);
        atomic_init(&j.stop, 0);
        j.fail_at = o->reps;
        if (pthread_mutex_init(&j.lock, NULL)) {
                free(j.out);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        nt = thread_count(o);
        for (unsigned t = 0; t < nt; t++)
                wa[t] = (struct worker_arg){ &j, t == 0 };
        for (unsigned t = 1; t < nt; t++)
                if (!pthread_create(&tid[t], NULL, worker, &wa[t]))
                        started++;
                else
                        break;
        worker(&wa[0]);
        for (unsigned t = 1; t < started; t++)
                pthread_join(tid[t], NULL);
        out->threads = started;
        pthread_mutex_destroy(&j.lock);
        if (j.fail_at < o->reps) {      /* the first failed repetition */
                rc = j.fail.code;
                if (err)
                        *err = j.fail;
        }
        if (!rc)
                rc = summarise(j.out, d, o->reps, out, err);
        free(j.out);
        return rc;
}
