/* The trend and event-study charts of staggered starts; see
 * include/fkstat/charts.h.  Apart from plots/charts.c so that each file
 * stays one concept: these read the staggered result (stats/staggered.c),
 * not a one-start fit. */
#include "fkstat/charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/plot.h"

#define NONE ((size_t)-1)
#define LABEL 64                /* bytes of a legend or mark label */

static const char *L(const struct fk_chart_text *tx, const char *da,
                     const char *en)
{
        return tx->da ? da : en;
}

/* The cohort of unit u: an index into s->cohort, or s->ncohort for the
 * units never in the trial (and starts after the last period). */
static size_t cohort_of(const struct fk_stagger_data *d,
                        const struct fk_stagger_result *s, size_t u)
{
        for (size_t k = 0; k < s->ncohort; k++)
                if (d->start[u] == s->cohort[k].start)
                        return k;
        return s->ncohort;
}

/* The first period index at or after ord (a start between observed
 * periods is marked before the next one); NONE after the last. */
static size_t period_at(const struct fk_stagger_data *d, long ord)
{
        for (size_t t = 0; t < d->p->T; t++)
                if (d->period_ord[t] >= ord)
                        return t;
        return NONE;
}

int fk_chart_stagger_trend(const struct fk_stagger_data *d,
                           const struct fk_stagger_result *s,
                           const char *label, const struct fk_chart_text *tx,
                           const char *dir, const char *base,
                           struct fk_error *err)
{
        const struct fk_panel *p = d->p;
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;
        struct fk_plot_series ser[FK_PLOT_MAX_SERIES];
        size_t K = s->ncohort, T = p->T, nser, never = 0, *units, *group;
        size_t *marks, nmarks = 0;
        char (*lab)[LABEL], (*mlab)[LABEL];
        const char **mlabp;
        double *sum, *cnt;
        int pooled, rc;

        /* a line per cohort while they fit beside the never-treated;
         * else all cohorts pooled in one line */
        for (size_t u = 0; u < p->U; u++)
                never += cohort_of(d, s, u) == K;
        pooled = K + (never > 0) > FK_PLOT_MAX_SERIES;
        nser = (pooled ? 1 : K) + (never > 0);
        units = calloc(K + 1, sizeof *units);
        group = calloc(p->U + 1, sizeof *group);
        sum = calloc(nser * T + 1, sizeof *sum);
        cnt = calloc(nser * T + 1, sizeof *cnt);
        lab = calloc(nser + 1, sizeof *lab);
        mlab = calloc(K + 1, sizeof *mlab);
        mlabp = calloc(K + 1, sizeof *mlabp);
        marks = calloc(K + 1, sizeof *marks);
        if (!units || !group || !sum || !cnt || !lab || !mlab || !mlabp ||
            !marks) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t u = 0; u < p->U; u++) {
                size_t k = cohort_of(d, s, u);

                units[k]++;
                group[u] = k == K ? nser - 1 : pooled ? 0 : k;
        }
        /* unweighted means of the cells, as the estimates count them */
        for (size_t i = 0; i < p->n; i++) {
                size_t j = group[p->unit[i]] * T + p->period[i];

                if (isfinite(p->y[i])) {
                        sum[j] += p->y[i];
                        cnt[j] += 1;
                }
        }
        for (size_t j = 0; j < nser * T; j++)
                sum[j] = cnt[j] > 0 ? sum[j] / cnt[j] : NAN;
        for (size_t j = 0; j < nser; j++) {
                if (never && j == nser - 1)
                        snprintf(lab[j], LABEL, "%s (%zu)",
                                 L(tx, "Aldrig i forsøg", "Never in trial"),
                                 never);
                else if (pooled)
                        snprintf(lab[j], LABEL, "%s (%zu)",
                                 L(tx, "Forsøgskommuner, alle starter",
                                   "Trial municipalities, all starts"),
                                 p->U - never);
                else
                        snprintf(lab[j], LABEL, "Start %s (%zu)",
                                 s->cohort[j].label ? s->cohort[j].label : "?",
                                 units[j]);
                ser[j] = (struct fk_plot_series){ lab[j], sum + j * T, NULL,
                                                  NULL };
        }
        /* a mark per cohort start; cohorts starting before one period
         * share its mark */
        for (size_t k = 0; k < K; k++) {
                size_t t = period_at(d, s->cohort[k].start);
                const char *c = s->cohort[k].label ? s->cohort[k].label : "?";

                if (t == NONE)
                        continue;
                if (nmarks && marks[nmarks - 1] == t) {
                        size_t n = strlen(mlab[nmarks - 1]);

                        snprintf(mlab[nmarks - 1] + n, LABEL - n, ", %s", c);
                        continue;
                }
                marks[nmarks] = t;
                snprintf(mlab[nmarks], LABEL, "Start %s", c);
                mlabp[nmarks] = mlab[nmarks];
                nmarks++;
        }
        {
                struct fk_plot_trend tr = {
                        (const char *const *)p->period_names, T, ser, nser,
                        NONE, NULL, marks, mlabp, nmarks
                };

                o.title = label;
                o.decimal_comma = tx->da;
                o.note = tx->note;
                o.ylabel = L(tx, "Gennemsnit pr. kommune (uvægtet)",
                             "Mean per municipality (unweighted)");
                o.digits = 3;
                rc = fk_plot_trend(dir, base, &o, &tr, err);
        }
done:
        free(units);
        free(group);
        free(sum);
        free(cnt);
        free(lab);
        free(mlab);
        free(mlabp);
        free(marks);
        return rc;
}

int fk_chart_stagger_eventstudy(const struct fk_stagger_result *s,
                                enum fk_base_period bp, const char *label,
                                const struct fk_chart_text *tx,
                                const char *dir, const char *base,
                                struct fk_error *err)
{
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;
        struct fk_plot_eventstudy e;
        long lo_e, hi_e;
        size_t n, ref = NONE, post = NONE;
        double *est, *lo, *hi;
        char (*tic)[24];
        const char **ticp;
        int rc;

        if (s->ndynamic == 0)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "no event-time "
                                    "estimates to draw");
        lo_e = hi_e = s->dynamic[0].key;
        for (size_t k = 1; k < s->ndynamic; k++) {
                lo_e = s->dynamic[k].key < lo_e ? s->dynamic[k].key : lo_e;
                hi_e = s->dynamic[k].key > hi_e ? s->dynamic[k].key : hi_e;
        }
        if (hi_e - lo_e > 10000)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "event times "
                                    "%ld to %ld: too many to draw", lo_e,
                                    hi_e);
        n = (size_t)(hi_e - lo_e) + 1;  /* every event time, gaps NaN */
        est = malloc(n * sizeof *est);
        lo = malloc(n * sizeof *lo);
        hi = malloc(n * sizeof *hi);
        tic = malloc(n * sizeof *tic);
        ticp = malloc(n * sizeof *ticp);
        if (!est || !lo || !hi || !tic || !ticp) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t i = 0; i < n; i++) {
                long ev = lo_e + (long)i;

                est[i] = lo[i] = hi[i] = NAN;
                /* a real minus sign in Danish */
                if (ev < 0 && tx->da)
                        snprintf(tic[i], sizeof tic[i], "\u2212%ld", -ev);
                else
                        snprintf(tic[i], sizeof tic[i], "%ld", ev);
                ticp[i] = tic[i];
                if (ev == 0)
                        post = i;
        }
        for (size_t k = 0; k < s->ndynamic; k++) {
                size_t i = (size_t)(s->dynamic[k].key - lo_e);

                est[i] = s->dynamic[k].estimate;
                lo[i] = s->dynamic[k].ci[0];
                hi[i] = s->dynamic[k].ci[1];
        }
        /* a universal base period's own ATT is 0 by construction: the
         * reference; a varying base estimates every event time */
        if (bp == FK_BASE_UNIVERSAL && lo_e <= -1 && hi_e >= -1)
                ref = (size_t)(-1 - lo_e);
        e = (struct fk_plot_eventstudy){ ticp, n, est, lo, hi, ref, post,
                                         L(tx, "Forsøgsstart (e = 0)",
                                           "Trial start (e = 0)") };
        o.title = label;
        o.decimal_comma = tx->da;
        o.note = tx->note;
        o.xlabel = L(tx, "Perioder fra kommunens forsøgsstart (e)",
                     "Periods from the municipality's trial start (e)");
        o.ylabel = L(tx, "ATT(e), dynamisk aggregat, med konfidensinterval",
                     "ATT(e), dynamic aggregate, with confidence interval");
        o.digits = 3;
        rc = fk_plot_eventstudy(dir, base, &o, &e, err);
done:
        free(est);
        free(lo);
        free(hi);
        free(tic);
        free(ticp);
        return rc;
}
