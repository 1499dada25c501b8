/* Sample size and power: R's power.prop.test and power.t.test (two-sample,
 * two-sided, strict = FALSE), solved as R solves them, plus the design
 * effect of cluster randomisation and the normal-approximation sample size
 * for non-inferiority.  See include/fkstat/power.h and METHODS.md,
 * "adjust and power".
 *
 * n is found by R's uniroot: the same interval ([1, 1e7] for proportions,
 * [2, 1e7] for means), the same extendInt rule and Brent's zeroin as in R's
 * zeroin.c with tol = DBL_EPSILON^0.25, so the unrounded n is R's to
 * rounding and not merely to uniroot's tolerance.  The noncentral t is
 * R's pnt (Lenth 1989, AS 243, with R's error bound and normal
 * approximation above 4e5 df); the central t and its quantile are
 * stats/dpq.c's. */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "fkstat/power.h"
#include "stats/dpq.h"

#define M_SQRT_2dPI_ 0.797884560802865355879892119869  /* sqrt(2/pi) */
#define M_LN_SQRT_PI_ 0.572364942924700087071713675677 /* log(sqrt(pi)) */
#define UNIROOT_MAXIT 1000

/* I_x(a, b), regularised incomplete beta; NaN on a GSL error. */
static double pbeta_lower(double x, double a, double b)
{
        gsl_sf_result r;

        if (x <= 0.0)
                return 0.0;
        if (x >= 1.0)
                return 1.0;
        if (gsl_sf_beta_inc_e(a, b, x, &r) != GSL_SUCCESS)
                return NAN;
        return r.val;
}

/* R pnorm(x, mean, sd, lower.tail) */
static double pnorm_ms(double x, double mean, double sd, int lower)
{
        double z = (x - mean) / sd;

        return lower ? gsl_cdf_ugaussian_P(z) : gsl_cdf_ugaussian_Q(z);
}

double fk_qt_upper(double alpha, double df)
{
        if (!(alpha > 0.0 && alpha < 1.0) || !(df > 0.0))
                return NAN;
        if (alpha > 0.5)
                return -fk_qt_upper(1.0 - alpha, df);
        if (!(alpha < 0.5))
                return 0.0;
        return fk_t_upper_quantile(alpha, df);
}

double fk_pnt(double t, double df, double ncp, int upper)
{
        const int itrmax = 1000;
        const double errmax = 1e-12;
        double albeta, a, b, del, errbd, lambda, rxb, tt, x, r;
        long double geven, godd, p, q, s, tnc, xeven, xodd;
        int negdel, lower = !upper;

        if (!(df > 0.0) || isnan(t) || isnan(ncp))
                return NAN;
        if (fpclassify(ncp) == FP_ZERO)
                return fk_t_cdf(t, df, upper);
        if (!isfinite(t))
                return (t < 0) == lower ? 0.0 : 1.0;
        if (t >= 0.0) {
                negdel = 0;
                tt = t;
                del = ncp;
        } else {
                if (ncp > 40 && !lower)
                        return 1.0;
                if (ncp > 40)
                        return 0.0;
                negdel = 1;
                tt = -t;
                del = -ncp;
        }
        if (df > 4e5 || del * del > 2 * 0.693147180559945309417232121458 * -(DBL_MIN_EXP)) {
                /* Abramowitz & Stegun 26.7.10, as R */
                s = 1.0L / (4.0L * df);
                return pnorm_ms((double)(tt * (1.0L - s)), del,
                                sqrt((double)(1.0L + tt * tt * 2.0L * s)),
                                lower != negdel);
        }
        /* twin series of Guenther (1978) */
        x = t * t;
        rxb = df / (x + df);
        x = x / (x + df);
        if (x > 0.0) {
                lambda = del * del;
                p = 0.5L * expl(-0.5L * lambda);
                if (!(p > 0.0L))         /* underflow */
                        return lower != negdel ? 0.0 : 1.0;
                q = M_SQRT_2dPI_ * p * del;
                s = 0.5L - p;
                if (s < 1e-7L)
                        s = -0.5L * expm1(-0.5 * lambda);
                a = 0.5;
                b = 0.5 * df;
                rxb = pow(rxb, b);
                albeta = M_LN_SQRT_PI_ + lgamma(b) - lgamma(0.5 + b);
                xodd = pbeta_lower(x, a, b);
                godd = 2.0L * rxb * expl(a * log(x) - albeta);
                tnc = b * x;
                xeven = (tnc < DBL_EPSILON) ? tnc : 1.0L - rxb;
                geven = tnc * rxb;
                tnc = p * xodd + q * xeven;
                for (int it = 1; it <= itrmax; it++) {
                        a += 1.0;
                        xodd -= godd;
                        xeven -= geven;
                        godd *= x * (a + b - 1.0) / a;
                        geven *= x * (a + b - 0.5) / (a + 0.5);
                        p *= lambda / (2 * it);
                        q *= lambda / (2 * it + 1);
                        tnc += p * xodd + q * xeven;
                        s -= p;
                        if (s < -1e-10L)
                                break;
                        if (s <= 0 && it > 1)
                                break;
                        errbd = (double)(2.0L * s * (xodd - godd));
                        if (fabs(errbd) < errmax)
                                break;
                }
        } else {
                tnc = 0.0L;
        }
        tnc += pnorm_ms(-del, 0.0, 1.0, 1);
        lower = lower != negdel;
        r = (double)(tnc < 1.0L ? tnc : 1.0L);
        return lower ? r : 0.5 - r + 0.5;
}

double fk_power_prop(double n, double p1, double p2, double alpha)
{
        double qu = gsl_cdf_ugaussian_Qinv(alpha / 2.0);

        return gsl_cdf_ugaussian_P((sqrt(n) * fabs(p1 - p2) -
                                    (qu * sqrt((p1 + p2) *
                                               (1.0 - (p1 + p2) / 2.0)))) /
                                   sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2)));
}

double fk_power_t(double n, double delta, double sd, double alpha)
{
        double nu = fmax(1e-7, n - 1.0) * 2.0;

        return fk_pnt(fk_qt_upper(alpha / 2.0, nu), nu,
                      sqrt(n / 2.0) * fabs(delta) / sd, 1);
}

/* ---- R's uniroot ---------------------------------------------------- */

struct fn {
        double (*f)(double x, const struct fn *fn);
        double a, b, c, target;         /* parameters of f */
};

static double call(const struct fn *fn, double x)
{
        return fn->f(x, fn);
}

/* Brent's zeroin as R_zeroin2 (src/library/stats/src/zeroin.c), given
 * f(ax) = fa and f(bx) = fb of opposite signs.  *maxit < 0 on failure. */
static double zeroin2(double ax, double bx, double fa, double fb,
                      const struct fn *fn, double tol, int *maxit)
{
        double a = ax, b = bx, c = a, fc = fa;
        int left = *maxit + 1;

        if (fpclassify(fa) == FP_ZERO)
                return a;
        if (fpclassify(fb) == FP_ZERO)
                return b;
        while (left--) {
                double prev_step = b - a, tol_act, p, q, new_step;

                if (fabs(fc) < fabs(fb)) {
                        a = b; b = c; c = a;
                        fa = fb; fb = fc; fc = fa;
                }
                tol_act = 2 * DBL_EPSILON * fabs(b) + tol / 2;
                new_step = (c - b) / 2;
                if (fabs(new_step) <= tol_act || fpclassify(fb) == FP_ZERO)
                        return b;
                if (fabs(prev_step) >= tol_act && fabs(fa) > fabs(fb)) {
                        double t1, cb, t2;

                        cb = c - b;
                        if (!(a < c) && !(a > c)) {
                                t1 = fb / fa;
                                p = cb * t1;
                                q = 1.0 - t1;
                        } else {
                                q = fa / fc;
                                t1 = fb / fc;
                                t2 = fb / fa;
                                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                        }
                        if (p > 0)
                                q = -q;
                        else
                                p = -p;
                        if (p < (0.75 * cb * q - fabs(tol_act * q) / 2) &&
                            p < fabs(prev_step * q / 2))
                                new_step = p / q;
                }
                if (fabs(new_step) < tol_act)
                        new_step = new_step > 0 ? tol_act : -tol_act;
                a = b;
                fa = fb;
                b += new_step;
                fb = call(fn, b);
                if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
                        c = a;
                        fc = fa;
                }
        }
        *maxit = -1;
        return b;
}

/* uniroot(f, c(lower, upper), extendInt = "upX" (sig = 1) or "downX"
 * (sig = -1), tol = DBL_EPSILON^0.25).  Returns FK_OK or FK_EDOMAIN when
 * no sign change is found. */
static int uniroot(const struct fn *fn, double lower, double upper, int sig,
                   double *root)
{
        double flo = call(fn, lower), fup = call(fn, upper), delta;
        double tol = pow(DBL_EPSILON, 0.25);
        int it = 0, maxit = UNIROOT_MAXIT;

        if (isnan(flo) || isnan(fup))
                return FK_EDOMAIN;
        delta = 0.01 * fmax(1e-4, fabs(lower));
        while (sig * flo > 0) {
                if (++it > UNIROOT_MAXIT || isnan(flo))
                        return FK_EDOMAIN;
                flo = call(fn, lower = lower - delta);
                delta *= 2;
        }
        delta = 0.01 * fmax(1e-4, fabs(upper));
        while (sig * fup < 0) {
                if (++it > UNIROOT_MAXIT || isnan(fup))
                        return FK_EDOMAIN;
                fup = call(fn, upper = upper + delta);
                delta *= 2;
        }
        if (!((flo <= 0 && fup >= 0) || (flo >= 0 && fup <= 0)))
                return FK_EDOMAIN;
        *root = zeroin2(lower, upper, flo, fup, fn, tol, &maxit);
        return FK_OK;
}

/* ---- the designs ---------------------------------------------------- */

/* a = p1, b = p2, c = alpha; x = n */
static double prop_of_n(double x, const struct fn *fn)
{
        return fk_power_prop(x, fn->a, fn->b, fn->c) - fn->target;
}

/* a = n, b = p1, c = alpha; x = p2 */
static double prop_of_p2(double x, const struct fn *fn)
{
        return fk_power_prop(fn->a, fn->b, x, fn->c) - fn->target;
}

/* a = delta / sd, c = alpha; x = n */
static double t_of_n(double x, const struct fn *fn)
{
        return fk_power_t(x, fn->a, 1.0, fn->c) - fn->target;
}

/* a = n, b = sd, c = alpha; x = delta */
static double t_of_delta(double x, const struct fn *fn)
{
        return fk_power_t(fn->a, x, fn->b, fn->c) - fn->target;
}

/* non-inferiority, binary: a = p_control, b = margin, c = z sum, target =
 * n; x = p_trial.  Zero where (x - pc + m) sqrt(n) = z sqrt(Var(x)). */
static double ni_of_pt(double x, const struct fn *fn)
{
        return (x - fn->a + fn->b) * sqrt(fn->target) -
               fn->c * sqrt(x * (1.0 - x) + fn->a * (1.0 - fn->a));
}

static int bad(struct fk_error *err, const char *what, double v)
{
        return fk_error_set(err, FK_EUSAGE, NULL, 0, "%s is out of range: %g",
                            what, v);
}

static int check(const struct fk_power_spec *s, struct fk_error *err)
{
        if (!(s->alpha > 0.0 && s->alpha < 1.0))
                return bad(err, "alpha", s->alpha);
        if (!(s->power > 0.0 && s->power < 1.0))
                return bad(err, "power", s->power);
        if (!isnan(s->n) && !(s->n > 0.0 && isfinite(s->n)))
                return bad(err, "n", s->n);
        if (!isnan(s->icc) && !(s->icc >= 0.0 && s->icc < 1.0))
                return bad(err, "icc", s->icc);
        if (!isnan(s->cluster_size) && !(s->cluster_size >= 1.0))
                return bad(err, "cluster size", s->cluster_size);
        if (!isnan(s->margin) && !(s->margin > 0.0))
                return bad(err, "margin", s->margin);
        if (s->type == FK_POWER_BINARY) {
                if (!(s->p_control > 0.0 && s->p_control < 1.0))
                        return bad(err, "p_control", s->p_control);
                if (!isnan(s->p_trial) &&
                    !(s->p_trial > 0.0 && s->p_trial < 1.0))
                        return bad(err, "p_trial", s->p_trial);
        } else {
                if (!(s->sd > 0.0 && isfinite(s->sd)))
                        return bad(err, "sd", s->sd);
                if (!isfinite(s->delta) && !isnan(s->delta))
                        return bad(err, "delta", s->delta);
        }
        return FK_OK;
}

int fk_power_solve(const struct fk_power_spec *s, struct fk_power_result *r,
                   struct fk_error *err)
{
        int bin = s->type == FK_POWER_BINARY, ni = !isnan(s->margin);
        double effect = bin ? s->p_trial - s->p_control : s->delta;
        double de = 1.0, zsum, var = 0.0, n;
        struct fn fn = { NULL, 0, 0, 0, s->power };

        if (check(s, err))
                return err ? err->code : FK_EUSAGE;
        r->n_per_arm = r->power = r->design_effect = NAN;
        r->clusters_per_arm = r->mde = NAN;
        if (!isnan(s->icc) || !isnan(s->cluster_size)) {
                if (isnan(s->icc) || isnan(s->cluster_size))
                        return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                            "the icc and the cluster size "
                                            "go together");
                de = 1.0 + (s->cluster_size - 1.0) * s->icc;
                r->design_effect = de;
        }
        if (isnan(s->n) && isnan(effect))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the effect is needed to solve for n");
        if (!isnan(effect) && !ni && fpclassify(effect) == FP_ZERO)
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the effect must not be zero");
        if (ni && !isnan(effect) && !(effect + s->margin > 0.0))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the effect plus the margin must be "
                                    "positive");
        zsum = gsl_cdf_ugaussian_Qinv(s->alpha / 2.0) +
               gsl_cdf_ugaussian_Pinv(s->power);
        if (ni && !isnan(effect))
                var = bin ? s->p_trial * (1.0 - s->p_trial) +
                            s->p_control * (1.0 - s->p_control)
                          : 2.0 * s->sd * s->sd;

        if (isnan(s->n)) {              /* solve for n */
                if (ni) {
                        n = zsum * zsum * var /
                            ((effect + s->margin) * (effect + s->margin));
                } else if (bin) {
                        fn.f = prop_of_n;
                        fn.a = s->p_control;
                        fn.b = s->p_trial;
                        fn.c = s->alpha;
                        if (uniroot(&fn, 1.0, 1e7, 1, &n))
                                goto no_root;
                } else {
                        fn.f = t_of_n;
                        fn.a = effect / s->sd;
                        fn.c = s->alpha;
                        if (uniroot(&fn, 2.0, 1e7, 1, &n))
                                goto no_root;
                }
                r->n_per_arm = n * de;
                r->power = s->power;
        } else {                        /* power and mde at the given n */
                double ne = s->n / de;

                r->n_per_arm = s->n;
                if (!isnan(effect)) {
                        if (ni)
                                r->power = gsl_cdf_ugaussian_P(
                                        sqrt(ne) * (effect + s->margin) /
                                        sqrt(var) -
                                        gsl_cdf_ugaussian_Qinv(s->alpha / 2.0));
                        else if (bin)
                                r->power = fk_power_prop(ne, s->p_control,
                                                         s->p_trial, s->alpha);
                        else
                                r->power = fk_power_t(ne, effect, s->sd,
                                                      s->alpha);
                }
                if (ni && !bin) {
                        r->mde = zsum * s->sd * sqrt(2.0 / ne) - s->margin;
                } else if (ni) {
                        double lo = fmax(0.0, s->p_control - s->margin), hi = 1.0;
                        int maxit = UNIROOT_MAXIT;

                        fn.f = ni_of_pt;
                        fn.a = s->p_control;
                        fn.b = s->margin;
                        fn.c = zsum;
                        fn.target = ne;
                        if (call(&fn, hi) >= 0.0 && call(&fn, lo) <= 0.0)
                                r->mde = zeroin2(lo, hi, call(&fn, lo),
                                                 call(&fn, hi), &fn,
                                                 1e-12, &maxit) - s->p_control;
                } else if (bin) {
                        double p2;

                        /* power.prop.test(n, p1 = p_control, power): p2 in
                         * [p1, 1]; no mde when even p2 = 1 falls short */
                        fn.f = prop_of_p2;
                        fn.a = ne;
                        fn.b = s->p_control;
                        fn.c = s->alpha;
                        if (call(&fn, 1.0) >= 0.0 &&
                            !uniroot(&fn, s->p_control, 1.0, 0, &p2))
                                r->mde = p2 - s->p_control;
                } else {
                        double d;

                        fn.f = t_of_delta;
                        fn.a = ne;
                        fn.b = s->sd;
                        fn.c = s->alpha;
                        if (!uniroot(&fn, s->sd * 1e-7, s->sd * 1e7, 1, &d))
                                r->mde = d;
                }
        }
        if (!isnan(s->cluster_size))
                r->clusters_per_arm = ceil(r->n_per_arm / s->cluster_size);
        return FK_OK;
no_root:
        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                            "no n up to 1e7 per arm reaches power %g", s->power);
}
