/* Means of two independent samples with frequency weights: per-sample
 * summary with the t interval, Welch's t test and interval, Hedges' g.
 * See include/fkstat/means.h and METHODS.md, "Count and continuous
 * outcomes".
 *
 * x[i] stands for w[i] identical observations; every statistic equals the
 * one of the expanded sample up to rounding, computed without expanding.
 * Student t probabilities are R's pt and qt to ~1e-13 (stats/dpq.c). */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/means.h"
#include "fkstat/moments.h"

#include "stats/check.h"
#include "stats/dpq.h"

/* ---- weighted moments ----------------------------------------------- */

struct moments {
        double n;       /* sum of weights */
        double mean;
        double var;     /* variance with n - 1 (NaN when n < 2) */
        long double varl;       /* the same in extended range: data near
                                   the ends of the double range give an
                                   infinite var but a finite sd */
        double sd;
};

static int check_sample(const double *x, const double *w, size_t k,
                        const char *fn, const char *arm, struct fk_error *err)
{
        double n = 0.0;

        for (size_t i = 0; i < k; i++) {
                double wi = w ? w[i] : 1.0;

                if (!isfinite(wi) || wi < 0.0 || wi - floor(wi) > 0.0)
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "%s: %sweight %g is not a whole "
                                            "number >= 0", fn, arm, wi);
                if (wi > 0.0 && !isfinite(x[i]))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "%s: %svalue %g is not finite",
                                            fn, arm, x[i]);
                n += wi;
        }
        if (!(n > 0.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s: %ssample is empty", fn, arm);
        return FK_OK;
}

/* Values of a magnitude outside [2^-500, 2^500] (fk_moments_wild): the
 * weighted mean in extended precision corrected by the mean residual, the
 * sum of squares by the corrected two-pass formula (Chan, Golub & LeVeque
 * 1983), as R's mean.default and var. */
static void moments_wild(const double *x, const double *w, size_t k,
                         struct moments *m)
{
        long double n = 0, s = 0, c = 0, ss = 0, mm, ssl;

        for (size_t i = 0; i < k; i++) {
                long double wi = w ? w[i] : 1.0;

                if (wi > 0) {
                        n += wi;
                        s += wi * x[i];
                }
        }
        mm = s / n;
        for (size_t i = 0; i < k; i++) {
                long double wi = w ? w[i] : 1.0;

                if (wi > 0)
                        c += wi * (x[i] - mm);
        }
        m->n = (double)n;
        m->mean = (double)(mm + c / n);
        c = 0;
        for (size_t i = 0; i < k; i++) {
                long double wi = w ? w[i] : 1.0, d = x[i] - (long double)m->mean;

                if (wi > 0) {
                        ss += wi * d * d;
                        c += wi * d;
                }
        }
        ssl = ss - c * c / n;
        if (ssl < 0.0L)
                ssl = 0.0L;
        m->varl = m->n >= 2.0 ? ssl / (m->n - 1.0L) : NAN;
        m->var = (double)m->varl;
        m->sd = (double)sqrtl(m->varl);
        if (isfinite(m->var))
                m->sd = sqrt(m->var);
}

/* The moments of fm (not wild); FK_ENOMEM when its exact sums could not
 * be kept. */
static int moments_of(const struct fk_moments *fm, struct moments *m)
{
        m->n = fm->n;
        if (fk_moments_stats(fm, &m->mean, &m->var, &m->sd, NULL))
                return FK_ENOMEM;
        m->varl = m->var;
        return FK_OK;
}

/* The count, mean and variance of the expanded sample from exact sums
 * (include/fkstat/moments.h): the same bits in whatever order the values
 * come and however equal values are grouped, so the sample of a summary
 * (equal values merged) and the one of the rows agree to the bit. */
static int moments(const double *x, const double *w, size_t k,
                   struct moments *m)
{
        struct fk_moments fm;
        int rc;

        fk_moments_init(&fm);
        for (size_t i = 0; i < k; i++) {
                double wi = w ? w[i] : 1.0;

                if (wi > 0)
                        fk_moments_add_n(&fm, x[i], wi);
        }
        if (fk_moments_wild(&fm)) {
                fk_moments_release(&fm);
                moments_wild(x, w, k, m);
                return FK_OK;
        }
        rc = moments_of(&fm, m);
        fk_moments_release(&fm);
        return rc;
}

/* ---- one sample ----------------------------------------------------- */

struct pair {
        double x, w;
};

static int cmp_pair(const void *a, const void *b)
{
        double u = ((const struct pair *)a)->x, v = ((const struct pair *)b)->x;

        return (u > v) - (u < v);
}

/* The value at 0-based position j of the expanded sorted sample. */
static double at_rank(const struct pair *p, const double *cum, size_t m,
                      double j)
{
        size_t lo = 0, hi = m - 1;

        /* first i with cum[i] > j (cum[i]: weight of p[0..i]) */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (cum[mid] > j)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return p[lo].x;
}

/* R's quantile(type = 7): index = 1 + (n - 1) prob, lo/hi its floor and
 * ceiling, (1 - h) x[lo] + h x[hi] when those differ. */
static double quantile7(const struct pair *p, const double *cum, size_t m,
                        double n, double prob)
{
        double index = 1.0 + (n - 1.0) * prob, lo = floor(index),
               hi = ceil(index), xl, xh, h;

        xl = at_rank(p, cum, m, lo - 1.0);
        if (!(index > lo))
                return xl;
        xh = at_rank(p, cum, m, hi - 1.0);
        if (!islessgreater(xl, xh))
                return xl;
        h = index - lo;
        return (1.0 - h) * xl + h * xh;
}

/* The count, mean, sd and t interval of a summary from m. */
static void summary_of(const struct moments *mp, double conf,
                       struct fk_sample_summary *s)
{
        struct moments m = *mp;

        s->n = m.n;
        s->mean = m.mean;
        s->sd = m.n >= 2.0 ? m.sd : NAN;
        if (!(m.n >= 2.0)) {
                s->ci[0] = s->ci[1] = NAN;
        } else if (!(s->sd > 0.0)) {
                /* R's t.test refuses constant data; the interval is the
                 * point itself (METHODS.md). */
                s->ci[0] = s->ci[1] = m.mean;
        } else {
                /* as R: mu + (tstat -/+ q) * stderr */
                double se = sqrt(s->sd * s->sd / m.n), tstat = m.mean / se,
                       q = fk_t_upper_quantile((1.0 - conf) / 2.0, m.n - 1.0);

                if (!isfinite(se) || !(se > 0.0)) {
                        /* sd near the end of the double range */
                        se = s->sd / sqrt(m.n);
                        tstat = m.mean / se;
                }
                s->ci[0] = (tstat - q) * se;
                s->ci[1] = (tstat + q) * se;
        }
}

/* The count, mean, sd and t interval of a summary. */
static int summary_moments(const double *x, const double *w, size_t k,
                           double conf, struct fk_sample_summary *s,
                           struct fk_error *err)
{
        struct moments m;
        int rc;

        if ((rc = check_sample(x, w, k, "summary", "", err)) != FK_OK ||
            (rc = fk_check_conf(conf, "summary", err)) != FK_OK)
                return rc;
        if (moments(x, w, k, &m))
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "summary: out of memory");
        summary_of(&m, conf, s);
        return FK_OK;
}

int fk_sample_summary_of(const struct fk_moments *fm, double conf,
                         struct fk_sample_summary *s, struct fk_error *err)
{
        struct moments m;
        int rc;

        if ((rc = fk_check_conf(conf, "summary", err)) != FK_OK)
                return rc;
        if (!(fm->n > 0.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "summary: sample is empty");
        if (fk_moments_wild(fm))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "summary: values too large or too small "
                                    "for their sums alone");
        if (moments_of(fm, &m))
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "summary: out of memory");
        summary_of(&m, conf, s);
        s->min = fm->min;
        s->max = fm->max;
        s->median = s->q1 = s->q3 = NAN;
        return FK_OK;
}

int fk_sample_summary(const double *x, const double *w, size_t k, double conf,
                      struct fk_sample_summary *s, struct fk_error *err)
{
        struct pair *p;
        double *cum, acc = 0.0;
        size_t npos = 0;
        int rc;

        if ((rc = summary_moments(x, w, k, conf, s, err)) != FK_OK)
                return rc;
        p = malloc(k * sizeof *p);
        cum = malloc(k * sizeof *cum);
        if (!p || !cum) {
                free(p);
                free(cum);
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "summary: out of memory");
        }
        for (size_t i = 0; i < k; i++) {
                double wi = w ? w[i] : 1.0;

                if (wi > 0.0) {
                        p[npos].x = x[i];
                        p[npos].w = wi;
                        npos++;
                }
        }
        qsort(p, npos, sizeof *p, cmp_pair);
        for (size_t i = 0; i < npos; i++) {
                acc += p[i].w;
                cum[i] = acc;
        }
        s->min = p[0].x;
        s->max = p[npos - 1].x;
        s->q1 = quantile7(p, cum, npos, s->n, 0.25);
        s->median = quantile7(p, cum, npos, s->n, 0.5);
        s->q3 = quantile7(p, cum, npos, s->n, 0.75);
        free(p);
        free(cum);
        return FK_OK;
}

/* R's quantile(type = 7) of x[0..n) sorted. */
static double quantile7_sorted(const double *x, size_t n, double prob)
{
        double index = 1.0 + ((double)n - 1.0) * prob, lo = floor(index),
               hi = ceil(index), xl = x[(size_t)lo - 1], xh, h;

        if (!(index > lo))
                return xl;
        xh = x[(size_t)hi - 1];
        if (!islessgreater(xl, xh))
                return xl;
        h = index - lo;
        return (1.0 - h) * xl + h * xh;
}

int fk_sample_summary_sorted(const double *x, size_t k, double conf,
                             struct fk_sample_summary *s,
                             struct fk_error *err)
{
        int rc;

        if ((rc = summary_moments(x, NULL, k, conf, s, err)) != FK_OK)
                return rc;
        for (size_t i = 1; i < k; i++)
                if (x[i] < x[i - 1])
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "summary: value %zu is below the "
                                            "one before it", i + 1);
        s->min = x[0];
        s->max = x[k - 1];
        s->q1 = quantile7_sorted(x, k, 0.25);
        s->median = quantile7_sorted(x, k, 0.5);
        s->q3 = quantile7_sorted(x, k, 0.75);
        return FK_OK;
}

/* ---- Welch ---------------------------------------------------------- */

/* Welch's statistic for H0: mean1 - mean2 = mu, as R's t.test.default.
 * Returns 0 when the test is defined, else 1 (an arm with n < 2, or R's
 * "data are essentially constant": stderr < 10 eps max(|mean1|, |mean2|),
 * which includes both variances being 0). */
static int welch_core(const struct moments *a, const struct moments *b,
                      double mu, double *tstat, double *df, double *se)
{
        double vx, vy, sx, sy;

        if (!(a->n >= 2.0) || !(b->n >= 2.0)) {
                *tstat = *df = *se = NAN;
                return 1;
        }
        vx = a->var;
        vy = b->var;
        sx = sqrt(vx / a->n);
        sy = sqrt(vy / b->n);
        *se = sqrt(sx * sx + sy * sy);
        *df = pow(*se, 4.0) / (pow(sx, 4.0) / (a->n - 1.0) +
                               pow(sy, 4.0) / (b->n - 1.0));
        if (!isfinite(*se) || !isfinite(*df)) {
                /* values near the end of the double range: the same in
                 * extended range, scaled by the larger standard error */
                long double lx = sqrtl(a->varl / a->n);
                long double ly = sqrtl(b->varl / b->n);
                long double c = fmaxl(lx, ly), rx = lx / c, ry = ly / c;
                long double r2 = rx * rx + ry * ry;

                sx = (double)lx;
                sy = (double)ly;
                *se = (double)(c * sqrtl(r2));
                *df = (double)(r2 * r2 / (rx * rx * rx * rx / (a->n - 1.0L) +
                                          ry * ry * ry * ry / (b->n - 1.0L)));
        }
        if (*se < 10.0 * DBL_EPSILON * fmax(fabs(a->mean), fabs(b->mean)) ||
            !(*se > 0.0)) {
                *tstat = *df = NAN;
                return 1;
        }
        *tstat = (a->mean - b->mean - mu) / *se;
        return 0;
}

static int two_samples(const double *x1, const double *w1, size_t n1,
                       const double *x2, const double *w2, size_t n2,
                       const char *fn, struct moments *a, struct moments *b,
                       struct fk_error *err)
{
        int rc;

        if ((rc = check_sample(x1, w1, n1, fn, "trial arm: ", err)) != FK_OK ||
            (rc = check_sample(x2, w2, n2, fn, "control arm: ", err)) != FK_OK)
                return rc;
        if (moments(x1, w1, n1, a) || moments(x2, w2, n2, b))
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "%s: out of memory", fn);
        return FK_OK;
}

int fk_welch_t(const double *x1, const double *w1, size_t n1,
               const double *x2, const double *w2, size_t n2, double conf,
               struct fk_welch *out, struct fk_error *err)
{
        struct moments a, b;
        double q;
        int rc;

        if ((rc = fk_check_conf(conf, "welch t", err)) != FK_OK ||
            (rc = two_samples(x1, w1, n1, x2, w2, n2, "welch t", &a, &b,
                              err)) != FK_OK)
                return rc;
        out->estimate = a.mean - b.mean;
        if (welch_core(&a, &b, 0.0, &out->statistic, &out->df, &out->se)) {
                out->p_value = out->ci[0] = out->ci[1] = NAN;
                return FK_OK;
        }
        out->p_value = 2.0 * fk_t_cdf(-fabs(out->statistic), out->df, 0);
        q = fk_t_upper_quantile((1.0 - conf) / 2.0, out->df);
        out->ci[0] = (out->statistic - q) * out->se;
        out->ci[1] = (out->statistic + q) * out->se;
        return FK_OK;
}

int fk_welch_t_test(const double *x1, const double *w1, size_t n1,
                    const double *x2, const double *w2, size_t n2,
                    double delta0, int alternative, double *p,
                    struct fk_error *err)
{
        struct moments a, b;
        double t, df, se;
        int rc;

        if (alternative != 1 && alternative != -1)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "welch t: alternative must be +1 or -1, "
                                    "not %d", alternative);
        if (!isfinite(delta0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "welch t: null difference %g is not "
                                    "finite", delta0);
        if ((rc = two_samples(x1, w1, n1, x2, w2, n2, "welch t", &a, &b,
                              err)) != FK_OK)
                return rc;
        if (welch_core(&a, &b, delta0, &t, &df, &se)) {
                *p = NAN;
                return FK_OK;
        }
        *p = fk_t_cdf(t, df, alternative > 0);
        return FK_OK;
}

/* ---- Hedges' g ------------------------------------------------------ */

/* The sum of squared deviations of one arm, (n - 1) var; 0 below n = 2. */
static double pooled(const struct moments *m)
{
        return m->n >= 2.0 ? (m->n - 1.0) * m->var : 0.0;
}

static long double pooled_l(const struct moments *m)
{
        return m->n >= 2.0 ? (m->n - 1.0L) * m->varl : 0.0L;
}

int fk_hedges_g(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                double *g, double ci[2], struct fk_error *err)
{
        struct moments a, b;
        double n, sp, z, se;
        int rc;

        if ((rc = fk_check_conf(conf, "hedges g", err)) != FK_OK ||
            (rc = two_samples(x1, w1, n1, x2, w2, n2, "hedges g", &a, &b,
                              err)) != FK_OK)
                return rc;
        n = a.n + b.n;
        sp = n >= 3.0 ? sqrt((pooled(&a) + pooled(&b)) / (n - 2.0)) : NAN;
        if (n >= 3.0 && !isfinite(sp))
                sp = (double)sqrtl((pooled_l(&a) + pooled_l(&b)) /
                                   (n - 2.0L));
        if (!(sp > 0.0)) {
                *g = ci[0] = ci[1] = NAN;
                return FK_OK;
        }
        *g = (a.mean - b.mean) / sp * (1.0 - 3.0 / (4.0 * n - 9.0));
        z = gsl_cdf_ugaussian_Pinv((1.0 + conf) / 2.0);
        se = sqrt(n / (a.n * b.n) + *g * *g / (2.0 * n));
        ci[0] = *g - z * se;
        ci[1] = *g + z * se;
        return FK_OK;
}
