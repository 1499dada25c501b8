/* Fisher's exact test on a 2x2 table as R fisher.test: two-sided p-value,
 * conditional maximum-likelihood odds ratio and its exact interval.
 *
 * X = x1 given the margins follows Fisher's noncentral hypergeometric law
 * with odds ratio psi on lo..hi.  All sums walk outward from the mode with
 * the term ratio t(j+1)/t(j) = psi (m-j)(k-j) / ((j+1)(n-k+j+1)) and stop
 * where terms underflow, so each evaluation costs O(sd), not O(support),
 * and counts in the millions are cheap.  Roots are found by bisection on
 * log(psi) to double precision.  See METHODS.md. */
#include <math.h>

#include "fkstat/fisher.h"
#include "stats/check.h"

struct hyp {
        double m;       /* column 1 total: x1 + x2 */
        double n;       /* column 2 total */
        double k;       /* row 1 total: n1 */
        double lo, hi;  /* support of X */
};

#define TINY 1e-300     /* relative size below which terms are dropped */
#define LPSI_MAX 600.0  /* |log psi| searched; keeps psi * ratio finite */

/* t(j+1)/t(j) at psi = 1, for lo <= j < hi. */
static double ratio(const struct hyp *h, double j)
{
        return ((h->m - j) / (j + 1.0)) * ((h->k - j) / (h->n - h->k + j + 1.0));
}

/* The mode: the smallest j with t(j+1) < t(j) (ratio(hi) = 0). */
static double mode_of(const struct hyp *h, double lpsi)
{
        double a = h->lo, b = h->hi;

        while (a < b) {
                double mid = floor(a + (b - a) / 2.0);

                if (log(ratio(h, mid)) + lpsi < 0.0)
                        b = mid;
                else
                        a = mid + 1.0;
        }
        return a;
}

/* Mean, P(X <= x) and P(X >= x) at log odds ratio lpsi. */
static void nc_moments(const struct hyp *h, double lpsi, double x,
                       double *mean, double *ple, double *pge)
{
        double psi = exp(lpsi), md = mode_of(h, lpsi);
        double z = 1.0, s1 = 0.0, le, ge, w, j;

        le = md <= x ? 1.0 : 0.0;
        ge = md >= x ? 1.0 : 0.0;
        for (j = md, w = 1.0; j < h->hi;) {
                w *= ratio(h, j) * psi;
                j += 1.0;
                if (w < TINY)
                        break;
                z += w;
                s1 += (j - md) * w;
                if (j <= x)
                        le += w;
                if (j >= x)
                        ge += w;
        }
        for (j = md, w = 1.0; j > h->lo;) {
                w /= ratio(h, j - 1.0) * psi;
                j -= 1.0;
                if (w < TINY)
                        break;
                z += w;
                s1 += (j - md) * w;
                if (j <= x)
                        le += w;
                if (j >= x)
                        ge += w;
        }
        *mean = md + s1 / z;
        *ple = le / z;
        *pge = ge / z;
}

enum target { MLE, LOWER, UPPER };

/* An increasing function of lpsi whose root is the wanted estimate. */
static double target_fn(const struct hyp *h, double x, enum target t,
                        double level, double lpsi)
{
        double mean, ple, pge;

        nc_moments(h, lpsi, x, &mean, &ple, &pge);
        switch (t) {
        case MLE:
                return mean - x;
        case LOWER:
                return pge - level;        /* P(X >= x; psi) = alpha/2 */
        default:
                return level - ple;        /* P(X <= x; psi) = alpha/2 */
        }
}

/* Bracket outward from u0, then bisect to adjacent doubles. */
static double solve_lpsi(const struct hyp *h, double x, enum target t,
                         double level, double u0)
{
        double a, b, step = 1.0;
        int it;

        if (target_fn(h, x, t, level, u0) < 0.0) {
                a = u0;
                for (b = u0 + step; target_fn(h, x, t, level, b) < 0.0;
                     b = u0 + step) {
                        a = b;
                        step *= 2.0;
                        if (b > LPSI_MAX)
                                return INFINITY;
                }
        } else {
                b = u0;
                for (a = u0 - step; !(target_fn(h, x, t, level, a) < 0.0);
                     a = u0 - step) {
                        b = a;
                        step *= 2.0;
                        if (a < -LPSI_MAX)
                                return -INFINITY;
                }
        }
        for (it = 0; it < 200; it++) {
                double mid = a + (b - a) / 2.0;

                if (!(mid > a && mid < b))
                        break;
                if (target_fn(h, x, t, level, mid) < 0.0)
                        a = mid;
                else
                        b = mid;
        }
        return a + (b - a) / 2.0;
}

/* Two-sided p at psi = 1 in log space: sum of P(j) over P(j) <= P(x) (1 +
 * 1e-7), as R; exact down to the underflow of the p-value itself. */
static double fisher_p(const struct hyp *h, double x)
{
        const double tol = log1p(1e-7);
        double md = mode_of(h, 0.0), lobs = 0.0, l, j, z, s;
        int dir;

        for (j = md; j < x; j += 1.0)
                lobs += log(ratio(h, j));
        for (j = md; j > x; j -= 1.0)
                lobs -= log(ratio(h, j - 1.0));
        z = 1.0;
        s = 0.0 <= lobs + tol ? exp(-lobs) : 0.0;
        for (dir = -1; dir <= 1; dir += 2) {
                for (j = md, l = 0.0;;) {
                        if (dir > 0) {
                                if (!(j < h->hi))
                                        break;
                                l += log(ratio(h, j));
                                j += 1.0;
                        } else {
                                if (!(j > h->lo))
                                        break;
                                l -= log(ratio(h, j - 1.0));
                                j -= 1.0;
                        }
                        z += exp(l);
                        if (l <= lobs + tol)
                                s += exp(l - lobs);
                        if (l < lobs - 60.0 && l < -60.0)
                                break;
                }
        }
        l = exp(lobs + log(s) - log(z));
        return l < 1.0 ? l : 1.0;
}

int fk_fisher_exact(double x1, double n1, double x2, double n2, double conf,
                    double *p, double *or_mle, double *lo, double *hi,
                    struct fk_error *err)
{
        struct hyp h;
        double level, u0, a = x1, b = n1 - x1, c = x2, d = n2 - x2;

        if (fk_check_trials(x1, n1, "fisher", err) ||
            fk_check_trials(x2, n2, "fisher", err) ||
            fk_check_conf(conf, "fisher", err))
                return err ? err->code : FK_EDOMAIN;
        h.m = x1 + x2;
        h.n = (n1 - x1) + (n2 - x2);
        h.k = n1;
        h.lo = h.k - h.n > 0.0 ? h.k - h.n : 0.0;
        h.hi = h.k < h.m ? h.k : h.m;
        level = (1.0 - conf) / 2.0;

        *p = h.hi > h.lo ? fisher_p(&h, x1) : 1.0;
        /* R checks x == lo before x == hi, so a one-point support gives 0 */
        if (!(x1 > h.lo)) {
                *or_mle = 0.0;
                *lo = 0.0;
        }
        if (!(x1 < h.hi)) {
                if (x1 > h.lo)
                        *or_mle = INFINITY;
                *hi = INFINITY;
        }
        /* start from the sample log odds ratio, Haldane-corrected */
        u0 = log((a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5)));
        if (x1 > h.lo && x1 < h.hi)
                *or_mle = exp(solve_lpsi(&h, x1, MLE, 0.0, u0));
        if (x1 > h.lo)
                *lo = exp(solve_lpsi(&h, x1, LOWER, level, u0));
        if (x1 < h.hi)
                *hi = exp(solve_lpsi(&h, x1, UPPER, level, u0));
        return FK_OK;
}
