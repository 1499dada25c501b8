/* fkstat — rendering results as text, JSON, CSV or Markdown.
 *
 * The CLI and the report bundle share these renderers, so a number reads
 * the same wherever it appears.  Renderers write to a FILE * and return
 * FK_OK or FK_EIO (the caller checks ferror and fflush as well).
 */
#ifndef FKSTAT_RENDER_H
#define FKSTAT_RENDER_H

#include <stdio.h>

#include <jansson.h>

#include "fkstat/describe.h"
#include "fkstat/did.h"
#include "fkstat/didanalyse.h"
#include "fkstat/power.h"
#include "fkstat/result.h"
#include "fkstat/table.h"

enum fk_format { FK_FMT_TEXT = 0, FK_FMT_JSON, FK_FMT_CSV, FK_FMT_MARKDOWN };

/* "text" | "json" | "csv" | "markdown" → format, -1 when unknown. */
int fk_format_parse(const char *s);

/* What a compare run read and which arms it compared, and how to show it. */
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
};

/* The compare document ("fkstat", "input", "arm", "results").  Returns a
 * new reference, NULL when out of memory. */
json_t *fk_json_compare(const struct fk_run_info *info,
                        const struct fk_outcome_result *res, size_t nres);

/* One entry of "results": outcome, type, groups, effects, tests, verdict,
 * and for a clustered outcome "cluster" (with "detected") and "clusters",
 * one entry per municipality. */
json_t *fk_json_outcome(const struct fk_outcome_result *r);

/* A double as JSON: a real, or null when NaN or infinite. */
json_t *fk_json_num(double x);

/* A verdict as {"measure", "basis", "margin", "p_value", "result",
 * "estimate", "ci"}, with "note" when the basis has fewer than 5 clusters
 * on a side (naming the randomization p-value), and, when secondary is
 * non-zero and the basis is not individual, the individual-level verdict
 * as "individual": {"result", "p_value"}. */
json_t *fk_json_verdict(const struct fk_verdict *v, int secondary);

/* An interval [lo, hi] as a JSON pair, null when neither end is finite. */
json_t *fk_json_ci(const double ci[2]);

/* A whole number below 2^53 as a JSON integer ("n": 500), anything else
 * as fk_json_num does. */
json_t *fk_json_count(double x);

/* Route jansson's allocations through fkstat, so that a document that
 * lost a member to an allocation failure is refused by fk_json_write
 * (FK_ENOMEM) instead of written incomplete.  Call once at start. */
void fk_json_init(void);

/* Dump a JSON document with round-trip precision and a final newline. */
int fk_json_write(FILE *out, json_t *doc);

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

json_t *fk_json_describe(const struct fk_run_info *info,
                         const struct fk_describe_group *groups,
                         size_t ngroups);

int fk_render_describe(FILE *out, enum fk_format fmt,
                       const struct fk_run_info *info,
                       const struct fk_describe_group *groups, size_t ngroups);

/* The "fkstat" and "input" members every JSON document starts with.
 * Returns a new object. */
json_t *fk_json_header(const struct fk_run_info *info);

/* fkstat adjust: p and adj (NaN = missing) for the rows of t, p-values from
 * column col, n of them counted.  FK_ENOMEM, FK_EIO or FK_OK. */
int fk_render_adjust(FILE *out, enum fk_format fmt, const struct fk_table *t,
                     size_t col, const double *p, const double *adj,
                     const char *name, size_t n);

/* fkstat power: the solved quantities of r for the design s. */
int fk_render_power(FILE *out, enum fk_format fmt,
                    const struct fk_power_spec *s,
                    const struct fk_power_result *r);

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

/* The did members (estimate, cr1, cr2, wild_bootstrap, randomization,
 * event_study) plus units, periods, trend and verdict, as
 * one object; fk_json_did wraps it in a whole document with "fkstat" and
 * "input".  New references, NULL when out of memory. */
json_t *fk_json_did_entry(const struct fk_did_info *d,
                          const struct fk_panel *p,
                          const struct fk_did_result *r);
json_t *fk_json_did(const struct fk_run_info *info,
                    const struct fk_did_info *d, const struct fk_panel *p,
                    const struct fk_did_result *r);

int fk_render_did(FILE *out, enum fk_format fmt,
                  const struct fk_run_info *info, const struct fk_did_info *d,
                  const struct fk_panel *p, const struct fk_did_result *r);

/* The same for staggered starts: "staggered": true, cohorts, group_time,
 * aggregate (simple, dynamic, group), bacon, twfe, randomization, verdict
 * and notes; text and Markdown warn when later-vs-earlier comparisons
 * carry more than 10 % of the fixed-effects weight; CSV has one row per
 * number (simple, randomization, twfe, margin, verdict, dynamic, group,
 * bacon, att_gt), every row as wide as the header. */
json_t *fk_json_did_staggered_entry(const struct fk_did_info *d,
                                    const struct fk_panel *p,
                                    const struct fk_stagger_result *s);
int fk_render_did_staggered(FILE *out, enum fk_format fmt,
                            const struct fk_run_info *info,
                            const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s);

/* Either of the above, as the analysis a (analyse/did.c) calls for: the
 * did entry of results.json and the did output of every format. */
json_t *fk_json_did_analysis_entry(const struct fk_did_info *d,
                                   const struct fk_did_analysis *a);
int fk_render_did_analysis(FILE *out, enum fk_format fmt,
                           const struct fk_run_info *info,
                           const struct fk_did_info *d,
                           const struct fk_did_analysis *a);

#endif
