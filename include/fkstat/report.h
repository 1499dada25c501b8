/* fkstat — the evaluation report: one plan file (include/fkstat/plan.h)
 * in, one bundle out (METHODS.md, "The report"): DIR/report.html
 * (self-contained), DIR/report.md, DIR/results.json, DIR/results.csv,
 * DIR/charts/ with every chart's .svg, .png, .gp and data, and the marker
 * DIR/.fkstat-report (include/fkstat/bundle.h).
 */
#ifndef FKSTAT_REPORT_H
#define FKSTAT_REPORT_H

#include "fkstat/error.h"

struct fk_report_opts {
        const char *plan;       /* the plan file */
        const char *dir;        /* the bundle folder: new, or replaced when
                                   it holds an earlier bundle (or nothing) */
        const char *lang;       /* "da" | "en"; NULL: the plan's lang */
        void (*note)(void *ctx, const char *msg);       /* NULL: dropped */
        void *note_ctx;
        int full_table;         /* nonzero: read each data file whole
                                   (fk_table_read) instead of through the
                                   summary reader, for the identity tests */
        int pdf;                /* also report.pdf (fk_bundle_pdf) */
};

/* Read the plan (once: a pipe works, and its SHA-256 is of the bytes
 * read) and its data, compare every outcome, fit every did section, adjust
 * the primary p-values for multiplicity, draw the charts and write the
 * bundle.  The bundle is built in a temporary folder beside dir and
 * swapped into place only when complete, so a failed or killed run leaves
 * no half-written report (and an earlier one untouched).
 * Errors: FK_EUSAGE naming dir when it exists and holds no earlier report
 * or holds the plan or a data file (it is then left untouched);
 * FK_EUSAGE naming the plan file and line (a bad section or key, a column
 * the data lack, no data file for a section); FK_EIO/FK_EDATA naming the
 * data file and line; FK_ENOMEM.  Without gnuplot the report is still
 * written, with the charts' .gp scripts and data and a note.
 * With o->pdf, report.pdf is printed from the finished bundle before it
 * is put in place; when that fails (FK_ENOTFOUND without Chromium, FK_EIO)
 * the bundle is still put in place, without report.pdf, and that error is
 * returned, its message naming dir. */
int fk_report_run(const struct fk_report_opts *o, struct fk_error *err);

#endif
