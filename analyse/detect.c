/* --cluster auto: the municipality column found by its name (kommune,
 * kommunenavn, kommunekode, municipality, cluster; any case) when the arms
 * are nested in it; see include/fkstat/analyse.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/internal.h"

static const char *const cluster_names[] = {
        "kommune", "kommunenavn", "kommunekode", "municipality", "cluster"
};

const char *const *fk_cluster_candidates(size_t *n)
{
        *n = sizeof cluster_names / sizeof *cluster_names;
        return cluster_names;
}

int fk_cluster_auto(const char *cluster)
{
        return !cluster || !strcasecmp(cluster, "auto");
}

int fk_cluster_none(const char *cluster)
{
        return cluster && !strcasecmp(cluster, "none");
}

int analyse_cluster_name(const char *name)
{
        size_t n;

        while (*name == ' ' || *name == '\t')
                name++;
        n = strlen(name);
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
                n--;
        for (size_t i = 0; i < sizeof cluster_names / sizeof *cluster_names;
             i++)
                if (strlen(cluster_names[i]) == n &&
                    !strncasecmp(name, cluster_names[i], n))
                        return 1;
        return 0;
}

/* Whether the arms are nested in column col: every value belongs to one
 * arm only and each arm has at least two values; *missing says whether a
 * row of an arm lacks a value.  FK_ENOMEM. */
static int arms_nested(const struct fk_table *t, const struct fk_arms *a,
                       long col, int *nested, int *missing,
                       struct fk_error *err)
{
        struct name_set ns = { NULL, 0, 0, 0, NULL, 0 };
        int *arm_of = NULL;
        size_t acap = 0, per[2] = { 0, 0 };
        int rc = FK_OK;

        *nested = *missing = 0;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r);
                const char *v;
                size_t i, before = ns.n;

                if (arm < 0)
                        continue;
                if (!(v = fk_table_cell(t, r, (size_t)col))) {
                        *missing = 1;
                        continue;
                }
                if ((i = name_set_index(&ns, v)) == (size_t)-1)
                        goto nomem;
                if (ns.n > before) {            /* a new value */
                        if (ns.n > acap) {
                                size_t nc = acap ? 2 * acap : 64;
                                int *na = realloc(arm_of, nc * sizeof *na);

                                if (!na)
                                        goto nomem;
                                arm_of = na;
                                acap = nc;
                        }
                        arm_of[i] = arm;
                        per[arm]++;
                } else if (arm_of[i] != arm) {
                        goto done;
                }
        }
        *nested = per[0] >= 2 && per[1] >= 2;
        goto done;
nomem:
        rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
done:
        name_set_release(&ns);
        free(arm_of);
        return rc;
}

int fk_cluster_detect(const struct fk_table *t, const struct fk_arms *a,
                      long *col, long *near, struct fk_error *err)
{
        *col = *near = -1;
        for (size_t j = 0; j < fk_table_ncols(t); j++) {
                int nested, missing;

                if (!analyse_cluster_name(fk_table_colname(t, j)))
                        continue;
                if (arms_nested(t, a, (long)j, &nested, &missing, err))
                        return err->code;
                if (nested && !missing) {
                        *col = (long)j;
                        return FK_OK;
                }
                if (nested && *near < 0)
                        *near = (long)j;
        }
        return FK_OK;
}
