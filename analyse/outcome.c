/* The individual-level analysis of one outcome from its collected rows:
 * per-arm counts, samples or durations handed to the statistics of stats/
 * (binary.c, numeric.c, timetojob.c), the Mantel–Haenszel analysis of
 * --strata, and the individual-level verdict.  Equal observations are
 * merged first (merge.h), so both input paths give the same bits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "analyse/merge.h"
#include "fkstat/binary.h"
#include "fkstat/numeric.h"
#include "fkstat/strata.h"
#include "fkstat/timetojob.h"

/* Mantel–Haenszel analysis of the strata of rows into r. */
static int stratify(const struct outcome_rows *rows,
                    const struct fk_compare_spec *o, const char *name,
                    struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_stratum *s = calloc(rows->strata.n + 1, sizeof *s);
        struct fk_stratified f;
        size_t both = 0;
        int rc;

        if (!s)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < rows->n; i++) {
                struct fk_stratum *z;

                if (!rows->st || rows->st[i] == NO_STRATUM)
                        continue;
                z = &s[rows->st[i]];
                if (rows->arm[i] == FK_TRIAL) {
                        z->x1 += rows->w[i] * rows->y[i];
                        z->n1 += rows->w[i];
                } else {
                        z->x2 += rows->w[i] * rows->y[i];
                        z->n2 += rows->w[i];
                }
        }
        if (rows->st_missing > 0)
                analyse_say(o, "%s: %.0f rows without a value in column '%s' "
                            "are left out of the stratified analysis",
                            r->outcome, rows->st_missing, name);
        rc = fk_stratified(s, rows->strata.n, o->conf, &f, err);
        for (size_t i = 0; i < rows->strata.n; i++)
                both += s[i].n1 > 0 && s[i].n2 > 0;
        free(s);
        if (rc)
                return rc;
        if (both == 0)
                fk_result_note_of(r, FK_NOTE_STRATA_NONE_MIXED, 0, 0, 0, name);
        else if (both < rows->strata.n)
                fk_result_note_of(r, FK_NOTE_STRATA_ONE_ARM,
                                  (double)(rows->strata.n - both),
                                  (double)rows->strata.n, 0, name);
        r->has_strata = 1;
        snprintf(r->strata, sizeof r->strata, "%s", name);
        r->nstrata = rows->strata.n;
        r->mh_or = f.mh_or;
        r->mh_or_ci[0] = f.mh_or_ci[0];
        r->mh_or_ci[1] = f.mh_or_ci[1];
        r->mh_rd = f.mh_rd;
        r->mh_rd_ci[0] = f.mh_rd_ci[0];
        r->mh_rd_ci[1] = f.mh_rd_ci[1];
        r->cmh = f.cmh;
        r->cmh_p = f.cmh_p;
        r->bd = f.bd;
        r->bd_p = f.bd_p;
        r->bd_df = f.bd_df;
        return FK_OK;
}

static int binary(const struct outcome_rows *rows,
                  const struct fk_compare_spec *o, const char *strata,
                  struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_binary_opts bo = { o->conf, o->rd_method, o->better,
                                     o->margin };
        double x[2] = { 0, 0 }, n[2] = { 0, 0 };

        for (size_t i = 0; i < rows->n; i++) {
                x[rows->arm[i]] += rows->w[i] * rows->y[i];
                n[rows->arm[i]] += rows->w[i];
        }
        if (strata && stratify(rows, o, strata, r, err))
                return err->code;
        return fk_binary_compare(x, n, &bo, r, err);
}

/* Per-arm copies of the rows' values (and events) with their weights,
 * merged. */
struct per_arm {
        double *y[2], *e[2], *w[2];
        size_t k[2];
};

static void per_arm_free(struct per_arm *p)
{
        for (int a = 0; a < 2; a++) {
                free(p->y[a]);
                free(p->e[a]);
                free(p->w[a]);
        }
}

/* The copies by arm, merged; the rows' own values, weights and arms are
 * released before the merge when nothing reads them after the
 * individual-level analysis (not clustered). */
static int split_arms(struct outcome_rows *rows, int events,
                      struct per_arm *p, struct fk_error *err)
{
        size_t k[2] = { 0, 0 };

        memset(p, 0, sizeof *p);
        for (size_t i = 0; i < rows->n; i++)
                k[rows->arm[i]]++;
        for (int a = 0; a < 2; a++) {   /* each arm its own size */
                p->y[a] = malloc((k[a] + 1) * sizeof(double));
                p->e[a] = events ? malloc((k[a] + 1) * sizeof(double))
                                 : NULL;
                p->w[a] = malloc((k[a] + 1) * sizeof(double));
                if (!p->y[a] || (events && !p->e[a]) || !p->w[a])
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        for (size_t i = 0; i < rows->n; i++) {
                int a = rows->arm[i];

                p->y[a][p->k[a]] = rows->y[i];
                if (events)
                        p->e[a][p->k[a]] = rows->e[i];
                p->w[a][p->k[a]++] = rows->w[i];
        }
        if (!rows->has_cl) {
                free(rows->y);
                free(rows->w);
                free(rows->arm);
                rows->y = rows->w = NULL;
                rows->arm = NULL;
        }
        for (int a = 0; a < 2; a++) {
                p->k[a] = events ? merge_durations(p->y[a], p->e[a], p->w[a],
                                                   p->k[a])
                                 : merge_samples(p->y[a], p->w[a], p->k[a]);
                if (p->k[a] == (size_t)-1)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        return FK_OK;
}

/* Whether every row stands for one person: the arms can then be sorted in
 * place and read so, with no merging and no copies (fk_sample.sorted). */
static int unit_weights(const struct outcome_rows *rows)
{
        for (size_t i = 0; i < rows->n; i++)
                if (islessgreater(rows->w[i], 1.0))
                        return 0;
        return 1;
}

/* Each arm's values y[a][0..k[a]) (every weight 1), sorted in place and
 * read so (fk_sample.sorted). */
static int numeric_arms(double *const y[2], const size_t k[2],
                        const double exposure[2],
                        const struct fk_numeric_opts *no,
                        struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_sample s[2];

        for (int a = 0; a < 2; a++) {
                fk_sort_values(y[a], k[a]);
                s[a] = (struct fk_sample){ y[a], NULL, k[a], exposure[a], 1 };
        }
        return fk_numeric_compare(s, no, r, err);
}

/* A count or continuous outcome of rows of weight 1: one array of values
 * per arm (8 bytes a row); the rows' own arrays are released first when
 * nothing reads them later (not clustered). */
static int numeric_sorted(struct outcome_rows *rows,
                          const struct fk_numeric_opts *no,
                          struct fk_outcome_result *r, struct fk_error *err)
{
        double *y[2];
        size_t k[2] = { 0, 0 };
        int rc;

        for (size_t i = 0; i < rows->n; i++)
                k[rows->arm[i]]++;
        y[0] = malloc((k[0] + 1) * sizeof(double));
        y[1] = malloc((k[1] + 1) * sizeof(double));
        if (!y[0] || !y[1]) {
                free(y[0]);
                free(y[1]);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        k[0] = k[1] = 0;
        for (size_t i = 0; i < rows->n; i++) {
                int a = rows->arm[i];

                y[a][k[a]++] = rows->y[i];
        }
        if (!rows->has_cl) {
                free(rows->y);
                free(rows->w);
                free(rows->arm);
                rows->y = rows->w = NULL;
                rows->arm = NULL;
        }
        rc = numeric_arms(y, k, rows->exposure, no, r, err);
        free(y[0]);
        free(y[1]);
        return rc;
}

/* Lean rows (analyse/internal.h): the arms' arrays themselves, released
 * after (the cluster-level analysis reads the clusters' moments). */
static int numeric_lean(struct outcome_rows *rows,
                        const struct fk_numeric_opts *no,
                        struct fk_outcome_result *r, struct fk_error *err)
{
        int rc = numeric_arms(rows->ay, rows->an, rows->exposure, no, r, err);

        for (int a = 0; a < 2; a++) {
                free(rows->ay[a]);
                rows->ay[a] = NULL;
                rows->an[a] = rows->acap[a] = 0;
        }
        return rc;
}

static int numeric(struct outcome_rows *rows,
                   const struct fk_compare_spec *o,
                   struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_numeric_opts no = {
                o->conf, o->better, o->margin, o->rd_method, o->top,
                o->has_levels, o->level_min, o->level_max
        };
        struct fk_sample s[2];
        struct per_arm p;
        int rc;

        if (rows->lean)
                return numeric_lean(rows, &no, r, err);
        if (r->type != FK_TYPE_ORDINAL && unit_weights(rows))
                return numeric_sorted(rows, &no, r, err);
        rc = split_arms(rows, 0, &p, err);
        for (int a = 0; a < 2 && !rc; a++)
                s[a] = (struct fk_sample){ p.y[a], p.w[a], p.k[a],
                                           rows->exposure[a], 0 };
        if (!rc)
                rc = fk_numeric_compare(s, &no, r, err);
        per_arm_free(&p);
        return rc;
}

static int durations(struct outcome_rows *rows,
                     const struct fk_compare_spec *o,
                     struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_survival_opts so = {
                o->conf, o->better, o->margin, o->km_ci, o->ties, o->at,
                o->nat, o->table
        };
        struct fk_durations d[2];
        struct per_arm p;
        int rc;

        if (rows->keyed) {      /* the sorted keys: no copy by arm */
                struct survkeys_cursor cu;
                struct fk_surv_source src;

                survkeys_source(rows, &cu, &src);
                return fk_survival_compare_source(&src, &so, r, err);
        }
        rc = split_arms(rows, 1, &p, err);

        for (int a = 0; a < 2 && !rc; a++)
                d[a] = (struct fk_durations){ p.y[a], p.e[a], p.w[a], p.k[a] };
        if (!rc)
                rc = fk_survival_compare(d, &so, r, err);
        per_arm_free(&p);
        return rc;
}

/* The verdict on the individual level: the interval of the verdict effect;
 * kept as the secondary verdict when the analysis is clustered. */
static void verdict_individual(struct fk_outcome_result *r)
{
        struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);

        v->basis = FK_BASIS_INDIVIDUAL;
        if (e) {
                v->estimate = e->estimate;
                v->ci[0] = e->ci[0];
                v->ci[1] = e->ci[1];
        }
        v->individual_result = v->result;
        v->individual_p_value = v->p_value;
}

int outcome_individual(struct outcome_rows *rows,
                       const struct fk_compare_spec *o, const char *strata,
                       struct fk_outcome_result *r, struct fk_error *err)
{
        int rc;

        if (r->type == FK_TYPE_BINARY)
                rc = binary(rows, o, strata, r, err);
        else if (r->type == FK_TYPE_SURVIVAL)
                rc = durations(rows, o, r, err);
        else
                rc = numeric(rows, o, r, err);
        if (!rc)
                verdict_individual(r);
        return rc;
}
