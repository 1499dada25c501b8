/* The charts of results, in Danish or English; see include/fkstat/charts.h. */
#include "fkstat/charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/plot.h"
#include "fkstat/survival.h"

static const char *L(const struct fk_chart_text *tx, const char *da,
                     const char *en)
{
        return tx->da ? da : en;
}

static struct fk_plot_opts opts(const struct fk_chart_text *tx,
                                const char *title)
{
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;

        o.title = title;
        o.decimal_comma = tx->da;
        o.note = tx->note;
        return o;
}

int fk_chart_bars(const struct fk_outcome_result *r, const char *label,
                  const struct fk_chart_text *tx, const char *dir,
                  const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        struct fk_plot_series s[2];
        double y[2], lo[2], hi[2];
        struct fk_plot_bars b = { NULL, 1, s, 2 };
        int bin = r->type == FK_TYPE_BINARY;

        for (int a = 0; a < 2; a++) {
                const struct fk_group *g = &r->groups[a];

                y[a] = bin ? g->estimate : g->mean;
                lo[a] = g->ci[0];
                hi[a] = g->ci[1];
                s[a].label = a == FK_TRIAL ? tx->trial : tx->control;
                s[a].y = &y[a];
                s[a].lo = &lo[a];
                s[a].hi = &hi[a];
        }
        o.percent = bin;
        o.digits = bin ? 1 : fabs(y[0]) >= 10 ? 1 : 2;
        o.ylabel = bin ? L(tx, "Andel, % (95 %-konfidensinterval)",
                           "Share, % (95% confidence interval)") :
                   L(tx, "Gennemsnit (95 %-konfidensinterval)",
                     "Mean (95% confidence interval)");
        return fk_plot_bars(dir, base, &o, &b, err);
}

int fk_chart_likert(const struct fk_outcome_result *r, const char *label,
                    const struct fk_chart_text *tx, const char *dir,
                    const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        size_t k = r->groups[0].nlevels;
        char names[FK_MAX_LEVELS][32];
        const char *lv[FK_MAX_LEVELS], *rows[2] = { tx->trial, tx->control };
        double counts[2 * FK_MAX_LEVELS];
        struct fk_plot_likert d = { lv, k, rows, 2, counts };

        if (k < 2 || k > 11 || r->groups[1].nlevels != k)
                return fk_chart_bars(r, label, tx, dir, base, err);
        for (size_t l = 0; l < k; l++) {
                snprintf(names[l], sizeof names[l], "%g", r->groups[0].level[l]);
                lv[l] = names[l];
                counts[l] = r->groups[0].level_count[l];
                counts[k + l] = r->groups[1].level_count[l];
        }
        o.xlabel = L(tx, "Andel af svarene, %", "Share of answers, %");
        return fk_plot_likert(dir, base, &o, &d, err);
}

/* A curve from the result's Kaplan–Meier table rows. */
static int km_of(const struct fk_group *g, struct fk_km *km)
{
        memset(km, 0, sizeof *km);
        km->steps = calloc(g->ntable ? g->ntable : 1, sizeof *km->steps);
        if (!km->steps)
                return -1;
        km->nsteps = g->ntable;
        for (size_t i = 0; i < g->ntable; i++) {
                const struct fk_km_row *t = &g->table[i];
                struct fk_km_step *s = &km->steps[i];

                s->time = t->time;
                s->n_risk = t->n_risk;
                s->n_event = t->n_event;
                s->n_censor = t->n_censor;
                s->surv = t->surv;
                s->se = NAN;
                s->lo = t->lo;
                s->hi = t->hi;
        }
        km->n = g->n;
        km->events = g->events;
        km->censored = g->censored;
        km->median = g->median_time;
        return 0;
}

int fk_chart_km(const struct fk_outcome_result *r, const char *label,
                const struct fk_chart_text *tx, const char *dir,
                const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        struct fk_km km[2];
        const struct fk_km *curves[2] = { &km[0], &km[1] };
        const char *labels[2] = { tx->trial, tx->control };
        double at[FK_MAX_AT + 1];
        size_t nat = 0;
        struct fk_plot_km d;
        int rc;

        if (!r->groups[0].table || !r->groups[1].table ||
            !r->groups[0].ntable || !r->groups[1].ntable)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "no Kaplan-Meier table to draw");
        if (km_of(&r->groups[0], &km[0]) || km_of(&r->groups[1], &km[1])) {
                free(km[0].steps);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        at[nat++] = 0;
        for (size_t i = 0; i < r->groups[0].nat && nat <= FK_MAX_AT; i++)
                if (r->groups[0].at[i] > at[nat - 1])
                        at[nat++] = r->groups[0].at[i];
        d = (struct fk_plot_km){ curves, labels, 2, at, nat,
                                 L(tx, "Antal i risiko", "Number at risk"),
                                 nat > 1 ? at[nat - 1] : NAN };
        o.percent = 1;
        o.xlabel = L(tx, "Uger", "Weeks");
        o.ylabel = L(tx, "Kumuleret jobstart, %", "Cumulative job entry, %");
        rc = fk_plot_km(dir, base, &o, &d, err);
        free(km[0].steps);
        free(km[1].steps);
        return rc;
}

int fk_chart_outcome(const struct fk_outcome_result *r, const char *label,
                     const struct fk_chart_text *tx, const char *dir,
                     const char *base, struct fk_error *err)
{
        if (r->type == FK_TYPE_SURVIVAL)
                return fk_chart_km(r, label, tx, dir, base, err);
        if (r->type == FK_TYPE_ORDINAL)
                return fk_chart_likert(r, label, tx, dir, base, err);
        return fk_chart_bars(r, label, tx, dir, base, err);
}

int fk_chart_forest(const struct fk_outcome_result *const *r,
                    const char *const *labels, size_t n,
                    const struct fk_chart_text *tx, const char *dir,
                    const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, L(tx, "Forskelle mellem forsøgs- og "
                                           "sammenligningskommuner",
                                           "Differences between trial and "
                                           "comparison municipalities"));
        struct fk_plot_row *rows = calloc(n ? n : 1, sizeof *rows);
        struct fk_plot_forest f;
        double margin = NAN;
        int ratio, bin, same = 1, higher = 1, rc;

        if (!rows)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (n == 0) {
                free(rows);
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "no results");
        }
        ratio = r[0]->type == FK_TYPE_SURVIVAL;
        bin = r[0]->type == FK_TYPE_BINARY;
        for (size_t i = 0; i < n; i++) {
                const struct fk_effect *e = fk_result_effect(r[i],
                                                             r[i]->verdict.measure);

                rows[i].label = labels[i];
                rows[i].est = e ? e->estimate : NAN;
                rows[i].lo = e ? e->ci[0] : NAN;
                rows[i].hi = e ? e->ci[1] : NAN;
                if (i == 0) {
                        margin = r[i]->verdict.margin;
                        higher = r[i]->better == FK_BETTER_HIGHER;
                } else if (isnan(r[i]->verdict.margin) != isnan(margin) ||
                           fabs(r[i]->verdict.margin - margin) > 0 ||
                           (r[i]->better == FK_BETTER_HIGHER) != higher) {
                        same = 0;
                }
        }
        f.rows = rows;
        f.nrows = n;
        f.overall = NULL;
        f.ref = ratio ? 1 : 0;
        f.margin = NAN;
        if (same && isfinite(margin))
                f.margin = ratio ? (higher ? 1 - margin : 1 / (1 - margin)) :
                           (higher ? -margin : margin);
        f.margin_label = L(tx, "grænse for non-inferioritet",
                           "non-inferiority margin");
        f.log_scale = ratio;
        f.show_values = 1;
        f.left_note = higher ? L(tx, "← bedst i sammenligning",
                                 "← better in comparison") :
                      L(tx, "← bedst i forsøg", "← better in trial");
        f.right_note = higher ? L(tx, "bedst i forsøg →", "better in trial →") :
                       L(tx, "bedst i sammenligning →",
                         "better in comparison →");
        o.percent = bin;
        o.digits = bin ? 1 : 2;
        o.xlabel = bin ? L(tx, "Forskel i andel, procentpoint (95 %-KI)",
                           "Difference in share, percentage points (95% CI)") :
                   ratio ? L(tx, "Hazard ratio for jobstart (95 %-KI)",
                             "Hazard ratio of job entry (95% CI)") :
                   L(tx, "Forskel i gennemsnit (95 %-KI)",
                     "Difference in means (95% CI)");
        rc = fk_plot_forest(dir, base, &o, &f, err);
        free(rows);
        return rc;
}

int fk_chart_trend(const struct fk_panel *p, const struct fk_did_result *d,
                   const char *label, const struct fk_chart_text *tx,
                   const char *dir, const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        struct fk_plot_series s[2] = {
                { L(tx, "Forsøgskommuner", "Trial municipalities"),
                  d->trend[0], NULL, NULL },
                { L(tx, "Sammenligningskommuner", "Comparison municipalities"),
                  d->trend[1], NULL, NULL }
        };
        struct fk_plot_trend t = { (const char *const *)p->period_names, p->T,
                                   s, 2, p->start,
                                   L(tx, "Forsøgsstart", "Trial start") };

        o.ylabel = L(tx, "Vægtet gennemsnit", "Weighted mean");
        o.digits = 3;
        return fk_plot_trend(dir, base, &o, &t, err);
}

int fk_chart_eventstudy(const struct fk_panel *p,
                        const struct fk_did_result *d, const char *label,
                        const struct fk_chart_text *tx, const char *dir,
                        const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        double *est = calloc(p->T, sizeof *est), *lo = calloc(p->T, sizeof *lo);
        double *hi = calloc(p->T, sizeof *hi);
        struct fk_plot_eventstudy e;
        int rc;

        if (!est || !lo || !hi) {
                free(est);
                free(lo);
                free(hi);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        for (size_t t = 0; t < p->T; t++)
                est[t] = lo[t] = hi[t] = t == d->ref ? 0 : NAN;
        for (size_t i = 0; i < d->nevent; i++) {
                size_t t = d->event[i].period;

                est[t] = d->event[i].estimate;
                lo[t] = d->event[i].ci[0];
                hi[t] = d->event[i].ci[1];
        }
        e = (struct fk_plot_eventstudy){ (const char *const *)p->period_names,
                                         p->T, est, lo, hi, d->ref, p->start,
                                         L(tx, "Forsøgsstart", "Trial start") };
        o.ylabel = L(tx, "Forskel til perioden før start (95 %-KI, CR2)",
                     "Difference relative to the last pre-period (95% CI, CR2)");
        o.digits = 3;
        rc = fk_plot_eventstudy(dir, base, &o, &e, err);
        free(est);
        free(lo);
        free(hi);
        return rc;
}
