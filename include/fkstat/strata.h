/* fkstat — stratified 2x2 tables: Mantel–Haenszel and Breslow–Day.
 *
 * Each stratum compares the trial arm (x1 successes of n1) with the control
 * arm (x2 of n2).  Odds ratios are trial odds over control odds,
 * (x1/(n1-x1)) / (x2/(n2-x2)); the risk difference is trial minus control.
 * Formulas, references and the R/statsmodels calls that the tests reproduce
 * are in METHODS.strata.md.
 */
#ifndef FKSTAT_STRATA_H
#define FKSTAT_STRATA_H

#include <stddef.h>

#include "fkstat/error.h"

/* One stratum: trial x1 successes of n1, control x2 of n2 (doubles, whole). */
struct fk_stratum { double x1, n1, x2, n2; };

struct fk_stratified {
        double mh_or, mh_or_ci[2];      /* Mantel–Haenszel common OR, Robins–Breslow–Greenland CI */
        double mh_rd, mh_rd_ci[2];      /* MH risk difference, Greenland–Robins variance, Wald CI */
        double cmh, cmh_p;              /* CMH chi-square without continuity correction, 1 df */
        double bd, bd_p;                /* Breslow–Day homogeneity without Tarone, K-1 df */
        double bd_df;
};

/* Mantel–Haenszel analysis of the k strata s[0..k-1] at confidence level
 * conf (two-sided intervals).
 *
 * Strata with n1 == 0 or n2 == 0 carry no weight: they add nothing to any
 * Mantel–Haenszel sum (as in R's mantelhaen.test, where their terms are 0).
 * Breslow–Day uses only the strata whose four margins (n1, n2, successes,
 * failures) are all positive, with bd_df = (their number) - 1; a stratum
 * with a zero margin has a one-point conditional distribution and nothing
 * to test (statsmodels returns NaN for the whole statistic there).
 *
 * Quantities that are undefined come back as NaN, never as an error:
 *   mh_or      NaN when both MH sums are 0; +inf (0) when only the
 *              denominator (numerator) is 0, as R; its CI is NaN unless
 *              both sums are positive;
 *   mh_rd      NaN (with its CI) when no stratum has both arms;
 *   cmh        NaN (with cmh_p) when its variance is 0;
 *   bd         NaN (with bd_p) when mh_or is not finite and positive or
 *              fewer than 2 strata have all margins positive (bd_df is
 *              then 0).
 *
 * Returns FK_OK, or FK_EDOMAIN (out left untouched) when k == 0, conf is
 * not in (0,1), or a stratum has a count that is negative, not whole,
 * not finite, or x > n. */
int fk_stratified(const struct fk_stratum *s, size_t k, double conf,
                  struct fk_stratified *out, struct fk_error *err);

#endif
