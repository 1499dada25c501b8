/* fkstat — does the interval hold its promise?  Monte Carlo coverage and
 * error rates of the intervals and tests `fkstat compare` prints, for one
 * clustered design: the same municipalities with the same numbers of
 * people, whole municipalities in the arms as in the data, an outcome
 * drawn with the design's ICC and a known true effect, analysed as compare
 * analyses it (Miettinen–Nurminen or Welch for the individual interval,
 * stats/cluster.c for CR2, the wild cluster bootstrap and randomization).
 * See METHODS.md, "Does the interval hold its promise? (fkstat validate)".
 *
 * Use: fill a design (fk_validate_design_from_result for an outcome that
 * compare analysed, or fk_validate_design_init and the fields for a
 * planned one), run fk_validate_run, release the design.
 */
#ifndef FKSTAT_VALIDATE_H
#define FKSTAT_VALIDATE_H

#include <stddef.h>

#include "fkstat/cluster.h"
#include "fkstat/error.h"
#include "fkstat/progress.h"
#include "fkstat/proportions.h"
#include "fkstat/result.h"

/* The design to reproduce.  The control arm draws from the pooled outcome
 * distribution; the trial arm from the same distribution shifted so that
 * the true effect (trial - control on the verdict scale: risk difference
 * or mean difference) is `effect`. */
struct fk_validate_design {
        enum fk_type type;      /* binary, count, ordinal, continuous or
                                   survival (from data only) */
        size_t G;               /* municipalities */
        double *size;           /* people in each, whole numbers >= 1;
                                   owned */
        int *arm;               /* FK_TRIAL or FK_CONTROL of each; owned */
        double icc;             /* the ICC to reproduce, in [0, 1) */
        double icc_estimated;   /* the data's ANOVA ICC before the floor at
                                   0; NaN for a planned design */
        double p;               /* binary: the pooled proportion */
        double mean, sd;        /* count, continuous: pooled mean and the
                                   pooled within-arm sd */
        size_t nlevels;         /* ordinal: the levels with people, their
                                   values ascending and pooled shares */
        double level[FK_MAX_LEVELS], level_p[FK_MAX_LEVELS];
        enum fk_better better;
        double margin;          /* NaN: no margin */
        double effect;          /* the true effect; NaN: -margin (higher is
                                   better) or +margin (lower), or 0 without
                                   a margin */
        double conf;            /* two-sided confidence level */
        enum fk_rd_method rd_method;    /* binary: the individual interval */
        /* survival (time to job): the pooled Nelson–Aalen cumulative
         * hazards of job entry and of censoring at the pooled distinct
         * times, ascending; the ICC is that of the job-entry indicator.
         * The effect is a hazard ratio.  Owned. */
        size_t ntimes;
        double *time, *cumhaz, *ccumhaz;
        int breslow;            /* survival: Breslow ties, else Efron */
};

/* Allocate size and arm for G municipalities (size 1, arm trial) and set
 * the defaults: ICC 0, no margin, effect NaN, conf 0.95, higher is better,
 * Miettinen–Nurminen.  FK_EDOMAIN when G == 0, FK_ENOMEM.  Release with
 * fk_validate_design_release (also after a failure). */
int fk_validate_design_init(struct fk_validate_design *d, enum fk_type type,
                            size_t G, struct fk_error *err);
void fk_validate_design_release(struct fk_validate_design *d);

/* The design of an outcome that `fkstat compare` (fk_compare_outcome)
 * analysed with clusters: its municipalities and their people (r->clusters),
 * the ICC (r->cl.icc, floored at 0), the pooled distribution from the
 * groups, better, margin, conf and the individual interval's method, and
 * the true effect `effect` (NaN: the default rule above).  A time to job
 * takes the pooled hazards from the arms' Kaplan–Meier tables (compare's
 * --table) and the ICC of the job-entry indicator from the
 * municipalities' people and events.  FK_EUSAGE when r is not clustered;
 * FK_EDATA when the ICC could not be estimated or the distribution cannot
 * be reproduced (no variation, a single level, no Kaplan–Meier table or no
 * job entries). */
int fk_validate_design_from_result(const struct fk_outcome_result *r,
                                   double effect,
                                   struct fk_validate_design *d,
                                   struct fk_error *err);

/* The fitted generative model (METHODS.md gives the equations). */
struct fk_validate_model {
        const char *name;       /* "logistic-normal", "negative binomial,
                                   gamma frailty", "cumulative logit",
                                   "normal" */
        double truth;           /* the true effect used */
        double sigma_u;         /* binary, ordinal: sd of the latent normal
                                   intercept; continuous: sd of the
                                   municipality effect */
        double frailty_var;     /* count: variance of the gamma frailty */
        double nb_size;         /* count: negative binomial size (INFINITY:
                                   Poisson within municipalities) */
        double sd_within;       /* continuous: sd of people about their
                                   municipality's mean */
        double loc[2];          /* per arm (FK_TRIAL, FK_CONTROL): binary
                                   intercept, count or continuous mean,
                                   ordinal shift (control 0) */
        double cut[FK_MAX_LEVELS];      /* ordinal: thresholds */
        int poisson_note;       /* count: the data vary less than Poisson
                                   within municipalities */
        double alpha;           /* survival: index of the positive stable
                                   frailty (1: none); loc[FK_TRIAL] is the
                                   conditional log hazard ratio, truth /
                                   alpha on the log scale */
};

/* Fit the model of d: solve the spread of the municipality effect so that
 * the observed-scale ICC equals d->icc, and the arms' locations so that
 * their marginal means are the pooled one and pooled + truth.  FK_EUSAGE
 * when the true effect leaves the outcome's range (a proportion outside
 * (0, 1), a negative count mean, an ordinal mean outside the scale),
 * FK_EDATA when the ICC cannot be reached, FK_EDOMAIN for a malformed
 * design. */
int fk_validate_fit(const struct fk_validate_design *d,
                    struct fk_validate_model *m, struct fk_error *err);

/* The ICC on the outcome's own scale that model m gives the control arm of
 * d (for checks: it equals d->icc after fk_validate_fit). */
double fk_validate_model_icc(const struct fk_validate_design *d,
                             const struct fk_validate_model *m);

enum {
        FK_VM_INDIVIDUAL, FK_VM_CR2, FK_VM_WILD, FK_VM_RANDOMIZATION,
        FK_VM_COUNT
};

/* One method's operating characteristics over the repetitions, each with
 * its Monte Carlo standard error (NaN where the method has no such
 * quantity: the wild bootstrap and randomization give only p-values). */
struct fk_validate_method {
        const char *method;     /* "individual", "cr2", "wild_bootstrap",
                                   "randomization"; survival: "individual"
                                   (Cox), "lin_wei" in the place of cr2,
                                   NULL (left out) in that of the wild
                                   bootstrap.  Survival's width, bias,
                                   RMSE and se are on the log hazard-ratio
                                   scale */
        size_t valid;           /* repetitions in which it gave an
                                   interval (individual, cr2) or a p-value */
        double coverage, coverage_mcse;
        double mean_width, mean_width_mcse;
        double bias, bias_mcse;
        double rmse, rmse_mcse;
        double rejection_rate, rejection_mcse;
        double mean_se, mean_se_mcse;
};

struct fk_validate_result {
        struct fk_validate_model model;
        double truth;           /* = model.truth */
        size_t reps, inner_reps;
        unsigned long seed;
        int margin_test;        /* rejection rates are non-inferiority
                                   rates at the margin */
        double mean_icc;        /* the ANOVA ICC averaged over repetitions */
        struct fk_validate_method m[FK_VM_COUNT];
        size_t wild_reps;       /* inner draws per repetition */
        const char *wild_weights;       /* "rademacher" | "webb" */
        double ri_assignments;
        int ri_exact;
        unsigned threads;       /* threads used (not part of the output) */
};

struct fk_validate_opts {
        size_t reps;            /* repetitions (>= 2) */
        size_t inner_reps;      /* wild bootstrap and randomization draws
                                   inside each (as compare's --reps); 0
                                   leaves both out */
        unsigned long seed;
        unsigned threads;       /* 0: one per online processor */
        fk_progress_fn progress;        /* NULL: none; called from the
                                           calling thread only, with the
                                           repetitions done */
        void *progress_ctx;
};

#define FK_VALIDATE_OPTS_INIT { 1000, 999, 1, 0, NULL, NULL }

/* Draw o->reps data sets from design d and analyse each as compare does;
 * summarise into out.  Repetition i draws from its own generator seeded
 * from (o->seed, i) alone, and the summaries add up in repetition order,
 * so the result is the same on any number of threads.  The resampling
 * loops inside run on worker threads: clear the process-wide progress
 * callback (fk_progress_set(NULL, NULL)) before calling.  Errors as
 * fk_validate_fit, FK_EDOMAIN for reps < 2, FK_ENOMEM. */
int fk_validate_run(const struct fk_validate_design *d,
                    const struct fk_validate_opts *o,
                    struct fk_validate_result *out, struct fk_error *err);

/* One data set as the analyses need it: per municipality the people n[g],
 * the sum of the outcome sum[g] and the sum of squares about the
 * municipality's mean ss[g], and its arm. */
struct fk_validate_sums {
        const double *n, *sum, *ss;
        const int *arm;
        size_t G;
};

/* What compare computes from such a data set: the individual-level
 * interval of the verdict effect (binary: rd_method on the arms' counts,
 * with se the unpooled binomial standard error; otherwise Welch) and the
 * cluster-level analysis of fk_cluster_compare (ICC, CR2, wild bootstrap
 * and randomization with inner_reps draws and seed; none when 0).  The numbers equal
 * those of fk_welch_t and fk_cluster_compare on the people's rows up to
 * rounding (binary: exactly). */
struct fk_validate_analysis {
        double estimate, se, ci[2];     /* individual */
        struct fk_cluster_result cl;
};

int fk_validate_analyse(const struct fk_validate_sums *s, enum fk_type type,
                        double conf, enum fk_rd_method rd_method,
                        size_t inner_reps, unsigned long seed,
                        struct fk_validate_analysis *a, struct fk_error *err);

#endif
