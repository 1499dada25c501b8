/* The shared part of the chart writers: style, quoting, data file, files
 * written atomically, and running gnuplot without a shell.  See
 * include/fkstat/plot.h. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plots/gnuplot.h"

/* Trial dark blue-grey, control mid grey, then two lighter greys: distinct
 * in lightness, so they survive a greyscale printer. */
const char *const gp_colour[FK_PLOT_MAX_SERIES] = {
        "#1f3344", "#8a8a8a", "#4f6b80", "#bcbcbc"
};
static const char *const gp_dash[FK_PLOT_MAX_SERIES] = {
        "1", "(10,5)", "(3,3)", "(12,4,3,4)"
};
static const int gp_point[FK_PLOT_MAX_SERIES] = { 7, 4, 9, 6 };

#define FONT "DejaVu Sans"

int gp_need(int ok, const char *what, struct fk_error *err)
{
        if (ok)
                return FK_OK;
        return fk_error_set(err, FK_EDOMAIN, NULL, 0, "plot: %s", what);
}

static int base_ok(const char *b)
{
        if (!b || !*b || *b == '.' || strlen(b) > 200)
                return 0;
        for (; *b; b++)
                if (!((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') ||
                      (*b >= '0' && *b <= '9') || *b == '_' || *b == '-' ||
                      *b == '.'))
                        return 0;
        return 1;
}

/* Length of the valid UTF-8 sequence at s (1..4), 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
        size_t n, i;
        unsigned cp;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                n = 2, cp = s[0] & 0x1f;
        else if (s[0] >= 0xe0 && s[0] <= 0xef)
                n = 3, cp = s[0] & 0x0f;
        else if (s[0] >= 0xf0 && s[0] <= 0xf4)
                n = 4, cp = s[0] & 0x07;
        else
                return 0;
        for (i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = cp << 6 | (s[i] & 0x3f);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
                return 0;
        return n;
}

size_t gp_width(const char *s)
{
        size_t w = 0, n;
        const unsigned char *p = (const unsigned char *)s;

        if (!s)
                return 0;
        while (*p) {
                n = utf8_len(p);
                p += n ? n : 1;
                w++;
        }
        return w;
}

void gp_printf(struct gp *g, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vfprintf(g->s, fmt, ap);
        va_end(ap);
}

static void quote(struct gp *g, const char *s, int tic);

void gp_str(struct gp *g, const char *s)
{
        quote(g, s, 0);
}

void gp_tic(struct gp *g, const char *s)
{
        quote(g, s, 1);
}

static void quote(struct gp *g, const char *s, int tic)
{
        const unsigned char *p = (const unsigned char *)(s ? s : "");
        size_t n;

        fputc('\'', g->s);
        while (*p) {
                n = utf8_len(p);
                if (!n) {
                        g->bad_utf8 = 1;
                        fputc('?', g->s);
                        p++;
                } else if (*p == '\'') {
                        fputs("''", g->s);
                        p++;
                } else if (*p == '%' && tic) {
                        fputs("%%", g->s);
                        p++;
                } else if (*p < 0x20 || *p == 0x7f) {
                        fputc(' ', g->s);
                        p++;
                } else {
                        fwrite(p, 1, n, g->s);
                        p += n;
                }
        }
        fputc('\'', g->s);
}

char *gp_buf(struct gp *g)
{
        char *b = g->ring[g->next];

        g->next = (g->next + 1) % 8;
        return b;
}

/* printf follows LC_NUMERIC; gnuplot and the data file want '.'. */
static void c_locale(char *b)
{
        for (; *b; b++)
                if (*b == ',')
                        *b = '.';
}

const char *gp_num(struct gp *g, double x)
{
        char *b = gp_buf(g);

        if (isnan(x))
                return "NaN";
        snprintf(b, sizeof g->ring[0], "%.10g", x);
        c_locale(b);
        return b;
}

const char *gp_fmt(struct gp *g, double x, int digits)
{
        char *b = gp_buf(g), *p;

        if (!isfinite(x))
                return "\xe2\x80\x93";
        if (digits < 0)
                digits = 0;
        if (digits > 10)
                digits = 10;
        snprintf(b, sizeof g->ring[0], "%.*f", digits, x);
        c_locale(b);
        if (!strcmp(b, "-0") || (b[0] == '-' && strspn(b + 1, "0.") ==
                                 strlen(b + 1)))
                memmove(b, b + 1, strlen(b));   /* no "-0.0" */
        if (g->comma) {
                for (p = b; *p; p++)
                        if (*p == '.')
                                *p = ',';
                if (b[0] == '-') {      /* a real minus sign, U+2212 */
                        memmove(b + 3, b + 1, strlen(b));
                        memcpy(b, "\xe2\x88\x92", 3);
                }
        }
        return b;
}

int gp_block(struct gp *g, const char *comment)
{
        if (g->nblocks)
                fputs("\n\n", g->d);
        fprintf(g->d, "# index %d: %s\n", g->nblocks, comment);
        return g->nblocks++;
}

void gp_row(struct gp *g, const double *v, size_t n)
{
        size_t i;

        for (i = 0; i < n; i++)
                fprintf(g->d, "%s%s", i ? "\t" : "", gp_num(g, v[i]));
        fputc('\n', g->d);
}

static int path(char *buf, size_t len, const char *dir, const char *name,
                struct fk_error *err)
{
        int n = snprintf(buf, len, "%s/%s", dir, name);

        if (n < 0 || (size_t)n >= len)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "plot: directory name too long");
        return FK_OK;
}

static void term(struct gp *g, const char *kind)
{
        int w = g->o->width > 0 ? g->o->width : 800;
        int h = g->o->height > 0 ? g->o->height : 500;

        gp_printf(g, "set term %s size %d,%d font '" FONT ",%s' "
                  "background rgb 'white' noenhanced\n", kind, w, h,
                  strcmp(kind, "svg") ? "10" : "11");
}

static void head(struct gp *g)
{
        const struct fk_plot_opts *o = g->o;
        int i;

        gp_printf(g, "# fkstat chart %s: a gnuplot 5 script.  Re-draw with "
                  "\"gnuplot %s.gp\"\n# in this directory: it reads %s.dat "
                  "and writes %s.svg and %s.png.\nreset\n",
                  g->base, g->base, g->base, g->base, g->base);
        gp_printf(g, "if (!exists(\"fk_svg\")) fk_svg = '%s.svg'\n"
                  "if (!exists(\"fk_png\")) fk_png = '%s.png'\n"
                  "fk_dat = '%s.dat'\nset encoding utf8\n",
                  g->base, g->base, g->base);
        /* Danish: decimal comma, and tic labels with a real minus sign
         * (U+2212 in UTF-8) rather than a hyphen */
        if (g->comma)
                gp_printf(g, "set decimalsign ','\nset minussign\n");
        term(g, "svg");
        gp_printf(g, "set output fk_svg\n\n# style\n");
        for (i = 0; i < FK_PLOT_MAX_SERIES; i++)
                gp_printf(g, "set linetype %d lc rgb '%s' lw 2 dt %s pt %d "
                          "ps 1.1\n", i + 1, gp_colour[i], gp_dash[i],
                          gp_point[i]);
        gp_printf(g, "set border 3 lc rgb '" GP_AXIS "' lw 1\n"
                  "set tics nomirror out scale 0.5 tc rgb '" GP_AXIS "'\n"
                  "set key noautotitle nobox samplen 3 spacing 1.2\n"
                  "set style fill solid 1.0 noborder\n"
                  /* error bars draw a white disc of this size behind
                   * their point; 0 would mean the default, 1 */
                  "set pointintervalbox 0.001\n");
        if (o->xlabel && *o->xlabel) {
                gp_printf(g, "set xlabel ");
                gp_str(g, o->xlabel);
                gp_printf(g, "\n");
        }
        if (o->ylabel && *o->ylabel) {
                gp_printf(g, "set ylabel ");
                gp_str(g, o->ylabel);
                gp_printf(g, "\n");
        }
        gp_note(g);
        gp_printf(g, "\n");
}

void gp_note(struct gp *g)
{
        if (g->o->note && *g->o->note) {
                gp_printf(g, "set label ");
                gp_str(g, g->o->note);
                gp_printf(g, " at screen 0.01, screen 0.025 left "
                          "font '," "9' tc rgb '" GP_NOTE "'\n");
        }
}

void gp_frame(struct gp *g, int key_rows, double bottom_lines)
{
        const struct fk_plot_opts *o = g->o;
        double h = o->height > 0 ? o->height : 500, top = 14;

        if (o->title && *o->title) {
                gp_printf(g, "set label ");
                gp_str(g, o->title);
                gp_printf(g, " at screen 0.5, screen %s center "
                          "font '" FONT " Bold,13'\n",
                          gp_num(g, 1 - 22 / h));
                top += 26;
        }
        if (key_rows > 0) {
                gp_printf(g, "set key at screen 0.5, screen %s center top "
                          "horizontal reverse Left samplen 2.5 width 1\n",
                          gp_num(g, 1 - (top + 2) / h));
                top += 20 * key_rows + 6;
        }
        top += g->top_extra;
        gp_printf(g, "set tmargin at screen %s\n", gp_num(g, 1 - top / h));
        if (o->xlabel && *o->xlabel)
                bottom_lines += 1.4;
        if (o->note && *o->note)
                bottom_lines += 1.6;
        gp_printf(g, "set bmargin %s\n", gp_num(g, bottom_lines + 0.6));
}

int gp_open(struct gp *g, const char *dir, const char *base,
            const struct fk_plot_opts *o, struct fk_error *err)
{
        char name[256];
        int rc;

        memset(g, 0, sizeof *g);
        if (!dir || !*dir || !o)
                return gp_need(0, "no output directory or options", err);
        if (!base_ok(base))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "plot: '%s' is not a usable base name "
                                    "(letters, digits, '_', '-', '.')",
                                    base ? base : "");
        g->dir = dir;
        g->base = base;
        g->o = o;
        g->comma = o->decimal_comma;
        g->scale = o->percent ? 100.0 : 1.0;
        snprintf(name, sizeof name, ".%s.gp.%ld.tmp", base, (long)getpid());
        if ((rc = path(g->s_tmp, sizeof g->s_tmp, dir, name, err)))
                return rc;
        snprintf(name, sizeof name, ".%s.dat.%ld.tmp", base, (long)getpid());
        if ((rc = path(g->d_tmp, sizeof g->d_tmp, dir, name, err)))
                return rc;
        g->s = fopen(g->s_tmp, "w");
        g->d = g->s ? fopen(g->d_tmp, "w") : NULL;
        if (!g->d) {
                rc = errno == ENOMEM ?
                     fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory") :
                     fk_error_set(err, FK_EIO, NULL, 0, "plot: %s: %s", dir,
                                  strerror(errno));
                return gp_abort(g, rc);
        }
        fprintf(g->d, "# fkstat chart %s: data of %s.gp\n", base, base);
        head(g);
        return FK_OK;
}

int gp_abort(struct gp *g, int code)
{
        if (g->s) {
                fclose(g->s);
                remove(g->s_tmp);
        }
        if (g->d) {
                fclose(g->d);
                remove(g->d_tmp);
        }
        g->s = g->d = NULL;
        return code;
}

void gp_multi_begin(struct gp *g)
{
        g->multi = 1;
        gp_printf(g, "do for [fk_pass = 1:2] {\nif (fk_pass == 2) {\n");
        term(g, "pngcairo");
        gp_printf(g, "set output fk_png\n}\nset multiplot\n");
}

int gp_close(struct gp *g, struct fk_error *err)
{
        char fin[4096], name[256];
        int rc, bad;

        if (g->multi) {
                gp_printf(g, "unset multiplot\n}\nunset output\n");
        } else {
                term(g, "pngcairo");
                gp_printf(g, "set output fk_png\nreplot\nunset output\n");
        }
        if (g->bad_utf8)
                return gp_abort(g, fk_error_set(err, FK_EDATA, NULL, 0,
                                "plot: %s: a label is not valid UTF-8",
                                g->base));
        bad = ferror(g->s) | ferror(g->d);
        bad |= fclose(g->s) | fclose(g->d);
        g->s = g->d = NULL;
        if (bad) {
                remove(g->s_tmp);
                remove(g->d_tmp);
                return fk_error_set(err, FK_EIO, NULL, 0,
                                    "plot: %s: cannot write", g->dir);
        }
        snprintf(name, sizeof name, "%s.dat", g->base);
        if ((rc = path(fin, sizeof fin, g->dir, name, err)) ||
            rename(g->d_tmp, fin)) {
                remove(g->s_tmp);
                remove(g->d_tmp);
                return rc ? rc : fk_error_set(err, FK_EIO, NULL, 0,
                                              "plot: %s: %s", fin,
                                              strerror(errno));
        }
        snprintf(name, sizeof name, "%s.gp", g->base);
        if ((rc = path(fin, sizeof fin, g->dir, name, err)) ||
            rename(g->s_tmp, fin)) {
                remove(g->s_tmp);
                return rc ? rc : fk_error_set(err, FK_EIO, NULL, 0,
                                              "plot: %s: %s", fin,
                                              strerror(errno));
        }
        return gp_run(g->dir, g->base, g->o->title, err);
}
