/* fkstat — weighted least squares with cluster-robust variances.
 *
 * The model is y = X b + e with weights w (analytic or frequency weights as
 * R lm(weights =); NULL: 1) and a cluster index per row.  X is dense,
 * row-major, n rows by p columns, and must have full column rank.  The
 * variances are those of R:
 *   CR1  sandwich::vcovCL(fit, cluster, type = "HC1"), i.e. Stata's
 *        G/(G-1) (n-1)/(n-p) small-sample factor, with G - 1 df;
 *   CR2  clubSandwich::vcovCR(fit, cluster, type = "CR2") with the working
 *        model Phi = I (clubSandwich's default for lm, inverse_var = FALSE
 *        for weighted fits), the adjustment matrices by the symmetric
 *        Moore–Penrose inverse square root (eigenvalues below 1e-12 dropped),
 *        and Satterthwaite df as coef_test(test = "Satterthwaite").
 * See METHODS.md, "Difference in differences".
 */
#ifndef FKSTAT_REGRESS_H
#define FKSTAT_REGRESS_H

#include <stddef.h>

#include "fkstat/error.h"

struct fk_reg;

/* Fit the model.  cl may be NULL when no clustered variance will be asked
 * for (fk_reg_resid still works); with cl, G is the number of clusters and
 * every cl[i] < G.  want_cr2 prepares the CR2 adjustment matrices (O(sum of
 * n_g^2 p) work).  X, y, w are copied as needed; the caller keeps them.
 * FK_EDATA when X'WX is singular (a column is collinear with others) or a
 * weight is negative; FK_ENOMEM. */
int fk_reg_fit(const double *X, const double *y, const double *w,
               const size_t *cl, size_t n, size_t p, size_t G, int want_cr2,
               struct fk_reg **out, struct fk_error *err);

void fk_reg_free(struct fk_reg *r);

/* Coefficient k. */
double fk_reg_coef(const struct fk_reg *r, size_t k);

/* out = z - X (X'WX)^{-1} X'W z: the weighted residual of z (length n) on
 * the columns of X.  z and out may be the same array.  FK_ENOMEM. */
int fk_reg_resid(const struct fk_reg *r, const double *z, double *out);

/* Cluster-robust standard error and degrees of freedom of coefficient k:
 * CR1 with df = G - 1, or CR2 with Satterthwaite df (the fit must have been
 * made with want_cr2).  NaN where undefined (G < 2); fk_reg_cr2 returns
 * FK_ENOMEM when its scratch cannot be allocated. */
void fk_reg_cr1(const struct fk_reg *r, size_t k, double *se, double *df);
int fk_reg_cr2(const struct fk_reg *r, size_t k, double *se, double *df);

/* The interval est -+ t(df) se at level conf and the two-sided p-value of
 * est / se; NaN when se or df is not positive and finite. */
void fk_t_interval(double est, double se, double df, double conf,
                   double ci[2], double *p);

#endif
