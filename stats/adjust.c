/* Multiple-comparison adjustment of p-values: the step-down (Holm),
 * step-up (Hochberg, Benjamini–Hochberg, Benjamini–Yekutieli) and
 * single-step (Bonferroni) procedures, written as R's p.adjust writes them
 * so that the numbers agree to the last bit where the arithmetic allows.
 * See include/fkstat/adjust.h and METHODS.md, "adjust". */
#include <math.h>
#include <stdlib.h>
#include <strings.h>

#include "fkstat/adjust.h"

static const char *const NAMES[] = { "holm", "hochberg", "bh", "bonferroni",
                                     "by" };

const char *fk_adjust_method_name(enum fk_adjust_method m)
{
        return (unsigned)m < sizeof NAMES / sizeof *NAMES ? NAMES[m] : "?";
}

int fk_adjust_method_parse(const char *name)
{
        for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
                if (!strcasecmp(name, NAMES[i]))
                        return (int)i;
        if (!strcasecmp(name, "fdr"))
                return FK_ADJ_BH;
        return -1;
}

static const double *sort_p;

/* Ascending p, ties in input order (R's order() is stable). */
static int cmp_up(const void *a, const void *b)
{
        size_t i = *(const size_t *)a, j = *(const size_t *)b;

        if (sort_p[i] < sort_p[j])
                return -1;
        if (sort_p[i] > sort_p[j])
                return 1;
        return (i > j) - (i < j);
}

/* Descending p, ties in input order (order(p, decreasing = TRUE)). */
static int cmp_down(const void *a, const void *b)
{
        size_t i = *(const size_t *)a, j = *(const size_t *)b;

        if (sort_p[i] > sort_p[j])
                return -1;
        if (sort_p[i] < sort_p[j])
                return 1;
        return (i > j) - (i < j);
}

int fk_adjust_p(const double *p, size_t n, enum fk_adjust_method m,
                double *out, struct fk_error *err)
{
        size_t *o, lp = 0;
        double dn, q = 1.0, run;

        if ((unsigned)m >= sizeof NAMES / sizeof *NAMES)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "unknown adjustment method");
        for (size_t i = 0; i < n; i++) {
                if (isnan(p[i]))
                        continue;
                if (!(p[i] >= 0.0 && p[i] <= 1.0))
                        return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                            "p-value %zu is %g, outside "
                                            "[0, 1]", i, p[i]);
                lp++;
        }
        if (out != p)
                for (size_t i = 0; i < n; i++)
                        out[i] = p[i];
        if (lp <= 1)
                return FK_OK;
        o = malloc(lp * sizeof *o);
        if (!o)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        lp = 0;
        for (size_t i = 0; i < n; i++)
                if (!isnan(out[i]))
                        o[lp++] = i;
        dn = (double)lp;
        sort_p = out;
        switch (m) {
        case FK_ADJ_BONFERRONI:
                for (size_t k = 0; k < lp; k++)
                        out[o[k]] = fmin(1.0, dn * out[o[k]]);
                break;
        case FK_ADJ_HOLM:
                /* pmin(1, cummax((n + 1 - i) * p[o])), i = 1..n */
                qsort(o, lp, sizeof *o, cmp_up);
                run = -INFINITY;
                for (size_t k = 0; k < lp; k++) {
                        double v = (dn - (double)k) * out[o[k]];

                        run = v > run ? v : run;
                        out[o[k]] = fmin(1.0, run);
                }
                break;
        case FK_ADJ_BY:
                q = 0.0;
                for (size_t k = 1; k <= lp; k++)
                        q += 1.0 / (double)k;
                /* fall through */
        case FK_ADJ_HOCHBERG:
        case FK_ADJ_BH:
                /* decreasing p, i = n..1: pmin(1, cummin(w_i * p[o])) with
                 * w_i = n + 1 - i (Hochberg), n / i (BH), q n / i (BY) */
                qsort(o, lp, sizeof *o, cmp_down);
                run = INFINITY;
                for (size_t k = 0; k < lp; k++) {
                        double i = dn - (double)k, v;

                        if (m == FK_ADJ_HOCHBERG)
                                v = (dn + 1.0 - i) * out[o[k]];
                        else if (m == FK_ADJ_BH)
                                v = dn / i * out[o[k]];
                        else
                                v = q * dn / i * out[o[k]];
                        run = v < run ? v : run;
                        out[o[k]] = fmin(1.0, run);
                }
                break;
        }
        free(o);
        return FK_OK;
}
