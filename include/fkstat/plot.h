/* fkstat — charts: gnuplot scripts plus their data, rendered to SVG and PNG.
 *
 * Every chart function writes, in the directory dir,
 *
 *   BASE.gp    the gnuplot script (UTF-8)
 *   BASE.dat   its data: plain numbers, '.' as decimal point whatever the
 *              locale, blocks separated by two blank lines (gnuplot
 *              "index"), each block headed by a comment naming it
 *
 * and then runs gnuplot on it, which writes BASE.svg and BASE.png.  The
 * script is self-contained: "cd DIR && gnuplot BASE.gp" alone re-draws
 * both pictures.  BASE may hold only ASCII letters, digits, '_', '-' and
 * '.', and must not start with '.'; dir must exist.  Existing files of the
 * same names are replaced.
 *
 * Atomicity: each of the four files is written under a temporary name in
 * dir (".BASE.*.PID.tmp") and renamed into place when complete, so a reader
 * never sees a half-written file.  The .gp and .dat are renamed before
 * gnuplot runs (the script names BASE.dat); gnuplot draws to temporary
 * names passed with -e, renamed to BASE.svg and BASE.png only when gnuplot
 * exits with status 0.  On any failure the temporary files are removed; a
 * .gp/.dat already in place stays, so the chart can be re-drawn by hand.
 *
 * Running gnuplot: the program is "gnuplot" looked up on PATH, or the value
 * of the environment variable FKSTAT_GNUPLOT (a name or a path), started
 * with fork/execvp without a shell, as "gnuplot -d -e 'fk_svg=...;
 * fk_png=...' BASE.gp" in dir (-d: no user init file).  Its stdin and
 * stdout are /dev/null; its standard error is captured and its last line
 * goes into err->msg when it fails.  The library prints nothing.
 *
 * Every chart function returns
 *   FK_OK        the four files are in place;
 *   FK_ENOTFOUND gnuplot could not be started (not installed, or
 *                FKSTAT_GNUPLOT names no program): BASE.gp and BASE.dat
 *                are in place, BASE.svg and BASE.png are not (an older
 *                copy of them is left untouched); err->msg says so, so a
 *                report can keep the script and data and add a note;
 *   FK_EIO       a file could not be written, or gnuplot failed (err->msg
 *                holds gnuplot's last message line);
 *   FK_EDOMAIN   a bad argument (NULL data, n == 0, a bad BASE, an index
 *                out of range, non-positive values on a log axis ...);
 *   FK_EDATA     a label is not valid UTF-8 (nothing is written).
 * The charts allocate nothing on the heap.
 *
 * Text: every title, axis label, legend and tic label is UTF-8 supplied by
 * the caller (Danish or English), drawn literally: no gnuplot "enhanced
 * text" markup, so '_', '^', '{' and '@' are plain characters, quotes and
 * backslashes are safe, control characters become spaces.  NULL or "" means
 * "no text".  Numbers the charts print themselves (value labels, interval
 * columns, tic labels) follow fk_plot_opts.decimal_comma.
 *
 * Missing values are NaN: a NaN estimate is not drawn, a NaN interval end
 * draws the estimate without its bar.
 *
 * Style (the same for every chart): white background, DejaVu Sans 11,
 * 800x500 pixels, light grid, no top/right border.  Series 0 (the trial
 * arm) is dark blue-grey, solid line, filled circles; series 1 (the control
 * or comparison arm) mid grey, dashed line, open squares; series 2 and 3
 * lighter greys with other dashes and points.  Charts read in greyscale.
 */
#ifndef FKSTAT_PLOT_H
#define FKSTAT_PLOT_H

#include <stddef.h>

#include "fkstat/error.h"
#include "fkstat/survival.h"

/* Most series (arms) a chart draws. */
#define FK_PLOT_MAX_SERIES 4

/* Options shared by every chart.  Start from FK_PLOT_OPTS_INIT. */
struct fk_plot_opts {
        const char *title;      /* above the chart; NULL or "" for none */
        const char *xlabel;     /* x-axis label; NULL or "" for none */
        const char *ylabel;     /* y-axis label; NULL or "" for none */
        const char *note;       /* small grey line at the bottom left (data
                                   source, n, method); NULL for none */
        int decimal_comma;      /* 1: Danish numbers, "0,25", "−0,5" (a
                                   real minus sign) and "25 %", via gnuplot
                                   "set decimalsign ','" and "set
                                   minussign" and in the labels fkstat
                                   prints; 0: "0.25", "-0.5", "25%" */
        int percent;            /* 1: the values are shares (0.25) or
                                   differences of shares; they are drawn,
                                   written to BASE.dat and labelled x 100
                                   (25, "25 %"; differences in percentage
                                   points, without a sign: say so in the
                                   axis label).  0: drawn as given */
        int digits;             /* decimals of the numbers the chart prints
                                   (after the x 100 of percent) */
        int width, height;      /* pixels (SVG and PNG); 0: 800 x 500 */
};

#define FK_PLOT_OPTS_INIT { NULL, NULL, NULL, NULL, 0, 0, 1, 0, 0 }

/* One line of a chart: n values y[i] (one per group or period) with an
 * optional interval lo[i]..hi[i] (both NULL: no interval).  The arrays are
 * the caller's; the chart only reads them during the call. */
struct fk_plot_series {
        const char *label;      /* legend text, e.g. the arm "forsøg" */
        const double *y;
        const double *lo, *hi;
};

/* bars — a value per arm with its confidence interval, e.g. the share in
 * job after 52 weeks with its Wilson interval, optionally for several
 * outcomes side by side.
 *
 * series[j] is arm j (0 = trial); series[j].y[i] its value for group i (an
 * outcome), with the interval in lo/hi.  Bars start at 0; each is labelled
 * with its value above the interval.  With ngroups == 1 the x tics name
 * the arms and there is no legend; with ngroups > 1 the x tics are
 * group_labels and the legend names the arms.
 * Needs 1 <= nseries <= FK_PLOT_MAX_SERIES, ngroups >= 1, every y set
 * (NaN: no bar).  group_labels may be NULL when ngroups == 1. */
struct fk_plot_bars {
        const char *const *group_labels;        /* ngroups, or NULL */
        size_t ngroups;
        const struct fk_plot_series *series;
        size_t nseries;
};

int fk_plot_bars(const char *dir, const char *base,
                 const struct fk_plot_opts *o, const struct fk_plot_bars *d,
                 struct fk_error *err);

/* forest — one row per municipality, outcome or trial: an estimate with its
 * interval drawn as a point with a horizontal bar; an optional overall row
 * below a gap, drawn as a diamond from ci low to ci high; a vertical
 * reference line (0 for differences, 1 for ratios) and an optional dashed
 * non-inferiority margin line.  o->xlabel names the effect ("Forskel i
 * andel i job, procentpoint"); o->ylabel is not used.  With show_values
 * the right margin lists "estimate (low; high)" per row ("(low, high)"
 * without decimal_comma).  left_note/right_note go under the axis at the
 * two ends ("← bedre for sammenligning", "bedre for forsøg →").
 * Rows are drawn top to bottom in the order given.  o->percent multiplies
 * estimates, intervals, ref and margin by 100. */
struct fk_plot_row {
        const char *label;      /* row label at the left */
        double est, lo, hi;     /* estimate and interval; NaN: not drawn */
};

struct fk_plot_forest {
        const struct fk_plot_row *rows;
        size_t nrows;                   /* >= 1 */
        const struct fk_plot_row *overall;      /* NULL: no overall row */
        double ref;             /* reference line, NaN for none */
        double margin;          /* position of the margin line on the x
                                   axis, as drawn: -0.02 for a difference
                                   margin of 0.02 with better = higher, 0.9
                                   for a ratio margin of 0.1; NaN for none */
        const char *margin_label;       /* beside the margin line, or NULL */
        int log_scale;          /* ratios: log x axis (all values > 0) */
        int show_values;        /* print the estimate column at the right */
        const char *left_note, *right_note;     /* NULL for none */
};

int fk_plot_forest(const char *dir, const char *base,
                   const struct fk_plot_opts *o,
                   const struct fk_plot_forest *d, struct fk_error *err);

/* forest with panels — one panel per scale, stacked top to bottom under
 * one title, so that a chart never mixes scales: e.g. risk differences in
 * percentage points, a mean difference in the outcome's own unit, hazard
 * ratios on a log axis with 1 marked.  Each panel is a forest as above
 * with its own x axis: xlabel, percent (x 100, as fk_plot_opts.percent)
 * and digits; o->xlabel, o->percent and o->digits are not used.  The
 * panels share the left margin (row labels) and the right (values), so
 * their axes line up.  o->height 0: the height follows the rows.  Needs
 * 1 <= npanels <= FK_PLOT_MAX_PANELS. */
#define FK_PLOT_MAX_PANELS 16

struct fk_plot_panel {
        const char *xlabel;
        int percent;
        int digits;
        struct fk_plot_forest forest;
};

int fk_plot_forest_panels(const char *dir, const char *base,
                          const struct fk_plot_opts *o,
                          const struct fk_plot_panel *panels, size_t npanels,
                          struct fk_error *err);

/* clusters — the municipalities (clusters) of a clustered outcome grouped
 * by arm: one row per municipality, a point with its interval in its
 * arm's style (series g), under a bold header naming the arm; the arm's
 * pooled estimate as a vertical line over the arm's rows, in the legend
 * as legend[g] ("Forsøg i alt: 90,9 %").  rows[] holds the groups one
 * after the other: counts[g] rows of group g (0 = trial).  o->xlabel
 * names the scale, o->percent as usual; log_scale for ratios (values
 * > 0).  o->height 0: the height follows the rows.  Needs 1 <= ngroups
 * <= FK_PLOT_MAX_SERIES and counts[g] >= 1. */
struct fk_plot_clusters {
        const char *const *groups;      /* ngroups arm headers */
        const size_t *counts;           /* rows per group */
        size_t ngroups;
        const struct fk_plot_row *rows; /* counts[0] + counts[1] + ... */
        const double *pooled;           /* ngroups; NaN: no line; or NULL */
        const char *const *legend;      /* ngroups, or NULL: no legend */
        int log_scale;
};

int fk_plot_clusters(const char *dir, const char *base,
                     const struct fk_plot_opts *o,
                     const struct fk_plot_clusters *d, struct fk_error *err);

/* km — cumulative job entry 1 - S(t) of each arm as a step curve from
 * (0, 0) with a shaded band 1 - hi .. 1 - lo (the curve's own interval,
 * e.g. log-log), and the numbers at risk per arm at the times at[] printed
 * in rows under the x axis (the first step with time >= t gives n_risk;
 * 0 beyond the last time).  The x tics are at[] when nat > 0.
 * curves[j] is a fitted curve (fk_km_fit) of arm j (0 = trial), read only;
 * labels[j] its legend text and at-risk row name.  o->percent draws
 * per cent (0..100) instead of 0..1.  tmax ends the x axis (NaN: the
 * largest step time).  A NaN band end (S = 0 under log-log) collapses the
 * band to the curve.  Needs 1 <= ncurves <= FK_PLOT_MAX_SERIES and each
 * curve with nsteps >= 1. */
struct fk_plot_km {
        const struct fk_km *const *curves;
        const char *const *labels;
        size_t ncurves;
        const double *at;               /* nat times, ascending, or NULL */
        size_t nat;
        const char *at_risk_title;      /* "Antal i risiko", or NULL */
        double tmax;
};

int fk_plot_km(const char *dir, const char *base,
               const struct fk_plot_opts *o, const struct fk_plot_km *d,
               struct fk_error *err);

/* trend — mean outcome per period of the trial and the comparison group
 * (series[0] trial, series[1] comparison; up to FK_PLOT_MAX_SERIES), lines
 * with points, optional interval bars, the periods ("2017Q3") as x tic
 * labels (every k-th when there are many) and a vertical line before
 * period index start, labelled start_label ("Forsøgsstart").
 * start == (size_t)-1: no line.  Staggered starts: nmarks > 0 draws a
 * dashed line before each period index marks[k] (increasing), labelled
 * mark_labels[k] ("Start 2017K2") at the top, each label a line lower than
 * the one before (four lines, then from the top again), the shade from the
 * first; start and start_label are then not used.  Needs nperiods >= 1. */
struct fk_plot_trend {
        const char *const *periods;     /* nperiods tic labels */
        size_t nperiods;
        const struct fk_plot_series *series;    /* y[nperiods] each */
        size_t nseries;
        size_t start;
        const char *start_label;
        const size_t *marks;            /* nmarks, or NULL */
        const char *const *mark_labels; /* nmarks, or NULL: unlabelled */
        size_t nmarks;
};

int fk_plot_trend(const char *dir, const char *base,
                  const struct fk_plot_opts *o, const struct fk_plot_trend *d,
                  struct fk_error *err);

/* eventstudy — event-study coefficients est[i] with intervals lo[i]..hi[i]
 * per period, relative to the reference period ref (its coefficient is 0
 * by construction; drawn as an open circle at 0 whatever est[ref] holds),
 * a horizontal zero line and a vertical dashed line before period index
 * post (the first period under the trial), labelled post_label.
 * post == (size_t)-1: no line.  ref == (size_t)-1: no reference period
 * (every coefficient estimated, as the event times of staggered starts
 * with a varying base period).  Needs nperiods >= 1, ref < nperiods or
 * (size_t)-1. */
struct fk_plot_eventstudy {
        const char *const *periods;
        size_t nperiods;
        const double *est, *lo, *hi;    /* lo, hi may be NULL */
        size_t ref;
        size_t post;
        const char *post_label;
};

int fk_plot_eventstudy(const char *dir, const char *base,
                       const struct fk_plot_opts *o,
                       const struct fk_plot_eventstudy *d,
                       struct fk_error *err);

/* likert — diverging stacked horizontal bars of answers on a scale
 * 1..K: one bar per row (arm), each row's answers as per cent of the row
 * total, the negative levels to the left of 0 and the positive to the
 * right; the neutral level (odd K: the middle one) is split half and half
 * across 0; even K has no neutral level.  Segments of 7 % or more are
 * labelled with their share; the legend above lists levels[] in order.
 * counts[r * nlevels + l] is the count (or share, any scale) of level l in
 * row r; a row summing to 0 is drawn empty.  The x axis is always per cent
 * (o->percent is ignored); o->xlabel names it.  Needs 2 <= nlevels <= 11,
 * 1 <= nrows, counts >= 0. */
struct fk_plot_likert {
        const char *const *levels;      /* nlevels, lowest first */
        size_t nlevels;
        const char *const *rows;        /* nrows, drawn top to bottom */
        size_t nrows;
        const double *counts;           /* nrows * nlevels, row-major */
};

int fk_plot_likert(const char *dir, const char *base,
                   const struct fk_plot_opts *o,
                   const struct fk_plot_likert *d, struct fk_error *err);

/* The gnuplot program the charts run: $FKSTAT_GNUPLOT when set and not
 * empty, else "gnuplot".  The string belongs to the environment. */
const char *fk_plot_program(void);

#endif
