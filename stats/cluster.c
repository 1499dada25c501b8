/* fkstat — cluster-randomized comparison of two arms: ANOVA ICC, CR2 with
 * Satterthwaite df, wild cluster bootstrap (WCR), randomization inference.
 * Everything works on cluster totals (n_g, sum y_g), never on individuals
 * after the first pass; see METHODS.cluster.md for the derivations. */
#include "fkstat/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include "fkstat/moments.h"
#include "stats/check.h"
#include "stats/resample.h"


struct csum {
        double *n, *s, *u;      /* people, sum y, sum (y - ybar) per cluster */
        int *arm;               /* 0 trial, 1 control */
        size_t G;
        double N[2], S[2];      /* per arm */
        double ssw;             /* within-cluster sum of squares */
};

static double nan_value(void)
{
        return nan("");
}

/* The arm totals, the within-cluster sum of squares and the residual
 * totals u from the clusters' n, s and arm (set), and ss (their sums of
 * squares about their own means). */
static int cluster_totals(struct csum *c, const double *ss,
                          struct fk_error *err)
{
        double tot, stot, ybar;
        size_t g;

        c->ssw = 0;
        for (g = 0; g < c->G; g++) {
                if (c->arm[g] != 0 && c->arm[g] != 1)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "arm must be 0 or 1");
                if (!(c->n[g] > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu has no observations", g);
                c->N[c->arm[g]] += c->n[g];
                c->S[c->arm[g]] += c->s[g];
                c->ssw += ss[g];
        }
        tot = c->N[0] + c->N[1];
        stot = c->S[0] + c->S[1];
        ybar = stot / tot;
        for (g = 0; g < c->G; g++)
                c->u[g] = c->s[g] - c->n[g] * ybar;
        return FK_OK;
}

/* Frequency-weighted cluster totals from exact sums (include/fkstat/
 * moments.h), so that they do not depend on the order of the rows nor on
 * how equal rows are grouped: n_g, sum y_g rounded once, and the sum of
 * squares about the cluster mean from the exact numerator.  Values of a
 * magnitude outside [2^-500, 2^500] take a second pass about the cluster
 * mean instead. */
static int cluster_sums(const struct fk_cluster_data *d, struct csum *c,
                        double *ss, struct fk_error *err)
{
        struct fk_moments *m = malloc((d->G ? d->G : 1) * sizeof *m);
        int wild = 0, nomem = 0;
        size_t i, g;

        if (!m)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (g = 0; g < d->G; g++) {
                c->arm[g] = -1;
                fk_moments_init(&m[g]);
        }
        for (i = 0; i < d->n; i++) {
                double w = d->w ? d->w[i] : 1.0;
                g = d->cl[i];
                if (g >= d->G) {
                        free(m);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster index %zu out of range", g);
                }
                if (d->arm[i] != 0 && d->arm[i] != 1) {
                        free(m);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "arm must be 0 or 1");
                }
                if (!(w >= 0) || !isfinite(w) || !isfinite(d->y[i])) {
                        free(m);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "row %zu: outcome or weight is not a finite value",
                                            i + 1);
                }
                if (c->arm[g] < 0)
                        c->arm[g] = d->arm[i];
                else if (c->arm[g] != d->arm[i]) {
                        free(m);
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu holds both arms", g);
                }
                if (w > 0)
                        fk_moments_add_n(&m[g], d->y[i], w);
        }
        c->G = d->G;
        for (g = 0; g < d->G; g++) {
                struct fk_xsum sum = { { 0 }, NULL, 0, 0, 0 };

                c->n[g] = m[g].n;
                fk_moments_sum(&m[g], &sum);
                c->s[g] = fk_xsum_round(&sum);
                nomem |= sum.nomem |
                         fk_moments_stats(&m[g], NULL, NULL, NULL, &ss[g]);
                fk_xsum_release(&sum);
                wild |= fk_moments_wild(&m[g]);
                fk_moments_release(&m[g]);
        }
        free(m);
        if (nomem)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (g = 0; g < d->G; g++)
                if (c->arm[g] < 0 || !(c->n[g] > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu has no observations", g);
        if (wild) {
                for (g = 0; g < d->G; g++)
                        ss[g] = 0;
                for (i = 0; i < d->n; i++) {
                        double w = d->w ? d->w[i] : 1.0;
                        double r = d->y[i] - c->s[d->cl[i]] / c->n[d->cl[i]];
                        ss[d->cl[i]] += w * r * r;
                }
        }
        return FK_OK;
}

/* One-way ANOVA ICC with clusters nested in arms (METHODS.md). */
static void anova_icc(const struct csum *c, struct fk_cluster_result *out)
{
        double N = c->N[0] + c->N[1], G = (double)c->G;
        double ssb = 0, sn2 = 0, msb, msw, n0;
        size_t g;

        for (g = 0; g < c->G; g++) {
                int a = c->arm[g];
                double dm = c->s[g] / c->n[g] - c->S[a] / c->N[a];
                ssb += c->n[g] * dm * dm;
                sn2 += c->n[g] * c->n[g] / c->N[a];
        }
        if (c->G <= 2 || !(N > G)) {
                out->icc = out->design_effect = nan_value();
                return;
        }
        msb = ssb / (G - 2);
        msw = c->ssw / (N - G);
        n0 = (N - sn2) / (G - 2);
        out->icc = (msb - msw) / (msb + (n0 - 1) * msw);
        out->design_effect = 1 + (N / G - 1) * out->icc;
}

/* CR2 for the mean difference.  The estimate's weight vector is
 * a_g 1 on cluster g with a_g = +-1/N_arm (1 - n_g/N_arm)^(-1/2) (0 when
 * the cluster is its arm: Moore-Penrose), so V = sum_g (a_g E_g)^2 with
 * E_g the residual total.  Satterthwaite df under the working model I:
 * Omega_gh = a_g a_h (n_g [g = h] - n_g n_h / N_arm [same arm]),
 * df = (tr Omega)^2 / sum Omega_gh^2. */
static void cr2(const struct csum *c, double conf,
                struct fk_cluster_result *out)
{
        double v = 0, ev = 0, diag2 = 0, off[2] = { 0, 0 }, q;
        size_t g;

        out->estimate = c->S[0] / c->N[0] - c->S[1] / c->N[1];
        for (g = 0; g < c->G; g++) {
                int a = c->arm[g];
                double p = c->n[g] / c->N[a];
                double a2 = p < 1 ? 1.0 / (c->N[a] * c->N[a] * (1 - p)) : 0;
                double e = c->s[g] - c->n[g] * c->S[a] / c->N[a];
                double om = a2 * c->n[g] * (1 - p);    /* Omega_gg */
                v += a2 * e * e;
                ev += om;
                /* sum_h Omega_gh^2 = a_g^2 n_g^2 (1 - 2 p_g) + (sum b)^2 with
                 * b_g = a_g^2 n_g^2 / N_arm per arm */
                diag2 += a2 * a2 * c->n[g] * c->n[g] * (1 - 2 * p);
                off[a] += a2 * c->n[g] * c->n[g] / c->N[a];
        }
        out->se = sqrt(v);
        out->df = ev * ev / (diag2 + off[0] * off[0] + off[1] * off[1]);
        if (!(out->se > 0) || !(out->df > 0) || !isfinite(out->df)) {
                out->ci[0] = out->ci[1] = out->p_value = nan_value();
                return;
        }
        q = gsl_cdf_tdist_Qinv((1 - conf) / 2, out->df);
        out->ci[0] = out->estimate - q * out->se;
        out->ci[1] = out->estimate + q * out->se;
        out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->estimate / out->se),
                                           out->df);
}

/* Bootstrap t of the WCR bootstrap for weight vector v: y* = ybar + v_g u,
 * refit, CR1 se (scale k). */
static double wild_t(const struct csum *c, const double *v, double k)
{
        double m[2] = { 0, 0 }, s2 = 0;
        size_t g;

        for (g = 0; g < c->G; g++)
                m[c->arm[g]] += v[g] * c->u[g];
        m[0] /= c->N[0];
        m[1] /= c->N[1];
        for (g = 0; g < c->G; g++) {
                int a = c->arm[g];
                double e = (v[g] * c->u[g] - c->n[g] * m[a]) / c->N[a];
                s2 += e * e;
        }
        return (m[0] - m[1]) / sqrt(k * s2);
}

struct wild_ctx {
        const struct csum *c;
        double k;
};

static double wild_stat(const double *v, void *ctx)
{
        const struct wild_ctx *w = ctx;

        return wild_t(w->c, v, w->k);
}

static int wild_bootstrap(const struct csum *c, size_t reps, gsl_rng *rng,
                          struct fk_cluster_result *out, struct fk_error *err)
{
        double G = (double)c->G, N = c->N[0] + c->N[1];
        struct wild_ctx w = { c, G / (G - 1) * (N - 1) / (N - 2) };
        struct fk_wild_fn f = { wild_stat, NULL, &w, 0, G };

        if (!(N > 2)) {
                out->wild_p = nan_value();
                out->wild_reps = 0;
                out->wild_weights = c->G >= 12 ? "rademacher" : "webb";
                return FK_OK;
        }
        if (fk_wild_p(c->G, reps, rng, &f, &out->wild_p,
                      &out->wild_reps, &out->wild_weights))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        return FK_OK;
}

/* Mean difference when the clusters sel[0..k-1] form the trial arm. */
static double ri_stat(const size_t *sel, size_t k, void *ctx)
{
        const struct csum *c = ctx;
        double sT = 0, nT = 0, ntot = c->N[0] + c->N[1];
        double stot = c->S[0] + c->S[1];

        for (size_t j = 0; j < k; j++) {
                sT += c->s[sel[j]];
                nT += c->n[sel[j]];
        }
        return sT / nT - (stot - sT) / (ntot - nT);
}

static int randomization(const struct csum *c, size_t reps, gsl_rng *rng,
                         struct fk_cluster_result *out, struct fk_error *err)
{
        double obs = c->S[0] / c->N[0] - c->S[1] / c->N[1];
        struct fk_ri_fn f = { ri_stat, NULL, (void *)c,
                              (double)out->clusters[0] };

        if (reps == 0) {        /* asked for none (fkstat validate) */
                out->ri_p = nan_value();
                out->ri_assignments = 0;
                out->ri_exact = 0;
                return FK_OK;
        }
        if (fk_ri_p(c->G, out->clusters[0], obs, reps, rng, &f,
                    &out->ri_p, &out->ri_assignments,
                    &out->ri_exact))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        return FK_OK;
}

/* The analysis of the cluster totals in c (n, s, arm set) with their
 * sums of squares ss. */
static int compare_totals(struct csum *c, const double *ss, double conf,
                          size_t reps, unsigned long seed,
                          struct fk_cluster_result *out, struct fk_error *err)
{
        gsl_rng *rng;
        size_t g;
        int rc;

        if ((rc = cluster_totals(c, ss, err)) != FK_OK)
                return rc;
        out->clusters[0] = out->clusters[1] = 0;
        for (g = 0; g < c->G; g++)
                out->clusters[c->arm[g]]++;
        if (out->clusters[0] == 0 || out->clusters[1] == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the %s arm has no cluster",
                                    out->clusters[0] ? "control" : "trial");
        if (!(rng = gsl_rng_alloc(gsl_rng_mt19937)))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        gsl_rng_set(rng, seed);
        anova_icc(c, out);
        cr2(c, conf, out);
        rc = wild_bootstrap(c, reps, rng, out, err);
        if (!rc)
                rc = randomization(c, reps, rng, out, err);
        gsl_rng_free(rng);
        return rc;
}

static int csum_alloc(struct csum *c, size_t G, double **ss,
                      struct fk_error *err)
{
        memset(c, 0, sizeof *c);
        c->G = G;
        c->n = calloc(G, sizeof *c->n);
        c->s = calloc(G, sizeof *c->s);
        c->u = calloc(G, sizeof *c->u);
        c->arm = calloc(G, sizeof *c->arm);
        *ss = calloc(G, sizeof **ss);
        if (!c->n || !c->s || !c->u || !c->arm || !*ss)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        return FK_OK;
}

static void csum_free(struct csum *c, double *ss)
{
        free(c->n);
        free(c->s);
        free(c->u);
        free(c->arm);
        free(ss);
}

int fk_cluster_compare(const struct fk_cluster_data *d, double conf,
                       size_t reps, unsigned long seed,
                       struct fk_cluster_result *out, struct fk_error *err)
{
        struct csum c;
        double *ss = NULL;
        int rc;

        if (!d || !out || !d->y || !d->arm || !d->cl)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "cluster comparison: missing data");
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (d->G == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0, "no clusters");
        rc = csum_alloc(&c, d->G, &ss, err);
        if (!rc)
                rc = cluster_sums(d, &c, ss, err);
        if (!rc)
                rc = compare_totals(&c, ss, conf, reps, seed, out, err);
        csum_free(&c, ss);
        return rc;
}

int fk_cluster_compare_sums(const struct fk_cluster_sums *d, double conf,
                            size_t reps, unsigned long seed,
                            struct fk_cluster_result *out,
                            struct fk_error *err)
{
        struct csum c;
        double *ss = NULL;
        int rc;

        if (!d || !out || !d->n || !d->s || !d->ss || !d->arm)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "cluster comparison: missing data");
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (d->G == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0, "no clusters");
        rc = csum_alloc(&c, d->G, &ss, err);
        for (size_t g = 0; g < d->G && !rc; g++) {
                if (!isfinite(d->s[g]) || !(d->ss[g] >= 0))
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "cluster %zu: a sum that is not "
                                          "finite", g);
                c.n[g] = d->n[g];
                c.s[g] = d->s[g];
                c.arm[g] = d->arm[g];
                ss[g] = d->ss[g];
        }
        if (!rc)
                rc = compare_totals(&c, ss, conf, reps, seed, out, err);
        csum_free(&c, ss);
        return rc;
}
