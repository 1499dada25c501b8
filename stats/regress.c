/* Weighted least squares with CR1 and CR2 cluster-robust variances; see
 * include/fkstat/regress.h and METHODS.md, "Difference in differences".
 *
 * Design matrices here are mostly dummies (intercept, unit, period), so the
 * row products skip zeros; everything else is dense.  (X'WX)^-1 comes from
 * a Cholesky factorisation, which fails, as it should, on a singular
 * design.
 *
 * CR2 with working model Phi = I (clubSandwich for lm): with H = X M X'W,
 * M = (X'WX)^-1, C = X'W^2 X and X_j, W_j the rows of cluster j,
 *   G_j = [(I - H)(I - H)']_jj = I - X_j M X_j' W_j - W_j X_j M X_j'
 *                                  + X_j M C M X_j',
 *   A_j = G_j^{+1/2} (symmetric Moore–Penrose inverse square root),
 *   V_k = sum_j (u_j' e_j)^2,  u_j = A_j W_j X_j M c_k.
 * V_k = sum_j (q_j' y)^2 with q_j = (I - H)_j.' u_j, so under Phi = I,
 *   df = (sum_j q_j'q_j)^2 / sum_ij (q_i'q_j)^2,
 *   q_i'q_j = [i = j] u_i'u_i - g_i'M f_j - f_i'M g_j + f_i'M C M f_j,
 * f_j = X_j'u_j, g_j = X_j'W_j u_j: p-vectors, never an n x n matrix. */
#include "fkstat/regress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "stats/dpq.h"

#define EIG_TOL 1e-12

struct fk_reg {
        size_t n, p, G;
        double *X, *w, *beta, *M, *e;
        double *Mt;             /* M transposed */
        size_t *nzs, *nzi;      /* row i's nonzero columns: nzi[nzs[i] ..
                                   nzs[i + 1]), ascending */
        int finite;             /* every X_il is finite */
        double *C, *Ct;         /* X'W^2 X and its transpose (CR2) */
        size_t *rows, *start;   /* rows grouped by cluster: start[G + 1] */
        double *A;              /* A_j blocks, n_j^2 each, at aoff[j] */
        size_t *aoff;
};

/* Dummies are exactly 0 or 1; the test avoids -Wfloat-equal. */
static int nonzero(double x)
{
        return x < 0 || x > 0;
}

static double weight(const struct fk_reg *r, size_t i)
{
        return r->w[i];
}

/* out (p) = X'D z with D = diag(d) (d NULL: identity). */
static void xt_times(const struct fk_reg *r, const double *d, const double *z,
                     double *out)
{
        memset(out, 0, r->p * sizeof *out);
        for (size_t i = 0; i < r->n; i++) {
                const double *x = r->X + i * r->p;
                double s = (d ? d[i] : 1.0) * z[i];

                if (!nonzero(s))
                        continue;
                for (size_t a = r->nzs[i]; a < r->nzs[i + 1]; a++)
                        out[r->nzi[a]] += x[r->nzi[a]] * s;
        }
}

/* out (p) = A v for the p x p matrix A given as its transpose At: each
 * out[k] the sum over l = 0, 1, ... of A_kl v_l, eight rows k at a time
 * so that their sums share the loop and the vector registers. */
static void mat_vec(const double *At, size_t p, const double *v, double *out)
{
        size_t k = 0;

#if defined(__GNUC__)
        typedef double pair __attribute__((vector_size(2 * sizeof(double))));

        for (; k + 8 <= p; k += 8) {
                pair s0 = { 0, 0 }, s1 = s0, s2 = s0, s3 = s0, x;

                for (size_t l = 0; l < p; l++) {
                        const double *a = At + l * p + k;
                        double vl = v[l];

                        memcpy(&x, a, sizeof x);
                        s0 += x * vl;
                        memcpy(&x, a + 2, sizeof x);
                        s1 += x * vl;
                        memcpy(&x, a + 4, sizeof x);
                        s2 += x * vl;
                        memcpy(&x, a + 6, sizeof x);
                        s3 += x * vl;
                }
                memcpy(out + k, &s0, sizeof s0);
                memcpy(out + k + 2, &s1, sizeof s1);
                memcpy(out + k + 4, &s2, sizeof s2);
                memcpy(out + k + 6, &s3, sizeof s3);
        }
#endif
        for (; k < p; k++) {
                double s = 0;

                for (size_t l = 0; l < p; l++)
                        s += At[l * p + k] * v[l];
                out[k] = s;
        }
}

/* out (p) = M v. */
static void m_times(const struct fk_reg *r, const double *v, double *out)
{
        mat_vec(r->Mt, r->p, v, out);
}

/* out (p) = M x_i, x_i row i of X.  Over its nonzero columns only when X
 * is finite: a zero column adds M_kl 0 = +-0 to a sum that starts at +0,
 * which changes no sum, so this is m_times(x_i) to the bit. */
static void m_times_row(const struct fk_reg *r, size_t i, double *out)
{
        const double *x = r->X + i * r->p;
        size_t p = r->p;

        if (!r->finite) {
                m_times(r, x, out);
                return;
        }
        for (size_t k = 0; k < p; k++)
                out[k] = 0;
        for (size_t a = r->nzs[i]; a < r->nzs[i + 1]; a++) {
                const double *m = r->Mt + r->nzi[a] * p;
                double xl = x[r->nzi[a]];

                for (size_t k = 0; k < p; k++)
                        out[k] += m[k] * xl;
        }
}

/* The p x p transpose of A. */
static double *transposed(const double *A, size_t p)
{
        double *T = malloc(p * p * sizeof *T);

        for (size_t k = 0; T && k < p; k++)
                for (size_t l = 0; l < p; l++)
                        T[l * p + k] = A[k * p + l];
        return T;
}

/* out (p x p) = X' diag(d) X, d = w or w^2 (square = 1).  FK_ENOMEM when
 * its scratch cannot be allocated. */
static int cross(const struct fk_reg *r, int square, double *out)
{
        size_t p = r->p;
        size_t *nz = malloc(p * sizeof *nz);

        memset(out, 0, p * p * sizeof *out);
        if (!nz)
                return FK_ENOMEM;
        for (size_t i = 0; i < r->n; i++) {
                const double *x = r->X + i * p;
                double d = square ? weight(r, i) * weight(r, i) : weight(r, i);
                size_t m = 0;

                for (size_t l = 0; l < p; l++)
                        if (nonzero(x[l]))
                                nz[m++] = l;
                for (size_t a = 0; a < m; a++)
                        for (size_t b = 0; b < m; b++)
                                out[nz[a] * p + nz[b]] += d * x[nz[a]] * x[nz[b]];
        }
        free(nz);
        return FK_OK;
}

/* x_i'v, x_i row i of X, over its nonzero columns. */
static double dot_row(const struct fk_reg *r, size_t i, const double *v)
{
        const double *x = r->X + i * r->p;
        double s = 0;

        for (size_t a = r->nzs[i]; a < r->nzs[i + 1]; a++)
                s += x[r->nzi[a]] * v[r->nzi[a]];
        return s;
}

/* The nonzero columns of every row (nzs, nzi).  FK_ENOMEM. */
static int nonzeros(struct fk_reg *r)
{
        size_t m = 0;

        r->nzs = malloc((r->n + 1) * sizeof *r->nzs);
        r->finite = 1;
        for (size_t i = 0; r->nzs && i < r->n * r->p; i++) {
                m += nonzero(r->X[i]);
                r->finite &= isfinite(r->X[i]) != 0;
        }
        r->nzi = malloc((m ? m : 1) * sizeof *r->nzi);
        if (!r->nzs || !r->nzi)
                return FK_ENOMEM;
        m = 0;
        for (size_t i = 0; i < r->n; i++) {
                r->nzs[i] = m;
                for (size_t l = 0; l < r->p; l++)
                        if (nonzero(r->X[i * r->p + l]))
                                r->nzi[m++] = l;
        }
        r->nzs[r->n] = m;
        return FK_OK;
}

/* A_j = G_j^{+1/2} for every cluster. */
static int cr2_prepare(struct fk_reg *r, struct fk_error *err)
{
        size_t p = r->p, nmax = 0, tot = 0;
        double *P = NULL, *PC = NULL;
        gsl_matrix *Gm = NULL, *V = NULL;
        gsl_vector *ev = NULL;
        gsl_eigen_symmv_workspace *ws = NULL;
        int rc = FK_ENOMEM;

        r->C = malloc(p * p * sizeof *r->C);
        r->aoff = malloc((r->G + 1) * sizeof *r->aoff);
        if (!r->C || !r->aoff || cross(r, 1, r->C) ||
            !(r->Ct = transposed(r->C, p)))
                goto done;
        for (size_t j = 0; j < r->G; j++) {
                size_t nj = r->start[j + 1] - r->start[j];

                r->aoff[j] = tot;
                tot += nj * nj;
                if (nj > nmax)
                        nmax = nj;
        }
        r->aoff[r->G] = tot;
        r->A = malloc((tot ? tot : 1) * sizeof *r->A);
        P = malloc((nmax * p + 1) * sizeof *P);
        PC = malloc((nmax * p + 1) * sizeof *PC);
        if (!r->A || !P || !PC || nmax == 0)
                goto done;
        Gm = gsl_matrix_alloc(nmax, nmax);
        V = gsl_matrix_alloc(nmax, nmax);
        ev = gsl_vector_alloc(nmax);
        if (!Gm || !V || !ev)
                goto done;
        for (size_t j = 0; j < r->G; j++) {
                const size_t *rows = r->rows + r->start[j];
                size_t nj = r->start[j + 1] - r->start[j];
                gsl_matrix_view g = gsl_matrix_submatrix(Gm, 0, 0, nj, nj);
                gsl_matrix_view v = gsl_matrix_submatrix(V, 0, 0, nj, nj);
                gsl_vector_view e = gsl_vector_subvector(ev, 0, nj);
                double *A = r->A + r->aoff[j];

                for (size_t a = 0; a < nj; a++)         /* P = X_j M */
                        m_times_row(r, rows[a], P + a * p);
                /* PC = X_j M C: C times (M x_a) */
                for (size_t a = 0; a < nj; a++)
                        mat_vec(r->Ct, p, P + a * p, PC + a * p);
                for (size_t a = 0; a < nj; a++) {
                        const double *pa = P + a * p;

                        for (size_t b = 0; b < nj; b++) {
                                double h = dot_row(r, rows[b], pa); /* x_a M x_b */
                                double hm = h * (weight(r, rows[a]) +
                                                 weight(r, rows[b]));
                                double pcp = 0;
                                const double *pcb = PC + b * p;

                                for (size_t l = 0; l < p; l++)
                                        pcp += pa[l] * pcb[l];
                                gsl_matrix_set(&g.matrix, a, b,
                                               (a == b) - hm + pcp);
                        }
                }
                ws = gsl_eigen_symmv_alloc(nj);
                if (!ws)
                        goto done;
                if (gsl_eigen_symmv(&g.matrix, &e.vector, &v.matrix, ws)) {
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "CR2: eigen decomposition failed");
                        goto done;
                }
                gsl_eigen_symmv_free(ws);
                ws = NULL;
                for (size_t a = 0; a < nj; a++)
                        for (size_t b = 0; b < nj; b++) {
                                double s = 0;

                                for (size_t l = 0; l < nj; l++) {
                                        double lam = gsl_vector_get(&e.vector, l);

                                        if (lam > EIG_TOL)
                                                s += gsl_matrix_get(&v.matrix, a, l) *
                                                     gsl_matrix_get(&v.matrix, b, l) /
                                                     sqrt(lam);
                                }
                                A[a * nj + b] = s;
                        }
        }
        rc = FK_OK;
done:
        if (rc == FK_ENOMEM)
                fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        free(P);
        free(PC);
        gsl_matrix_free(Gm);
        gsl_matrix_free(V);
        gsl_vector_free(ev);
        if (ws)
                gsl_eigen_symmv_free(ws);
        return rc;
}

/* Group the rows by cluster (counting sort). */
static int group_rows(struct fk_reg *r, const size_t *cl, struct fk_error *err)
{
        size_t *pos;

        r->rows = malloc((r->n ? r->n : 1) * sizeof *r->rows);
        r->start = calloc(r->G + 1, sizeof *r->start);
        pos = calloc(r->G + 1, sizeof *pos);
        if (!r->rows || !r->start || !pos) {
                free(pos);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        for (size_t i = 0; i < r->n; i++) {
                if (cl[i] >= r->G) {
                        free(pos);
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "cluster index %zu out of range",
                                            cl[i]);
                }
                r->start[cl[i] + 1]++;
        }
        for (size_t j = 0; j < r->G; j++)
                r->start[j + 1] += r->start[j];
        memcpy(pos, r->start, (r->G + 1) * sizeof *pos);
        for (size_t i = 0; i < r->n; i++)
                r->rows[pos[cl[i]]++] = i;
        free(pos);
        return FK_OK;
}

int fk_reg_fit(const double *X, const double *y, const double *w,
               const size_t *cl, size_t n, size_t p, size_t G, int want_cr2,
               struct fk_reg **out, struct fk_error *err)
{
        struct fk_reg *r;
        double *xty = NULL;
        int rc = FK_ENOMEM;

        *out = NULL;
        if (!X || !y || p == 0 || n < p)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "regression: %zu rows for %zu coefficients",
                                    n, p);
        r = calloc(1, sizeof *r);
        if (!r)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        r->n = n;
        r->p = p;
        r->G = cl ? G : 0;
        r->X = malloc(n * p * sizeof *r->X);
        r->w = malloc(n * sizeof *r->w);
        r->beta = malloc(p * sizeof *r->beta);
        r->M = malloc(p * p * sizeof *r->M);
        r->e = malloc(n * sizeof *r->e);
        xty = malloc(p * sizeof *xty);
        if (!r->X || !r->w || !r->beta || !r->M || !r->e || !xty)
                goto fail;
        memcpy(r->X, X, n * p * sizeof *X);
        for (size_t i = 0; i < n; i++) {
                r->w[i] = w ? w[i] : 1.0;
                if (!(r->w[i] >= 0) || !isfinite(r->w[i]) || !isfinite(y[i])) {
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "regression: row %zu has a negative "
                                          "or non-finite weight or value", i + 1);
                        goto fail;
                }
        }
        if (cross(r, 0, r->M)) {
                rc = FK_ENOMEM;
                goto fail;
        }
        for (size_t k = 0; k < p; k++)
                xty[k] = r->M[k * p + k];
        {
                gsl_matrix_view m = gsl_matrix_view_array(r->M, p, p);
                int bad = gsl_linalg_cholesky_decomp1(&m.matrix);

                /* a pivot that lost all but rounding noise of its column's
                 * square norm: collinear (R's lm pivots at 1e-7 on the
                 * norm, i.e. 1e-14 on the square) */
                for (size_t k = 0; !bad && k < p; k++) {
                        double l = gsl_matrix_get(&m.matrix, k, k);

                        bad = !(l * l > 1e-12 * xty[k]);
                }
                if (bad || gsl_linalg_cholesky_invert(&m.matrix)) {
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "regression: the design is singular "
                                          "(collinear columns)");
                        goto fail;
                }
        }
        if (!(r->Mt = transposed(r->M, p)) || nonzeros(r)) {
                rc = FK_ENOMEM;
                goto fail;
        }
        xt_times(r, r->w, y, xty);
        m_times(r, xty, r->beta);
        for (size_t i = 0; i < n; i++)
                r->e[i] = y[i] - dot_row(r, i, r->beta);
        if (cl) {
                rc = group_rows(r, cl, err);
                if (rc)
                        goto fail;
                if (want_cr2 && (rc = cr2_prepare(r, err)))
                        goto fail;
        }
        free(xty);
        *out = r;
        return FK_OK;
fail:
        if (rc == FK_ENOMEM)
                fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        free(xty);
        fk_reg_free(r);
        return rc;
}

void fk_reg_free(struct fk_reg *r)
{
        if (!r)
                return;
        free(r->X);
        free(r->w);
        free(r->beta);
        free(r->M);
        free(r->Mt);
        free(r->nzs);
        free(r->nzi);
        free(r->e);
        free(r->C);
        free(r->Ct);
        free(r->rows);
        free(r->start);
        free(r->A);
        free(r->aoff);
        free(r);
}

double fk_reg_coef(const struct fk_reg *r, size_t k)
{
        return k < r->p ? r->beta[k] : NAN;
}

int fk_reg_resid(const struct fk_reg *r, const double *z, double *out)
{
        double *v = malloc(2 * r->p * sizeof *v);

        if (!v)
                return FK_ENOMEM;
        xt_times(r, r->w, z, v);
        m_times(r, v, v + r->p);
        for (size_t i = 0; i < r->n; i++)
                out[i] = z[i] - dot_row(r, i, v + r->p);
        free(v);
        return FK_OK;
}

void fk_reg_cr1(const struct fk_reg *r, size_t k, double *se, double *df)
{
        const double *mk = r->M + k * r->p;
        double v = 0, G = (double)r->G, n = (double)r->n, p = (double)r->p;

        *se = *df = NAN;
        if (r->G < 2 || k >= r->p || !(n > p))
                return;
        for (size_t j = 0; j < r->G; j++) {
                double s = 0;

                for (size_t a = r->start[j]; a < r->start[j + 1]; a++) {
                        size_t i = r->rows[a];

                        s += weight(r, i) * dot_row(r, i, mk) *
                             r->e[i];
                }
                v += s * s;
        }
        *se = sqrt(G / (G - 1) * (n - 1) / (n - p) * v);
        *df = G - 1;
}

/* q_i'q_j of fk_reg_cr2 for j = j0 .. (eight of them, or the one left):
 * the sum over l of -g_il MF_jl - MF_il g_jl + MF_il CMF_jl, from uu_i when
 * j = i, in the order of l; T holds MF, g and CMF by column l, then j.
 * Returns how many. */
static size_t q_block(size_t i, size_t j0, size_t G, size_t p,
                      const double *Gv, const double *MF, const double *T,
                      const double *uu, double *q)
{
        const double *mi = MF + i * p, *gi = Gv + i * p;

#if defined(__GNUC__)
        typedef double pair __attribute__((vector_size(2 * sizeof(double))));

        if (j0 + 8 <= G) {
                pair s0 = { 0, 0 }, s1 = s0, s2 = s0, s3 = s0, f, g, c;
                double q0[8] = { 0 };

                if (i >= j0 && i < j0 + 8) {
                        q0[i - j0] = uu[i];
                        memcpy(&s0, q0, sizeof s0);
                        memcpy(&s1, q0 + 2, sizeof s1);
                        memcpy(&s2, q0 + 4, sizeof s2);
                        memcpy(&s3, q0 + 6, sizeof s3);
                }
                for (size_t l = 0; l < p; l++) {
                        const double *tf = T + l * G + j0;
                        const double *tg = T + (p + l) * G + j0;
                        const double *tc = T + (2 * p + l) * G + j0;
                        double ng = -gi[l], m = mi[l];

#define Q_PAIR(S, H) do {                                               \
                        memcpy(&f, tf + (H), sizeof f);                 \
                        memcpy(&g, tg + (H), sizeof g);                 \
                        memcpy(&c, tc + (H), sizeof c);                 \
                        S += ng * f - m * g + m * c;                    \
} while (0)
                        Q_PAIR(s0, 0);
                        Q_PAIR(s1, 2);
                        Q_PAIR(s2, 4);
                        Q_PAIR(s3, 6);
#undef Q_PAIR
                }
                memcpy(q, &s0, sizeof s0);
                memcpy(q + 2, &s1, sizeof s1);
                memcpy(q + 4, &s2, sizeof s2);
                memcpy(q + 6, &s3, sizeof s3);
                return 8;
        }
#endif
        {
                double s = i == j0 ? uu[i] : 0;

                for (size_t l = 0; l < p; l++)
                        s += -gi[l] * T[l * G + j0] -
                             mi[l] * T[(p + l) * G + j0] +
                             mi[l] * T[(2 * p + l) * G + j0];
                q[0] = s;
                return 1;
        }
}

int fk_reg_cr2(const struct fk_reg *r, size_t k, double *se, double *df)
{
        size_t p = r->p, G = r->G, nmax = 0;
        const double *mk;
        double *u = NULL, *b = NULL, *F = NULL, *Gv = NULL, *MF = NULL,
               *CMF = NULL, *uu = NULL, *T = NULL;
        double v = 0, tr = 0, ss = 0;
        int rc = FK_ENOMEM;

        *se = *df = NAN;
        if (!r->A || G < 2 || k >= p)
                return FK_OK;
        mk = r->M + k * p;
        for (size_t j = 0; j < G; j++)
                if (r->start[j + 1] - r->start[j] > nmax)
                        nmax = r->start[j + 1] - r->start[j];
        u = malloc(nmax * sizeof *u);
        b = malloc(nmax * sizeof *b);
        F = calloc(G * p, sizeof *F);
        Gv = calloc(G * p, sizeof *Gv);
        MF = malloc(G * p * sizeof *MF);
        CMF = malloc(G * p * sizeof *CMF);
        uu = malloc(G * sizeof *uu);
        if (!u || !b || !F || !Gv || !MF || !CMF || !uu)
                goto done;
        for (size_t j = 0; j < G; j++) {
                const size_t *rows = r->rows + r->start[j];
                size_t nj = r->start[j + 1] - r->start[j];
                const double *A = r->A + r->aoff[j];
                double ue = 0;

                for (size_t a = 0; a < nj; a++)
                        b[a] = weight(r, rows[a]) * dot_row(r, rows[a], mk);
                uu[j] = 0;
                for (size_t a = 0; a < nj; a++) {
                        double s = 0;

                        for (size_t c = 0; c < nj; c++)
                                s += A[a * nj + c] * b[c];
                        u[a] = s;
                        ue += s * r->e[rows[a]];
                        uu[j] += s * s;
                }
                v += ue * ue;
                for (size_t a = 0; a < nj; a++) {
                        const double *x = r->X + rows[a] * p;

                        for (size_t z = r->nzs[rows[a]];
                             z < r->nzs[rows[a] + 1]; z++) {
                                size_t l = r->nzi[z];

                                F[j * p + l] += x[l] * u[a];
                                Gv[j * p + l] += x[l] * u[a] *
                                                 weight(r, rows[a]);
                        }
                }
                m_times(r, F + j * p, MF + j * p);
                mat_vec(r->Ct, p, MF + j * p, CMF + j * p);
        }
        if (!(T = malloc(3 * G * p * sizeof *T)))
                goto done;
        for (size_t j = 0; j < G; j++)  /* by l, then j */
                for (size_t l = 0; l < p; l++) {
                        T[l * G + j] = MF[j * p + l];
                        T[(p + l) * G + j] = Gv[j * p + l];
                        T[(2 * p + l) * G + j] = CMF[j * p + l];
                }
        for (size_t i = 0; i < G; i++)
                for (size_t j = 0; j < G;) {
                        double q[8];
                        size_t m = q_block(i, j, G, p, Gv, MF, T, uu, q);

                        for (size_t h = 0; h < m; h++, j++) {
                                if (i == j)
                                        tr += q[h];
                                ss += q[h] * q[h];
                        }
                }
        *se = sqrt(v);
        *df = ss > 0 ? tr * tr / ss : NAN;
        rc = FK_OK;
done:
        free(u);
        free(b);
        free(F);
        free(Gv);
        free(MF);
        free(CMF);
        free(uu);
        free(T);
        return rc;
}

void fk_t_interval(double est, double se, double df, double conf,
                   double ci[2], double *p)
{
        double q;

        if (!(se > 0) || !isfinite(se) || !(df > 0) || !isfinite(df) ||
            !(conf > 0 && conf < 1) || !isfinite(est)) {
                ci[0] = ci[1] = NAN;
                if (p)
                        *p = NAN;
                return;
        }
        q = fk_t_upper_quantile((1 - conf) / 2, df);
        ci[0] = est - q * se;
        ci[1] = est + q * se;
        if (p)
                *p = 2 * fk_t_cdf(-fabs(est / se), df, 0);
}
