/* Internal: R's density, distribution and quantile pieces that stats/
 * computes itself (stats/dpq.c): Loader's (2000) saddle-point terms, used
 * for the binomial (stats/poisson.c) and the t density, and the central
 * Student t distribution, used by every t test and interval of stats/. */
#ifndef FK_STATS_DPQ_H
#define FK_STATS_DPQ_H

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), Stirling's error, as R stirlerr(). */
double fk_stirlerr(double n);

/* x log(x/np) + np - x computed without cancellation, as R bd0(). */
double fk_bd0(double x, double np);

/* Student t with nu > 0 df as R's pt(x, nu, lower.tail = !upper) and the
 * upper quantile qt(tail, nu, lower.tail = FALSE) for 0 < tail < 1/2,
 * accurate to ~1e-13 for every real df; x may be infinite. */
double fk_t_cdf(double x, double nu, int upper);
double fk_t_upper_quantile(double tail, double nu);

#endif
