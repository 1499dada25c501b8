/* The charts of a report: one per outcome (and its municipalities when
 * clustered), the forest of all outcomes, and the trend and event study of
 * each [did], drawn by plots/ into the bundle's charts/ folder under names
 * made from the sections' names.  See report/report_int.h. */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fkstat/charts.h"

/* Is name already the name of a chart of this report? */
static int chart_taken(const struct rep *r, const char *name)
{
        if (!strcmp(r->forest, name))
                return 1;
        for (size_t i = 0; i < r->nout; i++)
                if (!strcmp(r->out[i].chart, name) ||
                    !strcmp(r->out[i].cchart, name))
                        return 1;
        for (size_t i = 0; i < r->ndid; i++)
                if (!strcmp(r->did[i].trend, name) ||
                    !strcmp(r->did[i].event, name))
                        return 1;
        return 0;
}

/* A chart file name from a section name: ASCII letters, digits, '_', '-',
 * and unique in the report (section names that differ only in other
 * characters, "tilfredshed_ø" and "tilfredshed_å", get "-2", "-3" ...). */
static void chart_name(const struct rep *r, char *buf, size_t len,
                       const char *prefix, const char *name,
                       const char *suffix)
{
        char tmp[80];
        size_t n = (size_t)snprintf(tmp, sizeof tmp, "%s", prefix);

        buf[0] = '\0';
        for (const char *s = name; *s && n + 1 < sizeof tmp - 24; s++) {
                char c = *s;

                tmp[n++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-') ? c : '_';
        }
        tmp[n] = '\0';
        for (int k = 1;; k++) {
                char out[160];

                if (k == 1)
                        snprintf(out, sizeof out, "%s%s", tmp, suffix);
                else
                        snprintf(out, sizeof out, "%s-%d%s", tmp, k, suffix);
                if (strlen(out) < len && !chart_taken(r, out)) {
                        memcpy(buf, out, strlen(out) + 1);
                        return;
                }
        }
}

/* Draw; a missing gnuplot is remembered (the .gp and data stay). */
static int drawn(struct rep *r, int rc, char *name, struct fk_error *err)
{
        if (rc == FK_ENOTFOUND) {
                if (!r->no_gnuplot)
                        rep_say(r, "gnuplot not found: the charts' .gp scripts "
                            "and data are written, not the pictures");
                r->no_gnuplot = 1;
                fk_error_clear(err);
                return FK_OK;
        }
        if (rc)
                name[0] = '\0';
        return rc;
}

int rep_charts(struct rep *r, struct fk_error *err)
{
        char dir[4096];
        struct fk_chart_text tx = { r->da, r->da ? "Forsøg" : "Trial",
                                    r->da ? "Sammenligning" : "Comparison",
                                    NULL };
        const struct fk_outcome_result **all;
        const char **labels;
        int rc = FK_OK;

        snprintf(dir, sizeof dir, "%s/charts", r->tmp);
        if (mkdir(dir, 0777))
                return fk_error_set(err, FK_EIO, dir, 0, "cannot create");
        for (size_t i = 0; i < r->nout; i++) {
                struct rep_outcome *x = &r->out[i];

                x->chart[0] = x->cchart[0] = '\0';
                chart_name(r, x->chart, sizeof x->chart, "outcome-",
                           x->po->name, "");
                if (drawn(r, fk_chart_outcome(&x->r, x->label, &tx, dir,
                                              x->chart, err), x->chart, err))
                        return err->code;
                if (!x->r.has_cluster || !x->r.nclusters)
                        continue;
                chart_name(r, x->cchart, sizeof x->cchart, "kommuner-",
                           x->po->name, "");
                if (drawn(r, fk_chart_clusters(&x->r, x->label, &tx, dir,
                                               x->cchart, err), x->cchart,
                          err))
                        return err->code;
        }
        if (r->nout > 0) {
                all = malloc(r->nout * sizeof *all);
                labels = malloc(r->nout * sizeof *labels);
                if (!all || !labels) {
                        free(all);
                        free(labels);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                for (size_t i = 0; i < r->nout; i++) {
                        all[i] = &r->out[i].r;
                        labels[i] = r->out[i].label;
                }
                snprintf(r->forest, sizeof r->forest, "forest");
                rc = drawn(r, fk_chart_forest(all, labels, r->nout, &tx, dir,
                                              r->forest, err), r->forest, err);
                free(all);
                free(labels);
                if (rc)
                        return rc;
        }
        for (size_t i = 0; i < r->ndid; i++) {
                struct rep_did *x = &r->did[i];

                x->trend[0] = x->event[0] = '\0';
                chart_name(r, x->trend, sizeof x->trend, "did-", x->pd->name,
                           "-trend");
                chart_name(r, x->event, sizeof x->event, "did-", x->pd->name,
                           "-eventstudy");
                if (x->a.staggered) {
                        struct fk_stagger_data sd = {
                                &x->a.panel, x->a.period_ord, x->a.start,
                                (const char *const *)x->a.start_label };

                        if (drawn(r, fk_chart_stagger_trend(&sd, &x->a.s,
                                                            x->label, &tx, dir,
                                                            x->trend, err),
                                  x->trend, err))
                                return err->code;
                        if (!x->a.s.ndynamic)
                                x->event[0] = '\0';
                        else if (drawn(r, fk_chart_stagger_eventstudy(
                                               &x->a.s, x->info.base_period,
                                               x->label, &tx, dir, x->event,
                                               err), x->event, err))
                                return err->code;
                        continue;
                }
                if (drawn(r, fk_chart_trend(&x->a.panel, &x->a.r, x->label,
                                            &tx, dir, x->trend, err),
                          x->trend, err) ||
                    drawn(r, fk_chart_eventstudy(&x->a.panel, &x->a.r,
                                                 x->label, &tx, dir, x->event,
                                                 err), x->event, err))
                        return err->code;
        }
        return FK_OK;
}
