/* Means of two independent samples with frequency weights: per-sample
 * summary with the t interval, Welch's t test and interval, Hedges' g.
 * See include/fkstat/means.h and METHODS.md, "Count and continuous
 * outcomes".
 *
 * x[i] stands for w[i] identical observations; every statistic equals the
 * one of the expanded sample up to rounding, computed without expanding.
 * Student t probabilities are our own: GSL's gsl_cdf_tdist_P/Q switch to a
 * Cornish–Fisher approximation above 30 df (relative error up to 4e-9 at
 * 31 df, t = 10) and gsl_sf_beta_inc loses ~log10(df) digits in its
 * prefactor, whereas Welch df are arbitrary reals up to the number of
 * observations (10^7 and more).  The tail is f(t) times a factor: f the
 * density by Loader's saddle-point form (as R's dt), the factor from the
 * incomplete-beta continued fraction up to 1000 df and from exp-sinh
 * quadrature above; both agree with R's pt to ~1e-13 relative for every
 * df tried (1 to 1e12) down to the underflow threshold, and qt to 3e-14. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/means.h"

#include "stats/dpq.h"

#define ONE_OVER_SQRT_2PI 0.398942280401432677939946059934
#define T_QUAD_NU 1000.0        /* above: quadrature, below: continued fraction */

/* ---- Student t ------------------------------------------------------ */

/* The continued fraction h of I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * h,
 * by the modified Lentz method (Numerical Recipes' betacf).  It converges
 * for x < (a + 1)/(a + b + 2); callers use the symmetry I_x(a, b) =
 * 1 - I_{1-x}(b, a) beyond that.  Near that boundary it takes about
 * sqrt(a + b) terms, hence the generous cap. */
static double beta_cf(double a, double b, double x)
{
        const double tiny = 1e-300;
        double qab = a + b, qap = a + 1.0, qam = a - 1.0, c = 1.0, d, h;

        d = 1.0 - qab * x / qap;
        if (fabs(d) < tiny)
                d = tiny;
        d = 1.0 / d;
        h = d;
        for (long m = 1; m <= 1000000; m++) {
                double m2 = 2.0 * (double)m, aa, del;

                aa = (double)m * (b - (double)m) * x / ((qam + m2) * (a + m2));
                d = 1.0 + aa * d;
                if (fabs(d) < tiny)
                        d = tiny;
                c = 1.0 + aa / c;
                if (fabs(c) < tiny)
                        c = tiny;
                d = 1.0 / d;
                h *= d * c;
                aa = -(a + (double)m) * (qab + (double)m) * x /
                     ((a + m2) * (qap + m2));
                d = 1.0 + aa * d;
                if (fabs(d) < tiny)
                        d = tiny;
                c = 1.0 + aa / c;
                if (fabs(c) < tiny)
                        c = tiny;
                d = 1.0 / d;
                del = d * c;
                h *= del;
                if (fabs(del - 1.0) <= DBL_EPSILON)
                        break;
        }
        return h;
}


/* Density of t with nu df (Loader's form, as R's dt). */
static double t_density(double x, double nu)
{
        double t, u, x2n = x * x / nu;

        t = -fk_bd0(nu / 2.0, (nu + 1.0) / 2.0) + fk_stirlerr((nu + 1.0) / 2.0) -
            fk_stirlerr(nu / 2.0);
        if (x2n > 1.0 / DBL_EPSILON) {
                double ax = fabs(x);

                u = nu * (log(ax) - 0.5 * log(nu));
                return sqrt(nu) / ax * exp(t - u) * ONE_OVER_SQRT_2PI;
        }
        if (x2n > 0.2)
                u = nu * log1p(x2n) / 2.0;
        else
                u = -fk_bd0(nu / 2.0, (nu + x * x) / 2.0) + x * x / 2.0;
        return exp(t - u) * ONE_OVER_SQRT_2PI / sqrt(1.0 + x2n);
}

/* The exp-sinh integrand at tau: f(x + u)/f(x) du/dtau with
 * u = c exp(pi/2 sinh tau). */
static double de_term(double x, double nu, double c, double tau)
{
        const double hpi = 1.5707963267948966;
        double u = c * exp(hpi * sinh(tau));

        return exp(-(nu + 1.0) / 2.0 *
                   log1p((2.0 * x * u + u * u) / (nu + x * x))) *
               u * hpi * cosh(tau);
}

/* P(T > x) / f(x) for x >= 0 by double-exponential (exp-sinh) quadrature
 * of f(x + u)/f(x) = (1 + (2xu + u²)/(nu + x²))^(-(nu+1)/2) over u > 0
 * (Takahasi & Mori 1974) on tau in [-4.5, 4.5], the scale c set by the
 * decay rate at u = 0; the step is halved until two sums agree to 1e-14.
 * Used for large nu, where the beta continued fraction is ill-conditioned
 * (its terms cancel to about 1/nu: 2e-8 relative error at nu = 3e8). */
static double t_tail_ratio_quad(double x, double nu)
{
        const int half = 9;     /* tau = k h, |k| <= half / h, h = 1/2 */
        double kappa = (nu + 1.0) / (nu + x * x), c, h = 0.5, sum = 0.0, prev;
        long m = half;

        c = 1.0 / fmax(kappa * x, sqrt(kappa));
        for (long k = -m; k <= m; k++)
                sum += de_term(x, nu, c, (double)k * h);
        prev = sum * h;
        for (int level = 0; level < 12; level++) {
                double cur;

                h /= 2.0;
                m *= 2;
                for (long k = -m + 1; k < m; k += 2)
                        sum += de_term(x, nu, c, (double)k * h);
                cur = sum * h;
                if (fabs(cur - prev) <= 1e-14 * cur)
                        return cur;
                prev = cur;
        }
        return prev;
}

/* Upper tail P(T > x) for x >= 0 (and the density at x in *dens).  With
 * y = x²/(nu + x²): P(T > x) = I_{1-y}(nu/2, 1/2)/2 = x f(x) h / nu, or
 * 1/2 - I_y(1/2, nu/2)/2 = 1/2 - x f(x) h' where that fraction is the
 * one that converges. */
static double t_upper_pos(double x, double nu, double *dens)
{
        double f = t_density(x, nu), a = nu / 2.0, xx, y;

        *dens = f;
        if (!(x > 0.0))
                return 0.5;
        if (!isfinite(x))
                return 0.0;
        if (nu > T_QUAD_NU)
                return f * t_tail_ratio_quad(x, nu);
        xx = nu / (nu + x * x);
        y = x * x / (nu + x * x);
        if (xx < (a + 1.0) / (a + 2.5))
                return x * f * beta_cf(a, 0.5, xx) / nu;
        return 0.5 - x * f * beta_cf(0.5, a, y);
}

/* P(T <= x) (upper = 0) or P(T > x) (upper = 1), as R's pt. */
double fk_t_cdf(double x, double nu, int upper)
{
        double d;

        if (isnan(x) || isnan(nu))
                return NAN;
        if (x >= 0.0)
                return upper ? t_upper_pos(x, nu, &d) : 1.0 - t_upper_pos(x, nu, &d);
        return upper ? 1.0 - t_upper_pos(-x, nu, &d) : t_upper_pos(-x, nu, &d);
}

/* The upper quantile q with P(T > q) = tail, 0 < tail < 1/2, as R's
 * qt(tail, nu, lower.tail = FALSE): Newton's method on log P(T > q) from
 * GSL's starting value, safeguarded by bisection in a bracket. */
double fk_t_upper_quantile(double tail, double nu)
{
        double lo = 0.0, hi = INFINITY, q, lt = log(tail);

        q = gsl_cdf_tdist_Qinv(tail, nu);
        if (!(q > 0.0) || !isfinite(q))
                q = gsl_cdf_ugaussian_Qinv(tail);
        if (!(q > 0.0) || !isfinite(q))
                q = 1.0;
        for (int it = 0; it < 200; it++) {
                double dens, up = t_upper_pos(q, nu, &dens), f, nq;

                f = log(up) - lt;               /* falls as q rises */
                if (f > 0.0)
                        lo = q;
                else
                        hi = q;
                nq = q + f * up / dens;
                if (!isfinite(nq) || !(nq > lo) || !(nq < hi))
                        nq = isfinite(hi) ? 0.5 * (lo + hi) : 2.0 * q;
                if (!(fabs(nq - q) > 2.0 * DBL_EPSILON * q))
                        return nq;
                q = nq;
        }
        return q;
}

/* ---- weighted moments ----------------------------------------------- */

struct moments {
        double n;       /* sum of weights */
        double mean;
        double ss;      /* sum of squared deviations from the mean */
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

/* Mean as R's mean.default on the expanded sample: the weighted mean in
 * extended precision corrected by the mean residual; the sum of squares
 * by the corrected two-pass formula (Chan, Golub & LeVeque 1983). */
static void moments(const double *x, const double *w, size_t k,
                    struct moments *m)
{
        long double n = 0, s = 0, c = 0, ss = 0, mm;

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
        m->ss = (double)(ss - c * c / n);
        if (m->ss < 0.0)
                m->ss = 0.0;
}

static int check_conf(double conf, const char *fn, struct fk_error *err)
{
        if (!(conf > 0.0 && conf < 1.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s: confidence level %g is outside (0, 1)",
                                    fn, conf);
        return FK_OK;
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

int fk_sample_summary(const double *x, const double *w, size_t k, double conf,
                      struct fk_sample_summary *s, struct fk_error *err)
{
        struct moments m;
        struct pair *p;
        double *cum, acc = 0.0;
        size_t npos = 0;
        int rc;

        if ((rc = check_sample(x, w, k, "summary", "", err)) != FK_OK ||
            (rc = check_conf(conf, "summary", err)) != FK_OK)
                return rc;
        moments(x, w, k, &m);
        s->n = m.n;
        s->mean = m.mean;
        s->sd = m.n >= 2.0 ? sqrt(m.ss / (m.n - 1.0)) : NAN;
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

                s->ci[0] = (tstat - q) * se;
                s->ci[1] = (tstat + q) * se;
        }

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
        s->q1 = quantile7(p, cum, npos, m.n, 0.25);
        s->median = quantile7(p, cum, npos, m.n, 0.5);
        s->q3 = quantile7(p, cum, npos, m.n, 0.75);
        free(p);
        free(cum);
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
        vx = a->ss / (a->n - 1.0);
        vy = b->ss / (b->n - 1.0);
        sx = sqrt(vx / a->n);
        sy = sqrt(vy / b->n);
        *se = sqrt(sx * sx + sy * sy);
        *df = pow(*se, 4.0) / (pow(sx, 4.0) / (a->n - 1.0) +
                               pow(sy, 4.0) / (b->n - 1.0));
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
        moments(x1, w1, n1, a);
        moments(x2, w2, n2, b);
        return FK_OK;
}

int fk_welch_t(const double *x1, const double *w1, size_t n1,
               const double *x2, const double *w2, size_t n2, double conf,
               struct fk_welch *out, struct fk_error *err)
{
        struct moments a, b;
        double q;
        int rc;

        if ((rc = check_conf(conf, "welch t", err)) != FK_OK ||
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

int fk_hedges_g(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                double *g, double ci[2], struct fk_error *err)
{
        struct moments a, b;
        double n, sp, z, se;
        int rc;

        if ((rc = check_conf(conf, "hedges g", err)) != FK_OK ||
            (rc = two_samples(x1, w1, n1, x2, w2, n2, "hedges g", &a, &b,
                              err)) != FK_OK)
                return rc;
        n = a.n + b.n;
        sp = n >= 3.0 ? sqrt((a.ss + b.ss) / (n - 2.0)) : NAN;
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
