/* forest: estimates with intervals per row, an overall diamond, the
 * reference line and the non-inferiority margin. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

static int finite_pos(double x, int log_scale)
{
        return isnan(x) || (isfinite(x) && (!log_scale || x > 0));
}

static int check_row(const struct fk_plot_row *r, int log_scale,
                     struct fk_error *err)
{
        if (!finite_pos(r->est, log_scale) || !finite_pos(r->lo, log_scale) ||
            !finite_pos(r->hi, log_scale))
                return gp_need(0, log_scale ? "forest: values on a log axis "
                               "must be positive and finite" :
                               "forest: values must be finite or NaN", err);
        return FK_OK;
}

static int check(const struct fk_plot_forest *d, struct fk_error *err)
{
        size_t i;
        int rc;

        if (!d || !d->rows || d->nrows < 1)
                return gp_need(0, "forest: no rows", err);
        for (i = 0; i < d->nrows; i++)
                if ((rc = check_row(&d->rows[i], d->log_scale, err)))
                        return rc;
        if (d->overall && (rc = check_row(d->overall, d->log_scale, err)))
                return rc;
        if (d->log_scale && (!finite_pos(d->ref, 1) ||
                             !finite_pos(d->margin, 1)))
                return gp_need(0, "forest: reference and margin on a log "
                               "axis must be positive", err);
        return FK_OK;
}

static size_t max_z(size_t a, size_t b)
{
        return a > b ? a : b;
}

static void extend(double *lo, double *hi, double x)
{
        if (isfinite(x)) {
                *lo = fmin(*lo, x);
                *hi = fmax(*hi, x);
        }
}

/* "0.047 (-0.015; 0.108)"; ", " between the ends with a decimal point. */
static size_t values(struct gp *g, const struct fk_plot_row *r, double y)
{
        int dg = g->o->digits;
        double s = g->scale;
        char t[160];
        size_t n;

        if (isnan(r->est))
                return 0;
        n = (size_t)snprintf(t, sizeof t, "%s", gp_fmt(g, r->est * s, dg));
        if (!isnan(r->lo) && !isnan(r->hi) && n < sizeof t)
                snprintf(t + n, sizeof t - n, " (%s%s %s)",
                         gp_fmt(g, r->lo * s, dg), g->comma ? ";" : ",",
                         gp_fmt(g, r->hi * s, dg));
        gp_printf(g, "set label '%s' at graph 1.03, first %s left "
                  "font ',10'\n", t, gp_num(g, y));
        return gp_width(t);
}

/* Tics of a log axis: round ratios inside [lo, hi]. */
static void log_tics(struct gp *g, double lo, double hi)
{
        static const double t[] = { 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.67,
                                    0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 5,
                                    10, 20 };
        static const int dg[] = { 2, 1, 1, 2, 2, 1, 2, 1, 1, 0, 1, 2, 1, 0,
                                  0, 0, 0, 0, 0 };
        size_t i, n = 0;
        int step = (hi / lo > 6) ? 2 : 1;

        gp_printf(g, "set xtics (");
        for (i = 0; i < sizeof t / sizeof *t; i++)
                if (t[i] >= lo && t[i] <= hi && (step == 1 || i % 2 == 1 ||
                                                 fabs(t[i] - 1) < 1e-9))
                        gp_printf(g, "%s'%s' %s", n++ ? ", " : "",
                                  gp_fmt(g, t[i], dg[i]),
                                  gp_num(g, t[i]));
        gp_printf(g, ")\n");
}

int fk_plot_forest(const char *dir, const char *base,
                   const struct fk_plot_opts *o,
                   const struct fk_plot_forest *d, struct fk_error *err)
{
        struct gp g;
        size_t i, n, wmax = 0;
        double lo = INFINITY, hi = -INFINITY, y0, y, s, row[4], pad;
        const struct fk_plot_row *r, *ov;
        int rc;

        if ((rc = check(d, err)) || (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        n = d->nrows;
        ov = d->overall;
        s = g.scale;
        y0 = ov ? 2.3 : 1;
        gp_block(&g, "y, estimate, low, high (rows, top first)");
        for (i = 0; i < n; i++) {
                r = &d->rows[i];
                y = y0 + (double)(n - 1 - i);
                row[0] = y;
                row[1] = r->est * s;
                row[2] = r->lo * s;
                row[3] = r->hi * s;
                gp_row(&g, row, 4);
                extend(&lo, &hi, row[1]);
                extend(&lo, &hi, row[2]);
                extend(&lo, &hi, row[3]);
        }
        if (ov) {
                extend(&lo, &hi, ov->est * s);
                extend(&lo, &hi, ov->lo * s);
                extend(&lo, &hi, ov->hi * s);
        }
        extend(&lo, &hi, d->ref * s);
        extend(&lo, &hi, d->margin * s);
        if (!(hi >= lo)) {
                lo = d->log_scale ? 0.5 : -1;
                hi = d->log_scale ? 2 : 1;
        }
        if (d->log_scale) {
                pad = pow(hi / lo, 0.08);
                pad = pad < 1.05 ? 1.05 : pad;
                lo /= pad;
                hi *= pad;
                gp_printf(&g, "set logscale x\n");
                log_tics(&g, lo, hi);
        } else {
                pad = (hi - lo) * 0.08;
                pad = pad > 0 ? pad : 0.5;
                lo -= pad;
                hi += pad;
        }
        gp_printf(&g, "set xrange [%s:%s]\nset yrange [0.3:%s]\n",
                  gp_num(&g, lo), gp_num(&g, hi),
                  gp_num(&g, y0 + (double)n - 0.3));
        gp_printf(&g, "set border 1 lc rgb '" GP_AXIS "'\n"
                  "set grid xtics back lt 1 lc rgb '" GP_GRID "' lw 1\n"
                  "set ytics scale 0 (");
        for (i = 0; i < n; i++) {
                gp_printf(&g, "%s", i ? ", " : "");
                gp_tic(&g, d->rows[i].label);
                gp_printf(&g, " %s", gp_num(&g, y0 + (double)(n - 1 - i)));
        }
        if (ov) {
                gp_printf(&g, ", ");
                gp_tic(&g, ov->label);
        }
        gp_printf(&g, "%s)\n", ov ? " 1" : "");
        for (i = 0; d->show_values && i < n; i++)
                wmax = max_z(wmax, values(&g, &d->rows[i],
                                          y0 + (double)(n - 1 - i)));
        if (ov) {
                if (d->show_values)
                        wmax = max_z(wmax, values(&g, ov, 1));
                gp_printf(&g, "set arrow from graph 0, first 1.65 to graph 1,"
                          " first 1.65 nohead lc rgb '#bbbbbb' lw 1\n");
                if (isfinite(ov->est)) {
                        double a = isfinite(ov->lo) ? ov->lo * s : ov->est * s;
                        double b = isfinite(ov->hi) ? ov->hi * s : ov->est * s;

                        gp_printf(&g, "set object 1 polygon from %s,1 to %s,"
                                  "1.28 to %s,1 to %s,0.72 to %s,1 front fc "
                                  "rgb '%s' fs solid 1.0 border lc rgb '%s'\n",
                                  gp_num(&g, a), gp_num(&g, ov->est * s),
                                  gp_num(&g, b), gp_num(&g, ov->est * s),
                                  gp_num(&g, a), gp_colour[0], gp_colour[0]);
                }
        }
        if (isfinite(d->ref))
                gp_printf(&g, "set arrow from first %s, graph 0 to first %s, "
                          "graph 1 nohead back lc rgb '" GP_AXIS "' lw 1.2\n",
                          gp_num(&g, d->ref * s), gp_num(&g, d->ref * s));
        if (isfinite(d->margin)) {
                gp_printf(&g, "set arrow from first %s, graph 0 to first %s, "
                          "graph 1 nohead back lc rgb '#555555' lw 1.5 "
                          "dt (14,8)\n", gp_num(&g, d->margin * s),
                          gp_num(&g, d->margin * s));
                if (d->margin_label && *d->margin_label) {
                        g.top_extra = 18;
                        gp_printf(&g, "set label ");
                        gp_str(&g, d->margin_label);
                        gp_printf(&g, " at first %s, graph 1 center offset "
                                  "0,0.8 font ',9' tc rgb '#555555'\n",
                                  gp_num(&g, d->margin * s));
                }
        }
        for (i = 0; i < 2; i++) {
                const char *t = i ? d->right_note : d->left_note;
                double at = isfinite(d->ref) ? d->ref * s : i ? hi : lo;

                if (!t || !*t)
                        continue;
                gp_printf(&g, "set label ");
                gp_str(&g, t);
                gp_printf(&g, " at first %s, graph 0 %s offset %s,-2.4 "
                          "font ',9' tc rgb '#555555'\n", gp_num(&g, at),
                          i ? "left" : "right", i ? "1" : "-1");
        }
        if ((d->left_note && *d->left_note) ||
            (d->right_note && *d->right_note))
                gp_printf(&g, "set xlabel offset 0,-1.2\n");
        if (d->show_values)
                gp_printf(&g, "set rmargin %zu\n", wmax + 3);
        gp_printf(&g, "unset ylabel\n");
        gp_frame(&g, 0, d->left_note || d->right_note ? 2.6 : 1.2);
        gp_printf(&g, "plot fk_dat index 0 using 2:1:3:4 with xerrorbars "
                  "lt 1 dt 1 lc rgb '%s' lw 1.5 pt 5 ps 1.2\n", gp_colour[0]);
        return gp_close(&g, err);
}
