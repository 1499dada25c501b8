/* Difference in differences by two-way fixed effects; see
 * include/fkstat/did.h and METHODS.md, "Difference in differences".
 *
 * The point estimate, CR1 and CR2 come from the full regression (R lm with
 * unit and period dummies).  The resampling parts use Frisch–Waugh–Lovell:
 * with M the weighted residual maker of the fixed effects, D~ = M D and
 * u~ = M y (the residuals of the model restricted to b = 0),
 *   b = sum w D~ y / S,  S = sum w D~^2.
 * Wild bootstrap (WCR): y* = (y - u~) + v_g u~ gives
 *   b* = sum_g sum_h K_gh v_h / S,  K_gh = sum_{i in g} w_i D~_i [M(u~ 1_h)]_i,
 * and the CR1 score of cluster g is sum_h K_gh v_h - b* a_g, a_g = sum_{i in
 * g} w D~^2, so each draw costs O(G^2).  Randomization: D = sum_i T_i d_i
 * with d_i the post indicator on unit i's cells, so b(T) = T'a / T'B T with
 * a_i = d_i' W u~ and B_ik = d_i' W M d_k, O(k^2) per assignment. */
#include "fkstat/did.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "fkstat/regress.h"
#include "stats/check.h"
#include "stats/resample.h"

static double cellw(const struct fk_panel *p, size_t i)
{
        return p->w ? p->w[i] : 1.0;
}

/* Columns: [extra...] intercept, units 1..U-1, periods 1..T-1. */
static double *fe_design(const struct fk_panel *p, size_t extra, size_t *pcols)
{
        size_t q = extra + p->U + p->T - 1;
        double *X = calloc(p->n * q, sizeof *X);

        if (!X)
                return NULL;
        for (size_t i = 0; i < p->n; i++) {
                double *x = X + i * q + extra;

                x[0] = 1;
                if (p->unit[i] > 0)
                        x[p->unit[i]] = 1;
                if (p->period[i] > 0)
                        x[p->U - 1 + p->period[i]] = 1;
        }
        *pcols = q;
        return X;
}

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

struct boot {
        size_t G;
        const double *K;        /* G x G */
        const double *a;        /* G */
        double S, kfac;
        double *num;            /* scratch G (boot_t) */
};

static double boot_t(const double *v, void *ctx)
{
        struct boot *b = ctx;
        double tot = 0, beta, ss = 0;

        for (size_t g = 0; g < b->G; g++) {
                double s = 0;

                for (size_t h = 0; h < b->G; h++)
                        s += b->K[g * b->G + h] * v[h];
                b->num[g] = s;
                tot += s;
        }
        beta = tot / b->S;
        for (size_t g = 0; g < b->G; g++) {
                double sc = b->num[g] - beta * b->a[g];

                ss += sc * sc;
        }
        return beta / sqrt(b->kfac * ss / (b->S * b->S));
}

/* boot_t of FK_LANES weight vectors v[h * FK_LANES + l], each summed in
 * boot_t's order (lane by lane the same products and additions); num is
 * G x FK_LANES of scratch. */
static void boot_many(const double *v, double *t, void *ctx, double *num)
{
        const struct boot *b = ctx;
        size_t G = b->G;
        double tot[FK_LANES] = { 0 }, ss[FK_LANES] = { 0 }, beta[FK_LANES];

        for (size_t g = 0; g < G; g++) {
                const double *k = b->K + g * G;
#if defined(__GNUC__) && FK_LANES == 8
                /* the lanes in four pairs of vector registers */
                typedef double pair
                        __attribute__((vector_size(2 * sizeof(double))));
                pair s0 = { 0, 0 }, s1 = s0, s2 = s0, s3 = s0, x;

                for (size_t h = 0; h < G; h++) {
                        const double *vh = v + h * FK_LANES;
                        double kh = k[h];

                        memcpy(&x, vh, sizeof x);
                        s0 += kh * x;
                        memcpy(&x, vh + 2, sizeof x);
                        s1 += kh * x;
                        memcpy(&x, vh + 4, sizeof x);
                        s2 += kh * x;
                        memcpy(&x, vh + 6, sizeof x);
                        s3 += kh * x;
                }
                memcpy(num + g * FK_LANES, &s0, sizeof s0);
                memcpy(num + g * FK_LANES + 2, &s1, sizeof s1);
                memcpy(num + g * FK_LANES + 4, &s2, sizeof s2);
                memcpy(num + g * FK_LANES + 6, &s3, sizeof s3);
#else
                double s[FK_LANES] = { 0 };

                for (size_t h = 0; h < G; h++)
                        for (size_t l = 0; l < FK_LANES; l++)
                                s[l] += k[h] * v[h * FK_LANES + l];
                memcpy(num + g * FK_LANES, s, sizeof s);
#endif
                for (size_t l = 0; l < FK_LANES; l++)
                        tot[l] += num[g * FK_LANES + l];
        }
        for (size_t l = 0; l < FK_LANES; l++)
                beta[l] = tot[l] / b->S;
        for (size_t g = 0; g < G; g++)
                for (size_t l = 0; l < FK_LANES; l++) {
                        double sc = num[g * FK_LANES + l] - beta[l] * b->a[g];

                        ss[l] += sc * sc;
                }
        for (size_t l = 0; l < FK_LANES; l++)
                t[l] = beta[l] / sqrt(b->kfac * ss[l] / (b->S * b->S));
}

struct ri {
        size_t U;
        const double *a, *B;    /* U, U x U */
};

static double ri_beta(const size_t *sel, size_t k, void *ctx)
{
        const struct ri *r = ctx;
        double num = 0, den = 0;

        for (size_t i = 0; i < k; i++) {
                num += r->a[sel[i]];
                for (size_t j = 0; j < k; j++)
                        den += r->B[sel[i] * r->U + sel[j]];
        }
        return num / den;
}

/* ri_beta of FK_LANES assignments sel[l * k ..], each summed in ri_beta's
 * order: the lanes' sums are independent, so their additions overlap. */
static void ri_many(const size_t *sel, size_t k, double *t, void *ctx)
{
        const struct ri *r = ctx;
        double num[FK_LANES] = { 0 }, den[FK_LANES] = { 0 };
        const double *row[FK_LANES];
        const size_t *s[FK_LANES];

        for (size_t l = 0; l < FK_LANES; l++)
                s[l] = sel + l * k;
        for (size_t i = 0; i < k; i++) {
                for (size_t l = 0; l < FK_LANES; l++) {
                        num[l] += r->a[s[l][i]];
                        row[l] = r->B + s[l][i] * r->U;
                }
#if defined(__GNUC__) && FK_LANES == 8
                {
                        /* the lanes in four pairs of vector registers */
                        typedef double pair
                                __attribute__((vector_size(2 * sizeof(double))));
                        pair d0, d1, d2, d3;

                        memcpy(&d0, den, sizeof d0);
                        memcpy(&d1, den + 2, sizeof d1);
                        memcpy(&d2, den + 4, sizeof d2);
                        memcpy(&d3, den + 6, sizeof d3);
                        for (size_t j = 0; j < k; j++) {
                                d0 += (pair){ row[0][s[0][j]], row[1][s[1][j]] };
                                d1 += (pair){ row[2][s[2][j]], row[3][s[3][j]] };
                                d2 += (pair){ row[4][s[4][j]], row[5][s[5][j]] };
                                d3 += (pair){ row[6][s[6][j]], row[7][s[7][j]] };
                        }
                        memcpy(den, &d0, sizeof d0);
                        memcpy(den + 2, &d1, sizeof d1);
                        memcpy(den + 4, &d2, sizeof d2);
                        memcpy(den + 6, &d3, sizeof d3);
                }
#else
                for (size_t j = 0; j < k; j++)
                        for (size_t l = 0; l < FK_LANES; l++)
                                den[l] += row[l][s[l][j]];
#endif
        }
        for (size_t l = 0; l < FK_LANES; l++)
                t[l] = num[l] / den[l];
}

/* Wild bootstrap and randomization inference from the fixed-effects-only
 * fit fe. */
static int resample(const struct fk_panel *p, const struct fk_reg *fe,
                    const double *D, double kfac, size_t reps, gsl_rng *rng,
                    struct fk_did_result *out, struct fk_error *err)
{
        size_t n = p->n, U = p->U, nt = out->units[0], *sel = NULL;
        double *Dt = malloc(n * sizeof *Dt), *ut = malloc(n * sizeof *ut);
        double *z = malloc(n * sizeof *z), *K = calloc(U * U, sizeof *K);
        double *a = calloc(U, sizeof *a), *num = malloc(U * sizeof *num);
        double *B = calloc(U * U, sizeof *B), *ra = calloc(U, sizeof *ra);
        double S = 0, obs;
        struct boot bt;
        struct ri rr;
        struct fk_wild_fn wf;
        struct fk_ri_fn rf;
        int rc = FK_OK;

        if (!Dt || !ut || !z || !K || !a || !num || !B || !ra) {
                rc = nomem(err);
                goto done;
        }
        if (fk_reg_resid(fe, D, Dt) || fk_reg_resid(fe, p->y, ut)) {
                rc = nomem(err);
                goto done;
        }
        for (size_t i = 0; i < n; i++) {
                S += cellw(p, i) * Dt[i] * Dt[i];
                a[p->unit[i]] += cellw(p, i) * Dt[i] * Dt[i];
        }
        for (size_t h = 0; h < U; h++) {
                for (size_t i = 0; i < n; i++)
                        z[i] = p->unit[i] == h ? ut[i] : 0;
                if (fk_reg_resid(fe, z, z)) {
                        rc = nomem(err);
                        goto done;
                }
                for (size_t i = 0; i < n; i++)
                        K[p->unit[i] * U + h] += cellw(p, i) * Dt[i] * z[i];
                /* randomization: d_h and M d_h */
                for (size_t i = 0; i < n; i++)
                        z[i] = p->unit[i] == h && p->period[i] >= p->start;
                for (size_t i = 0; i < n; i++)
                        ra[h] += cellw(p, i) * z[i] * ut[i];
                if (fk_reg_resid(fe, z, z)) {
                        rc = nomem(err);
                        goto done;
                }
                for (size_t i = 0; i < n; i++)
                        if (p->period[i] >= p->start)
                                B[p->unit[i] * U + h] += cellw(p, i) * z[i];
        }
        bt = (struct boot){ U, K, a, S, kfac, num };
        wf = (struct fk_wild_fn){ boot_t, boot_many, &bt, U * FK_LANES,
                                  (double)U * (double)U };
        if (fk_wild_p(U, reps, rng, &wf, &out->wild_p, &out->wild_reps,
                      &out->wild_weights)) {
                rc = nomem(err);
                goto done;
        }
        sel = malloc(U * sizeof *sel);
        if (!sel) {
                rc = nomem(err);
                goto done;
        }
        for (size_t u = 0, k = 0; u < U; u++)
                if (p->treated[u])
                        sel[k++] = u;
        rr = (struct ri){ U, ra, B };
        rf = (struct fk_ri_fn){ ri_beta, ri_many, &rr,
                                (double)nt * (double)nt };
        obs = ri_beta(sel, nt, &rr);
        if (fk_ri_p(U, nt, obs, reps, rng, &rf, &out->ri_p,
                    &out->ri_assignments, &out->ri_exact))
                rc = nomem(err);
done:
        free(Dt);
        free(ut);
        free(z);
        free(K);
        free(a);
        free(num);
        free(B);
        free(ra);
        free(sel);
        return rc;
}

/* Event study: treated x [period = k] for every k but the reference. */
static int event_study(const struct fk_panel *p, double conf,
                       struct fk_did_result *out, struct fk_error *err)
{
        size_t E = p->T - 1, q, col;
        double *X = fe_design(p, E, &q);
        struct fk_reg *r = NULL;
        struct fk_error e2 = FK_ERROR_INIT;

        if (!X)
                return nomem(err);
        for (size_t i = 0; i < p->n; i++) {
                size_t k = p->period[i];

                if (!p->treated[p->unit[i]] || k == out->ref)
                        continue;
                X[i * q + (k < out->ref ? k : k - 1)] = 1;
        }
        if (fk_reg_fit(X, p->y, p->w, p->unit, p->n, q, p->U, 1, &r, &e2)) {
                free(X);
                if (e2.code == FK_ENOMEM)
                        return nomem(err);
                out->event_note = "the event-study terms are collinear with "
                                  "the fixed effects (a period without "
                                  "treated units?)";
                return FK_OK;
        }
        free(X);
        out->event = calloc(E, sizeof *out->event);
        if (!out->event) {
                fk_reg_free(r);
                return nomem(err);
        }
        for (size_t k = 0, j = 0; k < p->T; k++) {
                struct fk_did_event *ev;

                if (k == out->ref)
                        continue;
                col = j++;
                ev = &out->event[out->nevent++];
                ev->period = k;
                ev->estimate = fk_reg_coef(r, col);
                if (fk_reg_cr2(r, col, &ev->se, &ev->df)) {
                        fk_reg_free(r);
                        return nomem(err);
                }
                fk_t_interval(ev->estimate, ev->se, ev->df, conf, ev->ci,
                              &ev->p_value);
        }
        fk_reg_free(r);
        return FK_OK;
}

static int trend(const struct fk_panel *p, struct fk_did_result *out,
                 struct fk_error *err)
{
        double *sw[2];

        for (int a = 0; a < 2; a++) {
                out->trend[a] = calloc(p->T, sizeof *out->trend[a]);
                sw[a] = calloc(p->T, sizeof *sw[a]);
        }
        if (!out->trend[0] || !out->trend[1] || !sw[0] || !sw[1]) {
                free(sw[0]);
                free(sw[1]);
                return nomem(err);
        }
        for (size_t i = 0; i < p->n; i++) {
                int a = p->treated[p->unit[i]] ? 0 : 1;

                out->trend[a][p->period[i]] += cellw(p, i) * p->y[i];
                sw[a][p->period[i]] += cellw(p, i);
        }
        for (int a = 0; a < 2; a++)
                for (size_t t = 0; t < p->T; t++)
                        out->trend[a][t] = sw[a][t] > 0 ?
                                           out->trend[a][t] / sw[a][t] : NAN;
        free(sw[0]);
        free(sw[1]);
        return FK_OK;
}

int fk_did_fit(const struct fk_panel *p, double conf, size_t reps,
               unsigned long seed, struct fk_did_result *out,
               struct fk_error *err)
{
        size_t q, qf;
        double *X = NULL, *XF = NULL, *D = NULL, kfac;
        struct fk_reg *full = NULL, *fe = NULL;
        gsl_rng *rng = NULL;
        int rc;

        memset(out, 0, sizeof *out);
        out->wild_p = out->ri_p = NAN;
        out->wild_weights = "";
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        if (p->start == 0 || p->start >= p->T)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the panel needs periods before and "
                                    "after the start");
        for (size_t u = 0; u < p->U; u++)
                out->units[p->treated[u] ? 0 : 1]++;
        if (!out->units[0] || !out->units[1])
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the panel needs treated and control "
                                    "units");
        out->cells = p->n;
        out->ref = p->start - 1;
        X = fe_design(p, 1, &q);
        XF = fe_design(p, 0, &qf);
        D = malloc(p->n * sizeof *D);
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!X || !XF || !D || !rng) {
                rc = nomem(err);
                goto done;
        }
        gsl_rng_set(rng, seed);
        for (size_t i = 0; i < p->n; i++)
                X[i * q] = D[i] = p->treated[p->unit[i]] &&
                                  p->period[i] >= p->start;
        rc = fk_reg_fit(X, p->y, p->w, p->unit, p->n, q, p->U, 1, &full, err);
        if (rc == FK_EDATA)
                rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                  "treated x post is collinear with the unit "
                                  "and period effects");
        if (!rc)
                rc = fk_reg_fit(XF, p->y, p->w, NULL, p->n, qf, 0, 0, &fe, err);
        if (rc)
                goto done;
        out->estimate = fk_reg_coef(full, 0);
        fk_reg_cr1(full, 0, &out->cr1.se, &out->cr1.df);
        fk_t_interval(out->estimate, out->cr1.se, out->cr1.df, conf,
                      out->cr1.ci, &out->cr1.p_value);
        if (fk_reg_cr2(full, 0, &out->cr2.se, &out->cr2.df)) {
                rc = nomem(err);
                goto done;
        }
        fk_t_interval(out->estimate, out->cr2.se, out->cr2.df, conf,
                      out->cr2.ci, &out->cr2.p_value);
        kfac = (double)p->U / (double)(p->U - 1) * (double)(p->n - 1) /
               (double)(p->n - q);
        rc = resample(p, fe, D, kfac, reps, rng, out, err);
        if (!rc)
                rc = event_study(p, conf, out, err);
        if (!rc)
                rc = trend(p, out, err);
done:
        free(X);
        free(XF);
        free(D);
        fk_reg_free(full);
        fk_reg_free(fe);
        gsl_rng_free(rng);
        if (rc)
                fk_did_release(out);
        return rc;
}

void fk_did_verdict(const struct fk_did_result *r, enum fk_better better,
                    double margin, struct fk_verdict *v)
{
        fk_verdict_init(v);
        snprintf(v->measure, sizeof v->measure, "did");
        v->margin = margin;
        v->ri_p = r->ri_p;
        v->few_clusters = r->units[0] < 5 || r->units[1] < 5;
        fk_verdict_judge_t(v, FK_BASIS_CR2, r->estimate, r->cr2.se, r->cr2.df,
                           r->cr2.ci, better);
        v->individual_result = v->result;
        v->individual_p_value = v->p_value;
}

void fk_did_release(struct fk_did_result *r)
{
        if (!r)
                return;
        free(r->event);
        free(r->trend[0]);
        free(r->trend[1]);
        r->event = NULL;
        r->trend[0] = r->trend[1] = NULL;
        r->nevent = 0;
}
