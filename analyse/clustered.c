/* The cluster-level analysis of one outcome (people clustered in
 * municipalities) from its collected rows: ICC, CR2, wild cluster
 * bootstrap and randomization for binary and numeric outcomes, the Lin–Wei
 * Cox and randomization on the log hazard ratio for time to job; the
 * per-municipality table; and the verdict on the cluster-level interval.
 * See METHODS.md, "Clustered designs". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "analyse/merge.h"
#include "fkstat/cluster.h"
#include "fkstat/coxcluster.h"
#include "fkstat/means.h"
#include "fkstat/moments.h"
#include "fkstat/proportions.h"
#include "fkstat/survival.h"

/* The cluster-level input: the rows' entries with people (w > 0), merged
 * (merge.h), and the cluster names. */
struct cluster_rows {
        double *y, *e, *w;              /* e: survival events, else NULL
                                           (every event 0) */
        int *arm;
        size_t *cl, n;
        const char **names;             /* clusters with people, in order
                                           of first appearance */
        size_t G;
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

/* The rows' own arrays, taken over and compacted in place: the entries
 * with people, their clusters numbered in order of first appearance; no
 * copy, so the rows cost no more here than when collected. */
static int cluster_rows_from(struct outcome_rows *rows,
                             struct cluster_rows *c, struct fk_error *err)
{
        size_t k, *map = malloc((rows->cls.n + 1) * sizeof *map);

        memset(c, 0, sizeof *c);
        c->names = malloc((rows->cls.n + 1) * sizeof *c->names);
        if (!map || !c->names) {
                free(map);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        c->y = rows->y;
        c->e = rows->e;
        c->w = rows->w;
        c->arm = rows->arm;
        c->cl = rows->cl;
        rows->y = rows->e = rows->w = NULL;
        rows->arm = NULL;
        rows->cl = NULL;
        for (size_t g = 0; g < rows->cls.n; g++)
                map[g] = (size_t)-1;
        for (size_t i = 0; i < rows->n; i++) {
                size_t g = c->cl[i];

                if (!(c->w[i] > 0))
                        continue;
                if (map[g] == (size_t)-1) {
                        map[g] = c->G;
                        c->names[c->G++] = rows->cls.names[g];
                }
                c->y[c->n] = c->y[i];
                if (c->e)
                        c->e[c->n] = c->e[i];
                c->w[c->n] = c->w[i];
                c->arm[c->n] = c->arm[i];
                c->cl[c->n++] = map[g];
        }
        free(map);
        k = c->e ? merge_cluster_rows(c->y, c->e, c->w, c->arm, c->cl, c->n)
                 : merge_cluster_samples(c->y, c->w, c->arm, c->cl, c->n);
        c->n = k;
        if (c->n == (size_t)-1) {
                c->n = 0;
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        return FK_OK;
}

/* Survival outcome: Lin–Wei robust Cox and randomization inference on the
 * log hazard ratio into r->cox_cl; the clusters and the randomization p
 * also into r->cl, whose ICC, CR2 and wild bootstrap stay NaN. */
static int cox_cluster_result(struct fk_outcome_result *r);

static int cox_cluster(const struct cluster_rows *c,
                       const struct fk_compare_spec *o,
                       struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_coxcluster_data d = { c->y, c->e, c->w, c->arm, c->cl, c->n,
                                        c->G };
        struct fk_coxcluster_result *x = &r->cox_cl;
        int rc = fk_coxcluster_robust(&d, o->ties, o->conf, x, err);

        if (!rc)
                rc = fk_coxcluster_randomization(&d, o->ties, (size_t)o->reps,
                                                 o->seed, x, err);
        return rc ? rc : cox_cluster_result(r);
}

/* The clusters and the randomization p of r->cox_cl also into r->cl, and
 * the notes on the hazard ratio. */
static int cox_cluster_result(struct fk_outcome_result *r)
{
        struct fk_coxcluster_result *x = &r->cox_cl;
        struct fk_cluster_result *k = &r->cl;

        k->clusters[0] = x->clusters[0];
        k->clusters[1] = x->clusters[1];
        k->icc = k->design_effect = k->estimate = k->se = k->df = NAN;
        k->ci[0] = k->ci[1] = k->p_value = k->wild_p = NAN;
        k->wild_reps = 0;
        k->wild_weights = NULL;
        k->ri_p = x->ri_p;
        k->ri_assignments = x->ri_assignments;
        k->ri_exact = x->ri_exact;
        if (isinf(x->beta))
                fk_result_note_of(r, FK_NOTE_HR_INFINITE, 0, 0, 0, NULL);
        else if (!isfinite(x->se))
                fk_result_note_of(r, FK_NOTE_HR_NO_EVENTS, 0, 0, 0, NULL);
        if (x->clusters[0] + x->clusters[1] < 30)
                fk_result_note_of(r, FK_NOTE_LIN_WEI_FEW,
                                  (double)(x->clusters[0] + x->clusters[1]),
                                  0, 0, NULL);
        return FK_OK;
}

/* Order of the per-cluster table: trial arm first, then by name. */
static int cmp_cluster_row(const void *pa, const void *pb)
{
        const struct fk_cluster_row *x = pa, *y = pb;

        if (x->arm != y->arm)
                return x->arm == FK_TRIAL ? -1 : 1;
        return strcmp(x->name, y->name);
}

/* One cluster's own per-person statistic from its rows idx[0..k). */
static int cluster_stat(const struct cluster_rows *c, const size_t *idx,
                        size_t k, const struct fk_outcome_result *r,
                        const struct fk_compare_spec *o, double *xs,
                        double *es, double *ws, struct fk_cluster_row *row,
                        struct fk_error *err)
{
        double n = 0, x = 0;
        int rc = FK_OK;

        for (size_t i = 0; i < k; i++) {
                xs[i] = c->y[idx[i]];
                if (c->e)
                        es[i] = c->e[idx[i]];
                ws[i] = c->w[idx[i]];
                n += ws[i];
                x += ws[i] * xs[i];
        }
        row->n = n;
        row->events = NAN;
        row->estimate = row->ci[0] = row->ci[1] = NAN;
        if (r->type == FK_TYPE_BINARY) {
                row->method = "wilson";
                row->estimate = x / n;
                rc = fk_prop_wilson_ci(x, n, o->conf, &row->ci[0],
                                       &row->ci[1], err);
        } else if (r->type == FK_TYPE_SURVIVAL) {
                struct fk_km km;

                row->method = "km_median";
                rc = fk_km_fit(xs, es, ws, k, o->conf, o->km_ci, &km, err);
                if (!rc) {
                        row->events = km.events;
                        row->estimate = km.median;
                        row->ci[0] = km.median_ci[0];
                        row->ci[1] = km.median_ci[1];
                        fk_km_release(&km);
                }
        } else {
                struct fk_sample_summary sm;

                row->method = "t";
                rc = fk_sample_summary(xs, ws, k, o->conf, &sm, err);
                if (!rc) {
                        row->estimate = sm.mean;
                        row->ci[0] = sm.ci[0];
                        row->ci[1] = sm.ci[1];
                }
        }
        return rc;
}

/* The per-municipality table r->clusters from the collected rows. */
static int cluster_table(const struct cluster_rows *c,
                         struct fk_outcome_result *r,
                         const struct fk_compare_spec *o,
                         struct fk_error *err)
{
        size_t G = c->G, *start = calloc(G + 1, sizeof *start);
        size_t *idx = malloc((c->n + 1) * sizeof *idx);
        size_t *fill = calloc(G + 1, sizeof *fill);
        double *xs = NULL, *es = NULL, *ws = NULL;
        struct fk_cluster_row *rows = calloc(G + 1, sizeof *rows);
        int rc = FK_OK;
        size_t made = 0, most = 0;

        if (!start || !idx || !fill || !rows) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        /* counting sort of the rows by cluster */
        for (size_t i = 0; i < c->n; i++)
                start[c->cl[i] + 1]++;
        for (size_t g = 0; g < G; g++) {
                if (start[g + 1] > most)
                        most = start[g + 1];
                start[g + 1] += start[g];
        }
        /* one cluster's rows at a time: the largest cluster's room */
        xs = malloc((most + 1) * sizeof *xs);
        es = c->e ? malloc((most + 1) * sizeof *es) : NULL;
        ws = malloc((most + 1) * sizeof *ws);
        if (!xs || (c->e && !es) || !ws) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t i = 0; i < c->n; i++)
                idx[start[c->cl[i]] + fill[c->cl[i]]++] = i;
        for (size_t g = 0; g < G && !rc; g++) {
                size_t k = start[g + 1] - start[g];

                if (k == 0)
                        continue;
                rows[made].arm = c->arm[idx[start[g]]] ? FK_CONTROL : FK_TRIAL;
                if (!(rows[made].name = strdup(c->names[g]))) {
                        rc = fk_error_set(err, FK_ENOMEM, NULL, 0,
                                          "out of memory");
                        break;
                }
                rc = cluster_stat(c, idx + start[g], k, r, o, xs, es, ws,
                                  &rows[made++], err);
        }
        if (rc)
                goto done;
        qsort(rows, made, sizeof *rows, cmp_cluster_row);
        r->clusters = rows;
        r->nclusters = made;
        rows = NULL;
done:
        if (rows)
                for (size_t i = 0; i < made; i++)
                        free(rows[i].name);
        free(rows);
        free(start);
        free(idx);
        free(fill);
        free(xs);
        free(es);
        free(ws);
        return rc;
}

/* Keyed rows (survkeys.c; time to job): the clusters are the numbered
 * ones, each with people in one arm (checked while collecting), so the
 * numbering is the one cluster_rows_from gives; the statistics read the
 * sorted keys. */
static int cox_cluster_keyed(const struct outcome_rows *rows,
                             const struct fk_compare_spec *o,
                             struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_coxcluster_keys d;
        struct fk_coxcluster_result *x = &r->cox_cl;
        int rc;

        survkeys_view(rows, &d);
        rc = fk_coxcluster_robust_keys(&d, o->ties, o->conf, x, err);
        if (!rc)
                rc = fk_coxcluster_randomization_keys(&d, o->ties,
                                                      (size_t)o->reps,
                                                      o->seed, x, err);
        return rc ? rc : cox_cluster_result(r);
}

/* Each cluster's Kaplan–Meier curve from one pass over the keys (the
 * clusters with keep[g] holding their steps); ks has G curves. */
static int keyed_curves(const struct fk_coxcluster_keys *d,
                        const struct fk_compare_spec *o, const double *people,
                        const unsigned char *keep, struct fk_km_stream *ks,
                        double *dc, size_t *touched, struct fk_error *err)
{
        size_t G = d->G, n = d->n, nt;
        int rc = FK_OK;

        for (size_t g = 0; g < G && !rc; g++)
                rc = fk_km_stream_init(&ks[g], people[g], o->conf, o->km_ci,
                                       NULL, 0, keep[g], err);
        for (size_t i = 0, j; i < n && !rc; i = j) {
                uint64_t m = fk_coxcluster_key(d, i) >> 32, q;

                nt = 0;
                for (j = i; j < n && (q = fk_coxcluster_key(d, j)) >> 32 == m;
                     j++) {
                        size_t g = (size_t)((q >> 2) & 0x3fffffffu);

                        if (!(dc[2 * g] > 0) && !(dc[2 * g + 1] > 0))
                                touched[nt++] = g;
                        dc[2 * g + !(q & 2)] += 1;
                }
                for (size_t r = 0; r < nt; r++) {
                        size_t g = touched[r];

                        if (!rc)
                                rc = fk_km_stream_step(&ks[g],
                                        (double)m / d->scale, dc[2 * g],
                                        dc[2 * g + 1], err);
                        dc[2 * g] = dc[2 * g + 1] = 0;
                }
        }
        return rc;
}

/* The per-municipality table of a keyed time to job. */
static int cluster_table_keyed(const struct outcome_rows *rows,
                               struct fk_outcome_result *r,
                               const struct fk_compare_spec *o,
                               struct fk_error *err)
{
        size_t G = rows->cls.n, made = 0;
        struct fk_km_stream *ks = calloc(G + 1, sizeof *ks);
        struct fk_cluster_row *out = calloc(G + 1, sizeof *out);
        double *people = calloc(G + 1, sizeof *people);
        double *dc = calloc(2 * G + 1, sizeof *dc);
        size_t *touched = malloc((G + 1) * sizeof *touched);
        unsigned char *keep = calloc(G + 1, 1), *arm = calloc(G + 1, 1);
        struct fk_coxcluster_keys d;
        int rc = FK_OK, again = 0;

        if (!ks || !out || !people || !dc || !touched || !keep || !arm) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        survkeys_view(rows, &d);
        for (size_t i = 0; i < d.n; i++) {
                uint64_t q = fk_coxcluster_key(&d, i);
                size_t g = (size_t)((q >> 2) & 0x3fffffffu);

                people[g] += 1;
                arm[g] = (unsigned char)(q & 1);
        }
        for (int pass = 0; pass < 2 && !rc; pass++) {
                again = 0;
                rc = keyed_curves(&d, o, people, keep, ks, dc, touched, err);
                for (size_t g = 0; g < G && !rc; g++) {
                        struct fk_km km;
                        int redo;

                        if (pass && !keep[g])
                                continue;
                        rc = fk_km_stream_end(&ks[g], &km, &redo, err);
                        if (rc || redo) {
                                keep[g] = 1;
                                again = 1;
                                continue;
                        }
                        out[g].n = people[g];
                        out[g].events = km.events;
                        out[g].estimate = km.median;
                        out[g].ci[0] = km.median_ci[0];
                        out[g].ci[1] = km.median_ci[1];
                        fk_km_release(&km);
                }
                for (size_t g = 0; g < G; g++)
                        fk_km_stream_release(&ks[g]);
                if (!again)
                        break;
        }
        for (size_t g = 0; g < G && !rc; g++) {
                struct fk_cluster_row *row = &out[made++];

                *row = out[g];
                row->arm = arm[g] ? FK_CONTROL : FK_TRIAL;
                row->method = "km_median";
                if (!(row->name = strdup(rows->cls.names[g])))
                        rc = fk_error_set(err, FK_ENOMEM, NULL, 0,
                                          "out of memory");
        }
        if (rc)
                goto done;
        qsort(out, made, sizeof *out, cmp_cluster_row);
        r->clusters = out;
        r->nclusters = made;
        out = NULL;
done:
        if (out)
                for (size_t g = 0; g < made; g++)
                        free(out[g].name);
        free(out);
        free(ks);
        free(people);
        free(dc);
        free(touched);
        free(keep);
        free(arm);
        return rc;
}

/* The verdict follows the design: with clusters it judges by the
 * cluster-level interval (CR2, or Lin–Wei for time to job); the
 * individual-level verdict stays as the secondary one. */
static void verdict_on_clusters(struct fk_outcome_result *r,
                                const struct fk_compare_spec *o)
{
        struct fk_verdict *v = &r->verdict;

        v->few_clusters = r->cl.clusters[0] < 5 || r->cl.clusters[1] < 5;
        v->ri_p = r->cl.ri_p;
        if (r->type == FK_TYPE_SURVIVAL)
                fk_verdict_judge_log_z(v, FK_BASIS_LIN_WEI, r->cox_cl.hr,
                                       r->cox_cl.se, r->cox_cl.ci, o->better);
        else
                fk_verdict_judge_t(v, FK_BASIS_CR2, r->cl.estimate, r->cl.se,
                                   r->cl.df, r->cl.ci, o->better);
        if (v->result == FK_V_NONE || isnan(v->ci[0]) || isnan(v->ci[1]))
                fk_result_note_of(r, FK_NOTE_NO_CLUSTER_INTERVAL, 0, 0, 0,
                                  NULL);
        else if (v->result != v->individual_result)
                fk_result_note_of(r, FK_NOTE_INDIVIDUAL_VERDICT, 0, 0,
                                  (int)v->individual_result, NULL);
}

/* The cluster fields of r, the verdict and the note on few clusters. */
static void clustered_done(struct fk_outcome_result *r,
                           const struct fk_compare_spec *o,
                           const char *column, int detected)
{
        r->has_cluster = 1;
        r->cluster_detected = detected;
        snprintf(r->cluster, sizeof r->cluster, "%s", column);
        verdict_on_clusters(r, o);
        if (r->cl.clusters[0] < 5 || r->cl.clusters[1] < 5) {
                fk_result_note_of(r, FK_NOTE_FEW_CLUSTERS,
                                  (double)r->cl.clusters[0],
                                  (double)r->cl.clusters[1], 0, NULL);
                analyse_say(o, "warning: %s: fewer than 5 clusters on "
                            "a side (%zu trial, %zu control)",
                            r->outcome, r->cl.clusters[0],
                            r->cl.clusters[1]);
        }
}

static int clustered_keyed(const struct outcome_rows *rows,
                           const struct fk_compare_spec *o,
                           const char *column, int detected,
                           struct fk_outcome_result *r, struct fk_error *err)
{
        int rc;

        if (o->reps * (double)rows->cls.n > 2e9)
                analyse_say(o, "%s: %.0f resamples over %zu municipalities "
                            "for the wild bootstrap and randomization; this "
                            "takes minutes (a smaller --reps is faster)",
                            r->outcome, o->reps, rows->cls.n);
        rc = cox_cluster_keyed(rows, o, r, err);
        if (!rc)
                rc = cluster_table_keyed(rows, r, o, err);
        if (!rc)
                clustered_done(r, o, column, detected);
        return rc;
}

/* Lean rows (analyse/internal.h): each cluster's exact moments give the
 * totals of the cluster-level analysis and its row of the table, as the
 * entries give them (fk_cluster_compare_sums, fk_sample_summary_of). */
static int clustered_lean(const struct outcome_rows *rows,
                          const struct fk_compare_spec *o,
                          const char *column, int detected,
                          struct fk_outcome_result *r, struct fk_error *err)
{
        size_t G = rows->cls.n, made = 0;
        double *n = calloc(3 * G + 1, sizeof *n), *s = n + G, *ss = s + G;
        int *arm = calloc(G + 1, sizeof *arm);
        struct fk_cluster_row *tab = calloc(G + 1, sizeof *tab);
        struct fk_cluster_sums d = { n, s, ss, arm, G };
        int rc = FK_OK;

        if (!n || !arm || !tab) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t g = 0; g < G && !rc; g++) {
                const struct fk_moments *m = g < rows->ncm ? &rows->cm[g]
                                                           : NULL;
                struct fk_xsum sum = { { 0 }, NULL, 0, 0, 0 };

                if (!m || !(m->n > 0))
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "cluster %zu has no observations",
                                          g);
                else if (rows->carm[g] == 2)
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "cluster %zu holds both arms", g);
                if (rc)
                        break;
                n[g] = m->n;
                fk_moments_sum(m, &sum);
                s[g] = fk_xsum_round(&sum);
                if (sum.nomem ||
                    fk_moments_stats(m, NULL, NULL, NULL, &ss[g]))
                        rc = fk_error_set(err, FK_ENOMEM, NULL, 0,
                                          "out of memory");
                fk_xsum_release(&sum);
                arm[g] = rows->carm[g];
        }
        if (!rc && o->reps * (double)G > 2e9)
                analyse_say(o, "%s: %.0f resamples over %zu municipalities "
                            "for the wild bootstrap and randomization; this "
                            "takes minutes (a smaller --reps is faster)",
                            r->outcome, o->reps, G);
        if (!rc)
                rc = fk_cluster_compare_sums(&d, o->conf, (size_t)o->reps,
                                             o->seed, &r->cl, err);
        for (size_t g = 0; g < G && !rc; g++) {
                struct fk_cluster_row *row = &tab[made];
                struct fk_sample_summary sm;

                row->arm = arm[g] ? FK_CONTROL : FK_TRIAL;
                if (!(row->name = strdup(rows->cls.names[g]))) {
                        rc = fk_error_set(err, FK_ENOMEM, NULL, 0,
                                          "out of memory");
                        break;
                }
                made++;
                row->n = n[g];
                row->events = NAN;
                row->method = "t";
                rc = fk_sample_summary_of(&rows->cm[g], o->conf, &sm, err);
                row->estimate = rc ? NAN : sm.mean;
                row->ci[0] = rc ? NAN : sm.ci[0];
                row->ci[1] = rc ? NAN : sm.ci[1];
        }
        if (!rc) {
                qsort(tab, made, sizeof *tab, cmp_cluster_row);
                r->clusters = tab;
                r->nclusters = made;
                tab = NULL;
                clustered_done(r, o, column, detected);
        }
done:
        if (tab)
                for (size_t g = 0; g < made; g++)
                        free(tab[g].name);
        free(tab);
        free(n);
        free(arm);
        return rc;
}

int outcome_clustered(struct outcome_rows *rows,
                      const struct fk_compare_spec *o, const char *column,
                      int detected, struct fk_outcome_result *r,
                      struct fk_error *err)
{
        struct cluster_rows c;
        struct fk_cluster_data d;
        int rc;

        if (rows->keyed)
                return clustered_keyed(rows, o, column, detected, r, err);
        if (rows->lean)
                return clustered_lean(rows, o, column, detected, r, err);
        rc = cluster_rows_from(rows, &c, err);

        /* said on any stderr, not only a terminal's progress line */
        if (!rc && o->reps * (double)c.G > 2e9)
                analyse_say(o, "%s: %.0f resamples over %zu municipalities "
                            "for the wild bootstrap and randomization; this "
                            "takes minutes (a smaller --reps is faster)",
                            r->outcome, o->reps, c.G);

        if (!rc && r->type == FK_TYPE_SURVIVAL) {
                rc = cox_cluster(&c, o, r, err);
        } else if (!rc) {
                d = (struct fk_cluster_data){ c.y, c.w, c.arm, c.cl, c.n, c.G };
                rc = fk_cluster_compare(&d, o->conf, (size_t)o->reps, o->seed,
                                        &r->cl, err);
        }
        if (!rc)
                rc = cluster_table(&c, r, o, err);
        if (!rc)
                clustered_done(r, o, column, detected);
        cluster_rows_free(&c);
        return rc;
}
