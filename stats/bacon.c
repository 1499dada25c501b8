/* The two-way fixed-effects coefficient with staggered starts and its
 * Goodman-Bacon (2021) decomposition; see include/fkstat/staggered.h and
 * METHODS.md, "Staggered starts".
 *
 * On a balanced panel with timing groups k (first treated period; never
 * treated last) the coefficient is sum_kl s_kl b_kl over the 2x2
 * comparisons of a group whose treatment changes against one whose
 * treatment does not over the periods compared: all periods against the
 * never-treated, the periods before l's start for an earlier k against a
 * later l, the periods from k's start for a later l against an earlier k.
 * b_kl is the difference in differences of the group means over those
 * periods; the weights are bacondecomp::bacon's (in rows of the subsample,
 * proportional to Goodman-Bacon's shares), normalised to sum to 1. */
#include "fkstat/staggered.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/regress.h"
#include "stats/staggered_int.h"

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

/* Mean of the group means m[t] over t in [lo, hi). */
static double span_mean(const double *m, size_t lo, size_t hi)
{
        double s = 0;

        for (size_t t = lo; t < hi; t++)
                s += m[t];
        return s / (double)(hi - lo);
}

/* bacondecomp's weight of one comparison before normalising: a is the
 * group whose treatment changes (first treated period ka, na units), b
 * the other (kb; T for never), over periods [lo, hi). */
static double raw_weight(size_t ka, size_t kb, double na, double nb, size_t T,
                         size_t lo, size_t hi)
{
        double rows = (double)(hi - lo), n = (na + nb) * rows;
        double share = na / (na + nb), v, Dk, Dl;

        if (kb == T) {                          /* treated vs never */
                Dk = (double)(T - ka) / (double)T;
                v = share * (1 - share) * Dk * (1 - Dk);
        } else if (ka < kb) {                   /* earlier vs later */
                Dk = (double)(kb - ka) / (double)kb;
                v = share * (1 - share) * Dk * (1 - Dk);
        } else {                                /* later vs earlier */
                Dl = (double)(T - ka) / (double)(T - kb);
                v = share * (1 - share) * Dl * (1 - Dl);
        }
        return n * n * v;
}

int fk_bacon_decompose(const double *y, size_t U, size_t T,
                       const size_t *group, struct fk_bacon_term *term,
                       size_t *nterm, struct fk_error *err)
{
        size_t *gv = malloc((T + 1) * sizeof *gv), K = 0;
        double *cnt = calloc(T + 1, sizeof *cnt);
        double *m = calloc((T + 1) * T, sizeof *m), tot = 0;

        *nterm = 0;
        if (!gv || !cnt || !m) {
                free(gv);
                free(cnt);
                free(m);
                return nomem(err);
        }
        for (size_t i = 0; i < U; i++) {
                if (group[i] == 0 || group[i] > T) {
                        free(gv);
                        free(cnt);
                        free(m);
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "a unit is treated from the first "
                                            "period");
                }
                cnt[group[i]]++;
                for (size_t t = 0; t < T; t++)
                        m[group[i] * T + t] += y[i * T + t];
        }
        for (size_t k = 1; k <= T; k++)
                if (cnt[k] > 0) {
                        gv[K++] = k;
                        for (size_t t = 0; t < T; t++)
                                m[k * T + t] /= cnt[k];
                }
        for (size_t a = 0; a < K; a++) {
                size_t ka = gv[a];

                if (ka == T)
                        continue;
                for (size_t b = 0; b < K; b++) {
                        size_t kb = gv[b], lo, hi;
                        struct fk_bacon_term *x = &term[*nterm];
                        const double *ma = m + ka * T, *mb = m + kb * T;

                        if (b == a)
                                continue;
                        lo = kb < ka ? kb : 0;
                        hi = kb > ka ? kb : T;
                        x->type = kb == T ? FK_BACON_TREATED_VS_NEVER :
                                  ka < kb ? FK_BACON_EARLIER_VS_LATER :
                                  FK_BACON_LATER_VS_EARLIER;
                        x->treated = ka;
                        x->control = kb == T ? FK_BACON_NEVER : kb;
                        x->label_treated = x->label_control = NULL;
                        x->estimate = span_mean(ma, ka, hi) -
                                      span_mean(ma, lo, ka) -
                                      (span_mean(mb, ka, hi) -
                                       span_mean(mb, lo, ka));
                        x->weight = raw_weight(ka, kb, cnt[ka], cnt[kb], T,
                                               lo, hi);
                        tot += x->weight;
                        (*nterm)++;
                }
        }
        free(gv);
        free(cnt);
        free(m);
        if (!*nterm || !(tot > 0)) {
                *nterm = 0;
                return fk_error_set(err, FK_EDATA, NULL, 0, "no unit changes "
                                    "treatment against another group");
        }
        for (size_t k = 0; k < *nterm; k++)
                term[k].weight /= tot;
        return FK_OK;
}

/* The coefficient of D on every cell with unit and period effects. */
static int twfe(const struct fk_stagger_data *d, struct fk_stagger_result *out,
                struct fk_error *err)
{
        const struct fk_panel *p = d->p;
        size_t q = 1 + p->U + p->T - 1;
        double *X = calloc(p->n * q, sizeof *X);
        struct fk_reg *r = NULL;
        struct fk_error e2 = FK_ERROR_INIT;

        if (!X)
                return nomem(err);
        for (size_t i = 0; i < p->n; i++) {
                double *x = X + i * q;

                x[0] = d->period_ord[p->period[i]] >= d->start[p->unit[i]];
                x[1] = 1;
                if (p->unit[i] > 0)
                        x[1 + p->unit[i]] = 1;
                if (p->period[i] > 0)
                        x[p->U + p->period[i]] = 1;
        }
        if (p->n <= q || fk_reg_fit(X, p->y, NULL, NULL, p->n, q, 0, 0, &r,
                                    &e2)) {
                free(X);
                if (e2.code == FK_ENOMEM)
                        return nomem(err);
                out->twfe_note = "the trial indicator is collinear with the "
                                 "unit and period effects";
                return FK_OK;
        }
        out->twfe = fk_reg_coef(r, 0);
        fk_reg_free(r);
        free(X);
        return FK_OK;
}

/* Name each timing group (a first treated period) by its cohort, or by
 * the period when several cohorts' starts fall before it. */
static void label_terms(const struct fk_stagger_data *d,
                        struct fk_stagger_result *out, const size_t *first)
{
        for (size_t k = 0; k < out->nbacon; k++) {
                struct fk_bacon_term *x = &out->bacon[k];
                size_t *side[2] = { &x->treated, &x->control };
                const char **lab[2] = { &x->label_treated, &x->label_control };

                for (int s = 0; s < 2; s++) {
                        size_t tg = *side[s], hit = FK_BACON_NEVER, nhit = 0;

                        if (tg == FK_BACON_NEVER) {
                                *lab[s] = "never";
                                continue;
                        }
                        for (size_t c = 0; c < out->ncohort; c++)
                                if (first[c] == tg && nhit++ == 0)
                                        hit = c;
                        *side[s] = hit;
                        *lab[s] = nhit == 1 ? out->cohort[hit].label :
                                  d->p->period_names[tg];
                }
        }
}

int fk_stagger_twfe_bacon(const struct fk_stagger_data *d,
                          struct fk_stagger_result *out, struct fk_error *err)
{
        const struct fk_panel *p = d->p;
        size_t U = p->U, T = p->T, *grp = NULL, *first = NULL;
        double *y = NULL;
        struct fk_error e2 = FK_ERROR_INIT;
        int rc = twfe(d, out, err);

        if (rc)
                return rc;
        if (p->n != U * T) {
                out->bacon_note = "the Goodman-Bacon decomposition needs a "
                                  "balanced panel (every unit in every period)";
                return FK_OK;
        }
        for (size_t i = 0; i < U; i++)
                if (d->start[i] <= d->period_ord[0]) {
                        out->bacon_note = "the Goodman-Bacon decomposition "
                                          "needs every unit untreated in the "
                                          "first period";
                        return FK_OK;
                }
        if (isnan(out->twfe)) {
                out->bacon_note = "no two-way fixed-effects coefficient to "
                                  "decompose";
                return FK_OK;
        }
        grp = malloc(U * sizeof *grp);
        first = malloc((out->ncohort + 1) * sizeof *first);
        y = malloc(U * T * sizeof *y);
        out->bacon = calloc((T + 1) * (T + 1), sizeof *out->bacon);
        if (!grp || !first || !y || !out->bacon) {
                rc = nomem(err);
                goto done;
        }
        for (size_t c = 0; c < out->ncohort; c++) {
                first[c] = 0;
                while (first[c] < T && d->period_ord[first[c]] <
                       out->cohort[c].start)
                        first[c]++;
        }
        for (size_t i = 0; i < U; i++) {
                grp[i] = 0;
                while (grp[i] < T && d->period_ord[grp[i]] < d->start[i])
                        grp[i]++;
        }
        for (size_t i = 0; i < p->n; i++)
                y[p->unit[i] * T + p->period[i]] = p->y[i];
        if (fk_bacon_decompose(y, U, T, grp, out->bacon, &out->nbacon, &e2)) {
                if (e2.code == FK_ENOMEM)
                        rc = nomem(err);
                else
                        out->bacon_note = "no 2x2 comparison to decompose "
                                          "the coefficient into";
                goto done;
        }
        label_terms(d, out, first);
        for (size_t k = 0; k < out->nbacon; k++)
                if (out->bacon[k].type == FK_BACON_LATER_VS_EARLIER)
                        out->bacon_later_weight += out->bacon[k].weight;
done:
        free(grp);
        free(first);
        free(y);
        return rc;
}
