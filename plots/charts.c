/* The charts of results, in Danish or English; see include/fkstat/charts.h. */
#include "fkstat/charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/labels.h"
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

/* The note line of a clustered outcome's chart: the verdict effect with
 * its interval on the verdict's basis, after the caller's note if any. */
static const char *basis_note(const struct fk_outcome_result *r,
                              const struct fk_chart_text *tx, char *buf,
                              size_t len)
{
        const struct fk_verdict *v = &r->verdict;
        struct fk_label_scale sc = fk_label_scale_of(r, tx->da);
        char est[64], ci[128];

        if (!r->has_cluster || v->basis == FK_BASIS_INDIVIDUAL)
                return tx->note;
        fk_label_num(est, sizeof est, sc.mult * v->estimate, sc.digits, tx->da);
        fk_label_ci(ci, sizeof ci, v->ci, sc.mult, sc.digits, tx->da);
        snprintf(buf, len, tx->da ? "%s%s%s: %s%s; %d %%-konfidensinterval "
                 "på %s: %s%s" : "%s%s%s: %s%s; %d%% %s confidence interval: "
                 "%s%s", tx->note ? tx->note : "", tx->note ? " – " : "",
                 sc.ratio ? (tx->da ? "Hazardratio for jobstart" :
                             "Hazard ratio of job entry") :
                 (tx->da ? "Forskel (forsøg − sammenligning)" :
                  "Difference (trial − comparison)"), est, sc.unit_short,
                 (int)lround(100 * r->conf_level),
                 fk_label_basis(v->basis, tx->da), ci, sc.unit_short);
        return buf;
}

int fk_chart_bars(const struct fk_outcome_result *r, const char *label,
                  const struct fk_chart_text *tx, const char *dir,
                  const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        char note[512];
        int clustered = r->has_cluster &&
                        r->verdict.basis != FK_BASIS_INDIVIDUAL;
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
                s[a].lo = clustered ? NULL : &lo[a];
                s[a].hi = clustered ? NULL : &hi[a];
        }
        o.percent = bin;
        o.digits = bin ? 1 : fabs(y[0]) >= 10 ? 1 : 2;
        o.note = basis_note(r, tx, note, sizeof note);
        if (clustered)
                o.ylabel = bin ? L(tx, "Andel, %", "Share, %") :
                           L(tx, "Gennemsnit", "Mean");
        else
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
        char note[512];

        if (k < 2 || k > 11 || r->groups[1].nlevels != k)
                return fk_chart_bars(r, label, tx, dir, base, err);
        for (size_t l = 0; l < k; l++) {
                snprintf(names[l], sizeof names[l], "%g", r->groups[0].level[l]);
                lv[l] = names[l];
                counts[l] = r->groups[0].level_count[l];
                counts[k + l] = r->groups[1].level_count[l];
        }
        o.xlabel = L(tx, "Andel af svarene, %", "Share of answers, %");
        o.note = basis_note(r, tx, note, sizeof note);
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
        char note[512];
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
        o.note = basis_note(r, tx, note, sizeof note);
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

/* The scale of a result's verdict effect: 0 share difference, 1 hazard
 * ratio, 2 + i the mean difference of result i (each its own unit). */
static size_t scale_of(const struct fk_outcome_result *r, size_t i)
{
        return r->type == FK_TYPE_BINARY ? 0 : r->type == FK_TYPE_SURVIVAL ?
               1 : 2 + i;
}

/* One panel of the forest: the results of one scale. */
static void forest_panel(const struct fk_outcome_result *const *r,
                         const char *const *labels, size_t n, size_t scale,
                         const struct fk_chart_text *tx,
                         struct fk_plot_row *rows, struct fk_plot_panel *p,
                         char *xlabel, size_t xlen)
{
        double margin = NAN;
        int ratio = scale == 1, bin = scale == 0, same = 1, higher = 1;
        int cluster = 1, digits = 2;
        size_t k = 0;
        const char *mean_label = "";

        for (size_t i = 0; i < n; i++) {
                const struct fk_verdict *v = &r[i]->verdict;

                if (scale_of(r[i], i) != scale)
                        continue;
                rows[k].label = labels[i];
                rows[k].est = v->estimate;
                rows[k].lo = v->ci[0];
                rows[k].hi = v->ci[1];
                if (ratio && !(v->estimate > 0))
                        rows[k].est = rows[k].lo = rows[k].hi = NAN;
                if (ratio && !(v->ci[0] > 0 && isfinite(v->ci[1])))
                        rows[k].lo = rows[k].hi = NAN;
                cluster &= v->basis != FK_BASIS_INDIVIDUAL;
                if (k == 0) {
                        margin = v->margin;
                        higher = r[i]->better == FK_BETTER_HIGHER;
                        digits = fk_label_digits(r[i]);
                        mean_label = labels[i];
                } else if (isnan(v->margin) != isnan(margin) ||
                           fabs(v->margin - margin) > 0 ||
                           (r[i]->better == FK_BETTER_HIGHER) != higher) {
                        same = 0;
                }
                k++;
        }
        memset(p, 0, sizeof *p);
        p->forest.rows = rows;
        p->forest.nrows = k;
        p->forest.overall = NULL;
        p->forest.ref = ratio ? 1 : 0;
        p->forest.margin = NAN;
        if (same && isfinite(margin) && (!ratio || margin < 1))
                p->forest.margin = ratio ? (higher ? 1 - margin :
                                            1 / (1 - margin)) :
                                   (higher ? -margin : margin);
        p->forest.margin_label = L(tx, "ikke-ringere-grænse",
                                   "non-inferiority margin");
        p->forest.log_scale = ratio;
        p->forest.show_values = 1;
        if (same) {
                p->forest.left_note = higher ?
                        L(tx, "← bedst i sammenligning",
                          "← better in comparison") :
                        L(tx, "← bedst i forsøg", "← better in trial");
                p->forest.right_note = higher ?
                        L(tx, "bedst i forsøg →", "better in trial →") :
                        L(tx, "bedst i sammenligning →",
                          "better in comparison →");
        }
        p->percent = bin;
        p->digits = bin ? 1 : ratio ? 2 : digits;
        if (bin)
                snprintf(xlabel, xlen, "%s", cluster ?
                         L(tx, "Forskel i andel, procentpoint (95 %-KI på "
                           "klyngeniveau)", "Difference in share, percentage "
                           "points (95% cluster-level CI)") :
                         L(tx, "Forskel i andel, procentpoint (95 %-KI)",
                           "Difference in share, percentage points (95% CI)"));
        else if (ratio)
                snprintf(xlabel, xlen, "%s", cluster ?
                         L(tx, "Hazardratio for jobstart, logaritmisk akse "
                           "(95 %-KI på klyngeniveau)", "Hazard ratio of job "
                           "entry, log axis (95% cluster-level CI)") :
                         L(tx, "Hazardratio for jobstart, logaritmisk akse "
                           "(95 %-KI)", "Hazard ratio of job entry, log axis "
                           "(95% CI)"));
        else
                snprintf(xlabel, xlen, tx->da ? "Forskel i gennemsnit: %s "
                         "(95 %%-KI%s)" : "Difference in means: %s (95%% %sCI)",
                         mean_label, cluster ? (tx->da ? " på klyngeniveau" :
                                                "cluster-level ") : "");
        p->xlabel = xlabel;
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
        struct fk_plot_panel p[FK_PLOT_MAX_PANELS];
        char xl[FK_PLOT_MAX_PANELS][320];
        size_t np = 0, used = 0;
        int rc;

        if (!rows)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (n == 0) {
                free(rows);
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "no results");
        }
        /* a panel per scale, in the order the scales first appear */
        for (size_t i = 0; i < n; i++) {
                size_t sc = scale_of(r[i], i), j;

                for (j = 0; j < i && scale_of(r[j], j) != sc; j++)
                        ;
                if (j < i)
                        continue;
                if (np == FK_PLOT_MAX_PANELS) {
                        free(rows);
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "forest: more than %d scales "
                                            "(each mean outcome is a scale "
                                            "of its own)", FK_PLOT_MAX_PANELS);
                }
                forest_panel(r, labels, n, sc, tx, rows + used, &p[np],
                             xl[np], sizeof xl[np]);
                used += p[np].forest.nrows;
                np++;
        }
        rc = fk_plot_forest_panels(dir, base, &o, p, np, err);
        free(rows);
        return rc;
}

/* A legend entry "Forsøg i alt: 90,9 %". */
static void pooled_legend(char *buf, size_t len, const char *arm, double x,
                          const struct fk_outcome_result *r,
                          const struct fk_chart_text *tx)
{
        char v[64];

        if (r->type == FK_TYPE_BINARY)
                fk_label_pct(v, sizeof v, x, 1, tx->da);
        else
                fk_label_num(v, sizeof v, x, r->type == FK_TYPE_SURVIVAL ? 1 :
                          fk_label_digits(r), tx->da);
        snprintf(buf, len, tx->da ? "%s i alt: %s%s" : "%s overall: %s%s",
                 arm, v, r->type == FK_TYPE_SURVIVAL ?
                 (tx->da ? " uger" : " weeks") : "");
}

int fk_chart_clusters(const struct fk_outcome_result *r, const char *label,
                      const struct fk_chart_text *tx, const char *dir,
                      const char *base, struct fk_error *err)
{
        struct fk_plot_opts o = opts(tx, label);
        struct fk_plot_row *rows;
        const char *groups[2], *legend[2];
        char head[2][96], leg[2][160], note[512];
        size_t counts[2] = { 0, 0 }, ng = 0, cnt[2];
        double pooled[2];
        int bin = r->type == FK_TYPE_BINARY, surv = r->type == FK_TYPE_SURVIVAL;
        int rc;

        if (!r->clusters || !r->nclusters)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "no per-municipality rows to draw");
        rows = calloc(r->nclusters, sizeof *rows);
        if (!rows)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < r->nclusters; i++)
                counts[r->clusters[i].arm == FK_TRIAL ? 0 : 1]++;
        /* the rows arm by arm, trial first, each arm in the given order */
        for (int a = 0, k = 0; a < 2; a++) {
                if (!counts[a])
                        continue;
                for (size_t i = 0; i < r->nclusters; i++) {
                        const struct fk_cluster_row *c = &r->clusters[i];

                        if ((c->arm == FK_TRIAL ? 0 : 1) != a)
                                continue;
                        rows[k].label = c->name;
                        rows[k].est = c->estimate;
                        rows[k].lo = c->ci[0];
                        rows[k].hi = c->ci[1];
                        k++;
                }
                snprintf(head[ng], sizeof head[ng], "%s (%zu)", a == 0 ?
                         L(tx, "Forsøgskommuner", "Trial municipalities") :
                         L(tx, "Sammenligningskommuner",
                           "Comparison municipalities"), counts[a]);
                pooled[ng] = bin ? r->groups[a].estimate :
                             surv ? r->groups[a].median_time :
                             r->groups[a].mean;
                pooled_legend(leg[ng], sizeof leg[ng], a == 0 ? tx->trial :
                              tx->control, pooled[ng], r, tx);
                groups[ng] = head[ng];
                legend[ng] = leg[ng];
                cnt[ng++] = counts[a];
        }
        o.percent = bin;
        o.digits = bin || surv ? 1 : fk_label_digits(r);
        o.xlabel = bin ? L(tx, "Andel, % (95 %-konfidensinterval pr. kommune)",
                           "Share, % (95% confidence interval per "
                           "municipality)") :
                   surv ? L(tx, "Mediantid til job, uger (95 %-"
                            "konfidensinterval pr. kommune)", "Median time "
                            "to job, weeks (95% confidence interval per "
                            "municipality)") :
                   L(tx, "Gennemsnit (95 %-konfidensinterval pr. kommune)",
                     "Mean (95% confidence interval per municipality)");
        o.note = basis_note(r, tx, note, sizeof note);
        {
                struct fk_plot_clusters d = { groups, cnt, ng, rows, pooled,
                                              legend, 0 };

                rc = fk_plot_clusters(dir, base, &o, &d, err);
        }
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
                                   L(tx, "Forsøgsstart", "Trial start"),
                                   NULL, NULL, 0 };

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
