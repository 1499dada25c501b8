/* Internal: the pieces of R's density algorithms (Loader 2000) shared by
 * stats/means.c (t distribution) and stats/poisson.c (binomial). */
#ifndef FK_STATS_DPQ_H
#define FK_STATS_DPQ_H

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), Stirling's error, as R stirlerr(). */
double fk_stirlerr(double n);

/* x log(x/np) + np - x computed without cancellation, as R bd0(). */
double fk_bd0(double x, double np);

/* Student t as R's pt(x, nu, lower.tail = !upper) and the upper quantile
 * qt(tail, nu, lower.tail = FALSE) for 0 < tail < 1/2, accurate to ~1e-13
 * for every real df (stats/means.c). */
double fk_t_cdf(double x, double nu, int upper);
double fk_t_upper_quantile(double tail, double nu);

#endif
