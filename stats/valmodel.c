/* The generative models of fkstat validate: fitting them to a design (the
 * municipality spread that gives the design's ICC on the outcome's own
 * scale, the arms' locations that give the pooled mean and the true
 * effect) and drawing one data set.  See METHODS.md, "Does the interval
 * hold its promise? (fkstat validate)". */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>

#include "fkstat/validate.h"
#include "stats/valmodel.h"

/* E over u = sigma Z, Z standard normal: the trapezoid rule on z in
 * [-10, 10] in steps of 0.02 with weights proportional to the density,
 * summing to 1.  The integrands are smooth, so the rule is accurate far
 * beyond the digits that matter here. */
#define QN 1001

struct quad {
        double z[QN], w[QN];
};

static void quad_init(struct quad *q)
{
        double tot = 0;

        for (int j = 0; j < QN; j++) {
                q->z[j] = -10.0 + 0.02 * j;
                q->w[j] = exp(-0.5 * q->z[j] * q->z[j]);
                tot += q->w[j];
        }
        for (int j = 0; j < QN; j++)
                q->w[j] /= tot;
}

static double logistic(double x)
{
        if (x >= 0)
                return 1.0 / (1.0 + exp(-x));
        return exp(x) / (1.0 + exp(x));
}

/* E logistic(b + s Z) and its derivative in b. */
static double mean_logistic(const struct quad *q, double b, double s,
                            double *deriv)
{
        double m = 0, d = 0;

        for (int j = 0; j < QN; j++) {
                double p = logistic(b + s * q->z[j]);

                m += q->w[j] * p;
                d += q->w[j] * p * (1 - p);
        }
        if (deriv)
                *deriv = d;
        return m;
}

/* The b with E logistic(b + s Z) = target in (0, 1): Newton steps kept
 * inside a bracket that bisection shrinks. */
static double solve_location(const struct quad *q, double s, double target)
{
        double lo = log(target / (1 - target)) - 1, hi = lo + 2, b, d;

        while (mean_logistic(q, lo, s, NULL) > target)
                lo -= 2 * (hi - lo);
        while (mean_logistic(q, hi, s, NULL) < target)
                hi += 2 * (hi - lo);
        b = 0.5 * (lo + hi);
        for (int it = 0; it < 200 && hi - lo > 1e-13 * (1 + fabs(b)); it++) {
                double f = mean_logistic(q, b, s, &d) - target, nb;

                if (f > 0)
                        hi = b;
                else
                        lo = b;
                if (!(fabs(f) > 0))
                        break;
                nb = b - f / d;
                b = d > 0 && nb > lo && nb < hi ? nb : 0.5 * (lo + hi);
        }
        return b;
}

/* Binary: Var(p(u)) / (p (1 - p)) with p(u) = logistic(b + u). */
static double binary_icc(const struct quad *q, double b, double s)
{
        double m = 0, m2 = 0;

        for (int j = 0; j < QN; j++) {
                double p = logistic(b + s * q->z[j]);

                m += q->w[j] * p;
                m2 += q->w[j] * p * p;
        }
        return (m2 - m * m) / (m * (1 - m));
}

/* Ordinal: the mean of Y given z, L_K - sum_k (L_k+1 - L_k) P(Y <= k | z)
 * with P(Y <= k | u) = logistic(cut_k - shift - u). */
static double ordinal_mean_at(const struct fk_validate_design *d,
                              const double *cut, double shift, double u)
{
        double y = d->level[d->nlevels - 1];

        for (size_t k = 0; k + 1 < d->nlevels; k++)
                y -= (d->level[k + 1] - d->level[k]) *
                     logistic(cut[k] - shift - u);
        return y;
}

static double ordinal_mean(const struct quad *q,
                           const struct fk_validate_design *d,
                           const double *cut, double shift, double s)
{
        double m = 0;

        for (int j = 0; j < QN; j++)
                m += q->w[j] * ordinal_mean_at(d, cut, shift, s * q->z[j]);
        return m;
}

static void ordinal_cuts(const struct quad *q,
                         const struct fk_validate_design *d, double s,
                         double *cut)
{
        double F = 0;

        for (size_t k = 0; k + 1 < d->nlevels; k++) {
                F += d->level_p[k];
                /* E logistic(c - sZ) = E logistic(c + sZ): Z is symmetric */
                cut[k] = solve_location(q, s, F);
        }
}

/* Var_u E(Y | u) / Var Y for the control arm (shift 0) with spread s. */
static double ordinal_icc(const struct quad *q,
                          const struct fk_validate_design *d, double s,
                          double *cut)
{
        double mu = 0, v = 0, b = 0;

        for (size_t k = 0; k < d->nlevels; k++) {
                mu += d->level_p[k] * d->level[k];
                v += d->level_p[k] * d->level[k] * d->level[k];
        }
        v -= mu * mu;
        ordinal_cuts(q, d, s, cut);
        for (int j = 0; j < QN; j++) {
                double e = ordinal_mean_at(d, cut, 0, s * q->z[j]) - mu;

                b += q->w[j] * e * e;
        }
        return b / v;
}

/* The spread s >= 0 with icc(s) = target, icc increasing in s; -1 when
 * the target lies above what s up to 64 reaches. */
static double solve_spread(double (*icc)(const void *ctx, double s),
                           const void *ctx, double target)
{
        double lo = 0, hi = 1;

        if (!(target > 0))
                return 0;
        while (icc(ctx, hi) < target) {
                lo = hi;
                hi *= 2;
                if (hi > 64)
                        return -1;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
                double mid = 0.5 * (lo + hi);

                if (icc(ctx, mid) < target)
                        lo = mid;
                else
                        hi = mid;
        }
        return 0.5 * (lo + hi);
}

struct spread_ctx {
        const struct quad *q;
        const struct fk_validate_design *d;
        double cut[FK_MAX_LEVELS];
};

static double binary_icc_at(const void *ctx, double s)
{
        const struct spread_ctx *c = ctx;

        return binary_icc(c->q, solve_location(c->q, s, c->d->p), s);
}

static double ordinal_icc_at(const void *ctx, double s)
{
        struct spread_ctx *c = (struct spread_ctx *)ctx;

        return ordinal_icc(c->q, c->d, s, c->cut);
}

static double truth_of(const struct fk_validate_design *d)
{
        if (isfinite(d->effect))
                return d->effect;
        if (d->type == FK_TYPE_SURVIVAL) {      /* a hazard ratio: the
                                                   bounds of the verdict */
                if (isfinite(d->margin))
                        return d->better == FK_BETTER_HIGHER ?
                               1 - d->margin : 1 / (1 - d->margin);
                return 1;
        }
        if (isfinite(d->margin))
                return d->better == FK_BETTER_HIGHER ? -d->margin : d->margin;
        return 0;
}

static int fit_binary(const struct quad *q, const struct fk_validate_design *d,
                      struct fk_validate_model *m, struct fk_error *err)
{
        struct spread_ctx c = { q, d, { 0 } };
        double pt = d->p + m->truth;

        if (!(d->p > 0 && d->p < 1))
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the pooled proportion %g is "
                                    "not inside (0, 1)", d->p);
        if (!(pt > 0 && pt < 1))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "a true effect of %g puts the "
                                    "trial arm's proportion at %g, outside "
                                    "(0, 1)", m->truth, pt);
        m->name = "logistic-normal";
        m->sigma_u = solve_spread(binary_icc_at, &c, d->icc);
        if (m->sigma_u < 0)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "an ICC of %g is out of reach "
                                    "of a logistic-normal model at "
                                    "proportion %g", d->icc, d->p);
        m->loc[FK_CONTROL] = solve_location(q, m->sigma_u, d->p);
        m->loc[FK_TRIAL] = solve_location(q, m->sigma_u, pt);
        return FK_OK;
}

static int fit_ordinal(const struct quad *q,
                       const struct fk_validate_design *d,
                       struct fk_validate_model *m, struct fk_error *err)
{
        struct spread_ctx c = { q, d, { 0 } };
        double mu = 0, target, lo = -1, hi = 1;

        if (d->nlevels < 2 || d->nlevels > FK_MAX_LEVELS)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "an ordinal outcome needs 2 to "
                                    "%d levels with people, not %zu",
                                    FK_MAX_LEVELS, d->nlevels);
        for (size_t k = 0; k < d->nlevels; k++) {
                if (!(d->level_p[k] > 0) ||
                    (k > 0 && !(d->level[k] > d->level[k - 1])))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "ordinal levels must "
                                            "ascend and have people");
                mu += d->level_p[k] * d->level[k];
        }
        target = mu + m->truth;
        if (!(target > d->level[0] && target < d->level[d->nlevels - 1]))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "a true effect of %g puts the "
                                    "trial arm's mean at %g, outside the "
                                    "scale %g to %g", m->truth, target,
                                    d->level[0], d->level[d->nlevels - 1]);
        m->name = "cumulative logit";
        m->sigma_u = solve_spread(ordinal_icc_at, &c, d->icc);
        if (m->sigma_u < 0)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "an ICC of %g is out of reach "
                                    "of a cumulative-logit model with these "
                                    "answer shares", d->icc);
        ordinal_cuts(q, d, m->sigma_u, m->cut);
        /* the trial shift: the mean rises with it */
        while (ordinal_mean(q, d, m->cut, lo, m->sigma_u) > target)
                lo *= 2;
        while (ordinal_mean(q, d, m->cut, hi, m->sigma_u) < target)
                hi *= 2;
        for (int it = 0; it < 200 && hi - lo > 1e-13 * (1 + fabs(hi)); it++) {
                double mid = 0.5 * (lo + hi);

                if (ordinal_mean(q, d, m->cut, mid, m->sigma_u) < target)
                        lo = mid;
                else
                        hi = mid;
        }
        m->loc[FK_CONTROL] = 0;
        m->loc[FK_TRIAL] = fabs(m->truth) > 0 ? 0.5 * (lo + hi) : 0;
        return FK_OK;
}

/* Negative binomial with a gamma frailty: y | f, v ~ Poisson(mu f v),
 * f ~ Gamma(1/tau, tau) per municipality, v ~ Gamma(k, 1/k) per person;
 * Var y = mu^2 tau + mu + mu^2 (1 + tau)/k, of which mu^2 tau between
 * municipalities. */
static int fit_count(const struct fk_validate_design *d,
                     struct fk_validate_model *m, struct fk_error *err)
{
        double mu = d->mean, V = d->sd * d->sd, rho = d->icc;
        double mt = mu + m->truth, W = (1 - rho) * V;

        if (!(mu > 0) || !(V > 0))
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "a count outcome needs a "
                                    "positive mean and variance");
        if (!(mt > 0))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "a true effect of %g puts the "
                                    "trial arm's mean at %g, not above 0",
                                    m->truth, mt);
        m->name = "negative binomial, gamma frailty";
        if (W > mu) {
                m->frailty_var = rho * V / (mu * mu);
                m->nb_size = mu * mu * (1 + m->frailty_var) / (W - mu);
        } else {
                /* less spread than Poisson within municipalities: Poisson
                 * there, and the frailty keeps the ICC */
                m->frailty_var = rho / ((1 - rho) * mu);
                m->nb_size = INFINITY;
                m->poisson_note = 1;
        }
        m->loc[FK_CONTROL] = mu;
        m->loc[FK_TRIAL] = mt;
        return FK_OK;
}

int fk_validate_fit(const struct fk_validate_design *d,
                    struct fk_validate_model *m, struct fk_error *err)
{
        static const struct fk_validate_model zero = { 0 };
        struct quad q;

        *m = zero;
        m->truth = truth_of(d);
        m->nb_size = INFINITY;
        if (!d->size || !d->arm || d->G == 0)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "the design has no "
                                    "municipalities");
        if (!(d->icc >= 0 && d->icc < 1))
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the ICC %g is outside [0, 1)",
                                    d->icc);
        if (!isfinite(m->truth))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the true effect is not a "
                                    "number");
        switch (d->type) {
        case FK_TYPE_BINARY:
                quad_init(&q);
                return fit_binary(&q, d, m, err);
        case FK_TYPE_ORDINAL:
                quad_init(&q);
                return fit_ordinal(&q, d, m, err);
        case FK_TYPE_COUNT:
                return fit_count(d, m, err);
        case FK_TYPE_CONTINUOUS:
                if (!(d->sd > 0) || !isfinite(d->mean))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "the outcome does not "
                                            "vary within the arms");
                m->name = "normal";
                m->sigma_u = sqrt(d->icc) * d->sd;
                m->sd_within = sqrt(1 - d->icc) * d->sd;
                m->loc[FK_CONTROL] = d->mean;
                m->loc[FK_TRIAL] = d->mean + m->truth;
                return FK_OK;
        case FK_TYPE_SURVIVAL:
                return fk_valsurv_fit(d, m, err);
        default:
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "%s outcomes cannot be "
                                    "validated", fk_type_name(d->type));
        }
}

double fk_validate_model_icc(const struct fk_validate_design *d,
                             const struct fk_validate_model *m)
{
        struct quad q;
        double cut[FK_MAX_LEVELS], mu, tot;

        switch (d->type) {
        case FK_TYPE_BINARY:
                quad_init(&q);
                return binary_icc(&q, m->loc[FK_CONTROL], m->sigma_u);
        case FK_TYPE_ORDINAL:
                quad_init(&q);
                return ordinal_icc(&q, d, m->sigma_u, cut);
        case FK_TYPE_COUNT:
                mu = m->loc[FK_CONTROL];
                tot = mu * mu * m->frailty_var + mu +
                      (isfinite(m->nb_size) ?
                       mu * mu * (1 + m->frailty_var) / m->nb_size : 0);
                return mu * mu * m->frailty_var / tot;
        case FK_TYPE_CONTINUOUS:
                tot = m->sigma_u * m->sigma_u + m->sd_within * m->sd_within;
                return m->sigma_u * m->sigma_u / tot;
        case FK_TYPE_SURVIVAL:
                return fk_valsurv_model_icc(d, m->alpha);
        default:
                return NAN;
        }
}

/* Welford's running mean and sum of squares of one municipality's
 * people. */
static void count_people(const struct fk_validate_model *m, double mu,
                         double frailty, size_t n, gsl_rng *rng, double *sum,
                         double *ss)
{
        double mean = 0, s2 = 0;

        for (size_t i = 0; i < n; i++) {
                double lam = mu * frailty, y, dy;

                if (isfinite(m->nb_size))
                        lam *= gsl_ran_gamma(rng, m->nb_size, 1 / m->nb_size);
                y = (double)gsl_ran_poisson(rng, lam);
                dy = y - mean;
                mean += dy / (double)(i + 1);
                s2 += dy * (y - mean);
        }
        *sum = mean * (double)n;
        *ss = s2;
}

void fk_validate_draw(const struct fk_validate_design *d,
                      const struct fk_validate_model *m, gsl_rng *rng,
                      double *sum, double *ss)
{
        for (size_t g = 0; g < d->G; g++) {
                double n = d->size[g], loc = m->loc[d->arm[g]], u, mean;

                switch (d->type) {
                case FK_TYPE_BINARY: {
                        double x;

                        u = m->sigma_u * gsl_ran_gaussian_ziggurat(rng, 1);
                        x = (double)gsl_ran_binomial(rng, logistic(loc + u),
                                                     (unsigned)n);
                        sum[g] = x;
                        ss[g] = x * (n - x) / n;
                        break;
                }
                case FK_TYPE_CONTINUOUS:
                        u = m->sigma_u * gsl_ran_gaussian_ziggurat(rng, 1);
                        mean = loc + u + m->sd_within / sqrt(n) *
                               gsl_ran_gaussian_ziggurat(rng, 1);
                        sum[g] = n * mean;
                        ss[g] = n > 1 ? m->sd_within * m->sd_within *
                                        gsl_ran_chisq(rng, n - 1) : 0;
                        break;
                case FK_TYPE_COUNT:
                        u = m->frailty_var > 0 ?
                            gsl_ran_gamma(rng, 1 / m->frailty_var,
                                          m->frailty_var) : 1;
                        count_people(m, loc, u, (size_t)n, rng, &sum[g],
                                     &ss[g]);
                        break;
                case FK_TYPE_ORDINAL: {
                        double pr[FK_MAX_LEVELS], prev = 0, s = 0, q = 0;
                        unsigned cnt[FK_MAX_LEVELS];
                        size_t K = d->nlevels;

                        u = m->sigma_u * gsl_ran_gaussian_ziggurat(rng, 1);
                        for (size_t k = 0; k < K; k++) {
                                double c = k + 1 < K ?
                                           logistic(m->cut[k] - loc - u) : 1;

                                pr[k] = c > prev ? c - prev : 0;
                                prev = c > prev ? c : prev;
                        }
                        gsl_ran_multinomial(rng, K, (unsigned)n, pr, cnt);
                        for (size_t k = 0; k < K; k++)
                                s += cnt[k] * d->level[k];
                        mean = s / n;
                        for (size_t k = 0; k < K; k++)
                                q += cnt[k] * (d->level[k] - mean) *
                                     (d->level[k] - mean);
                        sum[g] = s;
                        ss[g] = q;
                        break;
                }
                default:
                        sum[g] = ss[g] = NAN;
                        break;
                }
        }
}
