/* Randomization inference for staggered starts: the simple aggregate
 * ATT under reassignments of the observed starts (never included) to the
 * units; see stats/staggered_int.h and METHODS.md, "Staggered starts".
 *
 * With class sums S_c,t = sum of Y_it over the units of class c, each
 * ATT(g,t) is (S_g,t - S_g,b) / n_g minus the same over the comparison
 * classes, and the simple aggregate weights them by n_g.  The class sizes
 * do not change under reassignment, so a reassignment only moves units
 * between the sums: the exact enumeration (distinct permutations of the
 * class labels in lexicographic order) updates the sums for the units
 * whose label changed, on average a few per step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "fkstat/progress.h"
#include "stats/resample.h"
#include "stats/staggered_int.h"

static double simple_att(const struct fk_stagger_ri *in, const double *S)
{
        double num = 0, den = 0;

        for (size_t k = 0; k < in->nterm; k++) {
                size_t g = in->g[k], t = in->t[k], b = in->b[k];
                double sc = 0, nc = 0, att;

                for (size_t j = 0; j < in->nctrl[k]; j++) {
                        size_t c = in->ctrl[k][j];

                        sc += S[c * in->T + t] - S[c * in->T + b];
                        nc += (double)in->size[c];
                }
                att = (S[g * in->T + t] - S[g * in->T + b]) /
                      (double)in->size[g] - sc / nc;
                num += (double)in->size[g] * att;
                den += (double)in->size[g];
        }
        return num / den;
}

/* Add (sign +1) or remove (-1) units [from, n) with labels a to S. */
static void move(const struct fk_stagger_ri *in, const size_t *a, size_t from,
                 double sign, double *S)
{
        for (size_t j = from; j < in->n; j++) {
                const double *y = in->Y + j * in->T;
                double *s = S + a[j] * in->T;

                for (size_t t = 0; t < in->T; t++)
                        s[t] += sign * y[t];
        }
}

static int cmp_size(const void *x, const void *y)
{
        size_t a = *(const size_t *)x, b = *(const size_t *)y;

        return (a > b) - (a < b);
}

/* The place before the last ascent of a (n labels): the first place the
 * next distinct permutation in lexicographic order changes; n when a is
 * the last permutation. */
static size_t ascent(const size_t *a, size_t n)
{
        size_t i = n > 0 ? n - 1 : 0;

        while (i > 0 && a[i - 1] >= a[i])
                i--;
        return i > 0 ? i - 1 : n;
}

/* Step a to the next distinct permutation, which changes places from f
 * (= ascent(a, n) < n) on. */
static void next_perm(size_t *a, size_t n, size_t f)
{
        size_t j = n - 1, t;

        while (a[j] <= a[f])
                j--;
        t = a[f];
        a[f] = a[j];
        a[j] = t;
        for (size_t l = f + 1, r = n - 1; l < r; l++, r--) {
                t = a[l];
                a[l] = a[r];
                a[r] = t;
        }
}

int fk_stagger_ri_p(const struct fk_stagger_ri *in, size_t reps,
                    unsigned long seed, double *p, double *count, int *exact,
                    struct fk_error *err)
{
        size_t n = in->n, from = 0;
        size_t *a = malloc((n + 1) * sizeof *a);
        double *S = calloc(in->C * in->T + 1, sizeof *S);
        double obs, lim, hit = 0, done = 0, lnk = gsl_sf_lnfact((unsigned)n);
        gsl_rng *rng = NULL;

        *p = *count = NAN;
        *exact = 0;
        if (!a || !S) {
                free(a);
                free(S);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        memcpy(a, in->cls, n * sizeof *a);
        move(in, a, 0, 1, S);
        obs = simple_att(in, S);
        lim = fabs(obs) * FK_TIE_SLACK;
        for (size_t c = 0; c < in->C; c++)
                lnk -= gsl_sf_lnfact((unsigned)in->size[c]);
        if (!isfinite(obs)) {
                free(a);
                free(S);
                return FK_OK;
        }
        if (floor(exp(lnk) + 0.5) <= FK_RI_EXACT_MAX) {
                qsort(a, n, sizeof *a, cmp_size);
                memset(S, 0, in->C * in->T * sizeof *S);
                move(in, a, 0, 1, S);
                for (;;) {
                        if (((size_t)done & 4095) == 4095)
                                fk_progress_report(done + 1, exp(lnk));
                        hit += fabs(simple_att(in, S)) >= lim;
                        done++;
                        from = ascent(a, n);
                        if (from == n)
                                break;
                        /* the sums follow the units that change class;
                         * rebuilt now and then so rounding cannot drift */
                        if (((size_t)done & 255) == 0)
                                from = 0;
                        if (from == 0)
                                memset(S, 0, in->C * in->T * sizeof *S);
                        else
                                move(in, a, from, -1, S);
                        next_perm(a, n, ascent(a, n));
                        move(in, a, from, 1, S);
                }
                *exact = 1;
        } else {
                rng = gsl_rng_alloc(gsl_rng_mt19937);
                if (!rng) {
                        free(a);
                        free(S);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                gsl_rng_set(rng, seed);
                for (size_t r = 0; r < reps; r++) {
                        if ((r & 4095) == 4095)
                                fk_progress_report((double)r + 1, (double)reps);
                        for (size_t j = n - 1; j > 0; j--) {
                                size_t s = gsl_rng_uniform_int(rng, j + 1);
                                size_t t = a[j];

                                a[j] = a[s];
                                a[s] = t;
                        }
                        memset(S, 0, in->C * in->T * sizeof *S);
                        move(in, a, 0, 1, S);
                        hit += fabs(simple_att(in, S)) >= lim;
                        done++;
                }
                gsl_rng_free(rng);
        }
        *count = done;
        *p = done > 0 ? hit / done : NAN;
        free(a);
        free(S);
        return FK_OK;
}
