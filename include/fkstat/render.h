/* fkstat — rendering results as text, JSON, CSV or Markdown.
 *
 * The CLI and the report bundle share these renderers, so a number reads
 * the same wherever it appears.  Renderers write to a FILE * and return
 * FK_OK, FK_ENOMEM or FK_EIO (the caller checks ferror and fflush as
 * well).  The JSON documents themselves, as jansson values, are declared
 * in fkstat/render_json.h; this header needs no jansson.
 */
#ifndef FKSTAT_RENDER_H
#define FKSTAT_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "fkstat/describe.h"
#include "fkstat/did.h"
#include "fkstat/didanalyse.h"
#include "fkstat/power.h"
#include "fkstat/result.h"
#include "fkstat/table.h"

enum fk_format { FK_FMT_TEXT = 0, FK_FMT_JSON, FK_FMT_CSV, FK_FMT_MARKDOWN };

/* "text" | "json" | "csv" | "markdown" → format, -1 when unknown. */
int fk_format_parse(const char *s);

/* x in its shortest round-trip form: the shortest decimal that reads back
 * as the same double, a whole number below 2^53 in full (300, not
 * 3e+02), with the decimal mark dec ('.' or ','); "" when x is NaN or
 * infinite.  JSON, every CSV and the report's results.csv write numbers
 * with it.  Writes at most len bytes (40 are enough) to buf and returns
 * buf. */
const char *fk_render_number(char *buf, size_t len, double x, char dec);

/* How a CSV is written: the field separator, the decimal mark of numbers
 * and whether a UTF-8 byte order mark comes first.  The default is ',',
 * '.' and no mark; "excel-da", for Danish Excel, is ';', ',' and a mark. */
struct fk_csv_dialect {
        char sep;
        char decimal;
        int bom;
};

#define FK_CSV_DIALECT_INIT { ',', '.', 0 }

/* "default" or "excel-da" → *d.  Returns FK_OK, or FK_EUSAGE (d left
 * alone) for any other name. */
int fk_csv_dialect_parse(const char *name, struct fk_csv_dialect *d);

/* The cells of a CSV in dialect d (NULL: the default), for writers outside
 * render/ (the report's results.csv).  fk_csv_begin writes the byte order
 * mark when d has one: call it before the header.  fk_csv_num writes x as
 * fk_render_number does with d's decimal mark (an empty cell when x is
 * NaN or infinite).  fk_csv_text writes s quoted as RFC 4180 says when it
 * holds the separator, a quote or a line break, and with a "'" in front
 * when a spreadsheet would run it as a formula: it begins with '=', '+',
 * '@', TAB, CR, or '-' not starting a plain number.  The caller writes
 * d->sep between cells and '\n' after the last. */
void fk_csv_begin(FILE *out, const struct fk_csv_dialect *d);
void fk_csv_num(FILE *out, double x, const struct fk_csv_dialect *d);
void fk_csv_text(FILE *out, const char *s, const struct fk_csv_dialect *d);

/* What a run read and which arms it compared, and how to show it. */
struct fk_run_info {
        const char *command;            /* "compare" */
        const char *const *files;
        size_t nfiles;
        double rows;                    /* data rows read */
        char delimiter, decimal;
        const char *arm_column;
        const char *trial, *control;    /* the arm labels */
        double unmatched;               /* rows in neither arm */
        int by_cluster;                 /* --by-cluster: text and Markdown
                                           add the per-municipality table
                                           of a clustered outcome */
        const struct fk_csv_dialect *csv;       /* --format csv; NULL: the
                                                   default dialect */
};

/* Route jansson's allocations through fkstat, so that a document that
 * lost a member to an allocation failure is refused (FK_ENOMEM) instead
 * of written incomplete.  Call once at start. */
void fk_json_init(void);

int fk_render_compare(FILE *out, enum fk_format fmt,
                      const struct fk_run_info *info,
                      const struct fk_outcome_result *res, size_t nres);

/* The verdict v in words on its basis, for text and Markdown: "non-inferior
 * — the 95% CI of the risk difference, [a, b], lies above the margin -0.02
 * (one-sided CR2 p = ... against the margin)", saying when fewer than 5
 * clusters on a side make the interval unreliable and giving the
 * randomization p-value then.  what names the measure in words ("risk
 * difference"); NULL takes it from v->measure.  Writes at most len bytes
 * to buf and returns buf. */
const char *fk_render_verdict(char *buf, size_t len,
                              const struct fk_verdict *v, const char *what,
                              enum fk_better better, double conf_level);

/* "individual-level", "cluster-level, CR2", "cluster-level, Lin-Wei",
 * "simple aggregate ATT": the basis as the text labels it. */
const char *fk_render_basis_label(enum fk_basis b);

/* s for a terminal: control characters (C0, DEL, C1) as \xNN, so data
 * never reaches the terminal raw.  Writes at most len bytes to buf (a
 * longer result ends in "...") and returns buf. */
const char *fk_text_escape(char *buf, size_t len, const char *s);

/* s for Markdown text and table cells: control characters as fk_text_escape
 * does, "<", ">", "&" as entities, "|" and "\\" with a backslash. */
const char *fk_md_escape(char *buf, size_t len, const char *s);

/* describe: one group of rows (its by-values) with one summary per
 * column. */
struct fk_describe_group {
        size_t nby;
        const char *const *by_names;
        const char **by_values;
        size_t ncols;
        const char *const *col_names;
        struct fk_summary *cols;
};

int fk_render_describe(FILE *out, enum fk_format fmt,
                       const struct fk_run_info *info,
                       const struct fk_describe_group *groups, size_t ngroups);

/* fkstat adjust: p and adj (NaN = missing) for the rows of t, p-values from
 * column col, n of them counted.  CSV is the input table with the column
 * p_<name> added, in dialect csv (NULL: the default): cells that are
 * numbers in the input's decimal mark take the dialect's, missing cells
 * are empty.  FK_ENOMEM, FK_EIO or FK_OK. */
int fk_render_adjust(FILE *out, enum fk_format fmt, const struct fk_table *t,
                     size_t col, const double *p, const double *adj,
                     const char *name, size_t n,
                     const struct fk_csv_dialect *csv);

/* fkstat power: the solved quantities of r for the design s; CSV in
 * dialect csv (NULL: the default). */
int fk_render_power(FILE *out, enum fk_format fmt,
                    const struct fk_power_spec *s,
                    const struct fk_power_result *r,
                    const struct fk_csv_dialect *csv);

/* fkstat did: what was asked (columns, start) and what came out. */
struct fk_did_info {
        const char *name;               /* outcome label (plan) or column */
        const char *unit, *period, *outcome, *treated, *weight, *start;
        enum fk_better better;
        double conf_level;
        struct fk_verdict verdict;      /* on its basis (CR2, or the simple
                                           aggregate with staggered
                                           starts) */
        const char *treated_units;      /* as given, or NULL */
        const char *starts;             /* the file of starts, or NULL */
        enum fk_control_group control_group;    /* staggered */
        enum fk_base_period base_period;        /* staggered */
};

/* The did output of every format: JSON as fk_json_did (render_json.h);
 * CSV has one row per inference, the margin, the verdict on its basis,
 * then the event study. */
int fk_render_did(FILE *out, enum fk_format fmt,
                  const struct fk_run_info *info, const struct fk_did_info *d,
                  const struct fk_panel *p, const struct fk_did_result *r);

/* The same for staggered starts: text and Markdown warn when
 * later-vs-earlier comparisons carry more than 10 % of the fixed-effects
 * weight; CSV has one row per number (simple, randomization, twfe,
 * margin, verdict, dynamic, group, bacon, att_gt), every row as wide as
 * the header. */
int fk_render_did_staggered(FILE *out, enum fk_format fmt,
                            const struct fk_run_info *info,
                            const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s);

/* Either of the above, as the analysis a (analyse/did.c) calls for. */
int fk_render_did_analysis(FILE *out, enum fk_format fmt,
                           const struct fk_run_info *info,
                           const struct fk_did_info *d,
                           const struct fk_did_analysis *a);

#endif
