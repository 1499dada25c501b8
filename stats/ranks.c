/* Rank statistics for two independent samples with frequency weights: the
 * Wilcoxon rank-sum test with the Hodges–Lehmann shift and its interval (as
 * R wilcox.test) and the Brunner–Munzel test; see include/fkstat/ranks.h and
 * METHODS.md, "Rank statistics".
 *
 * Both work on the sorted distinct values of each arm with their weight sums,
 * never on the expanded sample: midranks, placements and tie groups follow
 * from cumulative weights, and order statistics of the pairwise differences
 * are selected by counting (see select_diff), so the cost depends on the
 * number of distinct values, not on the weights.  The Wilcoxon test also
 * reads arms already sorted, in place (fk_wilcoxon_sorted): a run of equal
 * values is then one distinct value with its length as weight, and nothing
 * is allocated. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* One arm: its sorted distinct values with their weights (d), or its
 * values sorted ascending, each of weight 1, equal ones side by side (x,
 * as fk_wilcoxon_sorted takes them).  Every pass reads either as runs of
 * one value and its weight, in ascending order. */
struct arm {
        struct vw *d;           /* distinct values, ascending, or NULL: */
        const double *x;        /* the sorted values */
        size_t k;               /* entries of d or of x */
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
        a->x = NULL;
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

/* The sorted values x[0..n) as an arm, read in place. */
static int arm_sorted(struct arm *a, const double *x, size_t n,
                      const char *name, struct fk_error *err)
{
        a->d = NULL;
        a->x = x;
        a->k = n;
        a->n = (double)n;
        if (n > 0 && !x)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s arm: no values given", name);
        for (size_t i = 0; i < n; i++) {
                if (!isfinite(x[i]))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "%s arm: value %zu is not finite",
                                            name, i + 1);
                if (i > 0 && x[i] < x[i - 1])
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "%s arm: value %zu is below the "
                                            "one before it", name, i + 1);
        }
        if (a->n > MAX_PAIRS)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s arm: total weight %g is too large",
                                    name, a->n);
        return FK_OK;
}

/* Check the confidence level and the sizes of two read arms; FK_EDOMAIN
 * when one is smaller than min_n.  Releases both on failure. */
static int arms_check(struct arm *t, struct arm *c, double min_n,
                      struct fk_error *err)
{
        int rc = FK_OK;

        if (t->n < min_n || c->n < min_n) {
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
        if (rc != FK_OK) {
                arm_release(t);
                arm_release(c);
                return rc;
        }
        return arms_check(t, c, min_n, err);
}

/* ---- runs: one distinct value of an arm and its weight at a time ------- */

struct run {
        const struct arm *a;
        size_t i, next;         /* this run's first entry, the next run's */
        double v, w;
};

static void run_load(struct run *r)
{
        const struct arm *a = r->a;

        if (r->i >= a->k)
                return;
        if (a->d) {
                r->v = a->d[r->i].v;
                r->w = a->d[r->i].w;
                r->next = r->i + 1;
                return;
        }
        r->v = a->x[r->i];
        r->next = r->i + 1;
        while (r->next < a->k && !(a->x[r->next] > r->v))
                r->next++;
        r->w = (double)(r->next - r->i);
}

static void run_start(struct run *r, const struct arm *a)
{
        r->a = a;
        r->i = r->next = 0;
        r->v = r->w = 0;
        run_load(r);
}

static int run_more(const struct run *r)
{
        return r->i < r->a->k;
}

static void run_step(struct run *r)
{
        r->i = r->next;
        run_load(r);
}

/* Placement of each distinct value of a among b: the weight of b below it
 * plus half the weight equal to it, i.e. its pooled midrank minus its
 * midrank within a; into pl[] by run of a when pl is not NULL.  *ties
 * (when not NULL) is set when a value of a repeats or has a half
 * placement.  Returns the weighted sum of placements. */
static double placements(const struct arm *a, const struct arm *b, double *pl,
                         int *ties)
{
        struct run p, q;
        double below = 0, sum = 0;
        size_t r = 0;

        run_start(&q, b);
        for (run_start(&p, a); run_more(&p); run_step(&p)) {
                double eq = 0, pi;

                while (run_more(&q) && q.v < p.v) {
                        below += q.w;
                        run_step(&q);
                }
                if (run_more(&q) && !(q.v > p.v))
                        eq = q.w;
                pi = below + eq / 2;
                if (pl)
                        pl[r++] = pi;
                if (ties && (p.w > 1 || pi > floor(pi)))
                        *ties = 1;
                sum += p.w * pi;
        }
        return sum;
}

/* Whether a value of a repeats. */
static int repeats(const struct arm *a)
{
        struct run p;

        for (run_start(&p, a); run_more(&p); run_step(&p))
                if (p.w > 1)
                        return 1;
        return 0;
}

/* Sum over tie groups of t^3 - t, written as t (N - t)(N + t) summed over
 * groups (equal because the t add up to N) so that every term is >= 0 and
 * no cancellation occurs; pooled = 1 merges equal values of both arms. */
static double tie_sum(const struct arm *t, const struct arm *c, int pooled)
{
        double N = t->n + c->n, s = 0;
        struct run p, q;

        run_start(&p, t);
        run_start(&q, c);
        while (run_more(&p) || run_more(&q)) {
                double g;

                if (!run_more(&q) || (run_more(&p) && p.v < q.v)) {
                        g = p.w;
                        run_step(&p);
                } else if (!run_more(&p) || q.v < p.v || !pooled) {
                        g = q.w;
                        run_step(&q);
                } else {
                        g = p.w + q.w;
                        run_step(&p);
                        run_step(&q);
                }
                s += g * (N - g) * (N + g);
        }
        return s;
}

/* ---- order statistics of the pairwise differences ---------------------- */

/* The k-th smallest of the n1*n2 weighted differences t_i - c_j is the
 * smallest double d with at least k differences <= d.  fl(t - c) is
 * monotone in t and in c, so for ascending t the differences <= d of
 * t_i are those with c_j from a first column J_i on, and J_i only moves
 * up: one sweep counts them in O(p + q), with no workspace.  A bracket
 * (lo, hi] with fewer than k differences <= lo and at least k <= hi
 * narrows by interpolation and bisection until it holds few differences,
 * which are then listed and sorted (or until lo and hi are neighbouring
 * doubles: then hi).  The result is one of the differences, the same
 * whatever the method. */

/* Weight of the differences <= d; *above and *below (when not NULL)
 * receive the smallest difference > d (+inf when none) and the largest
 * <= d (-inf when none): for trial value i the largest difference <= d
 * is the one at J_i, the smallest above it the one before. */
static double count_le(const struct arm *t, const struct arm *c, double d,
                       double *above, double *below)
{
        double cnt = 0, passed = 0, lo = INFINITY, hi = -INFINITY;
        size_t j = 0, q = c->k;

        if (!t->d && !c->d) {           /* plain: every weight 1 */
                const double *x = t->x, *y = c->x;
                uint64_t n = 0;

                for (size_t i = 0; i < t->k; i++) {
                        while (j < q && x[i] - y[j] > d)
                                j++;
                        n += q - j;
                        if (j > 0 && x[i] - y[j - 1] < lo)
                                lo = x[i] - y[j - 1];
                        if (j < q && x[i] - y[j] > hi)
                                hi = x[i] - y[j];
                }
                cnt = (double)n;
        } else {
                struct run p, r;

                run_start(&r, c);
                for (run_start(&p, t); run_more(&p); run_step(&p)) {
                        while (run_more(&r) && p.v - r.v > d) {
                                passed += r.w;
                                run_step(&r);
                        }
                        cnt += p.w * (c->n - passed);
                        if (above && r.i > 0) {
                                double cv = c->d ? c->d[r.i - 1].v
                                                 : c->x[r.i - 1];

                                if (p.v - cv < lo)
                                        lo = p.v - cv;
                        }
                        if (below && run_more(&r) && p.v - r.v > hi)
                                hi = p.v - r.v;
                }
        }
        if (above)
                *above = lo;
        if (below)
                *below = hi;
        return cnt;
}

/* A bracket of at most LIST_PAIRS differences is listed: its distinct
 * values (at most LIST_DISTINCT, else the listing gives up) with their
 * weights, sorted and counted off. */
#define LIST_PAIRS 16777216.0
#define LIST_DISTINCT 65536

static int cmp_vw_value(const void *a, const void *b)
{
        return cmp_vw(a, b);
}

struct listing {
        struct vw *v;           /* the distinct values, LIST_DISTINCT */
        uint32_t *slot;         /* hash: 1 + index into v, or 0 */
        size_t m;
};

static uint64_t dkey(double x);
static double plus_zero(double d);

/* Add difference x of weight w; 0, or -1 when the values are too many. */
static int list_add(struct listing *l, double x, double w)
{
        uint64_t h = dkey(x) * UINT64_C(0x9e3779b97f4a7c15);
        size_t mask = 2 * LIST_DISTINCT - 1, i = (size_t)(h >> 40) & mask;

        for (; l->slot[i]; i = (i + 1) & mask)
                if (!islessgreater(l->v[l->slot[i] - 1].v, x)) {
                        l->v[l->slot[i] - 1].w += w;
                        return 0;
                }
        if (l->m == LIST_DISTINCT)
                return -1;
        l->v[l->m].v = x;
        l->v[l->m].w = w;
        l->slot[i] = (uint32_t)++l->m;
        return 0;
}

/* The distinct differences in (lo, hi] with their weights into l, in no
 * order (-0 as +0); -1 when more than LIST_DISTINCT. */
static int list_between(const struct arm *t, const struct arm *c,
                        double lo, double hi, struct listing *l)
{
        struct run p, rh, rl;

        l->m = 0;
        memset(l->slot, 0, 2 * LIST_DISTINCT * sizeof *l->slot);
        run_start(&rh, c);
        run_start(&rl, c);
        for (run_start(&p, t); run_more(&p); run_step(&p)) {
                struct run r;

                /* first column <= hi, first column <= lo */
                while (run_more(&rh) && p.v - rh.v > hi)
                        run_step(&rh);
                while (run_more(&rl) && p.v - rl.v > lo)
                        run_step(&rl);
                for (r = rh; run_more(&r) && r.i < rl.i; run_step(&r))
                        if (list_add(l, plus_zero(p.v - r.v), p.w * r.w))
                                return -1;
        }
        return 0;
}

/* Doubles as unsigned keys in their numeric order (-0 just below +0). */
static uint64_t dkey(double x)
{
        uint64_t u;

        memcpy(&u, &x, sizeof u);
        return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

static double dval(uint64_t k)
{
        uint64_t u = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
        double x;

        memcpy(&x, &u, sizeof x);
        return x;
}

static double first_value(const struct arm *a)
{
        return a->d ? a->d[0].v : a->x[0];
}

static double last_value(const struct arm *a)
{
        return a->d ? a->d[a->k - 1].v : a->x[a->k - 1];
}

/* +0 for a zero, as t - t gives it. */
static double plus_zero(double d)
{
        return fpclassify(d) == FP_ZERO ? 0.0 : d;
}

/* A point strictly inside (lo, hi), lo < hi not neighbours: the linear
 * interpolation of the counts cl < k <= ch for target (unless halve);
 * else the middle, in value where that lies inside, else in key. */
static double inside(double lo, double hi, double cl, double ch,
                     double target, int halve)
{
        double d = NAN;

        if (!halve && isfinite(lo) && isfinite(hi) && ch > cl)
                d = lo + (hi - lo) * ((target - cl) / (ch - cl));
        if (!(d > lo && d < hi) && isfinite(lo) && isfinite(hi))
                d = lo / 2 + hi / 2;
        if (!(d > lo && d < hi))
                d = dval(dkey(lo) + (dkey(hi) - dkey(lo)) / 2);
        return d;
}

/* The k-th smallest difference, 1 <= k <= n1*n2 (weighted); NaN and
 * *oom set when out of memory for the list.  The bracket: cl < k
 * differences are <= lo, and hi is a difference with ch >= k <= it; up is
 * the smallest difference above lo, so when up is hi, hi is the answer
 * (between neighbouring differences the counts do not change). */
static double select_diff(const struct arm *t, const struct arm *c, double k,
                          int *oom)
{
        double lo = first_value(t) - last_value(c), cl, ch, up, listed = 0;
        double hi = last_value(t) - first_value(c), d = NAN;
        struct listing l = { NULL, NULL, 0 };
        int halve = 0, gap = 0;

        if ((cl = count_le(t, c, lo, &up, NULL)) >= k)
                return plus_zero(lo);   /* the smallest difference */
        ch = t->n * c->n;
        for (;;) {
                double n, above, below, span = ch - cl, target;

                if (!(up < hi) || dkey(hi) - dkey(lo) <= 1) {
                        d = plus_zero(hi);
                        break;
                }
                /* listed when small, and again only once it has halved */
                if (span <= LIST_PAIRS &&
                    (!(listed > 0) || span <= listed / 2)) {
                        if (!l.v && (!(l.v = malloc(LIST_DISTINCT *
                                                     sizeof *l.v)) ||
                                     !(l.slot = malloc(2 * LIST_DISTINCT *
                                                       sizeof *l.slot)))) {
                                *oom = 1;
                                break;
                        }
                        listed = span;
                        if (!list_between(t, c, lo, hi, &l)) {
                                qsort(l.v, l.m, sizeof *l.v, cmp_vw_value);
                                d = hi;
                                for (size_t i = 0; i < l.m; i++) {
                                        cl += l.v[i].w;
                                        if (cl >= k) {
                                                d = l.v[i].v;
                                                break;
                                        }
                                }
                                break;
                        }
                }
                /* the interpolation aims just past k on the side of the
                 * larger gap, which it should close; a halving after a
                 * step that kept more than half of the bracket */
                target = ch - k > k - cl ? k + (ch - k) / 16
                                         : k - (k - cl) / 16;
                /* after a probe that found no difference above lo, the
                 * next difference itself */
                d = gap ? up : inside(lo, hi, cl, ch, target, halve);
                n = count_le(t, c, d, &above, &below);
                gap = 0;
                if (n >= k) {
                        hi = below;
                        ch = n;
                } else {
                        gap = !(n > cl);
                        lo = d;         /* the probe: the bracket shrinks */
                        cl = n;
                        up = above;
                }
                halve = !halve && ch - cl > span / 2;
        }
        free(l.v);
        free(l.slot);
        return *oom ? NAN : d;
}

/* The (k+1)-th smallest difference given the k-th, d. */
static double select_next(const struct arm *t, const struct arm *c, double k,
                          double d)
{
        double above;

        if (count_le(t, c, d, &above, NULL) >= k + 1)
                return d;
        return plus_zero(above);
}

/* R's median(): the middle order statistic, or the mean of the two. */
static double median_diff(const struct arm *t, const struct arm *c, double M,
                          int *oom)
{
        double a, b, m;

        if (fmod(M, 2.0) > 0)
                return select_diff(t, c, (M + 1) / 2, oom);
        a = select_diff(t, c, M / 2, oom);
        b = select_next(t, c, M / 2, a);
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
static int wilcoxon_exact(const struct arm *t, const struct arm *c,
                          size_t n1, size_t n2, double conf,
                          struct fk_wilcoxon *out)
{
        size_t M = n1 * n2;
        double *cnt = wilcox_counts(n1, n2), total = 0, p, alpha = 1 - conf;
        double achieved;
        long w = (long)out->W, qu, ql;
        int oom = 0;

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
        out->hl_ci[0] = select_diff(t, c, (double)qu, &oom);
        out->hl_ci[1] = select_diff(t, c, (double)ql + 1, &oom);
        return oom ? FK_ENOMEM : FK_OK;
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

/* The test on two read arms, which it releases. */
static int wilcoxon_arms(struct arm *t, struct arm *c, double conf,
                         struct fk_wilcoxon *out, struct fk_error *err)
{
        double N, M, sigma, sigma0, zq;
        int rc = FK_OK, ties = 0, oom = 0;

        N = t->n + c->n;
        M = t->n * c->n;
        out->W = placements(t, c, NULL, &ties);
        if (repeats(c))
                ties = 1;
        out->hl = median_diff(t, c, M, &oom);
        out->exact = t->n < EXACT_LIMIT && c->n < EXACT_LIMIT && !ties;
        if (out->exact) {
                rc = wilcoxon_exact(t, c, (size_t)t->n, (size_t)c->n, conf,
                                    out);
                goto done;
        }
        /* Normal approximation with tie and continuity correction. */
        sigma = sqrt(M / 12 * tie_sum(t, c, 1) / (N * (N - 1)));
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
        if (!(first_value(t) < last_value(t)) &&
            !(first_value(c) < last_value(c))) {
                /* One difference only: R's W(d) is 0/0 there. */
                out->hl_ci[0] = out->hl_ci[1] = NAN;
                goto done;
        }
        sigma0 = sqrt(M / 12 * tie_sum(t, c, 0) / (N * (N - 1)));
        zq = gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
        out->hl_ci[0] = select_diff(t, c, crossing_count(M, zq * sigma0),
                                    &oom);
        out->hl_ci[1] = select_diff(t, c, crossing_count(M, -zq * sigma0),
                                    &oom);
done:
        if (oom && !rc)
                rc = FK_ENOMEM;
        arm_release(t);
        arm_release(c);
        if (rc != FK_OK)
                return fk_error_set(err, rc, NULL, 0, "out of memory");
        return FK_OK;
}

int fk_wilcoxon(const double *x1, const double *w1, size_t n1,
                const double *x2, const double *w2, size_t n2, double conf,
                struct fk_wilcoxon *out, struct fk_error *err)
{
        struct arm t, c;
        int rc = arms_init(&t, &c, x1, w1, n1, x2, w2, n2, conf, 1, err);

        if (rc != FK_OK)
                return rc;
        return wilcoxon_arms(&t, &c, conf, out, err);
}

int fk_wilcoxon_sorted(const double *x1, size_t n1, const double *x2,
                       size_t n2, double conf, struct fk_wilcoxon *out,
                       struct fk_error *err)
{
        struct arm t, c;
        int rc;

        if ((rc = fk_check_conf(conf, NULL, err)) != FK_OK ||
            (rc = arm_sorted(&t, x1, n1, "trial", err)) != FK_OK ||
            (rc = arm_sorted(&c, x2, n2, "control", err)) != FK_OK ||
            (rc = arms_check(&t, &c, 1, err)) != FK_OK)
                return rc;
        return wilcoxon_arms(&t, &c, conf, out, err);
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
        out->estimate = placements(&t, &c, pt, NULL) / t.n / c.n;
        placements(&c, &t, pc, NULL);
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
