/* Exact conditional comparison of two Poisson rates as R poisson.test.
 * See include/fkstat/poisson.h and METHODS.md, "Rate ratio".
 *
 * Given c1 + c2 = n events, C1 is Binomial(n, p) with p = t1/(t1 + t2)
 * under rate ratio 1.  Binomial probabilities come from Loader's
 * saddle-point formula (as R's dbinom) and the tails from summing them
 * outward from the cut in extended precision, so they stay accurate to
 * ~1e-13 relative for n up to 2e7 and beyond and in the far tails.  (GSL's
 * gsl_cdf_binomial_* work from the exp of a difference of large
 * log-gammas, and the incomplete-beta continued fraction cancels to
 * about 1/n when p is near 1.)  The Clopper–Pearson ends are solved on
 * the log-odds scale theta, so the rate ratio exp(theta) t2/t1 keeps full
 * relative precision even when the binomial end is within 1e-10 of 1,
 * where R's pp/(1 - pp) loses eps/(1 - pp). */
#include <float.h>
#include <math.h>

#include "fkstat/poisson.h"

#include "stats/check.h"
#include "stats/dpq.h"

#define LN_2PI 1.837877066409345483560659472811         /* log(2 pi) */
#define SOLVE_MAXIT 200

/* Binomial probability P(X = x), X ~ Binomial(n, p), q = 1 - p given
 * separately so that both can be exact (Loader 2000, as R's dbinom_raw). */
static double dbinom(double x, double n, double p, double q)
{
        double lc, lf;

        if (!(p > 0.0))
                return x > 0.0 ? 0.0 : 1.0;
        if (!(q > 0.0))
                return x < n ? 0.0 : 1.0;
        if (x < 0.0 || x > n)
                return 0.0;
        if (!(x > 0.0)) {
                if (!(n > 0.0))
                        return 1.0;
                lc = p < 0.1 ? -fk_bd0(n, n * q) - n * p : n * log(q);
                return exp(lc);
        }
        if (!(x < n)) {
                lc = q < 0.1 ? -fk_bd0(n, n * p) - n * q : n * log(p);
                return exp(lc);
        }
        lc = fk_stirlerr(n) - fk_stirlerr(x) - fk_stirlerr(n - x) -
             fk_bd0(x, n * p) - fk_bd0(n - x, n * q);
        lf = LN_2PI + log(x) + log1p(-x / n);
        return exp(lc - 0.5 * lf);
}

/* The tail sum from k away from the mode: terms t(j) = dbinom(j) are
 * summed in extended precision by the ratio t(j+1)/t(j) = (n-j)p/((j+1)q)
 * (step +1) or its inverse (step -1) while they fall; the sum stops when
 * the geometric bound t r/(1 - r) on the rest is below 1e-17 of it. */
static double tail_sum(double k, double n, double p, double q, int step)
{
        long double term = dbinom(k, n, p, q), sum = term, j = k;

        while (term > 0) {
                long double r;

                if (step > 0) {
                        if (j >= n)
                                break;
                        r = ((long double)n - j) * p / ((j + 1) * q);
                        j += 1;
                } else {
                        if (j <= 0)
                                break;
                        r = j * (long double)q / (((long double)n - j + 1) * p);
                        j -= 1;
                }
                term *= r;
                sum += term;
                if (r < 1 && term * r / (1 - r) < 1e-17L * sum)
                        break;
        }
        return (double)sum;
}

/* The mode floor((n + 1) p), clamped to 0..n. */
static double mode_of(double n, double p)
{
        return fmin(n, fmax(0.0, floor((n + 1.0) * p)));
}

/* P(X <= k): summed downwards below the mode, else 1 - P(X >= k + 1). */
static double binom_le(double k, double n, double p, double q);

/* P(X >= k): summed upwards above the mode, else 1 - P(X <= k - 1). */
static double binom_ge(double k, double n, double p, double q)
{
        if (!(k > 0.0))
                return 1.0;
        if (k > n)
                return 0.0;
        if (k > mode_of(n, p))
                return tail_sum(k, n, p, q, 1);
        return 1.0 - binom_le(k - 1.0, n, p, q);
}

static double binom_le(double k, double n, double p, double q)
{
        if (k < 0.0)
                return 0.0;
        if (!(k < n))
                return 1.0;
        if (k < mode_of(n, p))
                return tail_sum(k, n, p, q, -1);
        return 1.0 - binom_ge(k + 1.0, n, p, q);
}

/* p and q = 1 - p from the log-odds theta, each to full precision. */
static void logistic(double theta, double *p, double *q)
{
        *p = 1.0 / (1.0 + exp(-theta));
        *q = 1.0 / (1.0 + exp(theta));
}

/* log P(X >= x | theta) (upper = 0) or log P(X <= x | theta) (upper = 1)
 * and its derivative in theta; both tails are monotone in theta. */
static double cp_tail(double x, double n, double theta, int upper,
                      double *deriv)
{
        double p, q, tail, dens;

        logistic(theta, &p, &q);
        dens = dbinom(x, n, p, q);
        if (upper) {
                tail = binom_le(x, n, p, q);
                *deriv = -(n - x) * p * dens / tail;
        } else {
                tail = binom_ge(x, n, p, q);
                *deriv = x * q * dens / tail;
        }
        return log(tail);
}

/* The log-odds theta at which the tail of cp_tail equals alpha: the lower
 * (upper = 0, needs x >= 1) or upper (upper = 1, needs x <= n - 1)
 * Clopper–Pearson end, i.e. R's qbeta(alpha, x, n - x + 1) or
 * qbeta(1 - alpha, x + 1, n - x).  Newton's method on the log tail,
 * safeguarded by bisection inside a bracket found by stepping out. */
static double cp_theta(double x, double n, double alpha, int upper)
{
        double la = log(alpha), lo, hi, t, d, f, step = 1.0;
        double phat = x / n;
        /* f(theta) = log tail - log alpha rises with theta for the lower
         * end and falls for the upper end; s turns it into a rising one. */
        double s = upper ? -1.0 : 1.0;

        if (phat <= 0.0)
                phat = 0.5 / n;
        if (phat >= 1.0)
                phat = 1.0 - 0.5 / n;
        t = log(phat) - log1p(-phat);
        lo = hi = t;
        f = s * (cp_tail(x, n, t, upper, &d) - la);
        if (f > 0.0) {
                do {
                        hi = lo;
                        lo -= step;
                        step *= 2.0;
                        f = s * (cp_tail(x, n, lo, upper, &d) - la);
                } while (f > 0.0 && step < 1e4);
        } else {
                do {
                        lo = hi;
                        hi += step;
                        step *= 2.0;
                        f = s * (cp_tail(x, n, hi, upper, &d) - la);
                } while (!(f > 0.0) && step < 1e4);
        }
        t = 0.5 * (lo + hi);
        for (int it = 0; it < SOLVE_MAXIT; it++) {
                double nt;

                f = s * (cp_tail(x, n, t, upper, &d) - la);
                d *= s;
                if (!(f > 0.0))
                        lo = t;
                else
                        hi = t;
                if (fabs(f) > 0.0 && isfinite(f) && d > 0.0 && isfinite(d))
                        nt = t - f / d;
                else
                        nt = 0.5 * (lo + hi);
                if (!(nt > lo && nt < hi))
                        nt = 0.5 * (lo + hi);
                if (!(fabs(nt - t) > 2.0 * DBL_EPSILON * fmax(1.0, fabs(t))) ||
                    !(hi - lo > 2.0 * DBL_EPSILON * fmax(1.0, fabs(t))))
                        return nt;
                t = nt;
        }
        return t;
}

/* First i in [a, b] with dbinom(i) <= thr, for dbinom non-increasing on
 * [a, b]; b + 1 when there is none. */
static double first_below(double a, double b, double n, double p, double q,
                          double thr)
{
        double lo = a, hi = b + 1.0;

        while (lo < hi) {
                double mid = floor(lo + (hi - lo) / 2.0);

                if (dbinom(mid, n, p, q) <= thr)
                        hi = mid;
                else
                        lo = mid + 1.0;
        }
        return lo;
}

/* Last i in [a, b] with dbinom(i) <= thr, for dbinom non-decreasing on
 * [a, b]; a - 1 when there is none. */
static double last_below(double a, double b, double n, double p, double q,
                         double thr)
{
        double lo = a - 1.0, hi = b;

        while (lo < hi) {
                double mid = ceil(lo + (hi - lo) / 2.0);

                if (dbinom(mid, n, p, q) <= thr)
                        lo = mid;
                else
                        hi = mid - 1.0;
        }
        return lo;
}

/* Two-sided exact binomial p-value as R binom.test: the probability of
 * the outcomes no more likely than x, with R's relative tolerance 1e-7.
 * R counts those outcomes on the far side of the mean one by one; the
 * density is monotone there, so a bisection finds the same count. */
static double binom_two_sided(double x, double n, double p, double q)
{
        const double rel = 1.0 + 1e-7;
        double d = dbinom(x, n, p, q), m = n * p, thr = d * rel, y;

        if (!islessgreater(x, m))
                return 1.0;
        if (x < m) {
                double a = ceil(m);

                y = n - first_below(a, n, n, p, q, thr) + 1.0;
                return binom_le(x, n, p, q) + binom_ge(n - y + 1.0, n, p, q);
        }
        y = last_below(0.0, floor(m), n, p, q, thr) + 1.0;
        return binom_le(y - 1.0, n, p, q) + binom_ge(x, n, p, q);
}

static int is_count(double c)
{
        return isfinite(c) && c >= 0.0 && !(c - floor(c) > 0.0);
}

int fk_poisson_exact(double c1, double t1, double c2, double t2, double conf,
                     struct fk_rate *out, struct fk_error *err)
{
        double n, p, q, alpha;
        int rc;

        if (!is_count(c1) || !is_count(c2))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "poisson exact: counts must be whole and "
                                    "non-negative (%g, %g)", c1, c2);
        if (!(t1 > 0.0) || !(t2 > 0.0) || !isfinite(t1) || !isfinite(t2))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "poisson exact: person-time must be "
                                    "positive (%g, %g)", t1, t2);
        if ((rc = fk_check_conf(conf, "poisson exact", err)) != FK_OK)
                return rc;
        n = c1 + c2;
        out->estimate = (c1 / t1) / (c2 / t2);

        /* R: binom.test(c1, n, t1/(t1 + t2)); q = 1 - p as R's pbinom. */
        p = t1 / (t1 + t2);
        q = 1.0 - p;
        out->p_value = binom_two_sided(c1, n, p, q);

        /* Clopper–Pearson ends p_L, p_U mapped by p/(1-p) * t2/t1; the
         * ends for c1 = 0 and c1 = n are 0 and 1, i.e. 0 and Inf. */
        alpha = (1.0 - conf) / 2.0;
        out->ci[0] = c1 > 0.0 ? exp(cp_theta(c1, n, alpha, 0)) * t2 / t1 : 0.0;
        out->ci[1] = c1 < n ? exp(cp_theta(c1, n, alpha, 1)) * t2 / t1
                            : INFINITY;
        return FK_OK;
}
