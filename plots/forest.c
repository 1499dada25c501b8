/* forest: estimates with intervals per row, an overall diamond, the
 * reference line and the non-inferiority margin; and the same as panels,
 * one per scale, stacked in one chart (gnuplot multiplot). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/gnuplot.h"

/* How a panel is laid out: its scale and decimals, and, in a chart of
 * panels, its place (screen fractions) and the shared margins (chars). */
struct axis {
        double scale;
        int digits;
        int multi;
        double top, bottom;
        size_t lmargin, rmargin;
};

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

/* "0.047 (-0.015, 0.108)" or "0,047 (−0,015; 0,108)" into t; its width in
 * characters, 0 when the estimate is missing. */
static size_t values_text(struct gp *g, const struct fk_plot_row *r,
                          const struct axis *a, char *t, size_t len)
{
        double s = a->scale;
        size_t n;

        t[0] = '\0';
        if (isnan(r->est))
                return 0;
        n = (size_t)snprintf(t, len, "%s", gp_fmt(g, r->est * s, a->digits));
        if (!isnan(r->lo) && !isnan(r->hi) && n < len)
                snprintf(t + n, len - n, " (%s%s %s)",
                         gp_fmt(g, r->lo * s, a->digits), g->comma ? ";" : ",",
                         gp_fmt(g, r->hi * s, a->digits));
        return gp_width(t);
}

static size_t values(struct gp *g, const struct fk_plot_row *r, double y,
                     const struct axis *a)
{
        char t[160];
        size_t w = values_text(g, r, a, t, sizeof t);

        if (w)
                gp_printf(g, "set label '%s' at graph 1.03, first %s left "
                          "font ',10'\n", t, gp_num(g, y));
        return w;
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

/* One forest into the current plot area: its data block, axes, lines,
 * labels and the plot command. */
static void panel(struct gp *g, const struct fk_plot_forest *d,
                  const struct axis *a)
{
        size_t i, n = d->nrows, wmax = 0;
        double lo = INFINITY, hi = -INFINITY, y0, y, s = a->scale, row[4], pad;
        const struct fk_plot_row *r, *ov = d->overall;
        int blk;

        y0 = ov ? 2.3 : 1;
        blk = gp_block(g, "y, estimate, low, high (rows, top first)");
        for (i = 0; i < n; i++) {
                r = &d->rows[i];
                y = y0 + (double)(n - 1 - i);
                row[0] = y;
                row[1] = r->est * s;
                row[2] = r->lo * s;
                row[3] = r->hi * s;
                gp_row(g, row, 4);
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
                gp_printf(g, "set logscale x\n");
                log_tics(g, lo, hi);
        } else {
                pad = (hi - lo) * 0.08;
                pad = pad > 0 ? pad : 0.5;
                lo -= pad;
                hi += pad;
        }
        gp_printf(g, "set xrange [%s:%s]\nset yrange [0.3:%s]\n",
                  gp_num(g, lo), gp_num(g, hi),
                  gp_num(g, y0 + (double)n - 0.3));
        gp_printf(g, "set border 1 lc rgb '" GP_AXIS "'\n"
                  "set grid xtics back lt 1 lc rgb '" GP_GRID "' lw 1\n"
                  "set ytics scale 0 (");
        for (i = 0; i < n; i++) {
                gp_printf(g, "%s", i ? ", " : "");
                gp_tic(g, d->rows[i].label);
                gp_printf(g, " %s", gp_num(g, y0 + (double)(n - 1 - i)));
        }
        if (ov) {
                gp_printf(g, ", ");
                gp_tic(g, ov->label);
        }
        gp_printf(g, "%s)\n", ov ? " 1" : "");
        for (i = 0; d->show_values && i < n; i++)
                wmax = max_z(wmax, values(g, &d->rows[i],
                                          y0 + (double)(n - 1 - i), a));
        if (ov) {
                if (d->show_values)
                        wmax = max_z(wmax, values(g, ov, 1, a));
                gp_printf(g, "set arrow from graph 0, first 1.65 to graph 1,"
                          " first 1.65 nohead lc rgb '#bbbbbb' lw 1\n");
                if (isfinite(ov->est)) {
                        double l = isfinite(ov->lo) ? ov->lo * s : ov->est * s;
                        double h = isfinite(ov->hi) ? ov->hi * s : ov->est * s;

                        gp_printf(g, "set object 1 polygon from %s,1 to %s,"
                                  "1.28 to %s,1 to %s,0.72 to %s,1 front fc "
                                  "rgb '%s' fs solid 1.0 border lc rgb '%s'\n",
                                  gp_num(g, l), gp_num(g, ov->est * s),
                                  gp_num(g, h), gp_num(g, ov->est * s),
                                  gp_num(g, l), gp_colour[0], gp_colour[0]);
                }
        }
        if (isfinite(d->ref))
                gp_printf(g, "set arrow from first %s, graph 0 to first %s, "
                          "graph 1 nohead back lc rgb '" GP_AXIS "' lw 1.2\n",
                          gp_num(g, d->ref * s), gp_num(g, d->ref * s));
        if (isfinite(d->margin)) {
                gp_printf(g, "set arrow from first %s, graph 0 to first %s, "
                          "graph 1 nohead back lc rgb '#555555' lw 1.5 "
                          "dt (14,8)\n", gp_num(g, d->margin * s),
                          gp_num(g, d->margin * s));
                if (d->margin_label && *d->margin_label) {
                        g->top_extra = 18;
                        gp_printf(g, "set label ");
                        gp_str(g, d->margin_label);
                        gp_printf(g, " at first %s, graph 1 center offset "
                                  "0,0.8 font ',9' tc rgb '#555555'\n",
                                  gp_num(g, d->margin * s));
                }
        }
        for (i = 0; i < 2; i++) {
                const char *t = i ? d->right_note : d->left_note;
                double at = isfinite(d->ref) ? d->ref * s : i ? hi : lo;

                if (!t || !*t)
                        continue;
                gp_printf(g, "set label ");
                gp_str(g, t);
                gp_printf(g, " at first %s, graph 0 %s offset %s,-2.4 "
                          "font ',9' tc rgb '#555555'\n", gp_num(g, at),
                          i ? "left" : "right", i ? "1" : "-1");
        }
        if ((d->left_note && *d->left_note) ||
            (d->right_note && *d->right_note))
                gp_printf(g, "set xlabel offset 0,-1.2\n");
        gp_printf(g, "unset ylabel\n");
        if (a->multi) {
                gp_printf(g, "set lmargin %zu\nset rmargin %zu\n"
                          "set tmargin at screen %s\nset bmargin at screen "
                          "%s\n", a->lmargin, a->rmargin, gp_num(g, a->top),
                          gp_num(g, a->bottom));
        } else {
                if (d->show_values)
                        gp_printf(g, "set rmargin %zu\n", wmax + 3);
                gp_frame(g, 0, d->left_note || d->right_note ? 2.6 : 1.2);
        }
        gp_printf(g, "plot fk_dat index %d using 2:1:3:4 with xerrorbars "
                  "lt 1 dt 1 lc rgb '%s' lw 1.5 pt 5 ps 1.2\n", blk,
                  gp_colour[0]);
}

int fk_plot_forest(const char *dir, const char *base,
                   const struct fk_plot_opts *o,
                   const struct fk_plot_forest *d, struct fk_error *err)
{
        struct gp g;
        struct axis a = { 1, 1, 0, 0, 0, 0, 0 };
        int rc;

        if ((rc = check(d, err)) || (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        a.scale = g.scale;
        a.digits = o->digits;
        panel(&g, d, &a);
        return gp_close(&g, err);
}

/* Pixels of a panel: its rows, and the room above (margin label) and
 * below (tics, notes, axis label). */
static double rows_px(const struct fk_plot_forest *d)
{
        return 28.0 * ((double)d->nrows + (d->overall ? 1.3 : 0)) + 14;
}

static double above_px(const struct fk_plot_forest *d)
{
        return isfinite(d->margin) && d->margin_label && *d->margin_label ?
               30 : 12;
}

static double below_px(const struct fk_plot_forest *d)
{
        return (d->left_note && *d->left_note) ||
               (d->right_note && *d->right_note) ? 78 : 56;
}

int fk_plot_forest_panels(const char *dir, const char *base,
                          const struct fk_plot_opts *o,
                          const struct fk_plot_panel *p, size_t np,
                          struct fk_error *err)
{
        struct fk_plot_opts po;
        struct axis a[FK_PLOT_MAX_PANELS];
        struct gp g;
        size_t i, k, lw = 0, rw = 0;
        double h = 0, at;
        char t[160];
        int rc;

        if (!o || !p || np < 1 || np > FK_PLOT_MAX_PANELS)
                return gp_need(0, "forest: need 1 to 16 panels", err);
        for (i = 0; i < np; i++)
                if ((rc = check(&p[i].forest, err)))
                        return rc;
        po = *o;
        po.xlabel = NULL;
        po.percent = 0;
        h = (o->title && *o->title ? 44 : 14) + (o->note && *o->note ? 24 : 6);
        for (i = 0; i < np; i++)
                h += above_px(&p[i].forest) + rows_px(&p[i].forest) +
                     below_px(&p[i].forest);
        if (po.height <= 0)
                po.height = (int)ceil(h);
        if ((rc = gp_open(&g, dir, base, &po, err)))
                return rc;
        /* shared margins: the longest row label and values column */
        for (i = 0; i < np; i++) {
                const struct fk_plot_forest *d = &p[i].forest;

                a[i] = (struct axis){ p[i].percent ? 100.0 : 1.0,
                                      p[i].digits, 1, 0, 0, 0, 0 };
                for (k = 0; k < d->nrows; k++) {
                        lw = max_z(lw, gp_width(d->rows[k].label));
                        if (d->show_values)
                                rw = max_z(rw, values_text(&g, &d->rows[k],
                                                           &a[i], t, sizeof t));
                }
                if (d->overall) {
                        lw = max_z(lw, gp_width(d->overall->label));
                        if (d->show_values)
                                rw = max_z(rw, values_text(&g, d->overall,
                                                           &a[i], t, sizeof t));
                }
        }
        at = (o->title && *o->title ? 44 : 14) * po.height / h;
        gp_multi_begin(&g);
        for (i = 0; i < np; i++) {
                const struct fk_plot_forest *d = &p[i].forest;
                double scale = po.height / h;

                a[i].lmargin = lw + 2;
                a[i].rmargin = rw ? rw + 3 : 3;
                at += above_px(d) * scale;
                a[i].top = 1 - at / po.height;
                at += rows_px(d) * scale;
                a[i].bottom = 1 - at / po.height;
                at += below_px(d) * scale;
                /* each panel starts clean: the loop draws them twice */
                gp_printf(&g, "unset label\nunset arrow\nunset object\n"
                          "unset logscale x\nset xtics autofreq\n"
                          "set xlabel ");
                gp_str(&g, p[i].xlabel);
                gp_printf(&g, " offset 0,0\n");
                if (i == 0) {
                        gp_frame(&g, 0, 0);     /* the title */
                        gp_note(&g);
                }
                panel(&g, d, &a[i]);
        }
        return gp_close(&g, err);
}
