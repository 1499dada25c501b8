/* fkstat — the charts of a result: which chart each outcome type gets, with
 * Danish or English labels, drawn through plots/ (include/fkstat/plot.h).
 * Shared by `fkstat plot` and `fkstat report`.  Each function writes
 * dir/base.{gp,dat,svg,png} and returns plot.h's statuses (FK_ENOTFOUND:
 * gnuplot missing, the .gp and .dat are there).
 */
#ifndef FKSTAT_CHARTS_H
#define FKSTAT_CHARTS_H

#include "fkstat/did.h"
#include "fkstat/error.h"
#include "fkstat/render.h"
#include "fkstat/result.h"

/* Labels: da = 1 for Danish; trial/control name the arms in legends. */
struct fk_chart_text {
        int da;
        const char *trial, *control;
        const char *note;               /* source line, or NULL */
};

/* bars: share (binary) or mean (count, continuous, ordinal) per arm with
 * its interval. */
int fk_chart_bars(const struct fk_outcome_result *r, const char *label,
                  const struct fk_chart_text *tx, const char *dir,
                  const char *base, struct fk_error *err);

/* likert: the answers of an ordinal outcome per arm, diverging. */
int fk_chart_likert(const struct fk_outcome_result *r, const char *label,
                    const struct fk_chart_text *tx, const char *dir,
                    const char *base, struct fk_error *err);

/* km: cumulative job entry per arm; needs the Kaplan–Meier tables
 * (fk_compare_spec.table = 1).  FK_EDOMAIN without them. */
int fk_chart_km(const struct fk_outcome_result *r, const char *label,
                const struct fk_chart_text *tx, const char *dir,
                const char *base, struct fk_error *err);

/* The chart that suits the outcome type: km, likert or bars. */
int fk_chart_outcome(const struct fk_outcome_result *r, const char *label,
                     const struct fk_chart_text *tx, const char *dir,
                     const char *base, struct fk_error *err);

/* forest: the verdict effect of each of n results (risk differences in
 * percentage points, mean differences or hazard ratios — one kind per
 * chart), with the non-inferiority margin when all share one. */
int fk_chart_forest(const struct fk_outcome_result *const *r,
                    const char *const *labels, size_t n,
                    const struct fk_chart_text *tx, const char *dir,
                    const char *base, struct fk_error *err);

/* trend and event study of a difference-in-differences result. */
int fk_chart_trend(const struct fk_panel *p, const struct fk_did_result *d,
                   const char *label, const struct fk_chart_text *tx,
                   const char *dir, const char *base, struct fk_error *err);
int fk_chart_eventstudy(const struct fk_panel *p,
                        const struct fk_did_result *d, const char *label,
                        const struct fk_chart_text *tx, const char *dir,
                        const char *base, struct fk_error *err);

#endif
