/* Staggered starts: Callaway–Sant'Anna group-time effects ATT(g,t) and
 * their aggregates; see include/fkstat/staggered.h and METHODS.md,
 * "Staggered starts".
 *
 * The sample and the influence functions follow R did 2.x (att_gt with
 * est_method "dr" and no covariates reduces to the difference of mean
 * changes; aggte with bstrap = FALSE).  With n the units in the estimates,
 * the influence function of ATT(g,t) for unit i is
 *   n/n_g (dY_i - mean_g dY)  for i in cohort g,
 *  -n/n_C (dY_i - mean_C dY)  for i in the comparison group C, 0 else,
 * and se = sqrt(sum_i psi_i^2) / n.  An aggregate sum_k w_k ATT_k with
 * w_k = pg_k / sum pg (pg_k the share of units in cohort g_k) has
 *   psi_i = sum_k w_k psi_ik + sum_k wif_ik ATT_k,
 *   wif_ik = ([G_i = g_k] - pg_k) / S - pg_k / S^2 sum_l ([G_i = g_l] - pg_l),
 * S = sum_k pg_k, for the estimated weights (did's wif); the group
 * aggregate's weights are fixed (no wif). */
#include "fkstat/staggered.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/regress.h"
#include "stats/check.h"
#include "stats/staggered_int.h"

#define NONE FK_STAGGER_NONE

const char *fk_control_group_name(enum fk_control_group c)
{
        return c == FK_CONTROL_NOTYET ? "notyet" : "never";
}

const char *fk_base_period_name(enum fk_base_period b)
{
        return b == FK_BASE_UNIVERSAL ? "universal" : "varying";
}

int fk_control_group_parse(const char *s)
{
        if (s && !strcmp(s, "never"))
                return FK_CONTROL_NEVER;
        if (s && !strcmp(s, "notyet"))
                return FK_CONTROL_NOTYET;
        return -1;
}

int fk_base_period_parse(const char *s)
{
        if (s && !strcmp(s, "varying"))
                return FK_BASE_VARYING;
        if (s && !strcmp(s, "universal"))
                return FK_BASE_UNIVERSAL;
        return -1;
}

const char *fk_bacon_type_name(enum fk_bacon_type t)
{
        switch (t) {
        case FK_BACON_EARLIER_VS_LATER: return "earlier_vs_later";
        case FK_BACON_LATER_VS_EARLIER: return "later_vs_earlier";
        default: return "treated_vs_never";
        }
}

struct work {
        const struct fk_stagger_data *d;
        const struct fk_stagger_spec *s;
        size_t U, T, Tk;        /* Tk: the periods of ATT(g,t) */
        double *Y;              /* U x T; NaN: no cell */
        size_t *coh;            /* per unit: cohort, NONE: never treated */
        size_t *uof;            /* per place: the unit */
        size_t n;
        size_t last;            /* the comparison-only last cohort, NONE */
        int *is_g;              /* per cohort: has ATT(g,t) */
        double *inf;            /* per ATT(g,t): n influence values */
        int *ctl_seen;          /* per place: in some post comparison group */
};

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

static int cmp_long(const void *a, const void *b)
{
        long x = *(const long *)a, y = *(const long *)b;

        return (x > y) - (x < y);
}

/* Cohorts: the distinct starts within the panel, in time order. */
static int cohorts(struct work *w, struct fk_stagger_result *out,
                   struct fk_error *err)
{
        const long *st = w->d->start, last = w->d->period_ord[w->T - 1];
        long *v = malloc((w->U + 1) * sizeof *v);
        size_t m = 0, k;

        if (!v)
                return nomem(err);
        for (size_t i = 0; i < w->U; i++)
                if (st[i] != FK_STAGGER_NEVER && st[i] <= last)
                        v[m++] = st[i];
                else if (st[i] != FK_STAGGER_NEVER)
                        out->after_last++;
        qsort(v, m, sizeof *v, cmp_long);
        for (size_t i = 0; i < m; i++)
                if (i == 0 || v[i] != v[out->ncohort - 1])
                        v[out->ncohort++] = v[i];
        out->cohort = calloc(out->ncohort + 1, sizeof *out->cohort);
        w->is_g = calloc(out->ncohort + 1, sizeof *w->is_g);
        if (!out->cohort || !w->is_g) {
                free(v);
                return nomem(err);
        }
        for (k = 0; k < out->ncohort; k++)
                out->cohort[k].start = v[k];
        for (size_t i = 0; i < w->U; i++) {
                w->coh[i] = NONE;
                for (k = 0; k < out->ncohort; k++)
                        if (st[i] == v[k])
                                break;
                if (k == out->ncohort)
                        continue;
                w->coh[i] = k;
                out->cohort[k].units++;
                if (!out->cohort[k].label)
                        out->cohort[k].label = w->d->start_label[i];
        }
        free(v);
        return FK_OK;
}

/* The sample of did::att_gt: without never-treated units the last cohort
 * is the comparison group and the periods from its start go; units
 * treated from the first period go; units with a missing cell go. */
static int sample(struct work *w, struct fk_stagger_result *out,
                  struct fk_error *err)
{
        const long *ord = w->d->period_ord;
        int never = 0;

        for (size_t i = 0; i < w->U; i++)
                never |= w->coh[i] == NONE;
        w->last = NONE;
        w->Tk = w->T;
        if (!never && out->ncohort > 0) {
                w->last = out->ncohort - 1;
                out->coerced_last = 1;
                while (w->Tk > 0 && ord[w->Tk - 1] >= out->cohort[w->last].start)
                        w->Tk--;
        }
        out->periods_used = w->Tk;
        if (w->Tk < 2)
                return fk_error_set(err, FK_EDATA, NULL, 0, "no two periods "
                                    "before the start of the last cohort, "
                                    "the only comparison group");
        for (size_t i = 0; i < w->U; i++) {
                size_t c = w->coh[i];
                int miss = 0;

                if (c != NONE && out->cohort[c].start <= ord[0]) {
                        out->dropped_first++;
                        continue;
                }
                for (size_t t = 0; t < w->Tk; t++)
                        miss |= isnan(w->Y[i * w->T + t]);
                if (miss) {
                        out->dropped_unbalanced++;
                        continue;
                }
                w->uof[w->n++] = i;
                if (c != NONE)
                        out->cohort[c].used++;
        }
        out->used = w->n;
        out->df = w->n > 1 ? (double)(w->n - 1) : NAN;
        for (size_t k = 0; k < out->ncohort; k++) {
                w->is_g[k] = out->cohort[k].start > ord[0] && k != w->last &&
                             out->cohort[k].used > 0;
                if (w->is_g[k])
                        out->units_treated += out->cohort[k].used;
        }
        for (size_t k = 0; k < out->ncohort; k++)
                if (w->is_g[k])
                        return FK_OK;
        return fk_error_set(err, FK_EDATA, NULL, 0, "no cohort starts after "
                            "the first period with units observed in every "
                            "period");
}

/* Whether unit i is in the comparison group of cohort g for the pair of
 * periods whose later one has ord thr. */
static int is_control(const struct work *w, size_t i, size_t g, long thr)
{
        size_t c = w->coh[i];

        if (c == NONE || c == w->last)
                return 1;
        return w->s->control == FK_CONTROL_NOTYET && c != g &&
               w->d->start[i] > thr;
}

static double se_of(const double *psi, size_t n)
{
        double ss = 0, se;

        for (size_t j = 0; j < n; j++)
                ss += psi[j] * psi[j];
        se = sqrt(ss) / (double)n;
        /* did reports a standard error this small as NA */
        return se <= 10 * sqrt(DBL_EPSILON) ? NAN : se;
}

/* One ATT(g,t) with its influence function psi (n values). */
static int one_gt(struct work *w, struct fk_stagger_result *out,
                  struct fk_stagger_gt *gt, double *psi, struct fk_error *err)
{
        const long *ord = w->d->period_ord;
        size_t t = gt->period, b = gt->base, n = w->n;
        long thr = ord[t > b ? t : b];
        double sg = 0, sc = 0, mg, mc;
        size_t ng = 0, nc = 0;

        memset(psi, 0, n * sizeof *psi);
        if (t == b) {           /* universal base: normalised to 0 */
                gt->estimate = 0;
                gt->se = gt->ci[0] = gt->ci[1] = NAN;
                return FK_OK;
        }
        for (size_t j = 0; j < n; j++) {
                size_t i = w->uof[j];
                double dy = w->Y[i * w->T + t] - w->Y[i * w->T + b];

                if (w->coh[i] == gt->cohort) {
                        sg += dy;
                        ng++;
                } else if (is_control(w, i, gt->cohort, thr)) {
                        sc += dy;
                        nc++;
                }
        }
        if (!nc)
                return fk_error_set(err, FK_EDATA, NULL, 0, "cohort %s has no "
                                    "comparison units in period %s",
                                    out->cohort[gt->cohort].label,
                                    w->d->p->period_names[t]);
        mg = sg / (double)ng;
        mc = sc / (double)nc;
        for (size_t j = 0; j < n; j++) {
                size_t i = w->uof[j];
                double dy = w->Y[i * w->T + t] - w->Y[i * w->T + b];

                if (w->coh[i] == gt->cohort)
                        psi[j] = (double)n / (double)ng * (dy - mg);
                else if (is_control(w, i, gt->cohort, thr)) {
                        psi[j] = -(double)n / (double)nc * (dy - mc);
                        if (gt->post)
                                w->ctl_seen[j] = 1;
                }
        }
        gt->n_treated = ng;
        gt->n_control = nc;
        gt->estimate = mg - mc;
        gt->se = se_of(psi, n);
        fk_t_interval(gt->estimate, gt->se, out->df, w->s->conf, gt->ci, NULL);
        return FK_OK;
}

/* Every ATT(g,t): varying base t - 1 before the start (from the second
 * period on), universal base the last period before the start. */
static int all_gt(struct work *w, struct fk_stagger_result *out,
                  struct fk_error *err)
{
        const long *ord = w->d->period_ord;
        size_t t0 = w->s->base == FK_BASE_UNIVERSAL ? 0 : 1;
        int rc;

        out->gt = calloc(out->ncohort * w->Tk + 1, sizeof *out->gt);
        w->inf = malloc((out->ncohort * w->Tk + 1) * w->n * sizeof *w->inf);
        w->ctl_seen = calloc(w->n + 1, sizeof *w->ctl_seen);
        if (!out->gt || !w->inf || !w->ctl_seen)
                return nomem(err);
        for (size_t g = 0; g < out->ncohort; g++) {
                size_t pre = 0;

                if (!w->is_g[g])
                        continue;
                while (pre + 1 < w->Tk && ord[pre + 1] < out->cohort[g].start)
                        pre++;          /* the last period before g */
                for (size_t t = t0; t < w->Tk; t++) {
                        struct fk_stagger_gt *gt = &out->gt[out->ngt];

                        gt->cohort = g;
                        gt->period = t;
                        gt->post = ord[t] >= out->cohort[g].start;
                        gt->base = gt->post || w->s->base == FK_BASE_UNIVERSAL ?
                                   pre : t - 1;
                        rc = one_gt(w, out, gt, w->inf + out->ngt * w->n, err);
                        if (rc)
                                return rc;
                        out->ngt++;
                }
        }
        for (size_t j = 0; j < w->n; j++)
                out->units_control += (size_t)w->ctl_seen[j];
        return FK_OK;
}

/* An aggregate of the ATT(g,t) listed in which (m of them) with weights
 * proportional to cohort size, with the influence function of the
 * estimated weights when wif (simple, dynamic) or without (group). */
static int aggregate(const struct work *w, const struct fk_stagger_result *out,
                     const size_t *which, size_t m, int wif,
                     struct fk_stagger_agg *a, struct fk_error *err)
{
        size_t n = w->n;
        double *psi = calloc(n + 1, sizeof *psi), spg = 0, est = 0;

        if (!psi)
                return nomem(err);
        a->estimate = a->se = a->ci[0] = a->ci[1] = a->p_value = NAN;
        for (size_t k = 0; k < m; k++)
                spg += (double)out->cohort[out->gt[which[k]].cohort].used /
                       (double)n;
        for (size_t k = 0; k < m && spg > 0; k++) {
                const struct fk_stagger_gt *gt = &out->gt[which[k]];
                double wk = (double)out->cohort[gt->cohort].used / (double)n /
                            spg;
                const double *inf = w->inf + which[k] * n;

                est += wk * gt->estimate;
                for (size_t j = 0; j < n; j++)
                        psi[j] += wk * inf[j];
        }
        if (!(spg > 0)) {
                free(psi);
                return FK_OK;
        }
        if (wif) {
                /* sum_k wif_ik ATT_k = (A_i - B_i est) / S with
                 * A_i = sum_k ([G_i = g_k] - pg_k) ATT_k,
                 * B_i = sum_k ([G_i = g_k] - pg_k) */
                for (size_t j = 0; j < n; j++) {
                        size_t c = w->coh[w->uof[j]];
                        double A = 0, B = 0;

                        for (size_t k = 0; k < m; k++) {
                                const struct fk_stagger_gt *gt =
                                        &out->gt[which[k]];
                                double dk = (c == gt->cohort) -
                                            (double)out->cohort[gt->cohort].used /
                                            (double)n;

                                A += dk * gt->estimate;
                                B += dk;
                        }
                        psi[j] += (A - B * est) / spg;
                }
        }
        a->estimate = est;
        a->se = se_of(psi, n);
        fk_t_interval(est, a->se, out->df, w->s->conf, a->ci, &a->p_value);
        free(psi);
        return FK_OK;
}

static int cmp_agg(const void *a, const void *b)
{
        long x = ((const struct fk_stagger_agg *)a)->key;
        long y = ((const struct fk_stagger_agg *)b)->key;

        return (x > y) - (x < y);
}

static int aggregates(struct work *w, struct fk_stagger_result *out,
                      struct fk_error *err)
{
        const long *ord = w->d->period_ord;
        size_t *which = malloc((out->ngt + 1) * sizeof *which), m = 0;
        int rc;

        out->dynamic = calloc(out->ngt + 1, sizeof *out->dynamic);
        out->group = calloc(out->ncohort + 1, sizeof *out->group);
        if (!which || !out->dynamic || !out->group) {
                free(which);
                return nomem(err);
        }
        for (size_t k = 0; k < out->ngt; k++)
                if (out->gt[k].post)
                        which[m++] = k;
        rc = aggregate(w, out, which, m, 1, &out->simple, err);
        /* event times e = t - g in periods of the data's kind */
        for (size_t k = 0; !rc && k < out->ngt; k++) {
                long e = ord[out->gt[k].period] -
                         out->cohort[out->gt[k].cohort].start;
                size_t j;

                for (j = 0; j < out->ndynamic; j++)
                        if (out->dynamic[j].key == e)
                                break;
                if (j == out->ndynamic)
                        out->dynamic[out->ndynamic++].key = e;
        }
        qsort(out->dynamic, out->ndynamic, sizeof *out->dynamic, cmp_agg);
        for (size_t j = 0; !rc && j < out->ndynamic; j++) {
                long e = out->dynamic[j].key;

                m = 0;
                for (size_t k = 0; k < out->ngt; k++)
                        if (ord[out->gt[k].period] -
                            out->cohort[out->gt[k].cohort].start == e)
                                which[m++] = k;
                rc = aggregate(w, out, which, m, 1, &out->dynamic[j], err);
                out->dynamic[j].key = e;
        }
        for (size_t g = 0; !rc && g < out->ncohort; g++) {
                m = 0;
                for (size_t k = 0; k < out->ngt; k++)
                        if (out->gt[k].cohort == g && out->gt[k].post)
                                which[m++] = k;
                if (!m)
                        continue;
                rc = aggregate(w, out, which, m, 0, &out->group[out->ngroup],
                               err);
                out->group[out->ngroup++].key = (long)g;
        }
        free(which);
        return rc;
}

/* Randomization over reassignments of the starts of the units in the
 * estimates: classes are the cohorts and the never-treated. */
static int randomize(const struct work *w, struct fk_stagger_result *out,
                     struct fk_error *err)
{
        const long *ord = w->d->period_ord;
        size_t C = out->ncohort + 1, n = w->n, T = w->Tk, nt = 0;
        size_t *cls = malloc(n * sizeof *cls), *size = calloc(C, sizeof *size);
        size_t *g = malloc((out->ngt + 1) * 3 * sizeof *g);
        size_t *nctrl = calloc(out->ngt + 1, sizeof *nctrl);
        size_t *cbuf = malloc((out->ngt + 1) * C * sizeof *cbuf);
        const size_t **ctrl = malloc((out->ngt + 1) * sizeof *ctrl);
        double *Y = malloc(n * T * sizeof *Y);
        struct fk_stagger_ri in;
        int rc = FK_OK;

        if (!cls || !size || !g || !nctrl || !cbuf || !ctrl || !Y) {
                rc = nomem(err);
                goto done;
        }
        for (size_t j = 0; j < n; j++) {
                size_t i = w->uof[j], c = w->coh[i];

                cls[j] = c == NONE ? C - 1 : c;
                size[cls[j]]++;
                memcpy(Y + j * T, w->Y + i * w->T, T * sizeof *Y);
        }
        for (size_t k = 0; k < out->ngt; k++) {
                const struct fk_stagger_gt *gt = &out->gt[k];
                size_t t = gt->period, b = gt->base;
                long thr = ord[t > b ? t : b];
                size_t *cl = cbuf + nt * C;

                if (!gt->post)
                        continue;
                g[nt] = gt->cohort;
                g[out->ngt + 1 + nt] = t;
                g[2 * (out->ngt + 1) + nt] = b;
                for (size_t c = 0; c + 1 < C; c++)
                        if (c == w->last || (w->s->control == FK_CONTROL_NOTYET &&
                                             c != gt->cohort &&
                                             out->cohort[c].start > thr))
                                cl[nctrl[nt]++] = c;
                cl[nctrl[nt]++] = C - 1;
                ctrl[nt++] = cl;
        }
        in = (struct fk_stagger_ri){ n, T, C, Y, cls, size, nt, g,
                                     g + out->ngt + 1, g + 2 * (out->ngt + 1),
                                     ctrl, nctrl };
        if (nt)
                rc = fk_stagger_ri_p(&in, w->s->reps, w->s->seed, &out->ri_p,
                                     &out->ri_assignments, &out->ri_exact,
                                     err);
done:
        free(cls);
        free(size);
        free(g);
        free(nctrl);
        free(cbuf);
        free(ctrl);
        free(Y);
        return rc;
}

static void say(struct fk_stagger_result *r, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

static void say(struct fk_stagger_result *r, const char *fmt, ...)
{
        va_list ap;

        if (r->nnotes == FK_MAX_NOTES)
                return;
        va_start(ap, fmt);
        vsnprintf(r->notes[r->nnotes++], FK_NOTE_MAX, fmt, ap);
        va_end(ap);
}

/* What the reader should know about the sample and the decomposition. */
static void notes(const struct fk_panel *p, struct fk_stagger_result *r)
{
        if (r->after_last)
                say(r, "%zu unit%s starting after the last period (%s) "
                    "counted as never treated", r->after_last,
                    r->after_last == 1 ? "" : "s", p->period_names[p->T - 1]);
        if (r->coerced_last && r->ncohort)
                say(r, "no never-treated unit: the last cohort (start %s) is "
                    "the comparison group, and ATT(g,t) leaves out the "
                    "periods from its start", r->cohort[r->ncohort - 1].label);
        if (r->dropped_first)
                say(r, "%zu unit%s in the trial from the first period left "
                    "out of ATT(g,t)", r->dropped_first,
                    r->dropped_first == 1 ? "" : "s");
        if (r->dropped_unbalanced)
                say(r, "%zu unit%s not observed in every period left out of "
                    "ATT(g,t)", r->dropped_unbalanced,
                    r->dropped_unbalanced == 1 ? "" : "s");
        if (r->twfe_note)
                say(r, "%s", r->twfe_note);
        if (r->bacon_note)
                say(r, "%s", r->bacon_note);
}

int fk_stagger_fit(const struct fk_stagger_data *d,
                   const struct fk_stagger_spec *s,
                   struct fk_stagger_result *out, struct fk_error *err)
{
        const struct fk_panel *p = d->p;
        struct work w;
        int rc;

        memset(out, 0, sizeof *out);
        memset(&w, 0, sizeof w);
        out->twfe = out->ri_p = out->ri_assignments = out->df = NAN;
        out->simple.estimate = out->simple.se = out->simple.p_value = NAN;
        out->simple.ci[0] = out->simple.ci[1] = NAN;
        out->units = p->U;
        if ((rc = fk_check_conf(s->conf, NULL, err)) != FK_OK)
                return rc;
        if (p->U < 2 || p->T < 2)
                return fk_error_set(err, FK_EDATA, NULL, 0, "the panel needs "
                                    "two units and two periods");
        w.d = d;
        w.s = s;
        w.U = p->U;
        w.T = p->T;
        w.Y = malloc(p->U * p->T * sizeof *w.Y);
        w.coh = malloc(p->U * sizeof *w.coh);
        w.uof = malloc(p->U * sizeof *w.uof);
        if (!w.Y || !w.coh || !w.uof) {
                rc = nomem(err);
                goto done;
        }
        for (size_t i = 0; i < p->U * p->T; i++)
                w.Y[i] = NAN;
        for (size_t i = 0; i < p->n; i++)
                w.Y[p->unit[i] * p->T + p->period[i]] = p->y[i];
        rc = cohorts(&w, out, err);
        if (!rc)
                rc = sample(&w, out, err);
        if (!rc)
                rc = all_gt(&w, out, err);
        if (!rc)
                rc = aggregates(&w, out, err);
        if (!rc)
                rc = fk_stagger_twfe_bacon(d, out, err);
        if (!rc)
                rc = randomize(&w, out, err);
        if (!rc)
                notes(p, out);
done:
        free(w.Y);
        free(w.coh);
        free(w.uof);
        free(w.is_g);
        free(w.inf);
        free(w.ctl_seen);
        return rc;
}

void fk_stagger_verdict(const struct fk_stagger_result *r,
                        enum fk_better better, double margin,
                        struct fk_verdict *v)
{
        fk_verdict_init(v);
        snprintf(v->measure, sizeof v->measure, "did");
        v->margin = margin;
        v->ri_p = r->ri_p;
        v->few_clusters = r->units_treated < 5 || r->units_control < 5;
        fk_verdict_judge_t(v, FK_BASIS_CS_SIMPLE, r->simple.estimate,
                           r->simple.se, r->df, r->simple.ci, better);
        v->individual_result = v->result;
        v->individual_p_value = v->p_value;
}

void fk_stagger_release(struct fk_stagger_result *r)
{
        if (!r)
                return;
        free(r->cohort);
        free(r->gt);
        free(r->dynamic);
        free(r->group);
        free(r->bacon);
        r->cohort = NULL;
        r->gt = NULL;
        r->dynamic = r->group = NULL;
        r->bacon = NULL;
        r->ncohort = r->ngt = r->ndynamic = r->ngroup = r->nbacon = 0;
}
