/* Cluster-level inference of an outcome (--cluster): ICC, CR2, wild
 * bootstrap and randomization for binary and numeric outcomes, the Lin–Wei
 * Cox and randomization on the log hazard ratio for time to job.  Split
 * from report/analyse.c; see include/fkstat/analyse.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/analyse.h"
#include "fkstat/cluster.h"
#include "fkstat/coxcluster.h"
#include "report/analyse_int.h"
#include "report/merge.h"

/* Cluster-level inference (--cluster): collect (y, weight, arm, cluster)
 * per observation, binary outcomes as 0/1 (aggregated rows as two
 * entries), and fill r->cl. */
struct cluster_rows {
        double *y, *e, *w;              /* e: survival events, else 0 */
        int *arm;
        size_t *cl, n, cap;
        const char **names;
        size_t G, gcap;
};

static void cluster_rows_free(struct cluster_rows *c)
{
        free(c->y);
        free(c->e);
        free(c->w);
        free(c->arm);
        free(c->cl);
        free(c->names);
}

static int cluster_push(struct cluster_rows *c, double y, double e, double w,
                        int arm, const char *name, struct fk_error *err)
{
        size_t g;

        if (!(w > 0))
                return FK_OK;
        for (g = c->G; g > 0; g--)
                if (!strcmp(c->names[g - 1], name))
                        break;
        if (g == 0) {
                if (c->G == c->gcap) {
                        size_t cap = c->gcap ? 2 * c->gcap : 32;
                        const char **nn = realloc(c->names, cap * sizeof *nn);

                        if (!nn)
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        c->names = nn;
                        c->gcap = cap;
                }
                c->names[c->G++] = name;
                g = c->G;
        }
        if (c->n == c->cap) {
                size_t cap = c->cap ? 2 * c->cap : 1024;
                double *ny = realloc(c->y, cap * sizeof *ny);
                double *ne = ny ? realloc(c->e, cap * sizeof *ne) : NULL;
                double *nw = ne ? realloc(c->w, cap * sizeof *nw) : NULL;
                int *na = nw ? realloc(c->arm, cap * sizeof *na) : NULL;
                size_t *nc = na ? realloc(c->cl, cap * sizeof *nc) : NULL;

                if (ny)
                        c->y = ny;
                if (ne)
                        c->e = ne;
                if (nw)
                        c->w = nw;
                if (na)
                        c->arm = na;
                if (!nc)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                c->cl = nc;
                c->cap = cap;
        }
        c->y[c->n] = y;
        c->e[c->n] = e;
        c->w[c->n] = w;
        c->arm[c->n] = arm;
        c->cl[c->n++] = g - 1;
        return FK_OK;
}

/* Survival outcome: Lin–Wei robust Cox and randomization inference on the
 * log hazard ratio into r->cox_cl; the clusters and the randomization p
 * also into r->cl, whose ICC, CR2 and wild bootstrap stay NaN. */
static int cox_cluster(const struct cluster_rows *c,
                       const struct fk_compare_spec *o,
                       struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_coxcluster_data d = { c->y, c->e, c->w, c->arm, c->cl, c->n,
                                        c->G };
        struct fk_coxcluster_result *x = &r->cox_cl;
        struct fk_cluster_result *k = &r->cl;
        int rc = fk_coxcluster_robust(&d, o->ties, o->conf, x, err);

        if (!rc)
                rc = fk_coxcluster_randomization(&d, o->ties, (size_t)o->reps,
                                                 o->seed, x, err);
        if (rc)
                return rc;
        k->clusters[0] = x->clusters[0];
        k->clusters[1] = x->clusters[1];
        k->icc = k->design_effect = k->estimate = k->se = k->df = NAN;
        k->ci[0] = k->ci[1] = k->p_value = k->wild_p = NAN;
        k->wild_reps = 0;
        k->wild_weights = NULL;
        k->ri_p = x->ri_p;
        k->ri_assignments = x->ri_assignments;
        k->ri_exact = x->ri_exact;
        if (isfinite(x->se))
                fk_result_note(r, "the verdict uses the individual-level "
                               "interval; with whole municipalities assigned, "
                               "the cluster-robust (Lin-Wei) interval of the "
                               "hazard ratio [%.4g, %.4g] is the one to judge "
                               "by", x->ci[0], x->ci[1]);
        else if (isinf(x->beta))
                fk_result_note(r, "the hazard ratio is 0 or infinite, so there "
                               "is no cluster-robust interval");
        else
                fk_result_note(r, "no cluster-robust hazard ratio could be "
                               "computed (no job entries)");
        if (x->clusters[0] + x->clusters[1] < 30)
                fk_result_note(r, "with %zu clusters the Lin-Wei standard "
                               "error tends to be too small; the randomization "
                               "p-value is the safer guide",
                               x->clusters[0] + x->clusters[1]);
        return FK_OK;
}

int analyse_cluster(const struct fk_table *t, const struct fk_arms *a,
                           long ccol, long ocol, long scol, long tcol,
                           long fcol, const struct fk_compare_spec *o,
                           struct fk_outcome_result *r, struct fk_error *err)
{
        struct cluster_rows c = { NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, 0,
                                  0 };
        struct fk_cluster_data d;
        size_t nocl = 0;
        int surv = r->type == FK_TYPE_SURVIVAL, rc = FK_OK;
        long tm = surv ? fk_table_col(t, o->time) : -1;
        long ev = surv ? fk_table_col(t, o->event) : -1;

        for (size_t row = 0; row < fk_table_nrows(t) && !rc; row++) {
                int arm = fk_arms_of_row(a, t, row), v, miss_s, miss_t;
                const char *name, *cell;
                double w, x, s = 0, k = 0;

                if (arm < 0)
                        continue;
                if ((rc = analyse_row_weight(t, fcol, row, &w, err)) != FK_OK)
                        break;
                name = fk_table_cell(t, row, (size_t)ccol);
                if (tm >= 0) {
                        const char *ts = fk_table_cell(t, row, (size_t)tm);
                        const char *es = fk_table_cell(t, row, (size_t)ev);

                        if (!ts || !es || fk_parse_binary(es, &v) ||
                            fk_parse_double(ts, fk_table_decimal(t), &x))
                                continue;       /* reported before */
                        if (!name) {
                                nocl++;
                                continue;
                        }
                        rc = cluster_push(&c, x, v, w, arm, name, err);
                        continue;
                }
                if (ocol < 0) {
                        if ((rc = analyse_count_cell(t, scol, row, &s, &miss_s, err)) ||
                            (rc = analyse_count_cell(t, tcol, row, &k, &miss_t, err)))
                                break;
                        if (miss_s || miss_t)
                                continue;
                        if (!name) {
                                nocl++;
                                continue;
                        }
                        rc = cluster_push(&c, 1, 0, w * s, arm, name, err);
                        if (!rc)
                                rc = cluster_push(&c, 0, 0, w * (k - s), arm,
                                                  name, err);
                        continue;
                }
                cell = fk_table_cell(t, row, (size_t)ocol);
                if (!cell)
                        continue;
                if (!name) {
                        nocl++;
                        continue;
                }
                if (r->type == FK_TYPE_BINARY) {
                        if (fk_parse_binary(cell, &v))
                                continue;       /* reported by the tally */
                        x = v;
                } else if (fk_parse_double(cell, fk_table_decimal(t), &x)) {
                        continue;
                }
                rc = cluster_push(&c, x, 0, w, arm, name, err);
        }
        if (!rc && (c.n = merge_cluster_rows(c.y, c.e, c.w, c.arm, c.cl,
                                             c.n)) == (size_t)-1) {
                c.n = 0;
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        if (!rc && surv) {
                rc = cox_cluster(&c, o, r, err);
        } else if (!rc) {
                d = (struct fk_cluster_data){ c.y, c.w, c.arm, c.cl, c.n, c.G };
                rc = fk_cluster_compare(&d, o->conf, (size_t)o->reps, o->seed,
                                        &r->cl, err);
                if (!rc)
                        fk_result_note(r, "the verdict uses the "
                                       "individual-level interval; with whole "
                                       "municipalities assigned, the "
                                       "cluster-robust CR2 interval [%.4g, "
                                       "%.4g] is the one to judge by",
                                       r->cl.ci[0], r->cl.ci[1]);
        }
        if (!rc) {
                r->has_cluster = 1;
                snprintf(r->cluster, sizeof r->cluster, "%s", o->cluster);
                if (nocl)
                        fk_result_note(r, "%zu rows without a value in column "
                                       "'%s' are left out of the cluster-level "
                                       "inference", nocl, o->cluster);
                if (r->cl.clusters[0] < 5 || r->cl.clusters[1] < 5) {
                        fk_result_note(r, "fewer than 5 clusters on a side "
                                       "(%zu trial, %zu control): cluster-level "
                                       "inference is fragile",
                                       r->cl.clusters[0], r->cl.clusters[1]);
                        analyse_say(o, "warning: %s: fewer than 5 clusters on "
                                 "a side (%zu trial, %zu control)", r->outcome,
                                 r->cl.clusters[0], r->cl.clusters[1]);
                }
        }
        cluster_rows_free(&c);
        return rc;
}

