/* A set of names (cells of the table) numbered in order of first
 * appearance, with a hash index so that 40 000 municipalities cost no
 * more than 40; see analyse/internal.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"

#define EMPTY ((size_t)-1)

static uint64_t hash(const char *s)
{
        uint64_t h = 1469598103934665603ULL;    /* FNV-1a */

        while (*s)
                h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
        return h;
}

/* Put index i of the names into the slot table (which has room). */
static void place(struct name_set *ns, size_t i)
{
        size_t mask = ns->nslot - 1, j = (size_t)hash(ns->names[i]) & mask;

        while (ns->slot[j] != EMPTY)
                j = (j + 1) & mask;
        ns->slot[j] = i;
}

static int grow(struct name_set *ns)
{
        size_t cap = ns->cap ? 2 * ns->cap : 32;
        const char **nn = realloc(ns->names, cap * sizeof *nn);
        size_t *slot;

        if (!nn)
                return -1;
        ns->names = nn;
        ns->cap = cap;
        slot = malloc(2 * cap * sizeof *slot);
        if (!slot)
                return -1;
        free(ns->slot);
        ns->slot = slot;
        ns->nslot = 2 * cap;
        for (size_t j = 0; j < ns->nslot; j++)
                ns->slot[j] = EMPTY;
        for (size_t i = 0; i < ns->n; i++)
                place(ns, i);
        return 0;
}

size_t name_set_index(struct name_set *ns, const char *name)
{
        size_t mask, j;

        if (ns->n && !strcmp(ns->names[ns->last], name))
                return ns->last;        /* tables come sorted */
        if (ns->nslot) {
                mask = ns->nslot - 1;
                for (j = (size_t)hash(name) & mask; ns->slot[j] != EMPTY;
                     j = (j + 1) & mask)
                        if (!strcmp(ns->names[ns->slot[j]], name))
                                return ns->last = ns->slot[j];
        }
        if (ns->n == ns->cap && grow(ns))
                return EMPTY;
        ns->names[ns->n] = name;
        place(ns, ns->n);
        return ns->last = ns->n++;
}

void name_set_release(struct name_set *ns)
{
        free(ns->names);
        free(ns->slot);
        memset(ns, 0, sizeof *ns);
}
