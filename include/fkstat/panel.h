/* fkstat — a unit x period panel read from a table, for difference in
 * differences (`fkstat did`, `[did NAME]` sections of a plan).
 *
 * Each row of the table is a unit (municipality) in a period with an
 * outcome, a per-unit 0/1 treated indicator and optionally a weight.  Rows
 * that share a unit and a period (person rows) are aggregated to one cell:
 * the weighted mean outcome with the summed weight (1 per row without a
 * weight column), which leaves the two-way fixed-effects estimate as on
 * the rows; the mean comes from exact sums, so the order of the rows does
 * not matter.  The table may be a summary (include/fkstat/stream.h): a row
 * then stands for fk_table_row_weight rows, and a row of numbers
 * (fk_table_row_numbers, the outcome summed by the summary reader) for
 * that many outcomes — so person rows need not be held one by one.  Periods are years (2017), half years (2017H1), quarters
 * (2017Q3, 2017-Q3, or 2017K3 as Statistics Denmark writes them), or
 * months (2017-07, 2017M07); every cell of one panel uses one kind.  A
 * period keeps the label the data give it (2017K3 stays 2017K3).
 */
#ifndef FKSTAT_PANEL_H
#define FKSTAT_PANEL_H

#include <stddef.h>

#include "fkstat/error.h"
#include "fkstat/table.h"

enum fk_period_kind {
        FK_PERIOD_YEAR = 1, FK_PERIOD_QUARTER, FK_PERIOD_MONTH, FK_PERIOD_HALF
};

/* The forms of a period, for messages. */
#define FK_PERIOD_FORMS "2017, 2017H1, 2017Q3, 2017K3, 2017M07, 2017-07"

/* Parse a period label.  On success *kind is its kind and *ord an integer
 * that orders periods of that kind (year, 2 year + h - 1, 4 year + q - 1,
 * 12 year + m - 1).  Letters may be in either case; Q and K are both
 * quarters.  FK_EDATA when s is not a period. */
int fk_period_parse(const char *s, enum fk_period_kind *kind, long *ord);

struct fk_panel_spec {
        const char *unit, *period, *outcome, *treated, *weight; /* columns;
                                   treated NULL: every unit 0, for the
                                   caller to set */
        const char *start;      /* first period of the trial; NULL: none
                                   (start 0, for per-unit starts) */
};

struct fk_panel {
        size_t n;               /* cells */
        double *y, *w;          /* cell mean outcome and summed weight */
        size_t *unit, *period;  /* indices into the name arrays */
        size_t U, T;
        char **unit_names;      /* in order of first appearance */
        char **period_names;    /* in time order */
        int *treated;           /* per unit, 0 or 1 */
        size_t start;           /* index of the first post period */
        size_t rows;            /* rows used */
        size_t excluded;        /* rows left out: missing outcome or weight */
        int aggregated;         /* 1 when some cell held several rows */
};

/* Read the panel from t.  FK_EUSAGE when a named column is missing or start
 * is not a period of the data's kind; FK_EDATA (with file and line) for a
 * bad value, a unit whose treated value changes, a negative weight, or a
 * panel with no period before or from start, or without a treated or a
 * control unit.  On success release with fk_panel_release. */
int fk_panel_read(const struct fk_table *t, const struct fk_panel_spec *spec,
                  struct fk_panel *out, struct fk_error *err);

void fk_panel_release(struct fk_panel *p);

#endif
