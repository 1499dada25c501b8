/* fkstat — the JSON documents of the renderers as jansson values, for
 * the code that builds a document of its own from them (the report's
 * results.json) or inspects one (tests).  Include this header only where
 * jansson types are needed; fkstat/render.h renders the same documents
 * to a FILE * without them.
 *
 * Every function returns a new reference, NULL when out of memory.
 * Numbers that cannot be computed (NaN, infinite) are null.
 */
#ifndef FKSTAT_RENDER_JSON_H
#define FKSTAT_RENDER_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "fkstat/render.h"
#include "fkstat/validate_render.h"

/* A double as JSON: a real, or null when NaN or infinite. */
json_t *fk_json_num(double x);

/* A whole number below 2^53 as a JSON integer ("n": 500), anything else
 * as fk_json_num does. */
json_t *fk_json_count(double x);

/* An interval [lo, hi] as a JSON pair, null when neither end is finite. */
json_t *fk_json_ci(const double ci[2]);

/* Dump a JSON document with every real in its shortest round-trip form
 * (fk_render_number) and a final newline.  FK_ENOMEM when doc is NULL or
 * lost a member to an allocation failure (fk_json_init), FK_EIO on a
 * write error, else FK_OK. */
int fk_json_write(FILE *out, json_t *doc);

/* The "fkstat" and "input" members every JSON document starts with. */
json_t *fk_json_header(const struct fk_run_info *info);

/* The compare document ("fkstat", "input", "arm", "results"). */
json_t *fk_json_compare(const struct fk_run_info *info,
                        const struct fk_outcome_result *res, size_t nres);

/* One entry of "results": outcome, type, groups, effects, tests, verdict,
 * and for a clustered outcome "cluster" (with "detected") and "clusters",
 * one entry per municipality. */
json_t *fk_json_outcome(const struct fk_outcome_result *r);

/* A verdict as {"measure", "basis", "margin", "p_value", "result",
 * "estimate", "ci"}, with "note" when the basis has fewer than 5 clusters
 * on a side (naming the randomization p-value), and, when secondary is
 * non-zero and the basis is not individual, the individual-level verdict
 * as "individual": {"result", "p_value"}. */
json_t *fk_json_verdict(const struct fk_verdict *v, int secondary);

/* describe: {"groups": [{"by": {...}, "columns": [...]}]} after the
 * header. */
json_t *fk_json_describe(const struct fk_run_info *info,
                         const struct fk_describe_group *groups,
                         size_t ngroups);

/* The did members (estimate, cr1, cr2, wild_bootstrap, randomization,
 * event_study) plus units, periods, trend and verdict, as one object;
 * fk_json_did wraps it in a whole document with "fkstat" and "input". */
json_t *fk_json_did_entry(const struct fk_did_info *d,
                          const struct fk_panel *p,
                          const struct fk_did_result *r);
json_t *fk_json_did(const struct fk_run_info *info,
                    const struct fk_did_info *d, const struct fk_panel *p,
                    const struct fk_did_result *r);

/* The same for staggered starts: "staggered": true, cohorts, group_time,
 * aggregate (simple, dynamic, group), bacon, twfe, randomization, verdict
 * and notes. */
json_t *fk_json_did_staggered_entry(const struct fk_did_info *d,
                                    const struct fk_panel *p,
                                    const struct fk_stagger_result *s);

/* Either, as the analysis a calls for: the did entry of results.json. */
json_t *fk_json_did_analysis_entry(const struct fk_did_info *d,
                                   const struct fk_did_analysis *a);

/* One validation as a JSON object: "outcome" (when known), "type",
 * "design" {"clusters" {"trial", "control"}, "sizes" {"trial": [...],
 * "control": [...]}, "icc", "icc_estimated", "effect", "margin",
 * "better", "conf_level", "reps", "inner_reps", "seed"}, "model" (name,
 * parameters, the simulated data's mean ICC), "inner" (the draws inside
 * each repetition) and "methods" [{"method", "coverage",
 * "coverage_mcse", "mean_width", "bias", "rmse", "rejection_rate",
 * "rejection_mcse", "mean_se", their other MCSEs, "valid"}].  No timings.
 * This is the entry a report's results.json holds under "validate". */
json_t *fk_json_validate_entry(const struct fk_validate_info *vi,
                               const struct fk_validate_design *d,
                               const struct fk_validate_result *r);

/* The whole document of `fkstat validate --format json`: "fkstat",
 * "input" and "arm" (with data), then the entry's members. */
json_t *fk_json_validate(const struct fk_validate_info *vi,
                         const struct fk_validate_design *d,
                         const struct fk_validate_result *r);

#endif
