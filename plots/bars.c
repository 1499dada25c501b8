/* bars: a value per arm with its interval, optionally several outcomes side
 * by side.  Boxes and error bars at positions computed here (not gnuplot's
 * histogram style) so the value labels can sit above each interval. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

/* Bar fills: lighter than the line colours so the black interval shows
 * inside the bar; still dark (trial) against light (control) in grey. */
static const char *const fill[FK_PLOT_MAX_SERIES] = {
        "#3e5569", "#c2c2c2", "#7d93a6", "#e3e3e3"
};

static int check(const struct fk_plot_bars *d, struct fk_error *err)
{
        size_t j;

        if (!d || !d->series || d->nseries < 1 ||
            d->nseries > FK_PLOT_MAX_SERIES || d->ngroups < 1)
                return gp_need(0, "bars: need 1 to 4 series and a group",
                               err);
        if (d->ngroups > 1 && !d->group_labels)
                return gp_need(0, "bars: group labels missing", err);
        for (j = 0; j < d->nseries; j++)
                if (!d->series[j].y)
                        return gp_need(0, "bars: a series has no values",
                                       err);
        return FK_OK;
}

static double pos(const struct fk_plot_bars *d, size_t i, size_t j)
{
        return (double)(i * (d->nseries + 1) + j);
}

static const char *value_text(struct gp *g, double v)
{
        static const char *const pct[2] = { "%", " %" };
        const char *num = gp_fmt(g, v, g->o->digits);
        char *b = gp_buf(g);

        snprintf(b, sizeof g->ring[0], "%s%s", num,
                 g->o->percent ? pct[g->comma != 0] : "");
        return b;
}

int fk_plot_bars(const char *dir, const char *base,
                 const struct fk_plot_opts *o, const struct fk_plot_bars *d,
                 struct fk_error *err)
{
        struct gp g;
        size_t i, j, c, m, k;
        double lo = 0, hi = 0, top, row[4];
        int rc;

        if ((rc = check(d, err)) || (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        m = d->ngroups;
        k = d->nseries;
        for (j = 0; j < k; j++) {
                const struct fk_plot_series *s = &d->series[j];

                gp_block(&g, "x, value, low, high");
                for (i = 0; i < m; i++) {
                        row[0] = pos(d, i, j);
                        row[1] = s->y[i] * g.scale;
                        row[2] = s->lo ? s->lo[i] * g.scale : NAN;
                        row[3] = s->hi ? s->hi[i] * g.scale : NAN;
                        gp_row(&g, row, 4);
                        for (c = 1; c < 4; c++)
                                if (isfinite(row[c])) {
                                        lo = fmin(lo, row[c]);
                                        hi = fmax(hi, row[c]);
                                }
                        if (!isfinite(row[1]))
                                continue;
                        top = isfinite(row[3]) ? fmax(row[3], row[1])
                                               : row[1];
                        gp_printf(&g, "set label ");
                        gp_str(&g, value_text(&g, row[1]));
                        gp_printf(&g, " at %s,%s center offset 0,0.8 "
                                  "font '," "10' tc rgb '#202020'\n",
                                  gp_num(&g, row[0]),
                                  gp_num(&g, fmax(top, 0)));
                }
        }
        if (!(hi > lo))
                hi = 1;
        gp_printf(&g, "set yrange [%s:%s]\nset xrange [%s:%s]\n",
                  gp_num(&g, lo < 0 ? lo * 1.1 : 0), gp_num(&g, hi * 1.15),
                  gp_num(&g, -0.9), gp_num(&g, pos(d, m - 1, k - 1) + 0.9));
        gp_printf(&g, "set boxwidth %s absolute\n"
                  "set grid ytics back lt 1 lc rgb '" GP_GRID "' lw 1 dt 1\n"
                  "set xtics scale 0 (", m == 1 ? "0.6" : "0.8");
        for (i = 0; i < (m == 1 ? k : m); i++) {
                gp_printf(&g, "%s", i ? ", " : "");
                gp_tic(&g, m == 1 ? d->series[i].label : d->group_labels[i]);
                gp_printf(&g, " %s", gp_num(&g, m == 1 ? pos(d, 0, i) :
                                           (pos(d, i, 0) +
                                            pos(d, i, k - 1)) / 2));
        }
        gp_printf(&g, ")\n");
        if (lo < 0)
                gp_printf(&g, "set xzeroaxis lt -1 lc rgb '" GP_AXIS "'\n");
        gp_frame(&g, m > 1, 1);
        gp_printf(&g, "plot ");
        for (j = 0; j < k; j++) {
                gp_printf(&g, "%sfk_dat index %zu using 1:2 with boxes "
                          "lc rgb '%s'", j ? ", \\\n     " : "", j, fill[j]);
                if (m > 1) {
                        gp_printf(&g, " title ");
                        gp_str(&g, d->series[j].label);
                }
                if (d->series[j].lo && d->series[j].hi)
                        gp_printf(&g, ", \\\n     fk_dat index %zu using "
                                  "1:2:3:4 with yerrorbars lt 1 dt 1 lc rgb "
                                  "'#000000' lw 1.5 pt 7 ps 0", j);
        }
        gp_printf(&g, "\n");
        return gp_close(&g, err);
}
