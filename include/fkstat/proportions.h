/* fkstat — two independent proportions: intervals, effect measures, tests.
 *
 * Conventions: arm 1 is the trial arm (x1 successes of n1), arm 2 the
 * control arm (x2 of n2).  Differences are p1 - p2, ratios p1 / p2.  conf is
 * the two-sided confidence level in (0, 1).  Counts are doubles so that
 * frequency-weighted data of any size fit; they must be whole numbers with
 * 0 <= x <= n.  A quantity that cannot be computed (a ratio that is 0 or
 * infinite, a zero-width denominator) is returned as NaN and the function
 * still returns FK_OK; the caller reports it as null with a note.
 * See METHODS.md for the formulas and the R/statsmodels calls.
 */
#ifndef FKSTAT_PROPORTIONS_H
#define FKSTAT_PROPORTIONS_H

#include "fkstat/error.h"

/* Wilson score interval (statsmodels proportion_confint(method="wilson"),
 * R prop.test(correct=FALSE)$conf.int).  FK_EDOMAIN when n == 0, x > n or
 * conf outside (0,1). */
int fk_prop_wilson_ci(double x, double n, double conf, double *lo, double *hi,
                      struct fk_error *err);

enum fk_rd_method {
        FK_RD_MIETTINEN_NURMINEN = 0,   /* score interval, N/(N-1) factor,
                                           correct restricted MLE (PropCIs) */
        FK_RD_NEWCOMBE,                 /* hybrid Wilson score (method 10) */
        FK_RD_WALD,
        FK_RD_AGRESTI_CAFFO,
        FK_RD_MN_STATSMODELS            /* as statsmodels 0.13.5-0.14.6,
                                           issue #10269 (see METHODS.md) */
};

/* Name used in output ("miettinen_nurminen", ...), and the reverse lookup
 * (returns -1 for an unknown name; the earlier name
 * "miettinen_nurminen_corrected" is still read as "miettinen_nurminen"). */
const char *fk_rd_method_name(enum fk_rd_method m);
int fk_rd_method_parse(const char *name);

/* Risk difference p1 - p2 and its interval by method m, as statsmodels
 * confint_proportions_2indep(compare="diff", method="score" | "newcomb" |
 * "wald" | "agresti-caffo").  The estimate is always p1 - p2 (also for
 * Agresti–Caffo, whose interval is centred on the adjusted difference).
 *
 * FK_RD_MIETTINEN_NURMINEN is the Miettinen–Nurminen interval with the
 * correct restricted MLE (R PropCIs::diffscoreci with the N/(N-1) factor).
 * FK_RD_MN_STATSMODELS reproduces statsmodels 0.13.5-0.14.6, whose cubic
 * has x2 where n2 belongs (statsmodels issue #10269); where that formula
 * breaks down (NaN) the correct restricted MLE is used.  FK_EDOMAIN when n1
 * or n2 is 0. */
int fk_prop_rd_ci(double x1, double n1, double x2, double n2, double conf,
                  enum fk_rd_method m, double *est, double *lo, double *hi,
                  struct fk_error *err);

/* Miettinen–Nurminen score test of H0: p1 - p2 = delta0 with the N/(N-1)
 * variance factor (statsmodels test_proportions_2indep(value=delta0,
 * method="score", compare="diff", correction=True)).  alternative: +1
 * "larger" (H1: p1 - p2 > delta0), -1 "smaller", 0 two-sided.  *z is the
 * signed score statistic.  m is FK_RD_MN_STATSMODELS for statsmodels
 * 0.13.5's restricted MLE, anything else for the correct one (see
 * fk_prop_rd_ci).  FK_EDOMAIN when delta0 is outside (-1, 1); z and p are
 * NaN when the null variance is 0. */
int fk_prop_rd_score_test(double x1, double n1, double x2, double n2,
                          double delta0, int alternative,
                          enum fk_rd_method m, double *z, double *p,
                          struct fk_error *err);

/* Risk ratio p1/p2 with the log (Katz) interval; NaN where x1 or x2 is 0. */
int fk_prop_rr_ci(double x1, double n1, double x2, double n2, double conf,
                  double *est, double *lo, double *hi, struct fk_error *err);

/* Odds ratio (x1 (n2-x2)) / (x2 (n1-x1)) with the Woolf interval; NaN
 * where any cell is 0. */
int fk_prop_or_ci(double x1, double n1, double x2, double n2, double conf,
                  double *est, double *lo, double *hi, struct fk_error *err);

/* Pearson chi-square of the 2x2 table without (yates = 0) or with Yates'
 * correction as R chisq.test (min(0.5, |O - E|)).  NaN statistic and p
 * when an expected count is 0 (a row or column total of 0). */
int fk_prop_chisq(double x1, double n1, double x2, double n2, int yates,
                  double *stat, double *p, struct fk_error *err);

#endif
