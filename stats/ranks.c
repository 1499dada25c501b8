/* Rank statistics for two independent samples with frequency weights: the
 * Wilcoxon rank-sum test with the Hodges–Lehmann shift and its interval (as
 * R wilcox.test) and the Brunner–Munzel test; see include/fkstat/ranks.h and
 * METHODS.md, "Rank statistics".
 *
 * Both work on the sorted distinct values of each arm with their weight sums,
 * never on the expanded sample: midranks, placements and tie groups follow
 * from cumulative weights, and order statistics of the pairwise differences
 * are selected by counting (see select_diff), so the cost depends on the
 * number of distinct values, not on the weights. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/ranks.h"
#include "stats/check.h"

/* Weighted counts are held in doubles; they are exact integers (and W an
 * exact half-integer) while n1 * n2 stays below 2^53. */
#define MAX_PAIRS 9007199254740992.0

/* Both arms below this size and no ties: exact distribution, as R. */
#define EXACT_LIMIT 50

struct vw {
        double v, w;            /* a distinct value and its total weight */
};

struct arm {
        struct vw *d;           /* distinct values, ascending */
        size_t k;               /* number of distinct values */
        double n;               /* total weight: size of the expanded arm */
};

static int cmp_vw(const void *a, const void *b)
{
        double x = ((const struct vw *)a)->v, y = ((const struct vw *)b)->v;

        return (x > y) - (x < y);
}

static void arm_release(struct arm *a)
{
        free(a->d);
        a->d = NULL;
}

/* Sorted distinct values of x with their weight sums; weight-0 rows are
 * dropped as if absent. */
static int arm_init(struct arm *a, const double *x, const double *w, size_t n,
                    const char *name, struct fk_error *err)
{
        size_t k = 0;

        a->d = NULL;
        a->k = 0;
        a->n = 0;
        if (n > 0 && !x)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s arm: no values given", name);
        a->d = malloc((n ? n : 1) * sizeof *a->d);
        if (!a->d)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < n; i++) {
                double wi = w ? w[i] : 1.0;

                if (!isfinite(x[i]))
                        goto bad_value;
                if (!isfinite(wi) || wi < 0 || wi > MAX_PAIRS ||
                    wi > floor(wi))
                        goto bad_weight;
                if (wi > 0) {
                        a->d[k].v = x[i];
                        a->d[k++].w = wi;
                }
                continue;
bad_value:
                arm_release(a);
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "%s arm: value %zu is not finite", name,
                                    i + 1);
bad_weight:
                arm_release(a);
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "%s arm: weight %zu (%g) is not a whole "
                                    "number >= 0", name, i + 1, wi);
        }
        qsort(a->d, k, sizeof *a->d, cmp_vw);
        for (size_t i = 0; i < k; i++) {
                if (a->k > 0 && !(a->d[i].v > a->d[a->k - 1].v))
                        a->d[a->k - 1].w += a->d[i].w;
                else
                        a->d[a->k++] = a->d[i];
                a->n += a->d[i].w;
        }
        if (a->n > MAX_PAIRS) {
                arm_release(a);
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s arm: total weight %g is too large",
                                    name, a->n);
        }
        return FK_OK;
}

/* Read both arms; FK_EDOMAIN when one is smaller than min_n. */
static int arms_init(struct arm *t, struct arm *c, const double *x1,
                     const double *w1, size_t n1, const double *x2,
                     const double *w2, size_t n2, double conf, double min_n,
                     struct fk_error *err)
{
        int rc;

        t->d = c->d = NULL;
        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK)
                return rc;
        rc = arm_init(t, x1, w1, n1, "trial", err);
        if (rc == FK_OK)
                rc = arm_init(c, x2, w2, n2, "control", err);
        if (rc == FK_OK && (t->n < min_n || c->n < min_n)) {
                const struct arm *a = t->n < min_n ? t : c;

                rc = fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                  "%s arm has %g observation%s; %g needed",
                                  a == t ? "trial" : "control", a->n,
                                  a->n > 1 || a->n < 1 ? "s" : "", min_n);
        }
        if (rc == FK_OK && t->n * c->n > MAX_PAIRS)
                rc = fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                  "too many observations: %g x %g pairs",
                                  t->n, c->n);
        if (rc != FK_OK) {
                arm_release(t);
                arm_release(c);
        }
        return rc;
}

/* Placement of each distinct value of a among b: the weight of b below it
 * plus half the weight equal to it, i.e. its pooled midrank minus its
 * midrank within a.  Returns the weighted sum of placements. */
static double placements(const struct arm *a, const struct arm *b, double *pl)
{
        double below = 0, sum = 0;
        size_t j = 0;

        for (size_t i = 0; i < a->k; i++) {
                double eq = 0;

                while (j < b->k && b->d[j].v < a->d[i].v)
                        below += b->d[j++].w;
                if (j < b->k && !(b->d[j].v > a->d[i].v))
                        eq = b->d[j].w;
                pl[i] = below + eq / 2;
                sum += a->d[i].w * pl[i];
        }
        return sum;
}

/* Sum over tie groups of t^3 - t, written as t (N - t)(N + t) summed over
 * groups (equal because the t add up to N) so that every term is >= 0 and
 * no cancellation occurs; pooled = 1 merges equal values of both arms. */
static double tie_sum(const struct arm *t, const struct arm *c, int pooled)
{
        double N = t->n + c->n, s = 0;
        size_t i = 0, j = 0;

        while (i < t->k || j < c->k) {
                double g;

                if (j == c->k || (i < t->k && t->d[i].v < c->d[j].v))
                        g = t->d[i++].w;
                else if (i == t->k || c->d[j].v < t->d[i].v || !pooled)
                        g = c->d[j++].w;
                else
                        g = t->d[i++].w + c->d[j++].w;
                s += g * (N - g) * (N + g);
        }
        return s;
}

/* ---- order statistics of the pairwise differences ---------------------- */

/* Selection of the k-th smallest of the n1*n2 weighted differences
 * t_i - c_j by counting, in the manner of Johnson and Mizoguchi (1978) and
 * Monahan (1984): row i holds t_i - c_j for the control values in
 * descending order, an increasing sequence; each row keeps a range of
 * candidate columns; a random candidate is the pivot, a two-pointer sweep
 * counts the differences below and at it, and the ranges shrink to the side
 * that holds the k-th.  O(p + q) per step, O(log pq) steps expected. */
struct sel {
        const struct arm *t, *c;
        size_t *lo, *hi, *jlt, *jle;
        double *cw;             /* cw[j]: weight of the j largest controls */
        uint64_t rng;
};

static double cval(const struct sel *s, size_t j)
{
        return s->c->d[s->c->k - 1 - j].v;
}

static void sel_release(struct sel *s)
{
        free(s->lo);
        free(s->cw);
        s->lo = NULL;
        s->cw = NULL;
}

static int sel_init(struct sel *s, const struct arm *t, const struct arm *c)
{
        size_t p = t->k, q = c->k;

        s->t = t;
        s->c = c;
        s->rng = 0x9e3779b97f4a7c15u;
        s->lo = malloc(4 * p * sizeof *s->lo);
        s->cw = malloc((q + 1) * sizeof *s->cw);
        if (!s->lo || !s->cw) {
                sel_release(s);
                return FK_ENOMEM;
        }
        s->hi = s->lo + p;
        s->jlt = s->hi + p;
        s->jle = s->jlt + p;
        s->cw[0] = 0;
        for (size_t j = 0; j < q; j++)
                s->cw[j + 1] = s->cw[j] + c->d[q - 1 - j].w;
        return FK_OK;
}

/* Weighted counts of differences < d and <= d; jlt[i] and jle[i] receive
 * the first column of row i whose difference is >= d and > d.  fl(t - c)
 * is monotone in t and in c, so the pointers only move down. */
static void sweep(struct sel *s, double d, double *nlt, double *nle)
{
        size_t q = s->c->k, jl = q, je = q;

        *nlt = *nle = 0;
        for (size_t i = 0; i < s->t->k; i++) {
                double a = s->t->d[i].v;

                while (jl > 0 && a - cval(s, jl - 1) >= d)
                        jl--;
                while (je > 0 && a - cval(s, je - 1) > d)
                        je--;
                s->jlt[i] = jl;
                s->jle[i] = je;
                *nlt += s->t->d[i].w * s->cw[jl];
                *nle += s->t->d[i].w * s->cw[je];
        }
}

static uint64_t xorshift(uint64_t *x)
{
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        return *x;
}

/* The k-th smallest difference, 1 <= k <= n1*n2 (weighted). */
static double select_diff(struct sel *s, double k)
{
        size_t p = s->t->k;

        for (size_t i = 0; i < p; i++) {
                s->lo[i] = 0;
                s->hi[i] = s->c->k;
        }
        for (;;) {
                uint64_t cells = 0, r;
                size_t i = 0;
                double d, nlt, nle;

                for (size_t m = 0; m < p; m++)
                        cells += s->hi[m] - s->lo[m];
                if (cells == 0)
                        return NAN;     /* k out of range: not reached */
                r = xorshift(&s->rng) % cells;
                while (r >= s->hi[i] - s->lo[i]) {
                        r -= s->hi[i] - s->lo[i];
                        i++;
                }
                d = s->t->d[i].v - cval(s, s->lo[i] + (size_t)r);
                sweep(s, d, &nlt, &nle);
                if (k <= nlt) {
                        for (size_t m = 0; m < p; m++)
                                if (s->jlt[m] < s->hi[m])
                                        s->hi[m] = s->jlt[m];
                } else if (k > nle) {
                        for (size_t m = 0; m < p; m++)
                                if (s->jle[m] > s->lo[m])
                                        s->lo[m] = s->jle[m];
                } else {
                        return d;
                }
        }
}

/* R's median(): the middle order statistic, or the mean of the two. */
static double median_diff(struct sel *s, double M)
{
        double a, b, m;

        if (fmod(M, 2.0) > 0)
                return select_diff(s, (M + 1) / 2);
        a = select_diff(s, M / 2);
        b = select_diff(s, M / 2 + 1);
        m = (a + b) / 2;
        return isfinite(m) ? m : a / 2 + b / 2;
}

/* ---- exact distribution of W (R's cwilcox) ----------------------------- */

/* Frequencies of W = 0..m*n over the choose(m+n, m) arrangements, by the
 * recurrence of the number of arrangements of a x's and b y's:
 * N_{a,b}(w) = N_{a-1,b}(w - b) + N_{a,b-1}(w) (the largest element is an x,
 * which beats all b y's, or a y).  Only additions: no cancellation.
 * Returns a malloc'ed array of m*n + 1 counts, or NULL. */
static double *wilcox_counts(size_t m, size_t n)
{
        size_t M = m * n, len = M + 1;
        double *P = calloc((n + 1) * len, sizeof *P), *out;

        if (!P)
                return NULL;
        for (size_t b = 0; b <= n; b++)
                P[b * len] = 1;                         /* a = 0 */
        for (size_t a = 1; a <= m; a++) {
                for (size_t b = 0; b <= n; b++) {
                        double *row = P + b * len;

                        for (size_t w = a * b + 1; w-- > 0;)
                                row[w] = w >= b ? row[w - b] : 0;
                        if (b > 0) {
                                const double *prev = row - len;

                                for (size_t w = 0; w <= a * (b - 1); w++)
                                        row[w] += prev[w];
                        }
                }
        }
        out = malloc(len * sizeof *out);
        if (out)
                for (size_t w = 0; w < len; w++)
                        out[w] = P[n * len + w];
        free(P);
        return out;
}

/* P(W <= q) as R's pwilcox sums it. */
static double pwilcox_lower(const double *cnt, double total, long q)
{
        double p = 0;

        for (long w = 0; w <= q; w++)
                p += cnt[w] / total;
        return p;
}

/* R's qwilcox(x, m, n) for x <= 0.5, with its 10 DBL_EPSILON fuzz. */
static long qwilcox_lower(const double *cnt, double total, double x)
{
        double p = 0;
        long q = 0;

        x -= 10 * DBL_EPSILON;
        for (;;) {
                p += cnt[q] / total;
                if (p >= x)
                        return q;
                q++;
        }
}

/* Exact p-value and interval (the no-ties case, where every weight is 1). */
static int wilcoxon_exact(struct sel *s, size_t n1, size_t n2, double conf,
                          struct fk_wilcoxon *out)
{
        size_t M = n1 * n2;
        double *cnt = wilcox_counts(n1, n2), total = 0, p, alpha = 1 - conf;
        double achieved;
        long w = (long)out->W, qu, ql;

        if (!cnt)
                return FK_ENOMEM;
        for (size_t i = 0; i <= M; i++)
                total += cnt[i];
        /* Two-sided as R: the smaller tail, doubled; the distribution is
         * symmetric, so the upper tail P(W >= w) is P(W <= M - w). */
        p = pwilcox_lower(cnt, total, out->W > M / 2.0 ? (long)M - w : w);
        out->p_value = fmin(2 * p, 1.0);
        qu = qwilcox_lower(cnt, total, alpha / 2);
        if (qu == 0)
                qu = 1;
        ql = (long)M - qu;
        achieved = 2 * pwilcox_lower(cnt, total, qu - 1);
        free(cnt);
        /* R warns "requested conf.level not achievable" and lowers the
         * level it reports; our interval has no field for that level, so
         * it is not given (see ranks.h). */
        if (achieved - alpha > alpha / 2) {
                out->hl_ci[0] = out->hl_ci[1] = NAN;
                return FK_OK;
        }
        out->hl_ci[0] = select_diff(s, (double)qu);
        out->hl_ci[1] = select_diff(s, (double)ql + 1);
        return FK_OK;
}

/* ---- Wilcoxon ----------------------------------------------------------- */

/* The continuity-corrected numerator of R's statistic, t - sign(t)/2. */
static double corrected(double t)
{
        return t > 0 ? t - 0.5 : t < 0 ? t + 0.5 : 0.0;
}

/* The smallest count c in [1, M] with corrected(M/2 - c) <= Z, or M. */
static double crossing_count(double M, double Z)
{
        double c = floor(M / 2 - Z - 1);

        c = c < 1 ? 1 : c > M ? M : c;
        while (c > 1 && corrected(M / 2 - (c - 1)) <= Z)
                c--;
        while (c < M && corrected(M / 2 - c) > Z)
                c++;
        return c;
}

int fk_wilcoxon(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                struct fk_wilcoxon *out, struct fk_error *err)
{
        struct arm t, c;
        struct sel s;
        double *pl, N, M, sigma, sigma0, zq;
        int rc, ties = 0;

        rc = arms_init(&t, &c, x1, w1, n1, x2, w2, n2, conf, 1, err);
        if (rc != FK_OK)
                return rc;
        pl = malloc(t.k * sizeof *pl);
        if (!pl || sel_init(&s, &t, &c) != FK_OK) {
                free(pl);
                arm_release(&t);
                arm_release(&c);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        N = t.n + c.n;
        M = t.n * c.n;
        out->W = placements(&t, &c, pl);
        for (size_t i = 0; i < t.k; i++)
                if (t.d[i].w > 1 || pl[i] > floor(pl[i]))
                        ties = 1;       /* a repeat or a half placement */
        for (size_t j = 0; j < c.k; j++)
                if (c.d[j].w > 1)
                        ties = 1;
        out->hl = median_diff(&s, M);
        out->exact = t.n < EXACT_LIMIT && c.n < EXACT_LIMIT && !ties;
        if (out->exact) {
                rc = wilcoxon_exact(&s, (size_t)t.n, (size_t)c.n, conf, out);
                goto done;
        }
        /* Normal approximation with tie and continuity correction. */
        sigma = sqrt(M / 12 * tie_sum(&t, &c, 1) / (N * (N - 1)));
        if (!(sigma > 0)) {
                /* Every value equal: R's z is 0/0 and its p NaN; its
                 * interval search stops on W(d) = NaN. */
                out->p_value = out->hl_ci[0] = out->hl_ci[1] = NAN;
                goto done;
        }
        out->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(corrected(out->W - M / 2))
                                               / sigma);
        /* The interval inverts the statistic as a function of the shift
         * d: between consecutive pairwise differences it is constant,
         * with count M - #(diff <= d) and the within-arm ties only
         * (sigma0), so the crossing of +-z lies at the c-th smallest
         * difference for the first count c that reaches it. */
        if (t.k == 1 && c.k == 1) {
                /* One difference only: R's W(d) is 0/0 there. */
                out->hl_ci[0] = out->hl_ci[1] = NAN;
                goto done;
        }
        sigma0 = sqrt(M / 12 * tie_sum(&t, &c, 0) / (N * (N - 1)));
        zq = gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
        out->hl_ci[0] = select_diff(&s, crossing_count(M, zq * sigma0));
        out->hl_ci[1] = select_diff(&s, crossing_count(M, -zq * sigma0));
done:
        sel_release(&s);
        free(pl);
        arm_release(&t);
        arm_release(&c);
        if (rc != FK_OK)
                return fk_error_set(err, rc, NULL, 0, "out of memory");
        return FK_OK;
}

/* ---- Brunner–Munzel ----------------------------------------------------- */

/* Sum of w (pl - mean)^2 over the distinct values of a. */
static double placement_ss(const struct arm *a, const double *pl, double mean)
{
        double ss = 0;

        for (size_t i = 0; i < a->k; i++)
                ss += a->d[i].w * (pl[i] - mean) * (pl[i] - mean);
        return ss;
}

int fk_brunner_munzel(const double *x1, const double *w1, size_t n1,
                      const double *x2, const double *w2, size_t n2,
                      double conf, struct fk_brunner_munzel *out,
                      struct fk_error *err)
{
        struct arm t, c;
        double *pt, *pc, A, B, se, tq;
        int rc;

        rc = arms_init(&t, &c, x1, w1, n1, x2, w2, n2, conf, 2, err);
        if (rc != FK_OK)
                return rc;
        pt = malloc((t.k + c.k) * sizeof *pt);
        if (!pt) {
                arm_release(&t);
                arm_release(&c);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        pc = pt + t.k;
        /* Pooled midrank minus within-arm midrank is the placement; the
         * mean placement of the trial arm is n_C p-hat. */
        out->estimate = placements(&t, &c, pt) / t.n / c.n;
        placements(&c, &t, pc);
        /* A = n_T S2_T, B = n_C S2_C with S2_i in rank units (METHODS.md). */
        A = t.n * placement_ss(&t, pt, c.n * out->estimate) / (t.n - 1);
        B = c.n * placement_ss(&c, pc, t.n * (1 - out->estimate)) / (c.n - 1);
        free(pt);
        arm_release(&t);
        arm_release(&c);
        se = sqrt(A + B) / (t.n * c.n);
        if (!(se > 0)) {
                out->statistic = out->df = out->p_value = NAN;
                out->ci[0] = out->ci[1] = NAN;
                return FK_OK;
        }
        out->statistic = (out->estimate - 0.5) / se;
        out->df = (A + B) * (A + B) /
                  (A * A / (t.n - 1) + B * B / (c.n - 1));
        out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), out->df);
        tq = gsl_cdf_tdist_Qinv((1 - conf) / 2, out->df);
        out->ci[0] = out->estimate - tq * se;
        out->ci[1] = out->estimate + tq * se;
        return FK_OK;
}
