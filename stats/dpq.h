/* Internal: the pieces of R's density algorithms (Loader 2000) shared by
 * stats/means.c (t distribution) and stats/poisson.c (binomial). */
#ifndef FK_STATS_DPQ_H
#define FK_STATS_DPQ_H

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), Stirling's error, as R stirlerr(). */
double fk_stirlerr(double n);

/* x log(x/np) + np - x computed without cancellation, as R bd0(). */
double fk_bd0(double x, double np);

#endif
