/* Merging equal observations in order of first appearance; see merge.h. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analyse/merge.h"

struct rec {
        size_t cl;
        int arm;
        double y, e, w;
        size_t at;              /* position of the first occurrence */
};

static int cmp_double(double a, double b)
{
        if (a < b)
                return -1;
        if (a > b)
                return 1;
        return (signbit(b) != 0) - (signbit(a) != 0);
}

static int cmp_value(const struct rec *a, const struct rec *b)
{
        int c;

        if (a->cl != b->cl)
                return a->cl < b->cl ? -1 : 1;
        if (a->arm != b->arm)
                return a->arm < b->arm ? -1 : 1;
        if ((c = cmp_double(a->y, b->y)))
                return c;
        return cmp_double(a->e, b->e);
}

static int cmp_rec(const void *pa, const void *pb)
{
        const struct rec *a = pa, *b = pb;
        int c = cmp_value(a, b);

        if (c)
                return c;
        return (a->at > b->at) - (a->at < b->at);
}

static int cmp_at(const void *pa, const void *pb)
{
        const struct rec *a = pa, *b = pb;

        return (a->at > b->at) - (a->at < b->at);
}

/* Merge equal records of r[0..n) (r[i].at = i) into the first of each,
 * keeping the order of first occurrence; returns the new count.  Weights
 * are whole numbers, so their sums do not depend on the order. */
static size_t merge(struct rec *r, size_t n)
{
        size_t k = 0;

        qsort(r, n, sizeof *r, cmp_rec);
        for (size_t i = 0; i < n; i++) {
                if (k && !cmp_value(&r[k - 1], &r[i]))
                        r[k - 1].w += r[i].w;
                else
                        r[k++] = r[i];
        }
        qsort(r, k, sizeof *r, cmp_at);
        return k;
}

/* Samples need only the value: records of 24 bytes instead of 48, in
 * the same order as merge() sorts (the value, then the position). */
struct srec {
        double y, w;
        size_t at;
};

static int cmp_srec(const void *pa, const void *pb)
{
        const struct srec *a = pa, *b = pb;
        int c = cmp_double(a->y, b->y);

        if (c)
                return c;
        return (a->at > b->at) - (a->at < b->at);
}

static int cmp_srec_at(const void *pa, const void *pb)
{
        const struct srec *a = pa, *b = pb;

        return (a->at > b->at) - (a->at < b->at);
}

size_t merge_samples(double *x, double *w, size_t k)
{
        struct srec *r = malloc((k + 1) * sizeof *r);
        size_t m = 0;

        if (!r)
                return (size_t)-1;
        for (size_t i = 0; i < k; i++)
                r[i] = (struct srec){ x[i], w[i], i };
        qsort(r, k, sizeof *r, cmp_srec);
        for (size_t i = 0; i < k; i++) {
                if (m && !cmp_double(r[m - 1].y, r[i].y))
                        r[m - 1].w += r[i].w;
                else
                        r[m++] = r[i];
        }
        qsort(r, m, sizeof *r, cmp_srec_at);
        for (size_t i = 0; i < m; i++) {
                x[i] = r[i].y;
                w[i] = r[i].w;
        }
        free(r);
        return m;
}

size_t merge_durations(double *t, double *e, double *w, size_t k)
{
        struct rec *r = malloc((k + 1) * sizeof *r);
        size_t m;

        if (!r)
                return (size_t)-1;
        for (size_t i = 0; i < k; i++)
                r[i] = (struct rec){ 0, 0, t[i], e[i], w[i], i };
        m = merge(r, k);
        for (size_t i = 0; i < m; i++) {
                t[i] = r[i].y;
                e[i] = r[i].e;
                w[i] = r[i].w;
        }
        free(r);
        return m;
}

size_t merge_cluster_rows(double *y, double *e, double *w, int *arm,
                          size_t *cl, size_t n)
{
        struct rec *r = malloc((n + 1) * sizeof *r);
        size_t m;

        if (!r)
                return (size_t)-1;
        for (size_t i = 0; i < n; i++)
                r[i] = (struct rec){ cl[i], arm[i], y[i], e[i], w[i], i };
        m = merge(r, n);
        for (size_t i = 0; i < m; i++) {
                y[i] = r[i].y;
                e[i] = r[i].e;
                w[i] = r[i].w;
                arm[i] = r[i].arm;
                cl[i] = r[i].cl;
        }
        free(r);
        return m;
}

/* Cluster rows without events: records of 32 bytes instead of 48, in the
 * same order as merge() sorts (cluster, arm, value, position; every event
 * 0 compares equal). */
struct crec {
        double y, w;
        uint32_t cl;
        int32_t arm;
        size_t at;
};

static int cmp_crec_value(const struct crec *a, const struct crec *b)
{
        if (a->cl != b->cl)
                return a->cl < b->cl ? -1 : 1;
        if (a->arm != b->arm)
                return a->arm < b->arm ? -1 : 1;
        return cmp_double(a->y, b->y);
}

static int cmp_crec(const void *pa, const void *pb)
{
        const struct crec *a = pa, *b = pb;
        int c = cmp_crec_value(a, b);

        if (c)
                return c;
        return (a->at > b->at) - (a->at < b->at);
}

static int cmp_crec_at(const void *pa, const void *pb)
{
        const struct crec *a = pa, *b = pb;

        return (a->at > b->at) - (a->at < b->at);
}

size_t merge_cluster_samples(double *y, double *w, int *arm, size_t *cl,
                             size_t n)
{
        struct crec *r;
        size_t m = 0;

        for (size_t i = 0; i < n; i++)  /* the clusters number fewer */
                if (cl[i] > UINT32_MAX)
                        return (size_t)-2;
        if (!(r = malloc((n + 1) * sizeof *r)))
                return (size_t)-1;
        for (size_t i = 0; i < n; i++)
                r[i] = (struct crec){ y[i], w[i], (uint32_t)cl[i], arm[i], i };
        qsort(r, n, sizeof *r, cmp_crec);
        for (size_t i = 0; i < n; i++) {
                if (m && !cmp_crec_value(&r[m - 1], &r[i]))
                        r[m - 1].w += r[i].w;
                else
                        r[m++] = r[i];
        }
        qsort(r, m, sizeof *r, cmp_crec_at);
        for (size_t i = 0; i < m; i++) {
                y[i] = r[i].y;
                w[i] = r[i].w;
                arm[i] = r[i].arm;
                cl[i] = r[i].cl;
        }
        free(r);
        return m;
}
