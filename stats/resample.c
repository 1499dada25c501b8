/* Wild cluster bootstrap and randomization loops; see stats/resample.h. */
#include "stats/resample.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sf_gamma.h>

#include "fkstat/progress.h"

/* Progress every 4096 iterations of the loops below. */
#define TICK(r, total) do {                                             \
        if (((r) & 4095) == 4095)                                       \
                fk_progress_report((double)(r) + 1, (double)(total));   \
} while (0)

static const double webb[6] = {
        -1.2247448713915890491, -1.0, -0.70710678118654752440,
        0.70710678118654752440, 1.0, 1.2247448713915890491
};
static const double rademacher[2] = { -1.0, 1.0 };

int fk_wild_p(size_t G, size_t reps, gsl_rng *rng, fk_wild_stat stat,
              void *ctx, double *p, size_t *count, const char **weights)
{
        int rad = G >= 12;
        size_t nv = rad ? 2 : 6, g, r, total;
        const double *vals = rad ? rademacher : webb;
        double *v = malloc((G ? G : 1) * sizeof *v);
        size_t *idx = calloc(G ? G : 1, sizeof *idx);
        double t0, hit = 0, all;

        *weights = rad ? "rademacher" : "webb";
        *p = NAN;
        *count = 0;
        if (!v || !idx) {
                free(v);
                free(idx);
                return -1;
        }
        for (g = 0; g < G; g++)
                v[g] = 1.0;
        t0 = fabs(stat(v, ctx));
        all = pow((double)nv, (double)G);
        if (!isfinite(t0) || G == 0) {
                /* nothing to compare with */
        } else if (all <= (double)reps) {
                total = (size_t)all;
                for (g = 0; g < G; g++)
                        v[g] = vals[0];
                for (r = 0; r < total; r++) {
                        TICK(r, total);
                        if (fabs(stat(v, ctx)) >= t0 * FK_TIE_SLACK)
                                hit++;
                        for (g = 0; g < G; g++) {
                                if (++idx[g] < nv) {
                                        v[g] = vals[idx[g]];
                                        break;
                                }
                                idx[g] = 0;
                                v[g] = vals[0];
                        }
                }
                *p = hit / (double)total;
                *count = total;
        } else if (reps > 0) {
                /* Rademacher signs 32 to a draw of the generator when it
                 * gives 32 random bits (mt19937 does) */
                int bits32 = rad && gsl_rng_min(rng) == 0 &&
                             gsl_rng_max(rng) == 0xffffffffUL;

                for (r = 0; r < reps; r++) {
                        TICK(r, reps);
                        if (bits32) {
                                unsigned long b = 0;

                                for (g = 0; g < G; g++, b >>= 1) {
                                        if (g % 32 == 0)
                                                b = gsl_rng_get(rng);
                                        v[g] = vals[b & 1];
                                }
                        } else {
                                for (g = 0; g < G; g++)
                                        v[g] = vals[gsl_rng_uniform_int(rng,
                                                                        nv)];
                        }
                        if (fabs(stat(v, ctx)) >= t0 * FK_TIE_SLACK)
                                hit++;
                }
                *p = hit / (double)reps;
                *count = reps;
        }
        free(v);
        free(idx);
        return 0;
}

int fk_ri_p(size_t G, size_t k, double obs, size_t reps, gsl_rng *rng,
            fk_ri_stat stat, void *ctx, double *p, double *count, int *exact)
{
        double combos, hit = 0, n = 0, lim = fabs(obs) * FK_TIE_SLACK;
        size_t *ix = malloc((k + 1) * sizeof *ix);
        size_t *perm = malloc((G + 1) * sizeof *perm);
        size_t j, r;

        *p = NAN;
        *count = 0;
        *exact = 0;
        if (!ix || !perm) {
                free(ix);
                free(perm);
                return -1;
        }
        if (k == 0 || k >= G || !isfinite(obs)) {
                free(ix);
                free(perm);
                return 0;
        }
        combos = floor(exp(gsl_sf_lnchoose((unsigned)G, (unsigned)k)) + 0.5);
        if (combos <= FK_RI_EXACT_MAX) {
                for (j = 0; j < k; j++)
                        ix[j] = j;
                for (;;) {
                        TICK((size_t)n, combos);
                        if (fabs(stat(ix, k, ctx)) >= lim)
                                hit++;
                        n++;
                        j = k;
                        while (j > 0 && ix[j - 1] == G - k + j - 1)
                                j--;
                        if (j == 0)
                                break;
                        ix[j - 1]++;
                        for (; j < k; j++)
                                ix[j] = ix[j - 1] + 1;
                }
                *exact = 1;
        } else {
                for (j = 0; j < G; j++)
                        perm[j] = j;
                for (r = 0; r < reps; r++) {
                        TICK(r, reps);
                        /* partial Fisher-Yates: the first k are the draw */
                        for (j = 0; j < k; j++) {
                                size_t s = j + gsl_rng_uniform_int(rng, G - j);
                                size_t t = perm[j];

                                perm[j] = perm[s];
                                perm[s] = t;
                        }
                        if (fabs(stat(perm, k, ctx)) >= lim)
                                hit++;
                        n++;
                }
        }
        *count = n;
        *p = n > 0 ? hit / n : NAN;
        free(ix);
        free(perm);
        return 0;
}
