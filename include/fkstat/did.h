/* fkstat — difference in differences on a unit x period panel.
 *
 * Two-way fixed effects y_it = a_i + g_t + b D_it + e_it with D_it =
 * treated_i [t >= start], weighted by the panel's cell weights, units as
 * clusters.  Inference on b: CR1 (Stata / sandwich::vcovCL(type = "HC1"),
 * t(G - 1)), CR2 with Satterthwaite df (clubSandwich), the restricted wild
 * cluster bootstrap (WCR) with the CR1 t statistic, and randomization
 * inference reassigning treatment among units.  The event study replaces
 * D by treated_i [t = k] for every period k but the last pre-period.
 * See METHODS.md, "Difference in differences".
 */
#ifndef FKSTAT_DID_H
#define FKSTAT_DID_H

#include <stddef.h>

#include "fkstat/error.h"
#include "fkstat/panel.h"
#include "fkstat/result.h"

struct fk_did_infer {
        double se, df, ci[2], p_value;
};

struct fk_did_event {
        size_t period;          /* index into the panel's period_names */
        double estimate, se, df, ci[2], p_value;        /* CR2 */
};

struct fk_did_result {
        size_t units[2];                /* treated, control */
        size_t cells;
        double estimate;
        struct fk_did_infer cr1, cr2;
        double wild_p;
        size_t wild_reps;
        const char *wild_weights;       /* "rademacher" | "webb" */
        double ri_p, ri_assignments;
        int ri_exact;
        size_t ref;                     /* reference period (last pre) */
        size_t nevent;
        struct fk_did_event *event;     /* owned: nevent, in period order */
        double *trend[2];               /* owned: weighted mean outcome per
                                           period, treated and control
                                           units (NaN: no cell) */
        const char *event_note;         /* why the event study is empty */
};

/* Fit and infer.  reps and seed govern the Monte Carlo parts (wild
 * bootstrap beyond full enumeration of 2^G or 6^G weight vectors,
 * randomization beyond 10^6 assignments).  FK_EDATA when the treated x post
 * term is collinear with the fixed effects; FK_ENOMEM.  Release the result
 * with fk_did_release. */
int fk_did_fit(const struct fk_panel *p, double conf, size_t reps,
               unsigned long seed, struct fk_did_result *out,
               struct fk_error *err);

/* The verdict (METHODS.md, "Verdicts") on the CR2 interval of the estimate, with the
 * one-sided CR2 t test at the margin (NaN p without a margin). */
void fk_did_verdict(const struct fk_did_result *r, enum fk_better better,
                    double margin, struct fk_verdict *v);

void fk_did_release(struct fk_did_result *r);

#endif
