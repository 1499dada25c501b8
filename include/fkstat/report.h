/* fkstat — the evaluation report: one plan file (include/fkstat/plan.h)
 * in, one bundle out (DESIGN.md "Report bundle"): DIR/report.html
 * (self-contained), DIR/report.md, DIR/results.json, DIR/results.csv and
 * DIR/charts/ with every chart's .svg, .png, .gp and data.
 */
#ifndef FKSTAT_REPORT_H
#define FKSTAT_REPORT_H

#include "fkstat/error.h"

struct fk_report_opts {
        const char *plan;       /* the plan file */
        const char *dir;        /* the bundle folder; replaced when it holds
                                   an earlier bundle */
        const char *lang;       /* "da" | "en"; NULL: the plan's lang */
        void (*note)(void *ctx, const char *msg);       /* NULL: dropped */
        void *note_ctx;
};

/* Read the plan and its data, compare every outcome, fit every did
 * section, adjust the primary p-values for multiplicity, draw the charts
 * and write the bundle.  The bundle is built in a temporary folder beside
 * dir and renamed into place only when complete, so a failed run leaves
 * no half-written report (and an earlier one untouched).
 * Errors: FK_EUSAGE naming the plan file and line (a bad key, a column the
 * data lack, no data file for a section), FK_EIO/FK_EDATA naming the data
 * file and line, FK_ENOMEM.  Without gnuplot the report is still written,
 * with the charts' .gp scripts and data and a note. */
int fk_report_run(const struct fk_report_opts *o, struct fk_error *err);

#endif
