/* likert: diverging stacked horizontal bars, centred at the neutral level. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/gnuplot.h"

#define MAXLEV 11

/* Level l of k: the low side brown-grey, the high side the trial
 * blue-grey, darker the further from the middle; the neutral level light
 * grey.  *dark says whether a label on it should be white. */
static void level_colour(size_t l, size_t k, char *buf, size_t len,
                         int *dark)
{
        static const double lowc[3] = { 0x7a, 0x4e, 0x32 };
        static const double highc[3] = { 0x1f, 0x33, 0x44 };
        double c = (double)(k - 1) / 2, t = ((double)l - c) / c;
        double a = 0.3 + 0.7 * fabs(t), rgb[3];
        const double *b = t < 0 ? lowc : highc;
        int i;

        if (fabs(t) < 1e-9) {
                snprintf(buf, len, "#d4d4d4");
                *dark = 0;
                return;
        }
        for (i = 0; i < 3; i++)
                rgb[i] = 255 * (1 - a) + b[i] * a;
        snprintf(buf, len, "#%02x%02x%02x", (unsigned)lround(rgb[0]),
                 (unsigned)lround(rgb[1]), (unsigned)lround(rgb[2]));
        *dark = a > 0.6;
}

static int check(const struct fk_plot_likert *d, struct fk_error *err)
{
        size_t i;

        if (!d || !d->levels || !d->rows || !d->counts || d->nrows < 1 ||
            d->nlevels < 2 || d->nlevels > MAXLEV)
                return gp_need(0, "likert: need 2 to 11 levels and a row",
                               err);
        for (i = 0; i < d->nrows * d->nlevels; i++)
                if (!isfinite(d->counts[i]) || d->counts[i] < 0)
                        return gp_need(0, "likert: counts must be finite and "
                                       ">= 0", err);
        return FK_OK;
}

/* The legend, drawn here rather than by gnuplot (whose horizontal key
 * gives every entry the width of the widest and fills columns first): a
 * swatch and the level label per level, left to right, centred, in one
 * row or, when too wide, two. */
static int legend(struct gp *g, const struct fk_plot_likert *d,
                  char col[][8])
{
        const struct fk_plot_opts *o = g->o;
        double W = o->width > 0 ? o->width : 800;
        double H = o->height > 0 ? o->height : 500;
        double w[MAXLEV], tot = 0, x, y, rowtot;
        size_t l, k = d->nlevels, split = k, from, to;
        int rows = 1, r;

        for (l = 0; l < k; l++) {
                w[l] = 6.4 * (double)gp_width(d->levels[l]) + 18 + 20;
                tot += w[l];
        }
        if (tot > 0.95 * W) {
                rows = 2;
                split = (k + 1) / 2;
        }
        for (r = 0; r < rows; r++) {
                from = r ? split : 0;
                to = r ? k : split;
                for (rowtot = 0, l = from; l < to; l++)
                        rowtot += w[l];
                x = (W - rowtot + 20) / 2;
                y = (o->title && *o->title ? 54 : 26) + 20 * r;
                for (l = from; l < to; l++) {
                        gp_printf(g, "set object %zu rect from screen %s, "
                                  "screen %s to screen %s, screen %s front "
                                  "fc rgb '%s' fs solid 1.0 noborder\n",
                                  l + 10, gp_num(g, x / W),
                                  gp_num(g, 1 - (y - 6) / H),
                                  gp_num(g, (x + 12) / W),
                                  gp_num(g, 1 - (y + 6) / H), col[l]);
                        gp_printf(g, "set label ");
                        gp_str(g, d->levels[l]);
                        gp_printf(g, " at screen %s, screen %s left "
                                  "font ',10'\n", gp_num(g, (x + 18) / W),
                                  gp_num(g, 1 - y / H));
                        x += w[l];
                }
        }
        return rows;
}

int fk_plot_likert(const char *dir, const char *base,
                   const struct fk_plot_opts *o,
                   const struct fk_plot_likert *d, struct fk_error *err)
{
        struct gp g;
        size_t r, l, k, n;
        double pct[MAXLEV], x0[MAXLEV], tot, left, m = 0, y, row[3];
        char col[MAXLEV][8];
        int dark[MAXLEV], rc, t;

        if ((rc = check(d, err)) || (rc = gp_open(&g, dir, base, o, err)))
                return rc;
        k = d->nlevels;
        n = d->nrows;
        for (l = 0; l < k; l++) {
                level_colour(l, k, col[l], sizeof col[l], &dark[l]);
                gp_block(&g, "row y, segment start %, segment end %");
                for (r = 0; r < n; r++) {
                        const double *c = d->counts + r * k;
                        size_t i;

                        for (tot = 0, i = 0; i < k; i++)
                                tot += c[i];
                        for (i = 0; i < k; i++)
                                pct[i] = tot > 0 ? 100 * c[i] / tot : 0;
                        for (left = 0, i = 0; i < k / 2; i++)
                                left += pct[i];
                        if (k % 2)
                                left += pct[k / 2] / 2;
                        m = fmax(m, fmax(left, 100 - left));
                        x0[0] = -left;
                        for (i = 1; i < k; i++)
                                x0[i] = x0[i - 1] + pct[i - 1];
                        y = (double)(n - r);
                        row[0] = y;
                        row[1] = x0[l];
                        row[2] = x0[l] + pct[l];
                        gp_row(&g, row, 3);
                        if (pct[l] >= 7)
                                gp_printf(&g, "set label '%s%s' at %s,%s "
                                          "center front font ',9' tc rgb "
                                          "'%s'\n",
                                          gp_fmt(&g, pct[l], 0),
                                          g.comma ? " %" : "%",
                                          gp_num(&g, x0[l] + pct[l] / 2),
                                          gp_num(&g, y),
                                          dark[l] ? "#ffffff" : "#202020");
                }
        }
        m = ceil(m / 20) * 20;
        m = m < 40 ? 40 : m;
        gp_printf(&g, "set xrange [%s:%s]\nset yrange [0.4:%s]\n",
                  gp_num(&g, -m), gp_num(&g, m), gp_num(&g, (double)n + 0.6));
        gp_printf(&g, "set xtics (");
        for (t = -(int)m; t <= (int)m; t += 20)
                gp_printf(&g, "%s'%d%s' %d", t > -(int)m ? ", " : "", abs(t),
                          t ? (g.comma ? " %%" : "%%") : "", t);
        gp_printf(&g, ")\nset ytics scale 0 (");
        for (r = 0; r < n; r++) {
                gp_printf(&g, "%s", r ? ", " : "");
                gp_tic(&g, d->rows[r]);
                gp_printf(&g, " %zu", n - r);
        }
        gp_printf(&g, ")\nset border 1 lc rgb '" GP_AXIS "'\n"
                  "set grid xtics back lt 1 lc rgb '" GP_GRID "' lw 1\n"
                  "set arrow 1 from first 0, graph 0 to first 0, graph 1 "
                  "nohead front lc rgb '" GP_AXIS "' lw 1.2\nunset ylabel\n");
        /* about 110 characters of legend fit on one line at 800 pixels */
        g.top_extra = 20 * legend(&g, d, col) + 10;
        gp_frame(&g, 0, 1.2);
        gp_printf(&g, "unset key\n");
        gp_printf(&g, "plot ");
        for (l = 0; l < k; l++) {
                gp_printf(&g, "%sfk_dat index %zu using (($2+$3)/2):1:2:3:"
                          "($1-0.3):($1+0.3) with boxxyerror fc rgb '%s' "
                          "fs solid 1.0 noborder", l ? ", \\\n     " : "",
                          l, col[l]);
        }
        gp_printf(&g, "\n");
        return gp_close(&g, err);
}
