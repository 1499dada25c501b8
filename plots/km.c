/* km: cumulative job entry 1 - S(t) per arm as step curves with shaded
 * interval bands, and the numbers at risk under the x axis. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

static int check(const struct fk_plot_km *d, struct fk_error *err)
{
        size_t j;

        if (!d || !d->curves || !d->labels || d->ncurves < 1 ||
            d->ncurves > FK_PLOT_MAX_SERIES)
                return gp_need(0, "km: need 1 to 4 curves with labels", err);
        for (j = 0; j < d->ncurves; j++)
                if (!d->curves[j] || !d->curves[j]->steps ||
                    d->curves[j]->nsteps < 1)
                        return gp_need(0, "km: a curve has no steps", err);
        if (d->nat && !d->at)
                return gp_need(0, "km: at-risk times missing", err);
        for (j = 0; j < d->nat; j++)
                if (!isfinite(d->at[j]) || d->at[j] < 0 ||
                    (j && d->at[j] <= d->at[j - 1]))
                        return gp_need(0, "km: at-risk times must be finite, "
                                       ">= 0 and ascending", err);
        return FK_OK;
}

/* Number at risk at t: n_risk of the first step at or after t. */
static double at_risk(const struct fk_km *km, double t)
{
        size_t i;

        for (i = 0; i < km->nsteps; i++)
                if (km->steps[i].time >= t)
                        return km->steps[i].n_risk;
        return 0;
}

/* The band of 1 - S at a step: 1 - hi .. 1 - lo; a missing end (NaN, e.g.
 * S = 0 under log-log) collapses to the curve. */
static void band(const struct fk_km_step *st, double *lo, double *hi)
{
        double c = 1 - st->surv;

        *lo = isfinite(st->hi) ? 1 - st->hi : c;
        *hi = isfinite(st->lo) ? 1 - st->lo : c;
}

static void write_curve(struct gp *g, const struct fk_km *km, double tend,
                        double *ymax)
{
        double row[3], s = g->scale, lo, hi, plo = 0, phi = 0;
        size_t i;

        gp_block(g, "time, cumulative job entry 1-S (step curve)");
        row[0] = 0;
        row[1] = 0;
        gp_row(g, row, 2);
        for (i = 0; i < km->nsteps && km->steps[i].time <= tend; i++) {
                row[0] = km->steps[i].time;
                row[1] = (1 - km->steps[i].surv) * s;
                gp_row(g, row, 2);
        }
        row[0] = tend;
        gp_row(g, row, 2);
        gp_block(g, "time, band low, band high (steps drawn out)");
        row[0] = row[1] = row[2] = 0;
        gp_row(g, row, 3);
        for (i = 0; i < km->nsteps && km->steps[i].time <= tend; i++) {
                band(&km->steps[i], &lo, &hi);
                row[0] = km->steps[i].time;
                row[1] = plo * s;
                row[2] = phi * s;
                gp_row(g, row, 3);
                row[1] = lo * s;
                row[2] = hi * s;
                gp_row(g, row, 3);
                plo = lo;
                phi = hi;
                *ymax = fmax(*ymax, hi * s);
        }
        row[0] = tend;
        gp_row(g, row, 3);
}

static void at_risk_table(struct gp *g, const struct fk_plot_km *d,
                          double tend)
{
        const struct fk_plot_opts *o = g->o;
        double off = o->xlabel && *o->xlabel ? 3.6 : 2.4;
        size_t i, j;

        if (d->at_risk_title && *d->at_risk_title) {
                gp_printf(g, "set label ");
                gp_str(g, d->at_risk_title);
                gp_printf(g, " at screen 0.015, graph 0 left offset 0,%s "
                          "font '" "DejaVu Sans Bold,10'\n",
                          gp_num(g, -off));
        }
        for (j = 0; j < d->ncurves; j++) {
                double y = -(off + 1.3 * (double)(j + 1));

                gp_printf(g, "set label ");
                gp_str(g, d->labels[j]);
                gp_printf(g, " at screen 0.015, graph 0 left offset 1,%s "
                          "font ',10' tc rgb '%s'\n", gp_num(g, y),
                          gp_colour[j]);
                for (i = 0; i < d->nat; i++)
                        if (d->at[i] <= tend)
                                gp_printf(g, "set label '%.0f' at first %s, "
                                          "graph 0 center offset 0,%s "
                                          "font ',10' tc rgb '%s'\n",
                                          at_risk(d->curves[j], d->at[i]),
                                          gp_num(g, d->at[i]), gp_num(g, y),
                                          gp_colour[j]);
        }
}

int fk_plot_km(const char *dir, const char *base,
               const struct fk_plot_opts *o, const struct fk_plot_km *d,
               struct fk_error *err)
{
        struct gp g;
        double tend = 0, ymax = 0, w = 8;
        size_t i, j;
        int rc;

        if ((rc = check(d, err)) || (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        for (j = 0; j < d->ncurves; j++) {
                const struct fk_km *km = d->curves[j];

                tend = fmax(tend, km->steps[km->nsteps - 1].time);
                w = fmax(w, (double)gp_width(d->labels[j]));
        }
        if (isfinite(d->tmax) && d->tmax > 0)
                tend = d->tmax;
        if (!(tend > 0))
                tend = 1;
        for (j = 0; j < d->ncurves; j++)
                write_curve(&g, d->curves[j], tend, &ymax);
        ymax = ymax > 0 ? fmin(ymax * 1.08, g.scale) : g.scale;
        gp_printf(&g, "set xrange [0:%s]\nset yrange [0:%s]\n",
                  gp_num(&g, tend), gp_num(&g, ymax));
        if (d->nat) {
                gp_printf(&g, "set xtics (");
                for (i = 0; i < d->nat; i++)
                        gp_printf(&g, "%s%s", i ? ", " : "",
                                  gp_num(&g, d->at[i]));
                gp_printf(&g, ")\n");
        }
        at_risk_table(&g, d, tend);
        gp_printf(&g, "set grid xtics ytics back lt 1 lc rgb '" GP_GRID "' "
                  "lw 1\nset lmargin %s\n"
                  "set key top left inside reverse Left samplen 3\n",
                  gp_num(&g, w + 6));
        gp_frame(&g, 0, 1.2 + 1.3 * (double)(d->ncurves +
                                            (d->at_risk_title ? 1 : 0)) +
                 (d->nat ? 0.4 : 0));
        gp_printf(&g, "plot ");
        for (j = 0; j < d->ncurves; j++)
                gp_printf(&g, "%sfk_dat index %zu using 1:2:3 with "
                          "filledcurves fc rgb '%s' fs transparent solid "
                          "%s noborder", j ? ", \\\n     " : "", 2 * j + 1,
                          gp_colour[j], j ? "0.22" : "0.16");
        for (j = 0; j < d->ncurves; j++) {
                gp_printf(&g, ", \\\n     fk_dat index %zu using 1:2 with "
                          "steps lt %zu lw 2.5 title ", 2 * j, j + 1);
                gp_str(&g, d->labels[j]);
        }
        gp_printf(&g, "\n");
        return gp_close(&g, err);
}
