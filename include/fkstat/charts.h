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
#include "fkstat/result.h"
#include "fkstat/staggered.h"

/* Labels: da = 1 for Danish; trial/control name the arms in legends. */
struct fk_chart_text {
        int da;
        const char *trial, *control;
        const char *note;               /* source line, or NULL */
};

/* bars: share (binary) or mean (count, continuous, ordinal) per arm with
 * its interval.  When people are clustered in municipalities the arms'
 * person-level intervals would overstate the certainty, so the bars carry
 * none; the note line under the chart gives the difference with its
 * interval on the verdict's basis instead (as do the likert and km
 * charts of a clustered outcome). */
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

/* forest: the verdict effect of each of n results on the verdict's basis
 * (v->estimate and v->ci: the cluster-level interval when clustered), one
 * panel per scale so that scales never mix — risk differences in
 * percentage points, the mean difference of each outcome in its own unit,
 * hazard ratios on a log axis with 1 marked — with the non-inferiority
 * margin of each outcome (a panel of several rows shows it when they all
 * share one). */
int fk_chart_forest(const struct fk_outcome_result *const *r,
                    const char *const *labels, size_t n,
                    const struct fk_chart_text *tx, const char *dir,
                    const char *base, struct fk_error *err);

/* clusters: the municipalities of a clustered outcome (r->clusters) grouped
 * by arm, each with its estimate and interval (share, mean, or median
 * weeks to job), and the arm's pooled estimate as a line.  FK_EDOMAIN when
 * r has no per-municipality rows. */
int fk_chart_clusters(const struct fk_outcome_result *r, const char *label,
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

/* trend of staggered starts (d and s as fk_stagger_fit took and gave
 * them): the unweighted mean per period of each cohort and of the units
 * never in the trial (all cohorts pooled in one line when they are more
 * than the chart's four lines hold), with a dashed line at each cohort's
 * start ("Start 2017K2"; cohorts starting before the same observed period
 * share it). */
int fk_chart_stagger_trend(const struct fk_stagger_data *d,
                           const struct fk_stagger_result *s,
                           const char *label, const struct fk_chart_text *tx,
                           const char *dir, const char *base,
                           struct fk_error *err);

/* event study of staggered starts: the dynamic aggregate ATT(e) by event
 * time e = period - start with its interval, the start (e = 0) marked;
 * with a universal base period e = -1 is the reference at 0.  FK_EDOMAIN
 * when s has no dynamic aggregate. */
int fk_chart_stagger_eventstudy(const struct fk_stagger_result *s,
                                enum fk_base_period bp, const char *label,
                                const struct fk_chart_text *tx,
                                const char *dir, const char *base,
                                struct fk_error *err);

#endif
