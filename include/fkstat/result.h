/* fkstat — the result of comparing trial and control on one outcome.
 *
 * One struct per outcome carries everything the renderers (text, json, csv,
 * markdown) and the report print, so every number in every format comes
 * from the same place.  A double that could not be computed is NaN and is
 * written as null, with a note saying why.
 */
#ifndef FKSTAT_RESULT_H
#define FKSTAT_RESULT_H

#include <stddef.h>

#include "fkstat/cluster.h"
#include "fkstat/coxcluster.h"

enum fk_type {
        FK_TYPE_AUTO = 0,
        FK_TYPE_BINARY,
        FK_TYPE_COUNT,
        FK_TYPE_ORDINAL,
        FK_TYPE_CONTINUOUS,
        FK_TYPE_SURVIVAL
};

enum fk_better { FK_BETTER_HIGHER = 0, FK_BETTER_LOWER };

enum fk_arm { FK_TRIAL = 0, FK_CONTROL = 1 };

#define FK_MAX_EFFECTS 6
#define FK_MAX_TESTS 6
#define FK_MAX_NOTES 8
#define FK_NAME_MAX 64
#define FK_NOTE_MAX 320
#define FK_MAX_LEVELS 32
#define FK_MAX_AT 16

/* One row of the Kaplan–Meier table (--table). */
struct fk_km_row {
        double time, n_risk, n_event, n_censor, surv, lo, hi;
};

/* Per-arm summary.  Which fields apply depends on the outcome type. */
struct fk_group {
        double n;               /* observations with the outcome observed */
        double successes;       /* binary */
        double estimate;        /* binary: proportion */
        double ci[2];           /* binary: Wilson; else t interval of mean */
        const char *method;     /* "wilson", "t" */
        double mean, sd, median, q1, q3, min, max;      /* count, ordinal,
                                                           continuous */
        double exposure;        /* count: person-time (or n) */
        double top_box;         /* ordinal: share in the top levels */
        double top_box_n;       /* ordinal: how many there */
        size_t nlevels;         /* ordinal: counts per level */
        double level[FK_MAX_LEVELS];
        double level_count[FK_MAX_LEVELS];
        double events, censored;        /* survival */
        double median_time, median_ci[2];
        size_t nat;                     /* cumulative job entry 1 - S(t) */
        double at[FK_MAX_AT], cum[FK_MAX_AT], cum_ci[FK_MAX_AT][2];
        struct fk_km_row *table;        /* --table: owned, NULL if none */
        size_t ntable;
};

struct fk_effect {
        char measure[FK_NAME_MAX];      /* "risk_difference", ... */
        double estimate;
        double ci[2];
        char method[FK_NAME_MAX];       /* "miettinen_nurminen", ... */
        char note[FK_NOTE_MAX];         /* why a value is null, or "" */
};

struct fk_test {
        char test[FK_NAME_MAX];         /* "pearson_chisq", ... */
        double statistic;               /* NaN when the test has none */
        double df;                      /* NaN when not defined */
        double p_value;
        double estimate;                /* fisher_exact: conditional MLE OR */
        double ci[2];
        int has_estimate;               /* estimate and ci are reported */
        int has_statistic;
        char note[FK_NOTE_MAX];
};

enum fk_verdict_result {
        FK_V_SUPERIOR, FK_V_NONINFERIOR, FK_V_INFERIOR, FK_V_INCONCLUSIVE,
        FK_V_BETTER, FK_V_WORSE, FK_V_NO_DIFFERENCE, FK_V_NONE
};

/* What the verdict judges by.  When people are clustered in
 * municipalities the verdict uses the cluster-level interval; the
 * individual-level numbers stay as secondary. */
enum fk_basis {
        FK_BASIS_INDIVIDUAL = 0,        /* MN score / Welch / Cox Wald */
        FK_BASIS_CR2,                   /* CR2, Satterthwaite t */
        FK_BASIS_LIN_WEI,               /* Cox, Lin–Wei robust, z */
        FK_BASIS_CS_SIMPLE              /* staggered did: simple aggregate */
};

struct fk_verdict {
        char measure[FK_NAME_MAX];
        double margin;                  /* NaN without --margin */
        double p_value;                 /* one-sided at the margin on the
                                           basis; NaN without a margin */
        enum fk_verdict_result result;
        enum fk_basis basis;
        double estimate, ci[2];         /* the effect and interval judged
                                           (hazard ratio for survival) */
        double df;                      /* t df of the basis; NaN for z */
        int few_clusters;               /* fewer than 5 clusters on a side:
                                           the interval is unreliable */
        double ri_p;                    /* randomization p of the clustered
                                           analysis; NaN when none */
        /* the individual-level verdict, secondary when basis is not
         * individual (equal to result and p_value otherwise) */
        enum fk_verdict_result individual_result;
        double individual_p_value;
};

/* One municipality (cluster) of a clustered outcome: its arm and the arm's
 * own per-person statistic — binary: proportion with Wilson CI ("wilson");
 * count/ordinal/continuous: mean with t CI ("t"); survival: median time to
 * job with its KM CI ("km_median"), and events. */
struct fk_cluster_row {
        char *name;                     /* owned */
        enum fk_arm arm;
        double n, estimate, ci[2];
        double events;                  /* survival; NaN otherwise */
        const char *method;
};

/* What a note of an outcome says, so that a report can say it in Danish
 * from the same numbers; the English text of each is in notes[]. */
enum fk_note_kind {
        FK_NOTE_TEXT = 0,               /* English text only */
        FK_NOTE_MEDIAN_NOT_REACHED,     /* arm: enum fk_arm */
        FK_NOTE_STRATA_NONE_MIXED,      /* column: the strata column */
        FK_NOTE_STRATA_ONE_ARM,         /* n[0] of n[1] strata, column */
        FK_NOTE_NO_CLUSTER_VALUE,       /* n[0] people, column: cluster */
        FK_NOTE_HR_INFINITE,
        FK_NOTE_HR_NO_EVENTS,
        FK_NOTE_LIN_WEI_FEW,            /* n[0] clusters */
        FK_NOTE_NO_CLUSTER_INTERVAL,
        FK_NOTE_INDIVIDUAL_VERDICT,     /* verdict: the individual-level one */
        FK_NOTE_FEW_CLUSTERS,           /* n[0] trial, n[1] control clusters */
        FK_NOTE_KINDS                   /* how many kinds there are */
};

struct fk_note {
        enum fk_note_kind kind;
        double n[2];
        int arm;                        /* enum fk_arm */
        enum fk_verdict_result verdict;
        char column[128];               /* a column name, or "" */
};

struct fk_outcome_result {
        char outcome[256];
        enum fk_type type;
        enum fk_better better;
        double conf_level;
        double excluded[2];             /* rows with a missing outcome */
        struct fk_group groups[2];      /* [FK_TRIAL], [FK_CONTROL] */
        struct fk_effect effects[FK_MAX_EFFECTS];
        size_t neffects;
        struct fk_test tests[FK_MAX_TESTS];
        size_t ntests;
        struct fk_verdict verdict;
        int has_cluster;                /* --cluster, given or detected */
        int cluster_detected;           /* found by --cluster auto */
        char cluster[128];              /* the cluster column */
        struct fk_cluster_row *clusters;        /* per municipality, owned:
                                                   trial arm first, then
                                                   by name */
        size_t nclusters;
        struct fk_cluster_result cl;    /* survival: only clusters and
                                           the ri_* fields; the rest NaN */
        struct fk_coxcluster_result cox_cl;     /* survival: Lin–Wei */
        int has_strata;                 /* --strata: Mantel–Haenszel */
        char strata[128];               /* the strata column */
        size_t nstrata;
        double mh_or, mh_or_ci[2], mh_rd, mh_rd_ci[2];
        double cmh, cmh_p, bd, bd_p, bd_df;
        int top;                        /* ordinal: levels counted as top */
        double top_from;                /* ordinal: lowest top level */
        char notes[FK_MAX_NOTES][FK_NOTE_MAX];  /* in English */
        struct fk_note note[FK_MAX_NOTES];      /* what each says */
        size_t nnotes;
};

/* Names used in output. */
const char *fk_type_name(enum fk_type t);
int fk_type_parse(const char *s);               /* -1 when unknown */
const char *fk_better_name(enum fk_better b);
const char *fk_verdict_name(enum fk_verdict_result v);
const char *fk_basis_name(enum fk_basis b);     /* "individual", "cr2",
                                                   "lin_wei", "cs_simple" */

/* Initialise r for an outcome: every double NaN, every list empty. */
void fk_result_init(struct fk_outcome_result *r, const char *outcome,
                    enum fk_type type, enum fk_better better, double conf);

/* Judge v (its measure and margin already set) by an interval ci of
 * estimate on the given basis, and set v->p_value to the one-sided test at
 * the margin in the direction of better, so that p and interval agree:
 * _t for a difference with standard error se and t(df) (CR2), _log_z for
 * a ratio whose log has standard error se_log (Wald z, e.g. Lin–Wei). */
void fk_verdict_judge_t(struct fk_verdict *v, enum fk_basis basis,
                        double estimate, double se, double df,
                        const double ci[2], enum fk_better better);
void fk_verdict_judge_log_z(struct fk_verdict *v, enum fk_basis basis,
                            double ratio, double se_log, const double ci[2],
                            enum fk_better better);

/* A verdict with every number NaN, no result, basis individual. */
void fk_verdict_init(struct fk_verdict *v);

/* Free what r owns (the Kaplan–Meier tables, the per-cluster rows); r
 * stays valid, empty. */
void fk_result_release(struct fk_outcome_result *r);

/* Append a note of a kind with its numbers (n0, n1), arm or verdict
 * (code) and column (NULL for none), and its English text (silently
 * dropped when FK_MAX_NOTES are already there). */
void fk_result_note_of(struct fk_outcome_result *r, enum fk_note_kind kind,
                       double n0, double n1, int code, const char *column);

/* The English text of a note of a known kind in buf[len]. */
void fk_note_english(const struct fk_note *n, char *buf, size_t len);

/* Append a note of kind FK_NOTE_TEXT, English only (silently dropped when
 * FK_MAX_NOTES are already there). */
void fk_result_note(struct fk_outcome_result *r, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Append an effect or a test with every number NaN; NULL when the list is
 * full. */
struct fk_effect *fk_result_add_effect(struct fk_outcome_result *r,
                                       const char *measure,
                                       const char *method);
struct fk_test *fk_result_add_test(struct fk_outcome_result *r,
                                   const char *test);

/* Set an effect's estimate and interval. */
void fk_effect_set(struct fk_effect *e, double estimate, const double ci[2]);

/* Find an effect or test by name; NULL when absent. */
const struct fk_effect *fk_result_effect(const struct fk_outcome_result *r,
                                         const char *measure);
const struct fk_test *fk_result_test(const struct fk_outcome_result *r,
                                     const char *test);

/* The verdict (METHODS.md, "Verdicts") from an interval [lo, hi] of the verdict effect.
 * ratio: the effect is a ratio (null value 1).  margin: NaN for none. */
enum fk_verdict_result fk_verdict_decide(double lo, double hi, int ratio,
                                         enum fk_better better, double margin);

#endif
