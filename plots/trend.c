/* trend and eventstudy: values per period with period tic labels and the
 * trial start marked by a shaded trial period and a dashed line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

#define NONE ((size_t)-1)

/* Period tic labels, every step-th counted from the start period so that
 * it is always labelled; unlabelled minor tics at the others. */
static void period_tics(struct gp *g, const char *const *p, size_t n,
                        size_t start)
{
        size_t i, w = 0, step, anchor = start == NONE ? 0 : start;

        for (i = 0; i < n; i++)
                w = gp_width(p[i]) > w ? gp_width(p[i]) : w;
        /* about 62 characters of tic labels fit across the plot */
        step = (n * (w + 2) + 61) / 62;
        step = step < 1 ? 1 : step;
        gp_printf(g, "set xtics scale 0.5,0.3 (");
        for (i = 0; i < n; i++) {
                gp_printf(g, "%s", i ? ", " : "");
                if ((i + step * n - anchor) % step == 0) {
                        gp_tic(g, p[i]);
                        gp_printf(g, " %zu 0", i);
                } else {
                        gp_printf(g, "'' %zu 1", i);
                }
        }
        gp_printf(g, ")\nset xrange [-0.6:%s]\n",
                  gp_num(g, (double)n - 0.4));
}

/* The trial period: a light shade from the start to the right edge and a
 * dashed line before period start, labelled at the top. */
static void start_mark(struct gp *g, size_t start, const char *label)
{
        double x = (double)start - 0.5;

        if (start == NONE)
                return;
        gp_printf(g, "set object 1 rect from first %s, graph 0 to graph 1, "
                  "graph 1 back fc rgb '#f1f1f1' fs solid 1.0 noborder\n"
                  "set arrow 1 from first %s, graph 0 to first %s, graph 1 "
                  "nohead back lc rgb '" GP_AXIS "' lw 1.2 dt (6,4)\n",
                  gp_num(g, x), gp_num(g, x), gp_num(g, x));
        if (label && *label) {
                gp_printf(g, "set label 100 ");   /* after the note's */
                gp_str(g, label);
                gp_printf(g, " at first %s, graph 1 left offset 0.6,-1 "
                          "font ',10' tc rgb '" GP_AXIS "'\n",
                          gp_num(g, x));
        }
}

/* Staggered starts: a dashed line before each mark, labelled at the top
 * on one of four lines in turn, so that close starts do not overwrite
 * each other; the shade from the first.  Returns the label lines used. */
static int marks(struct gp *g, const struct fk_plot_trend *d)
{
        int lines = 0;

        start_mark(g, d->marks[0], NULL);
        for (size_t k = 0; k < d->nmarks; k++) {
                double x = (double)d->marks[k] - 0.5;

                if (k)
                        gp_printf(g, "set arrow %zu from first %s, graph 0 "
                                  "to first %s, graph 1 nohead back lc rgb '"
                                  GP_AXIS "' lw 1.2 dt (6,4)\n", k + 100,
                                  gp_num(g, x), gp_num(g, x));
                if (!d->mark_labels || !d->mark_labels[k] ||
                    !*d->mark_labels[k])
                        continue;
                gp_printf(g, "set label %zu ", k + 101);
                gp_str(g, d->mark_labels[k]);
                gp_printf(g, " at first %s, graph 1 left offset 0.6,%s "
                          "font ',10' tc rgb '" GP_AXIS "'\n", gp_num(g, x),
                          gp_num(g, -1.0 - 1.2 * (double)(k % 4)));
                lines = (int)(k % 4) + 1 > lines ? (int)(k % 4) + 1 : lines;
        }
        return lines;
}

static int check_periods(const char *const *p, size_t n, size_t mark,
                         struct fk_error *err)
{
        if (!p || n < 1)
                return gp_need(0, "no periods", err);
        if (mark != NONE && mark >= n)
                return gp_need(0, "start period out of range", err);
        return FK_OK;
}

int fk_plot_trend(const char *dir, const char *base,
                  const struct fk_plot_opts *o, const struct fk_plot_trend *d,
                  struct fk_error *err)
{
        struct gp g;
        size_t i, j;
        double row[4];
        int rc, lines = 1;

        if (!d || !d->series || d->nseries < 1 ||
            d->nseries > FK_PLOT_MAX_SERIES)
                return gp_need(0, "trend: need 1 to 4 series", err);
        for (j = 0; j < d->nseries; j++)
                if (!d->series[j].y)
                        return gp_need(0, "trend: a series has no values",
                                       err);
        for (j = 0; j < d->nmarks; j++)
                if (!d->marks || d->marks[j] >= d->nperiods ||
                    (j && d->marks[j] <= d->marks[j - 1]))
                        return gp_need(0, "trend: start marks out of range "
                                       "or out of order", err);
        if ((rc = check_periods(d->periods, d->nperiods,
                                d->nmarks ? NONE : d->start, err)) ||
            (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        for (j = 0; j < d->nseries; j++) {
                const struct fk_plot_series *s = &d->series[j];

                gp_block(&g, "period index, value, low, high");
                for (i = 0; i < d->nperiods; i++) {
                        row[0] = (double)i;
                        row[1] = s->y[i] * g.scale;
                        row[2] = s->lo && s->hi ? s->lo[i] * g.scale : NAN;
                        row[3] = s->lo && s->hi ? s->hi[i] * g.scale : NAN;
                        gp_row(&g, row, 4);
                }
        }
        period_tics(&g, d->periods, d->nperiods,
                    d->nmarks ? d->marks[0] : d->start);
        if (d->nmarks)
                lines = marks(&g, d);
        else
                start_mark(&g, d->start, d->start_label);
        gp_printf(&g, "set grid ytics back lt 1 lc rgb '" GP_GRID "' lw 1\n"
                  "set offsets 0, 0, graph %s, graph 0.05\n",
                  gp_num(&g, d->nmarks ? 0.06 + 0.07 * lines : 0.08));
        gp_frame(&g, 1, 1.2);
        gp_printf(&g, "plot ");
        for (j = 0; j < d->nseries; j++) {
                if (d->series[j].lo && d->series[j].hi)
                        gp_printf(&g, "fk_dat index %zu using 1:2:3:4 with "
                                  "yerrorbars lt %zu dt 1 lw 1 ps 0, ", j,
                                  j + 1);
                gp_printf(&g, "fk_dat index %zu using 1:2 with linespoints "
                          "lt %zu lw 2 title ", j, j + 1);
                gp_str(&g, d->series[j].label);
                gp_printf(&g, "%s", j + 1 < d->nseries ? ", \\\n     " : "\n");
        }
        return gp_close(&g, err);
}

int fk_plot_eventstudy(const char *dir, const char *base,
                       const struct fk_plot_opts *o,
                       const struct fk_plot_eventstudy *d,
                       struct fk_error *err)
{
        struct gp g;
        size_t i;
        double row[4];
        int rc;

        if (!d || !d->est)
                return gp_need(0, "eventstudy: no coefficients", err);
        if ((rc = check_periods(d->periods, d->nperiods, d->post, err)))
                return rc;
        if (d->ref != NONE && d->ref >= d->nperiods)
                return gp_need(0, "eventstudy: reference period out of range",
                               err);
        if ((rc = gp_open(&g, dir, base, o, err)))
                return rc;
        gp_block(&g, "period index, coefficient, low, high");
        for (i = 0; i < d->nperiods; i++) {
                if (i == d->ref)
                        continue;
                row[0] = (double)i;
                row[1] = d->est[i] * g.scale;
                row[2] = d->lo && d->hi ? d->lo[i] * g.scale : NAN;
                row[3] = d->lo && d->hi ? d->hi[i] * g.scale : NAN;
                gp_row(&g, row, 4);
        }
        gp_block(&g, "reference period index, 0");
        row[0] = d->ref == NONE ? NAN : (double)d->ref;
        row[1] = d->ref == NONE ? NAN : 0;
        gp_row(&g, row, 2);
        period_tics(&g, d->periods, d->nperiods, d->post);
        start_mark(&g, d->post, d->post_label);
        gp_printf(&g, "set grid ytics back lt 1 lc rgb '" GP_GRID "' lw 1\n"
                  "set arrow 2 from graph 0, first 0 to graph 1, first 0 "
                  "nohead back lc rgb '" GP_AXIS "' lw 1.2\n"
                  "set offsets 0, 0, graph 0.08, graph 0.05\n");
        gp_frame(&g, 0, 1.2);
        gp_printf(&g, "plot fk_dat index 0 using 1:2:3:4 with yerrorbars "
                  "lt 1 dt 1 lw 1.5 pt 7 ps 1.1");
        if (d->ref != NONE)
                gp_printf(&g, ", \\\n     fk_dat index 1 using 1:2 with "
                          "points lt 1 pt 6 ps 1.3");
        gp_printf(&g, "\n");
        return gp_close(&g, err);
}
