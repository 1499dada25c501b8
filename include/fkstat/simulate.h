/* fkstat — synthetic trial data from a design (`fkstat simulate`).
 *
 * A design (struct fk_sim_design; its keys and defaults are in METHODS.md,
 * "Simulation") names trial and comparison municipalities with their
 * yearly inflow of insured unemployed, and the parameters of a generative
 * model: time to job (Weibull hazard with a municipality frailty that gives
 * the stated ICC of job within the follow-up, a trial hazard ratio implied
 * by the two arms' medians, administrative censoring at the follow-up
 * length or the data cut-off, random loss to follow-up), interviews in the
 * first weeks (Poisson), satisfaction 1..K (ordered logit) with survey
 * non-response, and a municipality x quarter panel of the share
 * self-supporting.
 *
 * Determinism: every draw comes from GSL's MT19937 seeded with the seed
 * (the panel from a second MT19937 seeded with seed + 1 mod 2^32), in a
 * fixed order; every value that is written is an integer (days, tenths of
 * weeks, counts, levels, ten-thousandths of a share), so the same seed gives
 * the same bytes on every machine with IEEE doubles.  GSL seeds MT19937
 * with 4357 when given 0, so seeds 0 and 4357 give the same data.
 */
#ifndef FKSTAT_SIMULATE_H
#define FKSTAT_SIMULATE_H

#include <stddef.h>

#include "fkstat/error.h"

#define FK_SIM_MAX_LEVELS 10

struct fk_sim_municipality {
        char *name;
        int trial;              /* 1 trial, 0 comparison */
        double inflow;          /* people entering per year */
};

/* Arrays of two are indexed 0 = trial, 1 = comparison. */
struct fk_sim_design {
        size_t nmun;
        struct fk_sim_municipality *mun;        /* trial ones first */
        long entry_first, entry_last;   /* days since 1970-01-01 */
        long followup_end;              /* data cut-off, a day */
        double followup_weeks;          /* job_52w window, censoring */
        double median_weeks[2];         /* median time to job */
        double weibull_shape;
        double icc;                     /* of job within followup_weeks */
        double frailty_sd;              /* derived from icc */
        double loss_rate;               /* loss to follow-up, per week */
        double interview_weeks;         /* interview window */
        double interviews[2];           /* mean per window unemployed */
        double interviews_cluster_sd;   /* log scale */
        size_t nlevels;                 /* satisfaction scale 1..nlevels */
        double satisfaction[FK_SIM_MAX_LEVELS]; /* comparison shares */
        double satisfaction_log_odds;   /* trial shift, proportional odds */
        double response_rate;
        long panel_first, panel_last, panel_start;      /* 4 year + q - 1 */
        double panel_share, panel_unit_sd, panel_period_sd;
        double panel_trend;             /* per year */
        double panel_noise_sd, panel_effect, panel_people_per_inflow;
};

/* The frailty sd sigma on the log-hazard scale for which
 * Var(p(u)) / (pbar (1 - pbar)) = icc, p(u) = 1 - exp(-e^u ln2 (F/m)^k),
 * u ~ N(0, sigma^2), m the comparison median, F the follow-up, k the shape
 * (bisection; normal integral by the trapezoid rule).  0 when icc is 0. */
double fk_sim_frailty_sd(double icc, double median, double shape,
                         double followup);

struct fk_sim_person {
        size_t mun;             /* index into the design's municipalities */
        long entry;             /* day of entry, days since 1970-01-01 */
        long tenths;            /* weeks to job or censoring, in tenths,
                                   rounded up */
        int job;                /* 1 job, 0 censored */
        int job52;              /* 1 ja, 0 nej, -1 window open at cut-off */
        int interviews;         /* in the window; -1 window open */
        int satisfaction;       /* 1..nlevels; 0 no answer */
        size_t seq;             /* generation order */
};

/* Generate the people, sorted by entry day (then generation order); the
 * person id is the index + 1.  *out is a new array of *n people (free()).
 * FK_ENOMEM; FK_EDOMAIN when the design asks for more than 10^8 people. */
int fk_sim_people(const struct fk_sim_design *d, unsigned long seed,
                  struct fk_sim_person **out, size_t *n, struct fk_error *err);

struct fk_sim_cell {
        size_t mun;
        long quarter;           /* 4 year + q - 1 */
        long share;             /* ten-thousandths */
        long antal;             /* people behind the share */
};

/* Generate the panel, municipality by municipality, quarters in order.
 * *out is a new array of *n cells (free()).  FK_ENOMEM. */
int fk_sim_panel(const struct fk_sim_design *d, unsigned long seed,
                 struct fk_sim_cell **out, size_t *n, struct fk_error *err);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long fk_sim_days(long year, long month, long day);
void fk_sim_date(long days, long *year, long *month, long *day);

#endif
