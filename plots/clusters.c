/* clusters: the municipalities of a clustered outcome grouped by arm, each
 * a point with its interval, and the arm's pooled estimate as a line over
 * its rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

#define ROW_PX 22.0

static int ok_value(double x, int log_scale)
{
        return isnan(x) || (isfinite(x) && (!log_scale || x > 0));
}

static int check(const struct fk_plot_clusters *d, size_t *nrows,
                 struct fk_error *err)
{
        size_t g, i;

        *nrows = 0;
        if (!d || !d->groups || !d->counts || !d->rows || d->ngroups < 1 ||
            d->ngroups > FK_PLOT_MAX_SERIES)
                return gp_need(0, "clusters: need 1 to 4 groups with rows",
                               err);
        for (g = 0; g < d->ngroups; g++) {
                if (d->counts[g] < 1)
                        return gp_need(0, "clusters: a group has no rows", err);
                *nrows += d->counts[g];
                if (d->pooled && !ok_value(d->pooled[g], d->log_scale))
                        return gp_need(0, "clusters: a pooled value is not "
                                       "finite (or not positive on a log "
                                       "axis)", err);
        }
        for (i = 0; i < *nrows; i++)
                if (!ok_value(d->rows[i].est, d->log_scale) ||
                    !ok_value(d->rows[i].lo, d->log_scale) ||
                    !ok_value(d->rows[i].hi, d->log_scale))
                        return gp_need(0, "clusters: values must be finite "
                                       "or NaN (positive on a log axis)", err);
        return FK_OK;
}

static void extend(double *lo, double *hi, double x)
{
        if (isfinite(x)) {
                *lo = fmin(*lo, x);
                *hi = fmax(*hi, x);
        }
}

int fk_plot_clusters(const char *dir, const char *base,
                     const struct fk_plot_opts *o,
                     const struct fk_plot_clusters *d, struct fk_error *err)
{
        struct fk_plot_opts po;
        struct gp g;
        size_t n, g_, i, k = 0, lw = 0;
        double y, lo = INFINITY, hi = -INFINITY, row[4], s, pad, top, h;
        double first[FK_PLOT_MAX_SERIES], last[FK_PLOT_MAX_SERIES];
        int rc, key = d && d->legend && d->pooled;

        if ((rc = check(d, &n, err)))
                return rc;
        po = *o;
        h = (o->title && *o->title ? 44 : 14) + (key ? 26 : 0) +
            ROW_PX * ((double)n + 1.5 * (double)d->ngroups) + 60 +
            (o->xlabel && *o->xlabel ? 20 : 0) + (o->note && *o->note ? 24 : 0);
        if (po.height <= 0)
                po.height = (int)ceil(h < 260 ? 260 : h);
        if ((rc = gp_open(&g, dir, base, &po, err)))
                return rc;
        s = g.scale;
        /* y from the top: a header line per group, its rows, a gap; the
         * row labels as y tics */
        top = (double)n + 1.5 * (double)d->ngroups;
        gp_printf(&g, "set ytics scale 0 (");
        for (y = top, g_ = 0, k = 0; g_ < d->ngroups; g_++) {
                gp_printf(&g, "%s", g_ ? ", " : "");
                y -= 1;
                first[g_] = y;
                for (i = 0; i < d->counts[g_]; i++, k++, y -= 1) {
                        size_t w = gp_width(d->rows[k].label);

                        gp_printf(&g, "%s", i ? ", " : "");
                        gp_tic(&g, d->rows[k].label);
                        gp_printf(&g, " %s", gp_num(&g, y));
                        lw = w > lw ? w : lw;
                }
                last[g_] = y + 1;
                y -= 0.5;
        }
        gp_printf(&g, ")\n");
        for (k = 0, g_ = 0; g_ < d->ngroups; g_++) {
                gp_block(&g, g_ ? "the same for the next group" :
                         "y, estimate, low, high (one row per municipality, "
                         "top first; one block per group)");
                gp_printf(&g, "set label ");
                gp_str(&g, d->groups[g_]);
                gp_printf(&g, " at screen 0.012, first %s left font "
                          "'DejaVu Sans Bold,11' tc rgb '#202020'\n",
                          gp_num(&g, first[g_] + 1));
                for (i = 0; i < d->counts[g_]; i++, k++) {
                        const struct fk_plot_row *r = &d->rows[k];

                        row[0] = first[g_] - (double)i;
                        row[1] = r->est * s;
                        row[2] = r->lo * s;
                        row[3] = r->hi * s;
                        gp_row(&g, row, 4);
                        extend(&lo, &hi, row[1]);
                        extend(&lo, &hi, row[2]);
                        extend(&lo, &hi, row[3]);
                }
        }
        for (g_ = 0; g_ < d->ngroups; g_++) {
                double x = d->pooled ? d->pooled[g_] * s : NAN;

                gp_block(&g, g_ ? "the same for the next group" :
                         "x, y: the pooled estimate of a group as a line "
                         "over its rows (one block per group)");
                row[0] = x;
                row[1] = first[g_] + 0.45;
                gp_row(&g, row, 2);
                row[0] = x;
                row[1] = last[g_] - 0.45;
                gp_row(&g, row, 2);
                extend(&lo, &hi, x);
        }
        if (!(hi >= lo)) {
                lo = d->log_scale ? 0.5 : 0;
                hi = d->log_scale ? 2 : 1;
        }
        if (d->log_scale) {
                pad = pow(hi / lo, 0.06);
                pad = pad < 1.03 ? 1.03 : pad;
                lo /= pad;
                hi *= pad;
                gp_printf(&g, "set logscale x\n");
        } else {
                pad = (hi - lo) * 0.06;
                pad = pad > 0 ? pad : 0.5;
                lo -= pad;
                hi += pad;
        }
        gp_printf(&g, "set xrange [%s:%s]\nset yrange [%s:%s]\n",
                  gp_num(&g, lo), gp_num(&g, hi), gp_num(&g, y + 0.9),
                  gp_num(&g, top + 0.6));
        gp_printf(&g, "set border 1 lc rgb '" GP_AXIS "'\n"
                  "set grid xtics back lt 1 lc rgb '" GP_GRID "' lw 1\n");
        gp_printf(&g, "unset ylabel\nset lmargin %zu\nset rmargin 4\n",
                  lw + 3);
        gp_frame(&g, key, 1.2);
        gp_printf(&g, "plot ");
        for (g_ = 0; g_ < d->ngroups; g_++) {
                gp_printf(&g, "%sfk_dat index %zu using 2:1:3:4 with xerrorbars "
                          "lt %zu dt 1 lw 1.5 ps 1.0", g_ ? ", \\\n     " : "",
                          g_, g_ + 1);
                if (d->pooled && isfinite(d->pooled[g_])) {
                        gp_printf(&g, ", \\\n     fk_dat index %zu using 1:2 "
                                  "with lines lt %zu lw 2.5", d->ngroups + g_,
                                  g_ + 1);
                        if (key) {
                                gp_printf(&g, " title ");
                                gp_str(&g, d->legend[g_]);
                        }
                }
        }
        gp_printf(&g, "\n");
        return gp_close(&g, err);
}
