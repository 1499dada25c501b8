/* fkstat — difference in differences from a table: the pipeline of
 * `fkstat did`, shared with `fkstat plot` and `fkstat report` ([did NAME]
 * sections).
 *
 * It reads the unit x period panel and decides who is treated and when:
 *  - one start for all treated units: start is a period, and the treated
 *    units come from a per-unit 0/1 column (treated) or are listed
 *    (treated_units: a value, a comma list or @FILE, one unit a line,
 *    matched without regard to case); the two-way fixed-effects design of
 *    include/fkstat/did.h;
 *  - staggered starts: start names a column holding each unit's first
 *    trial period (empty: never in the trial), or starts names a file of
 *    "unit;start" lines (',' or TAB also separate; a header line, blank
 *    lines and lines starting with # are skipped; units of the data that
 *    the file does not list are never treated); the estimates of
 *    include/fkstat/staggered.h, always, even when every start is the
 *    same period.  treated or treated_units may be given too; they must
 *    then agree with the starts.
 * start is a period when it parses as one, else a column name.
 *
 * Errors: FK_EUSAGE for what the caller asked wrongly (a missing column,
 * start that is neither a period nor a column, --weight with per-unit
 * starts, two ways of saying the same), FK_EDATA with file and line for a
 * bad value (a start that is not a period of the panel's kind, a unit with
 * two starts).  The library prints nothing: notes (units left out, list
 * values not in the data, the sample rules of the staggered estimates) go
 * to spec->note when set.
 */
#ifndef FKSTAT_DIDANALYSE_H
#define FKSTAT_DIDANALYSE_H

#include <stddef.h>

#include "fkstat/did.h"
#include "fkstat/error.h"
#include "fkstat/panel.h"
#include "fkstat/result.h"
#include "fkstat/staggered.h"
#include "fkstat/table.h"

struct fk_did_spec {
        const char *unit, *period, *outcome;    /* columns */
        const char *treated;            /* 0/1 column, or NULL */
        const char *treated_units;      /* value, comma list or @FILE */
        const char *start;              /* a period, or a column of starts */
        const char *starts;             /* a file of unit;start lines */
        const char *weight;             /* column (one start only) */
        enum fk_control_group control_group;    /* staggered */
        enum fk_base_period base_period;        /* staggered */
        double conf;
        double reps;                    /* bootstrap and randomization
                                           draws */
        unsigned long seed;
        void (*note)(void *ctx, const char *msg);       /* NULL: dropped */
        void *note_ctx;
};

/* The defaults of `fkstat did`. */
#define FK_DID_SPEC_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
        FK_CONTROL_NEVER, FK_BASE_VARYING, 0.95, 9999, 1, NULL, NULL }

/* Where the starts came from. */
enum fk_did_starts {
        FK_DID_START_PERIOD = 0,        /* one start period */
        FK_DID_START_COLUMN,            /* start names a column */
        FK_DID_START_FILE               /* starts names a file */
};

struct fk_did_analysis {
        int staggered;                  /* per-unit starts */
        enum fk_did_starts from;
        struct fk_panel panel;
        struct fk_did_result r;         /* one start */
        struct fk_stagger_result s;     /* staggered */
        long *period_ord;               /* staggered: per period */
        long *start;                    /* staggered: per unit, or
                                           FK_STAGGER_NEVER */
        char **start_label;             /* staggered: per unit, as written;
                                           NULL for never */
        size_t treated_listed;          /* treated_units: units matched */
};

/* Whether start (the option's value) is a period rather than a column. */
int fk_did_start_is_period(const char *start);

/* Read the panel of t as spec says and estimate into a (which this
 * initialises; release it with fk_did_analysis_release, also after a
 * failure). */
int fk_did_analyse(const struct fk_table *t, const struct fk_did_spec *spec,
                   struct fk_did_analysis *a, struct fk_error *err);

/* The verdict on the design's basis: the CR2 interval with one start
 * (fk_did_verdict), the simple aggregate with staggered starts
 * (fk_stagger_verdict). */
void fk_did_analysis_verdict(const struct fk_did_analysis *a,
                             enum fk_better better, double margin,
                             struct fk_verdict *v);

/* Treated and comparison units on the verdict's basis, for the warning
 * about fewer than 5 on a side. */
void fk_did_analysis_units(const struct fk_did_analysis *a, size_t *treated,
                           size_t *control);

void fk_did_analysis_release(struct fk_did_analysis *a);

#endif
