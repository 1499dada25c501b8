/* Survival outcome: per-arm Kaplan–Meier summaries, the Cox hazard ratio,
 * the log-rank test and the verdict (see METHODS.md, "Time to job"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/timetojob.h"

/* The arm's group from its fitted curve km; S(at[i]) from at_of (the
 * curve's own steps when NULL). */
static int arm_fill(struct fk_km *km, const struct fk_km_stream *at_of,
                    const struct fk_survival_opts *o, struct fk_group *g,
                    struct fk_error *err)
{
        g->n = km->n;
        g->events = km->events;
        g->censored = km->censored;
        g->median_time = km->median;
        g->median_ci[0] = km->median_ci[0];
        g->median_ci[1] = km->median_ci[1];
        g->method = fk_km_ci_name(o->km_ci);
        g->nat = o->nat;
        for (size_t i = 0; i < o->nat; i++) {
                double s, lo, hi;

                if (at_of)
                        fk_km_stream_at(at_of, i, &s, &lo, &hi);
                else
                        fk_km_at(km, o->at[i], &s, &lo, &hi);
                g->at[i] = o->at[i];
                /* cumulative job entry 1 - S: the bounds swap */
                g->cum[i] = 1.0 - s;
                g->cum_ci[i][0] = 1.0 - hi;
                g->cum_ci[i][1] = 1.0 - lo;
        }
        if (o->table && km->nsteps) {
                g->table = malloc(km->nsteps * sizeof *g->table);
                if (!g->table) {
                        fk_km_release(km);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                for (size_t i = 0; i < km->nsteps; i++) {
                        const struct fk_km_step *st = &km->steps[i];

                        g->table[i] = (struct fk_km_row){ st->time, st->n_risk,
                                st->n_event, st->n_censor, st->surv, st->lo,
                                st->hi };
                }
                g->ntable = km->nsteps;
        }
        fk_km_release(km);
        return FK_OK;
}

static int arm_summary(const struct fk_durations *d,
                       const struct fk_survival_opts *o, struct fk_group *g,
                       struct fk_error *err)
{
        struct fk_km km;
        int rc = fk_km_fit(d->time, d->event, d->w, d->k, o->conf, o->km_ci,
                           &km, err);

        if (rc)
                return rc;
        return arm_fill(&km, NULL, o, g, err);
}

/* Both arms' curves from one pass over src; keep[a]: with their steps. */
static int curves(const struct fk_surv_source *src,
                  const struct fk_survival_opts *o, const int keep[2],
                  struct fk_km_stream ks[2], struct fk_km km[2], int redo[2],
                  struct fk_error *err)
{
        struct fk_surv_time st;
        int rc = FK_OK;

        memset(ks, 0, 2 * sizeof *ks);
        for (int a = 0; a < 2 && !rc; a++)
                rc = fk_km_stream_init(&ks[a], src->n[a], o->conf, o->km_ci,
                                       o->at, o->nat, keep[a], err);
        src->rewind(src->ctx);
        while (!rc && src->next(src->ctx, &st))
                for (int a = 0; a < 2 && !rc; a++)
                        rc = fk_km_stream_step(&ks[a], st.t, st.d[a], st.c[a],
                                               err);
        for (int a = 0; a < 2 && !rc; a++)
                if ((rc = fk_km_stream_end(&ks[a], &km[a], &redo[a], err)) &&
                    a == 1 && !redo[0])
                        fk_km_release(&km[0]);
        return rc;
}

/* The hazard ratio, the log-rank test and the verdict into r. */
static int effects(const struct fk_cox *cxp, const struct fk_logrank *lrp,
                   const struct fk_survival_opts *o,
                   struct fk_outcome_result *r)
{
        struct fk_cox cx = *cxp;
        struct fk_logrank lr = *lrp;
        struct fk_effect *e;
        struct fk_test *t;

        e = fk_result_add_effect(r, "hazard_ratio", o->ties == FK_TIES_EFRON ?
                                 "cox_efron" : "cox_breslow");
        if (cx.converged) {
                fk_effect_set(e, cx.hr, cx.ci);
        } else {
                snprintf(e->note, sizeof e->note, "an arm has no job entries "
                         "(or the arms separate completely): the hazard "
                         "ratio is 0 or infinite");
        }
        t = fk_result_add_test(r, "logrank");
        t->has_statistic = 1;
        t->statistic = lr.statistic;
        t->df = 1;
        t->p_value = lr.p_value;

        snprintf(r->verdict.measure, sizeof r->verdict.measure, "hazard_ratio");
        r->verdict.margin = o->margin;
        if (!isnan(o->margin) && cx.converged && cx.se > 0) {
                /* Wald test on the log scale at the margin, the family of
                 * the interval: H0 HR <= 1-m (higher) or HR >= 1/(1-m). */
                if (o->better == FK_BETTER_HIGHER)
                        r->verdict.p_value = gsl_cdf_ugaussian_Q(
                                (cx.beta - log(1.0 - o->margin)) / cx.se);
                else
                        r->verdict.p_value = gsl_cdf_ugaussian_P(
                                (cx.beta + log(1.0 - o->margin)) / cx.se);
        }
        r->verdict.result = fk_verdict_decide(e->ci[0], e->ci[1], 1, o->better,
                                              o->margin);
        return FK_OK;
}

int fk_survival_compare(const struct fk_durations d[2],
                        const struct fk_survival_opts *o,
                        struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_cox cx;
        struct fk_logrank lr;
        int rc;

        for (int a = 0; a < 2; a++) {
                double n = 0;

                for (size_t i = 0; i < d[a].k; i++)
                        n += d[a].w ? d[a].w[i] : 1.0;
                if (!(n > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "outcome '%s': the %s arm has no observations",
                                r->outcome, a == FK_TRIAL ? "trial" : "control");
                rc = arm_summary(&d[a], o, &r->groups[a], err);
                if (rc)
                        return rc;
                if (isnan(r->groups[a].median_time))
                        fk_result_note_of(r, FK_NOTE_MEDIAN_NOT_REACHED, 0,
                                          0, a, NULL);
        }
        rc = fk_cox(d[0].time, d[0].event, d[0].w, d[0].k, d[1].time,
                    d[1].event, d[1].w, d[1].k, o->ties, o->conf, &cx, err);
        if (rc)
                return rc;
        rc = fk_logrank(d[0].time, d[0].event, d[0].w, d[0].k, d[1].time,
                        d[1].event, d[1].w, d[1].k, &lr, err);
        if (rc)
                return rc;
        return effects(&cx, &lr, o, r);
}

int fk_survival_compare_source(const struct fk_surv_source *src,
                               const struct fk_survival_opts *o,
                               struct fk_outcome_result *r,
                               struct fk_error *err)
{
        struct fk_km_stream ks[2];
        struct fk_km km[2];
        struct fk_cox cx;
        struct fk_logrank lr;
        int keep[2] = { o->table, o->table }, redo[2] = { 0, 0 }, rc;

        for (int a = 0; a < 2; a++)
                if (!(src->n[a] > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                "outcome '%s': the %s arm has no observations",
                                r->outcome, a == FK_TRIAL ? "trial" : "control");
        rc = curves(src, o, keep, ks, km, redo, err);
        if (!rc && (redo[0] || redo[1])) {
                /* a bound that is not monotone: the median needs the curve */
                for (int a = 0; a < 2; a++) {
                        fk_km_stream_release(&ks[a]);
                        if (!redo[a])
                                fk_km_release(&km[a]);
                        keep[a] = keep[a] || redo[a];
                }
                rc = curves(src, o, keep, ks, km, redo, err);
        }
        if (rc) {
                fk_km_stream_release(&ks[0]);
                fk_km_stream_release(&ks[1]);
                return rc;
        }
        for (int a = 0; a < 2; a++) {
                fk_km_stream_release(&ks[a]);
                if (rc) {
                        fk_km_release(&km[a]);
                        continue;
                }
                rc = arm_fill(&km[a], &ks[a], o, &r->groups[a], err);
                if (!rc && isnan(r->groups[a].median_time))
                        fk_result_note_of(r, FK_NOTE_MEDIAN_NOT_REACHED, 0,
                                          0, a, NULL);
        }
        if (rc)
                return rc;
        if ((rc = fk_cox_source(src, o->ties, o->conf, &cx, err)) ||
            (rc = fk_logrank_source(src, &lr, err)))
                return rc;
        return effects(&cx, &lr, o, r);
}
