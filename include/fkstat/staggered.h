/* fkstat — difference in differences with staggered starts: units
 * (municipalities) that enter the trial at different periods.
 *
 * The two-way fixed-effects coefficient of D_it = [period t >= start of
 * unit i] is then a weighted mix of 2x2 comparisons, some of which use
 * units already in the trial as controls.  This module gives:
 *
 *  - ATT(g,t), Callaway and Sant'Anna's group-time average treatment
 *    effects without covariates, for each cohort g (units sharing a start)
 *    and period t, against the never-treated units or against the
 *    never-treated plus the units whose start is later than max(t, b)
 *    ("not yet"), from base period b: t - 1 before g ("varying") or the
 *    last period before g throughout ("universal"):
 *        ATT(g,t) = (mean_g Y_t - mean_g Y_b) - (mean_C Y_t - mean_C Y_b),
 *    with the analytic standard error of R did::att_gt(bstrap = FALSE),
 *        se^2 = sum_{i in g} (dY_i - mean_g dY)^2 / n_g^2
 *             + sum_{i in C} (dY_i - mean_C dY)^2 / n_C^2;
 *  - the aggregates of did::aggte(bstrap = FALSE): "simple" (the post-start
 *    ATT(g,t) weighted by cohort size), "dynamic" (by event time e = t - g)
 *    and "group" (per cohort), with standard errors from the aggregated
 *    influence function including the estimated weights;
 *  - the two-way fixed-effects coefficient and its Goodman-Bacon
 *    decomposition (bacondecomp::bacon) into 2x2 comparisons;
 *  - randomization inference on the simple aggregate over reassignments of
 *    the observed starts to units.
 *
 * Intervals and p-values use t(G - 1), G the units in the estimates.  The
 * sample follows did::att_gt: starts after the last period count as never
 * treated; units treated from the first period and units not observed in
 * every period are left out of ATT(g,t) (not of the fixed-effects fit);
 * without never-treated units the last cohort serves as the comparison
 * group and the periods from its start are left out.  Estimation is
 * unweighted: each unit x period cell counts once.
 * See METHODS.md, "Difference in differences", "Staggered starts".
 */
#ifndef FKSTAT_STAGGERED_H
#define FKSTAT_STAGGERED_H

#include <limits.h>
#include <stddef.h>

#include "fkstat/error.h"
#include "fkstat/panel.h"
#include "fkstat/result.h"

/* The start of a unit that is never in the trial. */
#define FK_STAGGER_NEVER LONG_MAX

enum fk_control_group { FK_CONTROL_NEVER = 0, FK_CONTROL_NOTYET };
enum fk_base_period { FK_BASE_VARYING = 0, FK_BASE_UNIVERSAL };

/* "never" | "notyet", "varying" | "universal"; the parsers return -1 for
 * any other text. */
const char *fk_control_group_name(enum fk_control_group c);
const char *fk_base_period_name(enum fk_base_period b);
int fk_control_group_parse(const char *s);
int fk_base_period_parse(const char *s);

struct fk_stagger_spec {
        enum fk_control_group control;
        enum fk_base_period base;
        double conf;            /* confidence level of the intervals */
        size_t reps;            /* randomization draws beyond 10^6
                                   assignments */
        unsigned long seed;
};

/* The data: the panel's cells (y, unit, period; the weights are not used)
 * with, per period, the integer that orders it (fk_period_parse's ord,
 * increasing with the period index) and, per unit, the ord of its first
 * trial period (FK_STAGGER_NEVER: never) and that start as written (NULL
 * for never).  The strings are kept by pointer in the result. */
struct fk_stagger_data {
        const struct fk_panel *p;
        const long *period_ord;         /* p->T */
        const long *start;              /* p->U */
        const char *const *start_label; /* p->U */
};

struct fk_stagger_cohort {
        long start;                     /* ord of the start */
        const char *label;              /* the start as written */
        size_t units;                   /* units of the panel */
        size_t used;                    /* of them in ATT(g,t) */
};

/* One ATT(g,t).  A universal base period's own ATT(g, b) is 0 with se and
 * ci NaN, as did reports it. */
struct fk_stagger_gt {
        size_t cohort;                  /* index into cohort[] */
        size_t period, base;            /* indices into the panel's periods */
        int post;                       /* period >= start */
        double estimate, se, ci[2];
        size_t n_treated, n_control;    /* units compared */
};

/* An aggregate: key is the event time (dynamic) or the cohort index
 * (group), 0 for simple.  se and the interval are NaN where did gives NA
 * (an influence function that is numerically 0). */
struct fk_stagger_agg {
        long key;
        double estimate, se, ci[2], p_value;
};

enum fk_bacon_type {
        FK_BACON_TREATED_VS_NEVER = 0,
        FK_BACON_EARLIER_VS_LATER,
        FK_BACON_LATER_VS_EARLIER
};

/* "treated_vs_never" | "earlier_vs_later" | "later_vs_earlier". */
const char *fk_bacon_type_name(enum fk_bacon_type t);

/* The control of a treated-vs-never comparison. */
#define FK_BACON_NEVER ((size_t)-1)

/* One 2x2 comparison: the cohort that changes treatment against a cohort
 * that does not over the periods compared (cohort indices; control
 * FK_BACON_NEVER for the never-treated).  label_treated and label_control
 * name them ("never" for the never-treated); several cohorts whose starts
 * fall in one gap between observed periods form one timing group, named
 * by its first treated period. */
struct fk_bacon_term {
        enum fk_bacon_type type;
        size_t treated, control;
        const char *label_treated, *label_control;
        double estimate, weight;
};

struct fk_stagger_result {
        size_t units;                   /* units of the panel */
        size_t used;                    /* units in ATT(g,t): G */
        size_t units_treated;           /* of them with a start in the
                                           panel (the coerced last cohort
                                           not counted) */
        size_t units_control;           /* of them ever in a comparison
                                           group of a post-start ATT(g,t) */
        size_t dropped_first;           /* treated from the first period */
        size_t dropped_unbalanced;      /* not observed in every period */
        size_t after_last;              /* starts after the last period:
                                           counted as never treated */
        int coerced_last;               /* no never-treated unit: the last
                                           cohort is the comparison group */
        size_t periods_used;            /* the first periods_used periods
                                           enter ATT(g,t) */
        double df;                      /* G - 1 */
        size_t ncohort;                 /* cohorts with a start in the
                                           panel, in time order */
        struct fk_stagger_cohort *cohort;
        size_t ngt;                     /* by cohort, then period */
        struct fk_stagger_gt *gt;
        struct fk_stagger_agg simple;
        size_t ndynamic;                /* by event time */
        struct fk_stagger_agg *dynamic;
        size_t ngroup;                  /* cohorts with a post period */
        struct fk_stagger_agg *group;
        double twfe;                    /* two-way fixed-effects coefficient
                                           on every cell; NaN with
                                           twfe_note */
        const char *twfe_note;
        size_t nbacon;                  /* 0 with bacon_note when the
                                           decomposition is not defined */
        struct fk_bacon_term *bacon;
        const char *bacon_note;
        double bacon_later_weight;      /* weight of later-vs-earlier */
        double ri_p, ri_assignments;    /* randomization over starts */
        int ri_exact;
        char notes[FK_MAX_NOTES][FK_NOTE_MAX];  /* the sample rules that
                                                   applied, the notes above */
        size_t nnotes;
};

/* Estimate everything above.  FK_EDOMAIN for a confidence level outside
 * (0, 1); FK_EDATA when no cohort starts after the first period, when
 * fewer than two periods remain, or when an ATT(g,t) has no comparison
 * units (with a message saying which); FK_ENOMEM.  Release the result
 * with fk_stagger_release (also after a failure). */
int fk_stagger_fit(const struct fk_stagger_data *d,
                   const struct fk_stagger_spec *s,
                   struct fk_stagger_result *out, struct fk_error *err);

/* The verdict (METHODS.md, "Verdicts") on the simple aggregate's interval
 * with t(G - 1) and the one-sided t test at the margin (NaN p without a
 * margin); few_clusters when fewer than 5 units are treated or compared
 * against. */
void fk_stagger_verdict(const struct fk_stagger_result *r,
                        enum fk_better better, double margin,
                        struct fk_verdict *v);

void fk_stagger_release(struct fk_stagger_result *r);

/* The Goodman-Bacon decomposition of the two-way fixed-effects coefficient
 * on a balanced panel: y is U x T, unit-major; group[i] is the index of
 * unit i's first treated period (T for never; 0, treated from the first
 * period, is FK_EDOMAIN).  The terms go to term (room for K (K - 1), K the
 * timing groups including never), their number to *nterm, by treated
 * group and then control (never last); treated and control hold the
 * groups' first treated periods (control FK_BACON_NEVER for the
 * never-treated), the labels NULL.  The weights sum to 1 and sum weight x
 * estimate is the coefficient.  FK_EDATA when no group changes treatment
 * against another; FK_ENOMEM.  fk_stagger_fit calls it and names the
 * groups by their cohorts. */
int fk_bacon_decompose(const double *y, size_t U, size_t T,
                       const size_t *group, struct fk_bacon_term *term,
                       size_t *nterm, struct fk_error *err);

#endif
