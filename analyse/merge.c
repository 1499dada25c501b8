/* Merging equal observations in order of first appearance; see merge.h.
 *
 * One pass over the rows with a hash table of the rows kept so far: a row
 * equal to a kept one adds its weight to it, any other row is kept, moved
 * down to the next free position of the same arrays.  The weights of a
 * kept row are so summed in the order of the rows, as a sort by (value,
 * position) followed by a sort by position would sum them, and the kept
 * rows stay in the order of first occurrence; the scratch memory is the
 * table alone (4 bytes a slot, at most twice the slots of the kept rows
 * and at least 1024), where two sorts of copied records needed 50 to 100
 * bytes a row and time n log n. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/merge.h"

/* The rows, as the callers hand them: e, arm and cl may be NULL (then
 * not part of the key). */
struct rows {
        double *y, *e, *w;
        int *arm;
        size_t *cl;
};

static uint64_t bits(double x)
{
        uint64_t b;

        memcpy(&b, &x, sizeof b);
        return b;
}

/* Equal as the statistics count them: the same number, -0 and +0 apart
 * (the values are finite, so equal bits). */
static int same_row(const struct rows *r, size_t i, size_t j)
{
        return bits(r->y[i]) == bits(r->y[j]) &&
               (!r->e || bits(r->e[i]) == bits(r->e[j])) &&
               (!r->arm || r->arm[i] == r->arm[j]) &&
               (!r->cl || r->cl[i] == r->cl[j]);
}

static uint64_t mix(uint64_t h)
{
        h ^= h >> 33;
        h *= UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 33;
        h *= UINT64_C(0xc4ceb9fe1a85ec53);
        return h ^ (h >> 33);
}

static uint64_t hash_row(const struct rows *r, size_t i)
{
        uint64_t h = mix(bits(r->y[i]));

        if (r->e)
                h = mix(h ^ bits(r->e[i]));
        if (r->arm)
                h = mix(h ^ (uint64_t)(unsigned)r->arm[i]);
        if (r->cl)
                h = mix(h ^ (uint64_t)r->cl[i]);
        return h;
}

/* The empty slot of row i's key in slot[0..mask], or the slot holding
 * the kept row equal to it. */
static size_t probe(const struct rows *r, const uint32_t *slot, size_t mask,
                    size_t i)
{
        size_t s = (size_t)hash_row(r, i) & mask;

        while (slot[s] && !same_row(r, slot[s] - 1, i))
                s = (s + 1) & mask;
        return s;
}

/* The table of twice as many slots for the kept rows r[0..k), or NULL. */
static uint32_t *grow(const struct rows *r, uint32_t *slot, size_t *mask,
                      size_t k)
{
        size_t cap = 2 * (*mask + 1);
        uint32_t *bigger = calloc(cap, sizeof *bigger);

        free(slot);
        if (!bigger)
                return NULL;
        *mask = cap - 1;
        for (size_t j = 0; j < k; j++)
                bigger[probe(r, bigger, *mask, j)] = (uint32_t)(j + 1);
        return bigger;
}

static void move_row(const struct rows *r, size_t to, size_t from)
{
        r->y[to] = r->y[from];
        r->w[to] = r->w[from];
        if (r->e)
                r->e[to] = r->e[from];
        if (r->arm)
                r->arm[to] = r->arm[from];
        if (r->cl)
                r->cl[to] = r->cl[from];
}

static size_t merge_rows(const struct rows *r, size_t n)
{
        size_t mask = 1023, k = 0;
        uint32_t *slot;

        if (n >= UINT32_MAX)    /* slots hold the position + 1 */
                return (size_t)-1;
        if (!(slot = calloc(mask + 1, sizeof *slot)))
                return (size_t)-1;
        for (size_t i = 0; i < n; i++) {
                size_t s = probe(r, slot, mask, i);

                if (slot[s]) {
                        r->w[slot[s] - 1] += r->w[i];
                        continue;
                }
                move_row(r, k, i);
                slot[s] = (uint32_t)(k + 1);
                if (++k > (mask + 1) / 2 &&
                    !(slot = grow(r, slot, &mask, k)))
                        return (size_t)-1;
        }
        free(slot);
        return k;
}

size_t merge_samples(double *x, double *w, size_t k)
{
        struct rows r = { x, NULL, w, NULL, NULL };

        return merge_rows(&r, k);
}

size_t merge_durations(double *t, double *e, double *w, size_t k)
{
        struct rows r = { t, e, w, NULL, NULL };

        return merge_rows(&r, k);
}

size_t merge_cluster_rows(double *y, double *e, double *w, int *arm,
                          size_t *cl, size_t n)
{
        struct rows r = { y, e, w, arm, cl };

        return merge_rows(&r, n);
}

size_t merge_cluster_samples(double *y, double *w, int *arm, size_t *cl,
                             size_t n)
{
        struct rows r = { y, NULL, w, arm, cl };

        return merge_rows(&r, n);
}
