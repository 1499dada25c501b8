/* Stratified 2x2 tables: Mantel–Haenszel odds ratio (Robins–Breslow–
 * Greenland interval), MH risk difference (Greenland–Robins variance), CMH
 * test and Breslow–Day homogeneity test; see METHODS.strata.md. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/strata.h"
#include "stats/check.h"

static int bad_count(double v)
{
        return !isfinite(v) || v < 0 || v > floor(v);
}

static int check(const struct fk_stratum *s, size_t k, double conf,
                 struct fk_error *err)
{
        int rc;

        if (!s || k == 0)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "stratified analysis needs at least one stratum");
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        for (size_t i = 0; i < k; i++) {
                const struct fk_stratum *t = &s[i];
                if (bad_count(t->x1) || bad_count(t->n1) ||
                    bad_count(t->x2) || bad_count(t->n2))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "stratum %zu: counts must be whole and non-negative",
                                            i + 1);
                if (t->x1 > t->n1 || t->x2 > t->n2)
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "stratum %zu: more successes than subjects",
                                            i + 1);
        }
        return FK_OK;
}

/* Expected trial successes under common odds ratio r given the margins
 * (trial total m1, successes t, total n): the root of
 *   (1 - r) e^2 + (r (m1 + t) + n - m1 - t) e - r m1 t = 0
 * inside [max(0, m1 + t - n), min(m1, t)].  Computed in the cancellation-
 * free form c/q, q = -(b + sign(b) sqrt(b^2 - 4ac))/2, which is also the
 * linear root when r == 1 (where statsmodels divides by zero). */
static double bd_expected(double r, double m1, double t, double n)
{
        double a = 1 - r, b = r * (m1 + t) + (n - m1 - t), c = -r * m1 * t;
        double lo = fmax(0, m1 + t - n), hi = fmin(m1, t);
        double q = -0.5 * (b + copysign(sqrt(fmax(0, b * b - 4 * a * c)), b));
        double e = c / q, tol = 1e-9 * hi;

        if ((e < lo - tol || e > hi + tol) && fabs(a) > 0)
                e = q / a;
        return fmin(hi, fmax(lo, e));
}

static void breslow_day(const struct fk_stratum *s, size_t k, double r,
                        struct fk_stratified *out)
{
        double stat = 0, m = 0;

        out->bd = out->bd_p = NAN;
        out->bd_df = 0;
        for (size_t i = 0; i < k; i++) {
                double m1 = s[i].n1, t = s[i].x1 + s[i].x2;
                double n = s[i].n1 + s[i].n2, e, v;
                if (!(s[i].n1 > 0 && s[i].n2 > 0 && t > 0 && n - t > 0))
                        continue;       /* one-point conditional law */
                m++;
                if (!(isfinite(r) && r > 0))
                        continue;
                e = bd_expected(r, m1, t, n);
                v = 1 / (1 / e + 1 / (m1 - e) + 1 / (t - e) +
                         1 / (n - m1 - t + e));
                stat += (s[i].x1 - e) * (s[i].x1 - e) / v;
        }
        if (m < 2 || !(isfinite(r) && r > 0))
                return;
        out->bd = stat;
        out->bd_df = m - 1;
        out->bd_p = gsl_cdf_chisq_Q(stat, m - 1);
}

int fk_stratified(const struct fk_stratum *s, size_t k, double conf,
                  struct fk_stratified *out, struct fk_error *err)
{
        double rs = 0, ss = 0, pr = 0, psqr = 0, qs = 0;       /* RBG sums */
        double delta = 0, vcmh = 0;                             /* CMH */
        double w = 0, dw = 0, vrd = 0;                          /* MH RD */
        double z;
        int rc = check(s, k, conf, err);

        if (rc)
                return rc;
        z = gsl_cdf_ugaussian_Pinv((1 + conf) / 2);
        for (size_t i = 0; i < k; i++) {
                double a = s[i].x1, b = s[i].n1 - s[i].x1;
                double c = s[i].x2, d = s[i].n2 - s[i].x2;
                double n1 = s[i].n1, n2 = s[i].n2, n = n1 + n2, t = a + c;
                double p, q, r, sv, wi;
                if (!(n1 > 0 && n2 > 0))
                        continue;       /* zero weight in every MH sum */
                p = (a + d) / n;
                q = (b + c) / n;
                r = a * d / n;
                sv = b * c / n;
                rs += r;
                ss += sv;
                pr += p * r;
                psqr += p * sv + q * r;
                qs += q * sv;
                delta += a - n1 * t / n;
                vcmh += n1 * n2 * t * (n - t) / (n * n * (n - 1));
                wi = n1 * n2 / n;
                w += wi;
                dw += (a * n2 - c * n1) / n;
                vrd += wi * wi * (a * b / (n1 * n1 * n1) + c * d / (n2 * n2 * n2));
        }

        if (rs > 0 && ss > 0) {
                double se = sqrt(pr / (2 * rs * rs) + psqr / (2 * rs * ss) +
                                 qs / (2 * ss * ss));
                out->mh_or = rs / ss;
                out->mh_or_ci[0] = out->mh_or * exp(-z * se);
                out->mh_or_ci[1] = out->mh_or * exp(z * se);
        } else {
                out->mh_or = rs > 0 ? INFINITY : ss > 0 ? 0 : NAN;
                out->mh_or_ci[0] = out->mh_or_ci[1] = NAN;
        }

        if (w > 0) {
                double se = sqrt(vrd) / w;
                out->mh_rd = dw / w;
                out->mh_rd_ci[0] = out->mh_rd - z * se;
                out->mh_rd_ci[1] = out->mh_rd + z * se;
        } else {
                out->mh_rd = out->mh_rd_ci[0] = out->mh_rd_ci[1] = NAN;
        }

        if (vcmh > 0) {
                out->cmh = delta * delta / vcmh;
                out->cmh_p = gsl_cdf_chisq_Q(out->cmh, 1);
        } else {
                out->cmh = out->cmh_p = NAN;
        }

        breslow_day(s, k, out->mh_or, out);
        return FK_OK;
}
