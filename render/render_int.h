/* Private to render/: the job a public entry point (render/render.c) hands
 * to the renderer of one result kind in one format, the renderers of each
 * format file, and the words text and Markdown share (render/words.c).
 * Nothing outside render/ includes this file. */
#ifndef FKSTAT_RENDER_INT_H
#define FKSTAT_RENDER_INT_H

#include <stddef.h>
#include <stdio.h>

#include "fkstat/render.h"
#include "fkstat/validate_render.h"

/* The result kinds: the rows of the table in render/render.c. */
enum render_kind {
        RK_COMPARE = 0, RK_DID, RK_DID_STAGGERED, RK_DESCRIBE, RK_POWER,
        RK_ADJUST, RK_VALIDATE, RK_COUNT
};

/* What one renderer renders: info (NULL for power and a planned
 * validation) and the CSV dialect (never NULL) for every kind, then the
 * members of its kind; those of the other kinds are zero. */
struct render_job {
        enum render_kind kind;
        const struct fk_run_info *info;
        const struct fk_csv_dialect *csv;
        /* compare */
        const struct fk_outcome_result *res;
        size_t nres;
        /* did, one start (did_r) or staggered (stagger) */
        const struct fk_did_info *did;
        const struct fk_panel *panel;
        const struct fk_did_result *did_r;
        const struct fk_stagger_result *stagger;
        /* describe */
        const struct fk_describe_group *groups;
        size_t ngroups;
        /* power */
        const struct fk_power_spec *power_spec;
        const struct fk_power_result *power;
        /* adjust: p and adj (NaN = missing) for the rows of table, the
         * p-values from column col, n of them counted, method named */
        const struct fk_table *table;
        size_t col, n;
        const double *p, *adj;
        const char *method;
        /* validate */
        const struct fk_validate_info *vi;
        const struct fk_validate_design *vd;
        const struct fk_validate_result *vr;
};

/* One renderer: FK_OK, FK_ENOMEM or FK_EIO (render.c checks ferror after
 * it). */
typedef int render_fn(FILE *out, const struct render_job *j);

/* render/text_compare.c and render/text_other.c */
int render_text_compare(FILE *out, const struct render_job *j);
int render_text_did(FILE *out, const struct render_job *j);
int render_text_stagger(FILE *out, const struct render_job *j);
int render_text_describe(FILE *out, const struct render_job *j);
int render_text_power(FILE *out, const struct render_job *j);
int render_text_adjust(FILE *out, const struct render_job *j);
int render_text_validate(FILE *out, const struct render_job *j);

/* render/markdown.c */
int render_md_compare(FILE *out, const struct render_job *j);
int render_md_did(FILE *out, const struct render_job *j);
int render_md_stagger(FILE *out, const struct render_job *j);
int render_md_describe(FILE *out, const struct render_job *j);
int render_md_power(FILE *out, const struct render_job *j);
int render_md_adjust(FILE *out, const struct render_job *j);
int render_md_validate(FILE *out, const struct render_job *j);

/* render/csv.c (validate has no CSV) */
int render_csv_compare(FILE *out, const struct render_job *j);
int render_csv_did(FILE *out, const struct render_job *j);
int render_csv_stagger(FILE *out, const struct render_job *j);
int render_csv_describe(FILE *out, const struct render_job *j);
int render_csv_power(FILE *out, const struct render_job *j);
int render_csv_adjust(FILE *out, const struct render_job *j);

/* render/json_compare.c and render/json_other.c: the documents of
 * fkstat/render_json.h, written by fk_json_write */
int render_json_compare(FILE *out, const struct render_job *j);
int render_json_did(FILE *out, const struct render_job *j);
int render_json_stagger(FILE *out, const struct render_job *j);
int render_json_describe(FILE *out, const struct render_job *j);
int render_json_power(FILE *out, const struct render_job *j);
int render_json_adjust(FILE *out, const struct render_job *j);
int render_json_validate(FILE *out, const struct render_job *j);

/* ---- render/words.c: what text and Markdown both say ---------------- */

/* "risk difference" for "risk_difference", and so on; m itself when it
 * has no words. */
const char *render_measure_label(const char *m);

/* The verdict as a reader says it ("no difference"). */
const char *render_verdict_word(enum fk_verdict_result v);

/* The individual-level verdict of r as a verdict of its own, to state it
 * beside a cluster-level one: the interval of the verdict effect. */
struct fk_verdict render_individual_verdict(const struct fk_outcome_result *r);

/* What a per-municipality row's estimate is, for a column head:
 * "proportion", "median" or "mean". */
const char *render_cluster_stat(const struct fk_outcome_result *r);

/* A staggered cohort's start as written, "" when unknown. */
const char *render_cohort_label(const struct fk_stagger_result *s, size_t k);

/* describe: a group's by-values as "kommune=Hjørring, arm=forsøg", or
 * "all rows" without --by; unescaped. */
void render_by_label(const struct fk_describe_group *g, char *buf,
                     size_t len);

/* power: n per arm, power, design effect, clusters per arm and mde with
 * six significant digits, "NA" when not solved for. */
void render_power_cells(const struct fk_power_result *r, char b[5][40]);

/* adjust: a p-value with six significant digits, as R prints them; "NA"
 * when missing. */
const char *render_p6(char *buf, size_t len, double p);

/* Later-vs-earlier comparisons above this share of the fixed-effects
 * weight are warned of. */
#define RENDER_LATER_WARN 0.10

/* validate: "risk difference", "difference in means" or "hazard ratio";
 * the municipalities and people per arm;
 * a quantity with its Monte Carlo standard error, "0.941 (0.007)" (rate:
 * three decimals), or "-" when the method has none. */
const char *render_validate_effect(const struct fk_validate_design *d);
void render_validate_arms(const struct fk_validate_design *d, size_t per[2],
                          double people[2]);
char *render_mcse(char *buf, size_t len, double x, double se, int rate);

#endif
