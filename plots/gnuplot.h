/* Internal helpers of the chart writers: the shared style, quoting of UTF-8
 * text in gnuplot scripts, the data file, and running gnuplot.  See
 * include/fkstat/plot.h for the contract. */
#ifndef FK_PLOTS_GNUPLOT_H
#define FK_PLOTS_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "fkstat/plot.h"

/* A chart being written: the script and data file under temporary names. */
struct gp {
        const char *dir, *base;
        const struct fk_plot_opts *o;
        FILE *s, *d;            /* script, data */
        char s_tmp[4096], d_tmp[4096];
        int nblocks;            /* data blocks started */
        int bad_utf8;           /* a label was not valid UTF-8 */
        int comma;              /* decimal comma */
        double scale;           /* 100 with o->percent, else 1 */
        char ring[8][48];       /* buffers of gp_num and gp_fmt */
        int next;
        double top_extra;       /* pixels gp_frame keeps above the plot */
        int multi;              /* gp_multi_begin: panels drawn in a loop
                                   of two passes (SVG, then PNG) */
};

/* Series colours (hex), dash types and point types: series 0 is the trial
 * arm.  GP_GRID is the grid grey, GP_TEXT the text grey. */
extern const char *const gp_colour[FK_PLOT_MAX_SERIES];
#define GP_GRID "#dddddd"
#define GP_AXIS "#404040"
#define GP_NOTE "#555555"

/* Validate base and the options' texts, open the temporary files and write
 * the script's head: the file names, encoding, decimal sign, the SVG
 * terminal, the style, axis labels and the note.  On failure
 * nothing is left behind. */
int gp_open(struct gp *g, const char *dir, const char *base,
            const struct fk_plot_opts *o, struct fk_error *err);

/* Write the title (a label at the top, so the legend can sit under it),
 * the legend under it in key_rows rows (0: the chart places its legend
 * itself), and the top and bottom margins (top_extra pixels more above):
 * bottom_lines character lines under the axis for the chart's own tic
 * labels and rows, plus room for the x label and the note. */
void gp_frame(struct gp *g, int key_rows, double bottom_lines);

/* The options' note as a label at the bottom left (gp_open writes it
 * once; a chart that unsets its labels writes it again). */
void gp_note(struct gp *g);

/* Append to the script. */
void gp_printf(struct gp *g, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Write s as a single-quoted gnuplot string: ' doubled, backslash kept
 * (not special in single quotes), control characters as spaces.  Invalid
 * UTF-8 is replaced by '?' and makes gp_close return FK_EDATA.  NULL is
 * written as ''. */
void gp_str(struct gp *g, const char *s);

/* The same for a tic label, which gnuplot reads as a format: '%' is
 * doubled. */
void gp_tic(struct gp *g, const char *s);

/* Code points in a UTF-8 string (for margins); 0 for NULL. */
size_t gp_width(const char *s);

/* The next buffer (48 bytes) of the ring of 8 inside g. */
char *gp_buf(struct gp *g);

/* A number for the script or data file: %.10g with '.', "NaN" for NaN.
 * The result lives in a ring of 8 buffers inside g. */
const char *gp_num(struct gp *g, double x);

/* A number for a label a reader sees: digits decimals, decimal comma and
 * a real minus sign (U+2212) when the options ask for a decimal comma,
 * "–" for NaN.  Same ring as gp_num. */
const char *gp_fmt(struct gp *g, double x, int digits);

/* Start a data block (gnuplot index = the number returned), headed by a
 * comment, and write rows of n numbers. */
int gp_block(struct gp *g, const char *comment);
void gp_row(struct gp *g, const double *v, size_t n);

/* Start a chart of several panels (gnuplot multiplot).  gnuplot 5.4
 * cannot replot a multiplot, so the panels are written once inside a loop
 * of two passes, the second switching to the PNG terminal; gp_close then
 * ends the loop instead of replotting.  Call after gp_open, before the
 * first panel. */
void gp_multi_begin(struct gp *g);

/* Finish the script with the PNG pass, close, rename the script and data
 * into place and run gnuplot (see plot.h for the statuses).  Always
 * releases g. */
int gp_close(struct gp *g, struct fk_error *err);

/* Run gnuplot on BASE.gp in dir, drawing to temporary names, and rename
 * them to BASE.svg and BASE.png on success (plots/run.c).  The SVG's
 * <title> is title (NULL: BASE) instead of gnuplot's "Gnuplot", and the
 * titles gnuplot gives each plot ("gnuplot_plot_1a") are left out, so a
 * screen reader reads the chart's name and not those. */
int gp_run(const char *dir, const char *base, const char *title,
           struct fk_error *err);

/* Abandon a chart after an argument error: close and remove the
 * temporary files.  Returns code unchanged. */
int gp_abort(struct gp *g, int code);

/* Common validation: a NULL or empty array. */
int gp_need(int ok, const char *what, struct fk_error *err);

#endif
