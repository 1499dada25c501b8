/* Two independent proportions: Wilson, risk difference (Miettinen–Nurminen,
 * Newcombe, Wald, Agresti–Caffo), Miettinen–Nurminen score test, Katz risk
 * ratio, Woolf odds ratio, Pearson/Yates chi-square.  See METHODS.md. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/proportions.h"
#include "stats/check.h"

#define PI 3.14159265358979323846

/* Two-sided normal critical value z_{1-alpha/2}, as scipy norm.isf(alpha/2). */
static double crit_z(double conf)
{
        return gsl_cdf_ugaussian_Qinv((1.0 - conf) / 2.0);
}

/* Wilson bounds free of cancellation: the upper bound is a sum of
 * positive terms, and as the bounds are the roots of
 * (1 + z²/n) p² - (2q + z²/n) p + q² = 0 the lower one is q² / (a hi).
 * x = 0 and x = n give exactly 0 and 1. */
static void wilson(double x, double n, double z, double *lo, double *hi)
{
        double q = x / n, z2 = z * z, a = 1.0 + z2 / n, up;

        up = (q + z2 / (2.0 * n) +
              z * sqrt(q * (1.0 - q) / n + z2 / (4.0 * n * n))) / a;
        *lo = x > 0.0 ? q * q / (a * up) : 0.0;
        *hi = x < n ? up : 1.0;
}

int fk_prop_wilson_ci(double x, double n, double conf, double *lo, double *hi,
                      struct fk_error *err)
{
        if (fk_check_trials(x, n, "wilson", err) ||
            fk_check_conf(conf, "wilson", err))
                return err ? err->code : FK_EDOMAIN;
        wilson(x, n, crit_z(conf), lo, hi);
        return FK_OK;
}

static const char *const rd_names[] = {
        "miettinen_nurminen", "newcombe", "wald", "agresti_caffo",
        "miettinen_nurminen_statsmodels"
};

const char *fk_rd_method_name(enum fk_rd_method m)
{
        if ((unsigned)m < sizeof rd_names / sizeof rd_names[0])
                return rd_names[m];
        return "unknown";
}

int fk_rd_method_parse(const char *name)
{
        size_t i;

        if (!name)
                return -1;
        for (i = 0; i < sizeof rd_names / sizeof rd_names[0]; i++)
                if (!strcmp(name, rd_names[i]))
                        return (int)i;
        if (!strcmp(name, "miettinen_nurminen_corrected"))
                return FK_RD_MIETTINEN_NURMINEN;   /* the name before 0.2 */
        return -1;
}

/* Restricted score g(p2) = x1/p1 - (n1-x1)/(1-p1) + x2/p2 - (n2-x2)/(1-p2)
 * with p1 = p2 + d, decreasing in p2; *gp gets its derivative.  A term
 * whose count is 0 is absent, so g is finite at a boundary where that count
 * is 0 and infinite otherwise. */
static double mn_score_eq(double x1, double n1, double x2, double n2,
                          double d, double p, double *gp)
{
        const double c[4] = { x1, n1 - x1, x2, n2 - x2 };
        const double q[4] = { p + d, 1.0 - (p + d), p, 1.0 - p };
        const double sg[4] = { 1.0, -1.0, 1.0, -1.0 };
        double g = 0.0, t;
        int i;

        *gp = 0.0;
        for (i = 0; i < 4; i++) {
                if (!(c[i] > 0.0))
                        continue;
                if (!(q[i] > 0.0)) {
                        *gp = -INFINITY;
                        return sg[i] * INFINITY;
                }
                t = c[i] / q[i];
                g += sg[i] * t;
                *gp -= t / q[i];
        }
        return g;
}

/* The closed form leaves an absolute error near 1e-13 when counts are small
 * against N, and misplaces a maximum on the boundary of the feasible range:
 * refine it by Newton's method safeguarded with bisection on g = 0. */
static double mn_refine(double x1, double n1, double x2, double n2, double d,
                        double p, double pmin, double pmax)
{
        double a = pmin, b = pmax, g, gp;
        int it;

        if (!(mn_score_eq(x1, n1, x2, n2, d, pmin, &gp) > 0.0))
                return pmin;
        if (!(mn_score_eq(x1, n1, x2, n2, d, pmax, &gp) < 0.0))
                return pmax;
        if (!(p > a && p < b))
                p = a + (b - a) / 2.0;
        for (it = 0; it < 200; it++) {
                double pn;

                g = mn_score_eq(x1, n1, x2, n2, d, p, &gp);
                if (g > 0.0)
                        a = p;
                else if (g < 0.0)
                        b = p;
                else
                        break;
                pn = p - g / gp;
                if (!(pn > a && pn < b))
                        pn = a + (b - a) / 2.0;
                if (!(fabs(pn - p) > 1e-16 * p) || !(b - a > 0.0))
                        return pn;
                p = pn;
        }
        return p;
}

/* Restricted MLE of p2 under p1 - p2 = d (Miettinen & Nurminen 1985,
 * appendix): the root of N p³ + L2 p² + L1 p + L0 in the feasible range,
 * by the trigonometric cubic formula.  statsmodels <= 0.14 writes C2 for
 * N2 in L1 (statsmodels issue #10269); this is the correct coefficient. */
static double mn_restricted_p2(double x1, double n1, double x2, double n2,
                               double d, int compat)
{
        double N = n1 + n2, C = x1 + x2;
        double l3 = N;
        double l2 = (n1 + 2.0 * n2) * d - N - C;
        /* compat: statsmodels 0.13.5's coefficient, x2 for n2. */
        double l1 = ((compat ? x2 : n2) * d - N - 2.0 * x2) * d + C;
        double l0 = x2 * d * (1.0 - d);
        double b = l2 / (3.0 * l3);
        double q = b * b * b - l1 * l2 / (6.0 * l3 * l3) + l0 / (2.0 * l3);
        double r = b * b - l1 / (3.0 * l3);
        double p, c, a, p2, pmin, pmax;

        p = r > 0.0 ? sqrt(r) : 0.0;
        if (q < 0.0)
                p = -p;
        if (compat) {
                /* statsmodels evaluates the closed form as it stands: no
                 * clamping, no refinement; NaN where acos leaves [-1, 1]. */
                c = q / (p * p * p);
                return 2.0 * p * cos((PI + acos(c)) / 3.0) - b;
        }
        if (fpclassify(p) == FP_ZERO) {
                p2 = -b;
        } else {
                c = q / (p * p * p);
                if (c > 1.0)
                        c = 1.0;
                if (c < -1.0)
                        c = -1.0;
                a = (PI + acos(c)) / 3.0;
                p2 = 2.0 * p * cos(a) - b;
        }
        pmin = d < 0.0 ? -d : 0.0;
        pmax = d > 0.0 ? 1.0 - d : 1.0;
        if (p2 < pmin)
                p2 = pmin;
        if (p2 > pmax)
                p2 = pmax;
        return mn_refine(x1, n1, x2, n2, d, p2, pmin, pmax);
}

/* Miettinen–Nurminen score statistic for H0: p1 - p2 = d, with the
 * N/(N-1) variance factor; at d = 0 the restricted MLE is the pooled p. */
static double mn_score_z_at(double x1, double n1, double x2, double n2,
                            double d, int compat)
{
        double N = n1 + n2, p1t, p2t, var;

        if (fpclassify(d) == FP_ZERO) {
                p1t = p2t = (x1 + x2) / N;
        } else {
                p2t = mn_restricted_p2(x1, n1, x2, n2, d, compat);
                p1t = p2t + d;
        }
        var = (p1t * (1.0 - p1t) / n1 + p2t * (1.0 - p2t) / n2) * N / (N - 1.0);
        return (x1 / n1 - x2 / n2 - d) / sqrt(var);
}

/* The score statistic; in compat mode statsmodels 0.13.5's, falling back to
 * the correct one where statsmodels' formula gives NaN (where statsmodels
 * itself fails or returns nan). */
static double mn_score_z(double x1, double n1, double x2, double n2, double d,
                         int compat)
{
        double z = compat ? mn_score_z_at(x1, n1, x2, n2, d, 1) : NAN;

        if (compat && !isnan(z))
                return z;
        return mn_score_z_at(x1, n1, x2, n2, d, 0);
}

/* Bisection for z(d) = target on (a, b), z decreasing, a < b; z(a) is taken
 * above and z(b) below the target without evaluating the end points.  Runs
 * to adjacent doubles: the endpoint is exact to double precision. */
static double mn_solve(double x1, double n1, double x2, double n2,
                       double target, double a, double b, int compat)
{
        int it;

        for (it = 0; it < 2000; it++) {
                double mid = a + (b - a) / 2.0;
                double z;

                if (!(mid > a && mid < b))
                        break;
                z = mn_score_z(x1, n1, x2, n2, mid, compat);
                if (z > target)
                        a = mid;
                else
                        b = mid;   /* NaN (0/0) counts as "at the estimate" */
        }
        return a + (b - a) / 2.0;
}

static void rd_wald(double x1, double n1, double x2, double n2, double z,
                    double *lo, double *hi);

static void rd_mn(double x1, double n1, double x2, double n2, double z,
                  double est, double *lo, double *hi)
{
        *lo = est > -1.0 ? mn_solve(x1, n1, x2, n2, z, -1.0, est, 0) : -1.0;
        *hi = est < 1.0 ? mn_solve(x1, n1, x2, n2, -z, est, 1.0, 0) : 1.0;
}

/* statsmodels 0.13.5 inverts its score test by brentq on the brackets
 * [wald_lo - |wald_lo|/4, est] and [est, min(wald_hi + |wald_hi|/2,
 * 0.99999)].  Inside a bracket where its statistic crosses the critical
 * value we find that crossing; where it does not (statsmodels raises an
 * error there) we search the whole feasible range instead. */
static void rd_mn_compat(double x1, double n1, double x2, double n2, double z,
                         double est, double *lo, double *hi)
{
        double wl, wh, lb, ub;

        rd_wald(x1, n1, x2, n2, z, &wl, &wh);
        lb = wl - fabs(wl) * 0.25;
        ub = fmin(wh + fabs(wh) * 0.5, 0.99999);
        if (!(est > -1.0))
                *lo = -1.0;
        else if (lb > -1.0 && lb < est &&
                 mn_score_z(x1, n1, x2, n2, lb, 1) > z)
                *lo = mn_solve(x1, n1, x2, n2, z, lb, est, 1);
        else
                *lo = mn_solve(x1, n1, x2, n2, z, -1.0, est, 1);
        if (!(est < 1.0))
                *hi = 1.0;
        else if (ub > est && mn_score_z(x1, n1, x2, n2, ub, 1) < -z)
                *hi = mn_solve(x1, n1, x2, n2, -z, est, ub, 1);
        else
                *hi = mn_solve(x1, n1, x2, n2, -z, est, 1.0, 1);
}

static void rd_wald(double x1, double n1, double x2, double n2, double z,
                    double *lo, double *hi)
{
        double p1 = x1 / n1, p2 = x2 / n2;
        double half = z * sqrt(p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2);

        *lo = p1 - p2 - half;
        *hi = p1 - p2 + half;
}

int fk_prop_rd_ci(double x1, double n1, double x2, double n2, double conf,
                  enum fk_rd_method m, double *est, double *lo, double *hi,
                  struct fk_error *err)
{
        double z, l1, u1, l2, u2, p1, p2;

        if (fk_check_trials(x1, n1, "risk difference", err) ||
            fk_check_trials(x2, n2, "risk difference", err) ||
            fk_check_conf(conf, "risk difference", err))
                return err ? err->code : FK_EDOMAIN;
        z = crit_z(conf);
        p1 = x1 / n1;
        p2 = x2 / n2;
        *est = p1 - p2;
        switch (m) {
        case FK_RD_MIETTINEN_NURMINEN:
                rd_mn(x1, n1, x2, n2, z, *est, lo, hi);
                break;
        case FK_RD_MN_STATSMODELS:
                /* statsmodels fails on an all-0 or all-1 arm (raises, or
                 * returns an interval that misses the estimate): there the
                 * correct interval is the only meaningful one. */
                if (x1 > 0.0 && x1 < n1 && x2 > 0.0 && x2 < n2)
                        rd_mn_compat(x1, n1, x2, n2, z, *est, lo, hi);
                else
                        rd_mn(x1, n1, x2, n2, z, *est, lo, hi);
                break;
        case FK_RD_NEWCOMBE:
                wilson(x1, n1, z, &l1, &u1);
                wilson(x2, n2, z, &l2, &u2);
                *lo = *est - hypot(p1 - l1, u2 - p2);
                *hi = *est + hypot(p2 - l2, u1 - p1);
                break;
        case FK_RD_WALD:
                rd_wald(x1, n1, x2, n2, z, lo, hi);
                break;
        case FK_RD_AGRESTI_CAFFO:
                rd_wald(x1 + 1.0, n1 + 2.0, x2 + 1.0, n2 + 2.0, z, lo, hi);
                break;
        default:
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "risk difference: unknown method %d",
                                    (int)m);
        }
        return FK_OK;
}

int fk_prop_rd_score_test(double x1, double n1, double x2, double n2,
                          double delta0, int alternative,
                          enum fk_rd_method m, double *z, double *p,
                          struct fk_error *err)
{
        if (fk_check_trials(x1, n1, "score test", err) ||
            fk_check_trials(x2, n2, "score test", err))
                return err ? err->code : FK_EDOMAIN;
        if (!(delta0 > -1.0 && delta0 < 1.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "score test: null difference %g is "
                                    "outside (-1, 1)", delta0);
        *z = mn_score_z(x1, n1, x2, n2, delta0, m == FK_RD_MN_STATSMODELS &&
                        x1 > 0.0 && x1 < n1 && x2 > 0.0 && x2 < n2);
        if (alternative > 0)
                *p = gsl_cdf_ugaussian_Q(*z);
        else if (alternative < 0)
                *p = gsl_cdf_ugaussian_P(*z);
        else
                *p = isnan(*z) ? *z : 2.0 * gsl_cdf_ugaussian_Q(fabs(*z));
        return FK_OK;
}

int fk_prop_rr_ci(double x1, double n1, double x2, double n2, double conf,
                  double *est, double *lo, double *hi, struct fk_error *err)
{
        double se, z;

        if (fk_check_trials(x1, n1, "risk ratio", err) ||
            fk_check_trials(x2, n2, "risk ratio", err) ||
            fk_check_conf(conf, "risk ratio", err))
                return err ? err->code : FK_EDOMAIN;
        if (!(x1 > 0.0) || !(x2 > 0.0)) {
                *est = *lo = *hi = NAN;
                return FK_OK;
        }
        z = crit_z(conf);
        *est = (x1 / n1) / (x2 / n2);
        /* Katz: var log RR = 1/x1 - 1/n1 + 1/x2 - 1/n2 */
        se = sqrt((n1 - x1) / (x1 * n1) + (n2 - x2) / (x2 * n2));
        *lo = *est * exp(-z * se);
        *hi = *est * exp(z * se);
        return FK_OK;
}

int fk_prop_or_ci(double x1, double n1, double x2, double n2, double conf,
                  double *est, double *lo, double *hi, struct fk_error *err)
{
        double a = x1, b = n1 - x1, c = x2, d = n2 - x2, se, z;

        if (fk_check_trials(x1, n1, "odds ratio", err) ||
            fk_check_trials(x2, n2, "odds ratio", err) ||
            fk_check_conf(conf, "odds ratio", err))
                return err ? err->code : FK_EDOMAIN;
        if (!(a > 0.0 && b > 0.0 && c > 0.0 && d > 0.0)) {
                *est = *lo = *hi = NAN;
                return FK_OK;
        }
        z = crit_z(conf);
        *est = (a / b) * (d / c);
        se = sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d);   /* Woolf */
        *lo = *est * exp(-z * se);
        *hi = *est * exp(z * se);
        return FK_OK;
}

/* a d - b c without cancellation error (Kahan's fma trick). */
static double det2(double a, double b, double c, double d)
{
        double w = b * c;
        double e = fma(-b, c, w);
        double f = fma(a, d, -w);

        return f + e;
}

int fk_prop_chisq(double x1, double n1, double x2, double n2, int yates,
                  double *stat, double *p, struct fk_error *err)
{
        double N, c1, c2, dev, y, num;

        if (fk_check_trials(x1, n1, "chi-square", err) ||
            fk_check_trials(x2, n2, "chi-square", err))
                return err ? err->code : FK_EDOMAIN;
        N = n1 + n2;
        c1 = x1 + x2;
        c2 = N - c1;
        if (!(c1 > 0.0 && c2 > 0.0)) {
                *stat = *p = NAN;
                return FK_OK;
        }
        /* |O - E| is the same in all four cells: |ad - bc| / N */
        dev = fabs(det2(x1, n1 - x1, x2, n2 - x2));
        y = 0.0;
        if (yates) {
                y = dev / N;
                if (y > 0.5)
                        y = 0.5;
        }
        num = dev - y * N;
        /* Σ 1/E = N³ / (n1 n2 c1 c2) */
        *stat = N * (num / n1) * (num / n2) / c1 / c2;
        *p = erfc(sqrt(*stat / 2.0));   /* chi-square(1) upper tail */
        return FK_OK;
}
